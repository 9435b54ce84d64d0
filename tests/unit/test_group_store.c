/* test_group_store.c: private groups in the store (store.h "Groups"),
 * backend-agnostic as test_forum_store.c: against a SQLite file in a fresh
 * temporary folder, or, when ROUNDS_TEST_PG names a PostgreSQL server
 * (postgresql://USER@HOST:PORT), against a fresh database
 * rounds_group_test_PID made there and dropped at the end.  Migration 10
 * keeping the seeded forums and the foreign keys; every groups function
 * and each error it documents, with a refusal writing nothing; the audit
 * rows; the member counts and the one owner the writes keep; the group's
 * forum closed to the forum writes whenever the group is not active;
 * removal ending a member's watches and unread notifications there; email
 * invitations claimed by whoever registers with the address; and group
 * forums never in the forums' list nor in the lists that span forums.  A
 * raw connection looks at rows the store has no reader for
 * (store_fixture.h). */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000;

/* The members every test shares (newbie registers part way through). */
static int64_t alice, bob, carol, dave, erin, frank, newbie, editor;
/* The groups: journal (alice's, approved), night (bob's, declined),
 * wellbeing (alice's, left pending), rota (dave's, approved). */
static int64_t journal, night, wellbeing, rota;
static int64_t medicine;

/* ---- Helpers (setup and raw access: store_fixture.h) ------------------ */

static struct store_group group_of(int64_t id, int64_t reader)
{
	struct store_group g = {0};
	CHECK(store_group_get(st, ar, id, reader, &g) == 0);
	return g;
}

static struct store_group_invitation invitation_of(int64_t id)
{
	struct store_group_invitation v = {0};
	CHECK(store_invitation_get(st, ar, id, &v) == 0);
	return v;
}

static enum store_group_role role_in(int64_t group, int64_t member)
{
	enum store_group_role role = STORE_GROUP_OWNER;
	enum store_group_status status;
	CHECK(store_group_role(st, group, member, &role, &status) == 0);
	return role;
}

static struct store_post_new post_new(int64_t author, const char *body)
{
	return (struct store_post_new){.author = author, .body = str_c(body), .body_html = str_c(body)};
}

/* store_topic_create's result for a topic by `author` in `forum`; the
 * topic's id in *topic when it was made (may be NULL). */
static int try_topic(int64_t forum, int64_t author, const char *title, int64_t *topic)
{
	struct store_post_new p = post_new(author, "The first post.");
	int64_t t = 0, p1 = 0;
	int rc = store_topic_create(st, forum, str_c(title), &p, NOW, &t, &p1);
	if (topic)
		*topic = t;
	return rc;
}

static int64_t reply(int64_t topic, int64_t author, const char *body, int64_t at)
{
	struct store_post_new p = post_new(author, body);
	int64_t id = 0;
	CHECK(store_post_create(st, topic, &p, at, &id) == 0);
	return id;
}

/* Requests a group; its id, or 0 (and a failed check). */
static int64_t request(const char *slug, const char *name, int64_t requester, int64_t at)
{
	struct store_group g = {.slug = str_c(slug), .name = str_c(name), .purpose = S("To talk."),
				.audience = S("Anyone")};
	int64_t id = 0;
	CHECK(store_group_request(st, &g, requester, at, &id) == 0 && id > 0);
	return id;
}

/* Invites `member` (or `email`) to `group` as `inviter` and checks it
 * worked; the invitation's id. */
static int64_t invite(int64_t group, int64_t member, const char *email, int64_t inviter, int64_t at)
{
	int64_t id = 0;
	CHECK(store_group_invite(st, group, member, str_c(email), inviter, at, &id) == 0 && id > 0);
	return id;
}

/* Invites `member` to `group` and has them accept. */
static void join(int64_t group, int64_t member, int64_t inviter, int64_t at)
{
	int64_t inv = invite(group, member, "", inviter, at);
	CHECK(store_invitation_answer(st, inv, member, S(""), true, at) == 0);
}

/* How many audit rows say `action` on group `id` by `actor` with `detail`. */
static int64_t audits(const char *action, int64_t id, int64_t actor, const char *detail)
{
	char target[32], a[24];
	snprintf(target, sizeof target, "group:%lld", (long long)id);
	snprintf(a, sizeof a, "%lld", (long long)actor);
	const char *params[] = {action, target, a, detail};
	return raw_q("SELECT count(*) FROM audit_log WHERE action = $1 AND target = $2 AND actor = $3 AND detail = $4",
		     4, params);
}

/* Every row a group write may write, as one number. */
static int64_t rows_written(void)
{
	return raw_int("SELECT (SELECT count(*) FROM forums) + (SELECT count(*) FROM groups) + "
		       "(SELECT count(*) FROM group_members) + (SELECT count(*) FROM group_invitations) + "
		       "(SELECT count(*) FROM audit_log) + (SELECT coalesce(sum(member_count), 0) FROM groups)");
}

/* Runs `sql` with the numbers `a` and `b` as $1 and $2 on a raw
 * connection (to make a state the store never makes); true when it
 * worked. */
static bool raw_exec(const char *sql, int64_t a, int64_t b)
{
	char na[24], nb[24];
	snprintf(na, sizeof na, "%lld", (long long)a);
	snprintf(nb, sizeof nb, "%lld", (long long)b);
	const char *params[] = {na, nb};
	bool ok = false;
	if (pg_base) {
		PGconn *c = pg_raw(fixture_pg_db);
		PGresult *r = c ? PQexecParams(c, sql, 2, NULL, params, NULL, NULL, 0) : NULL;
		ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		PQfinish(c);
		return ok;
	}
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	if (sqlite3_open(fixture_path, &db) == SQLITE_OK && sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
		for (int i = 0; i < 2; i++)
			sqlite3_bind_text(q, i + 1, params[i], -1, SQLITE_STATIC);
		ok = sqlite3_step(q) == SQLITE_DONE;
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	return ok;
}

/* Whether the list holds invitation `id`. */
static bool lists(const struct store_group_invitation_list *l, int64_t id)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].id == id)
			return true;
	return false;
}

/* The invitations for `member` at `email`. */
static struct store_group_invitation_list invitations_for(int64_t member, const char *email)
{
	struct store_group_invitation_list l = {0};
	CHECK(store_invitations_for(st, ar, member, str_c(email), &l) == 0);
	return l;
}

/* ---- Tests ------------------------------------------------------------- */

