/* test_chart.c: the dashboard's SVG charts (src/views/chart.c).  Every
 * chart drawn here goes through chart_check() (svg_check.h): well-formed
 * XML with one <svg> root, its title and desc, coordinates with one
 * decimal inside the viewBox, nice ticks from 0 that cover the highest
 * value, labels inside the viewBox that never overlap, the first and last
 * point labelled, and one element per point with a <title> "LABEL: VALUE"
 * drawn to scale.  On top of that: tiny, typical and hostile data, the
 * bounds (points, rows, label lengths), the made-up description, and an
 * arena too small (-1, never a half-checked success). */
#include "unit.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "svg_check.h"
#include "views/chart.h"

static arena *A;

typedef int (*chart_fn)(buf *, const struct chart_spec *);

static const struct {
	chart_fn fn;
	char kind;
	const char *name;
} KINDS[3] = {{chart_line, 'l', "line"}, {chart_bars, 'b', "bars"}, {chart_hbars, 'h', "hbars"}};

/* Draws c with chart k into a new buffer; the text, or NULL if it failed. */
static const char *draw(int k, const struct chart_spec *c)
{
	buf b;
	buf_init(&b, A);
	if (KINDS[k].fn(&b, c) < 0)
		return NULL;
	return buf_cstr(&b);
}

/* Draws c with chart k and holds it to chart_check(); the text or NULL. */
static const char *drawn_ok(int k, const struct chart_spec *c)
{
	const char *svg = draw(k, c);
	char why[256] = "";
	if (!svg) {
		fprintf(stderr, "  %s: drawing failed\n", KINDS[k].name);
		return NULL;
	}
	if (!chart_check(svg, strlen(svg), KINDS[k].kind, c->points, c->n, why, sizeof why)) {
		fprintf(stderr, "  %s (%d points): %s\n", KINDS[k].name, c->n, why);
		if (getenv("CHART_DUMP"))
			fprintf(stderr, "%s\n", svg);
		return NULL;
	}
	return svg;
}

static struct chart_spec spec(const char *id, const struct chart_point *p, int n)
{
	return (struct chart_spec){.id = id, .title = S("Page views per day"), .x_title = S("Day"),
				   .y_title = S("Page views"), .points = p, .n = n};
}

/* The unescaped texts of the elements of class `cls`, one per line. */
static char *texts_of(const char *svg, const char *cls)
{
	struct svg_doc d;
	char *all = NULL;
	size_t n = 0;
	svg_append(&all, &n, "", 0);
	if (svg && svg_parse(&d, svg, strlen(svg)) == 0)
		for (int i = 0; i < d.n; i++)
			if (svg_class(&d.el[i], cls) || strcmp(d.el[i].name, cls) == 0) {
				svg_append(&all, &n, d.el[i].text, d.el[i].tn);
				svg_append(&all, &n, "\n", 1);
			}
	if (svg)
		svg_free(&d);
	return all;
}

static int count_class(const char *svg, const char *cls)
{
	char *t = texts_of(svg, cls);
	int n = 0;
	for (char *q = t; *q; q++)
		n += *q == '\n';
	free(t);
	return n;
}

static bool has(const char *svg, const char *what)
{
	if (svg && strstr(svg, what))
		return true;
	fprintf(stderr, "  missing: %s\n", what);
	return false;
}

/* "3 Sep" for day d of a made-up calendar of 30-day months. */
static const char *day_label(char *b, size_t n, int d)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	snprintf(b, n, "%d %s", d % 30 + 1, mon[(d / 30) % 12]);
	return b;
}

/* ---- tiny ---- */

