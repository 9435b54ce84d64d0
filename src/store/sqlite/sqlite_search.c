/* sqlite_search.c: store_search in the SQLite backend, over the FTS5
 * indexes of migration 13 (members_fts of migration 2, blog_comments_fts
 * of migration 18).
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
#include <limits.h>

#include "sqlite_int.h"

#include "../store_search.h"

/* A kind's window statement and its hit's. */
static const enum sq_id window_sql[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = SQ_SEARCH_TOPICS,   [STORE_SEARCH_POST] = SQ_SEARCH_POSTS,
	[STORE_SEARCH_BLOG] = SQ_SEARCH_BLOG,      [STORE_SEARCH_LIBRARY] = SQ_SEARCH_LIBRARY,
	[STORE_SEARCH_MEMBER] = SQ_SEARCH_MEMBERS, [STORE_SEARCH_FORUM] = SQ_SEARCH_FORUMS,
	[STORE_SEARCH_MESSAGE] = SQ_SEARCH_MESSAGES, [STORE_SEARCH_COMMENT] = SQ_SEARCH_COMMENTS,
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
	[STORE_SEARCH_MESSAGE] = SQ_SEARCH_MESSAGE_HIT, [STORE_SEARCH_COMMENT] = SQ_SEARCH_COMMENT_HIT,
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
	/* A prefix made an OR of its words (expand) is a phrase per word:
	 * past RANK_PHRASES, phrases share counts, which only a query of
	 * that many words notices. */
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
		if (api->xInst(ctx, i, &ph, &col, &off) == SQLITE_OK && ph >= 0 && col >= 0 && col < ncol)
			t[ph % RANK_PHRASES][col]++;
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
	fts5_api *api = sq_fts5_api(db);
	if (!api)
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

/* Appends term t to b as FTS5 reads it: "word", or "w1 w2" for a
 * phrase (FTS5 reads the tokens of a string as a phrase), then '*' for a
 * prefix (its last token).  Gives how many bytes of words it wrote: 0
 * leaves b as it was, for a term with nothing left. */
static size_t put_term(buf *b, const struct store_search_term *t)
{
	size_t mark = b->n;
	if (b->n)
		buf_putc(b, ' ');
	buf_putc(b, '"');
	size_t wrote = 0;
	for (int j = 0; j < t->n && j < STORE_SEARCH_PHRASE_WORDS; j++) {
		if (wrote && t->words[j].n)
			buf_putc(b, ' ');
		wrote += put_word(b, t->words[j]);
	}
	if (!wrote) {
		b->n = mark;
		return 0;
	}
	buf_putc(b, '"');
	if (t->prefix)
		buf_putc(b, '*');
	return wrote;
}

/* See sqlite_int.h. */
int sq_search_match(arena *a, const struct store_search_term *t, int n, str *out)
{
	buf b;
	buf_init(&b, a);
	for (int i = 0; i < n; i++)
		put_term(&b, &t[i]);
	if (b.err)
		return STORE_ERR;
	*out = buf_slice(&b);
	return 0;
}

/* ---- Prefixes as words (sqlite_terms.h) ----------------------------------
 *
 * FTS5 answers "oste*" by merging the lists of every word that starts so
 * before its first row (seconds on millions of posts); an OR of those
 * words it walks lazily, newest first.  So for the indexes whose words
 * search_fts_terms keeps, a prefix term becomes ("w1" OR "w2" ...), each
 * word as written by someone (the tokenizer makes it the token again;
 * the token itself might stem to another), after the phrase's other
 * words for a phrase: ("chest" + "pain" OR "chest" + "palpitations"). */

/* The kinds whose words search_fts_terms keeps (migration 16; a
 * comment is a post). */
static const bool has_terms[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = true,
	[STORE_SEARCH_POST] = true,
	[STORE_SEARCH_MESSAGE] = true,
	[STORE_SEARCH_COMMENT] = true,
};

/* A prefix of more words than this, or whose OR would take more bytes,
 * stays FTS5's own: right, only slower. */
#define PREFIX_WORDS 1024
#define PREFIX_BYTES 65536

/* The tokens of a term's text: how many, and the last one. */
struct last_token {
	int n, start;
	char token[128];
	int ntoken; /* -1: too long to keep */
};

static int see_token(void *ctx, const char *token, int n, int start, int end)
{
	(void)end;
	struct last_token *l = ctx;
	l->n++;
	l->start = start;
	l->ntoken = n >= 0 && (size_t)n < sizeof l->token ? n : -1;
	if (l->ntoken >= 0)
		memcpy(l->token, token, (size_t)n);
	return SQLITE_OK;
}

/* Term t's text as typed, its words spaced, control bytes left out, in
 * *raw; and its tokens as the index's tokenizer makes them, in *l.
 * 0, or STORE_ERR. */
static int term_tokens(struct sq_terms *terms, arena *a, const struct store_search_term *t, str *raw,
		       struct last_token *l)
{
	buf b;
	buf_init(&b, a);
	for (int j = 0; j < t->n && j < STORE_SEARCH_PHRASE_WORDS; j++) {
		if (j)
			buf_putc(&b, ' ');
		for (size_t i = 0; i < t->words[j].n; i++) {
			unsigned char ch = (unsigned char)t->words[j].p[i];
			if (ch >= 0x20 && ch != 0x7f)
				buf_putc(&b, (char)ch);
		}
	}
	if (b.err || b.n > INT_MAX)
		return STORE_ERR;
	*raw = buf_slice(&b);
	*l = (struct last_token){0};
	if (sq_terms_split(terms, raw->p, (int)raw->n, t->prefix, see_token, l) != SQLITE_OK)
		return STORE_ERR;
	return 0;
}

/* A prefix's words, as written: words[0..n), n past PREFIX_WORDS when
 * there are more than it takes. */
struct prefix_words {
	str words[PREFIX_WORDS];
	str tokens[PREFIX_WORDS]; /* for a row's: to keep each once */
	int n;
	arena *a;
	const struct last_token *l;
	str text; /* a row's */
	int err;
};

/* From the store: those of search_fts_terms whose token starts with the
 * prefix's. */
static int store_words(store *s, struct prefix_words *w)
{
	buf hi;
	buf_init(&hi, w->a);
	buf_put(&hi, w->l->token, (size_t)w->l->ntoken);
	buf_put(&hi, "\xf4\x90", 2); /* above every UTF-8 sequence */
	if (hi.err)
		return STORE_ERR;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SEARCH_PREFIX_WORDS, "search");
	if (rc)
		return rc;
	sq_text(&q, 1, (str){hi.p, (size_t)w->l->ntoken});
	sq_text(&q, 2, buf_slice(&hi));
	sq_int(&q, 3, PREFIX_WORDS + 1);
	while ((rc = sq_step(&q)) == SQLITE_ROW) {
		if (w->n == PREFIX_WORDS) {
			w->n++;
			break;
		}
		if (sq_col_str(&q, w->a, 0, &w->words[w->n]))
			w->err = STORE_ERR;
		w->n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		int err = sq_err(&q, rc, false);
		sq_end(&q);
		return err;
	}
	sq_end(&q);
	return w->err;
}

