/* Unit tests for the notification model and its digests: who is told what
 * (need-to-know: never the subject, never a manager about an association),
 * escalation after the configured days, dated windows, the whole-force batch
 * agreeing with each reader's own list, digests holding no record text, and
 * one queued message per recipient, event and period. */
#include "test.h"
#include "fixture.h"
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/complaints.h"
#include "domain/notify.h"
#include "domain/reviews.h"
#include "domain/notify_mail.h"
#include "store/store.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static struct actor boss, tom, priya, sean, megan, meg2, admin, chair, member, dcc, scrut;
static int64_t priya_pid, sean_pid, megan_pid;

static int64_t pid_of(const char *staff)
{
	struct err e = { 0 };
	int64_t id = 0;
	store_int(st, &e, &id, "SELECT id FROM people WHERE staff_number = ?", "t", staff);
	return id;
}

__attribute__((constructor)) static void setup(void)
{
	setenv("PROBITY_TODAY", "2026-12-07", 1);
	fixture_open("notify");
	static const char *const hr[] = {
		"1,Ann,Boss,officer,Inspector,Team,Inspector,,2010-01-01,",
		"2,Tom,Sergeant,officer,Sergeant,Team,Sergeant,1,2012-01-01,",
		"3,Priya,Constable,officer,Constable,Team,Constable,2,2019-01-01,",
		"4,Sean,Constable,officer,Constable,Team,Constable,2,2020-01-01,",
		"5,Megan,Psd,staff,Grade D,PSD,Analyst,1,2015-01-01,",
		"6,Mel,Psd,staff,Grade D,PSD,Analyst,,2015-01-01,",
		"7,Cora,Chair,staff,Grade E,Ethics,Chair,,2015-01-01,",
		"8,Ivan,Member,staff,Grade D,Ethics,Member,,2015-01-01,",
		"9,Dee,Deputy,officer,DCC,Command,DCC,,2000-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("boss", "1", 0, &boss);
	fixture_account("tom", "2", 0, &tom);
	fixture_account("priya", "3", 0, &priya);
	fixture_account("sean", "4", 0, &sean);
	fixture_account("megan", "5", ROLE_PSD, &megan);
	fixture_account("mel", "6", ROLE_PSD, &meg2);
	fixture_account("admin", NULL, ROLE_ADMIN, &admin);
	fixture_account("chair", "7", ROLE_ETHICS_PANEL, &chair);
	fixture_account("member", "8", ROLE_ETHICS_PANEL, &member);
	fixture_account("dcc", "9", ROLE_DCC, &dcc);
	fixture_account("scrut", NULL, ROLE_SCRUTINY, &scrut);
	struct err re = { 0 };
	store_exec(st, &re, "INSERT INTO account_roles(account_id, role) SELECT id, 'psd' FROM accounts "
	                    "WHERE username IN ('megan', 'mel') AND id NOT IN (SELECT account_id FROM account_roles "
	                    "WHERE role = 'psd')", "");
	fixture_load("megan", &megan);
	fixture_load("mel", &meg2);
	priya_pid = pid_of("3");
	sean_pid = pid_of("4");
	megan_pid = pid_of("5");
	struct err e = { 0 };
	store_exec(st, &e, "UPDATE people SET email = lower(forenames) || '@example.org'", "");
}

/* The keys of who's notices, "team:" before escalations, one per line. */
static void keys_of(const struct actor *who, char *out, size_t n);
struct keys {
	char *out;
	size_t n, len;
};
static int add_key(void *ctx, const struct notice *x)
{
	struct keys *k = ctx;
	int w = snprintf(k->out + k->len, k->n - k->len, "%s%s|%s|%ld\n", x->team ? "team:" : "", x->kind->key, x->due,
	                 x->overdue);
	if (w > 0 && k->len + (size_t)w < k->n)
		k->len += (size_t)w;
	return 0;
}
static void keys_of(const struct actor *who, char *out, size_t n)
{
	struct keys k = { out, n, 0 };
	struct err e = { 0 };
	long total, overdue;
	out[0] = 0;
	CHECK_INT(notify_list(st, who, 0, add_key, &k, &total, &overdue, &e), 0);
}

/* sql must be a string literal: the store caches statements by address. */
static void exec(const char *sql)
{
	struct err e = { 0 };
	if (store_exec(st, &e, sql, ""))
		fprintf(stderr, "  %s\n", e.msg);
}

static void add_gift(int64_t person, const char *status, const char *created, const char *org, const char *text)
{
	struct err e = { 0 };
	if (store_exec(st, &e,
	               "INSERT INTO gifts(person_id, date_offered, offeror_org, offeror_person, kind, description, "
	               "value_pence, accepted, status, created_at) VALUES(?, '2026-11-30', ?, ?, 'gift', ?, 500, 1, ?, ?)",
	               "itttt" "t", person, org, org, text, status, created))
		fprintf(stderr, "  %s\n", e.msg);
}

static void add_assoc(int64_t person, const char *name, const char *category, const char *declared)
{
	struct err e = { 0 };
	if (store_exec(st, &e,
	               "INSERT INTO notifiable_associations(person_id, associate_name, category, relationship, declared_on, "
	               "created_at) VALUES(?, ?, ?, ?, ?, ?)",
	               "itttt" "t", person, name, category, name, declared, declared))
		fprintf(stderr, "  %s\n", e.msg);
}

TEST(test_kinds_have_unique_keys_and_every_statement_runs)
{
	for (int i = 0; i < notify_nkinds; i++)
		for (int j = i + 1; j < notify_nkinds; j++)
			CHECK(strcmp(notify_kinds[i].key, notify_kinds[j].key) != 0);
	struct notify_batch *b = NULL;
	struct err e = { 0 };
	CHECK_INT(notify_compute(st, "2026-12-07", &b, &e), 0);
	CHECK(b != NULL);
	notify_batch_free(b);
	CHECK(notify_kind_find("gift_manager") != NULL);
	CHECK(notify_kind_find("no_such_kind") == NULL);
}

TEST(test_line_manager_asked_about_team_gift_declarant_not)
{
	add_gift(priya_pid, "awaiting_manager", "2026-12-01T09:00:00Z", "Org", "Pen");
	char k[2000];
	keys_of(&tom, k, sizeof k);
	CHECK_HAS(k, "gift_manager|2026-12-14|0\n");
	keys_of(&priya, k, sizeof k);
	CHECK(!strstr(k, "gift_"));
	keys_of(&boss, k, sizeof k);
	CHECK(!strstr(k, "gift_manager"));   /* not the second-line manager: not overdue */
	exec("DELETE FROM gifts");
}

TEST(test_psd_member_not_asked_about_own_declaration)
{
	add_gift(megan_pid, "awaiting_psd", "2026-12-01T09:00:00Z", "Org", "Hamper");
	char k[2000];
	keys_of(&megan, k, sizeof k);
	CHECK(!strstr(k, "gift_psd"));
	keys_of(&meg2, k, sizeof k);
	CHECK_HAS(k, "gift_psd|");
	keys_of(&tom, k, sizeof k);
	CHECK(!strstr(k, "gift_psd"));   /* not PSD */
	exec("DELETE FROM gifts");
}

TEST(test_manager_never_told_of_team_members_association)
{
	add_assoc(priya_pid, "Name", "criminal_record", "2026-10-01");
	char k[2000];
	keys_of(&tom, k, sizeof k);
	CHECK(!strstr(k, "association"));
	keys_of(&boss, k, sizeof k);
	CHECK(!strstr(k, "association"));   /* overdue, yet never escalated to any manager */
	keys_of(&megan, k, sizeof k);
	CHECK_HAS(k, "association_assess|2026-10-28|40\n");
	exec("DELETE FROM notifiable_associations");
}

static void air_return(const char *due)
{
	struct err e = { 0 };
	exec("DELETE FROM air_returns");
	exec("DELETE FROM air_waves");
	exec("DELETE FROM air_rounds");
	exec("INSERT INTO air_rounds(id, year, waves_by, opened_at) VALUES(1, 2026, 'unit', '2026-10-01T00:00:00Z')");
	if (store_exec(st, &e,
	               "INSERT INTO air_waves(id, round_id, number, label, opens_on, due_on) "
	               "VALUES(1, 1, 1, 'W1', '2026-10-01', ?)", "t", due) ||
	    store_exec(st, &e, "INSERT INTO air_returns(round_id, wave_id, person_id) VALUES(1, 1, ?)", "i", priya_pid))
		fprintf(stderr, "  %s\n", e.msg);
}

TEST(test_escalation_to_line_manager_after_configured_days)
{
	char k[2000];
	air_return("2026-12-01");   /* 6 days overdue on 2026-12-07 */
	keys_of(&priya, k, sizeof k);
	CHECK_HAS(k, "air_return|2026-12-01|6\n");
	keys_of(&tom, k, sizeof k);
	CHECK(!strstr(k, "team:air_return"));
	air_return("2026-11-30");   /* 7 days: the default */
	keys_of(&tom, k, sizeof k);
	CHECK_HAS(k, "team:air_return|2026-11-30|7\n");
	keys_of(&boss, k, sizeof k);
	CHECK(!strstr(k, "team:air_return"));   /* the line manager, not the one above */
	struct errlist errs = { 0 };
	struct err e = { 0 };
	CHECK_INT(notify_window_set(st, &admin, "air_return", "0", "0", &errs, &e), 0);
	keys_of(&tom, k, sizeof k);
	CHECK(!strstr(k, "team:air_return"));   /* 0: never */
	CHECK(notify_window_set(st, &tom, "air_return", "0", "7", &errs, &e) != 0);   /* admin only */
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(notify_window_set(st, &admin, "air_return", "0", "7", &errs, &e), 0);
	exec("UPDATE air_rounds SET status = 'closed'");
	keys_of(&priya, k, sizeof k);
	CHECK(!strstr(k, "air_return"));   /* a closed round reminds nobody */
	exec("DELETE FROM air_returns");
}

TEST(test_dated_task_shown_from_its_window)
{
	char k[2000];
	struct err e = { 0 };
	if (store_exec(st, &e,
	               "INSERT INTO business_interests(person_id, kind, organisation, description, status, review_date, "
	               "created_at) VALUES(?, 'second_job', 'Org', 'Work', 'approved', '2027-01-07', '2026-01-01T00:00:00Z')",
	               "i", sean_pid))   /* 31 days ahead: outside the 30-day window */
		fprintf(stderr, "  %s\n", e.msg);
	keys_of(&sean, k, sizeof k);
	CHECK(!strstr(k, "interest_review_holder"));
	exec("UPDATE business_interests SET review_date = '2027-01-06'");   /* 30 days */
	keys_of(&sean, k, sizeof k);
	CHECK_HAS(k, "interest_review_holder|2027-01-06|0\n");
	keys_of(&megan, k, sizeof k);
	CHECK_HAS(k, "interest_review|2027-01-06|0\n");
	keys_of(&tom, k, sizeof k);
	CHECK(!strstr(k, "interest_review"));
	exec("DELETE FROM business_interests");
}

TEST(test_batch_agrees_with_each_readers_list)
{
	air_return("2026-11-30");
	add_gift(sean_pid, "awaiting_manager", "2026-11-01T09:00:00Z", "Org", "Pen");
	struct notify_batch *b = NULL;
	struct err e = { 0 };
	CHECK_INT(notify_compute(st, "2026-12-07", &b, &e), 0);
	const struct actor *who[] = { &boss, &tom, &priya, &sean, &megan, &meg2, &admin };
	for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
		long n = -1, batch = -1;
		CHECK_INT(notify_count(st, who[i], &n, &e), 0);
		for (long j = 0; j < notify_batch_size(b); j++) {
			struct notify_summary s;
			notify_batch_get(b, j, &s);
			if (s.account_id == who[i]->account_id)
				batch = s.total;
		}
		CHECK_INT(batch, n);
	}
	/* the gift is 24 days old: overdue 10 days, so escalated to boss */
	char k[2000];
	keys_of(&boss, k, sizeof k);
	CHECK_HAS(k, "team:gift_manager|");
	notify_batch_free(b);
	exec("DELETE FROM gifts");
	exec("DELETE FROM air_returns");
}

