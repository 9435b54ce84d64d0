/* test_policy.c: the whole access matrix.  Every kind of reader against
 * every action the policy table knows, compared with the matrix written
 * out below: any change of access shows as a changed line here, in review.
 * An action added to policy.h without a line here fails the test. */
#include <stdio.h>
#include <string.h>

#include "policy/policy.h"
#include "policy/roles.h"
#include "store/store.h"
#include "unit.h"

enum reader_kind {
	R_VISITOR,
	R_UNCONFIRMED,
	R_SUSPENDED,
	R_STUDENT,
	R_HCP,
	R_DOCTOR,
	R_VERIFIED,
	R_BLOGGER,
	R_CHAMPION,
	R_EDITOR,
	R_ADMIN,
	R_MAX
};

static struct policy_reader reader(enum reader_kind k)
{
	struct policy_reader member = {.id = 7, .signed_in = true, .confirmed = true};
	struct policy_reader r = member;
	switch (k) {
	case R_VISITOR:
		return (struct policy_reader){0};
	case R_UNCONFIRMED:
		r.confirmed = false;
		r.doctor = true;
		break;
	case R_SUSPENDED:
		r.suspended = true;
		r.doctor = r.verified = true;
		break;
	case R_STUDENT:
	case R_HCP:
		break;
	case R_DOCTOR:
		r.doctor = true;
		break;
	case R_VERIFIED:
		r.doctor = r.verified = true;
		break;
	case R_BLOGGER:
		r.roles = ROLE_BLOGGER;
		break;
	case R_CHAMPION:
		r.doctor = r.verified = true;
		r.roles = ROLE_CHAMPION;
		break;
	case R_EDITOR:
		r.doctor = r.verified = true;
		r.roles = ROLE_EDITOR;
		break;
	case R_ADMIN:
		r.doctor = r.verified = true;
		r.roles = ROLE_ADMIN;
		break;
	case R_MAX:
		break;
	}
	return r;
}

/* One line per action: a letter per reader, in enum reader_kind's order.
 * A allowed, S a visitor who should sign in, - refused.
 *
 *                      visitor
 *                      |unconfirmed
 *                      ||suspended
 *                      |||student
 *                      ||||hcp
 *                      |||||doctor (unverified)
 *                      ||||||verified doctor
 *                      |||||||blogger
 *                      ||||||||champion
 *                      |||||||||editor
 *                      ||||||||||admin */
static const struct {
	const char *action, *row;
} expected[] = {
	{"public",         "AAAAAAAAAAA"},
	{"account_open",   "AAAAAAAAAAA"},
	{"session_end",    "S--AAAAAAAA"},
	{"me",             "S--AAAAAAAA"},
	{"settings",       "S--AAAAAAAA"},
	{"profile_view",   "AAAAAAAAAAA"},
	{"member_role",    "----------A"},
	{"member_suspend", "---------AA"},
	{"verify_view",    "S--AAAAAAAA"},
	{"verify_apply",   "-----AA-AAA"},
	{"verify_review",  "---------AA"},
	{"directory",      "S--AAAAAAAA"},
	{"connect",        "S--AAAAAAAA"},
	{"roles_edit",     "---------AA"},
	{"messages",       "S--AAAAAAAA"},
	{"conversation",   "-----------"}, /* with no conversation: see below */
	{"message_reports", "---------AA"},
};

static char letter(enum policy_result r)
{
	return r == POLICY_ALLOW ? 'A' : r == POLICY_SIGNIN ? 'S' : '-';
}

TEST(every_reader_against_every_action)
{
	CHECK((int)(sizeof expected / sizeof expected[0]) == ACT__MAX);
	for (int a = 0; a < ACT__MAX; a++) {
		const char *name = policy_action_name((enum policy_action)a);
		const char *want = NULL;
		for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
			if (!strcmp(expected[i].action, name))
				want = expected[i].row;
		CHECK(want != NULL);
		if (!want) {
			fprintf(stderr, "action %s has no line in the expected matrix\n", name);
			continue;
		}
		char got[R_MAX + 1];
		for (int k = 0; k < R_MAX; k++) {
			struct policy_reader r = reader((enum reader_kind)k);
			got[k] = letter(policy_decide(&r, (enum policy_action)a, NULL));
		}
		got[R_MAX] = '\0';
		CHECK(strcmp(got, want) == 0);
		if (strcmp(got, want))
			fprintf(stderr, "%-16s expected %s\n%-16s got      %s\n", name, want, "", got);
	}
}

/* A conversation is for its current members, whatever their roles: an
 * editor or admin who is not in it is refused like anyone else. */
TEST(conversations_are_for_their_members_only)
{
	const char *in = "---AAAAAAAA", *out = "-----------";
	struct policy_object member = {.participant = true}, outsider = {.participant = false};
	for (int k = 0; k < R_MAX; k++) {
		struct policy_reader r = reader((enum reader_kind)k);
		CHECK(letter(policy_decide(&r, ACT_CONVERSATION, &member)) == in[k]);
		CHECK(letter(policy_decide(&r, ACT_CONVERSATION, &outsider)) == out[k]);
	}
}

/* Past the table: nothing is allowed. */
TEST(unknown_actions_are_refused)
{
	for (int k = 0; k < R_MAX; k++) {
		struct policy_reader r = reader((enum reader_kind)k);
		CHECK(policy_decide(&r, ACT__MAX, NULL) == POLICY_DENY);
		CHECK(policy_decide(&r, (enum policy_action)(ACT__MAX + 5), NULL) == POLICY_DENY);
	}
}

TEST(who_may_hold_which_role)
{
	CHECK(role_grant_refusal(ROLE_CHAMPION, true, true) == NULL);
	CHECK(role_grant_refusal(ROLE_CHAMPION, true, false) != NULL);
	CHECK(role_grant_refusal(ROLE_CHAMPION, false, false) != NULL);
	CHECK(role_grant_refusal(ROLE_CHAMPION, false, true) != NULL);
	CHECK(role_grant_refusal(ROLE_EDITOR, false, false) == NULL);
	CHECK(role_grant_refusal(ROLE_BLOGGER, false, false) == NULL);
	CHECK(role_grant_refusal(ROLE_ADMIN, true, false) == NULL);
	CHECK(role_grantable(ROLE_ADMIN) == (ROLE_ADMIN | ROLE_EDITOR | ROLE_BLOGGER | ROLE_CHAMPION));
	CHECK(role_grantable(ROLE_EDITOR) == (ROLE_BLOGGER | ROLE_CHAMPION));
	CHECK(role_grantable(ROLE_EDITOR | ROLE_BLOGGER) == (ROLE_BLOGGER | ROLE_CHAMPION));
	CHECK(role_grantable(ROLE_BLOGGER | ROLE_CHAMPION) == 0);
	CHECK(role_grantable(0) == 0);
	unsigned all = 0;
	for (int i = 0; i < role_count(); i++)
		all |= role_bit_at(i);
	CHECK(all == (ROLE_ADMIN | ROLE_EDITOR | ROLE_BLOGGER | ROLE_CHAMPION) && role_bit_at(role_count()) == 0);
}

int main(void)
{
	RUN(every_reader_against_every_action);
	RUN(conversations_are_for_their_members_only);
	RUN(unknown_actions_are_refused);
	RUN(who_may_hold_which_role);
	return unit_summary();
}
