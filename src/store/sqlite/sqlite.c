/* sqlite.c: the SQLite backend's connections, statement cache, query
 * helpers and error mapping; the ops table that store.c calls through.
 *
 * Invariants: one connection per thread (opened lazily, kept in a pthread
 * key whose destructor closes it when the thread ends), every connection on
 * the store's list under its mutex, so store_close() closes what is left.
 * A connection is only ever used by the thread that opened it, hence
 * SQLITE_OPEN_NOMUTEX.  Every connection gets the same PRAGMAs.  The sq_
 * helpers defined here are documented in sqlite_int.h. */
#include "sqlite_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/log.h"

/* Applied to every connection.  busy_timeout comes first so that switching
 * to WAL waits for other connections instead of failing. */
static const char conn_pragmas[] = "PRAGMA busy_timeout = 5000;"
				   "PRAGMA synchronous = FULL;"
				   "PRAGMA foreign_keys = ON;"
				   "PRAGMA mmap_size = 268435456;" /* 256 MiB */
				   "PRAGMA temp_store = MEMORY;";

static const char wal_pragma[] = "PRAGMA journal_mode = WAL";

static void log_db(const char *event, const char *op, sqlite3 *db, int rc)
{
	const char *es = sqlite3_errstr(rc), *msg = db ? sqlite3_errmsg(db) : es;
	char e[128], m[512];
	log_error(event, "op=%s code=%d err=%s msg=%s", op, rc, log_q(e, sizeof e, es, strlen(es)),
		  log_q(m, sizeof m, msg, strlen(msg)));
}

static void conn_free(struct sq_conn *c)
{
	for (int i = 0; i < SQ_MAX; i++)
		sqlite3_finalize(c->stmt[i]);
	int rc = sqlite3_close(c->db);
	if (rc != SQLITE_OK)
		log_db("store_close", "close", c->db, rc);
	free(c);
}

/* The journal must be WAL: readers then never block the writer.  A file
 * system (or ":memory:") that cannot do it is refused. */
static int conn_wal(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, wal_pragma, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	bool ok = rc == SQLITE_ROW && sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		log_db("store_open", "journal_mode", db, rc);
		return -1;
	}
	if (!ok) {
		log_error("store_open", "err=%s", "\"cannot use a write-ahead log here\"");
		return -1;
	}
	return 0;
}

/* SQLite keeps memory statistics behind one process-wide mutex that every
 * allocation of every connection takes; the site never reads them, and
 * with a connection per thread that mutex is where the threads meet.
 * Turned off once, before SQLite initialises (after that the call is
 * refused and changes nothing, which is harmless). */
static pthread_once_t configured = PTHREAD_ONCE_INIT;
static void configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Opens NAME with FLAGS and applies the PRAGMAs and the owner's page
 * cache size (a number of KiB, so the text is safe), then reads the
 * schema, which is where a WAL database that cannot be read this way
 * fails. */
