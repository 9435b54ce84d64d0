/* test_search_store.c: the search in the store (store.h "Search"),
 * backend-agnostic as test_library_store.c: against a SQLite file in a
 * fresh temporary folder, or, when ROUNDS_TEST_PG names a PostgreSQL
 * server (postgresql://USER@HOST:PORT), against a fresh database
 * rounds_search_test_PID made there and dropped at the end.  Migration
 * 13; the kinds' names and the refusals; every kind found; every rule of
 * what a reader may see, neither listed nor counted; the indexes kept in
 * step with edits, moves, unpublishing, withdrawal and renames; phrases,
 * prefixes, every term required, stemming, diacritics; hostile words
 * never an error; ranking, recency among equals, filters, paging, totals
 * and the window's cap; snippets marking the matched words
 * (store_fixture.h gives the setup and raw access). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/store_search.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000;

/* Members: a verified doctor (the reader), another doctor, an editor. */
static int64_t doc, ann, edna;
/* Forums: open and closed clinical, off duty. */
static int64_t med, med_closed, cycling;
/* The arena of the last search's result (each search takes a new one, so
 * hundreds of them fit). */
static arena *sar;

static arena *fresh(void)
{
	arena_free(sar);
	sar = arena_new(4u << 20);
	return sar;
}

/* ---- Helpers ------------------------------------------------------------ */

/* What a reader may see, as the page would pass it. */
struct view {
	unsigned sections;
	const int64_t *groups;
	int ngroups;
	unsigned library;
	int64_t reader;
	int64_t forum, author, since, until;
	int limit, offset;
};

/* Everything a verified doctor sees (no groups). */
static struct view all_view(void)
{
	return (struct view){
		.sections = 1u << STORE_SECTION_OPEN_CLINICAL | 1u << STORE_SECTION_CLOSED_CLINICAL |
			    1u << STORE_SECTION_OFF_DUTY,
		.library = 1u << STORE_LIB_PUBLIC | 1u << STORE_LIB_MEMBERS | 1u << STORE_LIB_DOCTORS,
		.reader = doc,
		.limit = 50,
	};
}

/* Terms from a query as a person types it: words split on spaces, a
 * phrase in double quotes, a trailing '*' a prefix.  (The real parser is
 * src/text/query.c; this one only serves the tests.) */
static int terms_of(const char *q, struct store_search_term *t)
{
	int n = 0;
	const char *p = q;
	while (*p && n < STORE_SEARCH_TERMS) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		struct store_search_term *cur = &t[n++];
		*cur = (struct store_search_term){0};
		bool phrase = *p == '"';
		if (phrase)
			p++;
		for (;;) {
			const char *w = p;
			while (*p && *p != ' ' && *p != '"' && *p != '*')
				p++;
			if (p > w && cur->n < STORE_SEARCH_PHRASE_WORDS)
				cur->words[cur->n++] = (str){w, (size_t)(p - w)};
			if (*p == '*') {
				cur->prefix = true;
				p++;
			}
			if (!phrase || !*p || *p == '"')
				break;
			p++;
		}
		if (phrase && *p == '"')
			p++;
		if (phrase && *p == '*') {
			cur->prefix = true;
			p++;
		}
		if (!cur->n)
			n--;
	}
	return n;
}

/* Runs query q over `kinds` as view v sees it. */
static int search_as(const char *q, unsigned kinds, const struct view *v, struct store_search_result *r)
{
	struct store_search_term t[STORE_SEARCH_TERMS];
	int n = terms_of(q, t);
	struct store_search_query sq = {
		.terms = t,
		.nterms = n,
		.kinds = kinds,
		.sections = v->sections,
		.groups = v->groups,
		.ngroups = v->ngroups,
		.library = v->library,
		.reader = v->reader,
		.forum = v->forum,
		.author = v->author,
		.since = v->since,
		.until = v->until,
		.limit = v->limit ? v->limit : 50,
		.offset = v->offset,
	};
	return store_search(st, fresh(), &sq, r);
}

/* The same, every kind, as a verified doctor. */
static int search_all(const char *q, struct store_search_result *r)
{
	struct view v = all_view();
	return search_as(q, STORE_SEARCH_KINDS_ALL, &v, r);
}

/* Whether the result lists (kind, id). */
static bool has(const struct store_search_result *r, enum store_search_kind k, int64_t id)
{
	for (int i = 0; i < r->n; i++)
		if (r->items[i].kind == k && r->items[i].id == id)
			return true;
	return false;
}

/* The hit (kind, id), or NULL. */
static const struct store_search_hit *hit_of(const struct store_search_result *r, enum store_search_kind k,
					     int64_t id)
{
	for (int i = 0; i < r->n; i++)
		if (r->items[i].kind == k && r->items[i].id == id)
			return &r->items[i];
	return NULL;
}

/* Whether query q, every kind, as view v, finds (kind, id): listed and
 * counted, or neither. */
static bool finds_as(const char *q, const struct view *v, enum store_search_kind k, int64_t id)
{
	struct store_search_result r;
	int rc = search_as(q, STORE_SEARCH_KINDS_ALL, v, &r);
	CHECK(rc == 0);
	bool listed = has(&r, k, id);
	/* Every test corpus word is unique to its rows, so a count with the
	 * row unlisted would be a row the reader may not see. */
	CHECK(listed == (r.kind_total[k] > 0));
	int64_t sum = 0;
	for (int i = 0; i < STORE_SEARCH_KIND_MAX; i++)
		sum += r.kind_total[i];
	CHECK(sum == r.total);
	return listed;
}

static bool finds(const char *q, enum store_search_kind k, int64_t id)
{
	struct view v = all_view();
	return finds_as(q, &v, k, id);
}

static int64_t new_topic(int64_t forum, int64_t author, const char *title, const char *body, int64_t at,
			 int64_t *post)
{
	struct store_post_new p = {.author = author, .body = str_c(body), .body_html = str_c(body)};
	int64_t t = 0, pid = 0;
	int rc = store_topic_create(st, forum, str_c(title), &p, at, &t, &pid);
	CHECK(rc == 0);
	if (post)
		*post = pid;
	return t;
}

static int64_t reply(int64_t topic, int64_t author, const char *body, int64_t at)
{
	struct store_post_new p = {.author = author, .body = str_c(body), .body_html = str_c(body)};
	int64_t id = 0;
	CHECK(store_post_create(st, topic, &p, at, &id) == 0);
	return id;
}

/* A blog for `owner` at `slug`, through an approved application. */
static int64_t new_blog(int64_t owner, const char *slug)
{
	int64_t app = 0, blog = 0;
	CHECK(store_blogger_apply(st, owner, S("A blog"), S("About it"), S("A sample"), NOW, &app) == 0);
	CHECK(store_blogger_decide(st, app, true, str_c(slug), S(""), edna, NOW, &blog) == 0);
	return blog;
}

static int64_t new_blog_post(int64_t blog, int64_t author, const char *slug, const char *title, const char *summary,
			     const char *body, enum store_blog_status status, int64_t at)
{
	struct store_blog_post p = {
		.blog_id = blog,
		.author_id = author,
		.slug = str_c(slug),
		.title = str_c(title),
		.summary = str_c(summary),
		.body = str_c(body),
		.body_html = str_c(body),
		.status = status,
	};
	int64_t id = 0;
	CHECK(store_blog_post_create(st, &p, at, &id) == 0);
	return id;
}

static int64_t new_item(const char *slug, const char *title, const char *authors, const char *about, const char *body,
			enum store_library_access access)
{
	struct store_library_item it = {
		.slug = str_c(slug),
		.kind = STORE_LIB_PAGE,
		.title = str_c(title),
		.authors = str_c(authors),
		.about = str_c(about),
		.body = str_c(body),
		.body_html = str_c(body),
		.access = access,
	};
	int64_t id = 0;
	CHECK(store_library_item_create(st, &it, NULL, edna, NOW, &id) == 0);
	return id;
}

/* A group named `name`, approved, `owner` its first member. */
static int64_t new_group(const char *slug, const char *name, int64_t owner)
{
	struct store_group g = {.slug = str_c(slug), .name = str_c(name), .purpose = S("For a few of us")};
	int64_t id = 0;
	CHECK(store_group_request(st, &g, owner, NOW, &id) == 0);
	CHECK(store_group_decide(st, id, true, S(""), edna, NOW) == 0);
	return id;
}

static int64_t conversation(int64_t from, int64_t to, const char *subject, const char *body, int64_t *msg)
{
	struct store_message_new m = {.author = from, .body = str_c(body), .body_html = str_c(body)};
	int64_t conv = 0, blocked = 0;
	CHECK(store_conversation_start(st, &m, &to, 1, str_c(subject), NOW, &conv, msg, &blocked) == 0);
	return conv;
}

/* ---- Tests -------------------------------------------------------------- */

TEST(test_migrate)
{
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	CHECK(store_migrate(st) >= 13);
	doc = add_member("doc", "Dr Ada Quillfeather", true, 0);
	ann = add_member("ann", "Dr Ann Blythe", true, 0);
	edna = add_member("edna", "Edna Editor", true, ROLE_EDITOR);
	med = forum_id("medicine");
	med_closed = forum_id("medicine-doctors");
	cycling = forum_id("cycling");
}

TEST(test_names)
{
	const char *names[] = {"topic", "post", "blog_post", "library_item", "member", "forum", "message",
			       "blog_comment"};
	for (int i = 0; i < STORE_SEARCH_KIND_MAX; i++) {
		CHECK(strcmp(store_search_kind_name((enum store_search_kind)i), names[i]) == 0);
		CHECK(store_search_kind_parse(str_c(names[i])) == i);
	}
	CHECK(strcmp(store_search_kind_name(STORE_SEARCH_KIND_MAX), "") == 0);
	CHECK(store_search_kind_parse(S("topics")) == -1);
	CHECK(store_search_kind_parse(S("")) == -1);
}

