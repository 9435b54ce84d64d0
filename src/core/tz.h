/* tz.h: the UTC offset of an IANA time zone at an instant, read from the
 * zone's TZif file (RFC 8536) under /usr/share/zoneinfo, without the C
 * library: localtime_r follows one process-wide TZ, so setting TZ for
 * each member would race the other threads.
 *
 * A zone's file is input like any other: every size, count and index is
 * checked before it is used, and a file that is missing or malformed
 * makes the zone UTC (offset 0) with a warning logged, never a crash.
 * Instants after the file's last transition follow the POSIX TZ rule in
 * its footer (with RFC 8536's extensions: hours of a transition time
 * from -167 to 167). */
#ifndef ROUNDS_TZ_H
#define ROUNDS_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "str.h"
#include "utc.h"

/* Where zone files are read from: TZ_DIR "/" NAME. */
#define TZ_DIR "/usr/share/zoneinfo"

/* The longest zone name read (the profile field's own limit). */
#define TZ_NAME_MAX 64

/* A parsed zone; immutable once made, so any thread may read it. */
typedef struct tz_zone tz_zone;

/* Parses the `n` bytes of a TZif file (version 1, or the 64-bit block
 * of version 2 and later, with its footer).  A zone the caller frees
 * with tz_zone_free, or NULL when the bytes are not a well-formed TZif
 * file (out of memory too), with why in *why (a constant string). */
tz_zone *tz_zone_parse(const void *data, size_t n, const char **why);

/* A zone from a POSIX TZ rule alone, such as "GMT0BST,M3.5.0/1,M10.5.0"
 * (a TZif footer's text): as tz_zone_parse. */
tz_zone *tz_zone_rule(str rule, const char **why);

/* Frees a zone (NULL is fine). */
void tz_zone_free(tz_zone *z);

/* The offset of local time from UTC at instant `t` (seconds since 1970,
 * UTC) in zone `z`, in seconds east of Greenwich: 36000 for Sydney in
 * winter, -28800 for Los Angeles.  Never fails. */
int32_t tz_zone_offset(const tz_zone *z, int64_t t);

/* The same for the zone named `name` ("Australia/Sydney"; "" and "UTC"
 * are UTC without reading anything).  Zones are kept in a small cache
 * shared by all threads (re-read after an hour, so a tzdata upgrade
 * reaches a running server); a name that is not a plain zone name, or
 * whose file is missing or malformed, is UTC and logged once per load. */
int32_t tz_offset(str name, int64_t t);

/* The instant at which zone `name`'s clock reads `wall` (a wall-clock
 * time counted as if it were UTC: utc_days(y, m, d) * 86400 + ...): the
 * earlier of two when the clocks go back and it reads so twice, and the
 * time an hour-forward jump skipped read with the offset before it
 * (02:30 in a spring gap is 03:30).  The one rule for a time a member
 * types in their own zone. */
int64_t tz_wall(str name, int64_t wall);

/* "3 Dec 2026, 18:05 UTC+11": instant `t` as the wall clock reads it in
 * zone `name`, labelled by its offset then (utc_when_at), into out (at
 * least UTC_WHEN bytes); its length.  "" and "UTC", and zones tz_offset
 * cannot read, give utc_when's text.  The one rule for a time shown to a
 * reader in their own zone. */
size_t tz_when(char *out, str name, int64_t t);

/* Whether `name` is a zone tz_offset can read: "UTC", or a plain zone
 * name whose file is a well-formed TZif file (not zone.tab, say).  The
 * one rule a profile's time zone is checked by (validate_timezone). */
bool tz_known(str name);

/* Empties the cache, freeing its zones (tests, and at exit). */
void tz_cache_clear(void);

#endif
