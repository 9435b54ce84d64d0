/* pg_int.h: the PostgreSQL backend's insides, shared by its files only.
 * Internal symbols carry the prefix `pg_`.
 *
 * Invariants: connections come from the store's pool and go back to it
 * after each store call, except inside a transaction, where the thread
 * holds one connection (in a pthread key) until pg_txn ends it; every
 * statement is one of the constant texts of pg_sql[], prepared once per
 * connection under the name "r<id>"; parameters are bound by value (text
 * for numbers, binary for text and bytea, so no copy needs a NUL) and
 * results come back as text (binary only where a query asks: a bytea's
 * bytes as they are).  A connection found broken is closed on
 * release and replaced on the next acquire. */
#ifndef ROUNDS_STORE_PG_INT_H
#define ROUNDS_STORE_PG_INT_H

#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>

#include "../backend.h"

/* Every statement the backend runs; the texts are in statements.c. */
enum pg_id {
	PG_PING,
	PG_CHECK_HAS_AMCHECK,
	PG_CHECK_ADD_AMCHECK,
	PG_CHECK_TABLES,
	PG_CHECK_INDEX_LIST,
	PG_CHECK_INDEX,
	PG_CHECK_PAIRS,
	PG_MEMBER_INSERT,
	PG_MEMBER_CONFLICT,
	PG_MEMBER_BY_ID,
	PG_MEMBER_BY_HANDLE,
	PG_MEMBER_BY_EMAIL,
	PG_MEMBER_COUNT,
	PG_MEMBER_PROFILE,
	PG_MEMBER_PASSWORD,
	PG_MEMBER_ROLES,
	PG_MEMBER_SUSPENDED,
	PG_MEMBER_VERIFIED,
	PG_MEMBER_CONFIRM,
	PG_MEMBER_SEARCH,
	PG_VERIF_INSERT,
	PG_VERIF_LATEST,
	PG_VERIF_HISTORY,
	PG_VERIF_GET,
	PG_VERIF_QUEUE,
	PG_VERIF_DECIDE,
	PG_REGISTER_UPSERT,
	PG_REGISTER_APPROVE,
	PG_REGISTER_UNCHAMPION,
	PG_REGISTER_WITHDRAW,
	PG_DIR_SEARCH,
	PG_DIR_SEARCH_COUNT,
	PG_DIR_ALL,
	PG_DIR_ALL_COUNT,
	PG_DIR_SPECIALTY, /* each of these three followed by its count */
	PG_DIR_SPECIALTY_COUNT,
	PG_DIR_GRADE,
	PG_DIR_GRADE_COUNT,
	PG_DIR_COUNTRY,
	PG_DIR_COUNTRY_COUNT,
	PG_CONN_INSERT,
	PG_CONN_ACCEPT,
	PG_CONN_DECLINE,
	PG_CONN_REMOVE,
	PG_CONN_STATE,
	PG_CONN_LIST,
	PG_MEMBER_ERASE,
	PG_ERASE_TOKENS,
	PG_ERASE_SESSIONS,
	PG_ERASE_CONNECTIONS,
	PG_ERASE_BLOCKS,
	PG_ERASE_DOCUMENTS,
	PG_ERASE_VERIFICATIONS,
	PG_ERASE_CONVERSATIONS,
	PG_BLOCK_INSERT,
	PG_BLOCK_DELETE,
	PG_BLOCK_STATE,
	PG_BLOCK_LIST,
	PG_CONV_INSERT,
	PG_CONV_ADD_MEMBER,
	PG_CONV_BLOCKED,
	PG_CONV_IS_MEMBER,
	PG_MSG_INSERT,
	PG_MSG_COUNT,
	PG_CONV_TOUCH,
	PG_CONV_GET,
	PG_CONV_MEMBERS,
	PG_CONV_LIST,
	PG_CONV_COUNT,
	PG_CONV_ACT,
	PG_CONV_MESSAGES,
	PG_MSG_UNREAD,
	PG_MSG_BY_AUTHOR,
	PG_REPORT_INSERT,
	PG_REPORT_QUEUE,
	PG_REPORT_DECIDE,
	PG_MSG_REMOVE,
	PG_REPORT_CLOSE,
	PG_TOKEN_INSERT,
	PG_TOKEN_TAKE,
	PG_TOKEN_CHECK,
	PG_GC_SESSIONS,
	PG_GC_TOKENS,
	PG_GC_RATES,
	PG_SESSION_MEMBER,
	PG_SESSION_INSERT,
	PG_SESSION_GET,
	PG_SESSION_DELETE,
	PG_SESSION_DELETE_MEMBER,
	PG_RATE_HIT,
	PG_RATE_PEEK,
	PG_RATE_CLEAR,
	PG_SETTING_GET,
	PG_SETTING_INIT,
	PG_AUDIT_INSERT,
	PG_JOB_CLAIM,
	PG_NOTIFY,
	PG_UPLOAD_EXISTS,
	PG_UPLOAD_INSERT,
	PG_UPLOAD_GET,
	PG_UPLOAD_STAT,
	PG_UPLOAD_READ,
	PG_ERASE_CHAMPIONS,
	PG_ERASE_WATCHES,
	PG_ERASE_READS,
	PG_ERASE_NOTIFICATIONS,
	PG_FORUM_INSERT,
	PG_FORUM_UPDATE,
	PG_FORUM_LIST,
	PG_FORUM_BY_SLUG,
	PG_FORUM_BY_ID,
	PG_FORUM_SLUG,
	PG_FORUM_COUNTS,
	PG_CHAMPION_INSERT,
	PG_CHAMPION_DELETE,
	PG_CHAMPION_ROLE,
	PG_CHAMPION_LIST,
	PG_CHAMPION_IS,
	PG_TOPIC_INSERT,
	PG_TOPIC_LOCK,
	PG_TOPIC_POSTED,
	PG_TOPIC_GET,
	PG_TOPIC_LIST,
	PG_TOPIC_TOTAL,
	PG_TOPIC_LATEST,
	PG_TOPIC_BY_AUTHOR,
	PG_TOPIC_TITLE,
	PG_TOPIC_DELETE,
	PG_TOPIC_UNPOST,
	PG_TOPIC_PIN,
	PG_TOPIC_LOCKED,
	PG_TOPIC_MOVE,
	PG_POST_INSERT,
	PG_POST_GET,
	PG_TOPIC_POSTS,
	PG_POSTS_LIKED,
	PG_POST_BY_AUTHOR,
	PG_POST_EXPORT,
	PG_POST_FOR_EDIT,
	PG_EDIT_INSERT,
	PG_POST_UPDATE,
	PG_POST_HISTORY,
	PG_POST_TOPIC_LOCK,
	PG_POST_DELETE,
	PG_POST_PICK,
	PG_POST_HIDE,
	PG_LIKE_INSERT,
	PG_LIKE_DELETE,
	PG_LIKE_COUNT,
	PG_WATCH_ADD,
	PG_WATCH_DELETE,
	PG_WATCHING,
	PG_READ_MARK,
	PG_NOTIFY_MENTION,
	PG_NOTIFY_LIKE,
	PG_NOTIFY_MOD,
	PG_NOTIFY_WATCHERS,
	PG_NOTIF_LIST,
	PG_NOTIF_UNREAD,
	PG_NOTIF_READ,
	PG_FLAG_INSERT,
	PG_FLAG_QUEUE,
	PG_FLAG_GET,
	PG_FLAG_DECIDE,
	PG_FLAG_CLOSE,
	PG_FLAG_HIDE,
	PG_AUDIT_LIST,
	PG_POLL_INSERT,
	PG_POLL_OPTION_INSERT,
	PG_POLL_GET,
	PG_POLL_LOCK,
	PG_POLL_VOTED,
	PG_POLL_VOTE_INSERT,
	PG_POLL_OPTION_VOTED,
	PG_POLL_VOTERS,
	PG_POST_CONFIRMED,
	PG_GROUP_INSERT,
	PG_GROUP_GET,
	PG_GROUP_BY_SLUG,
	PG_GROUP_MINE,
	PG_GROUP_LIST,
	PG_GROUP_ROLE,
	PG_GROUP_LOCK,
	PG_GROUP_DECIDE,
	PG_GROUP_STATUS,
	PG_GROUP_FORUM_ARCHIVED,
	PG_GROUP_COUNT,
	PG_GROUP_MEMBERS,
	PG_GROUP_MEMBER_GET,
	PG_GROUP_MEMBER_INSERT,
	PG_GROUP_MEMBER_ROLE,
	PG_GROUP_MEMBER_DELETE,
	PG_GROUP_OWNER_STEP_DOWN,
	PG_GROUP_UNWATCH,
	PG_GROUP_NOTIF_READ,
	PG_GROUP_INVITEE,
	PG_GROUP_INVITE_CONFLICT,
	PG_GROUP_INVITE_INSERT,
	PG_GROUP_INVITATIONS,
	PG_GROUP_INVITATIONS_FOR,
	PG_GROUP_INVITATION_GET,
	PG_GROUP_INVITATION_GROUP,
	PG_GROUP_INVITATION_ANSWER,
	PG_GROUP_INVITATION_REVOKE,
	PG_ERASE_GROUP_COUNTS,
	PG_ERASE_GROUPS,
	PG_ERASE_INVITATIONS,
	PG_ERASE_REQUESTS,
	PG_GROUP_NOTES_CLOSE,
	PG_BLOG_APPLY,
	PG_BLOG_APPS,
	PG_BLOG_APP_GET,
	PG_BLOG_APP_LOCK,
	PG_BLOG_APP_DECIDE,
	PG_BLOG_INSERT,
	PG_BLOG_ROLE,
	PG_BLOG_GET,
	PG_BLOG_BY_SLUG,
	PG_BLOG_OF,
	PG_BLOG_LIST,
	PG_BLOG_UPDATE,
	PG_BLOG_EXISTS,
	PG_BLOG_POST_INSERT,
	PG_BLOG_TAG_INSERT,
	PG_BLOG_TAGS_CLEAR,
	PG_BLOG_POST_LOCK,
	PG_BLOG_REVISION_INSERT,
	PG_BLOG_POST_UPDATE,
	PG_BLOG_POST_PUBLISH,
	PG_BLOG_POST_TOPIC,
	PG_BLOG_TOPIC_HIDE,
	PG_BLOG_TOPIC_SHOW,
	PG_BLOG_TOPIC_SET,
	PG_BLOG_POST_GET,
	PG_BLOG_POST_BY_SLUG,
	PG_BLOG_POST_BY_TOPIC,
	PG_BLOG_POSTS,
	PG_BLOG_POSTS_COUNT,
	PG_BLOG_REVISIONS,
	PG_BLOG_DUE,
	PG_BLOG_FEATURE,
	PG_BLOG_SHARE_ON,
	PG_BLOG_SHARE_OFF,
	PG_BLOG_TAGS,
	PG_ERASE_BLOGGER,
	/* The library (migration 12): pg_library.c. */
	PG_LIB_COLL_INSERT,
	PG_LIB_COLL_UPDATE,
	PG_LIB_COLL_GET,
	PG_LIB_COLL_BY_SLUG,
	PG_LIB_COLLS,
	PG_LIB_ITEM_INSERT,
	PG_LIB_ITEM_UPDATE,
	PG_LIB_ITEM_LOCK,
	PG_LIB_ITEM_WITHDRAW,
	PG_LIB_ITEM_TOUCH,
	PG_LIB_ITEM_COLLS_CLEAR,
	PG_LIB_ITEM_COLL_ADD,
	PG_LIB_ITEM_GET,
	PG_LIB_ITEM_BY_SLUG,
	PG_LIB_ITEMS_NEWEST,
	PG_LIB_ITEMS_DOWNLOADS,
	PG_LIB_ITEMS_TITLE,
	PG_LIB_ITEMS_COUNT,
	PG_LIB_FILE_VERSION,
	PG_LIB_FILE_NEW_SLOT,
	PG_LIB_FILE_INSERT,
	PG_LIB_FILE_GET,
	PG_LIB_FILES_ALL,
	PG_LIB_FILES_CURRENT,
	PG_LIB_COUNT_DAY,
	PG_LIB_COUNT_TOTAL,
	PG_LIB_DOWNLOADS,
	/* Search (pg_search.c). */
	PG_SEARCH_GUARD,
	PG_SEARCH_TOPICS,
	PG_SEARCH_POSTS,
	PG_SEARCH_POSTS_SLICES,
	PG_SEARCH_POSTS_WALK,
	PG_SEARCH_POSTS_PAIRS,
	PG_SEARCH_POSTS_BY,
	PG_SEARCH_FREQS,
	PG_SEARCH_AUTHOR_POSTS,
	PG_SEARCH_PAIRS,
	PG_SEARCH_BLOG,
	PG_SEARCH_LIBRARY,
	PG_SEARCH_MEMBERS,
	PG_SEARCH_FORUMS,
	PG_SEARCH_MESSAGES,
	PG_SEARCH_COMMENTS,
	PG_SEARCH_MAX_POST,
	PG_SEARCH_AT_POST,
	PG_SEARCH_TOPIC_HIT,
	PG_SEARCH_POST_HIT,
	PG_SEARCH_BLOG_HIT,
	PG_SEARCH_LIBRARY_HIT,
	PG_SEARCH_MEMBER_HIT,
	PG_SEARCH_FORUM_HIT,
	PG_SEARCH_MESSAGE_HIT,
	PG_SEARCH_COMMENT_HIT,
	/* Mail queue (mail-queue): pg_mail.c. */
	PG_MAIL_MARK_GET,
	PG_MAIL_MARK_MOVE,
	PG_MAIL_MARK_NEW,
	PG_MAIL_INSERT,
	PG_MAIL_CLAIM,
	PG_MAIL_SENT,
	PG_MAIL_RETRY,
	PG_MAIL_FAILED,
	PG_MAIL_BOUNCED,
	PG_MAIL_BOUNCE_ADD,
	PG_MAIL_SUPPRESS,
	PG_MAIL_BOUNCE_GET,
	PG_MAIL_BOUNCE_CLEAR,
	PG_MAIL_COUNT_SINCE,
	PG_MAIL_RECENT,
	PG_MAIL_RECENT_MEMBER,
	PG_GC_MAIL,
	PG_ERASE_MAIL,
	PG_ERASE_MAIL_PREFS,
	PG_ERASE_MAIL_MARKS,
	/* Mail events and settings (mail-notify): pg_mail_events.c. */
	PG_MAIL_PREFS_GET,
	PG_MAIL_PREFS_SET,
	PG_MAIL_EVENTS_NOTIF,
	PG_MAIL_EVENTS_MESSAGE,
	PG_MAIL_EVENTS_INVITATION,
	PG_MAIL_DIGEST_ITEMS,
	PG_MAIL_DIGEST_MEMBERS,
	/* Page views and the dashboard (dash-store, migration 15):
	 * pg_dashboard.c. */
	PG_VIEWS_ADD,
	PG_VIEWS_ITEM_ADD,
	PG_VIEWS_SALT_NEW,
	PG_VIEWS_SALT_GET,
	PG_VIEWS_CLOSE_LOCK,
	PG_VIEWS_CLOSE,
	PG_VIEWS_FORGET,
	PG_VIEWS_DAY_OPEN,
	PG_VIEWS_READERS_ADD,
	PG_VIEWS_GC_READERS,
	PG_VIEWS_DAYS,
	PG_VIEWS_BUCKETS,
	PG_VIEWS_TOP_TOPICS,
	PG_VIEWS_TOP_BLOG,
	PG_VIEWS_TOP_LIBRARY,
	PG_DASH_BY_TYPE,
	PG_DASH_BY_COUNTRY,
	PG_DASH_BY_SPECIALTY,
	PG_DASH_JOINED,
	PG_DASH_VERIFIED,
	PG_DASH_PENDING,
	PG_MEMBER_BACKDATE,
	PG_MAX
};

