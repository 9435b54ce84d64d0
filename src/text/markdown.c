/* markdown.c: Markdown to safe HTML and to plain text, on cmark-gfm (the
 * rules are in markdown.h).
 *
 * Each call parses with a fresh cmark parser, then walks the tree once,
 * in document order and without recursion (a source of MARKDOWN_MAX bytes
 * can nest tens of thousands of levels deep), deciding every LINK and
 * IMAGE: a link whose URL passes url_safe() stays, any other link is
 * replaced by its children, and an image is replaced by a new link or by
 * its children.  Only then is the tree rendered, so nothing cmark renders
 * can carry an image or an unsafe URL, whatever cmark's own (blacklist)
 * checks would have let through.  The parser and the tree are freed on
 * every path; what the caller gets is copied into the arena.
 *
 * With handles to link (markdown_html_mentions()), the same walk also
 * splits each run of TEXT nodes outside any kept link at its mentions: the
 * run's text is gathered into one buffer (cmark-gfm 0.29.0.gfm.6 leaves
 * adjacent TEXT nodes, e.g. empty ones around an e-mail autolink), and
 * text and new LINK nodes are put before the run's first node, which keeps
 * the tail.  The new links are not visited: their URLs are ours.  Each
 * '@' costs at most a handle's length and a binary search, each run one
 * copy; but cmark checks every insertion against all the ancestors of the
 * place (S_can_contain), so a mention more than MENTION_DEPTH levels deep
 * stays text, or 50,000 nested quotes over 50,000 mentions would cost
 * billions of steps.
 *
 * Two guards against cmark-gfm 0.29.0.gfm.6's own costs:
 *   - Its table extension pads every short row with empty cells up to the
 *     table's width, and its HTML writer finds each cell's column by
 *     walking the row from its start: a table of C columns and R rows
 *     costs R*C nodes and R*C*C steps, from a source of about 2C + 2R
 *     bytes (a 120 KB source took 23 s).  tables_bounded() bounds both
 *     from the source before parsing; a source that could pass the bound
 *     is parsed without the table extension (its tables stay text).
 *   - Its plain-text writer looks up each node's containing block through
 *     every enclosing inline, and indents nested lists by repeating their
 *     prefix on each line: both quadratic in the nesting (a 256 KiB source
 *     took a minute or more, where its HTML took 50 ms).  So markdown_text() writes the text itself, in one
 *     walk (text_walk()), rather than calling cmark_render_plaintext(). */
#include "markdown.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

/* cmark's parse-time options: repair bad UTF-8; everything else off (safe
 * mode is the default: CMARK_OPT_UNSAFE is never given). */
#define PARSE_OPTS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)
/* Render-time options: a source line break is a <br />. */
#define HTML_OPTS (CMARK_OPT_DEFAULT | CMARK_OPT_HARDBREAKS)

/* The most table cells, padding included, that a source may be able to
 * make, and the most steps (the sum over rows of columns squared) that
 * writing them may take: at the worst, about 25 MB and 40 ms (measured). */
#define TABLE_CELLS_MAX 100000
#define TABLE_WORK_MAX 20000000

/* A handle's length, in bytes ([a-z0-9_]), and the deepest a mention is
 * linked (counting the document; the walk up costs that much). */
#define HANDLE_MIN 2
#define HANDLE_MAX 30
#define MENTION_DEPTH 64

static const char *const extensions[] = {"autolink", "strikethrough", "tasklist", "table"};
#define N_EXTENSIONS (sizeof extensions / sizeof extensions[0])

static pthread_once_t registered = PTHREAD_ONCE_INIT;
/* Held while a parser exists: cmark-gfm 0.29.0.gfm.6 adds and removes the
 * extensions' special characters in a global table around every inline
 * parse (and every table row), so two parses at once race on it. */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* A line that could be a table's delimiter row, in any container: only
 * blanks, pipes, dashes, colons and the marks of block quotes and list
 * items; and with a pipe and a dash, as a table of two columns or more
 * needs. */
static bool delimiter_like(const unsigned char *p, size_t n)
{
	bool pipe = false, dash = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		pipe |= c == '|';
		dash |= c == '-';
		if (!(c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '|' || c == '-' || c == ':' ||
		      c == '>' || c == '*' || c == '+' || c == '.' || c == ')' || (c >= '0' && c <= '9')))
			return false;
	}
	return pipe && dash;
}

