/* verify.c: doctors' verification.  A doctor applies with their
 * registration authority, number and name as registered (/verify and
 * POST /api/v1/verification); editors work the queue and decide
 * (/editor/verifications and /api/v1/editor/verifications).  The member
 * is emailed every decision; the store logs it.
 *
 * Numbers are checked by their authority's rule (src/text/regnum.c) before
 * anything is stored; who may apply or decide is the policy table's
 * answer (ACT_VERIFY_APPLY, ACT_VERIFY_REVIEW).  An application may carry
 * one document (a PDF, PNG or JPEG of the registration, typed by libmagic
 * from its bytes, within upload_limit), kept in the store's uploads and
 * shown to editors only (GET /editor/verifications/ID/document). */
#include <stdio.h>

#include "../core/log.h"
#include "../http/upload.h"
#include "../mail/mail.h"
#include "../mail/notify_mail.h"
#include "../text/regnum.h"
#include "../text/validate.h"
#include "pages.h"
#include "views_gen.h"

enum { QUEUE_PAGE = 50, REASON_MAX = 2000 };

static const char *check_authority(arena *a, str v, str *norm)
{
	const struct regnum_authority *au = regnum_find(v);
	if (!au)
		return "must be one of the listed authorities";
	*norm = str_c(au->code);
	(void)a;
	return NULL;
}

static const char *check_decision(arena *a, str v, str *norm)
{
	(void)a;
	(void)norm;
	return str_eqc(v, "approve") || str_eqc(v, "reject") ? NULL : "must be approve or reject";
}

static const struct form_field verify_fields[] = {
	{"authority", 32, FIELD_REQUIRED, check_authority},
	{"number", REGNUM_INPUT_MAX, FIELD_REQUIRED, NULL}, /* checked by its authority's rule */
	{"registered_name", 400, FIELD_REQUIRED, validate_name},
	{"document", 255, 0, NULL}, /* the file itself arrives in r->upload; this carries its errors */
};
const struct form_spec form_verify = FORM_SPEC(verify_fields);

/* What a verification document may be, by the type sniffed from its bytes,
 * and the ending its download gets. */
static const struct {
	const char *mime, *ext;
} document_types[] = {
	{"application/pdf", "pdf"},
	{"image/png", "png"},
	{"image/jpeg", "jpg"},
};

static const char *document_ext(str mime)
{
	for (size_t i = 0; i < sizeof document_types / sizeof document_types[0]; i++)
		if (str_eqc(mime, document_types[i].mime))
			return document_types[i].ext;
	return NULL;
}

/* The name the member's file had, without any folder, as text we may
 * show; "document" when there is nothing usable. */
static str document_name(http_req *r)
{
	str n = r->upload.filename;
	for (size_t i = n.n; i > 0; i--)
		if (n.p[i - 1] == '/' || n.p[i - 1] == '\\') {
			n = (str){n.p + i, n.n - i};
			break;
		}
	n = str_trim(n);
	if (!n.n || n.n > 200 || form_check_text(n, false, NULL) != 0)
		return S("document");
	return n;
}

/* Keeps the request's document in the store and names it in *v: 0; 422
 * with the field's error when it is not a PDF, PNG or JPEG; or a store
 * error. */
static int keep_document(http_req *r, struct store_verification *v)
{
	struct http_upload *u = &r->upload;
	if (!u->present)
		return 0;
	if (!str_eqc(u->field, "document") || !document_ext(str_c(u->mime))) {
		form_set_error(&r->in, "document", "must be a PDF, PNG or JPEG file");
		return 422;
	}
	int rc = store_upload_put(http_store(r), u->path, u->sha256, u->size, str_c(u->mime), r->now);
	if (rc)
		return rc;
	v->document = str_c(u->sha256);
	v->document_type = str_c(u->mime);
	v->document_name = document_name(r);
	return 0;
}

