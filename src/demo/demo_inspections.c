/* demo_inspections.c — the demo part for inspections and scrutiny (M11):
 * six fictional inspections over six years (two PEEL inspections with graded
 * questions, national thematics, a counter-corruption inspection), their
 * findings with owners, dated force updates and status histories (board
 * sign-offs with "work continues" caveats, two non-compliant national
 * recommendations), PCC response records (one past its 56 days), and two
 * independent panel reviews with questions, responses and follow-ups.
 * Scripted rather than random (it draws nothing from the PRNG, so other
 * parts are unchanged); dates are relative to today. Owners are found by
 * their post in the generated organisation. */
#include "demo/demo.h"
#include "core/date.h"
#include "domain/inspections.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

struct ctx {
	struct store *st;
	struct err *e;
	long today;
	int64_t gov_account, dcc_account;
	char gov_name[200], dcc_name[200];
};

static void day(long n, char out[11]) { date_format(n, out); }

static void stamp(long n, char out[21])
{
	char d[11];
	date_format(n, d);
	snprintf(out, 21, "%sT10:00:00Z", d);
}

static int account(struct ctx *c, const char *username, int64_t *id, char *name, size_t n)
{
	struct stmt *s;
	if (store_query(c->st, &s, c->e,
	                "SELECT a.id, COALESCE(p.forenames || ' ' || p.surname, a.username) FROM accounts a "
	                "LEFT JOIN people p ON p.id = a.person_id WHERE a.username = ?", "t", username))
		return -1;
	if (stmt_next(s, c->e) == 1) {
		*id = stmt_int(s, 0);
		snprintf(name, n, "%s", stmt_text(s, 1));
	}
	stmt_done(s);
	return 0;
}

/* The first current holder of a post title: their person and unit ids. */
static void holder(struct ctx *c, const char *post, int64_t *person, int64_t *unit)
{
	*person = *unit = 0;
	struct stmt *s;
	if (store_query(c->st, &s, c->e,
	                "SELECT p.id, COALESCE(p.unit_id, 0) FROM people p JOIN posts po ON po.id = p.post_id "
	                "WHERE po.title = ? AND p.leave_date = '' ORDER BY p.id LIMIT 1", "t", post))
		return;
	if (stmt_next(s, c->e) == 1) {
		*person = stmt_int(s, 0);
		*unit = stmt_int(s, 1);
	}
	stmt_done(s);
}

static int64_t inspection(struct ctx *c, const char *title, const char *kind, long published, const char *grade,
                          const char *summary)
{
	char pub[11], f1[11], f2[11], now[21];
	day(published, pub);
	day(published - 200, f1);
	day(published - 170, f2);
	stamp(published + 7, now);
	if (store_exec(c->st, c->e,
	               "INSERT INTO inspections(title, kind, fieldwork_from, fieldwork_to, published, summary, grade, "
	               "created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
	               "tttttttt", title, kind, f1, f2, pub, summary, grade, now))
		return 0;
	return store_last_id(c->st);
}

static int judgment(struct ctx *c, int64_t insp, int ord, const char *pillar, const char *question,
                    const char *scale, const char *grade, int carried)
{
	return store_exec(c->st, c->e,
	                  "INSERT INTO judgments(inspection_id, ordinal, pillar, question, scale, grade, carried_over) "
	                  "VALUES(?, ?, ?, ?, ?, ?, ?)",
	                  "i" "d" "tttt" "d", insp, ord, pillar, question, scale, grade, carried);
}

struct dfinding {
	const char *kind;
	const char *ref;
	const char *pillar;
	const char *owner_post;
	const char *text;
	/* the path: statuses reached, in order, after "open" */
	const char *path;        /* e.g. "ip,pc,so", "ip,pc,so,cl", "ip,nc", "" */
	const char *caveat;      /* for a sign-off */
	const char *update1, *update2;
};

