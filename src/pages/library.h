/* library.h: the e-library, shared by its pages (library_pages.c), the
 * editors' pages (library_edit.c), the API (api_library.c) and the
 * download tally (library_count.c).
 *
 * An item is a resource page or an ebook in collections, at an access
 * level (store.h "Library").  Who may see that it exists and who may
 * open it is the policy's alone (ACT_LIBRARY_SEE, ACT_LIBRARY_READ on
 * POLICY_LIBRARY(access, withdrawn)): every item route finds its item
 * through library_item_find, and every list asks policy_library_levels.
 * Every item is written through library_item_write and every file
 * through library_file_take, so pages and the API check the same
 * fields the same way.  Bad fields set their errors on r->in and return
 * 422 unanswered, so a page can show its form again. */
#ifndef ROUNDS_PAGES_LIBRARY_H
#define ROUNDS_PAGES_LIBRARY_H

#include "pages.h"

/* Sizes of an item's and a collection's fields (characters; the body in
 * bytes). */
#define LIBRARY_TITLE_MAX 200
#define LIBRARY_AUTHORS_MAX 300
#define LIBRARY_ABOUT_MAX 2000
#define LIBRARY_BODY_MAX 100000
#define LIBRARY_COLLECTION_NAME_MAX 100
#define LIBRARY_COLLECTION_ABOUT_MAX 1000
#define LIBRARY_SLUG_MAX 80
#define LIBRARY_FILE_NAME_MAX 120 /* bytes of a file's name as offered */
/* Items to a page of a list; on the browse page, in each short list. */
#define LIBRARY_PAGE 20
#define LIBRARY_SHORT 8
/* Days of downloads the editors' figures cover. */
#define LIBRARY_STATS_DAYS 90

extern const struct form_spec form_library_item, form_library_collection, form_library_file, form_library_cover,
	form_library_withdraw;

/* Finds item `slug` and decides for the reader: 0 when they may open it
 * (ACT_LIBRARY_READ); 401 when they may only see it and signing in
 * would open it; 403 when they may only see it (a member on a doctors'
 * item); with *it set in those three.  404 when there is none or they
 * may not even see it; or a store error.  Nothing is answered. */
int library_item_find(http_req *r, str slug, struct store_library_item *it);

/* The same for a route that only opens items (files, cover, the API):
 * 0 with *it when the reader may open item `slug`; else answered (404,
 * or the store error) and non-zero. */
int library_item_open(http_req *r, str slug, struct store_library_item *it);

/* Whether the reader may see / open item `it`. */
bool library_can_see(http_req *r, const struct store_library_item *it);
bool library_can_read(http_req *r, const struct store_library_item *it);
/* Whether the reader runs the library (an editor). */
bool library_editor(http_req *r);

/* The query of a list for the reader: the access levels they may see,
 * withdrawn items for editors when `withdrawn`. */
struct store_library_query library_query(http_req *r, bool withdrawn);

/* "?sort=" as a store order (newest when absent or unknown). */
enum store_library_order library_order(str sort);

/* Every collection (for names, slugs and checkboxes): 0 or a store
 * error. */
int library_collections(http_req *r, struct store_library_collection_list *out);

/* Writes item `it` from the request's fields (kind, title, authors,
 * about, body, access, published_on, isbn, collections, and for a new
 * ebook the upload `file`): a new one when it->id is 0, else an edit
 * (absent fields keep their values; kind and slug never change).  0
 * with it->id set; 422 with the fields' errors set (nothing written);
 * or a store error. */
int library_item_write(http_req *r, struct store_library_item *it, const struct store_library_collection_list *cl);

/* Adds the request's upload (field `file`) to item `it` in slot `slot`
 * ("0" the ebook's file, an attachment's slot number, "new"): checks
 * its type (an ebook's file: PDF or EPUB; attachments also PNG, JPEG,
 * WebP, plain text, CSV), stores it, adds the version.  0 with *f set;
 * 422 with the error on `file` or `slot`; or a store error. */
int library_file_take(http_req *r, const struct store_library_item *it, str slot, struct store_library_file *f);

