/* pg_dashboard.c: page views and the editors' dashboard in the PostgreSQL
 * backend, call for call as the SQLite backend's (sqlite_dashboard.c):
 * view counts added in batches, the days' salts and their readers, and the
 * figures the dashboard reads.
 *
 * Invariants: each write is one transaction (pg_txn; its body may run
 * again after a serialization failure or deadlock, and reads only its
 * arguments).  A batch's rows are written in one order (summed and sorted
 * by store_views_merge, views before items), so two nodes' batches never
 * wait on each other in a circle; they go pipelined, a round trip per few
 * hundred rows.  A day's salt is made once (INSERT .. ON CONFLICT DO
 * NOTHING, then read back) and never for a day older than one with a row.
 * Closing a day first locks its row FOR UPDATE; adding readers first
 * holds the day's row FOR SHARE and finds it open, so readers are either
 * in before a close counts them or see the day closed and are dropped:
 * none are left behind, none counted twice.  Strings handed out are copies
 * in the caller's arena. */
#include "pg_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- Writes --------------------------------------------------------------- */

static int add_views(store *s, const struct store_views_merged *m)
{
	int rc = pg_pipeline_begin(s, PG_VIEWS_ADD);
	if (rc)
		return rc;
	for (int i = 0; rc == 0 && i < m->nviews; i++) {
		struct pg_q q;
		if ((rc = pg_start(&q, s, PG_VIEWS_ADD, "views_add")))
			break;
		pg_int(&q, 1, m->views[i].day);
		pg_text(&q, 2, m->views[i].bucket);
		pg_int(&q, 3, m->views[i].n);
		rc = pg_pipeline_send(&q);
	}
	int end = pg_pipeline_end(s);
	return rc ? rc : end;
}

static int add_items(store *s, const struct store_views_merged *m)
{
	int rc = pg_pipeline_begin(s, PG_VIEWS_ITEM_ADD);
	if (rc)
		return rc;
	for (int i = 0; rc == 0 && i < m->nitems; i++) {
		struct pg_q q;
		if ((rc = pg_start(&q, s, PG_VIEWS_ITEM_ADD, "views_add")))
			break;
		pg_int(&q, 1, m->items[i].month);
		pg_text(&q, 2, str_c(store_view_kind_name(m->items[i].kind)));
		pg_int(&q, 3, m->items[i].item_id);
		pg_int(&q, 4, m->items[i].n);
		rc = pg_pipeline_send(&q);
	}
	int end = pg_pipeline_end(s);
	return rc ? rc : end;
}

static int add_body(store *s, void *arg)
{
	const struct store_views_merged *m = arg;
	int rc = add_views(s, m);
	return rc || !m->nitems ? rc : add_items(s, m);
}

/* store_views_add: see store.h.  The batch summed and sorted first. */
int pg_views_add(store *s, const struct store_view_count *c, int n)
{
	struct store_views_merged m;
	int rc = store_views_merge(c, n, &m);
	if (rc)
		return rc;
	rc = pg_txn(s, "views_add", add_body, &m);
	store_views_merged_free(&m);
	return rc;
}

/* Runs statement `id` with the integer `v` as $1, its rows unread. */
static int exec1(store *s, enum pg_id id, const char *op, int64_t v)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, v);
	return pg_exec(&q, false);
}

/* Inside a transaction: closes the open days before `day` (their rows
 * locked first: see the top of the file). */
static int close_before(store *s, int64_t day, const char *op)
{
	int rc = exec1(s, PG_VIEWS_CLOSE_LOCK, op, day);
	if (rc == 0)
		rc = exec1(s, PG_VIEWS_CLOSE, op, day);
	return rc ? rc : exec1(s, PG_VIEWS_FORGET, op, day);
}

struct salt_args {
	int64_t day;
	const unsigned char *fresh; /* the candidate */
	unsigned char got[32];
};

static int salt_body(store *s, void *arg)
{
	const char *op = "views_salt";
	struct salt_args *x = arg;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_VIEWS_SALT_NEW, op);
	if (rc)
		return rc;
	pg_int(&q, 1, x->day);
	pg_bytes(&q, 2, x->fresh, 32);
	if ((rc = pg_exec(&q, false)) || (rc = pg_start(&q, s, PG_VIEWS_SALT_GET, op)))
		return rc;
	pg_int(&q, 1, x->day);
	q.result_fmt = 1; /* the bytes as they are */
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ECONFLICT : rc; /* a later day has a salt */
	bool open = !PQgetisnull(q.res, 0, 0) && PQgetlength(q.res, 0, 0) == 32;
	if (open)
		memcpy(x->got, PQgetvalue(q.res, 0, 0), 32);
	pg_end(&q);
	return open ? close_before(s, x->day, op) : STORE_ECONFLICT; /* closed */
}

