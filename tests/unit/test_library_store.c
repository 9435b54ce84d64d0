/* test_library_store.c: the e-library in the store (store.h "Library",
 * store_upload_stat and store_upload_read), backend-agnostic as
 * test_blog_store.c: against a SQLite file in a fresh temporary folder,
 * or, when ROUNDS_TEST_PG names a PostgreSQL server
 * (postgresql://USER@HOST:PORT), against a fresh database
 * rounds_library_test_PID made there and dropped at the end.  Migration
 * 12; every library function and each error it documents, with a refusal
 * writing nothing; the audit rows; collections, their order and live
 * counts; items with their collections and current file; files versioned
 * by slot; withdrawal; the lists and the word search through the
 * search index (prefixes, case, punctuation only separating words and
 * never query syntax, kinds, access levels, withdrawn items, orders,
 * paging, totals); download counts in batches and per day; reading
 * stored files by range; versions added from many threads at once; and
 * an account deletion keeping the uploads the library uses.  A raw
 * connection looks at rows the store has no reader for
 * (store_fixture.h). */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000;
static const int64_t DAY = 1700000000 / 86400;

/* The members: two editors and a doctor. */
static int64_t edna, ed2, doc;
/* Uploads: two PDFs, an EPUB, a cover, a text file, a big one. */
static char pdf1[65], pdf2[65], epub[65], png[65], txt[65], big[65];
enum { BIG_SIZE = 300000 };
/* Collections: "nhs-reform" (position 2), "crisis" (1), "survival" (1,
 * named after crisis alphabetically). */
static int64_t nhs, crisis, survival;
/* Items: a public page in crisis and nhs, a members ebook, a doctors
 * ebook. */
static int64_t page, book, dbook;

/* ---- Helpers (setup and raw access: store_fixture.h) ------------------ */

/* Rows in the library's tables and the audit log, to tell that a refusal
 * wrote nothing. */
struct snap {
	int64_t colls, items, links, files, days, audit, sum;
};

static struct snap snap(void)
{
	struct snap s = {
		raw_int("SELECT count(*) FROM library_collections"),
		raw_int("SELECT count(*) FROM library_items"),
		raw_int("SELECT count(*) FROM library_item_collections"),
		raw_int("SELECT count(*) FROM library_files"),
		raw_int("SELECT count(*) FROM library_downloads"),
		raw_int("SELECT count(*) FROM audit_log"),
		raw_int("SELECT coalesce(sum(updated_at + withdrawn_at + downloads), 0) FROM library_items"),
	};
	return s;
}

