/* demo.c — the fictional demo force behind `probity demo` (see demo.h).
 * Each part (organisation, accounts, gifts...) is one function called from
 * demo_build. A part first builds its records in memory from its own PRNG
 * stream (the seed mixed with the part's name, so adding a part never
 * changes what the others generate), then writes them with cached prepared
 * statements inside demo_build's one transaction. The organisation is built
 * top-down, so a manager is always written before the people they manage and
 * line management cannot loop. Everything is invented: names are drawn from
 * generated lists, places, businesses and forces are made up. */
#include "demo/demo.h"
#include "core/date.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/actor.h"
#include "domain/auth.h"
#include "domain/config.h"
#include "store/store.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *const demo_unit_kinds[5] = { "force", "directorate", "area", "department", "team" };
const char *const demo_gift_statuses[5] = { "awaiting_manager", "awaiting_psd", "approved", "refused", "recorded" };

#define PICK(r, a) rng_pick((r), (a), NELEM(a))

int demo_ids(struct store *st, const char *sql, int64_t **ids, size_t *n, struct err *e)
{
	struct stmt *s;
	size_t cap = 0;
	int rc;
	*ids = NULL;
	*n = 0;
	if (store_query(st, &s, e, sql, ""))
		return -1;
	while ((rc = stmt_next(s, e)) == 1) {
		DEMO_GROW(*ids, cap, *n, 1024);
		(*ids)[(*n)++] = stmt_int(s, 0);
	}
	stmt_done(s);
	if (rc) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Shared name lists. Origin letters: B British, I Irish, E European,
 * H Indian (Hindu/Sikh), M Pakistani/Bangladeshi, C Chinese, A African,
 * K Caribbean, R Arab. Shared with later parts (complainants, subjects of
 * intelligence...). */

struct namelist {
	char origin;
	const char *const *names;
	size_t n;
};

static const char *const fem_B[] = {
	"Sarah", "Emma", "Laura", "Rebecca", "Rachel", "Claire", "Hannah", "Charlotte", "Sophie", "Amy",
	"Gemma", "Katie", "Lucy", "Jessica", "Natalie", "Helen", "Joanne", "Nicola", "Victoria", "Zoe",
	"Jennifer", "Louise", "Kelly", "Amanda", "Karen", "Alison", "Lisa", "Michelle", "Samantha", "Ellie",
	"Megan", "Chloe", "Olivia", "Georgia", "Abigail", "Bethany", "Jade", "Holly", "Stephanie", "Caroline",
	"Fiona", "Kirsty", "Lauren", "Donna", "Julie", "Tracey", "Deborah", "Susan", "Angela", "Ruth",
};
static const char *const fem_I[] = { "Siobhan", "Niamh", "Aoife", "Ciara", "Roisin" };
static const char *const fem_E[] = { "Agnieszka", "Katarzyna", "Magdalena", "Giulia", "Ana",
	                             "Elena", "Ioana", "Ruta", "Eleni", "Marta" };
static const char *const fem_H[] = { "Priya", "Anjali", "Deepa", "Sunita", "Kiran",
	                             "Harpreet", "Manpreet", "Simran", "Neha", "Pooja" };
static const char *const fem_M[] = { "Ayesha", "Fatima", "Zainab", "Samina", "Nadia",
	                             "Shabana", "Rukhsana", "Sadia", "Amira", "Farzana" };
static const char *const fem_C[] = { "Mei", "Xin", "Jia", "Ling", "Yan" };
static const char *const fem_A[] = { "Adaeze", "Chioma", "Ama", "Abena", "Folake",
	                             "Ngozi", "Nomvula", "Amina", "Halima", "Yetunde" };
static const char *const fem_K[] = { "Marcia", "Sharon", "Jacqueline", "Paulette", "Simone" };
static const char *const fem_R[] = { "Layla", "Mariam", "Noor", "Rania", "Yasmin" };

static const char *const male_B[] = {
	"James", "David", "Mark", "Paul", "Andrew", "Richard", "Daniel", "Matthew", "Christopher", "Michael",
	"Thomas", "Robert", "Steven", "Stuart", "Craig", "Gareth", "Lee", "Darren", "Jason", "Simon",
	"Ian", "Neil", "Gary", "Adam", "Ben", "Samuel", "Jack", "Oliver", "Harry", "Luke",
	"Ryan", "Liam", "Nathan", "Callum", "Jamie", "Alex", "Peter", "John", "Graham", "Kevin",
	"Philip", "Martin", "Anthony", "Scott", "Dean", "Carl", "Tom", "Joshua", "George", "William",
};
static const char *const male_I[] = { "Sean", "Ciaran", "Declan", "Padraig", "Conor" };
static const char *const male_E[] = { "Piotr", "Tomasz", "Marek", "Luca", "Marco",
	                              "Joao", "Andrei", "Dimitris", "Jonas", "Pawel" };
static const char *const male_H[] = { "Rajesh", "Sanjay", "Amit", "Vikram", "Arjun",
	                              "Gurpreet", "Jaswinder", "Harjit", "Ravi", "Sunil" };
static const char *const male_M[] = { "Mohammed", "Imran", "Asif", "Tariq", "Bilal",
	                              "Usman", "Kamran", "Shahid", "Rizwan", "Abdul" };
static const char *const male_C[] = { "Wei", "Jun", "Hao", "Ming", "Chen" };
static const char *const male_A[] = { "Chinedu", "Emeka", "Kwame", "Kofi", "Oluwaseun",
	                              "Tunde", "Tendai", "Abdi", "Yusuf", "Ikechukwu" };
static const char *const male_K[] = { "Delroy", "Winston", "Leroy", "Marlon", "Clive" };
static const char *const male_R[] = { "Omar", "Khalid", "Hassan", "Karim", "Sami" };

static const char *const sur_B[] = {
	"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
	"Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
	"Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward",
	"Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James",
	"Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell",
	"Cook", "Carter", "Richardson", "Collins", "Bell", "Shaw", "Miller", "Cox", "Richards", "Marshall",
	"Anderson", "Simpson", "Ellis", "Adams", "Wilkinson", "Foster", "Chapman", "Webb", "Rogers", "Gray",
	"Mason", "Hunt", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd",
	"Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Dixon", "Fletcher", "Howard", "Pearson",
	"Gibson", "Andrews", "Elliott", "Reynolds", "Hudson", "Fox", "Ford", "Lawrence", "Saunders", "Payne",
	"Kennedy", "Hart", "Spencer", "Hunter", "Burton", "Hayes", "Harvey", "Wells", "Bradley", "Chambers",
	"Pearce", "Lane", "Armstrong", "Berry", "Atkinson", "Dawson", "Whitfield", "Hartley", "Ashworth", "Pickering",
	"Hargreaves", "Sutcliffe", "Cartwright", "Fairbrother", "Holroyd", "Whitaker", "Blackburn", "Crossley",
	"Kershaw", "Lister", "Marsden", "Ormerod", "Priestley", "Rigby", "Sharples", "Thornton", "Waddington",
	"Greenwood", "Haigh", "Booth", "Hirst", "Crowther", "Bamford", "Tennant", "Pemberton", "Rowley",
	"Stanton", "Fenwick", "Lowther", "Metcalfe", "Threlfall", "Winstanley", "Ackroyd", "Calvert", "Dobson",
	"Eastwood", "Entwistle", "Gaskell", "McDonald", "MacLeod", "Fraser", "Cameron", "Stewart", "Ross",
	"Hamilton", "Rhys", "Pritchard", "Llewellyn", "Vaughan", "Powell", "Mason-Hale", "Goodwin", "Tyler",
};
static const char *const sur_I[] = { "Murphy", "Kelly", "O'Brien", "O'Connor", "Byrne", "Ryan", "Walsh",
	                             "Doyle", "McCarthy", "Gallagher", "Brennan", "Quinn", "Flanagan", "Donnelly" };
static const char *const sur_E[] = { "Kowalski", "Nowak", "Wisniewski", "Lewandowski", "Zielinski",
	                             "Rossi", "Bianchi", "Esposito", "Ferreira", "Silva",
	                             "Santos", "Popescu", "Ionescu", "Papadopoulos", "Georgiou",
	                             "Kazlauskas", "Petrauskas", "Novak", "Horvath", "Schmidt" };
static const char *const sur_H[] = { "Patel", "Shah", "Sharma", "Singh", "Kaur", "Gill", "Sandhu", "Dhillon",
	                             "Sidhu", "Kumar", "Mistry", "Chauhan", "Parmar", "Joshi", "Mehta", "Bains" };
static const char *const sur_M[] = { "Khan", "Ahmed", "Hussain", "Ali", "Begum", "Iqbal", "Akhtar", "Mahmood",
	                             "Rashid", "Chaudhry", "Malik", "Butt", "Raza", "Uddin", "Miah", "Rahman" };
static const char *const sur_C[] = { "Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Chan", "Lam", "Ho", "Cheung" };
static const char *const sur_A[] = { "Okafor", "Adeyemi", "Okonkwo", "Mensah", "Asante", "Boateng", "Owusu",
	                             "Adebayo", "Oyelaran", "Nwosu", "Eze", "Abdullahi", "Mohamed", "Osman",
	                             "Farah", "Moyo", "Ncube", "Banda", "Mwangi", "Kamara" };
static const char *const sur_K[] = { "Campbell", "Grant", "McKenzie", "Forbes", "Francis", "Samuels",
	                             "Bryan", "Reid", "Spence", "Gayle", "Morrison", "Lindo" };
static const char *const sur_R[] = { "Haddad", "Mansour", "Nasser", "Saleh", "Hamdan", "Aziz", "Karimi", "Abbas" };

#define NL(o, a) { o, a, NELEM(a) }
static const struct namelist fem_lists[] = { NL('B', fem_B), NL('I', fem_I), NL('E', fem_E),
	                                     NL('H', fem_H), NL('M', fem_M), NL('C', fem_C),
	                                     NL('A', fem_A), NL('K', fem_K), NL('R', fem_R) };
static const struct namelist male_lists[] = { NL('B', male_B), NL('I', male_I), NL('E', male_E),
	                                      NL('H', male_H), NL('M', male_M), NL('C', male_C),
	                                      NL('A', male_A), NL('K', male_K), NL('R', male_R) };
static const struct namelist sur_lists[] = { NL('B', sur_B), NL('I', sur_I), NL('E', sur_E),
	                                     NL('H', sur_H), NL('M', sur_M), NL('C', sur_C),
	                                     NL('A', sur_A), NL('K', sur_K), NL('R', sur_R) };

static const char *name_from(struct rng *r, const struct namelist *lists, size_t n, char origin)
{
	for (size_t i = 0; i < n; i++)
		if (lists[i].origin == origin)
			return rng_pick(r, lists[i].names, lists[i].n);
	return rng_pick(r, lists[0].names, lists[0].n);
}

/* Protected characteristics. The ethnic mix is that of a mostly rural
 * English force's workforce; names follow the person's heritage loosely
 * (origin strings: one letter drawn per name). */
enum { REL_GEN, REL_EURO, REL_IND, REL_MUS, REL_CHI, REL_AFR, REL_ARAB };

static const struct ethnicity {
	const char *name;
	int weight;          /* per 10,000 */
	const char *fore, *sur;
	int religion;
} ethnicities[] = {
	{ "White: British", 8200, "BBBBBBBBBI", "BBBBBBBBBBBBBBBBBBBI", REL_GEN },
	{ "White: Irish", 100, "IIB", "I", REL_GEN },
	{ "White: Other", 350, "EEEB", "E", REL_EURO },
	{ "Mixed: White and Black Caribbean", 120, "BBK", "BBK", REL_GEN },
	{ "Mixed: White and Asian", 80, "BBHM", "BBHM", REL_GEN },
	{ "Mixed: Other", 50, "BBEA", "BBEA", REL_GEN },
	{ "Asian: Indian", 220, "H", "H", REL_IND },
	{ "Asian: Pakistani", 250, "M", "M", REL_MUS },
	{ "Asian: Bangladeshi", 60, "M", "M", REL_MUS },
	{ "Asian: Chinese", 50, "CCB", "C", REL_CHI },
	{ "Asian: Other", 40, "HMC", "HMC", REL_GEN },
	{ "Black: African", 100, "AAB", "A", REL_AFR },
	{ "Black: Caribbean", 90, "KKB", "KKB", REL_GEN },
	{ "Other: Arab", 30, "R", "R", REL_ARAB },
	{ "Other: Any other", 30, "BERA", "BERA", REL_GEN },
	{ "prefer not to say", 230, "BBBBBBBBHMAE", "BBBBBBBBBHMAE", REL_GEN },
};

static const char *const religions[] = { "No religion", "Christian", "Muslim", "Hindu", "Sikh",
	                                 "Jewish", "Buddhist", "Any other religion", "prefer not to say" };
static const int religion_weights[][NELEM(religions)] = {
	[REL_GEN] = { 480, 420, 5, 2, 2, 6, 5, 10, 70 },
	[REL_EURO] = { 330, 580, 20, 0, 0, 10, 5, 5, 50 },
	[REL_IND] = { 60, 50, 80, 430, 320, 0, 5, 5, 50 },
	[REL_MUS] = { 40, 5, 880, 0, 0, 0, 0, 5, 70 },
	[REL_CHI] = { 560, 190, 10, 0, 0, 0, 150, 30, 60 },
	[REL_AFR] = { 70, 620, 240, 0, 0, 0, 0, 10, 60 },
	[REL_ARAB] = { 60, 80, 800, 0, 0, 0, 0, 0, 60 },
};
static const char *const sexes[] = { "Female", "Male", "prefer not to say" };
static const char *const disabilities[] = { "No", "Yes", "prefer not to say" };
static const int disability_weights[] = { 880, 60, 60 };
static const char *const orientations[] = { "Heterosexual or straight", "Gay or lesbian", "Bisexual",
	                                    "Other sexual orientation", "prefer not to say" };
static const int orientation_weights[] = { 850, 30, 25, 5, 90 };

/* ------------------------------------------------------------------ */
/* The organisation in memory. */

enum pkind { K_OFFICER, K_STAFF, K_SPECIAL, K_VOLUNTEER };
static const char *const kind_names[] = { "officer", "staff", "special", "volunteer" };
enum ukind { U_FORCE, U_DIRECTORATE, U_AREA, U_DEPARTMENT, U_TEAM };

/* Gift groups: which kinds of offers a person tends to get. */
enum {
	GG_PUBLIC = 1,     /* grateful victims and members of the public */
	GG_COMMUNITY = 2,  /* community groups, local businesses */
	GG_SUPPLIER = 4,   /* suppliers and bidders */
	GG_SENIOR = 8,     /* partner agencies, dinners, other forces */
	GG_OFFICE = 16,    /* small office gifts, training providers */
	GG_MEDIA = 32,
	GG_EVENTS = 64,    /* clubs and event organisers */
};
/* Supplier sectors, for who gets offers from which supplier. */
enum { SEC_GENERAL, SEC_ICT, SEC_FLEET, SEC_ESTATES, SEC_HR, SEC_FINANCE, SEC_LEGAL, SEC_ANY };

struct dunit {
	int64_t id;
	char name[96];
	int kind;
	long parent;
};

struct dpost {
	int64_t id;
	char title[96];
	long unit;
	const char *vet;
};

struct dperson {
	int64_t id;
	char staff_number[16];
	char person_ref[12];
	char forenames[64];
	char surname[48];
	int kind;
	const char *rank;
	long unit, post, manager;
	long start, leave;          /* day numbers; leave 0 while serving */
	int chief;
	int reports;                /* direct reports */
	int keep;                   /* holds a demo login: never a leaver */
	unsigned char eth, sex, rel, dis, orient;
	unsigned char gifts, sector;
	short rate;                 /* declarations per 100 person-years */
};

/* A team's make-up: supervisors, a main group and an optional second group. */
struct grp {
	const char *rank, *title, *vet;
	short lo, hi;
};
struct profile {
	struct grp sup;
	short nsup;
	struct grp m, x;
	short rate;
	unsigned char gifts, sector;
};

enum prof {
	P_RESPONSE, P_NPT, P_PARTNER, P_CID, P_MIT, P_PP, P_SOC, P_INTEL, P_FORENSIC, P_ROADS, P_ARMED,
	P_TSG, P_DOGS, P_OPS, P_SPECIALS, P_VOLUNTEERS, P_CADETS, P_CONTROL, P_ENQUIRY, P_CUSTODY, P_CJ,
	P_PSD, P_ACU, P_VETTING, P_HR, P_TRAINING, P_FINANCE, P_PROCUREMENT, P_ESTATES, P_FLEET, P_ICT,
	P_COMMS, P_GOVERNANCE, P_LEGAL, P_INFO, P_CHIEFS_OFFICE, P_COUNT
};

static const struct profile profiles[P_COUNT] = {
	[P_RESPONSE] = { { "Sergeant", "Response Sergeant", "RV", 0, 0 }, 3,
	                 { "Constable", "Response Constable", "RV", 20, 26 }, { 0 }, 25, GG_PUBLIC, SEC_GENERAL },
	[P_NPT] = { { "Sergeant", "Neighbourhood Sergeant", "RV", 0, 0 }, 1,
	            { "Constable", "Neighbourhood Constable", "RV", 6, 9 },
	            { "Grade C", "Police Community Support Officer", "RV", 4, 7 }, 100, GG_COMMUNITY | GG_PUBLIC,
	            SEC_GENERAL },
	[P_PARTNER] = { { "Sergeant", "Partnerships Sergeant", "RV", 0, 0 }, 1,
	                { "Grade D", "Partnership Officer", "RV", 3, 5 }, { "Constable", "Licensing Officer", "RV", 1, 2 },
	                80, GG_COMMUNITY | GG_EVENTS, SEC_GENERAL },
	[P_CID] = { { "Sergeant", "Detective Sergeant", "MV", 0, 0 }, 1,
	            { "Constable", "Detective Constable", "RV", 7, 10 },
	            { "Grade D", "Investigation Officer", "RV", 0, 2 }, 45, GG_PUBLIC, SEC_GENERAL },
	[P_MIT] = { { "Sergeant", "Detective Sergeant", "MV", 0, 0 }, 2,
	            { "Constable", "Detective Constable", "MV", 10, 14 },
	            { "Grade D", "Major Incident Room Indexer", "MV", 3, 5 }, 25, GG_PUBLIC, SEC_GENERAL },
	[P_PP] = { { "Sergeant", "Detective Sergeant", "MV", 0, 0 }, 1,
	           { "Constable", "Detective Constable", "RV", 7, 10 },
	           { "Grade D", "Safeguarding Officer", "RV", 1, 3 }, 35, GG_PUBLIC, SEC_GENERAL },
	[P_SOC] = { { "Sergeant", "Detective Sergeant", "SC", 0, 0 }, 1,
	            { "Constable", "Detective Constable", "SC", 6, 9 },
	            { "Grade E", "Financial Investigator", "SC", 0, 2 }, 15, GG_PUBLIC, SEC_GENERAL },
	[P_INTEL] = { { "Sergeant", "Intelligence Sergeant", "SC", 0, 0 }, 1,
	              { "Grade D", "Intelligence Officer", "SC", 5, 8 },
	              { "Constable", "Intelligence Constable", "SC", 2, 4 }, 8, GG_OFFICE, SEC_GENERAL },
	[P_FORENSIC] = { { "Grade F", "Crime Scene Manager", "MV", 0, 0 }, 1,
	                 { "Grade D", "Crime Scene Investigator", "MV", 6, 10 }, { 0 }, 10, GG_OFFICE | GG_PUBLIC,
	                 SEC_GENERAL },
	[P_ROADS] = { { "Sergeant", "Roads Policing Sergeant", "RV", 0, 0 }, 1,
	              { "Constable", "Roads Policing Constable", "RV", 8, 12 }, { 0 }, 20, GG_PUBLIC, SEC_GENERAL },
	[P_ARMED] = { { "Sergeant", "Firearms Sergeant", "SC", 0, 0 }, 1,
	              { "Constable", "Authorised Firearms Officer", "SC", 10, 14 }, { 0 }, 10, GG_PUBLIC, SEC_GENERAL },
	[P_TSG] = { { "Sergeant", "Tactical Support Sergeant", "RV", 0, 0 }, 1,
	            { "Constable", "Tactical Support Constable", "RV", 10, 14 }, { 0 }, 15, GG_PUBLIC | GG_EVENTS,
	            SEC_GENERAL },
	[P_DOGS] = { { "Sergeant", "Dog Section Sergeant", "RV", 0, 0 }, 1,
	             { "Constable", "Police Dog Handler", "RV", 8, 11 }, { 0 }, 20, GG_COMMUNITY, SEC_GENERAL },
	[P_OPS] = { { "Sergeant", "Operations Planning Sergeant", "MV", 0, 0 }, 1,
	            { "Constable", "Operations Planner", "RV", 3, 5 }, { "Grade D", "Events Planning Officer", "RV", 2, 4 },
	            70, GG_EVENTS, SEC_GENERAL },
	[P_SPECIALS] = { { "Special Sergeant", "Special Sergeant", "RV", 0, 0 }, 1,
	                 { "Special Constable", "Special Constable", "RV", 10, 15 }, { 0 }, 10, GG_PUBLIC, SEC_GENERAL },
	[P_VOLUNTEERS] = { { "Grade D", "Volunteer Coordinator", "RV", 0, 0 }, 1,
	                   { "Volunteer", "Police Support Volunteer", "NPPV2", 20, 26 }, { 0 }, 8, GG_COMMUNITY,
	                   SEC_GENERAL },
	[P_CADETS] = { { "Grade D", "Cadet Coordinator", "RV", 0, 0 }, 1,
	               { "Volunteer", "Volunteer Cadet Leader", "NPPV2", 16, 22 }, { 0 }, 8, GG_COMMUNITY, SEC_GENERAL },
	[P_CONTROL] = { { "Grade F", "Control Room Supervisor", "RV", 0, 0 }, 2,
	                { "Grade C", "Call Handler", "RV", 12, 16 }, { "Grade D", "Despatcher", "RV", 5, 8 }, 12,
	                GG_OFFICE, SEC_GENERAL },
	[P_ENQUIRY] = { { "Grade E", "Public Contact Supervisor", "RV", 0, 0 }, 1,
	                { "Grade B", "Public Enquiry Officer", "RV", 6, 9 }, { 0 }, 25, GG_OFFICE | GG_PUBLIC, SEC_GENERAL },
	[P_CUSTODY] = { { "Sergeant", "Custody Sergeant", "RV", 0, 0 }, 2,
	                { "Grade C", "Detention Officer", "RV", 8, 12 }, { 0 }, 6, GG_PUBLIC, SEC_GENERAL },
	[P_CJ] = { { "Grade E", "Team Leader", "RV", 0, 0 }, 1,
	           { "Grade C", "Case Progression Officer", "RV", 6, 10 }, { 0 }, 8, GG_OFFICE, SEC_GENERAL },
	[P_PSD] = { { "Sergeant", "Detective Sergeant (Professional Standards)", "MV", 0, 0 }, 1,
	            { "Grade E", "Professional Standards Investigator", "MV", 4, 6 },
	            { "Constable", "Detective Constable (Professional Standards)", "MV", 2, 3 }, 4, GG_OFFICE,
	            SEC_GENERAL },
	[P_ACU] = { { "Sergeant", "Detective Sergeant (Anti-Corruption)", "DV", 0, 0 }, 1,
	            { "Constable", "Detective Constable (Anti-Corruption)", "DV", 4, 6 },
	            { "Grade E", "Counter-Corruption Analyst", "DV", 1, 2 }, 3, GG_OFFICE, SEC_GENERAL },
	[P_VETTING] = { { "Grade F", "Vetting Team Leader", "MV", 0, 0 }, 1,
	                { "Grade D", "Vetting Officer", "MV", 6, 9 }, { 0 }, 3, GG_OFFICE, SEC_GENERAL },
	[P_HR] = { { "Grade F", "HR Team Leader", "RV", 0, 0 }, 1, { "Grade D", "HR Adviser", "RV", 6, 10 },
	           { "Grade B", "HR Administrator", "RV", 1, 3 }, 20, GG_SUPPLIER | GG_OFFICE, SEC_HR },
	[P_TRAINING] = { { "Sergeant", "Training Sergeant", "RV", 0, 0 }, 1,
	                 { "Constable", "Police Trainer", "RV", 4, 7 }, { "Grade D", "Learning Designer", "RV", 2, 3 },
	                 15, GG_OFFICE | GG_SUPPLIER, SEC_HR },
	[P_FINANCE] = { { "Grade G", "Finance Manager", "MV", 0, 0 }, 1,
	                { "Grade D", "Finance Officer", "RV", 5, 8 }, { 0 }, 20, GG_SUPPLIER | GG_OFFICE, SEC_FINANCE },
	[P_PROCUREMENT] = { { "SO1", "Procurement Manager", "MV", 0, 0 }, 1,
	                    { "Grade F", "Category Manager", "MV", 3, 4 },
	                    { "Grade D", "Procurement Officer", "MV", 2, 4 }, 250, GG_SUPPLIER, SEC_ANY },
	[P_ESTATES] = { { "Grade G", "Estates Manager", "RV", 0, 0 }, 1,
	                { "Grade D", "Facilities Officer", "RV", 5, 8 }, { 0 }, 60, GG_SUPPLIER, SEC_ESTATES },
	[P_FLEET] = { { "Grade F", "Fleet Manager", "RV", 0, 0 }, 1,
	              { "Grade C", "Vehicle Technician", "RV", 6, 10 }, { 0 }, 50, GG_SUPPLIER, SEC_FLEET },
	[P_ICT] = { { "Grade G", "ICT Team Leader", "MV", 0, 0 }, 1, { "Grade E", "ICT Engineer", "MV", 6, 10 },
	            { 0 }, 40, GG_SUPPLIER | GG_OFFICE, SEC_ICT },
	[P_COMMS] = { { "Grade F", "Communications Manager", "RV", 0, 0 }, 1,
	              { "Grade D", "Press Officer", "RV", 4, 6 }, { 0 }, 90, GG_MEDIA, SEC_GENERAL },
	[P_GOVERNANCE] = { { "Grade G", "Governance Manager", "RV", 0, 0 }, 1,
	                   { "Grade E", "Governance and Planning Officer", "RV", 3, 5 },
	                   { "Grade E", "Performance Analyst", "RV", 0, 3 }, 25, GG_OFFICE, SEC_GENERAL },
	[P_LEGAL] = { { "SO2", "Principal Solicitor", "MV", 0, 0 }, 1, { "Grade F", "Solicitor", "MV", 3, 5 },
	              { 0 }, 25, GG_SUPPLIER | GG_OFFICE, SEC_LEGAL },
	[P_INFO] = { { "Grade F", "Information Manager", "MV", 0, 0 }, 1,
	             { "Grade D", "Information Officer", "MV", 4, 7 }, { 0 }, 5, GG_OFFICE, SEC_GENERAL },
	[P_CHIEFS_OFFICE] = { { "Chief Inspector", "Chief of Staff", "MV", 0, 0 }, 1,
	                      { "Grade E", "Executive Assistant", "MV", 3, 4 }, { "Inspector", "Staff Officer", "MV", 1, 2 },
	                      60, GG_SENIOR | GG_OFFICE, SEC_GENERAL },
};

/* The people who hold demo logins (and a few the gifts part needs). */
enum who {
	W_CC, W_DCC, W_STAFF, W_MANAGER, W_PSD, W_ACU, W_VETTING, W_REVIEWER, W_GOVERNANCE, W_ETHICS,
	W_ADMIN, W_PROC_MANAGER, W_CATEGORY_MANAGER, W_HEAD_ICT, W_FLEET_MANAGER, W_COUNT
};

struct demo {
	struct store *st;
	uint64_t seed;
	int target;
	char today[11];
	long today_n;          /* day number of today */
	struct demo_summary *sum;

	struct rng rng;        /* the current part's stream */
	struct rng rsize;      /* team sizes: the same in both organisation passes */
	double scale;          /* members per team are multiplied by this */
	int gifts_factor;      /* declarations per person multiplied by this (>= 1) */
	long scalable;         /* members drawn from team sizes (scaled) */

	struct dunit *u;
	size_t nu, cu;
	struct dpost *po;
	size_t npo, cpo;
	struct dperson *p;
	size_t np, cp;
	unsigned char *used_numbers;  /* bitsets for unique staff numbers and person refs */
	unsigned char *used_refs;

	long who[W_COUNT];     /* person indexes, -1 when not set */
	int64_t psd_account;   /* the demo PSD account, for PSD decisions */
	long kestrel_award;    /* the day Kestrel won its contract */
	int64_t staff_account;
};

void *demo_grow_(void *p, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap)
		return p;
	size_t nc = *cap ? *cap * 2 : first;
	while (nc <= n)
		nc *= 2;
	*cap = nc;
	return xrealloc(p, nc * size);
}

