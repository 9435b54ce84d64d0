/* sqlite_groups.c: private groups in the SQLite backend: requests and the
 * editors' decisions, a group's status, its members and their roles, and
 * invitations to it.
 *
 * Invariants: a group is its forum (section 'group') and its groups row,
 * made in one transaction; the forum is archived whenever the group is not
 * active (pending and declined too), so the forum writes refuse it.  An
 * approved group has exactly one group_members row with role 'owner', and
 * member_count equals its group_members rows.  Each write is one BEGIN
 * IMMEDIATE transaction that first reads what it must know, then writes
 * its rows and its audit row (target "group:ID"), so a refusal writes
 * nothing.  An email invitation's address is kept lower case; answering
 * one makes it the answering member's (member_id set, email '', as the
 * table's CHECK wants).  Every string handed out is a copy in the
 * caller's arena. */
#include "sqlite_int.h"

#include <stdio.h>

/* ---- Reading ----------------------------------------------------------- */

/* The group status named in text column `col`; the table's CHECK allows
 * only the five names, anything else would read as the most closed. */
static enum store_group_status status_of(struct sq_q *q, int col)
{
	const unsigned char *t = sqlite3_column_text(q->st, col);
	int v = store_group_status_parse(str_c(t ? (const char *)t : ""));
	return v < 0 ? STORE_GROUP_SUSPENDED : (enum store_group_status)v;
}

/* The role named in text column `col`: "" (no row) is NONE. */
static enum store_group_role role_of(struct sq_q *q, int col)
{
	const unsigned char *t = sqlite3_column_text(q->st, col);
	int v = store_group_role_parse(str_c(t ? (const char *)t : ""));
	return v < 0 ? STORE_GROUP_NONE : (enum store_group_role)v;
}

/* Reads the columns of GROUP_COLS (statements.c) into *g. */
static int group_read(struct sq_q *q, arena *a, struct store_group *g)
{
	int err = 0;
	*g = (struct store_group){0};
	g->id = sqlite3_column_int64(q->st, 0);
	err |= sq_col_str(q, a, 1, &g->slug);
	err |= sq_col_str(q, a, 2, &g->name);
	err |= sq_col_str(q, a, 3, &g->purpose);
	err |= sq_col_str(q, a, 4, &g->audience);
	g->clinical = sqlite3_column_int(q->st, 5) != 0;
	g->status = status_of(q, 6);
	g->requester_id = sqlite3_column_int64(q->st, 7);
	err |= sq_col_str(q, a, 8, &g->requester_name);
	err |= sq_col_str(q, a, 9, &g->requester_handle);
	g->owner_id = sqlite3_column_int64(q->st, 10);
	err |= sq_col_str(q, a, 11, &g->owner_name);
	err |= sq_col_str(q, a, 12, &g->owner_handle);
	err |= sq_col_str(q, a, 13, &g->reason);
	g->decided_at = sqlite3_column_int64(q->st, 14);
	g->member_count = sqlite3_column_int64(q->st, 15);
	g->topic_count = sqlite3_column_int64(q->st, 16);
	g->post_count = sqlite3_column_int64(q->st, 17);
	g->last_post_at = sqlite3_column_int64(q->st, 18);
	g->created_at = sqlite3_column_int64(q->st, 19);
	g->role = role_of(q, 20);
	return err ? STORE_ERR : 0;
}

/* Runs a bound lookup of one group and reads its row. */
static int group_find(struct sq_q *q, arena *a, struct store_group *out)
{
	int rc = sq_row(q, false);
	if (rc)
		return rc;
	rc = group_read(q, a, out);
	sq_end(q);
	return rc;
}

/* store_group_get: see store.h. */
int sq_group_get(store *s, arena *a, int64_t id, int64_t reader, struct store_group *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_GET, "group_get");
	if (rc)
		return rc;
	sq_int(&q, 1, reader);
	sq_int(&q, 2, id);
	return group_find(&q, a, out);
}

/* store_group_by_slug: see store.h.  Case-insensitive (ASCII), as the
 * forums' slugs are. */
