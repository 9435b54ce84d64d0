/* gen_words.h: the words bench/gen.c writes with.  The vocabulary is in
 * rough order of frequency: function words, then the common words of
 * clinical talk and everyday life, then the rarer medical terms (the
 * generator appends terms built from medical roots and suffixes, and
 * draws all of them Zipf-like by rank).  Drug-like names for the rarest
 * words are made from syllables.  Only lower-case ASCII letters: any
 * word is a valid search term. */
#ifndef ROUNDS_BENCH_GEN_WORDS_H
#define ROUNDS_BENCH_GEN_WORDS_H

static const char *const gen_function_words[] = {
	"the", "and", "of", "to", "a", "in", "is", "for", "with", "on", "that", "was", "we", "it", "at", "but",
	"this", "be", "had", "has", "have", "are", "not", "after", "his", "her", "they", "or", "as", "by", "from",
	"an", "were", "no", "our", "if", "which", "then", "so", "when", "there", "any", "all", "would", "should",
	"one", "two", "more", "what", "did", "do", "been", "also", "very", "about", "still", "she", "he", "you",
	"i", "my", "your", "their", "who", "how", "can", "could", "will", "some", "than", "into", "over", "only",
	"same", "other", "most", "much", "many", "each", "both", "before", "because", "while", "three", "first",
};

/* Common content words, clinical and everyday, most frequent first. */
static const char *const gen_common_words[] = {
	"patient", "pain", "blood", "day", "doctor", "hospital", "ward", "week", "treatment", "history",
	"clinic", "test", "started", "dose", "time", "year", "team", "night", "normal", "chest", "heart",
	"pressure", "referral", "scan", "review", "plan", "nurse", "family", "years", "case", "shift", "work",
	"home", "examination", "symptoms", "infection", "fever", "cough", "breath", "headache", "abdominal",
	"acute", "chronic", "management", "diagnosis", "guidelines", "evidence", "trial", "study", "results",
	"consultant", "registrar", "foundation", "rota", "training", "exam", "advice", "question", "thanks",
	"think", "seen", "usually", "often", "sometimes", "rarely", "admitted", "discharged", "follow",
	"morning", "evening", "weekend", "children", "child", "mother", "baby", "pregnancy", "elderly",
	"antibiotics", "insulin", "diabetes", "asthma", "hypertension", "stroke", "sepsis", "kidney", "liver",
	"lung", "bowel", "skin", "bone", "fracture", "surgery", "theatre", "anaesthetic", "emergency",
	"department", "ambulance", "general", "practice", "primary", "care", "community", "mental", "health",
	"depression", "anxiety", "sleep", "tired", "coffee", "lunch", "train", "bike", "holiday", "book",
	"music", "running", "weather", "money", "pension", "contract", "salary", "colleague", "manager",
	"student", "teaching", "paper", "journal", "conference", "audit", "protocol", "policy", "risk",
	"safety", "incident", "consent", "capacity", "palliative", "oxygen", "saturation", "fluids", "sodium",
	"potassium", "glucose", "haemoglobin", "platelets", "creatinine", "troponin", "ecg", "xray", "ultrasound",
	"ct", "mri", "biopsy", "culture", "swab", "urine", "catheter", "cannula", "line", "drain", "wound",
	"dressing", "suture", "cast", "splint", "walking", "falls", "confusion", "delirium", "dementia",
	"seizure", "epilepsy", "migraine", "vertigo", "rash", "itch", "swelling", "weight", "appetite",
	"nausea", "vomiting", "diarrhoea", "constipation", "bleeding", "anaemia", "thrombosis", "embolism",
	"warfarin", "heparin", "aspirin", "paracetamol", "ibuprofen", "morphine", "codeine", "amoxicillin",
	"metformin", "statin", "ramipril", "amlodipine", "bisoprolol", "furosemide", "prednisolone",
	"steroids", "inhaler", "nebuliser", "vaccine", "vaccination", "screening", "prevention", "smoking",
	"alcohol", "exercise", "diet", "obesity", "cholesterol", "thyroid", "cancer", "tumour", "chemotherapy",
	"radiotherapy", "oncology", "cardiology", "neurology", "paediatrics", "obstetrics", "psychiatry",
	"orthopaedics", "urology", "dermatology", "ophthalmology", "radiology", "pathology", "microbiology",
	"pharmacy", "pharmacist", "physiotherapy", "occupational", "therapy", "social", "worker", "carer",
	"relative", "daughter", "son", "husband", "wife", "partner", "friend", "colleagues", "interview",
	"application", "portfolio", "appraisal", "revalidation", "locum", "overtime", "leave", "sick",
	"burnout", "wellbeing", "support", "mentor", "supervisor", "feedback", "complaint", "apology",
	"letter", "email", "phone", "bleep", "pager", "computer", "system", "notes", "records", "software",
	"prescription", "chart", "observations", "sepsis", "escalation", "resus", "arrest", "intubation",
	"ventilation", "icu", "hdu", "outreach", "handover", "rounds", "discharge", "readmission", "bed",
	"beds", "waiting", "list", "delay", "target", "budget", "funding", "staffing", "vacancy", "recruitment",
	"garden", "cooking", "dinner", "breakfast", "kids", "school", "nursery", "childcare", "commute", "car",
	"parking", "road", "city", "village", "country", "flight", "beach", "mountain", "hiking", "swimming",
	"football", "tennis", "choir", "orchestra", "piano", "guitar", "violin", "novel", "poetry", "film",
	"series", "podcast", "dog", "cat", "house", "rent", "mortgage", "wedding", "birthday", "christmas",
	"summer", "winter", "spring", "autumn", "rain", "snow", "sunshine", "tea", "cake", "wine", "beer",
};

