/* query.h: a search as typed, made into terms the store can run
 * (store.h "Search").  Any bytes become a safe query: words of letters
 * and digits, phrases in double quotes, a trailing '*' for a prefix;
 * everything else separates words, so nothing typed is ever read as an
 * engine's syntax (OR, NEAR, -, parentheses, column filters are words or
 * nothing).
 *
 * The rules, in full:
 *   - a letter is an ASCII letter or digit, or a whole valid UTF-8
 *     sequence of two to four bytes (so non-Latin words stay whole) that
 *     is no control character (C1, U+2028, U+2029); a byte that starts
 *     no such sequence separates words, as does every other ASCII byte;
 *   - ASCII letters are lower-cased (the engines fold the rest);
 *   - a word is at most QUERY_WORD_MAX bytes: a longer one is cut on a
 *     character boundary, the rest of it dropped;
 *   - '"' opens a phrase and the next '"' closes it (an unclosed one runs
 *     to the end); a phrase holds at most STORE_SEARCH_PHRASE_WORDS words
 *     (the rest are dropped); a phrase of one word is that word;
 *   - a '*' right after a word makes it a prefix; after the last word of
 *     a phrase, or right after its closing quote, it makes the phrase's
 *     last word a prefix; a prefix shorter than QUERY_PREFIX_MIN bytes is
 *     a plain word (a one-letter prefix would match most of the index);
 *   - at most STORE_SEARCH_TERMS terms, in the order typed; a term equal
 *     to an earlier one is dropped. */
#ifndef ROUNDS_TEXT_QUERY_H
#define ROUNDS_TEXT_QUERY_H

#include "../core/arena.h"
#include "../core/str.h"
#include "../store/store.h"

/* The longest query a page or the API accepts, in bytes. */
#define QUERY_INPUT_MAX 256
/* The longest word, in bytes. */
#define QUERY_WORD_MAX 64
/* The shortest prefix, in bytes. */
#define QUERY_PREFIX_MIN 2

/* Parses `in` (any bytes, any length) into out[0..n): returns n, 0 when
 * nothing in it can be searched for, or -1 when the arena is full.  The
 * words are slices of one copy of `in` made in `a`. */
int query_parse(arena *a, str in, struct store_search_term out[STORE_SEARCH_TERMS]);

/* The terms as a query again, the way query_parse reads them back to the
 * same terms: words joined by spaces, phrases in double quotes, a '*'
 * after a prefix.  In `a`; STR_NULL when the arena is full. */
str query_format(arena *a, const struct store_search_term *t, int n);

#endif
