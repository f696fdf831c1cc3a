/* demo_vetting.c — the vetting part of the demo force (M5): a clearance for
 * everyone (most at their post's level and in date; about 1.5% below their
 * post, a few expiring within 90 days, about 1% lapsed, a few suspended with
 * aftercare notes), five years of vetting applications with self-declared
 * equality data in 2021 census ethnic groups, decisions, appeals to the DCC
 * (a few awaiting a decision), random re-vetting tasks, and leavers for the
 * barred and advisory lists.
 *
 * The planted disparity: applicants recording "Asian or Asian British:
 * Pakistani" or "Black, Black British, Caribbean or African: African" are
 * refused about 2.5 times as often as White British applicants, mostly on
 * associations and honesty of the application (as HMICFRS found in one
 * force). The report's ethnicity summary must name one of them as
 * significantly more likely to be refused (tests/e2e/vetting.sh checks).
 *
 * Its own PRNG stream (splitmix64 from the seed and "vetting"), so other
 * parts are unchanged. Applicant names are drawn independently of
 * ethnicity, so a name gives the decision maker no hint. */
#include "demo/demo.h"
#include "core/date.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The date months after day z (clamped to the month's end). */
static long add_months(long z, long months)
{
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	long t = y * 12L + (m - 1) + months;
	int ny = (int)(t / 12), nm = (int)(t % 12) + 1;
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int maxd = md[nm - 1] + (nm == 2 && (ny % 4 == 0 && (ny % 100 != 0 || ny % 400 == 0)));
	return days_from_civil(ny, nm, d > maxd ? maxd : d);
}

struct level { const char *code; const char *family; int rank; int months; };
static const struct level levels[] = {
	{ "NPPV1", "police", 1, 36 }, { "RV", "police", 2, 120 }, { "NPPV2", "police", 2, 60 },
	{ "MV", "police", 3, 84 }, { "NPPV3", "police", 3, 84 }, { "CTC", "national_security", 1, 84 },
	{ "SC", "national_security", 2, 84 }, { "DV", "national_security", 3, 84 },
};

static const struct level *level_of(const char *code)
{
	for (size_t i = 0; i < NELEM(levels); i++)
		if (!strcmp(levels[i].code, code))
			return &levels[i];
	return &levels[1];
}

/* A level below the requirement (same family, lower rank), else RV. */
static const char *below(const char *req)
{
	if (!strcmp(req, "MV") || !strcmp(req, "NPPV3")) return "RV";
	if (!strcmp(req, "SC")) return "CTC";
	if (!strcmp(req, "DV")) return "SC";
	if (!strcmp(req, "RV") || !strcmp(req, "NPPV2")) return "NPPV1";
	return "NPPV1";
}

static const char *const aftercare_notes[] = {
	"Annual integrity review completed; no concerns.",
	"Declared a change of address; checks repeated, no concerns.",
	"Financial vulnerability noted; debt management plan in place, reviewed every six months.",
	"Declared a new partner; checks completed, no adverse information.",
	"Notifiable association declared (family member with a conviction); advice given, reviewed annually.",
};

