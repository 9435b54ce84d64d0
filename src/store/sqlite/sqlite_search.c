/* sqlite_search.c: store_search in the SQLite backend, over the FTS5
 * indexes of migration 13 (and members_fts of migration 2).
 *
 * Invariants: the MATCH text is made here from the parsed terms alone,
 * every word inside double quotes (a '"' in it doubled), so no input is
 * ever read as FTS5 syntax; the statements are constant (statements.c).
 * Each kind asked for is one window query: the newest
 * STORE_SEARCH_WINDOW matches the reader may see, by rowid, with rounds_rank;
 * store_search_rank (store_search.c) orders them all and picks the page;
 * then each hit of the page is read by its rowid, its snippet made by
 * FTS5 with marks that a stored byte cannot fake.  Strings handed out are
 * copies in the caller's arena. */
#include "sqlite_int.h"

#include "../store_search.h"

/* A kind's window statement and its hit's. */
static const enum sq_id window_sql[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = SQ_SEARCH_TOPICS,   [STORE_SEARCH_POST] = SQ_SEARCH_POSTS,
	[STORE_SEARCH_BLOG] = SQ_SEARCH_BLOG,      [STORE_SEARCH_LIBRARY] = SQ_SEARCH_LIBRARY,
	[STORE_SEARCH_MEMBER] = SQ_SEARCH_MEMBERS, [STORE_SEARCH_FORUM] = SQ_SEARCH_FORUMS,
	[STORE_SEARCH_MESSAGE] = SQ_SEARCH_MESSAGES,
};
/* With an author: the statements driven by the author's rows (0: none). */
static const enum sq_id by_sql[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = SQ_SEARCH_TOPICS_BY,
	[STORE_SEARCH_POST] = SQ_SEARCH_POSTS_BY,
};
static const enum sq_id hit_sql[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = SQ_SEARCH_TOPIC_HIT,     [STORE_SEARCH_POST] = SQ_SEARCH_POST_HIT,
	[STORE_SEARCH_BLOG] = SQ_SEARCH_BLOG_HIT,       [STORE_SEARCH_LIBRARY] = SQ_SEARCH_LIBRARY_HIT,
	[STORE_SEARCH_MEMBER] = SQ_SEARCH_MEMBER_HIT,   [STORE_SEARCH_FORUM] = SQ_SEARCH_FORUM_HIT,
	[STORE_SEARCH_MESSAGE] = SQ_SEARCH_MESSAGE_HIT,
};

/* ---- rounds_rank: the windows' rank --------------------------------------
 *
 * rounds_rank(FTS, W1, W2, ...) is BM25 without its IDF: for each phrase
 * of the query and each column, W * tf * (k1 + 1) / (tf + k1 * (1 - b + b *
 * len / avglen)), summed; higher is better.  FTS5's own bm25() first counts
 * every row that matches each phrase (its IDF), which for a common word on
 * a large site is millions of rows per query; here a query reads only the
 * rows of its window.  Within one kind's window the IDF of a one-word
 * query is the same for every row, so the order is bm25's; with several
 * words, each weighs alike.  The averages are read once per query. */

enum { RANK_PHRASES = 64, RANK_COLS = 8 };

