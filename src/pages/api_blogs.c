/* api_blogs.c: the blogs API under /api/v1/blogs, with the pages' rules
 * (blogs.h): published posts for everyone, the rest for their blogger;
 * posts are written through blog_post_write like the pages' forms. */
#include <stdio.h>
#include <string.h>

#include "blogs.h"

/* GET /api/v1/blogs — {blogs, posts (the newest published, ?page=N)}. */
int api_blogs(http_req *r)
{
	store *st = http_store(r);
	int64_t page = page_number(r), total = 0;
	struct store_blog_list bl;
	struct store_blog_post_list pl;
	struct store_blog_query q = {.status = -1, .limit = BLOG_POSTS_PAGE,
				     .offset = (int)((page - 1) * BLOG_POSTS_PAGE)};
	int rc = store_blog_list(st, r->a, 100, 0, &bl);
	if (!rc)
		rc = store_blog_posts(st, r->a, &q, &pl, &total);
	if (rc)
		return http_store_error(r, rc);
	json_t *blogs = json_array(), *posts = json_array();
	for (int i = 0; blogs && i < bl.n; i++)
		json_array_append_new(blogs, blog_json(r, &bl.items[i]));
	for (int i = 0; posts && i < pl.n; i++)
		json_array_append_new(posts, blog_post_json(r, &pl.items[i], false));
	return http_json(r, 200, json_pack("{s:o, s:o, s:I, s:I}", "blogs", blogs ? blogs : json_array(), "posts",
					   posts ? posts : json_array(), "page", (json_int_t)page, "total",
					   (json_int_t)total));
}

/* GET /api/v1/blogs/:blog?page=N&status=S — the blog and its posts:
 * published ones; with status (draft, scheduled, unpublished) its
 * blogger's others. */
int api_blog(http_req *r)
{
	struct store_blog b;
	int rc = blog_find(r, r->params[0], &b);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	int64_t page = page_number(r), total = 0;
	str status = http_query(r, "status");
	struct store_blog_query q = {.blog = b.id, .status = -1, .limit = BLOG_POSTS_PAGE,
				     .offset = (int)((page - 1) * BLOG_POSTS_PAGE)};
	if (status.n) {
		q.status = store_blog_status_parse(status);
		if (q.status < 0)
			return http_error(r, 422, "invalid", "status must be draft, scheduled, published or unpublished.",
					  "status");
		if (q.status != STORE_BLOG_PUBLISHED && !blog_mine(r, &b))
			return http_error(r, 403, "forbidden", "Only this blog's blogger sees its unpublished posts.",
					  "status");
	}
	struct store_blog_post_list pl;
	if ((rc = store_blog_posts(http_store(r), r->a, &q, &pl, &total)))
		return http_store_error(r, rc);
	json_t *posts = json_array();
	for (int i = 0; posts && i < pl.n; i++)
		json_array_append_new(posts, blog_post_json(r, &pl.items[i], false));
	return http_json(r, 200, json_pack("{s:o, s:o, s:I, s:I}", "blog", blog_json(r, &b), "posts",
					   posts ? posts : json_array(), "page", (json_int_t)page, "total",
					   (json_int_t)total));
}

/* PATCH /api/v1/blogs/:blog {title, about} — its blogger: the blog. */
int api_blog_update(http_req *r)
{
	struct store_blog b;
	if (blog_writer_find(r, &b))
		return 0;
	int rc = blog_details_change(r, &b);
	if (rc == 422)
		return http_error(r, 422, "invalid", "title is required", "title");
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return http_json(r, 200, blog_json(r, &b));
}

/* Answers a refusal of blog_post_write: fields (422, with the guard's
 * findings as the forums' API gives them), or what it answered. */
static int write_refused(http_req *r, int rc, const struct forum_findings *f)
{
	if (rc == 422 && f->n) {
		json_t *j = json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "patient_identifiers", "message",
				      "This may identify a patient. Remove it, or send it again with "
				      "confirm_no_identifiers true.",
				      "findings", forum_findings_json(f));
		return http_json(r, 422, j);
	}
	if (rc == 422 && r->in.first_err >= 0) {
		const char *name = r->in.spec->fields[r->in.first_err].name;
		char msg[300];
		snprintf(msg, sizeof msg, "%s %s", name, r->in.err[r->in.first_err]);
		return http_error(r, 422, "invalid", arena_strndup(r->a, msg, strlen(msg)), name);
	}
	if (rc == 422)
		return http_error(r, 422, "invalid", "A preview is for the form only.", "action");
	return rc > 0 ? 0 : http_store_error(r, rc);
}

