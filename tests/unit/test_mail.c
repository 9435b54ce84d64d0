/* test_mail.c: composing and building messages (src/mail/mail.c), with no
 * store: the text part wrapped at 72 columns as format=flowed (links
 * whole, space-stuffing), the HTML part escaped, the unsubscribe link and
 * its MAC (a changed member, scope or MAC fails), account mail without
 * one, and the RFC 5322 message: headers, an RFC 2047 subject that decodes
 * back, the Message-ID from the queue id, quoted-printable parts whose
 * lines stay within 76 characters and decode back, CRLF only, and header
 * injection refused. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/config.h"
#include "core/secret.h"
#include "mail/mail.h"
#include "unit.h"

static arena *ar;
static struct rounds_config cfg;
static unsigned char key[32];
static struct mail_env env;

static bool has(str s, const char *needle)
{
	size_t n = strlen(needle);
	if (n > s.n)
		return false;
	for (size_t i = 0; i + n <= s.n; i++)
		if (memcmp(s.p + i, needle, n) == 0)
			return true;
	return false;
}

/* Quoted-printable decoded (soft breaks removed, CRLF kept as LF). */
static str unqp(str s)
{
	char *out = arena_alloc(ar, s.n + 1);
	size_t k = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == '\r')
			continue;
		if (s.p[i] == '=' && i + 1 < s.n && (s.p[i + 1] == '\r' || s.p[i + 1] == '\n')) {
			i += s.p[i + 1] == '\r' ? 2 : 1;
			continue;
		}
		if (s.p[i] == '=' && i + 2 < s.n) {
			unsigned v;
			char h[3] = {s.p[i + 1], s.p[i + 2], 0};
			if (sscanf(h, "%2x", &v) == 1) {
				out[k++] = (char)v;
				i += 2;
				continue;
			}
		}
		out[k++] = s.p[i];
	}
	out[k] = '\0';
	return (str){out, k};
}

TEST(test_unsubscribe)
{
	str url;
	CHECK(mail_unsubscribe_url(&env, ar, 42, S("reply"), &url) == 0);
	CHECK(has(url, "https://rounds.example.org/unsubscribe?m=42&s=reply&t="));
	const char *t = strstr(url.p, "&t=");
	CHECK(t != NULL);
	if (!t)
		return;
	str mac = str_c(t + 3);
	mac.n = url.n - (size_t)(t + 3 - url.p);
	CHECK(mac.n == SECRET_TOKEN_LEN);
	CHECK(mail_unsubscribe_check(key, 42, S("reply"), mac));
	CHECK(!mail_unsubscribe_check(key, 43, S("reply"), mac));
	CHECK(!mail_unsubscribe_check(key, 42, S("daily"), mac));
	char bad[SECRET_TOKEN_LEN + 1];
	memcpy(bad, mac.p, mac.n);
	bad[mac.n] = '\0';
	bad[0] = bad[0] == 'A' ? 'B' : 'A';
	CHECK(!mail_unsubscribe_check(key, 42, S("reply"), str_c(bad)));
	CHECK(!mail_unsubscribe_check(key, 42, S("reply"), S("")));
	unsigned char other[32];
	memset(other, 7, sizeof other);
	CHECK(!mail_unsubscribe_check(other, 42, S("reply"), mac));
	/* Scopes are words; members are real. */
	CHECK(mail_unsubscribe_url(&env, ar, 42, S("re ply"), &url) == -1);
	CHECK(mail_unsubscribe_url(&env, ar, 42, S("reply&x=1"), &url) == -1);
	CHECK(mail_unsubscribe_url(&env, ar, 0, S("reply"), &url) == -1);
}

