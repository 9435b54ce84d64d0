/* pg_search.c: store_search in the PostgreSQL backend, over the stored
 * tsvector columns of migration 13 (and members.search of migration 2,
 * in the 'simple' configuration; comments: posts.search through the
 * comments' own index, migration 18).
 *
 * Invariants: the to_tsquery text is made here from the parsed terms
 * alone, every word single-quoted (its ' and \ doubled), so no input is
 * ever read as tsquery syntax; the statements are constant
 * (statements.c).  A phrase of plain words asks post_pairs first
 * (migration 20), so only posts holding its word pairs are tested.
 * Each kind asked for is one window query (words in posts: a few, by
 * slices of ids, posts_window): the newest
 * STORE_SEARCH_WINDOW matches the reader may see, by id, ranked by
 * ts_rank_cd; store_search_rank (store_search.c) orders them all and
 * picks the page; then each hit of the page is read by id, with its
 * snippet from ts_headline.  Strings handed out are copies in the
 * caller's arena. */
#include "pg_int.h"

#include <stdlib.h>

#include "../store_search.h"

static const enum pg_id window_sql[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = PG_SEARCH_TOPICS,   [STORE_SEARCH_POST] = PG_SEARCH_POSTS,
	[STORE_SEARCH_BLOG] = PG_SEARCH_BLOG,      [STORE_SEARCH_LIBRARY] = PG_SEARCH_LIBRARY,
	[STORE_SEARCH_MEMBER] = PG_SEARCH_MEMBERS, [STORE_SEARCH_FORUM] = PG_SEARCH_FORUMS,
	[STORE_SEARCH_MESSAGE] = PG_SEARCH_MESSAGES, [STORE_SEARCH_COMMENT] = PG_SEARCH_COMMENTS,
};
static const enum pg_id hit_sql[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = PG_SEARCH_TOPIC_HIT,   [STORE_SEARCH_POST] = PG_SEARCH_POST_HIT,
	[STORE_SEARCH_BLOG] = PG_SEARCH_BLOG_HIT,     [STORE_SEARCH_LIBRARY] = PG_SEARCH_LIBRARY_HIT,
	[STORE_SEARCH_MEMBER] = PG_SEARCH_MEMBER_HIT, [STORE_SEARCH_FORUM] = PG_SEARCH_FORUM_HIT,
	[STORE_SEARCH_MESSAGE] = PG_SEARCH_MESSAGE_HIT, [STORE_SEARCH_COMMENT] = PG_SEARCH_COMMENT_HIT,
};

/* Appends word w single-quoted, its ' and \ doubled, control bytes and
 * bytes that are not UTF-8 left out; nothing when no byte is left (an
 * empty '' is a syntax error).  Whether it wrote one. */
static bool put_word(buf *b, str w, bool first)
{
	const unsigned char *p = (const unsigned char *)w.p;
	bool open = false;
	for (size_t i = 0; i < w.n;) {
		size_t len = str_utf8_at(w, i, NULL);
		if (!len || p[i] < 0x20 || p[i] == 0x7f) {
			i += len ? len : 1;
			continue;
		}
		if (!open) {
			if (!first)
				buf_puts(b, " <-> ");
			buf_putc(b, '\'');
			open = true;
		}
		if (p[i] == '\'' || p[i] == '\\')
			buf_putc(b, (char)p[i]);
		buf_put(b, p + i, len);
		i += len;
	}
	if (open)
		buf_putc(b, '\'');
	return open;
}

/* See pg_int.h. */
int pg_search_tsquery(arena *a, const struct store_search_term *t, int n, str *out)
{
	buf b;
	buf_init(&b, a);
	for (int i = 0; i < n; i++) {
		size_t mark = b.n;
		buf_puts(&b, b.n ? " & (" : "(");
		bool any = false;
		for (int j = 0; j < t[i].n && j < STORE_SEARCH_PHRASE_WORDS; j++)
			any |= put_word(&b, t[i].words[j], !any);
		if (!any) {
			b.n = mark;
			continue;
		}
		if (t[i].prefix)
			buf_puts(&b, ":*");
		buf_putc(&b, ')');
	}
	if (b.err)
		return STORE_ERR;
	*out = buf_slice(&b);
	return 0;
}