static long unit_add(struct demo *d, const char *name, int kind, long parent)
{
	DEMO_GROW(d->u, d->cu, d->nu, 64);
	struct dunit *u = &d->u[d->nu];
	memset(u, 0, sizeof *u);
	snprintf(u->name, sizeof u->name, "%s", name);
	u->kind = kind;
	u->parent = parent;
	return (long)d->nu++;
}

/* The post (title, unit), created on first use. */
static long post_get(struct demo *d, long unit, const char *title, const char *vet)
{
	for (size_t i = d->npo; i-- > 0;)
		if (d->po[i].unit == unit && !strcmp(d->po[i].title, title))
			return (long)i;
	DEMO_GROW(d->po, d->cpo, d->npo, 64);
	struct dpost *po = &d->po[d->npo];
	memset(po, 0, sizeof *po);
	snprintf(po->title, sizeof po->title, "%s", title);
	po->unit = unit;
	po->vet = vet;
	return (long)d->npo++;
}

static int rank_kind(const char *rank)
{
	static const char *const officer[] = { "Constable", "Sergeant", "Inspector", "Chief Inspector",
		                               "Superintendent", "Chief Superintendent",
		                               "Assistant Chief Constable", "Deputy Chief Constable",
		                               "Chief Constable" };
	for (size_t i = 0; i < NELEM(officer); i++)
		if (!strcmp(rank, officer[i]))
			return K_OFFICER;
	if (!strncmp(rank, "Special", 7))
		return K_SPECIAL;
	if (!strcmp(rank, "Volunteer"))
		return K_VOLUNTEER;
	return K_STAFF;
}

