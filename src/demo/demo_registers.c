/* demo_registers.c — the demo part for notifiable associations, changes of
 * personal circumstances and a running Annual Integrity Review (M2/M3):
 *   - associations for about 10% of current staff, about 40% with an
 *     associate person id ("P" + 7 digits) for ICT audit monitoring; about
 *     70% assessed by PSD (risk, advice, review date), some reviews overdue;
 *   - changes of circumstances for about 4%, each with its vetting task
 *     (some closed), a quarter financial difficulty with early-intervention
 *     referrals;
 *   - this year's AIR round by unit: waves whose window has passed are
 *     mostly complete (some overdue), the open ones part-complete; the
 *     `staff` login's review is left to do and one of the `manager` login's
 *     team is waiting for sign-off.
 * Its own PRNG stream (splitmix64 seeded from the seed and "registers"), so
 * the other parts are unchanged. Dates are relative to today. It runs after
 * the vetting part, so completed returns carry the clearance check against
 * the demo clearances (and raise the vetting tasks a real completion would);
 * were the force to hold no clearances at all, they are left "not checked". */
#include "demo/demo.h"
#include "core/date.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include "domain/actor.h"
#include "domain/air.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) rng_pick((r), (a), NELEM(a))

static const char *const forenames[] = { "Gary", "Dean", "Wayne", "Kelly", "Lee", "Stacey", "Craig", "Jason",
	                                 "Nicola", "Darren", "Leanne", "Shaun", "Tracey", "Carl", "Mandy", "Ryan",
	                                 "Jade", "Liam", "Kirsty", "Marcus" };
static const char *const surnames[] = { "Hollis", "Marsh", "Pryce", "Doyle", "Kerr", "Slater", "Vance", "Rudd",
	                                "Tate", "Booth", "Quinn", "Lomax", "Fenwick", "Garside", "Hurst", "Ibbotson" };
static const char *const relationships[] = { "School friend", "Brother-in-law", "Cousin", "Neighbour",
	                                     "Former colleague", "Partner's sister", "Friend from the rugby club",
	                                     "Ex-partner", "Uncle", "Friend of the family" };
static const char *const frequencies[] = { "Weekly", "Monthly", "A few times a year", "At family events only",
	                                   "Daily (lives nearby)", "Rarely, by text" };
static const char *const advice_low[] = { "", "Keep PSD informed of any change.",
	                                  "No action; reminded of the duty to declare changes." };
static const char *const advice_high[] = {
	"Do not discuss police work; no access to records concerning this person; declare any contact.",
	"Contact only at family events; report any approach for information at once.",
	"Do not meet socially while the investigation continues; PSD to review in three months.",
};
static const struct { const char *cat; int w; } cats[] = {
	{ "criminal_record", 300 }, { "under_investigation", 90 }, { "journalist", 60 }, { "private_investigator", 40 },
	{ "former_officer", 80 }, { "organised_crime", 40 }, { "family_link", 250 }, { "other", 140 },
};
static const struct { const char *kind, *sub; int w; } circs[] = {
	{ "partner_or_coresident", "", 260 }, { "address", "", 280 }, { "name", "", 60 },
	{ "financial_difficulty", "ccj", 80 }, { "financial_difficulty", "iva", 50 },
	{ "financial_difficulty", "bankruptcy", 20 }, { "financial_difficulty", "unmanageable_debt", 100 },
	{ "criminal_justice", "arrest", 40 }, { "criminal_justice", "caution", 30 },
	{ "criminal_justice", "conviction", 20 }, { "other", "", 40 },
};
static const char *const referrals[] = { "debt_advice", "welfare", "both", "declined" };

struct who {
	int64_t id;
	int64_t manager;
	int64_t account;   /* the login holding this person, 0 when none */
};

static void day(long n, char out[11]) { date_format(n, out); }

static int load_people(struct store *st, struct who **out, long *n, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT p.id, COALESCE(p.manager_id, 0), COALESCE(a.id, 0) FROM people p "
	                "LEFT JOIN accounts a ON a.person_id = p.id WHERE p.leave_date = '' ORDER BY p.id", ""))
		return -1;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		DEMO_GROW(*out, cap, *n, 4096);
		(*out)[*n].id = stmt_int(s, 0);
		(*out)[*n].manager = stmt_int(s, 1);
		(*out)[*n].account = stmt_int(s, 2);
		(*n)++;
	}
	stmt_done(s);
	return 0;
}

static int64_t login_person(struct store *st, const char *username)
{
	int64_t id = 0;
	store_int(st, NULL, &id, "SELECT COALESCE(person_id, 0) FROM accounts WHERE username = ?", "t", username);
	return id;
}