static int conn_try(struct sq_conn *c, const char *name, int flags)
{
	char cache[48];
	snprintf(cache, sizeof cache, "PRAGMA cache_size = -%d", atomic_load(&c->owner->cache_kib));
	int rc = sqlite3_open_v2(name, &c->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_extended_result_codes(c->db, 1);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(c->db, conn_pragmas, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(c->db, cache, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	return rc;
}

/* A URI filename for PATH (see SQLite's uri.html): '%', '?' and '#' are
 * escaped, and an absolute path gets an empty authority, so a path that
 * starts "//" is not taken for one.  Malloc'd; NULL when out of memory. */
static char *uri_of(const char *path, const char *query)
{
	size_t n = strlen(path);
	char *u = malloc(sizeof "file://" + 3 * n + strlen(query));
	if (!u)
		return NULL;
	char *o = u + (path[0] == '/' ? 7 : 5);
	memcpy(u, "file://", 7);
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#') {
			*o++ = '%';
			*o++ = "0123456789abcdef"[(unsigned char)*p >> 4];
			*o++ = "0123456789abcdef"[*p & 15];
		} else {
			*o++ = *p;
		}
	}
	memcpy(o, query, strlen(query) + 1);
	return u;
}

/* Whether the write-ahead log beside PATH holds nothing: only then can the
 * file alone be read as the whole database. */
static bool wal_empty(const char *path)
{
	char w[4200];
	struct stat sb;
	if (snprintf(w, sizeof w, "%s-wal", path) >= (int)sizeof w)
		return false;
	return stat(w, &sb) < 0 ? errno == ENOENT : sb.st_size == 0;
}

/* Closes C's connection and opens PATH again for reading only, as a URI
 * with QUERY. */
static int conn_reopen(struct sq_conn *c, const char *path, const char *query)
{
	char *u = uri_of(path, query);
	if (!u)
		return SQLITE_NOMEM;
	sqlite3_close(c->db);
	c->db = NULL;
	int rc = conn_try(c, u, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
	free(u);
	return rc;
}

/* For a database that exists but cannot be opened for writing (a
 * read-only mount; a directory where the -shm cannot be made): mode=ro,
 * which reads a WAL database whose -shm exists or can be made; else, when
 * there is no log to lose, immutable=1 (no locks and no -shm, so right
 * only while nothing writes the file, as on a read-only mount).  Writes
 * on it fail with SQLITE_READONLY, which sq_err makes STORE_EFULL. */
static int conn_readonly(struct sq_conn *c, const char *path)
{
	int rc = conn_reopen(c, path, "?mode=ro");
	if ((rc & 0xff) != SQLITE_CANTOPEN)
		return rc;
	if (!wal_empty(path)) {
		log_error("store_open", "err=%s",
			  "\"read-only, and its write-ahead log cannot be read without its -shm file\"");
		return rc;
	}
	return conn_reopen(c, path, "?mode=ro&immutable=1");
}

static struct sq_conn *conn_open(struct sq_store *ss)
{
	pthread_once(&configured, configure);
	struct sq_conn *c = calloc(1, sizeof *c);
	if (!c) {
		log_error("store_open", "err=%s", "out-of-memory");
		return NULL;
	}
	c->owner = ss;
	int rc = conn_try(c, ss->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY) && access(ss->path, F_OK) == 0)
		rc = conn_readonly(c, ss->path);
	if (rc == SQLITE_OK)
		rc = sq_search_register(c->db);
	if (rc == SQLITE_OK)
		rc = sq_terms_register(c->db, &c->terms);
	if (rc != SQLITE_OK) {
		log_db("store_open", "open", c->db, rc);
		goto fail;
	}
	/* A read-only connection cannot change the journal, nor needs to. */
	if (!sqlite3_db_readonly(c->db, "main") && conn_wal(c->db) < 0)
		goto fail;
	return c;
fail:
	conn_free(c);
	return NULL;
}

static void conn_unlink(struct sq_store *ss, struct sq_conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		ss->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
}

/* The key's destructor: the thread is ending, so is its connection. */
static void conn_dtor(void *p)
{
	struct sq_conn *c = p;
	struct sq_store *ss = c->owner;
	pthread_mutex_lock(&ss->mu);
	conn_unlink(ss, c);
	pthread_mutex_unlock(&ss->mu);
	conn_free(c);
}

struct sq_conn *sq_conn_get(store *s)
{
	struct sq_store *ss = (struct sq_store *)s;
	struct sq_conn *c = pthread_getspecific(ss->key);
	if (c)
		return c;
	if (!(c = conn_open(ss)))
		return NULL;
	if (pthread_setspecific(ss->key, c) != 0) {
		log_error("store_open", "err=%s", "pthread_setspecific");
		conn_free(c);
		return NULL;
	}
	pthread_mutex_lock(&ss->mu);
	c->next = ss->conns;
	if (c->next)
		c->next->prev = c;
	ss->conns = c;
	pthread_mutex_unlock(&ss->mu);
	return c;
}

/* store_db_cache_budget: the page cache of connections opened from now
 * on (a thread's is opened on its first use), in KiB, at most 1 GiB. */
static void sq_db_cache(store *s, size_t bytes)
{
	size_t kib = bytes >> 10;
	atomic_store(&((struct sq_store *)s)->cache_kib, (int)(kib > (1u << 20) ? 1u << 20 : kib));
}

/* store_close: closes every connection still open, then frees the store.
 * No other thread may be using the store, or be ending, meanwhile. */
static void sq_close(store *s)
{
	struct sq_store *ss = (struct sq_store *)s;
	pthread_mutex_lock(&ss->mu);
	struct sq_conn *c = ss->conns;
	ss->conns = NULL;
	pthread_mutex_unlock(&ss->mu);
	/* After this no destructor runs for this key, in any thread. */
	pthread_key_delete(ss->key);
	while (c) {
		struct sq_conn *next = c->next;
		conn_free(c);
		c = next;
	}
	pthread_mutex_destroy(&ss->mu);
	free(ss->path);
	free(ss);
}

/* store_open("sqlite:PATH"): creates the file if missing and opens this
 * thread's connection at once, so a bad path fails here, not later.  A
 * file that exists but cannot be written is opened for reading only
 * (conn_readonly), with a warning. */
static store *sq_open(const char *path)
{
	if (!sqlite3_threadsafe()) {
		log_error("store_open", "err=%s", "\"SQLite was built without thread support\"");
		return NULL;
	}
	if (!*path) { /* SQLite would give each connection a private temporary file */
		log_error("store_open", "err=%s", "\"no path after sqlite:\"");
		return NULL;
	}
	struct sq_store *ss = calloc(1, sizeof *ss);
	if (!ss || !(ss->path = strdup(path))) {
		free(ss);
		log_error("store_open", "err=%s", "out-of-memory");
		return NULL;
	}
	ss->base.ops = &store_sqlite_ops;
	atomic_init(&ss->cache_kib, (int)(STORE_DB_CACHE_BYTES >> 10));
	if (pthread_key_create(&ss->key, conn_dtor) != 0) {
		log_error("store_open", "err=%s", "pthread_key_create");
		free(ss->path);
		free(ss);
		return NULL;
	}
	pthread_mutex_init(&ss->mu, NULL);
	struct sq_conn *c = sq_conn_get(&ss->base);
	char q[512];
	if (!c) {
		log_error("store_open", "path=%s err=failed", log_q(q, sizeof q, path, strlen(path)));
		sq_close(&ss->base);
		return NULL;
	}
	if (sqlite3_db_readonly(c->db, "main") == 1)
		log_warn("store_open", "path=%s immutable=%d msg=%s", log_q(q, sizeof q, path, strlen(path)),
			 sqlite3_uri_boolean(sqlite3_db_filename(c->db, "main"), "immutable", 0),
			 "\"the database is read-only: reading works, every write will answer 503\"");
	return &ss->base;
}

static int run_one(store *s, enum sq_id id, const char *op);

/* Ends connection c's snapshot (store_read_begin), if SQLite has not
 * ended it already (an error can roll a transaction back). */
static void snapshot_end(store *s, struct sq_conn *c)
{
	c->snapshot = false;
	if (!sqlite3_get_autocommit(c->db))
		run_one(s, SQ_COMMIT, "read_end");
}

int sq_start(struct sq_q *q, store *s, enum sq_id id, const char *op)
{
	q->c = sq_conn_get(s);
	q->st = NULL;
	q->op = op;
	q->rc = SQLITE_OK;
	if (!q->c)
		return STORE_ERR;
	if (!q->c->stmt[id]) {
		int rc = sqlite3_prepare_v3(q->c->db, sq_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &q->c->stmt[id], NULL);
		if (rc != SQLITE_OK) {
			log_db("store_prepare", op, q->c->db, rc);
			sqlite3_finalize(q->c->stmt[id]);
			q->c->stmt[id] = NULL;
			return STORE_ERR;
		}
	}
	q->st = q->c->stmt[id];
	/* A write (BEGIN IMMEDIATE among them) ends the request's snapshot
	 * first: from a stale snapshot SQLite would refuse it (busy). */
	if (q->c->snapshot && !sqlite3_stmt_readonly(q->st))
		snapshot_end(s, q->c);
	return 0;
}

void sq_int(struct sq_q *q, int i, int64_t v)
{
	int rc = sqlite3_bind_int64(q->st, i, v);
	if (q->rc == SQLITE_OK)
		q->rc = rc;
}

void sq_text(struct sq_q *q, int i, str v)
{
	/* A NULL slice binds as "", not SQL NULL: text columns are NOT NULL. */
	int rc = sqlite3_bind_text64(q->st, i, v.p ? v.p : "", v.n, SQLITE_STATIC, SQLITE_UTF8);
	if (q->rc == SQLITE_OK)
		q->rc = rc;
}

void sq_blob(struct sq_q *q, int i, const unsigned char *p, size_t n)
{
	int rc = sqlite3_bind_blob64(q->st, i, p, n, SQLITE_STATIC);
	if (q->rc == SQLITE_OK)
		q->rc = rc;
}

int sq_step(struct sq_q *q)
{
	return q->rc != SQLITE_OK ? q->rc : sqlite3_step(q->st);
}

void sq_end(struct sq_q *q)
{
	if (!q->st)
		return;
	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
	q->st = NULL;
}

/* Write failures that mean "cannot write now", not "a bug". */
static bool is_full(int rc, bool writing)
{
	switch (rc) {
	case SQLITE_IOERR_WRITE:
	case SQLITE_IOERR_FSYNC:
	case SQLITE_IOERR_DIR_FSYNC:
	case SQLITE_IOERR_TRUNCATE:
	case SQLITE_IOERR_SHMSIZE:
		return true;
	}
	switch (rc & 0xff) {
	case SQLITE_FULL:
	case SQLITE_READONLY:
		return true;
	case SQLITE_CANTOPEN:
		return writing;
	}
	return false;
}

int sq_err(struct sq_q *q, int rc, bool writing)
{
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return STORE_ECONFLICT;
	int err = STORE_ERR;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		err = STORE_EBUSY;
	else if (is_full(rc, writing))
		err = STORE_EFULL;
	/* A failed bind never reached the connection, whose message is stale. */
	const char *msg = q->rc != SQLITE_OK ? sqlite3_errstr(rc) : sqlite3_errmsg(q->c->db);
	const char *es = sqlite3_errstr(rc);
	char e[128], m[512];
	log_msg(err == STORE_ERR ? LOG_ERROR : LOG_WARN, "store_error", "op=%s code=%d err=%s msg=%s", q->op, rc,
		log_q(e, sizeof e, es, strlen(es)), log_q(m, sizeof m, msg, strlen(msg)));
	return err;
}

int sq_exec(struct sq_q *q, bool need_change)
{
	int rc = sq_step(q);
	int err = 0;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		err = sq_err(q, rc, true);
	else if (need_change && sqlite3_changes64(q->c->db) == 0)
		err = STORE_ENOTFOUND;
	sq_end(q);
	return err;
}

int sq_row(struct sq_q *q, bool writing)
{
	int rc = sq_step(q);
	if (rc == SQLITE_ROW)
		return 0;
	int err = rc == SQLITE_DONE ? STORE_ENOTFOUND : sq_err(q, rc, writing);
	sq_end(q);
	return err;
}

int sq_col_str(struct sq_q *q, arena *a, int col, str *out)
{
	int type = sqlite3_column_type(q->st, col); /* before any conversion */
	const unsigned char *p = sqlite3_column_text(q->st, col);
	size_t n = (size_t)sqlite3_column_bytes(q->st, col);
	if (!p && type != SQLITE_NULL) {
		log_error("store_error", "op=%s err=%s", q->op, "out-of-memory");
		return STORE_ERR;
	}
	char *d = arena_strndup(a, p ? (const char *)p : "", p ? n : 0);
	if (!d) {
		log_error("store_error", "op=%s err=%s", q->op, "arena-full");
		return STORE_ERR;
	}
	*out = (str){d, p ? n : 0};
	return 0;
}

static int run_one(store *s, enum sq_id id, const char *op)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, op);
	return rc ? rc : sq_exec(&q, false);
}

