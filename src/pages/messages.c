/* messages.c: private messages between members.
 *
 *   /messages                 the reader's conversations, and whom they blocked
 *   /messages/new?to=HANDLE   a new conversation (POST /messages starts it)
 *   /messages/ID              one conversation, marked read as it is shown;
 *                             POST there replies; POST /messages/ID/ACTION
 *                             mutes, unmutes or leaves; POST
 *                             /messages/ID/report reports one of its messages
 *   /blocks/HANDLE/ACTION     block or unblock a member (from a profile)
 *   /editor/reports           the editors' queue of reported messages
 *
 * and the same under /api/v1 (conversations, messages, blocks,
 * editor/message-reports).  Who may read a conversation is the policy's
 * ACT_CONVERSATION: its current members, whatever anyone's role; editors
 * see a message only through a report of it.  Bodies are Markdown,
 * rendered once when written (src/text/markdown.c) and shown raw from the
 * store. */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "views_gen.h"

#include "../http/ratelimit.h"
#include "../text/markdown.h"
#include "../text/validate.h"

_Static_assert(VALIDATE_RECIPIENTS_MAX == STORE_CONVERSATION_MAX - 1, "a conversation holds its author and the recipients");

enum { LIST_PAGE = 20, THREAD_PAGE = 50, BODY_MAX = 20000, BLOCK_LIST_MAX = 200 };

static const struct form_field start_fields[] = {
	{"to", 700, FIELD_REQUIRED, validate_recipients},
	{"subject", 200, 0, NULL},
	{"body", BODY_MAX, FIELD_REQUIRED | FIELD_MULTILINE, validate_body},
};
const struct form_spec form_message_start = FORM_SPEC(start_fields);

static const struct form_field reply_fields[] = {
	{"body", BODY_MAX, FIELD_REQUIRED | FIELD_MULTILINE, validate_body},
};
const struct form_spec form_message_reply = FORM_SPEC(reply_fields);

static const struct form_field report_fields[] = {
	{"message", 20, FIELD_REQUIRED, validate_id},
	{"reason", 1000, FIELD_REQUIRED | FIELD_MULTILINE, validate_body},
};
const struct form_spec form_message_report = FORM_SPEC(report_fields);

/* The API's report: the message is in the path. */
static const struct form_field api_report_fields[] = {
	{"reason", 1000, FIELD_REQUIRED | FIELD_MULTILINE, validate_body},
};
const struct form_spec form_api_message_report = FORM_SPEC(api_report_fields);

static const char *check_report_decision(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	return str_eqc(v, "dismiss") || str_eqc(v, "remove") ? NULL : "must be dismiss or remove";
}

static const struct form_field report_decision_fields[] = {
	{"decision", 16, FIELD_REQUIRED, check_report_decision},
	{"note", 1000, FIELD_MULTILINE, NULL},
};
const struct form_spec form_report_decision = FORM_SPEC(report_decision_fields);

/* ---- shared steps ---------------------------------------------------- */

/* The conversation `id` if the policy lets the reader in: 0, 404 when it
 * is not theirs (or does not exist), or a store error. */
static int conversation_for(http_req *r, int64_t id, struct store_conversation *cv)
{
	int rc = id ? store_conversation_get(http_store(r), r->a, id, r->me.id, cv) : STORE_ENOTFOUND;
	if (rc && rc != STORE_ENOTFOUND)
		return rc;
	struct policy_object o = {.participant = rc == 0};
	return policy_allows(&r->reader, ACT_CONVERSATION, &o) ? 0 : 404;
}

/* Renders a body; 0 or -1 (the arena is full). */
static int render(http_req *r, str body, str *html)
{
	return markdown_html(r->a, str_trim(body), html);
}

/* The message refusal for a block, naming who. */
static const char *blocked_message(http_req *r, int64_t by)
{
	bool ab = false, ba = false;
	store_block_state(http_store(r), r->me.id, by, &ab, &ba);
	if (ab)
		return "You have blocked a member of this conversation: unblock them to write to them.";
	return "A member of this conversation does not accept messages from you.";
}

/* The members named in a validated "to" list ("ann,bob"): ids into `ids`.
 * 0; or 422 with *err naming the problem (an unknown handle, oneself). */
