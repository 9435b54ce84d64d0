/* sqlite_library.c: the e-library in the SQLite backend: collections,
 * items (resource pages and ebooks) with their collections, their files
 * versioned by slot, the lists and the search, and the download counts.
 *
 * Invariants: each editor's change is one BEGIN IMMEDIATE transaction that
 * first reads what it must know, then writes its rows and its audit row
 * (target "library:ID" or "library_collection:ID"), so a refusal writes
 * nothing; SQLite has one writer at a time, so a slot's next version is
 * numbered once.  A file row takes its size from its upload, which must be
 * stored.  Items are withdrawn, never deleted.  Every string handed out is
 * a copy in the caller's arena. */
#include "sqlite_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/log.h"

/* ---- Reading ----------------------------------------------------------- */

/* The columns of LIB_COLL_COLS (statements.c). */
static int collection_read(struct sq_q *q, arena *a, void *item)
{
	struct store_library_collection *c = item;
	int err = 0;
	*c = (struct store_library_collection){0};
	c->id = sqlite3_column_int64(q->st, 0);
	err |= sq_col_str(q, a, 1, &c->slug);
	err |= sq_col_str(q, a, 2, &c->name);
	err |= sq_col_str(q, a, 3, &c->about);
	c->position = sqlite3_column_int64(q->st, 4);
	c->item_count = sqlite3_column_int64(q->st, 5);
	c->created_at = sqlite3_column_int64(q->st, 6);
	c->updated_at = sqlite3_column_int64(q->st, 7);
	return err ? STORE_ERR : 0;
}

/* A file's 10 columns from column `col` on (LIB_FILE_COLS, and the tail
 * of LIB_ITEM_COLS). */
static int file_cols(struct sq_q *q, arena *a, int col, struct store_library_file *f)
{
	int err = 0;
	f->id = sqlite3_column_int64(q->st, col);
	f->item_id = sqlite3_column_int64(q->st, col + 1);
	f->slot = sqlite3_column_int64(q->st, col + 2);
	f->version = sqlite3_column_int64(q->st, col + 3);
	err |= sq_col_str(q, a, col + 4, &f->name);
	err |= sq_col_str(q, a, col + 5, &f->sha256);
	err |= sq_col_str(q, a, col + 6, &f->mime);
	f->size = sqlite3_column_int64(q->st, col + 7);
	f->created_by = sqlite3_column_int64(q->st, col + 8);
	f->created_at = sqlite3_column_int64(q->st, col + 9);
	return err ? STORE_ERR : 0;
}

static int file_read(struct sq_q *q, arena *a, void *item)
{
	struct store_library_file *f = item;
	*f = (struct store_library_file){0};
	return file_cols(q, a, 0, f);
}

/* The enum named in text column `col` by `parse` (the tables' CHECKs allow
 * only known names; anything else reads as `fallback`). */
static int name_of(struct sq_q *q, int col, int (*parse)(str), int fallback)
{
	const unsigned char *t = sqlite3_column_text(q->st, col);
	int v = parse(str_c(t ? (const char *)t : ""));
	return v < 0 ? fallback : v;
}

/* Collection ids joined by ',' into it->collections. */
static void collections_split(struct store_library_item *it, const unsigned char *all)
{
	const char *p = all ? (const char *)all : "";
	while (*p && it->ncollections < STORE_LIBRARY_COLLECTIONS_MAX) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p)
			break;
		it->collections[it->ncollections++] = id;
		p = *end == ',' ? end + 1 : end;
	}
}

/* The columns of LIB_ITEM_COLS.  An unknown access reads as the most
 * closed level. */