static const struct form_field decision_fields[] = {
	{"decision", 16, FIELD_REQUIRED, check_decision},
	{"reason", REASON_MAX * 4, FIELD_MULTILINE, NULL},
};
const struct form_spec form_decision = FORM_SPEC(decision_fields);

/* What an application attempt came to. */
enum apply_result { APPLY_OK, APPLY_INVALID, APPLY_NOT_DOCTOR, APPLY_ALREADY, APPLY_PENDING, APPLY_ERROR };

/* Files the application in r->in for the signed-in member.  Sets field
 * errors for APPLY_INVALID; *id on APPLY_OK, and *at_once when the
 * imported register confirmed it there and then; the store's error in
 * *err on APPLY_ERROR. */
static enum apply_result apply(http_req *r, int64_t *id, int *err, bool *at_once)
{
	if (!policy_allows(&r->reader, ACT_VERIFY_APPLY, NULL))
		return APPLY_NOT_DOCTOR;
	if (r->me.verified)
		return APPLY_ALREADY;
	if (r->in.nerr)
		return APPLY_INVALID;
	const struct regnum_authority *au = regnum_find(form_get(&r->in, "authority"));
	str number, key;
	const char *bad = regnum_check(au, r->a, form_get(&r->in, "number"), &number);
	if (bad) {
		form_set_error(&r->in, "number", bad);
		return APPLY_INVALID;
	}
	str name = form_get(&r->in, "registered_name");
	if (regnum_name_key(r->a, name, &key) < 0) {
		form_set_error(&r->in, "registered_name", "is too long");
		return APPLY_INVALID;
	}
	struct store_verification v = {
		.member_id = r->me.id, .authority = str_c(au->code), .number = number, .reg_name = name, .name_key = key};
	int rc = keep_document(r, &v);
	if (rc == 422)
		return APPLY_INVALID;
	if (rc == 0)
		rc = store_verification_apply(http_store(r), &v, r->now, id, at_once);
	if (rc == STORE_ECONFLICT)
		return APPLY_PENDING;
	if (rc != 0) {
		*err = rc;
		return APPLY_ERROR;
	}
	return APPLY_OK;
}

/* The name of registration authority `code`, or "" when unknown. */
static const char *authority_name(str code)
{
	const struct regnum_authority *au = regnum_find(code);
	return au ? au->name : "";
}

/* An application as the API shows it. */
static json_t *verification_json(const struct store_verification *v)
{
	json_t *j = json_pack("{s:I, s:s%, s:s%, s:s%, s:s%, s:s%, s:I}", "id", (json_int_t)v->id, "authority",
			      v->authority.p, v->authority.n, "number", v->number.p, v->number.n, "registered_name",
			      v->reg_name.p, v->reg_name.n, "status", v->status.p, v->status.n, "reason", v->reason.p,
			      v->reason.n, "created_at", (json_int_t)v->created_at);
	if (j && v->decided_at)
		json_object_set_new(j, "decided_at", json_integer(v->decided_at));
	if (j && v->document.n)
		json_object_set_new(j, "document",
				    json_pack("{s:s%, s:s%}", "type", v->document_type.p, v->document_type.n, "name",
					      v->document_name.p, v->document_name.n));
	if (j && v->member_handle.n) {
		json_t *m = json_pack("{s:I, s:s%, s:s%}", "id", (json_int_t)v->member_id, "handle", v->member_handle.p,
				      v->member_handle.n, "name", v->member_name.p, v->member_name.n);
		json_object_set_new(j, "member", m ? m : json_null());
	}
	return j;
}

