/* dashboard.c: the editors' dashboard (issue 10): /editor/dashboard, its
 * charts' CSV downloads /editor/dashboard/NAME.csv, and the same figures
 * as JSON at /api/v1/editor/dashboard.  Editors only (ACT_DASHBOARD: the
 * dispatcher answers 404 to anyone else).
 *
 * Invariants: one function (gather) reads every figure once per request,
 * after handing this node's page views to the store, and the page, the
 * CSV and the JSON are three renderings of what it gathered, so they
 * cannot disagree; each chart's table rows are its points, in order.
 * Series over time are complete: a day, week or month with nothing is a
 * zero, not a gap.  Every label goes through the views' escaping (the
 * charts are drawn by src/views/chart.c). */
#include <stdlib.h>
#include <time.h>

#include "pages.h"

#include "../http/pageviews.h"
#include "../text/country.h"
#include "../text/csv.h"
#include "../views/chart.h"
#include "views_gen.h"

enum {
	DAYS = 90,        /* page views per day */
	MONTHS = 24,      /* per month, and verified doctors */
	SECTION_DAYS = 30, /* views by section */
	WEEKS = 52,       /* new members */
	TOP = 10,         /* top topics, posts, items */
	CATEGORIES = 15,  /* countries and specialties shown; the rest as one */
};

enum chart_type { LINE, BARS, HBARS };

/* One chart: its points (short labels, for the drawing) and the same
 * rows with full labels (ISO dates, for the table, the CSV and JSON). */
struct series {
	const char *name, *title, *x_title, *y_title, *json_key;
	enum chart_type type;
	struct chart_point *points;
	str *full; /* full[i]: row i's label in the table and the CSV */
	int n;
};

enum series_id {
	S_VIEWS_DAILY,
	S_READERS_DAILY,
	S_VIEWS_MONTHLY,
	S_VIEWS_SECTIONS,
	S_MEMBERS_TYPE,
	S_MEMBERS_COUNTRY,
	S_MEMBERS_SPECIALTY,
	S_VERIFIED,
	S_JOINED,
	S_MAX
};

static const struct series spec[S_MAX] = {
	[S_VIEWS_DAILY] = {"views-daily", "Page views per day", "Day", "Page views", "date", LINE, 0, 0, 0},
	[S_READERS_DAILY] = {"readers-daily", "Signed-in readers per day", "Day", "Readers", "date", LINE, 0, 0, 0},
	[S_VIEWS_MONTHLY] = {"views-monthly", "Page views per month", "Month", "Page views", "month", BARS, 0, 0, 0},
	[S_VIEWS_SECTIONS] = {"views-sections", "Page views by section, last 30 days", "Section", "Page views",
			      "section", HBARS, 0, 0, 0},
	[S_MEMBERS_TYPE] = {"members-type", "Members by type", "Type", "Members", "type", BARS, 0, 0, 0},
	[S_MEMBERS_COUNTRY] = {"members-country", "Members by country", "Country", "Members", "country", HBARS, 0, 0,
			       0},
	[S_MEMBERS_SPECIALTY] = {"members-specialty", "Members by specialty", "Specialty", "Members", "specialty",
				 HBARS, 0, 0, 0},
	[S_VERIFIED] = {"verified-monthly", "Verified doctors", "Month", "Verified doctors", "month", LINE, 0, 0, 0},
	[S_JOINED] = {"joined-weekly", "New members per week", "Week starting", "New members", "week", BARS, 0, 0, 0},
};

/* The sections' names as editors read them, by pageviews' bucket order. */
static const struct {
	const char *bucket, *label;
} section_labels[] = {
	{"home", "Home"},
	{"forums", "Forum lists"},
	{"forums:open_clinical", "Open clinical forums"},
	{"forums:closed_clinical", "Closed clinical forums"},
	{"forums:off_duty", "Off duty"},
	{"blogs", "Blogs"},
	{"library", "Library"},
	{"groups", "Private groups"},
	{"profiles", "Profiles"},
	{"other", "Other pages"},
};

static const char *const type_labels[][2] = {
	{"doctor", "Doctors"},
	{"student", "Students"},
	{"hcp", "Health professionals"},
};

struct top_item {
	str title, href;
	int64_t views;
};
struct top_list {
	struct top_item *items;
	int n;
};

