/* view.h: the values a handler hands to a compiled template, and the
 * escaping functions the generated code calls.
 *
 * A handler builds a tree of objects (string, integer, boolean, list,
 * object) in the request's arena and calls a generated `view_NAME(out, ctx)`
 * function (declared in the generated views_gen.h).  Values are never
 * escaped by handlers: the template compiler picks the escaping function
 * from where the value lands in the HTML.  Slices handed to view_set_* are
 * referenced, not copied, so they must live as long as the arena. */
#ifndef ROUNDS_VIEW_H
#define ROUNDS_VIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../core/str.h"

enum view_kind { VIEW_NULL, VIEW_STR, VIEW_INT, VIEW_BOOL, VIEW_LIST, VIEW_OBJ };

typedef struct view_obj view_obj;
typedef struct view_list view_list;

typedef struct {
	enum view_kind kind;
	union {
		str s;
		int64_t i;
		bool b;
		view_list *l;
		view_obj *o;
	} u;
} view_val;

struct view_pair {
	const char *key; /* a literal or arena string */
	size_t klen;     /* strlen(key): lookups compare lengths first */
	view_val v;
};

struct view_obj {
	arena *a;
	struct view_pair *pairs;
	size_t n, cap;
	uint64_t keys[2]; /* one bit per key (view_key_bit): a clear bit means absent */
};

struct view_list {
	arena *a;
	view_val *items;
	size_t n, cap;
};

/* New empty object / list in `a`; NULL when the arena is exhausted. */
view_obj *view_obj_new(arena *a);
/* The same with room for `cap` keys at once, for an object whose size
 * the caller knows (a post on the topic page). */
view_obj *view_obj_sized(arena *a, size_t cap);
view_list *view_list_new(arena *a);

/* The key's bit (0-127) in an object's `keys`: a hash of its length and
 * first, middle and last bytes, so keys of one length that share their
 * ends ("can_like", "can_edit") mostly differ.  Inline, so that for a
 * literal key (nearly every one) the compiler works it out, and its
 * length. */
static inline unsigned view_key_bit(const char *k, size_t n)
{
	uint64_t h = n;
	if (n)
		h = ((h * 131 + (unsigned char)k[0]) * 131 + (unsigned char)k[n / 2]) * 131 + (unsigned char)k[n - 1];
	return (unsigned)((h * 0x9E3779B97F4A7C15u) >> 57);
}

/* Whether bit `b` (view_key_bit) is set in o's key filter. */
static inline bool view_key_maybe(const view_obj *o, unsigned b)
{
	return (o->keys[b >> 6] >> (b & 63)) & 1;
}

/* The value slot of `key` (of `klen` bytes, its view_key_bit `bit`) in
 * o: the existing one, or a new one whose value the caller then writes;
 * NULL when the arena is exhausted or o or key is NULL. */
view_val *view_slot(view_obj *o, const char *key, size_t klen, unsigned bit);

/* view_slot of a NUL-terminated key: for a literal, the compiler works
 * out its length and bit. */
static inline view_val *view_slot_c(view_obj *o, const char *key)
{
	if (!key)
		return NULL;
	size_t n = strlen(key);
	return view_slot(o, key, n, view_key_bit(key, n));
}

/* Set `key` (replacing an earlier value of the same key).  Return 0, or -1
 * when the arena is exhausted or `child` or `l` is NULL.  `key` must
 * outlive the object.  The typed setters write the slot's fields one by
 * one: a view_val built on the stack and copied whole is read back
 * across two smaller stores, which stalls the CPU (measured with perf on
 * the topic page, which makes about 500 sets). */
static inline int view_set(view_obj *o, const char *key, view_val v)
{
	view_val *slot = view_slot_c(o, key);
	if (!slot)
		return -1;
	*slot = v;
	return 0;
}
static inline int view_set_str(view_obj *o, const char *key, str s)
{
	view_val *slot = view_slot_c(o, key);
	if (!slot)
		return -1;
	slot->kind = VIEW_STR;
	slot->u.s = s;
	return 0;
}
static inline int view_set_cstr(view_obj *o, const char *key, const char *s)
{
	return view_set_str(o, key, str_c(s));
}
static inline int view_set_int(view_obj *o, const char *key, int64_t i)
{
	view_val *slot = view_slot_c(o, key);
	if (!slot)
		return -1;
	slot->kind = VIEW_INT;
	slot->u.i = i;
	return 0;
}
static inline int view_set_bool(view_obj *o, const char *key, bool b)
{
	view_val *slot = view_slot_c(o, key);
	if (!slot)
		return -1;
	slot->kind = VIEW_BOOL;
	slot->u.b = b;
	return 0;
}
static inline int view_set_obj(view_obj *o, const char *key, view_obj *child)
{
	view_val *slot = child ? view_slot_c(o, key) : NULL;
	if (!slot)
		return -1;
	slot->kind = VIEW_OBJ;
	slot->u.o = child;
	return 0;
}
static inline int view_set_list(view_obj *o, const char *key, view_list *l)
{
	view_val *slot = l ? view_slot_c(o, key) : NULL;
	if (!slot)
		return -1;
	slot->kind = VIEW_LIST;
	slot->u.l = l;
	return 0;
}

