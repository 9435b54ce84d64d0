/* pg.c: the PostgreSQL backend's connection pool, prepared statements,
 * query helpers, error mapping, retries and transactions, its LISTEN
 * thread, and the ops table that store.c calls through.
 *
 * Invariants: at most `max` connections per store (per node); a thread
 * waits up to POOL_WAIT_S for one, then the call fails with STORE_EBUSY
 * (503).  A connection taken from the pool is checked first (a closed
 * socket shows as readable), so one the server dropped while it sat idle
 * (a restart, an administrator's kill) is replaced before any statement is
 * sent on it: only the requests in flight when a connection is lost fail.
 * Serialization failures and deadlocks are retried, alone or as a whole
 * transaction.  The pg_ helpers are documented in pg_int.h. */
#include "pg_int.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../core/log.h"

enum {
	POOL_MAX = 16,   /* connections per node; PostgreSQL's default max is 100 */
	POOL_WAIT_S = 5, /* how long a request waits for a free connection */
	RETRIES = 5,     /* serialization failures and deadlocks */
};

static void log_pg(int level, const char *event, const char *op, const char *state, const char *msg)
{
	char m[512];
	size_t n = strcspn(msg, "\n"); /* libpq ends messages with a newline */
	log_msg(level, event, "op=%s sqlstate=%s err=%s", op, state && *state ? state : "none",
		log_q(m, sizeof m, msg, n));
}

/* Server notices ("relation already exists, skipping") are not errors;
 * errors come back with their statement's result. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Opens a connection to the store's URL; NULL (logged) on failure.  The
 * URL's own settings win over the defaults given here. */
static PGconn *connect_db(const char *url, const char *app)
{
	/* lock_timeout plays SQLite's busy_timeout: a writer kept waiting
	 * longer gets STORE_EBUSY (503), not a hung request.  No JIT: every
	 * statement answers a request, and at 10M posts a search window's
	 * estimated cost passed jit_above_cost, so compiling it took 100 ms a
	 * query where running it took 30 (a phrase: 90-140 ms a search with
	 * it, 38-51 without). */
	const char *keys[] = {"application_name", "connect_timeout", "options", "dbname", NULL};
	const char *vals[] = {app, "5", "-c lock_timeout=5000 -c jit=off", url, NULL};
	PGconn *db = PQconnectdbParams(keys, vals, 1);
	if (!db) {
		log_error("store_open", "err=%s", "out-of-memory");
		return NULL;
	}
	if (PQstatus(db) != CONNECTION_OK) {
		log_pg(LOG_ERROR, "store_open", "connect", NULL, PQerrorMessage(db));
		PQfinish(db);
		return NULL;
	}
	PQsetNoticeProcessor(db, quiet, NULL);
	return db;
}

static void conn_free(struct pg_conn *c)
{
	if (c) {
		PQfinish(c->db);
		free(c);
	}
}

static struct pg_conn *conn_new(struct pg_store *ps)
{
	struct pg_conn *c = calloc(1, sizeof *c);
	if (!c) {
		log_error("store_open", "err=%s", "out-of-memory");
		return NULL;
	}
	if (!(c->db = connect_db(ps->url, "rounds"))) {
		free(c);
		return NULL;
	}
	return c;
}

/* Whether an idle connection is still good: nothing should arrive on it
 * while it sits in the pool, so a readable socket means the server closed
 * it (or sent its farewell).  Never blocks. */
static bool conn_alive(struct pg_conn *c)
{
	if (PQstatus(c->db) != CONNECTION_OK)
		return false;
	/* Pooled connections never LISTEN, so the only things that can arrive
	 * are a farewell (57P01 "terminating connection") and the end of the
	 * stream; libpq would not mark the connection bad until a statement
	 * failed on it, so anything readable counts as dead. */
	struct pollfd p = {.fd = PQsocket(c->db), .events = POLLIN};
	if (p.fd < 0 || poll(&p, 1, 0) != 0)
		return false;
	return PQtransactionStatus(c->db) == PQTRANS_IDLE;
}

/* A connection for this call: an idle one (checked, reconnected if the
 * server dropped it), a new one while under the cap, or, after waiting,
 * NULL (logged). */
