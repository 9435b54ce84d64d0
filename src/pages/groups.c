/* groups.c: private groups (see groups.h), and their pages:
 *
 *   /groups                    the reader's groups, invitations and requests
 *   /groups/new                the request form (POST /groups sends it)
 *   POST /groups/invitations/ID  accept or decline
 *   /g/SLUG/members            its members; owners invite, remove, appoint,
 *                              hand over and archive there
 *   POST /g/SLUG/invitations, /g/SLUG/invitations/ID/revoke,
 *        /g/SLUG/members/HANDLE, /g/SLUG/leave, /g/SLUG/status
 *   /editor/groups             the editors' list: requests to decide, groups
 *                              by name, owner and member count; suspend
 *
 * The group's own forum (/g/SLUG, /g/SLUG/new) is forum.c's, reached
 * through group_find.  Who may do what is the policy's (forum_object
 * puts the reader's place in the group into the policy object); the
 * group's state (active, archived, suspended) is checked here, once. */
#include <stdio.h>
#include <string.h>

#include "groups.h"
#include "views_gen.h"

#include "../http/ratelimit.h"
#include "../mail/mail.h"
#include "../mail/notify_mail.h"
#include "../text/validate.h"

static int not_found(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL), 404;
}

static int conflict(http_req *r, const char *code, const char *message)
{
	return http_error(r, 409, code, message, NULL), 409;
}

/* ---- finding a group ---------------------------------------------------- */

int group_find(http_req *r, str slug, enum policy_action act, struct store_group *g, struct policy_object *o)
{
	int rc = slug.n && slug.n <= 64 ? store_group_by_slug(http_store(r), r->a, slug, r->me.id, g)
				       : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc)
		return rc;
	*o = forum_object(r, STORE_SECTION_GROUP, g->id, 0, 0);
	if (policy_allows(&r->reader, act, o))
		return 0;
	/* Its members learn that it is suspended; nobody else learns of it. */
	if (g->status == STORE_GROUP_SUSPENDED && g->role != STORE_GROUP_NONE &&
	    policy_allows(&r->reader, ACT_GROUPS, NULL))
		return http_error(r, 403, "group_suspended",
				  "The editors have suspended this group: it is closed while they look into it.", NULL),
		       403;
	return not_found(r);
}

/* ---- requests ------------------------------------------------------------ */

int group_request(http_req *r, int64_t *id)
{
	str who = page_member_key(r);
	int64_t wait = rate_over(r, RATE_GROUP_REQUEST, who, true);
	if (wait)
		return rate_refuse(r, wait), 429;
	struct store_group g = {
		.name = form_get(&r->in, "name"),
		.purpose = str_trim(form_get(&r->in, "purpose")),
		.audience = str_trim(form_get(&r->in, "audience")),
		.clinical = form_bool(&r->in, "clinical"),
	};
	/* The address is the name's, with a number after it when taken. */
	for (int i = 1; i <= 20; i++) {
		g.slug = page_slug(r, g.name, 40, "group", i);
		if (!g.slug.p)
			return STORE_ERR;
		int rc = store_group_request(http_store(r), &g, r->me.id, r->now, id);
		if (rc != STORE_ECONFLICT)
			return rc;
	}
	form_set_error(&r->in, "name", "is too much like other groups' names: choose another");
	return 422;
}

