/* tz.c: see tz.h.  A TZif file is a header of six counts and a data
 * block sized by them (32-bit times), then for version 2 and later the
 * same again with 64-bit times and a footer line holding a POSIX TZ rule.
 * Only the newest block is kept: the transition times (strictly
 * ascending), the type of each (an index below the type count) and each
 * type's offset (bounded, so no later sum overflows).  Leap-second
 * records and the standard/UT indicators are skipped: they do not change
 * an offset.
 *
 * The cache: TZ_CACHE zones by name, least recently used replaced, a
 * failed load kept too (as UTC) so a bad zone is logged once per load,
 * not once per member.  Entries are read and replaced under one mutex;
 * a lookup is a binary search, so it holds the lock for well under a
 * microsecond, and a file is read and parsed outside it. */
#include "tz.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "utc.h"

enum {
	TZ_FILE_MAX = 1 << 20,	/* bytes: real files are under 4 KiB */
	TZ_TIMES_MAX = 1 << 16, /* transitions (real files: under 2,000) */
	TZ_TYPES_MAX = 256,	/* a transition's type is one byte */
	TZ_LEAPS_MAX = 1 << 12,
	TZ_CHARS_MAX = 1 << 12,
	TZ_OFFSET_MAX = 26 * 3600, /* |offset| beyond a day is no place on Earth */
	TZ_RULE_MAX = 256,	   /* bytes of a footer rule */
	TZ_CACHE = 16,
	TZ_TTL = 3600, /* seconds a cached zone is trusted */
};

/* A day of the year in a rule: Jn (1-365, 29 February never counted),
 * n (0-365, counted) or Mm.w.d (month, week 1-5 with 5 the last,
 * weekday 0 Sunday), and the local time of day it changes at. */
struct tz_date {
	char kind; /* 'J', 'n' or 'M' */
	int a, b, c;
	int32_t time;
};

struct tz_rule {
	int32_t std, dst; /* offsets east of UTC */
	bool has_dst;
	struct tz_date start, end; /* into daylight time, and out of it */
};

struct tz_zone {
	int64_t *times; /* ntimes, ascending */
	uint8_t *types; /* ntimes, each < ntypes */
	uint32_t ntimes, ntypes;
	int32_t offs[TZ_TYPES_MAX];
	bool has_rule;
	struct tz_rule rule;
};

/* ---- Calendar arithmetic ------------------------------------------------ */

/* The day (days since 1970) rule date `d` falls on in year y. */
static int64_t rule_day(const struct tz_date *d, int64_t y)
{
	int64_t jan1 = utc_days(y, 1, 1);
	if (d->kind == 'J')
		return jan1 + d->a - 1 + (utc_month_days(y, 2) == 29 && d->a >= 60);
	if (d->kind == 'n')
		return jan1 + d->a;
	int64_t first = utc_days(y, d->a, 1);
	int wday = (int)((first % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
	int64_t day = first + (d->c - wday + 7) % 7 + 7 * (d->b - 1);
	while (day >= first + utc_month_days(y, d->a))
		day -= 7;
	return day;
}

/* Whether rule `r` has daylight time at `t` (clamped by the caller to
 * years where none of this overflows).  Each year's daylight time is
 * [start, end) when start comes first, else [start, the next year's
 * end) (the southern hemisphere); years either side of t's own cover
 * a rule whose change falls in a neighbouring UTC year. */
static bool rule_dst(const struct tz_rule *r, int64_t t)
{
	int64_t y0 = utc_of(t).year;
	for (int64_t y = y0 - 2; y <= y0 + 1; y++) {
		int64_t s = rule_day(&r->start, y) * 86400 + r->start.time - r->std;
		int64_t e = rule_day(&r->end, y) * 86400 + r->end.time - r->dst;
		if (s > e)
			e = rule_day(&r->end, y + 1) * 86400 + r->end.time - r->dst;
		if (s < e && s <= t && t < e)
			return true;
	}
	return false;
}

static int32_t rule_offset(const struct tz_rule *r, int64_t t)
{
	/* Some 290 billion years either way: the rule repeats, and the
	 * sums above stay far inside int64_t. */
	const int64_t lim = (int64_t)1 << 52;
	if (t > lim)
		t = lim;
	if (t < -lim)
		t = -lim;
	return r->has_dst && rule_dst(r, t) ? r->dst : r->std;
}

/* ---- The POSIX TZ rule ---------------------------------------------------- */

struct scan {
	const char *p;
	size_t n, at;
};

static int peek(const struct scan *s)
{
	return s->at < s->n ? (unsigned char)s->p[s->at] : -1;
}

/* A zone abbreviation: three or more letters, or <...> of letters,
 * digits, '+' and '-'. */
static bool scan_name(struct scan *s)
{
	size_t start = s->at;
	if (peek(s) == '<') {
		s->at++;
		while (peek(s) >= 0 && peek(s) != '>') {
			int c = peek(s);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
			      c == '-'))
				return false;
			s->at++;
		}
		if (peek(s) != '>' || s->at - start - 1 < 3)
			return false;
		s->at++;
		return true;
	}
	while ((peek(s) >= 'A' && peek(s) <= 'Z') || (peek(s) >= 'a' && peek(s) <= 'z'))
		s->at++;
	return s->at - start >= 3;
}

