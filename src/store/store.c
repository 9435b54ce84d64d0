/* store.c: picks a backend by the URL's scheme and forwards every store.h
 * call to it through its ops table.  Besides that, only what is the same
 * for every backend lives here: this node's cache generations, the topic
 * names, and the cutting of search input into safe words.  The library's
 * part is in store_library.c.  The contract of each function is in
 * store.h, its work in the backend. */
#include "backend.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/log.h"
#include "page_cache.h"

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* See store.h.  Only the scheme is logged, never the rest of the URL: a
 * PostgreSQL URL may carry a password. */
store *store_open(const char *url)
{
	if (!url) {
		log_error("store_open", "err=%s", "no-url");
		return NULL;
	}
	store *s = NULL;
	if (has_prefix(url, "sqlite:"))
		s = store_sqlite_ops.open(url + strlen("sqlite:"));
	else if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://"))
		s = store_pg_ops.open(url);
	else
		log_error("store_open", "err=%s", "\"unknown scheme: expected sqlite:PATH or postgresql://...\"");
	if (s)
		s->pages = page_cache_new(STORE_PAGE_CACHE_BYTES); /* none if NULL: every page read afresh */
	return s;
}

/* See store.h. */
void store_page_cache_budget(store *s, size_t bytes)
{
	page_cache_free(s->pages);
	s->pages = bytes ? page_cache_new(bytes) : NULL;
}

/* See store.h. */
void store_db_cache_budget(store *s, size_t bytes)
{
	if (s->ops->db_cache)
		s->ops->db_cache(s, bytes < STORE_DB_CACHE_MIN ? STORE_DB_CACHE_MIN : bytes);
}

/* See store.h.  NULL is fine. */
void store_close(store *s)
{
	if (!s)
		return;
	page_cache_free(s->pages);
	s->pages = NULL;
	s->ops->close(s);
}

/* The rest forward as they are; see store.h for each. */

int store_migrate(store *s)
{
	return s->ops->migrate(s);
}

int store_ping(store *s)
{
	return s->ops->ping(s);
}

void store_read_begin(store *s)
{
	if (s && s->ops->read_begin)
		s->ops->read_begin(s);
}

void store_read_end(store *s)
{
	if (s && s->ops->read_end)
		s->ops->read_end(s);
}

static const char *const topic_names[STORE_CACHE_MAX] = {
	[STORE_CACHE_SETTINGS] = "settings",
};

const char *store_cache_name(enum store_cache topic)
{
	return topic >= 0 && topic < STORE_CACHE_MAX ? topic_names[topic] : "";
}

int store_cache_parse(const char *name)
{
	for (int t = 0; t < STORE_CACHE_MAX; t++)
		if (name && strcmp(name, topic_names[t]) == 0)
			return t;
	return -1;
}

void store_bump(store *s, enum store_cache topic)
{
	if (topic >= 0 && topic < STORE_CACHE_MAX)
		atomic_fetch_add(&s->gen[topic], 1);
}

int store_listen(store *s)
{
	return s->ops->listen ? s->ops->listen(s) : 0;
}

/* See store.h.  This node moves on at once, whatever the backend does. */
int store_changed(store *s, enum store_cache topic)
{
	store_bump(s, topic);
	return s->ops->changed ? s->ops->changed(s, topic) : 0;
}

uint64_t store_generation(store *s, enum store_cache topic)
{
	return topic >= 0 && topic < STORE_CACHE_MAX ? atomic_load(&s->gen[topic]) : 0;
}

int store_job_claim(store *s, str name, int64_t now, int64_t every, bool *claimed)
{
	*claimed = false;
	if (every <= 0 || !name.n) {
		log_error("store_error", "op=job_claim err=%s", "\"a job needs a name and a positive period\"");
		return STORE_ERR;
	}
	return s->ops->job_claim(s, name, now, every, claimed);
}

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* See backend.h. */
enum store_dir_walk store_dir_walk(const struct store_directory_query *dq)
{
	if (dq->specialty.n)
		return STORE_DIR_SPECIALTY;
	if (dq->grade.n)
		return STORE_DIR_GRADE;
	if (dq->country.n)
		return STORE_DIR_COUNTRY;
	return STORE_DIR_NAME;
}

/* See backend.h. */
int store_search_words(arena *a, str query, str *words, int max)
{
	enum { WORD_MAX = 64 };
	int n = 0;
	size_t i = 0;
	while (i < query.n && n < max) {
		while (i < query.n && !word_byte((unsigned char)query.p[i]))
			i++;
		size_t start = i;
		while (i < query.n && word_byte((unsigned char)query.p[i]))
			i++;
		size_t len = i - start;
		if (!len)
			break;
		if (len > WORD_MAX) { /* cut on a character boundary */
			len = WORD_MAX;
			while (len > 0 && ((unsigned char)query.p[start + len] & 0xC0) == 0x80)
				len--;
		}
		char *w = arena_strndup(a, query.p + start, len);
		if (!w)
			return -1;
		for (size_t k = 0; k < len; k++)
			if (w[k] >= 'A' && w[k] <= 'Z')
				w[k] = (char)(w[k] + 32);
		words[n++] = (str){w, len};
	}
	return n;
}

