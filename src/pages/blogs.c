/* blogs.c: blog pages -- PLACEHOLDER while it is written; answers 404. */
#include "blogs.h"

static const struct form_field form_blog_post_fields[] = {
	{"x", 1, 0, NULL},
};
const struct form_spec form_blog_post = FORM_SPEC(form_blog_post_fields);

static const struct form_field form_blog_comment_fields[] = {
	{"x", 1, 0, NULL},
};
const struct form_spec form_blog_comment = FORM_SPEC(form_blog_comment_fields);

int blogs_page(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_tag_page(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_page(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_post_new_form(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_post_create_post(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_post_page(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_post_edit_form(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_post_edit_post(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_post_history(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_post_cover(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_comment_post(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}
