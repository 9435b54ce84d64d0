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
	/* Only filled by store_session_member, counted up to
	 * STORE_UNREAD_CAP: the header's badge, on every page. */
	int64_t unread_notifications;
};

/* How far store_session_member counts a member's unread notifications:
 * the badge says "99+" past it, and a page costs the same for a member
 * with thousands unread as for one with a hundred. */
#define STORE_UNREAD_CAP 100
#define STORE_UNREAD_CAP_SQL "100"
_Static_assert(STORE_UNREAD_CAP == 100, "STORE_UNREAD_CAP_SQL, and the badge's 99+ (response.c), spell the cap");

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
enum store_cache {
	STORE_CACHE_SETTINGS,
	STORE_CACHE_MAX
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
int store_changed(store *s, enum store_cache topic);

/* A number that changes whenever `topic` may have changed: a cache keeps
 * the generation it was filled at and refills when it differs.  Never
 * fails, never blocks. */
uint64_t store_generation(store *s, enum store_cache topic);

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

/* Checks the database for damage: on SQLite the file itself (PRAGMA
 * integrity_check), the foreign keys and each search index against its
 * table; on PostgreSQL every table and every B-tree index with amcheck
 * (the index against its table too).  Calls `problem` with a line of text
 * for each problem found.  Gives the number found (0: sound), or a
 * negative error when the check could not run (on PostgreSQL: amcheck is
 * not installed and the role may not install it). */
typedef void (*store_check_fn)(void *ctx, const char *problem);
int store_check(store *s, store_check_fn problem, void *ctx);

/* 0 when the store answers a trivial query (for /healthz). */
int store_ping(store *s);

/* A request that only reads (GET, HEAD) reads one snapshot: what this
 * thread reads between store_read_begin and store_read_end sees one
 * moment, and costs SQLite one read transaction (one WAL read lock)
 * instead of one for each statement.  A write in between ends the
 * snapshot first, so a write never works from a stale snapshot, and
 * reads after it see it.  PostgreSQL reads each statement as before. */
void store_read_begin(store *s); /* s may be NULL (no store: nothing to do) */
void store_read_end(store *s);

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
 * leaves every conversation, and every group it does not own (the
 * invitations waiting for it are withdrawn, its requests for groups
 * declined).  What the member wrote stays, attributed to
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
	int64_t count_max; /* the count stops here (0: counts them all) */
};

/* One page of the directory into *out (arena copies, no pw_hash) and the
 * number of members matching in all into *total, at most dq->count_max
 * when that is set (a page past it cannot be asked for). */
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
 * lose the verified flag, and the champion role, which needs it; each
 * change is in the audit log (actor 0).
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
/* Stores `bytes` (made in memory: a stripped picture, a generated cover)
 * as an upload of type `mime`: hashes them into sha (65 bytes), writes
 * them to a temporary file of its own for store_upload_put and removes
 * it.  0, STORE_EFULL when the temporary file cannot be written, or what
 * store_upload_put returns. */
int store_upload_put_bytes(store *s, str bytes, str mime, int64_t now, char sha[65]);
/* The stored file `sha256`: STORE_ENOTFOUND if none (or the hash is not
 * 64 lower-case hex digits).  On PostgreSQL the whole file is copied into
 * `a`, so the arena must have room for it. */
int store_upload_get(store *s, arena *a, const char *sha256, struct store_upload *out);
/* As store_upload_get without the bytes (out->bytes stays empty on
 * both backends): what a download needs to answer before it reads. */
int store_upload_stat(store *s, arena *a, const char *sha256, struct store_upload *out);
/* Reads `n` bytes at offset `off` of stored file `sha256` into buf (the
 * caller's): the range must lie within the file.  On SQLite from its
 * file; on PostgreSQL only those bytes leave the database.  0,
 * STORE_ENOTFOUND, or STORE_ERR when the range is outside or reading
 * fails. */
int store_upload_read(store *s, const char *sha256, int64_t off, size_t n, char *buf);

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

/* ---- Forums ----------------------------------------------------------
 *
 * Sections are fixed: open_clinical, closed_clinical, off_duty, and
 * group (each private group is a forum of its own in that section; see
 * Groups below).  Who may read or post in which section is
 * the policy's business, never the store's: lists that span forums take
 * the sections the reader may read as a bit mask (1u << enum store_section)
 * and return only topics of those sections.  Group forums are in no such
 * list whatever the mask says (their bit never matches), nor in
 * store_forum_list: a group's content is reached through its group only.
 *
 * A fresh database holds the structure migration 8 seeds: a clinical
 * forum per broad specialty in both clinical sections, and the off-duty
 * forums (journal club, book club, travel, cycling, medical parents,
 * musical medics).
 *
 * Counts (a forum's topics and posts, a topic's replies, a post's likes)
 * are kept by the writes in the same transaction, so lists never count.
 * Deleting is soft: rows stay, marked; deleted topics and posts are in no
 * list and no count.  Every staff action writes an audit row in the same
 * transaction (actor, action such as "topic.pin", target "topic:ID" or
 * "post:ID", the reason as detail). */
enum store_section {
	STORE_SECTION_OPEN_CLINICAL,
	STORE_SECTION_CLOSED_CLINICAL,
	STORE_SECTION_OFF_DUTY,
	STORE_SECTION_GROUP,
	STORE_SECTION_BLOG, /* a blog's comments: never in lists that span forums, as groups */
	STORE_SECTION_MAX
};
#define STORE_SECTIONS_ALL ((1u << STORE_SECTION_MAX) - 1u)

/* "open_clinical", … (the API's spelling and the column's); "" if out of range. */
const char *store_section_name(enum store_section sec);
/* The section named `name`, or -1. */
int store_section_parse(str name);

struct store_forum {
	int64_t id;
	str slug, name, description;
	enum store_section section;
	int64_t position; /* order within the section, ascending */
	bool archived;    /* read-only and out of lists of open forums */
	int64_t topic_count, post_count, last_post_at; /* live topics and posts */
	int64_t created_at;
};

struct store_forum_list {
	struct store_forum *items;
	int n;
};

/* Creates forum f (slug, name, description, section, position).
 * STORE_ECONFLICT when the slug is taken.  Audited (forum.create). */
int store_forum_create(store *s, const struct store_forum *f, int64_t actor, int64_t now, int64_t *id);
/* Sets forum f->id's name, description, position and archived flag
 * (the slug and section never change).  STORE_ENOTFOUND if no such forum.
 * Audited (forum.update). */
int store_forum_update(store *s, const struct store_forum *f, int64_t actor, int64_t now);
/* Every forum but the groups', by section then position then name;
 * archived ones only when `archived_too`. */
int store_forum_list(store *s, arena *a, bool archived_too, struct store_forum_list *out);
int store_forum_by_slug(store *s, arena *a, str slug, struct store_forum *out);
int store_forum_by_id(store *s, arena *a, int64_t id, struct store_forum *out);

/* Champions of a forum.  The member's ROLE_CHAMPION bit says they hold the
 * role at all; a row per forum says where: a champion acts in a forum
 * only with both (so taking the role away takes every forum at once).
 * set with `on`: adds the row and sets the bit; without: removes the row
 * (STORE_ENOTFOUND if there was none) and clears the bit when it was the
 * member's last forum.  One transaction, audited (champion.appoint or
 * champion.remove, target member:ID, detail the forum's slug).  The caller
 * checks that the member may be a champion (roles.c). */
int store_champion_set(store *s, int64_t forum, int64_t member, bool on, int64_t actor, int64_t now);
/* The forum's champions (holding the role bit too), by name: id, name,
 * handle, verified, roles. */
int store_champion_list(store *s, arena *a, int64_t forum, struct store_member_list *out);
/* Whether `member` champions `forum` (row and role bit). */
int store_champion_is(store *s, int64_t forum, int64_t member, bool *out);

struct store_topic {
	int64_t id, forum_id, author_id;
	str title;
	str author_name, author_handle;
	bool author_verified;
	str forum_slug, forum_name; /* filled by every read */
	enum store_section section;
	int64_t created_at, last_post_at, last_post_id;
	int64_t reply_count; /* live posts after the first */
	bool pinned, locked, deleted;
	str last_author_name, last_author_handle; /* the latest live post's author */
	/* For the reader given to the list (0: none): whether they have read
	 * it at all (`seen`) and whether posts came after what they read
	 * (`unread`: a topic never seen is unread too), and the last post
	 * their mark covers (0: none), so a page that adds nothing to it
	 * need not write. */
	bool seen, unread;
	int64_t read_post_id;
	/* What a cached page of its posts was read at (migration 21):
	 * topics.version, which moves on with any change to its posts, and
	 * cache_versions.authors, with any change to what posts show of
	 * their authors.  0: not read, so nothing may be cached by it. */
	int64_t version, authors;
};