/* Record one step of a finding's history on day n. */
static int step(struct ctx *c, int64_t fid, const char *status, long n, const char *caveat, const char *evidence,
                const char *rationale, const char *risk, long revisit)
{
	char at[21], bd[11] = "", rv[11] = "", fu[11] = "";
	stamp(n, at);
	int board = !strcmp(status, "signed_off");
	int nc = !strcmp(status, "non_compliant");
	if (board)
		day(n, bd);
	if (board && caveat)
		day(n + 365, fu); /* work continuing: followed up a year on */
	if (nc)
		day(revisit, rv);
	int64_t acc = board ? c->dcc_account : c->gov_account;
	const char *by = board ? c->dcc_name : c->gov_name;
	if (store_exec(c->st, c->e,
	               "INSERT INTO finding_status_history(finding_id, status, at, account_id, by_name, evidence, board, "
	               "board_date, caveat, rationale, risk_accepted, revisit, follow_up) VALUES(?, ?, ?, NULLIF(?, 0), ?, "
	               "?, ?, ?, ?, ?, ?, ?, ?)",
	               "itti" "ttttttttt", fid, status, at, acc, by, evidence ? evidence : "",
	               board ? "Service Improvement and Performance Board" : "", bd, board && caveat ? caveat : "",
	               rationale ? rationale : "", risk ? risk : "", rv, fu))
		return -1;
	return store_exec(c->st, c->e,
	                  "UPDATE findings SET status = ?, status_at = ?, caveat = ?, revisit = ?, follow_up = ? WHERE id = ?",
	                  "ttttt" "i", status, at, board && caveat ? caveat : "", rv, fu, fid);
}

static int update(struct ctx *c, int64_t fid, long n, const char *text)
{
	char d[11], at[21];
	day(n, d);
	stamp(n, at);
	return store_exec(c->st, c->e,
	                  "INSERT INTO finding_updates(finding_id, update_date, text, account_id, by_name, created_at) "
	                  "VALUES(?, ?, ?, NULLIF(?, 0), ?, ?)",
	                  "itti" "tt", fid, d, text, c->gov_account, c->gov_name, at);
}

/* Add the findings of one inspection, walking each along its path from
 * published + 30 days, a step every `gap` days. */
static int findings(struct ctx *c, int64_t insp, long published, int national, const struct dfinding *f, size_t n,
                    long gap, int64_t *ids)
{
	for (size_t i = 0; i < n; i++) {
		int64_t person, unit;
		holder(c, f[i].owner_post, &person, &unit);
		char at[21], due[11];
		stamp(published + 10, at);
		day(published + 365, due);
		if (store_exec(c->st, c->e,
		               "INSERT INTO findings(inspection_id, kind, national, reference, text, pillar, owner_person_id, "
		               "owner_unit_id, due, status, status_at, created_at) "
		               "VALUES(?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, 'open', ?, ?)",
		               "i" "t" "d" "ttt" "ii" "ttt", insp, f[i].kind, national, f[i].ref, f[i].text, f[i].pillar,
		               person, unit, due, at, at))
			return -1;
		int64_t id = store_last_id(c->st);
		if (ids)
			ids[i] = id;
		if (store_exec(c->st, c->e,
		               "INSERT INTO finding_status_history(finding_id, status, at, account_id, by_name, note) "
		               "VALUES(?, 'open', ?, NULLIF(?, 0), ?, 'Recorded from the published report')",
		               "iti" "t", id, at, c->gov_account, c->gov_name))
			return -1;
		long t = published + 30;
		const char *p = f[i].path;
		int k = 0;
		while (*p) {
			char code[3] = { p[0], p[1], 0 };
			p += 2;
			if (*p == ',')
				p++;
			t += gap + 11 * (long)(i % 3);
			if (t >= c->today)
				t = c->today - 1;
			int rc = 0;
			if (!strcmp(code, "ip"))
				rc = step(c, id, "in_progress", t, NULL, NULL, NULL, NULL, 0);
			else if (!strcmp(code, "pc"))
				rc = step(c, id, "proposed_complete", t, NULL,
				          "Evidence pack presented to the board: policy, training records and a dip sample.", NULL,
				          NULL, 0);
			else if (!strcmp(code, "so"))
				rc = step(c, id, "signed_off", t, f[i].caveat, NULL, NULL, NULL, 0);
			else if (!strcmp(code, "cl"))
				rc = step(c, id, "closed", t, NULL, NULL, NULL, NULL, 0);
			else if (!strcmp(code, "nc"))
				rc = step(c, id, "non_compliant", t, NULL, NULL, strstr(f[i].text, "ICT")
				                  ? "Full roll-out of monitoring to hand-held devices depends on the new ICT contract."
				                  : "Periodic reviews for every post cannot be resourced; an annual integrity review "
				                    "over 12 months replaces them.",
				          "Some misuse of systems may go undetected, or a vetting concern unnoticed, until then.",
				          c->today + 120);
			if (rc)
				return -1;
			if (k == 0 && f[i].update1 && update(c, id, t - 3, f[i].update1))
				return -1;
			k++;
		}
		if (f[i].update2 && update(c, id, *f[i].path ? t + 5 < c->today ? t + 5 : c->today - 1 : published + 60,
		                           f[i].update2))
			return -1;
	}
	return 0;
}