int group_decide(http_req *r, int64_t id, str decision, str reason)
{
	store *st = http_store(r);
	struct store_group g;
	int rc = id ? store_group_get(st, r->a, id, 0, &g) : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc)
		return rc;
	bool approve = str_eqc(decision, "approve"), decline = str_eqc(decision, "decline");
	if (approve || decline) {
		if (decline && !reason.n) {
			form_set_error(&r->in, "reason", "must say why (the member is sent it)");
			return 422;
		}
		rc = store_group_decide(st, id, approve, reason, r->me.id, r->now);
	} else if (str_eqc(decision, "suspend") || str_eqc(decision, "unsuspend")) {
		enum store_group_status to = str_eqc(decision, "suspend") ? STORE_GROUP_SUSPENDED : STORE_GROUP_ACTIVE;
		rc = store_group_set_status(st, id, to, reason, r->me.id, r->now);
	} else {
		form_set_error(&r->in, "decision", "must be approve, decline, suspend or unsuspend");
		return 422;
	}
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc == STORE_ECONFLICT)
		return conflict(r, "wrong_state",
				approve || decline ? "This request has been decided already."
						   : "The group is not in a state this decision applies to.");
	if (rc || !(approve || decline))
		return rc;
	/* Tell the requester; the decision stands if the mail fails (logged). */
	struct store_member m;
	if (store_member_by_id(st, r->a, g.requester_id, &m) == 0 && m.email.n && !m.suspended &&
	    mail_decision_wanted(http_mail_env(r), m.id)) {
		const char *path = approve ? "/g/" : "/groups";
		str link = page_abs_link(r, path, approve ? g.slug : STR_NULL);
		mail_group_decision(http_mail_env(r), r->a, m.id, m.email, m.name, g.name, approve, reason, link);
	}
	return 0;
}

/* ---- invitations ----------------------------------------------------------- */

int group_invite(http_req *r, const struct store_group *g, str who, const char *field, bool *to_email,
		 int64_t *id)
{
	store *st = http_store(r);
	*to_email = false;
	if (g->status != STORE_GROUP_ACTIVE)
		return conflict(r, "group_archived", "This group is archived: open it again to invite anyone.");
	who = str_trim(who);
	struct store_member m = {0};
	str email = STR_NULL;
	int rc;
	bool by_email = false;
	for (size_t i = 1; i < who.n; i++)
		by_email |= who.p[i] == '@';
	if (by_email) {
		const char *bad = validate_email(r->a, who, &email);
		if (bad) {
			form_set_error(&r->in, field, "must be a member's handle or an email address");
			return 422;
		}
		rc = store_member_by_email_auth(st, r->a, email, &m);
		if (rc == STORE_ENOTFOUND) {
			m.id = 0;
			rc = 0;
		}
	} else {
		if (who.n && who.p[0] == '@')
			who = (str){who.p + 1, who.n - 1};
		str handle;
		if (validate_handle(r->a, who, &handle)) {
			form_set_error(&r->in, field, "must be a member's handle or an email address");
			return 422;
		}
		rc = store_member_by_handle(st, r->a, handle, &m);
		if (rc == STORE_ENOTFOUND) {
			form_set_error(&r->in, field, "is not the handle of any member");
			return 422;
		}
	}
	if (rc)
		return rc;
	if (m.id == r->me.id) {
		form_set_error(&r->in, field, "is you: you are in the group already");
		return 422;
	}
	if (m.id && m.suspended) {
		form_set_error(&r->in, field, "is a suspended member, who cannot be invited");
		return 422;
	}
	int64_t wait = rate_over(r, RATE_GROUP_INVITE, page_member_key(r), true);
	if (wait)
		return rate_refuse(r, wait), 429;
	rc = store_group_invite(st, g->id, m.id, m.id ? STR_NULL : email, r->me.id, r->now, id);
	if (rc == STORE_ECONFLICT)
		return conflict(r, "already_invited", "They are in the group already, or invited and not yet answered.");
	if (rc)
		return rc;
	/* The invitation waits on /groups; the email says where.  A member
	 * is emailed by the fan-out (notify_mail.c), as their settings say;
	 * an address that is no member's, here. */
	str to = m.id ? STR_NULL : email;
	if (to.n)
		mail_group_invitation(http_mail_env(r), r->a, m.id, to, r->me.name, g->name, g->purpose,
				      page_abs_link(r, "/groups", STR_NULL));
	*to_email = m.id == 0;
	return 0;
}

