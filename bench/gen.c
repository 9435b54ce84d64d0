/* gen.c: rounds-gen, the large site's generator (issues 9 and 11).
 *
 *   rounds-gen --db sqlite:PATH|postgresql://... [--members N] [--topics N]
 *              [--posts N] [--seed N]
 *
 * Fills a database that `rounds migrate` made (and where `rounds user add`
 * may have made a few members, such as the demo doctor) with a site of
 * N members, topics and posts, plus groups, private messages, blogs (their
 * posts with comments) and library items in proportion.  Rows go in
 * directly, in bulk (SQLite: one connection, a transaction per table,
 * journal off for the build; the journal mode is put back at the end.
 * PostgreSQL: COPY), with every count the application keeps (forums'
 * topic_count, post_count and last_post_at, topics' reply_count,
 * last_post_id and last_post_at, groups' member_count, conversations'
 * last_message_at) as its writes would have left it; the search indexes
 * are the schema's (triggers on SQLite, generated columns on PostgreSQL),
 * so they fill as rows arrive.
 * A blog comment is a reply in its post's topic with posts.blog_comment
 * set, as the store writes it (migration 18), so the comments' own index
 * (blog_comments_fts, or the partial GIN index) holds it too.
 *
 * Realism, roughly: posts' lengths log-normal (most 200-800 bytes, a few
 * long), topics' sizes Pareto (most tens of posts, a few thousands), words
 * Zipf-like over a medical and everyday vocabulary of a few thousand
 * words with rarer drug-like names sprinkled in, authors skewed (a few
 * prolific members), times over five years with the site growing, the
 * forums' posts' ids in time order (the blog posts' first posts come
 * after them, then the blog comments, these in time order of their own);
 * comments on a blog post Pareto too (most have none to five, a few a
 * hundred or more), most within days of the post.  The same seed gives
 * the same site, on either store.
 *
 * Not part of the rounds binary and not a request path: it dies on the
 * first error with a message. */
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/store/sqlite/sqlite_terms.h"
#include "gen_words.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("rounds-gen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		die("out of memory");
	return p;
}

/* ---- Randomness: deterministic from the seed ---------------------------- */

static uint64_t seed;

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* A value in [0, 1) that depends only on the seed and the three keys. */
static double hash01(uint64_t a, uint64_t b, uint64_t c)
{
	return (double)(mix(seed ^ mix(a ^ mix(b ^ mix(c)))) >> 11) * 0x1.0p-53;
}

struct rng {
	uint64_t s;
};
static struct rng rng_for(uint64_t a, uint64_t b)
{
	return (struct rng){mix(seed ^ mix(a ^ mix(b)))};
}
static uint64_t rng_next(struct rng *r)
{
	return mix(r->s++);
}
static double rng01(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}
static int rng_int(struct rng *r, int n)
{
	return (int)(rng01(r) * n);
}
static double rng_normal(struct rng *r)
{
	double u = rng01(r), v = rng01(r);
	return sqrt(-2.0 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

/* ---- The vocabulary ------------------------------------------------------ */

enum { DRUG_NAMES = N_OF(gen_syll_a) * N_OF(gen_syll_b) * N_OF(gen_syll_c), DRUGS_IN_ZIPF = 1000 };

static char **vocab;   /* by rank */
static char **drugs;   /* every drug-like name, DRUG_NAMES of them */
static int nvocab, nfunction;
static double *cdf;    /* cumulative Zipf weights by rank */

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xcalloc(n, 1);
	memcpy(p, s, n);
	return p;
}

static char *drug_name(int k)
{
	char b[64];
	int a = k % N_OF(gen_syll_a), m = (k / N_OF(gen_syll_a)) % N_OF(gen_syll_b);
	int c = k / (N_OF(gen_syll_a) * N_OF(gen_syll_b));
	snprintf(b, sizeof b, "%s%s%s", gen_syll_a[a], gen_syll_b[m], gen_syll_c[c % N_OF(gen_syll_c)]);
	return xstrdup(b);
}

/* Function words, then the common words, then the rarer terms shuffled
 * together: hand-written medical words, root+suffix terms and a thousand
 * drug-like names.  Weights 1/rank^1.05. */
static void vocab_init(void)
{
	int cap = N_OF(gen_function_words) + N_OF(gen_common_words) + N_OF(gen_medical_words) +
		  N_OF(gen_roots) * N_OF(gen_suffixes) + DRUGS_IN_ZIPF;
	vocab = xcalloc((size_t)cap, sizeof *vocab);
	for (int i = 0; i < N_OF(gen_function_words); i++)
		vocab[nvocab++] = xstrdup(gen_function_words[i]);
	nfunction = nvocab;
	for (int i = 0; i < N_OF(gen_common_words); i++)
		vocab[nvocab++] = xstrdup(gen_common_words[i]);
	int rare = nvocab;
	for (int i = 0; i < N_OF(gen_medical_words); i++)
		vocab[nvocab++] = xstrdup(gen_medical_words[i]);
	for (int i = 0; i < N_OF(gen_roots); i++)
		for (int j = 0; j < N_OF(gen_suffixes); j++) {
			char b[64];
			snprintf(b, sizeof b, "%s%s", gen_roots[i], gen_suffixes[j]);
			vocab[nvocab++] = xstrdup(b);
		}
	drugs = xcalloc(DRUG_NAMES, sizeof *drugs);
	for (int i = 0; i < DRUG_NAMES; i++)
		drugs[i] = drug_name(i);
	for (int i = 0; i < DRUGS_IN_ZIPF; i++)
		vocab[nvocab++] = drugs[mix((uint64_t)i * 7 + 1) % DRUG_NAMES];
	struct rng r = rng_for(0x766f63, 0);
	for (int i = nvocab - 1; i > rare; i--) {
		int j = rare + rng_int(&r, i - rare + 1);
		char *t = vocab[i];
		vocab[i] = vocab[j];
		vocab[j] = t;
	}
	cdf = xcalloc((size_t)nvocab, sizeof *cdf);
	double sum = 0;
	for (int i = 0; i < nvocab; i++)
		cdf[i] = (sum += pow(i + 1, -1.05));
	for (int i = 0; i < nvocab; i++)
		cdf[i] /= sum;
}

static const char *zipf_word(struct rng *r, int min_rank)
{
	for (;;) {
		double u = rng01(r);
		int lo = 0, hi = nvocab - 1;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (cdf[mid] < u)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo >= min_rank)
			return vocab[lo];
	}
}

/* ---- Text ---------------------------------------------------------------- */

struct text {
	char *p;
	size_t n, cap;
};

