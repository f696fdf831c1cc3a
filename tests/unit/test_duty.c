/* Unit tests for separation of duties (src/domain/duty.h): the rule's
 * cases (subject, account, line management by configuration, proposer),
 * the access-log row of a refusal, and the rule as the decision paths apply
 * it (vetting tasks, applications, clearances, gifts at the PSD step). */
#include "test.h"
#include "fixture.h"
#include "domain/accesslog.h"
#include "domain/duty.h"
#include "domain/gifts.h"
#include "domain/tasks.h"
#include "domain/vetting.h"

/* top manages mid, mid manages low; other and panel stand apart. */
static struct actor top, mid, low, other, panel;
static int64_t p_top, p_mid, p_low;

__attribute__((constructor)) static void setup(void)
{
	fixture_open("duty");
	static const char *const hr[] = {
		"1,Ann,Top,officer,Superintendent,HQ,,,2010-01-01,",
		"2,Bob,Mid,officer,Inspector,HQ,,1,2012-01-01,",
		"3,Cat,Low,staff,Grade C,HQ,,2,2015-01-01,",
		"4,Dan,Other,staff,Grade E,PSD,,,2016-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("top", "1", 0, &top);
	fixture_account("mid", "2", ROLE_PSD, &mid);
	fixture_account("low", "3", ROLE_VETTING, &low);
	fixture_account("other", "4", ROLE_PSD | ROLE_VETTING, &other);
	fixture_account("panel", NULL, ROLE_SCRUTINY, &panel);
	p_top = top.person_id;
	p_mid = mid.person_id;
	p_low = low.person_id;
}

/* The call was refused by separation of duties (a non-zero return, ERR_DENIED). */
#define CHECK_DENIED(call, e) do { \
	(e).code = 0; \
	CHECK((call) != 0); \
	CHECK_INT((e).code, ERR_DENIED); \
	CHECK_HAS((e).msg, "separation of duties"); \
	} while (0)

