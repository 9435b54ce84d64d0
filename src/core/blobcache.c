/* blobcache.c: see blobcache.h.  A table of SLOTS slots; each block is
 * one allocation (its header, then its bytes).  A reader holds a
 * reference while it copies outside the lock, so a block replaced or
 * evicted meanwhile is freed by whoever lets go of it last. */
#include "blobcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096

struct block {
	struct blob_key key;
	int refs;    /* 1 while in its slot, plus one per reader copying it */
	size_t size; /* of the allocation */
	size_t n;    /* of the bytes, which follow the header */
	_Alignas(16) unsigned char bytes[];
};

struct blobcache {
	pthread_mutex_t mu;
	size_t budget, bytes, blocks;
	unsigned hand; /* the next slot eviction looks at */
	uint64_t hits, misses, puts;
	struct block *slot[SLOTS];
};

struct blobcache *blobcache_new(size_t budget)
{
	struct blobcache *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	if (pthread_mutex_init(&c->mu, NULL)) {
		free(c);
		return NULL;
	}
	c->budget = budget;
	return c;
}

void blobcache_free(struct blobcache *c)
{
	if (!c)
		return;
	for (int i = 0; i < SLOTS; i++)
		free(c->slot[i]);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

static unsigned slot_of(const struct blob_key *k)
{
	uint64_t h = 0x9E3779B97F4A7C15ull;
	for (int i = 0; i < 8; i++)
		h = (h ^ (uint64_t)k->k[i]) * 0xC2B2AE3D27D4EB4Full;
	return (unsigned)(h >> 40) % SLOTS;
}

/* Under the lock: takes slot i's block out; it is freed now, or by its
 * last reader. */
static void drop(struct blobcache *c, unsigned i)
{
	struct block *b = c->slot[i];
	c->slot[i] = NULL;
	c->bytes -= b->size;
	c->blocks--;
	if (--b->refs == 0)
		free(b);
}

void *blobcache_get(struct blobcache *c, const struct blob_key *k, arena *a, size_t *n)
{
	if (!c)
		return NULL;
	unsigned i = slot_of(k);
	pthread_mutex_lock(&c->mu);
	struct block *b = c->slot[i];
	if (!b || memcmp(&b->key, k, sizeof *k) != 0) {
		c->misses++;
		pthread_mutex_unlock(&c->mu);
		return NULL;
	}
	b->refs++;
	c->hits++;
	pthread_mutex_unlock(&c->mu);

	void *to = arena_alloc(a, b->n ? b->n : 1);
	if (to) {
		memcpy(to, b->bytes, b->n);
		*n = b->n;
	}
	pthread_mutex_lock(&c->mu);
	if (--b->refs == 0)
		free(b);
	pthread_mutex_unlock(&c->mu);
	return to;
}

void blobcache_put(struct blobcache *c, const struct blob_key *k, const void *p, size_t n)
{
	if (!c)
		return;
	size_t size = sizeof(struct block) + n;
	if (size > c->budget / 16)
		return;
	struct block *b = malloc(size);
	if (!b)
		return;
	b->key = *k;
	b->refs = 1;
	b->size = size;
	b->n = n;
	memcpy(b->bytes, p, n);

	unsigned i = slot_of(k);
	pthread_mutex_lock(&c->mu);
	if (c->slot[i])
		drop(c, i);
	/* Room by the clock: the slots after the hand give theirs up. */
	for (unsigned looked = 0; c->bytes + size > c->budget && looked < SLOTS; looked++) {
		unsigned j = c->hand++ % SLOTS;
		if (c->slot[j])
			drop(c, j);
	}
	c->slot[i] = b;
	c->bytes += size;
	c->blocks++;
	c->puts++;
	pthread_mutex_unlock(&c->mu);
}

void blobcache_stats(struct blobcache *c, struct blobcache_stats *out)
{
	*out = (struct blobcache_stats){0};
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	*out = (struct blobcache_stats){c->hits, c->misses, c->puts, c->bytes, c->blocks};
	pthread_mutex_unlock(&c->mu);
}
