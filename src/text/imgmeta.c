/* imgmeta.c: the metadata stripper for PNG, JPEG and WebP (what is kept
 * and why it is a list of what to keep: imgmeta.h).
 *
 * Invariants: every walker reads its input only after checking, in size_t
 * arithmetic that cannot wrap, that the bytes are there: a length is
 * compared with what is left (`len > n - i`), never added to a position
 * first.  Each step moves forward over at least one byte and each byte
 * is looked at a bounded number of times (walked or CRC'd, then copied if
 * kept), so the work is linear; nothing recurses (a WebP animation frame is walked by a
 * second loop, one level deep, as the format allows no more).  Every part
 * written is no longer than the part it came from (fill bytes and dropped
 * parts shrink, a JFIF header loses its thumbnail), so the output fits in
 * in.n bytes; `struct out` still checks each write and a write that would
 * not fit makes the image malformed rather than overflow.  The output of
 * a strip is its own fixed point: every kept part is written in the form
 * it is read back unchanged (no fill bytes, no thumbnail, flags cleared,
 * zero pad bytes). */
#include "imgmeta.h"

#include <stdbool.h>
#include <stdint.h>

/* The copy being written: cap is the input's length. */
struct out {
	unsigned char *p;
	size_t n, cap;
	bool over; /* a write did not fit (never, by the invariant above) */
};

static void put(struct out *o, const void *p, size_t n)
{
	if (o->over || n > o->cap - o->n) {
		o->over = true;
		return;
	}
	memcpy(o->p + o->n, p, n);
	o->n += n;
}

static uint32_t be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The first k bytes of d[0..n) are sig (which may end in its NUL). */
static bool starts(const unsigned char *d, size_t n, const char *sig, size_t k)
{
	return n >= k && memcmp(d, sig, k) == 0;
}

static bool is4(const unsigned char *p, const char *fourcc)
{
	return memcmp(p, fourcc, 4) == 0;
}

/* --- PNG ------------------------------------------------------------------ */

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

/* The chunks kept: the critical four, and the ancillary ones that change
 * how the pixels look or move.  Text (tEXt zTXt iTXt), eXIf, tIME, the
 * suggested palettes and histograms (sPLT names them in text), offsets
 * and calibrations (oFFs pCAL sCAL) and every unknown chunk are dropped. */
static const char png_kept[][5] = {
	"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT",
	"bKGD", "pHYs", "cICP", "mDCV", "cLLI", "acTL", "fcTL", "fdAT",
};

/* CRC-32 (ISO 3309, as PNG uses it), table-driven.  The table is built
 * per image into the caller's stack, not kept in a static, so that
 * nothing is shared between threads; 2,048 steps are nothing next to an
 * image. */
static void crc_table(uint32_t t[256])
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		t[i] = c;
	}
}

