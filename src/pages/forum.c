/* forum.c: the forum pages.
 *
 *   /forums          every forum the reader may read, by section
 *   /f/SLUG          a forum's topics, pinned first, 25 to a page; its champions
 *   /f/SLUG/new      the form for a new topic (POST /f/SLUG starts it)
 *   /latest /unread  topics across every forum the reader may read
 *   /g/SLUG, /g/SLUG/new  a private group's forum: the same, through its
 *                    group (groups.h), for its members only
 *
 * Access comes from forum.h (the policy, by the forum's section); a forum
 * the reader may not read is a 404, except that a closed clinical forum
 * tells an unverified doctor how to get verified (403). */
#include <stdio.h>

#include "groups.h"
#include "views_gen.h"

#include "../text/validate.h"
#include "../http/pageviews.h"

static const char *check_title(arena *a, str v, str *norm)
{
	(void)a;
	v = str_trim(v);
	if (!v.n)
		return "must not be empty";
	*norm = v;
	return NULL;
}

static const struct form_field topic_fields[] = {
	{"title", FORUM_TITLE_MAX * 4, FIELD_REQUIRED, check_title},
	{"body", FORUM_BODY_MAX, FIELD_REQUIRED | FIELD_MULTILINE, validate_body},
	{"confirm_no_identifiers", 8, FIELD_BOOL, NULL},
	{"poll_question", 300, 0, NULL},
	{"poll_options", 2200, FIELD_MULTILINE, NULL},
	{"poll_multiple", 8, FIELD_BOOL, NULL},
	{"poll_days", 3, 0, NULL},
	{"image", 255, 0, NULL}, /* the file arrives in r->upload; this carries its errors */
};
const struct form_spec form_topic_new = FORM_SPEC(topic_fields);

/* The sections in display order, each a list of the forums in it the
 * reader may read, with `can_read` false for sections they may not. */
static view_list *sections_view(http_req *r, const struct store_forum_list *fl)
{
	view_list *secs = view_list_new(r->a);
	for (int sec = 0; secs && sec < STORE_SECTION_MAX; sec++) {
		view_obj *so = view_obj_new(r->a);
		view_list *forums = view_list_new(r->a);
		if (!so || !forums)
			return NULL;
		int access = forum_access(r, (enum store_section)sec, 0, ACT_FORUM_READ); /* groups: never here */
		for (int i = 0; access == 0 && i < fl->n; i++) {
			const struct store_forum *f = &fl->items[i];
			if ((int)f->section != sec)
				continue;
			view_obj *o = view_obj_new(r->a);
			if (!o)
				return NULL;
			view_set_str(o, "slug", f->slug);
			view_set_str(o, "name", f->name);
			view_set_str(o, "description", f->description);
			view_set_int(o, "topics", f->topic_count);
			view_set_int(o, "posts", f->post_count);
			view_set_bool(o, "active", f->last_post_at > 0);
			view_set_cstr(o, "when", f->last_post_at ? page_when(r, f->last_post_at) : "");
			view_list_push_obj(forums, o);
		}
		view_set_cstr(so, "label", forum_section_label((enum store_section)sec));
		view_set_cstr(so, "key", store_section_name((enum store_section)sec));
		view_set_list(so, "forums", forums);
		view_set_bool(so, "readable", access == 0);
		view_set_bool(so, "verify", access == 403);
		view_set_bool(so, "closed", sec == STORE_SECTION_CLOSED_CLINICAL);
		if (access != 404)
			view_list_push_obj(secs, so);
	}
	return secs;
}

/* GET /forums — members: every forum they may read, by section; a closed
 * section tells an unverified doctor how to get in. */
int forums_page(http_req *r)
{
	struct store_forum_list fl;
	int rc = store_forum_list(http_store(r), r->a, false, &fl);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Forums");
	view_list *secs = ctx ? sections_view(r, &fl) : NULL;
	if (!secs)
		return http_store_error(r, STORE_ERR);
	view_set_list(ctx, "sections", secs);
	return http_page(r, 200, view_forums, ctx);
}

/* Adds the topics of `tl` to ctx as "topics" and "has_topics". */
static int topics_ctx(http_req *r, view_obj *ctx, const struct store_topic_list *tl)
{
	view_list *l = view_list_new(r->a);
	if (!l)
		return -1;
	for (int i = 0; i < tl->n; i++) {
		view_obj *o = forum_topic_view(r, &tl->items[i]);
		if (!o)
			return -1;
		view_list_push_obj(l, o);
	}
	view_set_list(ctx, "topics", l);
	return view_set_bool(ctx, "has_topics", tl->n > 0);
}

