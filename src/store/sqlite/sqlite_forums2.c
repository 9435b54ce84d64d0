/* sqlite_forums2.c: the forum writes in the SQLite backend: topics (with
 * their polls) and posts made, edited, deleted and liked, moderation,
 * votes, read marks and watches.
 *
 * Invariants: each write that moves a count (a forum's topics, posts and
 * latest post time; a topic's replies and latest post; a post's likes)
 * moves it in the same BEGIN IMMEDIATE transaction as the row it counts,
 * and its notifications and audit row go in that transaction too, so the
 * counts always equal what they count and nothing is told of a write that
 * rolled back.  Deleting is soft: a deleted post keeps its row and number;
 * deleting a topic's first post deletes the topic, and the forum's counts
 * lose every live post of it at once.  No one is notified of their own
 * doing. */
#include "sqlite_int.h"

/* What a write must know of a topic (SQ_TOPIC_STATE). */
struct topic_state {
	int64_t forum_id, author_id, reply_count, last_post_at;
	bool locked, deleted, archived;
};

/* Reads topic `id`'s state: STORE_ENOTFOUND when it is missing or deleted. */
static int topic_state(store *s, int64_t id, const char *op, struct topic_state *t)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_TOPIC_STATE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	if ((rc = sq_row(&q, false)))
		return rc;
	t->forum_id = sqlite3_column_int64(q.st, 0);
	t->author_id = sqlite3_column_int64(q.st, 1);
	t->locked = sqlite3_column_int(q.st, 2) != 0;
	t->reply_count = sqlite3_column_int64(q.st, 3);
	t->last_post_at = sqlite3_column_int64(q.st, 4);
	t->deleted = sqlite3_column_int(q.st, 5) != 0;
	t->archived = sqlite3_column_int(q.st, 6) != 0;
	sq_end(&q);
	return t->deleted ? STORE_ENOTFOUND : 0;
}

/* What a write must know of a post (SQ_POST_STATE). */
struct post_state {
	int64_t topic_id, author_id, number, forum_id, reply_count;
};

/* Reads post `id`'s state: STORE_ENOTFOUND when it is missing or deleted,
 * or its topic is. */
static int post_state(store *s, int64_t id, const char *op, struct post_state *p)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POST_STATE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	if ((rc = sq_row(&q, false)))
		return rc;
	p->topic_id = sqlite3_column_int64(q.st, 0);
	p->author_id = sqlite3_column_int64(q.st, 1);
	p->number = sqlite3_column_int64(q.st, 2);
	bool deleted = sqlite3_column_int(q.st, 3) != 0;
	p->forum_id = sqlite3_column_int64(q.st, 4);
	p->reply_count = sqlite3_column_int64(q.st, 5);
	deleted |= sqlite3_column_int(q.st, 6) != 0;
	sq_end(&q);
	return deleted ? STORE_ENOTFOUND : 0;
}

/* Notifies each member p mentions, except `author` and `actor`, of post
 * `post` (once per member and post: a repeat or an edit that keeps a
 * mention tells no one again).  At most 20 (store_post_new). */
static int notify_mentions(store *s, const struct store_post_new *p, int64_t author, int64_t actor, int64_t topic,
			   int64_t post, int64_t now)
{
	int rc = 0;
	for (int i = 0; rc == 0 && i < p->nmentions && i < 20; i++)
		if (p->mentions[i] != author && p->mentions[i] != actor)
			rc = sq_notify(s, SQ_NOTIFY_MENTION, p->mentions[i], S("mention"), actor, topic, post, now);
	return rc;
}

/* Inserts post p in `topic` (numbered after the topic's last) into *id. */
static int post_insert(store *s, int64_t topic, const struct store_post_new *p, int64_t now, int64_t *id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POST_INSERT, "post_create");
	if (rc)
		return rc;
	sq_int(&q, 1, topic);
	sq_int(&q, 2, p->author);
	sq_text(&q, 3, p->body);
	sq_text(&q, 4, p->body_html);
	sq_int(&q, 5, p->confirmed);
	sq_int(&q, 6, now);
	sq_text(&q, 7, p->image);
	if ((rc = sq_exec(&q, false)))
		return rc;
	*id = sqlite3_last_insert_rowid(q.c->db);
	return 0;
}

/* After a new post: the topic's latest post and replies, the forum's
 * counts (`topics` new topics: 0 or 1), and the author watches the topic
 * and has read it. */
