/* fuzz_chart.c: libFuzzer target for the dashboard's SVG charts
 * (src/views/chart.c).  The input makes a chart_spec: a flags byte and a
 * count byte, then five strings (title, desc, x_title, y_title, id), each
 * a length byte and that many bytes, then points until the input ends,
 * each a label (length byte and bytes) and a value (a kind byte, and for
 * some kinds 8 bytes more).  The points may be repeated round to a count
 * past the charts' bounds.  Each chart chosen is drawn and held to every
 * invariant of tests/unit/svg_check.h (well-formed XML with one <svg>
 * root, ids, coordinates, nice ticks, labels that fit and never overlap,
 * one element per point with its "LABEL: VALUE" title); a broken one
 * traps, printing what broke. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/svg_check.h"
#include "core/arena.h"
#include "core/str.h"
#include "views/chart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_POINTS 1300

struct input {
	const uint8_t *p;
	size_t n, i;
};

static str take_str(struct input *in)
{
	if (in->i >= in->n)
		return STR_NULL;
	size_t len = in->p[in->i++];
	if (len > in->n - in->i)
		len = in->n - in->i;
	str s = {(const char *)in->p + in->i, len};
	in->i += len;
	return s;
}

static int64_t take_value(struct input *in)
{
	if (in->i >= in->n)
		return 0;
	uint8_t k = in->p[in->i++];
	switch (k & 3) {
	case 0:
		return k >> 2;
	case 1: {
		uint64_t v = 0;
		for (int b = 0; b < 8 && in->i < in->n; b++)
			v = v << 8 | in->p[in->i++];
		return (int64_t)v;
	}
	case 2:
		return -(int64_t)(k >> 2);
	default:
		return INT64_MAX - (k >> 2);
	}
}

static void check(char kind, int (*fn)(buf *, const struct chart_spec *), const struct chart_spec *c)
{
	arena *a = arena_new(64u << 20);
	if (!a)
		return;
	buf b;
	buf_init(&b, a);
	char why[256];
	if (fn(&b, c) < 0 || b.err)
		__builtin_trap(); /* 64 MiB is far more than any chart here takes */
	if (!chart_check(b.p, b.n, kind, c->points, c->n, why, sizeof why)) {
		fprintf(stderr, "chart %c, %d points: %s\n", kind, c->n, why);
		__builtin_trap();
	}
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	struct input in = {data, size, 2};
	uint8_t flags = data[0], count = data[1];
	struct chart_spec c = {0};
	c.title = take_str(&in);
	c.desc = take_str(&in);
	c.x_title = take_str(&in);
	c.y_title = take_str(&in);
	str id = take_str(&in);
	char idz[64];
	snprintf(idz, sizeof idz, "%.*s", (int)(id.n < 63 ? id.n : 63), id.p ? id.p : "");
	c.id = (flags & 16) ? NULL : idz;
	static struct chart_point pts[MAX_POINTS];
	int n = 0;
	while (in.i < in.n && n < MAX_POINTS) {
		pts[n].label = take_str(&in);
		pts[n].value = take_value(&in);
		n++;
	}
	/* flags & 8: repeat the points round to 1 + count * 5 of them */
	int want = 1 + count * 5;
	if ((flags & 8) && n > 0)
		for (int i = n; i < want && i < MAX_POINTS; i++)
			pts[i] = pts[i % n];
	if ((flags & 8) && n > 0)
		n = want < MAX_POINTS ? want : MAX_POINTS;
	c.points = (flags & 32) ? NULL : pts;
	c.n = (flags & 64) ? -n : n;
	if ((flags & 3) == 0 || (flags & 3) == 3)
		check('l', chart_line, &c);
	if ((flags & 3) == 1 || (flags & 3) == 3)
		check('b', chart_bars, &c);
	if ((flags & 3) >= 2)
		check('h', chart_hbars, &c);
	return 0;
}
