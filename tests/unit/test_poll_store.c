/* test_poll_store.c: polls, post images and the editors' list of confirmed
 * posts (store.h "Polls"), backend-agnostic as test_forum_store.c: against
 * a SQLite file in a fresh temporary folder, or, when ROUNDS_TEST_PG names a
 * PostgreSQL server (postgresql://USER@HOST:PORT), against a fresh database
 * rounds_poll_test_PID made there and dropped at the end.  Polls written
 * with their topics (and a refused one writing nothing), read with and
 * without a reader, single and multiple choice, every refusal of a vote
 * leaving the counts as they were, closing times, one member voting from
 * four threads at once, images on new posts, replies and edits, and the
 * confirmed list.  A raw connection looks at rows the store has no reader
 * for (store_fixture.h). */
#include <pthread.h>

#include "core/arena.h"
#include "store/store.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000;

/* The members and forums every test shares. */
static int64_t alice, bob, carol, dave, erin, editor;
static int64_t medicine, music;

/* Images: uploads' hashes as the store keeps them (it checks none). */
#define IMG_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define IMG_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define IMG_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

/* ---- Helpers (setup and raw access: store_fixture.h) ------------------ */

static struct store_post post_of(int64_t id)
{
	struct store_post p = {0};
	CHECK(store_post_get(st, ar, id, 0, &p) == 0);
	return p;
}

static struct store_post_new post_new(int64_t author, const char *body)
{
	return (struct store_post_new){.author = author, .body = str_c(body), .body_html = str_c(body)};
}

/* A poll of the `n` labels given (NULL-terminated). */
static struct store_poll_new poll_new(const char *question, bool multiple, int64_t closes_at, const char *const *labels)
{
	struct store_poll_new p = {.question = str_c(question), .multiple = multiple, .closes_at = closes_at};
	while (labels[p.noptions] && p.noptions < STORE_POLL_OPTIONS_MAX) {
		p.options[p.noptions] = str_c(labels[p.noptions]);
		p.noptions++;
	}
	return p;
}

/* Starts a topic in `forum` carrying `poll` (may be NULL). */
static int64_t poll_topic(int64_t forum, int64_t author, const char *title, const struct store_poll_new *poll,
			  int64_t *post)
{
	struct store_post_new p = post_new(author, "What would you do?");
	p.poll = poll;
	int64_t t = 0, p1 = 0;
	CHECK(store_topic_create(st, forum, str_c(title), &p, NOW, &t, &p1) == 0);
	if (post)
		*post = p1;
	return t;
}

static struct store_poll poll_of(int64_t topic, int64_t reader)
{
	struct store_poll p = {0};
	CHECK(store_poll_get(st, ar, topic, reader, &p) == 0);
	return p;
}

/* What a refused vote must leave as it was: the poll's voters, the sum of
 * its options' votes and its vote rows, as one number. */
static int64_t tally(int64_t topic)
{
	int64_t voters = raw_id("SELECT voters FROM polls WHERE topic_id = $1", topic);
	int64_t votes = raw_id("SELECT coalesce(sum(votes), 0) FROM poll_options WHERE topic_id = $1", topic);
	int64_t rows = raw_id("SELECT count(*) FROM poll_votes WHERE topic_id = $1", topic);
	return voters * 1000000 + votes * 1000 + rows;
}

/* How many rows the store has written anywhere a topic create writes. */
static int64_t rows_written(void)
{
	return raw_int("SELECT (SELECT count(*) FROM topics) + (SELECT count(*) FROM posts) + "
		       "(SELECT count(*) FROM polls) + (SELECT count(*) FROM poll_options) + "
		       "(SELECT count(*) FROM topic_watches) + (SELECT count(*) FROM topic_reads)");
}

/* ---- Tests ------------------------------------------------------------- */

