/* demo_interests.c — the demo part for business interests and the
 * procurement cross-check (M2/M4):
 *  - 100 business interest applications over the last 15 months: 84
 *    decided (79 approved, 13 of them with conditions, 5 refused, as in the
 *    Staffordshire figures), 16 still with a line manager or PSD; appeals
 *    (overturned, upheld and one waiting for the DCC); annual reviews done,
 *    due and overdue; a few ended. The `staff` login holds an interest
 *    approved with conditions (so it can appeal), the `manager` login has an
 *    application from their team to comment on, and two chief officers hold
 *    approved interests (published by `probity publish`).
 *  - 30 contracts from procurement's list. Planted conflicts: the ICT
 *    managed service contract went to Kestrel Digital Systems after its
 *    hospitality to the procurement and ICT managers, the fleet maintenance
 *    renewal to Castlegate Fleet Solutions after its hospitality to the fleet
 *    manager; a vehicle technician's family business is Tyreway Commercial,
 *    and a service desk analyst holds shares in Helix Software Solutions,
 *    both contract suppliers. Supplier names are written the way procurement
 *    writes them ("KESTREL DIGITAL SYSTEMS LIMITED"), so matching needs the
 *    normalisation. One Castlegate flag is already reviewed.
 * Its own PRNG stream (splitmix64 seeded with the seed and "interests"), so
 * the rest of the demo is unchanged; dates are relative to today. */
#include "demo/demo.h"
#include "core/date.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include "domain/interests.h"
#include "domain/procurement.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct tmpl {
	const char *kind, *org, *desc, *conflict;
	int hours_lo, hours_hi;
};

static const struct tmpl tmpls[] = {
	{ "property_letting", "Flat at 14 Mill Lane, Northgate", "I rent out a one-bedroom flat I used to live in, through a letting agent.",
	  "None expected: the agent deals with tenants. I will declare it if a tenant comes to police notice.", 1, 2 },
	{ "property_letting", "House at 3 Quarry Road, Eastmoor", "Letting my late parents' house to a family on an assured shorthold tenancy.",
	  "The property is in the area I police. I will not deal with any incident involving it or the tenants.", 1, 3 },
	{ "property_letting", "Two flats at Riverside Court, Westbridge", "Two buy-to-let flats, managed by me.",
	  "Landlord licensing in the force area; I will not use police systems to vet tenants.", 2, 5 },
	{ "second_job", "Northgate Leisure Centre", "Fitness instructor, two evening classes a week.",
	  "Members of the public I may meet on duty; no access to police information is involved.", 3, 6 },
	{ "second_job", "Eastmoor College", "Part-time lecturer in criminology, evening course.",
	  "I will not use case material or police information in teaching.", 3, 6 },
	{ "second_job", "Southvale Golf Club", "Weekend bar and catering staff.",
	  "The club holds a premises licence in the force area; I will not deal with licensing matters for it.", 6, 12 },
	{ "second_job", "Westbridge Driving School", "Driving instructor at weekends.", "None: no link to my role.", 4, 10 },
	{ "own_business", "Photography business (sole trader)", "Wedding and portrait photography at weekends.",
	  "None, but I will not photograph events linked to people known to police.", 4, 10 },
	{ "own_business", "Personal training (sole trader)", "One-to-one personal training sessions.",
	  "Clients are members of the public; I will not train anyone I meet through work.", 3, 8 },
	{ "own_business", "Handmade furniture (online sales)", "Making and selling furniture online.", "None expected.", 2, 6 },
	{ "own_business", "Dog walking and pet sitting", "Dog walking on rest days.", "None expected.", 3, 8 },
	{ "voluntary", "Northshire Mountain Rescue", "Volunteer team member, call-outs by pager.",
	  "Call-outs may clash with duty; I will not respond while on duty.", 2, 6 },
	{ "voluntary", "Westbridge Food Bank", "Volunteer at the weekly distribution session.",
	  "Users of the food bank may be known to police; I will keep the roles separate.", 2, 4 },
	{ "voluntary", "Eastmoor Youth Football Club", "Coach for the under-12s team.",
	  "Safeguarding: DBS checked through the club. No conflict with police duties.", 3, 5 },
	{ "voluntary", "St Anne's Primary School governing body", "School governor.", "None expected.", 1, 2 },
	{ "directorship", "Southvale Community Trust", "Unpaid trustee and director of a community charity.",
	  "The trust applies for Police and Crime Commissioner grants; I will declare an interest and not take part.", 1, 3 },
	{ "directorship", "Millbrook Residents' Management Company Ltd", "Director of the residents' company for my block of flats.",
	  "None expected.", 1, 1 },
	{ "shareholding", "Family holding in a local brewery", "Inherited shares (about 8%) in a regional brewery.",
	  "The brewery's pubs hold premises licences in the force area; I will not deal with licensing for them.", 0, 0 },
	{ "family_business", "Spouse's hair salon, Northgate", "My spouse owns and runs a hair salon.",
	  "None expected; I have no role in the business.", 0, 0 },
	{ "family_business", "Brother's scaffolding company", "My brother runs a scaffolding company that bids for local work.",
	  "The company could bid for force estates work; I will declare an interest in any such tender.", 0, 0 },
	{ "second_job", "Private security firm (door supervision)", "Door supervisor at a night-time venue.",
	  "A licensed venue in the force area and contact with people police deal with.", 8, 16 },
};

