/* statements.c: every SQL statement the SQLite backend runs, in one place.
 *
 * Invariants: constant text with numbered parameters (?1, ?2, ...) only;
 * nothing is ever built from input.  Each text is prepared once per
 * connection and cached by its enum sq_id.  Emails are matched through
 * lower() on both sides (ASCII folding, as NOCASE does for handles). */
#include "sqlite_int.h"

#include "../store_search.h"

/* Column order read by member_read() in sqlite_members.c; pw_hash last so
 * only the *_auth lookup reads it. */
#define MEMBER_COLUMNS                                                               \
	"m.id, m.email, m.name, m.handle, m.type, m.country, m.specialty, m.grade, m.bio, " \
	"m.timezone, m.roles, m.confirmed, m.verified, m.suspended, m.created_at, m.pw_hash"
#define MEMBER_COLS "SELECT " MEMBER_COLUMNS " FROM members m "

/* Column order read by verif_read() in the verification file. */
#define VERIF_COLS                                                                                    \
	"SELECT v.id, v.member_id, v.authority, v.number, v.reg_name, v.name_key, v.note, v.status, v.reason, " \
	"v.created_at, v.decided_at, v.decided_by, m.name, m.handle, m.email, v.document, v.document_type, " \
	"v.document_name FROM verifications v JOIN members m ON m.id = v.member_id "

/* Forums.  A member's handle as shown: "" once the account is deleted. */
#define HANDLE(m) "CASE WHEN " m ".deleted_at IS NULL THEN " m ".handle ELSE '' END"
/* A section's place in enum store_section (the forums' order), and
 * whether the mask bound as `mask` holds it (the lists that span forums).
 * The mask test spells out each section's bit, so a group's forum or a
 * blog's ('group', 'blog', like any name it does not know) has no bit and
 * never matches, whatever the mask: STORE_SECTIONS_ALL holds those
 * sections' bits, yet a group's topics are reached through their group
 * only, and a blog's (its posts' comments) through its posts. */
#define SECTION_IDX(col)                                                                                    \
	"(CASE " col " WHEN 'open_clinical' THEN 0 WHEN 'closed_clinical' THEN 1 WHEN 'off_duty' THEN 2 "          \
	"WHEN 'group' THEN 3 WHEN 'blog' THEN 4 ELSE 5 END)"
#define SECTION_BIT(col) \
	"(CASE " col " WHEN 'open_clinical' THEN 1 WHEN 'closed_clinical' THEN 2 WHEN 'off_duty' THEN 4 ELSE 0 END)"
#define IN_SECTIONS(col, mask) "(" mask " & " SECTION_BIT(col) ") <> 0"
_Static_assert(STORE_SECTION_OPEN_CLINICAL == 0 && STORE_SECTION_CLOSED_CLINICAL == 1 &&
		       STORE_SECTION_OFF_DUTY == 2 && STORE_SECTION_GROUP == 3 && STORE_SECTION_BLOG == 4,
	       "SECTION_IDX and SECTION_BIT spell the sections' places");
/* ROLE_CHAMPION, as the literal 8 in the texts below. */
_Static_assert(ROLE_CHAMPION == 8, "the statements spell ROLE_CHAMPION as 8");
/* ROLE_BLOGGER, as the literal 4 in the blogs' texts. */
_Static_assert(ROLE_BLOGGER == 4, "the statements spell ROLE_BLOGGER as 4");

/* Column order read by forum_read() in sqlite_forums.c. */
#define FORUM_COLS                                                                                          \
	"SELECT f.id, f.slug, f.name, f.description, f.section, f.position, f.archived, f.topic_count, "  \
	"f.post_count, f.last_post_at, f.created_at FROM forums f "

/* Column order read by topic_read() in sqlite_forums.c; ?1 is the reader
 * (0: none), whose read mark gives seen and unread. */
#define TOPIC_COLS                                                                                            \
	"SELECT t.id, t.forum_id, t.author_id, t.title, a.name, " HANDLE("a") ", a.verified, f.slug, f.name, " \
	"f.section, t.created_at, t.last_post_at, t.last_post_id, t.reply_count, t.pinned, t.locked, "         \
	"t.deleted_at IS NOT NULL, coalesce(la.name, ''), "                                                    \
	"CASE WHEN la.deleted_at IS NULL THEN coalesce(la.handle, '') ELSE '' END, r.member_id IS NOT NULL, " \
	"?1 <> 0 AND (r.member_id IS NULL OR t.last_post_id > r.last_post_id), coalesce(r.last_post_id, 0), " \
	"t.version, (SELECT authors FROM cache_versions) "                                                     \
	"FROM topics t JOIN forums f ON f.id = t.forum_id JOIN members a ON a.id = t.author_id "              \
	"LEFT JOIN posts lp ON lp.id = t.last_post_id LEFT JOIN members la ON la.id = lp.author_id "          \
	"LEFT JOIN topic_reads r ON r.topic_id = t.id AND r.member_id = ?1 "

/* Column order read by sq_post_read() in sqlite_forums.c (24 columns);
 * ?1 is the reader, for `liked` (looked up only for a post with likes:
 * most have none).  A deleted post's text and image read as "".
 * POST_COLUMNS_AS(body) gives another expression for the Markdown
 * source: '' where no reader of the list uses it. */
#define POST_COLUMNS POST_COLUMNS_AS("CASE WHEN p.deleted_at IS NULL THEN p.body ELSE '' END")
#define POST_COLUMNS_AS(body)                                                                                 \
	"p.id, p.topic_id, p.author_id, a.name, " HANDLE("a") ", a.verified, a.roles, "                       \
	"CASE WHEN (a.roles & 8) <> 0 THEN EXISTS (SELECT 1 FROM forum_champions c "                          \
	"WHERE c.forum_id = t.forum_id AND c.member_id = p.author_id) ELSE 0 END, " body ", "                  \
	"CASE WHEN p.deleted_at IS NULL THEN p.body_html ELSE '' END, p.created_at, p.edited_at, p.edit_count, " \
	"p.like_count, p.deleted_at IS NOT NULL, p.hidden_at IS NOT NULL, p.pick, "                           \
	"CASE WHEN p.like_count > 0 THEN EXISTS (SELECT 1 FROM post_likes l WHERE l.post_id = p.id "           \
	"AND l.member_id = ?1) ELSE 0 END, p.confirmed, "                                                      \
	"p.number, t.forum_id, f.section, t.title, CASE WHEN p.deleted_at IS NULL THEN p.image ELSE '' END "
#define POST_FROM                                                                                             \
	"FROM posts p JOIN topics t ON t.id = p.topic_id JOIN forums f ON f.id = t.forum_id "                 \
	"JOIN members a ON a.id = p.author_id "

/* Column order read by flag_read() in sqlite_notify.c: the flag's 16,
 * then the post's (POST_COLUMNS, ?1 bound to 0). */
#define FLAG_COLS                                                                                             \
	"SELECT fl.id, fl.post_id, fl.reporter, r.name, " HANDLE("r") ", fl.reason, fl.note, fl.status, "     \
	"fl.decision_note, fl.created_at, coalesce(fl.decided_at, 0), coalesce(fl.decided_by, 0), t.id, "     \
	"t.forum_id, t.title, f.name, " POST_COLUMNS "FROM flags fl JOIN members r ON r.id = fl.reporter "    \
	"JOIN posts p ON p.id = fl.post_id JOIN topics t ON t.id = p.topic_id "                               \
	"JOIN forums f ON f.id = t.forum_id JOIN members a ON a.id = p.author_id "

/* A notification to member ?1 of kind ?2 by actor ?3 about topic ?4 and
 * post ?5 at ?6; none for a deleted (or unknown) member, nor about a
 * group's topic for anyone not in the group (a removed author is not
 * told of likes or moderation there). */
#define NOTIFY                                                                                                \
	"INSERT INTO notifications (member_id, kind, actor_id, topic_id, post_id, created_at) "               \
	"SELECT id, ?2, ?3, ?4, ?5, ?6 FROM members WHERE id = ?1 AND deleted_at IS NULL "                    \
	"AND NOT EXISTS (SELECT 1 FROM topics t JOIN forums f ON f.id = t.forum_id WHERE t.id = ?4 "         \
	"AND f.section = 'group' AND NOT EXISTS (SELECT 1 FROM group_members g WHERE g.group_id = f.id "      \
	"AND g.member_id = ?1)) "

/* Column order read by group_read() in sqlite_groups.c (21 columns); ?1
 * is the reader (0: none), whose role is the last column ("" for none).
 * A group has one owner row (the writes keep it so), so the owner's join
 * gives at most one row. */
#define GROUP_COLS                                                                                            \
	"SELECT f.id, f.slug, f.name, f.description, g.audience, g.clinical, g.status, g.requester_id, rq.name, " \
	HANDLE("rq") ", coalesce(o.member_id, 0), coalesce(om.name, ''), "                                     \
	"CASE WHEN om.deleted_at IS NULL THEN coalesce(om.handle, '') ELSE '' END, g.reason, g.decided_at, "   \
	"g.member_count, f.topic_count, f.post_count, f.last_post_at, g.created_at, coalesce(me.role, '') "    \
	"FROM groups g JOIN forums f ON f.id = g.forum_id JOIN members rq ON rq.id = g.requester_id "          \
	"LEFT JOIN group_members o ON o.group_id = g.forum_id AND o.role = 'owner' "                           \
	"LEFT JOIN members om ON om.id = o.member_id "                                                         \
	"LEFT JOIN group_members me ON me.group_id = g.forum_id AND me.member_id = ?1 "

/* Column order read by invitation_read() in sqlite_groups.c (14 columns).
 * An email invitation has no member until someone answers it. */
#define INVITATION_COLS                                                                                       \
	"SELECT i.id, i.group_id, coalesce(i.member_id, 0), i.inviter_id, i.email, coalesce(im.name, ''), "   \
	"CASE WHEN im.deleted_at IS NULL THEN coalesce(im.handle, '') ELSE '' END, iv.name, " HANDLE("iv")     \
	", i.status, i.created_at, f.slug, f.name, f.description FROM group_invitations i "                   \
	"JOIN groups g ON g.forum_id = i.group_id JOIN forums f ON f.id = i.group_id "                        \
	"JOIN members iv ON iv.id = i.inviter_id LEFT JOIN members im ON im.id = i.member_id "

/* Column order read by blog_read() in sqlite_blogs.c (11 columns): the
 * counts are of published posts (index blog_posts_blog). */
#define BLOG_COLS                                                                                             \
	"SELECT f.id, f.slug, f.name, f.description, b.owner_id, o.name, " HANDLE("o") ", o.verified, "        \
	"(SELECT count(*) FROM blog_posts p WHERE p.blog_id = b.forum_id AND p.status = 'published'), "       \
	"coalesce((SELECT max(p.published_at) FROM blog_posts p WHERE p.blog_id = b.forum_id "                \
	"AND p.status = 'published'), 0), b.created_at FROM blogs b JOIN forums f ON f.id = b.forum_id "      \
	"JOIN members o ON o.id = b.owner_id "

/* Column order read by application_read() in sqlite_blogs.c (14). */
#define BLOG_APP_COLS                                                                                         \
	"SELECT a.id, a.member_id, m.name, " HANDLE("m") ", m.verified, a.blog_title, a.about, a.sample, "     \
	"a.status, a.reason, a.created_at, a.decided_at, coalesce(a.blog_id, 0), coalesce(f.slug, '') "       \
	"FROM blogger_applications a JOIN members m ON m.id = a.member_id LEFT JOIN forums f ON f.id = a.blog_id "

/* Column order read by post_read() in sqlite_blogs.c (26 columns).  Tags
 * come sorted, joined by char(31) (a tag never holds it); shares sorted,
 * joined by commas (store.h).  The comments' count and lock are the
 * topic's. */
#define BLOG_POST_COLS                                                                                        \
	"SELECT p.id, p.blog_id, p.author_id, f.slug, f.name, a.name, " HANDLE("a") ", a.verified, p.slug, "   \
	"p.title, p.summary, p.body, p.body_html, p.cover, coalesce((SELECT group_concat(tag, char(31)) "      \
	"FROM (SELECT g.tag FROM blog_post_tags g WHERE g.post_id = p.id ORDER BY g.tag)), ''), p.status, "   \
	"p.publish_at, p.published_at, p.created_at, p.updated_at, p.edit_count, coalesce(p.topic_id, 0), "   \
	"coalesce(t.reply_count, 0), coalesce(t.locked, 0), p.featured_at, "                                 \
	"coalesce((SELECT group_concat(network, ',') FROM (SELECT s.network FROM blog_shares s "               \
	"WHERE s.post_id = p.id ORDER BY s.network)), '') FROM blog_posts p JOIN forums f ON f.id = p.blog_id " \
	"JOIN members a ON a.id = p.author_id LEFT JOIN topics t ON t.id = p.topic_id "
/* Which posts a list holds: ?1 a blog (0: any), ?2 a tag ('' any), the
 * status `st` and the featured test `ft`: ?3 and ?4 in general (a status,
 * featured only), literals in the public lists.  Compared with a partial
 * index's own condition (status = 'published', featured_at > 0), a bare
 * parameter makes SQLite's planner read its bound value, and then every
 * binding expires the statement: the home page's featured posts were
 * compiled again on every request, three fifths of its cost (callgrind).
 * The public lists spell the values, so their partial indexes serve them;
 * the others write +?3, an expression the planner does not look into.
 * The store tests check that no statement is compiled again
 * (store_fixture.h). */
#define BLOG_POSTS_WHERE_OF(st, ft)                                                                           \
	"WHERE (?1 = 0 OR p.blog_id = ?1) AND (?2 = '' OR EXISTS (SELECT 1 FROM blog_post_tags g "            \
	"WHERE g.post_id = p.id AND g.tag = ?2)) AND p.status = " st " AND " ft " "
#define BLOG_POSTS_WHERE BLOG_POSTS_WHERE_OF("+?3", "(?4 = 0 OR p.featured_at > 0)")
#define BLOG_POSTS_PUBLIC BLOG_POSTS_WHERE_OF("'published'", "(?4 = 0 OR p.featured_at > 0)")

/* The library (sqlite_library.c).  Column order read by collection_read():
 * item_count counts the live items in the collection, whatever their
 * access. */
#define LIB_COLL_COLS                                                                                         \
	"SELECT c.id, c.slug, c.name, c.about, c.position, (SELECT count(*) FROM library_item_collections ic "  \
	"JOIN library_items i ON i.id = ic.item_id WHERE ic.collection_id = c.id AND i.withdrawn_at = 0), "    \
	"c.created_at, c.updated_at FROM library_collections c "
/* Column order read by item_read(): the item (body and body_html given,
 * '' in lists), its collections' ids by the collections' order (joined by
 * ','), then its current file (the newest version of slot 0; NULLs when
 * none). */
#define LIB_ITEM_COLS(body, html)                                                                             \
	"SELECT i.id, i.slug, i.kind, i.title, i.authors, i.about, " body ", " html ", i.access, i.cover, "     \
	"i.published_on, i.isbn, i.withdrawn_at, i.downloads, i.created_by, i.created_at, i.updated_at, "      \
	"(SELECT group_concat(x.collection_id, ',') FROM (SELECT ic.collection_id FROM library_item_collections " \
	"ic JOIN library_collections lc ON lc.id = ic.collection_id WHERE ic.item_id = i.id "                  \
	"ORDER BY lc.position, lc.name COLLATE NOCASE, lc.id) x), "                                            \
	"f.id, f.item_id, f.slot, f.version, f.name, f.sha256, f.mime, f.size, f.created_by, f.created_at "            \
	"FROM library_items i LEFT JOIN library_files f ON f.id = (SELECT g.id FROM library_files g "          \
	"WHERE g.item_id = i.id AND g.slot = 0 ORDER BY g.version DESC LIMIT 1) "
/* Which items a list holds: ?1 an FTS5 query over library_fts (made by
 * sq_search_match from the words; '' any), ?2 a collection (0 any), ?3
 * the mask of access levels (1 << enum store_library_access), ?4
 * withdrawn ones too, ?5 a kind ('' any). */
#define LIB_ITEMS_WHERE                                                                                       \
	"WHERE (?1 = '' OR i.id IN (SELECT rowid FROM library_fts WHERE library_fts MATCH ?1)) "                \
	"AND (?2 = 0 OR EXISTS (SELECT 1 FROM library_item_collections ic WHERE ic.collection_id = ?2 "         \
	"AND ic.item_id = i.id)) AND (?3 & CASE i.access WHEN 'public' THEN 1 WHEN 'members' THEN 2 "            \
	"WHEN 'doctors' THEN 4 ELSE 0 END) <> 0 AND (?4 OR i.withdrawn_at = 0) AND (?5 = '' OR i.kind = ?5) "
_Static_assert(STORE_LIB_PUBLIC == 0 && STORE_LIB_MEMBERS == 1 && STORE_LIB_DOCTORS == 2,
	       "LIB_ITEMS_WHERE spells the access levels' bits");
