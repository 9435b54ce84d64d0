/* groups.h: private groups, shared by their pages (groups.c), the API
 * (api_groups.c) and the forum pages a group's forum reuses (forum.c).
 *
 * A group's content is its forum's, so forum.h's rules hold for it; what
 * is added here is the group itself: finding one as the reader may see
 * it, and the changes to it (request, decide, invite, answer, members,
 * status), each written once for pages and the API.  Each change answers
 * its own refusals (http_error: HTML or JSON by route) and returns their
 * status, except a bad field: then it sets the field's error on r->in and
 * returns 422 unanswered, so a page can show its form again. */
#ifndef ROUNDS_PAGES_GROUPS_H
#define ROUNDS_PAGES_GROUPS_H

#include "forum.h"

/* Sizes of a request's fields. */
#define GROUP_NAME_MAX 100   /* characters */
#define GROUP_PURPOSE_MAX 1000
#define GROUP_AUDIENCE_MAX 200

/* The group `slug` as the reader may see it for `act` (an action on its
 * forum or the group): 0 with *g and its policy object *o; 404 answered
 * for a missing group or one the reader may not see; 403 answered for a
 * member of a suspended group (they are told it is suspended, nothing
 * more); or a store error (unanswered). */
int group_find(http_req *r, str slug, enum policy_action act, struct store_group *g, struct policy_object *o);

/* The reader's groups and requests (store_group_mine) and the
 * invitations waiting for them: 0 or a store error. */
int group_lists(http_req *r, struct store_group_list *gl, struct store_group_invitation_list *il);

/* A member asks for a group (fields name, purpose, audience, clinical of
 * r->in, checked): 0 with *id; 429 answered (too many requests); or a
 * store error. */
int group_request(http_req *r, int64_t *id);

/* An editor decides group `id`: "approve" or "decline" (a pending
 * request; declining needs a reason), "suspend" or "unsuspend".  The
 * requester is emailed a decision.  0; 404/409 answered; 422 (field
 * reason or decision); or a store error. */
int group_decide(http_req *r, int64_t id, str decision, str reason);

/* An owner or co-owner of g invites `who`: a handle (with or without @)
 * or an email address.  0 with *to_email true when the invitation went
 * to an address no member has, and *id the invitation's; 409 answered
 * (in the group or invited already; the group not active); 422 (the
 * error set on `field`); or a store error. */
int group_invite(http_req *r, const struct store_group *g, str who, const char *field, bool *to_email,
		 int64_t *id);

/* The reader answers invitation `id`: 0 with *g (the group, on accept);
 * 404/409 answered; or a store error. */
int group_answer(http_req *r, int64_t id, bool accept, struct store_group *g);

/* Sets member `handle`'s role in g ("member", "coowner", "owner" to hand
 * over, "" to remove; the reader themself with "" leaves), as the policy
 * lets the reader.  0; 404/409/422 answered (422: a bad role, or a
 * suspended member made owner or co-owner); or a store error. */
int group_member_change(http_req *r, const struct store_group *g, const struct policy_object *o, str handle,
			str role);

/* Its owner archives g ("archived") or opens it again ("active").  0;
 * 404/409 answered; 422 (field "status"); or a store error. */
int group_status_change(http_req *r, const struct store_group *g, const struct policy_object *o, str to);

/* An owner or co-owner withdraws invitation `id` of g.  0; 404 answered;
 * or a store error. */
int group_invitation_revoke(http_req *r, const struct store_group *g, int64_t id);

/* The group as the API shows it to its members (with purpose, audience,
 * counts and the reader's role) or, with `editor`, as the editors' list
 * shows it (name, owner, member count, status; a pending request's
 * purpose and audience too, to decide on). */
json_t *group_json(const struct store_group *g, bool editor);
json_t *group_invitation_json(const struct store_group_invitation *iv);

/* The view of a group for pages (same fields as group_json). */
view_obj *group_view(http_req *r, const struct store_group *g);

#endif
