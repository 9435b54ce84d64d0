/* sender.c: delivers the mail queue.  A pass claims the messages that are
 * due (store_mail_claim, under a lease) a batch at a time and hands each
 * to the SMTP relay through libcurl (one connection for the batch), or,
 * with no relay configured, writes it as one file in the spool folder;
 * then records the outcome: sent; bounced (the relay answered 5xx: the
 * address gets nothing more); or tried again later with backoff (1, 5, 30
 * minutes, 2 and 8 hours), failed after the sixth attempt.
 *
 * The thread (mail_sender_start) runs a pass when mail_queue wakes it and
 * otherwise every 2 seconds, so mail goes out at once and a message
 * left by a node that died is picked up when its lease runs out.
 *
 * Invariants: a message is never lost: it is in the database before
 * anyone is told it was sent, and stays there until its outcome is
 * recorded.  A crash between the relay's 250 and the record sends it
 * again, with the same Message-ID (mail.c), for the receiving side to
 * drop; the spool never writes one twice (its file is named by the queue
 * id, and an existing file means delivered).  Logs carry ids, kinds and
 * outcomes, never bodies or addresses. */
#include "mail.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/log.h"
#include "../core/secret.h"

enum {
	LEASE = 120,   /* seconds a claimed message is ours (SMTP) */
	SPOOL_LEASE = 3, /* the spool: writing a file takes no time, and writing it again is harmless */
	BATCH = 20,    /* messages claimed at once */
	WAKE = 2,      /* seconds between passes when nobody wakes us */
	IDLE_MAX = 600, /* ... at most, after passes that failed one after another */
	ATTEMPTS = 6,  /* failed after this many */
	DIGEST_EVERY = 3600,
};

/* Backoff after attempt 1..5, in seconds. */
static const int64_t backoff[] = {60, 300, 1800, 7200, 28800};

/* mail_retry_scale (ROUNDS_MAIL_RETRY_SCALE, for tests): the backoff
 * multiplied by it. */
static double retry_scale(const struct rounds_config *cfg)
{
	const char *v = cfg->mail_retry_scale;
	if (!*v)
		return 1.0;
	char *end;
	double x = strtod(v, &end);
	return *end || !(x > 0) || x > 1000 ? 1.0 : x;
}

/* The lease, scaled as the backoff (so a test need not wait two minutes
 * for a dead sender's message), at least 4 s; a delivery gives up after
 * half of it, so a message is never still being sent when its lease runs
 * out and another sender claims it.  The spool's is short: its file is
 * named by the queue id and never written twice, so a message a dead
 * process left is written (or found written) seconds after a restart. */
static int64_t lease_of(const struct rounds_config *cfg)
{
	if (!cfg->smtp_url[0])
		return SPOOL_LEASE;
	double d = (double)LEASE * retry_scale(cfg);
	return d < 4 ? 4 : (int64_t)(d + 0.5);
}

/* When a message that failed for the `attempts`th time is tried again. */
static int64_t next_try(const struct rounds_config *cfg, int attempts, int64_t now)
{
	int k = attempts < 1 ? 0 : attempts > 5 ? 4 : attempts - 1;
	double d = (double)backoff[k] * retry_scale(cfg);
	return now + (d < 1 ? 1 : (int64_t)(d + 0.5));
}

/* ---- The spool ---------------------------------------------------------- */

/* Writes the message as SPOOL/ID.eml: to a temporary name, synced, then
 * renamed, so a reader never sees half a message.  An existing ID.eml is
 * the same message delivered before (a retry after a crash): left alone.
 * The temporary file is locked while it is written, so spool_sweep can
 * tell one whose writer died from one being written.
 * 0, or -1 (a temporary failure, logged). */
static int spool(const struct rounds_config *cfg, str msg, int64_t id)
{
	char tmp[1200], final[1200];
	if (mkdir(cfg->mail_spool, 0700) < 0 && errno != EEXIST) {
		log_error("mail", "spool=%s msg=\"cannot create: %s\"", cfg->mail_spool, strerror(errno));
		return -1;
	}
	snprintf(final, sizeof final, "%s/%012lld.eml", cfg->mail_spool, (long long)id);
	if (access(final, F_OK) == 0)
		return 0;
	unsigned r;
	secret_random(&r, sizeof r);
	snprintf(tmp, sizeof tmp, "%s/.%012lld.%u.tmp", cfg->mail_spool, (long long)id, r);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	flock(fd, LOCK_EX);
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
	int dir = open(cfg->mail_spool, O_RDONLY | O_DIRECTORY);
	if (dir >= 0) { /* the rename itself, on disk */
		fsync(dir);
		close(dir);
	}
	return 0;
fail:
	log_error("mail", "spool=%s msg=\"cannot write: %s\"", cfg->mail_spool, strerror(errno));
	return -1;
}

