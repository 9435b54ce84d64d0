/* tmplc.c: the build-time template compiler.
 *
 *     tmplc -o BASE templates/a.html templates/_b.html ...
 *
 * turns every template NAME.html into `int view_NAME(buf *, const view_obj *)`
 * (non-alphanumerics of NAME become '_'), declared in BASE.h and defined in
 * BASE.c.  The language: {{ path }}, {{ raw path }}, {% if %} / {% elif %}
 * / {% else %} / {% end %}, {% for x in path %} (with {% else %}),
 * {% include "name" %}, {% layout "name" %} (first tag), {% content %} and
 * {# comments #}.  A line holding only a {% %} or {# #} tag leaves no trace
 * in the output (its indentation and newline are dropped).
 *
 * Invariants:
 * - Escaping is decided here, never at run time: a small HTML state machine
 *   runs over each template's literal text, and every {{ }} takes the
 *   escaping function of the HTML context it stands in (escape.c).  Output
 *   in a context we cannot escape safely (unquoted attribute values, tag
 *   and attribute names, event handler, style, srcset and srcdoc
 *   attributes, <style>, any <script> but a JSON string in <script
 *   type="application/json">, HTML comments) is a compile error; so are
 *   branches of an {% if %} or {% for %} that leave the HTML in different
 *   contexts.  `raw` skips the escaping but not these placement rules.
 * - Either both output files are written (by rename, once both are
 *   complete) or, on any error, none is; errors go to stderr as
 *   `FILE:LINE: error: MESSAGE` and the exit status is 1 (2 for usage or
 *   I/O trouble).
 * - The generated C includes only "view.h", compiles cleanly under the
 *   project's -Wall -Wextra -Wpedantic -Werror, writes each run of literal
 *   bytes with one buf_put (split only where a string literal would exceed
 *   the 4095 bytes ISO C promises), and returns -1 as soon as the buffer
 *   fails. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32     /* nesting of {% if %} and {% for %} */
#define MAX_LITERAL 4000 /* bytes per C string literal (ISO C minimum: 4095) */

/* ASCII classes: the program never calls setlocale, so this is the C locale. */
#define is_alpha(c) (isalpha((unsigned char)(c)) != 0)
#define is_alnum(c) (isalnum((unsigned char)(c)) != 0)
#define is_ws(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || (c) == '\f')

/* ---- growable strings (the compiler is a host tool: out of memory ends it) */

typedef struct {
	char *p;
	size_t n, cap;
} sb;

static void oom(void)
{
	fputs("tmplc: out of memory\n", stderr);
	exit(2);
}

/* Makes room for `n` more bytes. */
static void sb_reserve(sb *b, size_t n)
{
	if (n <= b->cap - b->n)
		return;
	size_t want = b->cap ? b->cap : 256;
	while (want - b->n < n)
		want *= 2;
	char *q = realloc(b->p, want);
	if (!q)
		oom();
	b->p = q;
	b->cap = want;
}