static int post_counts(store *s, int64_t topic, int64_t forum, int64_t author, int64_t post, int64_t now, int topics)
{
	const char *op = "post_create";
	int rc = sq_run(s, SQ_TOPIC_LAST, op, true, SQ_INTS(topic, post, now, topics ? 0 : 1));
	if (rc == 0)
		rc = sq_run(s, SQ_FORUM_COUNTS, op, true, SQ_INTS(forum, topics, 1, now));
	if (rc == 0)
		rc = sq_run(s, SQ_WATCH_INSERT, op, false, SQ_INTS(author, topic, now));
	if (rc == 0)
		rc = sq_run(s, SQ_READ_UPSERT, op, true, SQ_INTS(author, topic, post, now));
	return rc;
}

/* Writes poll `poll` of the new topic `topic`, its options numbered from
 * 0 in the order given. */
static int poll_insert(store *s, int64_t topic, const struct store_poll_new *poll)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POLL_INSERT, "topic_create");
	if (rc)
		return rc;
	sq_int(&q, 1, topic);
	sq_text(&q, 2, poll->question);
	sq_int(&q, 3, poll->multiple);
	sq_int(&q, 4, poll->closes_at);
	if ((rc = sq_exec(&q, false)))
		return rc;
	for (int i = 0; rc == 0 && i < poll->noptions; i++) {
		if ((rc = sq_start(&q, s, SQ_POLL_OPTION_INSERT, "topic_create")))
			break;
		sq_int(&q, 1, topic);
		sq_int(&q, 2, i);
		sq_text(&q, 3, poll->options[i]);
		rc = sq_exec(&q, false);
	}
	return rc;
}

struct topic_new {
	int64_t forum;
	str title;
	const struct store_post_new *p;
	int64_t now, *topic, *post;
};

static int topic_create_body(store *s, const struct topic_new *x)
{
	bool archived;
	char slug[8];
	int rc = sq_forum_state(s, x->forum, "topic_create", &archived, slug, sizeof slug);
	if (rc || archived)
		return rc ? rc : STORE_ECONFLICT;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_TOPIC_INSERT, "topic_create")))
		return rc;
	sq_int(&q, 1, x->forum);
	sq_int(&q, 2, x->p->author);
	sq_text(&q, 3, x->title);
	sq_int(&q, 4, x->now);
	if ((rc = sq_exec(&q, false)))
		return rc;
	*x->topic = sqlite3_last_insert_rowid(q.c->db);
	if ((rc = post_insert(s, *x->topic, x->p, x->now, x->post)))
		return rc;
	if (x->p->poll && (rc = poll_insert(s, *x->topic, x->p->poll)))
		return rc;
	if ((rc = post_counts(s, *x->topic, x->forum, x->p->author, *x->post, x->now, 1)))
		return rc;
	return notify_mentions(s, x->p, x->p->author, x->p->author, *x->topic, *x->post, x->now);
}

/* store_topic_create: see store.h.  A poll with too few or too many
 * options is STORE_ERR before anything is written. */
int sq_topic_create(store *s, int64_t forum, str title, const struct store_post_new *p, int64_t now,
		    int64_t *topic, int64_t *post)
{
	struct topic_new x = {forum, title, p, now, topic, post};
	*topic = *post = 0;
	if (p->poll && (p->poll->noptions < 2 || p->poll->noptions > STORE_POLL_OPTIONS_MAX))
		return STORE_ERR;
	int rc = sq_begin(s, "topic_create");
	if (rc)
		return rc;
	rc = sq_finish(s, topic_create_body(s, &x), "topic_create");
	if (rc)
		*topic = *post = 0;
	return rc;
}

static int post_create_body(store *s, int64_t topic, const struct store_post_new *p, int64_t now, int64_t *id)
{
	struct topic_state t;
	int rc = topic_state(s, topic, "post_create", &t);
	if (rc || t.locked || t.archived)
		return rc ? rc : STORE_ECONFLICT;
	if ((rc = post_insert(s, topic, p, now, id)))
		return rc;
	if ((rc = post_counts(s, topic, t.forum_id, p->author, *id, now, 0)))
		return rc;
	/* Mentions first: a watcher who is mentioned gets the mention only. */
	if ((rc = notify_mentions(s, p, p->author, p->author, topic, *id, now)))
		return rc;
	return sq_run(s, SQ_NOTIFY_WATCHERS, "post_create", false, SQ_INTS(topic, p->author, *id, now));
}

