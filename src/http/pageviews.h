/* pageviews.h: page views, counted as the site serves its pages (issue
 * 10's dashboard).  Every HTML page answered 200 to a GET (http_page)
 * adds one to its bucket for the UTC day, and a topic, blog post or
 * library item page one to that page's month; a signed-in reader is
 * noted once per day.  The counts gather in memory (src/core/tally.h)
 * and reach the store in batches (pageviews_flush), so serving a page
 * never waits on a write.
 *
 * Privacy: no IP address is ever looked at, and nothing records what a
 * member read: the day's readers reach the store only as 16-byte keyed
 * hashes of their ids under a salt of the day (store_views_salt) that is
 * deleted when the day closes; the member ids held in memory between
 * flushes are not tied to any page.
 *
 * Buckets: "home", "forums" (the index, latest, unread),
 * "forums:SECTION" (a forum's pages and its topics), "blogs", "library",
 * "groups" (every private group), "profiles", "other". */
#ifndef ROUNDS_PAGEVIEWS_H
#define ROUNDS_PAGEVIEWS_H

#include "http.h"

/* The page shown belongs to a forum of section sec (topic and forum
 * pages call it): "forums:SECTION", or "groups" / "blogs" for those. */
void http_view_section(http_req *r, enum store_section sec);
/* The page shown is item `id` of kind k (counted for its month too). */
void http_view_item(http_req *r, enum store_view_kind k, int64_t id);

/* Counts r's page (http_page calls it for a 200 to a GET). */
void pageviews_count(const http_req *r);

/* Hands what has gathered to the store: the views (store_views_add) and
 * the readers (hashed under their day's salt, store_views_readers; the
 * first reader of a day asks for its salt, which closes the days before
 * it, as the hourly store_gc does when no one signs in).  0, or a store
 * error (the counts are kept for the next try).  Thread-safe; flushes
 * run one at a time. */
int pageviews_flush(store *s);

/* The bucket names, for the dashboard: how many, and the i-th. */
int pageviews_buckets(void);
const char *pageviews_bucket_name(int i);

#endif
