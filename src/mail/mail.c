/* mail.c: composes RFC 5322 messages and sends them to the relay or the
 * spool.  Header values come only from checked addresses and our own
 * subjects; anything with CR or LF is refused. */
#include "mail.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/log.h"
#include "../core/secret.h"

static bool has_crlf(str s)
{
	return memchr(s.p, '\r', s.n) || memchr(s.p, '\n', s.n);
}

static int compose(const struct rounds_config *cfg, buf *b, str to, str subject, str body, const char *id)
{
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf_printf(b, "From: %s\r\nTo: <%.*s>\r\nSubject: %.*s\r\nDate: %s\r\nMessage-ID: <%s@rounds>\r\n", cfg->mail_from,
		   (int)to.n, to.p, (int)subject.n, subject.p, date, id);
	buf_puts(b, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
	/* Bare LF to CRLF, as SMTP wants. */
	for (size_t i = 0; i < body.n; i++) {
		if (body.p[i] == '\n' && (i == 0 || body.p[i - 1] != '\r'))
			buf_putc(b, '\r');
		buf_putc(b, body.p[i]);
	}
	buf_puts(b, "\r\n");
	return b->err ? -1 : 0;
}

static int spool(const struct rounds_config *cfg, str msg, const char *id)
{
	char tmp[1200], final[1200];
	if (mkdir(cfg->mail_spool, 0700) < 0 && errno != EEXIST) {
		log_error("mail", "spool=%s msg=\"cannot create: %s\"", cfg->mail_spool, strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof tmp, "%s/.%s.tmp", cfg->mail_spool, id);
	snprintf(final, sizeof final, "%s/%s.eml", cfg->mail_spool, id);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		goto fail;
	size_t off = 0;
	while (off < msg.n) {
		ssize_t w = write(fd, msg.p + off, msg.n - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			unlink(tmp);
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) < 0 || close(fd) < 0 || rename(tmp, final) < 0) {
		unlink(tmp);
		goto fail;
	}
	return 0;
fail:
	log_error("mail", "spool=%s msg=\"cannot write: %s\"", cfg->mail_spool, strerror(errno));
	return -1;
}

struct reader {
	str msg;
	size_t off;
};

static size_t read_cb(char *out, size_t size, size_t nmemb, void *cls)
{
	struct reader *rd = cls;
	size_t n = size * nmemb, left = rd->msg.n - rd->off;
	if (n > left)
		n = left;
	memcpy(out, rd->msg.p + rd->off, n);
	rd->off += n;
	return n;
}

static int smtp(const struct rounds_config *cfg, str to, str msg)
{
	CURL *c = curl_easy_init();
	if (!c)
		return -1;
	char rcpt[300], from[300];
	snprintf(rcpt, sizeof rcpt, "<%.*s>", (int)to.n, to.p);
	const char *lt = strchr(cfg->mail_from, '<');
	snprintf(from, sizeof from, "%s", lt ? lt : cfg->mail_from);
	struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
	struct reader rd = {msg, 0};
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &rd);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (cfg->smtp_user[0]) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password);
	}
	CURLcode rc = curl_easy_perform(c);
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		log_error("mail", "msg=\"smtp failed: %s\"", curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}

static int mail_send(const struct rounds_config *cfg, arena *a, str to, str subject, str body)
{
	if (has_crlf(to) || has_crlf(subject) || memchr(to.p, '>', to.n))
		return -1;
	unsigned char rnd[8];
	char hex[17], id[64];
	secret_random(rnd, sizeof rnd);
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
	snprintf(id, sizeof id, "%lld-%s", (long long)time(NULL), hex);
	buf b;
	buf_init(&b, a);
	if (compose(cfg, &b, to, subject, body, id) < 0)
		return -1;
	int rc = cfg->smtp_url[0] ? smtp(cfg, to, buf_slice(&b)) : spool(cfg, buf_slice(&b), id);
	if (rc == 0)
		log_info("mail", "id=%s via=%s", id, cfg->smtp_url[0] ? "smtp" : "spool");
	return rc;
}

