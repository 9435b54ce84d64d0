/* forum_admin.c: the editors' side of the forum structure.
 *
 *   /editor/forums                  every forum, archived ones too; a form
 *                                   for a new one (POST /editor/forums)
 *   POST /editor/forums/SLUG        rename, describe, reorder, archive
 *   POST /editor/forums/SLUG/champions {handle, action appoint|remove}
 *
 * and under /api/v1/editor/forums.  Editors only (ACT_FORUM_ADMIN); the
 * champion rule (verified doctors only) is roles.c's; the store audits
 * every change. */
#include <stdio.h>

#include "forum.h"
#include "views_gen.h"

#include "../policy/roles.h"
#include "../text/validate.h"

static const char *check_slug(arena *a, str v, str *norm)
{
	(void)a;
	if (v.n < 2 || v.n > 48)
		return "must be 2 to 48 characters";
	for (size_t i = 0; i < v.n; i++) {
		char c = v.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i && i + 1 < v.n)))
			return "must be lower-case letters, digits and inner hyphens";
	}
	*norm = v;
	return NULL;
}

static const char *check_section(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	/* A group's or blog's forum comes only from an approved request. */
	int sec = store_section_parse(v);
	return sec >= 0 && forum_section_own((enum store_section)sec) ? NULL : "must be open_clinical, closed_clinical or off_duty";
}

