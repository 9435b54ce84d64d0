/* store.h: the one interface to the data.  Handlers and the command line
 * call only these functions; each backend (sqlite/ now, pg/ later) fills a
 * `struct store_ops` and keeps its SQL to itself.
 *
 * Conventions: functions return 0 or a negative STORE_E* code; results go
 * to out-parameters, last.  Strings in results are copied into the caller's
 * arena.  Times are Unix seconds (UTC).  A store is safe to share between
 * threads: each backend keeps one connection per thread (SQLite) or a pool
 * (PostgreSQL).  Tokens and session ids are given to the store already
 * hashed; the store never sees a secret. */
#ifndef ROUNDS_STORE_H
#define ROUNDS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/str.h"

enum store_err {
	STORE_OK = 0,
	STORE_ENOTFOUND = -1, /* no such row */
	STORE_ECONFLICT = -2, /* a unique key is taken */
	STORE_EBUSY = -3,     /* locked or overloaded: try again later (503) */
	STORE_EFULL = -4,     /* disk full or read-only: writes refused (503) */
	STORE_ERR = -5,       /* anything else (500) */
};

/* Member roles, a bit set. */
enum store_role {
	ROLE_EDITOR = 1u << 0,
	ROLE_ADMIN = 1u << 1,
	ROLE_BLOGGER = 1u << 2,
	ROLE_CHAMPION = 1u << 3, /* champion of at least one forum */
};

typedef struct store store;

struct store_member {
	int64_t id;
	str email, name, handle, type, country;
	str specialty, grade, bio, timezone;
	str pw_hash; /* Argon2id string; only filled by the *_auth lookups */
	unsigned roles;
	bool confirmed, verified, suspended;
	int64_t created_at;
	int64_t unread_messages; /* only filled by store_session_member */
};

struct store_member_new {
	str email, name, handle, type, country, pw_hash;
	bool confirmed, verified;
	unsigned roles;
};

/* Results of a search, in the caller's arena. */
struct store_member_list {
	struct store_member *items;
	int n;
};

/* What a node may keep in memory, and so what another node's change must
 * reach (names for NOTIFY are in store.c).  _MAX sizes the tables. */
enum store_topic {
	STORE_TOPIC_SETTINGS,
	STORE_TOPIC_MAX
};

struct store_profile {
	str name, country, specialty, grade, bio, timezone;
};

/* Which unique key a conflicting member insert hit. */
enum store_member_key { STORE_KEY_NONE, STORE_KEY_EMAIL, STORE_KEY_HANDLE };

enum store_token_kind { STORE_TOKEN_CONFIRM = 1, STORE_TOKEN_RESET = 2 };

struct store_session {
	int64_t member_id;
	int64_t expires_at;
	bool bearer; /* an API token rather than a browser cookie */
};

#define STORE_HASH_LEN 32

/* Opens the store named by `url` ("sqlite:PATH"; later "postgresql://…").
 * Does not migrate.  Returns NULL (and logs why) on failure.  The caller
 * owns it: store_close(). */
store *store_open(const char *url);
void store_close(store *s);

/* Starts hearing of other nodes' changes (PostgreSQL: a thread with its
 * own connection LISTENing; SQLite: one node, nothing to do).  `rounds
 * serve` calls it once.  0 or STORE_ERR. */
int store_listen(store *s);

/* Says that what is cached under `topic` changed: every node's generation
 * for it moves on (this node's at once, the others' when the change is
 * delivered; a node that lost its listening connection moves every topic
 * on when it reconnects).  0 or an error. */
int store_changed(store *s, enum store_topic topic);

/* A number that changes whenever `topic` may have changed: a cache keeps
 * the generation it was filled at and refills when it differs.  Never
 * fails, never blocks. */
uint64_t store_generation(store *s, enum store_topic topic);

/* Scheduled work that must run once across the cluster, not once per
 * node: claims job `name` if it is due at `now` (or has never run), moving
 * its next run to now + every.  *claimed says whether this caller won and
 * should do the work now.  0 or an error. */
int store_job_claim(store *s, str name, int64_t now, int64_t every, bool *claimed);

/* Applies pending numbered migrations in one transaction each; returns the
 * schema version reached, or a negative error. */
int store_migrate(store *s);

/* Writes a consistent copy of the whole database to the file `path` while
 * the site keeps running (SQLite: the online backup API).  0 or STORE_ERR. */
int store_backup(store *s, const char *path);

/* 0 when the store answers a trivial query (for /healthz). */
int store_ping(store *s);