struct dash {
	int64_t today, month; /* day numbers: today, and this month's first day */
	struct series s[S_MAX];
	struct store_dash_pending pending;
	struct top_list top[STORE_VIEW_KIND_MAX];
};

/* ---- Days, weeks and months -------------------------------------------- */

static struct tm day_tm(int64_t day)
{
	time_t t = (time_t)(day * 86400);
	struct tm tm = {0};
	gmtime_r(&t, &tm);
	return tm;
}

static int64_t tm_day(struct tm *tm)
{
	return (int64_t)timegm(tm) / 86400;
}

/* The first day of the month `back` months before day's. */
static int64_t month_start(int64_t day, int back)
{
	struct tm tm = day_tm(day);
	tm.tm_mday = 1;
	tm.tm_mon -= back;
	return tm_day(&tm);
}

/* How a day is written: ISO (2026-11-03), its month in ISO (2026-11),
 * short (3 Nov), a month (Nov 2026), a long month (November 2026), long
 * (3 November 2026). */
enum day_style { ISO_DAY, ISO_MONTH, SHORT_DAY, SHORT_MONTH, LONG_MONTH, LONG_DAY };

/* Day in a style, into the arena: "" when it cannot. */
static str day_fmt(arena *a, int64_t day, enum day_style style)
{
	struct tm tm = day_tm(day);
	char b[40];
	size_t n = 0;
	switch (style) {
	case ISO_DAY:
		n = strftime(b, sizeof b, "%Y-%m-%d", &tm);
		break;
	case ISO_MONTH:
		n = strftime(b, sizeof b, "%Y-%m", &tm);
		break;
	case SHORT_DAY:
		n = strftime(b, sizeof b, "%e %b", &tm);
		break;
	case SHORT_MONTH:
		n = strftime(b, sizeof b, "%b %Y", &tm);
		break;
	case LONG_MONTH:
		n = strftime(b, sizeof b, "%B %Y", &tm);
		break;
	case LONG_DAY:
		n = strftime(b, sizeof b, "%e %B %Y", &tm);
		break;
	}
	const char *p = b;
	while (n && *p == ' ') /* "%e" pads a one-digit day */
		p++, n--;
	char *out = n ? arena_strndup(a, p, n) : NULL;
	return out ? (str){out, n} : S("");
}

/* ---- Gathering ----------------------------------------------------------- */

static int series_alloc(arena *a, struct series *s, int id, int n)
{
	*s = spec[id];
	s->n = n;
	s->points = n ? arena_alloc(a, (size_t)n * sizeof *s->points) : NULL;
	s->full = n ? arena_alloc(a, (size_t)n * sizeof *s->full) : NULL;
	if (n && (!s->points || !s->full))
		return STORE_ERR;
	for (int i = 0; i < n; i++)
		s->points[i] = (struct chart_point){S(""), 0};
	return 0;
}

/* Views and readers per day for the last DAYS days; views per month for
 * the last MONTHS months. */
static int gather_views(store *st, arena *a, struct dash *d)
{
	int64_t from_month = month_start(d->today, MONTHS - 1), from_day = d->today - (DAYS - 1);
	int64_t from = from_month < from_day ? from_month : from_day;
	struct store_views_day_list l;
	int rc = store_views_days(st, a, from, d->today, &l);
	if (rc)
		return rc;
	struct series *vd = &d->s[S_VIEWS_DAILY], *rd = &d->s[S_READERS_DAILY], *vm = &d->s[S_VIEWS_MONTHLY];
	if (series_alloc(a, vd, S_VIEWS_DAILY, DAYS) || series_alloc(a, rd, S_READERS_DAILY, DAYS) ||
	    series_alloc(a, vm, S_VIEWS_MONTHLY, MONTHS))
		return STORE_ERR;
	int64_t firsts[MONTHS + 1];
	for (int m = 0; m < MONTHS; m++) {
		firsts[m] = month_start(d->today, MONTHS - 1 - m);
		vm->points[m].label = day_fmt(a, firsts[m], SHORT_MONTH);
		vm->full[m] = day_fmt(a, firsts[m], ISO_MONTH);
	}
	firsts[MONTHS] = d->today + 1;
	for (int i = 0; i < DAYS; i++) {
		int64_t day = from_day + i;
		vd->points[i].label = rd->points[i].label = day_fmt(a, day, SHORT_DAY);
		vd->full[i] = rd->full[i] = day_fmt(a, day, ISO_DAY);
	}
	for (int i = 0; i < l.n; i++) {
		const struct store_views_day *v = &l.items[i];
		if (v->day >= from_day && v->day <= d->today) {
			vd->points[v->day - from_day].value = v->views;
			rd->points[v->day - from_day].value = v->readers;
		}
		for (int m = 0; m < MONTHS; m++)
			if (v->day >= firsts[m] && v->day < firsts[m + 1])
				vm->points[m].value += v->views;
	}
	return 0;
}

