/* test_imgmeta.c: the metadata stripper.  Small PNG, JPEG and WebP images
 * are built here byte by byte, each twice: with its metadata (text
 * chunks, EXIF, XMP, comments, thumbnails, GPS strings) and as the strip
 * must leave it, and the two are compared byte for byte.  Then what must
 * be refused (every truncation, every bit flipped in a PNG, bad lengths,
 * markers out of place), random damage checked against the invariants of
 * the fuzz target, the limits, and every PNG, JPEG and WebP under
 * /usr/share, whose pixel data must come through unchanged.  The checks
 * walk the output with walkers of their own, so a fault shared with
 * imgmeta.c's walkers is unlikely to hide.
 *
 * `test_imgmeta --corpus DIR` writes the images into DIR as the seed
 * corpus of tests/fuzz/fuzz_imgmeta.c. */
#include "unit.h"

#include <ftw.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/str.h"
#include "text/imgmeta.h"

static arena *ar;

/* --- building images ------------------------------------------------------ */

#define ADD(b, lit) buf_put((b), (lit), sizeof(lit) - 1)

static void put8(buf *b, unsigned v)
{
	buf_putc(b, (char)(unsigned char)v);
}

static void put16be(buf *b, size_t v)
{
	put8(b, (unsigned)(v >> 8) & 0xff);
	put8(b, (unsigned)v & 0xff);
}

static void put32be(buf *b, uint32_t v)
{
	for (int k = 3; k >= 0; k--)
		put8(b, (v >> (8 * k)) & 0xff);
}

static void put32le(buf *b, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		put8(b, (v >> (8 * k)) & 0xff);
}

