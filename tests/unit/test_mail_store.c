/* test_mail_store.c: the mail queue in the store (store.h "Mail": the
 * queue, marks, claims, outcomes, bounces, counts), backend-agnostic as
 * test_library_store.c: against a SQLite file in a fresh temporary
 * folder, or, when ROUNDS_TEST_PG names a PostgreSQL server, against a
 * fresh database made there and dropped at the end.  Migration 14; the
 * names; refusals writing nothing; queueing and reading back; the mark's
 * compare-and-set (a stale `from` writes nothing); claims under a lease
 * (an expired lease is claimed again; a retry waits for its time);
 * outcomes; a bounce suppressing what is queued to the address, and what
 * is queued later, until cleared, matched as sign-up matches members;
 * the hourly count; store_gc; an account
 * deletion; and many threads claiming at once never getting the same
 * message.  A raw connection looks at rows the store has no reader for
 * (store_fixture.h). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000;
static int64_t ada, bob;

/* A message of `kind` to `to` for `member`. */
static struct store_mail msg(int64_t member, enum store_mail_kind kind, const char *to, const char *subject)
{
	return (struct store_mail){
		.member_id = member,
		.kind = kind,
		.address = str_c(to),
		.subject = str_c(subject),
		.text = S("Hello,\n\nthe text part.\n"),
		.html = S("<p>Hello,</p><p>the HTML part.</p>"),
		.unsubscribe = kind == STORE_MAIL_ACCOUNT ? S("") : S("https://rounds.example/unsubscribe?m=1&s=reply&t=x"),
	};
}

static int64_t rows(void)
{
	return raw_int("SELECT count(*) FROM mail_queue");
}

static int64_t status_of(int64_t id, const char *status)
{
	char n[24];
	snprintf(n, sizeof n, "%lld", (long long)id);
	const char *p[] = {n, status};
	return raw_q("SELECT count(*) FROM mail_queue WHERE id = CAST($1 AS INTEGER) AND status = $2", 2, p);
}

/* Queues one message at `now`; its id (0 on failure, a failed check). */
static int64_t queue1(int64_t member, enum store_mail_kind kind, const char *to, int64_t now)
{
	struct store_mail m = msg(member, kind, to, "A subject");
	int64_t id = 0;
	CHECK(store_mail_enqueue(st, &m, 1, NULL, now, &id) == 0);
	CHECK(id > 0);
	return id;
}

/* Marks every message sent that is still due, so a test starts clean. */
static void drain(int64_t now)
{
	struct store_mail_list l;
	while (store_mail_claim(st, ar, now, 60, 100, &l) == 0 && l.n)
		for (int i = 0; i < l.n; i++)
			CHECK(store_mail_done(st, l.items[i].id, STORE_MAIL_SENT, S(""), 0, now) == 0);
}

TEST(test_migrate)
{
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	int v = store_migrate(st);
	CHECK(v >= 14);
	CHECK(store_migrate(st) == v);
	CHECK(rows() == 0);
	CHECK(raw_int("SELECT count(*) FROM mail_bounces") == 0);
	CHECK(raw_int("SELECT count(*) FROM mail_prefs") == 0);
	/* The fan-out cursors start where the history ends. */
	CHECK(raw_int("SELECT count(*) FROM mail_marks WHERE key LIKE 'fanout:%'") == 4);
	ada = add_member("ada", "Ada Lovelace", true, 0);
	bob = add_member("bob", "Bob Baker", false, 0);
	if (!pg_base)
		CHECK(raw_int("PRAGMA user_version") == v);
}