static struct pg_conn *pool_take(struct pg_store *ps)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += POOL_WAIT_S;
	pthread_mutex_lock(&ps->mu);
	for (;;) {
		struct pg_conn *c = ps->idle;
		if (c) {
			ps->idle = c->next;
			pthread_mutex_unlock(&ps->mu);
			c->next = NULL;
			c->used = false;
			if (conn_alive(c))
				return c;
			log_warn("store_reconnect", "msg=%s", "\"an idle connection was closed by the server\"");
			PQreset(c->db);
			memset(c->prepared, 0, sizeof c->prepared);
			if (PQstatus(c->db) == CONNECTION_OK)
				return c;
			log_pg(LOG_WARN, "store_error", "reconnect", NULL, PQerrorMessage(c->db));
			conn_free(c);
			pthread_mutex_lock(&ps->mu);
			ps->open--;
			continue; /* try another idle one or a fresh one */
		}
		if (ps->open < ps->max) {
			ps->open++;
			pthread_mutex_unlock(&ps->mu);
			if ((c = conn_new(ps)))
				return c;
			pthread_mutex_lock(&ps->mu);
			ps->open--;
			pthread_cond_signal(&ps->cv);
			pthread_mutex_unlock(&ps->mu);
			return NULL;
		}
		if (pthread_cond_timedwait(&ps->cv, &ps->mu, &until) == ETIMEDOUT) {
			pthread_mutex_unlock(&ps->mu);
			log_warn("store_busy", "msg=%s max=%d", "\"no free database connection\"", ps->max);
			return NULL;
		}
	}
}

/* Back to the pool, or closed when it is broken or left mid-transaction. */
static void pool_give(struct pg_store *ps, struct pg_conn *c)
{
	bool keep = PQstatus(c->db) == CONNECTION_OK && PQtransactionStatus(c->db) == PQTRANS_IDLE;
	if (!keep)
		conn_free(c);
	pthread_mutex_lock(&ps->mu);
	if (keep) {
		c->next = ps->idle;
		ps->idle = c;
	} else {
		ps->open--;
	}
	pthread_cond_signal(&ps->cv);
	pthread_mutex_unlock(&ps->mu);
}

int pg_start(struct pg_q *q, store *s, enum pg_id id, const char *op)
{
	struct pg_store *ps = (struct pg_store *)s;
	/* The parameter arrays are filled as bound: only the head is cleared. */
	q->res = NULL;
	q->n = 0;
	q->result_fmt = 0;
	q->ps = ps;
	q->id = id;
	q->op = op;
	q->c = pthread_getspecific(ps->held);
	if (!q->c && !(q->c = pool_take(ps)))
		return STORE_EBUSY;
	return 0;
}

static void param(struct pg_q *q, int i, const char *v, int len, int fmt)
{
	if (i < 1 || i > PG_MAX_PARAMS)
		return; /* a programming error; the statement then fails loudly */
	q->val[i - 1] = v;
	q->len[i - 1] = len;
	q->fmt[i - 1] = fmt;
	if (i > q->n)
		q->n = i;
}

void pg_int(struct pg_q *q, int i, int64_t v)
{
	if (i < 1 || i > PG_MAX_PARAMS)
		return;
	snprintf(q->num[i - 1], sizeof q->num[i - 1], "%" PRId64, v);
	param(q, i, q->num[i - 1], 0, 0);
}

void pg_bool(struct pg_q *q, int i, bool v)
{
	param(q, i, v ? "true" : "false", 0, 0);
}

/* Text goes in binary format: its bytes and length, no NUL needed.  The
 * server still checks the encoding. */
void pg_text(struct pg_q *q, int i, str v)
{
	param(q, i, v.p ? v.p : "", (int)v.n, 1);
}

void pg_bytes(struct pg_q *q, int i, const unsigned char *p, size_t n)
{
	param(q, i, (const char *)p, (int)n, 1);
}

/* SQLSTATE classes that decide what a failure means. */
static bool state_is(const char *state, const char *prefix)
{
	return state && strncmp(state, prefix, strlen(prefix)) == 0;
}

static bool is_retryable(const char *state)
{
	return state_is(state, "40001") || state_is(state, "40P01");
}

/* The server said the statement never ran: it was shutting down or the
 * connection failed before the statement began. */
static bool never_ran(const char *state)
{
	return state_is(state, "57P0") || state_is(state, "08");
}