static const char *const conditions_text[] = {
	"Not to be undertaken while on duty or on call; hours reviewed if they exceed 20 a week with police work over 48.",
	"No involvement in any police matter concerning the business, its clients or its premises.",
	"No use of police systems or information for the business; declare any customer who comes to police notice.",
	"Not to work at premises where you have policed a licensing matter in the last year.",
};

static const char *const refusal_text[] = {
	("The role involves regular contact with people the force deals with in the night-time economy: an "
	 "unacceptable conflict with your duties."),
	"The hours proposed, with your shift pattern, would breach the Working Time Regulations.",
	"The business would trade with the force; the conflict cannot be managed by conditions.",
};

struct ctx {
	struct store *st;
	struct err *e;
	struct rng r;
	long today;
	int64_t psd_acc, dcc_acc;
	int64_t *people;
	size_t npeople;
};

static void day(long n, char out[11]) { date_format(n, out); }

static void stamp(struct ctx *c, long n, char out[21])
{
	char d[11];
	date_format(n, d);
	snprintf(out, 21, "%sT%02ld:%02ld:00Z", d, rng_range(&c->r, 8, 17), rng_range(&c->r, 0, 59));
}

static int account_of(struct ctx *c, const char *username, int64_t *acc, int64_t *person)
{
	struct stmt *s;
	*acc = 0;
	if (person)
		*person = 0;
	if (store_query(c->st, &s, c->e, "SELECT id, COALESCE(person_id, 0) FROM accounts WHERE username = ?", "t",
	                username))
		return -1;
	if (stmt_next(s, c->e) == 1) {
		*acc = stmt_int(s, 0);
		if (person)
			*person = stmt_int(s, 1);
	}
	stmt_done(s);
	return 0;
}

/* A current holder of a post title (the nth, 0-based), or 0. */
static int64_t holder(struct ctx *c, const char *post, int nth)
{
	struct stmt *s;
	int64_t id = 0;
	if (store_query(c->st, &s, c->e,
	                "SELECT p.id FROM people p JOIN posts po ON po.id = p.post_id WHERE po.title = ? AND p.leave_date = '' "
	                "ORDER BY p.id LIMIT 1 OFFSET ?", "td", post, nth))
		return 0;
	if (stmt_next(s, c->e) == 1)
		id = stmt_int(s, 0);
	stmt_done(s);
	return id;
}

/* One interest with its whole history. Dates are day numbers; 0 = none. */
struct di {
	int64_t person;
	const struct tmpl *t;
	const char *org;            /* overrides t->org */
	long applied, recommended, decided, appealed, appeal_decided, ended;
	const char *status;         /* final status */
	const char *decision;       /* PSD's decision, "" when none yet */
	const char *conditions;
	const char *reason;
	const char *appeal_status, *appeal_of, *appeal_outcome_reason;
	long review;                /* next review date, 0 none */
	int reviewed;               /* 1: one review confirmed a year after approval */
};

