/* docmake.c: PDF, EPUB and PNG writers for the demo library (docmake.h).
 *
 * Each writer appends to a buffer and checks the buffer's error once at
 * the end; offsets (the PDF's xref, the ZIP's directory) count from where
 * the document starts in the buffer, so a document is correct as a file
 * of its own.  Everything is deterministic.
 *
 * PDF: objects 1 the catalog, 2 the page tree, 3 the shared resources,
 * 4..6 the fonts (Helvetica, -Bold, -Oblique, WinAnsiEncoding), 7 /Info,
 * then for page i objects 8+2i (the page) and 9+2i (its content stream).
 * The catalog and page tree go last, when the pages are known; the xref
 * lists every object by number with its exact byte offset.
 *
 * EPUB: a ZIP of stored entries, "mimetype" first with no extra field,
 * which is what readers and libmagic look for at byte 30. */
#include "docmake.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- CRC-32 and PNG --------------------------------------------------------- */

uint32_t docmake_crc32(uint32_t c, const unsigned char *p, size_t n)
{
	c = ~c;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return ~c;
}

/* A bit writer, least significant bit first, as deflate packs them. */
struct bits {
	unsigned char *p;
	size_t n, cap;
	uint32_t acc;
	int nacc;
};

static void put_bits(struct bits *b, uint32_t v, int n)
{
	b->acc |= v << b->nacc;
	b->nacc += n;
	while (b->nacc >= 8) {
		if (b->n < b->cap)
			b->p[b->n] = (unsigned char)b->acc;
		b->n++;
		b->acc >>= 8;
		b->nacc -= 8;
	}
}

/* A Huffman code goes out most significant bit first. */
static void put_code(struct bits *b, uint32_t code, int len)
{
	uint32_t r = 0;
	for (int i = 0; i < len; i++)
		r |= ((code >> i) & 1u) << (len - 1 - i);
	put_bits(b, r, len);
}

/* A literal/length symbol in the fixed code (RFC 1951, 3.2.6). */
static void put_symbol(struct bits *b, int v)
{
	if (v < 144)
		put_code(b, 0x30u + (uint32_t)v, 8);
	else if (v < 256)
		put_code(b, 0x190u + (uint32_t)(v - 144), 9);
	else if (v < 280)
		put_code(b, (uint32_t)(v - 256), 7);
	else
		put_code(b, 0xc0u + (uint32_t)(v - 280), 8);
}

/* A match of `len` (3..258) bytes at distance 3, one RGB pixel back. */
static void put_match(struct bits *b, size_t len)
{
	static const uint16_t base[29] = {3,  4,  5,  6,  7,  8,  9,  10,  11,  13,  15,  17,  19,  23, 27,
					  31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
	static const uint8_t extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
					  2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
	int i = 28;
	while (base[i] > len)
		i--;
	put_symbol(b, 257 + i);
	put_bits(b, (uint32_t)(len - base[i]), extra[i]);
	put_code(b, 2, 5); /* distance code 2: distance 3 */
}

/* Deflates in[0..n) into one fixed-Huffman block: the length written, or
 * 0 when it does not fit in cap. */
static size_t deflate_runs(const unsigned char *in, size_t n, unsigned char *out, size_t cap)
{
	struct bits b = {out, 0, cap, 0, 0};
	put_bits(&b, 1, 1); /* the final block */
	put_bits(&b, 1, 2); /* fixed codes */
	for (size_t i = 0; i < n;) {
		size_t run = 0;
		while (i >= 3 && run < 258 && i + run < n && in[i + run] == in[i + run - 3])
			run++;
		if (run >= 3) {
			put_match(&b, run);
			i += run;
		} else {
			put_symbol(&b, in[i++]);
		}
	}
	put_symbol(&b, 256); /* end of block */
	if (b.nacc)
		put_bits(&b, 0, 8 - b.nacc);
	return b.n <= cap ? b.n : 0;
}

static uint32_t adler32_of(const unsigned char *p, size_t n)
{
	uint32_t s1 = 1, s2 = 0;
	for (size_t i = 0; i < n; i++) {
		s1 = (s1 + p[i]) % 65521u;
		s2 = (s2 + s1) % 65521u;
	}
	return s2 << 16 | s1;
}

static unsigned char *put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
	return p + 4;
}

