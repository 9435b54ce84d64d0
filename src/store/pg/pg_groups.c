/* pg_groups.c: private groups in the PostgreSQL backend, call for call as
 * sqlite_groups.c: requests and the editors' decisions, a group's status,
 * its members and their roles, and invitations to a member or to an
 * email address.
 *
 * Invariants: a group is a forum in section 'group' and a row of
 * `groups` keyed by that forum's id; every write to a group is one
 * transaction (pg_txn) that first locks the group's row (PG_GROUP_LOCK),
 * so a group's writers queue there and its one owner, its member_count
 * and the checks an invitation makes before it is written hold against
 * concurrent writers; each writes its audit row (target "group:ID") in
 * the same transaction.  The forum's archived flag is true whenever the
 * group is not active (pending and declined too), so the forum writes
 * refuse it.  An email invitation's address is kept lower case (ASCII);
 * answering one makes it the answering member's (member_id set, email
 * '', as the table's CHECK wants).  Bodies run by pg_txn may run again
 * after a serialization failure, so each resets what it hands back first.
 * Strings handed out are copies in the caller's arena. */
#include "pg_int.h"

#include <stdio.h>

/* Runs a bound query whose rows the caller reads: 0 with q->res, or an
 * error with the query ended. */
static int run_rows(struct pg_q *q)
{
	int rc = pg_run(q);
	if (rc)
		pg_end(q);
	return rc;
}

/* A status column's enum (the CHECK allows only the five). */
static enum store_group_status col_status(struct pg_q *q, int row, int col)
{
	int st = store_group_status_parse(str_c(PQgetvalue(q->res, row, col)));
	return st < 0 ? STORE_GROUP_PENDING : (enum store_group_status)st;
}

/* A role column's enum; NULL or "" (not in the group) is NONE. */
static enum store_group_role col_role(struct pg_q *q, int row, int col)
{
	int role = store_group_role_parse(str_c(PQgetvalue(q->res, row, col)));
	return role < 0 ? STORE_GROUP_NONE : (enum store_group_role)role;
}

/* A text column as a str pointing into q->res (valid until pg_end). */
static str col_view(struct pg_q *q, int row, int col)
{
	return (str){PQgetvalue(q->res, row, col), (size_t)PQgetlength(q->res, row, col)};
}

/* Fills *g from row `row` (columns as in GROUP_SELECT). */
static int group_read(struct pg_q *q, arena *a, int row, struct store_group *g)
{
	str *text[] = {&g->slug, &g->name, &g->purpose, &g->audience};
	int err = 0;
	*g = (struct store_group){0};
	g->id = pg_col_int(q, row, 0);
	for (int i = 0; i < 4; i++)
		err |= pg_col_str(q, a, row, 1 + i, text[i]);
	g->clinical = pg_col_bool(q, row, 5);
	g->status = col_status(q, row, 6);
	g->requester_id = pg_col_int(q, row, 7);
	err |= pg_col_str(q, a, row, 8, &g->requester_name);
	err |= pg_col_str(q, a, row, 9, &g->requester_handle);
	g->owner_id = pg_col_int(q, row, 10);
	err |= pg_col_str(q, a, row, 11, &g->owner_name);
	err |= pg_col_str(q, a, row, 12, &g->owner_handle);
	err |= pg_col_str(q, a, row, 13, &g->reason);
	g->decided_at = pg_col_int(q, row, 14);
	g->member_count = pg_col_int(q, row, 15);
	g->topic_count = pg_col_int(q, row, 16);
	g->post_count = pg_col_int(q, row, 17);
	g->last_post_at = pg_col_int(q, row, 18);
	g->created_at = pg_col_int(q, row, 19);
	g->role = col_role(q, row, 20);
	return err ? STORE_ERR : 0;
}

