/* demo_groups.c: the private groups of the demo site: three approved
 * groups (two clinical, one not), each with members who joined by
 * accepting an invitation, and topics with replies and likes; Amara owns
 * one, belongs to another and has an invitation to the third waiting on
 * /groups; Priya's request for a fourth waits at /editor/groups.
 *
 * Everything goes through the store as the site writes it: the request,
 * the editor's decision, each invitation and its answer, each post
 * (Markdown rendered once).  Each group is made once: a run that finds
 * its slug taken leaves it alone, so `rounds demo` on a filled database
 * changes nothing.  The clinical groups hold no patient details. */
#include <stdio.h>
#include <time.h>

#include "../text/markdown.h"
#include "cli.h"

#define DAY 86400

struct demo_group_reply {
	const char *author, *body;
	const char *liked_by; /* a member who likes it, or NULL */
};

struct demo_group_topic {
	const char *author, *title, *body;
	struct demo_group_reply replies[3];
};

static const struct demo_group {
	const char *slug, *name, *purpose, *audience;
	bool clinical;
	const char *owner;     /* requested it; owns it once approved */
	bool approved;         /* false: the request waits for the editors */
	const char *joined[3]; /* accepted the owner's invitation, in order */
	const char *coowner;   /* one of `joined` the owner appoints, or NULL */
	const char *invited;   /* a member invited who has not answered, or NULL */
	const char *invited_email; /* an address invited, no member yet, or NULL */
	struct demo_group_topic topics[3];
} groups[] = {
	{"paediatric-sepsis-re-audit", "Paediatric Sepsis Re-audit",
	 "For the doctors and nurses running this year's re-audit of sepsis care in children and newborns across our "
	 "units: agreeing the data collection sheet, comparing time to antibiotics, and talking through anonymised "
	 "cases that fell outside the pathway.",
	 "Clinicians collecting data for the paediatric and neonatal sepsis re-audit", true, "amara", true,
	 {"grace", "priya", "editor"}, "grace", NULL, "audit.lead@northgate-hospital.example",
	 {{"amara", "Data collection sheet v3: please try it before we start",
	   "I have merged everyone's comments into version 3 of the sheet. What changed:\n\n"
	   "- time zero is now *the time sepsis was first suspected*, not the triage time\n"
	   "- a separate box for when the first antibiotic dose was **given**, not prescribed\n"
	   "- no names, dates of birth or hospital numbers anywhere: each case gets an audit code from the local "
	   "log, and the key stays on the unit\n\n"
	   "Could you each try it on two cases from last month and say which boxes were hard to fill in?",
	   {{"grace", "Tried it on two cases in ICU. Time of suspicion is the hardest box: it is often only in the "
		      "nursing notes. Could we add *where the time came from* (medical or nursing notes)?",
	     "amara"},
	    {"priya", "I did two from the children's ward with the registrar. About ten minutes each once I knew where "
		      "the observation charts are kept.",
	     NULL},
	    {"amara", "Good idea, Grace: it is in version 4. Ten minutes a case is fine, Priya. Let us aim for 40 "
		      "cases per unit by the end of the month.",
	     "grace"}}},
	  {"grace", "Time to antibiotics: the cannula is the bottleneck",
	   "Looking at our first 15 cases, the delay is almost never the prescription. It is getting access in small "
	   "children. Has anyone's unit tried going to intraosseous access sooner, after two failed attempts?",
	   {{"amara", "Our guideline allows intraosseous access after two failed attempts or five minutes in a shocked "
		      "child, but in practice people keep trying. A prompt card on the resus trolley helped more than "
		      "the teaching did.",
	     "grace"},
	    {"editor", "Then it is worth recording the number of cannulation attempts on the sheet: it would show "
		       "whether the prompt card changes anything.",
	     "amara"}}},
	  {"editor", "Presenting the results at the regional meeting",
	   "The regional governance meeting has given us 20 minutes in March. I suggest three parts: the standards, "
	   "our results against them by unit (unit names removed), and the three changes we commit to. Who would like "
	   "to present?",
	   {{"priya", "I would love to help with the slides, if a registrar presents.", NULL},
	    {"amara", "I will present. Priya, let us do the slides together. Helen, could you chair the questions?",
	     "editor"}}}}},
	{"northgate-junior-doctors-mess", "Northgate General Junior Doctors' Mess",
	 "The mess committee and the junior doctors of Northgate General Hospital: rota swaps, the mess fund, "
	 "socials, induction for new starters, and issues to raise with the guardian of safe working hours.",
	 "Foundation doctors and core and specialty trainees at Northgate General", false, "kwame", true,
	 {"amara", "tomas"}, NULL, NULL, NULL,
	 {{"kwame", "Mess fund: a new coffee machine or the summer party?",
	   "There is £640 left in the mess fund after the winter social. Two proposals came in:\n\n"
	   "1. replace the coffee machine (quotes are around £450)\n"
	   "2. put it all towards the summer party\n\n"
	   "Reply with your vote by Friday; the committee will go with the majority.",
	   {{"amara", "Coffee machine, please. Night shifts run on it.", "kwame"},
	    {"tomas", "Coffee machine. The party can sell tickets.", "amara"},
	    {"kwame", "Coffee machine it is. I will order it this week: thanks, all.", NULL}}},
	  {"amara", "Swap: Saturday long day on the 14th for any weekday",
	   "I need to swap my long day on Saturday the 14th for any weekday long day in the same month. Happy to take "
	   "a night in return if that suits someone better.",
	   {{"tomas", "I can take the 14th if you take my Wednesday long day on the 18th. I will send the swap form "
		      "to the rota coordinator.",
	     "amara"},
	    {"amara", "Deal, thank you Tomás!", NULL}}},
	  {"tomas", "New starters' induction: what do you wish you had known?",
	   "August changeover is coming. I am writing a one-page survival guide for the new foundation doctors: "
	   "where the mess is, how to get a locker, who to call at night. What would you add?",
	   {{"kwame", "The bleep numbers for the night site team and the on-call radiologist. And that the canteen "
		      "closes at seven.",
	     "tomas"},
	    {"amara", "How exception reporting works, and that nobody will think less of them for using it.",
	     "kwame"}}}}},
	{"bedside-ultrasound-learners", "Bedside Ultrasound Learners",
	 "Trainees learning point-of-care ultrasound in emergency and critical care: logbooks, finding supervisors, "
	 "reviewing clips with every identifier removed, and practical tips for the scans we do at the bedside.",
	 "Emergency medicine and intensive care trainees working towards ultrasound accreditation", true, "tomas",
	 true, {"grace"}, NULL, "amara", NULL,
	 {{"tomas", "Logbook: how do you get your scans signed off?",
	   "I have 30 of the 50 lung scans I need, but getting a supervisor to review them is slow. Does your "
	   "department have a fixed review session, or do you catch people on shift?",
	   {{"grace", "Our ICU runs a review hour every second Thursday: each of us brings five saved clips, "
		      "anonymised on the machine before export.",
	     "tomas"},
	    {"tomas", "A fixed hour is a good idea. I will suggest it at our next department meeting.", NULL}}},
	  {"grace", "A home-made phantom for ultrasound-guided cannulation",
	   "We made a cheap practice phantom from gelatine and some tubing for our vascular access training. It keeps "
	   "for about a week in the fridge. Happy to share the recipe if anyone wants it.",
	   {{"tomas", "Yes please! The residents would use it before their first real attempts.", "grace"}}}}},
	{"global-health-electives", "Global Health Electives",
	 "Students and junior doctors planning electives in low- and middle-income countries: contacts at host "
	 "hospitals, visa and safety advice, and what we learned on return.",
	 "Medical students and foundation doctors planning an elective", false, "priya", false, {NULL}, NULL, NULL,
	 NULL, {{NULL, NULL, NULL, {{NULL, NULL, NULL}}}}},
};