TEST(tiny_data)
{
	struct chart_point one[2] = {{S("2 Nov"), 7}, {S("3 Nov"), 12}};
	for (int k = 0; k < 3; k++) {
		struct chart_spec c = spec("tiny", one, 0);
		const char *svg = drawn_ok(k, &c);
		CHECK(svg != NULL);
		CHECK(has(svg, ">No data<"));
		CHECK(has(svg, "<desc id=\"tiny-desc\">No data.</desc>"));
		CHECK(has(svg, "aria-labelledby=\"tiny-title tiny-desc\""));
		c.n = 1;
		svg = drawn_ok(k, &c);
		CHECK(svg != NULL);
		CHECK(has(svg, "<title>2 Nov: 7</title>"));
		CHECK(has(svg, "<desc id=\"tiny-desc\">2 Nov: 7.</desc>"));
		c.n = 2;
		svg = drawn_ok(k, &c);
		CHECK(svg != NULL);
		CHECK(has(svg, "<title>3 Nov: 12</title>"));
		/* NULL points or a negative n are no data */
		c.points = NULL;
		CHECK(has(drawn_ok(k, &c), ">No data<"));
		c.points = one;
		c.n = -5;
		CHECK(has(drawn_ok(k, &c), ">No data<"));
	}
	/* a line needs two points for its polyline; one is a lone marker */
	struct chart_spec c = spec("t", one, 1);
	const char *svg = drawn_ok(0, &c);
	CHECK(svg && !strstr(svg, "<polyline") && strstr(svg, "<circle"));
	c.n = 2;
	CHECK(has(drawn_ok(0, &c), "<polyline"));
}

TEST(all_zeros)
{
	struct chart_point z[30];
	for (int i = 0; i < 30; i++)
		z[i] = (struct chart_point){S("Mon"), 0};
	for (int k = 0; k < 3; k++) {
		struct chart_spec c = spec("z", z, 30);
		const char *svg = drawn_ok(k, &c); /* the checker wants the axis 0..1 */
		CHECK(svg != NULL);
		char *ticks = texts_of(svg, "chart-tick");
		CHECK(ticks && strcmp(ticks, "0\n1\n") == 0);
		free(ticks);
	}
}

/* ---- typical ---- */

TEST(ninety_days)
{
	static char labels[90][16];
	struct chart_point p[90];
	for (int i = 0; i < 90; i++) {
		p[i].label = str_c(day_label(labels[i], sizeof labels[i], 240 + i));
		p[i].value = 900 + (i * 7919) % 1500;
	}
	p[74].value = 2841;
	for (int k = 0; k < 2; k++) {
		struct chart_spec c = spec("views-daily", p, 90);
		const char *svg = drawn_ok(k, &c);
		CHECK(svg != NULL);
		int nl = count_class(svg, "chart-xlabel");
		CHECK(nl >= 6 && nl < 45); /* thinned, but still a scale to read */
		CHECK(has(svg, "1 Sep to 30 Nov: highest 2,841 (15 Nov), latest "));
		CHECK(has(svg, "<title>15 Nov: 2,841</title>"));
		char *ticks = texts_of(svg, "chart-tick");
		CHECK(ticks && strcmp(ticks, "0\n1,000\n2,000\n3,000\n") == 0);
		free(ticks);
	}
}

TEST(two_years_of_months)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static char labels[24][16];
	struct chart_point p[24];
	for (int i = 0; i < 24; i++) {
		snprintf(labels[i], sizeof labels[i], "%s %d", mon[(i + 10) % 12], 2024 + (i + 10) / 12);
		p[i] = (struct chart_point){str_c(labels[i]), 31000 + 1700 * (int64_t)i};
	}
	for (int k = 0; k < 2; k++) {
		struct chart_spec c = spec("views-monthly", p, 24);
		c.title = S("Page views per month");
		const char *svg = drawn_ok(k, &c);
		CHECK(svg != NULL);
		CHECK(has(svg, ">Nov 2024</text>"));
		CHECK(has(svg, ">Oct 2026</text>"));
		CHECK(has(svg, "<title>Oct 2026: 70,100</title>"));
		char *ticks = texts_of(svg, "chart-tick");
		CHECK(ticks && strcmp(ticks, "0\n20,000\n40,000\n60,000\n80,000\n") == 0);
		free(ticks);
	}
}

