/* store_mail.c: the mail queue's part of store.c: the names of kinds and
 * modes, the checks every backend relies on, and the forwarding to the
 * backend's ops.  The contract of each function is in store.h ("Mail").
 *
 * Invariants: a message reaching a backend has a known kind, an address
 * and a subject without CR, LF or NUL (they become header lines), and a
 * text body; a mark's key is at most 100 bytes. */
#include "backend.h"

#include <string.h>

#include "../core/log.h"

/* See backend.h.  The whole address, A-Z only: what SQLite's lower() and
 * PostgreSQL's FOLD() (pg/statements.c) make of members.email_lower. */
int store_address_key(str address, char *out, size_t cap)
{
	if (address.n >= cap)
		return -1;
	for (size_t i = 0; i < address.n; i++) {
		char c = address.p[i];
		out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out[address.n] = '\0';
	return (int)address.n;
}

static const char *const mail_kind_names[STORE_MAIL_KIND_MAX] = {
	[STORE_MAIL_ACCOUNT] = "account",
	[STORE_MAIL_REPLY] = "reply",
	[STORE_MAIL_MENTION] = "mention",
	[STORE_MAIL_MESSAGE] = "message",
	[STORE_MAIL_INVITATION] = "invitation",
	[STORE_MAIL_DECISION] = "decision",
	[STORE_MAIL_DIGEST] = "digest",
};

/* See store.h. */
const char *store_mail_kind_name(enum store_mail_kind k)
{
	return (int)k >= 0 && k < STORE_MAIL_KIND_MAX ? mail_kind_names[k] : "";
}

/* See store.h. */
int store_mail_kind_parse(str name)
{
	for (int i = 0; i < STORE_MAIL_KIND_MAX; i++)
		if (str_eqc(name, mail_kind_names[i]))
			return i;
	return -1;
}

static const char *const mail_mode_names[STORE_MAIL_MODE_MAX] = {
	[STORE_MAIL_IMMEDIATE] = "immediate",
	[STORE_MAIL_DAILY] = "daily",
	[STORE_MAIL_WEEKLY] = "weekly",
	[STORE_MAIL_NEVER] = "never",
};

/* See store.h. */
const char *store_mail_mode_name(enum store_mail_mode m)
{
	return (int)m >= 0 && m < STORE_MAIL_MODE_MAX ? mail_mode_names[m] : "";
}

/* See store.h. */
int store_mail_mode_parse(str name)
{
	for (int i = 0; i < STORE_MAIL_MODE_MAX; i++)
		if (str_eqc(name, mail_mode_names[i]))
			return i;
	return -1;
}

static int mail_refuse(const char *op, const char *why)
{
	log_error("store_error", "op=%s err=\"%s\"", op, why);
	return STORE_ERR;
}

/* Whether `s` can be one header line's value: no CR, LF or NUL. */
static bool header_safe(str s)
{
	return !s.n || (!memchr(s.p, '\r', s.n) && !memchr(s.p, '\n', s.n) && !memchr(s.p, '\0', s.n));
}

static bool mail_ok(const struct store_mail *m)
{
	return (int)m->kind >= 0 && m->kind < STORE_MAIL_KIND_MAX && m->member_id >= 0 && m->address.n &&
	       m->address.n <= 320 && header_safe(m->address) && !memchr(m->address.p, '>', m->address.n) &&
	       !memchr(m->address.p, '<', m->address.n) && m->subject.n && header_safe(m->subject) && m->text.n &&
	       header_safe(m->unsubscribe);
}

static bool mark_ok(const struct store_mail_mark *mark)
{
	return !mark || (mark->key.n <= 100 && (!mark->key.n || mark->key.p));
}

int store_mail_enqueue(store *s, const struct store_mail *m, int n, const struct store_mail_mark *mark, int64_t now,
		       int64_t *ids)
{
	if (n < 0 || n > 100 || (n && !m) || !mark_ok(mark))
		return mail_refuse("mail_enqueue", "0 to 100 messages, and a mark key of at most 100 bytes");
	for (int i = 0; i < n; i++) {
		if (ids)
			ids[i] = 0;
		if (!mail_ok(&m[i]))
			return mail_refuse("mail_enqueue", "a message needs a kind, an address, a subject and a text");
	}
	if (mark && !mark->key.n)
		mark = NULL;
	if (!n && !mark)
		return 0;
	return s->ops->mail_enqueue(s, m, n, mark, now, ids);
}

int store_mail_mark_get(store *s, str key, int64_t *value)
{
	*value = 0;
	if (!key.n || key.n > 100)
		return mail_refuse("mail_mark_get", "a mark key is 1 to 100 bytes");
	return s->ops->mail_mark_get(s, key, value);
}

int store_mail_claim(store *s, arena *a, int64_t now, int64_t lease, int n, struct store_mail_list *out)
{
	*out = (struct store_mail_list){0};
	if (n < 1 || n > 100 || lease < 1)
		return mail_refuse("mail_claim", "claim 1 to 100 messages for a lease of a second or more");
	return s->ops->mail_claim(s, a, now, lease, n, out);
}

int store_mail_done(store *s, int64_t id, enum store_mail_outcome o, str error, int64_t next_at, int64_t now)
{
	if ((int)o < STORE_MAIL_SENT || o > STORE_MAIL_FAILED)
		return mail_refuse("mail_done", "an unknown outcome");
	if (error.n > 500) { /* a relay's answer, kept short, cut between characters */
		error.n = 500;
		while (error.n && ((unsigned char)error.p[error.n] & 0xC0) == 0x80)
			error.n--;
	}
	return s->ops->mail_done(s, id, o, error, next_at, now);
}

int store_mail_bounce_get(store *s, str address, int64_t *since)
{
	*since = 0;
	if (!address.n)
		return mail_refuse("mail_bounce_get", "no address");
	return s->ops->mail_bounce_get(s, address, since);
}

int store_mail_bounce_clear(store *s, str address)
{
	if (!address.n)
		return mail_refuse("mail_bounce_clear", "no address");
	return s->ops->mail_bounce_clear(s, address);
}

int store_mail_count_since(store *s, int64_t member, int64_t since, int64_t *n)
{
	*n = 0;
	return s->ops->mail_count_since(s, member, since, n);
}

int store_mail_recent(store *s, arena *a, int64_t member, int limit, struct store_mail_list *out)
{
	*out = (struct store_mail_list){0};
	if (limit < 1 || limit > 1000)
		return mail_refuse("mail_recent", "limit must be 1 to 1000");
	return s->ops->mail_recent(s, a, member, limit, out);
}

/* ---- Mail notifications (helper mail-notify) ----------------------------
 * The wrappers of store_mail_prefs_get/set, store_mail_events,
 * store_mail_digest_items and store_mail_digest_members go below this
 * line (or in store_mail_events.c). */
