/* policy.c: the access table.  Each row says that readers matching `who`
 * may (or, for an explicit deny row, may not) do `act`; rows for an action
 * are read in order and the first match decides; no match denies.  An
 * action that signed-in members could do answers POLICY_SIGNIN to a
 * visitor, so pages can ask them to sign in instead of hiding. */
#include "policy.h"

#include "../store/store.h"

enum who {
	WHO_ANYONE,     /* visitors and members */
	WHO_MEMBER,     /* signed in, confirmed, not suspended */
	WHO_DOCTOR,     /* a member whose type is doctor */
	WHO_OWNER,      /* a member acting on what is theirs */
	WHO_PARTICIPANT, /* a current member of the conversation acted on */
	WHO_EDITOR,
	WHO_ADMIN,
};

struct rule {
	enum policy_action act;
	enum who who;
	bool allow;
};

static const struct rule rules[] = {
	{ACT_PUBLIC, WHO_ANYONE, true},
	{ACT_ACCOUNT_OPEN, WHO_ANYONE, true},
	{ACT_SESSION_END, WHO_MEMBER, true},
	{ACT_ME, WHO_MEMBER, true},
	{ACT_SETTINGS, WHO_MEMBER, true},
	{ACT_PROFILE_VIEW, WHO_ANYONE, true},
	{ACT_MEMBER_ROLE, WHO_ADMIN, true},
	{ACT_MEMBER_SUSPEND, WHO_ADMIN, true},
	{ACT_MEMBER_SUSPEND, WHO_EDITOR, true},
	{ACT_VERIFY_VIEW, WHO_MEMBER, true},
	{ACT_VERIFY_APPLY, WHO_DOCTOR, true},
	{ACT_VERIFY_REVIEW, WHO_EDITOR, true},
	{ACT_DIRECTORY, WHO_MEMBER, true},
	{ACT_CONNECT, WHO_MEMBER, true},
	{ACT_ROLES_EDIT, WHO_EDITOR, true},
	{ACT_MESSAGES, WHO_MEMBER, true},
	{ACT_CONVERSATION, WHO_PARTICIPANT, true},
	{ACT_MESSAGE_REPORTS, WHO_EDITOR, true},
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
};

static bool is_member(const struct policy_reader *r)
{
	return r->signed_in && r->confirmed && !r->suspended;
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
	}
	return false;
}

enum policy_result policy_decide(const struct policy_reader *r, enum policy_action act,
				 const struct policy_object *o)
{
	bool member_could = false;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		const struct rule *ru = &rules[i];
		if (ru->act != act)
			continue;
		if (matches(ru->who, r, o))
			return ru->allow ? POLICY_ALLOW : POLICY_DENY;
		if (ru->allow && ru->who == WHO_MEMBER)
			member_could = true;
	}
	return member_could && !r->signed_in ? POLICY_SIGNIN : POLICY_DENY;
}

const char *policy_action_name(enum policy_action act)
{
	return act < ACT__MAX ? action_names[act] : "?";
}