static int64_t id_of(store *st, arena *a, const char *handle, str *email)
{
	struct store_member m;
	if (store_member_by_handle(st, a, str_c(handle), &m) != 0)
		return 0;
	if (email)
		*email = m.email;
	return m.id;
}

/* Writes one post: a topic's first (*topic 0: starts it) or a reply. */
static int write_post(store *st, arena *a, int64_t group, int64_t *topic, const char *title, const char *author,
		      const char *body, int64_t at, int64_t *post)
{
	struct store_post_new p = {.author = id_of(st, a, author, NULL), .body = str_c(body)};
	if (!p.author || markdown_html(a, p.body, &p.body_html))
		return -1;
	if (*topic)
		return store_post_create(st, *topic, &p, at, post);
	return store_topic_create(st, group, str_c(title), &p, at, topic, post);
}

static int add_topics(store *st, arena *a, const struct demo_group *d, int64_t id, int64_t start)
{
	int rc = 0;
	for (int t = 0; rc == 0 && t < 3 && d->topics[t].author; t++) {
		const struct demo_group_topic *dt = &d->topics[t];
		int64_t topic = 0, post = 0, at = start + (int64_t)t * 3 * DAY;
		rc = write_post(st, a, id, &topic, dt->title, dt->author, dt->body, at, &post);
		for (int k = 0; rc == 0 && k < 3 && dt->replies[k].author; k++) {
			const struct demo_group_reply *rp = &dt->replies[k];
			int64_t when = at + 3600 * (int64_t)(2 * k + 1);
			rc = write_post(st, a, id, &topic, NULL, rp->author, rp->body, when, &post);
			if (rc == 0 && rp->liked_by)
				rc = store_post_like(st, post, id_of(st, a, rp->liked_by, NULL), true, when + 1800);
		}
	}
	return rc;
}

