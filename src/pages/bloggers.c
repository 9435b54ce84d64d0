/* bloggers.c: blogger applications (helper D) -- PLACEHOLDER while it is written; answers 404. */
#include "blogs.h"

static const struct form_field form_blog_apply_fields[] = {
	{"x", 1, 0, NULL},
};
const struct form_spec form_blog_apply = FORM_SPEC(form_blog_apply_fields);

static const struct form_field form_blogger_decision_fields[] = {
	{"x", 1, 0, NULL},
};
const struct form_spec form_blogger_decision = FORM_SPEC(form_blogger_decision_fields);

int blog_apply_form(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int blog_apply_post(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int editor_bloggers(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int editor_blogger_post(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_blogger_apply(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_blogger_applications(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_editor_blogger_applications(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_editor_blogger_decide(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}
