/* test_reference.c: the specialty and grade tables (shape, order, groups,
 * the items every deployment relies on), look-up by code and by display
 * name in any case, and the two field validators with hostile input. */
#include "unit.h"

#include <stdlib.h>

#include "core/arena.h"
#include "core/str.h"
#include "text/reference.h"

static arena *ar;

/* One table's accessors, so each invariant is written once. */
struct table {
	int (*count)(void);
	const struct reference_item *(*at)(int i);
	const struct reference_item *(*find)(str v);
	const char *(*validate)(arena *a, str v, str *norm);
	const char *refusal;
};

static const struct table spec = {reference_specialty_count, reference_specialty_at, reference_specialty_find,
				  validate_specialty, "must be one of the listed specialties"};
static const struct table grade = {reference_grade_count, reference_grade_at, reference_grade_find, validate_grade,
				   "must be one of the listed grades"};

static bool is_slug(const char *s)
{
	if (!s || !*s || *s == '-' || s[strlen(s) - 1] == '-' || strstr(s, "--"))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* Printable ASCII with no space at either end. */
static bool is_clean_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

/* The item whose code is `code` exists, is found by that code, and has
 * display name `name` (not checked when NULL). */
static bool has(const struct table *t, const char *code, const char *name)
{
	const struct reference_item *it = t->find(str_c(code));
	return it && strcmp(it->code, code) == 0 && (!name || strcmp(it->name, name) == 0);
}

/* The group of the item `v` finds, or "" when it finds none. */
static const char *group_of(const struct table *t, str v)
{
	const struct reference_item *it = t->find(v);
	return it ? it->group : "";
}

static int index_of(const struct table *t, const char *code)
{
	for (int i = 0; i < t->count(); i++)
		if (strcmp(t->at(i)->code, code) == 0)
			return i;
	return -1;
}

/* `in` finds the item with code `code` (NULL: finds nothing). */
static bool finds(const struct table *t, str in, const char *code)
{
	const struct reference_item *it = t->find(in);
	if (!code)
		return it == NULL;
	return it && strcmp(it->code, code) == 0 && it == t->at(index_of(t, code));
}

/* The validator accepts `in` with normal form `want`, NUL-terminated. */
static bool ok(const struct table *t, str in, const char *want)
{
	str norm = S("unset");
	return t->validate(ar, in, &norm) == NULL && str_eqc(norm, want) && norm.p && norm.p[norm.n] == '\0';
}

/* The validator refuses `in` with the table's message, leaving *norm. */
static bool bad(const struct table *t, str in)
{
	str norm = S("unset");
	const char *m = t->validate(ar, in, &norm);
	return m && strcmp(m, t->refusal) == 0 && str_eqc(norm, "unset");
}

/* The invariants both tables share; returns how many groups there are and
 * puts their names, in order, in groups[]. */
static int common_invariants(const struct table *t, const char **groups, int max_groups)
{
	int n = t->count(), ngroups = 0;
	CHECK(n > 0);
	CHECK(t->at(-1) == NULL);
	CHECK(t->at(n) == NULL);
	CHECK(t->at(n + 1000) == NULL);
	CHECK(t->at(-2147483647 - 1) == NULL);
	CHECK(t->at(n - 1) && strcmp(t->at(n - 1)->code, "other") == 0);
	CHECK(t->at(n - 1) && strcmp(t->at(n - 1)->name, "Other") == 0);
	for (int i = 0; i < n; i++) {
		const struct reference_item *it = t->at(i);
		CHECK(it != NULL);
		if (!it || !it->code || !it->name || !it->group) {
			CHECK(!"an item with a NULL field");
			continue;
		}
		CHECK(is_slug(it->code));
		CHECK(strlen(it->code) <= 40);
		CHECK(is_clean_name(it->name));
		CHECK(it->name[0] >= 'A' && it->name[0] <= 'Z');
		CHECK(strlen(it->name) < REFERENCE_INPUT_MAX);
		CHECK(is_clean_name(it->group));
		/* Unique, and no code is another item's name: one answer per look-up. */
		for (int j = 0; j < i; j++) {
			const struct reference_item *o = t->at(j);
			CHECK(strcmp(o->code, it->code) != 0);
			CHECK(!str_ieq(str_c(o->name), str_c(it->name)));
			CHECK(!str_ieq(str_c(o->code), str_c(it->name)));
			CHECK(!str_ieq(str_c(o->name), str_c(it->code)));
		}
		CHECK(t->find(str_c(it->code)) == it);
		CHECK(t->find(str_c(it->name)) == it);
		/* A group, once left, never comes back. */
		if (i == 0 || strcmp(t->at(i - 1)->group, it->group) != 0) {
			for (int g = 0; g < ngroups; g++)
				CHECK(strcmp(groups[g], it->group) != 0);
			CHECK(ngroups < max_groups);
			if (ngroups < max_groups)
				groups[ngroups++] = it->group;
		}
		/* Every item validates to its code, by code and by name. */
		CHECK(ok(t, str_c(it->code), it->code));
		CHECK(ok(t, str_c(it->name), it->code));
	}
	return ngroups;
}

static int group_size(const struct table *t, const char *group)
{
	int k = 0;
	for (int i = 0; i < t->count(); i++)
		k += strcmp(t->at(i)->group, group) == 0;
	return k;
}

TEST(specialty_table)
{
	const char *groups[16];
	int ng = common_invariants(&spec, groups, 16);
	int n = reference_specialty_count();
	CHECK(n >= 60 && n <= 80);
	CHECK(n == 75);
	const char *want[] = {"Medicine",	  "Surgery",	       "Acute and critical care",
			      "Diagnostic",	  "Mental health",     "Women and children",
			      "Primary and community care", "Public health and academic", "Other professions",
			      "Other"};
	const int sizes[] = {21, 11, 6, 7, 6, 5, 4, 6, 8, 1};
	CHECK(ng == 10);
	for (int g = 0; g < 10 && g < ng; g++) {
		CHECK(strcmp(groups[g], want[g]) == 0);
		CHECK(group_size(&spec, want[g]) == sizes[g]);
	}
	/* Sorted by name within a group. */
	for (int i = 1; i < n; i++) {
		const struct reference_item *p = reference_specialty_at(i - 1), *it = reference_specialty_at(i);
		if (strcmp(p->group, it->group) == 0)
			CHECK(strcmp(p->name, it->name) < 0);
	}
	CHECK(strcmp(reference_specialty_at(0)->code, "allergy-immunology") == 0);
	CHECK(strcmp(reference_specialty_at(n - 1)->group, "Other") == 0);
	CHECK(strcmp(reference_specialty_at(n - 2)->group, "Other professions") == 0);
}

TEST(specialties_present)
{
	CHECK(has(&spec, "cardiology", "Cardiology"));
	CHECK(has(&spec, "paediatrics", "Paediatrics"));
	CHECK(has(&spec, "general-practice", "General practice"));
	CHECK(has(&spec, "emergency-medicine", "Emergency medicine"));
	CHECK(has(&spec, "psychiatry", "Psychiatry"));
	CHECK(has(&spec, "general-surgery", "General surgery"));
	CHECK(has(&spec, "anaesthesia", "Anaesthesia"));
	CHECK(has(&spec, "intensive-care", "Intensive care medicine"));
	CHECK(has(&spec, "radiology", "Radiology"));
	CHECK(has(&spec, "obstetrics-gynaecology", "Obstetrics and gynaecology"));
	CHECK(has(&spec, "trauma-orthopaedics", "Trauma and orthopaedics"));
	CHECK(has(&spec, "pathology", "Pathology"));
	CHECK(has(&spec, "public-health", "Public health"));
	CHECK(has(&spec, "medical-education", "Medical education"));
	CHECK(has(&spec, "sports-exercise-medicine", "Sport and exercise medicine"));
	CHECK(has(&spec, "palliative-care", "Palliative care"));
	CHECK(has(&spec, "acute-medicine", "Acute medicine"));
	CHECK(has(&spec, "internal-medicine", "Internal medicine"));
	CHECK(has(&spec, "nursing", "Nursing"));
	CHECK(has(&spec, "midwifery", "Midwifery"));
	CHECK(has(&spec, "pharmacy", "Pharmacy"));
	CHECK(has(&spec, "physiotherapy", "Physiotherapy"));
	CHECK(has(&spec, "paramedic", "Paramedic practice"));
	CHECK(has(&spec, "other", "Other"));
	CHECK(strcmp(group_of(&spec, S("cardiology")), "Medicine") == 0);
	CHECK(strcmp(group_of(&spec, S("general-surgery")), "Surgery") == 0);
	CHECK(strcmp(group_of(&spec, S("radiology")), "Diagnostic") == 0);
	CHECK(strcmp(group_of(&spec, S("psychiatry")), "Mental health") == 0);
	CHECK(strcmp(group_of(&spec, S("paediatrics")), "Women and children") == 0);
	CHECK(strcmp(group_of(&spec, S("general-practice")), "Primary and community care") == 0);
	CHECK(strcmp(group_of(&spec, S("nursing")), "Other professions") == 0);
	CHECK(strcmp(group_of(&spec, S("intensive-care")), "Acute and critical care") == 0);
	/* No nursing specialty dressed as a doctor's. */
	CHECK(spec.find(S("critical-care-nursing")) == NULL);
}

TEST(grade_table)
{
	const char *groups[8];
	int ng = common_invariants(&grade, groups, 8);
	CHECK(reference_grade_count() == 37);
	const char *want[] = {"United Kingdom", "International", "Medical students", "Other"};
	const int sizes[] = {18, 7, 6, 6};
	CHECK(ng == 4);
	for (int g = 0; g < 4 && g < ng; g++) {
		CHECK(strcmp(groups[g], want[g]) == 0);
		CHECK(group_size(&grade, want[g]) == sizes[g]);
	}
	/* The UK grades in the order of a career, each year its own entry. */
	const char *uk[] = {"fy1", "fy2", "ct1", "ct2", "ct3", "st1", "st2", "st3", "st4", "st5",
			    "st6", "st7", "st8", "gpst", "sas", "specialist", "consultant", "gp"};
	for (int i = 0; i < 18; i++) {
		CHECK(index_of(&grade, uk[i]) == i);
		CHECK(strcmp(group_of(&grade, str_c(uk[i])), "United Kingdom") == 0);
	}
	const char *intl[] = {"intern", "resident", "medical-officer", "registrar", "fellow", "attending", "professor"};
	for (int i = 0; i < 7; i++)
		CHECK(index_of(&grade, intl[i]) == 18 + i);
	const char *other[] = {"nurse", "midwife", "pharmacist", "ahp", "retired", "other"};
	for (int i = 0; i < 6; i++)
		CHECK(index_of(&grade, other[i]) == 31 + i);
	/* Students: year 1 to 6, consecutive and in order, and no year 7. */
	int y1 = index_of(&grade, "student-y1");
	CHECK(y1 == 25);
	for (int y = 1; y <= 6; y++) {
		char code[] = "student-y0", name[] = "Medical student, year 0";
		code[sizeof code - 2] = (char)('0' + y);
		name[sizeof name - 2] = (char)('0' + y);
		CHECK(has(&grade, code, name));
		CHECK(index_of(&grade, code) == y1 + y - 1);
		CHECK(strcmp(group_of(&grade, str_c(code)), "Medical students") == 0);
	}
	CHECK(grade.find(S("student-y0")) == NULL);
	CHECK(grade.find(S("student-y7")) == NULL);
	CHECK(grade.find(S("st0")) == NULL);
	CHECK(grade.find(S("st9")) == NULL);
	CHECK(grade.find(S("ct4")) == NULL);
	CHECK(grade.find(S("fy3")) == NULL);
}

TEST(grades_present)
{
	CHECK(has(&grade, "fy1", "Foundation year 1 (FY1)"));
	CHECK(has(&grade, "fy2", "Foundation year 2 (FY2)"));
	CHECK(has(&grade, "ct1", "Core trainee year 1 (CT1)"));
	CHECK(has(&grade, "st3", "Specialty trainee year 3 (ST3)"));
	CHECK(has(&grade, "st8", "Specialty trainee year 8 (ST8)"));
	CHECK(has(&grade, "gpst", "GP specialty trainee (GPST)"));
	CHECK(has(&grade, "sas", "Specialty doctor (SAS)"));
	CHECK(has(&grade, "specialist", "Specialist"));
	CHECK(has(&grade, "consultant", "Consultant"));
	CHECK(has(&grade, "gp", "General practitioner (GP)"));
	CHECK(has(&grade, "intern", "Intern"));
	CHECK(has(&grade, "resident", "Resident"));
	CHECK(has(&grade, "fellow", "Fellow"));
	CHECK(has(&grade, "attending", "Attending / specialist"));
	CHECK(has(&grade, "professor", "Professor / academic"));
	CHECK(has(&grade, "nurse", "Nurse"));
	CHECK(has(&grade, "midwife", "Midwife"));
	CHECK(has(&grade, "pharmacist", "Pharmacist"));
	CHECK(has(&grade, "ahp", "Allied health professional"));
	CHECK(has(&grade, "retired", "Retired"));
	CHECK(has(&grade, "other", "Other"));
}

TEST(find_any_case)
{
	/* By code, in any case. */
	CHECK(finds(&spec, S("cardiology"), "cardiology"));
	CHECK(finds(&spec, S("CARDIOLOGY"), "cardiology"));
	CHECK(finds(&spec, S("CaRdIoLoGy"), "cardiology"));
	CHECK(finds(&spec, S("Emergency-Medicine"), "emergency-medicine"));
	CHECK(finds(&spec, S("ENT"), "ent"));
	CHECK(finds(&grade, S("FY1"), "fy1"));
	CHECK(finds(&grade, S("St3"), "st3"));
	CHECK(finds(&grade, S("GP"), "gp"));
	CHECK(finds(&grade, S("GPST"), "gpst"));
	CHECK(finds(&grade, S("SAS"), "sas"));
	CHECK(finds(&grade, S("STUDENT-Y4"), "student-y4"));
	/* By display name, in any case: the free text stored before the tables. */
	CHECK(finds(&spec, S("Cardiology"), "cardiology"));
	CHECK(finds(&spec, S("Obstetrics and gynaecology"), "obstetrics-gynaecology"));
	CHECK(finds(&spec, S("OBSTETRICS AND GYNAECOLOGY"), "obstetrics-gynaecology"));
	CHECK(finds(&spec, S("emergency medicine"), "emergency-medicine"));
	CHECK(finds(&spec, S("Emergency medicine"), "emergency-medicine"));
	CHECK(finds(&spec, S("General surgery"), "general-surgery"));
	CHECK(finds(&spec, S("Internal medicine"), "internal-medicine"));
	CHECK(finds(&spec, S("Acute medicine"), "acute-medicine"));
	CHECK(finds(&spec, S("General practice"), "general-practice"));
	CHECK(finds(&spec, S("intensive care medicine"), "intensive-care"));
	CHECK(finds(&spec, S("Ear, nose and throat (ENT)"), "ent"));
	CHECK(finds(&spec, S("Other"), "other"));
	CHECK(finds(&grade, S("Consultant"), "consultant"));
	CHECK(finds(&grade, S("consultant"), "consultant"));
	CHECK(finds(&grade, S("CONSULTANT"), "consultant"));
	CHECK(finds(&grade, S("Foundation year 1 (FY1)"), "fy1"));
	CHECK(finds(&grade, S("foundation YEAR 2 (fy2)"), "fy2"));
	CHECK(finds(&grade, S("Medical student, year 6"), "student-y6"));
	CHECK(finds(&grade, S("Attending / specialist"), "attending"));
	CHECK(finds(&grade, S("Specialist"), "specialist"));
	CHECK(finds(&grade, S("Other"), "other"));
	/* The two tables are separate. */
	CHECK(finds(&spec, S("consultant"), NULL));
	CHECK(finds(&spec, S("fy1"), NULL));
	CHECK(finds(&grade, S("cardiology"), NULL));
	CHECK(finds(&grade, S("Nursing"), NULL));
	CHECK(finds(&spec, S("Nurse"), NULL));
	CHECK(finds(&spec, S("GP"), NULL));
}

TEST(find_unknown)
{
	const char *junk[] = {"", "cardio", "cardiolog", "cardiologyy", "cardiologist", "Cardiology!", "cardiology-",
			      "-cardiology", "cardio logy", "cardio-logy", "Cardiology and more", "general_surgery",
			      "general surgery ", " general surgery", "Obstetrics & gynaecology",
			      "Obstetrics and gynecology", "Pediatrics", "Anesthesia", "Registrar (ST5)",
			      "Resident (PGY-2)", "GP partner", "medical student", "Final-year student", "x",
			      "<script>", "%63ardiology", "NULL", "other "};
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		CHECK(spec.find(str_c(junk[i])) == NULL);
		CHECK(grade.find(str_c(junk[i])) == NULL);
	}
	CHECK(spec.find(STR_NULL) == NULL);
	CHECK(grade.find(STR_NULL) == NULL);
	/* Bytes after a NUL, or a NUL at either end, count. */
	CHECK(spec.find(S("cardiology\0")) == NULL);
	CHECK(spec.find(S("\0cardiology")) == NULL);
	CHECK(spec.find(S("cardio\0logy")) == NULL);
	CHECK(grade.find(S("fy1\0")) == NULL);
	CHECK(grade.find(S("Consultant\0")) == NULL);
	/* A prefix of a real value given by length is not the value. */
	CHECK(spec.find((str){"cardiology", 9}) == NULL);
	CHECK(spec.find((str){"cardiologyx", 10}) != NULL);
	/* Case folding is ASCII only: no Turkish dotted I, no fullwidth letters. */
	CHECK(spec.find(S("CARD\xc4\xb0OLOGY")) == NULL);
	CHECK(spec.find(S("\xef\xbc\xa3" "ardiology")) == NULL);
	CHECK(spec.find(S("\xff\xfe\xfd")) == NULL);
	/* Case folding leaves punctuation alone: '@'+32 is '`', not 'a'. */
	CHECK(grade.find(S("@ttending")) == NULL);
	CHECK(spec.find(S("ent\x7f")) == NULL);
}