/* Writes a chunk of type `type` whose n data bytes are already at p + 8;
 * returns the end of the chunk. */
static unsigned char *put_chunk(unsigned char *p, const char type[4], size_t n)
{
	put_u32(p, (uint32_t)n);
	memcpy(p + 4, type, 4);
	return put_u32(p + 8 + n, docmake_crc32(0, p + 4, n + 4));
}

int docmake_png(arena *a, int w, int h, const unsigned char *raw, str *png)
{
	size_t nraw = (size_t)h * (1 + 3 * (size_t)w), cap = nraw + nraw / 8 + 64;
	unsigned char *out = arena_alloc(a, cap + 64);
	if (!out || w <= 0 || h <= 0)
		return -1;
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char *p = out;
	memcpy(p, sig, 8);
	p += 8;
	unsigned char *d = put_u32(put_u32(p + 8, (uint32_t)w), (uint32_t)h);
	memcpy(d, (const unsigned char[]){8, 2, 0, 0, 0}, 5); /* 8-bit RGB, no interlace */
	p = put_chunk(p, "IHDR", 13);
	unsigned char *z = p + 8;
	z[0] = 0x78; /* zlib: deflate, 32 KB window, no dictionary */
	z[1] = 0x01;
	size_t nz = deflate_runs(raw, nraw, z + 2, cap - (size_t)(z + 2 - out));
	if (!nz)
		return -1;
	put_u32(z + 2 + nz, adler32_of(raw, nraw));
	p = put_chunk(p, "IDAT", nz + 6);
	p = put_chunk(p, "IEND", 0);
	*png = (str){(const char *)out, (size_t)(p - out)};
	return 0;
}

/* ---- text ------------------------------------------------------------------- */

/* The code point at s[*i] (UTF-8), moving *i past it; U+FFFD for a bad
 * sequence (one byte consumed). */
static uint32_t utf8_next(str s, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s.p + *i;
	size_t left = s.n - *i;
	uint32_t c = p[0];
	int len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
	if (len == 1 || len == 0 || (size_t)len > left) {
		(*i)++;
		return len == 1 ? c : 0xfffd;
	}
	c &= 0x3fu >> (len - 1);
	for (int k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80) {
			(*i)++;
			return 0xfffd;
		}
		c = c << 6 | (p[k] & 0x3fu);
	}
	static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < least[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		(*i)++;
		return 0xfffd;
	}
	*i += (size_t)len;
	return c;
}

/* Code point c in Windows-1252 (WinAnsiEncoding): '?' when it has none. */
static unsigned char winansi(uint32_t c)
{
	static const struct {
		uint16_t from;
		unsigned char to;
	} map[] = {{0x20ac, 0x80}, {0x2026, 0x85}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201c, 0x93},
		   {0x201d, 0x94}, {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97}, {0x2122, 0x99}};
	if (c == '\t' || c == '\n' || c == '\r')
		return ' ';
	if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff))
		return (unsigned char)c;
	for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
		if (map[k].from == c)
			return map[k].to;
	return '?';
}

/* Appends s as XML character data (also fit for an attribute value):
 * markup characters escaped, control characters and bad UTF-8 replaced. */
static void xml_text(buf *b, str s)
{
	for (size_t i = 0; i < s.n;) {
		size_t at = i;
		uint32_t c = utf8_next(s, &i);
		if (c == '&')
			buf_puts(b, "&amp;");
		else if (c == '<')
			buf_puts(b, "&lt;");
		else if (c == '>')
			buf_puts(b, "&gt;");
		else if (c == '"')
			buf_puts(b, "&quot;");
		else if (c == '\'')
			buf_puts(b, "&#39;");
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
			buf_putc(b, ' ');
		else if (c == 0xfffd) /* a bad sequence, or the character itself */
			buf_puts(b, "\xef\xbf\xbd");
		else
			buf_put(b, s.p + at, i - at);
	}
}

/* 16 bytes derived from the book's title and authors (two FNV-1a hashes). */
static void book_id(const struct docmake_book *b, unsigned char id[16])
{
	uint64_t h[2] = {0xcbf29ce484222325u, 0x84222325cbf29ce4u};
	for (int k = 0; k < 2; k++) {
		str parts[2] = {b->title, b->authors};
		for (int j = 0; j < 2; j++) {
			for (size_t i = 0; i < parts[j].n; i++)
				h[k] = (h[k] ^ (unsigned char)parts[j].p[i]) * 0x100000001b3u;
			h[k] = (h[k] ^ 0x0a) * 0x100000001b3u;
		}
		for (int i = 0; i < 8; i++)
			id[8 * k + i] = (unsigned char)(h[k] >> (56 - 8 * i));
	}
}

