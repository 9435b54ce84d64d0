/* demo_dashboard.c: a year of plausible history for the editors'
 * dashboard (issue 10): a crowd of members who joined over the year (more
 * of them lately, as a community grows), many of the doctors verified
 * some days after joining; and page views for every day of the last 365,
 * at the scale of the original site (60 to 70 thousand a month by now),
 * fewer at weekends, split by section, with the demo's topics, blog posts
 * and library items read in proportion to their rank, and a day's
 * signed-in readers as the store keeps them (hashes under the day's
 * salt, each day closed by the next).
 *
 * The crowd cannot sign in (no password) and is deterministic (a fixed
 * seed), so a demo made twice looks the same; a second run adds nothing
 * (members exist; views are added only to a site that has none). */
#include <sodium.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"

#include "../text/reference.h"

enum { CROWD = 420, HISTORY = 365 };

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static int pick(int n)
{
	int i = (int)(uniform() * n);
	return i < n ? i : n - 1;
}

static const char *const first_names[] = {
	"Aisha", "Ben", "Chiara", "Daniel", "Emeka", "Fatima", "Gabriel", "Hana", "Ibrahim", "Julia", "Kofi",
	"Lena", "Mateo", "Nadia", "Oliver", "Parisa", "Quentin", "Rania", "Samuel", "Tara", "Usman", "Valeria",
	"Wei", "Ximena", "Yusuf", "Zara", "Arjun", "Bianca", "Chen", "Deepa", "Eilidh", "Farid", "Ines", "Jonas",
	"Kemi", "Luca", "Maya", "Niamh", "Omar", "Sofia",
};
static const char *const last_names[] = {
	"Adeyemi", "Bauer", "Costa", "Dubois", "Eze", "Fernandes", "Gupta", "Haddad", "Ibekwe", "Jensen",
	"Khan", "Lindqvist", "Moreau", "Nakamura", "Obi", "Patel", "Quinn", "Rossi", "Singh", "Tanaka", "Usman",
	"Varga", "Walsh", "Yilmaz", "Zhang", "Murphy", "Kowalski", "Mensah", "Silva", "Novak",
};
/* Countries by weight: where the original's members came from. */
static const struct {
	const char *code;
	int weight;
} countries[] = {
	{"GB", 30}, {"IN", 16}, {"NG", 12}, {"US", 10}, {"IE", 6}, {"PK", 6}, {"AU", 5}, {"CA", 5}, {"ZA", 4},
	{"KE", 4},  {"EG", 3},  {"ES", 3},  {"DE", 2},  {"GH", 3}, {"MY", 2}, {"NZ", 2}, {"FR", 1}, {"BR", 1},
	{"AE", 2},  {"SG", 1},
};
static const char *const specialties[] = {
	"general-practice", "internal-medicine", "emergency-medicine", "paediatrics", "general-surgery",
	"acute-medicine", "anaesthetics", "psychiatry", "obstetrics-and-gynaecology", "cardiology",
	"intensive-care-medicine", "radiology", "orthopaedic-surgery", "geriatric-medicine", "public-health",
};

static const char *country(void)
{
	int total = 0;
	for (size_t i = 0; i < sizeof countries / sizeof *countries; i++)
		total += countries[i].weight;
	int at = pick(total);
	for (size_t i = 0; i < sizeof countries / sizeof *countries; i++)
		if ((at -= countries[i].weight) < 0)
			return countries[i].code;
	return "GB";
}

/* A specialty code the reference table knows (a skewed pick), or "". */
static const char *specialty(void)
{
	int n = (int)(sizeof specialties / sizeof *specialties);
	double u = uniform();
	const char *code = specialties[(int)(u * u * n)];
	return reference_specialty_find(str_c(code)) ? code : "";
}

