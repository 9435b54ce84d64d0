/* test_tz.c: time-zone offsets from TZif files (src/core/tz.c).  For
 * zones with every kind of rule (half-hour and 45-minute offsets, a
 * 30-minute DST, DST in the southern hemisphere, negative DST, a rule's
 * time negative or past 24 hours, zones with no DST, UTC and Etc/GMT+5),
 * the offset at instants from 1970 to 2100 is compared with glibc's
 * (localtime_r under setenv TZ: fine single-threaded, which is why the
 * server cannot use it), every transition glibc sees found and checked a
 * second either side: after 2037 only the footer's rule answers.  The
 * same for bare POSIX rules with the Jn, n and Mm.w.d forms.  Then input
 * that must give UTC and no crash: every truncation of a real file, an
 * empty file, a file that is not TZif, bad counts, indexes, offsets and
 * order, a footer of garbage; names that are not zones.  Times shown in
 * a zone (tz_when), by hand and against glibc.  And the cache: more
 * zones than it holds, and threads asking at once. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/tz.h"
#include "core/utc.h"
#include "unit.h"

static const char *const zones[] = {
	"Europe/London",   "America/Los_Angeles", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata",
	"Pacific/Chatham", "America/St_Johns",	  "Africa/Casablanca", "UTC",		     "Etc/GMT+5",
	"Etc/GMT-14",	   "America/Sao_Paulo",	  "Asia/Tehran",       "America/Nuuk",	     "Asia/Jerusalem",
	"America/Santiago", "Asia/Gaza",	  "Europe/Dublin",     "Antarctica/Troll",   "America/Havana",
	"Africa/Cairo",	   "Asia/Kathmandu",	  "Pacific/Marquesas", "Pacific/Apia",	     "America/New_York",
	"Europe/Paris",	   "Pacific/Auckland",	  "Asia/Tokyo",
};
#define NZONES (sizeof zones / sizeof zones[0])

static const int64_t FROM = 0;		 /* 1970-01-01 */
static const int64_t TO = 4133980800;	 /* 2101-01-01 */
static const int64_t STEP = 2 * 86400 + 3607;

/* glibc's offset at t under the TZ already set. */
static long glibc_off(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		return -999999;
	return tm.tm_gmtoff;
}

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *d = malloc(1 << 20);
	*n = f && d ? fread(d, 1, 1 << 20, f) : 0;
	if (f)
		fclose(f);
	return d;
}

/* Compares z (or, when NULL, tz_offset(name)) with glibc under TZ `tz`
 * from FROM to TO; each change glibc shows between two samples is
 * narrowed to its second and checked either side.  The mismatches;
 * *changes counts the transitions seen. */
static int compare(const char *tz, const tz_zone *z, const char *name, int *changes)
{
	set_tz(tz);
	int bad = 0;
	long prev = glibc_off(FROM);
	for (int64_t t = FROM; t < TO + STEP; t += STEP) {
		int64_t at[3] = {t, 0, 0};
		int k = 1;
		long now = glibc_off(t);
		if (now != prev) {
			int64_t lo = t - STEP, hi = t; /* glibc_off(lo) == prev != glibc_off(hi) */
			while (hi - lo > 1) {
				int64_t mid = lo + (hi - lo) / 2;
				if (glibc_off(mid) == prev)
					lo = mid;
				else
					hi = mid;
			}
			at[k++] = lo;
			at[k++] = hi;
			(*changes)++;
		}
		prev = now;
		for (int i = 0; i < k; i++) {
			long want = glibc_off(at[i]);
			long got = z ? tz_zone_offset(z, at[i]) : tz_offset(str_c(name), at[i]);
			if (got != want && bad++ < 5)
				fprintf(stderr, "  %s at %lld: got %ld, glibc %ld\n", tz, (long long)at[i], got, want);
		}
	}
	return bad;
}