int group_answer(http_req *r, int64_t id, bool accept, struct store_group *g)
{
	store *st = http_store(r);
	struct store_group_invitation iv;
	int rc = id ? store_invitation_get(st, r->a, id, &iv) : STORE_ENOTFOUND;
	if (rc == 0)
		rc = store_invitation_answer(st, id, r->me.id, r->me.email, accept, r->now);
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc == STORE_ECONFLICT)
		return conflict(r, "already_member", "You are in this group already.");
	if (rc)
		return rc;
	return store_group_get(st, r->a, iv.group_id, r->me.id, g);
}

int group_invitation_revoke(http_req *r, const struct store_group *g, int64_t id)
{
	int rc = id ? store_invitation_revoke(http_store(r), id, g->id, r->me.id, r->now) : STORE_ENOTFOUND;
	return rc == STORE_ENOTFOUND ? not_found(r) : rc;
}

/* ---- members and state ---------------------------------------------------- */

int group_member_change(http_req *r, const struct store_group *g, const struct policy_object *o, str handle,
			str role)
{
	store *st = http_store(r);
	struct store_member m;
	int rc = handle.n && handle.n <= 30 ? store_member_by_handle(st, r->a, handle, &m) : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc)
		return rc;
	enum store_group_role their = STORE_GROUP_NONE;
	enum store_group_status status;
	if ((rc = store_group_role(st, g->id, m.id, &their, &status)))
		return rc == STORE_ENOTFOUND ? not_found(r) : rc;
	int to = role.n ? store_group_role_parse(role) : STORE_GROUP_NONE;
	if (to < 0)
		return http_error(r, 422, "invalid", "role must be member, coowner or owner", "role"), 422;
	/* Who may: anyone leaves; co-owners remove members; the owner alone
	 * appoints, hands over and removes co-owners. */
	enum policy_action need = m.id == r->me.id && to == STORE_GROUP_NONE ? ACT_GROUP_LEAVE
				  : to == STORE_GROUP_NONE && their == STORE_GROUP_MEMBER ? ACT_GROUP_INVITE
											 : ACT_GROUP_OWN;
	if (!policy_allows(&r->reader, need, o) || their == STORE_GROUP_NONE)
		return not_found(r);
	if (m.suspended && to > STORE_GROUP_MEMBER)
		return http_error(r, 422, "invalid",
				  "role: a suspended member cannot own or co-own a group (they cannot sign in)", "role"),
		       422;
	if (their == STORE_GROUP_OWNER && to != STORE_GROUP_OWNER)
		return conflict(r, "owner_stays",
				m.id == r->me.id ? "Hand the group over to another member before you leave it."
						 : "The owner stays in the group until they hand it over.");
	rc = store_group_member_set(st, g->id, m.id, (enum store_group_role)to, r->me.id, r->now);
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc == STORE_ECONFLICT)
		return conflict(r, "no_change", "They have that place in the group already.");
	return rc;
}

int group_status_change(http_req *r, const struct store_group *g, const struct policy_object *o, str to)
{
	if (!policy_allows(&r->reader, ACT_GROUP_OWN, o))
		return not_found(r);
	int st = store_group_status_parse(to);
	if (st != STORE_GROUP_ARCHIVED && st != STORE_GROUP_ACTIVE) {
		form_set_error(&r->in, "status", "must be archived or active");
		return 422;
	}
	int rc = store_group_set_status(http_store(r), g->id, (enum store_group_status)st, STR_NULL, r->me.id, r->now);
	if (rc == STORE_ECONFLICT)
		return conflict(r, "wrong_state",
				st == STORE_GROUP_ARCHIVED ? "The group is archived already." : "The group is open already.");
	return rc == STORE_ENOTFOUND ? not_found(r) : rc;
}

/* ---- views and JSON -------------------------------------------------------- */