TEST(test_refused)
{
	struct store_search_term t = {.words = {S("anything")}, .n = 1};
	struct store_search_query q = {.terms = &t, .nterms = 1, .kinds = STORE_SEARCH_KINDS_ALL, .limit = 10};
	struct store_search_result r;
	CHECK(store_search(st, fresh(), &q, &r) == 0);
	q.nterms = 0;
	CHECK(store_search(st, fresh(), &q, &r) == STORE_ERR && r.n == 0 && r.total == 0);
	q.nterms = STORE_SEARCH_TERMS + 1;
	CHECK(store_search(st, fresh(), &q, &r) == STORE_ERR);
	q.nterms = 1;
	q.limit = 0;
	CHECK(store_search(st, fresh(), &q, &r) == STORE_ERR);
	q.limit = 51;
	CHECK(store_search(st, fresh(), &q, &r) == STORE_ERR);
	q.limit = 10;
	q.offset = STORE_SEARCH_WINDOW + 1;
	CHECK(store_search(st, fresh(), &q, &r) == STORE_ERR);
	q.offset = -1;
	CHECK(store_search(st, fresh(), &q, &r) == STORE_ERR);
	q.offset = 0;
	t.n = 0;
	CHECK(store_search(st, fresh(), &q, &r) == STORE_ERR);
	t.n = STORE_SEARCH_PHRASE_WORDS + 1;
	CHECK(store_search(st, fresh(), &q, &r) == STORE_ERR);
	t.n = 1;
	q.ngroups = 2; /* and no array */
	CHECK(store_search(st, fresh(), &q, &r) == STORE_ERR);
	q.ngroups = 0;
	q.kinds = 0; /* nothing asked: nothing found, no error */
	CHECK(store_search(st, fresh(), &q, &r) == 0 && r.n == 0 && r.total == 0);
}

/* Every kind, found with what a page needs to show and link it. */
TEST(test_every_kind)
{
	int64_t post = 0;
	int64_t topic = new_topic(med, doc, "Zorblax in the elderly", "Nothing about it here, only quuxine.", NOW, &post);
	int64_t reply_id = reply(topic, ann, "I gave quuxine and then vexorin.", NOW + 10);
	int64_t blog = new_blog(ann, "ann-writes");
	int64_t bp = new_blog_post(blog, ann, "on-plimsoll", "On plimsoll rounds", "A summary", "A body",
				   STORE_BLOG_PUBLISHED, NOW + 20);
	int64_t item = new_item("drabwick-guide", "The Drabwick guide", "A. Okafor", "About things", "Body text",
				STORE_LIB_PUBLIC);
	int64_t member = add_member("wexley", "Dr Wexley Tamsin", true, 0);
	struct store_forum f = {.slug = S("frobnitz-corner"), .name = S("Frobnitz corner"),
				.description = S("For the frobnitz minded"), .section = STORE_SECTION_OFF_DUTY};
	int64_t forum = 0;
	CHECK(store_forum_create(st, &f, edna, NOW, &forum) == 0);
	int64_t msg = 0;
	int64_t conv = conversation(ann, doc, "Dinner plans", "Shall we try the grelmish place?", &msg);

	struct store_search_result r;
	CHECK(search_all("zorblax", &r) == 0);
	const struct store_search_hit *h = hit_of(&r, STORE_SEARCH_TOPIC, topic);
	CHECK(h && h->forum_id == med && h->section == STORE_SECTION_OPEN_CLINICAL && h->author_id == doc &&
	      str_eqc(h->title, "Zorblax in the elderly") && str_eqc(h->author_handle, "doc") &&
	      h->created_at == NOW && h->score > 0);
	CHECK(r.kind_total[STORE_SEARCH_TOPIC] == 1 && r.total == 1);

	CHECK(search_all("vexorin", &r) == 0);
	h = hit_of(&r, STORE_SEARCH_POST, reply_id);
	CHECK(h && h->parent == topic && h->forum_id == med && str_eqc(h->title, "Zorblax in the elderly") &&
	      h->author_id == ann && str_eqc(h->author_name, "Dr Ann Blythe") && h->created_at == NOW + 10);
	CHECK(search_all("quuxine", &r) == 0);
	CHECK(has(&r, STORE_SEARCH_POST, post) && has(&r, STORE_SEARCH_POST, reply_id) &&
	      r.kind_total[STORE_SEARCH_POST] == 2);

	CHECK(search_all("plimsoll", &r) == 0);
	h = hit_of(&r, STORE_SEARCH_BLOG, bp);
	CHECK(h && h->parent == blog && str_eqc(h->slug, "on-plimsoll") && str_eqc(h->parent_slug, "ann-writes") &&
	      str_eqc(h->title, "On plimsoll rounds") && h->author_id == ann && h->created_at == NOW + 20);

	CHECK(search_all("drabwick", &r) == 0);
	h = hit_of(&r, STORE_SEARCH_LIBRARY, item);
	CHECK(h && str_eqc(h->slug, "drabwick-guide") && str_eqc(h->title, "The Drabwick guide") &&
	      str_eqc(h->author_name, "A. Okafor"));
	CHECK(search_all("okafor", &r) == 0 && has(&r, STORE_SEARCH_LIBRARY, item)); /* authors */

	CHECK(search_all("wexley", &r) == 0);
	h = hit_of(&r, STORE_SEARCH_MEMBER, member);
	CHECK(h && str_eqc(h->slug, "wexley") && str_eqc(h->title, "Dr Wexley Tamsin"));

	CHECK(search_all("frobnitz", &r) == 0);
	h = hit_of(&r, STORE_SEARCH_FORUM, forum);
	CHECK(h && h->forum_id == forum && h->section == STORE_SECTION_OFF_DUTY && str_eqc(h->slug, "frobnitz-corner") &&
	      str_eqc(h->title, "Frobnitz corner"));

	CHECK(search_all("grelmish", &r) == 0);
	h = hit_of(&r, STORE_SEARCH_MESSAGE, msg);
	CHECK(h && h->parent == conv && str_eqc(h->title, "Dinner plans") && h->author_id == ann);

	/* One kind asked for: the others are neither listed nor counted. */
	struct view v = all_view();
	CHECK(search_as("quuxine zorblax", 1u << STORE_SEARCH_TOPIC, &v, &r) == 0);
	CHECK(r.n == 0 && r.total == 0); /* the topic's title has no quuxine */
	CHECK(search_as("quuxine", 1u << STORE_SEARCH_TOPIC, &v, &r) == 0 && r.total == 0);
	CHECK(search_as("quuxine", 1u << STORE_SEARCH_POST, &v, &r) == 0 && r.total == 2 && r.n == 2);
}

