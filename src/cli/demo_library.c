/* demo_library.c: the eLibrary of the demo site.  Four collections
 * (survival guides for first rotations, NHS reform, crisis zone medicine,
 * clinical skills); four ebooks, real PDF and EPUB files written by
 * docmake.c (the first night on call guide public, in a second edition
 * that replaced the first; field notes from crisis zones for members; an
 * NHS reform primer for verified doctors; a handover book for members);
 * resource pages in Markdown, a public one with a printable PDF, a
 * members' checklist whose PDF was revised once, a doctors-only
 * prescribing reference; a withdrawn page; PNG covers painted here; and
 * about sixty days of downloads, so the most downloaded lists and the
 * editors' tables have something to show.
 *
 * Everything goes through the store as the editor's own actions would:
 * each file an upload, each item made by the editor (Helen Okafor) on its
 * day, later versions added, the withdrawal, then the day counts.  A
 * collection or item whose slug exists is left alone, so `rounds demo` on
 * a filled database changes nothing.  The files depend only on the texts
 * here; the days are counted back from now. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../text/markdown.h"
#include "cli.h"
#include "docmake.h"

#define DAY 86400
#define COVER_W 600
#define COVER_H 900
#define HISTORY_DAYS 60

/* ---- the covers ------------------------------------------------------------- */

/* A book cover: a gradient, a band across it, a soft lighter disc, and a
 * darker strip down the spine. */
struct lib_cover {
	unsigned char top[3], bottom[3], band[3];
	int band_y, band_h;
	int cx, cy, r;
};

static const struct lib_cover covers[] = {
	{{0x0f, 0x4c, 0x5c}, {0x1b, 0x2f, 0x45}, {0xf2, 0xb1, 0x34}, 560, 26, 420, 250, 150}, /* first night */
	{{0x3a, 0x2c, 0x24}, {0x12, 0x12, 0x16}, {0xd9, 0x5d, 0x39}, 610, 14, 430, 230, 95},  /* lights out */
	{{0x00, 0x5e, 0xb8}, {0x00, 0x30, 0x87}, {0xff, 0xff, 0xff}, 520, 10, 160, 700, 260}, /* NHS reforms */
	{{0x2a, 0x8c, 0x82}, {0x10, 0x4f, 0x55}, {0xf4, 0xe9, 0xcd}, 640, 40, 450, 620, 120}, /* handover */
	{{0x6b, 0x4a, 0x2f}, {0x3b, 0x2a, 0x1c}, {0xe9, 0xc4, 0x6a}, 150, 30, 480, 780, 190}, /* deploy */
};

/* How much of pixel (x, y) the disc covers, with a one-pixel soft edge. */
static double disc_cover(int x, int y, const struct lib_cover *cv)
{
	double d2 = (double)(x - cv->cx) * (x - cv->cx) + (double)(y - cv->cy) * (y - cv->cy), r = cv->r;
	if (d2 <= (r - 0.5) * (r - 0.5))
		return 1;
	if (d2 >= (r + 0.5) * (r + 0.5))
		return 0;
	double c = 0.5 - (d2 - r * r) / (2.0 * r);
	return c < 0 ? 0 : c > 1 ? 1 : c;
}

/* The filtered scanlines of cover cv (filter 0 before each row). */
static void paint_cover(const struct lib_cover *cv, unsigned char *raw)
{
	for (int y = 0; y < COVER_H; y++) {
		unsigned char *row = raw + (size_t)y * (1 + 3 * COVER_W);
		double t = (double)y / (COVER_H - 1), bg[3];
		bool band = y >= cv->band_y && y < cv->band_y + cv->band_h;
		for (int c = 0; c < 3; c++)
			bg[c] = band ? cv->band[c] : cv->top[c] + (cv->bottom[c] - cv->top[c]) * t;
		*row++ = 0;
		for (int x = 0; x < COVER_W; x++) {
			double lift = band ? 0 : 0.18 * disc_cover(x, y, cv), shade = x < 22 ? 0.78 : 1;
			for (int c = 0; c < 3; c++)
				*row++ = (unsigned char)((bg[c] + (255 - bg[c]) * lift) * shade + 0.5);
		}
	}
}

/* The PNG of cover i (from 1) in `a`. */
static int cover_png(arena *a, int i, str *png)
{
	unsigned char *raw = arena_alloc(a, (size_t)COVER_H * (1 + 3 * COVER_W));
	if (!raw)
		return -1;
	paint_cover(&covers[i - 1], raw);
	return docmake_png(a, COVER_W, COVER_H, raw, png);
}

/* ---- the books ---------------------------------------------------------------- */

/* The First Night On Call: A Survival Guide (first edition, then a second
 * with two chapters more). */
static const char *const night_before[] = {
	"Nobody expects a new doctor to know everything on their first night on call. What the team expects is "
	"that you know who is sick, that you ask for help early, and that you write down what you did. This guide "
	"is about those three things, and about getting to the morning in one piece.",
	"Find out before the shift who is on with you: the medical registrar, the site or night practitioner, the "
	"outreach team and the consultant on call. Save their bleeps and numbers in one place. Know where the "
	"resuscitation trolleys are on your wards, and where the nearest blood gas machine lives.",
	"- Eat a proper meal before you start, and bring something easy for 3 a.m.",
	"- Charge your phone, and bring a pen that works and a spare.",
	"- Read the handover list before handover, not during it.",
	"- Sleep in the afternoon if you can; even an hour helps.",
	"Finally, decide now that you will call your registrar the first time you are worried. The night goes "
	"better for everyone when they hear about a problem at midnight rather than at five.",
	NULL};
