/* sqlite_forums.c: forums, their champions, and reading topics, posts,
 * posts' history, polls and the confirmed posts in the SQLite backend; the
 * helpers the other forum files share (sqlite_forums2.c writes,
 * sqlite_notify.c notifications, flags and the audit list, sqlite_groups.c
 * private groups).
 *
 * Invariants: a section is text in the tables and enum store_section in
 * the structs (store_section_parse / store_section_name); lists that span
 * forums test the caller's section mask in SQL.  A deleted post reads with
 * its text "" and its place kept; a former member's handle reads as "".  A
 * champion is a forum_champions row and the member's ROLE_CHAMPION bit,
 * both changed in one transaction.  Every string handed out is a copy in
 * the caller's arena; no list is longer than its limit (1..100). */
#include "sqlite_int.h"

#include <stdio.h>
#include <string.h>

int sq_run(store *s, enum sq_id id, const char *op, bool need_change, const int64_t *v, int n)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, op);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++)
		sq_int(&q, i + 1, v[i]);
	return sq_exec(&q, need_change);
}

int sq_run_int(store *s, enum sq_id id, const char *op, const int64_t *v, int n, int64_t *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, op);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++)
		sq_int(&q, i + 1, v[i]);
	if ((rc = sq_row(&q, false)))
		return rc;
	*out = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

int sq_forum_audit(store *s, int64_t actor, str action, const char *kind, int64_t id, str detail, int64_t now)
{
	char target[48];
	snprintf(target, sizeof target, "%s:%lld", kind, (long long)id);
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_AUDIT_INSERT, "forum_audit");
	if (rc)
		return rc;
	sq_int(&q, 1, now);
	sq_int(&q, 2, actor);
	sq_text(&q, 3, action);
	sq_text(&q, 4, str_c(target));
	sq_text(&q, 5, detail);
	return sq_exec(&q, false);
}

int sq_forum_state(store *s, int64_t id, const char *op, bool *archived, char *slug, size_t n)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_FORUM_STATE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	if ((rc = sq_row(&q, false)))
		return rc;
	*archived = sqlite3_column_int(q.st, 0) != 0;
	const unsigned char *t = sqlite3_column_text(q.st, 1);
	snprintf(slug, n, "%s", t ? (const char *)t : "");
	sq_end(&q);
	return 0;
}

void *sq_grow(arena *a, void *items, int n, int *cap, size_t size)
{
	int ncap = *cap ? *cap * 2 : 16;
	void *p = arena_alloc(a, (size_t)ncap * size);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, items, (size_t)n * size);
	*cap = ncap;
	return p;
}

/* See sqlite_int.h. */
int sq_read_rows(struct sq_q *q, arena *a, int limit, size_t size, sq_row_reader read, void **items, int *n)
{
	char *it = NULL;
	int k = 0, cap = limit, err = 0, rc = SQLITE_DONE;
	if (limit && !(it = arena_alloc(a, (size_t)limit * size))) {
		sq_end(q);
		return STORE_ERR;
	}
	while (!err && (!limit || k < limit) && (rc = sq_step(q)) == SQLITE_ROW) {
		if (k == cap && !(it = sq_grow(a, it, k, &cap, size)))
			err = STORE_ERR;
		else
			err = read(q, a, it + (size_t)k++ * size);
	}
	if ((err = sq_list_end(q, err, k, limit ? limit : k + 1, rc)))
		return err;
	*items = it;
	*n = k;
	return 0;
}

/* See sqlite_int.h. */
int sq_read_one(struct sq_q *q, arena *a, sq_row_reader read, void *item)
{
	int rc = sq_row(q, false);
	if (rc)
		return rc;
	rc = read(q, a, item);
	sq_end(q);
	return rc;
}

enum store_section sq_section_of(struct sq_q *q, int col)
{
	const unsigned char *t = sqlite3_column_text(q->st, col);
	int sec = store_section_parse(str_c(t ? (const char *)t : ""));
	return sec < 0 ? STORE_SECTION_CLOSED_CLINICAL : (enum store_section)sec;
}

int sq_list_end(struct sq_q *q, int err, int n, int limit, int rc)
{
	if (!err && n < limit && rc != SQLITE_DONE)
		err = sq_err(q, rc, false);
	sq_end(q);
	return err < 0 ? err : err ? STORE_ERR : 0;
}

