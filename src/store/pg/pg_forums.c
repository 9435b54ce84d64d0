/* pg_forums.c: forums, champions, topics (with their polls), new posts
 * and reading them, polls and the confirmed posts, reading marks and
 * watches in the PostgreSQL backend, call for call as sqlite_forums.c and
 * sqlite_forums2.c (pg_posts.c has what is done to posts afterwards:
 * edits, deletes, likes, votes, moderation, flags, notifications, the
 * audit list).
 *
 * Invariants: the counts (forums.topic_count, post_count, last_post_at;
 * topics.reply_count, last_post_id, last_post_at) move in the transaction
 * of the write that changes what they count, so lists never count.  A
 * reply first locks its topic row (PG_TOPIC_LOCK), so concurrent replies
 * queue there and each takes the next number and becomes the latest post
 * in turn; a new topic first moves its forum's counts, whose row lock
 * tells at once whether the forum exists and is open.  The topic lock
 * is FOR NO KEY UPDATE, so rows that merely refer to the topic (a like's
 * notification, a watch) never wait on it.  Mentions are written before
 * the watchers' replies, which skip whoever a mention reached.  Bodies
 * run by pg_txn may run again after a serialization failure, so each
 * resets what it hands back first.  Strings handed out are copies in the
 * caller's arena. */
#include "pg_int.h"

#include <stdio.h>

/* Runs a bound query whose rows the caller reads: 0 with q->res, or an
 * error with the query ended. */
static int run_rows(struct pg_q *q)
{
	int rc = pg_run(q);
	if (rc)
		pg_end(q);
	return rc;
}

/* The section named in a text column (the CHECK allows only the four,
 * 'group' among them since migration 10). */
enum store_section pg_col_section(struct pg_q *q, int row, int col)
{
	int sec = store_section_parse(str_c(PQgetvalue(q->res, row, col)));
	return sec < 0 ? STORE_SECTION_OPEN_CLINICAL : (enum store_section)sec;
}

/* Fills *f from row `row` (columns as in FORUM_COLS). */
static int forum_read(struct pg_q *q, arena *a, int row, struct store_forum *f)
{
	int err = 0;
	*f = (struct store_forum){0};
	f->id = pg_col_int(q, row, 0);
	err |= pg_col_str(q, a, row, 1, &f->slug);
	err |= pg_col_str(q, a, row, 2, &f->name);
	err |= pg_col_str(q, a, row, 3, &f->description);
	f->section = pg_col_section(q, row, 4);
	f->position = pg_col_int(q, row, 5);
	f->archived = pg_col_bool(q, row, 6);
	f->topic_count = pg_col_int(q, row, 7);
	f->post_count = pg_col_int(q, row, 8);
	f->last_post_at = pg_col_int(q, row, 9);
	f->created_at = pg_col_int(q, row, 10);
	return err ? STORE_ERR : 0;
}

/* An audit row of a forum action: at `now` (as the SQLite backend's),
 * target "KIND:ID". */
int pg_forum_audit(store *s, int64_t actor, str action, const char *kind, int64_t id, str detail, int64_t now)
{
	char target[48];
	snprintf(target, sizeof target, "%s:%lld", kind, (long long)id);
	struct pg_q q;
	int rc = pg_start(&q, s, PG_AUDIT_INSERT, "forum_audit");
	if (rc)
		return rc;
	pg_int(&q, 1, now);
	pg_int(&q, 2, actor);
	pg_text(&q, 3, action);
	pg_text(&q, 4, str_c(target));
	pg_text(&q, 5, detail);
	return pg_exec(&q, false);
}

struct forum_args {
	const struct store_forum *f;
	int64_t actor, now, *id;
};

static int forum_create_body(store *s, void *arg)
{
	const struct forum_args *x = arg;
	*x->id = 0;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_FORUM_INSERT, "forum_create");
	if (rc)
		return rc;
	pg_text(&q, 1, x->f->slug);
	pg_text(&q, 2, x->f->name);
	pg_text(&q, 3, x->f->description);
	pg_text(&q, 4, str_c(store_section_name(x->f->section)));
	pg_int(&q, 5, x->f->position);
	pg_int(&q, 6, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*x->id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return pg_forum_audit(s, x->actor, S("forum.create"), "forum", *x->id, x->f->slug, x->now);
}

