/* topic.c: a topic and its posts.
 *
 *   /t/ID?page=N&quote=POST   the topic, 20 posts to a page; reading the
 *                             page marks it read; POST there replies
 *   /p/ID                     a post: 303 to its place in its topic
 *   /p/ID/edit  /p/ID/history edit a post (history kept), and see it
 *   POST /p/ID/ACTION         delete, like, unlike, flag
 *   POST /p/ID/mod/ACTION     pick, unpick, hide, unhide (champions, editors)
 *   POST /t/ID/ACTION         watch, unwatch
 *   POST /t/ID/mod/ACTION     pin, unpin, lock, unlock, move (champions, editors)
 *
 * Every handler first finds the topic as the reader may see it
 * (forum_topic: 404 for what they may not), then asks the policy for the
 * action with the topic's place, the post's author and age. */
#include <stdio.h>

#include "blogs.h"
#include "views_gen.h"

#include "../http/ratelimit.h"
#include "../text/validate.h"
#include "../http/pageviews.h"

static const struct form_field reply_fields[] = {
	{"body", FORUM_BODY_MAX, FIELD_REQUIRED | FIELD_MULTILINE, validate_body},
	{"confirm_no_identifiers", 8, FIELD_BOOL, NULL},
	{"image", 255, 0, NULL}, /* the file arrives in r->upload; this carries its errors */
};
const struct form_spec form_post_reply = FORM_SPEC(reply_fields);

static const struct form_field edit_fields[] = {
	{"title", FORUM_TITLE_MAX * 4, 0, NULL},
	{"body", FORUM_BODY_MAX, FIELD_REQUIRED | FIELD_MULTILINE, validate_body},
	{"confirm_no_identifiers", 8, FIELD_BOOL, NULL},
	{"image", 255, 0, NULL},
};
const struct form_spec form_post_edit = FORM_SPEC(edit_fields);