/* ---- Forums ------------------------------------------------------------ */

/* Reads the columns of FORUM_COLS (statements.c) into *f. */
static int forum_read(struct sq_q *q, arena *a, struct store_forum *f)
{
	int err = 0;
	*f = (struct store_forum){0};
	f->id = sqlite3_column_int64(q->st, 0);
	err |= sq_col_str(q, a, 1, &f->slug);
	err |= sq_col_str(q, a, 2, &f->name);
	err |= sq_col_str(q, a, 3, &f->description);
	f->section = sq_section_of(q, 4);
	f->position = sqlite3_column_int64(q->st, 5);
	f->archived = sqlite3_column_int(q->st, 6) != 0;
	f->topic_count = sqlite3_column_int64(q->st, 7);
	f->post_count = sqlite3_column_int64(q->st, 8);
	f->last_post_at = sqlite3_column_int64(q->st, 9);
	f->created_at = sqlite3_column_int64(q->st, 10);
	return err ? STORE_ERR : 0;
}

static int forum_create_body(store *s, const struct store_forum *f, int64_t actor, int64_t now, int64_t *id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_FORUM_INSERT, "forum_create");
	if (rc)
		return rc;
	sq_text(&q, 1, f->slug);
	sq_text(&q, 2, f->name);
	sq_text(&q, 3, f->description);
	sq_text(&q, 4, str_c(store_section_name(f->section))); /* "" fails the CHECK */
	sq_int(&q, 5, f->position);
	sq_int(&q, 6, now);
	if ((rc = sq_exec(&q, false)))
		return rc;
	*id = sqlite3_last_insert_rowid(q.c->db);
	return sq_forum_audit(s, actor, S("forum.create"), "forum", *id, f->slug, now);
}

/* store_forum_create: see store.h.  Audited with the slug as detail. */
int sq_forum_create(store *s, const struct store_forum *f, int64_t actor, int64_t now, int64_t *id)
{
	int rc = sq_begin(s, "forum_create");
	if (rc)
		return rc;
	rc = sq_finish(s, forum_create_body(s, f, actor, now, id), "forum_create");
	if (rc)
		*id = 0;
	return rc;
}

static int forum_update_body(store *s, const struct store_forum *f, int64_t actor, int64_t now)
{
	bool archived;
	char slug[128];
	int rc = sq_forum_state(s, f->id, "forum_update", &archived, slug, sizeof slug);
	if (rc)
		return rc;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_FORUM_UPDATE, "forum_update")))
		return rc;
	sq_int(&q, 1, f->id);
	sq_text(&q, 2, f->name);
	sq_text(&q, 3, f->description);
	sq_int(&q, 4, f->position);
	sq_int(&q, 5, f->archived);
	if ((rc = sq_exec(&q, true)))
		return rc;
	return sq_forum_audit(s, actor, S("forum.update"), "forum", f->id, str_c(slug), now);
}

/* store_forum_update: see store.h. */
int sq_forum_update(store *s, const struct store_forum *f, int64_t actor, int64_t now)
{
	int rc = sq_begin(s, "forum_update");
	if (rc)
		return rc;
	return sq_finish(s, forum_update_body(s, f, actor, now), "forum_update");
}

/* store_forum_list: see store.h. */
int sq_forum_list(store *s, arena *a, bool archived_too, struct store_forum_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_FORUM_LIST, "forum_list");
	if (rc)
		return rc;
	sq_int(&q, 1, archived_too);
	struct store_forum *items = NULL;
	int n = 0, cap = 0, err = 0;
	while (!err && (rc = sq_step(&q)) == SQLITE_ROW) {
		if (n == cap && !(items = sq_grow(a, items, n, &cap, sizeof *items)))
			err = STORE_ERR;
		else
			err = forum_read(&q, a, &items[n++]);
	}
	if ((err = sq_list_end(&q, err, n, n + 1, rc)))
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* Runs a bound forum lookup and reads its row. */
static int forum_find(struct sq_q *q, arena *a, struct store_forum *out)
{
	int rc = sq_row(q, false);
	if (rc)
		return rc;
	rc = forum_read(q, a, out);
	sq_end(q);
	return rc;
}

