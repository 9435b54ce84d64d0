/* test_mail_events_store.c: what members are emailed about, in the store
 * (store.h "Mail": store_mail_prefs_get/set, store_mail_events,
 * store_mail_digest_items, store_mail_digest_members), backend-agnostic
 * as test_library_store.c: a SQLite file in a fresh temporary folder, or,
 * when ROUNDS_TEST_PG names a PostgreSQL server, a fresh database there.
 * Settings with their defaults and refusals that write nothing; replies,
 * mentions, messages (one per other current member, none to a muted
 * conversation, a batch never splitting one message's recipients) and
 * invitations behind a cursor, with titles and links and never a post's
 * or message's text; a deleted topic's and a hidden post's events gone;
 * digests: unread only, decisions always, kinds and since honoured,
 * newest first; the members a digest run looks at, paged.  A raw
 * connection looks at rows the store has no reader for (store_fixture.h). */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000;

/* Members: ann starts things, bob watches, cat is mentioned, dan is an
 * editor; eve is left alone; fay loses her verification to the register. */
static int64_t ann, bob, cat, dan, eve, fay;
static int64_t medicine; /* an open clinical forum */

static bool has_text(const struct store_mail_event *e, const char *needle)
{
	const str *f[] = {&e->actor_name, &e->title, &e->detail, &e->link};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (f[i]->n && memmem(f[i]->p, f[i]->n, needle, strlen(needle)))
			return true;
	return false;
}

TEST(test_migrate)
{
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	CHECK(store_migrate(st) >= 14);
	CHECK(raw_int("SELECT count(*) FROM mail_prefs") == 0);
	ann = add_member("ann", "Ann Able", true, 0);
	bob = add_member("bob", "Bob Baker", true, 0);
	cat = add_member("cat", "Cat Cole", true, 0);
	dan = add_member("dan", "Dan Dean", true, ROLE_EDITOR);
	eve = add_member("eve", "Eve Ng", true, 0);
	medicine = forum_id("medicine");
	CHECK(medicine > 0);
}

TEST(test_prefs)
{
	enum store_mail_mode m[STORE_MAIL_KIND_MAX];
	CHECK(store_mail_prefs_get(st, bob, m) == 0);
	CHECK(m[STORE_MAIL_REPLY] == STORE_MAIL_DAILY && m[STORE_MAIL_MENTION] == STORE_MAIL_DAILY);
	CHECK(m[STORE_MAIL_MESSAGE] == STORE_MAIL_DAILY && m[STORE_MAIL_INVITATION] == STORE_MAIL_DAILY);
	CHECK(m[STORE_MAIL_DECISION] == STORE_MAIL_IMMEDIATE);
	m[STORE_MAIL_REPLY] = STORE_MAIL_IMMEDIATE;
	m[STORE_MAIL_MESSAGE] = STORE_MAIL_WEEKLY;
	m[STORE_MAIL_DECISION] = STORE_MAIL_NEVER;
	CHECK(store_mail_prefs_set(st, bob, m) == 0);
	enum store_mail_mode g[STORE_MAIL_KIND_MAX];
	CHECK(store_mail_prefs_get(st, bob, g) == 0);
	CHECK(g[STORE_MAIL_REPLY] == STORE_MAIL_IMMEDIATE && g[STORE_MAIL_MENTION] == STORE_MAIL_DAILY);
	CHECK(g[STORE_MAIL_MESSAGE] == STORE_MAIL_WEEKLY && g[STORE_MAIL_INVITATION] == STORE_MAIL_DAILY);
	CHECK(g[STORE_MAIL_DECISION] == STORE_MAIL_NEVER);
	/* Set again: changed in place, five rows. */
	g[STORE_MAIL_MENTION] = STORE_MAIL_NEVER;
	CHECK(store_mail_prefs_set(st, bob, g) == 0);
	CHECK(store_mail_prefs_get(st, bob, m) == 0 && m[STORE_MAIL_MENTION] == STORE_MAIL_NEVER);
	const char *p[] = {"2"};
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)bob);
	p[0] = id;
	CHECK(raw_q("SELECT count(*) FROM mail_prefs WHERE member_id = $1", 1, p) == 5);
	/* Someone else's stay the defaults. */
	CHECK(store_mail_prefs_get(st, cat, m) == 0 && m[STORE_MAIL_REPLY] == STORE_MAIL_DAILY);
	/* Refused: an unknown mode, no member; nothing written. */
	g[STORE_MAIL_REPLY] = STORE_MAIL_MODE_MAX;
	CHECK(store_mail_prefs_set(st, bob, g) != 0);
	CHECK(store_mail_prefs_set(st, 0, m) != 0);
	CHECK(store_mail_prefs_get(st, 0, m) != 0 && m[STORE_MAIL_DECISION] == STORE_MAIL_IMMEDIATE);
	CHECK(store_mail_prefs_get(st, bob, m) == 0 && m[STORE_MAIL_REPLY] == STORE_MAIL_IMMEDIATE);
	CHECK(raw_int("SELECT count(*) FROM mail_prefs") == 5);
}