/* Rarer medical terms, by hand; the generator adds root + suffix terms. */
static const char *const gen_medical_words[] = {
	"tachycardia", "bradycardia", "fibrillation", "flutter", "ischaemia", "infarction", "angina",
	"cardiomyopathy", "myocarditis", "pericarditis", "endocarditis", "valve", "stenosis", "regurgitation",
	"murmur", "aneurysm", "dissection", "claudication", "varicose", "lymphoedema", "cellulitis", "abscess",
	"osteomyelitis", "septic", "arthritis", "gout", "pseudogout", "lupus", "vasculitis", "sarcoidosis",
	"scleroderma", "myositis", "polymyalgia", "fibromyalgia", "osteoporosis", "osteoarthritis", "scoliosis",
	"spondylosis", "sciatica", "radiculopathy", "myelopathy", "neuropathy", "myasthenia", "sclerosis",
	"parkinsonism", "tremor", "chorea", "dystonia", "ataxia", "aphasia", "dysphagia", "dysarthria",
	"hemiparesis", "paraplegia", "meningitis", "encephalitis", "hydrocephalus", "haematoma", "subdural",
	"subarachnoid", "haemorrhage", "concussion", "syncope", "presyncope", "palpitations", "dyspnoea",
	"orthopnoea", "wheeze", "stridor", "crackles", "effusion", "pneumothorax", "empyema", "pneumonia",
	"bronchiectasis", "bronchiolitis", "croup", "emphysema", "copd", "fibrosis", "tuberculosis",
	"mesothelioma", "pleural", "spirometry", "bronchoscopy", "endoscopy", "colonoscopy", "gastroscopy",
	"laparoscopy", "laparotomy", "appendicitis", "cholecystitis", "pancreatitis", "hepatitis", "cirrhosis",
	"ascites", "varices", "jaundice", "cholangitis", "diverticulitis", "colitis", "crohns", "coeliac",
	"gastroenteritis", "reflux", "ulcer", "hernia", "obstruction", "ileus", "volvulus", "intussusception",
	"pyloric", "haemorrhoids", "fissure", "fistula", "stoma", "colostomy", "ileostomy", "nephritis",
	"nephrotic", "glomerulonephritis", "pyelonephritis", "cystitis", "prostatitis", "urethritis",
	"hydronephrosis", "calculi", "dialysis", "transplant", "rejection", "immunosuppression", "tacrolimus",
	"ciclosporin", "methotrexate", "azathioprine", "hydroxychloroquine", "biologics", "adalimumab",
	"infliximab", "rituximab", "tocilizumab", "pembrolizumab", "nivolumab", "trastuzumab", "tamoxifen",
	"letrozole", "anastrozole", "leukaemia", "lymphoma", "myeloma", "melanoma", "carcinoma", "sarcoma",
	"glioma", "metastases", "staging", "neutropenia", "thrombocytopenia", "pancytopenia", "haemolysis",
	"sickle", "thalassaemia", "haemophilia", "coagulopathy", "fibrinogen", "ddimer", "apixaban",
	"rivaroxaban", "edoxaban", "dabigatran", "clopidogrel", "ticagrelor", "alteplase", "thrombolysis",
	"thrombectomy", "angioplasty", "stent", "pacemaker", "defibrillator", "cardioversion", "ablation",
	"digoxin", "amiodarone", "adenosine", "atropine", "adrenaline", "noradrenaline", "vasopressin",
	"dobutamine", "milrinone", "propofol", "ketamine", "midazolam", "fentanyl", "remifentanil",
	"rocuronium", "suxamethonium", "sugammadex", "neostigmine", "ondansetron", "cyclizine",
	"metoclopramide", "dexamethasone", "hydrocortisone", "fludrocortisone", "levothyroxine",
	"carbimazole", "gliclazide", "sitagliptin", "empagliflozin", "dapagliflozin", "semaglutide",
	"liraglutide", "ketoacidosis", "hyperosmolar", "hypoglycaemia", "hyperkalaemia", "hyponatraemia",
	"hypercalcaemia", "hypomagnesaemia", "acidosis", "alkalosis", "lactate", "bicarbonate", "osmolality",
	"albumin", "bilirubin", "amylase", "lipase", "ferritin", "folate", "vitamin", "calcium", "phosphate",
	"magnesium", "crp", "procalcitonin", "eosinophils", "lymphocytes", "neutrophils", "cortisol", "acth",
	"prolactin", "testosterone", "oestrogen", "progesterone", "hcg", "ovulation", "endometriosis",
	"fibroids", "polycystic", "menopause", "contraception", "miscarriage", "ectopic", "preeclampsia",
	"eclampsia", "gestational", "caesarean", "induction", "epidural", "forceps", "ventouse", "postpartum",
	"breastfeeding", "neonatal", "jaundiced", "prematurity", "surfactant", "bronchopulmonary", "kawasaki",
	"measles", "mumps", "rubella", "chickenpox", "shingles", "influenza", "covid", "rsv", "norovirus",
	"clostridium", "mrsa", "ecoli", "klebsiella", "pseudomonas", "streptococcus", "staphylococcus",
	"candida", "aspergillus", "malaria", "dengue", "cholera", "typhoid", "hiv", "syphilis", "gonorrhoea",
	"chlamydia", "herpes", "vancomycin", "gentamicin", "meropenem", "piperacillin", "tazobactam",
	"ceftriaxone", "cefuroxime", "clarithromycin", "doxycycline", "ciprofloxacin", "levofloxacin",
	"nitrofurantoin", "trimethoprim", "metronidazole", "fluconazole", "aciclovir", "oseltamivir",
	"schizophrenia", "psychosis", "bipolar", "mania", "personality", "eating", "anorexia", "bulimia",
	"autism", "adhd", "selfharm", "suicide", "overdose", "naloxone", "withdrawal", "detox", "methadone",
	"buprenorphine", "sertraline", "citalopram", "fluoxetine", "mirtazapine", "venlafaxine", "lithium",
	"olanzapine", "quetiapine", "risperidone", "aripiprazole", "clozapine", "haloperidol", "lorazepam",
	"diazepam", "zopiclone", "melatonin", "gabapentin", "pregabalin", "amitriptyline", "duloxetine",
	"tramadol", "oxycodone", "naproxen", "diclofenac", "colchicine", "allopurinol", "febuxostat",
	"omeprazole", "lansoprazole", "ranitidine", "lactulose", "senna", "loperamide", "mesalazine",
	"glaucoma", "cataract", "retinopathy", "macular", "uveitis", "conjunctivitis", "keratitis", "otitis",
	"tonsillitis", "sinusitis", "epistaxis", "tinnitus", "eczema", "psoriasis", "acne", "urticaria",
	"angioedema", "anaphylaxis", "impetigo", "scabies", "warts", "naevus", "keratosis", "basal",
	"squamous", "lipoma", "cyst", "lymphadenopathy", "splenomegaly", "hepatomegaly", "goitre",
	"nodule", "mammogram", "colposcopy", "smear", "hysteroscopy", "cystoscopy", "angiography",
	"echocardiogram", "holter", "telemetry", "capnography", "arterial", "venous", "gas", "lumbar",
	"puncture", "paracentesis", "thoracentesis", "arthroscopy", "replacement", "fixation", "plate",
	"nail", "amputation", "debridement", "graft", "flap", "tracheostomy", "gastrostomy", "jejunostomy",
	"nasogastric", "parenteral", "enteral", "nutrition", "dietitian", "frailty", "sarcopenia", "pressure",
	"ulcers", "incontinence", "polypharmacy", "deprescribing", "anticholinergic", "orthostatic",
	"hypotension", "bundle", "branch", "block", "qt", "prolongation", "torsades", "wpw", "svt",
	"ventricular", "atrial", "ejection", "fraction", "bnp", "spironolactone", "sacubitril", "valsartan",
	"candesartan", "losartan", "indapamide", "bendroflumethiazide", "doxazosin", "nifedipine",
	"diltiazem", "verapamil", "isosorbide", "nitrates", "glyceryl", "trinitrate", "ranolazine",
	"ivabradine", "atorvastatin", "simvastatin", "rosuvastatin", "ezetimibe", "evolocumab",
};

