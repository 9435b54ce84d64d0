/* library_count.c: the download tally.  A download adds one to its item's
 * count for the UTC day in memory (no write on the request's path); the
 * housekeeper (src/cli/serve.c) hands the counts to the store every few
 * seconds and once more at shutdown, and an editor's figures flush first.
 *
 * Invariants: the counts are one process-wide tally (src/core/tally.h)
 * keyed by (item, day); a flush takes the whole table out and writes it
 * with the lock released, so downloads never wait on the store; a failed
 * write puts its counts back.  The tally holds at most TALLY_MAX keys:
 * past that (only with the store refusing writes for long), new keys are
 * dropped and logged rather than memory grown. */
#include <stdlib.h>

#include "library.h"

#include "../core/log.h"
#include "../core/tally.h"

#define TALLY_MAX (1u << 17)

static tally downloads = TALLY_INIT(TALLY_MAX);

void library_count_add(int64_t item, int64_t day)
{
	if (tally_add(&downloads, (struct tally_key){item, day, 0}, 1))
		log_warn("library", "msg=\"download not counted: the tally is full\" item=%lld", (long long)item);
}

/* Writes the counts (tally_flush's write). */
static int write_counts(const struct tally_entry *e, size_t n, void *ctx)
{
	struct store_library_count *c = malloc(n * sizeof *c);
	if (!c)
		return STORE_ERR;
	for (size_t i = 0; i < n; i++)
		c[i] = (struct store_library_count){.item_id = e[i].k.a, .day = e[i].k.b, .n = e[i].n};
	int rc = store_library_count(ctx, c, (int)n);
	free(c);
	return rc;
}

int library_count_flush(store *s)
{
	return tally_flush(&downloads, "download counts", write_counts, s);
}
