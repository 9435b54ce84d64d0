/* modq.c: moderation.
 *
 *   POST /t/ID/mod/ACTION    pin, unpin, lock, unlock, move {forum, reason}
 *   POST /p/ID/mod/ACTION    pick, unpick, hide, unhide {reason}
 *   /editor/flags            flagged posts: champions see their forums',
 *                            editors all; POST /editor/flags/ID decides one
 *                            (dismiss, hide, delete; warn and suspend:
 *                            editors)
 *   /editor/audit            the audit log, filtered (editors)
 *
 * and the same under /api/v1 (topics/ID/moderate, posts/ID/moderate,
 * editor/flags, editor/audit).  Who may do what is the policy's
 * ACT_FORUM_MODERATE with the content's place and whether the reader
 * champions its forum; every action lands in the audit log (the store
 * writes it in the same transaction). */
#include <stdio.h>

#include "forum.h"
#include "views_gen.h"

#include "../mail/mail.h"
#include "../mail/notify_mail.h"

static const char *check_flag_decision(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	static const char *const ok[] = {"dismiss", "hide", "delete", "warn", "suspend"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (str_eqc(v, ok[i]))
			return NULL;
	return "must be dismiss, hide, delete, warn or suspend";
}

static const struct form_field flag_decision_fields[] = {
	{"decision", 16, FIELD_REQUIRED, check_flag_decision},
	{"note", 1000, FIELD_MULTILINE, NULL},
};
const struct form_spec form_flag_decision = FORM_SPEC(flag_decision_fields);

static const struct form_field api_mod_fields[] = {
	{"action", 16, FIELD_REQUIRED, NULL},
	{"reason", 500, FIELD_MULTILINE, NULL},
	{"forum", 64, 0, NULL},
};
const struct form_spec form_api_moderate = FORM_SPEC(api_mod_fields);

static int not_found(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

/* The moderation named `name` for a topic (`topic`) or a post; -1 if none. */
static int mod_of(str name, bool topic)
{
	for (int m = 0; m < STORE_MOD_MAX; m++) {
		const char *full = store_mod_name((enum store_mod)m);
		const char *dot = strchr(full, '.');
		bool is_topic = full[0] == 't';
		if (dot && is_topic == topic && str_eqc(name, dot + 1))
			return m;
	}
	return -1;
}

/* Does moderation `m` (named `action`) to topic :id for the reader: 0,
 * or answered (404, 422 a bad move target) or a store error. */
static int topic_mod(http_req *r, str action, str reason, str target)
{
	struct store_topic t;
	int rc = forum_topic(r, page_id(r->params[0]), &t);
	if (rc)
		return rc > 0 ? rc : (http_store_error(r, rc), rc);
	int m = mod_of(action, true);
	if (m < 0 || !forum_may(r, ACT_FORUM_MODERATE, t.section, t.forum_id, 0, 0))
		return not_found(r), 404;
	int64_t arg = 0;
	if (m == STORE_MOD_MOVE) {
		struct store_forum to;
		/* Champions and editors move within the section only, and to a
		 * forum they may moderate; a group's or blog's topics stay in it. */
		if (!forum_section_own(t.section) || !target.n || target.n > 64 ||
		    store_forum_by_slug(http_store(r), r->a, target, &to) || to.section != t.section || to.archived ||
		    to.id == t.forum_id)
			return http_error(r, 422, "invalid", "Choose another open forum of the same section.", "forum"),
			       422;
		arg = to.id;
	}
	rc = store_topic_moderate(http_store(r), t.id, (enum store_mod)m, arg, r->me.id, str_trim(reason), r->now);
	if (rc)
		return rc == STORE_ENOTFOUND ? (not_found(r), 404) : (http_store_error(r, rc), rc);
	return 0;
}

/* The same for post :id. */
static int post_mod(http_req *r, str action, str reason, int64_t *topic_out)
{
	struct store_post p;
	struct store_topic t;
	int64_t id = page_id(r->params[0]);
	int rc = id ? store_post_get(http_store(r), r->a, id, r->me.id, &p) : STORE_ENOTFOUND;
	if (rc == 0 && p.deleted)
		rc = STORE_ENOTFOUND;
	if (rc == 0)
		rc = forum_topic(r, p.topic_id, &t);
	else if (rc == STORE_ENOTFOUND)
		return not_found(r), 404;
	if (rc)
		return rc > 0 ? rc : (http_store_error(r, rc), rc);
	int m = mod_of(action, false);
	if (m < 0 || !forum_may(r, ACT_FORUM_MODERATE, t.section, t.forum_id, 0, 0))
		return not_found(r), 404;
	rc = store_post_moderate(http_store(r), p.id, (enum store_mod)m, r->me.id, str_trim(reason), r->now);
	if (rc)
		return rc == STORE_ENOTFOUND ? (not_found(r), 404) : (http_store_error(r, rc), rc);
	*topic_out = t.id;
	return 0;
}

/* POST /t/:id/mod/:action {reason, forum} — the forum's champions and
 * editors: pin, unpin, lock, unlock, or move to `forum` (same section);
 * back to the topic (303). */
int topic_mod_post(http_req *r)
{
	if (topic_mod(r, r->params[1], form_get(&r->in, "reason"), form_get(&r->in, "forum")))
		return 0;
	char to[48];
	snprintf(to, sizeof to, "/t/%lld", (long long)page_id(r->params[0]));
	return http_redirect(r, to);
}

/* POST /p/:id/mod/:action {reason} — the forum's champions and editors:
 * pick, unpick, hide, unhide; back to the post (303). */
int post_mod_post(http_req *r)
{
	int64_t topic = 0;
	if (post_mod(r, r->params[1], form_get(&r->in, "reason"), &topic))
		return 0;
	char to[48];
	snprintf(to, sizeof to, "/p/%lld", (long long)page_id(r->params[0]));
	return http_redirect(r, to);
}

/* POST /api/v1/topics/:id/moderate {action, reason, forum} — as above: the
 * topic. */
int api_topic_moderate(http_req *r)
{
	if (topic_mod(r, form_get(&r->in, "action"), form_get(&r->in, "reason"), form_get(&r->in, "forum")))
		return 0;
	struct store_topic t;
	int rc = store_topic_get(http_store(r), r->a, page_id(r->params[0]), r->me.id, &t);
	json_t *j = rc ? NULL : forum_topic_json(&t);
	return j ? http_json(r, 200, j) : http_store_error(r, rc ? rc : STORE_ERR);
}

/* POST /api/v1/posts/:id/moderate {action, reason} — as above: the post. */
int api_post_moderate(http_req *r)
{
	int64_t topic = 0;
	if (post_mod(r, form_get(&r->in, "action"), form_get(&r->in, "reason"), &topic))
		return 0;
	struct store_post p;
	int rc = store_post_get(http_store(r), r->a, page_id(r->params[0]), r->me.id, &p);
	json_t *j = rc ? NULL : forum_post_json(r, &p);
	return j ? http_json(r, 200, j) : http_store_error(r, rc ? rc : STORE_ERR);
}

/* ---- flags ----------------------------------------------------------- */

/* Whose flags the reader works: 0 all (editors), else their own id
 * (champions: their forums'). */
static int64_t queue_scope(http_req *r)
{
	return r->reader.roles & (ROLE_EDITOR | ROLE_ADMIN) ? 0 : r->me.id;
}

/* GET /editor/flags — editors (every forum) and champions (theirs): the
 * open flags, oldest first, each with its post. */
int editor_flags(http_req *r)
{
	struct store_flag_list fl;
	int rc = store_flag_queue(http_store(r), r->a, queue_scope(r), 100, 0, &fl);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Flagged posts");
	view_list *l = view_list_new(r->a);
	if (!ctx || !l)
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < fl.n; i++) {
		const struct store_flag *f = &fl.items[i];
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_int(o, "id", f->id);
		view_set_int(o, "post", f->post_id);
		view_set_str(o, "reason", f->reason);
		view_set_str(o, "note", f->note);
		view_set_str(o, "reporter", f->reporter_name);
		view_set_str(o, "reporter_handle", f->reporter_handle);
		view_set_str(o, "topic", f->topic_title);
		view_set_str(o, "forum", f->forum_name);
		/* A group's post is seen here, flagged, and nowhere else. */
		view_set_bool(o, "in_group", f->post.section == STORE_SECTION_GROUP);
		view_set_str(o, "author", f->post.author_name);
		view_set_str(o, "author_handle", f->post.author_handle);
		view_set_str(o, "body_html", f->post.body_html);
		view_set_bool(o, "hidden", f->post.hidden);
		view_set_cstr(o, "when", page_when(r, f->created_at));
		view_list_push_obj(l, o);
	}
	view_set_list(ctx, "flags", l);
	view_set_bool(ctx, "has_flags", fl.n > 0);
	view_set_bool(ctx, "editor", queue_scope(r) == 0);
	view_set_bool(ctx, "done", http_query(r, "done").n > 0);
	return http_page(r, 200, view_editor_flags, ctx);
}

/* Warns or suspends the author of flag f's post (editors), then dismisses
 * the flag with the note: 0 or a store error. */
static int sanction(http_req *r, const struct store_flag *f, bool suspend, str note)
{
	store *st = http_store(r);
	struct store_member m;
	int rc = store_member_by_id(st, r->a, f->post.author_id, &m);
	if (rc)
		return rc;
	char target[32];
	snprintf(target, sizeof target, "member:%lld", (long long)m.id);
	if (suspend) {
		if ((rc = store_member_set_suspended(st, m.id, true)) || (rc = store_session_delete_member(st, m.id)))
			return rc;
		store_audit(st, r->me.id, S("member.suspend"), str_c(target), note);
	} else {
		char path[40];
		snprintf(path, sizeof path, "/p/%lld", (long long)f->post_id);
		str link = page_abs_link(r, path, S(""));
		if (m.email.n && link.n && mail_decision_wanted(http_mail_env(r), m.id))
			mail_warning(http_mail_env(r), r->a, m.id, m.email, m.name, note, link);
		store_audit(st, r->me.id, S("member.warn"), str_c(target), note);
	}
	return store_flag_decide(st, f->id, r->me.id, S("dismiss"), note, r->now);
}

/* Decides flag :id for the reader: 0, or 404 (not theirs to decide, or
 * no longer open), or a store error. */
static int decide(http_req *r, str decision, str note)
{
	struct store_flag f;
	store *st = http_store(r);
	int64_t id = page_id(r->params[0]);
	int rc = id ? store_flag_get(st, r->a, id, &f) : STORE_ENOTFOUND;
	if (rc)
		return rc == STORE_ENOTFOUND ? 404 : rc;
	struct store_forum fo;
	if ((rc = store_forum_by_id(st, r->a, f.forum_id, &fo)))
		return rc;
	bool editor = r->reader.roles & (ROLE_EDITOR | ROLE_ADMIN);
	if (!str_eqc(f.status, "open") || !forum_may(r, ACT_FLAG_DECIDE, fo.section, fo.id, 0, 0))
		return 404;
	if (str_eqc(decision, "warn") || str_eqc(decision, "suspend")) {
		if (!editor)
			return 404;
		rc = sanction(r, &f, str_eqc(decision, "suspend"), str_trim(note));
	} else {
		rc = store_flag_decide(st, f.id, r->me.id, decision, str_trim(note), r->now);
	}
	return rc == STORE_ENOTFOUND ? 404 : rc;
}

/* POST /editor/flags/:id {decision, note} — champions (in their forums:
 * dismiss, hide, delete) and editors (also warn, suspend): back to the
 * queue (303). */
int editor_flag_post(http_req *r)
{
	if (r->in.nerr)
		return http_error(r, 422, "invalid", "Choose what to do with the flag.", "decision");
	int rc = decide(r, form_get(&r->in, "decision"), form_get(&r->in, "note"));
	if (rc == 404)
		return not_found(r);
	return rc ? http_store_error(r, rc) : http_redirect(r, "/editor/flags?done=1");
}

/* GET /api/v1/editor/flags — as the page: {flags: [{id, post_id, topic_id,
 * reason, note, reporter, created_at}]}. */
int api_editor_flags(http_req *r)
{
	struct store_flag_list fl;
	int rc = store_flag_queue(http_store(r), r->a, queue_scope(r), 100, 0, &fl);
	if (rc)
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < fl.n; i++) {
		const struct store_flag *f = &fl.items[i];
		json_array_append_new(a, json_pack("{s:I, s:I, s:I, s:s%, s:s%, s:s%, s:I, s:o}", "id",
						   (json_int_t)f->id, "post_id", (json_int_t)f->post_id, "topic_id",
						   (json_int_t)f->topic_id, "reason", f->reason.p, f->reason.n, "note",
						   f->note.p, f->note.n, "reporter", f->reporter_handle.p,
						   f->reporter_handle.n, "created_at", (json_int_t)f->created_at, "post",
						   forum_post_json(r, &f->post)));
	}
	json_t *j = a ? json_pack("{s:o}", "flags", a) : NULL;
	return j ? http_json(r, 200, j) : http_store_error(r, STORE_ERR);
}

