/* bloggers.c: becoming a blogger.
 *
 *   /blogs/apply                 members: the form, and their applications
 *                                with their status (POST sends one)
 *   /editor/bloggers             editors: pending applications, oldest
 *                                first, to approve or decline; recent
 *                                decisions below (POST /editor/bloggers/ID)
 *   /api/v1/blogger-applications              POST apply; GET the member's own
 *   /api/v1/editor/blogger-applications       GET ?status=; POST /ID decides
 *
 * A member has at most one pending application and at most one blog (the
 * store holds both rules).  Approving makes the blog at a slug from its
 * title, numbered when taken, and gives the member the blogger role, in
 * one store transaction; the member is emailed either decision.  Pages
 * and the API go through blogger_apply and blogger_decide, so each rule
 * is decided once. */
#include <stdio.h>
#include <string.h>

#include "blogs.h"
#include "views_gen.h"

#include "../http/ratelimit.h"
#include "../mail/mail.h"
#include "../mail/notify_mail.h"

/* The longest blog address, and how many numbered ones are tried. */
#define BLOG_SLUG_MAX 48
#define BLOG_SLUG_TRIES 20
/* Applications listed on a page or in an answer. */
#define APPLICATIONS_LIST 100
#define DECISIONS_SHOWN 25

static int not_found(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL), 404;
}

static int conflict(http_req *r, const char *code, const char *message)
{
	return http_error(r, 409, code, message, NULL), 409;
}

/* ---- fields ------------------------------------------------------------- */

/* Trimmed, not empty unless `optional`, at most `max` characters. */
static const char *check_text(str v, str *norm, bool multiline, size_t max, const char *too_long, bool optional)
{
	v = str_trim(v);
	size_t chars = 0;
	if (!v.n)
		return optional ? NULL : "must not be empty";
	if (form_check_text(v, multiline, &chars))
		return multiline ? "must be text" : "must be text on one line";
	if (chars > max)
		return too_long;
	*norm = v;
	return NULL;
}

static const char *check_title(arena *a, str v, str *norm)
{
	(void)a;
	return check_text(v, norm, false, BLOG_TITLE_MAX, "must be at most 100 characters", false);
}

static const char *check_about(arena *a, str v, str *norm)
{
	(void)a;
	return check_text(v, norm, true, BLOG_ABOUT_MAX, "must be at most 1000 characters", false);
}

static const char *check_sample(arena *a, str v, str *norm)
{
	(void)a;
	const char *bad = check_text(v, norm, true, BLOG_SAMPLE_MAX, "must be at most 5000 characters", true);
	if (!bad && !str_trim(v).n)
		*norm = STR_NULL;
	return bad;
}

/* Byte limits let every character be four bytes; the checks count them. */
static const struct form_field apply_fields[] = {
	{"blog_title", BLOG_TITLE_MAX * 4, FIELD_REQUIRED, check_title},
	{"about", BLOG_ABOUT_MAX * 4, FIELD_REQUIRED | FIELD_MULTILINE, check_about},
	{"sample", BLOG_SAMPLE_MAX * 4, FIELD_MULTILINE, check_sample},
};
const struct form_spec form_blog_apply = FORM_SPEC(apply_fields);

/* A blogger's change of their blog's title and description: the same
 * checks as the application's.  Absent fields keep their values. */
static const struct form_field details_fields[] = {
	{"title", BLOG_TITLE_MAX * 4, 0, check_title},
	{"about", BLOG_ABOUT_MAX * 4, FIELD_MULTILINE, check_about},
};
const struct form_spec form_blog_details = FORM_SPEC(details_fields);

static const struct form_field decision_fields[] = {
	{"decision", 16, FIELD_REQUIRED, NULL},
	{"reason", 2000, FIELD_MULTILINE, NULL},
};
const struct form_spec form_blogger_decision = FORM_SPEC(decision_fields);

/* ---- applying and deciding ---------------------------------------------- */