TEST(test_names)
{
	const char *kinds[] = {"account", "reply", "mention", "message", "invitation", "decision", "digest"};
	for (int i = 0; i < STORE_MAIL_KIND_MAX; i++) {
		CHECK(strcmp(store_mail_kind_name((enum store_mail_kind)i), kinds[i]) == 0);
		CHECK(store_mail_kind_parse(str_c(kinds[i])) == i);
	}
	const char *modes[] = {"immediate", "daily", "weekly", "never"};
	for (int i = 0; i < STORE_MAIL_MODE_MAX; i++) {
		CHECK(strcmp(store_mail_mode_name((enum store_mail_mode)i), modes[i]) == 0);
		CHECK(store_mail_mode_parse(str_c(modes[i])) == i);
	}
	CHECK(store_mail_kind_parse(S("Reply")) == -1);
	CHECK(store_mail_kind_parse(S("")) == -1);
	CHECK(store_mail_mode_parse(S("hourly")) == -1);
	CHECK(strcmp(store_mail_kind_name(STORE_MAIL_KIND_MAX), "") == 0);
	CHECK(strcmp(store_mail_mode_name((enum store_mail_mode)-1), "") == 0);
}

TEST(test_refused)
{
	int64_t before = rows(), ids[2] = {7, 7};
	struct store_mail good = msg(ada, STORE_MAIL_REPLY, "ada@mail.example.org", "Fine");
	struct store_mail bad[] = {
		msg(ada, STORE_MAIL_REPLY, "", "No address"),
		msg(ada, STORE_MAIL_REPLY, "ada@mail.example.org\r\nBcc: x@y", "Injected"),
		msg(ada, STORE_MAIL_REPLY, "<ada@mail.example.org>", "Brackets"),
		msg(ada, STORE_MAIL_REPLY, "ada@mail.example.org", "Two\nlines"),
		msg(ada, STORE_MAIL_REPLY, "ada@mail.example.org", ""),
		msg(ada, STORE_MAIL_KIND_MAX, "ada@mail.example.org", "Unknown kind"),
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct store_mail pair[2] = {good, bad[i]};
		CHECK(store_mail_enqueue(st, pair, 2, NULL, NOW, ids) == STORE_ERR);
		CHECK(ids[0] == 0 && ids[1] == 0);
	}
	struct store_mail notext = good;
	notext.text = S("");
	CHECK(store_mail_enqueue(st, &notext, 1, NULL, NOW, NULL) == STORE_ERR);
	CHECK(store_mail_enqueue(st, &good, 101, NULL, NOW, NULL) == STORE_ERR);
	CHECK(store_mail_enqueue(st, &good, -1, NULL, NOW, NULL) == STORE_ERR);
	char key[102];
	memset(key, 'k', 101);
	key[101] = '\0';
	struct store_mail_mark long_key = {str_c(key), 0, 1};
	CHECK(store_mail_enqueue(st, &good, 1, &long_key, NOW, NULL) == STORE_ERR);
	int64_t v = 9;
	CHECK(store_mail_mark_get(st, str_c(key), &v) == STORE_ERR && v == 0);
	CHECK(store_mail_mark_get(st, S(""), &v) == STORE_ERR);
	struct store_mail_list l = {0};
	CHECK(store_mail_claim(st, ar, NOW, 60, 0, &l) == STORE_ERR);
	CHECK(store_mail_claim(st, ar, NOW, 60, 101, &l) == STORE_ERR);
	CHECK(store_mail_claim(st, ar, NOW, 0, 1, &l) == STORE_ERR);
	CHECK(store_mail_done(st, 1, (enum store_mail_outcome)9, S(""), 0, NOW) == STORE_ERR);
	CHECK(store_mail_recent(st, ar, 0, 0, &l) == STORE_ERR);
	CHECK(store_mail_bounce_get(st, S(""), &v) == STORE_ERR);
	CHECK(store_mail_bounce_clear(st, S("")) == STORE_ERR);
	CHECK(rows() == before);
	/* Nothing to do is no error. */
	CHECK(store_mail_enqueue(st, NULL, 0, NULL, NOW, NULL) == 0);
	CHECK(rows() == before);
}