static const char *const night_first_hour[] = {
	"The first hour sets the pace of the night. Take the handover sitting down, with the list in front of "
	"you, and ask the day team three questions about each patient they mention: what is the plan, what are "
	"you worried about, and what would make you want me to come and see them.",
	"Then, before the bleep finds you, walk round the patients you were told about. Five minutes at each "
	"bedside early in the evening will save you an hour later: you will know what they look like when they "
	"are well, and the nurses will know your face.",
	"Introduce yourself to the nurse in charge of each ward. Tell them your name, your bleep, and that you "
	"would rather be called too early than too late. Ask whether anyone is worrying them already. Very often "
	"the most important patient of the night is one the nurses mention and the handover list does not.",
	"Keep your own list as the night goes on: each patient, the task, the time you were asked and the time "
	"it was done. At 4 a.m. your memory will not be as good as you think it is.",
	NULL};
static const char *const night_bleep[] = {
	"On a busy night you will be asked to do more than one thing at once. The skill is not speed but order: "
	"deciding, every time the bleep goes, whether this call changes what you should do next.",
	"When you answer, write down the ward, the patient, the problem and the observations before you say "
	"anything else. Ask for the NEWS2 score and how it has changed. A score of 5 or more, or 3 in any single "
	"parameter, means the patient needs a prompt review; 7 or more means an urgent one, and your registrar "
	"should know.",
	"- Sick patients first: falling blood pressure, rising breathing rate, new confusion, chest pain.",
	"- Then anything time-critical: antibiotics due, a missed anticoagulant dose, a potassium to recheck.",
	"- Then routine jobs: cannulas, drug charts, fluid prescriptions for the morning.",
	"If two sick patients call at once, go to one and ask for help with the other. That is exactly what the "
	"registrar and the outreach team are there for, and nobody will think less of you for it.",
	NULL};
static const char *const night_review[] = {
	"When you reach an unwell patient, start at the beginning every time: airway, breathing, circulation, "
	"disability, exposure. It feels slow. It is the fastest way not to miss something.",
	"Look at the patient before you look at the notes. Are they talking? Are they breathing fast? Are they "
	"grey, sweaty or confused? Then the observations, then a blood gas if you are worried, then the notes "
	"and the drug chart. Many nights are saved by reading the drug chart: the opioid given twice, the "
	"antihypertensive given to a patient who is now bleeding, the antibiotic that was never started.",
	"Treat as you go. Oxygen to a target, fluids to a patient who is dry, glucose to a patient who is "
	"hypoglycaemic: you do not need a diagnosis to do the right first thing.",
	"Before you leave, decide and say out loud what happens next: what you have done, what you expect, when "
	"you will come back, and what should make the nurse call you sooner.",
	NULL};
static const char *const night_writing[] = {
	"If it is not written down, it did not happen, and the day team cannot act on what they cannot read. "
	"Write a short note at every review, with the time, your name, your grade and your bleep.",
	"A good night note answers four questions: why you were called, what you found, what you did, and what "
	"the plan is, including the escalation plan and any ceiling of care already agreed.",
	"Hand over in the morning from your own list. Start with the patients you were worried about, then the "
	"jobs that are not finished. Be honest about what you did not get to: an unfinished job handed over is "
	"safe; an unfinished job forgotten is not.",
	"Then go home. Do not drive if you are too tired to: take a nap first, or take the bus.",
	NULL};
static const char *const night_help[] = {
	"Calling for help is a clinical skill, and like any skill it gets better with a structure. Most "
	"hospitals use SBAR: situation, background, assessment, recommendation.",
	"- Situation: who you are, where you are, which patient, and what worries you, in one sentence.",
	"- Background: the admission, the relevant history, what has happened tonight.",
	"- Assessment: the observations, your examination, what you think is going on.",
	"- Recommendation: what you need: advice, a review now, a bed in critical care.",
	"Say clearly how urgent it is. \"I would like you to see this patient within the next ten minutes\" is "
	"far more useful than \"I was just wondering if you might have a moment at some point\".",
	"If you are not sure whether to call, call. If the person you call does not help and you are still "
	"worried, call the next person up. Every hospital has a way to reach the consultant at night, and you are "
	"allowed to use it.",
	NULL};
static const char *const night_yourself[] = {
	"Nights are hard on the body. Drink water, eat something at the start and in the middle of the shift, "
	"and take your breaks: a twenty-minute rest at 3 a.m. makes you safer for the rest of the night.",
	"Look out for your colleagues too. A new doctor sitting alone in the mess at 4 a.m. might just need "
	"someone to ask how their night is going.",
	"After a difficult night, an unexpected death or a mistake, talk to someone: your registrar, your "
	"educational supervisor, a friend. Most trusts offer a debrief after serious events, and many have a "
	"wellbeing service for staff. Using them is a sign of good judgement, not of weakness.",
	"If your rota is not safe, with missed breaks or hours well beyond what you are paid for, report it "
	"through your exception reporting system. It is how rotas get fixed.",
	NULL};
static const struct docmake_chapter night_v1[] = {
	{"Before the shift", night_before},	{"The first hour", night_first_hour},
	{"Prioritising the bleep", night_bleep}, {"Reviewing an unwell patient", night_review},
	{"Writing it down", night_writing},
};
static const struct docmake_chapter night_v2[] = {
	{"Before the shift", night_before},	{"The first hour", night_first_hour},
	{"Prioritising the bleep", night_bleep}, {"Reviewing an unwell patient", night_review},
	{"Calling for help", night_help},	{"Writing it down", night_writing},
	{"Looking after yourself", night_yourself},
};

/* Medicine When the Lights Go Out: Field Notes from Crisis Zones. */
static const char *const lights_arriving[] = {
	"The first days in a crisis zone are for listening. Whatever you were told at the briefing, the reality "
	"on the ground will be different: the road that was open is closed, the hospital has lost its "
	"generator, the people you were due to meet have moved on.",
	"Find the local health staff before you find the patients. They know the diseases, the languages, the "
	"families and the politics. They were there before you came and will be there after you leave, and the "
	"best thing a visiting team can do is make their work easier.",
	"Learn the security rules on day one and keep them, even when they seem excessive. The curfew, the "
	"check-in calls and the rule about never travelling alone exist because somebody learned them the hard "
	"way.",
	NULL};
