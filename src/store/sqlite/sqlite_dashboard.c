/* sqlite_dashboard.c: page views and the editors' dashboard in the SQLite
 * backend (dash-store; migration 15): view counts added in batches, the
 * days' salts and their readers, and the figures the dashboard reads.
 *
 * Invariants: each write is one BEGIN IMMEDIATE transaction, so a batch is
 * all there or not at all, and, SQLite having one writer, a day's salt is
 * made once and a day closes once: its reader rows are counted, deleted
 * and its salt set NULL in the transaction that makes a later day's salt.
 * Readers are taken only for a day that is open.  The checks are made by
 * store_dashboard.c before any of these runs.  Strings handed out are
 * copies in the caller's arena. */
#include "sqlite_int.h"

#include <string.h>

/* ---- Writes --------------------------------------------------------------- */

static int add_body(store *s, const struct store_views_merged *m)
{
	const char *op = "views_add";
	struct sq_q q;
	int rc = 0;
	for (int i = 0; rc == 0 && i < m->nviews; i++) {
		if ((rc = sq_start(&q, s, SQ_VIEWS_ADD, op)))
			break;
		sq_int(&q, 1, m->views[i].day);
		sq_text(&q, 2, m->views[i].bucket);
		sq_int(&q, 3, m->views[i].n);
		rc = sq_exec(&q, true);
	}
	for (int i = 0; rc == 0 && i < m->nitems; i++) {
		if ((rc = sq_start(&q, s, SQ_VIEWS_ITEM_ADD, op)))
			break;
		sq_int(&q, 1, m->items[i].month);
		sq_text(&q, 2, str_c(store_view_kind_name(m->items[i].kind)));
		sq_int(&q, 3, m->items[i].item_id);
		sq_int(&q, 4, m->items[i].n);
		rc = sq_exec(&q, true);
	}
	return rc;
}

/* store_views_add: see store.h.  The batch summed per row first. */
int sq_views_add(store *s, const struct store_view_count *c, int n)
{
	struct store_views_merged m;
	int rc = store_views_merge(c, n, &m);
	if (rc)
		return rc;
	if ((rc = sq_begin(s, "views_add")) == 0)
		rc = sq_finish(s, add_body(s, &m), "views_add");
	store_views_merged_free(&m);
	return rc;
}

/* Inside a transaction: closes the open days before `day`. */
static int close_before(store *s, int64_t day, const char *op)
{
	int rc = sq_run(s, SQ_VIEWS_CLOSE, op, false, SQ_INTS(day));
	return rc ? rc : sq_run(s, SQ_VIEWS_FORGET, op, false, SQ_INTS(day));
}

static int salt_body(store *s, int64_t day, unsigned char salt[32])
{
	const char *op = "views_salt";
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_VIEWS_SALT_NEW, op);
	if (rc)
		return rc;
	sq_int(&q, 1, day);
	sq_blob(&q, 2, salt, 32);
	if ((rc = sq_exec(&q, false)) || (rc = sq_start(&q, s, SQ_VIEWS_SALT_GET, op)))
		return rc;
	sq_int(&q, 1, day);
	if ((rc = sq_row(&q, true)))
		return rc == STORE_ENOTFOUND ? STORE_ECONFLICT : rc; /* a later day has a salt */
	const void *p = sqlite3_column_blob(q.st, 0);
	int len = sqlite3_column_bytes(q.st, 0);
	if (p && len == 32)
		memcpy(salt, p, 32);
	sq_end(&q);
	if (!p || len != 32)
		return STORE_ECONFLICT; /* closed */
	return close_before(s, day, op);
}

/* store_views_salt: see store.h.  `salt` comes with a fresh candidate. */
int sq_views_salt(store *s, int64_t day, unsigned char salt[32])
{
	int rc = sq_begin(s, "views_salt");
	if (rc)
		return rc;
	return sq_finish(s, salt_body(s, day, salt), "views_salt");
}

static int readers_body(store *s, int64_t day, const unsigned char (*h)[16], int n)
{
	const char *op = "views_readers";
	int64_t open = 0;
	int rc = sq_run_int(s, SQ_VIEWS_DAY_OPEN, op, SQ_INTS(day), &open);
	for (int i = 0; rc == 0 && open && i < n; i++) {
		struct sq_q q;
		if ((rc = sq_start(&q, s, SQ_VIEWS_READER_ADD, op)))
			break;
		sq_int(&q, 1, day);
		sq_blob(&q, 2, h[i], 16);
		rc = sq_exec(&q, false);
	}
	return rc;
}

/* store_views_readers: see store.h. */
int sq_views_readers(store *s, int64_t day, const unsigned char (*h)[16], int n)
{
	int rc = sq_begin(s, "views_readers");
	if (rc)
		return rc;
	return sq_finish(s, readers_body(s, day, h, n), "views_readers");
}

/* store_gc's part: the days before now's closed (if no one asked for a
 * salt since), and reader rows of days that are not open. */
int sq_views_gc(store *s, int64_t now)
{
	int rc = sq_begin(s, "gc");
	if (rc)
		return rc;
	rc = sq_finish(s, close_before(s, now / 86400, "gc"), "gc");
	return rc ? rc : sq_run(s, SQ_VIEWS_GC_READERS, "gc", false, SQ_INTS(now));
}

/* store_member_backdate: see store.h. */
int sq_member_backdate(store *s, int64_t id, int64_t created_at, int64_t verified_at)
{
	return sq_run(s, SQ_MEMBER_BACKDATE, "member_backdate", true, SQ_INTS(id, created_at, verified_at));
}