TEST(test_zones_match_glibc)
{
	int total = 0;
	for (size_t i = 0; i < NZONES; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s/%s", TZ_DIR, zones[i]);
		size_t n;
		unsigned char *d = slurp(path, &n);
		const char *why = NULL;
		tz_zone *z = tz_zone_parse(d, n, &why);
		CHECK(z != NULL);
		if (!z)
			fprintf(stderr, "  %s: %s\n", zones[i], why);
		int changes = 0;
		CHECK(compare(zones[i], z, NULL, &changes) == 0);
		total += changes;
		/* By name, through the cache, the same. */
		changes = 0;
		CHECK(compare(zones[i], NULL, zones[i], &changes) == 0);
		tz_zone_free(z);
		free(d);
	}
	/* The transitions really were there to check (London alone has 260). */
	CHECK(total > 2000);
	set_tz("UTC");
}

/* Zones whose DST continues past 2037 change there by the footer alone. */
TEST(test_after_2037)
{
	const int64_t jul2090 = 3804278400, jan2090 = 3786480000; /* 1 July, 1 January 2090 */
	CHECK(tz_offset(S("Europe/London"), jul2090) == 3600 && tz_offset(S("Europe/London"), jan2090) == 0);
	CHECK(tz_offset(S("Australia/Sydney"), jul2090) == 36000 && tz_offset(S("Australia/Sydney"), jan2090) == 39600);
	CHECK(tz_offset(S("Australia/Lord_Howe"), jul2090) == 37800 &&
	      tz_offset(S("Australia/Lord_Howe"), jan2090) == 39600);
	CHECK(tz_offset(S("America/Los_Angeles"), jul2090) == -25200 &&
	      tz_offset(S("America/Los_Angeles"), jan2090) == -28800);
	CHECK(tz_offset(S("Asia/Kolkata"), jul2090) == 19800);
	CHECK(tz_offset(S("Pacific/Chatham"), jan2090) == 49500 && tz_offset(S("Pacific/Chatham"), jul2090) == 45900);
}

/* A wall-clock time typed in a zone (tz_wall): every instant's own wall
 * time gives it back, or the earlier one when the clock reads it twice;
 * a time a spring gap skips is read with the offset before it. */
TEST(test_wall)
{
	static const char *const names[] = {"UTC", "Europe/London", "America/New_York", "Australia/Sydney",
					    "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		str z = str_c(names[i]);
		int bad = 0;
		for (int64_t t = 1735689600; t < 1798761600; t += 1799) { /* 2025 to 2027 */
			int64_t wall = t + tz_offset(z, t), got = tz_wall(z, wall);
			if (got + tz_offset(z, got) != wall || got > t || (got < t && got + 7200 < t))
				bad++;
		}
		CHECK(bad == 0);
	}
	int64_t day = utc_days(2025, 3, 9) * 86400; /* New York: 02:00 EST became 03:00 EDT */
	CHECK(tz_wall(S("America/New_York"), day + 2 * 3600 + 1800) == day + 7 * 3600 + 1800);
	CHECK(tz_wall(S("America/New_York"), day + 3 * 3600 + 1800) == day + 7 * 3600 + 1800);
	day = utc_days(2025, 11, 2) * 86400; /* 01:30 read twice: EDT's first */
	CHECK(tz_wall(S("America/New_York"), day + 3600 + 1800) == day + 5 * 3600 + 1800);
	day = utc_days(2026, 1, 15) * 86400; /* Sydney in summer, UTC+11 */
	CHECK(tz_wall(S("Australia/Sydney"), day + 9 * 3600) == day - 2 * 3600);
	CHECK(tz_wall(S("UTC"), day) == day && tz_wall(STR_NULL, day) == day);
}

