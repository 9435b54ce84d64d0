/* user.c: `rounds user add|role|suspend|unsuspend`, the operator's tools
 * for members.  Inputs go through the same validators as the web forms. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/secret.h"
#include "../http/form.h"
#include "../policy/roles.h"
#include "../text/validate.h"
#include "cli.h"

int cli_store_failed(int rc, const char *what)
{
	const char *why = rc == STORE_EFULL   ? "the database refuses writes (it is read-only, or its disk is full)"
			  : rc == STORE_EBUSY ? "the database is busy; try again"
					      : "the database failed (the log line above says how)";
	fprintf(stderr, "rounds: cannot %s: %s\n", what, why);
	return 1;
}

int cli_read_password(char *out, size_t cap)
{
	if (!fgets(out, (int)cap, stdin))
		return -1;
	size_t n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[--n] = '\0';
	else if (n == cap - 1)
		return -1;
	if (n && out[n - 1] == '\r')
		out[--n] = '\0';
	return 0;
}

static int check(const char *label, const char *(*fn)(arena *, str, str *), arena *a, const char *v, str *out)
{
	str s = str_c(v);
	*out = s;
	if (form_check_text(s, false, NULL) < 0) {
		fprintf(stderr, "rounds: %s is not valid text\n", label);
		return -1;
	}
	const char *msg = fn(a, s, out);
	if (msg) {
		fprintf(stderr, "rounds: %s %s\n", label, msg);
		return -1;
	}
	return 0;
}

/* Logs `action` on member `handle` in the audit log, after the change it
 * records was saved: 0, or the failure said (the change stands, unlogged)
 * and 1, as for any store failure. */
static int audited(store *st, const char *action, str handle, str detail)
{
	int rc = store_audit(st, 0, str_c(action), handle, detail);
	if (rc == 0)
		return 0;
	char what[200];
	snprintf(what, sizeof what, "log %s of %.*s in the audit log (the change itself is saved)", action,
		 (int)handle.n, handle.p);
	return cli_store_failed(rc, what);
}

static int user_add(store *st, arena *a, int argc, char **argv)
{
	const char *email = NULL, *name = NULL, *handle = NULL, *type = NULL, *country = "GB";
	bool verified = false;
	for (int i = 0; i < argc; i++) {
		const char **slot = !strcmp(argv[i], "--name")	   ? &name
				    : !strcmp(argv[i], "--handle")  ? &handle
				    : !strcmp(argv[i], "--type")    ? &type
				    : !strcmp(argv[i], "--country") ? &country
								    : NULL;
		if (slot && i + 1 < argc)
			*slot = argv[++i];
		else if (!strcmp(argv[i], "--verified"))
			verified = true;
		else if (!email && argv[i][0] != '-')
			email = argv[i];
		else
			return 2;
	}
	if (!email || !name || !handle || !type)
		return 2;
	struct store_member_new m = {.confirmed = true, .verified = verified};
	if (check("email", validate_email, a, email, &m.email) || check("name", validate_name, a, name, &m.name) ||
	    check("handle", validate_handle, a, handle, &m.handle) ||
	    check("type", validate_member_type, a, type, &m.type) ||
	    check("country", validate_country, a, country, &m.country))
		return 1;
	if (verified && !str_eqc(m.type, "doctor")) {
		fprintf(stderr, "rounds: only doctors can be verified\n");
		return 1;
	}
	char pw[256], hash[256];
	str p;
	if (cli_read_password(pw, sizeof pw) < 0 || check("password", validate_password, a, pw, &p)) {
		fprintf(stderr, "rounds: give the password (10 to 200 characters) on standard input\n");
		return 1;
	}
	int rc = secret_password_hash(p, hash, sizeof hash);
	sodium_memzero(pw, sizeof pw);
	if (rc < 0)
		return 1;
	m.pw_hash = str_c(hash);
	int64_t id;
	enum store_member_key key;
	rc = store_member_create(st, &m, &id, &key);
	sodium_memzero(hash, sizeof hash);
	if (rc == STORE_ECONFLICT) {
		fprintf(stderr, "rounds: that %s is taken\n", key == STORE_KEY_HANDLE ? "handle" : "email");
		return 1;
	}
	if (rc != 0)
		return cli_store_failed(rc, "add the member");
	if (audited(st, "member.add", m.handle, verified ? S("verified") : S("")))
		return 1;
	printf("added %.*s (id %lld)\n", (int)m.handle.n, m.handle.p, (long long)id);
	return 0;
}

/* +champion:FORUM / -champion:FORUM: a champion of one forum (the store
 * sets or clears the role bit with the forum's row, and audits it). */