static int add_crowd(store *st, int64_t now)
{
	for (int i = 0; i < CROWD; i++) {
		const char *first = first_names[pick((int)(sizeof first_names / sizeof *first_names))];
		const char *last = last_names[pick((int)(sizeof last_names / sizeof *last_names))];
		double u = uniform();
		const char *type = u < 0.7 ? "doctor" : u < 0.85 ? "student" : "hcp";
		bool doctor = type[0] == 'd';
		char name[80], handle[40], email[80];
		snprintf(name, sizeof name, "%s%s %s", doctor ? "Dr " : "", first, last);
		snprintf(handle, sizeof handle, "%c%s%d", first[0] | 0x20, last, i + 1);
		for (char *p = handle; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p | 0x20);
		snprintf(email, sizeof email, "%s@crowd.rounds.example", handle);
		/* Joined days ago: more of them lately. */
		double w = uniform();
		int64_t ago = (int64_t)((double)HISTORY * w * (0.4 + 0.6 * w));
		int64_t joined = now - ago * 86400 - (int64_t)(uniform() * 86400);
		bool verified = doctor && uniform() < 0.6;
		int64_t verified_at = verified ? joined + 86400 * (1 + pick(10)) : 0;
		if (verified_at > now)
			verified_at = now;
		struct store_member_new m = {
			.email = str_c(email),
			.name = str_c(name),
			.handle = str_c(handle),
			.type = str_c(type),
			.country = str_c(country()),
			.pw_hash = S(""),
			.confirmed = true,
			.verified = verified,
		};
		int64_t id;
		enum store_member_key key;
		int rc = store_member_create(st, &m, &id, &key);
		if (rc == STORE_ECONFLICT)
			continue;
		if (rc)
			return rc;
		struct store_profile p = {.name = m.name, .country = m.country, .specialty = str_c(doctor ? specialty() : "")};
		if ((rc = store_member_update_profile(st, id, &p)) ||
		    (rc = store_member_backdate(st, id, joined, verified_at)))
			return rc;
	}
	return 0;
}

/* The share of a day's views each section gets, by pageviews' buckets. */
static const struct {
	const char *bucket;
	double share;
} shares[] = {
	{"home", 0.17},    {"forums", 0.07},  {"forums:open_clinical", 0.21}, {"forums:closed_clinical", 0.13},
	{"forums:off_duty", 0.05}, {"blogs", 0.12}, {"library", 0.10}, {"groups", 0.05},
	{"profiles", 0.06}, {"other", 0.04},
};

/* The ids the demo's pages are read by: topics, blog posts, items. */
struct pages {
	int64_t ids[STORE_VIEW_KIND_MAX][40];
	int n[STORE_VIEW_KIND_MAX];
};

static int find_pages(store *st, arena *a, struct pages *pg)
{
	*pg = (struct pages){0};
	unsigned open = (1u << STORE_SECTION_OPEN_CLINICAL) | (1u << STORE_SECTION_CLOSED_CLINICAL) |
			(1u << STORE_SECTION_OFF_DUTY);
	struct store_topic_list tl;
	int rc = store_topic_latest(st, a, open, 0, false, 0, 40, 0, &tl);
	if (rc)
		return rc;
	for (int i = 0; i < tl.n && i < 40; i++)
		pg->ids[STORE_VIEW_TOPIC][pg->n[STORE_VIEW_TOPIC]++] = tl.items[i].id;
	struct store_blog_query bq = {.status = -1, .limit = 40};
	struct store_blog_post_list bl;
	if ((rc = store_blog_posts(st, a, &bq, &bl, NULL)))
		return rc;
	for (int i = 0; i < bl.n && i < 40; i++)
		pg->ids[STORE_VIEW_BLOG_POST][pg->n[STORE_VIEW_BLOG_POST]++] = bl.items[i].id;
	struct store_library_query lq = {.access = 7, .any_kind = true, .limit = 40};
	struct store_library_item_list ll;
	if ((rc = store_library_items(st, a, &lq, &ll, NULL)))
		return rc;
	for (int i = 0; i < ll.n && i < 40; i++)
		pg->ids[STORE_VIEW_LIBRARY_ITEM][pg->n[STORE_VIEW_LIBRARY_ITEM]++] = ll.items[i].id;
	return 0;
}

