/* utc.c: see utc.h.  Days to a date by Howard Hinnant's civil_from_days:
 * eras of 400 years (146,097 days) starting on 1 March, so that the leap
 * day falls at the end of each year of the era. */
#include "utc.h"

#include <stdio.h>
#include <string.h>

const char utc_months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

int64_t utc_days(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                                  /* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365], from March */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

int utc_month_days(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return len[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

struct utc utc_of(int64_t t)
{
	struct utc u;
	int64_t d = t / 86400, s = t % 86400;
	if (s < 0) {
		s += 86400;
		d--;
	}
	u.hour = (int)(s / 3600);
	u.min = (int)(s / 60 % 60);
	u.sec = (int)(s % 60);
	u.wday = (int)((d % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
	int64_t z = d + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                                   /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                                  /* [0, 11], from March */
	u.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	u.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	u.year = yoe + era * 400 + (u.month <= 2);
	return u;
}

/* Two digits of v (0-99) at p. */
static void two(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

size_t utc_iso(char *out, int64_t t)
{
	struct utc u = utc_of(t);
	if (u.year < 0 || u.year > 9999)
		return (size_t)snprintf(out, UTC_ISO, "%lld-%02d-%02dT%02d:%02d:%02dZ", (long long)u.year, u.month,
					u.day, u.hour, u.min, u.sec);
	two(out, (int)(u.year / 100));
	two(out + 2, (int)(u.year % 100));
	out[4] = '-';
	two(out + 5, u.month);
	out[7] = '-';
	two(out + 8, u.day);
	out[10] = 'T';
	two(out + 11, u.hour);
	out[13] = ':';
	two(out + 14, u.min);
	out[16] = ':';
	two(out + 17, u.sec);
	out[19] = 'Z';
	out[20] = '\0';
	return 20;
}

/* " UTC", " UTC+11", " UTC-3:30" or " UTC+0:01:15" for offset `off` (at
 * most a day either way) at p; its length. */
static size_t when_label(char *p, int32_t off)
{
	memcpy(p, " UTC", 4);
	if (!off)
		return 4;
	p[4] = off < 0 ? '-' : '+';
	int32_t a = off < 0 ? -off : off;
	int h = (int)(a / 3600), m = (int)(a / 60 % 60), s = (int)(a % 60);
	size_t n = 5;
	if (h >= 10)
		p[n++] = (char)('0' + h / 10);
	p[n++] = (char)('0' + h % 10);
	if (m || s) {
		p[n] = ':';
		two(p + n + 1, m);
		n += 3;
	}
	if (s) {
		p[n] = ':';
		two(p + n + 1, s);
		n += 3;
	}
	return n;
}

size_t utc_when(char *out, int64_t t)
{
	return utc_when_at(out, t, 0);
}

size_t utc_when_at(char *out, int64_t t, int32_t offset)
{
	if (offset < -86400 || offset > 86400 || (offset > 0 && t > INT64_MAX - offset) ||
	    (offset < 0 && t < INT64_MIN - offset))
		offset = 0;
	struct utc u = utc_of(t + offset);
	char label[16];
	size_t ln = when_label(label, offset);
	label[ln] = '\0';
	if (u.year < 1000 || u.year > 9999) {
		int n = snprintf(out, UTC_WHEN, "%d %s %lld, %02d:%02d%s", u.day, utc_months[u.month - 1],
				 (long long)u.year, u.hour, u.min, label);
		return n < 0 ? 0 : n >= UTC_WHEN ? UTC_WHEN - 1 : (size_t)n;
	}
	char *p = out;
	if (u.day >= 10)
		*p++ = (char)('0' + u.day / 10);
	*p++ = (char)('0' + u.day % 10);
	*p++ = ' ';
	memcpy(p, utc_months[u.month - 1], 3);
	p += 3;
	*p++ = ' ';
	two(p, (int)(u.year / 100));
	two(p + 2, (int)(u.year % 100));
	p += 4;
	memcpy(p, ", ", 2);
	two(p + 2, u.hour);
	p[4] = ':';
	two(p + 5, u.min);
	memcpy(p + 7, label, ln + 1);
	return (size_t)(p + 7 + ln - out);
}

size_t utc_http(char *out, int64_t t)
{
	struct utc u = utc_of(t);
	int n = snprintf(out, UTC_HTTP, "%s, %02d %s %04lld %02d:%02d:%02d GMT", days[u.wday], u.day,
			 utc_months[u.month - 1], (long long)u.year, u.hour, u.min, u.sec);
	return n < 0 ? 0 : (size_t)n;
}