static int clearances(struct store *st, struct rng *r, long today, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT p.id, COALESCE(NULLIF(po.vetting_level, ''), CASE p.kind WHEN 'volunteer' THEN 'NPPV2' "
	                "ELSE 'RV' END), p.start_date FROM people p LEFT JOIN posts po ON po.id = p.post_id ORDER BY p.id", ""))
		return -1;
	struct row { int64_t id; char req[16]; long start; } *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = stmt_next(s, e)) == 1) {
		DEMO_GROW(rows, cap, n, 4096);
		rows[n].id = stmt_int(s, 0);
		snprintf(rows[n].req, sizeof rows[n].req, "%s", stmt_text(s, 1));
		long sd = date_days(stmt_text(s, 2));
		rows[n].start = sd > 0 ? sd : today - 3650;
		n++;
	}
	stmt_done(s);
	char now[21];
	time_now_iso(now);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const char *code = rows[i].req;
		int kind = (int)rng_below(r, 1000);
		const char *status = "active";
		const char *note = "";
		if (kind < 15)
			code = below(code); /* below the post's requirement */
		const struct level *lv = level_of(code);
		long span = lv->months * 30L;
		long granted = today - rng_range(r, 30, span - 20);
		if (granted < rows[i].start)
			granted = rows[i].start + rng_range(r, 0, 60);
		if (granted > today - 1)
			granted = today - 1;
		long expiry = add_months(granted, lv->months);
		if (kind >= 15 && kind < 25) { /* lapsed: past its expiry */
			expiry = today - rng_range(r, 5, 400);
			granted = add_months(expiry, -lv->months);
			status = rng_permille(r, 500) ? "lapsed" : "active";
		} else if (kind >= 25 && kind < 55) { /* expiring within 90 days */
			expiry = today + rng_range(r, 3, 88);
			granted = add_months(expiry, -lv->months);
		} else if (kind >= 55 && kind < 60) {
			status = "suspended";
			note = aftercare_notes[rng_below(r, (long)NELEM(aftercare_notes))];
		} else if (kind >= 60 && kind < 120) {
			note = aftercare_notes[rng_below(r, (long)NELEM(aftercare_notes))];
		}
		char g[11], x[11];
		date_format(granted, g);
		date_format(expiry, x);
		rc = store_exec(st, e,
		                "INSERT INTO clearances(person_id, level, granted, expiry, status, aftercare, created_at) "
		                "VALUES(?, ?, ?, ?, ?, ?, ?)", "ittttt" "t", rows[i].id, code, g, x, status, note, now);
	}
	free(rows);
	return rc;
}

/* ---- applications ---- */

static const char *const ethnicities[] = {
	"White: English, Welsh, Scottish, Northern Irish or British", "White: Irish", "White: Other White",
	"Mixed or Multiple: White and Black Caribbean", "Mixed or Multiple: White and Asian",
	"Asian or Asian British: Indian", "Asian or Asian British: Pakistani", "Asian or Asian British: Bangladeshi",
	"Black, Black British, Caribbean or African: Caribbean", "Black, Black British, Caribbean or African: African",
	"Other ethnic group: Any other ethnic group", "Prefer not to say", "",
};
static const int eth_w[] = { 720, 15, 45, 12, 10, 30, 45, 10, 15, 40, 8, 25, 25 };
/* refusal rate per thousand at full vetting, by ethnicity index: the planted disparity */
static const int eth_refuse[] = { 70, 70, 75, 75, 70, 80, 210, 85, 80, 190, 80, 75, 75 };

static const char *const sexes[] = { "Female", "Male", "Prefer not to say", "" };
static const int sex_w[] = { 420, 540, 15, 25 };
static const char *const ages[] = { "18-24", "25-34", "35-44", "45-54", "55+", "Prefer not to say", "" };
static const int age_w[] = { 300, 380, 170, 90, 30, 10, 20 };
static const char *const disabilities[] = { "No", "Yes", "Prefer not to say", "" };
static const int dis_w[] = { 860, 70, 40, 30 };
static const char *const religions[] = { "No religion", "Christian", "Muslim", "Hindu", "Sikh", "Jewish",
	                                 "Buddhist", "Any other religion", "Prefer not to say", "" };
static const char *const orientations[] = { "Heterosexual or straight", "Gay or lesbian", "Bisexual",
	                                    "Other sexual orientation", "Prefer not to say", "" };
static const int orient_w[] = { 860, 30, 35, 5, 45, 25 };

static const char *religion_for(struct rng *r, size_t eth)
{
	static const int white[] = { 520, 380, 5, 2, 2, 8, 6, 12, 40, 25 };
	static const int south_asian_muslim[] = { 40, 10, 860, 5, 5, 0, 0, 10, 40, 30 };
	static const int indian[] = { 120, 60, 60, 450, 230, 0, 5, 10, 40, 25 };
	static const int black[] = { 150, 600, 180, 0, 0, 0, 0, 10, 40, 20 };
	const int *w = eth == 6 || eth == 7 ? south_asian_muslim : eth == 5 ? indian : eth == 8 || eth == 9 ? black : white;
	return religions[rng_weighted(r, w, NELEM(religions))];
}

static const char *const forenames[] = { "Alex", "Sam", "Jordan", "Chris", "Taylor", "Morgan", "Jamie", "Robin",
	                                 "Casey", "Drew", "Charlie", "Frankie", "Jess", "Kit", "Lee", "Max", "Nat",
	                                 "Pat", "Rowan", "Sky" };
