/* Unit tests for stop and search fairness: the report's arithmetic against
 * values worked by hand (zero searches, zero population, unknown population,
 * a single group, rounding half away from zero), the ethnicity mapping, the
 * importer's rules (identical rows kept, rerun adds nothing, overlapping
 * months refused, errors name line and column, dry run), the per-officer
 * comparison and dip samples, and every access rule allowed and refused. */
#include "test.h"
#include "fixture.h"
#include "core/err.h"
#include "domain/auth.h"
#include "domain/people.h"
#include "domain/stopsearch.h"
#include "store/store.h"
#include "web/stopsearch_view.h"
#include <math.h>
#include <unistd.h>

static struct actor psd, gov, scrut, staff;

__attribute__((constructor)) static void setup(void)
{
	fixture_open("ss");
	static const char *const hr[] = {
		"1,Ann,Psd,staff,Grade E,PSD,,,2010-01-01,",
		"2,Bob,Gov,staff,Grade C,Governance,,,2015-01-01,",
		"3,Cat,Staff,officer,Constable,Team,,,2016-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("psd1", "1", ROLE_PSD, &psd);
	fixture_account("gov1", "2", ROLE_GOVERNANCE, &gov);
	fixture_account("scrut1", NULL, ROLE_SCRUTINY, &scrut);
	fixture_account("staff1", "3", 0, &staff);
}

/* ------------------------------------------------------------ arithmetic */

TEST(rounding_half_away_from_zero)
{
	CHECK_INT(ss_hundredths(1, 800, 100), 13);      /* 0.125% -> 0.13 */
	CHECK_INT(ss_hundredths(1, 40000, 1000), 3);    /* 0.025 per 1000 -> 0.03 */
	CHECK_INT(ss_hundredths(1, 3, 100), 3333);      /* 33.333..% */
	CHECK_INT(ss_hundredths(2, 3, 100), 6667);
	CHECK_INT(ss_hundredths(-1, 800, 100), -13);
	char b[24];
	ss_fmt2(2.675, b); /* 267.49999.. in binary: llround gives 268 only if the product rounds up */
	CHECK(!strcmp(b, "2.68") || !strcmp(b, "2.67"));
	ss_fmt2(-0.125, b);
	CHECK_STR(b, "-0.13");
	ss_fmt2(NAN, b);
	CHECK_STR(b, "");
}

static void fill(struct ss_counts c[SS_NGROUPS])
{
	memset(c, 0, sizeof(struct ss_counts) * SS_NGROUPS);
	c[SS_ASIAN] = (struct ss_counts){ 10, 1, 3, 4, 1, 0 };
	c[SS_BLACK] = (struct ss_counts){ 30, 6, 9, 20, 5, 0 };
	c[SS_MIXED] = (struct ss_counts){ 0, 0, 0, 0, 0, 0 };
	c[SS_OTHER] = (struct ss_counts){ 5, 0, 1, 0, 0, 0 };
	c[SS_WHITE] = (struct ss_counts){ 100, 13, 25, 60, 15, 0 };
	c[SS_NOT_STATED] = (struct ss_counts){ 7, 1, 0, 2, 0, 0 };
	c[SS_NOT_RECORDED] = (struct ss_counts){ 3, 0, 0, 0, 0, 0 };
}

TEST(report_worked_by_hand)
{
	struct ss_counts c[SS_NGROUPS];
	fill(c);
	int64_t pop[5] = { 1000, 2000, 500, 0, 100000 };
	int has[5] = { 1, 1, 1, 0, 1 };
	struct ss_row r[SS_NGROUPS + 1];
	ss_compute(c, pop, has, r);
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 16);
	ss_report_csv(r, &b);
	/* Asian: 10/1000*1000 = 10.00; White 100/100000*1000 = 1.00; ratio 10.00;
	 * SE = sqrt(1/10 - 1/1000 + 1/100 - 1/100000) = 0.330136;
	 * exp(ln 10 -+ 1.96 SE) = 5.2358, 19.0993. Arrests 1/10, linked 3/10,
	 * drugs linked 1/4. Black: 15.00, ratio 15.00, CI 9.9987-22.5030.
	 * Mixed: population, no searches: 0.00, 0.00, no interval. Other: no
	 * population row: all empty. Total: 155 of 103,500 = 1.4976 -> 1.50. */
	CHECK_STR(buf_str(&b),
	          SS_REPORT_HEADER "\n"
	          "Asian,10,1000,10.00,10.00,5.24,19.10,1,10.00,3,30.00,4,25.00\n"
	          "Black,30,2000,15.00,15.00,10.00,22.50,6,20.00,9,30.00,20,25.00\n"
	          "Mixed,0,500,0.00,0.00,,,0,,0,,0,\n"
	          "Other,5,,,,,,0,0.00,1,20.00,0,\n"
	          "White,100,100000,1.00,1.00,,,13,13.00,25,25.00,60,25.00\n"
	          "Not stated,7,,,,,,1,14.29,0,0.00,2,0.00\n"
	          "Not recorded,3,,,,,,0,0.00,0,0.00,0,\n"
	          "Total,155,103500,1.50,,,,21,13.55,38,24.52,86,24.42\n");
	CHECK(fabs(r[SS_ASIAN].ci_low_v - 5.23579) < 1e-4);
	buf_release(&b);
}

TEST(report_zero_population_and_zero_searches)
{
	struct ss_counts c[SS_NGROUPS];
	fill(c);
	int64_t pop[5] = { 1000, 2000, 500, 300, 0 };
	int has[5] = { 1, 1, 1, 1, 1 };
	struct ss_row r[SS_NGROUPS + 1];
	ss_compute(c, pop, has, r);
	/* White population 0: no White rate, so no ratio for anyone. */
	CHECK_STR(r[SS_WHITE].rate, "");
	CHECK_STR(r[SS_WHITE].ratio, "");
	CHECK_STR(r[SS_ASIAN].rate, "10.00");
	CHECK_STR(r[SS_ASIAN].ratio, "");
	CHECK_STR(r[SS_ASIAN].ci_low, "");
	CHECK_INT(r[SS_TOTAL].pop, 3800);
	/* No searches at all: rates 0.00, every ratio and percentage empty. */
	struct ss_counts z[SS_NGROUPS];
	memset(z, 0, sizeof z);
	int64_t pop2[5] = { 1000, 2000, 500, 300, 4000 };
	ss_compute(z, pop2, has, r);
	CHECK_STR(r[SS_BLACK].rate, "0.00");
	CHECK_STR(r[SS_BLACK].ratio, "");
	CHECK_STR(r[SS_WHITE].ratio, "");
	CHECK_STR(r[SS_TOTAL].rate, "0.00");
	CHECK_STR(r[SS_TOTAL].arrest_pct, "");
	CHECK_STR(r[SS_TOTAL].drug_pct, "");
}

