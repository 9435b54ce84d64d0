/* statements.c: every SQL statement the PostgreSQL backend runs, in one
 * place, beside the SQLite backend's own (sqlite/statements.c), statement
 * for statement.
 *
 * Invariants: constant text with numbered parameters ($1, $2, ...) only;
 * nothing is ever built from input.  Each text is prepared once per
 * connection.  Emails are matched through email_lower, folded with
 * translate() over A-Z only: the same ASCII folding as SQLite's lower(),
 * whatever the database's locale. */
#include "pg_int.h"

#include "../store_search.h"

#define UPPER "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"
#define LOWER "'abcdefghijklmnopqrstuvwxyz'"
#define FOLD(x) "translate(" x ", " UPPER ", " LOWER ")"

/* Column order read by member_read() in pg_members.c; pw_hash last so
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

/* A member's handle as shown: "" once the account is deleted (and for
 * a LEFT JOIN that found no one, NULL reads as ""). */
#define HANDLE(m) "CASE WHEN " m ".deleted_at IS NULL THEN " m ".handle ELSE '' END"

/* Whether forum f's section is in the mask `m` (bit 1 << enum
 * store_section: open_clinical 0, closed_clinical 1, off_duty 2).  A
 * group's forum (section 'group') and a blog's (section 'blog') map to no
 * bit, so whatever the mask says (STORE_SECTIONS_ALL has bits 3 and 4)
 * they are never in a list spanning forums: a group's content is reached
 * through its group only, a blog's comments through their post. */
#define SECTION_IN(m)                                                                                       \
	"(" m " & CASE f.section WHEN 'open_clinical' THEN 1 WHEN 'closed_clinical' THEN 2 WHEN 'off_duty' " \
	"THEN 4 WHEN 'group' THEN 0 WHEN 'blog' THEN 0 ELSE 0 END) <> 0 "

/* Column order read by forum_read() in pg_forums.c. */
#define FORUM_COLS                                                                                          \
	"SELECT f.id, f.slug, f.name, f.description, f.section, f.position, f.archived, f.topic_count, "     \
	"f.post_count, f.last_post_at, f.created_at FROM forums f "

/* Column order read by topic_read() in pg_forums.c; $1 the reader. Seen:
 * a read mark; unread: none, or posts after it (never, without a reader). */
#define TOPIC_SELECT                                                                                        \
	"SELECT t.id, t.forum_id, t.author_id, t.title, a.name, " HANDLE("a") ", a.verified, f.slug, f.name, " \
	"f.section, t.created_at, t.last_post_at, t.last_post_id, t.reply_count, t.pinned, t.locked, "       \
	"t.deleted_at IS NOT NULL, la.name, " HANDLE("la") ", r.member_id IS NOT NULL, "                      \
	"$1::bigint <> 0 AND (r.member_id IS NULL OR t.last_post_id > r.last_post_id), "                    \
	"coalesce(r.last_post_id, 0), t.version, (SELECT authors FROM cache_versions) "                      \
	"FROM topics t JOIN forums f ON f.id = t.forum_id JOIN members a ON a.id = t.author_id "             \
	"LEFT JOIN posts lp ON lp.id = t.last_post_id LEFT JOIN members la ON la.id = lp.author_id "         \
	"LEFT JOIN topic_reads r ON r.topic_id = t.id AND r.member_id = $1 "

/* Column order read by pg_post_read() in pg_forums.c, `rd` the reader
 * (liked: looked up only for a post with likes).  A deleted post's text and image are never handed out; a
 * champion holds the role bit and a row for the topic's forum. */
#define POST_COLS(rd) POST_COLS_AS(rd, "CASE WHEN p.deleted_at IS NULL THEN p.body ELSE '' END")
/* The same with `body` the Markdown source's expression (see SQ_TOPIC_POSTS). */
#define POST_COLS_AS(rd, body)                                                                              \
	"p.id, p.topic_id, p.author_id, a.name, " HANDLE("a") ", a.verified, a.roles, "                     \
	"CASE WHEN (a.roles & 8) <> 0 THEN EXISTS (SELECT 1 FROM forum_champions c "                        \
	"WHERE c.forum_id = t.forum_id AND c.member_id = p.author_id) ELSE false END, "                      \
	body ", "                                                                                             \
	"CASE WHEN p.deleted_at IS NULL THEN p.body_html ELSE '' END, p.created_at, p.edited_at, "          \
	"p.edit_count, p.like_count, p.deleted_at IS NOT NULL, p.hidden_at IS NOT NULL, p.pick, "            \
	"CASE WHEN p.like_count > 0 THEN EXISTS (SELECT 1 FROM post_likes l WHERE l.post_id = p.id "         \
	"AND l.member_id = " rd ") ELSE false END, p.confirmed, "                                            \
	"p.number, t.forum_id, f.section, t.title, CASE WHEN p.deleted_at IS NULL THEN p.image ELSE '' END "
#define POST_FROM                                                                                           \
	"FROM posts p JOIN topics t ON t.id = p.topic_id JOIN forums f ON f.id = t.forum_id "                \
	"JOIN members a ON a.id = p.author_id "

/* Column order read by flag_read() in pg_posts.c: the flag's, then its
 * post's (POST_COLS from column 16). */
#define FLAG_SELECT                                                                                         \
	"SELECT fl.id, fl.post_id, fl.reporter, rp.name, " HANDLE("rp") ", fl.reason, fl.note, fl.status, "  \
	"fl.decision_note, fl.created_at, coalesce(fl.decided_at, 0), coalesce(fl.decided_by, 0), t.id, "    \
	"t.forum_id, t.title, f.name, " POST_COLS("0") POST_FROM "JOIN flags fl ON fl.post_id = p.id "        \
	"JOIN members rp ON rp.id = fl.reporter "

/* One notification of kind `k` to member $1, if a live member (see
 * PG_NOTIFY_MENTION). */
#define NOTIFY_ONE(k)                                                                                       \
	"INSERT INTO notifications (member_id, kind, actor_id, topic_id, post_id, created_at) "               \
	"SELECT m.id, " k ", $2::bigint, $3::bigint, $4::bigint, $5::bigint FROM members m "                  \
	"WHERE m.id = $1 AND m.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM topics t JOIN forums f "      \
	"ON f.id = t.forum_id WHERE t.id = $3::bigint AND f.section = 'group' AND NOT EXISTS (SELECT 1 "      \
	"FROM group_members g WHERE g.group_id = f.id AND g.member_id = m.id)) "

/* Column order read by group_read() in pg_groups.c, `rd` the reader
 * (their role; NULL, read as "", when not in it).  At most one owner row
 * per group: the group writes keep it so, under PG_GROUP_LOCK. */
#define GROUP_SELECT(rd)                                                                                    \
	"SELECT f.id, f.slug, f.name, f.description, g.audience, g.clinical, g.status, g.requester_id, "      \
	"rq.name, " HANDLE("rq") ", coalesce(o.member_id, 0), ow.name, " HANDLE("ow") ", g.reason, "           \
	"g.decided_at, g.member_count, f.topic_count, f.post_count, f.last_post_at, g.created_at, me.role "   \
	"FROM groups g JOIN forums f ON f.id = g.forum_id JOIN members rq ON rq.id = g.requester_id "         \
	"LEFT JOIN group_members o ON o.group_id = g.forum_id AND o.role = 'owner' "                          \
	"LEFT JOIN members ow ON ow.id = o.member_id "                                                        \
	"LEFT JOIN group_members me ON me.group_id = g.forum_id AND me.member_id = " rd " "

/* Column order read by invitation_read() in pg_groups.c; the invitee's
 * name and handle are NULL (read as "") for an invitation to an address. */
#define INVITE_SELECT                                                                                       \
	"SELECT i.id, i.group_id, coalesce(i.member_id, 0), i.inviter_id, i.email, m.name, " HANDLE("m") ", " \
	"iv.name, " HANDLE("iv") ", i.status, i.created_at, f.slug, f.name, f.description "                  \
	"FROM group_invitations i JOIN groups g ON g.forum_id = i.group_id JOIN forums f ON f.id = i.group_id " \
	"JOIN members iv ON iv.id = i.inviter_id LEFT JOIN members m ON m.id = i.member_id "

/* Column order read by app_read() in pg_blogs.c; the blog's slug is
 * NULL (read as "") before approval. */
#define BLOG_APP_SELECT                                                                                     \
	"SELECT a.id, a.member_id, m.name, " HANDLE("m") ", m.verified, a.blog_title, a.about, a.sample, "    \
	"a.status, a.reason, a.created_at, a.decided_at, coalesce(a.blog_id, 0), bf.slug "                   \
	"FROM blogger_applications a JOIN members m ON m.id = a.member_id "                                 \
	"LEFT JOIN forums bf ON bf.id = a.blog_id "

/* Column order read by blog_read() in pg_blogs.c: counts of published
 * posts only. */
#define BLOG_SELECT                                                                                         \
	"SELECT f.id, f.slug, f.name, f.description, b.owner_id, o.name, " HANDLE("o") ", o.verified, "       \
	"(SELECT count(*) FROM blog_posts p WHERE p.blog_id = b.forum_id AND p.status = 'published'), "       \
	"coalesce((SELECT max(p.published_at) FROM blog_posts p WHERE p.blog_id = b.forum_id "                \
	"AND p.status = 'published'), 0) AS last_at, b.created_at "                                            \
	"FROM blogs b JOIN forums f ON f.id = b.forum_id JOIN members o ON o.id = b.owner_id "

/* Column order read by bpost_read() in pg_blogs.c.  Tags and networks
 * come joined by U+001F (no tag or network holds it), each sorted as
 * SQLite compares (bytes); no topic: 0 comments, open. */
#define BLOG_POST_SELECT                                                                                    \
	"SELECT p.id, p.blog_id, p.author_id, f.slug, f.name, a.name, " HANDLE("a") ", a.verified, p.slug, "  \
	"p.title, p.summary, p.body, p.body_html, p.cover, p.status, p.publish_at, p.published_at, "         \
	"p.created_at, p.updated_at, p.edit_count, coalesce(p.topic_id, 0), coalesce(t.reply_count, 0), "    \
	"coalesce(t.locked, false), p.featured_at, "                                                        \
	"coalesce((SELECT string_agg(g.tag, chr(31) ORDER BY g.tag COLLATE \"C\") FROM blog_post_tags g "     \
	"WHERE g.post_id = p.id), ''), "                                                                     \
	"coalesce((SELECT string_agg(h.network, ',' ORDER BY h.network COLLATE \"C\") FROM blog_shares h "    \
	"WHERE h.post_id = p.id), '') "                                                                     \
	"FROM blog_posts p JOIN forums f ON f.id = p.blog_id JOIN members a ON a.id = p.author_id "           \
	"LEFT JOIN topics t ON t.id = p.topic_id "

/* Which posts store_blog_posts lists: $1 blog (0 any), $2 tag ('' any),
 * $3 status, $4 featured ones only. */
#define BLOG_POSTS_WHERE                                                                                    \
	"WHERE ($1::bigint = 0 OR p.blog_id = $1::bigint) AND p.status = $3::text "                          \
	"AND ($2::text = '' OR EXISTS (SELECT 1 FROM blog_post_tags g WHERE g.post_id = p.id "                \
	"AND g.tag = $2::text)) AND (NOT $4::boolean OR p.featured_at > 0) "

/* The library (pg_library.c), as SQLite's.  Column order read by
 * collection_read(): item_count counts the live items, any access. */
#define LIB_COLL_SELECT                                                                                       \
	"SELECT c.id, c.slug, c.name, c.about, c.position, (SELECT count(*) FROM library_item_collections ic "  \
	"JOIN library_items i ON i.id = ic.item_id WHERE ic.collection_id = c.id AND i.withdrawn_at = 0), "    \
	"c.created_at, c.updated_at FROM library_collections c "
/* Collections as SQLite orders them (position, then the name with ASCII
 * folded, as NOCASE, compared as bytes). */
#define LIB_COLL_ORDER(c) c ".position, " FOLD(c ".name") " COLLATE \"C\", " c ".id"
/* Column order read by item_read(): the item (body and body_html given,
 * '' in lists), its collections' ids in the collections' order joined by
 * ',', then its current file (the newest version of slot 0; NULLs when
 * none). */
#define LIB_ITEM_SELECT(body, html)                                                                           \
	"SELECT i.id, i.slug, i.kind, i.title, i.authors, i.about, " body ", " html ", i.access, i.cover, "     \
	"i.published_on, i.isbn, i.withdrawn_at, i.downloads, i.created_by, i.created_at, i.updated_at, "      \
	"(SELECT string_agg(ic.collection_id::text, ',' ORDER BY " LIB_COLL_ORDER("lc") ") "                   \
	"FROM library_item_collections ic JOIN library_collections lc ON lc.id = ic.collection_id "            \
	"WHERE ic.item_id = i.id), "                                                                           \
	"f.id, f.item_id, f.slot, f.version, f.name, f.sha256, f.mime, f.size, f.created_by, f.created_at "   \
	"FROM library_items i LEFT JOIN library_files f ON f.id = (SELECT g.id FROM library_files g "          \
	"WHERE g.item_id = i.id AND g.slot = 0 ORDER BY g.version DESC LIMIT 1) "
/* Which items a list holds: $1 a tsquery text over library_items.search
 * (made by pg_search_tsquery from the words; '' any), $2 a collection (0
 * any), $3 the mask of access levels (1 << enum store_library_access),
 * $4 withdrawn ones too, $5 a kind ('' any). */
#define LIB_ITEMS_WHERE                                                                                       \
	"WHERE ($1::text = '' OR i.search @@ to_tsquery('english', $1::text)) "                                  \
	"AND ($2::bigint = 0 OR EXISTS (SELECT 1 FROM library_item_collections ic "                            \
	"WHERE ic.collection_id = $2::bigint AND ic.item_id = i.id)) AND ($3::bigint & CASE i.access "          \
	"WHEN 'public' THEN 1 WHEN 'members' THEN 2 WHEN 'doctors' THEN 4 ELSE 0 END) <> 0 "                   \
	"AND ($4::boolean OR i.withdrawn_at = 0) AND ($5::text = '' OR i.kind = $5::text) "
_Static_assert(STORE_LIB_PUBLIC == 0 && STORE_LIB_MEMBERS == 1 && STORE_LIB_DOCTORS == 2,
	       "LIB_ITEMS_WHERE spells the access levels' bits");
#define LIB_FILE_SELECT                                                                                       \
	"SELECT f.id, f.item_id, f.slot, f.version, f.name, f.sha256, f.mime, f.size, f.created_by, "          \
	"f.created_at FROM library_files f "

/* Search (pg_search.c): the pieces its statements share.  $1 the
 * tsquery text (made in pg_search.c); a forum (f) is seen when its
 * section is in $2 and it is not archived (as the latest topics), or it
 * is a group's whose id is in $3; $4..$7 the reader's filters; $8 the
 * library levels or the reader.  Every text names all eight. */
#define SEARCH_Q(cfg) "to_tsquery('" cfg "', $1::text)"
#define SEARCH_SEEN                                                                                           \
	"((NOT f.archived AND " SECTION_IN("$2::bigint") ") OR (f.section = 'group' AND "                    \
	"f.id = ANY($3::text::bigint[]))) "
#define SEARCH_IN(col) "($4::bigint = 0 OR " col " = $4::bigint) "
#define SEARCH_BY(col) "($5::bigint = 0 OR " col " = $5::bigint) "
#define SEARCH_WHEN(col) "($6::bigint = 0 OR " col " >= $6::bigint) AND ($7::bigint = 0 OR " col " < $7::bigint) "
#define SEARCH_UNUSED(n) "$" #n "::bigint = $" #n "::bigint "
/* Ids a date filter leaves ($9 to $10: store_search_id_bounds), for
 * posts, whose ids follow their times; unused elsewhere. */
#define SEARCH_IDS(col) "AND " col " BETWEEN $9::bigint AND $10::bigint "
#define SEARCH_NO_IDS "AND $9::bigint = $9::bigint AND $10::bigint = $10::bigint "
/* The posts' vector as their word index holds it (migration 26). */
#define POST_WORDS "(p.search || rounds_slice(p.id))"
/* A kind's window: the newest STORE_SEARCH_WINDOW matches of `from`
 * (aliased w's id, search and time `at`), then ranked. */
#define SEARCH_WINDOW(cfg, inner)                                                                             \
	"SELECT w.id, ts_rank_cd(w.search, " SEARCH_Q(cfg) ")::float8, w.at FROM (" inner " LIMIT "            \
	STORE_SEARCH_WINDOW_SQL ") w"
/* PG_SEARCH_MEMBERS: how many matches the index counts before the key
 * walk is the faster way, and what a member found must be (its filters
 * name every parameter, as SEARCH_WINDOW's texts do). */