static int64_t topic, reply_post, mention_post;

TEST(test_replies_mentions)
{
	struct store_post_new p = {.author = ann, .body = S("secretword first"), .body_html = S("<p>secretword</p>")};
	int64_t p1 = 0;
	CHECK(store_topic_create(st, medicine, S("Chest pain at night"), &p, NOW, &topic, &p1) == 0);
	CHECK(store_topic_watch(st, bob, topic, true, NOW) == 0);
	int64_t mentions[] = {cat};
	p.mentions = mentions;
	p.nmentions = 1;
	CHECK(store_post_create(st, topic, &p, NOW + 10, &reply_post) == 0);
	mention_post = reply_post;
	struct store_mail_event_list l;
	CHECK(store_mail_events(st, ar, STORE_MAIL_REPLY, 0, 100, &l) == 0 && l.n == 1);
	const struct store_mail_event *e = &l.items[0];
	CHECK(e->kind == STORE_MAIL_REPLY && e->member_id == bob && e->actor_id == ann);
	CHECK(str_eqc(e->actor_name, "Ann Able") && str_eqc(e->title, "Chest pain at night"));
	CHECK(e->topic_id == topic && e->post_id == reply_post && e->forum_id == medicine);
	CHECK(e->section == STORE_SECTION_OPEN_CLINICAL && e->created_at == NOW + 10 && !e->read);
	char link[32];
	snprintf(link, sizeof link, "/p/%lld", (long long)reply_post);
	CHECK(str_eqc(e->link, link));
	CHECK(!has_text(e, "secretword"));
	int64_t seq = e->seq;
	CHECK(store_mail_events(st, ar, STORE_MAIL_REPLY, seq, 100, &l) == 0 && l.n == 0);
	CHECK(store_mail_events(st, ar, STORE_MAIL_MENTION, 0, 100, &l) == 0 && l.n == 1);
	CHECK(l.items[0].kind == STORE_MAIL_MENTION && l.items[0].member_id == cat && l.items[0].seq != seq);
	/* Read on the site: still an event, marked read. */
	CHECK(store_notification_read(st, cat, 0, NOW + 20) == 0);
	CHECK(store_mail_events(st, ar, STORE_MAIL_MENTION, 0, 100, &l) == 0 && l.n == 1 && l.items[0].read);
	/* Refused: a kind with no events, a limit out of range. */
	CHECK(store_mail_events(st, ar, STORE_MAIL_DECISION, 0, 100, &l) != 0 && l.n == 0);
	CHECK(store_mail_events(st, ar, STORE_MAIL_REPLY, 0, 0, &l) != 0);
	CHECK(store_mail_events(st, ar, STORE_MAIL_REPLY, 0, 501, &l) != 0);
}

TEST(test_gone_topic)
{
	struct store_post_new p = {.author = ann, .body = S("x"), .body_html = S("x")};
	int64_t t = 0, p1 = 0, r = 0;
	CHECK(store_topic_create(st, medicine, S("Soon gone"), &p, NOW, &t, &p1) == 0);
	CHECK(store_topic_watch(st, eve, t, true, NOW) == 0);
	CHECK(store_post_create(st, t, &p, NOW + 30, &r) == 0);
	struct store_mail_event_list l;
	CHECK(store_mail_events(st, ar, STORE_MAIL_REPLY, 0, 100, &l) == 0 && l.n == 2);
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)t);
	const char *q[] = {id};
	CHECK(raw_q("UPDATE topics SET deleted_at = 1 WHERE id = $1 RETURNING id", 1, q) == t);
	CHECK(store_mail_events(st, ar, STORE_MAIL_REPLY, 0, 100, &l) == 0 && l.n == 1 && l.items[0].member_id == bob);
	struct store_mail_event_list d;
	CHECK(store_mail_digest_items(st, ar, eve, 1u << STORE_MAIL_REPLY, 0, 100, &d) == 0 && d.n == 0);
}

