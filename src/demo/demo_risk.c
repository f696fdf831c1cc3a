/* demo_risk.c — the demo part for the tactical risk picture (M7): planted
 * patterns across the sources so the picture means something, and a year
 * of monthly tasking meetings whose agendas are built by the real rules
 * (risk_meeting_create) with decisions, interventions and their outcomes.
 * Planted Critical combinations: an R1 ICT alert (an undeclared associate
 * looked up) with financial difficulty and association intelligence; and
 * repeated hospitality from a fleet supplier with a refused business
 * interest in the same firm and fraud intelligence after it. About thirty
 * more people get two indicators each, spread over the year. Its own PRNG
 * stream; fictional text only. */
#include "core/date.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include "demo/demo.h"
#include "domain/auth.h"
#include "domain/risk.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void day_at(long today, long back, char out[11])
{
	date_format(today - back, out);
}

static int staff_of(struct store *st, int64_t pid, char out[32], struct err *e)
{
	return store_text(st, e, out, 32, "SELECT staff_number FROM people WHERE id = ?", "i", pid) == 1 ? 0 : -1;
}

static int plant_intel(struct store *st, int64_t pid, const char *received, const char *category, const char *text,
                       int n, struct err *e)
{
	char ref[24];
	snprintf(ref, sizeof ref, "INT9%04d", n);
	if (store_exec(st, e,
	               "INSERT INTO intel_items(reference, received, source_type, grading_scheme, grade, category, "
	               "original_text, sanitised_text, created_at) VALUES (?, ?, 'named', '3x5x2', '2BP', ?, ?, ?, ?)",
	               "tttttt", ref, received, category, text, text, received))
		return -1;
	return store_exec(st, e, "INSERT INTO intel_subjects(item_id, person_id) VALUES (?, ?)", "ii", store_last_id(st),
	                  pid);
}

static int plant_alert(struct store *st, int64_t pid, int rule, const char *day, const char *key, struct err *e)
{
	char staff[32], ts[24];
	if (staff_of(st, pid, staff, e))
		return -1;
	snprintf(ts, sizeof ts, "%sT21:14:00Z", day);
	return store_exec(st, e,
	                  "INSERT INTO audit_alerts(rule, user, key, first_ts, rule_version, system, detail, status, "
	                  "created_at) VALUES (?, ?, ?, ?, 1, 'PNC', ?, 'new', ?) ON CONFLICT (rule, user, key) DO NOTHING",
	                  "dtttt" "t", rule, staff, key, ts,
	                  rule == 1 ? "Looked up a person later found to be an undeclared associate"
	                            : "Repeated access to a vulnerable person's record without a reason",
	                  ts);
}

static int plant_financial(struct store *st, int64_t pid, const char *day, struct err *e)
{
	return store_exec(st, e,
	                  "INSERT INTO circumstances(person_id, kind, subtype, details, event_date, declared_on, referral, "
	                  "created_at) VALUES (?, 'financial_difficulty', 'unmanageable_debt', "
	                  "'Debts from a failed loan to a family member', ?, ?, 'declined', ?)",
	                  "itt" "t", pid, day, day, day);
}

static int plant_allegations(struct store *st, int64_t pid, long today, struct rng *r, int *caseno, int upheld,
                             struct err *e)
{
	int64_t cat = 0;
	if (store_int(st, e, &cat, "SELECT MIN(c.id) FROM complaint_categories c JOIN complaint_schemes s "
	                          "ON s.id = c.scheme_id WHERE s.active = 1", "") != 1)
		return -1;
	for (int k = 0; k < 3; k++) {
		char ref[32], day[11];
		snprintf(ref, sizeof ref, "CO/RK/%04d", ++*caseno);
		day_at(today, rng_range(r, 20, 330), day);
		if (store_exec(st, e, "INSERT INTO complaint_cases(case_ref, kind, received, logged) VALUES (?, 'complaint', ?, ?)",
		               "ttt", ref, day, day) ||
		    store_exec(st, e,
		               "INSERT INTO complaint_allegations(case_id, allegation_ref, subject_id, category_id, outcome, "
		               "finalised) VALUES (?, 'A1', ?, ?, ?, ?)",
		               "iii" "tt", store_last_id(st), pid, cat, upheld && k == 0 ? "misconduct_meeting" : "",
		               upheld && k == 0 ? day : ""))
			return -1;
	}
	return 0;
}

static const char *kind_for(const char *keys)
{
	if (strstr(keys, "financial")) return "debt_advice";
	if (strstr(keys, "association_high")) return "ethical_interview";
	if (strstr(keys, "interest_continuing")) return "misconduct_referral";
	if (strstr(keys, "ict_alert")) return "restricted_access";
	if (strstr(keys, "allegations")) return "supervisory_plan";
	if (strstr(keys, "arrest")) return "welfare_referral";
	if (strstr(keys, "intel")) return "intelligence_development";
	if (strstr(keys, "gifts")) return "management_action";
	return "counselling";
}

