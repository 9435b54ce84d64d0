/* test_query.c: search input to terms (src/text/query.c): words, case,
 * UTF-8, lengths, phrases, prefixes, limits, duplicates, engine syntax
 * typed as text, and the normalised query shown back. */
#include <stdio.h>
#include <string.h>

#include "text/query.h"
#include "unit.h"

static arena *A;
static struct store_search_term T[STORE_SEARCH_TERMS];

static int parse(const char *in)
{
	return query_parse(A, str_c(in), T);
}

static int parse_n(const char *in, size_t n)
{
	return query_parse(A, (str){in, n}, T);
}

/* The terms as text, for comparing: query_format's output. */
static const char *shown(int n)
{
	str s = query_format(A, T, n);
	return s.p ? str_dup(A, s) : "(null)";
}

/* Parses `in` and checks the normalised form is `want`, and that it
 * reads back to the same terms. */
static void expect(const char *in, const char *want)
{
	int n = parse(in);
	const char *got = shown(n < 0 ? 0 : n);
	CHECK(strcmp(got, want) == 0);
	if (strcmp(got, want))
		fprintf(stderr, "  query [%s]: expected [%s], got [%s]\n", in, want, got);
	struct store_search_term again[STORE_SEARCH_TERMS];
	int m = query_parse(A, str_c(got), again);
	CHECK(m == n);
	str s2 = query_format(A, again, m < 0 ? 0 : m);
	CHECK(s2.p && strlen(got) == s2.n && memcmp(got, s2.p, s2.n) == 0);
}

TEST(words)
{
	CHECK(parse("heart") == 1);
	CHECK(T[0].n == 1 && !T[0].prefix);
	CHECK_STR(T[0].words[0].p, T[0].words[0].n, "heart");
	CHECK(parse("heart failure") == 2);
	CHECK_STR(T[1].words[0].p, T[1].words[0].n, "failure");
	expect("  heart   failure  ", "heart failure");
	expect("Heart FAILURE", "heart failure");
	expect("covid-19 vaccine", "covid 19 vaccine");
	expect("don't", "don t");
	expect("a.b,c;d:e/f\\g|h", "a b c d e f g h");
	expect("tab\tand\nnewline\rcr", "tab and newline cr");
	expect("x1y2 42", "x1y2 42");
	expect("under_score", "under score");
}

TEST(nothing_to_search)
{
	CHECK(parse("") == 0);
	CHECK(parse("   ") == 0);
	CHECK(parse("!@#$%^&()-+=[]{};:,.<>/?`~") == 0);
	CHECK(parse("\"\"") == 0);
	CHECK(parse("\"") == 0);
	CHECK(parse("*") == 0);
	CHECK(parse("***") == 0);
	CHECK(parse("\" * \"") == 0);
	str s = query_format(A, T, 0);
	CHECK(s.p && s.n == 0);
}

TEST(engine_syntax_is_text)
{
	/* FTS5 and tsquery operators are words or separators, nothing more. */
	expect("heart OR lung", "heart or lung");
	expect("heart AND NOT lung", "heart and not lung");
	expect("NEAR(heart lung, 2)", "near heart lung 2");
	expect("-heart +lung", "heart lung");
	expect("title:heart body:lung", "title heart body lung");
	expect("(heart | lung) & !kidney", "heart lung kidney");
	expect("heart <-> lung", "heart lung");
	expect("heart:* ^lung", "heart lung");
	expect("{heart lung}", "heart lung");
	expect("'heart' lung'", "heart lung");
	expect("heart%lung_x", "heart lung x");
	/* ':' after a word: not a prefix. */
	CHECK(parse("heart:*") == 1 && !T[0].prefix);
}

