/* library.c: the e-library's shared part (see library.h): finding an item
 * and deciding what the reader may do with it, the queries of lists,
 * addresses and labels, the views and JSON of items, collections and
 * files, and sending a stored file.
 *
 * Invariants: every decision about an item is the policy's, on the
 * item's place POLICY_LIBRARY(access, withdrawn); an item the reader may
 * not see is a 404, its title included; what a reader who may see but
 * not open an item is shown is its title, authors and the way in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "library.h"

/* ---- finding and deciding -------------------------------------------------- */

static struct policy_object item_object(const struct store_library_item *it)
{
	return (struct policy_object){.place = POLICY_LIBRARY(it->access, it->withdrawn_at != 0)};
}

bool library_can_see(http_req *r, const struct store_library_item *it)
{
	struct policy_object o = item_object(it);
	return policy_allows(&r->reader, ACT_LIBRARY_SEE, &o);
}

bool library_can_read(http_req *r, const struct store_library_item *it)
{
	struct policy_object o = item_object(it);
	return policy_allows(&r->reader, ACT_LIBRARY_READ, &o);
}

bool library_editor(http_req *r)
{
	return policy_allows(&r->reader, ACT_LIBRARY_EDIT, NULL);
}

int library_item_find(http_req *r, str slug, struct store_library_item *it)
{
	if (!slug.n || slug.n > LIBRARY_SLUG_MAX)
		return 404;
	int rc = store_library_item_by_slug(http_store(r), r->a, slug, it);
	if (rc == STORE_ENOTFOUND)
		return 404;
	if (rc)
		return rc;
	if (!library_can_see(r, it))
		return 404;
	struct policy_object o = item_object(it);
	switch (policy_decide(&r->reader, ACT_LIBRARY_READ, &o)) {
	case POLICY_ALLOW:
		return 0;
	case POLICY_SIGNIN:
		return 401;
	case POLICY_DENY:
		break;
	}
	return 403;
}

int library_item_open(http_req *r, str slug, struct store_library_item *it)
{
	int rc = library_item_find(r, slug, it);
	if (rc < 0)
		http_store_error(r, rc);
	else if (rc)
		http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	return rc;
}

struct store_library_query library_query(http_req *r, bool withdrawn)
{
	return (struct store_library_query){
		.access = policy_library_levels(&r->reader, ACT_LIBRARY_SEE),
		.withdrawn = withdrawn && library_editor(r),
		.any_kind = true,
		.order = STORE_LIB_NEWEST,
		.limit = LIBRARY_PAGE,
	};
}

enum store_library_order library_order(str sort)
{
	if (str_eqc(sort, "downloads"))
		return STORE_LIB_DOWNLOADS;
	if (str_eqc(sort, "title"))
		return STORE_LIB_TITLE;
	return STORE_LIB_NEWEST;
}

int library_collections(http_req *r, struct store_library_collection_list *out)
{
	return store_library_collections(http_store(r), r->a, out);
}

/* ---- addresses and labels ------------------------------------------------------ */

const char *library_href(http_req *r, str slug, const char *tail, bool abs)
{
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, "/library/");
	buf_str(&b, slug);
	buf_puts(&b, tail);
	if (b.err)
		return "/library";
	const char *path = str_dup(r->a, buf_slice(&b));
	if (!abs || !path)
		return path ? path : "/library";
	str full = page_abs_link(r, path, STR_NULL);
	return full.p ? str_dup(r->a, full) : path;
}

const char *library_access_label(enum store_library_access a)
{
	switch (a) {
	case STORE_LIB_PUBLIC:
		return "Public";
	case STORE_LIB_MEMBERS:
		return "Members";
	case STORE_LIB_DOCTORS:
		return "Verified doctors";
	case STORE_LIB_ACCESS_MAX:
		break;
	}
	return "";
}