static int insert(struct ctx *c, const struct di *d)
{
	char applied_at[21], rec_at[21] = "", dec_at[21] = "", app_at[21] = "", appd_at[21] = "", start[11],
	     review[11] = "", end[11] = "";
	int64_t mgr = 0;
	stamp(c, d->applied, applied_at);
	if (d->recommended)
		stamp(c, d->recommended, rec_at);
	if (d->decided)
		stamp(c, d->decided, dec_at);
	if (d->appealed)
		stamp(c, d->appealed, app_at);
	if (d->appeal_decided)
		stamp(c, d->appeal_decided, appd_at);
	day(d->applied + rng_range(&c->r, -60, 30), start);
	if (d->review)
		day(d->review, review);
	if (d->ended)
		day(d->ended, end);
	if (store_int(c->st, c->e, &mgr, "SELECT COALESCE(manager_id, 0) FROM people WHERE id = ?", "i", d->person) < 0)
		return -1;
	int hours = d->t->hours_hi ? (int)rng_range(&c->r, d->t->hours_lo, d->t->hours_hi) : 0;
	if (store_exec(c->st, c->e,
	               "INSERT INTO business_interests(person_id, kind, organisation, description, hours_per_week, start_date, "
	               "conflict, status, manager_id, manager_recommendation, manager_comment, manager_at, psd_account_id, "
	               "decision, conditions, decision_reason, decided_at, appeal_status, appeal_of, appeal_grounds, "
	               "appealed_at, dcc_account_id, appeal_reason, appeal_decided_at, review_date, end_date, end_reason, "
	               "created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, "
	               "NULLIF(?, 0), ?, ?, ?, ?, ?, ?)",
	               "ittt" "d" "ttt" "i" "ttt" "i" "tttt" "tttt" "i" "tt" "ttt" "t",
	               d->person, d->t->kind, d->org ? d->org : d->t->org, d->t->desc, hours, start, d->t->conflict,
	               d->status, mgr, d->recommended ? "support" : "", d->recommended ? "Compatible with the role." : "",
	               rec_at, d->decided ? c->psd_acc : 0, d->decision, d->conditions ? d->conditions : "",
	               d->reason ? d->reason : "", dec_at, d->appeal_status ? d->appeal_status : "",
	               d->appeal_of ? d->appeal_of : "",
	               d->appealed ? "The decision does not take account of the safeguards I proposed." : "", app_at,
	               d->appeal_decided ? c->dcc_acc : 0, d->appeal_outcome_reason ? d->appeal_outcome_reason : "",
	               appd_at, review, end, d->ended ? "No longer doing this work" : "", applied_at))
		return -1;
	int64_t id = store_last_id(c->st);
	if (d->reviewed && d->decided) {
		char at[21];
		stamp(c, d->decided + 365, at);
		if (store_exec(c->st, c->e,
		               "INSERT INTO interest_reviews(interest_id, outcome, note, account_id, reviewed_at) "
		               "VALUES(?, 'confirmed', 'Annual review: no change in circumstances.', ?, ?)",
		               "iit", id, c->psd_acc, at))
			return -1;
	}
	return 0;
}

static int64_t pick_person(struct ctx *c)
{
	return c->npeople ? c->people[rng_below(&c->r, (long)c->npeople)] : 0;
}