static int response(struct ctx *c, int64_t insp, long published, long published_on, const char *pcc,
                    const char *cc)
{
	char at[21], pd[11] = "";
	stamp(published + 20, at);
	if (published_on)
		day(published_on, pd);
	/* s.55(5B): an explanation for each recommendation (action taken, proposed
	 * with a date, or why none), and for a published record its version 1. */
	char prop[11];
	day(published + 240, prop);
	if (store_exec(c->st, c->e,
	               "INSERT INTO response_records(inspection_id, force_name, pcc_name, chief_constable, pcc_statement, "
	               "cc_response, published, published_at, updated_at, version) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "itttttdttd", insp, DEMO_FORCE_NAME, "Commissioner Alex Marlowe", "Chief Constable Jordan Ashby",
	               pcc, cc, published_on != 0, pd, at, published_on != 0) ||
	    store_exec(c->st, c->e,
	               "INSERT INTO response_explanations(finding_id, inspection_id, action, proposed_date, text, updated_at) "
	               "SELECT id, inspection_id, CASE id % 3 WHEN 0 THEN 'taken' WHEN 1 THEN 'proposed' ELSE 'none' END, "
	               "CASE id % 3 WHEN 1 THEN ?1 ELSE '' END, CASE id % 3 "
	               "WHEN 0 THEN 'The force has done this; the board checked the evidence.' "
	               "WHEN 1 THEN 'The force will do this as part of its improvement plan, overseen by the board.' "
	               "ELSE 'No further action: the force already meets this through its existing policy.' END, ?2 "
	               "FROM findings WHERE inspection_id = ?3 AND kind = 'recommendation' AND ?4 = 1",
	               "ttid", prop, at, insp, published_on != 0))
		return -1;
	if (!published_on)
		return 0;
	return store_exec(c->st, c->e,
	                  "INSERT INTO response_versions(inspection_id, version, published_at, note, force_name, pcc_name, "
	                  "chief_constable, pcc_statement, cc_response) SELECT inspection_id, 1, published_at, '', "
	                  "force_name, pcc_name, chief_constable, pcc_statement, cc_response FROM response_records "
	                  "WHERE inspection_id = ?",
	                  "i", insp) ||
	       store_exec(c->st, c->e,
	                  "INSERT INTO response_version_explanations(inspection_id, version, finding_id, reference, "
	                  "recommendation, action, proposed_date, text) SELECT f.inspection_id, 1, f.id, f.reference, "
	                  "f.text, x.action, x.proposed_date, x.text FROM findings f JOIN response_explanations x ON "
	                  "x.finding_id = f.id WHERE f.inspection_id = ?",
	                  "i", insp) ||
	       store_exec(c->st, c->e, response_freeze_findings_sql, "ii", insp, (int64_t)1); /* its findings as published */
}