const char *library_type_label(str mime)
{
	static const struct {
		const char *mime, *label;
	} types[] = {
		{"application/pdf", "PDF"}, {"application/epub+zip", "EPUB"}, {"image/png", "PNG"},
		{"image/jpeg", "JPEG"},     {"image/webp", "WebP"},            {"text/plain", "text"},
		{"text/csv", "CSV"},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (str_eqc(mime, types[i].mime))
			return types[i].label;
	return "file";
}

const char *library_size_label(http_req *r, int64_t size)
{
	char b[32];
	if (size < 1024)
		snprintf(b, sizeof b, "%lld bytes", (long long)size);
	else if (size < 1024 * 1024)
		snprintf(b, sizeof b, "%lld KB", (long long)((size + 512) / 1024));
	else
		snprintf(b, sizeof b, "%.1f MB", (double)size / (1024.0 * 1024.0));
	char *out = arena_strndup(r->a, b, strlen(b));
	return out ? out : "";
}

const char *library_day(http_req *r, int64_t day)
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;
	char *out = arena_alloc(r->a, 16);
	if (!out || !gmtime_r(&t, &tm) || !strftime(out, 16, "%Y-%m-%d", &tm))
		return "";
	return out;
}

/* "1 March 2024" for a stored "2024-03-01"; the stored text otherwise. */
static const char *date_label(http_req *r, str d)
{
	static const char *const months[12] = {"January", "February", "March",     "April",   "May",      "June",
					       "July",    "August",   "September", "October", "November", "December"};
	if (d.n != 10 || d.p[4] != '-' || d.p[7] != '-')
		return str_dup(r->a, d);
	int mo = (d.p[5] - '0') * 10 + (d.p[6] - '0'), day = (d.p[8] - '0') * 10 + (d.p[9] - '0');
	if (mo < 1 || mo > 12 || day < 1 || day > 31)
		return str_dup(r->a, d);
	buf b;
	buf_init(&b, r->a);
	buf_printf(&b, "%d %s %.4s", day, months[mo - 1], d.p);
	return b.err ? "" : str_dup(r->a, buf_slice(&b));
}

/* "Sign in to read" / "For verified doctors": why the reader, who may see
 * the item, may not open it ("" when they may). */
static const char *lock_label(http_req *r, bool can_read)
{
	if (can_read)
		return "";
	return r->reader.signed_in ? "For verified doctors" : "Sign in to read";
}

/* ---- views ------------------------------------------------------------------- */

static const struct store_library_collection *collection_of(const struct store_library_collection_list *cl,
							    int64_t id)
{
	for (int i = 0; cl && i < cl->n; i++)
		if (cl->items[i].id == id)
			return &cl->items[i];
	return NULL;
}

static view_list *collections_view(http_req *r, const struct store_library_item *it,
				   const struct store_library_collection_list *cl)
{
	view_list *l = view_list_new(r->a);
	for (int i = 0; l && i < it->ncollections; i++) {
		const struct store_library_collection *c = collection_of(cl, it->collections[i]);
		view_obj *o = c ? view_obj_new(r->a) : NULL;
		if (!o)
			continue;
		buf b;
		buf_init(&b, r->a);
		buf_puts(&b, "/library/collections/");
		buf_str(&b, c->slug);
		view_set_str(o, "slug", c->slug);
		view_set_str(o, "name", c->name);
		view_set_cstr(o, "href", b.err ? "/library" : str_dup(r->a, buf_slice(&b)));
		view_list_push_obj(l, o);
	}
	return l;
}

