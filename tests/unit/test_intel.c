/* Unit tests for counter-corruption intelligence (src/domain/intel.c) and
 * the anonymity mechanism (src/domain/anon.c): category and grade required
 * by every route and by the schema, the rationale rule, closure only by a
 * reviewer who is not owner, creator or subject (each refusal logged), the
 * subject never sees the item, the quality sample's arithmetic and its
 * reproducible draw, receipts, image stripping, the form token and the
 * rate limit. */
#include "test.h"
#include "fixture.h"
#include "core/date.h"
#include "domain/anon.h"
#include "domain/audit.h"
#include "domain/intel.h"
#include "domain/intel_reports.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static struct actor ana, ben, dora, carl, psd;

__attribute__((constructor)) static void setup(void)
{
	fixture_open("intel");
	static const char *const hr[] = {
		"1,Ana,Analyst,staff,Grade E,ACU,,,2010-01-01,",
		"2,Ben,Analyst,staff,Grade E,ACU,,,2012-01-01,",
		"3,Dora,Inspector,officer,Detective Inspector,ACU,,,2009-01-01,",
		"4,Carl,Constable,officer,Constable,Response,,,2018-01-01,",
		"5,Pat,Standards,staff,Grade D,PSD,,,2015-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("ana", "1", ROLE_ACU, &ana);
	fixture_account("ben", "2", ROLE_ACU | ROLE_REVIEWER, &ben);
	fixture_account("dora", "3", ROLE_REVIEWER, &dora);
	fixture_account("carl", "4", ROLE_REVIEWER, &carl);
	fixture_account("psd", "5", ROLE_PSD, &psd);
}

static struct intel_input good(const char *subjects)
{
	struct intel_input in = { 0 };
	in.received = "2026-01-05";
	in.source_type = "named";
	in.grading_scheme = "3x5x2";
	in.grade = "1AP";
	in.category = "Misusing force systems";
	in.subject_staff_numbers = subjects;
	in.summary = "Checked a neighbour on PNC";
	in.sanitised = "A PNC check without a reason";
	return in;
}

static int64_t make(const struct actor *who, const char *subjects)
{
	struct intel_input in = good(subjects);
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	char ref[16];
	CHECK_INT(intel_item_create(st, who, &in, &l, &id, ref, &e), 0);
	return id;
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	store_int(st, NULL, &n, sql, "");
	return n;
}

TEST(test_item_needs_a_category_and_a_grade)
{
	struct intel_input in = good("4");
	in.category = "";
	in.grade = "";
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0, before = count("SELECT COUNT(*) FROM intel_items");
	char ref[16];
	CHECK(intel_item_create(st, &ana, &in, &l, &id, ref, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK(errlist_get(&l, "category") != NULL);
	CHECK(errlist_get(&l, "grade") != NULL);
	CHECK_INT(count("SELECT COUNT(*) FROM intel_items"), before);
	/* a 3x5x2 grade is its three codes */
	in = good("4");
	in.grade = "4AP";
	memset(&l, 0, sizeof l);
	CHECK(intel_item_create(st, &ana, &in, &l, &id, ref, &e) != 0);
	CHECK(errlist_get(&l, "grade") != NULL);
	/* a legacy grade is kept verbatim with its scheme */
	in.grading_scheme = "5x5x5";
	in.grade = "B2 4";
	memset(&l, 0, sizeof l);
	CHECK_INT(intel_item_create(st, &ana, &in, &l, &id, ref, &e), 0);
	CHECK_HAS(ref, "INT");
	/* "Other" needs a reason */
	in = good("4");
	in.category = "other";
	memset(&l, 0, sizeof l);
	CHECK(intel_item_create(st, &ana, &in, &l, &id, ref, &e) != 0);
	CHECK(errlist_get(&l, "category_reason") != NULL);
	/* only the ACU records intelligence */
	in = good("4");
	memset(&l, 0, sizeof l);
	CHECK(intel_item_create(st, &psd, &in, &l, &id, ref, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

TEST(test_the_schema_refuses_an_item_without_category_or_grade)
{
	struct err e = { 0 };
	CHECK(store_exec(st, &e, "INSERT INTO intel_items(reference, received, source_type, grading_scheme, grade, "
	                         "created_at) VALUES ('INT999990', '2026-01-01', 'named', '3x5x2', '1AP', 'x')", "") != 0);
	CHECK(store_exec(st, &e, "INSERT INTO intel_items(reference, received, source_type, grading_scheme, grade, "
	                         "category, created_at) VALUES ('INT999991', '2026-01-01', 'named', '3x5x2', '9ZZ', "
	                         "'systems', 'x')", "") != 0);
	CHECK(store_exec(st, &e, "INSERT INTO intel_items(reference, received, source_type, grading_scheme, grade, "
	                         "category, created_at) VALUES ('INT999992', '2026-01-01', 'named', '3x5x2', '1AP', "
	                         "'other', 'x')", "") != 0);
	CHECK_INT(count("SELECT COUNT(*) FROM intel_items WHERE reference LIKE 'INT99999%'"), 0);
}

TEST(test_a_line_not_pursued_needs_a_rationale)
{
	int64_t id = make(&ana, "4");
	struct errlist l = { 0 };
	struct err e = { 0 };
	CHECK_INT(intel_line_add(st, &ana, id, "Interview the neighbour", "", &l, &e), 0);
	int64_t lid = count("SELECT MAX(id) FROM intel_lines");
	CHECK(intel_line_update(st, &ana, id, lid, "not_pursued", " \n ", "", &l, &e) != 0);
	CHECK(errlist_get(&l, "rationale") != NULL);
	memset(&l, 0, sizeof l);
	CHECK_INT(intel_line_update(st, &ana, id, lid, "not_pursued", "Moved abroad", "", &l, &e), 0);
	/* nor can SQL store one */
	CHECK(store_exec(st, &e, "UPDATE intel_lines SET rationale = '' WHERE id = ?", "i", lid) != 0);
}

static int64_t refusals(const char *detail)
{
	int64_t n = -1;
	store_int(st, NULL, &n, "SELECT COUNT(*) FROM access_log WHERE outcome = 'refused' AND detail = ?", "t", detail);
	return n;
}

/* Put item id awaiting review by reviewer (as if it had been sent there). */
static void send_to(int64_t id, const struct actor *reviewer)
{
	struct err e = { 0 };
	CHECK_INT(store_exec(st, &e, "UPDATE intel_items SET status = 'awaiting_review', reviewer_id = ?, "
	                             "proposed_outcome = 'Advice' WHERE id = ?", "ii", reviewer->account_id, id), 0);
}

TEST(test_closure_is_reviewed_by_someone_not_owner_creator_or_subject)
{
	struct errlist l = { 0 };
	struct err e = { 0 };
	/* ben (ACU and reviewer) created and owns it: he may not review it */
	int64_t id = make(&ben, "4");
	CHECK(intel_propose_closure(st, &ben, id, "Advice", "ben", &l, &e) != 0);
	CHECK(errlist_get(&l, "reviewer") != NULL);
	send_to(id, &ben);
	int64_t before = refusals("separation of duties: owner");
	memset(&l, 0, sizeof l);
	CHECK(intel_review(st, &ben, id, "approve", "", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(refusals("separation of duties: owner"), before + 1);
	/* the creator, when someone else owns it */
	CHECK_INT(store_exec(st, &e, "UPDATE intel_items SET owner_id = ? WHERE id = ?", "ii", ana.account_id, id), 0);
	before = refusals("separation of duties: creator");
	CHECK(intel_review(st, &ben, id, "approve", "", &l, &e) != 0);
	CHECK_INT(refusals("separation of duties: creator"), before + 1);
	/* carl is a subject: refused (he does not even see it) */
	send_to(id, &carl);
	CHECK(intel_review(st, &carl, id, "approve", "", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	/* dora may; a return needs questions; an approval closes it */
	send_to(id, &dora);
	memset(&l, 0, sizeof l);
	CHECK(intel_review(st, &dora, id, "return", "", &l, &e) != 0);
	CHECK(errlist_get(&l, "note") != NULL);
	memset(&l, 0, sizeof l);
	CHECK_INT(intel_review(st, &dora, id, "approve", "", &l, &e), 0);
	CHECK_INT(count("SELECT COUNT(*) FROM intel_items WHERE status = 'closed' AND reviewed_by IS NOT NULL "
	                "AND reviewed_by <> owner_id AND id = (SELECT MAX(id) FROM intel_items WHERE created_by IS NOT NULL "
	                "AND owner_id IS NOT NULL AND status = 'closed')"), 1);
	/* a proposal by the owner to dora goes through the normal path */
	int64_t id2 = make(&ana, "4");
	memset(&l, 0, sizeof l);
	CHECK_INT(intel_propose_closure(st, &ana, id2, "No further action", "dora", &l, &e), 0);
	CHECK_INT(intel_review(st, &dora, id2, "return", "Was the audit checked?", &l, &e), 0);
	CHECK_INT(intel_propose_closure(st, &ana, id2, "No further action", "dora", &l, &e), 0);
	CHECK_INT(intel_review(st, &dora, id2, "approve", "", &l, &e), 0);
	/* reopening keeps the thread */
	CHECK_INT(intel_reopen(st, &ana, id2, "New information", &l, &e), 0);
	int64_t posts = -1;
	store_int(st, &e, &posts, "SELECT COUNT(*) FROM intel_thread WHERE item_id = ?", "i", id2);
	CHECK_INT(posts, 5);
	/* and the schema will not close it without a review */
	CHECK(store_exec(st, &e, "UPDATE intel_items SET status = 'closed' WHERE id = ?", "i", id2) != 0);
}

struct seen_refs { int n; int has; const char *want; };
static int saw(void *ctx, const struct intel_row *r)
{
	struct seen_refs *s = ctx;
	s->n++;
	if (s->want && strcmp(r->reference, s->want) == 0)
		s->has = 1;
	return 0;
}

/* The items register: its row get keeps the need-to-know rule, and its
 * export is the counter-corruption unit's, without the items about the
 * exporter. */
TEST(test_the_items_register_exports_what_the_acu_may_see)
{
	int64_t mine = make(&ben, "1"), other = make(&ben, "3"); /* about ana; about someone else */
	struct err e = { 0 };
	struct intel_row row;
	CHECK(intel_row_get(st, &ana, mine, &row, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(intel_row_get(st, &ana, other, &row, &e), 0);
	CHECK_STR(row.status, "open");
	struct intel_row m;
	CHECK_INT(intel_row_get(st, &ben, mine, &m, &e), 0);
	struct intel_filter f = { 0 };
	struct buf out;
	buf_init(&out, 0);
	CHECK_INT(register_export(st, &ana, &intel_register_def, &f, SHEET_CSV, &out, &e), 0);
	static const char head[] = "\xEF\xBB\xBFreference,received,source_type,grading_scheme,grade,category,status,owner,closed\n";
	CHECK(strncmp(buf_str(&out), head, sizeof head - 1) == 0);
	CHECK(strstr(buf_str(&out), row.reference) != NULL);
	CHECK(strstr(buf_str(&out), m.reference) == NULL);
	buf_release(&out);
	buf_init(&out, 0);
	CHECK(register_export(st, &dora, &intel_register_def, &f, SHEET_CSV, &out, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	buf_release(&out);
}

TEST(test_nobody_sees_an_item_in_which_they_are_a_subject)
{
	int64_t id = make(&ben, "1"); /* about ana, an ACU analyst */
	struct intel_item *it = malloc(sizeof *it);
	struct err e = { 0 };
	int64_t before = refusals("need to know: subject");
	CHECK(intel_item_get(st, &ana, id, it, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(refusals("need to know: subject"), before + 1);
	CHECK_INT(intel_item_get(st, &ben, id, it, &e), 0);
	struct seen_refs s = { 0, 0, it->reference };
	struct intel_filter f = { 0 };
	long total;
	CHECK_INT(intel_items_list(st, &ana, &f, saw, &s, &total, &e), 0);
	CHECK(!s.has);
	s = (struct seen_refs){ 0, 0, it->reference };
	CHECK_INT(intel_items_list(st, &ben, &f, saw, &s, &total, &e), 0);
	CHECK(s.has);
	struct errlist l = { 0 };
	CHECK(intel_line_add(st, &ana, id, "x", "", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	/* a reviewer sees only what was sent to them */
	CHECK(intel_item_get(st, &dora, id, it, &e) != 0);
	send_to(id, &dora);
	CHECK_INT(intel_item_get(st, &dora, id, it, &e), 0);
	CHECK_STR(it->original, ""); /* restricted to the ACU */
	free(it);
}

static int sample_ref(void *ctx, const struct intel_sample_row *r)
{
	struct buf *b = ctx;
	buf_adds(b, r->reference);
	buf_addc(b, ';');
	return 0;
}

TEST(test_quality_sample_arithmetic_and_reproducible_draw)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	char today[11], path[96], line[256];
	date_today(today);
	/* a fresh period: 4 items closed through review in Probity today, and 6 imported closed
	 * items (no sanitised text, not reviewed), 2 of them with a line not pursued */
	CHECK_INT(store_exec(st, &e, "UPDATE intel_items SET closed = '2000-01-01' WHERE status = 'closed'", ""), 0);
	for (int i = 0; i < 4; i++) {
		int64_t id = make(&ana, "4");
		CHECK_INT(intel_propose_closure(st, &ana, id, "Advice", "dora", &l, &e), 0);
		CHECK_INT(intel_review(st, &dora, id, "approve", "", &l, &e), 0);
	}
	snprintf(path, sizeof path, "%s-intel.csv", filebase);
	FILE *fp = fopen(path, "w");
	fprintf(fp, "%s\n", INTEL_IMPORT_HEADER);
	for (int i = 0; i < 6; i++) {
		snprintf(line, sizeof line, "INT7%03d,2025-01-0%d,named,5x5x5,B24,Theft and fraud,,Old,closed,%s,Done\n", i,
		         i + 1, today);
		fputs(line, fp);
	}
	fclose(fp);
	struct import_stats is;
	CHECK_INT(intel_import(st, path, 0, &is, &e), 0);
	CHECK_INT(is.created, 6);
	CHECK_INT(intel_import(st, path, 0, &is, &e), 0); /* rerun: nothing */
	CHECK_INT(is.created, 0);
	unlink(path);
	struct intel_sample_sum sum;
	struct buf a, b, c;
	buf_init(&a, 4096);
	buf_init(&b, 4096);
	buf_init(&c, 4096);
	CHECK_INT(intel_sample(st, &ana, today, today, 60, 42, sample_ref, &a, &sum, &e), 0);
	CHECK_INT(sum.population, 10);
	CHECK_INT(sum.n, 10);
	CHECK_INT(sum.categorised, 10);
	CHECK_INT(sum.graded, 10);
	CHECK_INT(sum.sanitised, 4);
	CHECK_INT(sum.rationales, 10);
	CHECK_INT(sum.reviewed, 4);
	/* a draw of 5: the same seed gives the same items; the shares add up */
	buf_reset(&a);
	CHECK_INT(intel_sample(st, &ana, today, today, 5, 42, sample_ref, &a, &sum, &e), 0);
	CHECK_INT(sum.n, 5);
	CHECK_INT(sum.reviewed + (5 - sum.sanitised), 5); /* reviewed ones are exactly the sanitised ones */
	CHECK_INT(intel_sample(st, &ana, today, today, 5, 42, sample_ref, &b, &sum, &e), 0);
	CHECK_STR(buf_str(&a), buf_str(&b));
	int differs = 0;
	for (uint64_t seed = 1; seed < 20 && !differs; seed++) {
		buf_reset(&c);
		CHECK_INT(intel_sample(st, &ana, today, today, 5, seed, sample_ref, &c, &sum, &e), 0);
		differs = strcmp(buf_str(&a), buf_str(&c)) != 0;
	}
	CHECK(differs);
	CHECK(intel_sample(st, &psd, today, today, 5, 1, NULL, NULL, &sum, &e) != 0);
	/* an empty period draws nothing */
	CHECK_INT(intel_sample(st, &ana, "1990-01-01", "1990-12-31", 60, 1, NULL, NULL, &sum, &e), 0);
	CHECK_INT(sum.population, 0);
	CHECK_INT(sum.n, 0);
	buf_release(&a);
	buf_release(&b);
	buf_release(&c);
}

TEST(test_receipt_is_28_random_digits_stored_as_a_slow_hash)
{
	char r1[ANON_RECEIPT_SIZE], r2[ANON_RECEIPT_SIZE], d[ANON_RECEIPT_DIGITS + 1];
	char h1[ANON_HASH_HEX], h2[ANON_HASH_HEX], h3[ANON_HASH_HEX];
	struct err e = { 0 };
	anon_receipt_new(r1);
	anon_receipt_new(r2);
	CHECK_INT(strlen(r1), 34);
	CHECK(strcmp(r1, r2) != 0);
	CHECK_INT(anon_receipt_digits(r1, d), 0);
	CHECK_INT(strlen(d), 28);
	char bad[ANON_RECEIPT_DIGITS + 1];
	CHECK(anon_receipt_digits("1234", bad) != 0);
	CHECK_INT(anon_receipt_hash(st, r1, h1, &e), 0);
	CHECK_INT(anon_receipt_hash(st, d, h2, &e), 0); /* spaces do not matter */
	CHECK_STR(h1, h2);
	CHECK_INT(anon_receipt_hash(st, r2, h3, &e), 0);
	CHECK(strcmp(h1, h3) != 0);
	CHECK(strstr(h1, d) == NULL);
	/* a report opens with its receipt only */
	struct errlist l = { 0 };
	char receipt[ANON_RECEIPT_SIZE];
	int64_t id = 0;
	CHECK_INT(anon_report_submit(st, "The sergeant sells addresses", "", NULL, 0, receipt, &l, &e), 0);
	CHECK_INT(anon_report_open(st, receipt, &id, &e), 0);
	CHECK(id > 0);
	CHECK(anon_report_open(st, r2, &id, &e) != 0);
	CHECK_INT(e.code, ERR_NOTFOUND);
	int64_t n = -1;
	char digits[ANON_RECEIPT_DIGITS + 1];
	anon_receipt_digits(receipt, digits);
	store_int(st, &e, &n, "SELECT COUNT(*) FROM anon_reports WHERE receipt_hash LIKE '%' || ? || '%'", "t", digits);
	CHECK_INT(n, 0);
}

TEST(test_jpeg_and_png_metadata_is_removed_and_pdf_refused)
{
	static const unsigned char jpg[] = {
		0xFF, 0xD8,                                                       /* SOI */
		0xFF, 0xE1, 0x00, 0x0C, 'E', 'x', 'i', 'f', 0, 0, 'G', 'P', 'S', '!', /* APP1 */
		0xFF, 0xFE, 0x00, 0x07, 'N', 'a', 'm', 'e', '!',                  /* COM */
		0xFF, 0xDB, 0x00, 0x04, 0x01, 0x02,                               /* DQT */
		0xFF, 0xDA, 0x00, 0x04, 0x03, 0x04,                               /* SOS */
		0x11, 0xFF, 0x00, 0x22, 0xFF, 0xD0, 0x33,                         /* scan data with a stuffed byte and RST0 */
		0xFF, 0xD9, 'T', 'R', 'A', 'I', 'L',                              /* EOI, trailing bytes */
	};
	static const unsigned char want[] = { 0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x04, 0x01, 0x02, 0xFF, 0xDA, 0x00, 0x04,
		                              0x03, 0x04, 0x11, 0xFF, 0x00, 0x22, 0xFF, 0xD0, 0x33, 0xFF, 0xD9 };
	struct buf out;
	struct err e = { 0 };
	const char *ct = NULL;
	buf_init(&out, 1 << 20);
	CHECK_INT(anon_strip_image(jpg, sizeof jpg, &out, &ct, &e), 0);
	CHECK_STR(ct, "image/jpeg");
	CHECK_INT(out.n, sizeof want);
	CHECK(out.n == sizeof want && memcmp(out.p, want, sizeof want) == 0);
	buf_reset(&out);
	CHECK(anon_strip_image("%PDF-1.7 ...", 12, &out, &ct, &e) != 0);
	CHECK_HAS(e.msg, "PDF");
	CHECK(anon_strip_image(jpg, 20, &out, &ct, &e) != 0); /* truncated */
	buf_release(&out);
}

TEST(test_the_dashboard_leaves_out_the_viewers_own_items)
{
	struct intel_dash *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
	struct err e = { 0 };
	int64_t own = -1;
	store_int(st, &e, &own, "SELECT COUNT(*) FROM intel_subjects WHERE person_id = ?", "i", ana.person_id);
	CHECK(own > 0);
	CHECK_INT(intel_dashboard(st, &ana, a, &e), 0);
	CHECK_INT(intel_dashboard(st, &ben, b, &e), 0);
	CHECK_INT(b->items - a->items, own);
	long sa = 0, sb = 0;
	for (int i = 0; i < INTEL_NSOURCE; i++) {
		sa += a->by_source[i];
		sb += b->by_source[i];
	}
	CHECK_INT(sa, a->items);
	CHECK_INT(sb, b->items);
	CHECK_INT(b->items, count("SELECT COUNT(*) FROM intel_items"));
	CHECK_INT(b->not_pursued_without_rationale, 0);
	CHECK(intel_dashboard(st, &psd, a, &e) != 0);
	free(a);
	free(b);
}

/* Two events in the audit trail: user 4 looked up person P7654321 on the
 * PNC; user 9 opened record C-77 on Niche. */
static void trail_events(void)
{
	struct err e = { 0 };
	static const char *ev[2][EV_NCOLS] = {
		{ "2026-01-03T10:00:00Z", "4", "PNC", "WS1", "view", "person", "P7654321", "P7654321", "" },
		{ "2026-01-04T09:30:00Z", "9", "Niche", "WS2", "view", "crime", "C-77", "P1111111", "enquiry" },
	};
	struct audit_trail_writer *w = audit_trail_writer_new();
	for (int i = 0; i < 2; i++) {
		struct slice f[EV_NCOLS];
		for (int c = 0; c < EV_NCOLS; c++)
			f[c] = slice_cstr(ev[i][c]);
		CHECK_INT(audit_trail_add(w, f, &e), 0);
	}
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(audit_trail_write(w, st, "test", "2026-01-05T00:00:00Z", &e), 0);
	CHECK_INT(store_commit(st, &e), 0);
	audit_trail_written(w);
	audit_trail_writer_free(w);
}

TEST(test_an_ict_audit_check_searches_the_trail_and_keeps_its_result)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	trail_events();
	int64_t id = make(&ana, "4");
	CHECK_INT(intel_line_audit(st, &ana, id, "user", "4", "2026-01-01", "2026-01-31", &l, &e), 0);
	CHECK_INT(intel_line_audit(st, &ana, id, "subject", "P7654321", "2026-01-01", "2026-01-31", &l, &e), 0);
	CHECK_INT(intel_line_audit(st, &ana, id, "record", "C-77", "2026-01-01", "2026-01-31", &l, &e), 0);
	CHECK_INT(intel_line_audit(st, &ana, id, "user", "4", "2025-01-01", "2025-12-31", &l, &e), 0);
	CHECK(intel_line_audit(st, &ana, id, "user", "4", "2026-02-01", "2026-01-01", &l, &e) != 0);
	l.n = 0;
	CHECK(intel_line_audit(st, &ana, id, "everything", "4", "2026-01-01", "2026-01-31", &l, &e) != 0);
	CHECK_STR(l.item[0].field, "mode");
	l.n = 0;
	struct stmt *s = NULL;
	CHECK_INT(store_query(st, &s, &e, "SELECT audit_count, result, status FROM intel_lines WHERE item_id = ? "
	                                  "AND kind = 'ict_audit' ORDER BY id", "i", id), 0);
	static const int64_t want[] = { 1, 1, 1, 0 };
	static const char *const has[] = { "2026-01-03T10:00:00Z 4 PNC view person P7654321 subject P7654321",
		                           "2026-01-03T10:00:00Z 4 PNC view person P7654321",
		                           "2026-01-04T09:30:00Z 9 Niche view crime C-77 subject P1111111 reason: enquiry",
		                           "0 events found in the audit trail from 2025-01-01 to 2025-12-31." };
	for (int i = 0; i < 4; i++) {
		CHECK_INT(stmt_next(s, &e), 1);
		CHECK_INT(stmt_int(s, 0), want[i]);
		CHECK_STR(stmt_text(s, 2), "pursued");
		CHECK_HAS(stmt_text(s, 1), has[i]);
	}
	CHECK_INT(stmt_next(s, &e), 0);
	stmt_done(s);
	/* the search is in the access log with its purpose */
	CHECK_INT(store_query(st, &s, &e, "SELECT COUNT(*) FROM access_log WHERE object_type = 'audit_events' AND "
	                                  "detail LIKE 'purpose=ICT audit check, a line of enquiry on intelligence item INT%'",
	                      ""), 0);
	CHECK_INT(stmt_next(s, &e), 1);
	CHECK_INT(stmt_int(s, 0), 4);
	stmt_done(s);
}

/* With the pseudonymised queue on, an ICT audit check names users by their
 * codes (in its result, and a user checked in its description) and never
 * by staff number; off, the staff numbers are shown. Runs after the test
 * above (its two events are in the trail). */
TEST(test_a_pseudonymised_ict_audit_check_shows_codes_not_staff_numbers)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	unsigned char k[32];
	char c4[16], c9[16];
	int64_t id = make(&ana, "4");
	CHECK_INT(store_exec(st, &e, "UPDATE config SET value = '1' WHERE key = 'audit.pseudonymise'", ""), 0);
	CHECK_INT(audit_pseudonym_key(st, k, &e), 1);
	audit_code_of(k, "4", 1, c4);
	audit_code_of(k, "9", 1, c9);
	CHECK_INT(intel_line_audit(st, &ana, id, "user", "4", "2026-01-01", "2026-01-31", &l, &e), 0);
	CHECK_INT(intel_line_audit(st, &ana, id, "record", "C-77", "2026-01-01", "2026-01-31", &l, &e), 0);
	CHECK_INT(store_exec(st, &e, "UPDATE config SET value = '0' WHERE key = 'audit.pseudonymise'", ""), 0);
	CHECK_INT(intel_line_audit(st, &ana, id, "record", "C-77", "2026-01-01", "2026-01-31", &l, &e), 0);
	struct stmt *s = NULL;
	CHECK_INT(store_query(st, &s, &e, "SELECT description, result, audit_target FROM intel_lines WHERE item_id = ? "
	                                  "AND kind = 'ict_audit' ORDER BY id", "i", id), 0);
	char want[128];
	CHECK_INT(stmt_next(s, &e), 1);
	snprintf(want, sizeof want, "ICT audit check: accesses made by %s, 2026-01-01 to 2026-01-31", c4);
	CHECK_STR(stmt_text(s, 0), want);
	snprintf(want, sizeof want, "2026-01-03T10:00:00Z %s PNC view person P7654321", c4);
	CHECK_HAS(stmt_text(s, 1), want);
	CHECK(strstr(stmt_text(s, 1), " 4 PNC") == NULL);
	CHECK_STR(stmt_text(s, 2), c4);
	CHECK_INT(stmt_next(s, &e), 1);
	snprintf(want, sizeof want, "2026-01-04T09:30:00Z %s Niche view crime C-77", c9);
	CHECK_HAS(stmt_text(s, 1), want);
	CHECK(strstr(stmt_text(s, 1), " 9 Niche") == NULL);
	/* not pseudonymised: the staff number */
	CHECK_INT(stmt_next(s, &e), 1);
	CHECK_HAS(stmt_text(s, 1), "2026-01-04T09:30:00Z 9 Niche view crime C-77");
	CHECK_INT(stmt_next(s, &e), 0);
	stmt_done(s);
}

TEST(test_form_token_and_rate_limit)
{
	char t[ANON_TOKEN_SIZE];
	anon_form_token(t);
	CHECK(anon_form_token_ok(t));
	t[3] = t[3] == 'a' ? 'b' : 'a';
	CHECK(!anon_form_token_ok(t));
	CHECK(!anon_form_token_ok(""));
	CHECK(!anon_form_token_ok(NULL));
	for (int i = 0; i < 3; i++)
		CHECK(anon_rate_allow("192.0.2.1", 3));
	CHECK(!anon_rate_allow("192.0.2.1", 3));
	CHECK(anon_rate_allow("192.0.2.2", 3));
}

/* The items list finds its page, and counts it, through intel_items_list
 * alone (each item's row, with its texts, was read and copied for every
 * page: issue 25); only the page's own rows are read in full. */
TEST(test_the_items_list_pages_through_its_index)
{
	int pg = store_is_pg_uri(getenv("PROBITY_TEST_DB") ? getenv("PROBITY_TEST_DB") : "");
	static char text[2][8192];
	struct err e = { 0 };
	for (int count = 0; count < 2; count++) {
		snprintf(text[count], sizeof text[count], "%s%s", pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ",
		         intel_items_list_sql(count));
		struct stmt *s;
		CHECK_INT(store_query(st, &s, &e, text[count], "idi" "tttt" "ii", (int64_t)0, 1, (int64_t)0, "", "", "", "",
		                      (int64_t)50, (int64_t)0),
		          0);
		char plan[8192];
		plan_read(s, pg, plan, sizeof plan, &e);
		CHECK(plan[0]);
		if (pg)
			continue;
		char *outer = strstr(plan, "SCAN page"); /* before it: the page's ids from the index alone */
		CHECK(count || outer != NULL);
		if (outer)
			*outer = 0;
		CHECK_HAS(plan, "COVERING INDEX intel_items_list");
		CHECK(!strstr(plan, "SEARCH i USING INTEGER PRIMARY KEY"));
	}
}

TEST_MAIN(T(test_item_needs_a_category_and_a_grade), T(test_the_schema_refuses_an_item_without_category_or_grade),
          T(test_a_line_not_pursued_needs_a_rationale), T(test_closure_is_reviewed_by_someone_not_owner_creator_or_subject),
          T(test_the_items_register_exports_what_the_acu_may_see), T(test_nobody_sees_an_item_in_which_they_are_a_subject), T(test_quality_sample_arithmetic_and_reproducible_draw),
          T(test_receipt_is_28_random_digits_stored_as_a_slow_hash), T(test_jpeg_and_png_metadata_is_removed_and_pdf_refused),
          T(test_the_dashboard_leaves_out_the_viewers_own_items), T(test_an_ict_audit_check_searches_the_trail_and_keeps_its_result),
          T(test_form_token_and_rate_limit), T(test_the_items_list_pages_through_its_index),
          T(test_a_pseudonymised_ict_audit_check_shows_codes_not_staff_numbers))
