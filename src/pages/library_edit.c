/* library_edit.c: running the library (library.h): the field tables, the
 * one write path of items, files, withdrawals and collections that the
 * editors' pages and the API share, and the editors' pages: the list of
 * every item with the collections, the new item form, an item's edit page
 * (details, cover, files and their versions, withdraw or restore, the
 * downloads per day) and the forms they post.
 *
 * Invariants: every route here is ACT_LIBRARY_EDIT (the router refuses
 * anyone else); a bad field changes nothing and shows the form again
 * (422) with what was typed; a file is stored only once its type is
 * known to be one the slot takes, and an item only once its file is
 * stored. */
#include <stdio.h>
#include <string.h>

#include "forum.h"
#include "library.h"
#include "views_gen.h"

#include "../core/utc.h"
#include "../text/isbn.h"
#include "../text/markdown.h"

static const struct form_field item_fields[] = {
	{"kind", 16, 0, NULL},
	{"title", LIBRARY_TITLE_MAX * 4, 0, NULL},
	{"authors", LIBRARY_AUTHORS_MAX * 4, 0, NULL},
	{"about", LIBRARY_ABOUT_MAX * 4, FIELD_MULTILINE, NULL},
	{"body", LIBRARY_BODY_MAX, FIELD_MULTILINE, NULL},
	{"access", 16, 0, NULL},
	{"published_on", 16, 0, NULL},
	{"isbn", 40, 0, NULL},
	{"collections", 2000, FIELD_LIST, NULL},
	{"file", 255, 0, NULL}, /* the file arrives in r->upload; this carries its errors */
};
const struct form_spec form_library_item = FORM_SPEC(item_fields);

static const struct form_field collection_fields[] = {
	{"name", LIBRARY_COLLECTION_NAME_MAX * 4, 0, NULL},
	{"about", LIBRARY_COLLECTION_ABOUT_MAX * 4, FIELD_MULTILINE, NULL},
	{"position", 12, FIELD_INT, NULL},
};
const struct form_spec form_library_collection = FORM_SPEC(collection_fields);

static const struct form_field file_fields[] = {
	{"slot", 12, FIELD_INT, NULL},
	{"file", 255, 0, NULL},
};
const struct form_spec form_library_file = FORM_SPEC(file_fields);

static const struct form_field cover_fields[] = {
	{"cover", 255, 0, NULL},
	{"remove", 8, FIELD_BOOL, NULL},
};
const struct form_spec form_library_cover = FORM_SPEC(cover_fields);

static const struct form_field withdraw_fields[] = {
	{"action", 16, FIELD_REQUIRED, NULL},
};
const struct form_spec form_library_withdraw = FORM_SPEC(withdraw_fields);

static int not_found(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

/* ---- checks ---------------------------------------------------------------- */

/* A text field of at most `max` characters: into *out when it is given
 * (or `fresh`); "is required" when `required` and blank. */
static void text_field(struct form_values *in, const char *name, bool fresh, bool required, size_t max,
		       const char *too_long, str *out)
{
	str v = str_trim(form_get(in, name));
	size_t chars = 0;
	if (!form_get(in, name).p && !fresh)
		return;
	if (required && !v.n)
		form_set_error(in, name, "is required");
	else if (form_check_text(v, true, &chars) || chars > max)
		form_set_error(in, name, too_long);
	else
		*out = v;
}

/* Whether d is a date "YYYY-MM-DD" that exists. */
static bool real_date(str d)
{
	if (d.n != 10 || d.p[4] != '-' || d.p[7] != '-')
		return false;
	int v[3] = {0, 0, 0}, at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < len[k]; i++) {
			char c = d.p[at[k] + i];
			if (c < '0' || c > '9')
				return false;
			v[k] = v[k] * 10 + (c - '0');
		}
	return v[0] >= 1000 && v[1] >= 1 && v[1] <= 12 && v[2] >= 1 && v[2] <= utc_month_days(v[0], v[1]);
}

/* The collections named in `text` (slugs separated by commas) into it:
 * 0, or -1 when one is unknown or there are too many. */
static int parse_collections(str text, const struct store_library_collection_list *cl,
			     struct store_library_item *it)
{
	int n = 0;
	size_t i = 0;
	while (text.p && i <= text.n) {
		size_t j = i;
		while (j < text.n && text.p[j] != ',')
			j++;
		str slug = str_trim((str){text.p + i, j - i});
		i = j + 1;
		if (!slug.n)
			continue;
		int64_t id = 0;
		for (int k = 0; k < cl->n && !id; k++)
			if (str_eq(cl->items[k].slug, slug))
				id = cl->items[k].id;
		if (!id)
			return -1;
		bool dup = false;
		for (int k = 0; k < n; k++)
			dup |= it->collections[k] == id;
		if (dup)
			continue;
		if (n == STORE_LIBRARY_COLLECTIONS_MAX)
			return -1;
		it->collections[n++] = id;
	}
	it->ncollections = n;
	return 0;
}

