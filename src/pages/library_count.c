/* library_count.c: the download tally.  A download adds one to its item's
 * count for the UTC day in memory (no write on the request's path); the
 * housekeeper (src/cli/serve.c) hands the counts to the store every few
 * seconds and once more at shutdown, and an editor's figures flush first.
 *
 * Invariants: the tally is one process-wide table under one mutex, an
 * open-addressing hash of (item, day) -> n; a flush takes the whole table
 * out under the lock and writes it outside it, so downloads never wait
 * on the store; a failed write puts its counts back.  The table is held
 * to TALLY_MAX slots: past that (only with the store refusing writes for
 * long), new keys are dropped and logged rather than memory grown. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "library.h"

#include "../core/log.h"

#define TALLY_MIN 64
#define TALLY_MAX (1u << 17)

struct tally {
	struct store_library_count *slots; /* n == 0: an empty slot */
	size_t cap, used;
};

static pthread_mutex_t tally_mu = PTHREAD_MUTEX_INITIALIZER;
static struct tally tally_now;

static size_t slot_of(int64_t item, int64_t day, size_t cap)
{
	uint64_t h = (uint64_t)item * 0x9e3779b97f4a7c15u ^ (uint64_t)day * 0xc2b2ae3d27d4eb4fu;
	return (size_t)(h ^ (h >> 31)) & (cap - 1);
}

static int tally_put(struct tally *t, int64_t item, int64_t day, int64_t n);

/* Doubles the table (or makes its first): 0, or -1 at TALLY_MAX or out
 * of memory (the table is unchanged). */
static int tally_grow(struct tally *t)
{
	size_t cap = t->cap ? t->cap * 2 : TALLY_MIN;
	if (cap > TALLY_MAX)
		return -1;
	struct tally bigger = {.slots = calloc(cap, sizeof *bigger.slots), .cap = cap};
	if (!bigger.slots)
		return -1;
	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i].n)
			tally_put(&bigger, t->slots[i].item_id, t->slots[i].day, t->slots[i].n);
	free(t->slots);
	*t = bigger;
	return 0;
}

/* Adds n to (item, day): 0, or -1 when the table is full. */
static int tally_put(struct tally *t, int64_t item, int64_t day, int64_t n)
{
	if ((t->used + 1) * 2 > t->cap && tally_grow(t))
		return -1;
	for (size_t i = slot_of(item, day, t->cap);; i = (i + 1) & (t->cap - 1)) {
		struct store_library_count *c = &t->slots[i];
		if (!c->n) {
			*c = (struct store_library_count){.item_id = item, .day = day, .n = n};
			t->used++;
			return 0;
		}
		if (c->item_id == item && c->day == day) {
			c->n += n;
			return 0;
		}
	}
}

void library_count_add(int64_t item, int64_t day)
{
	pthread_mutex_lock(&tally_mu);
	int rc = tally_put(&tally_now, item, day, 1);
	pthread_mutex_unlock(&tally_mu);
	if (rc)
		log_warn("library", "msg=\"download not counted: the tally is full\" item=%lld", (long long)item);
}

int library_count_flush(store *s)
{
	pthread_mutex_lock(&tally_mu);
	struct tally t = tally_now;
	tally_now = (struct tally){0};
	pthread_mutex_unlock(&tally_mu);
	size_t n = 0;
	for (size_t i = 0; i < t.cap; i++)
		if (t.slots[i].n)
			t.slots[n++] = t.slots[i];
	int rc = n ? store_library_count(s, t.slots, (int)n) : 0;
	if (rc) {
		/* Kept for the next flush, added to what came meanwhile. */
		pthread_mutex_lock(&tally_mu);
		size_t lost = 0;
		for (size_t i = 0; i < n; i++)
			if (tally_put(&tally_now, t.slots[i].item_id, t.slots[i].day, t.slots[i].n))
				lost++;
		pthread_mutex_unlock(&tally_mu);
		if (lost)
			log_warn("library", "msg=\"download counts dropped: the tally is full\" n=%zu", lost);
	}
	free(t.slots);
	return rc;
}
