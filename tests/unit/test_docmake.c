/* test_docmake.c: the demo library's document writers (src/cli/docmake.c).
 *
 * The files are checked by structure, with readers written here: the
 * PDF's xref table is parsed and each offset must land on its "N 0 obj",
 * each stream's /Length must end at its "endstream", the page tree must
 * count the pages, and the words set on the pages must be the book's
 * words in order (nothing lost to wrapping or page breaks); the EPUB's
 * ZIP central directory is walked and each entry's local header, sizes
 * and CRC-32 must match its data, "mimetype" first and stored.  Then
 * libmagic (upload_sniff, as uploads are typed) must call the files
 * application/pdf and application/epub+zip, and a PNG from docmake_png
 * image/png.
 *
 * Then the demo library (src/cli/demo_library.c) on a fresh store (SQLite,
 * or PostgreSQL when ROUNDS_TEST_PG names a server: store_fixture.h): every
 * file it stores must read back as a sound PDF or EPUB of its type, the
 * items, versions, collections and downloads must be there, and a second
 * run must change nothing.
 *
 * `test_docmake --out DIR` also leaves the files in DIR to look at. */
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/docmake.h"
#include "core/arena.h"
#include "core/str.h"
#include "http/upload.h"
#include "store_fixture.h"

static const char *out_dir;

/* ---- the books ------------------------------------------------------------- */

static const char *const ch1[] = {
	"The first night on call is long, and nobody expects you to know everything. They expect you to "
	"know when to ask for help (and whom to ask), to write down what you did, and to go back and "
	"check on the patients you were worried about.",
	"- Carry a list of the sickest patients, and look at them first.",
	"- Ask for help early: the registrar would rather be called at 2 a.m. than at 5 a.m.",
	"- Eat something before midnight.",
	"A backslash \\ and brackets (like these) must survive the trip into the file, and so must the rest "
	"of this sentence.",
	NULL};
static const char *const ch2[] = {
	"Handover is the most dangerous ten minutes of the day. Start with the sickest patients, say what "
	"you expect overnight, and what should make the night team call for help. Finish with one question "
	"to the room: who are we not talking about? That question has caught more than one patient who was "
	"quietly getting worse, and it costs thirty seconds.",
	"Supercalifragilisticexpialidociousnessandthensomemorelettersthatmakeawordtoolongtofitonanyline",
	NULL};
/* A chapter long enough to run over several pages. */
static const char *ch3[40];

static const struct docmake_chapter chapters[] = {
	{"Before the shift", ch1}, {"Handover", ch2}, {"A long chapter", ch3}};

static struct docmake_book book(void)
{
	for (int i = 0; i < 39; i++)
		ch3[i] = i % 5 == 4 ? "- A list item in a long chapter, with enough words to wrap onto a second line."
				    : "Paragraphs of ordinary prose, repeated to fill several pages, so that the page breaks "
				      "are exercised as well as the wrapping of words at the right margin of the page.";
	ch3[39] = NULL;
	return (struct docmake_book){
		.title = S("The First Night On Call: A Survival Guide"),
		.authors = S("Amara Nwosu, Helen Okafor"),
		.about = S("What to do, whom to call and what to eat."),
		.lang = S("en-GB"),
		.when = 1740787200, /* 2025-03-01 */
		.chapters = chapters,
		.nchapters = 3,
	};
}

static const char *const utf8_par[] = {"Tomás García’s café – “quoted” … and a bad byte \xff here; <b> & co.", NULL};
static const struct docmake_chapter utf8_ch[] = {{"Ünïcode & <markup>", utf8_par}};

/* Writes bytes to DIR/name (out_dir when given, else the fixture's own
 * folder, which fixture_cleanup removes) and returns what libmagic calls
 * them. */
static const char *sniff(str bytes, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", out_dir ? out_dir : fixture_dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return NULL;
	size_t w = fwrite(bytes.p, 1, bytes.n, f);
	if (fclose(f) != 0 || w != bytes.n)
		return NULL;
	return upload_sniff(ar, path);
}

/* ---- a PDF reader ------------------------------------------------------------ */

static const char *find(str s, size_t from, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = from; i + k <= s.n; i++)
		if (memcmp(s.p + i, needle, k) == 0)
			return s.p + i;
	return NULL;
}

static const char *find_last(str s, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = s.n >= k ? s.n - k + 1 : 0; i-- > 0;)
		if (memcmp(s.p + i, needle, k) == 0)
			return s.p + i;
	return NULL;
}

