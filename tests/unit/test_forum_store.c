/* test_forum_store.c: the forums part of the store (store.h "Forums"),
 * backend-agnostic: against a SQLite file in a fresh temporary folder, or,
 * when ROUNDS_TEST_PG names a PostgreSQL server (postgresql://USER@HOST:PORT),
 * against a fresh database rounds_forum_test_PID made there and dropped at
 * the end.  Every forums function, its errors, the counts the writes keep,
 * unread marks, notifications (and that no one is told of their own doing),
 * champions and their role bit, flags and the queues, the audit list, and a
 * deleted member's posts staying.  A raw connection looks at rows the store
 * has no reader for (store_fixture.h). */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000;

/* The members every test shares. */
static int64_t alice, bob, carol, dave, editor;

/* ---- Helpers (setup and raw access: store_fixture.h) ------------------ */

static struct store_forum forum_of(int64_t id)
{
	struct store_forum f = {0};
	CHECK(store_forum_by_id(st, ar, id, &f) == 0);
	return f;
}

static struct store_topic topic_of(int64_t id, int64_t reader)
{
	struct store_topic t = {0};
	CHECK(store_topic_get(st, ar, id, reader, &t) == 0);
	return t;
}

static struct store_post post_of(int64_t id, int64_t reader)
{
	struct store_post p = {0};
	CHECK(store_post_get(st, ar, id, reader, &p) == 0);
	return p;
}

static struct store_post_new post_new(int64_t author, const char *body)
{
	return (struct store_post_new){.author = author, .body = str_c(body), .body_html = str_c(body)};
}

/* Starts a topic; its first post's id in *post (may be NULL). */
static int64_t new_topic(int64_t forum, int64_t author, const char *title, int64_t at, int64_t *post)
{
	struct store_post_new p = post_new(author, "The first post.");
	int64_t t = 0, p1 = 0;
	CHECK(store_topic_create(st, forum, str_c(title), &p, at, &t, &p1) == 0);
	if (post)
		*post = p1;
	return t;
}

static int64_t reply(int64_t topic, int64_t author, const char *body, int64_t at)
{
	struct store_post_new p = post_new(author, body);
	int64_t id = 0;
	CHECK(store_post_create(st, topic, &p, at, &id) == 0);
	return id;
}

/* How many notifications of `kind` about post `post` member has. */
static int64_t notes(int64_t member, const char *kind, int64_t post)
{
	char m[24], p[24];
	snprintf(m, sizeof m, "%lld", (long long)member);
	snprintf(p, sizeof p, "%lld", (long long)post);
	const char *params[] = {m, kind, p};
	return raw_q("SELECT count(*) FROM notifications WHERE member_id = $1 AND kind = $2 AND post_id = $3", 3,
		     params);
}

/* How many audit rows say `action` on `target`. */
static int64_t audits(const char *action, const char *target)
{
	const char *params[] = {action, target};
	return raw_q("SELECT count(*) FROM audit_log WHERE action = $1 AND target = $2", 2, params);
}

/* ---- Tests ------------------------------------------------------------- */

TEST(test_migrate_and_seed)
{
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	int v = store_migrate(st);
	CHECK(v >= 8);
	CHECK(store_migrate(st) == v);
	struct store_forum_list fl;
	CHECK(store_forum_list(st, ar, false, &fl) == 0 && fl.n == 26);
	int per[STORE_SECTION_MAX] = {0};
	bool ordered = true;
	for (int i = 0; i < fl.n; i++) {
		per[fl.items[i].section]++;
		if (i && (fl.items[i].section < fl.items[i - 1].section ||
			  (fl.items[i].section == fl.items[i - 1].section &&
			   fl.items[i].position < fl.items[i - 1].position)))
			ordered = false;
		if (fl.items[i].topic_count || fl.items[i].post_count || fl.items[i].archived)
			ordered = false;
	}
	CHECK(ordered);
	CHECK(per[STORE_SECTION_OPEN_CLINICAL] == 10 && per[STORE_SECTION_CLOSED_CLINICAL] == 10 &&
	      per[STORE_SECTION_OFF_DUTY] == 6);
	CHECK(fl.n > 0 && str_eqc(fl.items[0].slug, "medicine") && str_eqc(fl.items[0].name, "Medicine"));
	struct store_forum f;
	CHECK(store_forum_by_slug(st, ar, S("obstetrics-gynaecology"), &f) == 0);
	CHECK(str_eqc(f.description, "Pregnancy, birth and women's health.")); /* the '' of the seed */
	CHECK(store_forum_by_slug(st, ar, S("medicine-doctors"), &f) == 0 && f.section == STORE_SECTION_CLOSED_CLINICAL);
	CHECK(store_forum_by_slug(st, ar, S("musical-medics"), &f) == 0 && f.section == STORE_SECTION_OFF_DUTY);
	int64_t id = f.id;
	CHECK(store_forum_by_id(st, ar, id, &f) == 0 && str_eqc(f.slug, "musical-medics") && f.position == 6);
	CHECK(store_forum_by_slug(st, ar, S("no-such-forum"), &f) == STORE_ENOTFOUND);
	CHECK(store_forum_by_id(st, ar, 999999, &f) == STORE_ENOTFOUND);
	CHECK(str_eqc(str_c(store_section_name(STORE_SECTION_OFF_DUTY)), "off_duty"));
	CHECK(store_section_parse(S("closed_clinical")) == STORE_SECTION_CLOSED_CLINICAL);
	CHECK(store_section_parse(S("groups")) == -1);

	alice = add_member("alice", "Alice Adams", true, 0);
	bob = add_member("bob", "Bob Brown", true, 0);
	carol = add_member("carol", "Carol Clark", false, 0);
	dave = add_member("dave", "Dave Davis", true, 0);
	editor = add_member("edna", "Edna Editor", true, ROLE_EDITOR);
}

TEST(test_forum_admin)
{
	struct store_forum f = {.slug = S("test-forum"), .name = S("Test forum"), .description = S("For tests."),
				.section = STORE_SECTION_OPEN_CLINICAL, .position = 99};
	int64_t id = 0, id2 = 0;
	CHECK(store_forum_create(st, &f, editor, NOW, &id) == 0 && id > 0);
	CHECK(store_forum_create(st, &f, editor, NOW, &id2) == STORE_ECONFLICT);
	struct store_forum got = forum_of(id);
	CHECK(str_eqc(got.name, "Test forum") && str_eqc(got.description, "For tests."));
	CHECK(got.section == STORE_SECTION_OPEN_CLINICAL && got.position == 99 && !got.archived);
	CHECK(got.created_at == NOW && got.topic_count == 0 && got.post_count == 0);

	f.id = id;
	f.name = S("Archived forum");
	f.description = S("Gone quiet.");
	f.position = 98;
	f.archived = true;
	f.slug = S("ignored");
	f.section = STORE_SECTION_OFF_DUTY; /* neither changes */
	CHECK(store_forum_update(st, &f, editor, NOW + 1) == 0);
	got = forum_of(id);
	CHECK(str_eqc(got.name, "Archived forum") && str_eqc(got.description, "Gone quiet.") && got.position == 98);
	CHECK(got.archived && str_eqc(got.slug, "test-forum") && got.section == STORE_SECTION_OPEN_CLINICAL);
	f.id = 999999;
	CHECK(store_forum_update(st, &f, editor, NOW) == STORE_ENOTFOUND);

	struct store_forum_list open, all;
	CHECK(store_forum_list(st, ar, false, &open) == 0 && open.n == 26);
	CHECK(store_forum_list(st, ar, true, &all) == 0 && all.n == 27);
	bool found = false;
	for (int i = 0; i < all.n; i++)
		found |= all.items[i].id == id && all.items[i].archived;
	CHECK(found);

	/* Archived: no new topics. */
	struct store_post_new p = post_new(alice, "Hello");
	int64_t t = 0, p1 = 0;
	CHECK(store_topic_create(st, id, S("Too late"), &p, NOW, &t, &p1) == STORE_ECONFLICT);
	CHECK(store_topic_create(st, 999999, S("Nowhere"), &p, NOW, &t, &p1) == STORE_ENOTFOUND);
	CHECK(forum_of(id).topic_count == 0);

	char target[32];
	snprintf(target, sizeof target, "forum:%lld", (long long)id);
	CHECK(audits("forum.create", target) == 1 && audits("forum.update", target) == 1);
}

