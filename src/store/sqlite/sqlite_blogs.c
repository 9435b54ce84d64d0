/* sqlite_blogs.c: blogs in the SQLite backend: blogger applications and
 * the editors' decisions, blogs, their posts through drafts, schedules and
 * publication with revisions and tags, the comments topic of each, the
 * scheduler, features, shares and the tags' counts.
 *
 * Invariants: a blog is its forum (section 'blog') and its blogs row,
 * made in one transaction with the member's ROLE_BLOGGER bit.  A post's
 * comments topic is made (in the post's transaction, counted as
 * store_topic_create counts it) the first time the post is published;
 * while the post is not published the topic is deleted, and the blog
 * forum's counts are counted again whenever a topic leaves or comes back,
 * so they always equal what they count.  published_at is set once.  Each
 * write is one BEGIN IMMEDIATE transaction that first reads what it must
 * know, then writes its rows and its audit row, so a refusal writes
 * nothing; SQLite has one writer at a time, so each due post is published
 * once however many processes sweep.  Every string handed out is a copy
 * in the caller's arena. */
#include "sqlite_int.h"

#include <stdio.h>
#include <string.h>

/* ---- Reading ----------------------------------------------------------- */

/* The columns of BLOG_APP_COLS (statements.c). */
static int application_read(struct sq_q *q, arena *a, void *item)
{
	struct store_blog_application *v = item;
	int err = 0;
	*v = (struct store_blog_application){0};
	v->id = sqlite3_column_int64(q->st, 0);
	v->member_id = sqlite3_column_int64(q->st, 1);
	err |= sq_col_str(q, a, 2, &v->member_name);
	err |= sq_col_str(q, a, 3, &v->member_handle);
	v->member_verified = sqlite3_column_int(q->st, 4) != 0;
	err |= sq_col_str(q, a, 5, &v->blog_title);
	err |= sq_col_str(q, a, 6, &v->about);
	err |= sq_col_str(q, a, 7, &v->sample);
	err |= sq_col_str(q, a, 8, &v->status);
	err |= sq_col_str(q, a, 9, &v->reason);
	v->created_at = sqlite3_column_int64(q->st, 10);
	v->decided_at = sqlite3_column_int64(q->st, 11);
	v->blog_id = sqlite3_column_int64(q->st, 12);
	err |= sq_col_str(q, a, 13, &v->blog_slug);
	return err ? STORE_ERR : 0;
}

/* The columns of BLOG_COLS. */
static int blog_read(struct sq_q *q, arena *a, void *item)
{
	struct store_blog *b = item;
	int err = 0;
	*b = (struct store_blog){0};
	b->id = sqlite3_column_int64(q->st, 0);
	err |= sq_col_str(q, a, 1, &b->slug);
	err |= sq_col_str(q, a, 2, &b->title);
	err |= sq_col_str(q, a, 3, &b->about);
	b->owner_id = sqlite3_column_int64(q->st, 4);
	err |= sq_col_str(q, a, 5, &b->owner_name);
	err |= sq_col_str(q, a, 6, &b->owner_handle);
	b->owner_verified = sqlite3_column_int(q->st, 7) != 0;
	b->post_count = sqlite3_column_int64(q->st, 8);
	b->last_published_at = sqlite3_column_int64(q->st, 9);
	b->created_at = sqlite3_column_int64(q->st, 10);
	return err ? STORE_ERR : 0;
}

/* Splits `all` (tags joined by char(31), sorted) into p's tags. */
static void tags_split(struct store_blog_post *p, str all)
{
	size_t at = 0;
	while (at < all.n && p->ntags < STORE_BLOG_TAGS_MAX) {
		const char *end = memchr(all.p + at, 31, all.n - at);
		size_t len = end ? (size_t)(end - (all.p + at)) : all.n - at;
		p->tags[p->ntags++] = (str){all.p + at, len};
		at += len + 1;
	}
}

/* The post status named in text column `col` (the CHECK allows only the
 * four; anything else reads as a draft, its blogger's alone). */