TEST(test_compose)
{
	str paras[] = {
		S("A paragraph long enough to be wrapped, because it goes on and on well past the seventy-two columns "
		  "a line may have, with words like hæmatology that count once per character."),
		S("> a quoted line\nFrom here a line that needs stuffing\n a line with a leading space"),
		S("https://rounds.example.org/a/very/long/link/that/is/longer/than/seventy-two/columns/and/stays/whole"),
	};
	struct mail_item items[] = {{S("Rounds & <Co>"), S("https://rounds.example.org/t/1"), S("A note")}};
	struct mail_content c = {
		.subject = S("Caf\xc3\xa9 & rounds"),
		.greeting = S("Hello Ada,"),
		.paras = paras,
		.nparas = 3,
		.items = items,
		.nitems = 1,
		.link = S("https://rounds.example.org/p/9?x=1&y=2"),
		.link_label = S("Open it"),
	};
	struct store_mail m;
	CHECK(mail_compose(&env, ar, 42, STORE_MAIL_REPLY, STR_NULL, S("ada@example.org"), &c, &m) == 0);
	CHECK(m.member_id == 42 && m.kind == STORE_MAIL_REPLY);
	CHECK(has(m.unsubscribe, "/unsubscribe?m=42&s=reply&t="));
	/* The text: flowed lines of at most 72 columns, except a long link. */
	size_t start = 0, soft = 0;
	bool long_link_whole = false;
	for (size_t i = 0; i <= m.text.n; i++) {
		if (i < m.text.n && m.text.p[i] != '\n')
			continue;
		str line = {m.text.p + start, i - start};
		size_t cols = 0;
		for (size_t k = 0; k < line.n; k++)
			cols += ((unsigned char)line.p[k] & 0xC0) != 0x80;
		if (line.n && line.p[line.n - 1] == ' ' && !str_eqc(line, "-- "))
			soft++, cols--;
		if (!has(line, "http"))
			CHECK(cols <= 72);
		if (has(line, "stays/whole"))
			long_link_whole = has(line, "https://rounds.example.org/a/very/long/link");
		start = i + 1;
	}
	CHECK(soft >= 2);
	CHECK(long_link_whole);
	CHECK(has(m.text, "\n > a quoted line\n"));
	CHECK(has(m.text, "\n From here a line"));
	CHECK(has(m.text, "\n  a line with a leading space"));
	CHECK(has(m.text, "h\xc3\xa6matology"));
	CHECK(has(m.text, "- Rounds & <Co>\n"));
	CHECK(has(m.text, "Open it:\nhttps://rounds.example.org/p/9?x=1&y=2\n"));
	CHECK(has(m.text, "Email settings: https://rounds.example.org/settings/email\n"));
	CHECK(has(m.text, "Unsubscribe from emails about replies: https://rounds.example.org/unsubscribe?m=42"));
	/* The HTML: escaped, links as attributes. */
	CHECK(has(m.html, "<!doctype html>"));
	CHECK(has(m.html, "<title>Café &amp; rounds</title>"));
	CHECK(has(m.html, "Rounds &amp; &lt;Co&gt;"));
	CHECK(!has(m.html, "<Co>"));
	CHECK(has(m.html, "href=\"https://rounds.example.org/p/9?x=1&amp;y=2\""));
	CHECK(has(m.html, "href=\"https://rounds.example.org/settings/email\""));
	/* Account mail: no unsubscribe; an address with no member: no settings. */
	CHECK(mail_compose(&env, ar, 42, STORE_MAIL_ACCOUNT, STR_NULL, S("ada@example.org"), &c, &m) == 0);
	CHECK(m.unsubscribe.n == 0 && !has(m.text, "Unsubscribe") && has(m.text, "Email settings"));
	CHECK(mail_compose(&env, ar, 0, STORE_MAIL_INVITATION, STR_NULL, S("new@example.org"), &c, &m) == 0);
	CHECK(m.unsubscribe.n == 0 && !has(m.text, "Email settings") && !has(m.html, "/settings/email"));
	/* A digest's scope. */
	CHECK(mail_compose(&env, ar, 42, STORE_MAIL_DIGEST, S("weekly"), S("ada@example.org"), &c, &m) == 0);
	CHECK(has(m.unsubscribe, "&s=weekly&") && has(m.text, "the weekly digest"));
	/* Refused: header injection, no subject, no address. */
	CHECK(mail_compose(&env, ar, 42, STORE_MAIL_REPLY, STR_NULL, S("a@b.org\r\nBcc: x@y.org"), &c, &m) == -1);
	CHECK(mail_compose(&env, ar, 42, STORE_MAIL_REPLY, STR_NULL, S("<a@b.org>"), &c, &m) == -1);
	CHECK(mail_compose(&env, ar, 42, STORE_MAIL_REPLY, STR_NULL, S(""), &c, &m) == -1);
	c.subject = S("Two\nlines");
	CHECK(mail_compose(&env, ar, 42, STORE_MAIL_REPLY, STR_NULL, S("a@b.org"), &c, &m) == -1);
}

