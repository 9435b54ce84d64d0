/* pg_messages.c: private messages, blocks and message reports in the
 * PostgreSQL backend, call for call as sqlite_messages.c.
 *
 * Invariants: a message and the unread counts it moves are written in one
 * transaction, so conversation_members.unread always equals what its
 * member has not read (each count moves in one UPDATE, which under READ
 * COMMITTED waits for a concurrent one and adds to its result); a block is
 * checked inside the transaction that would send to the blocker; a report
 * is decided once (UPDATE ... WHERE status = 'open', which a concurrent
 * decision makes match nothing), with the message's removal and the audit
 * row beside it.  The multi-statement writes run through pg_txn, which may
 * run their bodies again after a serialization failure, so each body first
 * resets what it hands back. */
#include "pg_int.h"

#include <stdio.h>

/* Runs a statement of (a, b[, now]) with no rows. */
static int pair_exec(store *s, enum pg_id id, const char *op, int64_t a, int64_t b, int64_t now, bool change)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, a);
	pg_int(&q, 2, b);
	if (id == PG_BLOCK_INSERT)
		pg_int(&q, 3, now);
	return pg_exec(&q, change);
}

/* Runs a bound query whose rows the caller reads: 0 with q->res, or an
 * error with the query ended. */
static int run_rows(struct pg_q *q)
{
	int rc = pg_run(q);
	if (rc)
		pg_end(q);
	return rc;
}

struct block_args {
	int64_t blocker, blocked, now;
};

/* The pair's connection goes in the same transaction. */
static int block_body(store *s, void *arg)
{
	const struct block_args *x = arg;
	int rc = pair_exec(s, PG_BLOCK_INSERT, "block", x->blocker, x->blocked, x->now, false);
	if (rc == 0)
		rc = pair_exec(s, PG_CONN_REMOVE, "block", x->blocker, x->blocked, 0, false);
	return rc;
}

/* store_block: see store.h.  One transaction. */
int pg_block(store *s, int64_t blocker, int64_t blocked, int64_t now)
{
	struct block_args x = {blocker, blocked, now};
	return pg_txn(s, "block", block_body, &x);
}

/* store_unblock: see store.h. */
int pg_unblock(store *s, int64_t blocker, int64_t blocked)
{
	return pair_exec(s, PG_BLOCK_DELETE, "unblock", blocker, blocked, 0, true);
}

/* store_block_state: see store.h. */
int pg_block_state(store *s, int64_t a, int64_t b, bool *ab, bool *ba)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOCK_STATE, "block_state");
	if (rc)
		return rc;
	pg_int(&q, 1, a);
	pg_int(&q, 2, b);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*ab = pg_col_bool(&q, 0, 0);
	*ba = pg_col_bool(&q, 0, 1);
	pg_end(&q);
	return 0;
}

/* Reads the rows of a bound member query into *out (at most `limit`) and
 * ends the query. */