/* True when no table the source could make passes TABLE_CELLS_MAX or
 * TABLE_WORK_MAX.  A table has as many columns as cells in its delimiter
 * row (at most its pipes + 1), its rows never have more, and it ends at a
 * blank line; so each line is charged the width of the widest
 * delimiter-like line since the last blank one. */
static bool tables_bounded(str src)
{
	const unsigned char *p = (const unsigned char *)src.p, *e = p + src.n;
	unsigned long long width = 0, cells = 0, work = 0;
	while (p < e) {
		const unsigned char *line = p;
		unsigned long long pipes = 0;
		bool blank = true;
		for (; p < e && *p != '\n' && *p != '\r'; p++) {
			pipes += *p == '|';
			blank = blank && (*p == ' ' || *p == '\t');
		}
		size_t len = (size_t)(p - line);
		if (p < e && *p == '\r' && p + 1 < e && p[1] == '\n')
			p++;
		if (p < e)
			p++;
		if (blank) {
			width = 0;
			continue;
		}
		if (pipes + 1 > width && delimiter_like(line, len))
			width = pipes + 1;
		if (width < 2)
			continue; /* no padding: a node per line at most, as text makes */
		cells += width;
		work += width * width;
		if (cells > TABLE_CELLS_MAX || work > TABLE_WORK_MAX)
			return false;
	}
	return true;
}

struct doc {
	cmark_parser *parser; /* kept for its extension list, which rendering takes */
	cmark_node *root;
};

static void doc_free(struct doc *d)
{
	if (d->root)
		cmark_node_free(d->root);
	if (d->parser)
		cmark_parser_free(d->parser);
	*d = (struct doc){NULL, NULL};
}

/* Parses src (at most MARKDOWN_MAX bytes) into d, with the table
 * extension only when `tables`.  -1 when cmark fails, with whatever was
 * made already freed. */
static int parse(str src, bool tables, struct doc *d)
{
	size_t n_ext = tables ? N_EXTENSIONS : N_EXTENSIONS - 1; /* "table" is last */
	*d = (struct doc){NULL, NULL};
	pthread_once(&registered, register_extensions);
	pthread_mutex_lock(&parse_lock);
	d->parser = cmark_parser_new(PARSE_OPTS);
	if (!d->parser)
		goto fail;
	for (size_t i = 0; i < n_ext; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (!e || !cmark_parser_attach_syntax_extension(d->parser, e))
			goto fail;
	}
	if (src.n)
		cmark_parser_feed(d->parser, src.p, src.n);
	d->root = cmark_parser_finish(d->parser);
	if (!d->root)
		goto fail;
	pthread_mutex_unlock(&parse_lock);
	return 0;
fail:
	pthread_mutex_unlock(&parse_lock);
	doc_free(d);
	return -1;
}

/* True when a link may point at `url`: it is relative (no ':' before the
 * first '/', '?' or '#', or none at all), or its scheme is http, https or
 * mailto, ignoring ASCII case.  Anything else is refused, including a
 * scheme with characters no scheme has (which browsers might strip). */
static bool url_safe(const char *url)
{
	if (!url)
		return true; /* cmark gives "" for no URL; NULL would be the same */
	size_t i = strcspn(url, ":/?#");
	if (url[i] != ':')
		return true;
	str scheme = {url, i};
	return str_ieq(scheme, S("http")) || str_ieq(scheme, S("https")) || str_ieq(scheme, S("mailto"));
}

/* The walk over the tree; `links` counts the kept links around the node
 * being visited, as an image inside one must not become a link, nor a
 * mention.  `handles` are the n_handles handles to link, sorted; `buf`
 * (malloc'd, cap bytes) holds the text of a run of TEXT nodes. */
struct walk {
	cmark_node *root;
	int links;
	bool failed;
	const str *handles;
	size_t n_handles;
	char *buf;
	size_t cap;
};

/* Leaves n, which has been visited with all it holds, and the ancestors
 * of which it was the last: returns the next node in document order that
 * is not inside n, or NULL at the end of the document. */
static cmark_node *leave(struct walk *w, cmark_node *n)
{
	while (n && n != w->root) {
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			w->links--;
		cmark_node *next = cmark_node_next(n);
		if (next)
			return next;
		n = cmark_node_parent(n);
	}
	return NULL;
}

/* Puts n's children in its place, in order, and frees n.  Returns the
 * node to visit next: the first of the children, or else what follows n;
 * NULL at the end of the document, or when cmark refused a move
 * (w->failed is set, and n is freed with the children it kept). */