int store_member_create(store *s, const struct store_member_new *m, int64_t *id, enum store_member_key *key)
{
	return s->ops->member_create(s, m, id, key);
}

int store_member_by_id(store *s, arena *a, int64_t id, struct store_member *out)
{
	return s->ops->member_by_id(s, a, id, out);
}

int store_member_by_handle(store *s, arena *a, str handle, struct store_member *out)
{
	return s->ops->member_by_handle(s, a, handle, out);
}

int store_member_by_email_auth(store *s, arena *a, str email, struct store_member *out)
{
	return s->ops->member_by_email_auth(s, a, email, out);
}

int store_member_count(store *s, int64_t *out)
{
	return s->ops->member_count(s, out);
}

int store_member_search(store *s, arena *a, str query, int limit, int offset, struct store_member_list *out)
{
	*out = (struct store_member_list){0};
	if (limit < 1 || limit > 100 || offset < 0) {
		log_error("store_error", "op=member_search err=%s", "\"limit must be 1 to 100\"");
		return STORE_ERR;
	}
	return s->ops->member_search(s, a, query, limit, offset, out);
}

int store_member_directory(store *s, arena *a, const struct store_directory_query *dq, struct store_member_list *out,
			   int64_t *total)
{
	*out = (struct store_member_list){0};
	*total = 0;
	if (dq->limit < 1 || dq->limit > 100 || dq->offset < 0) {
		log_error("store_error", "op=member_directory err=%s", "\"limit must be 1 to 100\"");
		return STORE_ERR;
	}
	return s->ops->member_directory(s, a, dq, out, total);
}

int store_member_update_profile(store *s, int64_t id, const struct store_profile *p)
{
	return s->ops->member_update_profile(s, id, p);
}

int store_member_set_password(store *s, int64_t id, str pw_hash)
{
	return s->ops->member_set_password(s, id, pw_hash);
}

int store_member_set_roles(store *s, int64_t id, unsigned roles)
{
	return s->ops->member_set_roles(s, id, roles);
}

int store_member_set_suspended(store *s, int64_t id, bool suspended)
{
	return s->ops->member_set_suspended(s, id, suspended);
}

int store_member_set_verified(store *s, int64_t id, bool verified)
{
	return s->ops->member_set_verified(s, id, verified);
}

int store_member_confirm(store *s, int64_t id)
{
	return s->ops->member_confirm(s, id);
}

int store_member_delete(store *s, int64_t id, int64_t now)
{
	return s->ops->member_delete(s, id, now);
}

int store_verification_apply(store *s, const struct store_verification *v, int64_t now, int64_t *id,
			     bool *verified)
{
	*verified = false;
	return s->ops->verification_apply(s, v, now, id, verified);
}

int store_register_import(store *s, arena *a, store_row_source next, void *ctx, int64_t now,
			  struct store_import_result *out)
{
	*out = (struct store_import_result){0};
	return s->ops->register_import(s, a, next, ctx, now, out);
}

int store_verification_latest(store *s, arena *a, int64_t member_id, struct store_verification *out)
{
	return s->ops->verification_latest(s, a, member_id, out);
}

int store_verification_history(store *s, arena *a, int64_t member_id, int limit, struct store_verification_list *out)
{
	*out = (struct store_verification_list){0};
	if (limit < 1 || limit > 1000)
		return STORE_ERR;
	return s->ops->verification_history(s, a, member_id, limit, out);
}

int store_verification_get(store *s, arena *a, int64_t id, struct store_verification *out)
{
	return s->ops->verification_get(s, a, id, out);
}

int store_verification_queue(store *s, arena *a, int limit, int offset, struct store_verification_list *out)
{
	*out = (struct store_verification_list){0};
	if (limit < 1 || limit > 100 || offset < 0) {
		log_error("store_error", "op=verification_queue err=%s", "\"limit must be 1 to 100\"");
		return STORE_ERR;
	}
	return s->ops->verification_queue(s, a, limit, offset, out);
}

int store_verification_decide(store *s, int64_t id, int64_t editor, bool approve, str reason, int64_t now,
			      int64_t *member_id)
{
	return s->ops->verification_decide(s, id, editor, approve, reason, now, member_id);
}

/* 64 lower-case hex digits: the only names an upload can have, so what
 * reaches a backend is safe as a file name and as a key. */