static enum store_blog_status status_of(struct sq_q *q, int col)
{
	const unsigned char *t = sqlite3_column_text(q->st, col);
	int v = store_blog_status_parse(str_c(t ? (const char *)t : ""));
	return v < 0 ? STORE_BLOG_DRAFT : (enum store_blog_status)v;
}

/* The columns of BLOG_POST_COLS. */
static int post_read(struct sq_q *q, arena *a, void *item)
{
	struct store_blog_post *p = item;
	int err = 0;
	str tags;
	*p = (struct store_blog_post){0};
	p->id = sqlite3_column_int64(q->st, 0);
	p->blog_id = sqlite3_column_int64(q->st, 1);
	p->author_id = sqlite3_column_int64(q->st, 2);
	err |= sq_col_str(q, a, 3, &p->blog_slug);
	err |= sq_col_str(q, a, 4, &p->blog_title);
	err |= sq_col_str(q, a, 5, &p->author_name);
	err |= sq_col_str(q, a, 6, &p->author_handle);
	p->author_verified = sqlite3_column_int(q->st, 7) != 0;
	err |= sq_col_str(q, a, 8, &p->slug);
	err |= sq_col_str(q, a, 9, &p->title);
	err |= sq_col_str(q, a, 10, &p->summary);
	err |= sq_col_str(q, a, 11, &p->body);
	err |= sq_col_str(q, a, 12, &p->body_html);
	err |= sq_col_str(q, a, 13, &p->cover);
	if (sq_col_str(q, a, 14, &tags) == 0)
		tags_split(p, tags);
	else
		err = 1;
	p->status = status_of(q, 15);
	p->publish_at = sqlite3_column_int64(q->st, 16);
	p->published_at = sqlite3_column_int64(q->st, 17);
	p->created_at = sqlite3_column_int64(q->st, 18);
	p->updated_at = sqlite3_column_int64(q->st, 19);
	p->edit_count = sqlite3_column_int64(q->st, 20);
	p->topic_id = sqlite3_column_int64(q->st, 21);
	p->comment_count = sqlite3_column_int64(q->st, 22);
	p->comments_closed = sqlite3_column_int(q->st, 23) != 0;
	p->featured_at = sqlite3_column_int64(q->st, 24);
	err |= sq_col_str(q, a, 25, &p->shared);
	return err ? STORE_ERR : 0;
}

static int revision_read(struct sq_q *q, arena *a, void *item)
{
	struct store_blog_revision *r = item;
	int err = 0;
	*r = (struct store_blog_revision){0};
	r->id = sqlite3_column_int64(q->st, 0);
	r->post_id = sqlite3_column_int64(q->st, 1);
	r->editor_id = sqlite3_column_int64(q->st, 2);
	err |= sq_col_str(q, a, 3, &r->title);
	err |= sq_col_str(q, a, 4, &r->summary);
	err |= sq_col_str(q, a, 5, &r->body);
	r->edited_at = sqlite3_column_int64(q->st, 6);
	return err ? STORE_ERR : 0;
}

static int tag_read(struct sq_q *q, arena *a, void *item)
{
	struct store_blog_tag *t = item;
	t->count = sqlite3_column_int64(q->st, 1);
	return sq_col_str(q, a, 0, &t->tag);
}

/* store_blogger_application_get: see store.h. */
int sq_blogger_application_get(store *s, arena *a, int64_t id, struct store_blog_application *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_APP_GET, "blogger_application_get");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	return sq_read_one(&q, a, application_read, out);
}

/* store_blogger_applications: see store.h. */
int sq_blogger_applications(store *s, arena *a, int64_t member, str status, int limit, int offset,
			    struct store_blog_application_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_APP_LIST, "blogger_applications");
	if (rc)
		return rc;
	limit = sq_limit(limit);
	sq_int(&q, 1, member);
	sq_text(&q, 2, status);
	sq_int(&q, 3, limit);
	sq_int(&q, 4, offset);
	return sq_read_rows(&q, a, limit, sizeof *out->items, application_read, (void **)&out->items, &out->n);
}

