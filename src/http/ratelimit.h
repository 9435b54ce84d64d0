/* ratelimit.h: every rate limit of the site, in one table, counted in the
 * store (so several nodes share the counts).  Fixed windows. */
#ifndef ROUNDS_RATELIMIT_H
#define ROUNDS_RATELIMIT_H

#include "http.h"

enum rate_kind {
	RATE_SIGNIN_ACCOUNT, /* failed sign-ins for one email */
	RATE_SIGNIN_ADDR,    /* failed sign-ins from one address */
	RATE_REGISTER_ADDR,  /* registrations from one address */
	RATE_RESET_ADDR,     /* reset requests from one address */
	RATE_RESET_EMAIL,    /* reset requests for one email */
	RATE_CONFIRM_EMAIL,  /* confirmation links sent again to one email */
	RATE_MESSAGE_MEMBER, /* private messages sent by one member */
	RATE_CONVERSATION_MEMBER, /* conversations started by one member */
	RATE_REPORT_MEMBER,  /* messages reported by one member */
	RATE_TOPIC_MEMBER,   /* forum topics started by one member */
	RATE_TOPIC_NEWCOMER, /* ... by one member in their first day */
	RATE_REPLY_MEMBER,   /* forum replies by one member */
	RATE_REPLY_NEWCOMER, /* ... by one member in their first day */
	RATE_FLAG_MEMBER,    /* posts flagged by one member */
	RATE_SCAN_MEMBER,    /* texts checked by the scanner for one member (the composer, as one types) */
	RATE_GROUP_REQUEST,  /* groups requested by one member */
	RATE_GROUP_INVITE,   /* group invitations sent by one member (each may be an email) */
	RATE_BLOG_APPLY,     /* blogger applications sent by one member */
	RATE__MAX
};

/* Counts one event of `kind` for `subject` (an address or an email) when
 * `hit`, else only looks.  Returns 0 while within the limit, else the
 * seconds until the window ends (for Retry-After). */
int64_t rate_over(http_req *r, enum rate_kind kind, str subject, bool hit);

/* Forgets the count (a successful sign-in clears its account's failures). */
void rate_clear(http_req *r, enum rate_kind kind, str subject);

/* Answers 429 with Retry-After. */
int rate_refuse(http_req *r, int64_t retry_after);

#endif