#define MEMBERS_FEW "3000"
#define MEMBER_FOUND                                                                                          \
	"m.deleted_at IS NULL AND NOT m.suspended AND m.confirmed AND " SEARCH_WHEN("m.created_at") "AND "     \
	SEARCH_UNUSED(2) "AND $3::text IS NOT NULL AND " SEARCH_UNUSED(4) "AND " SEARCH_UNUSED(5) "AND "       \
	SEARCH_UNUSED(8) SEARCH_NO_IDS

/* A snippet of `text`: the matched words between \x01 and \x02 (any
 * stored \x01 to \x04 taken out first).  ts_headline's parser drops what
 * looks like an HTML tag, so '<' and '>' go in as \x03 and \x04 and
 * pg_search.c turns them back: the snippet keeps the text as written. */
#define SEARCH_HEADLINE(cfg, text)                                                                            \
	"ts_headline('" cfg "', translate(" text ", '<>' || chr(1) || chr(2) || chr(3) || chr(4), "              \
	"chr(3) || chr(4)), " SEARCH_Q(cfg) ", 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || "              \
	"', MaxWords=30, MinWords=12')"

#define R(text) {text, false}
#define W(text) {text, true}

/* The mail queue (sqlite_mail.c, pg_mail.c): the columns mail_read() reads. */
#define MAIL_COLUMNS                                                                                          \
	"id, member_id, kind, address, subject, body_text, body_html, unsubscribe, status, attempts, next_at, " \
	"created_at, sent_at, last_error"

/* Mail events (mail-notify): the selects every event statement shares;
 * columns as read by event_read() in pg_mail_events.c. */
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
	"AND NOT cm.muted AND cm.joined_at <= m.created_at AND m.removed_at IS NULL "                       \
	"LEFT JOIN members a ON a.id = m.author_id "
#define MAIL_INVITATION_EVENT                                                                                \
	"SELECT i.id, 4, i.inviter_id, coalesce(a.name, ''), f.name, '', 0, 0, 0, i.group_id, i.group_id, "  \
	"'group', '/groups', i.created_at, i.status <> 'pending', i.member_id FROM group_invitations i "       \
	"JOIN forums f ON f.id = i.group_id LEFT JOIN members a ON a.id = i.inviter_id "

