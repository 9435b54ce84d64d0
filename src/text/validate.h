/* validate.h: checks of what members type, used by the field tables.
 * Each returns NULL when the value is acceptable, else a short message
 * that follows the field's label ("Email must look like …"); it may put a
 * normalised form in *norm (allocated in `a`).  *norm starts as v. */
#ifndef ROUNDS_VALIDATE_H
#define ROUNDS_VALIDATE_H

#include "../core/str.h"

const char *validate_email(arena *a, str v, str *norm);
/* 3–30 of a–z, 0–9 and _, case-insensitive: normalised to lower case. */
const char *validate_handle(arena *a, str v, str *norm);
/* 10–200 bytes. */
const char *validate_password(arena *a, str v, str *norm);
/* doctor, student or hcp. */
const char *validate_member_type(arena *a, str v, str *norm);
/* An ISO 3166-1 alpha-2 code, any case: normalised to upper case. */
const char *validate_country(arena *a, str v, str *norm);
/* A display name: 1–100 characters after trimming spaces. */
const char *validate_name(arena *a, str v, str *norm);
/* An IANA time zone name known to this system, e.g. Europe/London. */
const char *validate_timezone(arena *a, str v, str *norm);
/* Short free text (specialty, grade): at most 80 characters, trimmed. */
const char *validate_short_text(arena *a, str v, str *norm);

/* Recipients of a message: 1 to VALIDATE_RECIPIENTS_MAX handles separated
 * by commas or spaces, each with an optional leading '@'; normalised to
 * lower case, repeats dropped, joined by single commas ("ann,bob"). */
#define VALIDATE_RECIPIENTS_MAX 19
const char *validate_recipients(arena *a, str v, str *norm);
/* A message or post body: something besides white space. */
const char *validate_body(arena *a, str v, str *norm);
/* A positive decimal id (1 to 18 digits). */
const char *validate_id(arena *a, str v, str *norm);

/* Words for a member type ("Doctor", "Medical student", "Health professional"). */
const char *member_type_label(str type);

#endif
