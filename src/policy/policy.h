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
	unsigned place;    /* forum content: 1u << its enum store_section (0: not in a forum);
			      a library item: POLICY_LIBRARY(access, withdrawn) */
	bool champion;     /* the reader champions the forum it is in */
	bool recent;       /* written within the author's own delete window */
	int group_role;    /* in a group: the reader's enum store_group_role there */
	bool frozen;       /* in a group: it is suspended (or not yet approved), so closed to all */
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
	ACT_FORUMS,         /* the forum pages at all: index, latest, unread (what is in them: below) */
	ACT_FORUM_READ,     /* read a forum and its topics (object: its place) */
	ACT_FORUM_POST,     /* start topics, reply, like and flag there (object: its place) */
	ACT_POST_EDIT,      /* edit a post (object: its place and author) */
	ACT_POST_DELETE,    /* delete a post (object: place, author, recent, champion) */
	ACT_FORUM_MODERATE, /* pin, lock, move, pick, hide; decide flags (object: place, champion) */
	ACT_FORUM_ADMIN,    /* create, rename, order and archive forums; appoint champions */
	ACT_FLAG_QUEUE,     /* see the queue of flagged posts (champions: their forums') */
	ACT_AUDIT_READ,     /* read the audit log */
	ACT_CONFIRMED_REVIEW, /* list posts confirmed past the confidentiality guard */
	ACT_NOTIFICATIONS,  /* one's own notifications */
	ACT_SCAN,           /* ask the confidentiality scanner about a text */
	ACT_FLAG_DECIDE,    /* decide a flag on a post (object: its place, champion) */
	ACT_GROUPS,         /* one's groups: request one, answer invitations */
	ACT_GROUP_INVITE,   /* invite to a group, withdraw invitations, remove members (object: the group) */
	ACT_GROUP_OWN,      /* appoint co-owners, hand over, archive (object: the group) */
	ACT_GROUP_LEAVE,    /* leave a group (object: the group) */
	ACT_GROUP_REVIEW,   /* the editors' list of groups: decide requests, suspend */
	ACT_BLOG_READ,      /* blogs, their published posts and feeds */
	ACT_BLOG_APPLY,     /* apply to blog, see one's applications */
	ACT_BLOG_WRITE,     /* write, publish and edit posts in a blog (object: owner_id its blogger) */
	ACT_BLOG_REVIEW,    /* decide blogger applications */
	ACT_BLOG_FEATURE,   /* feature posts; the promotion queue */
	ACT_LIBRARY,        /* the library's pages and lists at all (which items: below) */
	ACT_LIBRARY_SEE,    /* see that an item exists: its title, authors and a way in (object: its place) */
	ACT_LIBRARY_READ,   /* open an item, its files and cover (object: its place) */
	ACT_LIBRARY_EDIT,   /* make and edit items, files and collections; withdraw; see counts */
	ACT_SEARCH,         /* the search at all (what it finds: the actions of each kind) */
	ACT_MAIL_SETTINGS,  /* one's own email settings */
	ACT_DASHBOARD,      /* the editors' dashboard: page views, members, queues */
	ACT__MAX
};

enum policy_result {
	POLICY_DENY,        /* not for this reader: answer 404 (content) or 403 */
	POLICY_SIGNIN,      /* a visitor who could if signed in: send to sign in (401 on the API) */
	POLICY_ALLOW,
};

/* A library item's place: a bit per access level (enum
 * store_library_access), above the forum sections' bits; a withdrawn item
 * has a place of its own whatever its level. */
#define POLICY_LIBRARY_WITHDRAWN (1u << 20)
#define POLICY_LIBRARY(access, withdrawn) ((withdrawn) ? POLICY_LIBRARY_WITHDRAWN : 1u << (16 + (unsigned)(access)))

/* Decides `act` for reader `r` on object `o` (NULL when the action
 * concerns no one object).  Never fails. */
enum policy_result policy_decide(const struct policy_reader *r, enum policy_action act,
				 const struct policy_object *o);

static inline bool policy_allows(const struct policy_reader *r, enum policy_action act,
				 const struct policy_object *o)
{
	return policy_decide(r, act, o) == POLICY_ALLOW;
}

/* The sections (a mask of 1u << enum store_section) where the reader may
 * do `act`: what lists that span forums may show them. */
unsigned policy_sections(const struct policy_reader *r, enum policy_action act);

/* The access levels (a mask of 1u << enum store_library_access) of live
 * items for which the reader may do `act` (ACT_LIBRARY_SEE or
 * ACT_LIBRARY_READ): what library lists may hold for them. */
unsigned policy_library_levels(const struct policy_reader *r, enum policy_action act);

/* The reader a member is, signed in (reader.c): for a request's session
 * and for mail sent to them. */
struct store_member;
struct policy_reader policy_reader_of(const struct store_member *m);

/* The action's name, for logs and tests. */
const char *policy_action_name(enum policy_action act);

#endif