struct bodies {
	char all[20000];
	size_t n;
};

TEST(test_digests_hold_counts_and_kinds_only_and_queue_once)
{
	add_gift(priya_pid, "awaiting_manager", "2026-12-01T09:00:00Z", "PLANTED-ORG", "PLANTED-TEXT");
	add_assoc(priya_pid, "PLANTED-NAME", "journalist", "2026-12-01");
	struct notify_settings cfg;
	notify_settings_load(&cfg, NULL, NULL, "https://probity.force.example/", "smtp://file.example:25",
	                     "From File <file@force.example>");
	CHECK_STR(cfg.smtp_url, "smtp://file.example:25");   /* the configuration file's, when nothing else */
	setenv("PROBITY_MAIL_FROM", "env@force.example", 1);
	notify_settings_load(&cfg, NULL, NULL, NULL, NULL, "From File <file@force.example>");
	CHECK_STR(cfg.mail_from, "env@force.example");       /* the environment over the file */
	unsetenv("PROBITY_MAIL_FROM");
	notify_settings_load(&cfg, "smtp://127.0.0.1:1", "probity@force.example", "https://probity.force.example/",
	                     "smtp://file.example:25", "file@force.example");
	CHECK_STR(cfg.smtp_url, "smtp://127.0.0.1:1");       /* the command line over both */
	CHECK_STR(cfg.base_url, "https://probity.force.example");
	long queued = -1;
	struct err e = { 0 };
	CHECK_INT(notify_queue(st, &cfg, "2026-12-07", &queued, &e), 0);
	CHECK_INT(queued, 3);   /* tom (gift), megan and mel (association) */
	struct stmt *s;
	struct bodies *b = calloc(1, sizeof *b);
	CHECK_INT(store_query(st, &s, &e, "SELECT rcpt || ' ' || subject || ' ' || body FROM notify_outbox ORDER BY id", ""),
	          0);
	while (stmt_next(s, &e) == 1)
		b->n += (size_t)snprintf(b->all + b->n, sizeof b->all - b->n, "%s\n", stmt_text(s, 0));
	stmt_done(s);
	CHECK(!strstr(b->all, "PLANTED"));
	CHECK(!strstr(b->all, "Priya"));
	CHECK(!strstr(b->all, "journalist"));
	CHECK_HAS(b->all, "tom@example.org Probity: 1 thing needs you");
	CHECK_HAS(b->all, "- 1 gift or hospitality declaration to decide\r\n");
	CHECK_HAS(b->all, "- 1 notifiable association to assess\r\n");
	CHECK_HAS(b->all, "Sign in to see them: https://probity.force.example/");
	CHECK(!strstr(b->all, "priya@"));
	free(b);
	CHECK_INT(notify_queue(st, &cfg, "2026-12-07", &queued, &e), 0);
	CHECK_INT(queued, 0);   /* the same day: already queued */
	/* weekly: one for the week, not one a day (nothing overdue) */
	struct errlist errs = { 0 };
	CHECK_INT(notify_pref_set(st, &tom, "weekly", &errs, &e), 0);
	CHECK(notify_pref_set(st, &tom, "hourly", &errs, &e) != 0);
	CHECK_INT(errs.n, 1);
	CHECK_INT(notify_queue(st, &cfg, "2026-12-08", &queued, &e), 0);
	CHECK_INT(queued, 3);   /* tom's weekly, megan's and mel's daily */
	CHECK_INT(notify_queue(st, &cfg, "2026-12-09", &queued, &e), 0);
	CHECK_INT(queued, 2);   /* tom's week is already sent */
	int64_t weekly = 0;
	store_int(st, &e, &weekly, "SELECT COUNT(*) FROM notify_outbox WHERE msg_key LIKE 'weekly:p%:2026-12-07'", "");
	CHECK_INT(weekly, 1);   /* keyed by the week's Monday */
	exec("DELETE FROM gifts");
	exec("DELETE FROM notifiable_associations");
}


