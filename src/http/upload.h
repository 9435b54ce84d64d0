/* upload.h: files sent to ROUTE_UPLOAD routes (see struct http_upload in
 * http.h).  server.c streams a multipart file part through these as it
 * arrives; handlers read r->upload and hand the file to the store. */
#ifndef ROUNDS_UPLOAD_H
#define ROUNDS_UPLOAD_H

#include "http.h"

/* Adds `n` bytes at offset `off` of the file part `field` (named
 * `filename`) to r->upload, opening the temporary file on the first
 * bytes.  A part with an empty file name and no bytes (a file input left
 * empty) is no upload.  -1 when the request carries a second file or the
 * temporary file cannot be written (then the request is refused). */
int upload_take(http_req *r, const char *field, const char *filename, const char *data, size_t n);

/* Ends the body: finishes the hash and sniffs the type.  0, or -1 when
 * the file cannot be read back. */
int upload_finish(http_req *r);

/* Removes the temporary file (when the request ends).  Safe to call
 * twice and on a request that had no upload. */
void upload_discard(http_req *r);

/* The type libmagic finds in the bytes of file `path` ("application/pdf",
 * "image/png"), into `a`; "application/octet-stream" when it cannot tell;
 * NULL when the file cannot be read. */
const char *upload_sniff(arena *a, const char *path);

#endif
