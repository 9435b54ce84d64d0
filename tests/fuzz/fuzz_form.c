/* fuzz_form.c: libFuzzer target for the field tables: a urlencoded-style
 * body split into fields, offered in pieces, validated. */
#include <stdint.h>
#include <string.h>

#include "http/form.h"
#include "text/validate.h"

static const struct form_field fields[] = {
	{"email", 254, FIELD_REQUIRED, validate_email},
	{"name", 400, FIELD_REQUIRED, validate_name},
	{"handle", 30, FIELD_REQUIRED, validate_handle},
	{"password", 200, FIELD_REQUIRED | FIELD_SECRET, validate_password},
	{"type", 16, FIELD_REQUIRED, validate_member_type},
	{"country", 2, FIELD_REQUIRED, validate_country},
	{"bio", 80, FIELD_MULTILINE, validate_short_text},
	{"tz", 64, 0, validate_timezone},
	{"ok", 8, FIELD_BOOL, NULL},
};
static const struct form_spec spec = FORM_SPEC(fields);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new(1 << 20);
	struct form_values fv;
	form_init(&fv, &spec);
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		if (eq) {
			char name[32];
			size_t n = (size_t)(eq - p) < sizeof name - 1 ? (size_t)(eq - p) : sizeof name - 1;
			memcpy(name, p, n);
			name[n] = '\0';
			size_t vlen = (size_t)(stop - eq - 1), half = vlen / 2;
			form_offer(&fv, a, name, eq + 1, half, false);
			form_offer(&fv, a, name, eq + 1 + half, vlen - half, true);
		}
		p = stop + (stop < end);
	}
	form_validate(&fv, a);
	for (size_t i = 0; i < spec.n; i++) {
		/* What a form shows again is always valid text. */
		if (fv.typed[i].n && form_check_text(fv.typed[i], true, NULL) != 0)
			__builtin_trap();
		/* A value without an error passed its checks. */
		if (fv.present[i] && !fv.err[i] && !(fields[i].flags & FIELD_BOOL) &&
		    form_check_text(fv.v[i], fields[i].flags & FIELD_MULTILINE, NULL) != 0)
			__builtin_trap();
	}
	arena_free(a);
	return 0;
}