/* What a reader may not see is neither listed nor counted. */
TEST(test_visibility)
{
	struct view open_only = all_view();
	open_only.sections = 1u << STORE_SECTION_OPEN_CLINICAL | 1u << STORE_SECTION_OFF_DUTY;

	/* A closed forum's topic and post: only with its section. */
	int64_t cpost = 0;
	int64_t ctopic = new_topic(med_closed, doc, "Snarfwell closed case", "The snarfwell details", NOW, &cpost);
	CHECK(finds("snarfwell", STORE_SEARCH_TOPIC, ctopic) && finds("snarfwell", STORE_SEARCH_POST, cpost));
	CHECK(!finds_as("snarfwell", &open_only, STORE_SEARCH_TOPIC, ctopic));
	CHECK(!finds_as("snarfwell", &open_only, STORE_SEARCH_POST, cpost));
	struct store_search_result r;
	CHECK(search_as("snarfwell", STORE_SEARCH_KINDS_ALL, &open_only, &r) == 0 && r.total == 0 && r.n == 0);
	/* Nor the forum itself. */
	struct view none = all_view();
	none.sections = 1u << STORE_SECTION_OPEN_CLINICAL;
	CHECK(finds("cycling", STORE_SEARCH_FORUM, cycling) && !finds_as("cycling", &none, STORE_SEARCH_FORUM, cycling));
	/* The masks' group and blog bits open nothing. */
	struct view bits = all_view();
	bits.sections = STORE_SECTIONS_ALL;

	/* A group's content: only with its id in groups. */
	int64_t group = new_group("blimwick-club", "Blimwick club", ann);
	int64_t gpost = 0;
	int64_t gtopic = new_topic(group, ann, "Blimwick meeting", "Blimwick agenda", NOW, &gpost);
	CHECK(!finds("blimwick", STORE_SEARCH_TOPIC, gtopic) && !finds("blimwick", STORE_SEARCH_POST, gpost));
	CHECK(!finds("blimwick", STORE_SEARCH_FORUM, group));
	CHECK(!finds_as("blimwick", &bits, STORE_SEARCH_TOPIC, gtopic));
	struct view member = all_view();
	int64_t other_groups[] = {med, group + 1000};
	member.groups = other_groups;
	member.ngroups = 2;
	CHECK(!finds_as("blimwick", &member, STORE_SEARCH_POST, gpost));
	int64_t groups[] = {group};
	member.groups = groups;
	member.ngroups = 1;
	CHECK(finds_as("blimwick", &member, STORE_SEARCH_TOPIC, gtopic) &&
	      finds_as("blimwick", &member, STORE_SEARCH_POST, gpost) &&
	      finds_as("blimwick", &member, STORE_SEARCH_FORUM, group));
	/* A regular forum's id in groups does not open it past its section. */
	int64_t closed_as_group[] = {med_closed};
	open_only.groups = closed_as_group;
	open_only.ngroups = 1;
	CHECK(!finds_as("snarfwell", &open_only, STORE_SEARCH_POST, cpost));
	open_only.groups = NULL;
	open_only.ngroups = 0;

	/* Hidden and deleted posts; a deleted topic. */
	int64_t first = 0;
	int64_t topic = new_topic(med, doc, "Tresswold topic", "Opening words", NOW, &first);
	int64_t hidden = reply(topic, ann, "A glimmerton remark", NOW + 1);
	int64_t gone = reply(topic, ann, "A plovishire remark", NOW + 2);
	CHECK(finds("glimmerton", STORE_SEARCH_POST, hidden) && finds("plovishire", STORE_SEARCH_POST, gone));
	CHECK(store_post_moderate(st, hidden, STORE_MOD_HIDE, edna, S("no"), NOW + 3) == 0);
	CHECK(!finds("glimmerton", STORE_SEARCH_POST, hidden));
	CHECK(store_post_moderate(st, hidden, STORE_MOD_UNHIDE, edna, S("ok"), NOW + 4) == 0);
	CHECK(finds("glimmerton", STORE_SEARCH_POST, hidden));
	CHECK(store_post_delete(st, gone, ann, false, S(""), NOW + 5) == 0);
	CHECK(!finds("plovishire", STORE_SEARCH_POST, gone));
	CHECK(finds("tresswold", STORE_SEARCH_TOPIC, topic));
	CHECK(store_post_delete(st, first, doc, false, S(""), NOW + 6) == 0); /* takes the topic */
	CHECK(!finds("tresswold", STORE_SEARCH_TOPIC, topic) && !finds("glimmerton", STORE_SEARCH_POST, hidden));

	/* An archived forum's topics (as the latest topics leave them out). */
	int64_t bike = new_topic(cycling, ann, "Wheelbarrow hubs", "Hub gears", NOW, NULL);
	CHECK(finds("wheelbarrow", STORE_SEARCH_TOPIC, bike));
	struct store_forum f;
	CHECK(store_forum_by_slug(st, ar, S("cycling"), &f) == 0);
	f.archived = true;
	CHECK(store_forum_update(st, &f, edna, NOW) == 0);
	CHECK(!finds("wheelbarrow", STORE_SEARCH_TOPIC, bike) && !finds("cycling", STORE_SEARCH_FORUM, cycling));
	f.archived = false;
	CHECK(store_forum_update(st, &f, edna, NOW) == 0);
	CHECK(finds("wheelbarrow", STORE_SEARCH_TOPIC, bike));

	/* Blog posts: drafts and scheduled ones never; published ones. */
	struct store_blog b;
	CHECK(store_blog_of(st, ar, ann, &b) == 0);
	int64_t draft = new_blog_post(b.id, ann, "drafty", "Quendle draft", "", "", STORE_BLOG_DRAFT, NOW);
	CHECK(!finds("quendle", STORE_SEARCH_BLOG, draft));

	/* Library: withdrawn items, and levels beyond the reader's. */
	int64_t doctors = new_item("brimble", "Brimble notes", "", "", "", STORE_LIB_DOCTORS);
	int64_t members = new_item("crumplet", "Crumplet notes", "", "", "", STORE_LIB_MEMBERS);
	struct view visitor = all_view();
	visitor.library = 1u << STORE_LIB_PUBLIC | 1u << STORE_LIB_MEMBERS;
	CHECK(finds("brimble", STORE_SEARCH_LIBRARY, doctors) && !finds_as("brimble", &visitor, STORE_SEARCH_LIBRARY, doctors));
	CHECK(finds_as("crumplet", &visitor, STORE_SEARCH_LIBRARY, members));
	visitor.library = 1u << STORE_LIB_PUBLIC;
	CHECK(!finds_as("crumplet", &visitor, STORE_SEARCH_LIBRARY, members));
	CHECK(store_library_item_withdraw(st, members, true, edna, NOW + 1) == 0);
	CHECK(!finds("crumplet", STORE_SEARCH_LIBRARY, members));

	/* Members: suspended and deleted ones never. */
	int64_t sus = add_member("zinnober", "Dr Zinnober Vale", true, 0);
	int64_t del = add_member("yarrowby", "Dr Yarrowby Fenn", true, 0);
	CHECK(finds("zinnober", STORE_SEARCH_MEMBER, sus) && finds("yarrowby", STORE_SEARCH_MEMBER, del));
	CHECK(store_member_set_suspended(st, sus, true) == 0);
	CHECK(!finds("zinnober", STORE_SEARCH_MEMBER, sus));
	CHECK(store_member_set_suspended(st, sus, false) == 0);
	CHECK(finds("zinnober", STORE_SEARCH_MEMBER, sus));
	CHECK(store_member_delete(st, del, NOW) == 0);
	CHECK(!finds("yarrowby", STORE_SEARCH_MEMBER, del));

	/* Messages: the reader's own conversations only, not once left, and
	 * never a removed one; reader 0 finds none. */
	int64_t m1 = 0, m2 = 0;
	int64_t c1 = conversation(ann, doc, "Hi", "The pollywiggle plan", &m1);
	conversation(ann, edna, "Hi", "The pinchbeck secret", &m2);
	CHECK(finds("pollywiggle", STORE_SEARCH_MESSAGE, m1) && !finds("pinchbeck", STORE_SEARCH_MESSAGE, m2));
	CHECK(search_all("pollywiggle", &r) == 0 && r.kind_total[STORE_SEARCH_MESSAGE] == 1);
	struct view nobody = all_view();
	nobody.reader = 0;
	CHECK(!finds_as("pollywiggle", &nobody, STORE_SEARCH_MESSAGE, m1));
	struct view editor = all_view();
	editor.reader = edna;
	CHECK(finds_as("pinchbeck", &editor, STORE_SEARCH_MESSAGE, m2) &&
	      !finds_as("pollywiggle", &editor, STORE_SEARCH_MESSAGE, m1));
	struct store_message_new m = {.author = ann, .body = S("More quibbledy news"), .body_html = S("x")};
	int64_t m3 = 0, blocked = 0, rep = 0;
	CHECK(store_message_post(st, c1, &m, NOW + 1, &m3, &blocked) == 0);
	CHECK(finds("quibbledy", STORE_SEARCH_MESSAGE, m3));
	CHECK(store_message_report(st, m3, doc, S("rude"), NOW + 2, &rep) == 0);
	CHECK(store_report_decide(st, rep, edna, true, S("removed"), NOW + 3) == 0);
	CHECK(!finds("quibbledy", STORE_SEARCH_MESSAGE, m3));
	CHECK(store_conversation_act(st, c1, doc, STORE_CONV_LEAVE, NOW + 4) == 0);
	CHECK(!finds("pollywiggle", STORE_SEARCH_MESSAGE, m1));
}

/* The indexes follow the rows. */
TEST(test_in_step)
{
	int64_t post = 0;
	int64_t topic = new_topic(med, doc, "Glarbish title", "The frumious body", NOW, &post);
	CHECK(finds("frumious", STORE_SEARCH_POST, post));
	struct store_post_new p = {.author = doc, .body = S("The slithy body"), .body_html = S("x")};
	CHECK(store_post_edit(st, post, doc, S("Wabbling title"), &p, NOW + 1) == 0);
	CHECK(!finds("frumious", STORE_SEARCH_POST, post) && finds("slithy", STORE_SEARCH_POST, post));
	CHECK(!finds("glarbish", STORE_SEARCH_TOPIC, topic) && finds("wabbling", STORE_SEARCH_TOPIC, topic));
	/* A reply moves the topic's counts: the index is untouched, still right. */
	reply(topic, ann, "A reply", NOW + 2);
	CHECK(finds("wabbling", STORE_SEARCH_TOPIC, topic));
	struct store_search_result r;
	CHECK(search_all("wabbling", &r) == 0 && r.total == 1);

	/* Moved to a closed forum: out of an open-only search. */
	struct view open_only = all_view();
	open_only.sections = 1u << STORE_SECTION_OPEN_CLINICAL;
	CHECK(finds_as("slithy", &open_only, STORE_SEARCH_POST, post));
	CHECK(store_topic_moderate(st, topic, STORE_MOD_MOVE, med_closed, edna, S(""), NOW + 3) == 0);
	CHECK(!finds_as("slithy", &open_only, STORE_SEARCH_POST, post) &&
	      !finds_as("wabbling", &open_only, STORE_SEARCH_TOPIC, topic));
	CHECK(finds("slithy", STORE_SEARCH_POST, post));
	struct view in_forum = all_view();
	in_forum.forum = med_closed;
	CHECK(finds_as("slithy", &in_forum, STORE_SEARCH_POST, post));
	in_forum.forum = med;
	CHECK(!finds_as("slithy", &in_forum, STORE_SEARCH_POST, post));

	/* Unpublished, and its title edited while published. */
	struct store_blog b;
	CHECK(store_blog_of(st, ar, ann, &b) == 0);
	int64_t bp = new_blog_post(b.id, ann, "mimsy", "Mimsy borogoves", "", "Outgrabe", STORE_BLOG_PUBLISHED, NOW);
	CHECK(finds("mimsy", STORE_SEARCH_BLOG, bp) && finds("outgrabe", STORE_SEARCH_BLOG, bp));
	struct store_blog_post got;
	CHECK(store_blog_post_get(st, ar, bp, &got) == 0);
	got.title = S("Tulgey wood");
	CHECK(store_blog_post_update(st, &got, ann, NOW + 1) == 0);
	CHECK(!finds("mimsy", STORE_SEARCH_BLOG, bp) && finds("tulgey", STORE_SEARCH_BLOG, bp));
	got.status = STORE_BLOG_UNPUBLISHED;
	CHECK(store_blog_post_update(st, &got, ann, NOW + 2) == 0);
	CHECK(!finds("tulgey", STORE_SEARCH_BLOG, bp));
	got.status = STORE_BLOG_PUBLISHED;
	CHECK(store_blog_post_update(st, &got, ann, NOW + 3) == 0);
	CHECK(finds("tulgey", STORE_SEARCH_BLOG, bp));

	/* Withdrawn and restored; edited. */
	int64_t item = new_item("vorpal", "Vorpal handbook", "", "", "Snicker-snack", STORE_LIB_PUBLIC);
	CHECK(finds("vorpal", STORE_SEARCH_LIBRARY, item) && finds("snicker", STORE_SEARCH_LIBRARY, item));
	CHECK(store_library_item_withdraw(st, item, true, edna, NOW + 1) == 0);
	CHECK(!finds("vorpal", STORE_SEARCH_LIBRARY, item));
	CHECK(store_library_item_withdraw(st, item, false, edna, NOW + 2) == 0);
	CHECK(finds("vorpal", STORE_SEARCH_LIBRARY, item));
	struct store_library_item it;
	CHECK(store_library_item_get(st, ar, item, &it) == 0);
	it.title = S("Jabberwock handbook");
	CHECK(store_library_item_update(st, &it, edna, NOW + 3) == 0);
	CHECK(!finds("vorpal", STORE_SEARCH_LIBRARY, item) && finds("jabberwock", STORE_SEARCH_LIBRARY, item));

	/* A member renamed. */
	int64_t m = add_member("bandersnatch", "Dr Frumpel Ogg", true, 0);
	CHECK(finds("frumpel", STORE_SEARCH_MEMBER, m));
	struct store_profile pr = {.name = S("Dr Tumtum Ogg"), .country = S("GB")};
	CHECK(store_member_update_profile(st, m, &pr) == 0);
	CHECK(!finds("frumpel", STORE_SEARCH_MEMBER, m) && finds("tumtum", STORE_SEARCH_MEMBER, m));

	/* A forum renamed. */
	struct store_forum f;
	CHECK(store_forum_by_slug(st, ar, S("frobnitz-corner"), &f) == 0);
	f.name = S("Gimble corner");
	CHECK(store_forum_update(st, &f, edna, NOW) == 0);
	CHECK(finds("gimble", STORE_SEARCH_FORUM, f.id));
	CHECK(finds("frobnitz", STORE_SEARCH_FORUM, f.id)); /* still in its description */
	f.description = S("Renamed");
	CHECK(store_forum_update(st, &f, edna, NOW) == 0);
	CHECK(!finds("frobnitz", STORE_SEARCH_FORUM, f.id));
}

