/* mail.h: outgoing mail.  With an SMTP URL configured, a message goes to
 * that relay through libcurl; otherwise it is written, whole, as one file
 * in the spool folder (written to a temporary name, synced, then renamed,
 * so a reader never sees half a message).  Messages are plain UTF-8 text. */
#ifndef ROUNDS_MAIL_H
#define ROUNDS_MAIL_H

#include <stdbool.h>

#include "../core/config.h"
#include "../core/str.h"

/* Sends one message.  `to` must be a checked address; subject and body
 * are text (the subject must hold no CR or LF).  0, or -1 (logged). */
int mail_send(const struct rounds_config *cfg, arena *a, str to, str subject, str body);

/* The messages Rounds sends for accounts.  `link` is absolute. */
int mail_confirm(const struct rounds_config *cfg, arena *a, str to, str name, str link);
int mail_reset(const struct rounds_config *cfg, arena *a, str to, str name, str link);
/* An editor's decision on a verification application, with their reason;
 * `link` (absolute) is the member's verification page. */
int mail_verification(const struct rounds_config *cfg, arena *a, str to, str name, bool approved, str reason,
		      str link);
/* The imported register lists the member's registration as erased or
 * suspended, so their verification is withdrawn. */
int mail_verification_withdrawn(const struct rounds_config *cfg, arena *a, str to, str name, str link);
/* The account has been deleted (sent to the address it had). */
int mail_account_deleted(const struct rounds_config *cfg, arena *a, str to, str name);

/* A moderator's warning about the post at `link` (absolute), with their
 * note; the post's text is never included. */
int mail_warning(const struct rounds_config *cfg, arena *a, str to, str name, str note, str link);

/* An editor's decision on the member's request for the group `group`
 * (its name), with their reason; `link` (absolute) is the group's page
 * when approved, else the member's groups. */
int mail_group_decision(const struct rounds_config *cfg, arena *a, str to, str name, str group, bool approved,
			str reason, str link);
/* `inviter` invites the address to the private group `group` (its name
 * and purpose only, never its content); `link` (absolute) is where the
 * invitation is answered, after registering with this address if need be. */
int mail_group_invitation(const struct rounds_config *cfg, arena *a, str to, str inviter, str group, str purpose,
			  str link);

/* An editor's decision on the member's application to blog, for the blog
 * `blog` (its title): approved, `link` (absolute) is the new blog; else
 * with their reason, and `link` is where one applies again. */
int mail_blog_decision(const struct rounds_config *cfg, arena *a, str to, str name, str blog, bool approved,
		       str reason, str link);

#endif