json_t *group_json(const struct store_group *g, bool editor)
{
	json_t *j = json_pack("{s:I, s:s%, s:s, s:I, s:{s:s%, s:s%}}", "id", (json_int_t)g->id, "name", g->name.p,
			      g->name.n, "status", store_group_status_name(g->status), "member_count",
			      (json_int_t)g->member_count, "owner", "handle", g->owner_handle.p ? g->owner_handle.p : "",
			      g->owner_handle.n, "name", g->owner_name.p ? g->owner_name.p : "", g->owner_name.n);
	if (!j)
		return NULL;
	if (editor) {
		json_object_set_new(j, "requester", json_pack("{s:s%, s:s%}", "handle", g->requester_handle.p ? g->requester_handle.p : "",
							     g->requester_handle.n, "name",
							     g->requester_name.p ? g->requester_name.p : "", g->requester_name.n));
		if (g->status == STORE_GROUP_PENDING || g->status == STORE_GROUP_DECLINED) {
			json_object_set_new(j, "purpose", json_stringn(g->purpose.p ? g->purpose.p : "", g->purpose.n));
			json_object_set_new(j, "audience", json_stringn(g->audience.p ? g->audience.p : "", g->audience.n));
			json_object_set_new(j, "clinical", json_boolean(g->clinical));
			json_object_set_new(j, "reason", json_stringn(g->reason.p ? g->reason.p : "", g->reason.n));
		}
		return j;
	}
	json_object_set_new(j, "slug", json_stringn(g->slug.p ? g->slug.p : "", g->slug.n));
	json_object_set_new(j, "purpose", json_stringn(g->purpose.p ? g->purpose.p : "", g->purpose.n));
	json_object_set_new(j, "audience", json_stringn(g->audience.p ? g->audience.p : "", g->audience.n));
	json_object_set_new(j, "clinical", json_boolean(g->clinical));
	json_object_set_new(j, "role", json_string(store_group_role_name(g->role)));
	json_object_set_new(j, "topics", json_integer(g->topic_count));
	json_object_set_new(j, "posts", json_integer(g->post_count));
	if (g->status == STORE_GROUP_DECLINED)
		json_object_set_new(j, "reason", json_stringn(g->reason.p ? g->reason.p : "", g->reason.n));
	return j;
}

json_t *group_invitation_json(const struct store_group_invitation *iv)
{
	return json_pack("{s:I, s:s, s:{s:s%, s:s%, s:s%}, s:{s:s%, s:s%}, s:s%, s:s%}", "id", (json_int_t)iv->id, "status",
			 iv->status.p ? iv->status.p : "", "group", "slug", iv->group_slug.p ? iv->group_slug.p : "",
			 iv->group_slug.n, "name", iv->group_name.p ? iv->group_name.p : "", iv->group_name.n, "purpose",
			 iv->group_purpose.p ? iv->group_purpose.p : "", iv->group_purpose.n, "inviter", "handle",
			 iv->inviter_handle.p ? iv->inviter_handle.p : "", iv->inviter_handle.n, "name",
			 iv->inviter_name.p ? iv->inviter_name.p : "", iv->inviter_name.n, "member",
			 iv->member_handle.p ? iv->member_handle.p : "", iv->member_handle.n, "email",
			 iv->email.p ? iv->email.p : "", iv->email.n);
}

view_obj *group_view(http_req *r, const struct store_group *g)
{
	view_obj *o = view_obj_new(r->a);
	if (!o)
		return NULL;
	view_set_int(o, "id", g->id);
	view_set_str(o, "slug", g->slug);
	view_set_str(o, "name", g->name);
	view_set_str(o, "purpose", g->purpose);
	view_set_str(o, "audience", g->audience);
	view_set_bool(o, "clinical", g->clinical);
	view_set_cstr(o, "status", store_group_status_name(g->status));
	view_set_bool(o, "active", g->status == STORE_GROUP_ACTIVE);
	view_set_bool(o, "archived", g->status == STORE_GROUP_ARCHIVED);
	view_set_bool(o, "suspended", g->status == STORE_GROUP_SUSPENDED);
	view_set_bool(o, "pending", g->status == STORE_GROUP_PENDING);
	view_set_bool(o, "declined", g->status == STORE_GROUP_DECLINED);
	view_set_str(o, "reason", g->reason);
	view_set_str(o, "owner", g->owner_name);
	view_set_str(o, "owner_handle", g->owner_handle);
	view_set_str(o, "requester", g->requester_name);
	view_set_str(o, "requester_handle", g->requester_handle);
	view_set_int(o, "members", g->member_count);
	view_set_bool(o, "one_member", g->member_count == 1);
	view_set_int(o, "topics", g->topic_count);
	view_set_cstr(o, "role", g->role == STORE_GROUP_OWNER     ? "Owner"
				 : g->role == STORE_GROUP_COOWNER ? "Co-owner"
				 : g->role == STORE_GROUP_MEMBER  ? "Member"
								  : "");
	view_set_cstr(o, "created", page_when(r, g->created_at));
	view_set_cstr(o, "when", g->last_post_at ? page_when(r, g->last_post_at) : "");
	return o;
}

