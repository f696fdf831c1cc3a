/* Unit tests for the tactical risk picture (src/domain/risk.c): each
 * indicator fires and does not fire, with records on both sides of its
 * window's edge; scoring and levels; the peer percentile by hand; the
 * report's header and order; need-to-know (other roles, one's own picture,
 * PSD and ACU-only evidence) with access-log rows; separation of duties on
 * decisions and interventions; the meeting's agenda; learning what works. */
#include "test.h"
#include "fixture.h"
#include "core/buf.h"
#include "core/date.h"
#include "domain/config.h"
#include "domain/risk.h"

static struct actor acu, acu2, psd, clerk, admin, boss;

#define AS_OF "2026-06-30"

/* A call that must fail with code (it sets the local e). */
#define CHECK_ERR(call, want) do { \
	e.code = 0; \
	CHECK((call) != 0); \
	CHECK_INT(e.code, want); \
	} while (0)

__attribute__((constructor)) static void setup(void)
{
	fixture_open("risk");
	static const char *const hr[] = {
		"1,Ana,Analyst,staff,Grade E,ACU,,,2010-01-01,",
		"2,Ben,Analyst,staff,Grade E,ACU,,,2012-01-01,",
		"3,Pat,Standards,staff,Grade D,PSD,,,2015-01-01,",
		"4,Sam,Staff,staff,Grade C,Admin,,,2015-01-01,",
		"10,Alice,Able,officer,Constable,Response,,,2018-01-01,",
		"11,Bob,Baker,officer,Constable,Response,,,2018-01-01,",
		"12,Cat,Cole,officer,Constable,Response,,,2018-01-01,",
		"13,Dan,Dale,officer,Constable,Response,,,2018-01-01,",
		"14,Eve,Eden,officer,Sergeant,Response,,1,2018-01-01,",
		"15,Fay,Ford,officer,Sergeant,Response,,,2018-01-01,",
		"16,Gus,Gray,officer,Sergeant,Response,,,2018-01-01,2020-01-01",
		NULL,
	};
	fixture_people(hr);
	fixture_account("ana", "1", ROLE_ACU, &acu);
	fixture_account("ben", "2", ROLE_ACU, &acu2);
	fixture_account("pat", "3", ROLE_PSD, &psd);
	fixture_account("sam", "4", 0, &clerk);
	fixture_account("root", NULL, ROLE_ADMIN, &admin);
	fixture_load("ana", &boss);   /* Ana line-manages Eve (14) */
}

static int64_t pid(const char *staff_number)
{
	int64_t id = 0;
	store_int(st, NULL, &id, "SELECT id FROM people WHERE staff_number = ?", "t", staff_number);
	return id;
}

struct find { const char *staff; int found, score, pct; char keys[256], level[12]; };
static int find_row(void *ctx, const struct risk_row *r)
{
	struct find *f = ctx;
	if (!strcmp(r->staff_number, f->staff)) {
		f->found = 1;
		f->score = r->score;
		f->pct = r->percentile;
		snprintf(f->keys, sizeof f->keys, "%s", r->keys);
		snprintf(f->level, sizeof f->level, "%s", r->level);
	}
	return 0;
}

/* The keys of the indicators that hold for staff on as_of, as who sees them. */
static struct find held_as(const struct actor *who, const char *staff, const char *as_of)
{
	struct find f = { .staff = staff };
	struct err e = { 0 };
	if (risk_scores(st, who, as_of, "", find_row, &f, &e))
		fprintf(stderr, "  risk_scores: %s\n", e.msg);
	CHECK(f.found);
	return f;
}

static int holds(const char *staff, const char *key, const char *as_of)
{
	struct find f = held_as(&acu, staff, as_of);
	const char *k = strstr(f.keys, key);
	size_t n = strlen(key);
	while (k && !((k == f.keys || k[-1] == ';') && (k[n] == 0 || k[n] == ';')))
		k = strstr(k + 1, key);
	return k != NULL;
}

static long log_rows(const char *action, const char *type, const char *outcome)
{
	int64_t n = 0;
	store_int(st, NULL, &n, "SELECT COUNT(*) FROM access_log WHERE action = ? AND object_type = ? AND outcome = ?",
	          "ttt", action, type, outcome);
	return (long)n;
}

