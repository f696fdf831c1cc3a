/* Unit tests for complaints and conduct (src/domain/complaints.h): the
 * bulletin against a small fixture worked by hand (bank holidays, a
 * 29 February, empty means; every expected value below is worked out in
 * the comments, not produced by the code under test), exact rounding,
 * import errors, all-or-nothing and rerun, need-to-know and separation of
 * duties with their access-log rows, RPRP, proceedings and the barred list,
 * and the public hearing retention rule with fixed dates. */
#include "test.h"
#include "fixture.h"
#include "core/buf.h"
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/complaints.h"
#include "domain/disclosure.h"
#include "domain/inspections.h"

static struct actor psd, psd_subject, psd_manager, pcc, scrutiny, staff, gov;
static char cases_csv[96], alleg_csv[96], reviews_csv[96];

/* Employees on 2024-03-31: 1001, 1002, 1005, 1006 (1003 left that day;
 * 1004 starts the day after). 1005 manages 1001. */
static const char *const hr[] = {
	"1001,Ann,Subject,officer,Constable,Response,,1005,2010-01-01,",
	"1002,Bob,Standards,staff,Grade D,PSD,,,2010-01-01,",
	"1003,Cat,Leaver,officer,Constable,Response,,,2010-01-01,2024-03-31",
	"1004,Dan,Starter,officer,Constable,Response,,,2024-04-01,",
	"1005,Eve,Manager,officer,Sergeant,Response,,,2010-01-01,",
	"1006,Fay,Staff,staff,Grade C,HQ,,,2010-01-01,",
	NULL,
};

/* Working days (a < d <= b, Mon-Fri, not a bank holiday; 2024-01-01 and
 * 2024-03-29 are holidays), worked by hand:
 *   C1 received Fri 2023-12-29: logged Wed 01-03 -> 01-02, 01-03 = 2 (Sat, Sun,
 *      New Year's Day skipped); contacted Fri 01-05 -> 4; finalised Thu
 *      03-28 -> Jan 23 weekdays - 1 holiday + Feb 21 + Mar 1-28 20 = 63.
 *   C2 received Wed 02-28, logged Fri 03-01 -> 02-29, 03-01 = 2.
 *   C8 received Mon 01-08: logged/contacted Tue 01-09 -> 1; finalised Fri
 *      01-19 -> 4 + 5 = 9.
 *   C3 has no received date: in no timeliness figure. */
static const char cases_text[] =
	CPL_CASES_HEADER "\n"
	"C1,complaint,2023-12-29,2024-01-03,2024-01-05,yes,complainant_wishes,local_investigation,2024-03-28\n"
	"C2,complaint,2024-02-28,2024-03-01,,yes,dissatisfied,otherwise,\n"
	"C3,complaint,,2024-03-29,2024-04-02,no,,outside_schedule3,2024-03-29\n"
	"C4,complaint,2024-03-25,2024-04-02,,no,,outside_schedule3,\n"
	"C5,conduct,2024-01-10,2024-01-10,,,,,2024-02-01\n"
	"C6,complaint,2023-02-28,2023-03-01,,yes,authority_decides,local_investigation,\n"
	"C7,complaint,2023-03-31,2023-04-03,,no,,outside_schedule3,2024-04-05\n"
	"C8,complaint,2024-01-08,2024-01-09,2024-01-09,yes,authority_decides,local_investigation,2024-01-19\n"
	"C9,complaint,2023-03-01,2023-03-02,,no,,outside_schedule3,\n";

static const char alleg_text[] =
	CPL_ALLEGATIONS_HEADER "\n"
	"C1,A1,1001,Delivery of duties and service,service_acceptable,2024-03-28\n"
	"C1,A2,1001,Discriminatory behaviour,reflective_practice,2024-03-28\n"
	"C2,A1,1005,Delivery of duties and service,,\n"
	"C3,A1,,\"Police powers, policies and procedures\",resolved_outside_schedule3,2024-03-29\n"
	"C8,A1,1001,Individual behaviours,service_not_acceptable,2024-01-19\n"
	"C5,A1,1001,Discreditable conduct,misconduct_meeting,2024-02-01\n"
	"C6,A1,1002,Delivery of duties and service,,\n"
	"C7,A1,,Other,withdrawn,2024-04-05\n"
	"C4,A1,,Use of police vehicles,no_further_action,2024-03-30\n";

/* C1 lpb: Wed 01-10 -> Fri 02-09 = 2+5+5+3+2+5 = 22; C8 lpb 02-01 -> 02-02 = 1;
 * C3 iopc has no requested date; C5 is a conduct matter; C2's is open. */
static const char reviews_text[] =
	CPL_REVIEWS_HEADER "\n"
	"C1,lpb,2024-01-10,2024-02-09,upheld\n"
	"C8,lpb,2024-02-01,2024-02-02,not_upheld\n"
	"C3,iopc,,2024-03-15,not_upheld\n"
	"C5,iopc,2024-02-01,2024-02-05,upheld\n"
	"C2,lpb,2024-03-05,,\n";

/* The expected bulletin for 2024-01-01..2024-03-31. */
static const char expected_q4[] =
	"measure,group,value\n"
	"cases_logged,all,4\n"                       /* C1 C2 C3 C8 (C4 logged in April) */
	"cases_logged,schedule3,3\n"                 /* C1 C2 C8 */
	"cases_logged,outside_schedule3,1\n"         /* C3 */
	"allegations_logged,all,5\n"                 /* C1x2 C2 C3 C8 */
	"employees,all,4\n"
	"cases_per_1000_employees,all,1000.00\n"     /* 4/4*1000 */
	"allegations_per_1000_employees,all,1250.00\n"
	"working_days_to_log,mean,1.7\n"             /* (2+2+1)/3 = 1.666.. */
	"working_days_to_log,median,2.0\n"           /* 1 2 2 */
	"working_days_to_contact,mean,2.5\n"         /* (4+1)/2 */
	"working_days_to_contact,median,2.5\n"
	"sch3_reason_pct,complainant_wishes,33.33\n" /* 1 of 3 each */
	"sch3_reason_pct,authority_decides,33.33\n"
	"sch3_reason_pct,dissatisfied,33.33\n"
	"allegations_by_category,Delivery of duties and service,2\n"
	"allegations_by_category,\"Police powers, policies and procedures\",1\n"
	"allegations_by_category,Handling of or damage to property/premises,0\n"
	"allegations_by_category,Access and/or disclosure of information,0\n"
	"allegations_by_category,Use of police vehicles,0\n"
	"allegations_by_category,Discriminatory behaviour,1\n"
	"allegations_by_category,Abuse of position/corruption,0\n"
	"allegations_by_category,Individual behaviours,1\n"
	"allegations_by_category,Sexual conduct,0\n"
	"allegations_by_category,Discreditable conduct,0\n" /* C5 is a conduct matter */
	"allegations_by_category,Other,0\n"
	"allegations_finalised_by_outcome,resolved_outside_schedule3,1\n"
	"allegations_finalised_by_outcome,service_acceptable,1\n"
	"allegations_finalised_by_outcome,service_not_acceptable,1\n"
	"allegations_finalised_by_outcome,unable_to_determine,0\n"
	"allegations_finalised_by_outcome,no_further_action,1\n"  /* C4: case logged later, finalised in period */
	"allegations_finalised_by_outcome,reflective_practice,1\n"
	"allegations_finalised_by_outcome,management_action,0\n"
	"allegations_finalised_by_outcome,misconduct_meeting,1\n" /* C5: any kind of case */
	"allegations_finalised_by_outcome,gross_misconduct_hearing,0\n"
	"allegations_finalised_by_outcome,withdrawn,0\n"          /* C7: finalised in April */
	"allegations_finalised_by_outcome,discontinued,0\n"
	"working_days_to_finalise,outside_schedule3,\n"           /* C3 has no received date */
	"working_days_to_finalise,otherwise,\n"
	"working_days_to_finalise,local_investigation,36.0\n"     /* (63+9)/2 */
	"working_days_to_finalise,directed_investigation,\n"
	"working_days_to_finalise,independent_investigation,\n"
	"working_days_to_finalise,all,36.0\n"
	"reviews_completed,lpb,2\n"
	"reviews_completed,iopc,1\n"
	"reviews_upheld_pct,lpb,50.00\n"
	"reviews_upheld_pct,iopc,0.00\n"
	"working_days_to_review,lpb,11.5\n"                       /* (22+1)/2 */
	"working_days_to_review,iopc,\n"
	"open_over_12_months,all,3\n";                            /* C6, C7 (finalised after), C9 */

