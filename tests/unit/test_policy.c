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
	{"forums",         "S--AAAAAAAA"},
	{"forum_read",     "-----------"}, /* with no forum: see below */
	{"forum_post",     "-----------"},
	{"post_edit",      "-----------"},
	{"post_delete",    "-----------"},
	{"forum_moderate", "-----------"},
	{"forum_admin",    "---------AA"},
	{"flag_queue",     "--------AAA"},
	{"audit_read",     "---------AA"},
	{"confirmed_review", "---------AA"},
	{"notifications",  "S--AAAAAAAA"},
	{"scan",           "S--AAAAAAAA"},
	{"flag_decide",    "---------AA"}, /* champions: in their forums, see below */
	{"groups",         "S--AAAAAAAA"},
	{"group_invite",   "-----------"}, /* with no group: see below */
	{"group_own",      "-----------"},
	{"group_leave",    "-----------"},
	{"group_review",   "---------AA"},
	{"blog_read",      "AAAAAAAAAAA"},
	{"blog_apply",     "S--AAAAAAAA"},
	{"blog_write",     "-----------"}, /* with no blog: see below */
	{"blog_review",    "---------AA"},
	{"blog_feature",   "---------AA"},
	{"library",        "AAAAAAAAAAA"},
	{"library_see",    "-----------"}, /* with no item: see below */
	{"library_read",   "-----------"},
	{"library_edit",   "---------AA"},
	/* Search (search.c): anyone; what each finds is the next test's. */
	{"search",         "AAAAAAAAAAA"},
	/* Email settings (mail_settings.c): one's own, signed in. */
	{"mail_settings",  "S--AAAAAAAA"},
	{"dashboard",      "---------AA"},
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

/* Checks one action on one object for every kind of reader. */
static void row(enum policy_action act, const struct policy_object *o, const char *want)
{
	char got[R_MAX + 1];
	for (int k = 0; k < R_MAX; k++) {
		struct policy_reader r = reader((enum reader_kind)k);
		got[k] = letter(policy_decide(&r, act, o));
	}
	got[R_MAX] = '\0';
	CHECK(strcmp(got, want) == 0);
	if (strcmp(got, want))
		fprintf(stderr, "%-16s place %u expected %s\n%-16s got            %s\n", policy_action_name(act),
			o ? o->place : 0, want, "", got);
}

#define PLACE(sec) (1u << (sec))

/* The forums, place by place: open clinical and off duty for members,
 * closed clinical for verified doctors only (DESIGN.md's table). */
