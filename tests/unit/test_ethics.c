/* Unit tests for the ethics panel (src/domain/ethics.c): what a dilemma
 * needs, the anonymous route keeping nothing but the receipt's hash and
 * the day (and writing no access-log row), who sees the name of a
 * confidential asker, the conflict and raiser exclusions, the chair's
 * triage and the agenda cap, the quorum rule, tenure warnings, "did this
 * help" keeping no account, and the measures against hand-worked values
 * with disclosure control. */
#include "test.h"
#include "fixture.h"
#include "core/buf.h"
#include "core/date.h"
#include "domain/ethics.h"
#include <sodium.h>

static struct actor chair, ind, m1, m2, m3, asker, staff, scrut;

static void member(const char *user, int indep, int is_chair, const char *from, struct actor *a)
{
	struct err e = { 0 };
	struct errlist errs = { 0 };
	if (ethics_member_set(st, NULL, user, indep, is_chair, from, NULL, &errs, &e))
		fprintf(stderr, "member %s: %s\n", user, e.msg);
	fixture_load(user, a);
}

__attribute__((constructor)) static void setup(void)
{
	fixture_open("ethics");
	static const char *const hr[] = {
		"1,Asha,Asker,officer,Constable,Response,,,2018-01-01,",
		"2,Sam,Staff,staff,Grade C,HR,,,2015-01-01,",
		"3,Mo,Member,officer,Sergeant,Custody,,,2012-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("chair", NULL, 0, NULL);
	fixture_account("ind", NULL, 0, NULL);
	fixture_account("m1", "3", 0, NULL);
	fixture_account("m2", NULL, 0, NULL);
	fixture_account("m3", NULL, 0, NULL);
	fixture_account("asker", "1", 0, NULL);
	fixture_account("staff", "2", 0, &staff);
	fixture_account("scrut", NULL, ROLE_SCRUTINY, &scrut);
	member("chair", 1, 1, "2024-01-01", &chair);
	member("ind", 1, 0, "2024-01-01", &ind);
	member("m1", 0, 0, "2024-01-01", &m1);
	member("m2", 0, 0, "2024-01-01", &m2);
	member("m3", 0, 0, "2024-01-01", &m3);
	member("asker", 0, 0, "2024-01-01", &asker); /* a panel member who asks */
}

/* call fails with e.code == want (the functions return -1 or the code) */
#define FAILS(call, want)                                                                                             \
	do {                                                                                                          \
		e.code = 0;                                                                                           \
		CHECK((call) != 0);                                                                                   \
		CHECK_INT(e.code, want);                                                                              \
	} while (0)

static const char *const COURAGE[] = { "courage" };

static struct ethics_new dilemma(const char *mode, const char *urgency)
{
	struct ethics_new in = { .situation = "A colleague asked me to keep quiet about a mistake.",
		                 .principles = COURAGE, .nprinciples = 1, .urgency = urgency, .mode = mode };
	return in;
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	struct err e = { 0 };
	store_int(st, &e, &n, sql, "");
	return n;
}

TEST(test_dilemma_needs_situation_principle_urgency_and_mode)
{
	struct errlist errs = { 0 };
	struct ethics_new in = { 0 };
	CHECK_INT(ethics_validate(st, &in, 0, &errs), 4);
	CHECK_STR(errs.item[0].field, "situation");
	CHECK_STR(errs.item[1].field, "principles");
	CHECK_STR(errs.item[2].field, "urgency");
	CHECK_STR(errs.item[3].field, "mode");
	static const char *const bad[] = { "honesty_2014" };
	struct errlist e2 = { 0 };
	in = dilemma("named", "routine");
	in.principles = bad;
	CHECK_INT(ethics_validate(st, &in, 0, &e2), 1);
	CHECK_HAS(errlist_get(&e2, "principles"), "from the list");
	struct errlist e3 = { 0 };
	in = dilemma("anonymous", "routine");
	CHECK_INT(ethics_validate(st, &in, 0, &e3), 1); /* anonymous only through its own route */
	CHECK_HAS(errlist_get(&e3, "mode"), "anonymous route");
	struct errlist e4 = { 0 };
	char *big = malloc(ETHICS_TEXT_MAX + 2);
	memset(big, 'x', ETHICS_TEXT_MAX + 1);
	big[ETHICS_TEXT_MAX + 1] = 0;
	in = dilemma("named", "quick");
	in.situation = big;
	CHECK_INT(ethics_validate(st, &in, 0, &e4), 1);
	free(big);
	struct errlist e5 = { 0 };
	in = dilemma("named", "quick");
	CHECK_INT(ethics_validate(st, &in, 0, &e5), 0);
}

TEST(test_anonymous_keeps_only_the_receipt_hash_and_the_day)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	char receipt[ANON_RECEIPT_SIZE], digits[ANON_RECEIPT_DIGITS + 1], today[11], stored[80];
	int64_t logs = count("SELECT COUNT(*) FROM access_log"), id = 0, id2 = 0;
	struct ethics_new in = dilemma("named", "routine"); /* the mode is the route's, not the form's */
	CHECK_INT(ethics_raise_anon(st, &in, receipt, &errs, &e), 0);
	CHECK_INT(anon_receipt_digits(receipt, digits), 0);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log"), logs);
	CHECK_INT(store_int(st, &e, &id, "SELECT MAX(id) FROM ethics_dilemmas", ""), 1);
	CHECK_INT(store_text(st, &e, stored, sizeof stored,
	                     "SELECT mode || '|' || COALESCE(raiser_id, 0) || '|' || raised_on FROM ethics_dilemmas WHERE id = ?",
	                     "i", id),
	          1);
	date_today(today);
	char want[80];
	snprintf(want, sizeof want, "anonymous|0|%s", today);
	CHECK_STR(stored, want);
	CHECK_INT(store_text(st, &e, stored, sizeof stored, "SELECT receipt_hash FROM ethics_dilemmas WHERE id = ?", "i", id),
	          1);
	CHECK(strstr(stored, digits) == NULL);
	CHECK_INT(ethics_anon_open(st, receipt, &id2, &e), 0);
	CHECK_INT(id2, id);
	FAILS(ethics_anon_open(st, "1234 5678 1234 5678 1234 5678 1234", &id2, &e), ERR_NOTFOUND);
	FAILS(ethics_anon_open(st, "12", &id2, &e), ERR_NOTFOUND); /* the same answer for a malformed one */
	struct errlist e2 = { 0 };
	CHECK_INT(ethics_anon_reply(st, id, "More detail", &e2, &e), 0);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log"), logs);
}

