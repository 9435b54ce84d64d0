/* sqlite_messages.c: private messages, blocks and message reports in the
 * SQLite backend.
 *
 * Invariants: a message and the unread counts it moves are written in one
 * transaction, so conversation_members.unread always equals what its
 * member has not read; a block is checked inside the transaction that
 * would send to the blocker, so no message slips past a block made at the
 * same moment; a report is decided once (UPDATE ... WHERE status =
 * 'open'), with the message's removal and the audit row beside it. */
#include "sqlite_int.h"

#include <stdio.h>

/* Runs a statement of (a, b[, now]) with no rows. */
static int pair_exec(store *s, enum sq_id id, const char *op, int64_t a, int64_t b, int64_t now, bool change)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, op);
	if (rc)
		return rc;
	sq_int(&q, 1, a);
	sq_int(&q, 2, b);
	if (id == SQ_BLOCK_INSERT)
		sq_int(&q, 3, now);
	return sq_exec(&q, change);
}

/* store_block: see store.h.  The pair's connection goes in the same
 * transaction. */
static int block_body(store *s, int64_t blocker, int64_t blocked, int64_t now)
{
	int rc = pair_exec(s, SQ_BLOCK_INSERT, "block", blocker, blocked, now, false);
	if (rc == 0)
		rc = pair_exec(s, SQ_CONN_REMOVE, "block", blocker, blocked, 0, false);
	return rc;
}

int sq_block(store *s, int64_t blocker, int64_t blocked, int64_t now)
{
	int rc = sq_begin(s, "block");
	if (rc)
		return rc;
	return sq_finish(s, block_body(s, blocker, blocked, now), "block");
}

/* store_unblock: see store.h. */
int sq_unblock(store *s, int64_t blocker, int64_t blocked)
{
	return pair_exec(s, SQ_BLOCK_DELETE, "unblock", blocker, blocked, 0, true);
}

/* store_block_state: see store.h. */
int sq_block_state(store *s, int64_t a, int64_t b, bool *ab, bool *ba)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOCK_STATE, "block_state");
	if (rc)
		return rc;
	sq_int(&q, 1, a);
	sq_int(&q, 2, b);
	if ((rc = sq_row(&q, false)))
		return rc;
	*ab = sqlite3_column_int(q.st, 0) != 0;
	*ba = sqlite3_column_int(q.st, 1) != 0;
	sq_end(&q);
	return 0;
}

/* Reads every row of a bound member query into *out (at most `limit`). */
static int member_rows(struct sq_q *q, arena *a, int limit, struct store_member_list *out)
{
	struct store_member *items = arena_alloc(a, (size_t)limit * sizeof *items);
	int rc, n = 0;
	if (!items) {
		sq_end(q);
		return STORE_ERR;
	}
	while (n < limit && (rc = sq_step(q)) == SQLITE_ROW)
		if (sq_member_read(q, a, &items[n++])) {
			sq_end(q);
			return STORE_ERR;
		}
	int err = n == limit || rc == SQLITE_DONE ? 0 : sq_err(q, rc, false);
	sq_end(q);
	if (err == 0) {
		out->items = items;
		out->n = n;
	}
	return err;
}

/* store_block_list: see store.h. */
int sq_block_list(store *s, arena *a, int64_t blocker, int limit, int offset, struct store_member_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_BLOCK_LIST, "block_list");
	if (rc)
		return rc;
	sq_int(&q, 1, blocker);
	sq_int(&q, 2, limit);
	sq_int(&q, 3, offset);
	return member_rows(&q, a, limit, out);
}

/* Another current member of `conv` on either side of a block with
 * `author`: its id in *who (0: none). */
static int blocked_member(store *s, int64_t conv, int64_t author, int64_t *who)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_CONV_BLOCKED, "message_post");
	if (rc)
		return rc;
	sq_int(&q, 1, conv);
	sq_int(&q, 2, author);
	rc = sq_row(&q, false);
	if (rc == STORE_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	*who = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

/* Inside the caller's transaction: checks blocks, then writes the message
 * and moves the unread counts and the conversation's time. */
static int post_body(store *s, int64_t conv, const struct store_message_new *m, int64_t now, int64_t *msg,
		     int64_t *blocked_by)
{
	int rc = blocked_member(s, conv, m->author, blocked_by);
	if (rc || *blocked_by)
		return rc ? rc : STORE_ECONFLICT;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_MSG_INSERT, "message_post")))
		return rc;
	sq_int(&q, 1, conv);
	sq_int(&q, 2, m->author);
	sq_text(&q, 3, m->body);
	sq_text(&q, 4, m->body_html);
	sq_int(&q, 5, now);
	if ((rc = sq_exec(&q, false)))
		return rc;
	*msg = sqlite3_last_insert_rowid(q.c->db);
	if ((rc = pair_exec(s, SQ_MSG_COUNT, "message_post", conv, m->author, 0, true)))
		return rc;
	return pair_exec(s, SQ_CONV_TOUCH, "message_post", conv, now, 0, true);
}

