/* risk.c — the tactical risk picture and the tasking meeting (see risk.h).
 * Each indicator is one fixed statement over its source returning the
 * records that count (person, group, record, date, words), ordered by
 * person and group; the C side counts a group's records against the
 * threshold, so the same statement gives the whole force's scores and one
 * person's evidence. Dates are ISO text computed here (core/date.h). */
#include "domain/risk.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/auth.h"
#include "domain/config.h"
#include "domain/disclosure.h"
#include "domain/duty.h"
#include "domain/validate.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct risk_def risk_defs[RISK_NIND] = {
	[RISK_ALLEGATIONS] = { "allegations", "Repeated allegations", "complaints", 0,
	                       "%d or more complaint or conduct allegations received in the last %d days" },
	[RISK_ASSOCIATION_HIGH] = { "association_high", "High-risk association", "associations", 0,
	                            "%d or more notifiable associations assessed high risk and not ended "
	                            "(declared within %d days; 0: any time)" },
	[RISK_FINANCIAL] = { "financial", "Financial difficulty without a completed referral", "circumstances", 0,
	                     "%d or more declarations of financial difficulty in the last %d days with no debt-advice "
	                     "or welfare intervention completed since" },
	[RISK_ARREST] = { "arrest", "Arrest, charge, conviction or caution", "circumstances", 0,
	                  "%d or more declarations of their own arrest, charge, conviction or caution in the last %d days" },
	[RISK_ICT_ALERT] = { "ict_alert", "ICT alert R1 or R3 not closed as no further action", "ICT audit", 0,
	                     "%d or more ICT audit alerts under rule R1 (declared associate) or R3 (vulnerable person) "
	                     "raised in the last %d days and not decided as no further action" },
	[RISK_VETTING] = { "vetting", "Vetting lapsed or below post", "vetting", 0,
	                   "in a post requiring MV (or a level of that rank) or above without a clearance in force at "
	                   "that level (threshold %d; window %d not used)" },
	[RISK_INTEREST_CONTINUING] = { "interest_continuing", "Refused business interest possibly continuing",
	                               "business interests and intelligence", 1,
	                               "%d or more intelligence items or ICT alerts about the person after a business "
	                               "interest of theirs was refused, in the last %d days" },
	[RISK_GIFTS_OFFEROR] = { "gifts_offeror", "Repeated gifts from one offeror", "gifts and hospitality", 0,
	                         "%d or more gifts or hospitality offered by the same organisation in the last %d days" },
	[RISK_INTEL] = { "intel", "Subject of intelligence", "intelligence", 1,
	                 "%d or more intelligence items naming the person received in the last %d days" },
};

const struct risk_code risk_intervention_kinds[] = {
	{ "counselling", "Counselling" },
	{ "debt_advice", "Debt advice" },
	{ "welfare_referral", "Welfare referral" },
	{ "occupational_health", "Occupational health referral" },
	{ "ethical_interview", "Ethical interview" },
	{ "supervisory_plan", "Supervisory plan" },
	{ "restricted_access", "Restricted system access" },
	{ "management_action", "Management action" },
	{ "intelligence_development", "Intelligence development" },
	{ "misconduct_referral", "Misconduct referral" },
	{ NULL, NULL },
};

const struct risk_code risk_departments[] = {
	{ "acu", "Anti-corruption unit" },
	{ "psd", "Professional standards" },
	{ "vetting", "Vetting" },
	{ "hr_welfare", "HR and welfare" },
	{ "occupational_health", "Occupational health" },
	{ NULL, NULL },
};

const char *risk_code_label(const struct risk_code *t, const char *key)
{
	for (; t->key; t++)
		if (!strcmp(t->key, key))
			return t->label;
	return key;
}

static int code_ok(const struct risk_code *t, const char *key)
{
	for (; t->key; t++)
		if (!strcmp(t->key, key))
			return 1;
	return 0;
}

/* ---- configuration ---- */

static int cfg_get(struct store *st, const char *key, const char *field, int def)
{
	char k[96];
	snprintf(k, sizeof k, "risk.%s.%s", key, field);
	int64_t v = config_int(st, k, def);
	return v < 0 || v > 1000000 ? def : (int)v;
}

void risk_config_load(struct store *st, struct risk_config *c)
{
	memset(c, 0, sizeof *c);
	for (int i = 0; i < RISK_NIND; i++) {
		struct risk_indicator *r = &c->ind[i];
		r->def = &risk_defs[i];
		r->on = cfg_get(st, r->def->key, "on", 1) != 0;
		r->weight = cfg_get(st, r->def->key, "weight", 1);
		r->window_days = cfg_get(st, r->def->key, "window_days", 365);
		r->threshold = cfg_get(st, r->def->key, "threshold", 1);
		if (r->threshold < 1)
			r->threshold = 1;
		snprintf(r->rule, sizeof r->rule, r->def->rule, r->threshold, r->window_days);
	}
	c->warning = (int)config_int(st, "risk.level.warning", 5);
	c->critical = (int)config_int(st, "risk.level.critical", 8);
	c->meeting_days = (int)config_int(st, "risk.meeting_days", 30);
	c->psd_sees_acu_only = config_int(st, "risk.psd_sees_acu_only", 1) != 0;
	int64_t v = 0;
	if (store_int(st, NULL, &v, "SELECT COALESCE(MAX(version), 0) FROM risk_config_versions", "") == 1)
		c->version = v;
}

