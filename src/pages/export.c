/* export.c: a member's own data, as one JSON file: GET /settings/export
 * (a download) and GET /api/v1/me/export.  Everything the member gave
 * Rounds and wrote: the profile, verification applications, connections,
 * the private messages they wrote, their forum posts, their blogger
 * applications and their blog with every post in it (drafts too).
 * Members only, and only their own.  A post's text is theirs; its
 * topic's title goes in only while they may read the topic (forum.h). */
#include <stdio.h>
#include <time.h>

#include "../text/reference.h"
#include "blogs.h"

enum { EXPORT_PAGE = 50 }; /* messages read at a time */

static json_t *str_json(str s)
{
	return json_stringn(s.p ? s.p : "", s.n);
}

static json_t *profile_json(const struct store_member *m)
{
	json_t *j = page_member_json(m);
	if (!j)
		return NULL;
	json_object_set_new(j, "email", str_json(m->email));
	json_object_set_new(j, "specialty", str_json(m->specialty));
	json_object_set_new(j, "grade", str_json(m->grade));
	json_object_set_new(j, "bio", str_json(m->bio));
	json_object_set_new(j, "timezone", str_json(m->timezone));
	json_object_set_new(j, "joined_at", json_integer(m->created_at));
	return j;
}

static json_t *applications_json(http_req *r)
{
	struct store_verification_list l;
	if (store_verification_history(http_store(r), r->a, r->me.id, 1000, &l) != 0)
		return NULL;
	json_t *arr = json_array();
	for (int i = 0; arr && i < l.n; i++) {
		const struct store_verification *v = &l.items[i];
		json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:I}", "authority", str_json(v->authority), "number",
				      str_json(v->number), "registered_name", str_json(v->reg_name), "status",
				      str_json(v->status), "reason", str_json(v->reason), "applied_at",
				      (json_int_t)v->created_at);
		if (o && v->decided_at)
			json_object_set_new(o, "decided_at", json_integer(v->decided_at));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *people_json(http_req *r, enum store_conn_list which)
{
	struct store_member_list l;
	if (store_connection_list(http_store(r), r->a, r->me.id, which, 200, 0, &l) != 0)
		return NULL;
	json_t *arr = json_array();
	for (int i = 0; arr && i < l.n; i++)
		json_array_append_new(arr, json_pack("{s:o, s:o}", "handle", str_json(l.items[i].handle), "name",
						     str_json(l.items[i].name)));
	return arr;
}

/* Every message the member wrote, read a page at a time into a scratch
 * arena of its own, so the request's arena does not hold them all. */
