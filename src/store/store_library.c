/* store_library.c: the library's part of store.c: its names, a list's
 * words as search terms (the same for both backends), the checks every
 * backend relies on, and the forwarding to the backend's ops.  The
 * contract of each function is in store.h ("Library"). */
#include "backend.h"

#include <string.h>

#include "../core/log.h"

static const char *const library_access_names[STORE_LIB_ACCESS_MAX] = {
	[STORE_LIB_PUBLIC] = "public",
	[STORE_LIB_MEMBERS] = "members",
	[STORE_LIB_DOCTORS] = "doctors",
};

/* See store.h. */
const char *store_library_access_name(enum store_library_access a)
{
	return a >= 0 && a < STORE_LIB_ACCESS_MAX ? library_access_names[a] : "";
}

/* See store.h. */
int store_library_access_parse(str name)
{
	for (int i = 0; i < STORE_LIB_ACCESS_MAX; i++)
		if (str_eqc(name, library_access_names[i]))
			return i;
	return -1;
}

static const char *const library_kind_names[STORE_LIB_KIND_MAX] = {
	[STORE_LIB_PAGE] = "page",
	[STORE_LIB_EBOOK] = "ebook",
};

/* See store.h. */
const char *store_library_kind_name(enum store_library_kind k)
{
	return k >= 0 && k < STORE_LIB_KIND_MAX ? library_kind_names[k] : "";
}

/* See store.h. */
int store_library_kind_parse(str name)
{
	for (int i = 0; i < STORE_LIB_KIND_MAX; i++)
		if (str_eqc(name, library_kind_names[i]))
			return i;
	return -1;
}

/* See backend.h. */
int store_library_terms(arena *a, str q, struct store_search_term *t, bool *none)
{
	str words[STORE_LIBRARY_WORDS];
	int n = q.p ? store_search_words(a, q, words, STORE_LIBRARY_WORDS) : 0;
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		t[i] = (struct store_search_term){.words = {words[i]}, .n = 1, .prefix = true};
	*none = n == 0 && str_trim(q).n > 0;
	return n;
}

/* A file row as the store takes it: a stored upload's name, a file name
 * and a type (the size is the upload's own). */
static bool library_file_ok(const struct store_library_file *f)
{
	if (!f || f->sha256.n != STORE_SHA256_HEX || !f->sha256.p || !f->name.n || !f->mime.n)
		return false;
	for (size_t i = 0; i < STORE_SHA256_HEX; i++) {
		char h = f->sha256.p[i];
		if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f')))
			return false;
	}
	return true;
}

/* An item as the store takes it: its names in range, a slug and a title,
 * its collections distinct ids (a repeat is dropped from `norm`, a copy
 * of `it` the backend is given). */
static bool library_item_ok(const struct store_library_item *it, struct store_library_item *norm)
{
	if (it->kind < 0 || it->kind >= STORE_LIB_KIND_MAX || it->access < 0 || it->access >= STORE_LIB_ACCESS_MAX ||
	    !it->title.n || it->ncollections < 0 || it->ncollections > STORE_LIBRARY_COLLECTIONS_MAX)
		return false;
	*norm = *it;
	norm->ncollections = 0;
	for (int i = 0; i < it->ncollections; i++) {
		bool seen = false;
		for (int j = 0; j < norm->ncollections; j++)
			seen |= norm->collections[j] == it->collections[i];
		if (!seen)
			norm->collections[norm->ncollections++] = it->collections[i];
	}
	return true;
}

static int library_refuse(const char *op, const char *why)
{
	log_error("store_error", "op=%s err=\"%s\"", op, why);
	return STORE_ERR;
}

int store_library_collection_create(store *s, const struct store_library_collection *c, int64_t editor,
				    int64_t now, int64_t *id)
{
	*id = 0;
	if (!c->slug.n || !c->name.n)
		return library_refuse("library_collection_create", "a collection needs a slug and a name");
	return s->ops->library_collection_create(s, c, editor, now, id);
}

int store_library_collection_update(store *s, const struct store_library_collection *c, int64_t editor,
				    int64_t now)
{
	if (!c->name.n)
		return library_refuse("library_collection_update", "a collection needs a name");
	return s->ops->library_collection_update(s, c, editor, now);
}

