/* Unit tests for notifiable associations, changes of circumstances and the
 * Annual Integrity Review: the AIR clearance check (below the post, lapsed,
 * expiring, satisfied by a higher level of the same family, other family,
 * no requirement) and each register's access rules, allowed and refused. */
#include "test.h"
#include "fixture.h"
#include "core/err.h"
#include "domain/accesslog.h"
#include "domain/air.h"
#include "domain/associations.h"
#include "domain/auth.h"
#include "domain/circumstances.h"
#include "domain/people.h"
#include "store/store.h"
#include <unistd.h>

static struct actor staff, manager, other, psd, acu, vet, admin, dcc;
static int64_t staff_pid;

__attribute__((constructor)) static void setup(void)
{
	setenv("PROBITY_TODAY", "2026-06-15", 1);
	fixture_open("air");
	static const char *const hr[] = {
		"1,Ann,Boss,officer,Inspector,Team,Inspector,,2010-01-01,",
		"2,Bob,Staff,officer,Constable,Team,Constable,1,2015-03-01,",
		"3,Cat,Other,staff,Grade C,Elsewhere,Clerk,,2016-01-01,",
		"4,Dan,Psd,staff,Grade E,PSD,Investigator,,2016-01-01,",
		"5,Eve,Acu,officer,Constable,ACU,Investigator,,2016-01-01,",
		"6,Fay,Vet,staff,Grade D,Vetting,Vetting officer,,2016-01-01,",
		"7,Gus,Admin,staff,Grade D,ICT,Admin,,2016-01-01,",
		"8,Hal,Deputy,officer,Deputy Chief Constable,Chief Officers,DCC,,2000-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("boss", "1", 0, &manager);
	fixture_account("bob", "2", 0, &staff);
	fixture_account("cat", "3", 0, &other);
	fixture_account("dan", "4", ROLE_PSD, &psd);
	fixture_account("eve", "5", ROLE_ACU, &acu);
	fixture_account("fay", "6", ROLE_VETTING, &vet);
	fixture_account("gus", "7", ROLE_ADMIN, &admin);
	fixture_account("hal", "8", ROLE_DCC, &dcc);
	staff_pid = staff.person_id;
}

static long refusals(const char *type)
{
	int64_t n = 0;
	store_int(st, NULL, &n, "SELECT COUNT(*) FROM access_log WHERE outcome = 'refused' AND object_type = ?", "t", type);
	return (long)n;
}

/* ---- the clearance check ---- */

static void post_level(const char *level)
{
	store_exec(st, NULL, "UPDATE posts SET vetting_level = ? WHERE id = (SELECT post_id FROM people WHERE id = ?)",
	           "ti", level, staff_pid);
	store_exec(st, NULL, "DELETE FROM clearances WHERE person_id = ?", "i", staff_pid);
}

static void grant(const char *level, const char *expiry, const char *status)
{
	store_exec(st, NULL,
	           "INSERT INTO clearances(person_id, level, granted, expiry, status, created_at) "
	           "VALUES(?, ?, '2020-01-01', ?, ?, '2020-01-01T00:00:00Z')", "ittt", staff_pid, level, expiry,
	           status);
}

static enum air_clearance check(void)
{
	struct air_check c;
	struct err e = { 0 };
	CHECK_INT(air_clearance_check(st, staff_pid, "2026-06-15", &c, &e), 0);
	return c.result;
}

TEST(test_clearance_no_requirement)
{
	post_level("");
	CHECK_INT(check(), AIR_CLEAR_NO_REQUIREMENT);
}

TEST(test_clearance_none_held_is_below_post)
{
	post_level("MV");
	CHECK_INT(check(), AIR_CLEAR_BELOW_POST);
	struct air_check c;
	struct err e = { 0 };
	air_clearance_check(st, staff_pid, "2026-06-15", &c, &e);
	CHECK_HAS(c.detail, "no active clearance");
}

TEST(test_clearance_lower_level_is_below_post)
{
	post_level("MV");
	grant("RV", "2030-01-01", "active");
	CHECK_INT(check(), AIR_CLEAR_BELOW_POST);
	CHECK_STR(air_clearance_task_kind(AIR_CLEAR_BELOW_POST), "air_clearance_below_post");
}

TEST(test_clearance_other_family_does_not_count)
{
	post_level("SC");
	grant("MV", "2030-01-01", "active");  /* police rank 3 does not satisfy national security SC */
	CHECK_INT(check(), AIR_CLEAR_BELOW_POST);
}

TEST(test_clearance_expired_is_lapsed)
{
	post_level("MV");
	grant("MV", "2026-06-14", "active");
	CHECK_INT(check(), AIR_CLEAR_LAPSED);
	post_level("MV");
	grant("MV", "2027-01-01", "lapsed");
	CHECK_INT(check(), AIR_CLEAR_LAPSED);
	CHECK_STR(air_clearance_task_kind(AIR_CLEAR_LAPSED), "air_clearance_lapsed");
}

TEST(test_clearance_expiring_within_90_days)
{
	post_level("MV");
	grant("MV", "2026-09-13", "active"); /* 90 days after 2026-06-15 */
	CHECK_INT(check(), AIR_CLEAR_EXPIRING);
	post_level("MV");
	grant("MV", "2026-09-14", "active"); /* 91 days: fine */
	CHECK_INT(check(), AIR_CLEAR_OK);
	post_level("MV");
	grant("MV", "2026-06-15", "active"); /* expires today: still valid today, expiring */
	CHECK_INT(check(), AIR_CLEAR_EXPIRING);
}

TEST(test_clearance_higher_level_same_family_satisfies)
{
	post_level("RV");
	grant("MV", "", "active");
	CHECK_INT(check(), AIR_CLEAR_OK);
	post_level("NPPV2");
	grant("RV", "2031-01-01", "active"); /* same rank, same family */
	CHECK_INT(check(), AIR_CLEAR_OK);
	post_level("SC");
	grant("DV", "2031-01-01", "active");
	CHECK_INT(check(), AIR_CLEAR_OK);
}

TEST(test_clearance_best_of_several)
{
	post_level("MV");
	grant("MV", "2026-07-01", "active");  /* expiring */
	grant("NPPV3", "2032-01-01", "active"); /* same rank, lasts longer: satisfies */
	grant("RV", "", "active");
	CHECK_INT(check(), AIR_CLEAR_OK);
	post_level("MV");
	grant("MV", "2030-01-01", "withdrawn");
	CHECK_INT(check(), AIR_CLEAR_BELOW_POST);
}

/* ---- notifiable associations: access ---- */

static int64_t declare_assoc(const char *name)
{
	struct association_input in = { name, "P1234567", "criminal_record", "Old school friend", "Monthly",
		                        "2010-09-01", NULL };
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	CHECK_INT(association_declare(st, &staff, &in, &id, &l, &e), 0);
	return id;
}

TEST(test_association_validation)
{
	struct association_input in = { "", "P12 34;", "burglar", "", "", "2030-01-01", NULL };
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	CHECK(association_declare(st, &staff, &in, &id, &l, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK(errlist_get(&l, "associate_name") != NULL);
	CHECK(errlist_get(&l, "associate_ref") != NULL);
	CHECK(errlist_get(&l, "category") != NULL);
	CHECK(errlist_get(&l, "relationship") != NULL);
	CHECK(errlist_get(&l, "contact_frequency") != NULL);
	CHECK(errlist_get(&l, "began_on") != NULL);
	CHECK_INT(id, 0);
}

TEST(test_association_visible_to_declarer_psd_acu_only)
{
	int64_t id = declare_assoc("Terry Crook");
	struct association a;
	struct err e = { 0 };
	CHECK_INT(association_get(st, &staff, id, &a, &e), 0);
	CHECK_STR(a.associate_ref, "P1234567");
	CHECK_INT(association_get(st, &psd, id, &a, &e), 0);
	CHECK_INT(association_get(st, &acu, id, &a, &e), 0);
	long before = refusals("association");
	CHECK(association_get(st, &manager, id, &a, &e) != 0); /* not the line manager */
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(association_get(st, &other, id, &a, &e) != 0);
	CHECK(association_get(st, &vet, id, &a, &e) != 0);
	CHECK(association_get(st, &admin, id, &a, &e) != 0);
	CHECK_INT(refusals("association"), before + 4);
	CHECK_STR(a.associate_name, ""); /* nothing leaks on refusal */
}

static int count_row(void *ctx, const struct association *a)
{
	(void)a;
	(*(long *)ctx)++;
	return 0;
}

TEST(test_association_register_and_assessment)
{
	int64_t id = declare_assoc("Jo Hack");
	struct association_filter f = { 0 };
	struct err e = { 0 };
	struct errlist l = { 0 };
	long n = 0, total = 0;
	CHECK(associations_list(st, &manager, ASSOC_REGISTER, &f, count_row, &n, &total, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(associations_list(st, &vet, ASSOC_REGISTER, &f, count_row, &n, &total, &e) != 0);
	CHECK_INT(associations_list(st, &acu, ASSOC_REGISTER, &f, count_row, &n, &total, &e), 0);
	CHECK(total >= 1);
	f.q = "jo hack";
	n = 0;
	CHECK_INT(associations_list(st, &psd, ASSOC_REGISTER, &f, count_row, &n, &total, &e), 0);
	CHECK_INT(n, 1);
	/* only PSD assesses */
	CHECK(association_assess(st, &acu, id, "high", "No contact", "2027-01-01", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(association_assess(st, &manager, id, "high", "No contact", "2027-01-01", &l, &e) != 0);
	memset(&l, 0, sizeof l);
	CHECK(association_assess(st, &psd, id, "high", "", "2020-01-01", &l, &e) != 0);
	CHECK(errlist_get(&l, "advice") != NULL);
	CHECK(errlist_get(&l, "review_date") != NULL);
	memset(&l, 0, sizeof l);
	CHECK_INT(association_assess(st, &psd, id, "high", "No contact while investigation runs", "2026-07-01", &l, &e), 0);
	struct association a;
	association_get(st, &staff, id, &a, &e);
	CHECK_STR(a.status, "assessed");
	CHECK_STR(a.risk, "high");
	/* reviews due (within 30 days of 2026-06-15) */
	long due = 0;
	CHECK_INT(associations_reviews_due(st, &psd, &due, &e), 0);
	CHECK(due >= 1);
	memset(&f, 0, sizeof f);
	f.due = 1;
	n = 0;
	associations_list(st, &psd, ASSOC_REGISTER, &f, count_row, &n, &total, &e);
	CHECK(n >= 1);
	/* own list never shows others' */
	memset(&f, 0, sizeof f);
	n = 0;
	associations_list(st, &other, ASSOC_MINE, &f, count_row, &n, &total, &e);
	CHECK_INT(n, 0);
}

/* ---- changes of circumstances ---- */

TEST(test_circumstance_raises_task_and_referral)
{
	struct circumstance_input in = { "financial_difficulty", "ccj", NULL, NULL, "CCJ for a credit card debt",
		                         "2026-05-01", "welfare", NULL };
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0, tasks = 0, task_for = 0;
	CHECK_INT(circumstance_declare(st, &staff, &in, &id, &l, &e), 0);
	CHECK_INT(store_int(st, &e, &tasks,
	                    "SELECT COUNT(*) FROM vetting_tasks WHERE kind = 'change_of_circumstances' "
	                    "AND source = 'circumstance' AND source_id = ?", "i", id), 1);
	CHECK_INT(tasks, 1);
	store_int(st, &e, &task_for, "SELECT COUNT(*) FROM circumstances WHERE id = ? AND task_id IS NOT NULL "
	                             "AND referral = 'welfare'", "i", id);
	CHECK_INT(task_for, 1);
	/* access: declarer, vetting, PSD; not the line manager */
	struct circumstance c;
	CHECK_INT(circumstance_get(st, &staff, id, &c, &e), 0);
	CHECK_INT(circumstance_get(st, &vet, id, &c, &e), 0);
	CHECK_INT(circumstance_get(st, &psd, id, &c, &e), 0);
	long before = refusals("circumstance");
	CHECK(circumstance_get(st, &manager, id, &c, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(circumstance_get(st, &acu, id, &c, &e) != 0);
	CHECK_INT(refusals("circumstance"), before + 2);
}

TEST(test_circumstance_validation_is_conditional)
{
	struct circumstance_input in = { "financial_difficulty", NULL, NULL, NULL, "", "", NULL, NULL };
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t id = 0, before = 0, after = 0;
	store_int(st, &e, &before, "SELECT COUNT(*) FROM vetting_tasks", "");
	CHECK(circumstance_declare(st, &staff, &in, &id, &l, &e) != 0);
	CHECK(errlist_get(&l, "fin_subtype") != NULL);
	CHECK(errlist_get(&l, "referral") != NULL);
	CHECK(errlist_get(&l, "details") != NULL);
	CHECK(errlist_get(&l, "event_date") != NULL);
	struct circumstance_input cj = { "criminal_justice", "arrest", "family", "", "Brother arrested", "2026-06-01",
		                         NULL, NULL };
	memset(&l, 0, sizeof l);
	CHECK(circumstance_declare(st, &staff, &cj, &id, &l, &e) != 0);
	CHECK(errlist_get(&l, "other_person") != NULL);
	store_int(st, &e, &after, "SELECT COUNT(*) FROM vetting_tasks", "");
	CHECK_INT(after, before); /* no task for a rejected declaration */
}

/* ---- the AIR ---- */

static const char *form_lookup(void *ctx, const char *key)
{
	const char *const *kv = ctx;
	for (; kv[0]; kv += 2)
		if (!strcmp(kv[0], key))
			return kv[1];
	return NULL;
}

struct items {
	int n, assoc, gift;
	char keys[16][64];
};

static int item_fn(void *ctx, const struct air_item *it)
{
	struct items *x = ctx;
	if (x->n < 16)
		snprintf(x->keys[x->n], 64, "r_%s_%lld", it->reg, (long long)it->record_id);
	x->n++;
	if (!strcmp(it->reg, "association"))
		x->assoc++;
	return 0;
}

TEST(test_air_round_access_and_completion)
{
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t rid = 0;
	CHECK(air_open_round(st, &psd, 2026, "month", &rid, &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(air_open_round(st, &admin, 1999, "week", &rid, &l, &e) != 0);
	CHECK(errlist_get(&l, "year") != NULL);
	CHECK(errlist_get(&l, "waves_by") != NULL);
	memset(&l, 0, sizeof l);
	CHECK_INT(air_open_round(st, &admin, 2026, "month", &rid, &l, &e), 0);
	CHECK(air_open_round(st, &admin, 2026, "unit", &rid, &l, &e) != 0);
	CHECK_INT(e.code, ERR_CONFLICT);
	int64_t n = 0;
	store_int(st, &e, &n, "SELECT COUNT(*) FROM air_returns WHERE round_id = ?", "i", rid);
	CHECK_INT(n, 8);
	/* Bob started in March: the March wave, open on 2026-03-01, due 42 days later: overdue on 2026-06-15 */
	int64_t ret = 0;
	CHECK_INT(air_return_mine(st, &staff, &ret, &e), 0);
	CHECK(ret > 0);
	struct air_return x;
	CHECK_INT(air_return_get(st, &staff, ret, &x, &e), 0);
	CHECK_STR(x.opens_on, "2026-03-01");
	CHECK_INT(x.overdue, 1);
	CHECK_INT(air_return_get(st, &manager, ret, &x, &e), 0);
	CHECK_INT(air_return_get(st, &vet, ret, &x, &e), 0);
	long before = refusals("air_return");
	CHECK(air_return_get(st, &other, ret, &x, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(refusals("air_return"), before + 1);
	/* tracking: trackers only */
	struct air_round r;
	CHECK(air_round_get(st, &staff, rid, &r, &e) != 0);
	CHECK_INT(air_round_get(st, &vet, rid, &r, &e), 0);
	CHECK_INT(r.people, 8);
	CHECK(r.overdue >= 1);
	/* the line manager sees gifts and interests only, never associations */
	air_return_get(st, &staff, ret, &x, &e);
	struct items mine = { 0 }, mgr = { 0 };
	CHECK_INT(air_items(st, &staff, &x, item_fn, &mine, &e), 0);
	CHECK(mine.assoc >= 2);
	CHECK_INT(air_items(st, &manager, &x, item_fn, &mgr, &e), 0);
	CHECK_INT(mgr.assoc, 0);
	/* submission: only the person; every entry answered */
	const char *empty[] = { NULL };
	memset(&l, 0, sizeof l);
	CHECK(air_submit(st, &manager, ret, form_lookup, empty, &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	memset(&l, 0, sizeof l);
	CHECK(air_submit(st, &staff, ret, form_lookup, empty, &l, &e) != 0);
	CHECK_INT(e.code, ERR_INPUT);
	CHECK(errlist_get(&l, "anything_changed") != NULL);
	CHECK(errlist_get(&l, mine.keys[0]) != NULL);
	/* answer: the first association ended, everything else confirmed */
	const char *kv[2 * 20 + 1];
	char notes[16][64];
	int k = 0, ended = 0;
	int64_t ended_id = 0;
	for (int i = 0; i < mine.n && i < 16; i++) {
		kv[k++] = mine.keys[i];
		if (!ended && !strncmp(mine.keys[i], "r_association_", 14)) {
			kv[k++] = "ended";
			ended_id = strtoll(mine.keys[i] + 14, NULL, 10);
			snprintf(notes[i], 64, "n_%s", mine.keys[i] + 2);
			kv[k++] = notes[i];
			kv[k++] = "We no longer speak";
			ended = 1;
		} else {
			kv[k++] = "confirmed";
		}
	}
	kv[k++] = "anything_changed";
	kv[k++] = "no";
	kv[k] = NULL;
	memset(&l, 0, sizeof l);
	memset(&e, 0, sizeof e);
	CHECK_INT(air_submit(st, &staff, ret, form_lookup, kv, &l, &e), 0);
	CHECK(air_submit(st, &staff, ret, form_lookup, kv, &l, &e) != 0);
	CHECK_INT(e.code, ERR_CONFLICT);
	/* sign-off: only the line manager; a conversation is required */
	post_level("MV");
	grant("MV", "2026-08-01", "active"); /* expiring within 90 days */
	memset(&l, 0, sizeof l);
	CHECK(air_signoff(st, &psd, ret, "Talked", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(air_signoff(st, &staff, ret, "Talked", &l, &e) != 0);
	CHECK(air_signoff(st, &manager, ret, "", &l, &e) != 0);
	CHECK(errlist_get(&l, "conversation") != NULL);
	memset(&l, 0, sizeof l);
	CHECK_INT(air_signoff(st, &manager, ret, "Discussed the associations and gifts; no concerns.", &l, &e), 0);
	air_return_get(st, &staff, ret, &x, &e);
	CHECK_STR(x.status, "completed");
	CHECK_STR(x.clearance_result, "expiring");
	int64_t t = 0;
	store_int(st, &e, &t, "SELECT COUNT(*) FROM vetting_tasks WHERE kind = 'air_clearance_expiring' AND source_id = ?",
	          "i", ret);
	CHECK_INT(t, 1);
	store_int(st, &e, &t, "SELECT COUNT(*) FROM vetting_tasks WHERE kind = 'air_return' AND source_id = ?", "i", ret);
	CHECK_INT(t, 1);
	struct association a;
	association_get(st, &staff, ended_id, &a, &e);
	CHECK_STR(a.status, "ended");
	CHECK(air_signoff(st, &manager, ret, "Again", &l, &e) != 0);
	CHECK_INT(e.code, ERR_CONFLICT);
}

TEST(test_air_waves_by_unit)
{
	struct errlist l = { 0 };
	struct err e = { 0 };
	int64_t rid = 0, n = 0, waves = 0;
	CHECK_INT(air_open_round(st, &admin, 2027, "unit", &rid, &l, &e), 0);
	store_int(st, &e, &n, "SELECT COUNT(*) FROM air_returns WHERE round_id = ?", "i", rid);
	CHECK_INT(n, 8);
	store_int(st, &e, &waves, "SELECT COUNT(*) FROM air_waves WHERE round_id = ?", "i", rid);
	CHECK(waves >= 1);
	/* every person's wave is their own unit's (a flat organisation: one wave per unit) */
	store_int(st, &e, &n,
	          "SELECT COUNT(*) FROM air_returns t JOIN air_waves w ON w.id = t.wave_id JOIN people p ON "
	          "p.id = t.person_id WHERE t.round_id = ? AND w.unit_id = p.unit_id", "i", rid);
	CHECK_INT(n, 8);
}

/* The 2027 round (by unit) opened early for the test: a business interest
 * answered "ended" is ended by the return, one answered "changed" is brought
 * forward for PSD review; someone with no line manager is signed off by the DCC. */
TEST(test_air_updates_interests_and_dcc_signs)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	int64_t rid = 0, ret = 0, bi_end = 0, bi_change = 0, cat_ret = 0;
	CHECK_INT(air_round_by_year(st, 2027, &rid, &e), 0);
	CHECK(rid > 0);
	store_exec(st, &e, "UPDATE air_waves SET opens_on = '2026-06-01', due_on = '2026-07-13' WHERE round_id = ?", "i",
	           rid);
	store_exec(st, &e,
	           "INSERT INTO business_interests(person_id, kind, organisation, description, status, review_date, "
	           "created_at) VALUES(?, 'second_job', 'Bob''s Bikes', 'Weekend repairs', 'approved', '2027-01-01', "
	           "'2025-01-01T00:00:00Z')", "i", staff_pid);
	bi_end = store_last_id(st);
	store_exec(st, &e,
	           "INSERT INTO business_interests(person_id, kind, organisation, description, status, review_date, "
	           "created_at) VALUES(?, 'property_letting', 'Flat 2', 'Let to a tenant', 'approved', '2027-01-01', "
	           "'2025-01-01T00:00:00Z')", "i", staff_pid);
	bi_change = store_last_id(st);
	store_int(st, &e, &ret, "SELECT id FROM air_returns WHERE round_id = ? AND person_id = ?", "ii", rid, staff_pid);
	struct air_return x;
	CHECK_INT(air_return_get(st, &staff, ret, &x, &e), 0);
	struct items mine = { 0 };
	CHECK_INT(air_items(st, &staff, &x, item_fn, &mine, &e), 0);
	char kend[64], kchg[64], nend[64], nchg[64];
	snprintf(kend, sizeof kend, "r_business_interest_%lld", (long long)bi_end);
	snprintf(kchg, sizeof kchg, "r_business_interest_%lld", (long long)bi_change);
	snprintf(nend, sizeof nend, "n_business_interest_%lld", (long long)bi_end);
	snprintf(nchg, sizeof nchg, "n_business_interest_%lld", (long long)bi_change);
	const char *kv[2 * 24 + 1];
	int k = 0;
	for (int i = 0; i < mine.n && i < 16; i++) {
		kv[k++] = mine.keys[i];
		kv[k++] = !strcmp(mine.keys[i], kend) ? "ended" : !strcmp(mine.keys[i], kchg) ? "changed" : "confirmed";
	}
	kv[k++] = nend;
	kv[k++] = "Closed the business";
	kv[k++] = nchg;
	kv[k++] = "New tenant";
	kv[k++] = "anything_changed";
	kv[k++] = "no";
	kv[k] = NULL;
	CHECK_INT(air_submit(st, &staff, ret, form_lookup, kv, &l, &e), 0);
	CHECK_INT(air_signoff(st, &manager, ret, "Discussed both interests.", &l, &e), 0);
	char status[32] = "", review[16] = "";
	store_text(st, &e, status, sizeof status, "SELECT status FROM business_interests WHERE id = ?", "i", bi_end);
	CHECK_STR(status, "ended");
	store_text(st, &e, review, sizeof review, "SELECT review_date FROM business_interests WHERE id = ?", "i",
	           bi_change);
	CHECK_STR(review, "2026-06-15");
	store_text(st, &e, status, sizeof status, "SELECT status FROM business_interests WHERE id = ?", "i", bi_change);
	CHECK_STR(status, "approved");
	/* Cat has no line manager: the DCC signs off, PSD cannot */
	store_int(st, &e, &cat_ret, "SELECT id FROM air_returns WHERE round_id = ? AND person_id = ?", "ii", rid,
	          other.person_id);
	const char *none[] = { "anything_changed", "no", NULL };
	CHECK_INT(air_submit(st, &other, cat_ret, form_lookup, none, &l, &e), 0);
	CHECK(air_signoff(st, &psd, cat_ret, "Talked", &l, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(air_signoff(st, &dcc, cat_ret, "Talked; no concerns.", &l, &e), 0);
}

/* Waves by unit follow the hierarchy: a person in a team goes to the wave of
 * the team's top-level unit (a child of the root). Runs last: it changes the
 * organisation. */
TEST(test_air_waves_follow_the_unit_tree)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	store_exec(st, &e, "INSERT INTO units(name, kind) VALUES('Test Force', 'force')", "");
	int64_t force = store_last_id(st);
	store_exec(st, &e, "INSERT INTO units(name, kind, parent_id) VALUES('Area A', 'area', ?)", "i", force);
	int64_t area = store_last_id(st);
	store_exec(st, &e, "INSERT INTO units(name, kind, parent_id) VALUES('Area B', 'area', ?)", "i", force);
	store_exec(st, &e, "INSERT INTO units(name, kind, parent_id) VALUES('Team A1', 'team', ?)", "i", area);
	int64_t team = store_last_id(st);
	store_exec(st, &e, "UPDATE people SET unit_id = ? WHERE id = ?", "ii", team, staff_pid);
	int64_t rid = 0, n = 0;
	CHECK_INT(air_open_round(st, &admin, 2028, "unit", &rid, &l, &e), 0);
	store_int(st, &e, &n, "SELECT COUNT(*) FROM air_waves WHERE round_id = ?", "i", rid);
	CHECK_INT(n, 2); /* Area A, Area B */
	char label[64] = "", opens[11] = "";
	store_text(st, &e, label, sizeof label,
	           "SELECT w.label FROM air_returns t JOIN air_waves w ON w.id = t.wave_id WHERE t.round_id = ? "
	           "AND t.person_id = ?", "ii", rid, staff_pid);
	CHECK_STR(label, "Area A");
	store_text(st, &e, opens, sizeof opens, "SELECT opens_on FROM air_waves WHERE round_id = ? AND number = 2", "i",
	           rid);
	CHECK_STR(opens, "2028-07-01"); /* two waves spread over the year */
	store_int(st, &e, &n, "SELECT COUNT(*) FROM air_returns WHERE round_id = ?", "i", rid);
	CHECK_INT(n, 8); /* everyone outside the tree goes to wave 1 */
}

TEST_MAIN(T(test_clearance_no_requirement), T(test_clearance_none_held_is_below_post),
          T(test_clearance_lower_level_is_below_post), T(test_clearance_other_family_does_not_count),
          T(test_clearance_expired_is_lapsed), T(test_clearance_expiring_within_90_days),
          T(test_clearance_higher_level_same_family_satisfies), T(test_clearance_best_of_several),
          T(test_association_validation), T(test_association_visible_to_declarer_psd_acu_only),
          T(test_association_register_and_assessment), T(test_circumstance_raises_task_and_referral),
          T(test_circumstance_validation_is_conditional), T(test_air_round_access_and_completion),
          T(test_air_waves_by_unit),
          T(test_air_updates_interests_and_dcc_signs),
          T(test_air_waves_follow_the_unit_tree))
