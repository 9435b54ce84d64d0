/* chart.c: the dashboard's charts as inline SVG (what they draw, and their
 * bounds, are in chart.h).
 *
 * Invariants: every text reaches the output through text_put(), which
 * makes it valid XML text (text_clean) and then escapes it with
 * view_esc_html (escape.c, the one place that escapes); attribute values
 * are numbers printed here or the id, which keeps only [a-z0-9-].  Every
 * coordinate is computed in double from bounded integers (the viewBox,
 * label widths, value / top with top >= 1), so none is NaN or infinite,
 * and printed with "%.1f".  Label widths are estimated (EM_* per
 * character at the font size the SVG sets), and the layout (margins, the
 * thinning of category labels) is made from those estimates. */
#include "chart.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "view.h"

#define FONT 12       /* labels and axis titles, in viewBox units */
#define TITLE_FONT 16 /* the chart's title */
#define EM_NARROW 62   /* estimated width of a character, in 1/100 em */
#define EM_WIDE 100    /* of a wide one (CJK, emoji: U+1100 and up) */
#define GAP 8.0        /* the least room between two labels */

/* Vertical charts (line, bars). */
#define V_HEIGHT 360
#define V_TOP 48
#define V_BOTTOM 56 /* below the plot: labels and the axis title */
/* Horizontal bars. */
#define H_TOP 52
#define H_ROW 24
#define H_BAR 16
#define H_BOTTOM 52

/* The longest texts, in characters. */
#define LEN_TITLE 70
#define LEN_AXIS 60
#define LEN_XLABEL 20
#define LEN_ROWLABEL 32
#define LEN_TIP 80
#define LEN_DESC 300
#define LEN_DESC_LABEL 40
#define LEN_MAX 300 /* the largest of these */
#define EM_ANY 1000000000 /* no limit on the width */

/* ---- text ---- */

/* A text made fit for XML and cut to size. */
struct text {
	char b[LEN_MAX * 4 + 4];
	size_t n;
	int em; /* its estimated width, in 1/100 em */
};

/* The next character of s at *i (moved past it), as XML text may hold
 * it: a byte that starts no valid UTF-8 sequence (overlong forms,
 * surrogates and code points past U+10FFFF included), a control
 * character or U+FFFE/U+FFFF is U+FFFD; tab, CR and LF are a space. */
static uint32_t next_char(str s, size_t *i)
{
	uint32_t c;
	size_t len = str_utf8_at(s, *i, &c);
	if (len == 0) {
		*i += 1;
		return 0xfffd;
	}
	*i += len;
	if (c == '\t' || c == '\n' || c == '\r')
		return ' ';
	if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xfffe || c == 0xffff)
		return 0xfffd;
	return c;
}

static int char_em(uint32_t c)
{
	return c >= 0x1100 ? EM_WIDE : EM_NARROW;
}

