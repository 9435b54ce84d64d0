/* forum_image.c: images in forum posts.
 *
 * A topic, reply or edit may carry one image (PNG, JPEG or WebP, typed by
 * libmagic from its bytes, within upload_limit).  Before it is stored its
 * metadata goes (src/text/imgmeta.c: EXIF with its GPS position, XMP,
 * comments, text chunks), so what is kept and served is the picture
 * alone, content-addressed by the SHA-256 of the stripped bytes.  It is
 * served at /p/ID/image under the same rule as its post: whoever may read
 * the post (and, for a hidden post, its author and the staff).
 *
 * Invariant: the unstripped upload never reaches the store; the stripped
 * copy is written to a temporary file of its own, handed to the store,
 * and removed on every path (store_upload_put_bytes). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "forum.h"

#include "../text/imgmeta.h"

/* The image types a post may carry, as libmagic names them. */
static bool image_type(const char *mime)
{
	return mime && (!strcmp(mime, "image/png") || !strcmp(mime, "image/jpeg") || !strcmp(mime, "image/webp"));
}

/* Reads the whole file `path` of `size` bytes into `a`. */
static int slurp(arena *a, const char *path, int64_t size, str *out)
{
	char *bytes = size > 0 ? arena_alloc(a, (size_t)size) : NULL;
	int fd = bytes ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0)
		return -1;
	size_t got = 0;
	while (got < (size_t)size) {
		ssize_t n = read(fd, bytes + got, (size_t)size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)size)
		return -1;
	*out = (str){bytes, got};
	return 0;
}

/* Strips the upload into `work` and stores it: 0 with sha (65 bytes) set;
 * 422 with the field's error; or a store error. */
static int strip_and_store(http_req *r, const char *field, arena *work, char sha[65])
{
	struct http_upload *u = &r->upload;
	str in, out;
	if (slurp(work, u->path, u->size, &in))
		return STORE_ERR;
	int rc = imgmeta_strip(work, in, &out);
	if (rc == IMGMETA_ENOMEM)
		return STORE_ERR;
	if (rc) {
		form_set_error(&r->in, field, imgmeta_error(rc));
		return 422;
	}
	return store_upload_put_bytes(http_store(r), out, str_c(u->mime), r->now, sha);
}

int forum_image_keep(http_req *r, str *sha)
{
	return forum_image_keep_field(r, "image", sha);
}

int forum_image_keep_field(http_req *r, const char *field, str *sha)
{
	*sha = STR_NULL;
	struct http_upload *u = &r->upload;
	if (!u->present)
		return 0;
	if (!str_eqc(u->field, field) || !image_type(u->mime)) {
		form_set_error(&r->in, field, "must be a PNG, JPEG or WebP picture");
		return 422;
	}
	if ((size_t)u->size > IMGMETA_MAX) {
		form_set_error(&r->in, field, imgmeta_error(IMGMETA_ETOOBIG));
		return 422;
	}
	/* The file and its stripped copy, in an arena of their own: the
	 * request's is capped below twice the largest upload. */
	arena *work = arena_new((size_t)u->size * 2 + 4096);
	char *hex = arena_alloc(r->a, 65);
	if (!work || !hex) {
		arena_free(work);
		return STORE_ERR;
	}
	int rc = strip_and_store(r, field, work, hex);
	arena_free(work);
	if (rc == 0)
		*sha = (str){hex, 64};
	return rc;
}

/* GET /p/:id/image — whoever may read the post: its image, stripped of
 * metadata, cached privately (the post's access rule applies to every
 * request); 304 for a matching If-None-Match; 404 otherwise. */
int post_image(http_req *r)
{
	struct store_post p;
	struct store_topic t;
	int64_t id = page_id(r->params[0]);
	int rc = id ? store_post_get(http_store(r), r->a, id, r->me.id, &p) : STORE_ENOTFOUND;
	if (rc == 0 && (rc = forum_topic(r, p.topic_id, &t)))
		return rc > 0 ? 0 : http_store_error(r, rc);
	bool staff = rc == 0 && forum_may(r, ACT_FORUM_MODERATE, t.section, t.forum_id, 0, 0);
	if (rc == 0 && (p.deleted || !p.image.n || (p.hidden && !staff && p.author_id != r->me.id)))
		rc = STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (rc)
		return http_store_error(r, rc);
	return page_upload_send(r, p.image, STR_NULL, STR_NULL, 0, "private, max-age=86400");
}