/* What the engine's callbacks share: the tsquery text, the groups, and
 * the phrases' word pairs (an array's text; empty: none to ask). */
struct pg_search_ctx {
	const struct store_search_query *sq;
	arena *a;       /* the search's: the slices' lexemes */
	str tsq, groups, pairs;
	bool walk;      /* the first slice walked (posts_window) */
	bool sliced;    /* posts by slices of ids (posts_window) */
	bool by_author; /* posts by the author's, newest first (by_author) */
};

/* Whether w is a plain word: ASCII letters and digits, which the parser
 * reads as one token alone or beside others, so a run of them makes the
 * same lexeme pairs in a query as in a post that holds it. */
static bool plain_word(str w)
{
	if (w.n == 0 || w.n > 64)
		return false;
	for (size_t i = 0; i < w.n; i++) {
		char ch = w.p[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
			return false;
	}
	return true;
}

/* The phrases' runs of two or more plain words, as an array's text
 * ({"chest pain","heart failure"}: no quote or backslash can be in
 * them), or "" when there is none.  A prefix's last word is left out:
 * its lexeme is not known. */
static int phrase_runs(arena *a, const struct store_search_query *sq, str *out)
{
	buf b;
	buf_init(&b, a);
	for (int i = 0; i < sq->nterms; i++) {
		const struct store_search_term *t = &sq->terms[i];
		int n = t->n > STORE_SEARCH_PHRASE_WORDS ? STORE_SEARCH_PHRASE_WORDS : t->n;
		if (t->prefix)
			n--;
		for (int j = 0; j < n;) {
			int k = j;
			while (k < n && plain_word(t->words[k]))
				k++;
			if (k - j >= 2) {
				buf_puts(&b, b.n ? ",\"" : "{\"");
				for (int w = j; w < k; w++) {
					if (w > j)
						buf_putc(&b, ' ');
					buf_put(&b, t->words[w].p, t->words[w].n);
				}
				buf_putc(&b, '"');
			}
			j = k + 1;
		}
	}
	if (b.n)
		buf_putc(&b, '}');
	if (b.err)
		return STORE_ERR;
	*out = buf_slice(&b);
	return 0;
}

/* The pairs of the query's phrases into c->pairs (PG_SEARCH_PAIRS); none
 * when no phrase has two plain words side by side. */
static int phrase_pairs(store *s, arena *a, struct pg_search_ctx *c)
{
	str runs;
	int rc = phrase_runs(a, c->sq, &runs);
	if (rc || !runs.n)
		return rc;
	struct pg_q q;
	if ((rc = pg_start(&q, s, PG_SEARCH_PAIRS, "search")))
		return rc;
	pg_text(&q, 1, runs);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? 0 : rc;
	str pairs;
	rc = pg_col_str(&q, a, 0, 0, &pairs);
	pg_end(&q);
	if (rc == 0 && !str_eqc(pairs, "{}"))
		c->pairs = pairs;
	return rc ? STORE_ERR : 0;
}

/* store_search_clock over the posts. */
static int max_post(store *s, int64_t *max)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_SEARCH_MAX_POST, "search");
	if (rc || (rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? 0 : rc;
	*max = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

static int post_time_at(store *s, int64_t id, int64_t *at)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_SEARCH_AT_POST, "search");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	rc = pg_row(&q);
	*at = rc == 0 ? pg_col_int(&q, 0, 0) : INT64_MAX;
	if (rc == 0)
		pg_end(&q);
	return rc == STORE_ENOTFOUND ? 0 : rc;
}

static const struct store_search_clock post_clock = {max_post, post_time_at};