TEST(test_migrate)
{
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	int v = store_migrate(st);
	CHECK(v >= 10);
	CHECK(store_migrate(st) == v);
	/* The forums, rebuilt by SQLite's migration 10, are the seed's: the
	 * same ids and slugs, nothing archived, nothing counted. */
	CHECK(raw_int("SELECT count(*) FROM forums") == 26);
	CHECK(raw_int("SELECT min(id) FROM forums") == 1 && raw_int("SELECT max(id) FROM forums") == 26);
	medicine = forum_id("medicine");
	CHECK(medicine == 1);
	CHECK(forum_id("medicine-doctors") == 11);
	CHECK(forum_id("journal-club") == 21 && forum_id("musical-medics") == 26);
	struct store_forum f;
	CHECK(store_forum_by_slug(st, ar, S("obstetrics-gynaecology"), &f) == 0);
	CHECK(str_eqc(f.description, "Pregnancy, birth and women's health."));
	CHECK(raw_int("SELECT count(*) FROM forums WHERE CAST(archived AS INTEGER) <> 0 OR topic_count <> 0 "
		      "OR post_count <> 0") == 0);
	CHECK(raw_int("SELECT count(*) FROM forums WHERE section = 'group'") == 0);
	CHECK(raw_int("SELECT count(*) FROM groups") == 0);
	CHECK(raw_int("SELECT count(*) FROM group_members") == 0);
	CHECK(raw_int("SELECT count(*) FROM group_invitations") == 0);
	CHECK(store_section_parse(S("group")) == STORE_SECTION_GROUP);
	CHECK(str_eqc(str_c(store_section_name(STORE_SECTION_GROUP)), "group"));

	alice = add_member("alice", "Alice Adams", true, 0);
	bob = add_member("bob", "Bob Brown", true, 0);
	carol = add_member("carol", "Carol Clark", true, 0);
	dave = add_member("dave", "Dave Davies", true, 0);
	erin = add_member("erin", "Erin Evans", false, 0);
	frank = add_member("frank", "Frank Fisher", true, 0);
	editor = add_member("edna", "Edna Editor", true, ROLE_EDITOR);

	/* Foreign keys hold after the migration (SQLite ran it with them
	 * off): a topic by no member is refused, and none is broken. */
	struct store_post_new p = post_new(999999, "Nobody wrote this.");
	int64_t t = 0, p1 = 0;
	CHECK(store_topic_create(st, medicine, S("Orphan"), &p, NOW, &t, &p1) != 0);
	CHECK(raw_int("SELECT count(*) FROM topics") == 0);
	if (!pg_base) {
		CHECK(raw_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);
		CHECK(raw_int("PRAGMA user_version") == v);
	}
}

TEST(test_names)
{
	CHECK(str_eqc(str_c(store_group_status_name(STORE_GROUP_SUSPENDED)), "suspended"));
	CHECK(store_group_status_parse(S("declined")) == STORE_GROUP_DECLINED);
	CHECK(store_group_status_parse(S("gone")) == -1);
	CHECK(str_eqc(str_c(store_group_role_name(STORE_GROUP_COOWNER)), "coowner"));
	CHECK(str_eqc(str_c(store_group_role_name(STORE_GROUP_NONE)), ""));
	CHECK(store_group_role_parse(S("owner")) == STORE_GROUP_OWNER);
	CHECK(store_group_role_parse(S("")) == -1);
}

TEST(test_request)
{
	struct store_group g = {.slug = S("paper-club"), .name = S("Paper Club"),
				.purpose = S("We read a paper a week."), .audience = S("Trainees in medicine"),
				.clinical = true};
	CHECK(store_group_request(st, &g, alice, NOW, &journal) == 0 && journal > 26);
	struct store_group got = group_of(journal, alice);
	CHECK(got.id == journal && str_eqc(got.slug, "paper-club") && str_eqc(got.name, "Paper Club"));
	CHECK(str_eqc(got.purpose, "We read a paper a week.") && str_eqc(got.audience, "Trainees in medicine"));
	CHECK(got.clinical && got.status == STORE_GROUP_PENDING && got.role == STORE_GROUP_NONE);
	CHECK(got.requester_id == alice && str_eqc(got.requester_name, "Alice Adams") &&
	      str_eqc(got.requester_handle, "alice"));
	CHECK(got.owner_id == 0 && got.owner_name.n == 0 && got.owner_handle.n == 0);
	CHECK(got.member_count == 0 && got.topic_count == 0 && got.post_count == 0 && got.created_at == NOW);
	CHECK(got.reason.n == 0 && got.decided_at == 0);
	CHECK(audits("group.request", journal, alice, "paper-club") == 1);

	/* Its forum: in section group, closed to the forum writes for now. */
	struct store_forum f;
	CHECK(store_forum_by_id(st, ar, journal, &f) == 0 && f.section == STORE_SECTION_GROUP);
	CHECK(str_eqc(f.slug, "paper-club") && str_eqc(f.name, "Paper Club"));
	CHECK(str_eqc(f.description, "We read a paper a week."));
	CHECK(try_topic(journal, alice, "Too early", NULL) == STORE_ECONFLICT);

	/* By slug, any case; the reader's role. */
	struct store_group bs;
	CHECK(store_group_by_slug(st, ar, S("Paper-Club"), bob, &bs) == 0 && bs.id == journal);
	CHECK(bs.role == STORE_GROUP_NONE && bs.status == STORE_GROUP_PENDING);
	CHECK(store_group_by_slug(st, ar, S("medicine"), 0, &bs) == STORE_ENOTFOUND); /* a forum, no group */
	CHECK(store_group_by_slug(st, ar, S("no-such-group"), 0, &bs) == STORE_ENOTFOUND);
	CHECK(store_group_get(st, ar, medicine, 0, &bs) == STORE_ENOTFOUND);
	CHECK(store_group_get(st, ar, 999999, 0, &bs) == STORE_ENOTFOUND);

	/* A slug taken by a forum or a group, in any case: nothing written. */
	int64_t before = rows_written(), id = 77;
	const char *const taken[] = {"medicine", "MEDICINE", "journal-club", "paper-club", "PAPER-club"};
	for (size_t i = 0; i < sizeof taken / sizeof *taken; i++) {
		struct store_group c = {.slug = str_c(taken[i]), .name = S("Clash"), .purpose = S("None.")};
		CHECK(store_group_request(st, &c, bob, NOW, &id) == STORE_ECONFLICT && id == 0);
	}
	CHECK(rows_written() == before);

	/* The role lookup: status and role in one; a missing group. */
	enum store_group_role role = STORE_GROUP_OWNER;
	enum store_group_status status = STORE_GROUP_ACTIVE;
	CHECK(store_group_role(st, journal, alice, &role, &status) == 0);
	CHECK(role == STORE_GROUP_NONE && status == STORE_GROUP_PENDING);
	role = STORE_GROUP_OWNER;
	CHECK(store_group_role(st, 999999, alice, &role, &status) == STORE_ENOTFOUND && role == STORE_GROUP_NONE);
	role = STORE_GROUP_OWNER;
	CHECK(store_group_role(st, medicine, alice, &role, &status) == STORE_ENOTFOUND && role == STORE_GROUP_NONE);

	night = request("night-shift", "Night Shift", bob, NOW + 1);
	wellbeing = request("wellbeing", "Wellbeing Circle", alice, NOW + 2);
	rota = request("rota-swap", "Rota Swap", dave, NOW + 3);
}

