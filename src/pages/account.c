/* account.c: registration, email confirmation, sign in and out, password
 * reset.  The steps shared with the JSON API (registering, checking a
 * sign-in) are here too, so both paths apply the same rules. */
#include <sodium.h>

#include "../core/log.h"
#include "../http/ratelimit.h"
#include "../mail/mail.h"
#include "../text/country.h"
#include "../text/validate.h"
#include "pages.h"
#include "views_gen.h"

#define CONFIRM_TTL (48 * 3600)
#define RESET_TTL 3600

static const struct form_field register_fields[] = {
	{"email", 254, FIELD_REQUIRED, validate_email},
	{"name", 400, FIELD_REQUIRED, validate_name},
	{"handle", 30, FIELD_REQUIRED, validate_handle},
	{"password", 200, FIELD_REQUIRED | FIELD_SECRET, validate_password},
	{"type", 16, FIELD_REQUIRED, validate_member_type},
	{"country", 2, FIELD_REQUIRED, validate_country},
};
const struct form_spec form_register = FORM_SPEC(register_fields);

static const struct form_field signin_fields[] = {
	{"email", 254, FIELD_REQUIRED, NULL},
	{"password", 200, FIELD_REQUIRED | FIELD_SECRET, NULL},
	{"next", 512, FIELD_RAW, NULL}, /* not typed: an unusable one just means "/" */
};
const struct form_spec form_signin = FORM_SPEC(signin_fields);

static const struct form_field reset_fields[] = {
	{"email", 254, FIELD_REQUIRED, validate_email},
};
const struct form_spec form_reset = FORM_SPEC(reset_fields);

static const struct form_field new_password_fields[] = {
	{"password", 200, FIELD_REQUIRED | FIELD_SECRET, validate_password},
};
const struct form_spec form_new_password = FORM_SPEC(new_password_fields);

/* GET /register — anyone: the registration form. */
int register_form(http_req *r)
{
	view_obj *ctx = http_page_ctx(r, "Join Rounds");
	if (!ctx || page_form_ctx(r, ctx, NULL) < 0 || page_country_options(r, ctx, STR_NULL) < 0)
		return -1;
	return http_page(r, 200, view_register, ctx);
}

static int register_again(http_req *r, int status)
{
	view_obj *ctx = http_page_ctx(r, "Join Rounds");
	if (!ctx || page_form_ctx(r, ctx, NULL) < 0 || page_country_options(r, ctx, form_get(&r->in, "country")) < 0)
		return -1;
	view_set_bool(ctx, "has_errors", true);
	return http_page(r, status, view_register, ctx);
}

/* Sends (or re-sends) the confirmation link to a member. */
static int send_confirmation(http_req *r, int64_t member_id, str email, str name)
{
	char token[SECRET_TOKEN_LEN + 1];
	unsigned char hash[SECRET_HASH_LEN];
	secret_token_new(token, hash);
	int rc = store_token_create(http_store(r), STORE_TOKEN_CONFIRM, hash, member_id, r->now + CONFIRM_TTL);
	if (rc != 0)
		return rc;
	str link = page_abs_link(r, "/confirm/", str_c(token));
	sodium_memzero(token, sizeof token);
	if (!link.n || mail_confirm(http_mail_env(r), r->a, member_id, email, name, link) < 0)
		log_warn("register", "member=%lld msg=\"confirmation mail not sent\"", (long long)member_id);
	return 0;
}

/* Creates the member from validated r->in.  0 (and *member_id); a store
 * error; or 1 when a field was taken (the error is set on that field). */
int account_register(http_req *r, int64_t *member_id)
{
	char hash[256];
	if (secret_password_hash(form_get(&r->in, "password"), hash, sizeof hash) < 0)
		return STORE_ERR;
	struct store_member_new m = {
		.email = form_get(&r->in, "email"),
		.name = form_get(&r->in, "name"),
		.handle = form_get(&r->in, "handle"),
		.type = form_get(&r->in, "type"),
		.country = form_get(&r->in, "country"),
		.pw_hash = str_c(hash),
	};
	enum store_member_key key = STORE_KEY_NONE;
	int rc = store_member_create(http_store(r), &m, member_id, &key);
	sodium_memzero(hash, sizeof hash);
	if (rc == STORE_ECONFLICT) {
		if (key == STORE_KEY_HANDLE)
			form_set_error(&r->in, "handle", "is taken; choose another");
		else
			form_set_error(&r->in, "email", "is already registered; sign in or reset your password");
		return 1;
	}
	if (rc != 0)
		return rc;
	log_info("register", "member=%lld", (long long)*member_id);
	return send_confirmation(r, *member_id, m.email, m.name);
}

/* POST /register — anyone: creates an unconfirmed member, mails the link. */
int register_post(http_req *r)
{
	if (r->in.nerr)
		return register_again(r, 422);
	int64_t wait = rate_over(r, RATE_REGISTER_ADDR, r->client, true);
	if (wait)
		return rate_refuse(r, wait);
	int64_t id;
	int rc = account_register(r, &id);
	if (rc == 1)
		return register_again(r, 422);
	if (rc != 0)
		return http_store_error(r, rc);
	return http_redirect(r, "/register/sent");
}