static int item_read(struct sq_q *q, arena *a, void *item)
{
	struct store_library_item *it = item;
	str *text[] = {&it->slug, NULL, &it->title, &it->authors, &it->about, &it->body, &it->body_html};
	int err = 0;
	*it = (struct store_library_item){0};
	it->id = sqlite3_column_int64(q->st, 0);
	for (int i = 0; i < 7; i++)
		if (text[i])
			err |= sq_col_str(q, a, 1 + i, text[i]);
	it->kind = (enum store_library_kind)name_of(q, 2, store_library_kind_parse, STORE_LIB_PAGE);
	it->access = (enum store_library_access)name_of(q, 8, store_library_access_parse, STORE_LIB_DOCTORS);
	err |= sq_col_str(q, a, 9, &it->cover);
	err |= sq_col_str(q, a, 10, &it->published_on);
	err |= sq_col_str(q, a, 11, &it->isbn);
	it->withdrawn_at = sqlite3_column_int64(q->st, 12);
	it->downloads = sqlite3_column_int64(q->st, 13);
	it->created_by = sqlite3_column_int64(q->st, 14);
	it->created_at = sqlite3_column_int64(q->st, 15);
	it->updated_at = sqlite3_column_int64(q->st, 16);
	collections_split(it, sqlite3_column_text(q->st, 17));
	if (sqlite3_column_type(q->st, 18) != SQLITE_NULL)
		err |= file_cols(q, a, 18, &it->file);
	return err ? STORE_ERR : 0;
}

static int day_read(struct sq_q *q, arena *a, void *item)
{
	(void)a;
	struct store_library_day *d = item;
	d->day = sqlite3_column_int64(q->st, 0);
	d->n = sqlite3_column_int64(q->st, 1);
	return 0;
}

/* One row by statement `id`, its parameter a number or (`by_text`) text. */
static int find_one(store *s, arena *a, enum sq_id id, const char *op, int64_t num, str text, bool by_text,
		    sq_row_reader read, void *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, op);
	if (rc)
		return rc;
	if (by_text)
		sq_text(&q, 1, text);
	else
		sq_int(&q, 1, num);
	return sq_read_one(&q, a, read, out);
}

/* store_library_collection_get: see store.h. */
int sq_library_collection_get(store *s, arena *a, int64_t id, struct store_library_collection *out)
{
	return find_one(s, a, SQ_LIB_COLL_GET, "library_collection_get", id, STR_NULL, false, collection_read, out);
}

/* store_library_collection_by_slug: see store.h.  Any case (ASCII). */
int sq_library_collection_by_slug(store *s, arena *a, str slug, struct store_library_collection *out)
{
	return find_one(s, a, SQ_LIB_COLL_BY_SLUG, "library_collection_by_slug", 0, slug, true, collection_read, out);
}

/* store_library_collections: see store.h.  Every one (a library has few). */
int sq_library_collections(store *s, arena *a, struct store_library_collection_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_LIB_COLLS, "library_collections");
	if (rc)
		return rc;
	return sq_read_rows(&q, a, 0, sizeof *out->items, collection_read, (void **)&out->items, &out->n);
}

/* store_library_item_get: see store.h. */
int sq_library_item_get(store *s, arena *a, int64_t id, struct store_library_item *out)
{
	return find_one(s, a, SQ_LIB_ITEM_GET, "library_item_get", id, STR_NULL, false, item_read, out);
}

/* store_library_item_by_slug: see store.h.  Any case (ASCII). */
int sq_library_item_by_slug(store *s, arena *a, str slug, struct store_library_item *out)
{
	return find_one(s, a, SQ_LIB_ITEM_BY_SLUG, "library_item_by_slug", 0, slug, true, item_read, out);
}

/* store_library_file_get: see store.h. */
int sq_library_file_get(store *s, arena *a, int64_t id, struct store_library_file *out)
{
	return find_one(s, a, SQ_LIB_FILE_GET, "library_file_get", id, STR_NULL, false, file_read, out);
}

/* store_library_files: see store.h.  Every row (an item has few). */
int sq_library_files(store *s, arena *a, int64_t item, bool all, struct store_library_file_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, all ? SQ_LIB_FILES_ALL : SQ_LIB_FILES_CURRENT, "library_files");
	if (rc)
		return rc;
	sq_int(&q, 1, item);
	return sq_read_rows(&q, a, 0, sizeof *out->items, file_read, (void **)&out->items, &out->n);
}