int sq_group_by_slug(store *s, arena *a, str slug, int64_t reader, struct store_group *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_BY_SLUG, "group_by_slug");
	if (rc)
		return rc;
	sq_int(&q, 1, reader);
	sq_text(&q, 2, slug);
	return group_find(&q, a, out);
}

/* Reads every row of a bound group query (at most `limit`; 0: as many as
 * there are) and ends it. */
static int group_rows(struct sq_q *q, arena *a, int limit, struct store_group_list *out)
{
	struct store_group *items = NULL;
	int n = 0, cap = limit, err = 0, rc = SQLITE_DONE;
	if (limit && !(items = arena_alloc(a, (size_t)limit * sizeof *items))) {
		sq_end(q);
		return STORE_ERR;
	}
	while (!err && (!limit || n < limit) && (rc = sq_step(q)) == SQLITE_ROW) {
		if (n == cap && !(items = sq_grow(a, items, n, &cap, sizeof *items)))
			err = STORE_ERR;
		else
			err = group_read(q, a, &items[n++]);
	}
	if ((err = sq_list_end(q, err, n, limit ? limit : n + 1, rc)))
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_group_mine: see store.h.  Every one of them (a member is in few). */
int sq_group_mine(store *s, arena *a, int64_t member, struct store_group_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_MINE, "group_mine");
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	return group_rows(&q, a, 0, out);
}

/* store_group_list: see store.h.  A status out of range lists none. */
int sq_group_list(store *s, arena *a, int status, int limit, int offset, struct store_group_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_LIST, "group_list");
	if (rc)
		return rc;
	limit = sq_limit(limit);
	const char *name = status < 0 ? "" : store_group_status_name((enum store_group_status)status);
	sq_int(&q, 1, 0); /* no reader */
	sq_text(&q, 2, str_c(status >= 0 && !*name ? "-" : name));
	sq_int(&q, 3, limit);
	sq_int(&q, 4, offset);
	return group_rows(&q, a, limit, out);
}

/* store_group_role: see store.h.  A missing group reads as NONE and
 * pending (closed to all). */
int sq_group_role(store *s, int64_t id, int64_t member, enum store_group_role *role, enum store_group_status *status)
{
	*role = STORE_GROUP_NONE;
	*status = STORE_GROUP_PENDING;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_ROLE, "group_role");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_int(&q, 2, member);
	if ((rc = sq_row(&q, false)))
		return rc;
	*status = status_of(&q, 0);
	*role = role_of(&q, 1);
	sq_end(&q);
	return 0;
}

/* ---- Requests, decisions, status --------------------------------------- */

/* Reads group `id`'s status and requester: STORE_ENOTFOUND when there is
 * no such group. */
static int group_state(store *s, int64_t id, const char *op, enum store_group_status *status, int64_t *requester)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_STATE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	if ((rc = sq_row(&q, false)))
		return rc;
	*status = status_of(&q, 0);
	*requester = sqlite3_column_int64(q.st, 1);
	sq_end(&q);
	return 0;
}

/* An audit row of group `id`, inside the caller's transaction. */
static int group_audit(store *s, int64_t actor, const char *action, int64_t id, str detail, int64_t now)
{
	return sq_forum_audit(s, actor, str_c(action), "group", id, detail, now);
}

/* Opens (active) or closes group `id`'s forum to the forum writes. */
static int forum_open(store *s, int64_t id, bool open, const char *op)
{
	return sq_run(s, SQ_GROUP_FORUM_ARCHIVE, op, true, SQ_INTS(id, open ? 0 : 1));
}

static int request_body(store *s, const struct store_group *g, int64_t requester, int64_t now, int64_t *id)
{
	const char *op = "group_request";
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_FORUM_INSERT, op);
	if (rc)
		return rc;
	sq_text(&q, 1, g->slug);
	sq_text(&q, 2, g->name);
	sq_text(&q, 3, g->purpose);
	sq_text(&q, 4, str_c(store_section_name(STORE_SECTION_GROUP)));
	sq_int(&q, 5, 0);
	sq_int(&q, 6, now);
	if ((rc = sq_exec(&q, false))) /* a slug taken by any forum: STORE_ECONFLICT */
		return rc;
	*id = sqlite3_last_insert_rowid(q.c->db);
	if ((rc = forum_open(s, *id, false, op)))
		return rc;
	if ((rc = sq_start(&q, s, SQ_GROUP_INSERT, op)))
		return rc;
	sq_int(&q, 1, *id);
	sq_int(&q, 2, requester);
	sq_text(&q, 3, g->audience);
	sq_int(&q, 4, g->clinical);
	sq_int(&q, 5, now);
	if ((rc = sq_exec(&q, false)))
		return rc;
	return group_audit(s, requester, "group.request", *id, g->slug, now);
}