/* ---- PDF: fonts and layout ------------------------------------------------------ */

#define PAGE_W 420 /* A5, in points */
#define PAGE_H 595
#define MARGIN_X 54
#define MARGIN_TOP 64
#define MARGIN_BOTTOM 66
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define OBJ_FIRST_PAGE 8

enum pdf_font { F_REGULAR, F_BOLD, F_OBLIQUE };

/* Advance widths (1/1000 em) of Helvetica, then Helvetica-Bold, for the
 * WinAnsiEncoding bytes 32..126, from the fonts' published metrics
 * (Helvetica-Oblique has Helvetica's). */
static const uint16_t widths[2][95] = {{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
	556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
	611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
	667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
	222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584}, {
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
	556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
	611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
	667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
	278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584}};

/* The width of byte c in font f; the upper half (quotes, dashes, accented
 * letters) is given generously, so a line never overflows. */
static unsigned glyph_width(enum pdf_font f, unsigned char c)
{
	if (c >= 32 && c <= 126)
		return widths[f == F_BOLD][c - 32];
	switch (c) {
	case 0x91: case 0x92: return f == F_BOLD ? 278 : 222;
	case 0x93: case 0x94: return f == F_BOLD ? 500 : 333;
	case 0x95: return 350;
	case 0x96: case 0x80: return 556;
	case 0x85: case 0x97: case 0x99: return 1000;
	default: return 722;
	}
}

static double text_width(enum pdf_font f, double size, const unsigned char *s, size_t n)
{
	unsigned w = 0;
	for (size_t i = 0; i < n; i++)
		w += glyph_width(f, s[i]);
	return w * size / 1000.0;
}

/* The text of s in WinAnsiEncoding, in b's arena. */
static str to_winansi(buf *b, str s)
{
	buf t;
	buf_init(&t, b->a);
	for (size_t i = 0; i < s.n;)
		buf_putc(&t, (char)winansi(utf8_next(s, &i)));
	if (t.err)
		b->err = -1;
	return t.err ? S("") : buf_slice(&t);
}

/* How much of s[0..n) (from its start, no leading spaces) fits in width
 * w: up to the end of the last whole word that fits, or, when the first
 * word alone is too wide, as many of its bytes as fit (at least one). */
static size_t line_fit(enum pdf_font f, double size, const unsigned char *s, size_t n, double w)
{
	size_t end = 0;
	for (size_t j = 0; j < n;) {
		while (j < n && s[j] != ' ')
			j++;
		if (text_width(f, size, s, j) > w)
			break;
		end = j;
		while (j < n && s[j] == ' ')
			j++;
	}
	if (end > 0)
		return end;
	while (end < n && text_width(f, size, s, end + 1) <= w)
		end++;
	return end ? end : 1;
}

/* A PDF in the making. */
struct pdf {
	buf *out;
	size_t start;       /* where the document begins in out */
	buf offs;           /* size_t per object number: its offset from start */
	buf page;           /* the open page's content stream */
	int npages;
	bool open;          /* a page is open */
	double y;           /* the baseline of the next line */
	str footer;         /* the book's title, WinAnsi */
	const struct docmake_book *book;
};

/* Starts object `num`, remembering its offset. */
static void obj_begin(struct pdf *d, int num)
{
	size_t need = (size_t)(num + 1) * sizeof(size_t), off = d->out->n - d->start;
	while (d->offs.n < need) {
		size_t zero = 0;
		buf_put(&d->offs, &zero, sizeof zero);
	}
	if (!d->offs.err)
		memcpy(d->offs.p + (size_t)num * sizeof(size_t), &off, sizeof off);
	buf_printf(d->out, "%d 0 obj\n", num);
}

/* Appends s as a PDF literal string: \ ( ) escaped, bytes outside
 * printable ASCII in octal. */