/* store_forum_create: see store.h.  One transaction with its audit row;
 * the unique index on lower(slug) gives STORE_ECONFLICT. */
int pg_forum_create(store *s, const struct store_forum *f, int64_t actor, int64_t now, int64_t *id)
{
	struct forum_args x = {f, actor, now, id};
	int rc = pg_txn(s, "forum_create", forum_create_body, &x);
	if (rc)
		*id = 0;
	return rc;
}

/* The update returns the slug, which the audit row names while the
 * result is still held (inside the transaction the connection stays). */
static int forum_update_body(store *s, void *arg)
{
	const struct forum_args *x = arg;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_FORUM_UPDATE, "forum_update");
	if (rc)
		return rc;
	pg_int(&q, 1, x->f->id);
	pg_text(&q, 2, x->f->name);
	pg_text(&q, 3, x->f->description);
	pg_int(&q, 4, x->f->position);
	pg_bool(&q, 5, x->f->archived);
	if ((rc = pg_row(&q)))
		return rc;
	str slug = {PQgetvalue(q.res, 0, 0), (size_t)PQgetlength(q.res, 0, 0)};
	rc = pg_forum_audit(s, x->actor, S("forum.update"), "forum", x->f->id, slug, x->now);
	pg_end(&q);
	return rc;
}

/* store_forum_update: see store.h.  One transaction. */
int pg_forum_update(store *s, const struct store_forum *f, int64_t actor, int64_t now)
{
	struct forum_args x = {f, actor, now, NULL};
	return pg_txn(s, "forum_update", forum_update_body, &x);
}

/* store_forum_list: see store.h. */
int pg_forum_list(store *s, arena *a, bool archived_too, struct store_forum_list *out)
{
	struct pg_q q;
	*out = (struct store_forum_list){0};
	int rc = pg_start(&q, s, PG_FORUM_LIST, "forum_list");
	if (rc)
		return rc;
	pg_bool(&q, 1, archived_too);
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_forum *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = forum_read(&q, a, i, &items[i]);
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* One forum by a bound query; STORE_ENOTFOUND if none. */
static int forum_one(struct pg_q *q, arena *a, struct store_forum *out)
{
	int rc = pg_row(q);
	if (rc)
		return rc;
	rc = forum_read(q, a, 0, out);
	pg_end(q);
	return rc;
}

/* store_forum_by_slug: see store.h.  Case-insensitive, as SQLite's NOCASE. */
int pg_forum_by_slug(store *s, arena *a, str slug, struct store_forum *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_FORUM_BY_SLUG, "forum_by_slug");
	if (rc)
		return rc;
	pg_text(&q, 1, slug);
	return forum_one(&q, a, out);
}

/* store_forum_by_id: see store.h. */
int pg_forum_by_id(store *s, arena *a, int64_t id, struct store_forum *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_FORUM_BY_ID, "forum_by_id");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	return forum_one(&q, a, out);
}

/* Inside a transaction: adds `topics` and `posts` to forum `forum`'s
 * counts (negative: takes away) and moves the time of its latest post up
 * to `at` (0: never).  *archived (may be NULL): whether the forum is
 * archived.  STORE_ENOTFOUND when there is no such forum. */
int pg_forum_counts(store *s, int64_t forum, int64_t topics, int64_t posts, int64_t at, bool *archived)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_FORUM_COUNTS, "forum_counts");
	if (rc)
		return rc;
	pg_int(&q, 1, forum);
	pg_int(&q, 2, topics);
	pg_int(&q, 3, posts);
	pg_int(&q, 4, at);
	if ((rc = pg_row(&q)))
		return rc;
	if (archived)
		*archived = pg_col_bool(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* Runs a statement of ($1 a, $2 b); no rows read.  `change`:
 * STORE_ENOTFOUND when nothing changed. */
static int exec2(store *s, enum pg_id id, const char *op, int64_t a, int64_t b, bool change)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, a);
	pg_int(&q, 2, b);
	return pg_exec(&q, change);
}