/* store_views_salt: see store.h.  `salt` comes with a fresh candidate. */
int pg_views_salt(store *s, int64_t day, unsigned char salt[32])
{
	struct salt_args x = {day, salt, {0}};
	int rc = pg_txn(s, "views_salt", salt_body, &x);
	if (rc == 0)
		memcpy(salt, x.got, 32);
	return rc;
}

struct readers_args {
	int64_t day;
	const unsigned char *h; /* n hashes of 16 bytes, sorted */
	int n;
};

static int readers_body(store *s, void *arg)
{
	const char *op = "views_readers";
	const struct readers_args *x = arg;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_VIEWS_DAY_OPEN, op);
	if (rc)
		return rc;
	pg_int(&q, 1, x->day);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? 0 : rc; /* not open: dropped */
	pg_end(&q);
	if ((rc = pg_start(&q, s, PG_VIEWS_READERS_ADD, op)))
		return rc;
	pg_int(&q, 1, x->day);
	pg_bytes(&q, 2, x->h, (size_t)x->n * 16);
	return pg_exec(&q, false);
}

static int hash_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

/* store_views_readers: see store.h.  The hashes sorted (a copy), so two
 * nodes adding the same ones take them in one order. */
int pg_views_readers(store *s, int64_t day, const unsigned char (*h)[16], int n)
{
	unsigned char *sorted = malloc((size_t)n * 16);
	if (!sorted)
		return STORE_ERR;
	memcpy(sorted, h, (size_t)n * 16);
	qsort(sorted, (size_t)n, 16, hash_cmp);
	struct readers_args x = {day, sorted, n};
	int rc = pg_txn(s, "views_readers", readers_body, &x);
	free(sorted);
	return rc;
}

static int gc_body(store *s, void *arg)
{
	return close_before(s, *(const int64_t *)arg, "gc");
}

/* store_gc's part: the days before now's closed (if no one asked for a
 * salt since), and reader rows of days that are not open. */
int pg_views_gc(store *s, int64_t now)
{
	int64_t today = now / 86400;
	int rc = pg_txn(s, "gc", gc_body, &today);
	return rc ? rc : exec1(s, PG_VIEWS_GC_READERS, "gc", now);
}

/* store_member_backdate: see store.h. */
int pg_member_backdate(store *s, int64_t id, int64_t created_at, int64_t verified_at)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MEMBER_BACKDATE, "member_backdate");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_int(&q, 2, created_at);
	pg_int(&q, 3, verified_at);
	return pg_exec(&q, true);
}

/* ---- Reads ---------------------------------------------------------------- */

typedef int (*row_reader)(struct pg_q *q, arena *a, int row, void *item);

/* Runs statement `id` with the integers v[0..nv) and reads every row into
 * an arena array of `size`-byte items; ends the query. */
static int rows(store *s, arena *a, enum pg_id id, const char *op, const int64_t *v, int nv, size_t size,
		row_reader read, void **items, int *n)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	for (int i = 0; i < nv; i++)
		pg_int(&q, i + 1, v[i]);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	int k = PQntuples(q.res);
	char *it = k ? arena_alloc(a, (size_t)k * size) : NULL;
	if (k && !it)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < k; i++)
		rc = read(&q, a, i, it + (size_t)i * size);
	pg_end(&q);
	if (rc == 0) {
		*items = it;
		*n = k;
	}
	return rc;
}

static int day_read(struct pg_q *q, arena *a, int row, void *item)
{
	(void)a;
	struct store_views_day *d = item;
	d->day = pg_col_int(q, row, 0);
	d->views = pg_col_int(q, row, 1);
	d->readers = pg_col_int(q, row, 2);
	return 0;
}

static int bucket_read(struct pg_q *q, arena *a, int row, void *item)
{
	struct store_views_bucket *b = item;
	b->day = pg_col_int(q, row, 0);
	b->views = pg_col_int(q, row, 2);
	return pg_col_str(q, a, row, 1, &b->bucket);
}

