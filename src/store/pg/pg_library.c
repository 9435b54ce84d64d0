/* pg_library.c: the e-library in the PostgreSQL backend, call for call as
 * the SQLite backend's (sqlite_library.c): collections, items with their
 * collections, files versioned by slot, the lists and the search, and the
 * download counts.
 *
 * Invariants: each editor's change is one transaction (pg_txn) with its
 * audit row (target "library:ID" or "library_collection:ID"), so a refusal
 * writes nothing.  A write that reads before it writes (a file's slot and
 * version, a withdrawal) first locks the item's row (PG_LIB_ITEM_LOCK), so
 * two editors adding versions to one slot at once queue there and number
 * them one after the other.  A batch of counts is applied in item order,
 * so two nodes' batches never wait on each other in a circle.  Bodies run
 * by pg_txn may run again after a serialization failure, so each resets
 * what it hands back first.  Strings handed out are copies in the caller's
 * arena. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Reading ----------------------------------------------------------- */

typedef int (*row_reader)(struct pg_q *q, arena *a, int row, void *item);

/* Runs a bound query and reads all its rows into an arena array of
 * `size`-byte items; ends the query. */
static int read_rows(struct pg_q *q, arena *a, size_t size, row_reader read, void **items, int *n)
{
	int rc = pg_run(q);
	if (rc) {
		pg_end(q);
		return rc;
	}
	int k = PQntuples(q->res);
	char *it = k ? arena_alloc(a, (size_t)k * size) : NULL;
	if (k && !it)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < k; i++)
		rc = read(q, a, i, it + (size_t)i * size);
	pg_end(q);
	if (rc == 0) {
		*items = it;
		*n = k;
	}
	return rc;
}

/* Runs a bound query and reads its one row: STORE_ENOTFOUND when none. */
static int read_one(struct pg_q *q, arena *a, row_reader read, void *item)
{
	int rc = pg_row(q);
	if (rc)
		return rc;
	rc = read(q, a, 0, item);
	pg_end(q);
	return rc;
}

/* The columns of LIB_COLL_SELECT (statements.c). */
static int collection_read(struct pg_q *q, arena *a, int row, void *item)
{
	struct store_library_collection *c = item;
	int err = 0;
	*c = (struct store_library_collection){0};
	c->id = pg_col_int(q, row, 0);
	err |= pg_col_str(q, a, row, 1, &c->slug);
	err |= pg_col_str(q, a, row, 2, &c->name);
	err |= pg_col_str(q, a, row, 3, &c->about);
	c->position = pg_col_int(q, row, 4);
	c->item_count = pg_col_int(q, row, 5);
	c->created_at = pg_col_int(q, row, 6);
	c->updated_at = pg_col_int(q, row, 7);
	return err ? STORE_ERR : 0;
}

/* A file's 10 columns from column `col` on (LIB_FILE_SELECT, and the tail
 * of LIB_ITEM_SELECT). */
static int file_cols(struct pg_q *q, arena *a, int row, int col, struct store_library_file *f)
{
	int err = 0;
	f->id = pg_col_int(q, row, col);
	f->item_id = pg_col_int(q, row, col + 1);
	f->slot = pg_col_int(q, row, col + 2);
	f->version = pg_col_int(q, row, col + 3);
	err |= pg_col_str(q, a, row, col + 4, &f->name);
	err |= pg_col_str(q, a, row, col + 5, &f->sha256);
	err |= pg_col_str(q, a, row, col + 6, &f->mime);
	f->size = pg_col_int(q, row, col + 7);
	f->created_by = pg_col_int(q, row, col + 8);
	f->created_at = pg_col_int(q, row, col + 9);
	return err ? STORE_ERR : 0;
}

static int file_read(struct pg_q *q, arena *a, int row, void *item)
{
	struct store_library_file *f = item;
	*f = (struct store_library_file){0};
	return file_cols(q, a, row, 0, f);
}

/* A text column as a str pointing into q->res (valid until pg_end). */
static str col_view(struct pg_q *q, int row, int col)
{
	return (str){PQgetvalue(q->res, row, col), (size_t)PQgetlength(q->res, row, col)};
}

/* Collection ids joined by ',' (NULL: none, read as "") into
 * it->collections. */
