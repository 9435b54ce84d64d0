/* pg_blogs.c: blogs in the PostgreSQL backend, call for call as the
 * SQLite backend's: blogger applications and the editors' decisions,
 * blogs, their posts (drafts, scheduling, revisions, tags, the comments
 * topic), features and shares.
 *
 * Invariants: a blog is a forum in section 'blog' and a row of `blogs`
 * keyed by that forum's id, made with the member's ROLE_BLOGGER bit in
 * the approving transaction.  Every write to a post is one transaction
 * (pg_txn) that first locks the post's row (PG_BLOG_POST_LOCK; the
 * scheduler takes it with PG_BLOG_DUE, skipping rows another holds), so
 * a post's writers queue there and each due post is published once
 * however many nodes sweep.  A published post has a live topic in its
 * blog's forum (made the first time through pg_topic_insert, as
 * store_topic_create makes one); any other status has it deleted, and
 * the forum's counts move with it (the topic's live posts: its replies
 * and its first).  Lock order: the post, then its topic, then the forum,
 * as a reply takes the topic, then the forum.  Audit rows are written in
 * the same transaction.  Bodies run by pg_txn may run again after a
 * serialization failure, so each resets what it hands back first.
 * Strings handed out are copies in the caller's arena. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Up to this many due posts are published per transaction. */
#define DUE_BATCH 32

/* Runs a bound query whose rows the caller reads: 0 with q->res, or an
 * error with the query ended. */
static int run_rows(struct pg_q *q)
{
	int rc = pg_run(q);
	if (rc)
		pg_end(q);
	return rc;
}

/* A text column as a str pointing into q->res (valid until pg_end). */
static str col_view(struct pg_q *q, int row, int col)
{
	return (str){PQgetvalue(q->res, row, col), (size_t)PQgetlength(q->res, row, col)};
}

/* A status column's enum (the CHECK allows only the four). */
static enum store_blog_status col_status(struct pg_q *q, int row, int col)
{
	int st = store_blog_status_parse(col_view(q, row, col));
	return st < 0 ? STORE_BLOG_DRAFT : (enum store_blog_status)st;
}

/* An audit row, target "KIND:ID". */
static int audit(store *s, int64_t actor, const char *action, const char *kind, int64_t id, str detail,
		 int64_t now)
{
	return pg_forum_audit(s, actor, str_c(action), kind, id, detail, now);
}

/* Runs a write of ($1 a, $2 b); no rows read.  `change`: STORE_ENOTFOUND
 * when nothing changed. */
static int exec2(store *s, enum pg_id id, const char *op, int64_t a, int64_t b, bool change)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, a);
	pg_int(&q, 2, b);
	return pg_exec(&q, change);
}

/* Runs a write of ($1 a); no rows read.  `change`: STORE_ENOTFOUND when
 * nothing changed. */
static int exec1(store *s, enum pg_id id, const char *op, int64_t a, bool change)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, a);
	return pg_exec(&q, change);
}

/* ---- Applications ---------------------------------------------------- */

/* Fills *v from row `row` (columns as in BLOG_APP_SELECT). */
static int app_read(struct pg_q *q, arena *a, int row, struct store_blog_application *v)
{
	str *text[] = {&v->blog_title, &v->about, &v->sample, &v->status, &v->reason};
	int err = 0;
	*v = (struct store_blog_application){0};
	v->id = pg_col_int(q, row, 0);
	v->member_id = pg_col_int(q, row, 1);
	err |= pg_col_str(q, a, row, 2, &v->member_name);
	err |= pg_col_str(q, a, row, 3, &v->member_handle);
	v->member_verified = pg_col_bool(q, row, 4);
	for (int i = 0; i < 5; i++)
		err |= pg_col_str(q, a, row, 5 + i, text[i]);
	v->created_at = pg_col_int(q, row, 10);
	v->decided_at = pg_col_int(q, row, 11);
	v->blog_id = pg_col_int(q, row, 12);
	err |= pg_col_str(q, a, row, 13, &v->blog_slug);
	return err ? STORE_ERR : 0;
}

struct apply_args {
	int64_t member;
	str title, about, sample;
	int64_t now, *id;
};

/* No row back: the member keeps a blog; the partial index refuses a
 * second pending application (STORE_ECONFLICT either way). */
