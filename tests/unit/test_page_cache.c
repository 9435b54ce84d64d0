/* test_page_cache.c: this node's copies of topic pages (page_cache.c,
 * store_topic_page, migration 21), on SQLite or, with ROUNDS_TEST_PG, on
 * PostgreSQL (store_fixture.h).  After each kind of change a post's page
 * can show (a reply, an edit, likes, a deletion, moderation, the author's
 * name, badges and erasure, champions, a topic moved or retitled) the
 * cached page must equal what store_topic_posts reads afresh, for more
 * than one reader; with no change it must come from the cache.  Changes
 * made through a second handle (another node) and by plain SQL (another
 * program) must be seen too, and the cache stays within its bytes. */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "store/page_cache.h"
#include "store/store.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000;
static int64_t alice, bob, carol, editor, forum, other_forum, topic, first_post;

static struct store_post_new post_new(int64_t author, const char *body)
{
	return (struct store_post_new){.author = author, .body = str_c(body), .body_html = str_c(body)};
}

static int64_t reply(int64_t author, const char *body, int64_t at)
{
	struct store_post_new p = post_new(author, body);
	int64_t id = 0;
	CHECK(store_post_create(st, topic, &p, at, &id) == 0);
	return id;
}

static struct page_cache_stats stats(store *s)
{
	struct page_cache_stats x;
	store_page_cache_stats(s, &x);
	return x;
}