/* store_post_create: see store.h. */
int sq_post_create(store *s, int64_t topic, const struct store_post_new *p, int64_t now, int64_t *id)
{
	int rc = sq_begin(s, "post_create");
	if (rc)
		return rc;
	rc = sq_finish(s, post_create_body(s, topic, p, now, id), "post_create");
	if (rc)
		*id = 0;
	return rc;
}

struct edit {
	int64_t id, editor;
	str title;
	const struct store_post_new *p;
	int64_t now;
};

static int post_edit_body(store *s, const struct edit *e)
{
	struct post_state ps;
	int rc = post_state(s, e->id, "post_edit", &ps);
	if (rc)
		return rc;
	if ((rc = sq_run(s, SQ_EDIT_INSERT, "post_edit", true, SQ_INTS(e->id, e->editor, e->now))))
		return rc;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_POST_UPDATE, "post_edit")))
		return rc;
	sq_int(&q, 1, e->id);
	sq_text(&q, 2, e->p->body);
	sq_text(&q, 3, e->p->body_html);
	sq_int(&q, 4, e->p->confirmed);
	sq_int(&q, 5, e->now);
	sq_text(&q, 6, e->p->image);
	if ((rc = sq_exec(&q, true)))
		return rc;
	if (e->title.n && ps.number == 1) {
		if ((rc = sq_start(&q, s, SQ_TOPIC_TITLE, "post_edit")))
			return rc;
		sq_int(&q, 1, ps.topic_id);
		sq_text(&q, 2, e->title);
		if ((rc = sq_exec(&q, true)))
			return rc;
	}
	if ((rc = notify_mentions(s, e->p, ps.author_id, e->editor, ps.topic_id, e->id, e->now)))
		return rc;
	if (e->editor == ps.author_id)
		return 0;
	return sq_forum_audit(s, e->editor, S("post.edit"), "post", e->id, STR_NULL, e->now);
}

/* store_post_edit: see store.h.  The edit's mentions come from the
 * editor; the post's author is never told of their own post. */
int sq_post_edit(store *s, int64_t id, int64_t editor, str title, const struct store_post_new *p, int64_t now)
{
	struct edit e = {id, editor, title, p, now};
	int rc = sq_begin(s, "post_edit");
	if (rc)
		return rc;
	return sq_finish(s, post_edit_body(s, &e), "post_edit");
}

int sq_post_remove(store *s, int64_t id, int64_t actor, int64_t now)
{
	const char *op = "post_delete";
	struct post_state ps;
	int rc = post_state(s, id, op, &ps);
	if (rc == 0)
		rc = sq_run(s, SQ_POST_DELETE, op, true, SQ_INTS(id, now, actor));
	if (rc)
		return rc;
	if (ps.number == 1) { /* the topic goes, and every live post of it from the counts */
		if ((rc = sq_run(s, SQ_TOPIC_DELETE, op, true, SQ_INTS(ps.topic_id, now, actor))))
			return rc;
		return sq_run(s, SQ_FORUM_COUNTS, op, true, SQ_INTS(ps.forum_id, -1, -(1 + ps.reply_count), 0));
	}
	if ((rc = sq_run(s, SQ_TOPIC_RECOUNT, op, true, SQ_INTS(ps.topic_id))))
		return rc;
	return sq_run(s, SQ_FORUM_COUNTS, op, true, SQ_INTS(ps.forum_id, 0, -1, 0));
}

/* store_post_delete: see store.h.  The forum's latest post time stays as
 * it was (it says when the forum was last active). */
int sq_post_delete(store *s, int64_t id, int64_t actor, bool staff, str reason, int64_t now)
{
	int rc = sq_begin(s, "post_delete");
	if (rc)
		return rc;
	rc = sq_post_remove(s, id, actor, now);
	if (rc == 0 && staff)
		rc = sq_forum_audit(s, actor, S("post.delete"), "post", id, reason, now);
	return sq_finish(s, rc, "post_delete");
}

/* Moves post `post`'s like count by `delta`; its author and topic. */
static int likes_move(store *s, int64_t post, int delta, int64_t *author, int64_t *topic)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POST_LIKES, "post_like");
	if (rc)
		return rc;
	sq_int(&q, 1, post);
	sq_int(&q, 2, delta);
	if ((rc = sq_row(&q, true)))
		return rc;
	*author = sqlite3_column_int64(q.st, 0);
	*topic = sqlite3_column_int64(q.st, 1);
	return sq_exec(&q, false); /* runs RETURNING to its end */
}