/* Binds LIB_ITEMS_WHERE's ?1..?5 from the query (statements.c); the
 * FTS5 query `match` lives until the query ends. */
static void items_bind(struct sq_q *q, const struct store_library_query *lq, str match)
{
	sq_text(q, 1, match);
	sq_int(q, 2, lq->collection);
	sq_int(q, 3, lq->access);
	sq_int(q, 4, lq->withdrawn);
	sq_text(q, 5, str_c(lq->any_kind ? "" : store_library_kind_name(lq->kind)));
}

/* store_library_items: see store.h.  The total is counted by a second
 * statement (a page past the end still has one). */
int sq_library_items(store *s, arena *a, const struct store_library_query *lq, struct store_library_item_list *out,
		     int64_t *total)
{
	enum sq_id id = lq->order == STORE_LIB_DOWNLOADS ? SQ_LIB_ITEMS_DOWNLOADS
			: lq->order == STORE_LIB_TITLE   ? SQ_LIB_ITEMS_TITLE
							 : SQ_LIB_ITEMS_NEWEST;
	struct store_search_term t[STORE_LIBRARY_WORDS];
	bool none;
	int n = store_library_terms(a, lq->q, t, &none);
	str match = STR_NULL;
	if (n < 0 || (n && sq_search_match(a, t, n, &match)))
		return STORE_ERR;
	if (none || (n && !match.n))
		return 0; /* words that match nothing: an empty list */
	struct sq_q q;
	int rc = sq_start(&q, s, id, "library_items");
	if (rc)
		return rc;
	items_bind(&q, lq, match);
	sq_int(&q, 6, lq->limit);
	sq_int(&q, 7, lq->offset);
	if ((rc = sq_read_rows(&q, a, lq->limit, sizeof *out->items, item_read, (void **)&out->items, &out->n)) ||
	    !total)
		return rc;
	if ((rc = sq_start(&q, s, SQ_LIB_ITEMS_COUNT, "library_items")))
		return rc;
	items_bind(&q, lq, match);
	if ((rc = sq_row(&q, false)))
		return rc;
	*total = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

/* store_library_downloads: see store.h. */
int sq_library_downloads(store *s, arena *a, int64_t item, int64_t since, struct store_library_day_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_LIB_DOWNLOADS, "library_downloads");
	if (rc)
		return rc;
	sq_int(&q, 1, item);
	sq_int(&q, 2, since);
	return sq_read_rows(&q, a, 0, sizeof *out->items, day_read, (void **)&out->items, &out->n);
}

/* ---- Collections ------------------------------------------------------- */

static int collection_create_body(store *s, const struct store_library_collection *c, int64_t editor, int64_t now,
				  int64_t *id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_LIB_COLL_INSERT, "library_collection_create");
	if (rc)
		return rc;
	sq_text(&q, 1, c->slug);
	sq_text(&q, 2, c->name);
	sq_text(&q, 3, c->about);
	sq_int(&q, 4, c->position);
	sq_int(&q, 5, now);
	if ((rc = sq_exec(&q, false))) /* the slug taken: STORE_ECONFLICT */
		return rc;
	*id = sqlite3_last_insert_rowid(q.c->db);
	return sq_forum_audit(s, editor, S("library_collection.create"), "library_collection", *id, c->slug, now);
}

/* store_library_collection_create: see store.h.  Audited with the slug. */
int sq_library_collection_create(store *s, const struct store_library_collection *c, int64_t editor, int64_t now,
				 int64_t *id)
{
	int rc = sq_begin(s, "library_collection_create");
	if (rc)
		return rc;
	rc = sq_finish(s, collection_create_body(s, c, editor, now, id), "library_collection_create");
	if (rc)
		*id = 0;
	return rc;
}

