/* Unit tests for inspections and scrutiny: the status workflow (allowed and
 * refused transitions, the board's sign-off, required details), the 56-day
 * clock, the findings import (errors with line and column, all-or-nothing,
 * rerun), need-to-know (allowed and refused, and no staff names for
 * scrutiny), panel reviews and response records. */
#include "test.h"
#include "fixture.h"
#include "core/err.h"
#include "domain/accesslog.h"
#include "domain/auth.h"
#include "domain/inspections.h"
#include "domain/people.h"
#include "domain/reviews.h"
#include "store/store.h"
#include <unistd.h>

static struct actor gov, dcc, admin, scrutiny, pcc, staff;
static int64_t insp, afi1;

static const char good_csv[] =
	"inspection,published,kind,reference,text,pillar,owner,due\n"
	"PEEL 2018,2020-02-07,area_for_improvement,AFI 1,Ethical concerns,Legitimacy,1,2021-03-31\n"
	"PEEL 2018,2020-02-07,area_for_improvement,AFI 2,Vetting disproportionality,Legitimacy,,\n";

__attribute__((constructor)) static void setup(void)
{
	struct err e = { 0 };
	struct import_stats s;
	fixture_open("insp");
	static const char *const hr[] = {
		"1,Ann,Owner,officer,Superintendent,PSD,Head of Professional Standards,,2010-01-01,",
		"2,Gus,Gov,staff,Grade E,Governance,Governance Officer,,2015-01-01,",
		"3,Dee,Deputy,officer,Deputy Chief Constable,Chief Officers,Deputy Chief Constable,,2016-01-01,",
		"4,Sam,Staff,officer,Constable,Response,Constable,,2016-01-01,",
		"5,Ada,Admin,staff,Grade F,ICT,ICT Team Leader,,2016-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("gov", "2", ROLE_GOVERNANCE, &gov);
	fixture_account("dcc", "3", ROLE_DCC, &dcc);
	fixture_account("staff", "4", 0, &staff);
	fixture_account("admin", "5", ROLE_ADMIN, &admin);
	fixture_account("panel", NULL, ROLE_SCRUTINY, &scrutiny);
	fixture_account("opcc", NULL, ROLE_PCC, &pcc);
	if (findings_import_mem(st, &gov, "t.csv", good_csv, sizeof good_csv - 1, 0, &s, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
	store_int(st, &e, &insp, "SELECT id FROM inspections WHERE title = 'PEEL 2018'", "");
	store_int(st, &e, &afi1, "SELECT id FROM findings WHERE reference = 'AFI 1'", "");
}

static int64_t count_refusals(const char *user)
{
	int64_t n = 0;
	struct err e;
	store_int(st, &e, &n, "SELECT COUNT(*) FROM access_log WHERE username = ? AND outcome = 'refused'", "t", user);
	return n;
}

static const char *status_of(int64_t id)
{
	static char s[32];
	struct err e;
	s[0] = 0;
	store_text(st, &e, s, sizeof s, "SELECT status FROM findings WHERE id = ?", "i", id);
	return s;
}

static int64_t new_finding(const char *ref)
{
	struct finding_input in = { "recommendation", NULL, ref, "Text", "", "", "" };
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	CHECK_INT(finding_add(st, &gov, insp, &in, &id, &l, &e), 0);
	return id;
}

static int count_row(void *ctx, const struct finding *f)
{
	(void)f;
	(*(long *)ctx)++;
	return 0;
}

TEST(test_transition_table)
{
	CHECK(finding_transition_allowed("open", "in_progress"));
	CHECK(finding_transition_allowed("in_progress", "proposed_complete"));
	CHECK(finding_transition_allowed("proposed_complete", "signed_off"));
	CHECK(finding_transition_allowed("signed_off", "closed"));
	CHECK(finding_transition_allowed("open", "non_compliant"));
	CHECK(!finding_transition_allowed("open", "signed_off"));
	CHECK(!finding_transition_allowed("open", "closed"));
	CHECK(!finding_transition_allowed("closed", "open"));
	CHECK(!finding_transition_allowed("in_progress", "signed_off"));
}

TEST(test_workflow_to_sign_off_with_caveat)
{
	int64_t id = new_finding("W1");
	struct errlist l = { 0 };
	struct err e = { 0 };
	struct status_input in = { .status = "in_progress" };
	CHECK_INT(finding_set_status(st, &gov, id, &in, &l, &e), 0);
	in = (struct status_input){ .status = "proposed_complete" };
	CHECK(finding_set_status(st, &gov, id, &in, &l, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK(errlist_get(&l, "evidence") != NULL);
	l.n = 0;
	in.evidence = "Minutes of the ethics panel";
	CHECK_INT(finding_set_status(st, &gov, id, &in, &l, &e), 0);
	/* An administrator manages findings but is not the board. */
	struct status_input so = { .status = "signed_off", .board = "SIPB", .board_date = "2021-03-15",
		                   .caveat = "work continues" };
	CHECK(finding_set_status(st, &admin, id, &so, &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_STR(status_of(id), "proposed_complete");
	so.board_date = "2999-01-01";
	CHECK(finding_set_status(st, &dcc, id, &so, &l, &e) != 0);
	CHECK(errlist_get(&l, "board_date") != NULL);
	l.n = 0;
	so.board_date = "2021-03-15";
	/* with work continuing: a follow-up date is required */
	CHECK(finding_set_status(st, &dcc, id, &so, &l, &e) != 0);
	CHECK_STR(errlist_get(&l, "follow_up"), "Enter the date to follow up the work that continues");
	l.n = 0;
	so.follow_up = "2021-09-30";
	CHECK_INT(finding_set_status(st, &dcc, id, &so, &l, &e), 0);
	CHECK_STR(status_of(id), "signed_off");
	struct finding f;
	CHECK_INT(finding_get(st, &gov, id, &f, &e), 0);
	CHECK_STR(f.caveat, "work continues");
	CHECK_STR(f.follow_up, "2021-09-30");
	struct finding_filter ff = { .continuing = 1, .per_page = -1 };
	long total = 0, n = 0;
	CHECK_INT(findings_list(st, &gov, &ff, count_row, &n, &total, &e), 0);
	CHECK_INT(n, 1);
	/* the follow-up date brings it back, from that day (fixed dates) */
	struct finding_filter fu = { .follow_up_due = 1, .per_page = -1 };
	setenv("PROBITY_TODAY", "2021-09-29", 1);
	n = 0;
	CHECK_INT(findings_list(st, &gov, &fu, count_row, &n, &total, &e), 0);
	CHECK_INT(n, 0);
	CHECK_INT(finding_get(st, &gov, id, &f, &e), 0);
	CHECK_INT(f.follow_up_due, 0);
	setenv("PROBITY_TODAY", "2021-09-30", 1);
	n = 0;
	CHECK_INT(findings_list(st, &gov, &fu, count_row, &n, &total, &e), 0);
	CHECK_INT(n, 1);
	CHECK_INT(finding_get(st, &gov, id, &f, &e), 0);
	CHECK_INT(f.follow_up_due, 1);
	struct insp_counts c;
	CHECK_INT(inspections_counts(st, &gov, &c, &e), 0);
	CHECK_INT(c.follow_up_due, 1);
	unsetenv("PROBITY_TODAY");
}

/* Findings past their due date, and a non-compliant finding's revisit date,
 * flagged with fixed dates; the owner's own counts. */
TEST(test_tracker_flags)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	struct finding_input fi = { "area_for_improvement", NULL, "T1", "Tracked", "", "1", "2022-06-30" };
	int64_t id = 0;
	CHECK_INT(finding_add(st, &gov, insp, &fi, &id, &l, &e), 0);
	struct finding_filter pd = { .past_due = 1, .q = "Tracked", .per_page = -1 };
	long total = 0, n = 0;
	struct finding f;
	struct insp_counts c0, c1;
	setenv("PROBITY_TODAY", "2022-06-30", 1);   /* the due date itself: not yet late */
	CHECK_INT(findings_list(st, &gov, &pd, count_row, &n, &total, &e), 0);
	CHECK_INT(n, 0);
	CHECK_INT(finding_get(st, &gov, id, &f, &e), 0);
	CHECK_INT(f.past_due, 0);
	CHECK_INT(inspections_counts(st, &gov, &c0, &e), 0);
	setenv("PROBITY_TODAY", "2022-07-01", 1);
	CHECK_INT(findings_list(st, &gov, &pd, count_row, &n, &total, &e), 0);
	CHECK_INT(n, 1);
	CHECK_INT(finding_get(st, &gov, id, &f, &e), 0);
	CHECK_INT(f.past_due, 1);
	CHECK_INT(inspections_counts(st, &gov, &c1, &e), 0);
	CHECK_INT(c1.past_due, c0.past_due + 1);
	/* the owner (staff number 1, no inspections role) sees their own counts */
	struct actor owner = { 0 };
	int64_t pid = 0;
	store_int(st, &e, &pid, "SELECT id FROM people WHERE staff_number = '1'", "");
	owner.person_id = pid;
	owner.account_id = 0;
	snprintf(owner.username, sizeof owner.username, "owner");
	long mine = 0, late = 0;
	CHECK_INT(findings_owned_counts(st, &owner, &mine, &late, &e), 0);
	CHECK(mine >= 1 && late >= 1);
	/* non-compliant: the revisit date flags it when reached */
	struct status_input nc = { .status = "non_compliant", .rationale = "No budget", .risk_accepted = "Low",
		                   .revisit = "2022-12-01" };
	CHECK_INT(finding_set_status(st, &gov, id, &nc, &l, &e), 0);
	CHECK_INT(finding_get(st, &gov, id, &f, &e), 0);
	CHECK_INT(f.revisit_due, 0);
	CHECK_INT(f.past_due, 1);
	setenv("PROBITY_TODAY", "2022-12-01", 1);
	CHECK_INT(finding_get(st, &gov, id, &f, &e), 0);
	CHECK_INT(f.revisit_due, 1);
	struct finding_filter rv = { .revisit_due = 1, .q = "Tracked", .per_page = -1 };
	n = 0;
	CHECK_INT(findings_list(st, &gov, &rv, count_row, &n, &total, &e), 0);
	CHECK_INT(n, 1);
	unsetenv("PROBITY_TODAY");
}

TEST(test_refused_transitions)
{
	int64_t id = new_finding("W2");
	struct errlist l = { 0 };
	struct err e = { 0 };
	struct status_input in = { .status = "closed" };
	CHECK(finding_set_status(st, &gov, id, &in, &l, &e) != 0);
	CHECK_INT(e.code, ERR_CONFLICT);
	in.status = "nonsense";
	CHECK(finding_set_status(st, &gov, id, &in, &l, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	l.n = 0;
	in.status = "non_compliant";
	CHECK(finding_set_status(st, &gov, id, &in, &l, &e) != 0);
	CHECK(errlist_get(&l, "rationale") && errlist_get(&l, "risk_accepted") && errlist_get(&l, "revisit"));
	l.n = 0;
	int64_t before = count_refusals("panel");
	in.status = "in_progress";
	CHECK(finding_set_status(st, &scrutiny, id, &in, &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(count_refusals("panel"), before + 1);
	CHECK_STR(status_of(id), "open");
	struct status_input nc = { .status = "non_compliant", .rationale = "Cannot resource", .risk_accepted = "Some",
		                   .revisit = "2027-01-01" };
	CHECK_INT(finding_set_status(st, &gov, id, &nc, &l, &e), 0);
	struct finding f;
	CHECK_INT(finding_get(st, &gov, id, &f, &e), 0);
	CHECK_STR(f.revisit, "2027-01-01");
}

TEST(test_56_day_clock)
{
	/* s.55(5A): 56 days beginning with the day of publication — that day is
	 * day 1, so the last day is publication + 55. */
	char d[11];
	long left;
	response_deadline("2020-02-07", 56, d, &left); /* seed 003: Friday 7 February 2020 -> Thursday 2 April 2020 */
	CHECK_STR(d, "2020-04-02");
	CHECK(left < 0);
	setenv("PROBITY_TODAY", "2020-03-30", 1);
	response_deadline("2020-02-07", 56, d, &left);
	CHECK_INT(left, 3);
	setenv("PROBITY_TODAY", "2020-04-02", 1);  /* the last day itself: not yet overdue */
	response_deadline("2020-02-07", 56, d, &left);
	CHECK_INT(left, 0);
	setenv("PROBITY_TODAY", "2020-04-03", 1);
	response_deadline("2020-02-07", 56, d, &left);
	CHECK_INT(left, -1);
	unsetenv("PROBITY_TODAY");
	/* leap years: February 2024 has 29 days, 2023 28 */
	response_deadline("2024-01-10", 56, d, &left);
	CHECK_STR(d, "2024-03-05");
	response_deadline("2023-01-10", 56, d, &left);
	CHECK_STR(d, "2023-03-06");
	response_deadline("2024-02-29", 56, d, &left);
	CHECK_STR(d, "2024-04-24");
	/* month and year ends */
	response_deadline("2021-01-31", 56, d, &left);
	CHECK_STR(d, "2021-03-27");
	response_deadline("2020-12-15", 56, d, &left);
	CHECK_STR(d, "2021-02-08");
	response_deadline("not a date", 56, d, &left);
	CHECK_STR(d, "");
	struct inspection in;
	struct err e = { 0 };
	CHECK_INT(inspection_get(st, &pcc, insp, &in, &e), 0);
	CHECK_STR(in.deadline, "2020-04-02");
}

TEST(test_import_errors_and_rerun)
{
	struct import_stats s;
	struct err e = { 0 };
	CHECK_INT(findings_import_mem(st, &gov, "t.csv", good_csv, sizeof good_csv - 1, 0, &s, &e), 0);
	CHECK_INT(s.created, 0);
	CHECK_INT(s.unchanged, 2);
	static const char bad[] = "inspection,published,kind,reference,text,pillar,owner,due\n"
	                          "New report,2021-01-01,recommendation,R1,Text,,,\n"
	                          "New report,2021-01-01,recommendation,R2,Text,,,2021-02-30\n";
	CHECK(findings_import_mem(st, &gov, "bad.csv", bad, sizeof bad - 1, 0, &s, &e) != 0);
	CHECK_HAS(e.msg, "bad.csv:3: due:");
	int64_t n = 1;
	store_int(st, &e, &n, "SELECT COUNT(*) FROM inspections WHERE title = 'New report'", "");
	CHECK_INT(n, 0); /* all or nothing: line 2's inspection was rolled back */
	static const char badkind[] = "inspection,published,kind,reference,text,pillar,owner,due\n"
	                              "New report,2021-01-01,afi,R1,Text,,,\n";
	CHECK(findings_import_mem(st, &gov, "k.csv", badkind, sizeof badkind - 1, 0, &s, &e) != 0);
	CHECK_HAS(e.msg, "k.csv:2: kind:");
	/* an edited row updates, a dry run writes nothing */
	static const char edit[] = "inspection,published,kind,reference,text,pillar,owner,due\n"
	                           "PEEL 2018,2020-02-07,area_for_improvement,AFI 2,Vetting disproportionality,Legitimacy,,2022-01-01\n";
	CHECK_INT(findings_import_mem(st, &gov, "e.csv", edit, sizeof edit - 1, 1, &s, &e), 0);
	CHECK_INT(s.updated, 1);
	char due[11] = "";
	store_text(st, &e, due, sizeof due, "SELECT due FROM findings WHERE reference = 'AFI 2'", "");
	CHECK_STR(due, "");
	CHECK(findings_import_mem(st, &scrutiny, "e.csv", edit, sizeof edit - 1, 0, &s, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

TEST(test_need_to_know)
{
	struct finding f;
	struct err e = { 0 };
	int64_t before = count_refusals("staff");
	CHECK(finding_get(st, &staff, afi1, &f, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(count_refusals("staff"), before + 1);
	CHECK_INT(finding_get(st, &gov, afi1, &f, &e), 0);
	CHECK_STR(f.owner_name, "Ann Owner");
	CHECK_INT(finding_get(st, &scrutiny, afi1, &f, &e), 0);
	CHECK_STR(f.owner_name, "");
	CHECK_STR(f.owner_post, "Head of Professional Standards");
	CHECK_INT(f.owner_person_id, 0);
	CHECK_INT(finding_get(st, &pcc, afi1, &f, &e), 0);
	CHECK_STR(f.owner_name, "");
	long n = 0, total = 0;
	struct finding_filter ff = { .per_page = -1 };
	CHECK(findings_list(st, &staff, &ff, count_row, &n, &total, &e) != 0);
	CHECK_INT(n, 0);
	struct errlist l = { 0 };
	CHECK(finding_add_update(st, &pcc, afi1, "2020-05-01", "x", NULL, NULL, &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(finding_add_update(st, &gov, afi1, "2020-05-01", "Progress", NULL, NULL, &l, &e), 0);
}

static int q_first(void *ctx, const struct review_question *q)
{
	*(int64_t *)ctx = q->id;
	return 1;
}

TEST(test_reviews_roles)
{
	struct review_input in = { "Ethics", "Scope", "Method", "Found", "2020-05-01", "Dr Hale\n\nMs Castell\n" };
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	CHECK(review_save(st, &gov, 0, &in, &id, &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(review_save(st, &scrutiny, 0, &in, &id, &l, &e), 0);
	CHECK_INT(review_ask(st, &scrutiny, id, "How will you know?", &l, &e), 0);
	CHECK(review_ask(st, &gov, id, "x", &l, &e) != 0);
	int64_t qid = 0;
	CHECK_INT(review_questions(st, &pcc, id, q_first, &qid, &e), 0);
	CHECK(review_answer(st, &scrutiny, id, qid, "We will", "", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(review_answer(st, &gov, id, qid, "Analysts track trends", "", &l, &e), 0);
	struct review r;
	CHECK(review_get(st, &staff, id, &r, &e) != 0);
	CHECK_INT(review_get(st, &pcc, id, &r, &e), 0);
	CHECK_INT(r.answered, 1);
	CHECK_STR(r.members, "Dr Hale\nMs Castell");
	CHECK(review_publish(st, &pcc, id, NULL, &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(review_publish(st, &scrutiny, id, NULL, &l, &e), 0);
	/* published: a version 1, frozen; a change is a draft until republished with a note */
	CHECK(review_publish(st, &scrutiny, id, "again", &l, &e) != 0);
	CHECK(strstr(e.msg, "Nothing has changed since version 1") != NULL);
	l = (struct errlist){ 0 };
	struct review pv;
	CHECK_INT(published_review_get(st, id, 0, &pv, &e), 0);
	CHECK_INT(pv.version, 1);
	char topic1[301];
	snprintf(topic1, sizeof topic1, "%s", pv.topic);
	struct review_input ed = { "A changed topic", NULL, NULL, NULL, NULL, "Dr Hale\nMs Castell" };
	CHECK_INT(review_save(st, &scrutiny, id, &ed, NULL, &l, &e), 0);
	CHECK_INT(review_answer(st, &gov, id, qid, "Analysts track trends monthly", "", &l, &e), 0);
	CHECK_INT(review_get(st, &pcc, id, &r, &e), 0);
	CHECK_INT(r.changed, 1);
	CHECK_INT(published_review_get(st, id, 0, &pv, &e), 0);
	CHECK_STR(pv.topic, topic1);
	CHECK(review_publish(st, &scrutiny, id, "", &l, &e) != 0);
	CHECK(errlist_get(&l, "note") != NULL);
	l = (struct errlist){ 0 };
	CHECK_INT(review_publish(st, &scrutiny, id, "Topic and an answer updated", &l, &e), 0);
	CHECK_INT(published_review_get(st, id, 0, &pv, &e), 0);
	CHECK_INT(pv.version, 2);
	CHECK_STR(pv.topic, "A changed topic");
	CHECK_INT(published_review_get(st, id, 1, &pv, &e), 0);
	CHECK_STR(pv.topic, topic1);
	char a1[200] = "";
	store_text(st, &e, a1, sizeof a1,
	           "SELECT response FROM review_version_questions WHERE review_id = ? AND version = 1 AND number = 1", "i",
	           id);
	CHECK_STR(a1, "Analysts track trends");
	CHECK(store_exec(st, &e, "UPDATE review_version_questions SET response = 'x' WHERE review_id = ?", "i", id) != 0);
}

TEST(test_response_record)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	CHECK(response_publish(st, &pcc, insp, NULL, &l, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK_STR(errlist_get(&l, "pcc_statement"), "Write the Commissioner's statement before publishing");
	l = (struct errlist){ 0 };
	struct response_input pin = { "IGNORED", "Commissioner", "IGNORED", "My comments", "IGNORED" };
	CHECK_INT(response_save(st, &pcc, insp, &pin, &l, &e), 0);
	struct response_input fin = { "Testshire Police", "IGNORED", "Chief Constable", "IGNORED", "Our response" };
	CHECK_INT(response_save(st, &dcc, insp, &fin, &l, &e), 0);
	CHECK(response_save(st, &scrutiny, insp, &fin, &l, &e) != 0);
	struct response_record r;
	CHECK_INT(response_get(st, &gov, insp, &r, &e), 0);
	CHECK_STR(r.pcc_statement, "My comments");
	CHECK_STR(r.cc_response, "Our response");
	CHECK_STR(r.pcc_name, "Commissioner");
	CHECK_STR(r.force_name, "Testshire Police");
	CHECK(response_publish(st, &gov, insp, NULL, &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	/* s.55(5B): every recommendation explained first */
	CHECK(response_publish(st, &pcc, insp, NULL, &l, &e) != 0);
	CHECK(errlist_get(&l, "explanations") != NULL);
	l = (struct errlist){ 0 };
	for (int64_t id = 0;;) {
		if (store_int(st, &e, &id,
		              "SELECT f.id FROM findings f LEFT JOIN response_explanations x ON x.finding_id = f.id "
		              "WHERE f.inspection_id = ? AND f.kind = 'recommendation' AND x.finding_id IS NULL LIMIT 1",
		              "i", insp) != 1)
			break;
		CHECK_INT(response_explain(st, &pcc, insp, id, "taken", NULL, "Done", &l, &e), 0);
	}
	CHECK_INT(response_publish(st, &pcc, insp, NULL, &l, &e), 0);
	CHECK(response_publish(st, &pcc, insp, NULL, &l, &e) != 0); /* nothing changed since version 1 */
	CHECK_INT(e.code, ERR_INPUT);
	CHECK(strstr(e.msg, "Nothing has changed since version 1") != NULL);
	int64_t bad = 0;
	char msg[200];
	int64_t rows;
	CHECK_INT(alog_verify(st, &bad, &rows, msg, sizeof msg, &e), 0);
}

static int count_expl(void *ctx, const struct response_explanation *x)
{
	(void)x;
	++*(int *)ctx;
	return 0;
}

static int count_versions(void *ctx, const struct record_version *v)
{
	(void)v;
	++*(int *)ctx;
	return 0;
}

/* s.55(5B) explanations per recommendation, and versioned publication. */
TEST(test_response_explanations_and_versions)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	struct inspection_input ii = { "Thematic 2021", NULL, "thematic", NULL, NULL, "2021-01-31", "Summary", NULL };
	int64_t ti = 0, r1 = 0, r2 = 0;
	CHECK_INT(inspection_save(st, &gov, 0, &ii, &ti, &l, &e), 0);
	struct finding_input f1 = { "recommendation", NULL, "Recommendation 1", "Vet every post", "", "", "" };
	struct finding_input f2 = { "recommendation", NULL, "Recommendation 2", "Monitor devices", "", "", "" };
	CHECK_INT(finding_add(st, &gov, ti, &f1, &r1, &l, &e), 0);
	CHECK_INT(finding_add(st, &gov, ti, &f2, &r2, &l, &e), 0);
	struct response_input pin = { NULL, "Commissioner", NULL, "Version one statement", NULL };
	CHECK_INT(response_save(st, &pcc, ti, &pin, &l, &e), 0);

	/* refused while any recommendation lacks an explanation; the message names them */
	CHECK(response_publish(st, &pcc, ti, NULL, &l, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK(strstr(errlist_get(&l, "explanations"), "Recommendation 1, Recommendation 2") != NULL);
	l = (struct errlist){ 0 };
	/* explanation rules: a proposed action needs its date; only the PCC writes */
	CHECK(response_explain(st, &pcc, ti, r1, "proposed", "", "We will vet every post", &l, &e) != 0);
	CHECK(errlist_get(&l, "proposed_date") != NULL);
	l = (struct errlist){ 0 };
	CHECK(response_explain(st, &pcc, ti, r1, "maybe", "", "", &l, &e) != 0);
	CHECK(errlist_get(&l, "action") != NULL && errlist_get(&l, "text") != NULL);
	l = (struct errlist){ 0 };
	int64_t refused = count_refusals("gov");
	CHECK(response_explain(st, &gov, ti, r1, "taken", "", "Done", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(count_refusals("gov"), refused + 1);
	CHECK(response_explain(st, &pcc, ti, afi1, "taken", "", "Done", &l, &e) != 0); /* not this inspection's */
	CHECK_INT(e.code, ERR_NOTFOUND);
	CHECK_INT(response_explain(st, &pcc, ti, r1, "proposed", "2021-09-30", "We will vet every post", &l, &e), 0);
	CHECK(response_publish(st, &pcc, ti, NULL, &l, &e) != 0);
	CHECK(strstr(errlist_get(&l, "explanations"), "Recommendation 2") != NULL);
	CHECK(strstr(errlist_get(&l, "explanations"), "Recommendation 1") == NULL);
	l = (struct errlist){ 0 };
	CHECK_INT(response_explain(st, &pcc, ti, r2, "none", "", "Devices are already monitored", &l, &e), 0);
	CHECK_INT(response_check_publish(st, &pcc, ti, NULL, &l, &e), 0);
	CHECK_INT(l.n, 0);
	CHECK_INT(response_publish(st, &pcc, ti, NULL, &l, &e), 0);

	struct inspection in;
	struct response_record r;
	CHECK_INT(published_response_get(st, ti, 0, &in, &r, &e), 0);
	CHECK_INT(r.version, 1);
	CHECK_STR(r.pcc_statement, "Version one statement");

	/* an edit after publication is a draft: the published version is unchanged */
	struct response_input pin2 = { NULL, "Commissioner", NULL, "Version two statement", NULL };
	CHECK_INT(response_save(st, &pcc, ti, &pin2, &l, &e), 0);
	CHECK_INT(response_explain(st, &pcc, ti, r2, "taken", "", "Devices are now monitored", &l, &e), 0);
	CHECK_INT(published_response_get(st, ti, 0, &in, &r, &e), 0);
	CHECK_INT(r.version, 1);
	CHECK_STR(r.pcc_statement, "Version one statement");
	CHECK_INT(response_get(st, &pcc, ti, &r, &e), 0);
	CHECK_INT(r.changed, 1);
	/* republication needs a note of what changed */
	CHECK(response_publish(st, &pcc, ti, "", &l, &e) != 0);
	CHECK(errlist_get(&l, "note") != NULL);
	l = (struct errlist){ 0 };
	CHECK_INT(response_publish(st, &pcc, ti, "Statement updated", &l, &e), 0);
	CHECK_INT(published_response_get(st, ti, 0, &in, &r, &e), 0);
	CHECK_INT(r.version, 2);
	CHECK_STR(r.pcc_statement, "Version two statement");
	CHECK_INT(published_response_get(st, ti, 1, &in, &r, &e), 0);
	CHECK_STR(r.pcc_statement, "Version one statement");
	CHECK(published_response_get(st, ti, 3, &in, &r, &e) != 0);
	CHECK_INT(e.code, ERR_NOTFOUND);
	int n = 0;
	CHECK_INT(published_explanations(st, ti, 1, count_expl, &n, &e), 0);
	CHECK_INT(n, 2);
	char v1[200] = "";
	store_text(st, &e, v1, sizeof v1,
	           "SELECT text FROM response_version_explanations WHERE inspection_id = ? AND version = 1 AND finding_id = ?",
	           "ii", ti, r2);
	CHECK_STR(v1, "Devices are already monitored");
	n = 0;
	CHECK_INT(response_versions(st, &gov, ti, count_versions, &n, &e), 0);
	CHECK_INT(n, 2);
	/* the clock stopped at the first publication */
	CHECK_INT(inspection_get(st, &gov, ti, &in, &e), 0);
	CHECK_STR(in.deadline, "2021-03-27");
	CHECK_INT(in.response_published, 1);
	/* the store refuses to change or delete a published version */
	CHECK(store_exec(st, &e, "UPDATE response_versions SET pcc_statement = 'x' WHERE inspection_id = ?", "i", ti) != 0);
	CHECK(store_exec(st, &e, "DELETE FROM response_version_explanations WHERE inspection_id = ?", "i", ti) != 0);
}

/* The import: an optional inspection_kind column; an inspection matched by
 * its stable reference after a rename (no duplicate); no future dates. */
TEST(test_import_stable_reference)
{
	static const char csv1[] =
		"inspection,published,kind,reference,text,pillar,owner,due,inspection_kind\n"
		"Abuse of position 2019,2019-09-27,recommendation,R1,Set vetting levels,Vetting,,,thematic\n";
	struct import_stats s;
	struct err e = { 0 };
	struct errlist l = { 0 };
	CHECK_INT(findings_import_mem(st, &gov, "k.csv", csv1, sizeof csv1 - 1, 0, &s, &e), 0);
	CHECK_INT((int)s.created, 1);
	int64_t id = 0, n0 = 0, n1 = 0;
	store_int(st, &e, &id, "SELECT id FROM inspections WHERE title = 'Abuse of position 2019'", "");
	char kind[16] = "";
	store_text(st, &e, kind, sizeof kind, "SELECT kind FROM inspections WHERE id = ?", "i", id);
	CHECK_STR(kind, "thematic");
	/* renamed in Probity, then the same file imported again */
	struct inspection_input ren = { "Abuse of position (renamed)", NULL, "thematic", NULL, NULL, "2019-09-27", NULL,
		                        NULL };
	CHECK_INT(inspection_save(st, &gov, id, &ren, NULL, &l, &e), 0);
	store_int(st, &e, &n0, "SELECT COUNT(*) FROM inspections", "");
	CHECK_INT(findings_import_mem(st, &gov, "k.csv", csv1, sizeof csv1 - 1, 0, &s, &e), 0);
	CHECK_INT((int)s.created, 0);
	CHECK_INT((int)s.updated, 0);
	store_int(st, &e, &n1, "SELECT COUNT(*) FROM inspections", "");
	CHECK_INT(n1, n0);
	/* the kind column changes the kind; the classic header still works */
	static const char csv2[] =
		"inspection,published,kind,reference,text,pillar,owner,due,inspection_kind\n"
		"Abuse of position 2019,2019-09-27,recommendation,R1,Set vetting levels,Vetting,,,other\n";
	CHECK_INT(findings_import_mem(st, &gov, "k2.csv", csv2, sizeof csv2 - 1, 0, &s, &e), 0);
	store_text(st, &e, kind, sizeof kind, "SELECT kind FROM inspections WHERE id = ?", "i", id);
	CHECK_STR(kind, "other");
	static const char bad_kind[] =
		"inspection,published,kind,reference,text,pillar,owner,due,inspection_kind\n"
		"X,2019-09-27,recommendation,R1,t,,,,annual\n";
	CHECK(findings_import_mem(st, &gov, "b.csv", bad_kind, sizeof bad_kind - 1, 0, &s, &e) != 0);
	CHECK_STR(e.msg, "b.csv:2: inspection_kind: \"annual\" is not one of peel, thematic, other");
	static const char future[] =
		"inspection,published,kind,reference,text,pillar,owner,due\n"
		"Future report,2031-01-01,recommendation,R1,t,,,\n";
	CHECK(findings_import_mem(st, &gov, "f.csv", future, sizeof future - 1, 0, &s, &e) != 0);
	CHECK_STR(e.msg, "f.csv:2: published: 2031-01-01 is in the future");
	static const char bad_header[] = "inspection,published,kind,reference,text,pillar,owner,due,extra\n";
	CHECK(findings_import_mem(st, &gov, "h.csv", bad_header, sizeof bad_header - 1, 0, &s, &e) != 0);
	CHECK(strstr(e.msg, "h.csv:1: header is") != NULL);
}

/* A historic report whose comments were published outside Probity: the
 * date stops the clock, so it is not overdue. */
TEST(test_published_elsewhere)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	struct inspection_input ii = { "Historic 2020", NULL, "peel", NULL, NULL, "2020-02-07", NULL, NULL };
	int64_t hid = 0;
	CHECK_INT(inspection_save(st, &gov, 0, &ii, &hid, &l, &e), 0);
	struct insp_counts c0, c1;
	CHECK_INT(inspections_counts(st, &gov, &c0, &e), 0);
	struct inspection in;
	CHECK_INT(inspection_get(st, &gov, hid, &in, &e), 0);
	CHECK(in.days_left < -2000);            /* the complaint: thousands of days "overdue" */
	CHECK(response_published_elsewhere(st, &gov, hid, "2020-03-30", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(response_published_elsewhere(st, &pcc, hid, "2020-02-06", &l, &e) != 0);
	CHECK(errlist_get(&l, "published_elsewhere") != NULL);
	l = (struct errlist){ 0 };
	CHECK(response_published_elsewhere(st, &pcc, hid, "2999-01-01", &l, &e) != 0);
	l = (struct errlist){ 0 };
	CHECK_INT(response_published_elsewhere(st, &pcc, hid, "2020-03-30", &l, &e), 0);
	CHECK_INT(inspection_get(st, &gov, hid, &in, &e), 0);
	CHECK_INT(in.response_published, 1);
	CHECK_INT(in.days_left, 3);             /* published 3 days before 2 April 2020 */
	CHECK_INT(inspections_counts(st, &gov, &c1, &e), 0);
	CHECK_INT(c1.responses_overdue, c0.responses_overdue - 1);
}

TEST_MAIN(T(test_transition_table), T(test_workflow_to_sign_off_with_caveat), T(test_tracker_flags), T(test_refused_transitions),
          T(test_56_day_clock), T(test_published_elsewhere), T(test_import_errors_and_rerun), T(test_import_stable_reference), T(test_need_to_know), T(test_reviews_roles),
          T(test_response_record), T(test_response_explanations_and_versions))
