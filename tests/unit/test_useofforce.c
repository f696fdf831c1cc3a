/* Unit tests for use of force fairness (issue 26): who may see what (full,
 * disclosure-controlled, refused — each logged), the disclosure rule on the
 * report (a small group hidden, the next smallest with it), officers far
 * outside their peers (PSD only, the z statistic worked by hand), the
 * body-worn-video dip sample (scrutiny draws and assesses, never the officer
 * involved; the same seed draws the same records; stratified by tactic), and
 * that the dip-sample draw shared with stop and search draws exactly what
 * stop and search drew before it was shared; a large import for a new area
 * (loaded without the date index, built again at the end) stays all or
 * nothing and keyed. */
#include "test.h"
#include "fixture.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/auth.h"
#include "domain/dipsample.h"
#include "domain/useofforce.h"
#include "store/store.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct actor psd, gov, scrut, scrut_officer, pcc, staff;

__attribute__((constructor)) static void setup(void)
{
	fixture_open("uof");
	static const char *const hr[] = {
		"1,Ann,Psd,staff,Grade E,PSD,,,2010-01-01,",
		"2,Bob,Gov,staff,Grade C,Governance,,,2015-01-01,",
		"3,Cat,Staff,officer,Constable,Team,,,2016-01-01,",
		"4,Dan,Other,officer,Constable,Team,,,2016-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("psd1", "1", ROLE_PSD, &psd);
	fixture_account("gov1", "2", ROLE_GOVERNANCE, &gov);
	fixture_account("scrut1", NULL, ROLE_SCRUTINY, &scrut);
	fixture_account("scrut3", "3", ROLE_SCRUTINY, &scrut_officer);
	fixture_account("pcc1", NULL, ROLE_PCC, &pcc);
	fixture_account("staff4", "4", 0, &staff);
	/* Officer 3: 40 people, 30 of them Black, 20 with taser; officer 4: 200
	 * people, 20 Black, 10 taser. Mixed: 3 people (under k = 10). All with
	 * body-worn video. */
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 20);
	buf_adds(&b, UOF_HEADER "\n");
	int n = 0;
	for (int i = 0; i < 40; i++)
		buf_printf(&b, "A%d,2024-01-%02d,3,%s,Male,25-34,%s,Arrest,no,no,Arrested,yes\n", n++, 1 + i % 28,
		           i < 30 ? "Black" : "White", i < 20 ? "handcuffing;taser_fired" : "handcuffing");
	for (int i = 0; i < 200; i++)
		buf_printf(&b, "B%d,2024-02-%02d,4,%s,Female,25-34,%s,Protect self,no,yes,Released,yes\n", n++, 1 + i % 28,
		           i < 20 ? "Black" : i < 23 ? "Mixed" : "White", i < 10 ? "taser_drawn" : "ground_restraint");
	struct uof_import_stats s;
	struct err e = { 0 };
	if (uof_import_mem(st, "uof.csv", b.p, b.n, "Testshire", 0, &s, &e))
		fprintf(stderr, "setup import: %s\n", e.msg);
	buf_release(&b);
	store_exec(st, &e, "INSERT INTO ss_population(area, grp, population) VALUES ('Testshire', 'White', 90000),"
	                   " ('Testshire', 'Black', 3000), ('Testshire', 'Mixed', 2000), ('Testshire', 'Asian', 4000),"
	                   " ('Testshire', 'Other', 1000)", "");
}

static const struct uof_query q = { "Testshire", "2024-01-01", "2024-12-31", NULL };

static int64_t log_rows(const char *object_type, const char *outcome)
{
	int64_t n = 0;
	store_int(st, NULL, &n, "SELECT COUNT(*) FROM access_log WHERE object_type = ? AND outcome = ?", "tt", object_type,
	          outcome);
	return n;
}

