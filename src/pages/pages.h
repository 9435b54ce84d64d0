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

/* A path or query parameter as a positive id, or 0 when it is not one. */
int64_t page_id(str v);

/* "25 Nov 2026, 06:10 UTC" for a page: for a signed-in member with a
 * time zone, their own wall clock and its offset ("25 Nov 2026, 17:10
 * UTC+11"), as tz_when says; "" if it cannot be made.  The one rule for
 * a time a page shows to a person (machine-readable times, page_iso_time,
 * stay UTC).  The zone's offset is a cached lookup (well under a
 * microsecond), and r->me has the zone already: no query per page. */
const char *page_when(http_req *r, int64_t t);
/* A number that differs between two readers whenever page_when would
 * write some time differently for them (their zones): what text made
 * with it for one reader (a post's head) is kept under. */
uint64_t page_when_variant(http_req *r);

/* "2026-12-01T15:04:05Z" (RFC 3339, UTC) for feeds, the API and
 * <time datetime>; "" if it cannot be made. */
const char *page_iso_time(http_req *r, int64_t t);

/* The i-th address to try for something called `name` (a group, a blog,
 * a post): lower-case ASCII letters and digits, other runs one '-', at
 * most `max` bytes; `fallback` when nothing is left; from i = 2 on,
 * "-i" after it, within `max`.  Into r's arena; STR_NULL when it is full.
 * The one rule for addresses made from names. */
str page_slug(http_req *r, str name, size_t max, const char *fallback, int i);

/* The ?page=N of a list: 1 when absent or not within 1..10000. */
int64_t page_number(http_req *r);

/* Answers with stored upload `sha` through http_send_stored: type `mime`
 * (STR_NULL: as sniffed when stored), offered for saving as `name`
 * (STR_NULL: shown inline), Last-Modified `mtime` (0: when it was
 * stored), Cache-Control `cache`; ETag the quoted hash.  Ranges and
 * conditional requests as http_send_stored says; never read into memory
 * whole (on PostgreSQL it is read from the store as the connection takes
 * it).  404 answered when it is not stored.  The one way pages send an
 * upload. */
int page_upload_send(http_req *r, str sha, str mime, str name, int64_t mtime, const char *cache);

/* The member's id as text, the subject of their rate limits. */
str page_member_key(http_req *r);

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

int forums_page(http_req *r);
int forum_page(http_req *r);
int topic_new_form(http_req *r);
int topic_create_post(http_req *r);

/* Blogs (blogs.c, api_blogs.c: blogs and posts; bloggers.c: applications;
 * promote.c: featuring and the promotion queue; feeds.c: Atom). */
extern const struct form_spec form_blog_post, form_blog_comment, form_blog_apply, form_blogger_decision,
	form_promote, form_api_feature, form_blog_details;
int blog_details_post(http_req *r);
int api_blog_update(http_req *r);
int blogs_page(http_req *r);
int blog_tag_page(http_req *r);
int blog_page(http_req *r);
int blog_post_new_form(http_req *r);
int blog_post_create_post(http_req *r);
int blog_post_page(http_req *r);
int blog_post_edit_form(http_req *r);
int blog_post_edit_post(http_req *r);
int blog_post_history(http_req *r);
int blog_post_cover(http_req *r);
int blog_comment_post(http_req *r);
int api_blogs(http_req *r);
int api_blog(http_req *r);
int api_blog_post_create(http_req *r);
int api_blog_post(http_req *r);
int api_blog_post_update(http_req *r);
int api_blog_post_revisions(http_req *r);
int blog_apply_form(http_req *r);
int blog_apply_post(http_req *r);
int editor_bloggers(http_req *r);
int editor_blogger_post(http_req *r);
int api_blogger_apply(http_req *r);
int api_blogger_applications(http_req *r);
int api_editor_blogger_applications(http_req *r);
int api_editor_blogger_decide(http_req *r);
int editor_promote(http_req *r);
int editor_promote_post(http_req *r);
int api_editor_featured(http_req *r);
int api_editor_feature(http_req *r);
int api_editor_unfeature(http_req *r);
int api_editor_share(http_req *r);
int api_editor_unshare(http_req *r);
int feed_blogs(http_req *r);
int feed_featured(http_req *r);
int feed_blog(http_req *r);
int feed_tag(http_req *r);

/* Private groups (groups.c, api_groups.c; their forum: forum.c). */
extern const struct form_spec form_group_request, form_group_decision, form_group_invite, form_group_member,
	form_group_status, form_invitation_answer, form_api_group_invite;
