/* search.c: one search over everything a reader may see: /search (the
 * page) and GET /api/v1/search (JSON), both from the same parameters
 *
 *   q        what to find (query.h: words, "phrases", prefix*), <= 256 bytes
 *   kind     topic, post, blog_post, library_item, member, forum, message,
 *            blog_comment (repeated, or a comma list; none: every kind)
 *   section  open_clinical, closed_clinical or off_duty (topics, posts, forums)
 *   forum    a forum's or one of the reader's groups' slug (topics, posts)
 *   author   a member's handle (topics, posts, blog posts, messages, comments)
 *   from, to YYYY-MM-DD (UTC), `to` inclusive
 *   page     1..STORE_SEARCH_WINDOW / SEARCH_PAGE
 *
 * Invariants: what the reader may see is the policy's alone, computed
 * once (search_scope) and handed to the store, which applies it inside
 * the query, so nothing the reader may not open is listed or counted.  A
 * forum filter naming a forum the reader may not read is answered as an
 * unknown forum.  Snippets reach a page only through view_esc_marked. */
#include <stdio.h>
#include <string.h>

#include "blogs.h"
#include "views_gen.h"

#include "../core/utc.h"
#include "../text/query.h"
#include "../text/validate.h"

enum { SEARCH_PAGE = 20, SEARCH_PAGES = STORE_SEARCH_WINDOW / SEARCH_PAGE, SEARCH_GROUPS_MAX = 200 };

/* The kinds as people read them, in enum store_search_kind's order. */
static const char *const kind_labels[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = "Topic",          [STORE_SEARCH_POST] = "Post",
	[STORE_SEARCH_BLOG] = "Blog post",       [STORE_SEARCH_LIBRARY] = "Library",
	[STORE_SEARCH_MEMBER] = "Member",        [STORE_SEARCH_FORUM] = "Forum",
	[STORE_SEARCH_MESSAGE] = "Message",      [STORE_SEARCH_COMMENT] = "Comment",
};
static const char *const kind_plurals[STORE_SEARCH_KIND_MAX] = {
	[STORE_SEARCH_TOPIC] = "Topics",         [STORE_SEARCH_POST] = "Posts",
	[STORE_SEARCH_BLOG] = "Blog posts",      [STORE_SEARCH_LIBRARY] = "Library",
	[STORE_SEARCH_MEMBER] = "Members",       [STORE_SEARCH_FORUM] = "Forums and groups",
	[STORE_SEARCH_MESSAGE] = "Messages",     [STORE_SEARCH_COMMENT] = "Blog comments",
};
/* The sections a search may be narrowed to (groups are reached by forum). */
static const enum store_section search_sections[] = {STORE_SECTION_OPEN_CLINICAL, STORE_SECTION_CLOSED_CLINICAL,
						     STORE_SECTION_OFF_DUTY};

#define KIND_BIT(k) (1u << (k))
#define FORUM_KINDS (KIND_BIT(STORE_SEARCH_TOPIC) | KIND_BIT(STORE_SEARCH_POST) | KIND_BIT(STORE_SEARCH_FORUM))
#define AUTHOR_KINDS                                                                                      \
	(KIND_BIT(STORE_SEARCH_TOPIC) | KIND_BIT(STORE_SEARCH_POST) | KIND_BIT(STORE_SEARCH_BLOG) |         \
	 KIND_BIT(STORE_SEARCH_MESSAGE) | KIND_BIT(STORE_SEARCH_COMMENT))

/* ---- the parameters ----------------------------------------------------------- */

static const char *check_kinds(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	for (size_t i = 0; i <= v.n;) {
		const char *comma = memchr(v.p + i, ',', v.n - i);
		size_t end = comma ? (size_t)(comma - v.p) : v.n;
		str one = str_trim((str){v.p + i, end - i});
		if (one.n && store_search_kind_parse(one) < 0)
			return "must be topic, post, blog_post, library_item, member, forum, message or blog_comment";
		i = end + 1;
	}
	return NULL;
}