/* Search (sqlite_search.c): the pieces its statements share.  A forum is
 * seen when its section is in ?2 and it is not archived (as
 * SQ_TOPIC_LATEST), or it is a group's whose id is in ?3; ?4..?7 the
 * reader's filters; the window is the newest matches, by rowid. */
#define SEARCH_SEEN(f)                                                                                        \
	"((" f ".archived = 0 AND " IN_SECTIONS(f ".section", "?2") ") OR (" f ".section = 'group' AND " f      \
	".id IN (SELECT value FROM json_each(?3)))) "
#define SEARCH_IN(col) "(?4 = 0 OR " col " = ?4) "
#define SEARCH_BY(col) "(?5 = 0 OR " col " = ?5) "
#define SEARCH_WHEN(col) "(?6 = 0 OR " col " >= ?6) AND (?7 = 0 OR " col " < ?7) "
#define SEARCH_NEWEST(fts) "ORDER BY " fts ".rowid DESC LIMIT " STORE_SEARCH_WINDOW_SQL
/* The ids a date filter leaves (sqlite_search.c, id_bounds): ?9 to ?10. */
#define SEARCH_IDS(col) "AND " col " BETWEEN ?9 AND ?10 "
#define SEARCH_NO_IDS "AND ?9 = ?9 AND ?10 = ?10 "
/* Marks as sqlite_search.c takes them apart: a byte no UTF-8 text holds
 * after each, so a stored \x01 or \x02 is never read as one. */
#define SEARCH_SNIPPET(fts, col) "snippet(" fts ", " col ", x'01ff', x'02ff', '\xe2\x80\xa6', 30)"

#define LIB_FILE_COLS                                                                                         \
	"SELECT f.id, f.item_id, f.slot, f.version, f.name, f.sha256, f.mime, f.size, f.created_by, "          \
	"f.created_at FROM library_files f "

/* The mail queue (sqlite_mail.c, pg_mail.c): the columns mail_read() reads. */
#define MAIL_COLUMNS                                                                                          \
	"id, member_id, kind, address, subject, body_text, body_html, unsubscribe, status, attempts, next_at, " \
	"created_at, sent_at, last_error"

/* Mail events (mail-notify): the selects every event statement shares;
 * columns as read by event_read() in sqlite_mail_events.c. */
#define MAIL_NOTIF_EVENT                                                                                    \
	"SELECT n.id, CASE n.kind WHEN 'reply' THEN 1 WHEN 'mention' THEN 2 ELSE 5 END, n.actor_id, "        \
	"coalesce(a.name, ''), t.title, n.kind, n.topic_id, n.post_id, 0, "                                  \
	"CASE WHEN f.section = 'group' THEN f.id ELSE 0 END, t.forum_id, f.section, "                          \
	"CASE WHEN n.post_id > 0 THEN '/p/' || n.post_id ELSE '/t/' || n.topic_id END, n.created_at, "        \
	"n.read_at IS NOT NULL, n.member_id FROM notifications n JOIN topics t ON t.id = n.topic_id "         \
	"JOIN forums f ON f.id = t.forum_id LEFT JOIN members a ON a.id = n.actor_id "                       \
	"LEFT JOIN posts p ON p.id = n.post_id "
#define MAIL_NOTIF_LIVE "t.deleted_at IS NULL AND (p.id IS NULL OR p.deleted_at IS NULL AND p.hidden_at IS NULL) "
#define MAIL_MESSAGE_EVENT                                                                                   \
	"SELECT m.id, 3, m.author_id, coalesce(a.name, ''), c.subject, '', 0, 0, m.conversation_id, 0, 0, '', " \
	"'/messages/' || m.conversation_id, m.created_at, cm.unread = 0, cm.member_id FROM messages m "      \
	"JOIN conversations c ON c.id = m.conversation_id JOIN conversation_members cm "                    \
	"ON cm.conversation_id = m.conversation_id AND cm.member_id <> m.author_id AND cm.left_at IS NULL "   \
	"AND cm.muted = 0 AND cm.joined_at <= m.created_at AND m.removed_at IS NULL "                       \
	"LEFT JOIN members a ON a.id = m.author_id "
#define MAIL_INVITATION_EVENT                                                                                \
	"SELECT i.id, 4, i.inviter_id, coalesce(a.name, ''), f.name, '', 0, 0, 0, i.group_id, i.group_id, "  \
	"'group', '/groups', i.created_at, i.status <> 'pending', i.member_id FROM group_invitations i "       \
	"JOIN forums f ON f.id = i.group_id LEFT JOIN members a ON a.id = i.inviter_id "

const char *const sq_sql[SQ_MAX] = {
	[SQ_BEGIN] = "BEGIN IMMEDIATE",
	/* store_read_begin's snapshot: deferred, so its read lock is taken
	 * by the first read and held until store_read_end. */
	[SQ_BEGIN_READ] = "BEGIN",
	[SQ_COMMIT] = "COMMIT",
	[SQ_ROLLBACK] = "ROLLBACK",
	[SQ_USER_VERSION] = "PRAGMA user_version",
	[SQ_PING] = "SELECT 1",

	/* rounds check (sq_check): the file's pages and indexes, the foreign
	 * keys, and each search index against its table (FTS5's own check;
	 * rank 1 compares the index with the external content, which FTS5
	 * otherwise trusts).  A failed FTS5 check is SQLITE_CORRUPT. */
	[SQ_CHECK_PAGES] = "PRAGMA integrity_check(100)",
	[SQ_CHECK_FOREIGN_KEYS] = "SELECT \"table\" || ' row ' || coalesce(rowid, '?') || ' names a missing ' || "
				  "parent || ' row' FROM pragma_foreign_key_check LIMIT 100",
#define FTS_CHECK(fts) "INSERT INTO " fts " (" fts ", rank) VALUES ('integrity-check', 1)"
	[SQ_CHECK_FTS_TOPICS] = FTS_CHECK("topics_fts"),
	[SQ_CHECK_FTS_POSTS] = FTS_CHECK("posts_fts"),
	[SQ_CHECK_FTS_BLOG_POSTS] = FTS_CHECK("blog_posts_fts"),
	[SQ_CHECK_FTS_LIBRARY] = FTS_CHECK("library_fts"),
	[SQ_CHECK_FTS_FORUMS] = FTS_CHECK("forums_fts"),
	[SQ_CHECK_FTS_MESSAGES] = FTS_CHECK("messages_fts"),
	[SQ_CHECK_FTS_MEMBERS] = FTS_CHECK("members_fts"),
	[SQ_CHECK_FTS_BLOG_COMMENTS] = FTS_CHECK("blog_comments_fts"),
#undef FTS_CHECK

	/* verified_at (dash-store): when a verified member became so, else 0. */
	[SQ_MEMBER_INSERT] = "INSERT INTO members (email, email_lower, name, handle, type, country, pw_hash, "
			     "roles, confirmed, verified, created_at, verified_at) "
			     "VALUES (?1, lower(?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, CASE WHEN ?9 THEN ?10 ELSE 0 END)",
	[SQ_MEMBER_CONFLICT] = "SELECT EXISTS (SELECT 1 FROM members WHERE email_lower = lower(?1)), "
			       "EXISTS (SELECT 1 FROM members WHERE handle = ?2)",
	[SQ_MEMBER_BY_ID] = MEMBER_COLS "WHERE id = ?1",
	[SQ_MEMBER_BY_HANDLE] = MEMBER_COLS "WHERE handle = ?1 AND deleted_at IS NULL",
	[SQ_MEMBER_BY_EMAIL] = MEMBER_COLS "WHERE email_lower = lower(?1)",
	[SQ_MEMBER_COUNT] = "SELECT count(*) FROM members WHERE deleted_at IS NULL",
	[SQ_MEMBER_PROFILE] = "UPDATE members SET name = ?2, country = ?3, specialty = ?4, grade = ?5, bio = ?6, "
			      "timezone = ?7 WHERE id = ?1",
	[SQ_MEMBER_PASSWORD] = "UPDATE members SET pw_hash = ?2 WHERE id = ?1",
	[SQ_MEMBER_ROLES] = "UPDATE members SET roles = ?2 WHERE id = ?1",
	[SQ_MEMBER_SUSPENDED] = "UPDATE members SET suspended = ?2 WHERE id = ?1",
	/* ?3 now: verified_at keeps the first time of a run of being verified. */
	[SQ_MEMBER_VERIFIED] = "UPDATE members SET verified_at = CASE WHEN ?2 = 0 THEN 0 WHEN verified = 1 AND "
			       "verified_at > 0 THEN verified_at ELSE ?3 END, verified = ?2 WHERE id = ?1",
	[SQ_MEMBER_CONFIRM] = "UPDATE members SET confirmed = 1 WHERE id = ?1",

	[SQ_VERIF_INSERT] = "INSERT INTO verifications (member_id, authority, number, reg_name, name_key, note, status, "
			    "created_at, document, document_type, document_name) "
			    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8, ?9, ?10)",
	[SQ_VERIF_LATEST] = VERIF_COLS "WHERE v.member_id = ?1 ORDER BY v.id DESC LIMIT 1",
	[SQ_VERIF_HISTORY] = VERIF_COLS "WHERE v.member_id = ?1 ORDER BY v.id LIMIT ?2",
	[SQ_VERIF_GET] = VERIF_COLS "WHERE v.id = ?1",
	[SQ_VERIF_QUEUE] = VERIF_COLS "WHERE v.status = 'pending' ORDER BY v.created_at, v.id LIMIT ?1 OFFSET ?2",
	/* Only a pending application can be decided, and only once. */
	[SQ_VERIF_DECIDE] = "UPDATE verifications SET status = ?2, reason = ?3, decided_by = ?4, decided_at = ?5 "
			    "WHERE id = ?1 AND status = 'pending' RETURNING member_id",

	/* The register import.  ?1..?6: authority, number, name, name_key,
	 * status, now. */
	[SQ_REGISTER_UPSERT] = "INSERT INTO register_entries (authority, number, name, name_key, status, imported_at) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (authority, number) DO UPDATE SET "
			       "name = excluded.name, name_key = excluded.name_key, status = excluded.status, "
			       "imported_at = excluded.imported_at",
	/* Pending applications a registered row confirms (?3: one application,
	 * or 0 for all); ?1 now, ?2 the reason recorded. */
	[SQ_REGISTER_APPROVE] = "UPDATE verifications SET status = 'approved', reason = ?2, decided_by = 0, decided_at = ?1 "
				"WHERE status = 'pending' AND name_key <> '' AND (?3 = 0 OR id = ?3) AND EXISTS ("
				"SELECT 1 FROM register_entries r WHERE r.authority = verifications.authority "
				"AND r.number = verifications.number AND r.status = 'registered' "
				"AND r.name_key = verifications.name_key) RETURNING member_id",
	/* Verified doctors whose approved application this import (?1) lists
	 * as erased or suspended: first the champions among them lose the
	 * role (it needs verification: roles.c), then all the verification,
	 * in the import's transaction. */
#define REGISTER_WITHDRAWN                                                                                    \
	"verified = 1 AND id IN (SELECT v.member_id FROM verifications v JOIN register_entries r "            \
	"ON r.authority = v.authority AND r.number = v.number "                                              \
	"WHERE v.status = 'approved' AND r.status IN ('erased', 'suspended') AND r.imported_at = ?1) "
	[SQ_REGISTER_UNCHAMPION] = "UPDATE members SET roles = roles & ~8 WHERE (roles & 8) <> 0 AND " REGISTER_WITHDRAWN
				   "RETURNING id",
	[SQ_REGISTER_WITHDRAW] = "UPDATE members SET verified = 0, verified_at = 0 WHERE " REGISTER_WITHDRAWN
				 "RETURNING id, email, name",

	/* The directory.  ?1 the FTS5 query (or unused), ?2..?5 country,
	 * specialty, grade, type ('' = any), ?6 limit, ?7 offset; the counts
	 * stop at ?8 (0: never).  Without words, a page walks one index of
	 * migration 25 in its order and stops, each holding every column the
	 * filters read: by specialty, grade or country when one is asked
	 * (SQ_DIR_BY, the first of them the C picks), else by name. */
#define DIR_WHERE "m.confirmed = 1 AND m.suspended = 0 AND (?2 = '' OR m.country = ?2) AND (?3 = '' OR m.specialty = ?3) AND (?4 = '' OR m.grade = ?4) AND (?5 = '' OR m.type = ?5) "
	[SQ_DIR_SEARCH] = "SELECT " MEMBER_COLUMNS " FROM members_fts JOIN members m ON m.id = members_fts.rowid "
			  "WHERE members_fts MATCH ?1 AND " DIR_WHERE "ORDER BY members_fts.rank, m.id DESC LIMIT ?6 OFFSET ?7",
	[SQ_DIR_SEARCH_COUNT] = "SELECT count(*) FROM (SELECT 1 FROM members_fts JOIN members m ON m.id = "
				"members_fts.rowid WHERE members_fts MATCH ?1 AND " DIR_WHERE "AND ?6 = ?6 AND ?7 = ?7 "
				"LIMIT CASE WHEN ?8 > 0 THEN ?8 ELSE -1 END)",
	[SQ_DIR_ALL] = "SELECT " MEMBER_COLUMNS " FROM members m WHERE ?1 = ?1 AND " DIR_WHERE
		       "ORDER BY m.name COLLATE NOCASE, m.id LIMIT ?6 OFFSET ?7",
	[SQ_DIR_ALL_COUNT] = "SELECT count(*) FROM (SELECT 1 FROM members m WHERE ?1 = ?1 AND " DIR_WHERE
			     "AND ?6 = ?6 AND ?7 = ?7 LIMIT CASE WHEN ?8 > 0 THEN ?8 ELSE -1 END)",
#define DIR_BY(col, p)                                                                                        \
	"SELECT " MEMBER_COLUMNS " FROM members m WHERE ?1 = ?1 AND m." col " = " p " AND " DIR_WHERE          \
	"ORDER BY m.name COLLATE NOCASE, m.id LIMIT ?6 OFFSET ?7",                                             \
	"SELECT count(*) FROM (SELECT 1 FROM members m WHERE ?1 = ?1 AND m." col " = " p " AND " DIR_WHERE     \
	"AND ?6 = ?6 AND ?7 = ?7 LIMIT CASE WHEN ?8 > 0 THEN ?8 ELSE -1 END)"
	[SQ_DIR_SPECIALTY] = DIR_BY("specialty", "?3"),
	[SQ_DIR_GRADE] = DIR_BY("grade", "?4"),
	[SQ_DIR_COUNTRY] = DIR_BY("country", "?2"),
