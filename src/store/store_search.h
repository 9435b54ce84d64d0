/* store_search.h: what both backends' searches share (store_search.c),
 * inside the store only.  A backend reads, for each kind the query asks
 * for, the newest STORE_SEARCH_WINDOW matches the reader may see with
 * their engine's rank; store_search_rank() then makes the ranks of the
 * kinds comparable, orders them and picks the page, and the backend reads
 * each hit of the page (its text and snippet) by id. */
#ifndef ROUNDS_STORE_SEARCH_H
#define ROUNDS_STORE_SEARCH_H

#include "backend.h"

/* One match, as a kind's window query gives it. */
struct store_search_row {
	enum store_search_kind kind;
	int64_t id;
	double rank;        /* the engine's: higher is better (-bm25, ts_rank_cd) */
	int64_t created_at;
};

/* The window's LIMIT, spelled in the statements' text. */
#define STORE_SEARCH_WINDOW_SQL "1000"

/* The kinds q asks for that its filters leave any room for: a forum
 * filter keeps topics and posts only; an author filter keeps topics,
 * posts, blog posts, messages and comments; messages need a reader. */
unsigned store_search_kinds(const struct store_search_query *q);

/* Scores rows[0..n) in place (rank becomes the score: each kind's ranks
 * divided by that kind's best, so the best of each kind scores 1, times a
 * weight for the kind: topics, members and forums, matched by their
 * titles and names, 1; blog posts and library items 0.9; posts,
 * messages and comments, matched by their bodies, 0.8), sorts them best
 * first, newer first among equals, and gives the page q->offset ..
 * +q->limit as *page (pointing into rows) and *npage. */
void store_search_rank(const struct store_search_query *q, struct store_search_row *rows, int n,
		       struct store_search_row **page, int *npage);

/* A backend's engine, as store_search_collect drives it: window appends
 * kind k's window to rows (room for STORE_SEARCH_WINDOW more) and moves
 * *n; hit reads one row of the page into *h (STORE_ENOTFOUND when it is
 * gone since its window was read).  ctx is the backend's, e.g. its query
 * text. */
struct store_search_engine {
	int (*window)(store *s, void *ctx, enum store_search_kind k, struct store_search_row *rows, int *n);
	int (*hit)(store *s, arena *a, void *ctx, const struct store_search_row *r, struct store_search_hit *h);
	void *ctx;
};

/* The windows of every kind q leaves room for, their totals, the ranking
 * and the page's hits into *out (zeroed first).  A hit deleted between
 * its window and its read is left out of the page. */
int store_search_collect(store *s, arena *a, const struct store_search_query *q, const struct store_search_engine *e,
			 struct store_search_result *out);

/* How a backend reads the posts' ids by time, for a date filter:
 * max_id gives the largest post id (0: none), time_at the time of the
 * first post at or after id `id` (INT64_MAX: none).  0 or a STORE_E*. */
struct store_search_clock {
	int (*max_id)(store *s, int64_t *max);
	int (*time_at)(store *s, int64_t id, int64_t *at);
};

/* The post ids q's date filter can leave, *lo to *hi, so a window reads
 * the index between them instead of every newer match: post ids follow
 * the time posts are made, which a clock stepping back could bend by a
 * little, so each bound keeps a day to spare (the statements still test
 * the time itself).  Found by halving on the primary key, some 25 reads
 * at 10 million posts.  Kinds other than posts (their ids need not
 * follow their times: the generator makes topics out of order), or no
 * filter: 0 to INT64_MAX. */
int store_search_id_bounds(store *s, const struct store_search_query *q, enum store_search_kind k,
			   const struct store_search_clock *c, int64_t *lo, int64_t *hi);

/* The reader's groups' forum ids as a list literal between open and
 * close ("[" "]" for SQLite's json_each, "{" "}" for a PostgreSQL
 * array). */
int store_search_groups(arena *a, const struct store_search_query *q, char open, char close, str *out);

#endif
