/* api_forum.c: the forums in the JSON API, with the pages' rules (forum.h
 * decides access and writes every post):
 *
 *   GET  /api/v1/forums                   forums the reader may read
 *   GET  /api/v1/forums/SLUG/topics?page  POST the same: a new topic
 *   GET  /api/v1/latest?page&unread=1     topics across readable forums
 *   GET  /api/v1/topics/ID?page           the topic with its posts
 *   POST /api/v1/topics/ID/posts          a reply
 *   POST|DELETE /api/v1/topics/ID/watch   watch, stop watching
 *   PATCH /api/v1/posts/ID                an edit (history kept)
 *   DELETE /api/v1/posts/ID               a delete
 *   POST|DELETE /api/v1/posts/ID/like     like, unlike
 *   POST /api/v1/posts/ID/flags           flag to the moderators
 *   POST /api/v1/scan                     the confidentiality scanner alone
 *
 * The guard's refusal is 422 {"error": {"code": "patient_identifiers",
 * ...}, "findings": [{kind, start, end, field}]}; the same body with
 * "confirm_no_identifiers": true is saved and marked confirmed. */
#include "forum.h"

#include "../http/ratelimit.h"
#include "../text/validate.h"

static const struct form_field scan_fields[] = {
	{"body", FORUM_BODY_MAX, FIELD_MULTILINE, NULL},
	{"title", FORUM_TITLE_MAX * 4, 0, NULL},
};
const struct form_spec form_scan = FORM_SPEC(scan_fields);

/* Answers a JSON object, or 500 when it could not be made. */
static int answer(http_req *r, int status, json_t *j)
{
	return j ? http_json(r, status, j) : http_error(r, 500, "internal", "Something went wrong on our side.", NULL);
}

/* GET /api/v1/forums — members: {forums: [{id, slug, name, description,
 * section, position, archived, topics, posts, can_post}]}, those they may read. */
int api_forums(http_req *r)
{
	struct store_forum_list fl;
	int rc = store_forum_list(http_store(r), r->a, false, &fl);
	if (rc)
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < fl.n; i++) {
		const struct store_forum *f = &fl.items[i];
		if (forum_access(r, f->section, f->id, ACT_FORUM_READ))
			continue;
		json_array_append_new(
			a, json_pack("{s:I, s:s%, s:s%, s:s%, s:s, s:I, s:b, s:I, s:I, s:b}", "id", (json_int_t)f->id,
				     "slug", f->slug.p, f->slug.n, "name", f->name.p, f->name.n, "description",
				     f->description.p, f->description.n, "section", store_section_name(f->section),
				     "position", (json_int_t)f->position, "archived", f->archived, "topics",
				     (json_int_t)f->topic_count, "posts", (json_int_t)f->post_count, "can_post",
				     !f->archived && forum_access(r, f->section, f->id, ACT_FORUM_POST) == 0));
	}
	return answer(r, 200, a ? json_pack("{s:o}", "forums", a) : NULL);
}

/* {topics: [...], page, total} from a list. */
static json_t *topics_json(const struct store_topic_list *tl, int64_t page, int64_t total)
{
	json_t *a = json_array();
	for (int i = 0; a && i < tl->n; i++)
		json_array_append_new(a, forum_topic_json(&tl->items[i]));
	return a ? json_pack("{s:o, s:I, s:I}", "topics", a, "page", (json_int_t)page, "total", (json_int_t)total)
		 : NULL;
}

/* GET /api/v1/forums/:slug/topics?page=N — readers of the forum:
 * {topics, page, total}, 25 to a page, pinned first. */
int api_forum_topics(http_req *r)
{
	struct store_forum f;
	int rc = forum_by_slug(r, r->params[0], ACT_FORUM_READ, &f);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	int64_t page = page_number(r), total = 0;
	struct store_topic_list tl;
	rc = store_topic_list(http_store(r), r->a, f.id, r->me.id, FORUM_TOPICS_PAGE,
			      (int)((page - 1) * FORUM_TOPICS_PAGE), &tl, &total);
	if (rc)
		return http_store_error(r, rc);
	return answer(r, 200, topics_json(&tl, page, total));
}

