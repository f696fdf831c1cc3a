/* demo_intel.c — the demo part for counter-corruption intelligence (M6):
 * three years of items with a realistic category mix (misusing force
 * systems, inappropriate association, sexual misconduct and disclosure of
 * information most common), graded 3x5x2 (some early ones imported with a
 * legacy 5x5x5 grade, not reviewed, no sanitised text: the quality sample
 * shows the difference), lines of enquiry (some not pursued, each with a
 * rationale; some ICT audit checks), interventions, closures reviewed by
 * the `reviewer` login (a fifth returned once first), items awaiting
 * review, ICT alerts referred in from the audit part, and anonymous
 * reports with threads. Its own PRNG stream; fictional text only. */
#include "core/date.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include "domain/anon.h"
#include "demo/demo.h"
#include "domain/intel.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Category keys with weights (per 100). */
static const struct { const char *key; int w; const char *what[3]; } cats[] = {
	{ "systems", 24, { "looked up a neighbour on the police national computer without a policing purpose",
	                   "searched the crime system for a relative's case", "checked a former partner's address" } },
	{ "association", 17, { "is in regular contact with a man known for supplying drugs",
	                       "socialises with a local organised crime group member", "was seen with a convicted burglar" } },
	{ "sexual", 15, { "sent personal messages to a domestic abuse victim after the case closed",
	                  "asked a witness out for a drink", "made repeated contact with a vulnerable woman he met on duty" } },
	{ "disclosure", 15, { "told a friend about a planned warrant", "passed details of an investigation to a journalist",
	                      "shared a suspect's address on social media" } },
	{ "theft_fraud", 6, { "claimed overtime for shifts not worked", "took cash from seized property",
	                      "used a force fuel card for a private car" } },
	{ "drugs", 5, { "is said to use cocaine at weekends", "was seen buying cannabis", "" } },
	{ "authority", 5, { "used their warrant card to avoid a parking fine", "threatened a neighbour with arrest in a dispute", "" } },
	{ "vulnerability", 4, { "has large gambling debts", "is being blackmailed over an affair", "" } },
	{ "perverting", 2, { "is said to have altered a statement", "", "" } },
	{ "assist_offender", 2, { "warned a relative about a planned arrest", "", "" } },
	{ "infiltration", 1, { "applied to join with undeclared links to a crime group", "", "" } },
	{ "other", 4, { "behaves oddly around seized property", "", "" } },
};
static const struct { const char *key; int w; } sources[] = {
	{ "anonymous", 22 }, { "named", 14 }, { "line_manager", 16 }, { "complaint", 12 }, { "partner", 8 },
	{ "ict_audit", 14 }, { "other_force", 4 }, { "external_line", 7 }, { "open_internet", 3 },
};
static const char *const lines_text[] = {
	"Check the subject's system accesses for the period", "Speak to the line manager", "Review the subject's declared associations",
	"Financial check with the subject's consent", "Open-source check of social media", "Interview the source again",
	"Check duty rosters against the dates given", "Research the third party on force systems",
};
static const char *const rationales[] = {
	"Source cannot be re-contacted: the report was anonymous and gave no receipt reply",
	"Disproportionate: the information is already corroborated by the audit check",
	"The third party has moved out of force; no policing purpose in pursuing further",
	"Overtaken by the misconduct referral, which will cover this",
};
static const char *const results[] = {
	"Confirmed: three accesses without a recorded reason", "Nothing found to support the report",
	"Line manager aware of concerns and has a supervision plan", "Association is historic and was declared in 2019",
};
static const char *const outcomes[] = {
	"No further action: not substantiated", "Words of advice and a supervisory plan", "Referred for misconduct",
	"Intelligence retained; subject's vetting reviewed", "Referred to the IOPC",
};
static const char *const ivkinds[] = { "counselling", "debt_advice", "ethical_interview", "restricted_access",
	                               "supervisory_plan", "management_action", "misconduct_referral", "iopc_referral",
	                               "criminal_investigation" };

static const char *pick_cat(struct rng *r, int *ci)
{
	long x = rng_below(r, 100);
	for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
		if (x < cats[i].w) {
			*ci = (int)i;
			return cats[i].key;
		}
		x -= cats[i].w;
	}
	*ci = 0;
	return "systems";
}
static const char *pick_source(struct rng *r)
{
	long x = rng_below(r, 100);
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
		if (x < sources[i].w)
			return sources[i].key;
		x -= sources[i].w;
	}
	return "named";
}

