/* tally.c: see tally.h. */
#include "tally.h"

#include <stdbool.h>
#include <stdlib.h>

#include "log.h"

#define TALLY_MIN 64

static size_t slot_of(struct tally_key k, size_t cap)
{
	uint64_t h = (uint64_t)k.a * 0x9e3779b97f4a7c15u ^ (uint64_t)k.b * 0xc2b2ae3d27d4eb4fu ^
		     (uint64_t)k.c * 0x165667b19e3779f9u;
	return (size_t)(h ^ (h >> 31)) & (cap - 1);
}

static bool key_eq(struct tally_key x, struct tally_key y)
{
	return x.a == y.a && x.b == y.b && x.c == y.c;
}

/* Adds n to k in the table (the lock held), which has room. */
static void put(struct tally *t, struct tally_key k, int64_t n)
{
	for (size_t i = slot_of(k, t->cap);; i = (i + 1) & (t->cap - 1)) {
		struct tally_entry *e = &t->slots[i];
		if (!e->n) {
			*e = (struct tally_entry){k, n};
			t->used++;
			return;
		}
		if (key_eq(e->k, k)) {
			e->n += n;
			return;
		}
	}
}

/* Makes room for one more key: 0, or -1 at max or out of memory (the
 * table is unchanged). */
static int room(struct tally *t)
{
	if ((t->used + 1) * 2 <= t->cap)
		return 0;
	size_t cap = t->cap ? t->cap * 2 : TALLY_MIN;
	if (cap > t->max)
		return -1;
	struct tally_entry *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return -1;
	struct tally bigger = {.slots = slots, .cap = cap};
	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i].n)
			put(&bigger, t->slots[i].k, t->slots[i].n);
	free(t->slots);
	t->slots = bigger.slots;
	t->cap = bigger.cap;
	t->used = bigger.used;
	return 0;
}

/* Adds under the lock: 0 or -1 (full). */
static int add_locked(struct tally *t, struct tally_key k, int64_t n)
{
	if (t->cap) { /* an existing key needs no room */
		for (size_t i = slot_of(k, t->cap); t->slots[i].n; i = (i + 1) & (t->cap - 1))
			if (key_eq(t->slots[i].k, k)) {
				t->slots[i].n += n;
				return 0;
			}
	}
	if (room(t))
		return -1;
	put(t, k, n);
	return 0;
}

int tally_add(tally *t, struct tally_key k, int64_t n)
{
	if (n <= 0)
		return 0;
	pthread_mutex_lock(&t->mu);
	int rc = add_locked(t, k, n);
	pthread_mutex_unlock(&t->mu);
	return rc;
}

void tally_take(tally *t, struct tally_entry **out, size_t *n)
{
	pthread_mutex_lock(&t->mu);
	struct tally_entry *slots = t->slots;
	size_t cap = t->cap;
	t->slots = NULL;
	t->cap = t->used = 0;
	pthread_mutex_unlock(&t->mu);
	size_t k = 0;
	for (size_t i = 0; i < cap; i++)
		if (slots[i].n)
			slots[k++] = slots[i];
	if (!k) {
		free(slots);
		slots = NULL;
	}
	*out = slots;
	*n = k;
}

size_t tally_return(tally *t, const struct tally_entry *e, size_t n)
{
	size_t lost = 0;
	pthread_mutex_lock(&t->mu);
	for (size_t i = 0; i < n; i++)
		if (add_locked(t, e[i].k, e[i].n))
			lost++;
	pthread_mutex_unlock(&t->mu);
	return lost;
}

int tally_flush(tally *t, const char *what, int (*write)(const struct tally_entry *e, size_t n, void *ctx),
		void *ctx)
{
	struct tally_entry *e;
	size_t n;
	tally_take(t, &e, &n);
	if (!n)
		return 0;
	int rc = write(e, n, ctx);
	if (rc) {
		size_t lost = tally_return(t, e, n);
		if (lost)
			log_warn("tally", "msg=\"%s dropped: the tally is full\" n=%zu", what, lost);
	}
	free(e);
	return rc;
}

void tally_clear(tally *t)
{
	pthread_mutex_lock(&t->mu);
	free(t->slots);
	t->slots = NULL;
	t->cap = t->used = 0;
	pthread_mutex_unlock(&t->mu);
}