int demo_risk(struct store *st, uint64_t seed, struct err *e)
{
	int rc = -1;
	int64_t *ids = NULL;
	size_t n = 0;
	struct rng r;
	rng_seed(&r, seed, "risk");
	char today_s[11];
	date_today(today_s);
	long today = date_days(today_s);
	if (demo_ids(st, "SELECT id FROM people WHERE leave_date = '' AND kind = 'officer' AND id NOT IN "
	                 "(SELECT person_id FROM accounts WHERE person_id IS NOT NULL) ORDER BY id", &ids, &n, e))
		return -1;
	if (n < 100) {
		rc = 0;
		goto out;
	}
	int caseno = 0, intelno = 0;
	char day[11], day2[11];
	/* planted Critical A: undeclared associate found by an R1 alert, financial difficulty, intelligence */
	for (int k = 0; k < 2; k++) {
		int64_t pid = ids[rng_below(&r, (long)n)];
		char key[24];
		snprintf(key, sizeof key, "P99%05d", k);
		day_at(today, 10 + 5 * k, day);    /* recent: on the latest meeting's agenda, interventions open */
		day_at(today, 20 + 5 * k, day2);
		if (plant_alert(st, pid, 1, day, key, e) || plant_financial(st, pid, day2, e) ||
		    plant_intel(st, pid, day2, "association", "Seen with a man the force knows as a drug supplier; "
		                                              "the association is not declared", ++intelno, e))
			goto out;
	}
	/* planted Critical B: hospitality from a supplier, a refused interest in it, fraud intelligence after */
	for (int k = 0; k < 2; k++) {
		int64_t pid = ids[rng_below(&r, (long)n)];
		for (int g = 0; g < 5; g++) {
			day_at(today, 30 + 60 * g + 7 * k, day);
			if (store_exec(st, e,
			               "INSERT INTO gifts(person_id, date_offered, offeror_org, kind, description, value_pence, "
			               "accepted, status, created_at) VALUES (?, ?, 'Northshire Fleet Services Ltd', 'hospitality', "
			               "'Dinner with the sales director', 8500, 1, 'recorded', ?)", "itt", pid, day, day))
				goto out;
		}
		day_at(today, 280 - 20 * k, day);
		day_at(today, 150 - 20 * k, day2);
		char decided[24];
		snprintf(decided, sizeof decided, "%sT10:00:00Z", day);
		if (store_exec(st, e,
		               "INSERT INTO business_interests(person_id, kind, organisation, description, status, decision, "
		               "decision_reason, decided_at, created_at) VALUES (?, 'directorship', "
		               "'Northshire Fleet Services Ltd', 'Non-executive director', 'refused', 'refused', "
		               "'The firm bids for the force vehicle maintenance contract', ?, ?)", "itt", pid, decided, decided) ||
		    plant_intel(st, pid, day2, "theft_fraud", "Still attends board meetings of the firm that won the fleet "
		                                              "contract", ++intelno, e))
			goto out;
	}
	/* about thirty more with two indicators each */
	for (int k = 0; k < 30; k++) {
		int64_t pid = ids[rng_below(&r, (long)n)];
		int a = (int)rng_below(&r, 5), b = (a + 1 + (int)rng_below(&r, 4)) % 5;
		for (int which = 0; which < 2; which++) {
			int kind = which ? b : a;
			day_at(today, rng_range(&r, 20, 330), day);
			int bad = 0;
			switch (kind) {
			case 0: bad = plant_allegations(st, pid, today, &r, &caseno, rng_permille(&r, 400), e); break;
			case 1:
				bad = store_exec(st, e,
				                 "INSERT INTO notifiable_associations(person_id, associate_name, category, "
				                 "relationship, declared_on, status, risk, advice, assessed_at, created_at) VALUES (?, "
				                 "'A. N. Associate', 'criminal_record', 'Old school friend', ?, 'assessed', 'high', "
				                 "'Limit contact; do not discuss police work', ?, ?)", "ittt", pid, day, day, day);
				break;
			case 2: bad = plant_financial(st, pid, day, e); break;
			case 3: {
				char key[24];
				snprintf(key, sizeof key, "V88%05d", k);
				bad = plant_alert(st, pid, 3, day, key, e);
				break;
			}
			default:
				bad = store_exec(st, e,
				                 "INSERT INTO circumstances(person_id, kind, subtype, subject, details, event_date, "
				                 "declared_on, created_at) VALUES (?, 'criminal_justice', 'arrest', 'self', "
				                 "'Arrested after a disturbance; released under investigation', ?, ?, ?)",
				                 "ittt", pid, day, day, day);
			}
			if (bad)
				goto out;
		}
	}
	/* a year of monthly meetings chaired by the acu login */
	int64_t acu_id = 0, psd_id = 0;
	struct actor chair;
	if (account_id_by_username(st, "acu", &acu_id, e) || account_id_by_username(st, "psd", &psd_id, e) ||
	    actor_load(st, acu_id, &chair, e))
		goto out;
	int64_t psd_person = 0;
	if (store_int(st, e, &psd_person, "SELECT COALESCE(person_id, 0) FROM accounts WHERE id = ?", "i", psd_id) < 0)
		goto out;
	static const char *const names[][2] = {
		{ "acu", "DI Rowan Pryce" }, { "psd", "Supt Helen Marsh" }, { "vetting", "Amrit Gill" },
		{ "hr_welfare", "Jo Fenwick" }, { "occupational_health", "Dr Sam Okafor" },
	};
	for (int mth = 11; mth >= 0; mth--) {
		char held[11];
		day_at(today, 30L * mth + 3, held);
		int64_t mid = 0;
		struct errlist errs = { 0 };
		if (risk_meeting_create(st, &chair, held, &mid, &errs, e))
			goto out;
		for (size_t a = 0; a < sizeof names / sizeof names[0]; a++)
			if (store_exec(st, e, "INSERT INTO risk_attendees(meeting_id, department, name) VALUES (?, ?, ?)", "itt",
			               mid, names[a][0], names[a][1]))
				goto out;
		/* the reviews due at this meeting: closed with their outcome */
		struct stmt *q = NULL;
		if (store_query(st, &q, e,
		                "SELECT v.id, v.person_id, v.indicators_at_start FROM risk_interventions v "
		                "WHERE v.status = 'open' AND v.review_date <= ? ORDER BY v.id", "t", held))
			goto out;
		int64_t close_id[256], close_pid[256];
		int close_sub[256], nclose = 0, rr;
		while ((rr = stmt_next(q, e)) == 1 && nclose < 256) {
			close_id[nclose] = stmt_int(q, 0);
			close_pid[nclose] = stmt_int(q, 1);
			const char *k = stmt_text(q, 2);
			close_sub[nclose++] = strstr(k, "interest_continuing") || strstr(k, "ict_alert") ||
			                      rng_permille(&r, 300);
		}
		stmt_done(q);
		if (rr < 0)
			goto out;
		for (int c = 0; c < nclose; c++) {
			int score = 0;
			char keys[256];
			if (risk_person_score(st, close_pid[c], held, &score, keys, sizeof keys, e) ||
			    store_exec(st, e,
			               "UPDATE risk_interventions SET status = 'completed', outcome = ?, substantiated = ?, "
			               "closed_on = ?, closed_by = ?, score_at_review = ?, indicators_at_review = ? WHERE id = ?",
			               "tttidti",
			               close_sub[c] ? "Concern substantiated: referred for a misconduct assessment"
			                            : "Engaged well; no further concern found",
			               close_sub[c] ? "yes" : "no", held, psd_id, score, keys, close_id[c]))
				goto out;
		}
		/* decisions and interventions for the people on the agenda without an open one */
		if (store_query(st, &q, e,
		                "SELECT g.person_id, g.score, g.indicators FROM risk_agenda g WHERE g.meeting_id = ? "
		                "AND NOT EXISTS (SELECT 1 FROM risk_interventions v WHERE v.person_id = g.person_id "
		                "AND v.status = 'open') ORDER BY g.person_id", "i", mid))
			goto out;
		int64_t pids[256];
		int scores[256], np = 0;
		char(*keys)[256] = xcalloc(256, 256);
		while ((rr = stmt_next(q, e)) == 1 && np < 256) {
			pids[np] = stmt_int(q, 0);
			scores[np] = (int)stmt_int(q, 1);
			snprintf(keys[np++], 256, "%s", stmt_text(q, 2));
		}
		stmt_done(q);
		if (rr < 0) {
			free(keys);
			goto out;
		}
		char created[24], due[11], review[11];
		snprintf(created, sizeof created, "%sT11:00:00Z", held);
		long hd = date_days(held);
		date_format(hd + 28, due);
		date_format(hd + 56, review);
		for (int p = 0; p < np; p++) {
			const char *kind = kind_for(keys[p]);
			if (pids[p] == chair.person_id || pids[p] == psd_person)
				continue;   /* nobody decides about, or owns an intervention about, themselves */
			if (store_exec(st, e,
			               "INSERT INTO risk_decisions(meeting_id, person_id, decision, decided_by, created_at) "
			               "VALUES (?, ?, ?, ?, ?)", "iitit", mid, pids[p],
			               "Agreed an early intervention; the owner to report back at the review", acu_id, created) ||
			    store_exec(st, e,
			               "INSERT INTO risk_interventions(person_id, meeting_id, kind, detail, owner_id, due_date, "
			               "review_date, score_at_start, indicators_at_start, created_by, created_at) "
			               "VALUES (?, ?, ?, 'Agreed at the tasking meeting', ?, ?, ?, ?, ?, ?, ?)",
			               "iitittdtit", pids[p], mid, kind, p % 2 ? acu_id : psd_id, due, review, scores[p], keys[p],
			               acu_id, created)) {
				free(keys);
				goto out;
			}
		}
		free(keys);
	}
	rc = 0;
out:
	free(ids);
	return rc;
}