view_obj *library_item_view(http_req *r, const struct store_library_item *it,
			    const struct store_library_collection_list *cl)
{
	view_obj *o = view_obj_new(r->a);
	if (!o)
		return NULL;
	bool read = library_can_read(r, it), editor = library_editor(r);
	view_set_int(o, "id", it->id);
	view_set_str(o, "slug", it->slug);
	view_set_str(o, "title", it->title);
	view_set_cstr(o, "href", library_href(r, it->slug, "", false));
	view_set_str(o, "authors", it->authors);
	view_set_cstr(o, "kind", store_library_kind_name(it->kind));
	view_set_cstr(o, "kind_label", it->kind == STORE_LIB_EBOOK ? "Ebook" : "Resource page");
	view_set_cstr(o, "access", store_library_access_name(it->access));
	view_set_cstr(o, "access_label", library_access_label(it->access));
	view_set_bool(o, "public", it->access == STORE_LIB_PUBLIC);
	view_set_bool(o, "can_read", read);
	view_set_cstr(o, "lock", lock_label(r, read));
	view_set_bool(o, "withdrawn", it->withdrawn_at != 0);
	view_set_bool(o, "editor", editor);
	if (editor)
		view_set_int(o, "downloads", it->downloads);
	view_set_list(o, "collections", collections_view(r, it, cl));
	view_set_bool(o, "has_collections", it->ncollections > 0);
	if (!read)
		return o;
	view_set_str(o, "about", it->about);
	if (it->published_on.n) {
		view_set_str(o, "published_iso", it->published_on);
		view_set_cstr(o, "published", date_label(r, it->published_on));
	}
	view_set_str(o, "isbn", it->isbn);
	view_set_cstr(o, "cover", it->cover.n ? library_href(r, it->slug, "/cover", false) : "");
	if (it->file.id) {
		buf b;
		buf_init(&b, r->a);
		buf_printf(&b, "Download %s (%s)", library_type_label(it->file.mime), library_size_label(r, it->file.size));
		view_set_cstr(o, "download", library_href(r, it->slug, "/download", false));
		view_set_cstr(o, "download_label", b.err ? "Download" : str_dup(r->a, buf_slice(&b)));
		view_set_str(o, "file_name", it->file.name);
	}
	return o;
}

int library_items_ctx(http_req *r, view_obj *ctx, const char *key, const struct store_library_item_list *l,
		      const struct store_library_collection_list *cl)
{
	view_list *items = view_list_new(r->a);
	if (!items)
		return -1;
	for (int i = 0; i < l->n; i++) {
		view_obj *o = library_item_view(r, &l->items[i], cl);
		if (!o || view_list_push_obj(items, o) < 0)
			return -1;
	}
	return view_set_list(ctx, key, items);
}

/* ---- JSON ------------------------------------------------------------------- */

static json_t *jstr(str s)
{
	return json_stringn(s.p ? s.p : "", s.n);
}

json_t *library_file_json(http_req *r, const struct store_library_item *it, const struct store_library_file *f)
{
	char tail[48];
	snprintf(tail, sizeof tail, "/files/%lld", (long long)f->id);
	return json_pack("{s:I, s:I, s:I, s:o, s:o, s:I, s:s, s:s}", "id", (json_int_t)f->id, "slot", (json_int_t)f->slot,
			 "version", (json_int_t)f->version, "name", jstr(f->name), "mime", jstr(f->mime), "size",
			 (json_int_t)f->size, "url", library_href(r, it->slug, tail, true), "created_at",
			 page_iso_time(r, f->created_at));
}

/* The attachments (the newest version of each slot from 1 on). */
static json_t *attachments_json(http_req *r, const struct store_library_item *it)
{
	struct store_library_file_list fl;
	json_t *a = json_array();
	if (!a || store_library_files(http_store(r), r->a, it->id, false, &fl))
		return a;
	for (int i = 0; i < fl.n; i++)
		if (fl.items[i].slot > 0)
			json_array_append_new(a, library_file_json(r, it, &fl.items[i]));
	return a;
}