TEST(report_full_for_governance_psd_and_refused_for_staff)
{
	struct uof_report r;
	struct err e = { 0 };
	CHECK_INT(uof_report(st, &gov, &q, &r, &e), 0);
	CHECK_INT(r.suppressed, 0);
	CHECK_INT(r.rows[SS_BLACK].c.searches, 50);
	CHECK_INT(r.rows[SS_MIXED].c.searches, 3);
	CHECK_INT(r.rows[SS_TOTAL].c.searches, 240);
	CHECK_INT(uof_report(st, &psd, &q, &r, &e), 0);
	int64_t before = log_rows("useofforce_report", "refused");
	CHECK(uof_report(st, &staff, &q, &r, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(log_rows("useofforce_report", "refused"), before + 1);
	CHECK(log_rows("useofforce_report", "ok") >= 2);
}

TEST(report_disclosure_controlled_for_scrutiny_and_pcc)
{
	struct uof_report r;
	struct err e = { 0 };
	CHECK_INT(uof_report(st, &scrut, &q, &r, &e), 0);
	CHECK_INT(r.suppressed, 1);
	/* Mixed (3) is under k = 10; it alone hidden would be recoverable from the
	 * Total, so the next smallest non-empty group (Black, 50) goes too. */
	CHECK(r.hidden & (1u << SS_MIXED));
	CHECK(r.hidden & (1u << SS_BLACK));
	CHECK(!(r.hidden & (1u << SS_WHITE)));
	CHECK_INT(r.rows[SS_MIXED].c.searches, 0);
	CHECK_STR(r.rows[SS_BLACK].rate, "");
	CHECK_INT(r.rows[SS_TOTAL].c.searches, 240);
	struct buf b = BUF_INIT;
	buf_init(&b, 4096);
	uof_report_csv(&r, &b);
	CHECK_HAS(buf_str(&b), "Mixed,2000,[c],,,,");
	CHECK_HAS(buf_str(&b), "Black,3000,[c],,,,");
	buf_release(&b);
	CHECK_INT(uof_report(st, &pcc, &q, &r, &e), 0);
	CHECK_INT(r.suppressed, 1);
	struct uof_figures f;
	CHECK_INT(uof_figures(st, &pcc, &q, &f, &e), 0);
	CHECK_INT(f.g[SS_MIXED].people, 0);
	CHECK_INT(f.g[SS_TOTAL].people, 240);
	CHECK_INT(uof_figures(st, &gov, &q, &f, &e), 0);
	CHECK_INT(f.g[SS_MIXED].people, 3);
	CHECK_INT(f.g[SS_TOTAL].off_inj, 200);
	CHECK_INT(f.g[SS_TOTAL].bwv_on, 240);
}

TEST(report_by_tactic_and_trend)
{
	struct uof_report r;
	struct err e = { 0 };
	struct uof_query t = q;
	t.tactic = UOF_TASER_DISCHARGE;
	CHECK_INT(uof_report(st, &gov, &t, &r, &e), 0);
	CHECK_INT(r.rows[SS_BLACK].c.searches, 20);
	CHECK_INT(r.rows[SS_TOTAL].c.searches, 20);
	t.tactic = "taser_drawn";
	CHECK_INT(uof_report(st, &gov, &t, &r, &e), 0);
	CHECK_INT(r.rows[SS_BLACK].c.searches, 10);
	t.tactic = "crossbow";
	CHECK(uof_report(st, &gov, &t, &r, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	struct ss_month *m;
	size_t n;
	CHECK_INT(uof_trend(st, &psd, &q, &m, &n, &e), 0);
	CHECK_INT(n, 2);
	CHECK_STR(m[0].month, "2024-01");
	CHECK_INT(m[0].rows[SS_TOTAL].c.searches, 40);
	CHECK_INT(m[1].rows[SS_TOTAL].c.searches, 200);
	free(m);
	CHECK(uof_trend(st, &staff, &q, &m, &n, &e) != 0);
}

TEST(officers_psd_only_with_z_by_hand)
{
	struct uof_officer *o;
	size_t n;
	int64_t min;
	double z;
	struct err e = { 0 };
	int64_t before = log_rows("useofforce_officers", "refused");
	CHECK(uof_officers(st, &gov, &q, &o, &n, &min, &z, &e) != 0);
	CHECK(uof_officers(st, &scrut, &q, &o, &n, &min, &z, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(log_rows("useofforce_officers", "refused"), before + 2);
	CHECK_INT(uof_officers(st, &psd, &q, &o, &n, &min, &z, &e), 0);
	CHECK_INT(n, 2);
	/* Two officers: each is far outside the other, so both are listed; the
	 * one with more people first. */
	struct uof_officer *o3 = n == 2 ? &o[1] : NULL;
	if (o3) {
		CHECK_STR(o3->staff_number, "3");
		CHECK_STR(o3->name, "Cat Staff");
		CHECK_INT(o3->listed, 1);
		CHECK_INT(o[0].listed, 1);
		/* 30 of 40 not White against the peers' 23 of 200:
		 * (0.75 - 0.115) / sqrt(0.115 * 0.885 / 40) = 12.6 */
		CHECK(fabs(o3->minority_z - 0.635 / sqrt(0.115 * 0.885 / 40)) < 1e-9);
		/* any taser: 20 of 40 against 10 of 200 */
		CHECK(fabs(o3->taser_z - 0.45 / sqrt(0.05 * 0.95 / 40)) < 1e-9);
	}
	free(o);
	CHECK(log_rows("useofforce_officers", "ok") >= 1);
}

TEST(dip_draw_is_stop_and_searchs_draw)
{
	/* Pinned from stop and search's own draw before it was shared (seed 2026):
	 * 30 candidates, 7 drawn, and 3 strata of 10, 4 and 16. */
	int64_t c0[10], c1[4], c2[16], all[30], pick[7];
	int pg[7];
	for (int i = 0; i < 30; i++)
		all[i] = 1 + i;
	size_t k = dip_draw(NULL, NULL, 0, all, 30, 7, 2026, 0, pick, pg);
	CHECK_INT(k, 7);
	static const int64_t want[7] = { 2, 28, 21, 22, 20, 25, 13 };
	for (int i = 0; i < 7; i++)
		CHECK_INT(pick[i], want[i]);
	for (int i = 0; i < 10; i++) c0[i] = 1 + i;
	for (int i = 0; i < 4; i++) c1[i] = 11 + i;
	for (int i = 0; i < 16; i++) c2[i] = 15 + i;
	int64_t *cand[3] = { c0, c1, c2 };
	size_t nc[3] = { 10, 4, 16 };
	k = dip_draw(cand, nc, 3, NULL, 0, 7, 2026, 1, pick, pg);
	CHECK_INT(k, 7);
	static const int64_t want_s[7] = { 2, 10, 13, 17, 22, 26, 19 };
	static const int want_g[7] = { 0, 0, 1, 2, 2, 2, 2 };
	for (int i = 0; i < 7; i++) {
		CHECK_INT(pick[i], want_s[i]);
		CHECK_INT(pg[i], want_g[i]);
	}
	struct errlist el = { 0 };
	long long size;
	uint64_t seed;
	CHECK(dip_size_seed("0", "x", &size, &seed, &el) != 0);
	CHECK(errlist_get(&el, "size") && errlist_get(&el, "seed"));
}

TEST(bwv_sample_scrutiny_draws_and_assesses_never_the_officer)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = 0, id2 = 0;
	struct uof_sample_input in = { "Testshire", "2024-01-01", "2024-12-31", NULL, "20", "99", UOF_STRATA_TACTIC, "k1" };
	CHECK(uof_sample_draw(st, &gov, &in, &id, &errs, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(uof_sample_draw(st, &scrut, &in, &id, &errs, &e), 0);
	CHECK(id > 0);
	CHECK_INT(uof_sample_draw(st, &scrut, &in, &id2, &errs, &e), 0); /* resubmitted form */
	CHECK_INT(id2, id);
	struct uof_sample_input again = in;
	again.submit_key = "k2";
	CHECK_INT(uof_sample_draw(st, &scrut, &again, &id2, &errs, &e), 0);
	struct uof_sample s1, s2;
	struct uof_sample_item *a, *b;
	size_t na, nb;
	CHECK_INT(uof_sample_get(st, &scrut, id, &s1, &a, &na, &e), 0);
	CHECK_INT(uof_sample_get(st, &psd, id2, &s2, &b, &nb, &e), 0);
	CHECK_INT(na, 20);
	int same = na == nb, taser = 0;
	for (size_t i = 0; i < na && i < nb; i++) {
		same &= !strcmp(a[i].incident_ref, b[i].incident_ref);
		taser += strstr(a[i].tactics, "taser_") != NULL;
	}
	CHECK(same);
	/* By kind of force: taser is 30 of 240 records -> 20 * 30 / 240 = 2.5; the
	 * remainders (restraint 17.5, taser 2.5) tie and go to the lower stratum. */
	CHECK_INT(taser, 2);
	CHECK_STR(s1.strata, "tactic");
	free(b);
	struct uof_sample_item *none;
	size_t nn;
	CHECK(uof_sample_get(st, &pcc, id, &s1, &none, &nn, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	/* Assess: a comment unless proportionate; scrutiny only; not the officer. */
	struct errlist el = { 0 };
	CHECK(uof_sample_assess(st, &scrut, id, 1, "not", "", &el, &e) != 0);
	CHECK(errlist_get(&el, "comment") != NULL);
	memset(&el, 0, sizeof el);
	CHECK(uof_sample_assess(st, &gov, id, 1, "proportionate", "", &el, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	int mine = 0, other = 0;
	for (size_t i = 0; i < na; i++) {
		int64_t officer3 = 0;
		store_int(st, NULL, &officer3,
		          "SELECT 1 FROM uof_sample_items i JOIN uof_records r ON r.id = i.record_id"
		          " WHERE i.sample_id = ? AND i.position = ? AND r.officer_staff_number = '3'",
		          "id", id, a[i].position);
		if (officer3 && !mine) mine = a[i].position;
		if (!officer3 && !other) other = a[i].position;
	}
	free(a);
	CHECK(mine > 0 && other > 0);
	CHECK(!uof_sample_may_assess(st, &scrut_officer, id, mine));
	CHECK(uof_sample_may_assess(st, &scrut_officer, id, other));
	CHECK(uof_sample_assess(st, &scrut_officer, id, mine, "proportionate", "", &el, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_HAS(e.msg, "separation of duties");
	CHECK_INT(uof_sample_assess(st, &scrut_officer, id, other, "not", "Kneeling on the back after compliance", &el, &e), 0);
	CHECK_INT(uof_sample_assess(st, &scrut, id, mine, "proportionate", "", &el, &e), 0);
	CHECK_INT(uof_sample_assess(st, &scrut, id, 3 == mine || 3 == other ? 4 : 3, "nei", "Camera faced away", &el, &e), 0);
	struct ss_sample_group g[SS_NGROUPS + 1];
	CHECK_INT(uof_sample_groups(st, id, g, &e), 0);
	CHECK_INT(g[SS_TOTAL].assessed, 3);
	CHECK_INT(g[SS_TOTAL].yes, 1);
	CHECK_INT(g[SS_TOTAL].no, 1);
	CHECK_INT(g[SS_TOTAL].nei, 1);
	struct uof_sample *list;
	size_t nl;
	CHECK_INT(uof_samples_list(st, &gov, &list, &nl, &e), 0);
	CHECK_INT(nl, 2);
	if (nl == 2)
		CHECK_INT(list[1].assessed, 3);
	free(list);
	CHECK(uof_samples_list(st, &staff, &list, &nl, &e) != 0);
}

/* A large file for a new area loads without the (area, date) index, which is
 * built again at the end in the same transaction (SQLite): a dry run and a
 * file failing on its last row leave the index and store nothing, the real
 * import stores every row with the counts in step, and a rerun changes
 * nothing. */
static int64_t date_index_present(void)
{
	int64_t n = 1; /* PostgreSQL keeps the index throughout */
	if (!strcmp(store_backend(st), "sqlite"))
		store_int(st, NULL, &n, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'uof_records_date'",
		          "");
	return n;
}

TEST(large_import_for_new_area_rebuilds_date_index_all_or_nothing)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 5 << 20);
	buf_adds(&b, UOF_HEADER "\n");
	int n = 0;
	while (b.n < (4u << 20) + 4096) {
		buf_printf(&b, "L%07d,2023-%02d-%02d,%d,%s,Male,18-34,%s,Protect self from an assault in progress,no,no,Arrested,yes\n",
		           n, 1 + (n * 7) % 12, 1 + (n * 13) % 28, 1000 + n % 50, n % 5 ? "White" : "Black",
		           n % 9 ? "handcuffing" : "handcuffing;taser_fired");
		n++;
	}
	struct uof_import_stats s;
	struct err e = { 0 };
	int64_t stored = -1, people = -1;
	CHECK_INT(uof_import_mem(st, "big.csv", b.p, b.n, "Bigshire", 1, &s, &e), 0);
	CHECK_INT(s.created, n);
	CHECK_INT(date_index_present(), 1);
	store_int(st, NULL, &stored, "SELECT COUNT(*) FROM uof_records WHERE area = 'Bigshire'", "");
	CHECK_INT(stored, 0);
	size_t len = b.n;
	buf_adds(&b, "Lbad,2023-02-30,1000,White,Male,18-34,handcuffing,Protect self,no,no,Arrested,yes\n");
	CHECK(uof_import_mem(st, "big.csv", b.p, b.n, "Bigshire", 0, &s, &e) != 0);
	char want[64];
	snprintf(want, sizeof want, "big.csv:%d: date: '2023-02-30'", n + 2);
	CHECK_HAS(e.msg, want);
	CHECK_INT(date_index_present(), 1);
	store_int(st, NULL, &stored, "SELECT COUNT(*) FROM uof_records WHERE area = 'Bigshire'", "");
	CHECK_INT(stored, 0);
	CHECK_INT(uof_import_mem(st, "big.csv", b.p, len, "Bigshire", 0, &s, &e), 0);
	CHECK_INT(s.created, n);
	CHECK_INT(date_index_present(), 1);
	store_int(st, NULL, &stored, "SELECT COUNT(*) FROM uof_records WHERE area = 'Bigshire'", "");
	CHECK_INT(stored, n);
	store_int(st, NULL, &people, "SELECT SUM(people) FROM uof_counts WHERE area = 'Bigshire' AND tactic = ''", "");
	CHECK_INT(people, n);
	store_int(st, NULL, &people,
	          "SELECT SUM(people) FROM uof_counts WHERE area = 'Bigshire' AND tactic = 'taser_discharge'", "");
	CHECK_INT(people, (n + 8) / 9);
	CHECK_INT(uof_import_mem(st, "big.csv", b.p, len, "Bigshire", 0, &s, &e), 0);
	CHECK_INT(s.created, 0);
	CHECK_INT(s.updated, 0);
	CHECK_INT(s.unchanged, n);
	buf_release(&b);
}

struct bg_import {
	const char *csv;
	int rc;
	struct err e;
};

static void *bg_import_run(void *arg)
{
	struct bg_import *b = arg;
	struct uof_import_stats s;
	b->rc = uof_import_mem(st, "race.csv", b->csv, strlen(b->csv), "Raceshire", 0, &s, &b->e);
	return NULL;
}

/* The import checks every row before it takes the write lock (csv_import.h's
 * apply step): while another connection holds the lock, a file with a bad
 * row is refused at once with its file:line: column (before, the import
 * took the lock first and waited for it). Its look-ups of stored records are
 * made before the lock, so another import of records written in between
 * refuses it (ERR_CONFLICT, nothing written) instead of applying stale
 * counts; run again, it imports. SQLite: PostgreSQL's write lock is an
 * advisory lock this test does not take. */
TEST(import_checks_before_the_write_lock_and_refuses_stale_look_ups)
{
	if (strcmp(store_backend(st), "sqlite"))
		return;
	static const char good[] = UOF_HEADER "\n"
		"R1,2024-05-01,3,White,Male,25-34,handcuffing,Arrest,no,no,Arrested,yes\n"
		"R2,2024-05-02,3,Black,Male,25-34,handcuffing,Arrest,no,no,Arrested,yes\n";
	static const char bad[] = UOF_HEADER "\n"
		"R1,2024-05-01,3,White,Male,25-34,handcuffing,Arrest,no,no,Arrested,yes\n"
		"R2,2024-05-32,3,Black,Male,25-34,handcuffing,Arrest,no,no,Arrested,yes\n";
	struct store *other = NULL;
	struct err e = { 0 };
	struct uof_import_stats s;
	CHECK_INT(store_open(&other, dbpath, &e), 0);
	if (!other)
		return;
	CHECK_INT(store_begin(other, &e), 0);
	CHECK(uof_import_mem(st, "bad.csv", bad, strlen(bad), "Raceshire", 0, &s, &e) != 0);
	CHECK_HAS(e.msg, "bad.csv:3: date: '2024-05-32'");
	/* a good file waits for the lock; meanwhile another import is written */
	struct bg_import b = { .csv = good, .rc = 99 };
	pthread_t t;
	CHECK_INT(pthread_create(&t, NULL, bg_import_run, &b), 0);
	usleep(1000 * 1000);
	CHECK_INT(store_exec(other, &e,
	                     "INSERT INTO change_counters(name, value) VALUES ('uof_import', 1) "
	                     "ON CONFLICT(name) DO UPDATE SET value = change_counters.value + 1", ""), 0);
	CHECK_INT(store_commit(other, &e), 0);
	pthread_join(t, NULL);
	CHECK(b.rc != 0);
	CHECK_INT(b.e.code, ERR_CONFLICT);
	CHECK_HAS(b.e.msg, "race.csv: another use of force import was written while this file was checked");
	int64_t stored = -1;
	store_int(st, NULL, &stored, "SELECT COUNT(*) FROM uof_records WHERE area = 'Raceshire'", "");
	CHECK_INT(stored, 0);
	CHECK_INT(uof_import_mem(st, "race.csv", good, strlen(good), "Raceshire", 0, &s, &e), 0);
	CHECK_INT(s.created, 2);
	store_int(st, NULL, &stored, "SELECT SUM(people) FROM uof_counts WHERE area = 'Raceshire' AND tactic = ''", "");
	CHECK_INT(stored, 2);
	store_close(other);
}

TEST_MAIN(T(report_full_for_governance_psd_and_refused_for_staff), T(report_disclosure_controlled_for_scrutiny_and_pcc),
          T(report_by_tactic_and_trend), T(officers_psd_only_with_z_by_hand), T(dip_draw_is_stop_and_searchs_draw),
          T(bwv_sample_scrutiny_draws_and_assesses_never_the_officer),
          T(large_import_for_new_area_rebuilds_date_index_all_or_nothing),
          T(import_checks_before_the_write_lock_and_refuses_stale_look_ups))
