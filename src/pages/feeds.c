/* feeds.c: the blogs' Atom feeds (RFC 4287):
 *
 *   /feeds/blogs.atom          every blog's published posts
 *   /feeds/featured.atom       the featured ones, newest featured first
 *   /b/BLOG/feed.atom          one blog's (404 for a blog there is not)
 *   /blogs/tags/TAG/feed.atom  one tag's (404 for what is not a tag)
 *
 * Invariants:
 * - A feed holds the newest FEED_ENTRIES posts of the store's public
 *   query (status -1: published only), so drafts, scheduled and
 *   unpublished posts never appear, not even by title.  It is the same
 *   for every reader, so it is cached publicly.
 * - It is rendered by templates/feed_atom.html without the layout (XML,
 *   escaped by the same functions as every page) and sent as
 *   application/atom+xml; text is cleaned of what XML 1.0 forbids.
 * - Ids are tag: URIs (RFC 4151) made of the configured base address's
 *   host and the post's or blog's id, never of a title: the same across
 *   fetches, edits and nodes.  Links are absolute (blogs.h).
 * - The ETag is a hash of the feed's bytes (with the covers' hashes
 *   standing for their types, fetched only when the feed is sent), so a
 *   304 costs one query and one render.  Last-Modified is the feed's
 *   <updated>; If-None-Match takes precedence over If-Modified-Since.
 * - A feed is at most FEED_BYTES_MAX bytes: when twenty posts are
 *   longer, it holds the newest that fit (at least one).  The posts live
 *   in a work arena, each render in one of its own, all freed before
 *   returning: only the finished bytes go into the request's arena. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/utc.h"
#include "blogs.h"
#include "views_gen.h"

/* Posts a feed holds. */
#define FEED_ENTRIES 20
/* The longest feed: its bytes are copied into the request's arena. */
#define FEED_BYTES_MAX ((size_t)4 << 20)
/* The work arena's cap: twenty posts of the longest bodies (the store's
 * text and HTML, and a cleaned copy). */
#define FEED_WORK_CAP ((size_t)48 << 20)
/* A render's arena: a buffer that doubles as it grows takes up to four
 * times what it holds. */
#define FEED_RENDER_CAP (4 * FEED_BYTES_MAX + ((size_t)1 << 20))
/* The date of the tag: URIs' authority; fixed for good, as ids must be. */
#define FEED_TAG_DATE "2026"
#define FEED_TYPE "application/atom+xml; charset=utf-8"

struct feed {
	const char *key;      /* the id after "tag:HOST,DATE:" */
	str title, subtitle;  /* subtitle may be empty */
	str author;           /* the feed's author */
	str self, alternate;  /* absolute */
	struct store_blog_query q;
};