/* Phrases, prefixes, every term required, stemming, diacritics. */
TEST(test_query_forms)
{
	int64_t a = 0, b = 0, c = 0, d = 0;
	int64_t topic = new_topic(cycling, doc, "Forms", "Kelpish heart failure with grommets", NOW, &a);
	b = reply(topic, ann, "Failure of the kelpish heart", NOW + 1);
	c = reply(topic, ann, "Three fractures of the wrist, gadzooks", NOW + 2);
	d = reply(topic, ann, "Un caf\xc3\xa9 na\xc3\xafve, zephyrine", NOW + 3);
	struct store_search_result r;
	CHECK(search_all("\"kelpish heart failure\"", &r) == 0);
	CHECK(has(&r, STORE_SEARCH_POST, a) && !has(&r, STORE_SEARCH_POST, b) && r.total == 1);
	CHECK(search_all("kelpish failure", &r) == 0); /* both words, any order */
	CHECK(has(&r, STORE_SEARCH_POST, a) && has(&r, STORE_SEARCH_POST, b) && r.total == 2);
	CHECK(search_all("kelpish grommets", &r) == 0 && has(&r, STORE_SEARCH_POST, a) && r.total == 1);
	CHECK(search_all("kelpish nowhereword", &r) == 0 && r.total == 0 && r.n == 0);
	CHECK(search_all("kelpi", &r) == 0 && r.total == 0); /* a word, not a prefix */
	CHECK(search_all("kelpi*", &r) == 0 && r.total == 2);
	CHECK(search_all("\"kelpish heart fail\"*", &r) == 0 && has(&r, STORE_SEARCH_POST, a) && r.total == 1);
	CHECK(search_all("\"kelpish heart fail\"", &r) == 0 && r.total == 0);
	CHECK(search_all("gadz*", &r) == 0 && has(&r, STORE_SEARCH_POST, c));
	/* Stemming: either form finds the other. */
	CHECK(search_all("fracture gadzooks", &r) == 0 && has(&r, STORE_SEARCH_POST, c));
	CHECK(search_all("fractured gadzooks", &r) == 0 && has(&r, STORE_SEARCH_POST, c));
	/* Diacritics: as typed always; folded on SQLite (remove_diacritics 2;
	 * PostgreSQL's 'english' keeps them). */
	CHECK(search_all("caf\xc3\xa9 zephyrine", &r) == 0 && has(&r, STORE_SEARCH_POST, d));
	CHECK(search_all("CAF\xc3\xa9 ZEPHYRINE", &r) == 0 && has(&r, STORE_SEARCH_POST, d));
	if (!pg_base) {
		CHECK(search_all("cafe naive zephyrine", &r) == 0 && has(&r, STORE_SEARCH_POST, d));
	}
}

static bool marked(str s, const char *word);

/* Prefixes, as SQLite answers them from the words it keeps
 * (search_fts_terms, sqlite_terms.h) and PostgreSQL from its index: the
 * same rows either way. */
TEST(test_prefix_words)
{
	/* A word whose stem is no word (hypertension: hypertens, which
	 * stems again to hyperten), in a post, a topic and a message. */
	int64_t post = 0;
	int64_t topic = new_topic(cycling, doc, "Quorvian hypertension", "Quorvian hypertension at night", NOW, &post);
	int64_t msg = 0;
	conversation(ann, doc, "Quorvian", "Quorvian hypertension, again", &msg);
	const char *forms[] = {"quorvian hypertens*", "quorvian hypertension*", "quorvian hyperten*", "quorvi* hyp*",
			       "\"quorvian hypert\"*", "quorvian*"};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		CHECK(finds(forms[i], STORE_SEARCH_POST, post));
		CHECK(finds(forms[i], STORE_SEARCH_TOPIC, topic));
		CHECK(finds(forms[i], STORE_SEARCH_MESSAGE, msg));
	}
	CHECK(!finds("quorvian hypertensio*", STORE_SEARCH_POST, post)); /* no token starts so */
	CHECK(!finds("\"hypertension quorvian\"*", STORE_SEARCH_POST, post)); /* a phrase keeps its order */

	/* A prefix that starts no word of posts, topics or messages still
	 * finds a blog post, a library item or a member by it. */
	struct store_blog b;
	CHECK(store_blog_of(st, ar, ann, &b) == 0);
	int64_t bp = new_blog_post(b.id, ann, "zibbets", "Zibbetine rounds", "", "Body", STORE_BLOG_PUBLISHED, NOW);
	int64_t item = new_item("ploverine", "Ploverine guide", "", "", "Body", STORE_LIB_PUBLIC);
	CHECK(finds("zibbet*", STORE_SEARCH_BLOG, bp) && finds("plover*", STORE_SEARCH_LIBRARY, item));
	struct store_search_result r;
	CHECK(search_all("zibbet*", &r) == 0 && r.total == 1);

	/* A word added by an edit is found by its prefix at once. */
	struct store_post_new p = {.author = doc, .body = S("Quorvian hypertension and snarkwell"), .body_html = S("x")};
	CHECK(!finds("snarkw*", STORE_SEARCH_POST, post));
	CHECK(store_post_edit(st, post, doc, S("Quorvian hypertension"), &p, NOW + 1) == 0);
	CHECK(finds("snarkw*", STORE_SEARCH_POST, post));

	/* A prefix of more words than an OR takes (600 here) is answered
	 * all the same, each of its rows found. */
	char body[8192];
	size_t n = 0;
	for (int i = 0; i < 600 && n + 16 < sizeof body; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, "wugg%c%c%c ", 'a' + i % 26, 'a' + i / 26 % 26, 'q');
	int64_t many = 0;
	new_topic(cycling, doc, "Many words", body, NOW + 2, &many);
	int64_t last = reply(topic, ann, "Only wuggzzzq vortexed", NOW + 3);
	CHECK(finds("wugg*", STORE_SEARCH_POST, many) && finds("wugg*", STORE_SEARCH_POST, last));
	struct view v = all_view();
	CHECK(search_as("wugg*", 1u << STORE_SEARCH_POST, &v, &r) == 0 && r.total == 2);
	CHECK(search_as("wuggzz*", 1u << STORE_SEARCH_POST, &v, &r) == 0 && r.total == 1 &&
	      has(&r, STORE_SEARCH_POST, last));
	/* The reader's messages, found by a prefix of so many words that
	 * their messages are gathered once rather than each looked up
	 * (READER_LOOKUPS on SQLite); another's are not. */
	int64_t mine = 0, theirs = 0;
	conversation(ann, doc, "Wuggery", "The wuggabq again", &mine);
	conversation(ann, edna, "Wuggery too", "The wuggacq again", &theirs);
	CHECK(search_as("wugg*", 1u << STORE_SEARCH_MESSAGE, &v, &r) == 0 && r.total == 1 &&
	      has(&r, STORE_SEARCH_MESSAGE, mine));
	CHECK(r.n == 1 && marked(r.items[0].snippet, "wuggabq"));
	CHECK(search_as("wuggac*", 1u << STORE_SEARCH_MESSAGE, &v, &r) == 0 && r.total == 0);
	/* A hit's snippet marks the words of the prefix it has, among
	 * hundreds. */
	CHECK(search_as("wugg* vortexed", 1u << STORE_SEARCH_POST, &v, &r) == 0 && r.n == 1 &&
	      marked(r.items[0].snippet, "wuggzzzq"));
	/* The snippet marks the word the prefix found. */
	CHECK(search_as("snarkw*", 1u << STORE_SEARCH_POST, &v, &r) == 0 && r.n == 1 &&
	      marked(r.items[0].snippet, "snarkwell"));
	if (!pg_base) {
		/* SQLite finds a prefix's rows through its words, each kept
		 * once with a word that makes the token. */
		CHECK(raw_int("SELECT count(*) FROM search_fts_terms WHERE term >= 'wugg' AND term < 'wugh'") == 601);
		CHECK(raw_int("SELECT count(*) FROM search_fts_terms WHERE term = 'hypertens' "
			      "AND lower(word) = 'hypertension'") == 1);
		CHECK(raw_int("SELECT count(*) FROM search_fts_terms WHERE term = 'snarkwel' AND word = 'snarkwell'") == 1);
		/* Without its word, a prefix's row is not found: the words are
		 * what answers (FTS5's own prefix would find it). */
		raw_int("DELETE FROM search_fts_terms WHERE term = 'snarkwel' RETURNING 1");
		CHECK(!finds("snarkw*", STORE_SEARCH_POST, post) && finds("snarkwell", STORE_SEARCH_POST, post));
		raw_int("INSERT INTO search_fts_terms (term, word) VALUES ('snarkwel', 'snarkwell') RETURNING 1");
		CHECK(finds("snarkw*", STORE_SEARCH_POST, post));
	}
}