static const struct dfinding peel18[] = {
	{ "area_for_improvement", "AFI 1", "Effectiveness: Investigating crime", "Head of Crime",
	  "The force should ensure that wanted persons are recorded on the Police National Computer promptly.",
	  "ip,pc,so,cl", NULL, "A daily check of new wanted persons against the PNC is in place.",
	  "Audit shows 97% of wanted persons recorded within 24 hours." },
	{ "area_for_improvement", "AFI 2", "Effectiveness: Investigating crime", "Head of Criminal Justice",
	  "The force should ensure it complies with the Victims' Code.", "ip,pc,so,cl", NULL,
	  "Victims' Code compliance is now part of the monthly performance meeting.", NULL },
	{ "area_for_improvement", "AFI 3", "Effectiveness: Protecting vulnerable people", "Head of Public Protection",
	  "The force should ensure schools are told promptly about children affected by domestic abuse.",
	  "ip,pc,so,cl", NULL, "Notifications to schools are sent by the next school day.", NULL },
	{ "area_for_improvement", "AFI 4", "Legitimacy: Ethical and lawful workforce behaviour",
	  "Head of Professional Standards",
	  "The force should make sure staff have a clear route to raise ethical concerns, and receive feedback on them.",
	  "ip,pc,so", "Complete, with work continuing",
	  "An internal Ethics Panel of volunteers with an independent chair has been set up; dilemmas are shared in "
	  "team briefings.",
	  "The Ethics Panel meets quarterly and publishes its answers to dilemmas on the intranet and a display board." },
	{ "area_for_improvement", "AFI 5", "Legitimacy: Ethical and lawful workforce behaviour", "Force Vetting Manager",
	  "The force should monitor vetting decisions to identify any disproportionality, and act on it.", "ip,pc,so",
	  "Complete, with work continuing",
	  "Vetting forms now record protected characteristics; decisions are made without sight of them.",
	  "A monthly manual disproportionality report covers all protected characteristics; a paper on a new vetting "
	  "IT system went to the DCC's board." },
	{ "area_for_improvement", "AFI 6", "Legitimacy: Ethical and lawful workforce behaviour",
	  "Detective Inspector (Anti-Corruption)",
	  "The force should make sure its counter-corruption unit has the capacity and the means to monitor all its ICT "
	  "systems, including mobile data.",
	  "ip,pc,so", "Complete, with work continuing",
	  "Funding agreed for two more detective constables in the counter-corruption unit.",
	  "Desktop monitoring is live; monitoring of hand-held devices is being rolled out." },
};

static const struct dfinding betrayal[] = {
	{ "recommendation", "Recommendation 1", "Vetting", "Force Vetting Manager",
	  "Chief constables should set the vetting level every post needs and review it periodically.", "ip,nc", NULL,
	  "Every post now has a vetting level in the establishment system.",
	  "An annual integrity review over 12 months replaces periodic post reviews." },
	{ "recommendation", "Recommendation 2", "Vetting", "Force Vetting Manager",
	  "Forces should share information about officers who transfer between forces.", "ip,pc,so,cl", NULL,
	  "A transferee checklist is agreed with neighbouring forces.", NULL },
	{ "recommendation", "Recommendation 3", "Counter-corruption", "Detective Inspector (Anti-Corruption)",
	  "Forces should record corruption using the national corruption categories.", "ip,pc,so,cl", NULL,
	  "The counter-corruption unit now records against the national categories.", NULL },
	{ "recommendation", "Recommendation 4", "Counter-corruption", "Detective Inspector (Anti-Corruption)",
	  "Forces should build links with agencies supporting vulnerable people so that abuse of position is reported.",
	  "ip,pc,so", "Complete, with work continuing",
	  "Briefings given to domestic abuse and drug support services.", NULL },
	{ "recommendation", "Recommendation 5", "Counter-corruption", "Head of Intelligence",
	  "Forces should assess intelligence about abuse of position for a sexual purpose promptly.", "ip,pc,so,cl",
	  NULL, "A detective inspector reviews each intelligence item before closure.", NULL },
	{ "recommendation", "Recommendation 6", "Professional standards", "Head of Professional Standards",
	  "Forces should treat abuse of position for a sexual purpose as serious corruption.", "ip,pc,so,cl", NULL,
	  "Policy updated and briefed to all supervisors.", NULL },
	{ "recommendation", "Recommendation 7", "Professional standards", "Head of Learning and Development",
	  "Forces should train their workforce to recognise and report abuse of position.", "ip,pc,so", NULL,
	  "Mandatory e-learning launched; completion is above 90%.", NULL },
	{ "recommendation", "Recommendation 8", "ICT monitoring", "Head of ICT Services",
	  "Chief constables should monitor all desktop and hand-held ICT systems to detect abuse of position.", "ip,nc",
	  NULL, "Desktop monitoring software procured.", "Hand-held monitoring roll-out is planned for this year." },
	{ "recommendation", "Recommendation 9", "Counter-corruption", "Detective Inspector (Anti-Corruption)",
	  "Forces should have enough trained staff in their counter-corruption units.", "ip,pc,so,cl", NULL,
	  "Two detective constables added to the unit.", NULL },
	{ "recommendation", "Recommendation 10", "Professional standards", "Head of Professional Standards",
	  "Forces should publish the outcomes of gross misconduct hearings.", "ip,pc,so,cl", NULL,
	  "Hearing outcomes are published on the force website.", NULL },
};