/* Its editor withdraws (`on`) or restores item `it`: 0; 409 when it is
 * so already; or a store error.  Nothing answered. */
int library_withdraw(http_req *r, struct store_library_item *it, bool on);

/* Collection c from the request's fields (name, about, position): a new
 * one when c->id is 0 (slug from the name), else an edit (absent fields
 * keep).  0; 422 with the fields' errors set; or a store error. */
int library_collection_write(http_req *r, struct store_library_collection *c);

/* Addresses: /library/SLUG with `tail` after it ("", "/download",
 * "/cover", "/edit"); with `abs`, under the configured base address. */
const char *library_href(http_req *r, str slug, const char *tail, bool abs);

/* "Public", "Members", "Verified doctors"; "PDF", "EPUB", ...; a size as
 * "1.2 MB". */
const char *library_access_label(enum store_library_access a);
const char *library_type_label(str mime);
const char *library_size_label(http_req *r, int64_t size);
/* "2026-03-01" for day `day` (unix time / 86400), in r's arena. */
const char *library_day(http_req *r, int64_t day);

/* An item for pages: slug, title, href, authors, kind, kind_label,
 * access, access_label, can_read, lock ("Sign in to read", "For verified
 * doctors", or ""), about, published, published_iso, isbn, cover,
 * download, download_label, withdrawn, downloads, collections
 * [{slug, name, href}].  NULL when out of memory. */
view_obj *library_item_view(http_req *r, const struct store_library_item *it,
			    const struct store_library_collection_list *cl);
/* Items as "items" (and "has_items") in ctx. */
int library_items_ctx(http_req *r, view_obj *ctx, const char *key, const struct store_library_item_list *l,
		      const struct store_library_collection_list *cl);

/* The same as the API's ITEM (see the routes in docs): what the reader
 * may see of it; with `full`, body_html and attachments too. */
json_t *library_item_json(http_req *r, const struct store_library_item *it,
			  const struct store_library_collection_list *cl, bool full);
/* A collection: {id, slug, name, about, position, item_count}. */
json_t *library_collection_json(const struct store_library_collection *c);
/* A file: {id, slot, version, name, mime, size, url}. */
json_t *library_file_json(http_req *r, const struct store_library_item *it, const struct store_library_file *f);

/* Answers a GET or HEAD with file f of item `it` (http_send_stored), and
 * counts a download when it is a GET answered with the file from its
 * first byte.  0, or answered with an error. */
int library_send_file(http_req *r, const struct store_library_item *it, const struct store_library_file *f);

/* Flushes this node's tally and reads item `item`'s downloads per day
 * over the last LIBRARY_STATS_DAYS days: 0 or a store error. */
int library_stats(http_req *r, int64_t item, struct store_library_day_list *out);

/* The download tally (library_count.c): downloads gather in memory, by
 * item and UTC day, and reach the store in batches.  Thread-safe. */
void library_count_add(int64_t item, int64_t day);
/* Hands what has gathered to the store (store_library_count): 0, or a
 * store error (then the counts are kept for the next try). */
int library_count_flush(store *s);

/* Handlers. */
int library_page(http_req *r);
int library_collection_page(http_req *r);
int library_item_page(http_req *r);
int library_download(http_req *r);
int library_file(http_req *r);
int library_cover(http_req *r);
int library_edit_form(http_req *r);
int library_edit_post(http_req *r);
int library_cover_post(http_req *r);
int library_files_post(http_req *r);
int library_withdraw_post(http_req *r);
int library_editor_page(http_req *r);
int library_collection_create_post(http_req *r);
int library_collection_update_post(http_req *r);
int library_new_form(http_req *r);
int library_new_post(http_req *r);
int api_library(http_req *r);
int api_library_collections(http_req *r);
int api_library_collection_create(http_req *r);
int api_library_collection_update(http_req *r);
int api_library_item(http_req *r);
int api_library_download(http_req *r);
int api_library_create(http_req *r);
int api_library_update(http_req *r);
int api_library_files(http_req *r);
int api_library_withdraw(http_req *r);
int api_library_restore(http_req *r);
int api_library_stats(http_req *r);

#endif