TEST(test_topic_create)
{
	int64_t fid = forum_id("medicine");
	int64_t mentions[] = {bob, alice, bob, carol};
	struct store_post_new p = post_new(alice, "Anyone seen **this**?");
	p.body_html = S("<p>Anyone seen <strong>this</strong>?</p>");
	p.confirmed = true;
	p.mentions = mentions;
	p.nmentions = 4;
	int64_t t = 0, p1 = 0;
	CHECK(store_topic_create(st, fid, S("A curious rash"), &p, NOW, &t, &p1) == 0 && t > 0 && p1 > 0);

	struct store_forum f = forum_of(fid);
	CHECK(f.topic_count == 1 && f.post_count == 1 && f.last_post_at == NOW);
	struct store_topic tp = topic_of(t, alice);
	CHECK(str_eqc(tp.title, "A curious rash") && tp.forum_id == fid && tp.author_id == alice);
	CHECK(str_eqc(tp.author_name, "Alice Adams") && str_eqc(tp.author_handle, "alice") && tp.author_verified);
	CHECK(str_eqc(tp.forum_slug, "medicine") && str_eqc(tp.forum_name, "Medicine"));
	CHECK(tp.section == STORE_SECTION_OPEN_CLINICAL && tp.created_at == NOW && tp.last_post_at == NOW);
	CHECK(tp.last_post_id == p1 && tp.reply_count == 0 && !tp.pinned && !tp.locked && !tp.deleted);
	CHECK(str_eqc(tp.last_author_name, "Alice Adams") && str_eqc(tp.last_author_handle, "alice"));
	CHECK(tp.seen && !tp.unread); /* the author has read it */
	tp = topic_of(t, bob);
	CHECK(!tp.seen && tp.unread);
	CHECK(store_topic_get(st, ar, 999999, 0, &tp) == STORE_ENOTFOUND);

	struct store_post po = post_of(p1, bob);
	CHECK(po.topic_id == t && po.author_id == alice && po.number == 1 && po.confirmed);
	CHECK(str_eqc(po.body, "Anyone seen **this**?") && str_eqc(po.body_html, "<p>Anyone seen <strong>this</strong>?</p>"));
	CHECK(po.forum_id == fid && po.section == STORE_SECTION_OPEN_CLINICAL && str_eqc(po.topic_title, "A curious rash"));
	CHECK(po.created_at == NOW && po.edited_at == 0 && po.edit_count == 0 && po.like_count == 0);
	CHECK(!po.deleted && !po.hidden && !po.pick && !po.liked && !po.author_champion && po.author_verified);
	CHECK(store_post_get(st, ar, 999999, 0, &po) == STORE_ENOTFOUND);

	bool w = false;
	CHECK(store_topic_watching(st, alice, t, &w) == 0 && w);
	CHECK(store_topic_watching(st, bob, t, &w) == 0 && !w);
	/* Mentions: once each, never the author. */
	CHECK(notes(bob, "mention", p1) == 1 && notes(carol, "mention", p1) == 1);
	CHECK(raw_id("SELECT count(*) FROM notifications WHERE member_id = $1", alice) == 0);
}

TEST(test_replies)
{
	int64_t fid = forum_id("surgery");
	int64_t p1 = 0, t = new_topic(fid, alice, "Drains: yes or no?", NOW, &p1);
	int64_t r1 = reply(t, bob, "Yes.", NOW + 10);
	struct store_topic tp = topic_of(t, alice);
	CHECK(tp.reply_count == 1 && tp.last_post_id == r1 && tp.last_post_at == NOW + 10);
	CHECK(str_eqc(tp.last_author_name, "Bob Brown") && str_eqc(tp.last_author_handle, "bob"));
	CHECK(tp.seen && tp.unread); /* alice read up to her own post */
	CHECK(!topic_of(t, bob).unread);
	struct store_forum f = forum_of(fid);
	CHECK(f.topic_count == 1 && f.post_count == 2 && f.last_post_at == NOW + 10);
	CHECK(notes(alice, "reply", r1) == 1 && notes(bob, "reply", r1) == 0);
	bool w = false;
	CHECK(store_topic_watching(st, bob, t, &w) == 0 && w);

	/* Carol mentions bob, a watcher: he gets the mention only. */
	int64_t mentions[] = {bob, carol};
	struct store_post_new p = post_new(carol, "@bob what size?");
	p.mentions = mentions;
	p.nmentions = 2;
	int64_t r2 = 0;
	CHECK(store_post_create(st, t, &p, NOW + 20, &r2) == 0);
	CHECK(notes(bob, "mention", r2) == 1 && notes(bob, "reply", r2) == 0);
	CHECK(notes(alice, "reply", r2) == 1 && notes(carol, "reply", r2) == 0 && notes(carol, "mention", r2) == 0);

	struct store_post_list pl;
	CHECK(store_topic_posts(st, ar, t, carol, 100, 0, &pl) == 0 && pl.n == 3);
	CHECK(pl.n == 3 && pl.items[0].id == p1 && pl.items[1].id == r1 && pl.items[2].id == r2);
	CHECK(pl.n == 3 && pl.items[0].number == 1 && pl.items[1].number == 2 && pl.items[2].number == 3);
	CHECK(pl.n == 3 && str_eqc(pl.items[1].body_html, "Yes.") && str_eqc(pl.items[2].author_handle, "carol"));
	/* A page carries the rendered text only, not the Markdown source. */
	CHECK(pl.n == 3 && pl.items[1].body.n == 0 && str_eqc(post_of(r1, 0).body, "Yes."));
	CHECK(store_topic_posts(st, ar, t, carol, 1, 1, &pl) == 0 && pl.n == 1 && pl.items[0].id == r1);
	CHECK(forum_of(fid).post_count == 3 && topic_of(t, 0).reply_count == 2);

	CHECK(store_post_create(st, 999999, &p, NOW, &r2) == STORE_ENOTFOUND);
	/* Dave's post in another section shows in his activity by section. */
	int64_t other = new_topic(forum_id("cycling"), dave, "Commuting in the rain", NOW + 30, NULL);
	reply(t, dave, "No drains.", NOW + 40);
	CHECK(store_post_by_author(st, ar, dave, STORE_SECTIONS_ALL, 10, &pl) == 0 && pl.n == 2);
	CHECK(pl.n == 2 && pl.items[0].topic_id == t && pl.items[1].topic_id == other); /* newest first */
	CHECK(pl.n == 2 && pl.items[1].section == STORE_SECTION_OFF_DUTY && pl.items[0].forum_id == fid);
	CHECK(store_post_by_author(st, ar, dave, 1u << STORE_SECTION_OFF_DUTY, 10, &pl) == 0 && pl.n == 1);
	CHECK(store_post_by_author(st, ar, dave, 0, 10, &pl) == 0 && pl.n == 0);
	struct store_topic_list tl;
	CHECK(store_topic_by_author(st, ar, dave, STORE_SECTIONS_ALL, 10, &tl) == 0 && tl.n == 1);
	CHECK(tl.n == 1 && tl.items[0].id == other && str_eqc(tl.items[0].forum_slug, "cycling"));
	CHECK(store_topic_by_author(st, ar, dave, 1u << STORE_SECTION_OPEN_CLINICAL, 10, &tl) == 0 && tl.n == 0);
}

