/* audit_alerts.c — the counter-corruption unit's triage of audit alerts:
 * the queue, one alert with the events behind it, decisions, mutes and
 * referrals. Every function checks the ACU role itself; every view of an
 * alert and every refusal is written to the access log. */
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/audit.h"
#include "domain/config.h"
#include "domain/duty.h"
#include "domain/listing.h"
#include "domain/validate.h"
#include "store/store.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct status_def alert_statuses[ALERT_NSTATUS] = {
	[ALERT_NEW] = { "new", "New", "blue", NULL },
	[ALERT_NFA] = { "nfa", "No further action", "grey", NULL },
	[ALERT_ADVICE] = { "advice", "Advice given", "yellow", NULL },
	[ALERT_REFERRED] = { "referred", "Referred", "red", "Referred for investigation" },
};

const struct status_def audit_decision_states[DECISION_NSTATE] = {
	[DECISION_IN_FORCE] = { "in_force", "In force when made", "green", NULL },
	[DECISION_PENDING] = { "pending", "Awaiting countersignature", "yellow", NULL },
	[DECISION_COUNTERSIGNED] = { "countersigned", "Countersigned", "green", NULL },
	[DECISION_REJECTED] = { "rejected", "Not countersigned: never took effect", "red", NULL },
};

const struct status_def audit_mute_states[MUTE_NSTATE] = {
	[MUTE_IN_FORCE] = { "in_force", "In force", "green", NULL },
	[MUTE_PENDING] = { "pending", "Awaiting countersignature by a reviewer", "yellow", NULL },
	[MUTE_REJECTED] = { "rejected", "Not countersigned: never took effect", "red", NULL },
};

const struct status_def audit_referral_statuses[REFERRAL_NSTATUS] = {
	[REFERRAL_OPEN] = { "open", "Open", "blue", NULL },
	[REFERRAL_CLOSED] = { "closed", "Closed", "grey", NULL },
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

/* An alert is hidden by a mute in force (countersigned where needed) of its
 * rule and user only when it was raised after the mute took effect and on
 * or before its end date: a mute never hides an alert already there. */
#define MUTED \
	"EXISTS (SELECT 1 FROM audit_mutes m WHERE m.rule = a.rule AND m.user = a.user AND m.state = 'in_force' " \
	"        AND a.created_at > m.effective_at AND substr(a.created_at, 1, 10) <= m.until_date)"
#define ALERT_COLS \
	"a.id, a.rule, a.user, a.key, a.first_ts, a.rule_version, a.system, a.device, a.count, a.detail, a.status, " \
	"a.decision_note, COALESCE(acc.username, ''), a.decided_at, a.created_at, COALESCE(p.id, 0), " \
	"COALESCE(p.forenames || ' ' || p.surname, ''), COALESCE(u.name, ''), " \
	MUTED ", COALESCE(rv.params, ''), COALESCE(r.id, 0), COALESCE(asg.username, ''), " \
	"EXISTS (SELECT 1 FROM audit_decisions d WHERE d.alert_id = a.id AND d.state = 'pending'), " \
	"COALESCE(p.chief_officer, 0) "
#define ALERT_FROM \
	"FROM audit_alerts a LEFT JOIN people p ON p.staff_number = a.user LEFT JOIN units u ON u.id = p.unit_id " \
	"LEFT JOIN accounts acc ON acc.id = a.decided_by " \
	"LEFT JOIN audit_rule_versions rv ON rv.rule = a.rule AND rv.version = a.rule_version " \
	"LEFT JOIN audit_referrals r ON r.alert_id = a.id LEFT JOIN accounts asg ON asg.id = a.assigned_to "

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
	snprintf(a->assignee, sizeof a->assignee, "%s", stmt_text(s, 21));
	a->pending = (int)stmt_int(s, 22);
	a->chief_officer = (int)stmt_int(s, 23);
	if (a->rule < 1 || a->rule > 6)
		a->rule = 0;
}

/* ---- the pseudonymised queue ---- */