/* store_group_request: see store.h.  Audited with the slug as detail. */
int sq_group_request(store *s, const struct store_group *g, int64_t requester, int64_t now, int64_t *id)
{
	int rc = sq_begin(s, "group_request");
	if (rc)
		return rc;
	rc = sq_finish(s, request_body(s, g, requester, now, id), "group_request");
	if (rc)
		*id = 0;
	return rc;
}

/* Records an editor's decision on group `id`: its new status, the reason,
 * who and when. */
static int record_decision(store *s, int64_t id, enum store_group_status to, str reason, int64_t editor, int64_t now,
			   const char *op)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_DECIDE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_text(&q, 2, str_c(store_group_status_name(to)));
	sq_text(&q, 3, reason);
	sq_int(&q, 4, editor);
	sq_int(&q, 5, now);
	return sq_exec(&q, true);
}

/* Adds `member` to group `id` with `role` and counts them. */
static int member_add(store *s, int64_t id, int64_t member, enum store_group_role role, int64_t now, const char *op)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_MEMBER_INSERT, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_int(&q, 2, member);
	sq_text(&q, 3, str_c(store_group_role_name(role)));
	sq_int(&q, 4, now);
	if ((rc = sq_exec(&q, false)))
		return rc;
	return sq_run(s, SQ_GROUP_COUNT, op, true, SQ_INTS(id, 1));
}

static int decide_body(store *s, int64_t id, bool approve, str reason, int64_t editor, int64_t now)
{
	const char *op = "group_decide";
	enum store_group_status status;
	int64_t requester;
	int rc = group_state(s, id, op, &status, &requester);
	if (rc || status != STORE_GROUP_PENDING)
		return rc ? rc : STORE_ECONFLICT;
	enum store_group_status to = approve ? STORE_GROUP_ACTIVE : STORE_GROUP_DECLINED;
	if ((rc = record_decision(s, id, to, reason, editor, now, op)))
		return rc;
	if (approve && (rc = member_add(s, id, requester, STORE_GROUP_OWNER, now, op)))
		return rc;
	if (approve && (rc = forum_open(s, id, true, op)))
		return rc;
	return group_audit(s, editor, approve ? "group.approve" : "group.decline", id, reason, now);
}

/* store_group_decide: see store.h.  Audited with the reason as detail. */
int sq_group_decide(store *s, int64_t id, bool approve, str reason, int64_t editor, int64_t now)
{
	int rc = sq_begin(s, "group_decide");
	if (rc)
		return rc;
	return sq_finish(s, decide_body(s, id, approve, reason, editor, now), "group_decide");
}

/* The audit action of moving a group from `from` to `to`, or NULL when
 * that is not a move store_group_set_status makes. */
static const char *move_action(enum store_group_status from, enum store_group_status to)
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

static int set_status_body(store *s, int64_t id, enum store_group_status to, str reason, int64_t actor, int64_t now)
{
	const char *op = "group_set_status";
	enum store_group_status from;
	int64_t requester;
	int rc = group_state(s, id, op, &from, &requester);
	if (rc)
		return rc;
	const char *action = move_action(from, to);
	if (!action)
		return STORE_ECONFLICT;
	/* Suspending and lifting it are the editors' decisions, kept with
	 * their reason; archiving is the owner's and keeps the last one. */
	if (to == STORE_GROUP_SUSPENDED || from == STORE_GROUP_SUSPENDED) {
		rc = record_decision(s, id, to, reason, actor, now, op);
	} else {
		struct sq_q q;
		if ((rc = sq_start(&q, s, SQ_GROUP_STATUS, op)))
			return rc;
		sq_int(&q, 1, id);
		sq_text(&q, 2, str_c(store_group_status_name(to)));
		rc = sq_exec(&q, true);
	}
	if (rc == 0)
		rc = forum_open(s, id, to == STORE_GROUP_ACTIVE, op);
	if (rc == 0 && to == STORE_GROUP_SUSPENDED)
		rc = sq_run(s, SQ_GROUP_NOTES_CLOSE, op, false, SQ_INTS(id, now));
	if (rc)
		return rc;
	return group_audit(s, actor, action, id, reason, now);
}

