/* policy.c: the access table.  Each row says that readers matching `who`
 * may (or, for an explicit deny row, may not) do `act`; rows for an action
 * are read in order and the first match decides; no match denies.  An
 * action that signed-in members could do answers POLICY_SIGNIN to a
 * visitor, so pages can ask them to sign in instead of hiding. */
#include "policy.h"

#include <pthread.h>

#include "../store/store.h"

enum who {
	WHO_ANYONE,     /* visitors and members */
	WHO_MEMBER,     /* signed in, confirmed, not suspended */
	WHO_DOCTOR,     /* a member whose type is doctor */
	WHO_OWNER,      /* a member acting on what is theirs */
	WHO_PARTICIPANT, /* a current member of the conversation acted on */
	WHO_EDITOR,
	WHO_ADMIN,
	WHO_VERIFIED,     /* a verified doctor */
	WHO_OWNER_RECENT, /* the owner, within their own window */
	WHO_CHAMPION,     /* champions the forum acted on (and holds the role) */
	WHO_ANY_CHAMPION, /* holds the champion role (of some forum) */
	WHO_GROUP_MEMBER, /* a member of the group acted on, while it is open */
	WHO_GROUP_AUTHOR, /* the same, acting on what they wrote */
	WHO_GROUP_AUTHOR_RECENT, /* the same, within their own window */
	WHO_GROUP_OWNER,  /* its owner or a co-owner, while it is open */
	WHO_GROUP_HOLDER, /* its owner proper, while it is open */
	WHO_BLOGGER,      /* holds the blogger role, acting on their own blog */
};

/* Places, as policy_object.place bits (enum store_section). */
#define OPEN (1u << STORE_SECTION_OPEN_CLINICAL)
#define CLOSED (1u << STORE_SECTION_CLOSED_CLINICAL)
#define OFF (1u << STORE_SECTION_OFF_DUTY)
#define GROUP (1u << STORE_SECTION_GROUP)
#define BLOG (1u << STORE_SECTION_BLOG)
#define FORUMS (OPEN | CLOSED | OFF)
#define LIB_PUBLIC POLICY_LIBRARY(STORE_LIB_PUBLIC, false)
#define LIB_MEMBERS POLICY_LIBRARY(STORE_LIB_MEMBERS, false)
#define LIB_DOCTORS POLICY_LIBRARY(STORE_LIB_DOCTORS, false)
#define LIB_WITHDRAWN POLICY_LIBRARY_WITHDRAWN

/* A rule matches when its `who` does and, for a rule with a `where`, the
 * object is in one of those places (so with no object it never does). */
struct rule {
	enum policy_action act;
	enum who who;
	bool allow;
	unsigned where; /* 0: anywhere, and with no object too */
};

