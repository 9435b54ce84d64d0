/* log.h: structured logging, one line per event, key=value pairs after a
 * level and an event name, on standard error (journald and files alike).
 * Values are quoted when they hold spaces, quotes or control characters,
 * so a line can always be parsed back. */
#ifndef ROUNDS_LOG_H
#define ROUNDS_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level written (default LOG_INFO). */
void log_set_level(enum log_level lv);

/* Writes `level event fmt...` where fmt produces key=value pairs; values
 * should go through %s of log_q() when they come from outside. */
void log_msg(enum log_level lv, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_info(ev, ...) log_msg(LOG_INFO, ev, __VA_ARGS__)
#define log_warn(ev, ...) log_msg(LOG_WARN, ev, __VA_ARGS__)
#define log_error(ev, ...) log_msg(LOG_ERROR, ev, __VA_ARGS__)

/* Quotes `s` (at most `n` bytes) into `out` (size `cap`) as a log value:
 * bare when safe, else in double quotes with \" \\ and \xNN escapes.
 * Returns `out`. */
const char *log_q(char *out, size_t cap, const char *s, size_t n);

#endif