static const char *check_flag_reason(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	static const char *const ok[] = {"patient_identifiers", "abuse", "spam", "misinformation", "other"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (str_eqc(v, ok[i]))
			return NULL;
	return "must be patient_identifiers, abuse, spam, misinformation or other";
}

static const struct form_field flag_fields[] = {
	{"reason", 24, FIELD_REQUIRED, check_flag_reason},
	{"note", 1000, FIELD_MULTILINE, NULL},
};
const struct form_spec form_post_flag = FORM_SPEC(flag_fields);

static const struct form_field mod_fields[] = {
	{"reason", 500, FIELD_MULTILINE, NULL},
	{"forum", 64, 0, NULL},
};
const struct form_spec form_moderate = FORM_SPEC(mod_fields);

static const struct form_field reason_fields[] = {
	{"reason", 500, FIELD_MULTILINE, NULL},
};
const struct form_spec form_reason = FORM_SPEC(reason_fields);

static int not_found(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

/* The quoted post for ?quote=ID: its Markdown as a block quote. */
static str quote_of(http_req *r, const struct store_topic *t)
{
	int64_t id = page_id(http_query(r, "quote"));
	struct store_post p;
	if (!id || store_post_get(http_store(r), r->a, id, r->me.id, &p) || p.topic_id != t->id || p.deleted ||
	    p.hidden)
		return STR_NULL;
	buf b;
	buf_init(&b, r->a);
	buf_printf(&b, "> **@%.*s** wrote:\n> \n> ", (int)p.author_handle.n, p.author_handle.p);
	for (size_t i = 0; i < p.body.n && i < 4000; i++) {
		buf_putc(&b, p.body.p[i]);
		if (p.body.p[i] == '\n')
			buf_puts(&b, "> ");
	}
	buf_puts(&b, "\n\n");
	return b.err ? STR_NULL : buf_slice(&b);
}

/* Adds the topic's own fields and what the reader may do to ctx. */
static void topic_ctx(http_req *r, view_obj *ctx, const struct store_topic *t, const struct policy_object *base)
{
	view_set_int(ctx, "id", t->id);
	view_set_str(ctx, "title", t->title);
	view_set_str(ctx, "forum", t->forum_name);
	view_set_str(ctx, "forum_slug", t->forum_slug);
	view_set_cstr(ctx, "forum_href", forum_href(r, t->section, t->forum_slug));
	view_set_cstr(ctx, "section", forum_section_label(t->section));
	bool clinical = t->section != STORE_SECTION_OFF_DUTY, open = true;
	struct store_group g;
	if (t->section == STORE_SECTION_GROUP && store_group_get(http_store(r), r->a, t->forum_id, 0, &g) == 0) {
		clinical = g.clinical;
		open = g.status == STORE_GROUP_ACTIVE; /* an archived group is read-only */
	}
	view_set_bool(ctx, "clinical", clinical);
	view_set_bool(ctx, "closed", t->section == STORE_SECTION_CLOSED_CLINICAL);
	view_set_bool(ctx, "pinned", t->pinned);
	view_set_bool(ctx, "locked", t->locked);
	view_set_bool(ctx, "can_reply", open && !t->locked && policy_allows(&r->reader, ACT_FORUM_POST, base));
	view_set_bool(ctx, "staff", policy_allows(&r->reader, ACT_FORUM_MODERATE, base));
	if (policy_allows(&r->reader, ACT_FORUM_MODERATE, base)) {
		/* Where the staff may move it: open forums of the same section. */
		struct store_forum_list fl;
		view_list *l = view_list_new(r->a);
		if (l && store_forum_list(http_store(r), r->a, false, &fl) == 0)
			for (int i = 0; i < fl.n; i++) {
				view_obj *o = fl.items[i].section == t->section && fl.items[i].id != t->forum_id
						      ? view_obj_new(r->a)
						      : NULL;
				if (!o)
					continue;
				view_set_str(o, "slug", fl.items[i].slug);
				view_set_str(o, "name", fl.items[i].name);
				view_list_push_obj(l, o);
			}
		view_set_list(ctx, "move_to", l);
	}
	bool watching = false;
	store_topic_watching(http_store(r), r->me.id, t->id, &watching);
	view_set_bool(ctx, "watching", watching);
}

/* Shows topic t: page ?page (or the page of post `focus`), the reply form
 * with the request's values and the guard's findings. */
static int show(http_req *r, const struct store_topic *t, int status, const struct forum_findings *fd)
{
	int64_t pages = (t->reply_count + FORUM_POSTS_PAGE) / FORUM_POSTS_PAGE;
	int64_t page = page_number(r);
	struct store_post_list pl;
	store *st = http_store(r);
	int rc = store_topic_page(st, r->a, t, r->me.id, FORUM_POSTS_PAGE, (int)((page - 1) * FORUM_POSTS_PAGE),
				   &pl);
	if (rc)
		return http_store_error(r, rc);
	if (status == 200)
		forum_mark_read(r, t, &pl);
	struct policy_object base = forum_object(r, t->section, t->forum_id, 0, 0);
	view_obj *ctx = http_page_ctx(r, str_dup(r->a, t->title));
	view_list *posts = forum_posts_view(r, t, &pl, FORUM_POSTS_PAGE, (int)((page - 1) * FORUM_POSTS_PAGE), 0);
	if (!ctx || !posts || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	view_set_list(ctx, "posts", posts);
	topic_ctx(r, ctx, t, &base);
	if ((rc = forum_poll_ctx(r, ctx, t, policy_allows(&r->reader, ACT_FORUM_POST, &base))))
		return http_store_error(r, rc);
	view_set_bool(ctx, "has_prev", page > 1);
	view_set_bool(ctx, "has_next", page < pages);
	view_set_int(ctx, "prev", page - 1);
	view_set_int(ctx, "next", page + 1);
	view_set_int(ctx, "page", page);
	view_set_int(ctx, "pages", pages);
	str q = status == 200 ? quote_of(r, t) : STR_NULL;
	if (q.n)
		page_form_ctx(r, ctx, NULL), view_set_str(ctx, "quote", q);
	if (fd && fd->n) {
		struct forum_draft d = forum_draft_of(r);
		view_list *l = forum_findings_view(r, fd, &d);
		if (l)
			view_set_list(ctx, "findings", l), view_set_bool(ctx, "has_findings", true);
	}
	http_view_section(r, t->section);
	http_view_item(r, STORE_VIEW_TOPIC, t->id);
	return http_page(r, status, view_topic, ctx);
}

/* A blog post's comments live on the post's page: 303 there, to post
 * `id` (number `number`) where it shows (blog_comment_href), or with id
 * 0 to the page the request asks for. */
static int to_blog_post(http_req *r, const struct store_topic *t, int64_t id, int64_t number)
{
	struct store_blog_post bp;
	int rc = blog_post_of_topic(r, t->id, &bp);
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc)
		return http_store_error(r, rc);
	if (id)
		return http_redirect(r, blog_comment_href(r, &bp, id, number));
	char to[256];
	snprintf(to, sizeof to, "%s?page=%lld", blog_post_href(r, &bp, false), (long long)page_number(r));
	return http_redirect(r, to);
}

/* GET /t/:id?page=N&quote=POST — readers of its forum: the topic. */
int topic_page(http_req *r)
{
	struct store_topic t;
	int rc = forum_topic(r, page_id(r->params[0]), &t);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	if (t.section == STORE_SECTION_BLOG)
		return to_blog_post(r, &t, 0, 0);
	return show(r, &t, 200, NULL);
}

/* 303 to post `id` in its topic: /t/TOPIC?page=N#pID. */
static int to_post(http_req *r, int64_t topic, int64_t id, int64_t number)
{
	char to[96];
	int64_t page = number > 0 ? (number - 1) / FORUM_POSTS_PAGE + 1 : 1;
	snprintf(to, sizeof to, "/t/%lld?page=%lld#p%lld", (long long)topic, (long long)page, (long long)id);
	return http_redirect(r, to);
}

/* POST /t/:id {body, confirm_no_identifiers} — who may post in its forum:
 * adds a reply and goes to it (303); the topic again with the error or
 * the guard's findings (422); 409 locked. */
int topic_reply_post(http_req *r)
{
	struct store_topic t;
	int rc = forum_topic(r, page_id(r->params[0]), &t);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	if (forum_access(r, t.section, t.forum_id, ACT_FORUM_POST))
		return not_found(r);
	if (r->in.nerr)
		return show(r, &t, 422, NULL);
	struct forum_draft d = forum_draft_of(r);
	d.title = STR_NULL;
	struct forum_target tg = {.forum = t.forum_id, .topic = t.id, .section = t.section};
	struct forum_findings fd;
	int64_t topic = 0, post = 0;
	rc = forum_write(r, &tg, &d, &fd, &topic, &post);
	if (rc == 422 || rc == FORUM_BAD_IMAGE)
		return show(r, &t, 422, rc == 422 ? &fd : NULL);
	if (rc == 429)
		return 0;
	if (rc == 409)
		return http_error(r, 409, "locked", "This topic is locked: it takes no more replies.", NULL);
	if (rc == 404)
		return not_found(r);
	if (rc)
		return http_store_error(r, rc);
	struct store_post p;
	if (store_post_get(http_store(r), r->a, post, r->me.id, &p))
		return to_post(r, t.id, post, 0);
	return to_post(r, t.id, post, p.number);
}

/* The post `id` and its topic as the reader may see them: 0, or answered. */
static int post_and_topic(http_req *r, int64_t id, struct store_post *p, struct store_topic *t)
{
	int rc = id ? store_post_get(http_store(r), r->a, id, r->reader.signed_in ? r->me.id : 0, p)
		    : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return not_found(r), 404;
	if (rc)
		return http_store_error(r, rc), rc;
	rc = forum_topic(r, p->topic_id, t);
	return rc > 0 ? rc : rc ? (http_store_error(r, rc), rc) : 0;
}

/* GET /p/:id — readers of its forum: 303 to the post in its topic. */
int post_permalink(http_req *r)
{
	struct store_post p;
	struct store_topic t;
	if (post_and_topic(r, page_id(r->params[0]), &p, &t))
		return 0;
	if (t.section == STORE_SECTION_BLOG)
		return to_blog_post(r, &t, p.id, p.number);
	return to_post(r, t.id, p.id, p.number);
}

/* The edit form for post p, with the request's values or the post's own. */
static int edit_form(http_req *r, int status, const struct store_post *p, const struct store_topic *t,
		     const struct forum_findings *fd)
{
	view_obj *ctx = http_page_ctx(r, "Edit post");
	if (!ctx || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	view_set_int(ctx, "id", p->id);
	view_set_int(ctx, "topic", t->id);
	view_set_str(ctx, "topic_title", t->title);
	view_set_bool(ctx, "first", p->number == 1);
	view_set_bool(ctx, "clinical", t->section != STORE_SECTION_OFF_DUTY);
	if (r->method == HTTP_GET) {
		view_set_str(ctx, "body", p->body);
		view_set_str(ctx, "title", t->title);
	}
	if (fd && fd->n) {
		struct forum_draft d = forum_draft_of(r);
		view_list *l = forum_findings_view(r, fd, &d);
		if (l)
			view_set_list(ctx, "findings", l), view_set_bool(ctx, "has_findings", true);
	}
	return http_page(r, status, view_post_edit, ctx);
}

/* Finds post :id for an edit: answered (nonzero) unless the reader may. */
static int editable(http_req *r, struct store_post *p, struct store_topic *t)
{
	int rc = post_and_topic(r, page_id(r->params[0]), p, t);
	if (rc)
		return rc;
	if (p->deleted || !forum_may(r, ACT_POST_EDIT, t->section, t->forum_id, p->author_id, 0))
		return not_found(r), 404;
	return 0;
}

/* GET /p/:id/edit — its author and editors: the edit form. */
int post_edit_form(http_req *r)
{
	struct store_post p;
	struct store_topic t;
	if (editable(r, &p, &t))
		return 0;
	return edit_form(r, 200, &p, &t, NULL);
}

/* POST /p/:id/edit {title, body, confirm_no_identifiers} — its author and
 * editors: saves the new text (the old kept in its history), back to the
 * post (303); the form again with errors or findings (422). */
int post_edit_post(http_req *r)
{
	struct store_post p;
	struct store_topic t;
	if (editable(r, &p, &t))
		return 0;
	if (r->in.nerr)
		return edit_form(r, 422, &p, &t, NULL);
	struct forum_draft d = forum_draft_of(r);
	if (p.number != 1)
		d.title = STR_NULL;
	if (d.title.n > FORUM_TITLE_MAX * 4) {
		form_set_error(&r->in, "title", "is too long");
		return edit_form(r, 422, &p, &t, NULL);
	}
	struct forum_target tg = {.forum = t.forum_id, .topic = t.id, .post = p.id, .section = t.section};
	struct forum_findings fd;
	int64_t topic = 0, post = 0;
	int rc = forum_write(r, &tg, &d, &fd, &topic, &post);
	if (rc == 422 || rc == FORUM_BAD_IMAGE)
		return edit_form(r, 422, &p, &t, rc == 422 ? &fd : NULL);
	if (rc == 404)
		return not_found(r);
	if (rc)
		return http_store_error(r, rc);
	return to_post(r, t.id, p.id, p.number);
}

/* GET /p/:id/history — readers of its forum: the post's earlier versions,
 * newest first, with who edited and when. */
int post_history_page(http_req *r)
{
	struct store_post p;
	struct store_topic t;
	if (post_and_topic(r, page_id(r->params[0]), &p, &t))
		return 0;
	struct store_post_edit_list el;
	int rc = p.deleted || p.hidden ? STORE_ENOTFOUND : store_post_history(http_store(r), r->a, p.id, &el);
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Edit history");
	view_list *l = view_list_new(r->a);
	if (!ctx || !l)
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < el.n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_str(o, "editor", el.items[i].editor_name);
		view_set_str(o, "handle", el.items[i].editor_handle);
		view_set_cstr(o, "when", page_when(r, el.items[i].edited_at));
		view_set_str(o, "body", el.items[i].body);
		view_list_push_obj(l, o);
	}
	view_set_int(ctx, "id", p.id);
	view_set_int(ctx, "topic", t.id);
	view_set_str(ctx, "topic_title", t.title);
	view_set_str(ctx, "body", p.body);
	view_set_list(ctx, "edits", l);
	view_set_bool(ctx, "has_edits", el.n > 0);
	return http_page(r, 200, view_post_history, ctx);
}

/* POST /p/:id/:action (delete, like, unlike, flag) — as the policy
 * allows: back to the post, or to the topic's forum when the topic went
 * with its first post (303); 409 when it is so already. */
int post_action_post(http_req *r)
{
	struct store_post p;
	struct store_topic t;
	if (post_and_topic(r, page_id(r->params[0]), &p, &t))
		return 0;
	str act = r->params[1];
	store *st = http_store(r);
	int rc;
	if (p.deleted)
		return not_found(r);
	if (str_eqc(act, "delete")) {
		struct policy_object o = forum_object(r, t.section, t.forum_id, p.author_id, p.created_at);
		if (!policy_allows(&r->reader, ACT_POST_DELETE, &o))
			return not_found(r);
		bool staff = p.author_id != r->me.id;
		rc = store_post_delete(st, p.id, r->me.id, staff, str_trim(form_get(&r->in, "reason")), r->now);
		if (rc == 0 && p.number == 1)
			return http_redirect(r, forum_href(r, t.section, t.forum_slug));
	} else if (str_eqc(act, "like") || str_eqc(act, "unlike")) {
		if (forum_access(r, t.section, t.forum_id, ACT_FORUM_POST) || p.author_id == r->me.id)
			return not_found(r);
		rc = store_post_like(st, p.id, r->me.id, str_eqc(act, "like"), r->now);
	} else {
		return not_found(r);
	}
	if (rc == STORE_ECONFLICT)
		return http_error(r, 409, "conflict", "That is done already.", NULL);
	if (rc)
		return rc == STORE_ENOTFOUND ? not_found(r) : http_store_error(r, rc);
	return to_post(r, t.id, p.id, p.number);
}

/* POST /p/:id/flag {reason, note} — who may post in its forum, for
 * another member's post: it goes to the champions' and editors' queue;
 * back to the post (303) with a notice; 409 when flagged already. */
int post_flag_post(http_req *r)
{
	struct store_post p;
	struct store_topic t;
	if (post_and_topic(r, page_id(r->params[0]), &p, &t))
		return 0;
	if (p.deleted || p.author_id == r->me.id || forum_access(r, t.section, t.forum_id, ACT_FORUM_POST))
		return not_found(r);
	if (r->in.nerr)
		return http_error(r, 422, "invalid", "Say why you flag the post.", "reason");
	int64_t wait = rate_over(r, RATE_FLAG_MEMBER, page_member_key(r), true);
	if (wait)
		return rate_refuse(r, wait);
	int64_t id = 0;
	int rc = store_flag_create(http_store(r), p.id, r->me.id, form_get(&r->in, "reason"),
				   str_trim(form_get(&r->in, "note")), r->now, &id);
	if (rc == STORE_ECONFLICT)
		return http_error(r, 409, "conflict", "You have flagged this post already.", NULL);
	if (rc)
		return rc == STORE_ENOTFOUND ? not_found(r) : http_store_error(r, rc);
	char to[96];
	snprintf(to, sizeof to, "/t/%lld?page=%lld&flagged=1#p%lld", (long long)t.id,
		 (long long)(p.number - 1) / FORUM_POSTS_PAGE + 1, (long long)p.id);
	return http_redirect(r, to);
}

/* POST /t/:id/:action (watch, unwatch) — readers of its forum: back to
 * the topic (303). */
int topic_action_post(http_req *r)
{
	struct store_topic t;
	int rc = forum_topic(r, page_id(r->params[0]), &t);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	str act = r->params[1];
	if (!str_eqc(act, "watch") && !str_eqc(act, "unwatch"))
		return not_found(r);
	rc = store_topic_watch(http_store(r), r->me.id, t.id, str_eqc(act, "watch"), r->now);
	if (rc)
		return http_store_error(r, rc);
	char to[48];
	snprintf(to, sizeof to, "/t/%lld", (long long)t.id);
	return http_redirect(r, to);
}