TEST(test_decide)
{
	CHECK(store_group_decide(st, journal, true, S("Looks useful"), editor, NOW + 10) == 0);
	struct store_group g = group_of(journal, alice);
	CHECK(g.status == STORE_GROUP_ACTIVE && g.role == STORE_GROUP_OWNER && g.member_count == 1);
	CHECK(g.owner_id == alice && str_eqc(g.owner_name, "Alice Adams") && str_eqc(g.owner_handle, "alice"));
	CHECK(str_eqc(g.reason, "Looks useful") && g.decided_at == NOW + 10);
	CHECK(audits("group.approve", journal, editor, "Looks useful") == 1);
	CHECK(role_in(journal, alice) == STORE_GROUP_OWNER && role_in(journal, bob) == STORE_GROUP_NONE);
	CHECK(group_of(journal, 0).role == STORE_GROUP_NONE);
	struct store_forum f;
	CHECK(store_forum_by_id(st, ar, journal, &f) == 0 && !f.archived);

	/* Deciding twice, or a missing group: nothing written. */
	int64_t before = rows_written();
	CHECK(store_group_decide(st, journal, true, S("Again"), editor, NOW + 11) == STORE_ECONFLICT);
	CHECK(store_group_decide(st, journal, false, S("Again"), editor, NOW + 11) == STORE_ECONFLICT);
	CHECK(store_group_decide(st, 999999, true, S("Nothing"), editor, NOW + 11) == STORE_ENOTFOUND);
	CHECK(store_group_decide(st, medicine, true, S("A forum"), editor, NOW + 11) == STORE_ENOTFOUND);
	CHECK(rows_written() == before);
	CHECK(group_of(journal, 0).decided_at == NOW + 10);

	/* Declined: with its reason, no members, its forum stays closed. */
	CHECK(store_group_decide(st, night, false, S("Too broad"), editor, NOW + 12) == 0);
	g = group_of(night, bob);
	CHECK(g.status == STORE_GROUP_DECLINED && str_eqc(g.reason, "Too broad") && g.decided_at == NOW + 12);
	CHECK(g.member_count == 0 && g.owner_id == 0 && g.role == STORE_GROUP_NONE);
	CHECK(audits("group.decline", night, editor, "Too broad") == 1);
	CHECK(store_group_decide(st, night, true, S("Changed my mind"), editor, NOW + 13) == STORE_ECONFLICT);
	CHECK(try_topic(night, bob, "Declined", NULL) == STORE_ECONFLICT);
	struct store_group_member_list ml;
	CHECK(store_group_members(st, ar, night, &ml) == 0 && ml.n == 0);

	CHECK(store_group_decide(st, rota, true, S(""), editor, NOW + 14) == 0);
	CHECK(group_of(rota, dave).role == STORE_GROUP_OWNER);
	CHECK(try_topic(journal, alice, "Welcome", NULL) == 0);
}

TEST(test_invite_member)
{
	int64_t inv = invite(journal, bob, "", alice, NOW + 20);
	struct store_group_invitation v = invitation_of(inv);
	CHECK(v.id == inv && v.group_id == journal && v.member_id == bob && v.inviter_id == alice);
	CHECK(v.email.n == 0 && str_eqc(v.member_name, "Bob Brown") && str_eqc(v.member_handle, "bob"));
	CHECK(str_eqc(v.inviter_name, "Alice Adams") && str_eqc(v.inviter_handle, "alice"));
	CHECK(str_eqc(v.status, "pending") && v.created_at == NOW + 20);
	CHECK(str_eqc(v.group_slug, "paper-club") && str_eqc(v.group_name, "Paper Club"));
	CHECK(str_eqc(v.group_purpose, "We read a paper a week."));
	CHECK(audits("group.invite", journal, alice, "bob") == 1);
	CHECK(store_invitation_get(st, ar, 999999, &v) == STORE_ENOTFOUND);

	/* Twice, someone in it, nobody (or a deleted account), a missing
	 * group: nothing written. */
	int64_t gone = add_member("gone", "Gone Away", true, 0);
	CHECK(store_member_delete(st, gone, NOW) == 0);
	int64_t before = rows_written(), id = 5;
	CHECK(store_group_invite(st, journal, bob, S(""), alice, NOW, &id) == STORE_ECONFLICT && id == 0);
	CHECK(store_group_invite(st, journal, alice, S(""), alice, NOW, &id) == STORE_ECONFLICT);
	CHECK(store_group_invite(st, journal, 999999, S(""), alice, NOW, &id) == STORE_ENOTFOUND);
	CHECK(store_group_invite(st, journal, gone, S(""), alice, NOW, &id) == STORE_ENOTFOUND);
	CHECK(store_group_invite(st, 999999, bob, S(""), alice, NOW, &id) == STORE_ENOTFOUND);
	CHECK(store_group_invite(st, medicine, bob, S(""), alice, NOW, &id) == STORE_ENOTFOUND);
	CHECK(rows_written() == before);

	/* Listed for the group and for bob (by his id, any address given). */
	struct store_group_invitation_list l;
	CHECK(store_group_invitations(st, ar, journal, &l) == 0 && l.n == 1 && l.items[0].id == inv);
	l = invitations_for(bob, "bob@group.example.org");
	CHECK(l.n == 1 && lists(&l, inv) && str_eqc(l.items[0].group_name, "Paper Club"));
	CHECK(invitations_for(bob, "").n == 1);
	CHECK(invitations_for(carol, "carol@group.example.org").n == 0);

	/* Someone else cannot answer it; bob accepts once. */
	CHECK(store_invitation_answer(st, inv, carol, S("carol@group.example.org"), true, NOW) == STORE_ENOTFOUND);
	CHECK(store_invitation_answer(st, inv, carol, S("bob@group.example.org"), true, NOW) == STORE_ENOTFOUND);
	CHECK(store_invitation_answer(st, inv, 0, S(""), true, NOW) == STORE_ENOTFOUND);
	CHECK(store_invitation_answer(st, 999999, bob, S(""), true, NOW) == STORE_ENOTFOUND);
	CHECK(store_invitation_answer(st, inv, bob, S("bob@group.example.org"), true, NOW + 21) == 0);
	CHECK(group_of(journal, bob).role == STORE_GROUP_MEMBER && group_of(journal, 0).member_count == 2);
	v = invitation_of(inv);
	CHECK(str_eqc(v.status, "accepted") && v.member_id == bob);
	CHECK(audits("group.join", journal, bob, "bob") == 1);
	before = rows_written();
	CHECK(store_invitation_answer(st, inv, bob, S(""), true, NOW + 22) == STORE_ENOTFOUND);
	CHECK(store_invitation_answer(st, inv, bob, S(""), false, NOW + 22) == STORE_ENOTFOUND);
	CHECK(store_invitation_revoke(st, inv, journal, alice, NOW + 22) == STORE_ENOTFOUND);
	CHECK(rows_written() == before);
	CHECK(invitations_for(bob, "bob@group.example.org").n == 0);
	CHECK(store_group_invitations(st, ar, journal, &l) == 0 && l.n == 0);

	/* Declined: not a member; a new invitation may follow, and is taken. */
	inv = invite(journal, carol, "", alice, NOW + 23);
	CHECK(store_invitation_answer(st, inv, carol, S(""), false, NOW + 24) == 0);
	v = invitation_of(inv);
	CHECK(str_eqc(v.status, "declined") && v.member_id == carol);
	CHECK(role_in(journal, carol) == STORE_GROUP_NONE && group_of(journal, 0).member_count == 2);
	CHECK(store_invitation_answer(st, inv, carol, S(""), true, NOW + 24) == STORE_ENOTFOUND);
	join(journal, carol, alice, NOW + 25);
	CHECK(role_in(journal, carol) == STORE_GROUP_MEMBER && group_of(journal, 0).member_count == 3);

	/* Revoked: only by its own group, once; then it cannot be answered. */
	inv = invite(journal, dave, "", bob, NOW + 26);
	CHECK(audits("group.invite", journal, bob, "dave") == 1);
	CHECK(store_invitation_revoke(st, inv, rota, alice, NOW + 27) == STORE_ENOTFOUND);
	CHECK(store_invitation_revoke(st, 999999, journal, alice, NOW + 27) == STORE_ENOTFOUND);
	CHECK(store_invitation_revoke(st, inv, journal, alice, NOW + 27) == 0);
	CHECK(str_eqc(invitation_of(inv).status, "revoked"));
	CHECK(audits("group.invite_revoke", journal, alice, "dave") == 1);
	CHECK(store_invitation_revoke(st, inv, journal, alice, NOW + 28) == STORE_ENOTFOUND);
	CHECK(store_invitation_answer(st, inv, dave, S(""), true, NOW + 28) == STORE_ENOTFOUND);
	CHECK(role_in(journal, dave) == STORE_GROUP_NONE);
	join(journal, dave, alice, NOW + 29);
	join(journal, frank, alice, NOW + 30);
	CHECK(group_of(journal, 0).member_count == 5);

	/* Accepting while in the group already changes nothing.  (Only an
	 * invitation that raced a join can be so: make that by hand.) */
	inv = invite(rota, bob, "", dave, NOW + 31);
	CHECK(store_invitation_answer(st, inv, bob, S(""), true, NOW + 31) == 0);
	int64_t inv2 = invite(rota, carol, "", dave, NOW + 32);
	CHECK(raw_exec("INSERT INTO group_members (group_id, member_id, role, created_at) VALUES ($1, $2, 'member', 0)",
		       rota, carol));
	before = rows_written();
	CHECK(store_invitation_answer(st, inv2, carol, S(""), true, NOW + 33) == STORE_ECONFLICT);
	CHECK(rows_written() == before && str_eqc(invitation_of(inv2).status, "pending"));
	CHECK(raw_exec("DELETE FROM group_members WHERE group_id = $1 AND member_id = $2", rota, carol));
	/* Then she accepts, and leaves. */
	CHECK(store_invitation_answer(st, inv2, carol, S(""), true, NOW + 34) == 0);
	CHECK(group_of(rota, 0).member_count == 3);
	CHECK(store_group_member_set(st, rota, carol, STORE_GROUP_NONE, carol, NOW + 35) == 0);
	CHECK(group_of(rota, 0).member_count == 2); /* dave and bob */
}

