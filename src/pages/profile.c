/* profile.c: a member's public page and their own settings (profile and
 * password). */
#include <sodium.h>

#include "../text/country.h"
#include "../text/reference.h"
#include "../text/validate.h"
#include "blogs.h"

#include "../mail/mail.h"
#include "views_gen.h"

static const struct form_field profile_fields[] = {
	{"name", 400, FIELD_REQUIRED, validate_name},
	{"country", 2, FIELD_REQUIRED, validate_country},
	{"specialty", REFERENCE_INPUT_MAX * 4, 0, validate_specialty}, /* a code from the reference table */
	{"grade", REFERENCE_INPUT_MAX * 4, 0, validate_grade},
	{"bio", 8000, FIELD_MULTILINE, NULL},
	{"timezone", 64, 0, validate_timezone},
};
const struct form_spec form_profile = FORM_SPEC(profile_fields);

static const struct form_field password_change_fields[] = {
	{"current_password", 200, FIELD_REQUIRED | FIELD_SECRET, NULL},
	{"new_password", 200, FIELD_REQUIRED | FIELD_SECRET, validate_password},
};
const struct form_spec form_password_change = FORM_SPEC(password_change_fields);

static const struct form_field delete_fields[] = {
	{"password", 200, FIELD_REQUIRED | FIELD_SECRET, NULL},
	{"confirm", 8, FIELD_BOOL, NULL},
};
const struct form_spec form_account_delete = FORM_SPEC(delete_fields);

#define BIO_MAX_CHARS 2000

/* GET /u/:handle — anyone: the member's public profile, or 404. */
int profile_page(http_req *r)
{
	struct store_member m;
	str handle = r->params[0];
	int rc = handle.n <= 30 ? store_member_by_handle(http_store(r), r->a, handle, &m) : STORE_ENOTFOUND;
	if (rc != 0)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, NULL);
	view_obj *p = view_obj_new(r->a);
	if (!ctx || !p)
		return -1;
	view_set_str(ctx, "title", m.name);
	view_set_str(p, "name", m.name);
	view_set_str(p, "handle", m.handle);
	/* The avatar's letter: the first of the name, skipping a "Dr ". */
	str nm = m.name;
	if (nm.n > 3 && (memcmp(nm.p, "Dr ", 3) == 0 || memcmp(nm.p, "Dr. ", 4) == 0)) {
		size_t skip = nm.p[2] == '.' ? 4 : 3;
		nm.p += skip, nm.n -= skip;
	}
	size_t first = 1;
	while (first < nm.n && ((unsigned char)nm.p[first] & 0xc0) == 0x80)
		first++;
	view_set_str(p, "initial", (str){nm.p, nm.n ? first : 0});
	view_set_cstr(p, "type", member_type_label(m.type));
	const char *country = country_name(m.country);
	view_set_cstr(p, "country", country ? country : "");
	view_set_str(p, "specialty", page_reference_name(false, m.specialty));
	view_set_str(p, "grade", page_reference_name(true, m.grade));
	view_set_str(p, "bio", m.bio);
	view_set_bool(p, "verified", m.verified);
	view_set_bool(p, "suspended", m.suspended);
	view_set_bool(p, "own", r->reader.signed_in && r->reader.id == m.id);
	view_set_bool(p, "doctor", str_eqc(m.type, "doctor"));
	view_list *roles_form = roles_form_for(r, &m);
	if (roles_form) {
		view_set_list(p, "roles_form", roles_form);
		view_set_bool(p, "can_set_roles", true);
	}
	view_set_bool(p, "roles_saved", http_query(r, "roles").n > 0 && roles_form);
	view_set_bool(p, "is_admin", m.roles & ROLE_ADMIN);
	view_set_bool(p, "is_editor", m.roles & ROLE_EDITOR);
	view_set_bool(p, "is_blogger", m.roles & ROLE_BLOGGER);
	struct store_blog blog;
	if (store_blog_of(http_store(r), r->a, m.id, &blog) == 0) {
		view_set_cstr(p, "blog_href", blog_href(r, blog.slug, false));
		view_set_str(p, "blog_title", blog.title);
	}
	view_set_bool(p, "is_champion", m.roles & ROLE_CHAMPION);
	const char *conn = connect_state_for(r, m.id);
	if (conn) {
		view_set_bool(p, "can_connect", true);
		view_set_bool(p, "conn_none", !strcmp(conn, "none"));
		view_set_bool(p, "conn_requested", !strcmp(conn, "requested"));
		view_set_bool(p, "conn_asked_you", !strcmp(conn, "asked_you"));
		view_set_bool(p, "conn_connected", !strcmp(conn, "connected"));
		view_set_bool(p, "blocked", block_state_for(r, m.id));
	}
	/* What they wrote lately, where the reader may read it. */
	if (forum_activity_ctx(r, p, m.id) < 0)
		return http_store_error(r, STORE_ERR);
	/* Their connections, for signed-in readers only. */
	struct store_member_list cl;
	if (r->reader.signed_in &&
	    store_connection_list(http_store(r), r->a, m.id, STORE_CONN_LIST_CONNECTED, 50, 0, &cl) == 0 && cl.n) {
		view_list *l = view_list_new(r->a);
		for (int i = 0; l && i < cl.n; i++) {
			view_obj *o = view_obj_new(r->a);
			if (!o)
				break;
			view_set_str(o, "name", cl.items[i].name);
			view_set_str(o, "handle", cl.items[i].handle);
			view_list_push_obj(l, o);
		}
		view_set_list(p, "connections", l);
		view_set_bool(p, "has_connections", true);
	}
	view_set_obj(ctx, "profile", p);
	return http_page(r, 200, view_profile, ctx);
}