/* ---- pages ------------------------------------------------------------------ */

static const char *check_group_name(arena *a, str v, str *norm)
{
	(void)a;
	v = str_trim(v);
	size_t chars = 0;
	if (!v.n)
		return "must not be empty";
	if (form_check_text(v, false, &chars) || chars > GROUP_NAME_MAX)
		return "must be at most 100 characters";
	*norm = v;
	return NULL;
}

static const char *check_purpose(arena *a, str v, str *norm)
{
	(void)a;
	v = str_trim(v);
	if (v.n < 10)
		return "must say in a sentence what the group is for";
	*norm = v;
	return NULL;
}

static const struct form_field request_fields[] = {
	{"name", GROUP_NAME_MAX * 4, FIELD_REQUIRED, check_group_name},
	{"purpose", GROUP_PURPOSE_MAX * 4, FIELD_REQUIRED | FIELD_MULTILINE, check_purpose},
	{"audience", GROUP_AUDIENCE_MAX * 4, 0, NULL},
	{"clinical", 8, FIELD_BOOL, NULL},
};
const struct form_spec form_group_request = FORM_SPEC(request_fields);

static const struct form_field decision_fields[] = {
	{"decision", 16, FIELD_REQUIRED, NULL},
	{"reason", 2000, FIELD_MULTILINE, NULL},
};
const struct form_spec form_group_decision = FORM_SPEC(decision_fields);

static const struct form_field invite_fields[] = {
	{"who", 320, FIELD_REQUIRED, NULL},
};
const struct form_spec form_group_invite = FORM_SPEC(invite_fields);

static const struct form_field member_fields[] = {
	{"role", 16, 0, NULL},
};
const struct form_spec form_group_member = FORM_SPEC(member_fields);

static const struct form_field status_fields[] = {
	{"status", 16, FIELD_REQUIRED, NULL},
};
const struct form_spec form_group_status = FORM_SPEC(status_fields);

static const struct form_field answer_fields[] = {
	{"decision", 16, FIELD_REQUIRED, NULL},
};
const struct form_spec form_invitation_answer = FORM_SPEC(answer_fields);

/* A 303 to `prefix` + slug + `suffix`. */
static int redirect_to(http_req *r, const char *prefix, str slug, const char *suffix)
{
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, prefix);
	buf_str(&b, slug);
	buf_puts(&b, suffix);
	const char *to = buf_cstr(&b);
	return to ? http_redirect(r, to) : -1;
}

int group_lists(http_req *r, struct store_group_list *gl, struct store_group_invitation_list *il)
{
	int rc = store_group_mine(http_store(r), r->a, r->me.id, gl);
	return rc ? rc : store_invitations_for(http_store(r), r->a, r->me.id, r->me.email, il);
}