TEST(test_migrate)
{
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	int v = store_migrate(st);
	CHECK(v >= 9);
	CHECK(store_migrate(st) == v);
	CHECK(raw_int("SELECT count(*) FROM polls") == 0);
	CHECK(raw_int("SELECT count(*) FROM poll_options") == 0);
	CHECK(raw_int("SELECT count(*) FROM poll_votes") == 0);
	alice = add_member("alice", "Alice Adams", true, 0);
	bob = add_member("bob", "Bob Brown", true, 0);
	carol = add_member("carol", "Carol Clark", true, 0);
	dave = add_member("dave", "Dave Davies", true, 0);
	erin = add_member("erin", "Erin Evans", true, 0);
	editor = add_member("edna", "Edna Editor", true, ROLE_EDITOR);
	medicine = forum_id("medicine");
	music = forum_id("musical-medics");
}

TEST(test_poll_create)
{
	static const char *const three[] = {"Admit", "Discharge with follow-up", "Refer", NULL};
	struct store_poll_new np = poll_new("Admit or discharge?", false, NOW + 3600, three);
	int64_t post = 0;
	int64_t t = poll_topic(medicine, alice, "Chest pain at 3am", &np, &post);
	CHECK(t > 0 && post > 0);

	struct store_poll p = poll_of(t, 0);
	CHECK(p.topic_id == t && str_eqc(p.question, "Admit or discharge?"));
	CHECK(!p.multiple && p.closes_at == NOW + 3600 && p.voters == 0 && !p.voted);
	CHECK(p.noptions == 3);
	bool ok = p.noptions == 3;
	for (int i = 0; ok && i < 3; i++)
		ok = str_eqc(p.options[i].label, three[i]) && p.options[i].votes == 0 && !p.options[i].mine &&
		     p.options[i].id > 0 && (i == 0 || p.options[i].id != p.options[i - 1].id);
	CHECK(ok);
	CHECK(raw_id("SELECT count(*) FROM poll_options WHERE topic_id = $1 AND position BETWEEN 0 AND 2", t) == 3);
	/* With a reader who has not voted, the same. */
	struct store_poll pb = poll_of(t, bob);
	CHECK(!pb.voted && pb.noptions == 3 && !pb.options[0].mine);

	/* The topic and its first post are as ever. */
	struct store_topic tp;
	CHECK(store_topic_get(st, ar, t, 0, &tp) == 0 && str_eqc(tp.title, "Chest pain at 3am") && tp.reply_count == 0);
	CHECK(post_of(post).number == 1);

	/* Ten options, multiple choice, never closing. */
	static const char *const ten[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", NULL};
	struct store_poll_new nm = poll_new("Which of these?", true, 0, ten);
	int64_t t2 = poll_topic(music, bob, "Favourite instruments", &nm, NULL);
	struct store_poll p2 = poll_of(t2, 0);
	CHECK(p2.multiple && p2.closes_at == 0 && p2.noptions == 10);
	CHECK(p2.noptions == 10 && str_eqc(p2.options[9].label, "j") && str_eqc(p2.options[0].label, "a"));

	/* A topic without a poll has none; nor has a missing topic. */
	int64_t t3 = poll_topic(medicine, carol, "No poll here", NULL, NULL);
	struct store_poll none;
	CHECK(store_poll_get(st, ar, t3, 0, &none) == STORE_ENOTFOUND);
	CHECK(store_poll_get(st, ar, 999999, alice, &none) == STORE_ENOTFOUND);

	/* A reply ignores a poll given to it. */
	struct store_post_new r = post_new(dave, "A reply with a poll.");
	r.poll = &nm;
	int64_t rid = 0;
	CHECK(store_post_create(st, t3, &r, NOW + 1, &rid) == 0 && rid > 0);
	CHECK(store_poll_get(st, ar, t3, 0, &none) == STORE_ENOTFOUND);
	CHECK(store_post_create(st, t, &r, NOW + 1, &rid) == 0);
	CHECK(poll_of(t, 0).noptions == 3);
	CHECK(raw_int("SELECT count(*) FROM polls") == 2 && raw_int("SELECT count(*) FROM poll_options") == 13);
}

TEST(test_poll_create_refused)
{
	static const char *const one[] = {"Only", NULL};
	static const char *const two[] = {"Yes", "No", NULL};
	struct store_forum before;
	CHECK(store_forum_by_id(st, ar, medicine, &before) == 0);
	int64_t rows = rows_written();
	CHECK(rows > 0);

	struct store_poll_new bad[4];
	bad[0] = poll_new("One option", false, 0, one);
	bad[1] = poll_new("No options", false, 0, one);
	bad[1].noptions = 0;
	bad[2] = poll_new("Too many", true, 0, two);
	bad[2].noptions = STORE_POLL_OPTIONS_MAX + 1;
	bad[3] = poll_new("Negative", true, 0, two);
	bad[3].noptions = -1;
	for (int i = 0; i < 4; i++) {
		struct store_post_new p = post_new(alice, "A bad poll.");
		p.poll = &bad[i];
		int64_t t = 5, post = 5;
		CHECK(store_topic_create(st, medicine, S("Refused"), &p, NOW, &t, &post) == STORE_ERR);
		CHECK(t == 0 && post == 0);
	}
	/* A good poll where a topic cannot go: nothing either. */
	struct store_poll_new good = poll_new("Fine poll", false, 0, two);
	struct store_post_new p = post_new(alice, "Nowhere.");
	p.poll = &good;
	int64_t t, post;
	CHECK(store_topic_create(st, 999999, S("No forum"), &p, NOW, &t, &post) == STORE_ENOTFOUND);
	struct store_forum arch = {.slug = S("poll-archive"), .name = S("Poll archive"), .section = STORE_SECTION_OFF_DUTY};
	int64_t fid = 0;
	CHECK(store_forum_create(st, &arch, editor, NOW, &fid) == 0);
	arch.id = fid;
	arch.archived = true;
	CHECK(store_forum_update(st, &arch, editor, NOW) == 0);
	rows = rows_written();
	CHECK(store_topic_create(st, fid, S("Archived"), &p, NOW, &t, &post) == STORE_ECONFLICT);

	CHECK(rows_written() == rows);
	struct store_forum after;
	CHECK(store_forum_by_id(st, ar, medicine, &after) == 0);
	CHECK(after.topic_count == before.topic_count && after.post_count == before.post_count);
}

TEST(test_vote_single)
{
	static const char *const three[] = {"Aspirin", "Clopidogrel", "Both", NULL};
	struct store_poll_new np = poll_new("Antiplatelet?", false, 0, three);
	int64_t t = poll_topic(medicine, alice, "Antiplatelets after TIA", &np, NULL);
	struct store_poll p = poll_of(t, 0);
	CHECK(p.noptions == 3);
	int64_t o0 = p.options[0].id, o1 = p.options[1].id, o2 = p.options[2].id;

	CHECK(store_poll_vote(st, t, bob, (int64_t[]){o1}, 1, NOW + 10) == 0);
	p = poll_of(t, bob);
	CHECK(p.voted && p.voters == 1);
	CHECK(p.options[0].votes == 0 && p.options[1].votes == 1 && p.options[2].votes == 0);
	CHECK(!p.options[0].mine && p.options[1].mine && !p.options[2].mine);
	/* Others see the counts, not bob's choice. */
	p = poll_of(t, carol);
	CHECK(!p.voted && p.voters == 1 && p.options[1].votes == 1 && !p.options[1].mine);
	p = poll_of(t, 0);
	CHECK(!p.voted && p.options[1].votes == 1 && !p.options[1].mine);
	CHECK(raw_id("SELECT created_at FROM poll_votes WHERE option_id = $1", o1) == NOW + 10);

	/* Every refusal leaves the counts as they were. */
	int64_t before = tally(t);
	CHECK(store_poll_vote(st, t, bob, (int64_t[]){o1}, 1, NOW + 11) == STORE_ECONFLICT);   /* again */
	CHECK(store_poll_vote(st, t, bob, (int64_t[]){o2}, 1, NOW + 11) == STORE_ECONFLICT);   /* another */
	CHECK(store_poll_vote(st, t, carol, (int64_t[]){o0, o2}, 2, NOW) == STORE_ECONFLICT); /* single */
	CHECK(store_poll_vote(st, t, carol, (int64_t[]){o0, o0}, 2, NOW) == STORE_ECONFLICT); /* repeated */
	CHECK(store_poll_vote(st, t, carol, (int64_t[]){o0}, 0, NOW) == STORE_ECONFLICT);     /* none */
	CHECK(store_poll_vote(st, t, carol, NULL, 0, NOW) == STORE_ECONFLICT);
	CHECK(store_poll_vote(st, t, carol, (int64_t[]){o0}, -1, NOW) == STORE_ECONFLICT);
	int64_t many[STORE_POLL_OPTIONS_MAX + 1];
	for (int i = 0; i <= STORE_POLL_OPTIONS_MAX; i++)
		many[i] = o0 + 1000 + i;
	CHECK(store_poll_vote(st, t, carol, many, STORE_POLL_OPTIONS_MAX + 1, NOW) == STORE_ECONFLICT);
	CHECK(store_poll_vote(st, t, carol, (int64_t[]){999999}, 1, NOW) == STORE_ENOTFOUND); /* no option */
	/* Another poll's option. */
	static const char *const two[] = {"Yes", "No", NULL};
	struct store_poll_new other = poll_new("Other?", false, 0, two);
	int64_t t2 = poll_topic(medicine, alice, "Another poll", &other, NULL);
	int64_t foreign = poll_of(t2, 0).options[0].id;
	CHECK(store_poll_vote(st, t, carol, (int64_t[]){foreign}, 1, NOW) == STORE_ENOTFOUND);
	CHECK(tally(t2) == 0);
	/* No poll at all. */
	int64_t plain = poll_topic(medicine, alice, "Plain topic", NULL, NULL);
	CHECK(store_poll_vote(st, plain, carol, (int64_t[]){o0}, 1, NOW) == STORE_ENOTFOUND);
	CHECK(store_poll_vote(st, 999999, carol, (int64_t[]){o0}, 1, NOW) == STORE_ENOTFOUND);
	CHECK(tally(t) == before);
	p = poll_of(t, carol);
	CHECK(!p.voted && p.voters == 1);

	/* A second voter. */
	CHECK(store_poll_vote(st, t, carol, (int64_t[]){o2}, 1, NOW + 12) == 0);
	p = poll_of(t, carol);
	CHECK(p.voted && p.voters == 2 && p.options[2].votes == 1 && p.options[2].mine && !p.options[1].mine);
}

TEST(test_vote_multiple)
{
	static const char *const four[] = {"CT", "MRI", "Ultrasound", "Nothing", NULL};
	struct store_poll_new np = poll_new("Which imaging?", true, 0, four);
	int64_t t = poll_topic(medicine, bob, "Imaging for a headache", &np, NULL);
	struct store_poll p = poll_of(t, 0);
	CHECK(p.noptions == 4 && p.multiple);
	int64_t o[4];
	for (int i = 0; i < 4; i++)
		o[i] = p.options[i].id;

	CHECK(store_poll_vote(st, t, carol, (int64_t[]){o[2], o[0]}, 2, NOW) == 0);
	p = poll_of(t, carol);
	CHECK(p.voted && p.voters == 1);
	CHECK(p.options[0].votes == 1 && p.options[1].votes == 0 && p.options[2].votes == 1 && p.options[3].votes == 0);
	CHECK(p.options[0].mine && !p.options[1].mine && p.options[2].mine && !p.options[3].mine);
	CHECK(store_poll_vote(st, t, dave, (int64_t[]){o[1]}, 1, NOW) == 0); /* one is fine too */

	int64_t before = tally(t);
	CHECK(store_poll_vote(st, t, carol, (int64_t[]){o[3]}, 1, NOW) == STORE_ECONFLICT);       /* voted */
	CHECK(store_poll_vote(st, t, erin, (int64_t[]){o[1], o[3], o[1]}, 3, NOW) == STORE_ECONFLICT);
	/* A good option then one not of this poll: the first is not kept. */
	CHECK(store_poll_vote(st, t, erin, (int64_t[]){o[3], 999999}, 2, NOW) == STORE_ENOTFOUND);
	CHECK(store_poll_vote(st, t, erin, (int64_t[]){o[3], o[0] - 1}, 2, NOW) == STORE_ENOTFOUND);
	CHECK(tally(t) == before);
	p = poll_of(t, erin);
	CHECK(!p.voted && p.options[3].votes == 0 && !p.options[3].mine);

	/* Every option at once. */
	CHECK(store_poll_vote(st, t, erin, o, 4, NOW) == 0);
	p = poll_of(t, erin);
	CHECK(p.voters == 3 && p.options[0].votes == 2 && p.options[1].votes == 2 && p.options[2].votes == 2 &&
	      p.options[3].votes == 1);
	CHECK(p.options[0].mine && p.options[1].mine && p.options[2].mine && p.options[3].mine);
	CHECK(raw_id("SELECT count(*) FROM poll_votes WHERE topic_id = $1", t) == 7);
}

TEST(test_vote_closing)
{
	static const char *const two[] = {"Yes", "No", NULL};
	struct store_poll_new np = poll_new("Open until NOW + 100?", false, NOW + 100, two);
	int64_t t = poll_topic(music, carol, "Closing soon", &np, NULL);
	int64_t yes = poll_of(t, 0).options[0].id;
	CHECK(store_poll_vote(st, t, alice, (int64_t[]){yes}, 1, NOW + 99) == 0);
	int64_t before = tally(t);
	CHECK(store_poll_vote(st, t, bob, (int64_t[]){yes}, 1, NOW + 100) == STORE_ECONFLICT);
	CHECK(store_poll_vote(st, t, bob, (int64_t[]){yes}, 1, NOW + 5000) == STORE_ECONFLICT);
	CHECK(tally(t) == before);
	struct store_poll p = poll_of(t, bob);
	CHECK(p.closes_at == NOW + 100 && p.voters == 1 && !p.voted);

	/* closes_at 0: never. */
	struct store_poll_new open = poll_new("Never closes", false, 0, two);
	int64_t t2 = poll_topic(music, carol, "Open forever", &open, NULL);
	CHECK(store_poll_vote(st, t2, bob, (int64_t[]){poll_of(t2, 0).options[1].id}, 1, NOW + 100000000) == 0);
	CHECK(poll_of(t2, bob).voted);
}

/* A deleted topic's poll still reads (the caller decides), and takes no
 * more votes; a deleted member's votes stay counted. */
TEST(test_vote_deleted)
{
	static const char *const two[] = {"Left", "Right", NULL};
	struct store_poll_new np = poll_new("Which side?", false, 0, two);
	int64_t first = 0;
	int64_t t = poll_topic(medicine, dave, "Soon deleted", &np, &first);
	int64_t left = poll_of(t, 0).options[0].id;
	CHECK(store_poll_vote(st, t, alice, (int64_t[]){left}, 1, NOW) == 0);
	CHECK(store_post_delete(st, first, dave, false, STR_NULL, NOW + 1) == 0);
	struct store_poll p = poll_of(t, alice);
	CHECK(p.voted && p.voters == 1 && p.options[0].votes == 1);
	CHECK(store_poll_vote(st, t, bob, (int64_t[]){left}, 1, NOW + 2) == STORE_ENOTFOUND);
	CHECK(poll_of(t, 0).voters == 1);

	struct store_poll_new np2 = poll_new("Stays counted?", false, 0, two);
	int64_t t2 = poll_topic(medicine, alice, "A voter leaves", &np2, NULL);
	int64_t right = poll_of(t2, 0).options[1].id;
	int64_t gone = add_member("leaver", "Lee Leaver", true, 0);
	CHECK(store_poll_vote(st, t2, gone, (int64_t[]){right}, 1, NOW) == 0);
	int64_t before = tally(t2);
	CHECK(store_member_delete(st, gone, NOW + 5) == 0);
	CHECK(tally(t2) == before);
	p = poll_of(t2, 0);
	CHECK(p.voters == 1 && p.options[1].votes == 1);
}

struct racer {
	int64_t topic, member;
	int64_t opts[2];
	int n;
	pthread_barrier_t *go;
	int rc;
};

static void *race_vote(void *arg)
{
	struct racer *r = arg;
	pthread_barrier_wait(r->go);
	r->rc = store_poll_vote(st, r->topic, r->member, r->opts, r->n, NOW);
	return NULL;
}

/* One member voting from four threads at once, each for options no other
 * thread names (so no key stops a second vote: only the check that they
 * had not voted, made under the poll's lock): exactly one vote counts. */
TEST(test_vote_race)
{
	enum { N = 4, ROUNDS = 8 };
	static const char *const eight[] = {"1", "2", "3", "4", "5", "6", "7", "8", NULL};
	for (int round = 0; round < ROUNDS; round++) {
		bool multiple = round % 2;
		struct store_poll_new np = poll_new("Race?", multiple, 0, eight);
		int64_t t = poll_topic(music, alice, "A race", &np, NULL);
		struct store_poll p = poll_of(t, 0);
		CHECK(p.noptions == 2 * N);
		if (p.noptions != 2 * N)
			return;
		pthread_barrier_t go;
		pthread_barrier_init(&go, NULL, N);
		struct racer r[N];
		pthread_t th[N];
		for (int i = 0; i < N; i++) {
			r[i] = (struct racer){.topic = t, .member = bob, .go = &go, .n = multiple ? 2 : 1};
			r[i].opts[0] = p.options[2 * i].id;
			r[i].opts[1] = p.options[2 * i + 1].id;
			CHECK(pthread_create(&th[i], NULL, race_vote, &r[i]) == 0);
		}
		int won = 0, lost = 0;
		for (int i = 0; i < N; i++) {
			pthread_join(th[i], NULL);
			won += r[i].rc == 0;
			lost += r[i].rc == STORE_ECONFLICT;
		}
		pthread_barrier_destroy(&go);
		CHECK(won == 1 && lost == N - 1);
		p = poll_of(t, bob);
		int64_t votes = 0;
		for (int i = 0; i < p.noptions; i++)
			votes += p.options[i].votes;
		CHECK(p.voted && p.voters == 1 && votes == (multiple ? 2 : 1));
		CHECK(raw_id("SELECT count(*) FROM poll_votes WHERE topic_id = $1", t) == (multiple ? 2 : 1));
	}
}

TEST(test_images)
{
	struct store_post_new p = post_new(alice, "An ECG.");
	p.image = S(IMG_A);
	int64_t t = 0, first = 0;
	CHECK(store_topic_create(st, medicine, S("An ECG to read"), &p, NOW, &t, &first) == 0);
	CHECK(str_eqc(post_of(first).image, IMG_A));

	struct store_post_new r = post_new(bob, "The same rhythm strip, later.");
	r.image = S(IMG_B);
	int64_t withimg = 0, without = 0;
	CHECK(store_post_create(st, t, &r, NOW + 1, &withimg) == 0);
	struct store_post_new plain = post_new(carol, "No picture.");
	CHECK(store_post_create(st, t, &plain, NOW + 2, &without) == 0);
	CHECK(str_eqc(post_of(withimg).image, IMG_B));
	CHECK(post_of(without).image.n == 0 && post_of(without).image.p != NULL);

	struct store_post_list pl;
	CHECK(store_topic_posts(st, ar, t, 0, 10, 0, &pl) == 0 && pl.n == 3);
	CHECK(pl.n == 3 && str_eqc(pl.items[0].image, IMG_A) && str_eqc(pl.items[1].image, IMG_B) &&
	      pl.items[2].image.n == 0);
	CHECK(store_post_by_author(st, ar, bob, STORE_SECTIONS_ALL, 1, &pl) == 0 && pl.n == 1);
	CHECK(pl.n == 1 && pl.items[0].id == withimg && str_eqc(pl.items[0].image, IMG_B));

	/* An edit without an image keeps the one there; with one, replaces it. */
	struct store_post_new e = post_new(bob, "Edited, no new picture.");
	CHECK(store_post_edit(st, withimg, bob, STR_NULL, &e, NOW + 3) == 0);
	struct store_post got = post_of(withimg);
	CHECK(str_eqc(got.image, IMG_B) && str_eqc(got.body, "Edited, no new picture."));
	e = post_new(bob, "Edited, a better picture.");
	e.image = S(IMG_C);
	CHECK(store_post_edit(st, withimg, bob, STR_NULL, &e, NOW + 4) == 0);
	CHECK(str_eqc(post_of(withimg).image, IMG_C));
	e = post_new(carol, "Now with a picture.");
	e.image = S(IMG_A);
	CHECK(store_post_edit(st, without, carol, STR_NULL, &e, NOW + 5) == 0);
	CHECK(str_eqc(post_of(without).image, IMG_A));

	/* A flagged post carries its image to the queue. */
	int64_t flag = 0;
	CHECK(store_flag_create(st, withimg, dave, S("other"), S("look"), NOW + 6, &flag) == 0);
	struct store_flag f;
	CHECK(store_flag_get(st, ar, flag, &f) == 0 && str_eqc(f.post.image, IMG_C));

	/* Deleted: "" like the body, though the row keeps it. */
	CHECK(store_post_delete(st, withimg, bob, false, STR_NULL, NOW + 7) == 0);
	got = post_of(withimg);
	CHECK(got.deleted && got.image.n == 0 && got.body.n == 0);
	CHECK(raw_id("SELECT count(*) FROM posts WHERE id = $1 AND image = '" IMG_C "'", withimg) == 1);
	CHECK(store_flag_get(st, ar, flag, &f) == 0 && f.post.image.n == 0);
	CHECK(store_post_delete(st, first, alice, false, STR_NULL, NOW + 8) == 0);
	CHECK(post_of(first).image.n == 0);
	CHECK(store_topic_posts(st, ar, t, 0, 10, 0, &pl) == 0 && pl.n == 3);
	CHECK(pl.n == 3 && pl.items[0].image.n == 0 && pl.items[1].image.n == 0 && str_eqc(pl.items[2].image, IMG_A));
}

TEST(test_confirmed_list)
{
	struct store_post_list l;
	CHECK(store_post_confirmed_list(st, ar, 100, 0, &l) == 0 && l.n == 0); /* none yet */

	struct store_post_new c = post_new(alice, "Confirmed: no identifiers.");
	c.confirmed = true;
	int64_t t1 = 0, p1 = 0;
	CHECK(store_topic_create(st, medicine, S("A confirmed case"), &c, NOW, &t1, &p1) == 0);
	struct store_post_new u = post_new(bob, "Not confirmed.");
	int64_t p2 = 0, p3 = 0, p4 = 0, p5 = 0;
	CHECK(store_post_create(st, t1, &u, NOW + 1, &p2) == 0);
	c.author = carol;
	CHECK(store_post_create(st, t1, &c, NOW + 2, &p3) == 0);
	/* One in a topic later deleted, one deleted itself, one hidden. */
	int64_t t2 = 0, first2 = 0;
	c.author = dave;
	CHECK(store_topic_create(st, music, S("Gone topic"), &c, NOW + 3, &t2, &first2) == 0);
	CHECK(store_post_create(st, t2, &c, NOW + 4, &p4) == 0);
	CHECK(store_post_create(st, t1, &c, NOW + 5, &p5) == 0);
	CHECK(store_post_delete(st, first2, dave, false, STR_NULL, NOW + 6) == 0);
	CHECK(store_post_delete(st, p5, dave, false, STR_NULL, NOW + 7) == 0);
	int64_t p6 = 0;
	c.author = erin;
	CHECK(store_post_create(st, t1, &c, NOW + 8, &p6) == 0);
	CHECK(store_post_moderate(st, p6, STORE_MOD_HIDE, editor, S("tone"), NOW + 9) == 0);

	/* Newest first: p6 (hidden, still listed), p3, p1. */
	CHECK(store_post_confirmed_list(st, ar, 100, 0, &l) == 0 && l.n == 3);
	CHECK(l.n == 3 && l.items[0].id == p6 && l.items[1].id == p3 && l.items[2].id == p1);
	if (l.n == 3) {
		struct store_post *x = &l.items[1];
		CHECK(x->topic_id == t1 && x->forum_id == medicine && x->section == STORE_SECTION_OPEN_CLINICAL);
		CHECK(str_eqc(x->topic_title, "A confirmed case") && str_eqc(x->author_name, "Carol Clark"));
		CHECK(str_eqc(x->author_handle, "carol") && x->author_verified && x->confirmed);
		CHECK(str_eqc(x->body, "Confirmed: no identifiers.") && x->number == 3 && !x->deleted);
		CHECK(l.items[0].hidden && l.items[2].number == 1);
	}
	/* Paged; the limit kept to 1..100. */
	CHECK(store_post_confirmed_list(st, ar, 1, 1, &l) == 0 && l.n == 1 && l.items[0].id == p3);
	CHECK(store_post_confirmed_list(st, ar, 2, 2, &l) == 0 && l.n == 1 && l.items[0].id == p1);
	CHECK(store_post_confirmed_list(st, ar, 0, 0, &l) == 0 && l.n == 1 && l.items[0].id == p6);
	CHECK(store_post_confirmed_list(st, ar, 100, 3, &l) == 0 && l.n == 0);
	CHECK(store_post_confirmed_list(st, ar, 1000, 0, &l) == 0 && l.n == 3);

	/* An edit that confirms adds the post; one that does not, removes it. */
	struct store_post_new e = post_new(bob, "Now confirmed.");
	e.confirmed = true;
	CHECK(store_post_edit(st, p2, bob, STR_NULL, &e, NOW + 10) == 0);
	e = post_new(carol, "No longer confirmed.");
	CHECK(store_post_edit(st, p3, carol, STR_NULL, &e, NOW + 11) == 0);
	CHECK(store_post_confirmed_list(st, ar, 100, 0, &l) == 0 && l.n == 3);
	CHECK(l.n == 3 && l.items[0].id == p6 && l.items[1].id == p2 && l.items[2].id == p1);

	/* A deleted author's post stays, under their former name. */
	CHECK(store_member_delete(st, erin, NOW + 12) == 0);
	CHECK(store_post_confirmed_list(st, ar, 1, 0, &l) == 0 && l.n == 1);
	CHECK(l.n == 1 && l.items[0].id == p6 && str_eqc(l.items[0].author_name, "Former member") &&
	      l.items[0].author_handle.n == 0);
}

TEST(test_arena_full)
{
	int64_t t = raw_int("SELECT min(topic_id) FROM polls");
	arena *small = arena_new(32);
	CHECK(small != NULL);
	struct store_poll p;
	struct store_post_list l;
	CHECK(store_poll_get(st, small, t, alice, &p) == STORE_ERR);
	CHECK(store_post_confirmed_list(st, small, 100, 0, &l) == STORE_ERR);
	arena_free(small);
	CHECK(store_poll_get(st, ar, t, alice, &p) == 0 && p.noptions == 3);
}

/* After everything above: every kept count equals what it counts. */
TEST(test_counts_agree)
{
	CHECK(raw_int("SELECT count(*) FROM poll_options o WHERE votes <> (SELECT count(*) FROM poll_votes v "
		      "WHERE v.option_id = o.id)") == 0);
	CHECK(raw_int("SELECT count(*) FROM polls p WHERE voters <> (SELECT count(DISTINCT member_id) "
		      "FROM poll_votes v WHERE v.topic_id = p.topic_id)") == 0);
	CHECK(raw_int("SELECT count(*) FROM poll_votes v JOIN poll_options o ON o.id = v.option_id "
		      "WHERE o.topic_id <> v.topic_id") == 0);
	CHECK(raw_int("SELECT count(*) FROM polls p WHERE (SELECT count(*) FROM poll_options o "
		      "WHERE o.topic_id = p.topic_id) NOT BETWEEN 2 AND 10") == 0);
	CHECK(raw_int("SELECT count(*) FROM poll_votes") > 20);
}

int main(void)
{
	if (fixture_setup("poll") < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_migrate);
	if (st) {
		RUN(test_poll_create);
		RUN(test_poll_create_refused);
		RUN(test_vote_single);
		RUN(test_vote_multiple);
		RUN(test_vote_closing);
		RUN(test_vote_deleted);
		RUN(test_vote_race);
		RUN(test_images);
		RUN(test_confirmed_list);
		RUN(test_arena_full);
		RUN(test_counts_agree);
	}
	fixture_cleanup();
	return unit_summary();
}
