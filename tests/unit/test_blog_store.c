/* test_blog_store.c: blogs in the store (store.h "Blogs"), backend-agnostic
 * as test_group_store.c: against a SQLite file in a fresh temporary
 * folder, or, when ROUNDS_TEST_PG names a PostgreSQL server
 * (postgresql://USER@HOST:PORT), against a fresh database
 * rounds_blog_test_PID made there and dropped at the end.  Migration 11
 * keeping the seeded forums; every blogs function and each error it
 * documents, with a refusal writing nothing; the audit rows; applications
 * and their decisions (ROLE_BLOGGER, the blog's forum); posts through
 * their statuses with revisions, the comments topic made once, deleted
 * while the post is not published and restored after, locked when
 * comments close; the public lists holding published posts only; the
 * scheduler publishing each due post once; features, shares and tags;
 * blog forums never in the forums' list nor in the lists that span
 * forums; and account deletion declining a pending application.  A raw
 * connection looks at rows the store has no reader for
 * (store_fixture.h). */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000;

/* The members every test shares.  alice keeps "ward-notes", bob
 * "night-rounds"; carol was declined (and applied again); dave's
 * application waits. */
static int64_t alice, bob, carol, dave, editor;
static int64_t app_alice, app_bob, app_carol, app_carol2, app_dave;
static int64_t ward, night;
static int64_t medicine;
/* Posts: ward's draft, ward's hello (published at create), night's
 * hello (same slug), ward's scheduled one. */
static int64_t draft, hello, night_hello, soon;
static int64_t hello_topic;

/* ---- Helpers (setup and raw access: store_fixture.h) ------------------ */

static struct store_blog_application application_of(int64_t id)
{
	struct store_blog_application v = {0};
	CHECK(store_blogger_application_get(st, ar, id, &v) == 0);
	return v;
}

static struct store_blog blog_of(int64_t id)
{
	struct store_blog b = {0};
	CHECK(store_blog_get(st, ar, id, &b) == 0);
	return b;
}

static struct store_blog_post post_of(int64_t id)
{
	struct store_blog_post p = {0};
	CHECK(store_blog_post_get(st, ar, id, &p) == 0);
	return p;
}

static struct store_topic topic_of(int64_t id)
{
	struct store_topic t = {0};
	CHECK(store_topic_get(st, ar, id, 0, &t) == 0);
	return t;
}

static struct store_forum forum_of(int64_t id)
{
	struct store_forum f = {0};
	CHECK(store_forum_by_id(st, ar, id, &f) == 0);
	return f;
}

static unsigned roles_of(int64_t member)
{
	struct store_member m = {0};
	CHECK(store_member_by_id(st, ar, member, &m) == 0);
	return m.roles;
}

/* Applies as `member`; the application's id, or 0 (and a failed check). */
static int64_t apply(int64_t member, const char *title, int64_t at)
{
	int64_t id = 0;
	CHECK(store_blogger_apply(st, member, str_c(title), S("I write about the wards."), S("A sample post."), at,
				  &id) == 0 &&
	      id > 0);
	return id;
}

/* A post to write: the fields a caller fills; tags from a NULL-ended
 * list. */
static struct store_blog_post post_new(int64_t blog, int64_t author, const char *slug, const char *title,
				       enum store_blog_status status, int64_t publish_at, const char *const *tags)
{
	struct store_blog_post p = {
		.blog_id = blog,
		.author_id = author,
		.slug = str_c(slug),
		.title = str_c(title),
		.summary = S("A short summary."),
		.body = S("The *body*."),
		.body_html = S("<p>The <em>body</em>.</p>"),
		.cover = S(""),
		.status = status,
		.publish_at = publish_at,
	};
	for (int i = 0; tags && tags[i] && i < STORE_BLOG_TAGS_MAX; i++)
		p.tags[p.ntags++] = str_c(tags[i]);
	return p;
}

/* Writes a post and checks it worked; its id. */
static int64_t create(const struct store_blog_post *p, int64_t at)
{
	int64_t id = 0;
	CHECK(store_blog_post_create(st, p, at, &id) == 0 && id > 0);
	return id;
}

/* Updates post `id` from what it is now, changed by `edit` (may be
 * NULL), with `status`; store_blog_post_update's result. */
static int update(int64_t id, enum store_blog_status status, void (*edit)(struct store_blog_post *), int64_t actor,
		  int64_t at)
{
	struct store_blog_post p = post_of(id);
	p.status = status;
	if (edit)
		edit(&p);
	return store_blog_post_update(st, &p, actor, at);
}

/* How many audit rows say `action` on `target` by `actor`. */
static int64_t audits(const char *action, const char *target, int64_t actor)
{
	char a[24];
	snprintf(a, sizeof a, "%lld", (long long)actor);
	const char *params[] = {action, target, a};
	return raw_q("SELECT count(*) FROM audit_log WHERE action = $1 AND target = $2 AND actor = $3", 3, params);
}

static const char *target(const char *kind, int64_t id)
{
	static char t[64];
	snprintf(t, sizeof t, "%s:%lld", kind, (long long)id);
	return t;
}

/* Every row a blogs write may write, as one number. */
static int64_t rows_written(void)
{
	return raw_int("SELECT (SELECT count(*) FROM forums) + (SELECT count(*) FROM blogs) + "
		       "(SELECT count(*) FROM blogger_applications) + "
		       "(SELECT count(*) FROM blogger_applications WHERE status = 'pending') + "
		       "(SELECT count(*) FROM blog_posts) + (SELECT count(*) FROM blog_post_tags) + "
		       "(SELECT count(*) FROM blog_post_revisions) + (SELECT count(*) FROM blog_shares) + "
		       "(SELECT count(*) FROM topics) + (SELECT count(*) FROM posts) + "
		       "(SELECT count(*) FROM audit_log) + (SELECT coalesce(sum(roles), 0) FROM members)");
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

/* The posts a query gives; *total too when `total` is not NULL. */
static struct store_blog_post_list posts(int64_t blog, const char *tag, int status, bool featured, int limit,
					 int offset, int64_t *total)
{
	struct store_blog_query q = {.blog = blog, .tag = str_c(tag), .status = status, .featured = featured,
				     .limit = limit, .offset = offset};
	struct store_blog_post_list l = {0};
	CHECK(store_blog_posts(st, ar, &q, &l, total) == 0);
	return l;
}

/* Whether the list holds post `id`. */
static bool holds(const struct store_blog_post_list *l, int64_t id)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].id == id)
			return true;
	return false;
}

/* Whether every post in the list is published. */
static bool all_published(const struct store_blog_post_list *l)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].status != STORE_BLOG_PUBLISHED)
			return false;
	return true;
}

/* Live topics in forum `id`, counted on the rows. */
static int64_t live_topics(int64_t forum)
{
	return raw_id("SELECT count(*) FROM topics WHERE forum_id = $1 AND deleted_at IS NULL", forum);
}

static int64_t all_topics(int64_t forum)
{
	return raw_id("SELECT count(*) FROM topics WHERE forum_id = $1", forum);
}

/* A reply in `topic`: store_post_create's result. */
static int try_reply(int64_t topic, int64_t author, const char *body, int64_t at)
{
	struct store_post_new p = {.author = author, .body = str_c(body), .body_html = str_c(body)};
	int64_t id = 0;
	return store_post_create(st, topic, &p, at, &id);
}

/* Edits for update(). */
static void edit_nothing_kept(struct store_blog_post *p)
{
	static const char *const tags[] = {"audit", "cardiology", "ecg"};
	p->ntags = 3;
	for (int i = 0; i < 3; i++)
		p->tags[i] = str_c(tags[i]);
	p->cover = S("0f343b0931126a20f133d67c2b018a3b5e8d4c8b5e2f1d1e6a2b3c4d5e6f7a8b");
}
static void edit_body(struct store_blog_post *p)
{
	p->body = S("The *body*, corrected.");
	p->body_html = S("<p>The <em>body</em>, corrected.</p>");
}
static void edit_title(struct store_blog_post *p)
{
	p->title = S("A First Draft, Retitled");
}
static void edit_summary(struct store_blog_post *p)
{
	p->summary = S("A longer summary now.");
}
static void close_comments(struct store_blog_post *p)
{
	p->comments_closed = true;
}
static void open_comments(struct store_blog_post *p)
{
	p->comments_closed = false;
}