/* GET /api/v1/latest?page=N&unread=1 — members: topics across every forum
 * they may read, by latest post. */
int api_latest(http_req *r)
{
	int64_t page = page_number(r);
	bool unread = str_eqc(http_query(r, "unread"), "1");
	struct store_topic_list tl;
	int rc = store_topic_latest(http_store(r), r->a, policy_sections(&r->reader, ACT_FORUM_READ), r->me.id, unread,
				    r->me.created_at, FORUM_TOPICS_PAGE, (int)((page - 1) * FORUM_TOPICS_PAGE), &tl);
	if (rc)
		return http_store_error(r, rc);
	return answer(r, 200, topics_json(&tl, page, -1));
}

/* The topic with one page of its posts, as JSON. */
static json_t *topic_with_posts(http_req *r, const struct store_topic *t, int64_t page)
{
	struct store_post_list pl;
	if (store_topic_page(http_store(r), r->a, t, r->me.id, FORUM_POSTS_PAGE,
			      (int)((page - 1) * FORUM_POSTS_PAGE), &pl))
		return NULL;
	forum_mark_read(r, t, &pl);
	json_t *j = forum_topic_json(t), *a = json_array();
	if (!j || !a) {
		json_decref(j);
		json_decref(a);
		return NULL;
	}
	for (int i = 0; i < pl.n; i++)
		json_array_append_new(a, forum_post_json(r, &pl.items[i]));
	json_object_set_new(j, "posts", a);
	json_object_set_new(j, "page", json_integer(page));
	json_object_set_new(j, "poll", forum_poll_json(r, t->id));
	return j;
}

/* GET /api/v1/topics/:id?page=N — readers of its forum: the topic with
 * `posts: [{id, author, body_html, created_at, ...}]`, 20 to a page. */
int api_topic(http_req *r)
{
	struct store_topic t;
	int rc = forum_topic(r, page_id(r->params[0]), &t);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return answer(r, 200, topic_with_posts(r, &t, page_number(r)));
}

/* Answers forum_write's outcome for the API: the findings (422), 429,
 * 409, 404 or a store error; 0 when it was written. */
static int write_refused(http_req *r, int rc, const struct forum_findings *fd)
{
	if (rc == 422) {
		json_t *j = json_pack("{s:{s:s, s:s}, s:o}", "error", "code", "patient_identifiers", "message",
				      "The text may identify a patient. Remove the identifiers, or send it again with "
				      "confirm_no_identifiers: true if none of them does.",
				      "findings", forum_findings_json(fd));
		return answer(r, 422, j);
	}
	if (rc == FORUM_BAD_IMAGE)
		return http_error(r, 422, "invalid", form_error(&r->in, "image"), "image");
	if (rc == 429)
		return 0;
	if (rc == 409)
		return http_error(r, 409, "conflict", "The topic is locked or its forum archived.", NULL);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	return http_store_error(r, rc);
}

/* The post `id` as JSON, with `status`. */
static int post_answer(http_req *r, int status, int64_t id)
{
	struct store_post p;
	int rc = store_post_get(http_store(r), r->a, id, r->me.id, &p);
	if (rc)
		return http_store_error(r, rc);
	return answer(r, status, forum_post_json(r, &p));
}

/* POST /api/v1/forums/:slug/topics {title, body, confirm_no_identifiers}
 * — who may post there: 201, the topic with its first post. */
int api_forum_topic_create(http_req *r)
{
	struct store_forum f;
	int rc = forum_by_slug(r, r->params[0], ACT_FORUM_POST, &f);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return api_topic_create_in(r, f.id, f.section);
}