static int map_err(const char *state, bool broken)
{
	if (state_is(state, "23505"))
		return STORE_ECONFLICT;
	if (is_retryable(state) || state_is(state, "55P03") || state_is(state, "57014") || state_is(state, "53300") ||
	    state_is(state, "57P0") || state_is(state, "08") || broken)
		return STORE_EBUSY;
	if (state_is(state, "53") || state_is(state, "25006"))
		return STORE_EFULL; /* disk full, out of memory, read-only */
	return STORE_ERR;
}

static int prepare(struct pg_q *q)
{
	char name[16];
	snprintf(name, sizeof name, "r%d", (int)q->id);
	PGresult *r = PQprepare(q->c->db, name, pg_sql[q->id].sql, 0, NULL);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (ok)
		q->c->prepared[q->id] = true;
	else
		q->res = r, r = NULL; /* reported as the statement's failure */
	PQclear(r);
	return ok ? 0 : -1;
}

static void backoff(int attempt)
{
	unsigned ms = (1u << attempt) + (unsigned)(rand() % 5);
	usleep(ms * 1000);
}

int pg_run(struct pg_q *q)
{
	char name[16];
	snprintf(name, sizeof name, "r%d", (int)q->id);
	for (int attempt = 0;; attempt++) {
		if (q->c->prepared[q->id] || prepare(q) == 0)
			q->res = PQexecPrepared(q->c->db, name, q->n, q->val, q->len, q->fmt, q->result_fmt);
		ExecStatusType st = PQresultStatus(q->res);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			q->c->used = true;
			return 0;
		}
		const char *state = q->res ? PQresultErrorField(q->res, PG_DIAG_SQLSTATE) : NULL;
		bool broken = PQstatus(q->c->db) != CONNECTION_OK;
		bool in_txn = q->c->in_txn;
		bool again = false;
		if (!in_txn && attempt < RETRIES && is_retryable(state)) {
			backoff(attempt);
			again = true;
		} else if (!in_txn && attempt == 0 && broken && !q->c->used &&
			   (!pg_sql[q->id].writes || never_ran(state))) {
			PQreset(q->c->db);
			memset(q->c->prepared, 0, sizeof q->c->prepared);
			again = PQstatus(q->c->db) == CONNECTION_OK;
		}
		if (in_txn && is_retryable(state))
			q->c->retry = true;
		int err = map_err(state, broken);
		if (!again || err == STORE_ECONFLICT) {
			const char *msg = q->res ? PQresultErrorMessage(q->res) : PQerrorMessage(q->c->db);
			if (err != STORE_ECONFLICT)
				log_pg(err == STORE_ERR ? LOG_ERROR : LOG_WARN, "store_error", q->op, state, msg);
			PQclear(q->res);
			q->res = NULL;
			q->c->used = true;
			return err;
		}
		PQclear(q->res);
		q->res = NULL;
	}
}

void pg_end(struct pg_q *q)
{
	PQclear(q->res);
	q->res = NULL;
	if (q->c && !q->c->in_txn)
		pool_give(q->ps, q->c);
	q->c = NULL;
}

int pg_exec(struct pg_q *q, bool need_change)
{
	int rc = pg_run(q);
	if (rc == 0 && need_change && strcmp(PQcmdTuples(q->res), "0") == 0)
		rc = STORE_ENOTFOUND;
	pg_end(q);
	return rc;
}

int pg_row(struct pg_q *q)
{
	int rc = pg_run(q);
	if (rc == 0 && PQntuples(q->res) > 0)
		return 0;
	pg_end(q);
	return rc ? rc : STORE_ENOTFOUND;
}

int64_t pg_col_int(struct pg_q *q, int row, int col)
{
	return strtoll(PQgetvalue(q->res, row, col), NULL, 10);
}

bool pg_col_bool(struct pg_q *q, int row, int col)
{
	return PQgetvalue(q->res, row, col)[0] == 't';
}

int pg_col_str(struct pg_q *q, arena *a, int row, int col, str *out)
{
	const char *p = PQgetisnull(q->res, row, col) ? "" : PQgetvalue(q->res, row, col);
	size_t n = (size_t)PQgetlength(q->res, row, col);
	char *d = arena_strndup(a, p, n);
	if (!d) {
		log_error("store_error", "op=%s err=%s", q->op, "arena-full");
		return STORE_ERR;
	}
	*out = (str){d, n};
	return 0;
}

