/* sqlite_int.h: the SQLite backend's insides, shared by its files only.
 * Internal symbols carry the prefix `sq_`.
 *
 * Invariants: every thread has its own connection (made on first use, kept
 * in a pthread key, closed when the thread ends or by store_close); every
 * statement is one of the constant texts of sq_sql[], prepared once per
 * connection and reset with its bindings cleared after each use, so no
 * statement holds a lock or a pointer to a caller's bytes between calls
 * (and one statement is never in use twice at once on one connection). */
#ifndef ROUNDS_STORE_SQLITE_INT_H
#define ROUNDS_STORE_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>

#include "../backend.h"
#include "sqlite_terms.h"

/* Every statement the backend runs; the texts are in statements.c. */
enum sq_id {
	SQ_BEGIN,
	SQ_BEGIN_READ,
	SQ_COMMIT,
	SQ_ROLLBACK,
	SQ_USER_VERSION,
	SQ_PING,
	SQ_CHECK_PAGES,
	SQ_CHECK_FOREIGN_KEYS,
	SQ_CHECK_FTS_TOPICS,
	SQ_CHECK_FTS_POSTS,
	SQ_CHECK_FTS_BLOG_POSTS,
	SQ_CHECK_FTS_LIBRARY,
	SQ_CHECK_FTS_FORUMS,
	SQ_CHECK_FTS_MESSAGES,
	SQ_CHECK_FTS_MEMBERS,
	SQ_CHECK_FTS_BLOG_COMMENTS,
	SQ_MEMBER_INSERT,
	SQ_MEMBER_CONFLICT,
	SQ_MEMBER_BY_ID,
	SQ_MEMBER_BY_HANDLE,
	SQ_MEMBER_BY_EMAIL,
	SQ_MEMBER_COUNT,
	SQ_MEMBER_PROFILE,
	SQ_MEMBER_PASSWORD,
	SQ_MEMBER_ROLES,
	SQ_MEMBER_SUSPENDED,
	SQ_MEMBER_VERIFIED,
	SQ_MEMBER_CONFIRM,
	SQ_VERIF_INSERT,
	SQ_VERIF_LATEST,
	SQ_VERIF_HISTORY,
	SQ_VERIF_GET,
	SQ_VERIF_QUEUE,
	SQ_VERIF_DECIDE,
	SQ_REGISTER_UPSERT,
	SQ_REGISTER_APPROVE,
	SQ_REGISTER_UNCHAMPION,
	SQ_REGISTER_WITHDRAW,
	SQ_DIR_SEARCH,
	SQ_DIR_SEARCH_COUNT,
	SQ_DIR_ALL,
	SQ_DIR_ALL_COUNT,
	SQ_DIR_SPECIALTY, /* each of these three followed by its count */
	SQ_DIR_SPECIALTY_COUNT,
	SQ_DIR_GRADE,
	SQ_DIR_GRADE_COUNT,
	SQ_DIR_COUNTRY,
	SQ_DIR_COUNTRY_COUNT,
	SQ_CONN_INSERT,
	SQ_CONN_ACCEPT,
	SQ_CONN_DECLINE,
	SQ_CONN_REMOVE,
	SQ_CONN_STATE,
	SQ_CONN_LIST,
	SQ_MEMBER_ERASE,
	SQ_ERASE_TOKENS,
	SQ_ERASE_SESSIONS,
	SQ_ERASE_CONNECTIONS,
	SQ_ERASE_BLOCKS,
	SQ_ERASE_DOCUMENTS,
	SQ_ERASE_VERIFICATIONS,
	SQ_ERASE_CONVERSATIONS,
	SQ_BLOCK_INSERT,
	SQ_BLOCK_DELETE,
	SQ_BLOCK_STATE,
	SQ_BLOCK_LIST,
	SQ_CONV_INSERT,
	SQ_CONV_ADD_MEMBER,
	SQ_CONV_BLOCKED,
	SQ_CONV_IS_MEMBER,
	SQ_MSG_INSERT,
	SQ_MSG_COUNT,
	SQ_CONV_TOUCH,
	SQ_CONV_GET,
	SQ_CONV_MEMBERS,
	SQ_CONV_LIST,
	SQ_CONV_COUNT,
	SQ_CONV_ACT,
	SQ_CONV_MESSAGES,
	SQ_MSG_UNREAD,
	SQ_MSG_BY_AUTHOR,
	SQ_REPORT_INSERT,
	SQ_REPORT_QUEUE,
	SQ_REPORT_DECIDE,
	SQ_MSG_REMOVE,
	SQ_REPORT_CLOSE,
	SQ_TOKEN_INSERT,
	SQ_TOKEN_TAKE,
	SQ_TOKEN_CHECK,
	SQ_GC_SESSIONS,
	SQ_GC_TOKENS,
	SQ_GC_RATES,
	SQ_SESSION_MEMBER,
	SQ_SESSION_INSERT,
	SQ_SESSION_GET,
	SQ_SESSION_DELETE,
	SQ_SESSION_DELETE_MEMBER,
	SQ_RATE_HIT,
	SQ_RATE_PEEK,
	SQ_RATE_CLEAR,
	SQ_SETTING_GET,
	SQ_SETTING_INIT,
	SQ_AUDIT_INSERT,
	SQ_JOB_CLAIM,
	SQ_MEMBER_SEARCH,
	SQ_UPLOAD_INSERT,
	SQ_UPLOAD_GET,
	/* Forums (migration 8). */
	SQ_FORUM_INSERT,
	SQ_FORUM_UPDATE,
	SQ_FORUM_LIST,
	SQ_FORUM_BY_SLUG,
	SQ_FORUM_BY_ID,
	SQ_FORUM_STATE,
	SQ_FORUM_COUNTS,
	SQ_CHAMPION_INSERT,
	SQ_CHAMPION_DELETE,
	SQ_CHAMPION_ROLE_SET,
	SQ_CHAMPION_ROLE_CLEAR,
	SQ_CHAMPION_LIST,
	SQ_CHAMPION_IS,
	SQ_TOPIC_INSERT,
	SQ_TOPIC_GET,
	SQ_TOPIC_LIST,
	SQ_TOPIC_TOTAL,
	SQ_TOPIC_LATEST,
	SQ_TOPIC_BY_AUTHOR,
	SQ_TOPIC_STATE,
	SQ_TOPIC_LAST,
	SQ_TOPIC_RECOUNT,
	SQ_TOPIC_DELETE,
	SQ_TOPIC_TITLE,
	SQ_TOPIC_FLAGS,
	SQ_TOPIC_MOVE,
	SQ_POST_INSERT,
	SQ_POST_GET,
	SQ_TOPIC_POSTS,
	SQ_POST_LIKED,
	SQ_POST_BY_AUTHOR,
	SQ_POST_EXPORT,
	SQ_POST_STATE,
	SQ_EDIT_INSERT,
	SQ_POST_UPDATE,
	SQ_POST_HISTORY,
	SQ_POST_DELETE,
	SQ_POST_FLAGS,
	SQ_LIKE_INSERT,
	SQ_LIKE_DELETE,
	SQ_POST_LIKES,
	SQ_READ_UPSERT,
	SQ_WATCH_INSERT,
	SQ_WATCH_DELETE,
	SQ_WATCH_IS,
	SQ_NOTIFY,
	SQ_NOTIFY_MENTION,
	SQ_NOTIFY_LIKE,
	SQ_NOTIFY_WATCHERS,
	SQ_NOTIF_LIST,
	SQ_NOTIF_UNREAD,
	SQ_NOTIF_READ,
	SQ_FLAG_INSERT,
	SQ_FLAG_QUEUE,
	SQ_FLAG_GET,
	SQ_FLAG_DECIDE,
	SQ_FLAG_CLOSE,
	SQ_AUDIT_LIST,
	SQ_ERASE_CHAMPIONS,
	SQ_ERASE_WATCHES,
	SQ_ERASE_READS,
	SQ_ERASE_NOTIFICATIONS,
	/* Polls and the confirmed posts (migration 9). */
	SQ_POLL_INSERT,
	SQ_POLL_OPTION_INSERT,
	SQ_POLL_GET,
	SQ_POLL_STATE,
	SQ_POLL_VOTE_INSERT,
	SQ_POLL_OPTION_VOTED,
	SQ_POLL_VOTERS,
	SQ_POST_CONFIRMED,
	/* Private groups (migration 10): sqlite_groups.c. */
	SQ_GROUP_FORUM_ARCHIVE,
	SQ_GROUP_INSERT,
	SQ_GROUP_GET,
	SQ_GROUP_BY_SLUG,
	SQ_GROUP_MINE,
	SQ_GROUP_LIST,
	SQ_GROUP_ROLE,
	SQ_GROUP_STATE,
	SQ_GROUP_DECIDE,
	SQ_GROUP_STATUS,
	SQ_GROUP_COUNT,
	SQ_GROUP_MEMBERS,
	SQ_GROUP_MEMBER_GET,
	SQ_GROUP_MEMBER_INSERT,
	SQ_GROUP_MEMBER_ROLE,
	SQ_GROUP_MEMBER_DELETE,
	SQ_GROUP_OWNER,
	SQ_GROUP_UNWATCH,
	SQ_GROUP_NOTIF_READ,
	SQ_GROUP_INVITEE,
	SQ_GROUP_INVITE_CLASH,
	SQ_GROUP_INVITE_INSERT,
	SQ_GROUP_INVITATIONS,
	SQ_GROUP_INVITATIONS_FOR,
	SQ_GROUP_INVITATION_GET,
	SQ_GROUP_INVITATION_STATE,
	SQ_GROUP_INVITATION_DECIDE,
	SQ_ERASE_GROUP_COUNTS,
	SQ_ERASE_GROUPS,
	SQ_ERASE_INVITATIONS,
	SQ_ERASE_REQUESTS,
	SQ_GROUP_NOTES_CLOSE,
	/* Blogs (migration 11): sqlite_blogs.c. */
	SQ_BLOG_APP_INSERT,
	SQ_BLOG_APP_GET,
	SQ_BLOG_APP_LIST,
	SQ_BLOG_APP_STATE,
	SQ_BLOG_APP_DECIDE,
	SQ_BLOG_HAS,
	SQ_BLOG_OWNER,
	SQ_BLOG_FORUM_INSERT,
	SQ_BLOG_INSERT,
	SQ_BLOG_ROLE_SET,
	SQ_BLOG_GET,
	SQ_BLOG_BY_SLUG,
	SQ_BLOG_OF,
	SQ_BLOG_LIST,
	SQ_BLOG_UPDATE,
	SQ_BLOG_POST_INSERT,
	SQ_BLOG_TAG_INSERT,
	SQ_BLOG_TAGS_CLEAR,
	SQ_BLOG_POST_GET,
	SQ_BLOG_POST_BY_SLUG,
	SQ_BLOG_POST_BY_TOPIC,
	SQ_BLOG_POSTS_PUBLISHED,
	SQ_BLOG_POSTS_FEATURED,
	SQ_BLOG_POSTS_STATUS,
	SQ_BLOG_POSTS_COUNT,
	SQ_BLOG_POSTS_COUNT_PUBLIC,
	SQ_BLOG_POST_STATE,
	SQ_BLOG_REVISION_INSERT,
	SQ_BLOG_POST_UPDATE,
	SQ_BLOG_REVISIONS,
	SQ_BLOG_GO_LIVE,
	SQ_BLOG_TOPIC_INSERT,
	SQ_BLOG_TOPIC_POST,
	SQ_BLOG_TOPIC_SET,
	SQ_BLOG_TOPIC_HIDE,
	SQ_BLOG_TOPIC_SHOW,
	SQ_BLOG_TOPIC_SYNC,
	SQ_BLOG_FORUM_RECOUNT,
	SQ_BLOG_DUE,
	SQ_BLOG_FEATURE_STATE,
	SQ_BLOG_FEATURE,
	SQ_BLOG_SHARE_INSERT,
	SQ_BLOG_SHARE_DELETE,
	SQ_BLOG_TAGS,
	SQ_ERASE_BLOG_APPLICATIONS,
	/* The library (migration 12): sqlite_library.c. */
	SQ_LIB_COLL_INSERT,
	SQ_LIB_COLL_UPDATE,
	SQ_LIB_COLL_GET,
	SQ_LIB_COLL_BY_SLUG,
	SQ_LIB_COLLS,
	SQ_LIB_ITEM_INSERT,
	SQ_LIB_ITEM_UPDATE,
	SQ_LIB_ITEM_SLUG,
	SQ_LIB_ITEM_WITHDRAW,
	SQ_LIB_ITEM_TOUCH,
	SQ_LIB_ITEM_COLLS_CLEAR,
	SQ_LIB_ITEM_COLL_ADD,
	SQ_LIB_ITEM_GET,
	SQ_LIB_ITEM_BY_SLUG,
	SQ_LIB_ITEMS_NEWEST,
	SQ_LIB_ITEMS_DOWNLOADS,
	SQ_LIB_ITEMS_TITLE,
	SQ_LIB_ITEMS_COUNT,
	SQ_LIB_FILE_VERSION,
	SQ_LIB_FILE_NEW_SLOT,
	SQ_LIB_FILE_INSERT,
	SQ_LIB_FILE_GET,
	SQ_LIB_FILES_ALL,
	SQ_LIB_FILES_CURRENT,
	SQ_LIB_COUNT_DAY,
	SQ_LIB_COUNT_TOTAL,
	SQ_LIB_DOWNLOADS,
	/* Search (sqlite_search.c). */
	SQ_SEARCH_TOPICS,
	SQ_SEARCH_POSTS,
	SQ_SEARCH_TOPICS_BY,
	SQ_SEARCH_POSTS_BY,
	SQ_SEARCH_POSTS_BY_IN,
	SQ_SEARCH_AUTHOR_POSTS,
	SQ_SEARCH_MESSAGES_ALL,
	SQ_SEARCH_READER_MESSAGES,
	SQ_SEARCH_MESSAGES_IN,
	SQ_SEARCH_TOPIC_TEXT,
	SQ_SEARCH_POST_TEXT,
	SQ_SEARCH_MESSAGE_TEXT,
	SQ_SEARCH_PREFIX_WORDS,
	SQ_SEARCH_MAX_POST,
	SQ_SEARCH_AT_POST,
	SQ_SEARCH_BLOG,
	SQ_SEARCH_LIBRARY,
	SQ_SEARCH_MEMBERS,
	SQ_SEARCH_FORUMS,
	SQ_SEARCH_MESSAGES,
	SQ_SEARCH_COMMENTS,
	SQ_SEARCH_TOPIC_HIT,
	SQ_SEARCH_POST_HIT,
	SQ_SEARCH_BLOG_HIT,
	SQ_SEARCH_LIBRARY_HIT,
	SQ_SEARCH_MEMBER_HIT,
	SQ_SEARCH_FORUM_HIT,
	SQ_SEARCH_MESSAGE_HIT,
	SQ_SEARCH_COMMENT_HIT,
	/* Mail queue (mail-queue): sqlite_mail.c. */
	SQ_MAIL_MARK_GET,
	SQ_MAIL_MARK_MOVE,
	SQ_MAIL_MARK_NEW,
	SQ_MAIL_INSERT,
	SQ_MAIL_CLAIM,
	SQ_MAIL_SENT,
	SQ_MAIL_RETRY,
	SQ_MAIL_FAILED,
	SQ_MAIL_BOUNCED,
	SQ_MAIL_BOUNCE_ADD,
	SQ_MAIL_SUPPRESS,
	SQ_MAIL_BOUNCE_GET,
	SQ_MAIL_BOUNCE_CLEAR,
	SQ_MAIL_COUNT_SINCE,
	SQ_MAIL_RECENT,
	SQ_MAIL_RECENT_MEMBER,
	SQ_GC_MAIL,
	SQ_ERASE_MAIL,
	SQ_ERASE_MAIL_PREFS,
	SQ_ERASE_MAIL_MARKS,
	/* Mail events and settings (mail-notify): sqlite_mail_events.c. */
	SQ_MAIL_PREFS_GET,
	SQ_MAIL_PREFS_SET,
	SQ_MAIL_EVENTS_NOTIF,
	SQ_MAIL_EVENTS_MESSAGE,
	SQ_MAIL_EVENTS_INVITATION,
	SQ_MAIL_DIGEST_ITEMS,
	SQ_MAIL_DIGEST_MEMBERS,
	/* Page views and the dashboard (dash-store, migration 15):
	 * sqlite_dashboard.c. */
	SQ_VIEWS_ADD,
	SQ_VIEWS_ITEM_ADD,
	SQ_VIEWS_SALT_NEW,
	SQ_VIEWS_SALT_GET,
	SQ_VIEWS_CLOSE,
	SQ_VIEWS_FORGET,
	SQ_VIEWS_DAY_OPEN,
	SQ_VIEWS_READER_ADD,
	SQ_VIEWS_GC_READERS,
	SQ_VIEWS_DAYS,
	SQ_VIEWS_BUCKETS,
	SQ_VIEWS_TOP_TOPICS,
	SQ_VIEWS_TOP_BLOG,
	SQ_VIEWS_TOP_LIBRARY,
	SQ_DASH_BY_TYPE,
	SQ_DASH_BY_COUNTRY,
	SQ_DASH_BY_SPECIALTY,
	SQ_DASH_JOINED,
	SQ_DASH_VERIFIED,
	SQ_DASH_PENDING,
	SQ_MEMBER_BACKDATE,
	SQ_MAX
};