struct store_topic_list {
	struct store_topic *items;
	int n;
};

struct store_post {
	int64_t id, topic_id, author_id;
	str author_name, author_handle; /* handle "" for a former member */
	bool author_verified;
	unsigned author_roles;
	bool author_champion; /* champions the topic's forum */
	str body, body_html;  /* both "" once deleted; body "" in store_topic_posts */
	int64_t created_at, edited_at; /* edited_at 0: never */
	int64_t edit_count, like_count;
	bool deleted, hidden, pick;
	bool liked;          /* by the reader given to the list */
	bool confirmed;      /* the author confirmed it holds no patient identifiers */
	int64_t number;      /* its place in the topic, from 1 (deleted posts keep theirs) */
	int64_t forum_id;    /* filled by store_post_get and store_post_by_author */
	enum store_section section; /* the same */
	str topic_title;     /* the same */
	str image;           /* its image's sha256, "" for none ("" once deleted) */
};

struct store_post_list {
	struct store_post *items;
	int n;
};

/* A new post as the handler made it: body_html rendered from body;
 * `confirmed` when the author confirmed a scan's findings hold no patient
 * identifiers; `mentions`: members to notify (ids, at most 20, none the
 * author). */
struct store_poll_new;
struct store_post_new {
	int64_t author;
	str body, body_html;
	bool confirmed;
	const int64_t *mentions;
	int nmentions;
	/* An image: a stored upload's sha256 ("" for none), as sniffed,
	 * metadata already stripped (the caller stores it first). */
	str image;
	/* A poll, for store_topic_create only (NULL for none). */
	const struct store_poll_new *poll;
};

/* Starts a topic in `forum` with its first post, in one transaction: the
 * forum's counts move, the author watches the topic and has read it,
 * mentions are notified.  STORE_ENOTFOUND when the forum does not exist;
 * STORE_ECONFLICT when it is archived. */
int store_topic_create(store *s, int64_t forum, str title, const struct store_post_new *p, int64_t now,
		       int64_t *topic, int64_t *post);
/* The topic (deleted ones too: the caller decides), with its forum's
 * slug, name and section.  `reader` (0: none) fills seen/unread. */
int store_topic_get(store *s, arena *a, int64_t id, int64_t reader, struct store_topic *out);
/* A forum's live topics: pinned first, then by latest post, newest first;
 * `limit` (1..100) from `offset`; *total counts them all. */
int store_topic_list(store *s, arena *a, int64_t forum, int64_t reader, int limit, int offset,
		     struct store_topic_list *out, int64_t *total);
/* Live topics of unarchived forums in the sections of `sections` (a mask),
 * by latest post, newest first.  With `unread_only` (and a reader), only
 * topics with posts the reader has not read, among those with posts since
 * `since` (the reader's joining: older topics count as read). */
int store_topic_latest(store *s, arena *a, unsigned sections, int64_t reader, bool unread_only, int64_t since,
		       int limit, int offset, struct store_topic_list *out);
/* Live topics a member started, newest first, in the given sections:
 * profile activity. */
int store_topic_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit,
			  struct store_topic_list *out);

/* Adds a reply to `topic`, in one transaction: counts and the topic's
 * latest post move; the author watches the topic and has read it; every
 * other watcher gets a "reply" notification and each mentioned member a
 * "mention" one (a watcher mentioned gets the mention only).
 * STORE_ENOTFOUND when the topic is missing or deleted; STORE_ECONFLICT
 * when it is locked or its forum archived. */
int store_post_create(store *s, int64_t topic, const struct store_post_new *p, int64_t now, int64_t *id);
/* One post with its topic_id, forum_id, section and number (deleted
 * and hidden ones too: the caller decides what to show). */
int store_post_get(store *s, arena *a, int64_t id, int64_t reader, struct store_post *out);
/* The topic's posts in order, deleted and hidden ones included (their
 * place is kept), `limit` (1..100) from `offset`; `reader` fills liked
 * and the champion flags.  A topic's posts are numbered 1..N without
 * gaps (a post is never removed, only marked deleted), so the page is
 * found by number through the (topic_id, number) index, and page 2,000
 * of a long topic costs what page 1 does. */
int store_topic_posts(store *s, arena *a, int64_t topic, int64_t reader, int limit, int offset,
		      struct store_post_list *out);
/* The same page of topic *t (read by store_topic_get just before) as
 * this node last read it when nothing it shows has changed since
 * (t->version and t->authors), else as store_topic_posts reads it.  The
 * topic page, a blog post's comments and their API answers read this. */
int store_topic_page(store *s, arena *a, const struct store_topic *t, int64_t reader, int limit, int offset,
		     struct store_post_list *out);
/* Sets each post's `liked`: whether `reader` (0: nobody) likes it. */
int store_posts_liked(store *s, int64_t reader, struct store_post_list *pl);
/* The bytes store_topic_page may keep per store handle, and how it has
 * done (page_cache.h).  store_page_cache_budget sets another budget (0:
 * keep nothing), before the handle is shared between threads. */
#define STORE_PAGE_CACHE_BYTES ((size_t)32 << 20)
void store_page_cache_budget(store *s, size_t bytes);
/* The database pages each connection opened from now on may keep
 * (SQLite's cache_size; at least STORE_DB_CACHE_MIN, STORE_DB_CACHE_BYTES
 * unless set): serve sets it from ROUNDS_CACHE_MB, before its threads
 * open theirs.  PostgreSQL keeps its pages in the server and ignores it. */
#define STORE_DB_CACHE_BYTES ((size_t)64 << 20)
#define STORE_DB_CACHE_MIN ((size_t)2 << 20)
void store_db_cache_budget(store *s, size_t bytes);
struct page_cache_stats;
void store_page_cache_stats(store *s, struct page_cache_stats *out);
/* Live posts a member wrote, newest first, in the given sections, with
 * topic_id and section: profile activity. */
int store_post_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit,
			 struct store_post_list *out);

/* Polls: a topic's first post may carry one ("what would you do?").
 * Single or multiple choice, 2..STORE_POLL_OPTIONS_MAX options, an
 * optional closing time.  A member votes once (one transaction: the
 * votes and the counts); results are the caller's to show (after voting
 * or after closing). */
#define STORE_POLL_OPTIONS_MAX 10
struct store_poll_new {
	str question;
	str options[STORE_POLL_OPTIONS_MAX];
	int noptions;
	bool multiple;
	int64_t closes_at; /* 0: never */
};
struct store_poll_option {
	int64_t id;
	str label;
	int64_t votes;
	bool mine; /* the reader chose it */
};
struct store_poll {
	int64_t topic_id;
	str question;
	bool multiple;
	int64_t closes_at;
	struct store_poll_option options[STORE_POLL_OPTIONS_MAX]; /* in order */
	int noptions;
	int64_t voters;
	bool voted; /* by the reader */
};
/* The topic's poll as `reader` (0: none) sees it.  STORE_ENOTFOUND when
 * the topic has none. */
int store_poll_get(store *s, arena *a, int64_t topic, int64_t reader, struct store_poll *out);
/* `member` votes for options `opts` (ids, 1..noptions of them, no
 * repeats; one unless multiple) of topic's poll at `now`.  STORE_ENOTFOUND
 * when there is no poll or an option is not its own; STORE_ECONFLICT when
 * the member voted already, the poll closed (closes_at <= now), or
 * several options were given to a single-choice poll.  Nothing is written
 * on any error. */
int store_poll_vote(store *s, int64_t topic, int64_t member, const int64_t *opts, int n, int64_t now);

/* Live posts whose authors confirmed the guard's findings held no patient
 * identifiers, newest first, with topic_id, forum_id, section and
 * topic_title: the editors' list. */
int store_post_confirmed_list(store *s, arena *a, int limit, int offset, struct store_post_list *out);

/* Live posts a member wrote with ids above `after`, oldest first, up to
 * `limit` (1..100), in every section, with topic_id, forum_id, section
 * and topic_title: their data export pages through them. */
int store_posts_for_export(store *s, arena *a, int64_t author, int64_t after, int limit, struct store_post_list *out);

/* One earlier version of a post. */
struct store_post_edit {
	int64_t id, post_id, editor_id;
	str editor_name, editor_handle;
	str body; /* the text before this edit */
	int64_t edited_at;
};
struct store_post_edit_list {
	struct store_post_edit *items;
	int n;
};
/* Replaces post `id`'s body (and its confirmed flag) in one transaction,
 * keeping the text it had as an edit row by `editor`; the first post's
 * edit may change its topic's title too (`title` non-empty).
 * STORE_ENOTFOUND if the post is missing or deleted.  Mentions new in
 * this text are notified.  An edit by someone other than the author is
 * audited (post.edit). */
