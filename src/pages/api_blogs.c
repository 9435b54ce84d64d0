/* api_blogs.c: the blogs API -- PLACEHOLDER while it is written; answers 404. */
#include "blogs.h"

int api_blogs(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_blog(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_blog_post_create(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_blog_post(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_blog_post_update(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_blog_post_revisions(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}