/* Years of service a rank or grade suggests: [lo, hi]. */
static void service_years(const char *rank, int kind, int *lo, int *hi)
{
	static const struct {
		const char *rank;
		int lo, hi;
	} t[] = {
		{ "Constable", 0, 22 }, { "Sergeant", 5, 25 }, { "Inspector", 8, 27 }, { "Chief Inspector", 12, 28 },
		{ "Superintendent", 15, 29 }, { "Chief Superintendent", 18, 30 },
		{ "Assistant Chief Constable", 3, 8 }, { "Deputy Chief Constable", 4, 10 },
		{ "Chief Constable", 2, 7 }, /* chief officers joined this force on appointment */
		{ "Special Constable", 0, 8 }, { "Special Sergeant", 3, 12 }, { "Volunteer", 0, 10 },
		{ "Director", 2, 12 },
	};
	for (size_t i = 0; i < NELEM(t); i++)
		if (!strcmp(rank, t[i].rank)) {
			*lo = t[i].lo;
			*hi = t[i].hi;
			return;
		}
	*lo = kind == K_STAFF && (rank[0] == 'S' || rank[0] == 'P') ? 5 : 0; /* SO/PO grades */
	*hi = 30;
}

/* A unique number in [lo, hi) drawn from r, recorded in the bitset used (bit i is lo + i). */
static long unique_number(struct rng *r, unsigned char *used, long lo, long hi)
{
	for (;;) {
		long v = rng_range(r, lo, hi - 1), i = v - lo;
		if (!(used[i >> 3] & (1u << (i & 7)))) {
			used[i >> 3] |= (unsigned char)(1u << (i & 7));
			return v;
		}
	}
}

#define REF_LO 1000000L
#define REF_HI 10000000L
#define NUM_HI 1000000L   /* staff numbers are below this */

static void person_identity(struct demo *d, struct dperson *p)
{
	struct rng *r = &d->rng;
	/* sex: officers about a third female, staff about two thirds */
	int female = p->kind == K_OFFICER ? 360 : p->kind == K_STAFF ? 620 : p->kind == K_SPECIAL ? 330 : 550;
	int pnts = rng_permille(r, 8);
	int is_female = rng_permille(r, female);
	p->sex = (unsigned char)(pnts ? 2 : is_female ? 0 : 1);
	int ew[NELEM(ethnicities)];
	for (size_t i = 0; i < NELEM(ethnicities); i++)
		ew[i] = ethnicities[i].weight;
	p->eth = (unsigned char)rng_weighted(r, ew, NELEM(ethnicities));
	const struct ethnicity *et = &ethnicities[p->eth];
	p->rel = (unsigned char)rng_weighted(r, religion_weights[et->religion], NELEM(religions));
	p->dis = (unsigned char)rng_weighted(r, disability_weights, NELEM(disabilities));
	p->orient = (unsigned char)rng_weighted(r, orientation_weights, NELEM(orientations));
	char fo = et->fore[rng_below(r, (long)strlen(et->fore))];
	char so = et->sur[rng_below(r, (long)strlen(et->sur))];
	const struct namelist *fl = is_female ? fem_lists : male_lists;
	size_t fn = is_female ? NELEM(fem_lists) : NELEM(male_lists);
	const char *first = name_from(r, fl, fn, fo);
	if (rng_permille(r, 150)) { /* a middle name */
		const char *second = name_from(r, fl, fn, fo);
		if (strcmp(first, second))
			snprintf(p->forenames, sizeof p->forenames, "%s %s", first, second);
		else
			snprintf(p->forenames, sizeof p->forenames, "%s", first);
	} else {
		snprintf(p->forenames, sizeof p->forenames, "%s", first);
	}
	snprintf(p->surname, sizeof p->surname, "%s", name_from(r, sur_lists, NELEM(sur_lists), so));

	/* staff numbers: officers 5 digits (their collar number range), staff 6
	 * digits, specials SC + 4, volunteers V + 4 */
	switch (p->kind) {
	case K_OFFICER:
		snprintf(p->staff_number, sizeof p->staff_number, "%ld", unique_number(r, d->used_numbers, 10000, 70000));
		break;
	case K_STAFF:
		snprintf(p->staff_number, sizeof p->staff_number, "%ld", unique_number(r, d->used_numbers, 200000, NUM_HI));
		break;
	case K_SPECIAL:
		snprintf(p->staff_number, sizeof p->staff_number, "SC%ld", unique_number(r, d->used_numbers, 1000, 10000));
		break;
	default:
		snprintf(p->staff_number, sizeof p->staff_number, "V%ld", unique_number(r, d->used_numbers, 70000, 80000));
		break;
	}
	snprintf(p->person_ref, sizeof p->person_ref, "P%ld", REF_LO + unique_number(r, d->used_refs, 0, REF_HI - REF_LO));

	int lo, hi;
	service_years(p->rank, p->kind, &lo, &hi);
	/* more people with short service than long: the lower of two draws */
	long a = rng_range(r, lo * 365L, hi * 365L + 364), b = rng_range(r, lo * 365L, hi * 365L + 364);
	p->start = d->today_n - (a < b ? a : b) - 1;
}

static long person_add(struct demo *d, long unit, const char *rank, const char *title, const char *vet,
                       long manager)
{
	if (unit < 0)
		return -1;
	DEMO_GROW(d->p, d->cp, d->np, 64);
	long post = post_get(d, unit, title, vet);
	if (post < 0)
		return -1;
	struct dperson *p = &d->p[d->np];
	memset(p, 0, sizeof *p);
	p->kind = rank_kind(rank);
	p->rank = rank;
	p->unit = unit;
	p->post = post;
	p->manager = manager;
	p->rate = 30;
	p->gifts = GG_OFFICE;
	if (manager >= 0)
		d->p[manager].reports++;
	person_identity(d, p);
	return (long)d->np++;
}

/* A senior person (head of a directorate or department): partners' dinners
 * as well as what their area of work brings. */
static void senior_gifts(struct demo *d, long i, enum prof like, int rate)
{
	if (i < 0)
		return;
	d->p[i].gifts = (unsigned char)(profiles[like].gifts | GG_SENIOR);
	d->p[i].sector = profiles[like].sector;
	d->p[i].rate = (short)(rate > profiles[like].rate ? rate : profiles[like].rate);
}

struct dept {
	long unit, head, mid;
	int nteams;
	const char *mid_rank, *mid_title, *mid_vet;
};

static struct dept dept_add(struct demo *d, long parent, const char *name, const char *hrank, const char *htitle,
                            const char *hvet, long manager, const char *mid_rank, const char *mid_title, enum prof like)
{
	struct dept dp = { 0 };
	dp.unit = unit_add(d, name, U_DEPARTMENT, parent);
	dp.head = person_add(d, dp.unit, hrank, htitle, hvet, manager);
	senior_gifts(d, dp.head, like, 60);
	dp.mid = -1;
	dp.mid_rank = mid_rank;
	dp.mid_title = mid_title;
	dp.mid_vet = hvet;
	return dp;
}

static void team_group(struct demo *d, long unit, const struct profile *pf, const struct grp *g, const char *title,
                       long mgr)
{
	if (!g->rank)
		return;
	long n = lround((double)rng_range(&d->rsize, g->lo, g->hi) * d->scale);
	d->scalable += n;
	for (long i = 0; i < n; i++) {
		long k = person_add(d, unit, g->rank, title ? title : g->title, g->vet, mgr);
		if (k < 0)
			return;
		d->p[k].gifts = pf->gifts;
		d->p[k].sector = pf->sector;
		d->p[k].rate = pf->rate;
	}
}

/* A team: its supervisors (managed by the department's head, or by a middle
 * manager who takes up to two teams) and members split between them.
 * title overrides the main group's post title. Returns the unit index. */
static long team_add(struct demo *d, struct dept *dp, const char *name, enum prof pr, const char *title)
{
	const struct profile *pf = &profiles[pr];
	long unit = unit_add(d, name, U_TEAM, dp->unit);
	long boss = dp->head;
	if (dp->mid_rank) {
		if (dp->nteams % 2 == 0) {
			dp->mid = person_add(d, dp->unit, dp->mid_rank, dp->mid_title, dp->mid_vet, dp->head);
			if (dp->mid >= 0) {
				d->p[dp->mid].gifts = pf->gifts;
				d->p[dp->mid].sector = pf->sector;
				d->p[dp->mid].rate = pf->rate;
			}
		}
		boss = dp->mid;
	}
	dp->nteams++;
	/* supervisors scale with the team, so spans of control stay realistic */
	long sup[6] = { -1, -1, -1, -1, -1, -1 };
	int nsup = (int)lround(pf->nsup * d->scale);
	nsup = nsup < 1 ? 1 : nsup > 6 ? 6 : nsup;
	d->scalable += nsup;
	for (int i = 0; i < nsup; i++) {
		sup[i] = person_add(d, unit, pf->sup.rank, pf->sup.title, pf->sup.vet, boss);
		if (sup[i] >= 0) {
			d->p[sup[i]].gifts = pf->gifts;
			d->p[sup[i]].sector = pf->sector;
			d->p[sup[i]].rate = pf->rate;
		}
	}
	/* with several supervisors, each manages a share of the team */
	size_t first = d->np;
	team_group(d, unit, pf, &pf->m, title, sup[0]);
	team_group(d, unit, pf, &pf->x, NULL, sup[0]);
	for (size_t i = first; i < d->np && sup[0] >= 0; i++) {
		long s = sup[(i - first) % (size_t)nsup];
		if (s >= 0 && s != sup[0]) {
			d->p[sup[0]].reports--;
			d->p[i].manager = s;
			d->p[s].reports++;
		}
	}
	return unit;
}

/* The first member of team unit holding post title (or any member when title is NULL). */
static long member_of(struct demo *d, long unit, const char *title, int supervisor)
{
	for (size_t i = 0; i < d->np; i++) {
		const struct dperson *p = &d->p[i];
		if (p->unit != unit || (title && strcmp(d->po[p->post].title, title)))
			continue;
		if (supervisor != (p->reports > 0))
			continue;
		return (long)i;
	}
	return -1;
}

static const char *const area_names[] = { "Northgate", "Eastmoor", "Westbridge", "Southvale" };
static const char *const area_places[][4] = {
	{ "Northgate Town Centre", "Hallow Hill", "Castleholm", "Millbeck" },
	{ "Eastmoor Central", "Fenwick Bridge", "Stoneleigh Moor", "Harrowdale" },
	{ "Westbridge Central", "Oakenholt", "Cranmere Vale", "Pendle Cross" },
	{ "Southvale Central", "Burnside", "Lower Ashcombe", "Radley Heath" },
};