TEST(test_confidential_name_for_the_chair_alone_and_raiser_excluded)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id;
	struct ethics_row *r = malloc(sizeof *r);
	struct ethics_new in = dilemma("confidential", "routine");
	CHECK_INT(ethics_raise(st, &asker, &in, &id, &errs, &e), 0);
	CHECK_INT(ethics_panel_get(st, &m2, id, r, NULL, NULL, &e), 0);
	CHECK_STR(r->raiser, "");
	CHECK_INT(ethics_panel_get(st, &chair, id, r, NULL, NULL, &e), 0);
	CHECK_STR(r->raiser, "Asha Asker");
	/* the asker is on the panel: cannot open it, refusal logged */
	int64_t before = count("SELECT COUNT(*) FROM access_log WHERE detail = 'conflict: raiser'");
	FAILS(ethics_panel_get(st, &asker, id, r, NULL, NULL, &e), ERR_DENIED);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE detail = 'conflict: raiser'"), before + 1);
	/* a declared conflict excludes m3 */
	CHECK_INT(ethics_declare_conflict(st, &m3, id, &e), 0);
	FAILS(ethics_panel_get(st, &m3, id, r, NULL, NULL, &e), ERR_DENIED);
	/* staff cannot see the panel's dilemmas, nor another's own */
	FAILS(ethics_panel_get(st, &staff, id, r, NULL, NULL, &e), ERR_DENIED);
	FAILS(ethics_mine_get(st, &staff, id, r, NULL, NULL, &e), ERR_NOTFOUND);
	CHECK_INT(ethics_mine_get(st, &asker, id, r, NULL, NULL, &e), 0);
	free(r);
}