int audit_pseudonym_key(struct store *st, unsigned char k[32], struct err *e)
{
	if (config_int(st, "audit.pseudonymise", 0) != 1)
		return 0;
	return alog_derive_key(st, "probity audit pseudonym v1", k, 32, e) ? -1 : 1;
}

void audit_code_of(const unsigned char k[32], const char *user, size_t n, char out[16])
{
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)user, n, k, 32);
	snprintf(out, 16, "U-%02X%02X-%02X%02X", h[0], h[1], h[2], h[3]);
}

static int word_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
}

/* Replace each whole-word w in text (the engine's explanation may name
 * the user's own staff number) by code. */
static void hide_word(char *text, size_t cap, const char *w, const char *code)
{
	size_t wn = strlen(w), cn = strlen(code);
	char out[1024];
	size_t o = 0;
	if (!wn || cap > sizeof out)
		return;
	for (const char *p = text; *p && o + 1 < sizeof out;) {
		if (!strncmp(p, w, wn) && (p == text || !word_char(p[-1])) && !word_char(p[wn]) && o + cn + 1 < sizeof out) {
			memcpy(out + o, code, cn);
			o += cn;
			p += wn;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = 0;
	snprintf(text, cap, "%s", out);
}

/* What a page shows for a's user: with k (the setting on) its code and no
 * name, unless who revealed this alert's user. */
static int pseudo_apply(struct store *st, const struct actor *who, const unsigned char *k, struct audit_alert_rec *a,
                        struct err *e)
{
	snprintf(a->shown, sizeof a->shown, "%s", a->user);
	if (!k)
		return 0;
	audit_code_of(k, a->user, strlen(a->user), a->code);
	int64_t n = 0;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM audit_reveals WHERE alert_id = ? AND account_id = ?", "ii", a->id,
	              who ? who->account_id : (int64_t)-1) < 0)
		return -1;
	a->revealed = n > 0;
	if (!a->revealed) {
		snprintf(a->shown, sizeof a->shown, "%s", a->code);
		if (a->person_id)
			snprintf(a->person_name, sizeof a->person_name, "Name hidden");
		hide_word(a->detail, sizeof a->detail, a->user, a->code);
	}
	return 0;
}

/* A queue filter's user: with the setting on, a code (U-XXXX-XXXX) stands
 * for the alerts' user whose code it is (none: it matches nothing). */
static const char *filter_user(struct store *st, const char *u, char out[64], struct err *e)
{
	unsigned char k[32];
	int on;
	if (!u || strncmp(u, "U-", 2) || strlen(u) != 11 || (on = audit_pseudonym_key(st, k, e)) == 0)
		return u;
	if (on < 0)
		return NULL;
	snprintf(out, 64, "%s", u);
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT DISTINCT user FROM audit_alerts", ""))
		return NULL;
	int r;
	char c[16];
	while ((r = stmt_next(s, e)) == 1) {
		const char *x = stmt_text(s, 0);
		audit_code_of(k, x, strlen(x), c);
		if (!strcmp(c, u)) {
			snprintf(out, 64, "%s", x);
			break;
		}
	}
	stmt_done(s);
	sodium_memzero(k, sizeof k);
	return r < 0 ? NULL : out;
}