struct start {
	const struct store_message_new *m;
	const int64_t *to;
	int nto;
	str subject;
	int64_t now, *conv, *msg, *blocked_by;
};

static int start_body(store *s, const struct start *x)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_CONV_INSERT, "conversation_start");
	if (rc)
		return rc;
	sq_text(&q, 1, x->subject);
	sq_int(&q, 2, x->m->author);
	sq_int(&q, 3, x->now);
	if ((rc = sq_exec(&q, false)))
		return rc;
	*x->conv = sqlite3_last_insert_rowid(q.c->db);
	for (int i = -1; rc == 0 && i < x->nto; i++) {
		if ((rc = sq_start(&q, s, SQ_CONV_ADD_MEMBER, "conversation_start")))
			return rc;
		sq_int(&q, 1, *x->conv);
		sq_int(&q, 2, i < 0 ? x->m->author : x->to[i]);
		sq_int(&q, 3, x->now);
		rc = sq_exec(&q, false);
	}
	return rc ? rc : post_body(s, *x->conv, x->m, x->now, x->msg, x->blocked_by);
}

/* store_conversation_start: see store.h. */
int sq_conversation_start(store *s, const struct store_message_new *m, const int64_t *to, int nto, str subject,
			  int64_t now, int64_t *conv, int64_t *msg, int64_t *blocked_by)
{
	struct start x = {m, to, nto, subject, now, conv, msg, blocked_by};
	int rc = sq_begin(s, "conversation_start");
	if (rc)
		return rc;
	rc = sq_finish(s, start_body(s, &x), "conversation_start");
	if (rc)
		*conv = *msg = 0;
	return rc;
}

/* Whether `member` is a current member of `conv`: 0 or STORE_ENOTFOUND. */
static int is_member(store *s, int64_t conv, int64_t member, const char *op)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_CONV_IS_MEMBER, op);
	if (rc)
		return rc;
	sq_int(&q, 1, conv);
	sq_int(&q, 2, member);
	if ((rc = sq_row(&q, false)))
		return rc;
	sq_end(&q);
	return 0;
}

/* store_message_post: see store.h. */
int sq_message_post(store *s, int64_t conv, const struct store_message_new *m, int64_t now, int64_t *msg,
		    int64_t *blocked_by)
{
	int rc = sq_begin(s, "message_post");
	if (rc)
		return rc;
	rc = is_member(s, conv, m->author, "message_post");
	if (rc == 0)
		rc = post_body(s, conv, m, now, msg, blocked_by);
	rc = sq_finish(s, rc, "message_post");
	if (rc)
		*msg = 0;
	return rc;
}

/* Reads the columns of CONV_COLS (statements.c) into *c. */
static void conv_read(struct sq_q *q, arena *a, struct store_conversation *c, int *err)
{
	*c = (struct store_conversation){0};
	c->id = sqlite3_column_int64(q->st, 0);
	*err |= sq_col_str(q, a, 1, &c->subject);
	c->created_by = sqlite3_column_int64(q->st, 2);
	c->created_at = sqlite3_column_int64(q->st, 3);
	c->last_message_at = sqlite3_column_int64(q->st, 4);
	c->unread = sqlite3_column_int64(q->st, 5);
	c->muted = sqlite3_column_int(q->st, 6) != 0;
}

/* store_conversation_get: see store.h. */
int sq_conversation_get(store *s, arena *a, int64_t conv, int64_t reader, struct store_conversation *out)
{
	struct sq_q q;
	int err = 0, rc = sq_start(&q, s, SQ_CONV_GET, "conversation_get");
	if (rc)
		return rc;
	sq_int(&q, 1, conv);
	sq_int(&q, 2, reader);
	if ((rc = sq_row(&q, false)))
		return rc;
	conv_read(&q, a, out, &err);
	sq_end(&q);
	if (err)
		return STORE_ERR;
	if ((rc = sq_start(&q, s, SQ_CONV_MEMBERS, "conversation_get")))
		return rc;
	sq_int(&q, 1, conv);
	return member_rows(&q, a, STORE_CONVERSATION_MAX, &out->members);
}

/* Reads the rows of a bound message query (columns as SQ_CONV_MESSAGES)
 * into *out, at most `limit`, and ends it. */
