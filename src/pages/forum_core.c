/* forum_core.c: what every forum handler shares (see forum.h): access as
 * the policy decides it, the one write path for topics, replies and edits,
 * and the views and JSON of topics and posts.
 *
 * Invariants: a handler learns whether it may show a forum, topic or post
 * only from forum_access()/forum_may(), which ask the policy with the
 * content's place; a topic or post the reader may not see is a 404, never
 * a hint of its title.  Every post is written through forum_write(), so
 * the rate limits, the confidentiality guard and the Markdown renderer are
 * applied once, in the same order, for pages and the API alike. */
#include <stdio.h>
#include <string.h>

#include "forum.h"
#include "views_gen.h"

#include "../core/blobcache.h"
#include "../http/ratelimit.h"
#include "../http/server.h"
#include "../text/markdown.h"
#include "../text/validate.h"

static const char *const section_labels[STORE_SECTION_MAX] = {
	[STORE_SECTION_OPEN_CLINICAL] = "Open clinical forums",
	[STORE_SECTION_CLOSED_CLINICAL] = "Closed clinical forums",
	[STORE_SECTION_OFF_DUTY] = "Off duty",
	[STORE_SECTION_GROUP] = "Private group",
	[STORE_SECTION_BLOG] = "Blog",
};

const char *forum_section_label(enum store_section sec)
{
	return sec >= 0 && sec < STORE_SECTION_MAX ? section_labels[sec] : "";
}

struct policy_object forum_object(http_req *r, enum store_section sec, int64_t forum, int64_t owner, int64_t created)
{
	struct policy_object o = {
		.place = 1u << sec,
		.owner_id = owner,
		.recent = created > 0 && r->now - created <= FORUM_DELETE_WINDOW,
	};
	if (sec == STORE_SECTION_GROUP) {
		/* The reader's place in the group, and whether it is open at
		 * all: one lookup.  Anything but an answer leaves them out. */
		enum store_group_role role = STORE_GROUP_NONE;
		enum store_group_status st = STORE_GROUP_SUSPENDED;
		if (forum && r->reader.signed_in && store_group_role(http_store(r), forum, r->me.id, &role, &st) == 0) {
			o.group_role = (int)role;
			o.participant = role != STORE_GROUP_NONE;
		}
		o.frozen = st != STORE_GROUP_ACTIVE && st != STORE_GROUP_ARCHIVED;
		return o;
	}
	bool champ = false;
	if (sec != STORE_SECTION_BLOG && forum && r->reader.signed_in && (r->reader.roles & ROLE_CHAMPION) &&
	    store_champion_is(http_store(r), forum, r->me.id, &champ) == 0)
		o.champion = champ;
	return o;
}

bool forum_may(http_req *r, enum policy_action act, enum store_section sec, int64_t forum, int64_t owner,
	       int64_t created)
{
	struct policy_object o = forum_object(r, sec, forum, owner, created);
	return policy_allows(&r->reader, act, &o);
}

int forum_access(http_req *r, enum store_section sec, int64_t forum, enum policy_action act)
{
	struct policy_object o = forum_object(r, sec, forum, 0, 0);
	if (policy_allows(&r->reader, act, &o))
		return 0;
	/* A doctor could read a closed forum once verified: say so. */
	if (sec == STORE_SECTION_CLOSED_CLINICAL && r->reader.doctor && !r->reader.verified &&
	    policy_allows(&r->reader, ACT_FORUMS, NULL))
		return 403;
	return 404;
}

const char *forum_href(http_req *r, enum store_section sec, str slug)
{
	size_t n = slug.n > 64 ? 64 : slug.n;
	char *out = arena_alloc(r->a, n + 4);
	if (!out)
		return "/forums";
	char c = sec == STORE_SECTION_GROUP ? 'g' : sec == STORE_SECTION_BLOG ? 'b' : 'f';
	snprintf(out, n + 4, "/%c/%.*s", c, (int)n, slug.p);
	return out;
}

static int not_found(http_req *r)
{
	http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	return 404;
}

static int needs_verification(http_req *r)
{
	http_error(r, 403, "verification_required",
		   "This forum is for verified doctors. Apply for verification at /verify and it opens to you once an "
		   "editor confirms your registration.",
		   NULL);
	return 403;
}