/* Views by section over the last SECTION_DAYS days, every section shown. */
static int gather_sections(store *st, arena *a, struct dash *d)
{
	struct store_views_bucket_list l;
	int rc = store_views_buckets(st, a, d->today - (SECTION_DAYS - 1), d->today, &l);
	if (rc)
		return rc;
	int n = (int)(sizeof section_labels / sizeof *section_labels);
	struct series *s = &d->s[S_VIEWS_SECTIONS];
	if (series_alloc(a, s, S_VIEWS_SECTIONS, n))
		return STORE_ERR;
	for (int i = 0; i < n; i++) {
		s->points[i].label = str_c(section_labels[i].label);
		s->full[i] = str_c(section_labels[i].bucket);
	}
	for (int k = 0; k < l.n; k++)
		for (int i = 0; i < n; i++)
			if (str_eqc(l.items[k].bucket, section_labels[i].bucket))
				s->points[i].value += l.items[k].views;
	return 0;
}

static str type_label(str key)
{
	for (size_t i = 0; i < sizeof type_labels / sizeof *type_labels; i++)
		if (str_eqc(key, type_labels[i][0]))
			return str_c(type_labels[i][1]);
	return key;
}

/* A count list as a series: the first CATEGORIES, then the rest as one
 * row named `rest` (only when there is a rest). */
static int counts_series(arena *a, struct series *s, int id, const struct store_dash_count_list *l, int keep,
			 str (*label)(str key), const char *rest)
{
	int n = l->n > keep ? keep + 1 : l->n;
	if (series_alloc(a, s, id, n))
		return STORE_ERR;
	for (int i = 0; i < l->n; i++) {
		int at = i < keep ? i : keep;
		if (i <= keep) {
			s->full[at] = i < keep ? l->items[i].key : str_c(rest);
			s->points[at].label = i < keep ? label(l->items[i].key) : str_c(rest);
		}
		s->points[at].value += l->items[i].n;
	}
	return 0;
}

static str country_label(str code)
{
	if (!code.n)
		return S("Not given");
	const char *name = country_name(code);
	return name && *name ? str_c(name) : code;
}

static str specialty_label(str stored)
{
	return stored.n ? page_reference_name(false, stored) : S("Not given");
}