int sq_begin(store *s, const char *op)
{
	return run_one(s, SQ_BEGIN, op);
}

int sq_finish(store *s, int rc, const char *op)
{
	if (rc == 0 && (rc = run_one(s, SQ_COMMIT, op)) == 0)
		return 0;
	struct sq_conn *c = sq_conn_get(s);
	if (c && !sqlite3_get_autocommit(c->db))
		run_one(s, SQ_ROLLBACK, op);
	return rc;
}

/* store_read_begin: see store.h.  Not inside a transaction already (a
 * snapshot, or a write a caller left open). */
static void sq_read_begin(store *s)
{
	struct sq_conn *c = sq_conn_get(s);
	if (c && !c->snapshot && sqlite3_get_autocommit(c->db) && run_one(s, SQ_BEGIN_READ, "read_begin") == 0)
		c->snapshot = true;
}

/* store_read_end: see store.h. */
static void sq_read_end(store *s)
{
	struct sq_conn *c = pthread_getspecific(((struct sq_store *)s)->key);
	if (c && c->snapshot)
		snapshot_end(s, c);
}

/* store_ping: see store.h. */
static int sq_ping(store *s)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_PING, "ping");
	if (rc)
		return rc;
	rc = sq_row(&q, false);
	if (rc == 0)
		sq_end(&q);
	return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
}