static const struct dfinding peel21[] = {
	{ "area_for_improvement", "AFI 1", "Treatment of the public", "Head of Neighbourhood Policing",
	  "The force should improve how it records the reasonable grounds for stop and search.", "ip,pc,so", NULL,
	  "Supervisors review every stop and search record within a week.", NULL },
	{ "area_for_improvement", "AFI 2", "Protecting vulnerable people", "Head of Public Protection",
	  "The force should make sure risk assessments for missing children are reviewed.", "ip,pc", NULL,
	  "Review of missing-children risk assessments added to the daily management meeting.", NULL },
	{ "area_for_improvement", "AFI 3", "Developing a positive workplace", "Head of HR",
	  "The force should understand the wellbeing needs of its workforce.", "ip", NULL,
	  "A wellbeing survey has been commissioned.", NULL },
};

static const struct dfinding trust[] = {
	{ "recommendation", "Recommendation 1", "Vetting", "Force Vetting Manager",
	  "Forces should re-vet every officer and member of staff whose vetting has lapsed.", "ip", NULL,
	  "22 people whose vetting needed refreshing have been identified.", NULL },
	{ "recommendation", "Recommendation 2", "Misconduct", "Head of Professional Standards",
	  "Forces should make sure misogynistic behaviour is recorded and investigated as misconduct.", "ip,pc", NULL,
	  "Assessment guidance updated.", NULL },
	{ "recommendation", "Recommendation 3", "Counter-corruption", "Detective Inspector (Anti-Corruption)",
	  "Forces should review all intelligence about sexual misconduct held without action.", "", NULL, NULL, NULL },
	{ "recommendation", "Recommendation 4", "Vetting", "Force Vetting Manager",
	  "Forces should record the protected characteristics of vetting applicants.", "ip", NULL,
	  "Vetting forms changed.", NULL },
};

static const struct dfinding ccu[] = {
	{ "area_for_improvement", "AFI 1", "Counter-corruption", "Detective Inspector (Anti-Corruption)",
	  "The force should hold a regular tactical meeting on business interests and notifiable associations.", "",
	  NULL, NULL, NULL },
	{ "area_for_improvement", "AFI 2", "Counter-corruption", "Head of Professional Standards",
	  "The force should use its annual integrity health check consistently.", "", NULL, NULL, NULL },
};

static const struct dfinding peel24[] = {
	{ "cause_of_concern", "Cause of concern 1", "Responding to the public", "Head of Public Contact",
	  "The force does not answer emergency and non-emergency calls quickly enough.", "ip", NULL,
	  "Extra call handlers recruited; a call-back service started.", NULL },
	{ "recommendation", "Recommendation 1", "Responding to the public", "Head of Public Contact",
	  "Within six months the force should answer 90% of emergency calls within 10 seconds.", "ip", NULL,
	  "Daily monitoring of answer times by the control room.", NULL },
	{ "area_for_improvement", "AFI 1", "Investigating crime", "Head of Crime",
	  "The force should make sure investigations are supervised effectively.", "", NULL, NULL, NULL },
};

