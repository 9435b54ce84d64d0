/* notify_mail.c: what members are emailed about and when.
 *
 * The fan-out (mail_fanout) reads new events of each kind behind a cursor
 * (mark "fanout:KIND", the last event id handed out; migration 14 starts
 * it at the newest id, so old history is never mailed) and queues one
 * email per event whose recipient wants it now: their mode for the kind is
 * immediate, their address is confirmed and does not bounce, they have
 * not read it on the site already, and they are under the hourly cap
 * (over it: nothing now; the event stays unread, so the next digest
 * carries it).  A batch's emails and the cursor's move are one
 * transaction (store_mail_enqueue with a compare-and-set of the mark): a
 * crash queues nothing twice, and when another node moved the cursor
 * first (STORE_ECONFLICT) this one stops.
 *
 * Digests (mail_digests): once per day (daily) or week (weekly) of the
 * member's own time zone, a member whose mode is daily or weekly for some
 * kind gets one email listing what is still unread since their last one
 * (mark "digest:MODE:ID", the time of the last), and decisions; none when
 * there is nothing, but the mark still moves.  A digest's day starts at
 * MAIL_DIGEST_HOUR local time (06:00, so it is waiting when they start
 * their day), its week on Monday at that hour; the run after it sends
 * it (runs are hourly).  The profile's time zone (none: UTC) is read at
 * each run, the offset taken at each instant (tz_offset), so a change of
 * zone or of daylight time moves the next digest with it; a day is due
 * when `now` falls in a later one than the last digest did, so never two
 * in one local day, and a missed run is made up by the next.
 *
 * What an email says is asked of the policy at send time, for the
 * recipient as they are now: the title of a topic only if they may still
 * read it (a doctor whose verification was withdrawn gets the link, not
 * the closed forum's title); nothing at all about a group or conversation
 * they are no longer in.  Never the text of a post or message: the store
 * hands none out (store_mail_event). */
#include "notify_mail.h"

#include <stdio.h>
#include <string.h>

#include "../core/log.h"
#include "../core/tz.h"
#include "../policy/policy.h"

enum {
	FANOUT_BATCH = 100, /* events per transaction (store_mail_enqueue takes 100) */
	FANOUT_ROUNDS = 20, /* batches per kind per call: the rest waits for the next */
	DIGEST_PAGE = 200,  /* candidates read at a time */
	DIGEST_ITEMS = 50,  /* lines in one digest, newest first */
	HOUR = 3600,
	DAY = 86400,
};

static const enum store_mail_kind fanout_kinds[] = {STORE_MAIL_REPLY, STORE_MAIL_MENTION, STORE_MAIL_MESSAGE,
						    STORE_MAIL_INVITATION};

int64_t mail_digest_period(enum store_mail_mode mode)
{
	return mode == STORE_MAIL_WEEKLY ? 7 * DAY : DAY;
}

/* a / b rounded down (b > 0). */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

int64_t mail_digest_slot(str zone, enum store_mail_mode mode, int64_t t)
{
	int64_t day = floor_div(t + tz_offset(zone, t) - MAIL_DIGEST_HOUR * HOUR, DAY);
	/* 1970-01-01 was a Thursday: weeks count from Monday 29 December 1969. */
	return mode == STORE_MAIL_WEEKLY ? floor_div(day + 3, 7) : day;
}

bool mail_decision_wanted(const struct mail_env *e, int64_t member)
{
	enum store_mail_mode modes[STORE_MAIL_KIND_MAX];
	if (member <= 0 || store_mail_prefs_get(e->st, member, modes) != 0)
		return true;
	return modes[STORE_MAIL_DECISION] == STORE_MAIL_IMMEDIATE;
}

/* The absolute address of site path `path`. */
static str abs_link(const struct mail_env *e, arena *a, str path)
{
	buf b;
	buf_init(&b, a);
	const char *base = e->cfg->base_url;
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	if (n)
		buf_put(&b, base, n);
	else
		buf_printf(&b, "http://%s", e->cfg->listen);
	buf_str(&b, path);
	return b.err ? STR_NULL : buf_slice(&b);
}

/* `s` as one line: control characters (CR, LF, tabs) become spaces, so a
 * title is safe in a Subject header. */
