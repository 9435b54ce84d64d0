/* blog_pages.c: the blog pages (blogs.h has what they share with the API
 * and the feeds): /blogs and its tags, a blog, a post with its comments,
 * writing and editing posts, their history and covers. */
#include <stdio.h>
#include <string.h>

#include "blogs.h"
#include "views_gen.h"

#include "../text/markdown.h"
#include "../http/pageviews.h"

static int not_found(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

/* Lists `pl` as "posts" in ctx. */
static int posts_ctx(http_req *r, view_obj *ctx, const char *key, const struct store_blog_post_list *pl)
{
	view_list *l = view_list_new(r->a);
	if (!l)
		return -1;
	for (int i = 0; i < pl->n; i++) {
		view_obj *o = blog_post_view(r, &pl->items[i]);
		if (!o)
			return -1;
		view_list_push_obj(l, o);
	}
	view_set_list(ctx, key, l);
	view_set_bool(ctx, key[0] == 'p' ? "has_posts" : "has_other", pl->n > 0);
	return 0;
}

/* The pager of a list of `total` posts, on page `page`. */
static void pager_ctx(view_obj *ctx, int64_t page, int64_t total)
{
	int64_t pages = total ? (total + BLOG_POSTS_PAGE - 1) / BLOG_POSTS_PAGE : 1;
	view_set_bool(ctx, "has_prev", page > 1);
	view_set_bool(ctx, "has_next", page < pages);
	view_set_int(ctx, "prev", page - 1);
	view_set_int(ctx, "next", page + 1);
	view_set_int(ctx, "page", page);
	view_set_int(ctx, "pages", pages);
}

/* GET /blogs — blogs, the newest posts (?page=N) and the tags. */
int blogs_page(http_req *r)
{
	store *st = http_store(r);
	int64_t page = page_number(r), total = 0;
	struct store_blog_list bl;
	struct store_blog_post_list pl;
	struct store_blog_tag_list tl;
	struct store_blog_query q = {.status = -1, .limit = BLOG_POSTS_PAGE,
				     .offset = (int)((page - 1) * BLOG_POSTS_PAGE)};
	int rc = store_blog_list(st, r->a, 100, 0, &bl);
	if (!rc)
		rc = store_blog_posts(st, r->a, &q, &pl, &total);
	if (!rc)
		rc = store_blog_tags(st, r->a, 40, &tl);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Blogs");
	view_list *blogs = view_list_new(r->a), *tags = view_list_new(r->a);
	if (!ctx || !blogs || !tags || posts_ctx(r, ctx, "posts", &pl))
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < bl.n; i++)
		view_list_push_obj(blogs, blog_view(r, &bl.items[i]));
	for (int i = 0; i < tl.n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_str(o, "tag", tl.items[i].tag);
		view_set_int(o, "count", tl.items[i].count);
		view_list_push_obj(tags, o);
	}
	view_set_list(ctx, "blogs", blogs);
	view_set_bool(ctx, "has_blogs", bl.n > 0);
	view_set_list(ctx, "tags", tags);
	view_set_bool(ctx, "has_tags", tl.n > 0);
	pager_ctx(ctx, page, total);
	/* A member's way in: their blog, or the application. */
	struct store_blog mine;
	if (r->reader.signed_in && store_blog_of(st, r->a, r->me.id, &mine) == 0)
		view_set_cstr(ctx, "my_blog", blog_href(r, mine.slug, false));
	view_set_bool(ctx, "can_apply", policy_allows(&r->reader, ACT_BLOG_APPLY, NULL));
	return http_page(r, 200, view_blogs, ctx);
}