static int apply_body(store *s, void *arg)
{
	const struct apply_args *x = arg;
	*x->id = 0;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_APPLY, "blogger_apply");
	if (rc)
		return rc;
	pg_int(&q, 1, x->member);
	pg_text(&q, 2, x->title);
	pg_text(&q, 3, x->about);
	pg_text(&q, 4, x->sample);
	pg_int(&q, 5, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ECONFLICT : rc;
	int64_t id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = audit(s, x->member, "blog.apply", "blog_application", id, x->title, x->now)))
		return rc;
	*x->id = id;
	return 0;
}

/* store_blogger_apply: see store.h.  One transaction with its audit row
 * (blog.apply, the title). */
int pg_blogger_apply(store *s, int64_t member, str blog_title, str about, str sample, int64_t now, int64_t *id)
{
	struct apply_args x = {member, blog_title, about, sample, now, id};
	int rc = pg_txn(s, "blogger_apply", apply_body, &x);
	if (rc)
		*id = 0;
	return rc;
}

/* store_blogger_applications: see store.h. */
int pg_blogger_applications(store *s, arena *a, int64_t member, str status, int limit, int offset,
			    struct store_blog_application_list *out)
{
	*out = (struct store_blog_application_list){0};
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_APPS, "blogger_applications");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_text(&q, 2, status);
	pg_int(&q, 3, pg_limit(limit));
	pg_int(&q, 4, pg_offset(offset));
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_blog_application *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = app_read(&q, a, i, &items[i]);
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* store_blogger_application_get: see store.h. */
int pg_blogger_application_get(store *s, arena *a, int64_t id, struct store_blog_application *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_APP_GET, "blogger_application_get");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	if ((rc = pg_row(&q)))
		return rc;
	rc = app_read(&q, a, 0, out);
	pg_end(&q);
	return rc;
}

struct decide_args {
	int64_t id;
	bool approve;
	str slug, reason;
	int64_t editor, now, *blog;
};

/* Inside a transaction: blog `slug` of `member`, titled `title`, about
 * `about`: its forum (the slug index refuses one taken by any forum with
 * STORE_ECONFLICT), its row (the owner index refuses a second blog), and
 * the member's blogger bit.  *blog: its id. */
static int blog_make(store *s, const struct decide_args *x, int64_t member, str title, str about, int64_t *blog)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_FORUM_INSERT, "blogger_decide");
	if (rc)
		return rc;
	pg_text(&q, 1, x->slug);
	pg_text(&q, 2, title);
	pg_text(&q, 3, about);
	pg_text(&q, 4, str_c(store_section_name(STORE_SECTION_BLOG)));
	pg_int(&q, 5, 0);
	pg_int(&q, 6, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*blog = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = pg_start(&q, s, PG_BLOG_INSERT, "blogger_decide")))
		return rc;
	pg_int(&q, 1, *blog);
	pg_int(&q, 2, member);
	pg_int(&q, 3, x->now);
	if ((rc = pg_exec(&q, false)))
		return rc;
	return exec1(s, PG_BLOG_ROLE, "blogger_decide", member, false);
}

/* The application locked first, so "none", "not pending" and "has a
 * blog" tell apart; its title and about are held while the blog is made. */
