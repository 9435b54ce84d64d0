/* docmake.h: small real documents made by our own code, for the demo
 * library: a PDF 1.4 of plain text (Helvetica, one of the standard 14
 * fonts, so nothing is embedded), an EPUB 3 (a ZIP of stored entries), and
 * the PNG encoder the demo covers use, with the CRC-32 the PNG and ZIP
 * formats share.
 *
 * A book is a title, its authors and chapters of plain-text paragraphs
 * (UTF-8).  A paragraph that starts with "- " is a list item.  The same
 * book gives the same bytes every time: nothing depends on the clock or
 * on chance, only on the book (its `when` among it). */
#ifndef ROUNDS_DOCMAKE_H
#define ROUNDS_DOCMAKE_H

#include <stdint.h>

#include "../core/str.h"

struct docmake_chapter {
	const char *title;
	const char *const *paragraphs; /* NULL-terminated */
};

struct docmake_book {
	str title, authors; /* authors: "A. Name, B. Name" */
	str about;          /* "" or a line for the title page and the EPUB's description */
	str lang;           /* a BCP 47 tag: "en-GB" */
	int64_t when;       /* unix time: the PDF's dates, the EPUB's dcterms:modified, the ZIP's times */
	str cover_png;      /* EPUB only: a PNG for the cover ("" for none) */
	const struct docmake_chapter *chapters;
	size_t nchapters;
};

/* CRC-32 (ISO 3309, as PNG and ZIP use it) of p[0..n), continuing from c
 * (0 to start). */
uint32_t docmake_crc32(uint32_t c, const unsigned char *p, size_t n);

/* A PNG (8-bit RGB) of w x h pixels from `raw`: h scanlines, each a
 * filter byte then 3w bytes.  Compressed by a small deflate that knows one
 * kind of match, "repeat the pixel to the left", which suits pictures made
 * of runs.  The PNG is in `a` (*png); 0, or -1 when `a` is full. */
int docmake_png(arena *a, int w, int h, const unsigned char *raw, str *png);

/* Appends book b as a PDF 1.4 to `out`: an A5 title page, then each
 * chapter from a new page, the text wrapped to the page and numbered in
 * the footer; /Info holds Title, Author and the dates.  Text outside
 * ASCII becomes its Windows-1252 form where there is one (é, ’, –, …),
 * else '?'.  0, or -1 when `out` fails (its arena is full). */
int docmake_pdf(buf *out, const struct docmake_book *b);

/* Appends book b as an EPUB 3 to `out`: a ZIP whose first entry is the
 * stored "mimetype", then META-INF/container.xml, OEBPS/content.opf,
 * OEBPS/nav.xhtml, a stylesheet, a title page, one XHTML file per chapter
 * and the cover, all stored (not compressed).  The identifier is a UUID
 * derived from the title and authors.  0, or -1 when `out` fails. */
int docmake_epub(buf *out, const struct docmake_book *b);

#endif
