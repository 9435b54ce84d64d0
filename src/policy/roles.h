/* roles.h: role names as the command line and the API spell them. */
#ifndef ROUNDS_ROLES_H
#define ROUNDS_ROLES_H

#include <stdbool.h>

#include "../core/str.h"

/* The role bit for a name ("editor", "admin", "blogger", "champion"), or 0. */
unsigned role_from_name(str name);

/* Whether a member may be given role `bit`: NULL when yes, else why not,
 * for people ("only verified doctors can be champions").  The one place
 * for who may hold which role. */
const char *role_grant_refusal(unsigned bit, bool doctor, bool verified);

/* Calls fn for each role set in `roles`, in a fixed order. */
void role_each(unsigned roles, void (*fn)(const char *name, void *cls), void *cls);

#endif
