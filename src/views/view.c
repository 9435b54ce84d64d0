/* view.c: the runtime of view.h: building the value tree a handler gives a
 * template, and the lookups, truth and equality the generated code uses.
 *
 * Invariants: every object and list lives in one arena and grows by copying
 * into a larger arena array (the old one is simply abandoned); keys and
 * string slices are referenced, never copied; lookups never return NULL
 * (a missing value is the shared read-only VIEW_NULL below), so generated
 * code needs no NULL checks.  Nothing here escapes: see escape.c. */
#include "view.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Read-only, so safe to share between threads. */
static const view_val null_val = {.kind = VIEW_NULL};

view_obj *view_obj_new(arena *a)
{
	view_obj *o = arena_zalloc(a, sizeof *o);
	if (o)
		o->a = a;
	return o;
}

view_obj *view_obj_sized(arena *a, size_t cap)
{
	view_obj *o = view_obj_new(a);
	if (o && cap && cap <= SIZE_MAX / sizeof *o->pairs) {
		o->pairs = arena_alloc(a, cap * sizeof *o->pairs);
		o->cap = o->pairs ? cap : 0;
	}
	return o;
}

view_list *view_list_new(arena *a)
{
	view_list *l = arena_zalloc(a, sizeof *l);
	if (l)
		l->a = a;
	return l;
}

/* Makes room for one more element of `size` bytes in the array `*items`
 * holding `n` of `*cap`; 0 or -1. */
static int grow(arena *a, void **items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return 0;
	size_t want = *cap ? *cap * 2 : 8;
	if (want > SIZE_MAX / size)
		return -1;
	void *p = arena_alloc(a, want * size);
	if (!p)
		return -1;
	if (n)
		memcpy(p, *items, n * size);
	*items = p;
	*cap = want;
	return 0;
}

/* Whether the n bytes at a and b are the same: keys are short, and a
 * call to memcmp cost more than the compare (2.8% of the topic page in
 * perf, some 800 calls).  Up to 16 bytes, two loads from each end, which
 * overlap when n < 16 and stay within the n bytes. */
static inline bool key_eq(const char *a, const char *b, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t a0, a1, b0, b1;
		memcpy(&a0, a, 8), memcpy(&b0, b, 8);
		memcpy(&a1, a + n - 8, 8), memcpy(&b1, b + n - 8, 8);
		return ((a0 ^ b0) | (a1 ^ b1)) == 0;
	}
	if (n >= 4 && n < 8) {
		uint32_t a0, a1, b0, b1;
		memcpy(&a0, a, 4), memcpy(&b0, b, 4);
		memcpy(&a1, a + n - 4, 4), memcpy(&b1, b + n - 4, 4);
		return ((a0 ^ b0) | (a1 ^ b1)) == 0;
	}
	if (n < 4) {
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}
	return memcmp(a, b, n) == 0;
}

/* The number of the pair whose key is `k` (of `n` bytes), or -1.  A scan:
 * objects are small (a post on the topic page has 26 keys), comparing
 * lengths first rules out most keys at once, and a template's lookups
 * mostly hit their hint first (view_lookup); a hashed index cost more
 * than it saved (measured with callgrind on the topic page). */
static ptrdiff_t find(const view_obj *o, const char *k, size_t n)
{
	for (size_t i = 0; i < o->n; i++) {
		if (o->pairs[i].klen == n && key_eq(o->pairs[i].key, k, n))
			return (ptrdiff_t)i;
	}
	return -1;
}

view_val *view_slot(view_obj *o, const char *key, size_t klen, unsigned bit)
{
	if (!o || !key)
		return NULL;
	/* Most keys are new: a clear bit says so without a scan. */
	ptrdiff_t at = view_key_maybe(o, bit) ? find(o, key, klen) : -1;
	if (at >= 0)
		return &o->pairs[at].v;
	void *items = o->pairs;
	if (grow(o->a, &items, o->n, &o->cap, sizeof *o->pairs) < 0)
		return NULL;
	o->pairs = items;
	struct view_pair *p = &o->pairs[o->n++];
	p->key = key;
	p->klen = klen;
	p->v.kind = VIEW_NULL;
	o->keys[bit >> 6] |= (uint64_t)1 << (bit & 63);
	return &p->v;
}


