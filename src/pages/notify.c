/* notify.c: in-site notifications.
 *
 *   /notifications          the reader's notifications, newest first;
 *                           POST /notifications/read marks them all read
 *   GET /api/v1/notifications, POST /api/v1/notifications/read
 *
 * A notification names a topic; it is shown only while the reader may
 * still read that topic's forum (a doctor whose verification lapsed no
 * longer sees closed-forum titles), so the rule of forum.h holds here too. */
#include <stdio.h>

#include "forum.h"
#include "views_gen.h"

enum { NOTE_PAGE = 30 };

static const char *kind_text(str kind)
{
	if (str_eqc(kind, "reply"))
		return "replied in";
	if (str_eqc(kind, "mention"))
		return "mentioned you in";
	if (str_eqc(kind, "like"))
		return "liked your post in";
	if (str_eqc(kind, "moderation"))
		return "moderated your post in";
	return "wrote in";
}

/* The reader's notifications they may still see: 0 with *out, or a
 * store error. */
static int visible(http_req *r, int64_t page, struct store_notification_list *out, int64_t *unread)
{
	int rc = store_notification_list(http_store(r), r->a, r->me.id, NOTE_PAGE, (int)((page - 1) * NOTE_PAGE), out,
					 unread);
	if (rc)
		return rc;
	int k = 0;
	for (int i = 0; i < out->n; i++)
		if (forum_access(r, out->items[i].section, out->items[i].forum_id, ACT_FORUM_READ) == 0)
			out->items[k++] = out->items[i];
	out->n = k;
	return 0;
}

/* GET /notifications?page=N — members: their notifications, newest first. */
int notifications_page(http_req *r)
{
	int64_t page = page_number(r), unread = 0;
	struct store_notification_list nl;
	int rc = visible(r, page, &nl, &unread);
	if (rc)
		return http_store_error(r, rc);
	view_obj *ctx = http_page_ctx(r, "Notifications");
	view_list *l = view_list_new(r->a);
	if (!ctx || !l)
		return http_store_error(r, STORE_ERR);
	for (int i = 0; i < nl.n; i++) {
		const struct store_notification *n = &nl.items[i];
		view_obj *o = view_obj_new(r->a);
		if (!o)
			return http_store_error(r, STORE_ERR);
		view_set_str(o, "actor", n->actor_name.n ? n->actor_name : S("Someone"));
		view_set_str(o, "handle", n->actor_handle);
		view_set_cstr(o, "what", kind_text(n->kind));
		view_set_str(o, "title", n->topic_title);
		view_set_int(o, "topic", n->topic_id);
		view_set_int(o, "post", n->post_id);
		view_set_bool(o, "unread", !n->read);
		view_set_cstr(o, "when", page_when(r, n->created_at));
		view_list_push_obj(l, o);
	}
	view_set_list(ctx, "notifications", l);
	view_set_bool(ctx, "has_notifications", nl.n > 0);
	view_set_bool(ctx, "has_unread", unread > 0);
	view_set_bool(ctx, "has_prev", page > 1);
	view_set_bool(ctx, "has_next", nl.n == NOTE_PAGE);
	view_set_int(ctx, "prev", page - 1);
	view_set_int(ctx, "next", page + 1);
	return http_page(r, 200, view_notifications, ctx);
}

/* POST /notifications/read — members: all read; back to the list (303). */
int notifications_read_post(http_req *r)
{
	int rc = store_notification_read(http_store(r), r->me.id, 0, r->now);
	return rc ? http_store_error(r, rc) : http_redirect(r, "/notifications");
}

/* GET /api/v1/notifications?page=N — members: {notifications: [{id,
 * kind, actor, topic_id, post_id, title, created_at, read}], unread}. */
int api_notifications(http_req *r)
{
	int64_t unread = 0;
	struct store_notification_list nl;
	int rc = visible(r, page_number(r), &nl, &unread);
	if (rc)
		return http_store_error(r, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < nl.n; i++) {
		const struct store_notification *n = &nl.items[i];
		json_array_append_new(a, json_pack("{s:I, s:s%, s:{s:s%, s:s%}, s:I, s:I, s:s%, s:I, s:b}", "id",
						   (json_int_t)n->id, "kind", n->kind.p, n->kind.n, "actor", "name",
						   n->actor_name.p, n->actor_name.n, "handle", n->actor_handle.p,
						   n->actor_handle.n, "topic_id", (json_int_t)n->topic_id, "post_id",
						   (json_int_t)n->post_id, "title", n->topic_title.p, n->topic_title.n,
						   "created_at", (json_int_t)n->created_at, "read", n->read));
	}
	json_t *j = a ? json_pack("{s:o, s:I}", "notifications", a, "unread", (json_int_t)unread) : NULL;
	return j ? http_json(r, 200, j) : http_store_error(r, STORE_ERR);
}

/* POST /api/v1/notifications/read — members: all read; 204. */
int api_notifications_read(http_req *r)
{
	int rc = store_notification_read(http_store(r), r->me.id, 0, r->now);
	return rc ? http_store_error(r, rc) : http_no_content(r);
}