TEST(test_invite_email)
{
	/* To an address no member has: kept lower case, to no member. */
	int64_t inv = invite(journal, 0, "Newbie@Group.Example.ORG", carol, NOW + 40);
	struct store_group_invitation v = invitation_of(inv);
	CHECK(str_eqc(v.email, "newbie@group.example.org") && v.member_id == 0);
	CHECK(v.member_name.n == 0 && v.member_handle.n == 0 && str_eqc(v.status, "pending"));
	CHECK(audits("group.invite", journal, carol, "newbie@group.example.org") == 1);

	/* Twice (any case); the address of someone in it; empty: nothing. */
	int64_t before = rows_written(), id = 0;
	CHECK(store_group_invite(st, journal, 0, S("newbie@group.example.org"), alice, NOW, &id) == STORE_ECONFLICT);
	CHECK(store_group_invite(st, journal, 0, S("NEWBIE@GROUP.EXAMPLE.ORG"), alice, NOW, &id) == STORE_ECONFLICT);
	CHECK(store_group_invite(st, journal, 0, S("Bob@Group.Example.org"), alice, NOW, &id) == STORE_ECONFLICT);
	CHECK(store_group_invite(st, journal, 0, S(""), alice, NOW, &id) != 0);
	CHECK(store_group_invite(st, 999999, 0, S("x@example.org"), alice, NOW, &id) == STORE_ENOTFOUND);
	CHECK(rows_written() == before);

	/* To a member's address (erin, not in the group): then erin herself
	 * cannot be invited again, and her address finds it. */
	int64_t einv = invite(journal, 0, "ERIN@group.example.org", alice, NOW + 41);
	CHECK(store_group_invite(st, journal, erin, S(""), alice, NOW, &id) == STORE_ECONFLICT);
	/* ...and the other way about: a member invited, then their address. */
	int64_t finv = invite(rota, frank, "", dave, NOW + 41);
	CHECK(store_group_invite(st, rota, 0, S("frank@group.example.org"), dave, NOW, &id) == STORE_ECONFLICT);
	CHECK(rows_written() == before + 4); /* two invitations, two audit rows */

	struct store_group_invitation_list l = invitations_for(erin, "Erin@Group.Example.org");
	CHECK(l.n == 1 && l.items[0].id == einv);
	CHECK(invitations_for(erin, "").n == 0); /* her own only */
	CHECK(invitations_for(bob, "bob@group.example.org").n == 0);
	/* Someone else, or erin naming another address, cannot answer it. */
	CHECK(store_invitation_answer(st, einv, bob, S("bob@group.example.org"), true, NOW) == STORE_ENOTFOUND);
	CHECK(store_invitation_answer(st, einv, erin, S("erin@elsewhere.example.org"), true, NOW) == STORE_ENOTFOUND);
	CHECK(store_invitation_answer(st, einv, erin, S("erin@group.example.org"), true, NOW + 42) == 0);
	v = invitation_of(einv);
	CHECK(str_eqc(v.status, "accepted") && v.member_id == erin && str_eqc(v.member_handle, "erin"));
	CHECK(role_in(journal, erin) == STORE_GROUP_MEMBER && group_of(journal, 0).member_count == 6);
	CHECK(audits("group.join", journal, erin, "erin") == 1);
	CHECK(invitations_for(erin, "erin@group.example.org").n == 0);

	/* The group's list: pending ones, newest first. */
	int64_t xinv = invite(journal, 0, "someone@else.example.org", alice, NOW + 43);
	CHECK(store_group_invitations(st, ar, journal, &l) == 0 && l.n == 2);
	CHECK(l.n == 2 && l.items[0].id == xinv && l.items[1].id == inv);
	CHECK(store_invitation_revoke(st, xinv, journal, alice, NOW + 44) == 0);
	CHECK(audits("group.invite_revoke", journal, alice, "someone@else.example.org") == 1);
	CHECK(str_eqc(invitation_of(xinv).email, "someone@else.example.org"));

	/* Newbie registers with the address, and sees it whatever its case. */
	newbie = add_member("newbie", "Newbie Nash", false, 0);
	l = invitations_for(newbie, "NEWBIE@group.example.org");
	CHECK(l.n == 1 && l.items[0].id == inv && str_eqc(l.items[0].group_slug, "paper-club"));
	CHECK(str_eqc(l.items[0].inviter_handle, "carol"));
	/* Now that a member holds the address, they cannot be invited again. */
	CHECK(store_group_invite(st, journal, newbie, S(""), alice, NOW, &id) == STORE_ECONFLICT);
	CHECK(store_invitation_answer(st, inv, newbie, S("newbie@group.example.org"), true, NOW + 45) == 0);
	CHECK(role_in(journal, newbie) == STORE_GROUP_MEMBER && group_of(journal, 0).member_count == 7);
	CHECK(invitation_of(inv).member_id == newbie);
	CHECK(invitations_for(newbie, "newbie@group.example.org").n == 0);

	/* Frank declines rota's. */
	CHECK(store_invitation_answer(st, finv, frank, S("frank@group.example.org"), false, NOW + 46) == 0);
	CHECK(str_eqc(invitation_of(finv).status, "declined") && role_in(rota, frank) == STORE_GROUP_NONE);
}

