/* Unit tests for business interests: validation, the workflow (recommend,
 * decide, appeal, review, end), need-to-know allowed and refused with
 * access-log rows, double submission, figures, and the importer. */
#include "test.h"
#include "fixture.h"
#include "core/date.h"
#include "core/err.h"
#include "domain/accesslog.h"
#include "domain/auth.h"
#include "domain/interests.h"
#include "domain/people.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct actor staff, manager, other, psd, dcc, admin;

__attribute__((constructor)) static void setup(void)
{
	fixture_open("interests");
	static const char *const hr[] = {
		"1,Ann,Boss,officer,Inspector,Team,,,2010-01-01,",
		"2,Bob,Staff,officer,Constable,Team,,1,2015-01-01,",
		"3,Cat,Other,staff,Grade C,Elsewhere,,,2016-01-01,",
		"4,Dan,Psd,staff,Grade E,PSD,,,2016-01-01,",
		"5,Eve,Deputy,officer,Deputy Chief Constable,Chief Officers,,,2000-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("boss", "1", 0, &manager);
	fixture_account("bob", "2", 0, &staff);
	fixture_account("cat", "3", 0, &other);
	fixture_account("dan", "4", ROLE_PSD, &psd);
	fixture_account("eve", "5", ROLE_DCC, &dcc);
	fixture_account("root", NULL, ROLE_ADMIN, &admin);
}

static struct interest_input good(void)
{
	struct interest_input in = { 0 };
	in.kind = "second_job";
	in.organisation = "Northgate Leisure Centre";
	in.description = "Fitness instructor";
	in.hours_per_week = "4";
	in.start_date = "2025-06-01";
	in.conflict = "None: no police information involved";
	return in;
}

static int64_t apply_one(void)
{
	struct interest_input in = good();
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	CHECK_INT(interest_apply(st, &staff, &in, &id, &l, &e), 0);
	return id;
}

static long log_count(const char *action, const char *outcome)
{
	int64_t n = 0;
	struct err e;
	store_int(st, &e, &n,
	          "SELECT COUNT(*) FROM access_log WHERE object_type = 'business_interest' AND action = ? AND outcome = ?",
	          "tt", action, outcome);
	return (long)n;
}

TEST(validation_lists_every_problem)
{
	struct interest_input in = { 0 };
	in.kind = "bribery";
	in.hours_per_week = "200";
	in.start_date = "2025-02-30";
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	CHECK_INT(interest_apply(st, &staff, &in, &id, &l, &e), ERR_INPUT);
	CHECK(errlist_get(&l, "kind") != NULL);
	CHECK(errlist_get(&l, "organisation") != NULL);
	CHECK(errlist_get(&l, "description") != NULL);
	CHECK(errlist_get(&l, "hours_per_week") != NULL);
	CHECK(errlist_get(&l, "start_date") != NULL);
	CHECK(errlist_get(&l, "conflict") != NULL);
	CHECK_INT(id, 0);
}

TEST(double_submission_makes_one_record)
{
	struct interest_input in = good();
	in.submit_key = "key-interest-1";
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t a = 0, b = 0, n0 = 0, n1 = 0;
	store_int(st, &e, &n0, "SELECT COUNT(*) FROM business_interests", "");
	CHECK_INT(interest_apply(st, &staff, &in, &a, &l, &e), 0);
	CHECK_INT(interest_apply(st, &staff, &in, &b, &l, &e), 0);
	store_int(st, &e, &n1, "SELECT COUNT(*) FROM business_interests", "");
	CHECK_INT(a, b);
	CHECK_INT(n1 - n0, 1);
}

TEST(need_to_know_allowed_and_refused)
{
	int64_t id = apply_one();
	struct interest it;
	struct err e = { 0 };
	long refused0 = log_count("view", "refused"), ok0 = log_count("view", "ok");
	CHECK_INT(interest_get(st, &staff, id, &it, &e), 0);     /* own */
	CHECK_STR(it.organisation, "Northgate Leisure Centre");
	CHECK_INT(interest_get(st, &manager, id, &it, &e), 0);   /* line manager */
	CHECK_INT(interest_get(st, &psd, id, &it, &e), 0);
	CHECK_INT(interest_get(st, &dcc, id, &it, &e), 0);
	CHECK_INT(interest_get(st, &admin, id, &it, &e), 0);
	CHECK_INT(log_count("view", "ok") - ok0, 5);             /* own views are logged too (issue 13) */
	CHECK_INT(interest_get(st, &other, id, &it, &e), ERR_DENIED);
	CHECK_STR(it.organisation, "");                          /* nothing leaks */
	CHECK_INT(log_count("view", "refused") - refused0, 1);
	/* Lists: the register is PSD/DCC/admin only. */
	struct interest_filter f = { 0 };
	long total = 0;
	CHECK_INT(interests_list(st, &other, INTERESTS_REGISTER, &f, NULL, NULL, &total, &e), ERR_DENIED);
	CHECK_INT(interests_list(st, &staff, INTERESTS_REVIEWS, &f, NULL, NULL, &total, &e), ERR_DENIED);
	struct buf b;
	buf_init(&b, 0);
	CHECK(interests_export_csv(st, &manager, &f, &b, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(interests_export_csv(st, &dcc, &f, &b, &e), 0);
	CHECK_HAS(buf_str(&b), "reference,staff_number,name");
	CHECK_HAS(buf_str(&b), "Northgate Leisure Centre");
	buf_release(&b);
	struct interest_figures fig;
	CHECK_INT(interests_figures(st, &staff, "", "", &fig, &e), ERR_DENIED);
}

static int count_row(void *ctx, const struct interest *it)
{
	(void)it;
	(*(int *)ctx)++;
	return 0;
}

TEST(workflow_recommend_decide_appeal_overturn)
{
	int64_t id = apply_one();
	struct interest it;
	struct errlist l = { 0 };
	struct err e = { 0 };
	interest_get(st, &staff, id, &it, &e);
	CHECK_STR(it.status, "applied");
	/* In the manager's queue, not in another's. */
	struct interest_filter f = { 0 };
	long total = 0;
	int n = 0;
	CHECK_INT(interests_list(st, &manager, INTERESTS_AWAITING, &f, count_row, &n, &total, &e), 0);
	CHECK(total >= 1);
	n = 0;
	CHECK_INT(interests_list(st, &other, INTERESTS_AWAITING, &f, count_row, &n, &total, &e), 0);
	CHECK_INT(total, 0);
	/* Only the line manager recommends; PSD cannot decide out of turn. */
	CHECK_INT(interest_recommend(st, &other, id, "support", "", &l, &e), ERR_DENIED);
	CHECK_INT(interest_decide(st, &psd, id, "approved", "", "", &l, &e), ERR_CONFLICT);
	CHECK_INT(interest_recommend(st, &manager, id, "do_not_support", "", &l, &e), ERR_INPUT);
	CHECK(errlist_get(&l, "manager_comment") != NULL);
	memset(&l, 0, sizeof l);
	CHECK_INT(interest_recommend(st, &manager, id, "support", "Fine", &l, &e), 0);
	/* PSD decides; a refusal needs a reason; the manager cannot decide. */
	CHECK_INT(interest_decide(st, &manager, id, "approved", "", "", &l, &e), ERR_DENIED);
	CHECK_INT(interest_decide(st, &psd, id, "refused", "", "", &l, &e), ERR_INPUT);
	CHECK(errlist_get(&l, "reason") != NULL);
	memset(&l, 0, sizeof l);
	CHECK_INT(interest_decide(st, &psd, id, "refused", "", "Night-time economy conflict", &l, &e), 0);
	interest_get(st, &staff, id, &it, &e);
	CHECK_STR(it.status, "refused");
	CHECK_STR(it.review_date, "");
	/* Appeal: only the applicant, once, with grounds; only the DCC decides. */
	CHECK_INT(interest_appeal(st, &manager, id, "Unfair", &l, &e), ERR_DENIED);
	CHECK_INT(interest_appeal(st, &staff, id, "", &l, &e), ERR_INPUT);
	memset(&l, 0, sizeof l);
	CHECK_INT(interest_appeal(st, &staff, id, "The hours are small", &l, &e), 0);
	CHECK_INT(interest_appeal(st, &staff, id, "Again", &l, &e), ERR_CONFLICT);
	CHECK_INT(interest_appeal_decide(st, &psd, id, "overturned", "x", &l, &e), ERR_DENIED);
	n = 0;
	CHECK_INT(interests_list(st, &dcc, INTERESTS_AWAITING, &f, count_row, &n, &total, &e), 0);
	CHECK(total >= 1);
	CHECK_INT(interest_appeal_decide(st, &dcc, id, "overturned", "", &l, &e), ERR_INPUT);
	memset(&l, 0, sizeof l);
	CHECK_INT(interest_appeal_decide(st, &dcc, id, "overturned", "Compatible with conditions of hours", &l, &e), 0);
	interest_get(st, &staff, id, &it, &e);
	CHECK_STR(it.status, "approved");
	CHECK_STR(it.appeal_status, "overturned");
	CHECK(it.review_date[0] != 0);
	CHECK(log_count("appeal_decide", "ok") >= 1);
	CHECK(log_count("appeal_decide", "refused") >= 1);
}

TEST(conditions_review_and_end)
{
	int64_t id = apply_one();
	struct interest it;
	struct errlist l = { 0 };
	struct err e = { 0 };
	CHECK_INT(interest_recommend(st, &manager, id, "support", "", &l, &e), 0);
	CHECK_INT(interest_decide(st, &psd, id, "approved_with_conditions", "", "", &l, &e), ERR_INPUT);
	CHECK(errlist_get(&l, "conditions") != NULL);
	memset(&l, 0, sizeof l);
	CHECK_INT(interest_decide(st, &psd, id, "approved_with_conditions", "Not on duty days", "", &l, &e), 0);
	interest_get(st, &psd, id, &it, &e);
	CHECK_STR(it.status, "approved_with_conditions");
	char today[11], year[11];
	date_today(today);
	interests_add_months(today, 12, year);
	CHECK_STR(it.review_date, year);
	/* Appeal of the conditions, upheld. */
	CHECK_INT(interest_appeal(st, &staff, id, "Too strict", &l, &e), 0);
	CHECK_STR((interest_get(st, &staff, id, &it, &e), it.appeal_of), "conditions");
	CHECK_INT(interest_review(st, &psd, id, "confirmed", "", "", &l, &e), ERR_CONFLICT); /* appeal pending */
	CHECK_INT(interest_appeal_decide(st, &dcc, id, "upheld", "Proportionate", &l, &e), 0);
	interest_get(st, &staff, id, &it, &e);
	CHECK_STR(it.status, "approved_with_conditions");
	CHECK_STR(it.conditions, "Not on duty days");
	/* Review: not by the holder's manager; change conditions; withdraw needs a note. */
	CHECK_INT(interest_review(st, &manager, id, "confirmed", "", "", &l, &e), ERR_DENIED);
	CHECK_INT(interest_review(st, &psd, id, "conditions_changed", "At most 8 hours a week", "", &l, &e), 0);
	interest_get(st, &psd, id, &it, &e);
	CHECK_STR(it.conditions, "At most 8 hours a week");
	CHECK_INT(interest_review(st, &psd, id, "withdrawn", "", "", &l, &e), ERR_INPUT);
	memset(&l, 0, sizeof l);
	/* The holder ends it; nobody else can; it cannot be ended twice. */
	CHECK_INT(interest_end(st, &manager, id, "", "", &l, &e), ERR_DENIED);
	CHECK_INT(interest_end(st, &staff, id, "2999-01-01", "", &l, &e), ERR_INPUT);
	memset(&l, 0, sizeof l);
	CHECK_INT(interest_end(st, &staff, id, "", "Stopped", &l, &e), 0);
	interest_get(st, &staff, id, &it, &e);
	CHECK_STR(it.status, "ended");
	CHECK_STR(it.end_date, today);
	CHECK_STR(it.review_date, "");
	CHECK_INT(interest_end(st, &staff, id, "", "", &l, &e), ERR_CONFLICT);
}

TEST(reviews_due_lists_overdue)
{
	int64_t id = apply_one();
	struct errlist l = { 0 };
	struct err e = { 0 };
	interest_recommend(st, &manager, id, "support", "", &l, &e);
	interest_decide(st, &psd, id, "approved", "", "", &l, &e);
	store_exec(st, &e, "UPDATE business_interests SET review_date = '2020-01-01' WHERE id = ?", "i", id);
	struct interest_filter f = { 0 };
	long total = 0;
	int n = 0;
	CHECK_INT(interests_list(st, &psd, INTERESTS_REVIEWS, &f, count_row, &n, &total, &e), 0);
	CHECK(total >= 1);
	CHECK_INT(interest_review(st, &psd, id, "confirmed", "", "", &l, &e), 0);
	struct interest it;
	interest_get(st, &psd, id, &it, &e);
	CHECK(strcmp(it.review_date, "2020-01-01") > 0);
	int64_t reviews = 0;
	store_int(st, &e, &reviews, "SELECT COUNT(*) FROM interest_reviews WHERE interest_id = ?", "i", id);
	CHECK_INT(reviews, 1);
}

TEST(figures_count_by_period)
{
	struct interest_figures all, none;
	struct err e = { 0 };
	CHECK_INT(interests_figures(st, &psd, "", "", &all, &e), 0);
	CHECK(all.applications >= 4);
	CHECK(all.refused >= 1);
	CHECK(all.appealed >= 2);
	CHECK(all.overturned >= 1);
	CHECK(all.upheld >= 1);
	CHECK_INT(interests_figures(st, &psd, "2000-01-01", "2000-12-31", &none, &e), 0);
	CHECK_INT(none.applications, 0);
}

TEST(import_all_or_nothing_and_rerunnable)
{
	char path[80];
	snprintf(path, sizeof path, "/tmp/probity-test-interests-%d.csv", (int)getpid());
	struct import_stats s;
	struct err e = { 0 };
	int64_t n0 = 0, n1 = 0;
	store_int(st, &e, &n0, "SELECT COUNT(*) FROM business_interests", "");
	fixture_write_file(path, INTERESTS_IMPORT_HEADER "\n3,property_letting,Flat 1,Letting,2020-05-01,approved\n"
	                                         "3,bad_kind,X,Y,2020-05-01,approved\n");
	CHECK(interests_import(st, path, 0, &s, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK_HAS(e.msg, ":3: kind:");
	store_int(st, &e, &n1, "SELECT COUNT(*) FROM business_interests", "");
	CHECK_INT(n1, n0);
	fixture_write_file(path, INTERESTS_IMPORT_HEADER "\n3,property_letting,Flat 1,Letting,2020-05-01,approved\n"
	                                         "3,voluntary,Food bank,Helper,2021-01-01,ended\n");
	CHECK_INT(interests_import(st, path, 1, &s, &e), 0); /* dry run */
	CHECK_INT(s.created, 2);
	store_int(st, &e, &n1, "SELECT COUNT(*) FROM business_interests", "");
	CHECK_INT(n1, n0);
	CHECK_INT(interests_import(st, path, 0, &s, &e), 0);
	CHECK_INT(s.created, 2);
	CHECK_INT(interests_import(st, path, 0, &s, &e), 0);
	CHECK_INT(s.created, 0);
	CHECK_INT(s.unchanged, 2);
	store_int(st, &e, &n1, "SELECT COUNT(*) FROM business_interests", "");
	CHECK_INT(n1, n0 + 2);
	char review[11];
	store_text(st, &e, review, sizeof review,
	           "SELECT review_date FROM business_interests WHERE organisation = 'Flat 1'", "");
	char today[11];
	date_today(today);
	CHECK(strcmp(review, today) >= 0);
	CHECK_HAS(review, "-05-01");
	fixture_write_file(path, "staff_number,kind\n3,voluntary\n");
	CHECK(interests_import(st, path, 0, &s, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK_HAS(e.msg, ":1: header");
	fixture_write_file(path, INTERESTS_IMPORT_HEADER "\n99,voluntary,X,Y,2021-01-01,approved\n");
	CHECK(interests_import(st, path, 0, &s, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK_HAS(e.msg, ":2: staff_number:");
	unlink(path);
}

TEST(add_months_clamps)
{
	char out[11];
	interests_add_months("2024-01-31", 1, out);
	CHECK_STR(out, "2024-02-29");
	interests_add_months("2025-03-15", -12, out);
	CHECK_STR(out, "2024-03-15");
	interests_add_months("2025-11-30", 3, out);
	CHECK_STR(out, "2026-02-28");
}

static int count_review(void *ctx, const struct interest_review_row *r)
{
	CHECK(r->reviewed_at[0] != 0);
	(*(int *)ctx)++;
	return 0;
}

/* The step a page offers is the step the action accepts: each actor is
 * offered exactly the one its POST would pass, and nobody acts on their own
 * interest except to appeal. */
TEST(next_step_matches_who_may_act)
{
	int64_t id = apply_one();
	struct interest it;
	struct errlist l = { 0 };
	struct err e = { 0 };
	interest_get(st, &psd, id, &it, &e);
	CHECK_INT(interest_next_step(st, &manager, &it), INTEREST_STEP_RECOMMEND);
	CHECK_INT(interest_next_step(st, &other, &it), INTEREST_STEP_NONE);
	CHECK_INT(interest_next_step(st, &psd, &it), INTEREST_STEP_NONE);
	CHECK_INT(interest_next_step(st, &staff, &it), INTEREST_STEP_NONE);
	CHECK_INT(interest_recommend(st, &manager, id, "support", "", &l, &e), 0);
	interest_get(st, &psd, id, &it, &e);
	CHECK_INT(interest_next_step(st, &manager, &it), INTEREST_STEP_NONE);
	CHECK_INT(interest_next_step(st, &psd, &it), INTEREST_STEP_DECIDE);
	CHECK_INT(interest_decide(st, &psd, id, "refused", "", "Conflict", &l, &e), 0);
	interest_get(st, &psd, id, &it, &e);
	CHECK_INT(interest_next_step(st, &staff, &it), INTEREST_STEP_APPEAL);
	CHECK_INT(interest_next_step(st, &psd, &it), INTEREST_STEP_NONE);
	CHECK_INT(interest_appeal(st, &staff, id, "Small hours", &l, &e), 0);
	interest_get(st, &psd, id, &it, &e);
	CHECK_INT(interest_next_step(st, &staff, &it), INTEREST_STEP_NONE);
	CHECK_INT(interest_next_step(st, &dcc, &it), INTEREST_STEP_APPEAL_DECIDE);
	CHECK_INT(interest_appeal_decide(st, &dcc, id, "overturned", "Fine", &l, &e), 0);
	interest_get(st, &psd, id, &it, &e);
	CHECK_INT(interest_next_step(st, &psd, &it), INTEREST_STEP_REVIEW);
	CHECK_INT(interest_next_step(st, &manager, &it), INTEREST_STEP_NONE);
	int n = 0;
	CHECK_INT(interest_reviews_list(st, &it, count_review, &n, &e), 0);
	CHECK_INT(n, 0);
	CHECK_INT(interest_review(st, &psd, id, "confirmed", "", "", &l, &e), 0);
	CHECK_INT(interest_reviews_list(st, &it, count_review, &n, &e), 0);
	CHECK_INT(n, 1);
}

/* The DCC sees an interest holder's name and unit, not their personnel
 * record; a peer gets neither. */
TEST(holder_for_dcc_without_personnel_record)
{
	struct person p;
	struct err e = { 0 };
	CHECK_INT(interest_holder_get(st, &dcc, staff.person_id, &p, &e), 0);
	CHECK_STR(p.surname, "Staff");
	CHECK_STR(p.unit, "Team");
	CHECK_STR(p.manager_name, "");
	CHECK_INT(person_get(st, &dcc, staff.person_id, &p, &e), ERR_DENIED);
	CHECK_INT(interest_holder_get(st, &other, staff.person_id, &p, &e), ERR_DENIED);
	CHECK_INT(interest_holder_get(st, &dcc, 999999, &p, &e), ERR_NOTFOUND);
	CHECK_INT(interest_holder_get(st, &psd, staff.person_id, &p, &e), 0);
	CHECK_STR(p.manager_name, "Ann Boss");
}

/* Runs sql (a list statement of interests.c) with f's filters for scope as
 * interests_list binds them: the rows' count, a checksum of their ids in
 * order, and the count column. */
struct run_seen {
	long rows, total;
	int64_t sum;
};
static struct run_seen run_list(const char *sql, int code, const struct actor *who, const struct interest_filter *f)
{
	struct run_seen r = { 0 };
	struct err e = { 0 };
	struct stmt *s;
	CHECK_INT(store_query(st, &s, &e, sql, "di" "ii" "tt" "i" "ttt" "i" "t" "ii", code, who->person_id,
	                      (int64_t)actor_has(who, ROLE_PSD), (int64_t)actor_has(who, ROLE_DCC), f->from ? f->from : "",
	                      f->to ? f->to : "", f->unit_id, f->organisation ? f->organisation : "", f->kind ? f->kind : "",
	                      f->status ? f->status : "", f->person_id, "2999-12-31", (int64_t)500, (int64_t)0),
	          0);
	int ncol = (int)interests_register_def.record->nfields + 1;
	while (stmt_next(s, &e) == 1) {
		r.rows++;
		r.sum += r.rows * stmt_int(s, 0);
		r.total = (long)stmt_int(s, ncol);
	}
	stmt_done(s);
	return r;
}

TEST(list_statement_per_filter_shape)
{
	struct interest_filter plain = { .sort = "kind" }, plain2 = plain, kind = { .kind = "second_job" };
	struct interest_filter active = { .status = "active" }, approved = { .status = "approved" };
	struct interest_filter three = { .kind = "second_job", .status = "active", .organisation = "north" };
	const char *sql = interests_page_statement(INTERESTS_REGISTER, &plain);
	CHECK(sql != NULL);
	CHECK(sql == interests_page_statement(INTERESTS_REGISTER, &plain2));
	CHECK(sql != interests_page_statement(INTERESTS_REGISTER, &kind));
	CHECK(interests_page_statement(INTERESTS_REGISTER, &active) != interests_page_statement(INTERESTS_REGISTER, &approved));
	CHECK(!strstr(sql, "CASE ?1"));
	CHECK(!strstr(sql, " OR "));
	CHECK_HAS(sql, "?9 = ''");
	CHECK_HAS(interests_page_statement(INTERESTS_REGISTER, &kind), "b.kind = ?9");
	CHECK_HAS(interests_page_statement(INTERESTS_MINE, &kind), "b.person_id = ?2");
	CHECK(!strstr(interests_page_statement(INTERESTS_MINE, &kind), "= '' OR"));
	/* too many filters at once: the statement with every filter */
	const char *all = interests_page_statement(INTERESTS_REGISTER, &three);
	CHECK_HAS(all, "CASE ?1");

	/* the index: a person's list reaches its rows through business_interests_person */
	int pg = store_is_pg_uri(getenv("PROBITY_TEST_DB") ? getenv("PROBITY_TEST_DB") : "");
	static char text[32768];
	snprintf(text, sizeof text, "%s%s", pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ",
	         interests_page_statement(INTERESTS_MINE, &plain));
	struct err e = { 0 };
	CHECK_INT(plan_generic(pg, 1), 0);
	struct stmt *s;
	CHECK_INT(store_query(st, &s, &e, text, "di" "ii" "tt" "i" "ttt" "i" "t" "ii", 0, staff.person_id, (int64_t)0,
	                      (int64_t)0, "", "", (int64_t)0, "", "", "", (int64_t)0, "", (int64_t)50, (int64_t)0),
	          0);
	char plan[8192];
	plan_read(s, pg, plan, sizeof plan, &e);
	CHECK_INT(plan_generic(pg, 0), 0);
	CHECK_HAS(plan, "business_interests_person");

	/* the same rows, in the same order, and count as the statement with every filter */
	apply_one();
	struct interest_input in = good();
	in.kind = "directorship";
	in.organisation = "Acme Holdings";
	struct errlist l = { 0 };
	int64_t id = 0;
	CHECK_INT(interest_apply(st, &staff, &in, &id, &l, &e), 0);
	static const struct { enum interest_scope scope; int code; } scopes[] = {
		{ INTERESTS_MINE, 0 }, { INTERESTS_AWAITING, 1 }, { INTERESTS_REGISTER, 2 }, { INTERESTS_TEAM, 3 },
		{ INTERESTS_REVIEWS, 4 } };
	const struct interest_filter filters[] = {
		{ 0 }, { .kind = "second_job" }, { .status = "active" }, { .status = "appealed" }, { .status = "applied" },
		{ .organisation = "acme", .sort = "-organisation" }, { .from = "2025-01-01", .to = "2025-12-31" },
		{ .person_id = staff.person_id, .kind = "directorship" }, { .unit_id = 1 },
	};
	for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
		const struct actor *who = scopes[i].scope == INTERESTS_MINE ? &staff
		                          : scopes[i].scope == INTERESTS_TEAM || scopes[i].scope == INTERESTS_AWAITING ? &manager
		                                                                                                       : &psd;
		for (size_t k = 0; k < sizeof filters / sizeof filters[0]; k++) {
			const char *shaped = interests_page_statement(scopes[i].scope, &filters[k]);
			struct interest_filter f3 = three;
			f3.sort = filters[k].sort;
			const char *old = interests_page_statement(scopes[i].scope, &f3);
			struct run_seen a = run_list(shaped, scopes[i].code, who, &filters[k]);
			struct run_seen b = run_list(old, scopes[i].code, who, &filters[k]);
			CHECK_INT(a.rows, b.rows);
			CHECK_INT(a.total, b.total);
			CHECK(a.sum == b.sum);
		}
	}
	struct run_seen r = run_list(interests_page_statement(INTERESTS_REGISTER, &filters[0]), 2, &psd, &filters[0]);
	CHECK(r.rows >= 2);
	CHECK_INT(r.total, r.rows);
}

TEST_MAIN(T(validation_lists_every_problem), T(double_submission_makes_one_record), T(need_to_know_allowed_and_refused),
          T(workflow_recommend_decide_appeal_overturn), T(conditions_review_and_end), T(reviews_due_lists_overdue),
          T(figures_count_by_period), T(import_all_or_nothing_and_rerunnable), T(add_months_clamps),
          T(next_step_matches_who_may_act), T(holder_for_dcc_without_personnel_record), T(list_statement_per_filter_shape))
