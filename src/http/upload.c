/* upload.c: a file sent in a multipart form, streamed to a temporary file
 * (never held in memory: the request arena stays small however large the
 * limit), hashed with SHA-256 on the way, and typed by libmagic from its
 * bytes once complete.
 *
 * Invariants: the temporary file exists from the first byte until
 * upload_discard (server.c calls it when the request ends, whatever
 * happened); the size the body limit allows is checked by server.c before
 * any byte reaches here. */
#include "upload.h"

#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/log.h"

static int open_temp(http_req *r)
{
	struct http_upload *u = &r->upload;
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir || strlen(dir) > 40)
		dir = "/tmp";
	snprintf(u->path, sizeof u->path, "%s/rounds-upload-XXXXXX", dir);
	u->fd = mkstemp(u->path);
	if (u->fd < 0) {
		log_error("upload", "err=%s", "\"cannot make a temporary file\"");
		u->path[0] = '\0';
		return -1;
	}
	u->hash = arena_alloc(r->a, sizeof(crypto_hash_sha256_state));
	if (!u->hash)
		return -1;
	crypto_hash_sha256_init(u->hash);
	return 0;
}

int upload_take(http_req *r, const char *field, const char *filename, const char *data, size_t n)
{
	struct http_upload *u = &r->upload;
	if (!u->present) {
		if (!n)
			return 0; /* an empty part: nothing chosen (yet) */
		if (!filename || !*filename || u->path[0])
			return -1;
		if (open_temp(r) < 0)
			return -1;
		u->present = true;
		char *f = arena_strndup(r->a, field, strlen(field));
		char *name = arena_strndup(r->a, filename, strnlen(filename, 255));
		if (!f || !name)
			return -1;
		u->field = str_c(f);
		u->filename = str_c(name);
	} else if (strcmp(field, u->field.p) != 0 || strncmp(filename ? filename : "", u->filename.p, u->filename.n) != 0) {
		return -1; /* a second file */
	}
	crypto_hash_sha256_update(u->hash, (const unsigned char *)data, n);
	while (n) {
		ssize_t w = write(u->fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_error("upload", "err=%s", "\"cannot write the temporary file\"");
			return -1;
		}
		data += w;
		n -= (size_t)w;
		u->size += w;
	}
	return 0;
}

int upload_finish(http_req *r)
{
	struct http_upload *u = &r->upload;
	if (!u->present)
		return 0;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(u->hash, h);
	sodium_bin2hex(u->sha256, sizeof u->sha256, h, sizeof h);
	u->hash = NULL;
	if (close(u->fd) != 0) {
		u->fd = -1;
		return -1;
	}
	u->fd = -1;
	u->mime = upload_sniff(r->a, u->path);
	return u->mime ? 0 : -1;
}

void upload_discard(http_req *r)
{
	struct http_upload *u = &r->upload;
	if (u->hash) /* still open: the body never finished */
		close(u->fd);
	u->hash = NULL;
	u->fd = -1;
	if (u->path[0])
		unlink(u->path);
	u->path[0] = '\0';
}

const char *upload_sniff(arena *a, const char *path)
{
	/* A magic_t is not safe to share between threads, and uploads are
	 * rare next to page views: one per call. */
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	if (!m)
		return NULL;
	const char *out = NULL;
	if (magic_load(m, NULL) == 0) {
		const char *t = magic_file(m, path);
		if (t)
			out = arena_strndup(a, t, strnlen(t, 100));
	} else {
		log_error("upload", "err=%s", "\"cannot load the magic database\"");
	}
	magic_close(m);
	if (!out && access(path, R_OK) == 0)
		out = "application/octet-stream";
	return out;
}