int store_post_edit(store *s, int64_t id, int64_t editor, str title, const struct store_post_new *p, int64_t now);
/* A post's earlier versions, newest first. */
int store_post_history(store *s, arena *a, int64_t post, struct store_post_edit_list *out);
/* Soft-deletes post `id` by `actor` (its text erased from lists, kept in
 * the row for the audit), moving the counts; deleting a topic's first
 * post deletes the topic.  `staff`: audited (post.delete) with `reason`.
 * STORE_ENOTFOUND when missing or deleted already. */
int store_post_delete(store *s, int64_t id, int64_t actor, bool staff, str reason, int64_t now);
/* Likes (`on`) or unlikes a post: STORE_ECONFLICT when already so.  A
 * like notifies the author ("like"), once per liker and post. */
int store_post_like(store *s, int64_t post, int64_t member, bool on, int64_t now);

/* What champions (in their forums) and editors do to topics and posts;
 * each one transaction with its audit row (topic.pin, topic.unpin,
 * topic.lock, topic.unlock, topic.move, post.pick, post.unpick,
 * post.hide, post.unhide) and, for a post, a "moderation" notification to
 * its author.  Move takes `arg`: the forum to move to (the caller checks
 * it is in the same section).  STORE_ENOTFOUND when the topic or post is
 * missing or deleted, or the target forum is missing. */
enum store_mod {
	STORE_MOD_PIN,
	STORE_MOD_UNPIN,
	STORE_MOD_LOCK,
	STORE_MOD_UNLOCK,
	STORE_MOD_MOVE,
	STORE_MOD_PICK,
	STORE_MOD_UNPICK,
	STORE_MOD_HIDE,
	STORE_MOD_UNHIDE,
	STORE_MOD_MAX
};
/* "topic.pin", … for the audit log and the API. */
const char *store_mod_name(enum store_mod m);
int store_topic_moderate(store *s, int64_t topic, enum store_mod m, int64_t arg, int64_t actor, str reason,
			 int64_t now);
int store_post_moderate(store *s, int64_t post, enum store_mod m, int64_t actor, str reason, int64_t now);

/* Reading and watching.  The reader has read `topic` up to post `post`
 * (the mark only moves forward). */
int store_topic_read(store *s, int64_t member, int64_t topic, int64_t post, int64_t now);
int store_topic_watch(store *s, int64_t member, int64_t topic, bool on, int64_t now);
int store_topic_watching(store *s, int64_t member, int64_t topic, bool *out);

/* In-site notifications.  kind: "reply", "mention", "like", "moderation".
 * Each carries the topic (title, section) so the caller can check the
 * reader still may see it before showing it.  Nobody outside a group is
 * ever notified about its topics (the writes check membership). */
struct store_notification {
	int64_t id, member_id, actor_id, topic_id, post_id;
	int64_t forum_id; /* the topic's forum (a group's membership decides there) */
	str kind, actor_name, actor_handle, topic_title;
	enum store_section section;
	int64_t created_at;
	bool read;
};
struct store_notification_list {
	struct store_notification *items;
	int n;
};
/* The member's notifications, newest first, and how many are unread. */
int store_notification_list(store *s, arena *a, int64_t member, int limit, int offset,
			    struct store_notification_list *out, int64_t *unread);
/* Marks one notification (id) or all of them (id 0) read. */
int store_notification_read(store *s, int64_t member, int64_t id, int64_t now);

/* Flags: members flag posts to the staff.  reason: "patient_identifiers",
 * "abuse", "spam", "misinformation", "other"; status "open", "dismissed",
 * "hidden", "deleted". */
struct store_flag {
	int64_t id, post_id, reporter_id, topic_id, forum_id;
	str reporter_name, reporter_handle, reason, note, status, decision_note;
	int64_t created_at, decided_at, decided_by;
	str topic_title, forum_name;
	struct store_post post; /* the flagged post (body included) */
};
struct store_flag_list {
	struct store_flag *items;
	int n;
};
/* STORE_ENOTFOUND when the post is missing or deleted; STORE_ECONFLICT when
 * the reporter has an open flag on it already. */
int store_flag_create(store *s, int64_t post, int64_t reporter, str reason, str note, int64_t now, int64_t *id);
/* Open flags, oldest first: every forum's (champion 0: editors), or only
 * those in forums `champion` champions. */
int store_flag_queue(store *s, arena *a, int64_t champion, int limit, int offset, struct store_flag_list *out);
int store_flag_get(store *s, arena *a, int64_t id, struct store_flag *out);
/* Decides an open flag in one transaction: "dismiss", "hide" (the post is
 * hidden) or "delete" (soft-deleted, as store_post_delete by staff); every
 * other open flag on the same post closes with it; audited (flag.dismiss,
 * flag.hide, flag.delete, target post:ID, the note).  STORE_ENOTFOUND
 * when the flag is unknown or no longer open. */
int store_flag_decide(store *s, int64_t id, int64_t actor, str decision, str note, int64_t now);

/* The audit log, newest first, optionally only actions starting with
 * `action_prefix` ("" any) and by `actor` (-1 any). */
struct store_audit_row {
	int64_t id, at, actor;
	str actor_name, actor_handle, action, target, detail;
};
struct store_audit_list {
	struct store_audit_row *items;
	int n;
};
int store_audit_list(store *s, arena *a, str action_prefix, int64_t actor, int limit, int offset,
		     struct store_audit_list *out);

/* ---- Groups ----------------------------------------------------------
 *
 * A private group is a forum in section "group" (its slug, name and
 * description are the forum's: the group's address, name and purpose)
 * with a row in `groups` keyed by that forum's id, so its topics and
 * posts are the forums' own.  A member requests one; the forum row is
 * made at once (so the slug is reserved), pending.  An editor approves
 * (the requester becomes its owner and first member) or declines.  The
 * owner hands over, appoints co-owners, archives; owners and co-owners
 * invite (a member, or an email address that is claimed by whoever holds
 * it when they sign in) and remove members.  Editors suspend.
 *
 * While a group is archived or suspended its forum is archived, so the
 * forum writes refuse new topics and replies (STORE_ECONFLICT).  Counts
 * of members are kept by the writes.  Every change is one transaction
 * with its audit row (group.request, group.approve, group.decline,
 * group.archive, group.unarchive, group.suspend, group.unsuspend,
 * group.invite, group.invite_revoke, group.join, group.leave,
 * group.remove, group.role, group.handover; target "group:ID"). */
enum store_group_status {
	STORE_GROUP_PENDING,
	STORE_GROUP_DECLINED,
	STORE_GROUP_ACTIVE,
	STORE_GROUP_ARCHIVED,
	STORE_GROUP_SUSPENDED,
	STORE_GROUP_STATUS_MAX
};
/* "pending", "declined", "active", "archived", "suspended"; and back (-1). */
const char *store_group_status_name(enum store_group_status st);
int store_group_status_parse(str name);

/* A member's place in a group, weakest first. */
enum store_group_role {
	STORE_GROUP_NONE,
	STORE_GROUP_MEMBER,
	STORE_GROUP_COOWNER,
	STORE_GROUP_OWNER,
	STORE_GROUP_ROLE_MAX
};
/* "", "member", "coowner", "owner"; and back (-1; "" is not parsed). */
const char *store_group_role_name(enum store_group_role role);
int store_group_role_parse(str name);

struct store_group {
	int64_t id; /* its forum's id */
	str slug, name, purpose, audience;
	bool clinical; /* the confidentiality guard applies */
	enum store_group_status status;
	int64_t requester_id;
	str requester_name, requester_handle;
	int64_t owner_id; /* 0 until approved */
	str owner_name, owner_handle;
	str reason; /* the editor's reason with the last decision */
	int64_t decided_at;
	int64_t member_count, topic_count, post_count, last_post_at, created_at;
	enum store_group_role role; /* the reader's (the member given to the call; NONE for 0) */
};
struct store_group_list {
	struct store_group *items;
	int n;
};

/* Requests group g (slug, name, purpose, audience, clinical) for
 * `requester`: its forum and its row, pending.  STORE_ECONFLICT when the
 * slug is taken (by any forum or group). */
int store_group_request(store *s, const struct store_group *g, int64_t requester, int64_t now, int64_t *id);
/* One group (any status) by id or slug, `reader`'s role in it filled.
 * STORE_ENOTFOUND when there is none. */
int store_group_get(store *s, arena *a, int64_t id, int64_t reader, struct store_group *out);
int store_group_by_slug(store *s, arena *a, str slug, int64_t reader, struct store_group *out);
/* The groups `member` belongs to (any status but pending and declined),
 * then the groups they requested that are pending or declined; by name. */
