/* pages.h: the route table and what page handlers share. */
#ifndef ROUNDS_PAGES_H
#define ROUNDS_PAGES_H

#include "../core/secret.h"
#include "../http/http.h"

/* The site's routes. */
const struct route *pages_routes(size_t *n);

/* Puts the values (except secret fields) and errors of `fv` (NULL: the
 * request's form) into ctx as f.NAME.value / f.NAME.error, adding to an
 * "f" already there, for a form shown again. */
int page_form_ctx(http_req *r, view_obj *ctx, const struct form_values *fv);

/* Adds "countries" (code, name, selected) for a country <select>. */
int page_country_options(http_req *r, view_obj *ctx, str chosen);

/* Adds `key` to ctx: the specialties (or, with `grades`, the grades) as
 * groups {label, items: [{code, name, selected}]} for a <select> with
 * <optgroup>s; `chosen` (a code, or an old free-text name) is selected. */
int page_reference_options(http_req *r, view_obj *ctx, const char *key, bool grades, str chosen);

/* The display name of a stored specialty or grade: the reference table's
 * name for a code, else the value as stored (older free text). */
str page_reference_name(bool grades, str stored);

/* Starts a session for `member_id`: a cookie session (sets the cookie), or
 * with `bearer`, an API token written to token_out.  0 or a store error. */
int page_session_start(http_req *r, int64_t member_id, bool bearer, char token_out[SECRET_TOKEN_LEN + 1]);

/* The member as the API shows them: id, handle, name, type, country,
 * verified, confirmed, roles.  NULL when out of memory. */
json_t *page_member_json(const struct store_member *m);

/* 303 to member `handle`'s profile, with `query` ("" or "?roles=1") after. */
int page_redirect_profile(http_req *r, str handle, const char *query);

/* An absolute link under the configured base address. */
str page_abs_link(http_req *r, const char *path, str token);

/* Handlers, by feature file. */
int home_page(http_req *r);
int health_check(http_req *r);
int register_form(http_req *r);
int register_post(http_req *r);
int register_sent(http_req *r);
int confirm_email(http_req *r);
int signin_form(http_req *r);
int signin_post(http_req *r);
int signout_form(http_req *r);
int signout_post(http_req *r);
int reset_form(http_req *r);
int reset_post(http_req *r);
int reset_sent(http_req *r);
int reset_token_form(http_req *r);
int reset_token_post(http_req *r);
int profile_page(http_req *r);
int settings_form(http_req *r);
int settings_post(http_req *r);
int settings_password_post(http_req *r);
int settings_delete_post(http_req *r);
int api_me_delete(http_req *r);
int api_members_create(http_req *r);
int api_session_create(http_req *r);
int api_session_delete(http_req *r);
int api_me(http_req *r);
int members_page(http_req *r);
int export_download(http_req *r);
int api_me_export(http_req *r);
int editor_roles_post(http_req *r);
int api_editor_roles(http_req *r);
/* The roles checkboxes the reader may change on `m` (profile page), or
 * NULL when they may change none. */
view_list *roles_form_for(http_req *r, const struct store_member *m);
int connect_post(http_req *r);
int connections_page(http_req *r);
int api_connections(http_req *r);
int api_connection_request(http_req *r);
int api_connection_answer(http_req *r);
int api_connection_remove(http_req *r);
/* The reader's connection state with member `id`, for the profile page;
 * NULL for visitors and on one's own profile. */
const char *connect_state_for(http_req *r, int64_t id);
int api_members_list(http_req *r);
int messages_page(http_req *r);
int message_new_form(http_req *r);
int message_start_post(http_req *r);
int conversation_page(http_req *r);
int message_reply_post(http_req *r);
int message_report_post(http_req *r);
int conversation_act_post(http_req *r);
int block_post(http_req *r);
/* Whether the reader blocked member `id`, for the profile page. */
bool block_state_for(http_req *r, int64_t id);
int editor_reports(http_req *r);
int editor_report_post(http_req *r);
int api_conversations(http_req *r);
int api_conversation_start(http_req *r);
int api_conversation(http_req *r);
int api_message_post(http_req *r);
int api_conversation_act(http_req *r);
int api_message_report(http_req *r);
int api_blocks(http_req *r);
int api_block(http_req *r);
int api_unblock(http_req *r);
int api_editor_message_reports(http_req *r);
int api_editor_message_report_decide(http_req *r);
int verify_form(http_req *r);
int verify_post(http_req *r);
int api_verification_create(http_req *r);
int editor_verifications(http_req *r);
int editor_verification_post(http_req *r);
int editor_verification_document(http_req *r);
int api_editor_verifications(http_req *r);
int api_editor_verification_decide(http_req *r);

/* Field tables shared between pages and the API. */
extern const struct form_spec form_register, form_signin, form_reset, form_new_password, form_profile,
	form_password_change, form_verify, form_decision, form_connect, form_connection_request, form_connection_answer, form_roles,
	form_account_delete, form_message_start, form_message_reply, form_message_report, form_api_message_report, form_report_decision;

/* Shared steps of registration and sign-in, used by the page and API handlers. */
int account_register(http_req *r, int64_t *member_id);
enum signin_result { SIGNIN_OK, SIGNIN_BAD, SIGNIN_UNCONFIRMED, SIGNIN_SUSPENDED, SIGNIN_LIMITED, SIGNIN_ERROR };
enum signin_result account_signin(http_req *r, struct store_member *m, int64_t *retry_after);

#endif