/* A statement: its text, and whether it writes (a read may be retried on
 * a fresh connection when its own was found dead; a write only when the
 * server said it never ran it). */
struct pg_stmt {
	const char *sql;
	bool writes;
};

extern const struct pg_stmt pg_sql[PG_MAX];

/* The numbered migrations, kept in step with the SQLite backend's:
 * migration N is pg_migrations[N - 1], its texts (NULL-terminated) run in
 * order in one transaction. */
extern const char *const *const pg_migrations[];
extern const int pg_migration_count;

struct pg_store;

struct pg_conn {
	PGconn *db;
	struct pg_conn *next; /* in the idle list */
	bool prepared[PG_MAX];
	bool in_txn;  /* held by a thread between BEGIN and COMMIT/ROLLBACK */
	bool used;    /* has run a statement since it was acquired */
	bool retry;   /* the last failure was a serialization failure or deadlock */
	int queued;   /* statements sent in pipeline mode and not yet read back */
	int failed;   /* the first error seen in pipeline mode (STORE_E*), else 0 */
};

struct pg_listener;

struct pg_store {
	struct store base; /* first, so a store * converts to this */
	char *url;
	pthread_key_t held; /* the connection this thread holds in a transaction */
	pthread_mutex_t mu; /* guards idle and open */
	pthread_cond_t cv;  /* a connection went back to the pool */
	struct pg_conn *idle;
	int open, max;
	struct pg_listener *listener;
};