static const struct rule rules[] = {
	{ACT_PUBLIC, WHO_ANYONE, true, 0},
	{ACT_ACCOUNT_OPEN, WHO_ANYONE, true, 0},
	{ACT_SESSION_END, WHO_MEMBER, true, 0},
	{ACT_ME, WHO_MEMBER, true, 0},
	{ACT_SETTINGS, WHO_MEMBER, true, 0},
	{ACT_PROFILE_VIEW, WHO_ANYONE, true, 0},
	{ACT_MEMBER_ROLE, WHO_ADMIN, true, 0},
	{ACT_MEMBER_SUSPEND, WHO_ADMIN, true, 0},
	{ACT_MEMBER_SUSPEND, WHO_EDITOR, true, 0},
	{ACT_VERIFY_VIEW, WHO_MEMBER, true, 0},
	{ACT_VERIFY_APPLY, WHO_DOCTOR, true, 0},
	{ACT_VERIFY_REVIEW, WHO_EDITOR, true, 0},
	{ACT_DIRECTORY, WHO_MEMBER, true, 0},
	{ACT_CONNECT, WHO_MEMBER, true, 0},
	{ACT_ROLES_EDIT, WHO_EDITOR, true, 0},
	{ACT_MESSAGES, WHO_MEMBER, true, 0},
	{ACT_CONVERSATION, WHO_PARTICIPANT, true, 0},
	{ACT_MESSAGE_REPORTS, WHO_EDITOR, true, 0},
	{ACT_FORUMS, WHO_MEMBER, true, 0},
	{ACT_FORUM_READ, WHO_MEMBER, true, OPEN | OFF},
	{ACT_FORUM_READ, WHO_VERIFIED, true, CLOSED},
	{ACT_FORUM_READ, WHO_EDITOR, true, CLOSED}, /* editors moderate every forum: they read, post only if verified */
	{ACT_FORUM_POST, WHO_MEMBER, true, OPEN | OFF},
	{ACT_FORUM_POST, WHO_VERIFIED, true, CLOSED},
	{ACT_POST_EDIT, WHO_OWNER, true, FORUMS},
	{ACT_POST_EDIT, WHO_EDITOR, true, FORUMS},
	{ACT_POST_DELETE, WHO_OWNER_RECENT, true, FORUMS},
	{ACT_POST_DELETE, WHO_CHAMPION, true, FORUMS},
	{ACT_POST_DELETE, WHO_EDITOR, true, FORUMS},
	{ACT_FORUM_MODERATE, WHO_CHAMPION, true, FORUMS},
	{ACT_FORUM_MODERATE, WHO_EDITOR, true, FORUMS},
	/* A group is its members' alone: no staff role reads it; its owners
	 * moderate it.  Editors see a post of it only once it is flagged to
	 * them (ACT_FLAG_DECIDE, anywhere). */
	{ACT_FORUM_READ, WHO_GROUP_MEMBER, true, GROUP},
	{ACT_FORUM_POST, WHO_GROUP_MEMBER, true, GROUP},
	{ACT_POST_EDIT, WHO_GROUP_AUTHOR, true, GROUP},
	{ACT_POST_DELETE, WHO_GROUP_AUTHOR_RECENT, true, GROUP},
	{ACT_POST_DELETE, WHO_GROUP_OWNER, true, GROUP},
	{ACT_FORUM_MODERATE, WHO_GROUP_OWNER, true, GROUP},
	{ACT_FORUM_ADMIN, WHO_EDITOR, true, 0},
	{ACT_FLAG_QUEUE, WHO_EDITOR, true, 0},
	{ACT_FLAG_QUEUE, WHO_ANY_CHAMPION, true, 0},
	{ACT_AUDIT_READ, WHO_EDITOR, true, 0},
	{ACT_CONFIRMED_REVIEW, WHO_EDITOR, true, 0},
	{ACT_NOTIFICATIONS, WHO_MEMBER, true, 0},
	{ACT_SCAN, WHO_MEMBER, true, 0},
	{ACT_FLAG_DECIDE, WHO_CHAMPION, true, FORUMS},
	{ACT_FLAG_DECIDE, WHO_EDITOR, true, 0},
	{ACT_GROUPS, WHO_MEMBER, true, 0},
	{ACT_GROUP_INVITE, WHO_GROUP_OWNER, true, GROUP},
	{ACT_GROUP_OWN, WHO_GROUP_HOLDER, true, GROUP},
	{ACT_GROUP_LEAVE, WHO_GROUP_MEMBER, true, GROUP},
	{ACT_GROUP_REVIEW, WHO_EDITOR, true, 0},
	/* Blogs are public; a blog's comments are a topic per post in the
	 * blog's forum: anyone reads them, members write, editors moderate
	 * (the blogger closes comments on a post: ACT_BLOG_WRITE). */
	{ACT_FORUM_READ, WHO_ANYONE, true, BLOG},
	{ACT_FORUM_POST, WHO_MEMBER, true, BLOG},
	{ACT_POST_EDIT, WHO_OWNER, true, BLOG},
	{ACT_POST_EDIT, WHO_EDITOR, true, BLOG},
	{ACT_POST_DELETE, WHO_OWNER_RECENT, true, BLOG},
	{ACT_POST_DELETE, WHO_EDITOR, true, BLOG},
	{ACT_FORUM_MODERATE, WHO_EDITOR, true, BLOG},
	{ACT_BLOG_READ, WHO_ANYONE, true, 0},
	{ACT_BLOG_APPLY, WHO_MEMBER, true, 0},
	{ACT_BLOG_WRITE, WHO_BLOGGER, true, 0},
	{ACT_BLOG_REVIEW, WHO_EDITOR, true, 0},
	{ACT_BLOG_FEATURE, WHO_EDITOR, true, 0},
	/* The library: a visitor may see that a members' item exists (and
	 * is asked to sign in), a member that a doctors' item does (and is
	 * told how to get verified); opening one takes its level.  Editors
	 * run it: they open everything, withdrawn items too. */
	{ACT_LIBRARY, WHO_ANYONE, true, 0},
	{ACT_LIBRARY_SEE, WHO_ANYONE, true, LIB_PUBLIC | LIB_MEMBERS},
	{ACT_LIBRARY_SEE, WHO_MEMBER, true, LIB_DOCTORS},
	{ACT_LIBRARY_SEE, WHO_EDITOR, true, LIB_WITHDRAWN},
	{ACT_LIBRARY_READ, WHO_ANYONE, true, LIB_PUBLIC},
	{ACT_LIBRARY_READ, WHO_MEMBER, true, LIB_MEMBERS},
	{ACT_LIBRARY_READ, WHO_VERIFIED, true, LIB_DOCTORS},
	{ACT_LIBRARY_READ, WHO_EDITOR, true, LIB_DOCTORS | LIB_WITHDRAWN},
	{ACT_LIBRARY_EDIT, WHO_EDITOR, true, 0},
	/* Search finds, for each kind, only what the kind's own actions let
	 * the reader see (search.c asks them); email settings are one's own. */
	{ACT_SEARCH, WHO_ANYONE, true, 0},
	{ACT_MAIL_SETTINGS, WHO_MEMBER, true, 0},
	{ACT_DASHBOARD, WHO_EDITOR, true, 0},
};