static const char *const surnames[] = { "Ashdown", "Brook", "Carter", "Dale", "Ellis", "Ford", "Grant", "Hale",
	                                "Irving", "Jones", "Kerr", "Lane", "Marsh", "North", "Oakley", "Price", "Quinn",
	                                "Reed", "Stone", "Turner", "Upton", "Vale", "Ward", "Young" };

static const char *const grounds[] = { "convictions_cautions", "non_conviction_information", "financial",
	                               "associations", "honesty", "other" };
static const int ground_w[] = { 250, 220, 200, 150, 130, 50 };
static const int ground_w_planted[] = { 120, 120, 80, 380, 280, 20 };
static const char *const rationales[] = {
	"Previous conviction for an offence of dishonesty; the risk cannot be mitigated in this post.",
	"Police intelligence links the applicant to ongoing criminality; the risk is not manageable.",
	"Unmanaged debt and county court judgments create a vulnerability to corruption.",
	"Close association with a person involved in organised crime, not mitigated by the applicant's account.",
	"The applicant did not disclose relevant information on the vetting form; integrity concerns.",
	"Other information indicates a risk to the force's assets and information.",
};

struct app_ctx {
	struct store *st;
	struct rng *r;
	long today;
	int64_t vet_account, dcc_account;
	int64_t *people;
	size_t npeople;
	char now[21];
};