/* One blog by the statement `id` with its one parameter bound by the
 * caller through `num` or `text`. */
static int blog_find(store *s, arena *a, enum sq_id id, int64_t num, str text, const char *op, struct store_blog *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, op);
	if (rc)
		return rc;
	if (id == SQ_BLOG_BY_SLUG)
		sq_text(&q, 1, text);
	else
		sq_int(&q, 1, num);
	return sq_read_one(&q, a, blog_read, out);
}

/* store_blog_get: see store.h. */
int sq_blog_get(store *s, arena *a, int64_t id, struct store_blog *out)
{
	return blog_find(s, a, SQ_BLOG_GET, id, STR_NULL, "blog_get", out);
}

/* store_blog_by_slug: see store.h.  Any case (ASCII), as forums' slugs. */
int sq_blog_by_slug(store *s, arena *a, str slug, struct store_blog *out)
{
	return blog_find(s, a, SQ_BLOG_BY_SLUG, 0, slug, "blog_by_slug", out);
}

/* store_blog_of: see store.h. */
int sq_blog_of(store *s, arena *a, int64_t owner, struct store_blog *out)
{
	return blog_find(s, a, SQ_BLOG_OF, owner, STR_NULL, "blog_of", out);
}

/* store_blog_list: see store.h. */
int sq_blog_list(store *s, arena *a, int limit, int offset, struct store_blog_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_LIST, "blog_list");
	if (rc)
		return rc;
	limit = sq_limit(limit);
	sq_int(&q, 1, limit);
	sq_int(&q, 2, offset);
	return sq_read_rows(&q, a, limit, sizeof *out->items, blog_read, (void **)&out->items, &out->n);
}

/* store_blog_post_get: see store.h. */
int sq_blog_post_get(store *s, arena *a, int64_t id, struct store_blog_post *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_POST_GET, "blog_post_get");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	return sq_read_one(&q, a, post_read, out);
}

/* store_blog_post_by_slug: see store.h.  Any case (ASCII). */
int sq_blog_post_by_slug(store *s, arena *a, int64_t blog, str slug, struct store_blog_post *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_POST_BY_SLUG, "blog_post_by_slug");
	if (rc)
		return rc;
	sq_int(&q, 1, blog);
	sq_text(&q, 2, slug);
	return sq_read_one(&q, a, post_read, out);
}

/* store_blog_post_by_topic: see store.h. */
int sq_blog_post_by_topic(store *s, arena *a, int64_t topic, struct store_blog_post *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_POST_BY_TOPIC, "blog_post_by_topic");
	if (rc)
		return rc;
	sq_int(&q, 1, topic);
	return sq_read_one(&q, a, post_read, out);
}

/* Binds BLOG_POSTS_WHERE's ?1..?4 from the query (statements.c).  A
 * status out of range lists none.  The public lists' statements spell the
 * status (and the featured ones the featured test) as literals: binding a
 * slot a statement does not use is no error. */
static void posts_bind(struct sq_q *q, const struct store_blog_query *bq)
{
	const char *status = bq->status < 0 ? "published" : store_blog_status_name((enum store_blog_status)bq->status);
	sq_int(q, 1, bq->blog);
	sq_text(q, 2, bq->tag);
	sq_text(q, 3, str_c(*status ? status : "-"));
	sq_int(q, 4, bq->featured);
}

/* store_blog_posts: see store.h.  The total is counted by a second
 * statement (a page past the end still has one). */