/* ---- Tests ------------------------------------------------------------- */

TEST(test_migrate)
{
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	int v = store_migrate(st);
	CHECK(v >= 11);
	CHECK(store_migrate(st) == v);
	/* The forums, rebuilt by SQLite's migration 11, are the seed's. */
	CHECK(raw_int("SELECT count(*) FROM forums") == 26);
	CHECK(raw_int("SELECT min(id) FROM forums") == 1 && raw_int("SELECT max(id) FROM forums") == 26);
	medicine = forum_id("medicine");
	CHECK(medicine == 1);
	CHECK(forum_id("journal-club") == 21 && forum_id("musical-medics") == 26);
	CHECK(raw_int("SELECT count(*) FROM forums WHERE section = 'blog'") == 0);
	CHECK(raw_int("SELECT count(*) FROM blogs") == 0);
	CHECK(raw_int("SELECT count(*) FROM blogger_applications") == 0);
	CHECK(raw_int("SELECT count(*) FROM blog_posts") == 0);
	CHECK(raw_int("SELECT count(*) FROM blog_post_tags") == 0);
	CHECK(raw_int("SELECT count(*) FROM blog_post_revisions") == 0);
	CHECK(raw_int("SELECT count(*) FROM blog_shares") == 0);
	CHECK(store_section_parse(S("blog")) == STORE_SECTION_BLOG);
	CHECK(str_eqc(str_c(store_section_name(STORE_SECTION_BLOG)), "blog"));
	CHECK(STORE_SECTIONS_ALL == 0x1fu);

	alice = add_member("alice", "Alice Adams", true, 0);
	bob = add_member("bob", "Bob Brown", false, 0);
	carol = add_member("carol", "Carol Clark", true, 0);
	dave = add_member("dave", "Dave Davies", true, 0);
	editor = add_member("edna", "Edna Editor", true, ROLE_EDITOR);
	if (!pg_base) {
		CHECK(raw_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);
		CHECK(raw_int("PRAGMA user_version") == v);
	}
}

TEST(test_names)
{
	CHECK(str_eqc(str_c(store_blog_status_name(STORE_BLOG_DRAFT)), "draft"));
	CHECK(str_eqc(str_c(store_blog_status_name(STORE_BLOG_SCHEDULED)), "scheduled"));
	CHECK(str_eqc(str_c(store_blog_status_name(STORE_BLOG_PUBLISHED)), "published"));
	CHECK(str_eqc(str_c(store_blog_status_name(STORE_BLOG_UNPUBLISHED)), "unpublished"));
	CHECK(str_eqc(str_c(store_blog_status_name(STORE_BLOG_STATUS_MAX)), ""));
	CHECK(store_blog_status_parse(S("scheduled")) == STORE_BLOG_SCHEDULED);
	CHECK(store_blog_status_parse(S("unpublished")) == STORE_BLOG_UNPUBLISHED);
	CHECK(store_blog_status_parse(S("gone")) == -1);
	CHECK(store_blog_status_parse(S("")) == -1);
}

TEST(test_apply)
{
	CHECK(store_blogger_apply(st, alice, S("Ward Notes"), S("Life on the wards."), S("My first shift..."), NOW,
				  &app_alice) == 0 &&
	      app_alice > 0);
	struct store_blog_application v = application_of(app_alice);
	CHECK(v.id == app_alice && v.member_id == alice);
	CHECK(str_eqc(v.member_name, "Alice Adams") && str_eqc(v.member_handle, "alice") && v.member_verified);
	CHECK(str_eqc(v.blog_title, "Ward Notes") && str_eqc(v.about, "Life on the wards."));
	CHECK(str_eqc(v.sample, "My first shift..."));
	CHECK(str_eqc(v.status, "pending") && v.reason.n == 0 && v.decided_at == 0);
	CHECK(v.created_at == NOW && v.blog_id == 0 && v.blog_slug.n == 0);
	CHECK(audits("blog.apply", target("blog_application", app_alice), alice) == 1);

	/* Twice while pending: nothing written. */
	int64_t before = rows_written(), id = 0;
	CHECK(store_blogger_apply(st, alice, S("Again"), S("Again."), S(""), NOW + 1, &id) == STORE_ECONFLICT);
	CHECK(rows_written() == before);

	app_bob = apply(bob, "Night Rounds", NOW + 1);
	app_carol = apply(carol, "Carol's Corner", NOW + 2);
	app_dave = apply(dave, "Dave's Digest", NOW + 3);
	CHECK(store_blogger_application_get(st, ar, 999999, &v) == STORE_ENOTFOUND);
	v = application_of(app_bob);
	CHECK(!v.member_verified && str_eqc(v.member_handle, "bob") && str_eqc(v.sample, "A sample post."));

	/* Lists: pending oldest first; by member; by status; paged. */
	struct store_blog_application_list l;
	CHECK(store_blogger_applications(st, ar, 0, S("pending"), 100, 0, &l) == 0 && l.n == 4);
	CHECK(l.n == 4 && l.items[0].id == app_alice && l.items[1].id == app_bob && l.items[2].id == app_carol &&
	      l.items[3].id == app_dave);
	CHECK(store_blogger_applications(st, ar, 0, S(""), 100, 0, &l) == 0 && l.n == 4);
	CHECK(store_blogger_applications(st, ar, bob, S(""), 100, 0, &l) == 0 && l.n == 1);
	CHECK(l.n == 1 && l.items[0].id == app_bob && str_eqc(l.items[0].blog_title, "Night Rounds"));
	CHECK(store_blogger_applications(st, ar, editor, S(""), 100, 0, &l) == 0 && l.n == 0);
	CHECK(store_blogger_applications(st, ar, 0, S("approved"), 100, 0, &l) == 0 && l.n == 0);
	CHECK(store_blogger_applications(st, ar, 0, S("pending"), 2, 1, &l) == 0 && l.n == 2);
	CHECK(l.n == 2 && l.items[0].id == app_bob && l.items[1].id == app_carol);
	CHECK(store_blogger_applications(st, ar, 0, S("pending"), 100, 4, &l) == 0 && l.n == 0);
}