TEST(twenty_countries)
{
	static const char *const names[20] = {
	    "United Kingdom of Great Britain and Northern Ireland", "Ireland", "India", "Nigeria", "Pakistan",
	    "Egypt", "South Africa", "Australia", "New Zealand", "Canada", "Malta", "Ghana", "Sri Lanka",
	    "Bangladesh", "Sudan", "Kenya", "Zimbabwe", "Greece", "Italy", "Iceland"};
	struct chart_point p[20];
	for (int i = 0; i < 20; i++)
		p[i] = (struct chart_point){str_c(names[i]), 12500 / (i + 1)};
	struct chart_spec c = {.id = "members-country", .title = S("Members by country"), .x_title = S("Country"),
			       .y_title = S("Members"), .points = p, .n = 20};
	const char *svg = drawn_ok(2, &c);
	CHECK(svg != NULL);
	CHECK(count_class(svg, "chart-ylabel") == 20);
	CHECK(count_class(svg, "chart-value") == 20);
	CHECK(has(svg, ">12,500</text>"));
	CHECK(has(svg, "Members by country"));
	/* the long name is cut to 32 characters, whole ones, marked */
	CHECK(has(svg, ">United Kingdom of Great Britai…</text>"));
	CHECK(has(svg, "<title>United Kingdom of Great Britain and Northern Ireland: 12,500</title>"));
	CHECK(has(svg, "highest 12,500 (United Kingdom of Great Britain and Nor…), lowest 625 (Iceland)."));
	/* the rows make the height: 20 rows of 24 under a 52 top, 52 below */
	CHECK(has(svg, "viewBox=\"0 0 720 584\""));
}

/* ---- hostile ---- */

TEST(hostile_labels)
{
	static char longa[600], longe[700], longw[400];
	memset(longa, 'W', sizeof longa - 1);
	for (size_t i = 0; i + 2 < sizeof longe; i += 2)
		memcpy(longe + i, "\xc3\xa9", 2);
	for (size_t i = 0; i + 3 < sizeof longw; i += 3)
		memcpy(longw + i, "\xe7\x95\x8c", 3);
	struct chart_point p[] = {
	    {S("<script>&"), 5},
	    {S("a\"b'c</title>"), 6},
	    {S("\xff\xfe"), 7},
	    {S("x\xc3"), 8},
	    {S("\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80"), 9},
	    {S("\x01\x00z\x7f\x1b"), 10},
	    {S("tab\there\r\nline"), 11},
	    {S("\xef\xbf\xbe"), 12},
	    {str_c(longa), 13},
	    {str_c(longe), 14},
	    {str_c(longw), 15},
	    {S("&amp; &#60;"), 16},
	    {S(""), 17},
	};
	int n = (int)(sizeof p / sizeof p[0]);
	for (int k = 0; k < 3; k++) {
		struct chart_spec c = {.id = "Bad ID<>&\"", .title = S("<b>T</b> & \"x\""), .desc = STR_NULL,
				       .x_title = S("<x>"), .y_title = S("\xff<y>"), .points = p, .n = n};
		const char *svg = drawn_ok(k, &c);
		CHECK(svg != NULL);
		if (!svg)
			continue;
		CHECK(!strstr(svg, "<script") && !strstr(svg, "<b>") && !strstr(svg, "<x>"));
		CHECK(has(svg, "<title>&lt;script&gt;&amp;: 5</title>"));
		CHECK(has(svg, "<title>a&quot;b&#39;c&lt;/title&gt;: 6</title>"));
		CHECK(has(svg, "<title>\xef\xbf\xbd\xef\xbf\xbd: 7</title>"));
		CHECK(has(svg, "<title>x\xef\xbf\xbd: 8</title>"));
		CHECK(has(svg, "<title>\xef\xbf\xbd\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd: 10</title>"));
		CHECK(has(svg, "<title>tab here  line: 11</title>"));
		CHECK(has(svg, "<title>\xef\xbf\xbd: 12</title>"));
		CHECK(has(svg, "<title>&amp;amp; &amp;#60;: 16</title>"));
		CHECK(has(svg, "<title>: 17</title>"));
		CHECK(has(svg, "aria-labelledby=\"ad-title ad-desc\""));
		CHECK(has(svg, "<title id=\"ad-title\">&lt;b&gt;T&lt;/b&gt; &amp; &quot;x&quot;</title>"));
		/* long labels: cut to 79 characters and "…" in a <title> */
		char want[400] = "<title>";
		size_t w = strlen(want);
		for (int i = 0; i < 79; i++)
			memcpy(want + w + 2 * (size_t)i, "\xc3\xa9", 2);
		snprintf(want + w + 158, sizeof want - w - 158, "\xe2\x80\xa6: 14</title>");
		CHECK(has(svg, want));
	}
	struct chart_spec c = {.id = NULL, .points = p, .n = 1};
	CHECK(has(drawn_ok(0, &c), "aria-labelledby=\"chart-title chart-desc\""));
	c.id = "<>";
	CHECK(has(drawn_ok(1, &c), "aria-labelledby=\"chart-title chart-desc\""));
}