extern const char *const sq_sql[SQ_MAX];

/* The numbered migrations: migration N is sq_migrations[N - 1], a
 * NULL-terminated list of texts run in order, the last of which sets
 * PRAGMA user_version to its own number. */
extern const char *const *const sq_migrations[];
extern const int sq_migration_count;

struct sq_store;

struct sq_conn {
	sqlite3 *db;
	struct sq_store *owner;
	struct sq_conn *prev, *next; /* in owner->conns */
	sqlite3_stmt *stmt[SQ_MAX];  /* prepared on first use */
	struct sq_terms *terms;      /* the search tokenizer (sqlite_terms.h), db's */
	bool snapshot;               /* in store_read_begin's read transaction */
};

struct sq_store {
	struct store base; /* first, so a store * converts to this */
	char *path;
	pthread_key_t key; /* this thread's struct sq_conn */
	pthread_mutex_t mu;  /* guards conns */
	struct sq_conn *conns;
	_Atomic int cache_kib; /* cache_size of connections opened from now on (store_db_cache_budget) */
};

/* One use of one cached statement on this thread's connection. */
struct sq_q {
	struct sq_conn *c;
	sqlite3_stmt *st;
	const char *op; /* the store function, for logs */
	int rc;         /* the first failed bind, else SQLITE_OK */
};

