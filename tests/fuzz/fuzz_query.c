/* fuzz_query.c: libFuzzer target for the search query parser
 * (src/text/query.c): whatever the bytes, the terms keep query.h's
 * invariants (bounded counts and lengths, letters only, valid UTF-8, no
 * ASCII upper case, no duplicates), and the normalised query reads back
 * to the same terms. */
#include <stdint.h>
#include <string.h>

#include "http/form.h"
#include "text/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static void check_word(str w)
{
	check(w.n >= 1 && w.n <= QUERY_WORD_MAX);
	check(form_check_text(w, false, NULL) == 0);
	for (size_t i = 0; i < w.n; i++) {
		unsigned char c = (unsigned char)w.p[i];
		check(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
	}
}

static bool same(const struct store_search_term *a, const struct store_search_term *b)
{
	if (a->n != b->n || a->prefix != b->prefix)
		return false;
	for (int i = 0; i < a->n; i++)
		if (a->words[i].n != b->words[i].n || memcmp(a->words[i].p, b->words[i].p, a->words[i].n))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new(16u << 20);
	struct store_search_term t[STORE_SEARCH_TERMS], again[STORE_SEARCH_TERMS];
	int n = query_parse(a, (str){(const char *)data, size}, t);
	check(n >= 0 && n <= STORE_SEARCH_TERMS);
	for (int i = 0; i < n; i++) {
		check(t[i].n >= 1 && t[i].n <= STORE_SEARCH_PHRASE_WORDS);
		for (int k = 0; k < t[i].n; k++)
			check_word(t[i].words[k]);
		if (t[i].prefix)
			check(t[i].words[t[i].n - 1].n >= QUERY_PREFIX_MIN);
		for (int j = 0; j < i; j++)
			check(!same(&t[i], &t[j]));
	}
	str shown = query_format(a, t, n);
	check(shown.p != NULL);
	check(form_check_text(shown, false, NULL) == 0);
	int m = query_parse(a, shown, again);
	check(m == n);
	for (int i = 0; i < n; i++)
		check(same(&t[i], &again[i]));
	arena_free(a);
	return 0;
}