static int member_rows(struct pg_q *q, arena *a, int limit, struct store_member_list *out)
{
	int rc = run_rows(q);
	if (rc)
		return rc;
	int n = PQntuples(q->res);
	if (n > limit)
		n = limit;
	struct store_member *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = pg_member_read(q, a, i, &items[i]);
	pg_end(q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* store_block_list: see store.h. */
int pg_block_list(store *s, arena *a, int64_t blocker, int limit, int offset, struct store_member_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_BLOCK_LIST, "block_list");
	if (rc)
		return rc;
	pg_int(&q, 1, blocker);
	pg_int(&q, 2, limit);
	pg_int(&q, 3, offset);
	return member_rows(&q, a, limit, out);
}

/* Another current member of `conv` on either side of a block with
 * `author`: its id in *who (0: none). */
static int blocked_member(store *s, int64_t conv, int64_t author, int64_t *who)
{
	struct pg_q q;
	*who = 0;
	int rc = pg_start(&q, s, PG_CONV_BLOCKED, "message_post");
	if (rc)
		return rc;
	pg_int(&q, 1, conv);
	pg_int(&q, 2, author);
	rc = pg_row(&q);
	if (rc == STORE_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	*who = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* Inside the caller's transaction: checks blocks, then writes the message
 * and moves the conversation's time and the unread counts.  The time goes
 * first (SQLite's order is the other way round): its row lock queues the
 * conversation's writers before they touch the members' rows, which one
 * UPDATE would otherwise lock in whatever order its scan meets them, so
 * two writers could deadlock. */
static int post_body(store *s, int64_t conv, const struct store_message_new *m, int64_t now, int64_t *msg,
		     int64_t *blocked_by)
{
	int rc = blocked_member(s, conv, m->author, blocked_by);
	if (rc || *blocked_by)
		return rc ? rc : STORE_ECONFLICT;
	struct pg_q q;
	if ((rc = pg_start(&q, s, PG_MSG_INSERT, "message_post")))
		return rc;
	pg_int(&q, 1, conv);
	pg_int(&q, 2, m->author);
	pg_text(&q, 3, m->body);
	pg_text(&q, 4, m->body_html);
	pg_int(&q, 5, now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*msg = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = pair_exec(s, PG_CONV_TOUCH, "message_post", conv, now, 0, true)))
		return rc;
	return pair_exec(s, PG_MSG_COUNT, "message_post", conv, m->author, 0, true);
}

struct start_args {
	const struct store_message_new *m;
	const int64_t *to;
	int nto;
	str subject;
	int64_t now, *conv, *msg, *blocked_by;
};

static int start_body(store *s, void *arg)
{
	const struct start_args *x = arg;
	*x->conv = *x->msg = *x->blocked_by = 0;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_CONV_INSERT, "conversation_start");
	if (rc)
		return rc;
	pg_text(&q, 1, x->subject);
	pg_int(&q, 2, x->m->author);
	pg_int(&q, 3, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*x->conv = pg_col_int(&q, 0, 0);
	pg_end(&q);
	for (int i = -1; rc == 0 && i < x->nto; i++) {
		if ((rc = pg_start(&q, s, PG_CONV_ADD_MEMBER, "conversation_start")))
			return rc;
		pg_int(&q, 1, *x->conv);
		pg_int(&q, 2, i < 0 ? x->m->author : x->to[i]);
		pg_int(&q, 3, x->now);
		rc = pg_exec(&q, false);
	}
	return rc ? rc : post_body(s, *x->conv, x->m, x->now, x->msg, x->blocked_by);
}

/* store_conversation_start: see store.h.  One transaction. */
int pg_conversation_start(store *s, const struct store_message_new *m, const int64_t *to, int nto, str subject,
			  int64_t now, int64_t *conv, int64_t *msg, int64_t *blocked_by)
{
	struct start_args x = {m, to, nto, subject, now, conv, msg, blocked_by};
	int rc = pg_txn(s, "conversation_start", start_body, &x);
	if (rc)
		*conv = *msg = 0;
	return rc;
}

/* Whether `member` is a current member of `conv`: 0 or STORE_ENOTFOUND. */
static int is_member(store *s, int64_t conv, int64_t member, const char *op)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_CONV_IS_MEMBER, op);
	if (rc)
		return rc;
	pg_int(&q, 1, conv);
	pg_int(&q, 2, member);
	if ((rc = pg_row(&q)))
		return rc;
	pg_end(&q);
	return 0;
}

struct post_args {
	int64_t conv;
	const struct store_message_new *m;
	int64_t now, *msg, *blocked_by;
};

static int message_body(store *s, void *arg)
{
	const struct post_args *x = arg;
	*x->msg = *x->blocked_by = 0;
	int rc = is_member(s, x->conv, x->m->author, "message_post");
	return rc ? rc : post_body(s, x->conv, x->m, x->now, x->msg, x->blocked_by);
}

/* store_message_post: see store.h.  One transaction. */
int pg_message_post(store *s, int64_t conv, const struct store_message_new *m, int64_t now, int64_t *msg,
		    int64_t *blocked_by)
{
	struct post_args x = {conv, m, now, msg, blocked_by};
	int rc = pg_txn(s, "message_post", message_body, &x);
	if (rc)
		*msg = 0;
	return rc;
}

/* Reads the columns of CONV_COLS (statements.c) of row `row` into *c. */
static int conv_read(struct pg_q *q, arena *a, int row, struct store_conversation *c)
{
	*c = (struct store_conversation){0};
	c->id = pg_col_int(q, row, 0);
	int err = pg_col_str(q, a, row, 1, &c->subject);
	c->created_by = pg_col_int(q, row, 2);
	c->created_at = pg_col_int(q, row, 3);
	c->last_message_at = pg_col_int(q, row, 4);
	c->unread = pg_col_int(q, row, 5);
	c->muted = pg_col_bool(q, row, 6);
	return err ? STORE_ERR : 0;
}

/* store_conversation_get: see store.h. */
int pg_conversation_get(store *s, arena *a, int64_t conv, int64_t reader, struct store_conversation *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_CONV_GET, "conversation_get");
	if (rc)
		return rc;
	pg_int(&q, 1, conv);
	pg_int(&q, 2, reader);
	if ((rc = pg_row(&q)))
		return rc;
	rc = conv_read(&q, a, 0, out);
	pg_end(&q);
	if (rc)
		return rc;
	if ((rc = pg_start(&q, s, PG_CONV_MEMBERS, "conversation_get")))
		return rc;
	pg_int(&q, 1, conv);
	return member_rows(&q, a, STORE_CONVERSATION_MAX, &out->members);
}