int api_topic_create_in(http_req *r, int64_t forum, enum store_section section)
{
	int rc;
	struct store_poll_new poll;
	bool has_poll = false;
	if (forum_poll_of(r, &poll, &has_poll)) {
		int i = r->in.first_err;
		for (size_t k = 0; k < form_topic_new.n; k++)
			if (r->in.err[k])
				i = (int)k;
		const char *name = form_topic_new.fields[i].name;
		return http_error(r, 422, "invalid", r->in.err[i], name);
	}
	struct forum_draft d = forum_draft_of(r);
	d.poll = has_poll ? &poll : NULL;
	struct forum_target t = {.forum = forum, .section = section};
	struct forum_findings fd;
	int64_t topic = 0, post = 0;
	rc = forum_write(r, &t, &d, &fd, &topic, &post);
	if (rc)
		return write_refused(r, rc, &fd);
	struct store_topic tp;
	if ((rc = store_topic_get(http_store(r), r->a, topic, r->me.id, &tp)))
		return http_store_error(r, rc);
	return answer(r, 201, topic_with_posts(r, &tp, 1));
}

/* POST /api/v1/topics/:id/posts {body, confirm_no_identifiers} — who may
 * post in its forum: 201, the post; 409 locked. */
int api_topic_reply(http_req *r)
{
	struct store_topic t;
	int rc = forum_topic(r, page_id(r->params[0]), &t);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	if (forum_access(r, t.section, t.forum_id, ACT_FORUM_POST))
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	struct forum_draft d = forum_draft_of(r);
	d.title = STR_NULL;
	struct forum_target tg = {.forum = t.forum_id, .topic = t.id, .section = t.section};
	struct forum_findings fd;
	int64_t topic = 0, post = 0;
	rc = forum_write(r, &tg, &d, &fd, &topic, &post);
	return rc ? write_refused(r, rc, &fd) : post_answer(r, 201, post);
}

/* Post :id and its topic as the reader may see them, else answered. */
static int find(http_req *r, struct store_post *p, struct store_topic *t)
{
	int64_t id = page_id(r->params[0]);
	int rc = id ? store_post_get(http_store(r), r->a, id, r->me.id, p) : STORE_ENOTFOUND;
	if (rc == 0 && p->deleted)
		rc = STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL), 404;
	if (rc)
		return http_store_error(r, rc), rc;
	rc = forum_topic(r, p->topic_id, t);
	return rc > 0 ? rc : rc ? (http_store_error(r, rc), rc) : 0;
}

/* PATCH /api/v1/posts/:id {body, title (first post), confirm_no_identifiers}
 * — its author and editors: the post, its old text kept in its history. */
int api_post_edit(http_req *r)
{
	struct store_post p;
	struct store_topic t;
	if (find(r, &p, &t))
		return 0;
	if (!forum_may(r, ACT_POST_EDIT, t.section, t.forum_id, p.author_id, 0))
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	struct forum_draft d = forum_draft_of(r);
	if (p.number != 1)
		d.title = STR_NULL;
	struct forum_target tg = {.forum = t.forum_id, .topic = t.id, .post = p.id, .section = t.section};
	struct forum_findings fd;
	int64_t topic = 0, post = 0;
	int rc = forum_write(r, &tg, &d, &fd, &topic, &post);
	return rc ? write_refused(r, rc, &fd) : post_answer(r, 200, p.id);
}

/* DELETE /api/v1/posts/:id — its author within a day, the forum's
 * champions and editors: 204.  A first post takes its topic with it. */
int api_post_delete(http_req *r)
{
	struct store_post p;
	struct store_topic t;
	if (find(r, &p, &t))
		return 0;
	if (!forum_may(r, ACT_POST_DELETE, t.section, t.forum_id, p.author_id, p.created_at))
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	int rc = store_post_delete(http_store(r), p.id, r->me.id, p.author_id != r->me.id, S(""), r->now);
	return rc ? http_store_error(r, rc) : http_no_content(r);
}