static str one_line(arena *a, str s)
{
	char *p = arena_alloc(a, s.n ? s.n : 1);
	if (!p)
		return STR_NULL;
	for (size_t i = 0; i < s.n; i++)
		p[i] = (unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f ? ' ' : s.p[i];
	return (str){p, s.n};
}

/* What the recipient may know of the thing event `ev` is about, asked
 * now: 1 they may see it (title and all), 0 the link only (a forum they
 * may no longer read: its title stays out), -1 nothing (a group or
 * conversation they are not in: no email, no digest line). */
static int visibility(const struct mail_env *e, const struct store_member *m, const struct store_mail_event *ev)
{
	struct policy_reader rd = policy_reader_of(m);
	struct policy_object o = {0};
	switch (ev->kind) {
	case STORE_MAIL_MESSAGE: {
		arena *a = arena_new(64 * 1024);
		struct store_conversation c;
		o.participant = a && store_conversation_get(e->st, a, ev->conversation_id, m->id, &c) == 0;
		arena_free(a);
		return policy_allows(&rd, ACT_CONVERSATION, &o) ? 1 : -1;
	}
	case STORE_MAIL_INVITATION:
		return policy_allows(&rd, ACT_GROUPS, NULL) ? 1 : -1;
	case STORE_MAIL_DECISION:
		return ev->topic_id ? (policy_allows(&rd, ACT_FORUM_READ, &(struct policy_object){
								     .place = 1u << ev->section}) ? 1 : 0)
				    : 1;
	default:
		break;
	}
	o.place = 1u << ev->section;
	if (ev->section == STORE_SECTION_GROUP) {
		enum store_group_role role = STORE_GROUP_NONE;
		enum store_group_status gs = STORE_GROUP_SUSPENDED;
		if (store_group_role(e->st, ev->forum_id, m->id, &role, &gs) == 0)
			o.group_role = (int)role;
		o.participant = o.group_role != STORE_GROUP_NONE;
		o.frozen = gs != STORE_GROUP_ACTIVE && gs != STORE_GROUP_ARCHIVED;
		return policy_allows(&rd, ACT_FORUM_READ, &o) ? 1 : -1;
	}
	return policy_allows(&rd, ACT_FORUM_READ, &o) ? 1 : 0;
}

/* A decision's line: what was decided, about what (its title only when
 * `titled`: a moderation in a forum they may no longer read has none). */
static str decision_line(arena *a, const struct store_mail_event *ev, bool titled)
{
	static const struct {
		const char *detail, *text;
	} lines[] = {
		{"verification approved", "Your verification as a doctor was approved"},
		{"verification rejected", "Your verification as a doctor was not approved"},
		{"verification withdrawn", "Your verification as a doctor was withdrawn: the register lists your "
					   "registration as erased or suspended"},
		{"blog approved", "Your blog was approved"},
		{"blog declined", "Your application to blog was declined"},
		{"group approved", "Your group was approved"},
		{"group declined", "Your request for a group was declined"},
		{"warning", "A moderator sent you a warning"},
		{"moderation", "A moderator acted on your post"},
	};
	const char *text = "A decision was made";
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (str_eqc(ev->detail, lines[i].detail))
			text = lines[i].text;
	buf b;
	buf_init(&b, a);
	buf_puts(&b, text);
	str t = one_line(a, ev->title);
	bool own = str_eqc(ev->detail, "blog approved") || str_eqc(ev->detail, "blog declined") ||
		   str_eqc(ev->detail, "group approved") || str_eqc(ev->detail, "group declined") ||
		   str_eqc(ev->detail, "moderation");
	if (own && titled && t.n)
		buf_printf(&b, ": \xe2\x80\x9c%.*s\xe2\x80\x9d", (int)t.n, t.p);
	return b.err ? STR_NULL : buf_slice(&b);
}

/* One line of what happened, e.g. "Ann Able replied in “Chest pain”", the
 * title left out when `titled` is false. */
static str event_line(arena *a, const struct store_mail_event *ev, bool titled)
{
	if (ev->kind == STORE_MAIL_DECISION)
		return decision_line(a, ev, titled);
	buf b;
	buf_init(&b, a);
	str who = ev->actor_name.n ? ev->actor_name : S("Someone");
	str t = one_line(a, ev->title);
	bool quote = titled && t.n;
	switch (ev->kind) {
	case STORE_MAIL_REPLY:
		buf_printf(&b, "%.*s replied in %s", (int)who.n, who.p, quote ? "" : "a topic you watch");
		break;
	case STORE_MAIL_MENTION:
		buf_printf(&b, "%.*s mentioned you in %s", (int)who.n, who.p, quote ? "" : "a post");
		break;
	case STORE_MAIL_MESSAGE:
		if (ev->detail.n && !str_eqc(ev->detail, "1"))
			buf_printf(&b, "%.*s unread messages", (int)ev->detail.n, ev->detail.p);
		else if (ev->detail.n)
			buf_puts(&b, "An unread message");
		else
			buf_printf(&b, "%.*s sent you a message", (int)who.n, who.p);
		buf_puts(&b, quote ? " in " : "");
		break;
	default:
		buf_printf(&b, "%.*s invited you to the private group %s", (int)who.n, who.p, quote ? "" : "on Rounds");
		break;
	}
	if (quote)
		buf_printf(&b, "\xe2\x80\x9c%.*s\xe2\x80\x9d", (int)t.n, t.p);
	return b.err ? STR_NULL : buf_slice(&b);
}

/* Whether member m can be written to (not suspended, address confirmed). */
static bool mailable(const struct store_member *m)
{
	return !m->suspended && m->confirmed && m->email.n;
}

/* The recipient of an event as a mail can go to them: 0 with *m filled;
 * -1 when nobody to write to (gone, suspended, address not confirmed). */
static int recipient(const struct mail_env *e, arena *a, int64_t id, struct store_member *m)
{
	if (store_member_by_id(e->st, a, id, m) != 0 || !mailable(m))
		return -1;
	return 0;
}

/* Messages queued in this batch, per member, for the hourly cap. */
struct tally {
	int64_t member[FANOUT_BATCH];
	int n[FANOUT_BATCH];
	int used;
};

static int *tally_of(struct tally *t, int64_t member)
{
	for (int i = 0; i < t->used; i++)
		if (t->member[i] == member)
			return &t->n[i];
	if (t->used == FANOUT_BATCH)
		return NULL;
	t->member[t->used] = member;
	t->n[t->used] = 0;
	return &t->n[t->used++];
}

/* Whether one more immediate email may go to `member` this hour. */
static bool under_cap(const struct mail_env *e, struct tally *t, int64_t member, int64_t now)
{
	int cap = e->cfg->mail_hourly_cap;
	int64_t sent = 0;
	int *here = tally_of(t, member);
	if (!here || store_mail_count_since(e->st, member, now - HOUR, &sent) != 0)
		return false;
	if (cap > 0 && sent + *here >= cap)
		return false;
	(*here)++;
	return true;
}

/* Member `id` went over the hourly cap with an event of time `at`: their
 * next daily digest carries what was held back (mark "capped:ID", the
 * first such time; 0 none). */
static void note_capped(const struct mail_env *e, int64_t id, int64_t at)
{
	char key[48];
	snprintf(key, sizeof key, "capped:%lld", (long long)id);
	int64_t since = 0;
	if (store_mail_mark_get(e->st, str_c(key), &since) == 0 && since == 0) {
		struct store_mail_mark mark = {str_c(key), 0, at > 1 ? at : 1};
		struct store_mail none = {0};
		store_mail_enqueue(e->st, &none, 0, &mark, at, NULL); /* a conflict: noted already */
	}
}

/* The subject and the action's label of an immediate email. */
static void immediate_words(const struct store_mail_event *ev, const char **subject, const char **label)
{
	switch (ev->kind) {
	case STORE_MAIL_REPLY:
		*subject = "New reply";
		*label = "Read the reply";
		break;
	case STORE_MAIL_MENTION:
		*subject = "You were mentioned";
		*label = "Read the post";
		break;
	case STORE_MAIL_MESSAGE:
		*subject = "New message";
		*label = "Read the message";
		break;
	default:
		*subject = "An invitation to a private group";
		*label = "Answer the invitation";
		break;
	}
}

/* Composes the immediate email for event `ev` to `m` into *out: 0, or -1. */
static int compose_immediate(const struct mail_env *e, arena *a, const struct store_member *m,
			     const struct store_mail_event *ev, bool titled, struct store_mail *out)
{
	const char *subj, *label;
	immediate_words(ev, &subj, &label);
	str t = one_line(a, ev->title);
	buf s, g;
	buf_init(&s, a);
	buf_init(&g, a);
	if (titled && t.n)
		buf_printf(&s, "%s: %.*s", subj, (int)t.n, t.p);
	else
		buf_printf(&s, "%s on Rounds", subj);
	buf_printf(&g, "Hello %.*s,", (int)m->name.n, m->name.p);
	str line = event_line(a, ev, titled);
	str *paras = arena_alloc(a, sizeof *paras);
	str link = abs_link(e, a, ev->link);
	if (s.err || g.err || !line.n || !paras || !link.n)
		return -1;
	paras[0] = line;
	struct mail_content c = {
		.subject = buf_slice(&s),
		.greeting = buf_slice(&g),
		.paras = paras,
		.nparas = 1,
		.link = link,
		.link_label = str_c(label),
	};
	return mail_compose(e, a, m->id, ev->kind, STR_NULL, m->email, &c, out);
}

/* Whether event `ev` is mailed now, and if so composes it into *out:
 * 1 composed, 0 not for now, -1 failed. */
static int fanout_one(const struct mail_env *e, arena *a, struct tally *t, const struct store_mail_event *ev,
		      int64_t now, struct store_mail *out)
{
	struct store_member m;
	enum store_mail_mode modes[STORE_MAIL_KIND_MAX];
	int64_t bounced = 0;
	if (ev->read || recipient(e, a, ev->member_id, &m) != 0)
		return 0;
	if (store_mail_prefs_get(e->st, m.id, modes) != 0 || modes[ev->kind] != STORE_MAIL_IMMEDIATE)
		return 0;
	if (store_mail_bounce_get(e->st, m.email, &bounced) != 0 || bounced)
		return 0;
	int vis = visibility(e, &m, ev);
	if (vis < 0)
		return 0;
	if (!under_cap(e, t, m.id, now)) {
		note_capped(e, m.id, ev->created_at);
		return 0;
	}
	return compose_immediate(e, a, &m, ev, vis > 0, out) == 0 ? 1 : -1;
}

/* One batch of kind `kind`: *more when a full batch was read (there may
 * be more).  0; STORE_ECONFLICT when another node moved the cursor; or an
 * error. */
static int fanout_batch(const struct mail_env *e, enum store_mail_kind kind, int64_t now, bool *more)
{
	*more = false;
	char key[40];
	snprintf(key, sizeof key, "fanout:%s", store_mail_kind_name(kind));
	int64_t after = 0;
	int rc = store_mail_mark_get(e->st, str_c(key), &after);
	if (rc)
		return rc;
	arena *a = arena_new(8u << 20);
	if (!a)
		return STORE_ERR;
	struct store_mail_event_list l;
	struct store_mail *msgs = NULL;
	struct tally *t = arena_zalloc(a, sizeof *t);
	rc = t ? store_mail_events(e->st, a, kind, after, FANOUT_BATCH, &l) : STORE_ERR;
	if (rc == 0 && l.n > 0 && !(msgs = arena_alloc(a, (size_t)l.n * sizeof *msgs)))
		rc = STORE_ERR;
	int k = 0;
	for (int i = 0; rc == 0 && i < l.n; i++) {
		int one = fanout_one(e, a, t, &l.items[i], now, &msgs[k]);
		if (one > 0)
			k++;
		else if (one < 0)
			log_warn("mail_fanout", "kind=%s seq=%lld err=\"not composed\"", store_mail_kind_name(kind),
				 (long long)l.items[i].seq);
	}
	if (rc == 0 && l.n > 0) {
		struct store_mail_mark mark = {str_c(key), after, l.items[l.n - 1].seq};
		rc = store_mail_enqueue(e->st, msgs, k, &mark, now, NULL);
		*more = rc == 0 && l.n == FANOUT_BATCH;
		if (rc == 0 && k)
			mail_sender_wake();
	}
	arena_free(a);
	return rc;
}

int mail_fanout(const struct mail_env *e, arena *a, int64_t now)
{
	(void)a; /* each batch has its own arena, freed as it ends */
	int err = 0;
	for (size_t i = 0; i < sizeof fanout_kinds / sizeof fanout_kinds[0]; i++) {
		bool more = true;
		for (int round = 0; more && round < FANOUT_ROUNDS; round++) {
			int rc = fanout_batch(e, fanout_kinds[i], now, &more);
			if (rc == STORE_ECONFLICT)
				break; /* another node is at it */
			if (rc) {
				err = -1;
				break;
			}
		}
	}
	return err;
}

/* ---- Digests ---------------------------------------------------------- */

static const char *mode_word(enum store_mail_mode mode)
{
	return mode == STORE_MAIL_WEEKLY ? "weekly" : "daily";
}

/* The digest's lines from `l`, as the recipient may see them now; the
 * count in *n (items a group or conversation they left drop out). */
static struct mail_item *digest_lines(const struct mail_env *e, arena *a, const struct store_member *m,
				      const struct store_mail_event_list *l, int *n)
{
	struct mail_item *items = arena_alloc(a, (size_t)(l->n ? l->n : 1) * sizeof *items);
	*n = 0;
	for (int i = 0; items && i < l->n; i++) {
		const struct store_mail_event *ev = &l->items[i];
		int vis = visibility(e, m, ev);
		if (vis < 0)
			continue;
		struct mail_item *it = &items[*n];
		it->title = event_line(a, ev, vis > 0);
		it->link = abs_link(e, a, ev->link);
		it->note = STR_NULL;
		if (it->title.n && it->link.n)
			(*n)++;
	}
	return items;
}

/* Composes member m's digest of `l` into *out: 1 composed, 0 nothing to
 * tell them, -1 failed. */
static int compose_digest(const struct mail_env *e, arena *a, const struct store_member *m,
			  enum store_mail_mode mode, const struct store_mail_event_list *l, struct store_mail *out)
{
	int n = 0;
	struct mail_item *items = digest_lines(e, a, m, l, &n);
	if (!items)
		return -1;
	if (n == 0)
		return 0;
	buf s, g, p;
	buf_init(&s, a);
	buf_init(&g, a);
	buf_init(&p, a);
	buf_printf(&s, "Your %s digest from Rounds: %d new", mode_word(mode), n);
	buf_printf(&g, "Hello %.*s,", (int)m->name.n, m->name.p);
	buf_printf(&p, "Here is what happened on Rounds since your last %s digest and is still waiting for you.",
		   mode_word(mode));
	str *paras = arena_alloc(a, sizeof *paras);
	if (s.err || g.err || p.err || !paras)
		return -1;
	paras[0] = buf_slice(&p);
	struct mail_content c = {
		.subject = buf_slice(&s),
		.greeting = buf_slice(&g),
		.paras = paras,
		.nparas = 1,
		.items = items,
		.nitems = n,
		.link = abs_link(e, a, S("/notifications")),
		.link_label = S("Open your notifications"),
	};
	return mail_compose(e, a, m->id, STORE_MAIL_DIGEST, str_c(mode_word(mode)), m->email, &c, out) == 0 ? 1 : -1;
}

/* The kinds (a mask of 1 << kind) member `id` has in `mode`. */
static unsigned kinds_in(const struct mail_env *e, int64_t id, enum store_mail_mode mode)
{
	enum store_mail_mode modes[STORE_MAIL_KIND_MAX];
	if (store_mail_prefs_get(e->st, id, modes) != 0)
		return 0;
	unsigned mask = 0;
	for (int k = STORE_MAIL_REPLY; k <= STORE_MAIL_DECISION; k++)
		if (modes[k] == mode)
			mask |= 1u << k;
	return mask;
}

/* Reads a mark ("" prefix and member id make its key into `key`). */
static int64_t member_mark(const struct mail_env *e, const char *prefix, int64_t id, char *key, size_t cap)
{
	snprintf(key, cap, "%s%lld", prefix, (long long)id);
	int64_t v = 0;
	return store_mail_mark_get(e->st, str_c(key), &v) == 0 ? v : -1;
}

/* A digest's items for member `id`: the kinds of its mode since `since`;
 * and `held` kinds (immediate ones the hourly cap held back) since
 * `capped`.  Into *l, in the arena. */
static int digest_gather(const struct mail_env *e, arena *a, int64_t id, unsigned kinds, int64_t since,
			 unsigned held, int64_t capped, struct store_mail_event_list *l)
{
	*l = (struct store_mail_event_list){0};
	int rc = kinds ? store_mail_digest_items(e->st, a, id, kinds, since, DIGEST_ITEMS, l) : 0;
	if (rc || !held)
		return rc;
	struct store_mail_event_list h;
	if ((rc = store_mail_digest_items(e->st, a, id, held, capped - 1, DIGEST_ITEMS, &h)) || !h.n)
		return rc;
	struct store_mail_event *all = arena_alloc(a, (size_t)(l->n + h.n) * sizeof *all);
	if (!all)
		return STORE_ERR;
	if (l->n)
		memcpy(all, l->items, (size_t)l->n * sizeof *all);
	memcpy(all + l->n, h.items, (size_t)h.n * sizeof *all);
	l->items = all;
	l->n += h.n;
	return 0;
}

/* Member `id`'s digest in `mode`, if due (or `force`): 1 queued, 0 none
 * (not due, or nothing to tell: then the mark still moves), or an error.
 * A daily digest also carries what the hourly cap held back.  A member
 * who cannot be read or written to gets none, but the mark moves (by
 * UTC when their time zone is unknown). */
static int digest_one(const struct mail_env *e, int64_t id, enum store_mail_mode mode, int64_t now, bool force)
{
	char key[64], capkey[48];
	int64_t last = member_mark(e, mode == STORE_MAIL_WEEKLY ? "digest:weekly:" : "digest:daily:", id, key,
				   sizeof key);
	int64_t capped = mode == STORE_MAIL_DAILY ? member_mark(e, "capped:", id, capkey, sizeof capkey) : 0;
	if (last < 0 || capped < 0)
		return STORE_ERR;
	if (last >= now)
		return 0;
	unsigned kinds = kinds_in(e, id, mode);
	unsigned held = capped ? kinds_in(e, id, STORE_MAIL_IMMEDIATE) & ~(1u << STORE_MAIL_DECISION) : 0;
	if (!kinds && !held)
		return 0;
	arena *a = arena_new(4u << 20);
	if (!a)
		return STORE_ERR;
	struct store_member m;
	bool found = store_member_by_id(e->st, a, id, &m) == 0;
	str zone = found ? m.timezone : STR_NULL;
	/* Due once per local day (or week) after the last. */
	if (!force && mail_digest_slot(zone, mode, last) >= mail_digest_slot(zone, mode, now)) {
		arena_free(a);
		return 0;
	}
	struct store_mail_event_list l = {0};
	struct store_mail msg = {0};
	int rc = 0, n = 0;
	if (found && mailable(&m)) {
		rc = digest_gather(e, a, id, kinds, last ? last : now - mail_digest_period(mode), held, capped, &l);
		n = rc == 0 && l.n ? compose_digest(e, a, &m, mode, &l, &msg) : 0;
	}
	if (rc == 0 && n >= 0) {
		struct store_mail_mark mark = {str_c(key), last, now};
		rc = store_mail_enqueue(e->st, &msg, n, &mark, now, NULL);
	}
	if (rc == 0 && capped) {
		struct store_mail_mark done = {str_c(capkey), capped, 0};
		store_mail_enqueue(e->st, &msg, 0, &done, now, NULL); /* a conflict: capped again since */
	}
	arena_free(a);
	if (rc == STORE_ECONFLICT)
		return 0; /* another node sent it */
	return rc ? rc : n < 0 ? STORE_ERR : n;
}

int mail_digests_run(const struct mail_env *e, arena *a, int64_t now, bool force)
{
	(void)a;
	static const enum store_mail_mode modes[] = {STORE_MAIL_DAILY, STORE_MAIL_WEEKLY};
	int64_t ids[DIGEST_PAGE];
	int queued = 0, err = 0;
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		/* Candidates: anyone with something since two periods ago (a
		 * run that was missed is still covered); each then reads
		 * from their own last digest. */
		int64_t since = now - 2 * mail_digest_period(modes[i]), after = 0;
		int n = DIGEST_PAGE;
		while (n == DIGEST_PAGE && !err) {
			int rc = store_mail_digest_members(e->st, since, after, DIGEST_PAGE, ids, &n);
			if (rc != 0) {
				err = rc < 0 ? rc : STORE_ERR;
				break;
			}
			for (int k = 0; k < n; k++) {
				rc = digest_one(e, ids[k], modes[i], now, force);
				if (rc > 0)
					queued += rc;
				else if (rc < 0 && !err)
					err = rc;
			}
			if (n)
				after = ids[n - 1];
		}
	}
	if (queued)
		mail_sender_wake();
	return err ? err : queued;
}

int mail_digests(const struct mail_env *e, arena *a, int64_t now)
{
	return mail_digests_run(e, a, now, false) < 0 ? -1 : 0;
}
