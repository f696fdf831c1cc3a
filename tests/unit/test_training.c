/* test_training.c — the training compliance rule against hand-worked cases
 * (once-only, recurring, expired, joiners inside and outside their window,
 * month-end arithmetic, supervisors by line management, leavers excluded),
 * the imports (all-or-nothing, rerun), policy versions and acknowledgement,
 * attendance, and who may see what. Today is fixed at 2026-01-01. */
#include "test.h"
#include "fixture.h"
#include "core/buf.h"
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/training.h"
#include <string.h>

static struct actor ann, bob, psd, lead;

/* 1 Ann manages Bob (joined 2025-12-01) and Cat (left 2025-06-30); 6 Fay
 * manages only Gus, who left on 2025-01-01. */
__attribute__((constructor)) static void setup(void)
{
	setenv("PROBITY_TODAY", "2026-01-01", 1);
	fixture_open("training");
	static const char *const hr[] = {
		"1,Ann,Boss,officer,Inspector,Team A,,,2010-01-01,",
		"2,Bob,Joiner,staff,,Team A,,1,2025-12-01,",
		"3,Cat,Left,officer,PC,Team A,,1,2015-01-01,2025-06-30",
		"4,Dan,Helper,volunteer,,Team B,,,2020-01-01,",
		"5,Eve,Special,special,,Team B,,,2024-01-01,",
		"6,Fay,Former,officer,Sergeant,Team B,,,2010-01-01,",
		"7,Gus,Gone,officer,PC,Team B,,6,2010-01-01,2025-01-01",
		NULL,
	};
	fixture_people(hr);
	fixture_account("ann", "1", 0, &ann);
	fixture_account("bob", "2", 0, &bob);
	fixture_account("psd", NULL, ROLE_PSD, &psd);
	fixture_account("lead", NULL, ROLE_TRAINING, &lead);
}

static char path[128];

static int import_text(int (*fn)(struct store *, const char *, int, struct import_stats *, struct err *),
                       const char *text, int dry, struct import_stats *s, struct err *e)
{
	snprintf(path, sizeof path, "%s-in.csv", filebase);
	fixture_write_file(path, text);
	int r = fn(st, path, dry, s, e);
	unlink(path);
	return r;
}

static const char courses[] = TRAINING_COURSES_HEADER "\n"
                              "Code of Ethics induction,all,0,90\n"
                              "Integrity refresher,all,24,365\n"
                              "Abuse of position warning signs,supervisors,24,60\n"
                              "Officer safety,officers,12,30\n"
                              "Staff induction,staff,0,30\n";

static const char completions[] = TRAINING_IMPORT_HEADER "\n"
                                  "1,Code of Ethics induction,2010-02-01\n"
                                  "1,Integrity refresher,2023-06-15\n"
                                  "1,Abuse of position warning signs,2025-03-31\n"
                                  "2,Code of Ethics induction,2025-12-10\n"
                                  "4,Integrity refresher,2025-06-15\n"
                                  "5,Officer safety,2025-01-31\n"
                                  "3,Code of Ethics induction,2015-02-01\n";

static void load_catalogue(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	struct import_stats s;
	struct err e = { 0 };
	CHECK_INT(import_text(training_courses_import, courses, 0, &s, &e), 0);
	CHECK_INT(s.created, 5);
	CHECK_INT(import_text(training_import, completions, 0, &s, &e), 0);
	CHECK_INT(s.created, 7);
}

static void rule(int every, int within, const char *start, const char *last, const char *asof,
                 enum training_state want, const char *want_due)
{
	char due[11];
	enum training_state s = training_rule(every, within, start, last, asof, due);
	CHECK_STR(training_statuses[s].value, training_statuses[want].value);
	CHECK_STR(due, want_due);
}

TEST(test_add_months_keeps_day_or_takes_month_end)
{
	char out[11];
	date_format(training_add_months(date_days("2024-01-31"), 1), out);
	CHECK_STR(out, "2024-02-29");
	date_format(training_add_months(date_days("2023-01-31"), 1), out);
	CHECK_STR(out, "2023-02-28");
	date_format(training_add_months(date_days("2024-02-29"), 12), out);
	CHECK_STR(out, "2025-02-28");
	date_format(training_add_months(date_days("2025-03-31"), 1), out);
	CHECK_STR(out, "2025-04-30");
	date_format(training_add_months(date_days("2024-08-15"), 24), out);
	CHECK_STR(out, "2026-08-15");
	date_format(training_add_months(date_days("2025-11-30"), 3), out);
	CHECK_STR(out, "2026-02-28");
}

