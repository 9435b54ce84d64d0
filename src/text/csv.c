/* csv.c: the streaming CSV reader (the grammar and its choices are in
 * csv.h), and the writer at the end.
 *
 * Invariants: input is read in blocks into `in`, and in[ipos..iend) is
 * what is left of the block; nothing is ever read outside in[0..iend).
 * Each call to csv_next() parses one record with a small state machine
 * whose per-call state lives in a `struct pass`; fields are copied,
 * unescaped, into `rec`, which holds max_fields fields of max_field bytes.
 * Before a byte is stored its field's length is checked against
 * max_field, and a field beyond max_fields is refused at the comma that
 * starts it, so `rec` can never overflow.  After the first fault of a
 * record nothing more is stored: the machine keeps running only to find
 * where the record ends.  Every step either consumes a byte or moves to a
 * state that will, so a call ends after O(bytes) work. */
#include "csv.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define CSV_BLOCK 65536

struct csv_reader {
	FILE *f;
	size_t max_field;
	int max_fields;
	unsigned char *in; /* CSV_BLOCK bytes */
	size_t ipos, iend;
	long long base; /* offset in f of in[0] */
	bool eof;       /* f has no more */
	int err;        /* errno of a failed read, 0 while none */
	char *rec;      /* max_fields * max_field bytes: the fields of a record */
	long line;      /* the line of in[ipos] */
	long rec_line;  /* csv_line() */
	char why_long[48], why_many[48];
};

enum state {
	ST_START, /* at the start of a field */
	ST_UNQ,   /* in an unquoted field */
	ST_QUO,   /* in a quoted field */
	ST_QQ,    /* a quote in a quoted field: a doubled quote, or the closing one */
	ST_CR,    /* after a CR outside quotes */
};

/* One call's parse of a record. */
struct pass {
	str *fields;
	int nf;            /* fields finished */
	size_t fstart;     /* the current field's start in rec */
	size_t pos;        /* its end */
	unsigned acc;      /* every byte of the field or'ed: 0x80 set means check UTF-8 */
	enum state state;
	bool any;          /* the record has begun: it is no empty line */
	const char *why;   /* the first fault, NULL while none */
};

/* Bytes that end a run of ordinary bytes, outside and inside quotes. */
#define C_UNQ 1
#define C_QUO 2
static const unsigned char special[256] = {
	[0] = C_UNQ | C_QUO, ['\n'] = C_UNQ | C_QUO, ['"'] = C_UNQ | C_QUO, ['\r'] = C_UNQ, [','] = C_UNQ,
};

csv_reader *csv_new(FILE *f, size_t max_field, int max_fields)
{
	if (!f || max_field < 1 || max_fields < 1 || max_field > SIZE_MAX / (size_t)max_fields)
		return NULL;
	csv_reader *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->f = f;
	r->max_field = max_field;
	r->max_fields = max_fields;
	r->in = malloc(CSV_BLOCK);
	r->rec = malloc(max_field * (size_t)max_fields);
	if (!r->in || !r->rec)
		goto fail;
	r->line = 1;
	snprintf(r->why_long, sizeof r->why_long, "field longer than %zu bytes", max_field);
	snprintf(r->why_many, sizeof r->why_many, "more than %d fields", max_fields);
	return r;
fail:
	csv_free(r);
	return NULL;
}

void csv_free(csv_reader *r)
{
	if (!r)
		return;
	free(r->in);
	free(r->rec);
	free(r);
}

long csv_line(const csv_reader *r)
{
	return r->rec_line;
}

long long csv_offset(const csv_reader *r)
{
	return r->base + (long long)r->ipos;
}

/* Reads the next block once `in` is used up.  1: there are bytes; 0: end
 * of input; -1: a read failed (errno set).  fread() returns short only at
 * the end of the input or on an error, so a short block settles which. */