/* This thread's connection, opened on first use; NULL (logged) if it
 * cannot be opened. */
struct sq_conn *sq_conn_get(store *s);

/* Starts a query: finds the connection and the prepared statement `id`.
 * 0, or STORE_ERR (logged). */
int sq_start(struct sq_q *q, store *s, enum sq_id id, const char *op);

/* Bind parameter `i` (1-based).  A failure is kept in q->rc and reported
 * by the next step.  Text and blobs are bound without copying: they must
 * live until sq_end(). */
void sq_int(struct sq_q *q, int i, int64_t v);
void sq_text(struct sq_q *q, int i, str v);
void sq_blob(struct sq_q *q, int i, const unsigned char *p, size_t n);

/* Steps once: SQLITE_ROW, SQLITE_DONE, or an (extended) error code. */
int sq_step(struct sq_q *q);

/* Resets the statement and clears its bindings. */
void sq_end(struct sq_q *q);

/* Maps an SQLite error to a STORE_E* code and logs it (the code and the
 * library's message, never bound values).  `writing` says whether the
 * query writes, so a file that cannot be opened counts as STORE_EFULL. */
int sq_err(struct sq_q *q, int rc, bool writing);

/* Runs a statement that gives no rows and ends it.  0; STORE_ENOTFOUND when
 * `need_change` and no row changed; or an error. */