/* The types a slot takes: an ebook's file (slot 0), or an attachment. */
static bool type_fits(const char *mime, bool ebook_file)
{
	static const char *const types[] = {"application/pdf", "application/epub+zip", "image/png", "image/jpeg",
					    "image/webp",      "text/plain",           "text/csv"};
	size_t n = ebook_file ? 2 : sizeof types / sizeof types[0];
	for (size_t i = 0; mime && i < n; i++)
		if (!strcmp(mime, types[i]))
			return true;
	return false;
}

static const char *type_extension(const char *mime)
{
	static const char *const map[][2] = {
		{"application/pdf", ".pdf"}, {"application/epub+zip", ".epub"}, {"image/png", ".png"},
		{"image/jpeg", ".jpg"},      {"image/webp", ".webp"},           {"text/plain", ".txt"},
		{"text/csv", ".csv"},
	};
	for (size_t i = 0; mime && i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(mime, map[i][0]))
			return map[i][1];
	return "";
}

/* The name the upload is offered under: the name it was sent with, less
 * any folders, control characters and leading dots or spaces, cut to
 * LIBRARY_FILE_NAME_MAX bytes at a character's start; or, when nothing
 * is left (or it is not UTF-8), the item's slug and the type's
 * extension. */
static str offered_name(http_req *r, str slug)
{
	str sent = r->upload.filename;
	size_t from = 0;
	for (size_t i = 0; i < sent.n; i++)
		if (sent.p[i] == '/' || sent.p[i] == '\\')
			from = i + 1;
	char *out = arena_alloc(r->a, LIBRARY_FILE_NAME_MAX + 1);
	size_t n = 0;
	for (size_t i = from; out && i < sent.n && n < LIBRARY_FILE_NAME_MAX; i++) {
		unsigned char c = (unsigned char)sent.p[i];
		if (c < 0x20 || c == 0x7f || ((c == '.' || c == ' ') && !n))
			continue;
		out[n++] = (char)c;
	}
	if (n) { /* a last character cut short by the limit goes */
		size_t k = n;
		while (k > 1 && ((unsigned char)out[k - 1] & 0xc0) == 0x80)
			k--;
		unsigned char lead = (unsigned char)out[k - 1];
		size_t len = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
		if (k - 1 + len > n)
			n = k - 1;
	}
	while (n && out[n - 1] == ' ')
		n--;
	str name = {out, n};
	if (out && n && form_check_text(name, false, NULL) == 0) {
		out[n] = '\0';
		return name;
	}
	buf b;
	buf_init(&b, r->a);
	buf_str(&b, slug);
	buf_puts(&b, type_extension(r->upload.mime));
	return b.err ? S("file") : buf_slice(&b);
}

/* Stores the request's upload as file f (name, sha256, mime, size) of
 * item `slug`: 0 or a store error. */
static int store_upload(http_req *r, str slug, struct store_library_file *f)
{
	struct http_upload *u = &r->upload;
	str mime = str_c(u->mime);
	int rc = store_upload_put(http_store(r), u->path, u->sha256, u->size, mime, r->now);
	if (rc)
		return rc;
	f->name = offered_name(r, slug);
	f->sha256 = str_c(u->sha256);
	f->mime = mime;
	f->size = u->size;
	return 0;
}

/* ---- the write paths --------------------------------------------------------------- */

