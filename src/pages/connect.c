/* connect.c: connections between members: the buttons on a profile
 * (connect, accept, decline, withdraw, remove: POST /connections/HANDLE/ACTION), the
 * /connections page (requests in and out, and connections), and the API
 * under /api/v1/connections.  Members only; the other member must be a
 * confirmed, unsuspended member, else 404. */
#include <string.h>

#include "pages.h"
#include "views_gen.h"

enum { LIST_MAX = 200 };

static const char *check_decision(arena *a, str v, str *norm)
{
	(void)a;
	(void)norm;
	return str_eqc(v, "accept") || str_eqc(v, "decline") ? NULL : "must be accept or decline";
}

static const struct form_field connect_fields[] = {
	{"back", 16, 0, NULL}, /* "connections": return there instead of the profile */
};
const struct form_spec form_connect = FORM_SPEC(connect_fields);

static const struct form_field request_fields[] = {
	{"handle", 64, FIELD_REQUIRED, NULL},
};
const struct form_spec form_connection_request = FORM_SPEC(request_fields);

static const struct form_field answer_fields[] = {
	{"decision", 16, FIELD_REQUIRED, check_decision},
};
const struct form_spec form_connection_answer = FORM_SPEC(answer_fields);

/* The other member, by handle: 0, or 404 (unknown, unconfirmed,
 * suspended, or oneself when `not_self`). */
static int other_member(http_req *r, str handle, struct store_member *m)
{
	int rc = handle.n && handle.n <= 30 ? store_member_by_handle(http_store(r), r->a, handle, m) : STORE_ENOTFOUND;
	if (rc == 0 && (!m->confirmed || m->suspended || m->id == r->me.id))
		rc = STORE_ENOTFOUND;
	return rc;
}

static const char *state_name(enum store_conn_state s)
{
	switch (s) {
	case STORE_CONN_OUTGOING:
		return "requested";
	case STORE_CONN_INCOMING:
		return "asked_you";
	case STORE_CONN_CONNECTED:
		return "connected";
	case STORE_CONN_NONE:
		break;
	}
	return "none";
}

/* What an action on a pair came to: 0, or an HTTP status to answer. */
static int act(http_req *r, const char *what, str handle, enum store_conn_state *after)
{
	struct store_member m;
	int rc = other_member(r, handle, &m);
	if (rc == STORE_ENOTFOUND)
		return 404;
	if (rc)
		return rc;
	store *st = http_store(r);
	bool ab = false, ba = false;
	if (!strcmp(what, "connect") && (rc = store_block_state(st, r->me.id, m.id, &ab, &ba)))
		return rc;
	if (ab || ba)
		return 403;
	if (!strcmp(what, "connect"))
		rc = store_connection_request(st, r->me.id, m.id, r->now);
	else if (!strcmp(what, "accept") || !strcmp(what, "decline"))
		rc = store_connection_answer(st, r->me.id, m.id, what[0] == 'a', r->now);
	else
		rc = store_connection_remove(st, r->me.id, m.id);
	if (rc == STORE_ECONFLICT || rc == STORE_ENOTFOUND)
		return 409;
	if (rc)
		return rc;
	return store_connection_state(st, r->me.id, m.id, after);
}

/* POST /connections/:handle/:action — members: connect, accept, decline or
 * disconnect (withdraw a request or remove a connection); 303 back to the
 * profile, or to /connections when the form says so.  409 when the action
 * does not fit the pair's state. */
int connect_post(http_req *r)
{
	str action = r->params[1];
	static const char *const actions[] = {"connect", "accept", "decline", "disconnect"};
	const char *what = NULL;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (str_eqc(action, actions[i]))
			what = actions[i];
	if (!what)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	enum store_conn_state after;
	int rc = act(r, what, r->params[0], &after);
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such member.", NULL);
	if (rc == 409)
		return http_error(r, 409, "conflict", "That does not fit: the request may have been answered already.", NULL);
	if (rc == 403)
		return http_error(r, 403, "blocked", "One of you has blocked the other.", NULL);
	if (rc)
		return http_store_error(r, rc);
	if (str_eqc(form_get(&r->in, "back"), "connections"))
		return http_redirect(r, "/connections");
	return page_redirect_profile(r, r->params[0], "");
}

static view_list *people(http_req *r, enum store_conn_list which, int *n)
{
	struct store_member_list l;
	view_list *out = view_list_new(r->a);
	if (!out || store_connection_list(http_store(r), r->a, r->me.id, which, LIST_MAX, 0, &l) != 0)
		return NULL;
	for (int i = 0; i < l.n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return NULL;
		view_set_str(o, "name", l.items[i].name);
		view_set_str(o, "handle", l.items[i].handle);
		view_set_bool(o, "verified", l.items[i].verified);
		view_list_push_obj(out, o);
	}
	*n = l.n;
	return out;
}