int audit_alert_reveal(struct store *st, const struct actor *who, int64_t id, const char *reason, struct err *e)
{
	if (alog_require(st, who, ROLE_ACU, "reveal", "audit_alert", id,
	                 "Only the counter-corruption unit can reveal who an alert is about", e))
		return -1;
	unsigned char k[32];
	int on = audit_pseudonym_key(st, k, e);
	sodium_memzero(k, sizeof k);
	if (on < 0)
		return -1;
	if (!on)
		return err_set(e, ERR_INPUT, "The alert queue is not pseudonymised: there is nothing to reveal");
	const char *r = reason ? reason : "";
	while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
		r++;
	if (!*r)
		return err_field(e, ERR_INPUT, "reason", "Enter the reason you need to know who this alert is about");
	if (strlen(reason) > 500)
		return err_field(e, ERR_INPUT, "reason", "The reason must be 500 characters or fewer");
	char user[64] = "", now[24];
	int x = store_text(st, e, user, sizeof user, "SELECT user FROM audit_alerts WHERE id = ?", "i", id);
	if (x < 0)
		return -1;
	if (x == 0)
		return err_set(e, ERR_NOTFOUND, "No such alert");
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	char d[600];
	snprintf(d, sizeof d, "reason=%s", reason);
	if (store_exec(st, e, "INSERT INTO audit_reveals(alert_id, account_id, reason, revealed_at) VALUES (?, ?, ?, ?)",
	               "iitt", id, who->account_id, reason, now) ||
	    alog_writei(st, who, "reveal", "audit_alert", id, "ok", d, e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int audit_reveals_list(struct store *st, const struct actor *who,
                       int (*fn)(void *ctx, const struct audit_reveal_rec *r), void *ctx, struct err *e)
{
	if (alog_require(st, who, ROLE_REVIEWER, "view", "audit_reveals", 0,
	                 "Only the reviewer role can see who revealed whom", e) ||
	    alog_list(st, who, "audit_reveals", "all", e, "%s", ""))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT v.id, v.alert_id, a.rule, a.user, COALESCE(acc.username, ''), v.reason, v.revealed_at "
	                "FROM audit_reveals v JOIN audit_alerts a ON a.id = v.alert_id "
	                "LEFT JOIN accounts acc ON acc.id = v.account_id ORDER BY v.id DESC",
	                ""))
		return -1;
	struct audit_reveal_rec x;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		memset(&x, 0, sizeof x);
		x.id = stmt_int(s, 0);
		x.alert_id = stmt_int(s, 1);
		x.rule = (int)stmt_int(s, 2);
		snprintf(x.user, sizeof x.user, "%s", stmt_text(s, 3));
		snprintf(x.by, sizeof x.by, "%s", stmt_text(s, 4));
		snprintf(x.reason, sizeof x.reason, "%s", stmt_text(s, 5));
		snprintf(x.at, sizeof x.at, "%s", stmt_text(s, 6));
		if (fn(ctx, &x))
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
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
	unsigned char k[32];
	int on = audit_pseudonym_key(st, k, e);
	r = on < 0 || pseudo_apply(st, who, on ? k : NULL, out, e);
	sodium_memzero(k, sizeof k);
	if (r)
		return -1;
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
	"AND (?9 = 1 OR NOT " MUTED ") "
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

/* The pseudonymised queue sorted by user: by the code, so the order says
 * nothing about the staff numbers behind it (then newest first). */
static int by_code_up(const void *a, const void *b)
{
	const struct audit_alert_rec *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	if (!c)
		c = -strcmp(x->first_ts, y->first_ts);
	return c ? c : (x->id < y->id) - (x->id > y->id);
}

static int by_code_down(const void *a, const void *b)
{
	const struct audit_alert_rec *x = a, *y = b;
	int c = -strcmp(x->code, y->code);
	if (!c)
		c = -strcmp(x->first_ts, y->first_ts);
	return c ? c : (x->id < y->id) - (x->id > y->id);
}

int audit_alerts_list(struct store *st, const struct actor *who, const struct audit_filter *f, audit_alert_fn fn,
                      void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (acu_only(st, who, "audit_alerts", 0, e))
		return -1;
	unsigned char k[32];
	char fu[64];
	int on = audit_pseudonym_key(st, k, e);
	const char *user = on < 0 ? NULL : filter_user(st, f->user, fu, e);
	if (on < 0 || (f->user && !user))
		return -1;
	const char *sql = list_sql_for(list_sqls, sizeof list_sqls / sizeof list_sqls[0], f->sort, list_sqls[0].sql);
	int64_t limit = list_limit(f->per_page); /* -1: every alert */
	int64_t page = f->page > 0 && f->per_page >= 0 ? f->page : 1;
	/* pseudonymised and sorted by user: every match read, sorted by code here */
	int by_code = on == 1 && f->sort && (!strcmp(f->sort, "user") || !strcmp(f->sort, "-user"));
	struct audit_alert_rec *all = NULL;
	size_t nall = 0, cap = 0;
	struct stmt *s;
	if (store_query(st, &s, e, sql, "dttittttdii", f->rule, nz(f->system), nz(f->device), f->unit_id, nz(f->from),
	                nz(f->to), nz(f->status), nz(user), f->show_muted ? 1 : 0, by_code ? list_limit(-1) : limit,
	                by_code ? (int64_t)0 : (page - 1) * limit))
		return -1;
	int r;
	struct audit_alert_rec *a = xmalloc(sizeof *a);
	while ((r = stmt_next(s, e)) == 1) {
		read_rec(s, a);
		*total = (long)stmt_int(s, 24);
		if (pseudo_apply(st, who, on ? k : NULL, a, e)) {
			r = -1;
			break;
		}
		if (by_code) {
			if (nall == cap) {
				cap = cap ? 2 * cap : 64;
				all = xrealloc(all, cap * sizeof *all);
			}
			all[nall++] = *a;
		} else if (fn(ctx, a)) {
			break;
		}
	}
	stmt_done(s);
	free(a);
	if (by_code && r >= 0) {
		if (nall)
			qsort(all, nall, sizeof *all, f->sort[0] == '-' ? by_code_down : by_code_up);
		size_t from = (size_t)((page - 1) * limit);
		for (size_t i = from; i < nall && i < from + (size_t)limit; i++)
			if (fn(ctx, &all[i]))
				break;
	}
	free(all);
	sodium_memzero(k, sizeof k);
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
		              nz(f->status), nz(user), f->show_muted ? 1 : 0, limit, (int64_t)0) < 0)
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
	char fu[64];
	const char *user = filter_user(st, f->user, fu, e);
	if (f->user && !user)
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                SUB_UNITS "SELECT a.rule, COUNT(*) " ALERT_FROM FILTER_WHERE
	                "AND ?10 = ?10 AND ?11 = ?11 GROUP BY a.rule",
	                "dttittttdii", f->rule, nz(f->system), nz(f->device), f->unit_id, nz(f->from), nz(f->to),
	                nz(f->status), nz(user), f->show_muted ? 1 : 0, (int64_t)0, (int64_t)0))
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
	                nz(f->status), nz(user), f->show_muted ? 1 : 0, (int64_t)0, (int64_t)0))
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
	/* the pseudonymised queue: the engine's explanations name the user */
	struct audit_alert_rec a;
	unsigned char k[32];
	int on = audit_pseudonym_key(st, k, e);
	memset(&a, 0, sizeof a);
	a.id = id;
	if (on > 0 && store_text(st, e, a.user, sizeof a.user, "SELECT user FROM audit_alerts WHERE id = ?", "i", id) < 0)
		on = -1;
	if (on > 0 && pseudo_apply(st, who, k, &a, e))
		on = -1;
	sodium_memzero(k, sizeof k);
	if (on < 0)
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
		if (a.code[0] && !a.revealed)
			hide_word(ev.detail, sizeof ev.detail, a.user, a.code);
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