/* GET /groups — members: their groups, invitations and requests. */
int groups_page(http_req *r)
{
	struct store_group_list gl;
	struct store_group_invitation_list il;
	int rc = group_lists(r, &gl, &il);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Groups");
	view_list *mine = view_list_new(r->a), *asked = view_list_new(r->a), *inv = view_list_new(r->a);
	if (!ctx || !mine || !asked || !inv)
		return http_store_error(r, STORE_ERR);
	int nmine = 0;
	for (int i = 0; i < gl.n; i++) {
		view_obj *o = group_view(r, &gl.items[i]);
		if (!o)
			return http_store_error(r, STORE_ERR);
		bool request = gl.items[i].status == STORE_GROUP_PENDING || gl.items[i].status == STORE_GROUP_DECLINED;
		nmine += !request;
		view_list_push_obj(request ? asked : mine, o);
	}
	for (int i = 0; i < il.n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_int(o, "id", il.items[i].id);
		view_set_str(o, "group", il.items[i].group_name);
		view_set_str(o, "purpose", il.items[i].group_purpose);
		view_set_str(o, "inviter", il.items[i].inviter_name);
		view_set_str(o, "inviter_handle", il.items[i].inviter_handle);
		view_set_cstr(o, "when", page_when(r, il.items[i].created_at));
		view_list_push_obj(inv, o);
	}
	view_set_list(ctx, "groups", mine);
	view_set_list(ctx, "requests", asked);
	view_set_list(ctx, "invitations", inv);
	view_set_bool(ctx, "has_groups", nmine > 0);
	view_set_bool(ctx, "has_requests", gl.n > nmine);
	view_set_bool(ctx, "has_invitations", il.n > 0);
	view_set_bool(ctx, "requested", http_query(r, "requested").n > 0);
	view_set_bool(ctx, "declined", http_query(r, "declined").n > 0);
	view_set_bool(ctx, "left", http_query(r, "left").n > 0);
	return http_page(r, 200, view_groups, ctx);
}