static void collections_split(struct store_library_item *it, const char *p)
{
	while (*p && it->ncollections < STORE_LIBRARY_COLLECTIONS_MAX) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p)
			break;
		it->collections[it->ncollections++] = id;
		p = *end == ',' ? end + 1 : end;
	}
}

/* The columns of LIB_ITEM_SELECT.  An unknown kind reads as a page, an
 * unknown access as the most closed level (the CHECKs allow neither). */
static int item_read(struct pg_q *q, arena *a, int row, void *item)
{
	struct store_library_item *it = item;
	str *text[] = {&it->slug, NULL, &it->title, &it->authors, &it->about, &it->body, &it->body_html};
	int err = 0;
	*it = (struct store_library_item){0};
	it->id = pg_col_int(q, row, 0);
	for (int i = 0; i < 7; i++)
		if (text[i])
			err |= pg_col_str(q, a, row, 1 + i, text[i]);
	int kind = store_library_kind_parse(col_view(q, row, 2));
	int access = store_library_access_parse(col_view(q, row, 8));
	it->kind = kind < 0 ? STORE_LIB_PAGE : (enum store_library_kind)kind;
	it->access = access < 0 ? STORE_LIB_DOCTORS : (enum store_library_access)access;
	err |= pg_col_str(q, a, row, 9, &it->cover);
	err |= pg_col_str(q, a, row, 10, &it->published_on);
	err |= pg_col_str(q, a, row, 11, &it->isbn);
	it->withdrawn_at = pg_col_int(q, row, 12);
	it->downloads = pg_col_int(q, row, 13);
	it->created_by = pg_col_int(q, row, 14);
	it->created_at = pg_col_int(q, row, 15);
	it->updated_at = pg_col_int(q, row, 16);
	collections_split(it, PQgetvalue(q->res, row, 17));
	if (!PQgetisnull(q->res, row, 18))
		err |= file_cols(q, a, row, 18, &it->file);
	return err ? STORE_ERR : 0;
}

static int day_read(struct pg_q *q, arena *a, int row, void *item)
{
	(void)a;
	struct store_library_day *d = item;
	d->day = pg_col_int(q, row, 0);
	d->n = pg_col_int(q, row, 1);
	return 0;
}

/* One row by statement `id`, its parameter a number or (`by_text`) text. */
static int find_one(store *s, arena *a, enum pg_id id, const char *op, int64_t num, str text, bool by_text,
		    row_reader read, void *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	if (by_text)
		pg_text(&q, 1, text);
	else
		pg_int(&q, 1, num);
	return read_one(&q, a, read, out);
}

/* store_library_collection_get: see store.h. */
int pg_library_collection_get(store *s, arena *a, int64_t id, struct store_library_collection *out)
{
	return find_one(s, a, PG_LIB_COLL_GET, "library_collection_get", id, STR_NULL, false, collection_read, out);
}

/* store_library_collection_by_slug: see store.h.  Any case. */
int pg_library_collection_by_slug(store *s, arena *a, str slug, struct store_library_collection *out)
{
	return find_one(s, a, PG_LIB_COLL_BY_SLUG, "library_collection_by_slug", 0, slug, true, collection_read, out);
}

/* store_library_collections: see store.h.  Every one (a library has few). */
int pg_library_collections(store *s, arena *a, struct store_library_collection_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_LIB_COLLS, "library_collections");
	if (rc)
		return rc;
	return read_rows(&q, a, sizeof *out->items, collection_read, (void **)&out->items, &out->n);
}

/* store_library_item_get: see store.h. */
int pg_library_item_get(store *s, arena *a, int64_t id, struct store_library_item *out)
{
	return find_one(s, a, PG_LIB_ITEM_GET, "library_item_get", id, STR_NULL, false, item_read, out);
}

/* store_library_item_by_slug: see store.h.  Any case. */
int pg_library_item_by_slug(store *s, arena *a, str slug, struct store_library_item *out)
{
	return find_one(s, a, PG_LIB_ITEM_BY_SLUG, "library_item_by_slug", 0, slug, true, item_read, out);
}

/* store_library_file_get: see store.h. */
int pg_library_file_get(store *s, arena *a, int64_t id, struct store_library_file *out)
{
	return find_one(s, a, PG_LIB_FILE_GET, "library_file_get", id, STR_NULL, false, file_read, out);
}

