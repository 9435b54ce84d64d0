/* home.c: the home page and the health check. */
#include "forum.h"
#include "views_gen.h"

/* GET / — anyone: welcomes a visitor, greets a member. */
int home_page(http_req *r)
{
	view_obj *ctx = http_page_ctx(r, "Rounds: the community of doctors");
	if (!ctx)
		return -1;
	int64_t members = 0;
	if (store_member_count(http_store(r), &members) == 0)
		view_set_int(ctx, "members", members);
	view_set_bool(ctx, "deleted", !r->reader.signed_in && http_query(r, "deleted").n > 0);
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