/* Labels cut to fit where they are drawn: whole characters, "…" last. */
TEST(label_lengths)
{
	struct chart_point p[2] = {{S("abcdefghijklmnopqrstuvwxyz"), 1}, {S("12345678901234567890"), 2}};
	struct chart_spec c = spec("len", p, 2);
	const char *svg = drawn_ok(0, &c);
	CHECK(has(svg, ">abcdefghijklmnopqrs…</text>")); /* 20 characters at most */
	CHECK(has(svg, ">12345678901234567890</text>")); /* exactly 20: kept */
	CHECK(has(svg, "<title>abcdefghijklmnopqrstuvwxyz: 1</title>"));
	/* a few bars: a label may fill its band, up to 32 characters */
	svg = drawn_ok(1, &c);
	CHECK(has(svg, ">abcdefghijklmnopqrstuvwxyz</text>"));
	struct chart_point q[5] = {{S("Obstetrics and gynaecology (all subspecialties)"), 1}, {S("b"), 2},
				   {S("c"), 3}, {S("d"), 4}, {S("Obstetrics and gynaecology (all subspecialties)"), 5}};
	c = spec("len", q, 3);
	CHECK(has(drawn_ok(1, &c), ">Obstetrics and gynaecology…</text>")); /* bands of 220 */
	c.n = 5; /* bands of 130: cut to the band (and the space before "…"), none left out */
	CHECK(has(drawn_ok(1, &c), ">Obstetrics and…</text>"));
	CHECK(count_class(drawn_ok(1, &c), "chart-xlabel") == 5);
	c.n = 2;
	/* a title too long for the width, and axis titles */
	static char t[400];
	memset(t, 'M', sizeof t - 1);
	c.title = str_c(t);
	c.y_title = str_c(t);
	c.x_title = str_c(t);
	for (int k = 0; k < 3; k++)
		CHECK(drawn_ok(k, &c) != NULL);
}

TEST(huge_values)
{
	struct chart_point p[4] = {{S("a"), INT64_MAX / 4}, {S("b"), 3}, {S("c"), 0}, {S("d"), INT64_MAX / 5}};
	for (int k = 0; k < 3; k++) {
		struct chart_spec c = spec("huge", p, 4);
		const char *svg = drawn_ok(k, &c);
		CHECK(has(svg, "<title>a: 2,305,843,009,213,693,951</title>"));
		CHECK(has(svg, ">2,500,000,000,000,000,000</text>"));
		p[3].value = INT64_MAX;
		svg = drawn_ok(k, &c);
		CHECK(has(svg, "<title>d: 9,223,372,036,854,775,807</title>"));
		CHECK(has(svg, ">10,000,000,000,000,000,000</text>"));
		p[2].value = INT64_MIN; /* drawn as 0, told as it is */
		svg = drawn_ok(k, &c);
		CHECK(has(svg, "<title>c: -9,223,372,036,854,775,808</title>"));
		p[2].value = -40;
		p[3].value = INT64_MAX / 5;
		CHECK(has(drawn_ok(k, &c), "<title>c: -40</title>"));
		p[2].value = 0;
	}
}

/* Every highest value from 0 to 3,000, and powers of ten and their
 * neighbours up to INT64_MAX: the checker holds the ticks to "nice". */
