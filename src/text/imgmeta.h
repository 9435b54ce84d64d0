/* imgmeta.h: strips metadata (EXIF, GPS, XMP, comments, text chunks,
 * thumbnails) from uploaded PNG, JPEG and WebP images before they are
 * stored, without decoding or re-encoding a single pixel.
 *
 * A clinical photograph's EXIF can hold where it was taken, whose phone
 * took it, when, and a thumbnail of the uncropped picture.  So the rule is
 * a list of what is kept (the pixels and what changes how they look:
 * tables, colour profiles, transparency, animation) and everything else
 * goes.  The file is walked exactly, segment by segment or chunk by chunk;
 * what cannot be walked is refused, never passed through, so nothing can
 * hide in bytes the walker did not understand.
 *
 * What is kept, per format (imgmeta.c has the reasons):
 *   PNG   IHDR PLTE IDAT IEND, tRNS gAMA cHRM sRGB iCCP sBIT bKGD pHYs,
 *         cICP mDCV cLLI (colour, PNG third edition), acTL fcTL fdAT
 *         (APNG); each chunk's CRC is checked, kept chunks are copied as
 *         they are.  IHDR first, IEND last, nothing after it.
 *   JPEG  SOI; APP0 JFIF (with any thumbnail removed); APP2 ICC_PROFILE;
 *         APP14 Adobe; DQT DHT DRI DAC DNL, SOFn, DHP, EXP; SOS and the
 *         entropy-coded data with its RSTn markers, as they are; EOI.
 *         Metadata segments between scans are dropped too; bytes after
 *         EOI are dropped.
 *   WebP  VP8X (its EXIF and XMP flags cleared), ICCP, ANIM, ANMF (its
 *         frame's ALPH, VP8 and VP8L), ALPH, VP8, VP8L; the RIFF size is
 *         rewritten; bytes after the RIFF chunk are dropped.
 *
 * Cost: one pass, O(n) time, no recursion; the only memory is the output,
 * at most as long as the input, from the caller's arena.  No state: safe
 * on any thread. */
#ifndef ROUNDS_IMGMETA_H
#define ROUNDS_IMGMETA_H

#include "../core/arena.h"
#include "../core/str.h"

/* The largest image imgmeta_strip() takes, in bytes (10 MiB). */
#define IMGMETA_MAX ((size_t)10 * 1024 * 1024)

enum imgmeta_type { IMGMETA_PNG, IMGMETA_JPEG, IMGMETA_WEBP, IMGMETA_TYPE_MAX };

/* Why imgmeta_strip() refused an image. */
enum {
	IMGMETA_EBADTYPE = -1,   /* not a PNG, JPEG or WebP file */
	IMGMETA_EMALFORMED = -2, /* cannot be walked exactly: truncated, bad lengths or CRC, out of order */
	IMGMETA_ENOMEM = -3,     /* the arena is full */
	IMGMETA_ETOOBIG = -4,    /* over IMGMETA_MAX bytes */
};

/* The type of `in` from its signature (the PNG signature; FF D8 FF;
 * "RIFF", four bytes, "WEBP"), or -1 for anything else.  Looks at the
 * first 12 bytes at most and checks nothing beyond them. */
int imgmeta_sniff(str in);

/* Copies image `in` (the whole file) into arena `a` without its metadata
 * and points *out at the copy, which lives as long as the arena and is
 * never longer than `in`; the pixel data is byte for byte the same.
 * Returns 0, or a negative code, leaving *out alone: IMGMETA_ETOOBIG
 * before looking at any byte, IMGMETA_EBADTYPE when imgmeta_sniff() knows
 * no type, IMGMETA_ENOMEM when the arena cannot hold in.n bytes more, and
 * IMGMETA_EMALFORMED for anything that cannot be walked exactly (see the
 * top of this file).  Stripping what it returned gives the same bytes. */
int imgmeta_strip(arena *a, str in, str *out);

/* A sentence for people about code (0 or an IMGMETA_E* code), fit for a
 * form's error message.  Static: never freed. */
const char *imgmeta_error(int code);

#endif
