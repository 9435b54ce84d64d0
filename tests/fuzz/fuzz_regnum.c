/* fuzz_regnum.c: libFuzzer target for registration numbers and name keys.
 * Every authority's check takes any bytes; a number it accepts has a
 * normal form that checks again to itself, with no spaces or controls
 * (free text: single inner spaces, none at the ends, no controls).  The
 * name key takes any bytes, and the key of a key is the key. */
#include <stdint.h>
#include <string.h>

#include "text/regnum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void normal_form_holds(const struct regnum_authority *a, arena *ar, str norm, size_t size)
{
	if (!norm.p || norm.n == 0 || norm.n > size || norm.p[norm.n] != '\0')
		__builtin_trap();
	for (size_t i = 0; i < norm.n; i++) {
		unsigned char c = (unsigned char)norm.p[i];
		if (c < 0x20 || c == 0x7f)
			__builtin_trap();
		if (c == ' ' && (a->shape != REGNUM_FREE || i == 0 || i == norm.n - 1 || norm.p[i - 1] == ' '))
			__builtin_trap();
		if (a->shape != REGNUM_FREE && (c >= 0x80 || (c >= 'a' && c <= 'z')))
			__builtin_trap();
	}
	str again = STR_NULL;
	if (regnum_check(a, ar, norm, &again) != NULL || !str_eq(again, norm))
		__builtin_trap();
}

static void name_key_holds(arena *ar, str in)
{
	str key, again;
	if (regnum_name_key(ar, in, &key) < 0) {
		if (in.n <= REGNUM_NAME_MAX)
			__builtin_trap(); /* the arena is big enough for any name under the cap */
		return;
	}
	if (key.n > in.n || key.p[key.n] != '\0')
		__builtin_trap();
	for (size_t i = 0; i < key.n; i++) {
		unsigned char c = (unsigned char)key.p[i];
		if (c < 0x20 || c == 0x7f || (c >= 'A' && c <= 'Z') || c == '\'' || c == '-' || c == ',' ||
		    (c == ' ' && (i == 0 || i == key.n - 1 || key.p[i - 1] == ' ')))
			__builtin_trap();
	}
	if (regnum_name_key(ar, key, &again) < 0 || !str_eq(again, key))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *ar = arena_new(1u << 20);
	if (!ar)
		return 0;
	str in = {(const char *)data, size};
	(void)regnum_find(in);
	(void)regnum_npi_luhn(in);
	for (int i = 0; i < regnum_count(); i++) {
		const struct regnum_authority *a = regnum_at(i);
		str norm = STR_NULL;
		const char *msg = regnum_check(a, ar, in, &norm);
		if (msg) {
			if (!msg[0] || norm.p != NULL)
				__builtin_trap(); /* a message, and *norm left alone */
			continue;
		}
		normal_form_holds(a, ar, norm, size);
		if (!strcmp(a->code, "npi") && !regnum_npi_luhn(norm))
			__builtin_trap();
	}
	name_key_holds(ar, in);
	arena_free(ar);
	return 0;
}