/* The views of one day: total by a growing trend, weekends quieter. */
static int64_t day_total(int64_t day, int64_t today)
{
	double age = (double)(today - day) / HISTORY;            /* 1 a year ago, 0 today */
	double trend = 2250.0 - 900.0 * age;                     /* ~40k a month a year ago, ~68k now */
	int dow = (int)((day + 4) % 7);                          /* 0 Sunday */
	double week = dow == 0 || dow == 6 ? 0.68 : dow == 1 ? 1.08 : 1.0;
	double noise = 0.88 + 0.24 * uniform();
	return (int64_t)(trend * week * noise);
}

/* One day's views into c (room for every bucket and page), `part` of
 * the day's total (today: the part of it gone): how many. */
static int day_counts(int64_t day, int64_t today, double part, const struct pages *pg, struct store_view_count *c)
{
	int64_t total = (int64_t)((double)day_total(day, today) * part);
	int n = 0;
	for (size_t i = 0; i < sizeof shares / sizeof *shares; i++) {
		int64_t v = (int64_t)((double)total * shares[i].share * (0.9 + 0.2 * uniform()));
		if (v > 0) {
			c[n] = (struct store_view_count){.day = day, .bucket = str_c(shares[i].bucket), .kind = -1, .n = v};
			n++;
		}
	}
	/* Pages by rank (Zipf-like): a share of their sections' views. */
	static const double share_of[STORE_VIEW_KIND_MAX] = {0.30, 0.25, 0.20};
	static const char *const bucket[STORE_VIEW_KIND_MAX] = {"forums:open_clinical", "blogs", "library"};
	for (int k = 0; k < STORE_VIEW_KIND_MAX; k++) {
		int64_t pool = (int64_t)((double)total * share_of[k] * 0.2);
		for (int i = 0; i < pg->n[k]; i++) {
			int64_t v = (int64_t)((double)pool / (double)(i + 1) / 3.0 * (0.7 + 0.6 * uniform()));
			if (v > 0) {
				c[n] = (struct store_view_count){.day = day, .bucket = str_c(bucket[k]), .kind = k,
								 .item_id = pg->ids[k][i], .n = v};
				n++;
			}
		}
	}
	return n;
}

static int add_views(store *st, arena *a, int64_t now)
{
	int64_t today = now / 86400;
	struct store_views_day_list have;
	int rc = store_views_days(st, a, today - HISTORY, today, &have);
	if (rc || have.n)
		return rc; /* a site with views of its own keeps them */
	struct pages pg;
	if ((rc = find_pages(st, a, &pg)))
		return rc;
	struct store_view_count c[16 + 3 * 40];
	unsigned char(*readers)[16] = arena_alloc(a, 400 * sizeof *readers);
	if (!readers)
		return STORE_ERR;
	for (int64_t day = today - HISTORY; day <= today; day++) {
		double part = day < today ? 1.0 : (double)(now % 86400) / 86400.0;
		int n = day_counts(day, today, part, &pg, c);
		if ((rc = store_views_add(st, c, n)))
			return rc;
		/* Readers: about one in nine views, each a member's hash that
		 * day; asking for the next day's salt closes this one. */
		unsigned char salt[32];
		if ((rc = store_views_salt(st, day, salt)) == STORE_ECONFLICT)
			continue; /* a server counted a later day already: no readers for this one */
		if (rc)
			return rc;
		int nr = (int)((double)day_total(day, today) * part / 9.0);
		nr = nr > 400 ? 400 : nr;
		randombytes_buf(readers, (size_t)nr * sizeof *readers);
		if ((rc = store_views_readers(st, day, (const unsigned char(*)[16])readers, nr)))
			return rc;
	}
	return 0;
}

int demo_dashboard(store *st)
{
	arena *a = arena_new(1u << 20);
	if (!a)
		return STORE_ERR;
	int64_t now = (int64_t)time(NULL);
	int rc = add_crowd(st, now);
	if (!rc)
		rc = add_views(st, a, now);
	arena_free(a);
	return rc;
}