static bool sha256_ok(const char *h)
{
	if (!h)
		return false;
	for (int i = 0; i < STORE_SHA256_HEX; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return false;
	return h[STORE_SHA256_HEX] == '\0';
}

int store_upload_put_bytes(store *s, str bytes, str mime, int64_t now, char sha[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)bytes.p, bytes.n);
	sodium_bin2hex(sha, 65, h, sizeof h);
	char path[] = "/tmp/rounds-upload-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return STORE_EFULL;
	size_t put = 0;
	while (put < bytes.n) {
		ssize_t n = write(fd, bytes.p + put, bytes.n - put);
		if (n <= 0)
			break;
		put += (size_t)n;
	}
	close(fd);
	int rc = put == bytes.n ? store_upload_put(s, path, sha, (int64_t)bytes.n, mime, now) : STORE_EFULL;
	unlink(path);
	return rc;
}

int store_upload_put(store *s, const char *tmp_path, const char *sha256, int64_t size, str mime, int64_t now)
{
	if (!sha256_ok(sha256) || size < 0 || !mime.n || !tmp_path || !*tmp_path) {
		log_error("store_error", "op=upload_put err=%s",
			  "\"an upload needs a file, a lower-case SHA-256, a size and a type\"");
		return STORE_ERR;
	}
	return s->ops->upload_put(s, tmp_path, sha256, size, mime, now);
}

int store_upload_get(store *s, arena *a, const char *sha256, struct store_upload *out)
{
	*out = (struct store_upload){0};
	if (!sha256_ok(sha256))
		return STORE_ENOTFOUND;
	return s->ops->upload_get(s, a, sha256, out);
}

int store_upload_stat(store *s, arena *a, const char *sha256, struct store_upload *out)
{
	*out = (struct store_upload){0};
	if (!sha256_ok(sha256))
		return STORE_ENOTFOUND;
	return s->ops->upload_stat(s, a, sha256, out);
}

/* See store.h.  A range no file can hold (negative, or longer than a
 * libpq length) is refused here. */
int store_upload_read(store *s, const char *sha256, int64_t off, size_t n, char *dst)
{
	if (!sha256_ok(sha256))
		return STORE_ENOTFOUND;
	if (off < 0 || n > INT32_MAX || (n && !dst))
		return STORE_ERR;
	return s->ops->upload_read(s, sha256, off, n, dst);
}

int store_connection_request(store *s, int64_t from, int64_t to, int64_t now)
{
	if (from == to)
		return STORE_ERR;
	return s->ops->connection_request(s, from, to, now);
}

int store_connection_answer(store *s, int64_t me, int64_t other, bool accept, int64_t now)
{
	return s->ops->connection_answer(s, me, other, accept, now);
}

int store_connection_remove(store *s, int64_t me, int64_t other)
{
	return s->ops->connection_remove(s, me, other);
}

int store_connection_state(store *s, int64_t me, int64_t other, enum store_conn_state *out)
{
	*out = STORE_CONN_NONE;
	return s->ops->connection_state(s, me, other, out);
}

int store_connection_list(store *s, arena *a, int64_t member, enum store_conn_list which, int limit, int offset,
			  struct store_member_list *out)
{
	*out = (struct store_member_list){0};
	if (limit < 1 || limit > 200 || offset < 0)
		return STORE_ERR;
	return s->ops->connection_list(s, a, member, which, limit, offset, out);
}

int store_block(store *s, int64_t blocker, int64_t blocked, int64_t now)
{
	if (blocker == blocked)
		return STORE_ERR;
	return s->ops->block(s, blocker, blocked, now);
}

int store_unblock(store *s, int64_t blocker, int64_t blocked)
{
	return s->ops->unblock(s, blocker, blocked);
}

int store_block_state(store *s, int64_t a, int64_t b, bool *ab, bool *ba)
{
	*ab = *ba = false;
	return s->ops->block_state(s, a, b, ab, ba);
}

int store_block_list(store *s, arena *a, int64_t blocker, int limit, int offset, struct store_member_list *out)
{
	*out = (struct store_member_list){0};
	if (limit < 1 || limit > 200 || offset < 0)
		return STORE_ERR;
	return s->ops->block_list(s, a, blocker, limit, offset, out);
}

/* The recipients of a new conversation: 1..MAX-1 distinct ids, none the
 * author's.  The handler has already refused such input with a message;
 * this keeps the store's own promise. */
static bool recipients_ok(int64_t author, const int64_t *to, int nto)
{
	if (nto < 1 || nto > STORE_CONVERSATION_MAX - 1)
		return false;
	for (int i = 0; i < nto; i++) {
		if (to[i] <= 0 || to[i] == author)
			return false;
		for (int j = 0; j < i; j++)
			if (to[j] == to[i])
				return false;
	}
	return true;
}