int store_group_mine(store *s, arena *a, int64_t member, struct store_group_list *out);
/* Every group with status `status` (-1: any), for the editors: pending
 * oldest first, the rest by name; `limit` (1..100) from `offset`. */
int store_group_list(store *s, arena *a, int status, int limit, int offset, struct store_group_list *out);
/* `member`'s role in group `id` and the group's status (one lookup, on
 * every read of group content).  A missing group gives NONE and
 * STORE_ENOTFOUND. */
int store_group_role(store *s, int64_t id, int64_t member, enum store_group_role *role,
		     enum store_group_status *status);

/* An editor's decision on a pending group: approve (the requester
 * becomes its owner and first member; status active) or decline (with
 * the reason).  STORE_ENOTFOUND when there is no such group;
 * STORE_ECONFLICT when it is not pending. */
int store_group_decide(store *s, int64_t id, bool approve, str reason, int64_t editor, int64_t now);
/* Moves a group to `to`: archived from active and back (its owner);
 * suspended from active or archived, and back to active (editors).
 * The forum's archived flag follows; suspending marks every unread
 * notification about the group read.  STORE_ENOTFOUND when there is no
 * such group; STORE_ECONFLICT when the move is not one of those. */
int store_group_set_status(store *s, int64_t id, enum store_group_status to, str reason, int64_t actor,
			   int64_t now);

struct store_group_member {
	int64_t member_id;
	str name, handle;
	bool verified, suspended;
	enum store_group_role role;
	int64_t joined_at;
};
struct store_group_member_list {
	struct store_group_member *items;
	int n;
};
/* The group's members: owner, co-owners, members, each by name. */
int store_group_members(store *s, arena *a, int64_t id, struct store_group_member_list *out);
/* Sets `member`'s role in group `id` by `actor`:
 *  - NONE removes them (leaving when actor == member): they stop
 *    watching its topics and its unread notifications are marked read;
 *  - MEMBER or COOWNER changes a member's role;
 *  - OWNER hands the group over: the owner until now becomes a co-owner.
 * STORE_ENOTFOUND when `member` is not in the group; STORE_ECONFLICT
 * when the change would leave it without its owner (removing the owner,
 * giving the owner a lesser role) or changes nothing. */
int store_group_member_set(store *s, int64_t id, int64_t member, enum store_group_role role, int64_t actor,
			   int64_t now);

/* Invitations: to a member (member_id) or to an email address that no
 * member had when invited (member_id 0, email set).  An email invitation
 * is for whoever holds that address when they look (registering with it
 * is how a newcomer claims it).  status "pending", "accepted",
 * "declined", "revoked". */
struct store_group_invitation {
	int64_t id, group_id, member_id, inviter_id;
	str email; /* "" for an invitation to a member */
	str member_name, member_handle; /* "" for an email one */
	str inviter_name, inviter_handle;
	str status;
	int64_t created_at;
	str group_slug, group_name, group_purpose;
};
struct store_group_invitation_list {
	struct store_group_invitation *items;
	int n;
};
/* `inviter` invites `member` (or, with member 0, the address `email`) to
 * group `id`.  STORE_ENOTFOUND when the group or member is missing;
 * STORE_ECONFLICT when they are in the group already or a pending
 * invitation to them (or to their email) exists. */
int store_group_invite(store *s, int64_t id, int64_t member, str email, int64_t inviter, int64_t now,
		       int64_t *out);
/* A group's pending invitations, newest first (its owners' list). */
int store_group_invitations(store *s, arena *a, int64_t id, struct store_group_invitation_list *out);
/* Pending invitations to `member` or to their address `email`, in
 * groups that are active, newest first. */
int store_invitations_for(store *s, arena *a, int64_t member, str email, struct store_group_invitation_list *out);
/* One invitation, any status.  STORE_ENOTFOUND when there is none. */
int store_invitation_get(store *s, arena *a, int64_t id, struct store_group_invitation *out);
/* `member` (whose address is `email`) answers invitation `id`: accept
 * (they join as a member; the invitation becomes theirs) or decline.
 * STORE_ENOTFOUND unless it is pending and to them (or to their email)
 * and its group active; STORE_ECONFLICT when accepting while in the group
 * already (then nothing changes). */
int store_invitation_answer(store *s, int64_t id, int64_t member, str email, bool accept, int64_t now);
/* An owner withdraws a pending invitation of group `group`.
 * STORE_ENOTFOUND unless it is pending and that group's. */
int store_invitation_revoke(store *s, int64_t id, int64_t group, int64_t actor, int64_t now);

/* ---- Blogs -----------------------------------------------------------
 *
 * A blog is a forum in section "blog" (its slug, name and description are
 * the blog's address /b/SLUG, title and about) with a row in `blogs` keyed
 * by that forum's id and naming its blogger.  A member applies; an editor
 * approves (in one transaction the forum and blog rows are made and the
 * member gains ROLE_BLOGGER) or declines with a reason.
 *
 * A blog post is a row of its own: title, slug (unique in its blog, never
 * changed), summary, Markdown body and its HTML, cover (an upload's
 * sha256, "" for none), up to STORE_BLOG_TAGS_MAX tags, and a status:
 *   draft        its blogger's alone;
 *   scheduled    with publish_at: store_blog_publish_due publishes it then;
 *   published    public; published_at is the first publication's time
 *                (kept when a post is taken down and published again);
 *   unpublished  taken down by its blogger; theirs alone again.
 * Every edit of title, summary or body keeps the version before it in
 * blog_post_revisions.  Lists for readers hold published posts only.
 *
 * Comments are a forum topic in the blog's forum, made the first time the
 * post is published (its title the post's, its first post the summary,
 * by the blogger), so comments are its replies with the forums' flags,
 * moderation and notifications; topic_id names it.  While the post is not
 * published its topic is deleted (deleted_at set, so no path to forum
 * content reaches it) and publishing again restores it.  Closing comments
 * locks the topic.  No topic moves into or out of a blog's forum, and
 * store_forum_list leaves blog forums out.
 *
 * Editors feature published posts (the home page, the promotion queue,
 * the featured feed) and mark each shared per network.  Each change is one
 * transaction with its audit row (blog.apply, blog.approve, blog.decline,
 * blog_post.feature, blog_post.unfeature, blog_post.share; target
 * "blog_application:ID", "blog:ID" or "blog_post:ID"). */
enum store_blog_status {
	STORE_BLOG_DRAFT,
	STORE_BLOG_SCHEDULED,
	STORE_BLOG_PUBLISHED,
	STORE_BLOG_UNPUBLISHED,
	STORE_BLOG_STATUS_MAX
};
/* "draft", "scheduled", "published", "unpublished"; and back (-1). */
const char *store_blog_status_name(enum store_blog_status st);
int store_blog_status_parse(str name);

#define STORE_BLOG_TAGS_MAX 8

struct store_blog_application {
	int64_t id, member_id;
	str member_name, member_handle;
	bool member_verified;
	str blog_title, about, sample;
	str status; /* "pending", "approved", "declined" */
	str reason; /* the editor's, with a decision */
	int64_t created_at, decided_at;
	int64_t blog_id;  /* the blog made on approval (0 before) */
	str blog_slug;    /* its slug ("" before) */
};
struct store_blog_application_list {
	struct store_blog_application *items;
	int n;
};

/* `member` applies to blog.  STORE_ECONFLICT when they have a pending
 * application or a blog already. */
int store_blogger_apply(store *s, int64_t member, str blog_title, str about, str sample, int64_t now, int64_t *id);
/* Applications of `member` (0: everyone's) with status `status` ("":
 * any): pending oldest first, the rest newest first; `limit` (1..100)
 * from `offset`. */
int store_blogger_applications(store *s, arena *a, int64_t member, str status, int limit, int offset,
			       struct store_blog_application_list *out);
int store_blogger_application_get(store *s, arena *a, int64_t id, struct store_blog_application *out);
/* An editor decides a pending application.  Approving makes the blog at
 * `slug` (its title the application's, its about the application's
 * about), gives the member ROLE_BLOGGER and sets *blog; declining keeps
 * the reason.  STORE_ENOTFOUND when there is no such application;
 * STORE_ECONFLICT when it is not pending, the member has a blog already,
 * or (approving) the slug is taken by any forum, group or blog. */
int store_blogger_decide(store *s, int64_t id, bool approve, str slug, str reason, int64_t editor, int64_t now,
			 int64_t *blog);