TEST(test_edit)
{
	int64_t fid = forum_id("psychiatry");
	int64_t p1 = 0, t = new_topic(fid, alice, "Old title", NOW, &p1);
	int64_t r1 = reply(t, bob, "First thoughts.", NOW + 5);
	int64_t m1[] = {bob};
	struct store_post_new e = post_new(alice, "Edited text, @bob");
	e.mentions = m1;
	e.nmentions = 1;
	e.confirmed = true;
	CHECK(store_post_edit(st, p1, alice, S("New title"), &e, NOW + 10) == 0);
	struct store_post po = post_of(p1, 0);
	CHECK(str_eqc(po.body, "Edited text, @bob") && po.edit_count == 1 && po.edited_at == NOW + 10 && po.confirmed);
	CHECK(str_eqc(topic_of(t, 0).title, "New title"));
	CHECK(notes(bob, "mention", p1) == 1);
	/* Again with the same mention and one more: only the new one is told. */
	int64_t m2[] = {bob, carol};
	e.body = S("Edited again, @bob @carol");
	e.mentions = m2;
	e.nmentions = 2;
	CHECK(store_post_edit(st, p1, alice, STR_NULL, &e, NOW + 20) == 0);
	CHECK(notes(bob, "mention", p1) == 1 && notes(carol, "mention", p1) == 1);
	CHECK(str_eqc(topic_of(t, 0).title, "New title")); /* empty title: unchanged */

	struct store_post_edit_list h;
	CHECK(store_post_history(st, ar, p1, &h) == 0 && h.n == 2);
	CHECK(h.n == 2 && str_eqc(h.items[0].body, "Edited text, @bob") && str_eqc(h.items[1].body, "The first post."));
	CHECK(h.n == 2 && h.items[0].edited_at == NOW + 20 && h.items[0].editor_id == alice);
	CHECK(h.n == 2 && str_eqc(h.items[0].editor_name, "Alice Adams") && str_eqc(h.items[0].editor_handle, "alice"));
	CHECK(h.n == 2 && h.items[0].post_id == p1 && h.items[0].id > h.items[1].id);

	/* A reply's edit never touches the title; an editor's edit is audited. */
	struct store_post_new e2 = post_new(bob, "Moderated text.");
	CHECK(store_post_edit(st, r1, editor, S("Hijacked"), &e2, NOW + 30) == 0);
	CHECK(str_eqc(topic_of(t, 0).title, "New title") && str_eqc(post_of(r1, 0).body, "Moderated text."));
	char target[32];
	snprintf(target, sizeof target, "post:%lld", (long long)r1);
	CHECK(audits("post.edit", target) == 1);
	snprintf(target, sizeof target, "post:%lld", (long long)p1);
	CHECK(audits("post.edit", target) == 0); /* the author's own edits */
	CHECK(store_post_history(st, ar, r1, &h) == 0 && h.n == 1 && h.items[0].editor_id == editor);

	CHECK(store_post_edit(st, 999999, alice, STR_NULL, &e, NOW) == STORE_ENOTFOUND);
	CHECK(store_post_delete(st, r1, bob, false, STR_NULL, NOW + 40) == 0);
	CHECK(store_post_edit(st, r1, bob, STR_NULL, &e2, NOW + 50) == STORE_ENOTFOUND);
	CHECK(store_post_history(st, ar, 999999, &h) == 0 && h.n == 0);
}

TEST(test_delete)
{
	int64_t fid = forum_id("anaesthesia");
	int64_t p1 = 0, t = new_topic(fid, alice, "Spinal or general?", NOW, &p1);
	int64_t r1 = reply(t, bob, "Spinal.", NOW + 10);
	int64_t r2 = reply(t, carol, "General.", NOW + 20);
	int64_t r3 = reply(t, dave, "Depends.", NOW + 30);
	struct store_forum f = forum_of(fid);
	CHECK(f.topic_count == 1 && f.post_count == 4 && f.last_post_at == NOW + 30);

	/* The latest reply: the topic's latest post goes back to r2. */
	CHECK(store_post_delete(st, r3, dave, false, STR_NULL, NOW + 40) == 0);
	struct store_topic tp = topic_of(t, 0);
	CHECK(tp.reply_count == 2 && tp.last_post_id == r2 && tp.last_post_at == NOW + 20);
	CHECK(str_eqc(tp.last_author_handle, "carol"));
	f = forum_of(fid);
	CHECK(f.post_count == 3 && f.topic_count == 1 && f.last_post_at == NOW + 30); /* the time stays */
	CHECK(store_post_delete(st, r3, dave, false, STR_NULL, NOW + 41) == STORE_ENOTFOUND);
	CHECK(store_post_delete(st, 999999, dave, false, STR_NULL, NOW) == STORE_ENOTFOUND);

	/* Staff delete a middle one: audited with the reason. */
	CHECK(store_post_delete(st, r1, editor, true, S("off topic"), NOW + 50) == 0);
	tp = topic_of(t, 0);
	CHECK(tp.reply_count == 1 && tp.last_post_id == r2 && forum_of(fid).post_count == 2);
	char target[32];
	snprintf(target, sizeof target, "post:%lld", (long long)r1);
	CHECK(audits("post.delete", target) == 1);
	snprintf(target, sizeof target, "post:%lld", (long long)r3);
	CHECK(audits("post.delete", target) == 0); /* the author's own */

	/* Deleted posts keep their place with no text. */
	struct store_post_list pl;
	CHECK(store_topic_posts(st, ar, t, 0, 10, 0, &pl) == 0 && pl.n == 4);
	CHECK(pl.n == 4 && pl.items[1].deleted && pl.items[1].body.n == 0 && pl.items[1].body_html.n == 0);
	CHECK(pl.n == 4 && pl.items[3].deleted && pl.items[3].number == 4 && !pl.items[2].deleted);
	CHECK(pl.n == 4 && str_eqc(pl.items[2].body_html, "General."));
	struct store_post po = post_of(r1, 0);
	CHECK(po.deleted && po.body.n == 0);
	/* A new reply is numbered after the deleted ones. */
	int64_t r4 = reply(t, bob, "Back again.", NOW + 60);
	CHECK(post_of(r4, 0).number == 5 && forum_of(fid).post_count == 3 && topic_of(t, 0).reply_count == 2);

	/* The first post takes the topic with every live post of it. */
	struct store_topic_list tl;
	int64_t total = -1;
	CHECK(store_topic_list(st, ar, fid, 0, 10, 0, &tl, &total) == 0 && tl.n == 1 && total == 1);
	CHECK(store_post_delete(st, p1, alice, false, STR_NULL, NOW + 70) == 0);
	f = forum_of(fid);
	CHECK(f.topic_count == 0 && f.post_count == 0);
	tp = topic_of(t, 0);
	CHECK(tp.deleted);
	CHECK(store_topic_list(st, ar, fid, 0, 10, 0, &tl, &total) == 0 && tl.n == 0 && total == 0);
	struct store_post_new p = post_new(bob, "Anyone?");
	int64_t id = 0;
	CHECK(store_post_create(st, t, &p, NOW + 80, &id) == STORE_ENOTFOUND);
	CHECK(store_post_delete(st, r2, carol, false, STR_NULL, NOW + 90) == STORE_ENOTFOUND);
	CHECK(forum_of(fid).post_count == 0);
	CHECK(store_post_by_author(st, ar, carol, 1u << STORE_SECTION_OPEN_CLINICAL, 100, &pl) == 0);
	bool in_deleted = false;
	for (int i = 0; i < pl.n; i++)
		in_deleted |= pl.items[i].topic_id == t;
	CHECK(!in_deleted);
}

TEST(test_likes)
{
	int64_t p1 = 0, t = new_topic(forum_id("paediatrics"), alice, "Fever thresholds", NOW, &p1);
	int64_t r1 = reply(t, bob, "38.0", NOW + 1);
	CHECK(store_post_like(st, p1, bob, true, NOW + 2) == 0);
	CHECK(store_post_like(st, p1, bob, true, NOW + 3) == STORE_ECONFLICT);
	CHECK(store_post_like(st, p1, carol, true, NOW + 4) == 0);
	struct store_post po = post_of(p1, bob);
	CHECK(po.like_count == 2 && po.liked);
	CHECK(!post_of(p1, dave).liked && !post_of(r1, bob).liked);
	CHECK(notes(alice, "like", p1) == 2);
	CHECK(store_post_like(st, p1, bob, false, NOW + 5) == 0);
	CHECK(store_post_like(st, p1, bob, false, NOW + 6) == STORE_ECONFLICT);
	po = post_of(p1, bob);
	CHECK(po.like_count == 1 && !po.liked);
	/* Liking again tells no one again. */
	CHECK(store_post_like(st, p1, bob, true, NOW + 7) == 0);
	CHECK(post_of(p1, 0).like_count == 2 && notes(alice, "like", p1) == 2);
	/* Nor is anyone told of liking their own post. */
	CHECK(store_post_like(st, r1, bob, true, NOW + 8) == 0);
	CHECK(post_of(r1, 0).like_count == 1 && notes(bob, "like", r1) == 0);
	struct store_post_list pl;
	CHECK(store_topic_posts(st, ar, t, bob, 10, 0, &pl) == 0 && pl.n == 2 && pl.items[0].liked && pl.items[1].liked);
	CHECK(store_post_delete(st, r1, bob, false, STR_NULL, NOW + 9) == 0);
	CHECK(store_post_like(st, r1, carol, true, NOW + 10) == STORE_ENOTFOUND);
	CHECK(store_post_like(st, 999999, carol, true, NOW + 10) == STORE_ENOTFOUND);
}