static uint32_t get16be(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get32be(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t get32le(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* CRC-32 bit by bit: a second implementation to check imgmeta.c's table. */
static uint32_t crc_bits(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return ~c;
}

static const char png_signature[] = "\x89PNG\r\n\x1a\n";

/* A PNG chunk with its CRC (or the CRC plus `crc_error`). */
static void pchunk_crc(buf *b, const char *type, const void *d, size_t n, uint32_t crc_error)
{
	put32be(b, (uint32_t)n);
	size_t at = b->n;
	buf_put(b, type, 4);
	buf_put(b, d, n);
	if (!b->err)
		put32be(b, crc_bits((const unsigned char *)b->p + at, n + 4) + crc_error);
}

static void pchunk(buf *b, const char *type, const void *d, size_t n)
{
	pchunk_crc(b, type, d, n, 0);
}

#define PCHUNK(b, type, lit) pchunk((b), (type), (lit), sizeof(lit) - 1)

/* 1x1, 8-bit grey; its one row (filter 0, pixel 0) as a stored zlib block. */
#define IHDR_1X1 "\0\0\0\1\0\0\0\1\x08\0\0\0\0"
#define IDAT_1X1 "\x78\x01\x01\x02\x00\xfd\xff\x00\x00\x00\x02\x00\x01"

/* A minimal PNG, with (meta) or without its metadata: tIME, tEXt, eXIf,
 * iTXt, zTXt, sPLT and an unknown ancillary chunk among the kept ones. */
static void png_meta(buf *b, bool meta)
{
	ADD(b, png_signature);
	PCHUNK(b, "IHDR", IHDR_1X1);
	if (meta) {
		PCHUNK(b, "tIME", "\x07\xe8\x05\x01\x0c\x00\x00");
		PCHUNK(b, "tEXt", "Location\0GPS 51.5N 0.1W");
	}
	PCHUNK(b, "gAMA", "\0\0\xb1\x8f");
	PCHUNK(b, "sRGB", "\0");
	PCHUNK(b, "pHYs", "\0\0\x0b\x13\0\0\x0b\x13\1");
	if (meta)
		PCHUNK(b, "eXIf", "MM\0*\0\0\0\x08GPS 51.5N 0.1W Pixel 7 owner A. Nwosu");
	PCHUNK(b, "IDAT", IDAT_1X1);
	if (meta) {
		PCHUNK(b, "iTXt", "Author\0\0\0\0\0Dr A. Nwosu, GPS 51.5N");
		PCHUNK(b, "zTXt", "Comment\0\0\x78\x01\x01\x09\x00\xf6\xff" "GPS 51.5N\x0b\x1c\x02\x22");
		PCHUNK(b, "sPLT", "GPS 51.5N\0\x08\0\0\0\xff\0\0");
		PCHUNK(b, "prVt", "GPS 51.5N");
	}
	PCHUNK(b, "IEND", "");
}

/* An APNG of two frames with every kept rendering chunk, and metadata
 * between them. */
static void png_apng(buf *b, bool meta)
{
	ADD(b, png_signature);
	PCHUNK(b, "IHDR", IHDR_1X1);
	PCHUNK(b, "acTL", "\0\0\0\2\0\0\0\0");
	PCHUNK(b, "cHRM", "\0\0\x7a\x26\0\0\x80\x84\0\0\xfa\0\0\0\x80\xe8\0\0\x75\x30\0\0\xea\x60\0\0\x3a\x98\0\0\x17\x70");
	PCHUNK(b, "iCCP", "fake\0\0\x78\x01\x01\x03\x00\xfc\xff" "abc\x02\x4d\x01\x27");
	PCHUNK(b, "sBIT", "\x08");
	PCHUNK(b, "cICP", "\x01\x0d\0\1");
	if (meta)
		PCHUNK(b, "tEXt", "Software\0Camera GPS 51.5N");
	PCHUNK(b, "tRNS", "\0\0");
	PCHUNK(b, "bKGD", "\0\xff");
	PCHUNK(b, "fcTL", "\0\0\0\0\0\0\0\1\0\0\0\1\0\0\0\0\0\0\0\0\0\1\0\x0a\0\0");
	PCHUNK(b, "IDAT", IDAT_1X1);
	if (meta)
		PCHUNK(b, "tIME", "\x07\xe8\x05\x01\x0c\x00\x00");
	PCHUNK(b, "fcTL", "\0\0\0\1\0\0\0\1\0\0\0\1\0\0\0\0\0\0\0\0\0\1\0\x0a\0\0");
	PCHUNK(b, "fdAT", "\0\0\0\2" IDAT_1X1);
	if (meta)
		PCHUNK(b, "eXIf", "II*\0\x08\0\0\0GPS 51.5N");
	PCHUNK(b, "IEND", "");
}

static void jseg(buf *b, unsigned m, const void *d, size_t n)
{
	put8(b, 0xff);
	put8(b, m);
	put16be(b, n + 2);
	buf_put(b, d, n);
}

#define JSEG(b, m, lit) jseg((b), (m), (lit), sizeof(lit) - 1)

#define JFIF_HEAD "JFIF\0\1\1\0\0\1\0\1"
#define DQT_ONES "\0\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1"
#define DHT_ONE "\0\1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"

/* A baseline JPEG: JFIF, EXIF with a GPS string (meta), a comment (meta),
 * tables, a frame, one scan whose data has stuffed zeros and RST markers
 * (DRI asks for them), EOI. */
static void jpeg_meta(buf *b, bool meta)
{
	ADD(b, "\xff\xd8");
	JSEG(b, 0xe0, JFIF_HEAD "\0\0");
	if (meta) {
		JSEG(b, 0xe1, "Exif\0\0MM\0*\0\0\0\x08GPS 51.5N 0.1W Pixel 7");
		JSEG(b, 0xfe, "Dr A. Nwosu, ward 7, GPS 51.5N");
	}
	JSEG(b, 0xdb, DQT_ONES);
	JSEG(b, 0xdd, "\0\1");
	JSEG(b, 0xc0, "\x08\0\1\0\1\1\1\x11\0");
	JSEG(b, 0xc4, DHT_ONE);
	JSEG(b, 0xda, "\1\1\0\0\x3f\0");
	ADD(b, "\x12\xff\x00\x34\xff\xd0\x56\xff\x00\xff\xd7\x78");
	ADD(b, "\xff\xd9");
}

/* A progressive JPEG with the colour segments that are kept (ICC profile,
 * Adobe) and everything that is not: a JFIF thumbnail, JFXX, MPF,
 * Photoshop, APP15, a comment and XMP between the scans, fill bytes, and
 * bytes after EOI. */
static void jpeg_progressive(buf *b, bool meta)
{
	ADD(b, "\xff\xd8");
	if (meta) {
		ADD(b, "\xff\xff"); /* fill bytes */
		JSEG(b, 0xe0, JFIF_HEAD "\1\1GPS");
		JSEG(b, 0xe0, "JFXX\0\x13\1\1GPS");
	} else {
		JSEG(b, 0xe0, JFIF_HEAD "\0\0");
	}
	JSEG(b, 0xe2, "ICC_PROFILE\0\1\1fake profile");
	if (meta)
		JSEG(b, 0xe2, "MPF\0MM\0*GPS 51.5N");
	JSEG(b, 0xee, "Adobe\0\x64\0\0\0\0\1");
	if (meta) {
		JSEG(b, 0xed, "Photoshop 3.0\08BIM GPS 51.5N");
		JSEG(b, 0xef, "GPS 51.5N");
		JSEG(b, 0xe5, "GPS 51.5N");
	}
	JSEG(b, 0xdb, DQT_ONES);
	JSEG(b, 0xc2, "\x08\0\1\0\1\1\1\x11\0");
	JSEG(b, 0xc4, DHT_ONE);
	JSEG(b, 0xda, "\1\1\0\0\0\0");
	ADD(b, "\xab\xff\x00\xcd\xff\xff\xd1\xef");
	if (meta) {
		ADD(b, "\xff\xff"); /* fill bytes after the scan's data */
		JSEG(b, 0xfe, "GPS 51.5N");
	}
	JSEG(b, 0xc4, "\x10\1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1");
	if (meta)
		JSEG(b, 0xe1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPS 51.5N</x:xmpmeta>");
	JSEG(b, 0xda, "\1\1\x10\1\x3f\0");
	ADD(b, "\x01\x02\xff\x00\x03");
	ADD(b, "\xff\xd9");
	if (meta)
		ADD(b, "GPS 51.5N\xff\xd8\xff\xe1\0\x10");
}

static void wchunk(buf *b, const char *fourcc, const void *d, size_t n)
{
	buf_put(b, fourcc, 4);
	put32le(b, (uint32_t)n);
	buf_put(b, d, n);
	if (n & 1)
		put8(b, 0);
}

#define WCHUNK(b, fourcc, lit) wchunk((b), (fourcc), (lit), sizeof(lit) - 1)

/* The RIFF size, once the chunks are in. */
static void webp_seal(buf *b)
{
	if (b->err || b->n < 12)
		return;
	uint32_t v = (uint32_t)(b->n - 8);
	for (int k = 0; k < 4; k++)
		b->p[4 + k] = (char)(unsigned char)(v >> (8 * k));
}

/* A 1x1 lossy (VP8) and lossless (VP8L) bitstream, from Modernizr's WebP
 * detection images (MIT); the lossless one has an odd size. */
#define VP8_1X1 "\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00\x0e\xc0\xfe\x25\xa4\x00\x03\x70\x00\x00\x00\x00"
#define VP8L_1X1 "\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07"

/* An extended WebP still: VP8X (ICC, and with meta EXIF and XMP, flagged),
 * an ICC profile of odd size, the bitstream, EXIF, XMP, and a chunk
 * nobody knows. */
static void webp_meta(buf *b, bool meta)
{
	ADD(b, "RIFF\0\0\0\0WEBP");
	wchunk(b, "VP8X", meta ? "\x2c\0\0\0\0\0\0\0\0\0" : "\x20\0\0\0\0\0\0\0\0\0", 10);
	WCHUNK(b, "ICCP", "fake profile!");
	WCHUNK(b, "VP8 ", VP8_1X1);
	if (meta) {
		WCHUNK(b, "EXIF", "MM\0*\0\0\0\x08GPS 51.5N 0.1W");
		WCHUNK(b, "XMP ", "<x:xmpmeta>GPS 51.5N, Dr A. Nwosu</x:xmpmeta>");
		WCHUNK(b, "GPSx", "51.5N");
	}
	webp_seal(b);
}

/* An animated WebP (Modernizr's, with metadata added): VP8X, ANIM, one
 * frame whose own chunks include an unknown one, and XMP. */
static void webp_anim(buf *b, bool meta)
{
	ADD(b, "RIFF\0\0\0\0WEBP");
	wchunk(b, "VP8X", meta ? "\x1e\0\0\0\0\0\0\0\0\0" : "\x12\0\0\0\0\0\0\0\0\0", 10);
	WCHUNK(b, "ANIM", "\xff\xff\xff\xff\0\0");
	buf frame;
	buf_init(&frame, ar);
	ADD(&frame, "\0\0\0\0\0\0\0\0\0\0\0\0\x64\0\0\0");
	WCHUNK(&frame, "VP8L", VP8L_1X1);
	if (meta)
		WCHUNK(&frame, "GPSx", "51.5N 0.1W");
	wchunk(b, "ANMF", frame.p, frame.n);
	if (meta)
		WCHUNK(b, "XMP ", "<x:xmpmeta>GPS 51.5N</x:xmpmeta>");
	webp_seal(b);
}

/* A simple-format (lossless) WebP: nothing to strip. */
static void webp_simple(buf *b, bool meta)
{
	(void)meta;
	ADD(b, "RIFF\0\0\0\0WEBP");
	WCHUNK(b, "VP8L", VP8L_1X1);
	webp_seal(b);
}

struct fixture {
	const char *name;
	enum imgmeta_type type;
	void (*build)(buf *b, bool meta);
};

static const struct fixture fixtures[] = {
	{"png_meta", IMGMETA_PNG, png_meta},
	{"png_apng", IMGMETA_PNG, png_apng},
	{"jpeg_meta", IMGMETA_JPEG, jpeg_meta},
	{"jpeg_progressive", IMGMETA_JPEG, jpeg_progressive},
	{"webp_meta", IMGMETA_WEBP, webp_meta},
	{"webp_anim", IMGMETA_WEBP, webp_anim},
	{"webp_simple", IMGMETA_WEBP, webp_simple},
};

#define NFIX (sizeof fixtures / sizeof fixtures[0])

static str build(void (*f)(buf *, bool), bool meta)
{
	buf b;
	buf_init(&b, ar);
	f(&b, meta);
	if (b.err) {
		fprintf(stderr, "FAIL %s: the test arena is full\n", unit_current);
		exit(1);
	}
	return buf_slice(&b);
}

/* --- walking the output (independently of imgmeta.c) -------------------- */

static bool has(str s, const char *needle)
{
	return memmem(s.p, s.n, needle, strlen(needle)) != NULL;
}

/* A well-formed PNG with right CRCs: each chunk type into *types (4 bytes
 * each), the IDAT data into *idat. */
static bool png_walk(str s, buf *idat, buf *types)
{
	const unsigned char *p = (const unsigned char *)s.p;
	if (s.n < 8 || memcmp(p, png_signature, 8) != 0)
		return false;
	for (size_t i = 8; s.n - i >= 12;) {
		uint32_t len = get32be(p + i);
		if (len > s.n - i - 12 || crc_bits(p + i + 4, (size_t)len + 4) != get32be(p + i + 8 + len))
			return false;
		buf_put(types, p + i + 4, 4);
		if (memcmp(p + i + 4, "IDAT", 4) == 0)
			buf_put(idat, p + i + 8, len);
		bool iend = memcmp(p + i + 4, "IEND", 4) == 0;
		i += 12 + (size_t)len;
		if (iend)
			return i == s.n;
	}
	return false;
}

static bool has_type(buf *types, const char *t)
{
	for (size_t i = 0; i + 4 <= types->n; i += 4)
		if (memcmp(types->p + i, t, 4) == 0)
			return true;
	return false;
}

/* A JPEG walked to EOI: every marker code into *markers, each SOS segment
 * with its entropy-coded data into *scans (fill bytes left out). */
static bool jpeg_walk(str s, buf *scans, buf *markers)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t n = s.n, i = 2;
	if (n < 2 || p[0] != 0xff || p[1] != 0xd8)
		return false;
	for (;;) {
		if (i >= n || p[i] != 0xff)
			return false;
		while (i < n && p[i] == 0xff)
			i++;
		if (i >= n)
			return false;
		unsigned char m = p[i++];
		put8(markers, m);
		if (m == 0xd9)
			return true;
		if (n - i < 2 || get16be(p + i) < 2 || get16be(p + i) > n - i)
			return false;
		size_t start = i - 2;
		i += get16be(p + i);
		if (m != 0xda)
			continue;
		while (i < n) {
			if (p[i] != 0xff) {
				i++;
				continue;
			}
			size_t j = i + 1;
			while (j < n && p[j] == 0xff)
				j++;
			if (j < n && (p[j] == 0 || (p[j] >= 0xd0 && p[j] <= 0xd7))) {
				i = j + 1;
				continue;
			}
			break;
		}
		buf_put(scans, p + start, i - start);
		buf_put(scans, "\xff\xff", 2);
	}
}

/* A WebP whose RIFF size is its length less 8, with whole chunks and zero
 * pad bytes: the FourCCs into *fourccs, VP8X's flags into *flags. */
static bool webp_walk(str s, buf *fourccs, int *flags)
{
	const unsigned char *p = (const unsigned char *)s.p;
	*flags = -1;
	if (s.n < 12 || memcmp(p, "RIFF", 4) != 0 || memcmp(p + 8, "WEBP", 4) != 0 || get32le(p + 4) != s.n - 8)
		return false;
	for (size_t i = 12; i < s.n;) {
		if (s.n - i < 8)
			return false;
		size_t len = get32le(p + i + 4), whole = 8 + len + (len & 1);
		if (whole > s.n - i || ((len & 1) && p[i + 8 + len] != 0))
			return false;
		buf_put(fourccs, p + i, 4);
		if (memcmp(p + i, "VP8X", 4) == 0)
			*flags = p[i + 8];
		i += whole;
	}
	return true;
}

/* --- stripping ------------------------------------------------------------ */

/* Strips `in` in arena `a`; the code, with *out the result or "unset". */
static int strip(arena *a, str in, str *out)
{
	*out = S("unset");
	return imgmeta_strip(a, in, out);
}

/* What the fuzz target asks of any input: a refusal is one of the codes,
 * says EBADTYPE exactly when the type is unknown and leaves *out alone; a
 * result is no longer than its input, of the same type, and strips to
 * itself. */
static bool invariants(str in)
{
	arena *a = arena_new(3 * in.n + 4096);
	if (!a)
		return false;
	str out, again;
	int rc = strip(a, in, &out);
	bool ok;
	if (rc != 0)
		ok = (rc == IMGMETA_EBADTYPE || rc == IMGMETA_EMALFORMED) &&
		     (rc == IMGMETA_EBADTYPE) == (imgmeta_sniff(in) < 0) && str_eqc(out, "unset");
	else
		ok = out.n <= in.n && imgmeta_sniff(out) == imgmeta_sniff(in) && strip(a, out, &again) == 0 &&
		     str_eq(again, out);
	arena_free(a);
	return ok;
}

/* The image with metadata strips to exactly the one without, which
 * strips to itself; and no "GPS" is left. */
static bool strips_to_clean(const struct fixture *f)
{
	str in = build(f->build, true), want = build(f->build, false), out = STR_NULL, again = STR_NULL;
	bool ok = imgmeta_sniff(in) == (int)f->type && strip(ar, in, &out) == 0 && str_eq(out, want) &&
		  strip(ar, want, &again) == 0 && str_eq(again, want) && has(in, "GPS") && !has(out, "GPS");
	if (!ok)
		fprintf(stderr, "  %s: in %zu bytes, out %zu, want %zu\n", f->name, in.n, out.n, want.n);
	return ok;
}

/* --- the tests ------------------------------------------------------------ */

TEST(sniff_types)
{
	CHECK(imgmeta_sniff(S("\x89PNG\r\n\x1a\n")) == IMGMETA_PNG);
	CHECK(imgmeta_sniff(S("\x89PNG\r\n\x1a")) == -1);
	CHECK(imgmeta_sniff(S("\x89PNG\n\n\x1a\n")) == -1);
	CHECK(imgmeta_sniff(S("\xff\xd8\xff")) == IMGMETA_JPEG);
	CHECK(imgmeta_sniff(S("\xff\xd8")) == -1);
	CHECK(imgmeta_sniff(S("\xff\xd8\x00")) == -1);
	CHECK(imgmeta_sniff(S("RIFF\0\0\0\0WEBP")) == IMGMETA_WEBP);
	CHECK(imgmeta_sniff(S("RIFF\0\0\0\0WEBx")) == -1);
	CHECK(imgmeta_sniff(S("RIFF\0\0\0\0WAVEfmt ")) == -1);
	CHECK(imgmeta_sniff(S("GIF89a\1\0\1\0\0\0")) == -1);
	CHECK(imgmeta_sniff(S("")) == -1);
	CHECK(imgmeta_sniff(STR_NULL) == -1);
	for (size_t i = 0; i < NFIX; i++)
		CHECK(imgmeta_sniff(build(fixtures[i].build, true)) == (int)fixtures[i].type);
}

TEST(png_text_exif_time_stripped)
{
	str in = build(png_meta, true), out;
	CHECK(strip(ar, in, &out) == 0);
	CHECK(strips_to_clean(&fixtures[0]));
	buf idat_in, idat_out, types_in, types_out;
	buf_init(&idat_in, ar);
	buf_init(&idat_out, ar);
	buf_init(&types_in, ar);
	buf_init(&types_out, ar);
	CHECK(png_walk(in, &idat_in, &types_in));
	CHECK(png_walk(out, &idat_out, &types_out)); /* every CRC still right */
	CHECK(idat_in.n == 13 && str_eq(buf_slice(&idat_in), buf_slice(&idat_out)));
	CHECK(str_eq(buf_slice(&types_out), S("IHDRgAMAsRGBpHYsIDATIEND")));
	CHECK(has_type(&types_in, "eXIf") && has_type(&types_in, "tEXt") && has_type(&types_in, "tIME"));
	CHECK(has(in, "GPS 51.5N") && !has(out, "GPS") && !has(out, "Nwosu"));
	CHECK(out.n < in.n);
}

TEST(png_rendering_chunks_kept)
{
	CHECK(strips_to_clean(&fixtures[1]));
	str out;
	CHECK(strip(ar, build(png_apng, true), &out) == 0);
	buf idat, types;
	buf_init(&idat, ar);
	buf_init(&types, ar);
	CHECK(png_walk(out, &idat, &types));
	CHECK(str_eq(buf_slice(&types), S("IHDRacTLcHRMiCCPsBITcICPtRNSbKGDfcTLIDATfcTLfdATIEND")));
}

/* A PNG made of the chunks described by `spec`, one per character:
 * H IHDR, D IDAT, E IEND, T tEXt, h a 12-byte IHDR, c IDAT with a wrong
 * CRC, e IEND with data, 1 a chunk of type "tE1t", x a byte after it all,
 * L an IDAT whose length is past the end, B an IDAT of length 2^31, v an
 * unknown ancillary chunk, V an unknown critical one. */
static str png_of(const char *spec)
{
	buf b;
	buf_init(&b, ar);
	ADD(&b, png_signature);
	for (const char *c = spec; *c; c++) {
		switch (*c) {
		case 'H': PCHUNK(&b, "IHDR", IHDR_1X1); break;
		case 'h': PCHUNK(&b, "IHDR", "\0\0\0\1\0\0\0\1\x08\0\0\0"); break;
		case 'D': PCHUNK(&b, "IDAT", IDAT_1X1); break;
		case 'c': pchunk_crc(&b, "IDAT", IDAT_1X1, 13, 1); break;
		case 'E': PCHUNK(&b, "IEND", ""); break;
		case 'e': PCHUNK(&b, "IEND", "x"); break;
		case 'T': PCHUNK(&b, "tEXt", "a\0b"); break;
		case 'v': PCHUNK(&b, "vpAg", "GPS 51.5N"); break;
		case 'V': PCHUNK(&b, "VpAg", "GPS 51.5N"); break;
		case '1': PCHUNK(&b, "tE1t", "a\0b"); break;
		case 'x': ADD(&b, "x"); break;
		case 'L': ADD(&b, "\0\0\0\x20IDAT\0\0"); break;
		case 'B': ADD(&b, "\x80\0\0\0IDAT\0\0\0\0\0\0\0\0\0\0"); break;
		default: break;
		}
	}
	return buf_slice(&b);
}

TEST(png_malformed_refused)
{
	str out;
	CHECK(strip(ar, png_of("HDE"), &out) == 0);
	CHECK(strip(ar, png_of("HTDDTE"), &out) == 0 && str_eq(out, png_of("HDDE")));
	/* A chunk nobody knows: dropped when ancillary, refused when critical. */
	CHECK(strip(ar, png_of("HvDvE"), &out) == 0 && str_eq(out, png_of("HDE")));
	const char *bad[] = {
		"",      /* no chunks */
		"H",     /* no IEND */
		"HD",    /* no IEND */
		"HE",    /* no IDAT */
		"DHE",   /* IHDR not first */
		"TDHE",  /* IHDR not first */
		"HHDE",  /* two IHDRs */
		"HDHE",  /* IHDR again */
		"hDE",   /* IHDR of 12 bytes */
		"HcE",   /* a bad CRC */
		"HDe",   /* IEND with data */
		"HDEx",  /* a byte after IEND */
		"HDEE",  /* a chunk after IEND */
		"HDEHDE", /* two images */
		"H1DE",  /* a type that is not four letters */
		"HVDE",  /* a critical chunk nobody knows */
		"HL",    /* a length past the end */
		"HDL",   /* a length past the end */
		"HB",    /* a length of 2^31 */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = strip(ar, png_of(bad[i]), &out);
		CHECK(rc == IMGMETA_EMALFORMED && str_eqc(out, "unset"));
		if (rc != IMGMETA_EMALFORMED)
			fprintf(stderr, "  png_of(\"%s\") gave %d\n", bad[i], rc);
	}
}

/* CRC-32 catches every single-bit error: whichever bit of a PNG is
 * flipped, it is refused (EBADTYPE in the signature). */
TEST(png_every_bit_flipped)
{
	str in = build(png_meta, true);
	char *p = arena_alloc(ar, in.n);
	if (!p) {
		CHECK(p != NULL);
		return;
	}
	int refused = 0, flips = 0;
	for (size_t i = 0; i < in.n; i++)
		for (int k = 0; k < 8; k++) {
			memcpy(p, in.p, in.n);
			p[i] = (char)(p[i] ^ (1 << k));
			arena *a = arena_new(2 * in.n);
			str out;
			int rc = a ? strip(a, (str){p, in.n}, &out) : 0;
			refused += rc == (i < 8 ? IMGMETA_EBADTYPE : IMGMETA_EMALFORMED);
			flips++;
			arena_free(a);
		}
	CHECK(refused == flips);
}

TEST(jpeg_app1_and_com_stripped)
{
	str in = build(jpeg_meta, true), out;
	CHECK(strip(ar, in, &out) == 0);
	CHECK(strips_to_clean(&fixtures[2]));
	buf scans_in, scans_out, m_in, m_out;
	buf_init(&scans_in, ar);
	buf_init(&scans_out, ar);
	buf_init(&m_in, ar);
	buf_init(&m_out, ar);
	CHECK(jpeg_walk(in, &scans_in, &m_in) && jpeg_walk(out, &scans_out, &m_out));
	CHECK(str_eq(buf_slice(&m_in), S("\xe0\xe1\xfe\xdb\xdd\xc0\xc4\xda\xd9")));
	CHECK(str_eq(buf_slice(&m_out), S("\xe0\xdb\xdd\xc0\xc4\xda\xd9")));
	CHECK(scans_in.n == 10 + 12 + 2 && str_eq(buf_slice(&scans_in), buf_slice(&scans_out)));
	CHECK(has(in, "GPS 51.5N") && !has(out, "GPS") && !has(out, "Exif"));
}

TEST(jpeg_colour_kept_thumbnails_dropped)
{
	CHECK(strips_to_clean(&fixtures[3]));
	str in = build(jpeg_progressive, true), out;
	CHECK(strip(ar, in, &out) == 0);
	buf scans_in, scans_out, m_in, m_out;
	buf_init(&scans_in, ar);
	buf_init(&scans_out, ar);
	buf_init(&m_in, ar);
	buf_init(&m_out, ar);
	CHECK(jpeg_walk(in, &scans_in, &m_in) && jpeg_walk(out, &scans_out, &m_out));
	CHECK(str_eq(buf_slice(&m_out), S("\xe0\xe2\xee\xdb\xc2\xc4\xda\xc4\xda\xd9")));
	CHECK(str_eq(buf_slice(&scans_in), buf_slice(&scans_out)));
	CHECK(has(out, "ICC_PROFILE") && has(out, "Adobe") && has(out, "JFIF") && !has(out, "JFXX"));
	/* JFIF: the thumbnail's size is 0x0 and its pixels are gone. */
	CHECK(memcmp(out.p + 2, "\xff\xe0\0\x10" JFIF_HEAD "\0\0", 18) == 0);
	/* A JFIF header too short to be one is dropped; one with a longer
	 * thumbnail is cut to 16 bytes. */
	buf b;
	buf_init(&b, ar);
	ADD(&b, "\xff\xd8");
	JSEG(&b, 0xe0, "JFIF\0\1\1\0\0\1\0\1\0");
	JSEG(&b, 0xe0, JFIF_HEAD "\2\1GPSGPS");
	JSEG(&b, 0xc0, "\x08\0\1\0\1\1\1\x11\0");
	JSEG(&b, 0xda, "\1\1\0\0\x3f\0");
	ADD(&b, "\xff\xd9");
	CHECK(strip(ar, buf_slice(&b), &out) == 0 && out.n == b.n - 17 - 6 && !has(out, "GPS"));
}

/* A JPEG from parts, put one after another up to the first STR_NULL. */
static str jpeg_of(const str *parts, size_t n)
{
	buf b;
	buf_init(&b, ar);
	for (size_t i = 0; i < n && parts[i].p; i++)
		buf_str(&b, parts[i]);
	return buf_slice(&b);
}

#define JPEG_OF(...) jpeg_of((const str[]){__VA_ARGS__}, sizeof((const str[]){__VA_ARGS__}) / sizeof(str))

#define J_SOI S("\xff\xd8")
#define J_SOF S("\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00")
#define J_SOS S("\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00")
#define J_COM S("\xff\xfe\x00\x05GPS")
#define J_EOI S("\xff\xd9")

TEST(jpeg_malformed_refused)
{
	str out;
	CHECK(strip(ar, JPEG_OF(J_SOI, J_SOF, J_SOS, S("\x11\x22"), J_EOI), &out) == 0 && out.n == 29);
	CHECK(strip(ar, JPEG_OF(J_SOI, J_COM, J_SOF, J_SOS, J_EOI), &out) == 0 && out.n == 27);
	CHECK(strip(ar, JPEG_OF(J_SOI, J_SOF, J_SOS, S("\xff\xff\xff"), J_EOI, S("junk")), &out) == 0 && out.n == 27);
	CHECK(strip(ar, JPEG_OF(J_SOI, J_SOF, J_SOS, J_EOI, S("\xff\xe1\x7f\xff")), &out) == 0 && out.n == 27);
	const str bad[][6] = {
		{J_SOI, J_SOF, J_SOS, S("\x11\x22")},                 /* no EOI */
		{J_SOI, J_SOF, J_SOS, S("\x11\xff")},                 /* no EOI, a 0xFF last */
		{J_SOI, J_SOF, J_SOS, S("\x11\xff\xd0")},             /* no EOI after RST */
		{J_SOI, J_SOF, J_SOS, S("\x11\xff\x00")},             /* no EOI after a stuffed zero */
		{J_SOI, J_SOF, J_EOI},                                /* no scan */
		{J_SOI, J_SOS, J_SOF, J_EOI},                         /* a scan before the frame */
		{J_SOI, J_SOF, S("\xff\xd8\x00\x02"), J_SOS, J_EOI},  /* SOI again */
		{J_SOI, J_SOF, S("\xff\xd0\x00\x02"), J_SOS, J_EOI},  /* RST outside a scan */
		{J_SOI, J_SOF, S("\xff\x01\x00\x02"), J_SOS, J_EOI},  /* TEM */
		{J_SOI, J_SOF, S("\xff\x02\x00\x02"), J_SOS, J_EOI},  /* a reserved code */
		{J_SOI, J_SOF, S("\xff\xc8\x00\x02"), J_SOS, J_EOI},  /* JPG */
		{J_SOI, J_SOF, S("\xff\xf7\x00\x02"), J_SOS, J_EOI},  /* JPEG-LS */
		{J_SOI, J_SOF, S("\xff\x00\x00\x02"), J_SOS, J_EOI},  /* a stuffed zero outside a scan */
		{J_SOI, J_SOF, S("\x12"), J_SOS, J_EOI},              /* garbage between segments */
		{J_SOI, J_SOF, J_SOS, S("\x11\xff\xfe\x00\x02\x12"), J_EOI}, /* garbage after a scan's COM */
		{J_SOI, J_SOF, S("\xff\xfe\x00\x01"), J_SOS, J_EOI},  /* a length of 1 */
		{J_SOI, J_SOF, S("\xff\xfe\x00\x00"), J_SOS, J_EOI},  /* a length of 0 */
		{J_SOI, J_SOF, S("\xff\xe1\x7f\xff"), J_SOS},         /* a length past the end */
		{J_SOI, J_SOF, S("\xff\xfe")},                        /* no length */
		{J_SOI, J_SOF, S("\xff\xfe\x00")},                    /* half a length */
		{J_SOI, S("\xff\xff\xff")},                           /* fill bytes to the end */
		{J_SOI, J_SOF},                                       /* nothing after the frame */
		{S("\xff\xd8\xff")},                                  /* a marker cut off */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = strip(ar, jpeg_of(bad[i], 6), &out);
		CHECK(rc == IMGMETA_EMALFORMED && str_eqc(out, "unset"));
		if (rc != IMGMETA_EMALFORMED)
			fprintf(stderr, "  case %zu gave %d\n", i, rc);
	}
}

TEST(webp_exif_xmp_stripped)
{
	CHECK(strips_to_clean(&fixtures[4]));
	str in = build(webp_meta, true), out;
	CHECK(strip(ar, in, &out) == 0);
	buf cc;
	buf_init(&cc, ar);
	int flags;
	CHECK(webp_walk(out, &cc, &flags));
	CHECK(str_eq(buf_slice(&cc), S("VP8XICCPVP8 ")));
	CHECK(flags == 0x20); /* ICC kept, EXIF and XMP cleared */
	CHECK(get32le((const unsigned char *)out.p + 4) == out.n - 8);
	CHECK(has(in, "GPS") && !has(out, "GPS"));
	/* The simple format passes through as it is. */
	str simple = build(webp_simple, false);
	CHECK(strip(ar, simple, &out) == 0 && str_eq(out, simple));
	/* Bytes after the RIFF chunk are dropped. */
	buf b;
	buf_init(&b, ar);
	buf_str(&b, simple);
	ADD(&b, "GPS 51.5N");
	CHECK(strip(ar, buf_slice(&b), &out) == 0 && str_eq(out, simple));
}

TEST(webp_animation)
{
	CHECK(strips_to_clean(&fixtures[5]));
	str out;
	CHECK(strip(ar, build(webp_anim, true), &out) == 0);
	buf cc;
	buf_init(&cc, ar);
	int flags;
	CHECK(webp_walk(out, &cc, &flags) && flags == 0x12);
	CHECK(str_eq(buf_slice(&cc), S("VP8XANIMANMF")));
	/* The frame's size was rewritten: 16 + VP8L's 22. */
	CHECK(out.n > 52 && memcmp(out.p + 44, "ANMF\x26\0\0\0", 8) == 0);
}

/* A WebP from its chunks, with the RIFF size given (or right, when 0). */
static str webp_of(uint32_t riff, const char *chunks, size_t n)
{
	buf b;
	buf_init(&b, ar);
	ADD(&b, "RIFF\0\0\0\0WEBP");
	buf_put(&b, chunks, n);
	webp_seal(&b);
	if (riff && !b.err)
		for (int k = 0; k < 4; k++)
			b.p[4 + k] = (char)(unsigned char)(riff >> (8 * k));
	return buf_slice(&b);
}

#define WEBP_OF(riff, lit) webp_of((riff), (lit), sizeof(lit) - 1)
#define W_VP8L "VP8L\x0d\0\0\0" VP8L_1X1 "\0"
#define Z16 "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
#define W_VP8X "VP8X\x0a\0\0\0\x0c\0\0\0\0\0\0\0\0\0"

TEST(webp_malformed_refused)
{
	str out;
	CHECK(strip(ar, WEBP_OF(0, W_VP8L), &out) == 0);
	CHECK(strip(ar, WEBP_OF(0, W_VP8X W_VP8L), &out) == 0 && ((const unsigned char *)out.p)[20] == 0);
	struct {
		uint32_t riff;
		str chunks;
	} bad[] = {
		{0, S("")},                                     /* no chunks */
		{3, S(W_VP8L)},                                 /* a RIFF size under 4 */
		{0xffffffffu, S(W_VP8L)},                       /* a RIFF size past the end */
		{0, S(W_VP8L "\0")},                            /* an odd RIFF size: a byte left over */
		{0, S("VP8L\xff\xff\xff\xff" VP8L_1X1 "\0")},   /* a chunk size past the end */
		{0, S("VP8L\x0d\0\0\0" VP8L_1X1)},              /* an odd chunk without its pad byte */
		{0, S("VP8L\x0d\0\0")},                         /* a chunk header cut off */
		{0, S("EXIF\2\0\0\0MM" W_VP8L)},                /* a first chunk that is no image */
		{0, S(W_VP8X)},                                 /* no bitstream */
		{0, S(W_VP8X "ALPH\2\0\0\0\0\0")},              /* no bitstream */
		{0, S("VP8X\x09\0\0\0\0\0\0\0\0\0\0\0\0\0" W_VP8L)}, /* VP8X of 9 bytes */
		{0, S(W_VP8L W_VP8X)},                          /* VP8X not first */
		{0, S(W_VP8X W_VP8X W_VP8L)},                   /* VP8X twice */
		{0, S(W_VP8X "ANMF\x0e\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0")}, /* a frame header cut short */
		{0, S(W_VP8X "ANMF\x10\0\0\0" Z16)},                 /* a frame without a bitstream */
		{0, S(W_VP8X "ANMF\x18\0\0\0" Z16 "VP8L\x09\0\0\0")}, /* a frame's chunk past its end */
		{0, S(W_VP8X "ANMF\x19\0\0\0" Z16 "VP8L\0\0\0\0\0\0")}, /* a frame with a byte left over */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = strip(ar, webp_of(bad[i].riff, bad[i].chunks.p, bad[i].chunks.n), &out);
		CHECK(rc == IMGMETA_EMALFORMED);
		if (rc != IMGMETA_EMALFORMED)
			fprintf(stderr, "  case %zu gave %d\n", i, rc);
	}
}

/* Every prefix of every image is refused: EBADTYPE while the signature is
 * incomplete, EMALFORMED after. */
TEST(truncated_at_every_length)
{
	static const size_t sig[IMGMETA_TYPE_MAX] = {[IMGMETA_PNG] = 8, [IMGMETA_JPEG] = 3, [IMGMETA_WEBP] = 12};
	for (size_t f = 0; f < NFIX; f++) {
		str in = build(fixtures[f].build, false);
		int right = 0;
		for (size_t n = 0; n < in.n; n++) {
			arena *a = arena_new(in.n + 64);
			str out;
			int rc = a ? strip(a, (str){in.p, n}, &out) : 0;
			right += rc == (n < sig[fixtures[f].type] ? IMGMETA_EBADTYPE : IMGMETA_EMALFORMED) &&
				 str_eqc(out, "unset");
			arena_free(a);
		}
		CHECK((size_t)right == in.n);
		if ((size_t)right != in.n)
			fprintf(stderr, "  %s: %d of %zu prefixes refused rightly\n", fixtures[f].name, right, in.n);
	}
}

/* A small PRNG (xorshift64*), so a failure can be replayed. */
static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t below)
{
	rng ^= rng >> 12, rng ^= rng << 25, rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1du) >> 33) % below;
}

