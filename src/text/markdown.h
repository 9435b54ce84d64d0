/* markdown.h: the site's one Markdown renderer (posts, comments, messages,
 * profiles), on cmark-gfm, with raw HTML off and links limited to safe
 * schemes.
 *
 * The dialect: CommonMark with the GFM extensions autolink (www. and bare
 * http(s) URLs and e-mail addresses become links), strikethrough, table
 * and tasklist; no footnotes, no smart punctuation.  A line break in the
 * source is a line break on the page (CMARK_OPT_HARDBREAKS): members type
 * into a text box, and doses, addresses and signatures written one per
 * line should stay that way.  Input that is not valid UTF-8 is repaired
 * (each bad sequence becomes one U+FFFD), and so is a NUL byte.
 *
 * What comes out is safe to put in a page as it is:
 *   - Raw HTML, inline or as a block, is dropped (cmark's safe mode: it
 *     leaves an HTML comment "raw HTML omitted" in its place).
 *   - A link keeps its URL only when the URL is relative (it has no ':'
 *     before its first '/', '?' or '#') or its scheme is http, https or
 *     mailto, in any case.  The test is on the URL as cmark decoded it
 *     (entities and backslash escapes resolved), so "javascript&#58;x" is
 *     refused like "javascript:x", and so is any scheme with a byte
 *     outside [A-Za-z0-9+.-] ("java\tscript:", " javascript:").  A refused
 *     link becomes its text, unlinked.  ("//host/p" counts as relative:
 *     it goes to another host, but by http or https.)
 *   - Every link carries rel="nofollow ugc noopener".
 *   - Images are never embedded (our Content-Security-Policy forbids
 *     remote images, and a remote image tells its server who reads the
 *     page).  An image becomes a link to its URL whose text is its alt
 *     text, or the URL itself when the alt text is empty; an image whose
 *     URL is refused or empty becomes its alt text alone.  Inside a link
 *     (a linked badge) an image becomes its text, as links do not nest.
 *   - Text, code, URLs and titles are escaped by cmark (a '"' in a URL is
 *     written %22, a '&' in text &amp;).
 *
 * The functions may be called from any number of threads at once.  They
 * parse under one process-wide lock, because cmark-gfm 0.29.0.gfm.6 keeps
 * the table of special inline characters in a global that every parse
 * writes (cmark_manage_extensions_special_characters); the rest runs
 * outside the lock.  cmark allocates with malloc and aborts the process
 * if malloc fails; all it allocates is freed before any of them
 * returns.
 *
 * Cost: linear in the source for almost all input, with two guards
 * against costs of cmark-gfm 0.29.0.gfm.6 (see markdown.c): a source
 * whose tables could grow too big (more than 100,000 cells, counting the
 * empty ones that pad short rows, or very wide) is rendered without the
 * table extension, so its tables stay text; and the plain text is
 * written here, not by cmark's plain-text writer.  That version still has
 * the quadratic inline cases fixed in later releases (0.29.0.gfm.7 and
 * on), e.g. "<?" or "![[]()" repeated through one paragraph: at
 * MARKDOWN_MAX such a source takes seconds (about 10 s for the worst
 * known, on the build machine), and holds the lock meanwhile. */
#ifndef ROUNDS_MARKDOWN_H
#define ROUNDS_MARKDOWN_H

#include "../core/str.h"

/* The longest source, in bytes, any of the functions will render. */
#define MARKDOWN_MAX (256 * 1024)

/* Renders the Markdown `src` to HTML (a fragment: block elements, each
 * ending with a newline; "" for an empty or blank source).  Sets *out to
 * the HTML, NUL-terminated, in `a`.  Returns 0, or -1 (and *out = {NULL,
 * 0}) when src is longer than MARKDOWN_MAX, cmark fails, or the arena is
 * exhausted. */
int markdown_html(arena *a, str src, str *out);

/* As markdown_html(), and each @HANDLE in text (not in code, not inside a
 * link, not preceded by a letter, digit, '_' or '.') whose handle is one
 * of `handles` (n of them, lower-case [a-z0-9_], 2..30 bytes each; any
 * other can never match) becomes a link to /u/HANDLE whose text is the '@'
 * and the handle as written: matched ignoring ASCII case, and only when
 * followed by a character that is not a letter, digit or '_' (so the
 * longest handle is the only candidate: "@annabel" is never @ann).  A
 * letter here is also any character past ASCII that is not a space,
 * punctuation or a symbol: "@annélise" is not @ann, "@ann’s" is.  Text is
 * judged a run at a time, so what ends a run (code, emphasis, a link, a
 * line break, raw HTML, the end of a block) counts as no letter on either
 * side: "**Dr**@ann" mentions @ann.  The caller gives only handles of
 * live members (it looked them up), so no link leads nowhere; a mention's
 * link carries rel="nofollow ugc noopener" like any.  A mention nested
 * more than 64 levels deep (blocks and inlines, counting the document)
 * stays text, which bounds the cost of cmark's edits.  n <= 0 is
 * markdown_html().  The sorted copy of `handles` takes n * sizeof(str)
 * bytes of `a`.  Returns as markdown_html() does. */
int markdown_html_mentions(arena *a, str src, const str *handles, int n, str *out);

/* The plain text of the Markdown `src`, for e-mail subjects, snippets and
 * the search index: the text of the parsed document in order (markup,
 * list marks, table rules, URLs of links and raw HTML gone; code kept as
 * it is; an image is its alt text, or its URL when that is empty and
 * safe), with a space between blocks and between table cells and for
 * each line break; every run of ASCII whitespace and other ASCII control
 * characters made one space, and none at either end.  When that is longer
 * than `max` bytes it is cut to at most max - 3 bytes, at a character
 * boundary, and back to the last space if there is one within the 20
 * bytes before the cut (the space dropped), and "…" (3 bytes) is added,
 * so the result is at most `max` bytes; when max < 3 it is cut to max
 * bytes with no "…".  The text is not escaped: the caller escapes it for
 * where it goes.  Sets *out to the text, NUL-terminated, in `a` (taking
 * no more of it than max + 2 bytes).  Returns 0, or -1 (and *out = {NULL,
 * 0}) as markdown_html() does. */
int markdown_text(arena *a, str src, size_t max, str *out);

#endif