static const char *const lights_triage[] = {
	"In a mass casualty event, triage is the hardest thing you will do, because it asks you to give less to "
	"some so that more can live. Use a simple, agreed system, the same one as everyone around you, and "
	"practise it before you need it.",
	"- Immediate: life-threatening, but likely to survive with simple treatment now.",
	"- Delayed: serious injuries that can wait a few hours.",
	"- Minor: the walking wounded, who can often help others.",
	"- Expectant: those unlikely to survive with the resources available.",
	"Re-triage often. Patients change, and so do resources: the helicopter that arrives, the theatre that "
	"becomes free. An expectant patient at noon may be an immediate patient at two.",
	"Look after the team that triages. Make the decisions together where you can, write them down, and talk "
	"about them afterwards.",
	NULL};
static const char *const lights_power[] = {
	"Most of medicine depends on things nobody trained you to think about: clean water, reliable power and a "
	"cold chain for vaccines and insulin. When they fail, clinical care fails with them.",
	"Ask on arrival how long the generator runs on the fuel in stock, which equipment is on the protected "
	"circuit, and what happens to the oxygen concentrators when the power goes. Keep a torch in your pocket "
	"and a head torch in your bag.",
	"Water matters as much as drugs. Diarrhoeal disease and cholera follow damaged water systems, and simple "
	"measures, chlorination, hand washing and safe latrines, prevent more deaths than any ward round.",
	"Learn to read a vaccine vial monitor and a fridge temperature log. A cold chain that broke overnight can "
	"quietly waste a month of immunisations.",
	NULL};
static const char *const lights_colleagues[] = {
	"The best visiting clinicians are remembered for what they taught and what they left behind, not for the "
	"operations they did. Work alongside local colleagues, not instead of them.",
	"Ask before you change a protocol. There is usually a reason for the way things are done, even when it is "
	"not obvious: a drug that cannot be obtained, a test the laboratory cannot run, a practice that families "
	"will not accept.",
	"Teach in short, practical sessions, at the bedside where possible, and ask to be taught in return. You "
	"will learn more about malnutrition, snake bite or burns from a nurse who has treated hundreds than from "
	"any textbook.",
	"Be careful with photographs and social media. A picture that seems harmless to you can put a patient, "
	"their family or a colleague in danger.",
	NULL};
static const char *const lights_records[] = {
	"Records in a crisis zone are often on paper, often incomplete and sometimes lost. They still matter: for "
	"the next clinician, for the patient who moves on to another camp, and for the data that brings the "
	"next supplies.",
	"Keep notes short and legible. Give each patient a card they carry with them: the diagnosis, the drugs, "
	"the doses, the date of the next review. A card in a pocket survives when the clinic does not.",
	"Count what matters: deaths, admissions, cases of the diseases that spread. Daily numbers, sent reliably, "
	"are how outbreaks are spotted early and how the people who fund the work know it is needed.",
	"Protect what you record. Names, ethnicity and locations can be dangerous in the wrong hands. Collect only "
	"what you need, and store it as your organisation's data protection rules require.",
	NULL};
static const char *const lights_home[] = {
	"Coming home is harder than most people expect. The supermarket is too bright, the news has moved on, "
	"and colleagues ask how it was and want an answer in a sentence.",
	"Give yourself time. Plan a few quiet days before you go back to work, and do not make big decisions in "
	"the first weeks.",
	"Most organisations offer a psychological debrief after a deployment. Take it, even if you feel fine. "
	"Sleep problems, irritability and intrusive memories are common, and they usually settle; when they do "
	"not, help works, and asking for it early works best.",
	"Write down what you learned while it is fresh, and share it. The next team will thank you.",
	NULL};
static const struct docmake_chapter lights_chapters[] = {
	{"Arriving", lights_arriving},
	{"Triage when there is not enough", lights_triage},
	{"Water, power and the cold chain", lights_power},
	{"Working with local colleagues", lights_colleagues},
	{"Records that survive", lights_records},
	{"Coming home", lights_home},
};

/* Reading the NHS Reforms: A Clinician's Primer. */
static const char *const reforms_why[] = {
	"Most clinicians would rather not think about how the NHS is organised. The structures seem distant "
	"from the ward, they change every few years, and the acronyms change faster still.",
	"Yet structures decide which services exist, how long patients wait, where the money goes and who is "
	"accountable when things go wrong. A clinician who understands them can argue for a patient, a service "
	"or a team far more effectively than one who does not.",
	"This primer is written for doctors in training and their supervisors in England. It does not take "
	"sides. It explains what the main reforms of the last fifteen years set out to do, how the money moves, "
	"and where clinicians can make their voices heard.",
	NULL};
static const char *const reforms_ics[] = {
	"The Health and Social Care Act 2012 gave commissioning, the planning and buying of services, to clinical "
	"commissioning groups led by GPs, and encouraged competition between providers.",
	"Within a few years the direction changed. Local organisations began to plan together rather than "
	"compete, first in sustainability and transformation partnerships and then in integrated care systems.",
	"The Health and Care Act 2022 put this on a legal footing. Clinical commissioning groups were abolished "
	"in July 2022 and replaced by 42 integrated care boards, each responsible for the NHS budget and the "
	"health of the population in its area, working with local councils through an integrated care "
	"partnership.",
	"- Integrated care boards plan and pay for most NHS services in their area.",
	"- Provider collaboratives bring hospital trusts together to plan services across sites.",
	"- Place-based partnerships and primary care networks organise care closer to home.",
	"The idea is that collaboration, not competition, will join up care for people with long-term "
	"conditions, who use many services at once.",
	NULL};