/* store_group_set_status: see store.h.  Audited with the reason as
 * detail. */
int sq_group_set_status(store *s, int64_t id, enum store_group_status to, str reason, int64_t actor, int64_t now)
{
	int rc = sq_begin(s, "group_set_status");
	if (rc)
		return rc;
	return sq_finish(s, set_status_body(s, id, to, reason, actor, now), "group_set_status");
}

/* ---- Members ----------------------------------------------------------- */

/* store_group_members: see store.h.  Every one of them; none for a
 * missing group. */
int sq_group_members(store *s, arena *a, int64_t id, struct store_group_member_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_MEMBERS, "group_members");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	struct store_group_member *items = NULL;
	int n = 0, cap = 0, err = 0;
	while (!err && (rc = sq_step(&q)) == SQLITE_ROW) {
		if (n == cap && !(items = sq_grow(a, items, n, &cap, sizeof *items))) {
			err = STORE_ERR;
			break;
		}
		struct store_group_member *m = &items[n++];
		*m = (struct store_group_member){0};
		m->member_id = sqlite3_column_int64(q.st, 0);
		err |= sq_col_str(&q, a, 1, &m->name);
		err |= sq_col_str(&q, a, 2, &m->handle);
		m->verified = sqlite3_column_int(q.st, 3) != 0;
		m->suspended = sqlite3_column_int(q.st, 4) != 0;
		m->role = role_of(&q, 5);
		m->joined_at = sqlite3_column_int64(q.st, 6);
	}
	if ((err = sq_list_end(&q, err, n, n + 1, rc)))
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* `member`'s role in group `id` and their handle (cut to fit `handle`,
 * for audit rows): STORE_ENOTFOUND when they are not in it. */
static int member_get(store *s, int64_t id, int64_t member, const char *op, enum store_group_role *role,
		      char *handle, size_t n)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_MEMBER_GET, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_int(&q, 2, member);
	if ((rc = sq_row(&q, false)))
		return rc;
	*role = role_of(&q, 0);
	const unsigned char *t = sqlite3_column_text(q.st, 1);
	snprintf(handle, n, "%s", t ? (const char *)t : "");
	sq_end(&q);
	return 0;
}

/* Sets `member`'s row in group `id` to `role`. */
static int role_write(store *s, int64_t id, int64_t member, enum store_group_role role, const char *op)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_MEMBER_ROLE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_int(&q, 2, member);
	sq_text(&q, 3, str_c(store_group_role_name(role)));
	return sq_exec(&q, true);
}

/* Takes `member` out of group `id`: their row and count, their watches of
 * its topics, and their unread notifications of them read. */
static int member_remove(store *s, int64_t id, int64_t member, int64_t now, const char *op)
{
	int rc = sq_run(s, SQ_GROUP_MEMBER_DELETE, op, true, SQ_INTS(id, member));
	if (rc == 0)
		rc = sq_run(s, SQ_GROUP_COUNT, op, true, SQ_INTS(id, -1));
	if (rc == 0)
		rc = sq_run(s, SQ_GROUP_UNWATCH, op, false, SQ_INTS(id, member));
	if (rc == 0)
		rc = sq_run(s, SQ_GROUP_NOTIF_READ, op, false, SQ_INTS(id, member, now));
	return rc;
}

/* Makes `member` the owner of group `id`; whoever owned it until now
 * (if anyone: there always is, once approved) becomes a co-owner. */
static int handover(store *s, int64_t id, int64_t member, const char *op)
{
	int64_t owner = 0;
	int rc = sq_run_int(s, SQ_GROUP_OWNER, op, SQ_INTS(id), &owner);
	if (rc == 0)
		rc = role_write(s, id, owner, STORE_GROUP_COOWNER, op);
	if (rc && rc != STORE_ENOTFOUND)
		return rc;
	return role_write(s, id, member, STORE_GROUP_OWNER, op);
}