static int part_associations(struct store *st, struct rng *r, const struct who *p, long n, long today, int64_t psd,
                             int64_t staff_person, struct err *e)
{
	for (long i = 0; i < n; i++) {
		int is_staff = p[i].id == staff_person;
		if (!is_staff && !rng_permille(r, 100))
			continue;
		int w = (int)rng_below(r, 1000), c = 0;
		while (c + 1 < (int)NELEM(cats) && w >= cats[c].w) {
			w -= cats[c].w;
			c++;
		}
		char name[96], ref[16] = "", began[11], declared[11], review[11] = "", assessed[21] = "";
		snprintf(name, sizeof name, "%s %s", PICK(r, forenames), PICK(r, surnames));
		if (rng_permille(r, 400))
			snprintf(ref, sizeof ref, "P%07ld", 1000000 + rng_below(r, 8999999));
		long decl = today - 10 - rng_below(r, 1400);
		day(decl - 200 - rng_below(r, 5000), began);
		day(decl, declared);
		int assessed_it = is_staff || rng_permille(r, 700);
		const char *risk = "", *advice = "", *status = "declared";
		if (assessed_it) {
			status = "assessed";
			int rw = (int)rng_below(r, 100);
			risk = rw < 60 ? "low" : rw < 88 ? "medium" : "high";
			advice = !strcmp(risk, "low") ? PICK(r, advice_low) : PICK(r, advice_high);
			/* reviews a year on; some of them already past */
			long rev = decl + 365;
			if (rev < today - 120)
				rev = today - rng_below(r, 40) + (rng_permille(r, 700) ? 60 + rng_below(r, 300) : 0);
			day(rev, review);
			char d[11];
			day(decl + 5 + rng_below(r, 20), d);
			snprintf(assessed, sizeof assessed, "%sT10:00:00Z", d);
		}
		if (!assessed_it && rng_permille(r, 100))
			status = "ended";
		char created[21];
		snprintf(created, sizeof created, "%sT09:00:00Z", declared);
		if (store_exec(st, e,
		               "INSERT INTO notifiable_associations(person_id, associate_name, associate_ref, category, "
		               "relationship, contact_frequency, began_on, declared_on, status, risk, advice, review_date, "
		               "assessed_by, assessed_at, created_at) "
		               "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
		               "ittttttttttti" "tt", p[i].id, name, ref, cats[c].cat, PICK(r, relationships),
		               PICK(r, frequencies), began, declared, status, risk, advice, review,
		               assessed_it ? psd : (int64_t)0, assessed, created))
			return -1;
	}
	return 0;
}

static int part_circumstances(struct store *st, struct rng *r, const struct who *p, long n, long today,
                              int64_t vetting, struct err *e)
{
	static const char *const details[] = {
		"Moved in with my partner; their previous addresses are attached.",
		"New address after selling our house.",
		"Changed my surname on marriage.",
		"A county court judgment for an unpaid credit card; repayment plan agreed.",
		"Entered an individual voluntary arrangement to repay debts over five years.",
		"Declared bankrupt after my business failed.",
		"Struggling with payday loans and credit card debt since my hours were cut.",
		"My brother was arrested on suspicion of burglary; I have no involvement.",
		"I accepted a caution for a public order offence when off duty.",
		"My son was convicted of possession of a controlled drug.",
		"My partner's ex-husband has made threats against us.",
	};
	static const char *const outcomes[] = { "No further action; vetting file updated.",
		                                "Reviewed; clearance maintained with advice.",
		                                "Referred for a full re-vet." };
	for (long i = 0; i < n; i++) {
		if (!rng_permille(r, 40))
			continue;
		int w = (int)rng_below(r, 1000), c = 0;
		while (c + 1 < (int)NELEM(circs) && w >= circs[c].w) {
			w -= circs[c].w;
			c++;
		}
		int fin = !strcmp(circs[c].kind, "financial_difficulty"), cj = !strcmp(circs[c].kind, "criminal_justice");
		const char *subject = cj ? (c == 8 ? "self" : "family") : "";
		char other[96] = "", ev[11], decl[11], created[21];
		if (!strcmp(circs[c].kind, "partner_or_coresident") || !strcmp(subject, "family"))
			snprintf(other, sizeof other, "%s %s", PICK(r, forenames), PICK(r, surnames));
		long d = today - 3 - rng_below(r, 700);
		day(d - rng_below(r, 20), ev);
		day(d, decl);
		snprintf(created, sizeof created, "%sT09:30:00Z", decl);
		const char *referral = fin ? referrals[rng_below(r, 4)] : "";
		int closed = d < today - 30 ? rng_permille(r, 850) : rng_permille(r, 200);
		char closed_at[21] = "";
		if (closed) {
			char cd[11];
			day(d + 5 + rng_below(r, 25), cd);
			snprintf(closed_at, sizeof closed_at, "%sT15:00:00Z", cd);
		}
		char tdetail[200];
		snprintf(tdetail, sizeof tdetail, "Change of circumstances declared %s", decl);
		if (store_exec(st, e,
		               "INSERT INTO vetting_tasks(person_id, kind, source, detail, status, outcome, created_at, "
		               "closed_by, closed_at) VALUES(?, 'change_of_circumstances', 'circumstance', ?, ?, ?, ?, "
		               "NULLIF(?, 0), ?)", "itttt" "it", p[i].id, tdetail, closed ? "closed" : "open",
		               closed ? PICK(r, outcomes) : "", created, closed ? vetting : (int64_t)0, closed_at))
			return -1;
		int64_t task = store_last_id(st);
		if (store_exec(st, e,
		               "INSERT INTO circumstances(person_id, kind, subtype, subject, other_person, details, "
		               "event_date, declared_on, referral, task_id, created_at) "
		               "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ittttttttit", p[i].id, circs[c].kind,
		               circs[c].sub, subject, other, details[c], ev, decl, referral, task, created) ||
		    store_exec(st, e, "UPDATE vetting_tasks SET source_id = ? WHERE id = ?", "ii", store_last_id(st), task))
			return -1;
	}
	return 0;
}

