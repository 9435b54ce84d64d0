/* backend.h: what a store backend provides, for store.c and the backends
 * only (handlers include store.h and never see this).
 *
 * A backend fills one `struct store_ops` (one function per store.h function,
 * with the same parameters and contract) and allocates its own state with a
 * `struct store` as its first member, so the pointer handed out as `store *`
 * converts back to the backend's type.  store.c checks nothing and adds
 * nothing: each op is called as is, so each backend must fill every one. */
#ifndef ROUNDS_STORE_BACKEND_H
#define ROUNDS_STORE_BACKEND_H

#include <stdatomic.h>

#include "store.h"

struct store_ops {
	const char *name; /* "sqlite", "postgresql": for logs */

	/* Opens the store at `target` (what follows "sqlite:" for SQLite, the
	 * whole URL for PostgreSQL).  NULL, logged, on failure. */
	store *(*open)(const char *target);
	/* Releases everything the store holds, then the store itself. */
	void (*close)(store *s);
	/* May be NULL: the backend keeps no pages per connection of its own
	 * (PostgreSQL's are the server's).  See store_db_cache_budget. */
	void (*db_cache)(store *s, size_t bytes);
	int (*migrate)(store *s);
	int (*ping)(store *s);
	/* Both may be NULL: the backend's statements are snapshots enough. */
	void (*read_begin)(store *s);
	void (*read_end)(store *s);
	/* Both may be NULL for a backend that serves one node: store.c then
	 * keeps the generations in this process only. */
	int (*listen)(store *s);
	int (*changed)(store *s, enum store_cache topic);
	int (*job_claim)(store *s, str name, int64_t now, int64_t every, bool *claimed);

	int (*member_create)(store *s, const struct store_member_new *m, int64_t *id, enum store_member_key *key);
	int (*member_by_id)(store *s, arena *a, int64_t id, struct store_member *out);
	int (*member_by_handle)(store *s, arena *a, str handle, struct store_member *out);
	int (*member_by_email_auth)(store *s, arena *a, str email, struct store_member *out);
	int (*member_count)(store *s, int64_t *out);
	int (*member_update_profile)(store *s, int64_t id, const struct store_profile *p);
	int (*member_set_password)(store *s, int64_t id, str pw_hash);
	int (*member_set_roles)(store *s, int64_t id, unsigned roles);
	int (*member_set_suspended)(store *s, int64_t id, bool suspended);
	int (*member_set_verified)(store *s, int64_t id, bool verified);
	int (*member_confirm)(store *s, int64_t id);
	int (*member_delete)(store *s, int64_t id, int64_t now);
	int (*member_search)(store *s, arena *a, str query, int limit, int offset, struct store_member_list *out);
	int (*member_directory)(store *s, arena *a, const struct store_directory_query *dq,
				struct store_member_list *out, int64_t *total);

	int (*verification_apply)(store *s, const struct store_verification *v, int64_t now, int64_t *id,
				  bool *verified);
	int (*register_import)(store *s, arena *a, store_row_source next, void *ctx, int64_t now,
			       struct store_import_result *out);
	int (*verification_latest)(store *s, arena *a, int64_t member_id, struct store_verification *out);
	int (*verification_history)(store *s, arena *a, int64_t member_id, int limit,
				    struct store_verification_list *out);
	int (*verification_get)(store *s, arena *a, int64_t id, struct store_verification *out);
	int (*verification_queue)(store *s, arena *a, int limit, int offset, struct store_verification_list *out);
	int (*verification_decide)(store *s, int64_t id, int64_t editor, bool approve, str reason, int64_t now,
				   int64_t *member_id);

	int (*upload_put)(store *s, const char *tmp_path, const char *sha256, int64_t size, str mime, int64_t now);
	int (*upload_get)(store *s, arena *a, const char *sha256, struct store_upload *out);
	int (*upload_stat)(store *s, arena *a, const char *sha256, struct store_upload *out);
	int (*upload_read)(store *s, const char *sha256, int64_t off, size_t n, char *dst);

