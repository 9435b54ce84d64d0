/* blogs.c: member blogs (see blogs.h): finding blogs and posts as the
 * reader may see them, the one write path of a post, their views and
 * JSON, and the pages: /blogs, tags, a blog, a post with its comments,
 * writing and editing, history, the cover.
 *
 * Invariants: a post that is not published is its blogger's alone (404
 * to everyone else, its title included); every post is written through
 * blog_post_write, so pages and the API check the same fields the same
 * way; comments are forum posts written through forum_write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blogs.h"
#include "views_gen.h"

#include "../core/tz.h"
#include "../core/utc.h"
#include "../text/markdown.h"
#include "../text/validate.h"

const char *const blog_networks[BLOG_NETWORKS_N] = {"bluesky", "facebook", "linkedin", "x"};
const char *const blog_network_labels[BLOG_NETWORKS_N] = {"Bluesky", "Facebook", "LinkedIn", "X"};

static const struct form_field post_fields[] = {
	{"title", BLOG_POST_TITLE_MAX * 4, 0, NULL},
	{"summary", BLOG_POST_SUMMARY_MAX * 4, FIELD_MULTILINE, NULL},
	{"body", BLOG_POST_BODY_MAX, FIELD_MULTILINE, NULL},
	{"tags", 400, 0, NULL},
	{"status", 16, 0, NULL},
	{"action", 16, 0, NULL}, /* the form's buttons: draft, publish, schedule, preview, unpublish */
	{"publish_at", 40, 0, NULL},
	{"tz_offset", 8, 0, NULL},
	{"comments_closed", 8, FIELD_BOOL, NULL},
	{"remove_cover", 8, FIELD_BOOL, NULL},
	{"confirm_no_identifiers", 8, FIELD_BOOL, NULL},
	{"cover", 255, 0, NULL}, /* the file arrives in r->upload; this carries its errors */
};
const struct form_spec form_blog_post = FORM_SPEC(post_fields);

static const struct form_field comment_fields[] = {
	{"body", FORUM_BODY_MAX, FIELD_REQUIRED | FIELD_MULTILINE, validate_body},
	{"confirm_no_identifiers", 8, FIELD_BOOL, NULL},
};
const struct form_spec form_blog_comment = FORM_SPEC(comment_fields);

static int not_found(http_req *r)
{
	http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	return 404;
}

/* ---- finding ------------------------------------------------------------ */

int blog_find(http_req *r, str slug, struct store_blog *b)
{
	int rc = slug.n && slug.n <= 64 ? store_blog_by_slug(http_store(r), r->a, slug, b) : STORE_ENOTFOUND;
	return rc == STORE_ENOTFOUND ? not_found(r) : rc;
}

bool blog_mine(http_req *r, const struct store_blog *b)
{
	struct policy_object o = {.owner_id = b->owner_id};
	return policy_allows(&r->reader, ACT_BLOG_WRITE, &o);
}

int blog_post_find(http_req *r, const struct store_blog *b, str slug, struct store_blog_post *p)
{
	int rc = slug.n && slug.n <= 80 ? store_blog_post_by_slug(http_store(r), r->a, b->id, slug, p)
					: STORE_ENOTFOUND;
	if (rc == 0 && p->status != STORE_BLOG_PUBLISHED && !blog_mine(r, b))
		rc = STORE_ENOTFOUND;
	return rc == STORE_ENOTFOUND ? not_found(r) : rc;
}

int blog_writer_find(http_req *r, struct store_blog *b)
{
	int rc = blog_find(r, r->params[0], b);
	if (rc)
		return rc < 0 ? (http_store_error(r, rc), rc) : rc;
	if (blog_mine(r, b))
		return 0;
	if (!r->reader.signed_in)
		return http_error(r, 401, "unauthenticated", "Sign in to write in your blog.", NULL), 401;
	return http_error(r, 403, "forbidden", "Only this blog's blogger writes in it.", NULL), 403;
}