/* The profile form filled from the member's record. */
static void profile_from_record(http_req *r, struct form_values *fv)
{
	const struct store_member *m = &r->me;
	form_init(fv, &form_profile);
	form_offer(fv, r->a, "name", m->name.p, m->name.n, false);
	form_offer(fv, r->a, "country", m->country.p, m->country.n, false);
	form_offer(fv, r->a, "specialty", m->specialty.p, m->specialty.n, false);
	form_offer(fv, r->a, "grade", m->grade.p, m->grade.n, false);
	form_offer(fv, r->a, "bio", m->bio.p, m->bio.n, false);
	form_offer(fv, r->a, "timezone", m->timezone.p, m->timezone.n, false);
}

/* The settings page.  When the request carried one of its two forms with
 * errors, that form is shown again as typed; the profile form otherwise
 * shows the member's record. */
static int settings_page(http_req *r, int status)
{
	view_obj *ctx = http_page_ctx(r, "Settings");
	if (!ctx)
		return -1;
	struct form_values record;
	const struct form_values *profile = &r->in;
	if (r->in.spec != &form_profile) {
		profile_from_record(r, &record);
		profile = &record;
	}
	bool other_form = r->in.spec == &form_password_change || r->in.spec == &form_account_delete;
	if (page_form_ctx(r, ctx, profile) < 0 || (other_form && page_form_ctx(r, ctx, &r->in) < 0))
		return -1;
	if (page_country_options(r, ctx, form_get(profile, "country")) < 0 ||
	    page_reference_options(r, ctx, "specialties", false, form_get(profile, "specialty")) < 0 ||
	    page_reference_options(r, ctx, "grades", true, form_get(profile, "grade")) < 0)
		return -1;
	view_set_bool(ctx, "saved", http_query(r, "saved").n > 0);
	view_set_bool(ctx, "password_changed", http_query(r, "password").n > 0);
	return http_page(r, status, view_settings, ctx);
}

/* GET /settings — members: their profile and password forms. */
int settings_form(http_req *r)
{
	return settings_page(r, 200);
}

/* POST /settings — members: saves their profile. */
int settings_post(http_req *r)
{
	size_t chars = 0;
	form_check_text(form_get(&r->in, "bio"), true, &chars);
	if (chars > BIO_MAX_CHARS)
		form_set_error(&r->in, "bio", "must be at most 2000 characters");
	if (r->in.nerr)
		return settings_page(r, 422);
	struct store_profile p = {
		.name = form_get(&r->in, "name"),
		.country = form_get(&r->in, "country"),
		.specialty = form_get(&r->in, "specialty"),
		.grade = form_get(&r->in, "grade"),
		.bio = form_get(&r->in, "bio"),
		.timezone = form_get(&r->in, "timezone"),
	};
	int rc = store_member_update_profile(http_store(r), r->me.id, &p);
	if (rc != 0)
		return http_store_error(r, rc);
	return http_redirect(r, "/settings?saved=1");
}