/* Sets or clears the member's champion bit (see PG_CHAMPION_ROLE). */
static int champion_role(store *s, int64_t member, bool on)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_CHAMPION_ROLE, "champion_set");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_bool(&q, 2, on);
	return pg_exec(&q, on); /* appointing finds the member, or nothing */
}

struct champion_args {
	int64_t forum, member;
	bool on;
	int64_t actor, now;
};

/* The forum's row first (STORE_ENOTFOUND), its slug held for the audit. */
static int champion_body(store *s, void *arg)
{
	const struct champion_args *x = arg;
	struct pg_q fq, q;
	int rc = pg_start(&fq, s, PG_FORUM_SLUG, "champion_set");
	if (rc)
		return rc;
	pg_int(&fq, 1, x->forum);
	if ((rc = pg_row(&fq)))
		return rc;
	if (x->on) {
		if ((rc = champion_role(s, x->member, true)) == 0 &&
		    (rc = pg_start(&q, s, PG_CHAMPION_INSERT, "champion_set")) == 0) {
			pg_int(&q, 1, x->forum);
			pg_int(&q, 2, x->member);
			pg_int(&q, 3, x->now);
			rc = pg_exec(&q, false);
		}
	} else if ((rc = exec2(s, PG_CHAMPION_DELETE, "champion_set", x->forum, x->member, true)) == 0) {
		rc = champion_role(s, x->member, false);
	}
	if (rc == 0) {
		str slug = {PQgetvalue(fq.res, 0, 0), (size_t)PQgetlength(fq.res, 0, 0)};
		rc = pg_forum_audit(s, x->actor, x->on ? S("champion.appoint") : S("champion.remove"), "member",
				    x->member, slug, x->now);
	}
	pg_end(&fq);
	return rc;
}

/* store_champion_set: see store.h.  One transaction.  Appointing again is
 * no error (the row stays, the bit is set, the audit says so again). */
int pg_champion_set(store *s, int64_t forum, int64_t member, bool on, int64_t actor, int64_t now)
{
	struct champion_args x = {forum, member, on, actor, now};
	return pg_txn(s, "champion_set", champion_body, &x);
}