/* GET /connections — members: requests waiting for them, requests they
 * sent, and their connections, each with its buttons. */
int connections_page(http_req *r)
{
	view_obj *ctx = http_page_ctx(r, "Connections");
	int ni = 0, no = 0, nc = 0;
	view_list *in = people(r, STORE_CONN_LIST_INCOMING, &ni), *out = people(r, STORE_CONN_LIST_OUTGOING, &no);
	view_list *conn = people(r, STORE_CONN_LIST_CONNECTED, &nc);
	if (!ctx || !in || !out || !conn)
		return http_store_error(r, STORE_ERR);
	view_set_list(ctx, "incoming", in);
	view_set_list(ctx, "outgoing", out);
	view_set_list(ctx, "connections", conn);
	view_set_bool(ctx, "has_incoming", ni > 0);
	view_set_bool(ctx, "has_outgoing", no > 0);
	view_set_bool(ctx, "has_connections", nc > 0);
	view_set_int(ctx, "count", nc);
	return http_page(r, 200, view_connections, ctx);
}

static json_t *people_json(http_req *r, enum store_conn_list which)
{
	struct store_member_list l;
	if (store_connection_list(http_store(r), r->a, r->me.id, which, LIST_MAX, 0, &l) != 0)
		return NULL;
	json_t *arr = json_array();
	for (int i = 0; arr && i < l.n; i++)
		json_array_append_new(arr, json_pack("{s:s%, s:s%, s:b}", "handle", l.items[i].handle.p, l.items[i].handle.n,
						     "name", l.items[i].name.p, l.items[i].name.n, "verified",
						     l.items[i].verified));
	return arr;
}

/* GET /api/v1/connections — members: {connections, incoming, outgoing}. */
int api_connections(http_req *r)
{
	json_t *c = people_json(r, STORE_CONN_LIST_CONNECTED), *in = people_json(r, STORE_CONN_LIST_INCOMING);
	json_t *out = people_json(r, STORE_CONN_LIST_OUTGOING);
	if (!c || !in || !out) {
		json_decref(c);
		json_decref(in);
		json_decref(out);
		return http_store_error(r, STORE_ERR);
	}
	return http_json(r, 200, json_pack("{s:o, s:o, s:o}", "connections", c, "incoming", in, "outgoing", out));
}

static int api_answer(http_req *r, int rc, enum store_conn_state after, int ok_status)
{
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is no such member.", NULL);
	if (rc == 409)
		return http_error(r, 409, "conflict", "That does not fit the state of this connection.", NULL);
	if (rc == 403)
		return http_error(r, 403, "blocked", "One of you has blocked the other.", NULL);
	if (rc)
		return http_store_error(r, rc);
	if (ok_status == 204)
		return http_no_content(r);
	return http_json(r, ok_status, json_pack("{s:s}", "state", state_name(after)));
}

/* POST /api/v1/connections {handle} — members: asks; 201 {state}. */
int api_connection_request(http_req *r)
{
	if (r->in.nerr)
		return http_error(r, 422, "invalid", "Give the member's handle.", "handle");
	enum store_conn_state after = STORE_CONN_NONE;
	int rc = act(r, "connect", form_get(&r->in, "handle"), &after);
	return api_answer(r, rc, after, 201);
}

/* POST /api/v1/connections/:handle {decision: accept|decline} — members:
 * answers that member's request; 200 {state}. */
int api_connection_answer(http_req *r)
{
	if (r->in.nerr)
		return http_error(r, 422, "invalid", "The decision must be accept or decline.", "decision");
	enum store_conn_state after = STORE_CONN_NONE;
	const char *what = str_eqc(form_get(&r->in, "decision"), "accept") ? "accept" : "decline";
	int rc = act(r, what, r->params[0], &after);
	return api_answer(r, rc, after, 200);
}

/* DELETE /api/v1/connections/:handle — members: withdraws a request or
 * removes a connection; 204. */
int api_connection_remove(http_req *r)
{
	enum store_conn_state after = STORE_CONN_NONE;
	int rc = act(r, "disconnect", r->params[0], &after);
	return api_answer(r, rc, after, 204);
}

/* For the profile page: the reader's state with member `id` ("none",
 * "requested", "asked_you", "connected"), or NULL when it is not for
 * them (a visitor, or their own profile). */
const char *connect_state_for(http_req *r, int64_t id)
{
	if (!r->reader.signed_in || r->reader.id == id || !policy_allows(&r->reader, ACT_CONNECT, NULL))
		return NULL;
	enum store_conn_state s;
	return store_connection_state(http_store(r), r->me.id, id, &s) == 0 ? state_name(s) : NULL;
}