TEST(test_decide)
{
	/* Approved: the blog's forum, its row, the role, the audit row. */
	CHECK(!(roles_of(alice) & ROLE_BLOGGER));
	CHECK(store_blogger_decide(st, app_alice, true, S("ward-notes"), S("Welcome"), editor, NOW + 10, &ward) == 0);
	CHECK(ward > 26);
	struct store_blog_application v = application_of(app_alice);
	CHECK(str_eqc(v.status, "approved") && v.decided_at == NOW + 10 && v.blog_id == ward);
	CHECK(str_eqc(v.blog_slug, "ward-notes") && str_eqc(v.reason, "Welcome"));
	CHECK(roles_of(alice) & ROLE_BLOGGER);
	struct store_forum f = forum_of(ward);
	CHECK(f.section == STORE_SECTION_BLOG && str_eqc(f.slug, "ward-notes") && str_eqc(f.name, "Ward Notes"));
	CHECK(str_eqc(f.description, "Life on the wards.") && !f.archived && f.topic_count == 0);
	struct store_blog b = blog_of(ward);
	CHECK(b.id == ward && str_eqc(b.slug, "ward-notes") && str_eqc(b.title, "Ward Notes"));
	CHECK(str_eqc(b.about, "Life on the wards.") && b.owner_id == alice);
	CHECK(str_eqc(b.owner_name, "Alice Adams") && str_eqc(b.owner_handle, "alice") && b.owner_verified);
	CHECK(b.post_count == 0 && b.last_published_at == 0 && b.created_at == NOW + 10);
	char blog_target[64];
	snprintf(blog_target, sizeof blog_target, "%s", target("blog", ward));
	CHECK(audits("blog.approve", blog_target, editor) + audits("blog.approve", target("blog_application", app_alice),
								  editor) ==
	      1);

	/* Deciding twice, a missing application: nothing written. */
	int64_t before = rows_written(), id = 0;
	CHECK(store_blogger_decide(st, app_alice, true, S("ward-notes-2"), S(""), editor, NOW + 11, &id) ==
	      STORE_ECONFLICT);
	CHECK(store_blogger_decide(st, app_alice, false, S(""), S("No"), editor, NOW + 11, &id) == STORE_ECONFLICT);
	CHECK(store_blogger_decide(st, 999999, true, S("nobody"), S(""), editor, NOW + 11, &id) == STORE_ENOTFOUND);
	CHECK(store_blogger_decide(st, 999999, false, S(""), S("No"), editor, NOW + 11, &id) == STORE_ENOTFOUND);
	/* A member with a blog cannot apply again. */
	CHECK(store_blogger_apply(st, alice, S("Second"), S("Another."), S(""), NOW + 11, &id) == STORE_ECONFLICT);
	CHECK(rows_written() == before);
	CHECK(application_of(app_alice).decided_at == NOW + 10);

	/* A slug taken by a forum or a blog, in any case: nothing written,
	 * bob's application still pending, no role. */
	const char *const taken[] = {"medicine", "MEDICINE", "journal-club", "ward-notes", "Ward-Notes"};
	for (size_t i = 0; i < sizeof taken / sizeof *taken; i++) {
		id = 0;
		CHECK(store_blogger_decide(st, app_bob, true, str_c(taken[i]), S(""), editor, NOW + 12, &id) ==
		      STORE_ECONFLICT);
	}
	CHECK(rows_written() == before);
	CHECK(str_eqc(application_of(app_bob).status, "pending") && !(roles_of(bob) & ROLE_BLOGGER));
	CHECK(store_blog_of(st, ar, bob, &b) == STORE_ENOTFOUND);

	CHECK(store_blogger_decide(st, app_bob, true, S("night-rounds"), S(""), editor, NOW + 13, &night) == 0);
	CHECK(night > ward && (roles_of(bob) & ROLE_BLOGGER));
	CHECK(blog_of(night).owner_id == bob && !blog_of(night).owner_verified);

	/* Declined: the reason kept, no blog, no role. */
	CHECK(store_blogger_decide(st, app_carol, false, S(""), S("Not yet"), editor, NOW + 14, &id) == 0);
	v = application_of(app_carol);
	CHECK(str_eqc(v.status, "declined") && str_eqc(v.reason, "Not yet") && v.decided_at == NOW + 14);
	CHECK(v.blog_id == 0 && v.blog_slug.n == 0);
	CHECK(!(roles_of(carol) & ROLE_BLOGGER) && store_blog_of(st, ar, carol, &b) == STORE_ENOTFOUND);
	CHECK(audits("blog.decline", target("blog_application", app_carol), editor) == 1);
	CHECK(store_blogger_decide(st, app_carol, true, S("carols-corner"), S(""), editor, NOW + 15, &id) ==
	      STORE_ECONFLICT);
	/* Declined, she may apply again. */
	app_carol2 = apply(carol, "Carol's Corner", NOW + 16);

	/* A pending application of a member with a blog (a state the store
	 * never makes): approving it is refused. */
	CHECK(raw_exec("INSERT INTO blogger_applications (member_id, blog_title, about, sample, status, reason, "
		       "created_at) VALUES ($1, 'Twice', '', '', 'pending', '', $2)",
		       alice, NOW + 17));
	int64_t twice = raw_id("SELECT max(id) FROM blogger_applications WHERE member_id = $1", alice);
	CHECK(twice > app_alice);
	before = rows_written();
	CHECK(store_blogger_decide(st, twice, true, S("twice"), S(""), editor, NOW + 18, &id) == STORE_ECONFLICT);
	CHECK(rows_written() == before);
	CHECK(raw_exec("DELETE FROM blogger_applications WHERE id = $1 AND member_id = $2", twice, alice));

	/* The lists after: pending ones oldest first, the rest newest first. */
	struct store_blog_application_list l;
	CHECK(store_blogger_applications(st, ar, 0, S("pending"), 100, 0, &l) == 0 && l.n == 2);
	CHECK(l.n == 2 && l.items[0].id == app_dave && l.items[1].id == app_carol2);
	CHECK(store_blogger_applications(st, ar, 0, S("approved"), 100, 0, &l) == 0 && l.n == 2);
	CHECK(l.n == 2 && l.items[0].id == app_bob && l.items[1].id == app_alice);
	CHECK(l.n == 2 && l.items[0].blog_id == night && str_eqc(l.items[0].blog_slug, "night-rounds"));
	CHECK(store_blogger_applications(st, ar, 0, S("declined"), 100, 0, &l) == 0 && l.n == 1);
	CHECK(store_blogger_applications(st, ar, carol, S(""), 100, 0, &l) == 0 && l.n == 2);
}

TEST(test_blog_reads)
{
	struct store_blog b;
	CHECK(store_blog_by_slug(st, ar, S("ward-notes"), &b) == 0 && b.id == ward && b.owner_id == alice);
	CHECK(store_blog_by_slug(st, ar, S("night-rounds"), &b) == 0 && b.id == night);
	CHECK(store_blog_by_slug(st, ar, S("medicine"), &b) == STORE_ENOTFOUND); /* a forum, no blog */
	CHECK(store_blog_by_slug(st, ar, S("no-such-blog"), &b) == STORE_ENOTFOUND);
	CHECK(store_blog_get(st, ar, medicine, &b) == STORE_ENOTFOUND);
	CHECK(store_blog_get(st, ar, 999999, &b) == STORE_ENOTFOUND);
	CHECK(store_blog_of(st, ar, alice, &b) == 0 && b.id == ward && str_eqc(b.slug, "ward-notes"));
	CHECK(store_blog_of(st, ar, bob, &b) == 0 && b.id == night);
	CHECK(store_blog_of(st, ar, dave, &b) == STORE_ENOTFOUND);
	CHECK(store_blog_of(st, ar, 999999, &b) == STORE_ENOTFOUND);

	/* Update: title and about, in the forum row too; the slug stays. */
	CHECK(store_blog_update(st, ward, S("Ward Notes Weekly"), S("A week on the wards."), NOW + 20) == 0);
	b = blog_of(ward);
	CHECK(str_eqc(b.title, "Ward Notes Weekly") && str_eqc(b.about, "A week on the wards."));
	CHECK(str_eqc(b.slug, "ward-notes") && b.owner_id == alice);
	struct store_forum f = forum_of(ward);
	CHECK(str_eqc(f.name, "Ward Notes Weekly") && str_eqc(f.description, "A week on the wards."));
	CHECK(store_blog_update(st, 999999, S("X"), S("Y"), NOW + 20) == STORE_ENOTFOUND);
	CHECK(store_blog_update(st, medicine, S("X"), S("Y"), NOW + 20) == STORE_ENOTFOUND);
	CHECK(str_eqc(forum_of(medicine).name, "Medicine"));

	/* The list with no posts: by title. */
	struct store_blog_list bl;
	CHECK(store_blog_list(st, ar, 100, 0, &bl) == 0 && bl.n == 2);
	CHECK(bl.n == 2 && bl.items[0].id == night && bl.items[1].id == ward);
	CHECK(bl.n == 2 && bl.items[0].post_count == 0 && bl.items[0].last_published_at == 0);
	CHECK(bl.n == 2 && str_eqc(bl.items[1].owner_handle, "alice"));
	CHECK(store_blog_list(st, ar, 1, 1, &bl) == 0 && bl.n == 1 && bl.items[0].id == ward);
	CHECK(store_blog_list(st, ar, 100, 2, &bl) == 0 && bl.n == 0);
}