/* Interim: sends at once (the queue replaces this). */
static int send_now(const struct mail_env *e, arena *a, str to, str subject, str body)
{
	return e ? mail_send(e->cfg, a, to, subject, body) : -1;
}

int mail_confirm(const struct mail_env *e, arena *a, int64_t member, str to, str name, str link)
{
	(void)member;
	buf b;
	buf_init(&b, a);
	buf_printf(&b,
		   "Hello %.*s,\n\nWelcome to Rounds, the community of doctors.\n\n"
		   "Please confirm your email address by opening this link:\n\n%.*s\n\n"
		   "The link works once and for 48 hours. If you did not join Rounds, ignore this message.\n\n"
		   "-- \nRounds\n",
		   (int)name.n, name.p, (int)link.n, link.p);
	if (b.err)
		return -1;
	return send_now(e, a, to, S("Confirm your email for Rounds"), buf_slice(&b));
}

int mail_reset(const struct mail_env *e, arena *a, int64_t member, str to, str name, str link)
{
	(void)member;
	buf b;
	buf_init(&b, a);
	buf_printf(&b,
		   "Hello %.*s,\n\nSomeone (we hope you) asked to reset your Rounds password.\n\n"
		   "Choose a new password here:\n\n%.*s\n\n"
		   "The link works once and for one hour. If you did not ask, ignore this message: "
		   "your password stays as it is.\n\n-- \nRounds\n",
		   (int)name.n, name.p, (int)link.n, link.p);
	if (b.err)
		return -1;
	return send_now(e, a, to, S("Reset your Rounds password"), buf_slice(&b));
}

int mail_verification(const struct mail_env *e, arena *a, int64_t member, str to, str name, bool approved, str reason,
		      str link)
{
	(void)member;
	buf b;
	buf_init(&b, a);
	if (approved)
		buf_printf(&b,
			   "Hello %.*s,\n\nYour registration has been checked: you are now a verified doctor on "
			   "Rounds. The closed clinical forums are open to you, and the verified badge shows beside "
			   "your name.\n\n",
			   (int)name.n, name.p);
	else
		buf_printf(&b,
			   "Hello %.*s,\n\nWe could not verify your registration this time.\n\n"
			   "The editor's reason:\n\n%.*s\n\nYou can correct your details and apply again here:\n\n",
			   (int)name.n, name.p, (int)reason.n, reason.p);
	buf_printf(&b, "%.*s\n\n-- \nRounds\n", (int)link.n, link.p);
	if (b.err)
		return -1;
	return send_now(e, a, to, approved ? S("You are verified on Rounds") : S("Your Rounds verification"),
			 buf_slice(&b));
}

int mail_verification_withdrawn(const struct mail_env *e, arena *a, int64_t member, str to, str name, str link)
{
	(void)member;
	buf b;
	buf_init(&b, a);
	buf_printf(&b,
		   "Hello %.*s,\n\nThe register of your medical authority, as imported into Rounds, lists your "
		   "registration as erased or suspended, so your verification on Rounds has been withdrawn and the "
		   "closed clinical forums are closed to you for now.\n\nIf this is a mistake, or once your "
		   "registration is restored, apply again here:\n\n%.*s\n\n-- \nRounds\n",
		   (int)name.n, name.p, (int)link.n, link.p);
	if (b.err)
		return -1;
	return send_now(e, a, to, S("Your Rounds verification was withdrawn"), buf_slice(&b));
}

int mail_account_deleted(const struct mail_env *e, arena *a, str to, str name)
{
	buf b;
	buf_init(&b, a);
	buf_printf(&b,
		   "Hello %.*s,\n\nYour Rounds account has been deleted, as you asked. Your profile, email "
		   "address, password, connections and verification details are erased. What you wrote stays, "
		   "shown as written by a former member.\n\nIf you did not ask for this, reply to this message "
		   "at once.\n\n-- \nRounds\n",
		   (int)name.n, name.p);
	if (b.err)
		return -1;
	return send_now(e, a, to, S("Your Rounds account has been deleted"), buf_slice(&b));
}