/* Checks the fields of item `it` (a new one when `fresh`) into it. */
static void item_fields_take(http_req *r, struct store_library_item *it, bool fresh,
			     const struct store_library_collection_list *cl)
{
	struct form_values *in = &r->in;
	str kind = str_trim(form_get(in, "kind")), access = str_trim(form_get(in, "access"));
	if (fresh) {
		int k = kind.n ? store_library_kind_parse(kind) : r->upload.present ? STORE_LIB_EBOOK : STORE_LIB_PAGE;
		if (k < 0)
			form_set_error(in, "kind", "must be page or ebook");
		else
			it->kind = (enum store_library_kind)k;
	} else if (kind.n && store_library_kind_parse(kind) != (int)it->kind)
		form_set_error(in, "kind", "cannot be changed");
	text_field(in, "title", fresh, true, LIBRARY_TITLE_MAX, "must be at most 200 characters", &it->title);
	text_field(in, "authors", fresh, false, LIBRARY_AUTHORS_MAX, "must be at most 300 characters", &it->authors);
	text_field(in, "about", fresh, false, LIBRARY_ABOUT_MAX, "must be at most 2000 characters", &it->about);
	str body = form_get(in, "body");
	if (body.p || fresh) {
		if (it->kind == STORE_LIB_PAGE && !str_trim(body).n)
			form_set_error(in, "body", "is required for a resource page");
		else
			it->body = body.p ? body : S("");
	}
	if (access.p || fresh) {
		int a = store_library_access_parse(access);
		if (a < 0)
			form_set_error(in, "access", access.n ? "must be public, members or doctors" : "is required");
		else
			it->access = (enum store_library_access)a;
	}
	str pub = str_trim(form_get(in, "published_on"));
	if (pub.n && !real_date(pub))
		form_set_error(in, "published_on", "must be a date such as 2024-03-01");
	else if (pub.p || fresh)
		it->published_on = pub.p ? pub : S("");
	str isbn = str_trim(form_get(in, "isbn"));
	char digits[14];
	if (isbn.n && isbn_normalize(isbn, digits))
		form_set_error(in, "isbn", "must be an ISBN-10 or ISBN-13 with a valid check digit");
	else if (isbn.n)
		it->isbn = (str){arena_strndup(r->a, digits, strlen(digits)), strlen(digits)};
	else if (isbn.p || fresh)
		it->isbn = S("");
	str colls = form_get(in, "collections");
	if (colls.p && parse_collections(colls, cl, it))
		form_set_error(in, "collections", "must be at most 8 collections that exist");
}

/* Makes item `it` (fields checked) with `file` (NULL: none), its slug
 * from its title: 0 or a store error. */
static int item_create(http_req *r, struct store_library_item *it, const struct store_library_file *file)
{
	for (int i = 1; i <= 50; i++) {
		it->slug = page_slug(r, it->title, LIBRARY_SLUG_MAX, "item", i);
		if (!it->slug.p)
			return STORE_ERR;
		/* The address of the collections' pages is not an item's. */
		if (str_eqc(it->slug, "collections"))
			continue;
		int rc = store_library_item_create(http_store(r), it, file, r->me.id, r->now, &it->id);
		if (rc != STORE_ECONFLICT)
			return rc;
	}
	return STORE_ECONFLICT;
}

int library_item_write(http_req *r, struct store_library_item *it, const struct store_library_collection_list *cl)
{
	bool fresh = it->id == 0;
	struct http_upload *u = &r->upload;
	item_fields_take(r, it, fresh, cl);
	bool with_file = fresh && u->present;
	if (fresh && it->kind == STORE_LIB_EBOOK && !u->present)
		form_set_error(&r->in, "file", "is required for an ebook: a PDF or EPUB file");
	else if (with_file && !str_eqc(u->field, "file"))
		form_set_error(&r->in, "file", "must be sent as the field \"file\"");
	else if (with_file && !type_fits(u->mime, it->kind == STORE_LIB_EBOOK))
		form_set_error(&r->in, "file",
			       it->kind == STORE_LIB_EBOOK ? "must be a PDF or EPUB file"
							   : "must be a PDF, EPUB, PNG, JPEG, WebP, text or CSV file");
	if (r->in.nerr)
		return 422;
	if (markdown_html(r->a, it->body, &it->body_html))
		return STORE_ERR;
	store *st = http_store(r);
	if (!fresh)
		return store_library_item_update(st, it, r->me.id, r->now);
	struct store_library_file f = {0};
	int rc = with_file ? store_upload(r, page_slug(r, it->title, LIBRARY_SLUG_MAX, "item", 1), &f) : 0;
	if (!rc)
		rc = item_create(r, it, with_file && it->kind == STORE_LIB_EBOOK ? &f : NULL);
	if (!rc && with_file && it->kind == STORE_LIB_PAGE) {
		/* A page's file is its first attachment. */
		f.item_id = it->id;
		f.slot = -1;
		rc = store_library_file_add(st, &f, r->me.id, r->now, NULL, NULL);
	}
	return rc;
}