/* A forum's pages of topics: pinned first, then by latest post, newest
 * id first among equals; deleted topics on no page; every topic on one
 * page only, whatever the offset. */
TEST(test_topic_pages)
{
	struct store_forum f = {.slug = S("paging-forum"), .name = S("Paging"), .description = S("Pages."),
				.section = STORE_SECTION_OPEN_CLINICAL, .position = 98};
	int64_t fid = 0;
	CHECK(store_forum_create(st, &f, editor, NOW, &fid) == 0);
	int64_t t[7], p[7];
	for (int i = 0; i < 7; i++) {
		char title[32];
		snprintf(title, sizeof title, "Paging topic %d", i);
		t[i] = new_topic(fid, alice, title, NOW + (i < 4 ? 100 : 100 + i), &p[i]);
	}
	CHECK(store_topic_moderate(st, t[1], STORE_MOD_PIN, 0, editor, S("keep"), NOW + 200) == 0);
	CHECK(store_post_delete(st, p[5], alice, false, STR_NULL, NOW + 201) == 0);
	const int64_t want[] = {t[1], t[6], t[4], t[3], t[2], t[0]};
	struct store_topic_list tl;
	int64_t total = 0;
	for (int page = 0; page < 4; page++) {
		CHECK(store_topic_list(st, ar, fid, alice, 2, page * 2, &tl, &total) == 0 && total == 6);
		CHECK(tl.n == (page < 3 ? 2 : 0));
		for (int i = 0; i < tl.n; i++)
			CHECK(tl.items[i].id == want[page * 2 + i] && tl.items[i].forum_id == fid);
	}
	CHECK(store_topic_list(st, ar, fid, alice, 4, 3, &tl, &total) == 0 && tl.n == 3 && tl.items[0].id == t[3] &&
	      tl.items[2].id == t[0]);
	f.id = fid, f.archived = true; /* out of the other tests' lists of open forums */
	CHECK(store_forum_update(st, &f, editor, NOW + 202) == 0);
}

TEST(test_moderation)
{
	int64_t f1 = forum_id("general-practice"), f2 = forum_id("public-global-health");
	int64_t p1 = 0, t = new_topic(f1, alice, "Vaccine schedules", NOW, &p1);
	int64_t r1 = reply(t, bob, "See the green book.", NOW + 10);
	int64_t t2 = new_topic(f1, carol, "A later topic", NOW + 20, NULL);
	char ttarget[32], ptarget[32];
	snprintf(ttarget, sizeof ttarget, "topic:%lld", (long long)t);
	snprintf(ptarget, sizeof ptarget, "post:%lld", (long long)r1);

	/* Pinned first, then by latest post. */
	struct store_topic_list tl;
	int64_t total = 0;
	CHECK(store_topic_list(st, ar, f1, 0, 10, 0, &tl, &total) == 0 && tl.n == 2 && tl.items[0].id == t2);
	CHECK(store_topic_moderate(st, t, STORE_MOD_PIN, 0, editor, S("useful"), NOW + 30) == 0);
	CHECK(store_topic_moderate(st, t, STORE_MOD_PIN, 0, editor, S("again"), NOW + 31) == 0); /* no-op */
	CHECK(topic_of(t, 0).pinned);
	CHECK(store_topic_list(st, ar, f1, 0, 10, 0, &tl, &total) == 0 && tl.n == 2 && tl.items[0].id == t);
	CHECK(total == 2 && tl.items[0].pinned);
	CHECK(audits("topic.pin", ttarget) == 2);
	CHECK(raw_id("SELECT count(*) FROM audit_log WHERE action = 'topic.pin' AND detail = 'useful' "
		       "AND actor = $1", editor) == 1);
	CHECK(raw_id("SELECT count(*) FROM notifications WHERE kind = 'moderation' AND topic_id = $1", t) >= 1);
	CHECK(store_topic_moderate(st, t, STORE_MOD_UNPIN, 0, editor, STR_NULL, NOW + 32) == 0);
	CHECK(!topic_of(t, 0).pinned);

	/* Locked: no replies until unlocked. */
	CHECK(store_topic_moderate(st, t, STORE_MOD_LOCK, 0, editor, S("heated"), NOW + 40) == 0);
	CHECK(topic_of(t, 0).locked);
	struct store_post_new p = post_new(dave, "Me too");
	int64_t id = 0;
	CHECK(store_post_create(st, t, &p, NOW + 41, &id) == STORE_ECONFLICT);
	CHECK(store_topic_moderate(st, t, STORE_MOD_UNLOCK, 0, editor, STR_NULL, NOW + 42) == 0);
	CHECK(!topic_of(t, 0).locked && store_post_create(st, t, &p, NOW + 43, &id) == 0);
	CHECK(audits("topic.lock", ttarget) == 1 && audits("topic.unlock", ttarget) == 1);

	/* Move: the topic's counts go with it. */
	struct store_forum a0 = forum_of(f1), b0 = forum_of(f2);
	CHECK(store_topic_moderate(st, t, STORE_MOD_MOVE, f2, editor, S("wrong forum"), NOW + 50) == 0);
	struct store_forum a1 = forum_of(f1), b1 = forum_of(f2);
	CHECK(a1.topic_count == a0.topic_count - 1 && a1.post_count == a0.post_count - 3);
	CHECK(b1.topic_count == b0.topic_count + 1 && b1.post_count == b0.post_count + 3);
	struct store_topic tp = topic_of(t, 0);
	CHECK(tp.forum_id == f2 && str_eqc(tp.forum_slug, "public-global-health"));
	CHECK(post_of(r1, 0).forum_id == f2);
	CHECK(audits("topic.move", ttarget) == 1);
	CHECK(store_topic_moderate(st, t, STORE_MOD_MOVE, 999999, editor, STR_NULL, NOW) == STORE_ENOTFOUND);
	CHECK(forum_of(f2).topic_count == b1.topic_count);
	CHECK(store_topic_moderate(st, t, STORE_MOD_HIDE, 0, editor, STR_NULL, NOW) == STORE_ERR);
	CHECK(store_topic_moderate(st, 999999, STORE_MOD_PIN, 0, editor, STR_NULL, NOW) == STORE_ENOTFOUND);

	/* Posts: pick and hide; a hidden post keeps its text for the caller. */
	CHECK(store_post_moderate(st, r1, STORE_MOD_PICK, editor, S("great answer"), NOW + 60) == 0);
	CHECK(post_of(r1, 0).pick && audits("post.pick", ptarget) == 1);
	CHECK(notes(bob, "moderation", r1) == 1);
	CHECK(store_post_moderate(st, r1, STORE_MOD_UNPICK, editor, STR_NULL, NOW + 61) == 0 && !post_of(r1, 0).pick);
	CHECK(store_post_moderate(st, r1, STORE_MOD_HIDE, editor, S("rude"), NOW + 62) == 0);
	struct store_post_list pl;
	CHECK(store_topic_posts(st, ar, t, 0, 10, 0, &pl) == 0 && pl.n == 3);
	CHECK(pl.n == 3 && pl.items[1].hidden && str_eqc(pl.items[1].body_html, "See the green book."));
	CHECK(store_post_moderate(st, r1, STORE_MOD_HIDE, editor, STR_NULL, NOW + 63) == 0); /* already */
	CHECK(store_post_moderate(st, r1, STORE_MOD_UNHIDE, editor, STR_NULL, NOW + 64) == 0 && !post_of(r1, 0).hidden);
	CHECK(audits("post.hide", ptarget) == 2 && audits("post.unhide", ptarget) == 1);
	CHECK(store_post_moderate(st, r1, STORE_MOD_PIN, editor, STR_NULL, NOW) == STORE_ERR);
	CHECK(store_post_moderate(st, 999999, STORE_MOD_PICK, editor, STR_NULL, NOW) == STORE_ENOTFOUND);
	/* Nobody is told of their own doing. */
	int64_t before = raw_id("SELECT count(*) FROM notifications WHERE member_id = $1", bob);
	CHECK(store_post_moderate(st, r1, STORE_MOD_PICK, bob, STR_NULL, NOW + 70) == 0);
	CHECK(raw_id("SELECT count(*) FROM notifications WHERE member_id = $1", bob) == before);
	before = raw_id("SELECT count(*) FROM notifications WHERE member_id = $1", carol);
	CHECK(store_topic_moderate(st, t2, STORE_MOD_LOCK, 0, carol, STR_NULL, NOW + 71) == 0);
	CHECK(raw_id("SELECT count(*) FROM notifications WHERE member_id = $1", carol) == before);
}