/* Adds the forum's champions to ctx. */
static int champions_ctx(http_req *r, view_obj *ctx, int64_t forum)
{
	struct store_member_list cl;
	view_list *l = view_list_new(r->a);
	if (!l || store_champion_list(http_store(r), r->a, forum, &cl))
		return -1;
	for (int i = 0; i < cl.n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return -1;
		view_set_str(o, "name", cl.items[i].name);
		view_set_str(o, "handle", cl.items[i].handle);
		view_list_push_obj(l, o);
	}
	view_set_list(ctx, "champions", l);
	return view_set_bool(ctx, "has_champions", cl.n > 0);
}

/* Adds prev/next page links to ctx for page `page` of `total` items. */
static void paging_ctx(view_obj *ctx, int64_t page, int64_t per, int64_t total)
{
	view_set_bool(ctx, "has_prev", page > 1);
	view_set_bool(ctx, "has_next", page * per < total);
	view_set_int(ctx, "prev", page - 1);
	view_set_int(ctx, "next", page + 1);
	view_set_int(ctx, "page", page);
}

/* The forum of the request's /f/SLUG (or, with `group`, /g/SLUG: *g
 * then holds its group) as the reader may see it for `act`: 0, an
 * answered refusal (> 0), or a store error. */
static int resolve(http_req *r, bool group, enum policy_action act, struct store_forum *f, struct store_group *g)
{
	if (!group)
		return forum_by_slug(r, r->params[0], act, f);
	struct policy_object o;
	int rc = group_find(r, r->params[0], act, g, &o);
	return rc ? rc : store_forum_by_id(http_store(r), r->a, g->id, f);
}

/* GET /f/:slug?page=N — readers of the forum: its topics, pinned first,
 * then by latest post, 25 to a page; its champions.  GET /g/:slug the
 * same for a group's members, with the group. */
static int show(http_req *r, bool group)
{
	struct store_forum f;
	struct store_group g;
	int rc = resolve(r, group, ACT_FORUM_READ, &f, &g);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	int64_t page = page_number(r), total = 0;
	struct store_topic_list tl;
	rc = store_topic_list(http_store(r), r->a, f.id, r->me.id, FORUM_TOPICS_PAGE,
			      (int)((page - 1) * FORUM_TOPICS_PAGE), &tl, &total);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, str_dup(r->a, f.name));
	if (!ctx || topics_ctx(r, ctx, &tl) || (!group && champions_ctx(r, ctx, f.id)))
		return http_store_error(r, STORE_ERR);
	view_set_str(ctx, "slug", f.slug);
	view_set_str(ctx, "name", f.name);
	view_set_str(ctx, "description", f.description);
	view_set_cstr(ctx, "section", forum_section_label(f.section));
	view_set_bool(ctx, "closed", f.section == STORE_SECTION_CLOSED_CLINICAL);
	view_set_bool(ctx, "clinical", group ? g.clinical : f.section != STORE_SECTION_OFF_DUTY);
	view_set_bool(ctx, "archived", f.archived);
	view_set_bool(ctx, "can_post", !f.archived && forum_access(r, f.section, f.id, ACT_FORUM_POST) == 0);
	paging_ctx(ctx, page, FORUM_TOPICS_PAGE, total);
	http_view_section(r, f.section);
	if (!group)
		return http_page(r, 200, view_forum, ctx);
	view_obj *gv = group_view(r, &g);
	if (!gv)
		return http_store_error(r, STORE_ERR);
	view_set_obj(ctx, "group", gv);
	return http_page(r, 200, view_group, ctx);
}

int forum_page(http_req *r)
{
	return show(r, false);
}

int group_page(http_req *r)
{
	return show(r, true);
}

/* The new-topic form for forum f (`clinical`: the guard applies), with
 * the request's values, its errors and the guard's findings. */