int library_file_take(http_req *r, const struct store_library_item *it, str slot, struct store_library_file *f)
{
	struct http_upload *u = &r->upload;
	int64_t s = it->kind == STORE_LIB_EBOOK ? 0 : -1;
	slot = str_trim(slot);
	if (str_eqc(slot, "new"))
		s = -1;
	else if (slot.n && (str_to_i64(slot, &s) || s < 0))
		form_set_error(&r->in, "slot", "must be 0, an attachment's number or \"new\"");
	else if (s == 0 && it->kind != STORE_LIB_EBOOK)
		form_set_error(&r->in, "slot", "must be an attachment's number or \"new\": a page has no ebook file");
	if (!u->present || !str_eqc(u->field, "file"))
		form_set_error(&r->in, "file", "is required: choose a file");
	else if (!type_fits(u->mime, s == 0))
		form_set_error(&r->in, "file",
			       s == 0 ? "must be a PDF or EPUB file"
				      : "must be a PDF, EPUB, PNG, JPEG, WebP, text or CSV file");
	if (r->in.nerr)
		return 422;
	memset(f, 0, sizeof *f);
	int rc = store_upload(r, it->slug, f);
	if (rc)
		return rc;
	f->item_id = it->id;
	f->slot = s;
	int64_t id = 0;
	rc = store_library_file_add(http_store(r), f, r->me.id, r->now, &id, NULL);
	if (rc == STORE_ENOTFOUND) {
		form_set_error(&r->in, "slot", "is not one of this item's attachments");
		return 422;
	}
	return rc ? rc : store_library_file_get(http_store(r), r->a, id, f);
}

int library_withdraw(http_req *r, struct store_library_item *it, bool on)
{
	int rc = store_library_item_withdraw(http_store(r), it->id, on, r->me.id, r->now);
	if (rc == STORE_ECONFLICT)
		return 409;
	if (!rc)
		it->withdrawn_at = on ? r->now : 0;
	return rc;
}

int library_collection_write(http_req *r, struct store_library_collection *c)
{
	bool fresh = c->id == 0;
	struct form_values *in = &r->in;
	text_field(in, "name", fresh, true, LIBRARY_COLLECTION_NAME_MAX, "must be at most 100 characters", &c->name);
	text_field(in, "about", fresh, false, LIBRARY_COLLECTION_ABOUT_MAX, "must be at most 1000 characters",
		   &c->about);
	str pos = str_trim(form_get(in, "position"));
	int64_t p = 0;
	if (pos.n && (str_to_i64(pos, &p) || p < 0 || p > 1000000))
		form_set_error(in, "position", "must be a whole number from 0 to 1000000");
	else if (pos.n)
		c->position = p;
	if (in->nerr)
		return 422;
	store *st = http_store(r);
	if (!fresh)
		return store_library_collection_update(st, c, r->me.id, r->now);
	for (int i = 1; i <= 50; i++) {
		c->slug = page_slug(r, c->name, LIBRARY_SLUG_MAX, "collection", i);
		if (!c->slug.p)
			return STORE_ERR;
		int rc = store_library_collection_create(st, c, r->me.id, r->now, &c->id);
		if (rc != STORE_ECONFLICT)
			return rc;
	}
	return STORE_ECONFLICT;
}

/* ---- the forms' context ------------------------------------------------------------ */

/* Whether the comma-separated list `text` holds `slug`. */
static bool list_has(str text, str slug)
{
	size_t i = 0;
	while (text.p && i <= text.n) {
		size_t j = i;
		while (j < text.n && text.p[j] != ',')
			j++;
		if (str_eq(str_trim((str){text.p + i, j - i}), slug))
			return true;
		i = j + 1;
	}
	return false;
}

/* Item it's values (NULL: a new item's defaults) as its form shows them. */
static void item_values(http_req *r, struct form_values *fv, const struct store_library_item *it,
			const struct store_library_collection_list *cl)
{
	form_init(fv, &form_library_item);
	buf cs;
	buf_init(&cs, r->a);
	for (int i = 0; it && i < it->ncollections; i++)
		for (int k = 0; k < cl->n; k++)
			if (cl->items[k].id == it->collections[i]) {
				if (cs.n)
					buf_putc(&cs, ',');
				buf_str(&cs, cl->items[k].slug);
			}
	const char *kind = it ? store_library_kind_name(it->kind) : "ebook";
	const char *access = it ? store_library_access_name(it->access) : "public";
	form_offer(fv, r->a, "kind", kind, strlen(kind), false);
	form_offer(fv, r->a, "access", access, strlen(access), false);
	if (it) {
		form_offer(fv, r->a, "title", it->title.p, it->title.n, false);
		form_offer(fv, r->a, "authors", it->authors.p, it->authors.n, false);
		form_offer(fv, r->a, "about", it->about.p, it->about.n, false);
		form_offer(fv, r->a, "body", it->body.p, it->body.n, false);
		form_offer(fv, r->a, "published_on", it->published_on.p, it->published_on.n, false);
		form_offer(fv, r->a, "isbn", it->isbn.p, it->isbn.n, false);
	}
	if (!cs.err)
		form_offer(fv, r->a, "collections", cs.p ? cs.p : "", cs.n, false);
}

