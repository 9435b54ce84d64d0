/* sqlite_terms.c: rounds_terms(TEXT) and the tokenizer of the search
 * indexes (sqlite_terms.h).
 *
 * Invariants: the tokenizer is FTS5's own 'porter unicode61
 * remove_diacritics 2', made with the same arguments as the indexes of
 * migration 13, so a token here is the token there; one per connection,
 * used by one thread at a time as the connection is.  rounds_terms gives
 * each distinct token of its text once, with the first place it was
 * written, and nothing for a token longer than TERM_MAX bytes. */
#include "sqlite_terms.h"

#include <stdlib.h>
#include <string.h>

/* The longest token kept: nobody types a prefix of a longer one. */
#define TERM_MAX 100

struct sq_terms {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

static void terms_free(void *p)
{
	struct sq_terms *t = p;
	if (!t)
		return;
	if (t->tok)
		t->api.xDelete(t->tok);
	sqlite3_free(t);
}

/* sq_terms_split's callback around the caller's. */
struct split {
	sq_terms_fn fn;
	void *ctx;
};

static int split_token(void *ctx, int tflags, const char *token, int n, int start, int end)
{
	struct split *s = ctx;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK; /* a synonym: not a word of its own (none here) */
	return s->fn(s->ctx, token, n, start, end);
}

/* See sqlite_terms.h. */
int sq_terms_split(struct sq_terms *t, const char *text, int n, int prefix, sq_terms_fn fn, void *ctx)
{
	struct split s = {fn, ctx};
	int flags = FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0);
	return t->api.xTokenize(t->tok, &s, flags, text, n, split_token);
}

/* ---- rounds_terms ---------------------------------------------------------- */

enum { COL_TERM, COL_WORD, COL_BODY };

struct terms_vtab {
	sqlite3_vtab base;
	struct sq_terms *t;
};

/* A token: its bytes at buf[term..term+nterm) (then at t, once every
 * token is in), its word at text[word..word+nword). */
struct term_row {
	const char *t;
	int term, nterm, word, nword;
};

struct terms_cursor {
	sqlite3_vtab_cursor base;
	char *text; /* a copy of the argument */
	int ntext;
	char *buf; /* the tokens' bytes */
	int nbuf, capbuf;
	struct term_row *rows;
	int n, cap;
	int i; /* the current row */
};

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err)
{
	(void)argc, (void)argv, (void)err;
	int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(term TEXT, word TEXT, body HIDDEN)");
	if (rc != SQLITE_OK)
		return rc;
	/* Safe in the triggers of the schema, whatever trusted_schema says. */
	sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
	struct terms_vtab *v = sqlite3_malloc(sizeof *v);
	if (!v)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof *v);
	v->t = aux;
	*out = &v->base;
	return SQLITE_OK;
}

static int vt_disconnect(sqlite3_vtab *v)
{
	sqlite3_free(v);
	return SQLITE_OK;
}

/* The text is required: rounds_terms(X); without it, no rows. */
static int vt_best_index(sqlite3_vtab *v, sqlite3_index_info *ix)
{
	(void)v;
	for (int i = 0; i < ix->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &ix->aConstraint[i];
		if (c->iColumn == COL_BODY && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
			if (!c->usable)
				return SQLITE_CONSTRAINT;
			ix->aConstraintUsage[i].argvIndex = 1;
			ix->aConstraintUsage[i].omit = 1;
			ix->idxNum = 1;
			ix->estimatedCost = 100;
			ix->estimatedRows = 100;
			return SQLITE_OK;
		}
	}
	ix->idxNum = 0;
	ix->estimatedCost = 1e12;
	return SQLITE_OK;
}

static int vt_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
	(void)v;
	struct terms_cursor *c = sqlite3_malloc(sizeof *c);
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*out = &c->base;
	return SQLITE_OK;
}

static void cursor_reset(struct terms_cursor *c)
{
	sqlite3_free(c->text);
	c->text = NULL;
	c->ntext = c->nbuf = c->n = c->i = 0;
}

static int vt_close(sqlite3_vtab_cursor *cur)
{
	struct terms_cursor *c = (struct terms_cursor *)cur;
	cursor_reset(c);
	sqlite3_free(c->buf);
	sqlite3_free(c->rows);
	sqlite3_free(c);
	return SQLITE_OK;
}

/* The tokenizer's callback: keeps a token's bytes in buf, its place in rows. */
static int keep_token(void *ctx, int tflags, const char *token, int n, int start, int end)
{
	struct terms_cursor *c = ctx;
	if ((tflags & FTS5_TOKEN_COLOCATED) || n <= 0 || n > TERM_MAX || start < 0 || end > c->ntext ||
	    end <= start)
		return SQLITE_OK;
	if (c->nbuf + n > c->capbuf) {
		int cap = c->capbuf ? c->capbuf : 4096;
		while (cap < c->nbuf + n)
			cap *= 2;
		char *p = sqlite3_realloc(c->buf, cap);
		if (!p)
			return SQLITE_NOMEM;
		c->buf = p;
		c->capbuf = cap;
	}
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		struct term_row *p = sqlite3_realloc64(c->rows, (sqlite3_uint64)cap * sizeof *p);
		if (!p)
			return SQLITE_NOMEM;
		c->rows = p;
		c->cap = cap;
	}
	memcpy(c->buf + c->nbuf, token, (size_t)n);
	c->rows[c->n++] = (struct term_row){NULL, c->nbuf, n, start, end - start};
	c->nbuf += n;
	return SQLITE_OK;
}