static const char *check_section(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	int s = store_section_parse(v);
	for (size_t i = 0; i < sizeof search_sections / sizeof search_sections[0]; i++)
		if (s == (int)search_sections[i])
			return NULL;
	return "must be open_clinical, closed_clinical or off_duty";
}

static const char *check_author(arena *a, str v, str *norm)
{
	if (v.n && v.p[0] == '@')
		v = (str){v.p + 1, v.n - 1};
	return validate_handle(a, v, norm) ? "must be a member's handle, such as @amara" : NULL;
}

/* The start of day `v` (YYYY-MM-DD, a real date from 1970 on), UTC; -1
 * when it is none. */
static int64_t day_start(str v)
{
	if (v.n != 10 || v.p[4] != '-' || v.p[7] != '-')
		return -1;
	int f[3] = {0, 0, 0};
	const int at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < len[k]; i++) {
			char c = v.p[at[k] + i];
			if (c < '0' || c > '9')
				return -1;
			f[k] = f[k] * 10 + (c - '0');
		}
	if (f[0] < 1970 || f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > utc_month_days(f[0], f[1]))
		return -1;
	return utc_days(f[0], f[1], f[2]) * 86400;
}

static const char *check_day(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	return day_start(v) < 0 ? "must be a date such as 2026-03-01" : NULL;
}

static const char *check_page(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	int64_t n = 0;
	return str_to_i64(v, &n) || n < 1 || n > SEARCH_PAGES ? "must be a page number from 1 to 50" : NULL;
}

static const struct form_field search_fields[] = {
	{"q", QUERY_INPUT_MAX, 0, NULL},
	{"kind", 200, FIELD_LIST, check_kinds},
	{"section", 32, 0, check_section},
	{"forum", 64, 0, NULL},
	{"author", 40, 0, check_author},
	{"from", 10, 0, check_day},
	{"to", 10, 0, check_day},
	{"page", 8, 0, check_page},
};
static const struct form_spec form_search = FORM_SPEC(search_fields);

/* One search as asked: the parameters, checked, and what they make. */
struct search {
	struct form_values fv;
	struct store_search_term terms[STORE_SEARCH_TERMS];
	int nterms;
	str shown;            /* the query as understood (query_format) */
	unsigned asked;       /* the kinds asked for (all when none named) */
	int section;          /* -1: any */
	int64_t page;
	struct store_search_query q;
	struct store_search_result res;
	bool ran;             /* the store was asked (some term, some kind the reader may see) */
};

static unsigned kinds_asked(str v)
{
	unsigned m = 0;
	for (size_t i = 0; v.p && i <= v.n;) {
		const char *comma = memchr(v.p + i, ',', v.n - i);
		size_t end = comma ? (size_t)(comma - v.p) : v.n;
		int k = store_search_kind_parse(str_trim((str){v.p + i, end - i}));
		if (k >= 0)
			m |= KIND_BIT(k);
		i = end + 1;
	}
	return m ? m : STORE_SEARCH_KINDS_ALL;
}

/* ---- what the reader may see ------------------------------------------------------ */

/* The reader's groups whose content they may read, asked of the policy
 * group by group with the reader's place in it (forum_object, as the
 * group's own pages do). */
static int readable_groups(http_req *r, struct store_search_query *q)
{
	if (!r->reader.signed_in)
		return 0;
	struct store_group_list gl;
	int rc = store_group_mine(http_store(r), r->a, r->me.id, &gl);
	if (rc)
		return rc;
	int64_t *ids = arena_alloc(r->a, sizeof *ids * (size_t)(gl.n ? gl.n : 1));
	if (!ids)
		return STORE_ERR;
	int n = 0;
	for (int i = 0; i < gl.n && n < SEARCH_GROUPS_MAX; i++) {
		struct policy_object o = forum_object(r, STORE_SECTION_GROUP, gl.items[i].id, 0, 0);
		if (policy_allows(&r->reader, ACT_FORUM_READ, &o))
			ids[n++] = gl.items[i].id;
	}
	q->groups = ids;
	q->ngroups = n;
	return 0;
}