static const char *check_position(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	if (!v.n || v.n > 4)
		return "must be a number from 0 to 9999";
	for (size_t i = 0; i < v.n; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return "must be a number from 0 to 9999";
	return NULL;
}

static const char *check_name(arena *a, str v, str *norm)
{
	(void)a;
	v = str_trim(v);
	if (!v.n)
		return "must not be empty";
	*norm = v;
	return NULL;
}

static const struct form_field forum_new_fields[] = {
	{"slug", 48, FIELD_REQUIRED, check_slug},
	{"name", 120, FIELD_REQUIRED, check_name},
	{"description", 500, 0, NULL},
	{"section", 20, FIELD_REQUIRED, check_section},
	{"position", 4, 0, check_position},
};
const struct form_spec form_forum_new = FORM_SPEC(forum_new_fields);

static const struct form_field forum_edit_fields[] = {
	{"name", 120, FIELD_REQUIRED, check_name},
	{"description", 500, 0, NULL},
	{"position", 4, 0, check_position},
	{"archived", 8, FIELD_BOOL, NULL},
};
const struct form_spec form_forum_edit = FORM_SPEC(forum_edit_fields);

static const char *check_champion_action(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	return str_eqc(v, "appoint") || str_eqc(v, "remove") ? NULL : "must be appoint or remove";
}

static const struct form_field champion_fields[] = {
	{"handle", 31, FIELD_REQUIRED, NULL},
	{"action", 10, FIELD_REQUIRED, check_champion_action},
};
const struct form_spec form_champion = FORM_SPEC(champion_fields);

static int64_t position_of(http_req *r)
{
	str v = form_get(&r->in, "position");
	int64_t n = 0;
	for (size_t i = 0; i < v.n; i++)
		n = n * 10 + (v.p[i] - '0');
	return n;
}

/* The admin page, with `error` (or none) and status. */
static int admin_page(http_req *r, int status, const char *error)
{
	struct store_forum_list fl;
	int rc = store_forum_list(http_store(r), r->a, true, &fl);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Forums: structure");
	view_list *l = view_list_new(r->a);
	if (!ctx || !l || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < fl.n; i++) {
		const struct store_forum *f = &fl.items[i];
		view_obj *o = view_obj_new(r->a);
		struct store_member_list cl;
		view_list *champs = view_list_new(r->a);
		if (!o || !champs || store_champion_list(http_store(r), r->a, f->id, &cl))
			return http_store_error(r, STORE_ERR);
		for (int k = 0; k < cl.n; k++) {
			view_obj *c = view_obj_new(r->a);
			if (!c)
				return http_store_error(r, STORE_ERR);
			view_set_str(c, "name", cl.items[k].name);
			view_set_str(c, "handle", cl.items[k].handle);
			view_list_push_obj(champs, c);
		}
		view_set_str(o, "slug", f->slug);
		view_set_str(o, "name", f->name);
		view_set_str(o, "description", f->description);
		view_set_cstr(o, "section", forum_section_label(f->section));
		view_set_int(o, "position", f->position);
		view_set_bool(o, "archived", f->archived);
		view_set_int(o, "topics", f->topic_count);
		view_set_list(o, "champions", champs);
		view_set_bool(o, "has_champions", cl.n > 0);
		view_list_push_obj(l, o);
	}
	view_set_list(ctx, "forums", l);
	if (error)
		view_set_cstr(ctx, "error", error);
	view_set_bool(ctx, "saved", status == 200 && http_query(r, "saved").n > 0);
	return http_page(r, status, view_editor_forums, ctx);
}

/* GET /editor/forums — editors: every forum and its champions. */
int editor_forums(http_req *r)
{
	return admin_page(r, 200, NULL);
}

/* Creates the forum from the validated form: 0 with *f, 409 slug taken,
 * or a store error. */
static int create(http_req *r, struct store_forum *f)
{
	*f = (struct store_forum){
		.slug = form_get(&r->in, "slug"),
		.name = form_get(&r->in, "name"),
		.description = str_trim(form_get(&r->in, "description")),
		.section = (enum store_section)store_section_parse(form_get(&r->in, "section")),
		.position = position_of(r),
	};
	int rc = store_forum_create(http_store(r), f, r->me.id, r->now, &f->id);
	return rc == STORE_ECONFLICT ? 409 : rc;
}

/* POST /editor/forums {slug, name, description, section, position} —
 * editors: a new forum; back to the list (303); 422, 409 slug taken. */
int editor_forum_create(http_req *r)
{
	if (r->in.nerr)
		return admin_page(r, 422, "Check the new forum's fields.");
	struct store_forum f;
	int rc = create(r, &f);
	if (rc == 409) {
		form_set_error(&r->in, "slug", "is taken by another forum");
		return admin_page(r, 409, "That address is taken.");
	}
	return rc ? http_store_error(r, rc) : http_redirect(r, "/editor/forums?saved=1");
}

/* Updates forum :slug from the validated form: 0, 404, or a store error. */
static int update(http_req *r, struct store_forum *f)
{
	int rc = store_forum_by_slug(http_store(r), r->a, r->params[0], f);
	if (rc == 0 && !forum_section_own(f->section))
		rc = STORE_ENOTFOUND; /* a group's or blog's forum is its own */
	if (rc)
		return rc == STORE_ENOTFOUND ? 404 : rc;
	f->name = form_get(&r->in, "name");
	f->description = str_trim(form_get(&r->in, "description"));
	if (r->in.present[form_index(&form_forum_edit, "position")])
		f->position = position_of(r);
	f->archived = form_bool(&r->in, "archived");
	rc = store_forum_update(http_store(r), f, r->me.id, r->now);
	return rc == STORE_ENOTFOUND ? 404 : rc;
}

/* POST /editor/forums/:slug {name, description, position, archived} —
 * editors: back to the list (303); 422; 404. */
int editor_forum_update(http_req *r)
{
	if (r->in.nerr)
		return admin_page(r, 422, "A forum needs a name, and its position is a number.");
	struct store_forum f;
	int rc = update(r, &f);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	return rc ? http_store_error(r, rc) : http_redirect(r, "/editor/forums?saved=1");
}

/* Appoints or removes the champion named in the form for forum :slug: 0;
 * 404 (no such forum or member); 422 with *why; 409 (not a champion
 * there); or a store error. */
static int champion(http_req *r, const char **why)
{
	store *st = http_store(r);
	struct store_forum f;
	struct store_member m;
	int rc = store_forum_by_slug(st, r->a, r->params[0], &f);
	if (rc == 0 && !forum_section_own(f.section))
		rc = STORE_ENOTFOUND; /* groups and blogs have owners, not champions */
	str handle = form_get(&r->in, "handle");
	if (handle.n && handle.p[0] == '@')
		handle.p++, handle.n--;
	if (rc == 0)
		rc = handle.n && handle.n <= 30 ? store_member_by_handle(st, r->a, handle, &m) : STORE_ENOTFOUND;
	if (rc)
		return rc == STORE_ENOTFOUND ? 404 : rc;
	bool on = str_eqc(form_get(&r->in, "action"), "appoint");
	if (on && (*why = role_grant_refusal(ROLE_CHAMPION, str_eqc(m.type, "doctor"), m.verified)))
		return 422;
	rc = store_champion_set(st, f.id, m.id, on, r->me.id, r->now);
	return rc == STORE_ENOTFOUND ? 409 : rc;
}

/* POST /editor/forums/:slug/champions {handle, action} — editors: back to
 * the list (303); 422 not a verified doctor; 404. */
int editor_forum_champion(http_req *r)
{
	const char *why = NULL;
	int rc = r->in.nerr ? 422 : champion(r, &why);
	if (rc == 422)
		return admin_page(r, 422, why ? why : "Give the member's handle.");
	if (rc == 404)
		return admin_page(r, 404, "There is no such member.");
	if (rc == 409)
		return admin_page(r, 409, "That member is not a champion of this forum.");
	return rc ? http_store_error(r, rc) : http_redirect(r, "/editor/forums?saved=1");
}

static json_t *forum_json(const struct store_forum *f)
{
	return json_pack("{s:I, s:s%, s:s%, s:s%, s:s, s:I, s:b}", "id", (json_int_t)f->id, "slug", f->slug.p,
			 f->slug.n, "name", f->name.p, f->name.n, "description", f->description.p, f->description.n,
			 "section", store_section_name(f->section), "position", (json_int_t)f->position, "archived",
			 f->archived);
}

/* POST /api/v1/editor/forums {slug, name, description, section, position}
 * — editors: 201 the forum; 409 slug taken. */
int api_editor_forum_create(http_req *r)
{
	struct store_forum f;
	int rc = create(r, &f);
	if (rc == 409)
		return http_error(r, 409, "conflict", "That slug is taken.", "slug");
	json_t *j = rc ? NULL : forum_json(&f);
	return j ? http_json(r, 201, j) : http_store_error(r, rc ? rc : STORE_ERR);
}

/* PATCH /api/v1/editor/forums/:slug {name, description, position,
 * archived} — editors: the forum. */
int api_editor_forum_update(http_req *r)
{
	struct store_forum f;
	int rc = update(r, &f);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	json_t *j = rc ? NULL : forum_json(&f);
	return j ? http_json(r, 200, j) : http_store_error(r, rc ? rc : STORE_ERR);
}

/* POST /api/v1/editor/forums/:slug/champions {handle, action} — editors:
 * 204; 422 (not a verified doctor), 404, 409 (not a champion there). */
int api_editor_forum_champion(http_req *r)
{
	const char *why = NULL;
	int rc = champion(r, &why);
	if (rc == 422)
		return http_error(r, 422, "invalid", why, "handle");
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such forum or member.", NULL);
	if (rc == 409)
		return http_error(r, 409, "conflict", "That member is not a champion of this forum.", NULL);
	return rc ? http_store_error(r, rc) : http_no_content(r);
}
