/* arena.h: per-request bump allocator with a hard cap.
 *
 * Every request owns one arena, freed in one go when libmicrohttpd completes
 * the request; handlers never free.  The cap turns a huge request into a
 * refusal (allocation returns NULL) instead of exhausting memory. */
#ifndef ROUNDS_ARENA_H
#define ROUNDS_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/* Creates an arena that will hand out at most `cap` bytes in total.
 * Returns NULL when out of memory.  Owned by the caller: arena_free(). */
arena *arena_new(size_t cap);

/* Releases every block of the arena and the arena itself.  NULL is fine. */
void arena_free(arena *a);

/* Returns `n` bytes aligned for any type, or NULL past the cap or when out
 * of memory.  The memory lives until arena_free(). */
void *arena_alloc(arena *a, size_t n);

/* As arena_alloc(), zero-filled. */
void *arena_zalloc(arena *a, size_t n);

/* Copies `n` bytes and adds a NUL; NULL on failure. */
char *arena_strndup(arena *a, const char *s, size_t n);

/* Bytes handed out so far (for tests and the access log). */
size_t arena_used(const arena *a);

#endif