#undef DIR_BY
#undef DIR_WHERE

	/* Connections.  The pair index makes a second request either way a
	 * conflict. */
	[SQ_CONN_INSERT] = "INSERT INTO connections (requester, addressee, status, created_at) VALUES (?1, ?2, 'pending', ?3)",
	[SQ_CONN_ACCEPT] = "UPDATE connections SET status = 'accepted', accepted_at = ?3 "
			   "WHERE requester = ?2 AND addressee = ?1 AND status = 'pending'",
	[SQ_CONN_DECLINE] = "DELETE FROM connections WHERE requester = ?2 AND addressee = ?1 AND status = 'pending'",
	[SQ_CONN_REMOVE] = "DELETE FROM connections WHERE (requester = ?1 AND addressee = ?2) "
			   "OR (requester = ?2 AND addressee = ?1)",
	[SQ_CONN_STATE] = "SELECT requester = ?1, status = 'accepted' FROM connections "
			  "WHERE (requester = ?1 AND addressee = ?2) OR (requester = ?2 AND addressee = ?1)",
	/* ?1 member, ?2 which (0 connected, 1 incoming, 2 outgoing), ?3 limit, ?4 offset. */
	[SQ_CONN_LIST] = MEMBER_COLS "JOIN connections c ON (c.requester = m.id AND c.addressee = ?1 AND "
			 "(?2 = 0 AND c.status = 'accepted' OR ?2 = 1 AND c.status = 'pending')) "
			 "OR (c.addressee = m.id AND c.requester = ?1 AND "
			 "(?2 = 0 AND c.status = 'accepted' OR ?2 = 2 AND c.status = 'pending')) "
			 "WHERE m.suspended = 0 ORDER BY CASE WHEN ?2 = 0 THEN m.name END COLLATE NOCASE, "
			 "c.created_at DESC, m.id LIMIT ?3 OFFSET ?4",

	/* Account deletion (?1 the member, ?2 now), in this order, in one
	 * transaction: personal data erased, links to others gone, every
	 * conversation left; their champion rows, watches, read marks and
	 * notifications gone; what they wrote stays. */
	[SQ_MEMBER_ERASE] = "UPDATE members SET deleted_at = ?2, email = 'deleted-' || id || '@invalid', "
			    "email_lower = 'deleted-' || id || '@invalid', name = 'Former member', handle = 'former_' || id, "
			    "country = '', specialty = '', grade = '', bio = '', timezone = '', pw_hash = '', roles = 0, "
			    "confirmed = 0, verified = 0, verified_at = 0, suspended = 0 WHERE id = ?1 AND deleted_at IS NULL",
	[SQ_ERASE_TOKENS] = "DELETE FROM tokens WHERE member_id = ?1 AND ?2 = ?2",
	[SQ_ERASE_SESSIONS] = "DELETE FROM sessions WHERE member_id = ?1 AND ?2 = ?2",
	[SQ_ERASE_CONNECTIONS] = "DELETE FROM connections WHERE (requester = ?1 OR addressee = ?1) AND ?2 = ?2",
	[SQ_ERASE_BLOCKS] = "DELETE FROM blocks WHERE (blocker = ?1 OR blocked = ?1) AND ?2 = ?2",
	/* The member's verification documents no other member's application
	 * names (the files go after the commit: sqlite_members.c). */
	[SQ_ERASE_DOCUMENTS] = "DELETE FROM uploads WHERE sha256 IN (SELECT document FROM verifications "
			       "WHERE member_id = ?1 AND document <> '') AND NOT EXISTS (SELECT 1 FROM verifications v "
			       "WHERE v.document = uploads.sha256 AND v.member_id <> ?1) AND NOT EXISTS (SELECT 1 FROM library_files lf "
			       "WHERE lf.sha256 = uploads.sha256) AND NOT EXISTS (SELECT 1 FROM library_items li "
			       "WHERE li.cover = uploads.sha256) AND ?2 = ?2 RETURNING sha256",
	[SQ_ERASE_VERIFICATIONS] = "DELETE FROM verifications WHERE member_id = ?1 AND ?2 = ?2",
	[SQ_ERASE_CONVERSATIONS] = "UPDATE conversation_members SET left_at = ?2, unread = 0 "
				   "WHERE member_id = ?1 AND left_at IS NULL",
	[SQ_ERASE_CHAMPIONS] = "DELETE FROM forum_champions WHERE member_id = ?1 AND ?2 = ?2",
	[SQ_ERASE_WATCHES] = "DELETE FROM topic_watches WHERE member_id = ?1 AND ?2 = ?2",
	[SQ_ERASE_READS] = "DELETE FROM topic_reads WHERE member_id = ?1 AND ?2 = ?2",
	[SQ_ERASE_NOTIFICATIONS] = "DELETE FROM notifications WHERE member_id = ?1 AND ?2 = ?2",

	/* Blocks. */
	[SQ_BLOCK_INSERT] = "INSERT INTO blocks (blocker, blocked, created_at) VALUES (?1, ?2, ?3)",
	[SQ_BLOCK_DELETE] = "DELETE FROM blocks WHERE blocker = ?1 AND blocked = ?2",
	[SQ_BLOCK_STATE] = "SELECT coalesce(max(blocker = ?1), 0), coalesce(max(blocker = ?2), 0) FROM blocks "
			   "WHERE (blocker = ?1 AND blocked = ?2) OR (blocker = ?2 AND blocked = ?1)",
	[SQ_BLOCK_LIST] = MEMBER_COLS "JOIN blocks b ON b.blocked = m.id WHERE b.blocker = ?1 "
			  "ORDER BY b.created_at DESC, m.id LIMIT ?2 OFFSET ?3",

	/* Private messages.  ?1 is the conversation, ?2 the member acting. */
	[SQ_CONV_INSERT] = "INSERT INTO conversations (subject, created_by, created_at, last_message_at) "
			   "VALUES (?1, ?2, ?3, ?3)",
	[SQ_CONV_ADD_MEMBER] = "INSERT INTO conversation_members (conversation_id, member_id, joined_at) VALUES (?1, ?2, ?3)",
	/* Another current member who blocked ?2 or whom ?2 blocked. */
	[SQ_CONV_BLOCKED] = "SELECT cm.member_id FROM conversation_members cm JOIN blocks b "
			    "ON (b.blocker = cm.member_id AND b.blocked = ?2) OR (b.blocker = ?2 AND b.blocked = cm.member_id) "
			    "WHERE cm.conversation_id = ?1 AND cm.left_at IS NULL AND cm.member_id <> ?2 LIMIT 1",
	[SQ_CONV_IS_MEMBER] = "SELECT 1 FROM conversation_members WHERE conversation_id = ?1 AND member_id = ?2 "
			      "AND left_at IS NULL",
	[SQ_MSG_INSERT] = "INSERT INTO messages (conversation_id, author_id, body, body_html, created_at) "
			  "VALUES (?1, ?2, ?3, ?4, ?5)",
	/* A new message from ?2: unread for every other current member, and
	 * everything read for its author. */
	[SQ_MSG_COUNT] = "UPDATE conversation_members SET unread = CASE WHEN member_id = ?2 THEN 0 ELSE unread + 1 END "
			 "WHERE conversation_id = ?1 AND left_at IS NULL",
	[SQ_CONV_TOUCH] = "UPDATE conversations SET last_message_at = ?2 WHERE id = ?1",
#define CONV_COLS "SELECT c.id, c.subject, c.created_by, c.created_at, c.last_message_at, cm.unread, cm.muted "
	[SQ_CONV_GET] = CONV_COLS "FROM conversations c JOIN conversation_members cm ON cm.conversation_id = c.id "
			"AND cm.member_id = ?2 AND cm.left_at IS NULL WHERE c.id = ?1",
	[SQ_CONV_MEMBERS] = MEMBER_COLS "JOIN conversation_members cm ON cm.member_id = m.id "
			    "WHERE cm.conversation_id = ?1 AND cm.left_at IS NULL ORDER BY cm.joined_at, m.id",
	/* ?1 reader, ?2 limit, ?3 offset; the last column names the others. */
	[SQ_CONV_LIST] = CONV_COLS ", (SELECT group_concat(name, ', ') FROM (SELECT m.name FROM conversation_members o "
			 "JOIN members m ON m.id = o.member_id WHERE o.conversation_id = c.id AND o.left_at IS NULL "
			 "AND o.member_id <> ?1 ORDER BY o.joined_at, m.id)) "
			 "FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id "
			 "WHERE cm.member_id = ?1 AND cm.left_at IS NULL ORDER BY c.last_message_at DESC, c.id DESC "
			 "LIMIT ?2 OFFSET ?3",