static void set_config(const char *key, const char *value)
{
	struct err e = { 0 };
	CHECK_INT(store_exec(st, &e, "INSERT INTO config(key, value) VALUES(?, ?) "
	                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value", "tt", key, value), 0);
}

static int64_t refusals(const char *detail)
{
	int64_t n = -1;
	store_int(st, NULL, &n, "SELECT COUNT(*) FROM access_log WHERE outcome = 'refused' AND detail = ?", "t", detail);
	return n;
}

TEST(test_the_subject_is_conflicted_in_every_capacity)
{
	CHECK_INT(duty_conflict1(st, &low, NULL, p_low, DUTY_DECLARANT), DUTY_DECLARANT);
	CHECK_INT(duty_conflict1(st, &low, "vetting", p_low, DUTY_SUBJECT), DUTY_SUBJECT);
	CHECK_INT(duty_conflict1(st, &low, "psd", p_low, DUTY_APPLICANT), DUTY_APPLICANT);
	CHECK_INT(duty_conflict1(st, &other, "psd", p_low, DUTY_DECLARANT), 0);
}

TEST(test_nobody_matches_an_unknown_person)
{
	CHECK_INT(duty_conflict1(st, &panel, NULL, 0, DUTY_SUBJECT), 0);
	CHECK_INT(duty_conflict1(st, &low, "psd", 0, DUTY_SUBJECT), 0);
}

TEST(test_the_line_managers_own_step_is_allowed)
{
	/* kind NULL: the line manager acts because they manage the person */
	CHECK_INT(duty_conflict1(st, &mid, NULL, p_low, DUTY_DECLARANT), 0);
}

TEST(test_line_management_is_a_conflict_where_configured)
{
	CHECK_INT(duty_conflict1(st, &mid, "psd", p_low, DUTY_DECLARANT), DUTY_LINE_MANAGER);
	CHECK_INT(duty_conflict1(st, &mid, "acu", p_low, DUTY_SUBJECT), DUTY_LINE_MANAGER);
	CHECK_INT(duty_conflict1(st, &mid, "vetting", p_low, DUTY_APPLICANT), DUTY_LINE_MANAGER);
	/* a kind nobody configured: no line-management conflict */
	CHECK_INT(duty_conflict1(st, &mid, "dcc", p_low, DUTY_APPLICANT), 0);
	/* the managed person is not conflicted about their manager */
	CHECK_INT(duty_conflict1(st, &low, "psd", p_mid, DUTY_DECLARANT), 0);
	set_config("duty.line_manager.psd", "0");
	CHECK_INT(duty_conflict1(st, &mid, "psd", p_low, DUTY_DECLARANT), 0);
	set_config("duty.line_manager.psd", "1");
}

TEST(test_the_chain_above_counts_only_at_depth_two)
{
	CHECK_INT(duty_conflict1(st, &top, "psd", p_low, DUTY_DECLARANT), 0);
	set_config("duty.line_manager.psd", "2");
	CHECK_INT(duty_conflict1(st, &top, "psd", p_low, DUTY_DECLARANT), DUTY_LINE_MANAGER);
	CHECK_INT(duty_conflict1(st, &mid, "psd", p_low, DUTY_DECLARANT), DUTY_LINE_MANAGER);
	set_config("duty.line_manager.psd", "1");
	CHECK_INT(duty_conflict1(st, &top, "psd", p_low, DUTY_DECLARANT), 0);
}

TEST(test_proposer_is_matched_by_account_and_not_widened)
{
	struct duty_party p = { 0, panel.account_id, DUTY_PROPOSER };
	struct duty_act a = { "update", "sign off", "finding", 1, NULL, "psd", &p, 1 };
	CHECK_INT(duty_conflict(st, &panel, &a), DUTY_PROPOSER);
	CHECK_INT(duty_conflict(st, &other, &a), 0);
	/* a proposer's line manager may confirm their proposal */
	struct duty_party q = { p_low, low.account_id, DUTY_PROPOSER };
	struct duty_act b = { "update", "sign off", "finding", 1, NULL, "psd", &q, 1 };
	CHECK_INT(duty_conflict(st, &mid, &b), 0);
	CHECK_INT(duty_conflict(st, &low, &b), DUTY_PROPOSER);
}

TEST(test_a_refusal_is_denied_and_logged)
{
	int64_t before = refusals("separation of duties: declarant");
	struct err e = { 0 };
	CHECK_INT(duty_check1(st, &low, "decide", "decide", "gift", 42, NULL, p_low, DUTY_DECLARANT, &e), ERR_DENIED);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_HAS(e.msg, "separation of duties");
	CHECK_INT(refusals("separation of duties: declarant"), before + 1);
	int64_t lm = refusals("separation of duties: line manager");
	CHECK_INT(duty_check1(st, &mid, "decide", "decide", "gift", 42, "psd", p_low, DUTY_DECLARANT, &e), ERR_DENIED);
	CHECK_HAS(e.msg, "line-manage");
	CHECK_INT(refusals("separation of duties: line manager"), lm + 1);
	/* allowed: nothing logged */
	int64_t all = refusals("separation of duties: declarant");
	CHECK_INT(duty_check1(st, &other, "decide", "decide", "gift", 42, "psd", p_low, DUTY_DECLARANT, &e), 0);
	CHECK_INT(refusals("separation of duties: declarant"), all);
}

TEST(test_vetting_officer_cannot_close_her_own_task)
{
	struct actor sys;
	actor_system(&sys);
	struct err e = { 0 };
	struct errlist l = { 0 };
	int64_t id = 0;
	CHECK_INT(task_raise(st, &sys, p_low, "change_of_circumstances", "circumstance", 1, "arrest", &id, &e), 0);
	struct vetting_task t = { .id = id, .person_id = p_low, .status = "open" };
	CHECK(!task_may_close(st, &low, &t));
	CHECK(task_may_close(st, &other, &t));
	CHECK_DENIED(task_close(st, &low, id, "No further action", &l, &e), e);
	CHECK_HAS(e.msg, "separation of duties");
	CHECK_INT(task_close(st, &other, id, "Reviewed: no risk", &l, &e), 0);
}

TEST(test_vetting_officer_cannot_record_or_work_her_own_application)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	int64_t id = 0;
	struct vapp_input in = { .applicant_name = "Cat Low", .staff_number = "3", .kind = "internal", .level = "MV",
		                 .received = "2026-01-05" };
	CHECK_DENIED(vapp_create(st, &low, &in, &id, &l, &e), e);
	CHECK_INT(l.n, 0);
	CHECK_INT(vapp_create(st, &other, &in, &id, &l, &e), 0);
	struct vetting_app a = { .id = id, .person_id = p_low };
	CHECK(!vapp_may_work(st, &low, &a));
	CHECK(vapp_may_work(st, &other, &a));
	CHECK_DENIED(vapp_stages(st, &low, id, "2026-01-10", "", &l, &e), e);
	const char *v[DP_NCHAR] = { 0 };
	CHECK(vapp_equality_set(st, &low, id, v, &l, &e) != 0 && e.code == ERR_DENIED); /* blind: never the vetting unit */
	CHECK_DENIED(vapp_work_check(st, &low, id, "view", &e), e);
	CHECK_INT(vapp_stages(st, &other, id, "2026-01-10", "", &l, &e), 0);
	CHECK_INT(l.n, 0);
}

TEST(test_clearance_not_for_oneself)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	int64_t id = 0;
	CHECK(!clearance_may_change(st, &low, p_low));
	CHECK_DENIED(clearance_add(st, &low, p_low, "MV", "2025-01-01", "", "", &id, &l, &e), e);
	CHECK(clearance_may_change(st, &other, p_low));
	CHECK_INT(clearance_add(st, &other, p_low, "MV", "2025-01-01", "", "", &id, &l, &e), 0);
}