/* Medical roots and suffixes: every pair is a term ("nephr" + "itis"). */
static const char *const gen_roots[] = {
	"cardi", "hepat", "nephr", "gastr", "neur", "oste", "derm", "arthr", "pneum", "enter", "col", "cyst",
	"hyster", "mast", "my", "ophthalm", "ot", "rhin", "laryng", "trache", "bronch", "angi", "phleb",
	"aden", "lymph", "splen", "pancreat", "chol", "encephal", "mening", "thyr", "prostat", "orchi",
	"oophor", "salping", "cervic", "vagin", "ureter", "urethr", "pyel", "glomerul", "lapar", "thorac",
	"crani", "spondyl", "tendin", "burs", "chondr", "fasci", "sinus",
};
static const char *const gen_suffixes[] = {
	"itis", "ectomy", "ology", "oma", "algia", "osis", "ostomy", "otomy", "plasty", "scopy", "pathy",
	"megaly", "ogram", "orrhaphy", "opexy",
};

/* Syllables for drug-like names: "zol" + "va" + "prine". */
static const char *const gen_syll_a[] = {
	"zol", "tam", "ver", "lor", "cal", "mip", "dex", "rav", "sel", "nor", "pex", "bri", "tor", "fen", "gal",
	"hal", "kel", "lum", "mor", "nat", "ost", "pra", "qui", "ros", "sul", "tri", "ulv", "vox", "wen", "xan",
};
static const char *const gen_syll_b[] = {
	"a", "e", "i", "o", "u", "ava", "era", "ino", "ola", "ura", "eta", "imo", "ope", "ulo", "ari",
};
static const char *const gen_syll_c[] = {
	"prine", "mab", "pril", "olol", "statin", "sartan", "zole", "cillin", "mycin", "vir", "tinib", "parin",
	"gliptin", "lukast", "dronate", "setron", "tidine", "azepam", "triptan", "floxacin",
};