/* ---- Reads ---------------------------------------------------------------- */

static int day_read(struct sq_q *q, arena *a, void *item)
{
	(void)a;
	struct store_views_day *d = item;
	d->day = sqlite3_column_int64(q->st, 0);
	d->views = sqlite3_column_int64(q->st, 1);
	d->readers = sqlite3_column_int64(q->st, 2);
	return 0;
}

static int bucket_read(struct sq_q *q, arena *a, void *item)
{
	struct store_views_bucket *b = item;
	b->day = sqlite3_column_int64(q->st, 0);
	b->views = sqlite3_column_int64(q->st, 2);
	return sq_col_str(q, a, 1, &b->bucket);
}

static int top_read(struct sq_q *q, arena *a, void *item)
{
	struct store_views_top *t = item;
	t->id = sqlite3_column_int64(q->st, 0);
	t->views = sqlite3_column_int64(q->st, 3);
	return sq_col_str(q, a, 1, &t->title) || sq_col_str(q, a, 2, &t->href_part) ? STORE_ERR : 0;
}

static int count_read(struct sq_q *q, arena *a, void *item)
{
	struct store_dash_count *c = item;
	c->n = sqlite3_column_int64(q->st, 1);
	return sq_col_str(q, a, 0, &c->key);
}

static int point_read(struct sq_q *q, arena *a, void *item)
{
	(void)a;
	struct store_dash_point *p = item;
	p->day = sqlite3_column_int64(q->st, 0);
	p->n = sqlite3_column_int64(q->st, 1);
	return 0;
}

/* Every row of statement `id` with the integers v[0..nv) bound. */
static int rows(store *s, arena *a, enum sq_id id, const char *op, const int64_t *v, int nv, size_t size,
		sq_row_reader read, void **items, int *n)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, op);
	if (rc)
		return rc;
	for (int i = 0; i < nv; i++)
		sq_int(&q, i + 1, v[i]);
	return sq_read_rows(&q, a, 0, size, read, items, n);
}

/* store_views_days: see store.h. */
int sq_views_days(store *s, arena *a, int64_t from, int64_t to, struct store_views_day_list *out)
{
	return rows(s, a, SQ_VIEWS_DAYS, "views_days", SQ_INTS(from, to), sizeof *out->items, day_read,
		    (void **)&out->items, &out->n);
}

/* store_views_buckets: see store.h. */
int sq_views_buckets(store *s, arena *a, int64_t from, int64_t to, struct store_views_bucket_list *out)
{
	return rows(s, a, SQ_VIEWS_BUCKETS, "views_buckets", SQ_INTS(from, to), sizeof *out->items, bucket_read,
		    (void **)&out->items, &out->n);
}

/* store_views_top: see store.h. */
int sq_views_top(store *s, arena *a, enum store_view_kind k, int64_t month, int limit,
		 struct store_views_top_list *out)
{
	enum sq_id id = k == STORE_VIEW_TOPIC	    ? SQ_VIEWS_TOP_TOPICS
			: k == STORE_VIEW_BLOG_POST ? SQ_VIEWS_TOP_BLOG
						    : SQ_VIEWS_TOP_LIBRARY;
	int rc = rows(s, a, id, "views_top", SQ_INTS(month, limit), sizeof *out->items, top_read,
		      (void **)&out->items, &out->n);
	for (int i = 0; rc == 0 && i < out->n; i++)
		out->items[i].kind = k;
	return rc;
}

/* store_dash_members: see store.h. */
int sq_dash_members(store *s, arena *a, struct store_dash_count_list *by_type,
		    struct store_dash_count_list *by_country, struct store_dash_count_list *by_specialty)
{
	const enum sq_id ids[] = {SQ_DASH_BY_TYPE, SQ_DASH_BY_COUNTRY, SQ_DASH_BY_SPECIALTY};
	struct store_dash_count_list *lists[] = {by_type, by_country, by_specialty};
	int rc = 0;
	for (int i = 0; rc == 0 && i < 3; i++)
		rc = rows(s, a, ids[i], "dash_members", NULL, 0, sizeof *lists[i]->items, count_read,
			  (void **)&lists[i]->items, &lists[i]->n);
	return rc;
}

/* store_dash_joined: see store.h. */
int sq_dash_joined(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out)
{
	return rows(s, a, SQ_DASH_JOINED, "dash_joined", SQ_INTS(from, to), sizeof *out->items, point_read,
		    (void **)&out->items, &out->n);
}

/* store_dash_verified: see store.h.  The counts per day verified, then
 * summed per month (store_dashboard.c). */
int sq_dash_verified(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out)
{
	int64_t first, end;
	store_dash_verified_span(from, to, &first, &end);
	struct store_dash_point_list days = {0};
	int rc = rows(s, a, SQ_DASH_VERIFIED, "dash_verified", SQ_INTS(first * 86400, end * 86400),
		      sizeof *days.items, point_read, (void **)&days.items, &days.n);
	return rc ? rc : store_dash_verified_months(a, from, to, days.items, days.n, out);
}

/* store_dash_pending: see store.h. */
int sq_dash_pending(store *s, struct store_dash_pending *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_DASH_PENDING, "dash_pending");
	if (rc || (rc = sq_row(&q, false)))
		return rc;
	out->verifications = sqlite3_column_int64(q.st, 0);
	out->bloggers = sqlite3_column_int64(q.st, 1);
	out->groups = sqlite3_column_int64(q.st, 2);
	out->flags = sqlite3_column_int64(q.st, 3);
	sq_end(&q);
	return 0;
}