/* BEGIN, COMMIT or ROLLBACK on a held connection.  0 or an error. */
static int txn_cmd(struct pg_conn *c, const char *sql, const char *op)
{
	PGresult *r = PQexec(c->db, sql);
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	/* A COMMIT of a failed transaction "succeeds" as ROLLBACK; a ROLLBACK
	 * asked for is what it says. */
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK &&
		  (strcmp(PQcmdStatus(r), "ROLLBACK") != 0 || strcmp(sql, "ROLLBACK") == 0);
	int err = 0;
	if (!ok) {
		if (is_retryable(state))
			c->retry = true;
		err = map_err(state, PQstatus(c->db) != CONNECTION_OK);
		log_pg(LOG_WARN, "store_error", op, state, r ? PQresultErrorMessage(r) : PQerrorMessage(c->db));
	}
	PQclear(r);
	return err;
}

int pg_txn(store *s, const char *op, int (*fn)(store *s, void *arg), void *arg)
{
	struct pg_store *ps = (struct pg_store *)s;
	if (pthread_getspecific(ps->held)) {
		log_error("store_error", "op=%s err=%s", op, "\"transactions do not nest\"");
		return STORE_ERR;
	}
	for (int attempt = 0;; attempt++) {
		struct pg_conn *c = pool_take(ps);
		if (!c)
			return STORE_EBUSY;
		c->retry = false;
		int rc = txn_cmd(c, "BEGIN", op);
		if (rc == 0) {
			c->in_txn = true;
			pthread_setspecific(ps->held, c);
			rc = fn(s, arg);
			if (rc == 0)
				rc = txn_cmd(c, "COMMIT", op);
			else if (PQstatus(c->db) == CONNECTION_OK)
				txn_cmd(c, "ROLLBACK", op);
			pthread_setspecific(ps->held, NULL);
			c->in_txn = false;
		}
		bool retry = c->retry || (rc && !c->used && PQstatus(c->db) != CONNECTION_OK);
		pool_give(ps, c);
		if (rc == 0 || !retry || attempt >= RETRIES)
			return rc;
		log_warn("store_retry", "op=%s attempt=%d", op, attempt + 1);
		backoff(attempt);
	}
}

/* --- pipelined bulk writes ---------------------------------------------- */

enum { PIPELINE_BATCH = 512 };

int pg_pipeline_begin(store *s, enum pg_id id)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, "pipeline");
	if (rc)
		return rc;
	struct pg_conn *c = q.c;
	if (!c->in_txn) {
		pg_end(&q);
		log_error("store_error", "op=pipeline err=%s", "\"pipelines run inside a transaction\"");
		return STORE_ERR;
	}
	if (!c->prepared[id] && prepare(&q) != 0) {
		rc = map_err(PQresultErrorField(q.res, PG_DIAG_SQLSTATE), PQstatus(c->db) != CONNECTION_OK);
		pg_end(&q);
		return rc;
	}
	pg_end(&q);
	c->queued = 0;
	c->failed = 0;
	if (!PQenterPipelineMode(c->db)) {
		log_pg(LOG_ERROR, "store_error", "pipeline", NULL, PQerrorMessage(c->db));
		return STORE_ERR;
	}
	return 0;
}

/* Marks the end of a batch and reads every result up to it. */
static int pipeline_drain(struct pg_conn *c)
{
	if (!PQpipelineSync(c->db)) {
		if (!c->failed)
			c->failed = STORE_EBUSY;
		return c->failed;
	}
	for (;;) {
		PGresult *r = PQgetResult(c->db);
		if (!r) {
			if (PQstatus(c->db) != CONNECTION_OK) {
				if (!c->failed)
					c->failed = STORE_EBUSY;
				break;
			}
			continue; /* the end of one statement's results */
		}
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (st == PGRES_FATAL_ERROR && !c->failed) {
			const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			if (is_retryable(state))
				c->retry = true;
			c->failed = map_err(state, PQstatus(c->db) != CONNECTION_OK);
			log_pg(LOG_WARN, "store_error", "pipeline", state, PQresultErrorMessage(r));
		}
		PQclear(r);
	}
	c->queued = 0;
	return c->failed;
}