int forum_by_slug(http_req *r, str slug, enum policy_action act, struct store_forum *f)
{
	int rc = slug.n && slug.n <= 64 ? store_forum_by_slug(http_store(r), r->a, slug, f) : STORE_ENOTFOUND;
	/* A group's or blog's forum is reached through it (/g/, /b/), never here. */
	if (rc == STORE_ENOTFOUND || (rc == 0 && !forum_section_own(f->section)))
		return not_found(r);
	if (rc)
		return rc;
	rc = forum_access(r, f->section, f->id, act);
	if (rc == 403)
		return needs_verification(r);
	return rc ? not_found(r) : 0;
}

int forum_topic(http_req *r, int64_t id, struct store_topic *t)
{
	int rc = id ? store_topic_get(http_store(r), r->a, id, r->reader.signed_in ? r->me.id : 0, t)
		    : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND || (rc == 0 && t->deleted))
		return not_found(r);
	if (rc)
		return rc;
	/* A topic is content: 404 for everyone who may not read it, the
	 * unverified doctor too (only a forum's own page says how to get in). */
	return forum_access(r, t->section, t->forum_id, ACT_FORUM_READ) ? not_found(r) : 0;
}

struct forum_draft forum_draft_of(http_req *r)
{
	return (struct forum_draft){
		.title = str_trim(form_get(&r->in, "title")),
		.body = str_trim(form_get(&r->in, "body")),
		.confirm = form_bool(&r->in, "confirm_no_identifiers"),
	};
}

/* ---- the confidentiality guard and the write path --------------------- */

/* Scans `text` into f, marking findings as the title's. */
static void scan_into(str text, bool title, struct forum_findings *f)
{
	struct scan_finding got[FORUM_FINDINGS_MAX];
	int n = scan_text(text, got, FORUM_FINDINGS_MAX);
	for (int i = 0; i < n && i < FORUM_FINDINGS_MAX && f->n < FORUM_FINDINGS_MAX; i++) {
		f->in_title[f->n] = title;
		f->items[f->n++] = got[i];
	}
}

/* The guard: clinical sections only; a draft with findings passes only
 * when the author confirmed it holds no patient identifiers. */
static bool guard_stops(bool clinical, const struct forum_draft *d, struct forum_findings *f)
{
	f->n = 0;
	if (!clinical)
		return false;
	scan_into(d->title, true, f);
	scan_into(d->body, false, f);
	return f->n > 0 && !d->confirm;
}

bool forum_guard_stops(const struct forum_draft *d, struct forum_findings *f)
{
	return guard_stops(true, d, f);
}

/* The members a body @mentions (handles of live members, not the
 * author), at most 20.  Whether each may hear of it (a group's members
 * only) is the store's rule, kept where it writes notifications:
 * their ids and handles. */