#define PG_MAX_PARAMS 16 /* the library's lists bind 14 */

/* The posts' slices of ids in their word index (migration 26): a post's
 * slice is its id >> PG_POST_SLICE_BITS (131,072 ids).  The migration's
 * function holds the number, so it changes only with a new migration. */
#define PG_POST_SLICE_BITS 17
#define PG_POST_SLICE_BITS_SQL "17"

/* One use of one prepared statement. */
struct pg_q {
	struct pg_store *ps;
	struct pg_conn *c;
	enum pg_id id;
	const char *op; /* the store function, for logs */
	int n;          /* parameters bound so far (the highest index) */
	const char *val[PG_MAX_PARAMS];
	int len[PG_MAX_PARAMS];
	int fmt[PG_MAX_PARAMS];
	char num[PG_MAX_PARAMS][24];
	int result_fmt; /* 0 text (pg_start sets it), 1 binary: set before pg_run */
	PGresult *res;
};

/* Starts a query: takes a connection (this thread's held one inside a
 * transaction, else one from the pool).  0, or STORE_EBUSY when none can
 * be had (logged). */
int pg_start(struct pg_q *q, store *s, enum pg_id id, const char *op);

/* Bind parameter `i` (1-based).  Values are copied (numbers) or pointed
 * to (text, bytes): those must live until pg_end(). */