static void build_org(struct demo *d)
{
	char name[96], title[96];
	long force = unit_add(d, DEMO_FORCE_NAME, U_FORCE, -1);

	/* Chief officers */
	long cog = unit_add(d, "Chief Officer Group", U_DIRECTORATE, force);
	struct dept cod = { 0 };
	cod.unit = unit_add(d, "Chief Officers' Office", U_DEPARTMENT, cog);
	cod.mid = -1;
	long cot = unit_add(d, "Chief Officer Team", U_TEAM, cod.unit);
	long cc = person_add(d, cot, "Chief Constable", "Chief Constable", "DV", -1);
	long dcc = person_add(d, cot, "Deputy Chief Constable", "Deputy Chief Constable", "DV", cc);
	long acc_lp = person_add(d, cot, "Assistant Chief Constable", "Assistant Chief Constable (Local Policing)",
	                         "DV", dcc);
	long acc_cr = person_add(d, cot, "Assistant Chief Constable", "Assistant Chief Constable (Crime and Justice)",
	                         "DV", dcc);
	long acc_op = person_add(d, cot, "Assistant Chief Constable",
	                         "Assistant Chief Constable (Operations and Support)", "DV", dcc);
	long dof = person_add(d, cot, "Director", "Director of Finance", "MV", cc);
	long chiefs[] = { cc, dcc, acc_lp, acc_cr, acc_op, dof };
	for (size_t i = 0; i < NELEM(chiefs); i++)
		if (chiefs[i] >= 0) {
			d->p[chiefs[i]].chief = 1;
			d->p[chiefs[i]].gifts = GG_SENIOR | GG_EVENTS | GG_MEDIA;
			d->p[chiefs[i]].sector = SEC_ANY;
			d->p[chiefs[i]].rate = 500;
		}
	cod.head = dcc;
	team_add(d, &cod, "Chief Officers' Staff Office", P_CHIEFS_OFFICE, NULL);
	d->who[W_CC] = cc;
	d->who[W_DCC] = dcc;

	/* Local policing areas */
	for (size_t a = 0; a < NELEM(area_names); a++) {
		const char *an = area_names[a];
		snprintf(name, sizeof name, "%s Local Policing Area", an);
		long area = unit_add(d, name, U_AREA, force);
		snprintf(title, sizeof title, "Area Commander, %s", an);
		long cmdr = person_add(d, area, "Chief Superintendent", title, "MV", acc_lp);
		senior_gifts(d, cmdr, P_NPT, 150);
		snprintf(title, sizeof title, "Deputy Area Commander, %s", an);
		long dep = person_add(d, area, "Superintendent", title, "MV", cmdr);
		senior_gifts(d, dep, P_NPT, 100);

		snprintf(name, sizeof name, "%s Response", an);
		struct dept resp = dept_add(d, area, name, "Chief Inspector", "Head of Response", "MV", dep, "Inspector",
		                            "Response Inspector", P_RESPONSE);
		for (char t = 'A'; t <= 'E'; t++) {
			snprintf(name, sizeof name, "%s Response Team %c", an, t);
			team_add(d, &resp, name, P_RESPONSE, NULL);
		}
		snprintf(name, sizeof name, "%s Neighbourhood Policing", an);
		struct dept npt = dept_add(d, area, name, "Chief Inspector", "Head of Neighbourhood Policing", "MV", dep,
		                           "Inspector", "Neighbourhood Inspector", P_NPT);
		for (size_t k = 0; k < 4; k++) {
			snprintf(name, sizeof name, "%s Neighbourhood Team", area_places[a][k]);
			long t = team_add(d, &npt, name, P_NPT, NULL);
			if (a == 0 && k == 0) {
				d->who[W_STAFF] = member_of(d, t, "Neighbourhood Constable", 0);
				if (d->who[W_STAFF] >= 0)
					d->who[W_MANAGER] = d->p[d->who[W_STAFF]].manager;
			}
		}
		snprintf(name, sizeof name, "%s Partnerships and Licensing Team", an);
		team_add(d, &npt, name, P_PARTNER, NULL);
		snprintf(name, sizeof name, "%s CID", an);
		struct dept cid = dept_add(d, area, name, "Chief Inspector", "Detective Chief Inspector", "MV", dep,
		                           "Inspector", "Detective Inspector", P_CID);
		for (int k = 1; k <= 2; k++) {
			snprintf(name, sizeof name, "%s CID Team %d", an, k);
			team_add(d, &cid, name, P_CID, NULL);
		}
		snprintf(name, sizeof name, "%s Proactive Team", an);
		long pro = team_add(d, &cid, name, P_CID, NULL);
		if (a == 1)
			d->who[W_ETHICS] = member_of(d, pro, "Detective Constable", 0);
	}

	/* Crime and Public Protection */
	long crime = unit_add(d, "Crime and Public Protection", U_DIRECTORATE, force);
	long hoc = person_add(d, crime, "Chief Superintendent", "Head of Crime", "SC", acc_cr);
	senior_gifts(d, hoc, P_PP, 120);
	struct dept dp = dept_add(d, crime, "Major Crime", "Superintendent", "Head of Major Crime", "SC", hoc,
	                          "Inspector", "Detective Inspector (Major Crime)", P_MIT);
	team_add(d, &dp, "Major Investigation Team 1", P_MIT, NULL);
	team_add(d, &dp, "Major Investigation Team 2", P_MIT, NULL);
	team_add(d, &dp, "Major Investigation Team 3", P_MIT, NULL);
	team_add(d, &dp, "Cold Case Review Team", P_PP, NULL);
	dp = dept_add(d, crime, "Public Protection", "Superintendent", "Head of Public Protection", "MV", hoc,
	              "Inspector", "Detective Inspector (Public Protection)", P_PP);
	static const char *const pp_teams[] = {
		"Child Abuse Investigation Team North", "Child Abuse Investigation Team South",
		"Domestic Abuse Investigation Team North", "Domestic Abuse Investigation Team South",
		"Multi-Agency Safeguarding Hub", "Management of Sexual or Violent Offenders Unit",
		"Rape and Serious Sexual Offences Team", "Online Child Sexual Exploitation Team",
	};
	for (size_t i = 0; i < NELEM(pp_teams); i++)
		team_add(d, &dp, pp_teams[i], P_PP, NULL);
	dp = dept_add(d, crime, "Serious and Organised Crime", "Chief Inspector", "Detective Chief Inspector (SOC)", "SC",
	              hoc, "Inspector", "Detective Inspector (SOC)", P_SOC);
	team_add(d, &dp, "Serious Organised Crime Team 1", P_SOC, NULL);
	team_add(d, &dp, "Serious Organised Crime Team 2", P_SOC, NULL);
	team_add(d, &dp, "Economic Crime Unit", P_SOC, NULL);
	team_add(d, &dp, "Cyber Crime Unit", P_SOC, "Cyber Crime Investigator");
	team_add(d, &dp, "Financial Investigation Unit", P_SOC, NULL);
	dp = dept_add(d, crime, "Intelligence", "Chief Inspector", "Head of Intelligence", "SC", hoc, "Inspector",
	              "Intelligence Inspector", P_INTEL);
	team_add(d, &dp, "Force Intelligence Bureau", P_INTEL, NULL);
	team_add(d, &dp, "Intelligence Development Team", P_INTEL, NULL);
	team_add(d, &dp, "Dedicated Source Unit", P_INTEL, "Source Handler");
	team_add(d, &dp, "Special Branch", P_INTEL, NULL);
	team_add(d, &dp, "Intelligence Analysis Team", P_INTEL, "Intelligence Analyst");
	dp = dept_add(d, crime, "Forensic Services", "SO2", "Head of Forensic Services", "MV", hoc, NULL, NULL,
	              P_FORENSIC);
	team_add(d, &dp, "Crime Scene Investigation North", P_FORENSIC, NULL);
	team_add(d, &dp, "Crime Scene Investigation South", P_FORENSIC, NULL);
	team_add(d, &dp, "Digital Forensics Unit", P_FORENSIC, "Digital Forensic Examiner");
	team_add(d, &dp, "Fingerprint Bureau", P_FORENSIC, "Fingerprint Examiner");

	/* Operational Support */
	long ops = unit_add(d, "Operational Support", U_DIRECTORATE, force);
	long hos = person_add(d, ops, "Chief Superintendent", "Head of Operational Support", "MV", acc_op);
	senior_gifts(d, hos, P_OPS, 120);
	dp = dept_add(d, ops, "Roads Policing", "Chief Inspector", "Head of Roads Policing", "RV", hos, "Inspector",
	              "Roads Policing Inspector", P_ROADS);
	team_add(d, &dp, "Roads Policing Unit North", P_ROADS, NULL);
	team_add(d, &dp, "Roads Policing Unit South", P_ROADS, NULL);
	team_add(d, &dp, "Roads Policing Unit East", P_ROADS, NULL);
	team_add(d, &dp, "Serious Collision Investigation Unit", P_ROADS, "Collision Investigator");
	dp = dept_add(d, ops, "Armed Policing", "Chief Inspector", "Head of Armed Policing", "SC", hos, "Inspector",
	              "Firearms Inspector", P_ARMED);
	for (int k = 1; k <= 4; k++) {
		snprintf(name, sizeof name, "Armed Response Team %d", k);
		team_add(d, &dp, name, P_ARMED, NULL);
	}
	team_add(d, &dp, "Firearms Training Unit", P_ARMED, "Firearms Instructor");
	dp = dept_add(d, ops, "Operations and Public Order", "Chief Inspector", "Head of Operations", "MV", hos,
	              "Inspector", "Operations Inspector", P_OPS);
	team_add(d, &dp, "Operations Planning Unit", P_OPS, NULL);
	team_add(d, &dp, "Tactical Support Group 1", P_TSG, NULL);
	team_add(d, &dp, "Tactical Support Group 2", P_TSG, NULL);
	team_add(d, &dp, "Dog Section", P_DOGS, NULL);
	dp = dept_add(d, ops, "Citizens in Policing", "SO1", "Head of Citizens in Policing", "RV", hos, NULL, NULL,
	              P_VOLUNTEERS);
	for (size_t a = 0; a < NELEM(area_names); a++) {
		snprintf(name, sizeof name, "Special Constabulary %s", area_names[a]);
		team_add(d, &dp, name, P_SPECIALS, NULL);
	}
	team_add(d, &dp, "Police Support Volunteers", P_VOLUNTEERS, NULL);
	team_add(d, &dp, "Volunteer Police Cadets", P_CADETS, NULL);

	/* Contact, Custody and Justice */
	long ccj = unit_add(d, "Contact, Custody and Justice", U_DIRECTORATE, force);
	long hcj = person_add(d, ccj, "Chief Superintendent", "Head of Contact, Custody and Justice", "MV", acc_op);
	senior_gifts(d, hcj, P_CJ, 100);
	dp = dept_add(d, ccj, "Force Control Room", "Chief Inspector", "Force Control Room Manager", "MV", hcj,
	              "Inspector", "Control Room Inspector", P_CONTROL);
	for (int k = 1; k <= 5; k++) {
		snprintf(name, sizeof name, "Control Room Team %d", k);
		team_add(d, &dp, name, P_CONTROL, NULL);
	}
	dp = dept_add(d, ccj, "Public Contact", "SO1", "Head of Public Contact", "RV", hcj, NULL, NULL, P_ENQUIRY);
	team_add(d, &dp, "Non-Emergency Contact Centre", P_ENQUIRY, "Contact Centre Adviser");
	team_add(d, &dp, "Front Counter North", P_ENQUIRY, NULL);
	team_add(d, &dp, "Front Counter South", P_ENQUIRY, NULL);
	dp = dept_add(d, ccj, "Custody", "Chief Inspector", "Head of Custody", "RV", hcj, "Inspector",
	              "Custody Inspector", P_CUSTODY);
	for (size_t a = 0; a < NELEM(area_names); a++) {
		snprintf(name, sizeof name, "%s Custody Suite", area_names[a]);
		team_add(d, &dp, name, P_CUSTODY, NULL);
	}
	dp = dept_add(d, ccj, "Criminal Justice", "SO2", "Head of Criminal Justice", "RV", hcj, NULL, NULL, P_CJ);
	team_add(d, &dp, "Case Progression Unit", P_CJ, NULL);
	team_add(d, &dp, "Disclosure and File Quality Team", P_CJ, "File Quality Officer");
	team_add(d, &dp, "Witness Care Unit", P_CJ, "Witness Care Officer");
	team_add(d, &dp, "Warrants and Court Liaison", P_CJ, "Court Liaison Officer");

	/* Professional Standards */
	long prof = unit_add(d, "Professional Standards", U_DIRECTORATE, force);
	long hps = person_add(d, prof, "Superintendent", "Head of Professional Standards", "DV", dcc);
	senior_gifts(d, hps, P_PSD, 40);
	dp = dept_add(d, prof, "Professional Standards Department", "Chief Inspector",
	              "Deputy Head of Professional Standards", "MV", hps, NULL, NULL, P_PSD);
	long psd1 = team_add(d, &dp, "Complaints and Misconduct Investigation Team", P_PSD, NULL);
	team_add(d, &dp, "Conduct Assessment Unit", P_PSD, "Conduct Assessor");
	team_add(d, &dp, "Complaints Resolution Team", P_PSD, "Complaints Resolution Officer");
	d->who[W_PSD] = member_of(d, psd1, "Professional Standards Investigator", 0);
	dp = dept_add(d, prof, "Anti-Corruption Unit", "Inspector", "Detective Inspector (Anti-Corruption)", "DV",
	              hps, NULL, NULL, P_ACU);
	d->who[W_REVIEWER] = dp.head;
	team_add(d, &dp, "ACU Intelligence Team", P_ACU, NULL);
	long acu2 = team_add(d, &dp, "ACU Investigation Team", P_ACU, NULL);
	d->who[W_ACU] = member_of(d, acu2, "Detective Constable (Anti-Corruption)", 0);
	dp = dept_add(d, prof, "Vetting Unit", "SO1", "Force Vetting Manager", "DV", hps, NULL, NULL, P_VETTING);
	long vet1 = team_add(d, &dp, "Vetting Team (Recruitment)", P_VETTING, NULL);
	team_add(d, &dp, "Vetting Team (Renewals and Aftercare)", P_VETTING, NULL);
	d->who[W_VETTING] = member_of(d, vet1, "Vetting Officer", 0);

	/* Corporate Services (people, communications, governance, legal) */
	long corp = unit_add(d, "Corporate Services", U_DIRECTORATE, force);
	long dir_corp = person_add(d, corp, "PO5", "Director of Corporate Services", "MV", dcc);
	senior_gifts(d, dir_corp, P_GOVERNANCE, 120);
	dp = dept_add(d, corp, "Human Resources", "SO2", "Head of HR", "MV", dir_corp, NULL, NULL, P_HR);
	team_add(d, &dp, "HR Business Partnering", P_HR, "HR Business Partner");
	team_add(d, &dp, "HR Operations", P_HR, NULL);
	team_add(d, &dp, "Recruitment and Resourcing", P_HR, "Recruitment Officer");
	team_add(d, &dp, "Occupational Health and Wellbeing", P_HR, "Occupational Health Adviser");
	dp = dept_add(d, corp, "Learning and Development", "Chief Inspector", "Head of Learning and Development", "RV",
	              dir_corp, NULL, NULL, P_TRAINING);
	team_add(d, &dp, "Initial Police Learning Team", P_TRAINING, NULL);
	team_add(d, &dp, "Leadership and Professional Development", P_TRAINING, NULL);
	team_add(d, &dp, "Driver Training Unit", P_TRAINING, "Driving Instructor");
	dp = dept_add(d, corp, "Corporate Communications", "SO1", "Head of Corporate Communications", "RV", dir_corp,
	              NULL, NULL, P_COMMS);
	team_add(d, &dp, "Press Office", P_COMMS, NULL);
	team_add(d, &dp, "Digital and Engagement Team", P_COMMS, "Digital Engagement Officer");
	dp = dept_add(d, corp, "Strategy, Governance and Planning", "SO2", "Head of Strategy and Governance", "MV",
	              dir_corp, NULL, NULL, P_GOVERNANCE);
	long gov = team_add(d, &dp, "Governance and Planning Team", P_GOVERNANCE, NULL);
	team_add(d, &dp, "Performance and Insight Team", P_GOVERNANCE, "Performance Analyst");
	team_add(d, &dp, "Inspection and Audit Liaison", P_GOVERNANCE, "Inspection Liaison Officer");
	d->who[W_GOVERNANCE] = member_of(d, gov, "Governance and Planning Officer", 0);
	dp = dept_add(d, corp, "Legal and Information Management", "SO2", "Head of Legal Services", "MV", dir_corp,
	              NULL, NULL, P_LEGAL);
	team_add(d, &dp, "Legal Services Team", P_LEGAL, NULL);
	team_add(d, &dp, "Records and Disclosure Unit", P_INFO, "Records Officer");
	team_add(d, &dp, "Data Protection and FOI Team", P_INFO, "Data Protection Officer");

	/* Finance and Commercial Services */
	long fin = unit_add(d, "Finance and Commercial Services", U_DIRECTORATE, force);
	long hfc = person_add(d, fin, "PO4", "Head of Finance and Commercial Services", "MV", dof);
	senior_gifts(d, hfc, P_FINANCE, 150);
	dp = dept_add(d, fin, "Finance", "SO2", "Chief Accountant", "MV", hfc, NULL, NULL, P_FINANCE);
	team_add(d, &dp, "Financial Accounting", P_FINANCE, NULL);
	team_add(d, &dp, "Management Accounting", P_FINANCE, "Management Accountant");
	team_add(d, &dp, "Payroll and Pensions", P_FINANCE, "Payroll Officer");
	dp = dept_add(d, fin, "Procurement", "SO2", "Head of Procurement", "MV", hfc, NULL, NULL, P_PROCUREMENT);
	long proc = team_add(d, &dp, "Procurement Team", P_PROCUREMENT, NULL);
	team_add(d, &dp, "Contract Management Team", P_PROCUREMENT, "Contract Manager");
	d->who[W_PROC_MANAGER] = member_of(d, proc, "Procurement Manager", 1);
	d->who[W_CATEGORY_MANAGER] = member_of(d, proc, "Category Manager", 0);
	dp = dept_add(d, fin, "Estates and Facilities", "SO1", "Head of Estates", "RV", hfc, NULL, NULL, P_ESTATES);
	team_add(d, &dp, "Estates Team", P_ESTATES, "Building Surveyor");
	team_add(d, &dp, "Facilities Management North", P_ESTATES, NULL);
	team_add(d, &dp, "Facilities Management South", P_ESTATES, NULL);
	team_add(d, &dp, "Central Stores and Property", P_ESTATES, "Stores and Property Officer");
	dp = dept_add(d, fin, "Fleet Services", "SO1", "Head of Fleet", "RV", hfc, NULL, NULL, P_FLEET);
	team_add(d, &dp, "Fleet Workshop North", P_FLEET, NULL);
	team_add(d, &dp, "Fleet Workshop South", P_FLEET, NULL);
	long fleet = team_add(d, &dp, "Fleet Management", P_FLEET, "Fleet Officer");
	d->who[W_FLEET_MANAGER] = member_of(d, fleet, "Fleet Manager", 1);

	/* Digital, Data and Technology */
	long ddat = unit_add(d, "Digital, Data and Technology", U_DIRECTORATE, force);
	long dir_dt = person_add(d, ddat, "PO4", "Director of Digital, Data and Technology", "SC", dcc);
	senior_gifts(d, dir_dt, P_ICT, 150);
	dp = dept_add(d, ddat, "ICT Services", "SO2", "Head of ICT Services", "SC", dir_dt, NULL, NULL, P_ICT);
	d->who[W_HEAD_ICT] = dp.head;
	team_add(d, &dp, "ICT Service Desk", P_ICT, "Service Desk Analyst");
	team_add(d, &dp, "Infrastructure and Networks", P_ICT, "Network Engineer");
	long apps = team_add(d, &dp, "Business Applications", P_ICT, "Applications Developer");
	team_add(d, &dp, "Radio and Telecommunications", P_ICT, "Radio Engineer");
	team_add(d, &dp, "End User Computing", P_ICT, "Desktop Engineer");
	d->who[W_ADMIN] = member_of(d, apps, "ICT Team Leader", 1);
	dp = dept_add(d, ddat, "Data and Information Security", "SO1", "Head of Information Security", "SC", dir_dt,
	              NULL, NULL, P_ICT);
	team_add(d, &dp, "Information Security Team", P_ICT, "Information Security Analyst");
	team_add(d, &dp, "Data and Analytics Team", P_ICT, "Data Engineer");
}

