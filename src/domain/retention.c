/* retention.c — the retention rules (retention.h). Each rule is a fixed
 * count statement and a fixed list of deletes, children first, all bound
 * to the one cut-off date: no SQL is built at run time. */
#include "domain/retention.h"
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/actor.h"
#include "domain/config.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

/* declarations due: their person left before ?1 (with the PSD reviews of
 * procurement flags and the AIR answers that name them, which hold no FK) */
#define GIFTS_DUE "SELECT id FROM gifts WHERE person_id IN " LEFT_BEFORE
#define LEFT_BEFORE "(SELECT id FROM people WHERE leave_date <> '' AND leave_date < ?1)"
#define INTERESTS_DUE "SELECT id FROM business_interests WHERE person_id IN " LEFT_BEFORE
#define ASSOC_DUE "SELECT id FROM notifiable_associations WHERE person_id IN " LEFT_BEFORE
#define CIRC_DUE "SELECT id FROM circumstances WHERE person_id IN " LEFT_BEFORE
/* intel items due: closed before ?1 */
#define INTEL_DUE "SELECT id FROM intel_items WHERE status = 'closed' AND closed <> '' AND closed < ?1"
/* anonymous reports due: their item is due, or never converted and idle since before ?1 */
#define ANON_OF_INTEL "SELECT id FROM anon_reports WHERE item_id IN (" INTEL_DUE ")"
#define ANON_IDLE                                                                                                 \
	"SELECT id FROM anon_reports r WHERE r.status <> 'converted' AND r.item_id IS NULL AND "                  \
	"COALESCE((SELECT MAX(m.day) FROM anon_messages m WHERE m.report_id = r.id), r.received) < ?1"

static const struct rule {
	const char *name, *setting, *what;
	int years;                   /* 1: the setting is in years, 0: in days */
	const char *count;
	const char *del[8];
} rules[RETENTION_RULES] = {
	{ "gifts", "retention.gifts_years_after_leaving",
	  "gifts and hospitality declarations of people who left before the cut-off (and their unsubmitted AIR answers)", 1,
	  "SELECT COUNT(*) FROM (" GIFTS_DUE ") due",
	  { "DELETE FROM air_drafts WHERE return_id IN (SELECT id FROM air_returns WHERE person_id IN " LEFT_BEFORE ")",
	    "DELETE FROM procurement_reviews WHERE match = 'gift' AND record_id IN (" GIFTS_DUE ")",
	    "DELETE FROM air_return_items WHERE register = 'gift' AND record_id IN (" GIFTS_DUE ")",
	    "DELETE FROM gifts WHERE id IN (" GIFTS_DUE ")" } },
	{ "interests", "retention.interests_years_after_leaving",
	  "business interests of people who left before the cut-off, with their reviews and procurement flags", 1,
	  "SELECT COUNT(*) FROM (" INTERESTS_DUE ") due",
	  { "DELETE FROM procurement_reviews WHERE match = 'business_interest' AND record_id IN (" INTERESTS_DUE ")",
	    "DELETE FROM air_return_items WHERE register = 'business_interest' AND record_id IN (" INTERESTS_DUE ")",
	    "DELETE FROM interest_reviews WHERE interest_id IN (" INTERESTS_DUE ")",
	    "DELETE FROM business_interests WHERE id IN (" INTERESTS_DUE ")" } },
	{ "associations", "retention.associations_years_after_leaving",
	  "notifiable associations of people who left before the cut-off", 1,
	  "SELECT COUNT(*) FROM (" ASSOC_DUE ") due",
	  { "DELETE FROM air_return_items WHERE register = 'association' AND record_id IN (" ASSOC_DUE ")",
	    "DELETE FROM notifiable_associations WHERE id IN (" ASSOC_DUE ")" } },
	{ "circumstances", "retention.circumstances_years_after_leaving",
	  "changes of circumstances of people who left before the cut-off", 1,
	  "SELECT COUNT(*) FROM (" CIRC_DUE ") due",
	  { "DELETE FROM air_return_items WHERE register = 'circumstance' AND record_id IN (" CIRC_DUE ")",
	    "DELETE FROM circumstances WHERE id IN (" CIRC_DUE ")" } },
	{ "intel", "retention.intel_closed_years",
	  "intelligence items closed before the cut-off, with their lines, interventions, thread and anonymous report",
	  1, "SELECT COUNT(*) FROM (" INTEL_DUE ") due",
	  { "DELETE FROM anon_attachments WHERE report_id IN (" ANON_OF_INTEL ")",
	    "DELETE FROM anon_messages WHERE report_id IN (" ANON_OF_INTEL ")",
	    "DELETE FROM anon_reports WHERE id IN (" ANON_OF_INTEL ")",
	    "DELETE FROM intel_subjects WHERE item_id IN (" INTEL_DUE ")",
	    "DELETE FROM intel_lines WHERE item_id IN (" INTEL_DUE ")",
	    "DELETE FROM intel_interventions WHERE item_id IN (" INTEL_DUE ")",
	    "DELETE FROM intel_thread WHERE item_id IN (" INTEL_DUE ")",
	    "DELETE FROM intel_items WHERE id IN (" INTEL_DUE ")" } },
	{ "anon", "retention.anon_idle_days",
	  "anonymous report threads never taken on as intelligence, idle since before the cut-off", 0,
	  "SELECT COUNT(*) FROM (" ANON_IDLE ") due",
	  { "DELETE FROM anon_attachments WHERE report_id IN (" ANON_IDLE ")",
	    "DELETE FROM anon_messages WHERE report_id IN (" ANON_IDLE ")",
	    "DELETE FROM anon_reports WHERE id IN (" ANON_IDLE ")" } },
};

