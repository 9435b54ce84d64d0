/* main.c: the rounds command.  Global flags (--db, --listen, --config) may
 * stand anywhere; the first other word names the subcommand. */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "../core/log.h"
#include "../core/secret.h"
#include "cli.h"

static const char usage[] =
	"rounds: the community of doctors\n"
	"\n"
	"usage: rounds COMMAND [--db sqlite:PATH] [--config FILE]\n"
	"\n"
	"  serve [--listen HOST:PORT]   serve the site (default 127.0.0.1:8080)\n"
	"  migrate                      apply pending schema migrations\n"
	"  demo                         fill a fresh database with a living demo site\n"
	"  user add EMAIL --name NAME --handle HANDLE --type doctor|student|hcp [--verified]\n"
	"                               add a member (password on standard input; email counts as confirmed)\n"
	"  user role EMAIL +ROLE|-ROLE  roles: editor, admin, blogger, champion:FORUM\n"
	"  user suspend EMAIL           suspend a member (ends their sessions)\n"
	"  user unsuspend EMAIL\n"
	"  register import FILE.csv     load a register extract (authority,number,name,status):\n"
	"                               verifies matching applications, withdraws erased ones\n"
	"  backup FILE                  write a consistent copy of the database to FILE, online\n"
	"  check                        look for damage in the database (pages, indexes, search indexes),\n"
	"                               online; exits 1 and names each problem found\n"
	"  mail digests [--now]         queue the daily and weekly email digests that are due (--now: every\n"
	"                               member's, due or not), then deliver what is due\n"
	"  help                         this text\n"
	"\n"
	"Settings: flags, then ROUNDS_* environment variables (ROUNDS_DB, ROUNDS_LISTEN,\n"
	"ROUNDS_MAIL_SPOOL, ROUNDS_SMTP_URL, ROUNDS_BASE_URL, ...), then the config file.\n";

/* Takes the global flags out of argv; returns the new argc or -1. */
static int global_flags(int argc, char **argv, const char **db, const char **listen, const char **file)
{
	int out = 0;
	for (int i = 0; i < argc; i++) {
		const char **slot = !strcmp(argv[i], "--db")       ? db
				    : !strcmp(argv[i], "--listen") ? listen
				    : !strcmp(argv[i], "--config") ? file
								   : NULL;
		if (slot) {
			if (i + 1 >= argc)
				return -1;
			*slot = argv[++i];
			continue;
		}
		argv[out++] = argv[i];
	}
	return out;
}

static void print_problem(void *ctx, const char *problem)
{
	(void)ctx;
	printf("problem: %s\n", problem);
}

/* rounds check: 0 when the database is sound, 1 otherwise. */
static int cli_check(store *st)
{
	int found = store_check(st, print_problem, NULL);
	if (found < 0) {
		fprintf(stderr, "rounds: the check could not run (the log above says why)\n");
		return 1;
	}
	if (found > 0) {
		printf("%d problem%s found\n", found, found == 1 ? "" : "s");
		return 1;
	}
	printf("the database is sound\n");
	return 0;
}

static int run(struct rounds_config *cfg, int argc, char **argv)
{
	const char *cmd = argv[0];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		fputs(usage, stdout);
		return 0;
	}
	if ((!strcmp(cmd, "backup") && argc != 2) || (!strcmp(cmd, "check") && argc != 1)) {
		fprintf(stderr, "usage: rounds %s\n", !strcmp(cmd, "check") ? "check" : "backup FILE");
		return 2;
	}
	if (strcmp(cmd, "serve") != 0 && strcmp(cmd, "migrate") != 0 && strcmp(cmd, "demo") != 0 &&
	    strcmp(cmd, "user") != 0 && strcmp(cmd, "backup") != 0 && strcmp(cmd, "register") != 0 && strcmp(cmd, "check") != 0 &&
	    strcmp(cmd, "mail") != 0 /* mail-notify: mail_cli.c */) {
		fprintf(stderr, "rounds: unknown command '%s'\n\n%s", cmd, usage);
		return 2;
	}
	store *st = store_open(cfg->db);
	if (!st) {
		fprintf(stderr, "rounds: cannot open the database %s\n", cfg->db);
		return 1;
	}
	int rc = 1;
	int version = store_migrate(st);
	if (version < 0) {
		fprintf(stderr, "rounds: migrations failed\n");
	} else if (!strcmp(cmd, "migrate")) {
		printf("schema version %d\n", version);
		rc = 0;
	} else if (!strcmp(cmd, "serve")) {
		rc = cli_serve(cfg, st);
	} else if (!strcmp(cmd, "backup")) {
		rc = store_backup(st, argv[1]) == 0 ? 0 : 1;
		if (rc == 0)
			printf("backed up to %s\n", argv[1]);
	} else if (!strcmp(cmd, "check")) {
		rc = cli_check(st);
	} else if (!strcmp(cmd, "demo")) {
		rc = cli_demo(cfg, st);
	} else if (!strcmp(cmd, "register")) {
		rc = cli_register(cfg, st, argc - 1, argv + 1);
	} else if (!strcmp(cmd, "mail")) { /* mail-notify: mail_cli.c */
		rc = cli_mail(cfg, st, argc - 1, argv + 1);
	} else {
		rc = cli_user(cfg, st, argc - 1, argv + 1);
	}
	store_close(st);
	return rc;
}

int main(int argc, char **argv)
{
	const char *db = NULL, *listen = NULL, *file = NULL;
	int n = global_flags(argc - 1, argv + 1, &db, &listen, &file);
	if (n < 0) {
		fprintf(stderr, "rounds: a flag is missing its value\n\n%s", usage);
		return 2;
	}
	if (n == 0) {
		fputs(usage, stderr);
		return 2;
	}
	struct rounds_config cfg;
	if (config_load(&cfg, file) < 0)
		return 2;
	if ((db && config_set(&cfg, "db", db) < 0) || (listen && config_set(&cfg, "listen", listen) < 0)) {
		fprintf(stderr, "rounds: bad --db or --listen value\n");
		return 2;
	}
	if (secret_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "rounds: cannot initialise the crypto or mail libraries\n");
		return 1;
	}
	int rc = run(&cfg, n, argv + 1);
	curl_global_cleanup();
	return rc;
}