static cmark_node *unwrap(struct walk *w, cmark_node *n)
{
	cmark_node *first = cmark_node_first_child(n), *c;
	while ((c = cmark_node_first_child(n)))
		if (!cmark_node_insert_before(n, c)) {
			w->failed = true;
			cmark_node_free(n);
			return NULL;
		}
	cmark_node *next = first ? first : cmark_node_next(n);
	cmark_node *parent = cmark_node_parent(n);
	cmark_node_free(n);
	/* n was its parent's last child and left nothing: the parent is done. */
	return next ? next : leave(w, parent);
}

/* Replaces the image n by a link to its URL around its alt text (the URL
 * as text when the alt text is empty), or, when the URL is refused or
 * empty or a link already holds n, by its alt text.  Returns the node to
 * visit next: the new link, or as unwrap() does. */
static cmark_node *image(struct walk *w, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);
	bool safe = url && *url && url_safe(url);
	if (safe && !cmark_node_first_child(n)) {
		cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
		if (!t || !cmark_node_set_literal(t, url) || !cmark_node_append_child(n, t)) {
			if (t)
				cmark_node_free(t);
			w->failed = true;
			return NULL;
		}
	}
	if (!safe || w->links > 0)
		return unwrap(w, n);
	cmark_node *link = cmark_node_new(CMARK_NODE_LINK), *c;
	const char *title = cmark_node_get_title(n);
	if (!link || !cmark_node_set_url(link, url) || !cmark_node_set_title(link, title ? title : "") ||
	    !cmark_node_insert_before(n, link)) {
		if (link)
			cmark_node_free(link);
		w->failed = true;
		return NULL;
	}
	while ((c = cmark_node_first_child(n)))
		if (!cmark_node_append_child(link, c)) {
			w->failed = true;
			return NULL; /* n stays in the tree, freed with it */
		}
	cmark_node_free(n);
	return link;
}

/* The code point that starts s (n >= 1 bytes), its length in *len; a bad
 * sequence (cmark repairs them, so none is expected) is U+FFFD, 1 byte. */
static unsigned utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];
	size_t k = c < 0x80 ? 1 : c >= 0xf8 ? 0 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
	*len = 1;
	if (!k || k > n)
		return 0xfffd;
	unsigned cp = k == 1 ? c : c & (0x7fu >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	*len = k;
	return cp;
}

static bool handle_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* True when cp, next to a handle, would make it part of a longer word:
 * an ASCII letter, digit or '_', or any character past ASCII but spaces,
 * punctuation and symbols (roughly: the Latin-1 signs, U+2000 to U+2BFF,
 * CJK and full-width punctuation, variation selectors, specials and
 * emoji), so "@annélise" is not @ann but "@ann’s" and "@ann…" are. */
static bool word_cp(unsigned cp)
{
	static const unsigned not_word[][2] = {
		{0x80, 0xbf},     {0xd7, 0xd7},     {0xf7, 0xf7},     {0x2000, 0x2bff}, {0x3000, 0x303f},
		{0xfe00, 0xfe0f}, {0xfe30, 0xfe6f}, {0xff01, 0xff0f}, {0xff1a, 0xff20}, {0xff3b, 0xff40},
		{0xff5b, 0xff65}, {0xfff0, 0xffff}, {0x1f000, 0x1faff},
	};
	if (cp < 0x80)
		return handle_char((char)cp);
	for (size_t i = 0; i < sizeof not_word / sizeof not_word[0]; i++)
		if (cp >= not_word[i][0] && cp <= not_word[i][1])
			return false;
	return true;
}

static int str_cmp(const void *x, const void *y)
{
	const str *a = x, *b = y;
	size_t n = a->n < b->n ? a->n : b->n;
	int c = n ? memcmp(a->p, b->p, n) : 0;
	return c ? c : (a->n > b->n) - (a->n < b->n);
}

/* When s[i] == '@' starts a mention of one of w's handles (s holds len
 * bytes): the handle's length, with the handle in key (lower-case, not
 * NUL-terminated); else 0.  Reads at most HANDLE_MAX + 1 bytes after the
 * '@' and one character on either side. */
static size_t mention_at(const struct walk *w, const char *s, size_t i, size_t len, char *key)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k, b = i;
	if (i > 0) {
		while (b > 1 && i - b < 3 && (u[b - 1] & 0xc0) == 0x80)
			b--;
		unsigned before = utf8_decode(u + b - 1, i - b + 1, &k);
		if (before == '.' || word_cp(before))
			return 0;
	}
	size_t j = i + 1;
	for (; j < len && j - i <= HANDLE_MAX && handle_char(s[j]); j++)
		key[j - i - 1] = (char)(s[j] | (s[j] >= 'A' && s[j] <= 'Z' ? 0x20 : 0));
	size_t h = j - i - 1;
	if (h < HANDLE_MIN || (j < len && word_cp(utf8_decode(u + j, len - j, &k))))
		return 0;
	str want = {key, h};
	return bsearch(&want, w->handles, w->n_handles, sizeof *w->handles, str_cmp) ? h : 0;
}