TEST(forums_by_place)
{
	struct policy_object open = {.place = PLACE(STORE_SECTION_OPEN_CLINICAL)};
	struct policy_object closed = {.place = PLACE(STORE_SECTION_CLOSED_CLINICAL)};
	struct policy_object off = {.place = PLACE(STORE_SECTION_OFF_DUTY)};
	row(ACT_FORUM_READ, &open, "S--AAAAAAAA");
	row(ACT_FORUM_READ, &off, "S--AAAAAAAA");
	row(ACT_FORUM_READ, &closed, "------A-AAA");
	/* Editors moderate every forum, so they read closed ones even when
	 * not verified doctors themselves; they post there only if verified. */
	struct policy_reader ed = reader(R_EDITOR);
	ed.verified = ed.doctor = false;
	CHECK(policy_decide(&ed, ACT_FORUM_READ, &closed) == POLICY_ALLOW);
	CHECK(policy_decide(&ed, ACT_FORUM_POST, &closed) == POLICY_DENY);
	row(ACT_FORUM_POST, &open, "S--AAAAAAAA");
	row(ACT_FORUM_POST, &off, "S--AAAAAAAA");
	row(ACT_FORUM_POST, &closed, "------A-AAA");
	/* Someone else's post: editors edit it; the author below. */
	struct policy_object others = {.place = PLACE(STORE_SECTION_OPEN_CLINICAL), .owner_id = 99};
	row(ACT_POST_EDIT, &others, "---------AA");
	struct policy_object mine = {.place = PLACE(STORE_SECTION_CLOSED_CLINICAL), .owner_id = 7};
	row(ACT_POST_EDIT, &mine, "---AAAAAAAA");
	/* Deleting: the author within the window, champions of the forum,
	 * editors at any time. */
	row(ACT_POST_DELETE, &mine, "---------AA");
	struct policy_object mine_recent = mine;
	mine_recent.recent = true;
	row(ACT_POST_DELETE, &mine_recent, "---AAAAAAAA");
	struct policy_object championed = others;
	championed.champion = true;
	row(ACT_POST_DELETE, &championed, "--------AAA");
	row(ACT_FORUM_MODERATE, &others, "---------AA");
	row(ACT_FORUM_MODERATE, &championed, "--------AAA");
	/* A forum's champion flag means nothing without the role and
	 * verification: the champion reader kind has both. */
	struct policy_reader lapsed = reader(R_CHAMPION);
	lapsed.verified = false;
	CHECK(policy_decide(&lapsed, ACT_FORUM_MODERATE, &championed) == POLICY_DENY);
	/* The sections lists may show. */
	struct policy_reader v = reader(R_VISITOR), st = reader(R_STUDENT), dr = reader(R_DOCTOR), vd = reader(R_VERIFIED);
	unsigned all = PLACE(STORE_SECTION_OPEN_CLINICAL) | PLACE(STORE_SECTION_CLOSED_CLINICAL) | PLACE(STORE_SECTION_OFF_DUTY);
	CHECK(policy_sections(&v, ACT_FORUM_READ) == 0);
	CHECK(policy_sections(&st, ACT_FORUM_READ) == (all & ~PLACE(STORE_SECTION_CLOSED_CLINICAL)));
	CHECK(policy_sections(&dr, ACT_FORUM_READ) == (all & ~PLACE(STORE_SECTION_CLOSED_CLINICAL)));
	CHECK(policy_sections(&vd, ACT_FORUM_READ) == all);
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

/* A private group, by the reader's place in it: its members read and
 * post, co-owners invite and moderate, the owner alone hands over and
 * archives; no staff role opens it, and a suspended group is closed to
 * everyone, its owner too. */
TEST(groups_by_membership)
{
	const unsigned g = PLACE(STORE_SECTION_GROUP);
	struct policy_object out = {.place = g};
	struct policy_object member = {.place = g, .group_role = STORE_GROUP_MEMBER};
	struct policy_object coowner = {.place = g, .group_role = STORE_GROUP_COOWNER};
	struct policy_object owner = {.place = g, .group_role = STORE_GROUP_OWNER};
	struct policy_object frozen = {.place = g, .group_role = STORE_GROUP_OWNER, .frozen = true};
	static const enum policy_action acts[] = {ACT_FORUM_READ, ACT_FORUM_POST, ACT_POST_EDIT, ACT_POST_DELETE,
						  ACT_FORUM_MODERATE, ACT_GROUP_INVITE, ACT_GROUP_OWN, ACT_GROUP_LEAVE};
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
		row(acts[i], &out, "-----------");
		row(acts[i], &frozen, "-----------");
	}
	row(ACT_FORUM_READ, &member, "---AAAAAAAA");
	row(ACT_FORUM_POST, &member, "---AAAAAAAA");
	row(ACT_GROUP_LEAVE, &member, "---AAAAAAAA");
	row(ACT_FORUM_MODERATE, &member, "-----------");
	row(ACT_GROUP_INVITE, &member, "-----------");
	row(ACT_GROUP_INVITE, &coowner, "---AAAAAAAA");
	row(ACT_FORUM_MODERATE, &coowner, "---AAAAAAAA");
	row(ACT_GROUP_OWN, &coowner, "-----------");
	row(ACT_GROUP_OWN, &owner, "---AAAAAAAA");
	/* Members edit what they wrote, and delete it within their window;
	 * owners delete anything in the group. */
	struct policy_object mine = {.place = g, .group_role = STORE_GROUP_MEMBER, .owner_id = 7};
	struct policy_object mine_recent = mine;
	mine_recent.recent = true;
	struct policy_object theirs = {.place = g, .group_role = STORE_GROUP_MEMBER, .owner_id = 8, .recent = true};
	row(ACT_POST_EDIT, &mine, "---AAAAAAAA");
	row(ACT_POST_EDIT, &theirs, "-----------");
	row(ACT_POST_DELETE, &mine, "-----------");
	row(ACT_POST_DELETE, &mine_recent, "---AAAAAAAA");
	row(ACT_POST_DELETE, &theirs, "-----------");
	struct policy_object owners_view = theirs;
	owners_view.group_role = STORE_GROUP_OWNER;
	row(ACT_POST_DELETE, &owners_view, "---AAAAAAAA");
	/* A champion of "the forum" a group is in counts for nothing. */
	struct policy_object champ = {.place = g, .champion = true};
	row(ACT_FORUM_MODERATE, &champ, "-----------");
	row(ACT_FLAG_DECIDE, &champ, "---------AA");
	/* Lists spanning forums never include groups, whoever reads. */
	for (int k = 0; k < R_MAX; k++) {
		struct policy_reader r = reader((enum reader_kind)k);
		CHECK((policy_sections(&r, ACT_FORUM_READ) & g) == 0);
	}
}

/* A blog's posts are its blogger's to write (while they hold the role);
 * its comments are anyone's to read and members' to write; editors
 * moderate them; lists spanning forums never hold them. */
