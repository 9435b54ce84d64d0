/* svg_check.h: a small, strict reader of the XML that src/views/chart.c
 * writes, shared by tests/unit/test_chart.c and tests/fuzz/fuzz_chart.c.
 *
 * svg_parse() accepts only: valid UTF-8 without control characters (but
 * LF and tab) or U+FFFE/U+FFFF; exactly one root element, <svg>, with
 * nothing but white space around it; tags properly nested (names of
 * letters, digits, '-' and ':'); attributes name="value", separated by
 * white space, none twice on one element; in text and attribute values
 * no raw '<' or '>' and '&' only in the entities &amp; &lt; &gt; &quot;
 * &#39; (or &#N; / &#xH; of a valid character); no comments, CDATA,
 * doctypes or processing instructions.  It builds a flat list of the
 * elements, each with its parent, attributes and direct text, unescaped. */
#ifndef ROUNDS_SVG_CHECK_H
#define ROUNDS_SVG_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SVG_MAX_ATTR 16
#define SVG_MAX_DEPTH 64

struct svg_attr {
	char name[32];
	char *val; /* unescaped, NUL-terminated */
};

struct svg_el {
	char name[32];
	int parent; /* -1 for the root */
	int nattr;
	struct svg_attr attr[SVG_MAX_ATTR];
	char *text; /* the direct text, unescaped, NUL-terminated (never NULL) */
	size_t tn;
};

struct svg_doc {
	struct svg_el *el;
	int n, cap;
	const char *err; /* why svg_parse failed */
	size_t at;       /* and where */
};

static inline void svg_free(struct svg_doc *d)
{
	for (int i = 0; i < d->n; i++) {
		for (int k = 0; k < d->el[i].nattr; k++)
			free(d->el[i].attr[k].val);
		free(d->el[i].text);
	}
	free(d->el);
	d->el = NULL;
	d->n = d->cap = 0;
}

/* One code point of valid UTF-8 at p[0..n): its length, 0 if invalid. */
static inline size_t svg_utf8(const unsigned char *p, size_t n, uint32_t *cp)
{
	uint32_t c = p[0];
	size_t len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	if (len > 1)
		c &= 0x7fu >> len;
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[k] & 0x3fu);
	}
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
		return 0;
	*cp = c;
	return len;
}

static inline bool svg_xml_char(uint32_t c)
{
	return c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && c != 0xfffe && c != 0xffff);
}

/* Appends UTF-8 of c to a malloc'd string. */
static inline void svg_append(char **s, size_t *n, const char *p, size_t k)
{
	char *t = realloc(*s, *n + k + 1);
	if (!t)
		abort();
	memcpy(t + *n, p, k);
	*n += k;
	t[*n] = '\0';
	*s = t;
}

static inline void svg_append_cp(char **s, size_t *n, uint32_t c)
{
	char b[4];
	size_t k;
	if (c < 0x80)
		b[0] = (char)c, k = 1;
	else if (c < 0x800)
		b[0] = (char)(0xc0 | c >> 6), b[1] = (char)(0x80 | (c & 0x3f)), k = 2;
	else if (c < 0x10000)
		b[0] = (char)(0xe0 | c >> 12), b[1] = (char)(0x80 | (c >> 6 & 0x3f)), b[2] = (char)(0x80 | (c & 0x3f)), k = 3;
	else
		b[0] = (char)(0xf0 | c >> 18), b[1] = (char)(0x80 | (c >> 12 & 0x3f)),
		b[2] = (char)(0x80 | (c >> 6 & 0x3f)), b[3] = (char)(0x80 | (c & 0x3f)), k = 4;
	svg_append(s, n, b, k);
}

