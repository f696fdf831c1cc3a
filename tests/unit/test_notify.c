/* Unit tests for the notification model and its digests: who is told what
 * (need-to-know: never the subject, never a manager about an association),
 * escalation after the configured days, dated windows, the whole-force batch
 * agreeing with each reader's own list, digests holding no record text, and
 * one queued message per recipient, event and period. */
#include "test.h"
#include "fixture.h"
#include "core/date.h"
#include "domain/notify.h"
#include "domain/notify_mail.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

static struct actor boss, tom, priya, sean, megan, meg2, admin;
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

TEST(test_outbox_status_admin_only)
{
	struct notify_outbox_counts c;
	struct err e = { 0 };
	CHECK(notify_outbox_status(st, &tom, &c, NULL, NULL, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(notify_outbox_status(st, &admin, &c, NULL, NULL, &e), 0);
	CHECK(c.queued > 0);
}

TEST_MAIN(T(test_kinds_have_unique_keys_and_every_statement_runs), T(test_line_manager_asked_about_team_gift_declarant_not),
          T(test_psd_member_not_asked_about_own_declaration), T(test_manager_never_told_of_team_members_association),
          T(test_escalation_to_line_manager_after_configured_days), T(test_dated_task_shown_from_its_window),
          T(test_batch_agrees_with_each_readers_list), T(test_digests_hold_counts_and_kinds_only_and_queue_once),
          T(test_outbox_status_admin_only))