/* Ethics: the chair triages and advises, never on a dilemma they raised;
 * the named asker answers the panel's question; the chair and admin hear
 * of a member's tenure ending, the member never. */
TEST(test_ethics_chair_asker_and_tenure)
{
	struct err e = { 0 };
	char k[4000];
	if (store_exec(st, &e, "INSERT INTO ethics_members(account_id, independent, chair, term_start) VALUES(?, 1, 1, "
	                       "'2020-01-01'), (?, 1, 0, '2019-01-10')", "ii", chair.account_id, member.account_id) ||
	    store_exec(st, &e, "INSERT INTO ethics_dilemmas(id, mode, raiser_id, raised_on, situation, urgency, status, "
	                       "last_seq) VALUES(1, 'named', ?, '2026-12-01', 'PLANTED', 'routine', 'received', 1), "
	                       "(2, 'named', ?, '2026-12-01', 'Own', 'routine', 'received', 0)",
	               "ii", priya.account_id, chair.account_id) ||
	    store_exec(st, &e, "INSERT INTO ethics_dilemmas(id, mode, receipt_hash, raised_on, situation, urgency, status, "
	                       "feedback_due, last_seq) VALUES(3, 'anonymous', 'h3', '2026-12-01', 'Anon', 'quick', "
	                       "'quick_time', '2026-12-10', 1)", "") ||
	    store_exec(st, &e, "INSERT INTO ethics_messages(dilemma_id, seq, author, day, body) VALUES(1, 1, 'panel', "
	                       "'2026-12-02', 'Q?'), (3, 1, 'panel', '2026-12-02', 'Q?')", "") ||
	    store_exec(st, &e, "INSERT INTO ethics_meetings(id, held_on, created_at) VALUES(1, '2026-11-01', 'x')", "") ||
	    store_exec(st, &e, "INSERT INTO ethics_actions(meeting_id, num, text, owner, due_on) VALUES(1, 1, 'Do', "
	                       "'Someone', '2026-12-01')", ""))
		fprintf(stderr, "  %s\n", e.msg);
	keys_of(&chair, k, sizeof k);
	CHECK_HAS(k, "ethics_triage|2026-12-14|0\n");   /* dilemma 1 only: not the one the chair raised */
	CHECK(!strstr(strstr(k, "ethics_triage|") + 1, "ethics_triage|"));
	CHECK_HAS(k, "ethics_advice|2026-12-10|0\n");   /* the quick-time advice, anonymous or not */
	CHECK_HAS(k, "ethics_action|2026-12-01|6\n");
	CHECK_HAS(k, "ethics_tenure|2027-01-10|0\n");   /* the member's 8 years */
	CHECK(!strstr(k, "ethics_tenure|2028-01-01"));  /* not the chair's own */
	keys_of(&member, k, sizeof k);
	CHECK(!strstr(k, "ethics_"));                    /* a member: no chair's tasks, not their own tenure */
	keys_of(&admin, k, sizeof k);
	CHECK_HAS(k, "ethics_tenure|2027-01-10|0\n");
	keys_of(&priya, k, sizeof k);
	CHECK_HAS(k, "ethics_question|2026-12-15|0\n");  /* the named asker */
	CHECK(!strstr(k, "ethics_triage"));
	exec("INSERT INTO ethics_conflicts(dilemma_id, account_id, declared_on) SELECT 1, account_id, '2026-12-03' "
	     "FROM ethics_members WHERE chair = 1");
	keys_of(&chair, k, sizeof k);
	CHECK(!strstr(k, "ethics_triage"));              /* a declared conflict: excluded */
	exec("INSERT INTO ethics_messages(dilemma_id, seq, author, day, body) VALUES(1, 2, 'raiser', '2026-12-03', 'A')");
	exec("UPDATE ethics_dilemmas SET last_seq = 2 WHERE id = 1");
	keys_of(&priya, k, sizeof k);
	CHECK(!strstr(k, "ethics_question"));            /* answered: gone */
	exec("UPDATE ethics_actions SET done_on = '2026-12-05'");
	keys_of(&chair, k, sizeof k);
	CHECK(!strstr(k, "ethics_action"));
	exec("DELETE FROM ethics_actions");
	exec("DELETE FROM ethics_messages");
	exec("DELETE FROM ethics_conflicts");
	exec("DELETE FROM ethics_dilemmas");
	exec("DELETE FROM ethics_meetings");
	exec("DELETE FROM ethics_members");
}