/* Removes the temporary files of writers that died mid-write (a crash
 * between open and rename): those nobody holds locked.  The message
 * itself is still queued, so it is written again. */
static void spool_sweep(const struct rounds_config *cfg)
{
	if (!cfg->mail_spool[0] || cfg->smtp_url[0])
		return;
	DIR *d = opendir(cfg->mail_spool);
	if (!d)
		return;
	int dfd = dirfd(d);
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (de->d_name[0] != '.' || n < 5 || strcmp(de->d_name + n - 4, ".tmp") != 0)
			continue;
		int fd = openat(dfd, de->d_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 && unlinkat(dfd, de->d_name, 0) == 0)
			log_info("mail", "spool=%s file=%s msg=\"removed a crashed writer's temporary file\"", cfg->mail_spool,
			         de->d_name);
		close(fd);
	}
	closedir(d);
}

/* ---- SMTP --------------------------------------------------------------- */

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

/* Sends one message over `c` (kept between messages of a batch, so its
 * connection is reused).  The outcome, and in `err` what went wrong. */
static enum store_mail_outcome smtp(CURL *c, const struct rounds_config *cfg, str to, str msg, char *err,
				    size_t cap)
{
	long timeout = (long)(lease_of(cfg) / 2);
	char rcpt[400], from[300];
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
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout < 10 ? timeout : 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (cfg->smtp_user[0]) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password);
	}
	CURLcode rc = curl_easy_perform(c);
	curl_slist_free_all(rcpts);
	if (rc == CURLE_OK) {
		*err = '\0';
		return STORE_MAIL_SENT;
	}
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	snprintf(err, cap, "%ld %s", code, curl_easy_strerror(rc));
	/* A permanent refusal (5xx) is the address's, unless it was our
	 * sign-in that failed. */
	if (code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED)
		return STORE_MAIL_BOUNCED;
	return STORE_MAIL_RETRY;
}

/* ---- A pass ------------------------------------------------------------- */

static atomic_int stopping; /* set by mail_sender_stop: end the pass early */

/* Delivers one claimed message and records its outcome. */
static void deliver(const struct mail_env *e, arena *a, CURL *c, const struct store_mail *m, int *sent)
{
	const struct rounds_config *cfg = e->cfg;
	int64_t now = (int64_t)time(NULL);
	str msg;
	char err[300] = "";
	enum store_mail_outcome o;
	if (mail_message(cfg, a, m, &msg) < 0) {
		snprintf(err, sizeof err, "cannot build the message");
		o = STORE_MAIL_FAILED;
	} else if (cfg->smtp_url[0]) {
		o = c ? smtp(c, cfg, m->address, msg, err, sizeof err) : STORE_MAIL_RETRY;
		if (!c)
			snprintf(err, sizeof err, "no libcurl handle");
	} else {
		o = spool(cfg, msg, m->id) == 0 ? STORE_MAIL_SENT : STORE_MAIL_RETRY;
		if (o != STORE_MAIL_SENT)
			snprintf(err, sizeof err, "cannot write to the spool");
	}
	if (o == STORE_MAIL_RETRY && m->attempts >= ATTEMPTS)
		o = STORE_MAIL_FAILED;
	int64_t next = o == STORE_MAIL_RETRY ? next_try(cfg, m->attempts, now) : 0;
	int rc = store_mail_done(e->st, m->id, o, str_c(err), next, now);
	const char *via = cfg->smtp_url[0] ? "smtp" : "spool";
	const char *kind = store_mail_kind_name(m->kind);
	if (rc)
		log_warn("mail", "id=%lld err=%d msg=\"outcome not recorded; the lease will bring it back\"",
			 (long long)m->id, rc);
	switch (o) {
	case STORE_MAIL_SENT:
		log_info("mail_sent", "id=%lld kind=%s via=%s attempts=%d", (long long)m->id, kind, via, m->attempts);
		if (sent)
			++*sent;
		break;
	case STORE_MAIL_RETRY:
		log_warn("mail_retry", "id=%lld kind=%s via=%s attempts=%d next_at=%lld err=\"%s\"", (long long)m->id,
			 kind, via, m->attempts, (long long)next, err);
		break;
	case STORE_MAIL_BOUNCED:
		log_warn("mail_bounced", "id=%lld kind=%s member=%lld err=\"%s\"", (long long)m->id, kind,
			 (long long)m->member_id, err);
		break;
	case STORE_MAIL_FAILED:
		log_error("mail_failed", "id=%lld kind=%s attempts=%d err=\"%s\"", (long long)m->id, kind, m->attempts,
			  err);
		break;
	}
}