TEST(blogs_by_owner)
{
	struct policy_object own = {.owner_id = 7}, other = {.owner_id = 8};
	row(ACT_BLOG_WRITE, &own, "-------A---");
	row(ACT_BLOG_WRITE, &other, "-----------");
	row(ACT_BLOG_WRITE, NULL, "-----------");
	const unsigned b = PLACE(STORE_SECTION_BLOG);
	struct policy_object comments = {.place = b};
	row(ACT_FORUM_READ, &comments, "AAAAAAAAAAA");
	row(ACT_FORUM_POST, &comments, "S--AAAAAAAA");
	row(ACT_FORUM_MODERATE, &comments, "---------AA");
	struct policy_object mine = {.place = b, .owner_id = 7}, mine_recent = {.place = b, .owner_id = 7, .recent = true};
	row(ACT_POST_EDIT, &mine, "---AAAAAAAA");
	row(ACT_POST_DELETE, &mine, "---------AA");
	row(ACT_POST_DELETE, &mine_recent, "---AAAAAAAA");
	struct policy_object theirs = {.place = b, .owner_id = 8, .recent = true};
	row(ACT_POST_EDIT, &theirs, "---------AA");
	row(ACT_POST_DELETE, &theirs, "---------AA");
	/* A champion's role reaches no blog. */
	struct policy_object champ = {.place = b, .champion = true};
	row(ACT_FORUM_MODERATE, &champ, "---------AA");
	for (int k = 0; k < R_MAX; k++) {
		struct policy_reader r = reader((enum reader_kind)k);
		CHECK((policy_sections(&r, ACT_FORUM_READ) & b) == 0);
		CHECK((policy_sections(&r, ACT_FORUM_POST) & b) == 0);
	}
}

/* A library item by its level: anyone sees a members' item exists (a
 * visitor is asked to sign in to open it), members see a doctors' one
 * (only verified doctors open it); a withdrawn item is the editors'.
 * Lists hold what the reader may see. */
TEST(library_by_level)
{
	struct policy_object pub = {.place = POLICY_LIBRARY(STORE_LIB_PUBLIC, false)};
	struct policy_object mem = {.place = POLICY_LIBRARY(STORE_LIB_MEMBERS, false)};
	struct policy_object doc = {.place = POLICY_LIBRARY(STORE_LIB_DOCTORS, false)};
	struct policy_object gone = {.place = POLICY_LIBRARY(STORE_LIB_PUBLIC, true)};
	row(ACT_LIBRARY_SEE, &pub, "AAAAAAAAAAA");
	row(ACT_LIBRARY_READ, &pub, "AAAAAAAAAAA");
	row(ACT_LIBRARY_SEE, &mem, "AAAAAAAAAAA");
	row(ACT_LIBRARY_READ, &mem, "S--AAAAAAAA");
	row(ACT_LIBRARY_SEE, &doc, "S--AAAAAAAA");
	row(ACT_LIBRARY_READ, &doc, "------A-AAA");
	row(ACT_LIBRARY_SEE, &gone, "---------AA");
	row(ACT_LIBRARY_READ, &gone, "---------AA");
	/* A forum's place opens no library item, nor an item's a forum. */
	struct policy_object forum = {.place = PLACE(STORE_SECTION_OPEN_CLINICAL)};
	row(ACT_LIBRARY_READ, &forum, "-----------");
	row(ACT_FORUM_READ, &pub, "-----------");
	const unsigned P = 1u << STORE_LIB_PUBLIC, M = 1u << STORE_LIB_MEMBERS, D = 1u << STORE_LIB_DOCTORS;
	struct policy_reader v = reader(R_VISITOR), st = reader(R_STUDENT), vd = reader(R_VERIFIED),
			     ed = reader(R_EDITOR), su = reader(R_SUSPENDED);
	CHECK(policy_library_levels(&v, ACT_LIBRARY_SEE) == (P | M));
	CHECK(policy_library_levels(&v, ACT_LIBRARY_READ) == P);
	CHECK(policy_library_levels(&st, ACT_LIBRARY_SEE) == (P | M | D));
	CHECK(policy_library_levels(&st, ACT_LIBRARY_READ) == (P | M));
	CHECK(policy_library_levels(&vd, ACT_LIBRARY_READ) == (P | M | D));
	CHECK(policy_library_levels(&ed, ACT_LIBRARY_READ) == (P | M | D));
	CHECK(policy_library_levels(&su, ACT_LIBRARY_READ) == P);
}

/* Search (search.c): what a search may find for each reader, from the
 * actions search_scope asks: forum sections (ACT_FORUM_READ, never a
 * group's or a blog's), library levels (ACT_LIBRARY_READ), blog posts
 * (ACT_BLOG_READ), members (ACT_DIRECTORY) and messages (ACT_MESSAGES).
 * One line per reader: o open clinical, c closed clinical, d off duty,
 * P M D library levels, b blog posts, m members, x messages. */