static bool same_str(str a, str b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

/* Whether two posts read the same, field by field. */
static bool same_post(const struct store_post *a, const struct store_post *b)
{
	return a->id == b->id && a->topic_id == b->topic_id && a->author_id == b->author_id &&
	       same_str(a->author_name, b->author_name) && same_str(a->author_handle, b->author_handle) &&
	       a->author_verified == b->author_verified && a->author_roles == b->author_roles &&
	       a->author_champion == b->author_champion && same_str(a->body, b->body) &&
	       same_str(a->body_html, b->body_html) && a->created_at == b->created_at &&
	       a->edited_at == b->edited_at && a->edit_count == b->edit_count && a->like_count == b->like_count &&
	       a->deleted == b->deleted && a->hidden == b->hidden && a->pick == b->pick && a->liked == b->liked &&
	       a->confirmed == b->confirmed && a->number == b->number && a->forum_id == b->forum_id &&
	       a->section == b->section && same_str(a->topic_title, b->topic_title) && same_str(a->image, b->image);
}

/* Topic `topic`'s page (limit, offset) for `reader` through store s's
 * cache; checks that it equals the page read afresh.  *hit: whether it
 * came from the cache. */
static struct store_post_list page_at(store *s, int64_t reader, int limit, int offset, bool *hit)
{
	struct store_topic t = {0};
	struct store_post_list pl = {0}, fresh = {0};
	CHECK(store_topic_get(s, ar, topic, reader, &t) == 0);
	CHECK(t.version >= 1 && t.authors >= 1);
	uint64_t hits = stats(s).hits;
	CHECK(store_topic_page(s, ar, &t, reader, limit, offset, &pl) == 0);
	if (hit)
		*hit = stats(s).hits > hits;
	CHECK(store_topic_posts(s, ar, topic, reader, limit, offset, &fresh) == 0);
	bool same = pl.n == fresh.n;
	for (int i = 0; same && i < pl.n; i++)
		same = same_post(&pl.items[i], &fresh.items[i]);
	CHECK(same);
	if (!same)
		fprintf(stderr, "  the cached page differs from the store's (%d and %d posts)\n", pl.n, fresh.n);
	return pl;
}

static struct store_post_list page(int64_t reader, bool *hit)
{
	return page_at(st, reader, 10, 0, hit);
}

/* After a change: the next read for `reader` is not from the cache (and
 * page_at has checked it is right); the one after is. */
static void refreshed(int64_t reader, const char *what)
{
	bool hit = true, again = false;
	page(reader, &hit);
	page(reader, &again);
	CHECK(!hit && again);
	if (hit || !again)
		fprintf(stderr, "  after %s: first read %s the cache, second %s\n", what, hit ? "hit" : "missed",
			again ? "hit" : "missed");
}

TEST(test_setup)
{
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	CHECK(store_migrate(st) >= 21);
	alice = add_member("alice", "Alice Adams", true, 0);
	bob = add_member("bob", "Bob Brown", false, 0);
	carol = add_member("carol", "Carol Clark", true, 0);
	editor = add_member("ed", "Ed Editor", true, ROLE_EDITOR);
	forum = forum_id("medicine");
	other_forum = forum_id("emergency-critical-care");
	struct store_post_new p = post_new(alice, "The first post.");
	CHECK(store_topic_create(st, forum, S("Chest pain at night"), &p, NOW, &topic, &first_post) == 0);
}

TEST(test_hits_and_replies)
{
	bool hit = true;
	struct store_post_list pl = page(alice, &hit);
	CHECK(!hit && pl.n == 1);
	page(alice, &hit);
	CHECK(hit);
	page(bob, &hit); /* another reader: the same copy */
	CHECK(hit);
	reply(bob, "A reply.", NOW + 10);
	refreshed(alice, "a reply");
	pl = page(carol, NULL);
	CHECK(pl.n == 2 && pl.items[1].author_id == bob);
}

TEST(test_post_changes)
{
	int64_t r = reply(carol, "Another reply.", NOW + 20);
	refreshed(alice, "a second reply");
	struct store_post_new e = post_new(carol, "Another reply, edited.");
	CHECK(store_post_edit(st, r, carol, STR_NULL, &e, NOW + 30) == 0);
	refreshed(alice, "an edit");
	struct store_post_list pl = page(alice, NULL);
	CHECK(pl.n == 3 && str_eqc(pl.items[2].body_html, "Another reply, edited.") && pl.items[2].edit_count == 1);

	/* Likes: the count is the page's, `liked` each reader's own. */
	CHECK(store_post_like(st, r, bob, true, NOW + 40) == 0);
	refreshed(alice, "a like");
	bool hit = false;
	pl = page(bob, &hit);
	CHECK(hit && pl.n == 3 && pl.items[2].like_count == 1 && pl.items[2].liked);
	pl = page(alice, &hit);
	CHECK(hit && pl.n == 3 && !pl.items[2].liked);
	pl = page(0, &hit);
	CHECK(hit && pl.n == 3 && !pl.items[2].liked);
	CHECK(store_post_like(st, r, bob, false, NOW + 41) == 0);
	refreshed(bob, "an unlike");

	/* Moderation and deletion. */
	CHECK(store_post_moderate(st, r, STORE_MOD_HIDE, editor, S("check"), NOW + 50) == 0);
	refreshed(alice, "a hide");
	CHECK(page(alice, NULL).items[2].hidden);
	CHECK(store_post_moderate(st, r, STORE_MOD_UNHIDE, editor, S("fine"), NOW + 51) == 0);
	refreshed(alice, "an unhide");
	CHECK(store_post_moderate(st, r, STORE_MOD_PICK, editor, S("good"), NOW + 52) == 0);
	refreshed(alice, "a pick");
	CHECK(page(alice, NULL).items[2].pick);
	CHECK(store_post_delete(st, r, carol, false, STR_NULL, NOW + 60) == 0);
	refreshed(alice, "a deletion");
	pl = page(alice, NULL);
	CHECK(pl.n == 3 && pl.items[2].deleted && pl.items[2].body_html.n == 0);
}

TEST(test_author_changes)
{
	struct store_profile pr = {.name = S("Bob Brown-Baker"), .country = S("GB")};
	CHECK(store_member_update_profile(st, bob, &pr) == 0);
	refreshed(alice, "a new name");
	CHECK(str_eqc(page(alice, NULL).items[1].author_name, "Bob Brown-Baker"));
	/* Only what shows: a new bio leaves the page where it is. */
	pr.bio = S("Registrar in acute medicine.");
	CHECK(store_member_update_profile(st, bob, &pr) == 0);
	bool hit = false;
	page(alice, &hit);
	CHECK(hit);

	CHECK(store_member_set_verified(st, bob, true) == 0);
	refreshed(alice, "a verification");
	CHECK(page(alice, NULL).items[1].author_verified);
	CHECK(store_member_set_roles(st, bob, ROLE_EDITOR) == 0);
	refreshed(alice, "new roles");
	CHECK(page(alice, NULL).items[1].author_roles & ROLE_EDITOR);
	CHECK(store_member_set_roles(st, bob, 0) == 0);
	refreshed(alice, "roles taken away");

	/* Champions: of this topic's forum, then of another one. */
	CHECK(store_champion_set(st, forum, alice, true, editor, NOW + 70) == 0);
	refreshed(carol, "a champion appointed");
	CHECK(page(carol, NULL).items[0].author_champion);
	CHECK(store_champion_set(st, other_forum, alice, true, editor, NOW + 71) == 0);
	refreshed(carol, "a champion of another forum");
	CHECK(store_champion_set(st, forum, alice, false, editor, NOW + 72) == 0);
	refreshed(carol, "a champion stood down");
	struct store_post_list pl = page(carol, NULL);
	CHECK(!pl.items[0].author_champion && (pl.items[0].author_roles & ROLE_CHAMPION));

	/* The topic moves into the forum alice still champions. */
	CHECK(store_topic_moderate(st, topic, STORE_MOD_MOVE, other_forum, editor, S("cardiac"), NOW + 73) == 0);
	refreshed(carol, "a move");
	pl = page(carol, NULL);
	CHECK(pl.items[0].author_champion && pl.items[0].forum_id == other_forum);

	/* A new title shows in the posts' topic_title at once. */
	struct store_post_new e = post_new(alice, "The first post, clearer.");
	CHECK(store_post_edit(st, first_post, alice, S("Chest pain at night, resolved"), &e, NOW + 74) == 0);
	refreshed(carol, "a new title");
	CHECK(str_eqc(page(carol, NULL).items[0].topic_title, "Chest pain at night, resolved"));

	int64_t gone = add_member("gone", "Gina Gone", true, 0);
	reply(gone, "Soon to leave.", NOW + 80);
	refreshed(alice, "a reply by a member who leaves");
	CHECK(store_member_delete(st, gone, NOW + 81) == 0);
	refreshed(alice, "an erasure");
	pl = page(alice, NULL);
	CHECK(pl.n == 4 && pl.items[3].author_handle.n == 0);
}

/* Another node (a second handle on the same database, with its own
 * cache) and a program writing plain SQL: both move the numbers. */
TEST(test_other_writers)
{
	store *other = store_open(url);
	CHECK(other != NULL);
	if (!other)
		return;
	bool hit = false;
	page(alice, NULL);
	page(alice, &hit);
	CHECK(hit);
	struct store_post_new p = post_new(carol, "From the other node.");
	int64_t id = 0;
	CHECK(store_post_create(other, topic, &p, NOW + 90, &id) == 0);
	refreshed(alice, "a reply through another handle");
	page_at(other, alice, 10, 0, &hit);
	CHECK(!hit);
	page_at(other, alice, 10, 0, &hit);
	CHECK(hit);
	store_close(other);

	raw_id("UPDATE posts SET body_html = 'Rewritten by hand.' WHERE id = $1", id);
	refreshed(alice, "plain SQL on a post");
	CHECK(str_eqc(page(alice, NULL).items[4].body_html, "Rewritten by hand."));
	raw_id("UPDATE members SET name = 'Carol by hand' WHERE id = $1", carol);
	refreshed(alice, "plain SQL on a member");
	raw_id("INSERT INTO forum_champions (forum_id, member_id, created_at) SELECT $1, id, 0 FROM members "
	       "WHERE handle = 'carol'",
	       other_forum);
	refreshed(alice, "plain SQL on the champions");
}

/* Pages are kept apart by their place; a page of none is not kept. */
TEST(test_places)
{
	bool hit = true;
	struct store_post_list a = page_at(st, alice, 2, 0, &hit);
	CHECK(!hit && a.n == 2);
	struct store_post_list b = page_at(st, alice, 2, 2, &hit);
	CHECK(!hit && b.n == 2 && b.items[0].number == 3);
	page_at(st, alice, 2, 2, &hit);
	CHECK(hit);
	a = page_at(st, alice, 2, 0, &hit);
	CHECK(hit && a.n == 2 && a.items[0].number == 1);
	uint64_t puts = stats(st).puts;
	page_at(st, alice, 2, 100, &hit);
	page_at(st, alice, 2, 100, &hit);
	CHECK(!hit && stats(st).puts == puts);

	/* A topic read without its numbers is never served from the cache. */
	struct store_topic t = {0};
	CHECK(store_topic_get(st, ar, topic, 0, &t) == 0);
	t.version = 0;
	struct store_post_list pl;
	uint64_t hits = stats(st).hits;
	puts = stats(st).puts;
	CHECK(store_topic_page(st, ar, &t, 0, 10, 0, &pl) == 0 && pl.n == 5);
	CHECK(stats(st).hits == hits && stats(st).puts == puts);
}

/* The cache alone: bytes within budget, the newest page kept, a page
 * too large not kept, readers' copies their own. */
TEST(test_budget)
{
	struct store_post posts[4] = {0};
	char body[1000];
	memset(body, 'x', sizeof body);
	for (int i = 0; i < 4; i++)
		posts[i] = (struct store_post){.id = i + 1, .number = i + 1, .author_name = S("A"),
					       .body_html = {body, sizeof body}, .liked = true};
	struct store_post_list pl = {posts, 4};
	struct page_cache *c = page_cache_new(256 * 1024);
	CHECK(c != NULL);
	if (!c)
		return;
	struct page_cache_stats x;
	for (int64_t t = 1; t <= 200; t++) {
		struct page_key k = {.topic = t, .forum = 1, .version = 1, .authors = 1, .limit = 4};
		page_cache_put(c, &k, &pl);
		page_cache_stats(c, &x);
		CHECK(x.bytes <= 256 * 1024);
	}
	CHECK(x.puts == 200 && x.pages >= 10);
	struct page_key newest = {.topic = 200, .forum = 1, .version = 1, .authors = 1, .limit = 4};
	struct store_post_list got = {0};
	CHECK(page_cache_get(c, &newest, ar, &got) && got.n == 4);
	CHECK(got.n == 4 && got.items[3].body_html.n == sizeof body && got.items[3].body_html.p[999] == 'x' &&
	      !got.items[3].liked && str_eqc(got.items[0].author_name, "A"));
	CHECK(got.n == 4 && got.items[0].body_html.p != body && got.items[0].body_html.p[sizeof body] == '\0');
	struct page_key stale = newest;
	stale.version = 2;
	CHECK(!page_cache_get(c, &stale, ar, &got));
	stale = newest;
	stale.authors = 2;
	CHECK(!page_cache_get(c, &stale, ar, &got));
	stale = newest;
	stale.forum = 2;
	CHECK(!page_cache_get(c, &stale, ar, &got));

	/* Larger than a sixteenth of the budget: not kept. */
	char big[20000];
	memset(big, 'y', sizeof big);
	posts[0].body_html = (str){big, sizeof big};
	struct page_key k = {.topic = 500, .forum = 1, .version = 1, .authors = 1, .limit = 4};
	page_cache_put(c, &k, &pl);
	CHECK(!page_cache_get(c, &k, ar, &got));
	page_cache_free(c);
}

int main(void)
{
	if (fixture_setup("pagecache") < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_setup);
	if (st) {
		RUN(test_hits_and_replies);
		RUN(test_post_changes);
		RUN(test_author_changes);
		RUN(test_other_writers);
		RUN(test_places);
		RUN(test_budget);
	}
	fixture_cleanup();
	return unit_summary();
}