/* Risk: the intervention's owner, never the person it is about; the next
 * tasking meeting to the ACU and PSD. */
TEST(test_risk_owner_never_subject)
{
	struct err e = { 0 };
	char k[4000];
	if (store_exec(st, &e, "INSERT INTO risk_interventions(person_id, kind, owner_id, due_date, review_date, "
	                       "created_by, created_at) VALUES(?, 'counselling', ?, '2026-12-10', '2027-03-01', ?, 'x'), "
	                       "(?, 'counselling', ?, '2026-12-10', '2026-12-12', ?, 'x')",
	               "iiiiii", sean_pid, megan.account_id, megan.account_id, megan_pid, megan.account_id,
	               megan.account_id) ||
	    store_exec(st, &e, "INSERT INTO risk_meetings(held_on, chair_id, created_at) VALUES('2026-10-01', ?, 'x'), "
	                       "('2026-11-06', ?, 'x')", "ii", megan.account_id, megan.account_id))
		fprintf(stderr, "  %s\n", e.msg);
	keys_of(&megan, k, sizeof k);
	CHECK_HAS(k, "risk_intervention_due|2026-12-10|0\n");   /* about sean */
	CHECK(!strstr(k, "risk_intervention_review"));          /* the one about megan herself: never */
	CHECK_HAS(k, "risk_meeting|2026-12-06|1\n");             /* 30 days after the last */
	keys_of(&sean, k, sizeof k);
	CHECK(!strstr(k, "risk_"));
	keys_of(&meg2, k, sizeof k);
	CHECK(!strstr(k, "risk_intervention"));                  /* another PSD member: not the owner */
	CHECK_HAS(k, "risk_meeting|");
	keys_of(&tom, k, sizeof k);
	CHECK(!strstr(k, "risk_meeting"));
	exec("UPDATE risk_interventions SET status = 'completed', outcome = 'Done', substantiated = 'no', "
	     "closed_on = '2026-12-05'");
	keys_of(&megan, k, sizeof k);
	CHECK(!strstr(k, "risk_intervention"));
	exec("DELETE FROM risk_interventions");
	exec("DELETE FROM risk_meetings");
}

