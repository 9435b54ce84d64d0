/* reference.c: the specialties (75) and grades (37) of reference.h, and
 * their look-ups and validators.
 *
 * Invariants (checked by tests/unit/test_reference.c): codes are unique
 * [a-z0-9-] slugs and never renamed; names are unique ignoring case, and
 * no code is another item's name, so a look-up has one answer; the items
 * of a group are contiguous; specialties are sorted by name within their
 * group, "other" last.  Names are ASCII, so ASCII case-folding is enough. */
#include "reference.h"

/* Specialty groups, in display order. */
#define MED "Medicine"
#define SURG "Surgery"
#define ACUTE "Acute and critical care"
#define DIAG "Diagnostic"
#define MENTAL "Mental health"
#define WOMEN "Women and children"
#define PRIMARY "Primary and community care"
#define PUBLIC "Public health and academic"
#define PROF "Other professions"
#define OTHER "Other"

static const struct reference_item specialties[] = {
	{"allergy-immunology", "Allergy and clinical immunology", MED},
	{"cardiology", "Cardiology", MED},
	{"clinical-genetics", "Clinical genetics", MED},
	{"clinical-oncology", "Clinical oncology", MED},
	{"clinical-pharmacology", "Clinical pharmacology and therapeutics", MED},
	{"dermatology", "Dermatology", MED},
	{"endocrinology-diabetes", "Endocrinology and diabetes", MED},
	{"gastroenterology", "Gastroenterology and hepatology", MED},
	{"genitourinary-medicine", "Genitourinary medicine", MED},
	{"geriatric-medicine", "Geriatric medicine", MED},
	{"haematology", "Haematology", MED},
	{"infectious-diseases", "Infectious diseases", MED},
	{"internal-medicine", "Internal medicine", MED},
	{"medical-oncology", "Medical oncology", MED},
	{"nephrology", "Nephrology", MED},
	{"neurology", "Neurology", MED},
	{"palliative-care", "Palliative care", MED},
	{"rehabilitation-medicine", "Rehabilitation medicine", MED},
	{"respiratory-medicine", "Respiratory medicine", MED},
	{"rheumatology", "Rheumatology", MED},
	{"sports-exercise-medicine", "Sport and exercise medicine", MED},

	{"cardiothoracic-surgery", "Cardiothoracic surgery", SURG},
	{"ent", "Ear, nose and throat (ENT)", SURG},
	{"general-surgery", "General surgery", SURG},
	{"neurosurgery", "Neurosurgery", SURG},
	{"ophthalmology", "Ophthalmology", SURG},
	{"oral-maxillofacial-surgery", "Oral and maxillofacial surgery", SURG},
	{"paediatric-surgery", "Paediatric surgery", SURG},
	{"plastic-surgery", "Plastic surgery", SURG},
	{"trauma-orthopaedics", "Trauma and orthopaedics", SURG},
	{"urology", "Urology", SURG},
	{"vascular-surgery", "Vascular surgery", SURG},

	{"acute-medicine", "Acute medicine", ACUTE},
	{"anaesthesia", "Anaesthesia", ACUTE},
	{"emergency-medicine", "Emergency medicine", ACUTE},
	{"intensive-care", "Intensive care medicine", ACUTE},
	{"pain-medicine", "Pain medicine", ACUTE},
	{"pre-hospital-medicine", "Pre-hospital emergency medicine", ACUTE},

	{"chemical-pathology", "Chemical pathology", DIAG},
	{"clinical-neurophysiology", "Clinical neurophysiology", DIAG},
	{"interventional-radiology", "Interventional radiology", DIAG},
	{"microbiology", "Medical microbiology", DIAG},
	{"nuclear-medicine", "Nuclear medicine", DIAG},
	{"pathology", "Pathology", DIAG},
	{"radiology", "Radiology", DIAG},

	{"child-adolescent-psychiatry", "Child and adolescent psychiatry", MENTAL},
	{"forensic-psychiatry", "Forensic psychiatry", MENTAL},
	{"medical-psychotherapy", "Medical psychotherapy", MENTAL},
	{"old-age-psychiatry", "Old age psychiatry", MENTAL},
	{"psychiatry", "Psychiatry", MENTAL},
	{"intellectual-disability-psychiatry", "Psychiatry of intellectual disability", MENTAL},

	{"neonatology", "Neonatology", WOMEN},
	{"obstetrics-gynaecology", "Obstetrics and gynaecology", WOMEN},
	{"paediatrics", "Paediatrics", WOMEN},
	{"reproductive-medicine", "Reproductive medicine", WOMEN},
	{"sexual-reproductive-health", "Sexual and reproductive health", WOMEN},

	{"forensic-medicine", "Forensic and legal medicine", PRIMARY},
	{"general-practice", "General practice", PRIMARY},
	{"occupational-medicine", "Occupational medicine", PRIMARY},
	{"rural-medicine", "Rural and remote medicine", PRIMARY},

	{"clinical-informatics", "Clinical informatics", PUBLIC},
	{"global-health", "Global health", PUBLIC},
	{"medical-education", "Medical education", PUBLIC},
	{"medical-leadership", "Medical leadership and management", PUBLIC},
	{"pharmaceutical-medicine", "Pharmaceutical medicine", PUBLIC},
	{"public-health", "Public health", PUBLIC},

	{"dentistry", "Dentistry", PROF},
	{"midwifery", "Midwifery", PROF},
	{"nursing", "Nursing", PROF},
	{"occupational-therapy", "Occupational therapy", PROF},
	{"paramedic", "Paramedic practice", PROF},
	{"pharmacy", "Pharmacy", PROF},
	{"physiotherapy", "Physiotherapy", PROF},
	{"psychology", "Psychology", PROF},

	{"other", "Other", OTHER},
};