/* An entity at s[*i] ('&'): appends what it stands for; false if none. */
static inline bool svg_entity(const char *s, size_t n, size_t *i, char **out, size_t *on)
{
	static const struct {
		const char *e;
		char c;
	} named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
	for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
		size_t len = strlen(named[k].e);
		if (n - *i >= len && memcmp(s + *i, named[k].e, len) == 0) {
			svg_append(out, on, &named[k].c, 1);
			*i += len;
			return true;
		}
	}
	size_t j = *i + 1;
	if (j >= n || s[j] != '#')
		return false;
	j++;
	bool hex = j < n && s[j] == 'x';
	j += hex;
	uint32_t c = 0;
	size_t digits = 0;
	for (; j < n && digits < 8; j++, digits++) {
		char d = s[j];
		int v = d >= '0' && d <= '9' ? d - '0' : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10 : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;
		if (v < 0)
			break;
		c = c * (hex ? 16 : 10) + (uint32_t)v;
	}
	if (digits == 0 || j >= n || s[j] != ';' || c > 0x10ffff || (c >= 0xd800 && c < 0xe000) || !svg_xml_char(c))
		return false;
	svg_append_cp(out, on, c);
	*i = j + 1;
	return true;
}

/* Character data from s[*i] up to `stop` (or '<'): checked, unescaped. */
static inline bool svg_chars(struct svg_doc *d, const char *s, size_t n, size_t *i, char stop, char **out, size_t *on)
{
	while (*i < n && s[*i] != stop && s[*i] != '<') {
		unsigned char c = (unsigned char)s[*i];
		if (c == '&') {
			if (!svg_entity(s, n, i, out, on)) {
				d->err = "a bare & or an unknown entity";
				return false;
			}
			continue;
		}
		if (c == '>') {
			d->err = "a raw >";
			return false;
		}
		/* a run of characters up to the next special byte, at once */
		size_t j = *i;
		while (j < n && s[j] != stop && s[j] != '<' && s[j] != '&' && s[j] != '>') {
			uint32_t cp;
			size_t len = svg_utf8((const unsigned char *)s + j, n - j, &cp);
			if (!len || !svg_xml_char(cp)) {
				d->err = "invalid UTF-8 or a character XML does not allow";
				*i = j;
				return false;
			}
			j += len;
		}
		svg_append(out, on, s + *i, j - *i);
		*i = j;
	}
	return true;
}

static inline size_t svg_name(const char *s, size_t n, size_t i, char *name, size_t cap)
{
	size_t k = 0;
	while (i + k < n && k + 1 < cap) {
		char c = s[i + k];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (k && ((c >= '0' && c <= '9') || c == '-' || c == ':'))))
			break;
		name[k] = c;
		k++;
	}
	name[k] = '\0';
	return k;
}

static inline bool svg_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t';
}

/* A start tag at s[*i] ('<'); *selfclose set for "/>". */
static inline bool svg_start(struct svg_doc *d, const char *s, size_t n, size_t *i, int parent, bool *selfclose)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->el = realloc(d->el, (size_t)d->cap * sizeof *d->el);
		if (!d->el)
			abort();
	}
	struct svg_el *e = &d->el[d->n++];
	memset(e, 0, sizeof *e);
	e->parent = parent;
	svg_append(&e->text, &e->tn, "", 0);
	size_t k = svg_name(s, n, *i + 1, e->name, sizeof e->name);
	if (!k) {
		d->err = "a tag without a name (or a comment, doctype, PI)";
		return false;
	}
	*i += 1 + k;
	for (;;) {
		if (*i < n && s[*i] == '>') {
			*i += 1;
			*selfclose = false;
			return true;
		}
		if (n - *i >= 2 && s[*i] == '/' && s[*i + 1] == '>') {
			*i += 2;
			*selfclose = true;
			return true;
		}
		if (*i >= n || !svg_space(s[*i])) {
			d->err = "no white space before an attribute, or the tag never ends";
			return false;
		}
		while (*i < n && svg_space(s[*i]))
			*i += 1;
		if (*i < n && (s[*i] == '>' || s[*i] == '/'))
			continue;
		if (e->nattr == SVG_MAX_ATTR) {
			d->err = "too many attributes";
			return false;
		}
		struct svg_attr *a = &e->attr[e->nattr];
		k = svg_name(s, n, *i, a->name, sizeof a->name);
		if (!k || n - *i - k < 2 || s[*i + k] != '=' || s[*i + k + 1] != '"') {
			d->err = "an attribute that is not name=\"value\"";
			return false;
		}
		for (int j = 0; j < e->nattr; j++)
			if (strcmp(e->attr[j].name, a->name) == 0) {
				d->err = "an attribute given twice";
				return false;
			}
		*i += k + 2;
		size_t vn = 0;
		svg_append(&a->val, &vn, "", 0);
		e->nattr++;
		if (!svg_chars(d, s, n, i, '"', &a->val, &vn))
			return false;
		if (*i >= n || s[*i] != '"') {
			d->err = "a < in an attribute value, or it never ends";
			return false;
		}
		*i += 1;
	}
}

