/* test_dashboard_store.c: page views and the editors' dashboard in the
 * store (store.h "Page views and the dashboard"), backend-agnostic as
 * test_library_store.c: against a SQLite file in a fresh temporary folder,
 * or, when ROUNDS_TEST_PG names a PostgreSQL server
 * (postgresql://USER@HOST:PORT), against a fresh database
 * rounds_dashboard_test_PID made there and dropped at the end.
 *
 * Migration 15 applied to a database left at 14 (members.verified_at
 * backfilled from the latest approved application, else the joining);
 * view counts in batches (sums, months, refusals writing nothing); the
 * days' salts (made once, the same for every caller, also from many
 * threads; a later day closing the earlier: readers counted, hashes and
 * salt gone); readers (duplicates once, a day not open taking none);
 * store_gc closing past days and dropping stray hashes; days and buckets
 * over ranges; the top lists (order, limit, what is gone or hidden left
 * out); members by type, country and specialty; new members per week
 * (Monday boundaries); verified doctors over time; verified_at kept in
 * step by every write that sets the verified flag; the pending counts;
 * store_member_backdate; and batches added from 8 threads (half through
 * stores of their own, as other nodes) losing nothing.  A raw connection
 * looks at rows the store has no reader for (store_fixture.h). */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "store/pg/pg_int.h"
#include "store/sqlite/sqlite_int.h"
#include "store/store.h"
#include "store_fixture.h"
#include "unit.h"

static const int64_t NOW = 1700000000; /* 2023-11-14, a Tuesday */
static const int64_t DAY = 19675;      /* NOW's day */
static const int64_t OCT = 19631, NOV = 19662, DEC = 19692, JAN = 19723, FEB = 19754, MAR = 19783; /* 2023-24 */
static const int64_t MONDAY = 19674;   /* 2023-11-13 */

static int64_t editor, author;
/* Members the migration test made before migration 15. */
static int64_t old_two, old_rejected, old_none, old_withdrawn, old_student;

/* ---- Helpers (setup and raw access: store_fixture.h) ------------------ */

/* Rows and sums of the page-view tables, to tell that a refusal wrote
 * nothing. */
struct snap {
	int64_t views, view_sum, items, item_sum, days, readers;
};

static struct snap snap(void)
{
	struct snap s = {
		raw_int("SELECT count(*) FROM page_views"),
		raw_int("SELECT coalesce(sum(views), 0) FROM page_views"),
		raw_int("SELECT count(*) FROM page_view_items"),
		raw_int("SELECT coalesce(sum(views), 0) FROM page_view_items"),
		raw_int("SELECT count(*) FROM page_view_days"),
		raw_int("SELECT count(*) FROM page_view_readers"),
	};
	return s;
}

