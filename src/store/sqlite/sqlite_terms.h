/* sqlite_terms.h: the words of the search indexes, for prefix search
 * (sqlite_terms.c).
 *
 * FTS5 answers a prefix ("oste*") by merging the whole list of every
 * indexed word that starts so before it gives a first row: seconds on a
 * site of millions of posts.  It answers an OR of words lazily, newest
 * first, as it does one word.  So the store keeps the indexes' words in
 * search_fts_terms (migration 16: each word as the index holds it, stemmed
 * and folded, with one word as written that the tokenizer makes into it)
 * and a prefix becomes an OR of the words that start with it.
 *
 * rounds_terms(TEXT) is a table-valued function, (term, word) for each
 * distinct word of TEXT as the search indexes' tokenizer ('porter
 * unicode61 remove_diacritics 2') makes it: the triggers of migration 16
 * fill search_fts_terms with it in the same transaction as the write.
 * Only this file and the generator (bench/gen.c, which links it) know
 * the tokenizer's API.  Depends on SQLite alone. */
#ifndef ROUNDS_SQLITE_TERMS_H
#define ROUNDS_SQLITE_TERMS_H

#include <sqlite3.h>

/* db's FTS5 API (version 2 or later), or NULL. */
fts5_api *sq_fts5_api(sqlite3 *db);

/* A connection's tokenizer (owned by the connection: freed when it closes). */
struct sq_terms;

/* Registers rounds_terms on db and makes its tokenizer: an SQLite result
 * code.  *out (may be NULL) is the tokenizer, for sq_terms_split. */
int sq_terms_register(sqlite3 *db, struct sq_terms **out);

/* One token of a text: the token as indexed (stemmed, folded) and where it
 * was in the text, bytes [start, end). */
typedef int (*sq_terms_fn)(void *ctx, const char *token, int n, int start, int end);

/* Tokenizes text[0..n) as a query's phrase (prefix: its last token a
 * prefix), calling fn for each token; fn returning non-zero stops it and
 * is returned.  0, or an SQLite error. */
int sq_terms_split(struct sq_terms *t, const char *text, int n, int prefix, sq_terms_fn fn, void *ctx);

#endif
