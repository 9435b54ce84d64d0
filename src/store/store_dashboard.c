/* store_dashboard.c: page views and the editors' dashboard in store.c's
 * part: the kinds' names, months from day numbers, the checks every
 * backend relies on (a malformed call is refused with STORE_ERR, logged,
 * before anything is read or written), a batch summed for the backends,
 * and the forwarding to the backend's ops.  The contract of each function
 * is in store.h ("Page views and the dashboard"). */
#include "backend.h"

#include <stdlib.h>
#include <string.h>

#include "../core/log.h"
#include "../core/secret.h"
#include "../core/utc.h"

static const char *const view_kind_names[STORE_VIEW_KIND_MAX] = {
	[STORE_VIEW_TOPIC] = "topic",
	[STORE_VIEW_BLOG_POST] = "blog_post",
	[STORE_VIEW_LIBRARY_ITEM] = "library_item",
};

/* See store.h. */
const char *store_view_kind_name(enum store_view_kind k)
{
	return (int)k >= 0 && k < STORE_VIEW_KIND_MAX ? view_kind_names[k] : "";
}

/* ---- Months -------------------------------------------------------------- */

/* See store.h.  The calendar repeats every 400 years (146,097 days), so
 * the day of the month is utc.c's for the day's place in its 400 years:
 * exact for every int64_t, and no overflow multiplying by 86,400. */
int64_t store_month_of(int64_t day)
{
	int64_t in400 = day % 146097;
	if (in400 < 0)
		in400 += 146097;
	return day - (utc_of(in400 * 86400).day - 1);
}

/* See store.h.  A month has 28 to 31 days, so 31 days after its first
 * is in the next one. */
int64_t store_month_next(int64_t month)
{
	return store_month_of(store_month_of(month) + 31);
}

/* ---- Checks -------------------------------------------------------------- */

static int refuse(const char *op, const char *why)
{
	log_error("store_error", "op=%s err=\"%s\"", op, why);
	return STORE_ERR;
}

static bool day_ok(int64_t day)
{
	return day >= 0 && day <= STORE_VIEWS_DAY_MAX;
}

static bool range_ok(int64_t from, int64_t to)
{
	return day_ok(from) && day_ok(to) && from <= to;
}

static bool bucket_ok(str b)
{
	if (!b.p || b.n < 1 || b.n > STORE_VIEWS_BUCKET_MAX)
		return false;
	for (size_t i = 0; i < b.n; i++)
		if (!((b.p[i] >= 'a' && b.p[i] <= 'z') || b.p[i] == '_' || b.p[i] == ':'))
			return false;
	return true;
}

static bool count_ok(const struct store_view_count *c)
{
	return day_ok(c->day) && bucket_ok(c->bucket) && c->n >= 1 && c->n <= STORE_VIEWS_N_MAX &&
	       c->kind >= -1 && c->kind < STORE_VIEW_KIND_MAX && (c->kind < 0 || c->item_id >= 1);
}

/* ---- A batch summed ------------------------------------------------------ */

static int sum_cmp(const void *a, const void *b)
{
	const struct store_views_sum *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	size_t n = x->bucket.n < y->bucket.n ? x->bucket.n : y->bucket.n;
	int c = memcmp(x->bucket.p, y->bucket.p, n);
	if (c)
		return c;
	return x->bucket.n < y->bucket.n ? -1 : x->bucket.n > y->bucket.n;
}

static int item_cmp(const void *a, const void *b)
{
	const struct store_views_item_sum *x = a, *y = b;
	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->item_id < y->item_id ? -1 : x->item_id > y->item_id;
}

/* See backend.h. */
int store_views_merge(const struct store_view_count *c, int n, struct store_views_merged *out)
{
	*out = (struct store_views_merged){0};
	if (n <= 0)
		return 0;
	out->views = malloc((size_t)n * sizeof *out->views);
	out->items = malloc((size_t)n * sizeof *out->items);
	if (!out->views || !out->items) {
		store_views_merged_free(out);
		return STORE_ERR;
	}
	int ni = 0;
	for (int i = 0; i < n; i++) {
		out->views[i] = (struct store_views_sum){c[i].day, c[i].bucket, c[i].n};
		if (c[i].kind >= 0)
			out->items[ni++] = (struct store_views_item_sum){store_month_of(c[i].day),
									 (enum store_view_kind)c[i].kind, c[i].item_id,
									 c[i].n};
	}
	qsort(out->views, (size_t)n, sizeof *out->views, sum_cmp);
	qsort(out->items, (size_t)ni, sizeof *out->items, item_cmp);
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (k && sum_cmp(&out->views[k - 1], &out->views[i]) == 0)
			out->views[k - 1].n += out->views[i].n;
		else
			out->views[k++] = out->views[i];
	}
	out->nviews = k;
	k = 0;
	for (int i = 0; i < ni; i++) {
		if (k && item_cmp(&out->items[k - 1], &out->items[i]) == 0)
			out->items[k - 1].n += out->items[i].n;
		else
			out->items[k++] = out->items[i];
	}
	out->nitems = k;
	return 0;
}