/* GET /blogs/tags/:tag — published posts with the tag, newest first. */
int blog_tag_page(http_req *r)
{
	str tags[STORE_BLOG_TAGS_MAX];
	int n = 0;
	if (blog_tags_parse(r->a, r->params[0], tags, &n) || n != 1)
		return not_found(r);
	int64_t page = page_number(r), total = 0;
	struct store_blog_post_list pl;
	struct store_blog_query q = {.status = -1, .tag = tags[0], .limit = BLOG_POSTS_PAGE,
				     .offset = (int)((page - 1) * BLOG_POSTS_PAGE)};
	int rc = store_blog_posts(http_store(r), r->a, &q, &pl, &total);
	if (rc)
		return http_store_error(r, rc);
	if (!total)
		return not_found(r);
	buf t;
	buf_init(&t, r->a);
	buf_puts(&t, "Posts tagged ");
	buf_str(&t, tags[0]);
	view_obj *ctx = http_page_ctx(r, t.err ? "Tag" : str_dup(r->a, buf_slice(&t)));
	if (!ctx || posts_ctx(r, ctx, "posts", &pl))
		return http_store_error(r, STORE_ERR);
	view_set_str(ctx, "tag", tags[0]);
	view_set_int(ctx, "total", total);
	pager_ctx(ctx, page, total);
	return http_page(r, 200, view_blog_tag, ctx);
}

/* GET /b/:blog — its published posts (?page=N); its blogger also sees
 * their drafts, scheduled and unpublished posts. */
int blog_page(http_req *r)
{
	struct store_blog b;
	int rc = blog_find(r, r->params[0], &b);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	store *st = http_store(r);
	int64_t page = page_number(r), total = 0;
	struct store_blog_post_list pl;
	struct store_blog_query q = {.blog = b.id, .status = -1, .limit = BLOG_POSTS_PAGE,
				     .offset = (int)((page - 1) * BLOG_POSTS_PAGE)};
	if ((rc = store_blog_posts(st, r->a, &q, &pl, &total)))
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, str_dup(r->a, b.title));
	if (!ctx || posts_ctx(r, ctx, "posts", &pl))
		return http_store_error(r, STORE_ERR);
	view_set_obj(ctx, "blog", blog_view(r, &b));
	pager_ctx(ctx, page, total);
	bool mine = blog_mine(r, &b);
	view_set_bool(ctx, "mine", mine);
	if (mine) {
		/* Their posts not (or no longer) public: drafts, scheduled,
		 * unpublished, newest change first. */
		struct store_blog_post_list all = {0}, one;
		struct store_blog_post *items = arena_alloc(r->a, sizeof *items * 150);
		if (!items)
			return http_store_error(r, STORE_ERR);
		all.items = items;
		const int statuses[] = {STORE_BLOG_SCHEDULED, STORE_BLOG_DRAFT, STORE_BLOG_UNPUBLISHED};
		for (int i = 0; i < 3; i++) {
			struct store_blog_query oq = {.blog = b.id, .status = statuses[i], .limit = 50};
			if ((rc = store_blog_posts(st, r->a, &oq, &one, NULL)))
				return http_store_error(r, rc);
			for (int k = 0; k < one.n; k++)
				items[all.n++] = one.items[k];
		}
		if (posts_ctx(r, ctx, "other", &all))
			return http_store_error(r, STORE_ERR);
	}
	buf feed;
	buf_init(&feed, r->a);
	buf_puts(&feed, blog_href(r, b.slug, false));
	buf_puts(&feed, "/feed.atom");
	view_set_cstr(ctx, "feed", feed.err ? "/feeds/blogs.atom" : str_dup(r->a, buf_slice(&feed)));
	view_set_str(ctx, "description", b.about);
	return http_page(r, 200, view_blog, ctx);
}

/* POST /b/:blog/details {title, about} — its blogger: 303 back to the
 * blog; the blog page again with the error (422). */
int blog_details_post(http_req *r)
{
	struct store_blog b;
	if (blog_writer_find(r, &b))
		return 0;
	int rc = r->in.nerr ? 422 : blog_details_change(r, &b);
	if (rc == 422)
		return http_error(r, 422, "invalid",
				  r->in.first_err >= 0 && !strcmp(r->in.spec->fields[r->in.first_err].name, "about")
					  ? "The description must be at most 1000 characters."
					  : "The title is required, and at most 100 characters.",
				  NULL);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return http_redirect(r, blog_href(r, b.slug, false));
}