static bool same(struct snap a, struct snap b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

static struct store_library_item item_of(int64_t id)
{
	struct store_library_item it = {0};
	CHECK(store_library_item_get(st, ar, id, &it) == 0);
	return it;
}

static struct store_library_collection collection_of(int64_t id)
{
	struct store_library_collection c = {0};
	CHECK(store_library_collection_get(st, ar, id, &c) == 0);
	return c;
}

/* Makes a collection; its id, or 0 (and a failed check). */
static int64_t collection_new(const char *slug, const char *name, int64_t position, int64_t at)
{
	struct store_library_collection c = {.slug = str_c(slug), .name = str_c(name), .about = S("About it."),
					     .position = position};
	int64_t id = 0;
	CHECK(store_library_collection_create(st, &c, edna, at, &id) == 0 && id > 0);
	return id;
}

/* An item to write: the fields a caller fills. */
static struct store_library_item item_new(const char *slug, enum store_library_kind kind, const char *title,
					  const char *authors, const char *about, enum store_library_access access)
{
	struct store_library_item it = {
		.slug = str_c(slug),
		.kind = kind,
		.title = str_c(title),
		.authors = str_c(authors),
		.about = str_c(about),
		.body = str_c(kind == STORE_LIB_PAGE ? "# Body" : ""),
		.body_html = str_c(kind == STORE_LIB_PAGE ? "<h1>Body</h1>" : ""),
		.access = access,
	};
	return it;
}

static struct store_library_file file_new(const char *sha, const char *name, const char *mime)
{
	struct store_library_file f = {.sha256 = str_c(sha), .name = str_c(name), .mime = str_c(mime)};
	return f;
}

/* Writes an item (with `file`, or none) and checks it worked; its id. */
static int64_t create(const struct store_library_item *it, const struct store_library_file *file, int64_t at)
{
	int64_t id = 0;
	CHECK(store_library_item_create(st, it, file, edna, at, &id) == 0 && id > 0);
	return id;
}

/* Stores `bytes` as an upload of type `mime`. */
static void upload(const char *bytes, size_t n, const char *mime, char sha[65])
{
	CHECK(store_upload_put_bytes(st, (str){bytes, n}, str_c(mime), NOW, sha) == 0);
}

/* The newest audit row, which must be `action` on `target` with `detail`
 * by `actor`. */
static bool audited(const char *action, const char *target, const char *detail, int64_t actor)
{
	struct store_audit_list l = {0};
	if (store_audit_list(st, ar, S(""), -1, 1, 0, &l) != 0 || l.n != 1)
		return false;
	struct store_audit_row *r = &l.items[0];
	bool ok = str_eqc(r->action, action) && str_eqc(r->target, target) && r->actor == actor;
	return ok && (!detail || str_eqc(r->detail, detail));
}

/* "KIND:ID" for audit targets. */
static const char *target(const char *kind, int64_t id)
{
	static char t[64];
	snprintf(t, sizeof t, "%s:%lld", kind, (long long)id);
	return t;
}

/* A list query over every level, live items, any kind. */
static struct store_library_query query(const char *q)
{
	struct store_library_query lq = {.q = str_c(q), .access = 7, .any_kind = true, .limit = 100};
	return lq;
}

/* How many items the query lists (checking the total agrees). */
static int listed(const struct store_library_query *lq)
{
	struct store_library_item_list l = {0};
	int64_t total = -1;
	int rc = store_library_items(st, ar, lq, &l, &total);
	CHECK(rc == 0 && total == l.n);
	return rc ? -1 : l.n;
}

/* ---- Tests ------------------------------------------------------------- */

TEST(test_migrate)
{
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	int v = store_migrate(st);
	CHECK(v >= 12);
	CHECK(store_migrate(st) == v);
	CHECK(raw_int("SELECT count(*) FROM library_collections") == 0);
	CHECK(raw_int("SELECT count(*) FROM library_items") == 0);
	CHECK(raw_int("SELECT count(*) FROM library_item_collections") == 0);
	CHECK(raw_int("SELECT count(*) FROM library_files") == 0);
	CHECK(raw_int("SELECT count(*) FROM library_downloads") == 0);
	edna = add_member("edna", "Edna Editor", true, ROLE_EDITOR);
	ed2 = add_member("eddie", "Eddie Editor", true, ROLE_EDITOR);
	doc = add_member("doc", "Dora Doctor", true, 0);
	upload("%PDF-1.4 the first", 18, "application/pdf", pdf1);
	upload("%PDF-1.4 the second, longer", 27, "application/pdf", pdf2);
	upload("PK\x03\x04 an epub", 13, "application/epub+zip", epub);
	upload("\x89PNG a cover", 12, "image/png", png);
	upload("plain text", 10, "text/plain", txt);
	if (!pg_base) {
		CHECK(raw_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);
		CHECK(raw_int("PRAGMA user_version") == v);
	}
}

TEST(test_names)
{
	CHECK(str_eqc(str_c(store_library_access_name(STORE_LIB_PUBLIC)), "public"));
	CHECK(str_eqc(str_c(store_library_access_name(STORE_LIB_MEMBERS)), "members"));
	CHECK(str_eqc(str_c(store_library_access_name(STORE_LIB_DOCTORS)), "doctors"));
	CHECK(str_eqc(str_c(store_library_access_name(STORE_LIB_ACCESS_MAX)), ""));
	CHECK(str_eqc(str_c(store_library_access_name((enum store_library_access) - 1)), ""));
	CHECK(store_library_access_parse(S("members")) == STORE_LIB_MEMBERS);
	CHECK(store_library_access_parse(S("doctors")) == STORE_LIB_DOCTORS);
	CHECK(store_library_access_parse(S("Doctors")) == -1);
	CHECK(store_library_access_parse(S("")) == -1);
	CHECK(str_eqc(str_c(store_library_kind_name(STORE_LIB_PAGE)), "page"));
	CHECK(str_eqc(str_c(store_library_kind_name(STORE_LIB_EBOOK)), "ebook"));
	CHECK(str_eqc(str_c(store_library_kind_name(STORE_LIB_KIND_MAX)), ""));
	CHECK(store_library_kind_parse(S("ebook")) == STORE_LIB_EBOOK);
	CHECK(store_library_kind_parse(S("page")) == STORE_LIB_PAGE);
	CHECK(store_library_kind_parse(S("book")) == -1);
}

TEST(test_collections)
{
	nhs = collection_new("nhs-reform", "NHS reform", 2, NOW);
	CHECK(audited("library_collection.create", target("library_collection", nhs), "nhs-reform", edna));
	crisis = collection_new("crisis", "Crisis zone medicine", 1, NOW + 1);
	survival = collection_new("survival", "survival guides", 1, NOW + 2);
	struct store_library_collection c = collection_of(nhs);
	CHECK(c.id == nhs && str_eqc(c.slug, "nhs-reform") && str_eqc(c.name, "NHS reform"));
	CHECK(str_eqc(c.about, "About it.") && c.position == 2 && c.item_count == 0);
	CHECK(c.created_at == NOW && c.updated_at == NOW);

	/* A slug taken, in any case; no slug or name: nothing written. */
	struct snap before = snap();
	struct store_library_collection dup = {.slug = S("NHS-Reform"), .name = S("Again")};
	int64_t id = 99;
	CHECK(store_library_collection_create(st, &dup, edna, NOW, &id) == STORE_ECONFLICT && id == 0);
	dup.slug = S("");
	CHECK(store_library_collection_create(st, &dup, edna, NOW, &id) == STORE_ERR && id == 0);
	dup.slug = S("fresh"), dup.name = S("");
	CHECK(store_library_collection_create(st, &dup, edna, NOW, &id) == STORE_ERR);
	CHECK(same(before, snap()));

	/* Lookups. */
	CHECK(store_library_collection_by_slug(st, ar, S("CRISIS"), &c) == 0 && c.id == crisis);
	CHECK(store_library_collection_by_slug(st, ar, S("nope"), &c) == STORE_ENOTFOUND);
	CHECK(store_library_collection_get(st, ar, 999999, &c) == STORE_ENOTFOUND);

	/* By position, then name in any case. */
	struct store_library_collection_list l = {0};
	CHECK(store_library_collections(st, ar, &l) == 0 && l.n == 3);
	CHECK(l.n == 3 && l.items[0].id == crisis && l.items[1].id == survival && l.items[2].id == nhs);

	/* Update: name, about, position; the slug stays. */
	struct store_library_collection up = {.id = survival, .slug = S("ignored"), .name = S("Survival guides"),
					      .about = S("Staying alive."), .position = 3};
	CHECK(store_library_collection_update(st, &up, ed2, NOW + 10) == 0);
	CHECK(audited("library_collection.edit", target("library_collection", survival), "survival", ed2));
	c = collection_of(survival);
	CHECK(str_eqc(c.slug, "survival") && str_eqc(c.name, "Survival guides") && str_eqc(c.about, "Staying alive."));
	CHECK(c.position == 3 && c.created_at == NOW + 2 && c.updated_at == NOW + 10);
	CHECK(store_library_collections(st, ar, &l) == 0 && l.n == 3 && l.items[2].id == survival);
	before = snap();
	up.id = 999999;
	CHECK(store_library_collection_update(st, &up, ed2, NOW + 11) == STORE_ENOTFOUND);
	up.id = survival, up.name = S("");
	CHECK(store_library_collection_update(st, &up, ed2, NOW + 11) == STORE_ERR);
	CHECK(same(before, snap()));
}

TEST(test_item_create)
{
	/* A page in nhs, crisis and (twice) nhs again: kept once each, given
	 * by the collections' order. */
	struct store_library_item it = item_new("field-guide", STORE_LIB_PAGE, "Field Guide", "A. Okafor, G. Lin",
						"How to work in a crisis zone.", STORE_LIB_PUBLIC);
	it.collections[0] = nhs, it.collections[1] = crisis, it.collections[2] = nhs;
	it.ncollections = 3;
	it.cover = str_c(png);
	page = create(&it, NULL, NOW + 100);
	CHECK(audited("library.create", target("library", page), "field-guide", edna));
	struct store_library_item got = item_of(page);
	CHECK(got.id == page && str_eqc(got.slug, "field-guide") && got.kind == STORE_LIB_PAGE);
	CHECK(str_eqc(got.title, "Field Guide") && str_eqc(got.authors, "A. Okafor, G. Lin"));
	CHECK(str_eqc(got.about, "How to work in a crisis zone.") && str_eqc(got.body, "# Body"));
	CHECK(str_eqc(got.body_html, "<h1>Body</h1>") && got.access == STORE_LIB_PUBLIC && str_eqc(got.cover, png));
	CHECK(got.published_on.n == 0 && got.isbn.n == 0 && got.withdrawn_at == 0 && got.downloads == 0);
	CHECK(got.created_by == edna && got.created_at == NOW + 100 && got.updated_at == NOW + 100);
	CHECK(got.ncollections == 2 && got.collections[0] == crisis && got.collections[1] == nhs);
	CHECK(got.file.id == 0);
	CHECK(raw_id("SELECT count(*) FROM library_item_collections WHERE item_id = $1", page) == 2);

	/* An ebook with its file: version 1 of slot 0, the upload's size. */
	it = item_new("survival-manual", STORE_LIB_EBOOK, "The Survival Manual", "R. Shah", "Everything.",
		      STORE_LIB_MEMBERS);
	it.published_on = S("2021-03-04"), it.isbn = S("9780306406157");
	it.collections[0] = survival, it.ncollections = 1;
	struct store_library_file f = file_new(pdf1, "manual.pdf", "application/pdf");
	f.size = 12345, f.slot = 7, f.version = 9, f.item_id = 42; /* all set by the store */
	book = create(&it, &f, NOW + 200);
	got = item_of(book);
	CHECK(got.kind == STORE_LIB_EBOOK && got.access == STORE_LIB_MEMBERS);
	CHECK(str_eqc(got.published_on, "2021-03-04") && str_eqc(got.isbn, "9780306406157"));
	CHECK(got.ncollections == 1 && got.collections[0] == survival && got.body.n == 0);
	CHECK(got.file.id > 0 && got.file.item_id == book && got.file.slot == 0 && got.file.version == 1);
	CHECK(str_eqc(got.file.name, "manual.pdf") && str_eqc(got.file.sha256, pdf1));
	CHECK(str_eqc(got.file.mime, "application/pdf") && got.file.size == 18);
	CHECK(got.file.created_by == edna && got.file.created_at == NOW + 200);

	/* A doctors' ebook with an ISBN-10 ending in X, in no collection. */
	it = item_new("trauma-notes", STORE_LIB_EBOOK, "Trauma Notes", "K. Mensah", "Bleeding control.",
		      STORE_LIB_DOCTORS);
	it.isbn = S("080442957X");
	struct store_library_file fe = file_new(epub, "trauma.epub", "application/epub+zip");
	dbook = create(&it, &fe, NOW + 300);
	got = item_of(dbook);
	CHECK(str_eqc(got.isbn, "080442957X") && got.ncollections == 0 && got.file.size == 13);

	/* Lookups: any case; unknown. */
	CHECK(store_library_item_by_slug(st, ar, S("FIELD-guide"), &got) == 0 && got.id == page);
	CHECK(store_library_item_by_slug(st, ar, S("nope"), &got) == STORE_ENOTFOUND);
	CHECK(store_library_item_get(st, ar, 999999, &got) == STORE_ENOTFOUND);
	CHECK(collection_of(nhs).item_count == 1 && collection_of(crisis).item_count == 1);
	CHECK(collection_of(survival).item_count == 1);
}

/* Each refusal of item_create writes nothing. */
TEST(test_item_create_refused)
{
	struct snap before = snap();
	int64_t id = 77;
	struct store_library_item it = item_new("Field-Guide", STORE_LIB_PAGE, "Again", "", "", STORE_LIB_PUBLIC);
	CHECK(store_library_item_create(st, &it, NULL, edna, NOW, &id) == STORE_ECONFLICT && id == 0);
	/* an unknown collection, after a known one */
	it.slug = S("fresh-one");
	it.collections[0] = crisis, it.collections[1] = 999999, it.ncollections = 2;
	CHECK(store_library_item_create(st, &it, NULL, edna, NOW, &id) == STORE_ENOTFOUND && id == 0);
	/* the file's upload is not stored */
	it.ncollections = 1;
	char unknown[65];
	memset(unknown, 'a', 64);
	unknown[64] = '\0';
	struct store_library_file f = file_new(unknown, "x.pdf", "application/pdf");
	CHECK(store_library_item_create(st, &it, &f, edna, NOW, &id) == STORE_ENOTFOUND && id == 0);
	/* arguments the store refuses before it writes */
	struct store_library_file bad = file_new("ABC", "x.pdf", "application/pdf");
	CHECK(store_library_item_create(st, &it, &bad, edna, NOW, &id) == STORE_ERR);
	bad = file_new(pdf1, "", "application/pdf");
	CHECK(store_library_item_create(st, &it, &bad, edna, NOW, &id) == STORE_ERR);
	bad = file_new(pdf1, "x.pdf", "");
	CHECK(store_library_item_create(st, &it, &bad, edna, NOW, &id) == STORE_ERR);
	struct store_library_item b = it;
	b.kind = STORE_LIB_KIND_MAX;
	CHECK(store_library_item_create(st, &b, NULL, edna, NOW, &id) == STORE_ERR);
	b = it, b.access = STORE_LIB_ACCESS_MAX;
	CHECK(store_library_item_create(st, &b, NULL, edna, NOW, &id) == STORE_ERR);
	b = it, b.title = S("");
	CHECK(store_library_item_create(st, &b, NULL, edna, NOW, &id) == STORE_ERR);
	b = it, b.slug = S("");
	CHECK(store_library_item_create(st, &b, NULL, edna, NOW, &id) == STORE_ERR);
	b = it, b.ncollections = STORE_LIBRARY_COLLECTIONS_MAX + 1;
	CHECK(store_library_item_create(st, &b, NULL, edna, NOW, &id) == STORE_ERR);
	/* the tables' checks */
	b = it, b.isbn = S("12345");
	CHECK(store_library_item_create(st, &b, NULL, edna, NOW, &id) == STORE_ERR);
	b = it, b.published_on = S("March 2021");
	CHECK(store_library_item_create(st, &b, NULL, edna, NOW, &id) == STORE_ERR);
	CHECK(same(before, snap()));
	CHECK(store_library_item_by_slug(st, ar, S("fresh-one"), &b) == STORE_ENOTFOUND);
}

TEST(test_item_update)
{
	struct store_library_item it = item_of(page);
	it.slug = S("renamed"), it.kind = STORE_LIB_EBOOK; /* both stay */
	it.title = S("Field Guide, 2nd edition"), it.authors = S("A. Okafor"), it.about = S("Updated.");
	it.body = S("New *body*"), it.body_html = S("<p>New <em>body</em></p>"), it.access = STORE_LIB_MEMBERS;
	it.cover = S(""), it.published_on = S("2022-01-02"), it.isbn = S("0306406152");
	it.collections[0] = survival, it.collections[1] = crisis, it.ncollections = 2;
	CHECK(store_library_item_update(st, &it, ed2, NOW + 400) == 0);
	CHECK(audited("library.edit", target("library", page), "field-guide", ed2));
	struct store_library_item got = item_of(page);
	CHECK(str_eqc(got.slug, "field-guide") && got.kind == STORE_LIB_PAGE);
	CHECK(str_eqc(got.title, "Field Guide, 2nd edition") && str_eqc(got.authors, "A. Okafor"));
	CHECK(str_eqc(got.about, "Updated.") && str_eqc(got.body, "New *body*"));
	CHECK(str_eqc(got.body_html, "<p>New <em>body</em></p>") && got.access == STORE_LIB_MEMBERS);
	CHECK(got.cover.n == 0 && str_eqc(got.published_on, "2022-01-02") && str_eqc(got.isbn, "0306406152"));
	CHECK(got.updated_at == NOW + 400 && got.created_at == NOW + 100 && got.created_by == edna);
	CHECK(got.ncollections == 2 && got.collections[0] == crisis && got.collections[1] == survival);
	CHECK(collection_of(nhs).item_count == 0 && collection_of(survival).item_count == 2);

	/* Refusals: nothing changes. */
	struct snap before = snap();
	struct store_library_item bad = got;
	bad.title = S("Should not stick");
	bad.collections[2] = 999999, bad.ncollections = 3;
	CHECK(store_library_item_update(st, &bad, ed2, NOW + 401) == STORE_ENOTFOUND);
	bad.ncollections = 2, bad.id = 999999;
	CHECK(store_library_item_update(st, &bad, ed2, NOW + 401) == STORE_ENOTFOUND);
	bad.id = page, bad.access = (enum store_library_access)7;
	CHECK(store_library_item_update(st, &bad, ed2, NOW + 401) == STORE_ERR);
	bad.access = STORE_LIB_PUBLIC, bad.title = S("");
	CHECK(store_library_item_update(st, &bad, ed2, NOW + 401) == STORE_ERR);
	CHECK(same(before, snap()));
	got = item_of(page);
	CHECK(str_eqc(got.title, "Field Guide, 2nd edition") && got.ncollections == 2);

	/* No collections at all. */
	it = got, it.ncollections = 0;
	CHECK(store_library_item_update(st, &it, ed2, NOW + 402) == 0);
	CHECK(item_of(page).ncollections == 0 && collection_of(crisis).item_count == 0);
	it.collections[0] = crisis, it.ncollections = 1, it.access = STORE_LIB_PUBLIC;
	CHECK(store_library_item_update(st, &it, ed2, NOW + 403) == 0);
	CHECK(item_of(page).ncollections == 1 && item_of(page).access == STORE_LIB_PUBLIC);
}

TEST(test_files)
{
	/* The ebook's file replaced: version 2 of slot 0 is current. */
	struct store_library_file f = file_new(pdf2, "manual-2.pdf", "application/pdf");
	f.item_id = book;
	int64_t id = 0, slot = -9;
	CHECK(store_library_file_add(st, &f, ed2, NOW + 500, &id, &slot) == 0 && id > 0 && slot == 0);
	CHECK(audited("library.file", target("library", book), "slot 0 version 2 manual-2.pdf", ed2));
	struct store_library_item got = item_of(book);
	CHECK(got.file.id == id && got.file.version == 2 && got.file.size == 27 && str_eqc(got.file.sha256, pdf2));
	CHECK(str_eqc(got.file.name, "manual-2.pdf") && got.file.created_by == ed2 && got.updated_at == NOW + 500);
	int64_t v2 = id;

	/* New attachment slots: 1, then 2; then a version in slot 1. */
	struct store_library_file a = file_new(txt, "notes.txt", "text/plain");
	a.item_id = book, a.slot = -1;
	int64_t s1 = 0, s2 = 0, a1 = 0, a2 = 0, a1b = 0;
	CHECK(store_library_file_add(st, &a, ed2, NOW + 501, &a1, &s1) == 0 && s1 == 1);
	a.name = S("cover.png"), a.sha256 = str_c(png), a.mime = S("image/png");
	CHECK(store_library_file_add(st, &a, ed2, NOW + 502, &a2, &s2) == 0 && s2 == 2);
	a.slot = 1, a.name = S("notes-2.txt"), a.sha256 = str_c(txt), a.mime = S("text/plain");
	CHECK(store_library_file_add(st, &a, ed2, NOW + 503, &a1b, NULL) == 0 && a1b > 0);
	CHECK(audited("library.file", target("library", book), "slot 1 version 2 notes-2.txt", ed2));
	CHECK(store_library_file_add(st, &a, ed2, NOW + 504, NULL, NULL) == 0); /* version 3 */
	CHECK(item_of(book).file.id == v2); /* slot 0's stays current */

	/* Every version: by slot, newest first; the current ones only. */
	struct store_library_file_list l = {0};
	CHECK(store_library_files(st, ar, book, true, &l) == 0 && l.n == 6);
	if (l.n == 6) {
		int64_t want_slot[] = {0, 0, 1, 1, 1, 2}, want_version[] = {2, 1, 3, 2, 1, 1};
		for (int i = 0; i < 6; i++)
			CHECK(l.items[i].slot == want_slot[i] && l.items[i].version == want_version[i] &&
			      l.items[i].item_id == book);
		CHECK(l.items[3].id == a1b && l.items[4].id == a1 && l.items[5].id == a2);
	}
	CHECK(store_library_files(st, ar, book, false, &l) == 0 && l.n == 3);
	if (l.n == 3) {
		CHECK(l.items[0].id == v2 && l.items[1].slot == 1 && l.items[1].version == 3);
		CHECK(l.items[2].id == a2 && str_eqc(l.items[2].mime, "image/png") && l.items[2].size == 12);
	}
	CHECK(store_library_files(st, ar, page, true, &l) == 0 && l.n == 0);
	CHECK(store_library_files(st, ar, 999999, false, &l) == 0 && l.n == 0);

	/* One row. */
	struct store_library_file one;
	CHECK(store_library_file_get(st, ar, a1, &one) == 0 && one.id == a1 && one.item_id == book);
	CHECK(one.slot == 1 && one.version == 1 && str_eqc(one.name, "notes.txt") && one.created_at == NOW + 501);
	CHECK(store_library_file_get(st, ar, 999999, &one) == STORE_ENOTFOUND);

	/* A page's first attachment is slot 1; its slot 0 may be started. */
	a = file_new(pdf1, "handout.pdf", "application/pdf");
	a.item_id = page, a.slot = -1;
	CHECK(store_library_file_add(st, &a, edna, NOW + 505, &id, &slot) == 0 && slot == 1);
	CHECK(item_of(page).file.id == 0);

	/* Refusals: nothing written. */
	struct snap before = snap();
	a.slot = 5; /* a slot the page does not have */
	CHECK(store_library_file_add(st, &a, edna, NOW + 506, &id, &slot) == STORE_ENOTFOUND && id == 0 && slot == 0);
	a.slot = 1, a.item_id = 999999;
	CHECK(store_library_file_add(st, &a, edna, NOW + 506, &id, &slot) == STORE_ENOTFOUND);
	a.item_id = page;
	char unknown[65];
	memset(unknown, 'b', 64);
	unknown[64] = '\0';
	a.sha256 = str_c(unknown);
	CHECK(store_library_file_add(st, &a, edna, NOW + 506, &id, &slot) == STORE_ENOTFOUND);
	a.sha256 = str_c(pdf1), a.slot = -2;
	CHECK(store_library_file_add(st, &a, edna, NOW + 506, &id, &slot) == STORE_ERR);
	a.slot = 1, a.name = S("");
	CHECK(store_library_file_add(st, &a, edna, NOW + 506, &id, &slot) == STORE_ERR);
	a.name = S("x"), a.mime = S("");
	CHECK(store_library_file_add(st, &a, edna, NOW + 506, &id, &slot) == STORE_ERR);
	a.mime = S("text/plain"), a.sha256 = S("not-a-hash");
	CHECK(store_library_file_add(st, &a, edna, NOW + 506, &id, &slot) == STORE_ERR);
	CHECK(same(before, snap()));
}

TEST(test_withdraw)
{
	struct store_library_item got;
	CHECK(store_library_item_withdraw(st, book, true, ed2, NOW + 600) == 0);
	CHECK(audited("library.withdraw", target("library", book), "survival-manual", ed2));
	got = item_of(book);
	CHECK(got.withdrawn_at == NOW + 600 && got.updated_at == NOW + 600);
	CHECK(collection_of(survival).item_count == 0); /* withdrawn: not counted */
	struct snap before = snap();
	CHECK(store_library_item_withdraw(st, book, true, ed2, NOW + 601) == STORE_ECONFLICT);
	CHECK(store_library_item_withdraw(st, 999999, true, ed2, NOW + 601) == STORE_ENOTFOUND);
	CHECK(store_library_item_withdraw(st, 999999, false, ed2, NOW + 601) == STORE_ENOTFOUND);
	CHECK(store_library_item_withdraw(st, page, false, ed2, NOW + 601) == STORE_ECONFLICT);
	CHECK(same(before, snap()));
	CHECK(store_library_item_withdraw(st, book, false, edna, NOW + 602) == 0);
	CHECK(audited("library.restore", target("library", book), "survival-manual", edna));
	got = item_of(book);
	CHECK(got.withdrawn_at == 0 && got.updated_at == NOW + 602 && collection_of(survival).item_count == 1);
	CHECK(store_library_item_withdraw(st, book, false, edna, NOW + 603) == STORE_ECONFLICT);
}

/* Items for the search, made one second apart (so newest first is the
 * reverse of this order), each in `coll` (0 none). */
static int64_t searchable(const char *slug, enum store_library_kind kind, const char *title, const char *authors,
			  const char *about, enum store_library_access access, int64_t coll, int64_t at)
{
	struct store_library_item it = item_new(slug, kind, title, authors, about, access);
	if (coll)
		it.collections[0] = coll, it.ncollections = 1;
	struct store_library_file f = file_new(pdf1, "f.pdf", "application/pdf");
	return create(&it, kind == STORE_LIB_EBOOK ? &f : NULL, at);
}

TEST(test_search)
{
	/* Already: page "Field Guide, 2nd edition" (public, crisis), book
	 * "The Survival Manual" (members, survival), dbook "Trauma Notes"
	 * (doctors). */
	int64_t pct = searchable("pct", STORE_LIB_PAGE, "100% Effective Triage", "", "", STORE_LIB_PUBLIC, nhs, NOW + 700);
	int64_t thousand = searchable("thousand", STORE_LIB_PAGE, "1000 Effective Tips", "", "", STORE_LIB_PUBLIC, 0,
				      NOW + 701);
	int64_t under = searchable("under", STORE_LIB_EBOOK, "snake_case for medics", "", "", STORE_LIB_MEMBERS, nhs,
				   NOW + 702);
	int64_t snake = searchable("snake", STORE_LIB_PAGE, "Snakebite care", "", "snakeXcase", STORE_LIB_PUBLIC, 0,
				   NOW + 703);
	int64_t slash = searchable("slash", STORE_LIB_PAGE, "Either\\or", "", "", STORE_LIB_DOCTORS, 0, NOW + 704);
	int64_t gone = searchable("gone", STORE_LIB_PAGE, "Withdrawn Triage", "", "", STORE_LIB_PUBLIC, nhs, NOW + 705);
	CHECK(store_library_item_withdraw(st, gone, true, edna, NOW + 706) == 0);

	struct store_library_query lq = query("");
	CHECK(listed(&lq) == 8);
	lq.q = STR_NULL;
	CHECK(listed(&lq) == 8);

	/* Words: each must begin a word (title, authors, about or body), any
	 * case, through the search index. */
	lq = query("triage");
	CHECK(listed(&lq) == 1);
	lq = query("EFFECTIVE");
	CHECK(listed(&lq) == 2);
	lq = query("  effective   tips ");
	CHECK(listed(&lq) == 1);
	lq = query("effective nothing");
	CHECK(listed(&lq) == 0);
	lq = query("okafor"); /* authors */
	CHECK(listed(&lq) == 1);
	lq = query("BLEEDING"); /* about */
	CHECK(listed(&lq) == 1);
	lq = query("guide updated okafor"); /* one word in each */
	CHECK(listed(&lq) == 1);
	lq = query("effect tip"); /* prefixes */
	CHECK(listed(&lq) == 1);
	lq = query("ffective"); /* not inside a word */
	CHECK(listed(&lq) == 0);

	/* Punctuation only separates words: '%', '_' and '\' are no
	 * wildcards, and a query of punctuation alone matches nothing. */
	struct store_library_item_list l = {0};
	int64_t total = 0;
	lq = query("100%");
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 2 && total == 2); /* 100, 1000 */
	CHECK(l.n == 2 && (l.items[0].id == pct || l.items[1].id == pct) && (l.items[0].id == thousand ||
									      l.items[1].id == thousand));
	lq = query("%");
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 0 && total == 0);
	lq = query("snake_case");
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 1 && l.items[0].id == under);
	lq = query("_");
	CHECK(listed(&lq) == 0);
	lq = query("snake");
	CHECK(listed(&lq) == 2);
	(void)snake;
	lq = query("either\\or");
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 1 && l.items[0].id == slash);
	lq = query("\\");
	CHECK(listed(&lq) == 0);
	lq = query("\"triage\" OR NEAR(x) * ^ : -"); /* never engine syntax */
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 0 && total == 0);

	/* At most 8 words: a ninth is not looked for.  A word over 64 bytes
	 * is cut to 64. */
	lq = query("e e e e e e e e zzzz");
	CHECK(listed(&lq) > 0);
	lq = query("e e e e e e e zzzz");
	CHECK(listed(&lq) == 0);
	char longword[80];
	memset(longword, 'x', sizeof longword - 1);
	longword[sizeof longword - 1] = '\0';
	char title[70];
	memset(title, 'X', 64);
	snprintf(title + 64, sizeof title - 64, "!");
	int64_t xs = searchable("xs", STORE_LIB_PAGE, title, "", "", STORE_LIB_PUBLIC, 0, NOW + 707);
	lq = query(longword);
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 1 && l.n == 1 && l.items[0].id == xs);

	/* Kinds, access levels, withdrawn ones, a collection. */
	lq = query("");
	lq.any_kind = false, lq.kind = STORE_LIB_EBOOK;
	CHECK(listed(&lq) == 3); /* book, dbook, under */
	lq.kind = STORE_LIB_PAGE;
	CHECK(listed(&lq) == 6);
	lq = query("");
	lq.access = 1u << STORE_LIB_PUBLIC;
	CHECK(listed(&lq) == 5); /* page, pct, thousand, snake, xs */
	lq.access = 1u << STORE_LIB_MEMBERS;
	CHECK(listed(&lq) == 2);
	lq.access = 1u << STORE_LIB_DOCTORS;
	CHECK(listed(&lq) == 2);
	lq.access = (1u << STORE_LIB_PUBLIC) | (1u << STORE_LIB_MEMBERS);
	CHECK(listed(&lq) == 7);
	lq.access = 0;
	CHECK(listed(&lq) == 0);
	lq = query("triage");
	lq.withdrawn = true;
	CHECK(listed(&lq) == 2);
	lq = query("");
	lq.collection = nhs;
	CHECK(listed(&lq) == 2); /* pct, under; gone is withdrawn */
	lq.withdrawn = true;
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 3 && l.items[0].id == gone);
	CHECK(l.n == 3 && l.items[0].withdrawn_at == NOW + 706);
	lq.collection = 999999;
	CHECK(listed(&lq) == 0);

	/* Lists carry no body, but their collections and current file. */
	lq = query("manual");
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 1);
	if (l.n == 1) {
		struct store_library_item *it = &l.items[0];
		CHECK(it->id == book && it->body.n == 0 && it->body_html.n == 0 && str_eqc(it->title, "The Survival Manual"));
		CHECK(it->ncollections == 1 && it->collections[0] == survival && it->file.version == 2);
		CHECK(str_eqc(it->file.name, "manual-2.pdf") && it->file.size == 27);
	}
	lq = query("field");
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 1 && l.items[0].body.n == 0);
	CHECK(l.n == 1 && l.items[0].file.id == 0 && l.items[0].ncollections == 1);

	/* Orders and pages (nine live items now). */
	lq = query("");
	lq.limit = 3;
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 3 && total == 9);
	CHECK(l.n == 3 && l.items[0].id == xs && l.items[1].id == slash && l.items[2].id == snake);
	lq.offset = 7;
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 2 && total == 9);
	CHECK(l.n == 2 && l.items[0].id == book && l.items[1].id == page);
	lq.offset = 50;
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 0 && total == 9);
	CHECK(store_library_items(st, ar, &lq, &l, NULL) == 0 && l.n == 0);
	lq = query("");
	lq.order = STORE_LIB_TITLE;
	CHECK(store_library_items(st, ar, &lq, &l, &total) == 0 && l.n == 9);
	if (l.n == 9) { /* "100%", "1000", "Either\or", "Field", "snake_case", "Snakebite", "The", "Trauma", "XX" */
		CHECK(l.items[0].id == pct && l.items[1].id == thousand && l.items[2].id == slash);
		CHECK(l.items[3].id == page && l.items[4].id == under && l.items[5].id == snake);
		CHECK(l.items[6].id == book && l.items[7].id == dbook && l.items[8].id == xs);
	}

	/* Refused queries. */
	lq = query("");
	lq.limit = 0;
	CHECK(store_library_items(st, ar, &lq, &l, &total) == STORE_ERR && l.n == 0 && total == 0);
	lq.limit = 101;
	CHECK(store_library_items(st, ar, &lq, &l, &total) == STORE_ERR);
	lq.limit = 10, lq.offset = -1;
	CHECK(store_library_items(st, ar, &lq, &l, &total) == STORE_ERR);
	lq.offset = 0, lq.order = (enum store_library_order)3;
	CHECK(store_library_items(st, ar, &lq, &l, &total) == STORE_ERR);
	lq.order = STORE_LIB_NEWEST, lq.any_kind = false, lq.kind = STORE_LIB_KIND_MAX;
	CHECK(store_library_items(st, ar, &lq, &l, &total) == STORE_ERR);
}