/* store_champion_list: see store.h.  Every champion (a forum has few). */
int pg_champion_list(store *s, arena *a, int64_t forum, struct store_member_list *out)
{
	struct pg_q q;
	*out = (struct store_member_list){0};
	int rc = pg_start(&q, s, PG_CHAMPION_LIST, "champion_list");
	if (rc)
		return rc;
	pg_int(&q, 1, forum);
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_member *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = pg_member_read(&q, a, i, &items[i]);
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* One boolean from a bound query of one row. */
static int bool_of(struct pg_q *q, bool *out)
{
	int rc = pg_row(q);
	if (rc)
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*out = pg_col_bool(q, 0, 0);
	pg_end(q);
	return 0;
}

/* store_champion_is: see store.h. */
int pg_champion_is(store *s, int64_t forum, int64_t member, bool *out)
{
	struct pg_q q;
	*out = false;
	int rc = pg_start(&q, s, PG_CHAMPION_IS, "champion_is");
	if (rc)
		return rc;
	pg_int(&q, 1, forum);
	pg_int(&q, 2, member);
	return bool_of(&q, out);
}

/* Fills *t from row `row` (columns as in TOPIC_SELECT). */
static int topic_row(struct pg_q *q, arena *a, int row, struct store_topic *t)
{
	str *text[] = {&t->title, &t->author_name, &t->author_handle};
	int err = 0;
	*t = (struct store_topic){0};
	t->id = pg_col_int(q, row, 0);
	t->forum_id = pg_col_int(q, row, 1);
	t->author_id = pg_col_int(q, row, 2);
	for (int i = 0; i < 3; i++)
		err |= pg_col_str(q, a, row, 3 + i, text[i]);
	t->author_verified = pg_col_bool(q, row, 6);
	err |= pg_col_str(q, a, row, 7, &t->forum_slug);
	err |= pg_col_str(q, a, row, 8, &t->forum_name);
	t->section = pg_col_section(q, row, 9);
	t->created_at = pg_col_int(q, row, 10);
	t->last_post_at = pg_col_int(q, row, 11);
	t->last_post_id = pg_col_int(q, row, 12);
	t->reply_count = pg_col_int(q, row, 13);
	t->pinned = pg_col_bool(q, row, 14);
	t->locked = pg_col_bool(q, row, 15);
	t->deleted = pg_col_bool(q, row, 16);
	err |= pg_col_str(q, a, row, 17, &t->last_author_name);
	err |= pg_col_str(q, a, row, 18, &t->last_author_handle);
	t->seen = pg_col_bool(q, row, 19);
	t->unread = pg_col_bool(q, row, 20);
	t->read_post_id = pg_col_int(q, row, 21);
	t->version = pg_col_int(q, row, 22);
	t->authors = pg_col_int(q, row, 23);
	return err ? STORE_ERR : 0;
}

/* Reads every row of a bound topic query into *out and ends the query. */
static int topic_rows(struct pg_q *q, arena *a, struct store_topic_list *out)
{
	*out = (struct store_topic_list){0};
	int rc = run_rows(q);
	if (rc)
		return rc;
	int n = PQntuples(q->res);
	struct store_topic *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = topic_row(q, a, i, &items[i]);
	pg_end(q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* Inside a transaction: p's mentions (at most 20, as store_post_new
 * says) of post `post` in `topic`, each member told once per post (the
 * statement skips one told already and deleted members), never `skip1` or
 * `skip2` (the writer, the post's author). */
int pg_notify_mentions(store *s, const struct store_post_new *p, int64_t skip1, int64_t skip2, int64_t actor,
		       int64_t topic, int64_t post, int64_t now)
{
	int rc = 0;
	for (int i = 0; rc == 0 && p->mentions && i < p->nmentions && i < 20; i++) {
		int64_t who = p->mentions[i];
		if (who <= 0 || who == skip1 || who == skip2)
			continue;
		struct pg_q q;
		if ((rc = pg_start(&q, s, PG_NOTIFY_MENTION, "notify_mention")))
			break;
		pg_int(&q, 1, who);
		pg_int(&q, 2, actor);
		pg_int(&q, 3, topic);
		pg_int(&q, 4, post);
		pg_int(&q, 5, now);
		rc = pg_exec(&q, false);
	}
	return rc;
}

/* Inside a transaction: the author watches `topic` and has read it up to
 * post `post`. */
static int watch_and_read(store *s, int64_t member, int64_t topic, int64_t post, int64_t now)
{
	int rc = pg_topic_watch(s, member, topic, true, now);
	return rc ? rc : pg_topic_read(s, member, topic, post, now);
}

/* Inside a transaction: writes post `p` as the next of `topic` (locked
 * by the caller or new), makes it the topic's latest (`replies` added to
 * its count) and marks it watched and read by its author.  *post: its id. */
static int add_post(store *s, int64_t topic, const struct store_post_new *p, int64_t replies, int64_t now,
		    int64_t *post)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POST_INSERT, "post_create");
	if (rc)
		return rc;
	pg_int(&q, 1, topic);
	pg_int(&q, 2, p->author);
	pg_text(&q, 3, p->body);
	pg_text(&q, 4, p->body_html);
	pg_bool(&q, 5, p->confirmed);
	pg_int(&q, 6, now);
	pg_text(&q, 7, p->image);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*post = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = pg_start(&q, s, PG_TOPIC_POSTED, "post_create")))
		return rc;
	pg_int(&q, 1, topic);
	pg_int(&q, 2, *post);
	pg_int(&q, 3, now);
	pg_int(&q, 4, replies);
	if ((rc = pg_exec(&q, true)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	return watch_and_read(s, p->author, topic, *post, now);
}

/* Inside a transaction: poll `poll` of the new topic `topic`, its options
 * numbered from 0 in the order given. */
static int add_poll(store *s, int64_t topic, const struct store_poll_new *poll)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POLL_INSERT, "topic_create");
	if (rc)
		return rc;
	pg_int(&q, 1, topic);
	pg_text(&q, 2, poll->question);
	pg_bool(&q, 3, poll->multiple);
	pg_int(&q, 4, poll->closes_at);
	if ((rc = pg_exec(&q, false)))
		return rc;
	for (int i = 0; rc == 0 && i < poll->noptions; i++) {
		if ((rc = pg_start(&q, s, PG_POLL_OPTION_INSERT, "topic_create")))
			break;
		pg_int(&q, 1, topic);
		pg_int(&q, 2, i);
		pg_text(&q, 3, poll->options[i]);
		rc = pg_exec(&q, false);
	}
	return rc;
}

