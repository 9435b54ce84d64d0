/* unit.h: the unit tests' whole framework.  Each test program includes it,
 * calls CHECK() as often as it likes inside TEST() functions run from
 * main() with RUN(), and ends with `return unit_summary();`, which prints
 * `N passed, N failed` and gives the exit status. */
#ifndef ROUNDS_UNIT_H
#define ROUNDS_UNIT_H

#include <stdio.h>
#include <string.h>

/* Atomic: a test may CHECK from threads it starts (ThreadSanitizer runs them). */
static _Atomic int unit_passed, unit_failed;
static const char *unit_current = "";

#define CHECK(cond)                                                                                  \
	do {                                                                                         \
		if (cond) {                                                                          \
			unit_passed++;                                                               \
		} else {                                                                             \
			unit_failed++;                                                               \
			fprintf(stderr, "FAIL %s:%d in %s: %s\n", __FILE__, __LINE__, unit_current, #cond); \
		}                                                                                    \
	} while (0)

/* Compares a (pointer, length) result with a C string. */
#define CHECK_STR(p, n, want) CHECK((n) == strlen(want) && memcmp((p), (want), (n)) == 0)

#define TEST(name) static void name(void)
#define RUN(name)                    \
	do {                         \
		unit_current = #name; \
		name();              \
	} while (0)

static inline int unit_summary(void)
{
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
