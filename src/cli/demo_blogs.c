/* demo_blogs.c: the blogs of the demo site.  Amara writes "Two Wards"
 * (four published posts, a draft and a post scheduled a few days ahead;
 * two featured by the editor, one of those marked shared on LinkedIn),
 * with comments and likes from other members; Grace writes "Nights in
 * ICU"; Kwame's application waits at /editor/bloggers.
 *
 * Everything goes through the store as the site writes it: the
 * application and the editor's decision a day later, each post (Markdown
 * rendered once), its cover (a stored upload), each comment (a reply to
 * the post's comments topic), each feature and share.  Each blogger's
 * part is made once: a run that finds their application leaves them
 * alone, so `rounds demo` on a filled database changes nothing.
 *
 * The covers are PNG files painted here (a calm two-colour gradient with
 * two soft discs, the 1200x630 size of a social card) and encoded by
 * docmake_png (docmake.c), whose small deflate knows one kind of match,
 * "repeat the pixel to the left", which is all a picture made of runs
 * needs.  About 25 KB each. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../text/markdown.h"
#include "cli.h"
#include "docmake.h"

#define DAY 86400

/* ---- the covers ---------------------------------------------------------- */

#define COVER_W 1200
#define COVER_H 630

struct demo_cover {
	unsigned char top[3], bottom[3]; /* the gradient, top to bottom */
	struct {
		int x, y, r;
	} disc[2]; /* lighter discs; where they overlap, lighter still */
};

static const struct demo_cover covers[] = {
	{{0x0f, 0x4c, 0x5c}, {0x2a, 0x8c, 0x82}, {{520, 330, 190}, {700, 300, 190}}}, /* two wards */
	{{0x7a, 0x3b, 0x2e}, {0xd0, 0x8c, 0x60}, {{860, 380, 230}, {980, 250, 90}}},  /* kangaroo care */
	{{0x1d, 0x35, 0x57}, {0x45, 0x7b, 0x9d}, {{300, 315, 150}, {900, 315, 150}}}, /* handover */
	{{0x2b, 0x27, 0x5a}, {0x8a, 0x6f, 0xb0}, {{930, 190, 110}, {600, 900, 420}}}, /* rest */
	{{0x1f, 0x4e, 0x3d}, {0x5a, 0x9a, 0x74}, {{200, 520, 260}, {1050, 120, 160}}}, /* sepsis bundle */
};

/* How much of a pixel at (x, y) a disc covers, with a one-pixel soft
 * edge: near the edge the distance is r + (d^2 - r^2) / 2r, closely
 * enough (and no libm). */
static double disc_cover(int x, int y, int cx, int cy, int r)
{
	double d2 = (double)(x - cx) * (x - cx) + (double)(y - cy) * (y - cy);
	if (d2 <= (r - 0.5) * (r - 0.5))
		return 1;
	if (d2 >= (r + 0.5) * (r + 0.5))
		return 0;
	double c = 0.5 - (d2 - (double)r * r) / (2.0 * r);
	return c < 0 ? 0 : c > 1 ? 1 : c;
}

/* The filtered scanlines of cover cv (filter 0 before each row). */
static void paint(const struct demo_cover *cv, unsigned char *raw)
{
	for (int y = 0; y < COVER_H; y++) {
		unsigned char *row = raw + (size_t)y * (1 + 3 * COVER_W);
		double t = (double)y / (COVER_H - 1), bg[3];
		for (int c = 0; c < 3; c++)
			bg[c] = cv->top[c] + (cv->bottom[c] - cv->top[c]) * t;
		*row++ = 0;
		for (int x = 0; x < COVER_W; x++) {
			double lift = 0;
			for (int k = 0; k < 2; k++)
				lift += 0.2 * disc_cover(x, y, cv->disc[k].x, cv->disc[k].y, cv->disc[k].r);
			for (int c = 0; c < 3; c++)
				*row++ = (unsigned char)(bg[c] + (255 - bg[c]) * lift + 0.5);
		}
	}
}

/* The PNG of cover cv in `a`: 0 with *png, or -1. */
static int cover_png(arena *a, const struct demo_cover *cv, str *png)
{
	unsigned char *raw = arena_alloc(a, (size_t)COVER_H * (1 + 3 * COVER_W));
	if (!raw)
		return -1;
	paint(cv, raw);
	return docmake_png(a, COVER_W, COVER_H, raw, png);
}