TEST(test_rules_match_glibc)
{
	static const char *const rules[] = {
		"GMT0BST,M3.5.0/1,M10.5.0",
		"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
		"EST5EDT,M3.2.0,M11.1.0",
		"AAA3BBB,J60/1,J300/3",	   /* Jn: 1 March, never 29 February */
		"AAA3BBB,59/1,300",	   /* n: counts 29 February */
		"AAA-3BBB,J10/5,J355/20",
		"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", /* negative time */
		"IST-2IDT,M3.4.4/26,M10.5.0",	    /* past 24 hours */
		"EET-2EEST,M3.4.4/50,M10.4.4/50",
		"<-04>4<-03>,M9.1.6/24,M4.1.6/24", /* southern, at midnight */
		"IST-1GMT0,M10.5.0,M3.5.0/1",	    /* negative DST */
		"<+00>0<+02>-2,M3.5.0/1,M10.5.0/3", /* two hours */
		"AAA+5:45:30BBB+4:15,M2.5.0/1:02:03,M11.5.6/23:59:59", /* seconds in offsets and times */
		"<+0545>-5:45",
		"UTC0",
		"<-05>5",
	};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		const char *why = NULL;
		tz_zone *z = tz_zone_rule(str_c(rules[i]), &why);
		CHECK(z != NULL);
		if (!z) {
			fprintf(stderr, "  %s: %s\n", rules[i], why);
			continue;
		}
		int changes = 0;
		CHECK(compare(rules[i], z, NULL, &changes) == 0);
		CHECK(strchr(rules[i], ',') == NULL || changes > 200);
		if (strchr(rules[i], ',') && changes <= 200)
			fprintf(stderr, "  %s: %d changes\n", rules[i], changes);
		tz_zone_free(z);
	}
	set_tz("UTC");
}

/* Daylight time all year (RFC 8536 3.3.1), and both ends of a
 * southern year. */
TEST(test_rule_edges)
{
	const char *why = NULL;
	tz_zone *z = tz_zone_rule(S("EST5EDT,0/0,J365/25"), &why);
	CHECK(z != NULL);
	for (int64_t t = 1700000000; z && t < 1700000000 + 3 * 366 * 86400; t += 3 * 3600 + 7)
		if (tz_zone_offset(z, t) != -4 * 3600) {
			CHECK(!"all year EDT");
			break;
		}
	tz_zone_free(z);
	/* No dates: the US rule (glibc would read its posixrules file, with
	 * New York's history, so it is no reference here).  2025: from 9
	 * March 07:00 UTC to 2 November 06:00 UTC. */
	z = tz_zone_rule(S("XST5XDT"), &why);
	CHECK(z && tz_zone_offset(z, 1741503599) == -18000 && tz_zone_offset(z, 1741503600) == -14400);
	CHECK(z && tz_zone_offset(z, 1762063199) == -14400 && tz_zone_offset(z, 1762063200) == -18000);
	tz_zone_free(z);
	z = tz_zone_rule(S("AEST-10AEDT,M10.1.0,M4.1.0/3"), &why);
	CHECK(z && tz_zone_offset(z, 1735689600) == 39600); /* 1 January 2025 */
	CHECK(z && tz_zone_offset(z, 1751328000) == 36000); /* 1 July 2025 */
	/* Far out, no overflow, the rule still answers. */
	CHECK(z && tz_zone_offset(z, INT64_MAX) != 12345 && tz_zone_offset(z, INT64_MIN) != 12345);
	tz_zone_free(z);
}

/* ---- Malformed input ------------------------------------------------------ */

/* A small version 2 file: a transition at 4608 from type 0 (+1h) to
 * type 1 (+2h, DST), and when t2 is not 0 a second one at t2 back to
 * type 0; footer `foot`. */
static size_t build(unsigned char *out, size_t cap, const char *foot, uint32_t t2)
{
	size_t n = 0;
	uint32_t nt = t2 ? 2 : 1;
	memset(out, 0, cap);
	for (int part = 0; part < 2; part++) {
		memcpy(out + n, "TZif2", 5);
		n += 20;
		uint32_t counts[6] = {2, 2, 0, nt, 2, 8}; /* isut isstd leap time type char */
		for (int i = 0; i < 6; i++, n += 4) {
			out[n] = (unsigned char)(counts[i] >> 24);
			out[n + 3] = (unsigned char)counts[i];
		}
		size_t ts = part ? 8 : 4;
		out[n + ts - 2] = 0x12; /* 0x1200 */
		for (int i = 0; t2 && i < 4; i++)
			out[n + 2 * ts - 1 - i] = (unsigned char)(t2 >> (8 * i));
		n += nt * ts;
		out[n] = 1; /* the types of the transitions */
		n += nt;
		const unsigned char types[12] = {0, 0, 0x0e, 0x10, 0, 0, 0, 0, 0x1c, 0x20, 1, 4};
		memcpy(out + n, types, 12);
		n += 12;
		memcpy(out + n, "AAA\0BBB\0", 8);
		n += 8;
		n += 4; /* isstd, isut: zeros */
	}
	size_t f = strlen(foot);
	CHECK(n + f <= cap);
	memcpy(out + n, foot, n + f <= cap ? f : 0);
	return n + f;
}