static int collection_update_body(store *s, const struct store_library_collection *c, int64_t editor, int64_t now)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_LIB_COLL_UPDATE, "library_collection_update");
	if (rc)
		return rc;
	sq_int(&q, 1, c->id);
	sq_text(&q, 2, c->name);
	sq_text(&q, 3, c->about);
	sq_int(&q, 4, c->position);
	sq_int(&q, 5, now);
	if ((rc = sq_row(&q, true)))
		return rc;
	char slug[128];
	const unsigned char *t = sqlite3_column_text(q.st, 0);
	snprintf(slug, sizeof slug, "%s", t ? (const char *)t : "");
	sq_end(&q);
	return sq_forum_audit(s, editor, S("library_collection.edit"), "library_collection", c->id, str_c(slug), now);
}

/* store_library_collection_update: see store.h.  Audited with the slug. */
int sq_library_collection_update(store *s, const struct store_library_collection *c, int64_t editor, int64_t now)
{
	int rc = sq_begin(s, "library_collection_update");
	if (rc)
		return rc;
	return sq_finish(s, collection_update_body(s, c, editor, now), "library_collection_update");
}

/* ---- Items ------------------------------------------------------------- */

/* Inside a transaction: item `id`'s collections are it's (a collection
 * that is not: STORE_ENOTFOUND). */
static int collections_write(store *s, int64_t id, const struct store_library_item *it, bool clear, const char *op)
{
	int rc = clear ? sq_run(s, SQ_LIB_ITEM_COLLS_CLEAR, op, false, SQ_INTS(id)) : 0;
	for (int i = 0; rc == 0 && i < it->ncollections; i++)
		rc = sq_run(s, SQ_LIB_ITEM_COLL_ADD, op, true, SQ_INTS(id, it->collections[i]));
	return rc;
}

/* Inside a transaction: file f as version `version` of slot `slot` of
 * item `item` (its upload not stored: STORE_ENOTFOUND); *id its row. */
static int file_insert(store *s, const struct store_library_file *f, int64_t item, int64_t slot, int64_t version,
		       int64_t editor, int64_t now, const char *op, int64_t *id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_LIB_FILE_INSERT, op);
	if (rc)
		return rc;
	sq_int(&q, 1, item);
	sq_int(&q, 2, slot);
	sq_int(&q, 3, version);
	sq_text(&q, 4, f->name);
	sq_text(&q, 5, f->mime);
	sq_int(&q, 6, editor);
	sq_int(&q, 7, now);
	sq_text(&q, 8, f->sha256);
	if ((rc = sq_exec(&q, true)))
		return rc;
	*id = sqlite3_last_insert_rowid(q.c->db);
	return 0;
}

struct item_create {
	const struct store_library_item *it;
	const struct store_library_file *file;
	int64_t editor, now, *id;
};

static int item_create_body(store *s, const struct item_create *x)
{
	const char *op = "library_item_create";
	const struct store_library_item *it = x->it;
	str text[] = {it->slug,	   str_c(store_library_kind_name(it->kind)), it->title, it->authors, it->about,
		      it->body,	   it->body_html, str_c(store_library_access_name(it->access)),
		      it->cover,   it->published_on, it->isbn};
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_LIB_ITEM_INSERT, op);
	if (rc)
		return rc;
	for (int i = 0; i < 11; i++)
		sq_text(&q, 1 + i, text[i]);
	sq_int(&q, 12, x->editor);
	sq_int(&q, 13, x->now);
	if ((rc = sq_exec(&q, false))) /* the slug taken: STORE_ECONFLICT */
		return rc;
	*x->id = sqlite3_last_insert_rowid(q.c->db);
	int64_t file = 0;
	if ((rc = collections_write(s, *x->id, it, false, op)) ||
	    (x->file && (rc = file_insert(s, x->file, *x->id, 0, 1, x->editor, x->now, op, &file))))
		return rc;
	return sq_forum_audit(s, x->editor, S("library.create"), "library", *x->id, it->slug, x->now);
}

/* store_library_item_create: see store.h.  Audited with the slug. */
int sq_library_item_create(store *s, const struct store_library_item *it, const struct store_library_file *file,
			   int64_t editor, int64_t now, int64_t *id)
{
	struct item_create x = {it, file, editor, now, id};
	int rc = sq_begin(s, "library_item_create");
	if (rc)
		return rc;
	rc = sq_finish(s, item_create_body(s, &x), "library_item_create");
	if (rc)
		*id = 0;
	return rc;
}