/* Training: the person acknowledges the current version; overdue by the
 * escalation days, their line manager hears of it. */
TEST(test_policy_acknowledge_person_then_manager)
{
	char k[4000];
	exec("INSERT INTO policies(id, name, applies_to, position) VALUES(1, 'Gifts', 'all', 1), "
	     "(2, 'Supervision', 'supervisors', 2)");
	exec("INSERT INTO policy_versions(id, policy_id, version, published_on) VALUES(1, 1, '1', '2026-01-01'), "
	     "(2, 1, '2', '2026-11-01'), (3, 2, '1', '2026-11-01')");
	keys_of(&priya, k, sizeof k);
	CHECK_HAS(k, "policy_acknowledge|2026-11-29|8\n");   /* version 2 only, 28 days after publication */
	CHECK(!strstr(strstr(k, "policy_acknowledge") + 1, "policy_acknowledge"));   /* not a supervisor */
	keys_of(&tom, k, sizeof k);
	CHECK_HAS(k, "team:policy_acknowledge|2026-11-29|8\n");
	exec("INSERT INTO policy_acknowledgements(person_id, version_id, acknowledged_at) SELECT id, 2, 'x' FROM people "
	     "WHERE staff_number IN ('3', '4')");
	keys_of(&priya, k, sizeof k);
	CHECK(!strstr(k, "policy_acknowledge"));
	keys_of(&tom, k, sizeof k);
	CHECK(!strstr(k, "team:policy_acknowledge"));
	CHECK_HAS(k, "policy_acknowledge|2026-11-29|8\n");   /* tom's own: both, he supervises */
	exec("DELETE FROM policy_acknowledgements");
	exec("DELETE FROM policy_versions");
	exec("DELETE FROM policies");
}

/* Vetting appeals to the DCC, never about the DCC's own application; dip
 * samples to the scrutiny panel until every record is assessed. */
TEST(test_vetting_appeal_and_uof_sample)
{
	struct err e = { 0 };
	char k[4000];
	int64_t dcc_pid = pid_of("9");
	if (store_exec(st, &e, "INSERT INTO vetting_applications(id, application_ref, person_id, applicant_kind, level, "
	                       "received, outcome, created_at) VALUES(1, 'VA1', ?, 'internal', (SELECT MIN(code) FROM "
	                       "vetting_levels), '2026-10-01', 'refused', 'x'), (2, 'VA2', ?, 'internal', (SELECT MIN(code) "
	                       "FROM vetting_levels), '2026-10-01', 'refused', 'x')", "ii", priya_pid, dcc_pid) ||
	    store_exec(st, &e, "INSERT INTO vetting_appeals(application_id, received, grounds, created_at) VALUES(1, "
	                       "'2026-12-01', 'PLANTED', 'x'), (2, '2026-12-01', 'Own', 'x')", "") ||
	    store_exec(st, &e, "INSERT INTO uof_records(id, area, incident_ref, seq, date, officer_staff_number, grp, "
	                       "gender, age_band, tactics, tags, reason, outcome) VALUES(1, 'A', 'I1', 1, '2026-11-01', "
	                       "'3', 4, 'M', '18-24', 'x', ';x;', 'r', 'o')", "") ||
	    store_exec(st, &e, "INSERT INTO uof_samples(id, area, from_date, to_date, size, asked, seed, strata, tactic, "
	                       "drawn_at) VALUES(1, 'A', '2026-11-01', '2026-11-30', 1, 1, 's', '', '', "
	                       "'2026-12-02T10:00:00Z')", "") ||
	    store_exec(st, &e, "INSERT INTO uof_sample_items(sample_id, position, record_id, grp) VALUES(1, 1, 1, 4)", ""))
		fprintf(stderr, "  %s\n", e.msg);
	keys_of(&dcc, k, sizeof k);
	CHECK_HAS(k, "vetting_appeal|2026-12-28|0\n");
	CHECK(!strstr(strstr(k, "vetting_appeal") + 1, "vetting_appeal"));   /* not the DCC's own */
	keys_of(&priya, k, sizeof k);
	CHECK(!strstr(k, "vetting_appeal"));
	keys_of(&scrut, k, sizeof k);
	CHECK_HAS(k, "uof_sample||0\n");
	keys_of(&megan, k, sizeof k);
	CHECK(!strstr(k, "uof_sample"));
	exec("UPDATE uof_sample_items SET verdict = 'proportionate'");
	exec("UPDATE vetting_appeals SET outcome = 'upheld', decided = '2026-12-05'");
	keys_of(&scrut, k, sizeof k);
	CHECK(!strstr(k, "uof_sample"));
	keys_of(&dcc, k, sizeof k);
	CHECK(!strstr(k, "vetting_appeal"));
	exec("DELETE FROM uof_sample_items");
	exec("DELETE FROM uof_samples");
	exec("DELETE FROM uof_records");
	exec("DELETE FROM vetting_appeals");
	exec("DELETE FROM vetting_applications");
}