int store_conversation_start(store *s, const struct store_message_new *m, const int64_t *to, int nto, str subject,
			     int64_t now, int64_t *conv, int64_t *msg, int64_t *blocked_by)
{
	*conv = *msg = *blocked_by = 0;
	if (!recipients_ok(m->author, to, nto))
		return STORE_ERR;
	return s->ops->conversation_start(s, m, to, nto, subject, now, conv, msg, blocked_by);
}

int store_message_post(store *s, int64_t conv, const struct store_message_new *m, int64_t now, int64_t *msg,
		       int64_t *blocked_by)
{
	*msg = *blocked_by = 0;
	return s->ops->message_post(s, conv, m, now, msg, blocked_by);
}

int store_conversation_get(store *s, arena *a, int64_t conv, int64_t reader, struct store_conversation *out)
{
	*out = (struct store_conversation){0};
	return s->ops->conversation_get(s, a, conv, reader, out);
}

int store_conversation_messages(store *s, arena *a, int64_t conv, int64_t before, int limit,
				struct store_message_list *out)
{
	*out = (struct store_message_list){0};
	if (limit < 1 || limit > 100 || before < 0)
		return STORE_ERR;
	return s->ops->conversation_messages(s, a, conv, before, limit, out);
}

int store_conversation_list(store *s, arena *a, int64_t reader, int limit, int offset,
			    struct store_conversation_list *out, int64_t *total)
{
	*out = (struct store_conversation_list){0};
	*total = 0;
	if (limit < 1 || limit > 100 || offset < 0)
		return STORE_ERR;
	return s->ops->conversation_list(s, a, reader, limit, offset, out, total);
}

int store_conversation_act(store *s, int64_t conv, int64_t member, enum store_conv_action act, int64_t now)
{
	if (act < STORE_CONV_READ || act > STORE_CONV_LEAVE)
		return STORE_ERR;
	return s->ops->conversation_act(s, conv, member, act, now);
}

int store_messages_by_author(store *s, arena *a, int64_t author, int64_t after, int limit,
			     struct store_message_list *out)
{
	*out = (struct store_message_list){0};
	if (limit < 1 || limit > 100 || after < 0)
		return STORE_ERR;
	return s->ops->messages_by_author(s, a, author, after, limit, out);
}

int store_message_unread(store *s, int64_t member, int64_t *out)
{
	*out = 0;
	return s->ops->message_unread(s, member, out);
}

int store_message_report(store *s, int64_t msg, int64_t reporter, str reason, int64_t now, int64_t *id)
{
	*id = 0;
	return s->ops->message_report(s, msg, reporter, reason, now, id);
}

int store_report_queue(store *s, arena *a, int limit, int offset, struct store_report_list *out)
{
	*out = (struct store_report_list){0};
	if (limit < 1 || limit > 100 || offset < 0)
		return STORE_ERR;
	return s->ops->report_queue(s, a, limit, offset, out);
}

int store_report_decide(store *s, int64_t id, int64_t editor, bool remove, str note, int64_t now)
{
	return s->ops->report_decide(s, id, editor, remove, note, now);
}

int store_token_create(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN],
		       int64_t member_id, int64_t expires_at)
{
	return s->ops->token_create(s, kind, hash, member_id, expires_at);
}

int store_session_member(store *s, arena *a, const unsigned char hash[STORE_HASH_LEN], int64_t now,
			 struct store_session *sess, struct store_member *m)
{
	return s->ops->session_member(s, a, hash, now, sess, m);
}

int store_password_reset(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, str pw_hash,
			 int64_t *member_id)
{
	return s->ops->password_reset(s, hash, now, pw_hash, member_id);
}

int store_backup(store *s, const char *path)
{
	return s->ops->backup(s, path);
}

int store_check(store *s, store_check_fn problem, void *ctx)
{
	return s->ops->check(s, problem, ctx);
}

int store_gc(store *s, int64_t now)
{
	return s->ops->gc(s, now);
}

int store_token_check(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		      int64_t *member_id)
{
	return s->ops->token_check(s, kind, hash, now, member_id);
}

int store_token_take(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		     int64_t *member_id)
{
	return s->ops->token_take(s, kind, hash, now, member_id);
}

int store_session_create(store *s, const unsigned char hash[STORE_HASH_LEN], const struct store_session *sess,
			 int64_t now)
{
	return s->ops->session_create(s, hash, sess, now);
}

int store_session_get(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, struct store_session *out)
{
	return s->ops->session_get(s, hash, now, out);
}

int store_session_delete(store *s, const unsigned char hash[STORE_HASH_LEN])
{
	return s->ops->session_delete(s, hash);
}

int store_session_delete_member(store *s, int64_t member_id)
{
	return s->ops->session_delete_member(s, member_id);
}

