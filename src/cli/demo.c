/* demo.c: `rounds demo` fills a fresh database with a living site: one
 * account of each kind with a full profile.  Run on a database that has
 * them already, it only prints them again.  Later features add their demo
 * content here. */
#include <sodium.h>
#include <stdio.h>

#include "../core/secret.h"
#include "cli.h"

#define DEMO_PASSWORD "rounds-demo"

struct demo_member {
	const char *email, *name, *handle, *type, *country, *what;
	unsigned roles;
	bool verified;
	const char *specialty, *grade, *bio, *tz;
};

static const struct demo_member members[] = {
	{"admin@rounds.example", "Alex Morgan", "admin", "doctor", "GB", "admin", ROLE_ADMIN, true, "General practice",
	 "GP partner", "Runs the Rounds site. Part-time GP in Leeds.", "Europe/London"},
	{"editor@rounds.example", "Dr Helen Okafor", "editor", "doctor", "GB", "editor", ROLE_EDITOR, true,
	 "Acute medicine", "Consultant",
	 "Editor at Rounds. Acute physician with an interest in medical education and ambulatory care.",
	 "Europe/London"},
	{"doctor@rounds.example", "Dr Amara Nwosu", "amara", "doctor", "NG", "verified doctor", 0, true, "Paediatrics",
	 "Registrar (ST5)", "Paediatric registrar in Lagos and Manchester. Neonatal sepsis, vaccines, and cycling.",
	 "Africa/Lagos"},
	{"unverified@rounds.example", "Dr Tomás García", "tomas", "doctor", "ES", "unverified doctor", 0, false,
	 "Emergency medicine", "Resident (R3)", "Urgencias en Madrid. Ultrasound at the bedside, trail running.",
	 "Europe/Madrid"},
	{"student@rounds.example", "Priya Raman", "priya", "student", "IN", "medical student", 0, false, "",
	 "Final-year student", "Final-year MBBS student in Chennai, thinking about surgery.", "Asia/Kolkata"},
	{"nurse@rounds.example", "Grace O'Neill", "grace", "hcp", "IE", "health professional", 0, false,
	 "Critical care nursing", "Clinical nurse specialist", "ICU nurse in Dublin. Sepsis bundles and staff wellbeing.",
	 "Europe/Dublin"},
};

static int add_member(store *st, const struct demo_member *d, const char *hash)
{
	struct store_member_new m = {
		.email = str_c(d->email),
		.name = str_c(d->name),
		.handle = str_c(d->handle),
		.type = str_c(d->type),
		.country = str_c(d->country),
		.pw_hash = str_c(hash),
		.confirmed = true,
		.verified = d->verified,
		.roles = d->roles,
	};
	int64_t id;
	enum store_member_key key;
	int rc = store_member_create(st, &m, &id, &key);
	if (rc == STORE_ECONFLICT)
		return 0;
	if (rc != 0)
		return rc;
	struct store_profile p = {
		.name = m.name,
		.country = m.country,
		.specialty = str_c(d->specialty),
		.grade = str_c(d->grade),
		.bio = str_c(d->bio),
		.timezone = str_c(d->tz),
	};
	return store_member_update_profile(st, id, &p);
}

int cli_demo(struct rounds_config *cfg, store *st)
{
	(void)cfg;
	char hash[256];
	if (secret_password_hash(S(DEMO_PASSWORD), hash, sizeof hash) < 0)
		return 1;
	for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
		if (add_member(st, &members[i], hash) != 0) {
			fprintf(stderr, "rounds: could not add the demo member %s\n", members[i].email);
			return 1;
		}
	}
	printf("Demo accounts (password: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
		printf("  %-20s %-28s /u/%s\n", members[i].what, members[i].email, members[i].handle);
	return 0;
}
