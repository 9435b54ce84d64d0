/* fuzz_imgmeta.c: libFuzzer target for the image metadata stripper.  Any
 * bytes are either refused with EBADTYPE (exactly when the signature is
 * unknown) or EMALFORMED, leaving the result alone, or stripped to an
 * image that is no longer than the input, has the same type, and strips
 * to itself (nothing is left that a second pass would remove).  A full
 * arena is ENOMEM, never a crash. */
#include <stdint.h>
#include <string.h>

#include "text/imgmeta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void stripped_holds(arena *ar, str in, str out)
{
	if (!out.p || out.n > in.n || imgmeta_sniff(out) != imgmeta_sniff(in))
		__builtin_trap();
	str again = STR_NULL;
	if (imgmeta_strip(ar, out, &again) != 0 || !str_eq(again, out))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > IMGMETA_MAX)
		return 0;
	str in = {(const char *)data, size};
	arena *ar = arena_new(2 * size + 4096);
	if (!ar)
		return 0;
	str out = STR_NULL;
	int rc = imgmeta_strip(ar, in, &out);
	if (rc == 0) {
		stripped_holds(ar, in, out);
	} else {
		if (out.p != NULL || imgmeta_error(rc)[0] == '\0')
			__builtin_trap(); /* *out left alone, and a message */
		if ((rc == IMGMETA_EBADTYPE) != (imgmeta_sniff(in) < 0) || (rc != IMGMETA_EBADTYPE && rc != IMGMETA_EMALFORMED))
			__builtin_trap();
	}
	arena_free(ar);
	/* An arena too small for the copy: refused, whatever the bytes. */
	arena *small = arena_new(size / 2);
	if (small && imgmeta_sniff(in) >= 0 && imgmeta_strip(small, in, &out) != IMGMETA_ENOMEM)
		__builtin_trap();
	arena_free(small);
	return 0;
}
