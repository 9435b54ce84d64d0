/* feeds.c: Atom feeds (helper C) -- PLACEHOLDER while it is written; answers 404. */
#include "blogs.h"

int feed_blogs(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int feed_featured(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int feed_blog(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int feed_tag(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}