/* Decimal digits (one to `digits`) as a number no more than max. */
static bool scan_num(struct scan *s, int digits, int max, int *out)
{
	int v = 0, k = 0;
	while (k < digits && peek(s) >= '0' && peek(s) <= '9') {
		v = v * 10 + (peek(s) - '0');
		s->at++;
		k++;
	}
	*out = v;
	return k > 0 && v <= max;
}

/* [+-]hh[:mm[:ss]], hours at most max_h, in seconds. */
static bool scan_hms(struct scan *s, int max_h, int32_t *out)
{
	int sign = 1, h = 0, m = 0, sec = 0;
	if (peek(s) == '+' || peek(s) == '-')
		sign = s->p[s->at++] == '-' ? -1 : 1;
	if (!scan_num(s, 3, max_h, &h))
		return false;
	if (peek(s) == ':') {
		s->at++;
		if (!scan_num(s, 2, 59, &m))
			return false;
		if (peek(s) == ':') {
			s->at++;
			if (!scan_num(s, 2, 59, &sec))
				return false;
		}
	}
	*out = sign * (h * 3600 + m * 60 + sec);
	return true;
}

/* ,date[/time] */
static bool scan_date(struct scan *s, struct tz_date *d)
{
	if (peek(s) != ',')
		return false;
	s->at++;
	bool ok;
	if (peek(s) == 'J') {
		s->at++;
		d->kind = 'J';
		ok = scan_num(s, 3, 365, &d->a) && d->a >= 1;
	} else if (peek(s) == 'M') {
		s->at++;
		d->kind = 'M';
		ok = scan_num(s, 2, 12, &d->a) && d->a >= 1 && peek(s) == '.';
		s->at++;
		ok = ok && scan_num(s, 1, 5, &d->b) && d->b >= 1 && peek(s) == '.';
		s->at++;
		ok = ok && scan_num(s, 1, 6, &d->c);
	} else {
		d->kind = 'n';
		ok = scan_num(s, 3, 365, &d->a);
	}
	d->time = 2 * 3600;
	if (ok && peek(s) == '/') {
		s->at++;
		ok = scan_hms(s, 167, &d->time);
	}
	return ok;
}

/* Parses rule text `t` into *r: NULL, or what is wrong with it.  A
 * daylight name with no dates takes the US rule, as glibc does. */
static const char *parse_rule(str t, struct tz_rule *r)
{
	struct scan s = {t.p, t.n, 0};
	int32_t o = 0;
	*r = (struct tz_rule){0};
	if (!scan_name(&s) || !scan_hms(&s, 24, &o))
		return "bad standard time in the rule";
	r->std = -o; /* POSIX counts west of Greenwich */
	r->dst = r->std;
	if (s.at == s.n)
		return NULL;
	if (!scan_name(&s))
		return "bad daylight time name in the rule";
	r->has_dst = true;
	r->dst = r->std + 3600;
	if (peek(&s) != ',' && s.at < s.n) {
		if (!scan_hms(&s, 24, &o))
			return "bad daylight offset in the rule";
		r->dst = -o;
	}
	if (s.at == s.n) {
		r->start = (struct tz_date){'M', 3, 2, 0, 7200};
		r->end = (struct tz_date){'M', 11, 1, 0, 7200};
		return NULL;
	}
	if (!scan_date(&s, &r->start) || !scan_date(&s, &r->end))
		return "bad dates in the rule";
	return s.at == s.n ? NULL : "trailing text after the rule";
}

