/* fuzz_csv.c: libFuzzer target for the streaming CSV reader.  The input is
 * read through fmemopen() twice, with roomy and with tight limits, and
 * every call is held to what csv.h promises: a record's fields are within
 * max_field and max_fields, valid UTF-8 without NUL; the calls end (no
 * more of them than the input has bytes, plus one); lines never go back;
 * offsets grow with every record and never pass the input.  And each
 * answer is compared with a slow reference reader below, written from the
 * grammar in csv.h one byte at a time over the whole input in memory: the
 * same records, fields, faults, lines and offsets. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FIELDS 8
#define MAX_FIELD 64

/* --- the reference reader ------------------------------------------------ */

struct ref {
	const uint8_t *p;
	size_t n, i;
	long line;
	size_t max_field;
	int max_fields;
	/* the record */
	char buf[MAX_FIELDS][MAX_FIELD];
	size_t len[MAX_FIELDS];
	int nf;
	const char *why;
	char why_long[48], why_many[48];
};

/* Valid UTF-8, by decoding each code point and checking where it lands. */
static bool utf8_ok(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c = p[i], need = c < 0x80 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 9;
		if (need == 9 || c > 0xf7 || n - i - 1 < need)
			return false;
		uint32_t cp = need ? c & (0x3fu >> need) : c;
		for (uint32_t k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3fu);
		}
		uint32_t min = need == 0 ? 0 : need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000;
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
			return false;
		i += need + 1;
	}
	return true;
}

static void ref_fault(struct ref *f, const char *why)
{
	if (!f->why)
		f->why = why;
}

static void ref_add(struct ref *f, uint8_t c)
{
	if (f->why)
		return;
	if (f->len[f->nf] == f->max_field)
		ref_fault(f, f->why_long);
	else
		f->buf[f->nf][f->len[f->nf]++] = (char)c;
}

/* The field is over: 1 when a comma follows it, 0 when the record ends. */
static int ref_end_field(struct ref *f, bool comma)
{
	if (!f->why && !utf8_ok((const uint8_t *)f->buf[f->nf], f->len[f->nf]))
		ref_fault(f, "invalid UTF-8");
	if (!f->why)
		f->nf++;
	if (comma && !f->why && f->nf == f->max_fields)
		ref_fault(f, f->why_many);
	if (!f->why && comma)
		f->len[f->nf] = 0;
	return comma;
}

/* At p[i], after a field: a comma (1), a line end or the end (0); CR
 * without LF is a fault and what follows it an unquoted field's (-1). */
static int ref_after(struct ref *f)
{
	if (f->i == f->n)
		return 0;
	uint8_t c = f->p[f->i];
	if (c == ',' || c == '\n') {
		f->i++;
		f->line += c == '\n';
		return c == ',';
	}
	if (c == '\r' && f->i + 1 < f->n && f->p[f->i + 1] == '\n') {
		f->i += 2;
		f->line++;
		return 0;
	}
	f->i += c == '\r';
	ref_fault(f, c == '\r' ? "a carriage return without a line feed" : "text after a closing quote");
	return -1;
}

/* An unquoted field from p[i] (or the rest of one after a fault). */
static int ref_unquoted(struct ref *f)
{
	for (;;) {
		if (f->i == f->n)
			return ref_end_field(f, false);
		uint8_t c = f->p[f->i];
		if (c == ',' || c == '\n' || c == '\r') {
			int k = ref_after(f);
			if (k >= 0)
				return ref_end_field(f, k);
			continue;
		}
		f->i++;
		if (c == '"')
			ref_fault(f, "a quote inside an unquoted field");
		else if (c == 0)
			ref_fault(f, "a NUL byte");
		else
			ref_add(f, c);
	}
}

static int ref_quoted(struct ref *f)
{
	f->i++;
	for (;;) {
		if (f->i == f->n) {
			ref_fault(f, "unterminated quoted field");
			return ref_end_field(f, false);
		}
		uint8_t c = f->p[f->i++];
		if (c == '"' && f->i < f->n && f->p[f->i] == '"') {
			f->i++;
			ref_add(f, '"');
		} else if (c == '"') {
			break;
		} else if (c == 0) {
			ref_fault(f, "a NUL byte");
		} else {
			f->line += c == '\n';
			ref_add(f, c);
		}
	}
	int k = ref_after(f);
	return k >= 0 ? ref_end_field(f, k) : ref_unquoted(f);
}

/* The next record, as csv_next() answers (1, 0 or -1); *start its line. */
static int ref_next(struct ref *f, long *start)
{
	for (;;) { /* empty lines */
		size_t k = f->i < f->n && f->p[f->i] == '\n' ? 1 : 0;
		if (f->i + 1 < f->n && f->p[f->i] == '\r' && f->p[f->i + 1] == '\n')
			k = 2;
		if (!k)
			break;
		f->i += k;
		f->line++;
	}
	if (f->i == f->n)
		return 0;
	*start = f->line;
	f->nf = 0;
	f->len[0] = 0;
	f->why = NULL;
	while (f->i < f->n && f->p[f->i] == '"' ? ref_quoted(f) : ref_unquoted(f))
		;
	return f->why ? -1 : 1;
}

/* --- the reader against it ------------------------------------------------ */

static void check(const uint8_t *data, size_t size, size_t max_field, int max_fields)
{
	FILE *fp = fmemopen((void *)data, size, "r");
	if (!fp)
		return;
	csv_reader *r = csv_new(fp, max_field, max_fields);
	struct ref *f = calloc(1, sizeof *f);
	if (!r || !f)
		__builtin_trap();
	*f = (struct ref){.p = data, .n = size, .line = 1, .max_field = max_field, .max_fields = max_fields};
	snprintf(f->why_long, sizeof f->why_long, "field longer than %zu bytes", max_field);
	snprintf(f->why_many, sizeof f->why_many, "more than %d fields", max_fields);
	if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		f->i = 3;
	long last_line = 0, want_line = 0;
	long long last_off = 0;
	for (size_t calls = 0;; calls++) {
		if (calls > size + 1)
			__builtin_trap(); /* a record takes a byte at least */
		str fields[MAX_FIELDS];
		int n = -1;
		const char *why = "unset";
		int rc = csv_next(r, fields, &n, &why);
		int want = ref_next(f, &want_line);
		long line = csv_line(r);
		long long off = csv_offset(r);
		if (rc != want || line < last_line || off < last_off || off > (long long)size || off != (long long)f->i)
			__builtin_trap();
		if (rc == 0) {
			if (n != 0 || why || csv_next(r, fields, &n, &why) != 0)
				__builtin_trap();
			break;
		}
		if (line != want_line || off == last_off)
			__builtin_trap();
		last_line = line;
		last_off = off;
		if (rc == -1) {
			if (n != 0 || !why || strcmp(why, f->why) != 0)
				__builtin_trap();
			continue;
		}
		if (why || n < 1 || n > max_fields || n != f->nf)
			__builtin_trap();
		for (int i = 0; i < n; i++) {
			str s = fields[i];
			if (s.n > max_field || (s.n && memchr(s.p, 0, s.n)) || !utf8_ok((const uint8_t *)s.p, s.n) ||
			    s.n != f->len[i] || (s.n && memcmp(s.p, f->buf[i], s.n) != 0))
				__builtin_trap();
		}
	}
	free(f);
	csv_free(r);
	fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, MAX_FIELD, MAX_FIELDS);
	check(data, size, 3, 2);
	return 0;
}