static const char *const reforms_money[] = {
	"For many years hospitals were paid largely by activity: a price for each admission, operation or "
	"outpatient appointment, set nationally in the tariff. Activity-based payment rewarded hospitals that did "
	"more, which helped to bring waiting lists down, but did little to keep people out of hospital.",
	"Since April 2023 the NHS Payment Scheme has replaced the national tariff. Much of the money now moves "
	"in fixed amounts agreed between commissioners and providers, with a variable element for elective "
	"activity, so that systems have a reason to invest in prevention and community care.",
	"For clinicians, the practical points are these: activity is still counted, coding still matters, and a "
	"business case for a new service will be judged on what it saves the system as a whole, not only the "
	"hospital.",
	NULL};
static const char *const reforms_waits[] = {
	"Waiting times are where reform meets the public. The NHS Constitution sets out standards such as 18 "
	"weeks from referral to treatment for planned care and four hours in emergency departments, and for years "
	"both have been missed for many patients.",
	"Recovery plans since the pandemic have focused on extra capacity, community diagnostic centres, "
	"surgical hubs that protect planned operations from emergency pressures, and on validating waiting lists "
	"so that patients who no longer need treatment are removed.",
	"Clinicians shape this more than they may think: through referral criteria, advice and guidance between "
	"GPs and specialists, patient-initiated follow-up, and decisions about who really needs a hospital "
	"appointment.",
	NULL};
static const char *const reforms_voice[] = {
	"The structures will change again; they always do. In 2025 the government announced that NHS England "
	"would be brought into the Department of Health and Social Care, and published a ten year plan built on "
	"three shifts: from hospital to community, from analogue to digital, and from sickness to prevention.",
	"Whatever the next reorganisation brings, the ways clinicians take part stay much the same.",
	"- Join your trust's clinical governance and service planning meetings.",
	"- Respond to consultations from your integrated care board and royal college.",
	"- Take a management or leadership placement during training.",
	"- Read widely, including the sources you expect to disagree with.",
	"The companion reading list in the Rounds eLibrary collects the documents referred to here, with a "
	"printable copy for the doctors' mess.",
	NULL};
static const struct docmake_chapter reforms_chapters[] = {
	{"Why structures matter to clinicians", reforms_why},
	{"From commissioning to integrated care", reforms_ics},
	{"How the money moves", reforms_money},
	{"Waiting lists and targets", reforms_waits},
	{"Having a voice", reforms_voice},
};

/* Handover That Works. */
static const char *const handover_fails[] = {
	"Handover is where information is most likely to be lost. Studies of adverse events keep finding the same "
	"pattern: the result that nobody chased, the plan that was in one doctor's head, the worry that was "
	"never said out loud.",
	"Handovers fail for predictable reasons. They happen in corridors, with bleeps going off. They depend "
	"on memory. The people who know the patients best, often the nurses, are not in the room. And the "
	"sickest patient may come up last, or not at all.",
	"None of this is about individual carelessness. It is about systems, and systems can be designed.",
	NULL};
static const char *const handover_structure[] = {
	"A shared structure means everyone knows what comes next and what is missing. SBAR, situation, "
	"background, assessment and recommendation, is the most widely taught. Paediatric teams often use "
	"I-PASS: illness severity, patient summary, action list, situation awareness and contingency planning, "
	"and synthesis by the receiver.",
	"The last step of I-PASS is the one most teams skip and the one that matters most: the person receiving "
	"the handover says back, in their own words, what they have understood and what they will do.",
	"- State the illness severity first: stable, watcher or unstable.",
	"- Give an action list with owners and times.",
	"- Say what might go wrong, and what to do if it does.",
	"- Ask the receiver to summarise.",
	NULL};
static const char *const handover_room[] = {
	"Hold handover in a quiet room, at a fixed time, with a written or electronic list that everyone can see. "
	"Hand the bleep to someone else for ten minutes if you can.",
	"Start with the sickest patients and the ones someone is worried about, whoever that someone is. Invite "
	"the nurse in charge. End with one question to the room: who are we not talking about?",
	"Keep the list up to date during the day, not just before handover. A list written at 8.45 p.m. from "
	"memory is a list with gaps.",
	NULL};
static const char *const handover_weekend[] = {
	"Weekend handover carries more risk: fewer staff, more patients each, and decisions that wait until "
	"Monday. Before the weekend, write a plan for each patient who might deteriorate, with the escalation "
	"decisions and ceilings of care already discussed with the patient and family.",
	"The end of a rotation is a handover too. Leave a short note for your successor on each ward: the "
	"consultants' preferences, where things are kept, the patients with long stays and complex plans, and "
	"the people who will help them most.",
	"Good handover is a habit, and habits spread. Be the doctor whose handover others copy.",
	NULL};
static const struct docmake_chapter handover_chapters[] = {
	{"Why handover fails", handover_fails},
	{"A structure everyone knows", handover_structure},
	{"The room and the list", handover_room},
	{"Weekends and the end of a rotation", handover_weekend},
};

/* The printable reading list (an attachment). */
static const char *const reading_start[] = {
	"These are the documents most often cited in discussions of NHS reform in England. Start with the "
	"explainers, then read the primary documents you need.",
	"- An explainer on how the NHS in England is organised, from an independent health think tank, with "
	"diagrams of who plans, who pays and who provides.",
	"- The Health and Care Act 2022, and the explanatory notes published with it.",
	"- Lord Darzi's independent investigation of the NHS in England (September 2024).",
	"- The ten year health plan for England (2025).",
	"- The NHS Constitution for England, for the standards patients are promised.",
	NULL};
static const char *const reading_deeper[] = {
	"For those who want to go further: the annual reports of the health think tanks on waiting times and "
	"funding, the NHS Payment Scheme and its guidance, and your own integrated care board's joint forward "
	"plan, which sets out what your local system intends to do over the next five years.",
	"Read your board's papers. They are public, they are usually published online each month, and they are "
	"the best picture of the pressures your own hospital faces.",
	NULL};
