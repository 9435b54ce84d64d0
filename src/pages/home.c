/* home.c: the home page and the health check.  Featured blog posts lead
 * the home page for everyone; the latest topics follow for members. */
#include <pthread.h>

#include "blogs.h"
#include "views_gen.h"

/* Featured posts on the home page at most. */
#define HOME_FEATURED 6

/* How often the home page counts the members, in seconds: a count is a
 * scan of the members table (a million rows at full size), and the figure
 * only tells a visitor how many joined. */
#define MEMBERS_EVERY 60

static pthread_mutex_t members_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t members_n = -1, members_at; /* the last count and when */

/* The member count, counted again when a minute old by the one request
 * that finds it so (the others meanwhile show the last one); -1 when
 * there is none yet. */
static int64_t member_count(http_req *r)
{
	pthread_mutex_lock(&members_mu);
	int64_t n = members_n;
	bool recount = n < 0 || r->now - members_at >= MEMBERS_EVERY || r->now < members_at;
	if (recount)
		members_at = r->now;
	pthread_mutex_unlock(&members_mu);
	int64_t fresh;
	if (recount && store_member_count(http_store(r), &fresh) == 0) {
		pthread_mutex_lock(&members_mu);
		members_n = n = fresh;
		pthread_mutex_unlock(&members_mu);
	}
	return n;
}

/* Adds "featured": the featured posts, newest featured first (views of
 * blog_post_view).  0 or -1. */
static int featured_ctx(http_req *r, view_obj *ctx)
{
	struct store_blog_query q = {.status = -1, .featured = true, .limit = HOME_FEATURED};
	struct store_blog_post_list pl;
	view_list *l = view_list_new(r->a);
	if (!l)
		return -1;
	/* The page stands without them when the store cannot list them. */
	if (store_blog_posts(http_store(r), r->a, &q, &pl, NULL))
		return 0;
	for (int i = 0; i < pl.n; i++) {
		view_obj *o = blog_post_view(r, &pl.items[i]);
		if (!o)
			return -1;
		view_list_push_obj(l, o);
	}
	view_set_list(ctx, "featured", l);
	view_set_bool(ctx, "has_featured", pl.n > 0);
	return 0;
}

/* GET / — anyone: the featured blog posts; welcomes a visitor, greets a
 * member with the latest topics they may read. */
int home_page(http_req *r)
{
	view_obj *ctx = http_page_ctx(r, "Rounds: the community of doctors");
	if (!ctx)
		return -1;
	int64_t members = member_count(r);
	if (members >= 0)
		view_set_int(ctx, "members", members);
	view_set_bool(ctx, "deleted", !r->reader.signed_in && http_query(r, "deleted").n > 0);
	if (featured_ctx(r, ctx) < 0)
		return -1;
	/* The latest topics the reader may read (members only: forums are
	 * closed to visitors). */
	unsigned sections = policy_sections(&r->reader, ACT_FORUM_READ);
	struct store_topic_list tl;
	view_list *l = view_list_new(r->a);
	if (sections && l &&
	    store_topic_latest(http_store(r), r->a, sections, r->me.id, false, 0, 8, 0, &tl) == 0) {
		for (int i = 0; i < tl.n; i++) {
			view_obj *o = forum_topic_view(r, &tl.items[i]);
			if (!o)
				return -1;
			view_list_push_obj(l, o);
		}
		view_set_list(ctx, "latest", l);
		view_set_bool(ctx, "has_latest", tl.n > 0);
	}
	return http_page(r, 200, view_home, ctx);
}

/* GET /healthz — anyone: 200 "ok" when the store answers, else 503. */
int health_check(http_req *r)
{
	if (store_ping(http_store(r)) != 0)
		return http_bytes(r, 503, "text/plain; charset=utf-8", S("store unavailable\n"));
	http_add_header(r, "Cache-Control", "no-store");
	return http_bytes(r, 200, "text/plain; charset=utf-8", S("ok\n"));
}
