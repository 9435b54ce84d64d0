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
 * posts, blog posts and messages; messages need a reader. */
unsigned store_search_kinds(const struct store_search_query *q);

/* Scores rows[0..n) in place (rank becomes the score: each kind's ranks
 * divided by that kind's best, so the best of each kind scores 1, times a
 * weight for the kind: topics, members and forums, matched by their
 * titles and names, 1; blog posts and library items 0.9; posts and
 * messages, matched by their bodies, 0.8), sorts them best first, newer
 * first among equals, and gives the page q->offset .. +q->limit as *page
 * (pointing into rows) and *npage. */
void store_search_rank(const struct store_search_query *q, struct store_search_row *rows, int n,
		       struct store_search_row **page, int *npage);

#endif
