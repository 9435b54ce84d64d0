/* store_mail_events.c: the mail settings' and events' part of store.c:
 * the defaults, the checks every backend relies on, and the forwarding to
 * the backend's ops.  The contract of each function is in store.h
 * ("Mail"). */
#include "backend.h"

#include "../core/log.h"

static int refuse(const char *op, const char *why)
{
	log_error("store_error", "op=%s err=\"%s\"", op, why);
	return STORE_ERR;
}

/* The modes a member has not set. */
static void prefs_defaults(enum store_mail_mode modes[STORE_MAIL_KIND_MAX])
{
	for (int k = 0; k < STORE_MAIL_KIND_MAX; k++)
		modes[k] = STORE_MAIL_DAILY;
	modes[STORE_MAIL_ACCOUNT] = STORE_MAIL_IMMEDIATE;
	modes[STORE_MAIL_DECISION] = STORE_MAIL_IMMEDIATE;
}

/* See store.h. */
int store_mail_prefs_get(store *s, int64_t member, enum store_mail_mode modes[STORE_MAIL_KIND_MAX])
{
	prefs_defaults(modes);
	if (member <= 0)
		return refuse("mail_prefs_get", "no such member");
	int rc = s->ops->mail_prefs_get(s, member, modes);
	if (rc)
		prefs_defaults(modes);
	return rc;
}

/* See store.h. */
int store_mail_prefs_set(store *s, int64_t member, const enum store_mail_mode modes[STORE_MAIL_KIND_MAX])
{
	if (member <= 0)
		return refuse("mail_prefs_set", "no such member");
	for (int k = STORE_MAIL_REPLY; k <= STORE_MAIL_DECISION; k++)
		if ((int)modes[k] < 0 || modes[k] >= STORE_MAIL_MODE_MAX)
			return refuse("mail_prefs_set", "unknown mode");
	return s->ops->mail_prefs_set(s, member, modes);
}

/* See store.h.  A batch never ends in the middle of one seq's rows (a
 * message's recipients), unless that one seq alone fills it: the caller
 * moves its cursor to the last seq it got, and must not skip the rest. */
int store_mail_events(store *s, arena *a, enum store_mail_kind kind, int64_t after, int limit,
		      struct store_mail_event_list *out)
{
	*out = (struct store_mail_event_list){0};
	if (kind <= STORE_MAIL_ACCOUNT || kind >= STORE_MAIL_DECISION || limit < 1 || limit > 500)
		return refuse("mail_events", "kind must be reply, mention, message or invitation; limit 1 to 500");
	int rc = s->ops->mail_events(s, a, kind, after, limit, out);
	if (rc || out->n < limit)
		return rc;
	int n = out->n;
	while (n > 0 && out->items[n - 1].seq == out->items[out->n - 1].seq)
		n--;
	if (n > 0)
		out->n = n;
	return 0;
}

/* See store.h. */
int store_mail_digest_items(store *s, arena *a, int64_t member, unsigned kinds, int64_t since, int limit,
			    struct store_mail_event_list *out)
{
	*out = (struct store_mail_event_list){0};
	if (member <= 0 || limit < 1 || limit > 500)
		return refuse("mail_digest_items", "a member, and limit 1 to 500");
	return s->ops->mail_digest_items(s, a, member, kinds, since, limit, out);
}

/* See store.h. */
int store_mail_digest_members(store *s, int64_t since, int64_t after_member, int limit, int64_t *ids, int *n)
{
	*n = 0;
	if (limit < 1 || limit > 1000)
		return refuse("mail_digest_members", "limit must be 1 to 1000");
	return s->ops->mail_digest_members(s, since, after_member, limit, ids, n);
}
