/* notify_mail.h: what members are emailed about and when (notify_mail.c),
 * beyond mail_fanout and mail_digests (declared in mail.h).
 *
 * Each kind of notification has a mode per member (store_mail_prefs_*):
 * immediate (one email as it happens, by the fan-out, under the hourly
 * cap), daily or weekly (gathered into a digest), or never.  Decisions are
 * mailed where they are made, when the member's decision mode is
 * immediate (mail_decision_wanted); in a digest otherwise. */
#ifndef ROUNDS_NOTIFY_MAIL_H
#define ROUNDS_NOTIFY_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "mail.h"

/* Whether a decision about `member` (verification, moderation, group or
 * blog) is to be emailed now: their decision mode is immediate (also when
 * it cannot be read: the default).  Never and daily/weekly: nothing now
 * (a digest reads decisions from their own tables, and warnings and a
 * register import's withdrawals from the audit log).  Every decision call
 * site asks this one function. */
bool mail_decision_wanted(const struct mail_env *e, int64_t member);

/* mail_digests, and with `force` every member with something unread gets
 * their daily and weekly digest now, due or not (`rounds mail digests
 * --now`: for operators and tests).  The number of digests queued, or
 * the first failure's STORE_E* code (logged; STORE_EFULL: the store
 * refuses writes). */
int mail_digests_run(const struct mail_env *e, arena *a, int64_t now, bool force);

/* The length of a digest period in seconds (mode DAILY or WEEKLY). */
int64_t mail_digest_period(enum store_mail_mode mode);

#endif