TEST(test_unread)
{
	int64_t fo = forum_id("travel"), fc = forum_id("surgery-doctors");
	int64_t reader = add_member("rita", "Rita Reader", true, 0);
	int64_t old = new_topic(fo, alice, "Before Rita joined", NOW - 1000, NULL);
	int64_t p1 = 0, t1 = new_topic(fo, alice, "Electives abroad", NOW + 100, &p1);
	int64_t t2 = new_topic(fc, bob, "Closed-section topic", NOW + 200, NULL);
	int64_t since = NOW;
	struct store_topic_list tl;
	unsigned open = (1u << STORE_SECTION_OPEN_CLINICAL) | (1u << STORE_SECTION_OFF_DUTY);

	/* Sections: the closed topic only with its bit. */
	CHECK(store_topic_latest(st, ar, STORE_SECTIONS_ALL, reader, false, 0, 100, 0, &tl) == 0);
	bool has_old = false, has_t2 = false;
	for (int i = 0; i < tl.n; i++) {
		has_old |= tl.items[i].id == old;
		has_t2 |= tl.items[i].id == t2;
		if (i)
			CHECK(tl.items[i].last_post_at <= tl.items[i - 1].last_post_at);
	}
	CHECK(has_old && has_t2);
	CHECK(store_topic_latest(st, ar, open, reader, false, 0, 100, 0, &tl) == 0);
	has_t2 = false;
	for (int i = 0; i < tl.n; i++)
		has_t2 |= tl.items[i].section == STORE_SECTION_CLOSED_CLINICAL;
	CHECK(!has_t2);
	CHECK(store_topic_latest(st, ar, 0, reader, false, 0, 100, 0, &tl) == 0 && tl.n == 0);

	/* Unread since joining: old topics count as read. */
	CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OFF_DUTY, reader, true, since, 100, 0, &tl) == 0);
	bool has_t1 = false;
	has_old = false;
	for (int i = 0; i < tl.n; i++) {
		has_t1 |= tl.items[i].id == t1 && tl.items[i].unread && !tl.items[i].seen;
		has_old |= tl.items[i].id == old;
	}
	CHECK(has_t1 && !has_old);
	CHECK(topic_of(t1, reader).read_post_id == 0); /* no mark yet */
	CHECK(store_topic_read(st, reader, t1, p1, NOW + 110) == 0);
	struct store_topic tp = topic_of(t1, reader);
	CHECK(tp.seen && !tp.unread && tp.read_post_id == p1);
	CHECK(topic_of(t1, 0).read_post_id == 0); /* no reader, no mark */
	CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OFF_DUTY, reader, true, since, 100, 0, &tl) == 0);
	has_t1 = false;
	for (int i = 0; i < tl.n; i++)
		has_t1 |= tl.items[i].id == t1;
	CHECK(!has_t1);

	/* A reply makes it unread again; reading moves the mark, never back. */
	int64_t r1 = reply(t1, bob, "Do it.", NOW + 120);
	tp = topic_of(t1, reader);
	CHECK(tp.seen && tp.unread && tp.read_post_id == p1);
	CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OFF_DUTY, reader, true, since, 100, 0, &tl) == 0);
	has_t1 = false;
	for (int i = 0; i < tl.n; i++)
		has_t1 |= tl.items[i].id == t1 && tl.items[i].seen && tl.items[i].unread && tl.items[i].read_post_id == p1;
	CHECK(has_t1);
	/* An old topic the reader once read shows when it moves. */
	CHECK(store_topic_read(st, reader, old, 0, NOW + 121) == 0);
	CHECK(store_topic_read(st, reader, t1, r1, NOW + 130) == 0);
	CHECK(store_topic_read(st, reader, t1, p1, NOW + 140) == 0); /* backwards: ignored */
	tp = topic_of(t1, reader);
	CHECK(tp.seen && !tp.unread && tp.read_post_id == r1);
	CHECK(raw_id("SELECT last_post_id FROM topic_reads WHERE topic_id = $1 AND member_id = "
		       "(SELECT id FROM members WHERE handle = 'rita')", t1) == r1);
	reply(old, carol, "Bumping an old one.", NOW + 150);
	CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OFF_DUTY, reader, true, since, 100, 0, &tl) == 0);
	has_old = false;
	for (int i = 0; i < tl.n; i++)
		has_old |= tl.items[i].id == old;
	CHECK(has_old);
	/* A read mark with a post after it is unread even when that post is
	 * dated before the reader joined (imported, or another node's clock). */
	int64_t p2 = 0, early = new_topic(fo, alice, "Dated before Rita", NOW - 900, &p2);
	CHECK(store_topic_read(st, reader, early, p2, NOW + 151) == 0);
	reply(early, bob, "A late-filed reply.", NOW - 800);
	CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OFF_DUTY, reader, true, since, 100, 0, &tl) == 0);
	bool has_early = false;
	for (int i = 0; i < tl.n; i++) {
		has_early |= tl.items[i].id == early && tl.items[i].seen && tl.items[i].unread;
		if (i)
			CHECK(tl.items[i].last_post_at < tl.items[i - 1].last_post_at ||
			      (tl.items[i].last_post_at == tl.items[i - 1].last_post_at &&
			       tl.items[i].id < tl.items[i - 1].id));
	}
	CHECK(has_early && tl.n >= 2 && tl.items[tl.n - 1].id == early);
	/* Pages of one list the same order, never-read and read marks alike. */
	struct store_topic_list all = tl, one;
	for (int i = 0; i < all.n; i++) {
		CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OFF_DUTY, reader, true, since, 1, i, &one) == 0);
		CHECK(one.n == 1 && one.items[0].id == all.items[i].id);
	}
	CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OFF_DUTY, reader, true, since, 1, all.n, &one) == 0 &&
	      one.n == 0);
	CHECK(store_topic_read(st, reader, 999999, 1, NOW) != 0);

	/* Archived forums and deleted topics are in no latest list. */
	struct store_forum f = forum_of(fo);
	f.archived = true;
	CHECK(store_forum_update(st, &f, editor, NOW + 160) == 0);
	CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OFF_DUTY, 0, false, 0, 100, 0, &tl) == 0);
	bool any = false;
	for (int i = 0; i < tl.n; i++)
		any |= tl.items[i].forum_id == fo;
	CHECK(!any);
	struct store_post_new p = post_new(alice, "Still here?");
	int64_t id = 0;
	CHECK(store_post_create(st, t1, &p, NOW + 170, &id) == STORE_ECONFLICT); /* archived forum */
	f.archived = false;
	CHECK(store_forum_update(st, &f, editor, NOW + 180) == 0);
	CHECK(store_post_delete(st, p1, alice, false, STR_NULL, NOW + 190) == 0);
	CHECK(store_topic_latest(st, ar, 1u << STORE_SECTION_OFF_DUTY, 0, false, 0, 100, 0, &tl) == 0);
	any = false;
	for (int i = 0; i < tl.n; i++)
		any |= tl.items[i].id == t1;
	CHECK(!any);
	CHECK(store_topic_latest(st, ar, STORE_SECTIONS_ALL, 0, false, 0, 1, 0, &tl) == 0 && tl.n == 1);

	/* Watching. */
	bool w = true;
	CHECK(store_topic_watch(st, reader, old, true, NOW) == 0);
	CHECK(store_topic_watching(st, reader, old, &w) == 0 && w);
	CHECK(store_topic_watch(st, reader, old, false, NOW) == 0);
	CHECK(store_topic_watching(st, reader, old, &w) == 0 && !w);
}