static int reviews(struct ctx *c, const int64_t *peel_ids, const int64_t *betrayal_ids)
{
	char at[21], fr[11], d1[11], d2[11], pub[11];
	long t = c->today;
	stamp(t - 700, at);
	day(t + 30, fr);
	day(t - 680, pub);
	if (store_exec(c->st, c->e,
	               "INSERT INTO reviews(topic, scope, method, found, further_review, published, published_at, "
	               "created_at, updated_at) VALUES(?, ?, ?, ?, ?, 1, ?, ?, ?)",
	               "tttttttt", "How does the force promote ethical behaviour and professional standards?",
	               "Whether staff know how to raise ethical concerns and get feedback, and whether the counter-"
	               "corruption unit can see misuse of force systems. Public confidence depends on both.",
	               "The Head of Professional Standards presented to the panel, with an update six months later. The "
	               "panel read the force's ethics policy, the Ethics Panel's terms of reference and the counter-"
	               "corruption unit's capacity review.",
	               "A \"What would you do?\" dilemma campaign drew little feedback, so dilemmas now go to directorate "
	               "leads for team briefings. An internal Ethics Panel of 15 volunteers has an independent chair. "
	               "Funding was found for two detective constables in professional standards. The counter-corruption "
	               "unit still lacks the IT to monitor all systems, including mobile data.",
	               fr, pub, at, at))
		return -1;
	int64_t r1 = store_last_id(c->st);
	day(t - 640, d1);
	if (store_exec(c->st, c->e, "INSERT INTO review_members(review_id, name) VALUES(?, 'Dr Morgan Hale'), "
	                            "(?, 'Priya Castell')", "ii", r1, r1) ||
	    store_exec(c->st, c->e,
	               "INSERT INTO review_questions(review_id, question, asked_at, response, response_date, responded_by) "
	               "VALUES(?, ?, ?, ?, ?, NULLIF(?, 0)), (?, ?, ?, ?, ?, NULLIF(?, 0))",
	               "itttti" "itttti", r1, "How and when will the force judge the impact of this work?", at,
	               "Analysts track complaint and conduct trends each quarter and report them to the Professional "
	               "Standards Board.", d1, c->gov_account, r1, "How will the force inform the public?", at,
	               "The Commissioner's office publishes complaint data; gross misconduct hearings are held in public.",
	               d1, c->gov_account) ||
	    store_exec(c->st, c->e,
	               "INSERT INTO review_actions(review_id, action, owner, due, done) VALUES(?, ?, ?, ?, 1), "
	               "(?, ?, ?, ?, 0)",
	               "ittt" "ittt", r1, "A panel member observes a meeting of the force Ethics Panel",
	               "Panel chair", d1, r1, "Review the new whistleblowing policy when it is agreed",
	               "Head of Professional Standards", fr))
		return -1;
	for (int i = 3; i < 6; i++)
		if (store_exec(c->st, c->e, "INSERT INTO review_findings(review_id, finding_id) VALUES(?, ?)", "ii", r1,
		               peel_ids[i]))
			return -1;
	/* published: its version 1, frozen (migration 028) */
	if (store_exec(c->st, c->e,
	               "INSERT INTO review_versions(review_id, version, published_at, topic, scope, method, found, "
	               "further_review, members) SELECT r.id, 1, r.published_at, r.topic, r.scope, r.method, r.found, "
	               "r.further_review, COALESCE((SELECT string_agg(name, '\n') FROM (SELECT name FROM "
	               "review_members m WHERE m.review_id = r.id ORDER BY name) AS members), '') FROM reviews r "
	               "WHERE r.id = ?1",
	               "i", r1) ||
	    store_exec(c->st, c->e,
	               "INSERT INTO review_version_questions(review_id, version, number, question, response, response_date) "
	               "SELECT q.review_id, 1, (SELECT COUNT(*) FROM review_questions x WHERE x.review_id = q.review_id "
	               "AND x.id <= q.id), q.question, q.response, q.response_date FROM review_questions q "
	               "WHERE q.review_id = ?1",
	               "i", r1) ||
	    store_exec(c->st, c->e,
	               "INSERT INTO review_version_actions(review_id, version, number, action, owner, due, done) "
	               "SELECT a.review_id, 1, (SELECT COUNT(*) FROM review_actions x WHERE x.review_id = a.review_id "
	               "AND x.id <= a.id), a.action, a.owner, a.due, a.done FROM review_actions a WHERE a.review_id = ?1",
	               "i", r1) ||
	    store_exec(c->st, c->e, "UPDATE reviews SET version = 1 WHERE id = ?", "i", r1))
		return -1;
	/* The second review: in progress, one question still unanswered. */
	stamp(t - 60, at);
	day(t + 60, fr);
	day(t - 40, d2);
	if (store_exec(c->st, c->e,
	               "INSERT INTO reviews(topic, scope, method, found, further_review, created_at, updated_at) "
	               "VALUES(?, ?, ?, ?, ?, ?, ?)",
	               "ttttttt", "Has the force done what it said on the PEEL areas for improvement and the betrayal-of-"
	               "trust recommendations?",
	               "The three legitimacy areas for improvement were signed off with work continuing, and two national "
	               "recommendations are non-compliant. The panel checks the work continued.",
	               "A meeting with the Head of Professional Standards and the force's position statement.",
	               "Eight of the ten national recommendations are complete. The ethics panel meets quarterly. A "
	               "monthly disproportionality report covers all protected characteristics.",
	               fr, at, at))
		return -1;
	int64_t r2 = store_last_id(c->st);
	if (store_exec(c->st, c->e, "INSERT INTO review_members(review_id, name) VALUES(?, 'Dr Morgan Hale')", "i", r2) ||
	    store_exec(c->st, c->e,
	               "INSERT INTO review_questions(review_id, question, asked_at, response, response_date, responded_by) "
	               "VALUES(?, ?, ?, ?, ?, NULLIF(?, 0)), (?, ?, ?, '', '', NULL)",
	               "itttti" "itt", r2,
	               "When will periodic vetting reviews replace the annual integrity review for every post?", at,
	               "The annual integrity review runs over 12 months; the board will decide on periodic reviews after "
	               "it.", d2, c->gov_account, r2,
	               "When will hand-held devices be monitored, and how will the panel know?", at) ||
	    store_exec(c->st, c->e,
	               "INSERT INTO review_actions(review_id, action, owner, due) VALUES(?, ?, ?, ?)", "ittt", r2,
	               "Report the hand-held monitoring roll-out to the panel", "Head of ICT Services", fr))
		return -1;
	int64_t links[] = { peel_ids[3], peel_ids[4], peel_ids[5], betrayal_ids[0], betrayal_ids[7] };
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
		if (store_exec(c->st, c->e, "INSERT INTO review_findings(review_id, finding_id) VALUES(?, ?)", "ii", r2,
		               links[i]))
			return -1;
	return 0;
}

