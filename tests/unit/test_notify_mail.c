/* test_notify_mail.c: what members are emailed about and when
 * (src/mail/notify_mail.c) against a real store, SQLite or (with
 * ROUNDS_TEST_PG) PostgreSQL, reading the queue with store_mail_recent.
 * The fan-out: nothing for history before it started, one mail per event
 * to a member whose mode is immediate, none twice (the cursor), never the
 * text of a post or message, the title only when the recipient may still
 * read the forum, nothing about a conversation they have muted; the hourly
 * cap, and the daily digest carrying what it held back.  Digests: one
 * gathering the daily kinds, none when everything is read, none twice in
 * a day unless forced, the scope "daily" in the unsubscribe link.  The
 * decision rule (mail_decision_wanted); a register import's withdrawal
 * in the daily digest of a member who chose it, and nowhere for never.
 * Digests by the member's own time zone: a day from 06:00 local, a week
 * from Monday 06:00, for members in Sydney and Los Angeles (and through
 * their changes of daylight time) and one with no zone (UTC): due at
 * that hour and not before, never twice in one local day or week. */
#include <string.h>

#include "core/arena.h"
#include "mail/notify_mail.h"
#include "store/store.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000;
static struct rounds_config cfg;
static const unsigned char secret[32] = {1, 2, 3};
static struct mail_env env;
static int64_t ann, bob, cat, vic, forum, closed;
static int64_t at = NOW; /* when the next topic or reply is written */

static bool has(str s, const char *needle)
{
	return s.n && memmem(s.p, s.n, needle, strlen(needle)) != NULL;
}

/* The messages queued to `member`, newest first. */
static struct store_mail_list queued(int64_t member)
{
	struct store_mail_list l = {0};
	CHECK(store_mail_recent(st, ar, member, 50, &l) == 0);
	return l;
}

static int64_t topic(int64_t author, int64_t f, const char *title)
{
	struct store_post_new p = {.author = author, .body = S("First post."), .body_html = S("<p>First post.</p>")};
	int64_t t = 0, p1 = 0;
	CHECK(store_topic_create(st, f, str_c(title), &p, at, &t, &p1) == 0);
	return t;
}

static int64_t reply(int64_t author, int64_t t, const char *body, const int64_t *mentions, int n)
{
	struct store_post_new p = {.author = author, .body = str_c(body), .body_html = str_c(body),
				   .mentions = mentions, .nmentions = n};
	int64_t id = 0;
	CHECK(store_post_create(st, t, &p, at, &id) == 0);
	return id;
}

static void set_mode(int64_t member, enum store_mail_kind k, enum store_mail_mode m)
{
	enum store_mail_mode modes[STORE_MAIL_KIND_MAX];
	CHECK(store_mail_prefs_get(st, member, modes) == 0);
	modes[k] = m;
	CHECK(store_mail_prefs_set(st, member, modes) == 0);
}

TEST(test_setup)
{
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	CHECK(store_migrate(st) >= 14);
	snprintf(cfg.base_url, sizeof cfg.base_url, "https://rounds.example/");
	snprintf(cfg.listen, sizeof cfg.listen, "127.0.0.1:1");
	cfg.mail_hourly_cap = 4;
	env = (struct mail_env){.cfg = &cfg, .st = st, .secret = secret};
	ann = add_member("ann", "Ann Able", true, 0);
	bob = add_member("bob", "Bob Baker", true, 0);
	cat = add_member("cat", "Cat Cole", true, 0);
	vic = add_member("vic", "Vic Vale", true, 0);
	forum = forum_id("medicine");
	closed = forum_id("medicine-doctors");
	CHECK(forum > 0 && closed > 0);
}

TEST(test_history_is_not_mailed)
{
	/* Events before the first fan-out: migration 14 started the cursors
	 * at the newest ids, and this store was empty then; so make history
	 * by moving the cursor past an event as a first run would. */
	int64_t t = topic(ann, forum, "Old history");
	set_mode(ann, STORE_MAIL_REPLY, STORE_MAIL_IMMEDIATE);
	reply(bob, t, "an old reply", NULL, 0);
	int64_t mark = 0;
	CHECK(store_mail_mark_get(st, S("fanout:reply"), &mark) == 0 && mark == 0);
	struct store_mail_event_list l;
	CHECK(store_mail_events(st, ar, STORE_MAIL_REPLY, 0, 10, &l) == 0 && l.n == 1);
	struct store_mail_mark m = {S("fanout:reply"), 0, l.items[0].seq};
	CHECK(store_mail_enqueue(st, NULL, 0, &m, NOW, NULL) == 0);
	CHECK(mail_fanout(&env, ar, NOW) == 0);
	CHECK(queued(ann).n == 0);
}