int group_page(http_req *r);
int group_topic_new_form(http_req *r);
int group_topic_create_post(http_req *r);
int groups_page(http_req *r);
int group_new_form(http_req *r);
int group_request_post(http_req *r);
int invitation_answer_post(http_req *r);
int group_members_page(http_req *r);
int group_invite_post(http_req *r);
int group_invitation_revoke_post(http_req *r);
int group_member_post(http_req *r);
int group_leave_post(http_req *r);
int group_status_post(http_req *r);
int editor_groups(http_req *r);
int editor_group_post(http_req *r);
int api_groups(http_req *r);
int api_group_request(http_req *r);
int api_group(http_req *r);
int api_group_update(http_req *r);
int api_group_topics(http_req *r);
int api_group_topic_create(http_req *r);
int api_group_invitations(http_req *r);
int api_group_invite(http_req *r);
int api_group_invitation_revoke(http_req *r);
int api_group_member_set(http_req *r);
int api_group_member_remove(http_req *r);
int api_invitation_answer(http_req *r);
int api_editor_groups(http_req *r);
int api_editor_group_decide(http_req *r);
int latest_page(http_req *r);
int unread_page(http_req *r);
int topic_page(http_req *r);
int topic_reply_post(http_req *r);
int topic_action_post(http_req *r);
int post_permalink(http_req *r);
int post_edit_form(http_req *r);
int post_edit_post(http_req *r);
int post_history_page(http_req *r);
int post_image(http_req *r);
int post_action_post(http_req *r);
int post_flag_post(http_req *r);
/* Adds the member's recent topics and posts that the reader may see to
 * profile object p (recent_topics, recent_posts).  0 or -1. */
int forum_activity_ctx(http_req *r, view_obj *p, int64_t member);
int api_forums(http_req *r);
int api_forum_topics(http_req *r);
int api_forum_topic_create(http_req *r);
int api_topic(http_req *r);
int api_topic_reply(http_req *r);
int api_topic_watch(http_req *r);
int poll_vote_post(http_req *r);
int api_poll_vote(http_req *r);
int api_topic_unwatch(http_req *r);
int api_post_edit(http_req *r);
int api_post_delete(http_req *r);
int api_post_like(http_req *r);
int api_post_unlike(http_req *r);
int api_post_flag(http_req *r);
int api_latest(http_req *r);
int api_scan(http_req *r);
int topic_mod_post(http_req *r);
int post_mod_post(http_req *r);
int api_topic_moderate(http_req *r);
int api_post_moderate(http_req *r);
int editor_desk(http_req *r);
int editor_flags(http_req *r);
int editor_confirmed(http_req *r);
int api_editor_confirmed(http_req *r);
int editor_flag_post(http_req *r);
int api_editor_flags(http_req *r);
int api_editor_flag_decide(http_req *r);
int editor_audit(http_req *r);
int api_editor_audit(http_req *r);
/* The editors' dashboard (dashboard.c). */
int editor_dashboard(http_req *r);
int editor_dashboard_csv(http_req *r);
int api_editor_dashboard(http_req *r);
int editor_forums(http_req *r);
int editor_forum_create(http_req *r);
int editor_forum_update(http_req *r);
int editor_forum_champion(http_req *r);
int api_editor_forum_create(http_req *r);
int api_editor_forum_update(http_req *r);
int api_editor_forum_champion(http_req *r);
int notifications_page(http_req *r);
int notifications_read_post(http_req *r);
int api_notifications(http_req *r);
int api_notifications_read(http_req *r);

/* Search (search.c): the page and the API, over what the reader may see. */
int search_page(http_req *r);
int api_search(http_req *r);

/* Field tables shared between pages and the API. */
extern const struct form_spec form_register, form_signin, form_reset, form_new_password, form_profile,
	form_password_change, form_verify, form_decision, form_connect, form_connection_request, form_connection_answer, form_roles,
	form_account_delete, form_message_start, form_message_reply, form_message_report, form_api_message_report, form_report_decision,
	form_topic_new, form_post_reply, form_post_edit, form_post_flag, form_moderate, form_scan, form_reason,
	form_flag_decision, form_vote, form_api_moderate, form_forum_new, form_forum_edit, form_champion;

/* Shared steps of registration and sign-in, used by the page and API handlers. */
int account_register(http_req *r, int64_t *member_id);
enum signin_result { SIGNIN_OK, SIGNIN_BAD, SIGNIN_UNCONFIRMED, SIGNIN_SUSPENDED, SIGNIN_LIMITED, SIGNIN_ERROR };
enum signin_result account_signin(http_req *r, struct store_member *m, int64_t *retry_after);


/* Email settings and unsubscribe (mail-notify: mail_settings.c). */
extern const struct form_spec form_mail_settings;
int mail_settings_form(http_req *r);
int mail_settings_post(http_req *r);
int mail_settings_bounce_post(http_req *r);
int api_mail_settings(http_req *r);
int api_mail_settings_update(http_req *r);
int api_mail_settings_bounce(http_req *r);
int unsubscribe_form(http_req *r);
int unsubscribe_post(http_req *r);
#endif