/* store_backup: see store.h.  SQLite's online backup, copying in steps so
 * writers are held up only briefly; the copy is written beside `path`,
 * then the uploads (PATH.files/ to path.files/, only the files not there
 * yet), then the copy is renamed into place: so `path` is always a whole
 * database, and every file its rows name is there (files are written
 * before their rows, and copied after the snapshot). */
static int sq_backup(store *s, const char *path)
{
	struct sq_conn *c = sq_conn_get(s);
	char tmp[4200];
	if (!c || snprintf(tmp, sizeof tmp, "%s.partial", path) >= (int)sizeof tmp)
		return STORE_ERR;
	unlink(tmp);
	sqlite3 *dest = NULL;
	int rc = sqlite3_open_v2(tmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dest, "main", c->db, "main") : NULL;
	if (b) {
		do {
			rc = sqlite3_backup_step(b, 256);
			if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(20);
		} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
		sqlite3_backup_finish(b);
	} else if (rc == SQLITE_OK) { /* backup_init failed: never rename an empty file into place */
		rc = sqlite3_extended_errcode(dest);
		if (rc == SQLITE_OK)
			rc = SQLITE_ERROR;
	}
	if (rc == SQLITE_DONE)
		rc = sqlite3_exec(dest, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	sqlite3_close(dest);
	char q[512], e[128];
	if (rc != SQLITE_OK) {
		const char *es = sqlite3_errstr(rc);
		log_error("store_backup", "path=%s err=%s", log_q(q, sizeof q, path, strlen(path)),
			  log_q(e, sizeof e, es, strlen(es)));
		unlink(tmp);
		return STORE_ERR;
	}
	if (sq_files_backup(((struct sq_store *)s)->path, path) || rename(tmp, path) < 0) {
		log_error("store_backup", "path=%s err=%s", log_q(q, sizeof q, path, strlen(path)),
			  "\"cannot copy the uploads or rename the copy into place\"");
		unlink(tmp);
		return STORE_ERR;
	}
	return 0;
}

/* Reports each row of a check statement that answers problems as text;
 * "ok" alone means none.  The number reported, or an error. */
static int check_rows(store *s, enum sq_id id, store_check_fn problem, void *ctx)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, "check");
	if (rc)
		return rc;
	int found = 0;
	while ((rc = sq_step(&q)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(q.st, 0);
		if (text && strcmp(text, "ok") != 0) {
			problem(ctx, text);
			found++;
		}
	}
	int err = rc == SQLITE_DONE ? 0 : sq_err(&q, rc, false);
	sq_end(&q);
	return err ? err : found;
}