/* The owner invites `handle` at `at`; with `accept`, they join an hour later. */
static int invite(store *st, arena *a, int64_t group, int64_t owner, const char *handle, bool accept, int64_t at)
{
	str email = STR_NULL;
	int64_t who = id_of(st, a, handle, &email), inv = 0;
	if (!who)
		return -1;
	int rc = store_group_invite(st, group, who, STR_NULL, owner, at, &inv);
	if (rc == 0 && accept)
		rc = store_invitation_answer(st, inv, who, email, true, at + 3600);
	return rc;
}

/* Group d, requested `ago` days back: approved the next day, its members
 * in over the next days, its topics in the last fortnight. */
static int add_group(store *st, arena *a, const struct demo_group *d, int64_t editor, int64_t now, int64_t ago)
{
	struct store_group g = {
		.slug = str_c(d->slug),
		.name = str_c(d->name),
		.purpose = str_c(d->purpose),
		.audience = str_c(d->audience),
		.clinical = d->clinical,
	};
	int64_t owner = id_of(st, a, d->owner, NULL), id = 0, at = now - ago * DAY;
	if (!owner)
		return -1;
	int rc = store_group_request(st, &g, owner, at, &id);
	if (rc || !d->approved)
		return rc;
	rc = store_group_decide(st, id, true, S("A clear purpose and audience: approved."), editor, at + DAY);
	for (int i = 0; rc == 0 && i < 3 && d->joined[i]; i++)
		rc = invite(st, a, id, owner, d->joined[i], true, at + DAY * (2 + i));
	if (rc == 0 && d->coowner)
		rc = store_group_member_set(st, id, id_of(st, a, d->coowner, NULL), STORE_GROUP_COOWNER, owner,
					    at + DAY * 5);
	if (rc == 0)
		rc = add_topics(st, a, d, id, now - 14 * DAY + ago * 3600);
	if (rc == 0 && d->invited)
		rc = invite(st, a, id, owner, d->invited, false, now - DAY);
	if (rc == 0 && d->invited_email)
		rc = store_group_invite(st, id, 0, str_c(d->invited_email), owner, now - 2 * DAY, &(int64_t){0});
	return rc;
}

int demo_groups(store *st)
{
	arena *a = arena_new(1 << 20);
	if (!a)
		return -1;
	int64_t now = (int64_t)time(NULL), editor = id_of(st, a, "editor", NULL);
	int rc = editor ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < sizeof groups / sizeof groups[0]; i++) {
		struct store_group g;
		rc = store_group_by_slug(st, a, str_c(groups[i].slug), 0, &g);
		if (rc == 0)
			continue; /* made by an earlier run */
		if (rc == STORE_ENOTFOUND)
			rc = add_group(st, a, &groups[i], editor, now, groups[i].approved ? 40 - 3 * (int64_t)i : 2);
	}
	arena_free(a);
	return rc;
}