static int part_air(struct store *st, struct rng *r, long today, int64_t staff_person, int64_t manager_person,
                    struct err *e)
{
	char td[11];
	day(today, td);
	int y, m, dd;
	date_parse(td, &y, &m, &dd);
	struct actor sys;
	actor_system(&sys);
	struct errlist errs = { 0 };
	int64_t rid = 0;
	if (air_open_round(st, &sys, y, "unit", &rid, &errs, e))
		return -1;
	int64_t nclear = 0;
	if (store_int(st, e, &nclear, "SELECT COUNT(*) FROM clearances", "") < 0)
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT t.id, t.person_id, COALESCE(p.manager_id, 0), w.opens_on, w.due_on FROM air_returns t "
	                "JOIN air_waves w ON w.id = t.wave_id JOIN people p ON p.id = t.person_id "
	                "WHERE t.round_id = ? ORDER BY t.id", "i", rid))
		return -1;
	struct ret { int64_t id, person, manager; long opens, due; } *v = NULL;
	long n = 0;
	size_t cap = 0;
	int rc;
	while ((rc = stmt_next(s, e)) == 1) {
		DEMO_GROW(v, cap, n, 4096);
		v[n].id = stmt_int(s, 0);
		v[n].person = stmt_int(s, 1);
		v[n].manager = stmt_int(s, 2);
		v[n].opens = date_days(stmt_text(s, 3));
		v[n].due = date_days(stmt_text(s, 4));
		n++;
	}
	stmt_done(s);
	if (rc < 0) {
		free(v);
		return -1;
	}
	static const char *const talks[] = {
		"Discussed gifts and hospitality and the duty to declare associations; no concerns.",
		"Went through the declarations together; reminded about social media use. No concerns.",
		"Talked about workload and wellbeing; signposted the financial wellbeing support. No integrity concerns.",
		"Confirmed the business interest is unchanged and hours are within limits.",
	};
	int waiting_for_manager = 0;
	for (long i = 0; i < n && rc == 0; i++) {
		if (v[i].opens > today)
			continue;
		int status; /* 0 pending, 1 submitted, 2 completed */
		long x = rng_below(r, 1000);
		if (v[i].due < today)
			status = x < 800 ? 2 : x < 880 ? 1 : 0;
		else
			status = x < 350 ? 2 : x < 600 ? 1 : 0;
		if (v[i].person == staff_person)
			status = 0;
		else if (manager_person && v[i].manager == manager_person && !waiting_for_manager) {
			status = 1;
			waiting_for_manager = 1;
		}
		if (!status)
			continue;
		long span = (v[i].due < today ? v[i].due : today) - v[i].opens;
		long sub = v[i].opens + rng_below(r, span > 1 ? span : 1);
		char sd[11], subat[21], sat[21];
		day(sub, sd);
		snprintf(subat, sizeof subat, "%sT11:00:00Z", sd);
		int changed = rng_permille(r, 120);
		if (store_exec(st, e,
		               "UPDATE air_returns SET status = ?, anything_changed = ?, changes = ?, submitted_at = ? "
		               "WHERE id = ?", "tdtti", status == 2 ? "completed" : "submitted", changed,
		               changed ? "Moved house in the spring; declared separately." : "", subat, v[i].id))
			rc = -1;
		if (rc || status != 2 || !v[i].manager)
			continue;
		long signed_day = sub + 1 + rng_below(r, 20);
		if (signed_day > today)
			signed_day = today;
		day(signed_day, sd);
		snprintf(sat, sizeof sat, "%sT14:00:00Z", sd);
		struct air_check chk = { 0 };
		const char *result = "";
		if (nclear) {
			if (air_clearance_check(st, v[i].person, td, &chk, e)) {
				rc = -1;
				break;
			}
			static const char *const codes[] = { "ok", "no_requirement", "below_post", "lapsed", "expiring" };
			result = codes[chk.result];
		}
		if (store_exec(st, e,
		               "UPDATE air_returns SET manager_person = ?, conversation = ?, signed_at = ?, completed_at = ?, "
		               "clearance_result = ?, clearance_detail = ? WHERE id = ?", "ittttti", v[i].manager,
		               PICK(r, talks), sat, sat, result, chk.detail, v[i].id))
			rc = -1;
		/* As a real completion does: a mismatch raises a vetting task. */
		const char *kind = nclear ? air_clearance_task_kind(chk.result) : NULL;
		if (!rc && kind &&
		    store_exec(st, e,
		               "INSERT INTO vetting_tasks(person_id, kind, source, source_id, detail, created_at) "
		               "VALUES(?, ?, 'air_return', ?, ?, ?)", "itit" "t", v[i].person, kind, v[i].id, chk.detail, sat))
			rc = -1;
	}
	free(v);
	if (rc)
		return rc;
	/* The entries each submitted return answered: all confirmed (as they stand today). */
	char since[11];
	day(today - 365, since);
	if (store_exec(st, e,
	               "INSERT INTO air_return_items(return_id, register, record_id, response) "
	               "SELECT t.id, 'gift', g.id, 'confirmed' FROM air_returns t JOIN gifts g ON g.person_id = t.person_id "
	               "WHERE t.round_id = ? AND t.status <> 'pending' AND g.date_offered >= ?", "it", rid, since) ||
	    store_exec(st, e,
	               "INSERT INTO air_return_items(return_id, register, record_id, response) "
	               "SELECT t.id, 'business_interest', b.id, 'confirmed' FROM air_returns t "
	               "JOIN business_interests b ON b.person_id = t.person_id WHERE t.round_id = ? "
	               "AND t.status <> 'pending' AND b.status IN ('applied', 'awaiting_psd', 'approved', "
	               "'approved_with_conditions')", "i", rid) ||
	    store_exec(st, e,
	               "INSERT INTO air_return_items(return_id, register, record_id, response) "
	               "SELECT t.id, 'association', a.id, 'confirmed' FROM air_returns t "
	               "JOIN notifiable_associations a ON a.person_id = t.person_id WHERE t.round_id = ? "
	               "AND t.status <> 'pending' AND a.status <> 'ended'", "i", rid) ||
	    store_exec(st, e,
	               "INSERT INTO air_return_items(return_id, register, record_id, response) "
	               "SELECT t.id, 'circumstance', c.id, 'confirmed' FROM air_returns t "
	               "JOIN circumstances c ON c.person_id = t.person_id WHERE t.round_id = ? "
	               "AND t.status <> 'pending' AND c.declared_on >= ?", "it", rid, since))
		return -1;
	return 0;
}

int demo_registers(struct store *st, uint64_t seed, struct err *e)
{
	struct rng r;
	rng_seed(&r, seed, "registers");
	char td[11];
	date_today(td);
	long today = date_days(td);
	struct who *people = NULL;
	long n = 0;
	if (load_people(st, &people, &n, e))
		return -1;
	int64_t psd = 0, vetting = 0;
	store_int(st, NULL, &psd, "SELECT id FROM accounts WHERE username = 'psd'", "");
	store_int(st, NULL, &vetting, "SELECT id FROM accounts WHERE username = 'vetting'", "");
	int64_t staff_person = login_person(st, "staff"), manager_person = login_person(st, "manager");
	int rc = part_associations(st, &r, people, n, today, psd, staff_person, e) ||
	         part_circumstances(st, &r, people, n, today, vetting, e) ||
	         part_air(st, &r, today, staff_person, manager_person, e) ? -1 : 0;
	free(people);
	return rc;
}
