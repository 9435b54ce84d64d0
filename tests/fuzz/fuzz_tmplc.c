/* fuzz_tmplc.c: libFuzzer target for the template compiler (tools/tmplc.c).
 * tmplc is a host tool with only a main(), so its source is included here
 * whole, main renamed and its stderr pointed at a memory stream, and the
 * templates are handed to its compiler in memory instead of read from
 * files.  The input is up to four templates separated by NUL bytes, named
 * "page", "_part", "base" and "_x" (so {% include "_part" %} and
 * {% layout "base" %} can meet each other).
 *
 * Held to what tmplc.c promises: it fails exactly when it reports an
 * error; every error names a template and a line that template has; a
 * template with no tag compiles to its own bytes; and the generated C is
 * printable ASCII whose every buf_put writes a string literal (adjacent
 * pieces, escapes read back) of exactly the length it passes, at most
 * MAX_LITERAL bytes, with braces and parentheses balanced outside the
 * literals. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *tmplc_err;
#undef stderr
#define stderr tmplc_err
#define main tmplc_main
#include "../../tools/tmplc.c"
#undef main
#undef stderr

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NTMPL 4

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static const char *const paths[NTMPL] = {"templates/page.html", "templates/_part.html", "templates/base.html",
					  "templates/_x.html"};

/* Reads the C string literal at *i of s (opening quote there), appending
 * its bytes to out; false when it is not one. */
static bool c_literal(const char *s, size_t n, size_t *i, sb *out)
{
	size_t j = *i + 1;
	for (; j < n && s[j] != '"'; j++) {
		if (s[j] == '\n')
			return false;
		if (s[j] != '\\') {
			sb_put(out, s + j, 1);
			continue;
		}
		if (++j >= n)
			return false;
		char c = s[j];
		if (c >= '0' && c <= '7') {
			int v = 0, k = 0;
			for (; k < 3 && j < n && s[j] >= '0' && s[j] <= '7'; k++, j++)
				v = v * 8 + (s[j] - '0');
			j--;
			char b = (char)v;
			sb_put(out, &b, 1);
		} else if (c == 'n') {
			sb_put(out, "\n", 1);
		} else if (c == '"' || c == '\\' || c == '?') {
			sb_put(out, &c, 1);
		} else {
			return false; /* tmplc writes no other escape */
		}
	}
	if (j >= n)
		return false;
	*i = j + 1;
	return true;
}

/* Checks generated code `s`; appends every buf_put's bytes to `lits`. */
static void check_code(const char *s, size_t n, sb *lits)
{
	long braces = 0, parens = 0;
	static const char put[] = "buf_put(out, ";
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		check(c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f));
		if (n - i > sizeof put - 1 && memcmp(s + i, put, sizeof put - 1) == 0) {
			i += sizeof put - 1;
			sb one = {0};
			while (i < n && s[i] == '"') {
				check(c_literal(s, n, &i, &one));
				while (i < n && (s[i] == '\n' || s[i] == '\t' || s[i] == ' '))
					i++;
			}
			char *end;
			check(i + 2 < n && s[i] == ',' && s[i + 1] == ' ');
			unsigned long len = strtoul(s + i + 2, &end, 10);
			check(len == one.n && len <= MAX_LITERAL && *end == ')');
			parens++; /* the one opened by "buf_put(" */
			i = (size_t)(end - s);
			if (one.n)
				sb_put(lits, one.p, one.n);
			free(one.p);
			continue;
		}
		if (c == '"') {
			sb skip = {0};
			check(c_literal(s, n, &i, &skip));
			free(skip.p);
			continue;
		}
		braces += c == '{' ? 1 : c == '}' ? -1 : 0;
		parens += c == '(' ? 1 : c == ')' ? -1 : 0;
		check(braces >= 0 && parens >= 0);
		i++;
	}
	check(braces == 0 && parens == 0);
}

/* Each error line names one of our templates and a line it has. */
static void check_errors(const struct prog *pg, const char *err, size_t n)
{
	for (const char *l = err; l < err + n;) {
		const char *nl = memchr(l, '\n', (size_t)(err + n - l));
		size_t len = nl ? (size_t)(nl - l) : (size_t)(err + n - l);
		for (size_t t = 0; t < pg->n; t++) {
			size_t pl = strlen(paths[t]);
			if (len > pl + 1 && memcmp(l, paths[t], pl) == 0 && l[pl] == ':') {
				long line = strtol(l + pl + 1, NULL, 10);
				check(line >= 1 && line <= count_lines(pg->t[t].src, pg->t[t].len) + 1);
			}
		}
		l += len + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	size_t errn = 0;
	tmplc_err = open_memstream(&err, &errn);
	if (!tmplc_err)
		return 0;
	struct prog pg = {0};
	struct tmpl ts[NTMPL];
	pg.t = ts;
	const char *p = (const char *)data, *end = p + size;
	while (pg.n < NTMPL) {
		const char *z = memchr(p, '\0', (size_t)(end - p));
		size_t len = z ? (size_t)(z - p) : (size_t)(end - p);
		struct tmpl *t = &ts[pg.n];
		*t = (struct tmpl){.path = paths[pg.n], .layout = -1, .len = len};
		t->src = malloc(len + 1);
		memcpy(t->src, p, len);
		t->src[len] = '\0';
		const char *base = strrchr(t->path, '/') + 1;
		t->name = strndup(base, strlen(base) - 5);
		t->cname = strdup(t->name);
		pg.n++;
		if (!z)
			break;
		p = z + 1;
	}
	for (size_t i = 0; i < pg.n; i++)
		compile_tmpl(&pg, &pg.t[i]);
	if (!pg.failed)
		check_layouts(&pg);
	fflush(tmplc_err);
	check(pg.failed == (errn > 0));
	check_errors(&pg, err, errn);
	if (!pg.failed) {
		for (size_t i = 0; i < pg.n; i++) {
			sb lits = {0};
			check_code(ts[i].code.p ? ts[i].code.p : "", ts[i].code.n, &lits);
			/* No tag: the template is all literal text. */
			if (next_tag(ts[i].src, ts[i].len, 0) == ts[i].len)
				check(lits.n == ts[i].len && (!lits.n || memcmp(lits.p, ts[i].src, lits.n) == 0));
			free(lits.p);
		}
		sb code = {0};
		gen_code(&code, &pg, "views_gen");
		sb lits = {0};
		check_code(code.p, code.n, &lits);
		free(lits.p);
		free(code.p);
	}
	for (size_t i = 0; i < pg.n; i++) {
		free(ts[i].name);
		free(ts[i].cname);
		free(ts[i].src);
		free(ts[i].code.p);
	}
	free(pg.hint_init.p);
	fclose(tmplc_err);
	free(err);
	return 0;
}
