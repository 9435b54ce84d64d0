/* demo.c: `rounds demo` fills a fresh database with a living site: one
 * account of each kind with a full profile, and doctors waiting in the
 * verification queue, connections, conversations (one of them reported to
 * the editors), and the email all that calls for (demo_mail.c).  Run on a
 * database that has them already, it only prints them again.  Later features add their demo content here. */
#include <sodium.h>
#include <stdio.h>
#include <time.h>

#include "../core/secret.h"
#include "../text/markdown.h"
#include "../text/regnum.h"
#include "cli.h"

#define DEMO_PASSWORD "rounds-demo"

struct demo_member {
	const char *email, *name, *handle, *type, *country, *what;
	unsigned roles;
	bool verified;
	const char *specialty, *grade, *bio, *tz;
};

static const struct demo_member members[] = {
	{"admin@rounds.example", "Alex Morgan", "admin", "doctor", "GB", "admin", ROLE_ADMIN, true, "general-practice",
	 "gp", "Runs the Rounds site. Part-time GP in Leeds.", "Europe/London"},
	{"editor@rounds.example", "Dr Helen Okafor", "editor", "doctor", "GB", "editor", ROLE_EDITOR, true,
	 "acute-medicine", "consultant",
	 "Editor at Rounds. Acute physician with an interest in medical education and ambulatory care.",
	 "Europe/London"},
	{"doctor@rounds.example", "Dr Amara Nwosu", "amara", "doctor", "NG", "verified doctor", 0, true, "paediatrics",
	 "st5", "Paediatric registrar in Lagos and Manchester. Neonatal sepsis, vaccines, and cycling.",
	 "Africa/Lagos"},
	{"unverified@rounds.example", "Dr Tomás García", "tomas", "doctor", "ES", "unverified doctor", 0, false,
	 "emergency-medicine", "resident", "Urgencias en Madrid. Ultrasound at the bedside, trail running.",
	 "Europe/Madrid"},
	{"student@rounds.example", "Priya Raman", "priya", "student", "IN", "medical student", 0, false, "",
	 "student-y6", "Final-year MBBS student in Chennai, thinking about surgery.", "Asia/Kolkata"},
	{"nurse@rounds.example", "Grace O'Neill", "grace", "hcp", "IE", "health professional", 0, false,
	 "nursing", "nurse", "ICU nurse in Dublin. Sepsis bundles and staff wellbeing.",
	 "Europe/Dublin"},
};

/* More doctors, not printed: they wait in /editor/verifications. */
static const struct demo_member applicants[] = {
	{"kwame@rounds.example", "Dr Kwame Mensah", "kwame", "doctor", "GB", "", 0, false, "general-surgery",
	 "ct2", "Surgical trainee in Birmingham. Trauma, teaching, and Saturday football.",
	 "Europe/London"},
	{"sarah@rounds.example", "Dr Sarah Lee", "sarahlee", "doctor", "US", "", 0, false, "internal-medicine",
	 "resident", "Internal medicine resident in Chicago. Quality improvement and night-float survival.",
	 "America/Chicago"},
};

/* Their applications, by handle: authority, number, name as registered. */
static const struct {
	const char *handle, *authority, *number, *reg_name;
} applications[] = {
	{"tomas", "other", "Colegio de Médicos de Madrid 282812345", "Tomás García Ruiz"},
	{"kwame", "gmc", "7123456", "Kwame Mensah"},
	{"sarahlee", "npi", "1234567893", "Sarah J Lee"},
};

static int add_member(store *st, const struct demo_member *d, const char *hash)
{
	struct store_member_new m = {
		.email = str_c(d->email),
		.name = str_c(d->name),
		.handle = str_c(d->handle),
		.type = str_c(d->type),
		.country = str_c(d->country),
		.pw_hash = str_c(hash),
		.confirmed = true,
		.verified = d->verified,
		.roles = d->roles,
	};
	int64_t id;
	enum store_member_key key;
	int rc = store_member_create(st, &m, &id, &key);
	if (rc == STORE_ECONFLICT)
		return 0;
	if (rc != 0)
		return rc;
	struct store_profile p = {
		.name = m.name,
		.country = m.country,
		.specialty = str_c(d->specialty),
		.grade = str_c(d->grade),
		.bio = str_c(d->bio),
		.timezone = str_c(d->tz),
	};
	return store_member_update_profile(st, id, &p);
}