struct topic_args {
	int64_t forum;
	str title;
	const struct store_post_new *p;
	int64_t now, *topic, *post;
};

/* The forum's counts move first: the row lock, and whether it exists
 * and is open (an archived one rolls the whole back). */
static int topic_create_body(store *s, void *arg)
{
	const struct topic_args *x = arg;
	*x->topic = *x->post = 0;
	bool archived = false;
	int rc = pg_forum_counts(s, x->forum, 1, 1, x->now, &archived);
	if (rc || archived)
		return rc ? rc : STORE_ECONFLICT;
	struct pg_q q;
	if ((rc = pg_start(&q, s, PG_TOPIC_INSERT, "topic_create")))
		return rc;
	pg_int(&q, 1, x->forum);
	pg_int(&q, 2, x->p->author);
	pg_text(&q, 3, x->title);
	pg_int(&q, 4, x->now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*x->topic = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = add_post(s, *x->topic, x->p, 0, x->now, x->post)))
		return rc;
	if (x->p->poll && (rc = add_poll(s, *x->topic, x->p->poll)))
		return rc;
	return pg_notify_mentions(s, x->p, x->p->author, x->p->author, x->p->author, *x->topic, *x->post, x->now);
}

/* See pg_int.h: topic_create_body, for a caller inside its transaction. */
int pg_topic_insert(store *s, int64_t forum, str title, const struct store_post_new *p, int64_t now,
		    int64_t *topic, int64_t *post)
{
	struct topic_args x = {forum, title, p, now, topic, post};
	return topic_create_body(s, &x);
}

/* store_topic_create: see store.h.  One transaction; a poll with too few
 * or too many options is STORE_ERR before anything is written. */
int pg_topic_create(store *s, int64_t forum, str title, const struct store_post_new *p, int64_t now,
		    int64_t *topic, int64_t *post)
{
	struct topic_args x = {forum, title, p, now, topic, post};
	*topic = *post = 0;
	if (p->poll && (p->poll->noptions < 2 || p->poll->noptions > STORE_POLL_OPTIONS_MAX))
		return STORE_ERR;
	int rc = pg_txn(s, "topic_create", topic_create_body, &x);
	if (rc)
		*topic = *post = 0;
	return rc;
}

/* store_topic_get: see store.h. */
int pg_topic_get(store *s, arena *a, int64_t id, int64_t reader, struct store_topic *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_TOPIC_GET, "topic_get");
	if (rc)
		return rc;
	pg_int(&q, 1, reader);
	pg_int(&q, 2, id);
	if ((rc = pg_row(&q)))
		return rc;
	rc = topic_row(&q, a, 0, out);
	pg_end(&q);
	return rc;
}

/* store_topic_list: see store.h.  The total is the forum's kept count. */
int pg_topic_list(store *s, arena *a, int64_t forum, int64_t reader, int limit, int offset,
		  struct store_topic_list *out, int64_t *total)
{
	struct pg_q q;
	*total = 0;
	*out = (struct store_topic_list){0};
	int rc = pg_start(&q, s, PG_TOPIC_TOTAL, "topic_list");
	if (rc)
		return rc;
	pg_int(&q, 1, forum);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? 0 : rc; /* no forum: no topics */
	*total = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = pg_start(&q, s, PG_TOPIC_LIST, "topic_list")))
		return rc;
	pg_int(&q, 1, reader);
	pg_int(&q, 2, forum);
	pg_int(&q, 3, pg_limit(limit));
	pg_int(&q, 4, pg_offset(offset));
	return topic_rows(&q, a, out);
}