static const char *const action_names[ACT__MAX] = {
	[ACT_PUBLIC] = "public",
	[ACT_ACCOUNT_OPEN] = "account_open",
	[ACT_SESSION_END] = "session_end",
	[ACT_ME] = "me",
	[ACT_SETTINGS] = "settings",
	[ACT_PROFILE_VIEW] = "profile_view",
	[ACT_MEMBER_ROLE] = "member_role",
	[ACT_MEMBER_SUSPEND] = "member_suspend",
	[ACT_VERIFY_VIEW] = "verify_view",
	[ACT_VERIFY_APPLY] = "verify_apply",
	[ACT_VERIFY_REVIEW] = "verify_review",
	[ACT_DIRECTORY] = "directory",
	[ACT_CONNECT] = "connect",
	[ACT_ROLES_EDIT] = "roles_edit",
	[ACT_MESSAGES] = "messages",
	[ACT_CONVERSATION] = "conversation",
	[ACT_MESSAGE_REPORTS] = "message_reports",
	[ACT_FORUMS] = "forums",
	[ACT_FORUM_READ] = "forum_read",
	[ACT_FORUM_POST] = "forum_post",
	[ACT_POST_EDIT] = "post_edit",
	[ACT_POST_DELETE] = "post_delete",
	[ACT_FORUM_MODERATE] = "forum_moderate",
	[ACT_FORUM_ADMIN] = "forum_admin",
	[ACT_FLAG_QUEUE] = "flag_queue",
	[ACT_AUDIT_READ] = "audit_read",
	[ACT_CONFIRMED_REVIEW] = "confirmed_review",
	[ACT_NOTIFICATIONS] = "notifications",
	[ACT_SCAN] = "scan",
	[ACT_FLAG_DECIDE] = "flag_decide",
	[ACT_GROUPS] = "groups",
	[ACT_GROUP_INVITE] = "group_invite",
	[ACT_GROUP_OWN] = "group_own",
	[ACT_GROUP_LEAVE] = "group_leave",
	[ACT_GROUP_REVIEW] = "group_review",
	[ACT_BLOG_READ] = "blog_read",
	[ACT_BLOG_APPLY] = "blog_apply",
	[ACT_BLOG_WRITE] = "blog_write",
	[ACT_BLOG_REVIEW] = "blog_review",
	[ACT_BLOG_FEATURE] = "blog_feature",
	[ACT_LIBRARY] = "library",
	[ACT_LIBRARY_SEE] = "library_see",
	[ACT_LIBRARY_READ] = "library_read",
	[ACT_LIBRARY_EDIT] = "library_edit",
	[ACT_SEARCH] = "search",
	[ACT_MAIL_SETTINGS] = "mail_settings",
	[ACT_DASHBOARD] = "dashboard",
};

static bool is_member(const struct policy_reader *r)
{
	return r->signed_in && r->confirmed && !r->suspended;
}

/* A member with at least `role` in the open group o is in. */
static bool in_group(const struct policy_reader *r, const struct policy_object *o, enum store_group_role role)
{
	return is_member(r) && o && !o->frozen && o->group_role >= (int)role;
}