struct rank_avg {
	double avg[RANK_COLS];
};

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *out, int nval,
		    sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	int nphrase = api->xPhraseCount(ctx), ncol = api->xColumnCount(ctx);
	if (nphrase > RANK_PHRASES)
		nphrase = RANK_PHRASES;
	if (ncol > RANK_COLS)
		ncol = RANK_COLS;
	struct rank_avg *ra = api->xGetAuxdata(ctx, 0);
	if (!ra) {
		ra = sqlite3_malloc(sizeof *ra);
		sqlite3_int64 rows = 0;
		if (!ra || api->xRowCount(ctx, &rows) != SQLITE_OK) {
			sqlite3_free(ra);
			sqlite3_result_error_nomem(out);
			return;
		}
		for (int c = 0; c < ncol; c++) {
			sqlite3_int64 total = 0;
			api->xColumnTotalSize(ctx, c, &total);
			ra->avg[c] = rows > 0 && total > 0 ? (double)total / (double)rows : 1.0;
		}
		if (api->xSetAuxdata(ctx, ra, sqlite3_free) != SQLITE_OK) {
			sqlite3_result_error_nomem(out);
			return;
		}
	}
	int n = 0;
	if (api->xInstCount(ctx, &n) != SQLITE_OK) {
		sqlite3_result_error_code(out, SQLITE_ERROR);
		return;
	}
	int t[RANK_PHRASES][RANK_COLS] = {{0}};
	for (int i = 0; i < n; i++) {
		int ph, col, off;
		if (api->xInst(ctx, i, &ph, &col, &off) == SQLITE_OK && ph >= 0 && ph < nphrase && col >= 0 &&
		    col < ncol)
			t[ph][col]++;
	}
	double score = 0;
	for (int c = 0; c < ncol; c++) {
		double w = c < nval ? sqlite3_value_double(val[c]) : 1.0;
		int len = 0;
		if (w == 0 || api->xColumnSize(ctx, c, &len) != SQLITE_OK)
			continue;
		double norm = k1 * (1 - b + b * (double)len / ra->avg[c]);
		for (int p = 0; p < nphrase; p++)
			if (t[p][c])
				score += w * t[p][c] * (k1 + 1) / (t[p][c] + norm);
	}
	sqlite3_result_double(out, score);
}

/* See sqlite_int.h. */
int sq_search_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	return api->xCreateFunction(api, "rounds_rank", NULL, rank_fn, NULL);
}

/* Appends word w's bytes as they go inside an FTS5 string: '"' doubled,
 * control bytes left out (a NUL would end the text early).  Gives how
 * many bytes it wrote. */
static size_t put_word(buf *b, str w)
{
	size_t k = 0;
	for (size_t i = 0; i < w.n; i++) {
		unsigned char c = (unsigned char)w.p[i];
		if (c < 0x20 || c == 0x7f)
			continue;
		if (c == '"')
			buf_putc(b, '"');
		buf_putc(b, (char)c);
		k++;
	}
	return k;
}

/* See sqlite_int.h. */
int sq_search_match(arena *a, const struct store_search_term *t, int n, str *out)
{
	buf b;
	buf_init(&b, a);
	for (int i = 0; i < n; i++) {
		/* One string per term: "word", or "w1 w2" for a phrase (FTS5
		 * reads the tokens of a string as a phrase); '*' after it makes
		 * its last token a prefix.  A term with nothing left is dropped. */
		size_t mark = b.n;
		if (b.n)
			buf_putc(&b, ' ');
		buf_putc(&b, '"');
		size_t wrote = 0;
		for (int j = 0; j < t[i].n && j < STORE_SEARCH_PHRASE_WORDS; j++) {
			if (wrote && t[i].words[j].n)
				buf_putc(&b, ' ');
			wrote += put_word(&b, t[i].words[j]);
		}
		if (!wrote) {
			b.n = mark;
			continue;
		}
		buf_putc(&b, '"');
		if (t[i].prefix)
			buf_putc(&b, '*');
	}
	if (b.err)
		return STORE_ERR;
	*out = buf_slice(&b);
	return 0;
}

/* What the engine's callbacks share: the MATCH text and the groups. */
struct sq_search_ctx {
	const struct store_search_query *sq;
	str match, groups;
};

/* The kinds whose ids id_bounds narrows by date (0: none): posts, the
 * one table that grows to millions (topics and a reader's messages are
 * few enough to walk). */
static const enum sq_id max_sql[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_POST] = SQ_SEARCH_MAX_POST,
};
static const enum sq_id at_sql[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_POST] = SQ_SEARCH_AT_POST,
};