TEST(test_post_create)
{
	/* A draft: no publication, no topic. */
	static const char *const tags[] = {"cardiology", "ecg", NULL};
	struct store_blog_post p = post_new(ward, alice, "first-draft", "A First Draft", STORE_BLOG_DRAFT, 0, tags);
	int64_t topics_before = raw_int("SELECT count(*) FROM topics");
	draft = create(&p, NOW + 30);
	struct store_blog_post g = post_of(draft);
	CHECK(g.id == draft && g.blog_id == ward && g.author_id == alice);
	CHECK(str_eqc(g.blog_slug, "ward-notes") && str_eqc(g.blog_title, "Ward Notes Weekly"));
	CHECK(str_eqc(g.author_name, "Alice Adams") && str_eqc(g.author_handle, "alice") && g.author_verified);
	CHECK(str_eqc(g.slug, "first-draft") && str_eqc(g.title, "A First Draft"));
	CHECK(str_eqc(g.summary, "A short summary.") && str_eqc(g.body, "The *body*."));
	CHECK(str_eqc(g.body_html, "<p>The <em>body</em>.</p>") && g.cover.n == 0);
	CHECK(g.ntags == 2 && str_eqc(g.tags[0], "cardiology") && str_eqc(g.tags[1], "ecg"));
	CHECK(g.status == STORE_BLOG_DRAFT && g.publish_at == 0 && g.published_at == 0);
	CHECK(g.created_at == NOW + 30 && g.updated_at == NOW + 30 && g.edit_count == 0);
	CHECK(g.topic_id == 0 && g.comment_count == 0 && !g.comments_closed);
	CHECK(g.featured_at == 0 && g.shared.n == 0);
	CHECK(raw_int("SELECT count(*) FROM topics") == topics_before);

	/* Published at once: published_at now, its comments topic made in the
	 * blog's forum with the summary as its first post, by the blogger. */
	static const char *const tags2[] = {"ecg", "ecg", "teaching", NULL}; /* a repeat is stored once */
	p = post_new(ward, alice, "hello-world", "Hello, World", STORE_BLOG_PUBLISHED, 0, tags2);
	hello = create(&p, NOW + 31);
	g = post_of(hello);
	CHECK(g.status == STORE_BLOG_PUBLISHED && g.published_at == NOW + 31 && g.topic_id > 0);
	CHECK(g.ntags == 2 && str_eqc(g.tags[0], "ecg") && str_eqc(g.tags[1], "teaching"));
	hello_topic = g.topic_id;
	struct store_topic t = topic_of(hello_topic);
	CHECK(t.forum_id == ward && str_eqc(t.title, "Hello, World") && t.author_id == alice);
	CHECK(t.section == STORE_SECTION_BLOG && !t.deleted && !t.locked && t.reply_count == 0);
	CHECK(str_eqc(t.forum_slug, "ward-notes"));
	struct store_post_list pl;
	CHECK(store_topic_posts(st, ar, hello_topic, 0, 10, 0, &pl) == 0 && pl.n == 1);
	CHECK(pl.n == 1 && str_eqc(pl.items[0].body_html, "<p>A short summary.</p>") && pl.items[0].author_id == alice);
	struct store_forum f = forum_of(ward);
	CHECK(f.topic_count == 1 && f.post_count == 1 && f.last_post_at == NOW + 31);
	bool watching = false;
	CHECK(store_topic_watching(st, alice, hello_topic, &watching) == 0 && watching);

	/* Scheduled: publish_at kept, nothing published yet. */
	p = post_new(ward, alice, "coming-soon", "Coming Soon", STORE_BLOG_SCHEDULED, NOW + 1000, NULL);
	soon = create(&p, NOW + 32);
	g = post_of(soon);
	CHECK(g.status == STORE_BLOG_SCHEDULED && g.publish_at == NOW + 1000 && g.published_at == 0);
	CHECK(g.topic_id == 0 && g.ntags == 0);

	/* A slug taken in the same blog: nothing written; free elsewhere. */
	int64_t before = rows_written(), id = 0;
	p = post_new(ward, alice, "hello-world", "Hello Again", STORE_BLOG_PUBLISHED, 0, tags);
	CHECK(store_blog_post_create(st, &p, NOW + 33, &id) == STORE_ECONFLICT);
	p.status = STORE_BLOG_DRAFT;
	CHECK(store_blog_post_create(st, &p, NOW + 33, &id) == STORE_ECONFLICT);
	/* No such blog (nor a forum that is not a blog). */
	p = post_new(999999, alice, "lost", "Lost", STORE_BLOG_PUBLISHED, 0, tags);
	CHECK(store_blog_post_create(st, &p, NOW + 33, &id) == STORE_ENOTFOUND);
	p.blog_id = medicine;
	CHECK(store_blog_post_create(st, &p, NOW + 33, &id) == STORE_ENOTFOUND);
	CHECK(rows_written() == before);

	p = post_new(night, bob, "hello-world", "Hello from Nights", STORE_BLOG_PUBLISHED, 0, tags);
	night_hello = create(&p, NOW + 34);
	CHECK(night_hello != hello && post_of(night_hello).topic_id != hello_topic);
	CHECK(topic_of(post_of(night_hello).topic_id).forum_id == night);

	/* Reads by slug and by topic. */
	CHECK(store_blog_post_by_slug(st, ar, ward, S("hello-world"), &g) == 0 && g.id == hello);
	CHECK(store_blog_post_by_slug(st, ar, night, S("hello-world"), &g) == 0 && g.id == night_hello);
	CHECK(str_eqc(g.blog_slug, "night-rounds") && str_eqc(g.author_handle, "bob") && !g.author_verified);
	CHECK(store_blog_post_by_slug(st, ar, ward, S("first-draft"), &g) == 0 && g.id == draft);
	CHECK(store_blog_post_by_slug(st, ar, night, S("first-draft"), &g) == STORE_ENOTFOUND);
	CHECK(store_blog_post_by_slug(st, ar, ward, S("nope"), &g) == STORE_ENOTFOUND);
	CHECK(store_blog_post_by_slug(st, ar, 999999, S("hello-world"), &g) == STORE_ENOTFOUND);
	CHECK(store_blog_post_by_topic(st, ar, hello_topic, &g) == 0 && g.id == hello);
	CHECK(store_blog_post_by_topic(st, ar, 999999, &g) == STORE_ENOTFOUND);
	CHECK(store_blog_post_get(st, ar, 999999, &g) == STORE_ENOTFOUND);
	CHECK(store_blog_post_get(st, ar, 0, &g) == STORE_ENOTFOUND);
}