static int gather_members(store *st, arena *a, struct dash *d)
{
	struct store_dash_count_list type, country, specialty;
	int rc = store_dash_members(st, a, &type, &country, &specialty);
	if (rc)
		return rc;
	if (counts_series(a, &d->s[S_MEMBERS_TYPE], S_MEMBERS_TYPE, &type, 8, type_label, "Other") ||
	    counts_series(a, &d->s[S_MEMBERS_COUNTRY], S_MEMBERS_COUNTRY, &country, CATEGORIES, country_label,
			  "Other countries") ||
	    counts_series(a, &d->s[S_MEMBERS_SPECIALTY], S_MEMBERS_SPECIALTY, &specialty, CATEGORIES,
			  specialty_label, "Other specialties"))
		return STORE_ERR;
	/* Verified doctors at the end of each of the last MONTHS months. */
	struct store_dash_point_list v;
	int64_t first = month_start(d->today, MONTHS - 1);
	if ((rc = store_dash_verified(st, a, first, d->today, &v)))
		return rc;
	struct series *vs = &d->s[S_VERIFIED];
	if (series_alloc(a, vs, S_VERIFIED, MONTHS))
		return STORE_ERR;
	for (int m = 0; m < MONTHS; m++) {
		int64_t day = month_start(d->today, MONTHS - 1 - m);
		vs->points[m].label = day_fmt(a, day, SHORT_MONTH);
		vs->full[m] = day_fmt(a, day, ISO_MONTH);
		for (int i = 0; i < v.n; i++)
			if (v.items[i].day == day)
				vs->points[m].value = v.items[i].n;
	}
	/* New members per week, Monday to Sunday, the last WEEKS weeks. */
	int64_t monday = d->today - ((d->today + 3) % 7), from = monday - 7 * (WEEKS - 1);
	struct store_dash_point_list j;
	if ((rc = store_dash_joined(st, a, from, monday, &j)))
		return rc;
	struct series *js = &d->s[S_JOINED];
	if (series_alloc(a, js, S_JOINED, WEEKS))
		return STORE_ERR;
	for (int w = 0; w < WEEKS; w++) {
		int64_t day = from + 7 * w;
		js->points[w].label = day_fmt(a, day, SHORT_DAY);
		js->full[w] = day_fmt(a, day, ISO_DAY);
	}
	for (int i = 0; i < j.n; i++) {
		int64_t w = (j.items[i].day - from) / 7;
		if (j.items[i].day >= from && w < WEEKS)
			js->points[w].value += j.items[i].n;
	}
	return 0;
}

/* The page's path of a top item. */
static str top_href(http_req *r, const struct store_views_top *t)
{
	buf b;
	buf_init(&b, r->a);
	switch (t->kind) {
	case STORE_VIEW_TOPIC:
		buf_printf(&b, "/t/%lld", (long long)t->id);
		break;
	case STORE_VIEW_BLOG_POST:
		buf_puts(&b, "/b/");
		buf_str(&b, t->href_part);
		break;
	case STORE_VIEW_LIBRARY_ITEM:
		buf_puts(&b, "/library/");
		buf_str(&b, t->href_part);
		break;
	default:
		break;
	}
	return b.err ? S("") : buf_slice(&b);
}

static int gather_top(http_req *r, struct dash *d)
{
	for (int k = 0; k < STORE_VIEW_KIND_MAX; k++) {
		struct store_views_top_list l;
		int rc = store_views_top(http_store(r), r->a, (enum store_view_kind)k, d->month, TOP, &l);
		if (rc)
			return rc;
		struct top_list *t = &d->top[k];
		t->items = l.n ? arena_alloc(r->a, (size_t)l.n * sizeof *t->items) : NULL;
		if (l.n && !t->items)
			return STORE_ERR;
		t->n = l.n;
		for (int i = 0; i < l.n; i++)
			t->items[i] = (struct top_item){l.items[i].title, top_href(r, &l.items[i]), l.items[i].views};
	}
	return 0;
}

/* Every figure, after this node's page views reach the store. */
static int gather(http_req *r, struct dash *d)
{
	store *st = http_store(r);
	*d = (struct dash){.today = r->now / 86400};
	d->month = month_start(d->today, 0);
	(void)pageviews_flush(st);
	int rc;
	if ((rc = gather_views(st, r->a, d)) || (rc = gather_sections(st, r->a, d)) ||
	    (rc = gather_members(st, r->a, d)) || (rc = store_dash_pending(st, &d->pending)) || (rc = gather_top(r, d)))
		return rc;
	return 0;
}

/* ---- The page ------------------------------------------------------------ */

static view_obj *chart_view(http_req *r, const struct series *s)
{
	view_obj *o = view_obj_new(r->a);
	view_list *rows = view_list_new(r->a);
	if (!o || !rows)
		return NULL;
	buf svg;
	buf_init(&svg, r->a);
	struct chart_spec c = {.id = s->name, .title = str_c(s->title), .x_title = str_c(s->x_title),
			       .y_title = str_c(s->y_title), .points = s->points, .n = s->n};
	int rc = s->type == LINE ? chart_line(&svg, &c) : s->type == BARS ? chart_bars(&svg, &c) : chart_hbars(&svg, &c);
	if (rc || svg.err)
		return NULL;
	int64_t total = 0;
	for (int i = 0; i < s->n; i++) {
		view_obj *row = view_obj_new(r->a);
		if (!row)
			return NULL;
		view_set_str(row, "label", s->type == HBARS || s->type == BARS ? s->points[i].label : s->full[i]);
		view_set_cstr(row, "value", str_count(r->a, s->points[i].value));
		view_list_push_obj(rows, row);
		total += s->points[i].value;
	}
	view_set_cstr(o, "name", s->name);
	view_set_cstr(o, "title", s->title);
	view_set_cstr(o, "x_title", s->x_title);
	view_set_cstr(o, "y_title", s->y_title);
	view_set_str(o, "svg_html", buf_slice(&svg));
	view_set_list(o, "rows", rows);
	view_set_bool(o, "empty", total == 0);
	return o;
}

