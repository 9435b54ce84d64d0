/* library_pages.c: the library's reading pages (library.h has what they
 * share with the editors' pages and the API): browsing and searching,
 * a collection, an item (or, for an item the reader may see but not
 * open, the way in), an ebook's download and an item's files.
 *
 * Invariants: lists hold what the reader may see (policy_library_levels)
 * and mark what they may not open; every item route decides through
 * library_item_find. */
#include <stdio.h>
#include <string.h>

#include "library.h"
#include "views_gen.h"
#include "../http/pageviews.h"

static int not_found(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

/* The pager of a list of `total` items on page `page`, its links made
 * from `base` ("/library?q=x&sort=y&" or "/library/collections/s?"). */
static void pager_ctx(http_req *r, view_obj *ctx, const char *base, int64_t page, int64_t total)
{
	int64_t pages = total ? (total + LIBRARY_PAGE - 1) / LIBRARY_PAGE : 1;
	buf p, n;
	buf_init(&p, r->a);
	buf_init(&n, r->a);
	long long prev = (long long)page - 1, next = (long long)page + 1;
	buf_printf(&p, "%spage=%lld", base, prev);
	buf_printf(&n, "%spage=%lld", base, next);
	view_set_bool(ctx, "has_prev", page > 1 && !p.err);
	view_set_bool(ctx, "has_next", page < pages && !n.err);
	view_set_cstr(ctx, "prev_href", p.err ? "" : str_dup(r->a, buf_slice(&p)));
	view_set_cstr(ctx, "next_href", n.err ? "" : str_dup(r->a, buf_slice(&n)));
	view_set_int(ctx, "page", page);
	view_set_int(ctx, "pages", pages);
	view_set_bool(ctx, "paged", pages > 1);
}

/* The sort choices of a list, `order` selected. */
static view_list *sort_options(http_req *r, enum store_library_order order)
{
	static const struct {
		const char *value, *label;
		enum store_library_order order;
	} sorts[] = {
		{"newest", "Newest first", STORE_LIB_NEWEST},
		{"downloads", "Most downloaded", STORE_LIB_DOWNLOADS},
		{"title", "Title, A to Z", STORE_LIB_TITLE},
	};
	view_list *l = view_list_new(r->a);
	for (size_t i = 0; l && i < sizeof sorts / sizeof sorts[0]; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return NULL;
		view_set_cstr(o, "value", sorts[i].value);
		view_set_cstr(o, "label", sorts[i].label);
		view_set_bool(o, "selected", sorts[i].order == order);
		view_list_push_obj(l, o);
	}
	return l;
}

/* "1 item" / "N items". */
static const char *items_count(http_req *r, int64_t n, const char *after)
{
	buf b;
	buf_init(&b, r->a);
	buf_printf(&b, "%lld %s%s", (long long)n, n == 1 ? "item" : "items", after);
	return b.err ? "" : str_dup(r->a, buf_slice(&b));
}

/* ?q= or ?sort=: the items found, paged and sorted, into ctx. */
static int results_ctx(http_req *r, view_obj *ctx, str q, str sort, const struct store_library_collection_list *cl)
{
	int64_t page = page_number(r), total = 0;
	struct store_library_query query = library_query(r, false);
	query.q = q;
	query.order = library_order(sort);
	query.offset = (int)((page - 1) * LIBRARY_PAGE);
	struct store_library_item_list il;
	int rc = store_library_items(http_store(r), r->a, &query, &il, &total);
	if (rc)
		return rc;
	if (library_items_ctx(r, ctx, "items", &il, cl) < 0)
		return STORE_ERR;
	view_set_bool(ctx, "results", true);
	view_set_bool(ctx, "has_items", il.n > 0);
	view_set_cstr(ctx, "found", items_count(r, total, " found"));
	view_set_list(ctx, "sorts", sort_options(r, query.order));
	buf base;
	buf_init(&base, r->a);
	buf_puts(&base, "/library?");
	if (q.n) {
		buf_puts(&base, "q=");
		view_esc_urlc(&base, q);
		buf_putc(&base, '&');
	}
	buf_puts(&base, "sort=");
	buf_puts(&base, sort.n ? (query.order == STORE_LIB_DOWNLOADS ? "downloads"
				  : query.order == STORE_LIB_TITLE ? "title"
								   : "newest")
			       : "newest");
	buf_putc(&base, '&');
	pager_ctx(r, ctx, base.err ? "/library?" : str_dup(r->a, buf_slice(&base)), page, total);
	return 0;
}

/* The browse page: the collections with how many items the reader may
 * see in each, the newest and the most downloaded. */
static int browse_ctx(http_req *r, view_obj *ctx, const struct store_library_collection_list *cl)
{
	store *st = http_store(r);
	view_list *colls = view_list_new(r->a);
	if (!colls)
		return STORE_ERR;
	for (int i = 0; i < cl->n; i++) {
		struct store_library_query q = library_query(r, false);
		struct store_library_item_list one;
		int64_t n = 0;
		q.collection = cl->items[i].id;
		q.limit = 1;
		int rc = store_library_items(st, r->a, &q, &one, &n);
		view_obj *o = view_obj_new(r->a);
		if (rc || !o)
			return rc ? rc : STORE_ERR;
		buf b;
		buf_init(&b, r->a);
		buf_puts(&b, "/library/collections/");
		buf_str(&b, cl->items[i].slug);
		view_set_str(o, "name", cl->items[i].name);
		view_set_str(o, "about", cl->items[i].about);
		view_set_cstr(o, "href", b.err ? "/library" : str_dup(r->a, buf_slice(&b)));
		view_set_cstr(o, "count", items_count(r, n, ""));
		view_list_push_obj(colls, o);
	}
	view_set_list(ctx, "collections", colls);
	view_set_bool(ctx, "has_collections", cl->n > 0);
	const char *keys[2] = {"newest", "popular"};
	enum store_library_order orders[2] = {STORE_LIB_NEWEST, STORE_LIB_DOWNLOADS};
	for (int k = 0; k < 2; k++) {
		struct store_library_query q = library_query(r, false);
		struct store_library_item_list il;
		q.order = orders[k];
		q.limit = LIBRARY_SHORT;
		int rc = store_library_items(st, r->a, &q, &il, NULL);
		if (rc)
			return rc;
		/* One list in a list: the template's loop over it names it
		 * "items", as the list partial wants. */
		view_list *wrap = view_list_new(r->a);
		if (!wrap || library_items_ctx(r, ctx, keys[k], &il, cl) < 0 ||
		    view_list_push(wrap, *view_get(ctx, keys[k])) < 0 || view_set_list(ctx, keys[k], wrap) < 0)
			return STORE_ERR;
		view_set_bool(ctx, k ? "has_popular" : "has_newest", il.n > 0);
	}
	return 0;
}

/* GET /library?q=&sort=newest|downloads|title&page=N — anyone: the search
 * form, the collections, the newest and the most downloaded items; with
 * q (or sort), the items found, 20 to a page.  Lists hold the items the
 * reader may see, marked when they may not open them. */
int library_page(http_req *r)
{
	str q = str_trim(http_query(r, "q")), sort = http_query(r, "sort");
	if (q.n > 200 || form_check_text(q, false, NULL))
		q = STR_NULL;
	struct store_library_collection_list cl;
	int rc = library_collections(r, &cl);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, q.n ? "Library search" : "Library");
	if (!ctx)
		return http_store_error(r, STORE_ERR);
	view_set_str(ctx, "q", q);
	view_set_str(ctx, "description", S("Resource pages and ebooks for doctors: guides, handbooks and references."));
	rc = q.n || sort.n ? results_ctx(r, ctx, q, sort, &cl) : browse_ctx(r, ctx, &cl);
	if (rc)
		return http_store_error(r, rc);
	view_set_bool(ctx, "editor", library_editor(r));
	return http_page(r, 200, view_library, ctx);
}