TEST(test_champions)
{
	int64_t f1 = forum_id("emergency-critical-care"), f2 = forum_id("radiology-pathology");
	int64_t champ = add_member("chris", "Chris Champion", true, 0);
	CHECK(store_champion_set(st, f1, champ, true, editor, NOW) == 0);
	struct store_member m;
	CHECK(store_member_by_id(st, ar, champ, &m) == 0 && (m.roles & ROLE_CHAMPION));
	bool is = false;
	CHECK(store_champion_is(st, f1, champ, &is) == 0 && is);
	CHECK(store_champion_is(st, f2, champ, &is) == 0 && !is);
	CHECK(store_champion_set(st, f2, champ, true, editor, NOW + 1) == 0);
	struct store_member_list ml;
	CHECK(store_champion_list(st, ar, f1, &ml) == 0 && ml.n == 1 && ml.items[0].id == champ);
	CHECK(ml.n == 1 && str_eqc(ml.items[0].name, "Chris Champion") && str_eqc(ml.items[0].handle, "chris"));
	CHECK(ml.n == 1 && ml.items[0].verified && (ml.items[0].roles & ROLE_CHAMPION));
	char target[32];
	snprintf(target, sizeof target, "member:%lld", (long long)champ);
	CHECK(audits("champion.appoint", target) == 2);
	CHECK(raw_id("SELECT count(*) FROM audit_log WHERE action = 'champion.appoint' AND detail = "
		       "'emergency-critical-care' AND actor = $1", editor) == 1);

	/* The badge on their posts, in their forums only. */
	int64_t p1 = 0;
	new_topic(f1, champ, "Sepsis bundles", NOW, &p1);
	int64_t p2 = 0;
	new_topic(forum_id("medicine"), champ, "Not my forum", NOW, &p2);
	CHECK(post_of(p1, 0).author_champion && !post_of(p2, 0).author_champion);
	CHECK(post_of(p1, 0).author_roles & ROLE_CHAMPION);

	/* Removing one forum keeps the bit; the last one clears it. */
	CHECK(store_champion_set(st, f2, champ, false, editor, NOW + 2) == 0);
	CHECK(store_champion_set(st, f2, champ, false, editor, NOW + 3) == STORE_ENOTFOUND);
	CHECK(store_member_by_id(st, ar, champ, &m) == 0 && (m.roles & ROLE_CHAMPION));
	CHECK(audits("champion.remove", target) == 1);
	CHECK(store_champion_set(st, 999999, champ, true, editor, NOW) == STORE_ENOTFOUND);

	/* Taking the role away takes every forum at once. */
	CHECK(store_member_set_roles(st, champ, 0) == 0);
	CHECK(store_champion_is(st, f1, champ, &is) == 0 && !is);
	CHECK(store_champion_list(st, ar, f1, &ml) == 0 && ml.n == 0);
	CHECK(!post_of(p1, 0).author_champion);
	CHECK(store_member_set_roles(st, champ, ROLE_CHAMPION) == 0);
	CHECK(store_champion_is(st, f1, champ, &is) == 0 && is);
	CHECK(store_champion_set(st, f1, champ, false, editor, NOW + 4) == 0);
	CHECK(store_member_by_id(st, ar, champ, &m) == 0 && !(m.roles & ROLE_CHAMPION));
	CHECK(store_champion_is(st, f1, champ, &is) == 0 && !is);
}

TEST(test_flags)
{
	int64_t f1 = forum_id("obstetrics-gynaecology"), f2 = forum_id("book-club");
	int64_t champ = add_member("fiona", "Fiona Champion", true, 0);
	CHECK(store_champion_set(st, f1, champ, true, editor, NOW) == 0);
	int64_t other = add_member("otto", "Otto Champion", true, 0);
	CHECK(store_champion_set(st, f2, other, true, editor, NOW) == 0);
	int64_t p1 = 0, t = new_topic(f1, alice, "Induction at 41 weeks", NOW, &p1);
	int64_t r1 = reply(t, bob, "Patient details here", NOW + 1);
	int64_t r2 = reply(t, dave, "Spam link", NOW + 2);

	int64_t fl1 = 0, fl2 = 0, fl3 = 0, x = 0;
	CHECK(store_flag_create(st, r1, carol, S("patient_identifiers"), S("names a ward"), NOW + 3, &fl1) == 0);
	CHECK(store_flag_create(st, r1, carol, S("abuse"), STR_NULL, NOW + 4, &x) == STORE_ECONFLICT);
	CHECK(store_flag_create(st, r1, alice, S("other"), STR_NULL, NOW + 5, &fl2) == 0);
	CHECK(store_flag_create(st, r2, carol, S("spam"), STR_NULL, NOW + 6, &fl3) == 0);
	CHECK(store_flag_create(st, 999999, carol, S("spam"), STR_NULL, NOW, &x) == STORE_ENOTFOUND);

	struct store_flag_list q;
	CHECK(store_flag_queue(st, ar, 0, 100, 0, &q) == 0 && q.n >= 3);
	CHECK(store_flag_queue(st, ar, champ, 100, 0, &q) == 0 && q.n == 3);
	CHECK(q.n == 3 && q.items[0].id == fl1 && q.items[1].id == fl2 && q.items[2].id == fl3); /* oldest first */
	CHECK(store_flag_queue(st, ar, other, 100, 0, &q) == 0 && q.n == 0);
	CHECK(store_flag_queue(st, ar, champ, 1, 1, &q) == 0 && q.n == 1 && q.items[0].id == fl2);

	struct store_flag f;
	CHECK(store_flag_get(st, ar, fl1, &f) == 0);
	CHECK(f.post_id == r1 && f.reporter_id == carol && f.topic_id == t && f.forum_id == f1);
	CHECK(str_eqc(f.reporter_name, "Carol Clark") && str_eqc(f.reporter_handle, "carol"));
	CHECK(str_eqc(f.reason, "patient_identifiers") && str_eqc(f.note, "names a ward") && str_eqc(f.status, "open"));
	CHECK(str_eqc(f.topic_title, "Induction at 41 weeks") && str_eqc(f.forum_name, "Obstetrics and gynaecology"));
	CHECK(f.post.id == r1 && str_eqc(f.post.body, "Patient details here") && str_eqc(f.post.author_handle, "bob"));
	CHECK(f.created_at == NOW + 3 && f.decided_at == 0 && f.decided_by == 0);
	CHECK(store_flag_get(st, ar, 999999, &f) == STORE_ENOTFOUND);

	/* Hiding closes every open flag on the post. */
	CHECK(store_flag_decide(st, fl1, champ, S("bogus"), STR_NULL, NOW + 10) == STORE_ERR);
	CHECK(store_flag_decide(st, fl1, champ, S("hide"), S("identifiable"), NOW + 10) == 0);
	CHECK(post_of(r1, 0).hidden);
	CHECK(store_flag_get(st, ar, fl2, &f) == 0 && str_eqc(f.status, "hidden") && f.decided_by == champ);
	CHECK(f.decided_at == NOW + 10 && str_eqc(f.decision_note, "identifiable"));
	CHECK(store_flag_decide(st, fl1, champ, S("dismiss"), STR_NULL, NOW + 11) == STORE_ENOTFOUND);
	CHECK(store_flag_decide(st, fl2, champ, S("dismiss"), STR_NULL, NOW + 11) == STORE_ENOTFOUND);
	CHECK(store_flag_decide(st, 999999, champ, S("dismiss"), STR_NULL, NOW + 11) == STORE_ENOTFOUND);
	char target[32];
	snprintf(target, sizeof target, "post:%lld", (long long)r1);
	CHECK(audits("flag.hide", target) == 1);
	CHECK(raw_id("SELECT count(*) FROM audit_log WHERE action = 'flag.hide' AND detail = 'identifiable' "
		       "AND actor = $1", champ) == 1);
	/* Closed: the reporter may flag it again. */
	CHECK(store_flag_create(st, r1, carol, S("abuse"), STR_NULL, NOW + 12, &x) == 0);
	CHECK(store_flag_decide(st, x, editor, S("dismiss"), S("fine now"), NOW + 13) == 0);
	CHECK(store_flag_get(st, ar, x, &f) == 0 && str_eqc(f.status, "dismissed"));
	CHECK(audits("flag.dismiss", target) == 1);

	/* Deleting moves the counts as a staff deletion does. */
	struct store_forum before = forum_of(f1);
	CHECK(store_flag_decide(st, fl3, editor, S("delete"), S("spam"), NOW + 20) == 0);
	CHECK(post_of(r2, 0).deleted && forum_of(f1).post_count == before.post_count - 1);
	CHECK(topic_of(t, 0).reply_count == 1 && topic_of(t, 0).last_post_id == r1);
	snprintf(target, sizeof target, "post:%lld", (long long)r2);
	CHECK(audits("flag.delete", target) == 1);
	CHECK(store_flag_get(st, ar, fl3, &f) == 0 && str_eqc(f.status, "deleted"));
	CHECK(store_flag_queue(st, ar, champ, 100, 0, &q) == 0 && q.n == 0);
	CHECK(store_flag_create(st, r2, alice, S("spam"), STR_NULL, NOW + 21, &x) == STORE_ENOTFOUND);
	CHECK(store_flag_create(st, r1, carol, S("not-a-reason"), STR_NULL, NOW + 22, &x) != 0);
}

