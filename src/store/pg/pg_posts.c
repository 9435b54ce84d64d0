/* pg_posts.c: what is done to forum posts once written, in the
 * PostgreSQL backend, call for call as sqlite_forums2.c and
 * sqlite_notify.c: edits and their history, soft deletes, likes, votes
 * in polls, the champions' and editors' moderation, notifications, flags
 * and the audit list.
 *
 * Invariants: every write here is one transaction (pg_txn) with the
 * counts it moves and its audit row, so a deleted post leaves no count
 * and a staff action is never without its record.  A delete locks the
 * post's topic first, as a reply does (pg_forums.c), so the topic's
 * latest post is recomputed from what every concurrent writer committed.
 * A flag is decided once (UPDATE ... WHERE status = 'open'); every other
 * open flag on its post closes with it.  Bodies may run again after a
 * serialization failure, so each resets what it hands back first. */
#include "pg_int.h"

/* Runs a bound query whose rows the caller reads: 0 with q->res, or an
 * error with the query ended. */
static int run_rows(struct pg_q *q)
{
	int rc = pg_run(q);
	if (rc)
		pg_end(q);
	return rc;
}

struct edit_args {
	int64_t id, editor;
	str title;
	const struct store_post_new *p;
	int64_t now;
};

/* Locks the post (STORE_ENOTFOUND unless live), keeps its old text as an
 * edit row, then writes the new one. */
static int edit_body(store *s, void *arg)
{
	const struct edit_args *x = arg;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POST_FOR_EDIT, "post_edit");
	if (rc)
		return rc;
	pg_int(&q, 1, x->id);
	if ((rc = pg_row(&q)))
		return rc;
	int64_t author = pg_col_int(&q, 0, 0), number = pg_col_int(&q, 0, 1), topic = pg_col_int(&q, 0, 2);
	pg_end(&q);
	if ((rc = pg_start(&q, s, PG_EDIT_INSERT, "post_edit")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_int(&q, 2, x->editor);
	pg_int(&q, 3, x->now);
	if ((rc = pg_exec(&q, false)) || (rc = pg_start(&q, s, PG_POST_UPDATE, "post_edit")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_text(&q, 2, x->p->body);
	pg_text(&q, 3, x->p->body_html);
	pg_bool(&q, 4, x->p->confirmed);
	pg_int(&q, 5, x->now);
	pg_text(&q, 6, x->p->image);
	if ((rc = pg_exec(&q, false)))
		return rc;
	if (x->title.n && number == 1) {
		if ((rc = pg_start(&q, s, PG_TOPIC_TITLE, "post_edit")))
			return rc;
		pg_int(&q, 1, topic);
		pg_text(&q, 2, x->title);
		if ((rc = pg_exec(&q, false)))
			return rc;
	}
	if ((rc = pg_notify_mentions(s, x->p, x->editor, author, x->editor, topic, x->id, x->now)))
		return rc;
	if (x->editor == author)
		return 0;
	return pg_forum_audit(s, x->editor, S("post.edit"), "post", x->id, STR_NULL, x->now);
}

/* store_post_edit: see store.h.  One transaction. */
int pg_post_edit(store *s, int64_t id, int64_t editor, str title, const struct store_post_new *p, int64_t now)
{
	struct edit_args x = {id, editor, title, p, now};
	return pg_txn(s, "post_edit", edit_body, &x);
}

/* store_post_history: see store.h.  Every earlier version. */
int pg_post_history(store *s, arena *a, int64_t post, struct store_post_edit_list *out)
{
	struct pg_q q;
	*out = (struct store_post_edit_list){0};
	int rc = pg_start(&q, s, PG_POST_HISTORY, "post_history");
	if (rc)
		return rc;
	pg_int(&q, 1, post);
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_post_edit *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++) {
		struct store_post_edit *e = &items[i];
		*e = (struct store_post_edit){0};
		e->id = pg_col_int(&q, i, 0);
		e->post_id = pg_col_int(&q, i, 1);
		e->editor_id = pg_col_int(&q, i, 2);
		rc |= pg_col_str(&q, a, i, 3, &e->editor_name);
		rc |= pg_col_str(&q, a, i, 4, &e->editor_handle);
		rc |= pg_col_str(&q, a, i, 5, &e->body);
		e->edited_at = pg_col_int(&q, i, 6);
	}
	pg_end(&q);
	if (rc)
		return STORE_ERR;
	out->items = items;
	out->n = n;
	return 0;
}

/* A query of ($1 id, $2 now, $3 actor) giving one row of two numbers;
 * STORE_ENOTFOUND when no row. */
static int row2(store *s, enum pg_id id, const char *op, int64_t key, int64_t now, int64_t actor, int64_t *a,
		int64_t *b)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, key);
	pg_int(&q, 2, now);
	pg_int(&q, 3, actor);
	if ((rc = pg_row(&q)))
		return rc;
	*a = pg_col_int(&q, 0, 0);
	*b = pg_col_int(&q, 0, 1);
	pg_end(&q);
	return 0;
}