static int part_interests(struct ctx *c)
{
	int64_t staff_acc, staff_person, mgr_acc, mgr_person;
	if (account_of(c, "staff", &staff_acc, &staff_person) || account_of(c, "manager", &mgr_acc, &mgr_person))
		return -1;
	/* The staff login's colleague in the manager's team: someone else they manage. */
	int64_t colleague = 0;
	if (store_int(c->st, c->e, &colleague,
	              "SELECT id FROM people WHERE manager_id = ? AND id <> ? AND leave_date = '' ORDER BY id LIMIT 1", "ii",
	              mgr_person, staff_person) < 0)
		return -1;
	long first = c->today - 456; /* about 15 months */
	/* 100 applications, in date order; outcomes assigned by position so
	 * the totals are exact: i < 84 decided. */
	for (int i = 0; i < 100; i++) {
		struct di d;
		memset(&d, 0, sizeof d);
		d.person = pick_person(c);
		d.t = &tmpls[rng_below(&c->r, (long)NELEM(tmpls) - 1)]; /* the door supervisor is kept for refusals */
		if (i < 84) {
			d.applied = first + (long)i * 400 / 84 + rng_range(&c->r, 0, 4);
			d.recommended = d.applied + rng_range(&c->r, 2, 10);
			d.decided = d.recommended + rng_range(&c->r, 3, 20);
			if (d.decided > c->today - 1)
				d.decided = c->today - 1;
			int refused = i % 17 == 5; /* 5 of the 84 */
			int cond = !refused && i % 6 == 1;  /* 14 of them */
			if (refused) {
				d.t = &tmpls[NELEM(tmpls) - 1 - (i % 2)];
				d.status = d.decision = "refused";
				d.reason = refusal_text[i % 3];
			} else {
				d.status = d.decision = cond ? "approved_with_conditions" : "approved";
				if (cond)
					d.conditions = conditions_text[i % 4];
				d.review = d.decided + 365;
				if (d.review < c->today - 60 && i % 3 == 0) { /* reviewed on time */
					d.reviewed = 1;
					d.review += 365;
				}
				if (i % 23 == 7) { /* given up since */
					d.status = "ended";
					d.ended = d.decided + rng_range(&c->r, 30, 200);
					if (d.ended >= c->today)
						d.ended = c->today - 1;
					d.review = 0;
				}
			}
		} else {
			d.applied = c->today - 40 + (i - 84) * 2;
			if (i < 93) {
				d.recommended = d.applied + rng_range(&c->r, 1, 5);
				if (d.recommended >= c->today)
					d.recommended = c->today - 1;
				d.status = "awaiting_psd";
			} else {
				d.status = "applied";
			}
			d.decision = "";
		}
		/* Appeals: two refusals and one set of conditions. */
		if (i == 5 || i == 22) {
			d.appealed = d.decided + 10;
			d.appeal_of = "refusal";
			d.appeal_decided = d.appealed + 21;
			d.appeal_status = i == 5 ? "overturned" : "upheld";
			d.appeal_outcome_reason = i == 5 ? "With the hours now proposed the role is compatible; approve."
			                                 : "The conflict with the officer's duties cannot be managed.";
			if (i == 5) {
				d.status = "approved";
				d.review = d.appeal_decided + 365;
			}
		}
		if (i == 39) { /* a refusal appealed recently: waiting for the DCC */
			d.decided = c->today - 30;
			d.recommended = d.decided - 5;
			d.applied = d.decided - 12;
			d.appealed = c->today - 12;
			d.appeal_of = "refusal";
			d.appeal_status = "pending";
		}
		if (i == 13) { /* conditions appealed and upheld */
			d.appealed = d.decided + 7;
			d.appeal_of = "conditions";
			d.appeal_decided = d.appealed + 14;
			d.appeal_status = "upheld";
			d.appeal_outcome_reason = "The conditions are proportionate to the licensing risk.";
		}
		/* The logins' stories. */
		if (i == 61 && staff_person) { /* staff: approved with conditions, can appeal */
			d.person = staff_person;
			d.t = &tmpls[5];
			d.status = d.decision = "approved_with_conditions";
			d.conditions = conditions_text[3];
			d.reviewed = 0;
			d.review = d.decided + 365;
			d.ended = 0;
		}
		if (i == 95 && colleague) /* the manager's queue */
			d.person = colleague;
		if (insert(c, &d))
			return -1;
	}
	/* Chief officers' interests (published). */
	static const struct tmpl chief[] = {
		{ "voluntary", "Northshire Air Ambulance", "Unpaid trustee of the county air ambulance charity.",
		  "The charity works with the force at incidents; I take no part in operational decisions about it.", 1, 2 },
		{ "directorship", "Northshire Community Foundation", "Unpaid non-executive director of a grant-making charity.",
		  "The foundation does not fund policing; I will declare an interest if it applies for PCC grants.", 1, 2 },
	};
	int64_t chiefs[2];
	chiefs[0] = holder(c, "Chief Constable", 0);
	chiefs[1] = holder(c, "Director of Finance", 0);
	for (int k = 0; k < 2; k++) {
		if (!chiefs[k])
			continue;
		struct di d;
		memset(&d, 0, sizeof d);
		d.person = chiefs[k];
		d.t = &chief[k];
		d.applied = c->today - 300 - 40 * k;
		d.decided = d.applied + 12;
		d.status = d.decision = "approved";
		d.review = d.decided + 365;
		if (insert(c, &d))
			return -1;
	}
	/* Planted conflicts with suppliers. */
	static const struct tmpl planted[] = {
		{ "family_business", "", "My spouse is a director of a tyre and recovery company that supplies fleet services.",
		  "The company supplies the force's fleet; I will not take part in ordering from it or checking its work.", 0, 0 },
		{ "shareholding", "", "Shares bought through an employee scheme when I worked there.",
		  "The company supplies software to the force; I will not take part in its contract management.", 0, 0 },
	};
	int64_t tech = holder(c, "Vehicle Technician", 3), analyst = holder(c, "Service Desk Analyst", 2);
	const char *orgs[2] = { "Tyreway Commercial Limited", "Helix Software Solutions" };
	int64_t who[2] = { tech, analyst };
	for (int k = 0; k < 2; k++) {
		if (!who[k])
			continue;
		struct di d;
		memset(&d, 0, sizeof d);
		d.person = who[k];
		d.t = &planted[k];
		d.org = orgs[k];
		d.applied = c->today - 420 + 90 * k;
		d.recommended = d.applied + 5;
		d.decided = d.recommended + 9;
		d.status = d.decision = "approved_with_conditions";
		d.conditions = "No part in ordering from, or managing the contract with, the company.";
		d.review = d.decided + 365;
		if (insert(c, &d))
			return -1;
	}
	return 0;
}