/* today minus n years (29 February becomes the 28th) or n days */
static void cutoff(const char *today, int64_t n, int years, char out[11])
{
	int y, m, d;
	date_parse(today, &y, &m, &d);
	if (years) {
		y -= (int)n;
		if (m == 2 && d == 29)
			d = 28;
		date_format(days_from_civil(y, m, d), out);
	} else {
		date_format(date_days(today) - (long)n, out);
	}
}

int retention_run(struct store *st, const struct actor *who, int apply, struct retention_line *lines,
                  struct err *e)
{
	if (alog_require(st, who, ROLE_ADMIN, apply ? "retention" : "list", "retention", 0,
	                 "Only an administrator can apply the retention rules", e))
		return -1;
	char today[11];
	date_today(today);
	if (apply && store_begin(st, e))
		return -1;
	for (int i = 0; i < RETENTION_RULES; i++) {
		const struct rule *r = &rules[i];
		struct retention_line *l = &lines[i];
		memset(l, 0, sizeof *l);
		l->rule = r->name;
		l->setting = r->setting;
		l->what = r->what;
		l->keep = config_int(st, r->setting, 0);
		if (l->keep <= 0 || l->keep > 1000 * (r->years ? 1 : 366))
			continue; /* kept for ever (0, or not a sensible number) */
		cutoff(today, l->keep, r->years, l->cutoff);
		int64_t n = 0;
		if (store_int(st, e, &n, r->count, "t", l->cutoff) < 0)
			goto fail;
		l->records = (long)n;
		if (!apply)
			continue;
		for (int k = 0; k < 8 && r->del[k]; k++)
			if (store_exec(st, e, r->del[k], "t", l->cutoff))
				goto fail;
		char detail[160];
		snprintf(detail, sizeof detail, "deleted=%ld before=%s %s=%lld", l->records, l->cutoff, r->setting,
		         (long long)l->keep);
		if (alog_write(st, who, "retention", r->name, l->cutoff, "ok", detail, e))
			goto fail;
	}
	if (apply)
		return store_commit(st, e);
	return alog_list(st, who, "retention", "report", e, "today=%s", today);
fail:
	if (apply)
		store_rollback(st);
	return -1;
}
