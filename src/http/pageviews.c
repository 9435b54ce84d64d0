/* pageviews.c: see pageviews.h.
 *
 * Invariants: two process-wide tallies: views keyed by (day, bucket * 8 +
 * kind + 1, item) and readers keyed by (day, member, 0).  A flush takes
 * each out whole and writes it with no lock held but its own, so pages
 * never wait on the store; what a failed write held goes back.  A topic
 * of a private group or a blog's comments never counts as an item (the
 * dashboard's top lists name only what editors may list). */
#include "pageviews.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../core/log.h"
#include "../core/tally.h"

#define TALLY_MAX (1u << 17)
#define READERS_MAX (1u << 20)

enum bucket {
	B_HOME,
	B_FORUMS,
	B_OPEN_CLINICAL,
	B_CLOSED_CLINICAL,
	B_OFF_DUTY,
	B_BLOGS,
	B_LIBRARY,
	B_GROUPS,
	B_PROFILES,
	B_OTHER,
	B_MAX
};

static const char *const bucket_names[B_MAX] = {
	[B_HOME] = "home",
	[B_FORUMS] = "forums",
	[B_OPEN_CLINICAL] = "forums:open_clinical",
	[B_CLOSED_CLINICAL] = "forums:closed_clinical",
	[B_OFF_DUTY] = "forums:off_duty",
	[B_BLOGS] = "blogs",
	[B_LIBRARY] = "library",
	[B_GROUPS] = "groups",
	[B_PROFILES] = "profiles",
	[B_OTHER] = "other",
};

static const enum bucket section_bucket[STORE_SECTION_MAX] = {
	[STORE_SECTION_OPEN_CLINICAL] = B_OPEN_CLINICAL,
	[STORE_SECTION_CLOSED_CLINICAL] = B_CLOSED_CLINICAL,
	[STORE_SECTION_OFF_DUTY] = B_OFF_DUTY,
	[STORE_SECTION_GROUP] = B_GROUPS,
	[STORE_SECTION_BLOG] = B_BLOGS,
};

/* A route's bucket by its pattern, when the page named no section: the
 * pattern itself, or a prefix ending in '/'. */
static const struct {
	const char *pattern;
	enum bucket b;
} route_buckets[] = {
	{"/", B_HOME},          {"/forums", B_FORUMS},   {"/latest", B_FORUMS},  {"/unread", B_FORUMS},
	{"/f/", B_FORUMS},      {"/t/", B_FORUMS},       {"/p/", B_FORUMS},      {"/blogs", B_BLOGS},
	{"/blogs/", B_BLOGS},   {"/b/", B_BLOGS},        {"/library", B_LIBRARY}, {"/library/", B_LIBRARY},
	{"/groups", B_GROUPS},  {"/groups/", B_GROUPS},  {"/g/", B_GROUPS},      {"/u/", B_PROFILES},
};

static tally views = TALLY_INIT(TALLY_MAX);
static tally readers = TALLY_INIT(READERS_MAX);

int pageviews_buckets(void)
{
	return B_MAX;
}

const char *pageviews_bucket_name(int i)
{
	return i >= 0 && i < B_MAX ? bucket_names[i] : "";
}

void http_view_section(http_req *r, enum store_section sec)
{
	if (sec >= 0 && sec < STORE_SECTION_MAX)
		r->view_section = (int)sec + 1;
}

void http_view_item(http_req *r, enum store_view_kind k, int64_t id)
{
	if (k >= 0 && k < STORE_VIEW_KIND_MAX && id > 0) {
		r->view_kind = (int)k + 1;
		r->view_item = id;
	}
}

static enum bucket route_bucket(const char *pattern)
{
	size_t n = strlen(pattern);
	for (size_t i = 0; i < sizeof route_buckets / sizeof *route_buckets; i++) {
		const char *p = route_buckets[i].pattern;
		size_t k = strlen(p);
		if (k == n ? memcmp(p, pattern, n) == 0 : k > 1 && p[k - 1] == '/' && k < n && memcmp(p, pattern, k) == 0)
			return route_buckets[i].b;
	}
	return B_OTHER;
}

