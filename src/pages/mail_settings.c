/* mail_settings.c: a member's email settings (a mode per kind of
 * notification: immediate, daily digest, weekly digest or never), their
 * address's bounce and "try again", on a page and in the API, and the
 * one-click unsubscribe link every non-account email carries.
 *
 * Invariants: the five modes are written together (store_mail_prefs_set),
 * so a refused change (an unknown kind or mode) changes nothing.  The
 * unsubscribe link needs no session and no CSRF token: its MAC
 * (mail_unsubscribe_check, over the member and the scope) is the proof,
 * checked before anything is read or written; a bad one answers 400. */
#include <stdio.h>
#include <string.h>

#include "pages.h"

#include "../mail/mail.h"
#include "../mail/notify_mail.h"
#include "views_gen.h"

/* The kinds a member chooses for, in the order the page shows them. */
static const struct {
	enum store_mail_kind kind;
	const char *label, *hint;
} kinds[] = {
	{STORE_MAIL_REPLY, "Replies in topics you watch", "Someone replies in a topic you started, replied in or watch."},
	{STORE_MAIL_MENTION, "Mentions", "Someone mentions you by your @handle."},
	{STORE_MAIL_MESSAGE, "Private messages", "A message in one of your conversations (muted ones never email)."},
	{STORE_MAIL_INVITATION, "Invitations to groups", "The owner of a private group invites you."},
	{STORE_MAIL_DECISION, "Decisions", "Editors decide on your verification, blog or group; a moderator warns you."},
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

static const char *const mode_labels[STORE_MAIL_MODE_MAX] = {
	[STORE_MAIL_IMMEDIATE] = "At once",
	[STORE_MAIL_DAILY] = "In a daily digest",
	[STORE_MAIL_WEEKLY] = "In a weekly digest",
	[STORE_MAIL_NEVER] = "Never",
};

static const char *check_mode(arena *a, str v, str *norm)
{
	(void)a;
	(void)norm;
	return store_mail_mode_parse(v) < 0 ? "must be immediate, daily, weekly or never" : NULL;
}

static const struct form_field mail_settings_fields[] = {
	{"reply", 16, 0, check_mode},	   {"mention", 16, 0, check_mode},  {"message", 16, 0, check_mode},
	{"invitation", 16, 0, check_mode}, {"decision", 16, 0, check_mode},
};
const struct form_spec form_mail_settings = FORM_SPEC(mail_settings_fields);

/* ---- The settings page ----------------------------------------------- */

/* The page's rows: one per kind, its four choices, the checked one from
 * `modes` (or, after a refused POST, as typed). */
static view_list *kind_rows(http_req *r, const enum store_mail_mode modes[STORE_MAIL_KIND_MAX])
{
	view_list *l = view_list_new(r->a);
	for (int i = 0; l && i < NKINDS; i++) {
		const char *name = store_mail_kind_name(kinds[i].kind);
		view_obj *o = view_obj_new(r->a);
		view_list *choices = view_list_new(r->a);
		if (!o || !choices)
			return NULL;
		int chosen = modes[kinds[i].kind];
		if (r->in.spec == &form_mail_settings && r->in.nerr && form_get(&r->in, name).n)
			chosen = store_mail_mode_parse(form_get(&r->in, name));
		for (int m = 0; m < STORE_MAIL_MODE_MAX; m++) {
			view_obj *c = view_obj_new(r->a);
			if (!c)
				return NULL;
			view_set_cstr(c, "value", store_mail_mode_name((enum store_mail_mode)m));
			view_set_cstr(c, "label", mode_labels[m]);
			view_set_bool(c, "checked", m == chosen);
			view_list_push_obj(choices, c);
		}
		view_set_cstr(o, "name", name);
		view_set_cstr(o, "label", kinds[i].label);
		view_set_cstr(o, "hint", kinds[i].hint);
		view_set_list(o, "choices", choices);
		view_list_push_obj(l, o);
	}
	return l;
}

static int settings_email_page(http_req *r, int status)
{
	enum store_mail_mode modes[STORE_MAIL_KIND_MAX];
	int64_t bounced = 0;
	store *st = http_store(r);
	int rc = store_mail_prefs_get(st, r->me.id, modes);
	if (rc == 0)
		rc = store_mail_bounce_get(st, r->me.email, &bounced);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Email settings");
	view_list *rows = ctx ? kind_rows(r, modes) : NULL;
	if (!rows || page_form_ctx(r, ctx, &r->in) < 0)
		return -1;
	view_set_list(ctx, "kinds", rows);
	view_set_str(ctx, "address", r->me.email);
	view_set_bool(ctx, "bounced", bounced > 0);
	if (bounced)
		view_set_cstr(ctx, "bounced_when", page_when(r, bounced));
	/* When digests come: by the member's own clock (notify_mail.c). */
	char *hour = arena_alloc(r->a, 8);
	if (!hour)
		return -1;
	snprintf(hour, 8, "%02d:00", MAIL_DIGEST_HOUR);
	view_set_cstr(ctx, "digest_hour", hour);
	view_set_str(ctx, "timezone", r->me.timezone);
	view_set_bool(ctx, "saved", http_query(r, "saved").n > 0);
	view_set_bool(ctx, "retried", http_query(r, "retry").n > 0);
	view_set_bool(ctx, "has_errors", r->in.nerr > 0);
	return http_page(r, status, view_mail_settings, ctx);
}

/* GET /settings/email — members: a mode per kind, the address, a bounce. */
int mail_settings_form(http_req *r)
{
	return settings_email_page(r, 200);
}

/* POST /settings/email (reply, mention, message, invitation, decision:
 * each a mode; one absent stays as it is) — members: saves them and
 * returns to the page saying so; the form again (422) on a bad value. */
int mail_settings_post(http_req *r)
{
	if (r->in.nerr)
		return settings_email_page(r, 422);
	enum store_mail_mode modes[STORE_MAIL_KIND_MAX];
	store *st = http_store(r);
	int rc = store_mail_prefs_get(st, r->me.id, modes);
	for (int i = 0; rc == 0 && i < NKINDS; i++) {
		str v = form_get(&r->in, store_mail_kind_name(kinds[i].kind));
		if (v.n)
			modes[kinds[i].kind] = (enum store_mail_mode)store_mail_mode_parse(v);
	}
	if (rc == 0)
		rc = store_mail_prefs_set(st, r->me.id, modes);
	if (rc)
		return http_store_error(r, rc);
	return http_redirect(r, "/settings/email?saved=1");
}

/* POST /settings/email/bounce — members: "try again" after a bounce. */
int mail_settings_bounce_post(http_req *r)
{
	int rc = store_mail_bounce_clear(http_store(r), r->me.email);
	if (rc)
		return http_store_error(r, rc);
	return http_redirect(r, "/settings/email?retry=1");
}

/* ---- The API ---------------------------------------------------------- */

/* {modes: {reply: "daily", ...}, address, bounced, bounced_at}. */
static int settings_json(http_req *r, int status)
{
	enum store_mail_mode modes[STORE_MAIL_KIND_MAX];
	int64_t bounced = 0;
	store *st = http_store(r);
	int rc = store_mail_prefs_get(st, r->me.id, modes);
	if (rc == 0)
		rc = store_mail_bounce_get(st, r->me.email, &bounced);
	if (rc)
		return http_store_error(r, rc);
	json_t *m = json_object();
	for (int i = 0; m && i < NKINDS; i++)
		json_object_set_new(m, store_mail_kind_name(kinds[i].kind),
				    json_string(store_mail_mode_name(modes[kinds[i].kind])));
	json_t *j = json_pack("{s:o?, s:s%, s:b, s:o}", "modes", m, "address", r->me.email.p, r->me.email.n,
			      "bounced", bounced > 0, "bounced_at", bounced ? json_integer(bounced) : json_null());
	return http_json(r, status, j);
}

/* GET /api/v1/settings/email — members: their settings. */
int api_mail_settings(http_req *r)
{
	return settings_json(r, 200);
}

/* Refuses a PATCH: 422 naming the field, e.g. "modes.replies". */
static int refuse(http_req *r, const char *field, const char *what)
{
	char name[80], msg[160];
	snprintf(name, sizeof name, "%s", field);
	snprintf(msg, sizeof msg, "%s %s", name, what);
	return http_error(r, 422, "invalid", arena_strndup(r->a, msg, strlen(msg)),
			  arena_strndup(r->a, name, strlen(name)));
}

/* PATCH /api/v1/settings/email {modes: {kind: mode, ...}} — members:
 * sets the kinds given (the rest stay); an unknown kind or mode is a 422
 * naming it, and then nothing changes.  Answers the settings. */
int api_mail_settings_update(http_req *r)
{
	json_t *modes_in = r->json ? json_object_get(r->json, "modes") : NULL;
	if (!json_is_object(modes_in))
		return refuse(r, "modes", "must be an object of kind: mode");
	enum store_mail_mode modes[STORE_MAIL_KIND_MAX];
	store *st = http_store(r);
	int rc = store_mail_prefs_get(st, r->me.id, modes);
	if (rc)
		return http_store_error(r, rc);
	const char *key;
	json_t *v;
	json_object_foreach(modes_in, key, v)
	{
		char field[80];
		snprintf(field, sizeof field, "modes.%.60s", key);
		int k = store_mail_kind_parse(str_c(key));
		if (k <= STORE_MAIL_ACCOUNT || k > STORE_MAIL_DECISION)
			return refuse(r, field, "is not a kind: reply, mention, message, invitation or decision");
		int m = json_is_string(v) ? store_mail_mode_parse(str_c(json_string_value(v))) : -1;
		if (m < 0)
			return refuse(r, field, "must be immediate, daily, weekly or never");
		modes[k] = (enum store_mail_mode)m;
	}
	if ((rc = store_mail_prefs_set(st, r->me.id, modes)))
		return http_store_error(r, rc);
	return settings_json(r, 200);
}

/* POST /api/v1/settings/email/bounce — members: clears their address's
 * bounce ("try again"); answers the settings. */
int api_mail_settings_bounce(http_req *r)
{
	int rc = store_mail_bounce_clear(http_store(r), r->me.email);
	if (rc)
		return http_store_error(r, rc);
	return settings_json(r, 200);
}

/* ---- Unsubscribe ------------------------------------------------------ */

/* The link's member and scope when its MAC is right; false otherwise. */
static bool unsubscribe_link(http_req *r, int64_t *member, str *scope)
{
	*member = page_id(http_query(r, "m"));
	*scope = http_query(r, "s");
	str mac = http_query(r, "t");
	int k = store_mail_kind_parse(*scope);
	bool known = (k > STORE_MAIL_ACCOUNT && k <= STORE_MAIL_DECISION) || str_eqc(*scope, "daily") ||
		     str_eqc(*scope, "weekly");
	const struct mail_env *e = http_mail_env(r);
	return *member > 0 && known && mac.n && e && mail_unsubscribe_check(e->secret, *member, *scope, mac);
}

/* What the scope turns off, in words. */
static const char *scope_words(str scope)
{
	if (str_eqc(scope, "daily"))
		return "anything in your daily digest";
	if (str_eqc(scope, "weekly"))
		return "anything in your weekly digest";
	for (int i = 0; i < NKINDS; i++)
		if (str_eqc(scope, store_mail_kind_name(kinds[i].kind)))
			return kinds[i].label;
	return "";
}

static int unsubscribe_page(http_req *r, str scope, bool done)
{
	view_obj *ctx = http_page_ctx(r, "Unsubscribe");
	if (!ctx)
		return -1;
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, "/unsubscribe?m=");
	buf_str(&b, http_query(r, "m"));
	buf_puts(&b, "&s=");
	buf_str(&b, scope);
	buf_puts(&b, "&t=");
	buf_str(&b, http_query(r, "t"));
	view_set_cstr(ctx, "what", scope_words(scope));
	view_set_str(ctx, "action", buf_slice(&b));
	view_set_bool(ctx, "done", done);
	return http_page(r, 200, view_unsubscribe, ctx);
}