static void exec(const char *sql)
{
	struct err e = { 0 };
	if (store_exec(st, &e, sql, ""))
		fprintf(stderr, "  %s: %s\n", sql, e.msg);
}

TEST(test_allegations_window_edges)
{
	exec("INSERT INTO complaint_cases(case_ref, kind, received) VALUES ('CO/1', 'complaint', '2025-06-30'), "
	     "('CO/2', 'complaint', '2026-01-01'), ('CO/3', 'conduct', '2026-06-30')");
	exec("INSERT INTO complaint_allegations(case_id, allegation_ref, subject_id, category_id) "
	     "SELECT c.id, 'A1', p.id, (SELECT MIN(id) FROM complaint_categories) FROM complaint_cases c, people p "
	     "WHERE p.staff_number = '10' AND c.case_ref IN ('CO/1', 'CO/2', 'CO/3')");
	CHECK(holds("10", "allegations", AS_OF));            /* 2025-06-30 is the window's first day */
	CHECK(!holds("10", "allegations", "2026-07-01"));    /* it has left the window: 2 of 3 */
	CHECK(!holds("10", "allegations", "2026-06-29"));    /* the third not yet received */
	CHECK(!holds("11", "allegations", AS_OF));
}

TEST(test_association_high_and_ended)
{
	exec("INSERT INTO notifiable_associations(person_id, associate_name, category, declared_on, status, risk, "
	     "created_at) SELECT id, 'Vic Vole', 'organised_crime', '2026-02-01', 'assessed', 'high', '2026-02-01' "
	     "FROM people WHERE staff_number = '11'");
	exec("INSERT INTO notifiable_associations(person_id, associate_name, category, declared_on, status, risk, "
	     "created_at) SELECT id, 'Mo Mild', 'family_link', '2026-02-01', 'assessed', 'medium', '2026-02-01' "
	     "FROM people WHERE staff_number = '12'");
	CHECK(holds("11", "association_high", AS_OF));
	CHECK(!holds("11", "association_high", "2026-01-31"));  /* not yet declared */
	CHECK(!holds("12", "association_high", AS_OF));         /* medium risk */
	exec("UPDATE notifiable_associations SET status = 'ended' WHERE associate_name = 'Vic Vole'");
	CHECK(!holds("11", "association_high", AS_OF));
}

TEST(test_gifts_from_one_offeror)
{
	exec("INSERT INTO gifts(person_id, date_offered, offeror_org, kind, description, value_pence, accepted, status, "
	     "created_at) SELECT p.id, d.day, 'Acme Supplies', 'hospitality', 'Lunch', 2000, 1, 'recorded', d.day "
	     "FROM people p, (SELECT '2025-07-01' AS day UNION ALL SELECT '2025-10-01' UNION ALL SELECT '2026-01-01' "
	     "UNION ALL SELECT '2026-06-30') d WHERE p.staff_number = '12'");
	exec("INSERT INTO gifts(person_id, date_offered, offeror_org, kind, description, value_pence, accepted, status, "
	     "created_at) SELECT p.id, '2026-03-01', 'Other Ltd', 'gift', 'Pen', 500, 1, 'recorded', '2026-03-01' "
	     "FROM people p WHERE p.staff_number = '12'");
	CHECK(holds("12", "gifts_offeror", AS_OF));           /* 4 from Acme in 365 days */
	CHECK(!holds("12", "gifts_offeror", "2026-07-02"));   /* 2025-07-01 has left: 3 */
	CHECK(!holds("12", "gifts_offeror", "2026-06-29"));   /* 3 so far; Other Ltd does not add to Acme */
}