struct member_change {
	int64_t id, member;
	enum store_group_role role;
	int64_t actor, now;
};

static int member_set_body(store *s, const struct member_change *x)
{
	const char *op = "group_member_set";
	enum store_group_role cur;
	char handle[64], detail[96];
	int rc = member_get(s, x->id, x->member, op, &cur, handle, sizeof handle);
	if (rc)
		return rc;
	if (x->role == cur || cur == STORE_GROUP_OWNER)
		return STORE_ECONFLICT; /* no change, or the group left without its owner */
	const char *action;
	switch (x->role) {
	case STORE_GROUP_NONE:
		rc = member_remove(s, x->id, x->member, x->now, op);
		action = x->actor == x->member ? "group.leave" : "group.remove";
		snprintf(detail, sizeof detail, "%s", handle);
		break;
	case STORE_GROUP_MEMBER:
	case STORE_GROUP_COOWNER:
		rc = role_write(s, x->id, x->member, x->role, op);
		action = "group.role";
		snprintf(detail, sizeof detail, "%s %s", handle, store_group_role_name(x->role));
		break;
	case STORE_GROUP_OWNER:
		rc = handover(s, x->id, x->member, op);
		action = "group.handover";
		snprintf(detail, sizeof detail, "%s", handle);
		break;
	default:
		return STORE_ERR;
	}
	if (rc)
		return rc;
	return group_audit(s, x->actor, action, x->id, str_c(detail), x->now);
}

/* store_group_member_set: see store.h.  Audited (group.leave,
 * group.remove, group.handover: the member's handle; group.role: the
 * handle and the new role, as "HANDLE coowner"). */
int sq_group_member_set(store *s, int64_t id, int64_t member, enum store_group_role role, int64_t actor,
			int64_t now)
{
	struct member_change x = {id, member, role, actor, now};
	int rc = sq_begin(s, "group_member_set");
	if (rc)
		return rc;
	return sq_finish(s, member_set_body(s, &x), "group_member_set");
}

/* ---- Invitations ------------------------------------------------------- */

/* Live member `member`'s address (lower case) and handle, each cut to
 * fit: STORE_ENOTFOUND when there is no such member, or they are gone. */
static int invitee(store *s, int64_t member, const char *op, char *email, size_t en, char *handle, size_t hn)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_INVITEE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	if ((rc = sq_row(&q, false)))
		return rc;
	const unsigned char *e = sqlite3_column_text(q.st, 0), *h = sqlite3_column_text(q.st, 1);
	snprintf(email, en, "%s", e ? (const char *)e : "");
	snprintf(handle, hn, "%s", h ? (const char *)h : "");
	sq_end(&q);
	return 0;
}

/* Whether inviting `member` (0: none) or the address `email` to group
 * `id` clashes with someone in it or a pending invitation: 0, or
 * STORE_ECONFLICT. */
static int invite_clash(store *s, int64_t id, int64_t member, str email, const char *op)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_INVITE_CLASH, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_int(&q, 2, member);
	sq_text(&q, 3, email);
	if ((rc = sq_row(&q, false)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	bool clash = sqlite3_column_int(q.st, 0) != 0;
	sq_end(&q);
	return clash ? STORE_ECONFLICT : 0;
}

struct invite {
	int64_t id, member;
	str email; /* lower case, when member is 0 */
	int64_t inviter, now, *out;
};

static int invite_body(store *s, const struct invite *x)
{
	const char *op = "group_invite";
	enum store_group_status status;
	int64_t requester;
	char email[320], handle[64];
	int rc = group_state(s, x->id, op, &status, &requester);
	if (rc == 0 && x->member)
		rc = invitee(s, x->member, op, email, sizeof email, handle, sizeof handle);
	if (rc)
		return rc;
	str addr = x->member ? str_c(email) : x->email;
	if ((rc = invite_clash(s, x->id, x->member, addr, op)))
		return rc;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_GROUP_INVITE_INSERT, op)))
		return rc;
	sq_int(&q, 1, x->id);
	sq_int(&q, 2, x->member);
	sq_text(&q, 3, x->email);
	sq_int(&q, 4, x->inviter);
	sq_int(&q, 5, x->now);
	if ((rc = sq_exec(&q, false)))
		return rc;
	*x->out = sqlite3_last_insert_rowid(q.c->db);
	return group_audit(s, x->inviter, "group.invite", x->id, x->member ? str_c(handle) : x->email, x->now);
}