/* Phrases.  PostgreSQL tests only the posts that hold a phrase's word
 * pairs (post_pairs, migration 20): the rows must be the same as a test
 * of every post, through stemming, case, hyphens, punctuation, stop
 * words, prefixes and edits. */
/* Whether query q, posts alone, lists post id (other posts may match). */
static bool lists_post(const char *q, int64_t id)
{
	struct view v = all_view();
	struct store_search_result r;
	CHECK(search_as(q, 1u << STORE_SEARCH_POST, &v, &r) == 0);
	return has(&r, STORE_SEARCH_POST, id);
}

TEST(test_phrase_pairs)
{
	int64_t a = 0;
	int64_t topic = new_topic(cycling, doc, "Pairs", "Blorvic thrummets at dawn", NOW, &a);
	int64_t b = reply(topic, ann, "Thrummet of the blorvic", NOW + 1);
	int64_t c = reply(topic, ann, "A blorvic-thrummet case", NOW + 2);
	int64_t d = reply(topic, ann, "Blorvic, thrummet!", NOW + 3);
	int64_t e = reply(topic, ann, "Thrummet in blorvic country", NOW + 4);
	CHECK(lists_post("\"blorvic thrummet\"", a) && lists_post("\"BLORVIC Thrummets\"", a));
	CHECK(lists_post("\"blorvic thrummet\"", c) && lists_post("\"blorvic thrummet\"", d));
	CHECK(!lists_post("\"blorvic thrummet\"", b) && !lists_post("\"blorvic thrummet\"", e));
	CHECK(lists_post("\"blorvic thrummets at dawn\"", a) && !lists_post("\"blorvic thrummets dawn\"", a));
	CHECK(lists_post("\"thrummet in blorvic\"", e) && !lists_post("\"thrummet in blorvic\"", b));
	CHECK(lists_post("\"blorvic thrumm\"*", a) && lists_post("\"blorvic thrummets at da\"*", a));
	CHECK(lists_post("\"blorvic thrummet\" dawn", a) && !lists_post("\"blorvic thrummet\" country", a));
	CHECK(lists_post("\"blorvic-thrummet case\"", c) && lists_post("\"thrummet case\"", c));
	struct store_search_result r;
	CHECK(search_all("\"blorvic thrummet\"", &r) == 0 && r.total == 3);
	/* An edit moves a post's pairs with its words. */
	struct store_post_new pb = {.author = ann, .body = S("Now a blorvic thrummet too"), .body_html = S("x")};
	CHECK(store_post_edit(st, b, ann, S("Thrummet of the blorvic"), &pb, NOW + 5) == 0);
	struct store_post_new pa = {.author = doc, .body = S("Dawn only"), .body_html = S("x")};
	CHECK(store_post_edit(st, a, doc, S("Blorvic thrummets at dawn"), &pa, NOW + 6) == 0);
	CHECK(lists_post("\"blorvic thrummet\"", b) && !lists_post("\"blorvic thrummet\"", a));
	if (pg_base) {
		/* The trigger keeps each post's pairs as rounds_pairs makes
		 * them; without its pairs a post is not found by the phrase,
		 * though it is by the words: the pairs are what answers. */
		CHECK(raw_int("SELECT count(*) FROM posts p LEFT JOIN post_pairs pp ON pp.post_id = p.id "
			      "WHERE pp.pairs IS DISTINCT FROM rounds_pairs(p.search)") == 0);
		CHECK(raw_id("SELECT count(*) FROM post_pairs WHERE post_id = $1 AND pairs @> '{\"blorvic thrummet\"}'",
			     c) == 1);
		CHECK(raw_id("DELETE FROM post_pairs WHERE post_id = $1 RETURNING 1", c) == 1);
		CHECK(!lists_post("\"blorvic thrummet\"", c) && lists_post("blorvic thrummet", c));
		CHECK(lists_post("\"thrummet in blorvic\"", e)); /* no pair to ask: every post tested */
		CHECK(raw_id("INSERT INTO post_pairs SELECT id, rounds_pairs(search) FROM posts WHERE id = $1 "
			     "RETURNING 1", c) == 1);
		CHECK(lists_post("\"blorvic thrummet\"", c));
	}
}

/* Words no parser would make: never a syntax error, never a match they do
 * not spell. */
TEST(test_hostile)
{
	int64_t p = 0;
	new_topic(cycling, doc, "Hostile", "Snozzberry and ordinary words", NOW, &p);
	const char *words[] = {
		"\"", "\"\"", "*", "\"*", "NEAR", "NEAR(", "OR", "AND", "NOT", "^", ":", "-", "(", ")", "()", "\\",
		"\\\\", "'", "''", "'\\", "a'b", "x:*", "&", "|", "!", "<->", "<2>", "{", "}", "[", "]", "+", ",",
		"snozzberry\"", "\"snozzberry", "col:snozzberry", "snozzberry*", "-snozzberry", "NEAR(a b)",
		"\xe2\x80\x94", "\xf0\x9f\x98\x80", "\xc3\xa9t\xc3\xa9", "\xff\xfe", "a\x01" "b", "\x02", "tab\tword",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* 64 bytes */
	};
	struct view v = all_view();
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		for (int prefix = 0; prefix < 2; prefix++) {
			struct store_search_term t[2] = {
				{.words = {str_c(words[i])}, .n = 1, .prefix = prefix},
				{.words = {str_c(words[i]), S("snozzberry")}, .n = 2, .prefix = prefix},
			};
			for (int nt = 1; nt <= 2; nt++) {
				struct store_search_query q = {.terms = t, .nterms = nt, .kinds = STORE_SEARCH_KINDS_ALL,
							       .sections = v.sections, .library = v.library,
							       .reader = v.reader, .limit = 10};
				struct store_search_result r;
				int rc = store_search(st, fresh(), &q, &r);
				CHECK(rc == 0);
				if (rc)
					fprintf(stderr, "  hostile word %zu (prefix %d, terms %d)\n", i, prefix, nt);
			}
		}
	}
	/* The quotes around a real word are no part of it. */
	struct store_search_term t = {.words = {S("snozzberry\"")}, .n = 1};
	struct store_search_query q = {.terms = &t, .nterms = 1, .kinds = 1u << STORE_SEARCH_POST,
				       .sections = v.sections, .limit = 10};
	struct store_search_result r;
	CHECK(store_search(st, fresh(), &q, &r) == 0 && has(&r, STORE_SEARCH_POST, p));
	/* A term that is only punctuation matches nothing (not everything). */
	t.words[0] = S("\"*()");
	CHECK(store_search(st, fresh(), &q, &r) == 0 && r.total == 0);
	/* Embedded NUL bytes are dropped, never cut the query short. */
	t.words[0] = (str){"snozz\0berry", 11};
	CHECK(store_search(st, fresh(), &q, &r) == 0);
}