/* store_check: see store.h.  The file (PRAGMA integrity_check: pages,
 * free list, every index against its table), the foreign keys, and each
 * search index against the table it indexes. */
static int sq_check(store *s, store_check_fn problem, void *ctx)
{
	static const struct {
		enum sq_id id;
		const char *what;
	} fts[] = {
		{SQ_CHECK_FTS_TOPICS, "the search index of topics (topics_fts) does not match the topics"},
		{SQ_CHECK_FTS_POSTS, "the search index of posts (posts_fts) does not match the posts"},
		{SQ_CHECK_FTS_BLOG_POSTS, "the search index of blog posts (blog_posts_fts) does not match them"},
		{SQ_CHECK_FTS_LIBRARY, "the search index of the library (library_fts) does not match its items"},
		{SQ_CHECK_FTS_FORUMS, "the search index of forums (forums_fts) does not match the forums"},
		{SQ_CHECK_FTS_MESSAGES, "the search index of messages (messages_fts) does not match the messages"},
		{SQ_CHECK_FTS_MEMBERS, "the search index of members (members_fts) does not match the members"},
		{SQ_CHECK_FTS_BLOG_COMMENTS,
		 "the search index of blog comments (blog_comments_fts) does not match the comments"},
	};
	int found = check_rows(s, SQ_CHECK_PAGES, problem, ctx);
	if (found < 0)
		return found;
	if (found > 0)
		return found; /* a damaged file: the checks below would only repeat it */
	int n = check_rows(s, SQ_CHECK_FOREIGN_KEYS, problem, ctx);
	if (n < 0)
		return n;
	found += n;
	for (size_t i = 0; i < sizeof fts / sizeof fts[0]; i++) {
		struct sq_q q;
		int rc = sq_start(&q, s, fts[i].id, "check");
		if (rc)
			return rc;
		rc = sq_step(&q);
		int err = 0;
		if ((rc & 0xff) == SQLITE_CORRUPT) {
			problem(ctx, fts[i].what);
			found++;
		} else if (rc != SQLITE_DONE) {
			err = sq_err(&q, rc, true);
		}
		sq_end(&q);
		if (err)
			return err;
	}
	return found;
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.db_cache = sq_db_cache,
	.migrate = sq_migrate,
	.ping = sq_ping,
	.read_begin = sq_read_begin,
	.read_end = sq_read_end,
	.check = sq_check,
	.member_create = sq_member_create,
	.member_by_id = sq_member_by_id,
	.member_by_handle = sq_member_by_handle,
	.member_by_email_auth = sq_member_by_email_auth,
	.member_count = sq_member_count,
	.member_update_profile = sq_member_update_profile,
	.member_set_password = sq_member_set_password,
	.member_set_roles = sq_member_set_roles,
	.member_set_suspended = sq_member_set_suspended,
	.member_set_verified = sq_member_set_verified,
	.member_confirm = sq_member_confirm,
	.member_delete = sq_member_delete,
	.member_search = sq_member_search,
	.member_directory = sq_member_directory,
	.job_claim = sq_job_claim,
	.verification_apply = sq_verification_apply,
	.register_import = sq_register_import,
	.verification_latest = sq_verification_latest,
	.verification_history = sq_verification_history,
	.verification_get = sq_verification_get,
	.verification_queue = sq_verification_queue,
	.verification_decide = sq_verification_decide,
	.connection_request = sq_connection_request,
	.connection_answer = sq_connection_answer,
	.connection_remove = sq_connection_remove,
	.connection_state = sq_connection_state,
	.connection_list = sq_connection_list,
	.block = sq_block,
	.unblock = sq_unblock,
	.block_state = sq_block_state,
	.block_list = sq_block_list,
	.conversation_start = sq_conversation_start,
	.message_post = sq_message_post,
	.conversation_get = sq_conversation_get,
	.conversation_messages = sq_conversation_messages,
	.conversation_list = sq_conversation_list,
	.conversation_act = sq_conversation_act,
	.message_unread = sq_message_unread,
	.messages_by_author = sq_messages_by_author,
	.message_report = sq_message_report,
	.report_queue = sq_report_queue,
	.report_decide = sq_report_decide,
	.token_create = sq_token_create,
	.token_take = sq_token_take,
	.token_check = sq_token_check,
	.gc = sq_gc,
	.backup = sq_backup,
	.password_reset = sq_password_reset,
	.session_member = sq_session_member,
	.session_create = sq_session_create,
	.session_get = sq_session_get,
	.session_delete = sq_session_delete,
	.session_delete_member = sq_session_delete_member,
	.rate_hit = sq_rate_hit,
	.rate_peek = sq_rate_peek,
	.rate_clear = sq_rate_clear,
	.setting_get = sq_setting_get,
	.setting_init = sq_setting_init,
	.audit = sq_audit,
	.upload_put = sq_upload_put,
	.upload_get = sq_upload_get,
	.upload_stat = sq_upload_get, /* the row and the path: no bytes are read either way */
	.upload_read = sq_upload_read,
	.section_parse = store_section_parse,
	.forum_create = sq_forum_create,
	.forum_update = sq_forum_update,
	.forum_list = sq_forum_list,
	.forum_by_slug = sq_forum_by_slug,
	.forum_by_id = sq_forum_by_id,
	.champion_set = sq_champion_set,
	.champion_list = sq_champion_list,
	.champion_is = sq_champion_is,
	.topic_create = sq_topic_create,
	.topic_get = sq_topic_get,
	.topic_list = sq_topic_list,
	.topic_latest = sq_topic_latest,
	.topic_by_author = sq_topic_by_author,
	.post_create = sq_post_create,
	.post_get = sq_post_get,
	.topic_posts = sq_topic_posts,
	.posts_liked = sq_posts_liked,
	.post_by_author = sq_post_by_author,
	.post_edit = sq_post_edit,
	.post_history = sq_post_history,
	.post_delete = sq_post_delete,
	.post_like = sq_post_like,
	.topic_moderate = sq_topic_moderate,
	.post_moderate = sq_post_moderate,
	.topic_read = sq_topic_read,
	.topic_watch = sq_topic_watch,
	.topic_watching = sq_topic_watching,
	.notification_list = sq_notification_list,
	.notification_read = sq_notification_read,
	.flag_create = sq_flag_create,
	.flag_queue = sq_flag_queue,
	.flag_get = sq_flag_get,
	.flag_decide = sq_flag_decide,
	.poll_get = sq_poll_get,
	.poll_vote = sq_poll_vote,
	.post_confirmed_list = sq_post_confirmed_list,
	.posts_for_export = sq_posts_for_export,
	.audit_list = sq_audit_list,
	.group_request = sq_group_request,
	.group_get = sq_group_get,
	.group_by_slug = sq_group_by_slug,
	.group_mine = sq_group_mine,
	.group_list = sq_group_list,
	.group_role = sq_group_role,
	.group_decide = sq_group_decide,
	.group_set_status = sq_group_set_status,
	.group_members = sq_group_members,
	.group_member_set = sq_group_member_set,
	.group_invite = sq_group_invite,
	.group_invitations = sq_group_invitations,
	.invitations_for = sq_invitations_for,
	.invitation_get = sq_invitation_get,
	.invitation_answer = sq_invitation_answer,
	.invitation_revoke = sq_invitation_revoke,
	.blogger_apply = sq_blogger_apply,
	.blogger_applications = sq_blogger_applications,
	.blogger_application_get = sq_blogger_application_get,
	.blogger_decide = sq_blogger_decide,
	.blog_get = sq_blog_get,
	.blog_by_slug = sq_blog_by_slug,
	.blog_of = sq_blog_of,
	.blog_list = sq_blog_list,
	.blog_update = sq_blog_update,
	.blog_post_create = sq_blog_post_create,
	.blog_post_update = sq_blog_post_update,
	.blog_post_get = sq_blog_post_get,
	.blog_post_by_slug = sq_blog_post_by_slug,
	.blog_post_by_topic = sq_blog_post_by_topic,
	.blog_posts = sq_blog_posts,
	.blog_revisions = sq_blog_revisions,
	.blog_publish_due = sq_blog_publish_due,
	.blog_feature = sq_blog_feature,
	.blog_share = sq_blog_share,
	.blog_tags = sq_blog_tags,
	.library_collection_create = sq_library_collection_create,
	.library_collection_update = sq_library_collection_update,
	.library_collection_get = sq_library_collection_get,
	.library_collection_by_slug = sq_library_collection_by_slug,
	.library_collections = sq_library_collections,
	.library_item_create = sq_library_item_create,
	.library_item_update = sq_library_item_update,
	.library_item_withdraw = sq_library_item_withdraw,
	.library_item_get = sq_library_item_get,
	.library_item_by_slug = sq_library_item_by_slug,
	.library_file_add = sq_library_file_add,
	.library_files = sq_library_files,
	.library_file_get = sq_library_file_get,
	.library_items = sq_library_items,
	.library_count = sq_library_count,
	.library_downloads = sq_library_downloads,
	/* Search (sqlite_search.c). */
	.search = sq_search,
	/* Mail queue (mail-queue): sqlite_mail.c. */
	.mail_enqueue = sq_mail_enqueue,
	.mail_mark_get = sq_mail_mark_get,
	.mail_claim = sq_mail_claim,
	.mail_done = sq_mail_done,
	.mail_bounce_get = sq_mail_bounce_get,
	.mail_bounce_clear = sq_mail_bounce_clear,
	.mail_count_since = sq_mail_count_since,
	.mail_recent = sq_mail_recent,
	/* Mail events and settings (mail-notify): sqlite_mail_events.c. */
	.mail_prefs_get = sq_mail_prefs_get,
	.mail_prefs_set = sq_mail_prefs_set,
	.mail_events = sq_mail_events,
	.mail_digest_items = sq_mail_digest_items,
	.mail_digest_members = sq_mail_digest_members,
	/* Page views and the dashboard (dash-store): sqlite_dashboard.c. */
	.views_add = sq_views_add,
	.views_salt = sq_views_salt,
	.views_readers = sq_views_readers,
	.views_days = sq_views_days,
	.views_buckets = sq_views_buckets,
	.views_top = sq_views_top,
	.dash_members = sq_dash_members,
	.dash_joined = sq_dash_joined,
	.dash_verified = sq_dash_verified,
	.dash_pending = sq_dash_pending,
	.member_backdate = sq_member_backdate,
};
