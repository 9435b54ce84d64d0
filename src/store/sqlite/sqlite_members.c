/* sqlite_members.c: members in the SQLite backend.
 *
 * Invariants: email is stored as typed and matched through email_lower
 * (UNIQUE); handle is UNIQUE under NOCASE; pw_hash leaves the store only
 * through store_member_by_email_auth.  Strings handed out are copies in the
 * caller's arena. */
#include "sqlite_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Which key a refused insert collided with; email wins when both did.
 * STORE_KEY_NONE if the other row has gone since. */
static enum store_member_key conflict_key(store *s, const struct store_member_new *m)
{
	struct sq_q q;
	if (sq_start(&q, s, SQ_MEMBER_CONFLICT, "member_create"))
		return STORE_KEY_NONE;
	sq_text(&q, 1, m->email);
	sq_text(&q, 2, m->handle);
	if (sq_row(&q, false))
		return STORE_KEY_NONE;
	enum store_member_key key = STORE_KEY_NONE;
	if (sqlite3_column_int(q.st, 0))
		key = STORE_KEY_EMAIL;
	else if (sqlite3_column_int(q.st, 1))
		key = STORE_KEY_HANDLE;
	sq_end(&q);
	return key;
}

/* store_member_create: see store.h.  *key is STORE_KEY_NONE unless the
 * answer is STORE_ECONFLICT. */
int sq_member_create(store *s, const struct store_member_new *m, int64_t *id, enum store_member_key *key)
{
	struct sq_q q;
	*key = STORE_KEY_NONE;
	int rc = sq_start(&q, s, SQ_MEMBER_INSERT, "member_create");
	if (rc)
		return rc;
	sq_text(&q, 1, m->email);
	sq_text(&q, 2, m->name);
	sq_text(&q, 3, m->handle);
	sq_text(&q, 4, m->type);
	sq_text(&q, 5, m->country);
	sq_text(&q, 6, m->pw_hash);
	sq_int(&q, 7, m->roles);
	sq_int(&q, 8, m->confirmed);
	sq_int(&q, 9, m->verified);
	sq_int(&q, 10, (int64_t)time(NULL));
	rc = sq_exec(&q, false);
	if (rc == STORE_ECONFLICT)
		*key = conflict_key(s, m);
	else if (rc == 0)
		*id = sqlite3_last_insert_rowid(q.c->db);
	return rc;
}

/* Fills *m from the current row (columns as in MEMBER_COLS). */
int sq_member_read_full(struct sq_q *q, arena *a, bool auth, struct store_member *m)
{
	str *text[] = {&m->email, &m->name,      &m->handle, &m->type,    &m->country,
		       &m->specialty, &m->grade, &m->bio,    &m->timezone};
	*m = (struct store_member){0};
	m->id = sqlite3_column_int64(q->st, 0);
	for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++)
		if (sq_col_str(q, a, 1 + i, text[i]))
			return STORE_ERR;
	m->roles = (unsigned)sqlite3_column_int64(q->st, 10);
	m->confirmed = sqlite3_column_int(q->st, 11) != 0;
	m->verified = sqlite3_column_int(q->st, 12) != 0;
	m->suspended = sqlite3_column_int(q->st, 13) != 0;
	m->created_at = sqlite3_column_int64(q->st, 14);
	if (auth && sq_col_str(q, a, 15, &m->pw_hash))
		return STORE_ERR;
	return 0;
}

/* Steps a bound member lookup and reads its row. */
static int member_find(struct sq_q *q, arena *a, bool auth, struct store_member *out)
{
	int rc = sq_row(q, false);
	if (rc)
		return rc;
	rc = sq_member_read_full(q, a, auth, out);
	sq_end(q);
	return rc;
}

/* store_member_by_id: see store.h. */
int sq_member_by_id(store *s, arena *a, int64_t id, struct store_member *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MEMBER_BY_ID, "member_by_id");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	return member_find(&q, a, false, out);
}

/* store_member_by_handle: see store.h.  Case-insensitive (ASCII). */
int sq_member_by_handle(store *s, arena *a, str handle, struct store_member *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MEMBER_BY_HANDLE, "member_by_handle");
	if (rc)
		return rc;
	sq_text(&q, 1, handle);
	return member_find(&q, a, false, out);
}

/* store_member_by_email_auth: see store.h. */
int sq_member_by_email_auth(store *s, arena *a, str email, struct store_member *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MEMBER_BY_EMAIL, "member_by_email_auth");
	if (rc)
		return rc;
	sq_text(&q, 1, email);
	return member_find(&q, a, true, out);
}

/* store_member_count: see store.h. */
int sq_member_count(store *s, int64_t *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MEMBER_COUNT, "member_count");
	if (rc)
		return rc;
	if ((rc = sq_row(&q, false)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*out = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

/* store_member_update_profile: see store.h.  STORE_ENOTFOUND if no such
 * member. */
int sq_member_update_profile(store *s, int64_t id, const struct store_profile *p)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MEMBER_PROFILE, "member_update_profile");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_text(&q, 2, p->name);
	sq_text(&q, 3, p->country);
	sq_text(&q, 4, p->specialty);
	sq_text(&q, 5, p->grade);
	sq_text(&q, 6, p->bio);
	sq_text(&q, 7, p->timezone);
	return sq_exec(&q, true);
}