int store_rate_hit(store *s, str key, int64_t now, int64_t window, int64_t *count, int64_t *reset_at)
{
	return s->ops->rate_hit(s, key, now, window, count, reset_at);
}

int store_rate_peek(store *s, str key, int64_t now, int64_t *count, int64_t *reset_at)
{
	return s->ops->rate_peek(s, key, now, count, reset_at);
}

int store_rate_clear(store *s, str key)
{
	return s->ops->rate_clear(s, key);
}

int store_setting_get(store *s, arena *a, str key, str *out)
{
	return s->ops->setting_get(s, a, key, out);
}

int store_setting_init(store *s, arena *a, str key, str value, str *out)
{
	return s->ops->setting_init(s, a, key, value, out);
}

int store_audit(store *s, int64_t actor, str action, str target, str detail)
{
	return s->ops->audit(s, actor, action, target, detail);
}

/* ---- Forums ---------------------------------------------------------- */

static const char *const section_names[STORE_SECTION_MAX] = {
	[STORE_SECTION_OPEN_CLINICAL] = "open_clinical",
	[STORE_SECTION_CLOSED_CLINICAL] = "closed_clinical",
	[STORE_SECTION_OFF_DUTY] = "off_duty",
	[STORE_SECTION_GROUP] = "group",
	[STORE_SECTION_BLOG] = "blog",
};

/* See store.h. */
const char *store_section_name(enum store_section sec)
{
	return sec >= 0 && sec < STORE_SECTION_MAX ? section_names[sec] : "";
}

/* See store.h. */
int store_section_parse(str name)
{
	for (int i = 0; i < STORE_SECTION_MAX; i++)
		if (str_eqc(name, section_names[i]))
			return i;
	return -1;
}

static const char *const mod_names[STORE_MOD_MAX] = {
	[STORE_MOD_PIN] = "topic.pin",
	[STORE_MOD_UNPIN] = "topic.unpin",
	[STORE_MOD_LOCK] = "topic.lock",
	[STORE_MOD_UNLOCK] = "topic.unlock",
	[STORE_MOD_MOVE] = "topic.move",
	[STORE_MOD_PICK] = "post.pick",
	[STORE_MOD_UNPICK] = "post.unpick",
	[STORE_MOD_HIDE] = "post.hide",
	[STORE_MOD_UNHIDE] = "post.unhide",
};

/* See store.h. */
const char *store_mod_name(enum store_mod m)
{
	return m >= 0 && m < STORE_MOD_MAX ? mod_names[m] : "";
}


int store_forum_create(store *s, const struct store_forum *f, int64_t actor, int64_t now, int64_t *id)
{
	return s->ops->forum_create(s, f, actor, now, id);
}

int store_forum_update(store *s, const struct store_forum *f, int64_t actor, int64_t now)
{
	return s->ops->forum_update(s, f, actor, now);
}

int store_forum_list(store *s, arena *a, bool archived_too, struct store_forum_list *out)
{
	return s->ops->forum_list(s, a, archived_too, out);
}

int store_forum_by_slug(store *s, arena *a, str slug, struct store_forum *out)
{
	return s->ops->forum_by_slug(s, a, slug, out);
}

int store_forum_by_id(store *s, arena *a, int64_t id, struct store_forum *out)
{
	return s->ops->forum_by_id(s, a, id, out);
}

int store_champion_set(store *s, int64_t forum, int64_t member, bool on, int64_t actor, int64_t now)
{
	return s->ops->champion_set(s, forum, member, on, actor, now);
}

int store_champion_list(store *s, arena *a, int64_t forum, struct store_member_list *out)
{
	return s->ops->champion_list(s, a, forum, out);
}

int store_champion_is(store *s, int64_t forum, int64_t member, bool *out)
{
	return s->ops->champion_is(s, forum, member, out);
}

int store_topic_create(store *s, int64_t forum, str title, const struct store_post_new *p, int64_t now, int64_t *topic, int64_t *post)
{
	return s->ops->topic_create(s, forum, title, p, now, topic, post);
}

int store_topic_get(store *s, arena *a, int64_t id, int64_t reader, struct store_topic *out)
{
	return s->ops->topic_get(s, a, id, reader, out);
}

int store_topic_list(store *s, arena *a, int64_t forum, int64_t reader, int limit, int offset, struct store_topic_list *out, int64_t *total)
{
	return s->ops->topic_list(s, a, forum, reader, limit, offset, out, total);
}

int store_topic_latest(store *s, arena *a, unsigned sections, int64_t reader, bool unread_only, int64_t since, int limit, int offset, struct store_topic_list *out)
{
	return s->ops->topic_latest(s, a, sections, reader, unread_only, since, limit, offset, out);
}

int store_topic_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit, struct store_topic_list *out)
{
	return s->ops->topic_by_author(s, a, author, sections, limit, out);
}

