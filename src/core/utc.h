/* utc.h: calendar dates and times in UTC from seconds since 1970, by
 * arithmetic alone.  gmtime_r and strftime take the C library's time-zone
 * lock on every call, which the worker threads then queue on; a page
 * shows a date for every post. */
#ifndef ROUNDS_UTC_H
#define ROUNDS_UTC_H

#include <stddef.h>
#include <stdint.h>

struct utc {
	int64_t year;
	int month; /* 1-12 */
	int day;   /* 1-31 */
	int hour, min, sec;
	int wday; /* 0 Sunday - 6 Saturday */
};

/* The day number (days since 1970-01-01) of year-month-day (month 1-12,
 * day 1-31), the inverse of utc_of's date: Hinnant's days_from_civil. */
int64_t utc_days(int64_t year, int month, int day);

/* The days in month `month` (1-12) of `year`: 28 to 31. */
int utc_month_days(int64_t year, int month);

/* "Jan" to "Dec": the names HTTP dates and page dates use (and parse). */
extern const char utc_months[12][4];

/* The calendar fields of `t` (any int64_t: years far out stay exact). */
struct utc utc_of(int64_t t);

/* "2026-12-03T07:05:09Z" into out (at least UTC_ISO bytes); its length. */
#define UTC_ISO 32
size_t utc_iso(char *out, int64_t t);

/* "3 Dec 2026, 07:05 UTC" into out (at least UTC_WHEN bytes); its length. */
#define UTC_WHEN 48
size_t utc_when(char *out, int64_t t);

/* The same for the local time `offset` seconds east of UTC, labelled by
 * its offset: "3 Dec 2026, 18:05 UTC+11", "3 Dec 2026, 12:35 UTC+5:30",
 * "3 Dec 2026, 03:35 UTC-3:30" (seconds too, as "+0:01:15", in the rare
 * old offsets that have them).  Offset 0, or one that would carry t out
 * of int64_t, gives utc_when's text exactly.  A label by offset rather
 * than a zone's abbreviation: abbreviations repeat (IST is India, Ireland
 * and Israel; CST China and Chicago) and many zones have none but "+03". */
size_t utc_when_at(char *out, int64_t t, int32_t offset);

/* "Thu, 03 Dec 2026 07:05:09 GMT" (RFC 9110's HTTP date) into out (at
 * least UTC_HTTP bytes); its length. */
#define UTC_HTTP 40
size_t utc_http(char *out, int64_t t);

#endif