static const struct docmake_chapter reading_chapters[] = {
	{"Start here", reading_start},
	{"Going deeper", reading_deeper},
};

/* The deployment checklist (an attachment, revised once). */
static const char *const deploy_papers[] = {
	"- Passport valid for at least six months after your return, with two free pages.",
	"- Visa and work permit, and a letter of invitation from the host organisation.",
	"- Proof of registration and a letter of good standing from your regulator.",
	"- Indemnity and insurance that cover the country and the work you will do.",
	"- Copies of everything, on paper and stored securely online.",
	NULL};
static const char *const deploy_health[] = {
	"- Vaccinations checked at a travel clinic at least eight weeks before departure.",
	"- Malaria prophylaxis for the region, and enough for the whole stay.",
	"- HIV post-exposure prophylaxis: know where it is kept and who authorises it.",
	"- A dental check-up, and your own regular medicines for the whole stay plus a month.",
	NULL};
static const char *const deploy_home[] = {
	"- Next of kin details given to the organisation, and a will made or updated.",
	"- Bills, tenancy and pets arranged for the time you are away.",
	"- Your employer's agreement to the leave, and to your return date.",
	NULL};
static const char *const deploy_mind[] = {
	"- A plan for staying in touch with home, and a person at home who knows it.",
	"- The name of the organisation's psychological support contact before you leave.",
	"- A debrief booked for your return, and a few free days after it.",
	"- Devices checked: encryption on, location sharing off, nothing you would not show at a checkpoint.",
	NULL};
static const struct docmake_chapter deploy_v1[] = {
	{"Papers", deploy_papers},
	{"Health", deploy_health},
	{"Home", deploy_home},
};
static const struct docmake_chapter deploy_v2[] = {
	{"Papers", deploy_papers},
	{"Health", deploy_health},
	{"Home", deploy_home},
	{"Your mind and your devices", deploy_mind},
};

/* The 2019 sepsis pathway (the withdrawn page's attachment). */
static const char *const sepsis_2019[] = {
	"This pathway applies to adult inpatients with suspected infection and any red flag: a systolic blood "
	"pressure of 90 mmHg or less, a heart rate over 130, a respiratory rate of 25 or more, new confusion, "
	"or a lactate of 2 mmol/L or more.",
	"Within one hour of recognising sepsis, complete the Sepsis Six, and record the time of each step on the "
	"screening tool:",
	"- Give oxygen to keep saturations in the target range.",
	"- Take blood cultures.",
	"- Give intravenous antibiotics.",
	"- Give intravenous fluids.",
	"- Measure the lactate.",
	"- Measure the urine output.",
	"Inform the registrar of every patient on the pathway, and call the outreach team if the patient does not "
	"improve within the hour.",
	NULL};
static const struct docmake_chapter sepsis_chapters[] = {
	{"Adult inpatient sepsis pathway (2019)", sepsis_2019},
};

/* ---- the pages ---------------------------------------------------------------- */

static const char reading_list_body[] =
	"NHS reform in England can feel like an alphabet that changes every few years. This list collects the "
	"documents worth reading, from short explainers to the law itself. A printable copy is attached.\n\n"
	"## Start here\n\n"
	"- **How the NHS is organised**: an explainer from an independent health think tank, with diagrams of "
	"who plans, who pays and who provides.\n"
	"- **The Health and Care Act 2022**: the law behind integrated care boards. Read the explanatory notes "
	"first.\n"
	"- **Lord Darzi's investigation (2024)**: an independent assessment of the state of the NHS in England.\n"
	"- **The ten year health plan (2025)**: three shifts, hospital to community, analogue to digital, "
	"sickness to prevention.\n\n"
	"## Going deeper\n\n"
	"1. The NHS Payment Scheme and its guidance: how money moves between commissioners and providers.\n"
	"2. Your integrated care board's joint forward plan.\n"
	"3. Your own trust's board papers, published every month.\n\n"
	"## On Rounds\n\n"
	"*Reading the NHS Reforms: A Clinician's Primer*, in this collection, explains the structures in plain "
	"terms for doctors in training. Discussion is welcome in the forums.";

static const char deploy_body[] =
	"Working in a conflict, disaster or outbreak setting starts long before the flight. Use this checklist "
	"in the two months before you leave; the attached PDF is the printable version, revised after feedback "
	"from members who have deployed.\n\n"
	"## Eight weeks before\n\n"
	"- [ ] Travel clinic: vaccinations and malaria prophylaxis\n"
	"- [ ] Passport, visa and a letter of good standing from your regulator\n"
	"- [ ] Indemnity and insurance for the country and the work\n\n"
	"## Four weeks before\n\n"
	"- [ ] Security briefing from the host organisation\n"
	"- [ ] A refresher in the skills you will need: trauma care, obstetric emergencies, paediatrics\n"
	"- [ ] Your own medicines for the whole stay, plus a month\n\n"
	"## The week before\n\n"
	"- [ ] Next of kin details and a plan for staying in touch\n"
	"- [ ] Devices checked: encryption on, location sharing off\n"
	"- [ ] A debrief booked for your return\n\n"
	"> Go prepared, listen first, and come home well.";