/* store_group_invite: see store.h.  An address is kept lower case (ASCII,
 * as the members' addresses are matched); an empty one, or one longer
 * than any address can be, is STORE_ERR.  Audited with the member's
 * handle or the address as detail. */
int sq_group_invite(store *s, int64_t id, int64_t member, str email, int64_t inviter, int64_t now, int64_t *out)
{
	char lower[320];
	*out = 0;
	if (!member && (email.n == 0 || email.n >= sizeof lower))
		return STORE_ERR;
	for (size_t i = 0; !member && i < email.n; i++)
		lower[i] = email.p[i] >= 'A' && email.p[i] <= 'Z' ? (char)(email.p[i] - 'A' + 'a') : email.p[i];
	struct invite x = {id, member, member ? STR_NULL : (str){lower, email.n}, inviter, now, out};
	int rc = sq_begin(s, "group_invite");
	if (rc)
		return rc;
	rc = sq_finish(s, invite_body(s, &x), "group_invite");
	if (rc)
		*out = 0;
	return rc;
}

/* Reads the columns of INVITATION_COLS (statements.c) into *v. */
static int invitation_read(struct sq_q *q, arena *a, struct store_group_invitation *v)
{
	int err = 0;
	*v = (struct store_group_invitation){0};
	v->id = sqlite3_column_int64(q->st, 0);
	v->group_id = sqlite3_column_int64(q->st, 1);
	v->member_id = sqlite3_column_int64(q->st, 2);
	v->inviter_id = sqlite3_column_int64(q->st, 3);
	err |= sq_col_str(q, a, 4, &v->email);
	err |= sq_col_str(q, a, 5, &v->member_name);
	err |= sq_col_str(q, a, 6, &v->member_handle);
	err |= sq_col_str(q, a, 7, &v->inviter_name);
	err |= sq_col_str(q, a, 8, &v->inviter_handle);
	err |= sq_col_str(q, a, 9, &v->status);
	v->created_at = sqlite3_column_int64(q->st, 10);
	err |= sq_col_str(q, a, 11, &v->group_slug);
	err |= sq_col_str(q, a, 12, &v->group_name);
	err |= sq_col_str(q, a, 13, &v->group_purpose);
	return err ? STORE_ERR : 0;
}

/* Reads every row of a bound invitation query and ends it. */
static int invitation_rows(struct sq_q *q, arena *a, struct store_group_invitation_list *out)
{
	struct store_group_invitation *items = NULL;
	int n = 0, cap = 0, err = 0, rc = SQLITE_DONE;
	while (!err && (rc = sq_step(q)) == SQLITE_ROW) {
		if (n == cap && !(items = sq_grow(a, items, n, &cap, sizeof *items)))
			err = STORE_ERR;
		else
			err = invitation_read(q, a, &items[n++]);
	}
	if ((err = sq_list_end(q, err, n, n + 1, rc)))
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_group_invitations: see store.h.  Every pending one. */
int sq_group_invitations(store *s, arena *a, int64_t id, struct store_group_invitation_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_INVITATIONS, "group_invitations");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	return invitation_rows(&q, a, out);
}

/* store_invitations_for: see store.h.  `email` "" looks at `member`'s
 * own invitations only. */
int sq_invitations_for(store *s, arena *a, int64_t member, str email, struct store_group_invitation_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_INVITATIONS_FOR, "invitations_for");
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	sq_text(&q, 2, email);
	return invitation_rows(&q, a, out);
}

/* store_invitation_get: see store.h. */
int sq_invitation_get(store *s, arena *a, int64_t id, struct store_group_invitation *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_INVITATION_GET, "invitation_get");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	if ((rc = sq_row(&q, false)))
		return rc;
	rc = invitation_read(&q, a, out);
	sq_end(&q);
	return rc;
}

