/* promote.c: featured blog posts and the editors' promotion queue.
 *
 *   /editor/promote              editors: featured posts, newest featured
 *                                first, each with text ready to share, its
 *                                link and card image, and per network a
 *                                "shared" mark; POST /editor/promote/ID
 *                                features, unfeatures, marks and unmarks
 *   /api/v1/editor/featured      GET the list; POST {post_id} features
 *   /api/v1/editor/featured/ID   DELETE unfeatures
 *   /api/v1/editor/featured/ID/shares/NETWORK   PUT marks, DELETE unmarks
 *
 * Only a published post is featured (the store refuses others); a post
 * that is not featured has no shares to mark.  Pages and the API change
 * through promote_change, so each refusal is decided once.  The home
 * page shows the featured posts (home.c). */
#include <stdio.h>
#include <string.h>

#include "blogs.h"
#include "views_gen.h"

/* Featured posts listed at most; the length of a text to share. */
#define FEATURED_LIST 100
#define SHARE_TEXT_MAX 280

enum promote_action { PROMOTE_FEATURE, PROMOTE_UNFEATURE, PROMOTE_SHARE, PROMOTE_UNSHARE, PROMOTE_MAX };
static const char *const promote_actions[PROMOTE_MAX] = {"feature", "unfeature", "share", "unshare"};

static const struct form_field promote_fields[] = {
	{"action", 16, FIELD_REQUIRED, NULL},
	{"network", 16, 0, NULL},
	{"back", 600, 0, NULL},
};
const struct form_spec form_promote = FORM_SPEC(promote_fields);

static const struct form_field feature_fields[] = {{"post_id", 24, FIELD_REQUIRED | FIELD_INT, NULL}};
const struct form_spec form_api_feature = FORM_SPEC(feature_fields);

static int not_found(http_req *r, const char *message)
{
	return http_error(r, 404, "not_found", message, NULL), 404;
}

static int conflict(http_req *r, const char *code, const char *message)
{
	return http_error(r, 409, code, message, NULL), 409;
}

/* ---- shares ------------------------------------------------------------- */

/* The index of network `name` in blog_networks, or -1. */
static int network_index(str name)
{
	for (int i = 0; i < BLOG_NETWORKS_N; i++)
		if (str_eqc(name, blog_networks[i]))
			return i;
	return -1;
}

/* Whether p is marked shared on `network` (p->shared: "a,b,c"). */
static bool shared_on(const struct store_blog_post *p, const char *network)
{
	str s = p->shared;
	while (s.n) {
		size_t i = 0;
		while (i < s.n && s.p[i] != ',')
			i++;
		if (str_eqc((str){s.p, i}, network))
			return true;
		s = i < s.n ? (str){s.p + i + 1, s.n - i - 1} : STR_NULL;
	}
	return false;
}

/* Appends `s` to b with every run of white space made one space. */
static void put_text(buf *b, str s)
{
	bool space = false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
			space = true;
			continue;
		}
		if (space && b->n)
			buf_putc(b, ' ');
		space = false;
		buf_putc(b, c);
	}
}

/* The byte length of the first `chars` characters of t (UTF-8). */
static size_t prefix_bytes(str t, size_t chars)
{
	size_t i = 0;
	for (; i < t.n; i++)
		if (((unsigned char)t.p[i] & 0xc0) != 0x80 && chars-- == 0)
			break;
	return i;
}

/* "TITLE — SUMMARY LINK" within SHARE_TEXT_MAX characters: when it is
 * longer, the text is cut at a word and ends with an ellipsis. */
static str share_text(http_req *r, const struct store_blog_post *p, const char *link)
{
	buf b;
	buf_init(&b, r->a);
	put_text(&b, p->title);
	if (str_trim(p->summary).n) {
		buf_puts(&b, " — ");
		put_text(&b, p->summary);
	}
	size_t chars = 0, link_chars = 0;
	str t = buf_slice(&b);
	form_check_text(t, true, &chars);
	form_check_text(str_c(link), true, &link_chars);
	size_t room = SHARE_TEXT_MAX > link_chars + 2 ? SHARE_TEXT_MAX - link_chars - 1 : 1;
	if (chars > room) {
		size_t end = prefix_bytes(t, room - 1), cut = end;
		while (cut > 0 && t.p[cut] != ' ')
			cut--;
		/* At a word unless that loses most of it; no dash left hanging. */
		if (cut > end / 2)
			end = cut;
		while (end > 0 && t.p[end - 1] == ' ')
			end--;
		if (end >= 4 && memcmp(t.p + end - 4, " \xe2\x80\x94", 4) == 0)
			end -= 4;
		b.n = end;
		buf_puts(&b, "…");
	}
	if (b.n)
		buf_putc(&b, ' ');
	buf_puts(&b, link);
	return b.err ? str_c(link) : buf_slice(&b);
}