/* RPRP: PSD hears of the 12-month review until it is marked done; the
 * subject of the allegation never. */
TEST(test_rprp_review_until_marked_done)
{
	struct err e = { 0 };
	char k[4000];
	if (store_exec(st, &e, "INSERT INTO complaint_cases(id, case_ref, kind, received, logged) VALUES(1, 'CO/1', "
	                       "'complaint', '2025-12-01', '2025-12-01')", "") ||
	    store_exec(st, &e, "INSERT INTO complaint_allegations(id, case_id, allegation_ref, subject_id, category_id, "
	                       "outcome) VALUES(1, 1, 'A1', ?, (SELECT MIN(id) FROM complaint_categories), "
	                       "'reflective_practice')", "i", megan_pid) ||
	    store_exec(st, &e, "INSERT INTO complaint_rprp(allegation_id, summary_issue, summary_discussion, actions, "
	                       "lessons_officer, lessons_force, review_date, recorded_at) VALUES(1, 'PLANTED', 'd', "
	                       "'2026-01-01 x', 'o', 'f', '2026-12-20', 'x')", ""))
		fprintf(stderr, "  %s\n", e.msg);
	keys_of(&meg2, k, sizeof k);
	CHECK_HAS(k, "rprp_review|2026-12-20|0\n");
	keys_of(&megan, k, sizeof k);
	CHECK(!strstr(k, "rprp_review"));   /* the subject, though PSD */
	CHECK(complaints_rprp_reviewed(st, &megan, "CO/1", "A1", &e) != 0);   /* nor may she mark it */
	CHECK_INT(e.code, ERR_DENIED);
	CHECK(complaints_rprp_reviewed(st, &tom, "CO/1", "A1", &e) != 0);
	CHECK_INT(complaints_rprp_reviewed(st, &meg2, "CO/1", "A1", &e), 0);
	keys_of(&meg2, k, sizeof k);
	CHECK(!strstr(k, "rprp_review"));
	CHECK(complaints_rprp_reviewed(st, &meg2, "CO/1", "A1", &e) != 0);   /* once */
	CHECK_INT(e.code, ERR_INPUT);
	exec("DELETE FROM complaint_rprp");
	exec("DELETE FROM complaint_allegations");
	exec("DELETE FROM complaint_cases");
}


/* Training courses: due dates computed in C; the person is told, and once
 * overdue their line manager too; the batch agrees with the reader. */
TEST(test_training_course_person_then_manager)
{
	char k[4000];
	exec("INSERT INTO training_courses(id, name, applies_to, every_months, within_days, position) "
	     "VALUES(1, 'Ethics', 'officers', 12, 30, 1)");
	exec("INSERT INTO training_completions(person_id, course_id, completed_on, source, created_at) "
	     "SELECT id, 1, '2026-01-01', 'import', 'x' FROM people WHERE staff_number IN ('1', '2', '3')");
	keys_of(&priya, k, sizeof k);
	CHECK_HAS(k, "training_course|2027-01-01|0\n");   /* a year after her last: in the 30-day window */
	keys_of(&sean, k, sizeof k);
	CHECK_HAS(k, "training_course|2020-01-31|");      /* never done: the joiner's 30 days long passed */
	keys_of(&tom, k, sizeof k);
	CHECK_HAS(k, "team:training_course|2020-01-31|");  /* sean's line manager */
	CHECK_HAS(k, "training_course|2027-01-01|0\n");   /* and his own */
	keys_of(&boss, k, sizeof k);
	CHECK(!strstr(k, "team:training_course"));        /* tom is not overdue */
	keys_of(&megan, k, sizeof k);
	CHECK(!strstr(k, "training_course"));             /* staff: an officers' course */
	struct notify_batch *b = NULL;
	struct err e = { 0 };
	long n = -1;
	CHECK_INT(notify_compute(st, "2026-12-07", &b, &e), 0);
	CHECK_INT(notify_count(st, &tom, &n, &e), 0);
	for (long j = 0; j < notify_batch_size(b); j++) {
		struct notify_summary x;
		notify_batch_get(b, j, &x);
		if (x.account_id == tom.account_id)
			CHECK_INT(x.total, n);
	}
	notify_batch_free(b);
	exec("DELETE FROM training_completions");
	exec("DELETE FROM training_courses");
}


/* A panel review's further review: the scrutiny panel hears of it until it
 * is marked held; a new date makes it due again. */
