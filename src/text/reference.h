/* reference.h: the reference tables of medical specialties and grades that
 * Rounds ships: the profile form offers them and the members directory
 * filters by them.
 *
 * Each item has a stable lower-case code (the database, forms and links
 * store it, so a code is never renamed or reused), a display name in
 * British English and a group (an <optgroup> heading).  Both tables are in
 * display order: the items of a group are together, groups in display
 * order.  Specialties are sorted by name within their group and "other"
 * comes last; grades follow the order of a career within their group.
 * The tables are static and constant: safe on any thread. */
#ifndef ROUNDS_REFERENCE_H
#define ROUNDS_REFERENCE_H

#include "../core/str.h"

/* Longest value, in bytes as typed, that the validators look at; anything
 * longer is refused before any work.  The longest name is well under it. */
#define REFERENCE_INPUT_MAX 128

struct reference_item {
	const char *code;  /* stable identifier, [a-z0-9-]: "emergency-medicine" */
	const char *name;  /* for people: "Emergency medicine" */
	const char *group; /* heading it is listed under: "Acute and critical care" */
};

/* How many specialties there are, and the i-th in display order;
 * reference_specialty_at() is NULL when i is out of range.  The items
 * point into the static table: never freed. */
int reference_specialty_count(void);
const struct reference_item *reference_specialty_at(int i);

/* The specialty whose code or display name is `v`, compared ignoring ASCII
 * case (so a free-text "Cardiology" stored before the table existed finds
 * "cardiology"); nothing is trimmed.  NULL when there is none, including
 * for an empty slice.  Points into the static table: never freed. */
const struct reference_item *reference_specialty_find(str v);

/* The same three for grades ("fy1", "st3", "consultant", "student-y4"). */
int reference_grade_count(void);
const struct reference_item *reference_grade_at(int i);
const struct reference_item *reference_grade_find(str v);

/* Field validators in the style of validate.h.  Spaces and tabs around `v`
 * are trimmed.  An empty value is allowed (the field is optional): NULL,
 * with *norm set to the empty string.  A specialty's (a grade's) code or
 * display name, in any ASCII case, gives NULL with *norm set to its code,
 * which points into the static table with a trailing NUL (nothing is
 * allocated: `a` is unused, so this cannot run out of memory).  Anything
 * else, or anything over REFERENCE_INPUT_MAX bytes, gives "must be one of
 * the listed specialties" ("... grades") and leaves *norm alone. */
const char *validate_specialty(arena *a, str v, str *norm);
const char *validate_grade(arena *a, str v, str *norm);

#endif