TEST(test_financial_until_referral_completed)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	exec("INSERT INTO circumstances(person_id, kind, subtype, details, event_date, declared_on, referral, created_at) "
	     "SELECT id, 'financial_difficulty', 'ccj', 'CCJ', '2026-01-05', '2026-01-10', 'declined', '2026-01-10' "
	     "FROM people WHERE staff_number = '13'");
	char today[11];
	date_today(today);
	CHECK(holds("13", "financial", today));
	CHECK(!holds("13", "financial", "2026-01-09"));
	/* a debt-advice intervention completed: the indicator stops holding */
	struct risk_intervention_input in = { .person_id = pid("13"), .kind = "debt_advice", .owner = "ben",
		                              .due_date = "2026-02-01", .review_date = "2026-03-01" };
	int64_t id = 0;
	CHECK_INT(risk_intervention_add(st, &acu, &in, &id, &l, &e), 0);
	CHECK(holds("13", "financial", today));   /* open: not completed yet */
	CHECK_INT(risk_intervention_close(st, &acu2, id, "completed", "Seen by the debt adviser", "no", &l, &e), 0);
	CHECK(!holds("13", "financial", today));
}

TEST(test_arrest_self_not_family)
{
	exec("INSERT INTO circumstances(person_id, kind, subtype, subject, details, event_date, declared_on, created_at) "
	     "SELECT id, 'criminal_justice', 'arrest', 'self', 'Arrested', '2026-03-01', '2026-03-02', '2026-03-02' "
	     "FROM people WHERE staff_number = '14'");
	exec("INSERT INTO circumstances(person_id, kind, subtype, subject, other_person, details, event_date, "
	     "declared_on, created_at) SELECT id, 'criminal_justice', 'arrest', 'family', 'Son', 'Son arrested', "
	     "'2026-03-01', '2026-03-02', '2026-03-02' FROM people WHERE staff_number = '15'");
	CHECK(holds("14", "arrest", AS_OF));
	CHECK(!holds("15", "arrest", AS_OF));
}

TEST(test_ict_alert_r1_r3_not_nfa)
{
	exec("INSERT INTO audit_alerts(rule, user, key, first_ts, rule_version, status, created_at) VALUES "
	     "(1, '15', 'X1', '2026-05-01T10:00:00Z', 1, 'new', '2026-05-01'), "
	     "(3, '11', 'X2', '2026-05-01T10:00:00Z', 1, 'nfa', '2026-05-01'), "
	     "(2, '11', 'X3', '2026-05-01T10:00:00Z', 1, 'new', '2026-05-01')");
	CHECK(holds("15", "ict_alert", AS_OF));
	CHECK(!holds("15", "ict_alert", "2026-04-30"));
	CHECK(!holds("11", "ict_alert", AS_OF));   /* R3 closed as NFA; R2 is not one of the rules */
}

TEST(test_vetting_below_post)
{
	exec("INSERT INTO posts(title, unit_id, vetting_level) SELECT 'Custody sergeant', unit_id, 'MV' FROM people "
	     "WHERE staff_number = '15'");
	exec("UPDATE people SET post_id = (SELECT id FROM posts WHERE title = 'Custody sergeant') "
	     "WHERE staff_number IN ('15', '14')");
	exec("INSERT INTO clearances(person_id, level, granted, expiry, status, created_at) SELECT id, 'MV', "
	     "'2024-01-01', '2031-01-01', 'active', '2024-01-01' FROM people WHERE staff_number = '14'");
	exec("INSERT INTO clearances(person_id, level, granted, expiry, status, created_at) SELECT id, 'MV', "
	     "'2018-01-01', '2025-01-01', 'active', '2018-01-01' FROM people WHERE staff_number = '15'");
	CHECK(holds("15", "vetting", AS_OF));          /* MV expired */
	CHECK(!holds("15", "vetting", "2024-12-31"));  /* still in force then */
	CHECK(!holds("14", "vetting", AS_OF));
}