TEST(test_reply_and_mention)
{
	int64_t t = topic(ann, forum, "Chest pain at night");
	int64_t men[] = {cat};
	int64_t p = reply(bob, t, "secretword: consider angina", men, 1);
	/* cat's mention mode is daily (the default): nothing for cat now. */
	CHECK(mail_fanout(&env, ar, NOW) == 0);
	struct store_mail_list l = queued(ann);
	CHECK(l.n == 1);
	if (l.n) {
		const struct store_mail *m = &l.items[0];
		char link[64];
		snprintf(link, sizeof link, "https://rounds.example/p/%lld", (long long)p);
		CHECK(m->kind == STORE_MAIL_REPLY && has(m->subject, "Chest pain at night"));
		CHECK(has(m->text, link) && has(m->html, link) && has(m->text, "Bob Baker"));
		CHECK(!has(m->text, "secretword") && !has(m->html, "secretword") && !has(m->subject, "secretword"));
		CHECK(has(m->unsubscribe, "s=reply") && str_eq(m->address, S("ann@notify.example.org")));
	}
	CHECK(queued(cat).n == 0);
	/* Again: nothing twice. */
	CHECK(mail_fanout(&env, ar, NOW + 1) == 0);
	CHECK(queued(ann).n == 1);
	/* cat wants mentions at once now; a new mention comes at once. */
	set_mode(cat, STORE_MAIL_MENTION, STORE_MAIL_IMMEDIATE);
	reply(bob, t, "again", men, 1);
	CHECK(mail_fanout(&env, ar, NOW + 2) == 0);
	l = queued(cat);
	CHECK(l.n == 1 && l.items[0].kind == STORE_MAIL_MENTION && has(l.items[0].subject, "mentioned"));
}

TEST(test_messages_and_mute)
{
	set_mode(ann, STORE_MAIL_MESSAGE, STORE_MAIL_IMMEDIATE);
	set_mode(cat, STORE_MAIL_MESSAGE, STORE_MAIL_IMMEDIATE);
	struct store_message_new m = {.author = bob, .body = S("secretword message"), .body_html = S("x")};
	int64_t to[] = {ann, cat}, conv = 0, msg = 0, blocked = 0;
	CHECK(store_conversation_start(st, &m, to, 2, S("Rota swap"), NOW, &conv, &msg, &blocked) == 0);
	CHECK(store_conversation_act(st, conv, cat, STORE_CONV_MUTE, NOW) == 0);
	int before_ann = queued(ann).n, before_cat = queued(cat).n;
	CHECK(mail_fanout(&env, ar, NOW + 3) == 0);
	struct store_mail_list l = queued(ann);
	CHECK(l.n == before_ann + 1 && l.items[0].kind == STORE_MAIL_MESSAGE && has(l.items[0].subject, "Rota swap"));
	CHECK(!has(l.items[0].text, "secretword") && !has(l.items[0].html, "secretword"));
	CHECK(queued(cat).n == before_cat); /* muted: no email */
}

TEST(test_title_only_when_visible)
{
	CHECK(store_member_set_verified(st, vic, true) == 0);
	set_mode(vic, STORE_MAIL_REPLY, STORE_MAIL_IMMEDIATE);
	int64_t t = topic(vic, closed, "Closed case of porphyria");
	CHECK(store_member_set_verified(st, vic, false) == 0); /* withdrawn */
	int64_t p = reply(ann, t, "secretword closed", NULL, 0);
	CHECK(mail_fanout(&env, ar, NOW + 4) == 0);
	struct store_mail_list l = queued(vic);
	CHECK(l.n == 1);
	if (l.n) {
		char link[64];
		snprintf(link, sizeof link, "https://rounds.example/p/%lld", (long long)p);
		CHECK(!has(l.items[0].subject, "porphyria") && !has(l.items[0].text, "porphyria"));
		CHECK(!has(l.items[0].html, "porphyria") && !has(l.items[0].text, "secretword"));
		CHECK(has(l.items[0].text, link));
	}
}