/* Damages p[0..*n) (room for cap bytes) in one of a few ways. */
static void mutate(unsigned char *p, size_t *n, size_t cap)
{
	static const unsigned char fav[] = {0x00, 0xff, 0xd8, 0xd9, 0xda, 0xd0, 0xe1, 0x7f, 0x80, 0x01};
	size_t len = *n;
	if (!len)
		return;
	size_t at = rnd((uint32_t)len);
	switch (rnd(6)) {
	case 0: p[at] ^= (unsigned char)(1u << rnd(8)); break;
	case 1: p[at] = fav[rnd(sizeof fav)]; break;
	case 2: *n = at; break;
	case 3: /* a copy of some bytes from elsewhere */
		if (len < cap) {
			size_t from = rnd((uint32_t)len), k = 1 + rnd(16);
			if (k > cap - len)
				k = cap - len;
			if (k > len - from)
				k = len - from;
			memmove(p + at + k, p + at, len - at);
			memmove(p + at, p + (from < at ? from : from + k), k);
			*n = len + k;
		}
		break;
	case 4: /* a big length */
		if (len - at >= 4)
			memcpy(p + at, rnd(2) ? "\xff\xff\xff\xff" : "\x7f\xff\xff\xfe", 4);
		break;
	default: /* a run of bytes gone */
		memmove(p + at, p + at + (len - at) / 2, len - at - (len - at) / 2);
		*n = len - (len - at) / 2;
		break;
	}
}