static void sb_put(sb *b, const char *p, size_t n)
{
	sb_reserve(b, n);
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void sb_puts(sb *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

static void sb_vprintf(sb *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void sb_vprintf(sb *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		oom();
	sb_reserve(b, (size_t)n + 1);
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	b->n += (size_t)n;
}

static void sb_printf(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sb *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

/* ---- the HTML state machine ----
 *
 * States are canonical: fields that do not matter in a mode are zero, so
 * two states compare equal exactly when they are the same context. */

enum hmode {
	H_TEXT,                 /* between tags */
	H_LT, H_LT_SLASH,       /* just after "<", "</" */
	H_BANG,                 /* after "<!", `dashes` '-' seen */
	H_DECL,                 /* <!DOCTYPE ...>, <?...>, bogus comments: up to '>' */
	H_COMMENT,              /* <!-- ... -->, `dashes` '-' just seen */
	H_TAG_NAME,             /* in a tag's name */
	H_IN_TAG,               /* in a tag, before an attribute name */
	H_ATTR_NAME,            /* in an attribute name */
	H_AFTER_ATTR,           /* after an attribute name, maybe before '=' */
	H_BEFORE_VAL,           /* after '=' */
	H_VAL_Q, H_VAL_UNQ,     /* in a quoted, unquoted attribute value */
	H_RAW, H_RAW_CLOSE,     /* in <script> or <style> text; after its "</script" */
	H_LOST                  /* after "<!--" in a <script>: the browser's escaped
				 * script states, which we do not follow (no output) */
};

enum hraw { R_SCRIPT, R_JSON, R_STYLE };

struct hstate {
	enum hmode mode;
	enum hraw raw;
	char quote;
	bool end_tag, tag_long, attr_long; /* a closing tag; names too long to hold */
	bool amb;             /* H_IN_TAG after branches that ended on different attributes */
	char tag[16], attr[48]; /* lower case */
	bool val_lit;         /* the current attribute value has content already */
	char type[32];        /* the current start tag's type="..." (lower case) */
	bool type_seen, type_dyn; /* ...was given / is not one plain literal */
	int dashes, match;    /* see H_BANG, H_COMMENT, and bytes of "<!--" in <script>;
			       * bytes of "</script" matched */
	bool json_str, json_esc; /* R_JSON: inside a string, after a backslash */
};

/* Appends lower-case `c` to the name `s` of size `size`, or marks it long. */
static void name_add(char *s, size_t size, bool *too_long, int c)
{
	size_t n = strlen(s);
	if (n + 1 < size) {
		s[n] = (char)tolower(c);
		s[n + 1] = '\0';
	} else {
		*too_long = true;
	}
}

static bool tag_is(const struct hstate *h, const char *name)
{
	return !h->tag_long && strcmp(h->tag, name) == 0;
}

static bool attr_is(const struct hstate *h, const char *name)
{
	return !h->attr_long && strcmp(h->attr, name) == 0;
}

static void start_tag(struct hstate *h, int c, bool end)
{
	*h = (struct hstate){.mode = H_TAG_NAME, .end_tag = end};
	name_add(h->tag, sizeof h->tag, &h->tag_long, c);
}

/* '>' ends a tag; <script> and <style> start raw text, and only JSON
 * scripts may take output, inside their strings. */
static void end_tag(struct hstate *h)
{
	bool json = h->type_seen && !h->type_dyn &&
		    (strcmp(h->type, "application/json") == 0 ||
		     strcmp(h->type, "application/ld+json") == 0);
	struct hstate next = {.mode = H_TEXT};
	if (!h->end_tag && tag_is(h, "script"))
		next = (struct hstate){.mode = H_RAW, .raw = json ? R_JSON : R_SCRIPT};
	else if (!h->end_tag && tag_is(h, "style"))
		next = (struct hstate){.mode = H_RAW, .raw = R_STYLE};
	*h = next;
}

static void new_attr(struct hstate *h, int c)
{
	h->mode = H_ATTR_NAME;
	h->amb = h->attr_long = false;
	h->attr[0] = '\0';
	name_add(h->attr, sizeof h->attr, &h->attr_long, c);
}

static void begin_value(struct hstate *h, enum hmode mode, char quote)
{
	h->mode = mode;
	h->quote = quote;
	h->val_lit = false;
	if (attr_is(h, "type")) {
		h->type_dyn = h->type_dyn || h->type_seen; /* two types: which wins? */
		h->type_seen = true;
		h->type[0] = '\0';
	}
}

static void value_byte(struct hstate *h, int c)
{
	h->val_lit = true;
	if (attr_is(h, "type"))
		name_add(h->type, sizeof h->type, &h->type_dyn, c);
}

static void h_step(struct hstate *h, int c);

/* Text, markup declarations and comments. */
static void h_step_text(struct hstate *h, int c)
{
	switch (h->mode) {
	case H_TEXT:
		if (c == '<')
			h->mode = H_LT;
		break;
	case H_LT:
		if (is_alpha(c))
			start_tag(h, c, false);
		else if (c == '/' || c == '!' || c == '?')
			h->mode = c == '/' ? H_LT_SLASH : c == '!' ? H_BANG : H_DECL;
		else
			h->mode = H_TEXT, h_step(h, c);
		break;
	case H_LT_SLASH:
		if (is_alpha(c))
			start_tag(h, c, true);
		else
			h->mode = c == '>' ? H_TEXT : H_DECL;
		break;
	case H_BANG:
		if (c == '-' && ++h->dashes == 2)
			h->mode = H_COMMENT, h->dashes = 0;
		else if (c != '-')
			h->mode = H_DECL, h->dashes = 0, h_step(h, c);
		break;
	case H_DECL:
		if (c == '>')
			h->mode = H_TEXT;
		break;
	default: /* H_COMMENT */
		if (c == '>' && h->dashes >= 2)
			h->mode = H_TEXT, h->dashes = 0;
		else
			h->dashes = c == '-' ? h->dashes + 1 : 0;
		break;
	}
}

/* Inside a tag: names, attributes and their values. */
static void h_step_tag(struct hstate *h, int c)
{
	enum hmode m = h->mode;
	if (c == '>' && m != H_VAL_Q) {
		end_tag(h);
	} else if (m == H_TAG_NAME) {
		if (is_ws(c) || c == '/')
			h->mode = H_IN_TAG;
		else
			name_add(h->tag, sizeof h->tag, &h->tag_long, c);
	} else if (m == H_IN_TAG || m == H_AFTER_ATTR) {
		if (c == '=' && h->amb) /* a value for an attribute we cannot name */
			h->mode = H_BEFORE_VAL, h->attr[0] = '\0', h->attr_long = true;
		else if (c == '=' && m == H_AFTER_ATTR)
			h->mode = H_BEFORE_VAL;
		else if (c == '/')
			h->mode = H_IN_TAG;
		else if (!is_ws(c))
			new_attr(h, c);
	} else if (m == H_ATTR_NAME) {
		if (is_ws(c) || c == '/' || c == '=')
			h->mode = c == '=' ? H_BEFORE_VAL : c == '/' ? H_IN_TAG : H_AFTER_ATTR;
		else
			name_add(h->attr, sizeof h->attr, &h->attr_long, c);
	} else if (m == H_BEFORE_VAL) {
		if (c == '"' || c == '\'')
			begin_value(h, H_VAL_Q, (char)c);
		else if (!is_ws(c))
			begin_value(h, H_VAL_UNQ, 0), h_step(h, c);
	} else if ((m == H_VAL_Q && c == h->quote) || (m == H_VAL_UNQ && is_ws(c))) {
		h->mode = H_IN_TAG;
		h->attr[0] = '\0';
		h->quote = 0;
		h->val_lit = false;
	} else {
		value_byte(h, c);
	}
}

/* The text of <script> and <style>: only "</script" or "</style" followed
 * by a space, '/' or '>' ends it; JSON strings are tracked for R_JSON. */
static void h_step_raw(struct hstate *h, int c)
{
	const char *close = h->raw == R_STYLE ? "</style" : "</script";
	if (h->mode == H_RAW_CLOSE && (is_ws(c) || c == '/' || c == '>')) {
		*h = (struct hstate){.mode = H_TAG_NAME, .end_tag = true};
		memcpy(h->tag, close + 2, strlen(close + 2) + 1);
		h_step(h, c);
		return;
	}
	if (h->mode == H_RAW_CLOSE)
		h->mode = H_RAW, h->match = 0;
	if (h->raw != R_STYLE && (h->dashes = c == "<!--"[h->dashes] ? h->dashes + 1 : c == '<') == 4) {
		*h = (struct hstate){.mode = H_LOST};
		return;
	}
	if (h->raw == R_JSON && h->json_esc)
		h->json_esc = false;
	else if (h->raw == R_JSON && c == '\\' && h->json_str)
		h->json_esc = true;
	else if (h->raw == R_JSON && c == '"')
		h->json_str = !h->json_str;
	if (tolower(c) == close[h->match])
		h->mode = close[++h->match] ? H_RAW : H_RAW_CLOSE;
	else
		h->match = c == '<';
}

/* Advances the HTML state over one byte of literal template text. */
static void h_step(struct hstate *h, int c)
{
	if (h->mode <= H_COMMENT)
		h_step_text(h, c);
	else if (h->mode <= H_VAL_UNQ)
		h_step_tag(h, c);
	else if (h->mode != H_LOST)
		h_step_raw(h, c);
}

/* Whether two states are the same context, but for val_lit. */
static bool h_same(const struct hstate *a, const struct hstate *b)
{
	return a->mode == b->mode && a->raw == b->raw && a->quote == b->quote &&
	       a->end_tag == b->end_tag && a->tag_long == b->tag_long && a->amb == b->amb &&
	       a->attr_long == b->attr_long && !strcmp(a->tag, b->tag) &&
	       !strcmp(a->attr, b->attr) && !strcmp(a->type, b->type) &&
	       a->type_seen == b->type_seen && a->type_dyn == b->type_dyn &&
	       a->dashes == b->dashes && a->match == b->match && a->json_str == b->json_str &&
	       a->json_esc == b->json_esc;
}

/* Merges `h`, where one branch of a block ends, into `into`, where the
 * others end; false if no one state describes both.  In an attribute
 * value, later output may or may not follow literal text: assume it does
 * (URL component escaping, safe either way).  Branches that end on
 * different attributes of one tag (`<input{% if c %} checked{% end %}>`)
 * leave an attribute we cannot name, whose value may then take no output. */
static bool h_merge(struct hstate *into, const struct hstate *h)
{
	bool lit = into->val_lit || h->val_lit;
	if (h_same(into, h)) {
		into->val_lit = lit;
		return true;
	}
	if (into->mode < H_IN_TAG || into->mode > H_AFTER_ATTR || h->mode < H_IN_TAG ||
	    h->mode > H_AFTER_ATTR || into->end_tag != h->end_tag || !tag_is(into, h->tag) ||
	    h->tag_long)
		return false;
	if (into->type_seen != h->type_seen || strcmp(into->type, h->type) != 0 || h->type_dyn)
		into->type_dyn = true;
	into->mode = H_IN_TAG;
	into->amb = true;
	into->attr[0] = '\0';
	into->attr_long = false;
	return true;
}

/* ---- templates and the per-template compiler state ---- */

struct tmpl {
	const char *path;
	char *name;  /* file name without .html: what include and layout say */
	char *cname; /* the name as a C identifier */
	char *src;
	size_t len;
	int layout;  /* index of the layout template, or -1 */
	int layout_line;
	sb code;     /* the statements of the body function */
};

struct prog {
	struct tmpl *t;
	size_t n;
	bool failed;
	size_t hints; /* view_hints[] entries handed out: one per lookup */
	sb hint_init; /* their initializers: the lengths of each path's names */
};

enum fkind { F_IF, F_FOR };

struct frame {
	enum fkind kind;
	int line, id;
	bool has_else, have_end;
	struct hstate start, end; /* where the block starts; where its branches end */
	char outer[16];           /* the scope expression around the block */
	const char *var;          /* a for's loop variable, var_n bytes */
	size_t var_n;
};

struct cc {
	struct prog *pg;
	struct tmpl *t;
	const char *s;
	size_t n, pos;
	int line;
	struct hstate h;
	sb lit;         /* literal bytes not yet emitted */
	bool seen_text; /* non-blank literal text so far */
	int ntags, ids, ind;
	char scope[16]; /* C expression for the current view_scope pointer */
	struct frame stack[MAX_DEPTH];
	int depth;
	bool failed;
};

/* Reports an error as FILE:LINE: error: MESSAGE and sets *failed;
 * returns false. */
static bool report(bool *failed, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static bool report(bool *failed, const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: error: ", path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	*failed = true;
	return false;
}

/* An error in the template being compiled. */
#define errf(c, line, ...) report(&(c)->failed, (c)->t->path, (line), __VA_ARGS__)

static void indent(struct cc *c, int extra)
{
	for (int i = 0; i < c->ind + extra; i++)
		sb_put(&c->t->code, "\t", 1);
}

/* Writes one indented line of generated code. */
static void emit(struct cc *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(struct cc *c, const char *fmt, ...)
{
	va_list ap;
	indent(c, 0);
	va_start(ap, fmt);
	sb_vprintf(&c->t->code, fmt, ap);
	va_end(ap);
	sb_put(&c->t->code, "\n", 1);
}

/* Writes bytes as a C string literal; with `ind` >= 0, broken after each
 * newline into adjacent literals indented by `ind` tabs, so the C reads
 * like the HTML.  Octal escapes stop after three digits; '?' is escaped
 * against trigraphs. */
static void c_string(sb *b, const char *p, size_t n, int ind)
{
	sb_put(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];
		if (ch == '"' || ch == '\\' || ch == '?')
			sb_printf(b, "\\%c", ch);
		else if (ch == '\n' && ind >= 0 && i + 1 < n)
			sb_printf(b, "\\n\"\n%.*s\"", ind, "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t");
		else if (ch == '\n')
			sb_puts(b, "\\n");
		else if (ch < 0x20 || ch >= 0x7f)
			sb_printf(b, "\\%03o", ch);
		else
			sb_put(b, (const char *)&ch, 1);
	}
	sb_put(b, "\"", 1);
}

/* Emits the pending literal text: one buf_put per MAX_LITERAL bytes. */
static void flush_literal(struct cc *c)
{
	for (size_t off = 0; off < c->lit.n; off += MAX_LITERAL) {
		size_t n = c->lit.n - off < MAX_LITERAL ? c->lit.n - off : MAX_LITERAL;
		indent(c, 0);
		sb_puts(&c->t->code, "if (buf_put(out, ");
		c_string(&c->t->code, c->lit.p + off, n, c->ind + 1);
		sb_printf(&c->t->code, ", %zu) < 0)\n", n);
		emit(c, "\treturn -1;");
	}
	c->lit.n = 0;
}

/* Takes literal template text: into the pending run and the HTML state. */
static void literal(struct cc *c, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h_step(&c->h, (unsigned char)p[i]);
		c->seen_text = c->seen_text || !is_ws(p[i]);
	}
	sb_put(&c->lit, p, n);
}

/* ---- tokens inside {{ }} and {% %} ---- */

enum tk { TK_END, TK_WORD, TK_STR, TK_EQ, TK_NE, TK_BAD };

struct tok {
	enum tk k;
	const char *p;
	size_t n;
};

/* The next token at *cur (before `end`).  A string is given without its
 * quotes and holds no escapes. */
static struct tok lex(const char **cur, const char *end)
{
	const char *p = *cur, *q;
	while (p < end && is_ws(*p))
		p++;
	struct tok t = {TK_END, p, 0};
	if (p == end) {
		t.k = TK_END;
	} else if (*p == '"') {
		q = memchr(p + 1, '"', (size_t)(end - p - 1));
		t = q ? (struct tok){TK_STR, p + 1, (size_t)(q - p - 1)}
		      : (struct tok){TK_BAD, p, (size_t)(end - p)};
		p = q ? q + 1 : end;
	} else if (end - p >= 2 && (p[0] == '=' || p[0] == '!') && p[1] == '=') {
		t = (struct tok){p[0] == '=' ? TK_EQ : TK_NE, p, 2};
		p += 2;
	} else {
		for (q = p; q < end && (is_alnum(*q) || *q == '_' || *q == '.'); q++)
			;
		t = (struct tok){q > p ? TK_WORD : TK_BAD, p, q > p ? (size_t)(q - p) : 1};
		p += t.n;
	}
	*cur = p;
	return t;
}

static bool tok_is(struct tok t, const char *word)
{
	return t.k == TK_WORD && t.n == strlen(word) && memcmp(t.p, word, t.n) == 0;
}

static bool is_ident(const char *p, size_t n)
{
	if (n == 0 || !(is_alpha(p[0]) || p[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_alnum(p[i]) && p[i] != '_')
			return false;
	return true;
}

/* A dotted path of identifiers, none of them a keyword of the language. */
static bool is_path(struct tok t)
{
	if (t.k != TK_WORD || tok_is(t, "and") || tok_is(t, "or") || tok_is(t, "not"))
		return false;
	for (size_t i = 0, start = 0; i <= t.n; i++) {
		if (i < t.n && t.p[i] != '.')
			continue;
		if (!is_ident(t.p + start, i - start))
			return false;
		start = i + 1;
	}
	return true;
}

/* A token for an error message. */
#define TOKF(t) (int)((t).n > 40 ? 40 : (t).n), (t).p

/* ---- where output may stand, and how it is escaped ---- */

static bool url_attr(const struct hstate *h)
{
	static const char *const names[] = {
	    "href",     "src",      "action",  "formaction", "poster", "cite",   "background",
	    "data",     "icon",     "ping",    "manifest",   "usemap", "lowsrc", "dynsrc",
	    "longdesc", "codebase", "classid", "profile",    "xlink:href",
	    /* SVG animation can set href: <animate attributeName="href" values=...> */
	    "values", "to", "from", "by", NULL};
	for (int i = 0; names[i]; i++)
		if (attr_is(h, names[i]))
			return true;
	return false;
}

/* The escaping function for output in a quoted attribute value, or NULL
 * after an error. */
static const char *attr_escaper(struct cc *c, int line)
{
	const struct hstate *h = &c->h;
	if (h->attr_long)
		errf(c, line, "output in an attribute whose name is too long or not known here");
	else if (h->attr[0] == 'o' && h->attr[1] == 'n')
		errf(c, line, "output in event handler attribute '%s'", h->attr);
	else if (attr_is(h, "style") || attr_is(h, "srcset") || attr_is(h, "srcdoc"))
		errf(c, line, "output in a %s attribute is not allowed", h->attr);
	else
		return !url_attr(h) ? "view_esc_attr" : h->val_lit ? "view_esc_urlc" : "view_esc_url";
	return NULL;
}

/* The escaping function for output at the current HTML state, or NULL
 * after an error. */
static const char *escaper(struct cc *c, int line)
{
	const struct hstate *h = &c->h;
	const char *why;
	if (h->mode == H_TEXT)
		return "view_esc_html";
	if (h->mode == H_VAL_Q)
		return attr_escaper(c, line);
	if (h->raw == R_JSON && h->mode == H_RAW && h->json_str && !h->json_esc)
		return "view_esc_json";
	if (h->mode == H_BEFORE_VAL || h->mode == H_VAL_UNQ)
		why = "in an unquoted attribute value (quote the value)";
	else if (h->mode == H_BANG || h->mode == H_DECL || h->mode == H_COMMENT)
		why = "inside an HTML comment or <!...> declaration";
	else if (h->mode < H_RAW)
		why = "inside a tag, outside an attribute value";
	else if (h->mode == H_LOST)
		why = "after \"<!--\" in a <script> (the HTML context is unclear)";
	else if (h->raw == R_JSON)
		why = "in <script type=\"application/json\"> outside a JSON string";
	else if (h->raw == R_STYLE)
		why = "inside <style>";
	else
		why = "inside <script> (only JSON strings in <script type=\"application/json\"> take it)";
	errf(c, line, "output %s", why);
	return NULL;
}

/* The number of a new view_hints[] entry for a lookup of the path
 * p[0..n), whose initializer gives the lengths of its first and last
 * names (the last 0 when it has one name), so lookups need not measure. */
static size_t hint(struct cc *c, const char *p, size_t n)
{
	size_t first = 0, last = 0;
	while (first < n && p[first] != '.')
		first++;
	if (first < n)
		for (size_t i = n; i > 0 && p[i - 1] != '.'; i--)
			last++;
	sb_printf(&c->pg->hint_init, "\t{.n_first = %zu, .n_last = %zu},\n", first, last);
	return c->pg->hints++;
}

/* Appends to `e` the C expression that looks up the path p[0..n) where
 * the compiler stands, with a hint of its own.  When its first name is
 * the variable of one of this function's own loops, the innermost such
 * (the one view_lookup would find: the scopes of the caller are all
 * outside it), the item is read from that loop's scope directly. */
static void lookup(struct cc *c, sb *e, const char *p, size_t n)
{
	size_t first = 0;
	while (first < n && p[first] != '.')
		first++;
	size_t h = hint(c, p, n);
	for (int d = c->depth - 1; d >= 0; d--) {
		const struct frame *f = &c->stack[d];
		if (f->kind != F_FOR || f->has_else || f->var_n != first || memcmp(f->var, p, first) != 0)
			continue;
		const char *rest = first < n ? p + first + 1 : p + n;
		sb_printf(e, "view_scope_get(&s%d, \"%.*s\", &view_hints[%zu])", f->id, (int)(p + n - rest), rest, h);
		return;
	}
	sb_printf(e, "view_lookup(ctx, %s, \"%.*s\", &view_hints[%zu])", c->scope, (int)n, p, h);
}

/* {{ path }} and {{ raw path }}. */
static bool do_output(struct cc *c, const char *p, const char *end, int line)
{
	struct tok a = lex(&p, end), b = lex(&p, end);
	bool raw = tok_is(a, "raw") && b.k != TK_END;
	struct tok path = raw ? b : a, more = raw ? lex(&p, end) : b;
	if (!is_path(path))
		return errf(c, line, "expected a path in {{ }}, not '%.*s'", TOKF(path));
	if (more.k != TK_END)
		return errf(c, line, "unexpected '%.*s' in {{ }}", TOKF(more));
	const char *esc = escaper(c, line);
	if (!esc)
		return false;
	if (c->h.mode == H_VAL_Q) {
		c->h.val_lit = true;
		c->h.type_dyn = c->h.type_dyn || attr_is(&c->h, "type");
	}
	flush_literal(c);
	sb e = {0};
	lookup(c, &e, path.p, path.n);
	emit(c, "if (view_emit(out, %.*s, %s) < 0)", (int)e.n, e.p, raw ? "buf_str" : esc);
	emit(c, "\treturn -1;");
	free(e.p);
	return true;
}

/* One term of a condition, `[not] path` or `path ==|!= "lit"`, as C. */
static bool expr_term(struct cc *c, const char **p, const char *end, int line, sb *e)
{
	struct tok t = lex(p, end);
	bool neg = tok_is(t, "not");
	if (neg)
		t = lex(p, end);
	if (!is_path(t))
		return errf(c, line, "expected a path in the condition, not '%.*s'", TOKF(t));
	const char *save = *p;
	struct tok op = lex(p, end);
	if (op.k != TK_EQ && op.k != TK_NE) {
		*p = save;
		sb_printf(e, "%sview_truthy(", neg ? "!" : "");
		lookup(c, e, t.p, t.n);
		sb_puts(e, ")");
		return true;
	}
	struct tok lit = lex(p, end);
	if (neg)
		return errf(c, line, "'not' cannot take == or != (use != or ==)");
	if (lit.k != TK_STR)
		return errf(c, line, "expected a \"string\" after == or !=");
	sb_printf(e, "%sview_eq_str(", op.k == TK_NE ? "!" : "");
	lookup(c, e, t.p, t.n);
	sb_puts(e, ", S(");
	c_string(e, lit.p, lit.n, -1);
	sb_puts(e, "))");
	return true;
}

/* A condition: terms joined by `and` and `or` (`and` binds tighter), as C. */
static bool expr(struct cc *c, const char *p, const char *end, int line, sb *e)
{
	sb_puts(e, "(");
	for (;;) {
		if (!expr_term(c, &p, end, line, e))
			return false;
		struct tok t = lex(&p, end);
		if (t.k == TK_END)
			break;
		if (!tok_is(t, "and") && !tok_is(t, "or"))
			return errf(c, line, "expected 'and', 'or' or the end of the condition, not "
					     "'%.*s'", TOKF(t));
		sb_puts(e, tok_is(t, "and") ? " && " : ") || (");
	}
	sb_puts(e, ")");
	return true;
}

/* ---- blocks: if, elif, else, for, end ---- */

/* Combines the state where one branch ends into the block's. */
static bool merge_end(struct cc *c, struct frame *f, const struct hstate *h, int line)
{
	if (!f->have_end) {
		f->end = *h;
		f->have_end = true;
	} else if (!h_merge(&f->end, h)) {
		return errf(c, line, "the branches of the {%% %s %%} on line %d leave the HTML in "
				     "different contexts", f->kind == F_IF ? "if" : "for", f->line);
	}
	return true;
}

static struct frame *push(struct cc *c, enum fkind kind, int line)
{
	if (c->depth == MAX_DEPTH) {
		errf(c, line, "blocks nested too deeply");
		return NULL;
	}
	struct frame *f = &c->stack[c->depth++];
	*f = (struct frame){.kind = kind, .line = line, .id = ++c->ids, .start = c->h};
	memcpy(f->outer, c->scope, sizeof f->outer);
	return f;
}

static struct frame *top(struct cc *c)
{
	return c->depth ? &c->stack[c->depth - 1] : NULL;
}

static bool do_if(struct cc *c, const char *p, const char *end, int line)
{
	sb e = {0};
	bool ok = expr(c, p, end, line, &e) && push(c, F_IF, line);
	if (ok) {
		emit(c, "if (%.*s) {", (int)e.n, e.p);
		c->ind++;
	}
	free(e.p);
	return ok;
}

static bool do_elif(struct cc *c, const char *p, const char *end, int line)
{
	struct frame *f = top(c);
	if (!f || f->kind != F_IF || f->has_else)
		return errf(c, line, "{%% elif %%} without an open {%% if %%}");
	sb e = {0};
	bool ok = expr(c, p, end, line, &e) && merge_end(c, f, &c->h, line);
	if (ok) {
		c->h = f->start;
		c->ind--;
		emit(c, "} else if (%.*s) {", (int)e.n, e.p);
		c->ind++;
	}
	free(e.p);
	return ok;
}

static bool do_else(struct cc *c, int line)
{
	struct frame *f = top(c);
	if (!f || f->has_else)
		return errf(c, line, "{%% else %%} without an open {%% if %%} or {%% for %%}");
	if (!merge_end(c, f, &c->h, line))
		return false;
	f->has_else = true;
	c->h = f->start;
	c->ind--;
	if (f->kind == F_IF) {
		emit(c, "} else {");
	} else {
		emit(c, "}");
		emit(c, "if (n%d == 0) {", f->id);
		memcpy(c->scope, f->outer, sizeof c->scope);
	}
	c->ind++;
	return true;
}

static bool do_end(struct cc *c, int line)
{
	struct frame *f = top(c);
	if (!f)
		return errf(c, line, "{%% end %%} without an open {%% if %%} or {%% for %%}");
	/* A for body runs zero or more times; an if without else may not run. */
	if (!merge_end(c, f, &c->h, line) ||
	    ((f->kind == F_FOR || !f->has_else) && !merge_end(c, f, &f->start, line)))
		return false;
	c->h = f->end;
	for (int k = f->kind == F_FOR ? 2 : 1; k > 0; k--) {
		c->ind--;
		emit(c, "}");
	}
	memcpy(c->scope, f->outer, sizeof c->scope);
	c->depth--;
	return true;
}

/* {% for NAME in PATH %}: the body sees the scope s<id>. */
static bool do_for(struct cc *c, const char *p, const char *end, int line)
{
	struct tok var = lex(&p, end), in = lex(&p, end), path = lex(&p, end);
	if (!is_path(var) || !tok_is(in, "in") || !is_path(path) || lex(&p, end).k != TK_END)
		return errf(c, line, "expected {%% for NAME in PATH %%}");
	if (tok_is(var, "loop") || memchr(var.p, '.', var.n))
		return errf(c, line, "'%.*s' cannot name a loop variable", TOKF(var));
	sb list = {0};
	lookup(c, &list, path.p, path.n); /* before its own variable is in scope */
	struct frame *f = push(c, F_FOR, line);
	if (!f) {
		free(list.p);
		return false;
	}
	f->var = var.p;
	f->var_n = var.n;
	int id = f->id;
	emit(c, "{");
	c->ind++;
	emit(c, "const view_val *l%d = %.*s;", id, (int)list.n, list.p);
	free(list.p);
	emit(c, "size_t n%d = l%d->kind == VIEW_LIST && l%d->u.l ? l%d->u.l->n : 0;", id, id, id,
	     id);
	emit(c, "view_scope s%d = {.up = %s, .name = \"%.*s\"};", id, c->scope, (int)var.n, var.p);
	emit(c, "for (size_t i%d = 0; i%d < n%d; i%d++) {", id, id, id, id);
	c->ind++;
	emit(c, "view_scope_at(&s%d, l%d->u.l, i%d);", id, id, id);
	snprintf(c->scope, sizeof c->scope, "&s%d", id);
	return true;
}

/* ---- include, layout, content ---- */

/* The template named by the one "string" of an include or layout tag, or
 * -1 after an error. */
static int named_tmpl(struct cc *c, const char *p, const char *end, int line, const char *kw)
{
	struct tok name = lex(&p, end);
	if (name.k != TK_STR || lex(&p, end).k != TK_END)
		return errf(c, line, "expected {%% %s \"name\" %%}", kw), -1;
	for (size_t i = 0; i < c->pg->n; i++)
		if (strlen(c->pg->t[i].name) == name.n && memcmp(c->pg->t[i].name, name.p, name.n) == 0)
			return (int)i;
	errf(c, line, "no template '%.*s' for {%% %s %%} (templates/%.*s.html)", TOKF(name), kw,
	     TOKF(name));
	return -1;
}

static bool in_text(struct cc *c, int line, const char *kw)
{
	if (c->h.mode == H_TEXT)
		return true;
	return errf(c, line, "{%% %s %%} must stand in HTML text, not in a tag, comment or script",
		    kw);
}

static bool do_include(struct cc *c, const char *p, const char *end, int line)
{
	int i = named_tmpl(c, p, end, line, "include");
	if (i < 0 || !in_text(c, line, "include"))
		return false;
	emit(c, "if (te_%s(out, ctx, %s, content) < 0)", c->pg->t[i].cname, c->scope);
	emit(c, "\treturn -1;");
	return true;
}

static bool do_layout(struct cc *c, const char *p, const char *end, int line)
{
	if (c->ntags > 1 || c->seen_text)
		return errf(c, line, "{%% layout %%} must be the first tag of the template");
	int i = named_tmpl(c, p, end, line, "layout");
	if (i < 0)
		return false;
	c->t->layout = i;
	c->t->layout_line = line;
	c->lit.n = 0; /* blank text before the layout tag goes nowhere */
	return true;
}

static bool do_content(struct cc *c, const char *p, const char *end, int line)
{
	if (lex(&p, end).k != TK_END)
		return errf(c, line, "{%% content %%} takes no arguments");
	if (!in_text(c, line, "content"))
		return false;
	emit(c, "if (content && content->fn(out, ctx, content->sc, content->up) < 0)");
	emit(c, "\treturn -1;");
	return true;
}

/* {% KEYWORD ... %}. */
static bool do_tag(struct cc *c, const char *p, const char *end, int line)
{
	struct tok kw = lex(&p, end);
	const char *rest = p;
	/* A tag inside a type="..." value makes the script type unknowable.
	 * (Tags do not set val_lit: each branch starts where the block did.) */
	if ((c->h.mode == H_VAL_Q || c->h.mode == H_VAL_UNQ) && attr_is(&c->h, "type"))
		c->h.type_dyn = true;
	if (tok_is(kw, "layout"))
		return do_layout(c, p, end, line);
	flush_literal(c);
	if (tok_is(kw, "if"))
		return do_if(c, p, end, line);
	if (tok_is(kw, "elif"))
		return do_elif(c, p, end, line);
	if (tok_is(kw, "for"))
		return do_for(c, p, end, line);
	if (tok_is(kw, "include"))
		return do_include(c, p, end, line);
	if (tok_is(kw, "content"))
		return do_content(c, p, end, line);
	if (!tok_is(kw, "else") && !tok_is(kw, "end"))
		return errf(c, line, "unknown tag '%.*s'", TOKF(kw));
	if (lex(&rest, end).k != TK_END)
		return errf(c, line, "{%% %.*s %%} takes no arguments", TOKF(kw));
	return tok_is(kw, "else") ? do_else(c, line) : do_end(c, line);
}

/* ---- scanning a template ---- */

static int count_lines(const char *p, size_t n)
{
	int k = 0;
	for (const char *q = p; (q = memchr(q, '\n', n - (size_t)(q - p))) != NULL; q++)
		k++;
	return k;
}

/* The start of the next "{{", "{%" or "{#" at or after `pos`, or `n`. */
static size_t next_tag(const char *s, size_t n, size_t pos)
{
	for (const char *q = s + pos; (q = memchr(q, '{', n - (size_t)(q - s))) != NULL; q++)
		if (q + 1 < s + n && (q[1] == '{' || q[1] == '%' || q[1] == '#'))
			return (size_t)(q - s);
	return n;
}

/* Just past the pair closing the tag that opens at `at`, or 0 if none
 * does.  A "string" inside {% %} may hold "%}". */
static size_t tag_close(const char *s, size_t n, size_t at)
{
	char kind = s[at + 1], want = kind == '{' ? '}' : kind;
	bool in_str = false;
	for (size_t i = at + 2; i + 1 < n; i++) {
		if (kind == '%' && s[i] == '"')
			in_str = !in_str;
		else if (!in_str && s[i] == want && s[i + 1] == '}')
			return i + 2;
	}
	return 0;
}

/* When the tag [at, close) is alone on its line, widens what it swallows
 * to the line's indentation and its newline. */
static void standalone(const struct cc *c, size_t at, size_t close, size_t *lit_end,
		       size_t *resume)
{
	const char *s = c->s;
	size_t j = at, k = close;
	while (j > c->pos && (s[j - 1] == ' ' || s[j - 1] == '\t'))
		j--;
	while (k < c->n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	if (k + 1 < c->n && s[k] == '\r' && s[k + 1] == '\n')
		k++;
	if ((j > 0 && s[j - 1] != '\n') || (k < c->n && s[k] != '\n'))
		return;
	*lit_end = j;
	*resume = k < c->n ? k + 1 : c->n;
}

/* Takes the literal text up to the next tag, and that tag. */
static void scan_step(struct cc *c)
{
	size_t at = next_tag(c->s, c->n, c->pos), close, lit_end = at;
	if (at == c->n) {
		literal(c, c->s + c->pos, c->n - c->pos);
		c->pos = c->n;
		return;
	}
	int line = c->line + count_lines(c->s + c->pos, at - c->pos);
	char kind = c->s[at + 1];
	if (!(close = tag_close(c->s, c->n, at))) {
		errf(c, line, "unterminated '{%c' (no closing '%c}')", kind, kind == '{' ? '}' : kind);
		return;
	}
	size_t resume = close;
	if (kind != '{')
		standalone(c, at, close, &lit_end, &resume);
	literal(c, c->s + c->pos, lit_end - c->pos);
	const char *p = c->s + at + 2, *end = c->s + close - 2;
	c->ntags += kind != '#';
	if (kind == '{')
		do_output(c, p, end, line);
	else if (kind == '%')
		do_tag(c, p, end, line);
	c->line = line + count_lines(c->s + at, resume - at);
	c->pos = resume;
}

/* Compiles one template's body into t->code; errors mark pg->failed. */
static void compile_tmpl(struct prog *pg, struct tmpl *t)
{
	struct cc c = {.pg = pg, .t = t, .s = t->src, .n = t->len, .line = 1, .ind = 1};
	memcpy(c.scope, "sc", 3);
	while (!c.failed && c.pos < c.n)
		scan_step(&c);
	if (!c.failed && c.depth)
		errf(&c, top(&c)->line, "unclosed {%% %s %%} (no {%% end %%})",
		     top(&c)->kind == F_IF ? "if" : "for");
	flush_literal(&c);
	free(c.lit.p);
	pg->failed = pg->failed || c.failed;
}

/* ---- the program: loading, checking, writing ---- */

/* Reads template `t` and names it after its file: "templates/_field.html"
 * is "_field", in C too; 0, or -1 (reported) when it cannot be read. */
static int load_tmpl(struct tmpl *t)
{
	FILE *f = fopen(t->path, "rb");
	sb b = {0};
	char chunk[8192];
	for (size_t k; f && (k = fread(chunk, 1, sizeof chunk, f)) > 0;)
		sb_put(&b, chunk, k);
	if (!f || ferror(f)) {
		fprintf(stderr, "tmplc: %s: %s\n", t->path, strerror(errno));
		if (f)
			fclose(f);
		free(b.p);
		return -1;
	}
	fclose(f);
	sb_put(&b, "", 1);
	t->src = b.p;
	t->len = b.n - 1;
	const char *base = strrchr(t->path, '/') ? strrchr(t->path, '/') + 1 : t->path;
	size_t n = strlen(base);
	n -= n > 5 && strcmp(base + n - 5, ".html") == 0 ? 5 : 0;
	if (!(t->name = strndup(base, n)) || !(t->cname = strndup(base, n)))
		oom();
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(t->cname[i]))
			t->cname[i] = '_';
	return 0;
}

static int load(struct prog *pg, int n, char **paths)
{
	if (!(pg->t = calloc(n > 0 ? (size_t)n : 1, sizeof *pg->t)))
		oom();
	for (int i = 0; i < n; i++) {
		struct tmpl *t = &pg->t[pg->n++];
		*t = (struct tmpl){.path = paths[i], .layout = -1};
		if (load_tmpl(t) < 0)
			return -1;
		if (t->name[0] == '\0')
			report(&pg->failed, t->path, 1, "a template needs a name before .html");
		for (int j = 0; j < i; j++)
			if (strcmp(pg->t[j].cname, t->cname) == 0)
				report(&pg->failed, t->path, 1, "template name '%s' collides with %s", t->cname,
				     pg->t[j].path);
	}
	return 0;
}

/* A chain of layouts that comes back to where it started would not end. */
static void check_layouts(struct prog *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		int j = pg->t[i].layout;
		for (size_t steps = 0; j >= 0 && steps < pg->n; steps++, j = pg->t[j].layout) {
			if ((size_t)j == i) {
				report(&pg->failed, pg->t[i].path, pg->t[i].layout_line,
				     "layout cycle: '%s' ends up inside itself", pg->t[i].name);
				break;
			}
		}
	}
}

/* A file path as comment text (never "*" then "/"). */
static void comment_path(sb *b, const char *path)
{
	for (const char *p = path; *p; p++) {
		sb_put(b, p, 1);
		if (p[0] == '*' && p[1] == '/')
			sb_put(b, " ", 1);
	}
}

static void gen_header(sb *h, const struct prog *pg, const char *base)
{
	sb guard = {0};
	sb_puts(&guard, "ROUNDS_GEN_");
	for (const char *p = base; *p; p++)
		sb_printf(&guard, "%c", is_alnum(*p) ? toupper((unsigned char)*p) : '_');
	sb_puts(&guard, "_H");
	sb_printf(h, "/* %s.h: generated by tools/tmplc.c from templates; do not edit.\n", base);
	sb_puts(h, " * Each view_NAME() renders templates/NAME.html with the values in `ctx`\n"
		   " * into `out`; it returns 0, or -1 when the buffer failed (out->err). */\n");
	sb_printf(h, "#ifndef %.*s\n#define %.*s\n\n#include \"view.h\"\n\n", (int)guard.n,
		  guard.p, (int)guard.n, guard.p);
	for (size_t i = 0; i < pg->n; i++) {
		sb_printf(h, "int view_%s(buf *out, const view_obj *ctx); /* ", pg->t[i].cname);
		comment_path(h, pg->t[i].path);
		sb_puts(h, " */\n");
	}
	sb_puts(h, "\n#endif\n");
	free(guard.p);
}

#define SIG "(buf *out, const view_obj *ctx, const view_scope *sc, const view_content *content)"

/* tb_NAME renders the body; te_NAME the template, inside its layout if it
 * has one; view_NAME is the public entry. */
static void gen_tmpl(sb *o, const struct prog *pg, const struct tmpl *t)
{
	sb_puts(o, "\n/* ");
	comment_path(o, t->path);
	sb_printf(o, " */\nstatic int tb_%s" SIG "\n{\n", t->cname);
	sb_puts(o, "\t(void)out;\n\t(void)ctx;\n\t(void)sc;\n\t(void)content;\n");
	sb_put(o, t->code.p, t->code.n);
	sb_printf(o, "\treturn 0;\n}\n\nstatic int te_%s" SIG "\n{\n", t->cname);
	if (t->layout >= 0)
		sb_printf(o, "\tconst view_content body = {tb_%s, content, sc};\n"
			     "\treturn te_%s(out, ctx, sc, &body);\n}\n\n",
			  t->cname, pg->t[t->layout].cname);
	else
		sb_printf(o, "\treturn tb_%s(out, ctx, sc, content);\n}\n\n", t->cname);
	sb_printf(o, "int view_%s(buf *out, const view_obj *ctx)\n{\n", t->cname);
	sb_printf(o, "\tif (te_%s(out, ctx, NULL, NULL) < 0 || out->err)\n", t->cname);
	sb_puts(o, "\t\treturn -1;\n\treturn 0;\n}\n");
}

static void gen_code(sb *o, const struct prog *pg, const char *base)
{
	sb_printf(o, "/* %s.c: generated by tools/tmplc.c from templates; do not edit. */\n", base);
	sb_printf(o, "#include \"view.h\"\n#include \"%s.h\"\n\n", base);
	/* Each lookup's guess of where its path is (view.h view_hint). */
	sb_printf(o, "static view_hint view_hints[%zu] = {\n", pg->hints ? pg->hints : 1);
	sb_put(o, pg->hint_init.p, pg->hint_init.n);
	sb_puts(o, "};\n\n");
	for (size_t i = 0; i < pg->n; i++)
		sb_printf(o, "static int te_%s" SIG ";\n", pg->t[i].cname);
	for (size_t i = 0; i < pg->n; i++)
		gen_tmpl(o, pg, &pg->t[i]);
}

/* Writes BASE.h and BASE.c, both complete before either is renamed into
 * place; 0, or 2 (reported) on I/O trouble. */
static int write_outputs(const struct prog *pg, const char *out_base)
{
	const char *base = strrchr(out_base, '/') ? strrchr(out_base, '/') + 1 : out_base;
	const char *ext[2] = {".h", ".c"};
	char tmp[2][4200], dst[2][4200];
	sb text[2] = {{0}, {0}};
	gen_header(&text[0], pg, base);
	gen_code(&text[1], pg, base);
	bool ok = strlen(out_base) < 4000;
	for (int i = 0; i < 2; i++) {
		snprintf(dst[i], sizeof dst[i], "%s%s", out_base, ext[i]);
		snprintf(tmp[i], sizeof tmp[i], "%s%s.tmp", out_base, ext[i]);
		FILE *f = ok ? fopen(tmp[i], "wb") : NULL;
		ok = f && fwrite(text[i].p, 1, text[i].n, f) == text[i].n;
		ok = f && fclose(f) == 0 && ok;
	}
	for (int i = 0; i < 2; i++) {
		ok = ok && rename(tmp[i], dst[i]) == 0;
		remove(tmp[i]);
		free(text[i].p);
	}
	if (!ok)
		fprintf(stderr, "tmplc: cannot write %s.h and .c: %s\n", out_base, strerror(errno));
	return ok ? 0 : 2;
}

int main(int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[1], "-o") != 0) {
		fputs("usage: tmplc -o OUTBASE TEMPLATE.html...\n", stderr);
		return 2;
	}
	struct prog pg = {0};
	int rc = load(&pg, argc - 3, argv + 3) < 0 ? 2 : 0;
	for (size_t i = 0; rc == 0 && i < pg.n; i++)
		compile_tmpl(&pg, &pg.t[i]);
	if (rc == 0 && !pg.failed)
		check_layouts(&pg);
	if (rc == 0)
		rc = pg.failed ? 1 : write_outputs(&pg, argv[2]);
	for (size_t i = 0; i < pg.n; i++) {
		free(pg.t[i].name);
		free(pg.t[i].cname);
		free(pg.t[i].src);
		free(pg.t[i].code.p);
	}
	free(pg.t);
	free(pg.hint_init.p);
	return rc;
}