struct dcontract {
	const char *supplier, *ref, *title, *dept;
	long award_ago;   /* days before today; <0 computed */
	long pounds;
};

static int part_contracts(struct ctx *c)
{
	/* Kestrel's award: two weeks after the last hospitality while it was
	 * bidding; Castlegate's renewal: six weeks ago. */
	char last[11] = "";
	if (store_text(c->st, c->e, last, sizeof last,
	               "SELECT COALESCE(MAX(date_offered), '') FROM gifts WHERE offeror_org = 'Kestrel Digital Systems Ltd' "
	               "AND relationship LIKE 'Bidder%'", "") < 0)
		return -1;
	long kestrel = date_valid(last) ? date_days(last) + 14 : c->today - 500;
	if (kestrel > c->today - 1)
		kestrel = c->today - 1;
	static const struct dcontract list[] = {
		{ "KESTREL DIGITAL SYSTEMS LIMITED", "NP-ICT-07", "ICT managed service (5 years)", "Digital, Data and Technology", -1, 4850000 },
		{ "Castlegate Fleet Solutions", "NP-FLT-11", "Fleet maintenance and vehicle leasing (renewal)", "Fleet Services", 45, 2300000 },
		{ "Tyreway Commercial Ltd.", "NP-FLT-12", "Tyres and roadside recovery", "Fleet Services", 120, 310000 },
		{ "Helix Software Solutions Ltd", "NP-ICT-09", "Records management system licences", "Digital, Data and Technology", 200, 640000 },
		{ "Pennant Fuel Cards Ltd", "NP-FLT-13", "Fuel cards", "Fleet Services", 380, 950000 },
		{ "Oakham Office Supplies Ltd", "NP-CS-21", "Stationery and office supplies", "Corporate Services", 30, 85000 },
		{ "Brackenridge Catering Ltd", "NP-EST-14", "Canteen services, headquarters", "Estates and Facilities", 95, 420000 },
		{ "Lowfield Energy PLC", "NP-EST-15", "Electricity supply", "Estates and Facilities", 260, 1750000 },
		{ "Mercia Waste Services LLP", "NP-EST-16", "Waste collection and confidential shredding", "Estates and Facilities", 150, 160000 },
		{ "Greystone Legal LLP", "NP-LEG-02", "External legal advice framework", "Legal Services", 330, 500000 },
		{ "Fairway Print & Design Ltd", "NP-CC-04", "Printing of leaflets and posters", "Corporate Communications", 70, 45000 },
		{ "Ridgeway Furniture Ltd", "NP-EST-17", "Office furniture, Eastmoor station", "Estates and Facilities", 210, 120000 },
		{ "Coldharbour Medical Supplies Ltd", "NP-CUS-05", "Custody medical consumables", "Custody", 55, 90000 },
		{ "Kingfisher Translation Services", "NP-CJ-08", "Interpreting and translation", "Criminal Justice", 300, 380000 },
		{ "The Northshire Grounds Maintenance Company", "NP-EST-18", "Grounds maintenance", "Estates and Facilities", 400, 75000 },
		{ "Pinnacle Armour Ltd", "NP-OPS-06", "Body armour replacement", "Operational Support", 175, 560000 },
		{ "Beaconsfield Locksmiths", "NP-EST-19", "Locksmith call-out service", "Estates and Facilities", 20, 30000 },
		{ "Ashdown Occupational Psychology Ltd", "NP-HR-09", "Trauma risk management support", "People Services", 230, 140000 },
		{ "Harrow & Vale Vehicle Hire Ltd", "NP-FLT-14", "Short-term vehicle hire", "Fleet Services", 110, 200000 },
		{ "Summit Drone Systems Ltd", "NP-OPS-07", "Drone replacement and training", "Operational Support", 80, 260000 },
		{ "Quayside Storage Ltd", "NP-EST-20", "Off-site property store", "Estates and Facilities", 360, 180000 },
		{ "Redmarsh Forensic Laboratories Ltd", "NP-FOR-03", "Toxicology testing", "Forensic Services", 140, 720000 },
		{ "Ellery Cloud Services Ltd", "NP-ICT-10", "Backup and disaster recovery", "Digital, Data and Technology", 25, 330000 },
		{ "Larkspur Cleaning Ltd", "NP-EST-21", "Window cleaning", "Estates and Facilities", 290, 25000 },
		{ "Thornbury Uniform Alterations", "NP-OPS-08", "Uniform alterations", "Operational Support", 190, 18000 },
		{ "Aldgate Security Systems Ltd", "NP-EST-22", "Access control maintenance", "Estates and Facilities", 430, 240000 },
		{ "Vantage Body Worn Video Ltd", "NP-ICT-11", "Body-worn video cameras and storage", "Digital, Data and Technology", 60, 1100000 },
		{ "Foxglove Event Management Ltd", "NP-CC-05", "Force awards ceremony", "Corporate Communications", 15, 22000 },
		{ "Ironbridge Training Academy", "NP-LD-06", "Driver training", "Learning and Development", 245, 150000 },
		{ "Cresswell Audit & Assurance LLP", "NP-FIN-04", "Internal audit", "Finance", 320, 210000 },
	};
	char now[21];
	time_now_iso(now);
	for (size_t i = 0; i < NELEM(list); i++) {
		const struct dcontract *k = &list[i];
		char award[11], norm[SUPPLIER_NAME_MAX];
		day(k->award_ago < 0 ? kestrel : c->today - k->award_ago, award);
		supplier_normalise(k->supplier, norm, sizeof norm);
		if (store_exec(c->st, c->e,
		               "INSERT INTO contracts(supplier, supplier_norm, contract_ref, title, award_date, value_pence, "
		               "department, created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
		               "ttttt" "i" "tt", k->supplier, norm, k->ref, k->title, award, (int64_t)k->pounds * 100, k->dept,
		               now))
			return -1;
	}
	/* One Castlegate flag reviewed: the most recent hospitality before the award. */
	int64_t cid = 0, gid = 0;
	char award[11];
	day(c->today - 45, award);
	if (store_int(c->st, c->e, &cid, "SELECT id FROM contracts WHERE contract_ref = 'NP-FLT-11'", "") < 0 ||
	    store_int(c->st, c->e, &gid,
	              "SELECT id FROM gifts WHERE offeror_org = 'Castlegate Fleet Solutions Ltd' AND date_offered <= ? "
	              "ORDER BY date_offered DESC LIMIT 1", "t", award) < 0)
		return -1;
	if (cid && gid) {
		char at[21];
		stamp(c, c->today - 10, at);
		if (store_exec(c->st, c->e,
		               "INSERT INTO procurement_reviews(contract_id, match, record_id, outcome, note, account_id, reviewed_at) "
		               "VALUES(?, 'gift', ?, 'advice_given', ?, NULLIF(?, 0), ?)",
		               "ii" "t" "i" "t", cid, gid,
		               "The fleet manager was not on the evaluation panel. Advised to decline supplier hospitality while "
		               "the renewal is being mobilised.",
		               c->psd_acc, at))
			return -1;
	}
	return 0;
}

int demo_interests(struct store *st, uint64_t seed, struct err *e)
{
	struct ctx c = { 0 };
	c.st = st;
	c.e = e;
	rng_seed(&c.r, seed ? seed : DEMO_DEFAULT_SEED, "interests");
	char today[11];
	date_today(today);
	c.today = date_days(today);
	int rc = -1;
	if (account_of(&c, "psd", &c.psd_acc, NULL) || account_of(&c, "dcc", &c.dcc_acc, NULL))
		return -1;
	/* Everyone who could hold an interest: current staff, not chief officers. */
	if (demo_ids(st, "SELECT id FROM people WHERE leave_date = '' AND chief_officer = 0 ORDER BY id", &c.people,
	             &c.npeople, e))
		return -1;
	if (!part_interests(&c) && !part_contracts(&c))
		rc = 0;
	free(c.people);
	return rc;
}