TEST(test_cap_and_digest)
{
	/* ann has had 3 non-account mails this hour (two replies, a
	 * message); the cap is 4: one more reply at once, two held back. */
	int64_t t = topic(ann, forum, "Busy ward round");
	for (int i = 0; i < 3; i++)
		reply(bob, t, "secretmore", NULL, 0);
	CHECK(mail_fanout(&env, ar, NOW + 5) == 0);
	struct store_mail_list l = queued(ann);
	int replies = 0;
	for (int i = 0; i < l.n; i++)
		replies += has(l.items[i].subject, "Busy ward round");
	if (replies != 1)
		for (int i = 0; i < l.n; i++)
			fprintf(stderr, "%.*s\n", (int)l.items[i].subject.n, l.items[i].subject.p);
	CHECK(replies == 1);
	int64_t capped = 0;
	char key[32];
	snprintf(key, sizeof key, "capped:%lld", (long long)ann);
	CHECK(store_mail_mark_get(st, str_c(key), &capped) == 0 && capped == NOW);
	/* The daily digest (forced) carries them, though ann's replies are
	 * immediate; the mark is cleared. */
	int n = mail_digests_run(&env, ar, NOW + 60, true);
	CHECK(n >= 1);
	l = queued(ann);
	CHECK(l.n > 0 && l.items[0].kind == STORE_MAIL_DIGEST && has(l.items[0].text, "Busy ward round"));
	CHECK(has(l.items[0].unsubscribe, "s=daily") && !has(l.items[0].text, "secretmore"));
	CHECK(store_mail_mark_get(st, str_c(key), &capped) == 0 && capped == 0);
}

TEST(test_digests)
{
	/* cat: everything daily but mentions (immediate).  A reply in a
	 * watched topic and an invitation wait for the digest. */
	set_mode(cat, STORE_MAIL_MESSAGE, STORE_MAIL_DAILY);
	at = NOW + 200; /* after the forced digest of test_cap_and_digest */
	int64_t t = topic(cat, forum, "Cat's question on gout");
	reply(bob, t, "secretword answer", NULL, 0);
	CHECK(mail_fanout(&env, ar, NOW + 100) == 0);
	int before = queued(cat).n;
	/* Not forced: the first digest of a day is due (cat has no time
	 * zone: UTC, so a day from 06:00 UTC). */
	int64_t day2 = (NOW / 86400 + 1) * 86400 + 7 * 3600;
	CHECK(mail_digests_run(&env, ar, day2, false) >= 1);
	struct store_mail_list l = queued(cat);
	CHECK(l.n == before + 1 && l.items[0].kind == STORE_MAIL_DIGEST);
	CHECK(has(l.items[0].subject, "daily digest") && has(l.items[0].text, "Cat's question on gout"));
	CHECK(has(l.items[0].html, "Cat&#39;s question on gout") || has(l.items[0].html, "Cat's question on gout"));
	CHECK(!has(l.items[0].text, "secretword") && !has(l.items[0].html, "secretword"));
	/* An hour later: not due again today. */
	at = day2 + 1800;
	reply(bob, t, "later", NULL, 0);
	CHECK(mail_digests_run(&env, ar, day2 + 3600, false) == 0);
	CHECK(queued(cat).n == before + 1);
	/* Read on the site: forced, still nothing to tell. */
	CHECK(store_notification_read(st, cat, 0, day2 + 3700) == 0);
	CHECK(mail_digests_run(&env, ar, day2 + 7200, true) >= 0);
	CHECK(queued(cat).n == before + 1);
}

TEST(test_decision_rule)
{
	CHECK(mail_decision_wanted(&env, bob)); /* the default: immediate */
	set_mode(bob, STORE_MAIL_DECISION, STORE_MAIL_NEVER);
	CHECK(!mail_decision_wanted(&env, bob));
	set_mode(bob, STORE_MAIL_DECISION, STORE_MAIL_DAILY);
	CHECK(!mail_decision_wanted(&env, bob));
	set_mode(bob, STORE_MAIL_DECISION, STORE_MAIL_IMMEDIATE);
	CHECK(mail_decision_wanted(&env, bob));
	CHECK(mail_digest_period(STORE_MAIL_DAILY) == 86400 && mail_digest_period(STORE_MAIL_WEEKLY) == 7 * 86400);
}