static int decide_body(store *s, void *arg)
{
	const struct decide_args *x = arg;
	*x->blog = 0;
	struct pg_q lq, q;
	int rc = pg_start(&lq, s, PG_BLOG_APP_LOCK, "blogger_decide");
	if (rc)
		return rc;
	pg_int(&lq, 1, x->id);
	if ((rc = pg_row(&lq)))
		return rc;
	int64_t blog = 0;
	if (!str_eqc(col_view(&lq, 0, 0), "pending") || (x->approve && pg_col_bool(&lq, 0, 4)))
		rc = STORE_ECONFLICT;
	else if (x->approve)
		rc = blog_make(s, x, pg_col_int(&lq, 0, 1), col_view(&lq, 0, 2), col_view(&lq, 0, 3), &blog);
	pg_end(&lq);
	if (rc || (rc = pg_start(&q, s, PG_BLOG_APP_DECIDE, "blogger_decide")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_text(&q, 2, str_c(x->approve ? "approved" : "declined"));
	pg_text(&q, 3, x->reason);
	pg_int(&q, 4, x->editor);
	pg_int(&q, 5, x->now);
	pg_int(&q, 6, blog);
	if ((rc = pg_exec(&q, true)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	if (x->approve)
		rc = audit(s, x->editor, "blog.approve", "blog", blog, x->slug, x->now);
	else
		rc = audit(s, x->editor, "blog.decline", "blog_application", x->id, x->reason, x->now);
	if (rc == 0)
		*x->blog = blog;
	return rc;
}

/* store_blogger_decide: see store.h.  One transaction, audited as
 * SQLite's: approving on the blog with its slug as detail, declining on
 * the application with the reason. */
int pg_blogger_decide(store *s, int64_t id, bool approve, str slug, str reason, int64_t editor, int64_t now,
		      int64_t *blog)
{
	int64_t made = 0;
	struct decide_args x = {id, approve, slug, reason, editor, now, &made};
	int rc = pg_txn(s, "blogger_decide", decide_body, &x);
	if (blog)
		*blog = rc ? 0 : made;
	return rc;
}

/* ---- Blogs ----------------------------------------------------------- */

/* Fills *b from row `row` (columns as in BLOG_SELECT). */
static int blog_read(struct pg_q *q, arena *a, int row, struct store_blog *b)
{
	str *text[] = {&b->slug, &b->title, &b->about};
	int err = 0;
	*b = (struct store_blog){0};
	b->id = pg_col_int(q, row, 0);
	for (int i = 0; i < 3; i++)
		err |= pg_col_str(q, a, row, 1 + i, text[i]);
	b->owner_id = pg_col_int(q, row, 4);
	err |= pg_col_str(q, a, row, 5, &b->owner_name);
	err |= pg_col_str(q, a, row, 6, &b->owner_handle);
	b->owner_verified = pg_col_bool(q, row, 7);
	b->post_count = pg_col_int(q, row, 8);
	b->last_published_at = pg_col_int(q, row, 9);
	b->created_at = pg_col_int(q, row, 10);
	return err ? STORE_ERR : 0;
}

/* One blog by a bound query; STORE_ENOTFOUND if none. */
static int blog_one(struct pg_q *q, arena *a, struct store_blog *out)
{
	int rc = pg_row(q);
	if (rc)
		return rc;
	rc = blog_read(q, a, 0, out);
	pg_end(q);
	return rc;
}

/* store_blog_get: see store.h. */
int pg_blog_get(store *s, arena *a, int64_t id, struct store_blog *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_GET, "blog_get");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	return blog_one(&q, a, out);
}

/* store_blog_by_slug: see store.h.  Case-insensitive, as forum slugs. */
int pg_blog_by_slug(store *s, arena *a, str slug, struct store_blog *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_BY_SLUG, "blog_by_slug");
	if (rc)
		return rc;
	pg_text(&q, 1, slug);
	return blog_one(&q, a, out);
}

/* store_blog_of: see store.h. */
int pg_blog_of(store *s, arena *a, int64_t owner, struct store_blog *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_OF, "blog_of");
	if (rc)
		return rc;
	pg_int(&q, 1, owner);
	return blog_one(&q, a, out);
}

/* store_blog_list: see store.h. */
int pg_blog_list(store *s, arena *a, int limit, int offset, struct store_blog_list *out)
{
	*out = (struct store_blog_list){0};
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_LIST, "blog_list");
	if (rc)
		return rc;
	pg_int(&q, 1, pg_limit(limit));
	pg_int(&q, 2, pg_offset(offset));
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_blog *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = blog_read(&q, a, i, &items[i]);
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* store_blog_update: see store.h.  One statement. */
int pg_blog_update(store *s, int64_t id, str title, str about, int64_t now)
{
	(void)now;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_UPDATE, "blog_update");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_text(&q, 2, title);
	pg_text(&q, 3, about);
	return pg_exec(&q, true);
}

/* ---- Posts: their comments topic ------------------------------------- */