/* A reader with more messages than this has theirs found by walking the
 * index's matches (SQ_SEARCH_MESSAGES_ALL); others from their own
 * conversations (SQ_SEARCH_MESSAGES), each looked up in the index. */
#define READER_MESSAGES 2000

/* Whether the reader has more than READER_MESSAGES messages in their
 * conversations. */
static int reader_busy(store *s, int64_t reader, bool *busy)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SEARCH_READER_MESSAGES, "search");
	if (rc)
		return rc;
	sq_int(&q, 1, reader);
	sq_int(&q, 2, READER_MESSAGES + 1);
	if ((rc = sq_row(&q, false)))
		return rc;
	*busy = sqlite3_column_int64(q.st, 0) > READER_MESSAGES;
	sq_end(&q);
	return 0;
}

/* The time of kind k's first row at or after id `id` (INT64_MAX: none). */
static int time_at(store *s, enum store_search_kind k, int64_t id, int64_t *at)
{
	struct sq_q q;
	int rc = sq_start(&q, s, at_sql[k], "search");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	rc = sq_row(&q, false);
	*at = rc == 0 ? sqlite3_column_int64(q.st, 0) : INT64_MAX;
	if (rc == 0)
		sq_end(&q);
	return rc == STORE_ENOTFOUND ? 0 : rc;
}

/* The first id of kind k whose row was made at or after `t`, in
 * 1..max+1, by halving: ids are handed out in the order rows are made. */
static int first_at(store *s, enum store_search_kind k, int64_t max, int64_t t, int64_t *out)
{
	int64_t lo = 1, hi = max + 1;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2, at;
		int rc = time_at(s, k, mid, &at);
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

/* The ids of kind k a date filter can leave, *lo to *hi, so the window
 * reads the index between them instead of every newer match: ids follow
 * the time rows are made, which a clock stepping back could bend by a
 * little, so each bound keeps a day to spare (the statements still test
 * the time itself).  No filter, or a kind without dated ids: 0 to
 * INT64_MAX. */
static int id_bounds(store *s, const struct store_search_query *sq, enum store_search_kind k, int64_t *lo,
		     int64_t *hi)
{
	*lo = 0;
	*hi = INT64_MAX;
	if (!max_sql[k] || (!sq->since && !sq->until))
		return 0;
	struct sq_q q;
	int rc = sq_start(&q, s, max_sql[k], "search");
	if (rc || (rc = sq_row(&q, false)))
		return rc == STORE_ENOTFOUND ? 0 : rc;
	int64_t max = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	if (sq->since && (rc = first_at(s, k, max, sq->since - 86400, lo)))
		return rc;
	if (sq->until && sq->until < INT64_MAX - 86400) {
		int64_t first;
		if ((rc = first_at(s, k, max, sq->until + 86400, &first)))
			return rc;
		*hi = first - 1;
	}
	return 0;
}

/* Appends kind k's window to rows (store_search_engine.window). */
static int window(store *s, void *ctx, enum store_search_kind k, struct store_search_row *rows, int *n)
{
	const struct sq_search_ctx *c = ctx;
	const struct store_search_query *sq = c->sq;
	int64_t lo, hi;
	int rc = id_bounds(s, sq, k, &lo, &hi);
	if (rc)
		return rc;
	enum sq_id id = sq->author && by_sql[k] ? by_sql[k] : window_sql[k];
	bool busy = false;
	if (k == STORE_SEARCH_MESSAGE && (rc = reader_busy(s, sq->reader, &busy)))
		return rc;
	if (busy)
		id = SQ_SEARCH_MESSAGES_ALL;
	struct sq_q q;
	rc = sq_start(&q, s, id, "search");
	if (rc)
		return rc;
	sq_text(&q, 1, c->match);
	sq_int(&q, 2, sq->sections);
	sq_text(&q, 3, c->groups);
	sq_int(&q, 4, sq->forum);
	sq_int(&q, 5, sq->author);
	sq_int(&q, 6, sq->since);
	sq_int(&q, 7, sq->until);
	sq_int(&q, 8, k == STORE_SEARCH_LIBRARY ? (int64_t)sq->library : sq->reader);
	sq_int(&q, 9, lo);
	sq_int(&q, 10, hi);
	int got = 0;
	while (got < STORE_SEARCH_WINDOW && (rc = sq_step(&q)) == SQLITE_ROW) {
		struct store_search_row *r = &rows[*n + got++];
		r->kind = k;
		r->id = sqlite3_column_int64(q.st, 0);
		r->rank = sqlite3_column_double(q.st, 1);
		r->created_at = sqlite3_column_int64(q.st, 2);
	}
	*n += got;
	return sq_list_end(&q, 0, got, STORE_SEARCH_WINDOW, rc);
}

/* A snippet as FTS5 gave it, with the statements' marks (\x01 or \x02,
 * each followed by \xff) made the store's, and any other \x01, \x02 or
 * \xff (stored text, never a mark) left out. */
static str snippet_marks(str s)
{
	char *p = (char *)s.p;
	size_t k = 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)p[i];
		if ((c == 0x01 || c == 0x02) && i + 1 < s.n && (unsigned char)p[i + 1] == 0xff) {
			p[k++] = (char)c;
			i++;
		} else if (c != 0x01 && c != 0x02 && c != 0xff) {
			p[k++] = (char)c;
		}
	}
	return (str){p, k};
}

