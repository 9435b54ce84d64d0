/* api_library.c: the library's API under /api/v1/library, with the pages'
 * rules (library.h): lists hold what the reader may see, an item and its
 * files open to whoever may open it (404 to anyone else), and editors
 * write through the same paths as the editors' pages. */
#include <stdio.h>
#include <string.h>

#include "library.h"

static int not_found(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

/* Answers a refusal of a write path: bad fields (422 naming the first),
 * or the store's error. */
static int refused(http_req *r, int rc)
{
	if (rc == 422 && r->in.first_err >= 0) {
		const char *name = r->in.spec->fields[r->in.first_err].name;
		char msg[300];
		snprintf(msg, sizeof msg, "%s %s", name, r->in.err[r->in.first_err]);
		return http_error(r, 422, "invalid", arena_strndup(r->a, msg, strlen(msg)), name);
	}
	return http_store_error(r, rc < 0 ? rc : STORE_ERR);
}

/* How many items of collection c the reader may see. */
static int visible_count(http_req *r, const struct store_library_collection *c, int64_t *n)
{
	struct store_library_query q = library_query(r, false);
	struct store_library_item_list one;
	q.collection = c->id;
	q.limit = 1;
	return store_library_items(http_store(r), r->a, &q, &one, n);
}

/* GET /api/v1/library?q=&collection=SLUG&sort=newest|downloads|title&page=N
 * — anyone: {items: [ITEM], page, total}, the items the reader may see
 * (for editors, withdrawn ones too), each with can_read; 404 for an
 * unknown collection. */
int api_library(http_req *r)
{
	str q = str_trim(http_query(r, "q")), coll = http_query(r, "collection");
	if (q.n > 200 || form_check_text(q, false, NULL))
		return http_error(r, 422, "invalid", "q must be a line of text of at most 200 bytes.", "q");
	struct store_library_collection_list cl;
	int rc = library_collections(r, &cl);
	if (rc)
		return http_store_error(r, rc);
	int64_t page = page_number(r), total = 0;
	/* Editors see withdrawn items too (marked "withdrawn"). */
	struct store_library_query query = library_query(r, true);
	query.q = q;
	query.order = library_order(http_query(r, "sort"));
	query.offset = (int)((page - 1) * LIBRARY_PAGE);
	if (coll.n) {
		for (int i = 0; i < cl.n && !query.collection; i++)
			if (str_eq(cl.items[i].slug, coll))
				query.collection = cl.items[i].id;
		if (!query.collection)
			return http_error(r, 404, "not_found", "There is no such collection.", "collection");
	}
	struct store_library_item_list il;
	if ((rc = store_library_items(http_store(r), r->a, &query, &il, &total)))
		return http_store_error(r, rc);
	json_t *items = json_array();
	for (int i = 0; items && i < il.n; i++)
		json_array_append_new(items, library_item_json(r, &il.items[i], &cl, false));
	return http_json(r, 200, json_pack("{s:o, s:I, s:I}", "items", items ? items : json_array(), "page",
					   (json_int_t)page, "total", (json_int_t)total));
}

/* GET /api/v1/library/collections — anyone: {collections: [{id, slug,
 * name, about, position, item_count}]} by position, item_count the items
 * the reader may see. */
int api_library_collections(http_req *r)
{
	struct store_library_collection_list cl;
	int rc = library_collections(r, &cl);
	if (rc)
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < cl.n; i++) {
		if ((rc = visible_count(r, &cl.items[i], &cl.items[i].item_count))) {
			json_decref(a);
			return http_store_error(r, rc);
		}
		json_array_append_new(a, library_collection_json(&cl.items[i]));
	}
	return http_json(r, 200, json_pack("{s:o}", "collections", a ? a : json_array()));
}

/* POST /api/v1/library/collections {name, about, position} — editors:
 * 201 the collection (its slug from its name). */
int api_library_collection_create(http_req *r)
{
	struct store_library_collection c = {0};
	int rc = library_collection_write(r, &c);
	if (rc)
		return refused(r, rc);
	if ((rc = store_library_collection_get(http_store(r), r->a, c.id, &c)))
		return http_store_error(r, rc);
	return http_json(r, 201, library_collection_json(&c));
}

/* PATCH /api/v1/library/collections/:slug {name, about, position} —
 * editors: the fields sent change; 200 the collection. */
int api_library_collection_update(http_req *r)
{
	struct store_library_collection c;
	str slug = r->params[0];
	store *st = http_store(r);
	int rc = slug.n <= LIBRARY_SLUG_MAX ? store_library_collection_by_slug(st, r->a, slug, &c) : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc)
		return http_store_error(r, rc);
	if ((rc = library_collection_write(r, &c)))
		return refused(r, rc);
	if ((rc = store_library_collection_get(st, r->a, c.id, &c)))
		return http_store_error(r, rc);
	return http_json(r, 200, library_collection_json(&c));
}