/* The application as a view object. */
static view_obj *verification_view(http_req *r, const struct store_verification *v)
{
	view_obj *o = view_obj_new(r->a);
	if (!o)
		return NULL;
	view_set_int(o, "id", v->id);
	view_set_cstr(o, "authority", authority_name(v->authority));
	view_set_str(o, "number", v->number);
	view_set_str(o, "registered_name", v->reg_name);
	view_set_str(o, "status", v->status);
	view_set_bool(o, "pending", str_eqc(v->status, "pending"));
	view_set_bool(o, "approved", str_eqc(v->status, "approved"));
	view_set_bool(o, "rejected", str_eqc(v->status, "rejected"));
	view_set_str(o, "reason", v->reason);
	view_set_cstr(o, "applied", page_when(r, v->created_at));
	view_set_str(o, "member_name", v->member_name);
	view_set_str(o, "member_handle", v->member_handle);
	view_set_str(o, "member_email", v->member_email);
	if (v->document.n) {
		view_set_str(o, "document_name", v->document_name);
		view_set_cstr(o, "document_kind", str_eqc(v->document_type, "application/pdf") ? "PDF" : "image");
	}
	return o;
}

/* The verification page: the member's status and, when they may apply,
 * the form (as typed after an error). */
static int verify_page(http_req *r, int status, const char *problem)
{
	view_obj *ctx = http_page_ctx(r, "Verification");
	if (!ctx)
		return -1;
	bool doctor = policy_allows(&r->reader, ACT_VERIFY_APPLY, NULL);
	view_set_bool(ctx, "doctor", doctor);
	view_set_bool(ctx, "verified", r->me.verified);
	view_set_bool(ctx, "applied", http_query(r, "applied").n > 0);
	view_set_bool(ctx, "matched", http_query(r, "matched").n > 0 && r->me.verified);
	if (problem)
		view_set_cstr(ctx, "problem", problem);
	struct store_verification v;
	int rc = store_verification_latest(http_store(r), r->a, r->me.id, &v);
	if (rc != 0 && rc != STORE_ENOTFOUND)
		return http_store_error(r, rc);
	bool pending = rc == 0 && str_eqc(v.status, "pending");
	if (rc == 0)
		view_set_obj(ctx, "latest", verification_view(r, &v));
	view_set_bool(ctx, "can_apply", doctor && !r->me.verified && !pending);
	str chosen = r->in.spec == &form_verify ? form_get(&r->in, "authority") : STR_NULL;
	view_list *auths = view_list_new(r->a);
	for (int i = 0; auths && i < regnum_count(); i++) {
		const struct regnum_authority *au = regnum_at(i);
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return -1;
		view_set_cstr(o, "code", au->code);
		view_set_cstr(o, "name", au->name);
		view_set_cstr(o, "hint", au->hint);
		view_set_bool(o, "selected", str_eqc(chosen, au->code));
		view_list_push_obj(auths, o);
	}
	view_set_list(ctx, "authorities", auths);
	if (r->in.spec == &form_verify && page_form_ctx(r, ctx, &r->in) < 0)
		return -1;
	return http_page(r, status, view_verify, ctx);
}

/* GET /verify — members: their verification status; doctors: the form. */
int verify_form(http_req *r)
{
	return verify_page(r, 200, NULL);
}

/* POST /verify — doctors: applies; 303 /verify?applied=1 (pending) or
 * /verify?matched=1 (the imported register confirmed it at once), or the
 * page again: 422 (a field), 403 (not a doctor), 409 (verified or
 * pending). */
int verify_post(http_req *r)
{
	int64_t id;
	int err = STORE_ERR;
	bool at_once = false;
	switch (apply(r, &id, &err, &at_once)) {
	case APPLY_OK:
		return http_redirect(r, at_once ? "/verify?matched=1" : "/verify?applied=1");
	case APPLY_INVALID:
		return verify_page(r, 422, NULL);
	case APPLY_NOT_DOCTOR:
		return verify_page(r, 403, "Verification is for doctors: your account is not a doctor's.");
	case APPLY_ALREADY:
		return verify_page(r, 409, "You are already verified.");
	case APPLY_PENDING:
		return verify_page(r, 409, "Your application is already with the editors.");
	case APPLY_ERROR:
		break;
	}
	return http_store_error(r, err);
}

/* POST /api/v1/verification — doctors: 201 the application: pending, or
 * approved when the imported register confirmed it at once. */
