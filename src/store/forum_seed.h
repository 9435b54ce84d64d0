/* forum_seed.h: the forums a fresh database starts with, as one INSERT
 * that both backends' migration 8 runs as it is (plain SQL that SQLite and
 * PostgreSQL read alike), so a new site has the same structure on either
 * store: a clinical forum per broad specialty in the open section (every
 * member) and again in the closed one (verified doctors), and the off-duty
 * forums.  Editors rename, reorder, describe and archive them later; a
 * shipped seed is never edited (a later migration changes the rows). */
#ifndef ROUNDS_STORE_FORUM_SEED_H
#define ROUNDS_STORE_FORUM_SEED_H

#define FORUM_SEED_ROW(slug, name, desc, section, pos) "('" slug "', '" name "', '" desc "', '" section "', " #pos ", 0)"

/* The broad specialties, each in both clinical sections. */
#define FORUM_SEED_CLINICAL(sfx, section)                                                                        \
	FORUM_SEED_ROW("medicine" sfx, "Medicine",                                                               \
		       "Internal medicine and its specialties, from cardiology to rheumatology.", section, 1) ",\n"  \
	FORUM_SEED_ROW("surgery" sfx, "Surgery", "General surgery and the surgical specialties.", section, 2) ",\n" \
	FORUM_SEED_ROW("emergency-critical-care" sfx, "Emergency and critical care",                             \
		       "The emergency department, resuscitation, intensive care and retrieval.", section, 3) ",\n"  \
	FORUM_SEED_ROW("paediatrics" sfx, "Paediatrics and neonatology",                                         \
		       "Children and newborns, in hospital and in the community.", section, 4) ",\n"                \
	FORUM_SEED_ROW("obstetrics-gynaecology" sfx, "Obstetrics and gynaecology",                               \
		       "Pregnancy, birth and women''s health.", section, 5) ",\n"                                   \
	FORUM_SEED_ROW("psychiatry" sfx, "Psychiatry", "Mental health across the ages and settings.", section, 6) ",\n" \
	FORUM_SEED_ROW("general-practice" sfx, "General practice and primary care",                              \
		       "Family medicine: the whole person, over time.", section, 7) ",\n"                          \
	FORUM_SEED_ROW("anaesthesia" sfx, "Anaesthesia and pain medicine",                                       \
		       "Anaesthesia, perioperative medicine and pain.", section, 8) ",\n"                          \
	FORUM_SEED_ROW("radiology-pathology" sfx, "Radiology and pathology",                                     \
		       "Imaging, laboratory medicine and the diagnostic specialties.", section, 9) ",\n"           \
	FORUM_SEED_ROW("public-global-health" sfx, "Public and global health",                                   \
		       "Populations, prevention, outbreaks and health systems.", section, 10)

#define FORUM_SEED                                                                                                \
	"INSERT INTO forums (slug, name, description, section, position, created_at) VALUES\n"                    \
	FORUM_SEED_CLINICAL("", "open_clinical") ",\n"                                                            \
	FORUM_SEED_CLINICAL("-doctors", "closed_clinical") ",\n"                                                  \
	FORUM_SEED_ROW("journal-club", "Journal club", "Papers worth reading, read together.", "off_duty", 1) ",\n" \
	FORUM_SEED_ROW("book-club", "Book club", "Novels, memoirs and the odd textbook.", "off_duty", 2) ",\n"      \
	FORUM_SEED_ROW("travel", "Travel", "Electives, conferences, locums abroad and holidays.", "off_duty", 3) ",\n" \
	FORUM_SEED_ROW("cycling", "Cycling", "Commutes, sportives and bikes.", "off_duty", 4) ",\n"                \
	FORUM_SEED_ROW("medical-parents", "Medical parents", "Rotas, childcare and raising a family in medicine.",  \
		       "off_duty", 5) ",\n"                                                                        \
	FORUM_SEED_ROW("musical-medics", "Musical medics", "Orchestras, choirs, bands and practice on call.",      \
		       "off_duty", 6) ";\n"

#endif