/* ---- changing ------------------------------------------------------------ */

/* An editor features, unfeatures, or marks shared (or not) on `network`
 * post `id`: 0 with *p the post as it is now; 404 or 409 answered; or a
 * store error. */
static int promote_change(http_req *r, int64_t id, enum promote_action act, str network, struct store_blog_post *p)
{
	store *st = http_store(r);
	int rc = id ? store_blog_post_get(st, r->a, id, p) : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return not_found(r, "There is no such post.");
	if (rc)
		return rc;
	switch (act) {
	case PROMOTE_FEATURE:
		if (p->status != STORE_BLOG_PUBLISHED)
			return conflict(r, "not_published", "Only a published post can be featured.");
		if (p->featured_at)
			return conflict(r, "featured_already", "This post is featured already.");
		rc = store_blog_feature(st, id, true, r->me.id, r->now);
		break;
	case PROMOTE_UNFEATURE:
		if (!p->featured_at)
			return not_found(r, "This post is not featured.");
		rc = store_blog_feature(st, id, false, r->me.id, r->now);
		break;
	case PROMOTE_SHARE:
	case PROMOTE_UNSHARE:
		if (network_index(network) < 0)
			return not_found(r, "There is no such network.");
		if (!p->featured_at)
			return not_found(r, "This post is not featured.");
		rc = store_blog_share(st, id, network, act == PROMOTE_SHARE, r->me.id, r->now);
		break;
	default:
		return STORE_ERR;
	}
	if (rc == STORE_ENOTFOUND)
		return not_found(r, act == PROMOTE_FEATURE ? "There is no such post." : "This post is not featured.");
	if (rc == STORE_ECONFLICT)
		return conflict(r, "wrong_state",
				act == PROMOTE_FEATURE ? "Only a published post that is not featured yet can be featured."
						       : "This post is not featured.");
	return rc ? rc : store_blog_post_get(st, r->a, id, p);
}

static int featured_posts(http_req *r, struct store_blog_post_list *l)
{
	struct store_blog_query q = {.status = -1, .featured = true, .limit = FEATURED_LIST};
	return store_blog_posts(http_store(r), r->a, &q, l, NULL);
}

/* ---- the page ---------------------------------------------------------------- */

static view_obj *queue_view(http_req *r, const struct store_blog_post *p)
{
	view_obj *o = blog_post_view(r, p);
	view_list *nets = view_list_new(r->a);
	if (!o || !nets)
		return NULL;
	const char *link = blog_post_href(r, p, true);
	view_set_int(o, "id", p->id);
	view_set_cstr(o, "post_href", blog_post_href(r, p, false));
	view_set_cstr(o, "link", link);
	view_set_cstr(o, "image", blog_cover_href(r, p, true));
	view_set_str(o, "share_text", share_text(r, p, link));
	view_set_cstr(o, "featured_when", page_when(r, p->featured_at));
	for (int i = 0; i < BLOG_NETWORKS_N; i++) {
		view_obj *n = view_obj_new(r->a);
		if (!n)
			return NULL;
		view_set_cstr(n, "key", blog_networks[i]);
		view_set_cstr(n, "label", blog_network_labels[i]);
		view_set_bool(n, "shared", shared_on(p, blog_networks[i]));
		view_list_push_obj(nets, n);
	}
	view_set_list(o, "networks", nets);
	return o;
}

/* GET /editor/promote — editors: the featured posts to share. */
int editor_promote(http_req *r)
{
	struct store_blog_post_list l;
	int rc = featured_posts(r, &l);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Promotion queue");
	view_list *vl = view_list_new(r->a);
	if (!ctx || !vl)
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < l.n; i++) {
		view_obj *o = queue_view(r, &l.items[i]);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_list_push_obj(vl, o);
	}
	view_set_list(ctx, "posts", vl);
	view_set_bool(ctx, "has_posts", l.n > 0);
	str done = http_query(r, "done");
	for (int i = 0; i < PROMOTE_MAX; i++)
		if (str_eqc(done, promote_actions[i]))
			view_set_cstr(ctx, "done", promote_actions[i]);
	return http_page(r, 200, view_editor_promote, ctx);
}

/* Where a form sends the editor back: a blog post's page that posted it
 * (a local path under /b/), else the queue. */