TEST(test_intel_and_interest_continuing_acu_only)
{
	exec("INSERT INTO business_interests(person_id, kind, organisation, description, status, decided_at, created_at) "
	     "SELECT id, 'own_business', 'Fast Cars', 'Car sales', 'refused', '2026-01-01T09:00:00Z', '2025-12-01' "
	     "FROM people WHERE staff_number = '10'");
	exec("INSERT INTO intel_items(reference, received, source_type, grading_scheme, grade, category, created_at) "
	     "VALUES ('INT9', '2026-02-01', 'named', '3x5x2', '1AP', 'theft_fraud', '2026-02-01')");
	exec("INSERT INTO intel_subjects(item_id, person_id) SELECT i.id, p.id FROM intel_items i, people p "
	     "WHERE i.reference = 'INT9' AND p.staff_number = '10'");
	CHECK(holds("10", "interest_continuing", AS_OF));
	CHECK(holds("10", "intel", AS_OF));
	CHECK(!holds("10", "interest_continuing", "2026-01-31"));  /* before the item */
	/* PSD: the indicator holds, its evidence withheld */
	struct risk_picture p;
	struct err e = { 0 };
	CHECK_INT(risk_picture(st, &psd, pid("10"), AS_OF, &p, &e), 0);
	int seen = 0;
	for (size_t i = 0; i < p.nhits; i++)
		if (p.hits[i].ind == RISK_INTEL) {
			seen = 1;
			CHECK(p.hits[i].hidden);
			CHECK_INT(p.hits[i].nev, 0);
		}
	CHECK(seen);
	for (int i = 0; i < RISK_NSRC; i++)
		if (!strcmp(p.src[i].key, "intel"))
			CHECK(p.src[i].hidden && p.src[i].n == 0);
	risk_picture_release(&p);
	/* ACU: the evidence names the item */
	CHECK_INT(risk_picture(st, &acu, pid("10"), AS_OF, &p, &e), 0);
	for (size_t i = 0; i < p.nhits; i++)
		if (p.hits[i].ind == RISK_INTEL) {
			CHECK(!p.hits[i].hidden);
			CHECK_INT(p.hits[i].nev, 1);
			CHECK_STR(p.hits[i].ev[0].ref, "INT9");
		}
	risk_picture_release(&p);
	/* configured off for PSD: not shown, not scored */
	struct find before = held_as(&psd, "10", AS_OF);
	CHECK(strstr(before.keys, "intel") != NULL);
	exec("UPDATE config SET value = '0' WHERE key = 'risk.psd_sees_acu_only'");
	struct find after = held_as(&psd, "10", AS_OF);
	CHECK(strstr(after.keys, "intel") == NULL);
	CHECK_INT(after.score, before.score - 3 - 4);
	exec("UPDATE config SET value = '1' WHERE key = 'risk.psd_sees_acu_only'");
}

