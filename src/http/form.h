/* form.h: field tables.  Every form and JSON body has one table: each
 * field's name, size limit, flags and validator.  The HTTP layer fills a
 * form_values from urlencoded or multipart forms and from JSON bodies
 * alike, enforcing the limits and validators in one place, so handlers see
 * only values that passed (or the first error of each field). */
#ifndef ROUNDS_FORM_H
#define ROUNDS_FORM_H

#include <jansson.h>
#include <stdbool.h>

#include "../core/str.h"

#define FORM_MAX_FIELDS 16

enum field_flags {
	FIELD_REQUIRED = 1u << 0,
	FIELD_MULTILINE = 1u << 1, /* newlines and tabs allowed */
	FIELD_SECRET = 1u << 2,    /* never echoed back into a form */
	FIELD_BOOL = 1u << 3,      /* JSON true/false; forms: present and "1"/"on"/"true" */
	FIELD_RAW = 1u << 4,       /* not text: no UTF-8 check (e.g. an upload) */
	FIELD_INT = 1u << 5,       /* JSON: a whole number is taken as its decimal text, as a string is */
	FIELD_LIST = 1u << 6,      /* may repeat (checkboxes): the non-empty values joined with ','; JSON:
				      a string, or an array of strings joined the same way */
};

/* A validator: NULL when `v` is acceptable, else a message for the person
 * ("must look like name@example.org").  It may normalise into *norm
 * (e.g. lower-case a handle) using `a`; *norm starts as v. */
typedef const char *(*field_check)(arena *a, str v, str *norm);

struct form_field {
	const char *name;
	size_t max; /* bytes */
	unsigned flags;
	field_check check;
};

struct form_spec {
	const struct form_field *fields;
	size_t n;
};

#define FORM_SPEC(arr) {(arr), sizeof(arr) / sizeof((arr)[0])}

struct form_values {
	const struct form_spec *spec;
	str v[FORM_MAX_FIELDS];          /* the value (normalised), STR_NULL when absent */
	str typed[FORM_MAX_FIELDS];      /* as typed, made valid UTF-8: for showing a form again */
	bool present[FORM_MAX_FIELDS];
	bool truth[FORM_MAX_FIELDS];     /* FIELD_BOOL values */
	const char *err[FORM_MAX_FIELDS]; /* first error of each field */
	int nerr;
	int first_err;                  /* index of the first field in error, -1 */
	char *grown[FORM_MAX_FIELDS];   /* the buffer a value arriving in pieces grows in, */
	size_t room[FORM_MAX_FIELDS];   /* and its size (so pieces cost linear time and memory) */
};

/* Starts an empty set of values for `spec`. */
void form_init(struct form_values *fv, const struct form_spec *spec);

/* The index of field `name` in the spec, or -1. */
int form_index(const struct form_spec *spec, const char *name);

/* Offers a raw value for field `name` (urlencoded and multipart input):
 * unknown names are ignored; values past the field's limit are marked too
 * long (but kept, so the form can show what was typed: the body limit
 * bounds them).  Values may arrive in pieces: `append` adds to what is
 * there.  Returns -1 only when the arena is exhausted. */
int form_offer(struct form_values *fv, arena *a, const char *name, const char *data, size_t n, bool append);

/* Takes the fields from a JSON object: strings for text fields, true/false
 * for FIELD_BOOL; a value of another type is an error on that field. */
int form_from_json(struct form_values *fv, arena *a, json_t *obj);

/* Runs the limits, text checks (valid UTF-8, no control characters unless
 * multiline), required checks and validators; fills err[]; returns nerr. */
int form_validate(struct form_values *fv, arena *a);

/* Value of field `name` (STR_NULL when absent), and its error. */
str form_get(const struct form_values *fv, const char *name);
bool form_bool(const struct form_values *fv, const char *name);
const char *form_error(const struct form_values *fv, const char *name);
/* Sets an error on a field after validation (e.g. "already registered"). */
void form_set_error(struct form_values *fv, const char *name, const char *message);

/* Checks UTF-8 (shortest forms, no surrogates, at most U+10FFFF) and, with
 * `multiline` false, the absence of control characters; also counts code
 * points into *chars when non-NULL.  0 when good, -1 bad UTF-8, -2 a
 * control character. */
int form_check_text(str s, bool multiline, size_t *chars);

#endif
