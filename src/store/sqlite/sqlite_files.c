/* sqlite_files.c: uploads in the SQLite backend.  The bytes live on disk
 * beside the database, in PATH.files/ab/abcdef… (named by their SHA-256),
 * a row in `uploads` describes them; store_backup copies the folder too.
 *
 * Invariants: a file appears under its final name only whole and durable
 * (written to a temporary name made with O_EXCL in the same folder,
 * fsynced, renamed, the folder fsynced), so a name that exists holds its
 * bytes.  The file is in place before its row is written, so a row never
 * names a missing file.  Files are never changed or deleted (nothing
 * collects uploads that no row refers to); a rename over an existing file
 * puts the same bytes there, so two puts of one file at once are harmless.
 * Temporary names start with '.', which no hash does, and are skipped by
 * the backup. */
#include "sqlite_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/log.h"

enum { COPY_BUF = 64 * 1024 };

/* Temporary names: this process's id and a counter; O_EXCL settles the
 * rest (a name left by a crashed process is skipped, not reused). */
static _Atomic unsigned tmp_seq;

static void log_file(const char *op, const char *what, const char *file, int e)
{
	char q[512];
	const char *es = strerror(e);
	char m[128];
	log_error("store_error", "op=%s step=%s path=%s err=%s", op, what, log_q(q, sizeof q, file, strlen(file)),
		  log_q(m, sizeof m, es, strlen(es)));
}

/* A write that failed for want of room (or of permission to write at all)
 * is "cannot write now" (503), like SQLite's own full disk. */
static int write_err(int e)
{
	return e == ENOSPC || e == EDQUOT || e == EROFS ? STORE_EFULL : STORE_ERR;
}