static int resolve_recipients(http_req *r, str list, int64_t *ids, int *n, const char **err)
{
	*n = 0;
	while (list.n) {
		const char *comma = memchr(list.p, ',', list.n);
		size_t len = comma ? (size_t)(comma - list.p) : list.n;
		str h = {list.p, len};
		list = comma ? (str){comma + 1, list.n - len - 1} : STR_NULL;
		struct store_member m;
		int rc = store_member_by_handle(http_store(r), r->a, h, &m);
		if (rc && rc != STORE_ENOTFOUND)
			return rc;
		if (rc || !m.confirmed || m.suspended) {
			buf b;
			buf_init(&b, r->a);
			buf_printf(&b, "No member has the handle @%.*s.", (int)h.n, h.p);
			*err = b.err ? "No member has one of those handles." : buf_cstr(&b);
			return 422;
		}
		if (m.id == r->me.id) {
			*err = "You are in every conversation you start: name the others.";
			return 422;
		}
		ids[(*n)++] = m.id;
	}
	return 0;
}

/* Starts a conversation from the validated form: 0 with *conv set, or an
 * HTTP status (422 *err and *field; 403 blocked; 429) or a store error. */
static int start(http_req *r, int64_t *conv, const char **err, const char **field)
{
	int64_t ids[VALIDATE_RECIPIENTS_MAX], msg = 0, by = 0;
	int n = 0;
	*field = "to";
	int rc = resolve_recipients(r, form_get(&r->in, "to"), ids, &n, err);
	if (rc)
		return rc;
	char who[24];
	snprintf(who, sizeof who, "%lld", (long long)r->me.id);
	int64_t wait = rate_over(r, RATE_CONVERSATION_MEMBER, str_c(who), true);
	if (!wait)
		wait = rate_over(r, RATE_MESSAGE_MEMBER, str_c(who), true);
	if (wait)
		return rate_refuse(r, wait), 429;
	struct store_message_new m = {.author = r->me.id, .body = str_trim(form_get(&r->in, "body"))};
	if (render(r, m.body, &m.body_html))
		return STORE_ERR;
	str subject = str_trim(form_get(&r->in, "subject"));
	rc = store_conversation_start(http_store(r), &m, ids, n, subject, r->now, conv, &msg, &by);
	if (rc == STORE_ECONFLICT) {
		*err = blocked_message(r, by);
		return 403;
	}
	return rc;
}

/* Adds a reply from the validated form: 0 with *msg set, 404, 403
 * (blocked, *err), 429, or a store error. */
static int reply(http_req *r, int64_t conv, int64_t *msg, const char **err)
{
	struct store_conversation cv = {0};
	int rc = conversation_for(r, conv, &cv);
	if (rc)
		return rc;
	char who[24];
	snprintf(who, sizeof who, "%lld", (long long)r->me.id);
	int64_t wait = rate_over(r, RATE_MESSAGE_MEMBER, str_c(who), true);
	if (wait)
		return rate_refuse(r, wait), 429;
	struct store_message_new m = {.author = r->me.id, .body = str_trim(form_get(&r->in, "body"))};
	if (render(r, m.body, &m.body_html))
		return STORE_ERR;
	int64_t by = 0;
	rc = store_message_post(http_store(r), conv, &m, r->now, msg, &by);
	if (rc == STORE_ENOTFOUND) /* left between the check and the write */
		return 404;
	if (rc == STORE_ECONFLICT) {
		*err = blocked_message(r, by);
		return 403;
	}
	return rc;
}

/* ---- pages ------------------------------------------------------------ */

static view_obj *message_view(http_req *r, const struct store_message *m)
{
	view_obj *o = view_obj_new(r->a);
	if (!o)
		return NULL;
	view_set_int(o, "id", m->id);
	view_set_str(o, "author", m->author_name);
	view_set_str(o, "handle", m->author_handle);
	view_set_bool(o, "verified", m->author_verified);
	view_set_bool(o, "mine", m->author_id == r->me.id);
	view_set_bool(o, "removed", m->removed);
	view_set_str(o, "body_html", m->body_html);
	view_set_cstr(o, "when", page_when(r, m->created_at));
	return o;
}