TEST(test_counts)
{
	struct store_library_count a[] = {
		{book, DAY, 3}, {page, DAY, 1}, {book, DAY - 2, 2}, {999999, DAY, 5}, {book, DAY, 1}, {dbook, DAY, 0},
	};
	CHECK(store_library_count(st, a, 6) == 0);
	CHECK(item_of(book).downloads == 6 && item_of(page).downloads == 1 && item_of(dbook).downloads == 0);
	CHECK(raw_int("SELECT count(*) FROM library_downloads WHERE item_id = 999999") == 0);
	struct store_library_count b[] = {{book, DAY, 2}, {book, DAY + 1, 4}, {page, DAY - 40, 7}};
	CHECK(store_library_count(st, b, 3) == 0);
	CHECK(item_of(book).downloads == 12 && item_of(page).downloads == 8);
	CHECK(store_library_count(st, NULL, 0) == 0);
	CHECK(store_library_count(st, b, -1) == STORE_ERR);
	CHECK(store_library_count(st, NULL, 2) == STORE_ERR);

	/* Per day, oldest first, from `since` on. */
	struct store_library_day_list d = {0};
	CHECK(store_library_downloads(st, ar, book, 0, &d) == 0 && d.n == 3);
	if (d.n == 3) {
		CHECK(d.items[0].day == DAY - 2 && d.items[0].n == 2);
		CHECK(d.items[1].day == DAY && d.items[1].n == 6);
		CHECK(d.items[2].day == DAY + 1 && d.items[2].n == 4);
	}
	CHECK(store_library_downloads(st, ar, book, DAY, &d) == 0 && d.n == 2 && d.items[0].day == DAY);
	CHECK(store_library_downloads(st, ar, page, DAY - 30, &d) == 0 && d.n == 1 && d.items[0].n == 1);
	CHECK(store_library_downloads(st, ar, dbook, 0, &d) == 0 && d.n == 0);
	CHECK(store_library_downloads(st, ar, 999999, 0, &d) == 0 && d.n == 0);

	/* Most downloaded first, then newest. */
	struct store_library_query lq = query("");
	lq.order = STORE_LIB_DOWNLOADS;
	struct store_library_item_list l = {0};
	CHECK(store_library_items(st, ar, &lq, &l, NULL) == 0 && l.n == 9);
	CHECK(l.n == 9 && l.items[0].id == book && l.items[1].id == page && l.items[0].downloads == 12);
	CHECK(l.n == 9 && l.items[2].created_at > l.items[3].created_at);

	/* A withdrawn item still counts (its counts stay). */
	CHECK(store_library_item_withdraw(st, page, true, edna, NOW + 800) == 0);
	struct store_library_count c[] = {{page, DAY, 1}};
	CHECK(store_library_count(st, c, 1) == 0 && item_of(page).downloads == 9);
	CHECK(store_library_item_withdraw(st, page, false, edna, NOW + 801) == 0);
}