/* Appends to rows kind k's matches with ids lo to hi (posts; the other
 * kinds take no ids), newest first, at most `room`; how many in *got.
 * posts: the statement for posts (posts_window's choice; PG_SEARCH_POSTS
 * elsewhere) when neither phrases' pairs nor an author's walk decide it,
 * and slices the lexemes it takes as $11 (PG_SEARCH_POSTS_SLICES). */
static int window_ids(store *s, const struct pg_search_ctx *c, enum store_search_kind k, int64_t lo, int64_t hi,
		      enum pg_id posts, str slices, struct store_search_row *rows, int room, int *got)
{
	const struct store_search_query *sq = c->sq;
	bool pairs = k == STORE_SEARCH_POST && c->pairs.n;
	enum pg_id id = k != STORE_SEARCH_POST ? window_sql[k]
			: pairs		       ? PG_SEARCH_POSTS_PAIRS
			: c->by_author	       ? PG_SEARCH_POSTS_BY
					       : posts;
	struct pg_q q;
	int rc = pg_start(&q, s, id, "search");
	if (rc)
		return rc;
	pg_text(&q, 1, c->tsq);
	pg_int(&q, 2, sq->sections);
	pg_text(&q, 3, c->groups);
	pg_int(&q, 4, sq->forum);
	pg_int(&q, 5, sq->author);
	pg_int(&q, 6, sq->since);
	pg_int(&q, 7, sq->until);
	pg_int(&q, 8, k == STORE_SEARCH_LIBRARY ? (int64_t)sq->library : sq->reader);
	pg_int(&q, 9, lo);
	pg_int(&q, 10, hi);
	if (pairs)
		pg_text(&q, 11, c->pairs);
	else if (id == PG_SEARCH_POSTS_SLICES)
		pg_text(&q, 11, slices);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	int m = PQntuples(q.res);
	if (m > room)
		m = room;
	for (int i = 0; i < m; i++) {
		struct store_search_row *r = &rows[i];
		r->kind = k;
		r->id = pg_col_int(&q, i, 0);
		r->rank = strtod(PQgetvalue(q.res, i, 1), NULL);
		r->created_at = pg_col_int(&q, i, 2);
	}
	*got = m;
	pg_end(&q);
	return 0;
}

/* Posts are asked for by slices of ids, newest first.  GIN gives no
 * order: for a word in a fraction of a percent of ten million posts the
 * planner either walks the primary key down from the newest, reading
 * hundreds of thousands of posts to find a window of matches, or builds
 * the word's whole bitmap and reads every match to sort them (pericarditis
 * at 10M: 250 ms either way).  The posts' word index also holds each
 * post's slice (migration 26), so a slice's query ANDs the words with the
 * slices' lexemes and the index reads only those slices' postings.  The
 * first slice is the newest POST_SLICE ids; the matches it held say how
 * many ids the rest of the window needs, and the next is twice that, in
 * whole slices, or everything older when that reaches the oldest or
 * spans more than SLICES_MAX slices (so a rare word costs one query
 * more).  Words common enough (c->walk) are found in the first slice by
 * walking it down from the newest instead: "pain" is in 14% of posts,
 * so the walk reads 7,000 posts where the slice's bitmap read all of its
 * 18,000 matches (60 ms against 160). */
#define POST_SLICE ((int64_t)1 << PG_POST_SLICE_BITS)
#define SLICES_MAX 64

/* The lexemes of the slices holding ids from to top, ORed, as a
 * tsquery's text ('slice 76' | 'slice 75'); "" when they are more than
 * SLICES_MAX. */
static int slice_lexemes(arena *a, int64_t from, int64_t top, str *out)
{
	*out = (str){0};
	int64_t first = from >> PG_POST_SLICE_BITS, last = top >> PG_POST_SLICE_BITS;
	if (last - first >= SLICES_MAX)
		return 0;
	buf b;
	buf_init(&b, a);
	for (int64_t i = last; i >= first; i--)
		buf_printf(&b, "%s'slice %lld'", i == last ? "" : " | ", (long long)i);
	if (b.err)
		return STORE_ERR;
	*out = buf_slice(&b);
	return 0;
}