int sq_blog_posts(store *s, arena *a, const struct store_blog_query *bq, struct store_blog_post_list *out,
		  int64_t *total)
{
	bool published = bq->status < 0 || bq->status == STORE_BLOG_PUBLISHED;
	enum sq_id id = published && bq->featured ? SQ_BLOG_POSTS_FEATURED
			: published		  ? SQ_BLOG_POSTS_PUBLISHED
						  : SQ_BLOG_POSTS_STATUS;
	struct sq_q q;
	int limit = sq_limit(bq->limit);
	int rc = sq_start(&q, s, id, "blog_posts");
	if (rc)
		return rc;
	posts_bind(&q, bq);
	sq_int(&q, 5, limit);
	sq_int(&q, 6, bq->offset);
	if ((rc = sq_read_rows(&q, a, limit, sizeof *out->items, post_read, (void **)&out->items, &out->n)) || !total)
		return rc;
	if ((rc = sq_start(&q, s, published ? SQ_BLOG_POSTS_COUNT_PUBLIC : SQ_BLOG_POSTS_COUNT, "blog_posts")))
		return rc;
	posts_bind(&q, bq);
	if ((rc = sq_row(&q, false)))
		return rc;
	*total = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

/* store_blog_revisions: see store.h.  Every one (a post has few). */
int sq_blog_revisions(store *s, arena *a, int64_t post, struct store_blog_revision_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_REVISIONS, "blog_revisions");
	if (rc)
		return rc;
	sq_int(&q, 1, post);
	return sq_read_rows(&q, a, 0, sizeof *out->items, revision_read, (void **)&out->items, &out->n);
}

/* store_blog_tags: see store.h. */
int sq_blog_tags(store *s, arena *a, int limit, struct store_blog_tag_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_TAGS, "blog_tags");
	if (rc)
		return rc;
	limit = sq_limit(limit);
	sq_int(&q, 1, limit);
	return sq_read_rows(&q, a, limit, sizeof *out->items, tag_read, (void **)&out->items, &out->n);
}

/* ---- Applications and blogs ------------------------------------------- */

static int apply_body(store *s, int64_t member, str blog_title, str about, str sample, int64_t now, int64_t *id)
{
	const char *op = "blogger_apply";
	int64_t has = 0;
	int rc = sq_run_int(s, SQ_BLOG_HAS, op, SQ_INTS(member), &has);
	if (rc || has)
		return rc ? rc : STORE_ECONFLICT;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_BLOG_APP_INSERT, op)))
		return rc;
	sq_int(&q, 1, member);
	sq_text(&q, 2, blog_title);
	sq_text(&q, 3, about);
	sq_text(&q, 4, sample);
	sq_int(&q, 5, now);
	if ((rc = sq_exec(&q, false))) /* one pending already: STORE_ECONFLICT */
		return rc;
	*id = sqlite3_last_insert_rowid(q.c->db);
	return sq_forum_audit(s, member, S("blog.apply"), "blog_application", *id, blog_title, now);
}

/* store_blogger_apply: see store.h.  Audited with the title as detail. */
int sq_blogger_apply(store *s, int64_t member, str blog_title, str about, str sample, int64_t now, int64_t *id)
{
	*id = 0;
	int rc = sq_begin(s, "blogger_apply");
	if (rc)
		return rc;
	rc = sq_finish(s, apply_body(s, member, blog_title, about, sample, now, id), "blogger_apply");
	if (rc)
		*id = 0;
	return rc;
}

struct decision {
	int64_t id;
	bool approve;
	str slug, reason;
	int64_t editor, now, *blog;
};

/* Records the decision on application x->id (blog: the one made, or 0). */
static int record_decision(store *s, const struct decision *x, int64_t blog)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_APP_DECIDE, "blogger_decide");
	if (rc)
		return rc;
	sq_int(&q, 1, x->id);
	sq_text(&q, 2, str_c(x->approve ? "approved" : "declined"));
	sq_text(&q, 3, x->reason);
	sq_int(&q, 4, x->editor);
	sq_int(&q, 5, x->now);
	sq_int(&q, 6, blog);
	return sq_exec(&q, true);
}

/* Makes the blog of member `member`'s application x->id: its forum (a
 * slug taken: STORE_ECONFLICT), its row, the role. */