/* When this process last tried to claim the digests' hourly job. */
static atomic_llong digests_tried;

/* The notifications (notify_mail.c): immediate mail for new events every
 * pass; the digests when this node wins the hourly job (tried once a
 * minute), so a cluster runs them once an hour. */
static void notifications(const struct mail_env *e, arena *a, int64_t now)
{
	if (mail_fanout(e, a, now) < 0)
		log_warn("mail", "msg=\"the fan-out failed; it resumes from its cursors\"");
	long long last = atomic_load(&digests_tried);
	if (now - last < 60 || !atomic_compare_exchange_strong(&digests_tried, &last, (long long)now))
		return;
	bool mine = false;
	if (store_job_claim(e->st, S("mail_digests"), now, DIGEST_EVERY, &mine) != 0)
		log_warn("mail", "msg=\"could not claim the digests' job\"");
	else if (mine && mail_digests(e, a, now) < 0)
		log_warn("mail", "msg=\"the digests failed; the next run covers them\"");
}

/* See mail.h. */
int mail_deliver(const struct mail_env *e, int64_t now, int *sent)
{
	if (sent)
		*sent = 0;
	arena *a = arena_new(4u << 20);
	if (!a)
		return STORE_ERR;
	int rc = 0;
	notifications(e, a, now);
	while (!stopping) {
		struct store_mail_list l;
		arena_free(a);
		if (!(a = arena_new(4u << 20)))
			return STORE_ERR;
		int64_t t = (int64_t)time(NULL);
		if ((rc = store_mail_claim(e->st, a, t, lease_of(e->cfg), BATCH, &l)) != 0) {
			log_warn("mail", "msg=\"cannot claim mail; trying again later\"");
			rc = rc < 0 ? rc : STORE_ERR;
			break;
		}
		if (!l.n)
			break;
		CURL *c = e->cfg->smtp_url[0] ? curl_easy_init() : NULL;
		for (int i = 0; i < l.n; i++)
			deliver(e, a, c, &l.items[i], sent); /* the rest of a batch, even when stopping: it is claimed */
		if (c)
			curl_easy_cleanup(c);
	}
	arena_free(a);
	return rc;
}

/* ---- The thread --------------------------------------------------------- */

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool running, stop, woken;
	pthread_t thread;
	struct mail_env env;
} snd = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void *sender_main(void *arg)
{
	(void)arg;
	spool_sweep(snd.env.cfg);
	int idle = WAKE;
	pthread_mutex_lock(&snd.mu);
	while (!snd.stop) {
		snd.woken = false;
		pthread_mutex_unlock(&snd.mu);
		/* A database that refuses writes (read-only, a full disk)
		 * fails every pass: each failure in a row waits four times
		 * longer, up to IDLE_MAX, so the log says so a few times an
		 * hour, not every WAKE seconds.  New mail still wakes us. */
		int rc = mail_deliver(&snd.env, (int64_t)time(NULL), NULL);
		idle = rc == 0 ? WAKE : idle >= IDLE_MAX / 4 ? IDLE_MAX : idle * 4;
		pthread_mutex_lock(&snd.mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += idle;
		while (!snd.stop && !snd.woken && pthread_cond_timedwait(&snd.cv, &snd.mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&snd.mu);
	return NULL;
}

/* See mail.h. */
int mail_sender_start(const struct mail_env *e)
{
	pthread_mutex_lock(&snd.mu);
	if (snd.running) {
		pthread_mutex_unlock(&snd.mu);
		return 0;
	}
	snd.env = *e;
	snd.stop = false;
	stopping = 0;
	snd.running = pthread_create(&snd.thread, NULL, sender_main, NULL) == 0;
	bool ok = snd.running;
	pthread_mutex_unlock(&snd.mu);
	if (!ok)
		log_error("mail", "msg=\"cannot start the sender\"");
	return ok ? 0 : -1;
}

/* See mail.h. */
void mail_sender_wake(void)
{
	pthread_mutex_lock(&snd.mu);
	if (snd.running) {
		snd.woken = true;
		pthread_cond_signal(&snd.cv);
	}
	pthread_mutex_unlock(&snd.mu);
}

/* See mail.h. */
void mail_sender_stop(void)
{
	pthread_mutex_lock(&snd.mu);
	if (!snd.running) {
		pthread_mutex_unlock(&snd.mu);
		return;
	}
	snd.stop = true;
	stopping = 1;
	pthread_cond_broadcast(&snd.cv);
	pthread_mutex_unlock(&snd.mu);
	pthread_join(snd.thread, NULL);
	pthread_mutex_lock(&snd.mu);
	snd.running = false;
	pthread_mutex_unlock(&snd.mu);
}