/* What an answer or a withdrawal must know of an invitation. */
struct invitation_state {
	int64_t group_id;
	bool pending, active, to_me; /* to_me: to the member (or address) asked about */
	char who[320];               /* the invited member's handle, or the address */
};

/* Reads invitation `id`'s state, asking whether it is to `member` or
 * `email`: STORE_ENOTFOUND when there is no such invitation. */
static int invitation_state(store *s, int64_t id, int64_t member, str email, const char *op,
			    struct invitation_state *v)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_INVITATION_STATE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_int(&q, 2, member);
	sq_text(&q, 3, email);
	if ((rc = sq_row(&q, false)))
		return rc;
	v->group_id = sqlite3_column_int64(q.st, 0);
	v->pending = sqlite3_column_int(q.st, 1) != 0;
	v->active = sqlite3_column_int(q.st, 2) != 0;
	v->to_me = sqlite3_column_int(q.st, 3) != 0;
	const unsigned char *t = sqlite3_column_text(q.st, 4);
	snprintf(v->who, sizeof v->who, "%s", t ? (const char *)t : "");
	sq_end(&q);
	return 0;
}

/* Closes pending invitation `id` with `status`; `member` (0: none) is
 * the member answering, whose it becomes. */
static int invitation_close(store *s, int64_t id, const char *status, int64_t member, int64_t now, const char *op)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_GROUP_INVITATION_DECIDE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_text(&q, 2, str_c(status));
	sq_int(&q, 3, member);
	sq_int(&q, 4, now);
	return sq_exec(&q, true);
}

struct answer {
	int64_t id, member;
	str email;
	bool accept;
	int64_t now;
};

static int answer_body(store *s, const struct answer *x)
{
	const char *op = "invitation_answer";
	struct invitation_state v;
	int rc = invitation_state(s, x->id, x->member, x->email, op, &v);
	if (rc || !v.pending || !v.active || !v.to_me)
		return rc ? rc : STORE_ENOTFOUND;
	if (!x->accept)
		return invitation_close(s, x->id, "declined", x->member, x->now, op);
	enum store_group_role cur;
	char email[320], handle[64];
	rc = member_get(s, v.group_id, x->member, op, &cur, handle, sizeof handle);
	if (rc != STORE_ENOTFOUND)
		return rc ? rc : STORE_ECONFLICT; /* in the group already */
	if ((rc = invitee(s, x->member, op, email, sizeof email, handle, sizeof handle)))
		return rc;
	if ((rc = member_add(s, v.group_id, x->member, STORE_GROUP_MEMBER, x->now, op)))
		return rc;
	if ((rc = invitation_close(s, x->id, "accepted", x->member, x->now, op)))
		return rc;
	return group_audit(s, x->member, "group.join", v.group_id, str_c(handle), x->now);
}

/* store_invitation_answer: see store.h.  Joining is audited (group.join,
 * the member's handle); declining is the invitee's own business and is
 * not. */
int sq_invitation_answer(store *s, int64_t id, int64_t member, str email, bool accept, int64_t now)
{
	struct answer x = {id, member, email, accept, now};
	if (member <= 0)
		return STORE_ENOTFOUND;
	int rc = sq_begin(s, "invitation_answer");
	if (rc)
		return rc;
	return sq_finish(s, answer_body(s, &x), "invitation_answer");
}

static int revoke_body(store *s, int64_t id, int64_t group, int64_t actor, int64_t now)
{
	const char *op = "invitation_revoke";
	struct invitation_state v;
	int rc = invitation_state(s, id, 0, STR_NULL, op, &v);
	if (rc || !v.pending || v.group_id != group)
		return rc ? rc : STORE_ENOTFOUND;
	if ((rc = invitation_close(s, id, "revoked", 0, now, op)))
		return rc;
	return group_audit(s, actor, "group.invite_revoke", group, str_c(v.who), now);
}

/* store_invitation_revoke: see store.h.  Audited with the invited
 * member's handle or the address as detail. */
int sq_invitation_revoke(store *s, int64_t id, int64_t group, int64_t actor, int64_t now)
{
	int rc = sq_begin(s, "invitation_revoke");
	if (rc)
		return rc;
	return sq_finish(s, revoke_body(s, id, group, actor, now), "invitation_revoke");
}