/* Whether `member` keeps a blog (*b filled): 1 yes, 0 no, or a store error. */
static int blog_kept(http_req *r, int64_t member, struct store_blog *b)
{
	int rc = store_blog_of(http_store(r), r->a, member, b);
	return rc == 0 ? 1 : rc == STORE_ENOTFOUND ? 0 : rc;
}

/* Whether `member` has an application waiting: 1, 0, or a store error. */
static int pending_of(http_req *r, int64_t member)
{
	struct store_blog_application_list l;
	int rc = store_blogger_applications(http_store(r), r->a, member, S("pending"), 1, 0, &l);
	return rc ? rc : l.n > 0;
}

/* The reader applies from the request's fields: 0 with *id; 409 or 429
 * answered; or a store error. */
static int blogger_apply(http_req *r, int64_t *id)
{
	struct store_blog b;
	int rc = blog_kept(r, r->me.id, &b);
	if (rc < 0)
		return rc;
	if (rc)
		return conflict(r, "has_blog", "You have a blog already.");
	if ((rc = pending_of(r, r->me.id)) < 0)
		return rc;
	if (rc)
		return conflict(r, "pending", "Your application is with the editors already: they will email you.");
	int64_t wait = rate_over(r, RATE_BLOG_APPLY, page_member_key(r), true);
	if (wait)
		return rate_refuse(r, wait), 429;
	rc = store_blogger_apply(http_store(r), r->me.id, form_get(&r->in, "blog_title"), form_get(&r->in, "about"),
				 form_get(&r->in, "sample"), r->now, id);
	if (rc == STORE_ECONFLICT)
		return conflict(r, "pending", "You have an application waiting, or a blog already.");
	return rc;
}

/* Approves application `x`, numbering the address while it is taken:
 * 0; 409 answered (decided meanwhile, or the member has a blog); or a
 * store error. */
static int approve(http_req *r, const struct store_blog_application *x)
{
	store *st = http_store(r);
	for (int i = 1; i <= BLOG_SLUG_TRIES; i++) {
		str slug = page_slug(r, x->blog_title, BLOG_SLUG_MAX, "blog", i);
		if (!slug.n)
			return STORE_ERR;
		int64_t blog = 0;
		int rc = store_blogger_decide(st, x->id, true, slug, STR_NULL, r->me.id, r->now, &blog);
		if (rc != STORE_ECONFLICT)
			return rc;
		/* A conflict: decided meanwhile, a blog already, or the slug. */
		struct store_blog_application now;
		struct store_blog b;
		if ((rc = store_blogger_application_get(st, r->a, x->id, &now)))
			return rc;
		if (!str_eqc(now.status, "pending"))
			return conflict(r, "wrong_state", "This application has been decided already.");
		if ((rc = blog_kept(r, x->member_id, &b)) != 0)
			return rc < 0 ? rc : conflict(r, "has_blog", "This member has a blog already.");
	}
	return conflict(r, "slug_taken", "Every address made from this blog's title is taken.");
}

/* Emails the member the decision; the decision stands if it fails. */
static void tell_member(http_req *r, const struct store_blog_application *x, bool approved, str reason)
{
	struct store_member m;
	if (store_member_by_id(http_store(r), r->a, x->member_id, &m) || !m.email.n || m.suspended ||
	    !mail_decision_wanted(http_mail_env(r), m.id))
		return;
	str link = approved ? str_c(blog_href(r, x->blog_slug, true)) : page_abs_link(r, "/blogs/apply", STR_NULL);
	mail_blog_decision(http_mail_env(r), r->a, m.id, m.email, m.name, x->blog_title, approved, reason, link);
}

/* An editor decides application `id`: "approve" or "decline" (with a
 * reason).  0 with *out the application as decided; 422 with the field's
 * error set; 404 or 409 answered; or a store error. */