TEST(validate_empty_and_known)
{
	const struct table *both[] = {&spec, &grade};
	for (int k = 0; k < 2; k++) {
		const struct table *t = both[k];
		str in[] = {S(""), S(" "), S("\t"), S(" \t  \t"), STR_NULL};
		for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
			str norm = S("unset");
			CHECK(t->validate(ar, in[i], &norm) == NULL);
			CHECK(norm.n == 0 && norm.p && norm.p[0] == '\0');
		}
		CHECK(ok(t, S("other"), "other"));
		CHECK(ok(t, S("OTHER"), "other"));
		CHECK(ok(t, S("  Other\t"), "other"));
	}
	CHECK(ok(&spec, S("cardiology"), "cardiology"));
	CHECK(ok(&spec, S("Cardiology"), "cardiology"));
	CHECK(ok(&spec, S("CARDIOLOGY"), "cardiology"));
	CHECK(ok(&spec, S("  cardiology  "), "cardiology"));
	CHECK(ok(&spec, S("\tObstetrics and Gynaecology\t"), "obstetrics-gynaecology"));
	CHECK(ok(&spec, S("Trauma and orthopaedics"), "trauma-orthopaedics"));
	CHECK(ok(&spec, S("anaesthesia"), "anaesthesia"));
	CHECK(ok(&spec, S("Emergency medicine"), "emergency-medicine"));
	CHECK(ok(&grade, S("fy1"), "fy1"));
	CHECK(ok(&grade, S("FY2"), "fy2"));
	CHECK(ok(&grade, S("Consultant"), "consultant"));
	CHECK(ok(&grade, S(" consultant "), "consultant"));
	CHECK(ok(&grade, S("Specialty trainee year 8 (ST8)"), "st8"));
	CHECK(ok(&grade, S("student-y1"), "student-y1"));
	CHECK(ok(&grade, S("Medical student, year 4"), "student-y4"));
	CHECK(ok(&grade, S("GP"), "gp"));
	/* The normal form validates again to itself. */
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < both[k]->count(); i++) {
			str n1 = STR_NULL, n2 = STR_NULL;
			CHECK(both[k]->validate(ar, str_c(both[k]->at(i)->name), &n1) == NULL);
			CHECK(both[k]->validate(ar, n1, &n2) == NULL && str_eq(n1, n2));
		}
	/* Nothing is allocated: a NULL arena will do, and a full one too. */
	str norm = S("unset");
	CHECK(validate_specialty(NULL, S("Cardiology"), &norm) == NULL && str_eqc(norm, "cardiology"));
	arena *tiny = arena_new(1);
	CHECK(tiny != NULL);
	CHECK(validate_grade(tiny, S("Consultant"), &norm) == NULL && str_eqc(norm, "consultant"));
	CHECK(arena_used(tiny) == 0);
	arena_free(tiny);
}