int sq_exec(struct sq_q *q, bool need_change);

/* Steps to the first row.  0 with the row ready (the caller reads it, then
 * calls sq_end); else the query is ended and STORE_ENOTFOUND or an error
 * is returned. */
int sq_row(struct sq_q *q, bool writing);

/* Copies text column `col` of the current row into the arena; NULL reads
 * as "".  0, or STORE_ERR (logged) when the arena is full. */
int sq_col_str(struct sq_q *q, arena *a, int col, str *out);

/* Starts a write transaction for a multi-statement write.  IMMEDIATE takes
 * the write lock at once, so two writers never deadlock each upgrading a
 * read.  0 or an error. */
int sq_begin(store *s, const char *op);

/* Ends what sq_begin started: commits when `rc` is 0, else rolls back
 * (unless SQLite already has).  Gives `rc`, or the commit's error. */
int sq_finish(store *s, int rc, const char *op);

/* Reads a member row (columns as in MEMBER_COLS), without the password
 * hash; the _full form reads it too when `auth`. */
int sq_member_read_full(struct sq_q *q, arena *a, bool auth, struct store_member *m);
static inline int sq_member_read(struct sq_q *q, arena *a, struct store_member *m)
{
	return sq_member_read_full(q, a, false, m);
}

/* The ops, by file. */
int sq_member_create(store *s, const struct store_member_new *m, int64_t *id, enum store_member_key *key);
int sq_member_by_id(store *s, arena *a, int64_t id, struct store_member *out);
int sq_member_by_handle(store *s, arena *a, str handle, struct store_member *out);
int sq_member_by_email_auth(store *s, arena *a, str email, struct store_member *out);
int sq_member_count(store *s, int64_t *out);
int sq_member_update_profile(store *s, int64_t id, const struct store_profile *p);
int sq_member_set_password(store *s, int64_t id, str pw_hash);
int sq_member_set_roles(store *s, int64_t id, unsigned roles);
int sq_member_set_suspended(store *s, int64_t id, bool suspended);
int sq_member_set_verified(store *s, int64_t id, bool verified);
int sq_member_confirm(store *s, int64_t id);
int sq_member_delete(store *s, int64_t id, int64_t now);
int sq_member_directory(store *s, arena *a, const struct store_directory_query *dq,
			 struct store_member_list *out, int64_t *total);
