/* csv.h: a streaming reader of RFC 4180 CSV, for `rounds register import`
 * (register extracts of half a million rows and more), and a writer for
 * the dashboard's downloads (at the end).
 *
 * The grammar, strictly: fields are split by commas and records end at LF
 * or CRLF.  A field is either unquoted (any bytes but comma, quote, CR, LF)
 * or wholly quoted: it starts with a quote, may then hold commas, CRs, LFs
 * and doubled quotes (each read as one quote), and ends with a quote that
 * is followed by a comma, a line end or the end of input.  So a quote in
 * the middle of an unquoted field, a space before an opening quote and
 * text after a closing quote are all errors.  Whitespace is kept as is
 * (callers trim), and line ends inside quotes are kept as they are (CRLF
 * stays CRLF).  A UTF-8 byte-order mark at the very start is skipped, an
 * empty line (LF or CRLF alone) is no record, and the last record may lack
 * its line end.  Every field must be valid UTF-8 without a NUL byte.
 *
 * A CR outside quotes must be followed by LF: a lone CR (an old Mac line
 * end, a stray control) is an error, not a line end.  Lines are counted by
 * their LFs, inside quotes or out.
 *
 * After a malformed record the reader skips to the LF that ends it, still
 * following the quotes as the grammar reads them (a quote opens a quoted
 * field only at the start of a field), so the next record is found
 * wherever the damage was local.  A quote that is never closed swallows
 * the rest of the input and is reported once, as one malformed record.
 *
 * Cost: O(n) time, each byte looked at a bounded number of times; reads
 * in 64 KiB blocks; memory fixed at csv_new() (no allocation per record). */
#ifndef ROUNDS_CSV_H
#define ROUNDS_CSV_H

#include <stdio.h>

#include "../core/str.h"

typedef struct csv_reader csv_reader;

/* A reader of the CSV in `f`, from its current position.  `max_field` is
 * the longest field allowed, in bytes after unquoting (at least 1);
 * `max_fields` the most fields a record may have (at least 1).  The reader
 * allocates all it will ever use here: a 64 KiB read buffer and room for
 * max_fields fields of max_field bytes (so keep the product modest: 16
 * fields of 1 KiB is 16 KiB).  Returns the reader, owned by the caller
 * (csv_free()); `f` stays the caller's and is never closed.  Returns NULL
 * when out of memory, when f is NULL, a limit is below 1, or the product
 * of the limits does not fit in size_t. */
csv_reader *csv_new(FILE *f, size_t max_field, int max_fields);

/* Reads the next record.  `fields` must have room for max_fields slices.
 *
 * Returns 1 for a record: its fields, unquoted and unescaped, in
 * fields[0..*n-1] (*n >= 1); the slices point into the reader and stay
 * valid until the next csv_next() or csv_free().  An empty field is a
 * slice of length 0 ("a,,b" has three fields, "a," two).
 *
 * Returns 0 at the end of the input (and again if called again).
 *
 * Returns -1 for a malformed record, with *why saying what, in words fit
 * to follow "line N: ": "unterminated quoted field", "field longer than N
 * bytes", "more than N fields", "invalid UTF-8", "a NUL byte", "a quote
 * inside an unquoted field", "text after a closing quote" or "a carriage
 * return without a line feed" (the first fault found; *why lives as long
 * as the reader).  The reader has already skipped the rest of that record
 * (see above), so the caller reports it and calls again.
 *
 * Returns -2 when reading `f` failed, with errno as the failed read left
 * it; the record being read is lost, and every later call returns -2 too
 * (restoring that errno).
 *
 * Unless it returns 1, *n is 0 and the contents of fields[] are not
 * meaningful; unless it returns -1, *why is NULL. */
int csv_next(csv_reader *r, str *fields, int *n, const char **why);

/* The line (1-based) on which the record last returned by csv_next(), or
 * refused by it, began; a record spread over lines by quoted line ends
 * moves the next record's line on by as many.  0 before the first record.
 * Skipped empty lines count. */
long csv_line(const csv_reader *r);

/* Bytes of `f` consumed so far (the byte-order mark included), for a
 * progress display; it reaches the size of the file when csv_next() has
 * returned 0.  The reader reads ahead, but this counts only what the
 * records returned so far took. */
long long csv_offset(const csv_reader *r);

/* Frees the reader and everything it allocated (not `f`).  NULL is fine. */
void csv_free(csv_reader *r);

/* ---- Writing (the dashboard's CSV downloads) ----
 *
 * Records are appended to a buffer one field at a time.  A field's comma
 * is written before it unless it opens a record, which it does when the
 * buffer is empty or ends with a line end: so the CSV must begin at the
 * buffer's start or after a LF (a field never ends with one: a field
 * holding LF is quoted; an empty field that opens a record is written as
 * "").  Bytes are copied as they are (UTF-8 untouched); no byte-order mark
 * is written. */

/* Appends `field` as one RFC 4180 field: quoted (each quote doubled) when
 * it holds a comma, a quote, CR or LF.  A field that starts with =, +, -,
 * @, tab or CR gets a ' before it, inside the quotes if any, so that a
 * spreadsheet shows it as text instead of running it as a formula.
 * Returns 0, or -1 when the buffer fails (b->err). */
int csv_put_field(buf *b, str field);

/* Appends an integer field in plain decimal ("-12", no separators and no
 * formula guard: a number is no formula).  0 or -1 as csv_put_field. */
int csv_put_int(buf *b, int64_t v);

/* Ends the record: CRLF.  0 or -1. */
int csv_end_record(buf *b);

#endif