TEST(test_post_update)
{
	struct store_blog_revision_list rl;
	/* Tags and cover only: no revision, no edit counted. */
	CHECK(update(draft, STORE_BLOG_DRAFT, edit_nothing_kept, alice, NOW + 40) == 0);
	struct store_blog_post g = post_of(draft);
	CHECK(g.edit_count == 0 && g.updated_at == NOW + 40 && g.created_at == NOW + 30);
	CHECK(g.ntags == 3 && str_eqc(g.tags[0], "audit") && str_eqc(g.tags[2], "ecg"));
	CHECK(str_eqc(g.cover, "0f343b0931126a20f133d67c2b018a3b5e8d4c8b5e2f1d1e6a2b3c4d5e6f7a8b"));
	CHECK(store_blog_revisions(st, ar, draft, &rl) == 0 && rl.n == 0);

	/* The body: the former version kept. */
	CHECK(update(draft, STORE_BLOG_DRAFT, edit_body, alice, NOW + 41) == 0);
	g = post_of(draft);
	CHECK(g.edit_count == 1 && str_eqc(g.body, "The *body*, corrected."));
	CHECK(str_eqc(g.body_html, "<p>The <em>body</em>, corrected.</p>") && g.ntags == 3);
	CHECK(store_blog_revisions(st, ar, draft, &rl) == 0 && rl.n == 1);
	CHECK(rl.n == 1 && rl.items[0].post_id == draft && rl.items[0].editor_id == alice);
	CHECK(rl.n == 1 && str_eqc(rl.items[0].body, "The *body*.") && str_eqc(rl.items[0].title, "A First Draft"));
	CHECK(rl.n == 1 && str_eqc(rl.items[0].summary, "A short summary.") && rl.items[0].edited_at == NOW + 41);

	/* The title (by an editor), then the summary: newest first. */
	CHECK(update(draft, STORE_BLOG_DRAFT, edit_title, editor, NOW + 42) == 0);
	CHECK(update(draft, STORE_BLOG_DRAFT, edit_summary, alice, NOW + 43) == 0);
	g = post_of(draft);
	CHECK(g.edit_count == 3 && str_eqc(g.title, "A First Draft, Retitled"));
	CHECK(str_eqc(g.summary, "A longer summary now."));
	CHECK(store_blog_revisions(st, ar, draft, &rl) == 0 && rl.n == 3);
	CHECK(rl.n == 3 && rl.items[0].edited_at == NOW + 43 && rl.items[1].edited_at == NOW + 42);
	CHECK(rl.n == 3 && str_eqc(rl.items[0].title, "A First Draft, Retitled"));
	CHECK(rl.n == 3 && str_eqc(rl.items[0].summary, "A short summary."));
	CHECK(rl.n == 3 && str_eqc(rl.items[1].title, "A First Draft") && rl.items[1].editor_id == editor);
	CHECK(rl.n == 3 && str_eqc(rl.items[2].body, "The *body*.") && rl.items[0].id > rl.items[2].id);
	CHECK(store_blog_revisions(st, ar, hello, &rl) == 0 && rl.n == 0);
	CHECK(store_blog_revisions(st, ar, 999999, &rl) == 0 && rl.n == 0);

	/* A missing post: nothing written. */
	int64_t before = rows_written();
	struct store_blog_post missing = post_of(draft);
	missing.id = 999999;
	CHECK(store_blog_post_update(st, &missing, alice, NOW + 44) == STORE_ENOTFOUND);
	CHECK(rows_written() == before);

	/* Published: published_at now, its topic made (one). */
	int64_t topics_before = all_topics(ward);
	CHECK(update(draft, STORE_BLOG_PUBLISHED, NULL, alice, NOW + 45) == 0);
	g = post_of(draft);
	CHECK(g.status == STORE_BLOG_PUBLISHED && g.published_at == NOW + 45 && g.topic_id > 0);
	CHECK(g.edit_count == 3 && g.updated_at == NOW + 45);
	int64_t topic = g.topic_id;
	CHECK(all_topics(ward) == topics_before + 1 && live_topics(ward) == 2);
	struct store_topic t = topic_of(topic);
	CHECK(t.forum_id == ward && str_eqc(t.title, "A First Draft, Retitled") && !t.deleted);
	CHECK(forum_of(ward).topic_count == 2 && forum_of(ward).post_count == 2);
	CHECK(store_blog_revisions(st, ar, draft, &rl) == 0 && rl.n == 3);

	/* Edited while published: no second topic. */
	CHECK(update(draft, STORE_BLOG_PUBLISHED, edit_body, alice, NOW + 46) == 0);
	CHECK(post_of(draft).topic_id == topic && all_topics(ward) == topics_before + 1);
	CHECK(post_of(draft).published_at == NOW + 45 && post_of(draft).edit_count == 3); /* same body */

	/* A comment, then unpublished: the topic deleted, counts down,
	 * published_at kept, no replies. */
	CHECK(try_reply(topic, bob, "Nice post.", NOW + 47) == 0);
	CHECK(post_of(draft).comment_count == 1);
	CHECK(forum_of(ward).post_count == 3);
	CHECK(update(draft, STORE_BLOG_UNPUBLISHED, NULL, alice, NOW + 48) == 0);
	g = post_of(draft);
	CHECK(g.status == STORE_BLOG_UNPUBLISHED && g.published_at == NOW + 45 && g.topic_id == topic);
	t = topic_of(topic);
	CHECK(t.deleted);
	CHECK(live_topics(ward) == 1 && forum_of(ward).topic_count == 1 && forum_of(ward).post_count == 1);
	CHECK(try_reply(topic, bob, "Where did it go?", NOW + 49) == STORE_ENOTFOUND);
	struct store_topic_list tl;
	int64_t total = 0;
	CHECK(store_topic_list(st, ar, ward, 0, 100, 0, &tl, &total) == 0 && tl.n == 1 && total == 1);

	/* Published again: the same topic restored, published_at kept. */
	CHECK(update(draft, STORE_BLOG_PUBLISHED, NULL, alice, NOW + 50) == 0);
	g = post_of(draft);
	CHECK(g.status == STORE_BLOG_PUBLISHED && g.published_at == NOW + 45 && g.topic_id == topic);
	CHECK(!topic_of(topic).deleted && all_topics(ward) == topics_before + 1);
	CHECK(forum_of(ward).topic_count == 2 && forum_of(ward).post_count == 3);
	CHECK(g.comment_count == 1);

	/* Back to a draft: deleted again; published again: restored. */
	CHECK(update(draft, STORE_BLOG_DRAFT, NULL, alice, NOW + 51) == 0);
	CHECK(topic_of(topic).deleted && post_of(draft).status == STORE_BLOG_DRAFT);
	CHECK(forum_of(ward).topic_count == 1);
	CHECK(update(draft, STORE_BLOG_PUBLISHED, NULL, alice, NOW + 52) == 0);
	CHECK(!topic_of(topic).deleted && post_of(draft).published_at == NOW + 45);
	CHECK(all_topics(ward) == topics_before + 1 && forum_of(ward).topic_count == 2);

	/* Comments closed: the topic locked, replies refused; open again. */
	CHECK(update(draft, STORE_BLOG_PUBLISHED, close_comments, alice, NOW + 53) == 0);
	CHECK(post_of(draft).comments_closed && topic_of(topic).locked);
	CHECK(try_reply(topic, bob, "Closed?", NOW + 54) == STORE_ECONFLICT);
	CHECK(update(draft, STORE_BLOG_PUBLISHED, open_comments, alice, NOW + 55) == 0);
	CHECK(!post_of(draft).comments_closed && !topic_of(topic).locked);
	CHECK(try_reply(topic, carol, "Open again.", NOW + 56) == 0);
	CHECK(post_of(draft).comment_count == 2);
	CHECK(post_of(draft).edit_count == 3);
	CHECK(store_blog_post_by_topic(st, ar, topic, &g) == 0 && g.id == draft);
}

