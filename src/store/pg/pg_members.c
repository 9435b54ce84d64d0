/* pg_members.c: members in the PostgreSQL backend, call for call as
 * sqlite_members.c.
 *
 * Invariants: email is stored as typed and matched through email_lower
 * (UNIQUE, ASCII-folded); handle is UNIQUE on lower(handle); pw_hash
 * leaves the store only through store_member_by_email_auth.  Strings
 * handed out are copies in the caller's arena. */
#include "pg_int.h"

#include <stdio.h>
#include <time.h>

#include "../../core/log.h"

/* Which key a refused insert collided with; email wins when both did. */
static enum store_member_key conflict_key(store *s, const struct store_member_new *m)
{
	struct pg_q q;
	if (pg_start(&q, s, PG_MEMBER_CONFLICT, "member_create"))
		return STORE_KEY_NONE;
	pg_text(&q, 1, m->email);
	pg_text(&q, 2, m->handle);
	if (pg_row(&q))
		return STORE_KEY_NONE;
	enum store_member_key key = STORE_KEY_NONE;
	if (pg_col_bool(&q, 0, 0))
		key = STORE_KEY_EMAIL;
	else if (pg_col_bool(&q, 0, 1))
		key = STORE_KEY_HANDLE;
	pg_end(&q);
	return key;
}

/* store_member_create: see store.h. */
int pg_member_create(store *s, const struct store_member_new *m, int64_t *id, enum store_member_key *key)
{
	struct pg_q q;
	*key = STORE_KEY_NONE;
	int rc = pg_start(&q, s, PG_MEMBER_INSERT, "member_create");
	if (rc)
		return rc;
	pg_text(&q, 1, m->email);
	pg_text(&q, 2, m->name);
	pg_text(&q, 3, m->handle);
	pg_text(&q, 4, m->type);
	pg_text(&q, 5, m->country);
	pg_text(&q, 6, m->pw_hash);
	pg_int(&q, 7, m->roles);
	pg_bool(&q, 8, m->confirmed);
	pg_bool(&q, 9, m->verified);
	pg_int(&q, 10, (int64_t)time(NULL));
	rc = pg_row(&q);
	if (rc == 0) {
		*id = pg_col_int(&q, 0, 0);
		pg_end(&q);
	} else if (rc == STORE_ECONFLICT) {
		*key = conflict_key(s, m);
	} else if (rc == STORE_ENOTFOUND) {
		rc = STORE_ERR;
	}
	return rc;
}

/* Fills *m from row `row` (columns as in MEMBER_COLS). */
int pg_member_read_full(struct pg_q *q, arena *a, int row, bool auth, struct store_member *m)
{
	str *text[] = {&m->email, &m->name,      &m->handle, &m->type,    &m->country,
		       &m->specialty, &m->grade, &m->bio,    &m->timezone};
	*m = (struct store_member){0};
	m->id = pg_col_int(q, row, 0);
	for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++)
		if (pg_col_str(q, a, row, 1 + i, text[i]))
			return STORE_ERR;
	m->roles = (unsigned)pg_col_int(q, row, 10);
	m->confirmed = pg_col_bool(q, row, 11);
	m->verified = pg_col_bool(q, row, 12);
	m->suspended = pg_col_bool(q, row, 13);
	m->created_at = pg_col_int(q, row, 14);
	if (auth && pg_col_str(q, a, row, 15, &m->pw_hash))
		return STORE_ERR;
	return 0;
}

static int member_find(struct pg_q *q, arena *a, bool auth, struct store_member *out)
{
	int rc = pg_row(q);
	if (rc)
		return rc;
	rc = pg_member_read_full(q, a, 0, auth, out);
	pg_end(q);
	return rc;
}

/* store_member_by_id: see store.h. */
int pg_member_by_id(store *s, arena *a, int64_t id, struct store_member *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_BY_ID, "member_by_id");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	return member_find(&q, a, false, out);
}

/* store_member_by_handle: see store.h.  Case-insensitive. */
int pg_member_by_handle(store *s, arena *a, str handle, struct store_member *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_BY_HANDLE, "member_by_handle");
	if (rc)
		return rc;
	pg_text(&q, 1, handle);
	return member_find(&q, a, false, out);
}

/* store_member_by_email_auth: see store.h. */
int pg_member_by_email_auth(store *s, arena *a, str email, struct store_member *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_BY_EMAIL, "member_by_email_auth");
	if (rc)
		return rc;
	pg_text(&q, 1, email);
	return member_find(&q, a, true, out);
}