static int user_champion(store *st, arena *a, const struct store_member *m, bool on, const char *slug)
{
	struct store_forum f;
	if (store_forum_by_slug(st, a, str_c(slug), &f) != 0) {
		fprintf(stderr, "rounds: no forum /f/%s\n", slug);
		return 1;
	}
	int rc = store_champion_set(st, f.id, m->id, on, 0, (int64_t)time(NULL));
	if (rc == STORE_ENOTFOUND) {
		fprintf(stderr, "rounds: %.*s is not a champion of /f/%s\n", (int)m->handle.n, m->handle.p, slug);
		return 1;
	}
	if (rc)
		return cli_store_failed(rc, "change the champions");
	printf("%.*s: %s champion of /f/%s\n", (int)m->handle.n, m->handle.p, on ? "now" : "no longer", slug);
	return 0;
}

static int user_role(store *st, arena *a, const struct store_member *m, const char *change)
{
	if ((change[0] != '+' && change[0] != '-') || !change[1])
		return 2;
	str name = str_c(change + 1);
	const char *colon = strchr(change, ':');
	if (colon)
		name.n = (size_t)(colon - change - 1);
	unsigned bit = role_from_name(name);
	if (!bit || (colon && (bit != ROLE_CHAMPION || !colon[1]))) {
		fprintf(stderr, "rounds: unknown role '%s' (editor, admin, blogger, champion, champion:FORUM)\n",
			change + 1);
		return 1;
	}
	const char *refused = change[0] == '+' ? role_grant_refusal(bit, str_eqc(m->type, "doctor"), m->verified) : NULL;
	if (refused) {
		fprintf(stderr, "rounds: %.*s: %s\n", (int)m->handle.n, m->handle.p, refused);
		return 1;
	}
	if (colon)
		return user_champion(st, a, m, change[0] == '+', colon + 1);
	unsigned roles = change[0] == '+' ? m->roles | bit : m->roles & ~bit;
	int rc = store_member_set_roles(st, m->id, roles);
	if (rc != 0)
		return cli_store_failed(rc, "change the roles");
	if (audited(st, "member.role", m->handle, str_c(change)))
		return 1;
	printf("%.*s: %s\n", (int)m->handle.n, m->handle.p, change);
	return 0;
}

static int user_suspend(store *st, const struct store_member *m, bool suspend)
{
	int rc = store_member_set_suspended(st, m->id, suspend);
	if (rc == 0 && suspend)
		rc = store_session_delete_member(st, m->id);
	if (rc != 0)
		return cli_store_failed(rc, suspend ? "suspend the member" : "lift the suspension");
	if (audited(st, suspend ? "member.suspend" : "member.unsuspend", m->handle, S("")))
		return 1;
	printf("%.*s %s\n", (int)m->handle.n, m->handle.p, suspend ? "suspended" : "unsuspended");
	return 0;
}

int cli_user(struct rounds_config *cfg, store *st, int argc, char **argv)
{
	(void)cfg;
	bool known = argc >= 1 && (!strcmp(argv[0], "add") || !strcmp(argv[0], "role") ||
				   !strcmp(argv[0], "suspend") || !strcmp(argv[0], "unsuspend"));
	if (argc < 2 || !known) {
		fprintf(stderr, "usage: rounds user add|role|suspend|unsuspend EMAIL ...\n");
		return 2;
	}
	arena *a = arena_new(1 << 20);
	if (!a)
		return 1;
	int rc;
	const char *verb = argv[0];
	if (!strcmp(verb, "add")) {
		rc = user_add(st, a, argc - 1, argv + 1);
	} else {
		struct store_member m;
		if (store_member_by_email_auth(st, a, str_c(argv[1]), &m) != 0) {
			fprintf(stderr, "rounds: no member with the email %s\n", argv[1]);
			rc = 1;
		} else if (!strcmp(verb, "role") && argc == 3) {
			rc = user_role(st, a, &m, argv[2]);
		} else if (!strcmp(verb, "suspend") && argc == 2) {
			rc = user_suspend(st, &m, true);
		} else if (!strcmp(verb, "unsuspend") && argc == 2) {
			rc = user_suspend(st, &m, false);
		} else {
			rc = 2;
		}
	}
	if (rc == 2)
		fprintf(stderr, "usage: rounds user add EMAIL --name NAME --handle HANDLE --type doctor|student|hcp "
				"[--verified]\n       rounds user role EMAIL +ROLE|-ROLE (ROLE: editor, admin, blogger, champion:FORUM)\n"
				"       rounds user suspend|unsuspend EMAIL\n");
	arena_free(a);
	return rc;
}