static void put(struct text *t, const char *s, size_t n)
{
	if (t->n + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 4096;
		while (t->n + n + 1 > cap)
			cap *= 2;
		char *p = realloc(t->p, cap);
		if (!p)
			die("out of memory");
		t->p = p, t->cap = cap;
	}
	memcpy(t->p + t->n, s, n);
	t->n += n;
	t->p[t->n] = 0;
}
static void puts_(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

/* A sentence of 5-18 words, the first capitalised; now and then a drug
 * name from the long tail (each in a few hundred posts at full size). */
static void sentence(struct rng *r, struct text *t)
{
	int n = 5 + rng_int(r, 14), drug = rng01(r) < 0.05 ? rng_int(r, n) : -1;
	for (int i = 0; i < n; i++) {
		const char *word = i == drug ? drugs[rng_int(r, DRUG_NAMES)] : zipf_word(r, 0);
		if (i)
			put(t, " ", 1);
		if (!i) {
			char c = (char)(word[0] - 'a' + 'A');
			put(t, &c, 1);
			puts_(t, word + 1);
		} else {
			puts_(t, word);
		}
	}
	put(t, rng01(r) < 0.1 ? "?" : ".", 1);
}

/* A body of about `len` bytes: paragraphs of 1-4 sentences, as Markdown
 * (blank lines between) and as the HTML the renderer would make. */
static void body(struct rng *r, size_t len, struct text *md, struct text *html)
{
	md->n = html->n = 0;
	while (md->n < len) {
		if (md->n)
			puts_(md, "\n\n");
		size_t from = md->n;
		int k = 1 + rng_int(r, 4);
		for (int i = 0; i < k && md->n < len + 40; i++) {
			if (i)
				put(md, " ", 1);
			sentence(r, md);
		}
		puts_(html, "<p>");
		put(html, md->p + from, md->n - from);
		puts_(html, "</p>\n");
	}
}

/* A post's length: log-normal around 450 bytes, one in 25 long. */
static size_t post_len(struct rng *r)
{
	if (rng01(r) < 0.04)
		return 1500 + (size_t)rng_int(r, 6500);
	double x = exp(log(450) + 0.55 * rng_normal(r));
	return x < 60 ? 60 : x > 4000 ? 4000 : (size_t)x;
}

/* A title of 3-9 words, without function words. */
static void title(struct rng *r, struct text *t)
{
	t->n = 0;
	int n = 3 + rng_int(r, 7);
	for (int i = 0; i < n; i++) {
		const char *w = zipf_word(r, nfunction);
		if (i)
			put(t, " ", 1);
		if (!i) {
			char c = (char)(w[0] - 'a' + 'A');
			put(t, &c, 1);
			puts_(t, w + 1);
		} else {
			puts_(t, w);
		}
	}
	if (rng01(r) < 0.25)
		put(t, "?", 1);
}

/* ---- Output: SQLite inserts or PostgreSQL COPY, column by column -------- */

enum table {
	T_MEMBERS,
	T_FORUMS,
	T_GROUPS,
	T_GROUP_MEMBERS,
	T_BLOGS,
	T_TOPICS,
	T_POSTS,
	T_BLOG_POSTS,
	T_CONVERSATIONS,
	T_CONV_MEMBERS,
	T_MESSAGES,
	T_LIBRARY,
	T_MAX
};

#define MEMBERS_COLS                                                                                     \
	"id, email, email_lower, name, handle, type, country, specialty, grade, bio, timezone, pw_hash, roles, " \
	"confirmed, verified, suspended, created_at"
#define FORUMS_COLS "id, slug, name, description, section, position, topic_count, post_count, last_post_at, created_at"
#define GROUPS_COLS "forum_id, requester_id, audience, clinical, status, decided_at, member_count, created_at"
#define GROUP_MEMBERS_COLS "group_id, member_id, role, created_at"
#define BLOGS_COLS "forum_id, owner_id, created_at"
#define TOPICS_COLS "id, forum_id, author_id, title, created_at, last_post_at, last_post_id, reply_count"
#define POSTS_COLS "id, topic_id, author_id, number, body, body_html, created_at, blog_comment"
#define BLOG_POSTS_COLS                                                                                   \
	"id, blog_id, author_id, slug, title, summary, body, body_html, status, published_at, created_at, " \
	"updated_at, topic_id"
#define CONVERSATIONS_COLS "id, subject, created_by, created_at, last_message_at"
#define CONV_MEMBERS_COLS "conversation_id, member_id, joined_at"
#define MESSAGES_COLS "id, conversation_id, author_id, body, body_html, created_at"
#define LIBRARY_COLS "id, slug, kind, title, authors, about, body, body_html, access, created_by, created_at, updated_at"

static const struct {
	const char *name, *sq, *pg;
} tables[T_MAX] = {
	[T_MEMBERS] = {"members", "INSERT INTO members (" MEMBERS_COLS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		       "COPY members (" MEMBERS_COLS ") FROM STDIN"},
	[T_FORUMS] = {"forums", "INSERT INTO forums (" FORUMS_COLS ") VALUES (?,?,?,?,?,?,?,?,?,?)",
		      "COPY forums (" FORUMS_COLS ") FROM STDIN"},
	[T_GROUPS] = {"groups", "INSERT INTO groups (" GROUPS_COLS ") VALUES (?,?,?,?,?,?,?,?)",
		      "COPY groups (" GROUPS_COLS ") FROM STDIN"},
	[T_GROUP_MEMBERS] = {"group_members", "INSERT INTO group_members (" GROUP_MEMBERS_COLS ") VALUES (?,?,?,?)",
			     "COPY group_members (" GROUP_MEMBERS_COLS ") FROM STDIN"},
	[T_BLOGS] = {"blogs", "INSERT INTO blogs (" BLOGS_COLS ") VALUES (?,?,?)", "COPY blogs (" BLOGS_COLS ") FROM STDIN"},
	[T_TOPICS] = {"topics", "INSERT INTO topics (" TOPICS_COLS ") VALUES (?,?,?,?,?,?,?,?)",
		      "COPY topics (" TOPICS_COLS ") FROM STDIN"},
	[T_POSTS] = {"posts", "INSERT INTO posts (" POSTS_COLS ") VALUES (?,?,?,?,?,?,?,?)",
		     "COPY posts (" POSTS_COLS ") FROM STDIN"},
	[T_BLOG_POSTS] = {"blog_posts", "INSERT INTO blog_posts (" BLOG_POSTS_COLS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
			  "COPY blog_posts (" BLOG_POSTS_COLS ") FROM STDIN"},
	[T_CONVERSATIONS] = {"conversations", "INSERT INTO conversations (" CONVERSATIONS_COLS ") VALUES (?,?,?,?,?)",
			     "COPY conversations (" CONVERSATIONS_COLS ") FROM STDIN"},
	[T_CONV_MEMBERS] = {"conversation_members",
			    "INSERT INTO conversation_members (" CONV_MEMBERS_COLS ") VALUES (?,?,?)",
			    "COPY conversation_members (" CONV_MEMBERS_COLS ") FROM STDIN"},
	[T_MESSAGES] = {"messages", "INSERT INTO messages (" MESSAGES_COLS ") VALUES (?,?,?,?,?,?)",
			"COPY messages (" MESSAGES_COLS ") FROM STDIN"},
	[T_LIBRARY] = {"library_items", "INSERT INTO library_items (" LIBRARY_COLS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
		       "COPY library_items (" LIBRARY_COLS ") FROM STDIN"},
};

/* The identity sequences to move past the ids written (PostgreSQL). */
static const char *const pg_setval[] = {
	"SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT max(id) FROM members))",
	"SELECT setval(pg_get_serial_sequence('forums', 'id'), (SELECT max(id) FROM forums))",
	"SELECT setval(pg_get_serial_sequence('topics', 'id'), (SELECT max(id) FROM topics))",
	"SELECT setval(pg_get_serial_sequence('posts', 'id'), (SELECT max(id) FROM posts))",
	"SELECT setval(pg_get_serial_sequence('blog_posts', 'id'), greatest(1, (SELECT max(id) FROM blog_posts)))",
	"SELECT setval(pg_get_serial_sequence('conversations', 'id'), greatest(1, (SELECT max(id) FROM conversations)))",
	"SELECT setval(pg_get_serial_sequence('messages', 'id'), greatest(1, (SELECT max(id) FROM messages)))",
	"SELECT setval(pg_get_serial_sequence('library_items', 'id'), greatest(1, (SELECT max(id) FROM library_items)))",
};

/* PostgreSQL: the secondary indexes of the posts and of their phrases'
 * word pairs (the search GIN indexes among them) are dropped before the
 * load and made again after it from their own definitions, which is
 * several times faster than keeping them up row by row. */
static const char PG_POSTS_INDEXES_SAVE[] =
	"CREATE TEMP TABLE gen_posts_indexes AS SELECT indexname, indexdef, "
	"ARRAY(SELECT ARRAY[a.attnum, a.attstattarget] FROM pg_attribute a "
	"WHERE a.attrelid = format('%I', indexname)::regclass AND a.attstattarget > 0) AS targets "
	"FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('posts', 'post_pairs') "
	"AND indexname NOT IN ('posts_pkey', 'post_pairs_pkey')";
/* The load skips triggers (session_replication_role), so the pairs that
 * migration 20's trigger keeps are made here, by its own function. */
static const char PG_POST_PAIRS_FILL[] = "INSERT INTO post_pairs SELECT id, rounds_pairs(search) FROM posts";
static const char PG_POSTS_INDEXES_DROP[] =
	"DO $$ DECLARE r record; BEGIN FOR r IN SELECT indexname FROM gen_posts_indexes LOOP "
	"EXECUTE format('DROP INDEX %I', r.indexname); END LOOP; END $$";
/* ...with the statistics targets their expressions had (migration 26's). */
static const char PG_POSTS_INDEXES_MAKE[] =
	"DO $$ DECLARE r record; BEGIN FOR r IN SELECT * FROM gen_posts_indexes LOOP "
	"EXECUTE r.indexdef; FOR i IN 1 .. coalesce(array_length(r.targets, 1), 0) LOOP "
	"EXECUTE format('ALTER INDEX %I ALTER COLUMN %s SET STATISTICS %s', r.indexname, r.targets[i][1], "
	"r.targets[i][2]); END LOOP; END LOOP; END $$";

static const char SQ_FORUM_UPDATE[] =
	"UPDATE forums SET topic_count = ?2, post_count = ?3, last_post_at = ?4 WHERE id = ?1";
static const char PG_FORUM_UPDATE[] =
	"UPDATE forums SET topic_count = $2, post_count = $3, last_post_at = $4 WHERE id = $1";

struct out {
	sqlite3 *db;
	PGconn *pg;
	enum table t;
	sqlite3_stmt *st; /* SQLite: the table's insert */
	int col;
	struct text buf;  /* PostgreSQL: COPY text not yet sent */
	int64_t rows;
	struct timespec t0;
};

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void sq_exec(struct out *o, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(o->db, sql, NULL, NULL, &err) != SQLITE_OK)
		die("sqlite: %s: %s", sql, err ? err : "?");
}

