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

#define R(text) {text, false}
#define W(text) {text, true}

const struct pg_stmt pg_sql[PG_MAX] = {
	[PG_PING] = R("SELECT 1"),

	[PG_MEMBER_INSERT] = W("INSERT INTO members (email, email_lower, name, handle, type, country, pw_hash, "
			       "roles, confirmed, verified, created_at) "
			       "VALUES ($1, " FOLD("$1::text") ", $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"),
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
	[PG_MEMBER_VERIFIED] = W("UPDATE members SET verified = $2 WHERE id = $1"),
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
	 * as erased or suspended. */
	[PG_REGISTER_WITHDRAW] = W("UPDATE members SET verified = false WHERE verified AND id IN ("
				   "SELECT v.member_id FROM verifications v JOIN register_entries r "
				   "ON r.authority = v.authority AND r.number = v.number "
				   "WHERE v.status = 'approved' AND r.status IN ('erased', 'suspended') AND r.imported_at = $1) "
				   "RETURNING id, email, name"),

	/* The directory.  $1 the tsquery (or unused), $2..$5 country,
	 * specialty, grade, type ('' = any), $6 limit, $7 offset. */
#define DIR_WHERE "NOT m.suspended AND m.confirmed AND ($2 = '' OR m.country = $2) AND ($3 = '' OR m.specialty = $3) AND ($4 = '' OR m.grade = $4) AND ($5 = '' OR m.type = $5) "
	[PG_DIR_SEARCH] = R("SELECT " MEMBER_COLUMNS " FROM members m, to_tsquery('simple', $1::text) q "
			    "WHERE m.search @@ q AND " DIR_WHERE "ORDER BY ts_rank(m.search, q) DESC, m.id DESC "
			    "LIMIT $6 OFFSET $7"),
	[PG_DIR_SEARCH_COUNT] = R("SELECT count(*) FROM members m WHERE m.search @@ to_tsquery('simple', $1::text) AND "
				  DIR_WHERE "AND $6::bigint IS NOT NULL AND $7::bigint IS NOT NULL"),
	[PG_DIR_ALL] = R("SELECT " MEMBER_COLUMNS " FROM members m WHERE $1::text IS NOT NULL AND " DIR_WHERE
			 "ORDER BY lower(m.name), m.id LIMIT $6 OFFSET $7"),
	[PG_DIR_ALL_COUNT] = R("SELECT count(*) FROM members m WHERE $1::text IS NOT NULL AND " DIR_WHERE
			       "AND $6::bigint IS NOT NULL AND $7::bigint IS NOT NULL"),
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
			      "confirmed = false, verified = false, suspended = false WHERE id = $1 AND deleted_at IS NULL"),
	[PG_ERASE_TOKENS] = W("DELETE FROM tokens WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_SESSIONS] = W("DELETE FROM sessions WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_CONNECTIONS] = W("DELETE FROM connections WHERE (requester = $1 OR addressee = $1) AND $2::bigint = $2::bigint"),
	[PG_ERASE_BLOCKS] = W("DELETE FROM blocks WHERE (blocker = $1 OR blocked = $1) AND $2::bigint = $2::bigint"),
	[PG_ERASE_DOCUMENTS] = W("DELETE FROM uploads WHERE sha256 IN (SELECT document FROM verifications "
				 "WHERE member_id = $1 AND document <> '') AND NOT EXISTS (SELECT 1 FROM verifications v "
				 "WHERE v.document = uploads.sha256 AND v.member_id <> $1) AND $2::bigint = $2::bigint"),
	[PG_ERASE_VERIFICATIONS] = W("DELETE FROM verifications WHERE member_id = $1 AND $2::bigint = $2::bigint"),
	[PG_ERASE_CONVERSATIONS] = W("UPDATE conversation_members SET left_at = $2, unread = 0 "
				     "WHERE member_id = $1 AND left_at IS NULL"),

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
	 * then the unread total (as PG_MSG_UNREAD). */
	[PG_SESSION_MEMBER] = R("SELECT " MEMBER_COLUMNS ", s.expires_at, s.bearer, "
				"(SELECT coalesce(sum(unread), 0) FROM conversation_members "
				"WHERE member_id = m.id AND left_at IS NULL AND NOT muted) FROM sessions s "
				"JOIN members m ON m.id = s.member_id WHERE s.hash = $1 AND s.expires_at > $2"),
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
};