/* Inside a transaction: soft-deletes post `id` by `actor` and moves the
 * counts: the first post takes its topic with it (the forum loses the
 * topic and its live posts), another is one reply fewer and the topic's
 * latest post is found again.  STORE_ENOTFOUND when the post (or its
 * topic) is missing or deleted. */
static int delete_post(store *s, int64_t id, int64_t actor, int64_t now)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POST_TOPIC_LOCK, "post_delete");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	if ((rc = pg_row(&q)))
		return rc;
	pg_end(&q);
	int64_t topic, number, forum, replies;
	if ((rc = row2(s, PG_POST_DELETE, "post_delete", id, now, actor, &topic, &number)))
		return rc;
	if (number == 1) {
		if ((rc = row2(s, PG_TOPIC_DELETE, "post_delete", topic, now, actor, &forum, &replies)))
			return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
		return pg_forum_counts(s, forum, -1, -(1 + replies), 0, NULL);
	}
	if ((rc = pg_start(&q, s, PG_TOPIC_UNPOST, "post_delete")))
		return rc;
	pg_int(&q, 1, topic);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	forum = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return pg_forum_counts(s, forum, 0, -1, 0, NULL);
}

struct delete_args {
	int64_t id, actor;
	bool staff;
	str reason;
	int64_t now;
};

static int delete_body(store *s, void *arg)
{
	const struct delete_args *x = arg;
	int rc = delete_post(s, x->id, x->actor, x->now);
	if (rc || !x->staff)
		return rc;
	return pg_forum_audit(s, x->actor, S("post.delete"), "post", x->id, x->reason, x->now);
}

/* store_post_delete: see store.h.  One transaction. */
int pg_post_delete(store *s, int64_t id, int64_t actor, bool staff, str reason, int64_t now)
{
	struct delete_args x = {id, actor, staff, reason, now};
	return pg_txn(s, "post_delete", delete_body, &x);
}

/* Whether `opts` (n of them, at most STORE_POLL_OPTIONS_MAX) names an
 * option twice. */
static bool repeats(const int64_t *opts, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			if (opts[i] == opts[j])
				return true;
	return false;
}

/* Runs statement `id` of a vote with the `n` numbers `v` as $1..$n and
 * no rows: 0, or STORE_ENOTFOUND when nothing changed, or an error. */
static int vote_run(store *s, enum pg_id id, const int64_t *v, int n)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, "poll_vote");
	if (rc)
		return rc;
	for (int i = 0; i < n; i++)
		pg_int(&q, i + 1, v[i]);
	return pg_exec(&q, true);
}

struct vote_args {
	int64_t topic, member;
	const int64_t *opts;
	int n;
	int64_t now;
};

/* Locks the poll (PG_POLL_LOCK), then asks whether the member voted. */
static int vote_check(store *s, const struct vote_args *x)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_POLL_LOCK, "poll_vote");
	if (rc)
		return rc;
	pg_int(&q, 1, x->topic);
	if ((rc = pg_row(&q)))
		return rc;
	bool multiple = pg_col_bool(&q, 0, 0);
	int64_t closes_at = pg_col_int(&q, 0, 1);
	pg_end(&q);
	if ((rc = pg_start(&q, s, PG_POLL_VOTED, "poll_vote")))
		return rc;
	pg_int(&q, 1, x->topic);
	pg_int(&q, 2, x->member);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	bool voted = pg_col_bool(&q, 0, 0);
	pg_end(&q);
	if (voted || (closes_at != 0 && closes_at <= x->now) || x->n < 1 || x->n > STORE_POLL_OPTIONS_MAX ||
	    (x->n > 1 && !multiple) || repeats(x->opts, x->n))
		return STORE_ECONFLICT;
	return 0;
}

