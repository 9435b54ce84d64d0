/* router.c: matches a path against the route table.  Patterns are literal
 * segments and ":name" segments (one non-empty segment each).  The table is
 * small and matched linearly; a path may have a trailing slash only if its
 * pattern does.  A path that is not UTF-8 (its escapes decoded) matches
 * nothing: no address of the site has such bytes, and a parameter made of
 * them would reach the store, where PostgreSQL refuses it as an error. */
#include <string.h>

#include "server.h"

static const char *const method_names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};

enum http_method http_method_parse(const char *s)
{
	for (size_t i = 0; i < sizeof method_names / sizeof method_names[0]; i++)
		if (strcmp(s, method_names[i]) == 0)
			return (enum http_method)i;
	return HTTP_OTHER;
}

static bool pattern_match(const char *pat, str path, str params[HTTP_MAX_PARAMS])
{
	size_t np = 0, i = 0;
	const char *p = pat;
	while (*p) {
		if (*p == ':') {
			const char *end = strchr(p, '/');
			size_t plen = end ? (size_t)(end - p) : strlen(p);
			size_t start = i;
			while (i < path.n && path.p[i] != '/')
				i++;
			if (i == start || np >= HTTP_MAX_PARAMS)
				return false;
			params[np++] = (str){path.p + start, i - start};
			p += plen;
			continue;
		}
		if (i >= path.n || path.p[i] != *p)
			return false;
		i++;
		p++;
	}
	return i == path.n;
}

static bool utf8_valid(str s)
{
	for (size_t i = 0, k; i < s.n; i += k) {
		if (!(k = str_utf8_at(s, i, NULL)))
			return false;
	}
	return true;
}

static bool method_fits(enum http_method want, enum http_method got)
{
	return want == got || (want == HTTP_GET && got == HTTP_HEAD);
}

const struct route *http_route_match(const struct route *routes, size_t n, enum http_method m, str path,
				     str params[HTTP_MAX_PARAMS], char *allow, size_t allow_cap)
{
	size_t alen = 0;
	allow[0] = '\0';
	if (!utf8_valid(path))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		str tmp[HTTP_MAX_PARAMS] = {0};
		if (!pattern_match(routes[i].pattern, path, tmp))
			continue;
		if (method_fits(routes[i].method, m)) {
			memcpy(params, tmp, sizeof tmp);
			return &routes[i];
		}
		const char *name = method_names[routes[i].method];
		size_t nl = strlen(name);
		if (alen + nl + 3 < allow_cap && !strstr(allow, name)) {
			if (alen) {
				memcpy(allow + alen, ", ", 2);
				alen += 2;
			}
			memcpy(allow + alen, name, nl + 1);
			alen += nl;
			if (routes[i].method == HTTP_GET && alen + 7 < allow_cap) {
				memcpy(allow + alen, ", HEAD", 7);
				alen += 6;
			}
		}
	}
	return NULL;
}