TEST(report_single_group)
{
	struct ss_counts c[SS_NGROUPS];
	memset(c, 0, sizeof c);
	c[SS_WHITE] = (struct ss_counts){ 8, 1, 2, 0, 0, 0 };
	int64_t pop[5] = { 0, 0, 0, 0, 4000 };
	int has[5] = { 0, 0, 0, 0, 1 };
	struct ss_row r[SS_NGROUPS + 1];
	ss_compute(c, pop, has, r);
	CHECK_STR(r[SS_WHITE].rate, "2.00");
	CHECK_STR(r[SS_WHITE].ratio, "1.00");
	CHECK_STR(r[SS_WHITE].ci_low, "");
	CHECK_STR(r[SS_WHITE].arrest_pct, "12.50");
	CHECK_STR(r[SS_WHITE].drug_pct, "");
	CHECK_STR(r[SS_BLACK].rate, "");
	CHECK_STR(r[SS_TOTAL].rate, "2.00");
	CHECK_STR(r[SS_TOTAL].ratio, "");
	CHECK_INT(r[SS_TOTAL].pop, 4000);
}

TEST(cross_check_derbyshire_officer_defined)
{
	/* ../shared/domain/stop-search.md: Derbyshire, officer-defined, three
	 * months, 2011 police-style populations: 384 White of 949,845, 28 Black
	 * of 10,090: rates 0.40 and 2.78, ratio 6.86 (4.68-10.07). */
	struct ss_counts c[SS_NGROUPS];
	memset(c, 0, sizeof c);
	c[SS_WHITE].searches = 384;
	c[SS_BLACK].searches = 28;
	int64_t pop[5] = { 36871, 10090, 14351, 7281, 949845 };
	int has[5] = { 1, 1, 1, 1, 1 };
	struct ss_row r[SS_NGROUPS + 1];
	ss_compute(c, pop, has, r);
	CHECK_STR(r[SS_WHITE].rate, "0.40");
	CHECK_STR(r[SS_BLACK].rate, "2.78");
	CHECK_STR(r[SS_BLACK].ratio, "6.86");
	CHECK_STR(r[SS_BLACK].ci_low, "4.68");
	CHECK_STR(r[SS_BLACK].ci_high, "10.07");
}

TEST(ethnicity_mapping)
{
	CHECK_INT(ss_group_self("White - Irish"), SS_WHITE);
	CHECK_INT(ss_group_self("Black/African/Caribbean/Black British - African"), SS_BLACK);
	CHECK_INT(ss_group_self("Asian/Asian British - Chinese"), SS_ASIAN);
	CHECK_INT(ss_group_self("Mixed/Multiple ethnic groups - White and Asian"), SS_MIXED);
	CHECK_INT(ss_group_self("Other ethnic group - Any other ethnic group"), SS_OTHER);
	CHECK_INT(ss_group_self("Other ethnic group - Not stated"), SS_NOT_STATED);
	CHECK_INT(ss_group_self(""), SS_NOT_RECORDED);
	CHECK_INT(ss_group_self("Martian - Red"), -1);
	CHECK_INT(ss_group_officer("Black"), SS_BLACK);
	CHECK_INT(ss_group_officer(""), SS_NOT_RECORDED);
	CHECK_INT(ss_group_officer("black"), -1);
}

TEST(wilson_interval)
{
	double lo, hi;
	ss_wilson(74, 100, &lo, &hi); /* 64.63 - 81.60 by hand */
	CHECK(fabs(lo - 64.6288) < 1e-3 && fabs(hi - 81.5954) < 1e-3);
	ss_wilson(0, 5, &lo, &hi);
	CHECK(lo == 0 && fabs(hi - 43.4491) < 1e-3);
	ss_wilson(0, 0, &lo, &hi);
	CHECK(isnan(lo));
}

/* --------------------------------------------------------------- imports */

#define ROW_W "Person search,2020-03-01T10:00:00+00:00,,,53.1,-1.5,Male,18-24,White - Irish,White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Arrest,True,False"
#define ROW_B "Person search,2020-03-02T10:00:00+00:00,False,,,,Male,18-24,Black/African/Caribbean/Black British - African,Black,Police and Criminal Evidence Act 1984 (section 1),Stolen goods,A no further action disposal,,"
#define ROW_NS "Vehicle search,2020-04-02T10:00:00+00:00,,,,,,,Other ethnic group - Not stated,,,,A no further action disposal,False,"

static int imp(const char *text, const char *area, int dry, struct ss_import_stats *s, struct err *e)
{
	return ss_import_mem(st, "t.csv", text, strlen(text), area, dry, s, e);
}

static void report(const char *area, const char *from, const char *to, int officer, struct ss_row r[SS_NGROUPS + 1])
{
	struct ss_query q = { area, from, to, officer };
	struct err e = { 0 };
	CHECK_INT(ss_report(st, NULL, &q, r, &e), 0);
}

