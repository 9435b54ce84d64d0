/* store_search.c: the search's part of store.c: the kinds' names, the
 * checks every backend relies on, and what both backends share once their
 * engines have ranked each kind's window (store_search.h): comparable
 * scores, the order and the page.  The contract is in store.h ("Search"). */
#include "store_search.h"

#include <stdint.h>
#include <stdlib.h>

#include "../core/log.h"

_Static_assert(STORE_SEARCH_WINDOW == 1000, "STORE_SEARCH_WINDOW_SQL spells the window");

static const char *const kind_names[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = "topic",
	[STORE_SEARCH_POST] = "post",
	[STORE_SEARCH_BLOG] = "blog_post",
	[STORE_SEARCH_LIBRARY] = "library_item",
	[STORE_SEARCH_MEMBER] = "member",
	[STORE_SEARCH_FORUM] = "forum",
	[STORE_SEARCH_MESSAGE] = "message",
	[STORE_SEARCH_COMMENT] = "blog_comment",
};

/* How a kind's best match weighs against the others' (store_search.h). */
static const double kind_weight[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = 1.0,  [STORE_SEARCH_POST] = 0.8,   [STORE_SEARCH_BLOG] = 0.9,
	[STORE_SEARCH_LIBRARY] = 0.9, [STORE_SEARCH_MEMBER] = 1.0, [STORE_SEARCH_FORUM] = 1.0,
	[STORE_SEARCH_MESSAGE] = 0.8, [STORE_SEARCH_COMMENT] = 0.8,
};

/* See store.h. */
const char *store_search_kind_name(enum store_search_kind k)
{
	return k >= 0 && k < STORE_SEARCH_KIND_MAX ? kind_names[k] : "";
}

/* See store.h. */
int store_search_kind_parse(str name)
{
	for (int i = 0; i < STORE_SEARCH_KIND_MAX; i++)
		if (str_eqc(name, kind_names[i]))
			return i;
	return -1;
}

/* See store_search.h. */
unsigned store_search_kinds(const struct store_search_query *q)
{
	unsigned k = q->kinds & STORE_SEARCH_KINDS_ALL;
	if (q->forum)
		k &= 1u << STORE_SEARCH_TOPIC | 1u << STORE_SEARCH_POST;
	if (q->author)
		k &= 1u << STORE_SEARCH_TOPIC | 1u << STORE_SEARCH_POST | 1u << STORE_SEARCH_BLOG |
		     1u << STORE_SEARCH_MESSAGE | 1u << STORE_SEARCH_COMMENT;
	if (!q->reader)
		k &= ~(1u << STORE_SEARCH_MESSAGE);
	return k;
}

/* Best first; newer first among equals; then a fixed order, so a page
 * never depends on the sort's whims. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct store_search_row *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank > b->rank ? -1 : 1;
	if (a->created_at != b->created_at)
		return a->created_at > b->created_at ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

/* See store_search.h. */
void store_search_rank(const struct store_search_query *q, struct store_search_row *rows, int n,
		       struct store_search_row **page, int *npage)
{
	double best[STORE_SEARCH_KIND_MAX] = {0};
	for (int i = 0; i < n; i++)
		if (rows[i].rank > best[rows[i].kind])
			best[rows[i].kind] = rows[i].rank;
	for (int i = 0; i < n; i++) {
		enum store_search_kind k = rows[i].kind;
		double r = best[k] > 0 && rows[i].rank > 0 ? rows[i].rank / best[k] : best[k] > 0 ? 0.0 : 1.0;
		rows[i].rank = r * kind_weight[k];
	}
	if (n > 1)
		qsort(rows, (size_t)n, sizeof *rows, row_cmp);
	int from = q->offset < n ? q->offset : n;
	*page = rows + from;
	*npage = n - from < q->limit ? n - from : q->limit;
}