void pg_int(struct pg_q *q, int i, int64_t v);
void pg_bool(struct pg_q *q, int i, bool v);
void pg_text(struct pg_q *q, int i, str v);
void pg_bytes(struct pg_q *q, int i, const unsigned char *p, size_t n);

/* Runs the statement; 0 with q->res holding the rows (any number), or a
 * STORE_E* code (logged; q->res NULL).  Retries where that is safe.  With
 * q->result_fmt 1 every column comes back binary: text and bytea as their
 * bytes (libpq still ends each value with a NUL), other types in the
 * server's binary form, so such a query casts its numbers to text. */
int pg_run(struct pg_q *q);

/* Runs a statement that returns no rows we read.  0; STORE_ENOTFOUND when
 * `need_change` and no row changed; or an error.  Ends the query. */
int pg_exec(struct pg_q *q, bool need_change);

/* Runs and expects a row: 0 with row 0 ready in q->res (read it, then
 * pg_end), else the query is ended and STORE_ENOTFOUND or an error given. */
int pg_row(struct pg_q *q);

/* Reading row `row` of q->res. */
int64_t pg_col_int(struct pg_q *q, int row, int col);
bool pg_col_bool(struct pg_q *q, int row, int col);
/* Copies a text column into the arena (NULL reads as "").  0 or STORE_ERR. */
int pg_col_str(struct pg_q *q, arena *a, int row, int col, str *out);

/* Frees the result and gives the connection back (unless in a transaction). */
void pg_end(struct pg_q *q);

/* Runs fn(s, arg) inside one transaction on one connection: commits when it
 * returns 0, else rolls back; a serialization failure or deadlock anywhere
 * in it rolls back and runs the whole of fn again (a few times, then
 * STORE_EBUSY).  fn calls the backend's ops as usual; they find the held
 * connection.  Transactions do not nest. */
int pg_txn(store *s, const char *op, int (*fn)(store *s, void *arg), void *arg);

/* Pipelined writes, for bulk work inside pg_txn: begin switches the held
 * connection to pipeline mode (preparing statement `id` first); send
 * queues one bound statement (pg_q from pg_start, not run) and every few
 * hundred waits for the server to catch up; end waits for the rest and
 * leaves pipeline mode.  Each returns 0 or the first error (then the
 * transaction is lost: the caller returns the error and pg_txn rolls back;
 * end must still be called). */
int pg_pipeline_begin(store *s, enum pg_id id);
int pg_pipeline_send(struct pg_q *q);
int pg_pipeline_end(store *s);

