/* demo_complaints.c — the complaints and conduct part of `probity demo`:
 * five years of complaint cases (about half the allegations "Delivery of
 * duties and service", shares after the IOPC's 2023/24 figures), conduct
 * and death or serious injury matters, outcomes, reviews, reflective
 * practice reports, a private misconduct meeting and two public gross
 * misconduct hearings (one dismissal, which goes to the barred list). All
 * generated, all fictional; its own PRNG stream from the demo seed, so the
 * same seed and date give the same cases. */
#include "core/date.h"
#include "core/rng.h"
#include "domain/auth.h"
#include "domain/complaints.h"
#include "domain/inspections.h"
#include "demo/demo.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Shares of allegations by category (per cent, the 2020 scheme's order). */
static const int cat_w[] = { 53, 21, 3, 3, 1, 3, 1, 13, 1, 1, 2 };
/* Outcomes of allegations in complaints handled under Schedule 3. */
static const char *const s3_out[] = { "service_acceptable", "service_not_acceptable", "unable_to_determine",
	                              "no_further_action", "reflective_practice", "management_action", "withdrawn",
	                              "discontinued" };
static const int s3_out_w[] = { 45, 15, 10, 15, 5, 5, 3, 2 };

static const char *fmt(long z, char out[11])
{
	date_format(z, out);
	return out;
}

static int64_t category_id(struct store *st, int pos)
{
	int64_t id = 0;
	store_int(st, NULL, &id,
	          "SELECT c.id FROM complaint_categories c JOIN complaint_schemes s ON s.id = c.scheme_id WHERE "
	          "s.active = 1 AND c.position = ?",
	          "d", pos);
	return id;
}

