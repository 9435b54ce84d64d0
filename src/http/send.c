/* send.c: answering with a stored file as HTTP asks (RFC 9110): the
 * validators (ETag, Last-Modified), conditional requests (If-None-Match,
 * If-Modified-Since -> 304), one byte range (Range, If-Range -> 206 or
 * 416) and Content-Disposition.
 *
 * Invariants: the bytes are never read into memory here: the answer names
 * a file descriptor and offset, or a reader that server.c calls as the
 * connection takes the bytes; and a reader handed to http_send_stored is
 * always either passed on to the answer or released (its done called)
 * before http_send_stored returns.  Every header value is built from
 * checked bytes, so none can carry CR or LF. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/log.h"
#include "../core/utc.h"
#include "http.h"

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static void skip_ows(str s, size_t *i)
{
	while (*i < s.n && is_ows(s.p[*i]))
		(*i)++;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads one or more digits at *i as a number that saturates at INT64_MAX
 * (a position past any file is as good as infinity); -1 when none. */
static int read_number(str s, size_t *i, int64_t *out)
{
	size_t start = *i;
	int64_t v = 0;
	for (; *i < s.n && is_digit(s.p[*i]); (*i)++) {
		int d = s.p[*i] - '0';
		v = v > (INT64_MAX - d) / 10 ? INT64_MAX : v * 10 + d;
	}
	*out = v;
	return *i > start ? 0 : -1;
}

int http_range_parse(str h, int64_t size, int64_t *first, int64_t *last)
{
	size_t i = 0;
	int64_t a = -1, b = -1;
	if (!h.p || size < 0)
		return 0;
	skip_ows(h, &i);
	if (h.n - i < 5 || !str_ieq((str){h.p + i, 5}, S("bytes")))
		return 0;
	i += 5;
	skip_ows(h, &i);
	if (i >= h.n || h.p[i++] != '=')
		return 0;
	skip_ows(h, &i);
	if (i < h.n && h.p[i] != '-' && read_number(h, &i, &a) < 0)
		return 0;
	skip_ows(h, &i);
	if (i >= h.n || h.p[i++] != '-')
		return 0;
	skip_ows(h, &i);
	if (i < h.n && is_digit(h.p[i]))
		read_number(h, &i, &b);
	skip_ows(h, &i);
	if (i != h.n)
		return 0; /* several ranges (a comma), or bytes we do not understand */
	if (a < 0) { /* a suffix: the last b bytes */
		if (b < 0)
			return 0;
		if (b == 0)
			return -1;
		if (size == 0)
			return 0; /* nothing to cut: the whole (empty) file */
		*first = b >= size ? 0 : size - b;
		*last = size - 1;
		return 1;
	}
	if (b >= 0 && b < a)
		return 0; /* invalid: ignored, as RFC 9110 allows */
	if (a >= size)
		return -1;
	*first = a;
	*last = b < 0 || b >= size ? size - 1 : b;
	return 1;
}

/* ---- HTTP dates: IMF-fixdate, and the obsolete RFC 850 and asctime
 * forms a recipient must still read (RFC 9110 5.6.7). */


/* Exactly `n` digits at *i (a leading space stands for a zero when
 * `space` allows it), as an int. */
static bool date_num(str s, size_t *i, int n, bool space, int *out)
{
	int v = 0;
	if (*i + (size_t)n > s.n)
		return false;
	for (int k = 0; k < n; k++) {
		char c = s.p[*i + (size_t)k];
		if (space && k == 0 && c == ' ')
			continue;
		if (!is_digit(c))
			return false;
		v = v * 10 + (c - '0');
	}
	*i += (size_t)n;
	*out = v;
	return true;
}

static bool date_lit(str s, size_t *i, const char *lit)
{
	size_t n = strlen(lit);
	if (*i + n > s.n || memcmp(s.p + *i, lit, n) != 0)
		return false;
	*i += n;
	return true;
}

static bool date_month(str s, size_t *i, int *mon)
{
	for (int m = 0; m < 12; m++)
		if (*i + 3 <= s.n && memcmp(s.p + *i, utc_months[m], 3) == 0) {
			*i += 3;
			*mon = m;
			return true;
		}
	return false;
}

static bool date_time(str s, size_t *i, struct tm *tm)
{
	return date_num(s, i, 2, false, &tm->tm_hour) && date_lit(s, i, ":") &&
	       date_num(s, i, 2, false, &tm->tm_min) && date_lit(s, i, ":") && date_num(s, i, 2, false, &tm->tm_sec);
}