	int (*connection_request)(store *s, int64_t from, int64_t to, int64_t now);
	int (*connection_answer)(store *s, int64_t me, int64_t other, bool accept, int64_t now);
	int (*connection_remove)(store *s, int64_t me, int64_t other);
	int (*connection_state)(store *s, int64_t me, int64_t other, enum store_conn_state *out);
	int (*connection_list)(store *s, arena *a, int64_t member, enum store_conn_list which, int limit, int offset,
			       struct store_member_list *out);

	int (*block)(store *s, int64_t blocker, int64_t blocked, int64_t now);
	int (*unblock)(store *s, int64_t blocker, int64_t blocked);
	int (*block_state)(store *s, int64_t a, int64_t b, bool *ab, bool *ba);
	int (*block_list)(store *s, arena *a, int64_t blocker, int limit, int offset, struct store_member_list *out);

	int (*conversation_start)(store *s, const struct store_message_new *m, const int64_t *to, int nto, str subject,
				  int64_t now, int64_t *conv, int64_t *msg, int64_t *blocked_by);
	int (*message_post)(store *s, int64_t conv, const struct store_message_new *m, int64_t now, int64_t *msg,
			    int64_t *blocked_by);
	int (*conversation_get)(store *s, arena *a, int64_t conv, int64_t reader, struct store_conversation *out);
	int (*conversation_messages)(store *s, arena *a, int64_t conv, int64_t before, int limit,
				     struct store_message_list *out);
	int (*conversation_list)(store *s, arena *a, int64_t reader, int limit, int offset,
				 struct store_conversation_list *out, int64_t *total);
	int (*conversation_act)(store *s, int64_t conv, int64_t member, enum store_conv_action act, int64_t now);
	int (*message_unread)(store *s, int64_t member, int64_t *out);
	int (*messages_by_author)(store *s, arena *a, int64_t author, int64_t after, int limit,
				  struct store_message_list *out);
	int (*message_report)(store *s, int64_t msg, int64_t reporter, str reason, int64_t now, int64_t *id);
	int (*report_queue)(store *s, arena *a, int limit, int offset, struct store_report_list *out);
	int (*report_decide)(store *s, int64_t id, int64_t editor, bool remove, str note, int64_t now);

