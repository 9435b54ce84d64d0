/* sqlite_mail.c: the mail queue in the SQLite backend: queueing with a
 * mark's compare-and-set, claiming under a lease, outcomes, bounces, and
 * the counts and lists the sender, the cap and the command line read.
 *
 * Invariants: a batch of messages and its mark are one BEGIN IMMEDIATE
 * transaction, so they are all written with the mark moved, or nothing
 * is; a claim is one UPDATE ... RETURNING (SQLite has one writer at a
 * time, so two claimers never get the same row), which sets next_at to
 * the lease's end, so a message whose sender died is due again then.
 * Addresses in mail_bounces are keyed by store_address_key (backend.h).
 * Every string handed out is a copy in the caller's arena. */
#include "sqlite_int.h"

#include <stdlib.h>
#include <string.h>

#include "../../core/log.h"

/* The columns of MAIL_COLUMNS (statements.c). */
static int mail_read(struct sq_q *q, arena *a, void *item)
{
	struct store_mail *m = item;
	int err = 0;
	*m = (struct store_mail){0};
	m->id = sqlite3_column_int64(q->st, 0);
	m->member_id = sqlite3_column_int64(q->st, 1);
	const unsigned char *k = sqlite3_column_text(q->st, 2);
	int kind = store_mail_kind_parse(str_c(k ? (const char *)k : ""));
	m->kind = kind < 0 ? STORE_MAIL_ACCOUNT : (enum store_mail_kind)kind;
	err |= sq_col_str(q, a, 3, &m->address);
	err |= sq_col_str(q, a, 4, &m->subject);
	err |= sq_col_str(q, a, 5, &m->text);
	err |= sq_col_str(q, a, 6, &m->html);
	err |= sq_col_str(q, a, 7, &m->unsubscribe);
	err |= sq_col_str(q, a, 8, &m->status);
	m->attempts = sqlite3_column_int(q->st, 9);
	m->next_at = sqlite3_column_int64(q->st, 10);
	m->created_at = sqlite3_column_int64(q->st, 11);
	m->sent_at = sqlite3_column_int64(q->st, 12);
	err |= sq_col_str(q, a, 13, &m->last_error);
	return err ? STORE_ERR : 0;
}

enum { ADDRESS_CAP = 400 };

/* Moves the mark from `from` to `to`: STORE_ECONFLICT when it is not at
 * `from` (a mark never set is at 0). */
static int mark_move(store *s, const struct store_mail_mark *mark)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_MARK_MOVE, "mail_enqueue");
	if (rc)
		return rc;
	sq_text(&q, 1, mark->key);
	sq_int(&q, 2, mark->from);
	sq_int(&q, 3, mark->to);
	rc = sq_exec(&q, true);
	if (rc != STORE_ENOTFOUND)
		return rc;
	if (mark->from != 0)
		return STORE_ECONFLICT;
	if ((rc = sq_start(&q, s, SQ_MAIL_MARK_NEW, "mail_enqueue")))
		return rc;
	sq_text(&q, 1, mark->key);
	sq_int(&q, 2, mark->to);
	rc = sq_exec(&q, true);
	return rc == STORE_ENOTFOUND ? STORE_ECONFLICT : rc;
}