/* Parses an HTTP date into unix time; -1 when it is not one. */
static int http_date_parse(str s, int64_t *out)
{
	struct tm tm = {0};
	size_t i = 0;
	bool ok;
	while (i < s.n && i < 9 && ((s.p[i] | 0x20) >= 'a' && (s.p[i] | 0x20) <= 'z'))
		i++; /* the day name: implied by the date */
	if (i < 3)
		return -1;
	if (date_lit(s, &i, ", ")) {
		bool dashes = i + 2 < s.n && s.p[i + 2] == '-'; /* RFC 850: 06-Nov-94 */
		const char *sep = dashes ? "-" : " ";
		ok = date_num(s, &i, 2, false, &tm.tm_mday) && date_lit(s, &i, sep) && date_month(s, &i, &tm.tm_mon) &&
		     date_lit(s, &i, sep) && date_num(s, &i, dashes ? 2 : 4, false, &tm.tm_year) &&
		     date_lit(s, &i, " ") && date_time(s, &i, &tm) && date_lit(s, &i, " GMT");
		if (dashes)
			tm.tm_year += tm.tm_year < 70 ? 2000 : 1900;
	} else { /* asctime: Sun Nov  6 08:49:37 1994 */
		ok = date_lit(s, &i, " ") && date_month(s, &i, &tm.tm_mon) && date_lit(s, &i, " ") &&
		     date_num(s, &i, 2, true, &tm.tm_mday) && date_lit(s, &i, " ") && date_time(s, &i, &tm) &&
		     date_lit(s, &i, " ") && date_num(s, &i, 4, false, &tm.tm_year);
	}
	if (!ok || i != s.n || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60 || tm.tm_year < 1970)
		return -1;
	tm.tm_year -= 1900;
	*out = (int64_t)timegm(&tm);
	return 0;
}

/* ---- Entity tags */

/* The entity tag at *i of s (W/"x" or "x"), moved past; false when
 * there is none. */
static bool etag_next(str s, size_t *i, str *tag, bool *weak)
{
	*weak = *i + 2 <= s.n && s.p[*i] == 'W' && s.p[*i + 1] == '/';
	size_t j = *i + (*weak ? 2 : 0);
	if (j >= s.n || s.p[j] != '"')
		return false;
	size_t end = j + 1;
	while (end < s.n && s.p[end] != '"')
		end++;
	if (end >= s.n)
		return false;
	*tag = (str){s.p + j, end + 1 - j};
	*i = end + 1;
	return true;
}

/* Our own validator without a W/ prefix. */
static str etag_opaque(const char *etag, bool *weak)
{
	str t = str_c(etag);
	*weak = t.n >= 2 && t.p[0] == 'W' && t.p[1] == '/';
	if (*weak)
		t.p += 2, t.n -= 2;
	return t;
}

/* If-None-Match: "*" or a list that has our tag by the weak comparison. */
static bool etag_list_matches(str list, const char *etag)
{
	bool our_weak, weak;
	str ours = etag ? etag_opaque(etag, &our_weak) : STR_NULL, tag;
	size_t i = 0;
	for (;;) {
		while (i < list.n && (is_ows(list.p[i]) || list.p[i] == ','))
			i++;
		if (i >= list.n)
			return false;
		if (list.p[i] == '*')
			return true;
		if (!etag_next(list, &i, &tag, &weak))
			return false; /* malformed: nothing more can be trusted */
		if (ours.n && str_eq(tag, ours))
			return true;
	}
}

/* If-Range: true when the Range may be honoured (an entity tag that
 * matches ours strongly, or a date equal to Last-Modified). */
static bool if_range_holds(str v, const struct http_stored *f)
{
	v = str_trim(v);
	/* An entity tag opens with '"' or "W/"; a date may open with "Wed". */
	if (v.n && (v.p[0] == '"' || (v.n >= 2 && v.p[0] == 'W' && v.p[1] == '/'))) {
		bool weak, our_weak;
		size_t i = 0;
		str tag;
		if (!f->etag || !etag_next(v, &i, &tag, &weak) || i != v.n || weak)
			return false;
		str ours = etag_opaque(f->etag, &our_weak);
		return !our_weak && str_eq(tag, ours);
	}
	int64_t t;
	return f->mtime > 0 && http_date_parse(v, &t) == 0 && t == f->mtime;
}

/* ---- The answer */

/* Content-Disposition: the type, an ASCII fallback name (each byte
 * outside printable ASCII, or each UTF-8 character, and `"` `\` become
 * `_`) and the exact name percent-encoded as UTF-8 (RFC 6266, 8187). */
static const char *disposition(http_req *r, const struct http_stored *f)
{
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, f->attachment ? "attachment; filename=\"" : "inline; filename=\"");
	str name = str_c(f->filename);
	if (!name.n)
		name = S("download");
	bool prev_high = false;
	for (size_t i = 0; i < name.n; i++) {
		unsigned char c = (unsigned char)name.p[i];
		bool high = c >= 0x80;
		if (high && (c & 0xC0) == 0x80 && prev_high)
			continue; /* the rest of a character already replaced */
		prev_high = high;
		buf_putc(&b, c < 0x20 || c >= 0x7f || c == '"' || c == '\\' ? '_' : (char)c);
	}
	buf_puts(&b, "\"; filename*=UTF-8''");
	view_esc_urlc(&b, name);
	return buf_cstr(&b);
}