TEST(import_keeps_identical_rows_and_reruns_add_nothing)
{
	struct ss_import_stats s;
	struct err e = { 0 };
	const char *file = "\xEF\xBB\xBF" SS_PUBLIC_HEADER "\r\n" ROW_W "\r\n" ROW_W "\r\n" ROW_B "\r\n" ROW_NS "\r\n";
	CHECK_INT(imp(file, "Testshire", 1, &s, &e), 0); /* dry run */
	CHECK_INT(s.rows, 4);
	struct ss_row r[SS_NGROUPS + 1];
	report("Testshire", "2020-01", "2020-12", 0, r);
	CHECK_INT(r[SS_TOTAL].c.searches, 0);
	CHECK_INT(imp(file, "Testshire", 0, &s, &e), 0);
	CHECK_INT(s.rows, 4);
	CHECK_INT(s.already, 0);
	CHECK_STR(s.months, "2020-03,2020-04");
	report("Testshire", "2020-01", "2020-12", 0, r);
	CHECK_INT(r[SS_WHITE].c.searches, 2);
	CHECK_INT(r[SS_WHITE].c.arrests, 2);
	CHECK_INT(r[SS_WHITE].c.drugs_linked, 2);
	CHECK_INT(r[SS_TOTAL].c.linked_known, 3); /* ROW_B leaves it blank */
	CHECK_INT(r[SS_BLACK].c.searches, 1);
	CHECK_INT(r[SS_NOT_STATED].c.searches, 1);
	CHECK_INT(r[SS_TOTAL].c.searches, 4);
	report("Testshire", "2020-04", "2020-04", 1, r);
	CHECK_INT(r[SS_NOT_RECORDED].c.searches, 1); /* officer-defined blank */
	CHECK_INT(r[SS_TOTAL].c.searches, 1);
	/* The same bytes again: nothing added, not an error. */
	CHECK_INT(imp(file, "Testshire", 0, &s, &e), 0);
	CHECK_INT(s.already, 1);
	/* LF line ends, no BOM: different bytes, same area and months. */
	const char *lf = SS_PUBLIC_HEADER "\n" ROW_W "\n" ROW_W "\n" ROW_B "\n" ROW_NS "\n";
	CHECK_INT(imp(lf, "Testshire", 0, &s, &e), 0);
	CHECK_INT(s.already, 1);
	report("Testshire", "2020-01", "2020-12", 0, r);
	CHECK_INT(r[SS_TOTAL].c.searches, 4);
	/* A file overlapping one imported month is refused. */
	const char *overlap = SS_PUBLIC_HEADER "\n" ROW_W "\n"
	                      "Person search,2020-05-01T10:00:00+00:00,,,,,Male,18-24,White - Irish,White,,,Arrest,True,False\n";
	CHECK(imp(overlap, "Testshire", 0, &s, &e) != 0);
	CHECK_INT(e.code, ERR_CONFLICT);
	CHECK_HAS(e.msg, "2020-03");
	/* The same file for another area is refused, naming the first area. */
	CHECK(imp(file, "Otherton", 0, &s, &e) != 0);
	CHECK_INT(e.code, ERR_CONFLICT);
	CHECK_HAS(e.msg, "'Testshire'");
	CHECK_HAS(e.msg, "Otherton");
	report("Otherton", "2020-01", "2020-12", 0, r);
	CHECK_INT(r[SS_TOTAL].c.searches, 0);
}

TEST(import_errors_name_line_and_column)
{
	struct ss_import_stats s;
	struct err e = { 0 };
	const char *bad = SS_PUBLIC_HEADER "\n" ROW_W "\n"
	                  "Person search,2020-06-01T10:00:00+00:00,,,,,Male,18-24,White - Irish,Purple,,,Arrest,True,False\n";
	CHECK(imp(bad, "Badshire", 0, &s, &e) != 0);
	CHECK_HAS(e.msg, "t.csv:3: Officer-defined ethnicity: 'Purple'");
	const char *baddate = SS_PUBLIC_HEADER "\n"
	                      "Person search,2020-13-01T10:00:00+00:00,,,,,Male,18-24,White - Irish,White,,,Arrest,True,False\n";
	CHECK(imp(baddate, "Badshire", 0, &s, &e) != 0);
	CHECK_HAS(e.msg, "t.csv:2: Date:");
	const char *badtf = SS_PUBLIC_HEADER "\n"
	                    "Person search,2020-06-01T10:00:00+00:00,,,,,Male,18-24,White - Irish,White,,,Arrest,Yes,False\n";
	CHECK(imp(badtf, "Badshire", 0, &s, &e) != 0);
	CHECK_HAS(e.msg, "t.csv:2: Outcome linked to object of search:");
	/* issue 25: a place must be on the map */
	const char *badlat = SS_PUBLIC_HEADER "\n"
	                     "Person search,2020-06-01T10:00:00+00:00,,,100000000000000000000000,-1.5,Male,18-24,White - "
	                     "Irish,White,,,Arrest,True,False\n";
	CHECK(imp(badlat, "Badshire", 0, &s, &e) != 0);
	CHECK_HAS(e.msg, "t.csv:2: Latitude: '100000000000000000000000' is not a latitude (from -90 to 90)");
	CHECK(imp("Type,Date\n", "Badshire", 0, &s, &e) != 0);
	CHECK_HAS(e.msg, "t.csv:1: header");
	CHECK(imp(SS_PUBLIC_HEADER "\nPerson search,2020-06-01\n", "Badshire", 0, &s, &e) != 0);
	CHECK_HAS(e.msg, "t.csv:2: Part of a policing operation: missing (the line has 2 columns, expected 15)");
	/* Nothing from the bad files stayed. */
	struct ss_row r[SS_NGROUPS + 1];
	report("Badshire", "2000-01", "2099-12", 0, r);
	CHECK_INT(r[SS_TOTAL].c.searches, 0);
}

/* The force's own records: 40 searches by officer 3 (mostly of Black people,
 * rarely finding anything) and 200 by officer 9 (peers). */
static void import_force(void)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 20);
	buf_adds(&b, SS_FORCE_HEADER "\n");
	for (int i = 0; i < 240; i++) {
		int o3 = i < 40;
		int black = o3 ? (i % 4 != 0) : (i % 10 == 0);
		int found = o3 ? (i % 20 == 0) : (i % 3 == 0);
		buf_printf(&b,
		           "Person search,2020-0%d-15T10:00:00+00:00,,,,,Male,18-24,%s,%s,Misuse of Drugs Act 1971 (section 23),"
		           "Controlled drugs,%s,%s,False,R%04d,%s,%s,%s,Yes,%s\n",
		           i % 2 ? 7 : 8, black ? "Black/African/Caribbean/Black British - Caribbean" : "White - Irish",
		           black ? "Black" : "White", found ? "Arrest" : "A no further action disposal", found ? "True" : "False",
		           i, o3 ? "3" : "9", i % 5 ? "\"Smelt cannabis, saw a bag passed\"" : "", i % 2 ? "Possession" : "Possession with intent to supply",
		           found ? "Yes" : "No");
	}
	struct ss_import_stats s;
	struct err e = { 0 };
	CHECK_INT(ss_import_mem(st, "force.csv", b.p, b.n, "Forceshire", 0, &s, &e), 0);
	CHECK_INT(s.force, 1);
	CHECK_INT(s.rows, 240);
	buf_release(&b);
	char pp[64];
	snprintf(pp, sizeof pp, "/tmp/probity-test-ss-pop-%d.csv", (int)getpid());
	FILE *f = fopen(pp, "w");
	fprintf(f, "area,group,population\nForceshire,White,90000\nForceshire,Black,3000\n");
	fclose(f);
	long rows;
	CHECK_INT(ss_population_import(st, pp, 0, &rows, &e), 0);
	CHECK_INT(rows, 2);
	unlink(pp);
}

