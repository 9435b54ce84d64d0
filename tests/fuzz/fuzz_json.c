/* fuzz_json.c: libFuzzer target for JSON request bodies.  The input is
 * read as dispatch.c reads an API body (json_loadb with duplicates
 * refused and \u0000 allowed) and, when it is an object, taken into every
 * field table the site's JSON routes use (form_from_json, then
 * form_validate).  Held to form.h's promise that JSON and forms are checked
 * in one place: each field is also offered as a form would offer it (a
 * string as its bytes, a whole number as its decimal text, a list as its
 * strings one by one) and validated, and both must agree on presence,
 * value and whether there is an error.  As in fuzz_form, a value shown
 * again is valid text and a text value without an error passed the text
 * checks (so a string holding \u0000 is never accepted). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "pages/pages.h"
#include "http/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

/* The form path for field f: what a urlencoded body with the same values
 * would offer.  false when JSON has no form equivalent (a wrong type). */
static bool offer_as_form(struct form_values *fv, arena *a, const struct form_field *f, json_t *v)
{
	if ((f->flags & FIELD_INT) && json_is_integer(v)) {
		char num[24];
		int len = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return form_offer(fv, a, f->name, num, (size_t)len, false) == 0;
	}
	if ((f->flags & FIELD_LIST) && json_is_array(v)) {
		size_t k;
		json_t *el;
		if (form_offer(fv, a, f->name, "", 0, false) < 0)
			return false;
		json_array_foreach(v, k, el)
		{
			if (!json_is_string(el) ||
			    form_offer(fv, a, f->name, json_string_value(el), json_string_length(el), false) < 0)
				return false;
		}
		return true;
	}
	if (!json_is_string(v))
		return false;
	return form_offer(fv, a, f->name, json_string_value(v), json_string_length(v), false) == 0;
}

static void one(const struct form_spec *spec, json_t *obj)
{
	arena *a = arena_new(4 << 20);
	struct form_values fj, ff;
	bool comparable[FORM_MAX_FIELDS] = {false};
	form_init(&fj, spec);
	form_init(&ff, spec);
	check(form_from_json(&fj, a, obj) == 0);
	for (size_t i = 0; i < spec->n; i++) {
		const struct form_field *f = &spec->fields[i];
		json_t *v = json_object_get(obj, f->name);
		if (!v || json_is_null(v)) {
			comparable[i] = true;
			continue;
		}
		if (f->flags & FIELD_BOOL) {
			/* Only true and false are booleans; anything else is an error. */
			check(fj.present[i] && (json_is_boolean(v) ? !fj.err[i] && fj.truth[i] == json_is_true(v)
								     : fj.err[i] != NULL));
			continue;
		}
		comparable[i] = offer_as_form(&ff, a, f, v);
		if (!comparable[i])
			check(fj.present[i] && fj.err[i] != NULL); /* a wrong type is an error */
	}
	form_validate(&fj, a);
	form_validate(&ff, a);
	for (size_t i = 0; i < spec->n; i++) {
		const struct form_field *f = &spec->fields[i];
		if (fj.typed[i].n)
			check(form_check_text(fj.typed[i], true, NULL) == 0);
		if (fj.present[i] && !fj.err[i] && !(f->flags & (FIELD_BOOL | FIELD_RAW)))
			check(form_check_text(fj.v[i], f->flags & FIELD_MULTILINE, NULL) == 0);
		if (!comparable[i])
			continue;
		check(fj.present[i] == ff.present[i]);
		check(!fj.err[i] == !ff.err[i]);
		check(str_eq(fj.v[i], ff.v[i]));
	}
	check(fj.nerr >= 0 && (fj.nerr == 0) == (fj.first_err < 0));
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!obj)
		return 0;
	if (json_is_object(obj)) {
		/* Every table a JSON route validates its body against. */
		size_t n;
		const struct route *routes = pages_routes(&n);
		for (size_t i = 0; i < n; i++) {
			if (!(routes[i].flags & ROUTE_JSON) || !routes[i].form)
				continue;
			bool seen = false;
			for (size_t j = 0; j < i && !seen; j++)
				seen = (routes[j].flags & ROUTE_JSON) && routes[j].form == routes[i].form;
			if (!seen)
				one(routes[i].form, obj);
		}
	}
	json_decref(obj);
	return 0;
}