static int blog_make(store *s, const struct decision *x, int64_t member)
{
	const char *op = "blogger_decide";
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_FORUM_INSERT, op);
	if (rc)
		return rc;
	sq_int(&q, 1, x->id);
	sq_text(&q, 2, x->slug);
	sq_int(&q, 3, x->now);
	if ((rc = sq_exec(&q, true)))
		return rc;
	*x->blog = sqlite3_last_insert_rowid(q.c->db);
	if ((rc = sq_run(s, SQ_BLOG_INSERT, op, false, SQ_INTS(*x->blog, member, x->now))))
		return rc;
	return sq_run(s, SQ_BLOG_ROLE_SET, op, false, SQ_INTS(member));
}

static int decide_body(store *s, const struct decision *x)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_APP_STATE, "blogger_decide");
	if (rc)
		return rc;
	sq_int(&q, 1, x->id);
	if ((rc = sq_row(&q, false)))
		return rc;
	bool pending = sqlite3_column_int(q.st, 0) != 0;
	int64_t member = sqlite3_column_int64(q.st, 1);
	bool has_blog = sqlite3_column_int(q.st, 2) != 0;
	sq_end(&q);
	if (!pending || (x->approve && has_blog))
		return STORE_ECONFLICT;
	if (!x->approve) {
		if ((rc = record_decision(s, x, 0)))
			return rc;
		return sq_forum_audit(s, x->editor, S("blog.decline"), "blog_application", x->id, x->reason, x->now);
	}
	if ((rc = blog_make(s, x, member)) || (rc = record_decision(s, x, *x->blog)))
		return rc;
	return sq_forum_audit(s, x->editor, S("blog.approve"), "blog", *x->blog, x->slug, x->now);
}

/* store_blogger_decide: see store.h.  Approving is audited on the blog
 * with its slug as detail; declining on the application with the
 * reason. */
int sq_blogger_decide(store *s, int64_t id, bool approve, str slug, str reason, int64_t editor, int64_t now,
		      int64_t *blog)
{
	int64_t made = 0;
	struct decision x = {id, approve, slug, reason, editor, now, &made};
	int rc = sq_begin(s, "blogger_decide");
	if (rc)
		return rc;
	rc = sq_finish(s, decide_body(s, &x), "blogger_decide");
	if (blog)
		*blog = rc ? 0 : made;
	return rc;
}

/* store_blog_update: see store.h.  The forum row holds the title and
 * about; nothing keeps when. */
int sq_blog_update(store *s, int64_t id, str title, str about, int64_t now)
{
	(void)now;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_UPDATE, "blog_update");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_text(&q, 2, title);
	sq_text(&q, 3, about);
	return sq_exec(&q, true);
}

/* ---- Posts and their comments ----------------------------------------- */

/* Replaces post `id`'s tags with p's (a repeat kept once). */
static int tags_write(store *s, int64_t id, const struct store_blog_post *p, bool clear, const char *op)
{
	int rc = clear ? sq_run(s, SQ_BLOG_TAGS_CLEAR, op, false, SQ_INTS(id)) : 0;
	for (int i = 0; rc == 0 && i < p->ntags && i < STORE_BLOG_TAGS_MAX; i++) {
		struct sq_q q;
		if ((rc = sq_start(&q, s, SQ_BLOG_TAG_INSERT, op)))
			break;
		sq_int(&q, 1, id);
		sq_text(&q, 2, p->tags[i]);
		rc = sq_exec(&q, false);
	}
	return rc;
}

/* Makes post `id`'s comments topic in blog `blog` by `author`: its first
 * post the summary, counted, watched and read as store_topic_create
 * does; *topic its id. */