/* Starts and stops the LISTEN thread (pg.c's notify code). */
int pg_listen(store *s);
void pg_listen_stop(struct pg_store *ps);

/* Reads member row `row` (columns as in MEMBER_COLS), without the password
 * hash; the _full form reads it too when `auth`. */
int pg_member_read_full(struct pg_q *q, arena *a, int row, bool auth, struct store_member *m);
static inline int pg_member_read(struct pg_q *q, arena *a, int row, struct store_member *m)
{
	return pg_member_read_full(q, a, row, false, m);
}

/* A list's limit, kept to 1..100, and its offset, never negative. */
static inline int pg_limit(int limit)
{
	return limit < 1 ? 1 : limit > 100 ? 100 : limit;
}
static inline int pg_offset(int offset)
{
	return offset < 0 ? 0 : offset;
}

/* The forums' shared insides (pg_forums.c).  pg_col_section: a section
 * column's enum.  pg_post_read: a post from column `col` on (POST_COLS
 * in statements.c).  pg_forum_counts: inside a transaction, moves forum
 * `forum`'s counts (and its latest post's time up to `at`; 0 leaves it),
 * giving whether it is archived; STORE_ENOTFOUND if no such forum.
 * pg_notify_mentions: inside a transaction, tells each of p's mentions
 * (the first 20, never skip1 or skip2) of post `post` once. */
enum store_section pg_col_section(struct pg_q *q, int row, int col);
int pg_post_read(struct pg_q *q, arena *a, int row, int col, struct store_post *p);
int pg_forum_counts(store *s, int64_t forum, int64_t topics, int64_t posts, int64_t at, bool *archived);
int pg_notify_mentions(store *s, const struct store_post_new *p, int64_t skip1, int64_t skip2, int64_t actor,
		       int64_t topic, int64_t post, int64_t now);
/* Inside a transaction: store_topic_create's writes (the forum's counts,
 * the topic, its first post, the author's watch and read mark, a poll,
 * mentions), so a caller's own transaction can make a topic.
 * STORE_ENOTFOUND when there is no such forum, STORE_ECONFLICT when it is
 * archived. */
int pg_topic_insert(store *s, int64_t forum, str title, const struct store_post_new *p, int64_t now,
		    int64_t *topic, int64_t *post);
/* An audit row of a forum action at `now`, target "KIND:ID". */
int pg_forum_audit(store *s, int64_t actor, str action, const char *kind, int64_t id, str detail, int64_t now);

/* The ops, by file. */
int pg_member_create(store *s, const struct store_member_new *m, int64_t *id, enum store_member_key *key);
int pg_member_by_id(store *s, arena *a, int64_t id, struct store_member *out);
int pg_member_by_handle(store *s, arena *a, str handle, struct store_member *out);
int pg_member_by_email_auth(store *s, arena *a, str email, struct store_member *out);
int pg_member_count(store *s, int64_t *out);
int pg_member_update_profile(store *s, int64_t id, const struct store_profile *p);
int pg_member_set_password(store *s, int64_t id, str pw_hash);
int pg_member_set_roles(store *s, int64_t id, unsigned roles);
int pg_member_set_suspended(store *s, int64_t id, bool suspended);
int pg_member_set_verified(store *s, int64_t id, bool verified);
int pg_member_confirm(store *s, int64_t id);
int pg_member_delete(store *s, int64_t id, int64_t now);
int pg_member_directory(store *s, arena *a, const struct store_directory_query *dq,
			 struct store_member_list *out, int64_t *total);
int pg_member_search(store *s, arena *a, str query, int limit, int offset, struct store_member_list *out);

int pg_verification_apply(store *s, const struct store_verification *v, int64_t now, int64_t *id,
			   bool *verified);
int pg_register_import(store *s, arena *a, store_row_source next, void *ctx, int64_t now,
			 struct store_import_result *out);
int pg_verification_latest(store *s, arena *a, int64_t member_id, struct store_verification *out);
int pg_verification_history(store *s, arena *a, int64_t member_id, int limit, struct store_verification_list *out);
int pg_verification_get(store *s, arena *a, int64_t id, struct store_verification *out);
int pg_verification_queue(store *s, arena *a, int limit, int offset, struct store_verification_list *out);
int pg_verification_decide(store *s, int64_t id, int64_t editor, bool approve, str reason, int64_t now,
			      int64_t *member_id);

int pg_upload_put(store *s, const char *tmp_path, const char *sha256, int64_t size, str mime, int64_t now);
int pg_upload_get(store *s, arena *a, const char *sha256, struct store_upload *out);
int pg_upload_stat(store *s, arena *a, const char *sha256, struct store_upload *out);
int pg_upload_read(store *s, const char *sha256, int64_t off, size_t n, char *dst);

int pg_connection_request(store *s, int64_t from, int64_t to, int64_t now);
int pg_connection_answer(store *s, int64_t me, int64_t other, bool accept, int64_t now);
int pg_connection_remove(store *s, int64_t me, int64_t other);
int pg_connection_state(store *s, int64_t me, int64_t other, enum store_conn_state *out);
int pg_connection_list(store *s, arena *a, int64_t member, enum store_conn_list which, int limit, int offset,
			 struct store_member_list *out);