int store_post_create(store *s, int64_t topic, const struct store_post_new *p, int64_t now, int64_t *id)
{
	return s->ops->post_create(s, topic, p, now, id);
}

int store_post_get(store *s, arena *a, int64_t id, int64_t reader, struct store_post *out)
{
	return s->ops->post_get(s, a, id, reader, out);
}

int store_topic_posts(store *s, arena *a, int64_t topic, int64_t reader, int limit, int offset, struct store_post_list *out)
{
	return s->ops->topic_posts(s, a, topic, reader, limit, offset, out);
}

/* See store.h.  The page as no reader sees it comes from this node's
 * cache when the topic's numbers say its copy is current, else from the
 * backend (and is kept); the reader's likes are looked up apart.  The
 * topic was read before the posts, so a copy is never older than the
 * numbers it is kept under.  What the rows say of the topic itself is
 * taken from *t, which is as new. */
int store_topic_page(store *s, arena *a, const struct store_topic *t, int64_t reader, int limit, int offset,
		     struct store_post_list *out)
{
	struct page_key k = {t->id, t->forum_id, t->version, t->authors, limit, offset};
	if (!page_cache_get(s->pages, &k, a, out)) {
		int rc = s->ops->topic_posts(s, a, t->id, 0, limit, offset, out);
		if (rc)
			return rc;
		page_cache_put(s->pages, &k, out);
	}
	for (int i = 0; i < out->n; i++) {
		out->items[i].forum_id = t->forum_id;
		out->items[i].section = t->section;
		out->items[i].topic_title = t->title;
	}
	return store_posts_liked(s, reader, out);
}

int store_posts_liked(store *s, int64_t reader, struct store_post_list *pl)
{
	return s->ops->posts_liked(s, reader, pl);
}

void store_page_cache_stats(store *s, struct page_cache_stats *out)
{
	page_cache_stats(s->pages, out);
}

int store_post_by_author(store *s, arena *a, int64_t author, unsigned sections, int limit, struct store_post_list *out)
{
	return s->ops->post_by_author(s, a, author, sections, limit, out);
}

int store_post_edit(store *s, int64_t id, int64_t editor, str title, const struct store_post_new *p, int64_t now)
{
	return s->ops->post_edit(s, id, editor, title, p, now);
}

int store_post_history(store *s, arena *a, int64_t post, struct store_post_edit_list *out)
{
	return s->ops->post_history(s, a, post, out);
}

int store_post_delete(store *s, int64_t id, int64_t actor, bool staff, str reason, int64_t now)
{
	return s->ops->post_delete(s, id, actor, staff, reason, now);
}

int store_post_like(store *s, int64_t post, int64_t member, bool on, int64_t now)
{
	return s->ops->post_like(s, post, member, on, now);
}

int store_topic_moderate(store *s, int64_t topic, enum store_mod m, int64_t arg, int64_t actor, str reason, int64_t now)
{
	return s->ops->topic_moderate(s, topic, m, arg, actor, reason, now);
}

int store_post_moderate(store *s, int64_t post, enum store_mod m, int64_t actor, str reason, int64_t now)
{
	return s->ops->post_moderate(s, post, m, actor, reason, now);
}

int store_topic_read(store *s, int64_t member, int64_t topic, int64_t post, int64_t now)
{
	return s->ops->topic_read(s, member, topic, post, now);
}

int store_topic_watch(store *s, int64_t member, int64_t topic, bool on, int64_t now)
{
	return s->ops->topic_watch(s, member, topic, on, now);
}

int store_topic_watching(store *s, int64_t member, int64_t topic, bool *out)
{
	return s->ops->topic_watching(s, member, topic, out);
}

int store_notification_list(store *s, arena *a, int64_t member, int limit, int offset, struct store_notification_list *out, int64_t *unread)
{
	return s->ops->notification_list(s, a, member, limit, offset, out, unread);
}

int store_notification_read(store *s, int64_t member, int64_t id, int64_t now)
{
	return s->ops->notification_read(s, member, id, now);
}

int store_flag_create(store *s, int64_t post, int64_t reporter, str reason, str note, int64_t now, int64_t *id)
{
	return s->ops->flag_create(s, post, reporter, reason, note, now, id);
}

int store_flag_queue(store *s, arena *a, int64_t champion, int limit, int offset, struct store_flag_list *out)
{
	return s->ops->flag_queue(s, a, champion, limit, offset, out);
}

int store_flag_get(store *s, arena *a, int64_t id, struct store_flag *out)
{
	return s->ops->flag_get(s, a, id, out);
}

int store_flag_decide(store *s, int64_t id, int64_t actor, str decision, str note, int64_t now)
{
	return s->ops->flag_decide(s, id, actor, decision, note, now);
}

