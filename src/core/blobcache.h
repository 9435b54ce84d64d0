/* blobcache.h: a node's memory of things it made once and may hand out
 * again while their key still holds: pages of a topic's posts
 * (store/page_cache.c) and the parts of posts every reader sees alike
 * (post_heads in pages/forum_core.c).  A key is up to eight numbers that
 * must all match, among them whatever moves on when the thing changes (a topic's
 * version), so nothing is ever told to forget: a changed thing is looked
 * up under a new key, and the old copy waits to be replaced or evicted.
 * A value is a block of bytes, copied into the reader's arena.  Slots are
 * found by the key's hash; a slot holds the newest block put there.
 * Bounded in bytes; thread-safe. */
#ifndef ROUNDS_BLOBCACHE_H
#define ROUNDS_BLOBCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct blobcache;

struct blob_key {
	int64_t k[8]; /* unused ones 0 */
};

/* A cache of at most `budget` bytes (a block at most a sixteenth of it).
 * NULL when out of memory. */
struct blobcache *blobcache_new(size_t budget);
void blobcache_free(struct blobcache *c);

/* The block kept under *k, copied into `a` (aligned for any type), its
 * size in *n.  NULL when there is none or the arena is full. */
void *blobcache_get(struct blobcache *c, const struct blob_key *k, arena *a, size_t *n);

/* Keeps a copy of the n bytes at `p` under *k, in place of whatever its
 * slot held.  Does nothing for a block too large or out of memory. */
void blobcache_put(struct blobcache *c, const struct blob_key *k, const void *p, size_t n);

struct blobcache_stats {
	uint64_t hits, misses, puts;
	size_t bytes, blocks;
};
void blobcache_stats(struct blobcache *c, struct blobcache_stats *out);

#endif
