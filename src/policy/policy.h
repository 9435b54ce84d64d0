/* policy.h: the only code that answers "may this reader do this action on
 * this object".  Decisions come from one table of rows (who × action →
 * allow), read top to bottom, default deny.  Later features add actions
 * and rows, never checks elsewhere. */
#ifndef ROUNDS_POLICY_H
#define ROUNDS_POLICY_H

#include <stdbool.h>
#include <stdint.h>

/* Who is asking: a visitor (id 0) or a signed-in member. */
struct policy_reader {
	int64_t id;
	unsigned roles; /* enum store_role bits */
	bool signed_in, confirmed, verified, suspended;
	bool doctor; /* member type doctor (verified or not) */
};

/* What is being acted on, when the action concerns one object. */
struct policy_object {
	int64_t owner_id;  /* the member the object belongs to (0: none) */
	bool participant;  /* the reader is a current member of it (a conversation) */
};

enum policy_action {
	ACT_PUBLIC,         /* pages and files anyone may see: home, static, health */
	ACT_ACCOUNT_OPEN,   /* register, confirm, sign in, reset */
	ACT_SESSION_END,    /* sign out */
	ACT_ME,             /* read one's own account */
	ACT_SETTINGS,       /* edit one's own profile and password */
	ACT_PROFILE_VIEW,   /* a member's public profile */
	ACT_MEMBER_ROLE,    /* change a member's roles */
	ACT_MEMBER_SUSPEND, /* suspend or unsuspend a member */
	ACT_VERIFY_VIEW,    /* see one's own verification status */
	ACT_VERIFY_APPLY,   /* apply to be verified as a doctor */
	ACT_VERIFY_REVIEW,  /* work the verification queue */
	ACT_DIRECTORY,      /* the members directory */
	ACT_CONNECT,        /* ask, answer and remove connections */
	ACT_ROLES_EDIT,     /* give and take roles from the editors' form (which ones: roles.c) */
	ACT_MESSAGES,       /* one's conversations: start one, block members, report a message */
	ACT_CONVERSATION,   /* read and write one conversation: its current members only, no staff role */
	ACT_MESSAGE_REPORTS, /* work the queue of reported messages (the reported message only) */
	ACT__MAX
};

enum policy_result {
	POLICY_DENY,        /* not for this reader: answer 404 (content) or 403 */
	POLICY_SIGNIN,      /* a visitor who could if signed in: send to sign in (401 on the API) */
	POLICY_ALLOW,
};

/* Decides `act` for reader `r` on object `o` (NULL when the action
 * concerns no one object).  Never fails. */
enum policy_result policy_decide(const struct policy_reader *r, enum policy_action act,
				 const struct policy_object *o);

static inline bool policy_allows(const struct policy_reader *r, enum policy_action act,
				 const struct policy_object *o)
{
	return policy_decide(r, act, o) == POLICY_ALLOW;
}

/* The action's name, for logs and tests. */
const char *policy_action_name(enum policy_action act);

#endif