/* A stored code as words: "domestic_abuse_victim" -> "Domestic abuse victim". */
static void words(const char *code, char *out, size_t n)
{
	snprintf(out, n, "%s", code ? code : "");
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
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
		if ((r = stmt_next(s, e)) == 1) {
			char cat[64], rel[64], stat[32];
			words(stmt_text(s, 1), cat, sizeof cat);
			words(stmt_text(s, 2), rel, sizeof rel);
			words(stmt_text(s, 4), stat, sizeof stat);
			snprintf(out, n, "%s (%s%s%s), declared on %s, status: %s", stmt_text(s, 0), cat, rel[0] ? ", " : "",
			         rel, stmt_text(s, 3), stat);
		}
		stmt_done(s);
	} else if (a->rule == AUDIT_R3) {
		if (store_query(st, &s, e, "SELECT flag FROM audit_vulnerable WHERE subject = ?", "t", a->key))
			return -1;
		if ((r = stmt_next(s, e)) == 1)
			words(stmt_text(s, 0), out, n);
		stmt_done(s);
	} else if (a->rule == AUDIT_R2) {     /* whose record: the colleague (or the user) by name */
		if (store_query(st, &s, e,
		                "SELECT p.forenames || ' ' || p.surname, p.staff_number, COALESCE(u.name, ''), "
		                "p.staff_number = ? FROM people p LEFT JOIN units u ON u.id = p.unit_id "
		                "WHERE p.person_ref = ? AND p.person_ref <> '' ORDER BY p.id LIMIT 1",
		                "tt", a->user, a->key))
			return -1;
		if ((r = stmt_next(s, e)) == 1 && stmt_int(s, 3) && a->code[0] && !a->revealed)
			snprintf(out, n, "The user's own record (name hidden: the queue is pseudonymised)");
		else if (r == 1)
			snprintf(out, n, "%s (%s)%s%s%s", stmt_text(s, 0), stmt_text(s, 1), *stmt_text(s, 2) ? ", " : "",
			         stmt_text(s, 2), stmt_int(s, 3) ? ": the user's own record" : ": a colleague");
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

/* The separation-of-duties act of deciding on alert id of user/key. */
static void decide_act(struct store *st, int64_t id, const char *user, const char *key, struct duty_party p[2],
                       struct duty_act *d)
{
	*d = (struct duty_act){ "decide", "decide", "audit_alert", id, NULL, "acu", p, 0 };
	d->nparties = alert_parties(st, user, key, p);
}

int audit_alert_may_decide(struct store *st, const struct actor *who, const struct audit_alert_rec *a)
{
	struct duty_party p[2];
	struct duty_act d;
	decide_act(st, a->id, a->user, a->key, p, &d);
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

/* The rules whose NFA decisions and mutes need countersignature
 * (config audit.countersign_rules, e.g. "1,3,5"). */
static int countersign_rule(struct store *st, int rule)
{
	char v[64] = "";
	if (store_text(st, NULL, v, sizeof v, "SELECT value FROM config WHERE key = 'audit.countersign_rules'", "") <= 0)
		snprintf(v, sizeof v, "1,3,5");
	for (const char *p = v; *p; p++)
		if (*p - '0' == rule && (p == v || p[-1] == ',' || p[-1] == ' ') && (!p[1] || p[1] == ',' || p[1] == ' '))
			return 1;
	return 0;
}

/* Whether a chief officer is a party to an alert of user/key (the user,
 * or the staff member whose record was looked up). */
static int chief_party(struct store *st, const char *user, const char *key)
{
	int64_t n = 0;
	if (store_int(st, NULL, &n,
	              "SELECT COUNT(*) FROM people WHERE chief_officer = 1 AND (staff_number = ? "
	              "OR (person_ref = ? AND person_ref <> ''))",
	              "tt", nz(user), nz(key)) < 0)
		return 0;
	return n > 0;
}

/* Why an act about user/key (a decision, a mute) needs the reviewer role's
 * countersignature, into why ("" when it does not): a chief officer is a
 * party (the chief text), or the act is one the rule list covers (covered)
 * and rule is in audit.countersign_rules ("<act> R<rule> needs ..."). */
static void countersign_why(struct store *st, const char *user, const char *key, int rule, int covered,
                            const char *chief, const char *act, char *why, size_t n)
{
	why[0] = 0;
	if (chief_party(st, user, key))
		snprintf(why, n, "%s", chief);
	else if (covered && countersign_rule(st, rule))
		snprintf(why, n, "%s R%d needs a reviewer's countersignature", act, rule);
}

/* Make decision row did the alert's decision in force (and its referral). */
static int apply_decision(struct store *st, int64_t did, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT alert_id, decision, note, decided_by, decided_at FROM audit_decisions WHERE id = ?",
	                "i", did))
		return -1;
	int r = stmt_next(s, e);
	if (r <= 0) {
		stmt_done(s);
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No such decision");
	}
	int64_t alert = stmt_int(s, 0), by = stmt_int(s, 3);
	char dec[16], note[2048], at[24];
	snprintf(dec, sizeof dec, "%s", stmt_text(s, 1));
	snprintf(note, sizeof note, "%s", stmt_text(s, 2));
	snprintf(at, sizeof at, "%s", stmt_text(s, 4));
	stmt_done(s);
	if (store_exec(st, e,
	               "UPDATE audit_alerts SET status = ?, decision_note = ?, decided_by = ?, decided_at = ? WHERE id = ?",
	               "ttiti", dec, note, by, at, alert))
		return -1;
	if (!strcmp(dec, "referred") &&
	    store_exec(st, e,
	               "INSERT INTO audit_referrals(alert_id, summary, created_by, created_at) VALUES (?, ?, ?, ?)", "itit",
	               alert, note, by, at))
		return -1;
	return 0;
}