struct store_blog {
	int64_t id; /* its forum's id */
	str slug, title, about;
	int64_t owner_id;
	str owner_name, owner_handle;
	bool owner_verified;
	int64_t post_count;        /* published posts */
	int64_t last_published_at; /* of its newest published post (0: none) */
	int64_t created_at;
};
struct store_blog_list {
	struct store_blog *items;
	int n;
};
/* One blog by id, by slug, or the blog `owner` keeps.  STORE_ENOTFOUND
 * when there is none. */
int store_blog_get(store *s, arena *a, int64_t id, struct store_blog *out);
int store_blog_by_slug(store *s, arena *a, str slug, struct store_blog *out);
int store_blog_of(store *s, arena *a, int64_t owner, struct store_blog *out);
/* Blogs with a published post, newest post first, then the rest by
 * title; `limit` (1..100) from `offset`. */
int store_blog_list(store *s, arena *a, int limit, int offset, struct store_blog_list *out);
/* Sets blog `id`'s title and about (the slug never changes).
 * STORE_ENOTFOUND when there is none. */
int store_blog_update(store *s, int64_t id, str title, str about, int64_t now);

struct store_blog_post {
	int64_t id, blog_id, author_id;
	str blog_slug, blog_title;
	str author_name, author_handle;
	bool author_verified;
	str slug, title, summary, body, body_html;
	str cover; /* an upload's sha256, "" for none */
	str tags[STORE_BLOG_TAGS_MAX]; /* lower case, sorted */
	int ntags;
	enum store_blog_status status;
	int64_t publish_at;   /* scheduled: when (0 otherwise) */
	int64_t published_at; /* first publication (0: never published) */
	int64_t created_at, updated_at;
	int64_t edit_count;
	int64_t topic_id;     /* its comments (0 until first published) */
	int64_t comment_count; /* live replies in that topic */
	bool comments_closed; /* the topic is locked */
	int64_t featured_at;  /* 0: not featured */
	str shared;           /* networks marked shared, comma-separated, sorted ("" none) */
};
struct store_blog_post_list {
	struct store_blog_post *items;
	int n;
};

/* Writes a new post p (blog_id, author_id, slug, title, summary, body,
 * body_html, cover, tags, status draft/scheduled/published, publish_at
 * for scheduled).  Published: published_at is now and its comments topic
 * is made.  STORE_ECONFLICT when the slug is taken in that blog;
 * STORE_ENOTFOUND when there is no such blog. */
int store_blog_post_create(store *s, const struct store_blog_post *p, int64_t now, int64_t *id);
/* Sets post p->id's title, summary, body, body_html, cover, tags,
 * status, publish_at and comments_closed, by `actor`, keeping the former
 * title, summary and body in a revision when one of them changed (and
 * counting the edit).  Moving to published: published_at set the first
 * time, its topic made or restored; away from published: its topic
 * deleted.  STORE_ENOTFOUND when there is no such post. */
int store_blog_post_update(store *s, const struct store_blog_post *p, int64_t actor, int64_t now);
/* One post, any status, by id, by blog and slug, or by its comments
 * topic.  STORE_ENOTFOUND when there is none. */
int store_blog_post_get(store *s, arena *a, int64_t id, struct store_blog_post *out);
int store_blog_post_by_slug(store *s, arena *a, int64_t blog, str slug, struct store_blog_post *out);
int store_blog_post_by_topic(store *s, arena *a, int64_t topic, struct store_blog_post *out);

/* Which posts a list holds. */
struct store_blog_query {
	int64_t blog;  /* 0: every blog */
	str tag;       /* "" or STR_NULL: any */
	int status;    /* -1: published (the public lists); else that status (blog set) */
	bool featured; /* featured ones only, newest featured first */
	int limit, offset; /* limit 1..100 */
};
/* Posts by the query: published ones newest published first; featured
 * published ones newest featured first; other statuses (featured or not)
 * newest updated first.
 * Bodies are filled (the feeds carry them).  *total (may be NULL) is how
 * many match in all. */
int store_blog_posts(store *s, arena *a, const struct store_blog_query *q, struct store_blog_post_list *out,
		     int64_t *total);

struct store_blog_revision {
	int64_t id, post_id, editor_id;
	str title, summary, body;
	int64_t edited_at; /* when it was replaced */
};
struct store_blog_revision_list {
	struct store_blog_revision *items;
	int n;
};
/* The post's former versions, newest first. */
int store_blog_revisions(store *s, arena *a, int64_t post, struct store_blog_revision_list *out);

/* Publishes every scheduled post whose publish_at is at or before now
 * (as store_blog_post_update would: published_at, its topic), each once
 * even with several nodes sweeping; *n how many. */
int store_blog_publish_due(store *s, int64_t now, int *n);

/* An editor features (on) or unfeatures a post.  STORE_ENOTFOUND when
 * there is no such post; STORE_ECONFLICT when featuring one that is not
 * published or is featured already, or unfeaturing one that is not. */
int store_blog_feature(store *s, int64_t id, bool on, int64_t editor, int64_t now);
/* An editor marks a featured post shared on `network` (or not, with
 * `on` false).  STORE_ENOTFOUND when there is no such post or it is not
 * featured. */
int store_blog_share(store *s, int64_t id, str network, bool on, int64_t editor, int64_t now);

struct store_blog_tag {
	str tag;
	int64_t count; /* published posts */
};
struct store_blog_tag_list {
	struct store_blog_tag *items;
	int n;
};
/* The tags of published posts, most used first, then by name; at most
 * `limit` (1..100). */
int store_blog_tags(store *s, arena *a, int limit, struct store_blog_tag_list *out);

/* ---- Library -----------------------------------------------------------
 *
 * The e-library: items in ordered collections, run by editors.  An item is
 * a resource page (Markdown written by an editor, with attachments) or an
 * ebook (a PDF or EPUB file, with authors, publication date, ISBN), each
 * with a description, an optional cover (an upload's sha256) and an access
 * level: public, members or doctors (verified doctors).  Withdrawn items
 * stay (with their files and counts) for editors and reach no one else.
 *
 * Files are versioned by slot: slot 0 is an ebook's file, slots 1.. a
 * page's (or an ebook's) attachments.  Replacing a file adds the next
 * version in its slot; old versions are kept.  A file row names a stored
 * upload (store_upload_put first) with the file name it is offered under.
 *
 * Downloads are counted per item and UTC day (day = unix time / 86400),
 * added in batches (store_library_count), and each item keeps its total.
 * Each editor's change is one transaction with its audit row
 * (library.create, library.edit, library.withdraw, library.restore,
 * library.file, library_collection.create, library_collection.edit; target
 * "library:ID" or "library_collection:ID"). */
enum store_library_access {
	STORE_LIB_PUBLIC,
	STORE_LIB_MEMBERS,
	STORE_LIB_DOCTORS,
	STORE_LIB_ACCESS_MAX
};
/* "public", "members", "doctors"; and back (-1). */
const char *store_library_access_name(enum store_library_access a);
int store_library_access_parse(str name);

enum store_library_kind {
	STORE_LIB_PAGE,
	STORE_LIB_EBOOK,
	STORE_LIB_KIND_MAX
};
/* "page", "ebook"; and back (-1). */
const char *store_library_kind_name(enum store_library_kind k);
int store_library_kind_parse(str name);

#define STORE_LIBRARY_COLLECTIONS_MAX 8 /* collections one item is in */

struct store_library_collection {
	int64_t id;
	str slug, name, about; /* slug unique among collections, never changed */
	int64_t position;      /* lists go by position, then name */
	int64_t item_count;    /* items in it that are not withdrawn (any access) */
	int64_t created_at, updated_at;
};
struct store_library_collection_list {
	struct store_library_collection *items;
	int n;
};
/* An editor makes collection c (slug, name, about, position).
 * STORE_ECONFLICT when the slug is taken. */
int store_library_collection_create(store *s, const struct store_library_collection *c, int64_t editor,
				    int64_t now, int64_t *id);
/* Sets collection c->id's name, about and position.  STORE_ENOTFOUND when
 * there is none. */
int store_library_collection_update(store *s, const struct store_library_collection *c, int64_t editor,
				    int64_t now);
int store_library_collection_get(store *s, arena *a, int64_t id, struct store_library_collection *out);
int store_library_collection_by_slug(store *s, arena *a, str slug, struct store_library_collection *out);
/* Every collection, by position then name. */
int store_library_collections(store *s, arena *a, struct store_library_collection_list *out);

struct store_library_file {
	int64_t id, item_id;
	int64_t slot;    /* 0: an ebook's file; 1..: attachments */
	int64_t version; /* 1, 2, ... within its slot */
	str name;        /* the file name it is downloaded as ("guide.pdf") */
	str sha256, mime;
	int64_t size;
	int64_t created_by, created_at;
};
struct store_library_file_list {
	struct store_library_file *items;
	int n;
};