int store_library_collection_get(store *s, arena *a, int64_t id, struct store_library_collection *out)
{
	*out = (struct store_library_collection){0};
	return s->ops->library_collection_get(s, a, id, out);
}

int store_library_collection_by_slug(store *s, arena *a, str slug, struct store_library_collection *out)
{
	*out = (struct store_library_collection){0};
	return s->ops->library_collection_by_slug(s, a, slug, out);
}

int store_library_collections(store *s, arena *a, struct store_library_collection_list *out)
{
	*out = (struct store_library_collection_list){0};
	return s->ops->library_collections(s, a, out);
}

int store_library_item_create(store *s, const struct store_library_item *it, const struct store_library_file *file,
			      int64_t editor, int64_t now, int64_t *id)
{
	*id = 0;
	struct store_library_item norm;
	if (!it->slug.n || !library_item_ok(it, &norm))
		return library_refuse("library_item_create", "an item needs a slug, a title, a kind and an access");
	if (file && !library_file_ok(file))
		return library_refuse("library_item_create", "a file needs an upload, a name and a type");
	return s->ops->library_item_create(s, &norm, file, editor, now, id);
}

int store_library_item_update(store *s, const struct store_library_item *it, int64_t editor, int64_t now)
{
	struct store_library_item norm;
	if (!library_item_ok(it, &norm))
		return library_refuse("library_item_update", "an item needs a title, a kind and an access");
	return s->ops->library_item_update(s, &norm, editor, now);
}

int store_library_item_withdraw(store *s, int64_t id, bool on, int64_t editor, int64_t now)
{
	return s->ops->library_item_withdraw(s, id, on, editor, now);
}

int store_library_item_get(store *s, arena *a, int64_t id, struct store_library_item *out)
{
	*out = (struct store_library_item){0};
	return s->ops->library_item_get(s, a, id, out);
}

int store_library_item_by_slug(store *s, arena *a, str slug, struct store_library_item *out)
{
	*out = (struct store_library_item){0};
	return s->ops->library_item_by_slug(s, a, slug, out);
}

int store_library_file_add(store *s, const struct store_library_file *f, int64_t editor, int64_t now, int64_t *id,
			   int64_t *slot)
{
	if (id)
		*id = 0;
	if (slot)
		*slot = 0;
	if (!library_file_ok(f) || f->slot < -1)
		return library_refuse("library_file_add", "a file needs an upload, a name, a type and a slot");
	return s->ops->library_file_add(s, f, editor, now, id, slot);
}

int store_library_files(store *s, arena *a, int64_t item, bool all, struct store_library_file_list *out)
{
	*out = (struct store_library_file_list){0};
	return s->ops->library_files(s, a, item, all, out);
}

int store_library_file_get(store *s, arena *a, int64_t id, struct store_library_file *out)
{
	*out = (struct store_library_file){0};
	return s->ops->library_file_get(s, a, id, out);
}

int store_library_items(store *s, arena *a, const struct store_library_query *q, struct store_library_item_list *out,
			int64_t *total)
{
	*out = (struct store_library_item_list){0};
	if (total)
		*total = 0;
	if (q->limit < 1 || q->limit > 100 || q->offset < 0 || (int)q->order < STORE_LIB_NEWEST ||
	    (int)q->order > STORE_LIB_TITLE || (!q->any_kind && (q->kind < 0 || q->kind >= STORE_LIB_KIND_MAX)))
		return library_refuse("library_items", "limit must be 1 to 100, with a known order and kind");
	return s->ops->library_items(s, a, q, out, total);
}

int store_library_count(store *s, const struct store_library_count *c, int n)
{
	if (n < 0 || (n && !c))
		return library_refuse("library_count", "no counts");
	if (n == 0)
		return 0;
	return s->ops->library_count(s, c, n);
}

int store_library_downloads(store *s, arena *a, int64_t item, int64_t since, struct store_library_day_list *out)
{
	*out = (struct store_library_day_list){0};
	return s->ops->library_downloads(s, a, item, since, out);
}