/* store_forum_by_slug: see store.h.  Case-insensitive (ASCII). */
int sq_forum_by_slug(store *s, arena *a, str slug, struct store_forum *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_FORUM_BY_SLUG, "forum_by_slug");
	if (rc)
		return rc;
	sq_text(&q, 1, slug);
	return forum_find(&q, a, out);
}

/* store_forum_by_id: see store.h. */
int sq_forum_by_id(store *s, arena *a, int64_t id, struct store_forum *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_FORUM_BY_ID, "forum_by_id");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	return forum_find(&q, a, out);
}

/* ---- Champions --------------------------------------------------------- */

static int champion_body(store *s, int64_t forum, int64_t member, bool on, int64_t actor, int64_t now)
{
	bool archived;
	char slug[128];
	int rc = sq_forum_state(s, forum, "champion_set", &archived, slug, sizeof slug);
	if (rc)
		return rc;
	if (on) {
		/* The member first: an unknown or deleted one is not found. */
		if ((rc = sq_run(s, SQ_CHAMPION_ROLE_SET, "champion_set", true, SQ_INTS(member))))
			return rc;
		rc = sq_run(s, SQ_CHAMPION_INSERT, "champion_set", false, SQ_INTS(forum, member, now));
	} else {
		if ((rc = sq_run(s, SQ_CHAMPION_DELETE, "champion_set", true, SQ_INTS(forum, member))))
			return rc;
		rc = sq_run(s, SQ_CHAMPION_ROLE_CLEAR, "champion_set", false, SQ_INTS(member));
	}
	if (rc)
		return rc;
	return sq_forum_audit(s, actor, on ? S("champion.appoint") : S("champion.remove"), "member", member,
			      str_c(slug), now);
}

/* store_champion_set: see store.h.  Appointing again is no error (the row
 * stays, the bit is set again, the audit says so once more). */
int sq_champion_set(store *s, int64_t forum, int64_t member, bool on, int64_t actor, int64_t now)
{
	int rc = sq_begin(s, "champion_set");
	if (rc)
		return rc;
	return sq_finish(s, champion_body(s, forum, member, on, actor, now), "champion_set");
}

/* store_champion_list: see store.h. */
int sq_champion_list(store *s, arena *a, int64_t forum, struct store_member_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_CHAMPION_LIST, "champion_list");
	if (rc)
		return rc;
	sq_int(&q, 1, forum);
	struct store_member *items = NULL;
	int n = 0, cap = 0, err = 0;
	while (!err && (rc = sq_step(&q)) == SQLITE_ROW) {
		if (n == cap && !(items = sq_grow(a, items, n, &cap, sizeof *items)))
			err = STORE_ERR;
		else
			err = sq_member_read(&q, a, &items[n++]);
	}
	if ((err = sq_list_end(&q, err, n, n + 1, rc)))
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_champion_is: see store.h. */
int sq_champion_is(store *s, int64_t forum, int64_t member, bool *out)
{
	int64_t v = 0;
	int rc = sq_run_int(s, SQ_CHAMPION_IS, "champion_is", SQ_INTS(forum, member), &v);
	if (rc)
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*out = v != 0;
	return 0;
}

/* ---- Topics ------------------------------------------------------------ */

/* Reads the columns of TOPIC_COLS (statements.c) into *t. */
static int topic_read(struct sq_q *q, arena *a, struct store_topic *t)
{
	int err = 0;
	*t = (struct store_topic){0};
	t->id = sqlite3_column_int64(q->st, 0);
	t->forum_id = sqlite3_column_int64(q->st, 1);
	t->author_id = sqlite3_column_int64(q->st, 2);
	err |= sq_col_str(q, a, 3, &t->title);
	err |= sq_col_str(q, a, 4, &t->author_name);
	err |= sq_col_str(q, a, 5, &t->author_handle);
	t->author_verified = sqlite3_column_int(q->st, 6) != 0;
	err |= sq_col_str(q, a, 7, &t->forum_slug);
	err |= sq_col_str(q, a, 8, &t->forum_name);
	t->section = sq_section_of(q, 9);
	t->created_at = sqlite3_column_int64(q->st, 10);
	t->last_post_at = sqlite3_column_int64(q->st, 11);
	t->last_post_id = sqlite3_column_int64(q->st, 12);
	t->reply_count = sqlite3_column_int64(q->st, 13);
	t->pinned = sqlite3_column_int(q->st, 14) != 0;
	t->locked = sqlite3_column_int(q->st, 15) != 0;
	t->deleted = sqlite3_column_int(q->st, 16) != 0;
	err |= sq_col_str(q, a, 17, &t->last_author_name);
	err |= sq_col_str(q, a, 18, &t->last_author_handle);
	t->seen = sqlite3_column_int(q->st, 19) != 0;
	t->unread = sqlite3_column_int(q->st, 20) != 0;
	t->read_post_id = sqlite3_column_int64(q->st, 21);
	t->version = sqlite3_column_int64(q->st, 22);
	t->authors = sqlite3_column_int64(q->st, 23);
	return err ? STORE_ERR : 0;
}

