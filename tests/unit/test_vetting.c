/* Unit tests for vetting (M5): the statistics against hand-computed values
 * and textbook tables (Fisher's exact test, relative rates and their
 * intervals, rounding, edge cases), the historic import (all-or-nothing,
 * rerunnable, line and column errors), compliance against posts (family and
 * rank), decisions and appeals, and the access rules. */
#include "test.h"
#include "fixture.h"
#include "core/err.h"
#include "domain/auth.h"
#include "domain/people.h"
#include "domain/vetting.h"
#include "store/store.h"
#include <math.h>
#include <unistd.h>

static struct actor vet, dcc, scrutiny, staff, admin, eq;

__attribute__((constructor)) static void setup(void)
{
	struct err e = { 0 };
	setenv("PROBITY_TODAY", "2026-06-30", 1);
	fixture_open("vetting");
	static const char *const hr[] = {
		"1,Val,Vetter,staff,Grade E,Vetting,Vetting Officer,,2010-01-01,",
		"2,Dee,Deputy,officer,Deputy Chief Constable,Chief Officers,DCC,,2015-01-01,",
		"3,Sam,Staff,officer,Constable,Team,Constable,,2016-01-01,",
		"4,Ian,Intel,officer,Constable,Intel,Intelligence Officer,,2016-01-01,",
		"5,Moe,Manager,officer,Inspector,Team,Inspector,,2016-01-01,",
		"6,Lee,Leaver,officer,Constable,Team,Constable,,2016-01-01,2026-01-01",
		NULL,
	};
	fixture_people(hr);
	store_exec(st, &e, "UPDATE posts SET vetting_level = 'RV' WHERE title = 'Constable'", "");
	store_exec(st, &e, "UPDATE posts SET vetting_level = 'SC' WHERE title = 'Intelligence Officer'", "");
	store_exec(st, &e, "UPDATE posts SET vetting_level = 'MV' WHERE title = 'Inspector'", "");
	fixture_account("vet", "1", ROLE_VETTING, &vet);
	fixture_account("dcc", "2", ROLE_DCC, &dcc);
	fixture_account("sam", "3", 0, &staff);
	fixture_account("panel", NULL, ROLE_SCRUTINY, &scrutiny);
	fixture_account("adm", NULL, ROLE_ADMIN, &admin);
	fixture_account("eq", NULL, ROLE_EQUALITY, &eq);
}

static int near(double a, double b, double rel) { return fabs(a - b) <= rel * fabs(b); }

/* ---- statistics ---- */

TEST(fisher_tea_tasting_is_0_4857)
{
	double p = fisher_exact_2x2(3, 1, 1, 3);
	CHECK(near(p, 34.0 / 70.0, 1e-9));
	char s[32];
	pvalue_format(p, s, sizeof s);
	CHECK_STR(s, "0.4857");
}

TEST(fisher_textbook_tables)
{
	/* values computed exactly with rational arithmetic (sum of C(n1,x)C(n2,k-x)/C(n,k)) */
	CHECK(near(fisher_exact_2x2(1, 9, 11, 3), 0.002759456185220083, 1e-9));
	CHECK(near(fisher_exact_2x2(10, 0, 0, 10), 2.0 / 184756.0, 1e-9));
	CHECK(near(fisher_exact_2x2(10, 40, 20, 180), 0.08468332974044708, 1e-9));
	CHECK(near(fisher_exact_2x2(0, 20, 15, 85), 0.07266126328328326, 1e-9));
	CHECK(near(fisher_exact_2x2(7, 3, 2, 8), 0.06977851869492735, 1e-9));
	CHECK(near(fisher_exact_2x2(30, 70, 50, 350), 5.8318490717733524e-05, 1e-9));
	/* symmetric in rows and columns */
	CHECK(near(fisher_exact_2x2(3, 1, 1, 3), fisher_exact_2x2(1, 3, 3, 1), 1e-12));
	CHECK(near(fisher_exact_2x2(20, 180, 10, 40), fisher_exact_2x2(10, 40, 20, 180), 1e-12));
	/* degenerate margins: only one table possible */
	CHECK(fisher_exact_2x2(0, 5, 0, 5) == 1.0);
	CHECK(fisher_exact_2x2(5, 0, 5, 0) == 1.0);
	CHECK(fisher_exact_2x2(0, 0, 0, 0) == 1.0);
	/* large tables stay finite and in [0, 1] */
	double big = fisher_exact_2x2(3000, 47000, 2000, 148000);
	CHECK(big >= 0 && big < 1e-100);
	double same = fisher_exact_2x2(500, 9500, 1000, 19000);
	CHECK(same > 0.99 && same <= 1.0);
}

TEST(rounding_half_away_from_zero_and_formats)
{
	CHECK_INT(ratio_hundredths(1, 8), 13);       /* 0.125 -> 0.13 */
	CHECK_INT(ratio_hundredths(3, 8), 38);       /* 0.375 -> 0.38 */
	CHECK_INT(ratio_hundredths(1, 3), 33);
	CHECK_INT(ratio_hundredths(2, 3), 67);
	CHECK_INT(ratio_hundredths(100 * 1, 8), 1250);
	CHECK_INT(round_hundredths(2.675), 268);
	CHECK_INT(round_hundredths(-1.005), -101);
	char s[32];
	hundredths_format(1250, s, sizeof s);
	CHECK_STR(s, "12.50");
	hundredths_format(7, s, sizeof s);
	CHECK_STR(s, "0.07");
	pvalue_format(1.0, s, sizeof s);
	CHECK_STR(s, "1.000");
	pvalue_format(2.0 / 184756.0, s, sizeof s);
	CHECK_STR(s, "1.083e-05");
	pvalue_format(0.08468332974044708, s, sizeof s);
	CHECK_STR(s, "0.08468");
}

