/* mail.c: composes messages and queues them (the sender, sender.c,
 * delivers them), and builds the RFC 5322 message of a queued row.
 *
 * Invariants: header values come only from checked addresses, our own
 * subjects and the configuration; anything with CR or LF is refused.  The
 * text part is format=flowed, wrapped at 72 columns (a long word, such as
 * a link, stays whole on its own line); both parts are quoted-printable,
 * so every encoded line is at most 76 characters and any UTF-8 is safe.
 * The Message-ID is made from the queue id and the time the row was
 * queued, so a message delivered again after a crash carries the same
 * Message-ID and the receiving side can drop the duplicate. */
#include "mail.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/log.h"
#include "../core/secret.h"
#include "views_gen.h"

enum { WRAP = 72 };

static bool has_crlf(str s)
{
	return s.n && (memchr(s.p, '\r', s.n) || memchr(s.p, '\n', s.n) || memchr(s.p, '\0', s.n));
}

/* The site's absolute address without a trailing slash. */
static str base_url(const struct rounds_config *cfg, arena *a)
{
	size_t n = strlen(cfg->base_url);
	while (n && cfg->base_url[n - 1] == '/')
		n--;
	buf b;
	buf_init(&b, a);
	if (n)
		buf_printf(&b, "%.*s", (int)n, cfg->base_url);
	else
		buf_printf(&b, "http://%s", cfg->listen);
	return b.err ? STR_NULL : buf_slice(&b);
}

/* Whether `scope` is a kind's name or "daily"/"weekly" (letters only). */
static bool scope_ok(str scope)
{
	if (!scope.n || scope.n > 20)
		return false;
	for (size_t i = 0; i < scope.n; i++)
		if (scope.p[i] < 'a' || scope.p[i] > 'z')
			return false;
	return true;
}