/* Leavers: a few plain members (never a manager or a login holder) left in
 * the last two years. */
static void choose_leavers(struct demo *d)
{
	for (int w = 0; w < W_COUNT; w++)
		if (d->who[w] >= 0)
			d->p[d->who[w]].keep = 1;
	for (size_t i = 0; i < d->np; i++) {
		struct dperson *p = &d->p[i];
		if (p->reports || p->keep || p->chief || !rng_permille(&d->rng, 25))
			continue;
		long lo = p->start + 200, hi = d->today_n - 2;
		if (lo < d->today_n - 730)
			lo = d->today_n - 730;
		if (lo < hi)
			p->leave = rng_range(&d->rng, lo, hi);
	}
}

/* ------------------------------------------------------------------ */
/* Part: units, posts, people, protected characteristics. */

static int org_generate(struct demo *d)
{
	free(d->u);
	free(d->po);
	free(d->p);
	d->u = NULL;
	d->po = NULL;
	d->p = NULL;
	d->nu = d->cu = d->npo = d->cpo = d->np = d->cp = 0;
	memset(d->used_numbers, 0, NUM_HI / 8 + 1);
	memset(d->used_refs, 0, (REF_HI - REF_LO) / 8 + 1);
	for (int w = 0; w < W_COUNT; w++)
		d->who[w] = -1;
	d->scalable = 0;
	rng_seed(&d->rng, d->seed, "people");
	rng_seed(&d->rsize, d->seed, "team sizes");
	build_org(d);
	return 0;
}