/* Members.  Email is compared case-insensitively (stored as typed,
 * matched by lower case).  create: STORE_ECONFLICT with *key saying which. */
int store_member_create(store *s, const struct store_member_new *m, int64_t *id, enum store_member_key *key);
int store_member_by_id(store *s, arena *a, int64_t id, struct store_member *out);
int store_member_by_handle(store *s, arena *a, str handle, struct store_member *out);
/* Fills pw_hash too. */
int store_member_by_email_auth(store *s, arena *a, str email, struct store_member *out);
int store_member_count(store *s, int64_t *out);
int store_member_update_profile(store *s, int64_t id, const struct store_profile *p);
int store_member_set_password(store *s, int64_t id, str pw_hash);
int store_member_set_roles(store *s, int64_t id, unsigned roles);
int store_member_set_suspended(store *s, int64_t id, bool suspended);
int store_member_set_verified(store *s, int64_t id, bool verified);
int store_member_confirm(store *s, int64_t id);
/* Deletes the account `id` in one transaction: its personal data is
 * erased (email, name, which becomes "Former member", handle, which
 * becomes former_ID, profile, password, roles, verification
 * applications); its sessions, tokens, connections and blocks go; it
 * leaves every conversation.  What the member wrote stays, attributed to
 * the former member (lookups by handle no longer find them; message
 * authors show an empty handle).  Their verification documents go too
 * (unless another member's application names the same bytes).  An audit
 * row records it.
 * STORE_ENOTFOUND when there is no such member, or it is deleted already. */
int store_member_delete(store *s, int64_t id, int64_t now);
/* The members directory: confirmed members who are not suspended, whose
 * name, handle or specialty hold every word of q (as in
 * store_member_search; empty q: everyone, by name), and whose country,
 * specialty, grade and type equal the given ones (empty: any). */
struct store_directory_query {
	str q, country, specialty, grade, type;
	int limit, offset; /* limit 1..100 */
};

/* One page of the directory into *out (arena copies, no pw_hash) and the
 * number of members matching in all into *total. */
int store_member_directory(store *s, arena *a, const struct store_directory_query *dq, struct store_member_list *out,
			   int64_t *total);

/* Members whose name, handle or specialty hold every word of `query`
 * (each as a prefix, case-insensitive), best match first, then newest:
 * SQLite FTS5 or PostgreSQL tsvector with a GIN index.  Any input is safe:
 * it is cut into words (store_search_words), never handed to the engine's
 * query syntax.  Up to `limit` (1..100) from `offset`; an empty query
 * gives no members.  Arena copies; pw_hash is not read. */
int store_member_search(store *s, arena *a, str query, int limit, int offset, struct store_member_list *out);

/* Doctor verification.  Each application is a row; a member has at most
 * one pending at a time.  status is "pending", "approved" or "rejected". */
struct store_verification {
	int64_t id, member_id;
	str authority, number, reg_name, name_key, note;
	str status, reason;
	int64_t created_at, decided_at, decided_by; /* decided_by 0: the register import */
	str member_name, member_handle, member_email; /* filled by the queue and get */
	/* The supporting document, if any: its upload's sha256 ("" for none),
	 * its type as sniffed, and the file name the member gave, as typed. */
	str document, document_type, document_name;
};

struct store_verification_list {
	struct store_verification *items;
	int n;
};

/* Files an application from v's member_id, authority, number, reg_name,
 * name_key, note and document fields, pending, at `now`.  The store does
 * not check that the document is a stored upload: the caller stores it
 * first (store_upload_put).  STORE_ECONFLICT when the member
 * already has one pending.  In the same transaction it is checked against
 * the imported registers: when its authority, number and name key match a
 * row that says "registered", it is approved at once (by the register,
 * decided_by 0), the member is verified, the audit log says so, and
 * *verified is true. */
int store_verification_apply(store *s, const struct store_verification *v, int64_t now, int64_t *id,
			     bool *verified);

/* One row of an authority's register, as imported.  status: "registered",
 * "erased" or "suspended".  name_key as regnum_name_key() makes it. */
struct store_register_row {
	str authority, number, name, name_key, status;
};

/* Gives the import its rows one at a time: 1 with *row filled (its slices
 * must live until the next call), 0 at the end, negative to abort (then
 * nothing is imported).  `restart` asks for the rows again from the first:
 * the store may run the import's transaction more than once. */
typedef int (*store_row_source)(void *ctx, bool restart, struct store_register_row *row);