int store_audit_list(store *s, arena *a, str action_prefix, int64_t actor, int limit, int offset, struct store_audit_list *out)
{
	return s->ops->audit_list(s, a, action_prefix, actor, limit, offset, out);
}

int store_poll_get(store *s, arena *a, int64_t topic, int64_t reader, struct store_poll *out)
{
	return s->ops->poll_get(s, a, topic, reader, out);
}

int store_poll_vote(store *s, int64_t topic, int64_t member, const int64_t *opts, int n, int64_t now)
{
	return s->ops->poll_vote(s, topic, member, opts, n, now);
}

int store_post_confirmed_list(store *s, arena *a, int limit, int offset, struct store_post_list *out)
{
	return s->ops->post_confirmed_list(s, a, limit, offset, out);
}

int store_posts_for_export(store *s, arena *a, int64_t author, int64_t after, int limit, struct store_post_list *out)
{
	return s->ops->posts_for_export(s, a, author, after, limit, out);
}

/* ---- Groups ---------------------------------------------------------- */

static const char *const group_status_names[STORE_GROUP_STATUS_MAX] = {
	[STORE_GROUP_PENDING] = "pending",
	[STORE_GROUP_DECLINED] = "declined",
	[STORE_GROUP_ACTIVE] = "active",
	[STORE_GROUP_ARCHIVED] = "archived",
	[STORE_GROUP_SUSPENDED] = "suspended",
};

/* See store.h. */
const char *store_group_status_name(enum store_group_status st)
{
	return st >= 0 && st < STORE_GROUP_STATUS_MAX ? group_status_names[st] : "";
}

/* See store.h. */
int store_group_status_parse(str name)
{
	for (int i = 0; i < STORE_GROUP_STATUS_MAX; i++)
		if (str_eqc(name, group_status_names[i]))
			return i;
	return -1;
}

static const char *const group_role_names[STORE_GROUP_ROLE_MAX] = {
	[STORE_GROUP_NONE] = "",
	[STORE_GROUP_MEMBER] = "member",
	[STORE_GROUP_COOWNER] = "coowner",
	[STORE_GROUP_OWNER] = "owner",
};

/* See store.h. */
const char *store_group_role_name(enum store_group_role role)
{
	return role >= 0 && role < STORE_GROUP_ROLE_MAX ? group_role_names[role] : "";
}

/* See store.h. */
int store_group_role_parse(str name)
{
	for (int i = STORE_GROUP_MEMBER; i < STORE_GROUP_ROLE_MAX; i++)
		if (str_eqc(name, group_role_names[i]))
			return i;
	return -1;
}

int store_group_request(store *s, const struct store_group *g, int64_t requester, int64_t now, int64_t *id)
{
	return s->ops->group_request(s, g, requester, now, id);
}

int store_group_get(store *s, arena *a, int64_t id, int64_t reader, struct store_group *out)
{
	return s->ops->group_get(s, a, id, reader, out);
}

int store_group_by_slug(store *s, arena *a, str slug, int64_t reader, struct store_group *out)
{
	return s->ops->group_by_slug(s, a, slug, reader, out);
}

int store_group_mine(store *s, arena *a, int64_t member, struct store_group_list *out)
{
	return s->ops->group_mine(s, a, member, out);
}

int store_group_list(store *s, arena *a, int status, int limit, int offset, struct store_group_list *out)
{
	return s->ops->group_list(s, a, status, limit, offset, out);
}

int store_group_role(store *s, int64_t id, int64_t member, enum store_group_role *role,
		     enum store_group_status *status)
{
	return s->ops->group_role(s, id, member, role, status);
}

int store_group_decide(store *s, int64_t id, bool approve, str reason, int64_t editor, int64_t now)
{
	return s->ops->group_decide(s, id, approve, reason, editor, now);
}

int store_group_set_status(store *s, int64_t id, enum store_group_status to, str reason, int64_t actor,
			   int64_t now)
{
	return s->ops->group_set_status(s, id, to, reason, actor, now);
}

int store_group_members(store *s, arena *a, int64_t id, struct store_group_member_list *out)
{
	return s->ops->group_members(s, a, id, out);
}

int store_group_member_set(store *s, int64_t id, int64_t member, enum store_group_role role, int64_t actor,
			   int64_t now)
{
	return s->ops->group_member_set(s, id, member, role, actor, now);
}

int store_group_invite(store *s, int64_t id, int64_t member, str email, int64_t inviter, int64_t now,
		       int64_t *out)
{
	return s->ops->group_invite(s, id, member, email, inviter, now, out);
}

int store_group_invitations(store *s, arena *a, int64_t id, struct store_group_invitation_list *out)
{
	return s->ops->group_invitations(s, a, id, out);
}

int store_invitations_for(store *s, arena *a, int64_t member, str email, struct store_group_invitation_list *out)
{
	return s->ops->invitations_for(s, a, member, email, out);
}