__attribute__((constructor)) static void setup(void)
{
	fixture_open("complaints");
	fixture_people(hr);
	fixture_account("psd", "1002", ROLE_PSD, &psd);
	fixture_account("psdsub", "1001", ROLE_PSD, &psd_subject);
	fixture_account("psdmgr", "1005", ROLE_PSD, &psd_manager);
	fixture_account("pcc", NULL, ROLE_PCC, &pcc);
	fixture_account("scrutiny", NULL, ROLE_SCRUTINY, &scrutiny);
	fixture_account("staff", "1006", 0, &staff);
	fixture_account("gov", NULL, ROLE_GOVERNANCE, &gov);
	snprintf(cases_csv, sizeof cases_csv, "%s-cases.csv", filebase);
	snprintf(alleg_csv, sizeof alleg_csv, "%s-alleg.csv", filebase);
	snprintf(reviews_csv, sizeof reviews_csv, "%s-reviews.csv", filebase);
	struct cpl_import_stats s;
	struct err e = { 0 };
	if (fixture_write_file(cases_csv, cases_text) || fixture_write_file(alleg_csv, alleg_text) ||
	    fixture_write_file(reviews_csv, reviews_text) ||
	    complaints_import(st, NULL, cases_csv, alleg_csv, reviews_csv, 0, &s, &e)) {
		fprintf(stderr, "fixture import: %s\n", e.msg);
		exit(1);
	}
}

static int64_t count(const char *sql, const char *arg)
{
	int64_t n = -1;
	store_int(st, NULL, &n, sql, "t", arg);
	return n;
}

static void bulletin_text(const char *from, const char *to, int64_t employees, struct buf *out)
{
	struct cpl_bulletin b;
	struct err e = { 0 };
	buf_init(out, 1 << 20);
	CHECK_INT(complaints_bulletin(st, NULL, from, to, employees, &b, &e), 0);
	cpl_bulletin_csv(&b, out);
	buf_addc(out, 0);
	cpl_bulletin_release(&b);
}

TEST(test_bulletin_matches_the_hand_worked_quarter)
{
	struct buf b;
	bulletin_text("2024-01-01", "2024-03-31", -1, &b);
	CHECK_STR(b.p, expected_q4);
	buf_release(&b);
}

TEST(test_bulletin_rates_round_half_away_from_the_exact_quotient)
{
	struct cpl_bulletin b;
	struct err e = { 0 };
	CHECK_INT(complaints_bulletin(st, NULL, "2024-01-01", "2024-03-31", 3, &b, &e), 0);
	CHECK_STR(cpl_bulletin_get(&b, "employees", "all")->value, "3");
	CHECK_STR(cpl_bulletin_get(&b, "cases_per_1000_employees", "all")->value, "1333.33");       /* 4000/3 */
	CHECK_STR(cpl_bulletin_get(&b, "allegations_per_1000_employees", "all")->value, "1666.67"); /* 5000/3 */
	cpl_bulletin_release(&b);
	CHECK_INT(complaints_bulletin(st, NULL, "2024-01-01", "2024-03-31", 0, &b, &e), 0);
	CHECK_STR(cpl_bulletin_get(&b, "cases_per_1000_employees", "all")->value, ""); /* a share of nothing */
	cpl_bulletin_release(&b);
}

TEST(test_open_over_12_months_on_29_february_looks_back_to_28_february)
{
	/* D2 2024-02-29: one year before is 2023-02-28, so C6 (received
	 * 2023-02-28) counts and C9 (2023-03-01) does not. */
	struct cpl_bulletin b;
	struct err e = { 0 };
	CHECK_INT(complaints_bulletin(st, NULL, "2024-02-01", "2024-02-29", -1, &b, &e), 0);
	CHECK_STR(cpl_bulletin_get(&b, "open_over_12_months", "all")->value, "1");
	/* Nothing logged in February: empty means and medians, empty shares. */
	CHECK_STR(cpl_bulletin_get(&b, "cases_logged", "all")->value, "0");
	CHECK_STR(cpl_bulletin_get(&b, "working_days_to_log", "mean")->value, "");
	CHECK_STR(cpl_bulletin_get(&b, "working_days_to_log", "median")->value, "");
	CHECK_STR(cpl_bulletin_get(&b, "sch3_reason_pct", "dissatisfied")->value, "");
	cpl_bulletin_release(&b);
	char out[11];
	cpl_year_before("2024-02-29", out);
	CHECK_STR(out, "2023-02-28");
	cpl_year_before("2025-03-01", out);
	CHECK_STR(out, "2024-03-01");
}

TEST(test_working_days_skip_weekends_and_bank_holidays)
{
	struct cpl_calendar cal;
	struct err e = { 0 };
	CHECK_INT(cpl_calendar_load(st, &cal, &e), 0);
	CHECK_INT(cpl_working_days(&cal, date_days("2023-12-29"), date_days("2024-01-03")), 2);
	CHECK_INT(cpl_working_days(&cal, date_days("2023-12-29"), date_days("2024-03-28")), 63);
	CHECK_INT(cpl_working_days(&cal, date_days("2024-03-28"), date_days("2024-04-02")), 1); /* Good Friday, Easter Monday */
	CHECK_INT(cpl_working_days(&cal, date_days("2024-03-30"), date_days("2024-03-31")), 0);
	CHECK_INT(cpl_working_days(&cal, date_days("2024-01-05"), date_days("2024-01-05")), 0);
	cpl_calendar_release(&cal);
}