/* Answers 200 (or `status`) with item `id` as the reader sees it, with
 * its body and attachments. */
static int item_answer(http_req *r, int status, int64_t id)
{
	struct store_library_item it;
	struct store_library_collection_list cl;
	int rc = store_library_item_get(http_store(r), r->a, id, &it);
	if (!rc)
		rc = library_collections(r, &cl);
	if (rc)
		return http_store_error(r, rc);
	return http_json(r, status, library_item_json(r, &it, &cl, true));
}

/* GET /api/v1/library/:slug — whoever may open the item: ITEM with
 * body_html and attachments [{id, slot, version, name, mime, size, url}];
 * 404 otherwise. */
int api_library_item(http_req *r)
{
	struct store_library_item it;
	struct store_library_collection_list cl;
	if (library_item_open(r, r->params[0], &it))
		return 0;
	int rc = library_collections(r, &cl);
	if (rc)
		return http_store_error(r, rc);
	return http_json(r, 200, library_item_json(r, &it, &cl, true));
}

/* GET|HEAD /api/v1/library/:slug/download — as GET /library/:slug/download. */
int api_library_download(http_req *r)
{
	return library_download(r);
}

/* POST /api/v1/library — editors: multipart (kind, title, authors,
 * about, body, access, published_on, isbn, collections, file) or JSON (a
 * page): 201 ITEM; 422 naming the field; 413 past library_limit. */
int api_library_create(http_req *r)
{
	struct store_library_collection_list cl;
	int rc = library_collections(r, &cl);
	if (rc)
		return http_store_error(r, rc);
	struct store_library_item it = {0};
	if ((rc = library_item_write(r, &it, &cl)))
		return refused(r, rc);
	return item_answer(r, 201, it.id);
}

/* The item at r->params[0] for its editor: 0, or answered (404). */
static int edited_item(http_req *r, struct store_library_item *it)
{
	return library_item_open(r, r->params[0], it) ? -1 : 0;
}

/* PATCH /api/v1/library/:slug (JSON; absent fields keep their values) —
 * editors: 200 ITEM. */
int api_library_update(http_req *r)
{
	struct store_library_item it;
	if (edited_item(r, &it))
		return 0;
	struct store_library_collection_list cl;
	int rc = library_collections(r, &cl);
	if (!rc)
		rc = library_item_write(r, &it, &cl);
	if (rc)
		return refused(r, rc);
	return item_answer(r, 200, it.id);
}

/* POST /api/v1/library/:slug/files (multipart: file, slot "0" | N |
 * "new") — editors: 201 {file: {id, slot, version, name, mime, size,
 * url}}. */
int api_library_files(http_req *r)
{
	struct store_library_item it;
	if (edited_item(r, &it))
		return 0;
	struct store_library_file f;
	int rc = library_file_take(r, &it, form_get(&r->in, "slot"), &f);
	if (rc)
		return refused(r, rc);
	return http_json(r, 201, json_pack("{s:o}", "file", library_file_json(r, &it, &f)));
}

/* Withdraws (on) or restores the item at r->params[0]: 200 ITEM; 409
 * when it is so already. */
static int withdraw(http_req *r, bool on)
{
	struct store_library_item it;
	if (edited_item(r, &it))
		return 0;
	int rc = library_withdraw(r, &it, on);
	if (rc == 409)
		return http_error(r, 409, "conflict", on ? "This item is withdrawn already." : "This item is not withdrawn.",
				  NULL);
	if (rc)
		return http_store_error(r, rc);
	return item_answer(r, 200, it.id);
}

/* DELETE /api/v1/library/:slug — editors: withdraws the item (kept for
 * editors, with its files and counts): 200 ITEM; 409 if it is already. */
int api_library_withdraw(http_req *r)
{
	return withdraw(r, true);
}

/* POST /api/v1/library/:slug/restore — editors: 200 ITEM; 409 when it is
 * not withdrawn. */
int api_library_restore(http_req *r)
{
	return withdraw(r, false);
}

/* GET /api/v1/library/:slug/stats — editors: {downloads (in all), days:
 * [{day: "YYYY-MM-DD", n}]} for the days of the last 90 with downloads,
 * oldest first (this node's tally flushed first). */
int api_library_stats(http_req *r)
{
	struct store_library_item it;
	if (edited_item(r, &it))
		return 0;
	struct store_library_day_list dl;
	int rc = library_stats(r, it.id, &dl);
	if (!rc)
		rc = store_library_item_get(http_store(r), r->a, it.id, &it);
	if (rc)
		return http_store_error(r, rc);
	json_t *days = json_array();
	for (int i = 0; days && i < dl.n; i++)
		json_array_append_new(days, json_pack("{s:s, s:I}", "day", library_day(r, dl.items[i].day), "n",
						      (json_int_t)dl.items[i].n));
	return http_json(r, 200, json_pack("{s:I, s:o}", "downloads", (json_int_t)it.downloads, "days",
					   days ? days : json_array()));
}