static int not_found(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

/* The host of the configured base address (lower case, no port), the
 * authority of every id; "localhost" when there is none to be had. */
static str feed_host(http_req *r)
{
	str base = page_abs_link(r, "", STR_NULL);
	char *host = base.p ? arena_alloc(r->a, base.n + 1) : NULL;
	if (!host)
		return S("localhost");
	const char *p = memchr(base.p, ':', base.n);
	size_t i = p && (size_t)(p - base.p) + 3 <= base.n && p[1] == '/' && p[2] == '/' ? (size_t)(p - base.p) + 3
											       : 0;
	size_t n = 0;
	for (; i < base.n && !strchr("/:?#", base.p[i]); i++) {
		char c = base.p[i];
		if (c == '@') /* user information: not part of the host */
			n = 0;
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')
			host[n++] = c;
		else if (c >= 'A' && c <= 'Z')
			host[n++] = (char)(c + 32);
	}
	return n ? (str){host, n} : S("localhost");
}

/* Whether the UTF-8 sequence at p[0..n) is a character XML 1.0 forbids
 * (C0 controls but tab, LF and CR; U+FFFE, U+FFFF); its length in *len. */
static bool xml_forbidden(const unsigned char *p, size_t n, size_t *len)
{
	*len = 1;
	if (p[0] < 0x20)
		return p[0] != '\t' && p[0] != '\n' && p[0] != '\r';
	if (p[0] == 0xEF && n >= 3 && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
		*len = 3;
		return true;
	}
	return false;
}

/* `s` with each character XML forbids replaced by U+FFFD (the forms
 * refuse them, but not every writer goes through a form); `s` itself
 * when it is clean.  STR_NULL when the arena is exhausted. */
static str xml_clean(arena *a, str s)
{
	size_t i = 0, len = 1;
	while (i < s.n && !xml_forbidden((const unsigned char *)s.p + i, s.n - i, &len))
		i++;
	if (i == s.n)
		return s;
	buf b;
	buf_init(&b, a);
	buf_put(&b, s.p, i);
	while (i < s.n) {
		if (xml_forbidden((const unsigned char *)s.p + i, s.n - i, &len))
			buf_puts(&b, "\xEF\xBF\xBD");
		else
			buf_put(&b, s.p + i, len);
		i += len;
	}
	return b.err ? STR_NULL : buf_slice(&b);
}

/* "tag:HOST,DATE:KEY". */
static str tag_uri(arena *a, str host, const char *key)
{
	buf b;
	buf_init(&b, a);
	buf_printf(&b, "tag:%.*s," FEED_TAG_DATE ":%s", (int)host.n, host.p, key);
	return b.err ? STR_NULL : buf_slice(&b);
}

/* When post p last changed as a feed shows it (never before it was
 * published: a post written long ago and published today is new). */
static int64_t post_updated(const struct store_blog_post *p)
{
	return p->updated_at > p->published_at ? p->updated_at : p->published_at;
}

/* The entry of post p for the template; its strings in `a`, its links
 * (small) in the request's arena.  NULL when an arena is exhausted. */
static view_obj *entry_view(http_req *r, arena *a, str host, const struct store_blog_post *p)
{
	char key[48];
	snprintf(key, sizeof key, "blog-post:%lld", (long long)p->id);
	view_obj *e = view_obj_new(a);
	view_list *tags = view_list_new(a);
	if (!e || !tags)
		return NULL;
	for (int i = 0; i < p->ntags && i < STORE_BLOG_TAGS_MAX; i++)
		if (view_list_push_str(tags, xml_clean(a, p->tags[i])) < 0)
			return NULL;
	str title = xml_clean(a, p->title), author = xml_clean(a, p->author_name);
	str summary = xml_clean(a, p->summary), body = xml_clean(a, p->body_html);
	const char *href = blog_post_href(r, p, true);
	const char *cover = p->cover.n ? blog_cover_href(r, p, true) : "";
	if (!title.p || !author.p || !summary.p || !body.p || !href || !cover ||
	    view_set_str(e, "id", tag_uri(a, host, key)) < 0 || view_set_str(e, "title", title) < 0 ||
	    view_set_cstr(e, "href", href) < 0 || view_set_cstr(e, "cover", cover) < 0 ||
	    view_set_cstr(e, "published", page_iso_time(r, p->published_at)) < 0 ||
	    view_set_cstr(e, "updated", page_iso_time(r, post_updated(p))) < 0 || view_set_str(e, "author", author) < 0 ||
	    view_set_list(e, "tags", tags) < 0 || view_set_str(e, "summary", summary) < 0 ||
	    view_set_str(e, "body_html", body) < 0)
		return NULL;
	return e;
}

/* The template's context for feed f holding posts `l`, and the feed's
 * <updated> time in *updated.  NULL when an arena is exhausted. */
static view_obj *feed_view(http_req *r, arena *a, const struct feed *f, const struct store_blog_post_list *l,
			   int64_t *updated)
{
	str host = feed_host(r);
	view_obj *ctx = view_obj_new(a);
	view_list *entries = view_list_new(a);
	if (!ctx || !entries)
		return NULL;
	*updated = 0;
	for (int i = 0; i < l->n; i++) {
		const struct store_blog_post *p = &l->items[i];
		view_obj *e = entry_view(r, a, host, p);
		if (!e || view_list_push_obj(entries, e) < 0)
			return NULL;
		/* Featuring a post changes the featured feed, not the post. */
		int64_t t = f->q.featured && p->featured_at > post_updated(p) ? p->featured_at : post_updated(p);
		if (t > *updated)
			*updated = t;
	}
	str title = xml_clean(a, f->title), subtitle = xml_clean(a, f->subtitle), author = xml_clean(a, f->author);
	if (!title.p || !author.p || view_set_str(ctx, "id", tag_uri(a, host, f->key)) < 0 ||
	    view_set_str(ctx, "title", title) < 0 || view_set_str(ctx, "subtitle", subtitle) < 0 ||
	    view_set_str(ctx, "author", author) < 0 || view_set_str(ctx, "self", f->self) < 0 ||
	    view_set_str(ctx, "alternate", f->alternate) < 0 ||
	    view_set_cstr(ctx, "updated", page_iso_time(r, *updated)) < 0 || view_set_list(ctx, "entries", entries) < 0)
		return NULL;
	return ctx;
}

/* Gives each entry with a cover the type of its upload (as sniffed when
 * it was stored); an upload that cannot be read leaves its type out.
 * Each upload is read into an arena of its own (on PostgreSQL that is
 * its bytes), freed at once. */
static int cover_types(http_req *r, arena *a, const struct store_blog_post_list *l, view_obj *ctx)
{
	const view_val *entries = view_get(ctx, "entries");
	if (entries->kind != VIEW_LIST)
		return -1;
	for (int i = 0; i < l->n && (size_t)i < entries->u.l->n; i++) {
		const struct store_blog_post *p = &l->items[i];
		if (!p->cover.n || p->cover.n > STORE_SHA256_HEX)
			continue;
		char sha[STORE_SHA256_HEX + 1];
		memcpy(sha, p->cover.p, p->cover.n);
		sha[p->cover.n] = '\0';
		struct store_upload up;
		arena *one = arena_new(http_config(r)->upload_limit + 65536);
		int rc = one ? store_upload_get(http_store(r), one, sha, &up) : -1;
		bool typed = rc == 0 && up.mime.n > 2 && memchr(up.mime.p, '/', up.mime.n);
		char *type = typed ? str_dup(a, up.mime) : NULL;
		arena_free(one);
		if (type && view_set_cstr(entries->u.l->items[i].u.o, "cover_type", type) < 0)
			return -1;
	}
	return 0;
}

/* Whether If-None-Match `inm` names `etag` (weak comparison, as RFC 9110
 * has it for this header), or is "*". */
static bool etag_listed(str inm, const char *etag)
{
	size_t en = strlen(etag);
	for (size_t i = 0; i < inm.n;) {
		while (i < inm.n && (inm.p[i] == ' ' || inm.p[i] == '\t' || inm.p[i] == ','))
			i++;
		size_t start = i;
		while (i < inm.n && inm.p[i] != ',')
			i++;
		str tok = str_trim((str){inm.p + start, i - start});
		if (tok.n >= 2 && tok.p[0] == 'W' && tok.p[1] == '/')
			tok = (str){tok.p + 2, tok.n - 2};
		if ((tok.n == 1 && tok.p[0] == '*') || (tok.n == en && memcmp(tok.p, etag, en) == 0))
			return true;
	}
	return false;
}

/* Whether the reader's copy is current: If-None-Match when it is sent,
 * else If-Modified-Since at or after `modified`. */
static bool not_modified(http_req *r, const char *etag, int64_t modified)
{
	str inm = http_header(r, "If-None-Match");
	if (inm.p)
		return etag_listed(inm, etag);
	str ims = http_header(r, "If-Modified-Since");
	struct tm tm = {0};
	char since[64];
	if (!ims.n || ims.n >= sizeof since)
		return false;
	memcpy(since, ims.p, ims.n);
	since[ims.n] = '\0';
	const char *end = strptime(since, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	return end && !*end && modified <= (int64_t)timegm(&tm);
}

/* The feed template's bytes for `ctx` (at most `max`), in a new arena
 * *ra that the caller frees.  When they would be more, the older half
 * of the entries is dropped and it is rendered again; STR_NULL (and *ra
 * NULL) when not even one entry fits, or on failure. */
static str render(const view_obj *ctx, size_t max, arena **ra)
{
	const view_val *entries = view_get(ctx, "entries");
	if (entries->kind != VIEW_LIST)
		return *ra = NULL, STR_NULL;
	for (;;) {
		buf b;
		*ra = arena_new(FEED_RENDER_CAP);
		if (!*ra)
			return STR_NULL;
		buf_init(&b, *ra);
		if (view_feed_atom(&b, ctx) == 0 && !b.err && b.n && b.n <= max)
			return buf_slice(&b);
		arena_free(*ra);
		*ra = NULL;
		if (entries->u.l->n <= 1)
			return STR_NULL;
		entries->u.l->n /= 2;
	}
}

/* The strong ETag of a feed: a hash of its bytes `out` and of its posts'
 * covers (whose types are not in `out` yet). */
static void feed_etag(char etag[35], str out, const struct store_blog_post_list *l)
{
	unsigned char h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)out.p, out.n);
	for (int i = 0; i < l->n; i++) {
		crypto_generichash_update(&st, (const unsigned char *)l->items[i].cover.p, l->items[i].cover.n);
		crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
	}
	crypto_generichash_final(&st, h, sizeof h);
	etag[0] = '"';
	sodium_bin2hex(etag + 1, 33, h, sizeof h);
	etag[33] = '"';
	etag[34] = '\0';
}

