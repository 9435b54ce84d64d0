/* cli.h: the rounds command line's subcommands.  Each gets the loaded
 * configuration, an open store (migrated), and its remaining arguments;
 * returns the process exit status (0 ok, 1 failed, 2 usage). */
#ifndef ROUNDS_CLI_H
#define ROUNDS_CLI_H

#include "../core/config.h"
#include "../store/store.h"

int cli_serve(struct rounds_config *cfg, store *st);
int cli_demo(struct rounds_config *cfg, store *st);
/* The demo forums (demo_forums.c): topics, replies, likes, a champion, a
 * flag; once.  0 or a store error. */
int demo_forums(store *st);
/* The demo private groups (demo_groups.c): approved groups with members
 * and topics, an invitation waiting for Amara, a request waiting for the
 * editors; each group once.  0 or a store error. */
int demo_groups(store *st);
/* The demo blogs (demo_blogs.c): Amara's blog with published, draft and
 * scheduled posts, covers, comments and features; Grace's; Kwame's
 * application waiting for the editors; each blogger once.  0 or a store
 * error. */
int demo_blogs(store *st);
/* The demo eLibrary (demo_library.c): collections, ebooks (PDF and EPUB
 * files made by docmake.c, one in a second edition), resource pages with
 * attachments, covers, a withdrawn page and two months of downloads; each
 * collection and item once.  0 or a store error. */
int demo_library(store *st);
/* The dashboard's year of history (demo_dashboard.c): a crowd of members
 * who joined over the last year, and a year of page views. */
int demo_dashboard(store *st);
/* The demo's email (demo_mail.c): the fan-out and the digests queue what
 * the demo members' events and settings call for, and a delivery pass
 * sends it (the spool, with no relay); once.  *queued: the messages in
 * the queue.  0 or a store error. */
int demo_mail(struct rounds_config *cfg, store *st, int *queued);
int cli_user(struct rounds_config *cfg, store *st, int argc, char **argv);
/* rounds register import FILE.csv */
int cli_register(struct rounds_config *cfg, store *st, int argc, char **argv);

/* rounds mail digests [--now] (mail-notify: mail_cli.c) */
int cli_mail(struct rounds_config *cfg, store *st, int argc, char **argv);

/* The site secret (CSRF tokens and unsubscribe links derive from it): a
 * hash of the configured one, or of one kept in the store (made once), so
 * that every node of a cluster agrees.  0 or -1. */
int cli_site_secret(const struct rounds_config *cfg, store *st, unsigned char key[32]);

/* Says on standard error why the store refused `what` (rc, a STORE_E*
 * code) in words an operator can act on; returns 1, the exit status. */
int cli_store_failed(int rc, const char *what);

/* Reads one line (the password) from standard input into out; strips the
 * newline.  -1 when there is none or it is longer than cap-1. */
int cli_read_password(char *out, size_t cap);

#endif
