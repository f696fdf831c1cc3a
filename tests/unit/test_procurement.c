/* Unit tests for the procurement cross-check: supplier name normalisation
 * and scoring (the examples), the contract importer (header,
 * mapping, all-or-nothing, rerun), the matching engine (window, threshold,
 * interest statuses, sort order, CSV), reviews and access. */
#include "test.h"
#include "fixture.h"
#include "core/err.h"
#include "domain/auth.h"
#include "domain/gifts.h"
#include "domain/interests.h"
#include "domain/people.h"
#include "domain/procurement.h"
#include "store/store.h"
#include <unistd.h>

static struct actor psd, acu, staff, sys;
static char tmpcsv[80];

static void remove_tmpcsv(void)
{
	unlink(tmpcsv);
}

__attribute__((constructor)) static void setup(void)
{
	struct err e = { 0 };
	struct import_stats s;
	fixture_open("proc");
	snprintf(tmpcsv, sizeof tmpcsv, "/tmp/probity-test-proc-%d.csv", (int)getpid());
	atexit(remove_tmpcsv);
	static const char *const hr[] = {
		"100,Ann,Able,staff,Grade E,Procurement,,,2010-01-01,",
		"200,Ben,Baker,staff,Grade D,Fleet,,,2010-01-01,",
		"300,Cat,Cole,staff,Grade C,ICT,,,2010-01-01,",
		"400,Dan,Psd,staff,Grade E,PSD,,,2010-01-01,",
		"500,Eve,Acu,officer,Constable,ACU,,,2010-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("dan", "400", ROLE_PSD, &psd);
	fixture_account("eve", "500", ROLE_ACU, &acu);
	fixture_account("ann", "100", 0, &staff);
	actor_system(&sys);
	/* Gifts: Acme Security twice (in and out of the window), Acme Foods once. */
	fixture_write_file(tmpcsv, "staff_number,date_offered,offeror,kind,description,value,accepted,reason\n"
	                   "100,2025-03-01,ACME Security Limited,hospitality,Dinner,80.00,yes,Networking\n"
	                   "200,2023-01-01,Acme Security Ltd,gift,Pen,5.00,no,Declined\n"
	                   "300,2025-05-01,Acme Foods,gift,Hamper,40.00,no,Declined\n"
	                   "100,2025-07-01,The Acme Security Ltd.,hospitality,After the award,50.00,yes,Late\n");
	if (gifts_import(st, tmpcsv, 0, &s, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
	fixture_write_file(tmpcsv, INTERESTS_IMPORT_HEADER "\n"
	                   "300,shareholding,Acme Security Co,Shares,2024-01-10,approved\n"
	                   "200,second_job,ACME SECURITY,Weekend guard,2022-01-01,refused\n"
	                   "100,directorship,Acme Security,Director,2021-01-01,ended\n");
	if (interests_import(st, tmpcsv, 0, &s, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
}

TEST(normalise_examples)
{
	char out[SUPPLIER_NAME_MAX];
	supplier_normalise("Acme Security Ltd", out, sizeof out);
	CHECK_STR(out, "acme security");
	supplier_normalise("ACME Security Limited", out, sizeof out);
	CHECK_STR(out, "acme security");
	supplier_normalise("  The Acme Security Ltd. ", out, sizeof out);
	CHECK_STR(out, "acme security");
	supplier_normalise("Marks & Spencer PLC", out, sizeof out);
	CHECK_STR(out, "marks and spencer");
	supplier_normalise("Marks and Spencer plc", out, sizeof out);
	CHECK_STR(out, "marks and spencer");
	supplier_normalise("Greystone Legal LLP", out, sizeof out);
	CHECK_STR(out, "greystone legal");
	supplier_normalise("O'Brien's Cafe", out, sizeof out);
	CHECK_STR(out, "obriens cafe");
	supplier_normalise("A.B.C. Taxis", out, sizeof out);
	CHECK_STR(out, "abc taxis");
	supplier_normalise("Smith-Jones (UK) Ltd", out, sizeof out);
	CHECK_STR(out, "smith jones uk");
	supplier_normalise("Limited", out, sizeof out); /* nothing but a legal form: kept */
	CHECK_STR(out, "limited");
	supplier_normalise("The", out, sizeof out);
	CHECK_STR(out, "the");
	supplier_normalise("", out, sizeof out);
	CHECK_STR(out, "");
	char small[6];
	supplier_normalise("Kestrel Digital", small, sizeof small);
	CHECK_STR(small, "kestr");
}

TEST(score_examples)
{
	CHECK(supplier_score("Acme Security Ltd", "ACME Security Limited") > 0.999);
	double foods = supplier_score("Acme Security Ltd", "Acme Foods");
	CHECK(foods < 0.8);
	char s[16];
	snprintf(s, sizeof s, "%.2f", foods);
	CHECK_STR(s, "0.45");
	CHECK(supplier_score("Kestrel Digital Systems Ltd", "KESTREL DIGITAL SYSTEM") >= 0.8);
	CHECK(supplier_score("Castlegate Fleet Solutions Ltd", "Castlegate Fleet Solutions") > 0.999);
	CHECK(supplier_score("Castlegate Fleet Solutions", "CASTLEGATE FLEET SOLUTION") >= 0.8);
	/* One word different: different companies. */
	CHECK(supplier_score("North Security Services", "South Security Services") < 0.8);
	CHECK(supplier_score("North Digital Group", "South Digital Group") < 0.8);
	CHECK(supplier_score("Helix Software Solutions Ltd", "Helix Software Solutions") > 0.999);
	CHECK(supplier_score("Cobalt Network Services", "Cobalt Security Services") < 0.8);
	CHECK(supplier_similarity("", "acme") == 0.0);
	/* Symmetric. */
	CHECK(supplier_score("Acme Foods", "Acme Security") == supplier_score("Acme Security", "Acme Foods"));
}

TEST(import_header_rerun_and_errors)
{
	struct import_stats s;
	struct err e = { 0 };
	int64_t n = 0;
	fixture_write_file(tmpcsv, PROCUREMENT_IMPORT_HEADER "\n"
	                   "Acme Security Ltd,C-001,Guarding,2025-06-01,\"120,000.00\",Estates\n"
	                   "Acme Foods,C-002,Canteen,2025-06-01,5000,Estates\n");
	CHECK_INT(procurement_import(st, NULL, tmpcsv, NULL, 1, &s, &e), 0); /* dry run */
	store_int(st, &e, &n, "SELECT COUNT(*) FROM contracts", "");
	CHECK_INT(n, 0);
	CHECK_INT(procurement_import(st, NULL, tmpcsv, NULL, 0, &s, &e), 0);
	CHECK_INT(s.created, 2);
	CHECK_INT(procurement_import(st, NULL, tmpcsv, NULL, 0, &s, &e), 0);
	CHECK_INT(s.created, 0);
	CHECK_INT(s.unchanged, 2);
	int64_t v = 0;
	store_int(st, &e, &v, "SELECT value_pence FROM contracts WHERE contract_ref = 'C-001'", "");
	CHECK_INT(v, 12000000);
	/* A bad row rejects the file, naming line and column. */
	fixture_write_file(tmpcsv, PROCUREMENT_IMPORT_HEADER "\n"
	                   "New Supplier,C-003,X,2025-06-01,1,D\n"
	                   "Bad Date Ltd,C-004,X,2025-02-30,1,D\n");
	CHECK(procurement_import(st, NULL, tmpcsv, NULL, 0, &s, &e) != 0);
	CHECK_HAS(e.msg, ":3: award_date:");
	store_int(st, &e, &n, "SELECT COUNT(*) FROM contracts", "");
	CHECK_INT(n, 2);
	fixture_write_file(tmpcsv, PROCUREMENT_IMPORT_HEADER "\nX,C-005,X,2025-06-01,ten pounds,D\n");
	CHECK(procurement_import(st, NULL, tmpcsv, NULL, 0, &s, &e) != 0);
	CHECK_HAS(e.msg, ":2: value:");
	fixture_write_file(tmpcsv, PROCUREMENT_IMPORT_HEADER "\nX,C-006,X,2025-06-01,1,D\nY,C-006,X,2025-06-01,1,D\n");
	CHECK(procurement_import(st, NULL, tmpcsv, NULL, 0, &s, &e) != 0);
	CHECK_HAS(e.msg, ":3: contract_ref:");
	fixture_write_file(tmpcsv, "supplier,ref\nX,Y\n");
	CHECK(procurement_import(st, NULL, tmpcsv, NULL, 0, &s, &e) != 0);
	CHECK_HAS(e.msg, ":1: header");
	/* A changed row updates the contract. */
	fixture_write_file(tmpcsv, PROCUREMENT_IMPORT_HEADER "\nAcme Foods,C-002,Canteen and vending,2025-06-01,5000,Estates\n");
	CHECK_INT(procurement_import(st, NULL, tmpcsv, NULL, 0, &s, &e), 0);
	CHECK_INT(s.updated, 1);
	/* Access: staff cannot import. */
	CHECK(procurement_import(st, &staff, tmpcsv, NULL, 0, &s, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

TEST(import_with_mapping)
{
	struct import_stats s;
	struct err e = { 0 };
	struct proc_mapping m = { { 0 } };
	CHECK_INT(proc_mapping_set(&m, "supplier=Vendor name", &e), 0);
	CHECK_INT(proc_mapping_set(&m, "contract_ref=Ref", &e), 0);
	CHECK_INT(proc_mapping_set(&m, "award_date=Awarded", &e), 0);
	CHECK(proc_mapping_set(&m, "colour=Red", &e) != 0);
	fixture_write_file(tmpcsv, "Ref,Extra,Vendor name,Awarded\nM-1,ignored,Northgate Catering Ltd,2025-01-01\n");
	CHECK_INT(procurement_import(st, NULL, tmpcsv, &m, 0, &s, &e), 0);
	CHECK_INT(s.created, 1);
	char sup[64] = "";
	store_text(st, &e, sup, sizeof sup, "SELECT supplier_norm FROM contracts WHERE contract_ref = 'M-1'", "");
	CHECK_STR(sup, "northgate catering");
	struct proc_mapping m2 = { { 0 } };
	proc_mapping_set(&m2, "supplier=Missing", &e);
	CHECK(procurement_import(st, NULL, tmpcsv, &m2, 0, &s, &e) != 0);
	CHECK_HAS(e.msg, "no column \"Missing\"");
}

TEST(check_flags_window_statuses_and_csv)
{
	struct proc_run *r = NULL;
	struct err e = { 0 };
	struct proc_options o = { 12, 0 };
	struct import_stats s;
	fixture_write_file(tmpcsv, PROCUREMENT_IMPORT_HEADER "\n"
	                   "Acme Security Ltd,C-001,Guarding,2025-06-01,\"120,000.00\",Estates\n"
	                   "Acme Foods,C-002,Canteen,2025-06-01,5000,Estates\n");
	CHECK_INT(procurement_import(st, NULL, tmpcsv, NULL, 0, &s, &e), 0);
	CHECK_INT(procurement_check(st, &sys, &o, &r, &e), 0);
	struct buf b;
	buf_init(&b, 0);
	CHECK_INT(proc_run_csv(r, &b), 0);
	/* C-001 Acme Security, awarded 2025-06-01: the 2025-03-01 dinner (in the
	 * window), not the 2023 pen or the gift after the award; the approved
	 * shareholding, not the refused or ended interests. C-002 Acme Foods:
	 * the hamper. Sorted by contract_ref, staff_number, record_date. */
	CHECK_STR(buf_str(&b), PROCUREMENT_CHECK_HEADER "\n"
	                       "Acme Security Ltd,C-001,2025-06-01,gift,ACME Security Limited,100,2025-03-01,1.00\n"
	                       "Acme Security Ltd,C-001,2025-06-01,business_interest,Acme Security Co,300,2024-01-10,0.85\n"
	                       "Acme Foods,C-002,2025-06-01,gift,Acme Foods,300,2025-05-01,1.00\n");
	buf_release(&b);
	proc_run_free(r);
	/* A longer window brings in the 2023 pen. */
	o.window_months = 36;
	CHECK_INT(procurement_check(st, &sys, &o, &r, &e), 0);
	buf_init(&b, 0);
	proc_run_csv(r, &b);
	CHECK_HAS(buf_str(&b), "C-001,2025-06-01,gift,Acme Security Ltd,200,2023-01-01,1.00");
	CHECK_INT(proc_run_count(r), 4);
	buf_release(&b);
	proc_run_free(r);
	/* A strict threshold drops the 0.85 match. */
	o.window_months = 12;
	o.threshold = 0.9;
	CHECK_INT(procurement_check(st, &sys, &o, &r, &e), 0);
	CHECK_INT(proc_run_count(r), 2);
	proc_run_free(r);
}

TEST(check_access_and_reviews)
{
	struct proc_run *r = NULL;
	struct err e = { 0 };
	struct import_stats s;
	fixture_write_file(tmpcsv, PROCUREMENT_IMPORT_HEADER "\nAcme Security Ltd,C-001,Guarding,2025-06-01,1,Estates\n");
	procurement_import(st, NULL, tmpcsv, NULL, 0, &s, &e);
	CHECK(procurement_check(st, &staff, NULL, &r, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(r == NULL);
	CHECK_INT(procurement_check(st, &acu, NULL, &r, &e), 0);
	CHECK(proc_run_count(r) >= 1);
	struct proc_flag f;
	proc_run_flag(r, 0, &f);
	struct proc_flag_detail d;
	CHECK(procurement_flag_get(st, &staff, f.contract_id, f.match, f.record_id, &d, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(procurement_flag_get(st, &acu, f.contract_id, f.match, f.record_id, &d, &e), 0);
	CHECK_STR(d.c.contract_ref, f.contract_ref);
	CHECK_STR(d.name, f.matched_name);
	struct errlist l = { 0 };
	/* Only PSD reviews; a note is required. */
	CHECK(procurement_review(st, &acu, f.contract_id, f.match, f.record_id, "no_concern", "Fine", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(procurement_review(st, &psd, f.contract_id, f.match, f.record_id, "no_concern", "", &l, &e) != 0);
	CHECK(errlist_get(&l, "note") != NULL);
	memset(&l, 0, sizeof l);
	CHECK_INT(procurement_review(st, &psd, f.contract_id, f.match, f.record_id, "referred_to_acu", "Repeat hospitality",
	                             &l, &e), 0);
	struct proc_review rv;
	CHECK_INT(procurement_review_get(st, f.contract_id, f.match, f.record_id, &rv, &e), 0);
	CHECK_STR(rv.outcome, "referred_to_acu");
	CHECK_STR(rv.reviewer, "Dan Psd"); /* the person, not the login */
	/* A second review replaces the first. */
	CHECK_INT(procurement_review(st, &psd, f.contract_id, f.match, f.record_id, "advice_given", "Advised", &l, &e), 0);
	procurement_review_get(st, f.contract_id, f.match, f.record_id, &rv, &e);
	CHECK_STR(rv.outcome, "advice_given");
	CHECK(procurement_review(st, &psd, f.contract_id, "gift", 999999, "no_concern", "x", &l, &e) != 0);
	CHECK_INT(e.code, ERR_NOTFOUND);
	proc_run_free(r);
}

static int rnd(uint64_t *x, int n)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (int)(*x % (uint64_t)n);
}

/* The indexed engine finds exactly the pairs a brute-force comparison of
 * every contract with every gift finds (same threshold, all in the window). */
TEST(engine_agrees_with_brute_force)
{
	static const char *const w1[] = { "North", "South", "Kestrel", "Castle", "Helix", "Nort" };
	static const char *const w2[] = { "Digital", "Fleet", "Security", "Securty", "Software" };
	static const char *const w3[] = { "Systems", "System", "Services", "Group", "" };
	static const char *const suf[] = { " Ltd", " Limited", "", " PLC", " LLP" };
	char gifts[64][96], cons[24][96];
	uint64_t x = 88172645463325252ULL;
	struct buf g, c;
	buf_init(&g, 0);
	buf_init(&c, 0);
	buf_adds(&g, "staff_number,date_offered,offeror,kind,description,value,accepted,reason\n");
	buf_adds(&c, PROCUREMENT_IMPORT_HEADER "\n");
	for (int i = 0; i < 64; i++) {
		int a = rnd(&x, 6), b = rnd(&x, 5), c3 = rnd(&x, 5), d = rnd(&x, 5);
		snprintf(gifts[i], sizeof gifts[i], "%s %s %s%s", w1[a], w2[b], w3[c3], suf[d]);
		buf_printf(&g, "200,2025-01-%02d,%s,gift,Brute %d,1.00,no,Test\n", 1 + i % 28, gifts[i], i);
	}
	for (int i = 0; i < 24; i++) {
		int a = rnd(&x, 6), b = rnd(&x, 5), c3 = rnd(&x, 5), d = rnd(&x, 5);
		snprintf(cons[i], sizeof cons[i], "%s %s %s%s", w1[a], w2[b], w3[c3], suf[d]);
		buf_printf(&c, "%s,BF-%02d,T,2025-02-01,1,D\n", cons[i], i);
	}
	struct import_stats s;
	struct err e = { 0 };
	fixture_write_file(tmpcsv, buf_str(&g));
	CHECK_INT(gifts_import(st, tmpcsv, 0, &s, &e), 0);
	fixture_write_file(tmpcsv, buf_str(&c));
	CHECK_INT(procurement_import(st, NULL, tmpcsv, NULL, 0, &s, &e), 0);
	buf_release(&g);
	buf_release(&c);
	const double ts[] = { 0.8, 0.65, 0.95 };
	for (int k = 0; k < 3; k++) {
		long want = 0, got = 0;
		for (int i = 0; i < 24; i++)
			for (int j = 0; j < 64; j++)
				want += supplier_score(cons[i], gifts[j]) + 1e-9 >= ts[k];
		struct proc_options o = { 1, ts[k] };
		struct proc_run *r = NULL;
		CHECK_INT(procurement_check(st, &sys, &o, &r, &e), 0);
		for (size_t i = 0; r && i < proc_run_count(r); i++) {
			struct proc_flag f;
			proc_run_flag(r, i, &f);
			got += !strncmp(f.contract_ref, "BF-", 3) && !strcmp(f.match, "gift");
		}
		CHECK(want > 0);
		CHECK_INT(got, want);
		proc_run_free(r);
	}
}

TEST_MAIN(T(normalise_examples), T(score_examples), T(import_header_rerun_and_errors), T(import_with_mapping),
          T(check_flags_window_statuses_and_csv), T(check_access_and_reviews),
          T(engine_agrees_with_brute_force))
