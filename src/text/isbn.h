/* isbn.h: International Standard Book Numbers, as an editor types them
 * (ISBN-10 or ISBN-13, hyphens or spaces between the digits), checked and
 * reduced to their digits for the library's items. */
#ifndef ROUNDS_ISBN_H
#define ROUNDS_ISBN_H

#include "../core/str.h"

/* Checks `in` as an ISBN-10 (nine digits and a check digit 0-9 or X,
 * mod 11) or an ISBN-13 (thirteen digits starting 978 or 979, mod 10 with
 * weights 1 and 3).  Hyphens and spaces may stand between digits, never
 * before the first or after the last.  Writes the digits (an ISBN-10's X
 * upper case) NUL-terminated to out: 0; -1 when it is not a valid ISBN
 * (out is then left empty). */
int isbn_normalize(str in, char out[14]);

#endif