int api_verification_create(http_req *r)
{
	int64_t id;
	int err = STORE_ERR;
	bool at_once = false;
	switch (apply(r, &id, &err, &at_once)) {
	case APPLY_OK:
		break;
	case APPLY_INVALID: {
		const char *field = r->in.spec->fields[r->in.first_err].name;
		return http_error(r, 422, "invalid", form_error(&r->in, field), field);
	}
	case APPLY_NOT_DOCTOR:
		return http_error(r, 403, "forbidden", "Verification is for doctors.", NULL);
	case APPLY_ALREADY:
		return http_error(r, 409, "conflict", "You are already verified.", NULL);
	case APPLY_PENDING:
		return http_error(r, 409, "conflict", "An application is already pending.", NULL);
	case APPLY_ERROR:
		return http_store_error(r, err);
	}
	struct store_verification v;
	int rc = store_verification_get(http_store(r), r->a, id, &v);
	if (rc != 0)
		return http_store_error(r, rc);
	return http_json(r, 201, verification_json(&v));
}

/* Decides application `id` from r->in and mails the member.  0 with the
 * decided application in *v; 422 (reason missing, field set); 404 (no
 * such application); 409 (already decided); or a store error (< 0). */
static int decide(http_req *r, int64_t id, struct store_verification *v)
{
	bool approve = str_eqc(form_get(&r->in, "decision"), "approve");
	str reason = str_trim(form_get(&r->in, "reason"));
	size_t chars = 0;
	form_check_text(reason, true, &chars);
	if (!approve && !reason.n)
		form_set_error(&r->in, "reason", "is needed to reject: the member is told why");
	if (chars > REASON_MAX)
		form_set_error(&r->in, "reason", "must be at most 2000 characters");
	if (r->in.nerr)
		return 422;
	int64_t member = 0;
	int rc = store_verification_decide(http_store(r), id, r->me.id, approve, reason, r->now, &member);
	if (rc == STORE_ENOTFOUND)
		return store_verification_get(http_store(r), r->a, id, v) == 0 ? 409 : 404;
	if (rc != 0)
		return rc;
	if ((rc = store_verification_get(http_store(r), r->a, id, v)) != 0)
		return rc;
	if (!mail_decision_wanted(http_mail_env(r), member))
		return 0; /* never, or in their digest */
	str link = page_abs_link(r, "/verify", STR_NULL);
	if (!link.n || mail_verification(http_mail_env(r), r->a, member, v->member_email, v->member_name, approve, reason, link) < 0)
		log_warn("verification", "member=%lld msg=\"decision mail not sent\"", (long long)member);
	return 0;
}

/* The queue page, with `problem` above it after a refused decision. */
static int queue_page(http_req *r, int status, const char *problem, int64_t failed_id)
{
	view_obj *ctx = http_page_ctx(r, "Verification queue");
	if (!ctx)
		return -1;
	struct store_verification_list l;
	int rc = store_verification_queue(http_store(r), r->a, QUEUE_PAGE, 0, &l);
	if (rc != 0)
		return http_store_error(r, rc);
	view_list *items = view_list_new(r->a);
	for (int i = 0; items && i < l.n; i++) {
		view_obj *o = verification_view(r, &l.items[i]);
		if (!o)
			return -1;
		view_set_bool(o, "failed", l.items[i].id == failed_id);
		view_list_push_obj(items, o);
	}
	view_set_list(ctx, "applications", items);
	view_set_bool(ctx, "empty", l.n == 0);
	str done = http_query(r, "done");
	view_set_bool(ctx, "done_approved", str_eqc(done, "approved"));
	view_set_bool(ctx, "done_rejected", str_eqc(done, "rejected"));
	if (problem)
		view_set_cstr(ctx, "problem", problem);
	if (r->in.spec == &form_decision && page_form_ctx(r, ctx, &r->in) < 0)
		return -1;
	return http_page(r, status, view_editor_verifications, ctx);
}