static const char renal_body[] =
	"A summary for ward doctors of the adjustments most often needed when kidney function is reduced. "
	"**Always check the current BNF and your local guidance**; this page is a reminder, not a substitute.\n\n"
	"## Before you prescribe\n\n"
	"- Use a recent creatinine: kidney function can change within a day in acute kidney injury.\n"
	"- For most drugs, the eGFR is adequate. For drugs with a narrow therapeutic index, and at extremes of "
	"body weight, estimate creatinine clearance (Cockcroft-Gault) with the actual body weight.\n"
	"- In acute kidney injury, review every drug on the chart, not only the new ones.\n\n"
	"## Often stopped or withheld in acute kidney injury\n\n"
	"- NSAIDs\n"
	"- ACE inhibitors and angiotensin receptor blockers, and diuretics, in a patient who is dry or "
	"hypotensive\n"
	"- Metformin, because of the risk of lactic acidosis\n"
	"- SGLT2 inhibitors, in an acutely unwell patient\n\n"
	"## Often reduced, or needing levels\n\n"
	"- **Gentamicin and vancomycin**: dose by level and by local protocol.\n"
	"- **Low molecular weight heparins**: reduce the dose at low creatinine clearance.\n"
	"- **Direct oral anticoagulants**: doses depend on creatinine clearance; check each one.\n"
	"- **Opioids**: morphine and codeine metabolites accumulate; use low doses, longer intervals, and ask "
	"the palliative care or pain team.\n"
	"- **Digoxin and lithium**: check levels and watch for toxicity.\n"
	"- **Nitrofurantoin**: avoid at low eGFR, where it works poorly and harms more.\n\n"
	"## Ask for help\n\n"
	"Your ward pharmacist is the best resource you have. Call the renal team early for a patient on dialysis "
	"or with a kidney transplant.";

static const char sepsis_body[] =
	"**This page has been withdrawn.** It described a local sepsis pathway from 2019, which has been replaced "
	"by current national guidance and your trust's updated policy.\n\n"
	"## Why it was withdrawn\n\n"
	"- The screening criteria and the timings for antibiotics have changed.\n"
	"- Risk stratification now uses NEWS2 alongside clinical judgement.\n\n"
	"Please follow your trust's current sepsis guideline.";

/* ---- the library ------------------------------------------------------------------ */

static const struct demo_collection {
	const char *slug, *name, *about;
} lib_collections[] = {
	{"survival-guides", "Survival guides",
	 "Short, practical guides for junior doctors starting their first rotations: nights on call, handover, "
	 "prescribing and looking after yourself."},
	{"nhs-reform", "NHS reform",
	 "Primers and reading lists on how the NHS in England is organised and paid for, and what the reforms "
	 "mean for clinicians."},
	{"crisis-zone-medicine", "Crisis zone medicine",
	 "Field notes, checklists and reading for clinicians working in conflict, disaster and outbreak settings."},
	{"clinical-skills", "Clinical skills", "Quick references and refreshers for everyday work on the wards."},
};
#define NCOLLECTIONS (sizeof lib_collections / sizeof lib_collections[0])

/* A file written by docmake: a PDF or an EPUB by its name's ending. */
struct demo_doc {
	const char *name;  /* NULL: none */
	const char *title; /* NULL: the item's title */
	const char *date;  /* the document's date, YYYY-MM-DD */
	const struct docmake_chapter *chapters;
	size_t nchapters;
	int days; /* added this many days ago */
};
#define CHAPTERS(c) (c), sizeof(c) / sizeof((c)[0])

static const struct demo_item {
	const char *slug, *title, *authors, *about, *body;
	enum store_library_kind kind;
	enum store_library_access access;
	const char *published_on, *isbn12; /* isbn12: the first twelve digits, or NULL */
	int cover;                         /* covers[cover - 1]; 0: none */
	const char *collections[2];
	int days;                  /* made this many days ago */
	struct demo_doc files[2];  /* versions of slot 0 (an ebook) or of one attachment (a page) */
	int withdrawn;             /* withdrawn this many days ago; 0: live */
	int per_day;               /* downloads on a usual weekday */
} lib_items[] = {
	{"the-first-night-on-call", "The First Night On Call: A Survival Guide", "Dr Helen Okafor, Dr Amara Nwosu",
	 "A practical guide to the first night on call for new doctors: preparing for the shift, prioritising the "
	 "bleep, reviewing an unwell patient, calling for help and writing it down. The second edition adds "
	 "chapters on escalation and on looking after yourself.",
	 NULL, STORE_LIB_EBOOK, STORE_LIB_PUBLIC, "2025-08-04", "978191528401", 1,
	 {"survival-guides", "clinical-skills"}, 84,
	 {{"the-first-night-on-call.pdf", NULL, "2025-08-04", CHAPTERS(night_v1), 84},
	  {"the-first-night-on-call-2nd-edition.pdf", NULL, "2026-02-02", CHAPTERS(night_v2), 31}},
	 0, 34},
	{"medicine-when-the-lights-go-out", "Medicine When the Lights Go Out: Field Notes from Crisis Zones",
	 "Dr Samuel Adeyemi, Grace O'Neill",
	 "Field notes from clinicians who have worked in conflict and disaster zones: arriving, triage with too "
	 "little, water and power, working with local colleagues, keeping records, and coming home.",
	 NULL, STORE_LIB_EBOOK, STORE_LIB_MEMBERS, "2025-11-17", "979835209117", 2, {"crisis-zone-medicine"}, 70,
	 {{"medicine-when-the-lights-go-out.epub", NULL, "2025-11-17", CHAPTERS(lights_chapters), 70}}, 0, 12},
	{"reading-the-nhs-reforms", "Reading the NHS Reforms: A Clinician's Primer",
	 "Dr Helen Okafor, Prof. Richard Ellison",
	 "What the reforms of the NHS in England since 2012 set out to do, in plain terms for doctors in training: "
	 "integrated care boards, how the money moves, waiting lists and targets, and how clinicians take part.",
	 NULL, STORE_LIB_EBOOK, STORE_LIB_DOCTORS, "2026-03-09", "978191528402", 3, {"nhs-reform"}, 52,
	 {{"reading-the-nhs-reforms.pdf", NULL, "2026-03-09", CHAPTERS(reforms_chapters), 52}}, 0, 8},
	{"handover-that-works", "Handover That Works", "Dr Amara Nwosu, Dr Kwame Mensah",
	 "Why handovers fail, and how to run one that does not: a shared structure, the right room, an honest "
	 "list, and the weekend and end-of-rotation handovers that carry the most risk.",
	 NULL, STORE_LIB_EBOOK, STORE_LIB_MEMBERS, "2024-10-21", NULL, 4, {"survival-guides", "clinical-skills"}, 66,
	 {{"handover-that-works.epub", NULL, "2024-10-21", CHAPTERS(handover_chapters), 66}}, 0, 10},
	{"nhs-reform-a-reading-list", "NHS reform: a reading list", "Rounds editors",
	 "The documents worth reading on NHS reform in England, from short explainers to the law itself, with a "
	 "printable copy.",
	 reading_list_body, STORE_LIB_PAGE, STORE_LIB_PUBLIC, "2026-03-16", NULL, 0, {"nhs-reform"}, 45,
	 {{"nhs-reform-reading-list.pdf", "NHS Reform: A Reading List", "2026-03-16", CHAPTERS(reading_chapters), 45}},
	 0, 5},
	{"before-you-deploy", "Before you deploy: a checklist for crisis zone work", "Rounds editors, Grace O'Neill",
	 "What to sort out in the two months before working in a conflict, disaster or outbreak setting: papers, "
	 "health, home, and looking after your mind and your devices.",
	 deploy_body, STORE_LIB_PAGE, STORE_LIB_MEMBERS, "2025-12-01", NULL, 5, {"crisis-zone-medicine"}, 62,
	 {{"before-you-deploy-checklist.pdf", "Before You Deploy: A Checklist", "2025-12-01", CHAPTERS(deploy_v1), 62},
	  {"before-you-deploy-checklist.pdf", "Before You Deploy: A Checklist", "2026-01-12", CHAPTERS(deploy_v2), 20}},
	 0, 4},
	{"prescribing-in-renal-impairment", "Prescribing in renal impairment: quick reference", "Rounds editors",
	 "The drug adjustments most often needed on the wards when kidney function is reduced, for quick "
	 "reference. Always check the BNF and local guidance.",
	 renal_body, STORE_LIB_PAGE, STORE_LIB_DOCTORS, "2026-04-20", NULL, 0, {"clinical-skills", "survival-guides"},
	 38, {{NULL, NULL, NULL, NULL, 0, 0}}, 0, 0},
	{"out-of-date-2019-sepsis-pathway", "Out-of-date: 2019 sepsis pathway", "Rounds editors",
	 "A local sepsis pathway from 2019, withdrawn: it has been replaced by current guidance.", sepsis_body,
	 STORE_LIB_PAGE, STORE_LIB_PUBLIC, "2019-06-01", NULL, 0, {"clinical-skills"}, 90,
	 {{"sepsis-pathway-2019.pdf", "Sepsis Pathway (2019)", "2019-06-01", CHAPTERS(sepsis_chapters), 90}},
	 25, 3},
};
#define NITEMS (sizeof lib_items / sizeof lib_items[0])