TEST(force_records_figures_and_officers)
{
	import_force();
	struct ss_query q = { "Forceshire", "2020-07", "2020-08", 0 };
	struct ss_force_figures ff;
	struct err e = { 0 };
	CHECK_INT(ss_force_figures(st, &gov, &q, &ff, &e), 0);
	CHECK_INT(ff.records, 240);
	CHECK_INT(ff.drug_searches, 240);
	CHECK_INT(ff.drug_possession, 120);
	CHECK_INT(ff.grounds_recorded, 192);
	CHECK_INT(ff.bwv_on, 240);
	/* Officers: PSD only. */
	struct ss_officer *o;
	size_t n;
	int64_t min;
	double z;
	CHECK(ss_officers(st, &gov, &q, &o, &n, &min, &z, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(ss_officers(st, &psd, &q, &o, &n, &min, &z, &e), 0);
	CHECK_INT(n, 2);
	struct ss_officer *o3 = n == 2 ? (strcmp(o[0].staff_number, "3") ? &o[1] : &o[0]) : NULL;
	CHECK(o3 && !strcmp(o3->staff_number, "3"));
	if (o3) {
		CHECK_STR(o3->name, "Cat Staff");
		CHECK_INT(o3->listed, 1);
		CHECK_INT(o3->searches, 40);
		CHECK_INT(o3->black, 30);
		CHECK_INT(o3->found, 2);
		/* 30/3000 over 10/90000 = 90.00 */
		CHECK_STR(o3->ratio_black, "90.00");
		CHECK_STR(o3->ratio[SS_BLACK], "90.00");
		CHECK_STR(o3->ratio[SS_ASIAN], ""); /* no Asian population: cannot be worked out */
		/* 30 of 40 against the peers' 20 of 200: (0.75 - 0.1) / sqrt(0.1 * 0.9 / 40) = 13.70 */
		CHECK(fabs(o3->minority_z - 13.7032) < 1e-3);
		/* 2 of 40 found against 67 of 200 */
		CHECK(o3->find_z < -3);
	}
	free(o);
	/* The aggregate report is open to governance, not to staff. */
	struct ss_row r[SS_NGROUPS + 1];
	CHECK_INT(ss_report(st, &gov, &q, r, &e), 0);
	CHECK_INT(r[SS_TOTAL].c.searches, 240);
	CHECK(ss_report(st, &staff, &q, r, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	struct ss_month *m;
	CHECK_INT(ss_trend(st, &psd, &q, &m, &n, &e), 0);
	CHECK_INT(n, 2);
	CHECK_STR(m[0].month, "2020-07");
	CHECK_INT(m[0].rows[SS_TOTAL].c.searches + m[1].rows[SS_TOTAL].c.searches, 240);
	free(m);
}

TEST(dip_sample_draw_assess_and_result)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = 0, id2 = 0;
	struct ss_sample_input in = { "Forceshire", "2020-07", "2020-08", "20", "12345", 1, "k1" };
	CHECK(ss_sample_draw(st, &psd, &in, &id, &errs, &e) != 0); /* scrutiny only */
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(ss_sample_draw(st, &scrut, &in, &id, &errs, &e), 0);
	CHECK(id > 0);
	/* A resubmitted form gives the same sample. */
	CHECK_INT(ss_sample_draw(st, &scrut, &in, &id2, &errs, &e), 0);
	CHECK_INT(id2, id);
	/* The same seed draws the same records. */
	struct ss_sample_input again = in;
	again.submit_key = "k2";
	CHECK_INT(ss_sample_draw(st, &scrut, &again, &id2, &errs, &e), 0);
	CHECK(id2 != id);
	struct ss_sample s1, s2;
	struct ss_sample_item *a, *b;
	size_t na, nb;
	CHECK_INT(ss_sample_get(st, &scrut, id, &s1, &a, &na, &e), 0);
	CHECK_INT(ss_sample_get(st, &gov, id2, &s2, &b, &nb, &e), 0);
	CHECK_INT(na, 20);
	CHECK_INT(nb, 20);
	int same = 1, black = 0;
	for (size_t i = 0; i < na && i < nb; i++) {
		same &= a[i].search_id == b[i].search_id;
		black += a[i].grp == SS_BLACK;
	}
	CHECK(same);
	/* Stratified: Black is 30+20 = 50 of 240 records -> 20*50/240 = 4.17 -> 4. */
	CHECK_INT(black, 4);
	CHECK_STR(s1.seed, "12345");
	struct ss_sample_item *none;
	size_t nn;
	CHECK(ss_sample_get(st, &staff, id, &s1, &none, &nn, &e) != 0);
	CHECK(none == NULL);
	CHECK_INT(e.code, ERR_DENIED);
	/* Assess: 3 yes, 1 no (comment required), 1 not enough information. */
	struct errlist el = { 0 };
	CHECK(ss_sample_assess(st, &scrut, id, 1, "no", "", &el, &e) != 0);
	CHECK(errlist_get(&el, "comment") != NULL);
	memset(&el, 0, sizeof el);
	CHECK(ss_sample_assess(st, &scrut, id, 1, "maybe", "x", &el, &e) != 0);
	CHECK(errlist_get(&el, "verdict") != NULL);
	memset(&el, 0, sizeof el);
	CHECK(ss_sample_assess(st, &gov, id, 1, "yes", "", &el, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(ss_sample_assess(st, &scrut, id, 1, "yes", "", &el, &e), 0);
	CHECK_INT(ss_sample_assess(st, &scrut, id, 2, "yes", "", &el, &e), 0);
	CHECK_INT(ss_sample_assess(st, &scrut, id, 3, "yes", "", &el, &e), 0);
	CHECK_INT(ss_sample_assess(st, &scrut, id, 4, "no", "Only 'drugs' written", &el, &e), 0);
	CHECK_INT(ss_sample_assess(st, &scrut, id, 5, "nei", "Grounds cut off", &el, &e), 0);
	CHECK_INT(ss_sample_assess(st, &scrut, id, 5, "no", "Changed my mind", &el, &e), 0); /* reassess replaces */
	struct ss_sample_group g[SS_NGROUPS + 1];
	CHECK_INT(ss_sample_groups(st, id, g, &e), 0);
	CHECK_INT(g[SS_TOTAL].assessed, 5);
	CHECK_INT(g[SS_TOTAL].yes, 3);
	CHECK_INT(g[SS_TOTAL].no, 2);
	struct ss_sample *list;
	size_t nl;
	CHECK_INT(ss_samples_list(st, &scrut, &list, &nl, &e), 0);
	CHECK_INT(nl, 2);
	CHECK_INT(list[1].yes, 3);
	free(list);
	CHECK(ss_samples_list(st, &staff, &list, &nl, &e) != 0);
	/* Bad input names the fields. */
	struct ss_sample_input bad = { "Forceshire", "2020-7", "2020-08", "0", "x", 0, NULL };
	memset(&el, 0, sizeof el);
	CHECK(ss_sample_draw(st, &scrut, &bad, &id2, &el, &e) != 0);
	CHECK(errlist_get(&el, "from") && errlist_get(&el, "size") && errlist_get(&el, "seed"));
	free(a);
	free(b);
}

/* Dip samples draw only powers that need reasonable grounds (section 60
 * and section 47A left out unless asked), name each record's legislation,
 * and the command line's preview draws what the web stores. */
TEST(dip_sample_reasonable_grounds_powers_only)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 16);
	buf_adds(&b, SS_FORCE_HEADER "\n");
	for (int i = 0; i < 30; i++)
		buf_printf(&b,
		           "Person search,2021-03-15T10:00:00+00:00,,,,,Male,18-24,White - Irish,White,%s,"
		           "Offensive weapons,A no further action disposal,False,False,S%04d,9,Grounds,Other,Yes,No\n",
		           i % 3 == 0   ? "Criminal Justice and Public Order Act 1994 (section 60)"
		           : i % 3 == 1 ? "Terrorism Act 2000 (section 47A)"
		                        : "Police and Criminal Evidence Act 1984 (section 1)",
		           i);
	struct ss_import_stats is;
	struct err e = { 0 };
	CHECK_INT(ss_import_mem(st, "s60.csv", b.p, b.n, "Sixtyshire", 0, &is, &e), 0);
	buf_release(&b);
	struct ss_sample_input in = { "Sixtyshire", "2021-03", "2021-03", "100", "99", 0, "s60-1" };
	struct ss_sample_item *it;
	size_t n;
	char seed[24];
	struct errlist el = { 0 };
	CHECK_INT(ss_sample_preview(st, &in, &it, &n, seed, &el, &e), 0);
	CHECK_INT(n, 10);
	for (size_t i = 0; i < n; i++)
		CHECK_STR(it[i].legislation, "Police and Criminal Evidence Act 1984 (section 1)");
	/* the stored draw is the same records in the same order */
	int64_t id;
	CHECK_INT(ss_sample_draw(st, &scrut, &in, &id, &el, &e), 0);
	struct ss_sample smp;
	struct ss_sample_item *got;
	size_t ng;
	CHECK_INT(ss_sample_get(st, &scrut, id, &smp, &got, &ng, &e), 0);
	CHECK_INT(ng, n);
	for (size_t i = 0; i < n && i < ng; i++) {
		CHECK_STR(got[i].record_id, it[i].record_id);
		CHECK_STR(got[i].legislation, it[i].legislation);
	}
	free(got);
	free(it);
	/* asked to, it includes the others */
	in.include_no_grounds = 1;
	in.submit_key = "s60-2";
	CHECK_INT(ss_sample_preview(st, &in, &it, &n, seed, &el, &e), 0);
	CHECK_INT(n, 30);
	free(it);
	/* nothing qualifying: refused naming the period */
	struct buf b2 = BUF_INIT;
	buf_init(&b2, 1 << 12);
	buf_adds(&b2, SS_FORCE_HEADER "\n");
	buf_adds(&b2, "Person search,2021-04-15T10:00:00+00:00,,,,,Male,18-24,White - Irish,White,"
	              "Criminal Justice and Public Order Act 1994 (section 60),Offensive weapons,"
	              "A no further action disposal,False,False,T0001,9,Grounds,Other,Yes,No\n");
	CHECK_INT(ss_import_mem(st, "s60b.csv", b2.p, b2.n, "Sixtyshire", 0, &is, &e), 0);
	buf_release(&b2);
	struct ss_sample_input only60 = { "Sixtyshire", "2021-04", "2021-04", "5", "1", 0, NULL };
	struct errlist e2 = { 0 };
	CHECK(ss_sample_preview(st, &only60, &it, &n, seed, &e2, &e) != 0);
	CHECK_HAS(errlist_get(&e2, "from"), "under powers that need reasonable grounds");
}

TEST(population_build_from_census)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 16);
	struct err e = { 0 };
	/* Run from the repository root, as tests/run.sh does. */
	CHECK_INT(ss_population_build("data/stop-search/census2011-police-5-category-ethnicity-by-force.csv", "Derbyshire",
	                              NULL, &b, &e), 0);
	/* Other = Other 4,262 + Chinese 3,019. */
	CHECK_STR(buf_str(&b), "area,group,population\nDerbyshire,Asian,36871\nDerbyshire,Black,10090\n"
	                       "Derbyshire,Mixed,14351\nDerbyshire,Other,7281\nDerbyshire,White,949845\n");
	buf_reset(&b);
	CHECK(ss_population_build("data/stop-search/census2011-police-5-category-ethnicity-by-force.csv", "Nowhere", NULL,
	                          &b, &e) != 0);
	buf_release(&b);
}

TEST(publication_suppression)
{
	struct ss_counts c[SS_NGROUPS];
	fill(c); /* Asian 10, Black 30, Mixed 0, Other 5, White 100, Not stated 7, Not recorded 3 */
	int64_t pop[5] = { 1000, 2000, 500, 300, 100000 };
	int has[5] = { 1, 1, 1, 1, 1 };
	struct ss_row r[SS_NGROUPS + 1];
	ss_compute(c, pop, has, r);
	/* Under 10: Other (5), Not stated (7), Not recorded (3); zero is shown. */
	CHECK_INT(ss_suppress_mask(r, 10), (1u << SS_OTHER) | (1u << SS_NOT_STATED) | (1u << SS_NOT_RECORDED));
	/* Under 4: only Not recorded, so the next smallest (Other, 5) goes too. */
	CHECK_INT(ss_suppress_mask(r, 4), (1u << SS_NOT_RECORDED) | (1u << SS_OTHER));
	CHECK_INT(ss_suppress_mask(r, 0), 0);
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 16);
	struct html h;
	html_init(&h, &b);
	ss_html_report(&h, r, "t", ss_suppress_mask(r, 10));
	CHECK_HAS(buf_str(&b), "[c]");
	CHECK(!strstr(buf_str(&b), ">7<"));
	buf_release(&b);
}

