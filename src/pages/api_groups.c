/* api_groups.c: private groups in the JSON API, with the pages' rules
 * (groups.h makes every change; forum.h writes every post):
 *
 *   GET  /api/v1/groups                      {groups, requests, invitations}
 *   POST /api/v1/groups                      request one: 201, pending
 *   GET  /api/v1/groups/SLUG                 the group and its members (members only)
 *   PATCH /api/v1/groups/SLUG                {status: archived|active} (its owner)
 *   GET  /api/v1/groups/SLUG/topics?page     POST the same: a new topic
 *   GET  /api/v1/groups/SLUG/invitations     POST {handle or email}: owners
 *   DELETE /api/v1/groups/SLUG/invitations/ID
 *   PUT  /api/v1/groups/SLUG/members/HANDLE  {role}; DELETE: remove, or leave
 *   POST /api/v1/invitations/ID              {decision: accept|decline}
 *   GET  /api/v1/editor/groups?status=       editors: name, owner, count
 *   POST /api/v1/editor/groups/ID            {decision, reason}: editors */
#include <stdio.h>
#include <string.h>

#include "groups.h"

static const struct form_field invite_fields[] = {
	{"handle", 64, 0, NULL},
	{"email", 320, 0, NULL},
};
const struct form_spec form_api_group_invite = FORM_SPEC(invite_fields);

static int answer(http_req *r, int status, json_t *j)
{
	return j ? http_json(r, status, j) : http_error(r, 500, "internal", "Something went wrong on our side.", NULL);
}

/* A refusal from groups.c: answered already, a bad field (422: the
 * first field in error, else `field`), or a store error. */
static int refused(http_req *r, int rc, const char *field)
{
	if (rc == 422) {
		const char *f = field;
		for (size_t i = r->in.spec ? r->in.spec->n : 0; i-- > 0;)
			if (r->in.err[i])
				f = r->in.spec->fields[i].name;
		const char *msg = form_error(&r->in, f);
		char text[200];
		snprintf(text, sizeof text, "%s %s", f, msg ? msg : "is not valid");
		return http_error(r, 422, "invalid", arena_strndup(r->a, text, strlen(text)), f);
	}
	return rc > 0 ? 0 : http_store_error(r, rc);
}

/* GET /api/v1/groups — members. */
int api_groups(http_req *r)
{
	struct store_group_list gl;
	struct store_group_invitation_list il;
	int rc = group_lists(r, &gl, &il);
	if (rc)
		return http_store_error(r, rc);
	json_t *groups = json_array(), *requests = json_array(), *inv = json_array();
	for (int i = 0; groups && requests && i < gl.n; i++) {
		bool req = gl.items[i].status == STORE_GROUP_PENDING || gl.items[i].status == STORE_GROUP_DECLINED;
		json_array_append_new(req ? requests : groups, group_json(&gl.items[i], false));
	}
	for (int i = 0; inv && i < il.n; i++)
		json_array_append_new(inv, group_invitation_json(&il.items[i]));
	return answer(r, 200,
		      groups && requests && inv
			      ? json_pack("{s:o, s:o, s:o}", "groups", groups, "requests", requests, "invitations", inv)
			      : NULL);
}

/* POST /api/v1/groups {name, purpose, audience, clinical} — members:
 * 201, the request (pending). */
int api_group_request(http_req *r)
{
	int64_t id = 0;
	int rc = group_request(r, &id);
	if (rc)
		return refused(r, rc, "name");
	struct store_group g;
	if ((rc = store_group_get(http_store(r), r->a, id, r->me.id, &g)))
		return http_store_error(r, rc);
	return answer(r, 201, group_json(&g, false));
}

/* GET /api/v1/groups/:slug — its members: the group and its members. */
int api_group(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_FORUM_READ, &g, &o);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	struct store_group_member_list ml;
	if ((rc = store_group_members(http_store(r), r->a, g.id, &ml)))
		return http_store_error(r, rc);
	json_t *j = group_json(&g, false), *members = json_array();
	for (int i = 0; j && members && i < ml.n; i++)
		json_array_append_new(members, json_pack("{s:s%, s:s%, s:b, s:s, s:I}", "handle", ml.items[i].handle.p,
							 ml.items[i].handle.n, "name", ml.items[i].name.p,
							 ml.items[i].name.n, "verified", ml.items[i].verified, "role",
							 store_group_role_name(ml.items[i].role), "joined_at",
							 (json_int_t)ml.items[i].joined_at));
	if (j && members)
		json_object_set_new(j, "members", members);
	return answer(r, 200, j);
}

/* PATCH /api/v1/groups/:slug {status} — its owner: archive, reopen. */
int api_group_update(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_GROUP_OWN, &g, &o);
	if (rc == 0)
		rc = group_status_change(r, &g, &o, form_get(&r->in, "status"));
	if (rc == 0)
		rc = store_group_get(http_store(r), r->a, g.id, r->me.id, &g);
	return rc ? refused(r, rc, "status") : answer(r, 200, group_json(&g, false));
}

/* GET /api/v1/groups/:slug/topics?page=N — its members. */
int api_group_topics(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_FORUM_READ, &g, &o);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	int64_t page = page_number(r), total = 0;
	struct store_topic_list tl;
	rc = store_topic_list(http_store(r), r->a, g.id, r->me.id, FORUM_TOPICS_PAGE,
			      (int)((page - 1) * FORUM_TOPICS_PAGE), &tl, &total);
	if (rc)
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < tl.n; i++)
		json_array_append_new(a, forum_topic_json(&tl.items[i]));
	return answer(r, 200,
		      a ? json_pack("{s:o, s:I, s:I, s:b}", "topics", a, "page", (json_int_t)page, "total",
				    (json_int_t)total, "can_post",
				    g.status == STORE_GROUP_ACTIVE && policy_allows(&r->reader, ACT_FORUM_POST, &o))
			: NULL);
}