/* Grade groups, in display order; within a group, the order of a career. */
#define UK "United Kingdom"
#define INTL "International"
#define STUDENT "Medical students"

static const struct reference_item grades[] = {
	{"fy1", "Foundation year 1 (FY1)", UK},
	{"fy2", "Foundation year 2 (FY2)", UK},
	{"ct1", "Core trainee year 1 (CT1)", UK},
	{"ct2", "Core trainee year 2 (CT2)", UK},
	{"ct3", "Core trainee year 3 (CT3)", UK},
	{"st1", "Specialty trainee year 1 (ST1)", UK},
	{"st2", "Specialty trainee year 2 (ST2)", UK},
	{"st3", "Specialty trainee year 3 (ST3)", UK},
	{"st4", "Specialty trainee year 4 (ST4)", UK},
	{"st5", "Specialty trainee year 5 (ST5)", UK},
	{"st6", "Specialty trainee year 6 (ST6)", UK},
	{"st7", "Specialty trainee year 7 (ST7)", UK},
	{"st8", "Specialty trainee year 8 (ST8)", UK},
	{"gpst", "GP specialty trainee (GPST)", UK},
	{"sas", "Specialty doctor (SAS)", UK},
	{"specialist", "Specialist", UK},
	{"consultant", "Consultant", UK},
	{"gp", "General practitioner (GP)", UK},

	{"intern", "Intern", INTL},
	{"resident", "Resident", INTL},
	{"medical-officer", "Medical officer", INTL},
	{"registrar", "Registrar", INTL},
	{"fellow", "Fellow", INTL},
	{"attending", "Attending / specialist", INTL},
	{"professor", "Professor / academic", INTL},

	{"student-y1", "Medical student, year 1", STUDENT},
	{"student-y2", "Medical student, year 2", STUDENT},
	{"student-y3", "Medical student, year 3", STUDENT},
	{"student-y4", "Medical student, year 4", STUDENT},
	{"student-y5", "Medical student, year 5", STUDENT},
	{"student-y6", "Medical student, year 6", STUDENT},

	{"nurse", "Nurse", OTHER},
	{"midwife", "Midwife", OTHER},
	{"pharmacist", "Pharmacist", OTHER},
	{"ahp", "Allied health professional", OTHER},
	{"retired", "Retired", OTHER},
	{"other", "Other", OTHER},
};

#define NSPEC ((int)(sizeof specialties / sizeof specialties[0]))
#define NGRADE ((int)(sizeof grades / sizeof grades[0]))

/* Codes first: the tables keep codes and other items' names apart, so the
 * order only saves work for the common case of a stored code. */
static const struct reference_item *find(const struct reference_item *t, int n, str v)
{
	for (int i = 0; i < n; i++)
		if (str_ieq(v, str_c(t[i].code)))
			return &t[i];
	for (int i = 0; i < n; i++)
		if (str_ieq(v, str_c(t[i].name)))
			return &t[i];
	return NULL;
}

static const char *check(const struct reference_item *t, int n, str v, str *norm, const char *msg)
{
	if (v.n > REFERENCE_INPUT_MAX)
		return msg;
	while (v.n && (v.p[0] == ' ' || v.p[0] == '\t'))
		v.p++, v.n--;
	while (v.n && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '\t'))
		v.n--;
	if (v.n == 0) {
		*norm = S("");
		return NULL;
	}
	const struct reference_item *it = find(t, n, v);
	if (!it)
		return msg;
	*norm = str_c(it->code);
	return NULL;
}

int reference_specialty_count(void)
{
	return NSPEC;
}

const struct reference_item *reference_specialty_at(int i)
{
	return i >= 0 && i < NSPEC ? &specialties[i] : NULL;
}

const struct reference_item *reference_specialty_find(str v)
{
	return find(specialties, NSPEC, v);
}

int reference_grade_count(void)
{
	return NGRADE;
}

const struct reference_item *reference_grade_at(int i)
{
	return i >= 0 && i < NGRADE ? &grades[i] : NULL;
}

const struct reference_item *reference_grade_find(str v)
{
	return find(grades, NGRADE, v);
}

const char *validate_specialty(arena *a, str v, str *norm)
{
	(void)a;
	return check(specialties, NSPEC, v, norm, "must be one of the listed specialties");
}

const char *validate_grade(arena *a, str v, str *norm)
{
	(void)a;
	return check(grades, NGRADE, v, norm, "must be one of the listed grades");
}
