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
	"v.created_at, v.decided_at, v.decided_by, m.name, m.handle, m.email FROM verifications v "         \
	"JOIN members m ON m.id = v.member_id "

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
	[PG_MEMBER_BY_HANDLE] = R(MEMBER_COLS "WHERE lower(handle) = lower($1::text)"),
	[PG_MEMBER_BY_EMAIL] = R(MEMBER_COLS "WHERE email_lower = " FOLD("$1::text")),
	[PG_MEMBER_COUNT] = R("SELECT count(*) FROM members"),
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
			      "created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) RETURNING id"),
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

	[PG_TOKEN_INSERT] = W("INSERT INTO tokens (hash, kind, member_id, expires_at) VALUES ($1, $2, $3, $4)"),
	/* One statement, so two takers can never both win. */
	[PG_TOKEN_TAKE] = W("UPDATE tokens SET used_at = $3 "
			    "WHERE hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3 "
			    "RETURNING member_id"),
	[PG_TOKEN_CHECK] = R("SELECT member_id FROM tokens "
			     "WHERE hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3"),

	[PG_SESSION_INSERT] = W("INSERT INTO sessions (hash, member_id, bearer, created_at, expires_at) "
				"VALUES ($1, $2, $3, $4, $5)"),
	/* Every signed-in request runs it.  Session columns follow the member's. */
	[PG_SESSION_MEMBER] = R("SELECT " MEMBER_COLUMNS ", s.expires_at, s.bearer FROM sessions s "
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
};