TEST(nice_ticks)
{
	int bad = 0;
	for (int64_t v = 0; v <= 3000 && bad < 5; v++) {
		struct chart_point p = {S("x"), v};
		struct chart_spec c = spec("n", &p, 1);
		bad += drawn_ok((int)(v % 3), &c) == NULL;
	}
	for (int64_t pw = 10; pw <= INT64_MAX / 10 && bad < 5; pw *= 10)
		for (int64_t d = -1; d <= 1; d++)
			for (int64_t m = 1; m <= 9; m++) {
				struct chart_point p = {S("x"), pw * m + d};
				struct chart_spec c = spec("n", &p, 1);
				bad += drawn_ok((int)(m % 3), &c) == NULL;
			}
	uint64_t r = 88172645463325252u;
	for (int i = 0; i < 3000 && bad < 5; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		struct chart_point p = {S("x"), (int64_t)(r >> (1 + r % 63))};
		struct chart_spec c = spec("n", &p, 1);
		bad += drawn_ok(i % 3, &c) == NULL;
	}
	CHECK(bad == 0);
	/* the steps chosen, spelled out */
	static const struct {
		int64_t max;
		const char *ticks;
	} want[] = {
	    {1, "0\n1\n"},
	    {2, "0\n1\n2\n"},
	    {3, "0\n1\n2\n3\n"},
	    {5, "0\n1\n2\n3\n4\n5\n"},
	    {6, "0\n2\n4\n6\n"},
	    {11, "0\n5\n10\n15\n"},
	    {42, "0\n10\n20\n30\n40\n50\n"},
	    {101, "0\n25\n50\n75\n100\n125\n"},
	    {12500, "0\n2,500\n5,000\n7,500\n10,000\n12,500\n"},
	    {12501, "0\n5,000\n10,000\n15,000\n"},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct chart_point p = {S("x"), want[i].max};
		struct chart_spec c = spec("n", &p, 1);
		char *t = texts_of(drawn_ok(1, &c), "chart-tick");
		if (strcmp(t, want[i].ticks) != 0)
			fprintf(stderr, "  max %lld: ticks %s", (long long)want[i].max, t);
		CHECK(strcmp(t, want[i].ticks) == 0);
		free(t);
	}
}

/* Labels never overlap, whatever the number of points and their widths. */
TEST(label_spacing)
{
	static char labels[400][32];
	static struct chart_point p[400];
	for (int i = 0; i < 400; i++) {
		snprintf(labels[i], sizeof labels[i], i % 7 == 0 ? "Week %d of 2026 (long)" : "W%d", i);
		p[i] = (struct chart_point){str_c(labels[i]), i * 13 % 101};
	}
	int bad = 0;
	for (int n = 1; n <= 400 && bad < 5; n += n < 60 ? 1 : 17)
		for (int k = 0; k < 3; k++) {
			struct chart_spec c = spec("s", p, n);
			bad += drawn_ok(k, &c) == NULL;
		}
	CHECK(bad == 0);
	/* wide characters count as wider */
	for (int i = 0; i < 60; i++)
		p[i].label = S("\xe7\x95\x8c\xe7\x95\x8c\xe7\x95\x8c\xe7\x95\x8c\xe7\x95\x8c\xe7\x95\x8c");
	struct chart_spec c = spec("w", p, 60);
	CHECK(drawn_ok(0, &c) != NULL && drawn_ok(1, &c) != NULL);
}

/* More than CHART_MAX_POINTS: the last ones; more than CHART_MAX_ROWS
 * rows: the first ones; the <desc> says so. */