int pg_block(store *s, int64_t blocker, int64_t blocked, int64_t now);
int pg_unblock(store *s, int64_t blocker, int64_t blocked);
int pg_block_state(store *s, int64_t a, int64_t b, bool *ab, bool *ba);
int pg_block_list(store *s, arena *a, int64_t blocker, int limit, int offset, struct store_member_list *out);
int pg_conversation_start(store *s, const struct store_message_new *m, const int64_t *to, int nto, str subject,
			  int64_t now, int64_t *conv, int64_t *msg, int64_t *blocked_by);
int pg_message_post(store *s, int64_t conv, const struct store_message_new *m, int64_t now, int64_t *msg,
		    int64_t *blocked_by);
int pg_conversation_get(store *s, arena *a, int64_t conv, int64_t reader, struct store_conversation *out);
int pg_conversation_messages(store *s, arena *a, int64_t conv, int64_t before, int limit,
			     struct store_message_list *out);
int pg_conversation_list(store *s, arena *a, int64_t reader, int limit, int offset,
			 struct store_conversation_list *out, int64_t *total);
int pg_conversation_act(store *s, int64_t conv, int64_t member, enum store_conv_action act, int64_t now);
int pg_messages_by_author(store *s, arena *a, int64_t author, int64_t after, int limit,
			  struct store_message_list *out);
int pg_message_unread(store *s, int64_t member, int64_t *out);
int pg_message_report(store *s, int64_t msg, int64_t reporter, str reason, int64_t now, int64_t *id);
int pg_report_queue(store *s, arena *a, int limit, int offset, struct store_report_list *out);
int pg_report_decide(store *s, int64_t id, int64_t editor, bool remove, str note, int64_t now);

int pg_token_create(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN],
		    int64_t member_id, int64_t expires_at);
int pg_session_member(store *s, arena *a, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		      struct store_session *sess, struct store_member *m);
int pg_password_reset(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, str pw_hash,
		      int64_t *member_id);
int pg_gc(store *s, int64_t now);
int pg_token_check(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		   int64_t *member_id);
int pg_token_take(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		  int64_t *member_id);
int pg_session_create(store *s, const unsigned char hash[STORE_HASH_LEN], const struct store_session *sess,
		      int64_t now);
int pg_session_get(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, struct store_session *out);
int pg_session_delete(store *s, const unsigned char hash[STORE_HASH_LEN]);
int pg_session_delete_member(store *s, int64_t member_id);
int pg_rate_hit(store *s, str key, int64_t now, int64_t window, int64_t *count, int64_t *reset_at);
int pg_rate_peek(store *s, str key, int64_t now, int64_t *count, int64_t *reset_at);
int pg_rate_clear(store *s, str key);
int pg_setting_get(store *s, arena *a, str key, str *out);
int pg_setting_init(store *s, arena *a, str key, str value, str *out);
int pg_audit(store *s, int64_t actor, str action, str target, str detail);
int pg_job_claim(store *s, str name, int64_t now, int64_t every, bool *claimed);
int pg_changed(store *s, enum store_cache topic);

int pg_forum_create(store *s, const struct store_forum *f, int64_t actor, int64_t now, int64_t *id);
int pg_forum_update(store *s, const struct store_forum *f, int64_t actor, int64_t now);
int pg_forum_list(store *s, arena *a, bool archived_too, struct store_forum_list *out);
int pg_forum_by_slug(store *s, arena *a, str slug, struct store_forum *out);
int pg_forum_by_id(store *s, arena *a, int64_t id, struct store_forum *out);
int pg_champion_set(store *s, int64_t forum, int64_t member, bool on, int64_t actor, int64_t now);
int pg_champion_list(store *s, arena *a, int64_t forum, struct store_member_list *out);
int pg_champion_is(store *s, int64_t forum, int64_t member, bool *out);
int pg_topic_create(store *s, int64_t forum, str title, const struct store_post_new *p, int64_t now,
		    int64_t *topic, int64_t *post);
int pg_topic_get(store *s, arena *a, int64_t id, int64_t reader, struct store_topic *out);
int pg_topic_list(store *s, arena *a, int64_t forum, int64_t reader, int limit, int offset,
		  struct store_topic_list *out, int64_t *total);
int pg_topic_latest(store *s, arena *a, unsigned sections, int64_t reader, bool unread_only, int64_t since,
		    int limit, int offset, struct store_topic_list *out);
int pg_topic_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit,
		       struct store_topic_list *out);
int pg_post_create(store *s, int64_t topic, const struct store_post_new *p, int64_t now, int64_t *id);
int pg_post_get(store *s, arena *a, int64_t id, int64_t reader, struct store_post *out);
int pg_posts_liked(store *s, int64_t reader, struct store_post_list *pl);
int pg_topic_posts(store *s, arena *a, int64_t topic, int64_t reader, int limit, int offset,
		   struct store_post_list *out);
int pg_post_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit,
		      struct store_post_list *out);
int pg_topic_read(store *s, int64_t member, int64_t topic, int64_t post, int64_t now);
int pg_topic_watch(store *s, int64_t member, int64_t topic, bool on, int64_t now);
int pg_topic_watching(store *s, int64_t member, int64_t topic, bool *out);

