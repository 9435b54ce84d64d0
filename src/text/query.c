/* query.c: search input to store_search_term[] (the rules are in
 * query.h), and back.
 *
 * Invariants: every word is one or more whole letters (query.h), valid
 * UTF-8, at most QUERY_WORD_MAX bytes, with no ASCII upper case; a term
 * has 1..STORE_SEARCH_PHRASE_WORDS words; no two terms are equal; at
 * most STORE_SEARCH_TERMS terms.  query_parse(query_format(t)) gives t
 * back (the fuzz target checks it). */
#include "query.h"

/* The length of the letter (a well-formed UTF-8 sequence, str_utf8_at)
 * at p[0] (n bytes left), or 0 when there is none there or it is a
 * control: C1 (U+0080..U+009F) and U+2028/U+2029 (line and paragraph
 * separators) are no letters, as forms refuse them. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	uint32_t cp;
	size_t len = str_utf8_at((str){(const char *)p, n}, 0, &cp);
	if (!len || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029)
		return 0;
	return len;
}

static bool ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* The bytes of the run of letters at p (n bytes left; already lower-cased). */
static size_t word_len(const unsigned char *p, size_t n)
{
	size_t j = 0;
	while (j < n) {
		if (ascii_alnum(p[j])) {
			j++;
			continue;
		}
		size_t k = p[j] >= 0x80 ? utf8_seq(p + j, n - j) : 0;
		if (!k)
			break;
		j += k;
	}
	return j;
}

/* Word w cut to QUERY_WORD_MAX bytes on a character boundary (w is whole
 * letters, so stepping back over continuation bytes finds one). */
static str word_cut(str w)
{
	if (w.n <= QUERY_WORD_MAX)
		return w;
	size_t cut = QUERY_WORD_MAX;
	while (cut > 0 && ((unsigned char)w.p[cut] & 0xC0) == 0x80)
		cut--;
	return (str){w.p, cut};
}

static bool term_eq(const struct store_search_term *a, const struct store_search_term *b)
{
	if (a->n != b->n || a->prefix != b->prefix)
		return false;
	for (int i = 0; i < a->n; i++)
		if (!str_eq(a->words[i], b->words[i]))
			return false;
	return true;
}

/* Adds term t to out[0..n) unless it is empty or there already; returns
 * the new count. */
static int emit(struct store_search_term *out, int n, struct store_search_term t)
{
	if (t.n == 0 || n >= STORE_SEARCH_TERMS)
		return n;
	if (t.prefix && t.words[t.n - 1].n < QUERY_PREFIX_MIN)
		t.prefix = false;
	for (int i = 0; i < n; i++)
		if (term_eq(&out[i], &t))
			return n;
	out[n] = t;
	return n + 1;
}

int query_parse(arena *a, str in, struct store_search_term out[STORE_SEARCH_TERMS])
{
	unsigned char *low = arena_alloc(a, in.n + 1);
	if (!low)
		return -1;
	for (size_t i = 0; i < in.n; i++) {
		unsigned char c = (unsigned char)in.p[i];
		low[i] = c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
	}
	int n = 0;
	struct store_search_term phrase = {.n = 0};
	bool quoted = false;
	size_t i = 0;
	while (i < in.n && n < STORE_SEARCH_TERMS) {
		if (low[i] == '"') {
			i++;
			if (quoted) {
				if (i < in.n && low[i] == '*')
					phrase.prefix = phrase.n > 0;
				n = emit(out, n, phrase);
			}
			phrase = (struct store_search_term){.n = 0};
			quoted = !quoted;
			continue;
		}
		size_t len = word_len(low + i, in.n - i);
		if (!len) {
			i++;
			continue;
		}
		str w = word_cut((str){(const char *)low + i, len});
		i += len;
		bool star = i < in.n && low[i] == '*';
		if (!quoted) {
			n = emit(out, n, (struct store_search_term){.words = {w}, .n = 1, .prefix = star});
		} else if (phrase.n < STORE_SEARCH_PHRASE_WORDS) {
			phrase.words[phrase.n++] = w;
			phrase.prefix = star;
		}
	}
	if (quoted)
		n = emit(out, n, phrase);
	return n;
}

str query_format(arena *a, const struct store_search_term *t, int n)
{
	buf b;
	buf_init(&b, a);
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, ' ');
		if (t[i].n > 1)
			buf_putc(&b, '"');
		for (int k = 0; k < t[i].n; k++) {
			if (k)
				buf_putc(&b, ' ');
			buf_str(&b, t[i].words[k]);
		}
		if (t[i].prefix)
			buf_putc(&b, '*');
		if (t[i].n > 1)
			buf_putc(&b, '"');
	}
	if (b.err)
		return STR_NULL;
	return b.n ? buf_slice(&b) : S("");
}