TEST(test_invite_closed_group)
{
	/* Invitations to a suspended or archived group are neither listed nor
	 * answerable, and come back when it is active again. */
	int64_t inv = invite(rota, erin, "", dave, NOW + 50);
	int64_t einv = invite(rota, 0, "latecomer@group.example.org", dave, NOW + 51);
	CHECK(invitations_for(erin, "erin@group.example.org").n == 1);
	CHECK(invitations_for(0, "latecomer@group.example.org").n == 1);
	CHECK(store_group_set_status(st, rota, STORE_GROUP_SUSPENDED, S("Under review"), editor, NOW + 52) == 0);
	CHECK(invitations_for(erin, "erin@group.example.org").n == 0);
	CHECK(invitations_for(0, "latecomer@group.example.org").n == 0);
	int64_t before = rows_written();
	CHECK(store_invitation_answer(st, inv, erin, S(""), true, NOW + 53) == STORE_ENOTFOUND);
	CHECK(store_invitation_answer(st, inv, erin, S(""), false, NOW + 53) == STORE_ENOTFOUND);
	CHECK(rows_written() == before);
	/* Its owners still see it, and may withdraw it. */
	struct store_group_invitation_list l;
	CHECK(store_group_invitations(st, ar, rota, &l) == 0 && l.n == 2);
	CHECK(store_group_set_status(st, rota, STORE_GROUP_ACTIVE, S("Fine"), editor, NOW + 54) == 0);
	CHECK(invitations_for(erin, "erin@group.example.org").n == 1);
	CHECK(store_group_set_status(st, rota, STORE_GROUP_ARCHIVED, S(""), dave, NOW + 55) == 0);
	CHECK(invitations_for(erin, "erin@group.example.org").n == 0);
	CHECK(store_invitation_answer(st, inv, erin, S(""), true, NOW + 56) == STORE_ENOTFOUND);
	CHECK(store_group_set_status(st, rota, STORE_GROUP_ACTIVE, S(""), dave, NOW + 57) == 0);
	CHECK(store_invitation_answer(st, inv, erin, S(""), true, NOW + 58) == 0);
	CHECK(role_in(rota, erin) == STORE_GROUP_MEMBER && group_of(rota, 0).member_count == 3);
	CHECK(store_invitation_revoke(st, einv, rota, dave, NOW + 59) == 0);

	/* A pending or declined group's invitations: there are none to list. */
	int64_t id = 0;
	CHECK(store_group_invite(st, wellbeing, bob, S(""), alice, NOW + 60, &id) == 0);
	CHECK(invitations_for(bob, "").n == 0);
	CHECK(store_invitation_answer(st, id, bob, S(""), true, NOW + 61) == STORE_ENOTFOUND);
	CHECK(store_invitation_revoke(st, id, wellbeing, alice, NOW + 62) == 0);
}

TEST(test_members)
{
	/* journal: alice owns; bob, carol, dave, erin, frank, newbie. */
	CHECK(store_group_member_set(st, journal, carol, STORE_GROUP_COOWNER, alice, NOW + 70) == 0);
	CHECK(audits("group.role", journal, alice, "carol coowner") == 1);
	struct store_group_member_list ml;
	CHECK(store_group_members(st, ar, journal, &ml) == 0 && ml.n == 7);
	const char *const want[] = {"alice", "carol", "bob", "dave", "erin", "frank", "newbie"};
	bool ordered = ml.n == 7;
	for (int i = 0; ordered && i < 7; i++)
		ordered = str_eqc(ml.items[i].handle, want[i]);
	CHECK(ordered);
	CHECK(ml.n == 7 && ml.items[0].role == STORE_GROUP_OWNER && ml.items[1].role == STORE_GROUP_COOWNER);
	CHECK(ml.n == 7 && ml.items[2].role == STORE_GROUP_MEMBER && ml.items[6].role == STORE_GROUP_MEMBER);
	CHECK(ml.n == 7 && ml.items[0].member_id == alice && str_eqc(ml.items[0].name, "Alice Adams"));
	CHECK(ml.n == 7 && ml.items[0].verified && !ml.items[4].verified && !ml.items[0].suspended);
	CHECK(ml.n == 7 && ml.items[0].joined_at == NOW + 10 && ml.items[2].joined_at == NOW + 21);
	CHECK(store_group_members(st, ar, 999999, &ml) == 0 && ml.n == 0);

	/* Refusals: nothing written. */
	int64_t before = rows_written();
	CHECK(store_group_member_set(st, journal, carol, STORE_GROUP_COOWNER, alice, NOW) == STORE_ECONFLICT);
	CHECK(store_group_member_set(st, journal, bob, STORE_GROUP_MEMBER, alice, NOW) == STORE_ECONFLICT);
	CHECK(store_group_member_set(st, journal, alice, STORE_GROUP_OWNER, alice, NOW) == STORE_ECONFLICT);
	CHECK(store_group_member_set(st, journal, alice, STORE_GROUP_NONE, carol, NOW) == STORE_ECONFLICT);
	CHECK(store_group_member_set(st, journal, alice, STORE_GROUP_NONE, alice, NOW) == STORE_ECONFLICT);
	CHECK(store_group_member_set(st, journal, alice, STORE_GROUP_COOWNER, alice, NOW) == STORE_ECONFLICT);
	CHECK(store_group_member_set(st, journal, alice, STORE_GROUP_MEMBER, alice, NOW) == STORE_ECONFLICT);
	CHECK(store_group_member_set(st, journal, editor, STORE_GROUP_NONE, alice, NOW) == STORE_ENOTFOUND);
	CHECK(store_group_member_set(st, journal, editor, STORE_GROUP_MEMBER, alice, NOW) == STORE_ENOTFOUND);
	CHECK(store_group_member_set(st, 999999, bob, STORE_GROUP_NONE, alice, NOW) == STORE_ENOTFOUND);
	CHECK(store_group_member_set(st, night, bob, STORE_GROUP_OWNER, bob, NOW) == STORE_ENOTFOUND);
	CHECK(rows_written() == before);
	CHECK(role_in(journal, alice) == STORE_GROUP_OWNER && group_of(journal, 0).member_count == 7);

	/* A co-owner back to member. */
	CHECK(store_group_member_set(st, journal, carol, STORE_GROUP_MEMBER, alice, NOW + 71) == 0);
	CHECK(role_in(journal, carol) == STORE_GROUP_MEMBER && audits("group.role", journal, alice, "carol member") == 1);
	CHECK(store_group_member_set(st, journal, carol, STORE_GROUP_COOWNER, alice, NOW + 72) == 0);
}

TEST(test_remove)
{
	/* bob writes in the group and elsewhere; dave and frank reply, so bob
	 * has unread notifications in both places. */
	int64_t gt = 0, ft = 0;
	CHECK(try_topic(journal, bob, "This week's paper", &gt) == 0 && gt > 0);
	CHECK(try_topic(medicine, bob, "A public question", &ft) == 0 && ft > 0);
	int64_t r1 = reply(gt, dave, "Read it.", NOW + 80);
	reply(ft, frank, "Answered.", NOW + 81);
	CHECK(store_topic_watch(st, frank, gt, true, NOW + 82) == 0);
	bool watching = false;
	CHECK(store_topic_watching(st, bob, gt, &watching) == 0 && watching);

	struct store_notification_list nl;
	int64_t unread = 0;
	CHECK(store_notification_list(st, ar, bob, 10, 0, &nl, &unread) == 0 && nl.n == 2 && unread == 2);
	bool forums_ok = nl.n == 2;
	for (int i = 0; i < nl.n; i++)
		forums_ok &= nl.items[i].topic_id == gt ? nl.items[i].forum_id == journal && nl.items[i].post_id == r1 &&
							      nl.items[i].section == STORE_SECTION_GROUP
							: nl.items[i].forum_id == medicine &&
							      nl.items[i].section == STORE_SECTION_OPEN_CLINICAL;
	CHECK(forums_ok);

	/* alice removes bob: his watch there goes, his unread notifications
	 * there are read; those elsewhere stay unread. */
	CHECK(store_group_member_set(st, journal, bob, STORE_GROUP_NONE, alice, NOW + 83) == 0);
	CHECK(role_in(journal, bob) == STORE_GROUP_NONE && group_of(journal, 0).member_count == 6);
	CHECK(audits("group.remove", journal, alice, "bob") == 1);
	CHECK(store_topic_watching(st, bob, gt, &watching) == 0 && !watching);
	CHECK(store_topic_watching(st, bob, ft, &watching) == 0 && watching);
	CHECK(store_topic_watching(st, frank, gt, &watching) == 0 && watching);
	CHECK(store_notification_list(st, ar, bob, 10, 0, &nl, &unread) == 0 && nl.n == 2 && unread == 1);
	for (int i = 0; i < nl.n; i++)
		CHECK(nl.items[i].read == (nl.items[i].topic_id == gt));
	CHECK(store_group_member_set(st, journal, bob, STORE_GROUP_NONE, alice, NOW + 84) == STORE_ENOTFOUND);

	/* dave leaves of his own accord. */
	CHECK(store_group_member_set(st, journal, dave, STORE_GROUP_NONE, dave, NOW + 85) == 0);
	CHECK(audits("group.leave", journal, dave, "dave") == 1 && audits("group.remove", journal, dave, "dave") == 0);
	CHECK(role_in(journal, dave) == STORE_GROUP_NONE && group_of(journal, 0).member_count == 5);
	CHECK(store_topic_watching(st, dave, gt, &watching) == 0 && !watching);
	/* A removed member may be invited again. */
	join(journal, bob, carol, NOW + 86);
	CHECK(role_in(journal, bob) == STORE_GROUP_MEMBER && group_of(journal, 0).member_count == 6);
}