/* Inside a transaction: reads the one text column of the current row of
 * a stepped query into `out` (cut to fit) and ends the query. */
static void take_text(struct sq_q *q, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(q->st, 0);
	snprintf(out, n, "%s", t ? (const char *)t : "");
	sq_end(q);
}

static int item_update_body(store *s, const struct store_library_item *it, int64_t editor, int64_t now)
{
	const char *op = "library_item_update";
	str text[] = {it->title,     it->authors, it->about, it->body, it->body_html,
		      str_c(store_library_access_name(it->access)), it->cover, it->published_on, it->isbn};
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_LIB_ITEM_UPDATE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, it->id);
	for (int i = 0; i < 9; i++)
		sq_text(&q, 2 + i, text[i]);
	sq_int(&q, 11, now);
	if ((rc = sq_row(&q, true)))
		return rc;
	char slug[128];
	take_text(&q, slug, sizeof slug);
	if ((rc = collections_write(s, it->id, it, true, op)))
		return rc;
	return sq_forum_audit(s, editor, S("library.edit"), "library", it->id, str_c(slug), now);
}

/* store_library_item_update: see store.h.  Audited with the slug. */
int sq_library_item_update(store *s, const struct store_library_item *it, int64_t editor, int64_t now)
{
	int rc = sq_begin(s, "library_item_update");
	if (rc)
		return rc;
	return sq_finish(s, item_update_body(s, it, editor, now), "library_item_update");
}

static int withdraw_body(store *s, int64_t id, bool on, int64_t editor, int64_t now)
{
	const char *op = on ? "library_item_withdraw" : "library_item_restore";
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_LIB_ITEM_WITHDRAW, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_int(&q, 2, on ? (now > 0 ? now : 1) : 0); /* 0 would read as live */
	sq_int(&q, 3, now);
	if ((rc = sq_row(&q, true)) == STORE_ENOTFOUND) { /* none, or so already */
		int64_t any = 0;
		rc = sq_run_int(s, SQ_LIB_ITEM_SLUG, op, SQ_INTS(id), &any);
		return rc ? rc : STORE_ECONFLICT;
	}
	if (rc)
		return rc;
	char slug[128];
	take_text(&q, slug, sizeof slug);
	return sq_forum_audit(s, editor, str_c(on ? "library.withdraw" : "library.restore"), "library", id,
			      str_c(slug), now);
}

/* store_library_item_withdraw: see store.h.  Audited with the slug. */
int sq_library_item_withdraw(store *s, int64_t id, bool on, int64_t editor, int64_t now)
{
	int rc = sq_begin(s, "library_item_withdraw");
	if (rc)
		return rc;
	return sq_finish(s, withdraw_body(s, id, on, editor, now), "library_item_withdraw");
}

/* ---- Files ------------------------------------------------------------- */

/* Inside a transaction: the slot and version file f gets in item
 * f->item_id.  STORE_ENOTFOUND when there is no such item, or (an
 * attachment) no such slot. */
static int file_place(store *s, const struct store_library_file *f, const char *op, int64_t *slot, int64_t *version)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_LIB_ITEM_SLUG, op);
	if (rc)
		return rc;
	sq_int(&q, 1, f->item_id);
	if ((rc = sq_row(&q, false)))
		return rc;
	sq_end(&q);
	*slot = f->slot;
	if (f->slot < 0) {
		*version = 1;
		return sq_run_int(s, SQ_LIB_FILE_NEW_SLOT, op, SQ_INTS(f->item_id), slot);
	}
	if ((rc = sq_start(&q, s, SQ_LIB_FILE_VERSION, op)))
		return rc;
	sq_int(&q, 1, f->item_id);
	sq_int(&q, 2, f->slot);
	if ((rc = sq_row(&q, false)))
		return rc;
	*version = sqlite3_column_int64(q.st, 0);
	int64_t had = sqlite3_column_int64(q.st, 1);
	sq_end(&q);
	return f->slot > 0 && had == 0 ? STORE_ENOTFOUND : 0;
}