static int like_body(store *s, int64_t post, int64_t member, bool on, int64_t now)
{
	int64_t author = 0, topic = 0;
	int rc = on ? sq_run(s, SQ_LIKE_INSERT, "post_like", true, SQ_INTS(post, member, now))
		    : sq_run(s, SQ_LIKE_DELETE, "post_like", true, SQ_INTS(post, member));
	if (rc == STORE_ENOTFOUND && !on)
		return STORE_ECONFLICT; /* not liked */
	if (rc == 0)
		rc = likes_move(s, post, on ? 1 : -1, &author, &topic);
	if (rc || !on || author == member)
		return rc;
	return sq_notify(s, SQ_NOTIFY_LIKE, author, S("like"), member, topic, post, now);
}

/* store_post_like: see store.h.  Liking a missing or deleted post is
 * STORE_ENOTFOUND; unliking what was not liked, STORE_ECONFLICT. */
int sq_post_like(store *s, int64_t post, int64_t member, bool on, int64_t now)
{
	int rc = sq_begin(s, "post_like");
	if (rc)
		return rc;
	return sq_finish(s, like_body(s, post, member, on, now), "post_like");
}

struct mod {
	int64_t id;
	enum store_mod m;
	int64_t arg, actor;
	str reason;
	int64_t now;
};

/* Moves topic x->id (state t) to forum x->arg with its counts. */
static int topic_move(store *s, const struct mod *x, const struct topic_state *t)
{
	const char *op = "topic_moderate";
	bool archived;
	char slug[8];
	int rc = sq_forum_state(s, x->arg, op, &archived, slug, sizeof slug);
	if (rc || x->arg == t->forum_id)
		return rc;
	int64_t posts = 1 + t->reply_count;
	if ((rc = sq_run(s, SQ_TOPIC_MOVE, op, true, SQ_INTS(x->id, x->arg))))
		return rc;
	if ((rc = sq_run(s, SQ_FORUM_COUNTS, op, true, SQ_INTS(t->forum_id, -1, -posts, 0))))
		return rc;
	return sq_run(s, SQ_FORUM_COUNTS, op, true, SQ_INTS(x->arg, 1, posts, t->last_post_at));
}

static int topic_mod_body(store *s, const struct mod *x)
{
	const char *op = "topic_moderate";
	struct topic_state t;
	int rc = topic_state(s, x->id, op, &t);
	if (rc)
		return rc;
	if (x->m == STORE_MOD_MOVE)
		rc = topic_move(s, x, &t);
	else {
		int pinned = x->m == STORE_MOD_PIN ? 1 : x->m == STORE_MOD_UNPIN ? 0 : -1;
		int locked = x->m == STORE_MOD_LOCK ? 1 : x->m == STORE_MOD_UNLOCK ? 0 : -1;
		rc = sq_run(s, SQ_TOPIC_FLAGS, op, true, SQ_INTS(x->id, pinned, locked));
	}
	if (rc == 0)
		rc = sq_forum_audit(s, x->actor, str_c(store_mod_name(x->m)), "topic", x->id, x->reason, x->now);
	if (rc || x->actor == t.author_id)
		return rc;
	return sq_notify(s, SQ_NOTIFY, t.author_id, S("moderation"), x->actor, x->id, 0, x->now);
}

/* store_topic_moderate: see store.h.  Pin, unpin, lock, unlock or move
 * only (STORE_ERR for a post's action); the topic's author is told
 * ("moderation", post 0) unless they did it. */
int sq_topic_moderate(store *s, int64_t topic, enum store_mod m, int64_t arg, int64_t actor, str reason,
		      int64_t now)
{
	if (m < STORE_MOD_PIN || m > STORE_MOD_MOVE)
		return STORE_ERR;
	struct mod x = {topic, m, arg, actor, reason, now};
	int rc = sq_begin(s, "topic_moderate");
	if (rc)
		return rc;
	return sq_finish(s, topic_mod_body(s, &x), "topic_moderate");
}

static int post_mod_body(store *s, const struct mod *x)
{
	const char *op = "post_moderate";
	struct post_state ps;
	int rc = post_state(s, x->id, op, &ps);
	if (rc)
		return rc;
	int pick = x->m == STORE_MOD_PICK ? 1 : x->m == STORE_MOD_UNPICK ? 0 : -1;
	int hide = x->m == STORE_MOD_HIDE ? 1 : x->m == STORE_MOD_UNHIDE ? 0 : -1;
	if ((rc = sq_run(s, SQ_POST_FLAGS, op, true, SQ_INTS(x->id, pick, hide, x->now, x->actor))))
		return rc;
	if ((rc = sq_forum_audit(s, x->actor, str_c(store_mod_name(x->m)), "post", x->id, x->reason, x->now)))
		return rc;
	if (x->actor == ps.author_id)
		return 0;
	return sq_notify(s, SQ_NOTIFY, ps.author_id, S("moderation"), x->actor, ps.topic_id, x->id, x->now);
}

