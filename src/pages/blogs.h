/* blogs.h: member blogs, shared by their pages (blogs.c), the API
 * (api_blogs.c), the applications and the editors' queues (bloggers.c,
 * promote.c), the feeds (feeds.c) and the home page.
 *
 * A blog is a forum in section "blog" (store.h), so a post's comments are
 * a forum topic and forum.h's rules hold for them; what is added here is
 * the blog and its posts: finding one as the reader may see it, the one
 * path by which a post is written (checks, Markdown, cover, tags,
 * schedule), and the views and JSON every page and feed shows.  Each
 * change answers its own refusals (http_error: HTML or JSON by route)
 * and returns their status, except bad fields: then it sets the fields'
 * errors on r->in and returns 422 unanswered, so a page can show its
 * form again. */
#ifndef ROUNDS_PAGES_BLOGS_H
#define ROUNDS_PAGES_BLOGS_H

#include "forum.h"

/* Sizes of a blog's and a post's fields (characters, bodies in bytes). */
#define BLOG_TITLE_MAX 100
#define BLOG_ABOUT_MAX 1000
#define BLOG_SAMPLE_MAX 5000
#define BLOG_POST_TITLE_MAX 200
#define BLOG_POST_SUMMARY_MAX 500
#define BLOG_POST_BODY_MAX 100000
#define BLOG_TAG_MAX 32
/* Posts to a page of a list. */
#define BLOG_POSTS_PAGE 10
/* How far ahead a post may be scheduled, and how far back (a form
 * filled in slowly): a year, and an hour. */
#define BLOG_SCHEDULE_AHEAD (366 * 24 * 3600)
#define BLOG_SCHEDULE_BEHIND 3600
/* The networks the promotion queue marks posts shared on. */
#define BLOG_NETWORKS_N 4
extern const char *const blog_networks[BLOG_NETWORKS_N]; /* "bluesky", "facebook", "linkedin", "x" */
extern const char *const blog_network_labels[BLOG_NETWORKS_N];

/* The blog `slug`: 0 with *b; 404 answered when there is none; or a
 * store error (unanswered). */
int blog_find(http_req *r, str slug, struct store_blog *b);

/* Whether the reader writes blog b (its blogger, holding the role). */
bool blog_mine(http_req *r, const struct store_blog *b);

/* The post `slug` of blog b as the reader may see it: published ones to
 * everyone, others to the blog's blogger only.  0 with *p; 404 answered;
 * or a store error (unanswered). */
int blog_post_find(http_req *r, const struct store_blog *b, str slug, struct store_blog_post *p);

/* The blog at r->params[0] when the reader writes it: 0 with *b; 404
 * answered (no such blog); 401 answered (a visitor); 403 answered
 * (someone else's blog); or a store error (answered). */
int blog_writer_find(http_req *r, struct store_blog *b);

/* The blog at r->params[0] and its post at r->params[1] as the reader may
 * see them (blog_find, blog_post_find): 0, or answered (404, or a store
 * error: then negative). */
int blog_post_at(http_req *r, struct store_blog *b, struct store_blog_post *p);

/* Its blogger changes blog b's title and about from the request's
 * fields (checked by form_blog_details; absent ones kept; a title may
 * not be blank).  0; 422 with the field's error set; or a store error. */
int blog_details_change(http_req *r, struct store_blog *b);

/* The post whose comments are topic `topic` (for /t/ and /p/ links into
 * a blog's comments): 0 with *p; STORE_ENOTFOUND; or a store error. */
int blog_post_of_topic(http_req *r, int64_t topic, struct store_blog_post *p);

/* Addresses: /b/BLOG/POST (with `abs`, under the configured base
 * address, for feeds, cards and mail); its cover /b/BLOG/POST/cover
 * ("" when it has none). */
const char *blog_post_href(http_req *r, const struct store_blog_post *p, bool abs);
/* Comment `id` on post p, its number in the post's topic `number`:
 * /b/BLOG/POST?page=N#pID, the page of the post's comments that shows it
 * (a number below 2, the topic's first post: page 1).  The one place
 * comments are addressed (redirects, search). */
const char *blog_comment_href(http_req *r, const struct store_blog_post *p, int64_t id, int64_t number);
const char *blog_cover_href(http_req *r, const struct store_blog_post *p, bool abs);
/* /b/BLOG (with `abs`, absolute). */
const char *blog_href(http_req *r, str slug, bool abs);

/* Writes post `p` of blog b from the request's fields (title, summary,
 * body, tags, status or the form's action, publish_at, tz_offset,
 * comments_closed, confirm_no_identifiers, and the cover upload "cover"
 * of a multipart form, or remove_cover): a new one when p->id is 0, else
 * an edit of p (absent fields keep their values).  Checks every field
 * (422 with the fields' errors set, nothing written; a preview is a 422
 * too, with no error), runs the confidentiality guard (a public post:
 * 422 with *f filled and the body's error set), renders the Markdown,
 * strips and stores the cover, makes a slug from the title for a new
 * post.  0 with p->id set; 404/409 answered (409: scheduling a post
 * published already); or a store error. */
int blog_post_write(http_req *r, const struct store_blog *b, struct store_blog_post *p, struct forum_findings *f);

/* The tags in `text` (comma-separated), each folded to lower case and
 * trimmed, deduplicated and sorted: 0 with n tags in out; -1 when one is
 * not 1..BLOG_TAG_MAX letters, digits, spaces or hyphens, or there are
 * more than STORE_BLOG_TAGS_MAX.  A tag is one normalised form: the only
 * place tags are decided. */
int blog_tags_parse(arena *a, str text, str out[STORE_BLOG_TAGS_MAX], int *n);

/* A post for pages: id, title, summary, href, cover, blog, blog_href,
 * author, handle, when (published), tags [{tag, href}], comments, status,
 * featured, ... */
view_obj *blog_post_view(http_req *r, const struct store_blog_post *p);
/* A blog for pages: slug, title, about, href, owner, handle, posts. */
view_obj *blog_view(http_req *r, const struct store_blog *b);

/* The same as JSON; a post's body (Markdown and HTML) only `with_body`. */
json_t *blog_post_json(http_req *r, const struct store_blog_post *p, bool with_body);
json_t *blog_json(http_req *r, const struct store_blog *b);

#endif