/* Reads the rows of a bound topic query (at most `limit`) and ends it. */
static int topic_rows(struct sq_q *q, arena *a, int limit, struct store_topic_list *out)
{
	struct store_topic *items = arena_alloc(a, (size_t)limit * sizeof *items);
	if (!items) {
		sq_end(q);
		return STORE_ERR;
	}
	int n = 0, err = 0, rc = SQLITE_DONE;
	while (!err && n < limit && (rc = sq_step(q)) == SQLITE_ROW)
		err = topic_read(q, a, &items[n++]);
	if ((err = sq_list_end(q, err, n, limit, rc)))
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_topic_get: see store.h. */
int sq_topic_get(store *s, arena *a, int64_t id, int64_t reader, struct store_topic *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_TOPIC_GET, "topic_get");
	if (rc)
		return rc;
	sq_int(&q, 1, reader);
	sq_int(&q, 2, id);
	if ((rc = sq_row(&q, false)))
		return rc;
	rc = topic_read(&q, a, out);
	sq_end(&q);
	return rc;
}

/* store_topic_list: see store.h.  *total is the forum's kept count (0
 * for an unknown forum). */
int sq_topic_list(store *s, arena *a, int64_t forum, int64_t reader, int limit, int offset,
		  struct store_topic_list *out, int64_t *total)
{
	int rc = sq_run_int(s, SQ_TOPIC_TOTAL, "topic_list", SQ_INTS(forum), total);
	if (rc)
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_TOPIC_LIST, "topic_list")))
		return rc;
	limit = sq_limit(limit);
	sq_int(&q, 1, reader);
	sq_int(&q, 2, forum);
	sq_int(&q, 3, limit);
	sq_int(&q, 4, offset);
	return topic_rows(&q, a, limit, out);
}

/* store_topic_latest: see store.h. */
int sq_topic_latest(store *s, arena *a, unsigned sections, int64_t reader, bool unread_only, int64_t since,
		    int limit, int offset, struct store_topic_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_TOPIC_LATEST, "topic_latest");
	if (rc)
		return rc;
	limit = sq_limit(limit);
	sq_int(&q, 1, reader);
	sq_int(&q, 2, sections & STORE_SECTIONS_ALL);
	sq_int(&q, 3, unread_only);
	sq_int(&q, 4, since);
	sq_int(&q, 5, limit);
	sq_int(&q, 6, offset);
	return topic_rows(&q, a, limit, out);
}

/* store_topic_by_author: see store.h.  Topics of archived forums too. */
int sq_topic_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit,
		       struct store_topic_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_TOPIC_BY_AUTHOR, "topic_by_author");
	if (rc)
		return rc;
	limit = sq_limit(limit);
	sq_int(&q, 1, 0); /* no reader */
	sq_int(&q, 2, author);
	sq_int(&q, 3, sections & STORE_SECTIONS_ALL);
	sq_int(&q, 4, limit);
	return topic_rows(&q, a, limit, out);
}

/* ---- Posts ------------------------------------------------------------- */

