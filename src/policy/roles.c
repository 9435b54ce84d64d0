/* roles.c: the role names, one table. */
#include "roles.h"

#include "../store/store.h"

static const struct {
	const char *name;
	unsigned bit;
} names[] = {
	{"admin", ROLE_ADMIN},
	{"editor", ROLE_EDITOR},
	{"blogger", ROLE_BLOGGER},
	{"champion", ROLE_CHAMPION},
};

unsigned role_from_name(str name)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (str_eqc(name, names[i].name))
			return names[i].bit;
	return 0;
}

void role_each(unsigned roles, void (*fn)(const char *name, void *cls), void *cls)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (roles & names[i].bit)
			fn(names[i].name, cls);
}

const char *role_grant_refusal(unsigned bit, bool doctor, bool verified)
{
	if ((bit & ROLE_CHAMPION) && !(doctor && verified))
		return "only verified doctors can be champions";
	return NULL;
}