static int part_people_and_units(struct demo *d, struct err *e)
{
	/* Two passes: the first measures how many people the teams hold at
	 * their base sizes, the second scales the teams to the target. */
	d->scale = 1.0;
	if (org_generate(d))
		return err_set(e, ERR_NOMEM, "out of memory");
	long fixed = (long)d->np - d->scalable;
	if (d->scalable > 0 && d->target > fixed)
		d->scale = (double)(d->target - fixed) / (double)d->scalable;
	if (org_generate(d))
		return err_set(e, ERR_NOMEM, "out of memory");
	for (int w = 0; w < W_COUNT; w++)
		if (d->who[w] < 0)
			return err_set(e, ERR_INTERNAL, "demo: no person for login slot %d", w);
	choose_leavers(d);

	for (size_t i = 0; i < d->nu; i++) {
		struct dunit *u = &d->u[i];
		if (store_exec(d->st, e, "INSERT INTO units(name, kind, parent_id) VALUES(?, ?, NULLIF(?, 0))", "tti",
		               u->name, demo_unit_kinds[u->kind], u->parent >= 0 ? d->u[u->parent].id : (int64_t)0))
			return -1;
		u->id = store_last_id(d->st);
		d->sum->units_by_kind[u->kind]++;
	}
	for (size_t i = 0; i < d->npo; i++) {
		struct dpost *po = &d->po[i];
		if (store_exec(d->st, e, "INSERT INTO posts(title, unit_id, vetting_level) VALUES(?, ?, ?)", "tit",
		               po->title, d->u[po->unit].id, po->vet))
			return -1;
		po->id = store_last_id(d->st);
	}
	d->sum->posts = (long)d->npo;
	for (size_t i = 0; i < d->np; i++) {
		struct dperson *p = &d->p[i];
		char start[11], leave[11] = "";
		date_format(p->start, start);
		if (p->leave)
			date_format(p->leave, leave);
		if (store_exec(d->st, e,
		               "INSERT INTO people(staff_number, forenames, surname, kind, rank, unit_id, post_id, "
		               "manager_id, start_date, leave_date, person_ref, chief_officer) "
		               "VALUES(?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?)",
		               "ttttt" "iii" "ttt" "d", p->staff_number, p->forenames, p->surname, kind_names[p->kind],
		               p->rank, d->u[p->unit].id, d->po[p->post].id,
		               p->manager >= 0 ? d->p[p->manager].id : (int64_t)0, start, leave, p->person_ref,
		               p->chief))
			return -1;
		p->id = store_last_id(d->st);
		if (store_exec(d->st, e,
		               "INSERT INTO protected_characteristics(person_id, ethnicity, sex, religion, disability, "
		               "sexual_orientation) VALUES(?, ?, ?, ?, ?, ?)",
		               "ittttt", p->id, ethnicities[p->eth].name, sexes[p->sex], religions[p->rel],
		               disabilities[p->dis], orientations[p->orient]))
			return -1;
		struct demo_summary *s = d->sum;
		s->people++;
		s->officers += p->kind == K_OFFICER;
		s->staff += p->kind == K_STAFF;
		s->specials += p->kind == K_SPECIAL;
		s->volunteers += p->kind == K_VOLUNTEER;
		s->leavers += p->leave != 0;
		s->chief_officers += p->chief;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Part: demo accounts, one per role, all with the one demo password. */

static const struct demo_account {
	const char *username;
	unsigned roles;
	const char *label;
	int who;        /* enum who, or -1 for an account without a person */
} demo_accounts[] = {
	{ "staff", 0, "staff", W_STAFF },
	{ "manager", 0, "line manager", W_MANAGER },
	{ "psd", ROLE_PSD, "psd", W_PSD },
	{ "acu", ROLE_ACU, "acu", W_ACU },
	{ "vetting", ROLE_VETTING, "vetting", W_VETTING },
	{ "reviewer", ROLE_REVIEWER, "reviewer", W_REVIEWER },
	{ "dcc", ROLE_DCC, "dcc", W_DCC },
	{ "governance", ROLE_GOVERNANCE, "governance", W_GOVERNANCE },
	{ "ethics", ROLE_ETHICS_PANEL, "ethics_panel", W_ETHICS },
	{ "scrutiny", ROLE_SCRUTINY, "scrutiny", -1 },
	{ "pcc", ROLE_PCC, "pcc", -1 },
	{ "admin", ROLE_ADMIN, "admin", W_ADMIN },
	{ "equality", ROLE_EQUALITY, "equality", -1 },
	{ "training", ROLE_TRAINING, "training", -1 },
};

static int part_accounts(struct demo *d, const char *password, struct err *e)
{
	for (size_t i = 0; i < NELEM(demo_accounts) && i < DEMO_LOGINS_MAX; i++) {
		const struct demo_account *a = &demo_accounts[i];
		const struct dperson *p = a->who >= 0 ? &d->p[d->who[a->who]] : NULL;
		int64_t id = 0;
		if (account_add(d->st, a->username, password, p ? p->staff_number : NULL, a->roles, &id, e))
			return -1;
		if (a->who == W_PSD)
			d->psd_account = id;
		if (a->who == W_STAFF)
			d->staff_account = id;
		struct demo_login *l = &d->sum->logins[d->sum->nlogins++];
		snprintf(l->username, sizeof l->username, "%s", a->username);
		snprintf(l->role, sizeof l->role, "%s", a->label);
		if (p) {
			snprintf(l->staff_number, sizeof l->staff_number, "%s", p->staff_number);
			snprintf(l->who, sizeof l->who, "%s %s, %s, %s", p->forenames, p->surname, d->po[p->post].title,
			         d->u[p->unit].name);
		} else {
			snprintf(l->who, sizeof l->who, "%s",
			         a->roles == ROLE_PCC        ? "Office of the Police and Crime Commissioner (no staff record)"
			         : a->roles == ROLE_EQUALITY ? "Diversity and inclusion lead (no staff record)"
			         : a->roles == ROLE_TRAINING ? "Training lead (no staff record)"
			                                     : "Independent panel member (no staff record)");
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Part: three years of gifts and hospitality. */

enum offtype { OF_PUBLIC, OF_LOCAL, OF_SUPPLIER, OF_CHARITY, OF_COMMUNITY, OF_FORCE, OF_PARTNER, OF_MEDIA, OF_CLUB };

struct supplier {
	const char *name;
	int sector;
	const char *relationship;
};

/* Fictional suppliers. Shared: the procurement cross-check (M4) will give
 * some of them contracts. */
static const struct supplier suppliers[] = {
	{ "Kestrel Digital Systems Ltd", SEC_ICT, "Bidder for the ICT managed service contract (tender NP-ICT-07)" },
	{ "Cobalt Network Services Ltd", SEC_ICT, "Current supplier: network support contract" },
	{ "Helix Software Solutions Ltd", SEC_ICT, "Current supplier: records management system licences" },
	{ "Northern Radio Communications Ltd", SEC_ICT, "Current supplier: radio terminal maintenance" },
	{ "Castlegate Fleet Solutions Ltd", SEC_FLEET, "Current supplier: fleet maintenance and vehicle leasing" },
	{ "Marlowe Motors Ltd", SEC_FLEET, "Bidder in the response vehicle framework" },
	{ "Tyreway Commercial Ltd", SEC_FLEET, "Current supplier: tyres and roadside recovery" },
	{ "Brightwater Facilities Management Ltd", SEC_ESTATES, "Current supplier: facilities management contract" },
	{ "Stonebridge Construction Ltd", SEC_ESTATES, "Contractor for the new Eastmoor station" },
	{ "Greenleaf Cleaning Services Ltd", SEC_ESTATES, "Current supplier: cleaning contract" },
	{ "Aldgate Security Systems Ltd", SEC_ESTATES, "Current supplier: access control and CCTV" },
	{ "Beacon Recruitment Ltd", SEC_HR, "Current supplier: agency staff" },
	{ "Mindwell Occupational Health Ltd", SEC_HR, "Current supplier: occupational health services" },
	{ "Clearpath Training Ltd", SEC_HR, "Current supplier: leadership training" },
	{ "Harland & Pike Chartered Accountants", SEC_FINANCE, "Internal audit provider" },
	{ "Northern Counties Bank plc", SEC_FINANCE, "The force's bank" },
	{ "Sentinel Insurance Services Ltd", SEC_FINANCE, "Insurance broker to the force" },
	{ "Ashcombe Wright LLP", SEC_LEGAL, "External solicitors on the force's legal panel" },
	{ "Fenner Street Chambers", SEC_LEGAL, "Barristers instructed by the force" },
	{ "Meridian Forensic Services Ltd", SEC_GENERAL, "Current supplier: forensic science services" },
	{ "Harbourline Uniforms Ltd", SEC_GENERAL, "Current supplier: uniform and protective equipment" },
	{ "Pennine Custody Healthcare Ltd", SEC_GENERAL, "Current supplier: custody healthcare" },
	{ "Vantage Body Worn Video Ltd", SEC_GENERAL, "Current supplier: body-worn video cameras" },
};

static const char *const local_businesses[] = {
	"The Red Lion, Northgate", "Castle Street Cafe", "Patel's Convenience Store", "Hallow Hill Garage",
	"Golden Dragon Takeaway", "Millbeck Butchers", "Riverside Shopping Centre", "Eastmoor Golf Club",
	"Kings Arms Hotel", "Westbridge Car Sales", "Bella Napoli Restaurant", "Stoneleigh Garden Centre",
	"Northgate Fitness Centre", "Sunrise Bakery", "Ashcombe Farm Shop", "Southvale Taxis Ltd",
	"Northgate Chamber of Trade",
};
static const char *const charities[] = { "Northshire Air Ambulance Trust", "Northshire Victims' Care",
	                                 "Hallow Hill Hospice", "Riverside Food Bank", "Northshire Children's Fund" };
static const char *const community_groups[] = {
	"Eastmoor Mosque Community Association", "Westbridge Residents' Association", "Southvale Gurdwara Committee",
	"St Mark's Church Lunch Club", "Northgate Hindu Temple", "Millbeck Community Centre",
	"Stoneleigh Women's Institute", "Fenwick Bridge Polish Club",
};
static const char *const other_forces[] = { "Westmarch Constabulary", "Eastfield Police", "Borderlands Police",
	                                    "Dales and Fells Constabulary", "Southmoor Police" };
static const char *const partners[] = {
	"Northshire County Council", "Northgate City Council", "University of Northshire",
	"Northshire Fire and Rescue Service", "Northshire NHS Foundation Trust",
	"Office of the Police and Crime Commissioner for Northshire",
};
static const char *const media[] = { "Northshire Evening Echo", "Radio Northshire", "Northern Lights Television",
	                             "Fenwick Films Ltd" };
static const char *const clubs[] = { "Northgate Town FC", "Northshire County Cricket Club", "Eastmoor Rovers FC",
	                             "Westbridge Racecourse", "Northshire Summer Festival Ltd",
	                             "Northshire County Show Society", "Southvale Rugby Club" };

struct scenario {
	unsigned char groups;  /* GG_* this offer comes to */
	short weight;
	char kind;             /* g gift, h hospitality, o other */
	unsigned char off;     /* enum offtype */
	short lo, hi;          /* value in pounds */
	short accept;          /* per mille accepted */
	unsigned char xmas;    /* offered in December */
	const char *desc[3];
	const char *why_yes, *why_no;
};

static const struct scenario scenarios[] = {
	{ GG_PUBLIC | GG_COMMUNITY | GG_OFFICE, 30, 'g', OF_PUBLIC, 5, 25, 880, 0,
	  { "Box of chocolates from grateful victim's family", "Box of chocolates and a thank-you card",
	    "Tin of biscuits for the team from a grateful resident" },
	  "Small token of thanks; shared with the team", "Offeror is a witness in an ongoing case" },
	{ GG_PUBLIC | GG_COMMUNITY, 10, 'g', OF_PUBLIC, 15, 40, 750, 0,
	  { "Bouquet of flowers from the family of a missing person found safe",
	    "Flowers from a burglary victim after the offender was charged", "Flowers and a card" },
	  "Refusal would have caused offence; flowers put on display at the station", "Case still before the court" },
	{ GG_PUBLIC | GG_COMMUNITY | GG_OFFICE, 8, 'g', OF_PUBLIC, 10, 50, 120, 0,
	  { "Gift voucher in a thank-you card", "High-street gift voucher from a victim's relative",
	    "Gift card for a coffee shop" },
	  "Donated to the force charity raffle", "Vouchers are treated as cash and declined" },
	{ GG_PUBLIC, 5, 'g', OF_PUBLIC, 10, 200, 0, 0,
	  { "Cash offered by a member of the public after a road traffic collision",
	    "Envelope of cash offered by a shop owner for the team", "Cash tip offered after recovering a stolen car" },
	  "", "Cash is never accepted" },
	{ GG_PUBLIC | GG_COMMUNITY, 8, 'g', OF_PUBLIC, 8, 45, 350, 0,
	  { "Bottle of wine", "Bottle of whisky from a victim's family", "Bottle of wine from a grateful resident" },
	  "Low value; shared at a team social event", "Alcohol declined in line with policy" },
	{ GG_PUBLIC | GG_COMMUNITY, 8, 'h', OF_LOCAL, 5, 25, 120, 0,
	  { "Offer of a free meal at a local takeaway", "Free meals offered to officers by a restaurant owner",
	    "Free breakfast offered at a roadside cafe" },
	  "Accepted once to avoid offence; will decline in future", "Could be seen as seeking preferential treatment" },
	{ GG_PUBLIC | GG_COMMUNITY | GG_OFFICE, 10, 'h', OF_LOCAL, 1, 5, 930, 0,
	  { "Tea and coffee from cafe owner during patrol", "Refreshments at a community meeting",
	    "Coffee and cake at a residents' drop-in" },
	  "Refreshments of trivial value", "Declined: offered every shift" },
	{ GG_PUBLIC | GG_COMMUNITY, 3, 'o', OF_LOCAL, 20, 400, 0, 0,
	  { "Offer of a discount on car servicing at a local garage", "Offer of free gym membership for officers",
	    "Staff discount at a local retailer offered to officers" },
	  "", "Discounts not available to the public are declined" },
	{ GG_PUBLIC | GG_COMMUNITY | GG_EVENTS, 5, 'h', OF_CLUB, 25, 90, 550, 0,
	  { "Tickets to a football match", "Two tickets to a home match from the club's community trust",
	    "Tickets to a rugby match" },
	  "Attended as part of community engagement", "The ground is policed by my team" },
	{ GG_PUBLIC | GG_COMMUNITY | GG_OFFICE, 4, 'g', OF_LOCAL, 30, 150, 300, 1,
	  { "Christmas hamper", "Christmas hamper from a local business", "Christmas hamper for the station" },
	  "Shared with the team and raffled for charity", "Value too high; offeror is a regular caller to the station" },
	{ GG_COMMUNITY, 8, 'h', OF_COMMUNITY, 8, 25, 900, 0,
	  { "Invitation to an Eid celebration meal", "Christmas lunch at the residents' association",
	    "Iftar meal at the mosque during Ramadan" },
	  "Community engagement agreed with my sergeant in advance", "Unable to attend" },
	{ GG_COMMUNITY, 4, 'g', OF_COMMUNITY, 5, 20, 900, 0,
	  { "Diwali sweets for the neighbourhood team", "Homemade cakes from a community group",
	    "Vaisakhi sweets for the neighbourhood team" },
	  "Shared with the team", "Declined politely" },
	{ GG_COMMUNITY | GG_SENIOR, 4, 'h', OF_CHARITY, 30, 80, 600, 0,
	  { "Tickets to a charity fundraising dinner", "Charity ball tickets", "Place at a charity quiz night" },
	  "Supporting a partner charity", "Offered after a grant decision involving the force" },
	{ GG_COMMUNITY | GG_SENIOR | GG_MEDIA, 3, 'h', OF_LOCAL, 30, 60, 500, 1,
	  { "Chamber of Trade Christmas party", "Christmas drinks at the shopping centre", "Christmas dinner invitation" },
	  "Partnership engagement", "Offeror is in dispute with the council over licensing" },
	{ GG_SUPPLIER, 10, 'h', OF_SUPPLIER, 15, 40, 750, 0,
	  { "Working lunch at the supplier's offices", "Sandwich lunch at a product demonstration",
	    "Lunch during a contract review meeting" },
	  "Working lunch during a contract meeting", "Supplier is bidding in a live tender" },
	{ GG_SUPPLIER, 8, 'h', OF_SUPPLIER, 40, 140, 450, 0,
	  { "Dinner at supplier's annual conference", "Dinner with the supplier's account director",
	    "Evening meal after a site visit" },
	  "Networking relevant to my role; modest value", "Supplier is bidding in a live tender" },
	{ GG_SUPPLIER | GG_SENIOR, 4, 'h', OF_SUPPLIER, 150, 600, 300, 0,
	  { "Corporate box tickets at an international rugby match", "Hospitality at a Premier League football match",
	    "Hospitality package at the races" },
	  "Attended with my line manager's prior agreement", "Lavish hospitality from a supplier" },
	{ GG_SUPPLIER, 3, 'h', OF_SUPPLIER, 80, 250, 250, 0,
	  { "Place at the supplier's golf day", "Golf day and dinner", "Clay pigeon shooting day" },
	  "Attended on annual leave with agreement", "Declined: leisure hospitality from a supplier" },
	{ GG_SUPPLIER | GG_SENIOR, 3, 'h', OF_SUPPLIER, 300, 1200, 450, 0,
	  { "Two nights' hotel and conference pass at the supplier's user conference",
	    "Free place at an industry conference with travel and accommodation",
	    "Overseas study visit paid for by supplier" },
	  "Learning relevant to the contract; the force would otherwise have paid",
	  "Value too high; the force will pay if attendance is needed" },
	{ GG_SUPPLIER | GG_OFFICE, 8, 'g', OF_SUPPLIER, 2, 15, 900, 0,
	  { "Branded pen, notebook and mug", "Branded USB stick (handed to information security, not used)",
	    "Calendar and diary from supplier" },
	  "Low-value promotional item", "Declined: promotional items from a bidder" },
	{ GG_SUPPLIER, 4, 'g', OF_SUPPLIER, 50, 200, 250, 1,
	  { "Christmas hamper", "Christmas hamper from supplier", "Luxury Christmas hamper delivered to the office" },
	  "Shared with the team", "Supplier gifts over the limit are declined" },
	{ GG_SUPPLIER, 3, 'g', OF_SUPPLIER, 30, 90, 150, 0,
	  { "Bottle of champagne from supplier after contract signing", "Case of wine from supplier",
	    "Bottle of whisky from supplier" },
	  "Opened at the project team's completion lunch", "Alcohol from a supplier is declined" },
	{ GG_SUPPLIER | GG_MEDIA, 2, 'h', OF_SUPPLIER, 60, 200, 250, 0,
	  { "Theatre tickets", "Tickets to a concert", "Tickets to a West End show with dinner" },
	  "Agreed in advance as client relationship event", "Leisure hospitality from a supplier" },
	{ GG_SUPPLIER, 2, 'g', OF_SUPPLIER, 25, 100, 30, 0,
	  { "Shopping voucher offered for completing a supplier survey", "Prize draw entry with a voucher",
	    "Gift card offered at a trade stand" },
	  "Donated to the force charity", "Vouchers are treated as cash and declined" },
	{ GG_SENIOR, 10, 'h', OF_PARTNER, 25, 80, 900, 0,
	  { "Dinner hosted by a partner organisation", "Working dinner with partner chief executives",
	    "Lunch at a partnership board away day" },
	  "Official engagement with a partner organisation", "Diary clash" },
	{ GG_SENIOR | GG_MEDIA, 6, 'h', OF_MEDIA, 60, 150, 850, 0,
	  { "Place at a community awards dinner", "Guest at the county business awards dinner",
	    "Guest at the newspaper's annual awards" },
	  "Presenting an award on behalf of the force", "Declined to avoid perceived bias towards the newspaper" },
	{ GG_SENIOR, 4, 'h', OF_PARTNER, 150, 900, 800, 0,
	  { "Travel and hotel paid by the conference organiser as keynote speaker",
	    "Accommodation at a national policing conference paid by the host",
	    "Flights and hotel for a speaking engagement" },
	  "Speaking in an official capacity; approved by the chief constable", "The force paid instead" },
	{ GG_SENIOR | GG_OFFICE, 5, 'g', OF_FORCE, 10, 60, 920, 0,
	  { "Engraved plaque from a visiting police delegation", "Force crest presented by another force",
	    "Book presented by a visiting delegation" },
	  "Ceremonial gift; displayed at headquarters", "" },
	{ GG_SENIOR | GG_OFFICE, 4, 'h', OF_FORCE, 15, 60, 900, 0,
	  { "Dinner hosted by another force during a national conference", "Lunch provided during mutual aid deployment",
	    "Refreshments at a regional collaboration meeting" },
	  "Hosted by another police force", "" },
	{ GG_SENIOR | GG_EVENTS, 3, 'h', OF_CLUB, 100, 400, 350, 0,
	  { "Director's box at a football match", "Hospitality at the county cricket ground",
	    "Hospitality at the races" },
	  "Attended in an official capacity to discuss policing of events", "The club has a live licensing dispute" },
	{ GG_MEDIA, 6, 'h', OF_MEDIA, 20, 80, 400, 0,
	  { "Lunch with a journalist from the local newspaper", "Drinks reception hosted by a regional TV station",
	    "Coffee and lunch with a documentary producer" },
	  "Relationship building with local media", "Could be seen as trading information" },
	{ GG_MEDIA, 2, 'g', OF_MEDIA, 20, 100, 200, 0,
	  { "Gift from a television production company after a documentary", "Branded hamper from a radio station",
	    "Signed book from a crime writer researching a novel" },
	  "Low value; kept in the office", "Offered after filming: declined" },
	{ GG_EVENTS, 6, 'h', OF_CLUB, 30, 150, 450, 0,
	  { "Tickets to the summer music festival", "Hospitality at the county show",
	    "Tickets offered by an event organiser after a safety planning meeting" },
	  "Attended to observe event safety arrangements", "Event is policed by my team" },
	{ GG_OFFICE | GG_PUBLIC, 5, 'g', OF_PUBLIC, 5, 30, 900, 0,
	  { "Thank-you card and chocolates from a caller helped by the control room",
	    "Biscuits from a member of the public for the front counter team", "Cake for the team" },
	  "Shared with the team", "" },
	{ GG_OFFICE | GG_SUPPLIER, 4, 'h', OF_SUPPLIER, 10, 40, 850, 0,
	  { "Lunch provided at a training provider's course", "Refreshments at a supplier's webinar event",
	    "Buffet at a product launch" },
	  "Provided to all attendees", "Declined: supplier is bidding" },
};

/* Offers that only make sense from one kind of offeror. */
static const struct {
	const char *desc, *org;
} desc_offerors[] = {
	{ "Tea and coffee from cafe owner during patrol", "Castle Street Cafe" },
	{ "Refreshments at a community meeting", "Millbeck Community Centre" },
	{ "Coffee and cake at a residents' drop-in", "Westbridge Residents' Association" },
	{ "Offer of a free meal at a local takeaway", "Golden Dragon Takeaway" },
	{ "Free meals offered to officers by a restaurant owner", "Bella Napoli Restaurant" },
	{ "Free breakfast offered at a roadside cafe", "Castle Street Cafe" },
	{ "Offer of a discount on car servicing at a local garage", "Hallow Hill Garage" },
	{ "Offer of free gym membership for officers", "Northgate Fitness Centre" },
	{ "Staff discount at a local retailer offered to officers", "Riverside Shopping Centre" },
	{ "Tickets to a football match", "Northgate Town FC" },
	{ "Two tickets to a home match from the club's community trust", "Eastmoor Rovers FC" },
	{ "Tickets to a rugby match", "Southvale Rugby Club" },
	{ "Invitation to an Eid celebration meal", "Eastmoor Mosque Community Association" },
	{ "Christmas lunch at the residents' association", "Westbridge Residents' Association" },
	{ "Iftar meal at the mosque during Ramadan", "Eastmoor Mosque Community Association" },
	{ "Diwali sweets for the neighbourhood team", "Northgate Hindu Temple" },
	{ "Vaisakhi sweets for the neighbourhood team", "Southvale Gurdwara Committee" },
	{ "Chamber of Trade Christmas party", "Northgate Chamber of Trade" },
	{ "Christmas drinks at the shopping centre", "Riverside Shopping Centre" },
	{ "Christmas dinner invitation", "Kings Arms Hotel" },
	{ "Director's box at a football match", "Northgate Town FC" },
	{ "Hospitality at the county cricket ground", "Northshire County Cricket Club" },
	{ "Hospitality at the races", "Westbridge Racecourse" },
	{ "Tickets to the summer music festival", "Northshire Summer Festival Ltd" },
	{ "Hospitality at the county show", "Northshire County Show Society" },
};

static const char *const public_relationships[] = { "Victim in a case I investigated", "Member of the public I helped",
	                                            "Relative of a missing person I located", "None" };

#define KESTREL_AWARDED "Current supplier: ICT managed service contract (awarded after tender NP-ICT-07)"

struct dgift {
	long person;
	long day;                /* date offered */
	const char *org;
	char offeror_person[64];
	char kind;
	const char *desc;
	int64_t value;
	int accepted;
	const char *reason;
	const char *rel;
	int status;              /* index into demo_gift_statuses */
	long manager;            /* person index, -1 none */
	const char *mdec, *mcom;
	char mat[21];
	int psd;                 /* decided by PSD */
	const char *pdec, *pcom;
	char pat[21];
	char created[21];
	int hold;                /* 1: stays with the manager; 2: stays with PSD */
	int supplier_risk;       /* supplier offer: PSD and managers refuse more */
};

static void stamp(struct rng *r, long day, char out[21])
{
	char ds[11];
	date_format(day, ds);
	snprintf(out, 21, "%sT%02ld:%02ld:%02ldZ", ds, rng_range(r, 7, 18), rng_range(r, 0, 59), rng_range(r, 0, 59));
}

/* Round pence to what people write down: 50p steps, then pounds, then fives. */
static int64_t round_value(double pounds)
{
	if (pounds < 20)
		return (int64_t)llround(pounds * 2) * 50;
	if (pounds < 100)
		return (int64_t)llround(pounds) * 100;
	return (int64_t)llround(pounds / 5) * 500;
}

static int64_t draw_value(struct rng *r, int lo, int hi)
{
	double l = log((double)lo), h = log((double)hi);
	return round_value(exp(l + (h - l) * rng_unit(r)));
}

static const struct supplier *supplier_for(struct rng *r, int sector)
{
	const struct supplier *pool[NELEM(suppliers)];
	size_t n = 0;
	for (size_t i = 0; i < NELEM(suppliers); i++)
		if (sector == SEC_ANY || suppliers[i].sector == sector)
			pool[n++] = &suppliers[i];
	return n ? pool[rng_below(r, (long)n)] : &suppliers[rng_below(r, (long)NELEM(suppliers))];
}

static void public_person(struct rng *r, char *out, size_t n)
{
	static const char *const titles[] = { "Mr", "Mrs", "Ms", "Miss", "Mr and Mrs", "Dr" };
	static const char initials[] = "ABCDEFGHIJKLMNPRSTW";
	const char *sur = name_from(r, sur_lists, NELEM(sur_lists), rng_permille(r, 850) ? 'B' : "IEHMCAKR"[rng_below(r, 8)]);
	const char *t = PICK(r, titles);
	if (!strcmp(t, "Mr and Mrs"))
		snprintf(out, n, "%s %s", t, sur);
	else
		snprintf(out, n, "%s %c. %s", t, initials[rng_below(r, (long)sizeof initials - 1)], sur);
}

/* Fill g's offer from scenario sc for person p. */
static void offer_fill(struct demo *d, struct dgift *g, const struct scenario *sc, const struct dperson *p)
{
	struct rng *r = &d->rng;
	g->kind = sc->kind;
	g->desc = sc->desc[rng_below(r, 3)];
	g->value = draw_value(r, sc->lo, sc->hi);
	g->accepted = rng_permille(r, sc->accept);
	g->reason = g->accepted ? sc->why_yes : sc->why_no;
	g->org = "";
	g->offeror_person[0] = 0;
	g->rel = "None";
	switch (sc->off) {
	case OF_PUBLIC:
		public_person(r, g->offeror_person, sizeof g->offeror_person);
		g->rel = PICK(r, public_relationships);
		break;
	case OF_LOCAL:
		g->org = PICK(r, local_businesses);
		g->rel = rng_permille(r, 500) ? "Business in my neighbourhood area" : "None";
		break;
	case OF_SUPPLIER: {
		const struct supplier *s = supplier_for(r, p->sector);
		g->org = s->name;
		g->rel = s->relationship;
		if (s == &suppliers[0] && g->day >= d->kestrel_award)
			g->rel = KESTREL_AWARDED;
		g->supplier_risk = 1;
		break;
	}
	case OF_CHARITY:
		g->org = PICK(r, charities);
		g->rel = "Charity the force works with";
		break;
	case OF_COMMUNITY:
		g->org = PICK(r, community_groups);
		g->rel = "Community group in my area";
		break;
	case OF_FORCE:
		g->org = PICK(r, other_forces);
		g->rel = "Another police force";
		break;
	case OF_PARTNER:
		g->org = PICK(r, partners);
		g->rel = "Partner organisation";
		break;
	case OF_MEDIA:
		g->org = PICK(r, media);
		g->rel = "Local media";
		break;
	default:
		g->org = PICK(r, clubs);
		g->rel = "Organiser of events the force polices";
		break;
	}
	for (size_t i = 0; i < NELEM(desc_offerors); i++)
		if (!strcmp(g->desc, desc_offerors[i].desc))
			g->org = desc_offerors[i].org;
	if (!*g->reason)
		g->reason = g->accepted ? "Token of thanks" : "Declined politely";
}

static const char *const mgr_ok_accepted[] = { "", "Approved.", "Fine to accept - please share with the team.",
	                                       "Appropriate and declared promptly. Thank you.", "Approved; within policy." };
static const char *const mgr_ok_declined[] = { "", "Agreed - right to decline.",
	                                       "Correct decision. Thank you for declaring." };
static const char *const mgr_refuse[] = {
	"This should have been declined: please return it with a polite letter.",
	"The offeror has a live business relationship with the force. Please return the item.",
	"Above the limit for this kind of gift; please donate it to the force charity.",
	"Attendance was not agreed in advance; please decline future invitations.",
};
static const char *const psd_ok[] = { "Approved. Recorded on the register.",
	                              "Approved: official engagement, proportionate value.",
	                              "No conflict identified; approved." };
static const char *const psd_refuse[] = {
	"Refused: the offeror is bidding for a force contract. Do not attend.",
	"Refused: value disproportionate to the engagement.",
	"Refused: repeated hospitality from the same supplier. Please speak to PSD.",
};

/* Walk g through the workflow up to yesterday: recorded (before the register
 * went live), or declared, decided by the line manager, and over the PSD
 * threshold decided by PSD; whatever is not yet decided is still waiting. */
static void gift_flow(struct demo *d, struct dgift *g, long live_day, int64_t threshold)
{
	struct rng *r = &d->rng;
	const struct dperson *p = &d->p[g->person];
	long last = d->today_n - 1;
	g->manager = -1;
	if (g->day < live_day && !g->hold) {
		g->status = 4; /* recorded: imported from the old spreadsheet register */
		stamp(r, live_day, g->created);
		return;
	}
	long lag = rng_permille(r, 600) ? rng_range(r, 0, 3) : rng_range(r, 4, 20);
	long cday = g->day + lag > last ? last : g->day + lag;
	stamp(r, cday, g->created);
	if (!g->accepted && !g->hold) {
		g->status = 4; /* recorded: a declined offer needs no decision */
		return;
	}
	long pstart = cday;
	if (p->manager >= 0) {
		g->manager = p->manager;
		long mday = cday + (rng_permille(r, 700) ? rng_range(r, 1, 5) : rng_range(r, 6, 21));
		/* a few the manager has sat on for weeks */
		int stale = cday > last - 90 && rng_permille(r, 15);
		if (g->hold == 1 || mday > last || stale) {
			g->status = 0;
			return;
		}
		stamp(r, mday, g->mat);
		int refuse = 0;
		if (g->accepted) {
			int pr = 40 + (g->supplier_risk ? 100 : 0) + (g->value > 10000 ? 60 : 0);
			refuse = rng_permille(r, pr);
		} else {
			refuse = rng_permille(r, 5);
		}
		if (refuse) {
			g->mdec = "refused";
			g->mcom = g->accepted ? PICK(r, mgr_refuse) : "The offer should have been reported to PSD at once.";
			g->status = 3;
			return;
		}
		g->mdec = "approved";
		g->mcom = g->accepted ? PICK(r, mgr_ok_accepted) : PICK(r, mgr_ok_declined);
		if (g->value <= threshold && g->hold != 2) {
			g->status = 2;
			return;
		}
		pstart = mday;
	}
	long pday = pstart + (rng_permille(r, 500) ? rng_range(r, 2, 10) : rng_range(r, 11, 35));
	if (g->hold == 2 || pday > last) {
		g->status = 1;
		return;
	}
	g->psd = 1;
	stamp(r, pday, g->pat);
	int refuse = g->accepted && rng_permille(r, g->supplier_risk ? 250 : 50);
	g->pdec = refuse ? "refused" : "approved";
	g->pcom = refuse ? PICK(r, psd_refuse) : PICK(r, psd_ok);
	g->status = refuse ? 3 : 2;
}

struct gifts_out {
	struct dgift *g;
	size_t n, cap;
};

static struct dgift *gift_new(struct gifts_out *o, long person, long day)
{
	DEMO_GROW(o->g, o->cap, o->n, 64);
	struct dgift *g = &o->g[o->n++];
	memset(g, 0, sizeof *g);
	g->person = person;
	g->day = day;
	return g;
}

/* A scenario for person p, drawn with the scenario weights among those
 * offered to p's gift groups. */
static const struct scenario *scenario_for(struct rng *r, const struct dperson *p)
{
	int w[NELEM(scenarios)];
	for (size_t i = 0; i < NELEM(scenarios); i++)
		w[i] = (scenarios[i].groups & p->gifts) ? scenarios[i].weight : 0;
	return &scenarios[rng_weighted(r, w, NELEM(scenarios))];
}

/* The one supplier that keeps entertaining the same procurement and ICT
 * people, before and after winning its contract: the pattern PSD should
 * spot (and the procurement cross-check will). */
static const struct {
	char kind;
	int pounds;
	const char *desc;
	int accepted;
} kestrel_offers[] = {
	{ 'h', 45, "Lunch at the supplier's offices to discuss the ICT strategy", 1 },
	{ 'h', 95, "Dinner with the supplier's account director", 1 },
	{ 'h', 240, "Corporate box tickets at an international rugby match", 1 },
	{ 'g', 120, "Christmas hamper from supplier", 1 },
	{ 'h', 160, "Place at the supplier's golf day, with dinner", 1 },
	{ 'h', 85, "Dinner at supplier's annual conference", 1 },
	{ 'h', 680, "Two nights' hotel and conference pass at the supplier's user conference in Edinburgh", 1 },
	{ 'h', 110, "Dinner after the tender clarification meeting", 0 },
	{ 'h', 300, "Hospitality at a Premier League football match", 1 },
	{ 'g', 140, "Christmas hamper from supplier", 1 },
	{ 'h', 90, "Dinner with the supplier's new managing director", 1 },
	{ 'h', 420, "Hospitality package at the races", 1 },
	{ 'h', 75, "Dinner at supplier's annual conference", 1 },
	{ 'h', 250, "Corporate box tickets at an international rugby match", 1 },
	{ 'h', 130, "Dinner with the supplier's account director", 1 },
};

static int part_gifts(struct demo *d, struct err *e)
{
	rng_seed(&d->rng, d->seed, "gifts");
	struct rng *r = &d->rng;
	int64_t threshold = config_int(d->st, "gifts.psd_threshold_pence", 5000);
	long first = d->today_n - 3 * 365, last = d->today_n - 1;
	long live_day = first + 150; /* the electronic register went live; older entries were imported */
	d->kestrel_award = first + 40 + ((last - 10) - (first + 40)) / 2;
	struct gifts_out o = { 0 };
	int rc = -1;

	/* who declares: weighted by their rate and the days they served in the window */
	int64_t *cum = xcalloc(d->np, sizeof *cum);
	int64_t total = 0;
	for (size_t i = 0; i < d->np; i++) {
		const struct dperson *p = &d->p[i];
		long from = p->start > first ? p->start : first, to = p->leave ? p->leave - 1 : last;
		total += to > from ? (int64_t)p->rate * (to - from) : 0;
		cum[i] = total;
	}
	long n = lround(4500.0 * (double)d->np / DEMO_DEFAULT_PEOPLE) * d->gifts_factor;
	for (long k = 0; k < n && total > 0; k++) {
		int64_t x = (int64_t)(rng_next(r) % (uint64_t)total);
		size_t lo = 0, hi = d->np - 1;
		while (lo < hi) { /* first cum > x */
			size_t mid = (lo + hi) / 2;
			if (cum[mid] > x)
				hi = mid;
			else
				lo = mid + 1;
		}
		const struct dperson *p = &d->p[lo];
		long from = p->start > first ? p->start : first, to = p->leave ? p->leave - 1 : last;
		const struct scenario *sc = scenario_for(r, p);
		long day = rng_range(r, from, to);
		if (sc->xmas) { /* early December of that year, or the year before */
			int y, m, dd;
			civil_from_days(day, &y, &m, &dd);
			long xd = days_from_civil(y, 12, (int)rng_range(r, 1, 22));
			if (xd > to)
				xd = days_from_civil(y - 1, 12, (int)rng_range(r, 1, 22));
			if (xd < from || xd > to)
				continue;
			day = xd;
		}
		struct dgift *g = gift_new(&o, (long)lo, day);
		offer_fill(d, g, sc, p);
	}

	/* The recurring supplier: Kestrel and the procurement and ICT managers. */
	long kest[] = { d->who[W_CATEGORY_MANAGER], d->who[W_PROC_MANAGER], d->who[W_HEAD_ICT] };
	long span = (last - 10) - (first + 40);
	for (size_t k = 0; k < NELEM(kestrel_offers); k++) {
		long day = first + 40 + span * (long)k / (long)(NELEM(kestrel_offers) - 1) - rng_range(r, 0, 12);
		if (strstr(kestrel_offers[k].desc, "Christmas")) { /* the December nearest */
			int y, m, dd;
			civil_from_days(day, &y, &m, &dd);
			long xd = days_from_civil(m >= 6 ? y : y - 1, 12, (int)rng_range(r, 8, 20));
			if (xd >= first && xd < last)
				day = xd;
		}
		long who = kest[k % 3 == 2 ? rng_below(r, 3) : (long)(k % 2)];
		struct dgift *g = gift_new(&o, who, day);
		g->kind = kestrel_offers[k].kind;
		g->desc = kestrel_offers[k].desc;
		g->value = (int64_t)kestrel_offers[k].pounds * 100;
		g->accepted = kestrel_offers[k].accepted;
		g->org = "Kestrel Digital Systems Ltd";
		g->rel = day < d->kestrel_award ? suppliers[0].relationship : KESTREL_AWARDED;
		g->reason = g->accepted ? "Relationship management with a key supplier" : "Declined: tender still live";
		g->supplier_risk = 1;
		if (k == NELEM(kestrel_offers) - 1)
			g->hold = 2; /* the latest is with PSD now */
	}
	/* Castlegate and the fleet manager: a quieter repeat. */
	for (int k = 0; k < 8; k++) {
		long day = first + 60 + (last - 20 - first - 60) * k / 7 - rng_range(r, 0, 10);
		struct dgift *g = gift_new(&o, d->who[W_FLEET_MANAGER], day);
		static const char *const cg[] = { "Lunch during a contract review meeting", "Place at the supplier's golf day",
			                          "Dinner with the supplier's account director", "Christmas hamper from supplier" };
		g->kind = k % 4 == 3 ? 'g' : 'h';
		g->desc = cg[k % 4];
		g->value = draw_value(r, k % 4 == 0 ? 20 : 70, k % 4 == 0 ? 40 : 180);
		g->accepted = k != 5;
		g->org = "Castlegate Fleet Solutions Ltd";
		g->rel = suppliers[4].relationship;
		g->reason = g->accepted ? "Relationship management with a key supplier" : "Declined: too frequent";
		g->supplier_risk = 1;
	}
	/* The manager login's queue: declarations from their team still waiting,
	 * and the staff login's own history. */
	{
		long mgr = d->who[W_MANAGER], staff = d->who[W_STAFF];
		long team[8];
		int nt = 0;
		for (size_t i = 0; i < d->np && nt < 8; i++)
			if (d->p[i].manager == mgr && !d->p[i].leave && (long)i != staff)
				team[nt++] = (long)i;
		for (int k = 0; k < 6; k++) {
			long who = k < 2 || nt == 0 ? staff : team[k % nt];
			long day = last - rng_range(r, 1, 12);
			if (d->p[who].start > day)
				continue;
			struct dgift *g = gift_new(&o, who, day);
			offer_fill(d, g, scenario_for(r, &d->p[who]), &d->p[who]);
			if (k == 0) { /* one over the threshold, to show the two-stage route */
				g->kind = 'h';
				g->desc = "Tickets to a football match";
				g->org = "Northgate Town FC";
				g->offeror_person[0] = 0;
				g->value = 7000;
				g->accepted = 1;
				g->reason = "Attended as part of community engagement";
				g->rel = "Organiser of events the force polices";
			}
			if (!g->accepted) { /* a declined offer needs no decision: keep the queue */
				g->accepted = 1;
				g->reason = "Accepted with thanks";
			}
			g->hold = 1;
		}
		for (int k = 0; k < 5; k++) {
			long day = first + 160 + (last - 30 - first - 160) * k / 4;
			if (d->p[staff].start > day)
				continue;
			struct dgift *g = gift_new(&o, staff, day);
			offer_fill(d, g, scenario_for(r, &d->p[staff]), &d->p[staff]);
		}
	}

	/* the workflow, then oldest first so ids follow time */
	for (size_t i = 0; i < o.n; i++)
		gift_flow(d, &o.g[i], live_day, threshold);
	rc = 0;
	{
		/* sort by date offered, then created (a shell sort: the records are large and few) */
		size_t nn = o.n;
		for (size_t gap = nn / 2; gap > 0; gap /= 2)
			for (size_t i = gap; i < nn; i++) {
				struct dgift t = o.g[i];
				size_t j = i;
				while (j >= gap && (o.g[j - gap].day > t.day ||
				                    (o.g[j - gap].day == t.day && strcmp(o.g[j - gap].created, t.created) > 0))) {
					o.g[j] = o.g[j - gap];
					j -= gap;
				}
				o.g[j] = t;
			}
	}
	long legacy = 0;
	for (size_t i = 0; i < o.n && rc == 0; i++) {
		struct dgift *g = &o.g[i];
		const struct dperson *p = &d->p[g->person];
		char day[11], key[32];
		date_format(g->day, day);
		const char *import_key = NULL;
		if (g->status == 4 && g->day < live_day) {
			snprintf(key, sizeof key, "demo-legacy-%05ld", ++legacy);
			import_key = key;
		}
		const char *kind = g->kind == 'g' ? "gift" : g->kind == 'h' ? "hospitality" : "other";
		rc = store_exec(d->st, e,
		                "INSERT INTO gifts(person_id, date_offered, offeror_org, offeror_person, kind, description, "
		                "value_pence, accepted, reason, relationship, status, manager_id, manager_decision, "
		                "manager_comment, manager_at, psd_account_id, psd_decision, psd_comment, psd_at, "
		                "publishable, created_at, created_by, import_key) "
		                "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, "
		                "NULLIF(?, 0), ?)",
		                "itttttidttt" "ittt" "ittt" "dtit",
		                p->id, day, g->org, g->offeror_person, kind, g->desc, g->value, g->accepted, g->reason,
		                g->rel, demo_gift_statuses[g->status],
		                g->manager >= 0 ? d->p[g->manager].id : (int64_t)0, g->mdec ? g->mdec : "",
		                g->mcom ? g->mcom : "", g->mat,
		                g->psd ? d->psd_account : (int64_t)0, g->pdec ? g->pdec : "", g->pcom ? g->pcom : "", g->pat,
		                p->chief, g->created,
		                (long)g->person == d->who[W_STAFF] && !import_key ? d->staff_account : (int64_t)0,
		                import_key);
		d->sum->gifts++;
		d->sum->gifts_accepted += g->accepted;
		d->sum->gifts_by_status[g->status]++;
	}
	if (rc == 0) {
		date_format(first, d->sum->from);
		date_format(last, d->sum->to);
		int64_t q = 0;
		if (store_int(d->st, e, &q,
		              "SELECT COUNT(*) FROM gifts g JOIN people p ON p.id = g.person_id "
		              "WHERE g.status = 'awaiting_manager' AND p.manager_id = ?",
		              "i", d->p[d->who[W_MANAGER]].id) < 0)
			rc = -1;
		d->sum->manager_queue = (long)q;
	}
	free(o.g);
	free(cum);
	return rc;
}

/* ------------------------------------------------------------------ */

static int refuse_if_used(struct store *st, struct err *e)
{
	int64_t n = 0;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM people", "") < 0)
		return -1;
	char shown[512];
	store_display_name(store_path(st), shown, sizeof shown);
	if (n > 0)
		return err_set(e, ERR_CONFLICT,
		               "%s already holds %lld people; the demo only fills an empty database "
		               "(delete the file, with its -wal and -shm files, to start again)",
		               shown, (long long)n);
	for (size_t i = 0; i < NELEM(demo_accounts); i++) {
		int r = store_int(st, e, &n, "SELECT id FROM accounts WHERE username = ?", "t", demo_accounts[i].username);
		if (r < 0)
			return -1;
		if (r == 1)
			return err_set(e, ERR_CONFLICT,
			               "%s already has an account called %s; the demo only fills an empty database",
			               shown, demo_accounts[i].username);
	}
	return 0;
}

int demo_build(struct store *st, const struct demo_options *o, struct demo_summary *out, struct err *e)
{
	struct demo_summary scratch;
	struct demo d;
	memset(&d, 0, sizeof d);
	d.sum = out ? out : &scratch;
	memset(d.sum, 0, sizeof *d.sum);
	snprintf(d.sum->force, sizeof d.sum->force, "%s", DEMO_FORCE_NAME);
	d.st = st;
	d.seed = o && o->seed ? o->seed : DEMO_DEFAULT_SEED;
	d.target = o && o->people > 0 ? o->people : DEMO_DEFAULT_PEOPLE;
	d.gifts_factor = o && o->gifts_factor > 1 ? o->gifts_factor : 1;
	const char *password = o && o->password ? o->password : DEMO_DEFAULT_PASSWORD;
	date_today(d.today);
	d.today_n = date_days(d.today);
	int rc = -1;

	if (refuse_if_used(st, e))
		return -1;
	d.used_numbers = xcalloc(NUM_HI / 8 + 1, 1);
	d.used_refs = xcalloc((REF_HI - REF_LO) / 8 + 1, 1);
	if (store_begin(st, e))
		goto out;
	if (part_people_and_units(&d, e) || part_accounts(&d, password, e) || part_gifts(&d, e) ||
	    demo_inspections(st, e) || demo_interests(st, d.seed, e) ||
	    demo_vetting(st, d.seed, e) || demo_registers(st, d.seed, e) ||
	    demo_stopsearch(st, e) || demo_audit(st, e) || demo_intel(st, d.seed, e) ||
	    demo_complaints(st, d.seed, e) || demo_ethics(st, d.seed, e) ||
	    demo_training(st, d.seed, e) || demo_useofforce(st, e) || demo_risk(st, d.seed, e) ||
	    demo_notify(st, e)) {
		store_rollback(st);
		goto out;
	}
	char detail[160];
	snprintf(detail, sizeof detail, "demo force: seed %llu, %ld people, %ld declarations",
	         (unsigned long long)d.seed, d.sum->people, d.sum->gifts);
	if (alog_write(st, NULL, "create", "demo", DEMO_FORCE_NAME, "ok", detail, e)) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st, e);
out:
	free(d.u);
	free(d.po);
	free(d.p);
	free(d.used_numbers);
	free(d.used_refs);
	return rc;
}

/* One summary line per capability: a label, a format with %ld for each
 * count, and one COUNT query per %ld (string literals, as store.h needs). */
static const struct {
	const char *label, *fmt, *sql[3];
} capability_lines[] = {
	{ "registers", "%ld business interests, %ld associations, %ld changes of circumstances",
	  { "SELECT COUNT(*) FROM business_interests", "SELECT COUNT(*) FROM notifiable_associations",
	    "SELECT COUNT(*) FROM circumstances" } },
	{ "AIR", "%ld round(s), %ld returns, %ld open vetting tasks",
	  { "SELECT COUNT(*) FROM air_rounds", "SELECT COUNT(*) FROM air_returns",
	    "SELECT COUNT(*) FROM vetting_tasks WHERE status = 'open'" } },
	{ "procurement", "%ld contracts", { "SELECT COUNT(*) FROM contracts" } },
	{ "vetting", "%ld clearances, %ld applications, %ld appeals",
	  { "SELECT COUNT(*) FROM clearances", "SELECT COUNT(*) FROM vetting_applications",
	    "SELECT COUNT(*) FROM vetting_appeals" } },
	{ "ICT audit", "%ld alerts for the ACU, %ld referrals",
	  { "SELECT COUNT(*) FROM audit_alerts", "SELECT COUNT(*) FROM audit_referrals" } },
	{ "inspections", "%ld inspections, %ld findings, %ld panel reviews",
	  { "SELECT COUNT(*) FROM inspections", "SELECT COUNT(*) FROM findings", "SELECT COUNT(*) FROM reviews" } },
	{ "intelligence", "%ld items, %ld lines of enquiry, %ld anonymous reports",
	  { "SELECT COUNT(*) FROM intel_items", "SELECT COUNT(*) FROM intel_lines", "SELECT COUNT(*) FROM anon_reports" } },
	{ "stop/search", "%ld searches, %ld dip samples",
	  { "SELECT COUNT(*) FROM ss_searches", "SELECT COUNT(*) FROM ss_samples" } },
	{ "use of force", "%ld people subjected to force, %ld Home Office table rows, %ld dip samples",
	  { "SELECT COUNT(*) FROM uof_records", "SELECT COUNT(*) FROM uof_national", "SELECT COUNT(*) FROM uof_samples" } },
	{ "complaints", "%ld cases, %ld allegations, %ld misconduct meetings and hearings",
	  { "SELECT COUNT(*) FROM complaint_cases", "SELECT COUNT(*) FROM complaint_allegations",
	    "SELECT COUNT(*) FROM complaint_proceedings" } },
	{ "reminders", "%ld people with a fictional e-mail address; `probity notify run` sends their digests",
	  { "SELECT COUNT(*) FROM people WHERE email <> ''" } },
	{ "risk picture", "%ld tasking meetings, %ld interventions, %ld concerns substantiated",
	  { "SELECT COUNT(*) FROM risk_meetings", "SELECT COUNT(*) FROM risk_interventions",
	    "SELECT COUNT(*) FROM risk_interventions WHERE substantiated = 'yes'" } },
	{ "ethics", "%ld dilemmas to the panel, %ld meetings, %ld case studies",
	  { "SELECT COUNT(*) FROM ethics_dilemmas", "SELECT COUNT(*) FROM ethics_meetings",
	    "SELECT COUNT(*) FROM ethics_cases" } },
	{ "training", "%ld course completions, %ld policy versions, %ld acknowledgements",
	  { "SELECT COUNT(*) FROM training_completions", "SELECT COUNT(*) FROM policy_versions",
	    "SELECT COUNT(*) FROM policy_acknowledgements" } },
};

int demo_capability_lines(struct store *st, demo_line_fn fn, void *ctx, struct err *e)
{
	for (size_t i = 0; i < sizeof capability_lines / sizeof capability_lines[0]; i++) {
		int64_t v[3] = { 0, 0, 0 };
		for (int k = 0; k < 3 && capability_lines[i].sql[k]; k++)
			if (store_int(st, e, &v[k], capability_lines[i].sql[k], "") < 0)
				return -1;
		char text[200];
		snprintf(text, sizeof text, capability_lines[i].fmt, (long)v[0], (long)v[1], (long)v[2]);
		fn(ctx, capability_lines[i].label, text);
	}
	return 0;
}