TEST(test_withdrawal_follows_the_mode)
{
	/* A register import withdraws wes's and nell's verifications; wes
	 * has decisions daily, nell never: neither is mailed at once (the
	 * rule), wes's digest says it, nell hears nothing. */
	int64_t wes = add_member("wes", "Wes Ward", false, 0), nell = add_member("nell", "Nell Nash", false, 0);
	set_mode(wes, STORE_MAIL_DECISION, STORE_MAIL_DAILY);
	set_mode(nell, STORE_MAIL_DECISION, STORE_MAIL_NEVER);
	fixture_withdraw(wes, ann, NOW + 300);
	fixture_withdraw(nell, ann, NOW + 301);
	CHECK(!mail_decision_wanted(&env, wes) && !mail_decision_wanted(&env, nell));
	CHECK(mail_digests_run(&env, ar, NOW + 400, true) >= 1);
	struct store_mail_list l = queued(wes);
	CHECK(l.n == 1);
	if (l.n) {
		CHECK(l.items[0].kind == STORE_MAIL_DIGEST && has(l.items[0].subject, "daily digest"));
		CHECK(has(l.items[0].text, "verification as a doctor was withdrawn"));
		CHECK(has(l.items[0].html, "verification as a doctor was withdrawn"));
		CHECK(has(l.items[0].text, "https://rounds.example/verify"));
	}
	CHECK(queued(nell).n == 0);
}

TEST(test_digest_slot)
{
	const int64_t d13 = 1752386400; /* 2025-07-13 06:00 UTC */
	CHECK(mail_digest_slot(S(""), STORE_MAIL_DAILY, d13) == d13 / 86400);
	CHECK(mail_digest_slot(S(""), STORE_MAIL_DAILY, d13 - 1) == d13 / 86400 - 1);
	CHECK(mail_digest_slot(S("UTC"), STORE_MAIL_DAILY, d13 + 86399) == d13 / 86400);
	CHECK(mail_digest_slot(S("No/Such_Zone"), STORE_MAIL_DAILY, d13) == d13 / 86400);
	/* Sydney (UTC+10 in July): its Monday 14 July starts at 20:00 UTC
	 * on the 13th, its week too; Los Angeles (UTC-7) at 13:00 UTC. */
	const int64_t syd = d13 + 14 * 3600, la = d13 + 7 * 3600;
	CHECK(mail_digest_slot(S("Australia/Sydney"), STORE_MAIL_DAILY, syd) ==
	      mail_digest_slot(S("Australia/Sydney"), STORE_MAIL_DAILY, syd - 1) + 1);
	CHECK(mail_digest_slot(S("Australia/Sydney"), STORE_MAIL_WEEKLY, syd) ==
	      mail_digest_slot(S("Australia/Sydney"), STORE_MAIL_WEEKLY, syd - 1) + 1);
	CHECK(mail_digest_slot(S("Australia/Sydney"), STORE_MAIL_WEEKLY, syd + 6 * 86400 + 86399) ==
	      mail_digest_slot(S("Australia/Sydney"), STORE_MAIL_WEEKLY, syd));
	CHECK(mail_digest_slot(S("America/Los_Angeles"), STORE_MAIL_DAILY, la) ==
	      mail_digest_slot(S("America/Los_Angeles"), STORE_MAIL_DAILY, la - 1) + 1);
	/* UTC weeks from Monday 06:00: Monday 14 July 2025 06:00 UTC. */
	CHECK(mail_digest_slot(S(""), STORE_MAIL_WEEKLY, d13 + 86400) ==
	      mail_digest_slot(S(""), STORE_MAIL_WEEKLY, d13 + 86399) + 1);
	/* Week 0 from Monday 29 December 1969 06:00 UTC. */
	CHECK(mail_digest_slot(S(""), STORE_MAIL_WEEKLY, -237600) == 0);
	CHECK(mail_digest_slot(S(""), STORE_MAIL_WEEKLY, -237601) == -1);
}

/* The digests of `member` in the queue whose subject names `mode`. */
static int digests_of(int64_t member, const char *mode)
{
	struct store_mail_list l = queued(member);
	int n = 0;
	char want[32];
	snprintf(want, sizeof want, "%s digest", mode);
	for (int i = 0; i < l.n; i++)
		n += l.items[i].kind == STORE_MAIL_DIGEST && has(l.items[i].subject, want);
	return n;
}

static int64_t mark_of(const char *mode, int64_t member)
{
	char key[64];
	snprintf(key, sizeof key, "digest:%s:%lld", mode, (long long)member);
	int64_t v = -1;
	CHECK(store_mail_mark_get(st, str_c(key), &v) == 0);
	return v;
}