/* GET /messages?page=N — members: their conversations, newest first, 20
 * to a page, with unread counts; and the members they blocked. */
int messages_page(http_req *r)
{
	str ps = http_query(r, "page");
	int64_t page = ps.n ? page_id(ps) : 1;
	if (page < 1 || page > 10000)
		page = 1;
	struct store_conversation_list l;
	struct store_member_list blocked;
	int64_t total = 0;
	store *st = http_store(r);
	int rc = store_conversation_list(st, r->a, r->me.id, LIST_PAGE, (int)(page - 1) * LIST_PAGE, &l, &total);
	if (rc == 0)
		rc = store_block_list(st, r->a, r->me.id, BLOCK_LIST_MAX, 0, &blocked);
	view_obj *ctx = http_page_ctx(r, "Messages");
	view_list *convs = view_list_new(r->a), *bl = view_list_new(r->a);
	if (rc || !ctx || !convs || !bl)
		return http_store_error(r, rc ? rc : STORE_ERR);
	for (int i = 0; i < l.n; i++) {
		const struct store_conversation *c = &l.items[i];
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_int(o, "id", c->id);
		view_set_str(o, "subject", c->subject.n ? c->subject : S("(no subject)"));
		view_set_str(o, "others", c->others.n ? c->others : S("Only you"));
		view_set_int(o, "unread", c->unread);
		view_set_bool(o, "has_unread", c->unread > 0 && !c->muted);
		view_set_bool(o, "muted", c->muted);
		view_set_cstr(o, "when", page_when(r, c->last_message_at));
		view_list_push_obj(convs, o);
	}
	for (int i = 0; i < blocked.n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_str(o, "name", blocked.items[i].name);
		view_set_str(o, "handle", blocked.items[i].handle);
		view_list_push_obj(bl, o);
	}
	view_set_list(ctx, "conversations", convs);
	view_set_bool(ctx, "has_conversations", l.n > 0);
	view_set_list(ctx, "blocked", bl);
	view_set_bool(ctx, "has_blocked", blocked.n > 0);
	view_set_bool(ctx, "has_prev", page > 1);
	view_set_bool(ctx, "has_next", page * LIST_PAGE < total);
	view_set_int(ctx, "prev", page - 1);
	view_set_int(ctx, "next", page + 1);
	return http_page(r, 200, view_messages, ctx);
}