static void present(int64_t meeting, const struct actor *const *who, size_t n)
{
	int64_t ids[8];
	struct err e = { 0 };
	for (size_t i = 0; i < n; i++)
		store_int(st, &e, &ids[i], "SELECT id FROM ethics_members WHERE account_id = ?", "i", who[i]->account_id);
	ethics_attendance_set(st, &chair, meeting, ids, n, &e);
}

TEST(test_triage_by_the_chair_agenda_cap_and_quorum)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t a, b, meeting;
	char today[11];
	struct ethics_new in = dilemma("named", "routine");
	CHECK_INT(ethics_raise(st, &staff, &in, &a, &errs, &e), 0);
	CHECK_INT(ethics_raise(st, &staff, &in, &b, &errs, &e), 0);
	date_today(today);
	FAILS(ethics_meeting_create(st, &m1, today, &meeting, &errs, &e), ERR_DENIED);
	CHECK_INT(ethics_meeting_create(st, &chair, today, &meeting, &errs, &e), 0);
	FAILS(ethics_triage(st, &m1, a, "schedule", meeting, NULL, NULL, &errs, &e), ERR_DENIED);
	store_exec(st, &e, "INSERT INTO config(key, value) VALUES ('ethics.agenda_max', '1')", "");
	CHECK_INT(ethics_triage(st, &chair, a, "schedule", meeting, NULL, NULL, &errs, &e), 0);
	struct errlist full = { 0 };
	FAILS(ethics_triage(st, &chair, b, "schedule", meeting, NULL, NULL, &full, &e), ERR_INPUT);
	CHECK_HAS(errlist_get(&full, "meeting_id"), "agenda is full");
	store_exec(st, &e, "DELETE FROM config WHERE key = 'ethics.agenda_max'", "");
	struct errlist dec = { 0 };
	FAILS(ethics_triage(st, &chair, b, "decline", 0, "", NULL, &dec, &e), ERR_INPUT);
	struct errlist dec2 = { 0 };
	CHECK_INT(ethics_triage(st, &chair, b, "decline", 0, "Not an ethical question", NULL, &dec2, &e), 0);
	/* quorum: 5 present with 2 independents */
	const struct actor *four_one[] = { &chair, &m1, &m2, &m3 };
	present(meeting, four_one, 4);
	struct errlist q1 = { 0 };
	FAILS(ethics_advise(st, &m1, a, "Advice", "2099-01-01", "", &q1, &e), ERR_INPUT);
	CHECK_HAS(errlist_get(&q1, "advice"), "not quorate");
	const struct actor *five_one[] = { &chair, &m1, &m2, &m3, &asker };
	present(meeting, five_one, 5); /* five, but one independent */
	struct errlist q2 = { 0 };
	FAILS(ethics_advise(st, &m1, a, "Advice", "2099-01-01", "", &q2, &e), ERR_INPUT);
	const struct actor *five_two[] = { &chair, &ind, &m1, &m2, &m3 };
	present(meeting, five_two, 5);
	struct errlist q3 = { 0 };
	FAILS(ethics_advise(st, &m1, a, "Advice", "2000-01-01", "", &q3, &e), ERR_INPUT); /* a past date */
	struct errlist q4 = { 0 };
	CHECK_INT(ethics_advise(st, &m1, a, "Talk to your inspector.", "2099-01-01", "", &q4, &e), 0);
	struct ethics_row *r = malloc(sizeof *r);
	CHECK_INT(ethics_mine_get(st, &staff, a, r, NULL, NULL, &e), 0);
	CHECK_STR(r->status, "advised");
	CHECK_STR(r->advice, "Talk to your inspector.");
	CHECK_STR(r->feedback_due, "2099-01-01");
	free(r);
}