struct store_library_item {
	int64_t id;
	str slug; /* unique among items, never changed */
	enum store_library_kind kind;
	str title, authors, about; /* authors: as written ("A. Okafor, G. Lin"); about: plain text */
	str body, body_html;       /* a page's Markdown and its HTML ("" in lists) */
	enum store_library_access access;
	str cover;        /* an upload's sha256, "" for none */
	str published_on; /* "YYYY-MM-DD" or "" */
	str isbn;         /* digits only (10 or 13; an ISBN-10 may end in X), "" for none */
	int64_t withdrawn_at; /* 0: live */
	int64_t downloads;    /* in all */
	int64_t created_by, created_at, updated_at;
	int64_t collections[STORE_LIBRARY_COLLECTIONS_MAX]; /* ids, by collection position */
	int ncollections;
	struct store_library_file file; /* the newest version of slot 0 (id 0: none) */
};
struct store_library_item_list {
	struct store_library_item *items;
	int n;
};

/* An editor makes item `it` (slug, kind, title, authors, about, body,
 * body_html, access, cover, published_on, isbn, collections), with `file`
 * (NULL: none) as version 1 of slot 0 (its item_id, slot and version are
 * set by the store).  STORE_ECONFLICT when the slug is taken;
 * STORE_ENOTFOUND when a collection or the file's upload is unknown (then
 * nothing is written). */
int store_library_item_create(store *s, const struct store_library_item *it, const struct store_library_file *file,
			      int64_t editor, int64_t now, int64_t *id);
/* Sets item it->id's title, authors, about, body, body_html, access,
 * cover, published_on, isbn and collections (kind and slug stay).
 * STORE_ENOTFOUND when there is no such item or collection. */
int store_library_item_update(store *s, const struct store_library_item *it, int64_t editor, int64_t now);
/* Withdraws (on) or restores an item.  STORE_ENOTFOUND when there is none;
 * STORE_ECONFLICT when it is withdrawn already (or, restoring, is not). */
int store_library_item_withdraw(store *s, int64_t id, bool on, int64_t editor, int64_t now);
/* One item, withdrawn or not, with body and current file.
 * STORE_ENOTFOUND when there is none. */
int store_library_item_get(store *s, arena *a, int64_t id, struct store_library_item *out);
int store_library_item_by_slug(store *s, arena *a, str slug, struct store_library_item *out);

/* Adds file f to item f->item_id: in slot f->slot (0, or an attachment
 * slot the item has), as its next version; f->slot -1 starts a new
 * attachment slot.  f->name, sha256 (a stored upload), mime and size.
 * *id the new row's, *slot its slot (either may be NULL).
 * STORE_ENOTFOUND when there is no such item, slot or upload. */
int store_library_file_add(store *s, const struct store_library_file *f, int64_t editor, int64_t now,
			   int64_t *id, int64_t *slot);
/* Files of item `item`: with `all` every version, by slot then newest
 * version first; else the newest version of each slot, by slot. */
int store_library_files(store *s, arena *a, int64_t item, bool all, struct store_library_file_list *out);
/* One file row.  STORE_ENOTFOUND when there is none. */
int store_library_file_get(store *s, arena *a, int64_t id, struct store_library_file *out);

enum store_library_order {
	STORE_LIB_NEWEST,    /* newest made first */
	STORE_LIB_DOWNLOADS, /* most downloaded first, then newest */
	STORE_LIB_TITLE,     /* by title */
};
/* Which items a list holds. */
struct store_library_query {
	str q;              /* "" or STR_NULL: any; else words (letters and digits; at most 8, each
			       up to 64 bytes), every one of which begins a word of the title,
			       authors, about or body, through the search index (stemmed: "fracture"
			       finds "fractures"; case and, on SQLite, diacritics folded); text with
			       no word in it matches nothing */
	int64_t collection; /* 0: any */
	unsigned access;    /* a mask of 1u << enum store_library_access: the levels listed */
	bool withdrawn;     /* withdrawn items too (the editors' list) */
	enum store_library_kind kind; /* with `any_kind` false: that kind only */
	bool any_kind;
	enum store_library_order order;
	int limit, offset;  /* limit 1..100 */
};
/* Items by the query, without body or body_html.  *total (may be NULL)
 * is how many match in all. */
int store_library_items(store *s, arena *a, const struct store_library_query *q, struct store_library_item_list *out,
			int64_t *total);

struct store_library_count {
	int64_t item_id, day, n;
};
/* Adds each count's n to its item's day and total, in one transaction;
 * counts of items that no longer exist are dropped. */
int store_library_count(store *s, const struct store_library_count *c, int n);

struct store_library_day {
	int64_t day, n;
};
struct store_library_day_list {
	struct store_library_day *items;
	int n;
};
/* Item `item`'s downloads per day from day `since` on, oldest first
 * (days without downloads left out). */
int store_library_downloads(store *s, arena *a, int64_t item, int64_t since, struct store_library_day_list *out);

/* ---- Search ------------------------------------------------------------
 * One search over what a reader may see (store_search.c, the backends'
 * sqlite_search.c and pg_search.c).  SQLite keeps an FTS5 index per kind
 * (external content, kept in step by triggers in the writer's
 * transaction); PostgreSQL a stored tsvector column per kind with a GIN
 * index.  The caller says what the reader may see (decided by the policy
 * module); the store applies it inside the query, so a result the reader
 * may not open is never read, listed or counted. */
enum store_search_kind {
	STORE_SEARCH_TOPIC,   /* a topic, by its title */
	STORE_SEARCH_POST,    /* a post (reply or first post), by its body */
	STORE_SEARCH_BLOG,    /* a published blog post: title, summary, body */
	STORE_SEARCH_LIBRARY, /* a live library item: title, authors, about, body */
	STORE_SEARCH_MEMBER,  /* a member: name, handle, specialty */
	STORE_SEARCH_FORUM,   /* a forum or group: name, description */
	STORE_SEARCH_MESSAGE, /* a private message: its body */
	STORE_SEARCH_COMMENT, /* a comment on a published blog post (a reply in its topic): its body */
	STORE_SEARCH_KIND_MAX
};
#define STORE_SEARCH_KINDS_ALL ((1u << STORE_SEARCH_KIND_MAX) - 1u)
/* "topic", "post", "blog_post", "library_item", "member", "forum",
 * "message", "blog_comment"; "" if out of range.  parse: -1 if unknown. */
const char *store_search_kind_name(enum store_search_kind k);
int store_search_kind_parse(str name);

enum { STORE_SEARCH_TERMS = 16, STORE_SEARCH_PHRASE_WORDS = 8 };
/* One term of a query: a word, or a phrase of words in order.  Words are
 * letters and digits only (bytes >= 0x80 count as letters), ASCII in
 * lower case, at most 64 bytes: the parser (src/text/query.h) makes them,
 * and a backend builds its engine's query from them alone, quoting each,
 * so nothing typed is ever read as query syntax. */
struct store_search_term {
	str words[STORE_SEARCH_PHRASE_WORDS];
	int n;       /* 1: a word; more: a phrase */
	bool prefix; /* the last word matches as a prefix (typed with '*') */
};

/* A search: every term must match (AND), in any field of the kind. */
struct store_search_query {
	const struct store_search_term *terms;
	int nterms;            /* 1..STORE_SEARCH_TERMS */
	unsigned kinds;        /* a mask of 1u << enum store_search_kind */
	/* What the reader may see, from the policy module: */
	unsigned sections;     /* forum sections (1u << enum store_section) whose topics, posts and forums
				  may be listed; never STORE_SECTION_GROUP or _BLOG (groups: below) */
	const int64_t *groups; /* the forum ids of the groups whose content the reader may read */
	int ngroups;
	unsigned library;      /* library access levels (1u << enum store_library_access) the reader may
				  open; withdrawn items never match */
	int64_t reader;        /* messages: the reader's, in conversations they are a current member of
				  (0: no messages); with STORE_SEARCH_MEMBER set, the directory */
	/* The reader's filters, within the above: */
	int64_t forum;         /* 0: any; else topics and posts of that forum (or group) only (no
				  other kind is looked for) */
	int64_t author;        /* 0: any; else written by that member (topics, posts, blog posts,
				  messages, comments; the other kinds are not looked for) */
	int64_t since, until;  /* created (published, for blog posts) in [since, until); 0: open */
	int limit, offset;     /* limit 1..50, offset 0..STORE_SEARCH_WINDOW */
};

/* Ranking: for each kind the newest STORE_SEARCH_WINDOW matches the
 * reader may see are ranked (bm25, or ts_rank_cd), so a query's cost does
 * not grow with the site; results then go best first, newer first among
 * equals.  Totals count at most STORE_SEARCH_WINDOW per kind. */