/* store_member_set_password: see store.h.  Does not end sessions: the
 * caller decides (store_session_delete_member). */
int sq_member_set_password(store *s, int64_t id, str pw_hash)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MEMBER_PASSWORD, "member_set_password");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_text(&q, 2, pw_hash);
	return sq_exec(&q, true);
}

/* Sets one integer column of member `id`; STORE_ENOTFOUND if none. */
static int member_set(store *s, enum sq_id sql, const char *op, int64_t id, int64_t value)
{
	struct sq_q q;
	int rc = sq_start(&q, s, sql, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_int(&q, 2, value);
	return sq_exec(&q, true);
}

/* store_member_set_roles: see store.h. */
int sq_member_set_roles(store *s, int64_t id, unsigned roles)
{
	return member_set(s, SQ_MEMBER_ROLES, "member_set_roles", id, roles);
}

/* store_member_set_suspended: see store.h. */
int sq_member_set_suspended(store *s, int64_t id, bool suspended)
{
	return member_set(s, SQ_MEMBER_SUSPENDED, "member_set_suspended", id, suspended);
}

/* Sets member `id`'s verified flag, and its verified_at (dash-store):
 * `now` when it becomes verified, kept when it was already, 0 when not.
 * STORE_ENOTFOUND if there is no such member. */
int sq_member_verify_at(store *s, int64_t id, bool verified, int64_t now)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MEMBER_VERIFIED, "member_set_verified");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_int(&q, 2, verified);
	sq_int(&q, 3, now);
	return sq_exec(&q, true);
}

/* store_member_set_verified: see store.h.  verified_at: now. */
int sq_member_set_verified(store *s, int64_t id, bool verified)
{
	return sq_member_verify_at(s, id, verified, (int64_t)time(NULL));
}

/* store_member_confirm: see store.h.  Confirming twice is fine. */
int sq_member_confirm(store *s, int64_t id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MEMBER_CONFIRM, "member_confirm");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	return sq_exec(&q, true);
}

/* The statements of an account deletion, in order (statements.c). */
static const enum sq_id erase_steps[] = {
	SQ_MEMBER_ERASE,    SQ_ERASE_TOKENS,	SQ_ERASE_SESSIONS,     SQ_ERASE_CONNECTIONS,
	SQ_ERASE_BLOCKS,    SQ_ERASE_DOCUMENTS, SQ_ERASE_VERIFICATIONS, SQ_ERASE_CONVERSATIONS,
	SQ_ERASE_CHAMPIONS, SQ_ERASE_WATCHES,	SQ_ERASE_READS,	       SQ_ERASE_NOTIFICATIONS,
	SQ_ERASE_GROUP_COUNTS, SQ_ERASE_GROUPS, SQ_ERASE_INVITATIONS, SQ_ERASE_REQUESTS,
	SQ_ERASE_BLOG_APPLICATIONS, SQ_ERASE_MAIL, SQ_ERASE_MAIL_PREFS, SQ_ERASE_MAIL_MARKS,
};

/* The hashes of the documents a deletion erased, whose files go once it
 * commits (a member has a handful at most). */
struct erased {
	char sha256[64][STORE_SHA256_HEX + 1];
	int n;
};

static int erase_step(store *s, enum sq_id id, int64_t member, int64_t now, struct erased *gone)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, "member_delete");
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	sq_int(&q, 2, now);
	if (id != SQ_ERASE_DOCUMENTS)
		return sq_exec(&q, id == SQ_MEMBER_ERASE); /* the first finds the member, or nothing */
	while ((rc = sq_step(&q)) == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(q.st, 0);
		if (h && gone->n < 64 && strlen((const char *)h) == STORE_SHA256_HEX)
			memcpy(gone->sha256[gone->n++], h, STORE_SHA256_HEX + 1);
	}
	int err = rc == SQLITE_DONE ? 0 : sq_err(&q, rc, true);
	sq_end(&q);
	return err;
}

static int delete_body(store *s, int64_t id, int64_t now, struct erased *gone)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof erase_steps / sizeof erase_steps[0]; i++)
		rc = erase_step(s, erase_steps[i], id, now, gone);
	if (rc == 0) {
		char target[32];
		snprintf(target, sizeof target, "member:%lld", (long long)id);
		rc = sq_audit(s, id, S("member.delete"), str_c(target), STR_NULL);
	}
	return rc;
}

/* store_member_delete: see store.h.  One transaction; the erased
 * documents' files are removed after it commits. */