/* store_library_files: see store.h.  Every row (an item has few). */
int pg_library_files(store *s, arena *a, int64_t item, bool all, struct store_library_file_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, all ? PG_LIB_FILES_ALL : PG_LIB_FILES_CURRENT, "library_files");
	if (rc)
		return rc;
	pg_int(&q, 1, item);
	return read_rows(&q, a, sizeof *out->items, file_read, (void **)&out->items, &out->n);
}

/* Binds LIB_ITEMS_WHERE's $1..$5 from the query (statements.c); the
 * tsquery text `tsq` lives until the query ends. */
static void items_bind(struct pg_q *q, const struct store_library_query *lq, str tsq)
{
	pg_text(q, 1, tsq);
	pg_int(q, 2, lq->collection);
	pg_int(q, 3, lq->access);
	pg_bool(q, 4, lq->withdrawn);
	pg_text(q, 5, str_c(lq->any_kind ? "" : store_library_kind_name(lq->kind)));
}

/* store_library_items: see store.h.  The total is counted by a second
 * statement (a page past the end still has one). */
int pg_library_items(store *s, arena *a, const struct store_library_query *lq, struct store_library_item_list *out,
		     int64_t *total)
{
	enum pg_id id = lq->order == STORE_LIB_DOWNLOADS ? PG_LIB_ITEMS_DOWNLOADS
			: lq->order == STORE_LIB_TITLE   ? PG_LIB_ITEMS_TITLE
							 : PG_LIB_ITEMS_NEWEST;
	struct store_search_term t[STORE_LIBRARY_WORDS];
	bool none;
	int n = store_library_terms(a, lq->q, t, &none);
	str tsq = STR_NULL;
	if (n < 0 || (n && pg_search_tsquery(a, t, n, &tsq)))
		return STORE_ERR;
	if (none || (n && !tsq.n))
		return 0; /* words that match nothing: an empty list */
	struct pg_q q;
	int rc = pg_start(&q, s, id, "library_items");
	if (rc)
		return rc;
	items_bind(&q, lq, tsq);
	pg_int(&q, 6, pg_limit(lq->limit));
	pg_int(&q, 7, pg_offset(lq->offset));
	if ((rc = read_rows(&q, a, sizeof *out->items, item_read, (void **)&out->items, &out->n)) || !total)
		return rc;
	if ((rc = pg_start(&q, s, PG_LIB_ITEMS_COUNT, "library_items")))
		return rc;
	items_bind(&q, lq, tsq);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*total = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* store_library_downloads: see store.h. */
int pg_library_downloads(store *s, arena *a, int64_t item, int64_t since, struct store_library_day_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_LIB_DOWNLOADS, "library_downloads");
	if (rc)
		return rc;
	pg_int(&q, 1, item);
	pg_int(&q, 2, since);
	return read_rows(&q, a, sizeof *out->items, day_read, (void **)&out->items, &out->n);
}

/* ---- Writing: helpers -------------------------------------------------- */

/* An audit row, target "KIND:ID". */
static int audit(store *s, int64_t actor, const char *action, const char *kind, int64_t id, str detail,
		 int64_t now)
{
	return pg_forum_audit(s, actor, str_c(action), kind, id, detail, now);
}

/* Runs a write of the `n` numbers `v` ($1..$n); no rows read.  `change`:
 * STORE_ENOTFOUND when nothing changed. */
static int exec_ints(store *s, enum pg_id id, const char *op, const int64_t *v, int n, bool change)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++)
		pg_int(&q, 1 + i, v[i]);
	return pg_exec(&q, change);
}

/* Runs a query of the `n` numbers `v` and gives the first column of its
 * first row.  STORE_ENOTFOUND when there is no row. */
static int one_int(store *s, enum pg_id id, const char *op, const int64_t *v, int n, int64_t *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++)
		pg_int(&q, 1 + i, v[i]);
	if ((rc = pg_row(&q)))
		return rc;
	*out = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* Inside a transaction: locks item `id`'s row (every write that reads
 * first does) and gives its slug (cut to fit) and withdrawn_at.
 * STORE_ENOTFOUND when there is none. */
static int item_lock(store *s, int64_t id, const char *op, char *slug, size_t cap, int64_t *withdrawn_at)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_LIB_ITEM_LOCK, op);
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	if ((rc = pg_row(&q)))
		return rc;
	snprintf(slug, cap, "%s", PQgetvalue(q.res, 0, 0));
	*withdrawn_at = pg_col_int(&q, 0, 1);
	pg_end(&q);
	return 0;
}

