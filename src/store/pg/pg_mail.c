/* pg_mail.c: the mail queue in the PostgreSQL backend: queueing with a
 * mark's compare-and-set, claiming under a lease, outcomes, bounces, and
 * the counts and lists the sender, the cap and the command line read.
 *
 * Invariants: a batch of messages and its mark are one transaction
 * (pg_txn), so they are all written with the mark moved, or nothing is;
 * the mark moves by an UPDATE that compares, so of two writers from the
 * same value one waits on the row's lock and then finds it moved.  A
 * claim is one UPDATE over rows picked FOR UPDATE SKIP LOCKED, so
 * concurrent claimers (threads or nodes) never get the same message; it
 * sets next_at to the lease's end, so a message whose sender died is due
 * again then.  Addresses in mail_bounces are keyed by store_address_key
 * (backend.h), as FOLD() in statements.c folds.  Bodies run by pg_txn may run again, so each resets
 * what it hands back first.  Strings handed out are copies in the
 * caller's arena. */
#include "pg_int.h"

#include <stdlib.h>
#include <string.h>

#include "../../core/log.h"

/* The columns of MAIL_COLUMNS (statements.c). */
static int mail_read(struct pg_q *q, arena *a, int row, struct store_mail *m)
{
	int err = 0;
	*m = (struct store_mail){0};
	m->id = pg_col_int(q, row, 0);
	m->member_id = pg_col_int(q, row, 1);
	const char *k = PQgetvalue(q->res, row, 2);
	int kind = store_mail_kind_parse(str_c(k ? k : ""));
	m->kind = kind < 0 ? STORE_MAIL_ACCOUNT : (enum store_mail_kind)kind;
	err |= pg_col_str(q, a, row, 3, &m->address);
	err |= pg_col_str(q, a, row, 4, &m->subject);
	err |= pg_col_str(q, a, row, 5, &m->text);
	err |= pg_col_str(q, a, row, 6, &m->html);
	err |= pg_col_str(q, a, row, 7, &m->unsubscribe);
	err |= pg_col_str(q, a, row, 8, &m->status);
	m->attempts = (int)pg_col_int(q, row, 9);
	m->next_at = pg_col_int(q, row, 10);
	m->created_at = pg_col_int(q, row, 11);
	m->sent_at = pg_col_int(q, row, 12);
	err |= pg_col_str(q, a, row, 13, &m->last_error);
	return err ? STORE_ERR : 0;
}

/* Runs a bound query and reads its rows; ends it. */
static int read_mails(struct pg_q *q, arena *a, struct store_mail_list *out)
{
	*out = (struct store_mail_list){0};
	int rc = pg_run(q);
	if (rc) {
		pg_end(q);
		return rc;
	}
	int k = PQntuples(q->res);
	struct store_mail *items = k ? arena_alloc(a, (size_t)k * sizeof *items) : NULL;
	if (k && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < k; i++)
		rc = mail_read(q, a, i, &items[i]);
	pg_end(q);
	if (rc == 0) {
		out->items = items;
		out->n = k;
	}
	return rc;
}

enum { ADDRESS_CAP = 400 };

/* Moves the mark from `from` to `to`: STORE_ECONFLICT when it is not at
 * `from` (a mark never set is at 0). */
static int mark_move(store *s, const struct store_mail_mark *mark)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MAIL_MARK_MOVE, "mail_enqueue");
	if (rc)
		return rc;
	pg_text(&q, 1, mark->key);
	pg_int(&q, 2, mark->from);
	pg_int(&q, 3, mark->to);
	rc = pg_exec(&q, true);
	if (rc != STORE_ENOTFOUND)
		return rc;
	if (mark->from != 0)
		return STORE_ECONFLICT;
	if ((rc = pg_start(&q, s, PG_MAIL_MARK_NEW, "mail_enqueue")))
		return rc;
	pg_text(&q, 1, mark->key);
	pg_int(&q, 2, mark->to);
	rc = pg_exec(&q, true);
	return rc == STORE_ENOTFOUND ? STORE_ECONFLICT : rc;
}

struct enqueue_args {
	const struct store_mail *m;
	int n;
	const struct store_mail_mark *mark;
	int64_t now;
	int64_t *ids;
};

static int enqueue_body(store *s, void *arg)
{
	const struct enqueue_args *x = arg;
	int rc = x->mark ? mark_move(s, x->mark) : 0;
	for (int i = 0; rc == 0 && i < x->n; i++) {
		const struct store_mail *m = &x->m[i];
		char low[ADDRESS_CAP];
		int ln = store_address_key(m->address, low, sizeof low);
		if (ln < 0)
			return STORE_ERR;
		struct pg_q q;
		if ((rc = pg_start(&q, s, PG_MAIL_INSERT, "mail_enqueue")))
			break;
		pg_int(&q, 1, m->member_id);
		pg_text(&q, 2, m->address);
		pg_text(&q, 3, str_c(store_mail_kind_name(m->kind)));
		pg_text(&q, 4, m->subject);
		pg_text(&q, 5, m->text);
		pg_text(&q, 6, m->html);
		pg_text(&q, 7, m->unsubscribe);
		pg_text(&q, 8, (str){low, (size_t)ln});
		pg_int(&q, 9, x->now);
		if ((rc = pg_row(&q)))
			return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
		if (x->ids)
			x->ids[i] = pg_col_int(&q, 0, 0);
		pg_end(&q);
	}
	return rc;
}

