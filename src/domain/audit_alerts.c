/* audit_alerts.c — the counter-corruption unit's triage of audit alerts:
 * the queue, one alert with the events behind it, decisions, mutes and
 * referrals. Every function checks the ACU role itself; every view of an
 * alert and every refusal is written to the access log. */
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/audit.h"
#include "domain/duty.h"
#include "domain/listing.h"
#include "domain/validate.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct status_def alert_statuses[ALERT_NSTATUS] = {
	[ALERT_NEW] = { "new", "New", "blue", NULL },
	[ALERT_NFA] = { "nfa", "No further action", "grey", NULL },
	[ALERT_ADVICE] = { "advice", "Advice given", "yellow", NULL },
	[ALERT_REFERRED] = { "referred", "Referred", "red", "Referred for investigation" },
};

const char *const audit_rule_names[7] = { "", "association", "self_or_colleague", "vulnerable_fixation",
	                                  "volume_spike", "watchlist", "bulk_output" };

const char *const audit_rule_plain[7] = {
	"",
	"Looked up a person they have declared an association with (for example a relative or an ex-partner), "
	"without being assigned to an occurrence that gave a reason to.",
	"Looked up their own record or a colleague's record without being assigned to an occurrence that gave a "
	"reason to.",
	"Looked up the same vulnerable person (for example a victim of domestic abuse or a sexual offence) on "
	"several different days close together (by default 3 days within 30), without being assigned to an "
	"occurrence that gave a reason to.",
	"Searched or viewed far more records in one day than usual (by default: more than the larger of 100 and "
	"4 times their median daily count over their previous 28 active days, given at least 7 such days).",
	"Looked up a person on the watch list (a high-profile person) without being assigned to an occurrence "
	"that gave a reason to.",
	"Printed or exported many records within one clock hour (by default 50 or more).",
};

static int acu_only(struct store *st, const struct actor *who, const char *object, int64_t id, struct err *e)
{
	if (actor_has(who, ROLE_ACU))
		return 0;
	alog_writei(st, who, "view", object, id, "refused", "", NULL);
	return err_set(e, ERR_DENIED, "Only the counter-corruption unit can see audit alerts");
}

#define ALERT_COLS \
	"a.id, a.rule, a.user, a.key, a.first_ts, a.rule_version, a.system, a.device, a.count, a.detail, a.status, " \
	"a.decision_note, COALESCE(acc.username, ''), a.decided_at, a.created_at, COALESCE(p.id, 0), " \
	"COALESCE(p.forenames || ' ' || p.surname, ''), COALESCE(u.name, ''), " \
	"EXISTS (SELECT 1 FROM audit_mutes m WHERE m.rule = a.rule AND m.user = a.user " \
	"        AND substr(a.first_ts, 1, 10) BETWEEN m.from_date AND m.until_date), " \
	"COALESCE(rv.params, ''), COALESCE(r.id, 0) "
#define ALERT_FROM \
	"FROM audit_alerts a LEFT JOIN people p ON p.staff_number = a.user LEFT JOIN units u ON u.id = p.unit_id " \
	"LEFT JOIN accounts acc ON acc.id = a.decided_by " \
	"LEFT JOIN audit_rule_versions rv ON rv.rule = a.rule AND rv.version = a.rule_version " \
	"LEFT JOIN audit_referrals r ON r.alert_id = a.id "

static void read_rec(struct stmt *s, struct audit_alert_rec *a)
{
	memset(a, 0, sizeof *a);
	a->id = stmt_int(s, 0);
	a->rule = (int)stmt_int(s, 1);
	snprintf(a->user, sizeof a->user, "%s", stmt_text(s, 2));
	snprintf(a->key, sizeof a->key, "%s", stmt_text(s, 3));
	snprintf(a->first_ts, sizeof a->first_ts, "%s", stmt_text(s, 4));
	a->rule_version = (int)stmt_int(s, 5);
	snprintf(a->system, sizeof a->system, "%s", stmt_text(s, 6));
	snprintf(a->device, sizeof a->device, "%s", stmt_text(s, 7));
	a->count = stmt_int(s, 8);
	snprintf(a->detail, sizeof a->detail, "%s", stmt_text(s, 9));
	snprintf(a->status, sizeof a->status, "%s", stmt_text(s, 10));
	snprintf(a->decision_note, sizeof a->decision_note, "%s", stmt_text(s, 11));
	snprintf(a->decided_by, sizeof a->decided_by, "%s", stmt_text(s, 12));
	snprintf(a->decided_at, sizeof a->decided_at, "%s", stmt_text(s, 13));
	snprintf(a->created_at, sizeof a->created_at, "%s", stmt_text(s, 14));
	a->person_id = stmt_int(s, 15);
	snprintf(a->person_name, sizeof a->person_name, "%s", stmt_text(s, 16));
	snprintf(a->unit, sizeof a->unit, "%s", stmt_text(s, 17));
	a->muted = (int)stmt_int(s, 18);
	snprintf(a->rule_params, sizeof a->rule_params, "%s", stmt_text(s, 19));
	a->referral_id = stmt_int(s, 20);
	if (a->rule < 1 || a->rule > 6)
		a->rule = 0;
}