/* Files the demo applications not filed yet. */
static int add_applications(store *st)
{
	arena *a = arena_new(1 << 16);
	if (!a)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof applications / sizeof applications[0]; i++) {
		struct store_member m;
		struct store_verification v = {0};
		const struct regnum_authority *au = regnum_find(str_c(applications[i].authority));
		if (!au || store_member_by_handle(st, a, str_c(applications[i].handle), &m) != 0 ||
		    regnum_check(au, a, str_c(applications[i].number), &v.number) ||
		    regnum_name_key(a, str_c(applications[i].reg_name), &v.name_key) < 0) {
			rc = -1;
			break;
		}
		if (store_verification_latest(st, a, m.id, &v) == 0)
			continue; /* filed by an earlier run */
		v.member_id = m.id;
		v.authority = str_c(au->code);
		v.reg_name = str_c(applications[i].reg_name);
		int64_t id;
		bool at_once;
		rc = store_verification_apply(st, &v, (int64_t)time(NULL) - 3600 * (int64_t)(i + 1), &id, &at_once);
	}
	arena_free(a);
	return rc;
}

/* Who is connected with whom, by handle; `accepted` false leaves the
 * request waiting for the second. */
static const struct {
	const char *from, *to;
	bool accepted;
} links[] = {
	{"amara", "editor", true}, {"grace", "amara", true}, {"priya", "amara", true},
	{"kwame", "editor", true}, {"tomas", "amara", false}, {"sarahlee", "amara", false},
};

static int add_connections(store *st)
{
	arena *a = arena_new(1 << 16);
	if (!a)
		return -1;
	int rc = 0;
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; rc == 0 && i < sizeof links / sizeof links[0]; i++) {
		struct store_member f, t;
		enum store_conn_state state;
		if (store_member_by_handle(st, a, str_c(links[i].from), &f) != 0 ||
		    store_member_by_handle(st, a, str_c(links[i].to), &t) != 0 ||
		    store_connection_state(st, f.id, t.id, &state) != 0) {
			rc = -1;
			break;
		}
		if (state != STORE_CONN_NONE)
			continue; /* made by an earlier run */
		rc = store_connection_request(st, f.id, t.id, now - 86400 * (int64_t)(i + 2));
		if (rc == 0 && links[i].accepted)
			rc = store_connection_answer(st, t.id, f.id, true, now - 86400 * (int64_t)(i + 1));
	}
	arena_free(a);
	return rc;
}

/* Conversations, by handle: who starts it, with whom, its subject, and its
 * messages as (author, Markdown) in order; a report of one, if any. */
struct demo_line {
	const char *author, *body;
};

static const struct {
	const char *from, *to[3], *subject;
	struct demo_line lines[4];
	const char *reporter, *reason; /* reports the last line */
} conversations[] = {
	{"tomas", {"amara"}, "Getting verified from Spain",
	 {{"tomas", "Hola Amara! Did your verification go through quickly? I put my *colegiado* number under "
		    "\"other\" and I'm still waiting."},
	  {"amara", "Mine took two days. The editors check the register by hand for \"other\" authorities, so "
		    "make sure the name matches **exactly** what the Colegio has."}},
	 NULL, NULL},
	{"amara", {"editor"}, "Neonatal sepsis teaching session",
	 {{"amara", "Hi Helen, would Rounds host a short case-based session on neonatal sepsis next month? "
		    "I can prepare:\n\n- three anonymised cases\n- a one-page summary of the NICE guideline\n"
		    "- a quiz for the closed forum"},
	  {"editor", "That sounds great. Let's put it in the closed paediatrics forum so only verified doctors see "
		     "the cases. Could you send a draft by the 10th?"},
	  {"amara", "Will do, thank you!"},
	  {"editor", "Perfect. I'll pin it when it's up."}},
	 NULL, NULL},
	{"grace", {"amara", "priya"}, "Sepsis bundle audit",
	 {{"grace", "Our ICU is re-auditing the sepsis six. Would either of you like to help with the data "
		    "collection sheet? Nothing identifiable goes on it, just times and ticks."},
	  {"priya", "I'd love to, it would count towards my audit project."},
	  {"grace", "Brilliant. The draft is on the library page for audits; comments welcome."}},
	 NULL, NULL},
	{"sarahlee", {"tomas"}, "",
	 {{"sarahlee", "Selling my old board revision notes, bulk discount for your whole rota! Message me for "
		       "prices."}},
	 "tomas", "Advertising: I don't know this member and this is a sales pitch."},
};

