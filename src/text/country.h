/* country.h: ISO 3166-1 alpha-2 codes and English short names. */
#ifndef ROUNDS_COUNTRY_H
#define ROUNDS_COUNTRY_H

#include <stddef.h>

#include "../core/str.h"

struct country {
	const char *code, *name;
};

/* The whole table, sorted by name; *n gets its length. */
const struct country *country_all(size_t *n);

/* The name for an upper-case code, or NULL when it is not one. */
const char *country_name(str code);

#endif