static int posts_window(store *s, const struct pg_search_ctx *c, int64_t lo, int64_t hi,
			struct store_search_row *rows, int *n)
{
	int64_t max = 0;
	int rc = max_post(s, &max);
	if (rc)
		return rc;
	int64_t start = hi < max ? hi : max, top = start, span = POST_SLICE;
	int taken = 0;
	while (top >= lo && taken < STORE_SEARCH_WINDOW) {
		int64_t from = top - lo + 1 <= span ? lo : (top - span + 1) & ~(POST_SLICE - 1);
		if (from < lo)
			from = lo;
		str slices = {0};
		if (!(c->walk && top == start) && (rc = slice_lexemes(c->a, from, top, &slices)))
			return rc;
		enum pg_id id = c->walk && top == start ? PG_SEARCH_POSTS_WALK
				: slices.n		? PG_SEARCH_POSTS_SLICES
							: PG_SEARCH_POSTS;
		int got;
		if ((rc = window_ids(s, c, STORE_SEARCH_POST, from, top, id, slices, rows + *n,
				     STORE_SEARCH_WINDOW - taken, &got)))
			return rc;
		*n += got;
		taken += got;
		/* Ids seen so far, and what the rest of the window needs at
		 * the rate of matches they held. */
		double seen = (double)(start - from + 1), need = (STORE_SEARCH_WINDOW - taken) * seen / (taken ? taken : 1);
		span = need * 2 < (double)INT64_MAX / 2 ? (int64_t)(need * 2) : INT64_MAX / 2;
		if (span < POST_SLICE)
			span = POST_SLICE;
		top = from - 1;
	}
	return 0;
}

/* Whether posts are asked for by slices: for words (not phrases, which
 * post_pairs finds, nor prefixes, whose index scan gathers the postings
 * of every word they begin, whatever the slice), unfiltered by author
 * (by_author decides those).  Measured at 10M posts: words in under one
 * post in a hundred went from 160-310 ms to 40-70 ms; two words, once
 * the slices were in the index (migration 26: before it each slice built
 * the words' whole bitmaps), from 86-151 ms to 33-57 ms (whole searches).
 * Tried and dropped: walking the newest 8,192 ids first to learn a
 * query's density and slicing by it; the newest posts cluster in a few
 * topics, so their density misled it and medical words stayed at 250 ms. */
static bool sliced(const struct store_search_query *sq)
{
	if (sq->author)
		return false;
	for (int i = 0; i < sq->nterms; i++)
		if (sq->terms[i].n != 1 || sq->terms[i].prefix)
			return false;
	return sq->nterms > 0;
}

/* The words' shares of the posts as ANALYZE last counted them
 * (PG_SEARCH_FREQS): the rarest's, and their product (the share holding
 * them all, were they independent), into *rarest and *all, and how many
 * posts there are; *any whether a word has a lexeme.  None when a term
 * is other than one plain word (*any false). */
static int word_shares(store *s, arena *a, const struct store_search_query *sq, double *rarest, double *all,
		       double *posts, bool *any)
{
	*rarest = *all = 1;
	*posts = 0;
	*any = false;
	buf b;
	buf_init(&b, a);
	for (int i = 0; i < sq->nterms; i++) {
		const struct store_search_term *t = &sq->terms[i];
		if (t->n != 1 || t->prefix || !plain_word(t->words[0]))
			return 0;
		buf_puts(&b, i ? ",\"" : "{\"");
		buf_put(&b, t->words[0].p, t->words[0].n);
		buf_putc(&b, '"');
	}
	buf_putc(&b, '}');
	if (b.err)
		return STORE_ERR;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_SEARCH_FREQS, "search");
	if (rc)
		return rc;
	pg_text(&q, 1, buf_slice(&b));
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	for (int i = 0; i < PQntuples(q.res); i++) {
		double f = strtod(PQgetvalue(q.res, i, 0), NULL);
		*posts = strtod(PQgetvalue(q.res, i, 1), NULL);
		if (f < 0)
			continue; /* a stop word: no lexeme, no bitmap */
		*any = true;
		*rarest = f < *rarest ? f : *rarest;
		*all *= f;
	}
	pg_end(&q);
	return 0;
}