/* Answers feed f from work arena `a`: 200 with the feed, or 304. */
static int feed_send(http_req *r, arena *a, const struct feed *f)
{
	struct store_blog_query q = f->q;
	q.status = -1; /* published only, whatever else the feed asks */
	q.limit = FEED_ENTRIES;
	q.offset = 0;
	struct store_blog_post_list l;
	int rc = store_blog_posts(http_store(r), a, &q, &l, NULL);
	if (rc)
		return http_store_error(r, rc);
	int64_t updated;
	view_obj *ctx = feed_view(r, a, f, &l, &updated);
	arena *ra = NULL;
	str out = ctx ? render(ctx, FEED_BYTES_MAX, &ra) : STR_NULL;
	if (!out.p)
		return -1;
	char etag[35], modified[40];
	feed_etag(etag, out, &l);
	utc_http(modified, updated);
	http_add_header(r, "ETag", etag);
	if (modified[0])
		http_add_header(r, "Last-Modified", modified);
	http_add_header(r, "Cache-Control", "public, max-age=300");
	if (not_modified(r, etag, updated)) {
		arena_free(ra);
		return http_bytes(r, 304, NULL, STR_NULL);
	}
	bool covers = false;
	for (int i = 0; i < l.n; i++)
		covers = covers || l.items[i].cover.n;
	if (covers) { /* the types add a few bytes per cover: room for them */
		arena_free(ra);
		out = cover_types(r, a, &l, ctx) < 0 ? STR_NULL : render(ctx, FEED_BYTES_MAX + 65536, &ra);
		if (!out.p)
			return -1;
	}
	char *copy = arena_alloc(r->a, out.n);
	if (copy)
		memcpy(copy, out.p, out.n);
	arena_free(ra);
	return copy ? http_bytes(r, 200, FEED_TYPE, (str){copy, out.n}) : -1;
}