	int (*token_create)(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN],
			    int64_t member_id, int64_t expires_at);
	int (*session_member)(store *s, arena *a, const unsigned char hash[STORE_HASH_LEN], int64_t now,
			      struct store_session *sess, struct store_member *m);
	int (*password_reset)(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, str pw_hash,
			      int64_t *member_id);
	int (*backup)(store *s, const char *path);
	int (*check)(store *s, store_check_fn problem, void *ctx);
	int (*gc)(store *s, int64_t now);
	int (*token_check)(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
			   int64_t *member_id);
	int (*token_take)(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN],
			  int64_t now, int64_t *member_id);

	int (*session_create)(store *s, const unsigned char hash[STORE_HASH_LEN], const struct store_session *sess,
			      int64_t now);
	int (*session_get)(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now,
			   struct store_session *out);
	int (*session_delete)(store *s, const unsigned char hash[STORE_HASH_LEN]);
	int (*session_delete_member)(store *s, int64_t member_id);

	int (*rate_hit)(store *s, str key, int64_t now, int64_t window, int64_t *count, int64_t *reset_at);
	int (*rate_peek)(store *s, str key, int64_t now, int64_t *count, int64_t *reset_at);
	int (*rate_clear)(store *s, str key);

	int (*setting_get)(store *s, arena *a, str key, str *out);
	int (*setting_init)(store *s, arena *a, str key, str value, str *out);

	int (*audit)(store *s, int64_t actor, str action, str target, str detail);

	/* Forums (see store.h). */
	int (*section_parse)(str name);
	int (*forum_create)(store *s, const struct store_forum *f, int64_t actor, int64_t now, int64_t *id);
	int (*forum_update)(store *s, const struct store_forum *f, int64_t actor, int64_t now);
	int (*forum_list)(store *s, arena *a, bool archived_too, struct store_forum_list *out);
	int (*forum_by_slug)(store *s, arena *a, str slug, struct store_forum *out);
	int (*forum_by_id)(store *s, arena *a, int64_t id, struct store_forum *out);
	int (*champion_set)(store *s, int64_t forum, int64_t member, bool on, int64_t actor, int64_t now);
	int (*champion_list)(store *s, arena *a, int64_t forum, struct store_member_list *out);
	int (*champion_is)(store *s, int64_t forum, int64_t member, bool *out);
	int (*topic_create)(store *s, int64_t forum, str title, const struct store_post_new *p, int64_t now, int64_t *topic, int64_t *post);
	int (*topic_get)(store *s, arena *a, int64_t id, int64_t reader, struct store_topic *out);
	int (*topic_list)(store *s, arena *a, int64_t forum, int64_t reader, int limit, int offset, struct store_topic_list *out, int64_t *total);
	int (*topic_latest)(store *s, arena *a, unsigned sections, int64_t reader, bool unread_only, int64_t since, int limit, int offset, struct store_topic_list *out);
	int (*topic_by_author)(store *s, arena *a, int64_t author, unsigned sections, int limit, struct store_topic_list *out);
	int (*post_create)(store *s, int64_t topic, const struct store_post_new *p, int64_t now, int64_t *id);
	int (*post_get)(store *s, arena *a, int64_t id, int64_t reader, struct store_post *out);
	int (*topic_posts)(store *s, arena *a, int64_t topic, int64_t reader, int limit, int offset, struct store_post_list *out);
	int (*posts_liked)(store *s, int64_t reader, struct store_post_list *pl);
	int (*post_by_author)(store *s, arena *a, int64_t author, unsigned sections, int limit, struct store_post_list *out);
	int (*post_edit)(store *s, int64_t id, int64_t editor, str title, const struct store_post_new *p, int64_t now);
	int (*post_history)(store *s, arena *a, int64_t post, struct store_post_edit_list *out);
	int (*post_delete)(store *s, int64_t id, int64_t actor, bool staff, str reason, int64_t now);
	int (*post_like)(store *s, int64_t post, int64_t member, bool on, int64_t now);
	int (*topic_moderate)(store *s, int64_t topic, enum store_mod m, int64_t arg, int64_t actor, str reason, int64_t now);
	int (*post_moderate)(store *s, int64_t post, enum store_mod m, int64_t actor, str reason, int64_t now);
	int (*topic_read)(store *s, int64_t member, int64_t topic, int64_t post, int64_t now);
	int (*topic_watch)(store *s, int64_t member, int64_t topic, bool on, int64_t now);
	int (*topic_watching)(store *s, int64_t member, int64_t topic, bool *out);
	int (*notification_list)(store *s, arena *a, int64_t member, int limit, int offset, struct store_notification_list *out, int64_t *unread);
	int (*notification_read)(store *s, int64_t member, int64_t id, int64_t now);
	int (*flag_create)(store *s, int64_t post, int64_t reporter, str reason, str note, int64_t now, int64_t *id);
	int (*flag_queue)(store *s, arena *a, int64_t champion, int limit, int offset, struct store_flag_list *out);
	int (*flag_get)(store *s, arena *a, int64_t id, struct store_flag *out);
	int (*flag_decide)(store *s, int64_t id, int64_t actor, str decision, str note, int64_t now);
	int (*poll_get)(store *s, arena *a, int64_t topic, int64_t reader, struct store_poll *out);
	int (*poll_vote)(store *s, int64_t topic, int64_t member, const int64_t *opts, int n, int64_t now);
	int (*posts_for_export)(store *s, arena *a, int64_t author, int64_t after, int limit,
				struct store_post_list *out);
	int (*post_confirmed_list)(store *s, arena *a, int limit, int offset, struct store_post_list *out);
	int (*audit_list)(store *s, arena *a, str action_prefix, int64_t actor, int limit, int offset, struct store_audit_list *out);

	/* Groups (see store.h). */
	int (*group_request)(store *s, const struct store_group *g, int64_t requester, int64_t now, int64_t *id);
	int (*group_get)(store *s, arena *a, int64_t id, int64_t reader, struct store_group *out);
	int (*group_by_slug)(store *s, arena *a, str slug, int64_t reader, struct store_group *out);
	int (*group_mine)(store *s, arena *a, int64_t member, struct store_group_list *out);
	int (*group_list)(store *s, arena *a, int status, int limit, int offset, struct store_group_list *out);
	int (*group_role)(store *s, int64_t id, int64_t member, enum store_group_role *role,
			  enum store_group_status *status);
	int (*group_decide)(store *s, int64_t id, bool approve, str reason, int64_t editor, int64_t now);
	int (*group_set_status)(store *s, int64_t id, enum store_group_status to, str reason, int64_t actor,
				int64_t now);
	int (*group_members)(store *s, arena *a, int64_t id, struct store_group_member_list *out);
	int (*group_member_set)(store *s, int64_t id, int64_t member, enum store_group_role role, int64_t actor,
				int64_t now);
	int (*group_invite)(store *s, int64_t id, int64_t member, str email, int64_t inviter, int64_t now,
			    int64_t *out);
	int (*group_invitations)(store *s, arena *a, int64_t id, struct store_group_invitation_list *out);
	int (*invitations_for)(store *s, arena *a, int64_t member, str email,
			       struct store_group_invitation_list *out);
	int (*invitation_get)(store *s, arena *a, int64_t id, struct store_group_invitation *out);
	int (*invitation_answer)(store *s, int64_t id, int64_t member, str email, bool accept, int64_t now);
	int (*invitation_revoke)(store *s, int64_t id, int64_t group, int64_t actor, int64_t now);
	int (*blogger_apply)(store *s, int64_t member, str blog_title, str about, str sample, int64_t now, int64_t *id);
	int (*blogger_applications)(store *s, arena *a, int64_t member, str status, int limit, int offset,
				    struct store_blog_application_list *out);
	int (*blogger_application_get)(store *s, arena *a, int64_t id, struct store_blog_application *out);
	int (*blogger_decide)(store *s, int64_t id, bool approve, str slug, str reason, int64_t editor, int64_t now,
			      int64_t *blog);
	int (*blog_get)(store *s, arena *a, int64_t id, struct store_blog *out);
	int (*blog_by_slug)(store *s, arena *a, str slug, struct store_blog *out);
	int (*blog_of)(store *s, arena *a, int64_t owner, struct store_blog *out);
	int (*blog_list)(store *s, arena *a, int limit, int offset, struct store_blog_list *out);
	int (*blog_update)(store *s, int64_t id, str title, str about, int64_t now);
	int (*blog_post_create)(store *s, const struct store_blog_post *p, int64_t now, int64_t *id);
	int (*blog_post_update)(store *s, const struct store_blog_post *p, int64_t actor, int64_t now);
	int (*blog_post_get)(store *s, arena *a, int64_t id, struct store_blog_post *out);
	int (*blog_post_by_slug)(store *s, arena *a, int64_t blog, str slug, struct store_blog_post *out);
	int (*blog_post_by_topic)(store *s, arena *a, int64_t topic, struct store_blog_post *out);
	int (*blog_posts)(store *s, arena *a, const struct store_blog_query *q, struct store_blog_post_list *out,
			  int64_t *total);
	int (*blog_revisions)(store *s, arena *a, int64_t post, struct store_blog_revision_list *out);
	int (*blog_publish_due)(store *s, int64_t now, int *n);
	int (*blog_feature)(store *s, int64_t id, bool on, int64_t editor, int64_t now);
	int (*blog_share)(store *s, int64_t id, str network, bool on, int64_t editor, int64_t now);
	int (*blog_tags)(store *s, arena *a, int limit, struct store_blog_tag_list *out);

	/* The library (see store.h). */
	int (*library_collection_create)(store *s, const struct store_library_collection *c, int64_t editor,
					 int64_t now, int64_t *id);
	int (*library_collection_update)(store *s, const struct store_library_collection *c, int64_t editor,
					 int64_t now);
	int (*library_collection_get)(store *s, arena *a, int64_t id, struct store_library_collection *out);
	int (*library_collection_by_slug)(store *s, arena *a, str slug, struct store_library_collection *out);
	int (*library_collections)(store *s, arena *a, struct store_library_collection_list *out);
	int (*library_item_create)(store *s, const struct store_library_item *it, const struct store_library_file *file,
				   int64_t editor, int64_t now, int64_t *id);
	int (*library_item_update)(store *s, const struct store_library_item *it, int64_t editor, int64_t now);
	int (*library_item_withdraw)(store *s, int64_t id, bool on, int64_t editor, int64_t now);
	int (*library_item_get)(store *s, arena *a, int64_t id, struct store_library_item *out);
	int (*library_item_by_slug)(store *s, arena *a, str slug, struct store_library_item *out);
	int (*library_file_add)(store *s, const struct store_library_file *f, int64_t editor, int64_t now, int64_t *id,
				int64_t *slot);
	int (*library_files)(store *s, arena *a, int64_t item, bool all, struct store_library_file_list *out);
	int (*library_file_get)(store *s, arena *a, int64_t id, struct store_library_file *out);
	int (*library_items)(store *s, arena *a, const struct store_library_query *q,
			     struct store_library_item_list *out, int64_t *total);
	int (*library_count)(store *s, const struct store_library_count *c, int n);
	int (*library_downloads)(store *s, arena *a, int64_t item, int64_t since, struct store_library_day_list *out);

	/* Search (see store.h). */
	int (*search)(store *s, arena *a, const struct store_search_query *q, struct store_search_result *out);

	/* Mail (see store.h). */
	int (*mail_enqueue)(store *s, const struct store_mail *m, int n, const struct store_mail_mark *mark, int64_t now,
			    int64_t *ids);
	int (*mail_mark_get)(store *s, str key, int64_t *value);
	int (*mail_claim)(store *s, arena *a, int64_t now, int64_t lease, int n, struct store_mail_list *out);
	int (*mail_done)(store *s, int64_t id, enum store_mail_outcome o, str error, int64_t next_at, int64_t now);
	int (*mail_bounce_get)(store *s, str address, int64_t *since);
	int (*mail_bounce_clear)(store *s, str address);
	int (*mail_count_since)(store *s, int64_t member, int64_t since, int64_t *n);
	int (*mail_recent)(store *s, arena *a, int64_t member, int limit, struct store_mail_list *out);
	int (*mail_prefs_get)(store *s, int64_t member, enum store_mail_mode modes[STORE_MAIL_KIND_MAX]);
	int (*mail_prefs_set)(store *s, int64_t member, const enum store_mail_mode modes[STORE_MAIL_KIND_MAX]);
	int (*mail_events)(store *s, arena *a, enum store_mail_kind kind, int64_t after, int limit,
			   struct store_mail_event_list *out);
	int (*mail_digest_items)(store *s, arena *a, int64_t member, unsigned kinds, int64_t since, int limit,
				 struct store_mail_event_list *out);
	int (*mail_digest_members)(store *s, int64_t since, int64_t after_member, int limit, int64_t *ids, int *n);

	/* Page views and the dashboard (dash-store; see store.h).  views_add
	 * gets a batch store_dashboard.c has checked; views_salt gets in
	 * `salt` a fresh random candidate, which it stores if the day has
	 * none yet, then overwrites with the day's stored salt. */
	int (*views_add)(store *s, const struct store_view_count *c, int n);
	int (*views_salt)(store *s, int64_t day, unsigned char salt[32]);
	int (*views_readers)(store *s, int64_t day, const unsigned char (*h)[16], int n);
	int (*views_days)(store *s, arena *a, int64_t from, int64_t to, struct store_views_day_list *out);
	int (*views_buckets)(store *s, arena *a, int64_t from, int64_t to, struct store_views_bucket_list *out);
	int (*views_top)(store *s, arena *a, enum store_view_kind k, int64_t month, int limit,
			 struct store_views_top_list *out);
	int (*dash_members)(store *s, arena *a, struct store_dash_count_list *by_type,
			    struct store_dash_count_list *by_country, struct store_dash_count_list *by_specialty);
	int (*dash_joined)(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out);
	int (*dash_verified)(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out);
	int (*dash_pending)(store *s, struct store_dash_pending *out);
	int (*member_backdate)(store *s, int64_t id, int64_t created_at, int64_t verified_at);
};