/* See backend.h. */
void store_views_merged_free(struct store_views_merged *m)
{
	free(m->views);
	free(m->items);
	*m = (struct store_views_merged){0};
}

/* See backend.h. */
void store_dash_verified_span(int64_t from, int64_t to, int64_t *first, int64_t *end)
{
	*first = store_month_of(from) == from ? from : store_month_next(from);
	*end = store_month_next(to);
}

/* See backend.h.  Each month's count is every day's before its end. */
int store_dash_verified_months(arena *a, int64_t from, int64_t to, const struct store_dash_point *days, int n,
			       struct store_dash_point_list *out)
{
	int64_t first, end;
	store_dash_verified_span(from, to, &first, &end);
	int months = 0;
	for (int64_t m = first; m < end; m = store_month_next(m))
		months++;
	*out = (struct store_dash_point_list){0};
	if (!months)
		return 0;
	out->items = arena_alloc(a, (size_t)months * sizeof *out->items);
	if (!out->items)
		return refuse("dash_verified", "the arena is full");
	int64_t sum = 0;
	int i = 0;
	for (int64_t m = first; m < end; m = store_month_next(m)) {
		int64_t next = store_month_next(m);
		for (; i < n && days[i].day < next; i++)
			sum += days[i].n;
		out->items[out->n++] = (struct store_dash_point){m, sum};
	}
	return 0;
}

/* ---- Forwarding ---------------------------------------------------------- */

int store_views_add(store *s, const struct store_view_count *c, int n)
{
	if (n < 0 || (n && !c))
		return refuse("views_add", "no counts");
	for (int i = 0; i < n; i++)
		if (!count_ok(&c[i]))
			return refuse("views_add", "a count needs a day, a bucket of [a-z_:], n >= 1 and a known kind "
						   "with its item");
	return n ? s->ops->views_add(s, c, n) : 0;
}

int store_views_salt(store *s, int64_t day, unsigned char salt[32])
{
	if (!day_ok(day)) {
		memset(salt, 0, 32);
		return refuse("views_salt", "no such day");
	}
	secret_random(salt, 32); /* the candidate, if the day has none yet */
	int rc = s->ops->views_salt(s, day, salt);
	if (rc)
		memset(salt, 0, 32);
	return rc;
}

int store_views_readers(store *s, int64_t day, const unsigned char (*h)[16], int n)
{
	if (!day_ok(day) || n < 0 || (n && !h))
		return refuse("views_readers", "a day and its reader hashes");
	return n ? s->ops->views_readers(s, day, h, n) : 0;
}

int store_views_days(store *s, arena *a, int64_t from, int64_t to, struct store_views_day_list *out)
{
	*out = (struct store_views_day_list){0};
	if (!range_ok(from, to))
		return refuse("views_days", "a range of days, from <= to");
	return s->ops->views_days(s, a, from, to, out);
}

int store_views_buckets(store *s, arena *a, int64_t from, int64_t to, struct store_views_bucket_list *out)
{
	*out = (struct store_views_bucket_list){0};
	if (!range_ok(from, to))
		return refuse("views_buckets", "a range of days, from <= to");
	return s->ops->views_buckets(s, a, from, to, out);
}

int store_views_top(store *s, arena *a, enum store_view_kind k, int64_t month, int limit,
		    struct store_views_top_list *out)
{
	*out = (struct store_views_top_list){0};
	if ((int)k < 0 || k >= STORE_VIEW_KIND_MAX || !day_ok(month) || limit < 1 || limit > 50)
		return refuse("views_top", "a known kind, a month and a limit of 1 to 50");
	return s->ops->views_top(s, a, k, month, limit, out);
}

int store_dash_members(store *s, arena *a, struct store_dash_count_list *by_type,
		       struct store_dash_count_list *by_country, struct store_dash_count_list *by_specialty)
{
	*by_type = (struct store_dash_count_list){0};
	*by_country = (struct store_dash_count_list){0};
	*by_specialty = (struct store_dash_count_list){0};
	return s->ops->dash_members(s, a, by_type, by_country, by_specialty);
}

int store_dash_joined(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out)
{
	*out = (struct store_dash_point_list){0};
	if (!range_ok(from, to))
		return refuse("dash_joined", "a range of days, from <= to");
	return s->ops->dash_joined(s, a, from, to, out);
}

int store_dash_verified(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out)
{
	*out = (struct store_dash_point_list){0};
	if (!range_ok(from, to) || to - from > STORE_DASH_VERIFIED_SPAN)
		return refuse("dash_verified", "a range of days, from <= to, at most 100 years");
	return s->ops->dash_verified(s, a, from, to, out);
}

int store_dash_pending(store *s, struct store_dash_pending *out)
{
	*out = (struct store_dash_pending){0};
	return s->ops->dash_pending(s, out);
}

int store_member_backdate(store *s, int64_t id, int64_t created_at, int64_t verified_at)
{
	if (created_at < 1 || verified_at < 0 || (verified_at > 0 && verified_at < created_at))
		return refuse("member_backdate", "created_at >= 1, and verified_at 0 or not before it");
	return s->ops->member_backdate(s, id, created_at, verified_at);
}