int view_list_push(view_list *l, view_val v)
{
	if (!l)
		return -1;
	void *items = l->items;
	if (grow(l->a, &items, l->n, &l->cap, sizeof *l->items) < 0)
		return -1;
	l->items = items;
	l->items[l->n++] = v;
	return 0;
}

int view_list_push_obj(view_list *l, view_obj *o)
{
	if (!o)
		return -1;
	return view_list_push(l, (view_val){.kind = VIEW_OBJ, .u.o = o});
}

int view_list_push_str(view_list *l, str s)
{
	return view_list_push(l, (view_val){.kind = VIEW_STR, .u.s = s});
}

/* The value of key `k` (of `n` bytes, not NUL-terminated) in `o`.  With
 * `hint`, the pair it names is tried first, and a scan that finds the key
 * leaves its number there for next time. */
static const view_val *get_key(const view_obj *o, const char *k, size_t n, unsigned *hint)
{
	if (hint) {
		size_t i = __atomic_load_n(hint, __ATOMIC_RELAXED);
		if (i < o->n && o->pairs[i].klen == n && key_eq(o->pairs[i].key, k, n))
			return &o->pairs[i].v;
	}
	if (!view_key_maybe(o, view_key_bit(k, n)))
		return &null_val;
	ptrdiff_t at = find(o, k, n);
	if (at < 0)
		return &null_val;
	if (hint)
		__atomic_store_n(hint, (unsigned)at, __ATOMIC_RELAXED);
	return &o->pairs[at].v;
}

/* The length of the path's first name: up to a dot or the end. */
static size_t segment(const char *path)
{
	size_t n = 0;
	while (path[n] && path[n] != '.')
		n++;
	return n;
}

/* Follows the dotted `path` down from value `v`; an empty path is `v`.
 * The path's last name uses `last` as its hint. */
static const view_val *walk(const view_val *v, const char *path, unsigned *last)
{
	while (*path) {
		if (v->kind != VIEW_OBJ)
			return &null_val;
		size_t n = segment(path);
		v = get_key(v->u.o, path, n, path[n] ? NULL : last);
		path += n;
		if (*path == '.')
			path++;
	}
	return v;
}

/* `rest`, what follows a path's first name, from `v`.  When the hint says
 * it is the path's last name (most paths have two: `p.id`), one hinted
 * key lookup with the length the template compiler measured. */
static const view_val *follow(const view_val *v, const char *rest, view_hint *h)
{
	if (h && h->n_last && rest[h->n_last] == '\0')
		return v->kind == VIEW_OBJ ? get_key(v->u.o, rest, h->n_last, &h->last) : &null_val;
	return walk(v, rest, h ? &h->last : NULL);
}

/* `path` from `o`, its first name `n` bytes long. */
static const view_val *get_path(const view_obj *o, const char *path, size_t n, view_hint *h)
{
	if (!o || !*path)
		return &null_val;
	const view_val *v = get_key(o, path, n, h ? &h->first : NULL);
	return path[n] ? follow(v, path + n + 1, h) : v;
}

const view_val *view_get(const view_obj *o, const char *path)
{
	return path ? get_path(o, path, segment(path), NULL) : &null_val;
}

/* The value of `loop.REST` in the innermost scope `sc`. */
static const view_val *loop_field(const view_scope *sc, const char *rest)
{
	if (!sc)
		return &null_val;
	if (strcmp(rest, "index") == 0)
		return &sc->index;
	if (strcmp(rest, "first") == 0)
		return &sc->first;
	if (strcmp(rest, "last") == 0)
		return &sc->last;
	return &null_val;
}