/* Append to a list; 0 or -1. */
int view_list_push(view_list *l, view_val v);
int view_list_push_obj(view_list *l, view_obj *o);
int view_list_push_str(view_list *l, str s);

/* Looks up a dotted path ("member.name") starting at `o`; a missing key or
 * a step through a non-object gives a VIEW_NULL value (never NULL). */
const view_val *view_get(const view_obj *o, const char *path);

/* Truth as templates see it: null, false, 0, "" and empty lists are false. */
bool view_truthy(const view_val *v);

/* Equality as templates see it (`{% if a == "x" %}`): strings by bytes,
 * integers by value, a string and an integer via the integer's decimal. */
bool view_eq_str(const view_val *v, str lit);

/* Escaping, one function per output context (escape.c is the only place
 * that knows how).  Each appends to `out` and returns 0, or -1 on failure. */
int view_esc_html(buf *out, str s);      /* text between tags */
int view_esc_attr(buf *out, str s);      /* a quoted attribute value */
int view_esc_url(buf *out, str s);       /* a whole URL in an attribute: unsafe schemes become "#" */
int view_esc_urlc(buf *out, str s);      /* a URL component (percent-encoding) */
int view_esc_json(buf *out, str s);      /* inside a JSON string in a <script type="application/json"> */
/* Text between tags with search marks (\x01 before and \x02 after each
 * matched word, store.h STORE_MARK_ON/OFF): escaped as view_esc_html,
 * each balanced pair made <mark>..</mark>, unbalanced or empty marks
 * dropped.  The only way a page shows a snippet (a template outputs the
 * result raw, on the lint's allow-list). */
int view_esc_marked(buf *out, str s);

/* ---- Used by the C that tools/tmplc.c generates (not by handlers) ---- */

/* One `{% for NAME in ... %}` level: the loop variable and loop.index,
 * loop.first, loop.last for the current item.  Scopes live on the C stack
 * of the generated function and chain outwards through `up`. */
typedef struct view_scope view_scope;
struct view_scope {
	const view_scope *up;
	const char *name;     /* the loop variable, a C literal */
	const view_val *item; /* the current item */
	view_val index, first, last;
};

/* Points scope `s` at item `i` of `l` (i < l->n) and sets loop.*. */
void view_scope_at(view_scope *s, const view_list *l, size_t i);

/* Where one template output's path was found last time: the pair number
 * of its first name (in ctx or the loop item) and of its last name.  The
 * generated code keeps one per output, shared by every thread (read and
 * written with relaxed atomics: a stale or torn guess is only a miss),
 * and a lookup tries those pairs before it scans.  The objects a template
 * reads at one place are built by one piece of code, so the guess is
 * right nearly always: a post's `p.id` is at the same pair in every post. */
typedef struct {
	unsigned first, last;
	unsigned short n_first, n_last; /* the lengths of the path's first and last names (0: one name) */
} view_hint;

/* Resolves a template path: its first name against the loop variables
 * (innermost first; `loop` is the innermost loop's loop.*), otherwise
 * against `ctx`.  Never NULL: missing gives a VIEW_NULL value.  `h` (may
 * be NULL) is the output's hint, above. */
const view_val *view_lookup(const view_obj *ctx, const view_scope *sc, const char *path, view_hint *h);

/* view_lookup of a path whose first name is the loop variable of scope
 * `s`, known to be the innermost of that name (the template compiler
 * knows it for a function's own loops): `rest`, what follows that name
 * and its dot ("" for the item itself), from the current item. */
const view_val *view_scope_get(const view_scope *s, const char *rest, view_hint *h);

/* What a layout's `{% content %}` renders: the page body `fn`, called with
 * the page's own scope `sc` and the next content out `up` (for layouts
 * that have layouts). */
typedef struct view_content view_content;
struct view_content {
	int (*fn)(buf *out, const view_obj *ctx, const view_scope *sc, const view_content *up);
	const view_content *up;
	const view_scope *sc;
};

/* Writes a value's text form (strings as is, integers in decimal, booleans
 * as true/false, nothing for null) through the escaping function `esc`. */
int view_emit(buf *out, const view_val *v, int (*esc)(buf *, str));

#endif