/* ---- The TZif file ----------------------------------------------------------- */

struct reader {
	const unsigned char *p;
	size_t n, at;
};

/* The next k bytes, or NULL when fewer remain. */
static const unsigned char *take(struct reader *r, size_t k)
{
	if (k > r->n - r->at)
		return NULL;
	const unsigned char *p = r->p + r->at;
	r->at += k;
	return p;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct header {
	unsigned char version; /* 0, or '2' and up */
	uint32_t isut, isstd, leap, time, type, chars;
};

static const char *read_header(struct reader *r, struct header *h)
{
	const unsigned char *p = take(r, 44);
	if (!p)
		return "truncated header";
	if (memcmp(p, "TZif", 4) != 0)
		return "not a TZif file";
	h->version = p[4];
	if (h->version != 0 && (h->version < '2' || h->version > '9'))
		return "unknown version";
	h->isut = be32(p + 20);
	h->isstd = be32(p + 24);
	h->leap = be32(p + 28);
	h->time = be32(p + 32);
	h->type = be32(p + 36);
	h->chars = be32(p + 40);
	/* Bounds that keep block_size from overflowing; the rest of RFC
	 * 8536's rules are read_block's (a version 1 block before a
	 * version 2 one is only skipped). */
	if (h->time > TZ_TIMES_MAX || h->leap > TZ_LEAPS_MAX || h->type > TZ_TYPES_MAX || h->chars > TZ_CHARS_MAX ||
	    h->isut > TZ_TYPES_MAX || h->isstd > TZ_TYPES_MAX)
		return "counts too large";
	return NULL;
}

/* The data block's size for times of `tsize` bytes (the counts are
 * bounded above, so this cannot overflow). */
static size_t block_size(const struct header *h, size_t tsize)
{
	return (size_t)h->time * (tsize + 1) + (size_t)h->type * 6 + h->chars + (size_t)h->leap * (tsize + 4) +
	       h->isstd + h->isut;
}

/* Reads the transitions and types of a block into z (whose arrays have
 * room for h->time). */
static const char *read_block(struct reader *r, const struct header *h, size_t tsize, tz_zone *z)
{
	if (h->type == 0 || h->chars == 0)
		return "no time types";
	if ((h->isut && h->isut != h->type) || (h->isstd && h->isstd != h->type))
		return "bad indicator count";
	const unsigned char *p = take(r, block_size(h, tsize));
	if (!p)
		return "truncated data";
	const unsigned char *idx = p + (size_t)h->time * tsize, *tt = idx + h->time;
	for (uint32_t i = 0; i < h->time; i++) {
		const unsigned char *q = p + (size_t)i * tsize;
		int64_t t = tsize == 8 ? be64(q) : (int64_t)(int32_t)be32(q);
		if (i && t <= z->times[i - 1])
			return "transitions out of order";
		if (idx[i] >= h->type)
			return "bad transition type";
		z->times[i] = t;
		z->types[i] = idx[i];
	}
	for (uint32_t i = 0; i < h->type; i++) {
		int32_t off = (int32_t)be32(tt + 6 * i);
		if (off < -TZ_OFFSET_MAX || off > TZ_OFFSET_MAX || tt[6 * i + 4] > 1 || tt[6 * i + 5] >= h->chars)
			return "bad time type";
		z->offs[i] = off;
	}
	z->ntimes = h->time;
	z->ntypes = h->type;
	return NULL;
}

/* The footer: "\n" rule "\n", which version 2 and later must have; an
 * empty rule is none (the last transition's type goes on). */
static const char *read_footer(struct reader *r, tz_zone *z)
{
	const unsigned char *nl = take(r, 1);
	if (!nl || *nl != '\n')
		return "no footer";
	size_t rest = r->n - r->at;
	const unsigned char *end = memchr(r->p + r->at, '\n', rest < TZ_RULE_MAX ? rest : TZ_RULE_MAX);
	if (!end)
		return "unterminated footer";
	str rule = {(const char *)r->p + r->at, (size_t)(end - (r->p + r->at))};
	if (!rule.n)
		return NULL;
	z->has_rule = true;
	return parse_rule(rule, &z->rule);
}

/* A zone with room for `ntimes` transitions, zeroed; NULL when out of memory. */
static tz_zone *zone_new(uint32_t ntimes)
{
	tz_zone *z = calloc(1, sizeof *z + (size_t)ntimes * 9);
	if (!z)
		return NULL;
	z->times = (int64_t *)(z + 1); /* sizeof *z is a multiple of 8: it holds an int64_t pointer */
	z->types = (uint8_t *)(z->times + ntimes);
	return z;
}

tz_zone *tz_zone_parse(const void *data, size_t n, const char **why)
{
	struct reader r = {data, data ? n : 0, 0};
	struct header h;
	tz_zone *z = NULL;
	*why = n > TZ_FILE_MAX ? "file too large" : read_header(&r, &h);
	if (!*why && h.version && !take(&r, block_size(&h, 4)))
		*why = "truncated data";
	if (!*why && h.version)
		*why = read_header(&r, &h);
	if (!*why && !(z = zone_new(h.time)))
		*why = "out of memory";
	if (!*why)
		*why = read_block(&r, &h, h.version ? 8 : 4, z);
	if (!*why && h.version)
		*why = read_footer(&r, z);
	if (*why) {
		free(z);
		return NULL;
	}
	return z;
}

tz_zone *tz_zone_rule(str rule, const char **why)
{
	tz_zone *z = zone_new(0);
	if (!z) {
		*why = "out of memory";
		return NULL;
	}
	z->ntypes = 1;
	z->has_rule = true;
	if ((*why = rule.n <= TZ_RULE_MAX ? parse_rule(rule, &z->rule) : "rule too long")) {
		free(z);
		return NULL;
	}
	z->offs[0] = z->rule.std;
	return z;
}

void tz_zone_free(tz_zone *z)
{
	free(z);
}

int32_t tz_zone_offset(const tz_zone *z, int64_t t)
{
	if (!z)
		return 0;
	/* RFC 8536: before the first transition, type 0; after the last (or
	 * with none), the footer's rule when there is one, else the last
	 * transition's type. */
	if (z->ntimes && t < z->times[0])
		return z->offs[0];
	if (!z->ntimes || t >= z->times[z->ntimes - 1])
		return z->has_rule ? rule_offset(&z->rule, t) : z->offs[z->ntimes ? z->types[z->ntimes - 1] : 0];
	uint32_t lo = 0, hi = z->ntimes - 1; /* times[lo] <= t < times[hi] */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (z->times[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->offs[z->types[lo]];
}

/* ---- Zones by name, cached ------------------------------------------------- */

/* A plain zone name: letters, digits and _ - + /, no "..", not absolute. */
static bool name_ok(str name)
{
	if (!name.n || name.n > TZ_NAME_MAX || name.p[0] == '/' || memmem(name.p, name.n, "..", 2))
		return false;
	for (size_t i = 0; i < name.n; i++) {
		char c = name.p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
		      c == '_' || c == '-' || c == '+'))
			return false;
	}
	return true;
}

/* Reads and parses zone `name`'s file: as tz_zone_parse. */
static tz_zone *zone_load(str name, const char **why)
{
	char path[sizeof TZ_DIR + TZ_NAME_MAX + 1];
	snprintf(path, sizeof path, "%s/%.*s", TZ_DIR, (int)name.n, name.p);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	unsigned char *data = NULL;
	tz_zone *z = NULL;
	*why = "cannot open the zone file";
	if (fd < 0)
		return NULL;
	*why = "not a regular file, or too large";
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size <= TZ_FILE_MAX &&
	    (data = malloc(sb.st_size ? (size_t)sb.st_size : 1))) {
		size_t got = 0, want = (size_t)sb.st_size;
		ssize_t k = 1;
		while (got < want && (k = read(fd, data + got, want - got)) != 0)
			if (k > 0)
				got += (size_t)k;
			else if (errno != EINTR)
				break;
		z = tz_zone_parse(data, got, why);
	}
	free(data);
	close(fd);
	return z;
}