TEST(bounds)
{
	static char labels[1500][16];
	static struct chart_point p[1500];
	for (int i = 0; i < 1500; i++) {
		snprintf(labels[i], sizeof labels[i], "d%d", i);
		p[i] = (struct chart_point){str_c(labels[i]), i % 250};
	}
	struct chart_spec c = spec("b", p, 1500);
	for (int k = 0; k < 2; k++) {
		const char *svg = drawn_ok(k, &c);
		CHECK(has(svg, "<title>d500: 0</title>"));
		CHECK(svg && !strstr(svg, "<title>d499: "));
		CHECK(has(svg, "Only the last 1000 of 1,500 points are drawn.</desc>"));
		CHECK(has(svg, ">d500</text>"));
		CHECK(has(svg, ">d1499</text>"));
	}
	const char *svg = drawn_ok(2, &c);
	CHECK(has(svg, "<title>d99: 99</title>"));
	CHECK(svg && !strstr(svg, "<title>d100: "));
	CHECK(has(svg, "Only the first 100 of 1,500 rows are drawn.</desc>"));
	c.n = 1000;
	CHECK(drawn_ok(0, &c) != NULL && drawn_ok(1, &c) != NULL);
	CHECK(!strstr(drawn_ok(0, &c), "Only the"));
	c.desc = S("Page views per day, 3 Sep to 1 Dec 2026; highest 2,841 on 17 Nov & more.");
	CHECK(has(drawn_ok(0, &c), ">Page views per day, 3 Sep to 1 Dec 2026; highest 2,841 on 17 Nov &amp; more.</desc>"));
}

/* Out of memory: -1 at every size short of enough, never a partial 0. */
TEST(out_of_memory)
{
	struct chart_point p[90];
	for (int i = 0; i < 90; i++)
		p[i] = (struct chart_point){S("12 Nov"), i * 31};
	struct chart_spec c = spec("oom", p, 90);
	for (int k = 0; k < 3; k++) {
		int fails = 0, wrong = 0;
		bool done = false;
		for (size_t cap = 64; cap < (1u << 20) && !done; cap += cap / 8) {
			arena *a = arena_new(cap);
			buf b;
			buf_init(&b, a);
			int rc = KINDS[k].fn(&b, &c);
			if (rc < 0) {
				fails++;
				wrong += !b.err;
			} else {
				char why[256];
				done = true;
				wrong += b.err || !chart_check(b.p, b.n, KINDS[k].kind, p, 90, why, sizeof why);
			}
			arena_free(a);
		}
		CHECK(fails > 5 && done && wrong == 0);
	}
}

/* A glance at the whole text of a small chart: the shape of the output. */
TEST(shape)
{
	struct chart_point p[2] = {{S("Mon"), 1}, {S("Tue"), 2}};
	struct chart_spec c = spec("s", p, 2);
	const char *svg = draw(0, &c);
	static const char head[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-type-line\" width=\"720\" "
				  "height=\"360\" viewBox=\"0 0 720 360\" role=\"img\" aria-labelledby=\"s-title "
				  "s-desc\" font-size=\"12\">\n<title id=\"s-title\">Page views per day</title>\n"
				  "<desc id=\"s-desc\">Mon to Tue: highest 2 (Tue), latest 2.</desc>\n";
	CHECK(svg && strncmp(svg, head, sizeof head - 1) == 0);
	CHECK(svg && strlen(svg) > 7 && strcmp(svg + strlen(svg) - 7, "</svg>\n") == 0);
	CHECK(has(svg, "<text class=\"chart-title\" x=\"12\" y=\"26\" font-size=\"16\" font-weight=\"600\">Page "
		       "views per day</text>"));
	CHECK(has(svg, "transform=\"rotate(-90 16 176.0)\">Page views</text>"));
	CHECK(!strstr(svg, "nan") && !strstr(svg, "inf") && !strstr(svg, "script"));
}

/* Each test with its own arena, freed after it. */
#define RUN_A(t)                            \
	do {                                \
		A = arena_new(256u << 20);  \
		if (!A)                     \
			return 1;           \
		RUN(t);                     \
		arena_free(A);              \
	} while (0)

int main(void)
{
	RUN_A(tiny_data);
	RUN_A(all_zeros);
	RUN_A(ninety_days);
	RUN_A(two_years_of_months);
	RUN_A(twenty_countries);
	RUN_A(hostile_labels);
	RUN_A(label_lengths);
	RUN_A(huge_values);
	RUN_A(nice_ticks);
	RUN_A(label_spacing);
	RUN_A(bounds);
	RUN_A(out_of_memory);
	RUN_A(shape);
	return unit_summary();
}