static int one_app(struct app_ctx *c, long seq, long received, struct err *e)
{
	struct rng *r = c->r;
	static const char *const kinds[] = { "recruit", "transferee", "internal", "contractor", "volunteer" };
	static const int kind_w[] = { 550, 100, 150, 120, 80 };
	size_t k = rng_weighted(r, kind_w, 5);
	const char *level;
	switch (k) {
	case 0: level = "RV"; break;
	case 1: level = rng_permille(r, 700) ? "RV" : "MV"; break;
	case 2: level = rng_permille(r, 600) ? "MV" : rng_permille(r, 700) ? "SC" : "DV"; break;
	case 3: level = rng_permille(r, 300) ? "NPPV1" : rng_permille(r, 600) ? "NPPV2" : "NPPV3"; break;
	default: level = "NPPV2"; break;
	}
	size_t eth = rng_weighted(r, eth_w, NELEM(eth_w));
	const char *eq[6] = { ethnicities[eth], sexes[rng_weighted(r, sex_w, NELEM(sex_w))],
		              ages[rng_weighted(r, age_w, NELEM(age_w))],
		              disabilities[rng_weighted(r, dis_w, NELEM(dis_w))], religion_for(r, eth),
		              orientations[rng_weighted(r, orient_w, NELEM(orient_w))] };
	int declined = rng_permille(r, 30); /* no equality form at all */
	long initial = received + rng_range(r, 5, 40);
	long full_start = initial + rng_range(r, 1, 10);
	long decided_full = full_start + rng_range(r, 15, 110) + (rng_permille(r, 100) ? rng_range(r, 30, 120) : 0);
	const char *stage = "full", *outcome = "granted", *ground = "", *conditions = "", *rationale = "";
	long decided;
	int planted = eth == 6 || eth == 9;
	int x = (int)rng_below(r, 1000);
	if (x < 60) { /* stopped at initial checks: withdrawn or refused there */
		stage = "initial";
		decided = initial;
		if (rng_permille(r, 450)) {
			outcome = "withdrawn";
		} else {
			outcome = "refused";
			ground = "convictions_cautions";
			rationale = rationales[0];
		}
	} else {
		decided = decided_full;
		int refuse = rng_below(r, 1000) < eth_refuse[eth];
		if (x < 100) {
			outcome = "withdrawn";
		} else if (refuse) {
			outcome = "refused";
			size_t g = rng_weighted(r, planted ? ground_w_planted : ground_w, NELEM(ground_w));
			ground = grounds[g];
			rationale = rationales[g];
		} else if (rng_permille(r, 60)) {
			outcome = "granted_with_conditions";
			conditions = "No access to the intelligence database for 12 months; quarterly aftercare review.";
			rationale = "Minor historic adverse information; the risk is managed by the conditions.";
		} else {
			rationale = "Checks completed with no adverse information.";
		}
	}
	char rs[11], is[11], fs[11] = "", ds[11] = "";
	date_format(received, rs);
	date_format(initial < c->today ? initial : c->today, is);
	int open = decided >= c->today;
	if (open) { /* still in progress: stages so far, no outcome */
		outcome = "";
		ground = conditions = rationale = "";
		if (initial >= c->today)
			is[0] = 0;
		if (!strcmp(stage, "full") && full_start < c->today)
			date_format(full_start, fs);
		stage = fs[0] ? "full" : "initial";
	} else {
		date_format(decided, ds);
		if (!strcmp(stage, "full"))
			date_format(full_start, fs);
	}
	char ref[24], name[64];
	snprintf(ref, sizeof ref, "VA%06ld", seq);
	snprintf(name, sizeof name, "%s %s", forenames[rng_below(r, (long)NELEM(forenames))],
	         surnames[rng_below(r, (long)NELEM(surnames))]);
	int64_t person = k == 2 && c->npeople ? c->people[rng_below(r, (long)c->npeople)] : 0;
	if (store_exec(c->st, e,
	               "INSERT INTO vetting_applications(application_ref, person_id, applicant_name, applicant_kind, level, "
	               "received, initial_done, full_started, stage_reached, outcome, decided, refusal_ground, conditions, "
	               "rationale, decided_by, created_at, created_by) "
	               "VALUES(?, NULLIF(?, 0), CASE WHEN ?2 = 0 THEN ?3 ELSE (SELECT forenames || ' ' || surname FROM people WHERE id = ?2) END, "
	               "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
	               "tit" "ttttttttttt" "i" "ti", ref, person, name, kinds[k], level, rs, is, fs, stage, outcome, ds,
	               ground, conditions, rationale, open ? (int64_t)0 : c->vet_account, c->now, c->vet_account))
		return -1;
	int64_t id = store_last_id(c->st);
	if (!declined &&
	    store_exec(c->st, e,
	               "INSERT INTO vetting_equality(application_id, ethnicity, sex, age_band, disability, religion, "
	               "sexual_orientation) VALUES(?, ?, ?, ?, ?, ?, ?)",
	               "itttttt", id, eq[0], eq[1], eq[2], eq[3], eq[4], eq[5]))
		return -1;
	/* Appeals: about a fifth of refusals at full vetting. */
	if (!strcmp(outcome, "refused") && !strcmp(stage, "full") && rng_permille(r, 200)) {
		long ar = decided + rng_range(r, 3, 14);
		long ad = ar + rng_range(r, 14, 60);
		if (ar >= c->today)
			return 0;
		char as[11], ads[11] = "";
		date_format(ar, as);
		int pending = ad >= c->today;
		if (!pending)
			date_format(ad, ads);
		int upheld = rng_permille(r, 750);
		if (store_exec(c->st, e,
		               "INSERT INTO vetting_appeals(application_id, received, grounds, outcome, reason, decided, "
		               "decided_by, created_at, created_by) VALUES(?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
		               "itttt" "t" "i" "ti", id, as,
		               "The applicant says the information was misunderstood and gives further context.",
		               pending ? "" : upheld ? "upheld" : "overturned",
		               pending ? "" : upheld ? "The panel found the original decision proportionate."
		                                     : "The further context satisfies the panel that the risk is manageable.",
		               ads, pending ? (int64_t)0 : c->dcc_account, c->now, c->vet_account))
			return -1;
	}
	return 0;
}

static int64_t account_id(struct store *st, const char *username)
{
	int64_t id = 0;
	store_int(st, NULL, &id, "SELECT id FROM accounts WHERE username = ?", "t", username);
	return id;
}