/* Answers feed f, its work done in an arena of its own. */
static int feed_answer(http_req *r, const struct feed *f)
{
	if (!f->title.p || !f->self.p || !f->alternate.p)
		return -1;
	arena *work = arena_new(FEED_WORK_CAP);
	if (!work)
		return -1;
	int rc = feed_send(r, work, f);
	arena_free(work);
	return rc;
}

/* GET /feeds/blogs.atom -- anyone: the newest published posts of every
 * blog. */
int feed_blogs(http_req *r)
{
	struct feed f = {
	    .key = "blogs",
	    .title = S("Rounds blogs"),
	    .subtitle = S("The newest posts on the blogs of Rounds, the online community of doctors."),
	    .author = S("Rounds"),
	    .self = page_abs_link(r, "/feeds/blogs.atom", STR_NULL),
	    .alternate = page_abs_link(r, "/blogs", STR_NULL),
	};
	return feed_answer(r, &f);
}

/* GET /feeds/featured.atom -- anyone: the posts the editors feature,
 * newest featured first. */
int feed_featured(http_req *r)
{
	struct feed f = {
	    .key = "featured",
	    .title = S("Featured posts on Rounds"),
	    .subtitle = S("Blog posts the editors of Rounds have picked."),
	    .author = S("Rounds"),
	    .self = page_abs_link(r, "/feeds/featured.atom", STR_NULL),
	    .alternate = page_abs_link(r, "/", STR_NULL),
	    .q = {.featured = true},
	};
	return feed_answer(r, &f);
}