static int64_t conv, msg1, msg2;

TEST(test_messages)
{
	struct store_message_new m = {.author = ann, .body = S("secretword in a message"), .body_html = S("x")};
	int64_t to[] = {bob, cat}, blocked = 0;
	CHECK(store_conversation_start(st, &m, to, 2, S("Rota swap"), NOW + 40, &conv, &msg1, &blocked) == 0);
	struct store_mail_event_list l;
	CHECK(store_mail_events(st, ar, STORE_MAIL_MESSAGE, 0, 100, &l) == 0 && l.n == 2);
	CHECK(l.items[0].member_id == bob && l.items[1].member_id == cat);
	for (int i = 0; i < l.n; i++) {
		CHECK(l.items[i].seq == msg1 && l.items[i].kind == STORE_MAIL_MESSAGE && !l.items[i].read);
		CHECK(str_eqc(l.items[i].title, "Rota swap") && l.items[i].conversation_id == conv);
		CHECK(str_eqc(l.items[i].actor_name, "Ann Able") && !has_text(&l.items[i], "secretword"));
	}
	char link[32];
	snprintf(link, sizeof link, "/messages/%lld", (long long)conv);
	CHECK(str_eqc(l.items[0].link, link));
	/* cat mutes it: no more events for cat. */
	CHECK(store_conversation_act(st, conv, cat, STORE_CONV_MUTE, NOW + 41) == 0);
	CHECK(store_message_post(st, conv, &m, NOW + 50, &msg2, &blocked) == 0);
	CHECK(store_mail_events(st, ar, STORE_MAIL_MESSAGE, msg1, 100, &l) == 0 && l.n == 1);
	CHECK(l.items[0].member_id == bob && l.items[0].seq == msg2);
	CHECK(store_conversation_act(st, conv, cat, STORE_CONV_UNMUTE, NOW + 51) == 0);
	/* A full batch never ends inside one message's recipients: msg1 (2
	 * rows) and msg2 (bob, and now cat) with limit 3 gives msg1 only. */
	CHECK(store_mail_events(st, ar, STORE_MAIL_MESSAGE, 0, 3, &l) == 0 && l.n == 2);
	CHECK(l.items[0].seq == msg1 && l.items[1].seq == msg1);
	/* ... unless that one message alone fills it. */
	CHECK(store_mail_events(st, ar, STORE_MAIL_MESSAGE, 0, 1, &l) == 0 && l.n == 1 && l.items[0].seq == msg1);
}

static int64_t group, inv;

TEST(test_invitations)
{
	struct store_group g = {.slug = S("night-shift"), .name = S("Night shift club"), .purpose = S("Sleep."),
				.audience = S("Anyone")};
	CHECK(store_group_request(st, &g, ann, NOW, &group) == 0);
	CHECK(store_group_decide(st, group, true, S(""), dan, NOW + 60) == 0);
	CHECK(store_group_invite(st, group, bob, S(""), ann, NOW + 61, &inv) == 0);
	int64_t by_mail = 0;
	CHECK(store_group_invite(st, group, 0, S("someone@example.org"), ann, NOW + 62, &by_mail) == 0);
	struct store_mail_event_list l;
	CHECK(store_mail_events(st, ar, STORE_MAIL_INVITATION, 0, 100, &l) == 0 && l.n == 1);
	const struct store_mail_event *e = &l.items[0];
	CHECK(e->seq == inv && e->member_id == bob && e->actor_id == ann && e->group_id == group);
	CHECK(str_eqc(e->title, "Night shift club") && str_eqc(e->link, "/groups") && !e->read);
	CHECK(e->section == STORE_SECTION_GROUP);
}

static bool has_item(const struct store_mail_event_list *l, enum store_mail_kind k, const char *title)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].kind == k && str_eqc(l->items[i].title, title))
			return true;
	return false;
}