enum { STORE_SEARCH_WINDOW = 1000 };

struct store_search_hit {
	enum store_search_kind kind;
	int64_t id;          /* the topic, post, blog post, item, member, forum, message or comment */
	int64_t parent;      /* post: its topic; blog post: its blog; message: its conversation;
				comment: its blog post; else 0 */
	int64_t forum_id;    /* topics, posts, forums: the forum (or group); comments: the blog */
	enum store_section section; /* topics, posts, forums */
	str title;           /* topic, blog post or item title; member or forum name; a post's topic's
				title; a message's conversation subject; a comment's blog post's title */
	str slug;            /* blog post, item, forum: its slug; member: handle; comment: its
				blog post's slug */
	str parent_slug;     /* blog post, comment: the blog's slug */
	int64_t number;      /* comment: its number in its post's topic (2: the first comment),
				which places it on the post's pages; else 0 */
	str snippet;         /* up to ~240 bytes of the matched text, each matched word between
				STORE_MARK_ON and STORE_MARK_OFF; raw text, to be escaped */
	int64_t author_id;   /* topics, posts, blog posts, messages, comments; else 0 */
	str author_name, author_handle; /* a library item: its authors as written, no handle */
	int64_t created_at;  /* published, for a blog post */
	double score;        /* higher is better, comparable across kinds of one search: the
				engine's rank over the best of its kind in this search (0..1),
				times the kind's weight (titles and names 1, blog posts and
				library items 0.9, posts, messages and comments 0.8;
				store_search.h) */
};
#define STORE_MARK_ON "\x01"
#define STORE_MARK_OFF "\x02"
struct store_search_result {
	struct store_search_hit *items;
	int n;
	int64_t total;       /* matches the reader may see, all kinds, at most WINDOW per kind */
	int64_t kind_total[STORE_SEARCH_KIND_MAX];
};
/* Runs the query into *out (arena copies).  An empty or bad query
 * (nterms 0, limits out of range): STORE_ERR, nothing read. */
int store_search(store *s, arena *a, const struct store_search_query *q, struct store_search_result *out);

/* ---- Page views and the dashboard ----------------------------------------
 * (helper dash-store: store_dashboard.c, the backends' sqlite_dashboard.c
 * and pg_dashboard.c; migration 15.)
 *
 * Page views are counted per UTC day (day = unix time / 86400) and bucket
 * ("home", "forums:open_clinical", "blogs", ...), and per month (named by
 * the day number of its first day), kind and item for topics, blog posts
 * and library items; both are added in batches (store_views_add) and kept
 * for good.  Unique signed-in readers are counted per day as 16-byte
 * hashes keyed by a random salt of that day (store_views_salt); when a
 * later day's salt is first asked for, every earlier day closes: its
 * reader count is kept, its hashes are deleted and its salt is set NULL,
 * so no one can tell afterwards who read.  Nothing here names a member or
 * an address.
 *
 * The dashboard's member figures read members.verified_at: when a member
 * became verified (0 while not), kept in step by every write that sets the
 * verified flag (store_member_create, store_member_set_verified,
 * verification decisions, the register import, account deletion).
 *
 * Every function refuses malformed input with STORE_ERR (logged) before
 * anything is read or written. */
enum store_view_kind { STORE_VIEW_TOPIC, STORE_VIEW_BLOG_POST, STORE_VIEW_LIBRARY_ITEM, STORE_VIEW_KIND_MAX };
/* "topic", "blog_post", "library_item"; "" out of range. */
const char *store_view_kind_name(enum store_view_kind k);

/* The month day `day` falls in (the day number of its first day), and
 * the month after month `month` (a first day's number).  Day 0 is
 * 1970-01-01. */
int64_t store_month_of(int64_t day);
int64_t store_month_next(int64_t month);

#define STORE_VIEWS_DAY_MAX 10000000 /* about the year 29349: days beyond are refused */
#define STORE_VIEWS_N_MAX 1000000000 /* one count's n at most */
#define STORE_VIEWS_BUCKET_MAX 32    /* bytes */

struct store_view_count {
	int64_t day;
	str bucket;    /* 1..32 bytes of [a-z_:] */
	int kind;      /* enum store_view_kind, or -1: no page of those kinds */
	int64_t item_id; /* with kind >= 0: the topic, blog post or item (>= 1) */
	int64_t n;     /* 1..STORE_VIEWS_N_MAX */
};
/* Adds each count's n to page_views(day, bucket) and, with kind >= 0, to
 * page_view_items(month of day, kind, item_id), in one transaction: all or
 * nothing.  A batch with any malformed count (day outside
 * 0..STORE_VIEWS_DAY_MAX, bad bucket, kind, item or n) is refused whole:
 * STORE_ERR, nothing written.  Items are not checked to exist (the top
 * lists leave out what is gone).  n == 0: nothing to do, 0. */
int store_views_add(store *s, const struct store_view_count *c, int n);

/* The salt of `day` into salt[32]: made by the first caller (32 random
 * bytes; INSERT .. ON CONFLICT DO NOTHING, then read back, so every node
 * gets the same one), and in the same transaction every earlier open day
 * is closed (its readers counted and kept, its reader rows deleted, its
 * salt set NULL).  STORE_ECONFLICT (salt zeroed, nothing written) when
 * `day` is closed already, or a later day has a salt: its readers can no
 * longer be counted, and the caller counts none for it. */
int store_views_salt(store *s, int64_t day, unsigned char salt[32]);

/* Adds the reader hashes h[0..n) seen on `day` (a hash already there, or
 * twice in h, counts once), in one transaction.  A day that is not open
 * (never salted, or closed) takes none: they are dropped and 0 returned. */
int store_views_readers(store *s, int64_t day, const unsigned char (*h)[16], int n);

struct store_views_day {
	int64_t day, views, readers; /* readers: a closed day's stored count; an open day's live count */
};
struct store_views_day_list {
	struct store_views_day *items;
	int n;
};
/* Days in [from, to] (0 <= from <= to) that have any views or readers,
 * ascending (the caller fills the gaps with zeros). */
int store_views_days(store *s, arena *a, int64_t from, int64_t to, struct store_views_day_list *out);

struct store_views_bucket {
	int64_t day;
	str bucket;
	int64_t views;
};
struct store_views_bucket_list {
	struct store_views_bucket *items;
	int n;
};
/* Views per day and bucket in [from, to] (0 <= from <= to), by day then
 * bucket (bytewise). */
int store_views_buckets(store *s, arena *a, int64_t from, int64_t to, struct store_views_bucket_list *out);

struct store_views_top {
	enum store_view_kind kind;
	int64_t id;
	str title;
	str href_part; /* topic: "" (/t/ID); blog post: "BLOG/POST", its blog's slug and its own
			  (/b/BLOG/POST); library item: its slug (/library/SLUG) */
	int64_t views;
};
struct store_views_top_list {
	struct store_views_top *items;
	int n;
};
/* The `limit` (1..50) most viewed of kind k in `month` (a first day's
 * number), most first, then by id, of those that exist and are live:
 * topics not deleted in a forum of section open_clinical, closed_clinical
 * or off_duty (never a group's or a blog's); published blog posts; library
 * items not withdrawn.  Gone or hidden ones are left out, not counted
 * against the limit. */
int store_views_top(store *s, arena *a, enum store_view_kind k, int64_t month, int limit,
		    struct store_views_top_list *out);

struct store_dash_count {
	str key;
	int64_t n;
};
struct store_dash_count_list {
	struct store_dash_count *items;
	int n;
};
/* Confirmed members not deleted (suspended ones too) counted by type
 * ("doctor", "student", "hcp"), by country (the ISO code as stored, ""
 * for none) and by specialty (its code, "" for none): each list most
 * first, then by key (bytewise); keys with no members are not listed. */
int store_dash_members(store *s, arena *a, struct store_dash_count_list *by_type,
		       struct store_dash_count_list *by_country, struct store_dash_count_list *by_specialty);

struct store_dash_point {
	int64_t day;
	int64_t n;
};
struct store_dash_point_list {
	struct store_dash_point *items;
	int n;
};
/* New confirmed members (not deleted) per week, by when they joined, for
 * weeks starting (Monday; the week of day d starts at d - (d + 3) % 7) in
 * [from, to] (0 <= from <= to), ascending; only weeks with any. */
int store_dash_joined(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out);
/* Verified doctors (verified now, not deleted) by when they were verified:
 * for each month whose first day is in [from, to] (0 <= from <= to, to -
 * from at most STORE_DASH_VERIFIED_SPAN days), its first day and how many
 * were verified before the month ended.  Every such month, ascending. */