struct tenure { int warned_old, warned_new; };
static int tenure_fn(void *ctx, const struct ethics_member *m)
{
	struct tenure *t = ctx;
	if (strcmp(m->name, "old") == 0)
		t->warned_old = m->tenure_warning;
	if (strcmp(m->name, "m2") == 0)
		t->warned_new = m->tenure_warning;
	return 0;
}

TEST(test_tenure_warned_before_the_maximum)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	struct actor old;
	char today[11], start[11];
	struct tenure t = { -1, -1 };
	fixture_account("old", NULL, 0, NULL);
	date_today(today);
	date_format(date_days(today) - 8 * 365 + 100, start); /* 8 years less about 100 days ago */
	CHECK_INT(ethics_member_set(st, NULL, "old", 0, 0, start, NULL, &errs, &e), 0);
	fixture_load("old", &old);
	CHECK_INT(ethics_members(st, &chair, tenure_fn, &t, &e), 0);
	CHECK_INT(t.warned_old, 1);
	CHECK_INT(t.warned_new, 0);
	FAILS(ethics_members(st, &staff, tenure_fn, &t, &e), ERR_DENIED);
	FAILS(ethics_member_set(st, &m1, "staff", 0, 0, today, NULL, &errs, &e), ERR_DENIED);
}

struct mcap { char csv[8192]; size_t n; };
static int mfn(void *ctx, const char *m, const char *g, const char *v)
{
	struct mcap *c = ctx;
	c->n += (size_t)snprintf(c->csv + c->n, sizeof c->csv - c->n, "%s,%s,%s\n", m, g, v);
	return 0;
}

TEST(test_measures_hand_worked_and_disclosure)
{
	struct err e = { 0 };
	struct mcap *c = calloc(1, sizeof *c);
	/* three dilemmas in 2020: advised after 2, 6 and 20 days (two routine, one quick-time) */
	store_exec(st, &e,
	           "INSERT INTO ethics_dilemmas(mode, raiser_id, receipt_hash, raised_on, situation, urgency, status, "
	           "advice, advised_on) VALUES "
	           "('named', ?, NULL, '2020-01-10', 's', 'quick', 'advised', 'a', '2020-01-12'), "
	           "('named', ?, NULL, '2020-02-01', 's', 'routine', 'advised', 'a', '2020-02-07'), "
	           "('confidential', ?, NULL, '2020-04-01', 's', 'routine', 'advised', 'a', '2020-04-21')",
	           "iii", staff.account_id, staff.account_id, staff.account_id);
	CHECK_INT(ethics_measures(st, &scrut, "2020-01-01", "2020-12-31", mfn, c, &e), 0);
	CHECK_HAS(c->csv, "raised,all,\n"); /* 3 < k = 10: withheld */
	CHECK_HAS(c->csv, "days_to_advice_median,all,\n");
	store_exec(st, &e, "INSERT INTO config(key, value) VALUES ('disclosure.k', '1')", "");
	memset(c, 0, sizeof *c);
	CHECK_INT(ethics_measures(st, &scrut, "2020-01-01", "2020-12-31", mfn, c, &e), 0);
	CHECK_HAS(c->csv, "raised,all,3\n");
	CHECK_HAS(c->csv, "raised,2020-Q1 named,2\n");
	CHECK_HAS(c->csv, "raised,2020-Q2 confidential,1\n");
	CHECK_HAS(c->csv, "days_to_advice_median,all,6\n");
	CHECK_HAS(c->csv, "days_to_advice_p90,all,20\n"); /* nearest rank: ceil(0.9 x 3) = 3rd */
	CHECK_HAS(c->csv, "days_to_advice_median,routine,13.0\n");
	CHECK_HAS(c->csv, "days_to_advice_median,quick-time,2\n");
	CHECK_HAS(c->csv, "answer_returned_pct,all,100.0\n");
	store_exec(st, &e, "UPDATE config SET value = '2' WHERE key = 'disclosure.k'", "");
	memset(c, 0, sizeof *c);
	CHECK_INT(ethics_measures(st, &scrut, "2020-01-01", "2020-12-31", mfn, c, &e), 0);
	CHECK_HAS(c->csv, "raised,2020-Q2 confidential,\n"); /* 1 < k = 2 */
	CHECK_HAS(c->csv, "raised,2020-Q1 named,2\n");
	store_exec(st, &e, "DELETE FROM config WHERE key = 'disclosure.k'", "");
	FAILS(ethics_measures(st, &staff, "2020-01-01", "2020-12-31", mfn, c, &e), ERR_DENIED);
	FAILS(ethics_measures(st, &scrut, "2020-12-31", "2020-01-01", mfn, c, &e), ERR_INPUT);
	free(c);
}