int pg_pipeline_send(struct pg_q *q)
{
	struct pg_conn *c = q->c;
	char name[16];
	snprintf(name, sizeof name, "r%d", (int)q->id);
	int rc = c->failed;
	if (rc == 0 && !PQsendQueryPrepared(c->db, name, q->n, q->val, q->len, q->fmt, 0)) {
		log_pg(LOG_WARN, "store_error", q->op, NULL, PQerrorMessage(c->db));
		rc = c->failed = STORE_EBUSY;
	}
	if (rc == 0 && ++c->queued >= PIPELINE_BATCH)
		rc = pipeline_drain(c);
	pg_end(q);
	return rc;
}

int pg_pipeline_end(store *s)
{
	struct pg_conn *c = pthread_getspecific(((struct pg_store *)s)->held);
	if (!c)
		return STORE_ERR;
	int rc = pipeline_drain(c);
	if (!PQexitPipelineMode(c->db) && rc == 0) {
		log_pg(LOG_ERROR, "store_error", "pipeline", NULL, PQerrorMessage(c->db));
		rc = STORE_ERR;
	}
	c->used = true;
	return rc;
}

/* --- LISTEN/NOTIFY ------------------------------------------------------ */

struct pg_listener {
	pthread_t thread;
	_Atomic bool stop;
	struct pg_store *ps;
};

static void bump_all(struct pg_store *ps)
{
	for (int t = 0; t < STORE_CACHE_MAX; t++)
		store_bump(&ps->base, (enum store_cache)t);
}

/* The listening connection: its own, outside the pool.  After every
 * (re)connection every topic is bumped, since notices sent meanwhile were
 * missed. */
static void *listen_main(void *arg)
{
	struct pg_listener *l = arg;
	PGconn *db = NULL;
	while (!l->stop) {
		if (!db || PQstatus(db) != CONNECTION_OK) {
			PQfinish(db);
			db = connect_db(l->ps->url, "rounds-listen");
			PGresult *r = db ? PQexec(db, "LISTEN rounds_changed") : NULL;
			bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
			PQclear(r);
			if (!ok) {
				for (int i = 0; i < 10 && !l->stop; i++)
					usleep(100 * 1000);
				continue;
			}
			bump_all(l->ps);
		}
		struct pollfd p = {.fd = PQsocket(db), .events = POLLIN};
		if (poll(&p, 1, 200) <= 0)
			continue;
		if (!PQconsumeInput(db)) {
			log_warn("store_listen", "msg=%s", "\"lost the listening connection; reconnecting\"");
			continue;
		}
		PGnotify *n;
		while ((n = PQnotifies(db))) {
			int t = store_cache_parse(n->extra);
			if (t >= 0)
				store_bump(&l->ps->base, (enum store_cache)t);
			PQfreemem(n);
		}
	}
	PQfinish(db);
	return NULL;
}

int pg_listen(store *s)
{
	struct pg_store *ps = (struct pg_store *)s;
	if (ps->listener)
		return 0;
	struct pg_listener *l = calloc(1, sizeof *l);
	if (!l)
		return STORE_ERR;
	l->ps = ps;
	if (pthread_create(&l->thread, NULL, listen_main, l) != 0) {
		free(l);
		return STORE_ERR;
	}
	ps->listener = l;
	return 0;
}

void pg_listen_stop(struct pg_store *ps)
{
	if (!ps->listener)
		return;
	ps->listener->stop = true;
	pthread_join(ps->listener->thread, NULL);
	free(ps->listener);
	ps->listener = NULL;
}

/* store_changed: see store.h.  Delivered on commit to every node's
 * listener, this one's included. */
int pg_changed(store *s, enum store_cache topic)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_NOTIFY, "changed");
	if (rc)
		return rc;
	pg_text(&q, 1, str_c(store_cache_name(topic)));
	return pg_exec(&q, false);
}

/* --- the store ---------------------------------------------------------- */

static void pg_close(store *s)
{
	struct pg_store *ps = (struct pg_store *)s;
	pg_listen_stop(ps);
	pthread_mutex_lock(&ps->mu);
	struct pg_conn *c = ps->idle;
	ps->idle = NULL;
	pthread_mutex_unlock(&ps->mu);
	while (c) {
		struct pg_conn *next = c->next;
		conn_free(c);
		c = next;
	}
	pthread_key_delete(ps->held);
	pthread_cond_destroy(&ps->cv);
	pthread_mutex_destroy(&ps->mu);
	if (ps->url) {
		explicit_bzero(ps->url, strlen(ps->url)); /* it may hold a password */
		free(ps->url);
	}
	free(ps);
}