/* ---- a post ---------------------------------------------------------------- */

/* Share links that load nothing from the networks: plain links to their
 * share forms, and email. */
static view_list *share_links(http_req *r, const struct store_blog_post *p)
{
	str url = str_c(blog_post_href(r, p, true));
	view_list *l = view_list_new(r->a);
	static const struct {
		const char *label, *prefix;
		bool text;
	} nets[] = {
		{"Bluesky", "https://bsky.app/intent/compose?text=", true},
		{"LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=", false},
		{"Facebook", "https://www.facebook.com/sharer/sharer.php?u=", false},
		{"X", "https://x.com/intent/post?url=", false},
		{"Email", "mailto:?subject=", true},
	};
	for (size_t i = 0; l && i < sizeof nets / sizeof nets[0]; i++) {
		buf b;
		buf_init(&b, r->a);
		buf_puts(&b, nets[i].prefix);
		if (nets[i].text) {
			buf tx;
			buf_init(&tx, r->a);
			buf_str(&tx, p->title);
			buf_putc(&tx, ' ');
			buf_str(&tx, url);
			view_esc_urlc(&b, tx.err ? url : buf_slice(&tx));
		} else
			view_esc_urlc(&b, url);
		view_obj *o = view_obj_new(r->a);
		if (!o || b.err)
			continue;
		view_set_cstr(o, "label", nets[i].label);
		view_set_str(o, "href", buf_slice(&b));
		view_list_push_obj(l, o);
	}
	return l;
}

/* Shows post p of blog b with its comments (?page=N), the comment form
 * with the request's values and the guard's findings. */