static void pg_exec(struct out *o, const char *sql, ExecStatusType want)
{
	PGresult *res = PQexec(o->pg, sql);
	if (PQresultStatus(res) != want)
		die("postgresql: %s: %s", sql, PQerrorMessage(o->pg));
	PQclear(res);
}

static void table_begin(struct out *o, enum table t)
{
	o->t = t, o->rows = 0;
	clock_gettime(CLOCK_MONOTONIC, &o->t0);
	if (o->db) {
		sq_exec(o, "BEGIN");
		if (sqlite3_prepare_v2(o->db, tables[t].sq, -1, &o->st, NULL) != SQLITE_OK)
			die("sqlite: %s: %s", tables[t].sq, sqlite3_errmsg(o->db));
	} else {
		pg_exec(o, tables[t].pg, PGRES_COPY_IN);
		o->buf.n = 0;
	}
}

static void pg_flush(struct out *o)
{
	if (o->buf.n && PQputCopyData(o->pg, o->buf.p, (int)o->buf.n) != 1)
		die("postgresql: COPY %s: %s", tables[o->t].name, PQerrorMessage(o->pg));
	o->buf.n = 0;
}

static void table_end(struct out *o)
{
	if (o->db) {
		sqlite3_finalize(o->st);
		o->st = NULL;
		sq_exec(o, "COMMIT");
	} else {
		pg_flush(o);
		if (PQputCopyEnd(o->pg, NULL) != 1)
			die("postgresql: COPY %s: %s", tables[o->t].name, PQerrorMessage(o->pg));
		PGresult *res;
		while ((res = PQgetResult(o->pg))) {
			if (PQresultStatus(res) != PGRES_COMMAND_OK)
				die("postgresql: COPY %s: %s", tables[o->t].name, PQerrorMessage(o->pg));
			PQclear(res);
		}
	}
	fprintf(stderr, "rounds-gen: %-20s %10" PRId64 " rows %8.1f s\n", tables[o->t].name, o->rows, since(&o->t0));
}

static void col_sep(struct out *o)
{
	if (!o->db && o->col)
		put(&o->buf, "\t", 1);
	o->col++;
}

static void col_int(struct out *o, int64_t v)
{
	col_sep(o);
	if (o->db) {
		sqlite3_bind_int64(o->st, o->col, v);
	} else {
		char b[24];
		int n = snprintf(b, sizeof b, "%" PRId64, v);
		put(&o->buf, b, (size_t)n);
	}
}

/* Text, which must stay alive until row_end. */
static void col_text(struct out *o, const char *s, size_t n)
{
	col_sep(o);
	if (o->db) {
		sqlite3_bind_text(o->st, o->col, s, (int)n, SQLITE_STATIC);
		return;
	}
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *esc = s[i] == '\\' ? "\\\\" : s[i] == '\t' ? "\\t" : s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r" : NULL;
		if (esc) {
			put(&o->buf, s + from, i - from);
			puts_(&o->buf, esc);
			from = i + 1;
		}
	}
	put(&o->buf, s + from, n - from);
}
static void col_str(struct out *o, const char *s)
{
	col_text(o, s, strlen(s));
}

static void row_end(struct out *o)
{
	o->rows++;
	o->col = 0;
	if (o->db) {
		if (sqlite3_step(o->st) != SQLITE_DONE)
			die("sqlite: %s row %" PRId64 ": %s", tables[o->t].name, o->rows, sqlite3_errmsg(o->db));
		sqlite3_reset(o->st);
		return;
	}
	put(&o->buf, "\n", 1);
	if (o->buf.n > (1u << 20))
		pg_flush(o);
}

/* One integer from a query without parameters (-1: no row). */
static int64_t query_int(struct out *o, const char *sq, const char *pg)
{
	int64_t v = -1;
	if (o->db) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(o->db, sq, -1, &st, NULL) != SQLITE_OK)
			die("sqlite: %s: %s", sq, sqlite3_errmsg(o->db));
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	} else {
		PGresult *res = PQexec(o->pg, pg);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			die("postgresql: %s: %s", pg, PQerrorMessage(o->pg));
		if (PQntuples(res))
			v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	return v;
}