TEST(validate_refuses)
{
	const char *junk[] = {"cardiologist", "Cardiology!", "card", "cardio logy", "general_surgery",
			      "Pediatrics", "Registrar (ST5)", "st9", "student-y7", "<b>cardiology</b>",
			      "cardiology\n", "\ncardiology", "\rconsultant", "cardiology\xc2\xa0", "\xff\xfe",
			      "CARD\xc4\xb0OLOGY", "' OR 1=1 --", "x"};
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		CHECK(bad(&spec, str_c(junk[i])));
		CHECK(bad(&grade, str_c(junk[i])));
	}
	CHECK(bad(&spec, S("consultant")));
	CHECK(bad(&spec, S("fy1")));
	CHECK(bad(&grade, S("cardiology")));
	CHECK(bad(&grade, S("Paediatrics")));
	/* A NUL inside, or at either end, is never trimmed away. */
	CHECK(bad(&spec, S("cardio\0logy")));
	CHECK(bad(&spec, S("cardiology\0")));
	CHECK(bad(&spec, S("\0cardiology")));
	CHECK(bad(&spec, S("\0")));
	CHECK(bad(&grade, S("fy1\0")));
	CHECK(bad(&grade, S("Consul\0tant")));
	CHECK(bad(&grade, S(" \0 ")));
}

