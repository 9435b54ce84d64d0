/* page_cache.c: see page_cache.h.  A page is one blobcache block: the
 * number of its posts, the posts, then every string they point at, each pointer kept as its
 * offset in the block, so a copy in the reader's arena is made whole by
 * adding where it landed. */
#include "page_cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/blobcache.h"

struct page_cache *page_cache_new(size_t budget)
{
	return (struct page_cache *)blobcache_new(budget);
}

void page_cache_free(struct page_cache *c)
{
	blobcache_free((struct blobcache *)c);
}

/* Where the posts start: after their number, aligned for any type. */
#define HEAD ((size_t)16)

static struct blob_key key_of(const struct page_key *k)
{
	return (struct blob_key){{k->topic, k->forum, k->version, k->authors, k->limit, k->offset}};
}

/* The strings of a post. */
static void fields(struct store_post *p, str *out[6])
{
	out[0] = &p->author_name;
	out[1] = &p->author_handle;
	out[2] = &p->body;
	out[3] = &p->body_html;
	out[4] = &p->topic_title;
	out[5] = &p->image;
}

bool page_cache_get(struct page_cache *c, const struct page_key *k, arena *a, struct store_post_list *out)
{
	if (!c || k->version <= 0 || k->authors <= 0)
		return false;
	struct blob_key bk = key_of(k);
	size_t len = 0;
	char *to = blobcache_get((struct blobcache *)c, &bk, a, &len);
	if (!to || len < HEAD)
		return false;
	int64_t n;
	memcpy(&n, to, sizeof n);
	struct store_post *posts = (struct store_post *)(to + HEAD);
	for (int64_t i = 0; i < n; i++) {
		str *f[6];
		fields(&posts[i], f);
		for (int m = 0; m < 6; m++)
			f[m]->p = to + (uintptr_t)f[m]->p;
	}
	out->items = posts;
	out->n = (int)n;
	return true;
}

void page_cache_put(struct page_cache *c, const struct page_key *k, const struct store_post_list *pl)
{
	if (!c || k->version <= 0 || k->authors <= 0 || pl->n < 1)
		return;
	/* Their number, the posts, then the strings. */
	size_t size = HEAD + (size_t)pl->n * sizeof(struct store_post);
	for (int j = 0; j < pl->n; j++) {
		str *f[6];
		fields(&pl->items[j], f);
		for (int m = 0; m < 6; m++)
			size += f[m]->n + 1;
	}
	char *block = malloc(size);
	if (!block)
		return;
	int64_t n = pl->n;
	memcpy(block, &n, sizeof n);
	struct store_post *posts = (struct store_post *)(block + HEAD);
	memcpy(posts, pl->items, (size_t)pl->n * sizeof *posts);
	size_t at = HEAD + (size_t)pl->n * sizeof *posts;
	for (int j = 0; j < pl->n; j++) {
		posts[j].liked = false; /* the reader's, looked up apart */
		str *f[6];
		fields(&posts[j], f);
		for (int m = 0; m < 6; m++) {
			if (f[m]->n)
				memcpy(block + at, f[m]->p, f[m]->n);
			block[at + f[m]->n] = '\0';
			f[m]->p = (const char *)(uintptr_t)at;
			at += f[m]->n + 1;
		}
	}
	struct blob_key bk = key_of(k);
	blobcache_put((struct blobcache *)c, &bk, block, size);
	free(block);
}

void page_cache_stats(struct page_cache *c, struct page_cache_stats *out)
{
	struct blobcache_stats x;
	blobcache_stats((struct blobcache *)c, &x);
	*out = (struct page_cache_stats){x.hits, x.misses, x.puts, x.bytes, x.blocks};
}
