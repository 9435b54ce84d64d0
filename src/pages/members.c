/* members.c: the members directory, for members only: /members (a search
 * form and a page of results) and GET /api/v1/members.  Search by name
 * (any words, as prefixes; never engine syntax), filter by country, type,
 * specialty and grade (codes of the reference tables), twenty to a page.  Only confirmed members who are
 * not suspended are listed (the store decides that). */
#include <stdio.h>

#include "../text/country.h"
#include "../text/validate.h"
#include "pages.h"
#include "views_gen.h"

enum { PAGE_SIZE = 20, PAGE_MAX = 500, QUERY_MAX = 100, FILTER_MAX = 80 };
/* Members counted at most: the last page there is.  Past it the page
 * says "10000+" (the API: capped): counting a million members took 85
 * ms a page on SQLite, and 100,000 of them 30 ms on PostgreSQL.  Past
 * page 500, words and filters find a member better than paging. */
#define COUNT_MAX ((int64_t)PAGE_MAX * PAGE_SIZE)

/* The store counted to COUNT_MAX + 1 (read_query): whether there were
 * more than COUNT_MAX, *total then cut to it. */
static bool capped(int64_t *total)
{
	if (*total <= COUNT_MAX)
		return false;
	*total = COUNT_MAX;
	return true;
}

/* The query string as a directory query; a value that cannot be one of
 * ours (too long, not a type or country) simply matches nobody. */
static void read_query(http_req *r, struct store_directory_query *dq, int64_t *page)
{
	*dq = (struct store_directory_query){.limit = PAGE_SIZE, .count_max = COUNT_MAX + 1};
	str q = http_query(r, "q"), country = http_query(r, "country"), type = http_query(r, "type");
	str specialty = http_query(r, "specialty"), grade = http_query(r, "grade");
	dq->q = q.n <= QUERY_MAX ? q : STR_NULL;
	dq->country = country.n == 2 || !country.n ? country : S("--");
	dq->type = !type.n || str_eqc(type, "doctor") || str_eqc(type, "student") || str_eqc(type, "hcp") ? type : S("--");
	dq->specialty = specialty.n <= FILTER_MAX ? specialty : S("--");
	dq->grade = grade.n <= FILTER_MAX ? grade : S("--");
	*page = 1;
	str p = http_query(r, "page");
	if (p.n && (str_to_i64(p, page) != 0 || *page < 1 || *page > PAGE_MAX))
		*page = 1;
	dq->offset = (int)((*page - 1) * PAGE_SIZE);
}

static view_obj *member_view(http_req *r, const struct store_member *m)
{
	view_obj *o = view_obj_new(r->a);
	if (!o)
		return NULL;
	const char *country = country_name(m->country);
	view_set_str(o, "name", m->name);
	view_set_str(o, "handle", m->handle);
	view_set_cstr(o, "type", member_type_label(m->type));
	view_set_cstr(o, "country", country ? country : "");
	view_set_str(o, "specialty", page_reference_name(false, m->specialty));
	view_set_str(o, "grade", page_reference_name(true, m->grade));
	view_set_bool(o, "verified", m->verified);
	return o;
}

/* GET /members — members: the directory. */
int members_page(http_req *r)
{
	struct store_directory_query dq;
	int64_t page, total = 0;
	read_query(r, &dq, &page);
	struct store_member_list l;
	int rc = store_member_directory(http_store(r), r->a, &dq, &l, &total);
	if (rc != 0)
		return http_store_error(r, rc);
	bool more = capped(&total);
	view_obj *ctx = http_page_ctx(r, "Members");
	view_list *items = view_list_new(r->a);
	if (!ctx || !items)
		return -1;
	for (int i = 0; i < l.n; i++)
		view_list_push_obj(items, member_view(r, &l.items[i]));
	view_set_list(ctx, "members", items);
	view_set_int(ctx, "total", total);
	view_set_bool(ctx, "none", total == 0);
	view_set_bool(ctx, "one", total == 1);
	view_set_bool(ctx, "capped", more);
	view_set_str(ctx, "q", http_query(r, "q"));
	view_set_str(ctx, "specialty", http_query(r, "specialty"));
	view_set_str(ctx, "grade", http_query(r, "grade"));
	view_set_str(ctx, "country", dq.country);
	view_set_str(ctx, "type", dq.type);
	view_set_bool(ctx, "type_doctor", str_eqc(dq.type, "doctor"));
	view_set_bool(ctx, "type_student", str_eqc(dq.type, "student"));
	view_set_bool(ctx, "type_hcp", str_eqc(dq.type, "hcp"));
	int64_t pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
	view_set_int(ctx, "page", page);
	view_set_int(ctx, "pages", pages);
	view_set_bool(ctx, "has_prev", page > 1);
	view_set_bool(ctx, "has_next", page < pages);
	view_set_int(ctx, "prev", page - 1);
	view_set_int(ctx, "next", page + 1);
	if (page_country_options(r, ctx, dq.country) < 0 ||
	    page_reference_options(r, ctx, "specialties", false, dq.specialty) < 0 ||
	    page_reference_options(r, ctx, "grades", true, dq.grade) < 0)
		return -1;
	return http_page(r, 200, view_members, ctx);
}

/* GET /api/v1/members — members: {members: [...], total, page}. */
int api_members_list(http_req *r)
{
	struct store_directory_query dq;
	int64_t page, total = 0;
	read_query(r, &dq, &page);
	struct store_member_list l;
	int rc = store_member_directory(http_store(r), r->a, &dq, &l, &total);
	if (rc != 0)
		return http_store_error(r, rc);
	bool more = capped(&total);
	json_t *arr = json_array();
	for (int i = 0; arr && i < l.n; i++) {
		json_t *m = page_member_json(&l.items[i]);
		if (m) {
			json_object_set_new(m, "specialty", json_stringn(l.items[i].specialty.p, l.items[i].specialty.n));
			json_object_set_new(m, "grade", json_stringn(l.items[i].grade.p, l.items[i].grade.n));
		}
		json_array_append_new(arr, m);
	}
	return http_json(r, 200, json_pack("{s:o, s:I, s:b, s:I, s:i}", "members", arr, "total", (json_int_t)total,
					   "capped", more, "page", (json_int_t)page, "per_page",
					   PAGE_SIZE));
}