static int blogger_decide(http_req *r, int64_t id, str decision, str reason, struct store_blog_application *out)
{
	store *st = http_store(r);
	bool yes = str_eqc(decision, "approve"), no = str_eqc(decision, "decline");
	if (!yes && !no) {
		form_set_error(&r->in, "decision", "must be approve or decline");
		return 422;
	}
	if (no && !reason.n) {
		form_set_error(&r->in, "reason", "must say why (the member is sent it)");
		return 422;
	}
	int rc = id ? store_blogger_application_get(st, r->a, id, out) : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc)
		return rc;
	if (!str_eqc(out->status, "pending"))
		return conflict(r, "wrong_state", "This application has been decided already.");
	rc = yes ? approve(r, out) : store_blogger_decide(st, id, false, STR_NULL, reason, r->me.id, r->now, NULL);
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc == STORE_ECONFLICT)
		return conflict(r, "wrong_state", "This application has been decided already.");
	if (rc)
		return rc;
	if ((rc = store_blogger_application_get(st, r->a, id, out)))
		return rc;
	tell_member(r, out, yes, reason);
	return 0;
}

/* ---- views and JSON ------------------------------------------------------ */

static json_t *application_json(http_req *r, const struct store_blog_application *x)
{
	json_t *j = json_pack("{s:I, s:s%, s:s%, s:s%, s:s%, s:s%, s:I, s:{s:s%, s:s%, s:b}}", "id", (json_int_t)x->id,
			      "status", x->status.p ? x->status.p : "", x->status.n, "blog_title",
			      x->blog_title.p ? x->blog_title.p : "", x->blog_title.n, "about",
			      x->about.p ? x->about.p : "", x->about.n, "sample", x->sample.p ? x->sample.p : "",
			      x->sample.n, "reason", x->reason.p ? x->reason.p : "", x->reason.n, "created_at",
			      (json_int_t)x->created_at, "member", "handle",
			      x->member_handle.p ? x->member_handle.p : "", x->member_handle.n, "name",
			      x->member_name.p ? x->member_name.p : "", x->member_name.n, "verified", x->member_verified);
	if (!j)
		return NULL;
	json_object_set_new(j, "decided_at", x->decided_at ? json_integer(x->decided_at) : json_null());
	if (x->blog_slug.n) {
		json_object_set_new(j, "blog_slug", json_stringn(x->blog_slug.p, x->blog_slug.n));
		json_object_set_new(j, "blog_href", json_string(blog_href(r, x->blog_slug, false)));
	} else {
		json_object_set_new(j, "blog_slug", json_null());
	}
	return j;
}

static view_obj *application_view(http_req *r, const struct store_blog_application *x)
{
	view_obj *o = view_obj_new(r->a);
	if (!o)
		return NULL;
	view_set_int(o, "id", x->id);
	view_set_str(o, "name", x->member_name);
	view_set_str(o, "handle", x->member_handle);
	view_set_bool(o, "verified", x->member_verified);
	view_set_str(o, "blog_title", x->blog_title);
	view_set_str(o, "about", x->about);
	view_set_str(o, "sample", x->sample);
	view_set_str(o, "reason", x->reason);
	view_set_bool(o, "pending", str_eqc(x->status, "pending"));
	view_set_bool(o, "approved", str_eqc(x->status, "approved"));
	view_set_bool(o, "declined", str_eqc(x->status, "declined"));
	view_set_cstr(o, "applied", page_when(r, x->created_at));
	view_set_cstr(o, "decided", x->decided_at ? page_when(r, x->decided_at) : "");
	view_set_cstr(o, "blog_href", x->blog_slug.n ? blog_href(r, x->blog_slug, false) : "");
	return o;
}

/* A list of applications as views; NULL when out of memory. */
static view_list *applications_view(http_req *r, const struct store_blog_application_list *l, int64_t failed)
{
	view_list *vl = view_list_new(r->a);
	for (int i = 0; vl && i < l->n; i++) {
		view_obj *o = application_view(r, &l->items[i]);
		if (!o)
			return NULL;
		view_set_bool(o, "failed", l->items[i].id == failed);
		view_list_push_obj(vl, o);
	}
	return vl;
}

/* ---- the member's page ---------------------------------------------------- */