int pg_post_edit(store *s, int64_t id, int64_t editor, str title, const struct store_post_new *p, int64_t now);
int pg_post_history(store *s, arena *a, int64_t post, struct store_post_edit_list *out);
int pg_post_delete(store *s, int64_t id, int64_t actor, bool staff, str reason, int64_t now);
int pg_post_like(store *s, int64_t post, int64_t member, bool on, int64_t now);
int pg_topic_moderate(store *s, int64_t topic, enum store_mod m, int64_t arg, int64_t actor, str reason,
		      int64_t now);
int pg_post_moderate(store *s, int64_t post, enum store_mod m, int64_t actor, str reason, int64_t now);
int pg_notification_list(store *s, arena *a, int64_t member, int limit, int offset,
			 struct store_notification_list *out, int64_t *unread);
int pg_notification_read(store *s, int64_t member, int64_t id, int64_t now);
int pg_flag_create(store *s, int64_t post, int64_t reporter, str reason, str note, int64_t now, int64_t *id);
int pg_flag_queue(store *s, arena *a, int64_t champion, int limit, int offset, struct store_flag_list *out);
int pg_flag_get(store *s, arena *a, int64_t id, struct store_flag *out);
int pg_flag_decide(store *s, int64_t id, int64_t actor, str decision, str note, int64_t now);
int pg_audit_list(store *s, arena *a, str action_prefix, int64_t actor, int limit, int offset,
		  struct store_audit_list *out);
int pg_poll_get(store *s, arena *a, int64_t topic, int64_t reader, struct store_poll *out);
int pg_poll_vote(store *s, int64_t topic, int64_t member, const int64_t *opts, int n, int64_t now);
int pg_post_confirmed_list(store *s, arena *a, int limit, int offset, struct store_post_list *out);
int pg_posts_for_export(store *s, arena *a, int64_t author, int64_t after, int limit, struct store_post_list *out);

int pg_group_request(store *s, const struct store_group *g, int64_t requester, int64_t now, int64_t *id);
int pg_group_get(store *s, arena *a, int64_t id, int64_t reader, struct store_group *out);
int pg_group_by_slug(store *s, arena *a, str slug, int64_t reader, struct store_group *out);
int pg_group_mine(store *s, arena *a, int64_t member, struct store_group_list *out);
int pg_group_list(store *s, arena *a, int status, int limit, int offset, struct store_group_list *out);
int pg_group_role(store *s, int64_t id, int64_t member, enum store_group_role *role,
		  enum store_group_status *status);
int pg_group_decide(store *s, int64_t id, bool approve, str reason, int64_t editor, int64_t now);
int pg_group_set_status(store *s, int64_t id, enum store_group_status to, str reason, int64_t actor, int64_t now);
int pg_group_members(store *s, arena *a, int64_t id, struct store_group_member_list *out);
int pg_group_member_set(store *s, int64_t id, int64_t member, enum store_group_role role, int64_t actor,
			int64_t now);
int pg_group_invite(store *s, int64_t id, int64_t member, str email, int64_t inviter, int64_t now, int64_t *out);
int pg_group_invitations(store *s, arena *a, int64_t id, struct store_group_invitation_list *out);
int pg_invitations_for(store *s, arena *a, int64_t member, str email, struct store_group_invitation_list *out);
int pg_invitation_get(store *s, arena *a, int64_t id, struct store_group_invitation *out);
int pg_invitation_answer(store *s, int64_t id, int64_t member, str email, bool accept, int64_t now);
int pg_invitation_revoke(store *s, int64_t id, int64_t group, int64_t actor, int64_t now);

int pg_blogger_apply(store *s, int64_t member, str blog_title, str about, str sample, int64_t now, int64_t *id);
int pg_blogger_applications(store *s, arena *a, int64_t member, str status, int limit, int offset,
			    struct store_blog_application_list *out);
int pg_blogger_application_get(store *s, arena *a, int64_t id, struct store_blog_application *out);
int pg_blogger_decide(store *s, int64_t id, bool approve, str slug, str reason, int64_t editor, int64_t now,
		      int64_t *blog);
int pg_blog_get(store *s, arena *a, int64_t id, struct store_blog *out);
int pg_blog_by_slug(store *s, arena *a, str slug, struct store_blog *out);
int pg_blog_of(store *s, arena *a, int64_t owner, struct store_blog *out);
int pg_blog_list(store *s, arena *a, int limit, int offset, struct store_blog_list *out);
int pg_blog_update(store *s, int64_t id, str title, str about, int64_t now);
int pg_blog_post_create(store *s, const struct store_blog_post *p, int64_t now, int64_t *id);
int pg_blog_post_update(store *s, const struct store_blog_post *p, int64_t actor, int64_t now);
int pg_blog_post_get(store *s, arena *a, int64_t id, struct store_blog_post *out);
int pg_blog_post_by_slug(store *s, arena *a, int64_t blog, str slug, struct store_blog_post *out);
int pg_blog_post_by_topic(store *s, arena *a, int64_t topic, struct store_blog_post *out);
int pg_blog_posts(store *s, arena *a, const struct store_blog_query *q, struct store_blog_post_list *out,
		  int64_t *total);
int pg_blog_revisions(store *s, arena *a, int64_t post, struct store_blog_revision_list *out);
int pg_blog_publish_due(store *s, int64_t now, int *n);
int pg_blog_feature(store *s, int64_t id, bool on, int64_t editor, int64_t now);
int pg_blog_share(store *s, int64_t id, str network, bool on, int64_t editor, int64_t now);
int pg_blog_tags(store *s, arena *a, int limit, struct store_blog_tag_list *out);

