/* fuzz_form.c: libFuzzer target for the site's field tables: a
 * urlencoded-style body split into fields, offered in pieces, validated
 * against every table. */
#include <stdint.h>
#include <string.h>

#include "http/form.h"
#include "pages/pages.h"

/* No site form has a boolean field yet; this one stands in for them. */
static const struct form_field bool_fields[] = {
	{"ok", 8, FIELD_BOOL, NULL},
};
static const struct form_spec bool_spec = FORM_SPEC(bool_fields);

/* The site's own field tables, so the fuzzer checks what is really served. */
static const struct form_spec *const specs[] = {
	&form_register, &form_profile, &form_signin, &form_reset, &form_new_password, &form_password_change, &bool_spec,
};

static void one(const struct form_spec *spec, const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
		one(specs[i], data, size);
	return 0;
}

static void one(const struct form_spec *spec, const uint8_t *data, size_t size)
{
	arena *a = arena_new(1 << 20);
	struct form_values fv;
	form_init(&fv, spec);
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
	for (size_t i = 0; i < spec->n; i++) {
		/* What a form shows again is always valid text. */
		if (fv.typed[i].n && form_check_text(fv.typed[i], true, NULL) != 0)
			__builtin_trap();
		/* A text value without an error passed its checks (raw fields are
		 * checked by their handler, e.g. next as a local path). */
		if (fv.present[i] && !fv.err[i] && !(spec->fields[i].flags & (FIELD_BOOL | FIELD_RAW)) &&
		    form_check_text(fv.v[i], spec->fields[i].flags & FIELD_MULTILINE, NULL) != 0)
			__builtin_trap();
	}
	arena_free(a);
}