TEST(test_score_level_and_peer_percentile)
{
	/* Constables in Response as of AS_OF: 10 allegations 3 + interest 4 + intel 3 = 10 (critical);
	 * 11 none (association ended, R3 NFA) = 0; 12 gifts 2 = 2; 13 financial 3 (the referral was completed
	 * after AS_OF, so on AS_OF it still holds). */
	struct find a = held_as(&acu, "10", AS_OF), b = held_as(&acu, "11", AS_OF), c = held_as(&acu, "12", AS_OF),
	            d = held_as(&acu, "13", AS_OF);
	CHECK_INT(a.score, 10);
	CHECK_STR(a.level, "critical");
	CHECK_INT(b.score, 0);
	CHECK_STR(b.level, "");
	CHECK_INT(c.score, 2);
	CHECK_INT(d.score, 3);
	/* lower scores among the 4 peers: 10 -> 3 of 4 = 75; 3 -> 2 of 4 = 50; 2 -> 1 of 4 = 25; 0 -> 0 */
	CHECK_INT(a.pct, 75);
	CHECK_INT(d.pct, 50);
	CHECK_INT(c.pct, 25);
	CHECK_INT(b.pct, 0);
	/* the picture scores the peer group sparsely: the same figures */
	struct risk_picture pic;
	struct err pe = { 0 };
	CHECK_INT(risk_picture(st, &acu, pid("12"), AS_OF, &pic, &pe), 0);
	CHECK_INT(pic.score, 2);
	CHECK_INT(pic.percentile, 25);
	CHECK_INT(pic.peers, 4);
	risk_picture_release(&pic);
	CHECK_INT(risk_picture(st, &acu, pid("10"), AS_OF, &pic, &pe), 0);
	CHECK_INT(pic.percentile, 75);
	CHECK_STR(pic.level, "critical");
	risk_picture_release(&pic);
	CHECK_INT(risk_picture(st, &acu, pid("11"), AS_OF, &pic, &pe), 0);
	CHECK_INT(pic.percentile, 0);
	risk_picture_release(&pic);
	/* today: against the day's snapshot of the peers, made once and remade when the settings change */
	char today[11];
	date_today(today);
	for (int k = 0; k < 4; k++) {
		static const char *const who[] = { "10", "11", "12", "13" };
		struct find live = held_as(&acu, who[k], today);
		CHECK_INT(risk_picture(st, &acu, pid(who[k]), today, &pic, &pe), 0);
		CHECK_INT(pic.score, live.score);
		CHECK_INT(pic.percentile, live.pct);
		CHECK_INT(pic.peers, 4);
		risk_picture_release(&pic);
	}
	int64_t snaps = 0;
	store_int(st, NULL, &snaps, "SELECT COUNT(*) FROM risk_snapshot_days WHERE day = ?", "t", today);
	CHECK_INT(snaps, 1);
	exec("UPDATE config SET value = '9' WHERE key = 'risk.intel.weight'");
	struct find live10 = held_as(&acu, "10", today);
	CHECK_INT(risk_picture(st, &acu, pid("12"), today, &pic, &pe), 0);
	CHECK_INT(pic.percentile, held_as(&acu, "12", today).pct);
	risk_picture_release(&pic);
	CHECK_INT(risk_picture(st, &acu, pid("10"), today, &pic, &pe), 0);
	CHECK_INT(pic.score, live10.score);
	CHECK_INT(pic.percentile, live10.pct);
	risk_picture_release(&pic);
	exec("UPDATE config SET value = '3' WHERE key = 'risk.intel.weight'");
	/* the warning level: a score of 5 or more */
	struct find f = held_as(&acu, "15", AS_OF);   /* ICT alert 4 + vetting 3 = 7 */
	CHECK_INT(f.score, 7);
	CHECK_STR(f.level, "warning");
	/* a weight changed by the administrator: a new version, the score follows */
	struct err e = { 0 };
	const char *kv[] = { "vetting.weight", "4", NULL };
	CHECK_ERR(risk_settings_set(st, &psd, kv, &e), ERR_DENIED);
	CHECK_INT(risk_settings_set(st, &admin, kv, &e), 0);
	CHECK_INT(held_as(&acu, "15", AS_OF).score, 8);
	CHECK_STR(held_as(&acu, "15", AS_OF).level, "critical");
	struct risk_config cf;
	risk_config_load(st, &cf);
	CHECK_INT(cf.version, 1);
	const char *bad[] = { "nonsense.weight", "1", NULL };
	CHECK_ERR(risk_settings_set(st, &admin, bad, &e), ERR_INPUT);
	const char *back[] = { "vetting.weight", "3", NULL };
	CHECK_INT(risk_settings_set(st, &admin, back, &e), 0);
	/* leavers are not scored */
	struct find g = { .staff = "16" };
	CHECK_INT(risk_scores(st, &acu, AS_OF, "", find_row, &g, &e), 0);
	CHECK(!g.found);
}

TEST(test_report_header_and_order)
{
	struct buf b = BUF_INIT;
	struct err e = { 0 };
	CHECK_INT(risk_report_csv(st, &acu, AS_OF, "warning", &b, &e), 0);
	const char *s = buf_str(&b);
	CHECK(!strncmp(s, RISK_REPORT_HEADER "\n", strlen(RISK_REPORT_HEADER) + 1));
	/* 10 (score 10) before 15 (7), nobody below warning */
	const char *p10 = strstr(s, "\n10,"), *p15 = strstr(s, "\n15,");
	CHECK(p10 && p15 && p10 < p15);
	CHECK(strstr(s, "\n11,") == NULL);
	CHECK_HAS(s, "10,Alice Able,Response,10,critical,75,Repeated allegations;Refused business interest possibly "
	             "continuing;Subject of intelligence\n");
	buf_release(&b);
	CHECK_ERR(risk_report_csv(st, &acu, AS_OF, "severe", &b, &e), ERR_INPUT);
	buf_release(&b);
}