static int vote_body(store *s, void *arg)
{
	const struct vote_args *x = arg;
	int rc = vote_check(s, x);
	for (int i = 0; rc == 0 && i < x->n; i++) {
		/* No row inserted: the option is not this poll's. */
		int64_t vote[] = {x->topic, x->opts[i], x->member, x->now};
		if ((rc = vote_run(s, PG_POLL_VOTE_INSERT, vote, 4)) == 0)
			rc = vote_run(s, PG_POLL_OPTION_VOTED, vote, 2);
	}
	return rc ? rc : vote_run(s, PG_POLL_VOTERS, &x->topic, 1);
}

/* store_poll_vote: see store.h.  One transaction.  A deleted topic's poll
 * takes no votes (STORE_ENOTFOUND); more ids than a poll can have is
 * STORE_ECONFLICT. */
int pg_poll_vote(store *s, int64_t topic, int64_t member, const int64_t *opts, int n, int64_t now)
{
	struct vote_args x = {topic, member, opts, n, now};
	return pg_txn(s, "poll_vote", vote_body, &x);
}

/* Inside a transaction: notification `id` (PG_NOTIFY_*) to `member` of
 * what `actor` did to post `post` of `topic`. */
static int notify(store *s, enum pg_id id, int64_t member, int64_t actor, int64_t topic, int64_t post, int64_t now)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, "notify");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_int(&q, 2, actor);
	pg_int(&q, 3, topic);
	pg_int(&q, 4, post);
	pg_int(&q, 5, now);
	return pg_exec(&q, false);
}

struct like_args {
	int64_t post, member;
	bool on;
	int64_t now;
};

/* The like row first: the key refuses a second like (STORE_ECONFLICT),
 * a missing row an unlike. */
static int like_body(store *s, void *arg)
{
	const struct like_args *x = arg;
	struct pg_q q;
	int rc = pg_start(&q, s, x->on ? PG_LIKE_INSERT : PG_LIKE_DELETE, "post_like");
	if (rc)
		return rc;
	pg_int(&q, 1, x->post);
	pg_int(&q, 2, x->member);
	if (x->on)
		pg_int(&q, 3, x->now);
	if ((rc = pg_exec(&q, true)))
		return rc == STORE_ENOTFOUND && !x->on ? STORE_ECONFLICT : rc;
	if ((rc = pg_start(&q, s, PG_LIKE_COUNT, "post_like")))
		return rc;
	pg_int(&q, 1, x->post);
	pg_int(&q, 2, x->on ? 1 : -1);
	if ((rc = pg_row(&q)))
		return rc;
	int64_t author = pg_col_int(&q, 0, 0), topic = pg_col_int(&q, 0, 1);
	pg_end(&q);
	if (!x->on || author == x->member)
		return 0;
	return notify(s, PG_NOTIFY_LIKE, author, x->member, topic, x->post, x->now);
}

/* store_post_like: see store.h.  One transaction. */
int pg_post_like(store *s, int64_t post, int64_t member, bool on, int64_t now)
{
	struct like_args x = {post, member, on, now};
	return pg_txn(s, "post_like", like_body, &x);
}

struct mod_args {
	int64_t id;
	enum store_mod m;
	int64_t arg, actor;
	str reason;
	int64_t now;
};

/* Moves topic x->id to forum x->arg (STORE_ENOTFOUND if there is none),
 * its live posts' counts with it; the forum it joins is active as late
 * as the topic.  *author: the topic's. */