/* Whether bytes d[0..n) are refused, and so UTC, without a crash (ASan
 * sees any over-read: the copy is exactly n bytes). */
static bool refused(const unsigned char *d, size_t n)
{
	unsigned char *copy = malloc(n ? n : 1);
	memcpy(copy, d, n);
	const char *why = NULL;
	tz_zone *z = tz_zone_parse(copy, n, &why);
	bool ok = z == NULL && why != NULL && tz_zone_offset(z, 1700000000) == 0;
	tz_zone_free(z);
	free(copy);
	return ok;
}

TEST(test_malformed)
{
	unsigned char f[1024];
	const char *why = NULL;
	size_t n = build(f, sizeof f, "\nAAA-1BBB-2,M3.5.0,M10.5.0\n", 0);
	tz_zone *z = tz_zone_parse(f, n, &why);
	CHECK(z != NULL); /* the well-formed one */
	CHECK(z && tz_zone_offset(z, 4607) == 3600 && tz_zone_offset(z, 1751328000) == 7200);
	tz_zone_free(z);
	/* Every truncation. */
	bool all = true;
	for (size_t k = 0; k < n; k++)
		all = all && refused(f, k);
	CHECK(all);
	CHECK(refused((const unsigned char *)"", 0) && refused((const unsigned char *)"Hello, world\n", 13));
	CHECK(refused((const unsigned char *)"TZif", 4));
	/* Bad counts, indexes, offsets, version. */
	size_t v2 = 44 + 4 + 1 + 12 + 8 + 4; /* where the v2 header starts */
	struct {
		size_t at;
		unsigned char v;
	} bad[] = {
		{4, '1'},		     /* an unknown version */
		{0, 'X'},		     /* not TZif */
		{35, 200},		     /* the v1 block's timecnt past the file */
		{v2 + 4, '1'},		     /* the second header's version */
		{v2 + 1, 'X'},		     /* the second header's magic */
		{v2 + 39, 0},		     /* typecnt 0 */
		{v2 + 39, 3},		     /* typecnt not isutcnt */
		{v2 + 36, 1},		     /* typecnt 2^24 + 2 */
		{v2 + 35, 200},		     /* timecnt past the data */
		{v2 + 32, 0x7f},	     /* timecnt huge */
		{v2 + 23, 1},		     /* isutcnt != typecnt */
		{v2 + 31, 1},		     /* a leap second record: the footer misplaced */
		{v2 + 43, 0},		     /* charcnt 0 */
		{v2 + 44 + 8, 2},	     /* the transition's type out of range */
		{v2 + 44 + 9, 0x7f},	     /* type 0's offset huge */
		{v2 + 44 + 9, 0x80},	     /* type 0's offset negative huge */
		{v2 + 44 + 9 + 4, 2},	     /* isdst not 0 or 1 */
		{v2 + 44 + 9 + 5, 8},	     /* abbreviation index past the characters */
		{44 + 4 + 1 + 12 + 8, 1},    /* fine: an isstd byte */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unsigned char g[1024];
		memcpy(g, f, n);
		g[bad[i].at] = bad[i].v;
		bool want_ok = i == sizeof bad / sizeof bad[0] - 1;
		if (refused(g, n) == want_ok) {
			CHECK(!"a malformed file was taken (or a fine one refused)");
			fprintf(stderr, "  poke %zu at %zu\n", i, bad[i].at);
		}
	}
	/* An empty footer: the last type goes on. */
	unsigned char two[512];
	size_t m = build(two, sizeof two, "\n\n", 0);
	z = tz_zone_parse(two, m, &why);
	CHECK(z && tz_zone_offset(z, 1751328000) == 7200);
	tz_zone_free(z);
	/* Two transitions: in order, the second is back to type 0; out of
	 * order or equal, refused. */
	m = build(two, sizeof two, "\n\n", 5000);
	z = tz_zone_parse(two, m, &why);
	CHECK(z && tz_zone_offset(z, 4700) == 7200 && tz_zone_offset(z, 5000) == 3600);
	tz_zone_free(z);
	CHECK(refused(two, build(two, sizeof two, "\n\n", 4000)) && refused(two, build(two, sizeof two, "\n\n", 4608)));
	/* Footers. */
	static const char *const feet[] = {
		"",
		"\n",
		"x\nAAA-1\n",
		"\nnot a rule!\n",
		"\nAAA-1BBB,M3.5.0\n",
		"\nAAA-1BBB,M3.5.0,M10.5.0x\n",
		"\nAAA-1BBB,M13.5.0,M10.5.0\n",
		"\nAAA-1BBB,M3.6.0,M10.5.0\n",
		"\nAAA-1BBB,M3.5.7,M10.5.0\n",
		"\nAAA-1BBB,M0.5.0,M10.5.0\n",
		"\nAAA-1BBB,J0,J365\n",
		"\nAAA-1BBB,J1,J366\n",
		"\nAAA-1BBB,1,366\n",
		"\nAAA-1BBB,M3.5.0/168,M10.5.0\n",
		"\nAAA-25\n",
		"\nAA-1\n",
		"\n<AB>-1\n",
		"\n<A B>-1\n",
		"\n<ABC-1\n",
		"\nAAA\n",
		"\nAAA-1:60\n",
		"\nAAA-1BBB-2:30:60,M3.5.0,M10.5.0\n",
		"\nAAA-1BBB,M3.5.0/1:,M10.5.0\n",
		"\nAAA-1BBB,M3..0,M10.5.0\n",
	};
	for (size_t i = 0; i < sizeof feet / sizeof feet[0]; i++) {
		unsigned char g[1024];
		size_t k = build(g, sizeof g, feet[i], 0);
		if (!refused(g, k)) {
			CHECK(!"a bad footer was taken");
			fprintf(stderr, "  footer %zu\n", i);
		}
	}
	/* An unterminated footer longer than a rule may be. */
	char longfoot[400];
	memset(longfoot, 'A', sizeof longfoot);
	longfoot[0] = '\n';
	longfoot[sizeof longfoot - 1] = '\0';
	CHECK(refused(f, build(f, sizeof f, longfoot, 0)));
	CHECK(tz_zone_rule(S(""), &why) == NULL && tz_zone_rule(S("nonsense"), &why) == NULL);
}