/* Reads every row of a bound group query into *out and ends the query. */
static int group_rows(struct pg_q *q, arena *a, struct store_group_list *out)
{
	*out = (struct store_group_list){0};
	int rc = run_rows(q);
	if (rc)
		return rc;
	int n = PQntuples(q->res);
	struct store_group *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = group_read(q, a, i, &items[i]);
	pg_end(q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* Runs a statement of ($1 a, $2 b); no rows read.  `change`:
 * STORE_ENOTFOUND when nothing changed. */
static int exec2(store *s, enum pg_id id, const char *op, int64_t a, int64_t b, bool change)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, a);
	pg_int(&q, 2, b);
	return pg_exec(&q, change);
}

/* Inside a transaction: locks group `id`'s row (every group write does,
 * first) and gives its status.  STORE_ENOTFOUND when there is none. */
static int group_lock(store *s, int64_t id, const char *op, enum store_group_status *status)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_LOCK, op);
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	if ((rc = pg_row(&q)))
		return rc;
	*status = col_status(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* An audit row of a group action, target "group:ID". */
static int audit(store *s, int64_t actor, const char *action, int64_t group, str detail, int64_t now)
{
	return pg_forum_audit(s, actor, str_c(action), "group", group, detail, now);
}

/* Inside a transaction: opens (active) or closes group `id`'s forum to
 * the forum writes. */
static int forum_open(store *s, int64_t id, bool open, const char *op)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_FORUM_ARCHIVED, op);
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_bool(&q, 2, !open);
	rc = pg_exec(&q, true);
	return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
}

/* Inside a transaction: the group's member count moves by `by`. */
static int count_members(store *s, int64_t group, int64_t by)
{
	int rc = exec2(s, PG_GROUP_COUNT, "group_count", group, by, true);
	return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
}

/* Inside a transaction: a row of group_members.  STORE_ECONFLICT (the
 * key) when the member is in the group already. */
static int member_insert(store *s, int64_t group, int64_t member, enum store_group_role role, int64_t now)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_MEMBER_INSERT, "group_member_insert");
	if (rc)
		return rc;
	pg_int(&q, 1, group);
	pg_int(&q, 2, member);
	pg_text(&q, 3, str_c(store_group_role_name(role)));
	pg_int(&q, 4, now);
	return pg_exec(&q, false);
}

struct request_args {
	const struct store_group *g;
	int64_t requester, now, *id;
};

/* The forum first: its unique slug index refuses a slug taken by any
 * forum (a group's or not) with STORE_ECONFLICT. */
static int request_body(store *s, void *arg)
{
	const struct request_args *x = arg;
	*x->id = 0;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_FORUM_INSERT, "group_request");
	if (rc)
		return rc;
	pg_text(&q, 1, x->g->slug);
	pg_text(&q, 2, x->g->name);
	pg_text(&q, 3, x->g->purpose);
	pg_text(&q, 4, str_c(store_section_name(STORE_SECTION_GROUP)));
	pg_int(&q, 5, 0);
	pg_int(&q, 6, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	int64_t id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = forum_open(s, id, false, "group_request")) || (rc = pg_start(&q, s, PG_GROUP_INSERT, "group_request")))
		return rc;
	pg_int(&q, 1, id);
	pg_int(&q, 2, x->requester);
	pg_text(&q, 3, x->g->audience);
	pg_bool(&q, 4, x->g->clinical);
	pg_int(&q, 5, x->now);
	if ((rc = pg_exec(&q, false)) || (rc = audit(s, x->requester, "group.request", id, x->g->slug, x->now)))
		return rc;
	*x->id = id;
	return 0;
}

/* store_group_request: see store.h.  One transaction. */
int pg_group_request(store *s, const struct store_group *g, int64_t requester, int64_t now, int64_t *id)
{
	struct request_args x = {g, requester, now, id};
	int rc = pg_txn(s, "group_request", request_body, &x);
	if (rc)
		*id = 0;
	return rc;
}

/* One group by a bound query; STORE_ENOTFOUND if none. */
static int group_one(struct pg_q *q, arena *a, struct store_group *out)
{
	int rc = pg_row(q);
	if (rc)
		return rc;
	rc = group_read(q, a, 0, out);
	pg_end(q);
	return rc;
}

/* store_group_get: see store.h. */
int pg_group_get(store *s, arena *a, int64_t id, int64_t reader, struct store_group *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_GET, "group_get");
	if (rc)
		return rc;
	pg_int(&q, 1, reader);
	pg_int(&q, 2, id);
	return group_one(&q, a, out);
}

