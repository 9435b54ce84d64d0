/* fuzz_tz.c: libFuzzer target for the TZif reader and the POSIX TZ rule
 * parser (src/core/tz.c), whose input is a file under /usr/share/zoneinfo
 * and so not to be trusted.  The bytes are read as a TZif file and as a
 * rule.  Held to tz.h: refused exactly when a reason is given, and then
 * UTC; an accepted zone answers every instant (the input's own, and the
 * extremes of int64_t) within 26 hours of UTC, the same twice; a rule
 * has at most two offsets (standard and daylight time), and text after
 * an accepted rule makes it refused. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static bool bounded(int32_t off)
{
	return off >= -26 * 3600 && off <= 26 * 3600;
}

/* Instants to ask about: some from the input, the extremes, and a
 * spread from 1900 to 2200. */
static int64_t instant(const uint8_t *data, size_t size, int i)
{
	static const int64_t fixed[] = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_MAX - 1, INT64_MAX,
					2147483647, 2147483648, 4102444800};
	if (i < 10)
		return fixed[i];
	if (i < 20 && size >= 8) {
		uint64_t v = 0;
		size_t at = (size_t)(i - 10) * 7 % (size - 7);
		for (int k = 0; k < 8; k++)
			v = v << 8 | data[at + (size_t)k];
		return (int64_t)v;
	}
	return -2208988800 + (int64_t)i * 131 * 86399; /* 1900 onwards */
}

static void fuzz_file(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	tz_zone *z = tz_zone_parse(data, size, &why);
	check((z == NULL) == (why != NULL));
	for (int i = 0; i < 100; i++) {
		int64_t t = instant(data, size, i);
		int32_t off = tz_zone_offset(z, t);
		check(z ? bounded(off) : off == 0);
		check(off == tz_zone_offset(z, t));
	}
	tz_zone_free(z);
}

static void fuzz_rule(const uint8_t *data, size_t size)
{
	if (size > 300)
		return;
	const char *why = NULL;
	str text = {(const char *)data, size};
	tz_zone *z = tz_zone_rule(text, &why);
	check((z == NULL) == (why != NULL));
	int32_t seen[2];
	int nseen = 0;
	for (int i = 0; z && i < 100; i++) {
		int32_t off = tz_zone_offset(z, instant(data, size, i));
		check(bounded(off));
		if (nseen && seen[0] == off)
			continue;
		if (nseen == 2)
			check(seen[1] == off);
		else
			seen[nseen++] = off;
	}
	tz_zone_free(z);
	if (z && size < 300) {
		char more[301];
		memcpy(more, data, size);
		more[size] = ',';
		tz_zone *y = tz_zone_rule((str){more, size + 1}, &why);
		check(y == NULL);
		tz_zone_free(y);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_file(data, size);
	fuzz_rule(data, size);
	return 0;
}