#undef CONV_COLS
	[SQ_CONV_COUNT] = "SELECT count(*) FROM conversation_members WHERE member_id = ?1 AND left_at IS NULL",
	/* ?3 the action (enum store_conv_action: 0 read, 1 mute, 2 unmute, 3 leave), ?4 now. */
	[SQ_CONV_ACT] = "UPDATE conversation_members SET unread = CASE WHEN ?3 IN (0, 3) THEN 0 ELSE unread END, "
			"muted = CASE ?3 WHEN 1 THEN 1 WHEN 2 THEN 0 ELSE muted END, "
			"left_at = CASE WHEN ?3 = 3 THEN ?4 END "
			"WHERE conversation_id = ?1 AND member_id = ?2 AND left_at IS NULL",
	/* ?1 conversation, ?2 before (0: newest), ?3 limit: the newest page, oldest first. */
	[SQ_CONV_MESSAGES] = "SELECT * FROM (SELECT msg.id, msg.conversation_id, msg.author_id, m.name, CASE WHEN m.deleted_at IS NULL THEN m.handle ELSE '' END, m.verified, "
			     "msg.body, msg.body_html, msg.created_at, msg.removed_at IS NOT NULL FROM messages msg "
			     "JOIN members m ON m.id = msg.author_id WHERE msg.conversation_id = ?1 "
			     "AND (?2 = 0 OR msg.id < ?2) ORDER BY msg.id DESC LIMIT ?3) ORDER BY 1",
	/* ?1 author, ?2 after, ?3 limit: columns as SQ_CONV_MESSAGES. */
	[SQ_MSG_BY_AUTHOR] = "SELECT msg.id, msg.conversation_id, msg.author_id, m.name, CASE WHEN m.deleted_at IS NULL THEN m.handle ELSE '' END, m.verified, "
			     "msg.body, msg.body_html, msg.created_at, msg.removed_at IS NOT NULL FROM messages msg "
			     "JOIN members m ON m.id = msg.author_id WHERE msg.author_id = ?1 AND msg.id > ?2 "
			     "ORDER BY msg.id LIMIT ?3",
	[SQ_MSG_UNREAD] = "SELECT coalesce(sum(unread), 0) FROM conversation_members "
			  "WHERE member_id = ?1 AND left_at IS NULL AND muted = 0",
	/* Only a current member who did not write it may report a message. */
	[SQ_REPORT_INSERT] = "INSERT INTO message_reports (message_id, reporter, reason, created_at) "
			     "SELECT msg.id, ?2, ?3, ?4 FROM messages msg JOIN conversation_members cm "
			     "ON cm.conversation_id = msg.conversation_id AND cm.member_id = ?2 AND cm.left_at IS NULL "
			     "WHERE msg.id = ?1 AND msg.author_id <> ?2 AND msg.removed_at IS NULL",
	[SQ_REPORT_QUEUE] = "SELECT r.id, r.message_id, r.reporter, rp.name, CASE WHEN rp.deleted_at IS NULL THEN rp.handle ELSE '' END, r.reason, r.status, r.note, "
			    "r.created_at, coalesce(r.decided_at, 0), coalesce(r.decided_by, 0), "
			    "msg.id, msg.conversation_id, msg.author_id, a.name, CASE WHEN a.deleted_at IS NULL THEN a.handle ELSE '' END, a.verified, msg.body, "
			    "msg.body_html, msg.created_at, msg.removed_at IS NOT NULL "
			    "FROM message_reports r JOIN members rp ON rp.id = r.reporter "
			    "JOIN messages msg ON msg.id = r.message_id JOIN members a ON a.id = msg.author_id "
			    "WHERE r.status = 'open' ORDER BY r.id LIMIT ?1 OFFSET ?2",
	/* ?2 status, ?3 note, ?4 editor, ?5 now. */
	[SQ_REPORT_DECIDE] = "UPDATE message_reports SET status = ?2, note = ?3, decided_by = ?4, decided_at = ?5 "
			     "WHERE id = ?1 AND status = 'open' RETURNING message_id",
	[SQ_MSG_REMOVE] = "UPDATE messages SET body = '', body_html = '', removed_at = ?2, removed_by = ?3 WHERE id = ?1",
	/* The other open reports of a removed message (?1), closed with it. */
	[SQ_REPORT_CLOSE] = "UPDATE message_reports SET status = 'removed', note = ?2, decided_by = ?3, decided_at = ?4 "
			    "WHERE message_id = ?1 AND status = 'open'",

	[SQ_TOKEN_INSERT] = "INSERT INTO tokens (hash, kind, member_id, expires_at) VALUES (?1, ?2, ?3, ?4)",
	/* One statement, so two takers can never both win. */
	[SQ_TOKEN_TAKE] = "UPDATE tokens SET used_at = ?3 "
			  "WHERE hash = ?1 AND kind = ?2 AND used_at IS NULL AND expires_at > ?3 "
			  "RETURNING member_id",
	[SQ_TOKEN_CHECK] = "SELECT member_id FROM tokens "
			   "WHERE hash = ?1 AND kind = ?2 AND used_at IS NULL AND expires_at > ?3",

	[SQ_SESSION_INSERT] = "INSERT INTO sessions (hash, member_id, bearer, created_at, expires_at) "
			      "VALUES (?1, ?2, ?3, ?4, ?5)",
	/* The member of a live session, in one statement: every signed-in
	 * request runs it.  Session columns follow the member's, then the
	 * unread messages and the unread notifications up to the cap, from
	 * notifications_unread alone (migration 19). */
	[SQ_SESSION_MEMBER] = "SELECT " MEMBER_COLUMNS ", s.expires_at, s.bearer, "
			      "(SELECT coalesce(sum(unread), 0) FROM conversation_members "
			      "WHERE member_id = m.id AND unread > 0 AND left_at IS NULL AND muted = 0), "
			      "(SELECT count(*) FROM (SELECT 1 FROM notifications WHERE member_id = m.id "
			      "AND read_at IS NULL LIMIT " STORE_UNREAD_CAP_SQL ")) FROM sessions s "
			      "JOIN members m ON m.id = s.member_id WHERE s.hash = ?1 AND s.expires_at > ?2",
	[SQ_SESSION_GET] = "SELECT member_id, expires_at, bearer FROM sessions WHERE hash = ?1 AND expires_at > ?2",
	[SQ_SESSION_DELETE] = "DELETE FROM sessions WHERE hash = ?1",
	[SQ_SESSION_DELETE_MEMBER] = "DELETE FROM sessions WHERE member_id = ?1",

	/* ?1 key, ?2 now, ?3 window.  A window runs from its first hit for
	 * `window` seconds; the SET expressions all see the old row. */
	[SQ_RATE_HIT] = "INSERT INTO rate_limits (key, window_start, window_len, count) VALUES (?1, ?2, ?3, 1) "
			"ON CONFLICT (key) DO UPDATE SET "
			"count = CASE WHEN window_start + window_len > ?2 THEN count + 1 ELSE 1 END, "
			"window_len = CASE WHEN window_start + window_len > ?2 THEN window_len ELSE ?3 END, "
			"window_start = CASE WHEN window_start + window_len > ?2 THEN window_start ELSE ?2 END "
			"RETURNING count, window_start + window_len",
	[SQ_RATE_PEEK] = "SELECT count, window_start + window_len FROM rate_limits "
			 "WHERE key = ?1 AND window_start + window_len > ?2",
	[SQ_RATE_CLEAR] = "DELETE FROM rate_limits WHERE key = ?1",
	[SQ_GC_SESSIONS] = "DELETE FROM sessions WHERE expires_at <= ?1",
	[SQ_GC_TOKENS] = "DELETE FROM tokens WHERE expires_at <= ?1 OR used_at IS NOT NULL",
	[SQ_GC_RATES] = "DELETE FROM rate_limits WHERE window_start + window_len <= ?1",

	[SQ_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
	/* The no-op update makes RETURNING give the value that was already
	 * there, so set-if-absent and read-back are one atomic statement. */
	[SQ_SETTING_INIT] = "INSERT INTO settings (key, value) VALUES (?1, ?2) "
			    "ON CONFLICT (key) DO UPDATE SET value = value RETURNING value",

	/* ?1 job, ?2 now, ?3 period: a row comes back only for the one caller
	 * that moved next_at forward. */
	[SQ_JOB_CLAIM] = "INSERT INTO jobs (name, next_at, runs) VALUES (?1, ?2 + ?3, 1) "
			 "ON CONFLICT (name) DO UPDATE SET next_at = ?2 + ?3, runs = runs + 1 "
			 "WHERE next_at <= ?2 RETURNING runs",
	/* ?1 an FTS5 query made from store_search_words (quoted prefix terms,
	 * all required), best first (bm25), then newest; ?2 limit, ?3 offset. */
	[SQ_MEMBER_SEARCH] = "SELECT " MEMBER_COLUMNS " FROM members_fts JOIN members m ON m.id = members_fts.rowid "
			     "WHERE members_fts MATCH ?1 ORDER BY members_fts.rank, m.id DESC LIMIT ?2 OFFSET ?3",

	/* Uploads: the file is on disk before its row is written, so a row
	 * never names a missing file; a second put of the same bytes keeps the
	 * first row. */
	[SQ_UPLOAD_INSERT] = "INSERT INTO uploads (sha256, mime, size, created_at) VALUES (?1, ?2, ?3, ?4) "
			     "ON CONFLICT (sha256) DO NOTHING",
	[SQ_UPLOAD_GET] = "SELECT mime, size, created_at FROM uploads WHERE sha256 = ?1",

	[SQ_AUDIT_INSERT] = "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",

	/* Forums.  The counts on forums and topics are moved by the writes, in
	 * their transactions (sqlite_forums2.c); lists never count. */
	[SQ_FORUM_INSERT] = "INSERT INTO forums (slug, name, description, section, position, created_at) "
			    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[SQ_FORUM_UPDATE] = "UPDATE forums SET name = ?2, description = ?3, position = ?4, archived = ?5 "
			    "WHERE id = ?1",
	/* Never a group's forum nor a blog's (store.h). */
	/* The three sections listed by name, for forums_section (migration
	 * 24): NOT IN ('group', 'blog') read every forum. */
	[SQ_FORUM_LIST] = FORUM_COLS "WHERE f.section IN ('open_clinical', 'closed_clinical', 'off_duty') AND (?1 OR f.archived = 0) ORDER BY " SECTION_IDX("f.section")
				     ", f.position, f.name, f.id",
	[SQ_FORUM_BY_SLUG] = FORUM_COLS "WHERE f.slug = ?1",
	[SQ_FORUM_BY_ID] = FORUM_COLS "WHERE f.id = ?1",
	[SQ_FORUM_STATE] = "SELECT archived, slug FROM forums WHERE id = ?1",
	/* ?2 topics and ?3 posts added (or taken, when negative); ?4 a post's
	 * time (0 leaves last_post_at as it is). */
	[SQ_FORUM_COUNTS] = "UPDATE forums SET topic_count = topic_count + ?2, post_count = post_count + ?3, "
			    "last_post_at = max(last_post_at, ?4) WHERE id = ?1",

	/* Champions: a row per forum, and the role bit on the member. */
	[SQ_CHAMPION_INSERT] = "INSERT INTO forum_champions (forum_id, member_id, created_at) VALUES (?1, ?2, ?3) "
			       "ON CONFLICT (forum_id, member_id) DO NOTHING",
	[SQ_CHAMPION_DELETE] = "DELETE FROM forum_champions WHERE forum_id = ?1 AND member_id = ?2",
	[SQ_CHAMPION_ROLE_SET] = "UPDATE members SET roles = roles | 8 WHERE id = ?1 AND deleted_at IS NULL",
	[SQ_CHAMPION_ROLE_CLEAR] = "UPDATE members SET roles = roles & ~8 WHERE id = ?1 "
				   "AND NOT EXISTS (SELECT 1 FROM forum_champions WHERE member_id = ?1)",
	[SQ_CHAMPION_LIST] = MEMBER_COLS "JOIN forum_champions c ON c.member_id = m.id WHERE c.forum_id = ?1 "
					 "AND (m.roles & 8) <> 0 ORDER BY m.name COLLATE NOCASE, m.id",
	[SQ_CHAMPION_IS] = "SELECT EXISTS (SELECT 1 FROM forum_champions c JOIN members m ON m.id = c.member_id "
			   "WHERE c.forum_id = ?1 AND c.member_id = ?2 AND (m.roles & 8) <> 0)",

	/* Topics.  ?1 is always the reader (TOPIC_COLS). */
	[SQ_TOPIC_INSERT] = "INSERT INTO topics (forum_id, author_id, title, created_at, last_post_at) "
			    "VALUES (?1, ?2, ?3, ?4, ?4)",
	[SQ_TOPIC_GET] = TOPIC_COLS "WHERE t.id = ?2",
	/* The page's ids first, from the index (topics_forum, migration 23):
	 * joined for each row, an OFFSET of 1,000 cost the joins of 1,020
	 * topics. */
	[SQ_TOPIC_LIST] = TOPIC_COLS "WHERE t.id IN (SELECT id FROM topics WHERE forum_id = ?2 AND deleted_at IS NULL "
				     "ORDER BY pinned DESC, last_post_at DESC, id DESC LIMIT ?3 OFFSET ?4) "
				     "ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC",
	[SQ_TOPIC_TOTAL] = "SELECT coalesce((SELECT topic_count FROM forums WHERE id = ?1), 0)",
	/* ?2 sections, ?3 unread only, ?4 since, ?5 limit, ?6 offset.  Unread:
	 * never read and active since ?4, or posts after the read mark.  The
	 * page's ids first, then only those rows join their authors and last
	 * posts; joined whole, SQLite read every forum's topics and sorted
	 * them all (700 ms at 100,000 topics).  The ids are two ordered
	 * walks merged: topics_latest newest first (CROSS JOIN keeps topics
	 * outermost; unread, never read, and it stops at ?4), and, unread,
	 * the reader's read marks with posts after them. */
	[SQ_TOPIC_LATEST] = TOPIC_COLS "WHERE t.id IN (SELECT id FROM (SELECT l.id, l.last_post_at AS at FROM topics l "
				       "CROSS JOIN forums lf ON lf.id = l.forum_id LEFT JOIN topic_reads lr "
				       "ON lr.topic_id = l.id AND lr.member_id = ?1 WHERE l.last_post_at >= CASE WHEN ?3 "
				       "THEN ?4 ELSE -9223372036854775807 - 1 END AND (?3 = 0 OR lr.member_id IS NULL) "
				       "AND l.deleted_at IS NULL AND lf.archived = 0 AND " IN_SECTIONS("lf.section", "?2")
				       " UNION ALL SELECT l.id, l.last_post_at FROM topic_reads lr CROSS JOIN topics l "
				       "ON l.id = lr.topic_id CROSS JOIN forums lf ON lf.id = l.forum_id WHERE ?3 <> 0 "
				       "AND lr.member_id = ?1 AND l.last_post_id > lr.last_post_id AND l.deleted_at IS NULL "
				       "AND lf.archived = 0 AND " IN_SECTIONS("lf.section", "?2")
				       " ORDER BY 2 DESC, 1 DESC LIMIT ?5 OFFSET ?6)) "
				       "ORDER BY t.last_post_at DESC, t.id DESC",
	/* ?2 author, ?3 sections, ?4 limit. */
	[SQ_TOPIC_BY_AUTHOR] = TOPIC_COLS "WHERE t.author_id = ?2 AND t.deleted_at IS NULL AND "
				IN_SECTIONS("f.section", "?3") " ORDER BY t.id DESC LIMIT ?4",
	/* What a write must know of a topic first (topic_state()). */
	[SQ_TOPIC_STATE] = "SELECT t.forum_id, t.author_id, t.locked, t.reply_count, t.last_post_at, "
			   "t.deleted_at IS NOT NULL, f.archived FROM topics t JOIN forums f ON f.id = t.forum_id "
			   "WHERE t.id = ?1",
	/* A new latest post ?2 at ?3; ?4 replies added. */
	[SQ_TOPIC_LAST] = "UPDATE topics SET last_post_id = ?2, last_post_at = ?3, reply_count = reply_count + ?4 "
			  "WHERE id = ?1",
	/* After a reply is deleted: one reply fewer, the latest live post again. */
	[SQ_TOPIC_RECOUNT] = "UPDATE topics SET reply_count = reply_count - 1, "
			     "last_post_id = coalesce((SELECT max(id) FROM posts WHERE topic_id = ?1 AND deleted_at IS NULL), 0), "
			     "last_post_at = coalesce((SELECT p.created_at FROM posts p WHERE p.topic_id = ?1 "
			     "AND p.deleted_at IS NULL ORDER BY p.id DESC LIMIT 1), created_at) WHERE id = ?1",
	[SQ_TOPIC_DELETE] = "UPDATE topics SET deleted_at = ?2, deleted_by = ?3 WHERE id = ?1",
	[SQ_TOPIC_TITLE] = "UPDATE topics SET title = ?2 WHERE id = ?1",
	/* ?2 pinned, ?3 locked: 0 or 1, or -1 to leave as is. */
	[SQ_TOPIC_FLAGS] = "UPDATE topics SET pinned = CASE WHEN ?2 < 0 THEN pinned ELSE ?2 END, "
			   "locked = CASE WHEN ?3 < 0 THEN locked ELSE ?3 END WHERE id = ?1",
	[SQ_TOPIC_MOVE] = "UPDATE topics SET forum_id = ?2 WHERE id = ?1",

	/* Posts.  A post's number is its topic's highest plus one (deleted
	 * posts keep theirs), inside the writer's transaction; a reply in a
	 * blog's topic is a comment (blog_comment, migration 18). */
	[SQ_POST_INSERT] = "INSERT INTO posts (topic_id, author_id, number, body, body_html, confirmed, created_at, "
			   "image, blog_comment) VALUES (?1, ?2, (SELECT coalesce(max(number), 0) + 1 FROM posts "
			   "WHERE topic_id = ?1), ?3, ?4, ?5, ?6, ?7, EXISTS (SELECT 1 FROM posts WHERE topic_id = ?1) "
			   "AND EXISTS (SELECT 1 FROM topics t JOIN forums f ON f.id = t.forum_id WHERE t.id = ?1 "
			   "AND f.section = 'blog'))",
	[SQ_POST_GET] = "SELECT " POST_COLUMNS POST_FROM "WHERE p.id = ?2",
	/* A page by number, not OFFSET: numbers run 1..N without gaps (see
	 * store_topic_posts), so a deep page reads only its own rows.  No
	 * Markdown source (body reads ""): the pages and the API show only
	 * body_html, so reading and copying the source was work for nothing. */
	[SQ_TOPIC_POSTS] = "SELECT " POST_COLUMNS_AS("''") POST_FROM "WHERE p.topic_id = ?2 AND p.number > ?4 "
			   "ORDER BY p.number LIMIT ?3",
	/* Whether member ?2 likes post ?1 (store_posts_liked). */
	[SQ_POST_LIKED] = "SELECT 1 FROM post_likes WHERE post_id = ?1 AND member_id = ?2",
	/* ?2 author, ?3 sections, ?4 limit. */
	[SQ_POST_EXPORT] = "SELECT " POST_COLUMNS POST_FROM "WHERE p.author_id = ?2 AND p.id > ?3 AND p.deleted_at IS NULL "
			   "ORDER BY p.id LIMIT ?4",
	[SQ_POST_BY_AUTHOR] = "SELECT " POST_COLUMNS POST_FROM "WHERE p.author_id = ?2 AND p.deleted_at IS NULL "
			      "AND t.deleted_at IS NULL AND " IN_SECTIONS("f.section", "?3") " ORDER BY p.id DESC LIMIT ?4",
	/* What a write must know of a post first (post_state()). */
	[SQ_POST_STATE] = "SELECT p.topic_id, p.author_id, p.number, p.deleted_at IS NOT NULL, t.forum_id, "
			  "t.reply_count, t.deleted_at IS NOT NULL FROM posts p JOIN topics t ON t.id = p.topic_id "
			  "WHERE p.id = ?1",
	/* The text a post had, kept before an edit replaces it. */
	[SQ_EDIT_INSERT] = "INSERT INTO post_edits (post_id, editor_id, body, edited_at) "
			   "SELECT id, ?2, body, ?3 FROM posts WHERE id = ?1 AND deleted_at IS NULL",
	/* ?6 a new image, or '' to keep the one it has. */
	[SQ_POST_UPDATE] = "UPDATE posts SET body = ?2, body_html = ?3, confirmed = ?4, edited_at = ?5, "
			   "edit_count = edit_count + 1, image = CASE WHEN ?6 = '' THEN image ELSE ?6 END WHERE id = ?1",
	[SQ_POST_HISTORY] = "SELECT e.id, e.post_id, e.editor_id, m.name, " HANDLE("m") ", e.body, e.edited_at "
			    "FROM post_edits e JOIN members m ON m.id = e.editor_id WHERE e.post_id = ?1 ORDER BY e.id DESC",
	[SQ_POST_DELETE] = "UPDATE posts SET deleted_at = ?2, deleted_by = ?3 WHERE id = ?1 AND deleted_at IS NULL",
	/* ?2 pick: 0 or 1, or -1 to leave; ?3 hidden: the same, ?4 now and ?5
	 * the actor recorded when it becomes hidden. */
	[SQ_POST_FLAGS] = "UPDATE posts SET pick = CASE WHEN ?2 < 0 THEN pick ELSE ?2 END, "
			  "hidden_at = CASE ?3 WHEN 1 THEN coalesce(hidden_at, ?4) WHEN 0 THEN NULL ELSE hidden_at END, "
			  "hidden_by = CASE ?3 WHEN 1 THEN coalesce(hidden_by, ?5) WHEN 0 THEN NULL ELSE hidden_by END "
			  "WHERE id = ?1",
	[SQ_LIKE_INSERT] = "INSERT INTO post_likes (post_id, member_id, created_at) "
			   "SELECT id, ?2, ?3 FROM posts WHERE id = ?1 AND deleted_at IS NULL",
	[SQ_LIKE_DELETE] = "DELETE FROM post_likes WHERE post_id = ?1 AND member_id = ?2",
	[SQ_POST_LIKES] = "UPDATE posts SET like_count = like_count + ?2 WHERE id = ?1 RETURNING author_id, topic_id",

	/* Reading and watching.  A read mark only moves forward. */
	[SQ_READ_UPSERT] = "INSERT INTO topic_reads (member_id, topic_id, last_post_id, read_at) "
			   "SELECT ?1, id, ?3, ?4 FROM topics WHERE id = ?2 ON CONFLICT (member_id, topic_id) "
			   "DO UPDATE SET last_post_id = max(last_post_id, excluded.last_post_id), read_at = excluded.read_at",
	[SQ_WATCH_INSERT] = "INSERT INTO topic_watches (member_id, topic_id, created_at) VALUES (?1, ?2, ?3) "
			    "ON CONFLICT (member_id, topic_id) DO NOTHING",
	[SQ_WATCH_DELETE] = "DELETE FROM topic_watches WHERE member_id = ?1 AND topic_id = ?2",
	[SQ_WATCH_IS] = "SELECT EXISTS (SELECT 1 FROM topic_watches WHERE member_id = ?1 AND topic_id = ?2)",

	/* Notifications (parameters as NOTIFY).  A mention is notified once
	 * per member and post; a like once per liker and post. */
	[SQ_NOTIFY] = NOTIFY,
	[SQ_NOTIFY_MENTION] = NOTIFY "AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.member_id = ?1 "
				     "AND n.post_id = ?5 AND n.kind = ?2)",
	[SQ_NOTIFY_LIKE] = NOTIFY "AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.member_id = ?1 "
				  "AND n.post_id = ?5 AND n.kind = ?2 AND n.actor_id = ?3)",
	/* A reply ?3 by ?2 in topic ?1 at ?4: every other watcher not already
	 * told of it as a mention. */
	[SQ_NOTIFY_WATCHERS] = "INSERT INTO notifications (member_id, kind, actor_id, topic_id, post_id, created_at) "
			       "SELECT w.member_id, 'reply', ?2, ?1, ?3, ?4 FROM topic_watches w "
			       "JOIN members m ON m.id = w.member_id WHERE w.topic_id = ?1 AND w.member_id <> ?2 "
			       "AND m.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM notifications n "
			       "WHERE n.member_id = w.member_id AND n.post_id = ?3 AND n.kind = 'mention')",
	/* ?1 member, ?2 limit, ?3 offset; actor 0 (or unknown) reads as "". */
	[SQ_NOTIF_LIST] = "SELECT n.id, n.member_id, n.actor_id, n.topic_id, n.post_id, n.kind, coalesce(a.name, ''), "
			  "CASE WHEN a.deleted_at IS NULL THEN coalesce(a.handle, '') ELSE '' END, t.title, f.section, "
			  "n.created_at, n.read_at IS NOT NULL, t.forum_id FROM notifications n JOIN topics t ON t.id = n.topic_id "
			  "JOIN forums f ON f.id = t.forum_id LEFT JOIN members a ON a.id = n.actor_id "
			  "WHERE n.member_id = ?1 ORDER BY n.id DESC LIMIT ?2 OFFSET ?3",
	[SQ_NOTIF_UNREAD] = "SELECT count(*) FROM notifications WHERE member_id = ?1 AND read_at IS NULL",
	/* ?2 one notification, or 0 for every unread one; ?3 now. */
	[SQ_NOTIF_READ] = "UPDATE notifications SET read_at = coalesce(read_at, ?3) WHERE member_id = ?1 "
			  "AND (?2 = 0 AND read_at IS NULL OR id = ?2)",

	/* Flags.  A live post only; the partial unique index makes a second
	 * open flag by the same reporter a conflict. */
	[SQ_FLAG_INSERT] = "INSERT INTO flags (post_id, reporter, reason, note, created_at) "
			   "SELECT p.id, ?2, ?3, ?4, ?5 FROM posts p JOIN topics t ON t.id = p.topic_id "
			   "WHERE p.id = ?1 AND p.deleted_at IS NULL AND t.deleted_at IS NULL",
	/* ?2 a champion (0: every forum), ?3 limit, ?4 offset. */
	[SQ_FLAG_QUEUE] = FLAG_COLS "WHERE fl.status = 'open' AND (?2 = 0 OR EXISTS (SELECT 1 FROM forum_champions c "
				    "JOIN members cm ON cm.id = c.member_id WHERE c.forum_id = t.forum_id "
				    "AND c.member_id = ?2 AND (cm.roles & 8) <> 0)) ORDER BY fl.id LIMIT ?3 OFFSET ?4",
	[SQ_FLAG_GET] = FLAG_COLS "WHERE fl.id = ?2",
	/* ?2 status, ?3 note, ?4 actor, ?5 now: decided once. */
	[SQ_FLAG_DECIDE] = "UPDATE flags SET status = ?2, decision_note = ?3, decided_by = ?4, decided_at = ?5 "
			   "WHERE id = ?1 AND status = 'open' RETURNING post_id",
	/* The other open flags of post ?1 close with it. */
	[SQ_FLAG_CLOSE] = "UPDATE flags SET status = ?2, decision_note = ?3, decided_by = ?4, decided_at = ?5 "
			  "WHERE post_id = ?1 AND status = 'open'",

	/* ?1 an action prefix ("" any: the range then holds every action),
	 * ?2 an actor (-1 any), ?3 limit, ?4 offset.  Actor 0, the command
	 * line, has no member row: its name reads as "". */
	[SQ_AUDIT_LIST] = "SELECT l.id, l.at, l.actor, coalesce(m.name, ''), "
			  "CASE WHEN m.deleted_at IS NULL THEN coalesce(m.handle, '') ELSE '' END, l.action, l.target, "
			  "l.detail FROM audit_log l LEFT JOIN members m ON m.id = l.actor "
			  "WHERE l.action >= ?1 AND l.action < ?1 || char(1114111) AND (?2 < 0 OR l.actor = ?2) "
			  "ORDER BY l.id DESC LIMIT ?3 OFFSET ?4",

	/* Polls: read in sqlite_forums.c, written in sqlite_forums2.c.  ?1 is
	 * always the topic. */
	[SQ_POLL_INSERT] = "INSERT INTO polls (topic_id, question, multiple, closes_at) VALUES (?1, ?2, ?3, ?4)",
	[SQ_POLL_OPTION_INSERT] = "INSERT INTO poll_options (topic_id, position, label) VALUES (?1, ?2, ?3)",
	/* The poll and its options in one statement (one snapshot, so the
	 * counts agree), ?2 the reader (0: none, who voted for nothing). */
	[SQ_POLL_GET] = "SELECT p.question, p.multiple, p.closes_at, p.voters, EXISTS (SELECT 1 FROM poll_votes v "
			"WHERE v.topic_id = p.topic_id AND v.member_id = ?2), o.id, o.label, o.votes, "
			"EXISTS (SELECT 1 FROM poll_votes v WHERE v.option_id = o.id AND v.member_id = ?2) "
			"FROM polls p JOIN poll_options o ON o.topic_id = p.topic_id WHERE p.topic_id = ?1 "
			"ORDER BY o.position",
	/* What a vote by ?2 must know first: none when there is no poll or
	 * its topic is deleted. */
	[SQ_POLL_STATE] = "SELECT p.multiple, p.closes_at, EXISTS (SELECT 1 FROM poll_votes v WHERE v.topic_id = ?1 "
			  "AND v.member_id = ?2) FROM polls p JOIN topics t ON t.id = p.topic_id "
			  "WHERE p.topic_id = ?1 AND t.deleted_at IS NULL",
	/* ?2 an option, ?3 the member, ?4 now: no row when the option is not
	 * the poll's; the key refuses the same option twice. */
	[SQ_POLL_VOTE_INSERT] = "INSERT INTO poll_votes (topic_id, option_id, member_id, created_at) "
				"SELECT topic_id, id, ?3, ?4 FROM poll_options WHERE id = ?2 AND topic_id = ?1",
	[SQ_POLL_OPTION_VOTED] = "UPDATE poll_options SET votes = votes + 1 WHERE topic_id = ?1 AND id = ?2",
	[SQ_POLL_VOTERS] = "UPDATE polls SET voters = voters + 1 WHERE topic_id = ?1",

	/* The editors' list: ?1 the reader (0), ?2 limit, ?3 offset.  The
	 * literal 1 lets the planner use the partial index posts_confirmed. */
	[SQ_POST_CONFIRMED] = "SELECT " POST_COLUMNS POST_FROM "WHERE p.confirmed = 1 AND p.deleted_at IS NULL "
			      "AND t.deleted_at IS NULL ORDER BY p.id DESC LIMIT ?2 OFFSET ?3",

	/* Private groups (sqlite_groups.c).  A group's forum is archived
	 * whenever the group is not active, so the forum writes refuse it. */
	[SQ_GROUP_FORUM_ARCHIVE] = "UPDATE forums SET archived = ?2 WHERE id = ?1",
	/* ?1 its forum, ?2 requester, ?3 audience, ?4 clinical, ?5 now. */
	[SQ_GROUP_INSERT] = "INSERT INTO groups (forum_id, requester_id, audience, clinical, created_at) "
			    "VALUES (?1, ?2, ?3, ?4, ?5)",
	[SQ_GROUP_GET] = GROUP_COLS "WHERE g.forum_id = ?2",
	[SQ_GROUP_BY_SLUG] = GROUP_COLS "WHERE f.slug = ?2",
	/* ?1 the member: the groups they are in (open to them), then those
	 * they asked for that are not (yet), each part by name. */
	[SQ_GROUP_MINE] = GROUP_COLS "WHERE (g.forum_id IN (SELECT group_id FROM group_members WHERE member_id = ?1) "
				     "AND g.status NOT IN ('pending', 'declined')) OR (g.requester_id = ?1 "
				     "AND g.status IN ('pending', 'declined')) "
				     "ORDER BY g.status IN ('pending', 'declined'), f.name COLLATE NOCASE, f.id",
	/* ?1 reader (0), ?2 a status ('' any), ?3 limit, ?4 offset: pending
	 * ones first, oldest first; the rest by name. */
	[SQ_GROUP_LIST] = GROUP_COLS "WHERE ?2 = '' OR g.status = ?2 ORDER BY g.status <> 'pending', "
				     "CASE WHEN g.status = 'pending' THEN g.created_at ELSE 0 END, "
				     "CASE WHEN g.status = 'pending' THEN g.forum_id ELSE 0 END, "
				     "f.name COLLATE NOCASE, f.id LIMIT ?3 OFFSET ?4",
	/* ?1 group, ?2 member: its status and their role ("" for none). */
	[SQ_GROUP_ROLE] = "SELECT g.status, coalesce(gm.role, '') FROM groups g LEFT JOIN group_members gm "
			  "ON gm.group_id = g.forum_id AND gm.member_id = ?2 WHERE g.forum_id = ?1",
	/* What a write must know of a group first (group_state()). */
	[SQ_GROUP_STATE] = "SELECT status, requester_id FROM groups WHERE forum_id = ?1",
	/* An editor's decision: ?2 status, ?3 reason, ?4 editor, ?5 now. */
	[SQ_GROUP_DECIDE] = "UPDATE groups SET status = ?2, reason = ?3, decided_by = ?4, decided_at = ?5 "
			    "WHERE forum_id = ?1",
	[SQ_GROUP_STATUS] = "UPDATE groups SET status = ?2 WHERE forum_id = ?1",
	/* ?2 members added (or taken, when negative). */
	[SQ_GROUP_COUNT] = "UPDATE groups SET member_count = member_count + ?2 WHERE forum_id = ?1",
	[SQ_GROUP_MEMBERS] = "SELECT gm.member_id, m.name, " HANDLE("m") ", m.verified, m.suspended, gm.role, "
			     "gm.created_at FROM group_members gm JOIN members m ON m.id = gm.member_id "
			     "WHERE gm.group_id = ?1 ORDER BY CASE gm.role WHEN 'owner' THEN 0 WHEN 'coowner' THEN 1 "
			     "ELSE 2 END, m.name COLLATE NOCASE, m.id",
	/* ?1 group, ?2 member: their role and handle (for the audit row). */
	[SQ_GROUP_MEMBER_GET] = "SELECT gm.role, m.handle FROM group_members gm JOIN members m ON m.id = gm.member_id "
				"WHERE gm.group_id = ?1 AND gm.member_id = ?2",
	/* ?1 group, ?2 member, ?3 role, ?4 now. */
	[SQ_GROUP_MEMBER_INSERT] = "INSERT INTO group_members (group_id, member_id, role, created_at) "
				   "VALUES (?1, ?2, ?3, ?4)",
	[SQ_GROUP_MEMBER_ROLE] = "UPDATE group_members SET role = ?3 WHERE group_id = ?1 AND member_id = ?2",
	[SQ_GROUP_MEMBER_DELETE] = "DELETE FROM group_members WHERE group_id = ?1 AND member_id = ?2",
	[SQ_GROUP_OWNER] = "SELECT member_id FROM group_members WHERE group_id = ?1 AND role = 'owner'",
	/* A member who leaves group ?1: ?2 stops watching its topics, and
	 * their unread notifications of them are read at ?3. */
	[SQ_GROUP_UNWATCH] = "DELETE FROM topic_watches WHERE member_id = ?2 "
			     "AND topic_id IN (SELECT id FROM topics WHERE forum_id = ?1)",
	[SQ_GROUP_NOTIF_READ] = "UPDATE notifications SET read_at = ?3 WHERE member_id = ?2 AND read_at IS NULL "
				"AND topic_id IN (SELECT id FROM topics WHERE forum_id = ?1)",
	/* A live member to invite: their address and handle. */
	[SQ_GROUP_INVITEE] = "SELECT email_lower, handle FROM members WHERE id = ?1 AND deleted_at IS NULL",
	/* Whether inviting member ?2 (0: none) or address ?3 to group ?1
	 * clashes: they (or the holder of the address) are in it, or a
	 * pending invitation is to them, to the address, or to its holder. */
	[SQ_GROUP_INVITE_CLASH] = "SELECT EXISTS (SELECT 1 FROM group_members gm JOIN members m ON m.id = gm.member_id "
				  "WHERE gm.group_id = ?1 AND (gm.member_id = ?2 OR m.email_lower = lower(?3))) "
				  "OR EXISTS (SELECT 1 FROM group_invitations i LEFT JOIN members m ON m.id = i.member_id "
				  "WHERE i.group_id = ?1 AND i.status = 'pending' AND (i.member_id = ?2 "
				  "OR (i.member_id IS NULL AND i.email = lower(?3)) OR m.email_lower = lower(?3)))",
	/* ?1 group, ?2 member (0: to the address ?3, kept lower case), ?4
	 * inviter, ?5 now. */
	[SQ_GROUP_INVITE_INSERT] = "INSERT INTO group_invitations (group_id, member_id, email, inviter_id, created_at) "
				   "VALUES (?1, nullif(?2, 0), CASE WHEN ?2 = 0 THEN lower(?3) ELSE '' END, ?4, ?5)",
	[SQ_GROUP_INVITATIONS] = INVITATION_COLS "WHERE i.group_id = ?1 AND i.status = 'pending' "
						 "ORDER BY i.created_at DESC, i.id DESC",
	/* ?1 member, ?2 their address ('' none). */
	[SQ_GROUP_INVITATIONS_FOR] = INVITATION_COLS "WHERE i.status = 'pending' AND g.status = 'active' "
						     "AND (i.member_id = ?1 OR (i.member_id IS NULL AND ?2 <> '' "
						     "AND i.email = lower(?2))) ORDER BY i.created_at DESC, i.id DESC",
	[SQ_GROUP_INVITATION_GET] = INVITATION_COLS "WHERE i.id = ?1",
	/* What an answer or a withdrawal must know first (invitation_state()):
	 * ?2 a member and ?3 their address (0 and '' for none). */
	[SQ_GROUP_INVITATION_STATE] = "SELECT i.group_id, i.status = 'pending', g.status = 'active', "
				      "coalesce(i.member_id = ?2, 0) OR (i.member_id IS NULL AND ?3 <> '' "
				      "AND i.email = lower(?3)), CASE WHEN i.member_id IS NULL THEN i.email "
				      "ELSE coalesce(m.handle, '') END FROM group_invitations i "
				      "JOIN groups g ON g.forum_id = i.group_id LEFT JOIN members m ON m.id = i.member_id "
				      "WHERE i.id = ?1",
	/* ?2 status, ?3 the member answering (0: a withdrawal, which leaves
	 * it as it was: an answered email invitation becomes theirs, as the
	 * table's CHECK wants, with no address), ?4 now. */
	[SQ_GROUP_INVITATION_DECIDE] = "UPDATE group_invitations SET status = ?2, "
				       "member_id = CASE WHEN ?3 = 0 THEN member_id ELSE ?3 END, "
				       "email = CASE WHEN ?3 = 0 THEN email ELSE '' END, decided_at = ?4 "
				       "WHERE id = ?1 AND status = 'pending'",

	/* An account deletion (erase_steps) takes the member out of their
	 * groups (an owner is refused before: the pages say hand it over)
	 * and withdraws the invitations waiting for them; counts first. */
	[SQ_ERASE_GROUP_COUNTS] = "UPDATE groups SET member_count = member_count - 1 WHERE forum_id IN "
				  "(SELECT group_id FROM group_members WHERE member_id = ?1 AND role <> 'owner') "
				  "AND ?2 = ?2",
	[SQ_ERASE_GROUPS] = "DELETE FROM group_members WHERE member_id = ?1 AND role <> 'owner' AND ?2 = ?2",
	[SQ_ERASE_INVITATIONS] = "UPDATE group_invitations SET status = 'revoked', decided_at = ?2 "
				 "WHERE member_id = ?1 AND status = 'pending'",
	/* ... and their requests still waiting are declined (a group needs
	 * its requester to own it). */
	[SQ_ERASE_REQUESTS] = "UPDATE groups SET status = 'declined', reason = 'The requester left Rounds.', "
			      "decided_at = ?2 WHERE requester_id = ?1 AND status = 'pending'",
	/* A group suspended: every unread notification about it is read, so
	 * no count shows what nobody may open (?1 group, ?2 now). */
	[SQ_GROUP_NOTES_CLOSE] = "UPDATE notifications SET read_at = ?2 WHERE read_at IS NULL "
				 "AND topic_id IN (SELECT id FROM topics WHERE forum_id = ?1)",

	/* Blogs (sqlite_blogs.c).  A blog is its forum (section 'blog') and
	 * its blogs row; ROLE_BLOGGER is spelt 4. */
	[SQ_BLOG_APP_INSERT] = "INSERT INTO blogger_applications (member_id, blog_title, about, sample, created_at) "
			       "VALUES (?1, ?2, ?3, ?4, ?5)",
	[SQ_BLOG_APP_GET] = BLOG_APP_COLS "WHERE a.id = ?1",
	/* ?1 member (0 any), ?2 status ('' any), ?3 limit, ?4 offset: pending
	 * ones oldest first, the rest newest first. */
	[SQ_BLOG_APP_LIST] = BLOG_APP_COLS "WHERE (?1 = 0 OR a.member_id = ?1) AND (?2 = '' OR a.status = ?2) "
					   "ORDER BY a.status <> 'pending', "
					   "CASE WHEN a.status = 'pending' THEN a.created_at ELSE -a.created_at END, "
					   "CASE WHEN a.status = 'pending' THEN a.id ELSE -a.id END LIMIT ?3 OFFSET ?4",
	/* What a decision must know first: pending, whose, whether they keep
	 * a blog already. */
	[SQ_BLOG_APP_STATE] = "SELECT a.status = 'pending', a.member_id, EXISTS (SELECT 1 FROM blogs b "
			      "WHERE b.owner_id = a.member_id) FROM blogger_applications a WHERE a.id = ?1",
	/* ?2 status, ?3 reason, ?4 editor, ?5 now, ?6 the blog made (0: none). */
	[SQ_BLOG_APP_DECIDE] = "UPDATE blogger_applications SET status = ?2, reason = ?3, decided_by = ?4, "
			       "decided_at = ?5, blog_id = nullif(?6, 0) WHERE id = ?1 AND status = 'pending'",
	[SQ_BLOG_HAS] = "SELECT EXISTS (SELECT 1 FROM blogs WHERE owner_id = ?1)",
	[SQ_BLOG_OWNER] = "SELECT owner_id FROM blogs WHERE forum_id = ?1",
	/* The forum of application ?1's blog at slug ?2 (a slug taken by any
	 * forum, group or blog is a conflict), ?3 now. */
	[SQ_BLOG_FORUM_INSERT] = "INSERT INTO forums (slug, name, description, section, position, created_at) "
				 "SELECT ?2, blog_title, about, 'blog', 0, ?3 FROM blogger_applications WHERE id = ?1",
	[SQ_BLOG_INSERT] = "INSERT INTO blogs (forum_id, owner_id, created_at) VALUES (?1, ?2, ?3)",
	[SQ_BLOG_ROLE_SET] = "UPDATE members SET roles = roles | 4 WHERE id = ?1 AND deleted_at IS NULL",
	[SQ_BLOG_GET] = BLOG_COLS "WHERE b.forum_id = ?1",
	[SQ_BLOG_BY_SLUG] = BLOG_COLS "WHERE f.slug = ?1",
	[SQ_BLOG_OF] = BLOG_COLS "WHERE b.owner_id = ?1",
	/* ?1 limit, ?2 offset: by the newest published post (none: 0, last),
	 * then by title. */
	[SQ_BLOG_LIST] = BLOG_COLS "ORDER BY 10 DESC, f.name COLLATE NOCASE, f.id LIMIT ?1 OFFSET ?2",
	[SQ_BLOG_UPDATE] = "UPDATE forums SET name = ?2, description = ?3 WHERE id = ?1 AND section = 'blog' "
			   "AND EXISTS (SELECT 1 FROM blogs WHERE forum_id = ?1)",

	/* Posts.  ?1..?11: blog, author, slug, title, summary, body, body_html,
	 * cover, status, publish_at, published_at; ?12 now. */
	[SQ_BLOG_POST_INSERT] = "INSERT INTO blog_posts (blog_id, author_id, slug, title, summary, body, body_html, "
				"cover, status, publish_at, published_at, created_at, updated_at) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
	[SQ_BLOG_TAG_INSERT] = "INSERT INTO blog_post_tags (post_id, tag) VALUES (?1, ?2) "
			       "ON CONFLICT (post_id, tag) DO NOTHING",
	[SQ_BLOG_TAGS_CLEAR] = "DELETE FROM blog_post_tags WHERE post_id = ?1",
	[SQ_BLOG_POST_GET] = BLOG_POST_COLS "WHERE p.id = ?1",
	[SQ_BLOG_POST_BY_SLUG] = BLOG_POST_COLS "WHERE p.blog_id = ?1 AND p.slug = ?2",
	[SQ_BLOG_POST_BY_TOPIC] = BLOG_POST_COLS "WHERE p.topic_id = ?1",
	/* The lists (BLOG_POSTS_WHERE), ?5 limit, ?6 offset. */
	[SQ_BLOG_POSTS_PUBLISHED] = BLOG_POST_COLS BLOG_POSTS_PUBLIC
	"ORDER BY p.published_at DESC, p.id DESC LIMIT ?5 OFFSET ?6",
	[SQ_BLOG_POSTS_FEATURED] = BLOG_POST_COLS BLOG_POSTS_WHERE_OF("'published'", "p.featured_at > 0")
	"ORDER BY p.featured_at DESC, p.id DESC LIMIT ?5 OFFSET ?6",
	[SQ_BLOG_POSTS_STATUS] = BLOG_POST_COLS BLOG_POSTS_WHERE
	"ORDER BY p.updated_at DESC, p.id DESC LIMIT ?5 OFFSET ?6",
	[SQ_BLOG_POSTS_COUNT] = "SELECT count(*) FROM blog_posts p " BLOG_POSTS_WHERE,
	[SQ_BLOG_POSTS_COUNT_PUBLIC] = "SELECT count(*) FROM blog_posts p " BLOG_POSTS_PUBLIC,
	/* What an update must know first: ?2..?4 the new title, summary and
	 * body, to tell whether one of them changed (a revision). */
	[SQ_BLOG_POST_STATE] = "SELECT status, coalesce(topic_id, 0), blog_id, "
			       "title <> ?2 OR summary <> ?3 OR body <> ?4 FROM blog_posts WHERE id = ?1",
	/* The version an edit replaces, by ?2 at ?3. */
	[SQ_BLOG_REVISION_INSERT] = "INSERT INTO blog_post_revisions (post_id, title, summary, body, editor_id, "
				    "edited_at) SELECT id, title, summary, body, ?2, ?3 FROM blog_posts WHERE id = ?1",
	/* ?2..?8 title, summary, body, body_html, cover, status, publish_at;
	 * ?9 now, ?10 edits counted (0 or 1). */
	[SQ_BLOG_POST_UPDATE] = "UPDATE blog_posts SET title = ?2, summary = ?3, body = ?4, body_html = ?5, "
				"cover = ?6, status = ?7, publish_at = ?8, updated_at = ?9, "
				"edit_count = edit_count + ?10 WHERE id = ?1",
	[SQ_BLOG_REVISIONS] = "SELECT id, post_id, editor_id, title, summary, body, edited_at "
			      "FROM blog_post_revisions WHERE post_id = ?1 ORDER BY id DESC",
	/* Post ?1 published at ?2 (published_at kept from the first time):
	 * its topic (0: none yet), blog and author. */
	[SQ_BLOG_GO_LIVE] = "UPDATE blog_posts SET status = 'published', publish_at = 0, "
			    "published_at = CASE WHEN published_at = 0 THEN ?2 ELSE published_at END "
			    "WHERE id = ?1 RETURNING coalesce(topic_id, 0), blog_id, author_id",
	/* The comments topic of post ?1 at ?2, and its first post in topic ?2
	 * at ?3: the summary, escaped as HTML text in a paragraph (the store
	 * has no renderer). */
	[SQ_BLOG_TOPIC_INSERT] = "INSERT INTO topics (forum_id, author_id, title, created_at, last_post_at) "
				 "SELECT blog_id, author_id, title, ?2, ?2 FROM blog_posts WHERE id = ?1",
	[SQ_BLOG_TOPIC_POST] = "INSERT INTO posts (topic_id, author_id, number, body, body_html, confirmed, "
			       "created_at, image) SELECT ?2, author_id, 1, summary, CASE WHEN summary = '' THEN '' "
			       "ELSE '<p>' || replace(replace(replace(replace(replace(summary, '&', '&amp;'), "
			       "'<', '&lt;'), '>', '&gt;'), '\"', '&quot;'), '''', '&#39;') || '</p>' END, 0, ?3, '' "
			       "FROM blog_posts WHERE id = ?1",
	[SQ_BLOG_TOPIC_SET] = "UPDATE blog_posts SET topic_id = ?2 WHERE id = ?1",
	/* Taken down by ?3 at ?2; restored, unless its first post was
	 * deleted (a moderator's doing stays). */
	[SQ_BLOG_TOPIC_HIDE] = "UPDATE topics SET deleted_at = ?2, deleted_by = ?3 WHERE id = ?1 AND deleted_at IS NULL",
	[SQ_BLOG_TOPIC_SHOW] = "UPDATE topics SET deleted_at = NULL, deleted_by = NULL WHERE id = ?1 "
			       "AND EXISTS (SELECT 1 FROM posts p WHERE p.topic_id = ?1 AND p.number = 1 "
			       "AND p.deleted_at IS NULL)",
	/* ?2 the post's title, ?3 comments closed. */
	[SQ_BLOG_TOPIC_SYNC] = "UPDATE topics SET title = ?2, locked = ?3 WHERE id = ?1",
	/* A blog's forum counted again after a topic left or came back. */
	[SQ_BLOG_FORUM_RECOUNT] = "UPDATE forums SET topic_count = (SELECT count(*) FROM topics t WHERE t.forum_id = ?1 "
				  "AND t.deleted_at IS NULL), post_count = (SELECT count(*) FROM posts p "
				  "JOIN topics t ON t.id = p.topic_id WHERE t.forum_id = ?1 AND t.deleted_at IS NULL "
				  "AND p.deleted_at IS NULL), last_post_at = coalesce((SELECT max(t.last_post_at) "
				  "FROM topics t WHERE t.forum_id = ?1 AND t.deleted_at IS NULL), 0) WHERE id = ?1",
	/* The next scheduled post due at ?1 (index blog_posts_due). */
	[SQ_BLOG_DUE] = "SELECT id FROM blog_posts WHERE status = 'scheduled' AND publish_at <= ?1 "
			"ORDER BY publish_at, id LIMIT 1",
	[SQ_BLOG_FEATURE_STATE] = "SELECT status = 'published', featured_at FROM blog_posts WHERE id = ?1",
	/* ?2 featured_at (0: not), ?3 by. */
	[SQ_BLOG_FEATURE] = "UPDATE blog_posts SET featured_at = ?2, featured_by = ?3 WHERE id = ?1",
	[SQ_BLOG_SHARE_INSERT] = "INSERT INTO blog_shares (post_id, network, shared_by, shared_at) "
				 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (post_id, network) DO NOTHING",
	[SQ_BLOG_SHARE_DELETE] = "DELETE FROM blog_shares WHERE post_id = ?1 AND network = ?2",
	/* ?1 limit: tags of published posts, most used first. */
	[SQ_BLOG_TAGS] = "SELECT g.tag, count(*) FROM blog_post_tags g JOIN blog_posts p ON p.id = g.post_id "
			 "WHERE p.status = 'published' GROUP BY g.tag ORDER BY count(*) DESC, g.tag LIMIT ?1",
	/* Account deletion (erase_steps) declines the member's application
	 * still waiting; their blog and posts stay. */
	[SQ_ERASE_BLOG_APPLICATIONS] = "UPDATE blogger_applications SET status = 'declined', "
				       "reason = 'The applicant left Rounds.', decided_at = ?2 "
				       "WHERE member_id = ?1 AND status = 'pending'",

	/* The library (sqlite_library.c).  ?5 now. */
	[SQ_LIB_COLL_INSERT] = "INSERT INTO library_collections (slug, name, about, position, created_at, updated_at) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	[SQ_LIB_COLL_UPDATE] = "UPDATE library_collections SET name = ?2, about = ?3, position = ?4, updated_at = ?5 "
			       "WHERE id = ?1 RETURNING slug",
	[SQ_LIB_COLL_GET] = LIB_COLL_COLS "WHERE c.id = ?1",
	[SQ_LIB_COLL_BY_SLUG] = LIB_COLL_COLS "WHERE c.slug = ?1",
	[SQ_LIB_COLLS] = LIB_COLL_COLS "ORDER BY c.position, c.name COLLATE NOCASE, c.id",
	/* ?1..?11 slug, kind, title, authors, about, body, body_html, access,
	 * cover, published_on, isbn; ?12 editor, ?13 now. */
	[SQ_LIB_ITEM_INSERT] = "INSERT INTO library_items (slug, kind, title, authors, about, body, body_html, access, "
			       "cover, published_on, isbn, created_by, created_at, updated_at) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
	/* ?2..?10 title, authors, about, body, body_html, access, cover,
	 * published_on, isbn; ?11 now. */
	[SQ_LIB_ITEM_UPDATE] = "UPDATE library_items SET title = ?2, authors = ?3, about = ?4, body = ?5, "
			       "body_html = ?6, access = ?7, cover = ?8, published_on = ?9, isbn = ?10, "
			       "updated_at = ?11 WHERE id = ?1 RETURNING slug",
	[SQ_LIB_ITEM_SLUG] = "SELECT slug FROM library_items WHERE id = ?1",
	/* ?2 withdrawn_at (0: restored), ?3 now: only when that changes it. */
	[SQ_LIB_ITEM_WITHDRAW] = "UPDATE library_items SET withdrawn_at = ?2, updated_at = ?3 WHERE id = ?1 "
				 "AND (withdrawn_at = 0) = (?2 <> 0) RETURNING slug",
	[SQ_LIB_ITEM_TOUCH] = "UPDATE library_items SET updated_at = ?2 WHERE id = ?1",
	[SQ_LIB_ITEM_COLLS_CLEAR] = "DELETE FROM library_item_collections WHERE item_id = ?1",
	/* No row written: no such collection. */
	[SQ_LIB_ITEM_COLL_ADD] = "INSERT INTO library_item_collections (item_id, collection_id) "
				 "SELECT ?1, id FROM library_collections WHERE id = ?2",
	[SQ_LIB_ITEM_GET] = LIB_ITEM_COLS("i.body", "i.body_html") "WHERE i.id = ?1",
	[SQ_LIB_ITEM_BY_SLUG] = LIB_ITEM_COLS("i.body", "i.body_html") "WHERE i.slug = ?1",
	/* The lists (LIB_ITEMS_WHERE), ?6 limit, ?7 offset. */
	[SQ_LIB_ITEMS_NEWEST] = LIB_ITEM_COLS("''", "''") LIB_ITEMS_WHERE
	"ORDER BY i.created_at DESC, i.id DESC LIMIT ?6 OFFSET ?7",
	[SQ_LIB_ITEMS_DOWNLOADS] = LIB_ITEM_COLS("''", "''") LIB_ITEMS_WHERE
	"ORDER BY i.downloads DESC, i.created_at DESC, i.id DESC LIMIT ?6 OFFSET ?7",
	[SQ_LIB_ITEMS_TITLE] = LIB_ITEM_COLS("''", "''") LIB_ITEMS_WHERE
	"ORDER BY i.title COLLATE NOCASE, i.id LIMIT ?6 OFFSET ?7",
	[SQ_LIB_ITEMS_COUNT] = "SELECT count(*) FROM library_items i " LIB_ITEMS_WHERE,
	/* The next version in slot ?2 of item ?1, and how many it has (none:
	 * a slot the item does not have, unless it is 0). */
	[SQ_LIB_FILE_VERSION] = "SELECT coalesce(max(version), 0) + 1, count(*) FROM library_files "
				"WHERE item_id = ?1 AND slot = ?2",
	/* A new attachment slot of item ?1: after the last, at least 1. */
	[SQ_LIB_FILE_NEW_SLOT] = "SELECT max(coalesce(max(slot), 0), 0) + 1 FROM library_files WHERE item_id = ?1",
	/* ?1 item, ?2 slot, ?3 version, ?4 name, ?5 mime, ?6 editor, ?7 now,
	 * ?8 the upload (no row written: none), whose size it takes. */
	[SQ_LIB_FILE_INSERT] = "INSERT INTO library_files (item_id, slot, version, name, sha256, mime, size, "
			       "created_by, created_at) SELECT ?1, ?2, ?3, ?4, sha256, ?5, size, ?6, ?7 "
			       "FROM uploads WHERE sha256 = ?8",
	[SQ_LIB_FILE_GET] = LIB_FILE_COLS "WHERE f.id = ?1",
	[SQ_LIB_FILES_ALL] = LIB_FILE_COLS "WHERE f.item_id = ?1 ORDER BY f.slot, f.version DESC",
	[SQ_LIB_FILES_CURRENT] = LIB_FILE_COLS "WHERE f.item_id = ?1 AND f.version = (SELECT max(g.version) "
					       "FROM library_files g WHERE g.item_id = f.item_id AND g.slot = f.slot) "
					       "ORDER BY f.slot",
	/* ?3 downloads of item ?1 on day ?2 (an item that is not: none). */
	[SQ_LIB_COUNT_DAY] = "INSERT INTO library_downloads (item_id, day, n) SELECT id, ?2, ?3 FROM library_items "
			     "WHERE id = ?1 ON CONFLICT (item_id, day) DO UPDATE SET n = library_downloads.n + excluded.n",
	[SQ_LIB_COUNT_TOTAL] = "UPDATE library_items SET downloads = downloads + ?2 WHERE id = ?1",
	[SQ_LIB_DOWNLOADS] = "SELECT day, n FROM library_downloads WHERE item_id = ?1 AND day >= ?2 ORDER BY day",

	/* Search (sqlite_search.c).  A kind's window: ?1 the FTS5 query,
	 * ?2 the forum sections, ?3 the groups' forum ids (a JSON array),
	 * ?4 forum, ?5 author, ?6 since, ?7 until (0: any), ?8 the library
	 * levels (library) or the reader (messages), ?9 to ?10 the ids a date
	 * filter leaves (topics, posts, messages); every text names all ten.  The newest STORE_SEARCH_WINDOW visible matches, each with
	 * rounds_rank (sqlite_search.c; columns weighted: titles and names above the rest). */
	[SQ_SEARCH_TOPICS] = "SELECT t.id, rounds_rank(topics_fts), t.created_at FROM topics_fts CROSS JOIN topics t "
			     "ON t.id = topics_fts.rowid JOIN forums f ON f.id = t.forum_id WHERE topics_fts MATCH ?1 "
			     "AND t.deleted_at IS NULL AND " SEARCH_SEEN("f") "AND " SEARCH_IN("t.forum_id")
			     "AND " SEARCH_BY("t.author_id") "AND " SEARCH_WHEN("t.created_at") "AND ?8 = ?8 "
			     SEARCH_IDS("topics_fts.rowid") SEARCH_NEWEST("topics_fts"),
	[SQ_SEARCH_POSTS] = "SELECT p.id, rounds_rank(posts_fts), p.created_at FROM posts_fts CROSS JOIN posts p "
			    "ON p.id = posts_fts.rowid JOIN topics t ON t.id = p.topic_id JOIN forums f "
			    "ON f.id = t.forum_id WHERE posts_fts MATCH ?1 AND p.deleted_at IS NULL AND p.hidden_at IS NULL "
			    "AND t.deleted_at IS NULL AND " SEARCH_SEEN("f") "AND " SEARCH_IN("t.forum_id")
			    "AND " SEARCH_BY("p.author_id") "AND " SEARCH_WHEN("p.created_at") "AND ?8 = ?8 "
			    SEARCH_IDS("posts_fts.rowid") SEARCH_NEWEST("posts_fts"),
	/* The same with an author: driven by the author's own rows, newest
	 * first (topics_author, posts_author), each looked up in the index by
	 * rowid, rather than walking every match for one author's few. */
	[SQ_SEARCH_TOPICS_BY] = "SELECT t.id, rounds_rank(topics_fts), t.created_at FROM topics t CROSS JOIN topics_fts "
				"ON topics_fts.rowid = t.id CROSS JOIN forums f ON f.id = t.forum_id WHERE t.author_id = ?5 "
				"AND topics_fts MATCH ?1 AND t.deleted_at IS NULL AND " SEARCH_SEEN("f") "AND "
				SEARCH_IN("t.forum_id") "AND " SEARCH_WHEN("t.created_at") "AND ?8 = ?8 " SEARCH_IDS("t.id")
				"ORDER BY t.id DESC LIMIT " STORE_SEARCH_WINDOW_SQL,
	[SQ_SEARCH_POSTS_BY] = "SELECT p.id, rounds_rank(posts_fts), p.created_at FROM posts p CROSS JOIN posts_fts "
			       "ON posts_fts.rowid = p.id CROSS JOIN topics t ON t.id = p.topic_id CROSS JOIN forums f "
			       "ON f.id = t.forum_id WHERE p.author_id = ?5 AND posts_fts MATCH ?1 AND p.deleted_at IS NULL "
			       "AND p.hidden_at IS NULL AND t.deleted_at IS NULL AND " SEARCH_SEEN("f") "AND "
			       SEARCH_IN("t.forum_id") "AND " SEARCH_WHEN("p.created_at") "AND ?8 = ?8 " SEARCH_IDS("p.id")
			       "ORDER BY p.id DESC LIMIT " STORE_SEARCH_WINDOW_SQL,
	/* The same for an author of many posts: every match, newest first,
	 * kept when it is one of theirs, whose ids are gathered once ('+'
	 * keeps the engine from looking each up).  A seek per post and
	 * phrase cost 40 us at 10M posts: 340 ms for "pain" by an author of
	 * 25,000 posts, 43 ms this way; a walk of a common word's every match
	 * costs at most 110 ms. */
	[SQ_SEARCH_POSTS_BY_IN] = "SELECT p.id, rounds_rank(posts_fts), p.created_at FROM posts_fts CROSS JOIN posts p "
				  "ON p.id = posts_fts.rowid CROSS JOIN topics t ON t.id = p.topic_id CROSS JOIN forums f "
				  "ON f.id = t.forum_id WHERE posts_fts MATCH ?1 AND +posts_fts.rowid IN (SELECT a.id "
				  "FROM posts a WHERE a.author_id = ?5) AND p.author_id = ?5 AND p.deleted_at IS NULL "
				  "AND p.hidden_at IS NULL AND t.deleted_at IS NULL AND " SEARCH_SEEN("f") "AND "
				  SEARCH_IN("t.forum_id") "AND " SEARCH_WHEN("p.created_at") "AND ?8 = ?8 "
				  SEARCH_IDS("posts_fts.rowid") SEARCH_NEWEST("posts_fts"),
	/* How many posts author ?1 has, counted up to ?2. */
	[SQ_SEARCH_AUTHOR_POSTS] = "SELECT count(*) FROM (SELECT 1 FROM posts WHERE author_id = ?1 LIMIT ?2)",
	[SQ_SEARCH_BLOG] = "SELECT b.id, rounds_rank(blog_posts_fts, 10.0, 4.0, 1.0), b.published_at FROM blog_posts_fts "
			   "CROSS JOIN blog_posts b ON b.id = blog_posts_fts.rowid WHERE blog_posts_fts MATCH ?1 "
			   "AND b.status = 'published' AND " SEARCH_BY("b.author_id") "AND " SEARCH_WHEN("b.published_at")
			   "AND ?2 = ?2 AND ?3 = ?3 AND ?4 = ?4 AND ?8 = ?8 " SEARCH_NO_IDS SEARCH_NEWEST("blog_posts_fts"),
	[SQ_SEARCH_LIBRARY] = "SELECT i.id, rounds_rank(library_fts, 10.0, 5.0, 3.0, 1.0), i.created_at FROM library_fts "
			      "CROSS JOIN library_items i ON i.id = library_fts.rowid WHERE library_fts MATCH ?1 "
			      "AND i.withdrawn_at = 0 AND (?8 & CASE i.access WHEN 'public' THEN 1 WHEN 'members' THEN 2 "
			      "WHEN 'doctors' THEN 4 ELSE 0 END) <> 0 AND " SEARCH_WHEN("i.created_at")
			      "AND ?2 = ?2 AND ?3 = ?3 AND ?4 = ?4 AND ?5 = ?5 " SEARCH_NO_IDS SEARCH_NEWEST("library_fts"),
	[SQ_SEARCH_MEMBERS] = "SELECT m.id, rounds_rank(members_fts, 10.0, 10.0, 3.0), m.created_at FROM members_fts "
			      "CROSS JOIN members m ON m.id = members_fts.rowid WHERE members_fts MATCH ?1 "
			      "AND m.deleted_at IS NULL AND m.suspended = 0 AND m.confirmed = 1 AND "
			      SEARCH_WHEN("m.created_at") "AND ?2 = ?2 AND ?3 = ?3 AND ?4 = ?4 AND ?5 = ?5 AND ?8 = ?8 "
			      SEARCH_NO_IDS SEARCH_NEWEST("members_fts"),
	[SQ_SEARCH_FORUMS] = "SELECT f.id, rounds_rank(forums_fts, 10.0, 3.0), f.created_at FROM forums_fts CROSS JOIN forums f "
			     "ON f.id = forums_fts.rowid WHERE forums_fts MATCH ?1 AND " SEARCH_SEEN("f") "AND "
			     SEARCH_WHEN("f.created_at") "AND ?4 = ?4 AND ?5 = ?5 AND ?8 = ?8 " SEARCH_NO_IDS SEARCH_NEWEST("forums_fts"),
	/* A message of a conversation the reader (?8) is a current member of:
	 * driven by the reader's conversations (few), each message looked up
	 * in the index by rowid, rather than walking every match on the site. */
	[SQ_SEARCH_MESSAGES] = "SELECT g.id, rounds_rank(messages_fts), g.created_at FROM conversation_members cm "
			       "CROSS JOIN messages g ON g.conversation_id = cm.conversation_id CROSS JOIN messages_fts "
			       "ON messages_fts.rowid = g.id WHERE cm.member_id = ?8 AND cm.left_at IS NULL "
			       "AND messages_fts MATCH ?1 AND g.removed_at IS NULL AND " SEARCH_BY("g.author_id") "AND "
			       SEARCH_WHEN("g.created_at") "AND ?2 = ?2 AND ?3 = ?3 AND ?4 = ?4 " SEARCH_IDS("g.id")
			       "ORDER BY g.id DESC LIMIT " STORE_SEARCH_WINDOW_SQL,
	/* The same for a reader in very many conversations: every match,
	 * newest first, the reader's kept. */
	[SQ_SEARCH_MESSAGES_ALL] = "SELECT g.id, rounds_rank(messages_fts), g.created_at FROM messages_fts CROSS JOIN "
				   "messages g ON g.id = messages_fts.rowid JOIN conversation_members cm ON "
				   "cm.conversation_id = g.conversation_id AND cm.member_id = ?8 AND cm.left_at IS NULL "
				   "WHERE messages_fts MATCH ?1 AND g.removed_at IS NULL AND " SEARCH_BY("g.author_id")
				   "AND " SEARCH_WHEN("g.created_at") "AND ?2 = ?2 AND ?3 = ?3 AND ?4 = ?4 "
				   SEARCH_IDS("messages_fts.rowid") SEARCH_NEWEST("messages_fts"),
	/* The same for a query of many phrases (a prefix made words): every
	 * match, newest first, kept when it is one of the reader's, whose
	 * ids are gathered once ('+' keeps the engine from looking each of
	 * them up, phrase by phrase). */
	[SQ_SEARCH_MESSAGES_IN] = "SELECT g.id, rounds_rank(messages_fts), g.created_at FROM messages_fts CROSS JOIN "
				  "messages g ON g.id = messages_fts.rowid WHERE messages_fts MATCH ?1 "
				  "AND +messages_fts.rowid IN (SELECT m.id FROM conversation_members cm JOIN messages m "
				  "ON m.conversation_id = cm.conversation_id WHERE cm.member_id = ?8 AND cm.left_at IS NULL) "
				  "AND g.removed_at IS NULL AND " SEARCH_BY("g.author_id") "AND " SEARCH_WHEN("g.created_at")
				  "AND ?2 = ?2 AND ?3 = ?3 AND ?4 = ?4 " SEARCH_IDS("messages_fts.rowid")
				  SEARCH_NEWEST("messages_fts"),
	/* A comment (migration 18) on a published blog post, alive and not
	 * hidden, as the post's page shows them; its time is its own. */
	[SQ_SEARCH_COMMENTS] = "SELECT p.id, rounds_rank(blog_comments_fts), p.created_at FROM blog_comments_fts "
			       "CROSS JOIN posts p ON p.id = blog_comments_fts.rowid JOIN topics t ON t.id = p.topic_id "
			       "JOIN blog_posts b ON b.topic_id = p.topic_id WHERE blog_comments_fts MATCH ?1 "
			       "AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND t.deleted_at IS NULL "
			       "AND b.status = 'published' AND " SEARCH_BY("p.author_id") "AND " SEARCH_WHEN("p.created_at")
			       "AND ?2 = ?2 AND ?3 = ?3 AND ?4 = ?4 AND ?8 = ?8 " SEARCH_NO_IDS
			       SEARCH_NEWEST("blog_comments_fts"),
	/* The text a topic, post or message is found by (sqlite_search.c,
	 * hit: the words a prefix found in it). */
	[SQ_SEARCH_TOPIC_TEXT] = "SELECT title FROM topics WHERE id = ?1",
	[SQ_SEARCH_POST_TEXT] = "SELECT body FROM posts WHERE id = ?1",
	[SQ_SEARCH_MESSAGE_TEXT] = "SELECT body FROM messages WHERE id = ?1",
	/* How many messages reader ?1 has, counted up to ?2. */
	[SQ_SEARCH_READER_MESSAGES] = "SELECT count(*) FROM (SELECT 1 FROM conversation_members cm JOIN messages g "
				      "ON g.conversation_id = cm.conversation_id WHERE cm.member_id = ?1 "
				      "AND cm.left_at IS NULL LIMIT ?2)",
	/* A prefix's words (sqlite_search.c, expand): those whose token is
	 * ?1 to ?2 (the prefix, and the prefix followed by a byte above any
	 * of UTF-8's lead bytes), at most ?3. */
	[SQ_SEARCH_PREFIX_WORDS] = "SELECT word FROM search_fts_terms WHERE term >= ?1 AND term < ?2 ORDER BY term "
				   "LIMIT ?3",
	/* Id bounds for a date filter (sqlite_search.c, id_bounds): the
	 * largest id, and the time of the first row at or after an id. */
	[SQ_SEARCH_MAX_POST] = "SELECT coalesce(max(id), 0) FROM posts",
	[SQ_SEARCH_AT_POST] = "SELECT created_at FROM posts WHERE id >= ?1 ORDER BY id LIMIT 1",
	/* One hit of a page: ?1 the FTS5 query (for the snippet), ?2 its id.
	 * Columns as sqlite_search.c reads them: id, parent, forum, section,
	 * title, slug, parent's slug, snippet, author, name, handle, time. */
	[SQ_SEARCH_TOPIC_HIT] = "SELECT t.id, 0, t.forum_id, f.section, t.title, '', '', " SEARCH_SNIPPET("topics_fts", "0")
				", t.author_id, a.name, " HANDLE("a") ", t.created_at FROM topics_fts CROSS JOIN topics t "
				"ON t.id = topics_fts.rowid JOIN forums f ON f.id = t.forum_id JOIN members a "
				"ON a.id = t.author_id WHERE topics_fts MATCH ?1 AND topics_fts.rowid = ?2",
	[SQ_SEARCH_POST_HIT] = "SELECT p.id, p.topic_id, t.forum_id, f.section, t.title, '', '', "
			       SEARCH_SNIPPET("posts_fts", "0") ", p.author_id, a.name, " HANDLE("a") ", p.created_at "
			       "FROM posts_fts CROSS JOIN posts p ON p.id = posts_fts.rowid JOIN topics t ON t.id = p.topic_id "
			       "JOIN forums f ON f.id = t.forum_id JOIN members a ON a.id = p.author_id "
			       "WHERE posts_fts MATCH ?1 AND posts_fts.rowid = ?2",
	[SQ_SEARCH_BLOG_HIT] = "SELECT b.id, b.blog_id, 0, '', b.title, b.slug, bf.slug, "
			       SEARCH_SNIPPET("blog_posts_fts", "-1") ", b.author_id, a.name, " HANDLE("a") ", b.published_at "
			       "FROM blog_posts_fts CROSS JOIN blog_posts b ON b.id = blog_posts_fts.rowid JOIN forums bf "
			       "ON bf.id = b.blog_id JOIN members a ON a.id = b.author_id "
			       "WHERE blog_posts_fts MATCH ?1 AND blog_posts_fts.rowid = ?2",
	[SQ_SEARCH_LIBRARY_HIT] = "SELECT i.id, 0, 0, '', i.title, i.slug, '', " SEARCH_SNIPPET("library_fts", "-1")
				  ", 0, i.authors, '', i.created_at FROM library_fts CROSS JOIN library_items i "
				  "ON i.id = library_fts.rowid WHERE library_fts MATCH ?1 AND library_fts.rowid = ?2",
	[SQ_SEARCH_MEMBER_HIT] = "SELECT m.id, 0, 0, '', m.name, m.handle, '', " SEARCH_SNIPPET("members_fts", "-1")
				 ", 0, '', '', m.created_at FROM members_fts CROSS JOIN members m "
				 "ON m.id = members_fts.rowid WHERE members_fts MATCH ?1 AND members_fts.rowid = ?2",
	[SQ_SEARCH_FORUM_HIT] = "SELECT f.id, 0, f.id, f.section, f.name, f.slug, '', " SEARCH_SNIPPET("forums_fts", "-1")
				", 0, '', '', f.created_at FROM forums_fts CROSS JOIN forums f "
				"ON f.id = forums_fts.rowid WHERE forums_fts MATCH ?1 AND forums_fts.rowid = ?2",
	[SQ_SEARCH_MESSAGE_HIT] = "SELECT g.id, g.conversation_id, 0, '', c.subject, '', '', "
				  SEARCH_SNIPPET("messages_fts", "0") ", g.author_id, a.name, " HANDLE("a") ", g.created_at "
				  "FROM messages_fts CROSS JOIN messages g ON g.id = messages_fts.rowid JOIN conversations c "
				  "ON c.id = g.conversation_id JOIN members a ON a.id = g.author_id "
				  "WHERE messages_fts MATCH ?1 AND messages_fts.rowid = ?2",
	/* A comment: its blog post's title and slugs, and (a 13th column)
	 * its number, which places it on the post's pages. */
	[SQ_SEARCH_COMMENT_HIT] = "SELECT p.id, b.id, b.blog_id, '', b.title, b.slug, bf.slug, "
				  SEARCH_SNIPPET("blog_comments_fts", "0") ", p.author_id, a.name, " HANDLE("a") ", "
				  "p.created_at, p.number FROM blog_comments_fts CROSS JOIN posts p "
				  "ON p.id = blog_comments_fts.rowid JOIN blog_posts b ON b.topic_id = p.topic_id "
				  "JOIN forums bf ON bf.id = b.blog_id JOIN members a ON a.id = p.author_id "
				  "WHERE blog_comments_fts MATCH ?1 AND blog_comments_fts.rowid = ?2",
	/* End of search. */
	/* Mail queue (mail-queue: sqlite_mail.c).  Columns as read by
	 * mail_read(): MAIL_COLUMNS. */
	[SQ_MAIL_MARK_GET] = "SELECT value FROM mail_marks WHERE key = ?1",
	/* The compare-and-set: ?1 key, ?2 from, ?3 to (no row changed: the
	 * mark is elsewhere, or never set). */
	[SQ_MAIL_MARK_MOVE] = "UPDATE mail_marks SET value = ?3 WHERE key = ?1 AND value = ?2",
	[SQ_MAIL_MARK_NEW] = "INSERT INTO mail_marks (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
	/* ?1..?7 member, address, kind, subject, text, html, unsubscribe; ?8
	 * the address lower-cased; ?9 now. */
	[SQ_MAIL_INSERT] = "INSERT INTO mail_queue (member_id, address, kind, subject, body_text, body_html, "
			   "unsubscribe, status, next_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			   "CASE WHEN EXISTS (SELECT 1 FROM mail_bounces WHERE address_lower = ?8) THEN 'suppressed' "
			   "ELSE 'queued' END, ?9, ?9) RETURNING id",
	/* ?1 now, ?2 the lease's end, ?3 how many. */
	[SQ_MAIL_CLAIM] = "UPDATE mail_queue SET status = 'sending', attempts = attempts + 1, lease_until = ?2, "
			  "next_at = ?2 WHERE id IN (SELECT id FROM mail_queue WHERE status IN ('queued', 'sending') "
			  "AND next_at <= ?1 ORDER BY next_at, id LIMIT ?3) RETURNING " MAIL_COLUMNS,
	/* Outcomes: ?1 id, ?2 the error, ?3 now (sent) or next_at (retry). */
	[SQ_MAIL_SENT] = "UPDATE mail_queue SET status = 'sent', sent_at = ?3, lease_until = 0, last_error = ?2 "
			 "WHERE id = ?1 AND status = 'sending'",
	[SQ_MAIL_RETRY] = "UPDATE mail_queue SET status = 'queued', next_at = ?3, lease_until = 0, last_error = ?2 "
			  "WHERE id = ?1 AND status = 'sending'",
	[SQ_MAIL_FAILED] = "UPDATE mail_queue SET status = 'failed', lease_until = 0, last_error = ?2 "
			   "WHERE id = ?1 AND status = 'sending' AND ?3 = ?3",
	[SQ_MAIL_BOUNCED] = "UPDATE mail_queue SET status = 'bounced', lease_until = 0, last_error = ?2 "
			    "WHERE id = ?1 AND status = 'sending' RETURNING address",
	/* ?1 the address lower-cased, ?2 now, ?3 the relay's answer. */
	[SQ_MAIL_BOUNCE_ADD] = "INSERT INTO mail_bounces (address_lower, at, detail) VALUES (?1, ?2, ?3) "
			       "ON CONFLICT (address_lower) DO UPDATE SET at = excluded.at, detail = excluded.detail",
	[SQ_MAIL_SUPPRESS] = "UPDATE mail_queue SET status = 'suppressed' WHERE status = 'queued' AND lower(address) = ?1",
	[SQ_MAIL_BOUNCE_GET] = "SELECT at FROM mail_bounces WHERE address_lower = ?1",
	[SQ_MAIL_BOUNCE_CLEAR] = "DELETE FROM mail_bounces WHERE address_lower = ?1",
	[SQ_MAIL_COUNT_SINCE] = "SELECT count(*) FROM mail_queue WHERE member_id = ?1 AND created_at >= ?2 "
				"AND kind <> 'account'",
	[SQ_MAIL_RECENT] = "SELECT " MAIL_COLUMNS " FROM mail_queue ORDER BY id DESC LIMIT ?1",
	[SQ_MAIL_RECENT_MEMBER] = "SELECT " MAIL_COLUMNS " FROM mail_queue WHERE member_id = ?2 "
				  "ORDER BY created_at DESC, id DESC LIMIT ?1",
	/* store_gc: what was done with 30 days ago. */
	[SQ_GC_MAIL] = "DELETE FROM mail_queue WHERE status IN ('sent', 'bounced', 'failed', 'suppressed') "
		       "AND created_at < ?1 - 2592000",
	/* store_member_delete: the member's mail, settings and marks (their
	 * digests' and the hourly cap's, notify_mail.c). */
	[SQ_ERASE_MAIL] = "DELETE FROM mail_queue WHERE member_id = ?1 AND ?2 = ?2",
	[SQ_ERASE_MAIL_PREFS] = "DELETE FROM mail_prefs WHERE member_id = ?1 AND ?2 = ?2",
	[SQ_ERASE_MAIL_MARKS] = "DELETE FROM mail_marks WHERE key IN ('digest:daily:' || ?1, 'digest:weekly:' || ?1, "
				"'capped:' || ?1) AND ?2 = ?2",
	/* Mail events and settings (mail-notify: sqlite_mail_events.c).
	 * Column order of every event read by event_read() (16 columns): seq,
	 * kind (enum store_mail_kind), actor, actor's name, title, detail,
	 * topic, post, conversation, group, forum, section, link, created_at,
	 * read, member.  A reply or mention about a deleted topic, or a hidden
	 * or deleted post, is no event. */
	[SQ_MAIL_PREFS_GET] = "SELECT kind, mode FROM mail_prefs WHERE member_id = ?1",
	/* ?1 member, ?2..?6 the modes of reply, mention, message, invitation, decision. */
	[SQ_MAIL_PREFS_SET] = "INSERT INTO mail_prefs (member_id, kind, mode) VALUES (?1, 'reply', ?2), "
			      "(?1, 'mention', ?3), (?1, 'message', ?4), (?1, 'invitation', ?5), (?1, 'decision', ?6) "
			      "ON CONFLICT (member_id, kind) DO UPDATE SET mode = excluded.mode",
	/* ?1 after, ?2 limit, ?3 the notifications' kind. */
	[SQ_MAIL_EVENTS_NOTIF] = MAIL_NOTIF_EVENT "WHERE n.id > ?1 AND n.kind = ?3 AND " MAIL_NOTIF_LIVE
				 "ORDER BY n.id LIMIT ?2",
	/* A message, once per other current member (not muted, there when it
	 * came): a muted conversation sends no email. */
	[SQ_MAIL_EVENTS_MESSAGE] = MAIL_MESSAGE_EVENT "WHERE m.id > ?1 ORDER BY m.id, cm.member_id LIMIT ?2",
	[SQ_MAIL_EVENTS_INVITATION] = MAIL_INVITATION_EVENT "WHERE i.id > ?1 AND i.member_id IS NOT NULL "
				      "ORDER BY i.id LIMIT ?2",
	/* ?1 member, ?2 kinds (mask of 1 << kind), ?3 since, ?4 limit.  A
	 * parameter compared where a partial index has a constant (decided_at
	 * > 0) is written +?N, so the plan does not hang on its value (see
	 * BLOG_POSTS_WHERE_OF); so in SQ_MAIL_DIGEST_MEMBERS too. */
	[SQ_MAIL_DIGEST_ITEMS] =
		"SELECT * FROM (" MAIL_NOTIF_EVENT "WHERE n.member_id = ?1 AND n.created_at > ?3 AND n.read_at IS NULL "
		"AND (n.kind = 'reply' AND ?2 & 2 OR n.kind = 'mention' AND ?2 & 4 OR n.kind = 'moderation' AND ?2 & 32) "
		"AND " MAIL_NOTIF_LIVE
		/* Messages: one line per conversation with unread ones. */
		"UNION ALL SELECT (SELECT max(x.id) FROM messages x WHERE x.conversation_id = c.id), 3, 0, '', "
		"c.subject, CAST(cm.unread AS TEXT), 0, 0, c.id, 0, 0, '', '/messages/' || c.id, c.last_message_at, 0, "
		"cm.member_id FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id "
		"WHERE cm.member_id = ?1 AND ?2 & 8 AND cm.unread > 0 AND cm.left_at IS NULL AND cm.muted = 0 "
		"AND c.last_message_at > ?3 "
		"UNION ALL " MAIL_INVITATION_EVENT "WHERE i.member_id = ?1 AND ?2 & 16 AND i.status = 'pending' "
		"AND i.created_at > ?3 "
		"UNION ALL SELECT v.id, 5, coalesce(v.decided_by, 0), '', 'Your verification as a doctor', "
		"'verification ' || v.status, 0, 0, 0, 0, 0, '', '/verify', v.decided_at, 0, v.member_id "
		"FROM verifications v WHERE v.member_id = ?1 AND ?2 & 32 AND v.decided_at > ?3 AND v.status <> 'pending' "
		"UNION ALL SELECT b.id, 5, b.decided_by, '', b.blog_title, 'blog ' || b.status, 0, 0, 0, 0, 0, '', "
		"CASE WHEN bf.slug IS NULL THEN '/blogs/apply' ELSE '/b/' || bf.slug END, b.decided_at, 0, b.member_id "
		"FROM blogger_applications b LEFT JOIN forums bf ON bf.id = b.blog_id WHERE b.member_id = ?1 "
		"AND ?2 & 32 AND b.decided_at > +?3 AND b.status <> 'pending' "
		"UNION ALL SELECT g.forum_id, 5, g.decided_by, '', f.name, CASE g.status WHEN 'declined' THEN "
		"'group declined' ELSE 'group approved' END, 0, 0, 0, g.forum_id, g.forum_id, 'group', "
		"CASE g.status WHEN 'declined' THEN '/groups' ELSE '/g/' || f.slug END, g.decided_at, 0, g.requester_id "
		"FROM groups g JOIN forums f ON f.id = g.forum_id WHERE g.requester_id = ?1 AND ?2 & 32 "
		"AND g.decided_at > +?3 AND g.status <> 'pending' "
		"UNION ALL SELECT w.id, 5, w.actor, '', 'A moderator''s warning', 'warning', 0, 0, 0, 0, 0, '', "
		"'/notifications', w.at, 0, ?1 FROM audit_log w WHERE w.action = 'member.warn' "
		"AND w.target = 'member:' || ?1 AND ?2 & 32 AND w.at > ?3 "
		/* A register import's withdrawal (sqlite_verify.c withdraw())
		 * is kept only in the log; there are few (one per verified
		 * doctor erased), so audit_log_action finds them. */
		"UNION ALL SELECT w.id, 5, 0, '', 'Your verification as a doctor', 'verification withdrawn', 0, 0, 0, "
		"0, 0, '', '/verify', w.at, 0, ?1 FROM audit_log w WHERE w.action = 'verification.withdraw' "
		"AND w.target = 'member:' || ?1 AND ?2 & 32 AND w.at > ?3) "
		"ORDER BY 14 DESC, 1 DESC LIMIT ?4",
	/* ?1 since, ?2 after this member, ?3 limit. */
	[SQ_MAIL_DIGEST_MEMBERS] =
		"SELECT id FROM (SELECT member_id AS id FROM notifications WHERE created_at > ?1 AND read_at IS NULL "
		"AND kind IN ('reply', 'mention', 'moderation') "
		"UNION SELECT cm.member_id FROM conversations c JOIN conversation_members cm "
		"ON cm.conversation_id = c.id WHERE c.last_message_at > ?1 AND cm.unread > 0 AND cm.left_at IS NULL "
		"AND cm.muted = 0 "
		"UNION SELECT member_id FROM group_invitations WHERE created_at > ?1 AND status = 'pending' "
		"AND member_id IS NOT NULL "
		"UNION SELECT member_id FROM verifications WHERE decided_at > ?1 "
		"UNION SELECT member_id FROM blogger_applications WHERE decided_at > +?1 AND decided_at > 0 "
		"UNION SELECT requester_id FROM groups WHERE decided_at > +?1 AND decided_at > 0 "
		"UNION SELECT CAST(substr(target, 8) AS INTEGER) FROM audit_log WHERE action = 'member.warn' "
		"AND at > ?1 "
		"UNION SELECT CAST(substr(target, 8) AS INTEGER) FROM audit_log WHERE action = 'verification.withdraw' "
		"AND at > ?1) WHERE id > ?2 ORDER BY id LIMIT ?3",

	/* Page views and the dashboard (dash-store: sqlite_dashboard.c;
	 * migration 15).  A batch adds to its rows (?1 day, ?2 bucket, ?3 n;
	 * ?1 month, ?2 kind, ?3 item, ?4 n). */
	[SQ_VIEWS_ADD] = "INSERT INTO page_views (day, bucket, views) VALUES (?1, ?2, ?3) "
			 "ON CONFLICT (day, bucket) DO UPDATE SET views = views + excluded.views",
	[SQ_VIEWS_ITEM_ADD] = "INSERT INTO page_view_items (month, kind, item_id, views) VALUES (?1, ?2, ?3, ?4) "
			      "ON CONFLICT (month, kind, item_id) DO UPDATE SET views = views + excluded.views",
	/* A day's salt (?2) is made once, and never for a day older than
	 * one that has a row (that day is closed). */
	[SQ_VIEWS_SALT_NEW] = "INSERT INTO page_view_days (day, salt) SELECT ?1, ?2 WHERE NOT EXISTS "
			      "(SELECT 1 FROM page_view_days WHERE day > ?1) ON CONFLICT (day) DO NOTHING",
	[SQ_VIEWS_SALT_GET] = "SELECT salt FROM page_view_days WHERE day = ?1",
	/* Closing the days before ?1: their readers counted, their salts and
	 * reader rows gone. */
	[SQ_VIEWS_CLOSE] = "UPDATE page_view_days SET readers = (SELECT count(*) FROM page_view_readers r "
			   "WHERE r.day = page_view_days.day), salt = NULL WHERE day < ?1 AND salt IS NOT NULL",
	[SQ_VIEWS_FORGET] = "DELETE FROM page_view_readers WHERE day < ?1",
	[SQ_VIEWS_DAY_OPEN] = "SELECT count(*) FROM page_view_days WHERE day = ?1 AND salt IS NOT NULL",
	[SQ_VIEWS_READER_ADD] = "INSERT INTO page_view_readers (day, reader) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
	/* store_gc: reader rows of any day that is not open (none should be). */
	[SQ_VIEWS_GC_READERS] = "DELETE FROM page_view_readers WHERE ?1 = ?1 AND NOT EXISTS (SELECT 1 FROM "
				"page_view_days d WHERE d.day = page_view_readers.day AND d.salt IS NOT NULL)",
	/* ?1 from, ?2 to. */
	[SQ_VIEWS_DAYS] = "SELECT day, sum(v), sum(r) FROM (SELECT day, views AS v, 0 AS r FROM page_views "
			  "WHERE day BETWEEN ?1 AND ?2 UNION ALL SELECT d.day, 0, CASE WHEN d.salt IS NULL THEN d.readers "
			  "ELSE (SELECT count(*) FROM page_view_readers x WHERE x.day = d.day) END FROM page_view_days d "
			  "WHERE d.day BETWEEN ?1 AND ?2) GROUP BY day HAVING sum(v) > 0 OR sum(r) > 0 ORDER BY day",
	[SQ_VIEWS_BUCKETS] = "SELECT day, bucket, views FROM page_views WHERE day BETWEEN ?1 AND ?2 "
			     "ORDER BY day, bucket",
	/* A month's (?1) most viewed that are live, `limit` ?2: id, title,
	 * the path piece to link it, views.  page_view_items_top gives them
	 * in order. */
	[SQ_VIEWS_TOP_TOPICS] = "SELECT t.id, t.title, '', v.views FROM page_view_items v JOIN topics t ON t.id = v.item_id "
				"JOIN forums f ON f.id = t.forum_id WHERE v.month = ?1 AND v.kind = 'topic' "
				"AND t.deleted_at IS NULL AND f.section IN ('open_clinical', 'closed_clinical', 'off_duty') "
				"ORDER BY v.views DESC, v.item_id LIMIT ?2",
	[SQ_VIEWS_TOP_BLOG] = "SELECT p.id, p.title, b.slug || '/' || p.slug, v.views FROM page_view_items v "
			      "JOIN blog_posts p ON p.id = v.item_id JOIN forums b ON b.id = p.blog_id "
			      "WHERE v.month = ?1 AND v.kind = 'blog_post' AND p.status = 'published' "
			      "ORDER BY v.views DESC, v.item_id LIMIT ?2",
	[SQ_VIEWS_TOP_LIBRARY] = "SELECT i.id, i.title, i.slug, v.views FROM page_view_items v "
				 "JOIN library_items i ON i.id = v.item_id WHERE v.month = ?1 AND v.kind = 'library_item' "
				 "AND i.withdrawn_at = 0 ORDER BY v.views DESC, v.item_id LIMIT ?2",
	/* Confirmed members not deleted, by one column: most first, then the key. */
	[SQ_DASH_BY_TYPE] = "SELECT type, count(*) FROM members WHERE confirmed = 1 AND deleted_at IS NULL "
			    "GROUP BY type ORDER BY 2 DESC, 1",
	[SQ_DASH_BY_COUNTRY] = "SELECT country, count(*) FROM members WHERE confirmed = 1 AND deleted_at IS NULL "
			       "GROUP BY country ORDER BY 2 DESC, 1",
	[SQ_DASH_BY_SPECIALTY] = "SELECT specialty, count(*) FROM members WHERE confirmed = 1 AND deleted_at IS NULL "
				 "GROUP BY specialty ORDER BY 2 DESC, 1",
	/* Joined per week (its Monday's day number) for weeks starting in
	 * [?1, ?2]. */
	[SQ_DASH_JOINED] = "SELECT created_at / 86400 - (created_at / 86400 + 3) % 7 AS w, count(*) FROM members "
			   "WHERE confirmed = 1 AND deleted_at IS NULL AND created_at >= ?1 * 86400 "
			   "AND created_at < (?2 + 7) * 86400 GROUP BY w HAVING w BETWEEN ?1 AND ?2 ORDER BY w",
	/* Verified doctors per day verified before ?2 (seconds); those before
	 * ?1 (seconds) as one day, -1. */
	[SQ_DASH_VERIFIED] = "SELECT CASE WHEN verified_at < ?1 THEN -1 ELSE verified_at / 86400 END AS d, count(*) "
			     "FROM members WHERE verified = 1 AND type = 'doctor' AND deleted_at IS NULL "
			     "AND verified_at < ?2 GROUP BY d ORDER BY d",
	[SQ_DASH_PENDING] = "SELECT (SELECT count(*) FROM verifications WHERE status = 'pending'), "
			    "(SELECT count(*) FROM blogger_applications WHERE status = 'pending'), "
			    "(SELECT count(*) FROM groups WHERE status = 'pending'), "
			    "(SELECT count(*) FROM flags WHERE status = 'open')",
	/* ?2 created_at; ?3 verified_at (0: kept; a member not verified keeps 0). */
	[SQ_MEMBER_BACKDATE] = "UPDATE members SET created_at = ?2, verified_at = CASE WHEN verified = 1 AND ?3 > 0 "
			       "THEN ?3 ELSE verified_at END WHERE id = ?1",
};