/* Stores cover i as an upload; its sha256 into sha (65 bytes). */
static int store_cover(store *st, arena *a, int i, int64_t now, char sha[65])
{
	str png;
	if (cover_png(a, &covers[i], &png))
		return -1;
	return store_upload_put_bytes(st, png, S("image/png"), now, sha);
}

/* ---- the blogs ------------------------------------------------------------ */

struct demo_comment {
	const char *author, *body;
	const char *liked_by; /* a member who likes it, or NULL */
};

struct demo_blog_post {
	const char *slug, *title, *summary, *body;
	const char *tags[4]; /* lower case, sorted */
	enum store_blog_status status;
	int days;    /* published (draft: written) this many days ago; scheduled: this many days ahead */
	int cover;   /* covers[cover - 1]; 0: none */
	int feature; /* 0: no; 1: featured a day after publication; 2: and shared on LinkedIn */
	struct demo_comment comments[3];
};

static const struct demo_blog {
	const char *owner, *slug, *title, *about, *sample;
	int applied;   /* days ago */
	bool approved; /* false: the application waits for the editors */
	struct demo_blog_post posts[6];
} blogs[] = {
	{"amara", "two-wards", "Two Wards",
	 "A paediatric registrar working in Lagos and Manchester writes about two health systems: what each "
	 "teaches the other, neonatal care, training, and staying well while moving between them.",
	 "For three years my training has lived in two places: a teaching hospital in Lagos and a children's unit "
	 "in Manchester. Each answers questions the other is still asking, and I would like to write about that.",
	 70, true,
	 {{"two-wards-one-registrar", "Two wards, one registrar",
	   "Why I split my paediatric training between Lagos and Manchester, and what this blog will be about.",
	   "For the past three years my training has lived in two places. Part of the year I am a registrar on the "
	   "paediatric wards of a teaching hospital in Lagos; the rest, I work on a children's unit in Manchester. "
	   "Colleagues often ask which one is \"the real job\". Both are.\n\n"
	   "## Why two systems\n\n"
	   "I did not plan it this way. A fellowship took me to Manchester, and I kept going back to Lagos because "
	   "the team there trained me and still needs registrars. Over time I noticed that each place answered "
	   "questions the other was still asking.\n\n"
	   "- In Lagos I learned to make decisions with fewer tests and more clinical judgement.\n"
	   "- In Manchester I learned how much a good system carries you on a bad night.\n"
	   "- In both I learned that parents want the same things: honesty, kindness, and a doctor who comes back "
	   "when she said she would.\n\n"
	   "## What I will write about\n\n"
	   "Neonatal care, training, the practical side of working across health systems, and looking after "
	   "ourselves while we do it. No patient stories with identifying details, ever: the lessons travel "
	   "without them.\n\n"
	   "> Medicine is the same science everywhere. What changes is what you have to do it with.\n\n"
	   "A consultant said that to me in my first week in Lagos. I think of it every time I change wards.",
	   {"global-health", "training"}, STORE_BLOG_PUBLISHED, 58, 1, 0,
	   {{"grace", "Looking forward to this. Two systems must show you things neither can see on its own.",
	     "amara"},
	    {"editor", "Welcome to the blogs, Amara. This is exactly the kind of writing Rounds is for.", "amara"}}},
	  {"kangaroo-care-travels-well", "Kangaroo care travels well",
	   "Skin-to-skin care for small babies began as a necessity in units with too few incubators. It deserves "
	   "a bigger place in well-equipped units too.",
	   "In the special care baby unit in Lagos there are never enough incubators. Mothers hold their small "
	   "babies skin to skin, day and night, and the nurses are experts at supporting them. In Manchester we "
	   "have an incubator for every baby, and for a long time I saw kangaroo care as what you do when you have "
	   "nothing better.\n\n"
	   "I was wrong about that.\n\n"
	   "## What the evidence says\n\n"
	   "Continuous skin-to-skin contact helps small babies keep warm, feed and grow. The WHO now advises "
	   "starting kangaroo mother care straight after birth for babies born early or small, rather than waiting "
	   "until they are stable. It is not a substitute for equipment: it is care in its own right.\n\n"
	   "## What made it work in Lagos\n\n"
	   "1. **A chair for every mother.** It sounds trivial; it is not. Nobody holds a baby for hours on a "
	   "stool.\n"
	   "2. **Nurses who teach it.** Every mother was shown how to position and wrap her baby, and checked on "
	   "at every round.\n"
	   "3. **Mothers treated as part of the team.** They noticed changes in breathing and colour before we "
	   "did, and they said so.\n\n"
	   "## What we are trying in Manchester\n\n"
	   "Our unit has started a small quality improvement project: recliners beside the cots, a short teaching "
	   "session for parents, and a simple chart of skin-to-skin hours. Early days, but the nurses' enthusiasm "
	   "has been the best part.\n\n"
	   "> The best piece of equipment on this unit does not need a plug.\n\n"
	   "A nursing sister in Lagos used to say that. I have borrowed it for our teaching slides.",
	   {"global-health", "neonatal"}, STORE_BLOG_PUBLISHED, 41, 2, 1,
	   {{"grace", "We put recliners beside the cots in our unit last year. The biggest change was the night "
		      "staff: once they saw it working, they defended it.",
	     "amara"},
	    {"priya", "Thank you for this. Our neonatology block barely covered kangaroo care; I have shared it "
		      "with my batch.",
	     "amara"},
	    {"amara", "Grace, that is exactly what we are finding. Priya, thank you: tell me what your batch "
		      "thinks!",
	     "priya"}}},
	  {"handover-in-two-accents", "Handover in two accents",
	   "The evening handover looks different in Lagos and Manchester. Taking the best of each has made mine "
	   "shorter and safer.",
	   "Handover is the most dangerous ten minutes of the day, and the two hospitals I work in do it very "
	   "differently.\n\n"
	   "## In Lagos\n\n"
	   "The whole team gathers at the nurses' station. It is loud, it is long, and it is thorough: every child "
	   "is discussed, and the nurses speak as much as the doctors. What it lacks is structure: the sickest "
	   "child might come up last.\n\n"
	   "## In Manchester\n\n"
	   "Handover is quick and follows a written list and SBAR (situation, background, assessment, "
	   "recommendation). It is efficient, but the list can become the whole conversation, and the nurse who "
	   "has been worried all afternoon is not always in the room.\n\n"
	   "## What I do now, in both\n\n"
	   "- Start with the sickest children, and the ones someone is worried about, whoever that someone is.\n"
	   "- Use SBAR for each child, out loud, even when it is written down.\n"
	   "- Say what you expect overnight, and what should make the night team call for help.\n"
	   "- Finish with one question to the room: *who are we not talking about?*\n\n"
	   "> If it was not handed over, it did not happen.\n\n"
	   "That last question has caught more than one child who was quietly getting worse. It costs thirty "
	   "seconds.",
	   {"training"}, STORE_BLOG_PUBLISHED, 24, 3, 0,
	   {{"tomas", "Our emergency department ends handover with the same question. It feels awkward for a week "
		      "and then everyone expects it.",
	     "amara"},
	    {"kwame", "Borrowing \"who are we not talking about?\" for our surgical handover tomorrow.", NULL}}},
	  {"rest-is-part-of-the-rota", "Rest is part of the rota",
	   "Moving between two countries and two rotas taught me to plan rest as carefully as I plan shifts.",
	   "Every few months I fly between Lagos and Manchester, change climate by twenty degrees, and start a new "
	   "rota within days. For the first year I treated tiredness as the price of the arrangement. Then, at the "
	   "end of a run of nights, I checked a drug calculation three times and still got it wrong. A nurse caught "
	   "it and no harm was done, but I stopped treating rest as optional.\n\n"
	   "## What changed\n\n"
	   "- **Rest goes on the rota.** The day after a run of nights is blocked in my calendar like a clinic.\n"
	   "- **I eat before the shift, not during it.** A proper meal before nights, and something easy for "
	   "3 a.m.\n"
	   "- **I report missed breaks.** When I miss breaks or stay late, I say so: it is how rotas get fixed.\n"
	   "- **I keep one thing that is not medicine.** For me it is cycling, in both cities (slowly, in Lagos "
	   "traffic).\n\n"
	   "## For trainees starting out\n\n"
	   "Nobody gives prizes for the most tired registrar. Your patients need you awake, and your colleagues "
	   "need you still here in ten years.\n\n"
	   "> Look after yourself the way you would tell a colleague to.\n\n"
	   "If your hospital has a wellbeing lead or a guardian of safe working hours, learn their name in your "
	   "first week. You will not regret it.",
	   {"training", "wellbeing"}, STORE_BLOG_PUBLISHED, 9, 4, 2,
	   {{"editor", "Thank you for writing this so honestly, Amara. We are sharing it this week.", "amara"},
	    {"grace", "Blocking the day after nights in the calendar is such a simple idea. Doing it from now on.",
	     "editor"}}},
	  {"vaccines-and-the-family-whatsapp-group", "Vaccines and the family WhatsApp group",
	   "Notes on answering vaccine rumours kindly, from someone who gets asked every week.",
	   "Notes so far:\n\n"
	   "- listen first, and ask where the worry came from\n"
	   "- one clear fact beats ten links\n"
	   "- never make an auntie feel foolish in front of the whole group\n\n"
	   "*To finish: examples, and what the measles catch-up campaign taught us.*",
	   {"global-health", "vaccines"}, STORE_BLOG_DRAFT, 3, 0, 0, {{NULL, NULL, NULL}}},
	  {"preparing-for-the-mrcpch-clinical", "Preparing for the MRCPCH clinical exam",
	   "Six weeks to go: my plan, what I am reading, and how I practise with colleagues in two cities.",
	   "Six weeks until the clinical exam. My plan:\n\n"
	   "## Each week\n\n"
	   "- two practice stations with a colleague, by video when we are in different cities\n"
	   "- one communication scenario, recorded and watched back (painful, useful)\n"
	   "- one long case presented to a consultant\n\n"
	   "> Examiners want to see how you think, not how much you know.\n\n"
	   "I will write again after the exam, whichever way it goes.",
	   {"exams", "training"}, STORE_BLOG_SCHEDULED, 4, 0, 0, {{NULL, NULL, NULL}}}}},
	{"grace", "nights-in-icu", "Nights in ICU",
	 "An intensive care nurse in Dublin on the night shift: the work, the team, and keeping well on the other "
	 "side of the clock.",
	 "Twelve years of nights in intensive care have taught me a lot about teamwork and about looking after "
	 "ourselves. I would like to share some of it, with nothing that could identify a patient.",
	 50, true,
	 {{"the-4am-round", "The 4 a.m. round",
	   "The quietest hour on the unit is when we look most carefully.",
	   "At four in the morning the unit is as quiet as it gets. It is also when I do my most careful round.\n\n"
	   "## What I check\n\n"
	   "- every alarm limit, because they drift during the day\n"
	   "- every infusion against its prescription\n"
	   "- lines, tubes and pressure areas\n"
	   "- the family: who has gone home, who is sleeping in the relatives' room\n\n"
	   "## Why then\n\n"
	   "Because it is the hour when we are most tired, and a checklist does not get tired.\n\n"
	   "> Slow is smooth, and smooth is fast.",
	   {"icu", "nights", "wellbeing"}, STORE_BLOG_PUBLISHED, 35, 0, 0, {{NULL, NULL, NULL}}},
	  {"a-sepsis-bundle-is-a-team-sport", "A sepsis bundle is a team sport",
	   "Giving antibiotics within the hour depends less on one person than on everyone knowing their part.",
	   "When we re-audited our sepsis bundle, the delays were rarely anyone's mistake. They were in the gaps "
	   "between people.\n\n"
	   "## What helped\n\n"
	   "1. A sepsis trolley with everything for the first hour in one place.\n"
	   "2. One nurse named to keep the time and say it out loud.\n"
	   "3. Blood cultures and antibiotics prescribed together, as one set.\n\n"
	   "> Nobody does the sepsis six alone.\n\n"
	   "Our time to antibiotics is better than it was, and the team is proud of it.",
	   {"icu", "sepsis"}, STORE_BLOG_PUBLISHED, 12, 5, 0, {{NULL, NULL, NULL}}}}},
	{"kwame", "scrubbed-in", "Scrubbed In",
	 "A surgical trainee in Birmingham on learning to operate, teaching students, and what theatre teaches "
	 "about teamwork.",
	 "The first time I closed a wound on my own, the consultant stayed in theatre but stepped back from the "
	 "table. I would like to write about that kind of teaching, and about the long road through core surgical "
	 "training.",
	 2, false, {{NULL, NULL, NULL, NULL, {NULL}, 0, 0, 0, 0, {{NULL, NULL, NULL}}}}},
};