/* store_topic_latest: see store.h.  Without a reader, unread_only
 * leaves the topics posted to since `since` (none was ever read). */
int pg_topic_latest(store *s, arena *a, unsigned sections, int64_t reader, bool unread_only, int64_t since,
		    int limit, int offset, struct store_topic_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_TOPIC_LATEST, "topic_latest");
	if (rc)
		return rc;
	pg_int(&q, 1, reader);
	pg_int(&q, 2, sections & STORE_SECTIONS_ALL);
	pg_bool(&q, 3, unread_only);
	pg_int(&q, 4, since);
	pg_int(&q, 5, pg_limit(limit));
	pg_int(&q, 6, pg_offset(offset));
	return topic_rows(&q, a, out);
}

/* store_topic_by_author: see store.h. */
int pg_topic_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit,
		       struct store_topic_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_TOPIC_BY_AUTHOR, "topic_by_author");
	if (rc)
		return rc;
	pg_int(&q, 1, 0); /* no reader */
	pg_int(&q, 2, author);
	pg_int(&q, 3, sections & STORE_SECTIONS_ALL);
	pg_int(&q, 4, pg_limit(limit));
	return topic_rows(&q, a, out);
}

struct reply_args {
	int64_t topic;
	const struct store_post_new *p;
	int64_t now, *id;
};

/* The topic's row lock first: replies queue there, so each takes the
 * next number.  Mentions before the watchers, who skip those mentioned. */
static int reply_body(store *s, void *arg)
{
	const struct reply_args *x = arg;
	*x->id = 0;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_TOPIC_LOCK, "post_create");
	if (rc)
		return rc;
	pg_int(&q, 1, x->topic);
	if ((rc = pg_row(&q)))
		return rc;
	bool closed = pg_col_bool(&q, 0, 0) || pg_col_bool(&q, 0, 1);
	int64_t forum = pg_col_int(&q, 0, 2);
	pg_end(&q);
	if (closed)
		return STORE_ECONFLICT;
	int64_t author = x->p->author;
	if ((rc = add_post(s, x->topic, x->p, 1, x->now, x->id)) ||
	    (rc = pg_forum_counts(s, forum, 0, 1, x->now, NULL)) ||
	    (rc = pg_notify_mentions(s, x->p, author, author, author, x->topic, *x->id, x->now)))
		return rc;
	if ((rc = pg_start(&q, s, PG_NOTIFY_WATCHERS, "post_create")))
		return rc;
	pg_int(&q, 1, x->topic);
	pg_int(&q, 2, author);
	pg_int(&q, 3, *x->id);
	pg_int(&q, 4, x->now);
	return pg_exec(&q, false);
}

/* store_post_create: see store.h.  One transaction. */
int pg_post_create(store *s, int64_t topic, const struct store_post_new *p, int64_t now, int64_t *id)
{
	struct reply_args x = {topic, p, now, id};
	int rc = pg_txn(s, "post_create", reply_body, &x);
	if (rc)
		*id = 0;
	return rc;
}