TEST(test_digest_items)
{
	unsigned all = (1u << STORE_MAIL_REPLY) | (1u << STORE_MAIL_MENTION) | (1u << STORE_MAIL_MESSAGE) |
		       (1u << STORE_MAIL_INVITATION) | (1u << STORE_MAIL_DECISION);
	struct store_mail_event_list l;
	/* bob: the reply, the conversation (2 unread), the invitation. */
	CHECK(store_mail_digest_items(st, ar, bob, all, 0, 100, &l) == 0 && l.n == 3);
	CHECK(has_item(&l, STORE_MAIL_REPLY, "Chest pain at night"));
	CHECK(has_item(&l, STORE_MAIL_MESSAGE, "Rota swap") && has_item(&l, STORE_MAIL_INVITATION, "Night shift club"));
	CHECK(l.items[0].kind == STORE_MAIL_INVITATION && l.items[2].kind == STORE_MAIL_REPLY); /* newest first */
	for (int i = 0; i < l.n; i++) {
		CHECK(l.items[i].member_id == bob && !l.items[i].read && !has_text(&l.items[i], "secretword"));
		if (l.items[i].kind == STORE_MAIL_MESSAGE)
			CHECK(str_eqc(l.items[i].detail, "2") && l.items[i].seq == msg2);
	}
	/* Kinds and since. */
	CHECK(store_mail_digest_items(st, ar, bob, 1u << STORE_MAIL_REPLY, 0, 100, &l) == 0 && l.n == 1);
	CHECK(store_mail_digest_items(st, ar, bob, all, NOW + 45, 100, &l) == 0 && l.n == 2);
	CHECK(store_mail_digest_items(st, ar, bob, all, 0, 1, &l) == 0 && l.n == 1);
	CHECK(store_mail_digest_items(st, ar, bob, 0, 0, 100, &l) == 0 && l.n == 0);
	/* cat read the mention; the conversation is unread. */
	CHECK(store_mail_digest_items(st, ar, cat, all, 0, 100, &l) == 0 && l.n == 1);
	CHECK(l.items[0].kind == STORE_MAIL_MESSAGE);
	/* Read it all on the site: nothing left. */
	CHECK(store_notification_read(st, bob, 0, NOW + 70) == 0);
	CHECK(store_conversation_act(st, conv, bob, STORE_CONV_READ, NOW + 70) == 0);
	CHECK(store_invitation_answer(st, inv, bob, S("bob@mail_events.example.org"), true, NOW + 70) == 0);
	CHECK(store_mail_digest_items(st, ar, bob, all, 0, 100, &l) == 0 && l.n == 0);
	/* A muted conversation is in no digest. */
	CHECK(store_conversation_act(st, conv, cat, STORE_CONV_MUTE, NOW + 71) == 0);
	CHECK(store_mail_digest_items(st, ar, cat, all, 0, 100, &l) == 0 && l.n == 0);
	CHECK(store_mail_digest_items(st, ar, 0, all, 0, 100, &l) != 0);
	CHECK(store_mail_digest_items(st, ar, bob, all, 0, 0, &l) != 0);
}