/* GET /b/:blog/feed.atom -- anyone: blog BLOG's newest published posts;
 * 404 when there is no such blog. */
int feed_blog(http_req *r)
{
	struct store_blog b;
	int rc = blog_find(r, r->params[0], &b);
	if (rc)
		return rc > 0 ? 0 : http_store_error(r, rc);
	char key[48];
	snprintf(key, sizeof key, "blog:%lld", (long long)b.id);
	const char *home = blog_href(r, b.slug, true);
	buf self;
	buf_init(&self, r->a);
	buf_puts(&self, home ? home : "");
	buf_puts(&self, "/feed.atom");
	struct feed f = {
	    .key = key,
	    .title = b.title,
	    .subtitle = b.about,
	    .author = b.owner_name,
	    .self = home && !self.err ? buf_slice(&self) : STR_NULL,
	    .alternate = str_c(home),
	    .q = {.blog = b.id},
	};
	return feed_answer(r, &f);
}

/* GET /blogs/tags/:tag/feed.atom -- anyone: the newest published posts
 * tagged TAG (as blog_tags_parse normalises it); 404 for what is not
 * one tag. */
int feed_tag(http_req *r)
{
	str tags[STORE_BLOG_TAGS_MAX];
	int n = 0;
	if (blog_tags_parse(r->a, r->params[0], tags, &n) < 0 || n != 1)
		return not_found(r);
	buf enc, key, title, self, alt;
	buf_init(&enc, r->a);
	view_esc_urlc(&enc, tags[0]);
	str e = buf_slice(&enc);
	buf_init(&key, r->a);
	buf_printf(&key, "blog-tag:%.*s", (int)e.n, e.p);
	buf_init(&title, r->a);
	buf_printf(&title, "Posts tagged \xE2\x80\x9C%.*s\xE2\x80\x9D on Rounds", (int)tags[0].n, tags[0].p);
	buf_init(&self, r->a);
	buf_printf(&self, "/blogs/tags/%.*s/feed.atom", (int)e.n, e.p);
	buf_init(&alt, r->a);
	buf_printf(&alt, "/blogs/tags/%.*s", (int)e.n, e.p);
	const char *kc = buf_cstr(&key), *sc = buf_cstr(&self), *ac = buf_cstr(&alt);
	if (enc.err || title.err || !kc || !sc || !ac)
		return -1;
	struct feed f = {
	    .key = kc,
	    .title = buf_slice(&title),
	    .author = S("Rounds"),
	    .self = page_abs_link(r, sc, STR_NULL),
	    .alternate = page_abs_link(r, ac, STR_NULL),
	    .q = {.tag = tags[0]},
	};
	return feed_answer(r, &f);
}
