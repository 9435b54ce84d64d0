/* tally.h: counts gathered in memory by a key of three integers, for
 * writes that are batched off the request's path (the library's download
 * tally, the page views).  Thread-safe: one mutex per tally, held only to
 * add or to take the table out, never while the store is written.
 *
 * The table is an open-addressing hash that grows by doubling up to
 * `max` slots; past that (only when its counts cannot be written for a
 * long time) a new key is refused rather than memory grown. */
#ifndef ROUNDS_TALLY_H
#define ROUNDS_TALLY_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct tally_key {
	int64_t a, b, c;
};
struct tally_entry {
	struct tally_key k;
	int64_t n; /* > 0 */
};
typedef struct tally {
	pthread_mutex_t mu;
	struct tally_entry *slots; /* n == 0: an empty slot */
	size_t cap, used, max;     /* max: a power of two */
} tally;

#define TALLY_INIT(max_slots) {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, (max_slots)}

/* Adds n (> 0) to key k: 0, or -1 when the table is full (nothing added). */
int tally_add(tally *t, struct tally_key k, int64_t n);

/* Takes every count out, leaving the tally empty: *out (malloc'd, the
 * caller's to free; NULL when empty) holds *n entries. */
void tally_take(tally *t, struct tally_entry **out, size_t *n);

/* Puts entries back (a write that failed), added to what came meanwhile:
 * how many could not be kept (the table full). */
size_t tally_return(tally *t, const struct tally_entry *e, size_t n);

/* A flush: takes every count out and hands them to write(e, n, ctx),
 * which gives 0 or an error; on an error every entry goes back (so a
 * write must be all or nothing, or harmless to repeat) and what the full
 * table could not keep is logged as dropped `what`.  Nothing taken: 0,
 * write not called.  Gives write's result (or -1 out of memory). */
int tally_flush(tally *t, const char *what, int (*write)(const struct tally_entry *e, size_t n, void *ctx),
		void *ctx);

/* Frees the table (tests; the process's tallies live as long as it). */
void tally_clear(tally *t);

#endif