int risk_settings_set(struct store *st, const struct actor *who, const char *const *kv, struct err *e)
{
	if (!actor_has(who, ROLE_ADMIN)) {
		alog_write(st, who, "update", "risk_settings", "", "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only an administrator can change the risk indicators");
	}
	char now[21];
	time_now_iso(now);
	int64_t version = 0;
	if (store_begin(st, e))
		return -1;
	if (store_int(st, e, &version, "SELECT COALESCE(MAX(version), 0) + 1 FROM risk_config_versions", "") != 1)
		goto fail;
	for (; kv[0] && kv[1]; kv += 2) {
		char key[96], *end;
		long n = strtol(kv[1], &end, 10);
		if (!*kv[1] || *end || n < 0 || n > 1000000) {
			err_set(e, ERR_INPUT, "%s must be a whole number from 0 to 1000000", kv[0]);
			goto fail;
		}
		int known = !strcmp(kv[0], "level.warning") || !strcmp(kv[0], "level.critical") ||
		            !strcmp(kv[0], "meeting_days") || !strcmp(kv[0], "psd_sees_acu_only");
		for (int i = 0; i < RISK_NIND && !known; i++) {
			size_t kl = strlen(risk_defs[i].key);
			const char *f = kv[0] + kl;
			known = !strncmp(kv[0], risk_defs[i].key, kl) && *f == '.' &&
			        (!strcmp(f, ".on") || !strcmp(f, ".weight") || !strcmp(f, ".window_days") ||
			         !strcmp(f, ".threshold"));
		}
		if (!known) {
			err_set(e, ERR_INPUT, "No risk setting called %s", kv[0]);
			goto fail;
		}
		snprintf(key, sizeof key, "risk.%s", kv[0]);
		if (config_set(st, who, key, kv[1], e) ||
		    store_exec(st, e, "INSERT INTO risk_config_versions(version, key, value, changed_by, changed_at) "
		                      "VALUES (?, ?, ?, NULLIF(?, 0), ?)", "ittit", version, kv[0], kv[1], who->account_id, now))
			goto fail;
	}
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

void risk_setting_label(const char *key, char *out, size_t n)
{
	static const struct { const char *key, *label; } top[] = {
		{ "level.warning", "Warning level" }, { "level.critical", "Critical level" },
		{ "meeting_days", "Days between meetings" },
		{ "psd_sees_acu_only", "Whether professional standards is told an ACU-only indicator holds" },
	};
	static const struct { const char *field, *fmt; } fields[] = {
		{ ".on", "Whether %s is on" }, { ".weight", "Weight of %s" },
		{ ".window_days", "Window of %s" }, { ".threshold", "Threshold of %s" },
	};
	*out = 0;
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
		if (!strcmp(key, top[i].key)) {
			snprintf(out, n, "%s", top[i].label);
			return;
		}
	for (int i = 0; i < RISK_NIND; i++) {
		size_t kl = strlen(risk_defs[i].key);
		if (strncmp(key, risk_defs[i].key, kl))
			continue;
		for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
			if (!strcmp(key + kl, fields[f].field)) {
				snprintf(out, n, fields[f].fmt, risk_defs[i].name);
				return;
			}
	}
}

/* The value in force for a setting's key (as risk_setting_label knows it). */
static int setting_now(const struct risk_config *c, const char *key)
{
	if (!strcmp(key, "level.warning")) return c->warning;
	if (!strcmp(key, "level.critical")) return c->critical;
	if (!strcmp(key, "meeting_days")) return c->meeting_days;
	if (!strcmp(key, "psd_sees_acu_only")) return c->psd_sees_acu_only;
	for (int i = 0; i < RISK_NIND; i++) {
		size_t kl = strlen(risk_defs[i].key);
		const char *f = key + kl;
		if (strncmp(key, risk_defs[i].key, kl) || *f != '.')
			continue;
		const struct risk_indicator *r = &c->ind[i];
		return !strcmp(f, ".on") ? r->on : !strcmp(f, ".weight") ? r->weight :
		       !strcmp(f, ".window_days") ? r->window_days : r->threshold;
	}
	return -1;
}

int risk_settings_update(struct store *st, const struct actor *who, const char *const *kv, int *changed,
                         struct errlist *errs, struct err *e)
{
	*changed = 0;
	if (!actor_has(who, ROLE_ADMIN)) {
		alog_write(st, who, "update", "risk_settings", "", "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only an administrator can change the risk indicators");
	}
	struct risk_config c;
	risk_config_load(st, &c);
	const char *diff[2 * (RISK_NIND * 4 + 4) + 1];
	size_t nd = 0;
	long warning = c.warning, critical = c.critical;
	for (; kv[0] && kv[1]; kv += 2) {
		char label[160], *end;
		risk_setting_label(kv[0], label, sizeof label);
		if (!*label) {
			errlist_add(errs, kv[0], "There is no risk setting called %s", kv[0]);
			continue;
		}
		const char *dot = strrchr(kv[0], '.');
		int yesno = (dot && !strcmp(dot, ".on")) || !strcmp(kv[0], "psd_sees_acu_only");
		long lo = dot && !strcmp(dot, ".threshold") ? 1 : !strcmp(kv[0], "meeting_days") ? 1 : 0;
		long hi = yesno ? 1 : 1000000;
		long v = strtol(kv[1], &end, 10);
		if (!*kv[1]) {
			errlist_add(errs, kv[0], yesno ? "Select %s" : "Enter the %s", label);
			continue;
		}
		if (*end || v < lo || v > hi) {
			if (yesno)
				errlist_add(errs, kv[0], "Select %s", label);
			else
				errlist_add(errs, kv[0], "%s must be a whole number from %ld to %ld", label, lo, hi);
			continue;
		}
		if (!strcmp(kv[0], "level.warning")) warning = v;
		if (!strcmp(kv[0], "level.critical")) critical = v;
		if (v != setting_now(&c, kv[0]) && nd + 2 < sizeof diff / sizeof diff[0]) {
			diff[nd++] = kv[0];
			diff[nd++] = kv[1];
		}
	}
	if (!errs->n && critical < warning)
		errlist_add(errs, "level.critical", "Critical level must be the same as the warning level or more");
	if (errs->n) {
		alog_write(st, who, "update", "risk_settings", "", "refused", "invalid", NULL);
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	}
	diff[nd] = NULL;
	if (!nd)
		return 0;
	if (risk_settings_set(st, who, diff, e))
		return -1;
	*changed = (int)(nd / 2);
	return 0;
}

const char *risk_level(const struct risk_config *c, int score)
{
	if (score > 0 && score >= c->critical)
		return "critical";
	if (score > 0 && score >= c->warning)
		return "warning";
	return "";
}

const char *risk_level_label(const char *level)
{
	if (!strcmp(level, "critical")) return "Critical";
	if (!strcmp(level, "warning")) return "Warning";
	return "Below warning";
}

static int level_rank(const char *level)
{
	return !strcmp(level, "critical") ? 2 : !strcmp(level, "warning") ? 1 : 0;
}

/* ---- the indicator statements ----
 * ?1 as_of, ?2 the window's first day, then either (W = PEERS) ?3 one
 * person (0: all), ?4 and ?5 a peer group (rank, kind of unit; ?4 '': all),
 * or (W = ONE) ?3 the one person, so the person's own rows are found by
 * index. Columns: person, group, record type, record id, reference, date,
 * words. */
#define PEERS \
	" LEFT JOIN units u ON u.id = p.unit_id WHERE (p.leave_date = '' OR p.leave_date > ?1) AND ?2 <= ?1 " \
	"AND (?3 = 0 OR p.id = ?3) AND (?4 = '' OR (p.rank = ?4 AND COALESCE(u.kind, '') = ?5)) "
/* (?2 <= ?1 always holds: it names ?2 in the statements that need no window, for PostgreSQL's types) */
#define ONE " WHERE (p.leave_date = '' OR p.leave_date > ?1) AND ?2 <= ?1 AND p.id = ?3 "

#define SQL_ALLEGATIONS(W) \
	"SELECT p.id, '', 'allegation', al.id, c.case_ref, c.received, " \
	"'Allegation ' || c.case_ref || '/' || al.allegation_ref || ' (' || cat.name || ')' || " \
	"CASE WHEN al.outcome <> '' THEN ': ' || al.outcome ELSE '' END " \
	"FROM complaint_allegations al JOIN complaint_cases c ON c.id = al.case_id " \
	"JOIN complaint_categories cat ON cat.id = al.category_id JOIN people p ON p.id = al.subject_id" W \
	"AND c.received >= ?2 AND c.received <= ?1 AND c.received <> '' ORDER BY 1, 2, 6"
#define SQL_ASSOCIATION_HIGH(W) \
	"SELECT p.id, '', 'association', a.id, '', a.declared_on, " \
	"'Association with ' || a.associate_name || ' (' || a.category || '), assessed high risk' " \
	"FROM notifiable_associations a JOIN people p ON p.id = a.person_id" W \
	"AND a.risk = 'high' AND a.status <> 'ended' AND a.declared_on >= ?2 AND a.declared_on <= ?1 " \
	"ORDER BY 1, 2, 6"
#define SQL_FINANCIAL(W) \
	"SELECT p.id, '', 'circumstance', c.id, '', c.declared_on, " \
	"'Financial difficulty declared (' || c.subtype || '); referral at declaration: ' || " \
	"CASE WHEN c.referral = '' THEN 'none' ELSE c.referral END " \
	"FROM circumstances c JOIN people p ON p.id = c.person_id" W \
	"AND c.kind = 'financial_difficulty' AND c.declared_on >= ?2 AND c.declared_on <= ?1 " \
	"AND NOT EXISTS (SELECT 1 FROM risk_interventions v WHERE v.person_id = c.person_id " \
	"AND v.kind IN ('debt_advice', 'welfare_referral') AND v.status = 'completed' " \
	"AND v.closed_on >= c.declared_on AND v.closed_on <= ?1) ORDER BY 1, 2, 6"
#define SQL_ARREST(W) \
	"SELECT p.id, '', 'circumstance', c.id, '', c.declared_on, " \
	"'Declared: ' || c.subtype || ' (' || c.event_date || ')' " \
	"FROM circumstances c JOIN people p ON p.id = c.person_id" W \
	"AND c.kind = 'criminal_justice' AND c.subject = 'self' AND c.declared_on >= ?2 AND c.declared_on <= ?1 " \
	"ORDER BY 1, 2, 6"
#define SQL_ICT_ALERT(W) \
	"SELECT p.id, '', 'alert', a.id, '', substr(a.first_ts, 1, 10), " \
	"'ICT alert R' || a.rule || ' about ' || a.key || ': ' || " \
	"CASE WHEN a.status = 'new' THEN 'not yet decided' ELSE a.status END " \
	"FROM audit_alerts a JOIN people p ON p.staff_number = a.user" W \
	"AND a.rule IN (1, 3) AND a.status <> 'nfa' AND substr(a.first_ts, 1, 10) >= ?2 " \
	"AND substr(a.first_ts, 1, 10) <= ?1 ORDER BY 1, 2, 6"
#define SQL_VETTING(W) \
	"SELECT p.id, '', 'post', po.id, '', ?1, " \
	"'Post ' || po.title || ' requires ' || po.vetting_level || '; no clearance at that level in force' " \
	"FROM people p JOIN posts po ON po.id = p.post_id JOIN vetting_levels vl ON vl.code = po.vetting_level" W \
	"AND vl.rank >= 3 AND ?2 <= ?1 AND NOT EXISTS (SELECT 1 FROM clearances cl " \
	"JOIN vetting_levels cv ON cv.code = cl.level WHERE cl.person_id = p.id AND cl.status = 'active' " \
	"AND cv.family = vl.family AND cv.rank >= vl.rank AND cl.granted <= ?1 " \
	"AND (cl.expiry = '' OR cl.expiry >= ?1)) ORDER BY 1, 2, 6"
#define SQL_INTEREST_CONTINUING(W) \
	"SELECT p.id, '' || bi.id, 'intel', i.id, i.reference, i.received, " \
	"'Intelligence item ' || i.reference || ' received after the business interest with ' || " \
	"bi.organisation || ' was refused on ' || substr(bi.decided_at, 1, 10) " \
	"FROM business_interests bi JOIN people p ON p.id = bi.person_id " \
	"JOIN intel_subjects s ON s.person_id = bi.person_id JOIN intel_items i ON i.id = s.item_id" W \
	"AND bi.status = 'refused' AND bi.decided_at <> '' AND i.received > substr(bi.decided_at, 1, 10) " \
	"AND i.received >= ?2 AND i.received <= ?1 " \
	"UNION ALL " \
	"SELECT p.id, '' || bi.id, 'alert', a.id, '', substr(a.first_ts, 1, 10), " \
	"'ICT alert R' || a.rule || ' raised after the business interest with ' || bi.organisation || " \
	"' was refused on ' || substr(bi.decided_at, 1, 10) " \
	"FROM business_interests bi JOIN people p ON p.id = bi.person_id " \
	"JOIN audit_alerts a ON a.user = p.staff_number" W \
	"AND bi.status = 'refused' AND bi.decided_at <> '' AND a.status <> 'nfa' " \
	"AND substr(a.first_ts, 1, 10) > substr(bi.decided_at, 1, 10) " \
	"AND substr(a.first_ts, 1, 10) >= ?2 AND substr(a.first_ts, 1, 10) <= ?1 ORDER BY 1, 2, 6"
#define SQL_GIFTS_OFFEROR(W) \
	"SELECT p.id, lower(trim(g.offeror_org)), 'gift', g.id, '', g.date_offered, " \
	"g.kind || ' from ' || g.offeror_org || ': ' || g.description " \
	"FROM gifts g JOIN people p ON p.id = g.person_id" W \
	"AND trim(g.offeror_org) <> '' AND g.date_offered >= ?2 AND g.date_offered <= ?1 ORDER BY 1, 2, 6"
#define SQL_INTEL(W) \
	"SELECT p.id, '', 'intel', i.id, i.reference, i.received, " \
	"'Intelligence item ' || i.reference || ' (' || c.name || ', graded ' || i.grade || ', ' || i.status || ')' " \
	"FROM intel_subjects s JOIN intel_items i ON i.id = s.item_id JOIN intel_categories c ON c.key = i.category " \
	"JOIN people p ON p.id = s.person_id" W \
	"AND i.received >= ?2 AND i.received <= ?1 ORDER BY 1, 2, 6"

static const char *const ind_sql[RISK_NIND] = {
	[RISK_ALLEGATIONS] = SQL_ALLEGATIONS(PEERS),
	[RISK_ASSOCIATION_HIGH] = SQL_ASSOCIATION_HIGH(PEERS),
	[RISK_FINANCIAL] = SQL_FINANCIAL(PEERS),
	[RISK_ARREST] = SQL_ARREST(PEERS),
	[RISK_ICT_ALERT] = SQL_ICT_ALERT(PEERS),
	[RISK_VETTING] = SQL_VETTING(PEERS),
	[RISK_INTEREST_CONTINUING] = SQL_INTEREST_CONTINUING(PEERS),
	[RISK_GIFTS_OFFEROR] = SQL_GIFTS_OFFEROR(PEERS),
	[RISK_INTEL] = SQL_INTEL(PEERS),
};
static const char *const ind_sql_one[RISK_NIND] = {
	[RISK_ALLEGATIONS] = SQL_ALLEGATIONS(ONE),
	[RISK_ASSOCIATION_HIGH] = SQL_ASSOCIATION_HIGH(ONE),
	[RISK_FINANCIAL] = SQL_FINANCIAL(ONE),
	[RISK_ARREST] = SQL_ARREST(ONE),
	[RISK_ICT_ALERT] = SQL_ICT_ALERT(ONE),
	[RISK_VETTING] = SQL_VETTING(ONE),
	[RISK_INTEREST_CONTINUING] = SQL_INTEREST_CONTINUING(ONE),
	[RISK_GIFTS_OFFEROR] = SQL_GIFTS_OFFEROR(ONE),
	[RISK_INTEL] = SQL_INTEL(ONE),
};

/* Labels are built from stored codes: show them as words. */
static void words(char *s)
{
	for (; *s; s++)
		if (*s == '_')
			*s = ' ';
}

static void item_from(struct stmt *q, int first, struct risk_item *it)
{
	memset(it, 0, sizeof *it);
	snprintf(it->type, sizeof it->type, "%s", stmt_text(q, first));
	it->id = stmt_int(q, first + 1);
	snprintf(it->ref, sizeof it->ref, "%s", stmt_text(q, first + 2));
	snprintf(it->date, sizeof it->date, "%s", stmt_text(q, first + 3));
	snprintf(it->label, sizeof it->label, "%s", stmt_text(q, first + 4));
	words(it->label);
}

static void items_push(struct risk_item **v, size_t *n, const struct risk_item *it)
{
	if ((*n & (*n - 1)) == 0 || *n == 0)
		*v = xrealloc(*v, (*n ? *n * 2 : 4) * sizeof **v);
	(*v)[(*n)++] = *it;
}

/* ---- the engine: scores of a set of people ---- */
struct eperson {
	int64_t id;
	char staff[32], name[200], unit[128], rank[64], ukind[16];
	int score, pct;
	unsigned held;
};
struct engine {
	struct eperson *p;   /* by id */
	size_t n;
	long npeers;         /* sparse: the people scored, of whom only those with an indicator are in p */
	int sparse;
};

static void engine_release(struct engine *g)
{
	free(g->p);
	g->p = NULL;
	g->n = 0;
}

static struct eperson *engine_find(struct engine *g, int64_t id)
{
	size_t lo = 0, hi = g->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g->p[mid].id < id)
			lo = mid + 1;
		else if (g->p[mid].id > id)
			hi = mid;
		else
			return &g->p[mid];
	}
	return NULL;
}