/* store_open("postgresql://..."): makes one connection at once, so a bad
 * URL or an unreachable server fails here, not at the first request. */
static store *pg_open(const char *url)
{
	struct pg_store *ps = calloc(1, sizeof *ps);
	if (!ps || !(ps->url = strdup(url))) {
		free(ps);
		log_error("store_open", "err=%s", "out-of-memory");
		return NULL;
	}
	ps->base.ops = &store_pg_ops;
	ps->max = POOL_MAX;
	if (pthread_key_create(&ps->held, NULL) != 0) {
		free(ps->url);
		free(ps);
		log_error("store_open", "err=%s", "pthread_key_create");
		return NULL;
	}
	pthread_mutex_init(&ps->mu, NULL);
	pthread_cond_init(&ps->cv, NULL);
	struct pg_conn *c = pool_take(ps);
	if (!c) {
		pg_close(&ps->base);
		return NULL;
	}
	pool_give(ps, c);
	return &ps->base;
}

/* store_ping: see store.h. */
static int pg_ping(store *s)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_PING, "ping");
	if (rc)
		return rc;
	rc = pg_row(&q);
	if (rc == 0)
		pg_end(&q);
	return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
}

/* store_check: see store.h.  amcheck is installed when it is missing,
 * which takes a superuser (or a role allowed to create it); without it
 * the check cannot run, and says so. */