/* The compose form, with the form's values and errors (or ?to=). */
static int compose(http_req *r, int status, const char *err)
{
	view_obj *ctx = http_page_ctx(r, "New message");
	if (!ctx || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	str to = http_query(r, "to");
	if (r->method == HTTP_GET && to.n && to.n <= 700)
		view_set_str(ctx, "to", to);
	if (err)
		view_set_cstr(ctx, "error", err);
	return http_page(r, status, view_message_new, ctx);
}

/* GET /messages/new?to=HANDLE — members: the form for a new conversation. */
int message_new_form(http_req *r)
{
	return compose(r, 200, NULL);
}

/* POST /messages {to, subject, body} — members: starts a conversation and
 * goes to it (303); the form again with the error (422, 403 blocked). */
int message_start_post(http_req *r)
{
	if (r->in.nerr)
		return compose(r, 422, NULL);
	int64_t conv = 0;
	const char *err = NULL, *field = NULL;
	int rc = start(r, &conv, &err, &field);
	if (rc == 422) {
		form_set_error(&r->in, field, err);
		return compose(r, 422, NULL);
	}
	if (rc == 403)
		return compose(r, 403, err);
	if (rc == 429)
		return 0;
	if (rc)
		return http_store_error(r, rc);
	char to[48];
	snprintf(to, sizeof to, "/messages/%lld", (long long)conv);
	return http_redirect(r, to);
}

/* Shows conversation `cv`, from the newest page (or before message ?before). */
static int thread(http_req *r, struct store_conversation *cv, int status, const char *err)
{
	str bs = http_query(r, "before");
	int64_t before = bs.n ? page_id(bs) : 0;
	struct store_message_list ml;
	store *st = http_store(r);
	int rc = store_conversation_messages(st, r->a, cv->id, before, THREAD_PAGE + 1, &ml);
	if (rc)
		return http_store_error(r, rc);
	if (before == 0 && cv->unread > 0 && status == 200) {
		/* Read as shown; the navigation counted these a moment ago. */
		if (store_conversation_act(st, cv->id, r->me.id, STORE_CONV_READ, r->now) == 0 && !cv->muted)
			r->me.unread_messages -= cv->unread;
	}
	view_obj *ctx = http_page_ctx(r, cv->subject.n ? str_dup(r->a, cv->subject) : "Conversation");
	view_list *msgs = view_list_new(r->a), *people = view_list_new(r->a);
	if (!ctx || !msgs || !people || page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	int first = ml.n > THREAD_PAGE ? 1 : 0;
	for (int i = first; i < ml.n; i++) {
		view_obj *o = message_view(r, &ml.items[i]);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_list_push_obj(msgs, o);
	}
	for (int i = 0; i < cv->members.n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_str(o, "name", cv->members.items[i].name);
		view_set_str(o, "handle", cv->members.items[i].handle);
		view_set_bool(o, "verified", cv->members.items[i].verified);
		view_list_push_obj(people, o);
	}
	view_set_int(ctx, "id", cv->id);
	view_set_str(ctx, "subject", cv->subject.n ? cv->subject : S("Conversation"));
	view_set_list(ctx, "messages", msgs);
	view_set_list(ctx, "people", people);
	view_set_bool(ctx, "muted", cv->muted);
	view_set_bool(ctx, "has_earlier", first == 1);
	view_set_int(ctx, "earlier", first ? ml.items[1].id : 0);
	view_set_bool(ctx, "paged", before != 0);
	view_set_bool(ctx, "reported", status == 200 && http_query(r, "reported").n > 0);
	if (err)
		view_set_cstr(ctx, "error", err);
	return http_page(r, status, view_conversation, ctx);
}

/* GET /messages/:id?before=MSG — the conversation's members only (404 for
 * anyone else, editors too): its messages, oldest first, 50 to a page;
 * showing the newest page marks it read. */
int conversation_page(http_req *r)
{
	struct store_conversation cv = {0};
	int rc = conversation_for(r, page_id(r->params[0]), &cv);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (rc)
		return http_store_error(r, rc);
	return thread(r, &cv, 200, NULL);
}

/* POST /messages/:id {body} — its members: adds a message, back to the
 * conversation (303); 422 empty, 403 blocked, 404 not theirs. */
int message_reply_post(http_req *r)
{
	int64_t conv = page_id(r->params[0]), msg = 0;
	const char *err = NULL;
	int rc = r->in.nerr ? 422 : reply(r, conv, &msg, &err);
	if (rc == 422 || rc == 403) {
		struct store_conversation cv = {0};
		int got = conversation_for(r, conv, &cv);
		if (got)
			return got == 404 ? http_error(r, 404, "not_found", "There is nothing at this address.", NULL)
					  : http_store_error(r, got);
		return thread(r, &cv, rc, err);
	}
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (rc == 429)
		return 0;
	if (rc)
		return http_store_error(r, rc);
	char to[64];
	snprintf(to, sizeof to, "/messages/%lld#m%lld", (long long)conv, (long long)msg);
	return http_redirect(r, to);
}

/* The action named in a path: mute, unmute, leave (and read, for the
 * API); -1 if none. */
static int conv_action(str v, bool api)
{
	if (str_eqc(v, "mute"))
		return STORE_CONV_MUTE;
	if (str_eqc(v, "unmute"))
		return STORE_CONV_UNMUTE;
	if (str_eqc(v, "leave"))
		return STORE_CONV_LEAVE;
	if (api && str_eqc(v, "read"))
		return STORE_CONV_READ;
	return -1;
}

/* Does `act` to conversation `conv` for the reader: 0, 404, or a store error. */
static int conv_act(http_req *r, int64_t conv, int act)
{
	struct store_conversation cv = {0};
	int rc = act < 0 ? 404 : conversation_for(r, conv, &cv);
	if (rc)
		return rc;
	rc = store_conversation_act(http_store(r), conv, r->me.id, (enum store_conv_action)act, r->now);
	return rc == STORE_ENOTFOUND ? 404 : rc;
}

/* POST /messages/:id/:action (mute, unmute, leave) — its members: back to
 * the conversation, or to /messages after leaving (303). */
int conversation_act_post(http_req *r)
{
	int64_t conv = page_id(r->params[0]);
	int act = conv_action(r->params[1], false);
	int rc = conv_act(r, conv, act);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (rc)
		return http_store_error(r, rc);
	if (act == STORE_CONV_LEAVE)
		return http_redirect(r, "/messages");
	char to[48];
	snprintf(to, sizeof to, "/messages/%lld", (long long)conv);
	return http_redirect(r, to);
}

/* Reports message `msg` for the reader: 0 with *id, 404 (not a message
 * they may report), 409 (already), 429, or a store error. */
static int report(http_req *r, int64_t msg, str reason, int64_t *id)
{
	char who[24];
	snprintf(who, sizeof who, "%lld", (long long)r->me.id);
	int64_t wait = rate_over(r, RATE_REPORT_MEMBER, str_c(who), true);
	if (wait)
		return rate_refuse(r, wait), 429;
	int rc = msg ? store_message_report(http_store(r), msg, r->me.id, str_trim(reason), r->now, id)
		     : STORE_ENOTFOUND;
	return rc == STORE_ENOTFOUND ? 404 : rc == STORE_ECONFLICT ? 409 : rc;
}

/* POST /messages/:id/report {message, reason} — its members, for another
 * member's message in it: the report goes to the editors; back to the
 * conversation with a notice (303).  404 otherwise, 409 when reported
 * already. */
int message_report_post(http_req *r)
{
	int64_t conv = page_id(r->params[0]), id = 0;
	struct store_conversation cv = {0};
	int rc = conversation_for(r, conv, &cv);
	if (rc == 0 && r->in.nerr)
		return thread(r, &cv, 422, "Say why you report the message.");
	if (rc == 0)
		rc = report(r, page_id(form_get(&r->in, "message")), form_get(&r->in, "reason"), &id);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (rc == 409)
		return http_error(r, 409, "conflict", "You have reported this message already.", NULL);
	if (rc == 429)
		return 0;
	if (rc)
		return http_store_error(r, rc);
	char to[64];
	snprintf(to, sizeof to, "/messages/%lld?reported=1", (long long)conv);
	return http_redirect(r, to);
}

/* ---- blocks ----------------------------------------------------------- */

/* Blocks (`on`) or unblocks the member `handle`: 0, 404 (no such member,
 * or oneself), 409 (already so), or a store error. */
static int block_act(http_req *r, str handle, bool on)
{
	struct store_member m;
	int rc = handle.n && handle.n <= 30 ? store_member_by_handle(http_store(r), r->a, handle, &m) : STORE_ENOTFOUND;
	if (rc == 0 && (!m.confirmed || m.id == r->me.id))
		rc = STORE_ENOTFOUND;
	if (rc == 0)
		rc = on ? store_block(http_store(r), r->me.id, m.id, r->now) : store_unblock(http_store(r), r->me.id, m.id);
	else if (rc == STORE_ENOTFOUND)
		return 404;
	if (rc == STORE_ECONFLICT || rc == STORE_ENOTFOUND)
		return 409;
	return rc;
}

/* POST /blocks/:handle/:action (block, unblock) — members: back to the
 * profile, or to /messages when the form says so (303). */
int block_post(http_req *r)
{
	str action = r->params[1];
	if (!str_eqc(action, "block") && !str_eqc(action, "unblock"))
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	int rc = block_act(r, r->params[0], str_eqc(action, "block"));
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such member.", NULL);
	if (rc == 409)
		return http_error(r, 409, "conflict", "That is done already.", NULL);
	if (rc)
		return http_store_error(r, rc);
	if (str_eqc(form_get(&r->in, "back"), "messages"))
		return http_redirect(r, "/messages");
	return page_redirect_profile(r, r->params[0], "");
}

/* For the profile page: whether the reader blocked member `id`; false for
 * visitors and on one's own profile. */
bool block_state_for(http_req *r, int64_t id)
{
	bool ab = false, ba = false;
	if (!r->reader.signed_in || r->me.id == id || !policy_allows(&r->reader, ACT_MESSAGES, NULL))
		return false;
	return store_block_state(http_store(r), r->me.id, id, &ab, &ba) == 0 && ab;
}

/* ---- the editors' queue ----------------------------------------------- */

/* GET /editor/reports — editors: open reports, oldest first, each with the
 * reported message alone (never the rest of its conversation). */
int editor_reports(http_req *r)
{
	struct store_report_list l;
	int rc = store_report_queue(http_store(r), r->a, 100, 0, &l);
	view_obj *ctx = http_page_ctx(r, "Reported messages");
	view_list *items = view_list_new(r->a);
	if (rc || !ctx || !items)
		return http_store_error(r, rc ? rc : STORE_ERR);
	for (int i = 0; i < l.n; i++) {
		const struct store_report *rp = &l.items[i];
		view_obj *o = message_view(r, &rp->message);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_int(o, "report", rp->id);
		view_set_str(o, "reporter", rp->reporter_name);
		view_set_str(o, "reporter_handle", rp->reporter_handle);
		view_set_str(o, "reason", rp->reason);
		view_set_cstr(o, "reported", page_when(r, rp->created_at));
		view_list_push_obj(items, o);
	}
	view_set_list(ctx, "reports", items);
	view_set_bool(ctx, "has_reports", l.n > 0);
	return http_page(r, 200, view_editor_reports, ctx);
}

/* Decides report `id` from the validated form: 0, 404 (unknown or
 * decided), or a store error. */
static int decide(http_req *r, int64_t id)
{
	bool remove = str_eqc(form_get(&r->in, "decision"), "remove");
	int rc = id ? store_report_decide(http_store(r), id, r->me.id, remove, str_trim(form_get(&r->in, "note")), r->now)
		    : STORE_ENOTFOUND;
	return rc == STORE_ENOTFOUND ? 404 : rc;
}

/* POST /editor/reports/:id {decision: dismiss|remove, note} — editors:
 * back to the queue (303); 404 when the report is unknown or decided. */
int editor_report_post(http_req *r)
{
	if (r->in.nerr)
		return http_error(r, 422, "invalid", "Choose to dismiss the report or remove the message.", "decision");
	int rc = decide(r, page_id(r->params[0]));
	if (rc == 404)
		return http_error(r, 404, "not_found", "That report is not open.", NULL);
	if (rc)
		return http_store_error(r, rc);
	return http_redirect(r, "/editor/reports");
}

/* ---- the API ---------------------------------------------------------- */

static json_t *member_brief(str handle, str name, bool verified)
{
	return json_pack("{s:s%, s:s%, s:b}", "handle", handle.p, handle.n, "name", name.p, name.n, "verified", verified);
}

static json_t *message_json(const struct store_message *m)
{
	return json_pack("{s:I, s:I, s:o, s:s%, s:s%, s:I, s:b}", "id", (json_int_t)m->id, "conversation_id",
			 (json_int_t)m->conversation_id, "author",
			 member_brief(m->author_handle, m->author_name, m->author_verified), "body", m->body.p,
			 m->body.n, "body_html", m->body_html.p, m->body_html.n, "created_at", (json_int_t)m->created_at,
			 "removed", m->removed);
}

static json_t *conversation_json(const struct store_conversation *c)
{
	json_t *j = json_pack("{s:I, s:s%, s:I, s:b, s:I, s:I}", "id", (json_int_t)c->id, "subject", c->subject.p,
			      c->subject.n, "unread", (json_int_t)c->unread, "muted", c->muted, "created_at",
			      (json_int_t)c->created_at, "last_message_at", (json_int_t)c->last_message_at);
	if (!j)
		return NULL;
	if (c->members.n) {
		json_t *people = json_array();
		for (int i = 0; people && i < c->members.n; i++)
			json_array_append_new(people, member_brief(c->members.items[i].handle, c->members.items[i].name,
								   c->members.items[i].verified));
		json_object_set_new(j, "members", people ? people : json_null());
	} else {
		json_object_set_new(j, "others", json_stringn(c->others.p, c->others.n));
	}
	return j;
}

/* GET /api/v1/conversations?page=N — members: {conversations, total,
 * unread} (20 to a page, latest message first). */
int api_conversations(http_req *r)
{
	str ps = http_query(r, "page");
	int64_t page = ps.n ? page_id(ps) : 1;
	if (page < 1 || page > 10000)
		return http_error(r, 400, "bad_request", "page must be a number from 1.", "page");
	struct store_conversation_list l;
	int64_t total = 0, unread = 0;
	store *st = http_store(r);
	int rc = store_conversation_list(st, r->a, r->me.id, LIST_PAGE, (int)(page - 1) * LIST_PAGE, &l, &total);
	if (rc == 0)
		rc = store_message_unread(st, r->me.id, &unread);
	if (rc)
		return http_store_error(r, rc);
	json_t *arr = json_array();
	for (int i = 0; arr && i < l.n; i++)
		json_array_append_new(arr, conversation_json(&l.items[i]));
	return http_json(r, 200,
			 json_pack("{s:o, s:I, s:I}", "conversations", arr, "total", (json_int_t)total, "unread",
				   (json_int_t)unread));
}

/* The conversation and a page of its messages, as JSON. */
static int conversation_answer(http_req *r, int status, int64_t conv, int64_t before)
{
	struct store_conversation cv = {0};
	struct store_message_list ml;
	int rc = conversation_for(r, conv, &cv);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such conversation.", NULL);
	if (rc == 0)
		rc = store_conversation_messages(http_store(r), r->a, conv, before, THREAD_PAGE, &ml);
	if (rc)
		return http_store_error(r, rc);
	json_t *j = conversation_json(&cv), *msgs = json_array();
	for (int i = 0; msgs && i < ml.n; i++)
		json_array_append_new(msgs, message_json(&ml.items[i]));
	if (j)
		json_object_set_new(j, "messages", msgs ? msgs : json_null());
	return http_json(r, status, j);
}

/* GET /api/v1/conversations/:id?before=MSG — its members only: the
 * conversation with up to 50 messages (oldest first) older than `before`;
 * reading the newest marks it read.  404 for anyone else. */
int api_conversation(http_req *r)
{
	int64_t conv = page_id(r->params[0]);
	str bs = http_query(r, "before");
	int64_t before = bs.n ? page_id(bs) : 0;
	if (bs.n && !before)
		return http_error(r, 400, "bad_request", "before must be a message id.", "before");
	if (before == 0 && conv_act(r, conv, STORE_CONV_READ) == STORE_ERR)
		return http_store_error(r, STORE_ERR);
	return conversation_answer(r, 200, conv, before);
}

/* POST /api/v1/conversations {to, subject, body} — members: 201, the new
 * conversation with its message; 422 naming the field (an unknown handle,
 * oneself), 403 `blocked`, 429. */
int api_conversation_start(http_req *r)
{
	int64_t conv = 0;
	const char *err = NULL, *field = NULL;
	int rc = start(r, &conv, &err, &field);
	if (rc == 422)
		return http_error(r, 422, "invalid", err, field);
	if (rc == 403)
		return http_error(r, 403, "blocked", err, NULL);
	if (rc == 429)
		return 0;
	if (rc)
		return http_store_error(r, rc);
	return conversation_answer(r, 201, conv, 0);
}

/* POST /api/v1/conversations/:id/messages {body} — its members: 201, the
 * message; 422, 403 `blocked`, 404, 429. */
int api_message_post(http_req *r)
{
	int64_t conv = page_id(r->params[0]), msg = 0;
	const char *err = NULL;
	int rc = reply(r, conv, &msg, &err);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such conversation.", NULL);
	if (rc == 403)
		return http_error(r, 403, "blocked", err, NULL);
	if (rc == 429)
		return 0;
	if (rc)
		return http_store_error(r, rc);
	struct store_message_list ml;
	rc = store_conversation_messages(http_store(r), r->a, conv, msg + 1, 1, &ml);
	if (rc || ml.n != 1)
		return http_store_error(r, rc ? rc : STORE_ERR);
	return http_json(r, 201, message_json(&ml.items[0]));
}

/* POST /api/v1/conversations/:id/:action (read, mute, unmute, leave) —
 * its members: the conversation (204 after leaving); 404 otherwise. */
int api_conversation_act(http_req *r)
{
	int64_t conv = page_id(r->params[0]);
	int act = conv_action(r->params[1], true);
	int rc = conv_act(r, conv, act);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such conversation.", NULL);
	if (rc)
		return http_store_error(r, rc);
	if (act == STORE_CONV_LEAVE)
		return http_no_content(r);
	return conversation_answer(r, 200, conv, 0);
}

/* POST /api/v1/messages/:id/report {reason} — a member of its conversation
 * who did not write it: 201 {id, status}; 404 otherwise; 409 twice. */
int api_message_report(http_req *r)
{
	int64_t id = 0;
	int rc = report(r, page_id(r->params[0]), form_get(&r->in, "reason"), &id);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such message.", NULL);
	if (rc == 409)
		return http_error(r, 409, "conflict", "You have reported this message already.", NULL);
	if (rc == 429)
		return 0;
	if (rc)
		return http_store_error(r, rc);
	return http_json(r, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "open"));
}

/* GET /api/v1/blocks — members: {blocked: [{handle, name, verified}]}. */
int api_blocks(http_req *r)
{
	struct store_member_list l;
	int rc = store_block_list(http_store(r), r->a, r->me.id, BLOCK_LIST_MAX, 0, &l);
	if (rc)
		return http_store_error(r, rc);
	json_t *arr = json_array();
	for (int i = 0; arr && i < l.n; i++)
		json_array_append_new(arr, member_brief(l.items[i].handle, l.items[i].name, l.items[i].verified));
	return http_json(r, 200, json_pack("{s:o}", "blocked", arr));
}

/* POST /api/v1/blocks {handle} — members: 201 {handle, blocked: true};
 * 404 no such member, 409 blocked already. */
int api_block(http_req *r)
{
	str h = form_get(&r->in, "handle");
	int rc = block_act(r, h, true);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such member.", NULL);
	if (rc == 409)
		return http_error(r, 409, "conflict", "You have blocked this member already.", NULL);
	if (rc)
		return http_store_error(r, rc);
	return http_json(r, 201, json_pack("{s:s%, s:b}", "handle", h.p, h.n, "blocked", 1));
}

/* DELETE /api/v1/blocks/:handle — members: 204; 404 no such member, 409
 * not blocked. */
int api_unblock(http_req *r)
{
	int rc = block_act(r, r->params[0], false);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such member.", NULL);
	if (rc == 409)
		return http_error(r, 409, "conflict", "You have not blocked this member.", NULL);
	if (rc)
		return http_store_error(r, rc);
	return http_no_content(r);
}

/* GET /api/v1/editor/message-reports — editors: {reports: [{id, reason,
 * reporter, created_at, message}]}, open ones, oldest first. */
int api_editor_message_reports(http_req *r)
{
	struct store_report_list l;
	int rc = store_report_queue(http_store(r), r->a, 100, 0, &l);
	if (rc)
		return http_store_error(r, rc);
	json_t *arr = json_array();
	for (int i = 0; arr && i < l.n; i++) {
		const struct store_report *rp = &l.items[i];
		json_array_append_new(arr, json_pack("{s:I, s:s%, s:s%, s:o, s:I, s:o}", "id", (json_int_t)rp->id,
						     "status", rp->status.p, rp->status.n, "reason", rp->reason.p,
						     rp->reason.n, "reporter",
						     member_brief(rp->reporter_handle, rp->reporter_name, false),
						     "created_at", (json_int_t)rp->created_at, "message",
						     message_json(&rp->message)));
	}
	return http_json(r, 200, json_pack("{s:o}", "reports", arr));
}

/* POST /api/v1/editor/message-reports/:id {decision: dismiss|remove, note}
 * — editors: {id, status}; 404 when unknown or decided already. */
int api_editor_message_report_decide(http_req *r)
{
	int64_t id = page_id(r->params[0]);
	int rc = decide(r, id);
	if (rc == 404)
		return http_error(r, 404, "not_found", "That report is not open.", NULL);
	if (rc)
		return http_store_error(r, rc);
	bool remove = str_eqc(form_get(&r->in, "decision"), "remove");
	return http_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", remove ? "removed" : "dismissed"));
}