int sq_member_delete(store *s, int64_t id, int64_t now)
{
	struct erased gone = {.n = 0};
	int rc = sq_begin(s, "member_delete");
	if (rc)
		return rc;
	rc = sq_finish(s, delete_body(s, id, now, &gone), "member_delete");
	for (int i = 0; rc == 0 && i < gone.n; i++)
		sq_upload_unlink(s, gone.sha256[i]);
	return rc;
}

/* The FTS5 query for `query`: each word a quoted prefix term, all
 * required.  The words hold letters and digits only, so the quotes cannot
 * be broken out of.  An empty slice when there are no words. */
static int make_match(arena *a, str query, str *out)
{
	str words[8];
	int n = store_search_words(a, query, words, 8);
	if (n < 0)
		return STORE_ERR;
	buf b;
	buf_init(&b, a);
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, ' ');
		buf_putc(&b, '"');
		buf_str(&b, words[i]);
		buf_puts(&b, "\"*");
	}
	if (b.err)
		return STORE_ERR;
	*out = buf_slice(&b);
	return 0;
}

/* store_member_search: see store.h. */
int sq_member_search(store *s, arena *a, str query, int limit, int offset, struct store_member_list *out)
{
	str match;
	if (make_match(a, query, &match))
		return STORE_ERR;
	if (!match.n)
		return 0;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MEMBER_SEARCH, "member_search");
	if (rc)
		return rc;
	sq_text(&q, 1, match);
	sq_int(&q, 2, limit);
	sq_int(&q, 3, offset);
	struct store_member *items = arena_alloc(a, (size_t)limit * sizeof *items);
	if (!items) {
		sq_end(&q);
		return STORE_ERR;
	}
	int n = 0;
	while ((rc = sq_step(&q)) == SQLITE_ROW && n < limit)
		if (sq_member_read_full(&q, a, false, &items[n++])) {
			sq_end(&q);
			return STORE_ERR;
		}
	int err = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sq_err(&q, rc, false);
	sq_end(&q);
	if (err)
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* Binds the directory's parameters (see SQ_DIR_*) but the counts' ?8. */
static void dir_bind(struct sq_q *q, str match, const struct store_directory_query *dq)
{
	sq_text(q, 1, match);
	sq_text(q, 2, dq->country);
	sq_text(q, 3, dq->specialty);
	sq_text(q, 4, dq->grade);
	sq_text(q, 5, dq->type);
	sq_int(q, 6, dq->limit);
	sq_int(q, 7, dq->offset);
}

/* store_member_directory: see store.h. */
int sq_member_directory(store *s, arena *a, const struct store_directory_query *dq, struct store_member_list *out,
			int64_t *total)
{
	str match;
	if (make_match(a, dq->q, &match))
		return STORE_ERR;
	bool search = match.n > 0;
	if (!search && dq->q.n) /* words were asked for, but none usable: nobody */
		return 0;
	static const enum sq_id walk[] = {
		[STORE_DIR_NAME] = SQ_DIR_ALL,
		[STORE_DIR_SPECIALTY] = SQ_DIR_SPECIALTY,
		[STORE_DIR_GRADE] = SQ_DIR_GRADE,
		[STORE_DIR_COUNTRY] = SQ_DIR_COUNTRY,
	};
	enum sq_id page = search ? SQ_DIR_SEARCH : walk[store_dir_walk(dq)]; /* its count follows it */
	struct sq_q q;
	int rc = sq_start(&q, s, page + 1, "member_directory");
	if (rc)
		return rc;
	dir_bind(&q, match, dq);
	sq_int(&q, 8, dq->count_max);
	if ((rc = sq_row(&q, false)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*total = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	struct store_member *items = arena_alloc(a, (size_t)dq->limit * sizeof *items);
	if (!items)
		return STORE_ERR;
	if ((rc = sq_start(&q, s, page, "member_directory")))
		return rc;
	dir_bind(&q, match, dq);
	int n = 0;
	while ((rc = sq_step(&q)) == SQLITE_ROW && n < dq->limit)
		if (sq_member_read_full(&q, a, false, &items[n++])) {
			sq_end(&q);
			return STORE_ERR;
		}
	int err = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sq_err(&q, rc, false);
	sq_end(&q);
	if (err)
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_session_member: see store.h.  STORE_ENOTFOUND when the session is
 * unknown or expired.  The password hash is not read. */
int sq_session_member(store *s, arena *a, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		      struct store_session *sess, struct store_member *m)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SESSION_MEMBER, "session_member");
	if (rc)
		return rc;
	sq_blob(&q, 1, hash, STORE_HASH_LEN);
	sq_int(&q, 2, now);
	if ((rc = sq_row(&q, false)))
		return rc;
	rc = sq_member_read_full(&q, a, false, m);
	if (rc == 0) {
		sess->member_id = m->id;
		sess->expires_at = sqlite3_column_int64(q.st, 16);
		sess->bearer = sqlite3_column_int(q.st, 17) != 0;
		m->unread_messages = sqlite3_column_int64(q.st, 18);
		m->unread_notifications = sqlite3_column_int64(q.st, 19);
	}
	sq_end(&q);
	return rc;
}