static int refill(csv_reader *r)
{
	if (r->ipos < r->iend)
		return 1;
	if (r->err) {
		errno = r->err;
		return -1;
	}
	if (r->eof)
		return 0;
	r->base += (long long)r->iend;
	r->ipos = 0;
	errno = 0;
	r->iend = fread(r->in, 1, CSV_BLOCK, r->f);
	if (r->iend < CSV_BLOCK) {
		if (ferror(r->f))
			r->err = errno ? errno : EIO;
		else
			r->eof = true;
	}
	if (r->base == 0 && r->iend >= 3 && memcmp(r->in, "\xef\xbb\xbf", 3) == 0)
		r->ipos = 3; /* the byte-order mark, only ever at offset 0 */
	if (r->ipos < r->iend)
		return 1;
	/* Nothing (or only the mark) came: a short block, so it is settled. */
	if (r->err) {
		errno = r->err;
		return -1;
	}
	return 0;
}

static void fault(struct pass *s, const char *why)
{
	if (!s->why)
		s->why = why;
}

/* True when p[0..n) is valid UTF-8 (str_utf8_at at every step). */
static bool utf8_valid(const unsigned char *p, size_t n)
{
	str s = {(const char *)p, n};
	for (size_t i = 0, len; i < n; i += len)
		if (!(len = str_utf8_at(s, i, NULL)))
			return false;
	return true;
}

/* Appends n bytes to the current field, unless the record is already
 * refused or the field would pass max_field. */
static void put(const csv_reader *r, struct pass *s, const unsigned char *p, size_t n)
{
	if (s->why || n == 0)
		return;
	if (n > r->max_field - (s->pos - s->fstart)) {
		fault(s, r->why_long);
		return;
	}
	memcpy(r->rec + s->pos, p, n);
	s->pos += n;
}

static void end_field(const csv_reader *r, struct pass *s)
{
	if (!s->why) {
		size_t len = s->pos - s->fstart;
		if ((s->acc & 0x80) && !utf8_valid((const unsigned char *)r->rec + s->fstart, len))
			fault(s, "invalid UTF-8");
		else
			s->fields[s->nf++] = (str){r->rec + s->fstart, len};
	}
	s->fstart = s->pos;
	s->acc = 0;
}

/* A comma: the field ends and another begins, which must have room. */
static void next_field(const csv_reader *r, struct pass *s)
{
	end_field(r, s);
	if (!s->why && s->nf == r->max_fields)
		fault(s, r->why_many);
	s->state = ST_START;
	s->any = true;
}

/* Stores the run of ordinary bytes from in[ipos], in an unquoted or
 * quoted field (`stop` is C_UNQ or C_QUO).  Returns the byte that ended
 * the run, now at in[ipos] and not consumed, or -1 when the block ran out
 * first.  The hot loop: most bytes of a file pass only through here. */
static int run(csv_reader *r, struct pass *s, unsigned char stop)
{
	const unsigned char *p = r->in + r->ipos, *e = r->in + r->iend, *q = p;
	unsigned acc = 0;
	while (q < e && !(special[*q] & stop))
		acc |= *q++;
	put(r, s, p, (size_t)(q - p));
	s->acc |= acc;
	r->ipos = (size_t)(q - r->in);
	return q < e ? *q : -1;
}

/* The byte `c` at in[ipos], not yet consumed, after a field (at its
 * start: an empty one) or after a closing quote: a comma, a line end, or
 * (only ever after a closing quote) anything else.  Returns 1 when an LF
 * ended the line. */
static int field_end(csv_reader *r, struct pass *s, int c)
{
	switch (c) {
	case ',':
		r->ipos++;
		next_field(r, s);
		return 0;
	case '\n':
		r->ipos++;
		r->line++;
		return 1;
	case '\r':
		r->ipos++;
		s->state = ST_CR;
		return 0;
	default:
		fault(s, "text after a closing quote");
		s->state = ST_UNQ; /* not consumed: read as an unquoted field's */
		return 0;
	}
}

/* Consumes input from in[ipos] (at least one byte is there) in the
 * current state.  Returns 1 when an LF outside quotes ended the line,
 * else 0. */