static int top_read(struct pg_q *q, arena *a, int row, void *item)
{
	struct store_views_top *t = item;
	t->id = pg_col_int(q, row, 0);
	t->views = pg_col_int(q, row, 3);
	return pg_col_str(q, a, row, 1, &t->title) || pg_col_str(q, a, row, 2, &t->href_part) ? STORE_ERR : 0;
}

static int count_read(struct pg_q *q, arena *a, int row, void *item)
{
	struct store_dash_count *c = item;
	c->n = pg_col_int(q, row, 1);
	return pg_col_str(q, a, row, 0, &c->key);
}

static int point_read(struct pg_q *q, arena *a, int row, void *item)
{
	(void)a;
	struct store_dash_point *p = item;
	p->day = pg_col_int(q, row, 0);
	p->n = pg_col_int(q, row, 1);
	return 0;
}

/* store_views_days: see store.h. */
int pg_views_days(store *s, arena *a, int64_t from, int64_t to, struct store_views_day_list *out)
{
	return rows(s, a, PG_VIEWS_DAYS, "views_days", (int64_t[]){from, to}, 2, sizeof *out->items, day_read,
		    (void **)&out->items, &out->n);
}

/* store_views_buckets: see store.h. */
int pg_views_buckets(store *s, arena *a, int64_t from, int64_t to, struct store_views_bucket_list *out)
{
	return rows(s, a, PG_VIEWS_BUCKETS, "views_buckets", (int64_t[]){from, to}, 2, sizeof *out->items,
		    bucket_read, (void **)&out->items, &out->n);
}

/* store_views_top: see store.h. */
int pg_views_top(store *s, arena *a, enum store_view_kind k, int64_t month, int limit,
		 struct store_views_top_list *out)
{
	enum pg_id id = k == STORE_VIEW_TOPIC	    ? PG_VIEWS_TOP_TOPICS
			: k == STORE_VIEW_BLOG_POST ? PG_VIEWS_TOP_BLOG
						    : PG_VIEWS_TOP_LIBRARY;
	int rc = rows(s, a, id, "views_top", (int64_t[]){month, limit}, 2, sizeof *out->items, top_read,
		      (void **)&out->items, &out->n);
	for (int i = 0; rc == 0 && i < out->n; i++)
		out->items[i].kind = k;
	return rc;
}

/* store_dash_members: see store.h. */
int pg_dash_members(store *s, arena *a, struct store_dash_count_list *by_type,
		    struct store_dash_count_list *by_country, struct store_dash_count_list *by_specialty)
{
	const enum pg_id ids[] = {PG_DASH_BY_TYPE, PG_DASH_BY_COUNTRY, PG_DASH_BY_SPECIALTY};
	struct store_dash_count_list *lists[] = {by_type, by_country, by_specialty};
	int rc = 0;
	for (int i = 0; rc == 0 && i < 3; i++)
		rc = rows(s, a, ids[i], "dash_members", NULL, 0, sizeof *lists[i]->items, count_read,
			  (void **)&lists[i]->items, &lists[i]->n);
	return rc;
}

/* store_dash_joined: see store.h. */
int pg_dash_joined(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out)
{
	return rows(s, a, PG_DASH_JOINED, "dash_joined", (int64_t[]){from, to}, 2, sizeof *out->items, point_read,
		    (void **)&out->items, &out->n);
}

/* store_dash_verified: see store.h.  The counts per day verified, then
 * summed per month (store_dashboard.c). */
int pg_dash_verified(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out)
{
	int64_t first, end;
	store_dash_verified_span(from, to, &first, &end);
	struct store_dash_point_list days = {0};
	int rc = rows(s, a, PG_DASH_VERIFIED, "dash_verified", (int64_t[]){first * 86400, end * 86400}, 2,
		      sizeof *days.items, point_read, (void **)&days.items, &days.n);
	return rc ? rc : store_dash_verified_months(a, from, to, days.items, days.n, out);
}

/* store_dash_pending: see store.h. */
int pg_dash_pending(store *s, struct store_dash_pending *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_DASH_PENDING, "dash_pending");
	if (rc || (rc = pg_row(&q)))
		return rc;
	out->verifications = pg_col_int(&q, 0, 0);
	out->bloggers = pg_col_int(&q, 0, 1);
	out->groups = pg_col_int(&q, 0, 2);
	out->flags = pg_col_int(&q, 0, 3);
	pg_end(&q);
	return 0;
}