/* Reads hit r (its kind's hit statement) into *h
 * (store_search_engine.hit). */
static int hit(store *s, arena *a, void *ctx, const struct store_search_row *r, struct store_search_hit *h)
{
	const struct sq_search_ctx *c = ctx;
	struct sq_q q;
	int rc = sq_start(&q, s, hit_sql[r->kind], "search");
	if (rc)
		return rc;
	sq_text(&q, 1, c->match);
	sq_int(&q, 2, r->id);
	if ((rc = sq_row(&q, false)))
		return rc; /* STORE_ENOTFOUND: gone since its window was read */
	int err = 0;
	*h = (struct store_search_hit){.kind = r->kind, .score = r->rank};
	h->id = sqlite3_column_int64(q.st, 0);
	h->parent = sqlite3_column_int64(q.st, 1);
	h->forum_id = sqlite3_column_int64(q.st, 2);
	if (r->kind == STORE_SEARCH_TOPIC || r->kind == STORE_SEARCH_POST || r->kind == STORE_SEARCH_FORUM)
		h->section = sq_section_of(&q, 3);
	err |= sq_col_str(&q, a, 4, &h->title);
	err |= sq_col_str(&q, a, 5, &h->slug);
	err |= sq_col_str(&q, a, 6, &h->parent_slug);
	err |= sq_col_str(&q, a, 7, &h->snippet);
	h->author_id = sqlite3_column_int64(q.st, 8);
	err |= sq_col_str(&q, a, 9, &h->author_name);
	err |= sq_col_str(&q, a, 10, &h->author_handle);
	h->created_at = sqlite3_column_int64(q.st, 11);
	sq_end(&q);
	h->snippet = snippet_marks(h->snippet);
	return err ? STORE_ERR : 0;
}

/* store_search: see store.h. */
int sq_search(store *s, arena *a, const struct store_search_query *sq, struct store_search_result *out)
{
	str match;
	if (sq_search_match(a, sq->terms, sq->nterms, &match))
		return STORE_ERR;
	if (!match.n)
		return 0; /* nothing left to look for */
	struct sq_search_ctx c = {.sq = sq, .match = match};
	if (store_search_groups(a, sq, '[', ']', &c.groups))
		return STORE_ERR;
	struct store_search_engine e = {window, hit, &c};
	int rc = store_search_collect(s, a, sq, &e, out);
	if (rc)
		*out = (struct store_search_result){0};
	return rc;
}