/* Fills q's scope: the sections, groups, library levels, messages and
 * kinds the policy lets the reader see.  0 or a store error. */
static int search_scope(http_req *r, struct store_search_query *q)
{
	const unsigned not_forums = (1u << STORE_SECTION_GROUP) | (1u << STORE_SECTION_BLOG);
	q->sections = policy_sections(&r->reader, ACT_FORUM_READ) & ~not_forums;
	q->library = policy_library_levels(&r->reader, ACT_LIBRARY_READ);
	int rc = readable_groups(r, q);
	if (rc)
		return rc;
	unsigned kinds = 0;
	if (q->sections || q->ngroups)
		kinds |= FORUM_KINDS;
	if (q->library)
		kinds |= KIND_BIT(STORE_SEARCH_LIBRARY);
	if (policy_allows(&r->reader, ACT_BLOG_READ, NULL)) {
		kinds |= KIND_BIT(STORE_SEARCH_BLOG);
		/* Comments: read on their post's page (the store keeps to
		 * published posts), as a blog's forum content. */
		struct policy_object o = forum_object(r, STORE_SECTION_BLOG, 0, 0, 0);
		if (policy_allows(&r->reader, ACT_FORUM_READ, &o))
			kinds |= KIND_BIT(STORE_SEARCH_COMMENT);
	}
	if (r->reader.signed_in && policy_allows(&r->reader, ACT_DIRECTORY, NULL))
		kinds |= KIND_BIT(STORE_SEARCH_MEMBER);
	if (r->reader.signed_in && policy_allows(&r->reader, ACT_MESSAGES, NULL)) {
		kinds |= KIND_BIT(STORE_SEARCH_MESSAGE);
		q->reader = r->me.id;
	}
	q->kinds = kinds;
	return 0;
}

/* Narrows q to the forum named `slug`: 0; 422 (error on field forum) when
 * there is no such forum or the reader may not read it (the same words:
 * a closed forum's or a group's existence is not told); or a store error. */
static int narrow_forum(http_req *r, struct search *s, str slug)
{
	struct store_forum f;
	int rc = slug.n <= 64 ? store_forum_by_slug(http_store(r), r->a, slug, &f) : STORE_ENOTFOUND;
	if (rc && rc != STORE_ENOTFOUND)
		return rc;
	bool may = false;
	if (!rc && f.section != STORE_SECTION_BLOG) {
		struct policy_object o = forum_object(r, f.section, f.id, 0, 0);
		may = policy_allows(&r->reader, ACT_FORUM_READ, &o);
	}
	if (!may) {
		form_set_error(&s->fv, "forum", "is no forum you can search: check its address name");
		return 422;
	}
	s->q.forum = f.id;
	s->q.kinds &= KIND_BIT(STORE_SEARCH_TOPIC) | KIND_BIT(STORE_SEARCH_POST);
	return 0;
}

/* Narrows q to the author `handle`: 0; 422 when there is no such member;
 * or a store error. */
static int narrow_author(http_req *r, struct search *s, str handle)
{
	struct store_member m;
	int rc = store_member_by_handle(http_store(r), r->a, handle, &m);
	if (rc == STORE_ENOTFOUND) {
		form_set_error(&s->fv, "author", "is no member's handle");
		return 422;
	}
	if (rc)
		return rc;
	s->q.author = m.id;
	s->q.kinds &= AUTHOR_KINDS;
	return 0;
}

/* Applies the filters within the scope.  0, 422 (errors set on s->fv), or
 * a store error. */
static int narrow(http_req *r, struct search *s)
{
	s->q.kinds &= s->asked;
	str sec = form_get(&s->fv, "section");
	s->section = sec.n ? store_section_parse(sec) : -1;
	if (s->section >= 0) {
		s->q.sections &= 1u << s->section;
		s->q.ngroups = 0;
		s->q.kinds &= FORUM_KINDS;
	}
	str from = form_get(&s->fv, "from"), to = form_get(&s->fv, "to");
	s->q.since = from.n ? day_start(from) : 0;
	s->q.until = to.n ? day_start(to) + 86400 : 0;
	if (s->q.since && s->q.until && s->q.until <= s->q.since) {
		form_set_error(&s->fv, "to", "must not be before From");
		return 422;
	}
	str forum = form_get(&s->fv, "forum"), author = form_get(&s->fv, "author");
	int rc = forum.n ? narrow_forum(r, s, forum) : 0;
	if (!rc && author.n)
		rc = narrow_author(r, s, author);
	return rc;
}