/* Whether who may see indicator i, and whether its evidence is withheld. */
static int ind_visible(const struct risk_config *c, const struct actor *who, int i, int *hidden)
{
	*hidden = 0;
	if (!c->ind[i].on)
		return 0;
	if (risk_defs[i].acu_only && !actor_has(who, ROLE_ACU)) {
		if (!c->psd_sees_acu_only)
			return 0;
		*hidden = 1;
	}
	return 1;
}

static int cmp_pair(const void *a, const void *b)
{
	const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int cmp_peer(const void *a, const void *b)
{
	const struct eperson *x = *(const struct eperson *const *)a, *y = *(const struct eperson *const *)b;
	int r = strcmp(x->rank, y->rank);
	if (!r) r = strcmp(x->ukind, y->ukind);
	if (!r) r = (x->score > y->score) - (x->score < y->score);
	return r;
}

/* Score everyone serving on as_of (or one peer group: rank non-NULL; or one
 * person: only non-zero, whose percentile then means nothing), and
 * gather the evidence of target's indicators into hits. who NULL: every
 * indicator with its evidence (the agenda's view). */
static int engine_run(struct store *st, const struct risk_config *c, const struct actor *who, const char *as_of,
                      const char *rank, const char *ukind, int64_t only, int64_t target, struct risk_hit *hits,
                      size_t *nhits, struct engine *g, struct err *e)
{
	int rc = -1;
	struct stmt *q = NULL;
	struct risk_item *run = NULL;
	size_t nrun = 0;
	memset(g, 0, sizeof *g);
	size_t cap = 0;
	/* a peer group (one person's picture) is scored sparsely: only the people some indicator's records
	 * name are kept, the rest of the group counted (score 0) */
	g->sparse = rank != NULL;
	struct { int64_t id; int ind; } *pairs = NULL;
	size_t npairs = 0, pcap = 0;
	int r;
	if (g->sparse) {
		int64_t np = 0;
		if (store_int(st, e, &np, "SELECT COUNT(*) FROM people p" PEERS, "ttitt", as_of, "", only, rank,
		              ukind ? ukind : "") != 1)
			goto out;
		g->npeers = (long)np;
	} else {
		if (only ? store_query(st, &q, e,
		                       "SELECT p.id, p.staff_number, p.forenames || ' ' || p.surname, COALESCE(u.name, ''), "
		                       "p.rank, COALESCE(u.kind, '') FROM people p LEFT JOIN units u ON u.id = p.unit_id"
		                       ONE "ORDER BY p.id", "tti", as_of, "", only)
		         : store_query(st, &q, e,
		                       "SELECT p.id, p.staff_number, p.forenames || ' ' || p.surname, COALESCE(u.name, ''), "
		                       "p.rank, COALESCE(u.kind, '') FROM people p" PEERS "ORDER BY p.id",
		                       "ttitt", as_of, "", (int64_t)0, "", ""))
			goto out;
		while ((r = stmt_next(q, e)) == 1) {
			g->p = xgrow(g->p, g->n, &cap, 1024, sizeof *g->p);
			struct eperson *p = &g->p[g->n++];
			memset(p, 0, sizeof *p);
			p->id = stmt_int(q, 0);
			snprintf(p->staff, sizeof p->staff, "%s", stmt_text(q, 1));
			snprintf(p->name, sizeof p->name, "%s", stmt_text(q, 2));
			snprintf(p->unit, sizeof p->unit, "%s", stmt_text(q, 3));
			snprintf(p->rank, sizeof p->rank, "%s", stmt_text(q, 4));
			snprintf(p->ukind, sizeof p->ukind, "%s", stmt_text(q, 5));
		}
		stmt_done(q);
		q = NULL;
		if (r < 0)
			goto out;
		g->npeers = (long)g->n;
	}
	long asd = date_days(as_of);
	for (int i = 0; i < RISK_NIND; i++) {
		int hidden = 0;
		if (who ? !ind_visible(c, who, i, &hidden) : !c->ind[i].on)
			continue;
		const struct risk_indicator *ind = &c->ind[i];
		char from[11] = "0000-01-01";
		if (ind->window_days > 0)
			date_format(asd - ind->window_days, from);
		if (only ? store_query(st, &q, e, ind_sql_one[i], "tti", as_of, from, only)
		         : store_query(st, &q, e, ind_sql[i], "ttitt", as_of, from, (int64_t)0, rank ? rank : "",
		                       ukind ? ukind : ""))
			goto out;
		int64_t cur = -1;
		char grp[200] = "";
		long count = 0;
		struct risk_hit *hit = NULL;
		for (;;) {
			r = stmt_next(q, e);
			if (r < 0)
				goto out;
			int64_t pid = r ? stmt_int(q, 0) : -2;
			const char *gk = r ? stmt_text(q, 1) : "";
			if (pid != cur || strcmp(gk, grp)) {
				/* the end of a group: does it meet the threshold? */
				if (cur >= 0 && count >= ind->threshold) {
					struct eperson *p = g->sparse ? NULL : engine_find(g, cur);
					if (p && !(p->held & (1u << i))) {
						p->held |= 1u << i;
						p->score += ind->weight;
					}
					if (g->sparse) {
						if (npairs == pcap) {
							pcap = pcap ? pcap * 2 : 256;
							pairs = xrealloc(pairs, pcap * sizeof *pairs);
						}
						pairs[npairs].id = cur;
						pairs[npairs++].ind = i;
					}
					if (cur == target && hits) {
						if (!hit) {
							hit = &hits[(*nhits)++];
							memset(hit, 0, sizeof *hit);
							hit->ind = i;
							hit->weight = ind->weight;
							hit->hidden = hidden;
						}
						for (size_t k = 0; k < nrun && !hidden; k++)
							items_push(&hit->ev, &hit->nev, &run[k]);
					}
				}
				nrun = 0;
				count = 0;
				cur = pid;
				snprintf(grp, sizeof grp, "%s", gk);
			}
			if (!r)
				break;
			count++;
			if (pid == target && hits) {
				struct risk_item it;
				item_from(q, 2, &it);
				if (nrun == 0 || (nrun & (nrun - 1)) == 0)
					run = xrealloc(run, (nrun ? nrun * 2 : 4) * sizeof *run);
				run[nrun++] = it;
			}
		}
		stmt_done(q);
		q = NULL;
	}
	if (g->sparse) {
		/* the named people by id, each indicator once */
		qsort(pairs, npairs, sizeof *pairs, cmp_pair);
		g->p = xcalloc(npairs ? npairs : 1, sizeof *g->p);
		for (size_t k = 0; k < npairs; k++) {
			if (!g->n || g->p[g->n - 1].id != pairs[k].id) {
				g->p[g->n].id = pairs[k].id;
				snprintf(g->p[g->n].rank, sizeof g->p[g->n].rank, "%s", rank);
				snprintf(g->p[g->n].ukind, sizeof g->p[g->n].ukind, "%s", ukind ? ukind : "");
				g->n++;
			}
			struct eperson *p = &g->p[g->n - 1];
			if (!(p->held & (1u << pairs[k].ind))) {
				p->held |= 1u << pairs[k].ind;
				p->score += c->ind[pairs[k].ind].weight;
			}
		}
	}
	/* peer percentiles: within (rank, kind of unit), the share scoring lower */
	struct eperson **ix = xmalloc((g->n ? g->n : 1) * sizeof *ix);
	for (size_t i = 0; i < g->n; i++)
		ix[i] = &g->p[i];
	qsort(ix, g->n, sizeof *ix, cmp_peer);
	for (size_t i = 0; i < g->n;) {
		size_t j = i;
		while (j < g->n && !strcmp(ix[j]->rank, ix[i]->rank) && !strcmp(ix[j]->ukind, ix[i]->ukind))
			j++;
		/* sparse: the group's people not listed score 0, below everyone listed with a score */
		long unlisted = g->sparse ? g->npeers - (long)(j - i) : 0, total = (long)(j - i) + unlisted;
		long lower = 0;
		for (size_t k = i; k < j; k++) {
			if (k > i && ix[k]->score != ix[k - 1]->score)
				lower = (long)(k - i);
			long below = lower + (ix[k]->score > 0 ? unlisted : 0);
			ix[k]->pct = total ? (int)(100 * below / total) : 0;
		}
		i = j;
	}
	free(ix);
	rc = 0;
out:
	stmt_done(q);
	free(run);
	free(pairs);
	if (rc)
		engine_release(g);
	return rc;
}

static void held_names(const struct risk_config *c, const struct actor *who, unsigned held, char *names, size_t nn,
                       char *keys, size_t nk)
{
	size_t a = 0, b = 0;
	if (nn) names[0] = 0;
	if (nk) keys[0] = 0;
	for (int i = 0; i < RISK_NIND; i++) {
		int hidden;
		if (!(held & (1u << i)) || (who && !ind_visible(c, who, i, &hidden)))
			continue;
		if (names && a < nn)
			a += (size_t)snprintf(names + a, nn - a, "%s%s", a ? ";" : "", risk_defs[i].name);
		if (keys && b < nk)
			b += (size_t)snprintf(keys + b, nk - b, "%s%s", b ? ";" : "", risk_defs[i].key);
	}
}

static void as_of_or_today(const char *as_of, char out[11])
{
	if (as_of && *as_of)
		snprintf(out, 11, "%s", as_of);
	else
		date_today(out);
}

/* ---- everyone's scores ---- */

static int cmp_row(const void *a, const void *b)
{
	const struct eperson *x = *(const struct eperson *const *)a, *y = *(const struct eperson *const *)b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->staff, y->staff);
}

int risk_scores(struct store *st, const struct actor *who, const char *as_of, const char *min_level,
                int (*fn)(void *ctx, const struct risk_row *r), void *ctx, struct err *e)
{
	char day[11];
	as_of_or_today(as_of, day);
	const char *ml = min_level ? min_level : "";
	if (alog_require(st, who, RISK_ROLES, "list", "risk_scores", 0,
	                 "Only the counter-corruption unit and professional standards can see risk scores", e))
		return -1;
	if (!date_valid(day))
		return err_set(e, ERR_INPUT, "The date must be a real date, like 2026-03-27");
	if (*ml && strcmp(ml, "warning") && strcmp(ml, "critical"))
		return err_set(e, ERR_INPUT, "The minimum level must be warning or critical");
	if (alog_list(st, who, "risk_scores", "all", e, "as_of=%s min_level=%s", day, ml))
		return -1;
	struct risk_config c;
	risk_config_load(st, &c);
	struct engine g;
	if (engine_run(st, &c, who, day, NULL, NULL, 0, 0, NULL, NULL, &g, e))
		return -1;
	struct eperson **ix = xmalloc((g.n ? g.n : 1) * sizeof *ix);
	size_t m = 0;
	for (size_t i = 0; i < g.n; i++)
		if (level_rank(risk_level(&c, g.p[i].score)) >= level_rank(ml))
			ix[m++] = &g.p[i];
	qsort(ix, m, sizeof *ix, cmp_row);
	int rc = 0;
	for (size_t i = 0; i < m && !rc; i++) {
		struct risk_row r;
		memset(&r, 0, sizeof r);
		r.person_id = ix[i]->id;
		snprintf(r.staff_number, sizeof r.staff_number, "%s", ix[i]->staff);
		snprintf(r.name, sizeof r.name, "%s", ix[i]->name);
		snprintf(r.unit, sizeof r.unit, "%s", ix[i]->unit);
		r.score = ix[i]->score;
		r.percentile = ix[i]->pct;
		r.level = risk_level(&c, r.score);
		held_names(&c, who, ix[i]->held, r.indicators, sizeof r.indicators, r.keys, sizeof r.keys);
		rc = fn(ctx, &r);
	}
	free(ix);
	engine_release(&g);
	return rc;
}