TEST(test_exact_rounding_without_floating_point)
{
	char out[32];
	cpl_fmt_quot(1, 8, 1, 2, out);       /* 0.125 */
	CHECK_STR(out, "0.13");
	cpl_fmt_quot(1, 40, 1, 2, out);      /* 0.025: 0.0249999.. as a double */
	CHECK_STR(out, "0.03");
	cpl_fmt_quot(5, 2, 1, 0, out);
	CHECK_STR(out, "3");
	cpl_fmt_quot(3, 4, 1, 1, out);       /* 0.75 */
	CHECK_STR(out, "0.8");
	cpl_fmt_quot(1, 0, 1, 1, out);
	CHECK_STR(out, "");
	cpl_fmt_quot(0, 5, 100, 2, out);
	CHECK_STR(out, "0.00");
}

TEST(test_import_rerun_changes_nothing)
{
	struct cpl_import_stats s;
	struct err e = { 0 };
	int64_t logs = count("SELECT COUNT(*) FROM access_log WHERE action <> ?", "");
	CHECK_INT(complaints_import(st, NULL, cases_csv, alleg_csv, reviews_csv, 0, &s, &e), 0);
	CHECK_STR(e.msg, "");
	CHECK_INT(s.cases.rows, 9);
	CHECK_INT(s.cases.created + s.cases.updated, 0);
	CHECK_INT(s.allegations.created + s.allegations.updated, 0);
	CHECK_INT(s.reviews.created + s.reviews.updated, 0);
	CHECK_INT(s.allegations.unchanged, 9);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE action <> ?", ""), logs);
}

/* Run an import of three texts; returns the error message. */
static int import_texts(const char *cases, const char *alleg, const char *reviews, int dry, struct err *e)
{
	char c[96], a[96], r[96];
	struct cpl_import_stats s;
	snprintf(c, sizeof c, "%s-c2.csv", filebase);
	snprintf(a, sizeof a, "%s-a2.csv", filebase);
	snprintf(r, sizeof r, "%s-r2.csv", filebase);
	fixture_write_file(c, cases);
	fixture_write_file(a, alleg);
	fixture_write_file(r, reviews ? reviews : "");
	int rc = complaints_import(st, NULL, c, a, reviews ? r : NULL, dry, &s, e);
	unlink(c);
	unlink(a);
	unlink(r);
	return rc;
}

TEST(test_import_errors_name_file_line_and_column_and_write_nothing)
{
	struct err e = { 0 };
	const char *newcase = CPL_CASES_HEADER "\nN1,complaint,2024-05-01,2024-05-02,,no,,outside_schedule3,\n";
	/* A bad allegation rejects the case file too: all or nothing across files. */
	CHECK(import_texts(newcase, CPL_ALLEGATIONS_HEADER "\nN1,A1,,Rudeness,,\n", NULL, 0, &e) != 0);
	CHECK_HAS(e.msg, "-a2.csv:2: category: 'Rudeness' is not a category of the active scheme");
	CHECK_INT(count("SELECT COUNT(*) FROM complaint_cases WHERE case_ref = ?", "N1"), 0);
	CHECK(import_texts(CPL_CASES_HEADER "\nN1,grievance,,,,,,,\n", CPL_ALLEGATIONS_HEADER "\n", NULL, 0, &e) != 0);
	CHECK_HAS(e.msg, "-c2.csv:2: kind: 'grievance' is not complaint, conduct or dsi");
	CHECK(import_texts(CPL_CASES_HEADER "\nN1,complaint,2024-02-30,,,no,,,\n", CPL_ALLEGATIONS_HEADER "\n", NULL, 0,
	                   &e) != 0);
	CHECK_HAS(e.msg, ":2: received: '2024-02-30' is not a date");
	CHECK(import_texts(CPL_CASES_HEADER "\nN1,complaint,2024-03-02,2024-03-01,,no,,,\n", CPL_ALLEGATIONS_HEADER "\n",
	                   NULL, 0, &e) != 0);
	CHECK_HAS(e.msg, ":2: logged: logged is before received");
	CHECK(import_texts(CPL_CASES_HEADER "\nN1,complaint,,,,yes,,,\n", CPL_ALLEGATIONS_HEADER "\n", NULL, 0, &e) != 0);
	CHECK_HAS(e.msg, ":2: sch3_reason:");
	CHECK(import_texts(CPL_CASES_HEADER "\nN1,conduct,,,,no,,,\n", CPL_ALLEGATIONS_HEADER "\n", NULL, 0, &e) != 0);
	CHECK_HAS(e.msg, ":2: schedule3: must be empty for a conduct matter");
	CHECK(import_texts("case_ref,kind\n", CPL_ALLEGATIONS_HEADER "\n", NULL, 0, &e) != 0);
	CHECK(import_texts(newcase, CPL_ALLEGATIONS_HEADER "\nN1,A1,9999,Other,,\n", NULL, 0, &e) != 0);
	CHECK_HAS(e.msg, ":2: subject_staff_number: no person with staff number '9999'");
	CHECK(import_texts(newcase, CPL_ALLEGATIONS_HEADER "\n", CPL_REVIEWS_HEADER "\nN1,ombudsman,,,\n", 0, &e) != 0);
	CHECK_HAS(e.msg, "-r2.csv:2: review_body: 'ombudsman' is not lpb or iopc");
	CHECK_INT(count("SELECT COUNT(*) FROM complaint_cases WHERE case_ref = ?", "N1"), 0);
	/* A reference twice in one file would make a rerun change it back and forth (found by the fuzzer). */
	CHECK(import_texts(CPL_CASES_HEADER "\nN1,complaint,,,,no,,,\nN1,conduct,,,,,,,\n", CPL_ALLEGATIONS_HEADER "\n", NULL,
	                   0, &e) != 0);
	CHECK_HAS(e.msg, "-c2.csv:3: case_ref: repeats line 2 of this file");
	CHECK(import_texts(newcase, CPL_ALLEGATIONS_HEADER "\nN1,A1,,Other,,\nN1,A1,,Sexual conduct,,\n", NULL, 0, &e) != 0);
	CHECK_HAS(e.msg, "-a2.csv:3: allegation_ref: repeats line 2 of this file");
	CHECK_INT(count("SELECT COUNT(*) FROM complaint_cases WHERE case_ref = ?", "N1"), 0);
	/* A dry run checks and counts but writes nothing. */
	CHECK_INT(import_texts(newcase, CPL_ALLEGATIONS_HEADER "\nN1,A1,,Other,,\n", NULL, 1, &e), 0);
	CHECK_INT(count("SELECT COUNT(*) FROM complaint_cases WHERE case_ref = ?", "N1"), 0);
}

static int64_t log_rows(const struct actor *a, const char *action, const char *outcome)
{
	int64_t n = -1;
	store_int(st, NULL, &n, "SELECT COUNT(*) FROM access_log WHERE account_id = ? AND action = ? AND outcome = ?",
	          "itt", a->account_id, action, outcome);
	return n;
}