/* POST /settings/password — members: changes the password after checking
 * the current one; ends every other session. */
int settings_password_post(http_req *r)
{
	if (r->in.nerr)
		return settings_page(r, 422);
	struct store_member m;
	int rc = store_member_by_email_auth(http_store(r), r->a, r->me.email, &m);
	if (rc != 0)
		return http_store_error(r, rc);
	if (!secret_password_check(form_get(&r->in, "current_password"), m.pw_hash)) {
		form_set_error(&r->in, "current_password", "is not right");
		return settings_page(r, 422);
	}
	char pw[256];
	if (secret_password_hash(form_get(&r->in, "new_password"), pw, sizeof pw) < 0)
		return -1;
	rc = store_member_set_password(http_store(r), m.id, str_c(pw));
	sodium_memzero(pw, sizeof pw);
	if (rc == 0)
		rc = store_session_delete_member(http_store(r), m.id);
	char token[SECRET_TOKEN_LEN + 1];
	if (rc == 0)
		rc = page_session_start(r, m.id, false, token);
	sodium_memzero(token, sizeof token);
	if (rc != 0)
		return http_store_error(r, rc);
	return http_redirect(r, "/settings?password=1");
}

/* Deletes the reader's account when `password` is theirs: 0; 422 (wrong
 * password); 409 (they own a group); or a store error.  The member is emailed at the address the
 * account had. */
static int delete_account(http_req *r, str password)
{
	struct store_member m;
	int rc = store_member_by_email_auth(http_store(r), r->a, r->me.email, &m);
	if (rc != 0)
		return rc;
	if (!secret_password_check(password, m.pw_hash))
		return 422;
	/* A group keeps an owner: they hand it over first. */
	struct store_group_list gl;
	if ((rc = store_group_mine(http_store(r), r->a, m.id, &gl)))
		return rc;
	for (int i = 0; i < gl.n; i++)
		if (gl.items[i].role == STORE_GROUP_OWNER)
			return 409;
	if ((rc = store_member_delete(http_store(r), m.id, r->now)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	mail_account_deleted(http_mail_env(r), r->a, m.email, m.name);
	return 0;
}

/* POST /settings/delete {password, confirm} — members: deletes their own
 * account (store_member_delete), signs them out, 303 /?deleted=1.  The
 * settings page again with the error (422) for a wrong password or an
 * unticked confirmation. */
int settings_delete_post(http_req *r)
{
	if (!r->in.nerr && !form_bool(&r->in, "confirm"))
		form_set_error(&r->in, "confirm", "must be ticked to delete the account");
	if (r->in.nerr)
		return settings_page(r, 422);
	int rc = delete_account(r, form_get(&r->in, "password"));
	if (rc == 422) {
		form_set_error(&r->in, "password", "is not right");
		return settings_page(r, 422);
	}
	if (rc == 409) {
		form_set_error(&r->in, "confirm", "cannot be done while you own a group: hand it over first");
		return settings_page(r, 422);
	}
	if (rc)
		return http_store_error(r, rc);
	http_set_cookie(r, "rounds_session", NULL, 0);
	return http_redirect(r, "/?deleted=1");
}

/* DELETE /api/v1/me {password} — members: deletes their own account; 204.
 * A wrong password → 422 naming `password`. */
int api_me_delete(http_req *r)
{
	int rc = delete_account(r, form_get(&r->in, "password"));
	if (rc == 422)
		return http_error(r, 422, "invalid", "password is not right", "password");
	if (rc == 409)
		return http_error(r, 409, "owns_groups",
				  "You own a private group: hand it over to another member (PUT "
				  "/api/v1/groups/SLUG/members/HANDLE with role owner) before deleting your account.",
				  NULL);
	if (rc)
		return http_store_error(r, rc);
	if (!r->bearer)
		http_set_cookie(r, "rounds_session", NULL, 0);
	return http_no_content(r);
}