static int enqueue_one(store *s, const struct store_mail *m, int64_t now, int64_t *id)
{
	char low[ADDRESS_CAP];
	int ln = store_address_key(m->address, low, sizeof low);
	if (ln < 0)
		return STORE_ERR;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_INSERT, "mail_enqueue");
	if (rc)
		return rc;
	sq_int(&q, 1, m->member_id);
	sq_text(&q, 2, m->address);
	sq_text(&q, 3, str_c(store_mail_kind_name(m->kind)));
	sq_text(&q, 4, m->subject);
	sq_text(&q, 5, m->text);
	sq_text(&q, 6, m->html);
	sq_text(&q, 7, m->unsubscribe);
	sq_text(&q, 8, (str){low, (size_t)ln});
	sq_int(&q, 9, now);
	if ((rc = sq_row(&q, true)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*id = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

/* store_mail_enqueue: see store.h.  One transaction. */
int sq_mail_enqueue(store *s, const struct store_mail *m, int n, const struct store_mail_mark *mark, int64_t now,
		    int64_t *ids)
{
	int rc = sq_begin(s, "mail_enqueue");
	if (rc)
		return rc;
	if (mark)
		rc = mark_move(s, mark);
	for (int i = 0; rc == 0 && i < n; i++) {
		int64_t id = 0;
		rc = enqueue_one(s, &m[i], now, &id);
		if (ids)
			ids[i] = id;
	}
	rc = sq_finish(s, rc, "mail_enqueue");
	if (rc && ids)
		for (int i = 0; i < n; i++)
			ids[i] = 0;
	return rc;
}

/* store_mail_mark_get: see store.h. */
int sq_mail_mark_get(store *s, str key, int64_t *value)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_MARK_GET, "mail_mark_get");
	if (rc)
		return rc;
	sq_text(&q, 1, key);
	if ((rc = sq_row(&q, false)))
		return rc == STORE_ENOTFOUND ? 0 : rc;
	*value = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

static int by_id(const void *x, const void *y)
{
	const struct store_mail *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

/* store_mail_claim: see store.h.  One statement. */
int sq_mail_claim(store *s, arena *a, int64_t now, int64_t lease, int n, struct store_mail_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_CLAIM, "mail_claim");
	if (rc)
		return rc;
	sq_int(&q, 1, now);
	sq_int(&q, 2, now + lease);
	sq_int(&q, 3, n);
	rc = sq_read_rows(&q, a, n, sizeof *out->items, mail_read, (void **)&out->items, &out->n);
	if (rc == 0 && out->n > 1) /* RETURNING gives no order */
		qsort(out->items, (size_t)out->n, sizeof *out->items, by_id);
	return rc;
}

/* BOUNCED: the message, the address, and what else is queued to it. */
static int bounce(store *s, int64_t id, str error, int64_t now)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_BOUNCED, "mail_done");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_text(&q, 2, error);
	if ((rc = sq_row(&q, true)))
		return rc;
	char low[ADDRESS_CAP];
	const unsigned char *addr = sqlite3_column_text(q.st, 0);
	int ln = store_address_key(str_c(addr ? (const char *)addr : ""), low, sizeof low);
	sq_end(&q);
	if (ln <= 0)
		return STORE_ERR;
	str key = {low, (size_t)ln};
	if ((rc = sq_start(&q, s, SQ_MAIL_BOUNCE_ADD, "mail_done")))
		return rc;
	sq_text(&q, 1, key);
	sq_int(&q, 2, now);
	sq_text(&q, 3, error);
	if ((rc = sq_exec(&q, false)))
		return rc;
	if ((rc = sq_start(&q, s, SQ_MAIL_SUPPRESS, "mail_done")))
		return rc;
	sq_text(&q, 1, key);
	return sq_exec(&q, false);
}

/* store_mail_done: see store.h.  BOUNCED is one transaction. */
int sq_mail_done(store *s, int64_t id, enum store_mail_outcome o, str error, int64_t next_at, int64_t now)
{
	if (o == STORE_MAIL_BOUNCED) {
		int rc = sq_begin(s, "mail_done");
		if (rc)
			return rc;
		return sq_finish(s, bounce(s, id, error, now), "mail_done");
	}
	struct sq_q q;
	enum sq_id st = o == STORE_MAIL_SENT ? SQ_MAIL_SENT : o == STORE_MAIL_RETRY ? SQ_MAIL_RETRY : SQ_MAIL_FAILED;
	int rc = sq_start(&q, s, st, "mail_done");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_text(&q, 2, error);
	sq_int(&q, 3, o == STORE_MAIL_SENT ? now : next_at);
	return sq_exec(&q, true);
}

/* store_mail_bounce_get: see store.h. */
int sq_mail_bounce_get(store *s, str address, int64_t *since)
{
	char low[ADDRESS_CAP];
	int ln = store_address_key(address, low, sizeof low);
	if (ln < 0)
		return 0; /* longer than any address we queue: it cannot bounce */
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_BOUNCE_GET, "mail_bounce_get");
	if (rc)
		return rc;
	sq_text(&q, 1, (str){low, (size_t)ln});
	if ((rc = sq_row(&q, false)))
		return rc == STORE_ENOTFOUND ? 0 : rc;
	*since = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

/* store_mail_bounce_clear: see store.h.  Clearing what is not there is fine. */
int sq_mail_bounce_clear(store *s, str address)
{
	char low[ADDRESS_CAP];
	int ln = store_address_key(address, low, sizeof low);
	if (ln < 0)
		return 0;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_BOUNCE_CLEAR, "mail_bounce_clear");
	if (rc)
		return rc;
	sq_text(&q, 1, (str){low, (size_t)ln});
	return sq_exec(&q, false);
}

/* store_mail_count_since: see store.h. */
int sq_mail_count_since(store *s, int64_t member, int64_t since, int64_t *n)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_COUNT_SINCE, "mail_count_since");
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	sq_int(&q, 2, since);
	if ((rc = sq_row(&q, false)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*n = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

/* store_mail_recent: see store.h. */
int sq_mail_recent(store *s, arena *a, int64_t member, int limit, struct store_mail_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, member ? SQ_MAIL_RECENT_MEMBER : SQ_MAIL_RECENT, "mail_recent");
	if (rc)
		return rc;
	sq_int(&q, 1, limit);
	if (member)
		sq_int(&q, 2, member);
	return sq_read_rows(&q, a, limit, sizeof *out->items, mail_read, (void **)&out->items, &out->n);
}