TEST(test_psd_reads_a_case_and_the_read_is_logged)
{
	struct cpl_case c;
	struct err e = { 0 };
	int64_t before = log_rows(&psd, "view", "ok");
	CHECK_INT(complaints_case_get(st, &psd, "C1", &c, &e), 0);
	CHECK_STR(c.case_ref, "C1");
	CHECK_INT(c.nallegations, 2);
	CHECK_INT(log_rows(&psd, "view", "ok"), before + 1);
}

TEST(test_a_subject_never_sees_a_case_about_them)
{
	struct cpl_case c;
	struct err e = { 0 };
	int64_t before = log_rows(&psd_subject, "view", "refused");
	CHECK(complaints_case_get(st, &psd_subject, "C1", &c, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(log_rows(&psd_subject, "view", "refused"), before + 1);
	CHECK_INT(complaints_may_handle(st, &psd_subject, c.id ? c.id : 1), ERR_DENIED);
	/* C3 has no subject: theirs to handle. */
	CHECK_INT(complaints_case_get(st, &psd_subject, "C3", &c, &e), 0);
}

TEST(test_the_subjects_line_manager_may_not_handle_the_case)
{
	struct cpl_case c;
	struct err e = { 0 };
	struct errlist errs = { 0 };
	CHECK(complaints_case_get(st, &psd_manager, "C8", &c, &e) != 0); /* 1005 manages 1001 */
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_HAS(e.msg, "separation of duties");
	CHECK(complaints_allegation_decide(st, &psd_manager, "C8", "A1", "no_further_action", "", &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

TEST(test_roles_without_need_to_know_are_refused_and_logged)
{
	struct cpl_case c;
	struct cpl_bulletin b;
	struct err e = { 0 };
	CHECK(complaints_case_get(st, &scrutiny, "C3", &c, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(log_rows(&scrutiny, "view", "refused") >= 1);
	CHECK(complaints_case_get(st, &staff, "C3", &c, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	/* Scrutiny sees the aggregates; staff do not. */
	int64_t lists = log_rows(&scrutiny, "list", "ok");
	CHECK_INT(complaints_bulletin(st, &scrutiny, "2024-01-01", "2024-03-31", -1, &b, &e), 0);
	CHECK_INT(log_rows(&scrutiny, "list", "ok"), lists + 1);
	cpl_bulletin_release(&b);
	CHECK(complaints_bulletin(st, &staff, "2024-01-01", "2024-03-31", -1, &b, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(log_rows(&staff, "view", "refused") >= 1);
}

TEST(test_the_pcc_reads_a_case_only_while_reviewing_it)
{
	struct cpl_case c;
	struct err e = { 0 };
	/* C2's lpb review is open: readable, without the complainant. */
	CHECK_INT(store_exec(st, &e, "UPDATE complaint_cases SET complainant_name = 'Mr Complainant' WHERE case_ref = 'C2'",
	                     ""), 0);
	CHECK_INT(complaints_case_get(st, &pcc, "C2", &c, &e), 0);
	CHECK_STR(c.complainant, "");
	CHECK_INT(complaints_case_get(st, &psd, "C2", &c, &e), 0);
	CHECK_STR(c.complainant, "Mr Complainant");
	/* C1's review is completed: refused. */
	CHECK(complaints_case_get(st, &pcc, "C1", &c, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

TEST(test_psd_decides_an_allegation_but_not_one_they_are_subject_of)
{
	struct err e = { 0 };
	struct errlist errs = { 0 };
	/* C2's subject is 1005 (psd_manager): refused as subject. */
	CHECK(complaints_allegation_decide(st, &psd_manager, "C2", "A1", "service_acceptable", "", &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	errs.n = 0;
	CHECK(complaints_allegation_decide(st, &psd, "C2", "A1", "bogus", "", &errs, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	errs.n = 0;
	CHECK_INT(complaints_allegation_decide(st, &psd, "C2", "A1", "unable_to_determine", "", &errs, &e), 0);
	CHECK_INT(count("SELECT COUNT(*) FROM complaint_allegations WHERE outcome = ?", "unable_to_determine"), 1);
	CHECK_INT(store_exec(st, &e, "UPDATE complaint_allegations SET outcome = '' WHERE outcome = 'unable_to_determine'",
	                     ""), 0);
}

static int due_n;
static int on_due(void *ctx, const char *case_ref, const char *aref, const char *review_date)
{
	(void)ctx;
	(void)aref;
	(void)review_date;
	if (strcmp(case_ref, "C1") == 0)
		due_n++;
	return 0;
}

TEST(test_reflective_practice_is_recorded_and_its_review_reminded)
{
	struct err e = { 0 };
	struct errlist errs = { 0 };
	struct cpl_rprp r = { "Late attendance", "Discussed priorities", "not a date: do better", "Plan the shift",
		              "Briefing", "" };
	CHECK(complaints_rprp_record(st, &psd, "C1", "A2", &r, &errs, &e) != 0);
	CHECK_STR(errlist_get(&errs, "actions") ? "actions" : "", "actions");
	errs.n = 0;
	r.actions = "2025-02-01 Complete the diversity course\n2025-03-01 Shadow a sergeant";
	CHECK(complaints_rprp_record(st, &psd_subject, "C1", "A2", &r, &errs, &e) != 0); /* the subject */
	CHECK_INT(e.code, ERR_DENIED);
	errs.n = 0;
	setenv("PROBITY_TODAY", "2025-01-10", 1);
	CHECK_INT(complaints_rprp_record(st, &psd, "C1", "A2", &r, &errs, &e), 0);
	CHECK_INT(count("SELECT COUNT(*) FROM complaint_rprp WHERE review_date = ?", "2026-01-10"), 1); /* 12 months */
	due_n = 0;
	CHECK_INT(complaints_rprp_due(st, &psd, "2026-01-09", on_due, NULL, &e), 0);
	CHECK_INT(due_n, 0);
	CHECK_INT(complaints_rprp_due(st, &psd, "2026-01-10", on_due, NULL, &e), 0);
	CHECK_INT(due_n, 1);
	due_n = 0;
	CHECK_INT(complaints_rprp_due(st, &psd_subject, "2026-01-10", on_due, NULL, &e), 0);
	CHECK_INT(due_n, 0); /* not shown to its subject */
	/* the review held: marked done, by PSD who may handle it, once */
	CHECK(complaints_rprp_reviewed(st, &psd_subject, "C1", "A2", &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(complaints_rprp_reviewed(st, &staff, "C1", "A2", &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(complaints_rprp_reviewed(st, &psd, "C1", "A2", &e), 0);
	CHECK(complaints_rprp_reviewed(st, &psd, "C1", "A2", &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	due_n = 0;
	CHECK_INT(complaints_rprp_due(st, &psd, "2026-01-10", on_due, NULL, &e), 0);
	CHECK_INT(due_n, 0); /* done: no longer due */
	unsetenv("PROBITY_TODAY");
}

static int learn_n;
static char learn_last[200];
static int on_learn(void *ctx, int64_t id, const char *ref, const char *origin, const char *text, const char *status,
                    const char *due)
{
	(void)ctx;
	(void)id;
	(void)text;
	(void)due;
	learn_n++;
	snprintf(learn_last, sizeof learn_last, "%s|%s|%s", ref, origin, status);
	return 0;
}

TEST(test_learning_recommendations_are_findings_without_a_response_clock)
{
	struct err e = { 0 };
	struct errlist errs = { 0 };
	char ref[48];
	struct insp_counts before, after;
	CHECK_INT(inspections_counts(st, &gov, &before, &e), 0);
	CHECK(complaints_learning_add(st, &psd, "C1", "neither", "Brief the team", "", "", ref, &errs, &e) != 0);
	CHECK(errlist_get(&errs, "origin") != NULL);
	errs.n = 0;
	CHECK(complaints_learning_add(st, &psd, "C1", "local", "", "9999", "", ref, &errs, &e) != 0);
	CHECK(errlist_get(&errs, "text") != NULL);   /* the findings tracker's own checks */
	CHECK(errlist_get(&errs, "owner") != NULL);
	errs.n = 0;
	CHECK(complaints_learning_add(st, &psd_subject, "C1", "local", "Brief", "", "", ref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);                /* the subject of the case */
	CHECK(complaints_learning_add(st, &scrutiny, "C1", "local", "Brief", "", "", ref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(complaints_learning_add(st, &psd, "C1", "iopc", "Review the call-handling script", "1002", "2020-01-01",
	                                  ref, &errs, &e), 0);
	CHECK_STR(ref, "C1 L1");
	CHECK_INT(complaints_learning_add(st, &psd, "C1", "local", "Brief the team", "", "", ref, &errs, &e), 0);
	CHECK_STR(ref, "C1 L2");
	CHECK_INT(count("SELECT COUNT(*) FROM findings f JOIN inspections i ON i.id = f.inspection_id "
	                "WHERE i.source = 'learning' AND i.title = ?", LEARNING_COMPLAINTS), 2);
	CHECK_INT(count("SELECT COUNT(*) FROM finding_status_history h JOIN findings f ON f.id = h.finding_id "
	                "WHERE f.reference = ? AND h.status = 'open'", "C1 L1"), 1);
	learn_n = 0;
	CHECK_INT(complaints_learning(st, &psd, "C1", on_learn, NULL, &e), 0);
	CHECK_INT(learn_n, 2);
	CHECK_STR(learn_last, "C1 L2|Local learning|open");
	CHECK(complaints_learning(st, &psd_subject, "C1", on_learn, NULL, &e) != 0);
	/* tracked as a finding (past due, so counted) but no 56-day clock */
	CHECK_INT(inspections_counts(st, &gov, &after, &e), 0);
	CHECK_INT(after.responses_overdue, before.responses_overdue);
	CHECK_INT(after.responses_due_soon, before.responses_due_soon);
	CHECK_INT(after.active, before.active + 2);
	CHECK_INT(after.past_due, before.past_due + 1);
	CHECK(count("SELECT COUNT(*) FROM access_log WHERE action = 'create' AND object_type = 'complaint_case' AND "
	            "detail LIKE ?", "learning recommendation C1 L1%") == 1);
}

struct seen {
	int notices, outcomes, named;
};
static int on_hearing(void *ctx, const struct cpl_hearing *h, int is_outcome)
{
	struct seen *s = ctx;
	if (is_outcome)
		s->outcomes++;
	else
		s->notices++;
	if (strstr(h->name, "Subject"))
		s->named++;
	return 0;
}

TEST(test_a_public_hearing_and_its_outcome_stay_28_days_then_go)
{
	struct err e = { 0 };
	struct errlist errs = { 0 };
	struct cpl_proceeding_in in = { "hearing", "2025-01-20", "Force HQ", 1, "1001", 0,
		                        "Discreditable conduct: abusive messages" };
	struct cpl_proceeding_in priv = { "hearing", "2025-01-21", "Force HQ", 0, "1001", 0, "Private matter" };
	int64_t id = 0, pid = 0;
	CHECK(complaints_proceeding_add(st, &psd_subject, "C3", &in, &id, &errs, &e) != 0); /* adds them as subject */
	CHECK_INT(e.code, ERR_DENIED);
	errs.n = 0;
	CHECK_INT(complaints_proceeding_add(st, &psd, "C3", &in, &id, &errs, &e), 0);
	CHECK_INT(complaints_proceeding_add(st, &psd, "C3", &priv, &pid, &errs, &e), 0);
	struct seen s = { 0 };
	CHECK_INT(complaints_public_hearings(st, "2025-01-10", on_hearing, &s, &e), 0);
	CHECK_INT(s.notices, 1); /* the private hearing never */
	CHECK_INT(s.named, 1);
	CHECK(complaints_proceeding_decide(st, &psd, id, "gross_misconduct", "written_warning", &errs, &e) != 0);
	errs.n = 0;
	CHECK_INT(complaints_proceeding_decide(st, &psd, id, "gross_misconduct", "dismissal_without_notice", &errs, &e), 0);
	/* The dismissal goes to the barred list notifications. */
	CHECK_INT(count("SELECT COUNT(*) FROM vetting_leavers v JOIN people p ON p.id = v.person_id WHERE "
	                "p.staff_number = ? AND v.list = 'barred'", "1001"), 1);
	memset(&s, 0, sizeof s);
	CHECK_INT(complaints_public_hearings(st, "2025-01-22", on_hearing, &s, &e), 0); /* first published */
	CHECK_INT(s.outcomes, 1);
	memset(&s, 0, sizeof s);
	CHECK_INT(complaints_public_hearings(st, "2025-02-19", on_hearing, &s, &e), 0); /* day 28 */
	CHECK_INT(s.outcomes, 1);
	memset(&s, 0, sizeof s);
	CHECK_INT(complaints_public_hearings(st, "2025-02-20", on_hearing, &s, &e), 0); /* day 29 */
	CHECK_INT(s.outcomes, 0);
	/* The name withheld where the chair directs. */
	CHECK_INT(store_exec(st, &e, "UPDATE complaint_proceedings SET name_withheld = 1, outcome = '', "
	                             "finding = '' WHERE id = ?", "i", id), 0);
	memset(&s, 0, sizeof s);
	CHECK_INT(complaints_public_hearings(st, "2025-02-20", on_hearing, &s, &e), 0);
	CHECK_INT(s.notices, 1);
	CHECK_INT(s.named, 0);
}

TEST(test_disclosure_suppresses_small_cells_and_their_complement)
{
	unsigned char sup[4];
	int64_t a[] = { 12, 3, 20 };
	CHECK_INT(disclosure_suppress(a, 3, 10, 1, sup), 0);
	CHECK(sup[1] && sup[0] && !sup[2]); /* 3 under k; 12, the next smallest, so 3 cannot be worked out */
	CHECK_INT(disclosure_suppress(a, 3, 10, 0, sup), 0);
	CHECK(sup[1] && !sup[0] && !sup[2]); /* no total published: no complement needed */
	int64_t b[] = { 0, 3 };
	CHECK_INT(disclosure_suppress(b, 2, 10, 1, sup), 1); /* only zeros left: the total goes */
	CHECK(!sup[0] && sup[1]);
	int64_t c[] = { 5, 6, 0, 40 };
	CHECK_INT(disclosure_suppress(c, 4, 10, 1, sup), 0);
	CHECK(sup[0] && sup[1] && !sup[2] && !sup[3]);
	CHECK_INT(disclosure_k(st), 10);
}

TEST(test_the_published_bulletin_withholds_small_numbers)
{
	struct cpl_bulletin b;
	struct err e = { 0 };
	CHECK_INT(store_exec(st, &e, "INSERT INTO config(key, value) VALUES ('disclosure.k', '2')", ""), 0);
	CHECK_INT(complaints_bulletin_public(st, "2024-01-01", "2024-03-31", &b, &e), 0);
	CHECK_STR(cpl_bulletin_get(&b, "cases_logged", "all")->value, "4");
	CHECK_STR(cpl_bulletin_get(&b, "cases_logged", "outside_schedule3")->value, "[c]"); /* 1 < 2 */
	CHECK_STR(cpl_bulletin_get(&b, "cases_logged", "schedule3")->value, "[c]");         /* its complement */
	CHECK_STR(cpl_bulletin_get(&b, "allegations_by_category", "Delivery of duties and service")->value, "2");
	CHECK_STR(cpl_bulletin_get(&b, "allegations_by_category", "Individual behaviours")->value, "[c]");
	CHECK_STR(cpl_bulletin_get(&b, "allegations_by_category", "Other")->value, "0");
	CHECK_STR(cpl_bulletin_get(&b, "sch3_reason_pct", "dissatisfied")->value, "[c]");
	CHECK_STR(cpl_bulletin_get(&b, "working_days_to_contact", "mean")->value, "2.5"); /* over 2 cases */
	CHECK_STR(cpl_bulletin_get(&b, "reviews_completed", "iopc")->value, "[c]");
	CHECK_STR(cpl_bulletin_get(&b, "reviews_upheld_pct", "iopc")->value, "[c]");
	cpl_bulletin_release(&b);
	CHECK_INT(store_exec(st, &e, "DELETE FROM config WHERE key = 'disclosure.k'", ""), 0);
}

/* The cell of category cat in quarter q (a cell that fails every check when
 * there is no such category). */
static const struct cpl_cell *cat_cell(const struct cpl_trends *t, const char *cat, int q)
{
	static const struct cpl_cell none = { -1, "none", 2 };
	for (size_t c = 0; c < t->ncat; c++)
		if (strcmp(t->cat[c].name, cat) == 0)
			return &t->by_cat[c][q];
	return &none;
}

static const struct cpl_trend_group *group(const struct cpl_trends *t, const char *name)
{
	for (size_t g = 0; g < t->ngroup; g++)
		if (strcmp(t->group[g].name, name) == 0)
			return &t->group[g];
	return NULL;
}

/* Worked by hand from the fixture, to 2024-03-31 (Q2 2022 .. Q1 2024):
 * complaint cases logged in Q1 2024 are C1, C2, C3, C8 (C4 is logged after,
 * C5 is a conduct matter); allegations Delivery 2 (C1, C2), Discriminatory
 * 1, Police powers 1, Individual behaviours 1; 4 employees on 2024-03-31.
 * Q1 2023: C6 and C9 (Delivery 1); Q2 2023: C7 (Other 1). By the subject's
 * unit: Response 4 (1001 three times, 1005), PSD 1 (1002), HQ 0, two with no
 * subject. Handling: outside Schedule 3 3 (C3, C7, C9), otherwise 1 (C2),
 * local 3 (C1, C6, C8). Received to logged {2, 2, 1, 1, 1, 1}: median 1.0,
 * 90th percentile (nearest rank 6 of 6) 2.0; to finalised {63, 9}. Open
 * over 12 months: C6, C7, C9 (PSD 1: C6 about 1002). */
TEST(test_trends_by_quarter_area_and_route_with_disclosure_control)
{
	struct cpl_trends t;
	struct err e = { 0 };
	CHECK_INT(store_exec(st, &e, "INSERT INTO config(key, value) VALUES ('disclosure.k', '2')", ""), 0);
	CHECK_INT(complaints_trends(st, &scrutiny, "2024-03-31", &t, &e), 0);
	const struct cpl_trend_group *resp = group(&t, "Response"), *psdg = group(&t, "PSD"), *hq = group(&t, "HQ");
	CHECK(resp && psdg && hq);
	if (!resp || !psdg || !hq)
		return;
	CHECK_INT(t.nq, 8);
	CHECK_STR(t.q[0].label, "Q2 2022");
	CHECK_STR(t.q[7].label, "Q1 2024");
	CHECK_STR(t.q[7].from, "2024-01-01");
	CHECK_INT(t.employees[7], 4);
	CHECK_INT(cat_cell(&t, "Delivery of duties and service", 7)->n, 2);
	CHECK_STR(cat_cell(&t, "Delivery of duties and service", 7)->rate, "500.00");
	CHECK_INT(cat_cell(&t, "Discriminatory behaviour", 7)->hidden, 1);     /* 1 < k */
	CHECK_INT(cat_cell(&t, "Individual behaviours", 7)->hidden, 1);
	CHECK(!cat_cell(&t, "Delivery of duties and service", 7)->hidden);
	CHECK_INT(cat_cell(&t, "Delivery of duties and service", 3)->n, 1); /* Q1 2023: C6 */
	CHECK_INT(cat_cell(&t, "Other", 4)->n, 1);                          /* Q2 2023: C7 */
	CHECK_INT(cat_cell(&t, "Other", 4)->hidden, 1);
	CHECK_INT(cat_cell(&t, "Delivery of duties and service", 4)->hidden, 1); /* the complement (a zero) */   /* its complement (a zero) */
	CHECK_INT(resp->alleg.n, 4);
	CHECK(!resp->alleg.hidden);
	CHECK_STR(resp->alleg.rate, "2000.00");                             /* 4 of 2 employees, over two years */
	CHECK(psdg->alleg.hidden);                                          /* 1 < k */
	CHECK(hq->alleg.hidden);                                            /* the complement */
	CHECK_INT(t.unknown_unit, 2);
	CHECK_INT(t.handling[0].n, 3);
	CHECK(t.handling[1].hidden);                                        /* otherwise: 1 */
	CHECK(t.handling[3].hidden);                                        /* directed: 0, the complement */
	CHECK_INT(t.handling[2].n, 3);
	CHECK_INT(t.time[0].n, 6);
	CHECK_STR(t.time[0].median, "1.0");
	CHECK_STR(t.time[0].p90, "2.0");
	CHECK_INT(t.time[2 + 2].n, 2);                                      /* local: C1 63, C8 9 */
	CHECK_STR(t.time[2 + 2].median, "36.0");
	CHECK_STR(t.time[2 + 2].p90, "63.0");
	CHECK(t.time[2 + 1].hidden == 0 && t.time[2 + 1].n == 0);           /* none: nothing to withhold */
	CHECK_INT(t.open12.n, 3);
	CHECK_INT(psdg->open12.n, 1);
	cpl_trends_release(&t);
	/* the equality role sees every figure */
	struct actor eq = scrutiny;
	eq.roles = ROLE_EQUALITY;
	CHECK_INT(complaints_trends(st, &eq, "2024-03-31", &t, &e), 0);
	psdg = group(&t, "PSD");
	CHECK(psdg && cat_cell(&t, "Discriminatory behaviour", 7)->hidden == 0 && !psdg->alleg.hidden);
	CHECK_STR(psdg ? psdg->alleg.rate : "", "1000.00");
	cpl_trends_release(&t);
	/* refused and logged for a member of staff */
	int64_t before = count("SELECT COUNT(*) FROM access_log WHERE object_type = ? AND outcome = 'refused'",
	                       "complaints_trends");
	CHECK(complaints_trends(st, &staff, "2024-03-31", &t, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE object_type = ? AND outcome = 'refused'",
	                "complaints_trends"), before + 1);
	CHECK(complaints_trends(st, &scrutiny, "2024-02-30", &t, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK_INT(store_exec(st, &e, "DELETE FROM config WHERE key = 'disclosure.k'", ""), 0);
}

TEST(test_psd_records_a_new_case_with_its_first_allegation)
{
	struct err e = { 0 };
	struct errlist errs = { 0 };
	char ref[32];
	struct cpl_case_in in = { "complaint", "2024-05-01", "2024-05-02", "", "yes", "complainant_wishes",
		                  "local_investigation", "A Member of the Public", "01234 567890", "phone",
		                  "Individual behaviours", "1006" };
	CHECK_INT(complaints_case_create(st, &psd, &in, ref, &errs, &e), 0);
	CHECK_HAS(ref, "CPL-");
	CHECK_INT(count("SELECT COUNT(*) FROM complaint_allegations a JOIN complaint_cases c ON c.id = a.case_id "
	                "WHERE c.case_ref = ?", ref), 1);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE action = 'create' AND detail = ?", ref), 1);
	/* Every problem at once, for the error summary. */
	struct cpl_case_in bad = { "grievance", "2999-01-01", "", "", "", "", "", "", "", "", "Rudeness", "9999" };
	errs.n = 0;
	CHECK(complaints_case_create(st, &psd, &bad, ref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK(errlist_get(&errs, "kind") && errlist_get(&errs, "received") && errlist_get(&errs, "category") &&
	      errlist_get(&errs, "subject"));
	/* A case about oneself, or about someone one manages, is refused. */
	in.subject_staff_number = "1001";
	errs.n = 0;
	CHECK(complaints_case_create(st, &psd_subject, &in, ref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(complaints_case_create(st, &psd_manager, &in, ref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(complaints_case_create(st, &scrutiny, &in, ref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

static int nsum, sum_named;
static int on_summary(void *ctx, const struct cpl_summary *x)
{
	(void)ctx;
	nsum++;
	if (strstr(x->allegations, "Subject") || strstr(x->allegations, "1001"))
		sum_named = 1;
	return 0;
}

TEST(test_psd_adds_allegations_to_a_case_under_separation_of_duties)
{
	struct err e = { 0 };
	struct errlist errs = { 0 };
	char aref[16];
	/* C2 has A1 (about 1005); the next is A2, then A3 */
	CHECK_INT(complaints_allegation_add(st, &psd, "C2", "Individual behaviours", "1006", aref, &errs, &e), 0);
	CHECK_STR(aref, "A2");
	CHECK_INT(complaints_allegation_add(st, &psd, "C2", "Other", "", aref, &errs, &e), 0);
	CHECK_STR(aref, "A3");
	CHECK_INT(count("SELECT COUNT(*) FROM complaint_allegations a JOIN complaint_cases c ON c.id = a.case_id "
	                "WHERE c.case_ref = ?", "C2"), 3);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE action = 'add_allegation' AND detail = ?",
	                "C2 allegation A3"), 1);
	/* every problem at once */
	CHECK(complaints_allegation_add(st, &psd, "C2", "Rudeness", "9999", aref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK(errlist_get(&errs, "category") && errlist_get(&errs, "subject"));
	errs.n = 0;
	/* nobody records an allegation against themselves, nor someone they manage (1005 manages 1001) */
	CHECK(complaints_allegation_add(st, &psd, "C2", "Other", "1002", aref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(complaints_allegation_add(st, &psd_manager, "C9", "Other", "1001", aref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	/* only PSD, refusal logged */
	int64_t before = count("SELECT COUNT(*) FROM access_log WHERE action = ? AND outcome = 'refused'", "add_allegation");
	CHECK(complaints_allegation_add(st, &staff, "C2", "Other", "", aref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE action = ? AND outcome = 'refused'", "add_allegation"),
	          before + 1);
	CHECK(complaints_allegation_add(st, &psd, "NO-SUCH", "Other", "", aref, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_NOTFOUND);
}

TEST(test_oversight_sees_anonymised_case_summaries_only)
{
	struct err e = { 0 };
	long total = 0;
	nsum = sum_named = 0;
	CHECK_INT(complaints_case_summaries(st, &scrutiny, "2024-01-01", "2024-03-31", 1, on_summary, NULL, &total, &e), 0);
	CHECK_INT(total, 4); /* received in Q1 2024: C2, C4, C5, C8 */
	CHECK_INT(nsum, 4);
	CHECK_INT(sum_named, 0);
	CHECK_INT(complaints_case_summaries(st, &pcc, "2024-01-01", "2024-03-31", 1, on_summary, NULL, &total, &e), 0);
	CHECK(complaints_case_summaries(st, &staff, "2024-01-01", "2024-03-31", 1, on_summary, NULL, &total, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

static int nrep, rep_ann;
static int on_repeat(void *ctx, const char *sn, const char *name, int64_t n)
{
	(void)ctx;
	(void)name;
	nrep++;
	if (strcmp(sn, "1001") == 0 && n == 4)
		rep_ann = 1;
	return 0;
}

TEST(test_repeat_subjects_three_allegations_in_twelve_months)
{
	struct err e = { 0 };
	/* 1001: C1 x2 (received 2023-12-29), C8 (2024-01-08), C5 (2024-01-10): 4 in the year to 2024-03-31. */
	nrep = rep_ann = 0;
	CHECK_INT(complaints_repeat_subjects(st, &psd, "2024-03-31", on_repeat, NULL, &e), 0);
	CHECK_INT(nrep, 1);
	CHECK_INT(rep_ann, 1);
	/* A year on from 2024-12-29 the first two have left the window: 2 remain, fewer than 3. */
	nrep = 0;
	CHECK_INT(complaints_repeat_subjects(st, &psd, "2024-12-29", on_repeat, NULL, &e), 0);
	CHECK_INT(nrep, 0);
	/* Never the subject themself, nor their line manager. */
	nrep = 0;
	CHECK_INT(complaints_repeat_subjects(st, &psd_subject, "2024-03-31", on_repeat, NULL, &e), 0);
	CHECK_INT(nrep, 0);
	CHECK_INT(complaints_repeat_subjects(st, &psd_manager, "2024-03-31", on_repeat, NULL, &e), 0);
	CHECK_INT(nrep, 0);
	CHECK(complaints_repeat_subjects(st, &scrutiny, "2024-03-31", on_repeat, NULL, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	/* the subjects are kept until a write: a higher threshold shows at once, and back */
	CHECK_INT(store_exec(st, &e, "UPDATE config SET value = '5' WHERE key = 'complaints.repeat_subject_allegations'",
	                     ""), 0);
	nrep = 0;
	CHECK_INT(complaints_repeat_subjects(st, &psd, "2024-03-31", on_repeat, NULL, &e), 0);
	CHECK_INT(nrep, 0);
	CHECK_INT(store_exec(st, &e, "UPDATE config SET value = '3' WHERE key = 'complaints.repeat_subject_allegations'",
	                     ""), 0);
	nrep = 0;
	CHECK_INT(complaints_repeat_subjects(st, &psd, "2024-03-31", on_repeat, NULL, &e), 0);
	CHECK_INT(nrep, 1);
}

/* The import lets SQLite skip the CHECK constraints it has checked itself
 * (store_checks_done): afterwards, on this connection, they hold again. */
TEST(test_the_tables_checks_hold_again_after_an_import)
{
	struct cpl_import_stats s;
	struct err e = { 0 };
	CHECK_INT(complaints_import(st, NULL, cases_csv, alleg_csv, reviews_csv, 0, &s, &e), 0);
	CHECK(store_exec(st, &e, "INSERT INTO complaint_cases(case_ref, kind) VALUES ('CHECK1', 'bogus')", "") != 0);
	CHECK(store_exec(st, &e, "UPDATE complaint_cases SET handling = 'bogus' WHERE case_ref = 'C1'", "") != 0);
	CHECK_INT(count("SELECT COUNT(*) FROM complaint_cases WHERE case_ref = ? OR handling = 'bogus'", "CHECK1"), 0);
}

/* The bulletin's quick date reading and counting sort give what date_days
 * and a comparison sort give. */
TEST(test_quick_dates_and_medians_match_the_general_ones)
{
	static const char *const odd[] = { "", "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10",
		                           "2024-01-00", "2024-1-01", "2024-01-011", "2024-01-0", "1799-12-31",
		                           "1800-01-01", "2200-12-28", "2201-01-01", "abcd-ef-gh", "2024/01/01" };
	char d[11];
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
		CHECK_INT(cpl_days(odd[i]), date_days(odd[i]));
	for (long z = date_days("2019-12-01"); z <= date_days("2025-01-31"); z++) {
		date_format(z, d);
		CHECK_INT(cpl_days(d), z);
	}
	/* 200 values i % 7: 0-3 29 times each, 4-6 28 times. Sorted, places 99 and
	 * 100 hold 3 (87..115), place 179 (the 90th percentile's rank 180) holds 6. */
	struct cpl_sample a = { 0 }, b = { 0 };
	char out[32];
	for (long i = 0; i < 200; i++)
		cpl_sample_add(&a, i % 7);
	cpl_sample_median(&a, out);
	CHECK_STR(out, "3.0");
	cpl_sample_pct(&a, 90, out);
	CHECK_STR(out, "6.0");
	for (long i = 0; i < 64; i++) /* a wide range: the comparison sort */
		cpl_sample_add(&b, i % 2 ? 1000000 * i : -i);
	cpl_sample_median(&b, out);
	CHECK_STR(out, "500000.0"); /* 32 values -62..0 and 32 of 1e6..63e6: (0 + 1000000) / 2 */
	cpl_sample_release(&a);
	cpl_sample_release(&b);
}

/* Repeat subjects reach a year's cases by date received and their
 * allegations by subject through indexes alone, reading a subject's row
 * only for those who pass the threshold (every allegation, its case and
 * its subject's row were read for the complaints page: issue 25). */
TEST(test_repeat_subjects_read_the_years_cases_by_index)
{
	int pg = store_is_pg_uri(getenv("PROBITY_TEST_DB") ? getenv("PROBITY_TEST_DB") : "");
	static char text[8192];
	struct err e = { 0 };
	snprintf(text, sizeof text, "%s%s", pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ", COMPLAINTS_REPEAT_SQL);
	struct stmt *s;
	CHECK_INT(store_query(st, &s, &e, text, "tti", "2023-03-31", "2024-03-31", (int64_t)3), 0);
	char plan[8192];
	plan_read(s, pg, plan, sizeof plan, &e);
	CHECK(plan[0]);
	if (pg)
		return;
	CHECK_HAS(plan, "COVERING INDEX complaint_cases_received");
	CHECK_HAS(plan, "COVERING INDEX complaint_allegations_case_subject");
	CHECK(!strstr(plan, "SCAN a"));
}

TEST_MAIN(T(test_bulletin_matches_the_hand_worked_quarter),
          T(test_bulletin_rates_round_half_away_from_the_exact_quotient),
          T(test_open_over_12_months_on_29_february_looks_back_to_28_february),
          T(test_working_days_skip_weekends_and_bank_holidays),
          T(test_exact_rounding_without_floating_point),
          T(test_import_rerun_changes_nothing),
          T(test_import_errors_name_file_line_and_column_and_write_nothing),
          T(test_psd_reads_a_case_and_the_read_is_logged),
          T(test_a_subject_never_sees_a_case_about_them),
          T(test_the_subjects_line_manager_may_not_handle_the_case),
          T(test_roles_without_need_to_know_are_refused_and_logged),
          T(test_the_pcc_reads_a_case_only_while_reviewing_it),
          T(test_psd_decides_an_allegation_but_not_one_they_are_subject_of),
          T(test_reflective_practice_is_recorded_and_its_review_reminded),
          T(test_learning_recommendations_are_findings_without_a_response_clock),
          T(test_a_public_hearing_and_its_outcome_stay_28_days_then_go),
          T(test_disclosure_suppresses_small_cells_and_their_complement),
          T(test_the_published_bulletin_withholds_small_numbers),
          T(test_trends_by_quarter_area_and_route_with_disclosure_control),
          T(test_repeat_subjects_three_allegations_in_twelve_months), T(test_repeat_subjects_read_the_years_cases_by_index),
          T(test_psd_records_a_new_case_with_its_first_allegation),
          T(test_psd_adds_allegations_to_a_case_under_separation_of_duties),
          T(test_oversight_sees_anonymised_case_summaries_only),
          T(test_the_tables_checks_hold_again_after_an_import),
          T(test_quick_dates_and_medians_match_the_general_ones))
