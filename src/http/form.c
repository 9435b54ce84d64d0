/* form.c: the one place where input fields are limited and checked.
 * A field's raw bytes never exceed its limit in memory: past the limit we
 * keep only a "too long" mark. */
#include "form.h"

#include <stdint.h>
#include <stdio.h>

void form_init(struct form_values *fv, const struct form_spec *spec)
{
	memset(fv, 0, sizeof *fv);
	fv->spec = spec;
	fv->first_err = -1;
}

int form_index(const struct form_spec *spec, const char *name)
{
	if (!spec)
		return -1;
	for (size_t i = 0; i < spec->n && i < FORM_MAX_FIELDS; i++)
		if (strcmp(spec->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

static const char too_long[] = "is too long";

int form_offer(struct form_values *fv, arena *a, const char *name, const char *data, size_t n, bool append)
{
	int i = form_index(fv->spec, name);
	if (i < 0)
		return 0;
	const struct form_field *f = &fv->spec->fields[i];
	bool sep = false; /* a list's next value: a ',' before it */
	if (!append && fv->present[i] && (f->flags & FIELD_LIST)) {
		/* An empty piece is either an empty value (nothing to join) or
		 * the empty first piece of a multipart value (see below): its
		 * bytes, if any, come next at offset 0 again. */
		if (!n)
			return 0;
		sep = fv->v[i].n > 0;
		append = true;
	} else if (!append && fv->present[i]) {
		/* A repeated field: the first one counts.  But a part that came
		 * as an empty first piece (libmicrohttpd's multipart parser may
		 * hand a value over as 0 bytes, then its bytes, both at offset
		 * 0) is that same value arriving: take the bytes. */
		if (fv->v[i].n)
			return 0;
		append = true;
	}
	size_t have = append && fv->present[i] ? fv->v[i].n : 0;
	if (n > SIZE_MAX / 4 - have)
		return -1;
	size_t need = have + sep + n + 1;
	char *p = fv->grown[i];
	if (!have || fv->v[i].p != p || need > fv->room[i]) {
		/* A value continued grows by doubling: libmicrohttpd may hand
		 * a long one over in many small pieces. */
		size_t room = have && need < 2 * have ? 2 * have : need;
		if (!(p = arena_alloc(a, room)))
			return -1;
		if (have)
			memcpy(p, fv->v[i].p, have);
		fv->grown[i] = p;
		fv->room[i] = room;
	}
	if (sep)
		p[have++] = ',';
	if (n)
		memcpy(p + have, data, n);
	p[have + n] = '\0';
	fv->v[i] = (str){p, have + n};
	fv->present[i] = true;
	if (fv->v[i].n > f->max)
		fv->err[i] = too_long;
	return 0;
}

/* A FIELD_LIST field given as a JSON array: its strings, offered one by
 * one as repeated form values are (an empty array: present and empty). */
static int list_from_json(struct form_values *fv, arena *a, const struct form_field *f, json_t *arr)
{
	int i = form_index(fv->spec, f->name);
	size_t k;
	json_t *el;
	fv->present[i] = false;
	if (form_offer(fv, a, f->name, "", 0, false) < 0)
		return -1;
	json_array_foreach(arr, k, el)
	{
		if (!json_is_string(el)) {
			fv->err[i] = "must be a list of strings";
			return 0;
		}
		if (form_offer(fv, a, f->name, json_string_value(el), json_string_length(el), false) < 0)
			return -1;
	}
	return 0;
}

int form_from_json(struct form_values *fv, arena *a, json_t *obj)
{
	for (size_t i = 0; i < fv->spec->n && i < FORM_MAX_FIELDS; i++) {
		const struct form_field *f = &fv->spec->fields[i];
		json_t *v = json_object_get(obj, f->name);
		if (!v || json_is_null(v))
			continue;
		fv->present[i] = true;
		if (f->flags & FIELD_BOOL) {
			if (!json_is_boolean(v))
				fv->err[i] = "must be true or false";
			else
				fv->truth[i] = json_is_true(v);
			continue;
		}
		if ((f->flags & FIELD_INT) && json_is_integer(v)) {
			char num[24];
			int len = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			fv->present[i] = false;
			if (form_offer(fv, a, f->name, num, (size_t)len, false) < 0)
				return -1;
			continue;
		}
		if ((f->flags & FIELD_LIST) && json_is_array(v)) {
			if (list_from_json(fv, a, f, v) < 0)
				return -1;
			continue;
		}
		if (!json_is_string(v)) {
			fv->err[i] = f->flags & FIELD_INT ? "must be a number" : "must be a string";
			continue;
		}
		fv->present[i] = false;
		if (form_offer(fv, a, f->name, json_string_value(v), json_string_length(v), false) < 0)
			return -1;
	}
	return 0;
}

/* Control characters as the text checks see them: C0 and C1, DEL, and the
 * line and paragraph separators (which break JavaScript strings); newlines
 * and tabs only in multi-line fields. */
static bool is_control(unsigned cp, bool multiline)
{
	bool ctl = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029;
	return ctl && !(multiline && (cp == '\n' || cp == '\r' || cp == '\t'));
}

int form_check_text(str s, bool multiline, size_t *chars)
{
	size_t count = 0;
	for (size_t i = 0; i < s.n;) {
		uint32_t cp;
		size_t len = str_utf8_at(s, i, &cp);
		if (!len)
			return -1;
		if (is_control(cp, multiline))
			return -2;
		i += len;
		count++;
	}
	if (chars)
		*chars = count;
	return 0;
}

/* A copy of s with each malformed UTF-8 sequence and control character
 * (but newlines and tabs) replaced by U+FFFD, so it can be shown again. */
static str make_showable(arena *a, str s)
{
	buf b;
	buf_init(&b, a);
	const unsigned char *p = (const unsigned char *)s.p;
	for (size_t i = 0; i < s.n;) {
		uint32_t cp;
		size_t len = str_utf8_at(s, i, &cp);
		if (!len || is_control(cp, true)) {
			buf_puts(&b, "\xef\xbf\xbd");
			i += len ? len : 1;
		} else {
			buf_put(&b, p + i, len);
			i += len;
		}
	}
	return b.err ? STR_NULL : buf_slice(&b);
}

static void note_error(struct form_values *fv, size_t i, const char *msg)
{
	if (!fv->err[i])
		fv->err[i] = msg;
}

int form_validate(struct form_values *fv, arena *a)
{
	fv->nerr = 0;
	fv->first_err = -1;
	for (size_t i = 0; i < fv->spec->n && i < FORM_MAX_FIELDS; i++) {
		const struct form_field *f = &fv->spec->fields[i];
		fv->typed[i] = fv->v[i];
		if (fv->present[i] && form_check_text(fv->v[i], true, NULL) != 0)
			fv->typed[i] = make_showable(a, fv->v[i]);
		if (!(f->flags & (FIELD_BOOL | FIELD_RAW)) && fv->present[i]) {
			int t = form_check_text(fv->v[i], f->flags & FIELD_MULTILINE, NULL);
			if (t == -1)
				note_error(fv, i, "is not valid UTF-8 text");
			else if (t == -2)
				note_error(fv, i, "must not contain control characters");
		}
		bool empty = !fv->present[i] || (!(f->flags & FIELD_BOOL) && fv->v[i].n == 0);
		if (!fv->err[i] && empty && (f->flags & FIELD_REQUIRED))
			note_error(fv, i, "is required");
		if (!fv->err[i] && !empty && f->check && !(f->flags & FIELD_BOOL)) {
			str norm = fv->v[i];
			const char *msg = f->check(a, fv->v[i], &norm);
			if (msg)
				note_error(fv, i, msg);
			else
				fv->v[i] = norm;
		}
		if (fv->err[i]) {
			fv->nerr++;
			if (fv->first_err < 0)
				fv->first_err = (int)i;
		}
	}
	return fv->nerr;
}

str form_get(const struct form_values *fv, const char *name)
{
	int i = form_index(fv->spec, name);
	return i >= 0 && fv->present[i] ? fv->v[i] : STR_NULL;
}

bool form_bool(const struct form_values *fv, const char *name)
{
	int i = form_index(fv->spec, name);
	if (i < 0 || !fv->present[i])
		return false;
	if (fv->truth[i])
		return true;
	str v = fv->v[i];
	return str_eqc(v, "1") || str_eqc(v, "on") || str_eqc(v, "true");
}

const char *form_error(const struct form_values *fv, const char *name)
{
	int i = form_index(fv->spec, name);
	return i >= 0 ? fv->err[i] : NULL;
}

void form_set_error(struct form_values *fv, const char *name, const char *message)
{
	int i = form_index(fv->spec, name);
	if (i < 0 || fv->err[i])
		return;
	fv->err[i] = message;
	fv->nerr++;
	if (fv->first_err < 0 || i < fv->first_err)
		fv->first_err = i;
}