/* Reads and runs the search of the request: 0 (s->ran says whether the
 * store was asked; not when there is nothing to search for or no kind
 * left to see); 422 with the fields' errors on s->fv; or a store error. */
static int search_run(http_req *r, struct search *s)
{
	memset(s, 0, sizeof *s);
	s->section = -1;
	if (http_query_form(r, &form_search, &s->fv) < 0)
		return STORE_ERR;
	if (s->fv.nerr)
		return 422;
	str page = form_get(&s->fv, "page");
	s->page = 1;
	if (page.n && str_to_i64(page, &s->page))
		s->page = 1;
	s->asked = kinds_asked(form_get(&s->fv, "kind"));
	s->nterms = query_parse(r->a, form_get(&s->fv, "q"), s->terms);
	if (s->nterms < 0)
		return STORE_ERR;
	s->shown = query_format(r->a, s->terms, s->nterms);
	int rc = search_scope(r, &s->q);
	if (!rc)
		rc = narrow(r, s);
	if (rc || !s->nterms || !s->q.kinds)
		return rc;
	s->q.terms = s->terms;
	s->q.nterms = s->nterms;
	s->q.limit = SEARCH_PAGE;
	s->q.offset = (int)((s->page - 1) * SEARCH_PAGE);
	rc = store_search(http_store(r), r->a, &s->q, &s->res);
	s->ran = rc == 0;
	return rc;
}

/* ---- results ------------------------------------------------------------------------------- */

/* The address of hit h. */
static const char *hit_href(http_req *r, const struct store_search_hit *h)
{
	buf b;
	buf_init(&b, r->a);
	switch (h->kind) {
	case STORE_SEARCH_TOPIC:
		buf_printf(&b, "/t/%lld", (long long)h->id);
		break;
	case STORE_SEARCH_POST:
		buf_printf(&b, "/p/%lld", (long long)h->id);
		break;
	case STORE_SEARCH_BLOG:
		buf_puts(&b, "/b/");
		view_esc_urlc(&b, h->parent_slug);
		buf_putc(&b, '/');
		view_esc_urlc(&b, h->slug);
		break;
	case STORE_SEARCH_LIBRARY:
		buf_puts(&b, "/library/");
		view_esc_urlc(&b, h->slug);
		break;
	case STORE_SEARCH_MEMBER:
		buf_puts(&b, "/u/");
		view_esc_urlc(&b, h->slug);
		break;
	case STORE_SEARCH_FORUM:
		return forum_href(r, h->section, h->slug);
	case STORE_SEARCH_MESSAGE:
		buf_printf(&b, "/messages/%lld", (long long)h->parent);
		break;
	case STORE_SEARCH_COMMENT: {
		struct store_blog_post p = {.blog_slug = h->parent_slug, .slug = h->slug};
		return blog_comment_href(r, &p, h->id, h->number);
	}
	case STORE_SEARCH_KIND_MAX:
		break;
	}
	const char *out = b.err ? NULL : buf_cstr(&b);
	return out ? out : "/search";
}

/* A snippet without its marks, as plain text. */
static str unmarked(http_req *r, str s)
{
	char *out = arena_alloc(r->a, s.n + 1);
	size_t n = 0;
	for (size_t i = 0; out && i < s.n; i++)
		if (s.p[i] != STORE_MARK_ON[0] && s.p[i] != STORE_MARK_OFF[0])
			out[n++] = s.p[i];
	return out ? (str){out, n} : S("");
}

/* A snippet as HTML: escaped, matched words in <mark>. */
static str marked(http_req *r, str s)
{
	buf b;
	buf_init(&b, r->a);
	return view_esc_marked(&b, s) < 0 ? S("") : buf_slice(&b);
}