static int move_topic(store *s, const struct mod_args *x, int64_t *author)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_FORUM_SLUG, "topic_moderate");
	if (rc)
		return rc;
	pg_int(&q, 1, x->arg);
	if ((rc = pg_row(&q)))
		return rc;
	pg_end(&q);
	if ((rc = pg_start(&q, s, PG_TOPIC_MOVE, "topic_moderate")))
		return rc;
	pg_int(&q, 1, x->id);
	pg_int(&q, 2, x->arg);
	if ((rc = pg_row(&q)))
		return rc;
	*author = pg_col_int(&q, 0, 0);
	int64_t from = pg_col_int(&q, 0, 1), posts = 1 + pg_col_int(&q, 0, 2), at = pg_col_int(&q, 0, 3);
	pg_end(&q);
	if (from == x->arg)
		return 0;
	if ((rc = pg_forum_counts(s, from, -1, -posts, 0, NULL)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	return pg_forum_counts(s, x->arg, 1, posts, at, NULL);
}

/* Pins, locks (or undoes either) or moves the topic, then the audit row
 * and the author's notification. */
static int topic_mod_body(store *s, void *arg)
{
	const struct mod_args *x = arg;
	int64_t author = 0;
	int rc;
	if (x->m == STORE_MOD_MOVE) {
		rc = move_topic(s, x, &author);
	} else {
		struct pg_q q;
		bool pin = x->m == STORE_MOD_PIN || x->m == STORE_MOD_UNPIN;
		if ((rc = pg_start(&q, s, pin ? PG_TOPIC_PIN : PG_TOPIC_LOCKED, "topic_moderate")))
			return rc;
		pg_int(&q, 1, x->id);
		pg_bool(&q, 2, x->m == STORE_MOD_PIN || x->m == STORE_MOD_LOCK);
		if ((rc = pg_row(&q)) == 0) {
			author = pg_col_int(&q, 0, 0);
			pg_end(&q);
		}
	}
	if (rc)
		return rc;
	if ((rc = pg_forum_audit(s, x->actor, str_c(store_mod_name(x->m)), "topic", x->id, x->reason, x->now)))
		return rc;
	return author == x->actor ? 0 : notify(s, PG_NOTIFY_MOD, author, x->actor, x->id, 0, x->now);
}

/* store_topic_moderate: see store.h.  One transaction; a post's
 * moderation here is STORE_ERR. */
int pg_topic_moderate(store *s, int64_t topic, enum store_mod m, int64_t arg, int64_t actor, str reason,
		      int64_t now)
{
	if (m < STORE_MOD_PIN || m > STORE_MOD_MOVE)
		return STORE_ERR;
	struct mod_args x = {topic, m, arg, actor, reason, now};
	return pg_txn(s, "topic_moderate", topic_mod_body, &x);
}

/* Picks or hides (or undoes either) the post, then the audit row and the
 * author's notification. */
static int post_mod_body(store *s, void *arg)
{
	const struct mod_args *x = arg;
	bool pick = x->m == STORE_MOD_PICK || x->m == STORE_MOD_UNPICK;
	struct pg_q q;
	int rc = pg_start(&q, s, pick ? PG_POST_PICK : PG_POST_HIDE, "post_moderate");
	if (rc)
		return rc;
	pg_int(&q, 1, x->id);
	pg_bool(&q, 2, x->m == STORE_MOD_PICK || x->m == STORE_MOD_HIDE);
	if (!pick) {
		pg_int(&q, 3, x->now);
		pg_int(&q, 4, x->actor);
	}
	if ((rc = pg_row(&q)))
		return rc;
	int64_t author = pg_col_int(&q, 0, 0), topic = pg_col_int(&q, 0, 1);
	pg_end(&q);
	if ((rc = pg_forum_audit(s, x->actor, str_c(store_mod_name(x->m)), "post", x->id, x->reason, x->now)))
		return rc;
	return author == x->actor ? 0 : notify(s, PG_NOTIFY_MOD, author, x->actor, topic, x->id, x->now);
}

/* store_post_moderate: see store.h.  One transaction; a topic's
 * moderation here is STORE_ERR. */
int pg_post_moderate(store *s, int64_t post, enum store_mod m, int64_t actor, str reason, int64_t now)
{
	if (m < STORE_MOD_PICK || m >= STORE_MOD_MAX)
		return STORE_ERR;
	struct mod_args x = {post, m, 0, actor, reason, now};
	return pg_txn(s, "post_moderate", post_mod_body, &x);
}

/* Fills *n from row `row` (columns as in PG_NOTIF_LIST). */
static int notification_read(struct pg_q *q, arena *a, int row, struct store_notification *n)
{
	int err = 0;
	*n = (struct store_notification){0};
	n->id = pg_col_int(q, row, 0);
	n->member_id = pg_col_int(q, row, 1);
	n->actor_id = pg_col_int(q, row, 2);
	n->topic_id = pg_col_int(q, row, 3);
	n->post_id = pg_col_int(q, row, 4);
	err |= pg_col_str(q, a, row, 5, &n->kind);
	err |= pg_col_str(q, a, row, 6, &n->actor_name);
	err |= pg_col_str(q, a, row, 7, &n->actor_handle);
	err |= pg_col_str(q, a, row, 8, &n->topic_title);
	n->section = pg_col_section(q, row, 9);
	n->created_at = pg_col_int(q, row, 10);
	n->read = pg_col_bool(q, row, 11);
	n->forum_id = pg_col_int(q, row, 12);
	return err ? STORE_ERR : 0;
}

/* store_notification_list: see store.h. */
int pg_notification_list(store *s, arena *a, int64_t member, int limit, int offset,
			 struct store_notification_list *out, int64_t *unread)
{
	struct pg_q q;
	*out = (struct store_notification_list){0};
	*unread = 0;
	int rc = pg_start(&q, s, PG_NOTIF_UNREAD, "notification_list");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*unread = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if ((rc = pg_start(&q, s, PG_NOTIF_LIST, "notification_list")))
		return rc;
	pg_int(&q, 1, member);
	pg_int(&q, 2, pg_limit(limit));
	pg_int(&q, 3, pg_offset(offset));
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_notification *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = notification_read(&q, a, i, &items[i]);
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* store_notification_read: see store.h.  STORE_ENOTFOUND when `id` is
 * not one of the member's; all of them (id 0) may be none. */
int pg_notification_read(store *s, int64_t member, int64_t id, int64_t now)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_NOTIF_READ, "notification_read");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_int(&q, 2, id);
	pg_int(&q, 3, now);
	return pg_exec(&q, id != 0);
}