TEST(test_case_study_published_by_the_chair_and_answers_keep_no_account)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t d, meeting, cid;
	struct ethics_new in = dilemma("named", "quick");
	CHECK_INT(ethics_raise(st, &staff, &in, &d, &errs, &e), 0);
	CHECK_INT(ethics_triage(st, &chair, d, "quick", 0, NULL, NULL, &errs, &e), 0);
	{ /* quick-time: advice due ethics.quick_days (10) from today */
		char today[11], due[11], got[11];
		date_today(today);
		date_format(date_days(today) + 10, due);
		CHECK_INT(store_text(st, &e, got, sizeof got, "SELECT feedback_due FROM ethics_dilemmas WHERE id = ?", "i", d), 1);
		CHECK_STR(got, due);
	}
	FAILS(ethics_advise(st, &m1, d, "x", "2099-01-01", "", &errs, &e), ERR_DENIED); /* quick-time: the chair */
	CHECK_INT(ethics_advise(st, &chair, d, "Say no and declare it.", "2099-01-01", "Review the gifts policy", &errs, &e),
	          0);
	(void)meeting;
	FAILS(ethics_case_publish(st, &m1, d, "T", "S", 1, &cid, &errs, &e), ERR_DENIED);
	CHECK_INT(ethics_case_publish(st, &chair, d, "The gym offer", "A supplier offers a team free gym use.", 1, &cid,
	                              &errs, &e),
	          0);
	struct ethics_case *c = malloc(sizeof *c);
	CHECK_INT(ethics_case_get(st, &staff, cid, c, &e), 0);
	CHECK_STR(c->advice, "Say no and declare it.");
	CHECK_INT(c->reads, 1);
	CHECK_INT(ethics_case_helped(st, &staff, cid, 1, &e), 0);
	CHECK_INT(count("SELECT COUNT(*) FROM ethics_case_responses WHERE helped = 1"), 1);
	/* the force's response: governance only */
	struct errlist fr = { 0 };
	FAILS(ethics_force_respond(st, &chair, d, "accepted", "", "", "", &fr, &e), ERR_DENIED);
	free(c);
	/* the advice to the force is tracked as a finding of the learning source */
	CHECK_INT(count("SELECT COUNT(*) FROM ethics_dilemmas d JOIN findings f ON f.id = d.force_finding_id JOIN "
	                "inspections i ON i.id = f.inspection_id WHERE i.source = 'learning' AND f.status = 'open' "
	                "AND f.text = 'Review the gifts policy' AND i.published = ''"),
	          1);
	CHECK_INT(count("SELECT COUNT(*) FROM finding_status_history h JOIN ethics_dilemmas d ON d.force_finding_id = "
	                "h.finding_id WHERE h.status = 'open'"),
	          1);
	/* ... and the change counts as made once the finding is signed off there */
	char today[11];
	date_today(today);
	struct buf m = BUF_INIT;
	CHECK_INT(ethics_measures_csv(st, &scrut, "2000-01-01", today, &m, &e), 0);
	buf_addc(&m, 0);
	CHECK_HAS(buf_str(&m), "force_change_made,awaiting,0");
	buf_release(&m);
	CHECK_INT(store_exec(st, &e, "UPDATE findings SET status = 'signed_off' WHERE id = (SELECT force_finding_id FROM "
	                             "ethics_dilemmas WHERE id = ?)", "i", d), 0);
	buf_init(&m, 0);
	CHECK_INT(ethics_measures_csv(st, &scrut, "2000-01-01", today, &m, &e), 0);
	buf_addc(&m, 0);
	CHECK_HAS(buf_str(&m), "force_change_made,awaiting,1");
	buf_release(&m);
}