static const char *hit_label(const struct store_search_hit *h)
{
	if (h->kind == STORE_SEARCH_FORUM && h->section == STORE_SECTION_GROUP)
		return "Group";
	return h->kind < STORE_SEARCH_KIND_MAX ? kind_labels[h->kind] : "";
}


/* Whether the totals stop at the window for some kind (so "1,000+"). */
static bool capped(const struct store_search_result *res)
{
	for (int k = 0; k < STORE_SEARCH_KIND_MAX; k++)
		if (res->kind_total[k] >= STORE_SEARCH_WINDOW)
			return true;
	return false;
}

/* ---- the API ------------------------------------------------------------------------------ */

/* Answers a refusal: the first bad field (422), or the store's error. */
static int api_refused(http_req *r, const struct search *s, int rc)
{
	if (rc == 422 && s->fv.first_err >= 0) {
		const char *name = form_search.fields[s->fv.first_err].name;
		char msg[300];
		snprintf(msg, sizeof msg, "%s %s", name, s->fv.err[s->fv.first_err]);
		return http_error(r, 422, "invalid", arena_strndup(r->a, msg, strlen(msg)), name);
	}
	return http_store_error(r, rc < 0 ? rc : STORE_ERR);
}

static json_t *hit_json(http_req *r, const struct store_search_hit *h)
{
	str plain = unmarked(r, h->snippet), html = marked(r, h->snippet);
	json_t *author = h->author_id ? json_pack("{s:s%, s:s%}", "handle", h->author_handle.p ? h->author_handle.p : "",
						   h->author_handle.n, "name", h->author_name.p ? h->author_name.p : "",
						   h->author_name.n)
				      : json_null();
	return json_pack("{s:s, s:I, s:s%, s:s, s:s%, s:s%, s:o, s:s}", "kind", store_search_kind_name(h->kind), "id",
			 (json_int_t)h->id, "title", h->title.p ? h->title.p : "", h->title.n, "url", hit_href(r, h),
			 "snippet", plain.p, plain.n, "snippet_html", html.p ? html.p : "", html.n, "author",
			 author ? author : json_null(), "created_at", page_iso_time(r, h->created_at));
}

/* GET /api/v1/search?q=&kind=&section=&forum=&author=&from=&to=&page= —
 * anyone (what they find: what they may see): {query, results: [{kind,
 * id, title, url, snippet, snippet_html, author: {handle, name} | null,
 * created_at}], page, per_page, total, capped, kinds: {KIND: count}}.
 * 422 {error: {code: invalid, field}} for a bad parameter or no q. */
int api_search(http_req *r)
{
	struct search *s = arena_alloc(r->a, sizeof *s);
	if (!s)
		return http_store_error(r, STORE_ERR);
	int rc = search_run(r, s);
	if (!rc && !str_trim(form_get(&s->fv, "q")).n) {
		form_set_error(&s->fv, "q", "is required");
		rc = 422;
	}
	if (rc)
		return api_refused(r, s, rc);
	json_t *results = json_array(), *kinds = json_object();
	for (int i = 0; results && i < s->res.n; i++)
		json_array_append_new(results, hit_json(r, &s->res.items[i]));
	for (int k = 0; kinds && k < STORE_SEARCH_KIND_MAX; k++)
		json_object_set_new(kinds, store_search_kind_name((enum store_search_kind)k),
				    json_integer((json_int_t)s->res.kind_total[k]));
	return http_json(r, 200,
			 json_pack("{s:s%, s:o, s:I, s:i, s:I, s:b, s:o}", "query", s->shown.p ? s->shown.p : "",
				   s->shown.n, "results", results ? results : json_array(), "page", (json_int_t)s->page,
				   "per_page", SEARCH_PAGE, "total", (json_int_t)s->res.total, "capped", capped(&s->res),
				   "kinds", kinds ? kinds : json_object()));
}

/* ---- the page ----------------------------------------------------------------------------- */

/* "/search?q=..&section=..&" with the request's filters but the kind and
 * page (for filter and page links). */