/* Parses the xref table and checks every offset; the object count. */
static int check_xref(str pdf)
{
	const char *sx = find_last(pdf, "startxref\n");
	CHECK(sx != NULL);
	if (!sx)
		return 0;
	size_t xref = strtoul(sx + 10, NULL, 10);
	CHECK(xref < pdf.n && memcmp(pdf.p + xref, "xref\n0 ", 7) == 0);
	if (xref >= pdf.n)
		return 0;
	char *end;
	long n = strtol(pdf.p + xref + 7, &end, 10);
	CHECK(n > 8 && *end == '\n');
	const char *e = end + 1;
	CHECK(memcmp(e, "0000000000 65535 f \n", 20) == 0);
	int good = 0;
	for (long i = 1; i < n; i++) {
		const char *row = e + 20 * i;
		CHECK(row[10] == ' ' && memcmp(row + 11, "00000 n \n", 9) == 0);
		size_t off = strtoul(row, NULL, 10);
		char want[32];
		int k = snprintf(want, sizeof want, "%ld 0 obj\n", i);
		if (off + (size_t)k <= pdf.n && memcmp(pdf.p + off, want, (size_t)k) == 0 &&
		    (off == 0 || pdf.p[off - 1] == '\n'))
			good++;
	}
	CHECK(good == n - 1);
	CHECK(memcmp(e + 20 * n, "trailer\n", 8) == 0);
	char size[32];
	snprintf(size, sizeof size, "/Size %ld ", n);
	CHECK(find(pdf, xref, size) != NULL);
	return (int)n;
}

/* Checks each stream's /Length; the number of streams. */
static int check_streams(str pdf)
{
	int n = 0;
	for (const char *p = find(pdf, 0, "/Length "); p; p = find(pdf, (size_t)(p - pdf.p) + 1, "/Length ")) {
		char *end;
		size_t len = strtoul(p + 8, &end, 10);
		CHECK(memcmp(end, " >>\nstream\n", 11) == 0);
		const char *data = end + 11;
		CHECK((size_t)(data - pdf.p) + len + 10 <= pdf.n && memcmp(data + len, "\nendstream\n", 11) == 0);
		n++;
	}
	return n;
}

/* The body text (11-point lines) in the content streams, in order,
 * unescaped, without spaces, into b. */
static void body_words(str pdf, buf *b)
{
	for (const char *p = find(pdf, 0, "/F1 11.0 Tf "); p; p = find(pdf, (size_t)(p - pdf.p) + 1, "/F1 11.0 Tf ")) {
		const char *s = strchr(p, '(');
		CHECK(s != NULL);
		if (!s)
			return;
		if (memcmp(s, "(\\225)", 6) == 0) /* a bullet */
			continue;
		for (s++; *s != ')'; s++) {
			if (*s == '\\')
				s++;
			if (*s != ' ')
				buf_putc(b, *s);
		}
	}
}

/* The paragraphs' text without spaces (or list items' dashes). */
static void book_words(const struct docmake_book *bk, buf *b)
{
	for (size_t c = 0; c < bk->nchapters; c++)
		for (size_t i = 0; bk->chapters[c].paragraphs[i]; i++) {
			const char *p = bk->chapters[c].paragraphs[i];
			if (p[0] == '-' && p[1] == ' ')
				p += 2;
			for (; *p; p++)
				if (*p != ' ')
					buf_putc(b, *p);
		}
}