static int compose(http_req *r, int status, const struct store_forum *f, bool clinical,
		   const struct forum_findings *fd)
{
	view_obj *ctx = http_page_ctx(r, "New topic");
	if (!ctx || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	view_set_str(ctx, "slug", f->slug);
	view_set_cstr(ctx, "href", forum_href(r, f->section, f->slug));
	view_set_str(ctx, "forum", f->name);
	view_set_bool(ctx, "clinical", clinical);
	if (fd && fd->n) {
		struct forum_draft d = forum_draft_of(r);
		view_list *l = forum_findings_view(r, fd, &d);
		if (!l)
			return http_store_error(r, STORE_ERR);
		view_set_list(ctx, "findings", l);
		view_set_bool(ctx, "has_findings", true);
	}
	return http_page(r, status, view_topic_new, ctx);
}

static int archived(http_req *r)
{
	return http_error(r, 409, "archived", "This forum is archived: it is read-only.", NULL);
}

/* GET /f/:slug/new (/g/:slug/new) — who may post in the forum: the form
 * for a topic. */
static int new_form(http_req *r, bool group)
{
	struct store_forum f;
	struct store_group g;
	int rc = resolve(r, group, ACT_FORUM_POST, &f, &g);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	if (f.archived)
		return archived(r);
	return compose(r, 200, &f, group ? g.clinical : f.section != STORE_SECTION_OFF_DUTY, NULL);
}

int topic_new_form(http_req *r)
{
	return new_form(r, false);
}

int group_topic_new_form(http_req *r)
{
	return new_form(r, true);
}

/* POST /f/:slug (/g/:slug) {title, body, confirm_no_identifiers} — who
 * may post in the forum: starts a topic and goes to it (303); the form
 * again with the errors (422), or with the guard's findings to confirm
 * or edit (422). */
static int create(http_req *r, bool group)
{
	struct store_forum f;
	struct store_group g;
	int rc = resolve(r, group, ACT_FORUM_POST, &f, &g);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	bool clinical = group ? g.clinical : f.section != STORE_SECTION_OFF_DUTY;
	struct store_poll_new poll;
	bool has_poll = false;
	if (r->in.nerr || forum_poll_of(r, &poll, &has_poll))
		return compose(r, 422, &f, clinical, NULL);
	struct forum_draft d = forum_draft_of(r);
	d.poll = has_poll ? &poll : NULL;
	struct forum_target t = {.forum = f.id, .section = f.section};
	struct forum_findings fd;
	int64_t topic = 0, post = 0;
	rc = forum_write(r, &t, &d, &fd, &topic, &post);
	if (rc == 422 || rc == FORUM_BAD_IMAGE)
		return compose(r, 422, &f, clinical, rc == 422 ? &fd : NULL);
	if (rc == 429)
		return 0;
	if (rc == 409)
		return archived(r);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (rc)
		return http_store_error(r, rc);
	char to[48];
	snprintf(to, sizeof to, "/t/%lld", (long long)topic);
	return http_redirect(r, to);
}

int topic_create_post(http_req *r)
{
	return create(r, false);
}

int group_topic_create_post(http_req *r)
{
	return create(r, true);
}

/* GET /latest and /unread — members: topics across every forum they may
 * read, by latest post; /unread only those with posts they have not read
 * (topics older than their membership count as read). */
static int across(http_req *r, bool unread)
{
	int64_t page = page_number(r);
	unsigned sections = policy_sections(&r->reader, ACT_FORUM_READ);
	struct store_topic_list tl;
	int rc = store_topic_latest(http_store(r), r->a, sections, r->me.id, unread, r->me.created_at,
				    FORUM_TOPICS_PAGE + 1, (int)((page - 1) * FORUM_TOPICS_PAGE), &tl);
	if (rc)
		return http_store_error(r, rc);
	bool more = tl.n > FORUM_TOPICS_PAGE;
	if (more)
		tl.n = FORUM_TOPICS_PAGE;
	view_obj *ctx = http_page_ctx(r, unread ? "Unread" : "Latest");
	if (!ctx || topics_ctx(r, ctx, &tl))
		return http_store_error(r, STORE_ERR);
	view_set_bool(ctx, "unread_list", unread);
	view_set_cstr(ctx, "base", unread ? "/unread" : "/latest");
	paging_ctx(ctx, page, FORUM_TOPICS_PAGE, more ? page * FORUM_TOPICS_PAGE + 1 : 0);
	return http_page(r, 200, view_latest, ctx);
}

int latest_page(http_req *r)
{
	return across(r, false);
}

int unread_page(http_req *r)
{
	return across(r, true);
}
