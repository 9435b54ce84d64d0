/* page_cache.h: this node's copies of topic pages' posts (issue 11).
 *
 * A page is one store_topic_posts answer (no reader: `liked` is the
 * reader's and is looked up apart), kept under its topic, its place
 * (limit, offset), the forum the topic was in, and the two numbers that
 * move on with any change it shows (store_topic: version, authors).  A
 * page read at numbers that differ from the ones asked for is never
 * handed out, so no node needs telling: the topic's own row, read anyway,
 * says whether a copy is current.  Kept in a blobcache (core/blobcache.h):
 * bounded in bytes, a slot holds one page, the newest put there;
 * thread-safe. */
#ifndef ROUNDS_PAGE_CACHE_H
#define ROUNDS_PAGE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct page_cache;

/* What a page is kept under: all of it must match. */
struct page_key {
	int64_t topic, forum, version, authors;
	int limit, offset;
};

/* A cache of at most `budget` bytes of pages (each page at most a
 * sixteenth of it).  NULL when out of memory. */
struct page_cache *page_cache_new(size_t budget);
void page_cache_free(struct page_cache *c);

/* Copies the page kept under *k into `a` as *out: true.  False when
 * there is none (never for a key without both numbers), or the arena is
 * full. */
bool page_cache_get(struct page_cache *c, const struct page_key *k, arena *a, struct store_post_list *out);

/* Keeps a copy of *pl under *k (liked flags are not kept).  Does nothing
 * for a key without both numbers (0: not read, or no cache_versions row),
 * a page too large, or out of memory. */
void page_cache_put(struct page_cache *c, const struct page_key *k, const struct store_post_list *pl);

struct page_cache_stats {
	uint64_t hits, misses, puts;
	size_t bytes, pages;
};
void page_cache_stats(struct page_cache *c, struct page_cache_stats *out);

#endif