/* The entity for an HTML-special byte (the five the views use), or NULL. */
static const char *html_entity(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* The first post of a post's comments topic: its summary as HTML text in
 * one paragraph (the store renders no Markdown; no summary: ""), as
 * SQLite's.  Allocated (the caller frees it); NULL when out of memory. */
static char *summary_html(str summary, size_t *len)
{
	if (summary.n == 0) {
		*len = 0;
		return calloc(1, 1);
	}
	size_t n = sizeof "<p></p>" - 1;
	for (size_t i = 0; i < summary.n; i++) {
		const char *e = html_entity(summary.p[i]);
		n += e ? strlen(e) : 1;
	}
	char *out = malloc(n + 1), *w = out;
	if (!out)
		return NULL;
	memcpy(w, "<p>", 3);
	w += 3;
	for (size_t i = 0; i < summary.n; i++) {
		const char *e = html_entity(summary.p[i]);
		size_t k = e ? strlen(e) : 1;
		memcpy(w, e ? e : &summary.p[i], k);
		w += k;
	}
	memcpy(w, "</p>", 5);
	*len = n;
	return out;
}

/* Inside a transaction: post `post` of blog `blog` gets its comments
 * topic, titled `title`, its first post the summary by `author`.
 * *topic: its id. */
static int topic_make(store *s, int64_t post, int64_t blog, int64_t author, str title, str summary, int64_t now,
		      int64_t *topic)
{
	size_t n = 0;
	char *html = summary_html(summary, &n);
	if (!html)
		return STORE_ERR;
	struct store_post_new first = {.author = author, .body = summary, .body_html = {html, n}};
	int64_t first_id = 0;
	int rc = pg_topic_insert(s, blog, title, &first, now, topic, &first_id);
	free(html);
	if (rc)
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	rc = exec2(s, PG_BLOG_POST_TOPIC, "blog_post_topic", post, *topic, true);
	return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
}

/* Inside a transaction, the post locked: its comments go live.  A post
 * without a topic (*topic 0) gets one (*topic set); a deleted one comes
 * back, and with it its live posts in the forum's counts (unless its
 * first post was deleted: PG_BLOG_TOPIC_SHOW). */
static int comments_live(store *s, int64_t post, int64_t blog, int64_t author, int64_t *topic, str title,
			 str summary, int64_t now)
{
	if (!*topic)
		return topic_make(s, post, blog, author, title, summary, now, topic);
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_TOPIC_SHOW, "blog_post_publish");
	if (rc)
		return rc;
	pg_int(&q, 1, *topic);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? 0 : rc; /* live already */
	int64_t forum = pg_col_int(&q, 0, 0), replies = pg_col_int(&q, 0, 1), at = pg_col_int(&q, 0, 2);
	pg_end(&q);
	return pg_forum_counts(s, forum, 1, 1 + replies, at, NULL);
}

/* Inside a transaction, the post locked: its comments topic (0: none)
 * is deleted by `actor`, and its live posts leave the forum's counts. */
static int comments_gone(store *s, int64_t topic, int64_t actor, int64_t now)
{
	if (!topic)
		return 0;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_TOPIC_HIDE, "blog_post_unpublish");
	if (rc)
		return rc;
	pg_int(&q, 1, topic);
	pg_int(&q, 2, now);
	pg_int(&q, 3, actor);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? 0 : rc; /* gone already */
	int64_t forum = pg_col_int(&q, 0, 0), replies = pg_col_int(&q, 0, 1);
	pg_end(&q);
	return pg_forum_counts(s, forum, -1, -(1 + replies), 0, NULL);
}

/* Inside a transaction, the post locked: its topic's title follows p's,
 * and closed comments lock it. */
static int topic_sync(store *s, int64_t topic, const struct store_blog_post *p)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_TOPIC_SET, "blog_topic_sync");
	if (rc)
		return rc;
	pg_int(&q, 1, topic);
	pg_bool(&q, 2, p->comments_closed);
	pg_text(&q, 3, p->title);
	rc = pg_exec(&q, true);
	return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
}

/* ---- Posts: writing -------------------------------------------------- */

/* Inside a transaction: post `id`'s tags are p's (empty ones skipped,
 * duplicates kept once). */
static int tags_write(store *s, int64_t id, const struct store_blog_post *p, const char *op)
{
	int rc = 0;
	int n = p->ntags < 0 ? 0 : p->ntags > STORE_BLOG_TAGS_MAX ? STORE_BLOG_TAGS_MAX : p->ntags;
	for (int i = 0; rc == 0 && i < n; i++) {
		if (p->tags[i].n == 0)
			continue;
		struct pg_q q;
		if ((rc = pg_start(&q, s, PG_BLOG_TAG_INSERT, op)))
			break;
		pg_int(&q, 1, id);
		pg_text(&q, 2, p->tags[i]);
		rc = pg_exec(&q, false);
	}
	return rc;
}

struct create_args {
	const struct store_blog_post *p;
	int64_t now, *id;
};

/* The blog first (STORE_ENOTFOUND), then the row, whose key refuses a
 * slug taken in the blog (STORE_ECONFLICT). */