static int show_post(http_req *r, const struct store_blog *b, const struct store_blog_post *p, int status,
		     const struct forum_findings *fd)
{
	store *st = http_store(r);
	view_obj *ctx = http_page_ctx(r, str_dup(r->a, p->title));
	view_obj *po = blog_post_view(r, p);
	if (!ctx || !po || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	view_set_str(po, "body_html", p->body_html);
	view_set_obj(ctx, "post", po);
	view_set_obj(ctx, "blog", blog_view(r, b));
	bool mine = blog_mine(r, b);
	view_set_bool(ctx, "mine", mine);
	view_set_bool(ctx, "can_feature", p->status == STORE_BLOG_PUBLISHED &&
						 policy_allows(&r->reader, ACT_BLOG_FEATURE, NULL));
	view_set_list(ctx, "share", share_links(r, p));
	view_set_str(ctx, "description", p->summary);
	/* The card other sites show for a link to the post. */
	view_obj *og = view_obj_new(r->a);
	if (og && p->status == STORE_BLOG_PUBLISHED) {
		view_set_str(og, "title", p->title);
		view_set_str(og, "description", p->summary);
		view_set_cstr(og, "url", blog_post_href(r, p, true));
		view_set_cstr(og, "image", blog_cover_href(r, p, true));
		view_set_str(og, "author", p->author_name);
		view_set_obj(ctx, "og", og);
	}
	buf feed;
	buf_init(&feed, r->a);
	buf_puts(&feed, blog_href(r, b->slug, false));
	buf_puts(&feed, "/feed.atom");
	view_set_cstr(ctx, "feed", feed.err ? "/feeds/blogs.atom" : str_dup(r->a, buf_slice(&feed)));
	/* Comments: the replies of its topic (its first post is the
	 * summary the topic was opened with). */
	struct store_topic t;
	if (p->topic_id && p->status == STORE_BLOG_PUBLISHED &&
	    store_topic_get(st, r->a, p->topic_id, r->me.id, &t) == 0 && !t.deleted) {
		struct policy_object base = forum_object(r, t.section, t.forum_id, 0, 0);
		int64_t pages = t.reply_count ? (t.reply_count + FORUM_POSTS_PAGE - 1) / FORUM_POSTS_PAGE : 1;
		int64_t page = page_number(r);
		if (page > pages)
			page = pages;
		struct store_post_list pl;
		int offset = (int)((page - 1) * FORUM_POSTS_PAGE) + 1;
		int rc = store_topic_page(st, r->a, &t, r->me.id, FORUM_POSTS_PAGE, offset, &pl);
		if (rc)
			return http_store_error(r, rc);
		/* Comments count from the first reply. */
		view_list *posts = forum_posts_view(r, &t, &pl, FORUM_POSTS_PAGE, offset, 1);
		if (!posts)
			return http_store_error(r, STORE_ERR);
		if (status == 200)
			forum_mark_read(r, &t, &pl);
		view_set_list(ctx, "posts", posts);
		view_set_bool(ctx, "has_comments", pl.n > 0);
		view_set_int(ctx, "id", t.id);
		view_set_bool(ctx, "comments_open", true);
		view_set_bool(ctx, "locked", t.locked);
		bool can = policy_allows(&r->reader, ACT_FORUM_POST, &base);
		view_set_bool(ctx, "can_reply", can && !t.locked);
		view_set_bool(ctx, "signin_to_comment", !r->reader.signed_in && !t.locked);
		view_set_bool(ctx, "clinical", true);
		view_set_cstr(ctx, "reply_href", blog_post_href(r, p, false));
		view_set_bool(ctx, "has_prev", page > 1);
		view_set_bool(ctx, "has_next", page < pages);
		view_set_int(ctx, "prev", page - 1);
		view_set_int(ctx, "next", page + 1);
		view_set_int(ctx, "page", page);
		view_set_int(ctx, "pages", pages);
		bool watching = false;
		if (r->reader.signed_in)
			store_topic_watching(st, r->me.id, t.id, &watching);
		view_set_bool(ctx, "watching", watching);
	}
	if (fd && fd->n) {
		struct forum_draft d = forum_draft_of(r);
		view_list *l = forum_findings_view(r, fd, &d);
		if (l)
			view_set_list(ctx, "findings", l), view_set_bool(ctx, "has_findings", true);
	}
	return http_page(r, status, view_blog_post, ctx);
}

/* GET /b/:blog/:post — the post; drafts and the like to its blogger only. */
int blog_post_page(http_req *r)
{
	struct store_blog b;
	struct store_blog_post p;
	int rc = blog_post_at(r, &b, &p);
	if (rc)
		return 0;
	if (p.status == STORE_BLOG_PUBLISHED)
		http_view_item(r, STORE_VIEW_BLOG_POST, p.id);
	return show_post(r, &b, &p, 200, NULL);
}

/* POST /b/:blog/:post/comments {body, confirm_no_identifiers} — members:
 * a comment, then 303 to it; the post again with the error (422); 409
 * when comments are closed. */
int blog_comment_post(http_req *r)
{
	struct store_blog b;
	struct store_blog_post p;
	if (blog_post_at(r, &b, &p))
		return 0;
	struct store_topic t;
	int rc = p.status == STORE_BLOG_PUBLISHED && p.topic_id ? forum_topic(r, p.topic_id, &t) : (not_found(r), 404);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	int access = forum_access(r, t.section, t.forum_id, ACT_FORUM_POST);
	if (access)
		return !r->reader.signed_in ? http_error(r, 401, "unauthenticated", "Sign in to comment.", NULL)
					    : not_found(r);
	if (r->in.nerr)
		return show_post(r, &b, &p, 422, NULL);
	struct forum_draft d = forum_draft_of(r);
	d.title = STR_NULL;
	struct forum_target tg = {.forum = t.forum_id, .topic = t.id, .section = t.section};
	struct forum_findings fd;
	int64_t topic = 0, post = 0;
	rc = forum_write(r, &tg, &d, &fd, &topic, &post);
	if (rc == 422 || rc == FORUM_BAD_IMAGE)
		return show_post(r, &b, &p, 422, rc == 422 ? &fd : NULL);
	if (rc == 429)
		return 0;
	if (rc == 409)
		return http_error(r, 409, "comments_closed", "Comments on this post are closed.", NULL);
	if (rc == 404)
		return not_found(r);
	if (rc)
		return http_store_error(r, rc);
	struct store_post sp;
	int64_t number = store_post_get(http_store(r), r->a, post, r->me.id, &sp) == 0 ? sp.number : 2;
	return http_redirect(r, blog_comment_href(r, &p, post, number));
}

/* ---- writing --------------------------------------------------------------- */

/* The form to write or edit post p (p NULL: a new one) of blog b, with the
 * request's values, errors, the preview and the guard's findings. */
static int post_form(http_req *r, const struct store_blog *b, const struct store_blog_post *p, int status,
		     const struct forum_findings *fd)
{
	view_obj *ctx = http_page_ctx(r, p ? "Edit post" : "Write a post");
	if (!ctx)
		return http_store_error(r, STORE_ERR);
	view_set_obj(ctx, "blog", blog_view(r, b));
	bool posted = r->method == HTTP_POST;
	if (p) {
		view_obj *po = blog_post_view(r, p);
		view_set_obj(ctx, "post", po);
		view_set_bool(ctx, "editing", true);
		buf a;
		buf_init(&a, r->a);
		buf_puts(&a, blog_post_href(r, p, false));
		buf_puts(&a, "/edit");
		view_set_cstr(ctx, "action", a.err ? "/blogs" : str_dup(r->a, buf_slice(&a)));
	} else {
		buf a;
		buf_init(&a, r->a);
		buf_puts(&a, blog_href(r, b->slug, false));
		buf_puts(&a, "/new");
		view_set_cstr(ctx, "action", a.err ? "/blogs" : str_dup(r->a, buf_slice(&a)));
	}
	if (posted) {
		if (page_form_ctx(r, ctx, NULL) < 0)
			return http_store_error(r, STORE_ERR);
		view_set_bool(ctx, "comments_closed", form_bool(&r->in, "comments_closed"));
	} else if (p) {
		/* The post's own values, as the form shows them. */
		struct form_values fv;
		form_init(&fv, &form_blog_post);
		buf tags;
		buf_init(&tags, r->a);
		for (int i = 0; i < p->ntags; i++) {
			if (i)
				buf_puts(&tags, ", ");
			buf_str(&tags, p->tags[i]);
		}
		form_offer(&fv, r->a, "title", p->title.p, p->title.n, false);
		form_offer(&fv, r->a, "summary", p->summary.p, p->summary.n, false);
		form_offer(&fv, r->a, "body", p->body.p, p->body.n, false);
		if (!tags.err)
			form_offer(&fv, r->a, "tags", tags.p, tags.n, false);
		if (page_form_ctx(r, ctx, &fv) < 0)
			return http_store_error(r, STORE_ERR);
		view_set_bool(ctx, "comments_closed", p->comments_closed);
	}
	/* A preview of what was written. */
	str body = form_get(&r->in, "body");
	if (posted && body.n && str_eqc(form_get(&r->in, "action"), "preview")) {
		str html;
		if (markdown_html(r->a, body, &html) == 0) {
			view_set_str(ctx, "preview", html);
			view_set_bool(ctx, "has_preview", true);
		}
	}
	if (fd && fd->n) {
		struct forum_draft d = {.title = form_get(&r->in, "title"), .body = body};
		view_list *l = forum_findings_view(r, fd, &d);
		if (l)
			view_set_list(ctx, "findings", l), view_set_bool(ctx, "has_findings", true);
	}
	return http_page(r, status, view_blog_post_form, ctx);
}

/* GET /b/:blog/new — its blogger: the form. */
int blog_post_new_form(http_req *r)
{
	struct store_blog b;
	return blog_writer_find(r, &b) ? 0 : post_form(r, &b, NULL, 200, NULL);
}

/* After a write: 303 to the post (published) or the blog's page with a
 * note (the rest). */
static int written(http_req *r, const struct store_blog_post *p)
{
	return http_redirect(r, blog_post_href(r, p, false));
}

/* POST /b/:blog/new — its blogger: writes a post (draft, schedule,
 * publish, or shows a preview). */
int blog_post_create_post(http_req *r)
{
	struct store_blog b;
	if (blog_writer_find(r, &b))
		return 0;
	struct store_blog_post p = {0};
	struct forum_findings fd;
	int rc = r->in.nerr ? 422 : blog_post_write(r, &b, &p, &fd);
	if (rc == 422)
		return post_form(r, &b, NULL, str_eqc(form_get(&r->in, "action"), "preview") && !r->in.nerr ? 200 : 422,
				 &fd);
	if (rc > 0)
		return 0;
	if (rc)
		return http_store_error(r, rc);
	p.blog_slug = b.slug;
	return written(r, &p);
}

/* The post of :blog/:post when the reader writes its blog: 0, or answered. */
static int my_post(http_req *r, struct store_blog *b, struct store_blog_post *p)
{
	int rc = blog_writer_find(r, b);
	if (rc)
		return rc;
	rc = blog_post_find(r, b, r->params[1], p);
	return rc < 0 ? (http_store_error(r, rc), rc) : rc;
}

/* GET /b/:blog/:post/edit — its blogger: the form with the post. */
int blog_post_edit_form(http_req *r)
{
	struct store_blog b;
	struct store_blog_post p;
	return my_post(r, &b, &p) ? 0 : post_form(r, &b, &p, 200, NULL);
}

/* POST /b/:blog/:post/edit — its blogger: saves, publishes, schedules,
 * unpublishes, or previews. */
int blog_post_edit_post(http_req *r)
{
	struct store_blog b;
	struct store_blog_post p;
	if (my_post(r, &b, &p))
		return 0;
	struct store_blog_post before = p;
	struct forum_findings fd;
	int rc = r->in.nerr ? 422 : blog_post_write(r, &b, &p, &fd);
	if (rc == 422)
		return post_form(r, &b, &before,
				 str_eqc(form_get(&r->in, "action"), "preview") && !r->in.nerr ? 200 : 422, &fd);
	if (rc > 0)
		return 0;
	if (rc)
		return http_store_error(r, rc);
	return written(r, &p);
}

/* GET /b/:blog/:post/history — whoever may read the post: its former
 * versions, newest first. */
int blog_post_history(http_req *r)
{
	struct store_blog b;
	struct store_blog_post p;
	if (blog_post_at(r, &b, &p))
		return 0;
	struct store_blog_revision_list rl;
	int rc = store_blog_revisions(http_store(r), r->a, p.id, &rl);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Edit history");
	view_list *l = view_list_new(r->a);
	if (!ctx || !l)
		return http_store_error(r, STORE_ERR);
	view_set_obj(ctx, "post", blog_post_view(r, &p));
	for (int i = 0; i < rl.n; i++) {
		view_obj *o = view_obj_new(r->a);
		str html;
		if (!o || markdown_html(r->a, rl.items[i].body, &html))
			return http_store_error(r, STORE_ERR);
		view_set_str(o, "title", rl.items[i].title);
		view_set_str(o, "summary", rl.items[i].summary);
		view_set_str(o, "body_html", html);
		view_set_cstr(o, "when", page_when(r, rl.items[i].edited_at));
		view_list_push_obj(l, o);
	}
	view_set_list(ctx, "revisions", l);
	view_set_bool(ctx, "has_revisions", rl.n > 0);
	return http_page(r, 200, view_blog_post_history, ctx);
}

/* GET /b/:blog/:post/cover — whoever may read the post: its cover
 * (public and cached while published; its blogger's alone otherwise). */
int blog_post_cover(http_req *r)
{
	struct store_blog b;
	struct store_blog_post p;
	if (blog_post_at(r, &b, &p))
		return 0;
	if (!p.cover.n)
		return not_found(r);
	return page_upload_send(r, p.cover, STR_NULL, STR_NULL, 0, p.status == STORE_BLOG_PUBLISHED ? "public, max-age=86400"
									    : "private, max-age=0");
}