static bool same(struct snap a, struct snap b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* page_views(day, bucket), or 0. */
static int64_t views_of(int64_t day, const char *bucket)
{
	char d[24];
	snprintf(d, sizeof d, "%lld", (long long)day);
	const char *p[] = {d, bucket};
	int64_t v = raw_q("SELECT coalesce(sum(views), 0) FROM page_views WHERE day = $1 AND bucket = $2", 2, p);
	return v;
}

/* page_view_items(month, kind, item), or 0. */
static int64_t item_views(int64_t month, const char *kind, int64_t item)
{
	char m[24], i[24];
	snprintf(m, sizeof m, "%lld", (long long)month);
	snprintf(i, sizeof i, "%lld", (long long)item);
	const char *p[] = {m, kind, i};
	return raw_q("SELECT coalesce(sum(views), 0) FROM page_view_items WHERE month = $1 AND kind = $2 "
		     "AND item_id = $3",
		     3, p);
}

static int64_t verified_at(int64_t member)
{
	return raw_id("SELECT verified_at FROM members WHERE id = $1", member);
}

/* A member of `type`, confirmed or not; its id. */
static int64_t member(const char *handle, const char *type, const char *country, bool confirmed, bool verified)
{
	char email[64];
	snprintf(email, sizeof email, "%s@dashboard.example.org", handle);
	struct store_member_new m = {.email = str_c(email), .name = str_c(handle), .handle = str_c(handle),
				     .type = str_c(type), .country = str_c(country), .pw_hash = S("x"),
				     .confirmed = confirmed, .verified = verified};
	int64_t id = 0;
	enum store_member_key key;
	CHECK(store_member_create(st, &m, &id, &key) == 0 && id > 0);
	return id;
}

static void set_specialty(int64_t id, const char *country, const char *specialty)
{
	struct store_profile p = {.name = S("Someone"), .country = str_c(country), .specialty = str_c(specialty)};
	CHECK(store_member_update_profile(st, id, &p) == 0);
}

static struct store_view_count vc(int64_t day, const char *bucket, int kind, int64_t item, int64_t n)
{
	struct store_view_count c = {.day = day, .bucket = str_c(bucket), .kind = kind, .item_id = item, .n = n};
	return c;
}

/* A topic in `forum`; its id. */
static int64_t topic(int64_t forum, const char *title, int64_t *post)
{
	struct store_post_new p = {.author = author, .body = S("Body."), .body_html = S("<p>Body.</p>")};
	int64_t t = 0, p1 = 0;
	CHECK(store_topic_create(st, forum, str_c(title), &p, NOW, &t, &p1) == 0 && t > 0);
	if (post)
		*post = p1;
	return t;
}

/* ---- Migration 15 on a database at 14 --------------------------------- */

/* Applies migrations 1..14 to the fresh database with a raw connection,
 * as an older program would have; 0 or -1. */
static int migrate_to_14(void)
{
	if (!pg_base) {
		sqlite3 *db = NULL;
		int ok = sqlite3_open(fixture_path, &db) == SQLITE_OK;
		for (int v = 0; ok && v < 14; v++)
			for (const char *const *t = sq_migrations[v]; ok && *t; t++)
				ok = sqlite3_exec(db, *t, NULL, NULL, NULL) == SQLITE_OK;
		if (!ok)
			fprintf(stderr, "test_dashboard_store: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return ok ? 0 : -1;
	}
	PGconn *c = pg_raw(fixture_pg_db);
	bool ok = c != NULL;
	for (int v = 0; ok && v < 14; v++)
		for (const char *const *t = pg_migrations[v]; ok && *t; t++)
			ok = pg_do(c, *t);
	ok = ok && pg_do(c, "CREATE TABLE rounds_schema (version INTEGER NOT NULL)") &&
	     pg_do(c, "INSERT INTO rounds_schema (version) VALUES (14)");
	PQfinish(c);
	return ok ? 0 : -1;
}

/* A member written as the old schema would have it: verified or not,
 * joined at `at`; its id. */
static int64_t old_member(const char *handle, const char *type, bool verified, int64_t at)
{
	char email[64], when[24];
	snprintf(email, sizeof email, "%s@old.example.org", handle);
	snprintf(when, sizeof when, "%lld", (long long)at);
	const char *p[] = {email, handle, type, pg_base ? (verified ? "true" : "false") : (verified ? "1" : "0"), when};
	raw_q(pg_base ? "INSERT INTO members (email, email_lower, name, handle, type, confirmed, verified, created_at) "
			"VALUES ($1, $1, $2, $2, $3, true, $4::boolean, $5::bigint)"
		      : "INSERT INTO members (email, email_lower, name, handle, type, confirmed, verified, created_at) "
			"VALUES ($1, $1, $2, $2, $3, 1, $4, $5)",
	      5, p);
	const char *h[] = {handle};
	return raw_q("SELECT id FROM members WHERE handle = $1", 1, h);
}

static void old_application(int64_t member_id, const char *status, int64_t decided_at)
{
	char who[24], made[24], when[24];
	snprintf(who, sizeof who, "%lld", (long long)member_id);
	snprintf(made, sizeof made, "%lld", (long long)decided_at - 10);
	snprintf(when, sizeof when, "%lld", (long long)decided_at);
	const char *p[] = {who, status, made, when};
	raw_q(pg_base ? "INSERT INTO verifications (member_id, authority, number, reg_name, status, created_at, "
			"decided_at) VALUES ($1::bigint, 'gmc', '1234567', 'Old', $2, $3::bigint, $4::bigint)"
		      : "INSERT INTO verifications (member_id, authority, number, reg_name, status, created_at, "
			"decided_at) VALUES ($1, 'gmc', '1234567', 'Old', $2, $3, $4)",
	      4, p);
}

TEST(test_migrate)
{
	CHECK(migrate_to_14() == 0);
	/* Two approved applications: the latest's decision (by id), though
	 * the earlier was decided later. */
	old_two = old_member("old_two", "doctor", true, NOW - 400 * 86400);
	old_application(old_two, "approved", NOW - 300 * 86400);
	old_application(old_two, "approved", NOW - 310 * 86400);
	/* Approved, then a rejected one (a second try): the approval. */
	old_rejected = old_member("old_rejected", "doctor", true, NOW - 400 * 86400);
	old_application(old_rejected, "approved", NOW - 320 * 86400);
	old_application(old_rejected, "rejected", NOW - 100 * 86400);
	/* Verified with no application (rounds user add --verified): joining. */
	old_none = old_member("old_none", "doctor", true, NOW - 350 * 86400);
	/* Approved once, then withdrawn by the register: not verified. */
	old_withdrawn = old_member("old_withdrawn", "doctor", false, NOW - 400 * 86400);
	old_application(old_withdrawn, "approved", NOW - 200 * 86400);
	old_student = old_member("old_student", "student", false, NOW - 400 * 86400);
	CHECK(old_two > 0 && old_rejected > 0 && old_none > 0 && old_withdrawn > 0 && old_student > 0);

	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	int v = store_migrate(st);
	CHECK(v >= 15);
	CHECK(store_migrate(st) == v);
	CHECK(verified_at(old_two) == NOW - 310 * 86400);
	CHECK(verified_at(old_rejected) == NOW - 320 * 86400);
	CHECK(verified_at(old_none) == NOW - 350 * 86400);
	CHECK(verified_at(old_withdrawn) == 0);
	CHECK(verified_at(old_student) == 0);
	CHECK(raw_int("SELECT count(*) FROM page_views") == 0);
	CHECK(raw_int("SELECT count(*) FROM page_view_items") == 0);
	CHECK(raw_int("SELECT count(*) FROM page_view_days") == 0);
	CHECK(raw_int("SELECT count(*) FROM page_view_readers") == 0);
	if (!pg_base) {
		CHECK(raw_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);
		CHECK(raw_int("PRAGMA user_version") == v);
	}
	editor = add_member("edna", "Edna Editor", true, ROLE_EDITOR);
	author = add_member("arthur", "Arthur Author", true, 0);
}

TEST(test_names)
{
	CHECK(str_eqc(str_c(store_view_kind_name(STORE_VIEW_TOPIC)), "topic"));
	CHECK(str_eqc(str_c(store_view_kind_name(STORE_VIEW_BLOG_POST)), "blog_post"));
	CHECK(str_eqc(str_c(store_view_kind_name(STORE_VIEW_LIBRARY_ITEM)), "library_item"));
	CHECK(str_eqc(str_c(store_view_kind_name(STORE_VIEW_KIND_MAX)), ""));
	CHECK(str_eqc(str_c(store_view_kind_name((enum store_view_kind) - 1)), ""));
	/* Months: day 0 is 1970-01-01. */
	CHECK(store_month_of(0) == 0 && store_month_of(30) == 0 && store_month_of(31) == 31);
	CHECK(store_month_of(DAY) == NOV && store_month_of(NOV) == NOV && store_month_of(NOV - 1) == OCT);
	CHECK(store_month_next(OCT) == NOV && store_month_next(NOV) == DEC && store_month_next(DEC) == JAN);
	CHECK(store_month_next(JAN) == FEB && store_month_next(FEB) == MAR); /* 2024 is a leap year */
	CHECK(store_month_next(DAY) == DEC);
	CHECK(store_month_of(MAR - 1) == FEB && MAR - FEB == 29);
	CHECK(store_month_of(11017) == 11017); /* 2000-03-01 */
	CHECK(store_month_of(11016) == 10988); /* 2000-02-29 */
	CHECK(store_month_next(10988) == 11017);
	/* Every day from 1600 to 2400 (and before 1970) against gmtime_r. */
	int bad = 0;
	for (int64_t d = -135140; d <= 157000; d++) {
		time_t t = (time_t)(d * 86400);
		struct tm tm;
		if (!gmtime_r(&t, &tm) || store_month_of(d) != d - (tm.tm_mday - 1))
			bad++;
	}
	CHECK(bad == 0);
	/* The ends of int64_t, where a day's seconds would overflow. */
	CHECK(store_month_of(INT64_MAX) <= INT64_MAX && INT64_MAX - store_month_of(INT64_MAX) < 31);
	CHECK(store_month_of(store_month_of(INT64_MAX)) == store_month_of(INT64_MAX));
	CHECK(store_month_of(INT64_MIN + 40) >= INT64_MIN && store_month_of(INT64_MIN + 40) <= INT64_MIN + 40);
}

/* ---- Counting ----------------------------------------------------------- */

TEST(test_views_add)
{
	struct store_view_count c[] = {
		vc(DAY, "home", -1, 0, 3),
		vc(DAY, "home", -1, 0, 2),
		vc(DAY, "forums:open_clinical", STORE_VIEW_TOPIC, 7, 4),
		vc(DAY, "forums:open_clinical", STORE_VIEW_TOPIC, 7, 1),
		vc(DAY + 1, "home", -1, 0, 1),
		vc(DEC, "blogs", STORE_VIEW_BLOG_POST, 7, 5), /* another kind, another month */
		vc(NOV, "library", STORE_VIEW_LIBRARY_ITEM, 3, 1),
	};
	CHECK(store_views_add(st, c, 7) == 0);
	CHECK(views_of(DAY, "home") == 5 && views_of(DAY + 1, "home") == 1);
	CHECK(views_of(DAY, "forums:open_clinical") == 5);
	CHECK(views_of(DEC, "blogs") == 5 && views_of(NOV, "library") == 1);
	CHECK(raw_int("SELECT count(*) FROM page_views") == 5);
	CHECK(item_views(NOV, "topic", 7) == 5 && item_views(DEC, "blog_post", 7) == 5);
	CHECK(item_views(NOV, "library_item", 3) == 1 && item_views(DEC, "topic", 7) == 0);
	CHECK(raw_int("SELECT count(*) FROM page_view_items") == 3);
	/* Again: added to what is there. */
	CHECK(store_views_add(st, c, 3) == 0);
	CHECK(views_of(DAY, "home") == 10 && views_of(DAY, "forums:open_clinical") == 9);
	CHECK(item_views(NOV, "topic", 7) == 9);
	/* Days of one month go to it; the last day of October does not. */
	struct store_view_count m[] = {vc(NOV + 29, "other", STORE_VIEW_TOPIC, 8, 2),
				       vc(NOV - 1, "other", STORE_VIEW_TOPIC, 8, 3)};
	CHECK(store_views_add(st, m, 2) == 0);
	CHECK(item_views(NOV, "topic", 8) == 2 && item_views(OCT, "topic", 8) == 3);
	CHECK(store_views_add(st, NULL, 0) == 0 && store_views_add(st, c, 0) == 0);
}

TEST(test_views_add_refused)
{
	struct snap before = snap();
	char long_bucket[40];
	memset(long_bucket, 'a', 33);
	long_bucket[33] = 0;
	const struct store_view_count bad[] = {
		vc(DAY, "Home", -1, 0, 1),
		vc(DAY, "", -1, 0, 1),
		vc(DAY, long_bucket, -1, 0, 1),
		vc(DAY, "home page", -1, 0, 1),
		vc(DAY, "home-1", -1, 0, 1),
		vc(DAY, "home2", -1, 0, 1),
		vc(DAY, "home", -1, 0, 0),
		vc(DAY, "home", -1, 0, -4),
		vc(DAY, "home", -1, 0, STORE_VIEWS_N_MAX + 1),
		vc(-1, "home", -1, 0, 1),
		vc(STORE_VIEWS_DAY_MAX + 1, "home", -1, 0, 1),
		vc(DAY, "home", STORE_VIEW_KIND_MAX, 1, 1),
		vc(DAY, "home", -2, 1, 1),
		vc(DAY, "home", STORE_VIEW_TOPIC, 0, 1),
		vc(DAY, "home", STORE_VIEW_LIBRARY_ITEM, -5, 1),
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		/* The bad one last in a batch of good ones: nothing of it written. */
		struct store_view_count batch[3] = {vc(DAY, "home", -1, 0, 1),
						    vc(DAY, "groups", STORE_VIEW_TOPIC, 9, 1), bad[i]};
		CHECK(store_views_add(st, batch, 3) == STORE_ERR);
		CHECK(store_views_add(st, &bad[i], 1) == STORE_ERR);
	}
	struct store_view_count nul = {.day = DAY, .bucket = {NULL, 4}, .kind = -1, .n = 1};
	CHECK(store_views_add(st, &nul, 1) == STORE_ERR);
	CHECK(store_views_add(st, NULL, 1) == STORE_ERR);
	CHECK(store_views_add(st, bad, -1) == STORE_ERR);
	CHECK(same(before, snap()));
	/* The bounds themselves are taken. */
	char b32[40];
	memset(b32, 'z', 32);
	b32[32] = 0;
	struct store_view_count edge[] = {vc(0, b32, -1, 0, STORE_VIEWS_N_MAX),
					  vc(STORE_VIEWS_DAY_MAX, "a_:", STORE_VIEW_LIBRARY_ITEM, 1, 1)};
	CHECK(store_views_add(st, edge, 2) == 0);
	CHECK(views_of(0, b32) == STORE_VIEWS_N_MAX && views_of(STORE_VIEWS_DAY_MAX, "a_:") == 1);
}

/* ---- Salts and readers -------------------------------------------------- */

static bool zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Of page_view_days' row for `day`: "count(*)" (whether there is one),
 * "count(salt)" (whether it is open) or "readers". */
static int64_t day_row(const char *what, int64_t day)
{
	const char *sql = !strcmp(what, "readers")       ? "SELECT readers FROM page_view_days WHERE day = $1"
			  : !strcmp(what, "count(salt)") ? "SELECT count(salt) FROM page_view_days WHERE day = $1"
							 : "SELECT count(*) FROM page_view_days WHERE day = $1";
	return raw_id(sql, day);
}

static int64_t reader_rows(int64_t day)
{
	return raw_id("SELECT count(*) FROM page_view_readers WHERE day = $1", day);
}

/* Hash i: 16 bytes, all of them i. */
static void hash(unsigned char h[16], int i)
{
	memset(h, i, 16);
}

TEST(test_salts_and_readers)
{
	const int64_t d = DAY + 100;
	unsigned char s1[32], s2[32], s3[32];
	CHECK(store_views_salt(st, d, s1) == 0 && !zero(s1, 32));
	CHECK(store_views_salt(st, d, s2) == 0 && memcmp(s1, s2, 32) == 0); /* the same, not a new one */
	CHECK(day_row("count(*)", d) == 1 && day_row("count(salt)", d) == 1);

	/* Readers: duplicates, in one call and across calls, count once. */
	unsigned char h[5][16];
	hash(h[0], 1), hash(h[1], 2), hash(h[2], 2), hash(h[3], 3), hash(h[4], 1);
	CHECK(store_views_readers(st, d, (const unsigned char (*)[16])h, 5) == 0);
	CHECK(reader_rows(d) == 3);
	CHECK(store_views_readers(st, d, (const unsigned char (*)[16])h, 2) == 0 && reader_rows(d) == 3);
	CHECK(store_views_readers(st, d, (const unsigned char (*)[16])h, 0) == 0);
	/* A day never salted takes none. */
	CHECK(store_views_readers(st, d + 5, (const unsigned char (*)[16])h, 3) == 0 && reader_rows(d + 5) == 0);
	struct store_views_day_list l;
	CHECK(store_views_days(st, ar, d, d, &l) == 0 && l.n == 1 && l.items[0].day == d);
	CHECK(l.n == 1 && l.items[0].readers == 3 && l.items[0].views == 0); /* live, and only readers */

	/* The next day's salt closes it: counted, hashes and salt gone. */
	CHECK(store_views_salt(st, d + 1, s3) == 0 && memcmp(s1, s3, 32) != 0);
	CHECK(day_row("count(salt)", d) == 0 && day_row("readers", d) == 3 && reader_rows(d) == 0);
	CHECK(day_row("count(salt)", d + 1) == 1);
	CHECK(store_views_days(st, ar, d, d + 1, &l) == 0 && l.n == 1 && l.items[0].readers == 3);
	/* A closed day gives no salt and takes no readers. */
	CHECK(store_views_salt(st, d, s2) == STORE_ECONFLICT && zero(s2, 32));
	CHECK(store_views_readers(st, d, (const unsigned char (*)[16])h, 5) == 0 && reader_rows(d) == 0);
	CHECK(day_row("readers", d) == 3);
	/* Nor does a day older than one with a salt (never salted itself). */
	CHECK(store_views_salt(st, d - 7, s2) == STORE_ECONFLICT && day_row("count(*)", d - 7) == 0);

	/* Skipping days: d + 1 (with readers) closes when d + 4 is salted. */
	CHECK(store_views_readers(st, d + 1, (const unsigned char (*)[16])h, 1) == 0);
	CHECK(store_views_salt(st, d + 4, s2) == 0);
	CHECK(day_row("readers", d + 1) == 1 && reader_rows(d + 1) == 0 && day_row("count(salt)", d + 1) == 0);
	CHECK(day_row("count(*)", d + 2) == 0); /* days with no one leave no row */

	/* store_gc closes what is past by its clock, and drops stray rows. */
	CHECK(store_views_readers(st, d + 4, (const unsigned char (*)[16])h, 4) == 0 && reader_rows(d + 4) == 3);
	CHECK(store_gc(st, (d + 4) * 86400 + 86399) == 0); /* still d + 4: stays open */
	CHECK(day_row("count(salt)", d + 4) == 1 && reader_rows(d + 4) == 3);
	raw_id(pg_base ? "INSERT INTO page_view_readers (day, reader) VALUES ($1::bigint, "
			 "'\\x00112233445566778899aabbccddeeff'::bytea)"
		       : "INSERT INTO page_view_readers (day, reader) VALUES ($1, x'00112233445566778899aabbccddeeff')",
	       d - 1);
	CHECK(reader_rows(d - 1) == 1);
	CHECK(store_gc(st, (d + 5) * 86400) == 0);
	CHECK(day_row("count(salt)", d + 4) == 0 && day_row("readers", d + 4) == 3 && reader_rows(d + 4) == 0);
	CHECK(reader_rows(d - 1) == 0);
	CHECK(raw_int("SELECT count(*) FROM page_view_readers") == 0);
	CHECK(raw_int("SELECT count(*) FROM page_view_days WHERE salt IS NOT NULL") == 0);

	/* Refusals. */
	CHECK(store_views_salt(st, -1, s2) == STORE_ERR && zero(s2, 32));
	CHECK(store_views_salt(st, STORE_VIEWS_DAY_MAX + 1, s2) == STORE_ERR);
	CHECK(store_views_readers(st, d, NULL, 1) == STORE_ERR);
	CHECK(store_views_readers(st, d, (const unsigned char (*)[16])h, -1) == STORE_ERR);
	CHECK(store_views_readers(st, -1, (const unsigned char (*)[16])h, 1) == STORE_ERR);
}

static pthread_mutex_t add_mu = PTHREAD_MUTEX_INITIALIZER; /* the threads' error counts */

/* Many callers asking for a new day's salt at once all get the same. */
enum { SALT_THREADS = 8 };
static unsigned char salt_got[SALT_THREADS][32];
static int salt_rc[SALT_THREADS];

static void *salter(void *arg)
{
	int i = (int)(intptr_t)arg;
	store *own = i % 2 ? store_open(url) : NULL; /* odd ones: another node */
	salt_rc[i] = own || i % 2 == 0 ? store_views_salt(own ? own : st, DAY + 200, salt_got[i]) : STORE_ERR;
	store_close(own);
	return NULL;
}

TEST(test_salt_race)
{
	pthread_t th[SALT_THREADS];
	for (int i = 0; i < SALT_THREADS; i++)
		CHECK(pthread_create(&th[i], NULL, salter, (void *)(intptr_t)i) == 0);
	for (int i = 0; i < SALT_THREADS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < SALT_THREADS; i++)
		CHECK(salt_rc[i] == 0 && memcmp(salt_got[i], salt_got[0], 32) == 0);
	CHECK(!zero(salt_got[0], 32));
	CHECK(day_row("count(*)", DAY + 200) == 1);
}

/* Readers added while the next day's salt closes their day: each is
 * either in before the close (and counted) or dropped, none left behind. */
enum { READER_THREADS = 6, READER_ROUNDS = 40 };
static int reader_errors;

static void *reader_adder(void *arg)
{
	int t = (int)(intptr_t)arg;
	for (int r = 0; r < READER_ROUNDS; r++) {
		unsigned char h[4][16];
		for (int k = 0; k < 4; k++) {
			memset(h[k], 0, 16);
			h[k][0] = (unsigned char)t, h[k][1] = (unsigned char)r, h[k][2] = (unsigned char)k;
		}
		if (store_views_readers(st, DAY + 200, (const unsigned char (*)[16])h, 4) != 0) {
			pthread_mutex_lock(&add_mu);
			reader_errors++;
			pthread_mutex_unlock(&add_mu);
		}
	}
	return NULL;
}

TEST(test_close_race)
{
	pthread_t th[READER_THREADS];
	for (int i = 0; i < READER_THREADS; i++)
		CHECK(pthread_create(&th[i], NULL, reader_adder, (void *)(intptr_t)i) == 0);
	for (int i = 0; i < 2000 && reader_rows(DAY + 200) < 40; i++)
		usleep(1000); /* till some are in */
	unsigned char salt[32];
	CHECK(store_views_salt(st, DAY + 201, salt) == 0);
	for (int i = 0; i < READER_THREADS; i++)
		pthread_join(th[i], NULL);
	CHECK(reader_errors == 0);
	int64_t n = day_row("readers", DAY + 200);
	CHECK(n >= 40 && n <= READER_THREADS * READER_ROUNDS * 4);
	CHECK(reader_rows(DAY + 200) == 0 && day_row("count(salt)", DAY + 200) == 0);
}

/* ---- Days and buckets ---------------------------------------------------- */

TEST(test_days_and_buckets)
{
	const int64_t d = DAY + 300;
	struct store_view_count c[] = {
		vc(d, "home", -1, 0, 2), vc(d, "ab", -1, 0, 1), vc(d, "a_b", -1, 0, 1), vc(d, "a:b", -1, 0, 1),
		vc(d, "forums:off_duty", -1, 0, 1), vc(d, "forums:open_clinical", -1, 0, 1),
		vc(d + 2, "blogs", -1, 0, 7), vc(d + 9, "home", -1, 0, 1),
	};
	CHECK(store_views_add(st, c, 8) == 0);
	struct store_views_bucket_list b;
	CHECK(store_views_buckets(st, ar, d, d + 2, &b) == 0 && b.n == 7);
	const char *order[] = {"a:b", "a_b", "ab", "forums:off_duty", "forums:open_clinical", "home", "blogs"};
	for (int i = 0; i < b.n && i < 7; i++)
		CHECK(str_eqc(b.items[i].bucket, order[i]) && b.items[i].day == (i < 6 ? d : d + 2));
	CHECK(b.n == 7 && b.items[5].views == 2 && b.items[6].views == 7);
	CHECK(store_views_buckets(st, ar, d + 1, d + 1, &b) == 0 && b.n == 0);
	CHECK(store_views_buckets(st, ar, d + 9, d + 9, &b) == 0 && b.n == 1 && b.items[0].views == 1);

	struct store_views_day_list l;
	CHECK(store_views_days(st, ar, d - 1, d + 9, &l) == 0 && l.n == 3);
	CHECK(l.n == 3 && l.items[0].day == d && l.items[0].views == 7 && l.items[0].readers == 0);
	CHECK(l.n == 3 && l.items[1].day == d + 2 && l.items[1].views == 7);
	CHECK(l.n == 3 && l.items[2].day == d + 9 && l.items[2].views == 1);
	CHECK(store_views_days(st, ar, d + 3, d + 8, &l) == 0 && l.n == 0);
	CHECK(store_views_days(st, ar, d + 2, d + 2, &l) == 0 && l.n == 1);
	/* Refusals. */
	CHECK(store_views_days(st, ar, d, d - 1, &l) == STORE_ERR && l.n == 0);
	CHECK(store_views_days(st, ar, -1, d, &l) == STORE_ERR);
	CHECK(store_views_buckets(st, ar, d + 1, d, &b) == STORE_ERR && b.n == 0);
	CHECK(store_views_buckets(st, ar, 0, STORE_VIEWS_DAY_MAX + 1, &b) == STORE_ERR);
}

/* ---- Top lists ------------------------------------------------------------ */

static int64_t t_open, t_closed, t_off, t_deleted, t_group, t_blog_comments, t_other;
static int64_t bp_live, bp_draft, bp_live2, li_live, li_gone, li_live2;

static struct store_blog_post blog_post(int64_t blog, const char *slug, const char *title,
					enum store_blog_status status)
{
	struct store_blog_post p = {.blog_id = blog, .author_id = author, .slug = str_c(slug), .title = str_c(title),
				    .summary = S("S."), .body = S("B."), .body_html = S("<p>B.</p>"), .cover = S(""),
				    .status = status};
	return p;
}

static int64_t library_item(const char *slug, const char *title)
{
	struct store_library_item it = {.slug = str_c(slug), .kind = STORE_LIB_PAGE, .title = str_c(title),
					.access = STORE_LIB_PUBLIC, .body = S("x"), .body_html = S("<p>x</p>")};
	int64_t id = 0;
	CHECK(store_library_item_create(st, &it, NULL, editor, NOW, &id) == 0 && id > 0);
	return id;
}

/* Makes the content the top lists look at. */
static void top_content(void)
{
	t_open = topic(forum_id("medicine"), "Open one", NULL);
	t_closed = topic(forum_id("medicine-doctors"), "Closed one", NULL);
	t_off = topic(forum_id("cycling"), "Off duty one", NULL);
	int64_t first = 0;
	t_deleted = topic(forum_id("surgery"), "Deleted one", &first);
	CHECK(store_post_delete(st, first, editor, true, S("gone"), NOW + 1) == 0);
	t_other = topic(forum_id("travel"), "Other one", NULL);
	struct store_group g = {.slug = S("dash-group"), .name = S("Dash group"), .purpose = S("P"),
				.audience = S("A")};
	int64_t gid = 0;
	CHECK(store_group_request(st, &g, author, NOW, &gid) == 0);
	CHECK(store_group_decide(st, gid, true, S("ok"), editor, NOW) == 0);
	t_group = topic(gid, "Group one", NULL);

	int64_t app = 0, blog = 0;
	CHECK(store_blogger_apply(st, author, S("Ward notes"), S("About"), S("Sample"), NOW, &app) == 0);
	CHECK(store_blogger_decide(st, app, true, S("ward-notes"), S(""), editor, NOW, &blog) == 0 && blog > 0);
	struct store_blog_post p = blog_post(blog, "first-night", "First night", STORE_BLOG_PUBLISHED);
	CHECK(store_blog_post_create(st, &p, NOW, &bp_live) == 0);
	p = blog_post(blog, "unfinished", "Unfinished", STORE_BLOG_DRAFT);
	CHECK(store_blog_post_create(st, &p, NOW, &bp_draft) == 0);
	p = blog_post(blog, "second-night", "Second night", STORE_BLOG_PUBLISHED);
	CHECK(store_blog_post_create(st, &p, NOW, &bp_live2) == 0);
	struct store_blog_post got;
	CHECK(store_blog_post_get(st, ar, bp_live, &got) == 0 && got.topic_id > 0);
	t_blog_comments = got.topic_id;

	li_live = library_item("bnf-guide", "A guide");
	li_gone = library_item("old-guide", "An old guide");
	li_live2 = library_item("new-guide", "A new guide");
	CHECK(store_library_item_withdraw(st, li_gone, true, editor, NOW) == 0);
}

static bool top_is(enum store_view_kind k, int limit, const int64_t *ids, const int64_t *views, int n)
{
	struct store_views_top_list l;
	if (store_views_top(st, ar, k, DEC, limit, &l) != 0 || l.n != n)
		return false;
	for (int i = 0; i < n; i++)
		if (l.items[i].id != ids[i] || l.items[i].views != views[i] || l.items[i].kind != k)
			return false;
	return true;
}

TEST(test_top)
{
	top_content();
	const int64_t d = DEC + 3;
	struct store_view_count c[] = {
		vc(d, "forums:open_clinical", STORE_VIEW_TOPIC, t_open, 5),
		vc(d, "forums:closed_clinical", STORE_VIEW_TOPIC, t_closed, 9),
		vc(d, "forums:off_duty", STORE_VIEW_TOPIC, t_off, 5),       /* ties t_open: by id */
		vc(d, "forums:open_clinical", STORE_VIEW_TOPIC, t_deleted, 50), /* deleted */
		vc(d, "groups", STORE_VIEW_TOPIC, t_group, 40),             /* a private group's */
		vc(d, "blogs", STORE_VIEW_TOPIC, t_blog_comments, 30),     /* a blog's comments */
		vc(d, "other", STORE_VIEW_TOPIC, 999999, 60),              /* no such topic */
		vc(d, "forums:off_duty", STORE_VIEW_TOPIC, t_other, 1),
		vc(NOV + 3, "forums:off_duty", STORE_VIEW_TOPIC, t_other, 100), /* another month */
		vc(d, "blogs", STORE_VIEW_BLOG_POST, bp_live, 3),
		vc(d, "blogs", STORE_VIEW_BLOG_POST, bp_draft, 30),
		vc(d, "blogs", STORE_VIEW_BLOG_POST, bp_live2, 4),
		vc(d, "library", STORE_VIEW_LIBRARY_ITEM, li_live, 2),
		vc(d, "library", STORE_VIEW_LIBRARY_ITEM, li_gone, 20),
		vc(d, "library", STORE_VIEW_LIBRARY_ITEM, li_live2, 2),
	};
	CHECK(store_views_add(st, c, (int)(sizeof c / sizeof c[0])) == 0);
	int64_t lo = t_open < t_off ? t_open : t_off, hi = t_open < t_off ? t_off : t_open;
	CHECK(top_is(STORE_VIEW_TOPIC, 50, (int64_t[]){t_closed, lo, hi, t_other}, (int64_t[]){9, 5, 5, 1}, 4));
	CHECK(top_is(STORE_VIEW_TOPIC, 2, (int64_t[]){t_closed, lo}, (int64_t[]){9, 5}, 2));
	CHECK(top_is(STORE_VIEW_TOPIC, 1, (int64_t[]){t_closed}, (int64_t[]){9}, 1));
	CHECK(top_is(STORE_VIEW_BLOG_POST, 10, (int64_t[]){bp_live2, bp_live}, (int64_t[]){4, 3}, 2));
	int64_t l1 = li_live < li_live2 ? li_live : li_live2, l2 = li_live < li_live2 ? li_live2 : li_live;
	CHECK(top_is(STORE_VIEW_LIBRARY_ITEM, 10, (int64_t[]){l1, l2}, (int64_t[]){2, 2}, 2));

	/* Titles and what a link needs. */
	struct store_views_top_list l;
	CHECK(store_views_top(st, ar, STORE_VIEW_TOPIC, DEC, 1, &l) == 0 && l.n == 1);
	CHECK(l.n == 1 && str_eqc(l.items[0].title, "Closed one") && l.items[0].href_part.n == 0);
	CHECK(store_views_top(st, ar, STORE_VIEW_BLOG_POST, DEC, 1, &l) == 0 && l.n == 1);
	CHECK(l.n == 1 && str_eqc(l.items[0].title, "Second night") &&
	      str_eqc(l.items[0].href_part, "ward-notes/second-night"));
	CHECK(store_views_top(st, ar, STORE_VIEW_LIBRARY_ITEM, DEC, 1, &l) == 0 && l.n == 1);
	CHECK(l.n == 1 && str_eqc(l.items[0].href_part, li_live < li_live2 ? "bnf-guide" : "new-guide"));
	CHECK(store_views_top(st, ar, STORE_VIEW_TOPIC, NOV, 5, &l) == 0 && l.n >= 1 && l.items[0].id == t_other &&
	      l.items[0].views == 100);
	CHECK(store_views_top(st, ar, STORE_VIEW_TOPIC, JAN, 5, &l) == 0 && l.n == 0);

	/* Refusals. */
	CHECK(store_views_top(st, ar, STORE_VIEW_TOPIC, DEC, 0, &l) == STORE_ERR && l.n == 0);
	CHECK(store_views_top(st, ar, STORE_VIEW_TOPIC, DEC, 51, &l) == STORE_ERR);
	CHECK(store_views_top(st, ar, STORE_VIEW_KIND_MAX, DEC, 5, &l) == STORE_ERR);
	CHECK(store_views_top(st, ar, (enum store_view_kind) - 1, DEC, 5, &l) == STORE_ERR);
	CHECK(store_views_top(st, ar, STORE_VIEW_TOPIC, -1, 5, &l) == STORE_ERR);
}

/* ---- Members ---------------------------------------------------------------- */

static int64_t count_of(const struct store_dash_count_list *l, const char *key)
{
	for (int i = 0; i < l->n; i++)
		if (str_eqc(l->items[i].key, key))
			return l->items[i].n;
	return 0;
}

/* Most first, then by key, bytewise. */
static bool ordered(const struct store_dash_count_list *l)
{
	for (int i = 1; i < l->n; i++) {
		const struct store_dash_count *a = &l->items[i - 1], *b = &l->items[i];
		size_t n = a->key.n < b->key.n ? a->key.n : b->key.n;
		int c = memcmp(a->key.p, b->key.p, n);
		if (a->n < b->n || (a->n == b->n && (c > 0 || (c == 0 && a->key.n >= b->key.n))))
			return false;
	}
	return true;
}

TEST(test_members)
{
	struct store_dash_count_list t0, c0, s0, t1, c1, s1;
	CHECK(store_dash_members(st, ar, &t0, &c0, &s0) == 0);
	int64_t a = member("m_a", "student", "NG", true, false);
	int64_t b = member("m_b", "student", "NG", true, false);
	CHECK(member("m_c", "hcp", "", true, false) > 0);
	int64_t d = member("m_d", "hcp", "KE", false, false); /* not confirmed */
	int64_t e = member("m_e", "doctor", "KE", true, true);
	int64_t f = member("m_f", "doctor", "KE", true, false);
	set_specialty(a, "NG", "cardiology");
	set_specialty(b, "NG", "cardiology");
	set_specialty(e, "KE", "surgery");
	set_specialty(d, "KE", "surgery");
	CHECK(store_member_set_suspended(st, f, true) == 0); /* suspended: still a member */
	int64_t g = member("m_g", "doctor", "ZA", true, false);
	CHECK(store_member_delete(st, g, NOW) == 0); /* deleted: not */
	CHECK(store_dash_members(st, ar, &t1, &c1, &s1) == 0);
	CHECK(count_of(&t1, "student") - count_of(&t0, "student") == 2);
	CHECK(count_of(&t1, "hcp") - count_of(&t0, "hcp") == 1);
	CHECK(count_of(&t1, "doctor") - count_of(&t0, "doctor") == 2);
	CHECK(count_of(&c1, "NG") - count_of(&c0, "NG") == 2);
	CHECK(count_of(&c1, "KE") - count_of(&c0, "KE") == 2);
	CHECK(count_of(&c1, "") - count_of(&c0, "") == 1);
	CHECK(count_of(&c1, "ZA") == count_of(&c0, "ZA"));
	CHECK(count_of(&s1, "cardiology") - count_of(&s0, "cardiology") == 2);
	CHECK(count_of(&s1, "surgery") - count_of(&s0, "surgery") == 1);
	CHECK(count_of(&s1, "") - count_of(&s0, "") == 2);
	CHECK(ordered(&t1) && ordered(&c1) && ordered(&s1));
	CHECK(t1.n >= 3 && c1.n >= 3 && s1.n >= 3);
	/* Every confirmed member not deleted counted, once, in each list. */
	int64_t all = raw_int(pg_base ? "SELECT count(*) FROM members WHERE confirmed AND deleted_at IS NULL"
				      : "SELECT count(*) FROM members WHERE confirmed = 1 AND deleted_at IS NULL");
	int64_t st_ = 0, sc = 0, ss = 0;
	for (int i = 0; i < t1.n; i++)
		st_ += t1.items[i].n;
	for (int i = 0; i < c1.n; i++)
		sc += c1.items[i].n;
	for (int i = 0; i < s1.n; i++)
		ss += s1.items[i].n;
	CHECK(all > 0 && st_ == all && sc == all && ss == all);
}

/* ---- Joined per week -------------------------------------------------------- */

TEST(test_joined)
{
	/* Around the week starting Monday 2023-11-13 (MONDAY). */
	int64_t a = member("j_a", "doctor", "GB", true, false);
	int64_t b = member("j_b", "doctor", "GB", true, false);
	int64_t c = member("j_c", "doctor", "GB", true, false);
	int64_t d = member("j_d", "doctor", "GB", true, false);
	int64_t e = member("j_e", "doctor", "GB", false, false); /* not confirmed */
	int64_t f = member("j_f", "doctor", "GB", true, false);  /* deleted */
	CHECK(store_member_backdate(st, a, MONDAY * 86400 - 1, 0) == 0);      /* Sunday, the week before */
	CHECK(store_member_backdate(st, b, MONDAY * 86400, 0) == 0);          /* Monday 00:00 */
	CHECK(store_member_backdate(st, c, (MONDAY + 7) * 86400 - 1, 0) == 0); /* Sunday 23:59:59 */
	CHECK(store_member_backdate(st, d, (MONDAY + 7) * 86400, 0) == 0);    /* the next Monday */
	CHECK(store_member_backdate(st, e, MONDAY * 86400 + 5, 0) == 0);
	CHECK(store_member_backdate(st, f, MONDAY * 86400 + 6, 0) == 0);
	CHECK(store_member_delete(st, f, NOW) == 0);
	struct store_dash_point_list l;
	CHECK(store_dash_joined(st, ar, MONDAY - 7, MONDAY + 7, &l) == 0 && l.n == 3);
	CHECK(l.n == 3 && l.items[0].day == MONDAY - 7 && l.items[0].n == 1);
	CHECK(l.n == 3 && l.items[1].day == MONDAY && l.items[1].n == 2);
	CHECK(l.n == 3 && l.items[2].day == MONDAY + 7 && l.items[2].n == 1);
	/* Weeks starting in the range: not the one that began before it. */
	CHECK(store_dash_joined(st, ar, MONDAY - 6, MONDAY + 7, &l) == 0 && l.n == 2 && l.items[0].day == MONDAY);
	CHECK(store_dash_joined(st, ar, MONDAY - 7, MONDAY + 6, &l) == 0 && l.n == 2 && l.items[1].day == MONDAY);
	CHECK(store_dash_joined(st, ar, MONDAY, MONDAY, &l) == 0 && l.n == 1 && l.items[0].n == 2);
	CHECK(store_dash_joined(st, ar, MONDAY + 1, MONDAY + 6, &l) == 0 && l.n == 0);
	/* Every week's Monday: (day + 3) % 7 == 0. */
	CHECK((MONDAY + 3) % 7 == 0);
	CHECK(store_dash_joined(st, ar, MONDAY, MONDAY - 1, &l) == STORE_ERR && l.n == 0);
	CHECK(store_dash_joined(st, ar, -7, MONDAY, &l) == STORE_ERR);
}

/* ---- Verified over time ------------------------------------------------------ */

TEST(test_verified_over_time)
{
	/* The doctors verified before October 2023 (the old members). */
	const char *before_sql = pg_base ? "SELECT count(*) FROM members WHERE verified AND type = 'doctor' AND "
					   "deleted_at IS NULL AND verified_at < $1"
					 : "SELECT count(*) FROM members WHERE verified = 1 AND type = 'doctor' AND "
					   "deleted_at IS NULL AND verified_at < $1";
	int64_t base = raw_id(before_sql, OCT * 86400);
	CHECK(base >= 3);
	int64_t a = member("v_a", "doctor", "GB", true, true);
	int64_t b = member("v_b", "doctor", "GB", true, true);
	int64_t c = member("v_c", "doctor", "GB", true, true);
	int64_t w = member("v_w", "doctor", "GB", true, true); /* withdrawn */
	int64_t h = member("v_h", "hcp", "GB", true, true);    /* not a doctor */
	int64_t x = member("v_x", "doctor", "GB", true, true); /* deleted */
	CHECK(store_member_backdate(st, a, OCT * 86400, (OCT + 14) * 86400) == 0);
	CHECK(store_member_backdate(st, b, OCT * 86400, DEC * 86400 - 1) == 0); /* the last second of November */
	CHECK(store_member_backdate(st, c, OCT * 86400, DEC * 86400) == 0);     /* the first of December */
	CHECK(store_member_backdate(st, w, OCT * 86400, (OCT + 1) * 86400) == 0);
	CHECK(store_member_backdate(st, h, OCT * 86400, (OCT + 1) * 86400) == 0);
	CHECK(store_member_backdate(st, x, OCT * 86400, (OCT + 1) * 86400) == 0);
	CHECK(store_member_set_verified(st, w, false) == 0);
	CHECK(store_member_delete(st, x, NOW) == 0);
	struct store_dash_point_list l;
	CHECK(store_dash_verified(st, ar, OCT, FEB, &l) == 0 && l.n == 5);
	const int64_t months[] = {OCT, NOV, DEC, JAN, FEB}, want[] = {base + 1, base + 2, base + 3, base + 3, base + 3};
	for (int i = 0; i < l.n && i < 5; i++)
		CHECK(l.items[i].day == months[i] && l.items[i].n == want[i]);
	/* Months whose first day is in the range; none when none is. */
	CHECK(store_dash_verified(st, ar, OCT + 1, DEC, &l) == 0 && l.n == 2 && l.items[0].day == NOV);
	CHECK(store_dash_verified(st, ar, NOV + 1, NOV + 20, &l) == 0 && l.n == 0);
	CHECK(store_dash_verified(st, ar, NOV, NOV, &l) == 0 && l.n == 1 && l.items[0].n == base + 2);
	/* The old ones count from when they were verified (backfilled). */
	CHECK(store_dash_verified(st, ar, 0, 31, &l) == 0 && l.n == 2 && l.items[0].n == 0 && l.items[1].n == 0);
	int64_t old_first = store_month_of((NOW - 350 * 86400) / 86400); /* old_none joined */
	CHECK(store_dash_verified(st, ar, old_first, old_first, &l) == 0 && l.n == 1 && l.items[0].n >= 1);
	/* Refusals. */
	CHECK(store_dash_verified(st, ar, DEC, NOV, &l) == STORE_ERR && l.n == 0);
	CHECK(store_dash_verified(st, ar, 0, STORE_DASH_VERIFIED_SPAN + 1, &l) == STORE_ERR);
	CHECK(store_dash_verified(st, ar, 0, STORE_DASH_VERIFIED_SPAN, &l) == 0 && l.n == 1201);
}

/* ---- verified_at kept in step ------------------------------------------------- */

struct extract {
	const struct store_register_row *rows;
	int n, at;
};

static int extract_next(void *ctx, bool restart, struct store_register_row *row)
{
	struct extract *x = ctx;
	if (restart)
		x->at = 0;
	if (x->at == x->n)
		return 0;
	*row = x->rows[x->at++];
	return 1;
}

static int import(const struct store_register_row *rows, int n, int64_t at)
{
	struct extract x = {rows, n, 0};
	struct store_import_result res;
	return store_register_import(st, ar, extract_next, &x, at, &res);
}

static int64_t apply(int64_t who, const char *number, const char *key, int64_t at, bool *at_once)
{
	struct store_verification v = {.member_id = who, .authority = S("gmc"), .number = str_c(number),
				       .reg_name = str_c(key), .name_key = str_c(key)};
	int64_t id = 0;
	CHECK(store_verification_apply(st, &v, at, &id, at_once) == 0 && id > 0);
	return id;
}

TEST(test_verified_at_paths)
{
	int64_t t0 = (int64_t)time(NULL);
	/* Made verified: when it was made; made not: 0. */
	int64_t a = member("p_a", "doctor", "GB", true, true);
	int64_t t1 = (int64_t)time(NULL);
	CHECK(verified_at(a) >= t0 && verified_at(a) <= t1);
	int64_t b = member("p_b", "doctor", "GB", true, false);
	CHECK(verified_at(b) == 0);
	/* store_member_set_verified: now; again: kept; off: 0. */
	CHECK(store_member_set_verified(st, b, true) == 0);
	CHECK(verified_at(b) >= t0 && verified_at(b) <= (int64_t)time(NULL));
	CHECK(store_member_backdate(st, b, 1000, 5000) == 0 && verified_at(b) == 5000);
	CHECK(store_member_set_verified(st, b, true) == 0 && verified_at(b) == 5000);
	CHECK(store_member_set_verified(st, b, false) == 0 && verified_at(b) == 0);
	CHECK(store_member_set_verified(st, b, false) == 0 && verified_at(b) == 0);
	CHECK(store_member_backdate(st, b, 1000, 6000) == 0 && verified_at(b) == 0); /* not verified: stays 0 */
	CHECK(store_member_set_verified(st, b, true) == 0 && verified_at(b) >= t0);
	CHECK(store_member_set_verified(st, 999999, true) == STORE_ENOTFOUND);

	/* An editor's decision: its time; a rejection: none. */
	int64_t c = member("p_c", "doctor", "GB", true, false);
	bool once = true;
	int64_t app = apply(c, "1111111", "carol c", NOW, &once);
	CHECK(!once && verified_at(c) == 0);
	int64_t who = 0;
	CHECK(store_verification_decide(st, app, editor, false, S("no"), NOW + 10, &who) == 0 && verified_at(c) == 0);
	app = apply(c, "1111111", "carol c", NOW + 20, &once);
	CHECK(store_verification_decide(st, app, editor, true, S("yes"), NOW + 30, &who) == 0 && who == c);
	CHECK(verified_at(c) == NOW + 30);
	/* A second approval of someone verified keeps the first time. */
	app = apply(c, "1111111", "carol c", NOW + 40, &once);
	CHECK(store_verification_decide(st, app, editor, true, S("again"), NOW + 50, &who) == 0);
	CHECK(verified_at(c) == NOW + 30);

	/* The register: an application it confirms at once: the application's
	 * time; pending ones an import confirms: the import's. */
	const struct store_register_row reg[] = {{S("gmc"), S("2222222"), S("Dan D"), S("dan d"), S("registered")}};
	CHECK(import(reg, 1, NOW + 100) == 0);
	int64_t d = member("p_d", "doctor", "GB", true, false);
	apply(d, "2222222", "dan d", NOW + 110, &once);
	CHECK(once && verified_at(d) == NOW + 110);
	int64_t e = member("p_e", "doctor", "GB", true, false);
	apply(e, "3333333", "eve e", NOW + 120, &once);
	CHECK(!once && verified_at(e) == 0);
	const struct store_register_row reg2[] = {{S("gmc"), S("3333333"), S("Eve E"), S("eve e"), S("registered")}};
	CHECK(import(reg2, 1, NOW + 130) == 0);
	CHECK(verified_at(e) == NOW + 130);
	/* Erased by a later import: 0. */
	const struct store_register_row erased[] = {{S("gmc"), S("2222222"), S("Dan D"), S("dan d"), S("erased")}};
	CHECK(import(erased, 1, NOW + 140) == 0);
	struct store_member m;
	CHECK(store_member_by_id(st, ar, d, &m) == 0 && !m.verified && verified_at(d) == 0);
	CHECK(verified_at(e) == NOW + 130);

	/* Account deletion: 0. */
	CHECK(store_member_delete(st, e, NOW + 150) == 0 && verified_at(e) == 0);

	/* Nowhere verified without a time, or a time without verified. */
	CHECK(raw_int("SELECT count(*) FROM members WHERE verified <> (verified_at > 0)") == 0);
}

/* ---- Pending ----------------------------------------------------------------- */

TEST(test_pending)
{
	struct store_dash_pending p0, p1;
	CHECK(store_dash_pending(st, &p0) == 0);
	CHECK(p0.verifications == raw_int("SELECT count(*) FROM verifications WHERE status = 'pending'"));
	CHECK(p0.groups == raw_int("SELECT count(*) FROM groups WHERE status = 'pending'"));
	int64_t a = member("q_a", "doctor", "GB", true, false);
	bool once = true;
	int64_t app = apply(a, "4444444", "q a", NOW, &once);
	int64_t bapp = 0;
	CHECK(store_blogger_apply(st, a, S("Q blog"), S("About"), S(""), NOW, &bapp) == 0);
	struct store_group g = {.slug = S("q-group"), .name = S("Q group"), .purpose = S("P"), .audience = S("A")};
	int64_t gid = 0;
	CHECK(store_group_request(st, &g, a, NOW, &gid) == 0);
	int64_t post = 0;
	topic(forum_id("book-club"), "Flag me", &post);
	int64_t flag = 0, flag2 = 0;
	CHECK(store_flag_create(st, post, a, S("spam"), S(""), NOW, &flag) == 0);
	CHECK(store_flag_create(st, post, editor, S("abuse"), S(""), NOW, &flag2) == 0);
	CHECK(store_dash_pending(st, &p1) == 0);
	CHECK(p1.verifications == p0.verifications + 1 && p1.bloggers == p0.bloggers + 1);
	CHECK(p1.groups == p0.groups + 1 && p1.flags == p0.flags + 2);
	int64_t who = 0, blog = 0;
	CHECK(store_verification_decide(st, app, editor, false, S("no"), NOW, &who) == 0);
	CHECK(store_blogger_decide(st, bapp, false, S(""), S("no"), editor, NOW, &blog) == 0);
	CHECK(store_group_decide(st, gid, false, S("no"), editor, NOW) == 0);
	CHECK(store_flag_decide(st, flag, editor, S("dismiss"), S(""), NOW) == 0);
	CHECK(store_dash_pending(st, &p1) == 0);
	CHECK(p1.verifications == p0.verifications && p1.bloggers == p0.bloggers && p1.groups == p0.groups);
	CHECK(p1.flags == p0.flags); /* deciding one closes the other on the same post */
}

/* ---- Backdating -------------------------------------------------------------- */

TEST(test_backdate)
{
	int64_t a = member("b_a", "doctor", "GB", true, true);
	int64_t va = verified_at(a);
	CHECK(store_member_backdate(st, a, 0, 0) == STORE_ERR);
	CHECK(store_member_backdate(st, a, -5, 0) == STORE_ERR);
	CHECK(store_member_backdate(st, a, 2000, -1) == STORE_ERR);
	CHECK(store_member_backdate(st, a, 2000, 1999) == STORE_ERR);
	CHECK(verified_at(a) == va && raw_id("SELECT created_at FROM members WHERE id = $1", a) != 2000);
	CHECK(store_member_backdate(st, 999999, 2000, 0) == STORE_ENOTFOUND);
	CHECK(store_member_backdate(st, a, 2000, 0) == 0 && verified_at(a) == va); /* 0: kept */
	CHECK(raw_id("SELECT created_at FROM members WHERE id = $1", a) == 2000);
	CHECK(store_member_backdate(st, a, 2000, 2000) == 0 && verified_at(a) == 2000);
	struct store_member m;
	CHECK(store_member_by_id(st, ar, a, &m) == 0 && m.created_at == 2000 && m.verified);
}

/* ---- Many writers at once ------------------------------------------------------ */

enum { ADD_THREADS = 8, ADD_ROUNDS = 150 };
static int add_errors;

/* Each round a batch of four counts, overlapping the other threads' rows
 * (the same days, buckets and items, in different orders). */
static void *adder(void *arg)
{
	int t = (int)(intptr_t)arg;
	store *own = t % 2 ? store_open(url) : NULL;
	store *s = own ? own : st;
	int errors = t % 2 && !own;
	for (int r = 0; !errors && r < ADD_ROUNDS; r++) {
		int64_t d = DAY + 500 + (r + t) % 3;
		struct store_view_count c[4] = {
			vc(d, (r + t) % 2 ? "home" : "library", -1, 0, 1),
			vc(d, "forums:off_duty", STORE_VIEW_TOPIC, 1 + (r + t) % 5, 2),
			vc(DAY + 500, "blogs", STORE_VIEW_BLOG_POST, 1 + (r * 7 + t) % 5, 1),
			vc(d, "home", -1, 0, 1),
		};
		if (store_views_add(s, c, 4) != 0)
			errors++;
	}
	store_close(own);
	pthread_mutex_lock(&add_mu);
	add_errors += errors;
	pthread_mutex_unlock(&add_mu);
	return NULL;
}

TEST(test_concurrent_add)
{
	pthread_t th[ADD_THREADS];
	for (int i = 0; i < ADD_THREADS; i++)
		CHECK(pthread_create(&th[i], NULL, adder, (void *)(intptr_t)i) == 0);
	for (int i = 0; i < ADD_THREADS; i++)
		pthread_join(th[i], NULL);
	CHECK(add_errors == 0);
	const int64_t total = ADD_THREADS * ADD_ROUNDS;
	int64_t views = raw_id("SELECT sum(views) FROM page_views WHERE day BETWEEN $1 AND $1 + 2", DAY + 500);
	CHECK(views == total * 5); /* 1 + 2 + 1 + 1 a round */
	CHECK(raw_id("SELECT sum(views) FROM page_views WHERE day BETWEEN $1 AND $1 + 2 AND bucket = "
		     "'forums:off_duty'",
		     DAY + 500) == total * 2);
	CHECK(raw_id("SELECT sum(views) FROM page_view_items WHERE month = $1 AND kind = 'topic' AND item_id <= 5",
		     store_month_of(DAY + 500)) == total * 2);
	CHECK(raw_id("SELECT sum(views) FROM page_view_items WHERE month = $1 AND kind = 'blog_post' "
		     "AND item_id <= 5",
		     store_month_of(DAY + 500)) == total);
	struct store_views_day_list l;
	CHECK(store_views_days(st, ar, DAY + 500, DAY + 502, &l) == 0 && l.n == 3);
	int64_t sum = 0;
	for (int i = 0; i < l.n; i++)
		sum += l.items[i].views;
	CHECK(sum == total * 5);
}

TEST(test_integrity)
{
	CHECK(raw_int("SELECT count(*) FROM page_views WHERE views <= 0") == 0);
	CHECK(raw_int("SELECT count(*) FROM page_view_items WHERE views <= 0") == 0);
	if (!pg_base)
		CHECK(raw_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

int main(void)
{
	if (fixture_setup("dashboard") < 0 || sodium_init() < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_migrate);
	if (st) {
		RUN(test_names);
		RUN(test_views_add);
		RUN(test_views_add_refused);
		RUN(test_salts_and_readers);
		RUN(test_salt_race);
		RUN(test_close_race);
		RUN(test_days_and_buckets);
		RUN(test_top);
		RUN(test_members);
		RUN(test_joined);
		RUN(test_verified_over_time);
		RUN(test_verified_at_paths);
		RUN(test_pending);
		RUN(test_backdate);
		RUN(test_concurrent_add);
		RUN(test_integrity);
	}
	fixture_cleanup();
	return unit_summary();
}