static int csv_row(void *ctx, const struct risk_row *r)
{
	struct buf *b = ctx;
	char n[16], p[16];
	snprintf(n, sizeof n, "%d", r->score);
	snprintf(p, sizeof p, "%d", r->percentile);
	const char *cells[] = { r->staff_number, r->name, r->unit, n, r->level, p, r->indicators };
	csv_line(b, cells, sizeof cells / sizeof cells[0]);
	return 0;
}

int risk_report_csv(struct store *st, const struct actor *who, const char *as_of, const char *min_level,
                    struct buf *out, struct err *e)
{
	buf_adds(out, RISK_REPORT_HEADER "\n");
	if (risk_scores(st, who, as_of, min_level, csv_row, out, e))
		return -1;
	if (out->oom)
		return err_set(e, ERR_NOMEM, "out of memory");
	return 0;
}

/* ---- one person's picture ---- */

static const struct {
	const char *key, *title, *note;
	int acu_only;
	const char *sql;   /* ?1 person, ?2 as_of: type, id, ref, date, words; newest first */
} sources[RISK_NSRC] = {
	{ "gifts", "Gifts and hospitality",
	  "Gifts and hospitality the person declared, offered or accepted, with their decisions. Does not show gifts "
	  "never declared.", 0,
	  "SELECT 'gift', id, '', date_offered, kind || ' from ' || COALESCE(NULLIF(offeror_org, ''), offeror_person) "
	  "|| ': ' || description || ' (' || status || ')' FROM gifts WHERE person_id = ?1 AND date_offered <= ?2 "
	  "ORDER BY date_offered DESC, id DESC" },
	{ "interests", "Business interests",
	  "Business interests and secondary employment declared, with PSD's decisions and appeals. Does not show "
	  "interests never declared.", 0,
	  "SELECT 'interest', id, '', substr(CASE WHEN decided_at <> '' THEN decided_at ELSE created_at END, 1, 10), "
	  "organisation || ' (' || kind || '): ' || status || CASE WHEN appeal_status <> '' THEN ', appeal ' || "
	  "appeal_status ELSE '' END FROM business_interests WHERE person_id = ?1 AND substr(created_at, 1, 10) <= ?2 "
	  "ORDER BY 4 DESC, id DESC" },
	{ "associations", "Notifiable associations",
	  "Associations declared and PSD's risk assessments. Does not show associations never declared (an ICT "
	  "alert R1 may point to one).", 0,
	  "SELECT 'association', id, '', declared_on, associate_name || ' (' || category || '): ' || "
	  "CASE WHEN risk = '' THEN 'not yet assessed' ELSE 'assessed ' || risk || ' risk' END || "
	  "CASE WHEN status = 'ended' THEN ', ended' ELSE '' END FROM notifiable_associations "
	  "WHERE person_id = ?1 AND declared_on <= ?2 ORDER BY declared_on DESC, id DESC" },
	{ "circumstances", "Changes of circumstances",
	  "Declared changes, including financial difficulty and arrests, with any referral chosen. Does not show "
	  "changes not declared.", 0,
	  "SELECT 'circumstance', id, '', declared_on, kind || CASE WHEN subtype <> '' THEN ' (' || subtype || ')' "
	  "ELSE '' END || CASE WHEN referral <> '' THEN ', referral: ' || referral ELSE '' END FROM circumstances "
	  "WHERE person_id = ?1 AND declared_on <= ?2 ORDER BY declared_on DESC, id DESC" },
	{ "vetting", "Vetting",
	  "Clearances held, their expiry and aftercare conditions. Does not show the vetting file itself.", 0,
	  "SELECT 'clearance', id, '', granted, level || ' ' || status || CASE WHEN expiry <> '' THEN ', expires ' "
	  "|| expiry ELSE '' END || CASE WHEN aftercare <> '' THEN '; aftercare: ' || aftercare ELSE '' END "
	  "FROM clearances WHERE person_id = ?1 AND granted <= ?2 ORDER BY granted DESC, id DESC" },
	{ "alerts", "ICT audit alerts",
	  "Alerts raised on the person's use of force systems and the decisions on them. Does not show events "
	  "that raised no alert.", 0,
	  "SELECT 'alert', a.id, '', substr(a.first_ts, 1, 10), 'R' || a.rule || ' about ' || a.key || ': ' || "
	  "CASE WHEN a.status = 'new' THEN 'not yet decided' ELSE a.status END FROM audit_alerts a "
	  "JOIN people p ON p.staff_number = a.user WHERE p.id = ?1 AND substr(a.first_ts, 1, 10) <= ?2 "
	  "ORDER BY 4 DESC, a.id DESC" },
	{ "intel", "Intelligence",
	  "Intelligence items naming the person as a subject, and interventions decided on them: visible to the "
	  "anti-corruption unit only.", 1,
	  "SELECT 'intel', i.id, i.reference, i.received, i.reference || ' (' || c.name || ', graded ' || i.grade "
	  "|| '): ' || i.status FROM intel_subjects s JOIN intel_items i ON i.id = s.item_id "
	  "JOIN intel_categories c ON c.key = i.category WHERE s.person_id = ?1 AND i.received <= ?2 "
	  "UNION ALL SELECT 'intel_intervention', i.id, i.reference, v.start_date, 'Intervention on ' || "
	  "i.reference || ': ' || v.kind || CASE WHEN v.outcome <> '' THEN ', outcome: ' || v.outcome ELSE '' END "
	  "FROM intel_interventions v JOIN intel_items i ON i.id = v.item_id JOIN intel_subjects s "
	  "ON s.item_id = i.id WHERE s.person_id = ?1 AND v.start_date <= ?2 ORDER BY 4 DESC, 2 DESC" },
	{ "complaints", "Complaints and conduct",
	  "Allegations where the person is the subject, their outcomes, and misconduct proceedings. Does not show "
	  "matters outside the complaints register.", 0,
	  "SELECT 'allegation', al.id, c.case_ref, c.received, c.case_ref || '/' || al.allegation_ref || ' (' || "
	  "cat.name || ')' || CASE WHEN al.outcome <> '' THEN ': ' || al.outcome ELSE ': open' END "
	  "FROM complaint_allegations al JOIN complaint_cases c ON c.id = al.case_id JOIN complaint_categories cat "
	  "ON cat.id = al.category_id WHERE al.subject_id = ?1 AND c.received <= ?2 "
	  "UNION ALL SELECT 'proceeding', pr.id, c.case_ref, pr.held_on, c.case_ref || ': ' || pr.kind || "
	  "CASE WHEN pr.finding <> '' THEN ', finding ' || pr.finding ELSE '' END || CASE WHEN pr.outcome <> '' "
	  "THEN ', outcome ' || pr.outcome ELSE '' END FROM complaint_proceedings pr JOIN complaint_cases c "
	  "ON c.id = pr.case_id WHERE pr.subject_id = ?1 AND pr.held_on <= ?2 ORDER BY 4 DESC, 2 DESC" },
	{ "interventions", "Interventions and tasking decisions",
	  "Early interventions and decisions recorded at tasking meetings, with owners and outcomes.", 0,
	  "SELECT 'intervention', id, '', substr(created_at, 1, 10), kind || ' due ' || due_date || ', review ' || "
	  "review_date || ': ' || status || CASE WHEN substantiated <> '' THEN ', substantiated: ' || substantiated "
	  "ELSE '' END FROM risk_interventions WHERE person_id = ?1 AND substr(created_at, 1, 10) <= ?2 "
	  "UNION ALL SELECT 'decision', d.meeting_id, '', m.held_on, 'Tasking meeting decision: ' || d.decision "
	  "FROM risk_decisions d JOIN risk_meetings m ON m.id = d.meeting_id WHERE d.person_id = ?1 "
	  "AND m.held_on <= ?2 ORDER BY 4 DESC, 2 DESC" },
};

void risk_picture_release(struct risk_picture *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nhits; i++)
		free(p->hits[i].ev);
	for (int i = 0; i < RISK_NSRC; i++)
		free(p->src[i].items);
	memset(p, 0, sizeof *p);
}

/* ---- the day's snapshot of everyone's scores (the picture's percentile) ---- */

/* The settings a snapshot was made under: a different one is remade. */
static void config_sig(const struct risk_config *c, char *out, size_t n)
{
	size_t at = 0;
	out[0] = 0;
	for (int i = 0; i < RISK_NIND && at < n; i++)
		at += (size_t)snprintf(out + at, n - at, "%d/%d/%d/%d;", c->ind[i].on, c->ind[i].weight,
		                       c->ind[i].window_days, c->ind[i].threshold);
}

static int snapshot_ensure(struct store *st, const struct risk_config *c, const char *day, struct err *e)
{
	char sig[512], have[512] = "", now[21], peer[96];
	config_sig(c, sig, sizeof sig);
	int r = store_text(st, e, have, sizeof have, "SELECT sig FROM risk_snapshot_days WHERE day = ?", "t", day);
	if (r < 0)
		return -1;
	if (r == 1 && !strcmp(have, sig))
		return 0;
	struct engine g;
	if (engine_run(st, c, NULL, day, NULL, NULL, 0, 0, NULL, NULL, &g, e))
		return -1;
	time_now_iso(now);
	if (store_begin(st, e)) {
		engine_release(&g);
		return -1;
	}
	/* another request may have made it while this one scored */
	r = store_text(st, e, have, sizeof have, "SELECT sig FROM risk_snapshot_days WHERE day = ?", "t", day);
	if (r < 0)
		goto fail;
	if (r == 1 && !strcmp(have, sig)) {
		engine_release(&g);
		return store_commit(st, e);
	}
	if (store_exec(st, e, "DELETE FROM risk_snapshot", "") || store_exec(st, e, "DELETE FROM risk_snapshot_days", "") ||
	    store_exec(st, e, "DELETE FROM risk_snapshot_counts", ""))
		goto fail;
	for (size_t i = 0; i < g.n; i++) {
		int acu = 0;
		for (int k = 0; k < RISK_NIND; k++)
			if (risk_defs[k].acu_only && (g.p[i].held & (1u << k)))
				acu += c->ind[k].weight;
		snprintf(peer, sizeof peer, "%s|%s", g.p[i].rank, g.p[i].ukind);
		if (store_exec(st, e, "INSERT INTO risk_snapshot(day, person_id, peer, score, score_psd) VALUES (?, ?, ?, ?, ?)",
		               "titdd", day, g.p[i].id, peer, g.p[i].score, g.p[i].score - acu))
			goto fail;
	}
	/* each peer group's scores counted, so a percentile reads a few rows */
	if (store_exec(st, e, "INSERT INTO risk_snapshot_counts(day, peer, psd, score, n) SELECT day, peer, 0, score, "
	                      "COUNT(*) FROM risk_snapshot WHERE day = ? GROUP BY day, peer, score", "t", day) ||
	    store_exec(st, e, "INSERT INTO risk_snapshot_counts(day, peer, psd, score, n) SELECT day, peer, 1, score_psd, "
	                      "COUNT(*) FROM risk_snapshot WHERE day = ? GROUP BY day, peer, score_psd", "t", day) ||
	    store_exec(st, e, "INSERT INTO risk_snapshot_days(day, sig, made_at) VALUES (?, ?, ?)", "ttt", day, sig, now))
		goto fail;
	engine_release(&g);
	return store_commit(st, e);
fail:
	engine_release(&g);
	store_rollback(st);
	return -1;
}

/* floor(100 x peers scoring below score / peers), the peers being the day's
 * snapshot of the same rank and kind of unit, the person counted once. */