static int create_body(store *s, void *arg)
{
	const struct create_args *x = arg;
	const struct store_blog_post *p = x->p;
	*x->id = 0;
	bool published = p->status == STORE_BLOG_PUBLISHED;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_EXISTS, "blog_post_create");
	if (rc)
		return rc;
	pg_int(&q, 1, p->blog_id);
	if ((rc = pg_row(&q)))
		return rc;
	pg_end(&q);
	if ((rc = pg_start(&q, s, PG_BLOG_POST_INSERT, "blog_post_create")))
		return rc;
	str text[] = {p->slug, p->title, p->summary, p->body, p->body_html, p->cover};
	pg_int(&q, 1, p->blog_id);
	pg_int(&q, 2, p->author_id);
	for (int i = 0; i < 6; i++)
		pg_text(&q, 3 + i, text[i]);
	pg_text(&q, 9, str_c(store_blog_status_name(p->status)));
	pg_int(&q, 10, p->status == STORE_BLOG_SCHEDULED ? p->publish_at : 0);
	pg_int(&q, 11, published ? x->now : 0);
	pg_int(&q, 12, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	int64_t id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = tags_write(s, id, p, "blog_post_create")))
		return rc;
	int64_t topic = 0;
	if (published && ((rc = topic_make(s, id, p->blog_id, p->author_id, p->title, p->summary, x->now, &topic)) ||
			  (p->comments_closed && (rc = topic_sync(s, topic, p)))))
		return rc;
	*x->id = id;
	return 0;
}

/* store_blog_post_create: see store.h.  One transaction.  A status other
 * than draft, scheduled or published is STORE_ERR. */
int pg_blog_post_create(store *s, const struct store_blog_post *p, int64_t now, int64_t *id)
{
	*id = 0;
	if (p->status != STORE_BLOG_DRAFT && p->status != STORE_BLOG_SCHEDULED && p->status != STORE_BLOG_PUBLISHED)
		return STORE_ERR;
	struct create_args x = {p, now, id};
	int rc = pg_txn(s, "blog_post_create", create_body, &x);
	if (rc)
		*id = 0;
	return rc;
}

/* What an update found under the post's lock. */
struct post_locked {
	bool published; /* before the update */
	bool changed;   /* title, summary or body differ from p's */
	int64_t topic, author, blog;
};

/* Inside a transaction: locks post `id` (every post write does, first)
 * and reads what the update needs.  STORE_ENOTFOUND when there is none. */
static int post_lock(store *s, const struct store_blog_post *p, struct post_locked *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_POST_LOCK, "blog_post_update");
	if (rc)
		return rc;
	pg_int(&q, 1, p->id);
	if ((rc = pg_row(&q)))
		return rc;
	out->published = col_status(&q, 0, 0) == STORE_BLOG_PUBLISHED;
	out->changed = !str_eq(col_view(&q, 0, 1), p->title) || !str_eq(col_view(&q, 0, 2), p->summary) ||
		       !str_eq(col_view(&q, 0, 3), p->body);
	out->topic = pg_col_int(&q, 0, 4);
	out->author = pg_col_int(&q, 0, 5);
	out->blog = pg_col_int(&q, 0, 7);
	pg_end(&q);
	return 0;
}

struct update_args {
	const struct store_blog_post *p;
	int64_t actor, now;
};

/* The post's lock; the former version kept (when the text changed); the
 * row, its tags; then its comments follow its status (published: made or
 * restored; no longer: deleted), and their lock and title follow the
 * post, as SQLite's. */
static int update_body(store *s, void *arg)
{
	const struct update_args *x = arg;
	const struct store_blog_post *p = x->p;
	struct post_locked old;
	struct pg_q q;
	int rc = post_lock(s, p, &old);
	if (rc)
		return rc;
	if (old.changed) {
		if ((rc = pg_start(&q, s, PG_BLOG_REVISION_INSERT, "blog_post_update")))
			return rc;
		pg_int(&q, 1, p->id);
		pg_int(&q, 2, x->actor);
		pg_int(&q, 3, x->now);
		if ((rc = pg_exec(&q, true)))
			return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	}
	if ((rc = pg_start(&q, s, PG_BLOG_POST_UPDATE, "blog_post_update")))
		return rc;
	str text[] = {p->title, p->summary, p->body, p->body_html, p->cover};
	pg_int(&q, 1, p->id);
	for (int i = 0; i < 5; i++)
		pg_text(&q, 2 + i, text[i]);
	pg_text(&q, 7, str_c(store_blog_status_name(p->status)));
	pg_int(&q, 8, p->status == STORE_BLOG_SCHEDULED ? p->publish_at : 0);
	pg_int(&q, 9, x->now);
	pg_bool(&q, 10, old.changed);
	if ((rc = pg_exec(&q, true)) || (rc = exec1(s, PG_BLOG_TAGS_CLEAR, "blog_post_update", p->id, false)) ||
	    (rc = tags_write(s, p->id, p, "blog_post_update")))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	if (p->status == STORE_BLOG_PUBLISHED && !old.published)
		rc = comments_live(s, p->id, old.blog, old.author, &old.topic, p->title, p->summary, x->now);
	else if (p->status != STORE_BLOG_PUBLISHED && old.published)
		rc = comments_gone(s, old.topic, x->actor, x->now);
	if (rc || !old.topic)
		return rc;
	return topic_sync(s, old.topic, p);
}

