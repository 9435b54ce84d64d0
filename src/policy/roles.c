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

unsigned role_grantable(unsigned actor_roles)
{
	if (actor_roles & ROLE_ADMIN)
		return ROLE_ADMIN | ROLE_EDITOR | ROLE_BLOGGER | ROLE_CHAMPION;
	if (actor_roles & ROLE_EDITOR)
		return ROLE_BLOGGER | ROLE_CHAMPION;
	return 0;
}

int role_count(void)
{
	return (int)(sizeof names / sizeof names[0]);
}

unsigned role_bit_at(int i)
{
	return i >= 0 && i < role_count() ? names[i].bit : 0;
}

const char *role_name_at(int i)
{
	return i >= 0 && i < role_count() ? names[i].name : "";
}