/* The MAC of "unsubscribe:ID:SCOPE". */
static void unsubscribe_mac(const unsigned char secret[32], int64_t member, str scope, char out[SECRET_TOKEN_LEN + 1])
{
	char msg[96];
	int n = snprintf(msg, sizeof msg, "unsubscribe:%lld:%.*s", (long long)member, (int)scope.n, scope.p);
	secret_mac(secret, (str){msg, n < 0 ? 0 : (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1}, out);
}

/* See mail.h. */
int mail_unsubscribe_url(const struct mail_env *e, arena *a, int64_t member, str scope, str *out)
{
	*out = STR_NULL;
	if (!e || !e->secret || member <= 0 || !scope_ok(scope))
		return -1;
	char mac[SECRET_TOKEN_LEN + 1];
	unsubscribe_mac(e->secret, member, scope, mac);
	str base = base_url(e->cfg, a);
	buf b;
	buf_init(&b, a);
	buf_printf(&b, "%.*s/unsubscribe?m=%lld&s=%.*s&t=%s", (int)base.n, base.p, (long long)member, (int)scope.n,
		   scope.p, mac);
	if (!base.n || b.err)
		return -1;
	*out = buf_slice(&b);
	return 0;
}

/* See mail.h. */
bool mail_unsubscribe_check(const unsigned char secret[32], int64_t member, str scope, str mac)
{
	if (!secret || member <= 0 || !scope_ok(scope))
		return false;
	char want[SECRET_TOKEN_LEN + 1];
	unsubscribe_mac(secret, member, scope, want);
	return secret_equal(mac, str_c(want));
}

/* ---- The text part ------------------------------------------------------ */

/* Columns of s[0..n): UTF-8 characters (continuation bytes do not count). */
static size_t columns(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* One output line of a flowed text: `indent` then s[0..n), a space at
 * the end when the break is soft, space-stuffed when the line would start
 * with a space, '>' or "From " (RFC 3676 4.4). */
static void flowed_line(buf *b, const char *indent, const char *p, size_t n, bool soft)
{
	const char *first = *indent ? indent : p;
	size_t fn = *indent ? strlen(indent) : n;
	if (fn && (first[0] == ' ' || first[0] == '>' || (fn >= 5 && memcmp(first, "From ", 5) == 0)))
		buf_putc(b, ' ');
	buf_puts(b, indent);
	buf_str(b, (str){p, n});
	if (soft)
		buf_putc(b, ' ');
	buf_putc(b, '\n');
}

/* One line of text (no LF) wrapped at WRAP columns as format=flowed: a
 * soft break ends its line with one space; a word longer than a line (a
 * link) stays whole. */
static void wrap_line(buf *b, str line, const char *indent)
{
	size_t in = columns(indent, strlen(indent));
	/* Trailing spaces would read as a soft break: drop them. */
	while (line.n && (line.p[line.n - 1] == ' ' || line.p[line.n - 1] == '\t' || line.p[line.n - 1] == '\r'))
		line.n--;
	size_t i = 0;
	do {
		size_t j = i, cut = i, col = in;
		bool any = false;
		while (j < line.n) {
			size_t w = j;
			while (w < line.n && line.p[w] != ' ')
				w++;
			size_t wc = columns(line.p + j, w - j);
			if (any && col + wc > WRAP)
				break;
			col += wc;
			any = true;
			cut = w;
			size_t k = w;
			while (k < line.n && line.p[k] == ' ')
				k++;
			col += k - w;
			j = k;
		}
		bool more = j < line.n;
		flowed_line(b, indent, line.p + i, (more ? cut : line.n) - i, more);
		i = j;
	} while (i < line.n);
}

/* A paragraph (its own line breaks kept) wrapped, then a blank line. */
static void wrap_para(buf *b, str p, const char *indent)
{
	size_t i = 0;
	while (i <= p.n) {
		const char *nl = i < p.n ? memchr(p.p + i, '\n', p.n - i) : NULL;
		size_t end = nl ? (size_t)(nl - p.p) : p.n;
		wrap_line(b, (str){p.p + i, end - i}, indent);
		if (!nl)
			break;
		i = end + 1;
	}
}

/* What an unsubscribe scope is called in a sentence. */
static const char *scope_label(str scope)
{
	static const struct {
		const char *scope, *label;
	} labels[] = {
		{"reply", "emails about replies"},	   {"mention", "emails about mentions"},
		{"message", "emails about messages"}, {"invitation", "emails about invitations"},
		{"decision", "emails about decisions"}, {"digest", "digests"},
		{"daily", "the daily digest"},	   {"weekly", "the weekly digest"},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (str_eqc(scope, labels[i].scope))
			return labels[i].label;
	return "these emails";
}

/* Why the recipient got it, for both parts' footers. */
static const char *why(enum store_mail_kind kind, int64_t member)
{
	if (kind == STORE_MAIL_ACCOUNT)
		return "You received this email about your account on Rounds, the online community of doctors.";
	if (!member)
		return "You received this email because a member of Rounds, the online community of doctors, "
		       "invited this address.";
	return "You received this email because of your email settings on Rounds, the online community of doctors.";
}

static int text_part(buf *b, const struct mail_content *c, str unsub, str scope, str settings, const char *reason)
{
	if (c->greeting.n) {
		wrap_para(b, c->greeting, "");
		buf_putc(b, '\n');
	}
	for (int i = 0; i < c->nparas; i++) {
		wrap_para(b, c->paras[i], "");
		buf_putc(b, '\n');
	}
	for (int i = 0; i < c->nitems; i++) {
		const struct mail_item *it = &c->items[i];
		buf_puts(b, "- ");
		wrap_line(b, it->title, "");
		if (it->note.n)
			wrap_para(b, it->note, "  ");
		if (it->link.n)
			wrap_line(b, it->link, "  ");
		if (i == c->nitems - 1)
			buf_putc(b, '\n');
	}
	if (c->link.n) {
		if (c->link_label.n) {
			buf_str(b, c->link_label);
			buf_puts(b, ":\n");
		}
		wrap_line(b, c->link, "");
		buf_putc(b, '\n');
	}
	buf_puts(b, "-- \nRounds\n");
	wrap_para(b, str_c(reason), "");
	if (settings.n) {
		buf_puts(b, "Email settings: ");
		wrap_line(b, settings, "");
	}
	if (unsub.n) {
		buf_printf(b, "Unsubscribe from %s: ", scope_label(scope));
		wrap_line(b, unsub, "");
	}
	return b->err ? -1 : 0;
}

/* ---- The HTML part ------------------------------------------------------ */

static int html_part(buf *b, arena *a, const struct mail_content *c, str unsub, str scope, str settings,
		     const char *reason)
{
	view_obj *ctx = view_obj_new(a);
	view_list *paras = view_list_new(a), *items = view_list_new(a);
	if (!ctx || !paras || !items)
		return -1;
	int err = 0;
	for (int i = 0; i < c->nparas; i++)
		err |= view_list_push_str(paras, c->paras[i]);
	for (int i = 0; i < c->nitems; i++) {
		view_obj *it = view_obj_new(a);
		if (!it)
			return -1;
		err |= view_set_str(it, "title", c->items[i].title);
		err |= view_set_str(it, "link", c->items[i].link);
		err |= view_set_str(it, "note", c->items[i].note);
		err |= view_list_push_obj(items, it);
	}
	err |= view_set_str(ctx, "subject", c->subject);
	err |= view_set_str(ctx, "greeting", c->greeting);
	err |= view_set_list(ctx, "paras", paras);
	if (c->nitems)
		err |= view_set_list(ctx, "items", items);
	err |= view_set_str(ctx, "link", c->link);
	err |= view_set_str(ctx, "link_label", c->link_label.n ? c->link_label : S("Open Rounds"));
	err |= view_set_cstr(ctx, "why", reason);
	err |= view_set_str(ctx, "settings", settings);
	err |= view_set_str(ctx, "unsubscribe", unsub);
	err |= view_set_cstr(ctx, "scope_label", scope_label(scope));
	if (err)
		return -1;
	return view_mail(b, ctx) < 0 || b->err ? -1 : 0;
}

/* ---- Composing and queueing --------------------------------------------- */

/* See mail.h. */
int mail_compose(const struct mail_env *e, arena *a, int64_t member, enum store_mail_kind kind, str scope, str to,
		 const struct mail_content *c, struct store_mail *out)
{
	*out = (struct store_mail){0};
	if (!e || !e->cfg || (int)kind < 0 || kind >= STORE_MAIL_KIND_MAX || member < 0 || !to.n || has_crlf(to) ||
	    memchr(to.p, '<', to.n) || memchr(to.p, '>', to.n) || !c || !c->subject.n || has_crlf(c->subject) ||
	    c->nparas < 0 || c->nitems < 0) {
		log_error("mail", "kind=%s msg=\"refused: a message needs an address and a one-line subject\"",
			  store_mail_kind_name(kind));
		return -1;
	}
	if (!scope.n)
		scope = str_c(store_mail_kind_name(kind));
	str unsub = STR_NULL, settings = STR_NULL;
	/* Mail not about the account has its one-click unsubscribe; mail to
	 * an address that is no member's has no settings to change. */
	if (member > 0) {
		str base = base_url(e->cfg, a);
		buf sb;
		buf_init(&sb, a);
		buf_printf(&sb, "%.*s/settings/email", (int)base.n, base.p);
		if (!sb.err)
			settings = buf_slice(&sb);
		if (kind != STORE_MAIL_ACCOUNT && mail_unsubscribe_url(e, a, member, scope, &unsub) < 0) {
			log_error("mail", "kind=%s msg=\"no unsubscribe link\"", store_mail_kind_name(kind));
			return -1;
		}
	}
	const char *reason = why(kind, member);
	buf text, html;
	buf_init(&text, a);
	buf_init(&html, a);
	if (text_part(&text, c, unsub, scope, settings, reason) < 0 ||
	    html_part(&html, a, c, unsub, scope, settings, reason) < 0) {
		log_error("mail", "kind=%s msg=\"cannot compose\"", store_mail_kind_name(kind));
		return -1;
	}
	*out = (struct store_mail){
		.member_id = member,
		.kind = kind,
		.address = to,
		.subject = c->subject,
		.text = buf_slice(&text),
		.html = buf_slice(&html),
		.unsubscribe = unsub,
	};
	return 0;
}

/* See mail.h. */
int mail_queue(const struct mail_env *e, arena *a, int64_t member, enum store_mail_kind kind, str scope, str to,
	       const struct mail_content *c)
{
	struct store_mail m;
	if (mail_compose(e, a, member, kind, scope, to, c, &m) < 0)
		return -1;
	int64_t id = 0;
	int rc = store_mail_enqueue(e->st, &m, 1, NULL, (int64_t)time(NULL), &id);
	if (rc) {
		log_error("mail", "kind=%s member=%lld err=%d msg=\"cannot queue\"", store_mail_kind_name(kind),
			  (long long)member, rc);
		return -1;
	}
	log_info("mail_queued", "id=%lld kind=%s member=%lld", (long long)id, store_mail_kind_name(kind),
		 (long long)member);
	mail_sender_wake();
	return 0;
}

/* ---- The RFC 5322 message ----------------------------------------------- */

/* Quoted-printable (RFC 2045 6.7) of `s`, LF or CRLF line ends becoming
 * CRLF; encoded lines at most 76 characters. */
static void qp(buf *b, str s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char ch = (unsigned char)s.p[i];
		if (ch == '\r' && i + 1 < s.n && s.p[i + 1] == '\n')
			continue;
		if (ch == '\n') {
			buf_puts(b, "\r\n");
			col = 0;
			continue;
		}
		bool at_end = i + 1 == s.n || s.p[i + 1] == '\n' || (s.p[i + 1] == '\r' && i + 2 < s.n && s.p[i + 2] == '\n');
		bool literal = (ch >= 33 && ch <= 126 && ch != '=') || ((ch == ' ' || ch == '\t') && !at_end);
		if (ch == '.' && col == 0)
			literal = false; /* never a lone "." line, whatever the transport */
		size_t need = literal ? 1 : 3;
		if (col + need > 75) { /* room for the soft break's "=" */
			buf_puts(b, "=\r\n");
			col = 0;
		}
		if (literal) {
			buf_putc(b, (char)ch);
		} else {
			buf_putc(b, '=');
			buf_putc(b, hex[ch >> 4]);
			buf_putc(b, hex[ch & 15]);
		}
		col += need;
	}
	if (col)
		buf_puts(b, "\r\n");
}

static bool ascii(str s)
{
	for (size_t i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] >= 0x80)
			return false;
	return true;
}

/* "Subject: ..." with RFC 2047 encoded-words (base64, UTF-8) when the
 * subject is not ASCII: each word whole characters, at most 75 long,
 * folded onto continuation lines, every line within 78. */
static void subject_header(buf *b, str s)
{
	if (ascii(s)) {
		buf_puts(b, "Subject: ");
		buf_str(b, s);
		buf_puts(b, "\r\n");
		return;
	}
	buf_puts(b, "Subject:");
	size_t i = 0;
	while (i < s.n) {
		/* 45 bytes are 60 base64 characters: a word of 72, a line of 73
		 * (the first line, after "Subject: ", takes 39). */
		size_t max = i ? 45 : 39, n = s.n - i > max ? max : s.n - i;
		while (n && i + n < s.n && ((unsigned char)s.p[i + n] & 0xC0) == 0x80)
			n--; /* cut between characters */
		if (!n)
			n = s.n - i > max ? max : s.n - i;
		char enc[80];
		sodium_bin2base64(enc, sizeof enc, (const unsigned char *)s.p + i, n, sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, " =?UTF-8?B?%s?=\r\n", enc);
		i += n;
	}
}

/* The host of the base URL (for Message-IDs), or "rounds.invalid". */
static str host_of(const struct rounds_config *cfg, arena *a)
{
	const char *u = cfg->base_url, *p = strstr(u, "://");
	p = p ? p + 3 : u;
	size_t n = strcspn(p, ":/?#@ ");
	if (p[n] == '@') { /* user@host: skip the user */
		p += n + 1;
		n = strcspn(p, ":/?#@ ");
	}
	buf b;
	buf_init(&b, a);
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')
			buf_putc(&b, c);
	}
	if (b.err || !buf_slice(&b).n)
		return S("rounds.invalid");
	return buf_slice(&b);
}