/* From a row's text: the tokenizer's callback, keeping each word once
 * whose token starts with the prefix's. */
static int row_word(void *ctx, const char *token, int n, int start, int end)
{
	struct prefix_words *w = ctx;
	const struct last_token *l = w->l;
	if (n < l->ntoken || memcmp(token, l->token, (size_t)l->ntoken) != 0 || start < 0 || end <= start ||
	    (size_t)end > w->text.n)
		return SQLITE_OK;
	for (int i = 0; i < w->n; i++)
		if (w->tokens[i].n == (size_t)n && !memcmp(w->tokens[i].p, token, (size_t)n))
			return SQLITE_OK;
	if (w->n == PREFIX_WORDS) {
		w->n++;
		return SQLITE_DONE; /* stops the tokenizer: too many */
	}
	char *copy = arena_alloc(w->a, (size_t)n);
	if (!copy) {
		w->err = STORE_ERR;
		return SQLITE_NOMEM;
	}
	memcpy(copy, token, (size_t)n);
	w->tokens[w->n] = (str){copy, (size_t)n};
	w->words[w->n++] = (str){w->text.p + start, (size_t)(end - start)};
	return SQLITE_OK;
}

/* Appends prefix term t (its text raw, its tokens l) to b as an OR of the
 * words its last token starts (w): 1 when it did; 0 when it left b alone
 * (the term stays FTS5's prefix); 2 when no word starts so, so the query
 * matches nothing; or STORE_ERR.  *phrases grows by the phrases written. */
static int expand(buf *b, str raw, const struct last_token *l, const struct prefix_words *w, int *phrases)
{
	if (w->n > PREFIX_WORDS)
		return 0;
	if (!w->n)
		return 2;
	str head = {raw.p, (size_t)l->start}; /* the phrase before its prefix */
	size_t mark = b->n;
	buf_putc(b, '(');
	for (int i = 0; i < w->n; i++) {
		if (i)
			buf_puts(b, " OR ");
		if (l->n > 1) {
			buf_putc(b, '"');
			put_word(b, head);
			buf_puts(b, "\" + ");
		}
		buf_putc(b, '"');
		put_word(b, w->words[i]);
		buf_putc(b, '"');
		if (b->n - mark > PREFIX_BYTES) {
			b->n = mark;
			return 0;
		}
	}
	buf_putc(b, ')');
	if (b->err)
		return STORE_ERR;
	*phrases += w->n;
	return 1;
}