TEST(validate_sizes)
{
	size_t big = (size_t)10 * 1024;
	char *huge = malloc(big + 1);
	CHECK(huge != NULL);
	if (!huge)
		return;
	const struct table *both[] = {&spec, &grade};
	for (int k = 0; k < 2; k++) {
		const struct table *t = both[k];
		memset(huge, 'a', big);
		CHECK(bad(t, (str){huge, big}));
		CHECK(t->find((str){huge, big}) == NULL);
		/* 10 KB of spaces is not "empty": it is refused before trimming. */
		memset(huge, ' ', big);
		CHECK(bad(t, (str){huge, big}));
		/* Nor is a real value buried in 10 KB of spaces. */
		memcpy(huge + big / 2, "other", 5);
		CHECK(bad(t, (str){huge, big}));
		CHECK(t->find((str){huge, big}) == NULL);
		memset(huge, 0, big);
		CHECK(bad(t, (str){huge, big}));
		for (size_t i = 0; i < big; i++)
			huge[i] = (char)(0x80 | (i & 0x7f));
		CHECK(bad(t, (str){huge, big}));
	}
	/* At the cap a padded value is fine; one byte over, it is refused. */
	char pad[REFERENCE_INPUT_MAX + 1];
	memset(pad, ' ', sizeof pad);
	memcpy(pad + 10, "cardiology", 10);
	CHECK(ok(&spec, ((str){pad, REFERENCE_INPUT_MAX}), "cardiology"));
	CHECK(bad(&spec, ((str){pad, REFERENCE_INPUT_MAX + 1})));
	memset(pad, ' ', sizeof pad);
	CHECK(ok(&grade, ((str){pad, REFERENCE_INPUT_MAX}), ""));
	CHECK(bad(&grade, ((str){pad, REFERENCE_INPUT_MAX + 1})));
	free(huge);
}

int main(void)
{
	ar = arena_new(1u << 20);
	if (!ar)
		return 1;
	RUN(specialty_table);
	RUN(specialties_present);
	RUN(grade_table);
	RUN(grades_present);
	RUN(find_any_case);
	RUN(find_unknown);
	RUN(validate_empty_and_known);
	RUN(validate_refuses);
	RUN(validate_sizes);
	arena_free(ar);
	return unit_summary();
}
