/* demo_mail.c: the demo site's email, made by the paths the site uses:
 * the fan-out queues an email at once for each demo event whose
 * recipient wants it so (Amara: replies, mentions and messages), the
 * digests gather the rest (a daily one for most members, Grace's weekly),
 * and a delivery pass sends them all, to the spool (ROUNDS_MAIL_SPOOL)
 * unless a relay is set, as `rounds serve` would.  Made once: a run that
 * finds mail queued has made it already. */
#include <sodium.h>
#include <stdio.h>
#include <time.h>

#include "../mail/notify_mail.h"
#include "cli.h"

int demo_mail(struct rounds_config *cfg, store *st, int *queued)
{
	*queued = 0;
	unsigned char secret[32];
	arena *a = arena_new(1 << 20);
	struct store_mail_list l;
	int rc = a ? store_mail_recent(st, a, 0, 1, &l) : STORE_ERR;
	if (rc || l.n) {
		arena_free(a);
		return rc;
	}
	if (cli_site_secret(cfg, st, secret) < 0) {
		arena_free(a);
		return STORE_ERR;
	}
	const struct mail_env env = {.cfg = cfg, .st = st, .secret = secret};
	int64_t now = (int64_t)time(NULL);
	int digests = mail_fanout(&env, a, now) < 0 ? -1 : mail_digests_run(&env, a, now, true);
	rc = digests < 0 ? (digests < -1 ? digests : STORE_ERR) : mail_deliver(&env, now, NULL);
	if (rc == 0 && (rc = store_mail_recent(st, a, 0, 1000, &l)) == 0)
		*queued = l.n;
	sodium_memzero(secret, sizeof secret);
	arena_free(a);
	return rc;
}