struct file_add {
	const struct store_library_file *f;
	int64_t editor, now, *id, *slot;
};

static int file_add_body(store *s, const struct file_add *x)
{
	const char *op = "library_file_add";
	int64_t slot = 0, version = 0;
	int rc = file_place(s, x->f, op, &slot, &version);
	if (rc || (rc = file_insert(s, x->f, x->f->item_id, slot, version, x->editor, x->now, op, x->id)) ||
	    (rc = sq_run(s, SQ_LIB_ITEM_TOUCH, op, true, SQ_INTS(x->f->item_id, x->now))))
		return rc;
	*x->slot = slot;
	char detail[160];
	snprintf(detail, sizeof detail, "slot %lld version %lld %.*s", (long long)slot, (long long)version,
		 (int)(x->f->name.n < 100 ? x->f->name.n : 100), x->f->name.p);
	return sq_forum_audit(s, x->editor, S("library.file"), "library", x->f->item_id, str_c(detail), x->now);
}

/* store_library_file_add: see store.h.  Audited on the item with the
 * slot, version and file name. */
int sq_library_file_add(store *s, const struct store_library_file *f, int64_t editor, int64_t now, int64_t *id,
			int64_t *slot)
{
	int64_t made = 0, in = 0;
	struct file_add x = {f, editor, now, &made, &in};
	int rc = sq_begin(s, "library_file_add");
	if (rc)
		return rc;
	rc = sq_finish(s, file_add_body(s, &x), "library_file_add");
	if (id)
		*id = rc ? 0 : made;
	if (slot)
		*slot = rc ? 0 : in;
	return rc;
}

/* ---- Downloads --------------------------------------------------------- */

static int count_body(store *s, const struct store_library_count *c, int n)
{
	const char *op = "library_count";
	int rc = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		if (c[i].n <= 0)
			continue;
		rc = sq_run(s, SQ_LIB_COUNT_DAY, op, false, SQ_INTS(c[i].item_id, c[i].day, c[i].n));
		if (rc == 0) /* an item that is not changes nothing here either */
			rc = sq_run(s, SQ_LIB_COUNT_TOTAL, op, false, SQ_INTS(c[i].item_id, c[i].n));
	}
	return rc;
}

/* store_library_count: see store.h.  One transaction for the batch. */
int sq_library_count(store *s, const struct store_library_count *c, int n)
{
	int rc = sq_begin(s, "library_count");
	if (rc)
		return rc;
	return sq_finish(s, count_body(s, c, n), "library_count");
}

/* ---- Reading a stored file ---------------------------------------------- */

/* store_upload_read: see store.h.  The row first (STORE_ENOTFOUND; the
 * range checked against its size), then the file, read until the range is
 * whole. */
int sq_upload_read(store *s, const char *sha256, int64_t off, size_t n, char *dst)
{
	arena *a = arena_new(2 * PATH_MAX); /* the row's type and the file's path */
	struct store_upload u;
	int rc = a ? sq_upload_get(s, a, sha256, &u) : STORE_ERR;
	if (rc)
		goto fail;
	rc = STORE_ERR;
	if (off > u.size || (int64_t)n > u.size - off) {
		log_error("store_error", "op=upload_read err=%s", "\"the range is outside the file\"");
		goto fail;
	}
	int fd = open(u.path, O_RDONLY | O_CLOEXEC);
	const char *why = fd < 0 ? strerror(errno) : NULL;
	size_t done = 0;
	while (!why && done < n) {
		ssize_t k = pread(fd, dst + done, n - done, off + (off_t)done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			why = k < 0 ? strerror(errno) : "the file is shorter than its row says";
		else
			done += (size_t)k;
	}
	if (fd >= 0)
		close(fd);
	if (!why) {
		rc = 0;
	} else {
		char m[128];
		log_error("store_error", "op=upload_read err=%s", log_q(m, sizeof m, why, strlen(why)));
	}
fail:
	arena_free(a);
	return rc;
}