static bool matches(enum who who, const struct policy_reader *r, const struct policy_object *o)
{
	switch (who) {
	case WHO_ANYONE:
		return true;
	case WHO_MEMBER:
		return is_member(r);
	case WHO_DOCTOR:
		return is_member(r) && r->doctor;
	case WHO_OWNER:
		return is_member(r) && o && o->owner_id == r->id;
	case WHO_PARTICIPANT:
		return is_member(r) && o && o->participant;
	case WHO_EDITOR:
		return is_member(r) && (r->roles & (ROLE_EDITOR | ROLE_ADMIN));
	case WHO_ADMIN:
		return is_member(r) && (r->roles & ROLE_ADMIN);
	case WHO_VERIFIED:
		return is_member(r) && r->doctor && r->verified;
	case WHO_OWNER_RECENT:
		return is_member(r) && o && o->owner_id == r->id && o->recent;
	case WHO_CHAMPION:
		return is_member(r) && (r->roles & ROLE_CHAMPION) && r->verified && o && o->champion;
	case WHO_ANY_CHAMPION:
		return is_member(r) && (r->roles & ROLE_CHAMPION) && r->verified;
	case WHO_GROUP_MEMBER:
		return in_group(r, o, STORE_GROUP_MEMBER);
	case WHO_GROUP_AUTHOR:
		return in_group(r, o, STORE_GROUP_MEMBER) && o->owner_id == r->id;
	case WHO_GROUP_AUTHOR_RECENT:
		return in_group(r, o, STORE_GROUP_MEMBER) && o->owner_id == r->id && o->recent;
	case WHO_GROUP_OWNER:
		return in_group(r, o, STORE_GROUP_COOWNER);
	case WHO_GROUP_HOLDER:
		return in_group(r, o, STORE_GROUP_OWNER);
	case WHO_BLOGGER:
		return is_member(r) && (r->roles & ROLE_BLOGGER) && o && o->owner_id == r->id;
	}
	return false;
}

#define NRULES (sizeof rules / sizeof rules[0])
_Static_assert(NRULES < 256, "row numbers fit a byte");

/* Each action's rows, in the table's order, so a decision reads only its
 * own (a topic page asks about 50 and the table has 75 rows); made once. */
static struct {
	unsigned char first[ACT__MAX], n[ACT__MAX];
	unsigned char row[NRULES];
} by_act;
static pthread_once_t by_act_once = PTHREAD_ONCE_INIT;

static void index_rows(void)
{
	size_t k = 0;
	for (int act = 0; act < ACT__MAX; act++) {
		by_act.first[act] = (unsigned char)k;
		for (size_t i = 0; i < NRULES; i++)
			if ((int)rules[i].act == act)
				by_act.row[k++] = (unsigned char)i;
		by_act.n[act] = (unsigned char)(k - by_act.first[act]);
	}
}

enum policy_result policy_decide(const struct policy_reader *r, enum policy_action act,
				 const struct policy_object *o)
{
	if ((unsigned)act >= ACT__MAX)
		return POLICY_DENY;
	pthread_once(&by_act_once, index_rows);
	bool member_could = false;
	for (unsigned k = by_act.first[act], end = k + by_act.n[act]; k < end; k++) {
		const struct rule *ru = &rules[by_act.row[k]];
		if (ru->where && !(o && (o->place & ru->where)))
			continue;
		if (matches(ru->who, r, o))
			return ru->allow ? POLICY_ALLOW : POLICY_DENY;
		if (ru->allow && ru->who == WHO_MEMBER)
			member_could = true;
	}
	return member_could && !r->signed_in ? POLICY_SIGNIN : POLICY_DENY;
}

unsigned policy_sections(const struct policy_reader *r, enum policy_action act)
{
	unsigned mask = 0;
	for (int sec = 0; sec < STORE_SECTION_MAX; sec++) {
		/* A group's and a blog's content is reached through its
		 * group or blog alone, never through a list spanning forums. */
		if (sec == STORE_SECTION_GROUP || sec == STORE_SECTION_BLOG)
			continue;
		struct policy_object o = {.place = 1u << sec};
		if (policy_allows(r, act, &o))
			mask |= 1u << sec;
	}
	return mask;
}

unsigned policy_library_levels(const struct policy_reader *r, enum policy_action act)
{
	unsigned mask = 0;
	for (int lv = 0; lv < STORE_LIB_ACCESS_MAX; lv++) {
		struct policy_object o = {.place = POLICY_LIBRARY(lv, false)};
		if (policy_allows(r, act, &o))
			mask |= 1u << lv;
	}
	return mask;
}

const char *policy_action_name(enum policy_action act)
{
	return act < ACT__MAX ? action_names[act] : "?";
}
