/* roles.h: role names as the command line and the API spell them. */
#ifndef ROUNDS_ROLES_H
#define ROUNDS_ROLES_H

#include "../core/str.h"

/* The role bit for a name ("editor", "admin", "blogger", "champion"), or 0. */
unsigned role_from_name(str name);

/* Calls fn for each role set in `roles`, in a fixed order. */
void role_each(unsigned roles, void (*fn)(const char *name, void *cls), void *cls);

#endif