TEST(test_need_to_know_logged)
{
	struct risk_picture p;
	struct err e = { 0 };
	long before = log_rows("view", "risk_picture", "refused");
	CHECK_ERR(risk_picture(st, &clerk, pid("10"), AS_OF, &p, &e), ERR_DENIED);
	CHECK_ERR(risk_picture(st, &admin, pid("10"), AS_OF, &p, &e), ERR_DENIED);
	CHECK_ERR(risk_picture(st, &acu, pid("1"), AS_OF, &p, &e), ERR_DENIED);   /* her own */
	CHECK_INT(log_rows("view", "risk_picture", "refused"), before + 3);
	long ok = log_rows("view", "risk_picture", "ok");
	CHECK_INT(risk_picture(st, &psd, pid("10"), AS_OF, &p, &e), 0);
	risk_picture_release(&p);
	CHECK_INT(log_rows("view", "risk_picture", "ok"), ok + 1);
	struct find f = { .staff = "10" };
	CHECK_ERR(risk_scores(st, &clerk, AS_OF, "", find_row, &f, &e), ERR_DENIED);
	CHECK(!f.found);
}

TEST(test_duties_on_interventions_and_decisions)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	int64_t id = 0;
	/* Ana manages Eve (14): line management conflicts under the "acu" kind */
	struct risk_intervention_input in = { .person_id = pid("14"), .kind = "counselling", .owner = "ben",
		                              .due_date = "2026-07-01", .review_date = "2026-08-01" };
	CHECK_ERR(risk_intervention_add(st, &boss, &in, &id, &l, &e), ERR_DENIED);
	CHECK_INT(risk_intervention_add(st, &acu2, &in, &id, &l, &e), 0);
	struct risk_intervention v;
	CHECK_INT(risk_intervention_get(st, &acu2, id, &v, &e), 0);
	CHECK(!risk_may_close(st, &boss, &v));
	CHECK_ERR(risk_intervention_close(st, &boss, id, "completed", "Done", "no", &l, &e), ERR_DENIED);
	/* an intervention about an ACU member: she cannot close it, nor own it */
	struct risk_intervention_input own = { .person_id = pid("2"), .kind = "supervisory_plan", .owner = "ben",
		                               .due_date = "2026-07-01", .review_date = "2026-08-01" };
	l.n = 0;
	CHECK_ERR(risk_intervention_add(st, &acu, &own, &id, &l, &e), ERR_INPUT);
	CHECK_STR(errlist_get(&l, "owner"), "The owner cannot be the person the intervention is about");
	own.owner = "pat";
	l.n = 0;
	CHECK_INT(risk_intervention_add(st, &acu, &own, &id, &l, &e), 0);
	CHECK_ERR(risk_intervention_close(st, &acu2, id, "completed", "Done", "no", &l, &e), ERR_DENIED);
	CHECK(log_rows("close", "risk_intervention", "refused") >= 2);
	/* validation: every field named */
	struct risk_intervention_input bad = { .person_id = pid("11") };
	l.n = 0;
	CHECK_ERR(risk_intervention_add(st, &acu, &bad, &id, &l, &e), ERR_INPUT);
	CHECK(errlist_get(&l, "kind") && errlist_get(&l, "owner") && errlist_get(&l, "due_date") &&
	      errlist_get(&l, "review_date"));
}

static int count_agenda(void *ctx, const struct risk_agenda_row *r)
{
	char *s = ctx;
	size_t n = strlen(s);
	snprintf(s + n, 512 - n, "%s:%s;", r->staff_number, r->reason);
	return 0;
}