/* What match_words made: the query, how many phrases it has, and
 * whether it can match nothing. */
struct words_match {
	str match;
	int phrases;
	bool none;
};

/* The FTS5 query for the kinds of has_terms: sq_search_match's, each
 * prefix an OR of its words (expand): the store's, or those of a row's
 * text when `row` is given (to mark in its snippet only what it has).
 * The terms are joined by an explicit AND (FTS5 has no implicit AND
 * before a parenthesis).  A term of no token is left out, as FTS5 leaves
 * out an empty phrase beside others.  out->match is left alone when
 * every term is such.  w is room for a prefix's words (32 KB: the
 * caller's, once for a whole search). */
static int match_words(store *s, arena *a, const struct store_search_term *t, int n, const str *row,
		       struct prefix_words *w, struct words_match *out)
{
	struct sq_conn *c = sq_conn_get(s);
	if (!c || !c->terms)
		return STORE_ERR;
	buf b;
	buf_init(&b, a);
	out->none = false;
	out->phrases = 0;
	for (int i = 0; i < n; i++) {
		str raw;
		struct last_token l;
		int rc = term_tokens(c->terms, a, &t[i], &raw, &l);
		if (rc)
			return rc;
		if (!l.n)
			continue;
		size_t mark = b.n;
		if (b.n)
			buf_puts(&b, " AND ");
		rc = 0;
		if (t[i].prefix && l.ntoken > 0) {
			*w = (struct prefix_words){.a = a, .l = &l};
			if (row) {
				w->text = *row;
				if (row->n <= INT_MAX)
					sq_terms_split(c->terms, row->p, (int)row->n, 0, row_word, w);
				else
					w->n = PREFIX_WORDS + 1;
			} else if ((rc = store_words(s, w))) {
				return rc;
			}
			if (w->err)
				return w->err;
			rc = expand(&b, raw, &l, w, &out->phrases);
			if (rc < 0)
				return rc;
		}
		if (rc == 2)
			out->none = true;
		if (rc == 0) {
			if (put_term(&b, &t[i]))
				out->phrases++;
			else
				b.n = mark;
		}
	}
	if (b.err)
		return STORE_ERR;
	if (b.n)
		out->match = buf_slice(&b);
	return 0;
}

/* What the engine's callbacks share: the MATCH texts (words: for the
 * kinds of has_terms, with `none` when it can match nothing) and the
 * groups. */
struct sq_search_ctx {
	const struct store_search_query *sq;
	str match, groups;
	struct words_match words;
	bool expanded;               /* words is not match */
	struct prefix_words *scratch; /* match_words' room, when expanded */
};

/* A reader with more messages than this has theirs found by walking the
 * index's matches (SQ_SEARCH_MESSAGES_ALL); others from their own
 * conversations (SQ_SEARCH_MESSAGES), each looked up in the index. */
#define READER_MESSAGES 2000

/* Looking each of the reader's messages up in the index costs a seek
 * per phrase of the query: past this many seeks (a prefix made hundreds
 * of words), their messages are found by walking the matches instead
 * and keeping theirs (SQ_SEARCH_MESSAGES_IN). */
#define READER_LOOKUPS 3000

/* Past this many seeks (an author's posts, times the query's phrases),
 * an author's posts are found by walking the matches and keeping theirs
 * (SQ_SEARCH_POSTS_BY_IN), rather than looking each of their posts up
 * (SQ_SEARCH_POSTS_BY): about 20 ms of seeks at 10M posts. */
#define AUTHOR_LOOKUPS 500

/* Statement id's count of `who`'s rows (SQ_SEARCH_READER_MESSAGES,
 * SQ_SEARCH_AUTHOR_POSTS), counted up to max. */
static int count_upto(store *s, enum sq_id id, int64_t who, int64_t max, int64_t *n)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, "search");
	if (rc)
		return rc;
	sq_int(&q, 1, who);
	sq_int(&q, 2, max);
	if ((rc = sq_row(&q, false)))
		return rc;
	*n = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

/* store_search_clock over the posts. */
static int max_post(store *s, int64_t *max)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SEARCH_MAX_POST, "search");
	if (rc || (rc = sq_row(&q, false)))
		return rc == STORE_ENOTFOUND ? 0 : rc;
	*max = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

static int post_time_at(store *s, int64_t id, int64_t *at)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SEARCH_AT_POST, "search");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	rc = sq_row(&q, false);
	*at = rc == 0 ? sqlite3_column_int64(q.st, 0) : INT64_MAX;
	if (rc == 0)
		sq_end(&q);
	return rc == STORE_ENOTFOUND ? 0 : rc;
}

static const struct store_search_clock post_clock = {max_post, post_time_at};