/* Whether the loop variable `name` is the `n` bytes at `p` (no NUL among
 * them): a byte loop that stops at the name's end. */
static bool name_is(const char *name, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (name[i] != p[i])
			return false;
	return name[n] == '\0';
}

const view_val *view_lookup(const view_obj *ctx, const view_scope *sc, const char *path, view_hint *h)
{
	if (!path)
		return &null_val;
	size_t n = h && h->n_first ? h->n_first : segment(path);
	const char *rest = path[n] ? path + n + 1 : path + n;
	if (n == 4 && memcmp(path, "loop", 4) == 0)
		return loop_field(sc, rest);
	for (const view_scope *s = sc; s; s = s->up) {
		if (name_is(s->name, path, n))
			return s->item ? follow(s->item, rest, h) : &null_val;
	}
	return get_path(ctx, path, n, h);
}

const view_val *view_scope_get(const view_scope *s, const char *rest, view_hint *h)
{
	return s->item ? follow(s->item, rest, h) : &null_val;
}

void view_scope_at(view_scope *s, const view_list *l, size_t i)
{
	s->item = &l->items[i];
	s->index = (view_val){.kind = VIEW_INT, .u.i = (int64_t)i + 1};
	s->first = (view_val){.kind = VIEW_BOOL, .u.b = i == 0};
	s->last = (view_val){.kind = VIEW_BOOL, .u.b = i + 1 == l->n};
}

bool view_truthy(const view_val *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case VIEW_STR:
		return v->u.s.n > 0;
	case VIEW_INT:
		return v->u.i != 0;
	case VIEW_BOOL:
		return v->u.b;
	case VIEW_LIST:
		return v->u.l && v->u.l->n > 0;
	case VIEW_OBJ:
		return v->u.o != NULL;
	case VIEW_NULL:
		break;
	}
	return false;
}

/* The text form view_emit() writes for scalars, in `tmp` when it must be
 * formatted; false for lists and objects, which have none. */
static bool text_form(const view_val *v, char *tmp, size_t tmpn, str *out)
{
	switch (v->kind) {
	case VIEW_STR:
		*out = v->u.s;
		return true;
	case VIEW_INT: { /* the digits from the end of tmp: ids and counts, many to a page */
		char *end = tmp + tmpn, *p = end;
		uint64_t u = v->u.i < 0 ? -(uint64_t)v->u.i : (uint64_t)v->u.i;
		do
			*--p = (char)('0' + u % 10);
		while ((u /= 10) && p > tmp + 1);
		if (v->u.i < 0)
			*--p = '-';
		*out = (str){p, (size_t)(end - p)};
		return true;
	}
	case VIEW_BOOL:
		*out = v->u.b ? S("true") : S("false");
		return true;
	case VIEW_NULL:
		*out = STR_NULL;
		return true;
	case VIEW_LIST:
	case VIEW_OBJ:
		break;
	}
	return false;
}

/* Compares text forms, so a missing value equals "" and 7 equals "7" (but
 * not "07"); lists and objects equal nothing. */
bool view_eq_str(const view_val *v, str lit)
{
	char tmp[24];
	str s;
	if (!v || !text_form(v, tmp, sizeof tmp, &s))
		return false;
	return str_eq(s, lit);
}

int view_emit(buf *out, const view_val *v, int (*esc)(buf *, str))
{
	char tmp[24];
	str s;
	if (!v || !text_form(v, tmp, sizeof tmp, &s) || s.n == 0)
		return out->err ? -1 : 0;
	/* The text of a number or a truth value is digits, '-' and letters,
	 * which every escaper of escape.c leaves as they are (test_views
	 * checks it): ids and counts, many to a page, skip the scan. */
	if (v->kind == VIEW_INT || v->kind == VIEW_BOOL)
		return buf_put(out, s.p, s.n);
	return esc(out, s);
}