static int snapshot_percentile(struct store *st, const struct risk_config *c, const struct actor *who, const char *day,
                               const char *rank, const char *ukind, int64_t person_id, int score, int *pct, int *peers,
                               struct err *e)
{
	char peer[96], self_peer[96] = "";
	int64_t n = 0, lower = 0;
	snprintf(peer, sizeof peer, "%s|%s", rank, ukind);
	int psd_view = !actor_has(who, ROLE_ACU) && !c->psd_sees_acu_only;
	/* the counts come from the snapshot's per-score counts (a few rows per
	 * peer group); the person's own snapshot row, when it is among the
	 * peers, is taken out by hand */
	int self;
	if (snapshot_ensure(st, c, day, e) ||
	    store_int(st, e, &n, "SELECT CAST(COALESCE(SUM(n), 0) AS INTEGER) FROM risk_snapshot_counts "
	                         "WHERE day = ? AND peer = ? AND psd = 0", "tt", day, peer) != 1 ||
	    (self = psd_view ? store_text(st, e, self_peer, sizeof self_peer, "SELECT peer || '|' || score_psd FROM "
	                                  "risk_snapshot WHERE day = ? AND person_id = ?", "ti", day, person_id)
	                     : store_text(st, e, self_peer, sizeof self_peer, "SELECT peer || '|' || score FROM "
	                                  "risk_snapshot WHERE day = ? AND person_id = ?", "ti", day, person_id)) < 0 ||
	    store_int(st, e, &lower, "SELECT CAST(COALESCE(SUM(n), 0) AS INTEGER) FROM risk_snapshot_counts "
	                             "WHERE day = ? AND peer = ? AND psd = ? AND score < ?", "ttdd", day, peer, psd_view,
	              score) != 1)
		return -1;
	/* self_peer: "rank|kind|score" of the person's snapshot row */
	char *bar = strrchr(self_peer, '|');
	if (self == 1 && bar && (size_t)(bar - self_peer) == strlen(peer) && !strncmp(self_peer, peer, strlen(peer))) {
		if (strtol(bar + 1, NULL, 10) < score)
			lower--;
	}
	if (self != 1)
		n++;
	*peers = (int)n;
	*pct = n ? (int)(100 * lower / n) : 0;
	return 0;
}

/* The role rule and the self rule for a person's risk records. */
static int may_see_person(struct store *st, const struct actor *who, const char *action, const char *type,
                          int64_t person_id, struct err *e)
{
	if (alog_require(st, who, RISK_ROLES, action, type, person_id,
	                 "Only the counter-corruption unit and professional standards can see risk pictures", e))
		return -1;
	if (who->person_id && who->person_id == person_id) {
		alog_writei(st, who, action, type, person_id, "refused", "own risk picture", NULL);
		return err_set(e, ERR_DENIED, "Nobody can see their own risk picture");
	}
	return 0;
}

int risk_picture(struct store *st, const struct actor *who, int64_t person_id, const char *as_of,
                 struct risk_picture *out, struct err *e)
{
	int rc = -1;
	struct stmt *q = NULL;
	struct engine g = { 0 };
	memset(out, 0, sizeof *out);
	as_of_or_today(as_of, out->as_of);
	if (may_see_person(st, who, "view", "risk_picture", person_id, e))
		return -1;
	if (!date_valid(out->as_of))
		return err_set(e, ERR_INPUT, "The date must be a real date, like 2026-03-27");
	if (store_query(st, &q, e,
	                "SELECT p.id, p.staff_number, p.forenames || ' ' || p.surname, p.rank, COALESCE(u.name, ''), "
	                "COALESCE(u.kind, ''), COALESCE(po.title, ''), COALESCE(po.vetting_level, ''), "
	                "COALESCE(m.forenames || ' ' || m.surname, ''), COALESCE(p.manager_id, 0) FROM people p "
	                "LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN posts po ON po.id = p.post_id "
	                "LEFT JOIN people m ON m.id = p.manager_id WHERE p.id = ?",
	                "i", person_id))
		goto out;
	int r = stmt_next(q, e);
	if (r <= 0) {
		if (r == 0) {
			alog_writei(st, who, "view", "risk_picture", person_id, "failed", "no such person", NULL);
			err_set(e, ERR_NOTFOUND, "No such person");
		}
		goto out;
	}
	out->person_id = stmt_int(q, 0);
	snprintf(out->staff_number, sizeof out->staff_number, "%s", stmt_text(q, 1));
	snprintf(out->name, sizeof out->name, "%s", stmt_text(q, 2));
	snprintf(out->rank, sizeof out->rank, "%s", stmt_text(q, 3));
	snprintf(out->unit, sizeof out->unit, "%s", stmt_text(q, 4));
	snprintf(out->unit_kind, sizeof out->unit_kind, "%s", stmt_text(q, 5));
	snprintf(out->post, sizeof out->post, "%s", stmt_text(q, 6));
	snprintf(out->post_level, sizeof out->post_level, "%s", stmt_text(q, 7));
	snprintf(out->manager, sizeof out->manager, "%s", stmt_text(q, 8));
	out->manager_id = stmt_int(q, 9);
	stmt_done(q);
	q = NULL;
	if (store_text(st, e, out->clearance, sizeof out->clearance,
	               "SELECT c.level || ' (' || l.name || '), granted ' || c.granted || CASE WHEN c.expiry <> '' "
	               "THEN ', expires ' || c.expiry ELSE '' END FROM clearances c JOIN vetting_levels l "
	               "ON l.code = c.level WHERE c.person_id = ? AND c.status = 'active' AND c.granted <= ? "
	               "AND (c.expiry = '' OR c.expiry >= ?) ORDER BY l.rank DESC, c.granted DESC LIMIT 1",
	               "itt", person_id, out->as_of, out->as_of) < 0)
		goto out;
	struct risk_config c;
	risk_config_load(st, &c);
	/* the person's own indicators and evidence, found by index */
	if (engine_run(st, &c, who, out->as_of, NULL, NULL, person_id, person_id, out->hits, &out->nhits, &g, e))
		goto out;
	struct eperson *me = engine_find(&g, person_id);
	out->score = me ? me->score : 0;
	out->level = risk_level(&c, out->score);
	engine_release(&g);
	/* the percentile: today against the day's snapshot of the peers, another day scoring the peers now */
	char today[11];
	date_today(today);
	if (!strcmp(out->as_of, today)) {
		if (snapshot_percentile(st, &c, who, today, out->rank, out->unit_kind, person_id, out->score,
		                        &out->percentile, &out->peers, e))
			goto out;
	} else {
		if (engine_run(st, &c, who, out->as_of, out->rank, out->unit_kind, 0, 0, NULL, NULL, &g, e))
			goto out;
		me = engine_find(&g, person_id);
		out->percentile = me ? me->pct : 0;
		out->peers = (int)g.npeers;
	}
	for (int i = 0; i < RISK_NSRC; i++) {
		struct risk_source *s = &out->src[i];
		s->key = sources[i].key;
		s->title = sources[i].title;
		s->note = sources[i].note;
		if (sources[i].acu_only && !actor_has(who, ROLE_ACU)) {
			s->hidden = 1;
			continue;
		}
		if (store_query(st, &q, e, sources[i].sql, "it", person_id, out->as_of))
			goto out;
		while ((r = stmt_next(q, e)) == 1) {
			struct risk_item it;
			item_from(q, 0, &it);
			items_push(&s->items, &s->n, &it);
		}
		stmt_done(q);
		q = NULL;
		if (r < 0)
			goto out;
	}
	if (alog_writei(st, who, "view", "risk_picture", person_id, "ok", out->as_of, e))
		goto out;
	rc = 0;
out:
	stmt_done(q);
	engine_release(&g);
	if (rc)
		risk_picture_release(out);
	return rc;
}

/* The score and the keys of the indicators that hold for one person now
 * (every indicator: the record kept with an intervention or an agenda). */
int risk_person_score(struct store *st, int64_t person_id, const char *as_of, int *score, char *keys, size_t nk,
                     struct err *e)
{
	struct risk_config c;
	risk_config_load(st, &c);
	struct engine g;
	if (engine_run(st, &c, NULL, as_of, NULL, NULL, person_id, 0, NULL, NULL, &g, e))
		return -1;
	struct eperson *p = engine_find(&g, person_id);
	*score = p ? p->score : 0;
	held_names(&c, NULL, p ? p->held : 0, NULL, 0, keys, nk);
	engine_release(&g);
	return 0;
}

/* ---- interventions ---- */

static int date_field(struct errlist *errs, const char *field, const char *v, const char *what)
{
	if (!v || !*v) {
		errlist_add(errs, field, "Enter the %s", what);
		return 0;
	}
	if (!date_valid(v)) {
		errlist_add(errs, field, "The %s must be a real date", what);
		return 0;
	}
	return 1;
}

static const struct risk_config *cfg_static(struct store *st)
{
	static _Thread_local struct risk_config c;
	risk_config_load(st, &c);
	return &c;
}

