/* dispatch.h: the fixed order every request goes through once its body is
 * in: who is asking, which route, may they, is the write genuine (CSRF),
 * is the body well-formed and within its field table, then the handler. */
#ifndef ROUNDS_DISPATCH_H
#define ROUNDS_DISPATCH_H

#include "http.h"

/* Runs the request to an answer in r (never fails: errors become error
 * answers).  `body` is the raw body (JSON routes), `form_body` says it came
 * through the form parser, `csrf_field` is the form's _csrf value, `allow`
 * the methods the path accepts when no route matched the method. */
void http_dispatch(http_req *r, str body, bool form_body, str csrf_field, const char *allow);

/* The CSRF token for this request's session (or anonymous browser cookie),
 * computed into r->csrf; sets the anonymous cookie when a visitor has none.
 * Called by http_page_ctx for every page with a form. */
void http_csrf_prepare(http_req *r);

#endif
