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
 * being visited, as an image inside one must not become a link. */
struct walk {
	cmark_node *root;
	int links;
	bool failed;
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

/* Decides every link and image of the document (see the top of the
 * file).  0, or -1 when cmark refused an edit. */
static int make_safe(cmark_node *root)
{
	struct walk w = {root, 0, false};
	cmark_node *n = cmark_node_first_child(root);
	while (n) {
		cmark_node_type t = cmark_node_get_type(n);
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
	return w.failed ? -1 : 0;
}

/* Parses src and makes it safe: 0, or -1 with nothing left to free. */
static int prepare(str src, struct doc *d)
{
	if (src.n > MARKDOWN_MAX || parse(src, tables_bounded(src), d) < 0)
		return -1;
	if (make_safe(d->root) < 0) {
		doc_free(d);
		return -1;
	}
	return 0;
}

/* The HTML with every link marked rel="nofollow ugc noopener": members'
 * links earn no ranking from us and get no handle on our window.  Raw
 * HTML is off, so each "<a href=" in cmark's output is a link it wrote
 * (text and code have their '<' escaped); copied into `a`, NUL-terminated;
 * {NULL, 0} when the arena is full. */
static str with_rel(arena *a, const char *html)
{
	static const char from[] = "<a href=\"", to[] = "<a rel=\"nofollow ugc noopener\" href=\"";
	size_t n = strlen(html), links = 0;
	for (const char *p = strstr(html, from); p; p = strstr(p + 1, from))
		links++;
	size_t len = n + links * (sizeof to - sizeof from);
	char *out = arena_alloc(a, len + 1);
	if (!out)
		return STR_NULL;
	size_t o = 0;
	for (const char *p = html; *p;) {
		const char *q = strstr(p, from);
		size_t run = q ? (size_t)(q - p) : strlen(p);
		memcpy(out + o, p, run);
		o += run;
		if (!q)
			break;
		memcpy(out + o, to, sizeof to - 1);
		o += sizeof to - 1;
		p = q + sizeof from - 1;
	}
	out[o] = '\0';
	return (str){out, o};
}

int markdown_html(arena *a, str src, str *out)
{
	*out = STR_NULL;
	struct doc d;
	if (prepare(src, &d) < 0)
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
	if (prepare(src, &d) < 0)
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