TEST(test_handover)
{
	/* To a co-owner: the owner until now becomes a co-owner. */
	CHECK(store_group_member_set(st, journal, carol, STORE_GROUP_OWNER, alice, NOW + 90) == 0);
	CHECK(role_in(journal, carol) == STORE_GROUP_OWNER && role_in(journal, alice) == STORE_GROUP_COOWNER);
	struct store_group g = group_of(journal, alice);
	CHECK(g.owner_id == carol && str_eqc(g.owner_handle, "carol") && g.role == STORE_GROUP_COOWNER);
	CHECK(g.member_count == 6);
	CHECK(audits("group.handover", journal, alice, "carol") == 1);
	/* To a plain member. */
	CHECK(store_group_member_set(st, journal, erin, STORE_GROUP_OWNER, carol, NOW + 91) == 0);
	CHECK(role_in(journal, erin) == STORE_GROUP_OWNER && role_in(journal, carol) == STORE_GROUP_COOWNER);
	CHECK(raw_id("SELECT count(*) FROM group_members WHERE group_id = $1 AND role = 'owner'", journal) == 1);
	/* And back to alice, so the lists below know who owns what. */
	CHECK(store_group_member_set(st, journal, alice, STORE_GROUP_OWNER, erin, NOW + 92) == 0);
	CHECK(group_of(journal, 0).owner_id == alice && role_in(journal, erin) == STORE_GROUP_COOWNER);
	CHECK(store_group_member_set(st, journal, erin, STORE_GROUP_MEMBER, alice, NOW + 93) == 0);
	struct store_group_member_list ml;
	CHECK(store_group_members(st, ar, journal, &ml) == 0 && ml.n == 6);
	CHECK(ml.n == 6 && ml.items[0].member_id == alice && ml.items[1].member_id == carol);
	CHECK(ml.n == 6 && ml.items[1].role == STORE_GROUP_COOWNER && ml.items[2].role == STORE_GROUP_MEMBER);
}

TEST(test_status)
{
	struct store_forum f;
	int64_t t = 0, before;
	/* The owner archives: the forum refuses topics and replies. */
	CHECK(try_topic(journal, alice, "Before archiving", &t) == 0);
	CHECK(store_group_set_status(st, journal, STORE_GROUP_ARCHIVED, S("Term over"), alice, NOW + 100) == 0);
	struct store_group g = group_of(journal, alice);
	CHECK(g.status == STORE_GROUP_ARCHIVED && str_eqc(g.reason, "Looks useful")); /* not an editor's decision */
	CHECK(audits("group.archive", journal, alice, "Term over") == 1);
	CHECK(store_forum_by_id(st, ar, journal, &f) == 0 && f.archived);
	CHECK(try_topic(journal, alice, "Archived", NULL) == STORE_ECONFLICT);
	struct store_post_new p = post_new(carol, "Late reply");
	int64_t pid = 0;
	CHECK(store_post_create(st, t, &p, NOW + 101, &pid) == STORE_ECONFLICT);
	enum store_group_role role;
	enum store_group_status status;
	CHECK(store_group_role(st, journal, carol, &role, &status) == 0);
	CHECK(role == STORE_GROUP_COOWNER && status == STORE_GROUP_ARCHIVED);

	/* Refused moves write nothing. */
	before = rows_written();
	CHECK(store_group_set_status(st, journal, STORE_GROUP_ARCHIVED, S(""), alice, NOW) == STORE_ECONFLICT);
	CHECK(store_group_set_status(st, journal, STORE_GROUP_PENDING, S(""), alice, NOW) == STORE_ECONFLICT);
	CHECK(store_group_set_status(st, journal, STORE_GROUP_DECLINED, S(""), editor, NOW) == STORE_ECONFLICT);
	CHECK(store_group_set_status(st, journal, STORE_GROUP_STATUS_MAX, S(""), editor, NOW) == STORE_ECONFLICT);
	CHECK(store_group_set_status(st, wellbeing, STORE_GROUP_ARCHIVED, S(""), alice, NOW) == STORE_ECONFLICT);
	CHECK(store_group_set_status(st, wellbeing, STORE_GROUP_ACTIVE, S(""), editor, NOW) == STORE_ECONFLICT);
	CHECK(store_group_set_status(st, wellbeing, STORE_GROUP_SUSPENDED, S(""), editor, NOW) == STORE_ECONFLICT);
	CHECK(store_group_set_status(st, night, STORE_GROUP_ACTIVE, S(""), editor, NOW) == STORE_ECONFLICT);
	CHECK(store_group_set_status(st, 999999, STORE_GROUP_ACTIVE, S(""), editor, NOW) == STORE_ENOTFOUND);
	CHECK(store_group_set_status(st, medicine, STORE_GROUP_ARCHIVED, S(""), editor, NOW) == STORE_ENOTFOUND);
	CHECK(rows_written() == before);
	CHECK(group_of(wellbeing, 0).status == STORE_GROUP_PENDING && group_of(night, 0).status == STORE_GROUP_DECLINED);

	/* Back to active: open again. */
	CHECK(store_group_set_status(st, journal, STORE_GROUP_ACTIVE, S("New term"), alice, NOW + 102) == 0);
	CHECK(audits("group.unarchive", journal, alice, "New term") == 1);
	CHECK(store_forum_by_id(st, ar, journal, &f) == 0 && !f.archived);
	CHECK(store_post_create(st, t, &p, NOW + 103, &pid) == 0);

	/* Editors suspend from active, with the reason; it stays closed
	 * until lifted, which makes it active (never archived). */
	CHECK(store_group_set_status(st, journal, STORE_GROUP_SUSPENDED, S("Patient details posted"), editor,
				     NOW + 104) == 0);
	g = group_of(journal, 0);
	CHECK(g.status == STORE_GROUP_SUSPENDED && str_eqc(g.reason, "Patient details posted") &&
	      g.decided_at == NOW + 104);
	CHECK(audits("group.suspend", journal, editor, "Patient details posted") == 1);
	CHECK(store_forum_by_id(st, ar, journal, &f) == 0 && f.archived);
	CHECK(try_topic(journal, alice, "Suspended", NULL) == STORE_ECONFLICT);
	before = rows_written();
	CHECK(store_group_set_status(st, journal, STORE_GROUP_ARCHIVED, S(""), alice, NOW) == STORE_ECONFLICT);
	CHECK(store_group_set_status(st, journal, STORE_GROUP_SUSPENDED, S(""), editor, NOW) == STORE_ECONFLICT);
	CHECK(rows_written() == before);
	CHECK(store_group_set_status(st, journal, STORE_GROUP_ACTIVE, S("Removed"), editor, NOW + 105) == 0);
	CHECK(audits("group.unsuspend", journal, editor, "Removed") == 1);
	CHECK(group_of(journal, 0).status == STORE_GROUP_ACTIVE && str_eqc(group_of(journal, 0).reason, "Removed"));
	CHECK(store_forum_by_id(st, ar, journal, &f) == 0 && !f.archived);

	/* Suspended from archived; lifted, it is active. */
	CHECK(store_group_set_status(st, journal, STORE_GROUP_ARCHIVED, S(""), alice, NOW + 106) == 0);
	CHECK(store_group_set_status(st, journal, STORE_GROUP_SUSPENDED, S("Again"), editor, NOW + 107) == 0);
	CHECK(store_group_set_status(st, journal, STORE_GROUP_ACTIVE, S("Done"), editor, NOW + 108) == 0);
	CHECK(group_of(journal, 0).status == STORE_GROUP_ACTIVE);
	CHECK(store_forum_by_id(st, ar, journal, &f) == 0 && !f.archived);
	CHECK(try_topic(journal, alice, "Open again", NULL) == 0);
	g = group_of(journal, 0);
	CHECK(g.topic_count == 4 && g.post_count == 6 && g.last_post_at == NOW + 103);
}