TEST(test_leaver_not_recorded_by_the_leaver)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	CHECK_DENIED(leaver_add(st, &low, "3", "dismissed", "barred", "2026-01-10", "", &l, &e), e);
	CHECK_INT(leaver_add(st, &other, "3", "dismissed", "barred", "2026-01-10", "", &l, &e), 0);
	int64_t id = 0;
	store_int(st, NULL, &id, "SELECT id FROM vetting_leavers WHERE person_id = ?", "i", p_low);
	struct vetting_leaver lv = { .id = id, .person_id = p_low };
	CHECK(!leaver_may_update(st, &low, &lv));
	CHECK(leaver_may_update(st, &other, &lv));
	CHECK_DENIED(leaver_notified(st, &low, id, "2026-01-12", &l, &e), e);
	CHECK_INT(leaver_notified(st, &other, id, "2026-01-12", &l, &e), 0);
}

TEST(test_psd_line_manager_cannot_make_the_psd_decision)
{
	struct err e = { 0 };
	struct errlist l = { 0 };
	int64_t id = 0;
	struct gift_input in = { .date_offered = "2026-01-02", .offeror_org = "Acme Ltd", .kind = "hospitality",
		                 .description = "Dinner", .value = "500.00", .accepted = "yes", .reason = "Networking" };
	CHECK_INT(gift_declare(st, &low, &in, &id, &l, &e), 0);
	/* mid's own step as line manager is the normal flow */
	CHECK_INT(gift_decide(st, &mid, id, "approved", "", &l, &e), 0);
	struct gift g;
	CHECK_INT(gift_get(st, &other, id, &g, &e), 0);
	CHECK_STR(g.status, "awaiting_psd");
	/* but mid, though PSD, may not also make the PSD decision on a report's gift */
	CHECK(!gift_may_decide(st, &mid, &g));
	CHECK_DENIED(gift_decide(st, &mid, id, "approved", "", &l, &e), e);
	CHECK(gift_may_decide(st, &other, &g));
	CHECK_INT(gift_decide(st, &other, id, "approved", "", &l, &e), 0);
}

TEST_MAIN(T(test_the_subject_is_conflicted_in_every_capacity), T(test_nobody_matches_an_unknown_person),
          T(test_the_line_managers_own_step_is_allowed), T(test_line_management_is_a_conflict_where_configured),
          T(test_the_chain_above_counts_only_at_depth_two), T(test_proposer_is_matched_by_account_and_not_widened),
          T(test_a_refusal_is_denied_and_logged), T(test_vetting_officer_cannot_close_her_own_task),
          T(test_vetting_officer_cannot_record_or_work_her_own_application), T(test_clearance_not_for_oneself), T(test_leaver_not_recorded_by_the_leaver),
          T(test_psd_line_manager_cannot_make_the_psd_decision))