TEST(test_pdf)
{
	struct docmake_book bk = book();
	buf b;
	buf_init(&b, ar);
	buf_puts(&b, "junk before"); /* offsets count from the document's start */
	size_t start = b.n;
	CHECK(docmake_pdf(&b, &bk) == 0);
	str pdf = {b.p + start, b.n - start};
	CHECK(pdf.n > 2000 && memcmp(pdf.p, "%PDF-1.4\n", 9) == 0);
	CHECK(pdf.n > 6 && memcmp(pdf.p + pdf.n - 6, "%%EOF\n", 6) == 0);
	int nobj = check_xref(pdf);
	int nstreams = check_streams(pdf);
	const char *count = find(pdf, 0, "/Type /Pages /Kids [");
	CHECK(count != NULL);
	int pages = count ? atoi(strstr(count, "/Count ") + 7) : 0;
	CHECK(pages >= 6); /* the title page, two short chapters, a long one over several */
	CHECK(nstreams == pages && nobj == 8 + 2 * pages);
	int npage = 0;
	for (const char *p = find(pdf, 0, "/Type /Page "); p; p = find(pdf, (size_t)(p - pdf.p) + 1, "/Type /Page "))
		npage++;
	CHECK(npage == pages);
	/* /Info: the title in UTF-16BE ("Th" is 0054 0068) */
	CHECK(find(pdf, 0, "/Title <FEFF00540068") != NULL);
	CHECK(find(pdf, 0, "/BaseFont /Helvetica ") != NULL);
	CHECK(find(pdf, 0, "(A backslash \\\\ and brackets \\(like these\\) must survive") != NULL);
	buf got, want;
	buf_init(&got, ar);
	buf_init(&want, ar);
	body_words(pdf, &got);
	book_words(&bk, &want);
	CHECK(got.n == want.n && memcmp(got.p, want.p, got.n) == 0);
	const char *t = sniff(pdf, "book.pdf");
	CHECK(t && strcmp(t, "application/pdf") == 0);
	/* the same book, the same bytes */
	buf again;
	buf_init(&again, ar);
	CHECK(docmake_pdf(&again, &bk) == 0 && again.n == pdf.n && memcmp(again.p, pdf.p, pdf.n) == 0);
}

TEST(test_pdf_text)
{
	struct docmake_book bk = book();
	bk.title = S("Ünïcode ‘title’");
	bk.chapters = utf8_ch;
	bk.nchapters = 1;
	buf b;
	buf_init(&b, ar);
	CHECK(docmake_pdf(&b, &bk) == 0);
	str pdf = buf_slice(&b);
	check_xref(pdf);
	/* WinAnsi: á \341, ’ \222, – \226, “ \223, … \205; the bad byte '?' */
	CHECK(find(pdf, 0, "(Tom\\341s Garc\\355a\\222s caf\\351 \\226 \\223quoted\\224 \\205 and a bad byte ? here;") !=
	      NULL);
	CHECK(find(pdf, 0, "/Title <FEFF00DC006E00EF") != NULL);
}

/* ---- a ZIP reader -------------------------------------------------------------- */

static unsigned u16(const char *p)
{
	return (unsigned)(unsigned char)p[0] | (unsigned)(unsigned char)p[1] << 8;
}

static uint32_t u32(const char *p)
{
	return (uint32_t)u16(p) | (uint32_t)u16(p + 2) << 16;
}

/* Walks the central directory from the end record, checking each entry
 * against its local header and data; the entry named `name` into *data
 * (when there is one); the number of entries. */
static int check_zip(str z, const char *name, str *data)
{
	CHECK(z.n > 22);
	const char *end = z.p + z.n - 22;
	CHECK(u32(end) == 0x06054b50 && u16(end + 20) == 0);
	unsigned n = u16(end + 10);
	uint32_t cd_size = u32(end + 12), cd_off = u32(end + 16);
	CHECK(u16(end + 8) == n && (size_t)cd_off + cd_size == z.n - 22);
	const char *c = z.p + cd_off;
	for (unsigned i = 0; i < n; i++) {
		CHECK(u32(c) == 0x02014b50 && u16(c + 10) == 0); /* stored */
		uint32_t crc = u32(c + 16), csize = u32(c + 20), usize = u32(c + 24), off = u32(c + 42);
		unsigned nlen = u16(c + 28), xlen = u16(c + 30), clen = u16(c + 32);
		CHECK(csize == usize && off + 30 <= cd_off);
		const char *l = z.p + off;
		CHECK(u32(l) == 0x04034b50 && u16(l + 8) == 0 && u32(l + 14) == crc && u32(l + 18) == csize &&
		      u32(l + 22) == usize && u16(l + 26) == nlen && u16(l + 28) == 0);
		CHECK(memcmp(l + 30, c + 46, nlen) == 0);
		const char *d = l + 30 + nlen;
		CHECK(d + usize <= z.p + cd_off);
		CHECK(docmake_crc32(0, (const unsigned char *)d, usize) == crc);
		if (i == 0) /* mimetype first, stored, no extra field: at byte 38 */
			CHECK(off == 0 && nlen == 8 && memcmp(l + 30, "mimetype", 8) == 0 &&
			      memcmp(z.p + 38, "application/epub+zip", 20) == 0 && usize == 20);
		if (data && strlen(name) == nlen && memcmp(c + 46, name, nlen) == 0)
			*data = (str){d, usize};
		c += 46 + nlen + xlen + clen;
	}
	CHECK(c == z.p + cd_off + cd_size);
	return (int)n;
}