TEST(test_mine)
{
	/* alice: the groups she is in (journal, rota after she joins, and a
	 * suspended one), by name; then her requests pending or declined. */
	int64_t audit = request("audit-club", "Audit Club", alice, NOW + 110);
	CHECK(store_group_decide(st, audit, false, S("Duplicate"), editor, NOW + 111) == 0);
	int64_t zebra = request("zebras", "Zebra Hunters", bob, NOW + 112);
	CHECK(store_group_decide(st, zebra, true, S(""), editor, NOW + 113) == 0);
	join(zebra, alice, bob, NOW + 114);
	CHECK(store_group_set_status(st, zebra, STORE_GROUP_SUSPENDED, S("Review"), editor, NOW + 115) == 0);
	join(rota, alice, dave, NOW + 116);

	struct store_group_list gl;
	CHECK(store_group_mine(st, ar, alice, &gl) == 0 && gl.n == 5);
	const int64_t want[] = {journal, rota, zebra, audit, wellbeing};
	const enum store_group_role roles[] = {STORE_GROUP_OWNER, STORE_GROUP_MEMBER, STORE_GROUP_MEMBER,
					       STORE_GROUP_NONE, STORE_GROUP_NONE};
	bool ok = gl.n == 5;
	for (int i = 0; ok && i < 5; i++)
		ok = gl.items[i].id == want[i] && gl.items[i].role == roles[i];
	CHECK(ok);
	CHECK(gl.n == 5 && gl.items[2].status == STORE_GROUP_SUSPENDED && gl.items[3].status == STORE_GROUP_DECLINED);
	CHECK(gl.n == 5 && gl.items[0].member_count == 6 && str_eqc(gl.items[1].owner_handle, "dave"));

	/* bob: zebras (his, suspended), journal and rota; then night shift. */
	CHECK(store_group_mine(st, ar, bob, &gl) == 0 && gl.n == 4);
	CHECK(gl.n == 4 && gl.items[0].id == journal && gl.items[1].id == rota && gl.items[2].id == zebra);
	CHECK(gl.n == 4 && gl.items[3].id == night && gl.items[3].status == STORE_GROUP_DECLINED);
	/* Someone in none, and nobody. */
	CHECK(store_group_mine(st, ar, editor, &gl) == 0 && gl.n == 0);
	CHECK(store_group_mine(st, ar, 0, &gl) == 0 && gl.n == 0);
	/* After leaving, a group is not hers any more. */
	CHECK(store_group_member_set(st, rota, alice, STORE_GROUP_NONE, alice, NOW + 117) == 0);
	CHECK(store_group_mine(st, ar, alice, &gl) == 0 && gl.n == 4 && gl.items[1].id == zebra);
}

TEST(test_list)
{
	int64_t later = request("a-later-one", "A Later One", frank, NOW + 120);
	struct store_group_list gl;
	/* Pending: oldest first (wellbeing was asked for first). */
	CHECK(store_group_list(st, ar, STORE_GROUP_PENDING, 10, 0, &gl) == 0 && gl.n == 2);
	CHECK(gl.n == 2 && gl.items[0].id == wellbeing && gl.items[1].id == later);
	CHECK(gl.n == 2 && gl.items[0].role == STORE_GROUP_NONE && str_eqc(gl.items[1].requester_handle, "frank"));
	/* Active: by name. */
	int64_t zebra = 0;
	struct store_group z;
	CHECK(store_group_by_slug(st, ar, S("zebras"), 0, &z) == 0);
	zebra = z.id;
	CHECK(store_group_list(st, ar, STORE_GROUP_ACTIVE, 10, 0, &gl) == 0 && gl.n == 2);
	CHECK(gl.n == 2 && gl.items[0].id == journal && gl.items[1].id == rota);
	CHECK(store_group_list(st, ar, STORE_GROUP_SUSPENDED, 10, 0, &gl) == 0 && gl.n == 1 && gl.items[0].id == zebra);
	CHECK(store_group_list(st, ar, STORE_GROUP_DECLINED, 10, 0, &gl) == 0 && gl.n == 2);
	CHECK(gl.n == 2 && str_eqc(gl.items[0].slug, "audit-club") && gl.items[1].id == night);
	CHECK(store_group_list(st, ar, STORE_GROUP_ARCHIVED, 10, 0, &gl) == 0 && gl.n == 0);
	/* Any: pending first, oldest first, then the rest by name. */
	CHECK(store_group_list(st, ar, -1, 100, 0, &gl) == 0 && gl.n == 7);
	const char *const want[] = {"wellbeing", "a-later-one", "audit-club", "night-shift", "paper-club",
				    "rota-swap", "zebras"};
	bool ok = gl.n == 7;
	for (int i = 0; ok && i < 7; i++)
		ok = str_eqc(gl.items[i].slug, want[i]);
	CHECK(ok);
	/* Pages of it. */
	CHECK(store_group_list(st, ar, -1, 2, 2, &gl) == 0 && gl.n == 2);
	CHECK(gl.n == 2 && str_eqc(gl.items[0].slug, "audit-club") && str_eqc(gl.items[1].slug, "night-shift"));
	CHECK(store_group_list(st, ar, -1, 100, 7, &gl) == 0 && gl.n == 0);
	CHECK(store_group_list(st, ar, -1, 0, 0, &gl) == 0 && gl.n == 1); /* limit kept to 1..100 */
}