/* GET /register/sent — anyone: "check your email". */
int register_sent(http_req *r)
{
	return http_page(r, 200, view_register_sent, http_page_ctx(r, "Check your email"));
}

/* GET /confirm/:token — anyone: confirms the email the link was sent to. */
int confirm_email(http_req *r)
{
	unsigned char hash[SECRET_HASH_LEN];
	int64_t member_id;
	if (secret_token_hash(r->params[0], hash) < 0)
		return http_error(r, 404, "not_found", "This confirmation link is not valid, or was already used.", NULL);
	int rc = store_token_take(http_store(r), STORE_TOKEN_CONFIRM, hash, r->now, &member_id);
	if (rc == STORE_ENOTFOUND)
		return http_error(r, 404, "not_found", "This confirmation link is not valid, or was already used.", NULL);
	if (rc == 0)
		rc = store_member_confirm(http_store(r), member_id);
	if (rc != 0)
		return http_store_error(r, rc);
	return http_redirect(r, "/signin?confirmed=1");
}

/* GET /signin — anyone: the sign-in form (?next=PATH, ?confirmed=1, ?reset=1). */
int signin_form(http_req *r)
{
	view_obj *ctx = http_page_ctx(r, "Sign in");
	if (!ctx || page_form_ctx(r, ctx, NULL) < 0)
		return -1;
	str next = http_query(r, "next");
	if (next.n && next.n < 512 && form_check_text(next, false, NULL) == 0)
		view_set_str(ctx, "next", next);
	view_set_bool(ctx, "confirmed", http_query(r, "confirmed").n > 0);
	view_set_bool(ctx, "reset", http_query(r, "reset").n > 0);
	return http_page(r, 200, view_signin, ctx);
}

/* Checks the email and password in r->in, within the rate limits. */
enum signin_result account_signin(http_req *r, struct store_member *m, int64_t *retry_after)
{
	str email = form_get(&r->in, "email");
	str password = form_get(&r->in, "password");
	int64_t wait = rate_over(r, RATE_SIGNIN_ACCOUNT, email, false);
	if (!wait)
		wait = rate_over(r, RATE_SIGNIN_ADDR, r->client, false);
	if (wait) {
		*retry_after = wait;
		return SIGNIN_LIMITED;
	}
	int rc = store_member_by_email_auth(http_store(r), r->a, email, m);
	if (rc != 0 && rc != STORE_ENOTFOUND)
		return SIGNIN_ERROR;
	if (!secret_password_check(password, rc == 0 ? m->pw_hash : STR_NULL)) {
		rate_over(r, RATE_SIGNIN_ACCOUNT, email, true);
		rate_over(r, RATE_SIGNIN_ADDR, r->client, true);
		return SIGNIN_BAD;
	}
	rate_clear(r, RATE_SIGNIN_ACCOUNT, email);
	if (m->suspended)
		return SIGNIN_SUSPENDED;
	if (!m->confirmed)
		return SIGNIN_UNCONFIRMED;
	return SIGNIN_OK;
}

static int signin_again(http_req *r, int status, const char *message)
{
	view_obj *ctx = http_page_ctx(r, "Sign in");
	if (!ctx || page_form_ctx(r, ctx, NULL) < 0)
		return -1;
	view_set_cstr(ctx, "error", message);
	view_set_str(ctx, "next", form_get(&r->in, "next"));
	return http_page(r, status, view_signin, ctx);
}

static bool local_path(str p)
{
	return p.n > 0 && p.n < 512 && p.p[0] == '/' && (p.n == 1 || (p.p[1] != '/' && p.p[1] != '\\')) &&
	       form_check_text(p, false, NULL) == 0;
}

/* POST /signin — anyone: starts a session (a new token every time). */
int signin_post(http_req *r)
{
	if (r->in.nerr)
		return signin_again(r, 422, "Enter your email and password.");
	struct store_member m;
	int64_t wait = 0;
	switch (account_signin(r, &m, &wait)) {
	case SIGNIN_OK:
		break;
	case SIGNIN_BAD:
		return signin_again(r, 401, "That email and password do not match.");
	case SIGNIN_UNCONFIRMED:
		/* The password was right: a lost or expired link is sent again. */
		if (!rate_over(r, RATE_CONFIRM_EMAIL, m.email, true) && send_confirmation(r, m.id, m.email, m.name) == 0)
			return signin_again(r, 403, "Please confirm your email first: we have sent you a new link.");
		return signin_again(r, 403, "Please confirm your email first: open the link we sent you.");
	case SIGNIN_SUSPENDED:
		return signin_again(r, 403, "This account is suspended. Write to the editors if you think this is wrong.");
	case SIGNIN_LIMITED:
		return rate_refuse(r, wait);
	case SIGNIN_ERROR:
		return http_store_error(r, STORE_ERR);
	}
	if (r->reader.signed_in)
		store_session_delete(http_store(r), r->session_hash);
	char token[SECRET_TOKEN_LEN + 1];
	int rc = page_session_start(r, m.id, false, token);
	sodium_memzero(token, sizeof token);
	if (rc != 0)
		return http_store_error(r, rc);
	str next = form_get(&r->in, "next");
	return http_redirect(r, local_path(next) ? str_dup(r->a, next) : "/");
}