TEST(test_rule_hand_worked_cases)
{
	/* once only: complete for ever, no due date */
	rule(0, 90, "2010-01-01", "2010-02-01", "2026-01-01", TR_COMPLETE, "");
	/* recurring, inside its period */
	rule(24, 365, "2010-01-01", "2025-06-15", "2026-01-01", TR_COMPLETE, "2027-06-15");
	/* expired: due from the expiry, overdue */
	rule(24, 365, "2010-01-01", "2023-06-15", "2026-01-01", TR_OVERDUE, "2025-06-15");
	/* expires on the day itself: not after D, so due (not overdue) */
	rule(24, 365, "2010-01-01", "2024-01-01", "2026-01-01", TR_DUE, "2026-01-01");
	/* a joiner inside the window, on its last day, and outside it */
	rule(0, 90, "2025-12-01", "", "2026-01-01", TR_DUE, "2026-03-01");
	rule(0, 31, "2025-12-01", "", "2026-01-01", TR_DUE, "2026-01-01");
	rule(0, 30, "2025-12-01", "", "2026-01-01", TR_OVERDUE, "2025-12-31");
	/* month end: 29 February plus 12 months is 28 February */
	rule(12, 30, "2010-01-01", "2024-02-29", "2025-02-27", TR_COMPLETE, "2025-02-28");
	rule(12, 30, "2010-01-01", "2024-02-29", "2025-02-28", TR_DUE, "2025-02-28");
	rule(12, 30, "2010-01-01", "2024-02-29", "2025-03-01", TR_OVERDUE, "2025-02-28");
}

TEST(test_compliance_csv_exact)
{
	load_catalogue();
	struct buf b;
	buf_init(&b, 0);
	struct err e = { 0 };
	CHECK_INT(training_compliance_csv(st, &psd, "2026-01-01", &b, &e), 0);
	/* Cat (left) and Gus (left) have no rows; Fay manages only a leaver, so
	 * no abuse-of-position course; Ann manages Bob, so she has it. */
	CHECK_STR(buf_str(&b), "\xEF\xBB\xBF" TRAINING_COMPLIANCE_HEADER "\n"
	                       "1,Code of Ethics induction,complete,\n"
	                       "1,Integrity refresher,overdue,2025-06-15\n"
	                       "1,Abuse of position warning signs,complete,2027-03-31\n"
	                       "1,Officer safety,overdue,2010-01-31\n"
	                       "2,Code of Ethics induction,complete,\n"
	                       "2,Integrity refresher,due,2026-12-01\n"
	                       "2,Staff induction,overdue,2025-12-31\n"
	                       "4,Code of Ethics induction,overdue,2020-03-31\n"
	                       "4,Integrity refresher,complete,2027-06-15\n"
	                       "5,Code of Ethics induction,overdue,2024-03-31\n"
	                       "5,Integrity refresher,overdue,2024-12-31\n"
	                       "5,Officer safety,complete,2026-01-31\n"
	                       "6,Code of Ethics induction,overdue,2010-04-01\n"
	                       "6,Integrity refresher,overdue,2011-01-01\n"
	                       "6,Officer safety,overdue,2010-01-31\n");
	buf_release(&b);
}

TEST(test_compliance_as_of_past_date)
{
	load_catalogue();
	struct buf b;
	buf_init(&b, 0);
	struct err e = { 0 };
	/* On 2024-06-01 Cat and Gus were in post (Fay a supervisor through Gus),
	 * Bob had not started, and Ann's abuse-of-position course was never done:
	 * start + 60 days. Completions after the day do not count. */
	CHECK_INT(training_compliance_csv(st, &psd, "2024-06-01", &b, &e), 0);
	CHECK_HAS(buf_str(&b), "\n1,Abuse of position warning signs,overdue,2010-03-02\n");
	CHECK_HAS(buf_str(&b), "\n1,Integrity refresher,complete,2025-06-15\n");
	CHECK_HAS(buf_str(&b), "\n3,Code of Ethics induction,complete,\n");
	CHECK_HAS(buf_str(&b), "\n6,Abuse of position warning signs,overdue,2010-03-02\n");
	CHECK_HAS(buf_str(&b), "\n7,Officer safety,overdue,2010-01-31\n");
	CHECK(!strstr(buf_str(&b), "\n2,"));
	CHECK_HAS(buf_str(&b), "\n4,Integrity refresher,overdue,2020-12-31\n");
	buf_release(&b);
	CHECK((training_compliance_csv(st, &psd, "2024-02-30", &b, &e)) != 0);
	CHECK_INT(e.code, ERR_INPUT);
}