/* POST /api/v1/editor/flags/:id {decision, note} — as the page: 200
 * {id, status}. */
int api_editor_flag_decide(http_req *r)
{
	int rc = decide(r, form_get(&r->in, "decision"), form_get(&r->in, "note"));
	if (rc == 404)
		return not_found(r);
	if (rc)
		return http_store_error(r, rc);
	struct store_flag f;
	rc = store_flag_get(http_store(r), r->a, page_id(r->params[0]), &f);
	json_t *j = rc ? NULL : json_pack("{s:I, s:s%}", "id", (json_int_t)f.id, "status", f.status.p, f.status.n);
	return j ? http_json(r, 200, j) : http_store_error(r, rc ? rc : STORE_ERR);
}

/* ---- the audit log ------------------------------------------------------ */

/* The log page by ?action= (a prefix) and ?actor= (a handle). */
static int audit_rows(http_req *r, struct store_audit_list *out, str *action, str *actor)
{
	*action = http_query(r, "action");
	*actor = http_query(r, "actor");
	if (action->n > 40)
		action->n = 40;
	int64_t who = -1;
	if (actor->n) {
		struct store_member m;
		int rc = actor->n <= 30 ? store_member_by_handle(http_store(r), r->a, *actor, &m) : STORE_ENOTFOUND;
		if (rc && rc != STORE_ENOTFOUND)
			return rc;
		who = rc ? -2 : m.id;
	}
	int64_t page = page_number(r);
	if (who == -2) {
		out->n = 0;
		return 0;
	}
	return store_audit_list(http_store(r), r->a, *action, who, 50, (int)((page - 1) * 50), out);
}