/* GET /editor/verifications — editors: the pending applications. */
int editor_verifications(http_req *r)
{
	return queue_page(r, 200, NULL, 0);
}

static int64_t id_param(http_req *r)
{
	int64_t id = 0;
	return str_to_i64(r->params[0], &id) == 0 && id > 0 ? id : 0;
}

/* POST /editor/verifications/:id — editors: approve or reject; 303 back
 * to the queue, or the queue again with the problem. */
int editor_verification_post(http_req *r)
{
	int64_t id = id_param(r);
	if (!id)
		return http_error(r, 404, "not_found", "There is no such application.", NULL);
	struct store_verification v;
	int rc = r->in.nerr ? 422 : decide(r, id, &v);
	switch (rc) {
	case 0:
		return http_redirect(r, v.status.n && str_eqc(v.status, "approved") ? "/editor/verifications?done=approved"
										     : "/editor/verifications?done=rejected");
	case 422:
		return queue_page(r, 422, "The decision was not saved: see the application below.", id);
	case 404:
		return http_error(r, 404, "not_found", "There is no such application.", NULL);
	case 409:
		return queue_page(r, 409, "That application was already decided.", 0);
	}
	return http_store_error(r, rc);
}

/* GET /api/v1/editor/verifications — editors: {applications: [...]}. */
int api_editor_verifications(http_req *r)
{
	struct store_verification_list l;
	int rc = store_verification_queue(http_store(r), r->a, 100, 0, &l);
	if (rc != 0)
		return http_store_error(r, rc);
	json_t *arr = json_array();
	for (int i = 0; arr && i < l.n; i++)
		json_array_append_new(arr, verification_json(&l.items[i]));
	return http_json(r, 200, json_pack("{s:o}", "applications", arr));
}

/* POST /api/v1/editor/verifications/:id — editors: {decision, reason};
 * 200 the application. */
int api_editor_verification_decide(http_req *r)
{
	int64_t id = id_param(r);
	if (!id)
		return http_error(r, 404, "not_found", "There is no such application.", NULL);
	struct store_verification v;
	int rc = decide(r, id, &v);
	switch (rc) {
	case 0:
		return http_json(r, 200, verification_json(&v));
	case 422: {
		const char *field = r->in.spec->fields[r->in.first_err >= 0 ? r->in.first_err : 1].name;
		return http_error(r, 422, "invalid", form_error(&r->in, field), field);
	}
	case 404:
		return http_error(r, 404, "not_found", "There is no such application.", NULL);
	case 409:
		return http_error(r, 409, "conflict", "That application was already decided.", NULL);
	}
	return http_store_error(r, rc);
}

/* GET /editor/verifications/:id/document — editors: the document sent
 * with application ID, as a download (never shown inline); 404 when the
 * application is unknown or has none. */
int editor_verification_document(http_req *r)
{
	str ids = r->params[0];
	int64_t id = 0;
	for (size_t i = 0; i < ids.n && i < 18; i++)
		id = ids.p[i] >= '0' && ids.p[i] <= '9' ? id * 10 + (ids.p[i] - '0') : -1;
	struct store_verification v;
	int rc = id > 0 && ids.n <= 18 ? store_verification_get(http_store(r), r->a, id, &v) : STORE_ENOTFOUND;
	if (rc == 0 && !v.document.n)
		rc = STORE_ENOTFOUND;
	struct store_upload up;
	if (rc == 0)
		rc = store_upload_stat(http_store(r), r->a, str_dup(r->a, v.document), &up);
	if (rc == STORE_ENOTFOUND)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (rc)
		return http_store_error(r, rc);
	const char *ext = document_ext(up.mime);
	char name[64];
	snprintf(name, sizeof name, "verification-%lld.%s", (long long)id, ext ? ext : "bin");
	return page_upload_send(r, v.document, up.mime, str_c(name), 0, "private, no-store");
}