static int64_t demo_id(store *st, arena *a, const char *handle)
{
	struct store_member m;
	return store_member_by_handle(st, a, str_c(handle), &m) == 0 ? m.id : 0;
}

static int add_conversation(store *st, arena *a, size_t i, int64_t now)
{
	int64_t to[3] = {0}, conv = 0, msg = 0, by = 0, report = 0;
	int nto = 0;
	for (int k = 0; k < 3 && conversations[i].to[k]; k++)
		if (!(to[nto++] = demo_id(st, a, conversations[i].to[k])))
			return -1;
	for (int k = 0; k < 4 && conversations[i].lines[k].author; k++) {
		const struct demo_line *l = &conversations[i].lines[k];
		struct store_message_new m = {.author = demo_id(st, a, l->author), .body = str_c(l->body)};
		int64_t at = now - 3600 * (int64_t)(10 - k);
		if (!m.author || markdown_html(a, m.body, &m.body_html) != 0)
			return -1;
		int rc = k == 0 ? store_conversation_start(st, &m, to, nto, str_c(conversations[i].subject), at, &conv,
							   &msg, &by)
				: store_message_post(st, conv, &m, at, &msg, &by);
		if (rc)
			return rc;
	}
	if (conversations[i].reporter)
		return store_message_report(st, msg, demo_id(st, a, conversations[i].reporter),
					    str_c(conversations[i].reason), now, &report);
	return 0;
}

/* The demo conversations, once: a run that finds Amara in any conversation
 * has made them already. */
static int add_conversations(store *st)
{
	arena *a = arena_new(1 << 18);
	if (!a)
		return -1;
	struct store_conversation_list l;
	int64_t total = 0, now = (int64_t)time(NULL);
	int rc = store_conversation_list(st, a, demo_id(st, a, "amara"), 1, 0, &l, &total);
	for (size_t i = 0; rc == 0 && total == 0 && i < sizeof conversations / sizeof conversations[0]; i++)
		rc = add_conversation(st, a, i, now);
	arena_free(a);
	return rc;
}

/* Email settings (mail-notify) unlike the defaults for two members:
 * Amara wants replies, mentions and messages at once and invitations
 * weekly; Grace takes everything in a weekly digest but decisions daily. */
static int add_mail_settings(store *st)
{
	static const struct {
		const char *handle;
		enum store_mail_mode modes[STORE_MAIL_KIND_MAX];
	} prefs[] = {
		{"amara",
		 {[STORE_MAIL_REPLY] = STORE_MAIL_IMMEDIATE, [STORE_MAIL_MENTION] = STORE_MAIL_IMMEDIATE,
		  [STORE_MAIL_MESSAGE] = STORE_MAIL_IMMEDIATE, [STORE_MAIL_INVITATION] = STORE_MAIL_WEEKLY,
		  [STORE_MAIL_DECISION] = STORE_MAIL_IMMEDIATE}},
		{"grace",
		 {[STORE_MAIL_REPLY] = STORE_MAIL_WEEKLY, [STORE_MAIL_MENTION] = STORE_MAIL_WEEKLY,
		  [STORE_MAIL_MESSAGE] = STORE_MAIL_WEEKLY, [STORE_MAIL_INVITATION] = STORE_MAIL_WEEKLY,
		  [STORE_MAIL_DECISION] = STORE_MAIL_DAILY}},
	};
	arena *a = arena_new(64 * 1024);
	int rc = a ? 0 : STORE_ERR;
	for (size_t i = 0; rc == 0 && i < sizeof prefs / sizeof prefs[0]; i++) {
		int64_t id = demo_id(st, a, prefs[i].handle);
		rc = id ? store_mail_prefs_set(st, id, prefs[i].modes) : STORE_ENOTFOUND;
	}
	arena_free(a);
	return rc;
}