/* The item form's values: what was posted (after a refusal), else item
 * it's (NULL: a new item's defaults); the access <select>, the kind
 * radios and the collections' checkboxes. */
static int item_form_ctx(http_req *r, view_obj *ctx, const struct store_library_item *it,
			 const struct store_library_collection_list *cl, bool posted)
{
	static const char *const access_labels[STORE_LIB_ACCESS_MAX] = {
		"Public: anyone, signed in or not", "Members: anyone signed in", "Verified doctors only"};
	struct form_values fv;
	if (posted)
		fv = r->in;
	else
		item_values(r, &fv, it, cl);
	if (page_form_ctx(r, ctx, &fv) < 0)
		return -1;
	str access = form_get(&fv, "access"), chosen = form_get(&fv, "collections");
	view_list *al = view_list_new(r->a), *colls = view_list_new(r->a);
	if (!al || !colls)
		return -1;
	for (int a = 0; a < STORE_LIB_ACCESS_MAX; a++) {
		view_obj *o = view_obj_new(r->a);
		const char *name = store_library_access_name((enum store_library_access)a);
		if (!o || view_set_cstr(o, "value", name) < 0 || view_set_cstr(o, "label", access_labels[a]) < 0 ||
		    view_set_bool(o, "selected", str_eqc(access, name)) < 0 || view_list_push_obj(al, o) < 0)
			return -1;
	}
	for (int k = 0; k < cl->n; k++) {
		view_obj *o = view_obj_new(r->a);
		if (!o || view_set_str(o, "slug", cl->items[k].slug) < 0 || view_set_str(o, "name", cl->items[k].name) < 0 ||
		    view_set_bool(o, "checked", list_has(chosen, cl->items[k].slug)) < 0 || view_list_push_obj(colls, o) < 0)
			return -1;
	}
	view_set_list(ctx, "access_options", al);
	view_set_list(ctx, "colls", colls);
	view_set_bool(ctx, "has_colls", cl->n > 0);
	view_set_bool(ctx, "kind_page", str_eqc(form_get(&fv, "kind"), "page"));
	return 0;
}

/* ---- the editors' list -------------------------------------------------------------- */

/* The collections, each for its form, as "collections" in ctx. */
static int collections_ctx(http_req *r, view_obj *ctx, const struct store_library_collection_list *cl)
{
	view_list *colls = view_list_new(r->a);
	if (!colls)
		return -1;
	for (int i = 0; i < cl->n; i++) {
		const struct store_library_collection *c = &cl->items[i];
		view_obj *o = view_obj_new(r->a);
		buf n;
		buf_init(&n, r->a);
		buf_printf(&n, "%lld %s", (long long)c->item_count, c->item_count == 1 ? "item" : "items");
		if (!o || n.err)
			return -1;
		view_set_str(o, "slug", c->slug);
		view_set_str(o, "name", c->name);
		view_set_str(o, "about", c->about);
		view_set_int(o, "position", c->position);
		view_set_str(o, "count", buf_slice(&n));
		view_list_push_obj(colls, o);
	}
	view_set_list(ctx, "collections", colls);
	return view_set_bool(ctx, "has_collections", cl->n > 0);
}

/* The list of every item (?page=N) and the collections, with `status`
 * and, after a refused collection form (of collection `failed`, NULL:
 * the new one), its errors. */