/* POST /api/v1/groups/:slug/topics {title, body, confirm_no_identifiers}
 * — its members: 201, the topic with its first post.  As the forums'
 * (api_forum.c), through the group. */
int api_group_topic_create(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_FORUM_POST, &g, &o);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return api_topic_create_in(r, g.id, STORE_SECTION_GROUP);
}

/* GET /api/v1/groups/:slug/invitations — owners and co-owners. */
int api_group_invitations(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_GROUP_INVITE, &g, &o);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	struct store_group_invitation_list il;
	if ((rc = store_group_invitations(http_store(r), r->a, g.id, &il)))
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < il.n; i++)
		json_array_append_new(a, group_invitation_json(&il.items[i]));
	return answer(r, 200, a ? json_pack("{s:o}", "invitations", a) : NULL);
}

/* POST /api/v1/groups/:slug/invitations {handle | email} — owners and
 * co-owners: 201, the invitation. */
int api_group_invite(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_GROUP_INVITE, &g, &o);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	str handle = form_get(&r->in, "handle"), email = form_get(&r->in, "email");
	if (!handle.n == !email.n)
		return http_error(r, 422, "invalid", "Send either handle or email.", handle.n ? "email" : "handle");
	bool to_email = false;
	const char *field = handle.n ? "handle" : "email";
	int64_t id = 0;
	rc = group_invite(r, &g, handle.n ? handle : email, field, &to_email, &id);
	if (rc)
		return refused(r, rc, field);
	struct store_group_invitation iv;
	if ((rc = store_invitation_get(http_store(r), r->a, id, &iv)))
		return http_store_error(r, rc);
	return answer(r, 201, group_invitation_json(&iv));
}

/* DELETE /api/v1/groups/:slug/invitations/:id — owners and co-owners. */
int api_group_invitation_revoke(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_GROUP_INVITE, &g, &o);
	if (rc == 0)
		rc = group_invitation_revoke(r, &g, page_id(r->params[1]));
	return rc ? (rc > 0 ? 0 : http_store_error(r, rc)) : http_no_content(r);
}

/* PUT /api/v1/groups/:slug/members/:handle {role} — owners. */
int api_group_member_set(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_FORUM_READ, &g, &o);
	if (rc == 0) {
		str role = str_trim(form_get(&r->in, "role"));
		if (!role.n)
			return http_error(r, 422, "invalid", "role must be member, coowner or owner", "role");
		rc = group_member_change(r, &g, &o, r->params[1], role);
	}
	return rc ? (rc > 0 ? 0 : http_store_error(r, rc)) : http_no_content(r);
}

/* DELETE /api/v1/groups/:slug/members/:handle — owners remove; a member
 * names themself to leave. */
int api_group_member_remove(http_req *r)
{
	struct store_group g;
	struct policy_object o;
	int rc = group_find(r, r->params[0], ACT_FORUM_READ, &g, &o);
	if (rc == 0)
		rc = group_member_change(r, &g, &o, r->params[1], STR_NULL);
	return rc ? (rc > 0 ? 0 : http_store_error(r, rc)) : http_no_content(r);
}

/* POST /api/v1/invitations/:id {decision accept|decline} — the invitee:
 * the membership (the group, with their role). */
int api_invitation_answer(http_req *r)
{
	str d = form_get(&r->in, "decision");
	bool accept = str_eqc(d, "accept");
	if (!accept && !str_eqc(d, "decline"))
		return http_error(r, 422, "invalid", "decision must be accept or decline", "decision");
	struct store_group g;
	int rc = group_answer(r, page_id(r->params[0]), accept, &g);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	return accept ? answer(r, 200, group_json(&g, false)) : http_no_content(r);
}

/* GET /api/v1/editor/groups?status=S&page=N — editors: {groups: [...]}
 * with name, owner, member count and status (and a request's purpose). */
int api_editor_groups(http_req *r)
{
	str sv = http_query(r, "status");
	int status = sv.n ? store_group_status_parse(sv) : -1;
	if (sv.n && status < 0)
		return http_error(r, 422, "invalid", "status must be pending, declined, active, archived or suspended",
				  "status");
	struct store_group_list gl;
	int64_t page = page_number(r);
	int rc = store_group_list(http_store(r), r->a, status, 100, (int)((page - 1) * 100), &gl);
	if (rc)
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < gl.n; i++)
		json_array_append_new(a, group_json(&gl.items[i], true));
	return answer(r, 200, a ? json_pack("{s:o, s:I}", "groups", a, "page", (json_int_t)page) : NULL);
}

/* POST /api/v1/editor/groups/:id {decision, reason} — editors: the group
 * as their list shows it. */
int api_editor_group_decide(http_req *r)
{
	int64_t id = page_id(r->params[0]);
	int rc = group_decide(r, id, str_trim(form_get(&r->in, "decision")), str_trim(form_get(&r->in, "reason")));
	if (rc)
		return refused(r, rc, "decision");
	struct store_group g;
	if ((rc = store_group_get(http_store(r), r->a, id, 0, &g)))
		return http_store_error(r, rc);
	return answer(r, 200, group_json(&g, true));
}