TEST(population_build_from_census_2021)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 16);
	struct err e = { 0 };
	unsigned om;
	const char *c21 = "data/stop-search/census2021-ethnic-group-20cat-by-sex-by-local-authority-ew.csv";
	const char *lk = "data/stop-search/ons-lad-to-csp-to-police-force-area-lookup-dec2016.csv";
	/* Durham force area = County Durham + Darlington, both sexes. Black by
	 * hand: County Durham F 590+130+105, M 610+155+150; Darlington F
	 * 225+45+45, M 230+90+65 = 2,440. */
	CHECK_INT(ss_population_build_2021(c21, lk, "Durham", "Durham 2021", 0, &om, NULL, &b, &e), 0);
	CHECK_INT(om, 0);
	CHECK_HAS(buf_str(&b), "Durham 2021,Black,2440\n");
	CHECK_HAS(buf_str(&b), "Durham 2021,Asian,10800\n");
	buf_reset(&b);
	/* Derbyshire has suppressed cells: those groups are left out unless asked. */
	CHECK_INT(ss_population_build_2021(c21, lk, "Derbyshire", NULL, 0, &om, NULL, &b, &e), 0);
	CHECK(om & (1u << SS_WHITE));
	CHECK(!strstr(buf_str(&b), "White"));
	buf_reset(&b);
	CHECK_INT(ss_population_build_2021(c21, lk, "Derbyshire", NULL, 1, &om, NULL, &b, &e), 0);
	CHECK_INT(om, 0);
	CHECK_HAS(buf_str(&b), "Derbyshire,White,");
	buf_reset(&b);
	/* Northamptonshire's 2016 districts were merged by 2021: refused, named. */
	CHECK(ss_population_build_2021(c21, lk, "Northamptonshire", NULL, 0, &om, NULL, &b, &e) != 0);
	CHECK_HAS(e.msg, "has no row");
	CHECK(ss_population_build_2021(c21, lk, "London, City of", NULL, 0, &om, NULL, &b, &e) != 0);
	CHECK_HAS(e.msg, "Westminster");
	CHECK(ss_population_build_2021(c21, lk, "Atlantis", NULL, 0, &om, NULL, &b, &e) != 0);
	CHECK_INT(e.code, ERR_NOTFOUND);
	buf_release(&b);
}