/* store_post_moderate: see store.h.  Pick, unpick, hide or unhide only
 * (STORE_ERR for a topic's action). */
int sq_post_moderate(store *s, int64_t post, enum store_mod m, int64_t actor, str reason, int64_t now)
{
	if (m < STORE_MOD_PICK || m > STORE_MOD_UNHIDE)
		return STORE_ERR;
	struct mod x = {post, m, 0, actor, reason, now};
	int rc = sq_begin(s, "post_moderate");
	if (rc)
		return rc;
	return sq_finish(s, post_mod_body(s, &x), "post_moderate");
}

/* store_topic_read: see store.h.  STORE_ENOTFOUND for an unknown topic. */
int sq_topic_read(store *s, int64_t member, int64_t topic, int64_t post, int64_t now)
{
	return sq_run(s, SQ_READ_UPSERT, "topic_read", true, SQ_INTS(member, topic, post, now));
}

/* store_topic_watch: see store.h.  Either way twice is no error; watching
 * a missing or deleted topic is STORE_ENOTFOUND. */
int sq_topic_watch(store *s, int64_t member, int64_t topic, bool on, int64_t now)
{
	if (!on)
		return sq_run(s, SQ_WATCH_DELETE, "topic_watch", false, SQ_INTS(member, topic));
	struct topic_state t;
	int rc = topic_state(s, topic, "topic_watch", &t);
	if (rc)
		return rc;
	return sq_run(s, SQ_WATCH_INSERT, "topic_watch", false, SQ_INTS(member, topic, now));
}

/* store_topic_watching: see store.h. */
int sq_topic_watching(store *s, int64_t member, int64_t topic, bool *out)
{
	int64_t v = 0;
	int rc = sq_run_int(s, SQ_WATCH_IS, "topic_watching", SQ_INTS(member, topic), &v);
	if (rc)
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*out = v != 0;
	return 0;
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

struct vote {
	int64_t topic, member;
	const int64_t *opts;
	int n;
	int64_t now;
};

/* Inside BEGIN IMMEDIATE, so no other vote runs between the check that
 * the member has not voted and their votes. */
static int vote_body(store *s, const struct vote *v)
{
	const char *op = "poll_vote";
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_POLL_STATE, op);
	if (rc)
		return rc;
	sq_int(&q, 1, v->topic);
	sq_int(&q, 2, v->member);
	if ((rc = sq_row(&q, false)))
		return rc;
	bool multiple = sqlite3_column_int(q.st, 0) != 0;
	int64_t closes_at = sqlite3_column_int64(q.st, 1);
	bool voted = sqlite3_column_int(q.st, 2) != 0;
	sq_end(&q);
	if (voted || (closes_at != 0 && closes_at <= v->now) || v->n < 1 || v->n > STORE_POLL_OPTIONS_MAX ||
	    (v->n > 1 && !multiple) || repeats(v->opts, v->n))
		return STORE_ECONFLICT;
	for (int i = 0; i < v->n; i++) {
		/* No row inserted: the option is not this poll's. */
		if ((rc = sq_run(s, SQ_POLL_VOTE_INSERT, op, true, SQ_INTS(v->topic, v->opts[i], v->member, v->now))))
			return rc;
		if ((rc = sq_run(s, SQ_POLL_OPTION_VOTED, op, true, SQ_INTS(v->topic, v->opts[i]))))
			return rc;
	}
	return sq_run(s, SQ_POLL_VOTERS, op, true, SQ_INTS(v->topic));
}

/* store_poll_vote: see store.h.  A deleted topic's poll takes no votes
 * (STORE_ENOTFOUND); more ids than a poll can have is STORE_ECONFLICT. */
int sq_poll_vote(store *s, int64_t topic, int64_t member, const int64_t *opts, int n, int64_t now)
{
	struct vote v = {topic, member, opts, n, now};
	int rc = sq_begin(s, "poll_vote");
	if (rc)
		return rc;
	return sq_finish(s, vote_body(s, &v), "poll_vote");
}
