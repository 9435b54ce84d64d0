/* mail.h: outgoing mail.  Every message goes through the queue in the
 * database (store.h "Mail"): mail_queue composes it (a subject, a text
 * and an HTML body from one struct mail_content, and the one-click
 * unsubscribe link for mail that is not about the account) and queues it
 * in one transaction; the sender thread (sender.c) claims due messages
 * under a lease, builds each RFC 5322 message (multipart/alternative,
 * Message-ID fixed by the queue id, so a resend is recognisably the same
 * message) and delivers it to the SMTP relay through libcurl, or, with no
 * relay configured, as one file in the spool folder. */
#ifndef ROUNDS_MAIL_H
#define ROUNDS_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/config.h"
#include "../core/str.h"
#include "../store/store.h"

/* What composing and sending need.  secret: the site's 32-byte secret
 * (server.h srv->secret) the unsubscribe MACs derive from. */
struct mail_env {
	const struct rounds_config *cfg;
	store *st;
	const unsigned char *secret;
};

/* One line of a list (digests); link absolute (may be empty). */
struct mail_item {
	str title, link, note;
};

/* A message's content; both parts are made from it. */
struct mail_content {
	str subject;                  /* no CR/LF */
	str greeting;                 /* "Hello Ada," (may be empty) */
	const str *paras;             /* paragraphs of plain text */
	int nparas;
	const struct mail_item *items;
	int nitems;
	str link, link_label;         /* the main action (absolute URL), may be empty */
};

/* Composes (text + HTML, unsubscribe link for non-account kinds, settings
 * link) and queues one message.  member 0: an address that is no
 * member's (invitations to an address, the account-deleted notice).
 * `scope` is the unsubscribe scope ("" = the kind's name).  Wakes the
 * sender.  0, or -1 (logged). */
int mail_queue(const struct mail_env *e, arena *a, int64_t member, enum store_mail_kind kind, str scope, str to,
	       const struct mail_content *c);
/* The same, composed only (for a caller that queues several with a mark
 * in one transaction through store_mail_enqueue; then mail_sender_wake). */
int mail_compose(const struct mail_env *e, arena *a, int64_t member, enum store_mail_kind kind, str scope, str to,
		 const struct mail_content *c, struct store_mail *out);

/* Unsubscribe links: BASE/unsubscribe?m=ID&s=SCOPE&t=MAC, MAC =
 * secret_mac(secret, "unsubscribe:ID:SCOPE").  check: constant time. */
int mail_unsubscribe_url(const struct mail_env *e, arena *a, int64_t member, str scope, str *out);
bool mail_unsubscribe_check(const unsigned char secret[32], int64_t member, str scope, str mac);

/* The messages Rounds sends.  `link` is absolute; `member` the
 * recipient's id.  Account kind (never capped, no unsubscribe link):
 * confirm, reset, account deleted (member 0: the account is gone).
 * Decision kind (the caller checks the member's decision mode first):
 * verification, withdrawn, warning, group and blog decisions.
 * Invitation kind: a group invitation (member 0 when the address is no
 * member's).  0, or -1 (logged). */
int mail_confirm(const struct mail_env *e, arena *a, int64_t member, str to, str name, str link);
int mail_reset(const struct mail_env *e, arena *a, int64_t member, str to, str name, str link);
/* The account has been deleted (sent to the address it had). */
int mail_account_deleted(const struct mail_env *e, arena *a, str to, str name);
/* An editor's decision on a verification application, with their reason;
 * `link` is the member's verification page. */
int mail_verification(const struct mail_env *e, arena *a, int64_t member, str to, str name, bool approved, str reason,
		      str link);
/* The imported register lists the member's registration as erased or
 * suspended, so their verification is withdrawn. */
int mail_verification_withdrawn(const struct mail_env *e, arena *a, int64_t member, str to, str name, str link);
/* A moderator's warning about the post at `link`, with their note; the
 * post's text is never included. */
int mail_warning(const struct mail_env *e, arena *a, int64_t member, str to, str name, str note, str link);
/* An editor's decision on the member's request for the group `group` (its
 * name), with their reason; `link` is the group's page when approved,
 * else the member's groups. */
int mail_group_decision(const struct mail_env *e, arena *a, int64_t member, str to, str name, str group,
			bool approved, str reason, str link);
/* `inviter` invites the address to the private group `group` (its name
 * and purpose only, never its content); `link` is where the invitation is
 * answered, after registering with this address if need be. */
int mail_group_invitation(const struct mail_env *e, arena *a, int64_t member, str to, str inviter, str group,
			  str purpose, str link);
/* An editor's decision on the member's application to blog, for the blog
 * `blog` (its title): approved, `link` is the new blog; else with their
 * reason, and `link` is where one applies again. */
int mail_blog_decision(const struct mail_env *e, arena *a, int64_t member, str to, str name, str blog, bool approved,
		       str reason, str link);

/* ---- Notifications (notify_mail.c, helper mail-notify) ---- */
/* Immediate mails for new events. */
int mail_fanout(const struct mail_env *e, arena *a, int64_t now);
/* The daily and weekly digests that are due. */
int mail_digests(const struct mail_env *e, arena *a, int64_t now);

/* ---- Delivery (sender.c) ----
 * The RFC 5322 message for a queued row (CRLF line ends): headers From,
 * To, Subject (an RFC 2047 encoded-word when not ASCII), Date (created_at),
 * Message-ID <ID.CREATED@host of the base URL>, MIME-Version,
 * List-Unsubscribe and List-Unsubscribe-Post (when it has an unsubscribe
 * URL), then multipart/alternative text and HTML, each quoted-printable. */
int mail_message(const struct rounds_config *cfg, arena *a, const struct store_mail *m, str *out);
/* One delivery pass: mail_fanout, mail_digests (when this node claims the
 * hourly job), then claims due messages and delivers them until none is
 * due.  *sent (may be NULL) counts the messages sent.  0, or the claim's
 * STORE_E* code (logged; STORE_EFULL: the store refuses writes). */
int mail_deliver(const struct mail_env *e, int64_t now, int *sent);
/* The sender thread: start (0 or -1), wake (prompt delivery after
 * mail_queue; nothing when it is not running), stop (finishes the message
 * in hand, then joins). */
int mail_sender_start(const struct mail_env *e);
void mail_sender_wake(void);
void mail_sender_stop(void);

#endif