TEST(utf8_stays_whole)
{
	expect("Ärzte café", "Ärzte café");   /* only ASCII is lower-cased */
	expect("врач сердце", "врач сердце");
	expect("心臓 病", "心臓 病");
	expect("naïve-approach", "naïve approach");
	expect("emoji😀inside", "emoji😀inside"); /* four-byte letters */
	/* Invalid bytes separate words and never reach a term. */
	expect("ab\xff" "cd", "ab cd");
	expect("ab\xc3" "cd", "ab cd");               /* a lead byte without its continuation */
	expect("ab\x80\x80" "cd", "ab cd");           /* stray continuations */
	expect("ab\xc0\xaf" "cd", "ab cd");           /* an overlong '/' */
	expect("ab\xed\xa0\x80" "cd", "ab cd");       /* a surrogate */
	expect("ab\xf4\x90\x80\x80" "cd", "ab cd");   /* past U+10FFFF */
	expect("ab\xe0\x80\xaf" "cd", "ab cd");       /* an overlong three-byte form */
	expect("ab\xf0\x80\x80\xaf" "cd", "ab cd");   /* an overlong four-byte form */
	CHECK(parse("\xe2\x82") == 0);                /* cut short at the end */
	/* Control characters separate: C1, U+2028, U+2029. */
	expect("ab\xc2\x85" "cd\xc2\x9f" "ef", "ab cd ef");
	expect("ab\xe2\x80\xa8" "cd\xe2\x80\xa9" "ef", "ab cd ef");
	expect("ab\xc2\xa0" "cd", "ab\xc2\xa0" "cd"); /* U+00A0 is no control */
	/* NUL separates. */
	CHECK(parse_n("heart\0lung", 10) == 2);
	CHECK_STR(T[1].words[0].p, T[1].words[0].n, "lung");
}

TEST(word_length)
{
	char in[200];
	memset(in, 'a', 100);
	in[100] = '\0';
	CHECK(parse(in) == 1);
	CHECK(T[0].words[0].n == QUERY_WORD_MAX);
	/* Cut on a character boundary: 63 ASCII bytes then 'é' (2 bytes)
	 * would end at 65: the word keeps 63. */
	memset(in, 'b', 63);
	memcpy(in + 63, "\xc3\xa9\xc3\xa9 next", 10);
	in[73] = '\0';
	CHECK(parse(in) == 2);
	CHECK(T[0].words[0].n == 63);
	CHECK_STR(T[1].words[0].p, T[1].words[0].n, "next");
	/* 21 three-byte letters (63 bytes) and one more: 63. */
	in[0] = '\0';
	for (int i = 0; i < 22; i++)
		memcpy(in + i * 3, "\xe5\xbf\x83", 3);
	in[66] = '\0';
	CHECK(parse(in) == 1);
	CHECK(T[0].words[0].n == 63);
	/* Exactly 64 stays whole, and a cut word keeps its '*'. */
	memset(in, 'c', 64);
	in[64] = '*';
	in[65] = '\0';
	CHECK(parse(in) == 1 && T[0].words[0].n == 64 && T[0].prefix);
	memset(in, 'd', 80);
	in[80] = '*';
	in[81] = '\0';
	CHECK(parse(in) == 1 && T[0].words[0].n == 64 && T[0].prefix);
}

TEST(phrases)
{
	CHECK(parse("\"heart failure\" acute") == 2);
	CHECK(T[0].n == 2 && !T[0].prefix);
	CHECK_STR(T[0].words[0].p, T[0].words[0].n, "heart");
	CHECK_STR(T[0].words[1].p, T[0].words[1].n, "failure");
	CHECK(T[1].n == 1);
	expect("\"Heart  Failure\" acute", "\"heart failure\" acute");
	expect("acute\"heart failure\"", "acute \"heart failure\"");
	/* An unclosed quote runs to the end. */
	expect("acute \"heart failure", "acute \"heart failure\"");
	/* A phrase of one word is the word. */
	expect("\"heart\"", "heart");
	CHECK(parse("\"heart\"") == 1 && T[0].n == 1);
	/* Punctuation inside a phrase separates its words. */
	expect("\"covid-19 vaccine\"", "\"covid 19 vaccine\"");
	/* At most STORE_SEARCH_PHRASE_WORDS words; the rest are dropped. */
	CHECK(parse("\"a b c d e f g h i j\" k") == 2);
	CHECK(T[0].n == STORE_SEARCH_PHRASE_WORDS);
	CHECK_STR(T[0].words[7].p, T[0].words[7].n, "h");
	CHECK_STR(T[1].words[0].p, T[1].words[0].n, "k");
	expect("\"a b c d e f g h i j\" k", "\"a b c d e f g h\" k");
	/* Two phrases, back to back. */
	expect("\"a b\"\"c d\"", "\"a b\" \"c d\"");
}