int audit_alert_decide(struct store *st, const struct actor *who, int64_t id, int decision, const char *note,
                       struct errlist *errs, struct err *e)
{
	if (!actor_has(who, ROLE_ACU)) {
		alog_writei(st, who, "decide", "audit_alert", id, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only the counter-corruption unit can decide on audit alerts");
	}
	char user[64] = "", key[128] = "";
	struct duty_party p[2];
	struct duty_act d;
	if (store_text(st, e, user, sizeof user, "SELECT user FROM audit_alerts WHERE id = ?", "i", id) < 0 ||
	    store_text(st, e, key, sizeof key, "SELECT key FROM audit_alerts WHERE id = ?", "i", id) < 0)
		return -1;
	decide_act(st, id, user, key, p, &d);
	if (duty_check(st, who, &d, e))
		return -1;
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
	char now[21], why[160] = "";
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	char status[16] = "";
	int64_t rule = 0, pending = 0;
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
	if (store_int(st, e, &pending, "SELECT COUNT(*) FROM audit_decisions WHERE alert_id = ? AND state = 'pending'",
	              "i", id) < 0 ||
	    store_int(st, e, &rule, "SELECT rule FROM audit_alerts WHERE id = ?", "i", id) < 0)
		goto fail;
	if (pending) {
		store_rollback(st);
		errlist_add(errs, "decision", "A decision on this alert is awaiting countersignature by a reviewer");
		return err_set(e, ERR_INPUT, "awaiting countersignature");
	}
	countersign_why(st, user, key, (int)rule, decision == AUDIT_DECIDE_NFA, "the alert is about a chief officer",
	                "no further action on rule", why, sizeof why);
	/* every decision is a row of its own; the alert shows the one in force */
	if (store_exec(st, e,
	               "INSERT INTO audit_decisions(alert_id, decision, note, decided_by, decided_at, state, "
	               "why_countersign) VALUES (?, ?, ?, ?, ?, ?, ?)",
	               "ittitt" "t", id, st_name[decision], note, who->account_id ? who->account_id : (int64_t)0, now,
	               why[0] ? "pending" : "in_force", why))
		goto fail;
	if (!why[0] && apply_decision(st, store_last_id(st), e))
		goto fail;
	if (alog_writei(st, who, "decide", "audit_alert", id, "ok", why[0] ? "pending countersignature" : st_name[decision],
	                e))
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
	/* a mute hides only alerts raised after it takes effect (never one
	 * already there, decided or not); on R1/R3/R5 (audit.countersign_rules)
	 * and for a chief officer it takes effect when a reviewer countersigns */
	char why[160];
	countersign_why(st, user, NULL, rule, 1, "the user is a chief officer", "a mute of rule", why, sizeof why);
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO audit_mutes(rule, user, from_date, until_date, reason, created_by, created_at, state, "
	               "effective_at, why_countersign) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "dttttit" "ttt", rule, user, today, until, reason, who->account_id, now,
	               why[0] ? "pending" : "in_force", why[0] ? "" : now, why))
		goto fail;
	char detail[128];
	snprintf(detail, sizeof detail, "R%d until %s%s", rule, until, why[0] ? " pending countersignature" : "");
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
	                "m.created_at, m.state = 'in_force' AND ? BETWEEN m.from_date AND m.until_date, m.state "
	                "FROM audit_mutes m "
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
		snprintf(m.state, sizeof m.state, "%s", stmt_text(s, 9));
		if (fn(ctx, &m))
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int audit_decisions_list(struct store *st, const struct actor *who, int64_t alert_id,
                         int (*fn)(void *ctx, const struct audit_decision_rec *d), void *ctx, struct err *e)
{
	if (acu_only(st, who, "audit_alert", alert_id, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT d.id, d.alert_id, d.decision, d.note, COALESCE(a1.username, ''), d.decided_at, d.state, "
	                "d.why_countersign, COALESCE(a2.username, ''), d.countersigned_at, d.countersign_note "
	                "FROM audit_decisions d LEFT JOIN accounts a1 ON a1.id = d.decided_by "
	                "LEFT JOIN accounts a2 ON a2.id = d.countersigned_by WHERE d.alert_id = ? ORDER BY d.id",
	                "i", alert_id))
		return -1;
	struct audit_decision_rec d;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		memset(&d, 0, sizeof d);
		d.id = stmt_int(s, 0);
		d.alert_id = stmt_int(s, 1);
		snprintf(d.decision, sizeof d.decision, "%s", stmt_text(s, 2));
		snprintf(d.note, sizeof d.note, "%s", stmt_text(s, 3));
		snprintf(d.decided_by, sizeof d.decided_by, "%s", stmt_text(s, 4));
		snprintf(d.decided_at, sizeof d.decided_at, "%s", stmt_text(s, 5));
		snprintf(d.state, sizeof d.state, "%s", stmt_text(s, 6));
		snprintf(d.why, sizeof d.why, "%s", stmt_text(s, 7));
		snprintf(d.countersigned_by, sizeof d.countersigned_by, "%s", stmt_text(s, 8));
		snprintf(d.countersigned_at, sizeof d.countersigned_at, "%s", stmt_text(s, 9));
		snprintf(d.countersign_note, sizeof d.countersign_note, "%s", stmt_text(s, 10));
		if (fn(ctx, &d))
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int audit_pending_list(struct store *st, const struct actor *who,
                       int (*fn)(void *ctx, const struct audit_pending_rec *p), void *ctx, struct err *e)
{
	if (alog_require(st, who, ROLE_REVIEWER, "view", "audit_countersign", 0,
	                 "Only a reviewer can countersign audit decisions", e) ||
	    alog_list(st, who, "audit_countersign", "pending", e, "%s", ""))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT 'decision', d.id, d.alert_id, a.rule, a.user, a.key, d.decision, d.note, "
	                "COALESCE(acc.username, ''), d.decided_at, d.why_countersign, '' "
	                "FROM audit_decisions d JOIN audit_alerts a ON a.id = d.alert_id "
	                "LEFT JOIN accounts acc ON acc.id = d.decided_by WHERE d.state = 'pending' "
	                "UNION ALL SELECT 'mute', m.id, 0, m.rule, m.user, '', 'mute', m.reason, COALESCE(acc.username, ''), "
	                "m.created_at, m.why_countersign, m.until_date FROM audit_mutes m "
	                "LEFT JOIN accounts acc ON acc.id = m.created_by WHERE m.state = 'pending' ORDER BY 10",
	                ""))
		return -1;
	struct audit_pending_rec p;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		memset(&p, 0, sizeof p);
		snprintf(p.kind, sizeof p.kind, "%s", stmt_text(s, 0));
		p.id = stmt_int(s, 1);
		p.alert_id = stmt_int(s, 2);
		p.rule = (int)stmt_int(s, 3);
		snprintf(p.user, sizeof p.user, "%s", stmt_text(s, 4));
		snprintf(p.key, sizeof p.key, "%s", stmt_text(s, 5));
		snprintf(p.what, sizeof p.what, "%s", stmt_text(s, 6));
		snprintf(p.note, sizeof p.note, "%s", stmt_text(s, 7));
		snprintf(p.by, sizeof p.by, "%s", stmt_text(s, 8));
		snprintf(p.at, sizeof p.at, "%s", stmt_text(s, 9));
		snprintf(p.why, sizeof p.why, "%s", stmt_text(s, 10));
		snprintf(p.until, sizeof p.until, "%s", stmt_text(s, 11));
		if (fn(ctx, &p))
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int audit_countersign(struct store *st, const struct actor *who, const char *kind, int64_t id, int accept,
                      const char *note, struct errlist *errs, struct err *e)
{
	int mute = kind && !strcmp(kind, "mute");
	const char *object = mute ? "audit_mute" : "audit_decision";
	if (!actor_has(who, ROLE_REVIEWER)) {
		alog_writei(st, who, "countersign", object, id, "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only a reviewer can countersign audit decisions and mutes");
	}
	char user[64] = "", key[128] = "", state[16] = "";
	int64_t proposer = 0;
	struct stmt *s;
	if (store_query(st, &s, e,
	                mute ? "SELECT m.user, '', m.state, COALESCE(m.created_by, 0) FROM audit_mutes m WHERE m.id = ?"
	                     : "SELECT a.user, a.key, d.state, COALESCE(d.decided_by, 0) FROM audit_decisions d "
	                       "JOIN audit_alerts a ON a.id = d.alert_id WHERE d.id = ?",
	                "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r > 0) {
		snprintf(user, sizeof user, "%s", stmt_text(s, 0));
		snprintf(key, sizeof key, "%s", stmt_text(s, 1));
		snprintf(state, sizeof state, "%s", stmt_text(s, 2));
		proposer = stmt_int(s, 3);
	}
	stmt_done(s);
	if (r <= 0)
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No such %s", mute ? "mute" : "decision");
	/* proposer is not signer; nobody countersigns about themself or someone they manage */
	struct duty_party p[3];
	int np = alert_parties(st, user, key, p);
	p[np++] = (struct duty_party){ 0, proposer, DUTY_PROPOSER };
	struct duty_act d = { "countersign", "countersign", object, id, NULL, "acu", p, np };
	if (duty_check(st, who, &d, e))
		return -1;
	note = nz(note);
	if (strcmp(state, "pending") != 0)
		errlist_add(errs, "accept", "This is not awaiting countersignature");
	else if (!accept && !*note)
		errlist_add(errs, "cs_note", "Give the reason for not countersigning");
	if (strlen(note) > 2000)
		errlist_add(errs, "cs_note", "The note must be 2000 characters or fewer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (mute) {
		if (store_exec(st, e,
		               "UPDATE audit_mutes SET state = ?, effective_at = ?, countersigned_by = ?, countersigned_at = ? "
		               "WHERE id = ? AND state = 'pending'",
		               "ttiti", accept ? "in_force" : "rejected", accept ? now : "", who->account_id, now, id))
			goto fail;
	} else {
		if (store_exec(st, e,
		               "UPDATE audit_decisions SET state = ?, countersigned_by = ?, countersigned_at = ?, "
		               "countersign_note = ? WHERE id = ? AND state = 'pending'",
		               "titti", accept ? "countersigned" : "rejected", who->account_id, now, note, id))
			goto fail;
		if (accept && apply_decision(st, id, e))
			goto fail;
	}
	if (alog_writei(st, who, "countersign", object, id, "ok", accept ? "countersigned" : "rejected", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int audit_alert_assign(struct store *st, const struct actor *who, int64_t id, int to_me, struct err *e)
{
	if (!actor_has(who, ROLE_ACU)) {
		alog_writei(st, who, "assign", "audit_alert", id, "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only the counter-corruption unit can assign audit alerts");
	}
	if (store_begin(st, e))
		return -1;
	if (to_me ? store_exec(st, e, "UPDATE audit_alerts SET assigned_to = ? WHERE id = ?", "ii", who->account_id, id)
	          : store_exec(st, e, "UPDATE audit_alerts SET assigned_to = NULL WHERE id = ?", "i", id))
		goto fail;
	if (!store_changes(st)) {
		store_rollback(st);
		return err_set(e, ERR_NOTFOUND, "No such alert");
	}
	if (alog_writei(st, who, "assign", "audit_alert", id, "ok", to_me ? who->username : "nobody", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}