/* GET /editor/audit?action=PREFIX&actor=HANDLE&page=N — editors: staff and
 * operator actions, newest first. */
int editor_audit(http_req *r)
{
	struct store_audit_list al;
	str action, actor;
	int rc = audit_rows(r, &al, &action, &actor);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Audit log");
	view_list *l = view_list_new(r->a);
	if (!ctx || !l)
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < al.n; i++) {
		const struct store_audit_row *a = &al.items[i];
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_cstr(o, "when", page_when(r, a->at));
		view_set_str(o, "actor", a->actor ? a->actor_name : S("Command line"));
		view_set_str(o, "handle", a->actor_handle);
		view_set_str(o, "action", a->action);
		view_set_str(o, "target", a->target);
		view_set_str(o, "detail", a->detail);
		view_list_push_obj(l, o);
	}
	int64_t page = page_number(r);
	view_set_list(ctx, "rows", l);
	view_set_bool(ctx, "has_rows", al.n > 0);
	view_set_str(ctx, "action", action);
	view_set_str(ctx, "actor", actor);
	view_set_bool(ctx, "has_prev", page > 1);
	view_set_bool(ctx, "has_next", al.n == 50);
	view_set_int(ctx, "prev", page - 1);
	view_set_int(ctx, "next", page + 1);
	return http_page(r, 200, view_editor_audit, ctx);
}