/* By term, then by where it was written (so the first place is kept). */
static int row_cmp(const void *x, const void *y)
{
	const struct term_row *a = x, *b = y;
	int d = memcmp(a->t, b->t, (size_t)(a->nterm < b->nterm ? a->nterm : b->nterm));
	if (d)
		return d;
	if (a->nterm != b->nterm)
		return a->nterm < b->nterm ? -1 : 1;
	return (a->word > b->word) - (a->word < b->word);
}

static int vt_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc, sqlite3_value **argv)
{
	(void)idxstr;
	struct terms_cursor *c = (struct terms_cursor *)cur;
	struct terms_vtab *v = (struct terms_vtab *)cur->pVtab;
	cursor_reset(c);
	if (idx != 1 || argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return SQLITE_OK;
	const unsigned char *p = sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	if (!p)
		return n ? SQLITE_NOMEM : SQLITE_OK;
	c->text = sqlite3_malloc(n > 0 ? n : 1);
	if (!c->text)
		return SQLITE_NOMEM;
	memcpy(c->text, p, (size_t)n);
	c->ntext = n;
	int rc = v->t->api.xTokenize(v->t->tok, c, FTS5_TOKENIZE_DOCUMENT, c->text, n, keep_token);
	if (rc != SQLITE_OK)
		return rc;
	for (int i = 0; i < c->n; i++)
		c->rows[i].t = c->buf + c->rows[i].term;
	if (c->n > 1)
		qsort(c->rows, (size_t)c->n, sizeof *c->rows, row_cmp);
	int k = 0;
	for (int i = 0; i < c->n; i++)
		if (!k || c->rows[i].nterm != c->rows[k - 1].nterm ||
		    memcmp(c->rows[i].t, c->rows[k - 1].t, (size_t)c->rows[i].nterm) != 0)
			c->rows[k++] = c->rows[i];
	c->n = k;
	return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *cur)
{
	((struct terms_cursor *)cur)->i++;
	return SQLITE_OK;
}

static int vt_eof(sqlite3_vtab_cursor *cur)
{
	const struct terms_cursor *c = (const struct terms_cursor *)cur;
	return c->i >= c->n;
}

static int vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct terms_cursor *c = (const struct terms_cursor *)cur;
	const struct term_row *r = &c->rows[c->i];
	if (col == COL_TERM)
		sqlite3_result_text(ctx, r->t, r->nterm, SQLITE_TRANSIENT);
	else if (col == COL_WORD)
		sqlite3_result_text(ctx, c->text + r->word, r->nword, SQLITE_TRANSIENT);
	else
		sqlite3_result_text(ctx, c->text, c->ntext, SQLITE_TRANSIENT);
	return SQLITE_OK;
}

static int vt_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out)
{
	*out = ((const struct terms_cursor *)cur)->i + 1;
	return SQLITE_OK;
}

static const sqlite3_module terms_module = {
	.iVersion = 0,
	.xConnect = vt_connect, /* no xCreate: eponymous only, never a table of the schema */
	.xBestIndex = vt_best_index,
	.xDisconnect = vt_disconnect,
	.xOpen = vt_open,
	.xClose = vt_close,
	.xFilter = vt_filter,
	.xNext = vt_next,
	.xEof = vt_eof,
	.xColumn = vt_column,
	.xRowid = vt_rowid,
};

/* See sqlite_terms.h. */
fts5_api *sq_fts5_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api && api->iVersion >= 2 ? api : NULL;
}

/* See sqlite_terms.h. */
int sq_terms_register(sqlite3 *db, struct sq_terms **out)
{
	fts5_api *api = sq_fts5_api(db);
	if (!api)
		return SQLITE_ERROR;
	struct sq_terms *t = sqlite3_malloc(sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	memset(t, 0, sizeof *t);
	void *user = NULL;
	static const char *const args[] = {"unicode61", "remove_diacritics", "2"};
	int rc = api->xFindTokenizer(api, "porter", &user, &t->api);
	if (rc == SQLITE_OK)
		rc = t->api.xCreate(user, (const char **)args, 3, &t->tok);
	if (rc != SQLITE_OK) {
		terms_free(t);
		return rc;
	}
	/* The module owns t from here, and frees it when db closes. */
	rc = sqlite3_create_module_v2(db, "rounds_terms", &terms_module, t, terms_free);
	if (rc == SQLITE_OK && out)
		*out = t;
	return rc;
}