/* store_flag_create: see store.h.  No row inserted: no such live post
 * (STORE_ENOTFOUND); the partial unique index: an open flag by the same
 * reporter (STORE_ECONFLICT). */
int pg_flag_create(store *s, int64_t post, int64_t reporter, str reason, str note, int64_t now, int64_t *id)
{
	struct pg_q q;
	*id = 0;
	int rc = pg_start(&q, s, PG_FLAG_INSERT, "flag_create");
	if (rc)
		return rc;
	pg_int(&q, 1, post);
	pg_int(&q, 2, reporter);
	pg_text(&q, 3, reason);
	pg_text(&q, 4, note);
	pg_int(&q, 5, now);
	if ((rc = pg_row(&q)))
		return rc;
	*id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* Fills *f from row `row` (columns as in FLAG_SELECT). */
static int flag_read(struct pg_q *q, arena *a, int row, struct store_flag *f)
{
	str *text[] = {&f->reporter_name, &f->reporter_handle, &f->reason, &f->note, &f->status, &f->decision_note};
	int err = 0;
	*f = (struct store_flag){0};
	f->id = pg_col_int(q, row, 0);
	f->post_id = pg_col_int(q, row, 1);
	f->reporter_id = pg_col_int(q, row, 2);
	for (int i = 0; i < 6; i++)
		err |= pg_col_str(q, a, row, 3 + i, text[i]);
	f->created_at = pg_col_int(q, row, 9);
	f->decided_at = pg_col_int(q, row, 10);
	f->decided_by = pg_col_int(q, row, 11);
	f->topic_id = pg_col_int(q, row, 12);
	f->forum_id = pg_col_int(q, row, 13);
	err |= pg_col_str(q, a, row, 14, &f->topic_title);
	err |= pg_col_str(q, a, row, 15, &f->forum_name);
	err |= pg_post_read(q, a, row, 16, &f->post);
	return err ? STORE_ERR : 0;
}

/* store_flag_queue: see store.h. */
int pg_flag_queue(store *s, arena *a, int64_t champion, int limit, int offset, struct store_flag_list *out)
{
	struct pg_q q;
	*out = (struct store_flag_list){0};
	int rc = pg_start(&q, s, PG_FLAG_QUEUE, "flag_queue");
	if (rc)
		return rc;
	pg_int(&q, 1, champion);
	pg_int(&q, 2, pg_limit(limit));
	pg_int(&q, 3, pg_offset(offset));
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_flag *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = flag_read(&q, a, i, &items[i]);
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}

/* store_flag_get: see store.h. */
int pg_flag_get(store *s, arena *a, int64_t id, struct store_flag *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_FLAG_GET, "flag_get");
	if (rc)
		return rc;
	pg_int(&q, 1, id);
	if ((rc = pg_row(&q)))
		return rc;
	rc = flag_read(&q, a, 0, out);
	pg_end(&q);
	return rc;
}