TEST(test_not_in_forum_lists)
{
	/* The forums' list never holds a group's forum, archived or not. */
	struct store_forum_list fl;
	CHECK(store_forum_list(st, ar, true, &fl) == 0 && fl.n == 26);
	bool none = true;
	for (int i = 0; i < fl.n; i++)
		none &= fl.items[i].section != STORE_SECTION_GROUP;
	CHECK(none);
	CHECK(store_forum_list(st, ar, false, &fl) == 0 && fl.n == 26);

	/* Nor do the lists that span forums, whatever the mask. */
	CHECK(raw_id("SELECT count(*) FROM topics WHERE forum_id = $1", journal) >= 4);
	const unsigned masks[] = {STORE_SECTIONS_ALL, 1u << STORE_SECTION_GROUP, ~0u};
	for (size_t m = 0; m < sizeof masks / sizeof *masks; m++) {
		struct store_topic_list tl;
		CHECK(store_topic_latest(st, ar, masks[m], alice, false, 0, 100, 0, &tl) == 0);
		bool clean = true;
		for (int i = 0; i < tl.n; i++)
			clean &= tl.items[i].section != STORE_SECTION_GROUP && tl.items[i].forum_id != journal;
		CHECK(clean);
		CHECK(masks[m] != STORE_SECTIONS_ALL || tl.n == 1); /* bob's public question */
		CHECK(store_topic_latest(st, ar, masks[m], alice, true, 0, 100, 0, &tl) == 0);
		for (int i = 0; i < tl.n; i++)
			CHECK(tl.items[i].section != STORE_SECTION_GROUP);
		CHECK(store_topic_by_author(st, ar, alice, masks[m], 100, &tl) == 0 && tl.n == 0);
		CHECK(store_topic_by_author(st, ar, bob, masks[m], 100, &tl) == 0);
		for (int i = 0; i < tl.n; i++)
			CHECK(tl.items[i].section != STORE_SECTION_GROUP);
		struct store_post_list pl;
		CHECK(store_post_by_author(st, ar, dave, masks[m], 100, &pl) == 0 && pl.n == 0);
		CHECK(store_post_by_author(st, ar, bob, masks[m], 100, &pl) == 0);
		for (int i = 0; i < pl.n; i++)
			CHECK(pl.items[i].section != STORE_SECTION_GROUP);
	}
	/* The other sections' bits still work. */
	struct store_topic_list tl;
	CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OPEN_CLINICAL, 0, false, 0, 100, 0, &tl) == 0 && tl.n == 1);
	CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OFF_DUTY, 0, false, 0, 100, 0, &tl) == 0 && tl.n == 0);
	/* A group's topic itself reads as in section group. */
	CHECK(store_topic_list(st, ar, journal, alice, 10, 0, &tl, &(int64_t){0}) == 0 && tl.n >= 1);
	CHECK(tl.n >= 1 && tl.items[0].section == STORE_SECTION_GROUP);
}

TEST(test_arena_full)
{
	arena *small = arena_new(32);
	struct store_group g;
	struct store_group_list gl;
	struct store_group_member_list ml;
	struct store_group_invitation_list il;
	CHECK(store_group_get(st, small, journal, alice, &g) == STORE_ERR);
	CHECK(store_group_mine(st, small, alice, &gl) == STORE_ERR);
	CHECK(store_group_list(st, small, -1, 100, 0, &gl) == STORE_ERR);
	CHECK(store_group_members(st, small, journal, &ml) == STORE_ERR);
	CHECK(store_invitations_for(st, small, newbie, S("newbie@group.example.org"), &il) == 0 && il.n == 0);
	int64_t inv = invite(journal, dave, "", alice, NOW + 130);
	CHECK(store_invitations_for(st, small, dave, S(""), &il) == STORE_ERR);
	arena_free(small);
	/* The store still works after. */
	CHECK(store_group_get(st, ar, journal, alice, &g) == 0 && g.role == STORE_GROUP_OWNER);
	CHECK(store_invitation_revoke(st, inv, journal, alice, NOW + 131) == 0);
}

/* Deleting an account takes the member out of the groups they do not
 * own, counts moved, and withdraws the invitations waiting for them; a
 * group they own keeps its owner row (the pages refuse that deletion). */
TEST(test_member_deleted)
{
	int64_t gone = add_member("goner", "Gwen Goner", false, 0);
	int64_t spare = add_member("spare", "Sam Spare", false, 0);
	join(journal, gone, alice, NOW + 200);
	int64_t waiting = invite(rota, gone, "", dave, NOW + 201);
	int64_t other = invite(rota, spare, "", dave, NOW + 202);
	int64_t before = group_of(journal, 0).member_count;
	CHECK(role_in(journal, gone) == STORE_GROUP_MEMBER);
	CHECK(store_member_delete(st, gone, NOW + 203) == 0);
	CHECK(role_in(journal, gone) == STORE_GROUP_NONE);
	CHECK(group_of(journal, 0).member_count == before - 1);
	CHECK(str_eqc(invitation_of(waiting).status, "revoked"));
	CHECK(str_eqc(invitation_of(other).status, "pending"));
	struct store_group_member_list ml;
	CHECK(store_group_members(st, ar, journal, &ml) == 0);
	for (int i = 0; i < ml.n; i++)
		CHECK(ml.items[i].member_id != gone);
	CHECK(store_invitation_revoke(st, other, rota, dave, NOW + 204) == 0);
}

/* After everything above: every kept count equals what it counts, each
 * approved group has one owner, and the forums are open only for active
 * groups. */
TEST(test_counts_agree)
{
	CHECK(raw_int("SELECT count(*) FROM groups g WHERE member_count <> (SELECT count(*) FROM group_members m "
		      "WHERE m.group_id = g.forum_id)") == 0);
	CHECK(raw_int("SELECT count(*) FROM groups g WHERE status IN ('active', 'archived', 'suspended') AND "
		      "(SELECT count(*) FROM group_members m WHERE m.group_id = g.forum_id AND role = 'owner') <> 1") == 0);
	CHECK(raw_int("SELECT count(*) FROM groups g WHERE status IN ('pending', 'declined') AND "
		      "EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.forum_id)") == 0);
	CHECK(raw_int("SELECT count(*) FROM groups g JOIN forums f ON f.id = g.forum_id WHERE "
		      "(g.status = 'active') = (CAST(f.archived AS INTEGER) <> 0) OR f.section <> 'group'") == 0);
	CHECK(raw_int("SELECT count(*) FROM forums f WHERE section = 'group' AND NOT EXISTS (SELECT 1 FROM groups g "
		      "WHERE g.forum_id = f.id)") == 0);
	CHECK(raw_int("SELECT count(*) FROM group_invitations WHERE email <> lower(email)") == 0);
	CHECK(raw_int("SELECT count(*) FROM group_invitations WHERE status <> 'pending' AND decided_at = 0") == 0);
	CHECK(raw_int("SELECT count(*) FROM group_invitations WHERE status = 'accepted' AND member_id IS NULL") == 0);
	CHECK(raw_int("SELECT count(*) FROM groups") == 7);
	if (!pg_base)
		CHECK(raw_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

int main(void)
{
	if (fixture_setup("group") < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_migrate);
	if (st) {
		RUN(test_names);
		RUN(test_request);
		RUN(test_decide);
		RUN(test_invite_member);
		RUN(test_invite_email);
		RUN(test_invite_closed_group);
		RUN(test_members);
		RUN(test_remove);
		RUN(test_handover);
		RUN(test_status);
		RUN(test_mine);
		RUN(test_list);
		RUN(test_not_in_forum_lists);
		RUN(test_arena_full);
		RUN(test_member_deleted);
		RUN(test_counts_agree);
	}
	fixture_cleanup();
	return unit_summary();
}
