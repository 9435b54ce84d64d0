/* static.h: the files under static/, read once at start into memory and
 * served with ETag, Last-Modified, Cache-Control and 304.  Only names
 * present at start are served, so no path can reach outside the folder. */
#ifndef ROUNDS_STATIC_H
#define ROUNDS_STATIC_H

#include "http.h"

/* Loads every regular file directly in `dir`.  0, or -1 (logged) when the
 * folder cannot be read.  The files live until static_unload(). */
int static_load(const char *dir);
void static_unload(void);

/* GET /static/:name — anyone; the file, 304 when unchanged, or 404. */
int static_serve(http_req *r);

/* The ETag of a loaded file (for cache-busting links), or NULL. */
const char *static_etag(const char *name);

#endif