static void grade(struct rng *r, char g[4])
{
	g[0] = "1222233"[rng_below(r, 7)];
	g[1] = "AABBBCCCDDE"[rng_below(r, 11)];
	g[2] = rng_below(r, 4) ? 'P' : 'C';
	g[3] = 0;
}

static int post(struct store *st, int64_t item, const char *kind, int64_t author, const char *body, const char *day,
                struct err *e)
{
	char at[24];
	snprintf(at, sizeof at, "%sT10:00:00Z", day);
	return store_exec(st, e, "INSERT INTO intel_thread(item_id, kind, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
	                  "itit" "t", item, kind, author, body, at);
}

int demo_intel(struct store *st, uint64_t seed, struct err *e)
{
	struct rng r = { seed ^ 0x696e74656c000000ull }; /* "intel" */
	int64_t acu = 0, reviewer = 0, excl1 = 0, excl2 = 0, npeople = 0;
	int64_t *people = NULL;
	int64_t *alerts = NULL;
	size_t nalerts = 0;
	struct stmt *s = NULL;
	int rc = -1, q;
	char today[11];
	date_today(today);
	long t = date_days(today);
	if (store_int(st, e, &acu, "SELECT id FROM accounts WHERE username = 'acu'", "") != 1 ||
	    store_int(st, e, &reviewer, "SELECT id FROM accounts WHERE username = 'reviewer'", "") != 1)
		return err_set(e, ERR_INTERNAL, "demo: the acu and reviewer accounts are needed first");
	store_int(st, e, &excl1, "SELECT COALESCE(person_id, 0) FROM accounts WHERE id = ?", "i", acu);
	store_int(st, e, &excl2, "SELECT COALESCE(person_id, 0) FROM accounts WHERE id = ?", "i", reviewer);
	if (store_int(st, e, &npeople, "SELECT COUNT(*) FROM people WHERE leave_date = ''", "") != 1)
		return -1;
	people = xcalloc((size_t)npeople + 1, sizeof *people);
	int64_t np = 0;
	/* subjects: serving people who are neither demo analyst nor reviewer, nor line-managed by the reviewer */
	if (store_query(st, &s, e,
	                "SELECT id FROM people WHERE leave_date = '' AND id <> ? AND id <> ? "
	                "AND COALESCE(manager_id, 0) <> ? ORDER BY id",
	                "iii", excl1, excl2, excl2))
		goto out;
	while ((q = stmt_next(s, e)) == 1 && np < npeople)
		people[np++] = stmt_int(s, 0);
	stmt_done(s);
	s = NULL;
	if (q < 0 || np == 0)
		goto out;
	alerts = xcalloc(16, sizeof *alerts);
	if (store_query(st, &s, e, "SELECT id FROM audit_alerts WHERE rule IN (1, 2, 5) AND status = 'new' ORDER BY id LIMIT 16", ""))
		goto out;
	while ((q = stmt_next(s, e)) == 1)
		alerts[nalerts++] = stmt_int(s, 0);
	stmt_done(s);
	s = NULL;
	if (q < 0)
		goto out;

	int nitems = 900;
	for (int i = 0; i < nitems; i++) {
		int ci;
		long day = t - 3 * 365 + (long)i * (3 * 365 - 2) / nitems + rng_below(&r, 2);
		char received[11], created[24], ref[16], g[4], text[600], san[600], reason[200] = "";
		date_format(day, received);
		snprintf(created, sizeof created, "%sT09:%02ld:00Z", received, rng_below(&r, 60));
		snprintf(ref, sizeof ref, "INT%06d", i + 1);
		const char *cat = pick_cat(&r, &ci);
		const char *src = pick_source(&r);
		int64_t alert = 0;
		if (day > t - 90 && nalerts && i % 9 == 0) {
			alert = alerts[--nalerts];
			src = "ict_audit";
			cat = "systems";
			ci = 0;
		}
		grade(&r, g);
		int legacy = day < t - 900 && rng_below(&r, 3) == 0; /* imported from the earlier register */
		int64_t subj = people[rng_below(&r, np)];
		char sn[32] = "", name[160] = "";
		store_text(st, e, sn, sizeof sn, "SELECT staff_number FROM people WHERE id = ?", "i", subj);
		store_text(st, e, name, sizeof name, "SELECT forenames || ' ' || surname FROM people WHERE id = ?", "i", subj);
		const char *what = cats[ci].what[rng_below(&r, 3)];
		if (!*what)
			what = cats[ci].what[0];
		snprintf(text, sizeof text, "%s (%s) %s.", name, sn, what);
		snprintf(san, sizeof san, "A member of staff %s.", what);
		if (strcmp(cat, "other") == 0)
			snprintf(reason, sizeof reason, "Concerning behaviour with no clear corruption category yet");
		long age = t - day;
		const char *status = age > 150 ? "closed" : age > 60 ? (rng_below(&r, 3) ? "closed" : "open")
		                                 : age > 20 && rng_below(&r, 3) == 0 ? "awaiting_review" : "open";
		char closed[11] = "", proposed[11] = "";
		const char *outcome = "";
		if (strcmp(status, "closed") == 0) {
			date_format(day + 30 + rng_below(&r, age > 180 ? 120 : 30), closed);
			if (strcmp(closed, today) > 0)
				snprintf(closed, sizeof closed, "%s", today);
			outcome = outcomes[rng_below(&r, 5)];
		}
		if (strcmp(status, "awaiting_review") == 0)
			date_format(t - rng_below(&r, 15), proposed);
		if (store_exec(st, e,
		               "INSERT INTO intel_items(reference, received, source_type, grading_scheme, grade, category, "
		               "category_reason, original_text, sanitised_text, owner_id, created_by, status, reviewer_id, "
		               "proposed_outcome, proposed_on, outcome, closed, reviewed_by, alert_id, imported, created_at) "
		               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, 0), ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?)",
		               "ttttttttt" "iit" "i" "tttt" "ii" "d" "t", ref, received, src, legacy ? "5x5x5" : "3x5x2",
		               legacy ? "B24" : g, cat, reason, text, legacy ? "" : san, legacy ? (int64_t)0 : acu,
		               legacy ? (int64_t)0 : acu, status,
		               strcmp(status, "open") && !legacy ? reviewer : (int64_t)0,
		               strcmp(status, "awaiting_review") == 0 ? "Words of advice and a supervisory plan" : "",
		               proposed, strcmp(status, "closed") == 0 ? outcome : "", closed,
		               strcmp(status, "closed") == 0 && !legacy ? reviewer : (int64_t)0, alert, legacy, created))
			goto out;
		int64_t id = store_last_id(st);
		if (store_exec(st, e, "INSERT INTO intel_subjects(item_id, person_id) VALUES (?, ?)", "ii", id, subj))
			goto out;
		if (alert) {
			char summary[200];
			snprintf(summary, sizeof summary, "Referred to intelligence as %s", ref);
			if (store_exec(st, e,
			               "UPDATE audit_alerts SET status = 'referred', decision_note = ?, decided_by = ?, "
			               "decided_at = ? WHERE id = ?",
			               "titi", summary, acu, created, alert) ||
			    store_exec(st, e,
			               "INSERT INTO audit_referrals(alert_id, summary, status, created_by, created_at) "
			               "VALUES (?, ?, 'closed', ?, ?)",
			               "itit", alert, summary, acu, created))
				goto out;
		}
		/* lines of enquiry */
		int nl = 1 + (int)rng_below(&r, 4);
		for (int k = 0; k < nl; k++) {
			int ict = k == 0 && (strcmp(cat, "systems") == 0 || rng_below(&r, 4) == 0);
			const char *ls = strcmp(status, "open") == 0 && rng_below(&r, 2) ? "open"
			                 : rng_below(&r, 5) == 0 && !ict ? "not_pursued" : "pursued";
			char desc[200], from[11], res[400];
			date_format(day - 90, from);
			if (ict)
				snprintf(desc, sizeof desc, "ICT audit check: accesses made by %s, %s to %s", sn, from, received);
			else
				snprintf(desc, sizeof desc, "%s", lines_text[rng_below(&r, 8)]);
			if (ict)
				snprintf(res, sizeof res, "%ld events found in the audit trail from %s to %s.",
				         rng_below(&r, 6), from, received);
			else
				snprintf(res, sizeof res, "%s", results[rng_below(&r, 4)]);
			if (store_exec(st, e,
			               "INSERT INTO intel_lines(item_id, description, owner_id, due, status, rationale, result, "
			               "kind, audit_mode, audit_target, audit_from, audit_to, created_at) "
			               "VALUES (?, ?, NULLIF(?, 0), '', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			               "iti" "tttt" "tttt" "t", id, desc, legacy ? (int64_t)0 : acu, ls,
			               strcmp(ls, "not_pursued") == 0 ? rationales[rng_below(&r, 4)] : "",
			               strcmp(ls, "pursued") == 0 ? res : "", ict ? "ict_audit" : "general", ict ? "user" : "",
			               ict ? sn : "", ict ? from : "", ict ? received : "", created))
				goto out;
		}
		if (rng_below(&r, 10) < 3) {
			char start[11], due[11], end[11] = "";
			date_format(day + 10 + rng_below(&r, 20), start);
			date_format(day + 40 + rng_below(&r, 60), due);
			if (strcmp(start, today) > 0)
				snprintf(start, sizeof start, "%s", today);
			if (strcmp(due, start) < 0)
				snprintf(due, sizeof due, "%s", start);
			if (strcmp(status, "closed") == 0)
				snprintf(end, sizeof end, "%s", closed[0] && strcmp(closed, start) >= 0 ? closed : start);
			if (store_exec(st, e,
			               "INSERT INTO intel_interventions(item_id, kind, owner_id, start_date, due_date, end_date, "
			               "outcome, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			               "iti" "ttt" "tt", id, ivkinds[rng_below(&r, 9)], acu, start, due, end,
			               end[0] ? "Completed" : "", created))
				goto out;
		}
		/* the review thread */
		if (!legacy && strcmp(status, "open")) {
			char pday[11];
			snprintf(pday, sizeof pday, "%s", closed[0] ? closed : proposed);
			if (rng_below(&r, 5) == 0 && (post(st, id, "proposal", acu, outcome[0] ? outcome : "Words of advice", pday, e) ||
			                          post(st, id, "return", reviewer, "Was the subject's audit trail checked for the whole period?", pday, e) ||
			                          post(st, id, "reply", acu, "Yes: see the ICT audit check line", pday, e)))
				goto out;
			if (post(st, id, "proposal", acu, outcome[0] ? outcome : "Words of advice and a supervisory plan", pday, e))
				goto out;
			if (strcmp(status, "closed") == 0 && post(st, id, "approval", reviewer, "", closed, e))
				goto out;
		}
	}

	/* anonymous reports with threads: their receipts are random and known to nobody */
	static const char *const reports[][3] = {
		{ "A PC on the late shift keeps checking his ex-partner's address on the system.", "Which station does he work from?",
		  "Northgate, response team B." },
		{ "A sergeant is taking money from a garage owner to look the other way on stolen parts.", "Do you know roughly when this started?",
		  "Since the summer, maybe June." },
		{ "An officer is seeing a woman who was the victim in one of his cases.", "", "" },
		{ "Someone in the control room leaks incident details to a local Facebook group.", "Can you say which group?", "" },
		{ "A detective is gambling heavily and borrowing money from colleagues.", "", "" },
		{ "A special constable boasts about knowing local dealers.", "Has this been said in front of others?", "Yes, in the canteen." },
	};
	for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
		char receipt[ANON_RECEIPT_SIZE], hash[ANON_HASH_HEX], day[11];
		size_t k = 0;
		for (int dgt = 0; dgt < ANON_RECEIPT_DIGITS; dgt++) {
			if (dgt && dgt % 4 == 0)
				receipt[k++] = ' ';
			receipt[k++] = (char)('0' + rng_below(&r, 10));
		}
		receipt[k] = 0;
		if (anon_receipt_hash(st, receipt, hash, e))
			goto out;
		date_format(t - 2 - (long)i * 5, day);
		int seq = 0;
		const char *status = reports[i][1][0] ? "open" : "new";
		if (store_exec(st, e, "INSERT INTO anon_reports(receipt_hash, received, status, last_seq) VALUES (?, ?, ?, 0)",
		               "ttt", hash, day, status))
			goto out;
		int64_t rid = store_last_id(st);
		for (int m = 0; m < 3; m++) {
			if (!reports[i][m][0])
				continue;
			seq++;
			if (store_exec(st, e, "INSERT INTO anon_messages(report_id, seq, author, day, body) VALUES (?, ?, ?, ?, ?)",
			               "idttt", rid, seq, m == 1 ? "acu" : "reporter", day, reports[i][m]))
				goto out;
		}
		if (store_exec(st, e, "UPDATE anon_reports SET last_seq = ? WHERE id = ?", "di", seq, rid))
			goto out;
	}
	rc = 0;
out:
	stmt_done(s);
	free(people);
	free(alerts);
	return rc;
}