static inline int svg_parse(struct svg_doc *d, const char *s, size_t n)
{
	memset(d, 0, sizeof *d);
	int stack[SVG_MAX_DEPTH], depth = 0;
	size_t i = 0;
	bool rooted = false;
	while (i < n) {
		if (s[i] != '<') {
			if (depth == 0) {
				if (!svg_space(s[i])) {
					d->err = "text outside the root";
					goto fail;
				}
				i++;
				continue;
			}
			struct svg_el *e = &d->el[stack[depth - 1]];
			if (!svg_chars(d, s, n, &i, '<', &e->text, &e->tn))
				goto fail;
			continue;
		}
		if (i + 1 < n && s[i + 1] == '/') {
			char name[32];
			size_t k = svg_name(s, n, i + 2, name, sizeof name);
			if (!depth || !k || strcmp(name, d->el[stack[depth - 1]].name) != 0 || i + 2 + k >= n ||
			    s[i + 2 + k] != '>') {
				d->err = "an end tag that closes nothing open";
				goto fail;
			}
			depth--;
			i += 3 + k;
			continue;
		}
		if (depth == 0 && rooted) {
			d->err = "a second root";
			goto fail;
		}
		bool selfclose;
		int me = d->n;
		if (!svg_start(d, s, n, &i, depth ? stack[depth - 1] : -1, &selfclose))
			goto fail;
		if (depth == 0 && strcmp(d->el[me].name, "svg") != 0) {
			d->err = "the root is not <svg>";
			goto fail;
		}
		rooted = true;
		if (!selfclose) {
			if (depth == SVG_MAX_DEPTH) {
				d->err = "too deep";
				goto fail;
			}
			stack[depth++] = me;
		}
	}
	if (!rooted || depth) {
		d->err = rooted ? "an element left open" : "no root";
		goto fail;
	}
	return 0;
fail:
	d->at = i;
	return -1;
}

static inline const char *svg_get(const struct svg_el *e, const char *name)
{
	for (int k = 0; k < e->nattr; k++)
		if (strcmp(e->attr[k].name, name) == 0)
			return e->attr[k].val;
	return NULL;
}

/* Whether the element's class attribute holds the word `cls`. */
static inline bool svg_class(const struct svg_el *e, const char *cls)
{
	const char *v = svg_get(e, "class");
	size_t n = strlen(cls);
	while (v && *v) {
		while (*v == ' ')
			v++;
		size_t k = strcspn(v, " ");
		if (k == n && memcmp(v, cls, n) == 0)
			return true;
		v += k;
	}
	return false;
}

/* ---- the invariants of a chart (chart.h) ------------------------------ */

#include <stdio.h>

#include "views/chart.h"

/* The width chart.c estimates for a text of `font` units (its EM_*). */
static inline double chart_est_width(const char *s, double font)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	double em = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c = 0;
		size_t k = svg_utf8(p + i, n - i, &c);
		i += k ? k : 1;
		em += c >= 0x1100 ? 1.0 : 0.62;
	}
	return em * font;
}