static int pg_check(store *s, store_check_fn problem, void *ctx)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_CHECK_HAS_AMCHECK, "check");
	if (rc || (rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	bool has = pg_col_int(&q, 0, 0) > 0;
	pg_end(&q);
	if (!has && ((rc = pg_start(&q, s, PG_CHECK_ADD_AMCHECK, "check")) || (rc = pg_exec(&q, false)))) {
		log_error("store_check", "err=%s",
			  "\"amcheck is not installed and this role may not install it: run CREATE EXTENSION amcheck "
			  "as a superuser\"");
		return rc;
	}
	int found = 0;
	if ((rc = pg_start(&q, s, PG_CHECK_TABLES, "check")) || (rc = pg_run(&q)))
		return rc;
	for (int i = 0; i < PQntuples(q.res); i++, found++)
		problem(ctx, PQgetvalue(q.res, i, 0));
	pg_end(&q);

	/* The indexes' names first, so the checks below use one connection. */
	if ((rc = pg_start(&q, s, PG_CHECK_INDEX_LIST, "check")) || (rc = pg_run(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct {
		int64_t oid;
		char name[64]; /* NAMEDATALEN */
	} *ix = calloc((size_t)n + 1, sizeof *ix);
	for (int i = 0; ix && i < n; i++) {
		ix[i].oid = pg_col_int(&q, i, 0);
		snprintf(ix[i].name, sizeof ix[i].name, "%s", PQgetvalue(q.res, i, 1));
	}
	pg_end(&q);
	if (!ix)
		return STORE_ERR;
	for (int i = 0; i < n && rc == 0; i++) {
		if ((rc = pg_start(&q, s, PG_CHECK_INDEX, "check")))
			break;
		pg_int(&q, 1, ix[i].oid);
		int irc = pg_exec(&q, false);
		if (irc == STORE_ERR) { /* amcheck's error, logged: the index is damaged */
			char line[160];
			snprintf(line, sizeof line, "index %s does not match its table or is damaged (the log says how)",
				 ix[i].name);
			problem(ctx, line);
			found++;
		} else {
			rc = irc;
		}
	}
	free(ix);
	if (rc)
		return rc;
	/* As SQLite's FTS5 indexes against their tables: the word pairs
	 * that phrases are found by, against the posts' words. */
	if ((rc = pg_start(&q, s, PG_CHECK_PAIRS, "check")) || (rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	int64_t off = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if (off > 0) {
		char line[160];
		snprintf(line, sizeof line, "the phrase pairs of %lld post%s (post_pairs) do not match the posts",
			 (long long)off, off == 1 ? "" : "s");
		problem(ctx, line);
		found++;
	}
	return found;
}

/* store_backup: not done by Rounds on PostgreSQL, whose own tools do it
 * better (pg_dump, base backups, streaming replicas): see the README. */
static int pg_backup(store *s, const char *path)
{
	(void)s;
	(void)path;
	log_error("store_backup", "err=%s",
		  "\"rounds backup copies SQLite databases; for PostgreSQL use pg_dump or a streaming replica\"");
	return STORE_ERR;
}

const struct store_ops store_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.migrate = pg_migrate,
	.ping = pg_ping,
	.check = pg_check,
	.listen = pg_listen,
	.changed = pg_changed,
	.member_create = pg_member_create,
	.member_by_id = pg_member_by_id,
	.member_by_handle = pg_member_by_handle,
	.member_by_email_auth = pg_member_by_email_auth,
	.member_count = pg_member_count,
	.member_update_profile = pg_member_update_profile,
	.member_set_password = pg_member_set_password,
	.member_set_roles = pg_member_set_roles,
	.member_set_suspended = pg_member_set_suspended,
	.member_set_verified = pg_member_set_verified,
	.member_confirm = pg_member_confirm,
	.member_delete = pg_member_delete,
	.member_search = pg_member_search,
	.member_directory = pg_member_directory,
	.verification_apply = pg_verification_apply,
	.register_import = pg_register_import,
	.verification_latest = pg_verification_latest,
	.verification_history = pg_verification_history,
	.verification_get = pg_verification_get,
	.verification_queue = pg_verification_queue,
	.verification_decide = pg_verification_decide,
	.connection_request = pg_connection_request,
	.connection_answer = pg_connection_answer,
	.connection_remove = pg_connection_remove,
	.connection_state = pg_connection_state,
	.connection_list = pg_connection_list,
	.block = pg_block,
	.unblock = pg_unblock,
	.block_state = pg_block_state,
	.block_list = pg_block_list,
	.conversation_start = pg_conversation_start,
	.message_post = pg_message_post,
	.conversation_get = pg_conversation_get,
	.conversation_messages = pg_conversation_messages,
	.conversation_list = pg_conversation_list,
	.conversation_act = pg_conversation_act,
	.messages_by_author = pg_messages_by_author,
	.message_unread = pg_message_unread,
	.message_report = pg_message_report,
	.report_queue = pg_report_queue,
	.report_decide = pg_report_decide,
	.token_create = pg_token_create,
	.token_take = pg_token_take,
	.token_check = pg_token_check,
	.gc = pg_gc,
	.backup = pg_backup,
	.password_reset = pg_password_reset,
	.session_member = pg_session_member,
	.session_create = pg_session_create,
	.session_get = pg_session_get,
	.session_delete = pg_session_delete,
	.session_delete_member = pg_session_delete_member,
	.rate_hit = pg_rate_hit,
	.rate_peek = pg_rate_peek,
	.rate_clear = pg_rate_clear,
	.setting_get = pg_setting_get,
	.setting_init = pg_setting_init,
	.audit = pg_audit,
	.job_claim = pg_job_claim,
	.upload_put = pg_upload_put,
	.upload_get = pg_upload_get,
	.upload_stat = pg_upload_stat,
	.upload_read = pg_upload_read,
	.section_parse = store_section_parse,
	.forum_create = pg_forum_create,
	.forum_update = pg_forum_update,
	.forum_list = pg_forum_list,
	.forum_by_slug = pg_forum_by_slug,
	.forum_by_id = pg_forum_by_id,
	.champion_set = pg_champion_set,
	.champion_list = pg_champion_list,
	.champion_is = pg_champion_is,
	.topic_create = pg_topic_create,
	.topic_get = pg_topic_get,
	.topic_list = pg_topic_list,
	.topic_latest = pg_topic_latest,
	.topic_by_author = pg_topic_by_author,
	.post_create = pg_post_create,
	.post_get = pg_post_get,
	.topic_posts = pg_topic_posts,
	.posts_liked = pg_posts_liked,
	.post_by_author = pg_post_by_author,
	.post_edit = pg_post_edit,
	.post_history = pg_post_history,
	.post_delete = pg_post_delete,
	.post_like = pg_post_like,
	.topic_moderate = pg_topic_moderate,
	.post_moderate = pg_post_moderate,
	.topic_read = pg_topic_read,
	.topic_watch = pg_topic_watch,
	.topic_watching = pg_topic_watching,
	.notification_list = pg_notification_list,
	.notification_read = pg_notification_read,
	.flag_create = pg_flag_create,
	.flag_queue = pg_flag_queue,
	.flag_get = pg_flag_get,
	.flag_decide = pg_flag_decide,
	.poll_get = pg_poll_get,
	.poll_vote = pg_poll_vote,
	.post_confirmed_list = pg_post_confirmed_list,
	.posts_for_export = pg_posts_for_export,
	.audit_list = pg_audit_list,
	.group_request = pg_group_request,
	.group_get = pg_group_get,
	.group_by_slug = pg_group_by_slug,
	.group_mine = pg_group_mine,
	.group_list = pg_group_list,
	.group_role = pg_group_role,
	.group_decide = pg_group_decide,
	.group_set_status = pg_group_set_status,
	.group_members = pg_group_members,
	.group_member_set = pg_group_member_set,
	.group_invite = pg_group_invite,
	.group_invitations = pg_group_invitations,
	.invitations_for = pg_invitations_for,
	.invitation_get = pg_invitation_get,
	.invitation_answer = pg_invitation_answer,
	.invitation_revoke = pg_invitation_revoke,
	.blogger_apply = pg_blogger_apply,
	.blogger_applications = pg_blogger_applications,
	.blogger_application_get = pg_blogger_application_get,
	.blogger_decide = pg_blogger_decide,
	.blog_get = pg_blog_get,
	.blog_by_slug = pg_blog_by_slug,
	.blog_of = pg_blog_of,
	.blog_list = pg_blog_list,
	.blog_update = pg_blog_update,
	.blog_post_create = pg_blog_post_create,
	.blog_post_update = pg_blog_post_update,
	.blog_post_get = pg_blog_post_get,
	.blog_post_by_slug = pg_blog_post_by_slug,
	.blog_post_by_topic = pg_blog_post_by_topic,
	.blog_posts = pg_blog_posts,
	.blog_revisions = pg_blog_revisions,
	.blog_publish_due = pg_blog_publish_due,
	.blog_feature = pg_blog_feature,
	.blog_share = pg_blog_share,
	.blog_tags = pg_blog_tags,
	.library_collection_create = pg_library_collection_create,
	.library_collection_update = pg_library_collection_update,
	.library_collection_get = pg_library_collection_get,
	.library_collection_by_slug = pg_library_collection_by_slug,
	.library_collections = pg_library_collections,
	.library_item_create = pg_library_item_create,
	.library_item_update = pg_library_item_update,
	.library_item_withdraw = pg_library_item_withdraw,
	.library_item_get = pg_library_item_get,
	.library_item_by_slug = pg_library_item_by_slug,
	.library_file_add = pg_library_file_add,
	.library_files = pg_library_files,
	.library_file_get = pg_library_file_get,
	.library_items = pg_library_items,
	.library_count = pg_library_count,
	.library_downloads = pg_library_downloads,
	/* Search (pg_search.c). */
	.search = pg_search,
	/* Mail queue (mail-queue): pg_mail.c. */
	.mail_enqueue = pg_mail_enqueue,
	.mail_mark_get = pg_mail_mark_get,
	.mail_claim = pg_mail_claim,
	.mail_done = pg_mail_done,
	.mail_bounce_get = pg_mail_bounce_get,
	.mail_bounce_clear = pg_mail_bounce_clear,
	.mail_count_since = pg_mail_count_since,
	.mail_recent = pg_mail_recent,
	/* Mail events and settings (mail-notify): pg_mail_events.c. */
	.mail_prefs_get = pg_mail_prefs_get,
	.mail_prefs_set = pg_mail_prefs_set,
	.mail_events = pg_mail_events,
	.mail_digest_items = pg_mail_digest_items,
	.mail_digest_members = pg_mail_digest_members,
	/* Page views and the dashboard (dash-store): pg_dashboard.c. */
	.views_add = pg_views_add,
	.views_salt = pg_views_salt,
	.views_readers = pg_views_readers,
	.views_days = pg_views_days,
	.views_buckets = pg_views_buckets,
	.views_top = pg_views_top,
	.dash_members = pg_dash_members,
	.dash_joined = pg_dash_joined,
	.dash_verified = pg_dash_verified,
	.dash_pending = pg_dash_pending,
	.member_backdate = pg_member_backdate,
};