static int editor_page(http_req *r, int status, const struct store_library_collection *failed)
{
	store *st = http_store(r);
	int64_t page = page_number(r), total = 0;
	struct store_library_collection_list cl;
	struct store_library_item_list il;
	struct store_library_query q = library_query(r, true);
	q.offset = (int)((page - 1) * LIBRARY_PAGE);
	int rc = library_collections(r, &cl);
	if (!rc)
		rc = store_library_items(st, r->a, &q, &il, &total);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "The library");
	if (!ctx || library_items_ctx(r, ctx, "items", &il, &cl) < 0 || collections_ctx(r, ctx, &cl) < 0)
		return http_store_error(r, STORE_ERR);
	view_set_bool(ctx, "has_items", il.n > 0);
	int64_t pages = total ? (total + LIBRARY_PAGE - 1) / LIBRARY_PAGE : 1;
	view_set_int(ctx, "total", total);
	view_set_bool(ctx, "has_prev", page > 1);
	view_set_bool(ctx, "has_next", page < pages);
	view_set_int(ctx, "prev", page - 1);
	view_set_int(ctx, "next", page + 1);
	view_set_int(ctx, "page", page);
	view_set_int(ctx, "pages", pages);
	if (status == 422 && failed) {
		int e = r->in.first_err;
		buf b;
		buf_init(&b, r->a);
		buf_puts(&b, "Collection “");
		buf_str(&b, failed->name);
		buf_printf(&b, "” not saved: its %s %s.", e >= 0 ? r->in.spec->fields[e].name : "name",
			   e >= 0 ? r->in.err[e] : "is not valid");
		view_set_cstr(ctx, "error", b.err ? "Collection not saved." : str_dup(r->a, buf_slice(&b)));
	} else if (status == 422 && page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	return http_page(r, status, view_library_editor, ctx);
}

/* GET /editor/library?page=N — editors: every item, withdrawn ones too
 * (title, kind, access, status, downloads), newest first; the
 * collections, each with its form; a form for a new collection. */
int library_editor_page(http_req *r)
{
	return editor_page(r, 200, NULL);
}

/* POST /editor/library/collections {name, about, position} — editors: a
 * new collection (its address from its name), then 303 to the list; the
 * list again with the errors (422). */
int library_collection_create_post(http_req *r)
{
	struct store_library_collection c = {0};
	int rc = r->in.nerr ? 422 : library_collection_write(r, &c);
	if (rc == 422)
		return editor_page(r, 422, NULL);
	if (rc)
		return http_store_error(r, rc);
	return http_redirect(r, "/editor/library");
}

/* POST /editor/library/collections/:slug {name, about, position} —
 * editors: changes the collection, then 303 to the list; 404 unknown;
 * the list again with the error (422). */
int library_collection_update_post(http_req *r)
{
	struct store_library_collection c;
	str slug = r->params[0];
	int rc = slug.n <= LIBRARY_SLUG_MAX ? store_library_collection_by_slug(http_store(r), r->a, slug, &c)
					    : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return not_found(r);
	if (rc)
		return http_store_error(r, rc);
	struct store_library_collection before = c;
	rc = r->in.nerr ? 422 : library_collection_write(r, &c);
	if (rc == 422)
		return editor_page(r, 422, &before);
	if (rc)
		return http_store_error(r, rc);
	return http_redirect(r, "/editor/library");
}

/* ---- a new item --------------------------------------------------------------------- */

static int new_form(http_req *r, int status)
{
	struct store_library_collection_list cl;
	int rc = library_collections(r, &cl);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "New library item");
	if (!ctx || item_form_ctx(r, ctx, NULL, &cl, r->method == HTTP_POST) < 0)
		return http_store_error(r, STORE_ERR);
	if (status == 422)
		view_set_bool(ctx, "refused", true);
	return http_page(r, status, view_library_new, ctx);
}

/* GET /editor/library/new — editors: the form for a new item. */
int library_new_form(http_req *r)
{
	return new_form(r, 200);
}

/* POST /editor/library/new (multipart: kind, title, authors, about,
 * body, access, published_on, isbn, collections, file) — editors: makes
 * the item, then 303 to it; the form again with the errors (422). */
int library_new_post(http_req *r)
{
	struct store_library_collection_list cl;
	int rc = library_collections(r, &cl);
	if (rc)
		return http_store_error(r, rc);
	struct store_library_item it = {0};
	rc = r->in.nerr ? 422 : library_item_write(r, &it, &cl);
	if (rc == 422)
		return new_form(r, 422);
	if (rc)
		return http_store_error(r, rc);
	return http_redirect(r, library_href(r, it.slug, "", false));
}

/* ---- an item's edit page ---------------------------------------------------------------- */

/* Adds a choice of where a file goes (the file form's <select>). */
static int slot_option(http_req *r, view_list *slots, const char *value, str label)
{
	view_obj *o = view_obj_new(r->a);
	if (!o || view_set_cstr(o, "value", value) < 0 || view_set_str(o, "label", label) < 0)
		return -1;
	return view_list_push_obj(slots, o);
}

/* One version of a file, for the edit page's table; `current` when it
 * is its slot's newest. */