static struct dp_group grp(const char *name, long apps, long refused)
{
	struct dp_group g;
	memset(&g, 0, sizeof g);
	snprintf(g.name, sizeof g.name, "%s", name);
	g.apps = apps;
	g.refused = refused;
	return g;
}

static void csv_of(struct dp_group *g, size_t n, const char *ref, struct buf *b, int *refi)
{
	struct dp_table t = { g, n, n };
	struct dp_row rows[16];
	struct err e = { 0 };
	CHECK_INT(dp_rows(&t, ref, 0, rows, refi, &e), 0);
	buf_init(b, 0);
	dp_csv(b, rows, n);
}

TEST(relative_rate_and_log_interval_by_hand)
{
	/* Black: 10 of 50 refused (20%); White: 20 of 200 (10%). RR = 2.00;
	 * SE = sqrt(1/10 - 1/50 + 1/20 - 1/200) = sqrt(0.125) = 0.35355;
	 * CI = exp(ln 2 -/+ 1.96 x 0.35355) = 1.0002 .. 3.9993 -> 1.00, 4.00. */
	struct dp_group g[] = { grp("White", 200, 20), grp(DP_NOT_DECLARED, 8, 1), grp("Black", 50, 10) };
	struct buf b;
	int ref;
	csv_of(g, 3, NULL, &b, &ref);
	CHECK_STR(buf_str(&b), DP_CSV_HEADER "\n"
	                       "Black,50,10,20.00,2.00,1.00,4.00,0.08468,0.1694,\n"
	                       "White,200,20,10.00,1.00,,,,,\n"
	                       "Not declared,8,1,12.50,1.25,0.19,8.19,0.5798,0.5798,\n");
	/* Holm over the two non-reference groups: 2 x 0.08468; then max(0.5798, 0.1694) */
	CHECK_STR(g[ref].name, "White");
	buf_release(&b);
}