static int topic_make(store *s, int64_t id, int64_t blog, int64_t author, int64_t now, const char *op,
		      int64_t *topic)
{
	struct sq_conn *c = sq_conn_get(s);
	if (!c)
		return STORE_ERR;
	int rc = sq_run(s, SQ_BLOG_TOPIC_INSERT, op, true, SQ_INTS(id, now));
	if (rc)
		return rc;
	*topic = sqlite3_last_insert_rowid(c->db);
	if ((rc = sq_run(s, SQ_BLOG_TOPIC_POST, op, true, SQ_INTS(id, *topic, now))))
		return rc;
	int64_t post = sqlite3_last_insert_rowid(c->db);
	if ((rc = sq_run(s, SQ_TOPIC_LAST, op, true, SQ_INTS(*topic, post, now, 0))) ||
	    (rc = sq_run(s, SQ_FORUM_COUNTS, op, true, SQ_INTS(blog, 1, 1, now))) ||
	    (rc = sq_run(s, SQ_WATCH_INSERT, op, false, SQ_INTS(author, *topic, now))) ||
	    (rc = sq_run(s, SQ_READ_UPSERT, op, true, SQ_INTS(author, *topic, post, now))))
		return rc;
	return sq_run(s, SQ_BLOG_TOPIC_SET, op, true, SQ_INTS(id, *topic));
}

/* Publishes post `id` at `now`: published_at the first time; its topic
 * made, or restored (the forum counted again).  *topic its topic. */
static int go_live(store *s, int64_t id, int64_t now, const char *op, int64_t *topic)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_GO_LIVE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_int(&q, 2, now);
	if ((rc = sq_row(&q, true)))
		return rc;
	*topic = sqlite3_column_int64(q.st, 0);
	int64_t blog = sqlite3_column_int64(q.st, 1), author = sqlite3_column_int64(q.st, 2);
	sq_end(&q);
	if (!*topic)
		return topic_make(s, id, blog, author, now, op, topic);
	if ((rc = sq_run(s, SQ_BLOG_TOPIC_SHOW, op, false, SQ_INTS(*topic))))
		return rc;
	return sq_run(s, SQ_BLOG_FORUM_RECOUNT, op, true, SQ_INTS(blog));
}

/* Takes topic `topic` of blog `blog` down (by `actor`), the forum counted
 * again. */
static int take_down(store *s, int64_t topic, int64_t blog, int64_t actor, int64_t now, const char *op)
{
	int rc = sq_run(s, SQ_BLOG_TOPIC_HIDE, op, false, SQ_INTS(topic, now, actor));
	if (rc == 0)
		rc = sq_run(s, SQ_BLOG_FORUM_RECOUNT, op, true, SQ_INTS(blog));
	return rc;
}

/* The topic's title follows the post's; closed comments lock it. */
static int topic_sync(store *s, int64_t topic, const struct store_blog_post *p, const char *op)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_TOPIC_SYNC, op);
	if (rc)
		return rc;
	sq_int(&q, 1, topic);
	sq_text(&q, 2, p->title);
	sq_int(&q, 3, p->comments_closed);
	return sq_exec(&q, true);
}

/* Binds p's text fields as ?`from`.. ?`from`+5: title, summary, body,
 * body_html, cover, status; then publish_at (scheduled only). */
static void post_bind(struct sq_q *q, int from, const struct store_blog_post *p)
{
	sq_text(q, from, p->title);
	sq_text(q, from + 1, p->summary);
	sq_text(q, from + 2, p->body);
	sq_text(q, from + 3, p->body_html);
	sq_text(q, from + 4, p->cover);
	sq_text(q, from + 5, str_c(store_blog_status_name(p->status)));
	sq_int(q, from + 6, p->status == STORE_BLOG_SCHEDULED ? p->publish_at : 0);
}

static int post_create_body(store *s, const struct store_blog_post *p, int64_t now, int64_t *id)
{
	const char *op = "blog_post_create";
	int64_t owner = 0;
	int rc = sq_run_int(s, SQ_BLOG_OWNER, op, SQ_INTS(p->blog_id), &owner);
	if (rc)
		return rc;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_BLOG_POST_INSERT, op)))
		return rc;
	sq_int(&q, 1, p->blog_id);
	sq_int(&q, 2, p->author_id);
	sq_text(&q, 3, p->slug);
	post_bind(&q, 4, p);
	sq_int(&q, 11, 0); /* published_at: go_live sets it */
	sq_int(&q, 12, now);
	if ((rc = sq_exec(&q, false))) /* the slug taken in the blog: STORE_ECONFLICT */
		return rc;
	*id = sqlite3_last_insert_rowid(q.c->db);
	if ((rc = tags_write(s, *id, p, false, op)) || p->status != STORE_BLOG_PUBLISHED)
		return rc;
	int64_t topic = 0;
	if ((rc = go_live(s, *id, now, op, &topic)))
		return rc;
	return p->comments_closed ? topic_sync(s, topic, p, op) : 0;
}