/* store_mail_enqueue: see store.h.  One transaction. */
int pg_mail_enqueue(store *s, const struct store_mail *m, int n, const struct store_mail_mark *mark, int64_t now,
		    int64_t *ids)
{
	struct enqueue_args x = {m, n, mark, now, ids};
	int rc = pg_txn(s, "mail_enqueue", enqueue_body, &x);
	if (rc && ids)
		for (int i = 0; i < n; i++)
			ids[i] = 0;
	return rc;
}

/* store_mail_mark_get: see store.h. */
int pg_mail_mark_get(store *s, str key, int64_t *value)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MAIL_MARK_GET, "mail_mark_get");
	if (rc)
		return rc;
	pg_text(&q, 1, key);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? 0 : rc;
	*value = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

static int by_id(const void *x, const void *y)
{
	const struct store_mail *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

/* store_mail_claim: see store.h.  One statement. */
int pg_mail_claim(store *s, arena *a, int64_t now, int64_t lease, int n, struct store_mail_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MAIL_CLAIM, "mail_claim");
	if (rc)
		return rc;
	pg_int(&q, 1, now);
	pg_int(&q, 2, now + lease);
	pg_int(&q, 3, n);
	rc = read_mails(&q, a, out);
	if (rc == 0 && out->n > 1) /* RETURNING gives no order */
		qsort(out->items, (size_t)out->n, sizeof *out->items, by_id);
	return rc;
}

struct bounce_args {
	int64_t id, now;
	str error;
};

/* BOUNCED: the message, the address, and what else is queued to it. */
static int bounce_body(store *s, void *arg)
{
	const struct bounce_args *x = arg;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MAIL_BOUNCED, "mail_done");
	if (rc)
		return rc;
	pg_int(&q, 1, x->id);
	pg_text(&q, 2, x->error);
	if ((rc = pg_row(&q)))
		return rc;
	char low[ADDRESS_CAP];
	const char *addr = PQgetvalue(q.res, 0, 0);
	int ln = store_address_key(str_c(addr ? addr : ""), low, sizeof low);
	pg_end(&q);
	if (ln <= 0)
		return STORE_ERR;
	str key = {low, (size_t)ln};
	if ((rc = pg_start(&q, s, PG_MAIL_BOUNCE_ADD, "mail_done")))
		return rc;
	pg_text(&q, 1, key);
	pg_int(&q, 2, x->now);
	pg_text(&q, 3, x->error);
	if ((rc = pg_exec(&q, false)))
		return rc;
	if ((rc = pg_start(&q, s, PG_MAIL_SUPPRESS, "mail_done")))
		return rc;
	pg_text(&q, 1, key);
	return pg_exec(&q, false);
}

/* store_mail_done: see store.h.  BOUNCED is one transaction. */
int pg_mail_done(store *s, int64_t id, enum store_mail_outcome o, str error, int64_t next_at, int64_t now)
{
	if (o == STORE_MAIL_BOUNCED) {
		struct bounce_args x = {id, now, error};
		return pg_txn(s, "mail_done", bounce_body, &x);
	}
	struct pg_q q;
	enum pg_id st = o == STORE_MAIL_SENT ? PG_MAIL_SENT : o == STORE_MAIL_RETRY ? PG_MAIL_RETRY : PG_MAIL_FAILED;
	int rc = pg_start(&q, s, st, "mail_done");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	pg_text(&q, 2, error);
	pg_int(&q, 3, o == STORE_MAIL_SENT ? now : next_at);
	return pg_exec(&q, true);
}

/* store_mail_bounce_get: see store.h. */
int pg_mail_bounce_get(store *s, str address, int64_t *since)
{
	char low[ADDRESS_CAP];
	int ln = store_address_key(address, low, sizeof low);
	if (ln < 0)
		return 0; /* longer than any address we queue: it cannot bounce */
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MAIL_BOUNCE_GET, "mail_bounce_get");
	if (rc)
		return rc;
	pg_text(&q, 1, (str){low, (size_t)ln});
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? 0 : rc;
	*since = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* store_mail_bounce_clear: see store.h.  Clearing what is not there is fine. */
int pg_mail_bounce_clear(store *s, str address)
{
	char low[ADDRESS_CAP];
	int ln = store_address_key(address, low, sizeof low);
	if (ln < 0)
		return 0;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MAIL_BOUNCE_CLEAR, "mail_bounce_clear");
	if (rc)
		return rc;
	pg_text(&q, 1, (str){low, (size_t)ln});
	return pg_exec(&q, false);
}

/* store_mail_count_since: see store.h. */
int pg_mail_count_since(store *s, int64_t member, int64_t since, int64_t *n)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MAIL_COUNT_SINCE, "mail_count_since");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_int(&q, 2, since);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*n = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* store_mail_recent: see store.h. */
int pg_mail_recent(store *s, arena *a, int64_t member, int limit, struct store_mail_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, member ? PG_MAIL_RECENT_MEMBER : PG_MAIL_RECENT, "mail_recent");
	if (rc)
		return rc;
	pg_int(&q, 1, limit);
	if (member)
		pg_int(&q, 2, member);
	return read_mails(&q, a, out);
}