/* Separation of duties: a panel member who is also an officer does not
 * assess the searches they made themselves (officer "3" is staff1). */
/* Find rates worked by hand: 20 White PACE s1 weapons searches (5 linked),
 * 12 Black drug searches (8 possession, 4 supply; 6 linked, 2 of those "no
 * further action"; 4 possession items found), 3 Asian drug searches for
 * possession with the linked column blank. */
static void import_finds(void)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 16);
	buf_adds(&b, SS_FORCE_HEADER "\n");
	for (int i = 0; i < 20; i++)
		buf_printf(&b, "Person search,2021-05-03T10:00:00+00:00,,,,,Male,18-24,White - English/Welsh/Scottish/Northern "
		               "Irish/British,White,Police and Criminal Evidence Act 1984 (section 1),Offensive weapons,%s,%s,False,"
		               "F%04d,9,Grounds,Offensive weapon,Yes,No\n",
		           i < 5 ? "Arrest" : "A no further action disposal", i < 5 ? "True" : "False", i);
	for (int i = 0; i < 12; i++)
		buf_printf(&b, "Person search,2021-05-04T10:00:00+00:00,,,,,Male,over 34,Black/African/Caribbean/Black British - "
		               "African,Black,Misuse of Drugs Act 1971 (section 23),Controlled drugs,%s,%s,False,G%04d,9,Grounds,%s,"
		               "Yes,%s\n",
		           i < 2 ? "A no further action disposal" : i < 6 ? "Arrest" : "A no further action disposal",
		           i < 6 ? "True" : "False", i, i < 8 ? "Possession" : "Supply", i < 4 ? "Yes" : "No");
	for (int i = 0; i < 3; i++)
		buf_printf(&b, "Person search,2021-05-05T10:00:00+00:00,,,,,Female,10-17,Asian/Asian British - Pakistani,Asian,"
		               "Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,False,H%04d,9,"
		               "Grounds,Possession,Yes,No\n", i);
	struct ss_import_stats is;
	struct err e = { 0 };
	CHECK_INT(ss_import_mem(st, "finds.csv", b.p, b.n, "Findshire", 0, &is, &e), 0);
	buf_release(&b);
}

static const struct ss_find_row *find_row(const struct ss_finds *f, int dim, const char *label, int grp)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->rows[i].dim == dim && f->rows[i].grp == grp && !strcmp(f->rows[i].label, label))
			return &f->rows[i];
	return NULL;
}