TEST(test_upload_read)
{
	char *bytes = malloc(BIG_SIZE);
	CHECK(bytes != NULL);
	if (!bytes)
		return;
	for (int i = 0; i < BIG_SIZE; i++)
		bytes[i] = (char)((i * 7 + i / 251) % 256);
	upload(bytes, BIG_SIZE, "application/pdf", big);

	struct store_upload u;
	CHECK(store_upload_stat(st, ar, big, &u) == 0 && u.size == BIG_SIZE && str_eqc(u.mime, "application/pdf"));
	CHECK(strcmp(u.sha256, big) == 0 && u.created_at == NOW && u.bytes.n == 0);
	CHECK(pg_base ? u.path == NULL : u.path != NULL);
	char unknown[65];
	memset(unknown, 'c', 64);
	unknown[64] = '\0';
	CHECK(store_upload_stat(st, ar, unknown, &u) == STORE_ENOTFOUND);
	CHECK(store_upload_stat(st, ar, "ABC", &u) == STORE_ENOTFOUND);

	char *got = malloc(BIG_SIZE);
	CHECK(got != NULL);
	if (got) {
		int64_t at[][2] = {{0, 100}, {0, 1}, {12345, 9000}, {BIG_SIZE - 10, 10}, {BIG_SIZE - 1, 1},
				   {0, BIG_SIZE}, {150000, 65536}};
		for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
			memset(got, 0, BIG_SIZE);
			CHECK(store_upload_read(st, big, at[i][0], (size_t)at[i][1], got) == 0 &&
			      memcmp(got, bytes + at[i][0], (size_t)at[i][1]) == 0);
		}
		CHECK(store_upload_read(st, big, BIG_SIZE, 0, got) == 0);
		CHECK(store_upload_read(st, big, BIG_SIZE - 10, 11, got) == STORE_ERR);
		CHECK(store_upload_read(st, big, BIG_SIZE, 1, got) == STORE_ERR);
		CHECK(store_upload_read(st, big, BIG_SIZE + 100, 10, got) == STORE_ERR);
		CHECK(store_upload_read(st, big, -1, 10, got) == STORE_ERR);
		CHECK(store_upload_read(st, big, 0, BIG_SIZE + 1, got) == STORE_ERR);
		CHECK(store_upload_read(st, unknown, 0, 10, got) == STORE_ENOTFOUND);
		CHECK(store_upload_read(st, "xyz", 0, 10, got) == STORE_ENOTFOUND);
		CHECK(store_upload_read(st, pdf1, 9, 9, got) == 0 && memcmp(got, "the first", 9) == 0);
	}
	free(got);
	free(bytes);
}