static int applications(struct store *st, struct rng *r, long today, struct err *e)
{
	struct app_ctx c = { st, r, today, account_id(st, "vetting"), account_id(st, "dcc"), NULL, 0, "" };
	time_now_iso(c.now);
	if (demo_ids(st, "SELECT id FROM people WHERE leave_date = '' ORDER BY id", &c.people, &c.npeople, e))
		return -1;
	int rc = 0;
	long first = add_months(today, -60), seq = 0;
	/* about 900 a year, more in spring and autumn recruitment rounds */
	for (long day = first; rc == 0 && day < today - 2; day++) {
		int m, y, d;
		civil_from_days(day, &y, &m, &d);
		int per_thousand = (m == 3 || m == 4 || m == 9 || m == 10) ? 3600 : 2100;
		long k = per_thousand / 1000 + (rng_below(r, 1000) < per_thousand % 1000);
		for (long i = 0; rc == 0 && i < k; i++)
			rc = one_app(&c, ++seq, day, e);
	}
	free(c.people);
	return rc;
}

/* Random re-vetting selections in the work queue, and leavers for the lists. */
static int queue_and_leavers(struct store *st, struct rng *r, long today, struct err *e)
{
	char now[21];
	time_now_iso(now);
	int64_t vet = account_id(st, "vetting");
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id FROM people WHERE leave_date = '' AND chief_officer = 0 ORDER BY id", ""))
		return -1;
	int64_t picks[6] = { 0 };
	long seen = 0;
	int rc;
	while ((rc = stmt_next(s, e)) == 1) { /* reservoir sample of six */
		seen++;
		if (seen <= 6)
			picks[seen - 1] = stmt_int(s, 0);
		else if (rng_below(r, seen) < 6)
			picks[rng_below(r, 6)] = stmt_int(s, 0);
	}
	stmt_done(s);
	for (int i = 0; rc == 0 && i < 6 && picks[i]; i++) {
		char created[21], day[11], closed[21] = "";
		date_format(today - rng_range(r, 1, 40), day);
		snprintf(created, sizeof created, "%sT09:%02ld:00Z", day, rng_range(r, 10, 59));
		int done = i >= 4;
		if (done) {
			char cd[11];
			date_format(today - rng_range(r, 0, 0), cd);
			snprintf(closed, sizeof closed, "%sT15:00:00Z", cd);
		}
		rc = store_exec(st, e,
		                "INSERT INTO vetting_tasks(person_id, kind, source, detail, status, outcome, created_at, "
		                "closed_by, closed_at) VALUES(?, 'other', 'random_revet', ?, ?, ?, ?, NULLIF(?, 0), ?)",
		                "it" "tt" "t" "it", picks[i], "Selected for mandatory randomised re-vetting", done ? "closed" : "open",
		                done ? "Re-vetting checks completed; no adverse information." : "", created,
		                done ? vet : (int64_t)0, closed);
	}
	if (rc)
		return rc;
	if (store_query(st, &s, e, "SELECT id, leave_date FROM people WHERE leave_date <> '' ORDER BY leave_date DESC, id "
	                           "LIMIT 4", ""))
		return -1;
	int i = 0;
	struct { int64_t id; char left[11]; } lv[4];
	while ((rc = stmt_next(s, e)) == 1 && i < 4) {
		lv[i].id = stmt_int(s, 0);
		snprintf(lv[i].left, sizeof lv[i].left, "%s", stmt_text(s, 1));
		i++;
	}
	stmt_done(s);
	if (rc < 0)
		return -1;
	for (int j = 0; j < i; j++) {
		char notified[11] = "";
		if (j % 2 == 0)
			date_format(date_days(lv[j].left) + 9, notified);
		if (notified[0] && date_days(notified) > today)
			notified[0] = 0;
		if (store_exec(st, e,
		               "INSERT INTO vetting_leavers(person_id, reason, list, left_on, notified_on, notes, created_at, "
		               "created_by) VALUES(?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))",
		               "itttttti", lv[j].id, j < 2 ? "dismissed" : "left_under_investigation",
		               j < 2 ? "barred" : "advisory", lv[j].left, notified,
		               j < 2 ? "Dismissed at a misconduct hearing." : "Resigned while under investigation for misconduct.",
		               now, vet))
			return -1;
	}
	return 0;
}

int demo_vetting(struct store *st, uint64_t seed, struct err *e)
{
	struct rng r = { seed ^ 0x7665747469676e31ULL }; /* "vettign1": this part's own stream */
	rng_next(&r);
	char t[11];
	date_today(t);
	long today = date_days(t);
	if (clearances(st, &r, today, e) || applications(st, &r, today, e) || queue_and_leavers(st, &r, today, e))
		return -1;
	return 0;
}