static void pdf_literal(buf *b, const unsigned char *s, size_t n)
{
	buf_putc(b, '(');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' || s[i] == '(' || s[i] == ')')
			buf_putc(b, '\\');
		if (s[i] >= 32 && s[i] < 127)
			buf_putc(b, (char)s[i]);
		else
			buf_printf(b, "\\%03o", s[i]);
	}
	buf_putc(b, ')');
}

/* Appends s as a PDF text string in UTF-16BE with its byte order mark,
 * as hex: any text, nothing to escape. */
static void pdf_text_string(buf *b, str s)
{
	buf_puts(b, "<FEFF");
	for (size_t i = 0; i < s.n;) {
		uint32_t c = utf8_next(s, &i);
		if (c < 0x20)
			c = ' ';
		if (c >= 0x10000) {
			c -= 0x10000;
			buf_printf(b, "%04X%04X", 0xd800u + (c >> 10), 0xdc00u + (c & 0x3ffu));
		} else {
			buf_printf(b, "%04X", (unsigned)c);
		}
	}
	buf_putc(b, '>');
}

/* Closes the open page: its content stream and page objects. */
static void page_close(struct pdf *d)
{
	if (!d->open)
		return;
	buf *c = &d->page;
	if (d->npages > 1) { /* the footer: the title, and the page number right */
		char num[16];
		int nn = snprintf(num, sizeof num, "%d", d->npages);
		double w = text_width(F_REGULAR, 8, (const unsigned char *)num, (size_t)nn);
		buf_printf(c, "0.45 g BT /F1 8 Tf %d 36 Td ", MARGIN_X);
		size_t n = line_fit(F_REGULAR, 8, (const unsigned char *)d->footer.p, d->footer.n, TEXT_W - 40);
		pdf_literal(c, (const unsigned char *)d->footer.p, n);
		buf_printf(c, " Tj ET BT /F1 8 Tf %.2f 36 Td (%s) Tj ET\n", PAGE_W - MARGIN_X - w, num);
	}
	int page = OBJ_FIRST_PAGE + 2 * (d->npages - 1);
	obj_begin(d, page);
	buf_printf(d->out,
		   "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources 3 0 R /Contents %d 0 R >>\n"
		   "endobj\n",
		   PAGE_W, PAGE_H, page + 1);
	obj_begin(d, page + 1);
	buf_printf(d->out, "<< /Length %zu >>\nstream\n", c->n);
	buf_put(d->out, c->p, c->n);
	buf_puts(d->out, "\nendstream\nendobj\n");
	if (c->err)
		d->out->err = -1;
	d->open = false;
}

static void page_open(struct pdf *d)
{
	page_close(d);
	buf_init(&d->page, d->out->a);
	d->npages++;
	d->open = true;
	d->y = PAGE_H - MARGIN_TOP;
	buf_puts(&d->page, "0.1 g\n");
}

/* Sets line `s` at (x, d->y) in font f. */
static void put_line(struct pdf *d, enum pdf_font f, double size, double x, const unsigned char *s, size_t n)
{
	buf_printf(&d->page, "BT /F%d %.1f Tf %.2f %.2f Td ", (int)f + 1, size, x, d->y);
	pdf_literal(&d->page, s, n);
	buf_puts(&d->page, " Tj ET\n");
}

/* Sets text s wrapped to width w from x, a line every `lead` points,
 * opening pages as the text runs past the bottom margin. */
static void put_wrapped(struct pdf *d, enum pdf_font f, double size, double lead, double x, double w, str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t n = s.n;
	while (n && *p == ' ')
		p++, n--;
	while (n) {
		if (d->y < MARGIN_BOTTOM)
			page_open(d);
		size_t k = line_fit(f, size, p, n, w);
		size_t shown = k;
		while (shown && p[shown - 1] == ' ')
			shown--;
		put_line(d, f, size, x, p, shown);
		d->y -= lead;
		p += k, n -= k;
		while (n && *p == ' ')
			p++, n--;
	}
}

/* ---- PDF: the document ----------------------------------------------------------- */