static view_list *top_view(http_req *r, const struct top_list *t)
{
	view_list *l = view_list_new(r->a);
	for (int i = 0; l && i < t->n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return NULL;
		view_set_str(o, "title", t->items[i].title);
		view_set_str(o, "href", t->items[i].href);
		view_set_cstr(o, "views", str_count(r->a, t->items[i].views));
		view_list_push_obj(l, o);
	}
	return l;
}

/* GET /editor/dashboard — editors: every figure, as charts with tables. */
int editor_dashboard(http_req *r)
{
	struct dash d;
	int rc = gather(r, &d);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Dashboard");
	view_list *views = ctx ? view_list_new(r->a) : NULL, *members = ctx ? view_list_new(r->a) : NULL;
	view_obj *pending = ctx ? view_obj_new(r->a) : NULL;
	if (!views || !members || !pending)
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < S_MAX; i++) {
		view_obj *c = chart_view(r, &d.s[i]);
		if (!c)
			return http_store_error(r, STORE_ERR);
		view_list_push_obj(i < S_MEMBERS_TYPE ? views : members, c);
	}
	view_set_list(ctx, "view_charts", views);
	view_set_list(ctx, "member_charts", members);
	view_set_cstr(pending, "verifications", str_count(r->a, d.pending.verifications));
	view_set_cstr(pending, "bloggers", str_count(r->a, d.pending.bloggers));
	view_set_cstr(pending, "groups", str_count(r->a, d.pending.groups));
	view_set_cstr(pending, "flags", str_count(r->a, d.pending.flags));
	view_set_obj(ctx, "pending", pending);
	view_list *tt = top_view(r, &d.top[STORE_VIEW_TOPIC]), *tb = top_view(r, &d.top[STORE_VIEW_BLOG_POST]),
		  *tl = top_view(r, &d.top[STORE_VIEW_LIBRARY_ITEM]);
	if (!tt || !tb || !tl)
		return http_store_error(r, STORE_ERR);
	view_set_list(ctx, "top_topics", tt);
	view_set_list(ctx, "top_posts", tb);
	view_set_list(ctx, "top_items", tl);
	view_set_bool(ctx, "has_top_topics", d.top[STORE_VIEW_TOPIC].n > 0);
	view_set_bool(ctx, "has_top_posts", d.top[STORE_VIEW_BLOG_POST].n > 0);
	view_set_bool(ctx, "has_top_items", d.top[STORE_VIEW_LIBRARY_ITEM].n > 0);
	view_set_str(ctx, "month", day_fmt(r->a, d.month, LONG_MONTH));
	view_set_str(ctx, "generated", day_fmt(r->a, d.today, LONG_DAY));
	return http_page(r, 200, view_dashboard, ctx);
}

/* GET /editor/dashboard/:name — editors: chart NAME (NAME.csv) as CSV,
 * its table's rows with full labels (ISO dates, codes). */