TEST(test_enqueue_read)
{
	struct store_mail m[2] = {
		msg(ada, STORE_MAIL_ACCOUNT, "ada@mail.example.org", "Confirm your email for Rounds"),
		msg(0, STORE_MAIL_INVITATION, "friend@elsewhere.example", "Une invitation \xc3\xa0 Rounds"),
	};
	int64_t ids[2] = {0, 0};
	CHECK(store_mail_enqueue(st, m, 2, NULL, NOW, ids) == 0);
	CHECK(ids[0] > 0 && ids[1] > ids[0]);
	struct store_mail_list l;
	CHECK(store_mail_recent(st, ar, 0, 2, &l) == 0 && l.n == 2);
	if (l.n == 2) {
		const struct store_mail *b = &l.items[0], *a = &l.items[1]; /* newest first */
		CHECK(b->id == ids[1] && a->id == ids[0]);
		CHECK(b->member_id == 0 && b->kind == STORE_MAIL_INVITATION);
		CHECK_STR(b->subject.p, b->subject.n, "Une invitation \xc3\xa0 Rounds");
		CHECK_STR(b->address.p, b->address.n, "friend@elsewhere.example");
		CHECK_STR(b->status.p, b->status.n, "queued");
		CHECK_STR(a->text.p, a->text.n, "Hello,\n\nthe text part.\n");
		CHECK_STR(a->html.p, a->html.n, "<p>Hello,</p><p>the HTML part.</p>");
		CHECK(a->unsubscribe.n == 0 && b->unsubscribe.n > 0);
		CHECK(a->attempts == 0 && a->next_at == NOW && a->created_at == NOW && a->sent_at == 0);
		CHECK(a->kind == STORE_MAIL_ACCOUNT && a->member_id == ada);
	}
	CHECK(store_mail_recent(st, ar, ada, 10, &l) == 0 && l.n == 1 && l.items[0].id == ids[0]);
	drain(NOW);
}

TEST(test_mark_cas)
{
	struct store_mail m = msg(ada, STORE_MAIL_REPLY, "ada@mail.example.org", "A reply");
	int64_t v = -1, before = rows();
	CHECK(store_mail_mark_get(st, S("test:cursor"), &v) == 0 && v == 0);
	struct store_mail_mark mk = {S("test:cursor"), 0, 5};
	CHECK(store_mail_enqueue(st, &m, 1, &mk, NOW, NULL) == 0);
	CHECK(store_mail_mark_get(st, S("test:cursor"), &v) == 0 && v == 5);
	CHECK(rows() == before + 1);
	/* A second writer from the same value: refused, nothing written. */
	int64_t id = 42;
	mk = (struct store_mail_mark){S("test:cursor"), 0, 6};
	CHECK(store_mail_enqueue(st, &m, 1, &mk, NOW, &id) == STORE_ECONFLICT && id == 0);
	mk = (struct store_mail_mark){S("test:cursor"), 3, 6};
	CHECK(store_mail_enqueue(st, &m, 1, &mk, NOW, NULL) == STORE_ECONFLICT);
	CHECK(rows() == before + 1);
	CHECK(store_mail_mark_get(st, S("test:cursor"), &v) == 0 && v == 5);
	/* From the current value it moves; a mark alone moves too. */
	mk = (struct store_mail_mark){S("test:cursor"), 5, 9};
	CHECK(store_mail_enqueue(st, &m, 1, &mk, NOW, NULL) == 0);
	mk = (struct store_mail_mark){S("test:cursor"), 9, 12};
	CHECK(store_mail_enqueue(st, NULL, 0, &mk, NOW, NULL) == 0);
	CHECK(store_mail_mark_get(st, S("test:cursor"), &v) == 0 && v == 12);
	CHECK(rows() == before + 2);
	/* A mark that is not set refuses a `from` other than 0. */
	mk = (struct store_mail_mark){S("test:other"), 4, 8};
	CHECK(store_mail_enqueue(st, NULL, 0, &mk, NOW, NULL) == STORE_ECONFLICT);
	CHECK(store_mail_mark_get(st, S("test:other"), &v) == 0 && v == 0);
	drain(NOW);
}