/* What by_author weighs, in nanoseconds, measured at 10M posts: a GIN
 * bitmap, per post holding the word; the walk, per post of the author. */
#define BITMAP_NS 125.0
#define WALK_NS 2500.0

/* Whether an author's posts are walked newest first (PG_SEARCH_POSTS_BY)
 * rather than left to the planner, which ANDs the author's index with
 * the words' bitmaps: "pain" is in 14% of 10M posts, and its bitmap took
 * 160 ms, where the walk for an author of 25,000 posts reads 7,300 of
 * them.  Both costs are estimated from ANALYZE's shares of the words
 * (PG_SEARCH_FREQS; the rarest builds the bitmap, all of them thin the
 * walk) and the author's posts, counted up to what the window needs.  A
 * word too rare to be counted makes the bitmap cheap; a query of other
 * than plain words is left to the planner. */
static int by_author(store *s, arena *a, const struct store_search_query *sq, bool *out)
{
	*out = false;
	if (!sq->author || !sq->nterms || !(store_search_kinds(sq) & (1u << STORE_SEARCH_POST)))
		return 0;
	double rarest, all, posts;
	bool any;
	int rc = word_shares(s, a, sq, &rarest, &all, &posts, &any);
	if (rc || !any || rarest <= 0 || all <= 0)
		return rc;
	double need = STORE_SEARCH_WINDOW / all; /* the author's posts the walk may read */
	int64_t upto = need < 1e7 ? (int64_t)need + 1 : 10000000, theirs = 0;
	struct pg_q q;
	if ((rc = pg_start(&q, s, PG_SEARCH_AUTHOR_POSTS, "search")))
		return rc;
	pg_int(&q, 1, sq->author);
	pg_int(&q, 2, upto);
	if ((rc = pg_row(&q)))
		return rc;
	theirs = pg_col_int(&q, 0, 0);
	pg_end(&q);
	*out = (double)theirs * WALK_NS < rarest * posts * BITMAP_NS;
	return 0;
}

/* Whether the first slice of posts is walked (posts_window): when the
 * words, unfiltered by forum, are in at least WALK_SHARE of the posts. */
#define WALK_SHARE 0.05

static int walk_first(store *s, arena *a, const struct store_search_query *sq, bool *out)
{
	*out = false;
	if (sq->forum)
		return 0;
	double rarest, all, posts;
	bool any;
	int rc = word_shares(s, a, sq, &rarest, &all, &posts, &any);
	*out = rc == 0 && any && all >= WALK_SHARE;
	return rc;
}

/* Appends kind k's window to rows (store_search_engine.window). */
static int window(store *s, void *ctx, enum store_search_kind k, struct store_search_row *rows, int *n)
{
	const struct pg_search_ctx *c = ctx;
	int64_t lo, hi;
	int rc = store_search_id_bounds(s, c->sq, k, &post_clock, &lo, &hi);
	if (rc)
		return rc;
	if (k == STORE_SEARCH_POST && c->sliced)
		return posts_window(s, c, lo, hi, rows, n);
	int got;
	if ((rc = window_ids(s, c, k, lo, hi, PG_SEARCH_POSTS, (str){0}, rows + *n, STORE_SEARCH_WINDOW, &got)))
		return rc;
	*n += got;
	return 0;
}

/* The snippet's '<' and '>', which SEARCH_HEADLINE (statements.c) hid from
 * ts_headline as \x03 and \x04. */