int blog_post_at(http_req *r, struct store_blog *b, struct store_blog_post *p)
{
	int rc = blog_find(r, r->params[0], b);
	if (!rc)
		rc = blog_post_find(r, b, r->params[1], p);
	if (rc < 0)
		http_store_error(r, rc);
	return rc;
}

int blog_details_change(http_req *r, struct store_blog *b)
{
	str title = str_trim(form_get(&r->in, "title")), about = form_get(&r->in, "about");
	if (title.p && !title.n)
		form_set_error(&r->in, "title", "is required");
	if (r->in.nerr)
		return 422;
	if (title.p)
		b->title = title;
	if (about.p)
		b->about = str_trim(about);
	int rc = store_blog_update(http_store(r), b->id, b->title, b->about, r->now);
	return rc == STORE_ENOTFOUND ? not_found(r) : rc;
}

int blog_post_of_topic(http_req *r, int64_t topic, struct store_blog_post *p)
{
	return store_blog_post_by_topic(http_store(r), r->a, topic, p);
}

/* ---- addresses ---------------------------------------------------------- */

static const char *path_or_abs(http_req *r, buf *b, bool abs)
{
	if (b->err)
		return "/blogs";
	str path = buf_slice(b);
	if (!abs)
		return str_dup(r->a, path);
	str full = page_abs_link(r, str_dup(r->a, path), STR_NULL);
	return full.p ? str_dup(r->a, full) : "/blogs";
}

const char *blog_href(http_req *r, str slug, bool abs)
{
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, "/b/");
	buf_str(&b, slug);
	return path_or_abs(r, &b, abs);
}

const char *blog_post_href(http_req *r, const struct store_blog_post *p, bool abs)
{
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, "/b/");
	buf_str(&b, p->blog_slug);
	buf_putc(&b, '/');
	buf_str(&b, p->slug);
	return path_or_abs(r, &b, abs);
}

const char *blog_comment_href(http_req *r, const struct store_blog_post *p, int64_t id, int64_t number)
{
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, blog_post_href(r, p, false));
	buf_printf(&b, "?page=%lld#p%lld", (long long)(number > 1 ? (number - 2) / FORUM_POSTS_PAGE + 1 : 1),
		   (long long)id);
	return path_or_abs(r, &b, false);
}

const char *blog_cover_href(http_req *r, const struct store_blog_post *p, bool abs)
{
	if (!p->cover.n)
		return "";
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, "/b/");
	buf_str(&b, p->blog_slug);
	buf_putc(&b, '/');
	buf_str(&b, p->slug);
	buf_puts(&b, "/cover");
	return path_or_abs(r, &b, abs);
}

/* ---- tags and slugs ------------------------------------------------------- */