/* Reads a message of row `row` from column `col` on (id, conversation,
 * author, name, handle, verified, body, body_html, created_at, removed). */
static int message_read(struct pg_q *q, arena *a, int row, int col, struct store_message *m)
{
	int err = 0;
	*m = (struct store_message){0};
	m->id = pg_col_int(q, row, col);
	m->conversation_id = pg_col_int(q, row, col + 1);
	m->author_id = pg_col_int(q, row, col + 2);
	err |= pg_col_str(q, a, row, col + 3, &m->author_name);
	err |= pg_col_str(q, a, row, col + 4, &m->author_handle);
	m->author_verified = pg_col_bool(q, row, col + 5);
	err |= pg_col_str(q, a, row, col + 6, &m->body);
	err |= pg_col_str(q, a, row, col + 7, &m->body_html);
	m->created_at = pg_col_int(q, row, col + 8);
	m->removed = pg_col_bool(q, row, col + 9);
	return err ? STORE_ERR : 0;
}

/* Reads every row of a bound message query (columns as in
 * PG_CONV_MESSAGES) into *out and ends the query. */
static int message_rows(struct pg_q *q, arena *a, struct store_message_list *out)
{
	int rc = run_rows(q);
	if (rc)
		return rc;
	int n = PQntuples(q->res);
	struct store_message *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = message_read(q, a, i, 0, &items[i]);
	pg_end(q);
	if (rc)
		return rc;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_conversation_messages: see store.h. */
int pg_conversation_messages(store *s, arena *a, int64_t conv, int64_t before, int limit,
			     struct store_message_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_CONV_MESSAGES, "conversation_messages");
	if (rc)
		return rc;
	pg_int(&q, 1, conv);
	pg_int(&q, 2, before);
	pg_int(&q, 3, limit);
	return message_rows(&q, a, out);
}

/* store_messages_by_author: see store.h. */
int pg_messages_by_author(store *s, arena *a, int64_t author, int64_t after, int limit,
			  struct store_message_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MSG_BY_AUTHOR, "messages_by_author");
	if (rc)
		return rc;
	pg_int(&q, 1, author);
	pg_int(&q, 2, after);
	pg_int(&q, 3, limit);
	return message_rows(&q, a, out);
}

/* One bound count query's single number. */
static int count_of(struct pg_q *q, int64_t *out)
{
	int rc = pg_row(q);
	if (rc)
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*out = pg_col_int(q, 0, 0);
	pg_end(q);
	return 0;
}

/* store_conversation_list: see store.h. */
int pg_conversation_list(store *s, arena *a, int64_t reader, int limit, int offset,
			 struct store_conversation_list *out, int64_t *total)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_CONV_COUNT, "conversation_list");
	if (rc)
		return rc;
	pg_int(&q, 1, reader);
	if ((rc = count_of(&q, total)))
		return rc;
	if ((rc = pg_start(&q, s, PG_CONV_LIST, "conversation_list")))
		return rc;
	pg_int(&q, 1, reader);
	pg_int(&q, 2, limit);
	pg_int(&q, 3, offset);
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_conversation *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		if ((rc = conv_read(&q, a, i, &items[i])) == 0)
			rc = pg_col_str(&q, a, i, 7, &items[i].others);
	pg_end(&q);
	if (rc)
		return rc;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_conversation_act: see store.h. */
int pg_conversation_act(store *s, int64_t conv, int64_t member, enum store_conv_action act, int64_t now)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_CONV_ACT, "conversation_act");
	if (rc)
		return rc;
	pg_int(&q, 1, conv);
	pg_int(&q, 2, member);
	pg_int(&q, 3, act);
	pg_int(&q, 4, now);
	return pg_exec(&q, true);
}

