/* poll.c: polls in topics ("what would you do?").
 *
 * A topic's first post may carry one: a question, 2..10 options (one a
 * line), single or multiple choice, and optionally a closing time in days.
 * Members who may post in the forum vote once; the results show after
 * voting or once the poll closes (and to nobody before, so early votes do
 * not sway later ones).
 *
 *   POST /t/ID/vote {choice | c0..c9}          the page's vote form
 *   POST /api/v1/topics/ID/votes {choices}      ids, comma-separated
 *
 * The topic is found as the reader may see it (forum_topic), so a poll in
 * a forum they may not read is a 404 like the rest of its topic. */
#include <stdio.h>

#include "forum.h"

enum { POLL_LABEL_MAX = 200, POLL_DAYS_MAX = 365 };

static const struct form_field vote_fields[] = {
	{"choice", 20, 0, NULL}, {"c0", 20, 0, NULL}, {"c1", 20, 0, NULL}, {"c2", 20, 0, NULL},
	{"c3", 20, 0, NULL},     {"c4", 20, 0, NULL}, {"c5", 20, 0, NULL}, {"c6", 20, 0, NULL},
	{"c7", 20, 0, NULL},     {"c8", 20, 0, NULL}, {"c9", 20, 0, NULL}, {"choices", 240, 0, NULL},
};
const struct form_spec form_vote = FORM_SPEC(vote_fields);

/* The next line of `rest`, trimmed. */
static str next_line(str *rest)
{
	const char *nl = memchr(rest->p, '\n', rest->n);
	size_t len = nl ? (size_t)(nl - rest->p) : rest->n;
	str line = {rest->p, len};
	*rest = nl ? (str){nl + 1, rest->n - len - 1} : STR_NULL;
	return str_trim(line);
}

int forum_poll_of(http_req *r, struct store_poll_new *out, bool *has)
{
	*out = (struct store_poll_new){0};
	str q = str_trim(form_get(&r->in, "poll_question")), opts = form_get(&r->in, "poll_options");
	*has = q.n || str_trim(opts).n;
	if (!*has)
		return 0;
	if (!q.n)
		return form_set_error(&r->in, "poll_question", "must be given with the options"), 422;
	out->question = q;
	while (opts.n) {
		str line = next_line(&opts);
		if (!line.n)
			continue;
		if (out->noptions == STORE_POLL_OPTIONS_MAX)
			return form_set_error(&r->in, "poll_options", "may have at most 10 options"), 422;
		if (line.n > POLL_LABEL_MAX)
			return form_set_error(&r->in, "poll_options", "must each be at most 200 bytes"), 422;
		out->options[out->noptions++] = line;
	}
	if (out->noptions < 2)
		return form_set_error(&r->in, "poll_options", "must be at least two, one a line"), 422;
	out->multiple = form_bool(&r->in, "poll_multiple");
	str days = form_get(&r->in, "poll_days");
	if (days.n) {
		int64_t d = page_id(days);
		if (d < 1 || d > POLL_DAYS_MAX)
			return form_set_error(&r->in, "poll_days", "must be a number of days from 1 to 365"), 422;
		out->closes_at = r->now + d * 86400;
	}
	return 0;
}

/* Whether the results may be shown to the reader. */
static bool results_open(http_req *r, const struct store_poll *p)
{
	return p->voted || (p->closes_at && p->closes_at <= r->now);
}