static void pdf_title_page(struct pdf *d)
{
	const struct docmake_book *b = d->book;
	page_open(d);
	buf_printf(&d->page, "0.06 0.30 0.36 rg 0 %d %d %d re f\n", PAGE_H - 230, PAGE_W, 230);
	buf_printf(&d->page, "0.16 0.55 0.51 rg 0 %d %d 6 re f\n", PAGE_H - 236, PAGE_W);
	buf_puts(&d->page, "1 g\n");
	d->y = PAGE_H - 90;
	put_wrapped(d, F_BOLD, 22, 27, MARGIN_X, TEXT_W, to_winansi(d->out, b->title));
	buf_puts(&d->page, "0.15 g\n");
	d->y = PAGE_H - 280;
	put_wrapped(d, F_REGULAR, 13, 17, MARGIN_X, TEXT_W, to_winansi(d->out, b->authors));
	if (b->about.n) {
		d->y -= 18;
		buf_puts(&d->page, "0.3 g\n");
		put_wrapped(d, F_OBLIQUE, 10.5, 14.5, MARGIN_X, TEXT_W, to_winansi(d->out, b->about));
	}
	struct tm tm;
	time_t t = (time_t)b->when;
	char year[32];
	if (!gmtime_r(&t, &tm) || !strftime(year, sizeof year, "%B %Y", &tm))
		year[0] = '\0';
	d->y = MARGIN_BOTTOM + 10;
	buf_puts(&d->page, "0.45 g\n");
	put_line(d, F_REGULAR, 9, MARGIN_X, (const unsigned char *)"Rounds eLibrary", 15);
	d->y -= 12;
	put_line(d, F_REGULAR, 9, MARGIN_X, (const unsigned char *)year, strlen(year));
}

/* Chapter c from a new page: its title, then its paragraphs; list items
 * with a bullet and a hanging indent. */
static void pdf_chapter(struct pdf *d, const struct docmake_chapter *c)
{
	page_open(d);
	buf_puts(&d->page, "0.06 0.30 0.36 rg\n");
	put_wrapped(d, F_BOLD, 16, 20, MARGIN_X, TEXT_W, to_winansi(d->out, str_c(c->title)));
	buf_puts(&d->page, "0.1 g\n");
	d->y -= 10;
	for (size_t i = 0; c->paragraphs && c->paragraphs[i]; i++) {
		str p = str_c(c->paragraphs[i]);
		bool item = p.n > 2 && p.p[0] == '-' && p.p[1] == ' ';
		if (d->y < MARGIN_BOTTOM + 15)
			page_open(d);
		if (item) {
			put_line(d, F_REGULAR, 11, MARGIN_X + 6, (const unsigned char *)"\x95", 1);
			p.p += 2, p.n -= 2;
		}
		double x = MARGIN_X + (item ? 18 : 0);
		put_wrapped(d, F_REGULAR, 11, 15, x, TEXT_W - (x - MARGIN_X), to_winansi(d->out, p));
		bool next_item = c->paragraphs[i + 1] && c->paragraphs[i + 1][0] == '-';
		d->y -= item && next_item ? 3 : 7;
	}
}