void pageviews_count(const http_req *r)
{
	enum bucket b = r->view_section > 0 ? section_bucket[r->view_section - 1]
			: r->route		? route_bucket(r->route->pattern)
						: B_OTHER;
	int kind = r->view_kind;
	int64_t item = r->view_item;
	if (b == B_GROUPS || (kind == (int)STORE_VIEW_TOPIC + 1 && b == B_BLOGS))
		kind = 0, item = 0; /* a private group's topic, a blog's comments */
	if (!kind)
		item = 0;
	int64_t day = r->now / 86400;
	if (tally_add(&views, (struct tally_key){day, (int64_t)b * 8 + kind, item}, 1))
		log_warn("pageviews", "msg=\"view not counted: the tally is full\"");
	if (r->reader.signed_in && r->me.id > 0 &&
	    tally_add(&readers, (struct tally_key){day, r->me.id, 0}, 1))
		log_warn("pageviews", "msg=\"reader not counted: the tally is full\"");
}

static pthread_mutex_t flush_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t salt_day = -1; /* under flush_mu: the day whose salt is held */
static unsigned char salt[32];

/* The salt of `day` (from the store the first time this node needs it). */
static int day_salt(store *s, int64_t day)
{
	if (day == salt_day)
		return 0;
	int rc = store_views_salt(s, day, salt);
	salt_day = rc ? -1 : day;
	return rc;
}

/* Writes the views (tally_flush's write). */
static int write_views(const struct tally_entry *e, size_t n, void *ctx)
{
	struct store_view_count *c = malloc(n * sizeof *c);
	if (!c)
		return STORE_ERR;
	for (size_t i = 0; i < n; i++) {
		int64_t b = e[i].k.b / 8, kind = e[i].k.b % 8;
		c[i] = (struct store_view_count){.day = e[i].k.a, .bucket = str_c(bucket_names[b]),
						 .kind = (int)kind - 1, .item_id = e[i].k.c, .n = e[i].n};
	}
	int rc = store_views_add(ctx, c, (int)n);
	free(c);
	return rc;
}

/* The readers of one day, e[0..n), hashed under its salt.  A day closed
 * already (another node asked for a later day's salt first, just after
 * midnight) can count no more: its readers are dropped. */
static int write_day(store *s, const struct tally_entry *e, size_t n)
{
	int rc = day_salt(s, e[0].k.a);
	if (rc == STORE_ECONFLICT) {
		log_info("pageviews", "day=%lld readers=%zu msg=\"the day was closed: not counted\"", (long long)e[0].k.a, n);
		return 0;
	}
	if (rc)
		return rc;
	unsigned char(*h)[16] = malloc(n * sizeof *h);
	if (!h)
		return STORE_ERR;
	for (size_t i = 0; i < n; i++) {
		unsigned char id[8];
		uint64_t v = (uint64_t)e[i].k.b;
		for (int k = 0; k < 8; k++)
			id[k] = (unsigned char)(v >> (8 * k));
		crypto_generichash(h[i], 16, id, sizeof id, salt, sizeof salt);
	}
	rc = store_views_readers(s, e[0].k.a, (const unsigned char(*)[16])h, (int)n);
	free(h);
	return rc;
}

static int day_cmp(const void *x, const void *y)
{
	int64_t a = ((const struct tally_entry *)x)->k.a, b = ((const struct tally_entry *)y)->k.a;
	return (a > b) - (a < b);
}

/* Writes the readers, a day at a time (tally_flush's write).  On an error
 * every day goes back, the written ones too: a hash written twice counts
 * once. */
static int write_readers(const struct tally_entry *e, size_t n, void *ctx)
{
	struct tally_entry *sorted = malloc(n * sizeof *sorted);
	if (!sorted)
		return STORE_ERR;
	memcpy(sorted, e, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, day_cmp);
	int rc = 0;
	for (size_t from = 0, end; from < n && !rc; from = end) {
		for (end = from + 1; end < n && sorted[end].k.a == sorted[from].k.a; end++)
			;
		rc = write_day(ctx, sorted + from, end - from);
	}
	free(sorted);
	return rc;
}

int pageviews_flush(store *s)
{
	pthread_mutex_lock(&flush_mu);
	int rc = tally_flush(&views, "views", write_views, s);
	int rr = tally_flush(&readers, "readers", write_readers, s);
	pthread_mutex_unlock(&flush_mu);
	return rc ? rc : rr;
}
