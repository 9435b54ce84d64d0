/* pg_upload.c: uploads in the PostgreSQL backend, call for call as
 * sqlite_files.c, but with the bytes in the row (bytea), so every node
 * reads every file and no disk is shared.
 *
 * Invariants: a row holds its whole file (a CHECK ties the size to the
 * bytes), written in one statement; the same bytes are stored once (the
 * hash is the key; a second put does nothing).  Rows are never deleted:
 * nothing collects uploads that no application refers to any more.  The
 * caller limits a file to some MiB, so it is read into memory whole. */
#include "pg_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/log.h"

/* Reads exactly `size` bytes of `fd` into b.  0; -1 (errno) when reading
 * fails; -3 when the file is shorter or longer. */
static int read_all(int fd, unsigned char *b, int64_t size)
{
	int64_t done = 0;
	for (;;) {
		unsigned char extra;
		bool past = done == size; /* then only the end of file may follow */
		ssize_t n = read(fd, past ? &extra : b + done, past ? 1 : (size_t)(size - done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return past ? 0 : -3;
		if (past)
			return -3;
		done += n;
	}
}

/* The whole file at `path`, which must be `size` bytes, into *out
 * (malloc'd: the caller frees).  0 or STORE_ERR (logged). */
static int load(const char *path, int64_t size, unsigned char **out)
{
	*out = NULL;
	if (size > INT_MAX) { /* libpq's parameter lengths are int (and a bytea holds 1 GB) */
		log_error("store_error", "op=upload_put err=%s", "\"file too large\"");
		return STORE_ERR;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	int rc = fd < 0 || fstat(fd, &sb) < 0 ? -1 : !S_ISREG(sb.st_mode) || sb.st_size != size ? -3 : 0;
	int e = errno;
	unsigned char *b = rc == 0 ? malloc(size ? (size_t)size : 1) : NULL; /* never NULL: NULL binds SQL NULL */
	if (rc == 0 && !b)
		rc = -1, e = ENOMEM;
	if (rc == 0 && (rc = read_all(fd, b, size)) == -1)
		e = errno;
	if (fd >= 0)
		close(fd);
	if (rc == 0) {
		*out = b;
		return 0;
	}
	free(b);
	char q[512], m[128];
	const char *es = rc == -3 ? "not a file of the size given" : strerror(e);
	log_error("store_error", "op=upload_put path=%s err=%s", log_q(q, sizeof q, path, strlen(path)),
		  log_q(m, sizeof m, es, strlen(es)));
	return STORE_ERR;
}

/* Whether the upload is stored: 0 yes, STORE_ENOTFOUND no, or an error. */
static int exists(store *s, const char *sha256)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_UPLOAD_EXISTS, "upload_put");
	if (rc)
		return rc;
	pg_text(&q, 1, (str){sha256, STORE_SHA256_HEX});
	if ((rc = pg_row(&q)) == 0)
		pg_end(&q);
	return rc;
}

/* store_upload_put: see store.h.  store.c checked the arguments.  A file
 * stored already is not sent again, but the one given is still read, so
 * a bad path or size fails the same either way. */
int pg_upload_put(store *s, const char *tmp_path, const char *sha256, int64_t size, str mime, int64_t now)
{
	unsigned char *data;
	int rc = load(tmp_path, size, &data);
	if (rc)
		return rc;
	rc = exists(s, sha256);
	if (rc == STORE_ENOTFOUND) {
		struct pg_q q;
		if ((rc = pg_start(&q, s, PG_UPLOAD_INSERT, "upload_put")) == 0) {
			pg_text(&q, 1, (str){sha256, STORE_SHA256_HEX});
			pg_text(&q, 2, mime);
			pg_int(&q, 3, size);
			pg_int(&q, 4, now);
			pg_bytes(&q, 5, data, (size_t)size);
			rc = pg_exec(&q, false);
		}
	}
	free(data);
	return rc;
}

/* store_upload_get: see store.h.  Read with binary results: the bytes
 * come as they are (text results would send them hex-encoded, twice the
 * size, to be decoded here). */
int pg_upload_get(store *s, arena *a, const char *sha256, struct store_upload *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_UPLOAD_GET, "upload_get");
	if (rc)
		return rc;
	q.result_fmt = 1;
	pg_text(&q, 1, (str){sha256, STORE_SHA256_HEX});
	if ((rc = pg_row(&q)))
		return rc;
	memcpy(out->sha256, sha256, STORE_SHA256_HEX + 1);
	rc = pg_col_str(&q, a, 0, 0, &out->mime);
	out->size = pg_col_int(&q, 0, 1);
	out->created_at = pg_col_int(&q, 0, 2);
	size_t n = (size_t)PQgetlength(q.res, 0, 3);
	unsigned char *b = rc == 0 ? arena_alloc(a, n ? n : 1) : NULL;
	if (b) {
		memcpy(b, PQgetvalue(q.res, 0, 3), n);
		out->bytes = (str){(const char *)b, n};
	} else if (rc == 0) {
		log_error("store_error", "op=upload_get err=%s", "arena-full");
		rc = STORE_ERR;
	}
	pg_end(&q);
	return rc;
}

/* store_upload_stat: see store.h.  The row without its bytes. */
int pg_upload_stat(store *s, arena *a, const char *sha256, struct store_upload *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_UPLOAD_STAT, "upload_stat");
	if (rc)
		return rc;
	pg_text(&q, 1, (str){sha256, STORE_SHA256_HEX});
	if ((rc = pg_row(&q)))
		return rc;
	memcpy(out->sha256, sha256, STORE_SHA256_HEX + 1);
	rc = pg_col_str(&q, a, 0, 0, &out->mime);
	out->size = pg_col_int(&q, 0, 1);
	out->created_at = pg_col_int(&q, 0, 2);
	pg_end(&q);
	return rc;
}

/* store_upload_read: see store.h.  Only the range leaves the database
 * (substring of the bytea, binary results); the range is checked against
 * the row's size, and what came must be all of it. */
int pg_upload_read(store *s, const char *sha256, int64_t off, size_t n, char *dst)
{
	if (off >= INT_MAX) /* substring's positions are int (and a bytea holds 1 GB) */
		return STORE_ERR;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_UPLOAD_READ, "upload_read");
	if (rc)
		return rc;
	q.result_fmt = 1;
	pg_text(&q, 1, (str){sha256, STORE_SHA256_HEX});
	pg_int(&q, 2, off + 1);
	pg_int(&q, 3, (int64_t)n);
	if ((rc = pg_row(&q)))
		return rc;
	int64_t size = strtoll(PQgetvalue(q.res, 0, 0), NULL, 10);
	size_t got = (size_t)PQgetlength(q.res, 0, 1);
	if (off > size || (int64_t)n > size - off || got != n) {
		log_error("store_error", "op=upload_read err=%s", "\"the range is outside the file\"");
		rc = STORE_ERR;
	} else if (n) {
		memcpy(dst, PQgetvalue(q.res, 0, 1), n);
	}
	pg_end(&q);
	return rc;
}