int blog_tags_parse(arena *a, str text, str out[STORE_BLOG_TAGS_MAX], int *n)
{
	*n = 0;
	size_t i = 0;
	while (i <= text.n) {
		size_t j = i;
		while (j < text.n && text.p[j] != ',')
			j++;
		str t = str_trim((str){text.p ? text.p + i : NULL, j - i});
		i = j + 1;
		if (!t.n)
			continue;
		if (t.n > BLOG_TAG_MAX)
			return -1;
		char *c = arena_alloc(a, t.n + 1);
		if (!c)
			return -1;
		size_t k = 0;
		for (size_t m = 0; m < t.n; m++) {
			char ch = t.p[m];
			if (ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			else if (ch == ' ' || ch == '_')
				ch = '-';
			if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
				return -1;
			if (ch == '-' && (k == 0 || c[k - 1] == '-'))
				continue;
			c[k++] = ch;
		}
		while (k && c[k - 1] == '-')
			k--;
		if (!k)
			return -1;
		c[k] = 0;
		str tag = {c, k};
		bool dup = false;
		for (int m = 0; m < *n; m++)
			dup |= str_eq(out[m], tag);
		if (dup)
			continue;
		if (*n == STORE_BLOG_TAGS_MAX)
			return -1;
		/* Insert in order. */
		int at = *n;
		while (at > 0) {
			str prev = out[at - 1];
			size_t mn = prev.n < tag.n ? prev.n : tag.n;
			int cmp = memcmp(prev.p, tag.p, mn);
			if (cmp < 0 || (cmp == 0 && prev.n < tag.n))
				break;
			out[at] = prev;
			at--;
		}
		out[at] = tag;
		(*n)++;
	}
	return 0;
}

/* ---- times ---------------------------------------------------------------- */

static int digits(const char *p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* A publishing time: "YYYY-MM-DDTHH:MM[:SS]" then "Z", "+HH:MM" or
 * "-HH:MM", or nothing: then it is read as `offset_min` minutes west of
 * UTC when the form sent them (tz_offset, as a browser's
 * getTimezoneOffset() gives them), else in the member's own zone.  0
 * with *out; -1 if bad. */
static int parse_when(str s, bool has_offset, int64_t offset_min, str zone, int64_t *out)
{
	char b[41];
	if (s.n < 16 || s.n > 40)
		return -1;
	memcpy(b, s.p, s.n);
	b[s.n] = 0;
	if (b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ') || b[13] != ':')
		return -1;
	int y = digits(b, 4), mo = digits(b + 5, 2), d = digits(b + 8, 2), h = digits(b + 11, 2),
	    mi = digits(b + 14, 2), sec = 0;
	size_t i = 16;
	if (i < s.n && b[i] == ':') {
		sec = digits(b + 17, 2);
		i = 19;
		if (i > s.n)
			return -1;
		if (i < s.n && b[i] == '.') /* fractions of a second: ignored */
			for (i++; i < s.n && b[i] >= '0' && b[i] <= '9'; i++)
				;
	}
	if (y < 2000 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    sec < 0 || sec > 59)
		return -1;
	if (d > utc_month_days(y, mo))
		return -1;
	int64_t wall = utc_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	if (i < s.n) {
		int64_t west = 0; /* seconds to add to local time for UTC: none for Z */
		if ((b[i] == '+' || b[i] == '-') && i + 6 == s.n && b[i + 3] == ':') {
			int zh = digits(b + i + 1, 2), zm = digits(b + i + 4, 2);
			if (zh < 0 || zh > 14 || zm < 0 || zm > 59)
				return -1;
			west = (b[i] == '+' ? -1 : 1) * (int64_t)(zh * 3600 + zm * 60);
		} else if (!(b[i] == 'Z' && i + 1 == s.n))
			return -1;
		*out = wall + west;
	} else
		*out = has_offset ? wall + offset_min * 60 : tz_wall(zone, wall);
	return 0;
}

/* ---- the write path --------------------------------------------------------- */

/* The guard for a public post: its title and body are scanned for
 * patient identifiers like a clinical forum's posts. */
static bool guard(http_req *r, str title, str body, struct forum_findings *f)
{
	struct forum_draft d = {.title = title, .body = body, .confirm = form_bool(&r->in, "confirm_no_identifiers")};
	return forum_guard_stops(&d, f);
}

/* The status the request asks for: the API's "status", or the form's
 * button ("action"); -1 with none, -2 for "preview", -3 for a bad one. */
static int wanted_status(http_req *r)
{
	str st = form_get(&r->in, "status"), act = form_get(&r->in, "action");
	if (st.n)
		return store_blog_status_parse(st) >= 0 ? store_blog_status_parse(st) : -3;
	if (!act.n)
		return -1;
	if (str_eqc(act, "preview"))
		return -2;
	if (str_eqc(act, "draft"))
		return STORE_BLOG_DRAFT;
	if (str_eqc(act, "publish"))
		return STORE_BLOG_PUBLISHED;
	if (str_eqc(act, "schedule"))
		return STORE_BLOG_SCHEDULED;
	if (str_eqc(act, "unpublish"))
		return STORE_BLOG_UNPUBLISHED;
	if (str_eqc(act, "save"))
		return -1;
	return -3;
}

int blog_post_write(http_req *r, const struct store_blog *b, struct store_blog_post *p, struct forum_findings *f)
{
	f->n = 0;
	bool fresh = p->id == 0;
	struct form_values *in = &r->in;
	str title = str_trim(form_get(in, "title")), summary = str_trim(form_get(in, "summary")),
	    body = form_get(in, "body"), tags = form_get(in, "tags");
	size_t chars = 0;
	/* Absent fields keep what the post has (an API PATCH); a new post
	 * and a form send them all. */
	if (title.p || fresh) {
		if (!title.n)
			form_set_error(in, "title", "is required");
		else if (form_check_text(title, false, &chars) || chars > BLOG_POST_TITLE_MAX)
			form_set_error(in, "title", "must be at most 200 characters");
		else
			p->title = title;
	}
	if (summary.p || fresh) {
		if (form_check_text(summary, true, &chars) || chars > BLOG_POST_SUMMARY_MAX)
			form_set_error(in, "summary", "must be at most 500 characters");
		else
			p->summary = summary;
	}
	if (body.p || fresh) {
		if (!str_trim(body).n)
			form_set_error(in, "body", "is required");
		else
			p->body = body;
	}
	if (tags.p) {
		str t[STORE_BLOG_TAGS_MAX];
		int n = 0;
		if (blog_tags_parse(r->a, tags, t, &n))
			form_set_error(in, "tags",
				       "must be at most 8 tags, separated by commas, each of letters, digits and hyphens "
				       "(32 at most)");
		else {
			memcpy(p->tags, t, sizeof t);
			p->ntags = n;
		}
	}
	int want = wanted_status(r);
	if (want == -3)
		form_set_error(in, form_get(in, "status").n ? "status" : "action",
			       "must be draft, scheduled, published or unpublished");
	enum store_blog_status was = p->status;
	enum store_blog_status to = want >= 0 ? (enum store_blog_status)want : fresh ? STORE_BLOG_DRAFT : was;
	if (fresh && to == STORE_BLOG_UNPUBLISHED)
		form_set_error(in, form_get(in, "status").n ? "status" : "action", "a new post cannot be unpublished");
	if (to == STORE_BLOG_SCHEDULED) {
		str when = str_trim(form_get(in, "publish_at"));
		int64_t offset = 0, at = 0;
		str tz = form_get(in, "tz_offset");
		bool has_offset = tz.n && !str_to_i64(tz, &offset) && offset >= -900 && offset <= 900;
		if (!when.n && !(was == STORE_BLOG_SCHEDULED && p->publish_at))
			form_set_error(in, "publish_at", "is required to schedule a post");
		else if (when.n && parse_when(when, has_offset, offset, r->me.timezone, &at))
			form_set_error(in, "publish_at", "must be a date and time such as 2026-12-24T09:30");
		else if (when.n && (at < r->now - BLOG_SCHEDULE_BEHIND || at > r->now + BLOG_SCHEDULE_AHEAD))
			form_set_error(in, "publish_at", "must be within the next year");
		else if (when.n)
			p->publish_at = at;
	} else
		p->publish_at = 0;
	/* Comments: the API changes them only when it sends the field; a
	 * form's box sends nothing when it is not ticked (open). */
	if (!fresh && (in->present[form_index(in->spec, "comments_closed")] || !(r->route->flags & ROUTE_JSON)))
		p->comments_closed = form_bool(in, "comments_closed");
	if (in->nerr)
		return 422;
	if (want == -2)
		return 422; /* a preview: the form again, nothing written */
	if (to == STORE_BLOG_SCHEDULED && was == STORE_BLOG_PUBLISHED)
		return http_error(r, 409, "published",
				  "This post is published already: unpublish it first to schedule it again.", NULL),
		       409;
	if (guard(r, p->title, p->body, f)) {
		form_set_error(in, "body", "may identify a patient");
		return 422;
	}
	/* The summary shown in lists and cards: the writer's, or the start
	 * of the body as plain text. */
	if (!p->summary.n && markdown_text(r->a, p->body, 300, &p->summary))
		return STORE_ERR;
	if (markdown_html(r->a, p->body, &p->body_html))
		return STORE_ERR;
	str cover = STR_NULL;
	int rc = forum_image_keep_field(r, "cover", &cover);
	if (rc)
		return rc;
	if (cover.n)
		p->cover = cover;
	else if (form_bool(in, "remove_cover"))
		p->cover = S("");
	p->status = to;
	store *st = http_store(r);
	if (!fresh)
		return store_blog_post_update(st, p, r->me.id, r->now) == STORE_ENOTFOUND ? not_found(r) : 0;
	p->blog_id = b->id;
	p->author_id = r->me.id;
	for (int i = 1; i <= 50; i++) {
		/* "new" is the address of the form that writes a post. */
		p->slug = page_slug(r, p->title, 60, "post", i);
		if (str_eqc(p->slug, "new"))
			p->slug = S("new-post");
		if (!p->slug.p)
			return STORE_ERR;
		rc = store_blog_post_create(st, p, r->now, &p->id);
		if (rc != STORE_ECONFLICT)
			return rc == STORE_ENOTFOUND ? not_found(r) : rc;
	}
	return http_error(r, 409, "slug_taken", "Too many posts have this title: choose another.", NULL), 409;
}

/* ---- views and JSON ------------------------------------------------------------ */

static const char *status_label(enum store_blog_status st)
{
	switch (st) {
	case STORE_BLOG_DRAFT:
		return "Draft";
	case STORE_BLOG_SCHEDULED:
		return "Scheduled";
	case STORE_BLOG_PUBLISHED:
		return "Published";
	case STORE_BLOG_UNPUBLISHED:
		return "Unpublished";
	case STORE_BLOG_STATUS_MAX:
		break;
	}
	return "";
}

static const char *tag_href(http_req *r, str tag)
{
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, "/blogs/tags/");
	buf_str(&b, tag);
	return b.err ? "/blogs" : str_dup(r->a, buf_slice(&b));
}

view_obj *blog_post_view(http_req *r, const struct store_blog_post *p)
{
	view_obj *o = view_obj_new(r->a);
	view_list *tags = view_list_new(r->a);
	if (!o || !tags)
		return NULL;
	view_set_int(o, "id", p->id);
	view_set_str(o, "title", p->title);
	view_set_str(o, "slug", p->slug);
	view_set_str(o, "summary", p->summary);
	view_set_cstr(o, "href", blog_post_href(r, p, false));
	view_set_cstr(o, "cover", blog_cover_href(r, p, false));
	view_set_str(o, "blog", p->blog_title);
	view_set_cstr(o, "blog_href", blog_href(r, p->blog_slug, false));
	view_set_str(o, "author", p->author_name);
	view_set_str(o, "handle", p->author_handle);
	view_set_bool(o, "verified", p->author_verified);
	int64_t when = p->published_at ? p->published_at : p->updated_at;
	view_set_cstr(o, "when", page_when(r, when));
	view_set_cstr(o, "iso", page_iso_time(r, when));
	view_set_cstr(o, "updated", page_when(r, p->updated_at));
	view_set_cstr(o, "status", store_blog_status_name(p->status));
	view_set_cstr(o, "status_label", status_label(p->status));
	view_set_bool(o, "published", p->status == STORE_BLOG_PUBLISHED);
	view_set_bool(o, "scheduled", p->status == STORE_BLOG_SCHEDULED);
	view_set_cstr(o, "publish_at", p->publish_at ? page_when(r, p->publish_at) : "");
	view_set_bool(o, "featured", p->featured_at > 0);
	view_set_int(o, "comments", p->comment_count);
	view_set_bool(o, "comments_closed", p->comments_closed);
	view_set_bool(o, "edited", p->edit_count > 0);
	for (int i = 0; i < p->ntags; i++) {
		view_obj *t = view_obj_new(r->a);
		if (!t)
			return NULL;
		view_set_str(t, "tag", p->tags[i]);
		view_set_cstr(t, "href", tag_href(r, p->tags[i]));
		view_list_push_obj(tags, t);
	}
	view_set_list(o, "tags", tags);
	view_set_bool(o, "has_tags", p->ntags > 0);
	return o;
}

view_obj *blog_view(http_req *r, const struct store_blog *b)
{
	view_obj *o = view_obj_new(r->a);
	if (!o)
		return NULL;
	view_set_str(o, "slug", b->slug);
	view_set_str(o, "title", b->title);
	view_set_str(o, "about", b->about);
	view_set_cstr(o, "href", blog_href(r, b->slug, false));
	view_set_str(o, "owner", b->owner_name);
	view_set_str(o, "handle", b->owner_handle);
	view_set_bool(o, "verified", b->owner_verified);
	view_set_int(o, "posts", b->post_count);
	view_set_cstr(o, "last", b->last_published_at ? page_when(r, b->last_published_at) : "");
	return o;
}

static json_t *jstr(str s)
{
	return json_stringn(s.p ? s.p : "", s.n);
}

json_t *blog_post_json(http_req *r, const struct store_blog_post *p, bool with_body)
{
	json_t *tags = json_array();
	for (int i = 0; tags && i < p->ntags; i++)
		json_array_append_new(tags, jstr(p->tags[i]));
	json_t *j = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:{s:o, s:o, s:b}, s:o, s:s, s:b, s:I, s:b, "
			      "s:I, s:o}",
			      "id", (json_int_t)p->id, "blog", jstr(p->blog_slug), "blog_title", jstr(p->blog_title),
			      "slug", jstr(p->slug), "title", jstr(p->title), "summary", jstr(p->summary), "url",
			      blog_post_href(r, p, true), "cover_url", blog_cover_href(r, p, true), "author", "handle",
			      jstr(p->author_handle), "name", jstr(p->author_name), "verified", p->author_verified,
			      "tags", tags ? tags : json_array(), "status", store_blog_status_name(p->status),
			      "featured", p->featured_at > 0, "comment_count", (json_int_t)p->comment_count,
			      "comments_closed", p->comments_closed, "topic_id", (json_int_t)p->topic_id, "shared",
			      jstr(p->shared));
	if (!j)
		return NULL;
	json_object_set_new(j, "published_at",
			    p->published_at ? json_string(page_iso_time(r, p->published_at)) : json_null());
	json_object_set_new(j, "publish_at", p->publish_at ? json_string(page_iso_time(r, p->publish_at)) : json_null());
	json_object_set_new(j, "updated_at", json_string(page_iso_time(r, p->updated_at)));
	json_object_set_new(j, "edit_count", json_integer((json_int_t)p->edit_count));
	if (with_body) {
		json_object_set_new(j, "body", jstr(p->body));
		json_object_set_new(j, "body_html", jstr(p->body_html));
	}
	return j;
}

json_t *blog_json(http_req *r, const struct store_blog *b)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:s, s:{s:o, s:o, s:b}, s:I}", "id", (json_int_t)b->id, "slug",
			 jstr(b->slug), "title", jstr(b->title), "about", jstr(b->about), "url",
			 blog_href(r, b->slug, true), "owner", "handle", jstr(b->owner_handle), "name",
			 jstr(b->owner_name), "verified", b->owner_verified, "post_count", (json_int_t)b->post_count);
}