static int apply_view(http_req *r, int status)
{
	struct store_blog_application_list l;
	struct store_blog b;
	int rc = store_blogger_applications(http_store(r), r->a, r->me.id, STR_NULL, APPLICATIONS_LIST, 0, &l);
	int kept = rc ? rc : blog_kept(r, r->me.id, &b);
	if (rc || kept < 0)
		return http_store_error(r, rc ? rc : kept);
	bool pending = false;
	for (int i = 0; i < l.n; i++)
		pending |= str_eqc(l.items[i].status, "pending");
	view_obj *ctx = http_page_ctx(r, "Start a blog");
	view_list *vl = applications_view(r, &l, 0);
	if (!ctx || !vl || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	if (kept) {
		view_set_str(ctx, "blog_title", b.title);
		view_set_cstr(ctx, "blog_href", blog_href(r, b.slug, false));
	}
	view_set_bool(ctx, "has_blog", kept > 0);
	view_set_bool(ctx, "pending", pending);
	view_set_bool(ctx, "can_apply", !kept && !pending);
	view_set_list(ctx, "applications", vl);
	view_set_bool(ctx, "has_applications", l.n > 0);
	view_set_bool(ctx, "sent", http_query(r, "sent").n > 0);
	view_set_bool(ctx, "failed", status == 422);
	return http_page(r, status, view_blog_apply, ctx);
}

/* GET /blogs/apply — members: the form (or their blog, or word that
 * their application waits), and their applications with their status. */
int blog_apply_form(http_req *r)
{
	return apply_view(r, 200);
}

/* POST /blogs/apply {blog_title, about, sample} — members: 303 to
 * /blogs/apply?sent=1; 422 the form again; 409 when an application waits
 * or they have a blog; 429 past five a day. */
int blog_apply_post(http_req *r)
{
	if (r->in.nerr)
		return apply_view(r, 422);
	int64_t id = 0;
	int rc = blogger_apply(r, &id);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return http_redirect(r, "/blogs/apply?sent=1");
}

/* ---- the editors' queue ----------------------------------------------------- */

/* Approved and declined applications, newest decision first. */
static int recent_decisions(http_req *r, struct store_blog_application_list *out)
{
	struct store_blog_application_list yes, no;
	store *st = http_store(r);
	int rc = store_blogger_applications(st, r->a, 0, S("approved"), DECISIONS_SHOWN, 0, &yes);
	if (rc == 0)
		rc = store_blogger_applications(st, r->a, 0, S("declined"), DECISIONS_SHOWN, 0, &no);
	if (rc)
		return rc;
	out->items = arena_alloc(r->a, sizeof *out->items * (size_t)(yes.n + no.n + 1));
	if (!out->items)
		return STORE_ERR;
	int i = 0, j = 0, n = 0;
	while (n < DECISIONS_SHOWN && (i < yes.n || j < no.n)) {
		bool take_yes = j >= no.n || (i < yes.n && yes.items[i].decided_at >= no.items[j].decided_at);
		out->items[n++] = take_yes ? yes.items[i++] : no.items[j++];
	}
	out->n = n;
	return 0;
}

static int editor_view(http_req *r, int status, int64_t failed)
{
	struct store_blog_application_list pending, decided;
	int rc = store_blogger_applications(http_store(r), r->a, 0, S("pending"), APPLICATIONS_LIST, 0, &pending);
	if (rc == 0)
		rc = recent_decisions(r, &decided);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Blogger applications");
	view_list *pl = applications_view(r, &pending, failed), *dl = applications_view(r, &decided, 0);
	if (!ctx || !pl || !dl || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	view_set_list(ctx, "pending", pl);
	view_set_bool(ctx, "has_pending", pending.n > 0);
	view_set_list(ctx, "decided", dl);
	view_set_bool(ctx, "has_decided", decided.n > 0);
	str done = http_query(r, "done");
	view_set_bool(ctx, "approved", str_eqc(done, "approved"));
	view_set_bool(ctx, "declined", str_eqc(done, "declined"));
	return http_page(r, status, view_editor_bloggers, ctx);
}

/* GET /editor/bloggers — editors: applications to decide, oldest first,
 * and the recent decisions. */
int editor_bloggers(http_req *r)
{
	return editor_view(r, 200, 0);
}

/* POST /editor/bloggers/:id {decision approve|decline, reason} — editors:
 * 303 to /editor/bloggers?done=...; 422 the page again (a decline needs
 * a reason); 404 unknown; 409 decided already. */
int editor_blogger_post(http_req *r)
{
	int64_t id = page_id(r->params[0]);
	if (r->in.nerr)
		return editor_view(r, 422, id);
	str decision = str_trim(form_get(&r->in, "decision"));
	struct store_blog_application x;
	int rc = blogger_decide(r, id, decision, str_trim(form_get(&r->in, "reason")), &x);
	if (rc == 422)
		return editor_view(r, 422, id);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return http_redirect(r, str_eqc(decision, "approve") ? "/editor/bloggers?done=approved"
							     : "/editor/bloggers?done=declined");
}

/* ---- the API ------------------------------------------------------------------ */

static int answer(http_req *r, int status, json_t *j)
{
	return j ? http_json(r, status, j) : http_error(r, 500, "internal", "Something went wrong on our side.", NULL);
}

/* A 422 naming the first field in error (of those set by the handlers). */
static int invalid(http_req *r, const char *field)
{
	for (size_t i = r->in.spec ? r->in.spec->n : 0; i-- > 0;)
		if (r->in.err[i])
			field = r->in.spec->fields[i].name;
	const char *msg = form_error(&r->in, field);
	char text[200];
	snprintf(text, sizeof text, "%s %s", field, msg ? msg : "is not valid");
	return http_error(r, 422, "invalid", arena_strndup(r->a, text, strlen(text)), field);
}

static int list_answer(http_req *r, const struct store_blog_application_list *l)
{
	json_t *a = json_array();
	for (int i = 0; a && i < l->n; i++)
		json_array_append_new(a, application_json(r, &l->items[i]));
	return answer(r, 200, a ? json_pack("{s:o}", "applications", a) : NULL);
}

/* POST /api/v1/blogger-applications {blog_title, about, sample} —
 * members: 201, the application (pending); 409 when one waits or they
 * have a blog; 429 past five a day. */
int api_blogger_apply(http_req *r)
{
	int64_t id = 0;
	int rc = blogger_apply(r, &id);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	struct store_blog_application x;
	if ((rc = store_blogger_application_get(http_store(r), r->a, id, &x)))
		return http_store_error(r, rc);
	return answer(r, 201, application_json(r, &x));
}

/* GET /api/v1/blogger-applications — members: {applications} (their own,
 * a pending one first, then newest first). */
int api_blogger_applications(http_req *r)
{
	struct store_blog_application_list l;
	int rc = store_blogger_applications(http_store(r), r->a, r->me.id, STR_NULL, APPLICATIONS_LIST, 0, &l);
	return rc ? http_store_error(r, rc) : list_answer(r, &l);
}

/* GET /api/v1/editor/blogger-applications?status=pending|approved|declined
 * — editors: {applications} (pending oldest first, others newest first;
 * every status when none is given). */
int api_editor_blogger_applications(http_req *r)
{
	str status = http_query(r, "status");
	if (status.n && !str_eqc(status, "pending") && !str_eqc(status, "approved") && !str_eqc(status, "declined"))
		return http_error(r, 422, "invalid", "status must be pending, approved or declined", "status");
	struct store_blog_application_list l;
	int64_t page = page_number(r);
	int rc = store_blogger_applications(http_store(r), r->a, 0, status, APPLICATIONS_LIST,
					    (int)((page - 1) * APPLICATIONS_LIST), &l);
	return rc ? http_store_error(r, rc) : list_answer(r, &l);
}

/* POST /api/v1/editor/blogger-applications/:id {decision approve|decline,
 * reason} — editors: 200, the application (approved: with its blog's
 * slug); 404 unknown; 409 not pending; 422 a bad decision or no reason. */
int api_editor_blogger_decide(http_req *r)
{
	struct store_blog_application x;
	int rc = blogger_decide(r, page_id(r->params[0]), str_trim(form_get(&r->in, "decision")),
				str_trim(form_get(&r->in, "reason")), &x);
	if (rc == 422)
		return invalid(r, "decision");
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return answer(r, 200, application_json(r, &x));
}