TEST(test_claim_lease)
{
	int64_t a = queue1(ada, STORE_MAIL_REPLY, "ada@mail.example.org", NOW + 100);
	int64_t b = queue1(bob, STORE_MAIL_MENTION, "bob@mail.example.org", NOW + 100);
	int64_t later = queue1(bob, STORE_MAIL_MENTION, "bob@mail.example.org", NOW + 500);
	struct store_mail_list l;
	CHECK(store_mail_claim(st, ar, NOW + 99, 120, 10, &l) == 0 && l.n == 0); /* not due yet */
	CHECK(store_mail_claim(st, ar, NOW + 100, 120, 10, &l) == 0 && l.n == 2);
	if (l.n == 2) {
		CHECK(l.items[0].id == a && l.items[1].id == b); /* oldest first */
		CHECK(l.items[0].attempts == 1);
		CHECK_STR(l.items[0].status.p, l.items[0].status.n, "sending");
		CHECK_STR(l.items[1].text.p, l.items[1].text.n, "Hello,\n\nthe text part.\n");
	}
	CHECK(status_of(a, "sending") == 1);
	/* Held while the lease lasts; claimed again once it runs out (the
	 * sender died), one more attempt. */
	CHECK(store_mail_claim(st, ar, NOW + 219, 120, 10, &l) == 0 && l.n == 0);
	CHECK(store_mail_claim(st, ar, NOW + 220, 120, 1, &l) == 0 && l.n == 1);
	CHECK(l.n == 1 && l.items[0].id == a && l.items[0].attempts == 2);
	CHECK(store_mail_claim(st, ar, NOW + 220, 120, 10, &l) == 0 && l.n == 1 && l.items[0].id == b);
	/* Done: sent, and a second report finds it no longer sending. */
	CHECK(store_mail_done(st, a, STORE_MAIL_SENT, S(""), 0, NOW + 230) == 0);
	CHECK(store_mail_done(st, a, STORE_MAIL_SENT, S(""), 0, NOW + 230) == STORE_ENOTFOUND);
	CHECK(raw_id("SELECT sent_at FROM mail_queue WHERE id = $1", a) == NOW + 230);
	CHECK(status_of(a, "sent") == 1);
	/* A retry waits for its time. */
	CHECK(store_mail_done(st, b, STORE_MAIL_RETRY, S("451 try later"), NOW + 600, NOW + 230) == 0);
	CHECK(status_of(b, "queued") == 1);
	CHECK(store_mail_claim(st, ar, NOW + 599, 120, 10, &l) == 0 && l.n == 1 && l.items[0].id == later);
	CHECK(store_mail_done(st, later, STORE_MAIL_FAILED, S("gave up"), 0, NOW + 599) == 0);
	CHECK(status_of(later, "failed") == 1);
	CHECK(store_mail_claim(st, ar, NOW + 600, 120, 10, &l) == 0 && l.n == 1 && l.items[0].id == b);
	if (l.n == 1) {
		CHECK(l.items[0].attempts == 3);
		CHECK_STR(l.items[0].last_error.p, l.items[0].last_error.n, "451 try later");
	}
	CHECK(store_mail_done(st, b, STORE_MAIL_SENT, S(""), 0, NOW + 600) == 0);
	CHECK(store_mail_done(st, 999999, STORE_MAIL_RETRY, S(""), NOW, NOW) == STORE_ENOTFOUND);
}

TEST(test_bounce)
{
	const int64_t t = NOW + 1000;
	int64_t since = -1;
	CHECK(store_mail_bounce_get(st, S("bob@mail.example.org"), &since) == 0 && since == 0);
	int64_t first = queue1(bob, STORE_MAIL_REPLY, "bob@mail.example.org", t);
	int64_t waiting = queue1(bob, STORE_MAIL_DIGEST, "Bob@Mail.Example.org", t + 10);
	int64_t other = queue1(ada, STORE_MAIL_REPLY, "ada@mail.example.org", t + 10);
	struct store_mail_list l;
	CHECK(store_mail_claim(st, ar, t, 120, 1, &l) == 0 && l.n == 1 && l.items[0].id == first);
	CHECK(store_mail_done(st, first, STORE_MAIL_BOUNCED, S("550 no such user"), 0, t + 5) == 0);
	CHECK(status_of(first, "bounced") == 1);
	CHECK(status_of(waiting, "suppressed") == 1); /* any case */
	CHECK(status_of(other, "queued") == 1);
	CHECK(store_mail_bounce_get(st, S("BOB@mail.example.org"), &since) == 0 && since == t + 5);
	CHECK(raw_int("SELECT count(*) FROM mail_bounces WHERE address_lower = 'bob@mail.example.org' "
		      "AND detail = '550 no such user'") == 1);
	/* What is queued later to it is suppressed, and never claimed. */
	int64_t later = queue1(bob, STORE_MAIL_ACCOUNT, "bob@mail.example.org", t + 20);
	CHECK(status_of(later, "suppressed") == 1);
	CHECK(store_mail_claim(st, ar, t + 30, 120, 100, &l) == 0 && l.n == 1 && l.items[0].id == other);
	CHECK(store_mail_done(st, other, STORE_MAIL_SENT, S(""), 0, t + 30) == 0);
	/* Cleared ("try again"): mail goes out again. */
	CHECK(store_mail_bounce_clear(st, S("Bob@Mail.Example.Org")) == 0);
	CHECK(store_mail_bounce_get(st, S("bob@mail.example.org"), &since) == 0 && since == 0);
	CHECK(store_mail_bounce_clear(st, S("bob@mail.example.org")) == 0); /* twice is fine */
	int64_t again = queue1(bob, STORE_MAIL_REPLY, "bob@mail.example.org", t + 40);
	CHECK(status_of(again, "queued") == 1);
	drain(t + 40);
}