/* A new TEXT node of s[0..n); s[n] is borrowed for a NUL meanwhile.  NULL
 * when cmark fails. */
static cmark_node *text_node(char *s, size_t n)
{
	char keep = s[n];
	s[n] = '\0';
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	if (t && !cmark_node_set_literal(t, s)) {
		cmark_node_free(t);
		t = NULL;
	}
	s[n] = keep;
	return t;
}

/* A new link to /u/KEY (key: h bytes) around the text s[0..h] ('@' and
 * the handle as written).  NULL when cmark fails. */
static cmark_node *mention_node(const char *key, size_t h, char *s)
{
	char url[sizeof "/u/" + HANDLE_MAX] = "/u/";
	memcpy(url + 3, key, h);
	url[3 + h] = '\0';
	cmark_node *link = cmark_node_new(CMARK_NODE_LINK), *t = text_node(s, h + 1);
	if (link && t && cmark_node_set_url(link, url) && cmark_node_append_child(link, t))
		return link;
	if (t)
		cmark_node_free(t);
	if (link)
		cmark_node_free(link);
	return NULL;
}

/* Puts the new node n (NULL: cmark failed making it) before `at`.  False,
 * with w->failed set and n freed, when it cannot. */
static bool put_before(struct walk *w, cmark_node *at, cmark_node *n)
{
	if (n && cmark_node_insert_before(at, n))
		return true;
	if (n)
		cmark_node_free(n);
	w->failed = true;
	return false;
}

/* True when n is at most MENTION_DEPTH levels deep, the document counted. */
static bool shallow(cmark_node *n)
{
	for (int d = 0; n; n = cmark_node_parent(n))
		if (++d > MENTION_DEPTH)
			return false;
	return true;
}

/* Copies the text of the run of TEXT nodes from `first` (it and the TEXT
 * siblings after it) into w->buf, NUL-terminated; sets *last to the run's
 * last node.  Returns the text's length, or SIZE_MAX when it holds no '@'
 * (nothing copied) or w->buf cannot grow (w->failed set). */
static size_t gather(struct walk *w, cmark_node *first, cmark_node **last)
{
	size_t len = 0;
	bool at = false;
	cmark_node *n = first, *next;
	for (;; n = next) {
		const char *s = cmark_node_get_literal(n);
		size_t k = s ? strlen(s) : 0;
		len += k;
		at = at || (k && memchr(s, '@', k));
		next = cmark_node_next(n);
		if (!next || cmark_node_get_type(next) != CMARK_NODE_TEXT)
			break;
	}
	*last = n;
	if (!at)
		return SIZE_MAX;
	if (len >= w->cap) {
		char *p = realloc(w->buf, len + 1);
		if (!p) {
			w->failed = true;
			return SIZE_MAX;
		}
		w->buf = p;
		w->cap = len + 1;
	}
	size_t o = 0;
	for (n = first;; n = cmark_node_next(n)) {
		const char *s = cmark_node_get_literal(n);
		size_t k = s ? strlen(s) : 0;
		memcpy(w->buf + o, s ? s : "", k);
		o += k;
		if (n == *last)
			break;
	}
	w->buf[o] = '\0';
	return len;
}

/* Splits the run first..last, whose text is w->buf[0..len), at its
 * mentions: text and links go before `first`, which keeps the tail (or,
 * with the rest of the run, is freed).  A run with no mention, or too
 * deep, is left as it is. */
static void split(struct walk *w, cmark_node *first, const cmark_node *last, size_t len)
{
	char *s = w->buf, key[HANDLE_MAX];
	size_t start = 0;
	bool found = false;
	for (size_t i = 0; i < len; i++) {
		size_t h = s[i] == '@' ? mention_at(w, s, i, len, key) : 0;
		if (!h)
			continue;
		if (!found && !shallow(first))
			return;
		found = true;
		if (i > start && !put_before(w, first, text_node(s + start, i - start)))
			return;
		if (!put_before(w, first, mention_node(key, h, s + i)))
			return;
		start = i + 1 + h;
		i = start - 1;
	}
	if (!found)
		return;
	cmark_node *keep = start < len ? first : NULL, *n = first, *next;
	if (keep && !cmark_node_set_literal(keep, s + start)) {
		w->failed = true;
		return;
	}
	for (;; n = next) {
		next = n == last ? NULL : cmark_node_next(n);
		if (n != keep)
			cmark_node_free(n);
		if (!next)
			break;
	}
}