static int request_form(http_req *r, int status)
{
	view_obj *ctx = http_page_ctx(r, "Request a group");
	if (!ctx || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	return http_page(r, status, view_group_new, ctx);
}

/* GET /groups/new — members: the request form. */
int group_new_form(http_req *r)
{
	return request_form(r, 200);
}

/* POST /groups {name, purpose, audience, clinical} — members: sends the
 * request to the editors (303 to /groups), or the form again (422). */
int group_request_post(http_req *r)
{
	if (r->in.nerr)
		return request_form(r, 422);
	int64_t id = 0;
	int rc = group_request(r, &id);
	if (rc == 422)
		return request_form(r, 422);
	if (rc > 0)
		return 0;
	return rc ? http_store_error(r, rc) : http_redirect(r, "/groups?requested=1");
}

/* POST /groups/invitations/:id {decision accept|decline} — the invitee. */
int invitation_answer_post(http_req *r)
{
	str d = form_get(&r->in, "decision");
	bool accept = str_eqc(d, "accept");
	if (r->in.nerr || (!accept && !str_eqc(d, "decline")))
		return http_error(r, 422, "invalid", "The decision must be accept or decline.", "decision");
	struct store_group g;
	int rc = group_answer(r, page_id(r->params[0]), accept, &g);
	if (rc > 0)
		return 0;
	if (rc)
		return http_store_error(r, rc);
	return accept ? redirect_to(r, "/g/", g.slug, "") : http_redirect(r, "/groups?declined=1");
}

/* The members page of g, with `problem` (or the form's errors) shown. */
static int members_view(http_req *r, int status, const struct store_group *g, const struct policy_object *o)
{
	store *st = http_store(r);
	struct store_group_member_list ml;
	int rc = store_group_members(st, r->a, g->id, &ml);
	if (rc)
		return http_store_error(r, rc);
	bool inviter = policy_allows(&r->reader, ACT_GROUP_INVITE, o);
	bool holder = policy_allows(&r->reader, ACT_GROUP_OWN, o);
	view_obj *ctx = http_page_ctx(r, str_dup(r->a, g->name));
	view_obj *gv = group_view(r, g);
	view_list *l = view_list_new(r->a);
	if (!ctx || !gv || !l || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < ml.n; i++) {
		const struct store_group_member *m = &ml.items[i];
		view_obj *mo = view_obj_new(r->a);
		if (!mo)
			return http_store_error(r, STORE_ERR);
		view_set_str(mo, "name", m->name);
		view_set_str(mo, "handle", m->handle);
		view_set_bool(mo, "verified", m->verified);
		view_set_bool(mo, "owner", m->role == STORE_GROUP_OWNER);
		view_set_bool(mo, "coowner", m->role == STORE_GROUP_COOWNER);
		view_set_bool(mo, "me", m->member_id == r->me.id);
		view_set_bool(mo, "removable", m->member_id != r->me.id &&
						     ((m->role == STORE_GROUP_MEMBER && inviter) ||
						      (m->role == STORE_GROUP_COOWNER && holder)));
		view_set_bool(mo, "manage", holder && m->member_id != r->me.id && m->role != STORE_GROUP_OWNER);
		view_set_cstr(mo, "joined", page_when(r, m->joined_at));
		view_list_push_obj(l, mo);
	}
	view_set_obj(ctx, "group", gv);
	view_set_list(ctx, "members", l);
	view_set_bool(ctx, "inviter", inviter && g->status == STORE_GROUP_ACTIVE);
	view_set_bool(ctx, "holder", holder);
	view_set_bool(ctx, "can_leave", g->role != STORE_GROUP_OWNER && policy_allows(&r->reader, ACT_GROUP_LEAVE, o));
	if (inviter) {
		struct store_group_invitation_list il;
		view_list *pl = view_list_new(r->a);
		if (!pl || store_group_invitations(st, r->a, g->id, &il))
			return http_store_error(r, STORE_ERR);
		for (int i = 0; i < il.n; i++) {
			view_obj *io = view_obj_new(r->a);
			if (!io)
				return http_store_error(r, STORE_ERR);
			view_set_int(io, "id", il.items[i].id);
			view_set_str(io, "to", il.items[i].member_id ? il.items[i].member_name : il.items[i].email);
			view_set_str(io, "handle", il.items[i].member_handle);
			view_set_str(io, "inviter", il.items[i].inviter_name);
			view_set_cstr(io, "when", page_when(r, il.items[i].created_at));
			view_list_push_obj(pl, io);
		}
		view_set_list(ctx, "pending", pl);
		view_set_bool(ctx, "has_pending", il.n > 0);
	}
	str done = http_query(r, "done");
	view_set_bool(ctx, "invited", str_eqc(done, "invited"));
	view_set_bool(ctx, "invited_email", str_eqc(done, "invited-email"));
	view_set_bool(ctx, "changed", str_eqc(done, "changed"));
	return http_page(r, status, view_group_members, ctx);
}

/* GET /g/:slug/members — its members: who is in it; owners manage. */
int group_members_page(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_FORUM_READ, &g, &o);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return members_view(r, 200, &g, &o);
}

/* POST /g/:slug/invitations {who} — owners and co-owners. */
int group_invite_post(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_GROUP_INVITE, &g, &o);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	if (r->in.nerr)
		return members_view(r, 422, &g, &o);
	bool to_email = false;
	int64_t id = 0;
	rc = group_invite(r, &g, form_get(&r->in, "who"), "who", &to_email, &id);
	if (rc == 422)
		return members_view(r, 422, &g, &o);
	if (rc > 0)
		return 0;
	if (rc)
		return http_store_error(r, rc);
	return redirect_to(r, "/g/", g.slug, to_email ? "/members?done=invited-email" : "/members?done=invited");
}

/* POST /g/:slug/invitations/:id/revoke — owners and co-owners. */
int group_invitation_revoke_post(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_GROUP_INVITE, &g, &o);
	if (rc == 0)
		rc = group_invitation_revoke(r, &g, page_id(r->params[1]));
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return redirect_to(r, "/g/", g.slug, "/members?done=changed");
}

/* POST /g/:slug/members/:handle {role} — owners: appoint, hand over,
 * remove ("" role). */