TEST(test_lists)
{
	/* More posts: two published in ward, one unpublished, one draft in
	 * night; publication times spread out. */
	static const char *const t_ecg[] = {"ecg", NULL};
	static const char *const t_rota[] = {"rota", "wellbeing", NULL};
	struct store_blog_post p = post_new(ward, alice, "second", "Second", STORE_BLOG_PUBLISHED, 0, t_ecg);
	int64_t second = create(&p, NOW + 60);
	p = post_new(night, bob, "rota-blues", "Rota Blues", STORE_BLOG_PUBLISHED, 0, t_rota);
	int64_t rota = create(&p, NOW + 61);
	p = post_new(night, bob, "taken-down", "Taken Down", STORE_BLOG_PUBLISHED, 0, t_ecg);
	int64_t down = create(&p, NOW + 62);
	CHECK(update(down, STORE_BLOG_UNPUBLISHED, NULL, bob, NOW + 63) == 0);
	p = post_new(night, bob, "night-draft", "Night Draft", STORE_BLOG_DRAFT, 0, t_ecg);
	int64_t ndraft = create(&p, NOW + 64);

	/* Published now: hello (31), night_hello (34), draft (45), second
	 * (60), rota (61).  Never the drafts, scheduled or unpublished. */
	int64_t total = 0;
	struct store_blog_post_list l = posts(0, "", -1, false, 100, 0, &total);
	CHECK(l.n == 5 && total == 5 && all_published(&l));
	CHECK(l.n == 5 && l.items[0].id == rota && l.items[1].id == second && l.items[2].id == draft);
	CHECK(l.n == 5 && l.items[3].id == night_hello && l.items[4].id == hello);
	CHECK(!holds(&l, soon) && !holds(&l, down) && !holds(&l, ndraft));
	CHECK(l.n == 5 && str_eqc(l.items[0].body, "The *body*.") && str_eqc(l.items[0].blog_slug, "night-rounds"));
	CHECK(l.n == 5 && l.items[0].ntags == 2 && str_eqc(l.items[0].tags[1], "wellbeing"));
	CHECK(l.n == 5 && l.items[2].comment_count == 2 && l.items[2].topic_id > 0);
	l = posts(0, NULL, -1, false, 100, 0, NULL); /* STR_NULL tag, no total */
	CHECK(l.n == 5);

	/* Paged: total stays. */
	l = posts(0, "", -1, false, 2, 0, &total);
	CHECK(l.n == 2 && total == 5 && l.items[0].id == rota && l.items[1].id == second);
	l = posts(0, "", -1, false, 2, 2, &total);
	CHECK(l.n == 2 && total == 5 && l.items[0].id == draft && l.items[1].id == night_hello);
	l = posts(0, "", -1, false, 2, 4, &total);
	CHECK(l.n == 1 && total == 5 && l.items[0].id == hello);
	l = posts(0, "", -1, false, 2, 6, &total);
	CHECK(l.n == 0 && total == 5);

	/* Per blog. */
	l = posts(ward, "", -1, false, 100, 0, &total);
	CHECK(l.n == 3 && total == 3 && all_published(&l) && l.items[0].id == second && l.items[2].id == hello);
	l = posts(night, "", -1, false, 100, 0, &total);
	CHECK(l.n == 2 && total == 2 && l.items[0].id == rota && l.items[1].id == night_hello);
	l = posts(medicine, "", -1, false, 100, 0, &total);
	CHECK(l.n == 0 && total == 0);

	/* By tag: published ones only (the unpublished and the draft carry
	 * "ecg" too). */
	l = posts(0, "ecg", -1, false, 100, 0, &total);
	CHECK(l.n == 4 && total == 4 && all_published(&l));
	CHECK(l.n == 4 && l.items[0].id == second && l.items[1].id == draft && l.items[2].id == night_hello &&
	      l.items[3].id == hello);
	l = posts(ward, "ecg", -1, false, 100, 0, &total);
	CHECK(l.n == 3 && total == 3);
	l = posts(0, "wellbeing", -1, false, 100, 0, &total);
	CHECK(l.n == 1 && total == 1 && l.items[0].id == rota);
	l = posts(0, "nothing", -1, false, 100, 0, &total);
	CHECK(l.n == 0 && total == 0);

	/* A blog's posts by status, newest updated first. */
	l = posts(night, "", STORE_BLOG_DRAFT, false, 100, 0, &total);
	CHECK(l.n == 1 && total == 1 && l.items[0].id == ndraft && l.items[0].status == STORE_BLOG_DRAFT);
	l = posts(night, "", STORE_BLOG_UNPUBLISHED, false, 100, 0, &total);
	CHECK(l.n == 1 && total == 1 && l.items[0].id == down && l.items[0].published_at == NOW + 62);
	l = posts(ward, "", STORE_BLOG_SCHEDULED, false, 100, 0, &total);
	CHECK(l.n == 1 && total == 1 && l.items[0].id == soon && l.items[0].publish_at == NOW + 1000);
	l = posts(ward, "", STORE_BLOG_DRAFT, false, 100, 0, &total);
	CHECK(l.n == 0 && total == 0);
	l = posts(ward, "", STORE_BLOG_PUBLISHED, false, 100, 0, &total);
	CHECK(l.n == 3 && total == 3 && l.items[0].id == second && l.items[1].id == draft && l.items[2].id == hello);
	CHECK(update(ndraft, STORE_BLOG_DRAFT, edit_title, bob, NOW + 65) == 0);
	p = post_new(night, bob, "older-draft", "Older Draft", STORE_BLOG_DRAFT, 0, NULL);
	int64_t odraft = create(&p, NOW + 64);
	l = posts(night, "", STORE_BLOG_DRAFT, false, 100, 0, &total);
	CHECK(l.n == 2 && total == 2 && l.items[0].id == ndraft && l.items[1].id == odraft);
	l = posts(night, "", STORE_BLOG_DRAFT, false, 1, 1, &total);
	CHECK(l.n == 1 && total == 2 && l.items[0].id == odraft);

	/* The blogs' list: newest published post first, with its counts. */
	struct store_blog_list bl;
	CHECK(store_blog_list(st, ar, 100, 0, &bl) == 0 && bl.n == 2);
	CHECK(bl.n == 2 && bl.items[0].id == night && bl.items[0].post_count == 2);
	CHECK(bl.n == 2 && bl.items[0].last_published_at == NOW + 61);
	CHECK(bl.n == 2 && bl.items[1].id == ward && bl.items[1].post_count == 3);
	CHECK(bl.n == 2 && bl.items[1].last_published_at == NOW + 60);
	CHECK(blog_of(ward).post_count == 3 && blog_of(night).last_published_at == NOW + 61);
}

/* dave's blog, with no post yet: after those with posts. */
TEST(test_third_blog)
{
	struct store_blog_application_list l;
	CHECK(store_blogger_applications(st, ar, dave, S("pending"), 100, 0, &l) == 0 && l.n == 1);
	if (l.n != 1)
		return;
	CHECK(l.items[0].id == app_dave);
	int64_t lone = 0;
	CHECK(store_blogger_decide(st, app_dave, true, S("daves-digest"), S(""), editor, NOW + 67, &lone) == 0);
	struct store_blog_list bl;
	CHECK(store_blog_list(st, ar, 100, 0, &bl) == 0 && bl.n == 3);
	CHECK(bl.n == 3 && bl.items[0].id == night && bl.items[1].id == ward && bl.items[2].id == lone);
	CHECK(bl.n == 3 && bl.items[2].post_count == 0 && str_eqc(bl.items[2].title, "Dave's Digest"));
	CHECK(store_blog_list(st, ar, 2, 2, &bl) == 0 && bl.n == 1 && bl.items[0].id == lone);
}

TEST(test_publish_due)
{
	struct store_blog_post p = post_new(night, bob, "later", "Later", STORE_BLOG_SCHEDULED, NOW + 5000, NULL);
	int64_t later = create(&p, NOW + 70);
	int n = -1;
	CHECK(store_blog_publish_due(st, NOW + 999, &n) == 0 && n == 0);
	CHECK(post_of(soon).status == STORE_BLOG_SCHEDULED && post_of(soon).topic_id == 0);

	int64_t topics_before = all_topics(ward);
	n = -1;
	CHECK(store_blog_publish_due(st, NOW + 1000, &n) == 0 && n == 1);
	struct store_blog_post g = post_of(soon);
	CHECK(g.status == STORE_BLOG_PUBLISHED && g.published_at == NOW + 1000 && g.topic_id > 0);
	CHECK(all_topics(ward) == topics_before + 1 && !topic_of(g.topic_id).deleted);
	CHECK(str_eqc(topic_of(g.topic_id).title, "Coming Soon") && topic_of(g.topic_id).forum_id == ward);
	CHECK(post_of(later).status == STORE_BLOG_SCHEDULED && post_of(later).topic_id == 0);

	/* A second sweep publishes nothing more. */
	n = -1;
	CHECK(store_blog_publish_due(st, NOW + 1001, &n) == 0 && n == 0);
	CHECK(all_topics(ward) == topics_before + 1);
	int64_t total = 0;
	struct store_blog_post_list l = posts(0, "", -1, false, 100, 0, &total);
	CHECK(total == 6 && l.n == 6 && l.items[0].id == soon && !holds(&l, later));

	/* Rescheduled into the past by its blogger: the next sweep takes it;
	 * two due at once are both published. */
	CHECK(update(later, STORE_BLOG_SCHEDULED, NULL, bob, NOW + 1002) == 0);
	struct store_blog_post q = post_of(later);
	q.publish_at = NOW + 1003;
	CHECK(store_blog_post_update(st, &q, bob, NOW + 1002) == 0);
	p = post_new(night, bob, "also-due", "Also Due", STORE_BLOG_SCHEDULED, NOW + 1004, NULL);
	int64_t also = create(&p, NOW + 1002);
	n = -1;
	CHECK(store_blog_publish_due(st, NOW + 1004, &n) == 0 && n == 2);
	CHECK(post_of(later).status == STORE_BLOG_PUBLISHED && post_of(later).topic_id > 0);
	CHECK(post_of(also).status == STORE_BLOG_PUBLISHED && post_of(also).topic_id > 0);
	CHECK(post_of(also).published_at == NOW + 1004);
	n = -1;
	CHECK(store_blog_publish_due(st, NOW + 9999, &n) == 0 && n == 0);
	l = posts(night, "", STORE_BLOG_SCHEDULED, false, 100, 0, &total);
	CHECK(l.n == 0 && total == 0);
}