static struct {
	char name[TZ_NAME_MAX];
	size_t n;	/* 0: a free slot */
	tz_zone *zone;	/* NULL: the load failed, so UTC */
	int64_t loaded; /* monotonic seconds */
	uint64_t used;	/* for replacing the least recently used */
} cache[TZ_CACHE];
static uint64_t cache_clock;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* The slot holding `name` (fresh or not), or -1.  Under the lock. */
static int cache_find(str name)
{
	for (int i = 0; i < TZ_CACHE; i++)
		if (cache[i].n == name.n && memcmp(cache[i].name, name.p, name.n) == 0)
			return i;
	return -1;
}

/* Puts zone z (may be NULL) in the cache as `name`, replacing its old
 * entry or the least recently used; the offset at t.  Under the lock. */
static int32_t cache_put(str name, tz_zone *z, int64_t t, int64_t now)
{
	int k = cache_find(name);
	if (k < 0) {
		k = 0;
		for (int i = 0; i < TZ_CACHE && cache[k].n; i++)
			if (!cache[i].n || cache[i].used < cache[k].used)
				k = i;
	}
	tz_zone_free(cache[k].zone);
	memcpy(cache[k].name, name.p, name.n);
	cache[k].n = name.n;
	cache[k].zone = z;
	cache[k].loaded = now;
	cache[k].used = ++cache_clock;
	return tz_zone_offset(z, t);
}