/* store_member_count: see store.h. */
int pg_member_count(store *s, int64_t *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_COUNT, "member_count");
	if (rc)
		return rc;
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*out = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* store_member_update_profile: see store.h. */
int pg_member_update_profile(store *s, int64_t id, const struct store_profile *p)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_PROFILE, "member_update_profile");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_text(&q, 2, p->name);
	pg_text(&q, 3, p->country);
	pg_text(&q, 4, p->specialty);
	pg_text(&q, 5, p->grade);
	pg_text(&q, 6, p->bio);
	pg_text(&q, 7, p->timezone);
	return pg_exec(&q, true);
}

/* store_member_set_password: see store.h. */
int pg_member_set_password(store *s, int64_t id, str pw_hash)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_PASSWORD, "member_set_password");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_text(&q, 2, pw_hash);
	return pg_exec(&q, true);
}

/* store_member_set_roles: see store.h. */
int pg_member_set_roles(store *s, int64_t id, unsigned roles)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_ROLES, "member_set_roles");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_int(&q, 2, roles);
	return pg_exec(&q, true);
}

/* Sets one boolean column of member `id`; STORE_ENOTFOUND if none. */
static int member_flag(store *s, enum pg_id sql, const char *op, int64_t id, bool value)
{
	struct pg_q q;
	int rc = pg_start(&q, s, sql, op);
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_bool(&q, 2, value);
	return pg_exec(&q, true);
}

/* store_member_set_suspended: see store.h. */
int pg_member_set_suspended(store *s, int64_t id, bool suspended)
{
	return member_flag(s, PG_MEMBER_SUSPENDED, "member_set_suspended", id, suspended);
}

/* Sets member `id`'s verified flag, and its verified_at (dash-store):
 * `now` when it becomes verified, kept when it was already, 0 when not.
 * STORE_ENOTFOUND if there is no such member. */
int pg_member_verify_at(store *s, int64_t id, bool verified, int64_t now)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_VERIFIED, "member_set_verified");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_bool(&q, 2, verified);
	pg_int(&q, 3, now);
	return pg_exec(&q, true);
}

/* store_member_set_verified: see store.h.  verified_at: now. */
int pg_member_set_verified(store *s, int64_t id, bool verified)
{
	return pg_member_verify_at(s, id, verified, (int64_t)time(NULL));
}

/* store_member_confirm: see store.h.  Confirming twice is fine. */
int pg_member_confirm(store *s, int64_t id)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_CONFIRM, "member_confirm");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	return pg_exec(&q, true);
}

/* The statements of an account deletion, in order (statements.c). */
static const enum pg_id erase_steps[] = {
	PG_MEMBER_ERASE,	PG_ERASE_TOKENS,	PG_ERASE_SESSIONS,	PG_ERASE_CONNECTIONS,
	PG_ERASE_BLOCKS,	PG_ERASE_DOCUMENTS,	PG_ERASE_VERIFICATIONS, PG_ERASE_CONVERSATIONS,
	PG_ERASE_CHAMPIONS,	PG_ERASE_WATCHES,	PG_ERASE_READS,		PG_ERASE_NOTIFICATIONS,
	PG_ERASE_GROUP_COUNTS,	PG_ERASE_GROUPS,	PG_ERASE_INVITATIONS,	PG_ERASE_REQUESTS,
	PG_ERASE_BLOGGER,	PG_ERASE_MAIL,		PG_ERASE_MAIL_PREFS,	PG_ERASE_MAIL_MARKS,
};

struct erase {
	int64_t id, now;
};

static int delete_body(store *s, void *arg)
{
	const struct erase *e = arg;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof erase_steps / sizeof erase_steps[0]; i++) {
		struct pg_q q;
		if ((rc = pg_start(&q, s, erase_steps[i], "member_delete")))
			break;
		pg_int(&q, 1, e->id);
		pg_int(&q, 2, e->now);
		rc = pg_exec(&q, erase_steps[i] == PG_MEMBER_ERASE); /* the first finds the member, or nothing */
	}
	if (rc == 0) {
		char target[32];
		snprintf(target, sizeof target, "member:%lld", (long long)e->id);
		rc = pg_audit(s, e->id, S("member.delete"), str_c(target), STR_NULL);
	}
	return rc;
}