TEST(damage_never_breaks_the_invariants)
{
	int held = 0, total = 0, stripped = 0;
	for (size_t f = 0; f < NFIX; f++) {
		str in = build(fixtures[f].build, true);
		size_t cap = in.n + 64;
		unsigned char *p = arena_alloc(ar, cap);
		if (!p)
			break;
		for (int round = 0; round < 4000; round++) {
			memcpy(p, in.p, in.n);
			size_t n = in.n;
			for (uint32_t k = 1 + rnd(3); k > 0; k--)
				mutate(p, &n, cap);
			unsigned char *copy = malloc(n ? n : 1); /* exact size, for ASan */
			if (!copy)
				continue;
			memcpy(copy, p, n);
			str s = {(const char *)copy, n};
			held += invariants(s);
			total++;
			arena *a = arena_new(cap);
			str out;
			stripped += a && strip(a, s, &out) == 0;
			arena_free(a);
			free(copy);
		}
	}
	CHECK(held == total && total == 4000 * (int)NFIX);
	printf("damage: %d damaged images, %d still stripped, invariants held for %d\n", total, stripped, held);
}

TEST(limits_and_messages)
{
	/* Over the limit: refused before a byte is read. */
	char *big = calloc(1, IMGMETA_MAX + 1);
	str out;
	if (big) {
		memcpy(big, "\xff\xd8\xff", 3);
		CHECK(strip(ar, (str){big, IMGMETA_MAX + 1}, &out) == IMGMETA_ETOOBIG && str_eqc(out, "unset"));
		CHECK(strip(ar, (str){big, IMGMETA_MAX}, &out) == IMGMETA_EMALFORMED);
		free(big);
	}
	/* A full arena. */
	str in = build(png_meta, true);
	arena *small = arena_new(in.n / 2);
	CHECK(small && strip(small, in, &out) == IMGMETA_ENOMEM && str_eqc(out, "unset"));
	arena_free(small);
	arena *exact = arena_new(in.n + 15);
	CHECK(exact && strip(exact, in, &out) == 0);
	arena_free(exact);
	CHECK(strip(ar, S("GIF89a"), &out) == IMGMETA_EBADTYPE && str_eqc(out, "unset"));
	CHECK(strip(ar, STR_NULL, &out) == IMGMETA_EBADTYPE);
	/* A sentence for each code, no two alike. */
	const int codes[] = {0, IMGMETA_EBADTYPE, IMGMETA_EMALFORMED, IMGMETA_ENOMEM, IMGMETA_ETOOBIG, -99};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		const char *m = imgmeta_error(codes[i]);
		CHECK(m && strlen(m) > 10 && m[strlen(m) - 1] == '.');
		if (!m)
			continue;
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(m, imgmeta_error(codes[j])) != 0);
	}
}