static uint32_t crc32_of(const uint32_t t[256], const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++)
		c = t[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static bool letter(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The length of the whole chunk at p[i..n) (12 bytes and its data), or 0
 * when its length is over 2^31-1 (PNG's limit) or past the end, its type
 * is not four letters, or its CRC is wrong. */
static size_t png_chunk(const uint32_t t[256], const unsigned char *p, size_t n, size_t i)
{
	if (n - i < 12)
		return 0;
	uint32_t len = be32(p + i);
	if (len > 0x7fffffffu || len > n - i - 12)
		return 0;
	for (int k = 4; k < 8; k++)
		if (!letter(p[i + k]))
			return 0;
	if (crc32_of(t, p + i + 4, (size_t)len + 4) != be32(p + i + 8 + len))
		return 0;
	return (size_t)len + 12;
}

/* 1 to keep the chunk of this type, 0 to drop it, -1 when it is critical
 * (upper-case first letter) but unknown: the image could not be shown
 * without it, nor shown as it was with it, so it is refused. */
static int png_keep(const unsigned char *type)
{
	for (size_t k = 0; k < sizeof png_kept / sizeof png_kept[0]; k++)
		if (is4(type, png_kept[k]))
			return 1;
	return type[0] & 0x20 ? 0 : -1;
}

/* Signature, IHDR (13 bytes) first, at least one IDAT, IEND (empty) last
 * and at the very end; every chunk's CRC checked, kept chunks copied as
 * they are (so their CRCs stay right). */
static int png_strip(str in, struct out *o)
{
	const unsigned char *p = (const unsigned char *)in.p;
	size_t n = in.n;
	uint32_t t[256];
	crc_table(t);
	put(o, p, sizeof png_sig);
	bool idat = false;
	for (size_t i = sizeof png_sig;;) {
		size_t whole = png_chunk(t, p, n, i);
		if (!whole)
			return IMGMETA_EMALFORMED;
		const unsigned char *type = p + i + 4;
		bool ihdr = is4(type, "IHDR");
		if ((i == sizeof png_sig) != ihdr || (ihdr && whole != 12 + 13))
			return IMGMETA_EMALFORMED;
		if (is4(type, "IEND")) {
			if (whole != 12 || !idat || whole != n - i)
				return IMGMETA_EMALFORMED;
			put(o, p + i, whole);
			return 0;
		}
		idat |= is4(type, "IDAT");
		int keep = png_keep(type);
		if (keep < 0)
			return IMGMETA_EMALFORMED;
		if (keep)
			put(o, p + i, whole);
		i += whole;
	}
}

/* --- JPEG ----------------------------------------------------------------- */

enum seg_action { SEG_KEEP, SEG_DROP, SEG_JFIF, SEG_BAD };

/* What becomes of a segment with marker code m and payload d[0..n).
 * Kept: the tables and frame headers a decoder needs, the colour profile
 * (APP2 ICC_PROFILE) and Adobe's colour transform (APP14), and JFIF's
 * header (APP0), which tells decoders the colour space.  Every other
 * APPn (EXIF and XMP in APP1, MPF's extra pictures in APP2, Photoshop's
 * IPTC in APP13, JFXX thumbnails in APP0, ...) and COM are dropped.
 * Standalone markers (SOI, RSTn, TEM), the reserved codes and the JPEG
 * extensions (JPG, JPGn: JPEG-LS, which nothing here can show) are
 * refused. */
static enum seg_action jpeg_action(unsigned m, const unsigned char *d, size_t n)
{
	switch (m) {
	case 0xe0: /* "JFIF\0", version, units, densities, thumbnail size */
		return starts(d, n, "JFIF", 5) && n >= 14 ? SEG_JFIF : SEG_DROP;
	case 0xe2:
		return starts(d, n, "ICC_PROFILE", 12) ? SEG_KEEP : SEG_DROP;
	case 0xee:
		return starts(d, n, "Adobe", 5) ? SEG_KEEP : SEG_DROP;
	case 0xc4: /* DHT */
	case 0xcc: /* DAC */
	case 0xda: /* SOS */
	case 0xdb: /* DQT */
	case 0xdc: /* DNL */
	case 0xdd: /* DRI */
	case 0xde: /* DHP */
	case 0xdf: /* EXP */
		return SEG_KEEP;
	case 0xfe: /* COM */
		return SEG_DROP;
	default:
		break;
	}
	if (m >= 0xe0 && m <= 0xef)
		return SEG_DROP;
	if (m >= 0xc0 && m <= 0xcf && m != 0xc8) /* SOFn */
		return SEG_KEEP;
	return SEG_BAD;
}

/* Where the entropy-coded data that starts at p[i] ends: at the first
 * 0xFF (of a run of fill bytes) that begins a marker other than RSTn or
 * a stuffed zero; n when there is none. */
static size_t jpeg_entropy_end(const unsigned char *p, size_t n, size_t i)
{
	while (i < n) {
		const unsigned char *ff = memchr(p + i, 0xff, n - i);
		if (!ff)
			return n;
		i = (size_t)(ff - p);
		size_t j = i + 1;
		while (j < n && p[j] == 0xff)
			j++;
		if (j == n)
			return n;
		if (p[j] != 0x00 && (p[j] < 0xd0 || p[j] > 0xd7))
			return i;
		i = j + 1;
	}
	return n;
}

/* Writes the segment with marker m and payload d[0..n) as the action
 * says: as it was, or (JFIF) with its thumbnail cut off and its size 0x0,
 * which may hold a picture of the uncropped image. */
static void jpeg_put(struct out *o, unsigned m, const unsigned char *d, size_t n, enum seg_action act)
{
	if (act == SEG_JFIF) {
		static const unsigned char head[] = {0xff, 0xe0, 0x00, 0x10};
		static const unsigned char no_thumbnail[] = {0, 0};
		put(o, head, sizeof head);
		put(o, d, 12);
		put(o, no_thumbnail, sizeof no_thumbnail);
		return;
	}
	const unsigned char head[] = {0xff, (unsigned char)m, (unsigned char)((n + 2) >> 8), (unsigned char)(n + 2)};
	put(o, head, sizeof head);
	put(o, d, n);
}

/* SOI, then marker segments (fill bytes allowed before each marker, and
 * dropped); a frame header before the first SOS; after each SOS its
 * entropy-coded data, copied as it is up to the next marker that is not
 * RSTn; segment walking again from there until EOI.  Bytes after EOI are
 * dropped. */
static int jpeg_strip(str in, struct out *o)
{
	const unsigned char *p = (const unsigned char *)in.p;
	size_t n = in.n;
	bool frame = false, scanned = false;
	put(o, p, 2);
	for (size_t i = 2;;) {
		if (i >= n || p[i] != 0xff)
			return IMGMETA_EMALFORMED;
		while (i < n && p[i] == 0xff)
			i++;
		if (i >= n)
			return IMGMETA_EMALFORMED;
		unsigned m = p[i++];
		if (m == 0xd9) { /* EOI */
			if (!scanned)
				return IMGMETA_EMALFORMED;
			put(o, "\xff\xd9", 2);
			return 0;
		}
		if (n - i < 2)
			return IMGMETA_EMALFORMED;
		size_t len = be16(p + i);
		if (len < 2 || len > n - i)
			return IMGMETA_EMALFORMED;
		enum seg_action act = jpeg_action(m, p + i + 2, len - 2);
		if (act == SEG_BAD || (m == 0xda && !frame))
			return IMGMETA_EMALFORMED;
		frame |= m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
		if (act != SEG_DROP)
			jpeg_put(o, m, p + i + 2, len - 2, act);
		i += len;
		if (m == 0xda) {
			size_t end = jpeg_entropy_end(p, n, i);
			if (end == n)
				return IMGMETA_EMALFORMED;
			put(o, p + i, end - i);
			i = end;
			scanned = true;
		}
	}
}

/* --- WebP ----------------------------------------------------------------- */

/* The chunk at p[i..end): its payload's size in *size and its whole size
 * (8-byte header, payload, pad byte when the size is odd) in *whole; -1
 * when the header, the payload or the pad byte is not all there. */
static int webp_chunk(const unsigned char *p, size_t end, size_t i, size_t *size, size_t *whole)
{
	if (end - i < 8)
		return -1;
	uint32_t sz = le32(p + i + 4);
	size_t room = end - i - 8;
	if (sz > room || ((sz & 1) && sz == room))
		return -1;
	*size = sz;
	*whole = 8 + (size_t)sz + (sz & 1);
	return 0;
}

/* Writes the chunk at c with payload `size`, and a zero pad byte (the
 * format's rule, whatever the input had) when the size is odd. */
static void webp_put(struct out *o, const unsigned char *c, size_t size)
{
	static const unsigned char zero = 0;
	put(o, c, 8 + size);
	if (size & 1)
		put(o, &zero, 1);
}

static void set_le32(struct out *o, size_t at, size_t v)
{
	if (o->over || at > o->n || o->n - at < 4)
		return;
	for (int k = 0; k < 4; k++)
		o->p[at + (size_t)k] = (unsigned char)(v >> (8 * k));
}

/* An animation frame (ANMF) at c with payload `size`: its 16-byte header,
 * then its own chunks, of which ALPH, VP8 and VP8L are kept and the rest
 * (unknown ones, which may hold anything) dropped; its size rewritten. */
static int webp_anmf(struct out *o, const unsigned char *c, size_t size)
{
	if (size < 16)
		return IMGMETA_EMALFORMED;
	size_t at = o->n;
	put(o, c, 8 + 16);
	const unsigned char *d = c + 8;
	bool image = false;
	for (size_t i = 16; i < size;) {
		size_t sz, whole;
		if (webp_chunk(d, size, i, &sz, &whole) < 0)
			return IMGMETA_EMALFORMED;
		const unsigned char *s = d + i;
		bool bits = is4(s, "VP8 ") || is4(s, "VP8L");
		if (bits || is4(s, "ALPH"))
			webp_put(o, s, sz);
		image |= bits;
		i += whole;
	}
	if (!image)
		return IMGMETA_EMALFORMED;
	set_le32(o, at + 4, o->n - at - 8);
	return 0;
}

/* "RIFF", size, "WEBP", then chunks up to the RIFF size (bytes after it
 * are dropped).  The first chunk is VP8X (extended format, 10 bytes) or
 * the bitstream (VP8, VP8L: simple format), and there is a bitstream
 * somewhere.  Kept: VP8X with its EXIF (0x08) and XMP (0x04) flags
 * cleared, ICCP, ANIM, ANMF, ALPH, VP8, VP8L.  Dropped: EXIF, XMP and the
 * chunks this walker does not know, which decoders ignore (the format
 * says so) and which may hold anything. */
static int webp_strip(str in, struct out *o)
{
	const unsigned char *p = (const unsigned char *)in.p;
	uint32_t riff = le32(p + 4);
	if (riff < 4 || riff > in.n - 8)
		return IMGMETA_EMALFORMED;
	size_t end = 8 + (size_t)riff;
	put(o, p, 12);
	bool image = false;
	for (size_t i = 12; i < end;) {
		size_t sz, whole;
		if (webp_chunk(p, end, i, &sz, &whole) < 0)
			return IMGMETA_EMALFORMED;
		const unsigned char *c = p + i;
		bool vp8x = is4(c, "VP8X"), bits = is4(c, "VP8 ") || is4(c, "VP8L");
		if (i == 12 ? !vp8x && !bits : vp8x)
			return IMGMETA_EMALFORMED;
		if (vp8x && sz != 10)
			return IMGMETA_EMALFORMED;
		if (is4(c, "ANMF")) {
			if (webp_anmf(o, c, sz) < 0)
				return IMGMETA_EMALFORMED;
			image = true;
		} else if (vp8x || bits || is4(c, "ALPH") || is4(c, "ICCP") || is4(c, "ANIM")) {
			webp_put(o, c, sz);
			image |= bits;
		}
		if (vp8x && !o->over)
			o->p[12 + 8] &= (unsigned char)~0x0cu; /* EXIF and XMP: gone */
		i += whole;
	}
	if (!image)
		return IMGMETA_EMALFORMED;
	set_le32(o, 4, o->n - 8);
	return 0;
}

/* --- the interface -------------------------------------------------------- */

int imgmeta_sniff(str in)
{
	const unsigned char *p = (const unsigned char *)in.p;
	if (in.n >= sizeof png_sig && memcmp(p, png_sig, sizeof png_sig) == 0)
		return IMGMETA_PNG;
	if (in.n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return IMGMETA_JPEG;
	if (in.n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return IMGMETA_WEBP;
	return -1;
}

int imgmeta_strip(arena *a, str in, str *out)
{
	static int (*const strip[IMGMETA_TYPE_MAX])(str, struct out *) = {
		[IMGMETA_PNG] = png_strip,
		[IMGMETA_JPEG] = jpeg_strip,
		[IMGMETA_WEBP] = webp_strip,
	};
	if (in.n > IMGMETA_MAX)
		return IMGMETA_ETOOBIG;
	int type = imgmeta_sniff(in);
	if (type < 0)
		return IMGMETA_EBADTYPE;
	unsigned char *p = arena_alloc(a, in.n);
	if (!p)
		return IMGMETA_ENOMEM;
	struct out o = {p, 0, in.n, false};
	int rc = strip[type](in, &o);
	if (rc == 0 && o.over)
		rc = IMGMETA_EMALFORMED;
	if (rc < 0)
		return rc;
	*out = (str){(const char *)p, o.n};
	return 0;
}

const char *imgmeta_error(int code)
{
	switch (code) {
	case 0:
		return "The image was stripped of its metadata.";
	case IMGMETA_EBADTYPE:
		return "The file is not a PNG, JPEG or WebP image.";
	case IMGMETA_EMALFORMED:
		return "The image file is damaged or incomplete, so it could not be checked for hidden details; "
		       "please save it again and upload the new copy.";
	case IMGMETA_ENOMEM:
		return "The image is too large to process.";
	case IMGMETA_ETOOBIG:
		return "The image is larger than 10 MB.";
	default:
		return "The image could not be processed.";
	}
}