/* Likes (`on`) or unlikes post :id: the post; 409 when so already. */
static int like(http_req *r, bool on)
{
	struct store_post p;
	struct store_topic t;
	if (find(r, &p, &t))
		return 0;
	if (forum_access(r, t.section, t.forum_id, ACT_FORUM_POST))
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (p.author_id == r->me.id)
		return http_error(r, 403, "forbidden", "You cannot like your own post.", NULL);
	int rc = store_post_like(http_store(r), p.id, r->me.id, on, r->now);
	if (rc == STORE_ECONFLICT)
		return http_error(r, 409, "conflict", on ? "You like this post already." : "You do not like this post.",
				  NULL);
	return rc ? http_store_error(r, rc) : post_answer(r, 200, p.id);
}

/* POST /api/v1/posts/:id/like — who may post in its forum: the post. */
int api_post_like(http_req *r)
{
	return like(r, true);
}

/* DELETE /api/v1/posts/:id/like — the same, undone. */
int api_post_unlike(http_req *r)
{
	return like(r, false);
}

/* POST /api/v1/posts/:id/flags {reason, note} — who may post in its
 * forum, for another's post: 201 {id}; 409 when flagged already. */
int api_post_flag(http_req *r)
{
	struct store_post p;
	struct store_topic t;
	if (find(r, &p, &t))
		return 0;
	if (p.author_id == r->me.id || forum_access(r, t.section, t.forum_id, ACT_FORUM_POST))
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	int64_t wait = rate_over(r, RATE_FLAG_MEMBER, page_member_key(r), true);
	if (wait)
		return rate_refuse(r, wait);
	int64_t id = 0;
	int rc = store_flag_create(http_store(r), p.id, r->me.id, form_get(&r->in, "reason"),
				   str_trim(form_get(&r->in, "note")), r->now, &id);
	if (rc == STORE_ECONFLICT)
		return http_error(r, 409, "conflict", "You have flagged this post already.", NULL);
	if (rc)
		return http_store_error(r, rc);
	return answer(r, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "open"));
}

/* POST /api/v1/scan {body, title} — members: {findings: [{kind, start,
 * end, field}]}, what the guard would find (for the composer, as one
 * types); limited far more loosely than posting. */
int api_scan(http_req *r)
{
	int64_t wait = rate_over(r, RATE_SCAN_MEMBER, page_member_key(r), true);
	if (wait)
		return rate_refuse(r, wait);
	struct forum_findings fd = {0};
	struct scan_finding got[FORUM_FINDINGS_MAX];
	str parts[2] = {form_get(&r->in, "title"), form_get(&r->in, "body")};
	for (int k = 0; k < 2; k++) {
		int n = scan_text(parts[k], got, FORUM_FINDINGS_MAX);
		for (int i = 0; i < n && i < FORUM_FINDINGS_MAX && fd.n < FORUM_FINDINGS_MAX; i++) {
			fd.in_title[fd.n] = k == 0;
			fd.items[fd.n++] = got[i];
		}
	}
	return answer(r, 200, json_pack("{s:o}", "findings", forum_findings_json(&fd)));
}

/* Watches (`on`) or stops watching topic :id: 204. */
static int watch(http_req *r, bool on)
{
	struct store_topic t;
	int rc = forum_topic(r, page_id(r->params[0]), &t);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	rc = store_topic_watch(http_store(r), r->me.id, t.id, on, r->now);
	return rc ? http_store_error(r, rc) : http_no_content(r);
}

/* POST /api/v1/topics/:id/watch — readers of its forum: 204; replies
 * there notify them. */
int api_topic_watch(http_req *r)
{
	return watch(r, true);
}

/* DELETE /api/v1/topics/:id/watch — the same, undone: 204. */
int api_topic_unwatch(http_req *r)
{
	return watch(r, false);
}