static int bad_link(http_req *r)
{
	return http_error(r, 400, "bad_link",
			  "This unsubscribe link is not valid: it may have been cut short. Sign in and choose what we "
			  "email you in your email settings.",
			  NULL);
}

/* GET /unsubscribe?m=ID&s=SCOPE&t=MAC — anyone with the link: what it
 * will turn off and a button; a bad link 400. */
int unsubscribe_form(http_req *r)
{
	int64_t member;
	str scope;
	if (!unsubscribe_link(r, &member, &scope))
		return bad_link(r);
	return unsubscribe_page(r, scope, false);
}

/* POST /unsubscribe?m=ID&s=SCOPE&t=MAC — anyone with the link (no
 * session, no CSRF token: the MAC is the proof; the RFC 8058 one-click
 * body "List-Unsubscribe=One-Click" or none): sets the scope's kinds to
 * never (a digest's scope: every kind in that mode) and says so. */
int unsubscribe_post(http_req *r)
{
	int64_t member;
	str scope;
	if (!unsubscribe_link(r, &member, &scope))
		return bad_link(r);
	enum store_mail_mode modes[STORE_MAIL_KIND_MAX];
	store *st = http_store(r);
	int rc = store_mail_prefs_get(st, member, modes);
	enum store_mail_mode digest = str_eqc(scope, "weekly") ? STORE_MAIL_WEEKLY : STORE_MAIL_DAILY;
	bool is_digest = str_eqc(scope, "daily") || str_eqc(scope, "weekly");
	int k = store_mail_kind_parse(scope);
	for (int i = STORE_MAIL_REPLY; rc == 0 && i <= STORE_MAIL_DECISION; i++)
		if (is_digest ? modes[i] == digest : i == k)
			modes[i] = STORE_MAIL_NEVER;
	if (rc == 0)
		rc = store_mail_prefs_set(st, member, modes);
	if (rc == STORE_ENOTFOUND || (rc && store_member_by_id(st, r->a, member, &(struct store_member){0}) != 0))
		return bad_link(r); /* the account is gone */
	if (rc)
		return http_store_error(r, rc);
	return unsubscribe_page(r, scope, true);
}