/* Many editors add versions to one slot at once: each gets its own. */
struct adder {
	int64_t item;
	int rc[8];
};

static void *adder_run(void *p)
{
	struct adder *x = p;
	struct store_library_file f = file_new(pdf1, "race.pdf", "application/pdf");
	f.item_id = x->item;
	for (int i = 0; i < 8; i++)
		x->rc[i] = store_library_file_add(st, &f, edna, NOW + 900, NULL, NULL);
	return NULL;
}

TEST(test_concurrent_versions)
{
	enum { THREADS = 6 };
	struct store_library_item it = item_new("race", STORE_LIB_EBOOK, "Race", "", "", STORE_LIB_PUBLIC);
	struct store_library_file f = file_new(pdf1, "race.pdf", "application/pdf");
	int64_t race = create(&it, &f, NOW + 900);
	struct adder x[THREADS];
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++) {
		x[i] = (struct adder){.item = race};
		CHECK(pthread_create(&t[i], NULL, adder_run, &x[i]) == 0);
	}
	int ok = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		for (int k = 0; k < 8; k++)
			ok += x[i].rc[k] == 0;
	}
	CHECK(ok == THREADS * 8);
	CHECK(raw_id("SELECT count(*) FROM library_files WHERE item_id = $1", race) == 1 + THREADS * 8);
	CHECK(raw_id("SELECT count(DISTINCT version) FROM library_files WHERE item_id = $1", race) == 1 + THREADS * 8);
	CHECK(raw_id("SELECT max(version) FROM library_files WHERE item_id = $1", race) == 1 + THREADS * 8);
	CHECK(item_of(race).file.version == 1 + THREADS * 8);
}