static int64_t id_of(store *st, arena *a, const char *handle)
{
	struct store_member m;
	return store_member_by_handle(st, a, str_c(handle), &m) == 0 ? m.id : 0;
}

/* The comments on post `id` (published at `at`): replies to its topic,
 * hours apart, each liked as the table says. */
static int add_comments(store *st, arena *a, const struct demo_blog_post *d, int64_t id, int64_t at)
{
	struct store_blog_post p;
	int rc = store_blog_post_get(st, a, id, &p);
	for (int k = 0; rc == 0 && k < 3 && d->comments[k].author; k++) {
		const struct demo_comment *c = &d->comments[k];
		struct store_post_new n = {.author = id_of(st, a, c->author), .body = str_c(c->body)};
		int64_t when = at + 3600 * (int64_t)(3 * k + 2), post = 0;
		if (!n.author || markdown_html(a, n.body, &n.body_html))
			return -1;
		rc = store_post_create(st, p.topic_id, &n, when, &post);
		if (rc == 0 && c->liked_by)
			rc = store_post_like(st, post, id_of(st, a, c->liked_by), true, when + 1800);
	}
	return rc;
}

/* Writes post d in blog `blog` by `owner`, with its cover, comments,
 * feature and share. */
static int add_post(store *st, arena *a, const struct demo_blog_post *d, int64_t blog, int64_t owner,
		    int64_t editor, int64_t now)
{
	struct store_blog_post p = {
		.blog_id = blog,
		.author_id = owner,
		.slug = str_c(d->slug),
		.title = str_c(d->title),
		.summary = str_c(d->summary),
		.body = str_c(d->body),
		.cover = S(""),
		.status = d->status,
	};
	int64_t at = now - (int64_t)d->days * DAY, id = 0;
	if (d->status == STORE_BLOG_SCHEDULED) {
		p.publish_at = now + (int64_t)d->days * DAY;
		at = now - DAY;
	}
	for (int i = 0; i < 4 && d->tags[i]; i++)
		p.tags[p.ntags++] = str_c(d->tags[i]);
	char sha[65];
	if (markdown_html(a, p.body, &p.body_html))
		return -1;
	if (d->cover) {
		if (store_cover(st, a, d->cover - 1, at, sha))
			return -1;
		p.cover = str_c(sha);
	}
	int rc = store_blog_post_create(st, &p, at, &id);
	if (rc == 0 && d->status == STORE_BLOG_PUBLISHED)
		rc = add_comments(st, a, d, id, at);
	if (rc == 0 && d->feature)
		rc = store_blog_feature(st, id, true, editor, at + DAY);
	if (rc == 0 && d->feature == 2)
		rc = store_blog_share(st, id, S("linkedin"), true, editor, at + DAY + 2 * 3600);
	return rc;
}