TEST(explicit_reference_and_unknown_reference)
{
	struct dp_group g[] = { grp("A", 100, 10), grp("B", 50, 10) };
	struct buf b;
	int ref;
	csv_of(g, 2, "B", &b, &ref);
	CHECK_HAS(buf_str(&b), "\nA,100,10,10.00,0.50,");
	CHECK_HAS(buf_str(&b), "\nB,50,10,20.00,1.00,,,,,\n");
	buf_release(&b);
	struct dp_table t = { g, 2, 2 };
	struct dp_row rows[2];
	struct err e = { 0 };
	CHECK(dp_rows(&t, "Nobody", 0, rows, &ref, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
}

TEST(edge_zero_refusals_everywhere)
{
	struct dp_group g[] = { grp("A", 30, 0), grp("B", 40, 0) };
	struct buf b;
	int ref;
	csv_of(g, 2, NULL, &b, &ref);
	/* the reference (B, largest) has no refusals: no relative rate, but the
	 * Haldane-Anscombe interval (0.5 added to each cell), with the note */
	CHECK_STR(buf_str(&b), DP_CSV_HEADER "\nA,30,0,0.00,,0.03,64.83,1.000,1.000,\"" DP_NOTE_CORRECTED "\"\n"
	                       "B,40,0,0.00,,,,,,\n");
	buf_release(&b);
}

TEST(edge_group_without_refusals_and_all_refused)
{
	struct dp_group g[] = { grp("A", 10, 0), grp("B", 40, 4), grp("C", 5, 5) };
	struct buf b;
	int ref;
	csv_of(g, 3, NULL, &b, &ref);
	char pa[32], pc[32];
	pvalue_format(fisher_exact_2x2(0, 10, 4, 36), pa, sizeof pa);
	pvalue_format(fisher_exact_2x2(5, 0, 4, 36), pc, sizeof pc);
	/* Haldane-Anscombe: 0.5 added to each cell. A: (0.5/11)/(4.5/41) = 0.4141,
	 * SE = sqrt(1/0.5 - 1/11 + 1/4.5 - 1/41) = 1.4515 -> 0.02 .. 7.12; C: all
	 * refused, observed RR 10, interval from (5.5/6)/(4.5/41) = 8.352, SE =
	 * sqrt(1/5.5 - 1/6 + 1/4.5 - 1/41) = 0.4615 -> 3.38 .. 20.64. Holm: C's p
	 * doubled, A's p as is (the larger). */
	char want[512], ph[32];
	pvalue_format(2 * fisher_exact_2x2(5, 0, 4, 36), ph, sizeof ph);
	snprintf(want, sizeof want, DP_CSV_HEADER "\nA,10,0,0.00,0.00,0.02,7.12,%s,%s,\"%s\"\nB,40,4,10.00,1.00,,,,,\n"
	         "C,5,5,100.00,10.00,3.38,20.64,%s,%s,\"%s\"\n", pa, pa, DP_NOTE_CORRECTED, pc, ph, DP_NOTE_CORRECTED);
	CHECK_STR(buf_str(&b), want);
	buf_release(&b);
}

TEST(one_of_one_gets_a_corrected_interval_and_no_significance)
{
	/* the issue's case: 1 refused of 1 against 48 of 598 was "6.70 times as
	 * likely (95% CI 3.78-11.87)" from a zero cell */
	struct dp_group g[] = { grp("White", 598, 48), grp("Tiny", 1, 1), grp("Mid", 41, 12) };
	struct dp_table t = { g, 3, 3 };
	struct dp_row rows[3];
	struct err e = { 0 };
	int ref;
	CHECK_INT(dp_rows(&t, NULL, 0, rows, &ref, &e), 0);
	const struct dp_row *tiny = NULL, *mid = NULL;
	for (int i = 0; i < 3; i++) {
		if (!strcmp(rows[i].g->name, "Tiny"))
			tiny = &rows[i];
		if (!strcmp(rows[i].g->name, "Mid"))
			mid = &rows[i];
	}
	CHECK(tiny && tiny->corrected && tiny->has_ci && !tiny->significant);
	CHECK(tiny->hi_exact / tiny->lo_exact > 11.87 / 3.78);   /* wider than the uncorrected one */
	CHECK(mid && !mid->corrected && mid->significant && mid->lo_exact > 1);
	CHECK(mid->p_holm >= mid->p);
	struct buf b;
	buf_init(&b, 0);
	dp_summary(&b, "Ethnicity", rows, 3, ref);
	CHECK_HAS(buf_str(&b), "12 of 41 (29.3%) refused, against 48 of 598 (8.0%) for the reference group");
	CHECK_HAS(buf_str(&b), "the difference is statistically significant");
	buf_release(&b);
}

TEST(edge_single_group)
{
	struct dp_group g[] = { grp("Only", 12, 3) };
	struct buf b;
	int ref;
	csv_of(g, 1, NULL, &b, &ref);
	CHECK_STR(buf_str(&b), DP_CSV_HEADER "\nOnly,12,3,25.00,1.00,,,,,\n");
	buf_release(&b);
	struct dp_table t = { g, 1, 1 };
	struct dp_row rows[1];
	struct err e = { 0 };
	dp_rows(&t, NULL, 0, rows, &ref, &e);
	struct buf s;
	buf_init(&s, 0);
	dp_summary(&s, "Sex", rows, 1, ref);
	CHECK_HAS(buf_str(&s), "only one group");
	buf_release(&s);
}

TEST(summary_sentence_names_group_and_significance)
{
	struct dp_group g[] = { grp("White", 2000, 100), grp("Black", 200, 30) };
	struct dp_table t = { g, 2, 2 };
	struct dp_row rows[2];
	struct err e = { 0 };
	int ref;
	dp_rows(&t, NULL, 0, rows, &ref, &e);
	struct buf s;
	buf_init(&s, 0);
	dp_summary(&s, "Ethnicity", rows, 2, ref);
	CHECK_HAS(buf_str(&s), "\"Black\" were 3.00 times as likely to be refused");
	CHECK_HAS(buf_str(&s), "is statistically significant");
	buf_release(&s);
}

TEST(suppression_marks_small_groups_and_avoids_them_as_reference)
{
	struct dp_group g[] = { grp("A", 9, 2), grp("B", 50, 5), grp("C", 30, 3) };
	struct dp_table t = { g, 3, 3 };
	struct dp_row rows[3];
	struct err e = { 0 };
	int ref;
	dp_rows(&t, NULL, 10, rows, &ref, &e);
	CHECK(rows[0].suppressed);
	CHECK(!rows[1].suppressed && !rows[2].suppressed);
	CHECK_STR(g[ref].name, "B");
}

TEST(quantiles_interpolate)
{
	double x[] = { 1, 2, 3, 4, 10 };
	CHECK(near(quantile_sorted(x, 5, 0.5), 3, 1e-12));
	CHECK(near(quantile_sorted(x, 5, 0.9), 7.6, 1e-12));
	double y[] = { 5 };
	CHECK(near(quantile_sorted(y, 1, 0.9), 5, 1e-12));
}

/* ---- import ---- */

static const char *write_file(const char *name, const char *text)
{
	static char path[128];
	snprintf(path, sizeof path, "/tmp/probity-test-vet-%d-%s", (int)getpid(), name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	store_int(st, NULL, &n, sql, "");
	return n;
}

struct opts { int n, headings, prefer; };

static void count_opt(void *ctx, const char *heading, const char *value, const char *label)
{
	struct opts *o = ctx;
	(void)label;
	o->n++;
	o->headings += heading != NULL;
	o->prefer += !strcmp(value, "Prefer not to say");
}

TEST(equality_form_offers_exactly_the_scheme)
{
	for (int c = 0; c < DP_NCHAR; c++) {
		struct opts o = { 0 };
		vetting_equality_options(c, count_opt, &o);
		CHECK_INT(o.prefer, 1);
		if (c == 0) {
			CHECK_INT(o.n, 19 + 1);      /* the 19 ONS 2021 groups and "Prefer not to say" */
			CHECK_INT(o.headings, 5);
		} else {
			CHECK_INT(o.headings, 0);
		}
	}
	CHECK_STR(vetting_equality_broad("Asian or Asian British: Pakistani"), "Asian");
	CHECK_STR(vetting_equality_broad("Mixed or Multiple: White and Asian"), "Mixed");
	CHECK_STR(vetting_equality_broad("White"), "White");
	CHECK_STR(vetting_equality_broad("Other"), "Other ethnic group");
	CHECK_STR(vetting_equality_broad(""), "Not declared");
	CHECK_STR(vetting_equality_broad("Prefer not to say"), "Prefer not to say");
}

static void check_valid(void *ctx, const char *heading, const char *value, const char *label)
{
	int *c = ctx;
	(void)heading;
	(void)label;
	CHECK(vetting_equality_valid(*c, value));
}

TEST(equality_form_values_are_all_valid)
{
	for (int c = 0; c < DP_NCHAR; c++)
		vetting_equality_options(c, check_valid, &c);
}

TEST(equality_scheme_allowed_and_refused)
{
	/* every characteristic: blank and Prefer not to say */
	for (int i = 0; i < DP_NCHAR; i++) {
		CHECK(vetting_equality_valid(i, ""));
		CHECK(vetting_equality_valid(i, "Prefer not to say"));
		CHECK(!vetting_equality_valid(i, "Zq Planted"));
		CHECK(!vetting_equality_valid(i, "prefer not to say"));
	}
	/* ethnicity: broad groups in their spellings, and group: detail of the same group */
	CHECK(vetting_equality_valid(0, "White"));
	CHECK(vetting_equality_valid(0, "Mixed or multiple ethnic groups"));
	CHECK(vetting_equality_valid(0, "Asian or Asian British: Pakistani"));
	CHECK(vetting_equality_valid(0, "White: English, Welsh, Scottish, Northern Irish or British"));
	CHECK(vetting_equality_valid(0, "Black, Black British, Caribbean or African: African"));
	CHECK(vetting_equality_valid(0, "Other ethnic group: Arab"));
	CHECK(!vetting_equality_valid(0, "Asian: Caribbean"));   /* a detail of another group */
	CHECK(!vetting_equality_valid(0, "White: "));
	CHECK(!vetting_equality_valid(0, "white"));
	CHECK(!vetting_equality_valid(0, "Purple"));
	/* the rest */
	CHECK(vetting_equality_valid(1, "Female") && !vetting_equality_valid(1, "F"));
	CHECK(vetting_equality_valid(2, "55+") && !vetting_equality_valid(2, "60"));
	CHECK(vetting_equality_valid(3, "Yes") && !vetting_equality_valid(3, "Y"));
	CHECK(vetting_equality_valid(4, "Sikh") && !vetting_equality_valid(4, "Jedi"));
	CHECK(vetting_equality_valid(5, "Bisexual") && !vetting_equality_valid(5, "bi"));
	CHECK(!vetting_equality_valid(-1, "") && !vetting_equality_valid(DP_NCHAR, ""));
	CHECK_HAS(vetting_equality_expected(1), "Female, Male, Prefer not to say or blank");
}

TEST(import_all_or_nothing_and_rerunnable)
{
	struct import_stats s;
	struct err e = { 0 };
	const char *bad = write_file("bad.csv", VETTING_IMPORT_HEADER "\n"
	                              "H1,recruit,RV,2025-01-01,2025-02-01,full,granted,,White,Female,25-34,No,No religion,Heterosexual or straight\n"
	                              "H2,recruit,RV,2025-01-01,2025-02-01,full,refused,financial,Black,Male,18-24,No,,\n"
	                              "H3,alien,RV,2025-01-01,2025-02-01,full,granted,,,,,,,\n");
	CHECK(vetting_import(st, bad, 0, &s, &e) != 0);
	CHECK_HAS(e.msg, ":4: applicant_kind:");
	CHECK_INT(count("SELECT COUNT(*) FROM vetting_applications WHERE application_ref LIKE 'H%'"), 0);
	const char *good = write_file("good.csv", VETTING_IMPORT_HEADER "\n"
	                               "H1,recruit,RV,2025-01-01,2025-02-01,full,granted,,White,Female,25-34,No,No religion,Heterosexual or straight\n"
	                               "H2,recruit,RV,2025-01-01,2025-02-01,full,refused,financial,Black,Male,18-24,No,,\n"
	                               "H3,contractor,NPPV2,2025-01-01,2025-01-20,initial,withdrawn,,,,,,,\n");
	CHECK_INT(vetting_import(st, good, 1, &s, &e), 0);
	CHECK_INT(s.created, 3);
	CHECK_INT(count("SELECT COUNT(*) FROM vetting_applications WHERE application_ref LIKE 'H%'"), 0);
	CHECK_INT(vetting_import(st, good, 0, &s, &e), 0);
	CHECK_INT(s.created, 3);
	CHECK_INT(vetting_import(st, good, 0, &s, &e), 0);
	CHECK_INT(s.created, 0);
	CHECK_INT(s.unchanged, 3);
	CHECK_INT(count("SELECT COUNT(*) FROM vetting_applications WHERE application_ref LIKE 'H%'"), 3);
	CHECK_INT(count("SELECT COUNT(*) FROM vetting_equality WHERE ethnicity = 'Black'"), 1);
	/* errors name line and column */
	const char *cases[][2] = {
		{ "H9,recruit,XX,2025-01-01,2025-02-01,full,granted,,,,,,,\n", ":2: level:" },
		{ "H9,recruit,RV,2025-13-01,2025-02-01,full,granted,,,,,,,\n", ":2: received:" },
		{ "H9,recruit,RV,2025-03-01,2025-02-01,full,granted,,,,,,,\n", ":2: decided:" },
		{ "H9,recruit,RV,2025-01-01,2025-02-01,middle,granted,,,,,,,\n", ":2: stage_reached:" },
		{ "H9,recruit,RV,2025-01-01,2025-02-01,full,maybe,,,,,,,\n", ":2: outcome:" },
		{ "H9,recruit,RV,2025-01-01,2025-02-01,full,granted,financial,,,,,,\n", ":2: refusal_ground:" },
		{ "H9,recruit,RV,2025-01-01,2025-02-01,full,refused,rudeness,,,,,,\n", ":2: refusal_ground:" },
		{ "H9,recruit,RV,2025-01-01,2025-02-01,full,granted,,,,,\n", ":2: religion: missing (the line has 12 columns, expected 14)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[512];
		snprintf(text, sizeof text, "%s\n%s", VETTING_IMPORT_HEADER, cases[i][0]);
		const char *p = write_file("case.csv", text);
		CHECK(vetting_import(st, p, 0, &s, &e) != 0);
		CHECK_HAS(e.msg, cases[i][1]);
	}
	const char *dup = write_file("dup.csv", VETTING_IMPORT_HEADER "\n"
	                              "D1,recruit,RV,2025-01-01,2025-02-01,full,granted,,,,,,,\n"
	                              "D1,recruit,RV,2025-01-01,2025-02-01,full,granted,,,,,,,\n");
	CHECK(vetting_import(st, dup, 0, &s, &e) != 0);
	CHECK_HAS(e.msg, ":3: application_id:");
	const char *hdr = write_file("hdr.csv", "application_id,kind\nX,recruit\n");
	CHECK(vetting_import(st, hdr, 0, &s, &e) != 0);
	unlink(bad);
}

static const struct dp_group *find(const struct dp_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->g[i].name, name))
			return &t->g[i];
	return NULL;
}

TEST(report_counts_decisions_by_stage_period_and_month)
{
	struct dp_report r;
	struct err e = { 0 };
	CHECK_INT(dp_build(st, "2025-01-01", "2025-12-31", &r, &e), 0);
	CHECK_INT(r.decided, 2);   /* H1 granted, H2 refused */
	CHECK_INT(r.refused, 1);
	CHECK_INT(r.withdrawn, 1); /* H3, reported apart */
	const struct dp_group *b = find(&r.t[0][DP_ALL], "Black"), *w = find(&r.t[0][DP_ALL], "White");
	CHECK(b && w);
	if (b && w) {
		CHECK_INT(b->apps, 1);
		CHECK_INT(b->refused, 1);
		CHECK_INT(b->grounds[2], 1); /* financial */
		CHECK_INT(w->refused, 0);
		CHECK_STR(r.months[1], "2025-02");
		CHECK_INT(b->m_apps[1], 1);
		CHECK_INT(b->m_refused[1], 1);
	}
	CHECK(find(&r.t[0][DP_FULL], "Black") != NULL);
	CHECK_INT(r.t[0][DP_INITIAL].n, 0);
	/* an undeclared religion is grouped as "Not declared" */
	const struct dp_group *nd = find(&r.t[4][DP_ALL], DP_NOT_DECLARED);
	CHECK(nd && nd->apps == 1);
	dp_report_release(&r);
	CHECK_INT(dp_build(st, "2026-01-01", "2026-12-31", &r, &e), 0);
	CHECK(find(&r.t[0][DP_ALL], "Black") == NULL);
	dp_report_release(&r);
}

/* ---- compliance ---- */

static int collect(void *ctx, const struct compliance_row *r)
{
	struct buf *b = ctx;
	buf_printf(b, "%s:%s:%s;", r->staff_number, r->issue, r->level);
	return 0;
}

static int64_t pid(const char *number)
{
	int64_t id = 0;
	person_id_by_staff_number(st, number, &id, NULL);
	return id;
}

TEST(compliance_family_rank_expiry_and_lapse)
{
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t cid;
	/* 3 (needs RV) holds MV: satisfied (higher rank, same family) */
	CHECK_INT(clearance_add(st, &vet, pid("3"), "MV", "2024-01-01", "", "", &cid, &l, &e), 0);
	/* 4 (needs SC) holds MV: a police level does not satisfy national security */
	CHECK_INT(clearance_add(st, &vet, pid("4"), "MV", "2024-01-01", "", "", &cid, &l, &e), 0);
	/* 5 (needs MV) holds RV expiring within 90 days: below post and expiring */
	CHECK_INT(clearance_add(st, &vet, pid("5"), "RV", "2016-08-01", "2026-08-15", "", &cid, &l, &e), 0);
	/* 1 (no requirement) holds a lapsed NPPV3 */
	CHECK_INT(clearance_add(st, &admin, pid("1"), "NPPV3", "2019-01-01", "2026-01-01", "", &cid, &l, &e), 0);
	/* 6 has left: never listed */
	struct buf b;
	buf_init(&b, 0);
	long total = 0;
	CHECK_INT(vetting_compliance(st, &vet, "", 0, 1, 50, collect, &b, &total, &e), 0);
	CHECK_HAS(buf_str(&b), "4:below_post:MV;");
	CHECK_HAS(buf_str(&b), "5:below_post:RV;");
	CHECK_HAS(buf_str(&b), "5:expiring:RV;");
	CHECK_HAS(buf_str(&b), "1:lapsed:NPPV3;");
	CHECK(!strstr(buf_str(&b), "3:below_post"));
	CHECK(!strstr(buf_str(&b), "6:"));
	CHECK_INT(total, 4);
	CHECK_INT(vetting_refresh_count(st, &vet), 3);
	CHECK_INT(vetting_refresh_count(st, &staff), 0);
	/* renewing 1's clearance clears the lapse */
	CHECK_INT(clearance_add(st, &admin, pid("1"), "NPPV3", "2026-02-01", "", "", &cid, &l, &e), 0);
	buf_reset(&b);
	CHECK_INT(vetting_compliance(st, &vet, "lapsed", 0, 1, 50, collect, &b, &total, &e), 0);
	CHECK_INT(total, 0);
	buf_release(&b);
	/* validation and access */
	struct errlist l2 = { 0 };
	CHECK(clearance_add(st, &vet, pid("3"), "ZZ", "2024-13-01", "", "", &cid, &l2, &e) != 0);
	CHECK(errlist_get(&l2, "level") && errlist_get(&l2, "granted"));
	struct errlist l3 = { 0 };
	CHECK(clearance_add(st, &staff, pid("3"), "RV", "2024-01-01", "", "", &cid, &l3, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	struct errlist l4 = { 0 };
	CHECK(clearance_add(st, &vet, pid("1"), "RV", "2024-01-01", "", "", &cid, &l4, &e) != 0); /* own clearance */
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(vetting_compliance(st, &staff, "", 0, 1, 50, collect, &b, &total, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(count("SELECT COUNT(*) FROM access_log WHERE object_type = 'vetting_compliance' AND outcome = 'refused'") >= 1);
}

TEST(level_renewal_sets_expiry_and_admin_edits_levels)
{
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t cid;
	CHECK_INT(clearance_add(st, &vet, pid("2"), "DV", "2020-02-29", "", "", &cid, &l, &e), 0);
	char exp[16] = "";
	store_text(st, NULL, exp, sizeof exp, "SELECT expiry FROM clearances WHERE id = ?", "i", cid);
	CHECK_STR(exp, "2027-02-28"); /* 84 months, clamped to the month's end */
	struct errlist l2 = { 0 };
	CHECK(vetting_level_save(st, &vet, 0, "DV", "Developed vetting", "national_security", "3", "120", &l2, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(vetting_level_save(st, &admin, 0, "DV", "Developed vetting", "national_security", "3", "120", &l2, &e), 0);
	CHECK_INT(count("SELECT renewal_months FROM vetting_levels WHERE code = 'DV'"), 120);
	struct errlist l3 = { 0 };
	CHECK(vetting_level_save(st, &admin, 1, "eSC", "", "nope", "x", "-1", &l3, &e) != 0);
	CHECK(errlist_get(&l3, "code") && errlist_get(&l3, "name") && errlist_get(&l3, "family") &&
	      errlist_get(&l3, "rank") && errlist_get(&l3, "renewal"));
	struct errlist l4 = { 0 };
	CHECK_INT(vetting_level_save(st, &admin, 1, "ESC", "Enhanced security check", "national_security", "2", "84", &l4,
	                             &e), 0);
}

/* ---- applications, decisions, appeals ---- */

TEST(decision_rules_appeal_to_dcc)
{
	struct vapp_input in = { .applicant_name = "Alex Applicant", .kind = "recruit", .level = "RV",
		                 .received = "2026-03-01", .submit_key = "k1" };
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0, id2 = 0;
	CHECK_INT(vapp_create(st, &vet, &in, &id, &l, &e), 0);
	CHECK_INT(vapp_create(st, &vet, &in, &id2, &l, &e), 0);
	CHECK_INT(id, id2); /* double submission: one record */
	struct vapp_input bad = { .kind = "internal", .level = "XX", .received = "2027-01-01" };
	struct errlist lb = { 0 };
	CHECK(vapp_create(st, &vet, &bad, &id2, &lb, &e) != 0);
	CHECK(errlist_get(&lb, "applicant_name") && errlist_get(&lb, "level") && errlist_get(&lb, "received") &&
	      errlist_get(&lb, "staff_number"));
	struct errlist ls = { 0 };
	CHECK(vapp_create(st, &staff, &in, &id2, &ls, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	/* a refusal needs grounds and a rationale */
	struct vapp_decision d = { .outcome = "refused", .stage = "full", .decided = "2026-04-01" };
	struct errlist ld = { 0 };
	CHECK(vapp_decide(st, &vet, id, &d, &ld, &e) != 0);
	CHECK(errlist_get(&ld, "ground") && errlist_get(&ld, "rationale"));
	d.ground = "honesty";
	d.rationale = "Did not disclose a caution.";
	struct errlist ld2 = { 0 };
	CHECK_INT(vapp_decide(st, &vet, id, &d, &ld2, &e), 0);
	struct errlist ld3 = { 0 };
	CHECK(vapp_decide(st, &vet, id, &d, &ld3, &e) != 0);
	CHECK_INT(e.code, ERR_CONFLICT);
	/* the DCC cannot open it until it is appealed */
	struct vetting_app *a = malloc(sizeof *a);
	CHECK(vapp_get(st, &dcc, id, a, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(vapp_get(st, &staff, id, a, &e) != 0);
	struct errlist la = { 0 };
	CHECK_INT(vapp_appeal_lodge(st, &vet, id, "2026-04-10", "The caution was spent.", &la, &e), 0);
	CHECK_INT(vapp_get(st, &dcc, id, a, &e), 0);
	CHECK_STR(a->appeal_grounds, "The caution was spent.");
	struct errlist lv = { 0 };
	CHECK(vapp_appeal_decide(st, &vet, id, "overturned", "x", "2026-05-01", &lv, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	struct errlist lo = { 0 };
	CHECK(vapp_appeal_decide(st, &dcc, id, "maybe", "", "", &lo, &e) != 0);
	CHECK(errlist_get(&lo, "appeal_outcome") && errlist_get(&lo, "reason") && errlist_get(&lo, "appeal_decided"));
	struct errlist lk = { 0 };
	CHECK_INT(vapp_appeal_decide(st, &dcc, id, "overturned", "Spent caution, disclosed late.", "2026-05-01", &lk, &e), 0);
	CHECK_INT(vapp_get(st, &vet, id, a, &e), 0);
	CHECK_STR(a->appeal_outcome, "overturned");
	free(a);
	/* blind vetting: neither the vetting unit nor admin may write equality data; refusals logged */
	const char *vals[DP_NCHAR] = { "Other ethnic group: Arab", "", "", "", "", "" };
	struct errlist le = { 0 };
	CHECK(vapp_equality_set(st, &staff, id, vals, &le, &e) != 0);
	int64_t before = count("SELECT COUNT(*) FROM access_log WHERE object_type = 'vetting_equality' AND outcome = 'refused'");
	CHECK(vapp_equality_set(st, &vet, id, vals, &le, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(vapp_equality_set(st, &admin, id, vals, &le, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(vapp_equality_may_enter(st, &vet, id, &e) != 0);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE object_type = 'vetting_equality' AND outcome = 'refused'"),
	          before + 3);
	CHECK(!vapp_equality_recorded(st, id));
	/* answers outside the equality scheme are refused, naming the field */
	const char *badv[DP_NCHAR] = { "Planted", "Male", "", "", "Jedi", "" };
	struct errlist lq = { 0 };
	CHECK_INT(vapp_equality_set(st, &eq, id, badv, &lq, &e), ERR_INPUT);
	CHECK(errlist_get(&lq, "ethnicity") && errlist_get(&lq, "religion"));
	CHECK(!errlist_get(&lq, "sex"));
	CHECK(!vapp_equality_recorded(st, id));
	CHECK_INT(vapp_equality_set(st, &eq, id, vals, &le, &e), 0);
	CHECK(vapp_equality_recorded(st, id));
}

/* A vetting officer never sees their own application nor one of someone
 * they line-manage (duty.line_manager.vetting = 1), in the list or opened,
 * and cannot record one for either; the unit's other members can. */
struct seen_ids { int64_t ids[64]; int n; long total; };
static int note_id(void *ctx, const struct vetting_app *a)
{
	struct seen_ids *s = ctx;
	if (s->n < 64)
		s->ids[s->n++] = a->id;
	return 0;
}
static int listed(const struct actor *who, int64_t id, long *total)
{
	struct seen_ids s = { 0 };
	struct err e = { 0 };
	if (vapps_list(st, who, "", 1, 500, note_id, &s, &s.total, &e))
		return -1;
	*total = s.total;
	for (int i = 0; i < s.n; i++)
		if (s.ids[i] == id)
			return 1;
	return 0;
}

TEST(vetting_officer_never_sees_own_or_line_managed_application)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	CHECK_INT(store_exec(st, &e, "UPDATE people SET manager_id = (SELECT id FROM people WHERE staff_number = '1') "
	                             "WHERE staff_number = '4'", ""), 0);
	struct vapp_input rep = { .applicant_name = "Ian Intel", .staff_number = "4", .kind = "internal",
		                  .level = "RV", .received = "2026-03-02", .submit_key = "lm1" };
	struct vapp_input own = { .applicant_name = "Val Vetter", .staff_number = "1", .kind = "internal",
		                  .level = "RV", .received = "2026-03-02", .submit_key = "lm2" };
	int64_t idr = 0, ido = 0, x = 0;
	/* the vetting officer cannot record either */
	CHECK(vapp_create(st, &vet, &rep, &x, &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	struct errlist l2 = { 0 };
	CHECK(vapp_create(st, &vet, &own, &x, &l2, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	/* another member of the unit (admin here) can */
	struct errlist l3 = { 0 }, l4 = { 0 };
	CHECK_INT(vapp_create(st, &admin, &rep, &idr, &l3, &e), 0);
	CHECK_INT(vapp_create(st, &admin, &own, &ido, &l4, &e), 0);
	long tv = 0, ta = 0;
	CHECK_INT(listed(&vet, idr, &tv), 0);
	CHECK_INT(listed(&vet, ido, &tv), 0);
	CHECK_INT(listed(&admin, idr, &ta), 1);
	CHECK_INT(listed(&admin, ido, &ta), 1);
	CHECK_INT(ta - tv, 2); /* the count under the list leaves them out too */
	struct vetting_app *a = malloc(sizeof *a);
	int64_t before = count("SELECT COUNT(*) FROM access_log WHERE object_type = 'vetting_application' "
	                       "AND outcome = 'refused'");
	CHECK(vapp_get(st, &vet, idr, a, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(vapp_get(st, &vet, ido, a, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE object_type = 'vetting_application' "
	                "AND outcome = 'refused'"), before + 2);
	CHECK_INT(vapp_get(st, &admin, idr, a, &e), 0);
	/* with the line-management rule off, only the own application stays hidden */
	CHECK_INT(store_exec(st, &e, "UPDATE config SET value = '0' WHERE key = 'duty.line_manager.vetting'", ""), 0);
	CHECK_INT(listed(&vet, idr, &tv), 1);
	CHECK_INT(listed(&vet, ido, &tv), 0);
	CHECK_INT(vapp_get(st, &vet, idr, a, &e), 0);
	CHECK_INT(store_exec(st, &e, "UPDATE config SET value = '1' WHERE key = 'duty.line_manager.vetting'", ""), 0);
	CHECK_INT(store_exec(st, &e, "UPDATE people SET manager_id = NULL WHERE staff_number = '4'", ""), 0);
	free(a);
}

/* The list's count is kept with the write generation: a repeat does not
 * count again, and a new application shows in it at once. */
TEST(applications_count_kept_follows_a_write)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	long t0 = 0, t1 = 0, t2 = 0;
	CHECK(listed(&admin, 0, &t0) >= 0);
	CHECK(listed(&admin, 0, &t1) >= 0);
	CHECK_INT(t1, t0);
	struct vapp_input in = { .applicant_name = "Kim Kept", .kind = "recruit", .level = "RV",
		                 .received = "2026-03-03", .submit_key = "kept1" };
	int64_t id = 0;
	CHECK_INT(vapp_create(st, &admin, &in, &id, &l, &e), 0);
	CHECK_INT(listed(&admin, id, &t2), 1);
	CHECK_INT(t2, t0 + 1);
}

TEST(report_access_internal_and_published)
{
	struct dp_report r;
	struct err e = { 0 };
	int published = -1;
	CHECK_INT(vetting_report(st, &vet, "", "", &r, &published, &e), 0);
	CHECK_INT(published, 1); /* deciders get disclosure control too: only equality sees everything */
	CHECK(r.decided >= 3);
	dp_report_release(&r);
	CHECK_INT(vetting_report(st, &scrutiny, "", "", &r, &published, &e), 0);
	CHECK_INT(published, 1);
	dp_report_release(&r);
	CHECK(vetting_report(st, &staff, "", "", &r, &published, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

TEST(leavers_recorded_and_notified)
{
	struct errlist l = { 0 };
	struct err e = { 0 };
	CHECK_INT(leaver_add(st, &vet, "6", "dismissed", "barred", "2026-01-01", "Gross misconduct", &l, &e), 0);
	struct errlist l2 = { 0 };
	CHECK(leaver_add(st, &vet, "6", "dismissed", "barred", "2026-01-01", "", &l2, &e) != 0);
	int64_t id = count("SELECT id FROM vetting_leavers");
	struct errlist l3 = { 0 };
	CHECK(leaver_notified(st, &vet, id, "2025-12-01", &l3, &e) != 0);
	struct errlist l4 = { 0 };
	CHECK_INT(leaver_notified(st, &vet, id, "2026-01-05", &l4, &e), 0);
	struct errlist l5 = { 0 };
	CHECK(leaver_add(st, &staff, "6", "dismissed", "advisory", "2026-01-01", "", &l5, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

/* The compliance statement reaches each person's clearances through
 * clearances_person and builds no automatic index (issue 25: 1.7-2 s a page
 * at ten times the demo, two runs of it a page); its result is kept on the
 * connection with the write generation, so a clearance granted by another
 * connection (another process) shows at once. */
TEST(compliance_statement_plan_and_kept_result_follow_writes)
{
	static char text[16384]; /* statements are cached by address: this lives to the end */
	int pg = store_is_pg_uri(getenv("PROBITY_TEST_DB") ? getenv("PROBITY_TEST_DB") : "");
	snprintf(text, sizeof text, "%s%s", pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ", vetting_compliance_statement());
	struct err e = { 0 };
	struct stmt *s;
	CHECK_INT(store_query(st, &s, &e, text, "ttti", "2026-06-01", "2026-08-30", "", (int64_t)0), 0);
	char plan[8192];
	plan_read(s, pg, plan, sizeof plan, &e);
	CHECK(plan[0]);
	if (!pg) {
		CHECK_HAS(plan, "clearances_person");
		CHECK(!strstr(plan, "AUTOMATIC"));
		CHECK(!strstr(plan, "MATERIALIZE cur"));
	}
	struct buf b;
	buf_init(&b, 0);
	long total = 0;
	CHECK_INT(vetting_compliance(st, &vet, "below_post", 0, 1, 50, collect, &b, &total, &e), 0);
	CHECK_HAS(buf_str(&b), "4:below_post:MV;");
	long before = total;
	struct store *other = NULL;
	CHECK_INT(store_open(&other, dbpath, &e), 0);
	struct errlist l = { 0 };
	int64_t cid;
	CHECK_INT(clearance_add(other, &vet, pid("4"), "SC", "2026-01-01", "", "", &cid, &l, &e), 0);
	store_close(other);
	buf_reset(&b);
	CHECK_INT(vetting_compliance(st, &vet, "below_post", 0, 1, 50, collect, &b, &total, &e), 0);
	CHECK(!strstr(buf_str(&b), "4:below_post"));
	CHECK_INT(total, before - 1);
	buf_release(&b);
}

TEST_MAIN(T(fisher_tea_tasting_is_0_4857), T(applications_count_kept_follows_a_write), T(fisher_textbook_tables), T(rounding_half_away_from_zero_and_formats),
          T(relative_rate_and_log_interval_by_hand), T(explicit_reference_and_unknown_reference),
          T(edge_zero_refusals_everywhere), T(edge_group_without_refusals_and_all_refused), T(edge_single_group), T(one_of_one_gets_a_corrected_interval_and_no_significance),
          T(summary_sentence_names_group_and_significance),
          T(suppression_marks_small_groups_and_avoids_them_as_reference), T(quantiles_interpolate),
          T(equality_scheme_allowed_and_refused), T(equality_form_offers_exactly_the_scheme),
          T(equality_form_values_are_all_valid), T(import_all_or_nothing_and_rerunnable),
          T(report_counts_decisions_by_stage_period_and_month), T(vetting_officer_never_sees_own_or_line_managed_application),
          T(compliance_family_rank_expiry_and_lapse),
          T(level_renewal_sets_expiry_and_admin_edits_levels), T(decision_rules_appeal_to_dcc),
          T(report_access_internal_and_published), T(leavers_recorded_and_notified),
          T(compliance_statement_plan_and_kept_result_follow_writes))