/* A corruption concern goes to the ACU as an intelligence item: named only
 * with the raiser's consent, anonymous only as the sanitised report. */
TEST(test_concern_passed_to_the_acu_with_consent_anonymous_stays_anonymous)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t d, a;
	char ref[16], receipt[ANON_RECEIPT_SIZE], txt[300];
	struct ethics_new in = dilemma("named", "routine");
	CHECK_INT(ethics_raise(st, &staff, &in, &d, &errs, &e), 0);
	FAILS(ethics_pass_to_acu(st, &chair, d, "A supplier offers officers cash.", ref, &errs, &e), ERR_CONFLICT);
	CHECK_INT(count("SELECT COUNT(*) FROM intel_items"), 0);              /* no consent yet */
	FAILS(ethics_acu_consent(st, &asker, d, &e), ERR_NOTFOUND);          /* only the raiser consents */
	CHECK_INT(ethics_acu_consent(st, &staff, d, &e), 0);
	FAILS(ethics_pass_to_acu(st, &m1, d, "A supplier offers officers cash.", ref, &errs, &e), ERR_DENIED);
	FAILS(ethics_pass_to_acu(st, &chair, d, "", ref, &errs, &e), ERR_INPUT);
	CHECK(errlist_get(&errs, "sanitised") != NULL);
	errs.n = 0;
	CHECK_INT(ethics_pass_to_acu(st, &chair, d, "A supplier offers officers cash.", ref, &errs, &e), 0);
	CHECK(strncmp(ref, "INT", 3) == 0);
	CHECK_INT(count("SELECT COUNT(*) FROM intel_items WHERE source_type = 'named' AND owner_id IS NULL AND "
	                "created_by IS NULL AND original_text LIKE 'A colleague asked me%Sam Staff.' AND "
	                "sanitised_text = 'A supplier offers officers cash.'"),
	          1);
	FAILS(ethics_pass_to_acu(st, &chair, d, "Again", ref, &errs, &e), ERR_CONFLICT);   /* once */
	/* anonymous: no consent to ask, the sanitised report alone */
	struct ethics_new an = dilemma("named", "routine");
	an.situation = "PLANTED-ANON-SITUATION: my sergeant takes cash.";
	CHECK_INT(ethics_raise_anon(st, &an, receipt, &errs, &e), 0);
	CHECK_INT(store_int(st, &e, &a, "SELECT MAX(id) FROM ethics_dilemmas", ""), 1);
	CHECK_INT(ethics_pass_to_acu(st, &chair, a, "A sergeant is said to take cash.", ref, &errs, &e), 0);
	CHECK_INT(store_text(st, &e, txt, sizeof txt, "SELECT original_text || '|' || source_type FROM intel_items "
	                     "WHERE reference = ?", "t", ref), 1);
	CHECK_STR(txt, "A sergeant is said to take cash.|anonymous");
	CHECK_INT(count("SELECT COUNT(*) FROM intel_items WHERE original_text LIKE '%PLANTED-ANON%' OR "
	                "sanitised_text LIKE '%PLANTED-ANON%'"), 0);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE action = 'refer' AND outcome = 'ok'"), 4);
}

TEST_MAIN(T(test_dilemma_needs_situation_principle_urgency_and_mode),
          T(test_anonymous_keeps_only_the_receipt_hash_and_the_day),
          T(test_confidential_name_for_the_chair_alone_and_raiser_excluded),
          T(test_triage_by_the_chair_agenda_cap_and_quorum), T(test_tenure_warned_before_the_maximum),
          T(test_measures_hand_worked_and_disclosure),
          T(test_case_study_published_by_the_chair_and_answers_keep_no_account),
          T(test_concern_passed_to_the_acu_with_consent_anonymous_stays_anonymous))