/* GET /api/v1/editor/audit?action&actor&page — editors: {entries: [...]}. */
int api_editor_audit(http_req *r)
{
	struct store_audit_list al;
	str action, actor;
	int rc = audit_rows(r, &al, &action, &actor);
	if (rc)
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < al.n; i++) {
		const struct store_audit_row *x = &al.items[i];
		json_array_append_new(a, json_pack("{s:I, s:I, s:I, s:s%, s:s%, s:s%, s:s%}", "id", (json_int_t)x->id,
						   "at", (json_int_t)x->at, "actor_id", (json_int_t)x->actor, "actor",
						   x->actor_handle.p, x->actor_handle.n, "action", x->action.p,
						   x->action.n, "target", x->target.p, x->target.n, "detail",
						   x->detail.p, x->detail.n));
	}
	json_t *j = a ? json_pack("{s:o}", "entries", a) : NULL;
	return j ? http_json(r, 200, j) : http_store_error(r, STORE_ERR);
}

/* GET /editor — editors and champions: their queues and tools. */
int editor_desk(http_req *r)
{
	view_obj *ctx = http_page_ctx(r, "Editors' desk");
	if (!ctx)
		return http_store_error(r, STORE_ERR);
	bool editor = queue_scope(r) == 0;
	view_set_bool(ctx, "editor", editor);
	struct store_blog_application_list bl;
	if (editor && store_blogger_applications(http_store(r), r->a, 0, S("pending"), 100, 0, &bl) == 0)
		view_set_int(ctx, "bloggers_pending", bl.n);
	return http_page(r, 200, view_editor, ctx);
}