TEST(test_feature)
{
	int64_t id = hello, other = night_hello;
	/* Not published, missing: nothing written. */
	int64_t before = rows_written();
	struct store_blog_post_list l = posts(night, "", STORE_BLOG_DRAFT, false, 100, 0, NULL);
	CHECK(l.n == 2);
	int64_t a_draft = l.n ? l.items[0].id : 0;
	l = posts(night, "", STORE_BLOG_UNPUBLISHED, false, 100, 0, NULL);
	CHECK(l.n == 1);
	int64_t down = l.n ? l.items[0].id : 0;
	CHECK(store_blog_feature(st, a_draft, true, editor, NOW + 80) == STORE_ECONFLICT);
	CHECK(store_blog_feature(st, down, true, editor, NOW + 80) == STORE_ECONFLICT);
	CHECK(store_blog_feature(st, 999999, true, editor, NOW + 80) == STORE_ENOTFOUND);
	CHECK(store_blog_feature(st, 999999, false, editor, NOW + 80) == STORE_ENOTFOUND);
	CHECK(store_blog_feature(st, id, false, editor, NOW + 80) == STORE_ECONFLICT); /* not featured */
	CHECK(store_blog_share(st, id, S("twitter"), true, editor, NOW + 80) == STORE_ENOTFOUND); /* not featured */
	CHECK(store_blog_share(st, 999999, S("twitter"), true, editor, NOW + 80) == STORE_ENOTFOUND);
	CHECK(rows_written() == before);
	CHECK(post_of(id).featured_at == 0);

	/* Featured: newest featured first. */
	CHECK(store_blog_feature(st, id, true, editor, NOW + 81) == 0);
	CHECK(post_of(id).featured_at == NOW + 81);
	CHECK(audits("blog_post.feature", target("blog_post", id), editor) == 1);
	before = rows_written();
	CHECK(store_blog_feature(st, id, true, editor, NOW + 82) == STORE_ECONFLICT);
	CHECK(rows_written() == before && post_of(id).featured_at == NOW + 81);
	CHECK(store_blog_feature(st, other, true, editor, NOW + 83) == 0);
	int64_t total = 0;
	l = posts(0, "", -1, true, 100, 0, &total);
	CHECK(l.n == 2 && total == 2 && l.items[0].id == other && l.items[1].id == id);
	CHECK(l.n == 2 && l.items[0].featured_at == NOW + 83);
	l = posts(0, "", -1, true, 1, 1, &total);
	CHECK(l.n == 1 && total == 2 && l.items[0].id == id);
	l = posts(ward, "", -1, true, 100, 0, &total);
	CHECK(l.n == 1 && total == 1 && l.items[0].id == id);
	l = posts(0, "teaching", -1, true, 100, 0, &total);
	CHECK(l.n == 1 && total == 1 && l.items[0].id == id);

	/* Shares: per network, sorted, comma-separated; off again. */
	CHECK(store_blog_share(st, id, S("twitter"), true, editor, NOW + 84) == 0);
	CHECK(str_eqc(post_of(id).shared, "twitter"));
	CHECK(store_blog_share(st, id, S("linkedin"), true, editor, NOW + 85) == 0);
	CHECK(str_eqc(post_of(id).shared, "linkedin,twitter"));
	CHECK(audits("blog_post.share", target("blog_post", id), editor) == 2);
	(void)store_blog_share(st, id, S("linkedin"), true, editor, NOW + 86); /* again: still once */
	CHECK(str_eqc(post_of(id).shared, "linkedin,twitter"));
	CHECK(raw_id("SELECT count(*) FROM blog_shares WHERE post_id = $1", id) == 2);
	l = posts(0, "", -1, true, 100, 0, NULL);
	CHECK(l.n == 2 && str_eqc(l.items[1].shared, "linkedin,twitter") && l.items[0].shared.n == 0);
	CHECK(store_blog_share(st, id, S("twitter"), false, editor, NOW + 87) == 0);
	CHECK(str_eqc(post_of(id).shared, "linkedin"));
	CHECK(str_eqc(post_of(other).shared, ""));

	/* Unfeatured: out of the list; once only. */
	CHECK(store_blog_feature(st, other, false, editor, NOW + 88) == 0);
	CHECK(post_of(other).featured_at == 0);
	CHECK(audits("blog_post.unfeature", target("blog_post", other), editor) == 1);
	CHECK(store_blog_feature(st, other, false, editor, NOW + 89) == STORE_ECONFLICT);
	CHECK(store_blog_share(st, other, S("twitter"), true, editor, NOW + 89) == STORE_ENOTFOUND);
	l = posts(0, "", -1, true, 100, 0, &total);
	CHECK(l.n == 1 && total == 1 && l.items[0].id == id);

	/* A featured post taken down leaves the featured list. */
	CHECK(update(id, STORE_BLOG_UNPUBLISHED, NULL, alice, NOW + 90) == 0);
	l = posts(0, "", -1, true, 100, 0, &total);
	CHECK(l.n == 0 && total == 0);
	CHECK(update(id, STORE_BLOG_PUBLISHED, NULL, alice, NOW + 91) == 0);
	CHECK(post_of(id).published_at == NOW + 31);
}

TEST(test_tags)
{
	/* Published: hello {ecg, teaching}, night_hello {cardiology, ecg},
	 * draft {audit, cardiology, ecg}, second {ecg}, rota {rota,
	 * wellbeing}, soon, later and also-due {}.  Unpublished and drafts
	 * carry "ecg" too and do not count. */
	struct store_blog_tag_list tl;
	CHECK(store_blog_tags(st, ar, 100, &tl) == 0 && tl.n == 6);
	CHECK(tl.n == 6 && str_eqc(tl.items[0].tag, "ecg") && tl.items[0].count == 4);
	CHECK(tl.n == 6 && str_eqc(tl.items[1].tag, "cardiology") && tl.items[1].count == 2);
	CHECK(tl.n == 6 && str_eqc(tl.items[2].tag, "audit") && tl.items[2].count == 1);
	CHECK(tl.n == 6 && str_eqc(tl.items[3].tag, "rota") && str_eqc(tl.items[4].tag, "teaching"));
	CHECK(tl.n == 6 && str_eqc(tl.items[5].tag, "wellbeing") && tl.items[5].count == 1);
	CHECK(store_blog_tags(st, ar, 2, &tl) == 0 && tl.n == 2 && str_eqc(tl.items[1].tag, "cardiology"));

	/* Taking a post down moves the counts. */
	CHECK(update(night_hello, STORE_BLOG_UNPUBLISHED, NULL, bob, NOW + 95) == 0);
	CHECK(store_blog_tags(st, ar, 100, &tl) == 0 && tl.n == 6);
	CHECK(tl.n == 6 && str_eqc(tl.items[0].tag, "ecg") && tl.items[0].count == 3);
	CHECK(tl.n == 6 && str_eqc(tl.items[1].tag, "audit") && str_eqc(tl.items[2].tag, "cardiology"));
	CHECK(update(night_hello, STORE_BLOG_PUBLISHED, NULL, bob, NOW + 96) == 0);
	CHECK(store_blog_tags(st, ar, 100, &tl) == 0 && tl.n == 6 && tl.items[1].count == 2);
}