static void snippet_untag(str sn)
{
	char *p = (char *)sn.p;
	for (size_t i = 0; i < sn.n; i++)
		if (p[i] == '\x03')
			p[i] = '<';
		else if (p[i] == '\x04')
			p[i] = '>';
}

/* Reads hit r (its kind's hit statement) into *h
 * (store_search_engine.hit). */
static int hit(store *s, arena *a, void *ctx, const struct store_search_row *r, struct store_search_hit *h)
{
	const struct pg_search_ctx *c = ctx;
	struct pg_q q;
	int rc = pg_start(&q, s, hit_sql[r->kind], "search");
	if (rc)
		return rc;
	pg_text(&q, 1, c->tsq);
	pg_int(&q, 2, r->id);
	if ((rc = pg_row(&q)))
		return rc;
	int err = 0;
	*h = (struct store_search_hit){.kind = r->kind, .score = r->rank};
	h->id = pg_col_int(&q, 0, 0);
	h->parent = pg_col_int(&q, 0, 1);
	h->forum_id = pg_col_int(&q, 0, 2);
	if (r->kind == STORE_SEARCH_TOPIC || r->kind == STORE_SEARCH_POST || r->kind == STORE_SEARCH_FORUM)
		h->section = pg_col_section(&q, 0, 3);
	err |= pg_col_str(&q, a, 0, 4, &h->title);
	err |= pg_col_str(&q, a, 0, 5, &h->slug);
	err |= pg_col_str(&q, a, 0, 6, &h->parent_slug);
	err |= pg_col_str(&q, a, 0, 7, &h->snippet);
	snippet_untag(h->snippet);
	h->author_id = pg_col_int(&q, 0, 8);
	err |= pg_col_str(&q, a, 0, 9, &h->author_name);
	err |= pg_col_str(&q, a, 0, 10, &h->author_handle);
	h->created_at = pg_col_int(&q, 0, 11);
	if (r->kind == STORE_SEARCH_COMMENT)
		h->number = pg_col_int(&q, 0, 12);
	pg_end(&q);
	return err ? STORE_ERR : 0;
}

struct search_run {
	arena *a;
	const struct store_search_query *sq;
	str tsq;
	struct store_search_result *out;
};

/* One search in one read transaction, under PG_SEARCH_GUARD's settings. */
static int search_txn(store *s, void *arg)
{
	struct search_run *run = arg;
	bool phrase = false;
	for (int i = 0; i < run->sq->nterms; i++)
		phrase |= run->sq->terms[i].n > 1;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_SEARCH_GUARD, "search");
	if (rc)
		return rc;
	struct pg_search_ctx c = {.sq = run->sq, .a = run->a, .tsq = run->tsq, .sliced = sliced(run->sq)};
	pg_bool(&q, 1, phrase);
	pg_bool(&q, 2, c.sliced);
	rc = pg_run(&q);
	pg_end(&q);
	if (rc)
		return rc;
	if (store_search_groups(run->a, run->sq, '{', '}', &c.groups))
		return STORE_ERR;
	if ((rc = phrase_pairs(s, run->a, &c)) || (rc = by_author(s, run->a, run->sq, &c.by_author)) ||
	    (c.sliced && (rc = walk_first(s, run->a, run->sq, &c.walk))))
		return rc;
	struct store_search_engine e = {window, hit, &c};
	return store_search_collect(s, run->a, run->sq, &e, run->out);
}

/* store_search: see store.h. */
int pg_search(store *s, arena *a, const struct store_search_query *sq, struct store_search_result *out)
{
	str tsq;
	if (pg_search_tsquery(a, sq->terms, sq->nterms, &tsq))
		return STORE_ERR;
	if (!tsq.n)
		return 0; /* nothing left to look for */
	struct search_run run = {a, sq, tsq, out};
	int rc = pg_txn(s, "search", search_txn, &run);
	if (rc)
		*out = (struct store_search_result){0};
	return rc;
}