int cli_demo(struct rounds_config *cfg, store *st)
{
	char hash[256];
	int mails = 0;
	if (secret_password_hash(S(DEMO_PASSWORD), hash, sizeof hash) < 0)
		return 1;
	for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
		if (add_member(st, &members[i], hash) != 0) {
			fprintf(stderr, "rounds: could not add the demo member %s\n", members[i].email);
			return 1;
		}
	}
	for (size_t i = 0; i < sizeof applicants / sizeof applicants[0]; i++) {
		if (add_member(st, &applicants[i], hash) != 0) {
			fprintf(stderr, "rounds: could not add the demo member %s\n", applicants[i].email);
			return 1;
		}
	}
	if (add_applications(st) != 0) {
		fprintf(stderr, "rounds: could not file the demo verification applications\n");
		return 1;
	}
	if (add_connections(st) != 0) {
		fprintf(stderr, "rounds: could not make the demo connections\n");
		return 1;
	}
	if (add_conversations(st) != 0) {
		fprintf(stderr, "rounds: could not write the demo messages\n");
		return 1;
	}
	if (demo_forums(st) != 0) {
		fprintf(stderr, "rounds: could not write the demo forums\n");
		return 1;
	}
	if (demo_groups(st) != 0) {
		fprintf(stderr, "rounds: could not make the demo groups\n");
		return 1;
	}
	if (demo_blogs(st) != 0) {
		fprintf(stderr, "rounds: could not write the demo blogs\n");
		return 1;
	}
	if (demo_library(st) != 0) {
		fprintf(stderr, "rounds: could not fill the demo library\n");
		return 1;
	}
	if (demo_dashboard(st) != 0) {
		fprintf(stderr, "rounds: could not write the dashboard's history\n");
		return 1;
	}
	if (add_mail_settings(st) != 0) {
		fprintf(stderr, "rounds: could not set the demo email settings\n");
		return 1;
	}
	if (demo_mail(cfg, st, &mails) != 0) {
		fprintf(stderr, "rounds: could not make the demo's email\n");
		return 1;
	}
	printf("Demo accounts (password: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
		printf("  %-20s %-28s /u/%s\n", members[i].what, members[i].email, members[i].handle);
	printf("Three doctors wait in the verification queue: sign in as the editor and open /editor/verifications.\n");
	printf("Amara has unread messages at /messages; a reported message waits at /editor/reports.\n");
	printf("The forums are at /forums: Amara champions paediatrics; closed clinical forums need a verified doctor.\n");
	printf("Private groups are at /groups: Amara owns one, belongs to another and has an invitation waiting;\n"
	       "a request for a new group waits at /editor/groups.\n");
	printf("Blogs are at /blogs: Amara writes /b/two-wards (with a draft and a scheduled post), two of her posts\n"
	       "are featured on the home page; an application to blog waits at /editor/bloggers.\n");
	printf("The eLibrary is at /library: ebooks (PDF and EPUB) and resource pages in four collections, some for\n"
	       "members or verified doctors only; the editor manages it at /editor/library.\n");
	printf("The editors' dashboard is at /editor/dashboard: a year of page views and some 400 more members.\n");
	printf("Email settings are at /settings/email: Amara gets replies, mentions and messages at once, Grace a\n"
	       "weekly digest.\n");
	if (mails)
		printf("The demo members' email (%d messages) went to %s%s.\n", mails,
		       cfg->smtp_url[0] ? "the relay" : "the spool folder ", cfg->smtp_url[0] ? "" : cfg->mail_spool);
	return 0;
}