TEST(prefixes)
{
	CHECK(parse("cardio*") == 1 && T[0].prefix);
	CHECK_STR(T[0].words[0].p, T[0].words[0].n, "cardio");
	expect("cardio* heart", "cardio* heart");
	expect("cardio** heart", "cardio* heart");
	/* A '*' not right after a word is a separator. */
	expect("cardio *heart", "cardio heart");
	CHECK(parse("cardio *") == 1 && !T[0].prefix);
	/* Too short a prefix is a word. */
	expect("a* ab*", "a ab*");
	expect("é*", "é*"); /* two bytes */
	/* In a phrase: after its last word, or right after its closing quote. */
	CHECK(parse("\"heart fail*\"") == 1 && T[0].n == 2 && T[0].prefix);
	CHECK(parse("\"heart fail\"*") == 1 && T[0].n == 2 && T[0].prefix);
	CHECK(parse("\"heart fail*") == 1 && T[0].n == 2 && T[0].prefix);
	CHECK(parse("\"heart* fail\"") == 1 && T[0].n == 2 && !T[0].prefix);
	CHECK(parse("\"heart fail\" *") == 1 && !T[0].prefix);
	expect("\"heart fail\"*", "\"heart fail*\"");
	/* A word and its prefix are different terms. */
	expect("heart heart*", "heart heart*");
	/* The '*' after a phrase's ninth word (dropped) is dropped with it. */
	CHECK(parse("\"a b c d e f g hh i*\"") == 1 && !T[0].prefix);
	CHECK(parse("\"a b c d e f g hh* i\"") == 1 && T[0].prefix);
}

TEST(duplicates_and_limits)
{
	expect("heart Heart HEART lung heart", "heart lung");
	expect("\"heart failure\" \"Heart failure\"", "\"heart failure\"");
	expect("\"heart failure\" heart failure", "\"heart failure\" heart failure");
	/* At most STORE_SEARCH_TERMS terms, the first ones typed. */
	char in[400];
	buf b;
	buf_init(&b, A);
	for (int i = 0; i < 30; i++)
		buf_printf(&b, "w%d ", i);
	snprintf(in, sizeof in, "%.*s", (int)b.n, b.p);
	CHECK(parse(in) == STORE_SEARCH_TERMS);
	CHECK_STR(T[15].words[0].p, T[15].words[0].n, "w15");
	/* Duplicates do not use up the limit. */
	buf_init(&b, A);
	for (int i = 0; i < 20; i++)
		buf_puts(&b, "same ");
	buf_puts(&b, "other");
	snprintf(in, sizeof in, "%.*s", (int)b.n, b.p);
	CHECK(parse(in) == 2);
}

TEST(hostile_lengths)
{
	/* Long input of every kind parses in bounded terms. */
	size_t n = 100000;
	char *in = arena_alloc(A, n);
	for (size_t i = 0; i < n; i++)
		in[i] = (char)(i % 7 == 0 ? '"' : i % 5 == 0 ? '*' : 'a' + (char)(i % 26));
	int k = parse_n(in, n);
	CHECK(k >= 1 && k <= STORE_SEARCH_TERMS);
	for (int i = 0; i < k; i++) {
		CHECK(T[i].n >= 1 && T[i].n <= STORE_SEARCH_PHRASE_WORDS);
		for (int w = 0; w < T[i].n; w++)
			CHECK(T[i].words[w].n >= 1 && T[i].words[w].n <= QUERY_WORD_MAX);
	}
	memset(in, '"', n);
	CHECK(parse_n(in, n) == 0);
	memset(in, 0xff, n);
	CHECK(parse_n(in, n) == 0);
}

TEST(arena_full)
{
	arena *tiny = arena_new(64);
	char in[200];
	memset(in, 'a', sizeof in - 1);
	in[sizeof in - 1] = '\0';
	CHECK(query_parse(tiny, str_c(in), T) == -1);
	arena_free(tiny);
}

int main(void)
{
	A = arena_new(64u << 20);
	RUN(words);
	RUN(nothing_to_search);
	RUN(engine_syntax_is_text);
	RUN(utf8_stays_whole);
	RUN(word_length);
	RUN(phrases);
	RUN(prefixes);
	RUN(duplicates_and_limits);
	RUN(hostile_lengths);
	RUN(arena_full);
	arena_free(A);
	return unit_summary();
}