/* The audit log holds one row per change, each on its own target. */
TEST(test_audit_rows)
{
	struct store_audit_list l = {0};
	CHECK(store_audit_list(st, ar, S("library_collection."), -1, 100, 0, &l) == 0 && l.n == 4);
	CHECK(store_audit_list(st, ar, S("library.create"), -1, 100, 0, &l) == 0);
	CHECK(l.n == (int)raw_int("SELECT count(*) FROM library_items"));
	CHECK(store_audit_list(st, ar, S("library.withdraw"), -1, 100, 0, &l) == 0 && l.n == 3);
	CHECK(store_audit_list(st, ar, S("library.restore"), -1, 100, 0, &l) == 0 && l.n == 2);
	CHECK(store_audit_list(st, ar, S("library.file"), -1, 100, 0, &l) == 0);
	CHECK(l.n == (int)raw_int("SELECT count(*) FROM library_files WHERE NOT (slot = 0 AND version = 1)"));
	CHECK(store_audit_list(st, ar, S("library.edit"), -1, 100, 0, &l) == 0 && l.n == 3);
}

/* A member whose verification document is also a library file (the same
 * bytes) leaves: the upload stays, as the library needs it. */
TEST(test_member_deleted)
{
	int64_t gone = add_member("gone", "Gone Soon", false, 0);
	struct store_verification v = {.member_id = gone, .authority = S("GMC"), .number = S("7654321"),
				       .reg_name = S("Gone Soon"), .name_key = S("gone soon"), .document = str_c(txt),
				       .document_type = S("text/plain"), .document_name = S("proof.txt")};
	int64_t vid = 0;
	bool verified = false;
	CHECK(store_verification_apply(st, &v, NOW, &vid, &verified) == 0);
	CHECK(store_member_delete(st, gone, NOW + 1000) == 0);
	struct store_upload u;
	CHECK(store_upload_stat(st, ar, txt, &u) == 0);
	char b[10];
	CHECK(store_upload_read(st, txt, 0, 10, b) == 0 && memcmp(b, "plain text", 10) == 0);
	/* Another's document nobody else uses goes. */
	int64_t gone2 = add_member("gone2", "Gone Too", false, 0);
	char doc2[65];
	upload("a scan", 6, "image/png", doc2);
	v.member_id = gone2, v.document = str_c(doc2);
	CHECK(store_verification_apply(st, &v, NOW, &vid, &verified) == 0);
	CHECK(store_member_delete(st, gone2, NOW + 1001) == 0);
	CHECK(store_upload_stat(st, ar, doc2, &u) == STORE_ENOTFOUND);
}