/* store_blog_post_create: see store.h.  Another status (or none) is
 * STORE_ERR before anything is written. */
int sq_blog_post_create(store *s, const struct store_blog_post *p, int64_t now, int64_t *id)
{
	*id = 0;
	if (p->status != STORE_BLOG_DRAFT && p->status != STORE_BLOG_SCHEDULED && p->status != STORE_BLOG_PUBLISHED)
		return STORE_ERR;
	int rc = sq_begin(s, "blog_post_create");
	if (rc)
		return rc;
	rc = sq_finish(s, post_create_body(s, p, now, id), "blog_post_create");
	if (rc)
		*id = 0;
	return rc;
}

/* What an update must know of a post (SQ_BLOG_POST_STATE). */
struct post_state {
	bool published, changed;
	int64_t topic, blog;
};

static int post_state(store *s, const struct store_blog_post *p, const char *op, struct post_state *st)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_POST_STATE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, p->id);
	sq_text(&q, 2, p->title);
	sq_text(&q, 3, p->summary);
	sq_text(&q, 4, p->body);
	if ((rc = sq_row(&q, false)))
		return rc;
	st->published = status_of(&q, 0) == STORE_BLOG_PUBLISHED;
	st->topic = sqlite3_column_int64(q.st, 1);
	st->blog = sqlite3_column_int64(q.st, 2);
	st->changed = sqlite3_column_int(q.st, 3) != 0;
	sq_end(&q);
	return 0;
}

struct post_update {
	const struct store_blog_post *p;
	int64_t actor, now;
};

static int post_update_body(store *s, const struct post_update *x)
{
	const char *op = "blog_post_update";
	const struct store_blog_post *p = x->p;
	struct post_state was;
	int rc = post_state(s, p, op, &was);
	if (rc)
		return rc;
	if (was.changed && (rc = sq_run(s, SQ_BLOG_REVISION_INSERT, op, true, SQ_INTS(p->id, x->actor, x->now))))
		return rc;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_BLOG_POST_UPDATE, op)))
		return rc;
	sq_int(&q, 1, p->id);
	post_bind(&q, 2, p);
	sq_int(&q, 9, x->now);
	sq_int(&q, 10, was.changed);
	if ((rc = sq_exec(&q, true)) || (rc = tags_write(s, p->id, p, true, op)))
		return rc;
	int64_t topic = was.topic;
	if (p->status == STORE_BLOG_PUBLISHED && !was.published)
		rc = go_live(s, p->id, x->now, op, &topic);
	else if (p->status != STORE_BLOG_PUBLISHED && was.published && topic)
		rc = take_down(s, topic, was.blog, x->actor, x->now, op);
	if (rc || !topic)
		return rc;
	return topic_sync(s, topic, p, op);
}

/* store_blog_post_update: see store.h.  A status out of range is
 * STORE_ERR before anything is written. */
int sq_blog_post_update(store *s, const struct store_blog_post *p, int64_t actor, int64_t now)
{
	if (p->status < 0 || p->status >= STORE_BLOG_STATUS_MAX)
		return STORE_ERR;
	struct post_update x = {p, actor, now};
	int rc = sq_begin(s, "blog_post_update");
	if (rc)
		return rc;
	return sq_finish(s, post_update_body(s, &x), "blog_post_update");
}

static int publish_due_body(store *s, int64_t now, int *n)
{
	const char *op = "blog_publish_due";
	for (;;) {
		int64_t id = 0, topic = 0;
		int rc = sq_run_int(s, SQ_BLOG_DUE, op, SQ_INTS(now), &id);
		if (rc)
			return rc == STORE_ENOTFOUND ? 0 : rc;
		if ((rc = go_live(s, id, now, op, &topic)))
			return rc;
		++*n;
	}
}