/* Best first, newer first among equals; filters, paging, totals. */
TEST(test_ranking_paging)
{
	/* A title match above a body match. */
	int64_t bodypost = 0;
	int64_t t1 = new_topic(cycling, doc, "Nothing here", "About the flumpet", NOW, &bodypost);
	int64_t t2 = new_topic(cycling, doc, "The flumpet", "Nothing here either", NOW - 100, NULL);
	(void)t1;
	struct store_search_result r;
	CHECK(search_all("flumpet", &r) == 0 && r.n == 2);
	CHECK(r.n == 2 && r.items[0].kind == STORE_SEARCH_TOPIC && r.items[0].id == t2 &&
	      r.items[1].kind == STORE_SEARCH_POST && r.items[1].id == bodypost && r.items[0].score > r.items[1].score);
	/* Within a kind: a blog post's title above its body. */
	struct store_blog b;
	CHECK(store_blog_of(st, ar, ann, &b) == 0);
	int64_t in_body = new_blog_post(b.id, ann, "b1", "A post", "", "Mentions the wuzzle once", STORE_BLOG_PUBLISHED,
					NOW + 50);
	int64_t in_title = new_blog_post(b.id, ann, "b2", "The wuzzle", "", "Says nothing", STORE_BLOG_PUBLISHED, NOW);
	CHECK(search_all("wuzzle", &r) == 0 && r.n == 2 && r.items[0].id == in_title && r.items[1].id == in_body);
	/* Equal matches: the newer first. */
	int64_t topic = new_topic(cycling, doc, "Ties", "Opening", NOW, NULL);
	int64_t older = reply(topic, ann, "Same grumbleweed text", NOW + 1);
	int64_t newer = reply(topic, ann, "Same grumbleweed text", NOW + 2);
	CHECK(search_all("grumbleweed", &r) == 0 && r.n == 2 && r.items[0].id == newer && r.items[1].id == older &&
	      r.items[0].score == r.items[1].score);

	/* Filters: author, dates. */
	struct view v = all_view();
	v.author = ann;
	CHECK(finds_as("grumbleweed", &v, STORE_SEARCH_POST, newer));
	v.author = doc;
	CHECK(!finds_as("grumbleweed", &v, STORE_SEARCH_POST, newer));
	v = all_view();
	v.since = NOW + 2;
	CHECK(search_as("grumbleweed", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 1 && r.items[0].id == newer);
	v.since = 0;
	v.until = NOW + 2;
	CHECK(search_as("grumbleweed", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 1 && r.items[0].id == older);
	/* Dates over many rows (the window reads only the ids the dates
	 * leave): 60 replies three days apart; from reply 20's time to reply
	 * 40's, exactly those 20, the first in and the last out. */
	int64_t dtopic = new_topic(cycling, doc, "Dated", "Opening", NOW, NULL);
	int64_t dated[60];
	const int64_t T = NOW + 5000, STEP = 3 * 86400;
	for (int i = 0; i < 60; i++)
		dated[i] = reply(dtopic, ann, "The datewort entry", T + i * STEP);
	v = all_view();
	v.since = T + 20 * STEP;
	v.until = T + 40 * STEP;
	CHECK(search_as("datewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 20 && r.n == 20);
	bool right = r.n == 20;
	for (int i = 0; i < r.n; i++)
		right &= r.items[i].id >= dated[20] && r.items[i].id <= dated[39];
	CHECK(right && has(&r, STORE_SEARCH_POST, dated[20]) && !has(&r, STORE_SEARCH_POST, dated[40]));
	v.since = 0; /* only an end */
	CHECK(search_as("datewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 40);
	v.since = T + 59 * STEP; /* only a start, at the last */
	v.until = 0;
	CHECK(search_as("datewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 1 && r.items[0].id == dated[59]);
	v.since = T + 61 * STEP; /* after everything */
	CHECK(search_as("datewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 0);
	v.since = 0;
	v.until = T - STEP; /* before everything */
	CHECK(search_as("datewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 0);
	v.until = T + 1000 * STEP; /* far ahead */
	CHECK(search_as("datewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 60);

	/* An author filter leaves out kinds nobody writes (members, forums). */
	add_member("grumbleweed", "Dr Grumbleweed", true, 0);
	CHECK(search_all("grumbleweed", &r) == 0 && r.kind_total[STORE_SEARCH_MEMBER] == 1);
	v = all_view();
	v.author = ann;
	CHECK(search_as("grumbleweed", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.kind_total[STORE_SEARCH_MEMBER] == 0 &&
	      r.total == 2);

	/* Paging: 25 matches, 10 a page, every one once. */
	int64_t ptopic = new_topic(cycling, doc, "Pages", "Opening", NOW, NULL);
	int64_t ids[25];
	for (int i = 0; i < 25; i++)
		ids[i] = reply(ptopic, ann, "The pagerwort again", NOW + 100 + i);
	int seen[25] = {0};
	v = all_view();
	v.limit = 10;
	for (int page = 0; page < 3; page++) {
		v.offset = page * 10;
		CHECK(search_as("pagerwort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0);
		CHECK(r.total == 25 && r.kind_total[STORE_SEARCH_POST] == 25 && r.n == (page < 2 ? 10 : 5));
		for (int i = 0; i < r.n; i++)
			for (int k = 0; k < 25; k++)
				if (r.items[i].id == ids[k])
					seen[k]++;
		/* Equal texts: newest first across the pages. */
		if (r.n)
			CHECK(r.items[0].id == ids[24 - page * 10]);
	}
	for (int k = 0; k < 25; k++)
		CHECK(seen[k] == 1);
	v.offset = 30;
	CHECK(search_as("pagerwort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.n == 0 && r.total == 25);
}

/* The halving behind date filters on posts (store_search_id_bounds),
 * over a clock of 100 posts three days apart: the ids a filter leaves,
 * with a day to spare, in a few reads. */
static int64_t fake_times[100];
static int fake_reads;

static int fake_max(store *s, int64_t *max)
{
	(void)s;
	*max = 100;
	return 0;
}

static int fake_at(store *s, int64_t id, int64_t *at)
{
	(void)s;
	fake_reads++;
	*at = id >= 1 && id <= 100 ? fake_times[id - 1] : INT64_MAX;
	return 0;
}

TEST(test_id_bounds)
{
	const int64_t T = 1700000000, STEP = 3 * 86400;
	for (int i = 0; i < 100; i++)
		fake_times[i] = T + i * STEP; /* post id i + 1 */
	const struct store_search_clock c = {fake_max, fake_at};
	struct store_search_query q = {.since = T + 20 * STEP, .until = T + 40 * STEP};
	int64_t lo = -1, hi = -1;
	fake_reads = 0;
	CHECK(store_search_id_bounds(NULL, &q, STORE_SEARCH_POST, &c, &lo, &hi) == 0);
	CHECK(lo == 21 && hi == 41); /* ids 21..41: times T+20*STEP .. T+40*STEP */
	CHECK(fake_reads > 0 && fake_reads <= 16); /* two halvings of 101 */
	q.since = T + 20 * STEP + 2 * 86400; /* within the day spared below id 22 */
	CHECK(store_search_id_bounds(NULL, &q, STORE_SEARCH_POST, &c, &lo, &hi) == 0 && lo == 22);
	q.since = 0; /* only an end */
	CHECK(store_search_id_bounds(NULL, &q, STORE_SEARCH_POST, &c, &lo, &hi) == 0 && lo == 0 && hi == 41);
	q.until = 0;
	q.since = T + 200 * STEP; /* after every post: nothing left */
	CHECK(store_search_id_bounds(NULL, &q, STORE_SEARCH_POST, &c, &lo, &hi) == 0 && lo == 101 && hi == INT64_MAX);
	q.since = 0;
	q.until = T - STEP; /* before every post */
	CHECK(store_search_id_bounds(NULL, &q, STORE_SEARCH_POST, &c, &lo, &hi) == 0 && lo == 0 && hi == 0);
	/* Other kinds, and no filter, are never bounded (and read nothing). */
	fake_reads = 0;
	q = (struct store_search_query){.since = T, .until = T + STEP};
	CHECK(store_search_id_bounds(NULL, &q, STORE_SEARCH_TOPIC, &c, &lo, &hi) == 0 && lo == 0 && hi == INT64_MAX);
	q = (struct store_search_query){0};
	CHECK(store_search_id_bounds(NULL, &q, STORE_SEARCH_POST, &c, &lo, &hi) == 0 && lo == 0 && hi == INT64_MAX);
	CHECK(fake_reads == 0);
}

/* Adds n posts to `topic` by `author`, numbered after its last, each
 * with `body` and times 1700000001 onwards, in one statement. */
static void many_posts(int64_t topic, int64_t author, int n, const char *body)
{
	char t[24], a[24], c[24];
	snprintf(t, sizeof t, "%lld", (long long)topic);
	snprintf(a, sizeof a, "%lld", (long long)author);
	snprintf(c, sizeof c, "%d", n);
	/* In the order they first appear: SQLite numbers them so. */
	const char *params[] = {c, t, a, body};
	raw_q("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < CAST($1 AS INTEGER)) "
	      "INSERT INTO posts (topic_id, author_id, number, body, body_html, created_at) "
	      "SELECT CAST($2 AS BIGINT), CAST($3 AS BIGINT), (SELECT max(number) FROM posts WHERE topic_id = "
	      "CAST($2 AS BIGINT)) + i, $4, '', 1700000000 + i FROM n",
	      4, params);
}

/* Each kind ranks and counts its newest STORE_SEARCH_WINDOW matches only. */
TEST(test_window)
{
	int64_t topic = new_topic(cycling, doc, "Window", "Opening", NOW, NULL);
	many_posts(topic, ann, 1005, "The windowmoss");
	CHECK(raw_id("SELECT count(*) FROM posts WHERE topic_id = $1", topic) == 1006);
	struct store_search_result r;
	struct view v = all_view();
	v.limit = 10;
	CHECK(search_as("windowmoss", STORE_SEARCH_KINDS_ALL, &v, &r) == 0);
	CHECK(r.total == STORE_SEARCH_WINDOW && r.kind_total[STORE_SEARCH_POST] == STORE_SEARCH_WINDOW && r.n == 10);
	/* The newest are the ones kept. */
	int64_t newest = raw_id("SELECT max(id) FROM posts WHERE topic_id = $1", topic);
	CHECK(r.n && r.items[0].id == newest);
	v.offset = STORE_SEARCH_WINDOW - 5;
	CHECK(search_as("windowmoss", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.n == 5);
	int64_t oldest_kept = raw_id("SELECT min(id) FROM (SELECT id FROM posts WHERE topic_id = $1 AND body <> "
				     "'Opening' ORDER BY id DESC LIMIT 1000) x", topic);
	CHECK(r.n == 5 && r.items[4].id == oldest_kept);
	v.offset = STORE_SEARCH_WINDOW;
	CHECK(search_as("windowmoss", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.n == 0);
}

/* An author filter finds the same whether the author has few posts
 * (each looked up) or many (SQLite walks the matches and keeps theirs:
 * sqlite_search.c, AUTHOR_LOOKUPS). */
TEST(test_prolific_author)
{
	int64_t pro = add_member("prolific", "Dr Prolific", true, 0);
	int64_t few = add_member("fewposts", "Dr Few", true, 0);
	int64_t topic = new_topic(cycling, doc, "Prolific", "Opening", NOW, NULL);
	many_posts(topic, pro, 300, "A zephyrwort note");
	many_posts(topic, pro, 300, "Plain words only");
	int64_t mine[3];
	for (int i = 0; i < 3; i++)
		mine[i] = reply(topic, few, "Another zephyrwort note", NOW + i);
	/* PostgreSQL weighs the two ways by ANALYZE's shares of the words
	 * (pg_search.c, by_author): counted, the few posts are walked and the
	 * many left to the bitmaps. */
	if (pg_base)
		raw_int("ANALYZE posts");
	struct store_search_result r;
	struct view v = all_view();
	v.limit = 50;
	v.author = pro;
	CHECK(search_as("zephyrwort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.kind_total[STORE_SEARCH_POST] == 300);
	bool theirs = r.n == 50;
	for (int i = 0; i < r.n; i++)
		theirs &= r.items[i].author_id == pro;
	CHECK(theirs);
	CHECK(search_as("\"zephyrwort note\"", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 &&
	      r.kind_total[STORE_SEARCH_POST] == 300);
	CHECK(search_as("plain zephyrwort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 0);
	/* many_posts dates post i at 1700000000 + i: the first hundred. */
	v.until = 1700000000 + 101;
	CHECK(search_as("zephyrwort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.kind_total[STORE_SEARCH_POST] == 100);
	v = all_view();
	v.author = few;
	CHECK(search_as("zephyrwort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.kind_total[STORE_SEARCH_POST] == 3);
	CHECK(r.n == 3 && r.items[0].id == mine[2] && r.items[2].id == mine[0]);
	/* A hidden post of the prolific author is left out either way. */
	int64_t last = raw_id("SELECT max(id) FROM posts WHERE author_id = $1 AND body = 'A zephyrwort note'", pro);
	raw_id("UPDATE posts SET hidden_at = 1 WHERE id = $1 RETURNING id", last);
	v.author = pro;
	CHECK(search_as("zephyrwort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.kind_total[STORE_SEARCH_POST] == 299);
	CHECK(!has(&r, STORE_SEARCH_POST, last));
}

/* PostgreSQL: the next post's id comes n ids after the largest. */
static void skip_ids(int64_t n)
{
	raw_id("SELECT setval(pg_get_serial_sequence('posts', 'id'), (SELECT max(id) FROM posts) + $1)", n);
}

/* PostgreSQL asks for a word's posts in slices of ids, newest first
 * (pg_search.c): matches hundreds of thousands of ids apart are all
 * found, and a window filled across two slices keeps the newest. */
TEST(test_slices)
{
	if (!pg_base)
		return; /* SQLite walks FTS5's doclist in rowid order */
	int64_t topic = new_topic(cycling, doc, "Slices", "Opening", NOW, NULL);
	int64_t ids[6];
	for (int i = 0; i < 6; i++) {
		skip_ids(150000 + i * 200000);
		ids[i] = reply(topic, ann, "A lone slicefern", NOW);
	}
	struct store_search_result r;
	struct view v = all_view();
	CHECK(search_as("slicefern", STORE_SEARCH_KINDS_ALL, &v, &r) == 0);
	CHECK(r.kind_total[STORE_SEARCH_POST] == 6);
	for (int i = 0; i < 6; i++)
		CHECK(has(&r, STORE_SEARCH_POST, ids[i]));

	/* 1,000 matches together, then 400,000 ids on, 40 matches 20,000 ids
	 * apart, across seven slices (131,072 ids each): the newest slice
	 * holds too few, so slices of several follow. */
	many_posts(topic, ann, 1000, "The slicewort");
	skip_ids(400000);
	for (int i = 0; i < 40; i++) {
		skip_ids(20000);
		reply(topic, ann, "A later slicewort", NOW + 10000 + i);
	}
	v.limit = 10;
	CHECK(search_as("slicewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0);
	CHECK(r.kind_total[STORE_SEARCH_POST] == STORE_SEARCH_WINDOW && r.n == 10);
	CHECK(r.n && r.items[0].id == raw_id("SELECT max(id) FROM posts WHERE body LIKE '%slicewort' AND $1 > 0", 1));
	v.offset = STORE_SEARCH_WINDOW - 5;
	CHECK(search_as("slicewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.n == 5);
	int64_t oldest_kept = raw_id("SELECT min(id) FROM (SELECT id FROM posts WHERE body LIKE '%slicewort' AND $1 > 0 "
				     "ORDER BY id DESC LIMIT 1000) x", 1);
	CHECK(r.n == 5 && r.items[4].id == oldest_kept);
	/* Two words go the same way, and so does a forum: the slices' posts
	 * elsewhere are left out. */
	v.offset = 0;
	CHECK(search_as("later slicewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0);
	CHECK(r.kind_total[STORE_SEARCH_POST] == 40);
	int64_t med_topic = new_topic(med, doc, "Elsewhere", "Opening", NOW, NULL);
	skip_ids(200000);
	int64_t elsewhere = reply(med_topic, ann, "A later slicewort elsewhere", NOW + 20000);
	v.forum = cycling;
	CHECK(search_as("later slicewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0);
	CHECK(r.kind_total[STORE_SEARCH_POST] == 40 && !has(&r, STORE_SEARCH_POST, elsewhere));
	v.forum = med;
	CHECK(search_as("later slicewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0);
	CHECK(r.kind_total[STORE_SEARCH_POST] == 1 && has(&r, STORE_SEARCH_POST, elsewhere));
	/* Counted by ANALYZE, slicewort is in more than 5% of the posts, so
	 * the first slice is walked (pg_search.c, walk_first) and the slices
	 * after it find the same window; a date range bounds both. */
	raw_int("ANALYZE posts");
	v = all_view();
	v.limit = 10;
	CHECK(search_as("slicewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0);
	CHECK(r.kind_total[STORE_SEARCH_POST] == STORE_SEARCH_WINDOW && r.n == 10);
	CHECK(r.n && r.items[0].id == elsewhere);
	v.offset = STORE_SEARCH_WINDOW - 5;
	CHECK(search_as("slicewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.n == 5);
	oldest_kept = raw_id("SELECT min(id) FROM (SELECT id FROM posts WHERE body LIKE '%slicewort%' AND $1 > 0 "
			     "ORDER BY id DESC LIMIT 1000) x", 1);
	CHECK(r.n == 5 && r.items[4].id == oldest_kept);
	v.offset = 0;
	v.since = NOW + 10000 + 20;
	v.until = NOW + 10000 + 30;
	CHECK(search_as("slicewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.kind_total[STORE_SEARCH_POST] == 10);
	CHECK(search_as("later slicewort", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 &&
	      r.kind_total[STORE_SEARCH_POST] == 10);
}

/* Whether s has `word` between the marks, and the marks balanced. */
static bool marked(str s, const char *word)
{
	char want[80];
	snprintf(want, sizeof want, STORE_MARK_ON "%s" STORE_MARK_OFF, word);
	int on = 0, off = 0;
	for (size_t i = 0; i < s.n; i++) {
		on += s.p[i] == '\x01';
		off += s.p[i] == '\x02';
		if (off > on)
			return false;
	}
	return on == off && memmem(s.p, s.n, want, strlen(want)) != NULL;
}

TEST(test_snippets)
{
	int64_t p = 0;
	new_topic(cycling, doc, "Snippets", "Before the words. Two fractures of the skimbleshank, and more after.", NOW,
		  &p);
	struct store_search_result r;
	CHECK(search_all("skimbleshank", &r) == 0);
	const struct store_search_hit *h = hit_of(&r, STORE_SEARCH_POST, p);
	CHECK(h && marked(h->snippet, "skimbleshank"));
	CHECK(search_all("fracture skimbleshank", &r) == 0);
	h = hit_of(&r, STORE_SEARCH_POST, p);
	CHECK(h && marked(h->snippet, "fractures") && marked(h->snippet, "skimbleshank"));
	if (h)
		CHECK(h->snippet.n < 400);
	/* Stored mark bytes are never read as marks. */
	int64_t q = 0;
	new_topic(cycling, doc, "Marks", "Odd \x01 bytes \x02 around the wobblecock \x02 here \x01", NOW, &q);
	CHECK(search_all("wobblecock", &r) == 0);
	h = hit_of(&r, STORE_SEARCH_POST, q);
	CHECK(h && marked(h->snippet, "wobblecock"));
	if (h) {
		int marks = 0;
		for (size_t i = 0; i < h->snippet.n; i++)
			marks += h->snippet.p[i] == '\x01' || h->snippet.p[i] == '\x02';
		CHECK(marks == 2);
	}
	/* A long body: a snippet, not the whole text. */
	char body[4000];
	size_t n = 0;
	for (int i = 0; i < 300 && n + 16 < sizeof body; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, "%s ", i == 150 ? "mumblecrust" : "filler");
	int64_t lp = 0;
	new_topic(cycling, doc, "Long", body, NOW, &lp);
	CHECK(search_all("mumblecrust", &r) == 0);
	h = hit_of(&r, STORE_SEARCH_POST, lp);
	CHECK(h && marked(h->snippet, "mumblecrust") && h->snippet.n < 400);
}

static void count_problem(void *ctx, const char *problem)
{
	fprintf(stderr, "store_check: %s\n", problem);
	++*(int *)ctx;
}

/* Blog comments (migration 18): the replies of a published post's topic,
 * found as comments (never as forum posts), with what their address
 * needs; filters; hidden, deleted and unpublished ones neither listed
 * nor counted; edits kept in step. */
TEST(test_comments)
{
	int64_t cora = add_member("cora", "Dr Cora Vell", true, 0);
	int64_t blog = new_blog(cora, "cora-notes");
	int64_t bp = new_blog_post(blog, cora, "on-wards", "On the wards", "A snorkwhistle summary", "Body",
				   STORE_BLOG_PUBLISHED, NOW);
	struct store_blog_post got;
	CHECK(store_blog_post_get(st, ar, bp, &got) == 0 && got.topic_id > 0);
	int64_t c1 = reply(got.topic_id, ann, "A plumtastic comment on the wards.", NOW + 100);
	int64_t c2 = reply(got.topic_id, doc, "Another plumtastic one, and glimwort too.", NOW + 200);

	struct store_search_result r;
	CHECK(search_all("plumtastic", &r) == 0);
	const struct store_search_hit *h = hit_of(&r, STORE_SEARCH_COMMENT, c1);
	CHECK(h && h->parent == bp && h->forum_id == blog && str_eqc(h->title, "On the wards") &&
	      str_eqc(h->slug, "on-wards") && str_eqc(h->parent_slug, "cora-notes") && h->number == 2 &&
	      h->author_id == ann && str_eqc(h->author_handle, "ann") && h->created_at == NOW + 100 &&
	      h->score > 0 && marked(h->snippet, "plumtastic"));
	h = hit_of(&r, STORE_SEARCH_COMMENT, c2);
	CHECK(h && h->number == 3 && h->author_id == doc);
	CHECK(r.kind_total[STORE_SEARCH_COMMENT] == 2 && r.kind_total[STORE_SEARCH_POST] == 0 && r.total == 2);
	/* The topic's first post is the blog post's summary: no comment. */
	CHECK(search_all("snorkwhistle", &r) == 0 && has(&r, STORE_SEARCH_BLOG, bp) &&
	      r.kind_total[STORE_SEARCH_COMMENT] == 0 && r.total == 1);
	CHECK(finds("plumtas*", STORE_SEARCH_COMMENT, c1));
	CHECK(finds("\"and glimwort\"", STORE_SEARCH_COMMENT, c2));

	/* The kind filter. */
	struct view v = all_view();
	CHECK(search_as("plumtastic", 1u << STORE_SEARCH_COMMENT, &v, &r) == 0 && r.total == 2 && r.n == 2);
	CHECK(search_as("plumtastic", 1u << STORE_SEARCH_POST | 1u << STORE_SEARCH_BLOG, &v, &r) == 0 &&
	      r.total == 0);
	/* Author and dates, as blog posts; a forum filter leaves comments out. */
	v.author = doc;
	CHECK(search_as("plumtastic", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 1 &&
	      has(&r, STORE_SEARCH_COMMENT, c2));
	v = all_view();
	v.since = NOW + 150;
	CHECK(search_as("plumtastic", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 1 &&
	      has(&r, STORE_SEARCH_COMMENT, c2));
	v = all_view();
	v.until = NOW + 150;
	CHECK(search_as("plumtastic", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 1 &&
	      has(&r, STORE_SEARCH_COMMENT, c1));
	v = all_view();
	v.forum = blog;
	CHECK(search_as("plumtastic", STORE_SEARCH_KINDS_ALL, &v, &r) == 0 && r.total == 0);

	/* Hidden, then shown again; edited; deleted. */
	CHECK(store_post_moderate(st, c1, STORE_MOD_HIDE, edna, S(""), NOW + 300) == 0);
	CHECK(!finds("wards", STORE_SEARCH_COMMENT, c1));
	CHECK(store_post_moderate(st, c1, STORE_MOD_UNHIDE, edna, S(""), NOW + 301) == 0);
	CHECK(finds("wards", STORE_SEARCH_COMMENT, c1));
	struct store_post_new p = {.author = ann, .body = S("A quibbleflax comment."), .body_html = S("x")};
	CHECK(store_post_edit(st, c1, ann, S(""), &p, NOW + 302) == 0);
	CHECK(!finds("wards", STORE_SEARCH_COMMENT, c1) && finds("quibbleflax", STORE_SEARCH_COMMENT, c1));
	CHECK(finds("quibblef*", STORE_SEARCH_COMMENT, c1));
	CHECK(store_post_delete(st, c2, doc, false, S(""), NOW + 303) == 0);
	CHECK(!finds("glimwort", STORE_SEARCH_COMMENT, c2));

	/* The post taken down: its comments with it; published again: back. */
	CHECK(store_blog_post_get(st, ar, bp, &got) == 0);
	got.status = STORE_BLOG_UNPUBLISHED;
	CHECK(store_blog_post_update(st, &got, cora, NOW + 400) == 0);
	CHECK(!finds("quibbleflax", STORE_SEARCH_COMMENT, c1));
	got.status = STORE_BLOG_PUBLISHED;
	CHECK(store_blog_post_update(st, &got, cora, NOW + 401) == 0);
	CHECK(finds("quibbleflax", STORE_SEARCH_COMMENT, c1));

	/* A forum post is never a comment, and the index matches the rows. */
	int64_t fp = 0;
	new_topic(cycling, doc, "Cycling", "A plumtastic ride", NOW, &fp);
	CHECK(search_all("plumtastic", &r) == 0 && has(&r, STORE_SEARCH_POST, fp) &&
	      r.kind_total[STORE_SEARCH_COMMENT] == 0);
	CHECK(raw_id("SELECT count(*) FROM posts WHERE blog_comment AND topic_id = $1", got.topic_id) == 2);
	if (!pg_base) {
		int problems = 0;
		CHECK(store_check(st, count_problem, &problems) == 0 && problems == 0);
	}
}

/* Migration 18 on a database at 17: the comments there are marked and
 * indexed.  The store is closed, 18 undone with raw statements (the
 * comments' rows stay), and the store opened and brought up again. */
TEST(test_comments_migrate)
{
	int64_t olive = add_member("olive", "Dr Olive Old", true, 0);
	int64_t blog = new_blog(olive, "olive-notes");
	int64_t bp = new_blog_post(blog, olive, "old-one", "An old one", "Its fernwhistle summary", "Body",
				   STORE_BLOG_PUBLISHED, NOW);
	struct store_blog_post got;
	CHECK(store_blog_post_get(st, ar, bp, &got) == 0);
	int64_t c = reply(got.topic_id, ann, "An old gravelmoth comment.", NOW + 10);
	int64_t gone = reply(got.topic_id, doc, "A gravelmoth comment deleted.", NOW + 20);
	CHECK(store_post_delete(st, gone, doc, false, S(""), NOW + 30) == 0);
	CHECK(finds("gravelmoth", STORE_SEARCH_COMMENT, c));
	store_close(st);
	static const char *const undo_sqlite[] = {
		/* 25's to 22's, which run again after it */
		"DROP INDEX members_directory", "DROP INDEX members_dir_specialty", "DROP INDEX members_dir_grade",
		"DROP INDEX members_dir_country", "DROP INDEX forums_section", "DROP INDEX topics_forum",
		"CREATE INDEX topics_forum ON topics (forum_id, pinned, last_post_at)",
		"DROP INDEX conversation_members_unread",
		/* 21's, which runs again after it */
		"DROP TRIGGER posts_version_insert", "DROP TRIGGER posts_version_update",
		"DROP TRIGGER posts_version_delete", "DROP TRIGGER members_authors_version",
		"DROP TRIGGER champions_authors_insert", "DROP TRIGGER champions_authors_delete",
		"DROP TABLE cache_versions", "ALTER TABLE topics DROP COLUMN version",
		"DROP TRIGGER blog_comments_fts_insert", "DROP TRIGGER blog_comments_fts_delete",
		"DROP TRIGGER blog_comments_fts_update", "DROP TABLE blog_comments_fts",
		"DROP VIEW blog_comment_bodies",         "ALTER TABLE posts DROP COLUMN blog_comment",
		"PRAGMA user_version = 17",
	};
	static const char *const undo_pg[] = {
		/* 26's */
		"DROP INDEX posts_search_slices", "DROP FUNCTION rounds_slice(bigint)",
		"CREATE INDEX posts_search ON posts USING GIN (search)",
		/* 25's to 22's, which run again after it */
		"DROP INDEX members_directory", "DROP INDEX members_dir_specialty", "DROP INDEX members_dir_grade",
		"DROP INDEX members_dir_country", "DROP INDEX forums_section", "DROP INDEX topics_forum_live",
		"DROP INDEX conversation_members_unread",
		/* 21's and 20's, which run again after it */
		"DROP TRIGGER posts_version ON posts", "DROP FUNCTION rounds_topic_version()",
		"DROP TRIGGER members_authors_version ON members",
		"DROP TRIGGER champions_authors_version ON forum_champions", "DROP FUNCTION rounds_authors_version()",
		"DROP TABLE cache_versions", "ALTER TABLE topics DROP COLUMN version",
		"DROP TRIGGER posts_pairs ON posts", "DROP FUNCTION rounds_post_pairs()", "DROP TABLE post_pairs",
		"DROP FUNCTION rounds_pairs(tsvector)",
		"ALTER TABLE posts DROP COLUMN blog_comment", /* its indexes with it */
		"UPDATE rounds_schema SET version = 17",
	};
	const char *const *undo = pg_base ? undo_pg : undo_sqlite;
	size_t n = pg_base ? sizeof undo_pg / sizeof undo_pg[0] : sizeof undo_sqlite / sizeof undo_sqlite[0];
	for (size_t i = 0; i < n; i++)
		raw_int(undo[i]);
	CHECK(raw_int(pg_base ? "SELECT count(*) FROM information_schema.columns WHERE table_name = 'posts' "
				"AND column_name = 'blog_comment'"
			      : "SELECT count(*) FROM pragma_table_info('posts') WHERE name = 'blog_comment'") == 0);
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	CHECK(store_migrate(st) >= 18);
	CHECK(raw_id("SELECT count(*) FROM posts WHERE blog_comment AND topic_id = $1", got.topic_id) == 2);
	CHECK(finds("gravelmoth", STORE_SEARCH_COMMENT, c));
	CHECK(!finds("fernwhistle", STORE_SEARCH_COMMENT, 0) && finds("fernwhistle", STORE_SEARCH_BLOG, bp));
	/* Written after: kept in step as before. */
	int64_t c3 = reply(got.topic_id, doc, "A new gravelmoth comment.", NOW + 40);
	struct store_search_result r;
	CHECK(search_all("gravelmoth", &r) == 0 && r.kind_total[STORE_SEARCH_COMMENT] == 2 &&
	      has(&r, STORE_SEARCH_COMMENT, c3) && r.total == 2);
	if (!pg_base) {
		int problems = 0;
		CHECK(store_check(st, count_problem, &problems) == 0 && problems == 0);
	}
}

int main(void)
{
	if (fixture_setup("search") < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_migrate);
	if (st) {
		RUN(test_names);
		RUN(test_refused);
		RUN(test_every_kind);
		RUN(test_visibility);
		RUN(test_in_step);
		RUN(test_query_forms);
		RUN(test_prefix_words);
		RUN(test_phrase_pairs);
		RUN(test_hostile);
		RUN(test_ranking_paging);
		RUN(test_window);
		RUN(test_prolific_author);
		RUN(test_slices);
		RUN(test_id_bounds);
		RUN(test_snippets);
		RUN(test_comments);
		RUN(test_comments_migrate);
	}
	fixture_cleanup();
	arena_free(sar);
	return unit_summary();
}