static const char *back_to(http_req *r, enum promote_action act)
{
	str back = form_get(&r->in, "back");
	bool ok = back.n > 3 && memcmp(back.p, "/b/", 3) == 0;
	for (size_t i = 0; ok && i < back.n; i++) {
		unsigned char c = (unsigned char)back.p[i];
		ok = c > 0x20 && c < 0x7f && c != '\\';
	}
	if (ok)
		return str_dup(r->a, back);
	char to[64];
	snprintf(to, sizeof to, "/editor/promote?done=%s", promote_actions[act]);
	return arena_strndup(r->a, to, strlen(to));
}

/* POST /editor/promote/:id {action feature|unfeature|share|unshare,
 * network, back} — editors: 303 back (to `back` when it is a blog post's
 * path, else the queue); 404 unknown post or network, or not featured;
 * 409 featuring one not published, or featured already. */
int editor_promote_post(http_req *r)
{
	str action = str_trim(form_get(&r->in, "action"));
	int act = -1;
	for (int i = 0; i < PROMOTE_MAX; i++)
		if (str_eqc(action, promote_actions[i]))
			act = i;
	if (r->in.nerr || act < 0)
		return http_error(r, 422, "invalid", "The action must be feature, unfeature, share or unshare.", "action");
	struct store_blog_post p;
	int rc = promote_change(r, page_id(r->params[0]), (enum promote_action)act,
				str_trim(form_get(&r->in, "network")), &p);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	const char *to = back_to(r, (enum promote_action)act);
	return to ? http_redirect(r, to) : http_store_error(r, STORE_ERR);
}

/* ---- the API ------------------------------------------------------------------ */

/* A featured post as the API shows it: blog_post_json (its absolute
 * "url" and "cover_url" are the link and the card image) with the text
 * to share, the networks marked shared (a list) and when it was featured. */
static json_t *featured_json(http_req *r, const struct store_blog_post *p)
{
	json_t *j = blog_post_json(r, p, false), *nets = json_array();
	if (!j || !nets) {
		json_decref(j);
		json_decref(nets);
		return NULL;
	}
	str text = share_text(r, p, blog_post_href(r, p, true));
	for (int i = 0; i < BLOG_NETWORKS_N; i++)
		if (shared_on(p, blog_networks[i]))
			json_array_append_new(nets, json_string(blog_networks[i]));
	json_object_set_new(j, "share_text", json_stringn(text.p ? text.p : "", text.n));
	json_object_set_new(j, "shared", nets);
	json_object_set_new(j, "featured_at", p->featured_at ? json_string(page_iso_time(r, p->featured_at)) : json_null());
	return j;
}

static int answer(http_req *r, int status, json_t *j)
{
	return j ? http_json(r, status, j) : http_error(r, 500, "internal", "Something went wrong on our side.", NULL);
}

/* GET /api/v1/editor/featured — editors: {posts}, newest featured first. */
int api_editor_featured(http_req *r)
{
	struct store_blog_post_list l;
	int rc = featured_posts(r, &l);
	if (rc)
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < l.n; i++) {
		json_t *j = featured_json(r, &l.items[i]);
		if (!j) {
			json_decref(a);
			return answer(r, 500, NULL);
		}
		json_array_append_new(a, j);
	}
	return answer(r, 200, a ? json_pack("{s:o}", "posts", a) : NULL);
}

/* POST /api/v1/editor/featured {post_id} — editors: 201, the post; 404
 * unknown; 409 not published, or featured already; 422 no post_id. */
int api_editor_feature(http_req *r)
{
	int64_t id = page_id(form_get(&r->in, "post_id"));
	if (id <= 0)
		return http_error(r, 422, "invalid", "post_id must be the id of a post", "post_id");
	struct store_blog_post p;
	int rc = promote_change(r, id, PROMOTE_FEATURE, STR_NULL, &p);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return answer(r, 201, featured_json(r, &p));
}

/* DELETE /api/v1/editor/featured/:id — editors: 204; 404 unknown or not
 * featured. */
int api_editor_unfeature(http_req *r)
{
	struct store_blog_post p;
	int rc = promote_change(r, page_id(r->params[0]), PROMOTE_UNFEATURE, STR_NULL, &p);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return http_no_content(r);
}

static int api_share(http_req *r, enum promote_action act)
{
	struct store_blog_post p;
	int rc = promote_change(r, page_id(r->params[0]), act, r->params[1], &p);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return answer(r, 200, featured_json(r, &p));
}

/* PUT /api/v1/editor/featured/:id/shares/:network — editors: 200, the
 * post marked shared there; 404 unknown post or network, not featured. */
int api_editor_share(http_req *r)
{
	return api_share(r, PROMOTE_SHARE);
}

/* DELETE /api/v1/editor/featured/:id/shares/:network — editors: 200, the
 * post unmarked; 404 as PUT. */
int api_editor_unshare(http_req *r)
{
	return api_share(r, PROMOTE_UNSHARE);
}