int sq_post_read(struct sq_q *q, arena *a, int col, struct store_post *p)
{
	int err = 0;
	*p = (struct store_post){0};
	p->id = sqlite3_column_int64(q->st, col + 0);
	p->topic_id = sqlite3_column_int64(q->st, col + 1);
	p->author_id = sqlite3_column_int64(q->st, col + 2);
	err |= sq_col_str(q, a, col + 3, &p->author_name);
	err |= sq_col_str(q, a, col + 4, &p->author_handle);
	p->author_verified = sqlite3_column_int(q->st, col + 5) != 0;
	p->author_roles = (unsigned)sqlite3_column_int64(q->st, col + 6);
	p->author_champion = sqlite3_column_int(q->st, col + 7) != 0;
	err |= sq_col_str(q, a, col + 8, &p->body);
	err |= sq_col_str(q, a, col + 9, &p->body_html);
	p->created_at = sqlite3_column_int64(q->st, col + 10);
	p->edited_at = sqlite3_column_int64(q->st, col + 11);
	p->edit_count = sqlite3_column_int64(q->st, col + 12);
	p->like_count = sqlite3_column_int64(q->st, col + 13);
	p->deleted = sqlite3_column_int(q->st, col + 14) != 0;
	p->hidden = sqlite3_column_int(q->st, col + 15) != 0;
	p->pick = sqlite3_column_int(q->st, col + 16) != 0;
	p->liked = sqlite3_column_int(q->st, col + 17) != 0;
	p->confirmed = sqlite3_column_int(q->st, col + 18) != 0;
	p->number = sqlite3_column_int64(q->st, col + 19);
	p->forum_id = sqlite3_column_int64(q->st, col + 20);
	p->section = sq_section_of(q, col + 21);
	err |= sq_col_str(q, a, col + 22, &p->topic_title);
	err |= sq_col_str(q, a, col + 23, &p->image);
	return err ? STORE_ERR : 0;
}

/* Reads the rows of a bound post query (at most `limit`) and ends it. */
static int post_rows(struct sq_q *q, arena *a, int limit, struct store_post_list *out)
{
	struct store_post *items = arena_alloc(a, (size_t)limit * sizeof *items);
	if (!items) {
		sq_end(q);
		return STORE_ERR;
	}
	int n = 0, err = 0, rc = SQLITE_DONE;
	while (!err && n < limit && (rc = sq_step(q)) == SQLITE_ROW)
		err = sq_post_read(q, a, 0, &items[n++]);
	if ((err = sq_list_end(q, err, n, limit, rc)))
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_post_get: see store.h. */
int sq_post_get(store *s, arena *a, int64_t id, int64_t reader, struct store_post *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POST_GET, "post_get");
	if (rc)
		return rc;
	sq_int(&q, 1, reader);
	sq_int(&q, 2, id);
	if ((rc = sq_row(&q, false)))
		return rc;
	rc = sq_post_read(&q, a, 0, out);
	sq_end(&q);
	return rc;
}

/* store_topic_posts: see store.h. */
int sq_topic_posts(store *s, arena *a, int64_t topic, int64_t reader, int limit, int offset,
		   struct store_post_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_TOPIC_POSTS, "topic_posts");
	if (rc)
		return rc;
	limit = sq_limit(limit);
	sq_int(&q, 1, reader);
	sq_int(&q, 2, topic);
	sq_int(&q, 3, limit);
	sq_int(&q, 4, offset);
	return post_rows(&q, a, limit, out);
}

/* store_posts_liked: see store.h.  A look-up by the likes' key for each
 * post with likes (most have none). */
int sq_posts_liked(store *s, int64_t reader, struct store_post_list *pl)
{
	for (int i = 0; i < pl->n; i++) {
		struct store_post *p = &pl->items[i];
		p->liked = false;
		if (!reader || p->like_count <= 0)
			continue;
		struct sq_q q;
		int rc = sq_start(&q, s, SQ_POST_LIKED, "posts_liked");
		if (rc)
			return rc;
		sq_int(&q, 1, p->id);
		sq_int(&q, 2, reader);
		rc = sq_row(&q, false);
		if (rc == 0)
			p->liked = true, sq_end(&q);
		else if (rc != STORE_ENOTFOUND)
			return rc;
	}
	return 0;
}

/* store_post_by_author: see store.h.  Hidden posts too (the caller
 * decides); none of a deleted topic. */
int sq_post_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit,
		      struct store_post_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POST_BY_AUTHOR, "post_by_author");
	if (rc)
		return rc;
	limit = sq_limit(limit);
	sq_int(&q, 1, 0); /* no reader */
	sq_int(&q, 2, author);
	sq_int(&q, 3, sections & STORE_SECTIONS_ALL);
	sq_int(&q, 4, limit);
	return post_rows(&q, a, limit, out);
}