/* store_group_by_slug: see store.h.  Case-insensitive, as forum slugs. */
int pg_group_by_slug(store *s, arena *a, str slug, int64_t reader, struct store_group *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_BY_SLUG, "group_by_slug");
	if (rc)
		return rc;
	pg_int(&q, 1, reader);
	pg_text(&q, 2, slug);
	return group_one(&q, a, out);
}

/* store_group_mine: see store.h.  Every one (a member has few). */
int pg_group_mine(store *s, arena *a, int64_t member, struct store_group_list *out)
{
	struct pg_q q;
	*out = (struct store_group_list){0};
	int rc = pg_start(&q, s, PG_GROUP_MINE, "group_mine");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	return group_rows(&q, a, out);
}

/* store_group_list: see store.h.  A status out of range lists none. */
int pg_group_list(store *s, arena *a, int status, int limit, int offset, struct store_group_list *out)
{
	*out = (struct store_group_list){0};
	if (status >= STORE_GROUP_STATUS_MAX || status < -1)
		return 0;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_LIST, "group_list");
	if (rc)
		return rc;
	pg_text(&q, 1, str_c(status < 0 ? "" : store_group_status_name((enum store_group_status)status)));
	pg_int(&q, 2, pg_limit(limit));
	pg_int(&q, 3, pg_offset(offset));
	return group_rows(&q, a, out);
}

/* store_group_role: see store.h.  One statement. */
int pg_group_role(store *s, int64_t id, int64_t member, enum store_group_role *role,
		  enum store_group_status *status)
{
	*role = STORE_GROUP_NONE;
	*status = STORE_GROUP_PENDING;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_ROLE, "group_role");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_int(&q, 2, member);
	if ((rc = pg_row(&q)))
		return rc;
	*status = col_status(&q, 0, 0);
	*role = col_role(&q, 0, 1);
	pg_end(&q);
	return 0;
}

struct decide_args {
	int64_t id;
	bool approve;
	str reason;
	int64_t editor, now;
};