json_t *library_item_json(http_req *r, const struct store_library_item *it,
			  const struct store_library_collection_list *cl, bool full)
{
	bool read = library_can_read(r, it);
	json_t *colls = json_array();
	for (int i = 0; colls && i < it->ncollections; i++) {
		const struct store_library_collection *c = collection_of(cl, it->collections[i]);
		if (c)
			json_array_append_new(colls, jstr(c->slug));
	}
	json_t *j = json_pack("{s:I, s:o, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:s, s:o, s:b, s:s, s:s}", "id",
			      (json_int_t)it->id, "slug", jstr(it->slug), "kind", store_library_kind_name(it->kind),
			      "title", jstr(it->title), "authors", jstr(it->authors), "about",
			      read ? jstr(it->about) : json_string(""), "access", store_library_access_name(it->access),
			      "published_on", jstr(it->published_on), "isbn", jstr(it->isbn), "url",
			      library_href(r, it->slug, "", true), "collections", colls ? colls : json_array(),
			      "can_read", read, "created_at", page_iso_time(r, it->created_at), "updated_at",
			      page_iso_time(r, it->updated_at));
	if (!j)
		return NULL;
	bool has_file = read && it->file.id;
	json_object_set_new(j, "cover_url",
			    read && it->cover.n ? json_string(library_href(r, it->slug, "/cover", true)) : json_null());
	json_object_set_new(j, "download_url",
			    has_file ? json_string(library_href(r, it->slug, "/download", true)) : json_null());
	json_object_set_new(j, "file",
			    has_file ? json_pack("{s:o, s:o, s:I, s:I}", "name", jstr(it->file.name), "mime",
						 jstr(it->file.mime), "size", (json_int_t)it->file.size, "version",
						 (json_int_t)it->file.version)
				     : json_null());
	if (library_editor(r)) {
		json_object_set_new(j, "withdrawn", json_boolean(it->withdrawn_at != 0));
		json_object_set_new(j, "downloads", json_integer((json_int_t)it->downloads));
	}
	if (full && read) {
		json_object_set_new(j, "body", jstr(it->body));
		json_object_set_new(j, "body_html", jstr(it->body_html));
		json_object_set_new(j, "attachments", attachments_json(r, it));
	}
	return j;
}

json_t *library_collection_json(const struct store_library_collection *c)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:I, s:I}", "id", (json_int_t)c->id, "slug", jstr(c->slug), "name",
			 jstr(c->name), "about", jstr(c->about), "position", (json_int_t)c->position, "item_count",
			 (json_int_t)c->item_count);
}

/* ---- sending files ------------------------------------------------------------- */

/* Whether the answer just given hands over the file from its first
 * byte: a 200, or a 206 whose range starts at 0 (http_send_stored sets
 * the status and the offset it sends from, If-Range and all). */
static bool whole_or_first(http_req *r)
{
	return r->status == 200 || (r->status == 206 && r->out_fd_off == 0);
}

/* Sends upload `sha` (type `mime`, named `name`, NULL: inline) of item
 * `it`; `count` counts the download. */
static int send_upload(http_req *r, const struct store_library_item *it, str sha, str mime, str name, int64_t mtime,
		       bool count)
{
	const char *cache = it->access == STORE_LIB_PUBLIC && !it->withdrawn_at ? "public, max-age=3600"
										 : "private, max-age=0, must-revalidate";
	if (page_upload_send(r, sha, mime, name, mtime, cache) < 0)
		return -1;
	if (count && r->method == HTTP_GET && whole_or_first(r))
		library_count_add(it->id, r->now / 86400);
	return 0;
}

int library_send_file(http_req *r, const struct store_library_item *it, const struct store_library_file *f)
{
	return send_upload(r, it, f->sha256, f->mime, f->name, f->created_at, true);
}

/* GET /library/:slug/cover — whoever may open the item: its cover
 * picture (ETag, ranges as any stored file); 404 when it has none. */
int library_cover(http_req *r)
{
	struct store_library_item it;
	if (library_item_open(r, r->params[0], &it))
		return 0;
	if (!it.cover.n)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	return send_upload(r, &it, it.cover, STR_NULL, STR_NULL, it.updated_at, false);
}

int library_stats(http_req *r, int64_t item, struct store_library_day_list *out)
{
	/* What this node counted and has not yet handed over: a failure
	 * keeps it for the housekeeper, and the figures read without it. */
	store *st = http_store(r);
	(void)library_count_flush(st);
	return store_library_downloads(st, r->a, item, r->now / 86400 - (LIBRARY_STATS_DAYS - 1), out);
}