int forum_poll_ctx(http_req *r, view_obj *ctx, const struct store_topic *t, bool can_post)
{
	struct store_poll p;
	int rc = store_poll_get(http_store(r), r->a, t->id, r->me.id, &p);
	if (rc == STORE_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	view_obj *o = view_obj_new(r->a);
	view_list *l = view_list_new(r->a);
	if (!o || !l)
		return STORE_ERR;
	bool closed = p.closes_at && p.closes_at <= r->now, shown = results_open(r, &p);
	for (int i = 0; i < p.noptions; i++) {
		view_obj *x = view_obj_new(r->a);
		char name[16];
		if (!x)
			return STORE_ERR;
		snprintf(name, sizeof name, "c%d", i);
		view_set_int(x, "id", p.options[i].id);
		view_set_str(x, "label", p.options[i].label);
		view_set_int(x, "votes", p.options[i].votes);
		view_set_int(x, "percent", p.voters ? p.options[i].votes * 100 / p.voters : 0);
		view_set_bool(x, "mine", p.options[i].mine);
		view_set_cstr(x, "field", p.multiple ? arena_strndup(r->a, name, strlen(name)) : "choice");
		view_list_push_obj(l, x);
	}
	view_set_str(o, "question", p.question);
	view_set_bool(o, "multiple", p.multiple);
	view_set_bool(o, "closed", closed);
	view_set_bool(o, "closes", p.closes_at && !closed);
	view_set_cstr(o, "closes_at", p.closes_at ? page_when(r, p.closes_at) : "");
	view_set_bool(o, "show_results", shown);
	view_set_bool(o, "can_vote", !shown && !closed && can_post && !t->locked);
	view_set_int(o, "voters", p.voters);
	view_set_list(o, "options", l);
	view_set_int(o, "topic", t->id);
	return view_set_obj(ctx, "poll", o);
}

json_t *forum_poll_json(http_req *r, int64_t topic)
{
	struct store_poll p;
	if (store_poll_get(http_store(r), r->a, topic, r->me.id, &p))
		return json_null();
	bool shown = results_open(r, &p);
	json_t *a = json_array();
	for (int i = 0; a && i < p.noptions; i++) {
		json_t *o = json_pack("{s:I, s:s%, s:b}", "id", (json_int_t)p.options[i].id, "label",
				      p.options[i].label.p, p.options[i].label.n, "mine", p.options[i].mine);
		if (o && shown)
			json_object_set_new(o, "votes", json_integer(p.options[i].votes));
		json_array_append_new(a, o);
	}
	return json_pack("{s:s%, s:b, s:I, s:b, s:b, s:I, s:o}", "question", p.question.p, p.question.n, "multiple",
			 p.multiple, "closes_at", (json_int_t)p.closes_at, "closed", p.closes_at && p.closes_at <= r->now,
			 "voted", p.voted, "voters", (json_int_t)(shown ? p.voters : 0), "options", a);
}

/* The ids the request chose: "choice", c0..c9, or "choices" (a,b,c). */
static int chosen(http_req *r, int64_t *ids)
{
	int n = 0;
	str one = form_get(&r->in, "choice");
	if (one.n)
		ids[n++] = page_id(one);
	for (int i = 0; i < STORE_POLL_OPTIONS_MAX && n < STORE_POLL_OPTIONS_MAX; i++) {
		char name[16];
		snprintf(name, sizeof name, "c%d", i);
		str v = form_get(&r->in, name);
		if (v.n)
			ids[n++] = page_id(v);
	}
	str list = form_get(&r->in, "choices");
	while (list.n && n <= STORE_POLL_OPTIONS_MAX) {
		const char *comma = memchr(list.p, ',', list.n);
		size_t len = comma ? (size_t)(comma - list.p) : list.n;
		str id = str_trim((str){list.p, len});
		list = comma ? (str){comma + 1, list.n - len - 1} : STR_NULL;
		if (id.n && n < STORE_POLL_OPTIONS_MAX + 1)
			ids[n++] = page_id(id);
	}
	return n;
}

/* Votes for the reader on topic :id: 0; 404; 409 with *why; 422 nothing
 * (or nonsense) chosen; or a store error. */
static int vote(http_req *r, int64_t *topic, const char **why)
{
	struct store_topic t;
	int rc = forum_topic(r, page_id(r->params[0]), &t);
	if (rc)
		return rc > 0 ? -404 : rc;
	*topic = t.id;
	if (forum_access(r, t.section, t.forum_id, ACT_FORUM_POST) || t.locked)
		return 404;
	int64_t ids[STORE_POLL_OPTIONS_MAX + 1];
	int n = chosen(r, ids);
	for (int i = 0; i < n; i++)
		if (!ids[i])
			return 422;
	if (n == 0 || n > STORE_POLL_OPTIONS_MAX)
		return 422;
	rc = store_poll_vote(http_store(r), t.id, r->me.id, ids, n, r->now);
	if (rc == STORE_ECONFLICT) {
		*why = "You have voted in this poll already, it has closed, or it takes one choice.";
		return 409;
	}
	return rc == STORE_ENOTFOUND ? 404 : rc;
}

/* POST /t/:id/vote {choice | c0..c9} — who may post in its forum: votes
 * once; back to the poll with its results (303). */
int poll_vote_post(http_req *r)
{
	int64_t topic = 0;
	const char *why = NULL;
	int rc = vote(r, &topic, &why);
	if (rc == -404)
		return 0;
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (rc == 409)
		return http_error(r, 409, "conflict", why, NULL);
	if (rc == 422)
		return http_error(r, 422, "invalid", "Choose an option of the poll.", "choice");
	if (rc)
		return http_store_error(r, rc);
	char to[48];
	snprintf(to, sizeof to, "/t/%lld#poll", (long long)topic);
	return http_redirect(r, to);
}

/* POST /api/v1/topics/:id/votes {choices: "ID,ID"} (or {choice: "ID"}) —
 * as the page: 200 the poll with its results. */
int api_poll_vote(http_req *r)
{
	int64_t topic = 0;
	const char *why = NULL;
	int rc = vote(r, &topic, &why);
	if (rc == -404)
		return 0;
	if (rc == 404)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (rc == 409)
		return http_error(r, 409, "conflict", why, NULL);
	if (rc == 422)
		return http_error(r, 422, "invalid", "choices must name options of the poll", "choices");
	if (rc)
		return http_store_error(r, rc);
	json_t *j = forum_poll_json(r, topic);
	return j ? http_json(r, 200, j) : http_store_error(r, STORE_ERR);
}