static const char *base_href(http_req *r, const struct search *s, bool with_kind)
{
	static const char *const keep[] = {"q", "section", "forum", "author", "from", "to"};
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, "/search?");
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		str v = form_get(&s->fv, keep[i]);
		if (!v.n)
			continue;
		buf_printf(&b, "%s=", keep[i]);
		view_esc_urlc(&b, v);
		buf_putc(&b, '&');
	}
	str kind = form_get(&s->fv, "kind");
	if (with_kind && kind.n) {
		buf_puts(&b, "kind=");
		view_esc_urlc(&b, kind);
		buf_putc(&b, '&');
	}
	const char *out = b.err ? NULL : buf_cstr(&b);
	return out ? out : "/search?";
}

/* The form's kind checkboxes and section choices, as asked. */
static int form_choices_ctx(http_req *r, view_obj *ctx, const struct search *s)
{
	bool any = s->asked == STORE_SEARCH_KINDS_ALL;
	view_list *kl = view_list_new(r->a), *sl = view_list_new(r->a);
	if (!kl || !sl)
		return -1;
	for (int k = 0; k < STORE_SEARCH_KIND_MAX; k++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return -1;
		view_set_cstr(o, "value", store_search_kind_name((enum store_search_kind)k));
		view_set_cstr(o, "label", kind_plurals[k]);
		view_set_bool(o, "checked", !any && (s->asked & KIND_BIT(k)));
		view_list_push_obj(kl, o);
	}
	for (size_t i = 0; i < sizeof search_sections / sizeof search_sections[0]; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return -1;
		view_set_cstr(o, "value", store_section_name(search_sections[i]));
		view_set_cstr(o, "label", forum_section_label(search_sections[i]));
		view_set_bool(o, "selected", s->section == (int)search_sections[i]);
		view_list_push_obj(sl, o);
	}
	view_set_list(ctx, "kind_options", kl);
	return view_set_list(ctx, "section_options", sl);
}

static view_obj *hit_view(http_req *r, const struct store_search_hit *h)
{
	view_obj *o = view_obj_new(r->a);
	if (!o)
		return NULL;
	view_set_cstr(o, "label", hit_label(h));
	view_set_str(o, "title", h->title);
	view_set_cstr(o, "href", hit_href(r, h));
	view_set_str(o, "snippet_html", marked(r, h->snippet));
	if (h->author_id) {
		view_set_str(o, "author_name", h->author_name);
		view_set_str(o, "author_handle", h->author_handle);
	}
	if (h->kind == STORE_SEARCH_POST || h->kind == STORE_SEARCH_TOPIC || h->kind == STORE_SEARCH_FORUM)
		view_set_cstr(o, "where", forum_section_label(h->section));
	if (h->created_at) {
		view_set_cstr(o, "when", page_when(r, h->created_at));
		view_set_cstr(o, "iso", page_iso_time(r, h->created_at));
	}
	return o;
}

/* The per-kind counts as filter links, the one asked for marked. */
static view_list *kind_links(http_req *r, const struct search *s)
{
	view_list *l = view_list_new(r->a);
	const char *base = base_href(r, s, false);
	bool one = __builtin_popcount(s->asked) == 1;
	for (int k = 0; l && k < STORE_SEARCH_KIND_MAX; k++) {
		if (!s->res.kind_total[k])
			continue;
		view_obj *o = view_obj_new(r->a);
		buf b;
		buf_init(&b, r->a);
		buf_printf(&b, "%skind=%s", base, store_search_kind_name((enum store_search_kind)k));
		if (!o || b.err)
			return NULL;
		int64_t n = s->res.kind_total[k];
		view_set_cstr(o, "label", kind_plurals[k]);
		view_set_cstr(o, "count", n >= STORE_SEARCH_WINDOW ? "1,000+" : str_count(r->a, n));
		view_set_cstr(o, "href", buf_cstr(&b));
		view_set_bool(o, "current", one && (s->asked & KIND_BIT(k)));
		view_list_push_obj(l, o);
	}
	return l;
}