/* ---- Collections ------------------------------------------------------- */

struct coll_args {
	const struct store_library_collection *c;
	int64_t editor, now, *id;
};

/* The index on lower(slug) refuses a slug taken (STORE_ECONFLICT). */
static int coll_create_body(store *s, void *arg)
{
	const struct coll_args *x = arg;
	*x->id = 0;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_LIB_COLL_INSERT, "library_collection_create");
	if (rc)
		return rc;
	pg_text(&q, 1, x->c->slug);
	pg_text(&q, 2, x->c->name);
	pg_text(&q, 3, x->c->about);
	pg_int(&q, 4, x->c->position);
	pg_int(&q, 5, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	int64_t id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = audit(s, x->editor, "library_collection.create", "library_collection", id, x->c->slug, x->now)))
		return rc;
	*x->id = id;
	return 0;
}

/* store_library_collection_create: see store.h.  Audited with the slug. */
int pg_library_collection_create(store *s, const struct store_library_collection *c, int64_t editor, int64_t now,
				 int64_t *id)
{
	struct coll_args x = {c, editor, now, id};
	int rc = pg_txn(s, "library_collection_create", coll_create_body, &x);
	if (rc)
		*id = 0;
	return rc;
}

static int coll_update_body(store *s, void *arg)
{
	const struct coll_args *x = arg;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_LIB_COLL_UPDATE, "library_collection_update");
	if (rc)
		return rc;
	pg_int(&q, 1, x->c->id);
	pg_text(&q, 2, x->c->name);
	pg_text(&q, 3, x->c->about);
	pg_int(&q, 4, x->c->position);
	pg_int(&q, 5, x->now);
	if ((rc = pg_row(&q)))
		return rc;
	char slug[128];
	snprintf(slug, sizeof slug, "%s", PQgetvalue(q.res, 0, 0));
	pg_end(&q);
	return audit(s, x->editor, "library_collection.edit", "library_collection", x->c->id, str_c(slug), x->now);
}

/* store_library_collection_update: see store.h.  Audited with the slug. */
int pg_library_collection_update(store *s, const struct store_library_collection *c, int64_t editor, int64_t now)
{
	struct coll_args x = {c, editor, now, NULL};
	return pg_txn(s, "library_collection_update", coll_update_body, &x);
}

/* ---- Items ------------------------------------------------------------- */

/* Inside a transaction: item `id`'s collections are it's (a collection
 * that is not: STORE_ENOTFOUND). */
static int collections_write(store *s, int64_t id, const struct store_library_item *it, bool clear, const char *op)
{
	int rc = clear ? exec_ints(s, PG_LIB_ITEM_COLLS_CLEAR, op, (int64_t[]){id}, 1, false) : 0;
	for (int i = 0; rc == 0 && i < it->ncollections; i++)
		rc = exec_ints(s, PG_LIB_ITEM_COLL_ADD, op, (int64_t[]){id, it->collections[i]}, 2, true);
	return rc;
}

/* Inside a transaction: file f as version `version` of slot `slot` of
 * item `item` (its upload not stored: STORE_ENOTFOUND); *id its row. */
static int file_insert(store *s, const struct store_library_file *f, int64_t item, int64_t slot, int64_t version,
		       int64_t editor, int64_t now, const char *op, int64_t *id)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_LIB_FILE_INSERT, op);
	if (rc)
		return rc;
	pg_int(&q, 1, item);
	pg_int(&q, 2, slot);
	pg_int(&q, 3, version);
	pg_text(&q, 4, f->name);
	pg_text(&q, 5, f->mime);
	pg_int(&q, 6, editor);
	pg_int(&q, 7, now);
	pg_text(&q, 8, f->sha256);
	if ((rc = pg_row(&q)))
		return rc;
	*id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

struct item_args {
	const struct store_library_item *it;
	const struct store_library_file *file;
	int64_t editor, now, *id;
};

/* The row (the index on lower(slug) refuses a slug taken), its
 * collections, its file as version 1 of slot 0. */