int sq_member_search(store *s, arena *a, str query, int limit, int offset, struct store_member_list *out);
int sq_job_claim(store *s, str name, int64_t now, int64_t every, bool *claimed);

int sq_verification_apply(store *s, const struct store_verification *v, int64_t now, int64_t *id,
			   bool *verified);
int sq_register_import(store *s, arena *a, store_row_source next, void *ctx, int64_t now,
			 struct store_import_result *out);
int sq_verification_latest(store *s, arena *a, int64_t member_id, struct store_verification *out);
int sq_verification_history(store *s, arena *a, int64_t member_id, int limit, struct store_verification_list *out);
int sq_verification_get(store *s, arena *a, int64_t id, struct store_verification *out);
int sq_verification_queue(store *s, arena *a, int limit, int offset, struct store_verification_list *out);
int sq_verification_decide(store *s, int64_t id, int64_t editor, bool approve, str reason, int64_t now,
			      int64_t *member_id);

int sq_upload_put(store *s, const char *tmp_path, const char *sha256, int64_t size, str mime, int64_t now);
int sq_upload_get(store *s, arena *a, const char *sha256, struct store_upload *out);
int sq_upload_read(store *s, const char *sha256, int64_t off, size_t n, char *dst);
void sq_upload_unlink(store *s, const char *sha256);
/* store_backup's second half: copies the uploads of the database at
 * `db_path` (db_path.files/) to those of its copy at `copy_path`, adding
 * only the files the copy lacks.  0 (also when there are no uploads) or
 * STORE_ERR (logged). */
int sq_files_backup(const char *db_path, const char *copy_path);

int sq_connection_request(store *s, int64_t from, int64_t to, int64_t now);
int sq_connection_answer(store *s, int64_t me, int64_t other, bool accept, int64_t now);
int sq_connection_remove(store *s, int64_t me, int64_t other);
int sq_connection_state(store *s, int64_t me, int64_t other, enum store_conn_state *out);
int sq_connection_list(store *s, arena *a, int64_t member, enum store_conn_list which, int limit, int offset,
			 struct store_member_list *out);

int sq_block(store *s, int64_t blocker, int64_t blocked, int64_t now);
int sq_unblock(store *s, int64_t blocker, int64_t blocked);
int sq_block_state(store *s, int64_t a, int64_t b, bool *ab, bool *ba);
int sq_block_list(store *s, arena *a, int64_t blocker, int limit, int offset, struct store_member_list *out);
int sq_conversation_start(store *s, const struct store_message_new *m, const int64_t *to, int nto, str subject,
			  int64_t now, int64_t *conv, int64_t *msg, int64_t *blocked_by);
int sq_message_post(store *s, int64_t conv, const struct store_message_new *m, int64_t now, int64_t *msg,
		    int64_t *blocked_by);
int sq_conversation_get(store *s, arena *a, int64_t conv, int64_t reader, struct store_conversation *out);
int sq_conversation_messages(store *s, arena *a, int64_t conv, int64_t before, int limit,
			     struct store_message_list *out);
int sq_conversation_list(store *s, arena *a, int64_t reader, int limit, int offset,
			 struct store_conversation_list *out, int64_t *total);
int sq_conversation_act(store *s, int64_t conv, int64_t member, enum store_conv_action act, int64_t now);
int sq_message_unread(store *s, int64_t member, int64_t *out);
int sq_messages_by_author(store *s, arena *a, int64_t author, int64_t after, int limit,
			  struct store_message_list *out);
int sq_message_report(store *s, int64_t msg, int64_t reporter, str reason, int64_t now, int64_t *id);
int sq_report_queue(store *s, arena *a, int limit, int offset, struct store_report_list *out);
int sq_report_decide(store *s, int64_t id, int64_t editor, bool remove, str note, int64_t now);

int sq_token_create(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN],
		    int64_t member_id, int64_t expires_at);
int sq_session_member(store *s, arena *a, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		      struct store_session *sess, struct store_member *m);
int sq_password_reset(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, str pw_hash,
		      int64_t *member_id);
int sq_gc(store *s, int64_t now);
int sq_token_check(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		   int64_t *member_id);
int sq_token_take(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		  int64_t *member_id);
int sq_session_create(store *s, const unsigned char hash[STORE_HASH_LEN], const struct store_session *sess,
		      int64_t now);
int sq_session_get(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, struct store_session *out);
int sq_session_delete(store *s, const unsigned char hash[STORE_HASH_LEN]);
int sq_session_delete_member(store *s, int64_t member_id);
int sq_rate_hit(store *s, str key, int64_t now, int64_t window, int64_t *count, int64_t *reset_at);
int sq_rate_peek(store *s, str key, int64_t now, int64_t *count, int64_t *reset_at);
int sq_rate_clear(store *s, str key);
int sq_setting_get(store *s, arena *a, str key, str *out);
int sq_setting_init(store *s, arena *a, str key, str value, str *out);
int sq_audit(store *s, int64_t actor, str action, str target, str detail);