/* ---- The site's plan ------------------------------------------------------ */

enum { T0 = 1638316800 /* 2021-12-01 */, SPAN = 5 * 365 * 86400 };

struct forum {
	int64_t id;
	int section; /* 0 open clinical, 1 closed clinical, 2 off duty, 3 group, 4 blog */
	int64_t topics, posts, last;
};

static struct site {
	int64_t members, topics, posts;
	int64_t member_base, forum_base, topic_base, post_base;
	int64_t doctor;  /* the demo doctor's id, or 0 */
	int64_t mult;    /* member rank -> id: a multiplier prime to `members` */
	int nseeded, ngroups, nblogs, nblog_posts, nlibrary;
	int64_t nconv;
	struct forum *forums; /* seeded, then groups, then blogs */
	int nforums;
	int32_t *t_forum, *t_size;
	uint32_t *t_start, *t_last_at;
	int64_t *t_first, *t_last;
	uint64_t *plan; /* a post per entry: time << 32 | topic, sorted */
	int64_t ncomments;
	int32_t *c_count;   /* per blog post: its comments */
	int64_t *c_last;    /* per blog post: its topic's last post */
	int64_t *c_last_at; /* and that post's time */
	uint64_t *c_plan;   /* a comment per entry: time << 32 | blog post, sorted */
} S;

static int64_t member_of_rank(int64_t r)
{
	return S.member_base + 1 + (int64_t)(((uint64_t)r * (uint64_t)S.mult) % (uint64_t)S.members);
}

static bool member_doctor(int64_t id)
{
	return hash01((uint64_t)id, 't', 0) < 0.6;
}
static bool member_verified(int64_t id)
{
	return member_doctor(id) && hash01((uint64_t)id, 'v', 0) < 0.8;
}

/* An author: a member drawn by a power law over ranks (the top one
 * writes a fraction of a percent of everything; most write a few posts),
 * a verified doctor in a closed clinical forum. */
static int64_t author_pick(uint64_t kind, uint64_t key, bool closed)
{
	int64_t id = 0;
	for (int k = 0; k < 8; k++) {
		int64_t r = (int64_t)((double)S.members * pow(hash01(kind, key, (uint64_t)k), 2.5));
		id = member_of_rank(r < S.members ? r : S.members - 1);
		if (!closed || member_verified(id))
			return id;
	}
	return S.doctor ? S.doctor : id;
}

static int64_t post_author(int64_t post_id, int32_t topic)
{
	return author_pick('p', (uint64_t)post_id, S.forums[S.t_forum[topic]].section == 1);
}