/* The decisions: what the API says, the flag's status, the audit action. */
static const struct {
	const char *decision, *status, *action;
} decisions[] = {
	{"dismiss", "dismissed", "flag.dismiss"},
	{"hide", "hidden", "flag.hide"},
	{"delete", "deleted", "flag.delete"},
};

struct flag_args {
	int64_t id, actor;
	int which; /* in decisions[] */
	str note;
	int64_t now;
};

/* Decides flag x->id (STORE_ENOTFOUND unless open) and closes every
 * other open flag on its post the same way.  *post: the flagged post. */
static int flag_close(store *s, const struct flag_args *x, int64_t *post)
{
	str status = str_c(decisions[x->which].status);
	for (int step = 0; step < 2; step++) {
		struct pg_q q;
		int rc = pg_start(&q, s, step ? PG_FLAG_CLOSE : PG_FLAG_DECIDE, "flag_decide");
		if (rc)
			return rc;
		pg_int(&q, 1, step ? *post : x->id);
		pg_text(&q, 2, status);
		pg_text(&q, 3, x->note);
		pg_int(&q, 4, x->actor);
		pg_int(&q, 5, x->now);
		if (step)
			return pg_exec(&q, false);
		if ((rc = pg_row(&q)))
			return rc;
		*post = pg_col_int(&q, 0, 0);
		pg_end(&q);
	}
	return 0;
}

/* Closes the flags, then hides or deletes the post (one already deleted
 * by other hands needs nothing more), then the audit row: flag.delete
 * alone, with no post.delete row besides (as SQLite). */
static int flag_body(store *s, void *arg)
{
	const struct flag_args *x = arg;
	int64_t post = 0;
	int rc = flag_close(s, x, &post);
	if (rc)
		return rc;
	if (x->which == 1) {
		struct pg_q q;
		if ((rc = pg_start(&q, s, PG_FLAG_HIDE, "flag_decide")))
			return rc;
		pg_int(&q, 1, post);
		pg_int(&q, 2, x->now);
		pg_int(&q, 3, x->actor);
		rc = pg_exec(&q, false);
	} else if (x->which == 2) {
		rc = delete_post(s, post, x->actor, x->now);
	}
	if (rc && rc != STORE_ENOTFOUND)
		return rc;
	return pg_forum_audit(s, x->actor, str_c(decisions[x->which].action), "post", post, x->note, x->now);
}

/* store_flag_decide: see store.h.  One transaction; an unknown decision
 * is STORE_ERR. */
int pg_flag_decide(store *s, int64_t id, int64_t actor, str decision, str note, int64_t now)
{
	for (int i = 0; i < (int)(sizeof decisions / sizeof decisions[0]); i++) {
		if (str_eqc(decision, decisions[i].decision)) {
			struct flag_args x = {id, actor, i, note, now};
			return pg_txn(s, "flag_decide", flag_body, &x);
		}
	}
	return STORE_ERR;
}

/* store_audit_list: see store.h. */
int pg_audit_list(store *s, arena *a, str action_prefix, int64_t actor, int limit, int offset,
		  struct store_audit_list *out)
{
	struct pg_q q;
	*out = (struct store_audit_list){0};
	int rc = pg_start(&q, s, PG_AUDIT_LIST, "audit_list");
	if (rc)
		return rc;
	pg_text(&q, 1, action_prefix);
	pg_int(&q, 2, actor);
	pg_int(&q, 3, pg_limit(limit));
	pg_int(&q, 4, pg_offset(offset));
	if ((rc = run_rows(&q)))
		return rc;
	int n = PQntuples(q.res);
	struct store_audit_row *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++) {
		struct store_audit_row *r = &items[i];
		str *text[] = {&r->actor_name, &r->actor_handle, &r->action, &r->target, &r->detail};
		*r = (struct store_audit_row){0};
		r->id = pg_col_int(&q, i, 0);
		r->at = pg_col_int(&q, i, 1);
		r->actor = pg_col_int(&q, i, 2);
		for (int j = 0; rc == 0 && j < 5; j++)
			rc = pg_col_str(&q, a, i, 3 + j, text[j]);
	}
	pg_end(&q);
	if (rc == 0) {
		out->items = items;
		out->n = n;
	}
	return rc;
}