/* Fills *p from row `row`, columns from `col` on (as in POST_COLS). */
int pg_post_read(struct pg_q *q, arena *a, int row, int col, struct store_post *p)
{
	int err = 0;
	*p = (struct store_post){0};
	p->id = pg_col_int(q, row, col);
	p->topic_id = pg_col_int(q, row, col + 1);
	p->author_id = pg_col_int(q, row, col + 2);
	err |= pg_col_str(q, a, row, col + 3, &p->author_name);
	err |= pg_col_str(q, a, row, col + 4, &p->author_handle);
	p->author_verified = pg_col_bool(q, row, col + 5);
	p->author_roles = (unsigned)pg_col_int(q, row, col + 6);
	p->author_champion = pg_col_bool(q, row, col + 7);
	err |= pg_col_str(q, a, row, col + 8, &p->body);
	err |= pg_col_str(q, a, row, col + 9, &p->body_html);
	p->created_at = pg_col_int(q, row, col + 10);
	p->edited_at = pg_col_int(q, row, col + 11);
	p->edit_count = pg_col_int(q, row, col + 12);
	p->like_count = pg_col_int(q, row, col + 13);
	p->deleted = pg_col_bool(q, row, col + 14);
	p->hidden = pg_col_bool(q, row, col + 15);
	p->pick = pg_col_bool(q, row, col + 16);
	p->liked = pg_col_bool(q, row, col + 17);
	p->confirmed = pg_col_bool(q, row, col + 18);
	p->number = pg_col_int(q, row, col + 19);
	p->forum_id = pg_col_int(q, row, col + 20);
	p->section = pg_col_section(q, row, col + 21);
	err |= pg_col_str(q, a, row, col + 22, &p->topic_title);
	err |= pg_col_str(q, a, row, col + 23, &p->image);
	return err ? STORE_ERR : 0;
}

/* Reads every row of a bound post query into *out and ends the query. */
static int post_rows(struct pg_q *q, arena *a, struct store_post_list *out)
{
	*out = (struct store_post_list){0};
	int rc = run_rows(q);
	if (rc)
		return rc;
	int n = PQntuples(q->res);
	struct store_post *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = pg_post_read(q, a, i, 0, &items[i]);
	pg_end(q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* store_post_get: see store.h. */
int pg_post_get(store *s, arena *a, int64_t id, int64_t reader, struct store_post *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POST_GET, "post_get");
	if (rc)
		return rc;
	pg_int(&q, 1, reader);
	pg_int(&q, 2, id);
	if ((rc = pg_row(&q)))
		return rc;
	rc = pg_post_read(&q, a, 0, 0, out);
	pg_end(&q);
	return rc;
}

/* store_topic_posts: see store.h. */
int pg_topic_posts(store *s, arena *a, int64_t topic, int64_t reader, int limit, int offset,
		   struct store_post_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_TOPIC_POSTS, "topic_posts");
	if (rc)
		return rc;
	pg_int(&q, 1, reader);
	pg_int(&q, 2, topic);
	pg_int(&q, 3, pg_limit(limit));
	pg_int(&q, 4, pg_offset(offset));
	return post_rows(&q, a, out);
}

/* store_posts_liked: see store.h.  One query for the page's posts with
 * likes (most have none, and then none is asked). */
int pg_posts_liked(store *s, int64_t reader, struct store_post_list *pl)
{
	char ids[24 * 100 + 2];
	size_t n = 0;
	for (int i = 0; i < pl->n; i++) {
		pl->items[i].liked = false;
		if (!reader || pl->items[i].like_count <= 0)
			continue;
		int w = snprintf(ids + n, sizeof ids - n, "%c%lld", n ? ',' : '{', (long long)pl->items[i].id);
		if (w < 0 || (size_t)w >= sizeof ids - n - 1)
			return STORE_ERR; /* more posts than a page holds (pg_limit) */
		n += (size_t)w;
	}
	if (!n)
		return 0;
	ids[n++] = '}';
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POSTS_LIKED, "posts_liked");
	if (rc)
		return rc;
	pg_int(&q, 1, reader);
	pg_text(&q, 2, (str){ids, n});
	if ((rc = run_rows(&q)))
		return rc;
	for (int r = 0; r < PQntuples(q.res); r++) {
		int64_t id = pg_col_int(&q, r, 0);
		for (int i = 0; i < pl->n; i++)
			if (pl->items[i].id == id)
				pl->items[i].liked = true;
	}
	pg_end(&q);
	return 0;
}

/* store_post_by_author: see store.h.  Posts of deleted topics are gone
 * with them. */