static void name_of(int64_t id, char *b, size_t n)
{
	snprintf(b, n, "%s %s", gen_first_names[mix((uint64_t)id * 3) % N_OF(gen_first_names)],
		 gen_last_names[mix((uint64_t)id * 5) % N_OF(gen_last_names)]);
}
static void handle_of(int64_t id, char *b, size_t n)
{
	const char *f = gen_first_names[mix((uint64_t)id * 3) % N_OF(gen_first_names)];
	size_t k = 0;
	for (; f[k] && k < 12 && k + 1 < n; k++)
		b[k] = (char)(f[k] >= 'A' && f[k] <= 'Z' ? f[k] - 'A' + 'a' : f[k]);
	snprintf(b + k, n - k, "%" PRId64, id);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The forum of topic i: 2% in groups, the rest by section (open clinical
 * 42%, closed 38%, off duty 20%), the first forums of a section busier. */
static int32_t topic_forum(int64_t i)
{
	if (S.ngroups && hash01((uint64_t)i, 'g', 0) < 0.02)
		return (int32_t)(S.nseeded + (int)(hash01((uint64_t)i, 'g', 1) * S.ngroups));
	double u = hash01((uint64_t)i, 'f', 0);
	int section = u < 0.42 ? 0 : u < 0.80 ? 1 : 2;
	double w[64], sum = 0;
	int idx[64], n = 0;
	for (int f = 0; f < S.nseeded && n < 64; f++)
		if (S.forums[f].section == section) {
			idx[n] = f;
			sum += w[n] = 1.0 / sqrt(n + 1.0);
			n++;
		}
	if (!n)
		return 0;
	double v = hash01((uint64_t)i, 'f', 1) * sum;
	for (int k = 0; k < n; k++)
		if ((v -= w[k]) < 0)
			return idx[k];
	return idx[n - 1];
}

/* Topics' forums, sizes (Pareto, alpha 1.2, scaled to the posts asked
 * for) and times; every post's time; ids in time order; the counts. */
static void plan(void)
{
	int64_t T = S.topics, P = S.posts;
	S.t_forum = xcalloc((size_t)T, sizeof *S.t_forum);
	S.t_size = xcalloc((size_t)T, sizeof *S.t_size);
	S.t_start = xcalloc((size_t)T, sizeof *S.t_start);
	S.t_last_at = xcalloc((size_t)T, sizeof *S.t_last_at);
	S.t_first = xcalloc((size_t)T, sizeof *S.t_first);
	S.t_last = xcalloc((size_t)T, sizeof *S.t_last);
	double *raw = xcalloc((size_t)T, sizeof *raw), sum = 0;
	for (int64_t i = 0; i < T; i++) {
		double x = pow(1.0 - hash01((uint64_t)i, 'z', 0), -1.0 / 1.2);
		sum += raw[i] = x > 2000 ? 2000 : x;
	}
	int64_t total = 0;
	for (int64_t i = 0; i < T; i++) {
		int64_t n = (int64_t)(raw[i] * (double)P / sum);
		total += S.t_size[i] = (int32_t)(n < 1 ? 1 : n);
		S.t_forum[i] = topic_forum(i);
		S.t_start[i] = (uint32_t)(SPAN * sqrt(hash01((uint64_t)i, 's', 0)));
	}
	free(raw);
	for (int64_t i = 0; total != P; i = (i + 1) % T) {
		if (total < P)
			S.t_size[i]++, total++;
		else if (S.t_size[i] > 1)
			S.t_size[i]--, total--;
	}
	S.plan = xcalloc((size_t)P, sizeof *S.plan);
	int64_t k = 0;
	for (int64_t i = 0; i < T; i++) {
		uint32_t start = S.t_start[i];
		double dur = 86400.0 * (2 + S.t_size[i] * 0.5);
		if (dur > (double)(SPAN - start))
			dur = (double)(SPAN - start);
		struct rng r = rng_for('t', (uint64_t)i);
		for (int32_t j = 0; j < S.t_size[i]; j++) {
			double x = rng01(&r);
			uint32_t t = j ? start + (uint32_t)(dur * x * x) : start;
			S.plan[k++] = (uint64_t)t << 32 | (uint64_t)i;
		}
	}
	qsort(S.plan, (size_t)P, sizeof *S.plan, cmp_u64);
	for (int64_t j = 0; j < P; j++) {
		int32_t i = (int32_t)(S.plan[j] & 0xffffffffu);
		uint32_t t = (uint32_t)(S.plan[j] >> 32);
		int64_t id = S.post_base + j + 1;
		if (!S.t_first[i])
			S.t_first[i] = id;
		S.t_last[i] = id;
		S.t_last_at[i] = t;
		struct forum *f = &S.forums[S.t_forum[i]];
		f->posts++;
		if (T0 + (int64_t)t > f->last)
			f->last = T0 + (int64_t)t;
	}
	for (int64_t i = 0; i < T; i++)
		S.forums[S.t_forum[i]].topics++;
}

/* ---- The tables ------------------------------------------------------------ */

static bool blog_owner(int64_t id)
{
	for (int b = 0; b < S.nblogs; b++)
		if (member_of_rank(b) == id)
			return true;
	return false;
}

static void gen_members(struct out *o)
{
	static const char *const types[] = {"doctor", "student", "hcp"};
	char name[96], handle[48], email[96], bio[160];
	table_begin(o, T_MEMBERS);
	for (int64_t id = S.member_base + 1; id <= S.member_base + S.members; id++) {
		double u = hash01((uint64_t)id, 't', 0);
		int type = member_doctor(id) ? 0 : u < 0.75 ? 1 : 2;
		uint64_t h = mix((uint64_t)id * 11);
		name_of(id, name, sizeof name);
		handle_of(id, handle, sizeof handle);
		snprintf(email, sizeof email, "m%" PRId64 "@gen.rounds.example", id);
		snprintf(bio, sizeof bio, "%s", h % 10 ? "" : "Interested in medical education and rural health.");
		col_int(o, id);
		col_str(o, email);
		col_str(o, email);
		col_str(o, name);
		col_str(o, handle);
		col_str(o, types[type]);
		col_str(o, gen_countries[h % N_OF(gen_countries)]);
		col_str(o, type == 1 ? "" : gen_specialties[(h >> 8) % N_OF(gen_specialties)]);
		col_str(o, type == 0 ? gen_grades[(h >> 16) % N_OF(gen_grades)] : "");
		col_str(o, bio);
		col_str(o, "Europe/London");
		col_str(o, "");
		col_int(o, blog_owner(id) ? 4 /* ROLE_BLOGGER */ : 0);
		col_int(o, 1);
		col_int(o, member_verified(id));
		col_int(o, 0);
		col_int(o, T0 - (int64_t)(hash01((uint64_t)id, 'c', 0) * 400 * 86400));
		row_end(o);
	}
	table_end(o);
}

/* A group's members: k = 0 its owner, then 3..200 others, distinct. */
static int group_size(int g)
{
	return 4 + (int)(200 * pow(hash01((uint64_t)g, 'G', 0), 3));
}
static int64_t group_member(int g, int k)
{
	return S.member_base + 1 + (int64_t)((mix((uint64_t)g) + (uint64_t)k * 104729u) % (uint64_t)S.members);
}
static bool doctor_in_group(int g)
{
	return S.doctor && g < 5;
}

static void gen_forums(struct out *o)
{
	struct text tt = {0};
	char slug[64], name[160];
	table_begin(o, T_FORUMS);
	for (int f = S.nseeded; f < S.nforums; f++) {
		struct forum *fo = &S.forums[f];
		struct rng r = rng_for('F', (uint64_t)f);
		title(&r, &tt);
		if (fo->section == 3) {
			snprintf(slug, sizeof slug, "group-%d", f - S.nseeded + 1);
			snprintf(name, sizeof name, "%.*s group", (int)(tt.n > 60 ? 60 : tt.n), tt.p);
		} else {
			char owner[96];
			name_of(member_of_rank(f - S.nseeded - S.ngroups), owner, sizeof owner);
			snprintf(slug, sizeof slug, "blog-%d", f - S.nseeded - S.ngroups + 1);
			snprintf(name, sizeof name, "%s's notes", owner);
		}
		col_int(o, fo->id);
		col_str(o, slug);
		col_str(o, name);
		col_text(o, tt.p, tt.n);
		col_str(o, fo->section == 3 ? "group" : "blog");
		col_int(o, 0);
		col_int(o, fo->topics);
		col_int(o, fo->posts);
		col_int(o, fo->last);
		col_int(o, T0 - 86400);
		row_end(o);
	}
	table_end(o);
	free(tt.p);

	table_begin(o, T_GROUPS);
	for (int g = 0; g < S.ngroups; g++) {
		col_int(o, S.forums[S.nseeded + g].id);
		col_int(o, group_member(g, 0));
		col_str(o, "");
		col_int(o, g % 3 == 0);
		col_str(o, "active");
		col_int(o, T0 - 86400);
		col_int(o, group_size(g) + doctor_in_group(g));
		col_int(o, T0 - 86400);
		row_end(o);
	}
	table_end(o);

	table_begin(o, T_GROUP_MEMBERS);
	for (int g = 0; g < S.ngroups; g++) {
		int64_t gid = S.forums[S.nseeded + g].id;
		for (int k = 0; k < group_size(g) + doctor_in_group(g); k++) {
			col_int(o, gid);
			col_int(o, k < group_size(g) ? group_member(g, k) : S.doctor);
			col_str(o, k ? "member" : "owner");
			col_int(o, T0 - 86400);
			row_end(o);
		}
	}
	table_end(o);

	table_begin(o, T_BLOGS);
	for (int b = 0; b < S.nblogs; b++) {
		col_int(o, S.forums[S.nseeded + S.ngroups + b].id);
		col_int(o, member_of_rank(b));
		col_int(o, T0 - 86400);
		row_end(o);
	}
	table_end(o);
}

/* Blog post k: its blog, time and texts (drawn in this order always). */
struct blog_post {
	int blog;
	int64_t at;
	struct text title, summary, md, html;
};
static void blog_post(int k, struct blog_post *bp)
{
	struct rng r = rng_for('b', (uint64_t)k);
	bp->blog = k % S.nblogs;
	bp->at = T0 + (int64_t)(SPAN * sqrt(rng01(&r)));
	title(&r, &bp->title);
	bp->summary.n = 0;
	sentence(&r, &bp->summary);
	body(&r, 1500 + (size_t)rng_int(&r, 3000), &bp->md, &bp->html);
}

/* Frees what blog_post drew into bp. */
static void blog_post_free(struct blog_post *bp)
{
	free(bp->title.p), free(bp->summary.p), free(bp->md.p), free(bp->html.p);
}

/* The id of blog post k's first post, in its topic. */
static int64_t blog_first_post(int k)
{
	return S.post_base + S.posts + k + 1;
}

/* The id of comment j (in time order, after the blog posts' first posts). */
static int64_t comment_id(int64_t j)
{
	return S.post_base + S.posts + S.nblog_posts + j + 1;
}

/* Blog post k's comments: Pareto (alpha 1.5): 4 in 10 posts have none,
 * 8 in 10 at most five, one in 30 twenty or more, the busiest a few
 * hundred. */
static int32_t comment_count(int k)
{
	double x = 2.5 * (pow(1.0 - hash01((uint64_t)k, 'K', 0), -1.0 / 1.5) - 1.0);
	return x > 400 ? 400 : (int32_t)x;
}

/* A comment's length: log-normal around 220 bytes, shorter than posts. */
static size_t comment_len(struct rng *r)
{
	double x = exp(log(220) + 0.6 * rng_normal(r));
	return x < 30 ? 30 : x > 2000 ? 2000 : (size_t)x;
}

/* Every blog post's comments: times after the post, most within days,
 * a busy post's over weeks (never past the site's span); ids after the
 * blog posts' first posts, in time order; each post's count, last post
 * and its time, for its topic and its blog's forum. */
static void plan_comments(void)
{
	int B = S.nblog_posts;
	S.c_count = xcalloc((size_t)B, sizeof *S.c_count);
	S.c_last = xcalloc((size_t)B, sizeof *S.c_last);
	S.c_last_at = xcalloc((size_t)B, sizeof *S.c_last_at);
	struct blog_post bp = {0};
	for (int k = 0; k < B; k++) {
		blog_post(k, &bp);
		S.c_count[k] = comment_count(k);
		S.ncomments += S.c_count[k];
		S.c_last[k] = blog_first_post(k);
		S.c_last_at[k] = bp.at;
	}
	S.c_plan = xcalloc((size_t)S.ncomments, sizeof *S.c_plan);
	int64_t j = 0;
	for (int k = 0; k < B; k++) {
		int64_t at = S.c_last_at[k];
		double dur = 86400.0 * (1 + S.c_count[k] * 0.3);
		if (dur > (double)(T0 + SPAN - at))
			dur = (double)(T0 + SPAN - at);
		struct rng r = rng_for('k', (uint64_t)k);
		for (int32_t m = 0; m < S.c_count[k]; m++) {
			double x = rng01(&r);
			S.c_plan[j++] = (uint64_t)(at - T0 + (int64_t)(dur * x * x)) << 32 | (uint64_t)k;
		}
	}
	qsort(S.c_plan, (size_t)S.ncomments, sizeof *S.c_plan, cmp_u64);
	for (j = 0; j < S.ncomments; j++) {
		int k = (int)(S.c_plan[j] & 0xffffffffu);
		S.c_last[k] = comment_id(j);
		S.c_last_at[k] = T0 + (int64_t)(S.c_plan[j] >> 32);
	}
	blog_post_free(&bp);
}

static void gen_topics(struct out *o)
{
	struct text tt = {0};
	table_begin(o, T_TOPICS);
	for (int64_t i = 0; i < S.topics; i++) {
		struct rng r = rng_for('T', (uint64_t)i);
		title(&r, &tt);
		col_int(o, S.topic_base + i + 1);
		col_int(o, S.forums[S.t_forum[i]].id);
		col_int(o, post_author(S.t_first[i], (int32_t)i));
		col_text(o, tt.p, tt.n);
		col_int(o, T0 + (int64_t)S.t_start[i]);
		col_int(o, T0 + (int64_t)S.t_last_at[i]);
		col_int(o, S.t_last[i]);
		col_int(o, S.t_size[i] - 1);
		row_end(o);
	}
	struct blog_post bp = {0};
	for (int k = 0; k < S.nblog_posts; k++) {
		blog_post(k, &bp);
		col_int(o, S.topic_base + S.topics + k + 1);
		col_int(o, S.forums[S.nseeded + S.ngroups + bp.blog].id);
		col_int(o, member_of_rank(bp.blog));
		col_text(o, bp.title.p, bp.title.n);
		col_int(o, bp.at);
		col_int(o, S.c_last_at[k]);
		col_int(o, S.c_last[k]);
		col_int(o, S.c_count[k]);
		row_end(o);
	}
	table_end(o);
	free(tt.p);
	blog_post_free(&bp);
}

static void gen_posts(struct out *o)
{
	struct text md = {0}, html = {0};
	int32_t *number = xcalloc((size_t)S.topics, sizeof *number);
	if (o->pg) {
		pg_exec(o, PG_POSTS_INDEXES_SAVE, PGRES_COMMAND_OK);
		pg_exec(o, PG_POSTS_INDEXES_DROP, PGRES_COMMAND_OK);
	}
	table_begin(o, T_POSTS);
	for (int64_t j = 0; j < S.posts; j++) {
		int32_t i = (int32_t)(S.plan[j] & 0xffffffffu);
		int64_t id = S.post_base + j + 1;
		struct rng r = rng_for('P', (uint64_t)id);
		body(&r, post_len(&r), &md, &html);
		col_int(o, id);
		col_int(o, S.topic_base + i + 1);
		col_int(o, post_author(id, i));
		col_int(o, ++number[i]);
		col_text(o, md.p, md.n);
		col_text(o, html.p, html.n);
		col_int(o, T0 + (int64_t)(S.plan[j] >> 32));
		col_int(o, 0);
		row_end(o);
	}
	struct blog_post bp = {0};
	for (int k = 0; k < S.nblog_posts; k++) {
		blog_post(k, &bp);
		html.n = 0;
		puts_(&html, "<p>");
		put(&html, bp.summary.p, bp.summary.n);
		puts_(&html, "</p>");
		col_int(o, blog_first_post(k));
		col_int(o, S.topic_base + S.topics + k + 1);
		col_int(o, member_of_rank(bp.blog));
		col_int(o, 1);
		col_text(o, bp.summary.p, bp.summary.n);
		col_text(o, html.p, html.n);
		col_int(o, bp.at);
		col_int(o, 0);
		row_end(o);
	}
	/* The comments: replies numbered from 2 in their post's topic, by
	 * members at large and now and then the blogger, marked as the store
	 * marks them. */
	int32_t *cnumber = xcalloc((size_t)S.nblog_posts, sizeof *cnumber);
	for (int64_t j = 0; j < S.ncomments; j++) {
		int k = (int)(S.c_plan[j] & 0xffffffffu);
		int64_t id = comment_id(j);
		struct rng r = rng_for('K', (uint64_t)id);
		body(&r, comment_len(&r), &md, &html);
		col_int(o, id);
		col_int(o, S.topic_base + S.topics + k + 1);
		col_int(o, hash01((uint64_t)id, 'k', 1) < 0.15 ? member_of_rank(k % S.nblogs)
							       : author_pick('k', (uint64_t)id, false));
		col_int(o, 1 + ++cnumber[k]);
		col_text(o, md.p, md.n);
		col_text(o, html.p, html.n);
		col_int(o, T0 + (int64_t)(S.c_plan[j] >> 32));
		col_int(o, 1);
		row_end(o);
	}
	free(cnumber);
	table_end(o);
	if (o->pg) {
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pg_exec(o, PG_POST_PAIRS_FILL, PGRES_COMMAND_OK);
		fprintf(stderr, "rounds-gen: %-20s %10s      %8.1f s\n", "posts' word pairs", "", since(&t0));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pg_exec(o, PG_POSTS_INDEXES_MAKE, PGRES_COMMAND_OK);
		fprintf(stderr, "rounds-gen: %-20s %10s      %8.1f s\n", "posts' indexes", "", since(&t0));
	}
	free(number);
	free(md.p), free(html.p);
	blog_post_free(&bp);
}

static void gen_blog_posts(struct out *o)
{
	struct blog_post bp = {0};
	char slug[32];
	table_begin(o, T_BLOG_POSTS);
	for (int k = 0; k < S.nblog_posts; k++) {
		blog_post(k, &bp);
		snprintf(slug, sizeof slug, "post-%d", k + 1);
		col_int(o, k + 1);
		col_int(o, S.forums[S.nseeded + S.ngroups + bp.blog].id);
		col_int(o, member_of_rank(bp.blog));
		col_str(o, slug);
		col_text(o, bp.title.p, bp.title.n);
		col_text(o, bp.summary.p, bp.summary.n);
		col_text(o, bp.md.p, bp.md.n);
		col_text(o, bp.html.p, bp.html.n);
		col_str(o, "published");
		col_int(o, bp.at);
		col_int(o, bp.at - 3600);
		col_int(o, bp.at);
		col_int(o, S.topic_base + S.topics + k + 1);
		row_end(o);
	}
	table_end(o);
	blog_post_free(&bp);
}

/* Conversation k: two members (the demo doctor in the first 200), 1-30
 * messages a few hours apart. */
struct conv {
	int64_t a, b, at, gap;
	int n;
};
static struct conv conv_of(int64_t k)
{
	struct conv c;
	c.a = author_pick('c', (uint64_t)k, false);
	c.b = S.doctor && k < 200 ? S.doctor
				  : S.member_base + 1 + (int64_t)(hash01((uint64_t)k, 'C', 0) * (double)S.members);
	if (c.b == c.a)
		c.b = c.a == S.member_base + 1 ? c.a + 1 : c.a - 1;
	c.at = T0 + (int64_t)(SPAN * sqrt(hash01((uint64_t)k, 'C', 1)));
	c.n = 1 + (int)(-log(1.0 - hash01((uint64_t)k, 'C', 2)) * 3.0);
	if (c.n > 30)
		c.n = 30;
	c.gap = 600 + (int64_t)(hash01((uint64_t)k, 'C', 3) * 8 * 3600);
	return c;
}

static void gen_messages(struct out *o)
{
	struct text tt = {0}, md = {0}, html = {0};
	table_begin(o, T_CONVERSATIONS);
	for (int64_t k = 0; k < S.nconv; k++) {
		struct conv c = conv_of(k);
		struct rng r = rng_for('S', (uint64_t)k);
		title(&r, &tt);
		col_int(o, k + 1);
		col_text(o, tt.p, tt.n);
		col_int(o, c.a);
		col_int(o, c.at);
		col_int(o, c.at + (c.n - 1) * c.gap);
		row_end(o);
	}
	table_end(o);
	table_begin(o, T_CONV_MEMBERS);
	for (int64_t k = 0; k < S.nconv; k++) {
		struct conv c = conv_of(k);
		for (int m = 0; m < 2; m++) {
			col_int(o, k + 1);
			col_int(o, m ? c.b : c.a);
			col_int(o, c.at);
			row_end(o);
		}
	}
	table_end(o);
	table_begin(o, T_MESSAGES);
	int64_t id = 0;
	for (int64_t k = 0; k < S.nconv; k++) {
		struct conv c = conv_of(k);
		for (int m = 0; m < c.n; m++) {
			struct rng r = rng_for('M', (uint64_t)++id);
			body(&r, 40 + (size_t)rng_int(&r, 360), &md, &html);
			col_int(o, id);
			col_int(o, k + 1);
			col_int(o, m % 2 ? c.b : c.a);
			col_text(o, md.p, md.n);
			col_text(o, html.p, html.n);
			col_int(o, c.at + m * c.gap);
			row_end(o);
		}
	}
	table_end(o);
	free(tt.p), free(md.p), free(html.p);
}

static void gen_library(struct out *o)
{
	static const char *const access[] = {"public", "public", "members", "doctors"};
	struct text tt = {0}, about = {0}, md = {0}, html = {0};
	char slug[32], authors[200], a1[96], a2[96];
	table_begin(o, T_LIBRARY);
	for (int k = 0; k < S.nlibrary; k++) {
		struct rng r = rng_for('L', (uint64_t)k);
		title(&r, &tt);
		about.n = 0;
		sentence(&r, &about);
		body(&r, 800 + (size_t)rng_int(&r, 2500), &md, &html);
		snprintf(slug, sizeof slug, "item-%d", k + 1);
		name_of(member_of_rank(k + 100), a1, sizeof a1);
		name_of(member_of_rank(k + 200), a2, sizeof a2);
		snprintf(authors, sizeof authors, "%s, %s", a1, a2);
		int64_t at = T0 + (int64_t)(SPAN * hash01((uint64_t)k, 'L', 1));
		col_int(o, k + 1);
		col_str(o, slug);
		col_str(o, "page");
		col_text(o, tt.p, tt.n);
		col_str(o, authors);
		col_text(o, about.p, about.n);
		col_text(o, md.p, md.n);
		col_text(o, html.p, html.n);
		col_str(o, access[k % 4]);
		col_int(o, S.doctor ? S.doctor : member_of_rank(k));
		col_int(o, at);
		col_int(o, at);
		row_end(o);
	}
	table_end(o);
	free(tt.p), free(about.p), free(md.p), free(html.p);
}

/* ---- Setup and the run ------------------------------------------------------ */

static int section_of(const char *s)
{
	return !strcmp(s, "open_clinical") ? 0 : !strcmp(s, "closed_clinical") ? 1 : !strcmp(s, "off_duty") ? 2 : 3;
}

/* The seeded forums (every forum there is: the database is fresh). */
static void load_forums(struct out *o)
{
	static const char sql[] = "SELECT id, section FROM forums ORDER BY id";
	int cap = 64 + S.ngroups + S.nblogs;
	S.forums = xcalloc((size_t)cap, sizeof *S.forums);
	if (o->db) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(o->db, sql, -1, &st, NULL) != SQLITE_OK)
			die("sqlite: %s", sqlite3_errmsg(o->db));
		while (sqlite3_step(st) == SQLITE_ROW && S.nseeded < 64) {
			S.forums[S.nseeded].id = sqlite3_column_int64(st, 0);
			S.forums[S.nseeded++].section = section_of((const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_finalize(st);
	} else {
		PGresult *res = PQexec(o->pg, sql);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			die("postgresql: %s", PQerrorMessage(o->pg));
		for (int i = 0; i < PQntuples(res) && S.nseeded < 64; i++) {
			S.forums[S.nseeded].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
			S.forums[S.nseeded++].section = section_of(PQgetvalue(res, i, 1));
		}
		PQclear(res);
	}
	for (int f = 0; f < S.nseeded; f++)
		if (S.forums[f].section > 2)
			die("the database holds groups or blogs already: give rounds-gen a fresh one");
	S.nforums = S.nseeded;
	for (int g = 0; g < S.ngroups + S.nblogs; g++) {
		struct forum *f = &S.forums[S.nforums++];
		f->id = S.forum_base + g + 1;
		f->section = g < S.ngroups ? 3 : 4;
	}
}

static void update_seeded_forums(struct out *o)
{
	if (o->db) {
		sqlite3_stmt *st;
		sq_exec(o, "BEGIN");
		if (sqlite3_prepare_v2(o->db, SQ_FORUM_UPDATE, -1, &st, NULL) != SQLITE_OK)
			die("sqlite: %s", sqlite3_errmsg(o->db));
		for (int f = 0; f < S.nseeded; f++) {
			sqlite3_bind_int64(st, 1, S.forums[f].id);
			sqlite3_bind_int64(st, 2, S.forums[f].topics);
			sqlite3_bind_int64(st, 3, S.forums[f].posts);
			sqlite3_bind_int64(st, 4, S.forums[f].last);
			if (sqlite3_step(st) != SQLITE_DONE)
				die("sqlite: %s", sqlite3_errmsg(o->db));
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		sq_exec(o, "COMMIT");
		return;
	}
	for (int f = 0; f < S.nseeded; f++) {
		char v[4][24];
		const char *params[4] = {v[0], v[1], v[2], v[3]};
		snprintf(v[0], sizeof v[0], "%" PRId64, S.forums[f].id);
		snprintf(v[1], sizeof v[1], "%" PRId64, S.forums[f].topics);
		snprintf(v[2], sizeof v[2], "%" PRId64, S.forums[f].posts);
		snprintf(v[3], sizeof v[3], "%" PRId64, S.forums[f].last);
		PGresult *res = PQexecParams(o->pg, PG_FORUM_UPDATE, 4, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			die("postgresql: %s", PQerrorMessage(o->pg));
		PQclear(res);
	}
}

static int64_t gcd(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;
		a = b, b = t;
	}
	return a;
}

static const char usage[] =
	"usage: rounds-gen --db sqlite:PATH|postgresql://... [--members N] [--topics N] [--posts N] [--seed N]\n"
	"Fills a database made by `rounds migrate` with a large site (defaults: 1000000 members,\n"
	"100000 topics, 10000000 posts, seed 1).\n";

static int64_t arg_int(const char *v)
{
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end || n < 0)
		die("bad number '%s'\n%s", v, usage);
	return n;
}

static void open_db(struct out *o, const char *db)
{
	if (!strncmp(db, "sqlite:", 7)) {
		if (sqlite3_open_v2(db + 7, &o->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
			die("cannot open %s: %s", db + 7, sqlite3_errmsg(o->db));
		/* The schema's triggers fill the prefix words with it. */
		if (sq_terms_register(o->db, NULL) != SQLITE_OK)
			die("cannot register rounds_terms: %s", sqlite3_errmsg(o->db));
		/* The build only: no journal, no syncs, a large cache. */
		sq_exec(o, "PRAGMA journal_mode = DELETE");
		sq_exec(o, "PRAGMA journal_mode = OFF");
		sq_exec(o, "PRAGMA synchronous = OFF");
		sq_exec(o, "PRAGMA cache_size = -2000000");
		sq_exec(o, "PRAGMA foreign_keys = OFF");
	} else if (!strncmp(db, "postgres", 8)) {
		o->pg = PQconnectdb(db);
		if (PQstatus(o->pg) != CONNECTION_OK)
			die("cannot connect to %s: %s", db, PQerrorMessage(o->pg));
		pg_exec(o, "SET synchronous_commit = off", PGRES_COMMAND_OK);
		pg_exec(o, "SET maintenance_work_mem = '2GB'", PGRES_COMMAND_OK);
		/* Foreign keys are triggers: a superuser may skip them (every row
		 * written refers to one written before it anyway). */
		PGresult *res = PQexec(o->pg, "SET session_replication_role = replica");
		PQclear(res);
	} else {
		die("--db must be sqlite:PATH or a postgresql:// URL\n%s", usage);
	}
}

static void finish_db(struct out *o)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (o->db) {
		sq_exec(o, "PRAGMA analysis_limit = 1000");
		sq_exec(o, "ANALYZE");
		sq_exec(o, "PRAGMA journal_mode = WAL");
		sqlite3_close(o->db);
	} else {
		for (int i = 0; i < N_OF(pg_setval); i++)
			pg_exec(o, pg_setval[i], PGRES_TUPLES_OK);
		pg_exec(o, "RESET session_replication_role", PGRES_COMMAND_OK);
		pg_exec(o, "ANALYZE", PGRES_COMMAND_OK);
		PQfinish(o->pg);
	}
	fprintf(stderr, "rounds-gen: %-20s %10s      %8.1f s\n", "analyze", "", since(&t0));
}

int main(int argc, char **argv)
{
	const char *db = NULL;
	S.members = 1000000, S.topics = 100000, S.posts = 10000000, seed = 1;
	for (int i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			die("%s", usage);
		const char *k = argv[i], *v = argv[++i];
		if (!strcmp(k, "--db"))
			db = v;
		else if (!strcmp(k, "--members"))
			S.members = arg_int(v);
		else if (!strcmp(k, "--topics"))
			S.topics = arg_int(v);
		else if (!strcmp(k, "--posts"))
			S.posts = arg_int(v);
		else if (!strcmp(k, "--seed"))
			seed = (uint64_t)arg_int(v);
		else
			die("unknown option '%s'\n%s", k, usage);
	}
	if (!db || S.members < 2 || S.topics < 1 || S.posts < S.topics || S.topics > INT32_MAX ||
	    S.posts > (int64_t)UINT32_MAX * 4)
		die("%s", usage);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct out o = {0};
	open_db(&o, db);
	vocab_init();

	if (query_int(&o, "SELECT count(*) FROM posts", "SELECT count(*) FROM posts") != 0)
		die("the database holds posts already: give rounds-gen a fresh one");
	S.member_base = query_int(&o, "SELECT coalesce(max(id), 0) FROM members", "SELECT coalesce(max(id), 0) FROM members");
	S.forum_base = query_int(&o, "SELECT coalesce(max(id), 0) FROM forums", "SELECT coalesce(max(id), 0) FROM forums");
	S.topic_base = query_int(&o, "SELECT coalesce(max(id), 0) FROM topics", "SELECT coalesce(max(id), 0) FROM topics");
	S.post_base = 0;
	S.doctor = query_int(&o, "SELECT id FROM members WHERE email_lower = 'doctor@rounds.example'",
			     "SELECT id FROM members WHERE email_lower = 'doctor@rounds.example'");
	if (S.doctor < 0)
		S.doctor = 0;
	S.mult = 1000003;
	while (gcd(S.mult, S.members) != 1)
		S.mult += 2;
	S.ngroups = (int)(S.topics / 300 > 0 ? S.topics / 300 : 1);
	S.nblogs = (int)(S.topics / 2000 > 0 ? S.topics / 2000 : 1);
	S.nblog_posts = (int)(S.topics / 50 > 0 ? S.topics / 50 : 1);
	S.nlibrary = (int)(S.topics / 200 > 0 ? S.topics / 200 : 1);
	S.nconv = S.members / 10 > 0 ? S.members / 10 : 1;
	load_forums(&o);

	plan();
	plan_comments();
	for (int k = 0; k < S.nblog_posts; k++) {
		struct forum *f = &S.forums[S.nseeded + S.ngroups + k % S.nblogs];
		f->topics++, f->posts += 1 + S.c_count[k];
		if (S.c_last_at[k] > f->last)
			f->last = S.c_last_at[k];
	}
	fprintf(stderr, "rounds-gen: %-20s %10" PRId64 " posts %7.1f s\n", "plan", S.posts, since(&t0));

	gen_members(&o);
	gen_forums(&o);
	gen_topics(&o);
	gen_posts(&o);
	gen_blog_posts(&o);
	gen_messages(&o);
	gen_library(&o);
	update_seeded_forums(&o);
	finish_db(&o);

	/* What the search benchmark filters by. */
	char handle[48];
	handle_of(member_of_rank(0), handle, sizeof handle);
	printf("prolific %s\n", handle);
	printf("built %" PRId64 " members, %" PRId64 " topics, %" PRId64 " posts, %d blog posts with %" PRId64
	       " comments in %.1f s\n",
	       S.members, S.topics, S.posts, S.nblog_posts, S.ncomments, since(&t0));
	return 0;
}