/* See mail.h. */
int mail_message(const struct rounds_config *cfg, arena *a, const struct store_mail *m, str *out)
{
	*out = STR_NULL;
	if (has_crlf(m->address) || has_crlf(m->subject) || has_crlf(m->unsubscribe) || strchr(cfg->mail_from, '\n') ||
	    strchr(cfg->mail_from, '\r') || memchr(m->address.p, '>', m->address.n))
		return -1;
	char date[64];
	time_t t = (time_t)m->created_at;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	unsigned char rnd[12];
	char boundary[40];
	secret_random(rnd, sizeof rnd);
	memcpy(boundary, "=_rounds_", 9);
	sodium_bin2hex(boundary + 9, sizeof boundary - 9, rnd, sizeof rnd);
	str host = host_of(cfg, a);
	buf b;
	buf_init(&b, a);
	buf_printf(&b, "From: %s\r\nTo: <%.*s>\r\n", cfg->mail_from, (int)m->address.n, m->address.p);
	subject_header(&b, m->subject);
	buf_printf(&b, "Date: %s\r\nMessage-ID: <%lld.%lld@%.*s>\r\nMIME-Version: 1.0\r\n", date, (long long)m->id,
		   (long long)m->created_at, (int)host.n, host.p);
	buf_puts(&b, "Auto-Submitted: auto-generated\r\n");
	if (m->unsubscribe.n) {
		buf_printf(&b, "List-Unsubscribe: <%.*s>\r\n", (int)m->unsubscribe.n, m->unsubscribe.p);
		buf_puts(&b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
	}
	buf_printf(&b, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n", boundary);
	buf_puts(&b, "This is a message in two parts: plain text and HTML.\r\n");
	buf_printf(&b, "--%s\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n"
		       "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
		   boundary);
	qp(&b, m->text);
	if (m->html.n) {
		buf_printf(&b, "--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
			       "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
			   boundary);
		qp(&b, m->html);
	}
	buf_printf(&b, "--%s--\r\n", boundary);
	if (b.err)
		return -1;
	*out = buf_slice(&b);
	return 0;
}

/* ---- The messages Rounds sends ------------------------------------------ */

/* "Hello NAME," (or "Hello," without a name). */
static str hello(arena *a, str name)
{
	buf b;
	buf_init(&b, a);
	if (name.n)
		buf_printf(&b, "Hello %.*s,", (int)name.n, name.p);
	else
		buf_puts(&b, "Hello,");
	return b.err ? S("Hello,") : buf_slice(&b);
}

/* A paragraph made with printf, in the arena. */
static str para(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static str para(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = n >= 0 ? arena_alloc(a, (size_t)n + 1) : NULL;
	if (!p)
		return STR_NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return (str){p, (size_t)n};
}

static int send_one(const struct mail_env *e, arena *a, int64_t member, enum store_mail_kind kind, str to, str subject,
		    str name, const str *paras, int n, str link, str label)
{
	struct mail_content c = {
		.subject = subject,
		.greeting = hello(a, name),
		.paras = paras,
		.nparas = n,
		.link = link,
		.link_label = label,
	};
	return mail_queue(e, a, member, kind, STR_NULL, to, &c);
}

#define NPARAS(x) ((int)(sizeof(x) / sizeof((x)[0])))

int mail_confirm(const struct mail_env *e, arena *a, int64_t member, str to, str name, str link)
{
	str p[] = {
		S("Welcome to Rounds, the community of doctors."),
		S("Please confirm your email address by opening the link below. It works once and for 48 hours. If "
		  "you did not join Rounds, ignore this message."),
	};
	return send_one(e, a, member, STORE_MAIL_ACCOUNT, to, S("Confirm your email for Rounds"), name, p, NPARAS(p),
			link, S("Confirm your email address"));
}

int mail_reset(const struct mail_env *e, arena *a, int64_t member, str to, str name, str link)
{
	str p[] = {
		S("Someone (we hope you) asked to reset your Rounds password."),
		S("Choose a new password with the link below. It works once and for one hour. If you did not ask, "
		  "ignore this message: your password stays as it is."),
	};
	return send_one(e, a, member, STORE_MAIL_ACCOUNT, to, S("Reset your Rounds password"), name, p, NPARAS(p), link,
			S("Choose a new password"));
}

int mail_account_deleted(const struct mail_env *e, arena *a, str to, str name)
{
	str p[] = {
		S("Your Rounds account has been deleted, as you asked. Your profile, email address, password, "
		  "connections and verification details are erased. What you wrote stays, shown as written by a "
		  "former member."),
		S("If you did not ask for this, reply to this message at once."),
	};
	/* Member 0: the account is gone, so nothing of it is linked. */
	return send_one(e, a, 0, STORE_MAIL_ACCOUNT, to, S("Your Rounds account has been deleted"), name, p, NPARAS(p),
			STR_NULL, STR_NULL);
}

int mail_verification(const struct mail_env *e, arena *a, int64_t member, str to, str name, bool approved, str reason,
		      str link)
{
	if (approved) {
		str p[] = {S("Your registration has been checked: you are now a verified doctor on Rounds. The closed "
			     "clinical forums are open to you, and the verified badge shows beside your name.")};
		return send_one(e, a, member, STORE_MAIL_DECISION, to, S("You are verified on Rounds"), name, p, NPARAS(p),
				link, S("Your verification"));
	}
	str p[] = {
		S("We could not verify your registration this time."),
		para(a, "The editor's reason:\n\n%.*s", (int)reason.n, reason.p),
		S("You can correct your details and apply again."),
	};
	return send_one(e, a, member, STORE_MAIL_DECISION, to, S("Your Rounds verification"), name, p, NPARAS(p), link,
			S("Apply again"));
}

int mail_verification_withdrawn(const struct mail_env *e, arena *a, int64_t member, str to, str name, str link)
{
	str p[] = {
		S("The register of your medical authority, as imported into Rounds, lists your registration as erased "
		  "or suspended, so your verification on Rounds has been withdrawn and the closed clinical forums are "
		  "closed to you for now."),
		S("If this is a mistake, or once your registration is restored, apply again."),
	};
	return send_one(e, a, member, STORE_MAIL_DECISION, to, S("Your Rounds verification was withdrawn"), name, p,
			NPARAS(p), link, S("Apply again"));
}

/* A moderator's warning about a post: their note and a link to the post,
 * never the post's text (it may be clinical). */
int mail_warning(const struct mail_env *e, arena *a, int64_t member, str to, str name, str note, str link)
{
	str p[] = {
		S("A moderator of Rounds has warned you about one of your posts (linked below)."),
		para(a, "Their note:\n\n%.*s", (int)note.n, note.p),
		S("Please read the community rules before you post again: patients must never be identifiable, and "
		  "colleagues are owed courtesy. Repeated breaches can lead to suspension."),
	};
	if (!note.n)
		p[1] = p[2];
	return send_one(e, a, member, STORE_MAIL_DECISION, to, S("A warning from the Rounds moderators"), name, p,
			note.n ? NPARAS(p) : NPARAS(p) - 1, link, S("The post"));
}

int mail_group_decision(const struct mail_env *e, arena *a, int64_t member, str to, str name, str group,
			bool approved, str reason, str link)
{
	if (approved) {
		str p[] = {para(a,
				"The editors have approved your private group \"%.*s\". You are its owner: invite your "
				"colleagues from its members page. What is written there is for its members only.",
				(int)group.n, group.p)};
		return send_one(e, a, member, STORE_MAIL_DECISION, to, S("Your Rounds group is approved"), name, p,
				NPARAS(p), link, S("Your group"));
	}
	str p[] = {
		para(a, "The editors have declined your request for the private group \"%.*s\".", (int)group.n, group.p),
		para(a, "Their reason:\n\n%.*s", (int)reason.n, reason.p),
		S("You can request another group."),
	};
	return send_one(e, a, member, STORE_MAIL_DECISION, to, S("Your Rounds group request"), name, p, NPARAS(p), link,
			S("Your groups"));
}

int mail_group_invitation(const struct mail_env *e, arena *a, int64_t member, str to, str inviter, str group,
			  str purpose, str link)
{
	str p[] = {
		para(a,
		     "%.*s invites you to join \"%.*s\", a private group on Rounds, the online community for doctors "
		     "and their colleagues.",
		     (int)inviter.n, inviter.p, (int)group.n, group.p),
		para(a, "What the group is for:\n\n%.*s", (int)purpose.n, purpose.p),
		S("Accept or decline on Rounds (if you are not a member of Rounds yet, register with this email address "
		  "first, and the invitation will be waiting for you)."),
	};
	return send_one(e, a, member, STORE_MAIL_INVITATION, to, S("An invitation to a private group on Rounds"),
			STR_NULL, p, NPARAS(p), link, S("Answer the invitation"));
}

int mail_blog_decision(const struct mail_env *e, arena *a, int64_t member, str to, str name, str blog, bool approved,
		       str reason, str link)
{
	if (approved) {
		str p[] = {para(a,
				"The editors have approved your blog \"%.*s\". It is yours to write: publish your first "
				"post from its page. Everyone can read it, and the editors may pick your best posts for "
				"the home page.",
				(int)blog.n, blog.p)};
		return send_one(e, a, member, STORE_MAIL_DECISION, to, S("Your Rounds blog is approved"), name, p,
				NPARAS(p), link, S("Your blog"));
	}
	str p[] = {
		para(a, "The editors have declined your application for the blog \"%.*s\".", (int)blog.n, blog.p),
		para(a, "Their reason:\n\n%.*s", (int)reason.n, reason.p),
		S("You can apply again."),
	};
	return send_one(e, a, member, STORE_MAIL_DECISION, to, S("Your Rounds blog application"), name, p, NPARAS(p),
			link, S("Apply again"));
}
