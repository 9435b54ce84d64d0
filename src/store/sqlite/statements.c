/* statements.c: every SQL statement the SQLite backend runs, in one place.
 *
 * Invariants: constant text with numbered parameters (?1, ?2, ...) only;
 * nothing is ever built from input.  Each text is prepared once per
 * connection and cached by its enum sq_id.  Emails are matched through
 * lower() on both sides (ASCII folding, as NOCASE does for handles). */
#include "sqlite_int.h"

/* Column order read by member_read() in sqlite_members.c; pw_hash last so
 * only the *_auth lookup reads it. */
#define MEMBER_COLUMNS                                                               \
	"m.id, m.email, m.name, m.handle, m.type, m.country, m.specialty, m.grade, m.bio, " \
	"m.timezone, m.roles, m.confirmed, m.verified, m.suspended, m.created_at, m.pw_hash"
#define MEMBER_COLS "SELECT " MEMBER_COLUMNS " FROM members m "

/* Column order read by verif_read() in the verification file. */
#define VERIF_COLS                                                                                    \
	"SELECT v.id, v.member_id, v.authority, v.number, v.reg_name, v.name_key, v.note, v.status, v.reason, " \
	"v.created_at, v.decided_at, v.decided_by, m.name, m.handle, m.email FROM verifications v "         \
	"JOIN members m ON m.id = v.member_id "

const char *const sq_sql[SQ_MAX] = {
	[SQ_BEGIN] = "BEGIN IMMEDIATE",
	[SQ_COMMIT] = "COMMIT",
	[SQ_ROLLBACK] = "ROLLBACK",
	[SQ_USER_VERSION] = "PRAGMA user_version",
	[SQ_PING] = "SELECT 1",

	[SQ_MEMBER_INSERT] = "INSERT INTO members (email, email_lower, name, handle, type, country, pw_hash, "
			     "roles, confirmed, verified, created_at) "
			     "VALUES (?1, lower(?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[SQ_MEMBER_CONFLICT] = "SELECT EXISTS (SELECT 1 FROM members WHERE email_lower = lower(?1)), "
			       "EXISTS (SELECT 1 FROM members WHERE handle = ?2)",
	[SQ_MEMBER_BY_ID] = MEMBER_COLS "WHERE id = ?1",
	[SQ_MEMBER_BY_HANDLE] = MEMBER_COLS "WHERE handle = ?1",
	[SQ_MEMBER_BY_EMAIL] = MEMBER_COLS "WHERE email_lower = lower(?1)",
	[SQ_MEMBER_COUNT] = "SELECT count(*) FROM members",
	[SQ_MEMBER_PROFILE] = "UPDATE members SET name = ?2, country = ?3, specialty = ?4, grade = ?5, bio = ?6, "
			      "timezone = ?7 WHERE id = ?1",
	[SQ_MEMBER_PASSWORD] = "UPDATE members SET pw_hash = ?2 WHERE id = ?1",
	[SQ_MEMBER_ROLES] = "UPDATE members SET roles = ?2 WHERE id = ?1",
	[SQ_MEMBER_SUSPENDED] = "UPDATE members SET suspended = ?2 WHERE id = ?1",
	[SQ_MEMBER_VERIFIED] = "UPDATE members SET verified = ?2 WHERE id = ?1",
	[SQ_MEMBER_CONFIRM] = "UPDATE members SET confirmed = 1 WHERE id = ?1",

	[SQ_VERIF_INSERT] = "INSERT INTO verifications (member_id, authority, number, reg_name, name_key, note, status, "
			    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7)",
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
	 * as erased or suspended. */
	[SQ_REGISTER_WITHDRAW] = "UPDATE members SET verified = 0 WHERE verified = 1 AND id IN ("
				 "SELECT v.member_id FROM verifications v JOIN register_entries r "
				 "ON r.authority = v.authority AND r.number = v.number "
				 "WHERE v.status = 'approved' AND r.status IN ('erased', 'suspended') AND r.imported_at = ?1) "
				 "RETURNING id, email, name",

	/* The directory.  ?1 the FTS5 query (or unused), ?2..?5 country,
	 * specialty, grade, type ('' = any), ?6 limit, ?7 offset. */
#define DIR_WHERE "m.confirmed = 1 AND m.suspended = 0 AND (?2 = '' OR m.country = ?2) AND (?3 = '' OR m.specialty = ?3) AND (?4 = '' OR m.grade = ?4) AND (?5 = '' OR m.type = ?5) "
	[SQ_DIR_SEARCH] = "SELECT " MEMBER_COLUMNS " FROM members_fts JOIN members m ON m.id = members_fts.rowid "
			  "WHERE members_fts MATCH ?1 AND " DIR_WHERE "ORDER BY members_fts.rank, m.id DESC LIMIT ?6 OFFSET ?7",
	[SQ_DIR_SEARCH_COUNT] = "SELECT count(*) FROM members_fts JOIN members m ON m.id = members_fts.rowid "
				"WHERE members_fts MATCH ?1 AND " DIR_WHERE "AND ?6 = ?6 AND ?7 = ?7",
	[SQ_DIR_ALL] = "SELECT " MEMBER_COLUMNS " FROM members m WHERE ?1 = ?1 AND " DIR_WHERE
		       "ORDER BY m.name COLLATE NOCASE, m.id LIMIT ?6 OFFSET ?7",
	[SQ_DIR_ALL_COUNT] = "SELECT count(*) FROM members m WHERE ?1 = ?1 AND " DIR_WHERE "AND ?6 = ?6 AND ?7 = ?7",
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
	 * request runs it.  Session columns follow the member's. */
	[SQ_SESSION_MEMBER] = "SELECT " MEMBER_COLUMNS ", s.expires_at, s.bearer FROM sessions s "
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

	[SQ_AUDIT_INSERT] = "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
};