TEST(test_review_further_until_marked_held)
{
	struct err e = { 0 };
	char k[4000];
	int64_t id = 0;
	exec("INSERT INTO reviews(topic, further_review, created_at, updated_at) VALUES('T', '2026-12-20', 'x', 'x')");
	store_int(st, &e, &id, "SELECT MAX(id) FROM reviews", "");
	keys_of(&scrut, k, sizeof k);
	CHECK_HAS(k, "review_further|2026-12-20|0\n");
	keys_of(&tom, k, sizeof k);
	CHECK(!strstr(k, "review_further"));
	CHECK(review_further_done(st, &tom, id, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(review_further_done(st, &scrut, id, &e), 0);
	keys_of(&scrut, k, sizeof k);
	CHECK(!strstr(k, "review_further"));
	CHECK(review_further_done(st, &scrut, id, &e) != 0);   /* once */
	CHECK_INT(e.code, ERR_CONFLICT);
	struct review_input in = { .topic = "T", .further_review = "2027-01-02" };
	struct errlist errs = { 0 };
	int64_t out;
	CHECK_INT(review_save(st, &scrut, id, &in, &out, &errs, &e), 0);
	keys_of(&scrut, k, sizeof k);
	CHECK_HAS(k, "review_further|2027-01-02|0\n");      /* a new date: due again */
	exec("DELETE FROM review_members");
	exec("DELETE FROM reviews");
}

TEST(test_outbox_status_admin_only)
{
	struct notify_outbox_counts c;
	struct err e = { 0 };
	CHECK(notify_outbox_status(st, &tom, &c, NULL, NULL, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(notify_outbox_status(st, &admin, &c, NULL, NULL, &e), 0);
	CHECK(c.queued > 0);
}

/* notify_counts: per kind, the reader's own notices as notify_list gives
 * them; escalations only in the total, which is notify_count's. */
struct per_kind {
	long own[64];
	long team;
};
static int count_kind(void *ctx, const struct notice *x)
{
	struct per_kind *c = ctx;
	if (x->team)
		c->team++;
	else
		c->own[x->kind - notify_kinds]++;
	return 0;
}

TEST(test_counts_per_kind_agree_with_the_list)
{
	CHECK(notify_nkinds <= 64);
	air_return("2026-11-30");
	add_gift(sean_pid, "awaiting_manager", "2026-11-01T09:00:00Z", "Org", "Pen");
	add_gift(priya_pid, "awaiting_manager", "2026-12-01T09:00:00Z", "Org", "Mug");
	const struct actor *who[] = { &boss, &tom, &priya, &sean, &megan, &meg2, &admin };
	long escalated = 0, gifts = 0;
	for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
		struct per_kind want = { { 0 }, 0 };
		struct err e = { 0 };
		long total = -1, overdue = 0, n = -1, got[64];
		CHECK_INT(notify_list(st, who[i], 0, count_kind, &want, &total, &overdue, &e), 0);
		CHECK_INT(notify_counts(st, who[i], got, &n, &e), 0);
		CHECK_INT(n, total);
		long own = 0;
		for (int k = 0; k < notify_nkinds; k++) {
			CHECK_INT(got[k], want.own[k]);
			own += got[k];
		}
		CHECK_INT(own + want.team, n);
		escalated += want.team;
		gifts += got[notify_kind_find("gift_manager") - notify_kinds];
		CHECK_INT(notify_count(st, who[i], &n, &e), 0);
		CHECK_INT(n, total);
		CHECK_INT(notify_counts(st, who[i], NULL, &n, &e), 0);   /* the header's use: no per-kind array */
		CHECK_INT(n, total);
	}
	CHECK(escalated > 0);   /* the old gift went on to the manager's manager, in the total only */
	CHECK_INT(gifts, 2);
	long got[64];
	long n = -1;
	struct err e = { 0 };
	struct actor nobody = { 0 };
	CHECK_INT(notify_counts(st, &nobody, got, &n, &e), 0);   /* not signed in: nothing */
	CHECK_INT(n, 0);
	CHECK_INT(got[0], 0);
	exec("DELETE FROM gifts");
	exec("DELETE FROM air_returns");
}

/* The header's count is kept per connection with the write generation
 * (issue 25): it follows a write on the same connection and on another
 * connection (another process) at once, and the access-log row that every
 * page view appends neither moves the generation nor the count. On SQLite a
 * write that bypasses the store is not seen until the next store write:
 * that proves the kept count is what answers. */
TEST(test_count_kept_until_a_write_not_an_access_log_row)
{
	struct err e = { 0 };
	long n0 = -1, n = -1;
	CHECK_INT(notify_count(st, &tom, &n0, &e), 0);
	long *kinds = calloc((size_t)notify_nkinds, sizeof *kinds);
	CHECK_INT(notify_count_kinds(st, &tom, kinds, &e), 0);
	long sum = 0;
	for (int k = 0; k < notify_nkinds; k++)
		sum += kinds[k];
	CHECK_INT(sum, n0);
	int gm = (int)(notify_kind_find("gift_manager") - notify_kinds);
	long gifts0 = kinds[gm];
	int64_t g0 = store_generation(st);
	CHECK(g0 >= 0);
	/* a page view's access-log row: no new generation, the same count */
	CHECK_INT(alog_write(st, &tom, "view", "page", "/", "ok", "", &e), 0);
	CHECK(store_generation(st) == g0);
	CHECK_INT(notify_count(st, &tom, &n, &e), 0);
	CHECK_INT(n, n0);
	/* a write on this connection: at once */
	add_gift(priya_pid, "awaiting_manager", "2026-12-05T09:00:00Z", "Org", "Cake");
	CHECK(store_generation(st) > g0);
	CHECK_INT(notify_count(st, &tom, &n, &e), 0);
	CHECK_INT(n, n0 + 1);
	CHECK_INT(notify_count_kinds(st, &tom, kinds, &e), 0);
	CHECK_INT(kinds[gm], gifts0 + 1);
	/* inside a transaction with its own uncommitted write: not from the memo */
	CHECK_INT(store_begin(st, &e), 0);
	add_gift(priya_pid, "awaiting_manager", "2026-12-05T10:00:00Z", "Org", "Pie");
	CHECK(store_generation(st) < 0);
	CHECK_INT(notify_count(st, &tom, &n, &e), 0);
	CHECK_INT(n, n0 + 2);
	store_rollback(st);
	CHECK_INT(notify_count(st, &tom, &n, &e), 0);
	CHECK_INT(n, n0 + 1);
	/* another connection (as another process would) */
	struct store *other = NULL;
	CHECK_INT(store_open(&other, dbpath, &e), 0);
	int64_t g1 = store_generation(st);
	CHECK_INT(store_exec(other, &e, "UPDATE gifts SET status = 'approved' WHERE description = 'Cake'", ""), 0);
	CHECK(store_generation(st) > g1);
	CHECK_INT(notify_count(st, &tom, &n, &e), 0);
	CHECK_INT(n, n0);
	/* ... whose own access-log rows do not count either */
	int64_t g2 = store_generation(st);
	CHECK_INT(alog_write(other, &tom, "view", "page", "/", "ok", "", &e), 0);
	CHECK(store_generation(st) == g2);
	store_close(other);
	if (!store_is_pg_uri(dbpath)) {
		sqlite3 *raw = NULL;
		CHECK_INT(sqlite3_open(dbpath, &raw), SQLITE_OK);
		sqlite3_busy_timeout(raw, 5000);
		CHECK_INT(sqlite3_exec(raw, "UPDATE gifts SET status = 'awaiting_manager' WHERE description = 'Cake'", NULL,
		                       NULL, NULL), SQLITE_OK);
		sqlite3_close(raw);
		CHECK_INT(notify_count(st, &tom, &n, &e), 0);
		CHECK_INT(n, n0);          /* kept: nothing went through the store */
		exec("UPDATE config SET value = value WHERE key = 'no.such.key'");
		CHECK_INT(notify_count(st, &tom, &n, &e), 0);
		CHECK_INT(n, n0 + 1);      /* any store write makes it current */
	}
	free(kinds);
	exec("DELETE FROM gifts");
}

/* A reader's statements (notify_kind.reader_sql) reach the reader's and
 * their team's rows through indexes: from people_manager, never a scan of
 * the gifts, returns or people (issue 25: the header's count ran every
 * source over the whole force, 1.5 s of statements a page at ten times the
 * demo). On PostgreSQL each is explained too (it must plan). */
TEST(test_reader_statements_use_their_indexes)
{
	int pg = store_is_pg_uri(getenv("PROBITY_TEST_DB") ? getenv("PROBITY_TEST_DB") : "");
	static char text[8][8192]; /* statements are cached by address: these live to the end */
	int n = 0;
	struct err e = { 0 };
	for (int i = 0; i < notify_nkinds && n < 8; i++) {
		const struct notify_kind *k = &notify_kinds[i];
		if (!k->reader_sql)
			continue;
		snprintf(text[n], sizeof text[n], "%s%s", pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ", k->reader_sql);
		struct stmt *s;
		CHECK_INT(k->bind[0] ? store_query(st, &s, &e, text[n], "ti", "2026-12-07", tom.person_id)
		                     : store_query(st, &s, &e, text[n], "i", tom.person_id), 0);
		char plan[8192];
		plan_read(s, pg, plan, sizeof plan, &e);
		CHECK(plan[0]);
		n++;
		if (pg)
			continue;
		CHECK_HAS(plan, "people_manager");
		CHECK(!strstr(plan, "SCAN g\n") && !strstr(plan, "SCAN r\n") && !strstr(plan, "SCAN p\n"));
		CHECK(!strstr(plan, "(status=?)\n"));   /* not every awaiting row of the force */
	}
	CHECK_INT(n, 5);
}

TEST_MAIN(T(test_kinds_have_unique_keys_and_every_statement_runs), T(test_line_manager_asked_about_team_gift_declarant_not),
          T(test_psd_member_not_asked_about_own_declaration), T(test_manager_never_told_of_team_members_association),
          T(test_escalation_to_line_manager_after_configured_days), T(test_dated_task_shown_from_its_window),
          T(test_batch_agrees_with_each_readers_list), T(test_digests_hold_counts_and_kinds_only_and_queue_once),
          T(test_outbox_status_admin_only), T(test_ethics_chair_asker_and_tenure), T(test_risk_owner_never_subject),
          T(test_policy_acknowledge_person_then_manager), T(test_vetting_appeal_and_uof_sample),
          T(test_rprp_review_until_marked_done), T(test_training_course_person_then_manager),
          T(test_review_further_until_marked_held), T(test_counts_per_kind_agree_with_the_list),
          T(test_count_kept_until_a_write_not_an_access_log_row), T(test_reader_statements_use_their_indexes))
