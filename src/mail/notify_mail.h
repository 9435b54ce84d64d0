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

/* The length of a digest period in seconds (mode DAILY or WEEKLY): how
 * far back a first digest reaches, and (twice it) who a run looks at. */
int64_t mail_digest_period(enum store_mail_mode mode);

/* The local hour a digest's day starts at: a member's daily digest goes
 * with the first run after 06:00 in their time zone, their weekly one
 * with the first after 06:00 on Monday. */
#define MAIL_DIGEST_HOUR 6

/* The digest period instant `t` falls in for a member in time zone
 * `zone` (an IANA name; "" or one that cannot be read: UTC), numbered
 * from 1970: local days from MAIL_DIGEST_HOUR to MAIL_DIGEST_HOUR
 * (DAILY), or local weeks from Monday at that hour (WEEKLY).  A digest
 * is due when `now` is in a later period than the last one was. */
int64_t mail_digest_slot(str zone, enum store_mail_mode mode, int64_t t);

#endif