int sq_forum_create(store *s, const struct store_forum *f, int64_t actor, int64_t now, int64_t *id);
int sq_forum_update(store *s, const struct store_forum *f, int64_t actor, int64_t now);
int sq_forum_list(store *s, arena *a, bool archived_too, struct store_forum_list *out);
int sq_forum_by_slug(store *s, arena *a, str slug, struct store_forum *out);
int sq_forum_by_id(store *s, arena *a, int64_t id, struct store_forum *out);
int sq_champion_set(store *s, int64_t forum, int64_t member, bool on, int64_t actor, int64_t now);
int sq_champion_list(store *s, arena *a, int64_t forum, struct store_member_list *out);
int sq_champion_is(store *s, int64_t forum, int64_t member, bool *out);
int sq_topic_get(store *s, arena *a, int64_t id, int64_t reader, struct store_topic *out);
int sq_topic_list(store *s, arena *a, int64_t forum, int64_t reader, int limit, int offset,
		  struct store_topic_list *out, int64_t *total);
int sq_topic_latest(store *s, arena *a, unsigned sections, int64_t reader, bool unread_only, int64_t since,
		    int limit, int offset, struct store_topic_list *out);
int sq_topic_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit,
		       struct store_topic_list *out);
int sq_post_get(store *s, arena *a, int64_t id, int64_t reader, struct store_post *out);
int sq_posts_liked(store *s, int64_t reader, struct store_post_list *pl);
int sq_topic_posts(store *s, arena *a, int64_t topic, int64_t reader, int limit, int offset,
		   struct store_post_list *out);
int sq_post_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit,
		      struct store_post_list *out);
int sq_post_history(store *s, arena *a, int64_t post, struct store_post_edit_list *out);

int sq_topic_create(store *s, int64_t forum, str title, const struct store_post_new *p, int64_t now,
		    int64_t *topic, int64_t *post);
int sq_post_create(store *s, int64_t topic, const struct store_post_new *p, int64_t now, int64_t *id);
int sq_post_edit(store *s, int64_t id, int64_t editor, str title, const struct store_post_new *p, int64_t now);
int sq_post_delete(store *s, int64_t id, int64_t actor, bool staff, str reason, int64_t now);
int sq_post_like(store *s, int64_t post, int64_t member, bool on, int64_t now);
int sq_topic_moderate(store *s, int64_t topic, enum store_mod m, int64_t arg, int64_t actor, str reason,
		      int64_t now);
int sq_post_moderate(store *s, int64_t post, enum store_mod m, int64_t actor, str reason, int64_t now);
int sq_topic_read(store *s, int64_t member, int64_t topic, int64_t post, int64_t now);
int sq_topic_watch(store *s, int64_t member, int64_t topic, bool on, int64_t now);
int sq_topic_watching(store *s, int64_t member, int64_t topic, bool *out);

int sq_notification_list(store *s, arena *a, int64_t member, int limit, int offset,
			 struct store_notification_list *out, int64_t *unread);
int sq_notification_read(store *s, int64_t member, int64_t id, int64_t now);
int sq_flag_create(store *s, int64_t post, int64_t reporter, str reason, str note, int64_t now, int64_t *id);
int sq_flag_queue(store *s, arena *a, int64_t champion, int limit, int offset, struct store_flag_list *out);
int sq_flag_get(store *s, arena *a, int64_t id, struct store_flag *out);
int sq_flag_decide(store *s, int64_t id, int64_t actor, str decision, str note, int64_t now);
int sq_audit_list(store *s, arena *a, str action_prefix, int64_t actor, int limit, int offset,
		  struct store_audit_list *out);
int sq_poll_get(store *s, arena *a, int64_t topic, int64_t reader, struct store_poll *out);
int sq_poll_vote(store *s, int64_t topic, int64_t member, const int64_t *opts, int n, int64_t now);
int sq_post_confirmed_list(store *s, arena *a, int limit, int offset, struct store_post_list *out);
int sq_posts_for_export(store *s, arena *a, int64_t author, int64_t after, int limit, struct store_post_list *out);

int sq_group_request(store *s, const struct store_group *g, int64_t requester, int64_t now, int64_t *id);
int sq_group_get(store *s, arena *a, int64_t id, int64_t reader, struct store_group *out);
int sq_group_by_slug(store *s, arena *a, str slug, int64_t reader, struct store_group *out);
int sq_group_mine(store *s, arena *a, int64_t member, struct store_group_list *out);
int sq_group_list(store *s, arena *a, int status, int limit, int offset, struct store_group_list *out);
int sq_group_role(store *s, int64_t id, int64_t member, enum store_group_role *role, enum store_group_status *status);
int sq_group_decide(store *s, int64_t id, bool approve, str reason, int64_t editor, int64_t now);
int sq_group_set_status(store *s, int64_t id, enum store_group_status to, str reason, int64_t actor, int64_t now);
int sq_group_members(store *s, arena *a, int64_t id, struct store_group_member_list *out);
int sq_group_member_set(store *s, int64_t id, int64_t member, enum store_group_role role, int64_t actor,
			int64_t now);
int sq_group_invite(store *s, int64_t id, int64_t member, str email, int64_t inviter, int64_t now, int64_t *out);
int sq_group_invitations(store *s, arena *a, int64_t id, struct store_group_invitation_list *out);
int sq_invitations_for(store *s, arena *a, int64_t member, str email, struct store_group_invitation_list *out);
int sq_invitation_get(store *s, arena *a, int64_t id, struct store_group_invitation *out);
int sq_invitation_answer(store *s, int64_t id, int64_t member, str email, bool accept, int64_t now);
int sq_invitation_revoke(store *s, int64_t id, int64_t group, int64_t actor, int64_t now);