/* --- images on this machine ------------------------------------------------ */

static struct {
	int files, ok, refused, same;
} real;

/* The pixel data of `in` and `out` is the same, and `out` has nothing but
 * kept parts. */
static bool same_pixels(arena *m, str in, str out)
{
	buf a, b, ta, tb;
	buf_init(&a, m);
	buf_init(&b, m);
	buf_init(&ta, m);
	buf_init(&tb, m);
	int fa, fb;
	switch (imgmeta_sniff(in)) {
	case IMGMETA_PNG:
		return png_walk(in, &a, &ta) && png_walk(out, &b, &tb) && a.n > 0 && str_eq(buf_slice(&a), buf_slice(&b)) &&
		       !has_type(&tb, "tEXt") && !has_type(&tb, "zTXt") && !has_type(&tb, "iTXt") &&
		       !has_type(&tb, "eXIf") && !has_type(&tb, "tIME");
	case IMGMETA_JPEG:
		return jpeg_walk(in, &a, &ta) && jpeg_walk(out, &b, &tb) && a.n > 0 && str_eq(buf_slice(&a), buf_slice(&b)) &&
		       !memchr(tb.p, 0xe1, tb.n) && !memchr(tb.p, 0xfe, tb.n);
	case IMGMETA_WEBP:
		return webp_walk(out, &tb, &fb) && (fb < 0 || !(fb & 0x0c)) && webp_walk(in, &ta, &fa) &&
		       !has_type(&tb, "EXIF") && !has_type(&tb, "XMP ");
	default:
		return false;
	}
}