/* Every truncation of real files is refused, the whole file taken. */
TEST(test_real_truncations)
{
	static const char *const some[] = {"Europe/London", "Australia/Lord_Howe", "Etc/GMT+5"};
	for (size_t i = 0; i < sizeof some / sizeof some[0]; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s/%s", TZ_DIR, some[i]);
		size_t n;
		unsigned char *d = slurp(path, &n);
		bool all = n > 100;
		for (size_t k = 0; k < n; k++)
			all = all && refused(d, k);
		CHECK(all);
		CHECK(!refused(d, n));
		free(d);
	}
}

TEST(test_names)
{
	CHECK(tz_offset(S(""), 1751328000) == 0 && tz_offset(S("UTC"), 1751328000) == 0);
	CHECK(tz_offset(S("No/Such_Zone"), 1751328000) == 0);
	CHECK(tz_offset(S("../../etc/passwd"), 1751328000) == 0);
	CHECK(tz_offset(S("/etc/passwd"), 1751328000) == 0);
	CHECK(tz_offset(S("zone.tab"), 1751328000) == 0); /* a file, not TZif */
	CHECK(tz_offset(S("Europe"), 1751328000) == 0);	  /* a folder */
	CHECK(tz_offset(S("Europe/London\n"), 1751328000) == 0);
	/* The name is its bytes, not a C string. */
	CHECK(tz_offset((str){"Europe/LondonXYZ", 13}, 1751328000) == 3600);
}