/* Links the mentions in the run of TEXT nodes that starts at `first`.
 * Returns the node to visit next, what follows the run; NULL at the end
 * of the document or when an edit failed (w->failed). */
static cmark_node *mentions(struct walk *w, cmark_node *first)
{
	cmark_node *last;
	size_t len = gather(w, first, &last);
	cmark_node *after = cmark_node_next(last), *parent = cmark_node_parent(first);
	if (len != SIZE_MAX)
		split(w, first, last, len);
	if (w->failed)
		return NULL;
	return after ? after : leave(w, parent);
}

/* Decides every link and image of the document, and links the mentions
 * of the n sorted `handles` (see the top of the file).  0, or -1 when
 * cmark refused an edit or memory ran out. */
static int make_safe(cmark_node *root, const str *handles, size_t n_handles)
{
	struct walk w = {root, 0, false, handles, n_handles, NULL, 0};
	cmark_node *n = cmark_node_first_child(root);
	while (n) {
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_TEXT && w.n_handles && w.links == 0) {
			n = mentions(&w, n);
			continue;
		}
		if (t == CMARK_NODE_IMAGE) {
			n = image(&w, n); /* a new link is visited next, as any link */
			continue;
		}
		if (t == CMARK_NODE_LINK) {
			if (!url_safe(cmark_node_get_url(n))) {
				n = unwrap(&w, n);
				continue;
			}
			w.links++;
		}
		cmark_node *c = cmark_node_first_child(n);
		n = c ? c : leave(&w, n);
	}
	free(w.buf);
	return w.failed ? -1 : 0;
}

/* Parses src, makes it safe and links the mentions of the n sorted
 * `handles`: 0, or -1 with nothing left to free. */
static int prepare(str src, const str *handles, size_t n_handles, struct doc *d)
{
	if (src.n > MARKDOWN_MAX || parse(src, tables_bounded(src), d) < 0)
		return -1;
	if (make_safe(d->root, handles, n_handles) < 0) {
		doc_free(d);
		return -1;
	}
	return 0;
}

static const char link_from[] = "<a href=\"", link_to[] = "<a rel=\"nofollow ugc noopener\" href=\"";

/* The next "<a href=\"" in [p, e), or NULL.  By memchr and memcmp, not
 * strstr: a sanitizer's strstr measures the whole haystack on each call,
 * which would make a page of links quadratic under the sanitizers. */
static const char *next_link(const char *p, const char *e)
{
	const size_t n = sizeof link_from - 1;
	for (const char *q; (q = memchr(p, '<', (size_t)(e - p))); p = q + 1)
		if ((size_t)(e - q) >= n && memcmp(q, link_from, n) == 0)
			return q;
	return NULL;
}

/* The HTML with every link marked rel="nofollow ugc noopener": members'
 * links earn no ranking from us and get no handle on our window.  Raw
 * HTML is off, so each "<a href=" in cmark's output is a link it wrote
 * (text and code have their '<' escaped); copied into `a`, NUL-terminated;
 * {NULL, 0} when the arena is full. */
static str with_rel(arena *a, const char *html)
{
	size_t n = strlen(html), links = 0;
	const char *e = html + n;
	for (const char *p = next_link(html, e); p; p = next_link(p + 1, e))
		links++;
	size_t len = n + links * (sizeof link_to - sizeof link_from);
	char *out = arena_alloc(a, len + 1);
	if (!out)
		return STR_NULL;
	size_t o = 0;
	for (const char *p = html; p < e;) {
		const char *q = next_link(p, e);
		size_t run = q ? (size_t)(q - p) : (size_t)(e - p);
		memcpy(out + o, p, run);
		o += run;
		if (!q)
			break;
		memcpy(out + o, link_to, sizeof link_to - 1);
		o += sizeof link_to - 1;
		p = q + sizeof link_from - 1;
	}
	out[o] = '\0';
	return (str){out, o};
}