/* What an import did.  The members lists hold id, email and name. */
struct store_import_result {
	int64_t rows;                        /* rows written, new or changed */
	struct store_member_list verified;   /* pending applications the register confirmed */
	struct store_member_list withdrawn;  /* verified doctors it lists as erased or suspended */
};

/* Imports a register extract in one transaction: every row is stored
 * (replacing the row for the same authority and number), then pending
 * applications that match a registered row (authority, number, name key)
 * are approved and their members verified, and verified doctors whose
 * approved application matches an erased or suspended row of this import
 * lose the verified flag; each change is in the audit log (actor 0).
 * Either all of it happens or none.  Lists are copied into `a`. */
int store_register_import(store *s, arena *a, store_row_source next, void *ctx, int64_t now,
			  struct store_import_result *out);
/* The member's latest application; STORE_ENOTFOUND if none. */
int store_verification_latest(store *s, arena *a, int64_t member_id, struct store_verification *out);
/* Every application of the member, oldest first (at most `limit`). */
int store_verification_history(store *s, arena *a, int64_t member_id, int limit, struct store_verification_list *out);
/* One application with its member's name, handle and email. */
int store_verification_get(store *s, arena *a, int64_t id, struct store_verification *out);
/* Pending applications, oldest first, `limit` (1..100) from `offset`. */
int store_verification_queue(store *s, arena *a, int limit, int offset, struct store_verification_list *out);
/* Decides a pending application in one transaction: its status, reason,
 * who (`editor`, 0 for the register) and when; approving also marks the
 * member verified; an audit row records it (verification.approve or
 * verification.reject, target member:ID, the reason).  STORE_ENOTFOUND when
 * the application is unknown or no longer pending (then nothing changed).
 * *member_id: the applicant. */
int store_verification_decide(store *s, int64_t id, int64_t editor, bool approve, str reason, int64_t now,
			      int64_t *member_id);

/* Uploaded files, content-addressed by SHA-256: the same bytes are kept
 * once.  SQLite keeps each file on disk beside the database (in
 * PATH.files/, as ab/abcdef… by its hash, written to a temporary name,
 * fsynced, renamed, the folder fsynced) and a row describing it;
 * PostgreSQL keeps the bytes in the database (bytea), so nodes share no
 * disk.  Files are never deleted: nothing yet collects uploads that no
 * row refers to any more (an erased member's document stays). */
#define STORE_SHA256_HEX 64
struct store_upload {
	char sha256[STORE_SHA256_HEX + 1]; /* lower-case hex */
	str mime;                          /* as sniffed when stored */
	int64_t size, created_at;
	const char *path; /* SQLite: the file to read (in the caller's arena); NULL on PostgreSQL */
	str bytes;        /* PostgreSQL: the bytes (in the caller's arena); empty on SQLite */
};
/* Stores the file at `tmp_path` (`size` bytes whose SHA-256 is `sha256`,
 * lower-case hex, type `mime`) unless those bytes are stored already
 * (then it only succeeds; the first mime and time stay).  Durable on
 * return: the file, then its row.  The store trusts the hash (the caller
 * computed it while receiving the bytes).  The caller keeps and removes
 * tmp_path.  STORE_ERR when the hash is not 64 lower-case hex digits,
 * mime is empty, or the file cannot be read or its size is not `size`;
 * STORE_EFULL when it cannot be written. */
int store_upload_put(store *s, const char *tmp_path, const char *sha256, int64_t size, str mime, int64_t now);
/* The stored file `sha256`: STORE_ENOTFOUND if none (or the hash is not
 * 64 lower-case hex digits).  On PostgreSQL the whole file is copied into
 * `a`, so the arena must have room for it. */
int store_upload_get(store *s, arena *a, const char *sha256, struct store_upload *out);

/* Connections between members.  A request from one to another, then
 * accepted; declining, withdrawing and removing delete it.  At most one
 * row per pair, whichever way it was asked. */
enum store_conn_state {
	STORE_CONN_NONE,
	STORE_CONN_OUTGOING, /* `me` asked `other`; waiting */
	STORE_CONN_INCOMING, /* `other` asked `me`; waiting for me */
	STORE_CONN_CONNECTED,
};
enum store_conn_list { STORE_CONN_LIST_CONNECTED, STORE_CONN_LIST_INCOMING, STORE_CONN_LIST_OUTGOING };

/* `from` asks `to`.  STORE_ECONFLICT when the pair already has a request
 * (either way) or a connection; STORE_ERR when from == to. */