/* Checks that tz_when(zone, t) is `want`. */
static bool when_is(const char *zone, int64_t t, const char *want)
{
	char out[UTC_WHEN];
	size_t n = tz_when(out, str_c(zone), t);
	if (n == strlen(want) && strcmp(out, want) == 0)
		return true;
	fprintf(stderr, "tz_when(%s, %lld): \"%s\", not \"%s\"\n", zone, (long long)t, out, want);
	return false;
}

/* A page's time in the reader's zone: the wall clock either side of
 * daylight time starting and ending (Sydney, and St John's, half an hour
 * off the hour), zones off by 30 and 45 minutes, and the text of UTC
 * itself for no zone, UTC, a zone at offset 0, and a zone that cannot be
 * read. */
TEST(test_when)
{
	CHECK(when_is("Australia/Sydney", 1791043140, "4 Oct 2026, 01:59 UTC+10")); /* 2026-10-03T15:59Z */
	CHECK(when_is("Australia/Sydney", 1791043200, "4 Oct 2026, 03:00 UTC+11")); /* a minute later */
	CHECK(when_is("Australia/Sydney", 1775318340, "5 Apr 2026, 02:59 UTC+11"));
	CHECK(when_is("Australia/Sydney", 1775318400, "5 Apr 2026, 02:00 UTC+10")); /* 02:00-03:00 twice */
	CHECK(when_is("America/St_Johns", 1772947740, "8 Mar 2026, 01:59 UTC-3:30"));
	CHECK(when_is("America/St_Johns", 1772947800, "8 Mar 2026, 03:00 UTC-2:30"));
	CHECK(when_is("Asia/Kolkata", 1796281500, "3 Dec 2026, 12:35 UTC+5:30"));
	CHECK(when_is("Asia/Kathmandu", 1796281500, "3 Dec 2026, 12:50 UTC+5:45"));
	CHECK(when_is("Pacific/Chatham", 1796281500, "3 Dec 2026, 20:50 UTC+13:45"));
	CHECK(when_is("America/Los_Angeles", 1796281500, "2 Dec 2026, 23:05 UTC-8")); /* the day before */
	CHECK(when_is("Europe/London", 1791043140, "3 Oct 2026, 16:59 UTC+1"));
	CHECK(when_is("Europe/London", 1796281500, "3 Dec 2026, 07:05 UTC"));
	CHECK(when_is("", 1796281500, "3 Dec 2026, 07:05 UTC"));
	CHECK(when_is("UTC", 1796281500, "3 Dec 2026, 07:05 UTC"));
	CHECK(when_is("No/Such_Zone", 1796281500, "3 Dec 2026, 07:05 UTC"));
	CHECK(when_is("../../etc/passwd", 1796281500, "3 Dec 2026, 07:05 UTC"));
	/* An offset with seconds (London's before 1847), and offsets that
	 * would carry the instant out of int64_t: UTC's text, whole. */
	char out[UTC_WHEN], want[UTC_WHEN];
	CHECK(utc_when_at(out, 0, -75) == 30 && strcmp(out, "31 Dec 1969, 23:58 UTC-0:01:15") == 0);
	CHECK(utc_when_at(out, INT64_MAX, 3600) == utc_when(want, INT64_MAX) && strcmp(out, want) == 0);
	CHECK(utc_when_at(out, INT64_MIN, -3600) == utc_when(want, INT64_MIN) && strcmp(out, want) == 0);
	CHECK(utc_when_at(out, INT64_MIN, 50400) > 0 && strstr(out, " UTC+14") != NULL);
	CHECK(utc_when_at(out, 0, 90000) == utc_when(want, 0) && strcmp(out, want) == 0); /* no such offset */
}