int demo_inspections(struct store *st, struct err *e)
{
	struct ctx c = { st, e, 0, 0, 0, "", "" };
	char today[11];
	date_today(today);
	c.today = date_days(today);
	long t = c.today;
	if (account(&c, "governance", &c.gov_account, c.gov_name, sizeof c.gov_name) ||
	    account(&c, "dcc", &c.dcc_account, c.dcc_name, sizeof c.dcc_name))
		return -1;
	int64_t peel_ids[6], betrayal_ids[10];

	long p1 = t - 2100;
	int64_t i1 = inspection(&c, "PEEL 2018/19: Legitimacy — An inspection of Northshire Police", "peel", p1, "Good",
	                        "Northshire Police is good at treating the public fairly, at making sure its workforce "
	                        "behaves ethically and lawfully, and at treating its workforce fairly.\n\nThe force should "
	                        "do more to give staff a route to raise ethical concerns, to monitor vetting decisions for "
	                        "disproportionality, and to monitor all its ICT systems.");
	if (!i1 || judgment(&c, i1, 1, "Effectiveness", "", "peel-2014", "good", 0) ||
	    judgment(&c, i1, 2, "Efficiency", "", "peel-2014", "good", 0) ||
	    judgment(&c, i1, 3, "Legitimacy", "", "peel-2014", "good", 0) ||
	    judgment(&c, i1, 4, "Legitimacy", "How well does the force treat the public fairly?", "peel-2014", "good", 1) ||
	    judgment(&c, i1, 5, "Legitimacy", "How well does the force ensure that its workforce behaves ethically and "
	             "lawfully?", "peel-2014", "good", 0) ||
	    judgment(&c, i1, 6, "Legitimacy", "To what extent does the force treat its workforce fairly?", "peel-2014",
	             "good", 1) ||
	    findings(&c, i1, p1, 0, peel18, sizeof peel18 / sizeof peel18[0], 90, peel_ids) ||
	    response(&c, i1, p1, p1 + 50,
	             "I welcome the inspectorate's finding that the force is good in all areas of legitimacy. I will hold "
	             "the Chief Constable to account for the areas for improvement through my performance meetings.",
	             "We accept the areas for improvement and have a plan for each, overseen by the Service Improvement "
	             "and Performance Board."))
		return -1;

	long p2 = t - 2150;
	int64_t i2 = inspection(&c, "Betrayal of trust: a national inspection of abuse of position", "thematic", p2, "",
	                        "A national thematic inspection of how forces prevent, find and deal with officers and "
	                        "staff who abuse their position for a sexual purpose. Ten recommendations to all forces.");
	if (!i2 || findings(&c, i2, p2, 1, betrayal, sizeof betrayal / sizeof betrayal[0], 120, betrayal_ids) ||
	    response(&c, i2, p2, p2 + 55,
	             "I have asked the Chief Constable for a position statement on each recommendation every six months.",
	             "The force has a plan for all ten recommendations."))
		return -1;
	if (store_exec(c.st, e, "INSERT INTO finding_links(finding_id, related_id, note) VALUES(?, ?, ?)", "iit",
	               betrayal_ids[7], peel_ids[5], "Repeats the PEEL area for improvement on ICT monitoring"))
		return -1;

	long p3 = t - 1250;
	int64_t i3 = inspection(&c, "PEEL 2021/22: An inspection of Northshire Police", "peel", p3, "",
	                        "The force is adequate at most of its work and good at treating the public fairly.");
	if (!i3 || judgment(&c, i3, 1, "Treatment of the public", "", "peel-2021", "good", 0) ||
	    judgment(&c, i3, 2, "Preventing crime", "", "peel-2021", "adequate", 0) ||
	    judgment(&c, i3, 3, "Responding to the public", "", "peel-2021", "requires improvement", 0) ||
	    judgment(&c, i3, 4, "Protecting vulnerable people", "", "peel-2021", "adequate", 0) ||
	    judgment(&c, i3, 5, "Developing a positive workplace", "", "peel-2021", "adequate", 0) ||
	    findings(&c, i3, p3, 0, peel21, sizeof peel21 / sizeof peel21[0], 150, NULL) ||
	    response(&c, i3, p3, p3 + 54, "I will monitor progress on each area for improvement.",
	             "The force accepts the findings."))
		return -1;

	long p4 = t - 800;
	int64_t i4 = inspection(&c, "Trust and standards: a national inspection of vetting, misconduct and misogyny",
	                        "thematic", p4, "",
	                        "A national inspection of vetting and of how forces deal with misconduct and misogyny.");
	if (!i4 || findings(&c, i4, p4, 1, trust, sizeof trust / sizeof trust[0], 100, NULL) ||
	    response(&c, i4, p4, p4 + 49, "I will scrutinise the force's vetting plan at my next accountability meeting.",
	             "The force is re-vetting everyone whose vetting has lapsed."))
		return -1;

	long p5 = t - 40;
	int64_t i5 = inspection(&c, "Northshire Police: vetting and counter-corruption inspection", "other", p5,
	                        "adequate", "The force's vetting is adequate; its counter-corruption work is adequate.");
	if (!i5 || judgment(&c, i5, 1, "Vetting", "", "peel-2021", "adequate", 0) ||
	    judgment(&c, i5, 2, "Counter-corruption", "", "peel-2021", "adequate", 0) ||
	    findings(&c, i5, p5, 0, ccu, sizeof ccu / sizeof ccu[0], 10, NULL) ||
	    response(&c, i5, p5, 0, "", ""))
		return -1;

	/* The one response record past its 56 days: a draft. */
	long p6 = t - 75;
	int64_t i6 = inspection(&c, "PEEL 2023-25: An inspection of Northshire Police", "peel", p6, "",
	                        "The force must answer calls from the public more quickly.");
	if (!i6 || judgment(&c, i6, 1, "Responding to the public", "", "peel-2021", "inadequate", 0) ||
	    judgment(&c, i6, 2, "Investigating crime", "", "peel-2021", "requires improvement", 0) ||
	    judgment(&c, i6, 3, "Treatment of the public", "", "peel-2021", "good", 0) ||
	    findings(&c, i6, p6, 0, peel24, sizeof peel24 / sizeof peel24[0], 10, NULL) ||
	    response(&c, i6, p6, 0, "",
	             "The force accepts the cause of concern and has a recovery plan for its control room."))
		return -1;

	return reviews(&c, peel_ids, betrayal_ids);
}