TEST(test_notifications)
{
	int64_t nina = add_member("nina", "Nina Notified", true, 0);
	int64_t nick = add_member("nick", "Nick Noisy", false, 0);
	int64_t fid = forum_id("journal-club");
	int64_t p1 = 0, t = new_topic(fid, nina, "This week's paper", NOW, &p1);
	int64_t r1 = reply(t, nick, "Great paper.", NOW + 10);
	CHECK(store_post_like(st, p1, nick, true, NOW + 20) == 0);
	CHECK(store_post_moderate(st, p1, STORE_MOD_PICK, editor, S("classic"), NOW + 30) == 0);

	struct store_notification_list nl;
	int64_t unread = -1;
	CHECK(store_notification_list(st, ar, nina, 10, 0, &nl, &unread) == 0 && nl.n == 3 && unread == 3);
	CHECK(nl.n == 3 && str_eqc(nl.items[0].kind, "moderation") && str_eqc(nl.items[1].kind, "like"));
	CHECK(nl.n == 3 && str_eqc(nl.items[2].kind, "reply") && nl.items[2].post_id == r1);
	CHECK(nl.n == 3 && nl.items[0].id > nl.items[1].id && nl.items[1].id > nl.items[2].id);
	CHECK(nl.n == 3 && nl.items[0].actor_id == editor && str_eqc(nl.items[0].actor_name, "Edna Editor"));
	CHECK(nl.n == 3 && nl.items[1].actor_id == nick && str_eqc(nl.items[1].actor_handle, "nick"));
	CHECK(nl.n == 3 && nl.items[1].post_id == p1 && nl.items[1].topic_id == t && nl.items[1].member_id == nina);
	CHECK(nl.n == 3 && str_eqc(nl.items[2].topic_title, "This week's paper"));
	CHECK(nl.n == 3 && nl.items[2].section == STORE_SECTION_OFF_DUTY && nl.items[2].created_at == NOW + 10);
	CHECK(nl.n == 3 && !nl.items[0].read && !nl.items[2].read);
	CHECK(store_notification_list(st, ar, nina, 1, 1, &nl, &unread) == 0 && nl.n == 1);
	CHECK(nl.n == 1 && str_eqc(nl.items[0].kind, "like"));

	/* A session carries the unread count. */
	unsigned char h[STORE_HASH_LEN];
	for (int i = 0; i < STORE_HASH_LEN; i++)
		h[i] = (unsigned char)(0xa0 + i);
	struct store_session sess = {.member_id = nina, .expires_at = NOW + 3600};
	CHECK(store_session_create(st, h, &sess, NOW) == 0);
	struct store_member who;
	CHECK(store_session_member(st, ar, h, NOW, &sess, &who) == 0 && who.id == nina);
	CHECK(who.unread_notifications == 3 && who.unread_messages == 0);

	/* Read one, then the rest; someone else's stays as it was. */
	CHECK(store_notification_list(st, ar, nina, 10, 0, &nl, &unread) == 0 && nl.n == 3);
	int64_t nid = nl.items[1].id;
	struct store_notification_list mine;
	int64_t nick_unread = 0;
	CHECK(store_notification_list(st, ar, nick, 10, 0, &mine, &nick_unread) == 0);
	store_notification_read(st, nick, nid, NOW + 40); /* not nick's */
	CHECK(store_notification_read(st, nina, nid, NOW + 41) == 0);
	CHECK(store_notification_list(st, ar, nina, 10, 0, &nl, &unread) == 0 && unread == 2);
	CHECK(nl.n == 3 && nl.items[1].read && !nl.items[0].read);
	CHECK(store_session_member(st, ar, h, NOW, &sess, &who) == 0 && who.unread_notifications == 2);
	CHECK(store_notification_read(st, nina, 0, NOW + 50) == 0);
	CHECK(store_notification_list(st, ar, nina, 10, 0, &nl, &unread) == 0 && unread == 0 && nl.n == 3);
	CHECK(nl.n == 3 && nl.items[0].read && nl.items[2].read);
	CHECK(store_notification_read(st, nina, 0, NOW + 60) == 0);
	CHECK(store_session_member(st, ar, h, NOW, &sess, &who) == 0 && who.unread_notifications == 0);
	/* The session counts up to the cap; the list counts them all. */
	for (int i = 0; i < STORE_UNREAD_CAP + 5; i++)
		CHECK(reply(t, nick, "And another thing.", NOW + 100 + i) > 0);
	CHECK(store_session_member(st, ar, h, NOW, &sess, &who) == 0 &&
	      who.unread_notifications == STORE_UNREAD_CAP);
	CHECK(store_notification_list(st, ar, nina, 1, 0, &nl, &unread) == 0 && unread == STORE_UNREAD_CAP + 5);
	CHECK(store_notification_read(st, nina, 0, NOW + 300) == 0);
	CHECK(store_session_member(st, ar, h, NOW, &sess, &who) == 0 && who.unread_notifications == 0);
	int64_t still = -1;
	CHECK(store_notification_list(st, ar, nick, 10, 0, &mine, &still) == 0 && still == nick_unread);
	CHECK(store_notification_list(st, ar, 999999, 10, 0, &nl, &unread) == 0 && nl.n == 0 && unread == 0);
}