int sq_blogger_apply(store *s, int64_t member, str blog_title, str about, str sample, int64_t now, int64_t *id);
int sq_blogger_applications(store *s, arena *a, int64_t member, str status, int limit, int offset,
			    struct store_blog_application_list *out);
int sq_blogger_application_get(store *s, arena *a, int64_t id, struct store_blog_application *out);
int sq_blogger_decide(store *s, int64_t id, bool approve, str slug, str reason, int64_t editor, int64_t now,
		      int64_t *blog);
int sq_blog_get(store *s, arena *a, int64_t id, struct store_blog *out);
int sq_blog_by_slug(store *s, arena *a, str slug, struct store_blog *out);
int sq_blog_of(store *s, arena *a, int64_t owner, struct store_blog *out);
int sq_blog_list(store *s, arena *a, int limit, int offset, struct store_blog_list *out);
int sq_blog_update(store *s, int64_t id, str title, str about, int64_t now);
int sq_blog_post_create(store *s, const struct store_blog_post *p, int64_t now, int64_t *id);
int sq_blog_post_update(store *s, const struct store_blog_post *p, int64_t actor, int64_t now);
int sq_blog_post_get(store *s, arena *a, int64_t id, struct store_blog_post *out);
int sq_blog_post_by_slug(store *s, arena *a, int64_t blog, str slug, struct store_blog_post *out);
int sq_blog_post_by_topic(store *s, arena *a, int64_t topic, struct store_blog_post *out);
int sq_blog_posts(store *s, arena *a, const struct store_blog_query *q, struct store_blog_post_list *out,
		  int64_t *total);
int sq_blog_revisions(store *s, arena *a, int64_t post, struct store_blog_revision_list *out);
int sq_blog_publish_due(store *s, int64_t now, int *n);
int sq_blog_feature(store *s, int64_t id, bool on, int64_t editor, int64_t now);
int sq_blog_share(store *s, int64_t id, str network, bool on, int64_t editor, int64_t now);
int sq_blog_tags(store *s, arena *a, int limit, struct store_blog_tag_list *out);

int sq_library_collection_create(store *s, const struct store_library_collection *c, int64_t editor, int64_t now,
				 int64_t *id);
int sq_library_collection_update(store *s, const struct store_library_collection *c, int64_t editor, int64_t now);
int sq_library_collection_get(store *s, arena *a, int64_t id, struct store_library_collection *out);
int sq_library_collection_by_slug(store *s, arena *a, str slug, struct store_library_collection *out);
int sq_library_collections(store *s, arena *a, struct store_library_collection_list *out);
int sq_library_item_create(store *s, const struct store_library_item *it, const struct store_library_file *file,
			   int64_t editor, int64_t now, int64_t *id);
int sq_library_item_update(store *s, const struct store_library_item *it, int64_t editor, int64_t now);
int sq_library_item_withdraw(store *s, int64_t id, bool on, int64_t editor, int64_t now);
int sq_library_item_get(store *s, arena *a, int64_t id, struct store_library_item *out);
int sq_library_item_by_slug(store *s, arena *a, str slug, struct store_library_item *out);
int sq_library_file_add(store *s, const struct store_library_file *f, int64_t editor, int64_t now, int64_t *id,
			int64_t *slot);
int sq_library_files(store *s, arena *a, int64_t item, bool all, struct store_library_file_list *out);
int sq_library_file_get(store *s, arena *a, int64_t id, struct store_library_file *out);
int sq_library_items(store *s, arena *a, const struct store_library_query *q, struct store_library_item_list *out,
		     int64_t *total);
int sq_library_count(store *s, const struct store_library_count *c, int n);
int sq_library_downloads(store *s, arena *a, int64_t item, int64_t since, struct store_library_day_list *out);

/* Shared by the forum files.  sq_run runs statement `id` with the `n`
 * integers `v` bound as ?1..?n and no rows: 0; STORE_ENOTFOUND when
 * `need_change` and nothing changed; or an error.  sq_run_int gives the
 * first column of its first row (STORE_ENOTFOUND when there is none).
 * SQ_INTS(a, b, ...) passes the integers as `v, n`. */
int sq_run(store *s, enum sq_id id, const char *op, bool need_change, const int64_t *v, int n);
int sq_run_int(store *s, enum sq_id id, const char *op, const int64_t *v, int n, int64_t *out);
#define SQ_INTS(...) (const int64_t[]){__VA_ARGS__}, (int)(sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t))
/* Whether forum `id` is archived, and its slug (cut to fit `slug`, for
 * audit rows).  STORE_ENOTFOUND if there is no such forum. */
int sq_forum_state(store *s, int64_t id, const char *op, bool *archived, char *slug, size_t n);
/* The section named in text column `col` of the current row.  The
 * tables' CHECK allows only the five names (a group's forum is 'group', a
 * blog's 'blog'); anything else would read as the most closed section. */
enum store_section sq_section_of(struct sq_q *q, int col);
/* A bigger array for a list of unknown length (forums, champions, an
 * edit history, groups): `cap` doubled, the `n` items of `items` copied
 * over.  NULL when the arena is full. */
void *sq_grow(arena *a, void *items, int n, int *cap, size_t size);
/* Ends a list query whose rows were read into `n` items (of at most
 * `limit`): 0, or the error that stopped it (err from the reads, else the
 * last step's `rc`). */
int sq_list_end(struct sq_q *q, int err, int n, int limit, int rc);
/* Reads the current row of a query into the item at `item`. */
typedef int (*sq_row_reader)(struct sq_q *q, arena *a, void *item);
/* Reads every row of a bound query (at most `limit`; 0: as many as there
 * are) into an arena array of `size`-byte items and ends it. */