static int mentions(http_req *r, str body, int64_t *ids, str *handles, int max)
{
	int n = 0;
	for (size_t i = 0; i < body.n && n < max; i++) {
		if (body.p[i] != '@')
			continue;
		char prev = i ? body.p[i - 1] : ' ';
		if ((prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z') || (prev >= '0' && prev <= '9') ||
		    prev == '_' || prev == '.')
			continue;
		size_t j = i + 1;
		while (j < body.n && j - i <= 31 &&
		       ((body.p[j] >= 'a' && body.p[j] <= 'z') || (body.p[j] >= 'A' && body.p[j] <= 'Z') ||
			(body.p[j] >= '0' && body.p[j] <= '9') || body.p[j] == '_'))
			j++;
		str h = {body.p + i + 1, j - i - 1};
		struct store_member m;
		if (h.n >= 2 && h.n <= 30 && store_member_by_handle(http_store(r), r->a, h, &m) == 0 && m.confirmed &&
		    !m.suspended && m.id != r->me.id) {
			bool dup = false;
			for (int k = 0; k < n; k++)
				dup |= ids[k] == m.id;
			if (!dup) {
				handles[n] = m.handle;
				ids[n++] = m.id;
			}
		}
		i = j - 1;
	}
	return n;
}

/* The posting limits: stricter in a member's first day. */
static int64_t posting_wait(http_req *r, bool topic)
{
	str who = page_member_key(r);
	bool newcomer = r->now - r->me.created_at < 24 * 60 * 60;
	enum rate_kind kind = topic ? (newcomer ? RATE_TOPIC_NEWCOMER : RATE_TOPIC_MEMBER)
				    : (newcomer ? RATE_REPLY_NEWCOMER : RATE_REPLY_MEMBER);
	return rate_over(r, kind, who, true);
}

int forum_write(http_req *r, const struct forum_target *t, const struct forum_draft *d, struct forum_findings *f,
		int64_t *topic_out, int64_t *post_out)
{
	bool clinical = t->section != STORE_SECTION_OFF_DUTY;
	if (t->section == STORE_SECTION_GROUP) {
		struct store_group g;
		int grc = store_group_get(http_store(r), r->a, t->forum, 0, &g);
		if (grc)
			return grc == STORE_ENOTFOUND ? 404 : grc;
		clinical = g.clinical;
	}
	if (guard_stops(clinical, d, f))
		return 422;
	if (!t->post) {
		int64_t wait = posting_wait(r, t->topic == 0);
		if (wait)
			return rate_refuse(r, wait), 429;
	}
	str image = STR_NULL;
	int rc = forum_image_keep(r, &image);
	if (rc)
		return rc == 422 ? FORUM_BAD_IMAGE : rc;
	int64_t ids[20];
	str handles[20];
	struct store_post_new p = {.author = r->me.id, .body = d->body, .confirmed = d->confirm && f->n > 0,
				   .poll = t->topic ? NULL : d->poll, .image = image};
	p.nmentions = mentions(r, d->body, ids, handles, 20);
	p.mentions = ids;
	/* The members mentioned are linked to their profiles. */
	if (markdown_html_mentions(r->a, d->body, handles, p.nmentions, &p.body_html))
		return STORE_ERR;
	store *st = http_store(r);
	*topic_out = t->topic;
	*post_out = t->post;
	if (t->post)
		rc = store_post_edit(st, t->post, r->me.id, d->title, &p, r->now);
	else if (t->topic)
		rc = store_post_create(st, t->topic, &p, r->now, post_out);
	else
		rc = store_topic_create(st, t->forum, d->title, &p, r->now, topic_out, post_out);
	if (rc == STORE_ENOTFOUND)
		return 404;
	if (rc == STORE_ECONFLICT)
		return 409;
	return rc;
}

static const char *const kind_labels[SCAN_KIND_MAX] = {
	[SCAN_NHS_NUMBER] = "an NHS number",
	[SCAN_DATE_OF_BIRTH] = "a date of birth",
	[SCAN_PHONE] = "a phone number",
	[SCAN_EMAIL] = "an email address",
	[SCAN_POSTCODE] = "a postcode",
	[SCAN_RECORD_NUMBER] = "a hospital or record number",
	[SCAN_SSN] = "a social security number",
	[SCAN_AGE_OVER_89] = "an age over 89",
};

json_t *forum_findings_json(const struct forum_findings *f)
{
	json_t *a = json_array();
	for (int i = 0; a && i < f->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:s}", "kind", scan_kind_name(f->items[i].kind),
						   "start", (json_int_t)f->items[i].start, "end",
						   (json_int_t)f->items[i].end, "field", f->in_title[i] ? "title" : "body"));
	return a;
}

view_list *forum_findings_view(http_req *r, const struct forum_findings *f, const struct forum_draft *d)
{
	view_list *l = view_list_new(r->a);
	for (int i = 0; l && i < f->n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return NULL;
		const struct scan_finding *x = &f->items[i];
		str src = f->in_title[i] ? d->title : d->body;
		str text = x->end <= src.n && x->start < x->end ? (str){src.p + x->start, x->end - x->start} : STR_NULL;
		view_set_cstr(o, "label", x->kind < SCAN_KIND_MAX ? kind_labels[x->kind] : "something");
		view_set_str(o, "text", text);
		view_set_cstr(o, "field", f->in_title[i] ? "title" : "text");
		view_list_push_obj(l, o);
	}
	return l;
}

/* ---- views and JSON ---------------------------------------------------- */