int pg_post_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit,
		      struct store_post_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POST_BY_AUTHOR, "post_by_author");
	if (rc)
		return rc;
	pg_int(&q, 1, author);
	pg_int(&q, 2, sections & STORE_SECTIONS_ALL);
	pg_int(&q, 3, pg_limit(limit));
	return post_rows(&q, a, out);
}

/* store_posts_for_export: see store.h. */
int pg_posts_for_export(store *s, arena *a, int64_t author, int64_t after, int limit, struct store_post_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POST_EXPORT, "posts_for_export");
	if (rc)
		return rc;
	pg_int(&q, 1, author);
	pg_int(&q, 2, after);
	pg_int(&q, 3, pg_limit(limit));
	return post_rows(&q, a, out);
}

/* store_post_confirmed_list: see store.h.  Hidden posts too, and those of
 * archived forums: the editors look at what was written. */
int pg_post_confirmed_list(store *s, arena *a, int limit, int offset, struct store_post_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POST_CONFIRMED, "post_confirmed_list");
	if (rc)
		return rc;
	pg_int(&q, 1, pg_limit(limit));
	pg_int(&q, 2, pg_offset(offset));
	return post_rows(&q, a, out);
}

/* Fills option `row` of PG_POLL_GET into *out (the poll's columns from
 * the first row). */
static int poll_row(struct pg_q *q, arena *a, int row, struct store_poll *out)
{
	int err = 0;
	if (row == 0) {
		err |= pg_col_str(q, a, 0, 0, &out->question);
		out->multiple = pg_col_bool(q, 0, 1);
		out->closes_at = pg_col_int(q, 0, 2);
		out->voters = pg_col_int(q, 0, 3);
		out->voted = pg_col_bool(q, 0, 4);
	}
	struct store_poll_option *o = &out->options[row];
	o->id = pg_col_int(q, row, 5);
	err |= pg_col_str(q, a, row, 6, &o->label);
	o->votes = pg_col_int(q, row, 7);
	o->mine = pg_col_bool(q, row, 8);
	return err ? STORE_ERR : 0;
}

/* store_poll_get: see store.h.  The poll of a deleted topic too (the
 * caller decides, as for the topic). */
int pg_poll_get(store *s, arena *a, int64_t topic, int64_t reader, struct store_poll *out)
{
	*out = (struct store_poll){.topic_id = topic};
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POLL_GET, "poll_get");
	if (rc)
		return rc;
	pg_int(&q, 1, topic);
	pg_int(&q, 2, reader);
	if ((rc = pg_row(&q)))
		return rc;
	int n = PQntuples(q.res);
	if (n > STORE_POLL_OPTIONS_MAX)
		n = STORE_POLL_OPTIONS_MAX;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = poll_row(&q, a, i, out);
	pg_end(&q);
	if (rc == 0)
		out->noptions = n;
	return rc;
}

/* store_topic_read: see store.h.  STORE_ENOTFOUND when there is no such
 * topic. */
int pg_topic_read(store *s, int64_t member, int64_t topic, int64_t post, int64_t now)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_READ_MARK, "topic_read");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_int(&q, 2, topic);
	pg_int(&q, 3, post);
	pg_int(&q, 4, now);
	return pg_exec(&q, true);
}

/* store_topic_watch: see store.h.  Watching twice, or stopping when not
 * watching, is fine; STORE_ENOTFOUND when there is no such topic to
 * watch. */
int pg_topic_watch(store *s, int64_t member, int64_t topic, bool on, int64_t now)
{
	if (!on)
		return exec2(s, PG_WATCH_DELETE, "topic_watch", member, topic, false);
	struct pg_q q;
	int rc = pg_start(&q, s, PG_WATCH_ADD, "topic_watch");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_int(&q, 2, topic);
	pg_int(&q, 3, now);
	return pg_exec(&q, true);
}

/* store_topic_watching: see store.h. */
int pg_topic_watching(store *s, int64_t member, int64_t topic, bool *out)
{
	struct pg_q q;
	*out = false;
	int rc = pg_start(&q, s, PG_WATCHING, "topic_watching");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_int(&q, 2, topic);
	return bool_of(&q, out);
}