int store_invitation_get(store *s, arena *a, int64_t id, struct store_group_invitation *out)
{
	return s->ops->invitation_get(s, a, id, out);
}

int store_invitation_answer(store *s, int64_t id, int64_t member, str email, bool accept, int64_t now)
{
	return s->ops->invitation_answer(s, id, member, email, accept, now);
}

int store_invitation_revoke(store *s, int64_t id, int64_t group, int64_t actor, int64_t now)
{
	return s->ops->invitation_revoke(s, id, group, actor, now);
}

static const char *const blog_status_names[STORE_BLOG_STATUS_MAX] = {
	[STORE_BLOG_DRAFT] = "draft",
	[STORE_BLOG_SCHEDULED] = "scheduled",
	[STORE_BLOG_PUBLISHED] = "published",
	[STORE_BLOG_UNPUBLISHED] = "unpublished",
};

/* See store.h. */
const char *store_blog_status_name(enum store_blog_status st)
{
	return st >= 0 && st < STORE_BLOG_STATUS_MAX ? blog_status_names[st] : "";
}

/* See store.h. */
int store_blog_status_parse(str name)
{
	for (int i = 0; i < STORE_BLOG_STATUS_MAX; i++)
		if (str_eqc(name, blog_status_names[i]))
			return i;
	return -1;
}

int store_blogger_apply(store *s, int64_t member, str blog_title, str about, str sample, int64_t now, int64_t *id)
{
	return s->ops->blogger_apply(s, member, blog_title, about, sample, now, id);
}

int store_blogger_applications(store *s, arena *a, int64_t member, str status, int limit, int offset, struct store_blog_application_list *out)
{
	return s->ops->blogger_applications(s, a, member, status, limit, offset, out);
}

int store_blogger_application_get(store *s, arena *a, int64_t id, struct store_blog_application *out)
{
	return s->ops->blogger_application_get(s, a, id, out);
}

int store_blogger_decide(store *s, int64_t id, bool approve, str slug, str reason, int64_t editor, int64_t now, int64_t *blog)
{
	return s->ops->blogger_decide(s, id, approve, slug, reason, editor, now, blog);
}

int store_blog_get(store *s, arena *a, int64_t id, struct store_blog *out)
{
	return s->ops->blog_get(s, a, id, out);
}

int store_blog_by_slug(store *s, arena *a, str slug, struct store_blog *out)
{
	return s->ops->blog_by_slug(s, a, slug, out);
}

int store_blog_of(store *s, arena *a, int64_t owner, struct store_blog *out)
{
	return s->ops->blog_of(s, a, owner, out);
}

int store_blog_list(store *s, arena *a, int limit, int offset, struct store_blog_list *out)
{
	return s->ops->blog_list(s, a, limit, offset, out);
}

int store_blog_update(store *s, int64_t id, str title, str about, int64_t now)
{
	return s->ops->blog_update(s, id, title, about, now);
}

int store_blog_post_create(store *s, const struct store_blog_post *p, int64_t now, int64_t *id)
{
	return s->ops->blog_post_create(s, p, now, id);
}

int store_blog_post_update(store *s, const struct store_blog_post *p, int64_t actor, int64_t now)
{
	return s->ops->blog_post_update(s, p, actor, now);
}

int store_blog_post_get(store *s, arena *a, int64_t id, struct store_blog_post *out)
{
	return s->ops->blog_post_get(s, a, id, out);
}

int store_blog_post_by_slug(store *s, arena *a, int64_t blog, str slug, struct store_blog_post *out)
{
	return s->ops->blog_post_by_slug(s, a, blog, slug, out);
}

int store_blog_post_by_topic(store *s, arena *a, int64_t topic, struct store_blog_post *out)
{
	return s->ops->blog_post_by_topic(s, a, topic, out);
}

int store_blog_posts(store *s, arena *a, const struct store_blog_query *q, struct store_blog_post_list *out, int64_t *total)
{
	return s->ops->blog_posts(s, a, q, out, total);
}

int store_blog_revisions(store *s, arena *a, int64_t post, struct store_blog_revision_list *out)
{
	return s->ops->blog_revisions(s, a, post, out);
}

int store_blog_publish_due(store *s, int64_t now, int *n)
{
	return s->ops->blog_publish_due(s, now, n);
}

int store_blog_feature(store *s, int64_t id, bool on, int64_t editor, int64_t now)
{
	return s->ops->blog_feature(s, id, on, editor, now);
}

int store_blog_share(store *s, int64_t id, str network, bool on, int64_t editor, int64_t now)
{
	return s->ops->blog_share(s, id, network, on, editor, now);
}

int store_blog_tags(store *s, arena *a, int limit, struct store_blog_tag_list *out)
{
	return s->ops->blog_tags(s, a, limit, out);
}