/* Locked first, so "no such group" and "not pending" tell apart. */
static int decide_body(store *s, void *arg)
{
	const struct decide_args *x = arg;
	enum store_group_status st;
	int rc = group_lock(s, x->id, "group_decide", &st);
	if (rc)
		return rc;
	if (st != STORE_GROUP_PENDING)
		return STORE_ECONFLICT;
	struct pg_q q;
	if ((rc = pg_start(&q, s, PG_GROUP_DECIDE, "group_decide")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_text(&q, 2, str_c(store_group_status_name(x->approve ? STORE_GROUP_ACTIVE : STORE_GROUP_DECLINED)));
	pg_text(&q, 3, x->reason);
	pg_int(&q, 4, x->editor);
	pg_int(&q, 5, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	int64_t requester = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if (x->approve && ((rc = member_insert(s, x->id, requester, STORE_GROUP_OWNER, x->now)) ||
			   (rc = forum_open(s, x->id, true, "group_decide"))))
		return rc;
	return audit(s, x->editor, x->approve ? "group.approve" : "group.decline", x->id, x->reason, x->now);
}

/* store_group_decide: see store.h.  One transaction. */
int pg_group_decide(store *s, int64_t id, bool approve, str reason, int64_t editor, int64_t now)
{
	struct decide_args x = {id, approve, reason, editor, now};
	return pg_txn(s, "group_decide", decide_body, &x);
}

/* The audit action of the move from `from` to `to`, NULL when the move
 * is not one store_group_set_status makes. */
static const char *status_move(enum store_group_status from, enum store_group_status to)
{
	if (from == STORE_GROUP_ACTIVE && to == STORE_GROUP_ARCHIVED)
		return "group.archive";
	if (from == STORE_GROUP_ARCHIVED && to == STORE_GROUP_ACTIVE)
		return "group.unarchive";
	if ((from == STORE_GROUP_ACTIVE || from == STORE_GROUP_ARCHIVED) && to == STORE_GROUP_SUSPENDED)
		return "group.suspend";
	if (from == STORE_GROUP_SUSPENDED && to == STORE_GROUP_ACTIVE)
		return "group.unsuspend";
	return NULL;
}

struct status_args {
	int64_t id;
	enum store_group_status to;
	str reason;
	int64_t actor, now;
};

static int status_body(store *s, void *arg)
{
	const struct status_args *x = arg;
	enum store_group_status from;
	int rc = group_lock(s, x->id, "group_set_status", &from);
	if (rc)
		return rc;
	const char *action = status_move(from, x->to);
	if (!action)
		return STORE_ECONFLICT;
	bool editors = x->to == STORE_GROUP_SUSPENDED || from == STORE_GROUP_SUSPENDED;
	struct pg_q q;
	if ((rc = pg_start(&q, s, PG_GROUP_STATUS, "group_set_status")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_text(&q, 2, str_c(store_group_status_name(x->to)));
	pg_text(&q, 3, x->reason);
	pg_int(&q, 4, x->actor);
	pg_int(&q, 5, x->now);
	pg_bool(&q, 6, editors);
	if ((rc = pg_exec(&q, false)) || (rc = forum_open(s, x->id, x->to == STORE_GROUP_ACTIVE, "group_set_status")))
		return rc;
	if (x->to == STORE_GROUP_SUSPENDED) {
		if ((rc = pg_start(&q, s, PG_GROUP_NOTES_CLOSE, "group_set_status")))
			return rc;
		pg_int(&q, 1, x->id);
		pg_int(&q, 2, x->now);
		if ((rc = pg_exec(&q, false)))
			return rc;
	}
	return audit(s, x->actor, action, x->id, x->reason, x->now);
}

/* store_group_set_status: see store.h.  One transaction; the group's
 * reason (and who decided, when) moves only with an editor's decision. */
int pg_group_set_status(store *s, int64_t id, enum store_group_status to, str reason, int64_t actor, int64_t now)
{
	struct status_args x = {id, to, reason, actor, now};
	return pg_txn(s, "group_set_status", status_body, &x);
}

/* Fills *m from row `row` (columns as in PG_GROUP_MEMBERS). */
static int member_read(struct pg_q *q, arena *a, int row, struct store_group_member *m)
{
	int err = 0;
	*m = (struct store_group_member){0};
	m->member_id = pg_col_int(q, row, 0);
	err |= pg_col_str(q, a, row, 1, &m->name);
	err |= pg_col_str(q, a, row, 2, &m->handle);
	m->verified = pg_col_bool(q, row, 3);
	m->suspended = pg_col_bool(q, row, 4);
	m->role = col_role(q, row, 5);
	m->joined_at = pg_col_int(q, row, 6);
	return err ? STORE_ERR : 0;
}

/* store_group_members: see store.h.  No such group: none. */
int pg_group_members(store *s, arena *a, int64_t id, struct store_group_member_list *out)
{
	struct pg_q q;
	*out = (struct store_group_member_list){0};
	int rc = pg_start(&q, s, PG_GROUP_MEMBERS, "group_members");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_group_member *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = member_read(&q, a, i, &items[i]);
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

struct member_args {
	int64_t id, member;
	enum store_group_role role;
	int64_t actor, now;
};

/* Inside a transaction: `member` leaves group `id`: their row, the
 * count, their watches of its topics, and what they were told of them
 * (read now). */
static int member_remove(store *s, int64_t id, int64_t member, int64_t now)
{
	int rc = exec2(s, PG_GROUP_MEMBER_DELETE, "group_member_set", id, member, true);
	if (rc || (rc = count_members(s, id, -1)) ||
	    (rc = exec2(s, PG_GROUP_UNWATCH, "group_member_set", id, member, false)))
		return rc;
	struct pg_q q;
	if ((rc = pg_start(&q, s, PG_GROUP_NOTIF_READ, "group_member_set")))
		return rc;
	pg_int(&q, 1, id);
	pg_int(&q, 2, member);
	pg_int(&q, 3, now);
	return pg_exec(&q, false);
}

/* Inside a transaction: sets `member`'s role in group `id` to `role`. */
static int member_role(store *s, int64_t id, int64_t member, enum store_group_role role)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_MEMBER_ROLE, "group_member_set");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_int(&q, 2, member);
	pg_text(&q, 3, str_c(store_group_role_name(role)));
	return pg_exec(&q, true);
}

/* Inside a transaction: the owner of group `id` becomes a co-owner (a
 * handover; the new owner's role is set next).  An approved group has
 * its owner, so none is STORE_ERR. */
static int owner_step_down(store *s, int64_t id)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_OWNER_STEP_DOWN, "group_member_set");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	rc = pg_exec(&q, true);
	return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
}

/* The change from `now` to `to`: its audit action, or NULL when it is
 * refused (the owner removed or demoted, or nothing changes). */
static const char *role_move(enum store_group_role now, enum store_group_role to, bool self)
{
	if (now == to || (now == STORE_GROUP_OWNER && to != STORE_GROUP_OWNER))
		return NULL;
	if (to == STORE_GROUP_NONE)
		return self ? "group.leave" : "group.remove";
	return to == STORE_GROUP_OWNER ? "group.handover" : "group.role";
}

/* The group's lock, then the member's row (STORE_ENOTFOUND when not in
 * it), whose handle the audit row names while the result is held. */
static int member_set_body(store *s, void *arg)
{
	const struct member_args *x = arg;
	enum store_group_status st;
	struct pg_q q;
	int rc = group_lock(s, x->id, "group_member_set", &st);
	if (rc || (rc = pg_start(&q, s, PG_GROUP_MEMBER_GET, "group_member_set")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_int(&q, 2, x->member);
	if ((rc = pg_row(&q)))
		return rc;
	const char *action = role_move(col_role(&q, 0, 0), x->role, x->actor == x->member);
	if (!action)
		rc = STORE_ECONFLICT;
	else if (x->role == STORE_GROUP_NONE)
		rc = member_remove(s, x->id, x->member, x->now);
	else if (x->role == STORE_GROUP_OWNER)
		rc = owner_step_down(s, x->id);
	if (rc == 0 && x->role != STORE_GROUP_NONE)
		rc = member_role(s, x->id, x->member, x->role);
	if (rc == 0) {
		str handle = col_view(&q, 0, 1);
		char detail[96];
		if (x->role == STORE_GROUP_MEMBER || x->role == STORE_GROUP_COOWNER) {
			snprintf(detail, sizeof detail, "%.*s %s", (int)handle.n, handle.p, store_group_role_name(x->role));
			handle = str_c(detail);
		}
		rc = audit(s, x->actor, action, x->id, handle, x->now);
	}
	pg_end(&q);
	return rc;
}

/* store_group_member_set: see store.h.  One transaction.  Audited
 * (group.leave, group.remove, group.handover: the member's handle;
 * group.role: the handle and the new role, as "HANDLE coowner"). */
int pg_group_member_set(store *s, int64_t id, int64_t member, enum store_group_role role, int64_t actor,
			int64_t now)
{
	if (role < STORE_GROUP_NONE || role >= STORE_GROUP_ROLE_MAX)
		return STORE_ERR;
	struct member_args x = {id, member, role, actor, now};
	return pg_txn(s, "group_member_set", member_set_body, &x);
}

struct invite_args {
	int64_t id, member;
	str email;
	int64_t inviter, now, *out;
};

/* Inside a transaction, the group locked: STORE_ECONFLICT when the one
 * invited (member `member`, or whoever holds `address`) is in group `id`
 * or has a pending invitation to it. */
static int invite_conflict(store *s, int64_t id, int64_t member, str address)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_INVITE_CONFLICT, "group_invite");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_int(&q, 2, member);
	pg_text(&q, 3, address);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	bool taken = pg_col_bool(&q, 0, 0);
	pg_end(&q);
	return taken ? STORE_ECONFLICT : 0;
}

/* Inside a transaction: writes the invitation (the address folded by the
 * statement), gives its id and writes its audit row, whose detail is
 * `handle` (the member's), or the address as kept. */
static int invite_insert(store *s, const struct invite_args *x, str address, str handle)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_INVITE_INSERT, "group_invite");
	if (rc)
		return rc;
	pg_int(&q, 1, x->id);
	pg_int(&q, 2, x->member);
	pg_text(&q, 3, address);
	pg_int(&q, 4, x->inviter);
	pg_int(&q, 5, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*x->out = pg_col_int(&q, 0, 0);
	rc = audit(s, x->inviter, "group.invite", x->id, x->member ? handle : col_view(&q, 0, 1), x->now);
	pg_end(&q);
	return rc;
}

/* The group's lock, then the member (STORE_ENOTFOUND when none), whose
 * address and handle are held while the checks and the audit use them. */
static int invite_body(store *s, void *arg)
{
	const struct invite_args *x = arg;
	*x->out = 0;
	enum store_group_status st;
	struct pg_q mq = {0};
	str address = x->email, handle = STR_NULL;
	int rc = group_lock(s, x->id, "group_invite", &st);
	if (rc)
		return rc;
	if (x->member) {
		if ((rc = pg_start(&mq, s, PG_GROUP_INVITEE, "group_invite")))
			return rc;
		pg_int(&mq, 1, x->member);
		if ((rc = pg_row(&mq)))
			return rc;
		address = col_view(&mq, 0, 0);
		handle = col_view(&mq, 0, 1);
	}
	if ((rc = invite_conflict(s, x->id, x->member, address)) == 0)
		rc = invite_insert(s, x, address, handle);
	if (x->member)
		pg_end(&mq);
	return rc;
}

/* store_group_invite: see store.h.  One transaction, audited with the
 * member's handle or the address (lower case).  Without a member, an empty address or
 * one longer than any can be (as the SQLite backend's) is STORE_ERR. */
int pg_group_invite(store *s, int64_t id, int64_t member, str email, int64_t inviter, int64_t now, int64_t *out)
{
	*out = 0;
	if (!member && (email.n == 0 || email.n >= 320))
		return STORE_ERR;
	struct invite_args x = {id, member, member ? STR_NULL : email, inviter, now, out};
	int rc = pg_txn(s, "group_invite", invite_body, &x);
	if (rc)
		*out = 0;
	return rc;
}

/* Fills *v from row `row` (columns as in INVITE_SELECT). */
static int invitation_read(struct pg_q *q, arena *a, int row, struct store_group_invitation *v)
{
	str *text[] = {&v->email, &v->member_name, &v->member_handle, &v->inviter_name, &v->inviter_handle,
		       &v->status};
	int err = 0;
	*v = (struct store_group_invitation){0};
	v->id = pg_col_int(q, row, 0);
	v->group_id = pg_col_int(q, row, 1);
	v->member_id = pg_col_int(q, row, 2);
	v->inviter_id = pg_col_int(q, row, 3);
	for (int i = 0; i < 6; i++)
		err |= pg_col_str(q, a, row, 4 + i, text[i]);
	v->created_at = pg_col_int(q, row, 10);
	err |= pg_col_str(q, a, row, 11, &v->group_slug);
	err |= pg_col_str(q, a, row, 12, &v->group_name);
	err |= pg_col_str(q, a, row, 13, &v->group_purpose);
	return err ? STORE_ERR : 0;
}

/* Reads every row of a bound invitation query into *out and ends it. */
static int invitation_rows(struct pg_q *q, arena *a, struct store_group_invitation_list *out)
{
	*out = (struct store_group_invitation_list){0};
	int rc = run_rows(q);
	if (rc)
		return rc;
	int n = PQntuples(q->res);
	struct store_group_invitation *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = invitation_read(q, a, i, &items[i]);
	pg_end(q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* store_group_invitations: see store.h. */
int pg_group_invitations(store *s, arena *a, int64_t id, struct store_group_invitation_list *out)
{
	struct pg_q q;
	*out = (struct store_group_invitation_list){0};
	int rc = pg_start(&q, s, PG_GROUP_INVITATIONS, "group_invitations");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	return invitation_rows(&q, a, out);
}

/* store_invitations_for: see store.h.  An empty address matches none. */
int pg_invitations_for(store *s, arena *a, int64_t member, str email, struct store_group_invitation_list *out)
{
	struct pg_q q;
	*out = (struct store_group_invitation_list){0};
	int rc = pg_start(&q, s, PG_GROUP_INVITATIONS_FOR, "invitations_for");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_text(&q, 2, email);
	return invitation_rows(&q, a, out);
}

/* store_invitation_get: see store.h. */
int pg_invitation_get(store *s, arena *a, int64_t id, struct store_group_invitation *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_INVITATION_GET, "invitation_get");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	if ((rc = pg_row(&q)))
		return rc;
	rc = invitation_read(&q, a, 0, out);
	pg_end(&q);
	return rc;
}

struct answer_args {
	int64_t id, member;
	str email;
	bool accept;
	int64_t now;
};

/* Inside a transaction: the group of invitation `id`, locked (as every
 * group write locks it first), if it is active; else STORE_ENOTFOUND. */
static int answer_lock(store *s, int64_t id, int64_t *group)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_GROUP_INVITATION_GROUP, "invitation_answer");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	if ((rc = pg_row(&q)))
		return rc;
	*group = pg_col_int(&q, 0, 0);
	pg_end(&q);
	enum store_group_status st;
	if ((rc = group_lock(s, *group, "invitation_answer", &st)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc; /* the key says it is there */
	return st == STORE_GROUP_ACTIVE ? 0 : STORE_ENOTFOUND;
}

/* The answer is written only if the invitation is still pending and to
 * them (STORE_ENOTFOUND); accepted, the member's row after it: its key
 * refuses one in the group already, which rolls the whole back. */
static int answer_body(store *s, void *arg)
{
	const struct answer_args *x = arg;
	int64_t group = 0;
	struct pg_q q;
	int rc = answer_lock(s, x->id, &group);
	if (rc || (rc = pg_start(&q, s, PG_GROUP_INVITATION_ANSWER, "invitation_answer")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_int(&q, 2, x->member);
	pg_text(&q, 3, x->email);
	pg_bool(&q, 4, x->accept);
	pg_int(&q, 5, x->now);
	if ((rc = pg_row(&q)))
		return rc;
	if (x->accept && (rc = member_insert(s, group, x->member, STORE_GROUP_MEMBER, x->now)) == 0 &&
	    (rc = count_members(s, group, 1)) == 0)
		rc = audit(s, x->member, "group.join", group, col_view(&q, 0, 0), x->now);
	pg_end(&q);
	return rc;
}

/* store_invitation_answer: see store.h.  One transaction.  Joining is
 * audited (group.join, the member's handle); declining is the invitee's
 * own business and is not.  No member (0) is STORE_ENOTFOUND. */
int pg_invitation_answer(store *s, int64_t id, int64_t member, str email, bool accept, int64_t now)
{
	if (member <= 0)
		return STORE_ENOTFOUND;
	struct answer_args x = {id, member, email, accept, now};
	return pg_txn(s, "invitation_answer", answer_body, &x);
}

struct revoke_args {
	int64_t id, group, actor, now;
};

static int revoke_body(store *s, void *arg)
{
	const struct revoke_args *x = arg;
	enum store_group_status st;
	struct pg_q q;
	int rc = group_lock(s, x->group, "invitation_revoke", &st);
	if (rc || (rc = pg_start(&q, s, PG_GROUP_INVITATION_REVOKE, "invitation_revoke")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_int(&q, 2, x->group);
	pg_int(&q, 3, x->now);
	if ((rc = pg_row(&q)))
		return rc;
	rc = audit(s, x->actor, "group.invite_revoke", x->group, col_view(&q, 0, 0), x->now);
	pg_end(&q);
	return rc;
}

/* store_invitation_revoke: see store.h.  One transaction. */
int pg_invitation_revoke(store *s, int64_t id, int64_t group, int64_t actor, int64_t now)
{
	struct revoke_args x = {id, group, actor, now};
	return pg_txn(s, "invitation_revoke", revoke_body, &x);
}