/* store_blog_post_update: see store.h.  One transaction.  A status out
 * of range is STORE_ERR. */
int pg_blog_post_update(store *s, const struct store_blog_post *p, int64_t actor, int64_t now)
{
	if (p->status < 0 || p->status >= STORE_BLOG_STATUS_MAX)
		return STORE_ERR;
	struct update_args x = {p, actor, now};
	return pg_txn(s, "blog_post_update", update_body, &x);
}

/* ---- Posts: reading -------------------------------------------------- */

/* Splits `joined` (tags joined by U+001F, in the arena already) into p's
 * tags, at most STORE_BLOG_TAGS_MAX. */
static void tags_split(str joined, struct store_blog_post *p)
{
	p->ntags = 0;
	size_t start = 0;
	for (size_t i = 0; joined.n && i <= joined.n && p->ntags < STORE_BLOG_TAGS_MAX; i++) {
		if (i < joined.n && joined.p[i] != '\x1f')
			continue;
		p->tags[p->ntags++] = (str){joined.p + start, i - start};
		start = i + 1;
	}
}

/* Fills *p from row `row` (columns as in BLOG_POST_SELECT). */
static int bpost_read(struct pg_q *q, arena *a, int row, struct store_blog_post *p)
{
	str *text[] = {&p->blog_slug, &p->blog_title, &p->author_name, &p->author_handle};
	str *post_text[] = {&p->slug, &p->title, &p->summary, &p->body, &p->body_html, &p->cover};
	int err = 0;
	str tags = STR_NULL;
	*p = (struct store_blog_post){0};
	p->id = pg_col_int(q, row, 0);
	p->blog_id = pg_col_int(q, row, 1);
	p->author_id = pg_col_int(q, row, 2);
	for (int i = 0; i < 4; i++)
		err |= pg_col_str(q, a, row, 3 + i, text[i]);
	p->author_verified = pg_col_bool(q, row, 7);
	for (int i = 0; i < 6; i++)
		err |= pg_col_str(q, a, row, 8 + i, post_text[i]);
	p->status = col_status(q, row, 14);
	p->publish_at = pg_col_int(q, row, 15);
	p->published_at = pg_col_int(q, row, 16);
	p->created_at = pg_col_int(q, row, 17);
	p->updated_at = pg_col_int(q, row, 18);
	p->edit_count = pg_col_int(q, row, 19);
	p->topic_id = pg_col_int(q, row, 20);
	p->comment_count = pg_col_int(q, row, 21);
	p->comments_closed = pg_col_bool(q, row, 22);
	p->featured_at = pg_col_int(q, row, 23);
	err |= pg_col_str(q, a, row, 24, &tags);
	err |= pg_col_str(q, a, row, 25, &p->shared);
	if (!err)
		tags_split(tags, p);
	return err ? STORE_ERR : 0;
}

/* One post by a bound query; STORE_ENOTFOUND if none. */
static int bpost_one(struct pg_q *q, arena *a, struct store_blog_post *out)
{
	int rc = pg_row(q);
	if (rc)
		return rc;
	rc = bpost_read(q, a, 0, out);
	pg_end(q);
	return rc;
}

/* store_blog_post_get: see store.h. */
int pg_blog_post_get(store *s, arena *a, int64_t id, struct store_blog_post *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_POST_GET, "blog_post_get");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	return bpost_one(&q, a, out);
}

/* store_blog_post_by_slug: see store.h.  Case-insensitive, as SQLite's
 * NOCASE column. */
int pg_blog_post_by_slug(store *s, arena *a, int64_t blog, str slug, struct store_blog_post *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_POST_BY_SLUG, "blog_post_by_slug");
	if (rc)
		return rc;
	pg_int(&q, 1, blog);
	pg_text(&q, 2, slug);
	return bpost_one(&q, a, out);
}

