/* roles.c (pages): the editors' roles form on a member's profile and its
 * API.  Which roles a reader may give or take is roles.c's answer
 * (role_grantable: admins all, editors bloggers and champions); who may be
 * given one too (role_grant_refusal: champions are verified doctors).
 * Every change is in the audit log with the editor who made it. */
#include <stdio.h>

#include "../policy/roles.h"
#include "pages.h"

static const struct form_field roles_fields[] = {
	{"admin", 8, FIELD_BOOL, NULL},
	{"editor", 8, FIELD_BOOL, NULL},
	{"blogger", 8, FIELD_BOOL, NULL},
	{"champion", 8, FIELD_BOOL, NULL},
};
const struct form_spec form_roles = FORM_SPEC(roles_fields);

/* Applies r->in to member `handle`: 0 with *m updated, or an HTTP status
 * (404 no such member, 422 with *why) or a store error.  A role missing
 * from the input stays as it is, unless `absent_off` (an HTML form, whose
 * unticked boxes send nothing). */
static int set_roles(http_req *r, str handle, struct store_member *m, const char **why, bool absent_off)
{
	int rc = handle.n && handle.n <= 30 ? store_member_by_handle(http_store(r), r->a, handle, m) : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return 404;
	if (rc)
		return rc;
	unsigned may = role_grantable(r->me.roles), roles = m->roles;
	for (int i = 0; i < role_count(); i++) {
		unsigned bit = role_bit_at(i);
		const char *name = role_name_at(i);
		if (!(may & bit) || (!absent_off && !r->in.present[form_index(&form_roles, name)]))
			continue; /* not theirs to change, or not asked */
		bool want = form_bool(&r->in, name);
		if (want && !(roles & bit) && (*why = role_grant_refusal(bit, str_eqc(m->type, "doctor"), m->verified)))
			return 422;
		roles = want ? roles | bit : roles & ~bit;
	}
	if (m->id == r->me.id && (m->roles & ROLE_ADMIN) && !(roles & ROLE_ADMIN)) {
		*why = "admins cannot take away their own admin role";
		return 422;
	}
	for (int i = 0; i < role_count(); i++) {
		unsigned bit = role_bit_at(i);
		if ((roles ^ m->roles) & bit) {
			char detail[32];
			snprintf(detail, sizeof detail, "%c%s", roles & bit ? '+' : '-', role_name_at(i));
			store_audit(http_store(r), r->me.id, S("member.role"), m->handle, str_c(detail));
		}
	}
	if (roles != m->roles && (rc = store_member_set_roles(http_store(r), m->id, roles)))
		return rc;
	m->roles = roles;
	return 0;
}

/* POST /editor/members/:handle/roles — editors: the checkboxes of the
 * roles they may change; 303 back to the profile (?roles=1). */
int editor_roles_post(http_req *r)
{
	struct store_member m;
	const char *why = NULL;
	int rc = set_roles(r, r->params[0], &m, &why, true);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such member.", NULL);
	if (rc == 422)
		return http_error(r, 422, "invalid", why, NULL);
	if (rc)
		return http_store_error(r, rc);
	return page_redirect_profile(r, m.handle, "?roles=1");
}

/* POST /api/v1/editor/members/:handle/roles {admin, editor, blogger,
 * champion: booleans, each optional} — editors: 200 the member. */
int api_editor_roles(http_req *r)
{
	struct store_member m;
	const char *why = NULL;
	int rc = r->in.nerr ? 400 : set_roles(r, r->params[0], &m, &why, false);
	if (rc == 400)
		return http_error(r, 422, "invalid", "Roles are true or false.", r->in.spec->fields[r->in.first_err].name);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such member.", NULL);
	if (rc == 422)
		return http_error(r, 422, "invalid", why, NULL);
	if (rc)
		return http_store_error(r, rc);
	return http_json(r, 200, page_member_json(&m));
}

/* For the profile page: the roles form's checkboxes (name, label, checked)
 * the reader may change on member `m`, or NULL when none. */
view_list *roles_form_for(http_req *r, const struct store_member *m)
{
	if (!policy_allows(&r->reader, ACT_ROLES_EDIT, NULL))
		return NULL;
	unsigned may = role_grantable(r->me.roles);
	view_list *l = view_list_new(r->a);
	for (int i = 0; l && i < role_count(); i++) {
		unsigned bit = role_bit_at(i);
		if (!(may & bit))
			continue;
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return NULL;
		view_set_cstr(o, "name", role_name_at(i));
		view_set_bool(o, "checked", m->roles & bit);
		view_list_push_obj(l, o);
	}
	return l;
}