TEST(test_member_delete)
{
	int64_t zed = add_member("zed", "Zed Leaving", true, 0);
	int64_t f1 = forum_id("cycling");
	CHECK(store_champion_set(st, f1, zed, true, editor, NOW) == 0);
	int64_t p1 = 0, t = new_topic(f1, zed, "Goodbye rides", NOW, &p1);
	int64_t r1 = reply(t, alice, "Farewell!", NOW + 1);
	int64_t r2 = reply(t, zed, "Thanks all.", NOW + 2);
	CHECK(store_post_like(st, p1, alice, true, NOW + 3) == 0);
	CHECK(store_topic_read(st, zed, t, r2, NOW + 4) == 0);
	CHECK(raw_id("SELECT count(*) FROM notifications WHERE member_id = $1", zed) >= 2);
	int64_t fl = 0;
	CHECK(store_flag_create(st, r1, zed, S("other"), STR_NULL, NOW + 5, &fl) == 0);
	struct store_forum before = forum_of(f1);

	CHECK(store_member_delete(st, zed, NOW + 10) == 0);
	CHECK(raw_id("SELECT count(*) FROM forum_champions WHERE member_id = $1", zed) == 0);
	CHECK(raw_id("SELECT count(*) FROM topic_watches WHERE member_id = $1", zed) == 0);
	CHECK(raw_id("SELECT count(*) FROM topic_reads WHERE member_id = $1", zed) == 0);
	CHECK(raw_id("SELECT count(*) FROM notifications WHERE member_id = $1", zed) == 0);
	bool is = true;
	CHECK(store_champion_is(st, f1, zed, &is) == 0 && !is);

	/* What they wrote stays, by the former member. */
	struct store_topic tp = topic_of(t, alice);
	CHECK(!tp.deleted && str_eqc(tp.author_name, "Former member") && tp.author_handle.n == 0);
	CHECK(str_eqc(tp.last_author_name, "Former member") && tp.last_author_handle.n == 0);
	struct store_post_list pl;
	CHECK(store_topic_posts(st, ar, t, alice, 10, 0, &pl) == 0 && pl.n == 3);
	CHECK(pl.n == 3 && str_eqc(pl.items[0].author_name, "Former member") && pl.items[0].author_handle.n == 0);
	CHECK(pl.n == 3 && str_eqc(pl.items[2].body_html, "Thanks all.") && pl.items[0].like_count == 1);
	CHECK(pl.n == 3 && !pl.items[0].author_champion && pl.items[0].author_roles == 0);
	struct store_forum after = forum_of(f1);
	CHECK(after.topic_count == before.topic_count && after.post_count == before.post_count);
	struct store_flag f;
	CHECK(store_flag_get(st, ar, fl, &f) == 0 && str_eqc(f.reporter_name, "Former member"));
	CHECK(f.reporter_handle.n == 0 && str_eqc(f.status, "open"));
	/* Replying to their topic tells them nothing and fails nothing. */
	int64_t r3 = reply(t, bob, "Miss you.", NOW + 20);
	CHECK(r3 > 0 && raw_id("SELECT count(*) FROM notifications WHERE member_id = $1", zed) == 0);
}

TEST(test_audit_list)
{
	CHECK(store_audit(st, 0, S("cli.forum_test"), S("forum:1"), S("from the command line")) == 0);
	struct store_audit_list al;
	CHECK(store_audit_list(st, ar, S("cli.forum_"), -1, 10, 0, &al) == 0 && al.n == 1);
	CHECK(al.n == 1 && al.items[0].actor == 0 && al.items[0].actor_name.n == 0 && al.items[0].actor_handle.n == 0);
	CHECK(al.n == 1 && str_eqc(al.items[0].target, "forum:1") && str_eqc(al.items[0].detail, "from the command line"));
	CHECK(al.n == 1 && al.items[0].at > 0);

	/* Prefix: only flag.*, newest first. */
	CHECK(store_audit_list(st, ar, S("flag."), -1, 100, 0, &al) == 0 && al.n == 3);
	bool ok = true;
	for (int i = 0; i < al.n; i++) {
		ok &= al.items[i].action.n > 5 && memcmp(al.items[i].action.p, "flag.", 5) == 0;
		if (i)
			ok &= al.items[i].id < al.items[i - 1].id;
	}
	CHECK(ok && al.n == 3 && str_eqc(al.items[0].action, "flag.delete"));
	CHECK(store_audit_list(st, ar, S("flag.d"), -1, 100, 0, &al) == 0 && al.n == 2);
	CHECK(store_audit_list(st, ar, S("flag.z"), -1, 100, 0, &al) == 0 && al.n == 0);
	CHECK(store_audit_list(st, ar, S("FLAG."), -1, 100, 0, &al) == 0 && al.n == 0);

	/* By actor, with their name and handle. */
	CHECK(store_audit_list(st, ar, S(""), editor, 100, 0, &al) == 0 && al.n > 5);
	ok = true;
	for (int i = 0; i < al.n; i++)
		ok &= al.items[i].actor == editor && str_eqc(al.items[i].actor_name, "Edna Editor") &&
		      str_eqc(al.items[i].actor_handle, "edna");
	CHECK(ok);
	CHECK(store_audit_list(st, ar, S("topic.move"), editor, 100, 0, &al) == 0 && al.n == 1);
	CHECK(al.n == 1 && str_eqc(al.items[0].detail, "wrong forum"));

	/* A former member's own deletion row: their name, no handle. */
	CHECK(store_audit_list(st, ar, S("member.delete"), -1, 100, 0, &al) == 0 && al.n == 1);
	CHECK(al.n == 1 && str_eqc(al.items[0].actor_name, "Former member") && al.items[0].actor_handle.n == 0);

	/* Any action: newest first, paged. */
	struct store_audit_list page;
	CHECK(store_audit_list(st, ar, S(""), -1, 3, 0, &al) == 0 && al.n == 3);
	CHECK(store_audit_list(st, ar, S(""), -1, 2, 1, &page) == 0 && page.n == 2);
	CHECK(al.n == 3 && page.n == 2 && page.items[0].id == al.items[1].id && page.items[1].id == al.items[2].id);
	CHECK(al.n == 3 && str_eqc(al.items[0].action, "cli.forum_test"));
}

TEST(test_arena_full)
{
	arena *small = arena_new(64);
	CHECK(small != NULL);
	struct store_forum_list fl;
	struct store_topic_list tl;
	struct store_audit_list al;
	CHECK(store_forum_list(st, small, true, &fl) == STORE_ERR);
	CHECK(store_topic_latest(st, small, STORE_SECTIONS_ALL, 0, false, 0, 50, 0, &tl) == STORE_ERR);
	CHECK(store_audit_list(st, small, S(""), -1, 50, 0, &al) == STORE_ERR);
	arena_free(small);
	/* The store still answers after a refused copy. */
	CHECK(store_forum_list(st, ar, false, &fl) == 0 && fl.n == 26);
}

/* After everything above: every kept count equals what it counts. */
TEST(test_counts_agree)
{
	CHECK(raw_int("SELECT count(*) FROM forums f WHERE topic_count <> (SELECT count(*) FROM topics t "
		      "WHERE t.forum_id = f.id AND t.deleted_at IS NULL)") == 0);
	CHECK(raw_int("SELECT count(*) FROM forums f WHERE post_count <> (SELECT count(*) FROM posts p "
		      "JOIN topics t ON t.id = p.topic_id WHERE t.forum_id = f.id AND t.deleted_at IS NULL "
		      "AND p.deleted_at IS NULL)") == 0);
	CHECK(raw_int("SELECT count(*) FROM topics t WHERE deleted_at IS NULL AND reply_count <> (SELECT count(*) "
		      "FROM posts p WHERE p.topic_id = t.id AND p.deleted_at IS NULL AND p.number > 1)") == 0);
	CHECK(raw_int("SELECT count(*) FROM topics t WHERE deleted_at IS NULL AND last_post_id <> (SELECT max(id) "
		      "FROM posts p WHERE p.topic_id = t.id AND p.deleted_at IS NULL)") == 0);
	CHECK(raw_int("SELECT count(*) FROM posts p WHERE like_count <> (SELECT count(*) FROM post_likes l "
		      "WHERE l.post_id = p.id)") == 0);
	CHECK(raw_int("SELECT count(*) FROM topics") > 10);
}

int main(void)
{
	if (fixture_setup("forum") < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_migrate_and_seed);
	if (st) {
		RUN(test_forum_admin);
		RUN(test_topic_create);
		RUN(test_topic_pages);
		RUN(test_replies);
		RUN(test_edit);
		RUN(test_delete);
		RUN(test_likes);
		RUN(test_moderation);
		RUN(test_unread);
		RUN(test_champions);
		RUN(test_flags);
		RUN(test_notifications);
		RUN(test_member_delete);
		RUN(test_audit_list);
		RUN(test_arena_full);
		RUN(test_counts_agree);
	}
	fixture_cleanup();
	return unit_summary();
}