/* store_blog_post_by_topic: see store.h. */
int pg_blog_post_by_topic(store *s, arena *a, int64_t topic, struct store_blog_post *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_POST_BY_TOPIC, "blog_post_by_topic");
	if (rc)
		return rc;
	pg_int(&q, 1, topic);
	return bpost_one(&q, a, out);
}

/* Binds the query's filters as BLOG_POSTS_WHERE wants them ($1..$4). */
static void posts_bind(struct pg_q *q, const struct store_blog_query *bq, const char *status)
{
	pg_int(q, 1, bq->blog);
	pg_text(q, 2, bq->tag);
	pg_text(q, 3, str_c(status));
	pg_bool(q, 4, bq->featured);
}

/* store_blog_posts: see store.h.  A status out of range lists none. */
int pg_blog_posts(store *s, arena *a, const struct store_blog_query *bq, struct store_blog_post_list *out,
		  int64_t *total)
{
	*out = (struct store_blog_post_list){0};
	if (total)
		*total = 0;
	if (bq->status < -1 || bq->status >= STORE_BLOG_STATUS_MAX)
		return 0;
	const char *status = store_blog_status_name(bq->status < 0 ? STORE_BLOG_PUBLISHED
								    : (enum store_blog_status)bq->status);
	struct pg_q q;
	int rc;
	if (total) {
		if ((rc = pg_start(&q, s, PG_BLOG_POSTS_COUNT, "blog_posts")))
			return rc;
		posts_bind(&q, bq, status);
		if ((rc = pg_row(&q)))
			return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
		*total = pg_col_int(&q, 0, 0);
		pg_end(&q);
	}
	if ((rc = pg_start(&q, s, PG_BLOG_POSTS, "blog_posts")))
		return rc;
	posts_bind(&q, bq, status);
	pg_int(&q, 5, pg_limit(bq->limit));
	pg_int(&q, 6, pg_offset(bq->offset));
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_blog_post *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = bpost_read(&q, a, i, &items[i]);
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* store_blog_revisions: see store.h.  Every one (a post has few). */
int pg_blog_revisions(store *s, arena *a, int64_t post, struct store_blog_revision_list *out)
{
	*out = (struct store_blog_revision_list){0};
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_REVISIONS, "blog_revisions");
	if (rc)
		return rc;
	pg_int(&q, 1, post);
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_blog_revision *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++) {
		struct store_blog_revision *r = &items[i];
		*r = (struct store_blog_revision){0};
		r->id = pg_col_int(&q, i, 0);
		r->post_id = pg_col_int(&q, i, 1);
		r->editor_id = pg_col_int(&q, i, 2);
		if (pg_col_str(&q, a, i, 3, &r->title) || pg_col_str(&q, a, i, 4, &r->summary) ||
		    pg_col_str(&q, a, i, 5, &r->body))
			rc = STORE_ERR;
		r->edited_at = pg_col_int(&q, i, 6);
	}
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* store_blog_tags: see store.h. */
int pg_blog_tags(store *s, arena *a, int limit, struct store_blog_tag_list *out)
{
	*out = (struct store_blog_tag_list){0};
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_TAGS, "blog_tags");
	if (rc)
		return rc;
	pg_int(&q, 1, pg_limit(limit));
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_blog_tag *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++) {
		items[i].count = pg_col_int(&q, i, 1);
		rc = pg_col_str(&q, a, i, 0, &items[i].tag);
	}
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* ---- The scheduler, features, shares --------------------------------- */

/* Inside a transaction, post `id` held: publishes it as an update to
 * published would (published_at the first time, no publish_at, its
 * comments live). */
static int publish_one(store *s, int64_t id, int64_t now)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_POST_PUBLISH, "blog_publish_due");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_int(&q, 2, now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	int64_t topic = pg_col_int(&q, 0, 2);
	rc = comments_live(s, id, pg_col_int(&q, 0, 4), pg_col_int(&q, 0, 3), &topic, col_view(&q, 0, 0),
			   col_view(&q, 0, 1), now);
	pg_end(&q);
	return rc;
}

struct due_args {
	int64_t now;
	int n; /* published in this batch */
};

/* Up to DUE_BATCH due posts, held (SKIP LOCKED: another sweeper's or a
 * writer's are left to them), each published. */