/* POST /api/v1/blogs/:blog/posts {title, summary, body, tags, status,
 * publish_at, confirm_no_identifiers} — its blogger: 201 the post. */
int api_blog_post_create(http_req *r)
{
	struct store_blog b;
	if (blog_writer_find(r, &b))
		return 0;
	struct store_blog_post p = {0};
	struct forum_findings f = {0};
	int rc = blog_post_write(r, &b, &p, &f);
	if (rc)
		return write_refused(r, rc, &f);
	struct store_blog_post got;
	if ((rc = store_blog_post_get(http_store(r), r->a, p.id, &got)))
		return http_store_error(r, rc);
	return http_json(r, 201, blog_post_json(r, &got, true));
}

/* GET /api/v1/blogs/:blog/posts/:post — the post with its body and its
 * comments (?page=N). */
int api_blog_post(http_req *r)
{
	struct store_blog b;
	struct store_blog_post p;
	if (blog_post_at(r, &b, &p))
		return 0;
	json_t *j = blog_post_json(r, &p, true), *comments = json_array();
	struct store_topic t;
	store *st = http_store(r);
	if (p.topic_id && p.status == STORE_BLOG_PUBLISHED &&
	    store_topic_get(st, r->a, p.topic_id, r->me.id, &t) == 0 && !t.deleted) {
		int64_t page = page_number(r);
		struct store_post_list pl;
		int rc = store_topic_page(st, r->a, &t, r->me.id, FORUM_POSTS_PAGE,
					   (int)((page - 1) * FORUM_POSTS_PAGE) + 1, &pl);
		if (rc)
			return json_decref(j), json_decref(comments), http_store_error(r, rc);
		for (int i = 0; comments && i < pl.n; i++)
			json_array_append_new(comments, forum_post_json(r, &pl.items[i]));
	}
	if (j)
		json_object_set_new(j, "comments", comments ? comments : json_array());
	return http_json(r, 200, j);
}

/* PATCH /api/v1/blogs/:blog/posts/:post — its blogger: the fields sent
 * change (status publishes, schedules, unpublishes); the post. */
int api_blog_post_update(http_req *r)
{
	struct store_blog b;
	struct store_blog_post p;
	int rc = blog_writer_find(r, &b);
	if (rc)
		return 0;
	if ((rc = blog_post_find(r, &b, r->params[1], &p)))
		return rc > 0 ? 0 : http_store_error(r, rc);
	struct forum_findings f = {0};
	if ((rc = blog_post_write(r, &b, &p, &f)))
		return write_refused(r, rc, &f);
	struct store_blog_post got;
	if ((rc = store_blog_post_get(http_store(r), r->a, p.id, &got)))
		return http_store_error(r, rc);
	return http_json(r, 200, blog_post_json(r, &got, true));
}

/* GET /api/v1/blogs/:blog/posts/:post/revisions — whoever may read the
 * post: {revisions: [{title, summary, body, edited_at}]}, newest first. */
int api_blog_post_revisions(http_req *r)
{
	struct store_blog b;
	struct store_blog_post p;
	if (blog_post_at(r, &b, &p))
		return 0;
	struct store_blog_revision_list rl;
	int rc = store_blog_revisions(http_store(r), r->a, p.id, &rl);
	if (rc)
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < rl.n; i++)
		json_array_append_new(a, json_pack("{s:s%, s:s%, s:s%, s:I}", "title", rl.items[i].title.p ? rl.items[i].title.p : "",
						   rl.items[i].title.n, "summary",
						   rl.items[i].summary.p ? rl.items[i].summary.p : "", rl.items[i].summary.n,
						   "body", rl.items[i].body.p ? rl.items[i].body.p : "", rl.items[i].body.n,
						   "edited_at", (json_int_t)rl.items[i].edited_at));
	return http_json(r, 200, json_pack("{s:o}", "revisions", a ? a : json_array()));
}