TEST(find_rates_by_legislation_object_age_and_group_worked_by_hand)
{
	import_finds();
	struct ss_query q = { "Findshire", "2021-05", "2021-05", 0 };
	struct ss_finds f;
	struct err e = { 0 };
	CHECK_INT(ss_finds(st, &gov, &q, 0, &f, &e), 0);
	CHECK_INT(f.suppressed, 0);
	CHECK_INT(f.searches, 35);
	CHECK_INT(f.linked_known, 32);
	CHECK_INT(f.finds, 11);
	CHECK_INT(f.nfa_linked, 2);
	const struct ss_find_row *r = find_row(&f, SS_BY_LEGISLATION, "Misuse of Drugs Act 1971 (section 23)", -1);
	CHECK(r != NULL);
	if (r) {
		/* 6 of 15; Wilson: 19.82 to 64.25; coverage 12 of 15 */
		CHECK_INT(r->searches, 15);
		CHECK_STR(r->rate, "40.00");
		CHECK_STR(r->lo, "19.82");
		CHECK_STR(r->hi, "64.25");
		CHECK_STR(r->coverage, "80.00");
	}
	r = find_row(&f, SS_BY_OBJECT, "Offensive weapons", -1);
	CHECK(r && r->searches == 20 && !strcmp(r->rate, "25.00") && !strcmp(r->lo, "11.19") && !strcmp(r->hi, "46.87"));
	r = find_row(&f, SS_BY_AGE_GENDER, "10-17 Female", -1);
	CHECK(r && r->searches == 3 && !strcmp(r->rate, "0.00") && !strcmp(r->coverage, "0.00"));
	r = find_row(&f, SS_BY_OBJECT_GROUP, "Controlled drugs", SS_BLACK);
	CHECK(r && r->searches == 12 && r->finds == 6 && !strcmp(r->rate, "50.00") && r->nfa_linked == 2);
	r = find_row(&f, SS_BY_OBJECT_GROUP, "Controlled drugs", SS_ASIAN);
	CHECK(r && r->searches == 3 && r->finds == 0);
	CHECK(find_row(&f, SS_BY_OBJECT_GROUP, "Offensive weapons", SS_BLACK) == NULL);
	/* possession only versus supply by group, from the force's records */
	CHECK_INT(f.force_records, 35);
	CHECK_INT(f.drugs[SS_BLACK].drugs, 12);
	CHECK_INT(f.drugs[SS_BLACK].possession, 8);
	CHECK_INT(f.drugs[SS_BLACK].supply, 4);
	CHECK_STR(f.drugs[SS_BLACK].poss_share, "66.67");
	CHECK_STR(f.drugs[SS_BLACK].poss_lo, "39.06");
	CHECK_STR(f.drugs[SS_BLACK].poss_hi, "86.19");
	CHECK_STR(f.drugs[SS_BLACK].poss_find, "50.00");
	CHECK_STR(f.drugs[SS_BLACK].supply_find, "0.00");
	CHECK_STR(f.drugs[SS_ASIAN].poss_share, "100.00");
	CHECK_STR(f.drugs[SS_TOTAL].poss_share, "73.33");
	CHECK_STR(f.drugs[SS_TOTAL].poss_hi, "89.10");
	ss_finds_release(&f);
	/* the scrutiny panel: disclosure control (k = 10) — Asian's 3 withheld,
	 * and Black's 12 too, else 15 - 12 gives Asian back */
	CHECK_INT(ss_finds(st, &scrut, &q, 0, &f, &e), 0);
	CHECK_INT(f.suppressed, 1);
	r = find_row(&f, SS_BY_OBJECT_GROUP, "Controlled drugs", SS_ASIAN);
	CHECK(r && r->hidden && r->searches == 0);
	r = find_row(&f, SS_BY_OBJECT_GROUP, "Controlled drugs", SS_BLACK);
	CHECK(r && r->hidden && r->searches == 0 && !*r->rate);
	r = find_row(&f, SS_BY_AGE_GENDER, "over 34 Male", -1);
	CHECK(r && r->hidden);
	r = find_row(&f, SS_BY_AGE_GENDER, "18-24 Male", -1);
	CHECK(r && !r->hidden && r->searches == 20);
	CHECK(f.drugs[SS_ASIAN].hidden && f.drugs[SS_BLACK].hidden && !f.drugs[SS_TOTAL].hidden);
	CHECK_INT(f.drugs[SS_TOTAL].drugs, 15);
	ss_finds_release(&f);
	/* publication is disclosure-controlled whoever runs it */
	CHECK_INT(ss_finds(st, NULL, &q, 1, &f, &e), 0);
	CHECK_INT(f.suppressed, 1);
	ss_finds_release(&f);
	CHECK(ss_finds(st, &staff, &q, 0, &f, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

TEST(officer_defined_mixed_not_comparable_and_population_source)
{
	char pp[64];
	snprintf(pp, sizeof pp, "/tmp/probity-test-ss-pop2-%d.csv", (int)getpid());
	FILE *fp = fopen(pp, "w");
	fprintf(fp, "area,group,population\nFindshire,White,90000\nFindshire,Black,3000\nFindshire,Asian,4000\n"
	            "Findshire,Mixed,2000\nFindshire,Other,1000\n");
	fclose(fp);
	long rows;
	struct err e = { 0 };
	CHECK_INT(ss_population_import_source(st, pp, "Census 2021", 0, &rows, &e), 0);
	unlink(pp);
	char src[101];
	CHECK_INT(ss_population_source(st, "Findshire", src, &e), 0);
	CHECK_STR(src, "Census 2021");
	struct ss_query q = { "Findshire", "2021-05", "2021-05", 1 };
	struct ss_row r[SS_NGROUPS + 1];
	CHECK_INT(ss_report(st, &gov, &q, r, &e), 0);
	CHECK_INT(r[SS_MIXED].not_comparable, 1);
	CHECK_STR(r[SS_MIXED].rate, ""); /* not 0.00 */
	CHECK_STR(r[SS_MIXED].ratio, "");
	CHECK_STR(r[SS_WHITE].rate, "0.22"); /* 20 / 90000 * 1000 */
	q.officer = 0;
	CHECK_INT(ss_report(st, &gov, &q, r, &e), 0);
	CHECK_INT(r[SS_MIXED].not_comparable, 0);
	CHECK_STR(r[SS_MIXED].rate, "0.00"); /* self-defined: a real zero */
	/* the scrutiny panel's report is disclosure-controlled: Asian 3 withheld, and the next smallest (Black 12) */
	CHECK_INT(ss_report(st, &scrut, &q, r, &e), 0);
	CHECK(r[SS_ASIAN].hidden && r[SS_BLACK].hidden && !r[SS_WHITE].hidden);
	CHECK_INT(r[SS_ASIAN].c.searches, 0);
	struct buf b = BUF_INIT;
	buf_init(&b, 4096);
	ss_report_csv(r, &b);
	CHECK_HAS(buf_str(&b), "Asian,[c],4000,[c]");
	buf_release(&b);
	/* year by year: one part year, rates for its months; withheld for scrutiny as the report */
	struct ss_year *y;
	size_t ny;
	CHECK_INT(ss_years(st, &gov, "Findshire", 0, &y, &ny, &e), 0);
	CHECK_INT(ny, 1);
	if (ny == 1) {
		CHECK_STR(y[0].year, "2021");
		CHECK_INT(y[0].months, 1);
		CHECK_STR(y[0].rows[SS_WHITE].rate, "0.22");
		CHECK_STR(y[0].rows[SS_BLACK].rate, "4.00");   /* 12 / 3000 * 1000 */
		CHECK_STR(y[0].rows[SS_BLACK].ratio, "18.00"); /* 4.00 / 0.2222 */
	}
	free(y);
	CHECK_INT(ss_years(st, &scrut, "Findshire", 0, &y, &ny, &e), 0);
	CHECK(ny == 1 && y[0].rows[SS_ASIAN].hidden && !y[0].rows[SS_WHITE].hidden);
	free(y);
	CHECK(ss_years(st, &staff, "Findshire", 0, &y, &ny, &e) != 0);
}

/* The caveats never give a small count away, even as a share, under
 * disclosure control; the exact view gives the share. */
TEST(caveats_withhold_small_counts_under_disclosure_control)
{
	struct ss_finds f;
	memset(&f, 0, sizeof f);
	struct ss_row rows[SS_NGROUPS + 1];
	memset(rows, 0, sizeof rows);
	f.searches = 200, f.linked_known = 200, f.not_stated = 3, f.nfa_linked = 4, f.suppressed = 1, f.k = 10;
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 14);
	struct html h;
	html_init(&h, &b);
	ss_html_caveats(&h, rows, &f, "Census 2021");
	CHECK_HAS(buf_str(&b), "Populations: Census 2021");
	CHECK_HAS(buf_str(&b), "not recorded for fewer than 10 searches");
	CHECK_HAS(buf_str(&b), "Fewer than 10 searches with the outcome");
	CHECK(!strstr(buf_str(&b), "1.50%"));
	CHECK(!strstr(buf_str(&b), ">4 search"));
	buf_release(&b);
	buf_init(&b, 1 << 14);
	html_init(&h, &b);
	f.suppressed = 0;
	f.officer = 1;
	ss_html_caveats(&h, rows, &f, "");
	CHECK_HAS(buf_str(&b), "not recorded for 1.50% of searches");
	CHECK_HAS(buf_str(&b), "4 searches with the outcome");
	CHECK_HAS(buf_str(&b), "was not recorded when they were imported");
	CHECK_HAS(buf_str(&b), "\"not comparable\"");
	buf_release(&b);
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	store_int(st, NULL, &n, sql, "");
	return n;
}

static int count_narr(void *ctx, const struct ss_narrative *n)
{
	(*(int *)ctx)++;
	CHECK_STR(n->action, "Supervisors review every drug search.");
	return 0;
}

TEST(narrative_written_by_governance_only)
{
	struct ss_query q = { "Findshire", "2021-05", "2021-05", 0 };
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t before = count("SELECT COUNT(*) FROM access_log WHERE object_type = 'stopsearch_narrative' AND outcome = 'refused'");
	CHECK(ss_narrative_save(st, &scrut, &q, "x", "y", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(ss_narrative_save(st, &psd, &q, "x", "y", &l, &e) != 0);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE object_type = 'stopsearch_narrative' AND outcome = 'refused'"),
	          before + 2);
	struct ss_query bad = { "Findshire", "2021-13", "2021-05", 0 };
	struct errlist lb = { 0 };
	CHECK(ss_narrative_save(st, &gov, &bad, "", "", &lb, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK(errlist_get(&lb, "from") && errlist_get(&lb, "reasons") && errlist_get(&lb, "action"));
	struct errlist l1 = { 0 }, l2 = { 0 };
	CHECK_INT(ss_narrative_save(st, &gov, &q, "Drug searches follow the night-time economy.", "First text.", &l1, &e), 0);
	CHECK_INT(ss_narrative_save(st, &gov, &q, "Drug searches follow the night-time economy.",
	                            "Supervisors review every drug search.", &l2, &e), 0);
	int n = 0;
	CHECK_INT(ss_narratives(st, &scrut, "Findshire", "2021-05", "2021-05", count_narr, &n, &e), 1);
	CHECK_INT(n, 1); /* saved again: replaced, not added */
	n = 0;
	CHECK_INT(ss_narratives(st, NULL, "Findshire", NULL, NULL, count_narr, &n, &e), 1);
	CHECK_INT(ss_narratives(st, &scrut, "Findshire", "2021-04", "2021-05", count_narr, &n, &e), 0);
	CHECK(ss_narratives(st, &staff, "Findshire", NULL, NULL, count_narr, &n, &e) < 0);
}

TEST(dip_sample_not_assessed_by_the_searching_officer)
{
	struct errlist el = { 0 };
	struct err e = { 0 };
	struct actor both;
	int64_t id = 0, mine = 0, other = 0;
	CHECK_INT(account_set_role(st, "staff1", ROLE_SCRUTINY, 1, &e), 0);
	fixture_load("staff1", &both);
	struct ss_sample_input in = { "Forceshire", "2020-07", "2020-08", "40", "777", 0, "sod1" };
	CHECK_INT(ss_sample_draw(st, &both, &in, &id, &el, &e), 0);
	store_int(st, NULL, &mine, "SELECT MIN(i.position) FROM ss_sample_items i JOIN ss_searches s ON s.id = i.search_id "
	          "WHERE i.sample_id = ? AND s.officer_staff_number = '3'", "i", id);
	store_int(st, NULL, &other, "SELECT MIN(i.position) FROM ss_sample_items i JOIN ss_searches s ON s.id = i.search_id "
	          "WHERE i.sample_id = ? AND s.officer_staff_number <> '3'", "i", id);
	CHECK(mine > 0 && other > 0);
	CHECK(!ss_sample_may_assess(st, &both, id, (int)mine));
	CHECK(ss_sample_may_assess(st, &both, id, (int)other));
	CHECK(ss_sample_may_assess(st, &scrut, id, (int)mine));
	CHECK(ss_sample_assess(st, &both, id, (int)mine, "yes", "", &el, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_HAS(e.msg, "separation of duties");
	CHECK_INT(ss_sample_assess(st, &both, id, (int)other, "yes", "", &el, &e), 0);
	CHECK_INT(ss_sample_assess(st, &scrut, id, (int)mine, "yes", "", &el, &e), 0);
	CHECK_INT(account_set_role(st, "staff1", ROLE_SCRUTINY, 0, &e), 0);
}

TEST_MAIN(T(rounding_half_away_from_zero), T(find_rates_by_legislation_object_age_and_group_worked_by_hand),
          T(officer_defined_mixed_not_comparable_and_population_source), T(narrative_written_by_governance_only), T(caveats_withhold_small_counts_under_disclosure_control), T(population_build_from_census_2021), T(publication_suppression), T(report_worked_by_hand), T(report_zero_population_and_zero_searches),
          T(report_single_group), T(cross_check_derbyshire_officer_defined), T(ethnicity_mapping), T(wilson_interval),
          T(import_keeps_identical_rows_and_reruns_add_nothing), T(import_errors_name_line_and_column),
          T(force_records_figures_and_officers), T(dip_sample_draw_assess_and_result), T(dip_sample_reasonable_grounds_powers_only), T(dip_sample_not_assessed_by_the_searching_officer),
          T(population_build_from_census))