/* The results, counts and pager into ctx. */
static int results_ctx(http_req *r, view_obj *ctx, const struct search *s)
{
	view_list *items = view_list_new(r->a);
	if (!items)
		return -1;
	for (int i = 0; i < s->res.n; i++)
		view_list_push_obj(items, hit_view(r, &s->res.items[i]));
	view_set_list(ctx, "results", items);
	view_set_bool(ctx, "has_results", s->res.n > 0);
	int64_t total = s->res.total;
	buf c;
	buf_init(&c, r->a);
	buf_printf(&c, "%s%s %s", str_count(r->a, total), capped(&s->res) ? "+" : "", total == 1 ? "result" : "results");
	view_set_cstr(ctx, "count", c.err ? "" : buf_cstr(&c));
	view_set_list(ctx, "kind_links", kind_links(r, s));
	view_set_bool(ctx, "narrowed", s->asked != STORE_SEARCH_KINDS_ALL);
	view_set_cstr(ctx, "all_kinds_href", base_href(r, s, false));
	int64_t pages = (total + SEARCH_PAGE - 1) / SEARCH_PAGE;
	if (pages > SEARCH_PAGES)
		pages = SEARCH_PAGES;
	const char *base = base_href(r, s, true);
	buf p, n;
	buf_init(&p, r->a);
	buf_init(&n, r->a);
	buf_printf(&p, "%spage=%lld", base, (long long)s->page - 1);
	buf_printf(&n, "%spage=%lld", base, (long long)s->page + 1);
	view_set_bool(ctx, "has_prev", s->page > 1 && !p.err);
	view_set_bool(ctx, "has_next", s->page < pages && !n.err);
	view_set_cstr(ctx, "prev_href", p.err ? "" : buf_cstr(&p));
	view_set_cstr(ctx, "next_href", n.err ? "" : buf_cstr(&n));
	view_set_int(ctx, "page", s->page);
	view_set_int(ctx, "pages", pages ? pages : 1);
	return view_set_bool(ctx, "paged", pages > 1);
}

/* GET /search?q=&kind=&section=&forum=&author=&from=&to=&page= — anyone:
 * the search form; with q, what the reader may see that matches, best
 * first, 20 to a page, with counts by kind as filter links.  A bad
 * parameter: the form with its error (422). */
int search_page(http_req *r)
{
	struct search *s = arena_alloc(r->a, sizeof *s);
	if (!s)
		return http_store_error(r, STORE_ERR);
	int rc = search_run(r, s);
	if (rc && rc != 422)
		return http_store_error(r, rc);
	str q = form_get(&s->fv, "q");
	view_obj *ctx = http_page_ctx(r, q.n && !rc ? "Search results" : "Search");
	if (!ctx || page_form_ctx(r, ctx, &s->fv) < 0 || form_choices_ctx(r, ctx, s) < 0)
		return http_store_error(r, STORE_ERR);
	view_set_bool(ctx, "invalid", rc == 422);
	view_set_bool(ctx, "intro", !rc && !q.n);
	view_set_bool(ctx, "nothing_to_find", !rc && q.n && !s->nterms);
	view_set_str(ctx, "shown", s->shown);
	view_set_bool(ctx, "visitor", !r->reader.signed_in);
	view_set_bool(ctx, "filtered", s->section >= 0 || form_get(&s->fv, "forum").n ||
					   form_get(&s->fv, "author").n || form_get(&s->fv, "from").n ||
					   form_get(&s->fv, "to").n || s->asked != STORE_SEARCH_KINDS_ALL);
	if (!rc && q.n && s->nterms) {
		view_set_bool(ctx, "searched", true);
		if (results_ctx(r, ctx, s) < 0)
			return http_store_error(r, STORE_ERR);
		buf plain;
		buf_init(&plain, r->a);
		buf_puts(&plain, "/search?q=");
		view_esc_urlc(&plain, q);
		view_set_cstr(ctx, "plain_href", plain.err ? "/search" : buf_cstr(&plain));
	}
	return http_page(r, rc == 422 ? 422 : 200, view_search, ctx);
}
