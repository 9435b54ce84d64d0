/* fuzz_router.c: libFuzzer target for the route matcher against the
 * site's real route table. */
#include <stdint.h>
#include <string.h>

#include "http/server.h"
#include "pages/pages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t n;
	const struct route *routes = pages_routes(&n);
	str params[HTTP_MAX_PARAMS];
	char allow[64];
	enum http_method m = (enum http_method)(data[0] % (HTTP_OTHER + 1));
	str path = {(const char *)data + 1, size - 1};
	const struct route *r = http_route_match(routes, n, m, path, params, allow, sizeof allow);
	if (r) {
		/* Every parameter lies inside the path and holds no slash. */
		size_t np = 0;
		for (const char *c = r->pattern; *c; c++)
			np += *c == ':';
		for (size_t i = 0; i < np; i++) {
			if (params[i].p < path.p || params[i].p + params[i].n > path.p + path.n ||
			    memchr(params[i].p, '/', params[i].n))
				__builtin_trap();
		}
	}
	return 0;
}