/* Whether s is exactly n lower-case hex digits. */
static bool hex_name(const char *s, size_t n)
{
	size_t i = 0;
	for (; i < n && s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == n && s[n] == '\0';
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* The folder holding `file` (a copy, into out): "." when it names none. */
static int parent_of(const char *file, char *out, size_t cap)
{
	const char *slash = strrchr(file, '/');
	if (!slash)
		return snprintf(out, cap, ".") < (int)cap ? 0 : -1;
	size_t n = slash == file ? 1 : (size_t)(slash - file);
	if (n >= cap)
		return -1;
	memcpy(out, file, n);
	out[n] = '\0';
	return 0;
}

/* Makes folder `dir` (private: the files are members' documents) if it is
 * missing, then fsyncs `parent` so its entry is durable.  The fsync runs
 * even when the folder was there already: another thread may have just
 * made it and not yet synced. */
static int make_dir(const char *op, const char *dir, const char *parent)
{
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		int e = errno;
		log_file(op, "mkdir", dir, e);
		return write_err(e);
	}
	if (fsync_dir(parent) < 0) {
		int e = errno;
		log_file(op, "fsync", parent, e);
		return write_err(e);
	}
	return 0;
}

/* Copies exactly `size` bytes from `in` (at its start) to `out`.  0, -1
 * with errno when reading fails, -2 with errno when writing fails, -3 when
 * `in` is shorter or longer than `size`. */
static int copy_bytes(int in, int out, int64_t size, char *b)
{
	int64_t done = 0;
	for (;;) {
		ssize_t n = read(in, b, COPY_BUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return done == size ? 0 : -3;
		if ((done += n) > size)
			return -3;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, b + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return -2;
			off += w;
		}
	}
}

/* Writes the `size` bytes of `in` to `dir`/`name`, durably: a temporary
 * file in `dir`, fsynced, renamed to `name`; then `dir` is fsynced unless
 * the caller will (`sync_dir` false).  0 or a STORE_E* code (logged). */
static int install(const char *op, int in, int64_t size, const char *dir, const char *name, bool sync_dir)
{
	char tmp[PATH_MAX], final[PATH_MAX];
	if (snprintf(final, sizeof final, "%s/%s", dir, name) >= (int)sizeof final)
		return STORE_ERR;
	int out = -1;
	for (int tries = 0; out < 0 && tries < 100; tries++) {
		unsigned seq = atomic_fetch_add(&tmp_seq, 1);
		if (snprintf(tmp, sizeof tmp, "%s/.%s.%ld.%u.tmp", dir, name, (long)getpid(), seq) >= (int)sizeof tmp)
			return STORE_ERR;
		out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (out < 0 && errno != EEXIST)
			break;
	}
	if (out < 0) {
		int e = errno;
		log_file(op, "create", dir, e);
		return write_err(e);
	}
	char *b = malloc(COPY_BUF);
	int rc = b ? copy_bytes(in, out, size, b) : -4;
	int e = errno;
	free(b);
	const char *step = rc == -1 ? "read" : rc == -2 ? "write" : rc == -3 ? "size" : "malloc";
	if (rc == 0 && fsync(out) < 0)
		rc = -2, e = errno, step = "fsync";
	if (close(out) < 0 && rc == 0)
		rc = -2, e = errno, step = "close";
	if (rc == 0 && rename(tmp, final) < 0)
		rc = -2, e = errno, step = "rename";
	if (rc == 0) {
		if (!sync_dir || fsync_dir(dir) == 0)
			return 0;
		e = errno;
		log_file(op, "fsync", dir, e);
		return write_err(e);
	}
	unlink(tmp);
	if (rc == -3) {
		log_error("store_error", "op=%s step=size err=%s", op, "\"the file's size is not the size given\"");
		return STORE_ERR;
	}
	log_file(op, step, rc == -1 ? "(source)" : tmp, rc == -4 ? ENOMEM : e);
	return rc == -2 ? write_err(e) : STORE_ERR;
}

/* The uploads folder of the database at `db` and the folder of one hash
 * (by its first two digits) in it. */
static int upload_dirs(const char *db, const char *sha256, char *top, char *sub, size_t cap)
{
	if (snprintf(top, cap, "%s.files", db) >= (int)cap ||
	    snprintf(sub, cap, "%s/%.2s", top, sha256) >= (int)cap)
		return STORE_ERR;
	return 0;
}

/* The file in place under `sub`/`sha256` (made durable), unless a whole one
 * of that size is there already. */
static int put_file(int in, int64_t size, const char *db, const char *sha256)
{
	char top[PATH_MAX], sub[PATH_MAX], parent[PATH_MAX], final[PATH_MAX];
	if (upload_dirs(db, sha256, top, sub, sizeof top) || parent_of(db, parent, sizeof parent) ||
	    snprintf(final, sizeof final, "%s/%s", sub, sha256) >= (int)sizeof final)
		return STORE_ERR;
	int rc = make_dir("upload_put", top, parent);
	if (rc == 0)
		rc = make_dir("upload_put", sub, top);
	if (rc)
		return rc;
	struct stat sb;
	if (stat(final, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == size) {
		/* Another put's rename may not be durable yet: make it so. */
		if (fsync_dir(sub) < 0) {
			int e = errno;
			log_file("upload_put", "fsync", sub, e);
			return write_err(e);
		}
		return 0;
	}
	return install("upload_put", in, size, sub, sha256, true);
}

/* store_upload_put: see store.h.  store.c checked the arguments. */
int sq_upload_put(store *s, const char *tmp_path, const char *sha256, int64_t size, str mime, int64_t now)
{
	struct sq_store *ss = (struct sq_store *)s;
	int in = open(tmp_path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (in < 0 || fstat(in, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size != size) {
		int e = in < 0 ? errno : 0;
		if (in >= 0)
			close(in);
		if (e)
			log_file("upload_put", "open", tmp_path, e);
		else
			log_error("store_error", "op=upload_put err=%s", "\"not a file of the size given\"");
		return STORE_ERR;
	}
	int rc = put_file(in, size, ss->path, sha256);
	close(in);
	if (rc)
		return rc;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_UPLOAD_INSERT, "upload_put")))
		return rc;
	sq_text(&q, 1, (str){sha256, STORE_SHA256_HEX});
	sq_text(&q, 2, mime);
	sq_int(&q, 3, size);
	sq_int(&q, 4, now);
	return sq_exec(&q, false);
}

/* Removes the file of upload `sha256` (its row is gone already: an
 * account deletion erased it).  A file that is not there is fine. */
void sq_upload_unlink(store *s, const char *sha256)
{
	struct sq_store *ss = (struct sq_store *)s;
	char top[PATH_MAX], sub[PATH_MAX], file[PATH_MAX];
	if (!hex_name(sha256, strlen(sha256)) || upload_dirs(ss->path, sha256, top, sub, sizeof top) ||
	    snprintf(file, sizeof file, "%s/%s", sub, sha256) >= (int)sizeof file)
		return;
	if (unlink(file) != 0 && errno != ENOENT)
		log_file("member_delete", "unlink", file, errno);
	else if (fsync_dir(sub) < 0)
		log_file("member_delete", "fsync", sub, errno);
}

/* store_upload_get: see store.h.  The row, and the file's path. */
int sq_upload_get(store *s, arena *a, const char *sha256, struct store_upload *out)
{
	struct sq_store *ss = (struct sq_store *)s;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_UPLOAD_GET, "upload_get");
	if (rc)
		return rc;
	sq_text(&q, 1, (str){sha256, STORE_SHA256_HEX});
	if ((rc = sq_row(&q, false)))
		return rc;
	memcpy(out->sha256, sha256, STORE_SHA256_HEX + 1);
	rc = sq_col_str(&q, a, 0, &out->mime);
	out->size = sqlite3_column_int64(q.st, 1);
	out->created_at = sqlite3_column_int64(q.st, 2);
	sq_end(&q);
	if (rc)
		return rc;
	size_t n = strlen(ss->path) + sizeof ".files/ab/" + STORE_SHA256_HEX;
	char *p = arena_alloc(a, n);
	if (!p) {
		log_error("store_error", "op=upload_get err=%s", "arena-full");
		return STORE_ERR;
	}
	snprintf(p, n, "%s.files/%.2s/%s", ss->path, sha256, sha256);
	out->path = p;
	return 0;
}