int risk_intervention_add(struct store *st, const struct actor *who, const struct risk_intervention_input *in,
                          int64_t *id, struct errlist *errs, struct err *e)
{
	/* the role, then separation of duties (which refuses the subject too) */
	if (alog_require(st, who, RISK_ROLES, "create", "risk_intervention", in->person_id,
	                 "Only the counter-corruption unit and professional standards can record interventions", e))
		return -1;
	int64_t n = 0;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM people WHERE id = ?", "i", in->person_id) < 0)
		return -1;
	if (!n)
		return err_set(e, ERR_NOTFOUND, "No such person");
	if (duty_check1(st, who, "create", "create an intervention about", "risk_intervention", in->person_id, "acu",
	                in->person_id, DUTY_SUBJECT, e))
		return -1;
	if (!in->kind || !code_ok(risk_intervention_kinds, in->kind))
		errlist_add(errs, "kind", "Select the kind of intervention");
	if (strlen(nz(in->detail)) > 1000)
		errlist_add(errs, "detail", "What it involves must be 1000 characters or fewer");
	int64_t owner = 0, owner_person = 0;
	struct actor oa;
	if (!in->owner || !*in->owner)
		errlist_add(errs, "owner", "Enter the owner's user name");
	else if (account_id_by_username(st, in->owner, &owner, NULL) || actor_load(st, owner, &oa, NULL) ||
	         !actor_has(&oa, RISK_ROLES))
		errlist_add(errs, "owner", "The owner must be a user of the counter-corruption unit or professional "
		                           "standards");
	else if ((owner_person = oa.person_id) == in->person_id)
		errlist_add(errs, "owner", "The owner cannot be the person the intervention is about");
	int d1 = date_field(errs, "due_date", in->due_date, "due date");
	int d2 = date_field(errs, "review_date", in->review_date, "review date");
	if (d1 && d2 && strcmp(in->review_date, in->due_date) < 0)
		errlist_add(errs, "review_date", "The review date must be on or after the due date");
	if (in->meeting_id) {
		if (store_int(st, e, &n, "SELECT COUNT(*) FROM risk_meetings WHERE id = ?", "i", in->meeting_id) < 0)
			return -1;
		if (!n)
			return err_set(e, ERR_NOTFOUND, "No such meeting");
	}
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the intervention");
	char today[11], now[21], keys[256];
	int score = 0;
	date_today(today);
	time_now_iso(now);
	if (risk_person_score(st, in->person_id, today, &score, keys, sizeof keys, e) || store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO risk_interventions(person_id, meeting_id, kind, detail, owner_id, due_date, review_date, "
	               "score_at_start, indicators_at_start, created_by, created_at) VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "iittittdtit", in->person_id, in->meeting_id ? in->meeting_id : (int64_t)0, in->kind,
	               nz(in->detail), owner, in->due_date, in->review_date, score, keys, who->account_id, now))
		goto fail;
	*id = store_last_id(st);
	char detail[160];
	snprintf(detail, sizeof detail, "person=%lld kind=%s", (long long)in->person_id, in->kind);
	if (alog_writei(st, who, "create", "risk_intervention", *id, "ok", detail, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

#define IV_SQL \
	"SELECT v.id, v.person_id, COALESCE(v.meeting_id, 0), v.owner_id, p.forenames || ' ' || p.surname, " \
	"p.staff_number, v.kind, v.detail, o.username, v.due_date, v.review_date, v.status, v.outcome, " \
	"v.substantiated, v.closed_on, COALESCE(cb.username, ''), v.score_at_start, COALESCE(v.score_at_review, 0), " \
	"CASE WHEN v.score_at_review IS NULL THEN 0 ELSE 1 END, v.indicators_at_start, v.indicators_at_review " \
	"FROM risk_interventions v JOIN people p ON p.id = v.person_id JOIN accounts o ON o.id = v.owner_id " \
	"LEFT JOIN accounts cb ON cb.id = v.closed_by "

static void iv_from(struct stmt *q, struct risk_intervention *v)
{
	memset(v, 0, sizeof *v);
	v->id = stmt_int(q, 0);
	v->person_id = stmt_int(q, 1);
	v->meeting_id = stmt_int(q, 2);
	v->owner_id = stmt_int(q, 3);
	snprintf(v->person, sizeof v->person, "%s", stmt_text(q, 4));
	snprintf(v->staff_number, sizeof v->staff_number, "%s", stmt_text(q, 5));
	snprintf(v->kind, sizeof v->kind, "%s", stmt_text(q, 6));
	snprintf(v->detail, sizeof v->detail, "%s", stmt_text(q, 7));
	snprintf(v->owner, sizeof v->owner, "%s", stmt_text(q, 8));
	snprintf(v->due_date, sizeof v->due_date, "%s", stmt_text(q, 9));
	snprintf(v->review_date, sizeof v->review_date, "%s", stmt_text(q, 10));
	snprintf(v->status, sizeof v->status, "%s", stmt_text(q, 11));
	snprintf(v->outcome, sizeof v->outcome, "%s", stmt_text(q, 12));
	snprintf(v->substantiated, sizeof v->substantiated, "%s", stmt_text(q, 13));
	snprintf(v->closed_on, sizeof v->closed_on, "%s", stmt_text(q, 14));
	snprintf(v->closed_by, sizeof v->closed_by, "%s", stmt_text(q, 15));
	v->score_at_start = (int)stmt_int(q, 16);
	v->score_at_review = (int)stmt_int(q, 17);
	v->reviewed = (int)stmt_int(q, 18);
	snprintf(v->indicators_at_start, sizeof v->indicators_at_start, "%s", stmt_text(q, 19));
	snprintf(v->indicators_at_review, sizeof v->indicators_at_review, "%s", stmt_text(q, 20));
}

static int iv_load(struct store *st, int64_t id, struct risk_intervention *v, struct err *e)
{
	struct stmt *q = NULL;
	if (store_query(st, &q, e, IV_SQL "WHERE v.id = ?", "i", id))
		return -1;
	int r = stmt_next(q, e);
	if (r == 1)
		iv_from(q, v);
	stmt_done(q);
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No such intervention");
	return r < 0 ? -1 : 0;
}

int risk_intervention_get(struct store *st, const struct actor *who, int64_t id, struct risk_intervention *out,
                          struct err *e)
{
	struct err le = { 0 };
	int64_t pid = 0;
	if (store_int(st, e, &pid, "SELECT person_id FROM risk_interventions WHERE id = ?", "i", id) < 0)
		return -1;
	if (may_see_person(st, who, "view", "risk_intervention", pid ? pid : -1, e))
		return -1;
	if (iv_load(st, id, out, &le)) {
		*e = le;
		return -1;
	}
	return alog_writei(st, who, "view", "risk_intervention", id, "ok", "", e);
}

static int close_act(const struct risk_intervention *v, struct duty_party *party, struct duty_act *a)
{
	*party = (struct duty_party){ .person_id = v->person_id, .as = DUTY_SUBJECT };
	*a = (struct duty_act){ .action = "close", .verb = "close", .object_type = "risk_intervention",
		                .object_id = v->id, .kind = "acu", .parties = party, .nparties = 1 };
	return 0;
}

int risk_may_close(struct store *st, const struct actor *who, const struct risk_intervention *v)
{
	struct duty_party p;
	struct duty_act a;
	close_act(v, &p, &a);
	return actor_has(who, RISK_ROLES) && !strcmp(v->status, "open") && duty_conflict(st, who, &a) == 0;
}

int risk_intervention_close(struct store *st, const struct actor *who, int64_t id, const char *status,
                            const char *outcome, const char *substantiated, struct errlist *errs, struct err *e)
{
	struct risk_intervention v;
	if (alog_require(st, who, RISK_ROLES, "close", "risk_intervention", id,
	                 "Only the counter-corruption unit and professional standards can close interventions", e) ||
	    iv_load(st, id, &v, e))
		return -1;
	struct duty_party p;
	struct duty_act a;
	close_act(&v, &p, &a);
	if (duty_check(st, who, &a, e))
		return -1;
	if (strcmp(v.status, "open"))
		return err_set(e, ERR_CONFLICT, "This intervention is already closed");
	static const char *const statuses[] = { "completed", "not_completed", NULL };
	static const char *const yn[] = { "yes", "no", NULL };
	if (!is_one_of(nz(status), statuses))
		errlist_add(errs, "status", "Select whether the intervention was completed");
	if (!*nz(outcome))
		errlist_add(errs, "outcome", "Describe the outcome");
	else if (strlen(outcome) > 2000)
		errlist_add(errs, "outcome", "The outcome must be 2000 characters or fewer");
	if (!is_one_of(nz(substantiated), yn))
		errlist_add(errs, "substantiated", "Select whether the concern was substantiated");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the outcome");
	char today[11], keys[256];
	int score = 0;
	date_today(today);
	if (risk_person_score(st, v.person_id, today, &score, keys, sizeof keys, e) || store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE risk_interventions SET status = ?, outcome = ?, substantiated = ?, closed_on = ?, "
	               "closed_by = NULLIF(?, 0), score_at_review = ?, indicators_at_review = ? WHERE id = ? AND status = 'open'",
	               "ttttidti", status, outcome, substantiated, today, who->account_id, score, keys, id) ||
	    alog_writei(st, who, "close", "risk_intervention", id, "ok", status, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int risk_interventions_list(struct store *st, const struct actor *who, int64_t meeting_id, int64_t person_id,
                            int overdue, int (*fn)(void *ctx, const struct risk_intervention *v), void *ctx,
                            struct err *e)
{
	if (alog_require(st, who, RISK_ROLES, "list", "risk_intervention", 0,
	                 "Only the counter-corruption unit and professional standards can see interventions", e))
		return -1;
	if (person_id && may_see_person(st, who, "list", "risk_intervention", person_id, e))
		return -1;
	char today[11];
	date_today(today);
	if (alog_list(st, who, "risk_intervention", overdue ? "overdue" : "all", e, "meeting=%lld person=%lld",
	              (long long)meeting_id, (long long)person_id))
		return -1;
	struct stmt *q = NULL;
	if (store_query(st, &q, e,
	                IV_SQL "WHERE (?1 = 0 OR v.meeting_id = ?1) AND (?2 = 0 OR v.person_id = ?2) "
	                       "AND (?3 = 0 OR (v.status = 'open' AND v.due_date < ?4 AND v.owner_id = ?5)) "
	                       "AND (?6 = 0 OR v.person_id <> ?6) ORDER BY v.due_date, v.id",
	                "iiitii", meeting_id, person_id, (int64_t)overdue, today, who->account_id,
	                who->person_id))
		return -1;
	int r, rc = 0;
	while (!rc && (r = stmt_next(q, e)) == 1) {
		struct risk_intervention v;
		iv_from(q, &v);
		rc = fn(ctx, &v);
	}
	stmt_done(q);
	return rc ? rc : r < 0 ? -1 : 0;
}

/* ---- the tasking meeting ---- */

int risk_meetings_list(struct store *st, const struct actor *who,
                       int (*fn)(void *ctx, const struct risk_meeting_row *m), void *ctx, struct err *e)
{
	if (alog_require(st, who, RISK_ROLES, "list", "risk_meeting", 0,
	                 "Only the counter-corruption unit and professional standards can see tasking meetings", e) ||
	    alog_list(st, who, "risk_meeting", "all", e, "%s", ""))
		return -1;
	struct stmt *q = NULL;
	if (store_query(st, &q, e,
	                "SELECT m.id, m.held_on, a.username, "
	                "(SELECT COUNT(*) FROM risk_agenda g WHERE g.meeting_id = m.id AND g.removed = 0), "
	                "(SELECT COUNT(*) FROM risk_decisions d WHERE d.meeting_id = m.id), "
	                "(SELECT COUNT(*) FROM risk_interventions v WHERE v.meeting_id = m.id) "
	                "FROM risk_meetings m JOIN accounts a ON a.id = m.chair_id ORDER BY m.held_on DESC, m.id DESC",
	                ""))
		return -1;
	int r, rc = 0;
	while (!rc && (r = stmt_next(q, e)) == 1) {
		struct risk_meeting_row m = { 0 };
		m.id = stmt_int(q, 0);
		snprintf(m.held_on, sizeof m.held_on, "%s", stmt_text(q, 1));
		snprintf(m.chair, sizeof m.chair, "%s", stmt_text(q, 2));
		m.agenda = (long)stmt_int(q, 3);
		m.decisions = (long)stmt_int(q, 4);
		m.interventions = (long)stmt_int(q, 5);
		rc = fn(ctx, &m);
	}
	stmt_done(q);
	return rc ? rc : r < 0 ? -1 : 0;
}

static int agenda_put(struct store *st, int64_t meeting, const struct risk_config *c, const struct eperson *p,
                      const char *reason, struct err *e)
{
	char keys[256];
	held_names(c, NULL, p ? p->held : 0, NULL, 0, keys, sizeof keys);
	return store_exec(st, e,
	                  "INSERT INTO risk_agenda(meeting_id, person_id, reason, score, level, indicators) "
	                  "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, person_id) DO NOTHING",
	                  "iitdtt", meeting, p->id, reason, p->score, risk_level(c, p->score), keys);
}

int risk_meeting_create(struct store *st, const struct actor *who, const char *held_on, int64_t *id,
                        struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, RISK_ROLES, "create", "risk_meeting", 0,
	                 "Only the counter-corruption unit and professional standards can hold tasking meetings", e))
		return -1;
	if (!who->account_id)
		return err_set(e, ERR_DENIED, "A meeting needs a chair with an account");
	if (!date_field(errs, "held_on", held_on, "date of the meeting"))
		return err_set(e, ERR_INPUT, "There is a problem with the meeting");
	int rc = -1;
	struct engine now = { 0 }, before = { 0 };
	struct stmt *q = NULL;
	char prev[11] = "", created[21];
	time_now_iso(created);
	const struct risk_config *c = cfg_static(st);
	if (store_text(st, e, prev, sizeof prev, "SELECT MAX(held_on) FROM risk_meetings WHERE held_on < ?", "t",
	               held_on) < 0 ||
	    engine_run(st, c, NULL, held_on, NULL, NULL, 0, 0, NULL, NULL, &now, e))
		goto out;
	if (*prev && engine_run(st, c, NULL, prev, NULL, NULL, 0, 0, NULL, NULL, &before, e))
		goto out;
	if (store_begin(st, e))
		goto out;
	if (store_exec(st, e, "INSERT INTO risk_meetings(held_on, chair_id, created_at) VALUES (?, ?, ?)", "tit",
	               held_on, who->account_id, created))
		goto fail;
	*id = store_last_id(st);
	for (size_t i = 0; i < now.n; i++)
		if (!strcmp(risk_level(c, now.p[i].score), "critical") &&
		    agenda_put(st, *id, c, &now.p[i], "critical", e))
			goto fail;
	for (size_t i = 0; i < now.n; i++) {
		if (strcmp(risk_level(c, now.p[i].score), "warning"))
			continue;
		struct eperson *b = *prev ? engine_find(&before, now.p[i].id) : NULL;
		if (b && *risk_level(c, b->score))
			continue;
		if (agenda_put(st, *id, c, &now.p[i], "new_warning", e))
			goto fail;
	}
	if (store_query(st, &q, e,
	                "SELECT DISTINCT person_id FROM risk_interventions WHERE status = 'open' AND review_date <= ? "
	                "ORDER BY person_id", "t", held_on))
		goto fail;
	int r;
	while ((r = stmt_next(q, e)) == 1) {
		int64_t pid = stmt_int(q, 0);
		struct eperson *p = engine_find(&now, pid), zero = { .id = pid };
		if (agenda_put(st, *id, c, p ? p : &zero, "review_due", e))
			goto fail;
	}
	stmt_done(q);
	q = NULL;
	if (r < 0 || alog_writei(st, who, "create", "risk_meeting", *id, "ok", held_on, e))
		goto fail;
	rc = store_commit(st, e);
	goto out;
fail:
	store_rollback(st);
out:
	stmt_done(q);
	engine_release(&now);
	engine_release(&before);
	return rc;
}

int risk_meeting_get(struct store *st, const struct actor *who, int64_t id, struct risk_meeting *out,
                     struct err *e)
{
	memset(out, 0, sizeof *out);
	if (alog_require(st, who, RISK_ROLES, "view", "risk_meeting", id,
	                 "Only the counter-corruption unit and professional standards can see tasking meetings", e))
		return -1;
	struct stmt *q = NULL;
	if (store_query(st, &q, e,
	                "SELECT m.id, m.chair_id, m.held_on, a.username, m.notes, COALESCE((SELECT MAX(p.held_on) "
	                "FROM risk_meetings p WHERE p.held_on < m.held_on), '') FROM risk_meetings m "
	                "JOIN accounts a ON a.id = m.chair_id WHERE m.id = ?", "i", id))
		return -1;
	int r = stmt_next(q, e);
	if (r == 1) {
		out->id = stmt_int(q, 0);
		out->chair_id = stmt_int(q, 1);
		snprintf(out->held_on, sizeof out->held_on, "%s", stmt_text(q, 2));
		snprintf(out->chair, sizeof out->chair, "%s", stmt_text(q, 3));
		snprintf(out->notes, sizeof out->notes, "%s", stmt_text(q, 4));
		snprintf(out->since, sizeof out->since, "%s", stmt_text(q, 5));
	}
	stmt_done(q);
	q = NULL;
	if (r <= 0) {
		if (r == 0) {
			alog_writei(st, who, "view", "risk_meeting", id, "failed", "no such meeting", NULL);
			err_set(e, ERR_NOTFOUND, "No such meeting");
		}
		return -1;
	}
	out->is_chair = out->chair_id == who->account_id;
	if (!*out->since) {
		const struct risk_config *c = cfg_static(st);
		date_format(date_days(out->held_on) - (c->meeting_days > 0 ? c->meeting_days : 30), out->since);
	}
	out->k = disclosure_k(st);
	/* new intelligence by category and new ICT alerts by rule since the last meeting */
	out->intel_hidden = !actor_has(who, ROLE_ACU);
	if (!out->intel_hidden) {
		if (store_query(st, &q, e,
		                "SELECT c.name, COUNT(i.id) FROM intel_categories c LEFT JOIN intel_items i "
		                "ON i.category = c.key AND i.received > ? AND i.received <= ? GROUP BY c.name, c.position "
		                "ORDER BY c.position", "tt", out->since, out->held_on))
			return -1;
		while (out->nintel < RISK_COUNT_ROWS && (r = stmt_next(q, e)) == 1) {
			snprintf(out->intel_cat[out->nintel], sizeof out->intel_cat[0], "%s", stmt_text(q, 0));
			out->intel_n[out->nintel++] = (long)stmt_int(q, 1);
		}
		stmt_done(q);
		q = NULL;
		if (r < 0)
			return -1;
		for (int i = 0; i < out->nintel; i++)
			out->intel_hide[i] = disclosure_small(out->intel_n[i], out->k);
		disclosure_complement(out->intel_n, out->intel_hide, (size_t)out->nintel);
	}
	if (store_query(st, &q, e,
	                "SELECT rule, COUNT(*) FROM audit_alerts WHERE substr(first_ts, 1, 10) > ? "
	                "AND substr(first_ts, 1, 10) <= ? GROUP BY rule ORDER BY rule", "tt", out->since, out->held_on))
		return -1;
	while (out->nalerts < RISK_COUNT_ROWS && (r = stmt_next(q, e)) == 1) {
		out->alert_rule[out->nalerts] = (int)stmt_int(q, 0);
		out->alert_n[out->nalerts++] = (long)stmt_int(q, 1);
	}
	stmt_done(q);
	if (r < 0)
		return -1;
	for (int i = 0; i < out->nalerts; i++)
		out->alert_hide[i] = disclosure_small(out->alert_n[i], out->k);
	disclosure_complement(out->alert_n, out->alert_hide, (size_t)out->nalerts);
	return alog_writei(st, who, "view", "risk_meeting", id, "ok", "", e);
}

int risk_agenda_list(struct store *st, const struct actor *who, int64_t meeting_id,
                     int (*fn)(void *ctx, const struct risk_agenda_row *r), void *ctx, struct err *e)
{
	if (alog_require(st, who, RISK_ROLES, "list", "risk_agenda", meeting_id,
	                 "Only the counter-corruption unit and professional standards can see tasking meetings", e) ||
	    alog_list(st, who, "risk_agenda", "meeting", e, "meeting=%lld", (long long)meeting_id))
		return -1;
	const struct risk_config *c = cfg_static(st);
	struct stmt *q = NULL;
	if (store_query(st, &q, e,
	                "SELECT g.id, g.person_id, p.staff_number, p.forenames || ' ' || p.surname, g.reason, g.level, "
	                "g.indicators, g.score, g.removed FROM risk_agenda g JOIN people p ON p.id = g.person_id "
	                "WHERE g.meeting_id = ? AND g.person_id <> ? ORDER BY g.removed, "
	                "CASE g.reason WHEN 'critical' THEN 0 WHEN 'new_warning' THEN 1 WHEN 'review_due' THEN 2 "
	                "ELSE 3 END, g.score DESC, p.staff_number", "ii", meeting_id, who->person_id))
		return -1;
	int r, rc = 0;
	while (!rc && (r = stmt_next(q, e)) == 1) {
		struct risk_agenda_row a;
		memset(&a, 0, sizeof a);
		a.id = stmt_int(q, 0);
		a.person_id = stmt_int(q, 1);
		snprintf(a.staff_number, sizeof a.staff_number, "%s", stmt_text(q, 2));
		snprintf(a.name, sizeof a.name, "%s", stmt_text(q, 3));
		snprintf(a.reason, sizeof a.reason, "%s", stmt_text(q, 4));
		snprintf(a.level, sizeof a.level, "%s", stmt_text(q, 5));
		a.score = (int)stmt_int(q, 7);
		a.removed = (int)stmt_int(q, 8);
		/* the kept keys as names; ACU-only ones as this viewer may see them */
		const char *k = stmt_text(q, 6);
		size_t at = 0;
		for (int i = 0; i < RISK_NIND; i++) {
			const char *key = risk_defs[i].key;
			size_t kl = strlen(key);
			const char *f = strstr(k, key);
			int found = 0;
			while (f && !found) {
				found = (f == k || f[-1] == ';') && (f[kl] == ';' || f[kl] == 0);
				if (!found)
					f = strstr(f + 1, key);
			}
			if (!found)
				continue;
			int hidden;
			if (!ind_visible(c, who, i, &hidden) && risk_defs[i].acu_only) {
				a.score -= c->ind[i].weight;   /* as this viewer's scores leave it out */
				continue;
			}
			if (at < sizeof a.indicators)
				at += (size_t)snprintf(a.indicators + at, sizeof a.indicators - at, "%s%s", at ? ";" : "",
				                       risk_defs[i].name);
		}
		rc = fn(ctx, &a);
	}
	stmt_done(q);
	return rc ? rc : r < 0 ? -1 : 0;
}

int risk_attendees_list(struct store *st, const struct actor *who, int64_t meeting_id,
                        int (*fn)(void *ctx, const struct risk_attendee *a), void *ctx, struct err *e)
{
	if (alog_require(st, who, RISK_ROLES, "list", "risk_attendee", meeting_id,
	                 "Only the counter-corruption unit and professional standards can see tasking meetings", e))
		return -1;
	struct stmt *q = NULL;
	if (store_query(st, &q, e, "SELECT department, name FROM risk_attendees WHERE meeting_id = ? ORDER BY id", "i",
	                meeting_id))
		return -1;
	int r, rc = 0;
	while (!rc && (r = stmt_next(q, e)) == 1) {
		struct risk_attendee a;
		snprintf(a.department, sizeof a.department, "%s", stmt_text(q, 0));
		snprintf(a.name, sizeof a.name, "%s", stmt_text(q, 1));
		rc = fn(ctx, &a);
	}
	stmt_done(q);
	return rc ? rc : r < 0 ? -1 : 0;
}

int risk_decisions_list(struct store *st, const struct actor *who, int64_t meeting_id,
                        int (*fn)(void *ctx, const struct risk_decision *d), void *ctx, struct err *e)
{
	if (alog_require(st, who, RISK_ROLES, "list", "risk_decision", meeting_id,
	                 "Only the counter-corruption unit and professional standards can see tasking meetings", e) ||
	    alog_list(st, who, "risk_decision", "meeting", e, "meeting=%lld", (long long)meeting_id))
		return -1;
	struct stmt *q = NULL;
	if (store_query(st, &q, e,
	                "SELECT d.id, d.person_id, p.forenames || ' ' || p.surname || ' (' || p.staff_number || ')', "
	                "d.decision, a.username, d.created_at FROM risk_decisions d JOIN people p ON p.id = d.person_id "
	                "JOIN accounts a ON a.id = d.decided_by WHERE d.meeting_id = ? AND d.person_id <> ? ORDER BY d.id",
	                "ii", meeting_id, who->person_id))
		return -1;
	int r, rc = 0;
	while (!rc && (r = stmt_next(q, e)) == 1) {
		struct risk_decision d;
		memset(&d, 0, sizeof d);
		d.id = stmt_int(q, 0);
		d.person_id = stmt_int(q, 1);
		snprintf(d.person, sizeof d.person, "%s", stmt_text(q, 2));
		snprintf(d.decision, sizeof d.decision, "%s", stmt_text(q, 3));
		snprintf(d.decided_by, sizeof d.decided_by, "%s", stmt_text(q, 4));
		snprintf(d.created_at, sizeof d.created_at, "%s", stmt_text(q, 5));
		rc = fn(ctx, &d);
	}
	stmt_done(q);
	return rc ? rc : r < 0 ? -1 : 0;
}

/* The chair's rule for editing a meeting; 0 when who chairs it. */
static int chair_only(struct store *st, const struct actor *who, int64_t meeting_id, const char *action,
                      struct err *e)
{
	if (alog_require(st, who, RISK_ROLES, action, "risk_meeting", meeting_id,
	                 "Only the counter-corruption unit and professional standards can edit tasking meetings", e))
		return -1;
	int64_t chair = 0;
	int r = store_int(st, e, &chair, "SELECT chair_id FROM risk_meetings WHERE id = ?", "i", meeting_id);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No such meeting");
	if (chair != who->account_id) {
		alog_writei(st, who, action, "risk_meeting", meeting_id, "refused", "not the chair", NULL);
		return err_set(e, ERR_DENIED, "Only the meeting's chair can change its agenda, attendees and notes");
	}
	return 0;
}

int risk_agenda_add(struct store *st, const struct actor *who, int64_t meeting_id, const char *staff_number,
                    struct errlist *errs, struct err *e)
{
	if (chair_only(st, who, meeting_id, "agenda_add", e))
		return -1;
	int64_t pid = 0;
	if (!staff_number || !*staff_number ||
	    store_int(st, e, &pid, "SELECT id FROM people WHERE staff_number = ?", "t", staff_number) != 1) {
		errlist_add(errs, "staff_number", "Enter the staff number of someone in the force");
		return err_set(e, ERR_INPUT, "There is a problem with the agenda");
	}
	if (who->person_id == pid) {
		alog_writei(st, who, "agenda_add", "risk_meeting", meeting_id, "refused", "own risk picture", NULL);
		return err_set(e, ERR_DENIED, "Nobody can put themselves on a tasking meeting's agenda");
	}
	char held[11] = "", keys[256];
	int score = 0;
	if (store_text(st, e, held, sizeof held, "SELECT held_on FROM risk_meetings WHERE id = ?", "i", meeting_id) < 0 ||
	    risk_person_score(st, pid, held, &score, keys, sizeof keys, e))
		return -1;
	const struct risk_config *c = cfg_static(st);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO risk_agenda(meeting_id, person_id, reason, score, level, indicators) "
	               "VALUES (?, ?, 'added', ?, ?, ?) ON CONFLICT (meeting_id, person_id) DO UPDATE SET removed = 0",
	               "iidtt", meeting_id, pid, score, risk_level(c, score), keys) ||
	    alog_writei(st, who, "agenda_add", "risk_meeting", meeting_id, "ok", staff_number, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int risk_agenda_remove(struct store *st, const struct actor *who, int64_t meeting_id, int64_t agenda_id, int remove,
                       struct err *e)
{
	if (chair_only(st, who, meeting_id, remove ? "agenda_remove" : "agenda_restore", e))
		return -1;
	if (store_begin(st, e))
		return -1;
	char d[32];
	snprintf(d, sizeof d, "agenda=%lld", (long long)agenda_id);
	if (store_exec(st, e, "UPDATE risk_agenda SET removed = ? WHERE id = ? AND meeting_id = ?", "dii", remove ? 1 : 0,
	               agenda_id, meeting_id))
		goto fail;
	if (store_changes(st) != 1) {
		err_set(e, ERR_NOTFOUND, "No such agenda item");
		goto fail;
	}
	if (alog_writei(st, who, remove ? "agenda_remove" : "agenda_restore", "risk_meeting", meeting_id, "ok", d, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int risk_attendee_add(struct store *st, const struct actor *who, int64_t meeting_id, const char *department,
                      const char *name, struct errlist *errs, struct err *e)
{
	if (chair_only(st, who, meeting_id, "attendee_add", e))
		return -1;
	if (!department || !code_ok(risk_departments, department))
		errlist_add(errs, "department", "Select the department");
	if (!name || !*name)
		errlist_add(errs, "name", "Enter the attendee's name");
	else if (strlen(name) > 200)
		errlist_add(errs, "name", "The name must be 200 characters or fewer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the attendee");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "INSERT INTO risk_attendees(meeting_id, department, name) VALUES (?, ?, ?)", "itt",
	               meeting_id, department, name) ||
	    alog_writei(st, who, "attendee_add", "risk_meeting", meeting_id, "ok", department, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int risk_meeting_notes(struct store *st, const struct actor *who, int64_t meeting_id, const char *notes,
                       struct errlist *errs, struct err *e)
{
	if (chair_only(st, who, meeting_id, "notes", e))
		return -1;
	if (strlen(nz(notes)) > 4000) {
		errlist_add(errs, "notes", "Notes must be 4000 characters or fewer");
		return err_set(e, ERR_INPUT, "There is a problem with the notes");
	}
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE risk_meetings SET notes = ? WHERE id = ?", "ti", nz(notes), meeting_id) ||
	    alog_writei(st, who, "notes", "risk_meeting", meeting_id, "ok", "", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int risk_decision_add(struct store *st, const struct actor *who, int64_t meeting_id, int64_t person_id,
                      const char *decision, struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, RISK_ROLES, "decide", "risk_decision", person_id,
	                 "Only the counter-corruption unit and professional standards can record tasking decisions", e) ||
	    duty_check1(st, who, "decide", "decide about", "risk_decision", person_id, "acu", person_id, DUTY_SUBJECT, e))
		return -1;
	int64_t n = 0;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM risk_agenda WHERE meeting_id = ? AND person_id = ? AND removed = 0",
	              "ii", meeting_id, person_id) < 0)
		return -1;
	if (!n)
		return err_set(e, ERR_NOTFOUND, "That person is not on this meeting's agenda");
	if (!*nz(decision))
		errlist_add(errs, "decision", "Enter the decision");
	else if (strlen(decision) > 2000)
		errlist_add(errs, "decision", "The decision must be 2000 characters or fewer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the decision");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO risk_decisions(meeting_id, person_id, decision, decided_by, created_at) "
	               "VALUES (?, ?, ?, ?, ?)", "iitit", meeting_id, person_id, decision, who->account_id, now) ||
	    alog_writei(st, who, "decide", "risk_decision", store_last_id(st), "ok", "", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

/* ---- learning what works ---- */

static void learn_add(struct risk_learning_row *r, int iv, int sub)
{
	r->flagged++;
	r->intervened += iv;
	r->substantiated += sub;
}

static void learn_close(struct risk_learning_row *r, long k)
{
	r->hide_flagged = disclosure_small(r->flagged, k);
	r->hide_intervened = disclosure_small(r->intervened, k);
	r->hide_substantiated = disclosure_small(r->substantiated, k);
	/* the one flagged figure shown with a hidden part could give the hidden part away only with a total: the
	 * parts here are not a partition, so each cell stands alone */
	r->precision_pct = r->hide_flagged || r->hide_substantiated || !r->flagged
	                           ? -1
	                           : (int)(100 * r->substantiated / r->flagged);
}

int risk_learning(struct store *st, const struct actor *who, const char *from, const char *to,
                  struct risk_learning *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (alog_require(st, who, RISK_ROLES, "list", "risk_learning", 0,
	                 "Only the counter-corruption unit and professional standards can see what interventions found",
	                 e))
		return -1;
	if (!from || !to || !date_valid(from) || !date_valid(to) || strcmp(from, to) > 0)
		return err_set(e, ERR_INPUT, "Enter a period with real dates, the first not after the second");
	snprintf(out->from, sizeof out->from, "%s", from);
	snprintf(out->to, sizeof out->to, "%s", to);
	if (alog_list(st, who, "risk_learning", "all", e, "from=%s to=%s", from, to))
		return -1;
	out->k = disclosure_k(st);
	const struct risk_config *c = cfg_static(st);
	struct stmt *q = NULL;
	/* each agenda appearance, with whether an intervention followed and whether the concern was substantiated
	 * after it; one person counts once per indicator */
	if (store_query(st, &q, e,
	                "SELECT g.person_id, g.indicators, "
	                "CASE WHEN EXISTS (SELECT 1 FROM risk_interventions v WHERE v.person_id = g.person_id "
	                "AND substr(v.created_at, 1, 10) >= m.held_on) THEN 1 ELSE 0 END, "
	                "CASE WHEN EXISTS (SELECT 1 FROM risk_interventions v WHERE v.person_id = g.person_id "
	                "AND v.substantiated = 'yes' AND v.closed_on >= m.held_on) "
	                "OR EXISTS (SELECT 1 FROM complaint_proceedings pr WHERE pr.subject_id = g.person_id "
	                "AND pr.finding IN ('misconduct', 'gross_misconduct') AND pr.held_on >= m.held_on) "
	                "OR EXISTS (SELECT 1 FROM complaint_allegations al JOIN complaint_cases cc ON cc.id = al.case_id "
	                "WHERE al.subject_id = g.person_id AND al.outcome IN ('misconduct_meeting', "
	                "'gross_misconduct_hearing', 'service_not_acceptable') AND al.finalised >= m.held_on) "
	                "THEN 1 ELSE 0 END "
	                "FROM risk_agenda g JOIN risk_meetings m ON m.id = g.meeting_id "
	                "WHERE m.held_on >= ? AND m.held_on <= ? AND g.removed = 0 ORDER BY g.person_id",
	                "tt", from, to))
		return -1;
	int r;
	int64_t cur = -1;
	unsigned held = 0;
	int iv = 0, sub = 0;
	for (;;) {
		r = stmt_next(q, e);
		if (r < 0)
			break;
		int64_t pid = r ? stmt_int(q, 0) : -2;
		if (pid != cur) {
			if (cur >= 0) {
				for (int i = 0; i < RISK_NIND; i++)
					if (held & (1u << i))
						learn_add(&out->ind[i], iv, sub);
				learn_add(&out->any, iv, sub);
			}
			cur = pid;
			held = 0;
			iv = sub = 0;
		}
		if (!r)
			break;
		const char *k = stmt_text(q, 1);
		for (int i = 0; i < RISK_NIND; i++) {
			int hidden;
			const char *f = strstr(k, risk_defs[i].key);
			size_t kl = strlen(risk_defs[i].key);
			while (f && !((f == k || f[-1] == ';') && (f[kl] == ';' || f[kl] == 0)))
				f = strstr(f + 1, risk_defs[i].key);
			if (f && (ind_visible(c, who, i, &hidden) || !risk_defs[i].acu_only))
				held |= 1u << i;
		}
		iv |= (int)stmt_int(q, 2);
		sub |= (int)stmt_int(q, 3);
	}
	stmt_done(q);
	if (r < 0)
		return -1;
	for (int i = 0; i < RISK_NIND; i++)
		learn_close(&out->ind[i], out->k);
	learn_close(&out->any, out->k);
	return 0;
}

static void cell_n(struct buf *b, long n, int hide)
{
	if (hide)
		buf_adds(b, ",withheld");
	else
		buf_printf(b, ",%ld", n);
}

int risk_learning_csv(struct store *st, const struct actor *who, const char *from, const char *to, struct buf *out,
                      struct err *e)
{
	struct risk_learning l;
	if (risk_learning(st, who, from, to, &l, e))
		return -1;
	buf_adds(out, "indicator,flagged,with_intervention,substantiated,precision_percent\n");
	for (int i = 0; i <= RISK_NIND; i++) {
		const struct risk_learning_row *r = i < RISK_NIND ? &l.ind[i] : &l.any;
		csv_cell(out, i < RISK_NIND ? risk_defs[i].name : "Any indicator");
		cell_n(out, r->flagged, r->hide_flagged);
		cell_n(out, r->intervened, r->hide_intervened);
		cell_n(out, r->substantiated, r->hide_substantiated);
		if (r->precision_pct < 0)
			buf_adds(out, ",\n");
		else
			buf_printf(out, ",%d\n", r->precision_pct);
	}
	return out->oom ? err_set(e, ERR_NOMEM, "out of memory") : 0;
}