TEST(test_integrity)
{
	CHECK(raw_int("SELECT count(*) FROM library_items i WHERE downloads <> coalesce((SELECT sum(n) FROM "
		      "library_downloads d WHERE d.item_id = i.id), 0)") == 0);
	CHECK(raw_int("SELECT count(*) FROM library_files f JOIN uploads u ON u.sha256 = f.sha256 "
		      "WHERE f.size <> u.size") == 0);
	CHECK(raw_int("SELECT count(*) FROM (SELECT item_id, slot, count(*) c, max(version) m FROM library_files "
		      "GROUP BY item_id, slot) x WHERE c <> m") == 0);
	if (!pg_base)
		CHECK(raw_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

int main(void)
{
	if (fixture_setup("library") < 0 || sodium_init() < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_migrate);
	if (st) {
		RUN(test_names);
		RUN(test_collections);
		RUN(test_item_create);
		RUN(test_item_create_refused);
		RUN(test_item_update);
		RUN(test_files);
		RUN(test_withdraw);
		RUN(test_search);
		RUN(test_counts);
		RUN(test_upload_read);
		RUN(test_concurrent_versions);
		RUN(test_audit_rows);
		RUN(test_member_deleted);
		RUN(test_integrity);
	}
	fixture_cleanup();
	return unit_summary();
}
