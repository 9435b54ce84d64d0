/* serve.c: `rounds serve`: loads the static files and the site secret,
 * then runs the HTTP server until a signal asks it to stop. */
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "../core/blobcache.h"
#include "../core/log.h"
#include "../http/pageviews.h"
#include "../http/server.h"
#include "../http/static.h"
#include "../mail/mail.h"
#include "../pages/library.h"
#include "../pages/pages.h"
#include "cli.h"

/* See cli.h. */
int cli_site_secret(const struct rounds_config *cfg, store *st, unsigned char key[32])
{
	str value = str_c(cfg->secret);
	arena *a = arena_new(4096);
	if (!a)
		return -1;
	if (!value.n) {
		unsigned char raw[32];
		char hex[65];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
		int rc = store_setting_init(st, a, S("secret"), str_c(hex), &value);
		/* A read-only store cannot add one, but may hold it already. */
		if (rc == STORE_EFULL)
			rc = store_setting_get(st, a, S("secret"), &value);
		if (rc != 0) {
			arena_free(a);
			return -1;
		}
	}
	crypto_generichash(key, 32, (const unsigned char *)value.p, value.n, (const unsigned char *)"rounds-csrf", 11);
	arena_free(a);
	return 0;
}

/* Finds static/ beside the binary when the working folder has none. */
static void locate_static(struct rounds_config *cfg)
{
	if (!cfg || access(cfg->static_dir, R_OK) == 0)
		return;
	char exe[1024];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return;
		*slash = '\0';
		char cand[1100];
		snprintf(cand, sizeof cand, "%s/static", exe);
		if (access(cand, R_OK) == 0) {
			config_set(cfg, "static_dir", cand);
			return;
		}
	}
}

/* The housekeeper: forgets expired sessions, tokens and rate windows once
 * an hour across the whole site.  Every node tries each minute to claim
 * the job; the one that wins does the work, so a cluster of nodes runs it
 * once an hour, not once per node, and it still runs when the node that
 * last ran it is gone.  It also publishes scheduled blog posts that are
 * due, every few seconds: the store publishes each once whichever node
 * sweeps, and a post that fell due while no node ran is published at the
 * first sweep after a start.  And at each wake it hands the library's
 * download counts and the page views gathered on this node to the store
 * (once more after the server stops).  And at each wake it hands the
 * memory the allocator holds free back to the kernel (malloc_trim):
 * cli_serve's thresholds keep it between requests, and without a trim
 * the heaps grew by what fragmentation left free, 20.5 to 24.5 MB in the
 * soak's first twelve minutes while what was in use stayed at 12.5 MB.
 * Once a minute let it swing by 4 MB in between. */
struct housekeeper {
	store *st;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
};

enum { HOUSEKEEP_EVERY = 3600, HOUSEKEEP_CLAIM = 60, HOUSEKEEP_WAKE = 5 };

static void *housekeep(void *arg)
{
	struct housekeeper *h = arg;
	int64_t claimed_at = 0;
	pthread_mutex_lock(&h->mu);
	while (!h->stop) {
		pthread_mutex_unlock(&h->mu);
		int64_t now = (int64_t)time(NULL);
		int published = 0;
		if (library_count_flush(h->st) != 0)
			log_warn("housekeeping", "msg=\"could not save download counts\"");
		if (pageviews_flush(h->st) != 0)
			log_warn("housekeeping", "msg=\"could not save page views\"");
		if (store_blog_publish_due(h->st, now, &published) != 0)
			log_warn("housekeeping", "msg=\"could not publish scheduled posts\"");
		else if (published)
			log_info("blog_scheduler", "published=%d", published);
		if (now - claimed_at >= HOUSEKEEP_CLAIM) {
			bool mine = false;
			claimed_at = now;
			if (store_job_claim(h->st, S("gc"), now, HOUSEKEEP_EVERY, &mine) != 0)
				log_warn("housekeeping", "msg=\"could not claim the job\"");
			else if (mine && store_gc(h->st, now) != 0)
				log_warn("housekeeping", "msg=\"could not clear expired rows\"");
		}
		malloc_trim(0);
		pthread_mutex_lock(&h->mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += HOUSEKEEP_WAKE;
		while (!h->stop && pthread_cond_timedwait(&h->cv, &h->mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

int cli_serve(struct rounds_config *cfg, store *st)
{
	struct http_server srv = {.cfg = cfg, .st = st};
	/* Keep freed memory in the allocator's heaps.  By default glibc hands
	 * a worker thread's heap top back to the kernel (madvise) as each
	 * request's arena is freed, and the next request faults the pages in
	 * again; every madvise in a process with several threads costs a TLB
	 * flush on the other cores.  Measured on the topic page: runs fell
	 * from about 15,000 requests a second to 6,000 whenever that pattern
	 * set in.  Fixed thresholds also turn off glibc's sliding ones. */
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	/* Block the stop signals before any thread starts (the store's
	 * listener, the housekeeper), so that they inherit the mask and only
	 * http_serve's sigwait receives them. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (cli_site_secret(cfg, st, srv.secret) < 0) {
		fprintf(stderr, "rounds: cannot load the site secret\n");
		return 1;
	}
	if (store_listen(st) != 0) {
		fprintf(stderr, "rounds: cannot listen for other nodes' changes\n");
		return 1;
	}
	locate_static(cfg);
	if (static_load(cfg->static_dir) < 0)
		fprintf(stderr, "rounds: warning: static files not loaded from %s\n", cfg->static_dir);
	srv.routes = pages_routes(&srv.nroutes);
	/* What the node keeps between requests (ROUNDS_CACHE_MB): half for
	 * topic pages' posts (store_topic_page), half for posts' rendered
	 * heads (forum_posts_view), none: every page read and made afresh;
	 * and as much again for each SQLite connection's database pages (at
	 * least STORE_DB_CACHE_MIN), which the threads open after this. */
	size_t cache = (size_t)cfg->cache_mb << 20;
	store_db_cache_budget(st, cache);
	store_page_cache_budget(st, cache / 2);
	srv.heads = cache ? blobcache_new(cache / 2) : NULL;
	struct housekeeper hk = {.st = st, .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
	pthread_t hk_thread;
	bool hk_running = pthread_create(&hk_thread, NULL, housekeep, &hk) == 0;
	/* The mail sender, beside it (sender.c): woken by mail_queue. */
	const struct mail_env mail = {.cfg = cfg, .st = st, .secret = srv.secret};
	if (mail_sender_start(&mail) != 0)
		fprintf(stderr, "rounds: warning: the mail sender did not start; mail stays queued\n");
	int rc = http_serve(&srv);
	mail_sender_stop(); /* after the message in hand */
	if (hk_running) {
		pthread_mutex_lock(&hk.mu);
		hk.stop = true;
		pthread_cond_broadcast(&hk.cv);
		pthread_mutex_unlock(&hk.mu);
		pthread_join(hk_thread, NULL);
	}
	/* What was counted since the housekeeper's last wake. */
	if (library_count_flush(st) != 0)
		log_warn("housekeeping", "msg=\"could not save download counts at shutdown\"");
	if (pageviews_flush(st) != 0)
		log_warn("housekeeping", "msg=\"could not save page views at shutdown\"");
	sodium_memzero(srv.secret, sizeof srv.secret);
	static_unload();
	blobcache_free(srv.heads);
	return rc == 0 ? 0 : 1;
}
