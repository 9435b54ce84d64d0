/* static.c: a small table of files held in memory.  Read-only after
 * static_load(), so worker threads share it without locks. */
#include "static.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/log.h"

#define STATIC_MAX_FILES 64
#define STATIC_MAX_SIZE (4u << 20)

struct sfile {
	char name[64];
	char *data;
	size_t size;
	char etag[40];
	char modified[40];
	const char *ctype;
};

static struct sfile files[STATIC_MAX_FILES];
static size_t nfiles;

static const char *type_of(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},	      {".png", "image/png"},
		{".ico", "image/x-icon"},	      {".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"}, {".webmanifest", "application/manifest+json"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

static int load_one(const char *dir, const char *name)
{
	struct sfile *f = &files[nfiles];
	char path[2048];
	struct stat sb;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (strlen(name) >= sizeof f->name || !type_of(name) || stat(path, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > STATIC_MAX_SIZE)
		return 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	f->data = malloc((size_t)sb.st_size + 1);
	size_t got = f->data ? fread(f->data, 1, (size_t)sb.st_size, fp) : 0;
	fclose(fp);
	if (!f->data || got != (size_t)sb.st_size) {
		free(f->data);
		return -1;
	}
	f->size = got;
	memcpy(f->name, name, strlen(name) + 1);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (unsigned char *)f->data, f->size);
	f->etag[0] = '"';
	sodium_bin2hex(f->etag + 1, 33, h, 16);
	memcpy(f->etag + 33, "\"", 2);
	struct tm tm;
	gmtime_r(&sb.st_mtime, &tm);
	strftime(f->modified, sizeof f->modified, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	f->ctype = type_of(name);
	nfiles++;
	return 0;
}

int static_load(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		log_error("static", "dir=%s msg=\"cannot open: %s\"", dir, strerror(errno));
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) && nfiles < STATIC_MAX_FILES) {
		if (e->d_name[0] == '.')
			continue;
		if (load_one(dir, e->d_name) < 0)
			rc = -1;
	}
	closedir(d);
	log_info("static", "dir=%s files=%zu", dir, nfiles);
	return rc;
}

void static_unload(void)
{
	for (size_t i = 0; i < nfiles; i++)
		free(files[i].data);
	nfiles = 0;
}

static const struct sfile *find(str name)
{
	for (size_t i = 0; i < nfiles; i++)
		if (str_eqc(name, files[i].name))
			return &files[i];
	return NULL;
}

const char *static_etag(const char *name)
{
	const struct sfile *f = find(str_c(name));
	return f ? f->etag : NULL;
}

int static_serve(http_req *r)
{
	const struct sfile *f = find(r->params[0]);
	if (!f)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	http_add_header(r, "ETag", f->etag);
	http_add_header(r, "Last-Modified", f->modified);
	http_add_header(r, "Cache-Control", "public, max-age=3600");
	str inm = http_header(r, "If-None-Match");
	if (inm.n && (str_eqc(inm, f->etag) || str_eqc(inm, "*") || (inm.n > 2 && strstr(inm.p, f->etag))))
		return http_bytes(r, 304, NULL, STR_NULL);
	return http_bytes(r, 200, f->ctype, (str){f->data, f->size});
}