TEST(test_decisions)
{
	unsigned dec = 1u << STORE_MAIL_DECISION;
	struct store_mail_event_list l;
	/* ann's group was approved (by dan, at NOW + 60). */
	CHECK(store_mail_digest_items(st, ar, ann, dec, 0, 100, &l) == 0 && l.n == 1);
	CHECK(str_eqc(l.items[0].title, "Night shift club") && str_eqc(l.items[0].detail, "group approved"));
	CHECK(str_eqc(l.items[0].link, "/g/night-shift") && l.items[0].created_at == NOW + 60);
	/* eve: a verification declined, a blog approved, a warning. */
	struct store_verification v = {.member_id = eve, .authority = S("gmc"), .number = S("1234567"),
				       .reg_name = S("Eve Ng"), .name_key = S("eve ng")};
	int64_t vid = 0, who = 0, app = 0, blog = 0;
	bool at_once = true;
	CHECK(store_verification_apply(st, &v, NOW, &vid, &at_once) == 0 && !at_once);
	CHECK(store_verification_decide(st, vid, dan, false, S("Not found"), NOW + 80, &who) == 0 && who == eve);
	CHECK(store_blogger_apply(st, eve, S("Ward notes"), S("About"), S(""), NOW, &app) == 0);
	CHECK(store_blogger_decide(st, app, true, S("ward-notes"), S(""), dan, NOW + 81, &blog) == 0);
	char target[32];
	snprintf(target, sizeof target, "member:%lld", (long long)eve);
	CHECK(store_audit(st, dan, S("member.warn"), str_c(target), S("Be kind")) == 0);
	CHECK(store_mail_digest_items(st, ar, eve, dec, 0, 100, &l) == 0 && l.n == 3);
	CHECK(has_item(&l, STORE_MAIL_DECISION, "Your verification as a doctor"));
	CHECK(has_item(&l, STORE_MAIL_DECISION, "Ward notes") && has_item(&l, STORE_MAIL_DECISION, "A moderator's warning"));
	for (int i = 0; i < l.n; i++) {
		if (str_eqc(l.items[i].title, "Ward notes"))
			CHECK(str_eqc(l.items[i].detail, "blog approved") && str_eqc(l.items[i].link, "/b/ward-notes"));
		if (str_eqc(l.items[i].title, "Your verification as a doctor"))
			CHECK(str_eqc(l.items[i].detail, "verification rejected") && str_eqc(l.items[i].link, "/verify"));
		CHECK(!l.items[i].read);
	}
	/* Decisions are not in a digest of other kinds, nor before since. */
	CHECK(store_mail_digest_items(st, ar, eve, 1u << STORE_MAIL_REPLY, 0, 100, &l) == 0 && l.n == 0);
	CHECK(store_mail_digest_items(st, ar, ann, dec, NOW + 60, 100, &l) == 0 && l.n == 0);
	/* fay: verified, then withdrawn by a register import (logged with
	 * the real clock): after the approval, a decision of its own. */
	fay = add_member("fay", "Fay Ford", false, 0);
	fixture_withdraw(fay, dan, NOW + 100);
	CHECK(store_mail_digest_items(st, ar, fay, dec, NOW + 100, 100, &l) == 0 && l.n == 1);
	CHECK(str_eqc(l.items[0].detail, "verification withdrawn") && str_eqc(l.items[0].link, "/verify"));
	CHECK(str_eqc(l.items[0].title, "Your verification as a doctor") && l.items[0].member_id == fay);
	CHECK(store_mail_digest_items(st, ar, fay, dec, 0, 100, &l) == 0 && l.n == 2); /* and the approval */
	CHECK(store_mail_digest_items(st, ar, fay, 1u << STORE_MAIL_REPLY, 0, 100, &l) == 0 && l.n == 0);
	CHECK(store_mail_digest_items(st, ar, eve, dec, 0, 100, &l) == 0 && l.n == 3); /* eve's alone */
}

TEST(test_digest_members)
{
	int64_t ids[8];
	int n = 0;
	/* Since the start: cat (the conversation is muted now, the mention
	 * read: none), ann (group decision), eve (decisions), fay (her
	 * approval and its withdrawal). */
	CHECK(store_mail_digest_members(st, 0, 0, 8, ids, &n) == 0);
	bool seen_ann = false, seen_eve = false, seen_bob = false, seen_fay = false;
	for (int i = 0; i < n; i++) {
		seen_ann |= ids[i] == ann;
		seen_eve |= ids[i] == eve;
		seen_fay |= ids[i] == fay;
		seen_bob |= ids[i] == bob;
		if (i)
			CHECK(ids[i] > ids[i - 1]);
	}
	CHECK(seen_ann && seen_eve && seen_fay && !seen_bob);
	/* Paged by id. */
	int64_t one[1];
	int k = 0;
	CHECK(store_mail_digest_members(st, 0, 0, 1, one, &k) == 0 && k == 1 && one[0] == ids[0]);
	CHECK(store_mail_digest_members(st, 0, one[0], 1, one, &k) == 0 && k == 1 && one[0] == ids[1]);
	CHECK(store_mail_digest_members(st, 0, ids[n - 1], 8, ids, &k) == 0 && k == 0);
	/* Nothing since a time after it all (the audit row has the real
	 * clock: beyond it). */
	CHECK(store_mail_digest_members(st, (int64_t)4000000000, 0, 8, ids, &k) == 0 && k == 0);
	CHECK(store_mail_digest_members(st, 0, 0, 0, ids, &k) != 0);
	CHECK(store_mail_digest_members(st, 0, 0, 1001, ids, &k) != 0);
	/* The withdrawal alone (logged with the real clock, after the
	 * approval at NOW + 95) makes fay a candidate. */
	CHECK(store_mail_digest_members(st, NOW + 1000, fay - 1, 1, one, &k) == 0 && k == 1 && one[0] == fay);
}

int main(void)
{
	if (fixture_setup("mail_events") < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_migrate);
	if (st) {
		RUN(test_prefs);
		RUN(test_replies_mentions);
		RUN(test_gone_topic);
		RUN(test_messages);
		RUN(test_invitations);
		RUN(test_digest_items);
		RUN(test_decisions);
		RUN(test_digest_members);
	}
	fixture_cleanup();
	return unit_summary();
}