/* markdown_html(), linking the mentions of the n sorted `handles`. */
static int render_html(arena *a, str src, const str *handles, size_t n_handles, str *out)
{
	*out = STR_NULL;
	struct doc d;
	if (prepare(src, handles, n_handles, &d) < 0)
		return -1;
	char *html = cmark_render_html(d.root, HTML_OPTS, cmark_parser_get_syntax_extensions(d.parser));
	doc_free(&d);
	if (!html)
		return -1;
	str got = with_rel(a, html);
	cmark_get_default_mem_allocator()->free(html);
	if (!got.p)
		return -1;
	*out = got;
	return 0;
}

int markdown_html(arena *a, str src, str *out)
{
	return render_html(a, src, NULL, 0, out);
}

int markdown_html_mentions(arena *a, str src, const str *handles, int n, str *out)
{
	if (n <= 0)
		return markdown_html(a, src, out);
	*out = STR_NULL;
	str *sorted = arena_alloc(a, (size_t)n * sizeof *sorted);
	if (!sorted)
		return -1;
	memcpy(sorted, handles, (size_t)n * sizeof *sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, str_cmp);
	return render_html(a, src, sorted, (size_t)n, out);
}

/* Plain text being written: whitespace folded as it comes.  With p NULL
 * it is only counted.  Stops at cap bytes. */
struct text {
	char *p;
	size_t n, cap;
	bool space; /* a space is owed before the next character */
};

/* Whitespace, and the other ASCII controls, which have no place in a
 * subject line or a snippet either. */
static bool is_space(char c)
{
	return (unsigned char)c <= ' ' || c == 0x7f;
}

static void put(struct text *t, char c)
{
	if (t->p)
		t->p[t->n] = c;
	t->n++;
}

static void text_put(struct text *t, const char *s)
{
	for (; s && *s && t->n < t->cap; s++) {
		if (is_space(*s)) {
			t->space = t->n > 0;
			continue;
		}
		if (t->space) {
			put(t, ' ');
			t->space = false;
			if (t->n == t->cap)
				break;
		}
		put(t, *s);
	}
}

/* What node n adds to the text as the walk enters it: its literal for
 * text and code, a space for a line break or a block's start; nothing for
 * raw HTML (dropped) or a container inline. */
static void text_enter(struct text *t, cmark_node *n)
{
	cmark_node_type type = cmark_node_get_type(n);
	if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK)
		text_put(t, cmark_node_get_literal(n));
	else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
		text_put(t, " ");
	if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
		text_put(t, " ");
}

/* Writes the text of the document, in document order, without recursion;
 * a block's end is a space too (a table cell is a block). */
static void text_walk(cmark_node *root, struct text *t)
{
	cmark_node *n = cmark_node_first_child(root);
	while (n && t->n < t->cap) {
		text_enter(t, n);
		cmark_node *c = cmark_node_first_child(n);
		if (c) {
			n = c;
			continue;
		}
		while (n != root) {
			if ((cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
				text_put(t, " ");
			cmark_node *next = cmark_node_next(n);
			if (next) {
				n = next;
				break;
			}
			n = cmark_node_parent(n);
		}
		if (n == root)
			break;
	}
}

/* The length to keep of the folded text p (longer than max bytes) before
 * "…" is added: at most max - 3 (max when max < 3), at a character
 * boundary, and back to a space within the 20 bytes before that, the
 * space dropped. */
static size_t cut(const char *p, size_t max)
{
	size_t c = max < 3 ? max : max - 3;
	while (c > 0 && ((unsigned char)p[c] & 0xc0) == 0x80)
		c--;
	if (p[c] == ' ')
		return c;
	for (size_t i = c; i > 0 && c - i < 20; i--)
		if (p[i - 1] == ' ')
			return i - 1;
	return c;
}

int markdown_text(arena *a, str src, size_t max, str *out)
{
	*out = STR_NULL;
	struct doc d;
	if (prepare(src, NULL, 0, &d) < 0)
		return -1;
	/* Count first, no further than shows whether the text passes max, so
	 * the arena gives no more than the result needs. */
	struct text t = {NULL, 0, max == SIZE_MAX ? max : max + 1, false};
	text_walk(d.root, &t);
	t = (struct text){arena_alloc(a, t.n + 1), 0, t.n, false};
	if (t.p)
		text_walk(d.root, &t);
	doc_free(&d);
	if (!t.p)
		return -1;
	size_t n = t.n;
	if (n > max) {
		n = cut(t.p, max);
		if (max >= 3) {
			memcpy(t.p + n, "\xe2\x80\xa6", 3);
			n += 3;
		}
	}
	t.p[n] = '\0';
	*out = (str){t.p, n};
	return 0;
}
