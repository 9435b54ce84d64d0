/* forum.h: what the forum pages share (forum.c, topic.c, api_forum.c,
 * modq.c): access to a forum's content as the policy decides it, the one
 * path by which a topic, reply or edit is written (rate limits, the
 * confidentiality guard, Markdown, mentions), and the views of topics and
 * posts.  Pages and the API both go through these, so a rule is decided
 * once. */
#ifndef ROUNDS_PAGES_FORUM_H
#define ROUNDS_PAGES_FORUM_H

#include "pages.h"

#include "../text/scan.h"

/* How long an author may delete their own post. */
#define FORUM_DELETE_WINDOW (24 * 60 * 60)
/* Posts and topics to a page. */
#define FORUM_POSTS_PAGE 20
#define FORUM_TOPICS_PAGE 25
/* The longest title and body. */
#define FORUM_TITLE_MAX 200
#define FORUM_BODY_MAX 50000
/* Findings the guard reports at most. */
#define FORUM_FINDINGS_MAX 32

/* The policy's object for forum content in section `sec` of forum
 * `forum` (0: none) written by `owner` at `created` (0: not a post):
 * asks the store whether the reader champions the forum only when they
 * hold the role; in a group, the reader's role there and whether the
 * group is open. */
struct policy_object forum_object(http_req *r, enum store_section sec, int64_t forum, int64_t owner,
				  int64_t created);

/* Whether the reader may do `act` on that object. */
bool forum_may(http_req *r, enum policy_action act, enum store_section sec, int64_t forum, int64_t owner,
	       int64_t created);

/* Access to forum `forum`'s content (in section `sec`) for `act`
 * (ACT_FORUM_READ or _POST): 0 allowed; 404 when the reader may not know
 * of it; 403 when it is a closed clinical forum that a member who is a
 * doctor could read once verified (the page says how).  In a group the
 * reader's membership decides (forum_object). */
int forum_access(http_req *r, enum store_section sec, int64_t forum, enum policy_action act);

/* The address of a forum's page: /f/SLUG, or /g/SLUG for a group's. */
const char *forum_href(http_req *r, enum store_section sec, str slug);

/* What a topic, reply or edit carries, from a form or JSON body. */
struct forum_draft {
	str title;       /* topics and first-post edits; STR_NULL otherwise */
	str body;
	bool confirm;    /* confirm_no_identifiers */
	const struct store_poll_new *poll; /* a new topic's poll, or NULL */
};

/* What the guard found when it refused a draft. */
struct forum_findings {
	struct scan_finding items[FORUM_FINDINGS_MAX];
	bool in_title[FORUM_FINDINGS_MAX]; /* the finding is in the title, not the body */
	int n;
};

/* The draft from the request's validated fields: title, body,
 * confirm_no_identifiers. */
struct forum_draft forum_draft_of(http_req *r);

/* Writes a draft: a new topic in `forum` (topic 0), a reply to `topic`,
 * or an edit of post `post` (with `topic` and `forum` its own).  Checks
 * the rate limits, runs the confidentiality guard in clinical sections,
 * keeps the request's image (forum_image_keep), renders the Markdown and
 * finds mentions.  Returns 0 with *topic_out and *post_out; 422 with *f
 * filled (possible patient identifiers, not confirmed); FORUM_BAD_IMAGE
 * (the form's "image" field has the error); 429 (answered already); 404;
 * 409 (locked topic or archived forum); or a store error. */
#define FORUM_BAD_IMAGE 415
struct forum_target {
	int64_t forum, topic, post;
	enum store_section section;
};
int forum_write(http_req *r, const struct forum_target *t, const struct forum_draft *d, struct forum_findings *f,
		int64_t *topic_out, int64_t *post_out);

/* The confidentiality guard on a draft's title and body, for places
 * outside the forums that apply it (blog posts): true when it finds
 * something and the draft does not confirm it (*f the findings). */
bool forum_guard_stops(const struct forum_draft *d, struct forum_findings *f);

/* The findings as the API shows them: [{kind, start, end, field}]. */
json_t *forum_findings_json(const struct forum_findings *f);
/* The findings for a page: a list of {kind, label, text, field}. */
view_list *forum_findings_view(http_req *r, const struct forum_findings *f, const struct forum_draft *d);