/* The ISBN-13 whose first twelve digits are `twelve`, with its check
 * digit (weights 1 and 3, mod 10). */
static void isbn13(const char *twelve, char out[14])
{
	int sum = 0;
	for (int i = 0; i < 12; i++) {
		out[i] = twelve[i];
		sum += (twelve[i] - '0') * (i % 2 ? 3 : 1);
	}
	out[12] = (char)('0' + (10 - sum % 10) % 10);
	out[13] = '\0';
}

/* Noon (UTC) of the day "YYYY-MM-DD". */
static int64_t noon_of(const char *ymd)
{
	struct tm tm = {0};
	if (sscanf(ymd, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	return (int64_t)timegm(&tm);
}

/* Writes document f of item d (an EPUB carries the cover) and stores it
 * as an upload made at `at`; *out its file row, slot and version left to
 * the caller.  0, -1 or a store error. */
static int store_doc(store *st, arena *a, const struct demo_item *d, const struct demo_doc *f, str cover, int64_t at,
		     struct store_library_file *out)
{
	size_t n = strlen(f->name);
	bool epub = n > 5 && strcmp(f->name + n - 5, ".epub") == 0;
	struct docmake_book b = {
		.title = str_c(f->title ? f->title : d->title),
		.authors = str_c(d->authors),
		.about = str_c(d->about),
		.lang = S("en-GB"),
		.when = noon_of(f->date),
		.cover_png = epub ? cover : S(""),
		.chapters = f->chapters,
		.nchapters = f->nchapters,
	};
	buf bytes;
	buf_init(&bytes, a);
	char *sha = arena_alloc(a, 65);
	if (!sha || (epub ? docmake_epub(&bytes, &b) : docmake_pdf(&bytes, &b)) != 0)
		return -1;
	str mime = epub ? S("application/epub+zip") : S("application/pdf");
	*out = (struct store_library_file){
		.name = str_c(f->name), .sha256 = {sha, 64}, .mime = mime, .size = (int64_t)bytes.n};
	return store_upload_put_bytes(st, buf_slice(&bytes), mime, at, sha);
}

/* The item row of d: its collections' ids from `colls` (by the order of
 * lib_collections), its ISBN with the check digit, its body in HTML. */
static int item_row(arena *a, const struct demo_item *d, const int64_t *colls, struct store_library_item *it)
{
	*it = (struct store_library_item){
		.slug = str_c(d->slug),
		.kind = d->kind,
		.title = str_c(d->title),
		.authors = str_c(d->authors),
		.about = str_c(d->about),
		.body = str_c(d->body ? d->body : ""),
		.body_html = S(""),
		.access = d->access,
		.cover = S(""),
		.published_on = str_c(d->published_on),
		.isbn = S(""),
	};
	if (d->isbn12) {
		char *isbn = arena_alloc(a, 14);
		if (!isbn)
			return -1;
		isbn13(d->isbn12, isbn);
		it->isbn = (str){isbn, 13};
	}
	for (int k = 0; k < 2 && d->collections[k]; k++)
		for (size_t c = 0; c < NCOLLECTIONS; c++)
			if (strcmp(d->collections[k], lib_collections[c].slug) == 0)
				it->collections[it->ncollections++] = colls[c];
	return d->body ? markdown_html(a, it->body, &it->body_html) : 0;
}

/* Item d as the editor makes it on its day: cover, first file, later
 * versions (an ebook's in slot 0, a page's in the attachment slot the
 * first made), withdrawal.  *id the item's. */
static int add_item(store *st, arena *a, const struct demo_item *d, const int64_t *colls, int64_t editor, int64_t now,
		    int64_t *id)
{
	int64_t at = now - (int64_t)d->days * DAY, slot = d->kind == STORE_LIB_EBOOK ? 0 : -1;
	struct store_library_item it;
	struct store_library_file f;
	char cover_sha[65];
	str cover = S("");
	int rc = item_row(a, d, colls, &it);
	if (rc == 0 && d->cover) {
		rc = cover_png(a, d->cover, &cover);
		if (rc == 0)
			rc = store_upload_put_bytes(st, cover, S("image/png"), at, cover_sha);
		it.cover = str_c(cover_sha);
	}
	if (rc == 0 && slot == 0)
		rc = store_doc(st, a, d, &d->files[0], cover, at, &f);
	if (rc == 0)
		rc = store_library_item_create(st, &it, slot == 0 ? &f : NULL, editor, at, id);
	for (int v = slot == 0 ? 1 : 0; rc == 0 && v < 2 && d->files[v].name; v++) {
		int64_t when = now - (int64_t)d->files[v].days * DAY + 600;
		rc = store_doc(st, a, d, &d->files[v], cover, when, &f);
		f.item_id = *id;
		f.slot = slot;
		if (rc == 0)
			rc = store_library_file_add(st, &f, editor, when, NULL, &slot);
	}
	if (rc == 0 && d->withdrawn)
		rc = store_library_item_withdraw(st, *id, true, editor, now - (int64_t)d->withdrawn * DAY);
	return rc;
}

/* Downloads of item i on day `day`, k days ago: its usual number, about
 * half at weekends, growing over the months, more once a new edition is
 * out, and a wobble that depends only on the item and the day. */
static int64_t day_count(size_t i, int64_t day, int k)
{
	const struct demo_item *d = &lib_items[i];
	uint32_t h = (uint32_t)day * 2654435761u ^ (uint32_t)(i + 1) * 2246822519u;
	h ^= h >> 15;
	h *= 2246822519u;
	h ^= h >> 13;
	int weekday = (int)((day + 4) % 7); /* day 0 was a Thursday; 0 Sunday */
	double n = d->per_day * (weekday == 0 || weekday == 6 ? 0.55 : 1.0) * (0.75 + (h % 51) / 100.0) *
		   (0.8 + 0.4 * (HISTORY_DAYS - k) / HISTORY_DAYS);
	if (d->kind == STORE_LIB_EBOOK && d->files[1].name && k < d->files[1].days)
		n *= 1.4;
	return (int64_t)(n + 0.5);
}

/* Item i's (id's) downloads on each day it has had files, up to
 * HISTORY_DAYS back (none after a withdrawal). */
static int add_downloads(store *st, size_t i, int64_t id, int64_t now)
{
	const struct demo_item *d = &lib_items[i];
	struct store_library_count c[HISTORY_DAYS + 1];
	int n = 0;
	int64_t today = now / DAY;
	for (int k = d->days - 1 < HISTORY_DAYS ? d->days - 1 : HISTORY_DAYS; k >= d->withdrawn && d->per_day; k--) {
		int64_t v = day_count(i, today - k, k);
		if (v > 0)
			c[n++] = (struct store_library_count){id, today - k, v};
	}
	return n ? store_library_count(st, c, n) : 0;
}

/* The collections, by slug: those missing made (a hundred days ago, in
 * order); each one's id into ids. */
static int add_collections(store *st, arena *a, int64_t editor, int64_t now, int64_t *ids)
{
	for (size_t i = 0; i < NCOLLECTIONS; i++) {
		const struct demo_collection *d = &lib_collections[i];
		struct store_library_collection c;
		int rc = store_library_collection_by_slug(st, a, str_c(d->slug), &c);
		if (rc == 0) {
			ids[i] = c.id;
			continue;
		}
		if (rc != STORE_ENOTFOUND)
			return rc;
		c = (struct store_library_collection){
			.slug = str_c(d->slug), .name = str_c(d->name), .about = str_c(d->about), .position = (int64_t)i + 1};
		rc = store_library_collection_create(st, &c, editor, now - 100 * DAY + 60 * (int64_t)i, &ids[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int demo_library(store *st)
{
	int64_t now = (int64_t)time(NULL), ids[NCOLLECTIONS] = {0}, editor = 0;
	arena *a = arena_new(1 << 20);
	if (!a)
		return -1;
	struct store_member m;
	int rc = store_member_by_handle(st, a, S("editor"), &m);
	if (rc == 0) {
		editor = m.id;
		rc = add_collections(st, a, editor, now, ids);
	}
	arena_free(a);
	for (size_t i = 0; rc == 0 && i < NITEMS; i++) {
		a = arena_new((size_t)32 << 20); /* a cover's scanlines and PNG, and two documents */
		if (!a)
			return -1;
		struct store_library_item it;
		int64_t id = 0;
		rc = store_library_item_by_slug(st, a, str_c(lib_items[i].slug), &it);
		if (rc == STORE_ENOTFOUND) { /* else made by an earlier run */
			rc = add_item(st, a, &lib_items[i], ids, editor, now, &id);
			if (rc == 0)
				rc = add_downloads(st, i, id, now);
		}
		arena_free(a);
	}
	return rc;
}