/* tz_when against glibc's wall clock (strftime of localtime_r, with a
 * label made from tm_gmtoff here) over 1970-2100 in every test zone. */
TEST(test_when_matches_glibc)
{
	int bad = 0;
	for (size_t i = 0; i < NZONES; i++) {
		set_tz(zones[i]);
		for (int64_t t = FROM; t < TO; t += 9 * 86400 + 3607) {
			time_t tt = (time_t)t;
			struct tm tm;
			char want[80], got[UTC_WHEN], label[40] = " UTC";
			if (!localtime_r(&tt, &tm) || !strftime(want, 40, "%e %b %Y, %H:%M", &tm)) {
				bad++;
				continue;
			}
			long off = tm.tm_gmtoff, a = off < 0 ? -off : off;
			if (a % 60)
				snprintf(label, sizeof label, " UTC%c%ld:%02ld:%02ld", off < 0 ? '-' : '+', a / 3600, a / 60 % 60, a % 60);
			else if (a % 3600)
				snprintf(label, sizeof label, " UTC%c%ld:%02ld", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
			else if (a)
				snprintf(label, sizeof label, " UTC%c%ld", off < 0 ? '-' : '+', a / 3600);
			size_t wn = strlen(want);
			snprintf(want + wn, sizeof want - wn, "%s", label);
			const char *w = want[0] == ' ' ? want + 1 : want;
			if (tz_when(got, str_c(zones[i]), t) != strlen(w) || strcmp(got, w) != 0) {
				if (bad++ < 5)
					fprintf(stderr, "%s at %lld: \"%s\", glibc \"%s\"\n", zones[i], (long long)t, got, w);
			}
		}
	}
	set_tz("UTC");
	CHECK(bad == 0);
}

/* More zones than the cache holds, twice over: always the right answer. */
TEST(test_cache)
{
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < NZONES; i++) {
			set_tz(zones[i]);
			if (tz_offset(str_c(zones[i]), 1751328000 + (int64_t)round * 86400) !=
			    glibc_off(1751328000 + (int64_t)round * 86400))
				CHECK(!"cached offset");
		}
	set_tz("UTC");
	tz_cache_clear();
	CHECK(tz_offset(S("Asia/Kolkata"), 1751328000) == 19800);
}

struct job {
	int first;
	int wrong;
};

static long want_jul[NZONES], want_jan[NZONES];

static void *asker(void *arg)
{
	struct job *j = arg;
	for (int r = 0; r < 2000; r++) {
		size_t i = ((size_t)j->first + (size_t)r) % NZONES;
		j->wrong += tz_offset(str_c(zones[i]), 1751328000) != want_jul[i];
		j->wrong += tz_offset(str_c(zones[i]), 1735689600) != want_jan[i];
	}
	return NULL;
}

TEST(test_threads)
{
	for (size_t i = 0; i < NZONES; i++) {
		set_tz(zones[i]);
		want_jul[i] = glibc_off(1751328000);
		want_jan[i] = glibc_off(1735689600);
	}
	set_tz("UTC");
	tz_cache_clear();
	pthread_t th[4];
	struct job jobs[4] = {{0, 0}, {7, 0}, {13, 0}, {21, 0}};
	for (int i = 0; i < 4; i++)
		CHECK(pthread_create(&th[i], NULL, asker, &jobs[i]) == 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK(jobs[i].wrong == 0);
	}
}

int main(void)
{
	if (!getenv("ROUNDS_TEST_LOG"))
		log_set_level(LOG_ERROR); /* the refused zones' warnings */
	RUN(test_zones_match_glibc);
	RUN(test_after_2037);
	RUN(test_wall);
	RUN(test_rules_match_glibc);
	RUN(test_rule_edges);
	RUN(test_malformed);
	RUN(test_real_truncations);
	RUN(test_names);
	RUN(test_when);
	RUN(test_when_matches_glibc);
	RUN(test_cache);
	RUN(test_threads);
	tz_cache_clear();
	return unit_summary();
}