/* See store_search.h. */
int store_search_collect(store *s, arena *a, const struct store_search_query *q, const struct store_search_engine *e,
			 struct store_search_result *out)
{
	*out = (struct store_search_result){0};
	unsigned kinds = store_search_kinds(q);
	int nk = 0;
	for (int k = 0; k < STORE_SEARCH_KIND_MAX; k++)
		nk += (kinds >> k) & 1u;
	struct store_search_row *rows = arena_alloc(a, (size_t)nk * STORE_SEARCH_WINDOW * sizeof *rows);
	if (!rows)
		return STORE_ERR;
	int n = 0, rc;
	for (int k = 0; k < STORE_SEARCH_KIND_MAX; k++) {
		if (!((kinds >> k) & 1u))
			continue;
		int before = n;
		if ((rc = e->window(s, e->ctx, (enum store_search_kind)k, rows, &n)))
			return rc;
		out->kind_total[k] = n - before;
		out->total += n - before;
	}
	struct store_search_row *page;
	int npage;
	store_search_rank(q, rows, n, &page, &npage);
	if (!npage)
		return 0;
	if (!(out->items = arena_alloc(a, (size_t)npage * sizeof *out->items)))
		return STORE_ERR;
	for (int i = 0; i < npage; i++) {
		rc = e->hit(s, a, e->ctx, &page[i], &out->items[out->n]);
		if (rc == 0)
			out->n++;
		else if (rc != STORE_ENOTFOUND)
			return rc;
	}
	return 0;
}

/* The first post id made at or after `t`, in 1..max+1, by halving. */
static int first_at(store *s, const struct store_search_clock *c, int64_t max, int64_t t, int64_t *out)
{
	int64_t lo = 1, hi = max + 1;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2, at;
		int rc = c->time_at(s, mid, &at);
		if (rc)
			return rc;
		if (at >= t)
			hi = mid;
		else
			lo = mid + 1;
	}
	*out = lo;
	return 0;
}

/* See store_search.h. */
int store_search_id_bounds(store *s, const struct store_search_query *q, enum store_search_kind k,
			   const struct store_search_clock *c, int64_t *lo, int64_t *hi)
{
	*lo = 0;
	*hi = INT64_MAX;
	if (k != STORE_SEARCH_POST || (!q->since && !q->until))
		return 0;
	int64_t max = 0;
	int rc = c->max_id(s, &max);
	if (rc || !max)
		return rc;
	if (q->since && (rc = first_at(s, c, max, q->since - 86400, lo)))
		return rc;
	if (q->until && q->until < INT64_MAX - 86400) {
		int64_t first;
		if ((rc = first_at(s, c, max, q->until + 86400, &first)))
			return rc;
		*hi = first - 1;
	}
	return 0;
}

/* See store_search.h. */
int store_search_groups(arena *a, const struct store_search_query *q, char open, char close, str *out)
{
	buf b;
	buf_init(&b, a);
	buf_putc(&b, open);
	for (int i = 0; i < q->ngroups; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)q->groups[i]);
	buf_putc(&b, close);
	if (b.err)
		return STORE_ERR;
	*out = buf_slice(&b);
	return 0;
}

static int search_refuse(const char *why)
{
	log_error("store_error", "op=search err=\"%s\"", why);
	return STORE_ERR;
}

/* See store.h. */
int store_search(store *s, arena *a, const struct store_search_query *q, struct store_search_result *out)
{
	*out = (struct store_search_result){0};
	if (!q || q->nterms < 1 || q->nterms > STORE_SEARCH_TERMS || !q->terms)
		return search_refuse("a search needs 1 to 16 terms");
	for (int i = 0; i < q->nterms; i++) {
		const struct store_search_term *t = &q->terms[i];
		if (t->n < 1 || t->n > STORE_SEARCH_PHRASE_WORDS)
			return search_refuse("a term holds 1 to 8 words");
		for (int j = 0; j < t->n; j++)
			if (t->words[j].n > 0 && !t->words[j].p)
				return search_refuse("a word without its bytes");
	}
	if (q->limit < 1 || q->limit > 50 || q->offset < 0 || q->offset > STORE_SEARCH_WINDOW)
		return search_refuse("limit must be 1 to 50 and offset 0 to the window");
	if (q->ngroups < 0 || (q->ngroups > 0 && !q->groups) || q->forum < 0 || q->author < 0 || q->since < 0 ||
	    q->until < 0 || q->reader < 0)
		return search_refuse("bad groups or filters");
	if (!store_search_kinds(q))
		return 0;
	return s->ops->search(s, a, q, out);
}