const struct pg_stmt pg_sql[PG_MAX] = {
	[PG_PING] = R("SELECT 1"),

	/* rounds check (pg_check), through amcheck: every table's pages and
	 * TOAST (verify_heapam answers a row per problem), then each B-tree
	 * index on its own, with heapallindexed so that a row missing from
	 * its index counts too (bt_index_check raises an error on damage). */
	[PG_CHECK_HAS_AMCHECK] = R("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'"),
	[PG_CHECK_ADD_AMCHECK] = W("CREATE EXTENSION IF NOT EXISTS amcheck"),
	[PG_CHECK_TABLES] = R("SELECT c.relname || ' block ' || coalesce(v.blkno::text, '?') || ': ' || v.msg "
			      "FROM pg_class c CROSS JOIN LATERAL verify_heapam(c.oid, check_toast => true) v "
			      "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'm') "
			      "LIMIT 100"),
	[PG_CHECK_INDEX_LIST] = R("SELECT c.oid::bigint, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
				  "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND i.indisvalid "
				  "AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname"),
	[PG_CHECK_INDEX] = R("SELECT bt_index_check($1::bigint::oid::regclass, true)"),
	/* The posts whose phrase pairs (migration 20) are not their words'. */
	[PG_CHECK_PAIRS] = R("SELECT count(*) FROM posts p LEFT JOIN post_pairs pp ON pp.post_id = p.id "
			     "WHERE pp.pairs IS DISTINCT FROM rounds_pairs(p.search)"),

	/* verified_at (dash-store): when a verified member became so, else 0. */
	[PG_MEMBER_INSERT] = W("INSERT INTO members (email, email_lower, name, handle, type, country, pw_hash, "
			       "roles, confirmed, verified, created_at, verified_at) "
			       "VALUES ($1, " FOLD("$1::text") ", $2, $3, $4, $5, $6, $7, $8, $9, $10, "
			       "CASE WHEN $9::boolean THEN $10::bigint ELSE 0 END) RETURNING id"),
	[PG_MEMBER_CONFLICT] = R("SELECT EXISTS (SELECT 1 FROM members WHERE email_lower = " FOLD("$1::text") "), "
				 "EXISTS (SELECT 1 FROM members WHERE lower(handle) = lower($2::text))"),
	[PG_MEMBER_BY_ID] = R(MEMBER_COLS "WHERE id = $1"),
	[PG_MEMBER_BY_HANDLE] = R(MEMBER_COLS "WHERE lower(handle) = lower($1::text) AND deleted_at IS NULL"),
	[PG_MEMBER_BY_EMAIL] = R(MEMBER_COLS "WHERE email_lower = " FOLD("$1::text")),
	[PG_MEMBER_COUNT] = R("SELECT count(*) FROM members WHERE deleted_at IS NULL"),
	[PG_MEMBER_PROFILE] = W("UPDATE members SET name = $2, country = $3, specialty = $4, grade = $5, bio = $6, "
				"timezone = $7 WHERE id = $1"),
	[PG_MEMBER_PASSWORD] = W("UPDATE members SET pw_hash = $2 WHERE id = $1"),
	[PG_MEMBER_ROLES] = W("UPDATE members SET roles = $2 WHERE id = $1"),
	[PG_MEMBER_SUSPENDED] = W("UPDATE members SET suspended = $2 WHERE id = $1"),
	/* $3 now: verified_at keeps the first time of a run of being verified. */
	[PG_MEMBER_VERIFIED] = W("UPDATE members SET verified_at = CASE WHEN NOT $2::boolean THEN 0 WHEN verified AND "
				 "verified_at > 0 THEN verified_at ELSE $3::bigint END, verified = $2 WHERE id = $1"),
	[PG_MEMBER_CONFIRM] = W("UPDATE members SET confirmed = true WHERE id = $1"),
	/* $1 a tsquery made by store_search_words (prefix terms joined by &),
	 * ranked, then newest first; $2 limit, $3 offset. */
	[PG_MEMBER_SEARCH] = R(MEMBER_COLS ", to_tsquery('simple', $1::text) q WHERE m.search @@ q "
			       "ORDER BY ts_rank(m.search, q) DESC, m.id DESC LIMIT $2 OFFSET $3"),

	[PG_VERIF_INSERT] = W("INSERT INTO verifications (member_id, authority, number, reg_name, name_key, note, status, "
			      "created_at, document, document_type, document_name) "
			      "VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10) RETURNING id"),
	[PG_VERIF_LATEST] = R(VERIF_COLS "WHERE v.member_id = $1 ORDER BY v.id DESC LIMIT 1"),
	[PG_VERIF_HISTORY] = R(VERIF_COLS "WHERE v.member_id = $1 ORDER BY v.id LIMIT $2"),
	[PG_VERIF_GET] = R(VERIF_COLS "WHERE v.id = $1"),
	[PG_VERIF_QUEUE] = R(VERIF_COLS "WHERE v.status = 'pending' ORDER BY v.created_at, v.id LIMIT $1 OFFSET $2"),
	/* Only a pending application can be decided, and only once. */
	[PG_VERIF_DECIDE] = W("UPDATE verifications SET status = $2, reason = $3, decided_by = $4, decided_at = $5 "
			      "WHERE id = $1 AND status = 'pending' RETURNING member_id"),

	/* The register import.  $1..$6: authority, number, name, name_key,
	 * status, now. */
	[PG_REGISTER_UPSERT] = W("INSERT INTO register_entries (authority, number, name, name_key, status, imported_at) "
				 "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (authority, number) DO UPDATE SET "
				 "name = excluded.name, name_key = excluded.name_key, status = excluded.status, "
				 "imported_at = excluded.imported_at"),
	/* Pending applications a registered row confirms ($3: one application,
	 * or 0 for all); $1 now, $2 the reason recorded. */
	[PG_REGISTER_APPROVE] = W("UPDATE verifications v SET status = 'approved', reason = $2, decided_by = 0, "
				  "decided_at = $1 WHERE v.status = 'pending' AND v.name_key <> '' "
				  "AND ($3::bigint = 0 OR v.id = $3::bigint) AND EXISTS (SELECT 1 FROM register_entries r "
				  "WHERE r.authority = v.authority AND r.number = v.number AND r.status = 'registered' "
				  "AND r.name_key = v.name_key) RETURNING v.member_id"),
	/* Verified doctors whose approved application this import ($1) lists
	 * as erased or suspended: first the champions among them lose the
	 * role (ROLE_CHAMPION, 8: it needs verification, roles.c), then all
	 * the verification, in the import's transaction. */
#define REGISTER_WITHDRAWN                                                                                    \
	"verified AND id IN (SELECT v.member_id FROM verifications v JOIN register_entries r "                \
	"ON r.authority = v.authority AND r.number = v.number "                                              \
	"WHERE v.status = 'approved' AND r.status IN ('erased', 'suspended') AND r.imported_at = $1) "
	[PG_REGISTER_UNCHAMPION] = W("UPDATE members SET roles = roles & ~8 WHERE (roles & 8) <> 0 AND " REGISTER_WITHDRAWN
				     "RETURNING id"),
	[PG_REGISTER_WITHDRAW] = W("UPDATE members SET verified = false, verified_at = 0 WHERE " REGISTER_WITHDRAWN
				   "RETURNING id, email, name"),

	/* The directory.  $1 the tsquery (or unused), $2..$5 country,
	 * specialty, grade, type ('' = any), $6 limit, $7 offset. */
#define DIR_WHERE "NOT m.suspended AND m.confirmed AND ($2 = '' OR m.country = $2) AND ($3 = '' OR m.specialty = $3) AND ($4 = '' OR m.grade = $4) AND ($5 = '' OR m.type = $5) "
	[PG_DIR_SEARCH] = R("SELECT " MEMBER_COLUMNS " FROM members m, to_tsquery('simple', $1::text) q "
			    "WHERE m.search @@ q AND " DIR_WHERE "ORDER BY ts_rank(m.search, q) DESC, m.id DESC "
			    "LIMIT $6 OFFSET $7"),
	[PG_DIR_SEARCH_COUNT] = R("SELECT count(*) FROM (SELECT 1 FROM members m WHERE m.search @@ "
				  "to_tsquery('simple', $1::text) AND " DIR_WHERE "AND $6::bigint IS NOT NULL AND "
				  "$7::bigint IS NOT NULL LIMIT CASE WHEN $8::bigint > 0 THEN $8::bigint END) c"),
	[PG_DIR_ALL] = R("SELECT " MEMBER_COLUMNS " FROM members m WHERE $1::text IS NOT NULL AND " DIR_WHERE
			 "ORDER BY lower(m.name), m.id LIMIT $6 OFFSET $7"),
	[PG_DIR_ALL_COUNT] = R("SELECT count(*) FROM (SELECT 1 FROM members m WHERE $1::text IS NOT NULL AND "
			       DIR_WHERE "AND $6::bigint IS NOT NULL AND $7::bigint IS NOT NULL "
			       "LIMIT CASE WHEN $8::bigint > 0 THEN $8::bigint END) c"),
	/* By specialty, grade or country: see SQ_DIR_BY. */
#define DIR_BY(col, p)                                                                                        \
	R("SELECT " MEMBER_COLUMNS " FROM members m WHERE $1::text IS NOT NULL AND m." col " = " p " AND "    \
	  DIR_WHERE "ORDER BY lower(m.name), m.id LIMIT $6 OFFSET $7"),                                         \
	R("SELECT count(*) FROM (SELECT 1 FROM members m WHERE $1::text IS NOT NULL AND m." col " = " p       \
	  " AND " DIR_WHERE "AND $6::bigint IS NOT NULL AND $7::bigint IS NOT NULL "                           \
	  "LIMIT CASE WHEN $8::bigint > 0 THEN $8::bigint END) c")
	[PG_DIR_SPECIALTY] = DIR_BY("specialty", "$3"),
	[PG_DIR_GRADE] = DIR_BY("grade", "$4"),
	[PG_DIR_COUNTRY] = DIR_BY("country", "$2"),
#undef DIR_BY
#undef DIR_WHERE

	/* Connections.  The pair index makes a second request either way a
	 * conflict. */
	[PG_CONN_INSERT] = W("INSERT INTO connections (requester, addressee, status, created_at) VALUES ($1, $2, 'pending', $3)"),
	[PG_CONN_ACCEPT] = W("UPDATE connections SET status = 'accepted', accepted_at = $3 "
			     "WHERE requester = $2 AND addressee = $1 AND status = 'pending'"),
	[PG_CONN_DECLINE] = W("DELETE FROM connections WHERE requester = $2 AND addressee = $1 AND status = 'pending'"),
	[PG_CONN_REMOVE] = W("DELETE FROM connections WHERE (requester = $1 AND addressee = $2) "
			     "OR (requester = $2 AND addressee = $1)"),
	[PG_CONN_STATE] = R("SELECT requester = $1, status = 'accepted' FROM connections "
			    "WHERE (requester = $1 AND addressee = $2) OR (requester = $2 AND addressee = $1)"),
	/* $1 member, $2 which (0 connected, 1 incoming, 2 outgoing), $3 limit, $4 offset. */
	[PG_CONN_LIST] = R(MEMBER_COLS "JOIN connections c ON (c.requester = m.id AND c.addressee = $1 AND "
			   "($2 = 0 AND c.status = 'accepted' OR $2 = 1 AND c.status = 'pending')) "
			   "OR (c.addressee = m.id AND c.requester = $1 AND "
			   "($2 = 0 AND c.status = 'accepted' OR $2 = 2 AND c.status = 'pending')) "
			   "WHERE NOT m.suspended ORDER BY CASE WHEN $2 = 0 THEN lower(m.name) END, "
			   "c.created_at DESC, m.id LIMIT $3 OFFSET $4"),

	/* Blocks. */
	/* Account deletion (see the SQLite texts). */
	[PG_MEMBER_ERASE] = W("UPDATE members SET deleted_at = $2, email = 'deleted-' || id || '@invalid', "
			      "email_lower = 'deleted-' || id || '@invalid', name = 'Former member', handle = 'former_' || id, "
			      "country = '', specialty = '', grade = '', bio = '', timezone = '', pw_hash = '', roles = 0, "
			      "confirmed = false, verified = false, verified_at = 0, suspended = false WHERE id = $1 "
			      "AND deleted_at IS NULL"),
	[PG_ERASE_TOKENS] = W("DELETE FROM tokens WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_SESSIONS] = W("DELETE FROM sessions WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_CONNECTIONS] = W("DELETE FROM connections WHERE (requester = $1 OR addressee = $1) AND $2::bigint = $2::bigint"),
	[PG_ERASE_BLOCKS] = W("DELETE FROM blocks WHERE (blocker = $1 OR blocked = $1) AND $2::bigint = $2::bigint"),
	[PG_ERASE_DOCUMENTS] = W("DELETE FROM uploads WHERE sha256 IN (SELECT document FROM verifications "
				 "WHERE member_id = $1 AND document <> '') AND NOT EXISTS (SELECT 1 FROM verifications v "
				 "WHERE v.document = uploads.sha256 AND v.member_id <> $1) AND NOT EXISTS (SELECT 1 FROM library_files lf "
				 "WHERE lf.sha256 = uploads.sha256) AND NOT EXISTS (SELECT 1 FROM library_items li "
				 "WHERE li.cover = uploads.sha256) AND $2::bigint = $2::bigint"),
	[PG_ERASE_VERIFICATIONS] = W("DELETE FROM verifications WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_CONVERSATIONS] = W("UPDATE conversation_members SET left_at = $2, unread = 0 "
				     "WHERE member_id = $1 AND left_at IS NULL"),
	/* What was theirs in the forums goes; what they wrote stays. */
	[PG_ERASE_CHAMPIONS] = W("DELETE FROM forum_champions WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_WATCHES] = W("DELETE FROM topic_watches WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_READS] = W("DELETE FROM topic_reads WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_NOTIFICATIONS] = W("DELETE FROM notifications WHERE member_id = $1 AND $2::bigint = $2::bigint"),

	[PG_BLOCK_INSERT] = W("INSERT INTO blocks (blocker, blocked, created_at) VALUES ($1, $2, $3)"),
	[PG_BLOCK_DELETE] = W("DELETE FROM blocks WHERE blocker = $1 AND blocked = $2"),
	/* Always one row: the aggregates over no rows give false. */
	[PG_BLOCK_STATE] = R("SELECT coalesce(bool_or(blocker = $1), false), coalesce(bool_or(blocker = $2), false) "
			     "FROM blocks WHERE (blocker = $1 AND blocked = $2) OR (blocker = $2 AND blocked = $1)"),
	[PG_BLOCK_LIST] = R(MEMBER_COLS "JOIN blocks b ON b.blocked = m.id WHERE b.blocker = $1 "
			    "ORDER BY b.created_at DESC, m.id LIMIT $2 OFFSET $3"),

	/* Private messages.  $1 is the conversation, $2 the member acting. */
	[PG_CONV_INSERT] = W("INSERT INTO conversations (subject, created_by, created_at, last_message_at) "
			     "VALUES ($1, $2, $3, $3) RETURNING id"),
	[PG_CONV_ADD_MEMBER] = W("INSERT INTO conversation_members (conversation_id, member_id, joined_at) "
				 "VALUES ($1, $2, $3)"),
	/* Another current member who blocked $2 or whom $2 blocked. */
	[PG_CONV_BLOCKED] = R("SELECT cm.member_id FROM conversation_members cm JOIN blocks b "
			      "ON (b.blocker = cm.member_id AND b.blocked = $2) "
			      "OR (b.blocker = $2 AND b.blocked = cm.member_id) "
			      "WHERE cm.conversation_id = $1 AND cm.left_at IS NULL AND cm.member_id <> $2 LIMIT 1"),
	[PG_CONV_IS_MEMBER] = R("SELECT 1 FROM conversation_members WHERE conversation_id = $1 AND member_id = $2 "
				"AND left_at IS NULL"),
	[PG_MSG_INSERT] = W("INSERT INTO messages (conversation_id, author_id, body, body_html, created_at) "
			    "VALUES ($1, $2, $3, $4, $5) RETURNING id"),
	/* A new message from $2: unread for every other current member, and
	 * everything read for its author. */
	[PG_MSG_COUNT] = W("UPDATE conversation_members SET unread = CASE WHEN member_id = $2 THEN 0 ELSE unread + 1 END "
			   "WHERE conversation_id = $1 AND left_at IS NULL"),
	[PG_CONV_TOUCH] = W("UPDATE conversations SET last_message_at = $2 WHERE id = $1"),
#define CONV_COLS "SELECT c.id, c.subject, c.created_by, c.created_at, c.last_message_at, cm.unread, cm.muted "
	[PG_CONV_GET] = R(CONV_COLS "FROM conversations c JOIN conversation_members cm ON cm.conversation_id = c.id "
			  "AND cm.member_id = $2 AND cm.left_at IS NULL WHERE c.id = $1"),
	[PG_CONV_MEMBERS] = R(MEMBER_COLS "JOIN conversation_members cm ON cm.member_id = m.id "
			      "WHERE cm.conversation_id = $1 AND cm.left_at IS NULL ORDER BY cm.joined_at, m.id"),
	/* $1 reader, $2 limit, $3 offset; the last column names the others. */
	[PG_CONV_LIST] = R(CONV_COLS ", (SELECT string_agg(m.name, ', ' ORDER BY o.joined_at, m.id) "
			   "FROM conversation_members o JOIN members m ON m.id = o.member_id "
			   "WHERE o.conversation_id = c.id AND o.left_at IS NULL AND o.member_id <> $1) "
			   "FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id "
			   "WHERE cm.member_id = $1 AND cm.left_at IS NULL ORDER BY c.last_message_at DESC, c.id DESC "
			   "LIMIT $2 OFFSET $3"),
#undef CONV_COLS
	[PG_CONV_COUNT] = R("SELECT count(*) FROM conversation_members WHERE member_id = $1 AND left_at IS NULL"),
	/* $3 the action (enum store_conv_action: 0 read, 1 mute, 2 unmute, 3
	 * leave), $4 now.  The casts fix the parameters' types, which CASE
	 * alone would leave as text. */
	[PG_CONV_ACT] = W("UPDATE conversation_members SET "
			  "unread = CASE WHEN $3::int IN (0, 3) THEN 0 ELSE unread END, "
			  "muted = CASE $3::int WHEN 1 THEN true WHEN 2 THEN false ELSE muted END, "
			  "left_at = CASE WHEN $3::int = 3 THEN $4::bigint END "
			  "WHERE conversation_id = $1 AND member_id = $2 AND left_at IS NULL"),
	/* $1 conversation, $2 before (0: newest), $3 limit: the newest page,
	 * oldest first. */
	[PG_CONV_MESSAGES] = R("SELECT * FROM (SELECT msg.id, msg.conversation_id, msg.author_id, m.name, CASE WHEN m.deleted_at IS NULL THEN m.handle ELSE '' END, "
			       "m.verified, msg.body, msg.body_html, msg.created_at, msg.removed_at IS NOT NULL "
			       "FROM messages msg JOIN members m ON m.id = msg.author_id WHERE msg.conversation_id = $1 "
			       "AND ($2::bigint = 0 OR msg.id < $2::bigint) ORDER BY msg.id DESC LIMIT $3) page ORDER BY 1"),
	/* $1 author, $2 after, $3 limit: columns as PG_CONV_MESSAGES. */
	[PG_MSG_BY_AUTHOR] = R("SELECT msg.id, msg.conversation_id, msg.author_id, m.name, CASE WHEN m.deleted_at IS NULL THEN m.handle ELSE '' END, m.verified, "
			       "msg.body, msg.body_html, msg.created_at, msg.removed_at IS NOT NULL FROM messages msg "
			       "JOIN members m ON m.id = msg.author_id WHERE msg.author_id = $1 AND msg.id > $2 "
			       "ORDER BY msg.id LIMIT $3"),
	[PG_MSG_UNREAD] = R("SELECT coalesce(sum(unread), 0) FROM conversation_members "
			    "WHERE member_id = $1 AND left_at IS NULL AND NOT muted"),
	/* Only a current member who did not write it may report a message: no
	 * row inserted means STORE_ENOTFOUND.  The casts type the parameters,
	 * which a SELECT list would leave as text. */
	[PG_REPORT_INSERT] = W("INSERT INTO message_reports (message_id, reporter, reason, created_at) "
			       "SELECT msg.id, $2::bigint, $3::text, $4::bigint FROM messages msg JOIN conversation_members cm "
			       "ON cm.conversation_id = msg.conversation_id AND cm.member_id = $2::bigint AND cm.left_at IS NULL "
			       "WHERE msg.id = $1 AND msg.author_id <> $2::bigint AND msg.removed_at IS NULL RETURNING id"),
	[PG_REPORT_QUEUE] = R("SELECT r.id, r.message_id, r.reporter, rp.name, CASE WHEN rp.deleted_at IS NULL THEN rp.handle ELSE '' END, r.reason, r.status, r.note, "
			      "r.created_at, coalesce(r.decided_at, 0), coalesce(r.decided_by, 0), "
			      "msg.id, msg.conversation_id, msg.author_id, a.name, CASE WHEN a.deleted_at IS NULL THEN a.handle ELSE '' END, a.verified, msg.body, "
			      "msg.body_html, msg.created_at, msg.removed_at IS NOT NULL "
			      "FROM message_reports r JOIN members rp ON rp.id = r.reporter "
			      "JOIN messages msg ON msg.id = r.message_id JOIN members a ON a.id = msg.author_id "
			      "WHERE r.status = 'open' ORDER BY r.id LIMIT $1 OFFSET $2"),
	/* $2 status, $3 note, $4 editor, $5 now. */
	[PG_REPORT_DECIDE] = W("UPDATE message_reports SET status = $2, note = $3, decided_by = $4, decided_at = $5 "
			       "WHERE id = $1 AND status = 'open' RETURNING message_id"),
	[PG_MSG_REMOVE] = W("UPDATE messages SET body = '', body_html = '', removed_at = $2, removed_by = $3 "
			    "WHERE id = $1"),
	/* The other open reports of a removed message ($1), closed with it. */
	[PG_REPORT_CLOSE] = W("UPDATE message_reports SET status = 'removed', note = $2, decided_by = $3, decided_at = $4 "
			      "WHERE message_id = $1 AND status = 'open'"),

	[PG_TOKEN_INSERT] = W("INSERT INTO tokens (hash, kind, member_id, expires_at) VALUES ($1, $2, $3, $4)"),
	/* One statement, so two takers can never both win. */
	[PG_TOKEN_TAKE] = W("UPDATE tokens SET used_at = $3 "
			    "WHERE hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3 "
			    "RETURNING member_id"),
	[PG_TOKEN_CHECK] = R("SELECT member_id FROM tokens "
			     "WHERE hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3"),

	[PG_SESSION_INSERT] = W("INSERT INTO sessions (hash, member_id, bearer, created_at, expires_at) "
				"VALUES ($1, $2, $3, $4, $5)"),
	/* Every signed-in request runs it.  Session columns follow the member's,
	 * then the unread messages (as PG_MSG_UNREAD) and the unread
	 * notifications up to the cap (as PG_NOTIF_UNREAD, on its partial
	 * index). */
	[PG_SESSION_MEMBER] = R("SELECT " MEMBER_COLUMNS ", s.expires_at, s.bearer, "
				"(SELECT coalesce(sum(unread), 0) FROM conversation_members "
				"WHERE member_id = m.id AND unread > 0 AND left_at IS NULL AND NOT muted), "
				"(SELECT count(*) FROM (SELECT 1 FROM notifications WHERE member_id = m.id "
				"AND read_at IS NULL LIMIT " STORE_UNREAD_CAP_SQL ") u) "
				"FROM sessions s JOIN members m ON m.id = s.member_id WHERE s.hash = $1 AND s.expires_at > $2"),
	[PG_SESSION_GET] = R("SELECT member_id, expires_at, bearer FROM sessions WHERE hash = $1 AND expires_at > $2"),
	[PG_SESSION_DELETE] = W("DELETE FROM sessions WHERE hash = $1"),
	[PG_SESSION_DELETE_MEMBER] = W("DELETE FROM sessions WHERE member_id = $1"),

	/* $1 key, $2 now, $3 window, as in SQLite: the SET expressions all see
	 * the old row.  The row lock of ON CONFLICT serializes hits on one key
	 * across every node. */
	[PG_RATE_HIT] = W("INSERT INTO rate_limits AS r (key, window_start, window_len, count) "
			  "VALUES ($1, $2, $3, 1) ON CONFLICT (key) DO UPDATE SET "
			  "count = CASE WHEN r.window_start + r.window_len > $2 THEN r.count + 1 ELSE 1 END, "
			  "window_len = CASE WHEN r.window_start + r.window_len > $2 THEN r.window_len ELSE $3 END, "
			  "window_start = CASE WHEN r.window_start + r.window_len > $2 THEN r.window_start ELSE $2 END "
			  "RETURNING count, window_start + window_len"),
	[PG_RATE_PEEK] = R("SELECT count, window_start + window_len FROM rate_limits "
			   "WHERE key = $1 AND window_start + window_len > $2"),
	[PG_RATE_CLEAR] = W("DELETE FROM rate_limits WHERE key = $1"),
	[PG_GC_SESSIONS] = W("DELETE FROM sessions WHERE expires_at <= $1"),
	[PG_GC_TOKENS] = W("DELETE FROM tokens WHERE expires_at <= $1 OR used_at IS NOT NULL"),
	[PG_GC_RATES] = W("DELETE FROM rate_limits WHERE window_start + window_len <= $1"),

	[PG_SETTING_GET] = R("SELECT value FROM settings WHERE key = $1"),
	/* The no-op update makes RETURNING give the value that was already
	 * there, so set-if-absent and read-back are one atomic statement. */
	[PG_SETTING_INIT] = W("INSERT INTO settings AS t (key, value) VALUES ($1, $2) "
			      "ON CONFLICT (key) DO UPDATE SET value = t.value RETURNING value"),

	[PG_AUDIT_INSERT] = W("INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)"),

	/* $1 job, $2 now, $3 period: a row comes back only for the one caller
	 * that moved next_at forward, on whichever node it runs. */
	[PG_JOB_CLAIM] = W("INSERT INTO jobs AS j (name, next_at, runs) VALUES ($1, $2::bigint + $3::bigint, 1) "
			   "ON CONFLICT (name) DO UPDATE SET next_at = $2::bigint + $3::bigint, runs = j.runs + 1 "
			   "WHERE j.next_at <= $2::bigint RETURNING runs"),
	[PG_NOTIFY] = W("SELECT pg_notify('rounds_changed', $1::text)"),

	/* Uploads, the bytes in the row.  Exists first, so a file stored
	 * already is not sent again; a second put of the same bytes keeps the
	 * first row.  The get is read with binary results (the bytes as they
	 * are, not hex), so its numbers come as text casts. */
	[PG_UPLOAD_EXISTS] = R("SELECT 1 FROM uploads WHERE sha256 = $1"),
	[PG_UPLOAD_INSERT] = W("INSERT INTO uploads (sha256, mime, size, created_at, data) VALUES ($1, $2, $3, $4, $5) "
			       "ON CONFLICT (sha256) DO NOTHING"),
	[PG_UPLOAD_GET] = R("SELECT mime, size::text, created_at::text, data FROM uploads WHERE sha256 = $1"),
	[PG_UPLOAD_STAT] = R("SELECT mime, size, created_at FROM uploads WHERE sha256 = $1"),
	/* Read with binary results: the size as text, then only bytes $2
	 * (1-based) to $2 + $3 - 1 (data is EXTERNAL: only the TOAST chunks
	 * that hold them are read). */
	[PG_UPLOAD_READ] = R("SELECT size::text, substring(data FROM $2::int FOR $3::int) FROM uploads "
			     "WHERE sha256 = $1"),

	/* ---- Forums (pg_forums.c, pg_posts.c) ---- */

	[PG_FORUM_INSERT] = W("INSERT INTO forums (slug, name, description, section, position, created_at) "
			      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"),
	[PG_FORUM_UPDATE] = W("UPDATE forums SET name = $2, description = $3, position = $4, archived = $5 "
			      "WHERE id = $1 RETURNING slug"),
	/* By section in the enum's order, then position, then name as SQLite
	 * compares it (bytes).  Never a group's or a blog's forum: the three
	 * sections by name, for forums_section (migration 24). */
	[PG_FORUM_LIST] = R(FORUM_COLS "WHERE f.section IN ('open_clinical', 'closed_clinical', 'off_duty') AND ($1::boolean OR NOT f.archived) "
			    "ORDER BY CASE f.section "
			    "WHEN 'open_clinical' THEN 0 WHEN 'closed_clinical' THEN 1 ELSE 2 END, f.position, "
			    "f.name COLLATE \"C\", f.id"),
	[PG_FORUM_BY_SLUG] = R(FORUM_COLS "WHERE lower(f.slug) = lower($1::text)"),
	[PG_FORUM_BY_ID] = R(FORUM_COLS "WHERE f.id = $1"),
	[PG_FORUM_SLUG] = R("SELECT slug FROM forums WHERE id = $1"),
	/* $2 topics and $3 posts to add (negative: take away); $4 a post's
	 * time (0 leaves last_post_at as it is).  The row lock queues a
	 * forum's writers. */
	[PG_FORUM_COUNTS] = W("UPDATE forums SET topic_count = topic_count + $2::bigint, "
			      "post_count = post_count + $3::bigint, last_post_at = GREATEST(last_post_at, $4::bigint) "
			      "WHERE id = $1 RETURNING archived"),

	[PG_CHAMPION_INSERT] = W("INSERT INTO forum_champions (forum_id, member_id, created_at) VALUES ($1, $2, $3) "
				 "ON CONFLICT DO NOTHING"),
	[PG_CHAMPION_DELETE] = W("DELETE FROM forum_champions WHERE forum_id = $1 AND member_id = $2"),
	/* $2 true: sets ROLE_CHAMPION (8); false: clears it once the member
	 * champions no forum. */
	[PG_CHAMPION_ROLE] = W("UPDATE members SET roles = CASE WHEN $2::boolean THEN roles | 8 "
			       "WHEN EXISTS (SELECT 1 FROM forum_champions c WHERE c.member_id = $1) THEN roles "
			       "ELSE roles & ~8::bigint END WHERE id = $1 AND deleted_at IS NULL"),
	[PG_CHAMPION_LIST] = R(MEMBER_COLS "JOIN forum_champions c ON c.member_id = m.id "
			       "WHERE c.forum_id = $1 AND (m.roles & 8) <> 0 ORDER BY lower(m.name), m.id"),
	[PG_CHAMPION_IS] = R("SELECT EXISTS (SELECT 1 FROM forum_champions c JOIN members m ON m.id = c.member_id "
			     "WHERE c.forum_id = $1 AND c.member_id = $2 AND (m.roles & 8) <> 0)"),

	/* Topics.  Every read is TOPIC_SELECT, $1 the reader (0: none). */
	[PG_TOPIC_INSERT] = W("INSERT INTO topics (forum_id, author_id, title, created_at, last_post_at) "
			      "VALUES ($1, $2, $3, $4, $4) RETURNING id"),
	/* Taken first by a reply or a delete: concurrent writers of one topic
	 * queue here, so numbers and the latest post come out right.  NO KEY:
	 * rows that only refer to the topic (likes' notifications, watches)
	 * are not held up, which would deadlock with a delete. */
	[PG_TOPIC_LOCK] = W("SELECT t.locked, f.archived, t.forum_id FROM topics t JOIN forums f ON f.id = t.forum_id "
			    "WHERE t.id = $1 AND t.deleted_at IS NULL FOR NO KEY UPDATE OF t"),
	/* $2 the new post, $3 its time, $4 replies added (0 for the first). */
	[PG_TOPIC_POSTED] = W("UPDATE topics SET last_post_id = $2, last_post_at = $3, "
			      "reply_count = reply_count + $4::bigint WHERE id = $1"),
	[PG_TOPIC_GET] = R(TOPIC_SELECT "WHERE t.id = $2"),
	/* The page's ids first, from the index (topics_forum_live, migration
	 * 23): see SQ_TOPIC_LIST. */
	[PG_TOPIC_LIST] = R(TOPIC_SELECT "WHERE t.id IN (SELECT id FROM topics WHERE forum_id = $2 AND deleted_at IS NULL "
			    "ORDER BY pinned DESC, last_post_at DESC, id DESC LIMIT $3 OFFSET $4) "
			    "ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC"),
	[PG_TOPIC_TOTAL] = R("SELECT topic_count FROM forums WHERE id = $1"),
	/* $2 sections, $3 unread only, $4 since, $5 limit, $6 offset.  Unread:
	 * never read and posted to since $4, or posted to after the mark.  The
	 * page's ids first (see SQ_TOPIC_LATEST), the newest $5 + $6 of two
	 * walks: topics_latest newest first (unread, never read, stopping at
	 * $4), and, unread, the reader's read marks with posts after them.
	 * Each branch's own LIMIT makes the planner walk the index; without,
	 * it sorted every topic (35 ms at 100,000).  (The inner f is the
	 * branch's own forums, for SECTION_IN.) */
	[PG_TOPIC_LATEST] = R(TOPIC_SELECT "WHERE t.id IN (SELECT u.id FROM ((SELECT l.id, l.last_post_at AS at "
			      "FROM topics l JOIN forums f ON f.id = l.forum_id LEFT JOIN topic_reads lr "
			      "ON lr.topic_id = l.id AND lr.member_id = $1 WHERE l.last_post_at >= CASE WHEN "
			      "$3::boolean THEN $4::bigint ELSE -9223372036854775808 END AND (NOT $3::boolean OR "
			      "lr.member_id IS NULL) AND l.deleted_at IS NULL AND NOT f.archived AND "
			      SECTION_IN("$2::bigint") "ORDER BY l.last_post_at DESC, l.id DESC LIMIT $5::bigint + $6::bigint) "
			      "UNION ALL (SELECT l.id, l.last_post_at FROM topic_reads lr JOIN topics l "
			      "ON l.id = lr.topic_id JOIN forums f ON f.id = l.forum_id WHERE $3::boolean AND "
			      "lr.member_id = $1 AND l.last_post_id > lr.last_post_id AND l.deleted_at IS NULL AND "
			      "NOT f.archived AND " SECTION_IN("$2::bigint") "ORDER BY l.last_post_at DESC, l.id DESC "
			      "LIMIT $5::bigint + $6::bigint)) u ORDER BY u.at DESC, u.id DESC LIMIT $5 OFFSET $6) "
			      "ORDER BY t.last_post_at DESC, t.id DESC"),
	[PG_TOPIC_BY_AUTHOR] = R(TOPIC_SELECT "WHERE t.author_id = $2 AND t.deleted_at IS NULL AND "
				 SECTION_IN("$3::bigint") "ORDER BY t.id DESC LIMIT $4"),
	[PG_TOPIC_TITLE] = W("UPDATE topics SET title = $2 WHERE id = $1"),
	[PG_TOPIC_DELETE] = W("UPDATE topics SET deleted_at = $2, deleted_by = $3 WHERE id = $1 "
			      "RETURNING forum_id, reply_count"),
	/* A reply deleted: one fewer, and the latest live post again. */
	[PG_TOPIC_UNPOST] = W("UPDATE topics t SET reply_count = t.reply_count - 1, (last_post_id, last_post_at) = "
			      "(SELECT p.id, p.created_at FROM posts p WHERE p.topic_id = t.id AND p.deleted_at IS NULL "
			      "ORDER BY p.number DESC LIMIT 1) WHERE t.id = $1 RETURNING t.forum_id"),
	[PG_TOPIC_PIN] = W("UPDATE topics SET pinned = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING author_id"),
	[PG_TOPIC_LOCKED] = W("UPDATE topics SET locked = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING author_id"),
	/* The self-join gives the forum it was in. */
	[PG_TOPIC_MOVE] = W("UPDATE topics t SET forum_id = $2 FROM topics o WHERE t.id = $1 AND o.id = t.id "
			    "AND t.deleted_at IS NULL RETURNING t.author_id, o.forum_id, t.reply_count, t.last_post_at"),

	/* Posts.  Number: the topic's highest + 1, under PG_TOPIC_LOCK; a
	 * reply in a blog's topic is a comment (blog_comment, migration 18). */
	[PG_POST_INSERT] = W("INSERT INTO posts (topic_id, author_id, number, body, body_html, confirmed, created_at, "
			     "image, blog_comment) SELECT $1::bigint, $2::bigint, coalesce(max(number), 0) + 1, $3::text, "
			     "$4::text, $5::boolean, $6::bigint, $7::text, count(*) > 0 AND EXISTS (SELECT 1 FROM topics t "
			     "JOIN forums f ON f.id = t.forum_id WHERE t.id = $1::bigint AND f.section = 'blog') "
			     "FROM posts WHERE topic_id = $1::bigint RETURNING id"),
	[PG_POST_GET] = R("SELECT " POST_COLS("$1::bigint") POST_FROM "WHERE p.id = $2"),
	/* A page by number, not OFFSET, and no Markdown source: see SQ_TOPIC_POSTS. */
	[PG_TOPIC_POSTS] = R("SELECT " POST_COLS_AS("$1::bigint", "''") POST_FROM "WHERE p.topic_id = $2 AND p.number > $4 "
			     "ORDER BY p.number LIMIT $3"),
	/* Which of the posts $2 (an array) member $1 likes (store_posts_liked). */
	[PG_POSTS_LIKED] = R("SELECT post_id FROM post_likes WHERE member_id = $1 AND post_id = ANY ($2::text::bigint[])"),
	[PG_POST_EXPORT] = R("SELECT " POST_COLS("0") POST_FROM "WHERE p.author_id = $1 AND p.id > $2 "
			     "AND p.deleted_at IS NULL ORDER BY p.id LIMIT $3"),
	[PG_POST_BY_AUTHOR] = R("SELECT " POST_COLS("0") POST_FROM "WHERE p.author_id = $1 AND p.deleted_at IS NULL "
				"AND t.deleted_at IS NULL AND " SECTION_IN("$2::bigint") "ORDER BY p.id DESC LIMIT $3"),
	/* A live post of a live topic, locked. */
	[PG_POST_FOR_EDIT] = W("SELECT p.author_id, p.number, p.topic_id FROM posts p JOIN topics t ON t.id = p.topic_id "
			       "WHERE p.id = $1 AND p.deleted_at IS NULL AND t.deleted_at IS NULL FOR NO KEY UPDATE OF p"),
	/* The text the post had, kept before it changes. */
	[PG_EDIT_INSERT] = W("INSERT INTO post_edits (post_id, editor_id, body, edited_at) "
			     "SELECT id, $2::bigint, body, $3::bigint FROM posts WHERE id = $1"),
	/* $6 a new image, or '' to keep the one it has. */
	[PG_POST_UPDATE] = W("UPDATE posts SET body = $2, body_html = $3, confirmed = $4, edited_at = $5, "
			     "edit_count = edit_count + 1, image = CASE WHEN $6::text = '' THEN image ELSE $6::text END "
			     "WHERE id = $1"),
	[PG_POST_HISTORY] = R("SELECT e.id, e.post_id, e.editor_id, m.name, " HANDLE("m") ", e.body, e.edited_at "
			      "FROM post_edits e JOIN members m ON m.id = e.editor_id WHERE e.post_id = $1 "
			      "ORDER BY e.id DESC"),
	/* A delete locks the post's topic first, as a reply does. */
	[PG_POST_TOPIC_LOCK] = W("SELECT t.id FROM posts p JOIN topics t ON t.id = p.topic_id WHERE p.id = $1 "
				 "FOR NO KEY UPDATE OF t"),
	/* Only a live post of a live topic; its topic and number come back. */
	[PG_POST_DELETE] = W("UPDATE posts p SET deleted_at = $2, deleted_by = $3 FROM topics t "
			     "WHERE p.id = $1 AND p.deleted_at IS NULL AND t.id = p.topic_id AND t.deleted_at IS NULL "
			     "RETURNING p.topic_id, p.number"),
	/* Moderation: a live post of a live topic. */
	[PG_POST_PICK] = W("UPDATE posts p SET pick = $2 FROM topics t WHERE p.id = $1 AND p.deleted_at IS NULL "
			   "AND t.id = p.topic_id AND t.deleted_at IS NULL RETURNING p.author_id, p.topic_id"),
	/* $2 hide or show, $3 now, $4 the actor (hidden again: the first stay). */
	[PG_POST_HIDE] = W("UPDATE posts p SET hidden_at = CASE WHEN $2::boolean THEN coalesce(p.hidden_at, $3::bigint) END, "
			   "hidden_by = CASE WHEN $2::boolean THEN coalesce(p.hidden_by, $4::bigint) END FROM topics t "
			   "WHERE p.id = $1 AND p.deleted_at IS NULL AND t.id = p.topic_id AND t.deleted_at IS NULL "
			   "RETURNING p.author_id, p.topic_id"),
	/* No row: no such live post (the key refuses a second like). */
	[PG_LIKE_INSERT] = W("INSERT INTO post_likes (post_id, member_id, created_at) "
			     "SELECT p.id, $2::bigint, $3::bigint FROM posts p WHERE p.id = $1 AND p.deleted_at IS NULL"),
	[PG_LIKE_DELETE] = W("DELETE FROM post_likes WHERE post_id = $1 AND member_id = $2"),
	[PG_LIKE_COUNT] = W("UPDATE posts SET like_count = like_count + $2::bigint WHERE id = $1 "
			    "RETURNING author_id, topic_id"),

	/* Reading and watching.  No row from the SELECT: no such topic (to
	 * watch: no such live one). */
	[PG_WATCH_ADD] = W("INSERT INTO topic_watches AS w (member_id, topic_id, created_at) "
			   "SELECT $1::bigint, t.id, $3::bigint FROM topics t WHERE t.id = $2 AND t.deleted_at IS NULL "
			   "ON CONFLICT (member_id, topic_id) DO UPDATE SET created_at = w.created_at"),
	[PG_WATCH_DELETE] = W("DELETE FROM topic_watches WHERE member_id = $1 AND topic_id = $2"),
	[PG_WATCHING] = R("SELECT EXISTS (SELECT 1 FROM topic_watches WHERE member_id = $1 AND topic_id = $2)"),
	/* The mark only moves forward. */
	[PG_READ_MARK] = W("INSERT INTO topic_reads AS r (member_id, topic_id, last_post_id, read_at) "
			   "SELECT $1::bigint, t.id, $3::bigint, $4::bigint FROM topics t WHERE t.id = $2 "
			   "ON CONFLICT (member_id, topic_id) DO UPDATE SET "
			   "last_post_id = GREATEST(r.last_post_id, excluded.last_post_id), read_at = excluded.read_at"),

	/* Notifications: $1 the member told, $2 the actor, $3 topic, $4 post,
	 * $5 now; never to a deleted member.  A mention once per member and
	 * post; a like once per liker and post. */
	[PG_NOTIFY_MENTION] = W(NOTIFY_ONE("'mention'") "AND NOT EXISTS (SELECT 1 FROM notifications n "
				"WHERE n.member_id = m.id AND n.post_id = $4::bigint AND n.kind = 'mention')"),
	[PG_NOTIFY_LIKE] = W(NOTIFY_ONE("'like'") "AND NOT EXISTS (SELECT 1 FROM notifications n "
			     "WHERE n.member_id = m.id AND n.post_id = $4::bigint AND n.kind = 'like' "
			     "AND n.actor_id = $2::bigint)"),
	[PG_NOTIFY_MOD] = W(NOTIFY_ONE("'moderation'")),
	/* A reply ($3) by $2: every other watcher of topic $1 not mentioned in it. */
	[PG_NOTIFY_WATCHERS] = W("INSERT INTO notifications (member_id, kind, actor_id, topic_id, post_id, created_at) "
				 "SELECT w.member_id, 'reply', $2::bigint, w.topic_id, $3::bigint, $4::bigint "
				 "FROM topic_watches w JOIN members m ON m.id = w.member_id WHERE w.topic_id = $1 "
				 "AND w.member_id <> $2::bigint AND m.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.member_id = w.member_id "
				 "AND n.post_id = $3::bigint AND n.kind = 'mention') ORDER BY w.member_id"),
	[PG_NOTIF_LIST] = R("SELECT n.id, n.member_id, n.actor_id, n.topic_id, n.post_id, n.kind, a.name, "
			    HANDLE("a") ", t.title, f.section, n.created_at, n.read_at IS NOT NULL, t.forum_id "
			    "FROM notifications n JOIN topics t ON t.id = n.topic_id JOIN forums f ON f.id = t.forum_id "
			    "LEFT JOIN members a ON a.id = n.actor_id WHERE n.member_id = $1 "
			    "ORDER BY n.id DESC LIMIT $2 OFFSET $3"),
	[PG_NOTIF_UNREAD] = R("SELECT count(*) FROM notifications WHERE member_id = $1 AND read_at IS NULL"),
	/* $2: one notification, or 0 for all; one read already keeps its time. */
	[PG_NOTIF_READ] = W("UPDATE notifications SET read_at = coalesce(read_at, $3::bigint) WHERE member_id = $1 "
			    "AND ($2::bigint = 0 AND read_at IS NULL OR id = $2::bigint)"),

	/* Flags.  No row from the SELECT: no such live post (of a live
	 * topic); the partial index refuses a second open flag by one
	 * reporter. */
	[PG_FLAG_INSERT] = W("INSERT INTO flags (post_id, reporter, reason, note, created_at) "
			     "SELECT p.id, $2::bigint, $3::text, $4::text, $5::bigint FROM posts p JOIN topics t "
			     "ON t.id = p.topic_id WHERE p.id = $1 AND p.deleted_at IS NULL AND t.deleted_at IS NULL "
			     "RETURNING id"),
	/* $1 champion (0: every forum's), $2 limit, $3 offset. */
	[PG_FLAG_QUEUE] = R(FLAG_SELECT "WHERE fl.status = 'open' AND ($1::bigint = 0 OR EXISTS (SELECT 1 "
			    "FROM forum_champions c JOIN members cm ON cm.id = c.member_id WHERE c.forum_id = t.forum_id "
			    "AND c.member_id = $1::bigint AND (cm.roles & 8) <> 0)) ORDER BY fl.id LIMIT $2 OFFSET $3"),
	[PG_FLAG_GET] = R(FLAG_SELECT "WHERE fl.id = $1"),
	/* $2 status, $3 note, $4 actor, $5 now: decided once. */
	[PG_FLAG_DECIDE] = W("UPDATE flags SET status = $2, decision_note = $3, decided_by = $4, decided_at = $5 "
			     "WHERE id = $1 AND status = 'open' RETURNING post_id"),
	/* The post's ($1) other open flags close with it. */
	[PG_FLAG_CLOSE] = W("UPDATE flags SET status = $2, decision_note = $3, decided_by = $4, decided_at = $5 "
			    "WHERE post_id = $1 AND status = 'open'"),
	/* A flag decided "hide" hides the post ($1) whatever became of it;
	 * $2 now, $3 the actor (hidden already: the first stay). */
	[PG_FLAG_HIDE] = W("UPDATE posts SET hidden_at = coalesce(hidden_at, $2::bigint), "
			   "hidden_by = coalesce(hidden_by, $3::bigint) WHERE id = $1"),

	/* $1 action prefix ('' any), $2 actor (negative: any), $3 limit, $4
	 * offset.  Actor 0, the command line, has no member row. */
	[PG_AUDIT_LIST] = R("SELECT l.id, l.at, l.actor, m.name, " HANDLE("m") ", l.action, l.target, l.detail "
			    "FROM audit_log l LEFT JOIN members m ON m.id = l.actor WHERE starts_with(l.action, $1::text) "
			    "AND ($2::bigint < 0 OR l.actor = $2::bigint) ORDER BY l.id DESC LIMIT $3 OFFSET $4"),

	/* Polls: read in pg_forums.c, voted in pg_posts.c.  $1 is always the
	 * topic. */
	[PG_POLL_INSERT] = W("INSERT INTO polls (topic_id, question, multiple, closes_at) VALUES ($1, $2, $3, $4)"),
	[PG_POLL_OPTION_INSERT] = W("INSERT INTO poll_options (topic_id, position, label) VALUES ($1, $2, $3)"),
	/* The poll and its options in one statement (one snapshot, so the
	 * counts agree), $2 the reader (0: none, who voted for nothing). */
	[PG_POLL_GET] = R("SELECT p.question, p.multiple, p.closes_at, p.voters, EXISTS (SELECT 1 FROM poll_votes v "
			  "WHERE v.topic_id = p.topic_id AND v.member_id = $2::bigint), o.id, o.label, o.votes, "
			  "EXISTS (SELECT 1 FROM poll_votes v WHERE v.option_id = o.id AND v.member_id = $2::bigint) "
			  "FROM polls p JOIN poll_options o ON o.topic_id = p.topic_id WHERE p.topic_id = $1 "
			  "ORDER BY o.position"),
	/* A vote locks its poll first: votes on one poll queue here, so one
	 * member's concurrent votes cannot both find they have not voted.
	 * Whether they have is the next statement's question, asked once the
	 * lock is held (a snapshot taken before the wait would not see the
	 * votes of the transaction waited for).  No row: no poll, or its
	 * topic is deleted. */
	[PG_POLL_LOCK] = W("SELECT p.multiple, p.closes_at FROM polls p JOIN topics t ON t.id = p.topic_id "
			   "WHERE p.topic_id = $1 AND t.deleted_at IS NULL FOR NO KEY UPDATE OF p"),
	[PG_POLL_VOTED] = R("SELECT EXISTS (SELECT 1 FROM poll_votes WHERE topic_id = $1 AND member_id = $2)"),
	/* $2 an option, $3 the member, $4 now: no row when the option is not
	 * the poll's; the key refuses the same option twice. */
	[PG_POLL_VOTE_INSERT] = W("INSERT INTO poll_votes (topic_id, option_id, member_id, created_at) "
				  "SELECT o.topic_id, o.id, $3::bigint, $4::bigint FROM poll_options o "
				  "WHERE o.id = $2 AND o.topic_id = $1"),
	[PG_POLL_OPTION_VOTED] = W("UPDATE poll_options SET votes = votes + 1 WHERE topic_id = $1 AND id = $2"),
	[PG_POLL_VOTERS] = W("UPDATE polls SET voters = voters + 1 WHERE topic_id = $1"),

	/* The editors' list: $1 limit, $2 offset (the partial index
	 * posts_confirmed holds these posts). */
	[PG_POST_CONFIRMED] = R("SELECT " POST_COLS("0") POST_FROM "WHERE p.confirmed AND p.deleted_at IS NULL "
				"AND t.deleted_at IS NULL ORDER BY p.id DESC LIMIT $1 OFFSET $2"),

	/* ---- Groups (pg_groups.c) ----
	 *
	 * A group is its forum (section 'group') and its row, keyed by the
	 * forum's id.  Every write to a group first locks its row
	 * (PG_GROUP_LOCK), so a group's writers queue there: its one owner,
	 * its member_count and the checks made before an invitation hold. */

	[PG_GROUP_INSERT] = W("INSERT INTO groups (forum_id, requester_id, audience, clinical, created_at) "
			      "VALUES ($1, $2, $3, $4, $5)"),
	/* $1 the reader (0: none), $2 the group. */
	[PG_GROUP_GET] = R(GROUP_SELECT("$1") "WHERE g.forum_id = $2"),
	[PG_GROUP_BY_SLUG] = R(GROUP_SELECT("$1") "WHERE lower(f.slug) = lower($2::text)"),
	/* $1 the member: the groups they are in, then those they asked for
	 * that are pending or declined (in none of which they are), by name. */
	[PG_GROUP_MINE] = R(GROUP_SELECT("$1") "WHERE (me.member_id IS NOT NULL AND g.status NOT IN ('pending', 'declined')) "
			    "OR (g.requester_id = $1 AND g.status IN ('pending', 'declined')) "
			    "ORDER BY g.status IN ('pending', 'declined'), lower(f.name), f.id"),
	/* $1 a status ('': any), $2 limit, $3 offset: pending groups first,
	 * oldest first; the rest by name. */
	[PG_GROUP_LIST] = R(GROUP_SELECT("0") "WHERE $1::text = '' OR g.status = $1::text "
			    "ORDER BY g.status <> 'pending', CASE WHEN g.status = 'pending' THEN g.created_at ELSE 0 END, "
			    "CASE WHEN g.status = 'pending' THEN '' ELSE lower(f.name) END, f.id LIMIT $2 OFFSET $3"),
	/* No row: no such group; a NULL role: $2 is not in it. */
	[PG_GROUP_ROLE] = R("SELECT g.status, m.role FROM groups g LEFT JOIN group_members m "
			    "ON m.group_id = g.forum_id AND m.member_id = $2 WHERE g.forum_id = $1"),
	/* Taken first by every write to a group.  NO KEY: the rows that
	 * refer to the group (members, invitations) are not held up. */
	[PG_GROUP_LOCK] = W("SELECT g.status, f.slug FROM groups g JOIN forums f ON f.id = g.forum_id "
			    "WHERE g.forum_id = $1 FOR NO KEY UPDATE OF g"),
	/* $2 the status it moves to, $3 reason, $4 editor, $5 now: a pending
	 * group only; approved, it has its first member (the owner row is
	 * the next statement). */
	[PG_GROUP_DECIDE] = W("UPDATE groups SET status = $2, reason = $3, decided_by = $4, decided_at = $5, "
			      "member_count = CASE WHEN $2::text = 'active' THEN 1 ELSE member_count END "
			      "WHERE forum_id = $1 AND status = 'pending' RETURNING requester_id"),
	/* $2 the status, $3 reason, $4 actor, $5 now, $6 whether it is an
	 * editor's decision (suspending, or lifting it), which the group
	 * keeps with its reason; an owner's archiving keeps the last one. */
	[PG_GROUP_STATUS] = W("UPDATE groups SET status = $2, "
			      "reason = CASE WHEN $6::boolean THEN $3::text ELSE reason END, "
			      "decided_by = CASE WHEN $6::boolean THEN $4::bigint ELSE decided_by END, "
			      "decided_at = CASE WHEN $6::boolean THEN $5::bigint ELSE decided_at END WHERE forum_id = $1"),
	/* Whenever the group is not active (pending, declined, archived,
	 * suspended), its forum is archived: the forum writes refuse. */
	[PG_GROUP_FORUM_ARCHIVED] = W("UPDATE forums SET archived = $2 WHERE id = $1"),
	[PG_GROUP_COUNT] = W("UPDATE groups SET member_count = member_count + $2::bigint WHERE forum_id = $1"),
	/* Owner, co-owners, members; each by name. */
	[PG_GROUP_MEMBERS] = R("SELECT gm.member_id, m.name, " HANDLE("m") ", m.verified, m.suspended, gm.role, "
			       "gm.created_at FROM group_members gm JOIN members m ON m.id = gm.member_id "
			       "WHERE gm.group_id = $1 ORDER BY CASE gm.role WHEN 'owner' THEN 0 WHEN 'coowner' THEN 1 "
			       "ELSE 2 END, lower(m.name), m.id"),
	[PG_GROUP_MEMBER_GET] = R("SELECT gm.role, m.handle FROM group_members gm JOIN members m ON m.id = gm.member_id "
				  "WHERE gm.group_id = $1 AND gm.member_id = $2"),
	/* The key refuses a second row for one member. */
	[PG_GROUP_MEMBER_INSERT] = W("INSERT INTO group_members (group_id, member_id, role, created_at) "
				     "VALUES ($1, $2, $3, $4)"),
	[PG_GROUP_MEMBER_ROLE] = W("UPDATE group_members SET role = $3 WHERE group_id = $1 AND member_id = $2"),
	[PG_GROUP_MEMBER_DELETE] = W("DELETE FROM group_members WHERE group_id = $1 AND member_id = $2"),
	/* A handover: the owner until now stays as a co-owner. */
	[PG_GROUP_OWNER_STEP_DOWN] = W("UPDATE group_members SET role = 'coowner' WHERE group_id = $1 AND role = 'owner'"),
	/* One who leaves (or is removed from) group $1 stops watching its
	 * topics, and what they were told about them is read ($3 now). */
	[PG_GROUP_UNWATCH] = W("DELETE FROM topic_watches w USING topics t WHERE t.id = w.topic_id AND t.forum_id = $1 "
			       "AND w.member_id = $2"),
	[PG_GROUP_NOTIF_READ] = W("UPDATE notifications n SET read_at = $3 FROM topics t WHERE t.id = n.topic_id "
				  "AND t.forum_id = $1 AND n.member_id = $2 AND n.read_at IS NULL"),
	/* The member invited: their address (folded) and handle. */
	[PG_GROUP_INVITEE] = R("SELECT email_lower, handle FROM members WHERE id = $1 AND deleted_at IS NULL"),
	/* $1 group, $2 member (0 for an address), $3 the address: whether
	 * the one invited (the member, or whoever holds the address) is in the
	 * group, or has a pending invitation to it, as a member or at that
	 * address. */
	[PG_GROUP_INVITE_CONFLICT] = R("SELECT EXISTS (SELECT 1 FROM group_members gm JOIN members m ON m.id = gm.member_id "
				       "WHERE gm.group_id = $1 AND (m.id = $2 OR m.email_lower = " FOLD("$3::text") ")) "
				       "OR EXISTS (SELECT 1 FROM group_invitations i LEFT JOIN members m ON m.id = i.member_id "
				       "WHERE i.group_id = $1 AND i.status = 'pending' AND (i.member_id = $2 "
				       "OR i.email = " FOLD("$3::text") " OR m.email_lower = " FOLD("$3::text") "))"),
	/* $2 member, or 0 and $3 the address (kept folded, and given back
	 * for the audit); $4 inviter, $5 now.  The partial indexes refuse a
	 * second pending one. */
	[PG_GROUP_INVITE_INSERT] = W("INSERT INTO group_invitations (group_id, member_id, email, inviter_id, created_at) "
				     "VALUES ($1, NULLIF($2::bigint, 0), CASE WHEN $2::bigint = 0 THEN " FOLD("$3::text")
				     " ELSE '' END, $4, $5) RETURNING id, email"),
	[PG_GROUP_INVITATIONS] = R(INVITE_SELECT "WHERE i.group_id = $1 AND i.status = 'pending' "
				   "ORDER BY i.created_at DESC, i.id DESC"),
	/* $1 member, $2 their address: pending, to them or to the address,
	 * in active groups. */
	[PG_GROUP_INVITATIONS_FOR] = R(INVITE_SELECT "WHERE i.status = 'pending' AND g.status = 'active' "
				       "AND (i.member_id = $1 OR (i.member_id IS NULL AND i.email = " FOLD("$2::text") ")) "
				       "ORDER BY i.created_at DESC, i.id DESC"),
	[PG_GROUP_INVITATION_GET] = R(INVITE_SELECT "WHERE i.id = $1"),
	[PG_GROUP_INVITATION_GROUP] = R("SELECT group_id FROM group_invitations WHERE id = $1"),
	/* $2 member, $3 their address, $4 accept, $5 now: a pending one to
	 * them or to the address.  Answered, it becomes theirs (a member's
	 * invitation has no address: the table's check). */
	[PG_GROUP_INVITATION_ANSWER] = W("UPDATE group_invitations SET "
					 "status = CASE WHEN $4::boolean THEN 'accepted' ELSE 'declined' END, decided_at = $5, "
					 "member_id = $2::bigint, email = '' "
					 "WHERE id = $1 AND status = 'pending' AND (member_id = $2::bigint "
					 "OR (member_id IS NULL AND email = " FOLD("$3::text") ")) "
					 "RETURNING (SELECT handle FROM members WHERE id = $2::bigint)"),
	/* $2 the group, $3 now: who it was to, for the audit. */
	[PG_GROUP_INVITATION_REVOKE] = W("UPDATE group_invitations i SET status = 'revoked', decided_at = $3 "
					 "WHERE i.id = $1 AND i.group_id = $2 AND i.status = 'pending' RETURNING "
					 "CASE WHEN i.member_id IS NULL THEN i.email "
					 "ELSE (SELECT handle FROM members WHERE id = i.member_id) END"),

	/* An account deletion (as SQLite's): out of their groups, their
	 * waiting invitations withdrawn; counts first. */
	[PG_ERASE_GROUP_COUNTS] = W("UPDATE groups SET member_count = member_count - 1 WHERE forum_id IN "
				    "(SELECT group_id FROM group_members WHERE member_id = $1 AND role <> 'owner') "
				    "AND $2::bigint = $2::bigint"),
	[PG_ERASE_GROUPS] = W("DELETE FROM group_members WHERE member_id = $1 AND role <> 'owner' "
			      "AND $2::bigint = $2::bigint"),
	[PG_ERASE_INVITATIONS] = W("UPDATE group_invitations SET status = 'revoked', decided_at = $2 "
				   "WHERE member_id = $1 AND status = 'pending'"),
	[PG_ERASE_REQUESTS] = W("UPDATE groups SET status = 'declined', reason = 'The requester left Rounds.', "
				"decided_at = $2 WHERE requester_id = $1 AND status = 'pending'"),
	/* A group suspended (as SQLite's): its unread notifications read. */
	[PG_GROUP_NOTES_CLOSE] = W("UPDATE notifications n SET read_at = $2 FROM topics t WHERE t.id = n.topic_id "
				   "AND t.forum_id = $1 AND n.read_at IS NULL"),

	/* ---- Blogs (pg_blogs.c) ----
	 *
	 * A blog is its forum (section 'blog') and its row, keyed by the
	 * forum's id.  Every write to a post first locks its row
	 * (PG_BLOG_POST_LOCK, or PG_BLOG_DUE for the scheduler, which skips
	 * rows another writer holds), so a post's writers queue there. */

	/* $1 member, $2..$4 title, about, sample, $5 now.  No row: they keep
	 * a blog; the partial index refuses a second pending application. */
	[PG_BLOG_APPLY] = W("INSERT INTO blogger_applications (member_id, blog_title, about, sample, created_at) "
			    "SELECT $1::bigint, $2::text, $3::text, $4::text, $5::bigint WHERE NOT EXISTS "
			    "(SELECT 1 FROM blogs WHERE owner_id = $1::bigint) RETURNING id"),
	/* $1 member (0 any), $2 status ('' any), $3 limit, $4 offset: pending
	 * ones first, oldest first; the rest newest first. */
	[PG_BLOG_APPS] = R(BLOG_APP_SELECT "WHERE ($1::bigint = 0 OR a.member_id = $1::bigint) "
			   "AND ($2::text = '' OR a.status = $2::text) ORDER BY a.status <> 'pending', "
			   "CASE WHEN a.status = 'pending' THEN a.created_at ELSE -a.created_at END, "
			   "CASE WHEN a.status = 'pending' THEN a.id ELSE -a.id END LIMIT $3 OFFSET $4"),
	[PG_BLOG_APP_GET] = R(BLOG_APP_SELECT "WHERE a.id = $1"),
	/* Taken first by a decision: its status, member, title, about, and
	 * whether the member keeps a blog already. */
	[PG_BLOG_APP_LOCK] = W("SELECT a.status, a.member_id, a.blog_title, a.about, EXISTS (SELECT 1 FROM blogs b "
			       "WHERE b.owner_id = a.member_id) FROM blogger_applications a WHERE a.id = $1 "
			       "FOR NO KEY UPDATE"),
	/* $2 status, $3 reason, $4 editor, $5 now, $6 the blog made (0: none). */
	[PG_BLOG_APP_DECIDE] = W("UPDATE blogger_applications SET status = $2, reason = $3, decided_by = $4, "
				 "decided_at = $5, blog_id = NULLIF($6::bigint, 0) WHERE id = $1 AND status = 'pending'"),
	/* The key on owner_id refuses a second blog for one member. */
	[PG_BLOG_INSERT] = W("INSERT INTO blogs (forum_id, owner_id, created_at) VALUES ($1, $2, $3)"),
	/* ROLE_BLOGGER spelt 4; a deleted member gains no role. */
	[PG_BLOG_ROLE] = W("UPDATE members SET roles = roles | 4 WHERE id = $1 AND deleted_at IS NULL"),
	[PG_BLOG_GET] = R(BLOG_SELECT "WHERE b.forum_id = $1"),
	[PG_BLOG_BY_SLUG] = R(BLOG_SELECT "WHERE lower(f.slug) = lower($1::text)"),
	[PG_BLOG_OF] = R(BLOG_SELECT "WHERE b.owner_id = $1"),
	/* Newest published post first; then the rest by title as SQLite
	 * compares it (NOCASE: ASCII folded). */
	[PG_BLOG_LIST] = R(BLOG_SELECT "ORDER BY last_at DESC, " FOLD("f.name") " COLLATE \"C\", f.id "
			   "LIMIT $1 OFFSET $2"),
	[PG_BLOG_UPDATE] = W("UPDATE forums f SET name = $2, description = $3 FROM blogs b "
			     "WHERE b.forum_id = f.id AND f.id = $1"),
	/* Locks the blog against its deletion while a post is written. */
	[PG_BLOG_EXISTS] = R("SELECT 1 FROM blogs WHERE forum_id = $1 FOR KEY SHARE"),
	/* $1 blog, $2 author, $3..$8 slug, title, summary, body, body_html,
	 * cover, $9 status, $10 publish_at, $11 published_at, $12 now.  The
	 * index on (blog_id, lower(slug)) refuses a slug taken in the blog. */
	[PG_BLOG_POST_INSERT] = W("INSERT INTO blog_posts (blog_id, author_id, slug, title, summary, body, body_html, "
				  "cover, status, publish_at, published_at, created_at, updated_at) "
				  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id"),
	[PG_BLOG_TAG_INSERT] = W("INSERT INTO blog_post_tags (post_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING"),
	[PG_BLOG_TAGS_CLEAR] = W("DELETE FROM blog_post_tags WHERE post_id = $1"),
	/* Taken first by every write to a post: its status, title, summary,
	 * body, topic (0: none yet), author, featured_at. */
	[PG_BLOG_POST_LOCK] = W("SELECT status, title, summary, body, coalesce(topic_id, 0), author_id, featured_at, "
				"blog_id FROM blog_posts WHERE id = $1 FOR NO KEY UPDATE"),
	/* The version before an edit by $2 at $3. */
	[PG_BLOG_REVISION_INSERT] = W("INSERT INTO blog_post_revisions (post_id, title, summary, body, editor_id, "
				      "edited_at) SELECT id, title, summary, body, $2, $3 FROM blog_posts WHERE id = $1"),
	/* $2..$6 title, summary, body, body_html, cover, $7 status, $8
	 * publish_at, $9 now, $10 whether it counts as an edit.  Published
	 * for the first time: published_at is now. */
	[PG_BLOG_POST_UPDATE] = W("UPDATE blog_posts SET title = $2, summary = $3, body = $4, body_html = $5, cover = $6, "
				  "status = $7, publish_at = $8, published_at = CASE WHEN $7::text = 'published' "
				  "AND published_at = 0 THEN $9::bigint ELSE published_at END, updated_at = $9, "
				  "edit_count = edit_count + CASE WHEN $10::boolean THEN 1 ELSE 0 END WHERE id = $1"),
	/* The scheduler's publication ($2 now) of a post it holds (no edit:
	 * updated_at stays, as SQLite's). */
	[PG_BLOG_POST_PUBLISH] = W("UPDATE blog_posts SET status = 'published', publish_at = 0, "
				   "published_at = CASE WHEN published_at = 0 THEN $2::bigint ELSE published_at END "
				   "WHERE id = $1 RETURNING title, summary, coalesce(topic_id, 0), author_id, blog_id"),
	[PG_BLOG_POST_TOPIC] = W("UPDATE blog_posts SET topic_id = $2 WHERE id = $1"),
	/* A post leaves published ($2 now, $3 actor): its live topic goes,
	 * giving what the forum's counts lose. */
	[PG_BLOG_TOPIC_HIDE] = W("UPDATE topics SET deleted_at = $2, deleted_by = $3 WHERE id = $1 "
				 "AND deleted_at IS NULL RETURNING forum_id, reply_count"),
	/* Published again: its topic comes back, and what the counts regain;
	 * not when its first post was deleted (a moderator's doing stays). */
	[PG_BLOG_TOPIC_SHOW] = W("UPDATE topics SET deleted_at = NULL, deleted_by = NULL WHERE id = $1 "
				 "AND deleted_at IS NOT NULL AND EXISTS (SELECT 1 FROM posts p WHERE p.topic_id = $1 "
				 "AND p.number = 1 AND p.deleted_at IS NULL) RETURNING forum_id, reply_count, last_post_at"),
	/* $2 locked, $3 the post's title (the topic's follows it). */
	[PG_BLOG_TOPIC_SET] = W("UPDATE topics SET locked = $2, title = $3 WHERE id = $1"),
	[PG_BLOG_POST_GET] = R(BLOG_POST_SELECT "WHERE p.id = $1"),
	[PG_BLOG_POST_BY_SLUG] = R(BLOG_POST_SELECT "WHERE p.blog_id = $1 AND lower(p.slug) = lower($2::text)"),
	[PG_BLOG_POST_BY_TOPIC] = R(BLOG_POST_SELECT "WHERE p.topic_id = $1"),
	/* $5 limit, $6 offset: featured ones newest featured first, published
	 * ones newest published first, others newest updated first. */
	[PG_BLOG_POSTS] = R(BLOG_POST_SELECT BLOG_POSTS_WHERE "ORDER BY CASE WHEN $4::boolean THEN p.featured_at "
			    "WHEN $3::text = 'published' THEN p.published_at ELSE p.updated_at END DESC, p.id DESC "
			    "LIMIT $5 OFFSET $6"),
	[PG_BLOG_POSTS_COUNT] = R("SELECT count(*) FROM blog_posts p " BLOG_POSTS_WHERE),
	[PG_BLOG_REVISIONS] = R("SELECT id, post_id, editor_id, title, summary, body, edited_at "
				"FROM blog_post_revisions WHERE post_id = $1 ORDER BY id DESC"),
	/* The scheduler: up to $2 due posts ($1 now), held; rows another
	 * node (or a writer) holds are skipped, so each is published once. */
	[PG_BLOG_DUE] = W("SELECT id FROM blog_posts WHERE status = 'scheduled' AND publish_at <= $1 "
			  "ORDER BY publish_at, id LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED"),
	/* $2 featured_at (0: not), $3 by whom. */
	[PG_BLOG_FEATURE] = W("UPDATE blog_posts SET featured_at = $2, featured_by = $3 WHERE id = $1"),
	[PG_BLOG_SHARE_ON] = W("INSERT INTO blog_shares (post_id, network, shared_by, shared_at) "
			       "VALUES ($1, $2, $3, $4) ON CONFLICT (post_id, network) DO NOTHING"),
	[PG_BLOG_SHARE_OFF] = W("DELETE FROM blog_shares WHERE post_id = $1 AND network = $2"),
	/* Tags of published posts, most used first, then by name (bytes). */
	[PG_BLOG_TAGS] = R("SELECT g.tag, count(*) FROM blog_post_tags g JOIN blog_posts p ON p.id = g.post_id "
			   "WHERE p.status = 'published' GROUP BY g.tag ORDER BY count(*) DESC, g.tag COLLATE \"C\" "
			   "LIMIT $1"),
	/* An account deletion (as SQLite's): a pending application declined. */
	[PG_ERASE_BLOGGER] = W("UPDATE blogger_applications SET status = 'declined', "
			       "reason = 'The applicant left Rounds.', decided_at = $2 "
			       "WHERE member_id = $1 AND status = 'pending'"),

	/* ---- The library (pg_library.c) ----
	 *
	 * Every write that reads before it writes (a file's slot and version,
	 * a withdrawal) first locks the item's row (PG_LIB_ITEM_LOCK), so an
	 * item's writers queue there. */

	/* $5 now.  The index on lower(slug) refuses a slug taken. */
	[PG_LIB_COLL_INSERT] = W("INSERT INTO library_collections (slug, name, about, position, created_at, updated_at) "
				 "VALUES ($1, $2, $3, $4, $5, $5) RETURNING id"),
	[PG_LIB_COLL_UPDATE] = W("UPDATE library_collections SET name = $2, about = $3, position = $4, updated_at = $5 "
				 "WHERE id = $1 RETURNING slug"),
	[PG_LIB_COLL_GET] = R(LIB_COLL_SELECT "WHERE c.id = $1"),
	[PG_LIB_COLL_BY_SLUG] = R(LIB_COLL_SELECT "WHERE lower(c.slug) = lower($1::text)"),
	[PG_LIB_COLLS] = R(LIB_COLL_SELECT "ORDER BY " LIB_COLL_ORDER("c")),
	/* $1..$11 slug, kind, title, authors, about, body, body_html, access,
	 * cover, published_on, isbn; $12 editor, $13 now.  The index on
	 * lower(slug) refuses a slug taken. */
	[PG_LIB_ITEM_INSERT] = W("INSERT INTO library_items (slug, kind, title, authors, about, body, body_html, access, "
				 "cover, published_on, isbn, created_by, created_at, updated_at) "
				 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id"),
	/* $2..$10 title, authors, about, body, body_html, access, cover,
	 * published_on, isbn; $11 now. */
	[PG_LIB_ITEM_UPDATE] = W("UPDATE library_items SET title = $2, authors = $3, about = $4, body = $5, "
				 "body_html = $6, access = $7, cover = $8, published_on = $9, isbn = $10, "
				 "updated_at = $11 WHERE id = $1 RETURNING slug"),
	[PG_LIB_ITEM_LOCK] = W("SELECT slug, withdrawn_at FROM library_items WHERE id = $1 FOR NO KEY UPDATE"),
	/* $2 withdrawn_at (0: restored), $3 now. */
	[PG_LIB_ITEM_WITHDRAW] = W("UPDATE library_items SET withdrawn_at = $2, updated_at = $3 WHERE id = $1"),
	[PG_LIB_ITEM_TOUCH] = W("UPDATE library_items SET updated_at = $2 WHERE id = $1"),
	[PG_LIB_ITEM_COLLS_CLEAR] = W("DELETE FROM library_item_collections WHERE item_id = $1"),
	/* No row written: no such collection. */
	[PG_LIB_ITEM_COLL_ADD] = W("INSERT INTO library_item_collections (item_id, collection_id) "
				   "SELECT $1::bigint, id FROM library_collections WHERE id = $2"),
	[PG_LIB_ITEM_GET] = R(LIB_ITEM_SELECT("i.body", "i.body_html") "WHERE i.id = $1"),
	[PG_LIB_ITEM_BY_SLUG] = R(LIB_ITEM_SELECT("i.body", "i.body_html") "WHERE lower(i.slug) = lower($1::text)"),
	/* The lists (LIB_ITEMS_WHERE), $6 limit, $7 offset; by title as
	 * SQLite's NOCASE compares. */
	[PG_LIB_ITEMS_NEWEST] = R(LIB_ITEM_SELECT("''", "''") LIB_ITEMS_WHERE
				  "ORDER BY i.created_at DESC, i.id DESC LIMIT $6 OFFSET $7"),
	[PG_LIB_ITEMS_DOWNLOADS] = R(LIB_ITEM_SELECT("''", "''") LIB_ITEMS_WHERE
				     "ORDER BY i.downloads DESC, i.created_at DESC, i.id DESC LIMIT $6 OFFSET $7"),
	[PG_LIB_ITEMS_TITLE] = R(LIB_ITEM_SELECT("''", "''") LIB_ITEMS_WHERE "ORDER BY " FOLD("i.title")
				 " COLLATE \"C\", i.id LIMIT $6 OFFSET $7"),
	[PG_LIB_ITEMS_COUNT] = R("SELECT count(*) FROM library_items i " LIB_ITEMS_WHERE),
	/* The next version in slot $2 of item $1 and how many it has. */
	[PG_LIB_FILE_VERSION] = R("SELECT coalesce(max(version), 0) + 1, count(*) FROM library_files "
				  "WHERE item_id = $1 AND slot = $2"),
	/* A new attachment slot of item $1: after the last, at least 1. */
	[PG_LIB_FILE_NEW_SLOT] = R("SELECT greatest(coalesce(max(slot), 0), 0) + 1 FROM library_files "
				   "WHERE item_id = $1"),
	/* $1 item, $2 slot, $3 version, $4 name, $5 mime, $6 editor, $7 now,
	 * $8 the upload (no row: none), whose size it takes. */
	[PG_LIB_FILE_INSERT] = W("INSERT INTO library_files (item_id, slot, version, name, sha256, mime, size, "
				 "created_by, created_at) SELECT $1::bigint, $2::bigint, $3::bigint, $4::text, sha256, "
				 "$5::text, size, $6::bigint, $7::bigint FROM uploads WHERE sha256 = $8 RETURNING id"),
	[PG_LIB_FILE_GET] = R(LIB_FILE_SELECT "WHERE f.id = $1"),
	[PG_LIB_FILES_ALL] = R(LIB_FILE_SELECT "WHERE f.item_id = $1 ORDER BY f.slot, f.version DESC"),
	[PG_LIB_FILES_CURRENT] = R(LIB_FILE_SELECT "WHERE f.item_id = $1 AND f.version = (SELECT max(g.version) "
						   "FROM library_files g WHERE g.item_id = f.item_id AND g.slot = f.slot) "
						   "ORDER BY f.slot"),
	/* $3 downloads of item $1 on day $2 (an item that is not: none). */
	[PG_LIB_COUNT_DAY] = W("INSERT INTO library_downloads (item_id, day, n) SELECT id, $2::bigint, $3::bigint "
			       "FROM library_items WHERE id = $1 ON CONFLICT (item_id, day) "
			       "DO UPDATE SET n = library_downloads.n + excluded.n"),
	[PG_LIB_COUNT_TOTAL] = W("UPDATE library_items SET downloads = downloads + $2 WHERE id = $1"),
	[PG_LIB_DOWNLOADS] = R("SELECT day, n FROM library_downloads WHERE item_id = $1 AND day >= $2 ORDER BY day"),

	/* Search (pg_search.c).  A kind's window (the SEARCH_ macros above). */
	/* Inside a search's transaction: plans made for its own values (a
	 * generic plan of the posts window once re-ran the GIN scan per topic,
	 * minutes at 1M posts), a time limit so no search holds a pooled
	 * connection for long (57014: 503), and with $1 (a phrase, whose
	 * matches PostgreSQL overestimates) no walk of the posts backwards by
	 * id testing each row: the GIN index finds them.  With $2 (posts by
	 * slices of ids: pg_search.c) no hash or merge join and no parallel
	 * workers: a slice's few thousand matches joined their topics by
	 * hashing, or reading in order, all 102,000 of them (sarcoidosis at
	 * 10M: 80 ms, 30 without; chest pain's merge join: 17 ms of 40), and a
	 * worker's start costs more than a slice's walk gains.  (JIT is off
	 * for every connection: pg.c, connect_db.) */
	[PG_SEARCH_GUARD] = R("SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
			      "set_config('statement_timeout', '5s', true), "
			      "set_config('enable_indexscan', CASE WHEN $1::boolean THEN 'off' ELSE 'on' END, true), "
			      "set_config('enable_hashjoin', CASE WHEN $2::boolean THEN 'off' ELSE 'on' END, true), "
			      "set_config('enable_mergejoin', CASE WHEN $2::boolean THEN 'off' ELSE 'on' END, true), "
			      "set_config('max_parallel_workers_per_gather', CASE WHEN $2::boolean THEN '0' ELSE "
			      "current_setting('max_parallel_workers_per_gather') END, true)"),
	[PG_SEARCH_TOPICS] = R(SEARCH_WINDOW("english", "SELECT t.id, t.search, t.created_at AS at FROM topics t "
			       "JOIN forums f ON f.id = t.forum_id WHERE t.search @@ " SEARCH_Q("english") " AND "
			       "t.deleted_at IS NULL AND " SEARCH_SEEN "AND " SEARCH_IN("t.forum_id") "AND "
			       SEARCH_BY("t.author_id") "AND " SEARCH_WHEN("t.created_at") "AND " SEARCH_UNUSED(8)
			       SEARCH_NO_IDS "ORDER BY t.id DESC")),
	/* The posts' words are indexed with their slices of ids (migration
	 * 26): POST_WORDS is the indexed vector. */
	[PG_SEARCH_POSTS] = R(SEARCH_WINDOW("english", "SELECT p.id, p.search, p.created_at AS at FROM posts p "
			      "JOIN topics t ON t.id = p.topic_id JOIN forums f ON f.id = t.forum_id WHERE " POST_WORDS
			      " @@ " SEARCH_Q("english") " AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND "
			      "t.deleted_at IS NULL AND " SEARCH_SEEN "AND " SEARCH_IN("t.forum_id") "AND "
			      SEARCH_BY("p.author_id") "AND " SEARCH_WHEN("p.created_at") "AND " SEARCH_UNUSED(8)
			      SEARCH_IDS("p.id") "ORDER BY p.id DESC")),
	/* The same within slices: $11 the slices' lexemes ORed ('slice 76' |
	 * 'slice 75'), ANDed with the words, so the index reads only those
	 * slices' postings (pg_search.c, posts_window); words that leave no
 * lexeme match nothing, not the slices' every post.  The slices bound the
	 * ids, and the dates are tested by time: an id range beside them
	 * would count the same bound twice and make the planner walk. */
	[PG_SEARCH_POSTS_SLICES] = R(SEARCH_WINDOW("english", "SELECT p.id, p.search, p.created_at AS at FROM posts p "
				     "JOIN topics t ON t.id = p.topic_id JOIN forums f ON f.id = t.forum_id WHERE "
				     POST_WORDS " @@ (" SEARCH_Q("english") " && $11::text::tsquery) AND numnode("
				     SEARCH_Q("english") ") > 0 AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND t.deleted_at IS NULL AND "
				     SEARCH_SEEN "AND " SEARCH_IN("t.forum_id") "AND " SEARCH_BY("p.author_id") "AND "
				     SEARCH_WHEN("p.created_at") "AND " SEARCH_UNUSED(8) SEARCH_NO_IDS
				     "ORDER BY p.id DESC")),
	/* The same walking the ids $9 to $10 down from the newest, each post
	 * tested (ts_match_vq is @@ without an index): for words common
	 * enough that the window is a short walk (pg_search.c, posts_window). */
	[PG_SEARCH_POSTS_WALK] = R(SEARCH_WINDOW("english", "SELECT p.id, p.search, p.created_at AS at FROM posts p "
				   "JOIN topics t ON t.id = p.topic_id JOIN forums f ON f.id = t.forum_id WHERE "
				   "ts_match_vq(p.search, " SEARCH_Q("english") ") AND p.deleted_at IS NULL AND "
				   "p.hidden_at IS NULL AND t.deleted_at IS NULL AND " SEARCH_SEEN "AND "
				   SEARCH_IN("t.forum_id") "AND " SEARCH_BY("p.author_id") "AND "
				   SEARCH_WHEN("p.created_at") "AND " SEARCH_UNUSED(8) SEARCH_IDS("p.id")
				   "ORDER BY p.id DESC")),
	/* The same, for a query with phrases: only posts holding their word
	 * pairs ($11, from PG_SEARCH_PAIRS; migration 20) are tested. */
	[PG_SEARCH_POSTS_PAIRS] = R(SEARCH_WINDOW("english", "SELECT p.id, p.search, p.created_at AS at FROM post_pairs pp "
				    "JOIN posts p ON p.id = pp.post_id JOIN topics t ON t.id = p.topic_id "
				    "JOIN forums f ON f.id = t.forum_id WHERE pp.pairs @> $11::text::text[] AND p.search @@ "
				    SEARCH_Q("english") " AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND "
				    "t.deleted_at IS NULL AND " SEARCH_SEEN "AND " SEARCH_IN("t.forum_id") "AND "
				    SEARCH_BY("p.author_id") "AND " SEARCH_WHEN("p.created_at") "AND " SEARCH_UNUSED(8)
				    SEARCH_IDS("p.id") "ORDER BY p.id DESC")),
	/* The same driven by author $5's posts, newest first (posts_author):
	 * ts_match_vq is @@ unindexed, so the planner cannot build a common
	 * word's whole bitmap first (pg_search.c, by_author). */
	[PG_SEARCH_POSTS_BY] = R(SEARCH_WINDOW("english", "SELECT p.id, p.search, p.created_at AS at FROM posts p "
				 "JOIN topics t ON t.id = p.topic_id JOIN forums f ON f.id = t.forum_id WHERE "
				 "p.author_id = $5::bigint AND ts_match_vq(p.search, " SEARCH_Q("english") ") AND "
				 "p.deleted_at IS NULL AND p.hidden_at IS NULL AND t.deleted_at IS NULL AND " SEARCH_SEEN
				 "AND " SEARCH_IN("t.forum_id") "AND " SEARCH_WHEN("p.created_at") "AND "
				 SEARCH_UNUSED(8) SEARCH_IDS("p.id") "ORDER BY p.id DESC")),
	/* For each word of $1: the share of posts whose search holds its
	 * lexeme, as ANALYZE last counted it (0: too rare to be counted; -1:
	 * a stop word, no lexeme), and how many posts there are. */
	[PG_SEARCH_FREQS] = R("SELECT CASE WHEN l.lexeme IS NULL THEN -1 ELSE coalesce((SELECT m.f FROM pg_stats s, "
			      "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) m(e, f) "
			      "WHERE s.schemaname = current_schema() AND s.tablename = 'posts' AND s.attname = 'search' "
			      "AND m.e = l.lexeme), 0) END::float8, (SELECT greatest(reltuples, 0) FROM pg_class "
			      "WHERE oid = 'posts'::regclass)::float8 FROM unnest($1::text::text[]) w "
			      "LEFT JOIN LATERAL (SELECT x.lexeme FROM unnest(to_tsvector('english', w)) x LIMIT 1) l "
			      "ON true"),
	/* How many posts author $1 has, counted up to $2. */
	[PG_SEARCH_AUTHOR_POSTS] = R("SELECT count(*) FROM (SELECT 1 FROM posts WHERE author_id = $1 LIMIT $2) c"),
	/* The lexeme pairs of phrases $1 (each a run of plain words), as
	 * rounds_pairs makes them from a post's tsvector: empty when stop
	 * words leave no two of them side by side. */
	[PG_SEARCH_PAIRS] = R("SELECT coalesce(array_agg(DISTINCT x), '{}')::text FROM unnest($1::text::text[]) ph, "
			      "unnest(rounds_pairs(to_tsvector('english', ph))) x"),
	[PG_SEARCH_BLOG] = R(SEARCH_WINDOW("english", "SELECT b.id, b.search, b.published_at AS at FROM blog_posts b "
			     "WHERE b.search @@ " SEARCH_Q("english") " AND b.status = 'published' AND "
			     SEARCH_BY("b.author_id") "AND " SEARCH_WHEN("b.published_at") "AND " SEARCH_UNUSED(2)
			     "AND $3::text IS NOT NULL AND " SEARCH_UNUSED(4) "AND " SEARCH_UNUSED(8)
			     SEARCH_NO_IDS "ORDER BY b.id DESC")),
	[PG_SEARCH_LIBRARY] = R(SEARCH_WINDOW("english", "SELECT i.id, i.search, i.created_at AS at FROM library_items i "
				"WHERE i.search @@ " SEARCH_Q("english") " AND i.withdrawn_at = 0 AND ($8::bigint & "
				"CASE i.access WHEN 'public' THEN 1 WHEN 'members' THEN 2 WHEN 'doctors' THEN 4 "
				"ELSE 0 END) <> 0 AND " SEARCH_WHEN("i.created_at") "AND " SEARCH_UNUSED(2)
				"AND $3::text IS NOT NULL AND " SEARCH_UNUSED(4) "AND " SEARCH_UNUSED(5)
				SEARCH_NO_IDS "ORDER BY i.id DESC")),
	/* Members: the planner guesses any word that is not a common name in
	 * 0.5% of members, and so walks the primary key from the newest to
	 * gather 1,000, which for a word no name holds ("patient", in nearly
	 * every search) reads every member: 370 ms at a million.  So the
	 * index says first how many match, up to MEMBERS_FEW: fewer, and
	 * those are read and sorted (m.id + 0: never the key walk); more, and
	 * the walk is short.  At a million members, 15 to 65 ms, where it was
	 * 21 to 370. */
	[PG_SEARCH_MEMBERS] = R("WITH few AS MATERIALIZED (SELECT m.id FROM members m WHERE m.search @@ "
				SEARCH_Q("simple") " LIMIT " MEMBERS_FEW ") "
				"SELECT w.id, ts_rank_cd(w.search, " SEARCH_Q("simple") ")::float8, w.at FROM ("
				"(SELECT m.id, m.search, m.created_at AS at FROM members m WHERE (SELECT count(*) FROM few) < "
				MEMBERS_FEW " AND m.id IN (SELECT id FROM few) AND " MEMBER_FOUND "ORDER BY m.id + 0 DESC "
				"LIMIT " STORE_SEARCH_WINDOW_SQL ") UNION ALL "
				"(SELECT m.id, m.search, m.created_at AS at FROM members m WHERE (SELECT count(*) FROM few) >= "
				MEMBERS_FEW " AND m.search @@ " SEARCH_Q("simple") " AND " MEMBER_FOUND "ORDER BY m.id DESC "
				"LIMIT " STORE_SEARCH_WINDOW_SQL ")) w"),
	[PG_SEARCH_FORUMS] = R(SEARCH_WINDOW("english", "SELECT f.id, f.search, f.created_at AS at FROM forums f "
			       "WHERE f.search @@ " SEARCH_Q("english") " AND " SEARCH_SEEN "AND "
			       SEARCH_WHEN("f.created_at") "AND " SEARCH_UNUSED(4) "AND " SEARCH_UNUSED(5) "AND "
			       SEARCH_UNUSED(8) SEARCH_NO_IDS "ORDER BY f.id DESC")),
	/* A message of a conversation the reader ($8) is a current member of. */
	[PG_SEARCH_MESSAGES] = R(SEARCH_WINDOW("english", "SELECT g.id, g.search, g.created_at AS at FROM messages g "
				 "JOIN conversation_members cm ON cm.conversation_id = g.conversation_id "
				 "AND cm.member_id = $8::bigint AND cm.left_at IS NULL WHERE g.search @@ "
				 SEARCH_Q("english") " AND g.removed_at IS NULL AND " SEARCH_BY("g.author_id") "AND "
				 SEARCH_WHEN("g.created_at") "AND " SEARCH_UNUSED(2) "AND $3::text IS NOT NULL "
				 "AND " SEARCH_UNUSED(4) SEARCH_NO_IDS "ORDER BY g.id DESC")),
	/* A comment (migration 18) on a published blog post, alive and not
	 * hidden, as the post's page shows them; its time is its own. */
	[PG_SEARCH_COMMENTS] = R(SEARCH_WINDOW("english", "SELECT p.id, p.search, p.created_at AS at FROM posts p "
				 "JOIN topics t ON t.id = p.topic_id JOIN blog_posts b ON b.topic_id = p.topic_id "
				 "WHERE p.blog_comment AND p.search @@ " SEARCH_Q("english") " AND p.deleted_at IS NULL "
				 "AND p.hidden_at IS NULL AND t.deleted_at IS NULL AND b.status = 'published' AND "
				 SEARCH_BY("p.author_id") "AND " SEARCH_WHEN("p.created_at") "AND " SEARCH_UNUSED(2)
				 "AND $3::text IS NOT NULL AND " SEARCH_UNUSED(4) "AND " SEARCH_UNUSED(8)
				 SEARCH_NO_IDS "ORDER BY p.id DESC")),
	/* Id bounds for a date filter (store_search_id_bounds): the largest
	 * post id, and the time of the first post at or after an id. */
	[PG_SEARCH_MAX_POST] = R("SELECT coalesce(max(id), 0) FROM posts"),
	[PG_SEARCH_AT_POST] = R("SELECT created_at FROM posts WHERE id >= $1::bigint ORDER BY id LIMIT 1"),
	/* One hit of a page: $1 the tsquery text (for the snippet), $2 its
	 * id.  Columns as pg_search.c reads them: id, parent, forum, section,
	 * title, slug, parent's slug, snippet, author, name, handle, time. */
	[PG_SEARCH_TOPIC_HIT] = R("SELECT t.id, 0, t.forum_id, f.section, t.title, '', '', "
				  SEARCH_HEADLINE("english", "t.title") ", t.author_id, a.name, " HANDLE("a") ", "
				  "t.created_at FROM topics t JOIN forums f ON f.id = t.forum_id JOIN members a "
				  "ON a.id = t.author_id WHERE t.id = $2"),
	[PG_SEARCH_POST_HIT] = R("SELECT p.id, p.topic_id, t.forum_id, f.section, t.title, '', '', "
				 SEARCH_HEADLINE("english", "p.body") ", p.author_id, a.name, " HANDLE("a") ", "
				 "p.created_at FROM posts p JOIN topics t ON t.id = p.topic_id JOIN forums f "
				 "ON f.id = t.forum_id JOIN members a ON a.id = p.author_id WHERE p.id = $2"),
	[PG_SEARCH_BLOG_HIT] = R("SELECT b.id, b.blog_id, 0, '', b.title, b.slug, bf.slug, "
				 SEARCH_HEADLINE("english", "concat_ws(' ', b.title, b.summary, b.body)") ", b.author_id, "
				 "a.name, " HANDLE("a") ", b.published_at FROM blog_posts b JOIN forums bf "
				 "ON bf.id = b.blog_id JOIN members a ON a.id = b.author_id WHERE b.id = $2"),
	/* An ebook's text can be long: its headline reads the first 100,000
	 * characters. */
	[PG_SEARCH_LIBRARY_HIT] = R("SELECT i.id, 0, 0, '', i.title, i.slug, '', "
				    SEARCH_HEADLINE("english", "concat_ws(' ', i.title, i.authors, i.about, "
				    "left(i.body, 100000))") ", 0, i.authors, '', i.created_at FROM library_items i "
				    "WHERE i.id = $2"),
	[PG_SEARCH_MEMBER_HIT] = R("SELECT m.id, 0, 0, '', m.name, m.handle, '', "
				   SEARCH_HEADLINE("simple", "concat_ws(' ', m.name, m.handle, m.specialty)")
				   ", 0, '', '', m.created_at FROM members m WHERE m.id = $2"),
	[PG_SEARCH_FORUM_HIT] = R("SELECT f.id, 0, f.id, f.section, f.name, f.slug, '', "
				  SEARCH_HEADLINE("english", "concat_ws(' ', f.name, f.description)")
				  ", 0, '', '', f.created_at FROM forums f WHERE f.id = $2"),
	[PG_SEARCH_MESSAGE_HIT] = R("SELECT g.id, g.conversation_id, 0, '', c.subject, '', '', "
				    SEARCH_HEADLINE("english", "g.body") ", g.author_id, a.name, " HANDLE("a") ", "
				    "g.created_at FROM messages g JOIN conversations c ON c.id = g.conversation_id "
				    "JOIN members a ON a.id = g.author_id WHERE g.id = $2"),
	/* A comment: its blog post's title and slugs, and (a 13th column)
	 * its number, which places it on the post's pages. */
	[PG_SEARCH_COMMENT_HIT] = R("SELECT p.id, b.id, b.blog_id, '', b.title, b.slug, bf.slug, "
				    SEARCH_HEADLINE("english", "p.body") ", p.author_id, a.name, " HANDLE("a") ", "
				    "p.created_at, p.number FROM posts p JOIN blog_posts b ON b.topic_id = p.topic_id "
				    "JOIN forums bf ON bf.id = b.blog_id JOIN members a ON a.id = p.author_id "
				    "WHERE p.id = $2"),
	/* End of search. */
	/* Mail queue (mail-queue: pg_mail.c).  Columns as read by
	 * mail_read(): MAIL_COLUMNS.  Addresses fold as FOLD() does. */
	[PG_MAIL_MARK_GET] = R("SELECT value FROM mail_marks WHERE key = $1"),
	/* The compare-and-set: $1 key, $2 from, $3 to (no row changed: the
	 * mark is elsewhere, or never set).  The UPDATE waits for another
	 * mover's row lock, then finds the value moved. */
	[PG_MAIL_MARK_MOVE] = W("UPDATE mail_marks SET value = $3 WHERE key = $1 AND value = $2"),
	[PG_MAIL_MARK_NEW] = W("INSERT INTO mail_marks (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING"),
	/* $1..$7 member, address, kind, subject, text, html, unsubscribe; $8
	 * the address folded; $9 now. */
	[PG_MAIL_INSERT] = W("INSERT INTO mail_queue (member_id, address, kind, subject, body_text, body_html, "
			     "unsubscribe, status, next_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
			     "CASE WHEN EXISTS (SELECT 1 FROM mail_bounces WHERE address_lower = $8) THEN 'suppressed' "
			     "ELSE 'queued' END, $9, $9) RETURNING id"),
	/* $1 now, $2 the lease's end, $3 how many.  SKIP LOCKED: concurrent
	 * claimers take different rows. */
	[PG_MAIL_CLAIM] = W("UPDATE mail_queue SET status = 'sending', attempts = attempts + 1, lease_until = $2, "
			    "next_at = $2 WHERE id IN (SELECT id FROM mail_queue WHERE status IN ('queued', 'sending') "
			    "AND next_at <= $1 ORDER BY next_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING "
			    MAIL_COLUMNS),
	/* Outcomes: $1 id, $2 the error, $3 now (sent) or next_at (retry). */
	[PG_MAIL_SENT] = W("UPDATE mail_queue SET status = 'sent', sent_at = $3, lease_until = 0, last_error = $2 "
			   "WHERE id = $1 AND status = 'sending'"),
	[PG_MAIL_RETRY] = W("UPDATE mail_queue SET status = 'queued', next_at = $3, lease_until = 0, last_error = $2 "
			    "WHERE id = $1 AND status = 'sending'"),
	[PG_MAIL_FAILED] = W("UPDATE mail_queue SET status = 'failed', lease_until = 0, last_error = $2 "
			     "WHERE id = $1 AND status = 'sending' AND $3::bigint = $3::bigint"),
	[PG_MAIL_BOUNCED] = W("UPDATE mail_queue SET status = 'bounced', lease_until = 0, last_error = $2 "
			      "WHERE id = $1 AND status = 'sending' RETURNING address"),
	/* $1 the address folded, $2 now, $3 the relay's answer. */
	[PG_MAIL_BOUNCE_ADD] = W("INSERT INTO mail_bounces (address_lower, at, detail) VALUES ($1, $2, $3) "
				 "ON CONFLICT (address_lower) DO UPDATE SET at = excluded.at, detail = excluded.detail"),
	[PG_MAIL_SUPPRESS] = W("UPDATE mail_queue SET status = 'suppressed' WHERE status = 'queued' AND "
			       FOLD("address") " = $1"),
	[PG_MAIL_BOUNCE_GET] = R("SELECT at FROM mail_bounces WHERE address_lower = $1"),
	[PG_MAIL_BOUNCE_CLEAR] = W("DELETE FROM mail_bounces WHERE address_lower = $1"),
	[PG_MAIL_COUNT_SINCE] = R("SELECT count(*) FROM mail_queue WHERE member_id = $1 AND created_at >= $2 "
				  "AND kind <> 'account'"),
	[PG_MAIL_RECENT] = R("SELECT " MAIL_COLUMNS " FROM mail_queue ORDER BY id DESC LIMIT $1"),
	[PG_MAIL_RECENT_MEMBER] = R("SELECT " MAIL_COLUMNS " FROM mail_queue WHERE member_id = $2 "
				    "ORDER BY created_at DESC, id DESC LIMIT $1"),
	/* store_gc: what was done with 30 days ago. */
	[PG_GC_MAIL] = W("DELETE FROM mail_queue WHERE status IN ('sent', 'bounced', 'failed', 'suppressed') "
			 "AND created_at < $1::bigint - 2592000"),
	/* store_member_delete: the member's mail, settings and marks (their
	 * digests' and the hourly cap's, notify_mail.c). */
	[PG_ERASE_MAIL] = W("DELETE FROM mail_queue WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_MAIL_PREFS] = W("DELETE FROM mail_prefs WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_MAIL_MARKS] = W("DELETE FROM mail_marks WHERE key IN ('digest:daily:' || $1::bigint, "
				  "'digest:weekly:' || $1::bigint, 'capped:' || $1::bigint) AND $2::bigint = $2::bigint"),
	/* Mail events and settings (mail-notify: pg_mail_events.c).  Column
	 * order of every event read by event_read() (16 columns): seq, kind
	 * (enum store_mail_kind), actor, actor's name, title, detail, topic,
	 * post, conversation, group, forum, section, link, created_at, read,
	 * member.  A reply or mention about a deleted topic, or a hidden or
	 * deleted post, is no event. */
	[PG_MAIL_PREFS_GET] = R("SELECT kind, mode FROM mail_prefs WHERE member_id = $1"),
	/* $1 member, $2..$6 the modes of reply, mention, message, invitation, decision. */
	[PG_MAIL_PREFS_SET] = W("INSERT INTO mail_prefs (member_id, kind, mode) VALUES ($1, 'reply', $2), "
				"($1, 'mention', $3), ($1, 'message', $4), ($1, 'invitation', $5), ($1, 'decision', $6) "
				"ON CONFLICT (member_id, kind) DO UPDATE SET mode = excluded.mode"),
	/* $1 after, $2 limit, $3 the notifications' kind. */
	[PG_MAIL_EVENTS_NOTIF] = R(MAIL_NOTIF_EVENT "WHERE n.id > $1 AND n.kind = $3 AND " MAIL_NOTIF_LIVE
				   "ORDER BY n.id LIMIT $2"),
	/* A message, once per other current member (not muted, there when it
	 * came): a muted conversation sends no email. */
	[PG_MAIL_EVENTS_MESSAGE] = R(MAIL_MESSAGE_EVENT "WHERE m.id > $1 ORDER BY m.id, cm.member_id LIMIT $2"),
	[PG_MAIL_EVENTS_INVITATION] = R(MAIL_INVITATION_EVENT "WHERE i.id > $1 AND i.member_id IS NOT NULL "
					"ORDER BY i.id LIMIT $2"),
	/* $1 member, $2 kinds (mask of 1 << kind), $3 since, $4 limit. */
	[PG_MAIL_DIGEST_ITEMS] = R(
		"SELECT * FROM (" MAIL_NOTIF_EVENT "WHERE n.member_id = $1::bigint AND n.created_at > $3::bigint "
		"AND n.read_at IS NULL AND (n.kind = 'reply' AND $2::bigint & 2 <> 0 OR n.kind = 'mention' "
		"AND $2::bigint & 4 <> 0 OR n.kind = 'moderation' AND $2::bigint & 32 <> 0) AND " MAIL_NOTIF_LIVE
		/* Messages: one line per conversation with unread ones. */
		"UNION ALL SELECT (SELECT max(x.id) FROM messages x WHERE x.conversation_id = c.id), 3, 0, '', "
		"c.subject, CAST(cm.unread AS TEXT), 0, 0, c.id, 0, 0, '', '/messages/' || c.id, c.last_message_at, "
		"false, cm.member_id FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id "
		"WHERE cm.member_id = $1::bigint AND $2::bigint & 8 <> 0 AND cm.unread > 0 AND cm.left_at IS NULL "
		"AND NOT cm.muted AND c.last_message_at > $3::bigint "
		"UNION ALL " MAIL_INVITATION_EVENT "WHERE i.member_id = $1::bigint AND $2::bigint & 16 <> 0 "
		"AND i.status = 'pending' AND i.created_at > $3::bigint "
		"UNION ALL SELECT v.id, 5, coalesce(v.decided_by, 0), '', 'Your verification as a doctor', "
		"'verification ' || v.status, 0, 0, 0, 0, 0, '', '/verify', v.decided_at, false, v.member_id "
		"FROM verifications v WHERE v.member_id = $1::bigint AND $2::bigint & 32 <> 0 "
		"AND v.decided_at > $3::bigint AND v.status <> 'pending' "
		"UNION ALL SELECT b.id, 5, b.decided_by, '', b.blog_title, 'blog ' || b.status, 0, 0, 0, 0, 0, '', "
		"CASE WHEN bf.slug IS NULL THEN '/blogs/apply' ELSE '/b/' || bf.slug END, b.decided_at, false, "
		"b.member_id FROM blogger_applications b LEFT JOIN forums bf ON bf.id = b.blog_id "
		"WHERE b.member_id = $1::bigint AND $2::bigint & 32 <> 0 AND b.decided_at > $3::bigint "
		"AND b.status <> 'pending' "
		"UNION ALL SELECT g.forum_id, 5, g.decided_by, '', f.name, CASE g.status WHEN 'declined' THEN "
		"'group declined' ELSE 'group approved' END, 0, 0, 0, g.forum_id, g.forum_id, 'group', "
		"CASE g.status WHEN 'declined' THEN '/groups' ELSE '/g/' || f.slug END, g.decided_at, false, "
		"g.requester_id FROM groups g JOIN forums f ON f.id = g.forum_id WHERE g.requester_id = $1::bigint "
		"AND $2::bigint & 32 <> 0 AND g.decided_at > $3::bigint AND g.status <> 'pending' "
		"UNION ALL SELECT w.id, 5, w.actor, '', 'A moderator''s warning', 'warning', 0, 0, 0, 0, 0, '', "
		"'/notifications', w.at, false, $1::bigint FROM audit_log w WHERE w.action = 'member.warn' "
		"AND w.target = 'member:' || $1::bigint AND $2::bigint & 32 <> 0 AND w.at > $3::bigint "
		/* A register import's withdrawal: in the log only (as SQLite's). */
		"UNION ALL SELECT w.id, 5, 0, '', 'Your verification as a doctor', 'verification withdrawn', 0, 0, 0, "
		"0, 0, '', '/verify', w.at, false, $1::bigint FROM audit_log w "
		"WHERE w.action = 'verification.withdraw' AND w.target = 'member:' || $1::bigint "
		"AND $2::bigint & 32 <> 0 AND w.at > $3::bigint) AS d "
		"ORDER BY 14 DESC, 1 DESC LIMIT $4"),
	/* $1 since, $2 after this member, $3 limit. */
	[PG_MAIL_DIGEST_MEMBERS] = R(
		"SELECT id FROM (SELECT member_id AS id FROM notifications WHERE created_at > $1::bigint "
		"AND read_at IS NULL AND kind IN ('reply', 'mention', 'moderation') "
		"UNION SELECT cm.member_id FROM conversations c JOIN conversation_members cm "
		"ON cm.conversation_id = c.id WHERE c.last_message_at > $1::bigint AND cm.unread > 0 "
		"AND cm.left_at IS NULL AND NOT cm.muted "
		"UNION SELECT member_id FROM group_invitations WHERE created_at > $1::bigint AND status = 'pending' "
		"AND member_id IS NOT NULL "
		"UNION SELECT member_id FROM verifications WHERE decided_at > $1::bigint "
		"UNION SELECT member_id FROM blogger_applications WHERE decided_at > $1::bigint AND decided_at > 0 "
		"UNION SELECT requester_id FROM groups WHERE decided_at > $1::bigint AND decided_at > 0 "
		"UNION SELECT CAST(substr(target, 8) AS BIGINT) FROM audit_log WHERE action = 'member.warn' "
		"AND at > $1::bigint "
		"UNION SELECT CAST(substr(target, 8) AS BIGINT) FROM audit_log WHERE action = 'verification.withdraw' "
		"AND at > $1::bigint) AS d WHERE id > $2 ORDER BY id LIMIT $3"),

	/* Page views and the dashboard (dash-store: pg_dashboard.c;
	 * migration 15; see the SQLite texts).  Text is ordered bytewise
	 * (COLLATE "C"), as SQLite does. */
	[PG_VIEWS_ADD] = W("INSERT INTO page_views (day, bucket, views) VALUES ($1, $2, $3) "
			   "ON CONFLICT (day, bucket) DO UPDATE SET views = page_views.views + excluded.views"),
	[PG_VIEWS_ITEM_ADD] = W("INSERT INTO page_view_items (month, kind, item_id, views) VALUES ($1, $2, $3, $4) "
				"ON CONFLICT (month, kind, item_id) DO UPDATE SET views = page_view_items.views + "
				"excluded.views"),
	[PG_VIEWS_SALT_NEW] = W("INSERT INTO page_view_days (day, salt) SELECT $1::bigint, $2::bytea WHERE NOT EXISTS "
				"(SELECT 1 FROM page_view_days WHERE day > $1::bigint) ON CONFLICT (day) DO NOTHING"),
	[PG_VIEWS_SALT_GET] = R("SELECT salt FROM page_view_days WHERE day = $1"),
	/* Closing the days before $1: first their rows locked, so readers
	 * being added to one (which hold it FOR SHARE) are in before the
	 * count, and none come after; then counted, salts and rows gone. */
	[PG_VIEWS_CLOSE_LOCK] = W("SELECT day FROM page_view_days WHERE day < $1 AND salt IS NOT NULL ORDER BY day "
				  "FOR UPDATE"),
	[PG_VIEWS_CLOSE] = W("UPDATE page_view_days d SET readers = (SELECT count(*) FROM page_view_readers r "
			     "WHERE r.day = d.day), salt = NULL WHERE d.day < $1 AND d.salt IS NOT NULL"),
	[PG_VIEWS_FORGET] = W("DELETE FROM page_view_readers WHERE day < $1"),
	[PG_VIEWS_DAY_OPEN] = W("SELECT 1 FROM page_view_days WHERE day = $1 AND salt IS NOT NULL FOR SHARE"),
	/* $2: the hashes, 16 bytes each, one after the other. */
	[PG_VIEWS_READERS_ADD] = W("INSERT INTO page_view_readers (day, reader) SELECT $1::bigint, "
				   "substring($2::bytea FROM g * 16 + 1 FOR 16) FROM generate_series(0, "
				   "length($2::bytea) / 16 - 1) g ON CONFLICT DO NOTHING"),
	[PG_VIEWS_GC_READERS] = W("DELETE FROM page_view_readers x WHERE $1::bigint IS NOT NULL AND NOT EXISTS "
				  "(SELECT 1 FROM page_view_days d WHERE d.day = x.day AND d.salt IS NOT NULL)"),
	[PG_VIEWS_DAYS] = R("SELECT day, sum(v)::bigint, sum(r)::bigint FROM (SELECT day, views AS v, 0::bigint AS r "
			    "FROM page_views WHERE day BETWEEN $1 AND $2 UNION ALL SELECT d.day, 0, CASE WHEN d.salt IS "
			    "NULL THEN d.readers ELSE (SELECT count(*) FROM page_view_readers x WHERE x.day = d.day) END "
			    "FROM page_view_days d WHERE d.day BETWEEN $1 AND $2) AS u GROUP BY day "
			    "HAVING sum(v) > 0 OR sum(r) > 0 ORDER BY day"),
	[PG_VIEWS_BUCKETS] = R("SELECT day, bucket, views FROM page_views WHERE day BETWEEN $1 AND $2 "
			       "ORDER BY day, bucket COLLATE \"C\""),
	[PG_VIEWS_TOP_TOPICS] = R("SELECT t.id, t.title, '', v.views FROM page_view_items v JOIN topics t ON t.id = "
				  "v.item_id JOIN forums f ON f.id = t.forum_id WHERE v.month = $1 AND v.kind = 'topic' "
				  "AND t.deleted_at IS NULL AND f.section IN ('open_clinical', 'closed_clinical', "
				  "'off_duty') ORDER BY v.views DESC, v.item_id LIMIT $2"),
	[PG_VIEWS_TOP_BLOG] = R("SELECT p.id, p.title, b.slug || '/' || p.slug, v.views FROM page_view_items v "
				"JOIN blog_posts p ON p.id = v.item_id JOIN forums b ON b.id = p.blog_id "
				"WHERE v.month = $1 AND v.kind = 'blog_post' AND p.status = 'published' "
				"ORDER BY v.views DESC, v.item_id LIMIT $2"),
	[PG_VIEWS_TOP_LIBRARY] = R("SELECT i.id, i.title, i.slug, v.views FROM page_view_items v "
				   "JOIN library_items i ON i.id = v.item_id WHERE v.month = $1 "
				   "AND v.kind = 'library_item' AND i.withdrawn_at = 0 ORDER BY v.views DESC, v.item_id "
				   "LIMIT $2"),
	[PG_DASH_BY_TYPE] = R("SELECT type, count(*) FROM members WHERE confirmed AND deleted_at IS NULL "
			      "GROUP BY type ORDER BY count(*) DESC, type COLLATE \"C\""),
	[PG_DASH_BY_COUNTRY] = R("SELECT country, count(*) FROM members WHERE confirmed AND deleted_at IS NULL "
				 "GROUP BY country ORDER BY count(*) DESC, country COLLATE \"C\""),
	[PG_DASH_BY_SPECIALTY] = R("SELECT specialty, count(*) FROM members WHERE confirmed AND deleted_at IS NULL "
				   "GROUP BY specialty ORDER BY count(*) DESC, specialty COLLATE \"C\""),
	[PG_DASH_JOINED] = R("SELECT w, count(*) FROM (SELECT created_at / 86400 - (created_at / 86400 + 3) % 7 AS w "
			     "FROM members WHERE confirmed AND deleted_at IS NULL AND created_at >= $1::bigint * 86400 "
			     "AND created_at < ($2::bigint + 7) * 86400) AS j WHERE w BETWEEN $1 AND $2 GROUP BY w "
			     "ORDER BY w"),
	[PG_DASH_VERIFIED] = R("SELECT CASE WHEN verified_at < $1 THEN -1 ELSE verified_at / 86400 END AS d, count(*) "
			       "FROM members WHERE verified AND type = 'doctor' AND deleted_at IS NULL "
			       "AND verified_at < $2 GROUP BY d ORDER BY d"),
	[PG_DASH_PENDING] = R("SELECT (SELECT count(*) FROM verifications WHERE status = 'pending'), "
			      "(SELECT count(*) FROM blogger_applications WHERE status = 'pending'), "
			      "(SELECT count(*) FROM groups WHERE status = 'pending'), "
			      "(SELECT count(*) FROM flags WHERE status = 'open')"),
	[PG_MEMBER_BACKDATE] = W("UPDATE members SET created_at = $2, verified_at = CASE WHEN verified AND "
				 "$3::bigint > 0 THEN $3::bigint ELSE verified_at END WHERE id = $1"),
};