/* store_blog_publish_due: see store.h.  One transaction for the sweep:
 * SQLite's one writer makes each post published once.  The sweep runs
 * every few seconds: it takes the write lock only when a post is due. */
int sq_blog_publish_due(store *s, int64_t now, int *n)
{
	*n = 0;
	int64_t due = 0;
	int rc = sq_run_int(s, SQ_BLOG_DUE, "blog_publish_due", SQ_INTS(now), &due);
	if (rc)
		return rc == STORE_ENOTFOUND ? 0 : rc;
	rc = sq_begin(s, "blog_publish_due");
	if (rc)
		return rc;
	rc = sq_finish(s, publish_due_body(s, now, n), "blog_publish_due");
	if (rc)
		*n = 0;
	return rc;
}

/* ---- Features and shares ---------------------------------------------- */

/* Post `id`'s state for a feature or a share: STORE_ENOTFOUND when there
 * is none. */
static int feature_state(store *s, int64_t id, const char *op, bool *published, int64_t *featured_at)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOG_FEATURE_STATE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	if ((rc = sq_row(&q, false)))
		return rc;
	*published = sqlite3_column_int(q.st, 0) != 0;
	*featured_at = sqlite3_column_int64(q.st, 1);
	sq_end(&q);
	return 0;
}

static int feature_body(store *s, int64_t id, bool on, int64_t editor, int64_t now)
{
	const char *op = "blog_feature";
	bool published;
	int64_t featured_at;
	int rc = feature_state(s, id, op, &published, &featured_at);
	if (rc)
		return rc;
	if (on ? !published || featured_at : !featured_at)
		return STORE_ECONFLICT;
	if ((rc = sq_run(s, SQ_BLOG_FEATURE, op, true, SQ_INTS(id, on ? now : 0, on ? editor : 0))))
		return rc;
	return sq_forum_audit(s, editor, str_c(on ? "blog_post.feature" : "blog_post.unfeature"), "blog_post", id,
			      STR_NULL, now);
}

/* store_blog_feature: see store.h. */
int sq_blog_feature(store *s, int64_t id, bool on, int64_t editor, int64_t now)
{
	int rc = sq_begin(s, "blog_feature");
	if (rc)
		return rc;
	return sq_finish(s, feature_body(s, id, on, editor, now), "blog_feature");
}

static int share_body(store *s, int64_t id, str network, bool on, int64_t editor, int64_t now)
{
	const char *op = "blog_share";
	bool published;
	int64_t featured_at;
	int rc = feature_state(s, id, op, &published, &featured_at);
	if (rc || !featured_at)
		return rc ? rc : STORE_ENOTFOUND;
	struct sq_q q;
	if ((rc = sq_start(&q, s, on ? SQ_BLOG_SHARE_INSERT : SQ_BLOG_SHARE_DELETE, op)))
		return rc;
	sq_int(&q, 1, id);
	sq_text(&q, 2, network);
	if (on) {
		sq_int(&q, 3, editor);
		sq_int(&q, 4, now);
	}
	if ((rc = sq_exec(&q, true))) /* already so: nothing to write */
		return rc == STORE_ENOTFOUND ? 0 : rc;
	char detail[80];
	snprintf(detail, sizeof detail, "%s%.*s", on ? "" : "-", (int)(network.n < 64 ? network.n : 64),
		 network.p ? network.p : "");
	return sq_forum_audit(s, editor, S("blog_post.share"), "blog_post", id, str_c(detail), now);
}

/* store_blog_share: see store.h.  Marking it as it already is writes
 * nothing; each change is audited (detail: the network, "-" before it
 * when unmarked). */
int sq_blog_share(store *s, int64_t id, str network, bool on, int64_t editor, int64_t now)
{
	int rc = sq_begin(s, "blog_share");
	if (rc)
		return rc;
	return sq_finish(s, share_body(s, id, network, on, editor, now), "blog_share");
}
