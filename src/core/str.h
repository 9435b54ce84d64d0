/* str.h: strings as (pointer, length) slices, and growable buffers whose
 * memory comes from an arena.
 *
 * A slice never owns its bytes; whoever made it says how long they live
 * (usually: as long as the request's arena).  A buffer remembers the first
 * failure (arena cap reached) in `err`, so a run of appends can be checked
 * once at the end. */
#ifndef ROUNDS_STR_H
#define ROUNDS_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

typedef struct {
	const char *p;
	size_t n;
} str;

#define STR_NULL ((str){NULL, 0})
/* A slice of a string literal. */
#define S(lit) ((str){(lit), sizeof(lit) - 1})

static inline str str_c(const char *s)
{
	return (str){s, s ? strlen(s) : 0};
}

static inline bool str_eq(str a, str b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static inline bool str_eqc(str a, const char *b)
{
	return str_eq(a, str_c(b));
}

/* ASCII case-insensitive equality. */
bool str_ieq(str a, str b);

/* The slice without leading and trailing white space (space, tab, CR, LF). */
str str_trim(str s);

/* Copies a slice into the arena with a trailing NUL; NULL on failure. */
char *str_dup(arena *a, str s);

/* Parses a decimal integer that fills the whole slice; -1 if it is not one
 * or does not fit in int64_t. */
int str_to_i64(str s, int64_t *out);

/* v in decimal with a comma between thousands ("-1,234,567") into out,
 * which it returns: the one way the site writes a count.  The unsigned
 * form writes v, after a minus when neg. */
const char *str_thousands(char out[32], int64_t v);
const char *str_thousands_u(char out[32], uint64_t v, bool neg);
/* The length (1 to 4) of the well-formed UTF-8 sequence at s.p[i] (i <
 * s.n), its code point in *cp (may be NULL); 0 when none starts there: a
 * stray or truncated byte, an overlong form, a surrogate, past U+10FFFF.
 * The one UTF-8 decoder of the site. */
size_t str_utf8_at(str s, size_t i, uint32_t *cp);

/* The same, copied into the arena ("" when it is full): for a page. */
const char *str_count(arena *a, int64_t v);

typedef struct {
	char *p;
	size_t n, cap;
	arena *a;
	int err;
} buf;

/* An empty buffer drawing on arena `a`. */
void buf_init(buf *b, arena *a);

/* Makes room for `n` more bytes at once (so a large output grows without
 * copies); 0, or -1 with b->err set. */
int buf_reserve(buf *b, size_t n);

/* Appends bytes; on failure sets b->err and returns -1. */
int buf_put(buf *b, const void *p, size_t n);

static inline int buf_str(buf *b, str s)
{
	return buf_put(b, s.p, s.n);
}

static inline int buf_puts(buf *b, const char *s)
{
	return buf_put(b, s, strlen(s));
}

int buf_putc(buf *b, char c);

/* Appends formatted text; -1 (and b->err) on failure. */
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The contents as a slice, and as a NUL-terminated string (NULL on failure). */
static inline str buf_slice(const buf *b)
{
	return (str){b->p, b->n};
}

const char *buf_cstr(buf *b);

#endif