/* The head of every backend's state.  gen[]: this node's generations
 * (store_generation), moved on by store_bump. */
struct store {
	const struct store_ops *ops;
	_Atomic uint64_t gen[STORE_CACHE_MAX];
	struct page_cache *pages; /* store_topic_page's (page_cache.c); NULL: none */
};

/* The key under which an address is matched wherever one is looked up
 * (store_mail.c): bounces, and the queue they suppress, by the rule that
 * sign-up matches members by (members.email_lower, folded in SQL): the
 * address as stored, A-Z lower-cased over the whole of it.  So a bounce
 * reaches exactly the addresses sign-up takes for one member's: the
 * domain's ASCII case never counts, nor the local part's (sign-up refuses
 * Ann@ when ann@ is taken); letters beyond ASCII (an IDN domain as
 * typed) stay as they are, as sign-up keeps them.  Into `out` (cap bytes,
 * NUL-terminated); its length, or -1 when it does not fit. */
int store_address_key(str address, char *out, size_t cap);

/* Moves this node's generation of `topic` on (the listener calls it for
 * each change it hears of). */
void store_bump(store *s, enum store_cache topic);

/* A topic's name on the wire (NOTIFY payload), and back: -1 if unknown. */
const char *store_cache_name(enum store_cache topic);
int store_cache_parse(const char *name);