static int message_rows(struct sq_q *q, arena *a, int limit, struct store_message_list *out)
{
	struct store_message *items = arena_alloc(a, (size_t)limit * sizeof *items);
	int rc = SQLITE_DONE;
	if (!items) {
		sq_end(q);
		return STORE_ERR;
	}
	int n = 0, err = 0;
	while (!err && n < limit && (rc = sq_step(q)) == SQLITE_ROW) {
		struct store_message *m = &items[n++];
		*m = (struct store_message){0};
		m->id = sqlite3_column_int64(q->st, 0);
		m->conversation_id = sqlite3_column_int64(q->st, 1);
		m->author_id = sqlite3_column_int64(q->st, 2);
		err |= sq_col_str(q, a, 3, &m->author_name);
		err |= sq_col_str(q, a, 4, &m->author_handle);
		m->author_verified = sqlite3_column_int(q->st, 5) != 0;
		err |= sq_col_str(q, a, 6, &m->body);
		err |= sq_col_str(q, a, 7, &m->body_html);
		m->created_at = sqlite3_column_int64(q->st, 8);
		m->removed = sqlite3_column_int(q->st, 9) != 0;
	}
	if (!err && n < limit && rc != SQLITE_DONE)
		err = sq_err(q, rc, false);
	sq_end(q);
	if (err)
		return err < 0 ? err : STORE_ERR;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_conversation_messages: see store.h. */
int sq_conversation_messages(store *s, arena *a, int64_t conv, int64_t before, int limit,
			     struct store_message_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_CONV_MESSAGES, "conversation_messages");
	if (rc)
		return rc;
	sq_int(&q, 1, conv);
	sq_int(&q, 2, before);
	sq_int(&q, 3, limit);
	return message_rows(&q, a, limit, out);
}

/* store_messages_by_author: see store.h. */
int sq_messages_by_author(store *s, arena *a, int64_t author, int64_t after, int limit,
			  struct store_message_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MSG_BY_AUTHOR, "messages_by_author");
	if (rc)
		return rc;
	sq_int(&q, 1, author);
	sq_int(&q, 2, after);
	sq_int(&q, 3, limit);
	return message_rows(&q, a, limit, out);
}

/* One bound count query's single number. */
static int count_of(struct sq_q *q, int64_t *out)
{
	int rc = sq_row(q, false);
	if (rc)
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*out = sqlite3_column_int64(q->st, 0);
	sq_end(q);
	return 0;
}

/* store_conversation_list: see store.h. */
int sq_conversation_list(store *s, arena *a, int64_t reader, int limit, int offset,
			 struct store_conversation_list *out, int64_t *total)
{
	struct store_conversation *items = arena_alloc(a, (size_t)limit * sizeof *items);
	struct sq_q q;
	if (!items)
		return STORE_ERR;
	int rc = sq_start(&q, s, SQ_CONV_COUNT, "conversation_list");
	if (rc)
		return rc;
	sq_int(&q, 1, reader);
	if ((rc = count_of(&q, total)))
		return rc;
	if ((rc = sq_start(&q, s, SQ_CONV_LIST, "conversation_list")))
		return rc;
	sq_int(&q, 1, reader);
	sq_int(&q, 2, limit);
	sq_int(&q, 3, offset);
	int n = 0, err = 0;
	while (!err && n < limit && (rc = sq_step(&q)) == SQLITE_ROW) {
		conv_read(&q, a, &items[n], &err);
		err |= sq_col_str(&q, a, 7, &items[n++].others);
	}
	if (!err && n < limit && rc != SQLITE_DONE)
		err = sq_err(&q, rc, false);
	sq_end(&q);
	if (err)
		return err < 0 ? err : STORE_ERR;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_conversation_act: see store.h. */
int sq_conversation_act(store *s, int64_t conv, int64_t member, enum store_conv_action act, int64_t now)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_CONV_ACT, "conversation_act");
	if (rc)
		return rc;
	sq_int(&q, 1, conv);
	sq_int(&q, 2, member);
	sq_int(&q, 3, act);
	sq_int(&q, 4, now);
	return sq_exec(&q, true);
}

/* store_message_unread: see store.h. */
int sq_message_unread(store *s, int64_t member, int64_t *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MSG_UNREAD, "message_unread");
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	return count_of(&q, out);
}

/* store_message_report: see store.h. */
int sq_message_report(store *s, int64_t msg, int64_t reporter, str reason, int64_t now, int64_t *id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_REPORT_INSERT, "message_report");
	if (rc)
		return rc;
	sq_int(&q, 1, msg);
	sq_int(&q, 2, reporter);
	sq_text(&q, 3, reason);
	sq_int(&q, 4, now);
	if ((rc = sq_exec(&q, true)))
		return rc;
	*id = sqlite3_last_insert_rowid(q.c->db);
	return 0;
}