/* A moderator's warning about a post: their note and a link to the post,
 * never the post's text (it may be clinical). */
int mail_warning(const struct mail_env *e, arena *a, int64_t member, str to, str name, str note, str link)
{
	(void)member;
	buf b;
	buf_init(&b, a);
	buf_printf(&b,
		   "Hello %.*s,\n\nA moderator of Rounds has warned you about one of your posts:\n\n  %.*s\n\n"
		   "%.*s\n\nPlease read the community rules before you post again: patients must never be "
		   "identifiable, and colleagues are owed courtesy. Repeated breaches can lead to suspension.\n\n"
		   "-- \nRounds\n",
		   (int)name.n, name.p, (int)link.n, link.p, (int)note.n, note.p);
	if (b.err)
		return -1;
	return send_now(e, a, to, S("A warning from the Rounds moderators"), buf_slice(&b));
}

int mail_group_decision(const struct mail_env *e, arena *a, int64_t member, str to, str name, str group, bool approved,
			str reason, str link)
{
	(void)member;
	buf b;
	buf_init(&b, a);
	if (approved)
		buf_printf(&b,
			   "Hello %.*s,\n\nThe editors have approved your private group \"%.*s\". You are its owner: "
			   "invite your colleagues from its members page. What is written there is for its members "
			   "only.\n\n",
			   (int)name.n, name.p, (int)group.n, group.p);
	else
		buf_printf(&b,
			   "Hello %.*s,\n\nThe editors have declined your request for the private group \"%.*s\".\n\n"
			   "Their reason:\n\n%.*s\n\nYou can request another group here:\n\n",
			   (int)name.n, name.p, (int)group.n, group.p, (int)reason.n, reason.p);
	buf_printf(&b, "%.*s\n\n-- \nRounds\n", (int)link.n, link.p);
	if (b.err)
		return -1;
	return send_now(e, a, to, approved ? S("Your Rounds group is approved") : S("Your Rounds group request"),
			 buf_slice(&b));
}

int mail_group_invitation(const struct mail_env *e, arena *a, int64_t member, str to, str inviter, str group, str purpose,
			  str link)
{
	(void)member;
	buf b;
	buf_init(&b, a);
	buf_printf(&b,
		   "Hello,\n\n%.*s invites you to join \"%.*s\", a private group on Rounds, the online community "
		   "for doctors and their colleagues.\n\nWhat the group is for:\n\n%.*s\n\n"
		   "Accept or decline here (if you are not a member of Rounds yet, register with this email address "
		   "first, and the invitation will be waiting for you):\n\n%.*s\n\n-- \nRounds\n",
		   (int)inviter.n, inviter.p, (int)group.n, group.p, (int)purpose.n, purpose.p, (int)link.n, link.p);
	if (b.err)
		return -1;
	return send_now(e, a, to, S("An invitation to a private group on Rounds"), buf_slice(&b));
}

int mail_blog_decision(const struct mail_env *e, arena *a, int64_t member, str to, str name, str blog, bool approved,
		       str reason, str link)
{
	(void)member;
	buf b;
	buf_init(&b, a);
	if (approved)
		buf_printf(&b,
			   "Hello %.*s,\n\nThe editors have approved your blog \"%.*s\". It is yours to write: "
			   "publish your first post from its page. Everyone can read it, and the editors may pick "
			   "your best posts for the home page.\n\nYour blog:\n\n",
			   (int)name.n, name.p, (int)blog.n, blog.p);
	else
		buf_printf(&b,
			   "Hello %.*s,\n\nThe editors have declined your application for the blog \"%.*s\".\n\n"
			   "Their reason:\n\n%.*s\n\nYou can apply again here:\n\n",
			   (int)name.n, name.p, (int)blog.n, blog.p, (int)reason.n, reason.p);
	buf_printf(&b, "%.*s\n\n-- \nRounds\n", (int)link.n, link.p);
	if (b.err)
		return -1;
	return send_now(e, a, to, approved ? S("Your Rounds blog is approved") : S("Your Rounds blog application"),
			 buf_slice(&b));
}