/* Search input cut into at most `max` words of letters and digits (any
 * byte >= 0x80 counts as a letter, so UTF-8 words stay whole), each at
 * most 64 bytes, ASCII folded to lower case, copied into `a`: a backend
 * builds its engine's query from these alone, so nothing a reader types
 * is ever read as query syntax.  Gives the number of words, or -1 when
 * the arena is full. */
int store_search_words(arena *a, str query, str *words, int max);

/* Which index a directory page without words walks (migration 25): the
 * first filter asked of specialty, grade and country, each an equality
 * the index starts with, else the name; type alone, with three values,
 * filters the name's walk.  The backends' statements come in this order,
 * each followed by its count. */
enum store_dir_walk { STORE_DIR_NAME, STORE_DIR_SPECIALTY, STORE_DIR_GRADE, STORE_DIR_COUNTRY };
enum store_dir_walk store_dir_walk(const struct store_directory_query *dq);

/* A library list's words (store_library_items' q) as search terms: the
 * words of q as store_search_words cuts them (letters and digits, lower
 * case, each up to 64 bytes), at most STORE_LIBRARY_WORDS, each a prefix.
 * *none: q holds text but no word, so nothing can match.  The number of
 * terms (0: any item), or -1 when the arena is full. */
#define STORE_LIBRARY_WORDS 8
int store_library_terms(arena *a, str q, struct store_search_term *t, bool *none);