static view_obj *file_view(http_req *r, const struct store_library_item *it, const struct store_library_file *f,
			   bool current)
{
	view_obj *o = view_obj_new(r->a);
	buf slot;
	buf_init(&slot, r->a);
	if (f->slot == 0)
		buf_puts(&slot, "Ebook file");
	else
		buf_printf(&slot, "Attachment %lld", (long long)f->slot);
	char tail[48];
	snprintf(tail, sizeof tail, "/files/%lld", (long long)f->id);
	if (!o || slot.err)
		return NULL;
	view_set_str(o, "slot", buf_slice(&slot));
	view_set_int(o, "version", f->version);
	view_set_bool(o, "current", current);
	view_set_str(o, "name", f->name);
	view_set_cstr(o, "type", library_type_label(f->mime));
	view_set_cstr(o, "size", library_size_label(r, f->size));
	view_set_cstr(o, "when", page_when(r, f->created_at));
	view_set_cstr(o, "href", library_href(r, it->slug, tail, false));
	return o;
}

/* Every version of every file of item `it`, and the slots a new file may
 * go to, into ctx. */
static int files_ctx(http_req *r, view_obj *ctx, const struct store_library_item *it)
{
	struct store_library_file_list fl;
	int rc = store_library_files(http_store(r), r->a, it->id, true, &fl);
	if (rc)
		return rc;
	view_list *files = view_list_new(r->a), *slots = view_list_new(r->a);
	if (!files || !slots)
		return STORE_ERR;
	if (it->kind == STORE_LIB_EBOOK && slot_option(r, slots, "0", S("The ebook's file (a new version)")) < 0)
		return STORE_ERR;
	int64_t last_slot = -1;
	for (int i = 0; i < fl.n; i++) {
		const struct store_library_file *f = &fl.items[i];
		bool current = f->slot != last_slot; /* by slot, newest version first */
		view_obj *o = file_view(r, it, f, current);
		if (!o || view_list_push_obj(files, o) < 0)
			return STORE_ERR;
		last_slot = f->slot;
		if (f->slot < 1 || !current)
			continue;
		buf label, value;
		buf_init(&label, r->a);
		buf_init(&value, r->a);
		buf_printf(&label, "Attachment %lld: ", (long long)f->slot);
		buf_str(&label, f->name);
		buf_puts(&label, " (a new version)");
		buf_printf(&value, "%lld", (long long)f->slot);
		if (label.err || value.err || slot_option(r, slots, buf_cstr(&value), buf_slice(&label)) < 0)
			return STORE_ERR;
	}
	if (slot_option(r, slots, "new", S("A new attachment")) < 0)
		return STORE_ERR;
	view_set_list(ctx, "files", files);
	view_set_bool(ctx, "has_files", fl.n > 0);
	view_set_list(ctx, "slots", slots);
	return 0;
}

/* The downloads per day over the last LIBRARY_STATS_DAYS days, newest
 * first, into ctx. */
static int stats_ctx(http_req *r, view_obj *ctx, const struct store_library_item *it)
{
	struct store_library_day_list dl;
	int rc = library_stats(r, it->id, &dl);
	if (rc)
		return rc;
	view_list *days = view_list_new(r->a);
	if (!days)
		return STORE_ERR;
	int64_t sum = 0;
	for (int i = dl.n - 1; i >= 0; i--) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return STORE_ERR;
		view_set_cstr(o, "day", library_day(r, dl.items[i].day));
		view_set_int(o, "n", dl.items[i].n);
		view_list_push_obj(days, o);
		sum += dl.items[i].n;
	}
	view_set_list(ctx, "days", days);
	view_set_bool(ctx, "has_days", dl.n > 0);
	view_set_int(ctx, "recent_downloads", sum);
	return 0;
}

/* The edit page of item `it` with `status`; after a refused form, its
 * values and errors. */
static int edit_page(http_req *r, const struct store_library_item *it, int status)
{
	struct store_library_collection_list cl;
	int rc = library_collections(r, &cl);
	if (rc)
		return http_store_error(r, rc);
	buf t;
	buf_init(&t, r->a);
	buf_puts(&t, "Edit ");
	buf_str(&t, it->title);
	view_obj *ctx = http_page_ctx(r, t.err ? "Edit" : str_dup(r->a, buf_slice(&t)));
	view_obj *iv = library_item_view(r, it, &cl);
	bool posted_item = r->method == HTTP_POST && r->route->form == &form_library_item;
	if (!ctx || !iv || item_form_ctx(r, ctx, it, &cl, posted_item) < 0)
		return http_store_error(r, STORE_ERR);
	/* A refused cover or file form: its errors beside the item's values. */
	if (r->method == HTTP_POST && !posted_item && page_form_ctx(r, ctx, NULL) < 0)
		return http_store_error(r, STORE_ERR);
	view_set_obj(ctx, "item", iv);
	view_set_cstr(ctx, "action", library_href(r, it->slug, "/edit", false));
	view_set_int(ctx, "downloads", it->downloads);
	if ((rc = files_ctx(r, ctx, it)) || (rc = stats_ctx(r, ctx, it)))
		return http_store_error(r, rc);
	if (status == 422)
		view_set_bool(ctx, "refused", true);
	return http_page(r, status, view_library_edit, ctx);
}