#define STORE_DASH_VERIFIED_SPAN 36525 /* days: a hundred years */
int store_dash_verified(store *s, arena *a, int64_t from, int64_t to, struct store_dash_point_list *out);

struct store_dash_pending {
	int64_t verifications, bloggers, groups, flags;
};
/* Pending verification applications, blogger applications and group
 * requests, and open flags. */
int store_dash_pending(store *s, struct store_dash_pending *out);

/* Backdates member `id` (the demo's year of history): its created_at,
 * and, when it is verified and verified_at > 0, its verified_at.
 * STORE_ERR when created_at < 1, verified_at < 0 or (verified_at > 0)
 * verified_at < created_at; STORE_ENOTFOUND when there is no such member. */
int store_member_backdate(store *s, int64_t id, int64_t created_at, int64_t verified_at);

/* ---- Mail --------------------------------------------------------------
 * Every message goes through a queue in the database (store_mail.c, the
 * backends' sqlite_mail.c and pg_mail.c): queued in the writer's or its
 * own transaction, claimed by one sender at a time under a lease, retried
 * with backoff, and given up on a permanent failure (SMTP 5xx: the
 * address then bounces and gets nothing more until cleared). */
enum store_mail_kind {
	STORE_MAIL_ACCOUNT,    /* confirm, reset, account deleted: always sent, never capped */
	STORE_MAIL_REPLY,      /* replies in watched topics */
	STORE_MAIL_MENTION,    /* @mentions */
	STORE_MAIL_MESSAGE,    /* private messages */
	STORE_MAIL_INVITATION, /* group invitations */
	STORE_MAIL_DECISION,   /* verification, moderation, group and blog decisions */
	STORE_MAIL_DIGEST,     /* a daily or weekly digest */
	STORE_MAIL_KIND_MAX
};
/* "account", "reply", "mention", "message", "invitation", "decision",
 * "digest"; parse: -1 if unknown. */
const char *store_mail_kind_name(enum store_mail_kind k);
int store_mail_kind_parse(str name);

enum store_mail_mode {
	STORE_MAIL_IMMEDIATE,
	STORE_MAIL_DAILY,
	STORE_MAIL_WEEKLY,
	STORE_MAIL_NEVER,
	STORE_MAIL_MODE_MAX
};
/* "immediate", "daily", "weekly", "never"; parse: -1 if unknown. */
const char *store_mail_mode_name(enum store_mail_mode m);
int store_mail_mode_parse(str name);

/* A queued message.  text and html are whole bodies (the sender wraps
 * them as multipart/alternative); unsubscribe is the absolute one-click
 * URL for List-Unsubscribe ("" for account mail). */
struct store_mail {
	int64_t id, member_id; /* member 0: an address that is no member's */
	enum store_mail_kind kind;
	str address, subject, text, html, unsubscribe;
	str status;            /* "queued", "sending", "sent", "bounced", "failed", "suppressed" */
	int attempts;
	int64_t next_at, created_at, sent_at;
	str last_error;
};
struct store_mail_list {
	struct store_mail *items;
	int n;
};
/* A compare-and-set of a named mark (a cursor or a last-sent time), made
 * in the same transaction as the messages it goes with: the mark (0 when
 * never set) must still be `from`, else STORE_ECONFLICT and nothing is
 * written; then it becomes `to`. */
struct store_mail_mark {
	str key;               /* "" for none; at most 100 bytes */
	int64_t from, to;
};
/* Queues n (0..100) messages and moves the mark, in one transaction.
 * A message to an address that bounces is written with status
 * "suppressed" and never sent.  ids (may be NULL) get the new ids. */
int store_mail_enqueue(store *s, const struct store_mail *m, int n, const struct store_mail_mark *mark, int64_t now,
		       int64_t *ids);
/* A mark's value (0 when never set). */
int store_mail_mark_get(store *s, str key, int64_t *value);
/* Claims up to n (1..100) messages due at `now`, oldest first: queued
 * ones whose next_at has come, and "sending" ones whose lease ran out (a
 * sender that died).  Each becomes "sending" until now + lease, with
 * attempts + 1.  On PostgreSQL, concurrent claimers never get the same
 * message. */
int store_mail_claim(store *s, arena *a, int64_t now, int64_t lease, int n, struct store_mail_list *out);
enum store_mail_outcome {
	STORE_MAIL_SENT,     /* the relay took it */
	STORE_MAIL_RETRY,    /* a temporary failure: queued again for next_at */
	STORE_MAIL_BOUNCED,  /* a permanent failure (5xx): the address bounces from now on */
	STORE_MAIL_FAILED,   /* given up (too many attempts) */
};
/* Records what became of a claimed message.  BOUNCED also marks its
 * address as bouncing (with `error`) and suppresses what else is queued to
 * it.  STORE_ENOTFOUND if the message is not "sending". */
int store_mail_done(store *s, int64_t id, enum store_mail_outcome o, str error, int64_t next_at, int64_t now);
/* Whether mail to `address` bounces (case-insensitive), and since when
 * (*since 0: it does not). */
int store_mail_bounce_get(store *s, str address, int64_t *since);
/* Clears a bounce (the member asks to try again, or changed address). */
int store_mail_bounce_clear(store *s, str address);
/* How many messages of kinds other than "account" were queued to member
 * since `since` (the hourly cap). */
int store_mail_count_since(store *s, int64_t member, int64_t since, int64_t *n);
/* The newest messages queued to a member (member 0: all), newest first,
 * bodies included: for the command line, the operator and tests. */
int store_mail_recent(store *s, arena *a, int64_t member, int limit, struct store_mail_list *out);

/* Per member settings: a mode per kind, REPLY..DECISION.  A kind never
 * set has its default: DECISION immediate, the rest daily. */
int store_mail_prefs_get(store *s, int64_t member, enum store_mail_mode modes[STORE_MAIL_KIND_MAX]);
/* Sets the modes of kinds REPLY..DECISION (others ignored), one transaction. */
int store_mail_prefs_set(store *s, int64_t member, const enum store_mail_mode modes[STORE_MAIL_KIND_MAX]);

/* Something a member may be told of by email (store_mail_events,
 * store_mail_digest_items).  Never the text of a post or message: only
 * what a link and a title need. */
struct store_mail_event {
	int64_t seq;            /* the source row's id (the cursor's unit for its kind) */
	enum store_mail_kind kind;
	int64_t member_id;      /* who is told */
	int64_t actor_id;
	str actor_name;
	str title;              /* topic title, conversation subject, group name, or the decision's subject */
	str detail;             /* a decision: "approved" or "declined"/"rejected", and what it was about */
	int64_t topic_id, post_id, conversation_id, group_id;
	int64_t forum_id;       /* topics: its forum (groups: the group's) */
	enum store_section section;
	str link;               /* the site path to open it, e.g. /p/12, /messages/3, /groups, /verify */
	int64_t created_at;
	bool read;              /* read on the site already */
};
struct store_mail_event_list {
	struct store_mail_event *items;
	int n;
};
/* Events of `kind` (REPLY, MENTION: in-site notifications; MESSAGE: a
 * message, once per other current member of its conversation;
 * INVITATION: invitations to members) with seq > after, oldest first, at
 * most `limit` (1..500). */
int store_mail_events(store *s, arena *a, enum store_mail_kind kind, int64_t after, int limit,
		      struct store_mail_event_list *out);
/* What a digest for `member` holds: events of the kinds in `kinds` (a
 * mask of 1u << kind) since `since`, still unread on the site (decisions
 * have no read state and are always in), newest first, at most limit.
 * Decisions: verification (detail "verification approved", "...
 * rejected", or "... withdrawn" by a register import), blog, group,
 * moderation and warnings. */
int store_mail_digest_items(store *s, arena *a, int64_t member, unsigned kinds, int64_t since, int limit,
			    struct store_mail_event_list *out);
/* Members who may be due a digest: with an event of any kind since
 * `since`, id > after_member, by id, at most `limit` (1..1000). */
int store_mail_digest_members(store *s, int64_t since, int64_t after_member, int limit, int64_t *ids, int *n);

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
 * rate-limit windows that have closed; closes the page-view days before
 * now's as store_views_salt would (dash-store), and drops reader rows of
 * any day that is not open.  Safe to run on every node. */
int store_gc(store *s, int64_t now);

/* Site settings (key → text), e.g. the secret the CSRF tokens derive from. */
int store_setting_get(store *s, arena *a, str key, str *out);
/* Sets only when absent; then reads back whichever value won. */
int store_setting_init(store *s, arena *a, str key, str value, str *out);

/* The audit log of staff and operator actions.  actor 0 = the command line. */
int store_audit(store *s, int64_t actor, str action, str target, str detail);

#endif