/* store_posts_for_export: see store.h. */
int sq_posts_for_export(store *s, arena *a, int64_t author, int64_t after, int limit, struct store_post_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POST_EXPORT, "posts_for_export");
	if (rc)
		return rc;
	limit = sq_limit(limit);
	sq_int(&q, 1, 0); /* no reader */
	sq_int(&q, 2, author);
	sq_int(&q, 3, after);
	sq_int(&q, 4, limit);
	return post_rows(&q, a, limit, out);
}

/* store_post_history: see store.h.  Every earlier version. */
int sq_post_history(store *s, arena *a, int64_t post, struct store_post_edit_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POST_HISTORY, "post_history");
	if (rc)
		return rc;
	sq_int(&q, 1, post);
	struct store_post_edit *items = NULL;
	int n = 0, cap = 0, err = 0;
	while (!err && (rc = sq_step(&q)) == SQLITE_ROW) {
		if (n == cap && !(items = sq_grow(a, items, n, &cap, sizeof *items))) {
			err = STORE_ERR;
			break;
		}
		struct store_post_edit *e = &items[n++];
		*e = (struct store_post_edit){0};
		e->id = sqlite3_column_int64(q.st, 0);
		e->post_id = sqlite3_column_int64(q.st, 1);
		e->editor_id = sqlite3_column_int64(q.st, 2);
		err |= sq_col_str(&q, a, 3, &e->editor_name);
		err |= sq_col_str(&q, a, 4, &e->editor_handle);
		err |= sq_col_str(&q, a, 5, &e->body);
		e->edited_at = sqlite3_column_int64(q.st, 6);
	}
	if ((err = sq_list_end(&q, err, n, n + 1, rc)))
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_post_confirmed_list: see store.h.  Hidden posts too, and those of
 * archived forums: the editors look at what was written. */
int sq_post_confirmed_list(store *s, arena *a, int limit, int offset, struct store_post_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POST_CONFIRMED, "post_confirmed_list");
	if (rc)
		return rc;
	limit = sq_limit(limit);
	sq_int(&q, 1, 0); /* no reader */
	sq_int(&q, 2, limit);
	sq_int(&q, 3, offset);
	return post_rows(&q, a, limit, out);
}

/* ---- Polls ------------------------------------------------------------- */

/* Reads option row `n` of SQ_POLL_GET into *out (the poll's columns from
 * the first row). */
static int poll_row(struct sq_q *q, arena *a, int n, struct store_poll *out)
{
	int err = 0;
	if (n == 0) {
		err |= sq_col_str(q, a, 0, &out->question);
		out->multiple = sqlite3_column_int(q->st, 1) != 0;
		out->closes_at = sqlite3_column_int64(q->st, 2);
		out->voters = sqlite3_column_int64(q->st, 3);
		out->voted = sqlite3_column_int(q->st, 4) != 0;
	}
	struct store_poll_option *o = &out->options[n];
	o->id = sqlite3_column_int64(q->st, 5);
	err |= sq_col_str(q, a, 6, &o->label);
	o->votes = sqlite3_column_int64(q->st, 7);
	o->mine = sqlite3_column_int(q->st, 8) != 0;
	return err ? STORE_ERR : 0;
}

/* store_poll_get: see store.h.  The poll of a deleted topic too (the
 * caller decides, as for the topic). */
int sq_poll_get(store *s, arena *a, int64_t topic, int64_t reader, struct store_poll *out)
{
	*out = (struct store_poll){.topic_id = topic};
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POLL_GET, "poll_get");
	if (rc)
		return rc;
	sq_int(&q, 1, topic);
	sq_int(&q, 2, reader);
	int n = 0, err = 0;
	while (!err && n < STORE_POLL_OPTIONS_MAX && (rc = sq_step(&q)) == SQLITE_ROW)
		err = poll_row(&q, a, n++, out);
	if ((err = sq_list_end(&q, err, n, STORE_POLL_OPTIONS_MAX, rc)))
		return err;
	if (n == 0)
		return STORE_ENOTFOUND;
	out->noptions = n;
	return 0;
}