/* The item at r->params[0] for its editor: 0, or answered (404). */
static int edited_item(http_req *r, struct store_library_item *it)
{
	int rc = library_item_find(r, r->params[0], it);
	if (rc == 0)
		return 0;
	if (rc < 0)
		http_store_error(r, rc);
	else
		not_found(r);
	return -1;
}

/* GET /library/:slug/edit — editors: the item's details form, its cover
 * and file forms, every version of its files, withdraw or restore, and
 * its downloads per day over the last 90 days (this node's tally flushed
 * first). */
int library_edit_form(http_req *r)
{
	struct store_library_item it;
	/* The figures include this node's latest downloads (a failure keeps
	 * them for the housekeeper). */
	(void)library_count_flush(http_store(r));
	return edited_item(r, &it) ? 0 : edit_page(r, &it, 200);
}

/* POST /library/:slug/edit {title, authors, about, body, access,
 * published_on, isbn, collections} — editors: saves, then 303 to the
 * item; the edit page again with the errors (422). */
int library_edit_post(http_req *r)
{
	struct store_library_item it;
	if (edited_item(r, &it))
		return 0;
	struct store_library_item before = it;
	struct store_library_collection_list cl;
	int rc = library_collections(r, &cl);
	if (!rc)
		rc = r->in.nerr ? 422 : library_item_write(r, &it, &cl);
	if (rc == 422)
		return edit_page(r, &before, 422);
	if (rc)
		return http_store_error(r, rc);
	return http_redirect(r, library_href(r, it.slug, "", false));
}

/* POST /library/:slug/cover (multipart: cover, or remove=1) — editors: a
 * new cover picture (PNG, JPEG or WebP, stripped of its metadata) or
 * none, then 303 to the edit page; the edit page with the error (422). */
int library_cover_post(http_req *r)
{
	struct store_library_item it;
	if (edited_item(r, &it))
		return 0;
	str cover = STR_NULL;
	int rc = r->in.nerr ? 422 : forum_image_keep_field(r, "cover", &cover);
	if (!rc && !cover.n && !form_bool(&r->in, "remove")) {
		form_set_error(&r->in, "cover", "is required: choose a PNG, JPEG or WebP picture");
		rc = 422;
	}
	if (rc == 422)
		return edit_page(r, &it, 422);
	if (rc)
		return http_store_error(r, rc);
	it.cover = cover.n ? cover : S("");
	if ((rc = store_library_item_update(http_store(r), &it, r->me.id, r->now)))
		return http_store_error(r, rc);
	return http_redirect(r, library_href(r, it.slug, "/edit", false));
}

/* POST /library/:slug/files (multipart: file, slot "0" | N | "new") —
 * editors: a new version of the ebook's file or of an attachment, or a
 * new attachment, then 303 to the edit page; the edit page with the
 * error (422). */
int library_files_post(http_req *r)
{
	struct store_library_item it;
	if (edited_item(r, &it))
		return 0;
	struct store_library_file f;
	int rc = r->in.nerr ? 422 : library_file_take(r, &it, form_get(&r->in, "slot"), &f);
	if (rc == 422)
		return edit_page(r, &it, 422);
	if (rc)
		return http_store_error(r, rc);
	return http_redirect(r, library_href(r, it.slug, "/edit", false));
}

/* POST /library/:slug/withdraw {action: withdraw | restore} — editors:
 * withdraws the item (kept, with its files and counts, for editors
 * alone) or restores it, then 303 to the edit page (also when it was so
 * already). */
int library_withdraw_post(http_req *r)
{
	struct store_library_item it;
	if (edited_item(r, &it))
		return 0;
	str action = form_get(&r->in, "action");
	bool on = str_eqc(action, "withdraw");
	if (!on && !str_eqc(action, "restore"))
		return http_error(r, 422, "invalid", "The action must be withdraw or restore.", "action");
	int rc = library_withdraw(r, &it, on);
	if (rc < 0)
		return http_store_error(r, rc);
	return http_redirect(r, library_href(r, it.slug, "/edit", false));
}