static int count_row(void *ctx, const struct training_row *r)
{
	(void)r;
	++*(long *)ctx;
	return 0;
}

static int64_t log_count(const char *action, const char *type, const char *outcome)
{
	int64_t n = 0;
	store_int(st, NULL, &n, "SELECT COUNT(*) FROM access_log WHERE action = ? AND object_type = ? AND outcome = ?",
	          "ttt", action, type, outcome);
	return n;
}

TEST(test_need_to_know)
{
	load_catalogue();
	struct err e = { 0 };
	long n = 0, total = 0;
	struct training_filter f = { .page = 1 };
	int64_t refused = log_count("view", "training_compliance", "refused");
	/* Bob, a member of staff, cannot see the force or a team */
	CHECK((training_list(st, &bob, TR_FORCE, &f, count_row, &n, &total, &e)) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK((training_list(st, &bob, TR_TEAM, &f, count_row, &n, &total, &e)) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(log_count("view", "training_compliance", "refused"), refused + 2);
	CHECK_INT(n, 0);
	/* his own: three courses */
	CHECK_INT(training_list(st, &bob, TR_OWN, &f, count_row, &n, &total, &e), 0);
	CHECK_INT(n, 3);
	/* Ann's team is Bob (Cat has left) */
	n = 0;
	CHECK_INT(training_list(st, &ann, TR_TEAM, &f, count_row, &n, &total, &e), 0);
	CHECK_INT(n, 3);
	/* the training lead and PSD see the force; the list is logged */
	int64_t lists = log_count("list", "training_compliance", "ok");
	n = 0;
	CHECK_INT(training_list(st, &lead, TR_FORCE, &f, count_row, &n, &total, &e), 0);
	CHECK_INT(n, 15);
	CHECK_INT(log_count("list", "training_compliance", "ok"), lists + 1);
}

TEST(test_supervisor_overdue_indicator)
{
	load_catalogue();
	struct err e = { 0 };
	long n = -1;
	int64_t ann_id = 0, fay_id = 0;
	store_int(st, NULL, &ann_id, "SELECT id FROM people WHERE staff_number = '1'", "");
	store_int(st, NULL, &fay_id, "SELECT id FROM people WHERE staff_number = '6'", "");
	/* Ann did the abuse-of-position course in March 2025: not overdue now */
	CHECK_INT(training_overdue_count(st, ann_id, "2026-01-01", TR_APPLIES_SUPERVISORS, &n, &e), 0);
	CHECK_INT(n, 0);
	/* ... but she was in 2024, before she did it */
	CHECK_INT(training_overdue_count(st, ann_id, "2024-06-01", TR_APPLIES_SUPERVISORS, &n, &e), 0);
	CHECK_INT(n, 1);
	/* Fay supervised Gus until he left: overdue then, not a supervisor now */
	CHECK_INT(training_overdue_count(st, fay_id, "2024-06-01", TR_APPLIES_SUPERVISORS, &n, &e), 0);
	CHECK_INT(n, 1);
	CHECK_INT(training_overdue_count(st, fay_id, "2026-01-01", TR_APPLIES_SUPERVISORS, &n, &e), 0);
	CHECK_INT(n, 0);
	CHECK_INT(training_overdue_count(st, fay_id, "2026-01-01", -1, &n, &e), 0);
	CHECK_INT(n, 3);
}

TEST(test_filters_and_paging)
{
	load_catalogue();
	struct err e = { 0 };
	long n = 0, total = 0;
	struct training_filter f = { .status = "overdue", .page = 1 };
	CHECK_INT(training_list(st, &psd, TR_FORCE, &f, count_row, &n, &total, &e), 0);
	CHECK_INT(total, 9);
	f = (struct training_filter){ .status = "outstanding", .page = 1 };
	CHECK_INT(training_list(st, &psd, TR_FORCE, &f, count_row, &n, &total, &e), 0);
	CHECK_INT(total, 10);
	/* joiners past their window: never completed and overdue from the start */
	f = (struct training_filter){ .joiners = 1, .page = 2, .per_page = 3 };
	n = 0;
	CHECK_INT(training_list(st, &psd, TR_FORCE, &f, count_row, &n, &total, &e), 0);
	CHECK_INT(total, 8);
	CHECK_INT(n, 3);
	/* a unit includes its sub-units */
	int64_t a = 0, b = 0;
	store_int(st, NULL, &a, "SELECT id FROM units WHERE name = 'Team A'", "");
	store_int(st, NULL, &b, "SELECT id FROM units WHERE name = 'Team B'", "");
	f = (struct training_filter){ .unit_id = a, .page = 1 };
	CHECK_INT(training_list(st, &psd, TR_FORCE, &f, count_row, &n, &total, &e), 0);
	CHECK_INT(total, 7);
	store_exec(st, NULL, "UPDATE units SET parent_id = ? WHERE id = ?", "ii", a, b);
	CHECK_INT(training_list(st, &psd, TR_FORCE, &f, count_row, &n, &total, &e), 0);
	CHECK_INT(total, 15);
	store_exec(st, NULL, "UPDATE units SET parent_id = NULL WHERE id = ?", "i", b);
	f = (struct training_filter){ .status = "late", .page = 1 };
	CHECK((training_list(st, &psd, TR_FORCE, &f, count_row, &n, &total, &e)) != 0);
	CHECK_INT(e.code, ERR_INPUT);
}

TEST(test_imports_all_or_nothing_and_rerun)
{
	load_catalogue();
	struct import_stats s;
	struct err e = { 0 };
	/* rerun: nothing changes */
	CHECK_INT(import_text(training_import, completions, 0, &s, &e), 0);
	CHECK_INT(s.created, 0);
	CHECK_INT(s.unchanged, 7);
	CHECK_INT(import_text(training_courses_import, courses, 0, &s, &e), 0);
	CHECK_INT(s.created + s.updated, 0);
	/* a bad row rejects the file, naming line and column */
	int64_t before = 0, after = 0;
	store_int(st, NULL, &before, "SELECT COUNT(*) FROM training_completions", "");
	CHECK((import_text(training_import,
	                      TRAINING_IMPORT_HEADER "\n2,Integrity refresher,2025-12-20\n9,Integrity refresher,2025-12-20\n",
	                      0, &s, &e)) != 0);
	CHECK_HAS(e.msg, ":3: staff_number: no person with staff number 9");
	CHECK((import_text(training_import, TRAINING_IMPORT_HEADER "\n2,Integrity refresher,2026-01-02\n", 0, &s, &e)) != 0);
	CHECK_HAS(e.msg, ":2: completed: 2026-01-02 is in the future");
	CHECK((import_text(training_import, TRAINING_IMPORT_HEADER "\n2,Knitting,2025-01-02\n", 0, &s, &e)) != 0);
	CHECK_HAS(e.msg, ":2: course:");
	store_int(st, NULL, &after, "SELECT COUNT(*) FROM training_completions", "");
	CHECK_INT(after, before);
	/* dry run counts but writes nothing */
	CHECK_INT(import_text(training_import, TRAINING_IMPORT_HEADER "\n2,Integrity refresher,2025-12-20\n", 1, &s, &e),
	          0);
	CHECK_INT(s.created, 1);
	store_int(st, NULL, &after, "SELECT COUNT(*) FROM training_completions", "");
	CHECK_INT(after, before);
	CHECK((import_text(training_courses_import, TRAINING_COURSES_HEADER "\nA,all,0,1\nB,everyone,0,1\n", 0, &s, &e)) != 0);
	CHECK_HAS(e.msg, ":3: applies_to:");
	CHECK((import_text(training_courses_import, TRAINING_COURSES_HEADER "\nA,all,x,1\n", 0, &s, &e)) != 0);
	CHECK_HAS(e.msg, ":2: every_months:");
	CHECK((import_text(training_courses_import, "course,applies,every_months,within_days_of_start\n", 0, &s, &e)) != 0);
	int64_t ncourses = 0;
	store_int(st, NULL, &ncourses, "SELECT COUNT(*) FROM training_courses", "");
	CHECK_INT(ncourses, 5);
}

struct pol {
	int n;
	int64_t version_id[8];
	int state[8];
	char version[8][32];
};

static int pol_row(void *ctx, const struct policy_status *p)
{
	struct pol *x = ctx;
	if (x->n < 8) {
		x->version_id[x->n] = p->version_id;
		x->state[x->n] = p->state;
		snprintf(x->version[x->n], sizeof x->version[0], "%s", p->version);
		x->n++;
	}
	return 0;
}

static int pol_count(void *ctx, const struct policy_row *r)
{
	(void)r;
	++*(long *)ctx;
	return 0;
}

TEST(test_policy_new_version_asks_again)
{
	load_catalogue();
	struct import_stats s;
	struct err e = { 0 };
	CHECK_INT(import_text(training_policies_import,
	                      TRAINING_POLICIES_HEADER "\nSocial media,1,2025-01-01,all,First\n"
	                                               "Abuse of position,1,2025-01-01,supervisors,\n", 0, &s, &e), 0);
	CHECK_INT(s.created, 2);
	struct pol p = { 0 };
	/* Bob is not a supervisor: one policy, overdue 28 days after his start */
	CHECK_INT(policy_mine(st, &bob, pol_row, &p, &e), 0);
	CHECK_INT(p.n, 1);
	CHECK_INT(p.state[0], POL_OVERDUE);
	CHECK_INT(policy_acknowledge(st, &bob, p.version_id[0], &e), 0);
	CHECK_INT(policy_acknowledge(st, &bob, p.version_id[0], &e), 0); /* twice is once */
	int64_t acks = 0;
	store_int(st, NULL, &acks, "SELECT COUNT(*) FROM policy_acknowledgements", "");
	CHECK_INT(acks, 1);
	int64_t v1 = p.version_id[0];
	/* the supervisors' policy does not apply to Bob: refused */
	int64_t sup_v = 0;
	store_int(st, NULL, &sup_v, "SELECT v.id FROM policy_versions v JOIN policies p ON p.id = v.policy_id "
	          "WHERE p.name = 'Abuse of position'", "");
	CHECK((policy_acknowledge(st, &bob, sup_v, &e)) != 0);
	CHECK_INT(e.code, ERR_NOTFOUND);
	memset(&p, 0, sizeof p);
	CHECK_INT(policy_mine(st, &bob, pol_row, &p, &e), 0);
	CHECK_INT(p.state[0], POL_ACKNOWLEDGED);
	/* version 2: asked again; version 1 can no longer be acknowledged */
	CHECK_INT(import_text(training_policies_import,
	                      TRAINING_POLICIES_HEADER "\nSocial media,2,2025-12-20,all,Second\n", 0, &s, &e), 0);
	memset(&p, 0, sizeof p);
	CHECK_INT(policy_mine(st, &bob, pol_row, &p, &e), 0);
	CHECK_STR(p.version[0], "2");
	CHECK_INT(p.state[0], POL_DUE);
	CHECK((policy_acknowledge(st, &ann, v1, &e)) != 0);
	long due = 0, overdue = 0;
	CHECK_INT(training_own_counts(st, &bob, &due, &overdue, &e), 0);
	CHECK_INT(due, 2);     /* integrity refresher, social media v2 */
	CHECK_INT(overdue, 1); /* staff induction */
	CHECK_INT(policy_acknowledge(st, &bob, p.version_id[0], &e), 0);
	memset(&p, 0, sizeof p);
	CHECK_INT(policy_mine(st, &bob, pol_row, &p, &e), 0);
	CHECK_INT(p.state[0], POL_ACKNOWLEDGED);
	/* the force's list: who has not acknowledged; staff may not see it */
	long n = 0, total = 0;
	struct policy_filter pf = { .status = "outstanding", .page = 1 };
	CHECK((policy_list(st, &bob, &pf, pol_count, &n, &total, &e)) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(policy_list(st, &psd, &pf, pol_count, &n, &total, &e), 0);
	/* social media v2: Ann, Dan, Eve, Fay (Bob acknowledged); abuse of position: Ann */
	CHECK_INT(total, 5);
	pf = (struct policy_filter){ .status = "acknowledged", .page = 1 };
	CHECK_INT(policy_list(st, &psd, &pf, pol_count, &n, &total, &e), 0);
	CHECK_INT(total, 1);
	/* Ann, a supervisor, has both: version 2 due, the other overdue */
	memset(&p, 0, sizeof p);
	CHECK_INT(policy_mine(st, &ann, pol_row, &p, &e), 0);
	CHECK_INT(p.n, 2);
	CHECK_INT(p.state[0], POL_DUE);
	CHECK_INT(p.state[1], POL_OVERDUE);
}

TEST(test_attendance)
{
	load_catalogue();
	struct err e = { 0 };
	struct errlist errs = { 0 };
	long n = 0;
	int64_t coe = 0;
	store_int(st, NULL, &coe, "SELECT id FROM training_courses WHERE name = 'Code of Ethics induction'", "");
	CHECK((training_record_attendance(st, &bob, coe, "2025-12-20", "1", &n, &errs, &e)) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK((training_record_attendance(st, &lead, coe, "2025-12-20", "1, 4\n99", &n, &errs, &e)) != 0);
	CHECK_STR(errlist_get(&errs, "staff_numbers"), "No person has the staff number 99");
	int64_t c = 0;
	store_int(st, NULL, &c, "SELECT COUNT(*) FROM training_completions WHERE completed_on = '2025-12-20'", "");
	CHECK_INT(c, 0);
	errs.n = 0;
	CHECK_INT(training_record_attendance(st, &lead, coe, "2025-12-20", "1, 4\n5", &n, &errs, &e), 0);
	CHECK_INT(n, 3);
	CHECK_INT(training_record_attendance(st, &lead, coe, "2025-12-20", "4", &n, &errs, &e), 0);
	CHECK_INT(n, 0);
	CHECK((training_record_attendance(st, &lead, coe, "2026-01-05", "4", &n, &errs, &e)) != 0);
	CHECK(errlist_get(&errs, "date") != NULL);
	/* Dan's Code of Ethics is now complete */
	struct buf b;
	buf_init(&b, 0);
	CHECK_INT(training_compliance_csv(st, &psd, "", &b, &e), 0);
	CHECK_HAS(buf_str(&b), "\n4,Code of Ethics induction,complete,\n");
	buf_release(&b);
}

struct pubs {
	int n, shown;
	int percent;
};

static int pub_row(void *ctx, const struct training_published *p)
{
	struct pubs *x = ctx;
	x->n++;
	x->shown += p->shown;
	if (p->shown)
		x->percent = p->percent;
	return 0;
}

TEST(test_published_share_disclosure_control)
{
	load_catalogue();
	struct err e = { 0 };
	store_exec(st, NULL, "UPDATE units SET kind = 'directorate' WHERE name = 'Team B'", "");
	struct pubs x = { 0 };
	/* Team B has three people: under k = 10, so every share is withheld */
	CHECK_INT(training_published(st, &bob, "2026-01-01", pub_row, &x, &e), 0);
	CHECK_INT(x.n, 2);
	CHECK_INT(x.shown, 0);
	store_exec(st, NULL, "INSERT INTO config(key, value) VALUES('disclosure.k', '1') "
	           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", "");
	memset(&x, 0, sizeof x);
	CHECK_INT(training_published(st, &bob, "2026-01-01", pub_row, &x, &e), 0);
	CHECK_INT(x.shown, 2);
	CHECK_INT(x.percent, 33); /* integrity refresher: Dan of Dan, Eve, Fay */
	store_exec(st, NULL, "UPDATE config SET value = '10' WHERE key = 'disclosure.k'", "");
	store_exec(st, NULL, "UPDATE units SET kind = 'team' WHERE name = 'Team B'", "");
}

TEST_MAIN(T(test_add_months_keeps_day_or_takes_month_end), T(test_rule_hand_worked_cases), T(test_compliance_csv_exact),
          T(test_compliance_as_of_past_date), T(test_need_to_know), T(test_supervisor_overdue_indicator), T(test_filters_and_paging),
          T(test_imports_all_or_nothing_and_rerun), T(test_policy_new_version_asks_again), T(test_attendance),
          T(test_published_share_disclosure_control))