/* store_message_unread: see store.h. */
int pg_message_unread(store *s, int64_t member, int64_t *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MSG_UNREAD, "message_unread");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	return count_of(&q, out);
}

/* store_message_report: see store.h.  No row inserted means the reporter
 * may not report it (STORE_ENOTFOUND); the unique index, a second report
 * (STORE_ECONFLICT). */
int pg_message_report(store *s, int64_t msg, int64_t reporter, str reason, int64_t now, int64_t *id)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_REPORT_INSERT, "message_report");
	if (rc)
		return rc;
	pg_int(&q, 1, msg);
	pg_int(&q, 2, reporter);
	pg_text(&q, 3, reason);
	pg_int(&q, 4, now);
	if ((rc = pg_row(&q)))
		return rc;
	*id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* Reads report row `row` (columns as in PG_REPORT_QUEUE). */
static int report_read(struct pg_q *q, arena *a, int row, struct store_report *r)
{
	int err = 0;
	*r = (struct store_report){0};
	r->id = pg_col_int(q, row, 0);
	r->message_id = pg_col_int(q, row, 1);
	r->reporter_id = pg_col_int(q, row, 2);
	err |= pg_col_str(q, a, row, 3, &r->reporter_name);
	err |= pg_col_str(q, a, row, 4, &r->reporter_handle);
	err |= pg_col_str(q, a, row, 5, &r->reason);
	err |= pg_col_str(q, a, row, 6, &r->status);
	err |= pg_col_str(q, a, row, 7, &r->note);
	r->created_at = pg_col_int(q, row, 8);
	r->decided_at = pg_col_int(q, row, 9);
	r->decided_by = pg_col_int(q, row, 10);
	err |= message_read(q, a, row, 11, &r->message);
	return err ? STORE_ERR : 0;
}

/* store_report_queue: see store.h. */
int pg_report_queue(store *s, arena *a, int limit, int offset, struct store_report_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_REPORT_QUEUE, "report_queue");
	if (rc)
		return rc;
	pg_int(&q, 1, limit);
	pg_int(&q, 2, offset);
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_report *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = report_read(&q, a, i, &items[i]);
	pg_end(&q);
	if (rc)
		return rc;
	out->items = items;
	out->n = n;
	return 0;
}

struct decide_args {
	int64_t id, editor;
	bool remove;
	str note;
	int64_t now;
};

/* Erases message `msg` and closes its other open reports. */
static int remove_message(store *s, const struct decide_args *d, int64_t msg)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MSG_REMOVE, "report_decide");
	if (rc)
		return rc;
	pg_int(&q, 1, msg);
	pg_int(&q, 2, d->now);
	pg_int(&q, 3, d->editor);
	if ((rc = pg_exec(&q, true)))
		return rc;
	if ((rc = pg_start(&q, s, PG_REPORT_CLOSE, "report_decide")))
		return rc;
	pg_int(&q, 1, msg);
	pg_text(&q, 2, d->note);
	pg_int(&q, 3, d->editor);
	pg_int(&q, 4, d->now);
	return pg_exec(&q, false);
}

static int decide_body(store *s, void *arg)
{
	const struct decide_args *d = arg;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_REPORT_DECIDE, "report_decide");
	if (rc)
		return rc;
	pg_int(&q, 1, d->id);
	pg_text(&q, 2, d->remove ? S("removed") : S("dismissed"));
	pg_text(&q, 3, d->note);
	pg_int(&q, 4, d->editor);
	pg_int(&q, 5, d->now);
	if ((rc = pg_row(&q)))
		return rc;
	int64_t msg = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if (d->remove && (rc = remove_message(s, d, msg)))
		return rc;
	char target[32];
	snprintf(target, sizeof target, "message:%lld", (long long)msg);
	return pg_audit(s, d->editor, d->remove ? S("message.remove") : S("message.report_dismiss"), str_c(target),
			d->note);
}

/* store_report_decide: see store.h.  One transaction. */
int pg_report_decide(store *s, int64_t id, int64_t editor, bool remove, str note, int64_t now)
{
	struct decide_args d = {id, editor, remove, note, now};
	return pg_txn(s, "report_decide", decide_body, &d);
}
