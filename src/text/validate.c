/* validate.c: field validators.  Sizes in bytes are limited earlier by the
 * field tables; these check shape and count characters. */
#include "validate.h"

#include <stdio.h>
#include <string.h>

#include "../core/tz.h"
#include "country.h"

static size_t utf8_chars(str s)
{
	size_t n = 0;
	for (size_t i = 0; i < s.n; i++)
		if (((unsigned char)s.p[i] & 0xc0) != 0x80)
			n++;
	return n;
}

const char *validate_email(arena *a, str v, str *norm)
{
	(void)a;
	v = str_trim(v);
	if (v.n < 3 || v.n > 254)
		return "must look like name@example.org";
	size_t at = v.n;
	for (size_t i = 0; i < v.n; i++) {
		unsigned char c = (unsigned char)v.p[i];
		if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' ||
		    c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']')
			return "must look like name@example.org";
		if (c == '@') {
			if (at != v.n)
				return "must look like name@example.org";
			at = i;
		}
	}
	if (at == 0 || at == v.n || at > 64)
		return "must look like name@example.org";
	str domain = {v.p + at + 1, v.n - at - 1};
	const char *dot = memchr(domain.p, '.', domain.n);
	if (!dot || domain.p[0] == '.' || domain.p[domain.n - 1] == '.' || domain.p[0] == '-')
		return "must look like name@example.org";
	for (size_t i = 1; i < domain.n; i++)
		if (domain.p[i] == '.' && domain.p[i - 1] == '.')
			return "must look like name@example.org";
	*norm = v;
	return NULL;
}

const char *validate_handle(arena *a, str v, str *norm)
{
	if (v.n < 3 || v.n > 30)
		return "must be 3 to 30 letters, digits or underscores";
	char *p = arena_alloc(a, v.n + 1);
	if (!p)
		return "is too long";
	for (size_t i = 0; i < v.n; i++) {
		char c = v.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return "must be 3 to 30 letters, digits or underscores";
		p[i] = c;
	}
	p[v.n] = '\0';
	if (v.n >= 7 && memcmp(p, "former_", 7) == 0)
		return "is reserved: handles starting former_ name deleted accounts";
	*norm = (str){p, v.n};
	return NULL;
}

const char *validate_password(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	if (v.n < 10)
		return "must be at least 10 characters";
	if (v.n > 200)
		return "must be at most 200 characters";
	return NULL;
}

const char *validate_member_type(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	if (str_eqc(v, "doctor") || str_eqc(v, "student") || str_eqc(v, "hcp"))
		return NULL;
	return "must be doctor, student or hcp";
}

const char *validate_country(arena *a, str v, str *norm)
{
	if (v.n != 2)
		return "must be a country from the list";
	char *p = arena_alloc(a, 3);
	if (!p)
		return "is too long";
	for (int i = 0; i < 2; i++)
		p[i] = (char)(v.p[i] >= 'a' && v.p[i] <= 'z' ? v.p[i] - 32 : v.p[i]);
	p[2] = '\0';
	if (!country_name((str){p, 2}))
		return "must be a country from the list";
	*norm = (str){p, 2};
	return NULL;
}

const char *validate_name(arena *a, str v, str *norm)
{
	(void)a;
	v = str_trim(v);
	size_t n = utf8_chars(v);
	if (n == 0)
		return "is required";
	if (n > 100)
		return "must be at most 100 characters";
	*norm = v;
	return NULL;
}

const char *validate_timezone(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	return tz_known(v) ? NULL : "must be a time zone such as Europe/London";
}

const char *validate_short_text(arena *a, str v, str *norm)
{
	(void)a;
	v = str_trim(v);
	if (utf8_chars(v) > 80)
		return "must be at most 80 characters";
	*norm = v;
	return NULL;
}

/* The next recipient of a list: skips separators and one '@'. */
static str next_recipient(str *rest)
{
	size_t i = 0;
	while (i < rest->n && (rest->p[i] == ',' || rest->p[i] == ' ' || rest->p[i] == ';'))
		i++;
	if (i < rest->n && rest->p[i] == '@')
		i++;
	size_t start = i;
	while (i < rest->n && rest->p[i] != ',' && rest->p[i] != ' ' && rest->p[i] != ';')
		i++;
	str one = {rest->p + start, i - start};
	*rest = (str){rest->p + i, rest->n - i};
	return one;
}

const char *validate_recipients(arena *a, str v, str *norm)
{
	str rest = v, seen[VALIDATE_RECIPIENTS_MAX];
	int n = 0;
	buf b;
	buf_init(&b, a);
	while (rest.n) {
		str one = next_recipient(&rest), h;
		if (!one.n)
			continue;
		if (validate_handle(a, one, &h))
			return "must be handles of members, such as @amara, separated by commas";
		bool again = false;
		for (int i = 0; i < n; i++)
			again |= str_eq(seen[i], h);
		if (again)
			continue;
		if (n == VALIDATE_RECIPIENTS_MAX)
			return "may name at most 19 members";
		if (n)
			buf_putc(&b, ',');
		buf_str(&b, h);
		seen[n++] = h;
	}
	if (!n)
		return "must name at least one member";
	if (b.err)
		return "is too long";
	*norm = buf_slice(&b);
	return NULL;
}

const char *validate_body(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	return str_trim(v).n ? NULL : "must not be empty";
}

const char *validate_id(arena *a, str v, str *norm)
{
	(void)a, (void)norm;
	if (v.n < 1 || v.n > 18 || v.p[0] == '0')
		return "must be a number";
	for (size_t i = 0; i < v.n; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return "must be a number";
	return NULL;
}

const char *member_type_label(str type)
{
	if (str_eqc(type, "doctor"))
		return "Doctor";
	if (str_eqc(type, "student"))
		return "Medical student";
	if (str_eqc(type, "hcp"))
		return "Health professional";
	return "Member";
}