view_obj *forum_topic_view(http_req *r, const struct store_topic *t)
{
	view_obj *o = view_obj_new(r->a);
	if (!o)
		return NULL;
	view_set_int(o, "id", t->id);
	view_set_str(o, "title", t->title);
	view_set_str(o, "author", t->author_name);
	view_set_str(o, "handle", t->author_handle);
	view_set_bool(o, "verified", t->author_verified);
	view_set_str(o, "forum", t->forum_name);
	view_set_str(o, "forum_slug", t->forum_slug);
	view_set_cstr(o, "forum_href", forum_href(r, t->section, t->forum_slug));
	view_set_int(o, "replies", t->reply_count);
	view_set_bool(o, "pinned", t->pinned);
	view_set_bool(o, "locked", t->locked);
	view_set_bool(o, "unread", r->reader.signed_in && t->unread);
	view_set_bool(o, "new", r->reader.signed_in && !t->seen);
	view_set_str(o, "last_author", t->last_author_name);
	view_set_cstr(o, "when", page_when(r, t->last_post_at));
	view_set_bool(o, "closed", t->section == STORE_SECTION_CLOSED_CLINICAL);
	return o;
}

void forum_mark_read(http_req *r, const struct store_topic *t, const struct store_post_list *pl)
{
	if (pl->n && r->reader.signed_in && t->unread && pl->items[pl->n - 1].id > t->read_post_id)
		store_topic_read(http_store(r), r->me.id, t->id, pl->items[pl->n - 1].id, r->now);
}

/* Whether the reader may do `act` on post p, given the topic's object. */
static bool may_post(http_req *r, enum policy_action act, const struct policy_object *base, const struct store_post *p)
{
	struct policy_object o = *base;
	o.owner_id = p->author_id;
	o.recent = r->now - p->created_at <= FORUM_DELETE_WINDOW;
	return policy_allows(&r->reader, act, &o);
}

struct forum_rights forum_rights_of(http_req *r, const struct policy_object *base)
{
	return (struct forum_rights){base, policy_allows(&r->reader, ACT_FORUM_MODERATE, base),
				     policy_allows(&r->reader, ACT_FORUM_POST, base)};
}

static view_obj *forum_post_view(http_req *r, const struct store_post *p, const struct store_topic *t,
				 const struct forum_rights *fr, int shift);

/* Post p's head (_post_head.html) into `out`: what every reader sees
 * alike, so it must read nothing of the reader's but the time zone
 * page_when writes in (which keys the cache: page_when_variant). */
static int post_head(http_req *r, const struct store_post *p, int shift, buf *out)
{
	view_obj *o = view_obj_sized(r->a, 16);
	if (!o)
		return -1;
	view_set_int(o, "id", p->id);
	view_set_int(o, "number", p->number - shift);
	view_set_bool(o, "pick", p->pick && !p->deleted);
	view_set_str(o, "author", p->author_name);
	view_set_str(o, "handle", p->author_handle);
	view_set_bool(o, "verified", p->author_verified);
	view_set_bool(o, "champion", p->author_champion);
	view_set_bool(o, "editor", p->author_roles & (ROLE_EDITOR | ROLE_ADMIN));
	view_set_cstr(o, "when", page_when(r, p->created_at));
	view_set_bool(o, "edited", p->edit_count > 0);
	view_set_bool(o, "deleted", p->deleted);
	view_set_bool(o, "hidden", p->hidden && !p->deleted);
	view_set_str(o, "body_html", p->body_html);
	view_set_bool(o, "image", p->image.n > 0);
	return view__post_head(out, o);
}

/* The heads in a block of n bytes (the number of heads, each one's
 * offset and length, then their bytes) into heads[]: 0, or -1 when the
 * block does not hold `count` whole heads. */
static int heads_of(const char *blk, size_t n, int count, str *heads)
{
	int64_t have = -1;
	if (!blk || n < sizeof have)
		return -1;
	memcpy(&have, blk, sizeof have);
	if (have != count || n < sizeof have + (size_t)count * 8)
		return -1;
	for (int i = 0; i < count; i++) {
		uint32_t off, len;
		memcpy(&off, blk + sizeof have + (size_t)i * 8, 4);
		memcpy(&len, blk + sizeof have + (size_t)i * 8 + 4, 4);
		if ((size_t)off + len > n)
			return -1;
		heads[i] = (str){blk + off, len};
	}
	return 0;
}