TEST(test_not_in_forum_lists)
{
	/* The forums' list never holds a blog's forum. */
	struct store_forum_list fl;
	CHECK(store_forum_list(st, ar, true, &fl) == 0 && fl.n == 26);
	bool none = true;
	for (int i = 0; i < fl.n; i++)
		none &= fl.items[i].section != STORE_SECTION_BLOG && fl.items[i].id != ward;
	CHECK(none);
	CHECK(store_forum_list(st, ar, false, &fl) == 0 && fl.n == 26);

	/* A topic in an open forum, to see the lists work at all. */
	struct store_post_new p = {.author = carol, .body = S("A question."), .body_html = S("<p>A question.</p>")};
	int64_t t = 0, p1 = 0;
	CHECK(store_topic_create(st, medicine, S("A public question"), &p, NOW + 100, &t, &p1) == 0);

	/* Nor do the lists that span forums, whatever the mask. */
	CHECK(live_topics(ward) >= 3);
	const unsigned masks[] = {STORE_SECTIONS_ALL, 1u << STORE_SECTION_BLOG, ~0u};
	for (size_t m = 0; m < sizeof masks / sizeof *masks; m++) {
		struct store_topic_list tl;
		CHECK(store_topic_latest(st, ar, masks[m], carol, false, 0, 100, 0, &tl) == 0);
		bool clean = true;
		for (int i = 0; i < tl.n; i++)
			clean &= tl.items[i].section != STORE_SECTION_BLOG && tl.items[i].forum_id != ward &&
				 tl.items[i].forum_id != night;
		CHECK(clean);
		CHECK(masks[m] == (1u << STORE_SECTION_BLOG) ? tl.n == 0 : tl.n == 1);
		CHECK(store_topic_latest(st, ar, masks[m], carol, true, 0, 100, 0, &tl) == 0);
		for (int i = 0; i < tl.n; i++)
			CHECK(tl.items[i].section != STORE_SECTION_BLOG);
		CHECK(store_topic_latest(st, ar, masks[m], bob, true, 0, 100, 0, &tl) == 0);
		for (int i = 0; i < tl.n; i++)
			CHECK(tl.items[i].section != STORE_SECTION_BLOG);
		CHECK(store_topic_by_author(st, ar, alice, masks[m], 100, &tl) == 0 && tl.n == 0);
		CHECK(store_topic_by_author(st, ar, bob, masks[m], 100, &tl) == 0 && tl.n == 0);
		struct store_post_list pl;
		CHECK(store_post_by_author(st, ar, bob, masks[m], 100, &pl) == 0 && pl.n == 0);
		CHECK(store_post_by_author(st, ar, alice, masks[m], 100, &pl) == 0 && pl.n == 0);
		CHECK(store_post_by_author(st, ar, carol, masks[m], 100, &pl) == 0);
		for (int i = 0; i < pl.n; i++)
			CHECK(pl.items[i].section != STORE_SECTION_BLOG);
	}
	/* A blog's topic itself reads as in section blog. */
	struct store_topic_list tl;
	CHECK(store_topic_list(st, ar, ward, alice, 10, 0, &tl, &(int64_t){0}) == 0 && tl.n >= 1);
	CHECK(tl.n >= 1 && tl.items[0].section == STORE_SECTION_BLOG);
}

TEST(test_arena_full)
{
	arena *small = arena_new(32);
	struct store_blog b;
	struct store_blog_list bl;
	struct store_blog_post p;
	struct store_blog_post_list pl;
	struct store_blog_application v;
	struct store_blog_application_list al;
	struct store_blog_revision_list rl;
	struct store_blog_tag_list tl;
	struct store_blog_query q = {.status = -1, .limit = 100};
	CHECK(store_blog_get(st, small, ward, &b) == STORE_ERR);
	CHECK(store_blog_list(st, small, 100, 0, &bl) == STORE_ERR);
	CHECK(store_blog_post_get(st, small, hello, &p) == STORE_ERR);
	CHECK(store_blog_posts(st, small, &q, &pl, NULL) == STORE_ERR);
	CHECK(store_blogger_application_get(st, small, app_alice, &v) == STORE_ERR);
	CHECK(store_blogger_applications(st, small, 0, S(""), 100, 0, &al) == STORE_ERR);
	CHECK(store_blog_revisions(st, small, draft, &rl) == STORE_ERR);
	CHECK(store_blog_tags(st, small, 100, &tl) == STORE_ERR);
	arena_free(small);
	/* The store still works after. */
	CHECK(store_blog_get(st, ar, ward, &b) == 0 && b.owner_id == alice);
	CHECK(store_blog_post_get(st, ar, hello, &p) == 0 && p.id == hello);
}

/* Deleting an account declines the member's pending application; a
 * blogger's blog and posts stay. */
TEST(test_member_deleted)
{
	int64_t gone = add_member("goner", "Gwen Goner", false, 0);
	int64_t spare = add_member("spare", "Sam Spare", false, 0);
	int64_t waiting = apply(gone, "Gone Soon", NOW + 200);
	int64_t other = apply(spare, "Spare Time", NOW + 201);
	CHECK(store_member_delete(st, gone, NOW + 202) == 0);
	struct store_blog_application v = application_of(waiting);
	CHECK(str_eqc(v.status, "declined") && v.decided_at == NOW + 202);
	CHECK(str_eqc(application_of(other).status, "pending"));
	CHECK(store_blogger_decide(st, waiting, true, S("gone-soon"), S(""), editor, NOW + 203, &(int64_t){0}) ==
	      STORE_ECONFLICT);

	/* carol's pending application too; then a blogger leaves. */
	CHECK(store_member_delete(st, carol, NOW + 204) == 0);
	CHECK(str_eqc(application_of(app_carol2).status, "declined"));
	CHECK(str_eqc(application_of(app_carol).reason, "Not yet"));
	int64_t posts_before = raw_id("SELECT count(*) FROM blog_posts WHERE blog_id = $1", night);
	CHECK(store_member_delete(st, bob, NOW + 205) == 0);
	struct store_blog b;
	CHECK(store_blog_get(st, ar, night, &b) == 0 && b.owner_id == bob);
	CHECK(raw_id("SELECT count(*) FROM blog_posts WHERE blog_id = $1", night) == posts_before);
	CHECK(store_blog_post_get(st, ar, night_hello, &(struct store_blog_post){0}) == 0);
	CHECK(store_blogger_decide(st, other, false, S(""), S("No"), editor, NOW + 206, &(int64_t){0}) == 0);
}

/* After everything above: published posts have a live topic, the others
 * none or a deleted one, each topic names one post in its own blog, and
 * the blog forums' counts are what they count. */
TEST(test_counts_agree)
{
	CHECK(raw_int("SELECT count(*) FROM blog_posts WHERE status = 'published' AND (topic_id IS NULL OR "
		      "published_at = 0)") == 0);
	CHECK(raw_int("SELECT count(*) FROM blog_posts p JOIN topics t ON t.id = p.topic_id WHERE "
		      "(p.status = 'published') = (t.deleted_at IS NOT NULL) OR t.forum_id <> p.blog_id") == 0);
	CHECK(raw_int("SELECT count(*) FROM blog_posts WHERE status IN ('draft', 'scheduled') AND published_at = 0 "
		      "AND topic_id IS NOT NULL") == 0);
	CHECK(raw_int("SELECT count(*) FROM blog_posts WHERE status = 'scheduled' AND publish_at = 0") == 0);
	CHECK(raw_int("SELECT count(*) FROM forums f WHERE section = 'blog' AND topic_count <> (SELECT count(*) "
		      "FROM topics t WHERE t.forum_id = f.id AND t.deleted_at IS NULL)") == 0);
	CHECK(raw_int("SELECT count(*) FROM forums f WHERE section = 'blog' AND NOT EXISTS (SELECT 1 FROM blogs b "
		      "WHERE b.forum_id = f.id)") == 0);
	CHECK(raw_int("SELECT count(*) FROM blogs b JOIN forums f ON f.id = b.forum_id WHERE f.section <> 'blog'") ==
	      0);
	CHECK(raw_int("SELECT count(*) FROM topics t JOIN forums f ON f.id = t.forum_id WHERE f.section = 'blog' AND "
		      "NOT EXISTS (SELECT 1 FROM blog_posts p WHERE p.topic_id = t.id)") == 0);
	CHECK(raw_int("SELECT count(*) FROM blogs") == 3);
	CHECK(raw_int("SELECT count(*) FROM blogger_applications WHERE status <> 'pending' AND decided_at = 0") == 0);
	CHECK(raw_int("SELECT count(*) FROM blogger_applications WHERE status = 'approved' AND blog_id IS NULL") == 0);
	if (!pg_base)
		CHECK(raw_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

int main(void)
{
	if (fixture_setup("blog") < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_migrate);
	if (st) {
		RUN(test_names);
		RUN(test_apply);
		RUN(test_decide);
		RUN(test_blog_reads);
		RUN(test_post_create);
		RUN(test_post_update);
		RUN(test_lists);
		RUN(test_third_blog);
		RUN(test_publish_due);
		RUN(test_feature);
		RUN(test_tags);
		RUN(test_not_in_forum_lists);
		RUN(test_arena_full);
		RUN(test_member_deleted);
		RUN(test_counts_agree);
	}
	fixture_cleanup();
	return unit_summary();
}