/* ---- posts confirmed past the guard ------------------------------------- */

/* GET /editor/confirmed?page=N — editors: the posts whose authors confirmed
 * that what the confidentiality guard found identifies no patient, newest
 * first, 25 to a page, each with its text, so an editor can check them. */
int editor_confirmed(http_req *r)
{
	int64_t page = page_number(r);
	struct store_post_list pl;
	int rc = store_post_confirmed_list(http_store(r), r->a, 26, (int)((page - 1) * 25), &pl);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Confirmed posts");
	view_list *l = view_list_new(r->a);
	if (!ctx || !l)
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < pl.n && i < 25; i++) {
		const struct store_post *p = &pl.items[i];
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_int(o, "id", p->id);
		view_set_str(o, "topic", p->topic_title);
		view_set_cstr(o, "section", forum_section_label(p->section));
		view_set_str(o, "author", p->author_name);
		view_set_str(o, "handle", p->author_handle);
		view_set_str(o, "body_html", p->body_html);
		view_set_bool(o, "hidden", p->hidden);
		view_set_cstr(o, "when", page_when(r, p->created_at));
		view_list_push_obj(l, o);
	}
	view_set_list(ctx, "posts", l);
	view_set_bool(ctx, "has_posts", pl.n > 0);
	view_set_bool(ctx, "has_prev", page > 1);
	view_set_bool(ctx, "has_next", pl.n > 25);
	view_set_int(ctx, "prev", page - 1);
	view_set_int(ctx, "next", page + 1);
	return http_page(r, 200, view_editor_confirmed, ctx);
}

/* GET /api/v1/editor/confirmed-posts?page=N — editors: {posts: [...]}. */
int api_editor_confirmed(http_req *r)
{
	int64_t page = page_number(r);
	struct store_post_list pl;
	int rc = store_post_confirmed_list(http_store(r), r->a, 25, (int)((page - 1) * 25), &pl);
	if (rc)
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < pl.n; i++) {
		json_t *p = forum_post_json(r, &pl.items[i]);
		if (p)
			json_object_set_new(p, "topic_title", json_stringn(pl.items[i].topic_title.p, pl.items[i].topic_title.n));
		json_array_append_new(a, p);
	}
	json_t *j = a ? json_pack("{s:o}", "posts", a) : NULL;
	return j ? http_json(r, 200, j) : http_store_error(r, STORE_ERR);
}
