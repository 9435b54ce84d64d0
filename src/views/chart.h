/* chart.h: charts drawn by the server as inline SVG (the editors'
 * dashboard, issue 10): a line chart for time series, vertical bars for a
 * few periods or categories, horizontal bars for long labels.
 *
 * Each function appends one complete <svg> element, well-formed as XML
 * and as HTML5 foreign content: xmlns, a viewBox 720 units wide, role="img"
 * and aria-labelledby naming its <title> and <desc>; a visible title, axes,
 * "nice" value ticks (1, 2, 2.5 or 5 times a power of ten; 4 to 6 of them,
 * the top one at or above the highest value, fewer only when the highest
 * value is 1 or 2; all zeros or no data give a 0..1 axis), thousands
 * written with commas, category labels thinned so that they never overlap
 * (always the first and the last), axis titles, and the data, each point
 * or bar with a <title> "LABEL: VALUE" for hover and screen readers.  No
 * script, no external resource, all text as <text>; colours come from the
 * CSS classes chart (the root, with chart-type-line, -bars or -hbars),
 * chart-title, chart-label, chart-axis, chart-grid, chart-line, chart-dot
 * and chart-bar (static/style.css), sizes and positions from the SVG
 * itself, since the label layout depends on them.
 *
 * Every text (title, desc, axis titles, labels) goes through the escaping
 * of src/views/escape.c after being made safe for XML: invalid UTF-8 and
 * control characters become U+FFFD (tab, CR and LF a space), and it is
 * cut to a length that fits where it is drawn (whole characters, never
 * part of a UTF-8 sequence, "…" marking the cut).  Coordinates have at
 * most one decimal and always lie inside the viewBox.
 *
 * Bounds: line and vertical-bar charts draw at most CHART_MAX_POINTS
 * points, the LAST ones (a time series keeps its newest part); horizontal
 * bars draw at most CHART_MAX_ROWS rows, the FIRST ones (callers sort the
 * biggest first).  What is left out is said in the <desc>.  A negative
 * value is drawn as 0 (its <title> still says what it was); a negative n,
 * or points NULL, is no data.  The output is linear in the points drawn
 * (a few hundred bytes each). */
#ifndef ROUNDS_CHART_H
#define ROUNDS_CHART_H

#include <stdint.h>

#include "../core/str.h"

#define CHART_WIDTH 720
#define CHART_MAX_POINTS 1000
#define CHART_MAX_ROWS 100

struct chart_point {
	str label;     /* e.g. "2 Nov", "Nov 2025", "GB" */
	int64_t value; /* a count, >= 0 */
};

struct chart_spec {
	/* Unique within the page, [a-z0-9-]: prefixes the ids of the SVG's
	 * <title> and <desc> (ID-title, ID-desc).  Other bytes are dropped,
	 * and at most 40 kept; NULL or nothing left gives "chart". */
	const char *id;
	str title; /* drawn at the top, and the chart's accessible name */
	/* One sentence saying what it shows, for the <desc>.  Empty: one is
	 * made from the data (first and last label, highest and latest value;
	 * for horizontal bars, highest and lowest). */
	str desc;
	/* Axis titles.  x_title names the labels and y_title the values,
	 * whichever way the chart runs: horizontal bars draw x_title above the
	 * column of labels and y_title under the value axis. */
	str x_title, y_title;
	const struct chart_point *points;
	int n;
};

/* A line chart (time series): a polyline with a small marker per point.
 * Appends to `out`; returns 0, or -1 when the buffer fails (out->err). */
int chart_line(buf *out, const struct chart_spec *c);

/* A vertical bar chart (weeks, months, a few categories).  As chart_line. */
int chart_bars(buf *out, const struct chart_spec *c);

/* Horizontal bars, each label at the left and its value at the bar's end
 * (countries, specialties: long labels, up to about 20 rows); the height
 * grows with the rows.  As chart_line. */
int chart_hbars(buf *out, const struct chart_spec *c);

#endif