/* Reads a report row (columns as in SQ_REPORT_QUEUE). */
static int report_read(struct sq_q *q, arena *a, struct store_report *r)
{
	int err = 0;
	*r = (struct store_report){0};
	r->id = sqlite3_column_int64(q->st, 0);
	r->message_id = sqlite3_column_int64(q->st, 1);
	r->reporter_id = sqlite3_column_int64(q->st, 2);
	err |= sq_col_str(q, a, 3, &r->reporter_name);
	err |= sq_col_str(q, a, 4, &r->reporter_handle);
	err |= sq_col_str(q, a, 5, &r->reason);
	err |= sq_col_str(q, a, 6, &r->status);
	err |= sq_col_str(q, a, 7, &r->note);
	r->created_at = sqlite3_column_int64(q->st, 8);
	r->decided_at = sqlite3_column_int64(q->st, 9);
	r->decided_by = sqlite3_column_int64(q->st, 10);
	struct store_message *m = &r->message;
	m->id = sqlite3_column_int64(q->st, 11);
	m->conversation_id = sqlite3_column_int64(q->st, 12);
	m->author_id = sqlite3_column_int64(q->st, 13);
	err |= sq_col_str(q, a, 14, &m->author_name);
	err |= sq_col_str(q, a, 15, &m->author_handle);
	m->author_verified = sqlite3_column_int(q->st, 16) != 0;
	err |= sq_col_str(q, a, 17, &m->body);
	err |= sq_col_str(q, a, 18, &m->body_html);
	m->created_at = sqlite3_column_int64(q->st, 19);
	m->removed = sqlite3_column_int(q->st, 20) != 0;
	return err ? STORE_ERR : 0;
}

/* store_report_queue: see store.h. */
int sq_report_queue(store *s, arena *a, int limit, int offset, struct store_report_list *out)
{
	struct store_report *items = arena_alloc(a, (size_t)limit * sizeof *items);
	struct sq_q q;
	if (!items)
		return STORE_ERR;
	int rc = sq_start(&q, s, SQ_REPORT_QUEUE, "report_queue");
	if (rc)
		return rc;
	sq_int(&q, 1, limit);
	sq_int(&q, 2, offset);
	int n = 0, err = 0;
	while (!err && n < limit && (rc = sq_step(&q)) == SQLITE_ROW)
		err = report_read(&q, a, &items[n++]);
	if (!err && n < limit && rc != SQLITE_DONE)
		err = sq_err(&q, rc, false);
	sq_end(&q);
	if (err)
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

struct decide {
	int64_t id, editor;
	bool remove;
	str note;
	int64_t now;
};

static int decide_body(store *s, const struct decide *d)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_REPORT_DECIDE, "report_decide");
	if (rc)
		return rc;
	sq_int(&q, 1, d->id);
	sq_text(&q, 2, d->remove ? S("removed") : S("dismissed"));
	sq_text(&q, 3, d->note);
	sq_int(&q, 4, d->editor);
	sq_int(&q, 5, d->now);
	if ((rc = sq_row(&q, true)))
		return rc;
	int64_t msg = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	if (d->remove) {
		if ((rc = sq_start(&q, s, SQ_MSG_REMOVE, "report_decide")))
			return rc;
		sq_int(&q, 1, msg);
		sq_int(&q, 2, d->now);
		sq_int(&q, 3, d->editor);
		if ((rc = sq_exec(&q, true)))
			return rc;
		if ((rc = sq_start(&q, s, SQ_REPORT_CLOSE, "report_decide")))
			return rc;
		sq_int(&q, 1, msg);
		sq_text(&q, 2, d->note);
		sq_int(&q, 3, d->editor);
		sq_int(&q, 4, d->now);
		if ((rc = sq_exec(&q, false)))
			return rc;
	}
	char target[32];
	snprintf(target, sizeof target, "message:%lld", (long long)msg);
	return sq_audit(s, d->editor, d->remove ? S("message.remove") : S("message.report_dismiss"), str_c(target),
			d->note);
}

/* store_report_decide: see store.h. */
int sq_report_decide(store *s, int64_t id, int64_t editor, bool remove, str note, int64_t now)
{
	struct decide d = {id, editor, remove, note, now};
	int rc = sq_begin(s, "report_decide");
	if (rc)
		return rc;
	return sq_finish(s, decide_body(s, &d), "report_decide");
}