int audit_alert_get(struct store *st, const struct actor *who, int64_t id, struct audit_alert_rec *out,
                    struct err *e)
{
	if (acu_only(st, who, "audit_alert", id, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT " ALERT_COLS ALERT_FROM "WHERE a.id = ?", "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r > 0)
		read_rec(s, out);
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No such alert");
	return alog_writei(st, who, "view", "audit_alert", id, "ok", out->user, e);
}

/* Parameters of the filtered queries:
 *  1 rule (0 any)  2 system  3 device  4 unit (0 any)  5 from  6 to
 *  7 status  8 user  9 show muted  10 limit  11 offset */
#define FILTER_WHERE \
	"WHERE (?1 = 0 OR a.rule = ?1) AND (?2 = '' OR a.system = ?2) AND (?3 = '' OR a.device = ?3) " \
	"AND (?4 = 0 OR p.unit_id IN (SELECT id FROM sub)) " \
	"AND (?5 = '' OR substr(a.first_ts, 1, 10) >= ?5) AND (?6 = '' OR substr(a.first_ts, 1, 10) <= ?6) " \
	"AND (?7 = '' OR a.status = ?7) AND (?8 = '' OR a.user = ?8) " \
	"AND (?9 = 1 OR NOT EXISTS (SELECT 1 FROM audit_mutes m WHERE m.rule = a.rule AND m.user = a.user " \
	"     AND substr(a.first_ts, 1, 10) BETWEEN m.from_date AND m.until_date)) "
#define SUB_UNITS \
	"WITH RECURSIVE sub(id) AS (SELECT CAST(?4 AS BIGINT) UNION SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id) "
#define LIST_SQL(order) \
	SUB_UNITS "SELECT " ALERT_COLS ", COUNT(*) OVER () " ALERT_FROM FILTER_WHERE \
	"ORDER BY " order ", a.id DESC LIMIT ?10 OFFSET ?11"

static const struct list_sql list_sqls[] = {
	{ "-ts", LIST_SQL("a.first_ts DESC") },
	{ "ts", LIST_SQL("a.first_ts ASC") },
	{ "rule", LIST_SQL("a.rule ASC, a.first_ts DESC") },
	{ "-rule", LIST_SQL("a.rule DESC, a.first_ts DESC") },
	{ "user", LIST_SQL("a.user ASC, a.first_ts DESC") },
	{ "-user", LIST_SQL("a.user DESC, a.first_ts DESC") },
	{ "status", LIST_SQL("a.status ASC, a.first_ts DESC") },
	{ "-status", LIST_SQL("a.status DESC, a.first_ts DESC") },
};

int audit_alerts_list(struct store *st, const struct actor *who, const struct audit_filter *f, audit_alert_fn fn,
                      void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (acu_only(st, who, "audit_alerts", 0, e))
		return -1;
	const char *sql = list_sql_for(list_sqls, sizeof list_sqls / sizeof list_sqls[0], f->sort, list_sqls[0].sql);
	int64_t limit = f->per_page > 0 ? (f->per_page > 500 ? 500 : f->per_page) : 50;
	int64_t page = f->page > 0 ? f->page : 1;
	struct stmt *s;
	if (store_query(st, &s, e, sql, "dttittttdii", f->rule, nz(f->system), nz(f->device), f->unit_id, nz(f->from),
	                nz(f->to), nz(f->status), nz(f->user), f->show_muted ? 1 : 0, limit, (page - 1) * limit))
		return -1;
	int r;
	struct audit_alert_rec *a = xmalloc(sizeof *a);
	if (!a) {
		stmt_done(s);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	while ((r = stmt_next(s, e)) == 1) {
		read_rec(s, a);
		*total = (long)stmt_int(s, 21);
		if (fn(ctx, a))
			break;
	}
	stmt_done(s);
	free(a);
	if (r < 0)
		return -1;
	/* the queue shows alerts too: log the list view with its filters */
	char detail[256];
	snprintf(detail, sizeof detail, "rule=%d system=%s device=%s unit=%lld from=%s to=%s status=%s user=%s page=%lld",
	         f->rule, nz(f->system), nz(f->device), (long long)f->unit_id, nz(f->from), nz(f->to), nz(f->status),
	         nz(f->user), (long long)page);
	if (alog_write(st, who, "view", "audit_alerts", "list", "ok", detail, e))
		return -1;
	if (*total == 0 && page > 1) {
		/* past the last page: still report the total */
		int64_t n = 0;
		if (store_int(st, e, &n, SUB_UNITS "SELECT COUNT(*) " ALERT_FROM FILTER_WHERE "AND ?10 = ?10 AND ?11 = ?11",
		              "dttittttdii", f->rule, nz(f->system), nz(f->device), f->unit_id, nz(f->from), nz(f->to),
		              nz(f->status), nz(f->user), f->show_muted ? 1 : 0, limit, (int64_t)0) < 0)
			return -1;
		*total = (long)n;
	}
	return 0;
}

int audit_alerts_counts(struct store *st, const struct actor *who, const struct audit_filter *f, long by_rule[7],
                        int (*day_fn)(void *ctx, const char *day, long n), void *ctx, struct err *e)
{
	memset(by_rule, 0, 7 * sizeof by_rule[0]);
	if (acu_only(st, who, "audit_alerts", 0, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                SUB_UNITS "SELECT a.rule, COUNT(*) " ALERT_FROM FILTER_WHERE
	                "AND ?10 = ?10 AND ?11 = ?11 GROUP BY a.rule",
	                "dttittttdii", f->rule, nz(f->system), nz(f->device), f->unit_id, nz(f->from), nz(f->to),
	                nz(f->status), nz(f->user), f->show_muted ? 1 : 0, (int64_t)0, (int64_t)0))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t rule = stmt_int(s, 0);
		if (rule >= 1 && rule <= 6)
			by_rule[rule] = (long)stmt_int(s, 1);
	}
	stmt_done(s);
	if (r < 0 || !day_fn)
		return r < 0 ? -1 : 0;
	if (store_query(st, &s, e,
	                SUB_UNITS "SELECT substr(a.first_ts, 1, 10), COUNT(*) " ALERT_FROM FILTER_WHERE
	                "AND ?10 = ?10 AND ?11 = ?11 GROUP BY substr(a.first_ts, 1, 10) ORDER BY 1",
	                "dttittttdii", f->rule, nz(f->system), nz(f->device), f->unit_id, nz(f->from), nz(f->to),
	                nz(f->status), nz(f->user), f->show_muted ? 1 : 0, (int64_t)0, (int64_t)0))
		return -1;
	while ((r = stmt_next(s, e)) == 1)
		if (day_fn(ctx, stmt_text(s, 0), (long)stmt_int(s, 1)))
			break;
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int audit_alert_events(struct store *st, const struct actor *who, int64_t id,
                       int (*fn)(void *ctx, const struct audit_event_rec *ev), void *ctx, struct err *e)
{
	if (acu_only(st, who, "audit_alert", id, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT ts, system, device, action, record_type, record_id, reason, covered, detail, line "
	                "FROM audit_alert_events WHERE alert_id = ? ORDER BY ts, id",
	                "i", id))
		return -1;
	struct audit_event_rec ev;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		memset(&ev, 0, sizeof ev);
		snprintf(ev.ts, sizeof ev.ts, "%s", stmt_text(s, 0));
		snprintf(ev.system, sizeof ev.system, "%s", stmt_text(s, 1));
		snprintf(ev.device, sizeof ev.device, "%s", stmt_text(s, 2));
		snprintf(ev.action, sizeof ev.action, "%s", stmt_text(s, 3));
		snprintf(ev.record_type, sizeof ev.record_type, "%s", stmt_text(s, 4));
		snprintf(ev.record_id, sizeof ev.record_id, "%s", stmt_text(s, 5));
		snprintf(ev.reason, sizeof ev.reason, "%s", stmt_text(s, 6));
		snprintf(ev.covered, sizeof ev.covered, "%s", stmt_text(s, 7));
		snprintf(ev.detail, sizeof ev.detail, "%s", stmt_text(s, 8));
		ev.line = stmt_int(s, 9);
		if (fn(ctx, &ev))
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int audit_user_daily(struct store *st, const struct actor *who, const char *user, const char *last_day, int days,
                     long *counts, struct err *e)
{
	memset(counts, 0, (size_t)days * sizeof *counts);
	if (acu_only(st, who, "audit_daily", 0, e))
		return -1;
	long last = date_days(last_day);
	char from[11];
	date_format(last - days + 1, from);
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT day, events FROM audit_daily WHERE user = ? AND day BETWEEN ? AND ?", "ttt",
	                user, from, last_day))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		long d = date_days(stmt_text(s, 0)) - (last - days + 1);
		if (d >= 0 && d < days)
			counts[d] = (long)stmt_int(s, 1);
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int audit_alert_context(struct store *st, const struct audit_alert_rec *a, char *out, size_t n, struct err *e)
{
	out[0] = 0;
	struct stmt *s;
	int r = 0;
	if (a->rule == AUDIT_R1) {
		if (store_query(st, &s, e,
		                "SELECT na.associate_name, na.category, na.relationship, na.declared_on, na.status "
		                "FROM notifiable_associations na JOIN people p ON p.id = na.person_id "
		                "WHERE p.staff_number = ? AND na.associate_ref = ? ORDER BY na.id LIMIT 1",
		                "tt", a->user, a->key))
			return -1;
		if ((r = stmt_next(s, e)) == 1)
			snprintf(out, n, "%s (%s%s%s), declared on %s, status %s", stmt_text(s, 0), stmt_text(s, 1),
			         *stmt_text(s, 2) ? ", " : "", stmt_text(s, 2), stmt_text(s, 3), stmt_text(s, 4));
		stmt_done(s);
	} else if (a->rule == AUDIT_R3) {
		if (store_query(st, &s, e, "SELECT flag FROM audit_vulnerable WHERE subject = ?", "t", a->key))
			return -1;
		if ((r = stmt_next(s, e)) == 1)
			snprintf(out, n, "%s", stmt_text(s, 0));
		stmt_done(s);
	}
	return r < 0 ? -1 : 0;
}

/* Separation of duties on an alert (duty.h, kind "acu"): its parties are
 * the staff member whose look-up it is (user is a staff number) and, when
 * the record looked up is a member of staff (key = people.person_ref), that
 * person too. Returns the number of parties filled. */
static int alert_parties(struct store *st, const char *user, const char *key, struct duty_party p[2])
{
	int n = 0;
	int64_t id = 0;
	if (user && *user && store_int(st, NULL, &id, "SELECT id FROM people WHERE staff_number = ?", "t", user) == 1)
		p[n++] = (struct duty_party){ id, 0, DUTY_SUBJECT };
	if (key && *key &&
	    store_int(st, NULL, &id, "SELECT id FROM people WHERE person_ref = ? AND person_ref <> ''", "t", key) == 1)
		p[n++] = (struct duty_party){ id, 0, DUTY_SUBJECT };
	return n;
}

int audit_alert_may_decide(struct store *st, const struct actor *who, const struct audit_alert_rec *a)
{
	struct duty_party p[2];
	struct duty_act d = { "decide", "decide", "audit_alert", a->id, NULL, "acu", p, 0 };
	d.nparties = alert_parties(st, a->user, a->key, p);
	int referred = status_table_index(alert_statuses, ALERT_NSTATUS, a->status) == ALERT_REFERRED;
	return actor_has(who, ROLE_ACU) && !referred && !duty_conflict(st, who, &d);
}

int audit_may_mute(struct store *st, const struct actor *who, const char *user)
{
	struct duty_party p[2];
	struct duty_act d = { "create", "mute", "audit_mute", 0, user, "acu", p, 0 };
	d.nparties = alert_parties(st, user, NULL, p);
	return actor_has(who, ROLE_ACU) && !duty_conflict(st, who, &d);
}

int audit_alert_decide(struct store *st, const struct actor *who, int64_t id, int decision, const char *note,
                       struct errlist *errs, struct err *e)
{
	if (!actor_has(who, ROLE_ACU)) {
		alog_writei(st, who, "decide", "audit_alert", id, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only the counter-corruption unit can decide on audit alerts");
	}
	{
		char user[64] = "", key[128] = "";
		struct duty_party p[2];
		if (store_text(st, e, user, sizeof user, "SELECT user FROM audit_alerts WHERE id = ?", "i", id) < 0 ||
		    store_text(st, e, key, sizeof key, "SELECT key FROM audit_alerts WHERE id = ?", "i", id) < 0)
			return -1;
		struct duty_act d = { "decide", "decide", "audit_alert", id, NULL, "acu", p, 0 };
		d.nparties = alert_parties(st, user, key, p);
		if (duty_check(st, who, &d, e))
			return -1;
	}
	note = nz(note);
	if (decision < AUDIT_DECIDE_NFA || decision > AUDIT_DECIDE_REFER)
		errlist_add(errs, "decision", "Select a decision");
	if (decision == AUDIT_DECIDE_NFA && !*note)
		errlist_add(errs, "note", "Give the reason for no further action");
	if (decision == AUDIT_DECIDE_REFER && !*note)
		errlist_add(errs, "note", "Summarise what should be investigated");
	if (strlen(note) > 2000)
		errlist_add(errs, "note", "The note must be 2000 characters or fewer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	static const char *const st_name[] = { "", "nfa", "advice", "referred" };
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	char status[16] = "";
	int r = store_text(st, e, status, sizeof status, "SELECT status FROM audit_alerts WHERE id = ?", "i", id);
	if (r <= 0) {
		store_rollback(st);
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No such alert");
	}
	if (!strcmp(status, "referred")) {
		store_rollback(st);
		errlist_add(errs, "decision", "This alert has already been referred for investigation");
		return err_set(e, ERR_INPUT, "already referred");
	}
	if (store_exec(st, e,
	               "UPDATE audit_alerts SET status = ?, decision_note = ?, decided_by = ?, decided_at = ? WHERE id = ?",
	               "ttiti", st_name[decision], note, who->account_id ? who->account_id : (int64_t)0, now, id))
		goto fail;
	if (decision == AUDIT_DECIDE_REFER &&
	    store_exec(st, e,
	               "INSERT INTO audit_referrals(alert_id, summary, created_by, created_at) VALUES (?, ?, ?, ?)", "itit",
	               id, note, who->account_id, now))
		goto fail;
	if (alog_writei(st, who, "decide", "audit_alert", id, "ok", st_name[decision], e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int audit_mute(struct store *st, const struct actor *who, int rule, const char *user, const char *until,
               const char *reason, struct errlist *errs, struct err *e)
{
	if (!actor_has(who, ROLE_ACU)) {
		alog_write(st, who, "create", "audit_mute", nz(user), "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only the counter-corruption unit can mute audit rules");
	}
	{
		struct duty_party p[2];
		struct duty_act d = { "create", "mute a rule for", "audit_mute", 0, nz(user), "acu", p, 0 };
		d.nparties = alert_parties(st, user, NULL, p);
		if (duty_check(st, who, &d, e))
			return -1;
	}
	char today[11];
	date_today(today);
	until = nz(until);
	reason = nz(reason);
	if (rule < 1 || rule > 6 || !user || !*user)
		return err_set(e, ERR_INPUT, "no such rule or user");
	if (!*until)
		errlist_add(errs, "until", "Enter the date the mute ends");
	else if (!date_valid(until))
		errlist_add(errs, "until", "The end date must be a real date");
	else if (strcmp(until, today) < 0)
		errlist_add(errs, "until", "The end date must be today or in the future");
	else if (date_days(until) - date_days(today) > 366)
		errlist_add(errs, "until", "A mute can last at most a year");
	if (!*reason)
		errlist_add(errs, "mute_reason", "Give the reason for muting this rule for this user");
	else if (strlen(reason) > 2000)
		errlist_add(errs, "mute_reason", "The reason must be 2000 characters or fewer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	/* from: the earliest undecided alert of this rule for this user, so the
	 * alert being triaged is muted too; else today */
	char from[11];
	snprintf(from, sizeof from, "%s", today);
	char first[24] = "";
	if (store_text(st, e, first, sizeof first,
	               "SELECT MIN(first_ts) FROM audit_alerts WHERE rule = ? AND user = ? AND status = 'new'", "dt", rule,
	               user) < 0)
		return -1;
	if (first[0] && strncmp(first, from, 10) < 0)
		snprintf(from, sizeof from, "%.10s", first);
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO audit_mutes(rule, user, from_date, until_date, reason, created_by, created_at) "
	               "VALUES (?, ?, ?, ?, ?, ?, ?)",
	               "dttttit", rule, user, from, until, reason, who->account_id, now))
		goto fail;
	char detail[96];
	snprintf(detail, sizeof detail, "R%d until %s", rule, until);
	if (alog_write(st, who, "create", "audit_mute", user, "ok", detail, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int audit_referrals_list(struct store *st, const struct actor *who,
                         int (*fn)(void *ctx, const struct audit_referral_rec *r), void *ctx, struct err *e)
{
	if (acu_only(st, who, "audit_referrals", 0, e) || alog_list(st, who, "audit_referral", "all", e, "%s", ""))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT r.id, r.alert_id, r.summary, r.status, COALESCE(acc.username, ''), r.created_at, a.rule, "
	                "a.user, a.key FROM audit_referrals r JOIN audit_alerts a ON a.id = r.alert_id "
	                "LEFT JOIN accounts acc ON acc.id = r.created_by ORDER BY r.id DESC",
	                ""))
		return -1;
	struct audit_referral_rec x;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		memset(&x, 0, sizeof x);
		x.id = stmt_int(s, 0);
		x.alert_id = stmt_int(s, 1);
		snprintf(x.summary, sizeof x.summary, "%s", stmt_text(s, 2));
		snprintf(x.status, sizeof x.status, "%s", stmt_text(s, 3));
		snprintf(x.created_by, sizeof x.created_by, "%s", stmt_text(s, 4));
		snprintf(x.created_at, sizeof x.created_at, "%s", stmt_text(s, 5));
		x.rule = (int)stmt_int(s, 6);
		snprintf(x.user, sizeof x.user, "%s", stmt_text(s, 7));
		snprintf(x.key, sizeof x.key, "%s", stmt_text(s, 8));
		if (fn(ctx, &x))
			break;
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	return alog_write(st, who, "view", "audit_referrals", "all", "ok", "", e);
}

int audit_mutes_list(struct store *st, const struct actor *who, int rule, const char *user,
                     int (*fn)(void *ctx, const struct audit_mute_rec *m), void *ctx, struct err *e)
{
	if (acu_only(st, who, "audit_mutes", 0, e) ||
	    alog_list(st, who, "audit_mute", "rule_user", e, "rule=%d user=%s", rule, nz(user)))
		return -1;
	char today[11];
	date_today(today);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT m.id, m.rule, m.user, m.from_date, m.until_date, m.reason, COALESCE(acc.username, ''), "
	                "m.created_at, ? BETWEEN m.from_date AND m.until_date FROM audit_mutes m "
	                "LEFT JOIN accounts acc ON acc.id = m.created_by WHERE m.rule = ? AND m.user = ? ORDER BY m.id DESC",
	                "tdt", today, rule, nz(user)))
		return -1;
	struct audit_mute_rec m;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		memset(&m, 0, sizeof m);
		m.id = stmt_int(s, 0);
		m.rule = (int)stmt_int(s, 1);
		snprintf(m.user, sizeof m.user, "%s", stmt_text(s, 2));
		snprintf(m.from_date, sizeof m.from_date, "%s", stmt_text(s, 3));
		snprintf(m.until_date, sizeof m.until_date, "%s", stmt_text(s, 4));
		snprintf(m.reason, sizeof m.reason, "%s", stmt_text(s, 5));
		snprintf(m.created_by, sizeof m.created_by, "%s", stmt_text(s, 6));
		snprintf(m.created_at, sizeof m.created_at, "%s", stmt_text(s, 7));
		m.active = (int)stmt_int(s, 8);
		if (fn(ctx, &m))
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}