TEST(test_message)
{
	str paras[] = {S("Ünïcödé text, = signs, and a line ending in spaces   "), S(".a line starting with a dot")};
	struct mail_content c = {
		.subject = S("Réunion: \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e and a rather long subject that needs more than "
			     "one encoded word to carry"),
		.greeting = S("Hello Ada,"),
		.paras = paras,
		.nparas = 2,
	};
	struct store_mail m;
	CHECK(mail_compose(&env, ar, 42, STORE_MAIL_MENTION, STR_NULL, S("ada@example.org"), &c, &m) == 0);
	m.id = 77;
	m.created_at = 1700000000;
	str msg;
	CHECK(mail_message(&cfg, ar, &m, &msg) == 0);
	CHECK(has(msg, "From: Rounds <no-reply@rounds.example.org>\r\nTo: <ada@example.org>\r\nSubject: =?UTF-8?B?"));
	CHECK(has(msg, "\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
	CHECK(has(msg, "\r\nMessage-ID: <77.1700000000@rounds.example.org>\r\n"));
	CHECK(has(msg, "\r\nMIME-Version: 1.0\r\n"));
	CHECK(has(msg, "\r\nList-Unsubscribe: <https://rounds.example.org/unsubscribe?m=42&s=mention&t="));
	CHECK(has(msg, "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
	CHECK(has(msg, "Content-Type: multipart/alternative;\r\n boundary=\"=_rounds_"));
	CHECK(has(msg, "Content-Type: text/plain; charset=utf-8; format=flowed\r\n"));
	CHECK(has(msg, "Content-Type: text/html; charset=utf-8\r\n"));
	/* The subject: encoded-words of whole characters that decode back. */
	const char *sub = strstr(msg.p, "Subject:");
	const char *end = sub ? strstr(sub, "\r\nDate:") : NULL;
	CHECK(sub && end);
	if (sub && end) {
		char decoded[400] = "";
		size_t dn = 0;
		for (const char *w = strstr(sub, "=?UTF-8?B?"); w && w < end; w = strstr(w, "=?UTF-8?B?")) {
			w += 10;
			const char *q = strstr(w, "?=");
			CHECK(q && q - w + 12 <= 75);
			unsigned char bin[100];
			size_t bn = 0;
			CHECK(sodium_base642bin(bin, sizeof bin, w, (size_t)(q - w), NULL, &bn, NULL,
						sodium_base64_VARIANT_ORIGINAL) == 0);
			CHECK(bn == 0 || (bin[0] & 0xC0) != 0x80); /* a word starts on a character */
			memcpy(decoded + dn, bin, bn);
			dn += bn;
			w = q;
		}
		CHECK(dn == c.subject.n && memcmp(decoded, c.subject.p, dn) == 0);
	}
	/* Every line CRLF-ended, at most 78 (76 in the parts); no bare LF. */
	size_t start = 0;
	bool ok = true;
	for (size_t i = 0; i < msg.n; i++) {
		if (msg.p[i] == '\n') {
			ok &= i > 0 && msg.p[i - 1] == '\r';
			bool fits = i - start - 1 <= 78 || has((str){msg.p + start, i - start}, "List-Unsubscribe:");
			if (!fits)
				fprintf(stderr, "long line: %.*s\n", (int)(i - start), msg.p + start);
			ok &= fits;
			start = i + 1;
		}
	}
	CHECK(ok);
	/* The text part decodes back, trailing spaces encoded, a leading dot too. */
	const char *tp = strstr(msg.p, "format=flowed\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
	const char *hp = strstr(msg.p, "Content-Type: text/html");
	CHECK(tp && hp);
	if (tp && hp) {
		tp += strlen("format=flowed\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
		str part = {tp, (size_t)(hp - tp)};
		CHECK(!has(part, "   \r\n") && has(part, "\r\n=2Ea line starting"));
		str text = unqp(part);
		CHECK(has(text, "Ünïcödé text, = signs, and a line ending in spaces\n"));
		CHECK(has(text, "\n.a line starting with a dot\n"));
	}
	/* Refused: a header value with a line break. */
	m.subject = S("x\r\nBcc: y@z.org");
	CHECK(mail_message(&cfg, ar, &m, &msg) == -1);
}

int main(void)
{
	if (secret_init() < 0)
		return 1;
	ar = arena_new(8 << 20);
	log_set_level(getenv("ROUNDS_TEST_LOG") ? LOG_INFO : LOG_ERROR + 1);
	config_load(&cfg, "/dev/null");
	config_set(&cfg, "base_url", "https://rounds.example.org/");
	config_set(&cfg, "mail_from", "Rounds <no-reply@rounds.example.org>");
	memset(key, 3, sizeof key);
	env = (struct mail_env){.cfg = &cfg, .st = NULL, .secret = key};
	RUN(test_unsubscribe);
	RUN(test_compose);
	RUN(test_message);
	arena_free(ar);
	return unit_summary();
}