static int due_body(store *s, void *arg)
{
	struct due_args *x = arg;
	x->n = 0;
	int64_t ids[DUE_BATCH];
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_DUE, "blog_publish_due");
	if (rc)
		return rc;
	pg_int(&q, 1, x->now);
	pg_int(&q, 2, DUE_BATCH);
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	for (int i = 0; i < n && i < DUE_BATCH; i++)
		ids[i] = pg_col_int(&q, i, 0);
	pg_end(&q);
	for (int i = 0; rc == 0 && i < n && i < DUE_BATCH; i++)
		rc = publish_one(s, ids[i], x->now);
	if (rc == 0)
		x->n = n;
	return rc;
}

/* store_blog_publish_due: see store.h.  A transaction per batch, until a
 * batch comes back short; *n counts the committed ones. */
int pg_blog_publish_due(store *s, int64_t now, int *n)
{
	int done = 0, rc;
	for (;;) {
		struct due_args x = {now, 0};
		if ((rc = pg_txn(s, "blog_publish_due", due_body, &x)))
			break;
		done += x.n;
		if (x.n < DUE_BATCH)
			break;
	}
	if (n)
		*n = done;
	return rc;
}

struct feature_args {
	int64_t id;
	bool on;
	str network;
	int64_t editor, now;
};

/* Inside a transaction: locks post `id` and gives its status and when it
 * was featured (0: not).  STORE_ENOTFOUND when there is none. */
static int feature_lock(store *s, int64_t id, const char *op, enum store_blog_status *status, int64_t *featured)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOG_POST_LOCK, op);
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	if ((rc = pg_row(&q)))
		return rc;
	*status = col_status(&q, 0, 0);
	*featured = pg_col_int(&q, 0, 6);
	pg_end(&q);
	return 0;
}

static int feature_body(store *s, void *arg)
{
	const struct feature_args *x = arg;
	enum store_blog_status st;
	int64_t featured = 0;
	int rc = feature_lock(s, x->id, "blog_feature", &st, &featured);
	if (rc)
		return rc;
	if (x->on ? st != STORE_BLOG_PUBLISHED || featured : !featured)
		return STORE_ECONFLICT;
	struct pg_q q;
	if ((rc = pg_start(&q, s, PG_BLOG_FEATURE, "blog_feature")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_int(&q, 2, x->on ? x->now : 0);
	pg_int(&q, 3, x->on ? x->editor : 0);
	if ((rc = pg_exec(&q, true)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	return audit(s, x->editor, x->on ? "blog_post.feature" : "blog_post.unfeature", "blog_post", x->id, STR_NULL,
		     x->now);
}

/* store_blog_feature: see store.h.  One transaction, audited. */
int pg_blog_feature(store *s, int64_t id, bool on, int64_t editor, int64_t now)
{
	struct feature_args x = {id, on, STR_NULL, editor, now};
	return pg_txn(s, "blog_feature", feature_body, &x);
}

static int share_body(store *s, void *arg)
{
	const struct feature_args *x = arg;
	enum store_blog_status st;
	int64_t featured = 0;
	int rc = feature_lock(s, x->id, "blog_share", &st, &featured);
	if (rc)
		return rc;
	if (!featured)
		return STORE_ENOTFOUND;
	struct pg_q q;
	if ((rc = pg_start(&q, s, x->on ? PG_BLOG_SHARE_ON : PG_BLOG_SHARE_OFF, "blog_share")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_text(&q, 2, x->network);
	if (x->on) {
		pg_int(&q, 3, x->editor);
		pg_int(&q, 4, x->now);
	}
	if ((rc = pg_exec(&q, true)))
		return rc == STORE_ENOTFOUND ? 0 : rc; /* already so: nothing to write */
	char detail[80];
	snprintf(detail, sizeof detail, "%s%.*s", x->on ? "" : "-", (int)(x->network.n < 64 ? x->network.n : 64),
		 x->network.p ? x->network.p : "");
	return audit(s, x->editor, "blog_post.share", "blog_post", x->id, str_c(detail), x->now);
}

/* store_blog_share: see store.h.  One transaction.  Marking it as it
 * already is writes nothing; each change is audited, as SQLite's
 * (detail: the network, "-" before it when unmarked). */
int pg_blog_share(store *s, int64_t id, str network, bool on, int64_t editor, int64_t now)
{
	struct feature_args x = {id, on, network, editor, now};
	return pg_txn(s, "blog_share", share_body, &x);
}