static bool has(str s, const char *needle)
{
	return find(s, 0, needle) != NULL;
}

TEST(test_epub)
{
	struct docmake_book bk = book();
	bk.cover_png = S("\x89PNG\r\n\x1a\nnot really");
	buf b;
	buf_init(&b, ar);
	buf_puts(&b, "junk");
	size_t start = b.n;
	CHECK(docmake_epub(&b, &bk) == 0);
	str z = {b.p + start, b.n - start};
	str opf = STR_NULL, nav = STR_NULL, c1 = STR_NULL, container = STR_NULL;
	/* mimetype, container, opf, nav, css, title, 3 chapters, cover */
	CHECK(check_zip(z, "OEBPS/content.opf", &opf) == 10);
	check_zip(z, "OEBPS/nav.xhtml", &nav);
	check_zip(z, "OEBPS/ch1.xhtml", &c1);
	check_zip(z, "META-INF/container.xml", &container);
	CHECK(has(container, "full-path=\"OEBPS/content.opf\""));
	CHECK(has(opf, "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\""));
	CHECK(has(opf, "<dc:identifier id=\"book-id\">urn:uuid:"));
	CHECK(has(opf, "<dc:title>The First Night On Call: A Survival Guide</dc:title>"));
	CHECK(has(opf, "<dc:creator>Amara Nwosu</dc:creator>\n<dc:creator>Helen Okafor</dc:creator>"));
	CHECK(has(opf, "<dc:language>en-GB</dc:language>"));
	CHECK(has(opf, "<meta property=\"dcterms:modified\">2025-03-01T00:00:00Z</meta>"));
	CHECK(has(opf, "properties=\"nav\""));
	CHECK(has(opf, "properties=\"cover-image\""));
	CHECK(has(opf, "<itemref idref=\"title\"/>\n<itemref idref=\"ch1\"/>\n<itemref idref=\"ch2\"/>\n"
		       "<itemref idref=\"ch3\"/>\n</spine>"));
	CHECK(has(nav, "<nav epub:type=\"toc\" id=\"toc\">"));
	CHECK(has(nav, "<a href=\"ch2.xhtml\">Handover</a>"));
	CHECK(has(c1, "<h1>Before the shift</h1>"));
	CHECK(has(c1, "<ul>\n<li>Carry a list of the sickest patients, and look at them first.</li>\n"));
	CHECK(has(c1, "<li>Eat something before midnight.</li>\n</ul>\n<p>A backslash"));
	const char *t = sniff(z, "book.epub");
	CHECK(t && strcmp(t, "application/epub+zip") == 0);
}

TEST(test_epub_text)
{
	struct docmake_book bk = book();
	bk.chapters = utf8_ch;
	bk.nchapters = 1;
	buf b;
	buf_init(&b, ar);
	CHECK(docmake_epub(&b, &bk) == 0);
	str c1 = STR_NULL;
	CHECK(check_zip(buf_slice(&b), "OEBPS/ch1.xhtml", &c1) == 7);
	CHECK(has(c1, "<h1>Ünïcode &amp; &lt;markup&gt;</h1>"));
	CHECK(has(c1, "<p>Tomás García’s café – “quoted” … and a bad byte \xef\xbf\xbd here; &lt;b&gt; &amp; co.</p>"));
}

TEST(test_png)
{
	int w = 60, h = 90;
	size_t row = 1 + 3 * (size_t)w;
	unsigned char *raw = arena_zalloc(ar, row * (size_t)h);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			raw[(size_t)y * row + 1 + 3 * (size_t)x] = (unsigned char)(x < 30 ? 200 : y);
	str png;
	CHECK(docmake_png(ar, w, h, raw, &png) == 0);
	CHECK(png.n > 50 && memcmp(png.p, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) == 0);
	CHECK(u32(png.p + 8) == 0x0d000000); /* big-endian 13 */
	const char *t = sniff(png, "cover.png");
	CHECK(t && strcmp(t, "image/png") == 0);
	CHECK(docmake_crc32(0, (const unsigned char *)"123456789", 9) == 0xcbf43926u);
}

/* ---- the demo library ------------------------------------------------------------ */

/* Reads stored file f back and checks it as its type says; 1 when it is a
 * sound PDF or EPUB of that type. */