int demo_complaints(struct store *st, uint64_t seed, struct err *e)
{
	struct rng r = { seed ^ 0x636f6d706c61696eULL }; /* "complain": this part's own stream */
	int64_t *subj = NULL, cats[NELEM(cat_w)];
	size_t nsubj = 0;
	char t[11], d1[11], d2[11], d3[11], d4[11], ref[32], now[21];
	int rc = -1;
	rng_next(&r);
	date_today(t);
	time_now_iso(now);
	long today = date_days(t), start = today - 5 * 365;
	if (demo_ids(st, "SELECT id FROM people WHERE kind = 'officer' AND leave_date = '' ORDER BY id", &subj, &nsubj,
	             e))
		goto out;
	if (nsubj < 10) {
		rc = 0;
		goto out;
	}
	for (size_t i = 0; i < NELEM(cat_w); i++)
		cats[i] = category_id(st, (int)i + 1);
	long ncase = 0, nrprp = 0;
	for (long day = start; day <= today - 3; day++) {
		int per_day = (int)rng_range(&r, 0, 4); /* about two a day: some 3,600 cases in five years */
		for (int k = 0; k < per_day; k++) {
			ncase++;
			int kind_roll = (int)rng_below(&r, 100);
			const char *kind = kind_roll < 93 ? "complaint" : kind_roll < 99 ? "conduct" : "dsi";
			long rec = day, lg = rec + rng_range(&r, 0, 8), ct = lg + rng_range(&r, 0, 9);
			int s3 = strcmp(kind, "complaint") == 0 && rng_below(&r, 100) < 40;
			const char *schedule3 = strcmp(kind, "complaint") ? "" : s3 ? "yes" : "no";
			static const char *const reasons[] = { "complainant_wishes", "authority_decides", "dissatisfied" };
			static const int reason_w[] = { 60, 30, 10 };
			const char *why = s3 ? reasons[rng_weighted(&r, reason_w, 3)] : "";
			static const char *const hand[] = { "otherwise", "local_investigation", "directed_investigation",
				                            "independent_investigation" };
			static const int hand_w[] = { 60, 32, 4, 4 };
			const char *handling = strcmp(kind, "complaint") ? "local_investigation"
			                       : s3                       ? hand[rng_weighted(&r, hand_w, 4)]
			                                                  : "outside_schedule3";
			long dur = strcmp(handling, "outside_schedule3") == 0 ? rng_range(&r, 3, 45)
			           : strcmp(handling, "otherwise") == 0       ? rng_range(&r, 20, 150)
			                                                      : rng_range(&r, 90, 480);
			long fin = lg + dur;
			int open = fin > today;
			snprintf(ref, sizeof ref, "CO/%ld/%05ld", (long)(rec / 365 + 1970), ncase);
			if (store_exec(st, e,
			               "INSERT INTO complaint_cases(case_ref, kind, received, logged, contacted, schedule3, "
			               "sch3_reason, handling, finalised, severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			               "tttttttttt", ref, kind, fmt(rec, d1), fmt(lg, d2),
			               strcmp(kind, "complaint") ? "" : fmt(ct, d3), schedule3, why, handling,
			               open ? "" : fmt(fin, d4),
			               strcmp(kind, "complaint") ? (rng_below(&r, 4) ? "misconduct" : "gross_misconduct") : ""))
				goto out;
			int64_t case_id = store_last_id(st);
			int nall = 1 + (rng_below(&r, 100) < 55) + (rng_below(&r, 100) < 20);
			for (int a = 0; a < nall; a++) {
				const char *outcome = "";
				if (!open) {
					if (strcmp(kind, "complaint"))
						outcome = rng_below(&r, 3) ? "reflective_practice"
						          : rng_below(&r, 2) ? "misconduct_meeting"
						                          : "no_further_action";
					else if (!s3)
						outcome = rng_below(&r, 10) ? "resolved_outside_schedule3" : "withdrawn";
					else
						outcome = s3_out[rng_weighted(&r, s3_out_w, NELEM(s3_out))];
				}
				char aref[8];
				snprintf(aref, sizeof aref, "A%d", a + 1);
				int64_t who = subj[rng_below(&r, (long)nsubj)];
				if (store_exec(st, e,
				               "INSERT INTO complaint_allegations(case_id, allegation_ref, subject_id, category_id, "
				               "outcome, finalised) VALUES (?, ?, ?, ?, ?, ?)",
				               "itiitt", case_id, aref, who, cats[rng_weighted(&r, cat_w, NELEM(cat_w))], outcome,
				               open ? "" : d4))
					goto out;
				if (strcmp(outcome, "reflective_practice") == 0 && fin > today - 400 && nrprp < 60) {
					nrprp++;
					long review = fin + 365;
					if (store_exec(st, e,
					               "INSERT INTO complaint_rprp(allegation_id, summary_issue, summary_discussion, "
					               "actions, lessons_officer, lessons_force, review_date, recorded_at) VALUES "
					               "(?, 'The officer did not keep the complainant informed of progress.', "
					               "'The officer and supervisor discussed the complainant''s experience and the "
					               "pressures on the team.', ?, 'Update victims at the agreed intervals.', "
					               "'Remind teams of the victim contact standard.', ?, ?)",
					               "ittt", store_last_id(st), "2027-01-31 Complete the victim care refresher",
					               fmt(review, d3), now))
						goto out;
				}
			}
			/* Reviews of finalised Schedule 3 complaints. */
			if (s3 && !open && rng_below(&r, 100) < 8) {
				long req = fin + rng_range(&r, 3, 25), done = req + rng_range(&r, 20, 90);
				if (req <= today &&
				    store_exec(st, e,
				               "INSERT INTO complaint_reviews(case_id, review_body, requested, completed, result) "
				               "VALUES (?, ?, ?, ?, ?)",
				               "ittt" "t", case_id, rng_below(&r, 5) ? "lpb" : "iopc", fmt(req, d1),
				               done <= today ? fmt(done, d2) : "",
				               done > today ? "" : rng_below(&r, 100) < 15 ? "upheld" : "not_upheld"))
					goto out;
			}
		}
	}
	/* A private misconduct meeting and two public gross misconduct hearings
	 * (one dismissal), recent enough to be on the public site. */
	{
		static const struct {
			int days_ago, public_;
			const char *kind, *venue, *allegations, *finding, *outcome;
		} hearings[] = {
			{ 40, 0, "meeting", "Police Headquarters, Northshire", "Failed to record a crime report.", "misconduct",
			  "written_warning" },
			{ 12, 1, "hearing", "Northshire Police Headquarters, Hearing Room 1",
			  "Discreditable conduct: sent offensive messages to colleagues; breach of the standard of equality and "
			  "diversity.",
			  "gross_misconduct", "dismissal_without_notice" },
			{ 6, 1, "hearing", "Northshire Police Headquarters, Hearing Room 1",
			  "Abuse of position: pursued a relationship with a vulnerable victim met on duty.", "gross_misconduct",
			  "final_written_warning" },
		};
		for (size_t i = 0; i < NELEM(hearings); i++) {
			int64_t case_id = 0, who = subj[rng_below(&r, (long)nsubj)];
			long held = today - hearings[i].days_ago;
			snprintf(ref, sizeof ref, "CM/%ld/H%zu", (long)(held / 365 + 1970), i + 1);
			if (store_exec(st, e,
			               "INSERT INTO complaint_cases(case_ref, kind, received, logged, handling, severity) "
			               "VALUES (?, 'conduct', ?, ?, 'local_investigation', ?)",
			               "tttt", ref, fmt(held - 300, d1), fmt(held - 298, d2),
			               strcmp(hearings[i].kind, "meeting") ? "gross_misconduct" : "misconduct"))
				goto out;
			case_id = store_last_id(st);
			if (store_exec(st, e,
			               "INSERT INTO complaint_allegations(case_id, allegation_ref, subject_id, category_id) "
			               "VALUES (?, 'A1', ?, ?)",
			               "iii", case_id, who, cats[9]) ||
			    store_exec(st, e,
			               "INSERT INTO complaint_proceedings(case_id, kind, held_on, venue, public, subject_id, "
			               "allegations, finding, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			               "ittt" "dittt", case_id, hearings[i].kind, fmt(held, d3), hearings[i].venue,
			               hearings[i].public_, who, hearings[i].allegations, hearings[i].finding,
			               hearings[i].outcome))
				goto out;
			if (strcmp(hearings[i].outcome, "dismissal_without_notice") == 0 &&
			    store_exec(st, e,
			               "INSERT INTO vetting_leavers(person_id, reason, list, left_on, notes, created_at) VALUES "
			               "(?, 'dismissed', 'barred', ?, 'dismissed without notice at a misconduct hearing', ?) "
			               "ON CONFLICT(person_id, list) DO NOTHING",
			               "itt", who, d3, now))
				goto out;
		}
	}
	{ /* learning recommendations, tracked in the findings tracker as complaints_learning_add does */
		static const char *const learn[][2] = {
			{ "iopc", "Review how call handlers record a caller's request for a call back." },
			{ "local", "Brief response teams on explaining a decision not to attend." },
			{ "iopc", "Remind officers to record body-worn video when a search begins." },
			{ "local", "Add property handling to the next custody refresher." },
			{ "local", "Publish the complaints leaflet in the force's five most used languages." },
		};
		struct actor psd;
		int64_t psd_id = 0;
		if (account_id_by_username(st, "psd", &psd_id, e) || actor_load(st, psd_id, &psd, e))
			goto out;
		for (size_t i = 0; i < NELEM(learn); i++) {
			char case_ref[40] = "", lref[48], due[11];
			int64_t fid;
			struct errlist fe = { 0 };
			if (store_text(st, e, case_ref, sizeof case_ref,
			               "SELECT case_ref FROM complaint_cases WHERE kind = 'complaint' AND finalised <> '' "
			               "ORDER BY finalised DESC, id LIMIT 1 OFFSET ?", "i", (int64_t)(i * 7)) < 0)
				goto out;
			if (!case_ref[0])
				break;
			snprintf(lref, sizeof lref, "%s L1", case_ref);
			fmt(today + 30 + (long)i * 45, due);
			struct finding_input in = { "recommendation", "no", lref, learn[i][1],
				                    strcmp(learn[i][0], "iopc") ? "Local learning" : "IOPC learning", "", due };
			if (learning_add(st, &psd, LEARNING_COMPLAINTS, "Professional Standards (IOPC and local learning)", &in,
			                 &fid, &fe, e))
				goto out;
		}
	}
	rc = 0;
out:
	free(subj);
	return rc;
}
