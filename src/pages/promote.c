/* promote.c: featuring and the promotion queue (helper D) -- PLACEHOLDER while it is written; answers 404. */
#include "blogs.h"

static const struct form_field form_promote_fields[] = {
	{"x", 1, 0, NULL},
};
const struct form_spec form_promote = FORM_SPEC(form_promote_fields);

static const struct form_field form_api_feature_fields[] = {
	{"x", 1, 0, NULL},
};
const struct form_spec form_api_feature = FORM_SPEC(form_api_feature_fields);

int editor_promote(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int editor_promote_post(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_editor_featured(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_editor_feature(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_editor_unfeature(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_editor_share(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}

int api_editor_unshare(http_req *r)
{
	return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
}