/* The heads of the posts of pl into heads[]: the cached block while the
 * key holds, else made (heads_of's layout) and kept.  0 or -1 (arena
 * full). */
static int post_heads(http_req *r, const struct store_topic *t, const struct store_post_list *pl, int limit,
		      int offset, int shift, str *heads)
{
	struct blobcache *c = r->srv ? r->srv->heads : NULL;
	struct blob_key k = {{t->id, t->forum_id, t->version, t->authors, limit, offset, shift,
			      (int64_t)page_when_variant(r)}};
	bool keep = c && t->version > 0 && t->authors > 0;
	size_t n = 0;
	const char *got = keep ? blobcache_get(c, &k, r->a, &n) : NULL;
	if (got && heads_of(got, n, pl->n, heads) == 0)
		return 0;
	buf b;
	buf_init(&b, r->a);
	int64_t nposts = pl->n;
	buf_put(&b, (const char *)&nposts, sizeof nposts);
	size_t index = b.n;
	for (int i = 0; i < pl->n; i++)
		buf_put(&b, "\0\0\0\0\0\0\0\0", 8); /* filled below */
	for (int i = 0; i < pl->n; i++) {
		size_t start = b.n;
		if (post_head(r, &pl->items[i], shift, &b) < 0)
			return -1;
		uint32_t off = (uint32_t)start, len = (uint32_t)(b.n - start);
		if (!b.err) {
			memcpy(b.p + index + (size_t)i * 8, &off, 4);
			memcpy(b.p + index + (size_t)i * 8 + 4, &len, 4);
		}
	}
	if (b.err || b.n > UINT32_MAX || heads_of(b.p, b.n, pl->n, heads) < 0)
		return -1;
	if (keep)
		blobcache_put(c, &k, b.p, b.n);
	return 0;
}

view_list *forum_posts_view(http_req *r, const struct store_topic *t, const struct store_post_list *pl, int limit,
			    int offset, int shift)
{
	struct policy_object base = forum_object(r, t->section, t->forum_id, 0, 0);
	struct forum_rights fr = forum_rights_of(r, &base);
	view_list *posts = view_list_new(r->a);
	str *heads = pl->n ? arena_alloc(r->a, (size_t)pl->n * sizeof *heads) : NULL;
	if (!posts || (pl->n && !heads) || post_heads(r, t, pl, limit, offset, shift, heads) < 0)
		return NULL;
	for (int i = 0; i < pl->n; i++) {
		view_obj *o = forum_post_view(r, &pl->items[i], t, &fr, shift);
		if (!o)
			return NULL;
		view_set_str(o, "head", heads[i]);
		view_list_push_obj(posts, o);
	}
	return posts;
}

/* The reader's part of post p (_posts.html): what it may do with it, and
 * a hidden post's text for those who may see it. */
static view_obj *forum_post_view(http_req *r, const struct store_post *p, const struct store_topic *t,
				 const struct forum_rights *fr, int shift)
{
	view_obj *o = view_obj_sized(r->a, 24); /* its 19 keys without regrowing */
	if (!o)
		return NULL;
	const struct policy_object *base = fr->base;
	bool staff = fr->staff, can_post = fr->post;
	bool mine = r->reader.signed_in && p->author_id == r->me.id;
	view_set_int(o, "id", p->id);
	view_set_int(o, "number", p->number - shift);
	view_set_str(o, "author", p->author_name);
	view_set_bool(o, "deleted", p->deleted);
	view_set_bool(o, "hidden", p->hidden && !p->deleted);
	/* A hidden post waits for the editors: its author and the staff see it. */
	view_set_bool(o, "show_body", !p->deleted && (!p->hidden || staff || mine));
	view_set_str(o, "body_html", p->body_html);
	view_set_bool(o, "image", p->image.n > 0);
	view_set_bool(o, "pick", p->pick && !p->deleted);
	view_set_int(o, "likes", p->like_count);
	view_set_bool(o, "has_likes", p->like_count > 0);
	view_set_bool(o, "liked", p->liked);
	bool live = !p->deleted && !t->deleted;
	view_set_bool(o, "can_like", live && !mine && can_post);
	view_set_bool(o, "can_reply", live && !t->locked && can_post);
	view_set_bool(o, "can_edit", live && may_post(r, ACT_POST_EDIT, base, p));
	view_set_bool(o, "can_delete", live && may_post(r, ACT_POST_DELETE, base, p));
	view_set_bool(o, "can_flag", live && !mine && can_post);
	view_set_bool(o, "staff", staff && live);
	return o;
}