/* Page views (dash-store): a checked store_views_add batch summed per
 * (day, bucket) into views[] and per (month, kind, item) into items[],
 * each sorted by its key (buckets bytewise), so a backend writes each row
 * once and every writer takes its rows in one order.  The arrays are
 * malloc'd: store_views_merged_free.  0, or STORE_ERR when out of memory. */
struct store_views_sum {
	int64_t day;
	str bucket; /* points into the batch */
	int64_t n;
};
struct store_views_item_sum {
	int64_t month;
	enum store_view_kind kind;
	int64_t item_id, n;
};
struct store_views_merged {
	struct store_views_sum *views;
	int nviews;
	struct store_views_item_sum *items;
	int nitems;
};
int store_views_merge(const struct store_view_count *c, int n, struct store_views_merged *out);
void store_views_merged_free(struct store_views_merged *m);

/* store_dash_verified's months (dash-store): *first, the first day of the
 * first month whose first day is in [from, to], and *end, the first day
 * after the last such month (*first >= *end: there is none).  Then
 * store_dash_verified_months fills *out from days[0..n): the backend's
 * counts of verified doctors per day of verification, ascending, day -1
 * standing for every day before *first. */
void store_dash_verified_span(int64_t from, int64_t to, int64_t *first, int64_t *end);
int store_dash_verified_months(arena *a, int64_t from, int64_t to, const struct store_dash_point *days, int n,
			       struct store_dash_point_list *out);

/* The backends that are built in. */
extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

#endif