TEST(what_search_finds)
{
	static const char *const want[R_MAX] = {
		[R_VISITOR] = "---P---b--",    [R_UNCONFIRMED] = "---P---b--", [R_SUSPENDED] = "---P---b--",
		[R_STUDENT] = "o-dPM--bmx",    [R_HCP] = "o-dPM--bmx",         [R_DOCTOR] = "o-dPM--bmx",
		[R_VERIFIED] = "ocdPMD-bmx",   [R_BLOGGER] = "o-dPM--bmx",     [R_CHAMPION] = "ocdPMD-bmx",
		[R_EDITOR] = "ocdPMD-bmx",     [R_ADMIN] = "ocdPMD-bmx",
	};
	for (int k = 0; k < R_MAX; k++) {
		struct policy_reader r = reader((enum reader_kind)k);
		unsigned sec = policy_sections(&r, ACT_FORUM_READ), lib = policy_library_levels(&r, ACT_LIBRARY_READ);
		char got[11] = {
			sec & PLACE(STORE_SECTION_OPEN_CLINICAL) ? 'o' : '-',
			sec & PLACE(STORE_SECTION_CLOSED_CLINICAL) ? 'c' : '-',
			sec & PLACE(STORE_SECTION_OFF_DUTY) ? 'd' : '-',
			lib & (1u << STORE_LIB_PUBLIC) ? 'P' : '-',
			lib & (1u << STORE_LIB_MEMBERS) ? 'M' : '-',
			lib & (1u << STORE_LIB_DOCTORS) ? 'D' : '-',
			'-',
			policy_allows(&r, ACT_BLOG_READ, NULL) ? 'b' : '-',
			policy_allows(&r, ACT_DIRECTORY, NULL) ? 'm' : '-',
			policy_allows(&r, ACT_MESSAGES, NULL) ? 'x' : '-',
			'\0',
		};
		/* Never a group's or a blog's section: those are reached through
		 * the reader's groups, one by one. */
		CHECK((sec & (PLACE(STORE_SECTION_GROUP) | PLACE(STORE_SECTION_BLOG))) == 0);
		CHECK(strcmp(got, want[k]) == 0);
		if (strcmp(got, want[k]))
			fprintf(stderr, "reader %d: search finds %s, expected %s\n", k, got, want[k]);
		CHECK(policy_allows(&r, ACT_SEARCH, NULL));
	}
	/* A group's content: its members while it is open, nobody else. */
	struct policy_object member = {.place = PLACE(STORE_SECTION_GROUP), .group_role = STORE_GROUP_MEMBER,
				       .participant = true};
	struct policy_object frozen = member, outsider = {.place = PLACE(STORE_SECTION_GROUP)};
	frozen.frozen = true;
	struct policy_reader st = reader(R_STUDENT), ed = reader(R_EDITOR);
	CHECK(policy_allows(&st, ACT_FORUM_READ, &member));
	CHECK(!policy_allows(&st, ACT_FORUM_READ, &frozen));
	CHECK(!policy_allows(&st, ACT_FORUM_READ, &outsider));
	CHECK(!policy_allows(&ed, ACT_FORUM_READ, &outsider));
}

/* The reader a member is (policy_reader_of): the same for a request's
 * session and for mail sent to them. */
TEST(reader_of_a_member)
{
	struct store_member m = {.id = 42, .type = S("doctor"), .roles = ROLE_EDITOR, .confirmed = true, .verified = true};
	struct policy_reader r = policy_reader_of(&m);
	CHECK(r.id == 42 && r.signed_in && r.confirmed && r.verified && !r.suspended && r.doctor);
	CHECK(r.roles == ROLE_EDITOR);
	m.type = S("student");
	m.verified = false;
	m.suspended = true;
	r = policy_reader_of(&m);
	CHECK(!r.doctor && !r.verified && r.suspended && r.signed_in);
	CHECK(!policy_allows(&r, ACT_MAIL_SETTINGS, NULL)); /* suspended */
	m.suspended = false;
	r = policy_reader_of(&m);
	CHECK(policy_allows(&r, ACT_MAIL_SETTINGS, NULL));
}

int main(void)
{
	RUN(every_reader_against_every_action);
	RUN(conversations_are_for_their_members_only);
	RUN(forums_by_place);
	RUN(groups_by_membership);
	RUN(blogs_by_owner);
	RUN(library_by_level);
	RUN(what_search_finds);
	RUN(reader_of_a_member);
	RUN(unknown_actions_are_refused);
	RUN(who_may_hold_which_role);
	return unit_summary();
}