int store_connection_request(store *s, int64_t from, int64_t to, int64_t now);
/* `me` answers `other`'s waiting request: accept connects, decline
 * deletes it.  STORE_ENOTFOUND when there is no such request. */
int store_connection_answer(store *s, int64_t me, int64_t other, bool accept, int64_t now);
/* Deletes whatever links the pair (a connection, or a request either
 * way).  STORE_ENOTFOUND when there was nothing. */
int store_connection_remove(store *s, int64_t me, int64_t other);
int store_connection_state(store *s, int64_t me, int64_t other, enum store_conn_state *out);
/* The member's connections (by name), or the requests waiting for them or
 * sent by them (newest first): id, name, handle, type, country, verified. */
int store_connection_list(store *s, arena *a, int64_t member, enum store_conn_list which, int limit, int offset,
			  struct store_member_list *out);

/* Blocks: a member blocks another, who can then neither message them
 * nor ask to connect.  Blocking also removes any connection or request
 * between the two, in the same transaction. */
/* STORE_ECONFLICT when already blocked; STORE_ERR when blocker == blocked. */
int store_block(store *s, int64_t blocker, int64_t blocked, int64_t now);
/* STORE_ENOTFOUND when there was no block. */
int store_unblock(store *s, int64_t blocker, int64_t blocked);
/* Whether `a` blocked `b` (*ab) and `b` blocked `a` (*ba). */
int store_block_state(store *s, int64_t a, int64_t b, bool *ab, bool *ba);
/* The members `blocker` blocked, newest first: id, name, handle, verified. */
int store_block_list(store *s, arena *a, int64_t blocker, int limit, int offset, struct store_member_list *out);

/* Private messages.  A conversation has 2..STORE_CONVERSATION_MAX
 * members; each keeps how many messages they have not read (`unread`), a
 * mute flag (muted conversations count in no total) and whether they
 * left (then it is gone for them: not listed, not readable).  Only its
 * current members may read or write it: no role reads a conversation it
 * is not in (editors see a message only through a report of it). */
#define STORE_CONVERSATION_MAX 20

struct store_message {
	int64_t id, conversation_id, author_id;
	str author_name, author_handle;
	bool author_verified;
	str body, body_html; /* Markdown source and its rendering; both "" once removed */
	int64_t created_at;
	bool removed; /* removed by the editors after a report */
};

struct store_message_list {
	struct store_message *items;
	int n;
};

struct store_conversation {
	int64_t id;
	str subject;
	int64_t created_by, created_at, last_message_at;
	str others;     /* the other current members' names, comma-separated (lists) */
	int64_t unread; /* for the reader */
	bool muted;
	struct store_member_list members; /* current members (get only): id, name, handle, verified */
};

struct store_conversation_list {
	struct store_conversation *items;
	int n;
};

/* A new message, as the handler made it (body_html from the Markdown). */
struct store_message_new {
	int64_t author;
	str body, body_html;
};

/* Starts a conversation of `author` with the members `to` (1..19 ids,
 * none the author, no repeats) and its first message, in one
 * transaction.  STORE_ECONFLICT with *blocked_by set when a recipient
 * blocked the author or the author blocked them (then nothing is
 * written).  *conv and *msg: the new ids. */
int store_conversation_start(store *s, const struct store_message_new *m, const int64_t *to, int nto, str subject,
			     int64_t now, int64_t *conv, int64_t *msg, int64_t *blocked_by);
/* Adds a message to conversation `conv`, in one transaction: counts it
 * unread for every other current member and read for the author.
 * STORE_ENOTFOUND unless the author is a current member; STORE_ECONFLICT
 * with *blocked_by when another current member blocked the author or was
 * blocked by them. */
int store_message_post(store *s, int64_t conv, const struct store_message_new *m, int64_t now, int64_t *msg,
		       int64_t *blocked_by);
/* The conversation as `reader` sees it, with its current members.
 * STORE_ENOTFOUND unless the reader is a current member. */
int store_conversation_get(store *s, arena *a, int64_t conv, int64_t reader, struct store_conversation *out);
/* Up to `limit` (1..100) messages of the conversation older than message
 * `before` (0: the newest), oldest first.  The caller has checked access
 * (store_conversation_get). */
int store_conversation_messages(store *s, arena *a, int64_t conv, int64_t before, int limit,
				struct store_message_list *out);
/* The reader's conversations, latest message first, and how many they have. */
int store_conversation_list(store *s, arena *a, int64_t reader, int limit, int offset,
			    struct store_conversation_list *out, int64_t *total);