TEST(test_local_time)
{
	/* syd, la and utc (no zone) have replies daily; wk in Sydney weekly.
	 * Before each run a reply in each one's topic, so a digest that is
	 * due has something to say. */
	static const char *const names[] = {"syd", "la", "utc", "wk"};
	static const char *const zone[] = {"Australia/Sydney", "America/Los_Angeles", "", "Australia/Sydney"};
	int64_t who[4], topics[4];
	at = 1752400000;
	for (int i = 0; i < 4; i++) {
		who[i] = add_member(names[i], names[i], true, 0);
		struct store_profile p = {.name = str_c(names[i]), .country = S("GB"), .timezone = str_c(zone[i])};
		CHECK(store_member_update_profile(st, who[i], &p) == 0);
		topics[i] = topic(who[i], forum, "A question of local time");
	}
	set_mode(who[3], STORE_MAIL_REPLY, STORE_MAIL_WEEKLY);
	/* When a run is, and who is due then (syd, la, utc, wk). */
	static const struct {
		int64_t when;
		bool due[4];
		const char *what;
	} runs[] = {
		{1752400800, {1, 1, 1, 1}, "Sun 13 Jul 10:00 UTC: the first digests, due at once"},
		{1752411540, {0, 0, 0, 0}, "12:59 UTC: 05:59 in Los Angeles"},
		{1752411600, {0, 1, 0, 0}, "13:00 UTC: 06:00 in Los Angeles"},
		{1752436740, {0, 0, 0, 0}, "19:59 UTC: Monday 05:59 in Sydney"},
		{1752436800, {1, 0, 0, 1}, "20:00 UTC: Monday 06:00 in Sydney, its new week too"},
		{1752453000, {0, 0, 0, 0}, "Mon 14 Jul 00:30 UTC: a new UTC day, no one's new local one"},
		{1752472740, {0, 0, 0, 0}, "05:59 UTC"},
		{1752472800, {0, 0, 1, 0}, "06:00 UTC: no zone's new day"},
		{1752498000, {0, 1, 0, 0}, "13:00 UTC: 06:00 in Los Angeles"},
		{1752523200, {1, 0, 0, 0}, "20:00 UTC: Tuesday 06:00 in Sydney, the same week"},
		{1752714000, {1, 1, 1, 0}, "Thu 17 Jul 01:00 UTC: a new block of 7 UTC days, not a Monday"},
		{1753041540, {1, 1, 1, 0}, "Sun 20 Jul 19:59 UTC: Monday 05:59 in Sydney"},
		{1753041600, {1, 0, 0, 1}, "20:00 UTC: Monday 06:00 in Sydney"},
		{1759572000, {1, 1, 1, 1}, "Sat 4 Oct 10:00 UTC"},
		{1759604340, {0, 1, 0, 0}, "18:59 UTC: Sunday 05:59 in Sydney, now in daylight time (UTC+11)"},
		{1759604400, {1, 0, 0, 0}, "19:00 UTC: Sunday 06:00 in Sydney"},
		{1762027200, {1, 1, 1, 1}, "Sat 1 Nov 20:00 UTC"},
		{1762090200, {0, 0, 1, 0}, "Sun 2 Nov 13:30 UTC: 05:30 in Los Angeles, out of daylight time"},
		{1762092000, {0, 1, 0, 0}, "14:00 UTC: 06:00 in Los Angeles"},
	};
	int sent[4] = {0};
	for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
		at = runs[r].when - 30;
		int64_t before[4];
		for (int i = 0; i < 4; i++) {
			reply(bob, topics[i], "later", NULL, 0);
			before[i] = mark_of(i == 3 ? "weekly" : "daily", who[i]);
		}
		CHECK(mail_digests_run(&env, ar, runs[r].when, false) >= 0);
		for (int i = 0; i < 4; i++) {
			const char *mode = i == 3 ? "weekly" : "daily";
			sent[i] += runs[r].due[i];
			int64_t mark = mark_of(mode, who[i]);
			int got = digests_of(who[i], mode);
			if (mark != (runs[r].due[i] ? runs[r].when : before[i]) || got != sent[i]) {
				CHECK(!"a digest due at its local time, and only then");
				fprintf(stderr, "  %s: %s %s, but %d of %d sent\n", runs[r].what, names[i],
					runs[r].due[i] ? "due" : "not due", got, sent[i]);
			}
		}
	}
	CHECK(sent[0] == 9 && sent[1] == 9 && sent[2] == 7 && sent[3] == 5);
}

int main(void)
{
	if (fixture_setup("notify") < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_setup);
	if (st) {
		RUN(test_history_is_not_mailed);
		RUN(test_reply_and_mention);
		RUN(test_messages_and_mute);
		RUN(test_title_only_when_visible);
		RUN(test_cap_and_digest);
		RUN(test_digests);
		RUN(test_decision_rule);
		RUN(test_withdrawal_follows_the_mode);
		RUN(test_digest_slot);
		RUN(test_local_time);
	}
	fixture_cleanup();
	return unit_summary();
}