int pg_library_collection_create(store *s, const struct store_library_collection *c, int64_t editor, int64_t now,
				 int64_t *id);
int pg_library_collection_update(store *s, const struct store_library_collection *c, int64_t editor, int64_t now);
int pg_library_collection_get(store *s, arena *a, int64_t id, struct store_library_collection *out);
int pg_library_collection_by_slug(store *s, arena *a, str slug, struct store_library_collection *out);
int pg_library_collections(store *s, arena *a, struct store_library_collection_list *out);
int pg_library_item_create(store *s, const struct store_library_item *it, const struct store_library_file *file,
			   int64_t editor, int64_t now, int64_t *id);
int pg_library_item_update(store *s, const struct store_library_item *it, int64_t editor, int64_t now);
int pg_library_item_withdraw(store *s, int64_t id, bool on, int64_t editor, int64_t now);
int pg_library_item_get(store *s, arena *a, int64_t id, struct store_library_item *out);
int pg_library_item_by_slug(store *s, arena *a, str slug, struct store_library_item *out);
int pg_library_file_add(store *s, const struct store_library_file *f, int64_t editor, int64_t now, int64_t *id,
			int64_t *slot);
int pg_library_files(store *s, arena *a, int64_t item, bool all, struct store_library_file_list *out);
int pg_library_file_get(store *s, arena *a, int64_t id, struct store_library_file *out);
int pg_library_items(store *s, arena *a, const struct store_library_query *q, struct store_library_item_list *out,
		     int64_t *total);
int pg_library_count(store *s, const struct store_library_count *c, int n);
int pg_library_downloads(store *s, arena *a, int64_t item, int64_t since, struct store_library_day_list *out);

int pg_migrate(store *s);

/* Search (pg_search.c). */
int pg_search(store *s, arena *a, const struct store_search_query *q, struct store_search_result *out);
/* The to_tsquery text for terms t[0..n): each word single-quoted (its '
 * and \ doubled, control bytes dropped), a phrase's words joined by <->,
 * ':*' after a prefix term's last word, the terms joined by &, so no
 * input is read as query syntax.  Empty when no term has a byte left.
 * 0, or STORE_ERR when the arena is full. */
int pg_search_tsquery(arena *a, const struct store_search_term *t, int n, str *out);

/* Mail queue (mail-queue): pg_mail.c. */
int pg_mail_enqueue(store *s, const struct store_mail *m, int n, const struct store_mail_mark *mark, int64_t now,
		    int64_t *ids);
int pg_mail_mark_get(store *s, str key, int64_t *value);
int pg_mail_claim(store *s, arena *a, int64_t now, int64_t lease, int n, struct store_mail_list *out);
int pg_mail_done(store *s, int64_t id, enum store_mail_outcome o, str error, int64_t next_at, int64_t now);
int pg_mail_bounce_get(store *s, str address, int64_t *since);
int pg_mail_bounce_clear(store *s, str address);
int pg_mail_count_since(store *s, int64_t member, int64_t since, int64_t *n);
int pg_mail_recent(store *s, arena *a, int64_t member, int limit, struct store_mail_list *out);

/* Mail events and settings (mail-notify): pg_mail_events.c. */
int pg_mail_prefs_get(store *s, int64_t member, enum store_mail_mode modes[STORE_MAIL_KIND_MAX]);
int pg_mail_prefs_set(store *s, int64_t member, const enum store_mail_mode modes[STORE_MAIL_KIND_MAX]);
int pg_mail_events(store *s, arena *a, enum store_mail_kind kind, int64_t after, int limit,
		   struct store_mail_event_list *out);
int pg_mail_digest_items(store *s, arena *a, int64_t member, unsigned kinds, int64_t since, int limit,
			 struct store_mail_event_list *out);
int pg_mail_digest_members(store *s, int64_t since, int64_t after_member, int limit, int64_t *ids, int *n);

/* Page views and the dashboard (dash-store): pg_dashboard.c.
 * pg_member_verify_at (pg_members.c) sets the verified flag and
 * verified_at as of `now` (the verification code's decisions);
 * pg_views_gc is store_gc's part: closes the days before now's and
 * forgets reader rows of days that are not open. */
int pg_member_verify_at(store *s, int64_t id, bool verified, int64_t now);
int pg_views_gc(store *s, int64_t now);
int pg_views_add(store *s, const struct store_view_count *c, int n);
int pg_views_salt(store *s, int64_t day, unsigned char salt[32]);
int pg_views_readers(store *s, int64_t day, const unsigned char (*h)[16], int n);
int pg_views_days(store *s, arena *a, int64_t from, int64_t to, struct store_views_day_list *out);
int pg_views_buckets(store *s, arena *a, int64_t from, int64_t to, struct store_views_bucket_list *out);
int pg_views_top(store *s, arena *a, enum store_view_kind k, int64_t month, int limit,
		 struct store_views_top_list *out);
int pg_dash_members(store *s, arena *a, struct store_dash_count_list *by_type,
		    struct store_dash_count_list *by_country, struct store_dash_count_list *by_specialty);
int pg_dash_joined(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out);
int pg_dash_verified(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out);
int pg_dash_pending(store *s, struct store_dash_pending *out);
int pg_member_backdate(store *s, int64_t id, int64_t created_at, int64_t verified_at);

#endif