static int item_create_body(store *s, void *arg)
{
	const struct item_args *x = arg;
	const char *op = "library_item_create";
	const struct store_library_item *it = x->it;
	*x->id = 0;
	str text[] = {it->slug,	   str_c(store_library_kind_name(it->kind)), it->title, it->authors, it->about,
		      it->body,	   it->body_html, str_c(store_library_access_name(it->access)),
		      it->cover,   it->published_on, it->isbn};
	struct pg_q q;
	int rc = pg_start(&q, s, PG_LIB_ITEM_INSERT, op);
	if (rc)
		return rc;
	for (int i = 0; i < 11; i++)
		pg_text(&q, 1 + i, text[i]);
	pg_int(&q, 12, x->editor);
	pg_int(&q, 13, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	int64_t id = pg_col_int(&q, 0, 0), file = 0;
	pg_end(&q);
	if ((rc = collections_write(s, id, it, false, op)) ||
	    (x->file && (rc = file_insert(s, x->file, id, 0, 1, x->editor, x->now, op, &file))) ||
	    (rc = audit(s, x->editor, "library.create", "library", id, it->slug, x->now)))
		return rc;
	*x->id = id;
	return 0;
}

/* store_library_item_create: see store.h.  Audited with the slug. */
int pg_library_item_create(store *s, const struct store_library_item *it, const struct store_library_file *file,
			   int64_t editor, int64_t now, int64_t *id)
{
	struct item_args x = {it, file, editor, now, id};
	int rc = pg_txn(s, "library_item_create", item_create_body, &x);
	if (rc)
		*id = 0;
	return rc;
}

/* The row (its update locks it), then its collections replaced. */
static int item_update_body(store *s, void *arg)
{
	const struct item_args *x = arg;
	const char *op = "library_item_update";
	const struct store_library_item *it = x->it;
	str text[] = {it->title,     it->authors, it->about, it->body, it->body_html,
		      str_c(store_library_access_name(it->access)), it->cover, it->published_on, it->isbn};
	struct pg_q q;
	int rc = pg_start(&q, s, PG_LIB_ITEM_UPDATE, op);
	if (rc)
		return rc;
	pg_int(&q, 1, it->id);
	for (int i = 0; i < 9; i++)
		pg_text(&q, 2 + i, text[i]);
	pg_int(&q, 11, x->now);
	if ((rc = pg_row(&q)))
		return rc;
	char slug[128];
	snprintf(slug, sizeof slug, "%s", PQgetvalue(q.res, 0, 0));
	pg_end(&q);
	if ((rc = collections_write(s, it->id, it, true, op)))
		return rc;
	return audit(s, x->editor, "library.edit", "library", it->id, str_c(slug), x->now);
}

/* store_library_item_update: see store.h.  Audited with the slug. */
int pg_library_item_update(store *s, const struct store_library_item *it, int64_t editor, int64_t now)
{
	struct item_args x = {it, NULL, editor, now, NULL};
	return pg_txn(s, "library_item_update", item_update_body, &x);
}

struct withdraw_args {
	int64_t id;
	bool on;
	int64_t editor, now;
};

/* The item locked, so "none" and "so already" tell apart. */
static int withdraw_body(store *s, void *arg)
{
	const struct withdraw_args *x = arg;
	const char *op = x->on ? "library_item_withdraw" : "library_item_restore";
	char slug[128];
	int64_t withdrawn_at = 0;
	int rc = item_lock(s, x->id, op, slug, sizeof slug, &withdrawn_at);
	if (rc)
		return rc;
	if ((withdrawn_at != 0) == x->on)
		return STORE_ECONFLICT;
	int64_t at = x->on ? (x->now > 0 ? x->now : 1) : 0; /* 0 would read as live */
	if ((rc = exec_ints(s, PG_LIB_ITEM_WITHDRAW, op, (int64_t[]){x->id, at, x->now}, 3, true)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	return audit(s, x->editor, x->on ? "library.withdraw" : "library.restore", "library", x->id, str_c(slug),
		     x->now);
}

/* store_library_item_withdraw: see store.h.  Audited with the slug. */
int pg_library_item_withdraw(store *s, int64_t id, bool on, int64_t editor, int64_t now)
{
	struct withdraw_args x = {id, on, editor, now};
	return pg_txn(s, "library_item_withdraw", withdraw_body, &x);
}

/* ---- Files ------------------------------------------------------------- */

struct file_args {
	const struct store_library_file *f;
	int64_t editor, now, *id, *slot;
};

/* Inside a transaction, the item locked: the slot and version file f
 * gets.  STORE_ENOTFOUND for an attachment slot the item does not have. */
static int file_place(store *s, const struct store_library_file *f, const char *op, int64_t *slot, int64_t *version)
{
	*slot = f->slot;
	if (f->slot < 0) {
		*version = 1;
		return one_int(s, PG_LIB_FILE_NEW_SLOT, op, (int64_t[]){f->item_id}, 1, slot);
	}
	struct pg_q q;
	int rc = pg_start(&q, s, PG_LIB_FILE_VERSION, op);
	if (rc)
		return rc;
	pg_int(&q, 1, f->item_id);
	pg_int(&q, 2, f->slot);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*version = pg_col_int(&q, 0, 0);
	int64_t had = pg_col_int(&q, 0, 1);
	pg_end(&q);
	return f->slot > 0 && had == 0 ? STORE_ENOTFOUND : 0;
}

/* The item locked first, so versions in one slot are numbered one after
 * the other however many editors add at once. */
static int file_add_body(store *s, void *arg)
{
	const struct file_args *x = arg;
	const char *op = "library_file_add";
	*x->id = *x->slot = 0;
	char slug[128];
	int64_t withdrawn_at = 0, slot = 0, version = 0, id = 0;
	int rc = item_lock(s, x->f->item_id, op, slug, sizeof slug, &withdrawn_at);
	if (rc || (rc = file_place(s, x->f, op, &slot, &version)) ||
	    (rc = file_insert(s, x->f, x->f->item_id, slot, version, x->editor, x->now, op, &id)) ||
	    (rc = exec_ints(s, PG_LIB_ITEM_TOUCH, op, (int64_t[]){x->f->item_id, x->now}, 2, false)))
		return rc;
	char detail[160];
	snprintf(detail, sizeof detail, "slot %lld version %lld %.*s", (long long)slot, (long long)version,
		 (int)(x->f->name.n < 100 ? x->f->name.n : 100), x->f->name.p);
	if ((rc = audit(s, x->editor, "library.file", "library", x->f->item_id, str_c(detail), x->now)))
		return rc;
	*x->id = id;
	*x->slot = slot;
	return 0;
}

/* store_library_file_add: see store.h.  Audited on the item with the
 * slot, version and file name. */
int pg_library_file_add(store *s, const struct store_library_file *f, int64_t editor, int64_t now, int64_t *id,
			int64_t *slot)
{
	int64_t made = 0, in = 0;
	struct file_args x = {f, editor, now, &made, &in};
	int rc = pg_txn(s, "library_file_add", file_add_body, &x);
	if (id)
		*id = rc ? 0 : made;
	if (slot)
		*slot = rc ? 0 : in;
	return rc;
}

/* ---- Downloads --------------------------------------------------------- */

struct count_args {
	const struct store_library_count *c;
	int n;
};

static int count_cmp(const void *a, const void *b)
{
	const struct store_library_count *x = a, *y = b;
	if (x->item_id != y->item_id)
		return x->item_id < y->item_id ? -1 : 1;
	return x->day < y->day ? -1 : x->day > y->day;
}

static int count_body(store *s, void *arg)
{
	const struct count_args *x = arg;
	const char *op = "library_count";
	int rc = 0;
	for (int i = 0; rc == 0 && i < x->n; i++) {
		const struct store_library_count *c = &x->c[i];
		if (c->n <= 0)
			continue;
		rc = exec_ints(s, PG_LIB_COUNT_DAY, op, (int64_t[]){c->item_id, c->day, c->n}, 3, false);
		if (rc == 0) /* an item that is not changes nothing here either */
			rc = exec_ints(s, PG_LIB_COUNT_TOTAL, op, (int64_t[]){c->item_id, c->n}, 2, false);
	}
	return rc;
}

/* store_library_count: see store.h.  One transaction for the batch, in
 * item order (a sorted copy). */
int pg_library_count(store *s, const struct store_library_count *c, int n)
{
	struct store_library_count *sorted = malloc((size_t)n * sizeof *sorted);
	if (!sorted)
		return STORE_ERR;
	memcpy(sorted, c, (size_t)n * sizeof *sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, count_cmp);
	struct count_args x = {sorted, n};
	int rc = pg_txn(s, "library_count", count_body, &x);
	free(sorted);
	return rc;
}