int sq_read_rows(struct sq_q *q, arena *a, int limit, size_t size, sq_row_reader read, void **items, int *n);
/* Steps a bound query to its one row and reads it (then ends it):
 * STORE_ENOTFOUND when there is none. */
int sq_read_one(struct sq_q *q, arena *a, sq_row_reader read, void *item);
/* A list's limit kept to 1..100. */
static inline int sq_limit(int limit)
{
	return limit < 1 ? 1 : limit > 100 ? 100 : limit;
}
/* Fills *p from the 24 columns of POST_COLUMNS (statements.c) starting at
 * column `col` of the current row.  0 or STORE_ERR (arena full). */
int sq_post_read(struct sq_q *q, arena *a, int col, struct store_post *p);
/* An audit row stamped `now`, its target "KIND:ID" (kind: "topic",
 * "post", "forum", "member", "group"), inside the caller's transaction. */
int sq_forum_audit(store *s, int64_t actor, str action, const char *kind, int64_t id, str detail, int64_t now);
/* Writes a notification with statement `sql` (SQ_NOTIFY, SQ_NOTIFY_MENTION
 * or SQ_NOTIFY_LIKE: parameters as NOTIFY in statements.c); a deleted or
 * unknown member gets none.  0 or an error. */
int sq_notify(store *s, enum sq_id sql, int64_t member, str kind, int64_t actor, int64_t topic, int64_t post,
	      int64_t now);
/* Soft-deletes post `id` (by `actor`) inside the caller's transaction and
 * moves every count as store_post_delete says; a first post takes its
 * topic with it.  STORE_ENOTFOUND when it or its topic is deleted or
 * missing.  Writes no audit row. */
int sq_post_remove(store *s, int64_t id, int64_t actor, int64_t now);

int sq_migrate(store *s);

/* Search (sqlite_search.c). */
int sq_search(store *s, arena *a, const struct store_search_query *q, struct store_search_result *out);
/* The FTS5 query for terms t[0..n): each term one quoted string (a phrase
 * for several words), '*' after a prefix term, all required; words are
 * copied inside the quotes ('"' doubled, control bytes dropped), so no
 * input is read as query syntax.  Empty when no term has a byte left.
 * 0, or STORE_ERR when the arena is full. */
int sq_search_match(arena *a, const struct store_search_term *t, int n, str *out);
/* Registers rounds_rank(), the search windows' rank function (see
 * sqlite_search.c), on a new connection: an SQLite result code. */
int sq_search_register(sqlite3 *db);

/* Mail queue (mail-queue): sqlite_mail.c. */
int sq_mail_enqueue(store *s, const struct store_mail *m, int n, const struct store_mail_mark *mark, int64_t now,
		    int64_t *ids);
int sq_mail_mark_get(store *s, str key, int64_t *value);
int sq_mail_claim(store *s, arena *a, int64_t now, int64_t lease, int n, struct store_mail_list *out);
int sq_mail_done(store *s, int64_t id, enum store_mail_outcome o, str error, int64_t next_at, int64_t now);
int sq_mail_bounce_get(store *s, str address, int64_t *since);
int sq_mail_bounce_clear(store *s, str address);
int sq_mail_count_since(store *s, int64_t member, int64_t since, int64_t *n);
int sq_mail_recent(store *s, arena *a, int64_t member, int limit, struct store_mail_list *out);

/* Mail events and settings (mail-notify): sqlite_mail_events.c. */
int sq_mail_prefs_get(store *s, int64_t member, enum store_mail_mode modes[STORE_MAIL_KIND_MAX]);
int sq_mail_prefs_set(store *s, int64_t member, const enum store_mail_mode modes[STORE_MAIL_KIND_MAX]);
int sq_mail_events(store *s, arena *a, enum store_mail_kind kind, int64_t after, int limit,
		   struct store_mail_event_list *out);
int sq_mail_digest_items(store *s, arena *a, int64_t member, unsigned kinds, int64_t since, int limit,
			 struct store_mail_event_list *out);
int sq_mail_digest_members(store *s, int64_t since, int64_t after_member, int limit, int64_t *ids, int *n);

/* Page views and the dashboard (dash-store): sqlite_dashboard.c.
 * sq_member_verify_at (sqlite_members.c) sets the verified flag and
 * verified_at as of `now` (the verification code's decisions);
 * sq_views_gc is store_gc's part: closes the days before now's and
 * forgets reader rows of days that are not open. */
int sq_member_verify_at(store *s, int64_t id, bool verified, int64_t now);
int sq_views_gc(store *s, int64_t now);
int sq_views_add(store *s, const struct store_view_count *c, int n);
int sq_views_salt(store *s, int64_t day, unsigned char salt[32]);
int sq_views_readers(store *s, int64_t day, const unsigned char (*h)[16], int n);
int sq_views_days(store *s, arena *a, int64_t from, int64_t to, struct store_views_day_list *out);
int sq_views_buckets(store *s, arena *a, int64_t from, int64_t to, struct store_views_bucket_list *out);
int sq_views_top(store *s, arena *a, enum store_view_kind k, int64_t month, int limit,
		 struct store_views_top_list *out);
int sq_dash_members(store *s, arena *a, struct store_dash_count_list *by_type,
		    struct store_dash_count_list *by_country, struct store_dash_count_list *by_specialty);
int sq_dash_joined(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out);
int sq_dash_verified(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out);
int sq_dash_pending(store *s, struct store_dash_pending *out);
int sq_member_backdate(store *s, int64_t id, int64_t created_at, int64_t verified_at);

#endif