/* GET /signout — members: a page with the sign-out button. */
int signout_form(http_req *r)
{
	return http_page(r, 200, view_signout, http_page_ctx(r, "Sign out"));
}

/* POST /signout — members: ends this session. */
int signout_post(http_req *r)
{
	int rc = store_session_delete(http_store(r), r->session_hash);
	if (rc != 0 && rc != STORE_ENOTFOUND)
		return http_store_error(r, rc);
	http_set_cookie(r, "rounds_session", NULL, 0);
	return http_redirect(r, "/");
}

/* GET /reset — anyone: asks for the email to send a reset link to. */
int reset_form(http_req *r)
{
	view_obj *ctx = http_page_ctx(r, "Reset your password");
	if (!ctx || page_form_ctx(r, ctx, NULL) < 0)
		return -1;
	return http_page(r, 200, view_reset, ctx);
}

/* POST /reset — anyone: mails a reset link if the email is a member's;
 * answers the same either way. */
int reset_post(http_req *r)
{
	if (r->in.nerr) {
		view_obj *ctx = http_page_ctx(r, "Reset your password");
		if (!ctx || page_form_ctx(r, ctx, NULL) < 0)
			return -1;
		return http_page(r, 422, view_reset, ctx);
	}
	str email = form_get(&r->in, "email");
	int64_t wait = rate_over(r, RATE_RESET_ADDR, r->client, true);
	if (!wait)
		wait = rate_over(r, RATE_RESET_EMAIL, email, true);
	if (wait)
		return rate_refuse(r, wait);
	struct store_member m;
	if (store_member_by_email_auth(http_store(r), r->a, email, &m) == 0 && !m.suspended) {
		char token[SECRET_TOKEN_LEN + 1];
		unsigned char hash[SECRET_HASH_LEN];
		secret_token_new(token, hash);
		int rc = store_token_create(http_store(r), STORE_TOKEN_RESET, hash, m.id, r->now + RESET_TTL);
		if (rc != 0)
			return http_store_error(r, rc);
		str link = page_abs_link(r, "/reset/", str_c(token));
		sodium_memzero(token, sizeof token);
		if (!link.n || mail_reset(http_mail_env(r), r->a, m.id, m.email, m.name, link) < 0)
			log_warn("reset", "member=%lld msg=\"reset mail not sent\"", (long long)m.id);
	}
	return http_redirect(r, "/reset/sent");
}

/* GET /reset/sent — anyone. */
int reset_sent(http_req *r)
{
	return http_page(r, 200, view_reset_sent, http_page_ctx(r, "Check your email"));
}

/* Answers 404 (or the store's error) unless the reset link in the path is
 * live; then returns 0 with its hash.  Returns 1 when it answered. */
static int reset_link(http_req *r, unsigned char hash[SECRET_HASH_LEN])
{
	int64_t member_id;
	int rc = secret_token_hash(r->params[0], hash) < 0
			 ? STORE_ENOTFOUND
			 : store_token_check(http_store(r), STORE_TOKEN_RESET, hash, r->now, &member_id);
	if (rc == 0)
		return 0;
	if (rc == STORE_ENOTFOUND)
		http_error(r, 404, "not_found", "This reset link is not valid, or was already used.", NULL);
	else
		http_store_error(r, rc);
	return 1;
}

static int new_password_page(http_req *r, int status)
{
	view_obj *ctx = http_page_ctx(r, "Choose a new password");
	if (!ctx || page_form_ctx(r, ctx, NULL) < 0)
		return -1;
	view_set_str(ctx, "token", r->params[0]);
	return http_page(r, status, view_reset_password, ctx);
}

/* GET /reset/:token — anyone holding the link: the new-password form, or
 * 404 when the link is unknown, used or expired (it is consumed only when
 * the form is sent). */
int reset_token_form(http_req *r)
{
	unsigned char hash[SECRET_HASH_LEN];
	if (reset_link(r, hash))
		return 0;
	return new_password_page(r, 200);
}

/* POST /reset/:token — sets the new password, confirms the email, ends
 * every session, all at once. */
int reset_token_post(http_req *r)
{
	unsigned char hash[SECRET_HASH_LEN];
	if (reset_link(r, hash))
		return 0;
	if (r->in.nerr)
		return new_password_page(r, 422);
	char pw[256];
	if (secret_password_hash(form_get(&r->in, "password"), pw, sizeof pw) < 0)
		return -1;
	int64_t member_id;
	int rc = store_password_reset(http_store(r), hash, r->now, str_c(pw), &member_id);
	sodium_memzero(pw, sizeof pw);
	if (rc == STORE_ENOTFOUND)
		return http_error(r, 404, "not_found", "This reset link is not valid, or was already used.", NULL);
	if (rc != 0)
		return http_store_error(r, rc);
	return http_redirect(r, "/signin?reset=1");
}