int editor_dashboard_csv(http_req *r)
{
	str file = r->params[0];
	int id = -1;
	for (int i = 0; i < S_MAX && id < 0; i++) {
		size_t n = strlen(spec[i].name);
		if (file.n == n + 4 && !memcmp(file.p, spec[i].name, n) && !memcmp(file.p + n, ".csv", 4))
			id = i;
	}
	if (id < 0)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	struct dash d;
	int rc = gather(r, &d);
	if (rc)
		return http_store_error(r, rc);
	const struct series *s = &d.s[id];
	buf b;
	buf_init(&b, r->a);
	bool labels = s->type == HBARS || id == S_MEMBERS_TYPE; /* codes: their names too */
	csv_put_field(&b, str_c(s->json_key));
	csv_put_field(&b, str_c(s->y_title));
	if (labels)
		csv_put_field(&b, S("label"));
	csv_end_record(&b);
	for (int i = 0; i < s->n; i++) {
		csv_put_field(&b, s->full[i]);
		csv_put_int(&b, s->points[i].value);
		if (labels)
			csv_put_field(&b, s->points[i].label);
		csv_end_record(&b);
	}
	if (b.err)
		return http_store_error(r, STORE_ERR);
	char disposition[128];
	str day = day_fmt(r->a, d.today, ISO_DAY);
	snprintf(disposition, sizeof disposition, "attachment; filename=\"rounds-%s-%.*s.csv\"", s->name, (int)day.n,
		 day.p);
	http_add_header(r, "Content-Disposition", disposition);
	http_add_header(r, "Cache-Control", "no-store");
	return http_bytes(r, 200, "text/csv; charset=utf-8", buf_slice(&b));
}

/* ---- The API ------------------------------------------------------------- */

static json_t *series_json(const struct series *s, bool labels)
{
	json_t *a = json_array();
	for (int i = 0; a && i < s->n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, s->json_key, json_stringn(s->full[i].p, s->full[i].n));
		json_object_set_new(o, "n", json_integer(s->points[i].value));
		if (labels)
			json_object_set_new(o, "label", json_stringn(s->points[i].label.p, s->points[i].label.n));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *top_json(const struct top_list *t)
{
	json_t *a = json_array();
	for (int i = 0; a && i < t->n; i++)
		json_array_append_new(a, json_pack("{s:s%, s:s%, s:I}", "title", t->items[i].title.p,
						   t->items[i].title.n, "url", t->items[i].href.p, t->items[i].href.n,
						   "views", (json_int_t)t->items[i].views));
	return a;
}

/* GET /api/v1/editor/dashboard — editors: the same figures as JSON. */
int api_editor_dashboard(http_req *r)
{
	struct dash d;
	int rc = gather(r, &d);
	if (rc)
		return http_store_error(r, rc);
	json_t *daily = json_array();
	for (int i = 0; daily && i < DAYS; i++)
		json_array_append_new(daily, json_pack("{s:s%, s:I, s:I}", "date", d.s[S_VIEWS_DAILY].full[i].p,
						       d.s[S_VIEWS_DAILY].full[i].n, "views",
						       (json_int_t)d.s[S_VIEWS_DAILY].points[i].value, "readers",
						       (json_int_t)d.s[S_READERS_DAILY].points[i].value));
	json_t *j = json_pack(
		"{s:s%, s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o, s:o, s:o}, s:{s:I, s:I, s:I, s:I}, s:{s:s%, s:o, s:o, s:o}}",
		"date", d.s[S_VIEWS_DAILY].full[DAYS - 1].p, d.s[S_VIEWS_DAILY].full[DAYS - 1].n,
		"views", "daily", daily, "monthly", series_json(&d.s[S_VIEWS_MONTHLY], false), "sections",
		series_json(&d.s[S_VIEWS_SECTIONS], true),
		"members", "by_type", series_json(&d.s[S_MEMBERS_TYPE], true), "by_country",
		series_json(&d.s[S_MEMBERS_COUNTRY], true), "by_specialty", series_json(&d.s[S_MEMBERS_SPECIALTY], true),
		"verified", series_json(&d.s[S_VERIFIED], false), "joined", series_json(&d.s[S_JOINED], false),
		"pending", "verifications", (json_int_t)d.pending.verifications, "blogger_applications",
		(json_int_t)d.pending.bloggers, "group_requests", (json_int_t)d.pending.groups, "flags",
		(json_int_t)d.pending.flags,
		"top", "month", d.s[S_VIEWS_MONTHLY].full[MONTHS - 1].p, d.s[S_VIEWS_MONTHLY].full[MONTHS - 1].n, "topics",
		top_json(&d.top[STORE_VIEW_TOPIC]), "blog_posts", top_json(&d.top[STORE_VIEW_BLOG_POST]), "library_items",
		top_json(&d.top[STORE_VIEW_LIBRARY_ITEM]));
	return j ? http_json(r, 200, j) : http_store_error(r, STORE_ERR);
}