static int visit(const char *path, const struct stat *st, int kind, struct FTW *ftw)
{
	(void)ftw;
	const char *dot = strrchr(path, '.');
	if (kind != FTW_F || !S_ISREG(st->st_mode) || !dot || st->st_size > (off_t)IMGMETA_MAX ||
	    (strcasecmp(dot, ".png") && strcasecmp(dot, ".jpg") && strcasecmp(dot, ".jpeg") && strcasecmp(dot, ".webp")))
		return 0;
	FILE *f = fopen(path, "rb");
	char *p = f ? malloc((size_t)st->st_size + 1) : NULL;
	size_t n = p ? fread(p, 1, (size_t)st->st_size, f) : 0;
	if (f)
		fclose(f);
	str in = {p, n}, out;
	arena *a = arena_new(16 * n + 65536); /* the copy, and two copies of the pixel data in doubling buffers */
	if (p && a && imgmeta_sniff(in) >= 0) {
		real.files++;
		if (strip(a, in, &out) == 0) {
			real.ok++;
			bool same = same_pixels(a, in, out);
			real.same += same;
			if (!same)
				fprintf(stderr, "  changed: %s\n", path);
		} else {
			real.refused++;
			fprintf(stderr, "  refused: %s\n", path);
		}
	}
	arena_free(a);
	free(p);
	return 0;
}