json_t *forum_topic_json(const struct store_topic *t)
{
	return json_pack("{s:I, s:s%, s:s%, s:s, s:{s:s%, s:s%, s:b}, s:I, s:I, s:I, s:b, s:b, s:b, s:b}", "id",
			 (json_int_t)t->id, "title", t->title.p, t->title.n, "forum", t->forum_slug.p, t->forum_slug.n,
			 "section", store_section_name(t->section), "author", "name", t->author_name.p,
			 t->author_name.n, "handle", t->author_handle.p, t->author_handle.n, "verified",
			 t->author_verified, "replies", (json_int_t)t->reply_count, "created_at",
			 (json_int_t)t->created_at, "last_post_at", (json_int_t)t->last_post_at, "pinned", t->pinned,
			 "locked", t->locked, "unread", t->unread, "seen", t->seen);
}

json_t *forum_post_json(http_req *r, const struct store_post *p)
{
	(void)r;
	bool hidden = p->hidden && !p->deleted;
	str html = hidden ? S("") : p->body_html;
	char url[48];
	snprintf(url, sizeof url, "/p/%lld/image", (long long)p->id);
	json_t *j = json_pack("{s:I, s:I, s:I, s:{s:s%, s:s%, s:b, s:b}, s:s%, s:I, s:I, s:I, s:I, s:b, s:b, s:b, s:b, "
			 "s:b}",
			 "id", (json_int_t)p->id, "topic_id", (json_int_t)p->topic_id, "number",
			 (json_int_t)p->number, "author", "name", p->author_name.p, p->author_name.n, "handle",
			 p->author_handle.p, p->author_handle.n, "verified", p->author_verified, "champion",
			 p->author_champion, "body_html", html.p, html.n, "created_at", (json_int_t)p->created_at,
			 "edited_at", (json_int_t)p->edited_at, "edits", (json_int_t)p->edit_count, "likes",
			 (json_int_t)p->like_count, "liked", p->liked, "deleted", p->deleted, "hidden", hidden, "pick",
			 p->pick, "confirmed_no_identifiers", p->confirmed);
	if (j)
		json_object_set_new(j, "image_url", p->image.n && !hidden ? json_string(url) : json_null());
	return j;
}

/* ---- profile activity --------------------------------------------------- */

int forum_activity_ctx(http_req *r, view_obj *p, int64_t member)
{
	unsigned sections = policy_sections(&r->reader, ACT_FORUM_READ);
	if (!sections)
		return 0;
	struct store_topic_list tl;
	struct store_post_list pl;
	store *st = http_store(r);
	if (store_topic_by_author(st, r->a, member, sections, 5, &tl) ||
	    store_post_by_author(st, r->a, member, sections, 5, &pl))
		return -1;
	view_list *topics = view_list_new(r->a), *posts = view_list_new(r->a);
	if (!topics || !posts)
		return -1;
	for (int i = 0; i < tl.n; i++) {
		view_obj *o = forum_topic_view(r, &tl.items[i]);
		if (!o)
			return -1;
		view_list_push_obj(topics, o);
	}
	for (int i = 0; i < pl.n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return -1;
		view_set_int(o, "id", pl.items[i].id);
		view_set_str(o, "title", pl.items[i].topic_title);
		view_set_cstr(o, "when", page_when(r, pl.items[i].created_at));
		view_list_push_obj(posts, o);
	}
	view_set_list(p, "recent_topics", topics);
	view_set_list(p, "recent_posts", posts);
	view_set_bool(p, "has_recent_topics", tl.n > 0);
	view_set_bool(p, "has_recent_posts", pl.n > 0);
	return 0;
}