/* store_member_delete: see store.h.  One transaction. */
int pg_member_delete(store *s, int64_t id, int64_t now)
{
	struct erase e = {id, now};
	return pg_txn(s, "member_delete", delete_body, &e);
}

/* The tsquery for `query`: each word a quoted prefix term, joined by &.
 * The words hold letters and digits only, so the quotes cannot be broken
 * out of.  An empty slice when there are no words; STORE_ERR when the
 * arena is full. */
static int make_tsquery(arena *a, str query, str *out)
{
	str words[8];
	int n = store_search_words(a, query, words, 8);
	if (n < 0)
		return STORE_ERR;
	buf b;
	buf_init(&b, a);
	for (int i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, " & ");
		buf_putc(&b, '\'');
		buf_str(&b, words[i]);
		buf_puts(&b, "':*");
	}
	if (b.err)
		return STORE_ERR;
	*out = buf_slice(&b);
	return 0;
}

/* store_member_search: see store.h. */
int pg_member_search(store *s, arena *a, str query, int limit, int offset, struct store_member_list *out)
{
	str tsq;
	if (make_tsquery(a, query, &tsq))
		return STORE_ERR;
	if (!tsq.n)
		return 0;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_SEARCH, "member_search");
	if (rc)
		return rc;
	pg_text(&q, 1, tsq);
	pg_int(&q, 2, limit);
	pg_int(&q, 3, offset);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	int n = PQntuples(q.res);
	out->items = n ? arena_alloc(a, (size_t)n * sizeof *out->items) : NULL;
	if (n && !out->items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = pg_member_read_full(&q, a, i, false, &out->items[i]);
	if (rc == 0)
		out->n = n;
	pg_end(&q);
	return rc;
}

static void dir_bind(struct pg_q *q, str tsq, const struct store_directory_query *dq)
{
	pg_text(q, 1, tsq);
	pg_text(q, 2, dq->country);
	pg_text(q, 3, dq->specialty);
	pg_text(q, 4, dq->grade);
	pg_text(q, 5, dq->type);
	pg_int(q, 6, dq->limit);
	pg_int(q, 7, dq->offset);
}

/* store_member_directory: see store.h. */
int pg_member_directory(store *s, arena *a, const struct store_directory_query *dq, struct store_member_list *out,
			int64_t *total)
{
	str tsq;
	if (make_tsquery(a, dq->q, &tsq))
		return STORE_ERR;
	bool search = tsq.n > 0;
	if (!search && dq->q.n)
		return 0;
	static const enum pg_id walk[] = {
		[STORE_DIR_NAME] = PG_DIR_ALL,
		[STORE_DIR_SPECIALTY] = PG_DIR_SPECIALTY,
		[STORE_DIR_GRADE] = PG_DIR_GRADE,
		[STORE_DIR_COUNTRY] = PG_DIR_COUNTRY,
	};
	enum pg_id page = search ? PG_DIR_SEARCH : walk[store_dir_walk(dq)]; /* its count follows it */
	struct pg_q q;
	int rc = pg_start(&q, s, page + 1, "member_directory");
	if (rc)
		return rc;
	dir_bind(&q, tsq, dq);
	pg_int(&q, 8, dq->count_max);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*total = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = pg_start(&q, s, page, "member_directory")))
		return rc;
	dir_bind(&q, tsq, dq);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	int n = PQntuples(q.res);
	out->items = n ? arena_alloc(a, (size_t)n * sizeof *out->items) : NULL;
	if (n && !out->items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = pg_member_read_full(&q, a, i, false, &out->items[i]);
	if (rc == 0)
		out->n = n;
	pg_end(&q);
	return rc;
}

/* store_session_member: see store.h. */
int pg_session_member(store *s, arena *a, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		      struct store_session *sess, struct store_member *m)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_SESSION_MEMBER, "session_member");
	if (rc)
		return rc;
	pg_bytes(&q, 1, hash, STORE_HASH_LEN);
	pg_int(&q, 2, now);
	if ((rc = pg_row(&q)))
		return rc;
	rc = pg_member_read_full(&q, a, 0, false, m);
	if (rc == 0) {
		sess->member_id = m->id;
		sess->expires_at = pg_col_int(&q, 0, 16);
		sess->bearer = pg_col_bool(&q, 0, 17);
		m->unread_messages = pg_col_int(&q, 0, 18);
		m->unread_notifications = pg_col_int(&q, 0, 19);
	}
	pg_end(&q);
	return rc;
}
