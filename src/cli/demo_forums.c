/* demo_forums.c: the forums of the demo site: topics and replies in open
 * and closed clinical forums and off duty, written by the demo members,
 * with likes, a pinned topic, a poll, Amara as the paediatrics champion,
 * and a flagged post waiting for the moderators.  Made once: a run that finds a
 * topic by Amara has made them already.  Posts go through the store as
 * the site writes them (Markdown rendered once, mentions notified). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../text/markdown.h"
#include "cli.h"

struct demo_reply {
	const char *author, *body;
	const char *liked_by; /* a member who likes it, or NULL */
};

static const struct {
	const char *forum, *author, *title, *body;
	struct demo_reply replies[4];
	bool pin;
} topics[] = {
	{"paediatrics-doctors", "amara", "Neonatal sepsis: stopping antibiotics at 36 hours",
	 "We have moved to stopping empirical antibiotics at **36 hours** when blood cultures are negative and the baby "
	 "is well. Pushback from some seniors who still want 48.\n\nHow are your units handling it? Anyone audited "
	 "readmissions since the change?",
	 {{"editor", "Our unit switched last year. No rise in readmissions over 14 months; the key was a clear "
		     "checklist on the ward round.", "amara"},
	  {"admin", "Same in primary care follow-up: we barely notice the difference, and parents appreciate going "
		    "home a day earlier.", NULL},
	  {"amara", "Thank you both, that is reassuring. I will bring the checklist idea to our next governance "
		    "meeting.", "editor"}},
	 true},
	{"paediatrics", "priya", "Final-year paediatrics rotation: what to read first?",
	 "I start paeds in January. Which resources did you find most useful as a student? @amara, I hear you teach "
	 "on the neonatal unit.",
	 {{"amara", "Start with the *spotting the sick child* material, then the local guidelines for fever in the "
		    "under-fives. And ask to clerk patients, not just shadow.", "priya"},
	  {"grace", "From the nursing side: learn the paediatric early warning score well, it is how we will call "
		    "you.", "priya"}},
	 false},
	{"emergency-critical-care", "tomas", "Bedside ultrasound for pneumothorax: your protocol?",
	 "In our department we scan before the chest film in trauma. Do you use lung sliding alone, or do you insist "
	 "on finding the lung point?",
	 {{"grace", "Our ICU fellows look for the lung point before they call it; sliding alone misled us twice in "
		    "bullous disease.", "tomas"},
	  {"amara", "Same practice in the children's ED, with a low threshold to repeat the scan after any "
		    "procedure.", NULL}},
	 false},
	{"general-practice-doctors", "admin", "Remote consultations: what do you still see in person?",
	 "Three years into mixed remote and face-to-face work. What are your red lines: the presentations you always "
	 "bring in?",
	 {{"editor", "Any breathless child, any new abdominal pain over 50, and anyone I cannot picture from the "
		     "history.", "admin"}},
	 false},
	{"journal-club", "editor", "December paper: remote ischaemic conditioning after stroke",
	 "This month's paper is the large RCT of remote ischaemic conditioning after acute ischaemic stroke. Read it "
	 "before the 15th; we discuss the methods first, then whether it changes anything for us.",
	 {{"amara", "Keen to talk about the sham arm: how do you blind a blood pressure cuff?", "editor"},
	  {"tomas", "And the outcome at 90 days: a shift of the modified Rankin, not a dichotomy.", NULL}},
	 true},
	{"cycling", "amara", "Winter commuting kit",
	 "Manchester rain is back. What is the one piece of kit that makes winter commuting bearable?",
	 {{"tomas", "Proper mudguards. Nothing else comes close.", "amara"},
	  {"grace", "Overshoes, and lights bright enough that drivers see you at 7 in the morning.", "amara"},
	  {"sarahlee", "DM me for cheap bikes, I sell the whole rota discount packs!!!", NULL}},
	 false},
	{"musical-medics", "grace", "Hospital choir for the winter concert",
	 "Our hospital choir needs tenors for the winter concert. Rehearsals are Thursdays after the day shift. Anyone "
	 "else singing this season?",
	 {{"priya", "Our medical school choir is doing the Messiah. Sopranos are never short, tenors always are!", NULL}},
	 false},
};