static json_t *messages_json(http_req *r)
{
	json_t *arr = json_array();
	int64_t after = 0;
	int rc = arr ? 0 : STORE_ERR, n = 0;
	while (rc == 0) {
		arena *scratch = arena_new(4u << 20);
		struct store_message_list l = {0};
		rc = scratch ? store_messages_by_author(http_store(r), scratch, r->me.id, after, EXPORT_PAGE, &l) : STORE_ERR;
		for (int i = 0; rc == 0 && i < l.n; i++) {
			const struct store_message *m = &l.items[i];
			json_array_append_new(arr, json_pack("{s:I, s:I, s:o, s:I, s:b}", "id", (json_int_t)m->id,
							     "conversation_id", (json_int_t)m->conversation_id, "body",
							     str_json(m->body), "created_at", (json_int_t)m->created_at,
							     "removed", m->removed));
			after = m->id;
		}
		n = l.n;
		arena_free(scratch);
		if (n < EXPORT_PAGE)
			break;
	}
	if (rc) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* Every live forum post the member wrote, a page at a time as above:
 * [{id, topic_id, topic, number, body, created_at, edited_at}]. */
static json_t *posts_json(http_req *r)
{
	json_t *arr = json_array();
	int64_t after = 0, seen_forum = 0;
	bool readable = false;
	int rc = arr ? 0 : STORE_ERR, n = 0;
	while (rc == 0) {
		arena *scratch = arena_new(4u << 20);
		struct store_post_list l = {0};
		rc = scratch ? store_posts_for_export(http_store(r), scratch, r->me.id, after, EXPORT_PAGE, &l) : STORE_ERR;
		for (int i = 0; rc == 0 && i < l.n; i++) {
			const struct store_post *p = &l.items[i];
			/* The text is theirs; the topic's title is shown only while
			 * they may read it (a group they left, a closed forum). */
			if (p->forum_id != seen_forum) {
				seen_forum = p->forum_id;
				readable = forum_access(r, p->section, p->forum_id, ACT_FORUM_READ) == 0;
			}
			json_array_append_new(arr, json_pack("{s:I, s:I, s:o, s:I, s:o, s:I, s:I}", "id", (json_int_t)p->id,
							     "topic_id", (json_int_t)p->topic_id, "topic",
							     readable ? str_json(p->topic_title) : json_null(), "number",
							     (json_int_t)p->number,
							     "body", str_json(p->body), "created_at",
							     (json_int_t)p->created_at, "edited_at", (json_int_t)p->edited_at));
			after = p->id;
		}
		n = l.n;
		arena_free(scratch);
		if (n < EXPORT_PAGE)
			break;
	}
	if (rc) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* Their blogger applications and their blog (or null) with every post,
 * whatever its status: {applications, blog, posts}. */
static json_t *blogging_json(http_req *r)
{
	store *st = http_store(r);
	struct store_blog_application_list al;
	if (store_blogger_applications(st, r->a, r->me.id, STR_NULL, 100, 0, &al))
		return NULL;
	json_t *apps = json_array(), *posts = json_array(), *blog = json_null();
	for (int i = 0; apps && i < al.n; i++)
		json_array_append_new(apps, json_pack("{s:o, s:o, s:o, s:o, s:I}", "blog_title",
						      str_json(al.items[i].blog_title), "about", str_json(al.items[i].about),
						      "sample", str_json(al.items[i].sample), "status",
						      str_json(al.items[i].status), "created_at",
						      (json_int_t)al.items[i].created_at));
	struct store_blog b;
	int rc = store_blog_of(st, r->a, r->me.id, &b);
	if (rc == 0) {
		json_decref(blog);
		blog = blog_json(r, &b);
		for (int status = 0; rc == 0 && status < STORE_BLOG_STATUS_MAX; status++)
			for (int off = 0; rc == 0; off += 100) {
				struct store_blog_post_list pl;
				struct store_blog_query q = {.blog = b.id, .status = status, .limit = 100, .offset = off};
				if ((rc = store_blog_posts(st, r->a, &q, &pl, NULL)))
					break;
				for (int i = 0; posts && i < pl.n; i++)
					json_array_append_new(posts, blog_post_json(r, &pl.items[i], true));
				if (pl.n < 100)
					break;
			}
	} else if (rc == STORE_ENOTFOUND)
		rc = 0;
	json_t *j = rc == 0 && apps && posts ? json_pack("{s:o, s:o, s:o}", "applications", apps, "blog", blog, "posts",
							   posts)
					      : NULL;
	if (!j) {
		json_decref(apps);
		json_decref(posts);
		json_decref(blog);
	}
	return j;
}

/* The whole export, or NULL (a store error). */
static json_t *export_json(http_req *r)
{
	json_t *apps = applications_json(r), *conn = people_json(r, STORE_CONN_LIST_CONNECTED);
	json_t *in = people_json(r, STORE_CONN_LIST_INCOMING), *out = people_json(r, STORE_CONN_LIST_OUTGOING);
	json_t *prof = profile_json(&r->me), *msgs = messages_json(r), *posts = posts_json(r);
	json_t *blogging = blogging_json(r);
	if (!apps || !conn || !in || !out || !prof || !msgs || !posts || !blogging) {
		json_decref(blogging);
		json_decref(posts);
		json_decref(msgs);
		json_decref(apps);
		json_decref(conn);
		json_decref(in);
		json_decref(out);
		json_decref(prof);
		return NULL;
	}
	return json_pack("{s:s, s:I, s:o, s:o, s:{s:o, s:o, s:o}, s:o, s:o, s:o}", "format", "rounds-export-1",
			 "exported_at", (json_int_t)r->now, "profile", prof, "verification_applications", apps,
			 "connections", "connected", conn, "asked_you", in, "you_asked", out, "messages", msgs,
			 "forum_posts", posts, "blogging", blogging);
}

/* GET /settings/export — members: their data as a JSON download. */
int export_download(http_req *r)
{
	json_t *j = export_json(r);
	if (!j)
		return http_store_error(r, STORE_ERR);
	char disposition[96];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"rounds-%.*s.json\"", (int)r->me.handle.n,
		 r->me.handle.p);
	http_add_header(r, "Content-Disposition", disposition);
	return http_json(r, 200, j);
}

/* GET /api/v1/me/export — members: the same, as the body. */
int api_me_export(http_req *r)
{
	json_t *j = export_json(r);
	return j ? http_json(r, 200, j) : http_store_error(r, STORE_ERR);
}