static void text_add(struct text *t, uint32_t c)
{
	unsigned char *o = (unsigned char *)t->b + t->n;
	if (c < 0x80) {
		o[0] = (unsigned char)c;
		t->n += 1;
	} else if (c < 0x800) {
		o[0] = (unsigned char)(0xc0 | c >> 6);
		o[1] = (unsigned char)(0x80 | (c & 0x3f));
		t->n += 2;
	} else if (c < 0x10000) {
		o[0] = (unsigned char)(0xe0 | c >> 12);
		o[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (c & 0x3f));
		t->n += 3;
	} else {
		o[0] = (unsigned char)(0xf0 | c >> 18);
		o[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
		o[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		o[3] = (unsigned char)(0x80 | (c & 0x3f));
		t->n += 4;
	}
	t->em += char_em(c);
}

/* t = s made fit for XML (next_char), at most max_chars characters
 * (<= LEN_MAX) and max_em hundredths of an em wide; a text cut short ends
 * in "…" (counted in both).  Looks at no more of s than it needs, however
 * long s is. */
static void text_clean(struct text *t, str s, int max_chars, int max_em)
{
	size_t i = 0;
	int chars = 0, em = 0;
	bool fits = true;
	while (i < s.n && fits) {
		em += char_em(next_char(s, &i));
		fits = ++chars <= max_chars && em <= max_em;
	}
	t->n = 0;
	t->em = 0;
	int keep = fits ? chars : max_chars - 1;
	int budget = fits ? max_em : max_em - char_em(0x2026);
	i = 0;
	for (chars = 0; i < s.n && chars < keep; chars++) {
		size_t j = i;
		uint32_t c = next_char(s, &j);
		if (t->em + char_em(c) > budget)
			break;
		text_add(t, c);
		i = j;
	}
	if (fits)
		return;
	while (t->n && t->b[t->n - 1] == ' ') {
		t->n--;
		t->em -= EM_NARROW;
	}
	text_add(t, 0x2026);
}

/* Appends s as text content, cleaned and cut (text_clean) and escaped. */
static int text_put(buf *out, str s, int max_chars, int max_em)
{
	struct text t;
	text_clean(&t, s, max_chars, max_em);
	return view_esc_html(out, (str){t.b, t.n});
}

/* The width in viewBox units that s takes as a label, once cut. */
static double text_width(str s, int max_chars, int max_em)
{
	struct text t;
	text_clean(&t, s, max_chars, max_em);
	return t.em * FONT / 100.0;
}

/* ---- numbers ---- */

/* The width of a number's text. */
static double num_width(const char *s)
{
	return (double)strlen(s) * EM_NARROW * FONT / 100.0;
}

static uint64_t drawn(int64_t v)
{
	return v < 0 ? 0 : (uint64_t)v;
}

/* The value axis: ticks at 0, step, ... top = n * step. */
struct scale {
	uint64_t step, top;
	int n;
};

/* The smallest step among 1, 2, 2.5 and 5 times a power of ten (whole
 * numbers only: counts) that covers max in at most 5 steps; that takes at
 * least 3 of them (a step 2.5 times smaller would have needed more than 5),
 * except when max is 1 or 2; 0 gives the axis 0..1.  max <= INT64_MAX, so
 * the step is at most 2.5e18 and top at most 1e19: no overflow. */
static struct scale nice_scale(uint64_t max)
{
	if (max <= 2)
		return (struct scale){1, max ? max : 1, max ? (int)max : 1};
	static const uint64_t tenths[] = {10, 20, 25, 50};
	for (uint64_t p = 1;; p *= 10) {
		for (int i = 0; i < 4; i++) {
			if (p == 1 && tenths[i] == 25)
				continue;
			uint64_t step = p == 1 ? tenths[i] / 10 : p / 10 * tenths[i];
			uint64_t n = max / step + (max % step != 0);
			if (n <= 5)
				return (struct scale){step, step * n, (int)n};
		}
	}
}

static uint64_t max_value(const struct chart_point *p, int n)
{
	uint64_t m = 0;
	for (int i = 0; i < n; i++)
		if (drawn(p[i].value) > m)
			m = drawn(p[i].value);
	return m;
}

/* ---- the frame ---- */

/* The points drawn: at most `cap`, the last ones or the first. */
struct series {
	const struct chart_point *p;
	int n, total;
	bool rows; /* horizontal bars: rows, the first kept */
};

static struct series series_of(const struct chart_spec *c, int cap, bool rows)
{
	struct series s = {c->points, c->points && c->n > 0 ? c->n : 0, 0, rows};
	s.total = s.n;
	if (s.n > cap) {
		if (!rows)
			s.p += s.n - cap;
		s.n = cap;
	}
	return s;
}

/* The made-up <desc>: first to last label, highest and latest (rows:
 * lowest) value. */
static int desc_made(buf *out, const struct series *s)
{
	char num[32];
	if (s->n == 0)
		return buf_puts(out, "No data.");
	int hi = 0, lo = 0;
	for (int i = 1; i < s->n; i++) {
		if (s->p[i].value > s->p[hi].value)
			hi = i;
		if (s->p[i].value < s->p[lo].value)
			lo = i;
	}
	text_put(out, s->p[0].label, LEN_DESC_LABEL, EM_ANY);
	if (s->n == 1) {
		buf_puts(out, ": ");
		buf_puts(out, str_thousands(num, s->p[0].value));
		return buf_putc(out, '.');
	}
	buf_puts(out, " to ");
	text_put(out, s->p[s->n - 1].label, LEN_DESC_LABEL, EM_ANY);
	buf_printf(out, ": highest %s (", str_thousands(num, s->p[hi].value));
	text_put(out, s->p[hi].label, LEN_DESC_LABEL, EM_ANY);
	if (s->rows) {
		buf_printf(out, "), lowest %s (", str_thousands(num, s->p[lo].value));
		text_put(out, s->p[lo].label, LEN_DESC_LABEL, EM_ANY);
		return buf_puts(out, ").");
	}
	return buf_printf(out, "), latest %s.", str_thousands(num, s->p[s->n - 1].value));
}

/* Opens the <svg> and writes its <title>, <desc> and visible title. */
static int svg_open(buf *out, const struct chart_spec *c, const struct series *s, const char *kind, int h)
{
	char id[41], num[32];
	size_t n = 0;
	for (const char *q = c->id ? c->id : ""; *q && n < sizeof id - 1; q++)
		if ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-')
			id[n++] = *q;
	if (n == 0)
		n = (size_t)snprintf(id, sizeof id, "chart");
	id[n] = '\0';
	str sid = {id, n};
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-type-%s\" width=\"%d\" height=\"%d\" "
			"viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"", kind, CHART_WIDTH, h, CHART_WIDTH, h);
	view_esc_attr(out, sid);
	buf_puts(out, "-title ");
	view_esc_attr(out, sid);
	buf_printf(out, "-desc\" font-size=\"%d\">\n<title id=\"", FONT);
	view_esc_attr(out, sid);
	buf_puts(out, "-title\">");
	text_put(out, c->title, LEN_TITLE, EM_ANY);
	buf_puts(out, "</title>\n<desc id=\"");
	view_esc_attr(out, sid);
	buf_puts(out, "-desc\">");
	if (c->desc.n)
		text_put(out, c->desc, LEN_DESC, EM_ANY);
	else
		desc_made(out, s);
	if (s->n < s->total)
		buf_printf(out, " Only the %s %d of %s %s are drawn.", s->rows ? "first" : "last", s->n,
			   str_thousands(num, s->total), s->rows ? "rows" : "points");
	buf_printf(out, "</desc>\n<text class=\"chart-title\" x=\"12\" y=\"26\" font-size=\"%d\" font-weight=\"600\">",
		   TITLE_FONT);
	text_put(out, c->title, LEN_TITLE, (CHART_WIDTH - 24) * 100 / TITLE_FONT);
	return buf_puts(out, "</text>\n");
}

/* One <title> "LABEL: VALUE" (inside a point's or a bar's element). */
static int tip(buf *out, const struct chart_point *p)
{
	char num[32];
	buf_puts(out, "<title>");
	text_put(out, p->label, LEN_TIP, EM_ANY);
	return buf_printf(out, ": %s</title>", str_thousands(num, p->value));
}

/* A <text> of class `cls` at (x, y) with anchor `anchor`. */
static int label_at(buf *out, const char *cls, double x, double y, const char *anchor, str s, int max_chars,
		    int max_em)
{
	buf_printf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", cls, x, y, anchor);
	text_put(out, s, max_chars, max_em);
	return buf_puts(out, "</text>\n");
}

static int label_num(buf *out, const char *cls, double x, double y, const char *anchor, const char *num)
{
	return buf_printf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", cls, x,
			  y, anchor, num);
}

static int hline(buf *out, const char *cls, double x1, double x2, double y)
{
	return buf_printf(out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", cls, x1, y,
			  x2, y);
}

static int vline(buf *out, const char *cls, double x, double y1, double y2)
{
	return buf_printf(out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", cls, x, y1,
			  x, y2);
}

/* Every k-th of n labels, spaced dx apart, with the first and the last,
 * such that no two are nearer than `need` (the widest label and a gap):
 * k = ceil(need / dx), and the last multiple of k before the last label
 * is dropped when it is nearer than k steps to it.  The first and the
 * last are always a whole plot width (less a band) apart, far more than
 * the widest label needs. */
static int thin_step(double need, double dx)
{
	if (dx <= 0)
		return 1;
	int k = (int)(need / dx);
	if ((double)k * dx < need)
		k++;
	return k < 1 ? 1 : k;
}

static bool thin_shown(int i, int n, int k)
{
	return i == 0 || i == n - 1 || (i % k == 0 && n - 1 - i >= k);
}

/* ---- vertical charts: line and bars ---- */

struct vframe {
	double l, r, t, b;
	struct scale sc;
	bool bars;
	int lab_chars, lab_em; /* how long an x label may be (text_clean) */
};

static struct vframe vframe_of(const struct series *s, bool bars)
{
	struct vframe f = {.t = V_TOP, .b = V_HEIGHT - V_BOTTOM, .bars = bars, .lab_chars = LEN_XLABEL, .lab_em = EM_ANY};
	f.sc = nice_scale(max_value(s->p, s->n));
	char num[32];
	/* Room for the rotated y title (about x = 5..19) and the tick labels. */
	f.l = 28 + num_width(str_thousands_u(num, f.sc.top, false));
	f.r = CHART_WIDTH - 16;
	if (s->n == 0)
		return f;
	/* Bars in bands wide enough for 20 characters, or a few bars in bands
	 * for 8: their labels may fill the band (to LEN_ROWLABEL), so that each
	 * bar keeps its label, cut if need be, where a long series is thinned. */
	double room = (f.r - f.l) / s->n - GAP, ch = EM_NARROW * FONT / 100.0;
	if (bars && (room >= LEN_XLABEL * ch || (s->n <= 12 && room >= 8 * ch))) {
		f.lab_chars = LEN_ROWLABEL;
		f.lab_em = (int)(room * 100 / FONT);
	}
	/* The first and last labels are centred on their points: on the plot's
	 * edges for a line, half a band (h of the width) in for bars.  Widen
	 * the margins until they fit: first centre l + (r - l) h >= A, last
	 * centre r - (r - l) h <= W - B; h <= 1/4 when they differ, so this
	 * settles within a few rounds (the last one only ever narrows). */
	double a = text_width(s->p[0].label, f.lab_chars, f.lab_em) / 2 + 4;
	double b = text_width(s->p[s->n - 1].label, f.lab_chars, f.lab_em) / 2 + 4;
	double h = bars ? 0.5 / s->n : 0;
	for (int round = 0; round < 4; round++) {
		if (f.l + (f.r - f.l) * h < a)
			f.l = (a - f.r * h) / (1 - h);
		if (f.r - (f.r - f.l) * h > CHART_WIDTH - b)
			f.r = (CHART_WIDTH - b - f.l * h) / (1 - h);
	}
	return f;
}

/* The x of point i: on a line, from edge to edge; bars, a band's middle. */
static double vframe_x(const struct vframe *f, int i, int n)
{
	if (f->bars)
		return f->l + (i + 0.5) * (f->r - f->l) / n;
	return n == 1 ? (f->l + f->r) / 2 : f->l + i * (f->r - f->l) / (n - 1);
}

static double vframe_y(const struct vframe *f, int64_t v)
{
	return f->b - (double)drawn(v) / (double)f->sc.top * (f->b - f->t);
}

/* Grid lines and labels at each tick, the axes and their titles, the x
 * labels thinned; the data comes between the grid and the axes. */
static int vframe_grid(buf *out, const struct vframe *f)
{
	char num[32];
	for (int i = 0; i <= f->sc.n; i++) {
		uint64_t v = f->sc.step * (uint64_t)i;
		double y = f->b - (double)v / (double)f->sc.top * (f->b - f->t);
		if (i)
			hline(out, "chart-grid", f->l, f->r, y);
		label_num(out, "chart-label chart-tick", f->l - 6, y + 4, "end", str_thousands_u(num, v, false));
	}
	return out->err ? -1 : 0;
}

static int vframe_axes(buf *out, const struct vframe *f, const struct chart_spec *c, const struct series *s)
{
	hline(out, "chart-axis", f->l, f->r, f->b);
	vline(out, "chart-axis", f->l, f->t, f->b);
	double need = 0;
	for (int i = 0; i < s->n; i++) {
		double w = text_width(s->p[i].label, f->lab_chars, f->lab_em);
		need = w > need ? w : need;
	}
	double dx = s->n > 1 ? vframe_x(f, 1, s->n) - vframe_x(f, 0, s->n) : 0;
	int k = thin_step(need + GAP, dx);
	for (int i = 0; i < s->n; i++)
		if (thin_shown(i, s->n, k))
			label_at(out, "chart-label chart-xlabel", vframe_x(f, i, s->n), f->b + 18, "middle",
				 s->p[i].label, f->lab_chars, f->lab_em);
	if (s->n == 0)
		label_at(out, "chart-label", (f->l + f->r) / 2, (f->t + f->b) / 2, "middle", S("No data"), 10,
			 EM_ANY);
	label_at(out, "chart-label chart-axis-title", (f->l + f->r) / 2, V_HEIGHT - 12, "middle", c->x_title,
		 LEN_AXIS, (int)((f->r - f->l) * 100 / FONT));
	double ym = (f->t + f->b) / 2;
	buf_printf(out, "<text class=\"chart-label chart-axis-title\" x=\"16\" y=\"%.1f\" text-anchor=\"middle\" "
			"transform=\"rotate(-90 16 %.1f)\">", ym, ym);
	text_put(out, c->y_title, LEN_AXIS, (int)((f->b - f->t) * 100 / FONT));
	buf_puts(out, "</text>\n</svg>\n");
	return out->err ? -1 : 0;
}

int chart_line(buf *out, const struct chart_spec *c)
{
	struct series s = series_of(c, CHART_MAX_POINTS, false);
	struct vframe f = vframe_of(&s, false);
	svg_open(out, c, &s, "line", V_HEIGHT);
	vframe_grid(out, &f);
	if (s.n > 1) {
		buf_puts(out, "<polyline class=\"chart-line\" fill=\"none\" points=\"");
		for (int i = 0; i < s.n; i++)
			buf_printf(out, "%s%.1f,%.1f", i ? " " : "", vframe_x(&f, i, s.n), vframe_y(&f, s.p[i].value));
		buf_puts(out, "\"/>\n");
	}
	double dx = s.n > 1 ? vframe_x(&f, 1, s.n) - vframe_x(&f, 0, s.n) : 100;
	double r = dx >= 9 ? 3 : dx >= 4 ? 2 : 1.5;
	for (int i = 0; i < s.n; i++) {
		buf_printf(out, "<circle class=\"chart-dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\">", vframe_x(&f, i, s.n),
			   vframe_y(&f, s.p[i].value), r);
		tip(out, &s.p[i]);
		buf_puts(out, "</circle>\n");
	}
	return vframe_axes(out, &f, c, &s);
}

int chart_bars(buf *out, const struct chart_spec *c)
{
	struct series s = series_of(c, CHART_MAX_POINTS, false);
	struct vframe f = vframe_of(&s, true);
	svg_open(out, c, &s, "bars", V_HEIGHT);
	vframe_grid(out, &f);
	double band = s.n ? (f.r - f.l) / s.n : 0;
	for (int i = 0; i < s.n; i++) {
		double y = vframe_y(&f, s.p[i].value);
		buf_printf(out, "<rect class=\"chart-bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
			   f.l + i * band + band * 0.15, y, band * 0.7, f.b - y);
		tip(out, &s.p[i]);
		buf_puts(out, "</rect>\n");
	}
	return vframe_axes(out, &f, c, &s);
}

/* ---- horizontal bars ---- */

struct hframe {
	double l, r, t, b;
	int h;
	struct scale sc;
};

/* The label column fits the widest label and x_title; the right margin
 * the widest value written after its bar and half the top tick's label. */
static struct hframe hframe_of(const struct chart_spec *c, const struct series *s)
{
	struct hframe f = {.t = H_TOP};
	f.b = f.t + H_ROW * (s->n ? s->n : 1);
	f.h = (int)f.b + H_BOTTOM;
	f.sc = nice_scale(max_value(s->p, s->n));
	double labw = text_width(c->x_title, LEN_ROWLABEL, LEN_ROWLABEL * EM_NARROW), valw = 0;
	char num[32];
	for (int i = 0; i < s->n; i++) {
		double w = text_width(s->p[i].label, LEN_ROWLABEL, LEN_ROWLABEL * EM_NARROW);
		labw = w > labw ? w : labw;
		w = num_width(str_thousands(num, s->p[i].value));
		valw = w > valw ? w : valw;
	}
	f.l = 20 + labw;
	double tick = num_width(str_thousands_u(num, f.sc.top, false)) / 2 + 8;
	f.r = CHART_WIDTH - (14 + valw > tick ? 14 + valw : tick);
	return f;
}

static int hframe_grid(buf *out, const struct hframe *f)
{
	char num[32], top[32];
	double need = num_width(str_thousands_u(top, f->sc.top, false)) + GAP;
	int k = thin_step(need, (f->r - f->l) / f->sc.n);
	for (int i = 0; i <= f->sc.n; i++) {
		uint64_t v = f->sc.step * (uint64_t)i;
		double x = f->l + (double)v / (double)f->sc.top * (f->r - f->l);
		if (i)
			vline(out, "chart-grid", x, f->t, f->b);
		if (thin_shown(i, f->sc.n + 1, k))
			label_num(out, "chart-label chart-tick", x, f->b + 18, "middle", str_thousands_u(num, v, false));
	}
	return out->err ? -1 : 0;
}

int chart_hbars(buf *out, const struct chart_spec *c)
{
	struct series s = series_of(c, CHART_MAX_ROWS, true);
	struct hframe f = hframe_of(c, &s);
	char num[32];
	svg_open(out, c, &s, "hbars", f.h);
	hframe_grid(out, &f);
	for (int i = 0; i < s.n; i++) {
		double y = f.t + i * H_ROW, w = (double)drawn(s.p[i].value) / (double)f.sc.top * (f.r - f.l);
		buf_printf(out, "<rect class=\"chart-bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\">", f.l,
			   y + (H_ROW - H_BAR) / 2.0, w, H_BAR);
		tip(out, &s.p[i]);
		buf_puts(out, "</rect>\n");
		label_at(out, "chart-label chart-ylabel", f.l - 8, y + H_ROW / 2.0 + 4, "end", s.p[i].label,
			 LEN_ROWLABEL, LEN_ROWLABEL * EM_NARROW);
		label_num(out, "chart-label chart-value", f.l + w + 6, y + H_ROW / 2.0 + 4, "start",
			  str_thousands(num, s.p[i].value));
	}
	if (s.n == 0)
		label_at(out, "chart-label", (f.l + f.r) / 2, f.t + H_ROW / 2.0 + 4, "middle", S("No data"), 10, EM_ANY);
	hline(out, "chart-axis", f.l, f.r, f.b);
	vline(out, "chart-axis", f.l, f.t, f.b);
	label_at(out, "chart-label chart-axis-title", f.l - 8, f.t - 8, "end", c->x_title, LEN_ROWLABEL,
		 LEN_ROWLABEL * EM_NARROW);
	label_at(out, "chart-label chart-axis-title", (f.l + f.r) / 2, f.b + 40, "middle", c->y_title, LEN_AXIS,
		 (int)((f.r - f.l) * 100 / FONT));
	buf_puts(out, "</svg>\n");
	return out->err ? -1 : 0;
}