/* The poll in Tomás's ultrasound topic, and who voted for what. */
#define LIT(s) {(s), sizeof(s) - 1}
static const struct store_poll_new us_poll = {
	.question = LIT("Before calling a pneumothorax on ultrasound, you need:"),
	.options = {LIT("Absent lung sliding alone"), LIT("The lung point"), LIT("A chest film as well")},
	.noptions = 3,
};
static const struct {
	const char *handle;
	int option;
} us_votes[] = {{"grace", 1}, {"amara", 1}, {"priya", 0}, {"editor", 1}, {"tomas", 2}};

static int64_t id_of(store *st, arena *a, const char *handle)
{
	struct store_member m;
	return store_member_by_handle(st, a, str_c(handle), &m) == 0 ? m.id : 0;
}

/* One post's fields: its Markdown rendered, mentions of demo members. */
static int draft(store *st, arena *a, const char *author, const char *body, struct store_post_new *p, int64_t *ment)
{
	*p = (struct store_post_new){.author = id_of(st, a, author), .body = str_c(body), .mentions = ment};
	if (!p->author || markdown_html(a, p->body, &p->body_html))
		return -1;
	if (strstr(body, "@amara") && (ment[0] = id_of(st, a, "amara")))
		p->nmentions = 1;
	return 0;
}

static int add_topic(store *st, arena *a, size_t i, int64_t now)
{
	struct store_forum f;
	struct store_post_new p;
	int64_t ment[1], topic = 0, post = 0, at = now - 86400 * (int64_t)(sizeof topics / sizeof topics[0] - i);
	int rc = store_forum_by_slug(st, a, str_c(topics[i].forum), &f);
	if (rc == 0)
		rc = draft(st, a, topics[i].author, topics[i].body, &p, ment);
	bool poll = !strcmp(topics[i].forum, "emergency-critical-care");
	p.poll = poll ? &us_poll : NULL;
	if (rc == 0)
		rc = store_topic_create(st, f.id, str_c(topics[i].title), &p, at, &topic, &post);
	struct store_poll pl;
	if (rc == 0 && poll && (rc = store_poll_get(st, a, topic, 0, &pl)) == 0)
		for (size_t v = 0; rc == 0 && v < sizeof us_votes / sizeof us_votes[0]; v++)
			rc = store_poll_vote(st, topic, id_of(st, a, us_votes[v].handle), &pl.options[us_votes[v].option].id, 1,
					     at + 600 * (int64_t)(v + 1));
	for (int k = 0; rc == 0 && k < 4 && topics[i].replies[k].author; k++) {
		const struct demo_reply *rp = &topics[i].replies[k];
		rc = draft(st, a, rp->author, rp->body, &p, ment);
		if (rc == 0)
			rc = store_post_create(st, topic, &p, at + 3600 * (k + 1), &post);
		if (rc == 0 && rp->liked_by)
			rc = store_post_like(st, post, id_of(st, a, rp->liked_by), true, at + 3600 * (k + 2));
		if (rc == 0 && !rp->liked_by && k == 2) /* the advert: flagged */
			rc = store_flag_create(st, post, id_of(st, a, "amara"), S("spam"),
					       S("An advert, posted in every off-duty forum."), now - 600, &(int64_t){0});
	}
	if (rc == 0 && topics[i].pin)
		rc = store_topic_moderate(st, topic, STORE_MOD_PIN, 0, id_of(st, a, "editor"), S("Pinned for the month"),
					  now);
	return rc;
}

/* Amara champions both paediatrics forums. */
static int add_champions(store *st, arena *a, int64_t now)
{
	const char *slugs[] = {"paediatrics", "paediatrics-doctors"};
	int64_t amara = id_of(st, a, "amara"), editor = id_of(st, a, "editor");
	for (size_t i = 0; i < 2; i++) {
		struct store_forum f;
		int rc = store_forum_by_slug(st, a, str_c(slugs[i]), &f);
		if (rc == 0)
			rc = store_champion_set(st, f.id, amara, true, editor, now);
		if (rc)
			return rc;
	}
	return 0;
}

int demo_forums(store *st)
{
	arena *a = arena_new(1 << 20);
	if (!a)
		return -1;
	struct store_topic_list mine;
	int64_t now = (int64_t)time(NULL);
	int rc = store_topic_by_author(st, a, id_of(st, a, "amara"), STORE_SECTIONS_ALL, 1, &mine);
	if (rc == 0 && mine.n == 0) {
		rc = add_champions(st, a, now);
		for (size_t i = 0; rc == 0 && i < sizeof topics / sizeof topics[0]; i++)
			rc = add_topic(st, a, i, now);
	}
	arena_free(a);
	return rc;
}
