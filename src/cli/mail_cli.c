/* mail_cli.c: `rounds mail digests [--now]`: queues the daily and weekly
 * digests that are due (the sender does the same every hour), or with
 * --now every member's digest at once, due or not (for operators and
 * tests), then delivers what is due, as the server's sender would (a
 * message is claimed under a lease, so the two never send one twice). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../mail/notify_mail.h"
#include "cli.h"

int cli_mail(struct rounds_config *cfg, store *st, int argc, char **argv)
{
	bool now_all = argc == 2 && !strcmp(argv[1], "--now");
	if (argc < 1 || strcmp(argv[0], "digests") != 0 || (argc == 2 && !now_all) || argc > 2) {
		fprintf(stderr, "usage: rounds mail digests [--now]\n");
		return 2;
	}
	unsigned char secret[32];
	if (cli_site_secret(cfg, st, secret) < 0) {
		fprintf(stderr, "rounds: cannot load the site secret\n");
		return 1;
	}
	const struct mail_env env = {.cfg = cfg, .st = st, .secret = secret};
	arena *a = arena_new(16u << 20);
	int n = a ? mail_digests_run(&env, a, (int64_t)time(NULL), now_all) : STORE_ERR;
	int sent = 0, rc = n >= 0 ? mail_deliver(&env, (int64_t)time(NULL), &sent) : 0;
	arena_free(a);
	sodium_memzero(secret, sizeof secret);
	if (n < 0)
		return cli_store_failed(n, "make the digests");
	if (rc < 0)
		return cli_store_failed(rc, "send the mail (what is queued stays queued)");
	printf("%d digest%s queued, %d message%s sent\n", n, n == 1 ? "" : "s", sent, sent == 1 ? "" : "s");
	return 0;
}