int32_t tz_offset(str name, int64_t t)
{
	if (!name.n || str_eqc(name, "UTC"))
		return 0;
	char q[2 * TZ_NAME_MAX];
	if (!name_ok(name)) {
		log_warn("tz_zone", "zone=%s err=\"not a zone name: UTC used\"", log_q(q, sizeof q, name.p, name.n));
		return 0;
	}
	int64_t now = mono_now();
	pthread_mutex_lock(&cache_lock);
	int k = cache_find(name);
	if (k >= 0 && now - cache[k].loaded < TZ_TTL) {
		cache[k].used = ++cache_clock;
		int32_t off = tz_zone_offset(cache[k].zone, t);
		pthread_mutex_unlock(&cache_lock);
		return off;
	}
	pthread_mutex_unlock(&cache_lock);
	const char *why = NULL;
	tz_zone *z = zone_load(name, &why);
	if (!z)
		log_warn("tz_zone", "zone=%s err=\"%s: UTC used\"", log_q(q, sizeof q, name.p, name.n), why);
	pthread_mutex_lock(&cache_lock);
	int32_t off = cache_put(name, z, t, now);
	pthread_mutex_unlock(&cache_lock);
	return off;
}

int64_t tz_wall(str name, int64_t wall)
{
	/* The offsets a day either side hold any one change between them. */
	int32_t before = tz_offset(name, wall - 86400), after = tz_offset(name, wall + 86400);
	int64_t t1 = wall - before, t2 = wall - after;
	bool ok1 = tz_offset(name, t1) == before, ok2 = tz_offset(name, t2) == after;
	if (ok1 && ok2)
		return t1 < t2 ? t1 : t2;
	if (ok2)
		return t2;
	return t1; /* valid, or in a gap: read with the offset before it */
}

size_t tz_when(char *out, str name, int64_t t)
{
	return utc_when_at(out, t, tz_offset(name, t));
}

bool tz_known(str name)
{
	if (str_eqc(name, "UTC"))
		return true;
	if (!name_ok(name))
		return false;
	const char *why = NULL;
	tz_zone *z = zone_load(name, &why);
	tz_zone_free(z);
	return z != NULL;
}

void tz_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < TZ_CACHE; i++) {
		tz_zone_free(cache[i].zone);
		cache[i].zone = NULL;
		cache[i].n = 0;
	}
	pthread_mutex_unlock(&cache_lock);
}