/* v with a comma between thousands. */
static inline const char *chart_fmt(char out[32], int64_t v)
{
	char tmp[32];
	int n = 0, d = 0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do {
		if (d && d % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
		d++;
	} while (u);
	if (v < 0)
		tmp[n++] = '-';
	for (int k = 0; k < n; k++)
		out[k] = tmp[n - 1 - k];
	out[n] = '\0';
	return out;
}

/* A number as chart.c prints coordinates: digits, at most one decimal. */
static inline bool chart_coord(const char *s, double *v)
{
	size_t k = strspn(s, "0123456789");
	if (k == 0 || k > 6 || (s[k] && (s[k] != '.' || s[k + 1] < '0' || s[k + 1] > '9' || s[k + 2])))
		return false;
	*v = strtod(s, NULL);
	return true;
}

/* A tick label: digits with commas exactly where chart_fmt puts them. */
static inline bool chart_tick_value(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	for (const char *q = s; *q; q++) {
		if (*q == ',')
			continue;
		if (*q < '0' || *q > '9' || x > (UINT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (uint64_t)(*q - '0');
	}
	char want[32];
	if (x <= INT64_MAX)
		chart_fmt(want, (int64_t)x);
	else /* above INT64_MAX only as a top tick: 1e19 */
		snprintf(want, sizeof want, "%s", x == 10000000000000000000u ? "10,000,000,000,000,000,000" : "");
	*v = x;
	return *s && strcmp(s, want) == 0;
}

struct chart_geom {
	double w, h;          /* the viewBox */
	double l, r, t, b;    /* the plot, from the axes */
	uint64_t top, step;   /* the value axis */
	int ngrid;
};

#define CHART_FAIL(...)                                     \
	do {                                                \
		snprintf(why, whyn, __VA_ARGS__);           \
		return false;                               \
	} while (0)

/* The root's attributes, its <title> and <desc>, and the elements and
 * attributes allowed (nothing that runs or loads anything). */
static inline bool chart_check_root(const struct svg_doc *d, struct chart_geom *g, char *why, size_t whyn)
{
	const struct svg_el *root = &d->el[0];
	const char *vb = svg_get(root, "viewBox"), *lab = svg_get(root, "aria-labelledby");
	const char *xmlns = svg_get(root, "xmlns"), *role = svg_get(root, "role");
	int h = 0, used = 0;
	if (!vb || sscanf(vb, "0 0 720 %d%n", &h, &used) != 1 || vb[used] || h < 100 || h > 20000)
		CHART_FAIL("viewBox \"%s\"", vb ? vb : "(none)");
	g->w = 720;
	g->h = h;
	if (!xmlns || strcmp(xmlns, "http://www.w3.org/2000/svg") != 0 || !role || strcmp(role, "img") != 0)
		CHART_FAIL("xmlns or role");
	/* the root is styled as a chart, not as one of its parts (whose
	 * stroke and fill every text would inherit) */
	static const char *const parts[] = {"chart-line", "chart-bar", "chart-dot", "chart-axis",
					    "chart-grid", "chart-label", "chart-title"};
	if (!svg_class(root, "chart"))
		CHART_FAIL("the root without class chart");
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
		if (svg_class(root, parts[k]))
			CHART_FAIL("the root of class %s", parts[k]);
	char tid[64], did[64];
	if (!lab || sscanf(lab, "%63s %63s", tid, did) != 2)
		CHART_FAIL("aria-labelledby \"%s\"", lab ? lab : "(none)");
	bool has_t = false, has_d = false;
	static const char *const names[] = {"svg", "title", "desc", "text", "line", "polyline", "circle", "rect"};
	for (int i = 0; i < d->n; i++) {
		const struct svg_el *e = &d->el[i];
		const char *id = svg_get(e, "id");
		if (id && e->parent == 0 && strcmp(id, tid) == 0 && strcmp(e->name, "title") == 0)
			has_t = true;
		if (id && e->parent == 0 && strcmp(id, did) == 0 && strcmp(e->name, "desc") == 0 && e->tn > 0)
			has_d = true;
		bool known = false;
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
			known |= strcmp(e->name, names[k]) == 0;
		if (!known || (i > 0 && strcmp(e->name, "svg") == 0))
			CHART_FAIL("element <%s>", e->name);
		for (int k = 0; k < e->nattr; k++)
			if (strncmp(e->attr[k].name, "on", 2) == 0 || strstr(e->attr[k].name, "href") ||
			    strcmp(e->attr[k].name, "style") == 0)
				CHART_FAIL("attribute %s", e->attr[k].name);
	}
	if (!has_t || !has_d)
		CHART_FAIL("no <title id=%s> or non-empty <desc id=%s> in the root", tid, did);
	return true;
}

/* Every coordinate: one decimal at most, inside the viewBox. */
static inline bool chart_check_coords(const struct svg_doc *d, const struct chart_geom *g, char *why, size_t whyn)
{
	static const char *const xs[] = {"x", "x1", "x2", "cx", "width", "r"}, *const ys[] = {"y", "y1", "y2", "cy", "height"};
	for (int i = 0; i < d->n; i++) {
		const struct svg_el *e = &d->el[i];
		for (int k = 0; k < e->nattr; k++) {
			const char *a = e->attr[k].name, *v = e->attr[k].val;
			double lim = -1, x;
			for (size_t j = 0; j < 6; j++)
				lim = strcmp(a, xs[j]) == 0 ? g->w : lim;
			for (size_t j = 0; j < 5; j++)
				lim = strcmp(a, ys[j]) == 0 ? g->h : lim;
			if (i == 0 || lim < 0)
				continue;
			if (!chart_coord(v, &x) || x > lim)
				CHART_FAIL("<%s %s=\"%s\">", e->name, a, v);
		}
		const char *pts = svg_get(e, "points");
		while (pts && *pts) {
			char xb[16], yb[16];
			int used = 0;
			double x, y;
			if (sscanf(pts, "%15[0-9.],%15[0-9.]%n", xb, yb, &used) != 2 || !chart_coord(xb, &x) ||
			    !chart_coord(yb, &y) || x > g->w || y > g->h)
				CHART_FAIL("points near \"%.20s\"", pts);
			pts += used;
			pts += *pts == ' ' && pts[1];
		}
	}
	return true;
}

static inline double chart_num(const struct svg_el *e, const char *a)
{
	const char *v = svg_get(e, a);
	return v ? strtod(v, NULL) : -1;
}

/* The plot's edges from the two axis lines, and the value axis from the
 * grid lines and the tick labels: nice, from 0, covering max and no more
 * than it needs. */
static inline bool chart_check_axes(const struct svg_doc *d, struct chart_geom *g, bool horiz, uint64_t max, char *why,
				    size_t whyn)
{
	int naxis = 0;
	g->ngrid = 0;
	g->top = 0;
	for (int i = 0; i < d->n; i++) {
		const struct svg_el *e = &d->el[i];
		if (svg_class(e, "chart-axis") && chart_num(e, "y1") == chart_num(e, "y2")) {
			g->l = chart_num(e, "x1"), g->r = chart_num(e, "x2"), g->b = chart_num(e, "y1");
			naxis++;
		} else if (svg_class(e, "chart-axis")) {
			g->t = chart_num(e, "y1");
			naxis++;
		}
		g->ngrid += svg_class(e, "chart-grid");
	}
	if (naxis != 2 || !(g->l < g->r && g->t < g->b) || g->ngrid < 1)
		CHART_FAIL("axes (%d) or grid (%d)", naxis, g->ngrid);
	uint64_t seen[8];
	int nt = 0;
	for (int i = 0; i < d->n; i++) {
		const struct svg_el *e = &d->el[i];
		uint64_t v;
		if (!svg_class(e, "chart-tick"))
			continue;
		if (!chart_tick_value(e->text, &v) || nt == 8 || (nt && v <= seen[nt - 1]))
			CHART_FAIL("tick \"%s\"", e->text);
		seen[nt++] = v;
	}
	if (nt < 2 || seen[0] != 0)
		CHART_FAIL("%d ticks", nt);
	g->top = seen[nt - 1];
	if (g->top % (uint64_t)g->ngrid)
		CHART_FAIL("top %llu in %d steps", (unsigned long long)g->top, g->ngrid);
	g->step = g->top / (uint64_t)g->ngrid;
	uint64_t m = g->step;
	while (m % 10 == 0)
		m /= 10;
	if (m != 1 && m != 2 && m != 25 && m != 5)
		CHART_FAIL("step %llu", (unsigned long long)g->step);
	if (g->top < max || (max > 0 && g->top - g->step >= max) || (max == 0 && g->top != 1))
		CHART_FAIL("top %llu for max %llu", (unsigned long long)g->top, (unsigned long long)max);
	if (g->top > 2 && (g->ngrid < 3 || g->ngrid > 5))
		CHART_FAIL("%d ticks to %llu", g->ngrid + 1, (unsigned long long)g->top);
	for (int k = 0; k < nt; k++)
		if (seen[k] % g->step)
			CHART_FAIL("tick %llu off the steps", (unsigned long long)seen[k]);
	if (!horiz && nt != g->ngrid + 1)
		CHART_FAIL("%d tick labels for %d grid lines", nt, g->ngrid);
	return true;
}

/* A label's horizontal extent [*x0, *x1] by its anchor and width. */
static inline void chart_extent(const struct svg_el *e, double font, double *x0, double *x1)
{
	double x = chart_num(e, "x"), w = chart_est_width(e->text, font);
	const char *a = svg_get(e, "text-anchor");
	if (a && strcmp(a, "end") == 0)
		*x0 = x - w, *x1 = x;
	else if (a && strcmp(a, "middle") == 0)
		*x0 = x - w / 2, *x1 = x + w / 2;
	else
		*x0 = x, *x1 = x + w;
}

/* Every text inside the viewBox; labels of a class in one row never
 * overlapping (sorted by x, as chart.c writes them). */
static inline bool chart_check_texts(const struct svg_doc *d, const struct chart_geom *g, char *why, size_t whyn)
{
	double prev1[2] = {-1, -1};
	static const char *const rows[2] = {"chart-xlabel", "chart-tick"};
	for (int i = 0; i < d->n; i++) {
		const struct svg_el *e = &d->el[i];
		if (strcmp(e->name, "text") != 0)
			continue;
		double font = svg_class(e, "chart-title") ? 16 : 12, x0, x1;
		chart_extent(e, font, &x0, &x1);
		if (svg_get(e, "transform")) { /* the y title, turned: its extent is vertical */
			double y = chart_num(e, "y"), w = chart_est_width(e->text, font);
			x0 = chart_num(e, "x") - font, x1 = chart_num(e, "x");
			if (y - w / 2 < 0 || y + w / 2 > g->h)
				CHART_FAIL("turned text \"%s\" out of the viewBox", e->text);
		}
		if (x0 < -0.05 || x1 > g->w + 0.05)
			CHART_FAIL("text \"%s\" out of the viewBox (%.1f..%.1f)", e->text, x0, x1);
		for (int r = 0; r < 2; r++) {
			if (!svg_class(e, rows[r]) || (r == 1 && chart_num(e, "y") <= g->b + 10))
				continue; /* ticks on a vertical axis stand far apart */
			if (x0 < prev1[r] - 0.15)
				CHART_FAIL("label \"%s\" overlaps the one before", e->text);
			prev1[r] = x1;
		}
	}
	return true;
}

/* The data: one element per point drawn, in order, each with a <title>
 * "LABEL: VALUE" and drawn to scale. */
static inline bool chart_check_data(const struct svg_doc *d, const struct chart_geom *g, char kind,
				    const struct chart_point *p, int np, char *why, size_t whyn)
{
	const char *cls = kind == 'l' ? "chart-dot" : "chart-bar";
	int cap = kind == 'h' ? CHART_MAX_ROWS : CHART_MAX_POINTS, want = np < 0 ? 0 : np > cap ? cap : np;
	const struct chart_point *q = kind == 'h' || np <= cap ? p : p + (np - cap);
	int got = 0;
	double first = 0, last = 0;
	for (int i = 0; i < d->n; i++) {
		const struct svg_el *e = &d->el[i];
		if (!svg_class(e, cls))
			continue;
		if (got == want)
			CHART_FAIL("more than %d data elements", want);
		const struct svg_el *t = i + 1 < d->n && d->el[i + 1].parent == i ? &d->el[i + 1] : NULL;
		char num[32], tail[40];
		snprintf(tail, sizeof tail, ": %s", chart_fmt(num, q[got].value));
		size_t tl = strlen(tail);
		if (!t || strcmp(t->name, "title") != 0 || t->tn < tl || strcmp(t->text + t->tn - tl, tail) != 0)
			CHART_FAIL("point %d: no <title> ending \"%s\"", got, tail);
		double frac = q[got].value <= 0 ? 0 : (double)q[got].value / (double)g->top, size, full;
		if (kind == 'l')
			size = g->b - chart_num(e, "cy"), full = g->b - g->t;
		else if (kind == 'b')
			size = chart_num(e, "height"), full = g->b - g->t;
		else
			size = chart_num(e, "width"), full = g->r - g->l;
		if (size < frac * full - 0.2 || size > frac * full + 0.2)
			CHART_FAIL("point %d drawn %.1f of %.1f for %g", got, size, full, frac);
		double cx = kind == 'l' ? chart_num(e, "cx") : chart_num(e, "x") + chart_num(e, "width") / 2;
		first = got == 0 ? cx : first;
		last = cx;
		got++;
	}
	if (got != want)
		CHART_FAIL("%d data elements, want %d", got, want);
	if (kind == 'h' || want == 0)
		return true;
	/* the first and the last point are labelled */
	int nl = 0;
	double lx0 = -1, lx1 = -1;
	for (int i = 0; i < d->n; i++)
		if (svg_class(&d->el[i], "chart-xlabel")) {
			lx1 = chart_num(&d->el[i], "x");
			lx0 = nl++ ? lx0 : lx1;
		}
	if (nl < (want > 1 ? 2 : 1) || lx0 < first - 0.2 || lx0 > first + 0.2 || lx1 < last - 0.2 || lx1 > last + 0.2)
		CHART_FAIL("x labels: %d, from %.1f to %.1f; points from %.1f to %.1f", nl, lx0, lx1, first, last);
	return true;
}

/* All of chart.h's promises about one chart of `kind` ('l' line, 'b'
 * bars, 'h' horizontal bars) drawn from p[0..np): NULL, or what broke
 * (in why). */
static inline bool chart_check(const char *out, size_t n, char kind, const struct chart_point *p, int np, char *why,
			       size_t whyn)
{
	struct svg_doc d;
	struct chart_geom g = {0};
	bool ok = false;
	uint64_t max = 0;
	np = p ? np : 0;
	int cap = kind == 'h' ? CHART_MAX_ROWS : CHART_MAX_POINTS, from = 0, to = np;
	if (np > cap && kind == 'h')
		to = cap;
	else if (np > cap)
		from = np - cap;
	for (int i = from; i < to; i++)
		if (p[i].value > 0 && (uint64_t)p[i].value > max)
			max = (uint64_t)p[i].value;
	if (svg_parse(&d, out, n) < 0) {
		snprintf(why, whyn, "not well-formed at byte %zu: %s", d.at, d.err);
		svg_free(&d);
		return false;
	}
	ok = d.n > 0 && chart_check_root(&d, &g, why, whyn) && chart_check_coords(&d, &g, why, whyn) &&
	     chart_check_axes(&d, &g, kind == 'h', max, why, whyn) && chart_check_texts(&d, &g, why, whyn) &&
	     chart_check_data(&d, &g, kind, p, np, why, whyn);
	svg_free(&d);
	return ok;
}

#endif