/* Members' names, specialties and countries. */
static const char *const gen_first_names[] = {
	"Ada", "Amara", "Ben", "Chen", "Chloe", "Daniel", "Deepa", "Elena", "Emeka", "Fatima", "Finn", "Grace",
	"Hana", "Hugo", "Ibrahim", "Ines", "Isaac", "Jade", "James", "Jun", "Kavya", "Kofi", "Lara", "Leo",
	"Lucia", "Mai", "Marta", "Mateo", "Maya", "Mohammed", "Nadia", "Niamh", "Noah", "Olu", "Omar", "Priya",
	"Rafael", "Rhys", "Rosa", "Sam", "Sara", "Sean", "Sofia", "Tariq", "Thomas", "Uma", "Viktor", "Wei",
	"Yara", "Yusuf", "Zainab", "Zoe", "Aisha", "Bruno", "Clara", "Diego", "Erin", "Felix", "Gita", "Hamid",
};
static const char *const gen_last_names[] = {
	"Okafor", "Smith", "Patel", "Nguyen", "Garcia", "Khan", "Jones", "Müller", "Rossi", "Kowalski",
	"Silva", "Kim", "Chen", "Williams", "Brown", "Taylor", "Ahmed", "Ali", "Singh", "Osei", "Mensah",
	"Haddad", "Novak", "Horvat", "Dubois", "Martin", "Bernard", "Murphy", "Kelly", "Walsh", "Evans",
	"Davies", "Hughes", "Lewis", "Wright", "Walker", "Young", "Allen", "King", "Scott", "Green", "Baker",
	"Adams", "Hill", "Moore", "Clark", "Hall", "Wood", "Ward", "Cox", "Rahman", "Hussain", "Ibrahim",
	"Yilmaz", "Kaya", "Demir", "Sato", "Suzuki", "Tanaka", "Wang",
};
static const char *const gen_specialties[] = {
	"General practice", "Emergency medicine", "Cardiology", "Respiratory medicine", "Gastroenterology",
	"Geriatrics", "Paediatrics", "Obstetrics and gynaecology", "Psychiatry", "General surgery",
	"Orthopaedics", "Anaesthesia", "Intensive care", "Radiology", "Pathology", "Oncology", "Neurology",
	"Dermatology", "Public health", "Palliative care",
};
static const char *const gen_countries[] = {
	"GB", "IE", "NG", "GH", "IN", "PK", "AU", "NZ", "CA", "ZA", "KE", "DE", "ES", "IT", "FR",
};
static const char *const gen_grades[] = {
	"Consultant", "Registrar", "Foundation doctor", "GP partner", "Salaried GP", "Specialty doctor",
	"Core trainee", "Fellow",
};

#endif