/* The headers every answer about the file carries. */
static int stored_headers(http_req *r, const struct http_stored *f)
{
	char date[64];
	if (f->etag && http_add_header(r, "ETag", f->etag) < 0)
		return -1;
	if (f->mtime > 0) {
		utc_http(date, f->mtime);
		if (http_add_header(r, "Last-Modified", date) < 0)
			return -1;
	}
	if (f->cache && http_add_header(r, "Cache-Control", f->cache) < 0)
		return -1;
	if (http_add_header(r, "Accept-Ranges", "bytes") < 0)
		return -1;
	if (f->filename) {
		const char *cd = disposition(r, f);
		if (!cd || http_add_header(r, "Content-Disposition", cd) < 0)
			return -1;
	}
	return 0;
}

/* 304 is owed: If-None-Match matches, or, when there is none, the file
 * is no newer than If-Modified-Since. */
static bool not_modified(http_req *r, const struct http_stored *f)
{
	str inm = http_header(r, "If-None-Match");
	if (inm.p)
		return etag_list_matches(inm, f->etag);
	str ims = http_header(r, "If-Modified-Since");
	int64_t t;
	return ims.p && f->mtime > 0 && http_date_parse(str_trim(ims), &t) == 0 && f->mtime <= t;
}

/* The range to send: 1 (a part, *first..*last), 0 (the whole file) or
 * -1 (416).  Only a GET has ranges (RFC 9110 14.2). */
static int wanted_range(http_req *r, const struct http_stored *f, int64_t size, int64_t *first, int64_t *last)
{
	str range = http_header(r, "Range");
	if (r->method != HTTP_GET || !range.p)
		return 0;
	str if_range = http_header(r, "If-Range");
	if (if_range.p && !if_range_holds(if_range, f))
		return 0;
	return http_range_parse(range, size, first, last);
}

/* Opens the file and learns its size (the file's, which is the truth
 * Content-Length must tell); -1 when it is not a readable regular file. */
static int open_stored(const char *path, int *fd, int64_t *size)
{
	struct stat st;
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0 || fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		log_error("send", "msg=\"cannot open a stored file\"");
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		return -1;
	}
	*size = (int64_t)st.st_size;
	return 0;
}

/* 416 with the size the client may ask within. */
static int unsatisfiable(http_req *r, int64_t size)
{
	char cr[48];
	snprintf(cr, sizeof cr, "bytes */%lld", (long long)size);
	if (http_add_header(r, "Content-Range", cr) < 0)
		return -1;
	return http_bytes(r, 416, "text/plain; charset=utf-8", S("The range asked for is not in the file.\n"));
}

/* The answer's body: the file's bytes first..last, from fd or through
 * the reader (copied into the arena for server.c).  -1 with nothing
 * taken over. */
static int answer_body(http_req *r, const char *ctype, int fd, const struct http_reader *rd, int status,
		       int64_t first, int64_t last)
{
	struct http_reader *kept = NULL;
	if (fd < 0 && !(kept = arena_alloc(r->a, sizeof *kept)))
		return -1;
	if (http_bytes(r, status, ctype, STR_NULL) < 0)
		return -1;
	r->out_fd = fd;
	if (kept) {
		*kept = *rd;
		r->out_reader = kept;
	}
	r->out_fd_off = first;
	r->out_fd_size = last - first + 1;
	return 0;
}

int http_send_stored(http_req *r, const struct http_stored *f)
{
	struct http_reader rd = f->reader;
	int fd = -1, rc = -1;
	int64_t size = f->size, first = 0, last = -1;
	if (f->path) {
		if (rd.done) /* a file needs no reader: let go of one given anyway */
			rd.done(rd.cls);
		memset(&rd, 0, sizeof rd);
		if (open_stored(f->path, &fd, &size) < 0)
			goto release;
	} else if (!rd.read || size < 0) {
		goto release;
	}
	if (stored_headers(r, f) < 0)
		goto release;
	int part = 0, status = 200;
	if (not_modified(r, f))
		status = 304; /* answered as the whole file, whose length libmicrohttpd tells, but never sends */
	else if ((part = wanted_range(r, f, size, &first, &last)) > 0)
		status = 206;
	if (part < 0) {
		rc = unsatisfiable(r, size);
		goto release;
	}
	if (part == 0) {
		first = 0;
		last = size - 1;
	} else {
		char cr[72];
		snprintf(cr, sizeof cr, "bytes %lld-%lld/%lld", (long long)first, (long long)last, (long long)size);
		if (http_add_header(r, "Content-Range", cr) < 0)
			goto release;
	}
	if (answer_body(r, status == 304 ? NULL : f->ctype, fd, &rd, status, first, last) == 0)
		return 0; /* the answer owns the descriptor or the reader now */
release:
	if (fd >= 0)
		close(fd);
	if (rd.done)
		rd.done(rd.cls);
	return rc;
}