TEST(images_on_this_machine)
{
	nftw("/usr/share", visit, 16, FTW_PHYS);
	printf("/usr/share: %d images, %d stripped, %d with the same pixel data, %d refused\n", real.files, real.ok,
	       real.same, real.refused);
	if (real.files == 0)
		printf("(no PNG, JPEG or WebP under /usr/share: skipped)\n");
	/* Every image it strips keeps its pixel data: that is the safety
	 * property.  A refusal only means that picture cannot be posted, and
	 * the files here depend on the machine's packages, so a few odd ones
	 * (say, bytes after a PNG's IEND) may be refused: at most 1%. */
	CHECK(real.same == real.ok);
	CHECK(real.refused * 100 <= real.files);
}

/* --- the seed corpus ------------------------------------------------------ */

static int write_file(const char *dir, const char *name, str s)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(s.p, 1, s.n, f) != s.n || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		return -1;
	}
	return 0;
}

static int write_corpus(const char *dir)
{
	int rc = 0;
	for (size_t i = 0; i < NFIX; i++)
		rc |= write_file(dir, fixtures[i].name, build(fixtures[i].build, true));
	rc |= write_file(dir, "png_bad_crc", png_of("HcE"));
	rc |= write_file(dir, "png_after_iend", png_of("HDEx"));
	rc |= write_file(dir, "jpeg_no_eoi", JPEG_OF(J_SOI, J_SOF, J_SOS, S("\x11\xff\xd0\x22")));
	rc |= write_file(dir, "jpeg_fill_and_trailer",
			 JPEG_OF(J_SOI, S("\xff\xff"), J_COM, J_SOF, J_SOS, S("\xff\xff"), J_EOI, S("GPS")));
	rc |= write_file(dir, "webp_bad_size", WEBP_OF(0xffffffffu, W_VP8X W_VP8L));
	rc |= write_file(dir, "webp_anmf_bad", WEBP_OF(0, W_VP8X "ANMF\x18\0\0\0" Z16 "VP8L\x09\0\0\0"));
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	ar = arena_new(256u << 20);
	if (!ar)
		return 1;
	if (argc == 3 && strcmp(argv[1], "--corpus") == 0) {
		int rc = write_corpus(argv[2]);
		arena_free(ar);
		return rc;
	}
	RUN(sniff_types);
	RUN(png_text_exif_time_stripped);
	RUN(png_rendering_chunks_kept);
	RUN(png_malformed_refused);
	RUN(png_every_bit_flipped);
	RUN(jpeg_app1_and_com_stripped);
	RUN(jpeg_colour_kept_thumbnails_dropped);
	RUN(jpeg_malformed_refused);
	RUN(webp_exif_xmp_stripped);
	RUN(webp_animation);
	RUN(webp_malformed_refused);
	RUN(truncated_at_every_length);
	RUN(damage_never_breaks_the_invariants);
	RUN(limits_and_messages);
	RUN(images_on_this_machine);
	arena_free(ar);
	return unit_summary();
}