/* Copies the files of one hash folder `src` that `dst` lacks (names of 64
 * hex digits only: temporary files stay behind), then fsyncs `dst` once. */
static int backup_sub(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	if (!d) {
		log_file("backup", "opendir", src, errno);
		return STORE_ERR;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		char from[PATH_MAX], to[PATH_MAX];
		struct stat sb;
		if (!hex_name(e->d_name, STORE_SHA256_HEX) ||
		    snprintf(from, sizeof from, "%s/%s", src, e->d_name) >= (int)sizeof from ||
		    snprintf(to, sizeof to, "%s/%s", dst, e->d_name) >= (int)sizeof to || stat(to, &sb) == 0)
			continue;
		int in = open(from, O_RDONLY | O_CLOEXEC);
		if (in < 0 || fstat(in, &sb) < 0) {
			log_file("backup", "open", from, errno);
			rc = STORE_ERR;
		} else {
			rc = install("backup", in, sb.st_size, dst, e->d_name, false);
		}
		if (in >= 0)
			close(in);
	}
	closedir(d);
	if (rc == 0 && fsync_dir(dst) < 0) {
		log_file("backup", "fsync", dst, errno);
		rc = STORE_ERR;
	}
	return rc;
}

/* See sqlite_int.h. */
int sq_files_backup(const char *db_path, const char *copy_path)
{
	char src[PATH_MAX], dst[PATH_MAX], parent[PATH_MAX];
	if (snprintf(src, sizeof src, "%s.files", db_path) >= (int)sizeof src ||
	    snprintf(dst, sizeof dst, "%s.files", copy_path) >= (int)sizeof dst ||
	    parent_of(copy_path, parent, sizeof parent))
		return STORE_ERR;
	DIR *d = opendir(src);
	if (!d) {
		if (errno == ENOENT) /* nothing uploaded yet */
			return 0;
		log_file("backup", "opendir", src, errno);
		return STORE_ERR;
	}
	int rc = make_dir("backup", dst, parent);
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		char from[PATH_MAX], to[PATH_MAX];
		if (!hex_name(e->d_name, 2) ||
		    snprintf(from, sizeof from, "%s/%s", src, e->d_name) >= (int)sizeof from ||
		    snprintf(to, sizeof to, "%s/%s", dst, e->d_name) >= (int)sizeof to)
			continue;
		if ((rc = make_dir("backup", to, dst)) == 0)
			rc = backup_sub(from, to);
	}
	closedir(d);
	return rc;
}