/* Blog d: applied for `d->applied` days back, approved a day later, its
 * posts written; or the application left waiting. */
static int add_blog(store *st, arena *a, const struct demo_blog *d, int64_t owner, int64_t editor, int64_t now)
{
	int64_t at = now - (int64_t)d->applied * DAY, app = 0, blog = 0;
	int rc = store_blogger_apply(st, owner, str_c(d->title), str_c(d->about), str_c(d->sample), at, &app);
	if (rc || !d->approved)
		return rc;
	rc = store_blogger_decide(st, app, true, str_c(d->slug), STR_NULL, editor, at + DAY, &blog);
	for (int i = 0; rc == 0 && i < 6 && d->posts[i].slug; i++)
		rc = add_post(st, a, &d->posts[i], blog, owner, editor, now);
	return rc;
}

int demo_blogs(store *st)
{
	int64_t now = (int64_t)time(NULL);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof blogs / sizeof blogs[0]; i++) {
		arena *a = arena_new((size_t)48 << 20); /* a blog's covers: 5 MB of scanlines and PNG each */
		if (!a)
			return -1;
		int64_t owner = id_of(st, a, blogs[i].owner), editor = id_of(st, a, "editor");
		struct store_blog_application_list l = {0};
		rc = owner && editor ? store_blogger_applications(st, a, owner, S(""), 1, 0, &l) : -1;
		if (rc == 0 && l.n == 0) /* else made by an earlier run */
			rc = add_blog(st, a, &blogs[i], owner, editor, now);
		arena_free(a);
	}
	return rc;
}