/* Views of a topic in a list, and of a post on a topic page. */
view_obj *forum_topic_view(http_req *r, const struct store_topic *t);
/* Reading page `pl` of topic t moves the reader's read mark to its last
 * post: a write, so only when the page goes past the mark they have, not
 * on every view of what they read already (page 1 of a long unread topic
 * is read again and again). */
void forum_mark_read(http_req *r, const struct store_topic *t, const struct store_post_list *pl);
/* What the reader may do in a topic, decided once for a page of posts:
 * `base` is the topic's policy object (forum_object with no owner). */
struct forum_rights {
	const struct policy_object *base;
	bool staff; /* ACT_FORUM_MODERATE */
	bool post;  /* ACT_FORUM_POST */
};
struct forum_rights forum_rights_of(http_req *r, const struct policy_object *base);
/* The page of posts pl of topic t (store_topic_page's, at limit and
 * offset) as _posts.html's `posts`, each post's number shown `shift`
 * lower (a blog post's comments count from its first reply).  Each
 * post's head (_post_head.html), the part every reader sees alike, comes
 * from the server's cache while the topic's numbers hold (forum_core.c);
 * the rest is the reader's.  NULL when the arena is full. */
view_list *forum_posts_view(http_req *r, const struct store_topic *t, const struct store_post_list *pl, int limit,
			    int offset, int shift);

/* JSON of a topic (without posts) and of a post. */
json_t *forum_topic_json(const struct store_topic *t);
json_t *forum_post_json(http_req *r, const struct store_post *p);

/* The forum `slug` as the reader may see it for `act`: 0; 404 (none, or
 * not for the reader: answered unless `quiet`), 403 (closed, needs
 * verification), or a store error. */
int forum_by_slug(http_req *r, str slug, enum policy_action act, struct store_forum *f);

/* The topic `id` as the reader may see it: 0; 404 (answered) for a
 * missing, deleted or unreadable topic (a closed one too, to an
 * unverified doctor); or a store error. */
int forum_topic(http_req *r, int64_t id, struct store_topic *t);

/* The poll in the request's poll_question, poll_options (one a line),
 * poll_multiple and poll_days fields: 0 with *has false when none was
 * asked for, 0 with *out filled, or 422 with the field's error set. */
int forum_poll_of(http_req *r, struct store_poll_new *out, bool *has);
/* Adds topic t's poll (if any) to ctx as "poll", with results only for
 * those who voted or once it closed.  0 or a store error. */
int forum_poll_ctx(http_req *r, view_obj *ctx, const struct store_topic *t, bool can_post);
/* The topic's poll as JSON (votes only once the reader may see them), or
 * JSON null when it has none. */
json_t *forum_poll_json(http_req *r, int64_t topic);

/* The request's image (the "image" file of a multipart form), stripped
 * of its metadata and stored: 0 with *sha the stored bytes' hash (empty
 * when none came); 422 with the field's error (not a PNG, JPEG or WebP,
 * or malformed); or a store error. */
int forum_image_keep(http_req *r, str *sha);
/* The same for the image file of field `field` (a blog post's "cover"). */
int forum_image_keep_field(http_req *r, const char *field, str *sha);

/* POST of a new topic to forum `forum` (in `section`), the reader's
 * access to post there checked already: 201 with the topic and its
 * first post, or the refusal answered (the API's, for forums and
 * groups alike). */
int api_topic_create_in(http_req *r, int64_t forum, enum store_section section);

/* Whether forums of section `sec` are the site's own forums (listed,
 * run by the editors, reached at /f/), rather than a group's or a blog's
 * (reached through their group or blog only, never moved into or out
 * of).  The one place that tells them apart. */
static inline bool forum_section_own(enum store_section sec)
{
	return sec == STORE_SECTION_OPEN_CLINICAL || sec == STORE_SECTION_CLOSED_CLINICAL ||
	       sec == STORE_SECTION_OFF_DUTY;
}

/* The human name of a section ("Closed clinical forums"). */
const char *forum_section_label(enum store_section sec);

#endif