/* GET /library/collections/:slug?sort=&page=N — anyone: the collection,
 * its items the reader may see (by title unless sorted), 20 to a page;
 * 404 when there is no such collection. */
int library_collection_page(http_req *r)
{
	struct store_library_collection c;
	str slug = r->params[0];
	store *st = http_store(r);
	int rc = slug.n <= LIBRARY_SLUG_MAX ? store_library_collection_by_slug(st, r->a, slug, &c) : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	struct store_library_collection_list cl;
	if (rc || (rc = library_collections(r, &cl)))
		return http_store_error(r, rc);
	str sort = http_query(r, "sort");
	int64_t page = page_number(r), total = 0;
	struct store_library_query q = library_query(r, false);
	q.collection = c.id;
	q.order = sort.n ? library_order(sort) : STORE_LIB_TITLE;
	q.offset = (int)((page - 1) * LIBRARY_PAGE);
	struct store_library_item_list il;
	if ((rc = store_library_items(st, r->a, &q, &il, &total)))
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, str_dup(r->a, c.name));
	if (!ctx || library_items_ctx(r, ctx, "items", &il, &cl) < 0)
		return http_store_error(r, STORE_ERR);
	view_set_bool(ctx, "has_items", il.n > 0);
	view_set_str(ctx, "name", c.name);
	view_set_str(ctx, "slug", c.slug);
	view_set_str(ctx, "about", c.about);
	view_set_str(ctx, "description", c.about);
	view_set_cstr(ctx, "count", items_count(r, total, ""));
	view_set_list(ctx, "sorts", sort_options(r, q.order));
	buf base;
	buf_init(&base, r->a);
	buf_puts(&base, "/library/collections/");
	buf_str(&base, c.slug);
	buf_puts(&base, "?");
	if (sort.n) {
		buf_puts(&base, "sort=");
		view_esc_urlc(&base, sort);
		buf_putc(&base, '&');
	}
	pager_ctx(r, ctx, base.err ? "/library?" : str_dup(r->a, buf_slice(&base)), page, total);
	return http_page(r, 200, view_library_collection, ctx);
}

/* The page of an item the reader may see but not open: its title and
 * authors, and the way in: sign in (401), or get verified (403). */