TEST(test_meeting_agenda_decisions_learning)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	int64_t m1 = 0, m2 = 0;
	CHECK_ERR(risk_meeting_create(st, &clerk, "2026-06-30", &m1, &l, &e), ERR_DENIED);
	CHECK_INT(risk_meeting_create(st, &acu, "2026-06-30", &m1, &l, &e), 0);
	char ag[512] = "";
	CHECK_INT(risk_agenda_list(st, &acu, m1, count_agenda, ag, &e), 0);
	CHECK_HAS(ag, "10:critical;");
	CHECK_HAS(ag, "15:new_warning;");
	CHECK(strstr(ag, "11:") == NULL);
	/* only the chair edits the agenda; nobody decides about someone they manage */
	l.n = 0;
	CHECK_ERR(risk_agenda_add(st, &acu2, m1, "11", &l, &e), ERR_DENIED);
	CHECK_INT(risk_agenda_add(st, &acu, m1, "14", &l, &e), 0);
	CHECK_ERR(risk_decision_add(st, &acu, m1, pid("14"), "Supervisory plan", &l, &e), ERR_DENIED);
	CHECK_INT(risk_decision_add(st, &acu2, m1, pid("14"), "Supervisory plan", &l, &e), 0);
	CHECK_ERR(risk_decision_add(st, &acu2, m1, pid("11"), "Nothing", &l, &e), ERR_NOTFOUND);
	CHECK_INT(risk_attendee_add(st, &acu, m1, "hr_welfare", "Hana Hart", &l, &e), 0);
	l.n = 0;
	CHECK_ERR(risk_attendee_add(st, &acu, m1, "canteen", "", &l, &e), ERR_INPUT);
	/* an intervention for Alice, closed as substantiated */
	struct risk_intervention_input in = { .person_id = pid("10"), .meeting_id = m1, .kind = "ethical_interview",
		                              .owner = "pat", .due_date = "2026-07-15", .review_date = "2026-07-20" };
	int64_t iv = 0;
	l.n = 0;
	CHECK_INT(risk_intervention_add(st, &acu, &in, &iv, &l, &e), 0);
	/* the next meeting: Alice's oldest allegation has left the window (warning now, critical before: not new),
	 * her review is due; Fay was at warning before: not new */
	CHECK_INT(risk_meeting_create(st, &acu2, "2026-07-30", &m2, &l, &e), 0);
	ag[0] = 0;
	CHECK_INT(risk_agenda_list(st, &acu, m2, count_agenda, ag, &e), 0);
	CHECK_HAS(ag, "10:review_due;");
	CHECK(strstr(ag, "15:") == NULL);
	CHECK_INT(risk_intervention_close(st, &acu2, iv, "completed", "Admitted the business continued", "yes", &l, &e),
	          0);
	/* learning: with k = 1 the counts show; with the default k = 10 they are withheld */
	struct risk_learning lr;
	CHECK_INT(risk_learning(st, &acu, "2026-01-01", "2026-12-31", &lr, &e), 0);
	CHECK(lr.any.hide_flagged);
	exec("INSERT INTO config(key, value) VALUES ('disclosure.k', '1')");
	CHECK_INT(risk_learning(st, &acu, "2026-01-01", "2026-12-31", &lr, &e), 0);
	CHECK_INT(lr.ind[RISK_ALLEGATIONS].flagged, 1);
	CHECK_INT(lr.ind[RISK_ALLEGATIONS].substantiated, 1);
	CHECK_INT(lr.ind[RISK_ALLEGATIONS].precision_pct, 100);
	CHECK_INT(lr.any.flagged, 3);        /* Alice, Fay, Eve */
	CHECK_INT(lr.any.intervened, 2);     /* Alice and Eve had one after the meeting; Fay none */
	CHECK_INT(lr.ind[RISK_VETTING].substantiated, 0);
	struct risk_learning none;
	CHECK_ERR(risk_learning(st, &clerk, "2026-01-01", "2026-12-31", &none, &e), ERR_DENIED);
}

TEST_MAIN(T(test_allegations_window_edges), T(test_association_high_and_ended), T(test_gifts_from_one_offeror),
          T(test_financial_until_referral_completed), T(test_arrest_self_not_family), T(test_ict_alert_r1_r3_not_nfa),
          T(test_vetting_below_post), T(test_intel_and_interest_continuing_acu_only),
          T(test_score_level_and_peer_percentile), T(test_report_header_and_order), T(test_need_to_know_logged),
          T(test_duties_on_interventions_and_decisions), T(test_meeting_agenda_decisions_learning))
