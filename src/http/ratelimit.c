/* ratelimit.c: limits as data; keys are "kind:subject" with the subject
 * lower-cased, so Ann@x and ann@x share a count. */
#include "ratelimit.h"

#include <stdio.h>

static const struct {
	const char *name;
	int64_t max, window;
} limits[RATE__MAX] = {
	[RATE_SIGNIN_ACCOUNT] = {"signin-account", 5, 15 * 60},
	[RATE_SIGNIN_ADDR] = {"signin-addr", 20, 15 * 60},
	[RATE_REGISTER_ADDR] = {"register-addr", 5, 60 * 60},
	[RATE_RESET_ADDR] = {"reset-addr", 5, 60 * 60},
	[RATE_RESET_EMAIL] = {"reset-email", 3, 60 * 60},
	[RATE_CONFIRM_EMAIL] = {"confirm-email", 3, 60 * 60},
	[RATE_MESSAGE_MEMBER] = {"message-member", 60, 10 * 60},
	[RATE_CONVERSATION_MEMBER] = {"conversation-member", 20, 60 * 60},
	[RATE_REPORT_MEMBER] = {"report-member", 20, 60 * 60},
	[RATE_TOPIC_MEMBER] = {"topic-member", 10, 60 * 60},
	[RATE_TOPIC_NEWCOMER] = {"topic-newcomer", 3, 60 * 60},
	[RATE_REPLY_MEMBER] = {"reply-member", 30, 10 * 60},
	[RATE_REPLY_NEWCOMER] = {"reply-newcomer", 10, 10 * 60},
	[RATE_FLAG_MEMBER] = {"flag-member", 20, 60 * 60},
	[RATE_GROUP_REQUEST] = {"group-request", 5, 24 * 60 * 60},
	[RATE_GROUP_INVITE] = {"group-invite", 100, 24 * 60 * 60},
	[RATE_BLOG_APPLY] = {"blog-apply", 5, 24 * 60 * 60},
	[RATE_SCAN_MEMBER] = {"scan-member", 600, 10 * 60},
};

static str key_of(http_req *r, enum rate_kind kind, str subject)
{
	buf b;
	buf_init(&b, r->a);
	buf_printf(&b, "%s:", limits[kind].name);
	for (size_t i = 0; i < subject.n && i < 300; i++) {
		char c = subject.p[i];
		buf_putc(&b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
	}
	return b.err ? STR_NULL : buf_slice(&b);
}

int64_t rate_over(http_req *r, enum rate_kind kind, str subject, bool hit)
{
	str key = key_of(r, kind, subject);
	int64_t count = 0, reset_at = 0;
	if (!key.n)
		return 0;
	int rc = hit ? store_rate_hit(http_store(r), key, r->now, limits[kind].window, &count, &reset_at)
		     : store_rate_peek(http_store(r), key, r->now, &count, &reset_at);
	if (rc != 0)
		return 0; /* a limiter that cannot count must not lock people out */
	bool over = hit ? count > limits[kind].max : count >= limits[kind].max;
	if (!over)
		return 0;
	return reset_at > r->now ? reset_at - r->now : 1;
}

void rate_clear(http_req *r, enum rate_kind kind, str subject)
{
	str key = key_of(r, kind, subject);
	if (key.n)
		store_rate_clear(http_store(r), key);
}

int rate_refuse(http_req *r, int64_t retry_after)
{
	char *v = arena_alloc(r->a, 24);
	if (!v)
		return -1;
	snprintf(v, 24, "%lld", (long long)retry_after);
	http_add_header(r, "Retry-After", v);
	return http_error(r, 429, "rate_limited", "Too many attempts. Please wait a while and try again.", NULL);
}