static int step(csv_reader *r, struct pass *s)
{
	int c = r->in[r->ipos];
	switch (s->state) {
	case ST_START:
		if (c == ',' || c == '\r' || c == '\n')
			return field_end(r, s, c);
		s->any = true;
		if (c == '"') {
			r->ipos++;
			s->state = ST_QUO;
		} else {
			s->state = ST_UNQ; /* not consumed: the field's first byte */
		}
		return 0;
	case ST_UNQ:
		c = run(r, s, C_UNQ);
		if (c == ',' || c == '\r' || c == '\n')
			return field_end(r, s, c);
		if (c >= 0) { /* a quote or a NUL: after a fault, a quote is text */
			r->ipos++;
			fault(s, c ? "a quote inside an unquoted field" : "a NUL byte");
		}
		return 0;
	case ST_QUO:
		c = run(r, s, C_QUO);
		if (c < 0)
			return 0;
		r->ipos++;
		if (c == '"') {
			s->state = ST_QQ;
		} else if (c == '\n') {
			r->line++;
			put(r, s, (const unsigned char *)"\n", 1);
		} else {
			fault(s, "a NUL byte");
		}
		return 0;
	case ST_QQ:
		if (c != '"')
			return field_end(r, s, c); /* the quote closed the field */
		r->ipos++;
		put(r, s, (const unsigned char *)"\"", 1);
		s->state = ST_QUO;
		return 0;
	case ST_CR:
		if (c == '\n') {
			r->ipos++;
			r->line++;
			return 1;
		}
		fault(s, "a carriage return without a line feed");
		s->state = ST_UNQ; /* the next byte is read as part of a field */
		return 0;
	}
	return 0;
}

/* The record is over (at an LF, or at the end of the input). */
static int finish(csv_reader *r, struct pass *s, long line, int *n, const char **why)
{
	end_field(r, s);
	r->rec_line = line;
	if (s->why) {
		*why = s->why;
		return -1;
	}
	*n = s->nf;
	return 1;
}

int csv_next(csv_reader *r, str *fields, int *n, const char **why)
{
	*n = 0;
	*why = NULL;
	struct pass s = {.fields = fields, .state = ST_START};
	long line = r->line;
	for (;;) {
		int more = refill(r);
		if (more < 0)
			return -2;
		if (more == 0) {
			if (s.state == ST_START && !s.any && !s.why)
				return 0;
			if (s.state == ST_QUO)
				fault(&s, "unterminated quoted field");
			else if (s.state == ST_CR)
				fault(&s, "a carriage return without a line feed");
			return finish(r, &s, line, n, why);
		}
		if (!step(r, &s))
			continue;
		if (s.any || s.why)
			return finish(r, &s, line, n, why);
		/* an empty line: no record; the next begins below it */
		s = (struct pass){.fields = fields, .state = ST_START};
		line = r->line;
	}
}

/* ---- Writing ---- */

/* The comma before a field, unless it opens a record. */
static int field_sep(buf *b)
{
	if (b->n == 0 || b->p[b->n - 1] == '\n')
		return 0;
	return buf_putc(b, ',');
}

int csv_put_field(buf *b, str field)
{
	bool quote = false;
	for (size_t i = 0; i < field.n && !quote; i++)
		quote = field.p[i] == ',' || field.p[i] == '"' || field.p[i] == '\r' || field.p[i] == '\n';
	char c0 = field.n ? field.p[0] : '\0';
	bool guard = c0 == '=' || c0 == '+' || c0 == '-' || c0 == '@' || c0 == '\t' || c0 == '\r';
	/* An empty first field is written "" so that the record has begun
	 * (field_sep) and a record of one empty field is no empty line. */
	if (field.n == 0 && (b->n == 0 || b->p[b->n - 1] == '\n'))
		return buf_put(b, "\"\"", 2);
	if (field_sep(b) < 0 || (quote && buf_putc(b, '"') < 0) || (guard && buf_putc(b, '\'') < 0))
		return -1;
	if (!quote)
		return buf_str(b, field);
	size_t run = 0;
	for (size_t i = 0; i < field.n; i++) {
		if (field.p[i] != '"')
			continue;
		/* the quote goes out with its run, then once more */
		if (buf_put(b, field.p + run, i + 1 - run) < 0)
			return -1;
		run = i;
	}
	if (buf_put(b, field.p + run, field.n - run) < 0)
		return -1;
	return buf_putc(b, '"');
}

int csv_put_int(buf *b, int64_t v)
{
	if (field_sep(b) < 0)
		return -1;
	return buf_printf(b, "%" PRId64, v);
}

int csv_end_record(buf *b)
{
	return buf_put(b, "\r\n", 2);
}