static int teaser(http_req *r, const struct store_library_item *it, int status,
		  const struct store_library_collection_list *cl)
{
	view_obj *ctx = http_page_ctx(r, str_dup(r->a, it->title));
	view_obj *iv = library_item_view(r, it, cl);
	if (!ctx || !iv)
		return http_store_error(r, STORE_ERR);
	view_set_obj(ctx, "item", iv);
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, "/signin?next="); /* a slug needs no escaping: [a-z0-9-] */
	buf_puts(&b, library_href(r, it->slug, "", false));
	view_set_cstr(ctx, "signin", b.err ? "/signin" : str_dup(r->a, buf_slice(&b)));
	view_set_bool(ctx, "need_signin", status == 401);
	view_set_bool(ctx, "can_verify", status == 403 && r->reader.doctor && !r->reader.verified);
	return http_page(r, status, view_library_teaser, ctx);
}

/* The item's attachments (the newest version of each slot from 1 on). */
static int attachments_ctx(http_req *r, view_obj *ctx, const struct store_library_item *it)
{
	struct store_library_file_list fl;
	int rc = store_library_files(http_store(r), r->a, it->id, false, &fl);
	if (rc)
		return rc;
	view_list *l = view_list_new(r->a);
	if (!l)
		return STORE_ERR;
	int n = 0;
	for (int i = 0; i < fl.n; i++) {
		if (fl.items[i].slot < 1)
			continue;
		view_obj *o = view_obj_new(r->a);
		char tail[48];
		if (!o)
			return STORE_ERR;
		snprintf(tail, sizeof tail, "/files/%lld", (long long)fl.items[i].id);
		view_set_str(o, "name", fl.items[i].name);
		view_set_cstr(o, "href", library_href(r, it->slug, tail, false));
		view_set_cstr(o, "type", library_type_label(fl.items[i].mime));
		view_set_cstr(o, "size", library_size_label(r, fl.items[i].size));
		view_list_push_obj(l, o);
		n++;
	}
	view_set_list(ctx, "attachments", l);
	view_set_bool(ctx, "has_attachments", n > 0);
	return 0;
}

/* GET /library/:slug — whoever may open the item: its page (title,
 * authors, date, ISBN, access, collections, about, cover, a page's text,
 * an ebook's download, attachments; for editors the edit link and the
 * downloads).  Whoever may only see it: 401 (a visitor: sign in to read)
 * or 403 (a member: for verified doctors), with its title.  Anyone
 * else, and for anything withdrawn or unknown: 404. */
int library_item_page(http_req *r)
{
	struct store_library_item it;
	struct store_library_collection_list cl;
	int rc = library_item_find(r, r->params[0], &it), crc = rc < 0 || rc == 404 ? 0 : library_collections(r, &cl);
	if (rc == 404)
		return not_found(r);
	if (rc < 0 || crc)
		return http_store_error(r, rc < 0 ? rc : crc);
	if (rc)
		return teaser(r, &it, rc, &cl);
	view_obj *ctx = http_page_ctx(r, str_dup(r->a, it.title));
	view_obj *iv = library_item_view(r, &it, &cl);
	if (!ctx || !iv)
		return http_store_error(r, STORE_ERR);
	view_set_str(iv, "body_html", it.body_html);
	view_set_obj(ctx, "item", iv);
	view_set_str(ctx, "description", it.about);
	if ((rc = attachments_ctx(r, ctx, &it)))
		return http_store_error(r, rc);
	http_view_item(r, STORE_VIEW_LIBRARY_ITEM, it.id);
	return http_page(r, 200, view_library_item, ctx);
}

/* GET|HEAD /library/:slug/download — whoever may open the item: its
 * ebook's current file (ETag, Last-Modified, ranges; saved under its
 * name); a GET that gets it from its first byte counts a download.  404
 * when the reader may not open it or it has no file. */
int library_download(http_req *r)
{
	struct store_library_item it;
	if (library_item_open(r, r->params[0], &it))
		return 0;
	if (!it.file.id)
		return not_found(r);
	return library_send_file(r, &it, &it.file);
}

/* GET|HEAD /library/:slug/files/:id — whoever may open the item: one of
 * its files, the newest version of its slot (editors: any version),
 * counted as the download is; 404 otherwise. */
int library_file(http_req *r)
{
	struct store_library_item it;
	if (library_item_open(r, r->params[0], &it))
		return 0;
	int64_t id = page_id(r->params[1]);
	struct store_library_file f;
	store *st = http_store(r);
	int rc = id ? store_library_file_get(st, r->a, id, &f) : STORE_ENOTFOUND;
	if (!rc && f.item_id != it.id)
		rc = STORE_ENOTFOUND;
	if (!rc && !library_editor(r)) {
		struct store_library_file_list fl;
		bool newest = false;
		if ((rc = store_library_files(st, r->a, it.id, false, &fl)))
			return http_store_error(r, rc);
		for (int i = 0; i < fl.n; i++)
			newest |= fl.items[i].id == f.id;
		if (!newest)
			rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc)
		return http_store_error(r, rc);
	return library_send_file(r, &it, &f);
}