int group_member_post(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_FORUM_READ, &g, &o);
	if (rc == 0)
		rc = group_member_change(r, &g, &o, r->params[1], str_trim(form_get(&r->in, "role")));
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return redirect_to(r, "/g/", g.slug, "/members?done=changed");
}

/* POST /g/:slug/leave — a member leaves (not its owner). */
int group_leave_post(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_GROUP_LEAVE, &g, &o);
	if (rc == 0)
		rc = group_member_change(r, &g, &o, r->me.handle, STR_NULL);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return http_redirect(r, "/groups?left=1");
}

/* POST /g/:slug/status {status archived|active} — its owner. */
int group_status_post(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_GROUP_OWN, &g, &o);
	if (rc == 0 && r->in.nerr)
		return http_error(r, 422, "invalid", "status must be archived or active", "status");
	if (rc == 0)
		rc = group_status_change(r, &g, &o, form_get(&r->in, "status"));
	if (rc == 422)
		return http_error(r, 422, "invalid", "status must be archived or active", "status");
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return redirect_to(r, "/g/", g.slug, "");
}

/* The editors' list, with the failed decision's group and errors. */
static int editor_view(http_req *r, int status, int64_t failed)
{
	store *st = http_store(r);
	struct store_group_list pending, all;
	int rc = store_group_list(st, r->a, STORE_GROUP_PENDING, 100, 0, &pending);
	if (rc == 0)
		rc = store_group_list(st, r->a, -1, 100, (int)((page_number(r) - 1) * 100), &all);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Groups: the editors' list");
	view_list *pl = view_list_new(r->a), *al = view_list_new(r->a);
	if (!ctx || !pl || !al || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < pending.n; i++) {
		view_obj *o = group_view(r, &pending.items[i]);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_bool(o, "failed", pending.items[i].id == failed);
		view_list_push_obj(pl, o);
	}
	int shown = 0;
	for (int i = 0; i < all.n; i++) {
		const struct store_group *g = &all.items[i];
		if (g->status == STORE_GROUP_PENDING || g->status == STORE_GROUP_DECLINED)
			continue;
		shown++;
		/* Name, owner and member count: nothing of what is inside. */
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_int(o, "id", g->id);
		view_set_str(o, "name", g->name);
		view_set_str(o, "owner", g->owner_name);
		view_set_str(o, "owner_handle", g->owner_handle);
		view_set_int(o, "members", g->member_count);
		view_set_cstr(o, "status", store_group_status_name(g->status));
		view_set_bool(o, "suspended", g->status == STORE_GROUP_SUSPENDED);
		view_list_push_obj(al, o);
	}
	view_set_list(ctx, "pending", pl);
	view_set_bool(ctx, "has_pending", pending.n > 0);
	view_set_list(ctx, "groups", al);
	view_set_bool(ctx, "has_groups", shown > 0);
	str done = http_query(r, "done");
	view_set_bool(ctx, "done", done.n > 0);
	view_set_str(ctx, "done_what", done);
	return http_page(r, status, view_editor_groups, ctx);
}

/* GET /editor/groups — editors. */
int editor_groups(http_req *r)
{
	return editor_view(r, 200, 0);
}

/* POST /editor/groups/:id {decision, reason} — editors. */
int editor_group_post(http_req *r)
{
	int64_t id = page_id(r->params[0]);
	if (r->in.nerr)
		return editor_view(r, 422, id);
	str decision = str_trim(form_get(&r->in, "decision"));
	int rc = group_decide(r, id, decision, str_trim(form_get(&r->in, "reason")));
	if (rc == 422)
		return editor_view(r, 422, id);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	const char *to = str_eqc(decision, "approve")	  ? "/editor/groups?done=approved"
			 : str_eqc(decision, "decline")	  ? "/editor/groups?done=declined"
			 : str_eqc(decision, "suspend")	  ? "/editor/groups?done=suspended"
							  : "/editor/groups?done=unsuspended";
	return http_redirect(r, to);
}
