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

/* The roles a member holding `actor_roles` may give and take away:
 * admins all of them, editors bloggers and champions, others none. */
unsigned role_grantable(unsigned actor_roles);

/* The role's bit by its position in the table (0..role_count()-1) and its
 * name, for forms. */
int role_count(void);
unsigned role_bit_at(int i);
const char *role_name_at(int i);

/* Calls fn for each role set in `roles`, in a fixed order. */
void role_each(unsigned roles, void (*fn)(const char *name, void *cls), void *cls);

#endif