/* A bounce reaches exactly the addresses sign-up takes for the member's
 * (store_address_key): the local part's and the domain's ASCII case never
 * count; an IDN domain's other letters are kept as typed by both. */
TEST(test_bounce_matches_signup)
{
	const int64_t t = NOW + 2000;
	struct store_member_new nm = {.email = S("Cy.Case@B\xc3\xbc" "cher.Example"), .name = S("Cy Case"),
				      .handle = S("cycase"), .type = S("doctor"), .country = S("GB"),
				      .pw_hash = S("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"), .confirmed = true};
	int64_t cy = 0;
	enum store_member_key key;
	CHECK(store_member_create(st, &nm, &cy, &key) == 0);
	int64_t id = queue1(cy, STORE_MAIL_REPLY, "Cy.Case@B\xc3\xbc" "cher.Example", t);
	struct store_mail_list l;
	CHECK(store_mail_claim(st, ar, t, 120, 100, &l) == 0 && l.n == 1 && l.items[0].id == id);
	CHECK(store_mail_done(st, id, STORE_MAIL_BOUNCED, S("550 no such user"), 0, t + 1) == 0);
	static const struct {
		const char *address;
		bool same;
	} cases[] = {
		{"Cy.Case@B\xc3\xbc" "cher.Example", true},
		{"cy.case@b\xc3\xbc" "cher.example", true},
		{"CY.CASE@B\xc3\xbc" "CHER.EXAMPLE", true},
		{"cy.case@B\xc3\x9c" "cher.example", false}, /* Ü: not folded, by sign-up either */
		{"cy.case@xn--bcher-kva.example", false},     /* the A-label: another spelling to both */
		{"cy.case2@b\xc3\xbc" "cher.example", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct store_member m;
		int64_t since = -1;
		bool member = store_member_by_email_auth(st, ar, str_c(cases[i].address), &m) == 0 && m.id == cy;
		CHECK(store_mail_bounce_get(st, str_c(cases[i].address), &since) == 0);
		if (member != cases[i].same || (since == t + 1) != cases[i].same)
			fprintf(stderr, "case %zu: %s: member %d, bounced %d\n", i, cases[i].address, member, since > 0);
		CHECK(member == cases[i].same && (since == t + 1) == cases[i].same);
	}
	/* Queued to another spelling sign-up takes for the same: suppressed. */
	CHECK(status_of(queue1(cy, STORE_MAIL_REPLY, "CY.case@b\xc3\xbc" "cher.EXAMPLE", t + 2), "suppressed") == 1);
	CHECK(store_mail_bounce_clear(st, S("cy.case@b\xc3\xbc" "cher.example")) == 0);
	drain(t + 3);
}

TEST(test_count_since)
{
	const int64_t t = NOW + 5000;
	int64_t n = -1;
	CHECK(store_mail_count_since(st, ada, t, &n) == 0 && n == 0);
	queue1(ada, STORE_MAIL_REPLY, "ada@mail.example.org", t);
	queue1(ada, STORE_MAIL_MESSAGE, "ada@mail.example.org", t + 1);
	queue1(ada, STORE_MAIL_ACCOUNT, "ada@mail.example.org", t + 2); /* not counted */
	queue1(bob, STORE_MAIL_REPLY, "bob@mail.example.org", t + 3);
	CHECK(store_mail_count_since(st, ada, t, &n) == 0 && n == 2);
	CHECK(store_mail_count_since(st, ada, t + 1, &n) == 0 && n == 1);
	CHECK(store_mail_count_since(st, bob, t, &n) == 0 && n == 1);
	drain(t + 3);
}

TEST(test_gc)
{
	const int64_t t = NOW + 100 * 86400, old = t - 31 * 86400;
	int64_t sent = queue1(ada, STORE_MAIL_REPLY, "ada@mail.example.org", old);
	int64_t failed = queue1(ada, STORE_MAIL_REPLY, "ada@mail.example.org", old);
	int64_t stuck = queue1(ada, STORE_MAIL_REPLY, "ada@mail.example.org", old);
	int64_t fresh = queue1(ada, STORE_MAIL_REPLY, "ada@mail.example.org", t - 29 * 86400);
	struct store_mail_list l;
	CHECK(store_mail_claim(st, ar, old, 60, 2, &l) == 0 && l.n == 2);
	CHECK(store_mail_done(st, sent, STORE_MAIL_SENT, S(""), 0, old) == 0);
	CHECK(store_mail_done(st, failed, STORE_MAIL_FAILED, S("x"), 0, old) == 0);
	CHECK(store_mail_claim(st, ar, t, 60, 100, &l) == 0 && l.n == 2); /* stuck, fresh */
	CHECK(store_mail_done(st, fresh, STORE_MAIL_SENT, S(""), 0, t) == 0);
	CHECK(store_gc(st, t) == 0);
	CHECK(raw_id("SELECT count(*) FROM mail_queue WHERE id = $1", sent) == 0);
	CHECK(raw_id("SELECT count(*) FROM mail_queue WHERE id = $1", failed) == 0);
	CHECK(raw_id("SELECT count(*) FROM mail_queue WHERE id = $1", stuck) == 1); /* still to deliver */
	CHECK(raw_id("SELECT count(*) FROM mail_queue WHERE id = $1", fresh) == 1);
	CHECK(store_mail_done(st, stuck, STORE_MAIL_SENT, S(""), 0, t) == 0);
	/* Everything before this test is older than 30 days by now. */
	CHECK(raw_int("SELECT count(*) FROM mail_queue WHERE status <> 'queued' AND created_at < 1700000000 + "
		      "69 * 86400") == 0);
}

/* Many claimers at once: every message claimed exactly once. */
enum { RACE_MSGS = 240, RACE_THREADS = 8 };
static int claimed_by[RACE_MSGS + 1];
static int64_t race_first;
static pthread_mutex_t race_mu = PTHREAD_MUTEX_INITIALIZER;
static int race_errors;

static void *claimer(void *arg)
{
	(void)arg;
	arena *a = arena_new(8 << 20);
	for (int rounds = 0; a && rounds < 1000; rounds++) {
		struct store_mail_list l;
		int rc = store_mail_claim(st, a, NOW + 200 * 86400, 600, 7, &l);
		pthread_mutex_lock(&race_mu);
		if (rc)
			race_errors++;
		for (int i = 0; rc == 0 && i < l.n; i++) {
			int64_t k = l.items[i].id - race_first;
			if (k >= 0 && k < RACE_MSGS)
				claimed_by[k]++;
			else
				race_errors++;
		}
		pthread_mutex_unlock(&race_mu);
		if (rc == 0 && l.n == 0)
			break;
	}
	arena_free(a);
	return NULL;
}

TEST(test_concurrent_claims)
{
	const int64_t t = NOW + 200 * 86400;
	drain(t);
	struct store_mail batch[60];
	int64_t ids[60];
	for (int i = 0; i < 60; i++)
		batch[i] = msg(ada, STORE_MAIL_REPLY, "ada@mail.example.org", "Race");
	for (int k = 0; k < RACE_MSGS / 60; k++) {
		CHECK(store_mail_enqueue(st, batch, 60, NULL, t, ids) == 0);
		if (k == 0)
			race_first = ids[0];
	}
	pthread_t th[RACE_THREADS];
	for (int i = 0; i < RACE_THREADS; i++)
		CHECK(pthread_create(&th[i], NULL, claimer, NULL) == 0);
	for (int i = 0; i < RACE_THREADS; i++)
		pthread_join(th[i], NULL);
	int once = 0, twice = 0;
	for (int k = 0; k < RACE_MSGS; k++) {
		once += claimed_by[k] == 1;
		twice += claimed_by[k] > 1;
	}
	CHECK(race_errors == 0);
	CHECK(twice == 0);
	CHECK(once == RACE_MSGS);
	char n[24];
	snprintf(n, sizeof n, "%lld", (long long)race_first);
	const char *p[] = {n};
	CHECK(raw_q("SELECT count(*) FROM mail_queue WHERE id >= CAST($1 AS INTEGER) AND status = 'sending' "
		    "AND attempts = 1",
		    1, p) == RACE_MSGS);
}

TEST(test_member_deleted)
{
	const int64_t t = NOW + 300 * 86400;
	queue1(bob, STORE_MAIL_REPLY, "bob@mail.example.org", t);
	int64_t kept = queue1(0, STORE_MAIL_ACCOUNT, "bob@mail.example.org", t); /* no member's */
	CHECK(raw_id("INSERT INTO mail_prefs (member_id, kind, mode) VALUES ($1, 'reply', 'never')", bob) == -1);
	/* Every mark keyed by the member goes, the digests' and the hourly
	 * cap's (notify_mail.c); another member's stays. */
	CHECK(raw_id("INSERT INTO mail_marks (key, value) VALUES ('digest:daily:' || $1, 5)", bob) == -1);
	CHECK(raw_id("INSERT INTO mail_marks (key, value) VALUES ('digest:weekly:' || $1, 5)", bob) == -1);
	CHECK(raw_id("INSERT INTO mail_marks (key, value) VALUES ('capped:' || $1, 5)", bob) == -1);
	CHECK(raw_id("INSERT INTO mail_marks (key, value) VALUES ('capped:' || $1, 5)", ada) == -1);
	CHECK(raw_id("SELECT count(*) FROM mail_prefs WHERE member_id = $1", bob) == 1);
	CHECK(raw_id("SELECT count(*) FROM mail_queue WHERE member_id = $1", bob) > 0);
	CHECK(store_member_delete(st, bob, t) == 0);
	CHECK(raw_id("SELECT count(*) FROM mail_queue WHERE member_id = $1", bob) == 0);
	CHECK(raw_id("SELECT count(*) FROM mail_prefs WHERE member_id = $1", bob) == 0);
	CHECK(raw_id("SELECT count(*) FROM mail_marks WHERE key = 'digest:daily:' || $1", bob) == 0);
	CHECK(raw_id("SELECT count(*) FROM mail_marks WHERE key = 'digest:weekly:' || $1", bob) == 0);
	CHECK(raw_id("SELECT count(*) FROM mail_marks WHERE key = 'capped:' || $1", bob) == 0);
	CHECK(raw_id("SELECT count(*) FROM mail_marks WHERE key = 'capped:' || $1", ada) == 1);
	CHECK(raw_id("SELECT count(*) FROM mail_queue WHERE id = $1", kept) == 1);
	CHECK(raw_id("SELECT count(*) FROM mail_queue WHERE member_id = $1", ada) > 0);
	if (!pg_base)
		CHECK(raw_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

int main(void)
{
	if (fixture_setup("mail") < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_migrate);
	if (st) {
		RUN(test_names);
		RUN(test_refused);
		RUN(test_enqueue_read);
		RUN(test_mark_cas);
		RUN(test_claim_lease);
		RUN(test_bounce);
		RUN(test_bounce_matches_signup);
		RUN(test_count_since);
		RUN(test_gc);
		RUN(test_concurrent_claims);
		RUN(test_member_deleted);
	}
	fixture_cleanup();
	return unit_summary();
}