static int check_stored(const struct store_library_file *f)
{
	char sha[65], *bytes = arena_alloc(ar, (size_t)f->size);
	CHECK(f->sha256.n == 64 && bytes != NULL && f->size > 1000);
	if (f->sha256.n != 64 || !bytes)
		return 0;
	memcpy(sha, f->sha256.p, 64);
	sha[64] = '\0';
	CHECK(store_upload_read(st, sha, 0, (size_t)f->size, bytes) == 0);
	str b = {bytes, (size_t)f->size};
	const char *t = sniff(b, str_dup(ar, f->name));
	CHECK(t && str_eqc(f->mime, t));
	if (str_eqc(f->mime, "application/pdf"))
		return check_xref(b) > 8;
	return str_eqc(f->mime, "application/epub+zip") && check_zip(b, "", NULL) >= 7;
}

/* What the demo made, in numbers: items by kind and access, files and
 * versions, covers, collections, downloads. */
static void count_library(int64_t n[8])
{
	struct store_library_query q = {.access = 7, .withdrawn = true, .any_kind = true, .order = STORE_LIB_TITLE,
					.limit = 100};
	struct store_library_item_list l;
	int64_t total = 0;
	CHECK(store_library_items(st, ar, &q, &l, &total) == 0 && total == l.n);
	memset(n, 0, 8 * sizeof n[0]);
	for (int i = 0; i < l.n; i++) {
		const struct store_library_item *it = &l.items[i];
		struct store_library_file_list fl;
		CHECK(store_library_files(st, ar, it->id, true, &fl) == 0);
		for (int k = 0; k < fl.n; k++) {
			n[0] += check_stored(&fl.items[k]);
			n[1] += fl.items[k].version > 1;
		}
		n[2] += it->kind == STORE_LIB_EBOOK && it->file.id && it->cover.n;
		n[3] += it->kind == STORE_LIB_PAGE;
		n[4] += (int64_t)1 << (8 * it->access);
		n[5] += it->withdrawn_at != 0;
		n[6] += it->downloads;
	}
	n[7] = l.n;
}

TEST(test_demo_library)
{
	st = store_open(url);
	CHECK(st != NULL && store_migrate(st) >= 12);
	if (!st)
		return;
	CHECK(add_member("editor", "Dr Helen Okafor", true, ROLE_EDITOR) > 0);
	CHECK(demo_library(st) == 0);
	int64_t n[8], again[8];
	count_library(n);
	CHECK(n[7] == 8);              /* items */
	CHECK(n[0] == 9);              /* sound files: 4 ebooks, 3 attachments, 2 later versions */
	CHECK(n[1] == 2);              /* second versions */
	CHECK(n[2] == 4);              /* ebooks with a file and a cover */
	CHECK(n[3] == 4);              /* pages */
	CHECK(n[4] == (3 | 3 << 8 | 2 << 16)); /* 3 public, 3 members, 2 doctors */
	CHECK(n[5] == 1);              /* withdrawn */
	CHECK(n[6] > 1000);            /* downloads */
	struct store_library_collection_list cl;
	CHECK(store_library_collections(st, ar, &cl) == 0 && cl.n == 4);
	CHECK(cl.n == 4 && str_eqc(cl.items[0].name, "Survival guides") && str_eqc(cl.items[3].name, "Clinical skills"));
	struct store_library_item it;
	struct store_library_day_list days;
	CHECK(store_library_item_by_slug(st, ar, S("the-first-night-on-call"), &it) == 0);
	CHECK(it.file.version == 2 && str_eqc(it.file.name, "the-first-night-on-call-2nd-edition.pdf"));
	CHECK(it.isbn.n == 13 && it.access == STORE_LIB_PUBLIC);
	CHECK(store_library_downloads(st, ar, it.id, (int64_t)time(NULL) / 86400 - 90, &days) == 0 && days.n >= 55);
	CHECK(store_library_item_by_slug(st, ar, S("prescribing-in-renal-impairment"), &it) == 0);
	CHECK(it.access == STORE_LIB_DOCTORS && strstr(str_dup(ar, it.body_html), "<h2>") != NULL);
	/* a second run finds everything made */
	CHECK(demo_library(st) == 0);
	count_library(again);
	CHECK(memcmp(n, again, sizeof n) == 0);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--out") == 0)
		out_dir = argv[2];
	if (fixture_setup("docmake") < 0) {
		fixture_cleanup();
		return 1;
	}
	RUN(test_pdf);
	RUN(test_pdf_text);
	RUN(test_epub);
	RUN(test_epub_text);
	RUN(test_png);
	RUN(test_demo_library);
	fixture_cleanup();
	return unit_summary();
}