/* The objects before the pages: resources, fonts, /Info. */
static void pdf_head(struct pdf *d)
{
	const struct docmake_book *b = d->book;
	buf *o = d->out;
	buf_puts(o, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	obj_begin(d, 3);
	buf_puts(o, "<< /Font << /F1 4 0 R /F2 5 0 R /F3 6 0 R >> /ProcSet [/PDF /Text] >>\nendobj\n");
	static const char *const fonts[3] = {"Helvetica", "Helvetica-Bold", "Helvetica-Oblique"};
	for (int k = 0; k < 3; k++) {
		obj_begin(d, 4 + k);
		buf_printf(o, "<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>\nendobj\n",
			   fonts[k]);
	}
	struct tm tm;
	time_t t = (time_t)b->when;
	char date[32];
	if (!gmtime_r(&t, &tm) || !strftime(date, sizeof date, "D:%Y%m%d%H%M%SZ", &tm))
		date[0] = '\0';
	obj_begin(d, 7);
	buf_puts(o, "<< /Title ");
	pdf_text_string(o, b->title);
	buf_puts(o, " /Author ");
	pdf_text_string(o, b->authors);
	if (b->about.n) {
		buf_puts(o, " /Subject ");
		pdf_text_string(o, b->about);
	}
	buf_printf(o, " /Creator (Rounds) /Producer (Rounds docmake) /CreationDate (%s) /ModDate (%s) >>\nendobj\n",
		   date, date);
}

/* The catalog, the page tree, the xref table and the trailer. */
static void pdf_tail(struct pdf *d)
{
	buf *o = d->out;
	obj_begin(d, 1);
	buf_puts(o, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	obj_begin(d, 2);
	buf_puts(o, "<< /Type /Pages /Kids [");
	for (int i = 0; i < d->npages; i++)
		buf_printf(o, "%s%d 0 R", i ? " " : "", OBJ_FIRST_PAGE + 2 * i);
	buf_printf(o, "] /Count %d >>\nendobj\n", d->npages);
	int nobj = OBJ_FIRST_PAGE + 2 * d->npages;
	size_t xref = o->n - d->start;
	buf_printf(o, "xref\n0 %d\n0000000000 65535 f \n", nobj);
	for (int i = 1; i < nobj && !d->offs.err; i++) {
		size_t off;
		memcpy(&off, d->offs.p + (size_t)i * sizeof(size_t), sizeof off);
		buf_printf(o, "%010zu 00000 n \n", off);
	}
	unsigned char id[16];
	book_id(d->book, id);
	char hex[33];
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	buf_printf(o, "trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R /ID [<%s> <%s>] >>\nstartxref\n%zu\n%%%%EOF\n",
		   nobj, hex, hex, xref);
}

int docmake_pdf(buf *out, const struct docmake_book *b)
{
	struct pdf d = {.out = out, .start = out->n, .book = b};
	buf_init(&d.offs, out->a);
	d.footer = to_winansi(out, b->title);
	pdf_head(&d);
	pdf_title_page(&d);
	for (size_t i = 0; i < b->nchapters; i++)
		pdf_chapter(&d, &b->chapters[i]);
	page_close(&d);
	if (d.offs.err)
		out->err = -1;
	pdf_tail(&d);
	return out->err ? -1 : 0;
}

/* ---- ZIP -------------------------------------------------------------------------- */

struct zip {
	buf *out;
	size_t start;     /* where the archive begins in out */
	buf cd;           /* the central directory so far */
	uint16_t n;       /* entries */
	uint16_t time, date; /* MS-DOS form */
};

static void le16(buf *b, unsigned v)
{
	unsigned char p[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
	buf_put(b, p, 2);
}

static void le32(buf *b, uint32_t v)
{
	unsigned char p[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};
	buf_put(b, p, 4);
}

static void zip_begin(struct zip *z, buf *out, int64_t when)
{
	z->out = out;
	z->start = out->n;
	buf_init(&z->cd, out->a);
	z->n = 0;
	struct tm tm;
	time_t t = (time_t)when;
	if (!gmtime_r(&t, &tm) || tm.tm_year < 80)
		tm = (struct tm){.tm_year = 80, .tm_mday = 1};
	z->time = (uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
	z->date = (uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
}

/* Adds a stored entry: its local header and data, and its record in the
 * central directory. */
static void zip_add(struct zip *z, const char *name, str data)
{
	uint32_t crc = docmake_crc32(0, (const unsigned char *)data.p, data.n);
	size_t nlen = strlen(name), off = z->out->n - z->start;
	buf *o = z->out, *c = &z->cd;
	le32(o, 0x04034b50);
	le16(o, 10); /* version needed: 1.0, stored */
	le16(o, 0);  /* flags */
	le16(o, 0);  /* method: stored */
	le16(o, z->time);
	le16(o, z->date);
	le32(o, crc);
	le32(o, (uint32_t)data.n);
	le32(o, (uint32_t)data.n);
	le16(o, (unsigned)nlen);
	le16(o, 0); /* no extra field */
	buf_put(o, name, nlen);
	buf_str(o, data);
	le32(c, 0x02014b50);
	le16(c, 0x0314); /* made by: Unix, 2.0 */
	le16(c, 10);
	le16(c, 0);
	le16(c, 0);
	le16(c, z->time);
	le16(c, z->date);
	le32(c, crc);
	le32(c, (uint32_t)data.n);
	le32(c, (uint32_t)data.n);
	le16(c, (unsigned)nlen);
	le16(c, 0);		  /* extra */
	le16(c, 0);		  /* comment */
	le16(c, 0);		  /* disk */
	le16(c, 0);		  /* internal attributes */
	le32(c, 0100644u << 16); /* external: a regular file, rw-r--r-- */
	le32(c, (uint32_t)off);
	buf_put(c, name, nlen);
	z->n++;
}

/* The central directory and the end record. */
static void zip_end(struct zip *z)
{
	size_t at = z->out->n - z->start;
	buf_str(z->out, buf_slice(&z->cd));
	le32(z->out, 0x06054b50);
	le16(z->out, 0);
	le16(z->out, 0);
	le16(z->out, z->n);
	le16(z->out, z->n);
	le32(z->out, (uint32_t)z->cd.n);
	le32(z->out, (uint32_t)at);
	le16(z->out, 0); /* no comment */
	if (z->cd.err)
		z->out->err = -1;
}

/* ---- EPUB ------------------------------------------------------------------------- */

static const char xhtml_head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
				 "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
				 "xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"";

static const char stylesheet[] =
	"body { font-family: serif; line-height: 1.45; margin: 0 5%; }\n"
	"h1 { font-family: sans-serif; color: #0f4c5c; font-size: 1.4em; margin: 1.5em 0 1em; }\n"
	"p { margin: 0 0 0.8em; text-align: left; }\n"
	"ul { margin: 0 0 0.8em 1.2em; padding: 0; }\n"
	".title { margin-top: 25%; text-align: center; }\n"
	".title h1 { font-size: 1.8em; }\n"
	".authors { font-size: 1.15em; }\n"
	".about { font-style: italic; color: #444; }\n";

/* The start of an XHTML document titled `title`, up to <body>. */
static void xhtml_open(buf *x, const struct docmake_book *b, str title)
{
	buf_puts(x, xhtml_head);
	xml_text(x, b->lang);
	buf_puts(x, "\" lang=\"");
	xml_text(x, b->lang);
	buf_puts(x, "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
	xml_text(x, title);
	buf_puts(x, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body>\n");
}

static str epub_title_page(buf *x, const struct docmake_book *b)
{
	xhtml_open(x, b, b->title);
	buf_puts(x, "<section class=\"title\" epub:type=\"titlepage\">\n<h1>");
	xml_text(x, b->title);
	buf_puts(x, "</h1>\n<p class=\"authors\">");
	xml_text(x, b->authors);
	buf_puts(x, "</p>\n");
	if (b->about.n) {
		buf_puts(x, "<p class=\"about\">");
		xml_text(x, b->about);
		buf_puts(x, "</p>\n");
	}
	buf_puts(x, "<p>Rounds eLibrary</p>\n</section>\n</body>\n</html>\n");
	return buf_slice(x);
}

static str epub_chapter(buf *x, const struct docmake_book *b, const struct docmake_chapter *c)
{
	xhtml_open(x, b, str_c(c->title));
	buf_puts(x, "<section epub:type=\"chapter\">\n<h1>");
	xml_text(x, str_c(c->title));
	buf_puts(x, "</h1>\n");
	bool list = false;
	for (size_t i = 0; c->paragraphs && c->paragraphs[i]; i++) {
		str p = str_c(c->paragraphs[i]);
		bool item = p.n > 2 && p.p[0] == '-' && p.p[1] == ' ';
		if (item != list)
			buf_puts(x, item ? "<ul>\n" : "</ul>\n");
		list = item;
		if (item)
			p.p += 2, p.n -= 2;
		buf_puts(x, item ? "<li>" : "<p>");
		xml_text(x, p);
		buf_puts(x, item ? "</li>\n" : "</p>\n");
	}
	buf_puts(x, list ? "</ul>\n</section>\n</body>\n</html>\n" : "</section>\n</body>\n</html>\n");
	return buf_slice(x);
}

static str epub_nav(buf *x, const struct docmake_book *b)
{
	xhtml_open(x, b, S("Contents"));
	buf_puts(x, "<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n<ol>\n"
		    "<li><a href=\"title.xhtml\">");
	xml_text(x, b->title);
	buf_puts(x, "</a></li>\n");
	for (size_t i = 0; i < b->nchapters; i++) {
		buf_printf(x, "<li><a href=\"ch%zu.xhtml\">", i + 1);
		xml_text(x, str_c(b->chapters[i].title));
		buf_puts(x, "</a></li>\n");
	}
	buf_puts(x, "</ol>\n</nav>\n</body>\n</html>\n");
	return buf_slice(x);
}

/* The <metadata> of the package: identifier, title, a creator per
 * author (split at commas), language, description, modified. */
static void opf_metadata(buf *x, const struct docmake_book *b)
{
	unsigned char id[16];
	book_id(b, id);
	id[6] = (unsigned char)((id[6] & 0x0f) | 0x80); /* version 8: made by us */
	id[8] = (unsigned char)((id[8] & 0x3f) | 0x80);
	buf_puts(x, "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<dc:identifier id=\"book-id\">urn:uuid:");
	for (int i = 0; i < 16; i++)
		buf_printf(x, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", id[i]);
	buf_puts(x, "</dc:identifier>\n<dc:title>");
	xml_text(x, b->title);
	buf_puts(x, "</dc:title>\n");
	for (size_t i = 0; i < b->authors.n;) {
		size_t j = i;
		while (j < b->authors.n && b->authors.p[j] != ',')
			j++;
		str one = str_trim((str){b->authors.p + i, j - i});
		if (one.n) {
			buf_puts(x, "<dc:creator>");
			xml_text(x, one);
			buf_puts(x, "</dc:creator>\n");
		}
		i = j + 1;
	}
	buf_puts(x, "<dc:language>");
	xml_text(x, b->lang);
	buf_puts(x, "</dc:language>\n");
	if (b->about.n) {
		buf_puts(x, "<dc:description>");
		xml_text(x, b->about);
		buf_puts(x, "</dc:description>\n");
	}
	struct tm tm;
	time_t t = (time_t)b->when;
	char date[32];
	if (!gmtime_r(&t, &tm) || !strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm))
		date[0] = '\0';
	buf_printf(x, "<meta property=\"dcterms:modified\">%s</meta>\n", date);
	if (b->cover_png.n)
		buf_puts(x, "<meta name=\"cover\" content=\"cover\"/>\n");
	buf_puts(x, "</metadata>\n");
}

static str epub_opf(buf *x, const struct docmake_book *b)
{
	buf_puts(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" "
		    "version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"");
	xml_text(x, b->lang);
	buf_puts(x, "\">\n");
	opf_metadata(x, b);
	buf_puts(x, "<manifest>\n"
		    "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
		    "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n"
		    "<item id=\"title\" href=\"title.xhtml\" media-type=\"application/xhtml+xml\"/>\n");
	if (b->cover_png.n)
		buf_puts(x, "<item id=\"cover\" href=\"cover.png\" media-type=\"image/png\" "
			    "properties=\"cover-image\"/>\n");
	for (size_t i = 0; i < b->nchapters; i++)
		buf_printf(x, "<item id=\"ch%zu\" href=\"ch%zu.xhtml\" media-type=\"application/xhtml+xml\"/>\n", i + 1,
			   i + 1);
	buf_puts(x, "</manifest>\n<spine>\n<itemref idref=\"title\"/>\n");
	for (size_t i = 0; i < b->nchapters; i++)
		buf_printf(x, "<itemref idref=\"ch%zu\"/>\n", i + 1);
	buf_puts(x, "</spine>\n</package>\n");
	return buf_slice(x);
}

int docmake_epub(buf *out, const struct docmake_book *b)
{
	struct zip z;
	zip_begin(&z, out, b->when);
	zip_add(&z, "mimetype", S("application/epub+zip"));
	zip_add(&z, "META-INF/container.xml",
		S("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
		  "<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n"
		  "</rootfiles>\n</container>\n"));
	buf x;
	int err = 0;
	buf_init(&x, out->a);
	zip_add(&z, "OEBPS/content.opf", epub_opf(&x, b));
	err |= x.err;
	buf_init(&x, out->a);
	zip_add(&z, "OEBPS/nav.xhtml", epub_nav(&x, b));
	err |= x.err;
	zip_add(&z, "OEBPS/style.css", S(stylesheet));
	buf_init(&x, out->a);
	zip_add(&z, "OEBPS/title.xhtml", epub_title_page(&x, b));
	err |= x.err;
	for (size_t i = 0; i < b->nchapters; i++) {
		char name[40];
		snprintf(name, sizeof name, "OEBPS/ch%zu.xhtml", i + 1);
		buf_init(&x, out->a);
		zip_add(&z, name, epub_chapter(&x, b, &b->chapters[i]));
		err |= x.err;
	}
	if (b->cover_png.n)
		zip_add(&z, "OEBPS/cover.png", b->cover_png);
	zip_end(&z);
	return err || out->err ? -1 : 0;
}