/* What a member does to a conversation they are in.  STORE_ENOTFOUND
 * unless they are a current member. */
enum store_conv_action { STORE_CONV_READ, STORE_CONV_MUTE, STORE_CONV_UNMUTE, STORE_CONV_LEAVE };
int store_conversation_act(store *s, int64_t conv, int64_t member, enum store_conv_action act, int64_t now);
/* Messages `author` wrote (in any conversation, also ones they left),
 * with ids above `after`, oldest first, up to `limit` (1..100): their
 * data export pages through them. */
int store_messages_by_author(store *s, arena *a, int64_t author, int64_t after, int limit,
			     struct store_message_list *out);
/* Unread messages over the member's conversations that are not muted
 * (also given by store_session_member as m->unread_messages). */
int store_message_unread(store *s, int64_t member, int64_t *out);

/* Reports of messages to the editors.  status: "open", "dismissed",
 * "removed". */
struct store_report {
	int64_t id, message_id, reporter_id;
	str reporter_name, reporter_handle, reason, status, note;
	int64_t created_at, decided_at, decided_by;
	struct store_message message; /* the reported message alone */
};

struct store_report_list {
	struct store_report *items;
	int n;
};

/* `reporter` reports message `msg`.  STORE_ENOTFOUND unless the reporter
 * is a current member of its conversation and did not write it;
 * STORE_ECONFLICT when they already reported it. */
int store_message_report(store *s, int64_t msg, int64_t reporter, str reason, int64_t now, int64_t *id);
/* Open reports, oldest first, each with its message. */
int store_report_queue(store *s, arena *a, int limit, int offset, struct store_report_list *out);
/* Decides an open report in one transaction: dismissed, or the message
 * removed (its text erased; every open report of it closed as removed);
 * an audit row records it (message.remove or message.report_dismiss, the
 * editor, the note).  STORE_ENOTFOUND when the report is unknown or no
 * longer open. */
int store_report_decide(store *s, int64_t id, int64_t editor, bool remove, str note, int64_t now);

/* One-time tokens (email confirmation, password reset), stored hashed.
 * take: consumes a live token and gives its member; STORE_ENOTFOUND when
 * unknown, used or expired. */
int store_token_create(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN],
		       int64_t member_id, int64_t expires_at);
/* check: as take, without consuming (to show a form before the token is used). */
int store_token_check(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		      int64_t *member_id);
int store_token_take(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		     int64_t *member_id);

/* Uses a reset token: in one transaction, takes it, sets the password,
 * marks the email confirmed (the link proved it) and ends every session
 * of the member.  STORE_ENOTFOUND when the token is unknown, used or
 * expired; then nothing changed. */
int store_password_reset(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, str pw_hash,
			 int64_t *member_id);

/* Sessions, keyed by the hash of their token. */
int store_session_create(store *s, const unsigned char hash[STORE_HASH_LEN], const struct store_session *sess,
			 int64_t now);
int store_session_get(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, struct store_session *out);
/* The live session and its member, in one lookup (every signed-in request). */
int store_session_member(store *s, arena *a, const unsigned char hash[STORE_HASH_LEN], int64_t now,
			 struct store_session *sess, struct store_member *m);
int store_session_delete(store *s, const unsigned char hash[STORE_HASH_LEN]);
/* Ends every session of a member (password change, suspension). */
int store_session_delete_member(store *s, int64_t member_id);

/* Rate limits: counts a hit on `key` in a fixed window of `window` seconds
 * and gives the count so far in the window and when the window ends. */
int store_rate_hit(store *s, str key, int64_t now, int64_t window, int64_t *count, int64_t *reset_at);
/* Reads without counting. */
int store_rate_peek(store *s, str key, int64_t now, int64_t *count, int64_t *reset_at);
int store_rate_clear(store *s, str key);

/* Forgets what has run out: expired sessions, used or expired tokens,
 * rate-limit windows that have closed.  Safe to run on every node. */
int store_gc(store *s, int64_t now);

/* Site settings (key → text), e.g. the secret the CSRF tokens derive from. */
int store_setting_get(store *s, arena *a, str key, str *out);
/* Sets only when absent; then reads back whichever value won. */
int store_setting_init(store *s, arena *a, str key, str value, str *out);

/* The audit log of staff and operator actions.  actor 0 = the command line. */
int store_audit(store *s, int64_t actor, str action, str target, str detail);

#endif
