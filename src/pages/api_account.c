/* api_account.c: the account routes of the JSON API (/api/v1/members,
 * /api/v1/session, /api/v1/me), sharing their rules with the pages. */
#include <sodium.h>

#include "../http/ratelimit.h"
#include "pages.h"

/* POST /api/v1/members — anyone: registers; 201 with the member. */
int api_members_create(http_req *r)
{
	int64_t wait = rate_over(r, RATE_REGISTER_ADDR, r->client, true);
	if (wait)
		return rate_refuse(r, wait);
	int64_t id;
	int rc = account_register(r, &id);
	if (rc == 1) {
		const char *field = r->in.spec->fields[r->in.first_err].name;
		return http_error(r, 409, "conflict",
				  strcmp(field, "handle") == 0 ? "That handle is taken." : "That email is already registered.",
				  field);
	}
	if (rc != 0)
		return http_store_error(r, rc);
	struct store_member m;
	rc = store_member_by_id(http_store(r), r->a, id, &m);
	if (rc != 0)
		return http_store_error(r, rc);
	return http_json(r, 201, page_member_json(&m));
}

/* POST /api/v1/session — anyone: signs in; 200 {token, member} and the
 * cookie for browsers. */
int api_session_create(http_req *r)
{
	struct store_member m;
	int64_t wait = 0;
	switch (account_signin(r, &m, &wait)) {
	case SIGNIN_OK:
		break;
	case SIGNIN_BAD:
		return http_error(r, 401, "bad_credentials", "That email and password do not match.", NULL);
	case SIGNIN_UNCONFIRMED:
		return http_error(r, 403, "unconfirmed", "Confirm your email first.", NULL);
	case SIGNIN_SUSPENDED:
		return http_error(r, 403, "suspended", "This account is suspended.", NULL);
	case SIGNIN_LIMITED:
		return rate_refuse(r, wait);
	case SIGNIN_ERROR:
		return http_store_error(r, STORE_ERR);
	}
	char token[SECRET_TOKEN_LEN + 1], cookie[SECRET_TOKEN_LEN + 1];
	int rc = page_session_start(r, m.id, true, token);
	if (rc == 0)
		rc = page_session_start(r, m.id, false, cookie);
	sodium_memzero(cookie, sizeof cookie);
	if (rc != 0)
		return http_store_error(r, rc);
	json_t *j = json_pack("{s:s, s:o}", "token", token, "member", page_member_json(&m));
	sodium_memzero(token, sizeof token);
	return http_json(r, 200, j);
}

/* DELETE /api/v1/session — members: ends the session used for this call. */
int api_session_delete(http_req *r)
{
	int rc = store_session_delete(http_store(r), r->session_hash);
	if (rc != 0 && rc != STORE_ENOTFOUND)
		return http_store_error(r, rc);
	if (!r->bearer)
		http_set_cookie(r, "rounds_session", NULL, 0);
	return http_no_content(r);
}

/* GET /api/v1/me — members: who they are. */
int api_me(http_req *r)
{
	json_t *j = page_member_json(&r->me);
	if (j)
		json_object_set_new(j, "unread_messages", json_integer(r->me.unread_messages));
	return http_json(r, 200, j);
}