/* Appends kind k's window to rows (store_search_engine.window). */
static int window(store *s, void *ctx, enum store_search_kind k, struct store_search_row *rows, int *n)
{
	const struct sq_search_ctx *c = ctx;
	const struct store_search_query *sq = c->sq;
	if (has_terms[k] && c->words.none)
		return 0;
	int64_t lo, hi;
	int rc = store_search_id_bounds(s, sq, k, &post_clock, &lo, &hi);
	if (rc)
		return rc;
	enum sq_id id = sq->author && by_sql[k] ? by_sql[k] : window_sql[k];
	if (k == STORE_SEARCH_MESSAGE) {
		int64_t mine = 0;
		if ((rc = count_upto(s, SQ_SEARCH_READER_MESSAGES, sq->reader, READER_MESSAGES + 1, &mine)))
			return rc;
		if (mine > READER_MESSAGES)
			id = SQ_SEARCH_MESSAGES_ALL;
		else if (mine * c->words.phrases > READER_LOOKUPS)
			id = SQ_SEARCH_MESSAGES_IN;
	}
	if (id == SQ_SEARCH_POSTS_BY) {
		int64_t theirs = 0;
		if ((rc = count_upto(s, SQ_SEARCH_AUTHOR_POSTS, sq->author, AUTHOR_LOOKUPS + 1, &theirs)))
			return rc;
		if (theirs * (c->words.phrases > 0 ? c->words.phrases : 1) > AUTHOR_LOOKUPS)
			id = SQ_SEARCH_POSTS_BY_IN;
	}
	struct sq_q q;
	rc = sq_start(&q, s, id, "search");
	if (rc)
		return rc;
	sq_text(&q, 1, has_terms[k] ? c->words.match : c->match);
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

/* The statements that read the text a topic, post, message or comment
 * is found by. */
static const enum sq_id text_sql[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = SQ_SEARCH_TOPIC_TEXT,
	[STORE_SEARCH_POST] = SQ_SEARCH_POST_TEXT,
	[STORE_SEARCH_MESSAGE] = SQ_SEARCH_MESSAGE_TEXT,
	[STORE_SEARCH_COMMENT] = SQ_SEARCH_POST_TEXT,
};

/* The query for hit r's snippet when prefixes were made words: each
 * prefix an OR of only the words r's text has, so FTS5 seeks a handful
 * of words for it rather than every word of the prefix.  *match is left
 * as it was when r is gone or has none of them. */
static int row_match(store *s, arena *a, const struct sq_search_ctx *c, const struct store_search_row *r,
		     str *match)
{
	struct sq_q q;
	int rc = sq_start(&q, s, text_sql[r->kind], "search");
	if (rc)
		return rc;
	sq_int(&q, 1, r->id);
	str text;
	if ((rc = sq_row(&q, false)))
		return rc == STORE_ENOTFOUND ? 0 : rc;
	rc = sq_col_str(&q, a, 0, &text);
	sq_end(&q);
	if (rc)
		return STORE_ERR;
	struct words_match w = {.match = *match};
	if ((rc = match_words(s, a, c->sq->terms, c->sq->nterms, &text, c->scratch, &w)))
		return rc;
	if (!w.none)
		*match = w.match;
	return 0;
}

/* Reads hit r (its kind's hit statement) into *h
 * (store_search_engine.hit). */
static int hit(store *s, arena *a, void *ctx, const struct store_search_row *r, struct store_search_hit *h)
{
	const struct sq_search_ctx *c = ctx;
	str match = has_terms[r->kind] ? c->words.match : c->match;
	int rc;
	if (has_terms[r->kind] && c->expanded && (rc = row_match(s, a, c, r, &match)))
		return rc;
	struct sq_q q;
	if ((rc = sq_start(&q, s, hit_sql[r->kind], "search")))
		return rc;
	sq_text(&q, 1, match);
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
	if (r->kind == STORE_SEARCH_COMMENT)
		h->number = sqlite3_column_int64(q.st, 12);
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
	struct sq_search_ctx c = {.sq = sq, .match = match, .words = {.match = match, .phrases = sq->nterms}};
	for (int i = 0; i < sq->nterms; i++)
		c.expanded |= sq->terms[i].prefix;
	if (c.expanded && (!(c.scratch = arena_alloc(a, sizeof *c.scratch)) ||
			   match_words(s, a, sq->terms, sq->nterms, NULL, c.scratch, &c.words)))
		return STORE_ERR;
	if (store_search_groups(a, sq, '[', ']', &c.groups))
		return STORE_ERR;
	struct store_search_engine e = {window, hit, &c};
	int rc = store_search_collect(s, a, sq, &e, out);
	if (rc)
		*out = (struct store_search_result){0};
	return rc;
}
