/* gifts.c — the gifts and hospitality register: declare, decide, list,
 * export, import. Need-to-know is enforced here (see gifts.h). The list
 * query is one fixed statement whose filters are all bound parameters
 * (an empty filter matches everything), so no SQL is built from input. */
#include "domain/gifts.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/seen.h"
#include "core/sheet.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/duty.h"
#include "domain/csv_import.h"
#include "domain/listing.h"
#include "domain/people.h"
#include "domain/validate.h"
#include "store/store.h"
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct status_def gift_statuses[GIFT_NSTATUS] = {
	[GIFT_AWAITING_MANAGER] = { "awaiting_manager", "Awaiting line manager", "yellow", NULL },
	[GIFT_AWAITING_PSD] = { "awaiting_psd", "Awaiting PSD", "purple", NULL },
	[GIFT_APPROVED] = { "approved", "Approved", "green", NULL },
	[GIFT_REFUSED] = { "refused", "Refused", "red", NULL },
	[GIFT_RECORDED] = { "recorded", "Recorded", "grey", "Recorded (declined or imported)" },
};

const char *gift_status_label(const char *s) { return status_table_label(gift_statuses, GIFT_NSTATUS, s); }

int gift_status(const struct gift *g) { return status_table_index(gift_statuses, GIFT_NSTATUS, g->status); }

static const struct { int64_t lo, hi; const char *label; } bands[] = {
	{ 0, INT64_MAX, "Any value" },
	{ 0, 2500, "Under £25" },
	{ 2500, 10000, "£25 to £100" },
	{ 10000, 50000, "£100 to £500" },
	{ 50000, INT64_MAX, "Over £500" },
};
#define NBANDS ((int)(sizeof bands / sizeof bands[0]))
_Static_assert(sizeof bands / sizeof bands[0] == GIFT_VALUE_BANDS, "gifts.h names the number of value bands");

const char *gift_value_band_label(int band)
{
	return band >= 0 && band < NBANDS ? bands[band].label : bands[0].label;
}

/* The date-offered rule the form and the import share: the message, or NULL
 * when d (YYYY-MM-DD) is a real date from 2000 to today. */
static const char *date_offered_problem(const char *d)
{
	char today[11];
	date_today(today);
	if (!*d)
		return "Enter the date the offer was made";
	if (!date_valid(d))
		return "Date offered must be a real date, like 2026-03-27";
	if (strcmp(d, today) > 0)
		return "Date offered must be today or in the past";
	if (strcmp(d, "2000-01-01") < 0)
		return "Date offered must be after 1 January 2000";
	return NULL;
}

/* Validate a declaration; on success fills the parsed value and accepted flag. */
static void validate(struct store *st, const struct gift_input *in, struct errlist *l, int64_t *pence, int *acc)
{
	static const char *const kinds[] = { "gift", "hospitality", "other", NULL };
	/* in the order the form asks, so the error summary follows the page */
	const char *a = nz(in->accepted);
	if (!strcmp(a, "yes"))
		*acc = 1;
	else if (!strcmp(a, "no"))
		*acc = 0;
	else
		errlist_add(l, "accepted", "Select whether you accepted or declined the offer");
	if (!*nz(in->kind))
		errlist_add(l, "kind", "Select whether it was a gift, hospitality or other");
	else if (!is_one_of(in->kind, kinds))
		errlist_add(l, "kind", "Select gift, hospitality or other");
	const char *dp = date_offered_problem(nz(in->date_offered));
	if (dp)
		errlist_add(l, "date_offered", "%s", dp);
	if (blank(in->offeror_org) && blank(in->offeror_person))
		errlist_add(l, "offeror_org", "Enter the organisation or the person who made the offer");
	check_len(l, "offeror_org", "Organisation", in->offeror_org, 200);
	check_len(l, "offeror_person", "Person", in->offeror_person, 200);
	if (blank(in->description))
		errlist_add(l, "description", "Describe what was offered");
	check_len(l, "description", "Description", in->description, 1000);
	int64_t max = config_int(st, "gifts.max_value_pence", 10000000);
	const char *v = nz(in->value);
	if (!*v)
		errlist_add(l, "value", "Enter the estimated value in pounds, or 0");
	else if (money_parse(v, max, pence)) {
		char most[32];
		count_format((long long)(max / 100), most, sizeof most);
		errlist_add(l, "value", "Estimated value must be an amount in pounds and pence, like 25.00, "
		                        "from \xC2\xA3" "0 up to \xC2\xA3%s", most);
	}
	if (blank(in->reason))
		errlist_add(l, "reason", "Give the reason you accepted or declined it");
	check_len(l, "reason", "Reason", in->reason, 1000);
	check_len(l, "relationship", "Business relationship", in->relationship, 500);
	check_len(l, "submit_key", "Form key", in->submit_key, 64);
}

/* Who may declare, and what they typed: 0, or ERR_DENIED / ERR_INPUT. */
static int declare_checks(struct store *st, const struct actor *who, const struct gift_input *in,
                          struct errlist *errs, int64_t *pence, int *acc, struct err *e)
{
	if (!who->person_id) {
		alog_write(st, who, "create", "gift", "", "refused", "no staff record", NULL);
		return err_set(e, ERR_DENIED, "Only a member of staff can make a declaration");
	}
	validate(st, in, errs, pence, acc);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the declaration");
	return 0;
}

int gift_check(struct store *st, const struct actor *who, const struct gift_input *in, struct errlist *errs,
               struct err *e)
{
	int64_t pence = 0;
	int acc = 0;
	return declare_checks(st, who, in, errs, &pence, &acc, e);
}

int gift_declare(struct store *st, const struct actor *who, const struct gift_input *in, int64_t *id,
                 struct errlist *errs, struct err *e)
{
	int64_t pence = 0, mgr = 0, chief = 0;
	int acc = 0;
	int rc = declare_checks(st, who, in, errs, &pence, &acc, e);
	if (rc)
		return rc; /* ERR_INPUT or ERR_DENIED, as err_set gives */
	const char *key = in->submit_key && *in->submit_key ? in->submit_key : NULL;
	int dup = submit_begin(st, "SELECT id FROM gifts WHERE submit_key = ? AND person_id = ?",
	                       key, who->person_id, id, e);
	if (dup) /* 1: the same form posted again, one record */
		return dup < 0 ? -1 : 0;
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT COALESCE(manager_id, 0), chief_officer FROM people WHERE id = ?", "i",
	                who->person_id))
		goto fail;
	if (stmt_next(s, e) == 1) {
		mgr = stmt_int(s, 0);
		chief = stmt_int(s, 1);
	}
	stmt_done(s);
	char now[21];
	time_now_iso(now);
	/* A declined offer is recorded: there is nothing to approve or refuse.
	 * Someone with no line manager (the chief constable) goes straight to PSD. */
	const char *status = !acc ? "recorded" : mgr ? "awaiting_manager" : "awaiting_psd";
	if (store_exec(st, e,
	               "INSERT INTO gifts(person_id, date_offered, offeror_org, offeror_person, kind, description, "
	               "value_pence, accepted, reason, relationship, status, manager_id, publishable, created_at, "
	               "created_by, submit_key) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?)",
	               "ittttt" "id" "ttt" "i" "i" "t" "i" "t",
	               who->person_id, in->date_offered, nz(in->offeror_org), nz(in->offeror_person), in->kind,
	               in->description, pence, acc, in->reason, nz(in->relationship), status, mgr, chief, now,
	               who->account_id, key))
		goto fail;
	*id = store_last_id(st);
	if (alog_writei(st, who, "create", "gift", *id, "ok", "", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

#define GIFT_COLUMNS GIFT_FIELDS(RECORD_SQL) "COALESCE(p.manager_id, 0) "
#define GIFT_JOINS_REST \
	"JOIN people p ON p.id = g.person_id LEFT JOIN units u ON u.id = p.unit_id " \
	"LEFT JOIN people m ON m.id = g.manager_id LEFT JOIN accounts pa ON pa.id = g.psd_account_id "
#define GIFT_JOINS "FROM gifts g " GIFT_JOINS_REST

#define RECORD_TYPE struct gift
static const struct field_desc fields[] = { GIFT_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE
#define NFIELDS (sizeof fields / sizeof fields[0])

const char *gift_ref(int64_t id, char out[REF_MAX]) { return record_ref("G", id, out); }

static const struct record_def record = { fields, NFIELDS, sizeof(struct gift), offsetof(struct gift, id), gift_ref,
	                                  gift_status_label };


static int load(struct store *st, int64_t id, struct gift *g, int64_t *mgr, struct err *e)
{
	int r = record_load(st, &record, "SELECT " GIFT_COLUMNS GIFT_JOINS "WHERE g.id = ?", id, g, mgr, e);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No declaration %lld", (long long)id);
}

int gift_get(struct store *st, const struct actor *who, int64_t id, struct gift *out, struct err *e)
{
	int64_t mgr = 0;
	memset(out, 0, sizeof *out);
	if (load(st, id, out, &mgr, e)) {
		if (e && e->code == ERR_NOTFOUND)
			alog_writei(st, who, "view", "gift", id, "failed", "not found", NULL);
		return -1;
	}
	int own = who->person_id && who->person_id == out->person_id;
	int manager = who->person_id && mgr == who->person_id;
	if (!own && !manager && !actor_has(who, ROLE_PSD | ROLE_ADMIN)) {
		memset(out, 0, sizeof *out);
		alog_writei(st, who, "view", "gift", id, "refused", "not the declarer, their manager or PSD", NULL);
		return err_set(e, ERR_DENIED, "You do not have access to this declaration");
	}
	/* no read without its row */
	return alog_writei(st, who, "view", "gift", id, "ok", own ? "own" : manager ? "line manager" : "psd", e);
}

/* The PSD step is under the line-management rule (duty.line_manager.psd);
 * the line manager's own step is not: it is why they decide. */
static const char *duty_kind(const struct gift *g)
{
	return gift_status(g) == GIFT_AWAITING_PSD ? "psd" : NULL;
}

int gift_may_decide(struct store *st, const struct actor *who, const struct gift *g)
{
	if (duty_conflict1(st, who, duty_kind(g), g->person_id, DUTY_DECLARANT))
		return 0;
	if (gift_status(g) == GIFT_AWAITING_PSD)
		return actor_has(who, ROLE_PSD);
	if (gift_status(g) == GIFT_AWAITING_MANAGER)
		return who->person_id && person_manages(st, who->person_id, g->person_id);
	return 0;
}

int gift_decide(struct store *st, const struct actor *who, int64_t id, const char *decision, const char *comment,
                struct errlist *errs, struct err *e)
{
	int next;
	return gift_decide_next(st, who, id, decision, comment, &next, errs, e);
}

int gift_decide_next(struct store *st, const struct actor *who, int64_t id, const char *decision, const char *comment,
                     int *next_status, struct errlist *errs, struct err *e)
{
	struct gift g;
	int64_t mgr = 0;
	if (load(st, id, &g, &mgr, e))
		return -1;
	decision = nz(decision);
	comment = nz(comment);
	int psd_stage = gift_status(&g) == GIFT_AWAITING_PSD;
	int mgr_stage = gift_status(&g) == GIFT_AWAITING_MANAGER;
	if ((mgr_stage || (psd_stage && actor_has(who, ROLE_PSD))) &&
	    duty_check1(st, who, "decide", "decide", "gift", id, duty_kind(&g), g.person_id, DUTY_DECLARANT, e))
		return -1;
	if (!gift_may_decide(st, who, &g)) {
		alog_writei(st, who, "decide", "gift", id, "refused", g.status, NULL);
		if (!mgr_stage && !psd_stage)
			return err_set(e, ERR_CONFLICT, "This declaration has already been decided");
		if (psd_stage && who->person_id && mgr == who->person_id)
			return err_set(e, ERR_CONFLICT, "You have already made your decision as line manager");
		return err_set(e, ERR_DENIED, "You cannot decide this declaration");
	}
	if (strcmp(decision, "approved") && strcmp(decision, "refused"))
		errlist_add(errs, "decision", "Select approve or refuse");
	if (!strcmp(decision, "refused") && !*comment)
		errlist_add(errs, "comment", "Give a reason for refusing");
	if (strlen(comment) > 1000)
		errlist_add(errs, "comment", "Comment must be 1000 characters or fewer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the decision");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	int rc;
	if (mgr_stage) {
		int64_t threshold = config_int(st, "gifts.psd_threshold_pence", 5000);
		const char *next = !strcmp(decision, "refused") ? "refused"
		                   : g.value_pence > threshold ? "awaiting_psd" : "approved";
		*next_status = status_table_index(gift_statuses, GIFT_NSTATUS, next);
		rc = store_exec(st, e,
		                "UPDATE gifts SET status = ?, manager_id = ?, manager_decision = ?, manager_comment = ?, "
		                "manager_at = ? WHERE id = ? AND status = 'awaiting_manager'",
		                "tittti", next, who->person_id, decision, comment, now, id);
	} else {
		rc = store_exec(st, e,
		                "UPDATE gifts SET status = ?, psd_account_id = ?, psd_decision = ?, psd_comment = ?, "
		                "psd_at = ? WHERE id = ? AND status = 'awaiting_psd'",
		                "tittti", decision, who->account_id, decision, comment, now, id);
		*next_status = status_table_index(gift_statuses, GIFT_NSTATUS, decision);
	}
	if (rc)
		goto fail;
	if (store_changes(st) != 1) { /* decided by someone else a moment ago */
		store_rollback(st);
		return err_set(e, ERR_CONFLICT, "This declaration has already been decided");
	}
	if (alog_writei(st, who, "decide", "gift", id, "ok", decision, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/* The list query, one statement a page: a narrow query (the CTE "page")
 * finds the page's ids in order (and the count of all matches), then the
 * outer query joins each to its wide row by primary key, so the wide
 * joined row is built for 50 rows, not thousands, and the page costs one
 * round trip to the database, not one per row.
 * One fixed statement per sort order; every filter is a bound parameter:
 *  1 scope (0 mine, 1 awaiting, 2 register, 3 team)   2 me (person id)   3 is_psd
 *  4 from  5 to  6 unit (0 any)  7 offeror ("" any)  8 band lo  9 band hi
 *  10 accepted (-1 any)  11 status ("" any)  12 person (0 any)  13 limit  14 offset
 * The scope is a UNION ALL of one branch per scope, each guarded by a
 * constant test of ?1 that the database evaluates once, so the branch that
 * runs reaches its rows through an index (gifts_person, people_manager,
 * gifts_status_person) instead of a CASE that hides every index from the
 * planner: the personal lists cost their own rows, not the register's
 * (tests/unit/test_gifts.c checks each plan). Mine and awaiting use it; a
 * team has statements of its own (TEAM_SQL, TEAM_FILTERED_SQL). */
#define LIST_UNITS "WITH RECURSIVE sub(id) AS (SELECT CAST(?6 AS BIGINT) UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)"
#define LIST_FILTERS_BY(value) \
	"(?4 = '' OR g.date_offered >= ?4) AND (?5 = '' OR g.date_offered <= ?5) " \
	"AND (?6 = 0 OR p.unit_id IN (SELECT id FROM sub)) " \
	"AND (?7 = '' OR strpos(lower(g.offeror_org || ' ' || g.offeror_person), lower(?7)) > 0) " \
	value \
	"AND (?10 < 0 OR g.accepted = ?10) AND (?11 = '' OR g.status = ?11) AND (?12 = 0 OR g.person_id = ?12) "
#define LIST_FILTERS LIST_FILTERS_BY("AND g.value_pence >= ?8 AND g.value_pence < ?9 ")
/* The page's wide rows (the field list, the holder's manager, the count) in the page's order. */
#define PAGE_SELECT "SELECT " GIFT_COLUMNS ", page.n FROM page JOIN gifts g ON g.id = page.id " GIFT_JOINS_REST
#define PAGE_SQL(order) PAGE_SELECT "ORDER BY " order ", g.id DESC"
#define SCOPE_MINE "SELECT g.id FROM gifts g WHERE ?1 = 0 AND g.person_id = ?2 "
#define SCOPE_AWAITING \
	"SELECT g.id FROM people p CROSS JOIN gifts g " /* from the team, not every gift awaiting */ \
	"    WHERE ?1 = 1 AND g.person_id = p.id AND p.manager_id = ?2 AND g.status = 'awaiting_manager' " \
	"    AND g.person_id <> ?2 " \
	"  UNION ALL SELECT g.id FROM gifts g WHERE ?1 = 1 AND ?3 = 1 AND g.status = 'awaiting_psd' AND g.person_id <> ?2 "
#define LIST_SCOPE \
	LIST_UNITS ", " \
	"scope(id) AS (" SCOPE_MINE "UNION ALL " SCOPE_AWAITING \
	"  UNION ALL SELECT g.id FROM gifts g WHERE ?1 = 2), "
#define LIST_SQL(order) \
	LIST_SCOPE \
	"page(id, n) AS (SELECT g.id, COUNT(*) OVER () FROM scope c JOIN gifts g ON g.id = c.id " \
	"  JOIN people p ON p.id = g.person_id WHERE " LIST_FILTERS \
	"  ORDER BY " order ", g.id DESC LIMIT ?13 OFFSET ?14) " \
	PAGE_SQL(order)

/* Every filter parameter of the list statements (?4 to ?12) at its "none"
 * value: a statement for when no filter is set answers nothing otherwise
 * (the C side chooses it only then). */
#define NO_FILTER_SET \
	"AND ?4 = '' AND ?5 = '' AND ?6 = 0 AND ?7 = '' AND ?8 = 0 AND ?9 = ?9 AND ?10 < 0 AND ?11 = '' AND ?12 = 0 "
/* A manager's team by date with no filter set (the C side checks, and the
 * statement answers nothing otherwise): the page's ids and dates straight
 * from people_manager and gifts_person, without reading a gift's row until
 * the page's own (the filtered statement read and counted every one of the
 * team's declarations for each page: issue 25), counted from the same
 * indexes once (an uncorrelated subquery). */
#define TEAM_SQL(order) \
	"WITH page(id, n) AS (SELECT g.id, (SELECT COUNT(*) FROM people tp JOIN gifts tg ON tg.person_id = tp.id " \
	"  WHERE tp.manager_id = ?2) FROM people p JOIN gifts g ON g.person_id = p.id " \
	"  WHERE ?1 = 3 AND p.manager_id = ?2 AND ?3 = ?3 " NO_FILTER_SET \
	"  ORDER BY " order ", g.id DESC LIMIT ?13 OFFSET ?14) " \
	PAGE_SQL(order)
static const struct list_sql team_sqls[] = {
	{ "-date", TEAM_SQL("g.date_offered DESC") },
	{ "date", TEAM_SQL("g.date_offered ASC") },
};
/* A manager's team with a filter, or in another order: the team's
 * declarations from people_manager and gifts_person, each read once (the
 * personal lists' statement found them through its scope's union and read
 * each again by id). The dates also bound the gifts_person range (the
 * filter's own test cannot: it allows ''), so a filter by date reads only
 * the team's declarations in range. */
#define TEAM_FILTERED_FROM \
	"FROM people p JOIN gifts g ON g.person_id = p.id " \
	"  WHERE ?1 = 3 AND p.manager_id = ?2 AND ?3 = ?3 " \
	"  AND g.date_offered >= ?4 AND g.date_offered <= COALESCE(NULLIF(?5, ''), '9999-12-31') AND " LIST_FILTERS
#define TEAM_FILTERED_SQL(order) \
	LIST_UNITS ", page(id, n) AS (SELECT g.id, COUNT(*) OVER () " TEAM_FILTERED_FROM \
	"  ORDER BY " order ", g.id DESC LIMIT ?13 OFFSET ?14) " \
	PAGE_SQL(order)
/* The same without an offeror filter: counted by an uncorrelated subquery
 * over the same index entries (gifts_person holds every column the filters
 * read, migration 068) and the page sorted with its limit, rather than a
 * window count that keeps and sorts every match (1.0 against 0.6 ms of CPU
 * for a team of 1,585 declarations at 10x, 1.6 against 0.9 by offeror). With
 * an offeror filter the window stays: its substring test would run twice. */
#define TEAM_COUNTED_SQL(order) \
	LIST_UNITS ", page(id, n) AS (SELECT g.id, (SELECT COUNT(*) " TEAM_FILTERED_FROM ") " TEAM_FILTERED_FROM \
	"  ORDER BY " order ", g.id DESC LIMIT ?13 OFFSET ?14) " \
	PAGE_SQL(order)

/* The force-wide register: the same filters over every gift, without the
 * scope's union (so an ORDER BY the date walks gifts_date and stops after
 * the page) and without a window count (which would build every matching
 * row on every load): the count is REGISTER_COUNT_SQL, or the trigger-kept
 * row_counts 'gifts' when nothing is filtered (migration 039). */
/* Sorted by value the band walks gifts_value; any other order keeps that
 * index out of the plan (+ 0), or the whole-range band of an unfiltered
 * register would pick it over the date walk and sort every gift. */
#define REGISTER_SQL_BY(order, value) \
	LIST_UNITS ", page(id, n) AS (SELECT g.id, 0 FROM gifts g JOIN people p ON p.id = g.person_id " \
	"  WHERE ?1 = 2 AND " LIST_FILTERS_BY(value) \
	"  ORDER BY " order ", g.id DESC LIMIT ?13 OFFSET ?14) " \
	PAGE_SQL(order)
#define REGISTER_SQL(order) REGISTER_SQL_BY(order, "AND g.value_pence + 0 >= ?8 AND g.value_pence + 0 < ?9 ")
#define REGISTER_SQL_VALUE(order) REGISTER_SQL_BY(order, "AND g.value_pence >= ?8 AND g.value_pence < ?9 ")
/* The whole register at once (an export, per_page < 0): the same filters
 * and order with every column joined in, one statement stepped row by row
 * as it walks the order's index (a page's CTE of every id, sorted again
 * with the wide rows, would hold them all before the first). Not by
 * gifts_value (+ 0): the whole-range band would pick it over the date walk. */
#define REGISTER_ALL_SQL(order) \
	LIST_UNITS " SELECT " GIFT_COLUMNS GIFT_JOINS \
	"WHERE ?1 = 2 AND " LIST_FILTERS_BY("AND g.value_pence + 0 >= ?8 AND g.value_pence + 0 < ?9 ") \
	"ORDER BY " order ", g.id DESC LIMIT ?13 OFFSET ?14"
static const char REGISTER_COUNT_SQL[] =
	LIST_UNITS " SELECT COUNT(*) FROM gifts g JOIN people p ON p.id = g.person_id "
	"WHERE ?1 = 2 AND " LIST_FILTERS_BY("AND g.value_pence + 0 >= ?8 AND g.value_pence + 0 < ?9 ")
	"AND ?13 = ?13 AND ?14 = ?14";   /* not by gifts_value: a band's range and a gift for each is slower */

/* The register with no filter set (the C side checks; the statement answers
 * nothing otherwise) by date: the page's ids from gifts_date alone, so a
 * deep page skips index entries, not gifts and their declarers (page 5,000
 * of the 10x register took 4-5 s). */
#define REGISTER_PLAIN_SQL(order) \
	"WITH page(id, n) AS (SELECT g.id, 0 FROM gifts g " \
	"  WHERE ?1 = 2 AND ?2 = ?2 AND ?3 = ?3 " NO_FILTER_SET \
	"  ORDER BY " order ", g.id DESC LIMIT ?13 OFFSET ?14) " \
	PAGE_SQL(order)
static const struct list_sql register_plain_sqls[] = {
	{ "-date", REGISTER_PLAIN_SQL("g.date_offered DESC") },
	{ "date", REGISTER_PLAIN_SQL("g.date_offered ASC") },
};

/* A deep page of the register by date with no filter (issue 25: page
 * 5,000 skipped 250,000 gifts_date entries, 3-4 ms of CPU, on every load):
 * the gifts dated after (by -date; before, by date) the page's first day
 * come before it, so with their number known the page is the gifts from
 * that day on, skipping only the page's place within the day. The numbers
 * of gifts a day are read once per write generation (DAYS_SQL, from
 * gifts_date, walked from the page's end of the register as far as the
 * deepest page asked for) and kept on the connection. */
#define REGISTER_FROM_DAY_SQL(order, cmp) \
	"WITH page(id, n) AS (SELECT g.id, 0 FROM gifts g WHERE g.date_offered " cmp " ?1 " \
	"  ORDER BY " order ", g.id DESC LIMIT ?2 OFFSET ?3) " \
	PAGE_SQL(order)
static const struct list_sql register_from_day_sqls[] = {
	{ "-date", REGISTER_FROM_DAY_SQL("g.date_offered DESC", "<=") },
	{ "date", REGISTER_FROM_DAY_SQL("g.date_offered ASC", ">=") },
};
static const char *const days_sqls[2] = {
	"SELECT date_offered, COUNT(*) FROM gifts GROUP BY date_offered ORDER BY date_offered DESC",
	"SELECT date_offered, COUNT(*) FROM gifts GROUP BY date_offered ORDER BY date_offered ASC",
};
/* Pages that skip fewer gifts than this take REGISTER_PLAIN_SQL: skipping
 * costs less than reading the days (about 50 ns a gift against 15). */
static int64_t from_day_min = 20000;
#define DAYS_AHEAD 50000 /* days read past the page asked for: the next thousand pages' */

void gifts_deep_pages_from(int64_t rows) { from_day_min = rows; }

/* The days of one order, read under generation gen: before[i] gifts come
 * before day[i] in the order, whose own are n[i]; read as far as deep
 * gifts (all when the register ends sooner: complete). */
struct register_days {
	int64_t gen, deep;
	int complete;
	size_t count, cap;
	char (*day)[11];
	int64_t *before, *n;
};
static int days_owner[2];
static void days_free(void *p)
{
	struct register_days *d = p;
	free(d->day);
	free(d->before);
	free(d->n);
	free(d);
}

/* The day the page at offset starts on, in the order desc (1: -date) or
 * not, and its place in that day: 1 when found, 0 to take the plain
 * statement (no generation, no slot, or offset past the end), -1 on error. */
static int register_day_at(struct store *st, int desc, int64_t offset, char day[11], int64_t *within,
                           struct err *e)
{
	int64_t gen = store_generation(st);
	void **slot = gen >= 0 ? store_memo(st, &days_owner[desc], days_free) : NULL;
	if (!slot)
		return 0;
	if (!*slot)
		*slot = xcalloc(1, sizeof(struct register_days));
	struct register_days *d = *slot;
	if (d->gen != gen || (!d->complete && d->deep <= offset)) {
		d->gen = -1;
		d->count = 0;
		d->complete = 1;
		d->deep = 0;
		struct stmt *s;
		if (store_query(st, &s, e, days_sqls[!desc], ""))
			return -1;
		int r;
		while ((r = stmt_next(s, e)) == 1) {
			if (d->count == d->cap) {
				d->cap = d->cap ? 2 * d->cap : 512;
				d->day = xrealloc(d->day, d->cap * sizeof *d->day);
				d->before = xrealloc(d->before, d->cap * sizeof *d->before);
				d->n = xrealloc(d->n, d->cap * sizeof *d->n);
			}
			snprintf(d->day[d->count], sizeof d->day[0], "%s", stmt_text(s, 0));
			d->before[d->count] = d->deep;
			d->n[d->count] = stmt_int(s, 1);
			d->deep += d->n[d->count++];
			if (d->deep > offset + DAYS_AHEAD) { /* room for the next pages down */
				d->complete = 0;
				break;
			}
		}
		stmt_done(s);
		if (r < 0)
			return -1;
		if (store_generation(st) != gen) /* a write meanwhile: not kept */
			return 0;
		d->gen = gen;
	}
	size_t lo = 0, hi = d->count; /* the last day that starts at or before offset */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->before[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	if (!d->count || offset >= d->before[lo] + d->n[lo])
		return 0;
	memcpy(day, d->day[lo], 11);
	*within = offset - d->before[lo];
	return 1;
}

/* A filtered count's estimate over a large register: of the gifts whose id
 * is in [?15, ?16), how many there are and how many match the filters. */
static const char REGISTER_SAMPLE_SQL[] =
	LIST_UNITS " SELECT COUNT(*), COUNT(CASE WHEN ?1 = 2 AND "
	LIST_FILTERS_BY("AND g.value_pence + 0 >= ?8 AND g.value_pence + 0 < ?9 ") "THEN 1 END) "
	"FROM gifts g JOIN people p ON p.id = g.person_id WHERE g.id >= ?15 AND g.id < ?16 AND ?13 = ?13 AND ?14 = ?14";
/* Estimated over this many gifts (an exact filtered count reads every
 * matching gift: 0.6-1 s at ten times the demo), from SAMPLE_WINDOWS runs of
 * ids spread over the table. */
#define ESTIMATE_OVER 100000
#define SAMPLE_WINDOWS 32
#define SAMPLE_IDS 125
#define SAMPLE_MATCHES_MIN 30 /* fewer found: too rare to estimate, counted exactly */
/* A filter of dates alone is counted exactly from gifts_date. */
static const char REGISTER_DATES_COUNT_SQL[] =
	"SELECT COUNT(*) FROM gifts WHERE date_offered >= ? AND date_offered <= ?";

#define SORTS(SQL) \
	{ "-date", SQL("g.date_offered DESC") }, \
	{ "date", SQL("g.date_offered ASC") }, \
	{ "value", SQL("g.value_pence ASC, g.date_offered DESC") }, \
	{ "-value", SQL("g.value_pence DESC, g.date_offered DESC") }, \
	{ "offeror", SQL("lower(g.offeror_org || g.offeror_person) ASC, g.date_offered DESC") }, \
	{ "-offeror", SQL("lower(g.offeror_org || g.offeror_person) DESC, g.date_offered DESC") }, \
	{ "person", SQL("lower(p.surname || ' ' || p.forenames) ASC, g.date_offered DESC") }, \
	{ "-person", SQL("lower(p.surname || ' ' || p.forenames) DESC, g.date_offered DESC") }, \
	{ "status", SQL("g.status ASC, g.date_offered DESC") }, \
	{ "-status", SQL("g.status DESC, g.date_offered DESC") },
static const struct list_sql register_sqls[] = {
	{ "-date", REGISTER_SQL("g.date_offered DESC") },
	{ "date", REGISTER_SQL("g.date_offered ASC") },
	{ "value", REGISTER_SQL_VALUE("g.value_pence ASC, g.date_offered DESC") },
	{ "-value", REGISTER_SQL_VALUE("g.value_pence DESC, g.date_offered DESC") },
	{ "offeror", REGISTER_SQL("lower(g.offeror_org || g.offeror_person) ASC, g.date_offered DESC") },
	{ "-offeror", REGISTER_SQL("lower(g.offeror_org || g.offeror_person) DESC, g.date_offered DESC") },
	{ "person", REGISTER_SQL("lower(p.surname || ' ' || p.forenames) ASC, g.date_offered DESC") },
	{ "-person", REGISTER_SQL("lower(p.surname || ' ' || p.forenames) DESC, g.date_offered DESC") },
	{ "status", REGISTER_SQL("g.status ASC, g.date_offered DESC") },
	{ "-status", REGISTER_SQL("g.status DESC, g.date_offered DESC") },
};
#define NSORTS (sizeof register_sqls / sizeof register_sqls[0])

static const struct list_sql list_sqls[] = { SORTS(LIST_SQL) };
static const struct list_sql team_filtered_sqls[] = { SORTS(TEAM_FILTERED_SQL) };
static const struct list_sql team_counted_sqls[] = { SORTS(TEAM_COUNTED_SQL) };
static const struct list_sql register_all_sqls[] = { SORTS(REGISTER_ALL_SQL) };

/* ---- the statements per filter shape ----
 * The statements above hold every filter, each written "?N = '' OR …": on
 * PostgreSQL no generic plan serves them all, so each execution planned
 * the statement afresh (1.3-1.8 ms of the server's CPU for the register:
 * docs/postgresql.md). A shape is the set of filters set; its statement
 * has the filters set as plain terms and the others as tests of their
 * "none" value ("?4 = ''"), which a generic plan evaluates once (a gating
 * qual with no weight in its estimates) and which keep every parameter
 * referenced (PostgreSQL types the parameters from the text). Built on
 * first use and kept for the process's life, one text per shape, so both
 * backends' statement caches (keyed by the text's address) keep it. Only
 * shapes of few filters are built (two for the register, one for the
 * personal lists, whose statement holds only its scope's branch: with them
 * all, gated, the generic plan's cost counted every branch and PostgreSQL
 * kept planning afresh), which bounds what a connection may prepare (37
 * register shapes x (10 sorts + a count) + 9 shapes x 10 sorts x 2 scopes,
 * mine and awaiting: 587 statements; a team has its own, TEAM_SQL and
 * TEAM_FILTERED_SQL); more filters at once take the statements above. */
enum { SHAPE_FROM = 1, SHAPE_TO = 2, SHAPE_UNIT = 4, SHAPE_OFFEROR = 8, SHAPE_BAND = 16, SHAPE_ACCEPTED = 32,
       SHAPE_STATUS = 64, SHAPE_PERSON = 128, NSHAPES = 256 };
#define ORDER_ONLY(order) order
static const struct list_sql orders[] = { SORTS(ORDER_ONLY) };
enum shape_kind { SHAPE_REGISTER, SHAPE_COUNT, SHAPE_MINE, SHAPE_AWAITING, NKINDS };

static unsigned filter_shape(const struct gift_filter *f, int band)
{
	return (*nz(f->from) ? SHAPE_FROM : 0) | (*nz(f->to) ? SHAPE_TO : 0) | (f->unit_id ? SHAPE_UNIT : 0) |
	       (*nz(f->offeror) ? SHAPE_OFFEROR : 0) | (band ? SHAPE_BAND : 0) | (f->accepted >= 0 ? SHAPE_ACCEPTED : 0) |
	       (*nz(f->status) ? SHAPE_STATUS : 0) | (f->person_id ? SHAPE_PERSON : 0);
}

/* The WHERE terms of shape (after "WHERE … AND "); value: the band's terms. */
static void shape_filters(struct buf *b, unsigned shape, const char *value)
{
	const struct shape_term terms[] = {
		{ SHAPE_FROM, "g.date_offered >= ?4", "?4 = ''" },
		{ SHAPE_TO, "g.date_offered <= ?5", "?5 = ''" },
		{ SHAPE_UNIT, "p.unit_id IN (SELECT id FROM sub)", "?6 = 0" },
		{ SHAPE_OFFEROR, "strpos(lower(g.offeror_org || ' ' || g.offeror_person), lower(?7)) > 0", "?7 = ''" },
		{ SHAPE_BAND, value, "?8 = 0 AND ?9 = ?9" },
		{ SHAPE_ACCEPTED, "g.accepted = ?10", "?10 < 0" },
		{ SHAPE_STATUS, "g.status = ?11", "?11 = ''" },
		{ SHAPE_PERSON, "g.person_id = ?12", "?12 = 0" },
	};
	shape_terms(b, terms, sizeof terms / sizeof terms[0], shape, 0);
}

/* The statement of kind for sort (an index into orders[]; ignored for a
 * count) and shape: NULL when the shape has too many filters. */
static const char *shape_sql(enum shape_kind kind, size_t sort, unsigned shape)
{
	static _Atomic(const char *) made[NKINDS][NSORTS][NSHAPES];
	int list = kind >= SHAPE_MINE;
	if (__builtin_popcount(shape) > (list ? 1 : 2) || sort >= NSORTS || shape >= NSHAPES)
		return NULL;
	sort = kind == SHAPE_COUNT ? 0 : sort;
	const char *sql = atomic_load(&made[kind][sort][shape]);
	if (sql)
		return sql;
	const char *order = orders[sort].sql;
	/* by value the band walks gifts_value; by anything else "+ 0" keeps that index out (REGISTER_SQL) */
	int by_value = list || !strcmp(orders[sort].key, "value") || !strcmp(orders[sort].key, "-value");
	const char *value = by_value ? "g.value_pence >= ?8 AND g.value_pence < ?9"
	                             : "g.value_pence + 0 >= ?8 AND g.value_pence + 0 < ?9";
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	if (kind == SHAPE_COUNT)
		buf_adds(&b, LIST_UNITS " SELECT COUNT(*) FROM gifts g JOIN people p ON p.id = g.person_id WHERE ?1 = 2 AND ");
	else if (kind == SHAPE_REGISTER)
		buf_adds(&b, LIST_UNITS ", page(id, n) AS (SELECT g.id, 0 FROM gifts g JOIN people p ON p.id = g.person_id "
		             "  WHERE ?1 = 2 AND ");
	else /* a list's one scope: its branch of LIST_SCOPE alone */
		buf_printf(&b, LIST_UNITS ", scope(id) AS (%s%s), page(id, n) AS (SELECT g.id, COUNT(*) OVER () "
		               "FROM scope c JOIN gifts g ON g.id = c.id JOIN people p ON p.id = g.person_id WHERE ",
		           kind == SHAPE_MINE ? SCOPE_MINE : SCOPE_AWAITING,
		           kind == SHAPE_AWAITING ? "" : "AND ?3 = ?3");
	shape_filters(&b, shape, value);
	if (kind == SHAPE_COUNT)
		buf_adds(&b, "AND ?13 = ?13 AND ?14 = ?14");
	else
		buf_printf(&b, "ORDER BY %s, g.id DESC LIMIT ?13 OFFSET ?14) %sORDER BY %s, g.id DESC", order, PAGE_SELECT, order);
	return shape_keep(&made[kind][sort][shape], &b);
}

/* The index in orders[] of sort (the default's, 0, when unknown). */
static size_t sort_index(const char *sort)
{
	for (size_t i = 0; sort && i < NSORTS; i++)
		if (!strcmp(orders[i].key, sort))
			return i;
	return 0;
}

/* Every row of the register's statement s (REGISTER_ALL_SQL) to fn, counted
 * in *total; s is done after. */
static int register_all(struct stmt *s, gift_row_fn fn, void *ctx, long *total, struct err *e)
{
	struct gift *g = xmalloc(sizeof *g);
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		record_read(&record, s, g);
		++*total;
		if (fn(ctx, g))
			break;
	}
	stmt_done(s);
	free(g);
	return r < 0 ? -1 : 0;
}

LIST_EACH_ADAPTER(gift_row_fn)

/* The rows a page handed on, counted, and whether its caller stopped early. */
struct counted {
	gift_row_fn fn;
	void *ctx;
	int64_t n;
	int stopped;
};
static int count_and_pass(void *ctx, const struct gift *g)
{
	struct counted *c = ctx;
	c->n++;
	return c->stopped = c->fn(c->ctx, g);
}

/* v to two significant figures: an estimate does not pretend to more. */
static int64_t two_figures(int64_t v)
{
	int64_t m = 1;
	while (v / m >= 100)
		m *= 10;
	return (v + m / 2) / m * m;
}

/* The register's filtered count estimated from SAMPLE_WINDOWS runs of ids
 * (f's filters bound as gifts_list binds them, b the value band): the
 * share of the sampled gifts that match, times all gifts (rows); -1 when
 * too few match for an estimate. */
static int register_estimate(struct store *st, const struct actor *who, const struct gift_filter *f, int b,
                             int64_t rows, int64_t *out, struct err *e)
{
	int64_t max_id = 0, seen = 0, matched = 0;
	if (store_int(st, e, &max_id, "SELECT COALESCE(MAX(id), 0) FROM gifts", "") < 0)
		return -1;
	for (int64_t w = 0; w < SAMPLE_WINDOWS; w++) {
		int64_t lo = max_id * (2 * w + 1) / (2 * SAMPLE_WINDOWS) - SAMPLE_IDS / 2;
		struct stmt *s;
		if (store_query(st, &s, e, REGISTER_SAMPLE_SQL, "dii" "tti" "t" "ii" "d" "t" "i" "ii" "ii", 2,
		                who->person_id, (int64_t)actor_has(who, ROLE_PSD), nz(f->from), nz(f->to), f->unit_id,
		                nz(f->offeror), bands[b].lo, bands[b].hi, f->accepted, nz(f->status), f->person_id,
		                (int64_t)0, (int64_t)0, lo, lo + SAMPLE_IDS))
			return -1;
		int r = stmt_next(s, e);
		if (r == 1) {
			seen += stmt_int(s, 0);
			matched += stmt_int(s, 1);
		}
		stmt_done(s);
		if (r < 0)
			return -1;
	}
	*out = matched < SAMPLE_MATCHES_MIN ? -1
	                                    : two_figures((int64_t)((double)rows * (double)matched / (double)seen + 0.5));
	return 0;
}

const struct list_sql *gifts_list_statements(int register_scope, size_t *n)
{
	*n = register_scope == 3 || register_scope == 4 || register_scope == 6 ? 2 : NSORTS;
	return register_scope == 7   ? team_counted_sqls
	       : register_scope == 6 ? register_from_day_sqls
	       : register_scope == 5 ? team_filtered_sqls
	       : register_scope == 4 ? register_plain_sqls
	       : register_scope == 3 ? team_sqls
	       : register_scope == 2 ? register_all_sqls
	       : register_scope      ? register_sqls
	                             : list_sqls;
}

static int stop_at_first(void *ctx, const struct gift *g)
{
	(void)ctx;
	(void)g;
	return 1;
}

int gifts_list_log(struct store *st, const struct actor *who, enum gift_scope scope, const struct gift_filter *f,
                   struct err *e)
{
	static const char *const scopes[] = { [GIFTS_MINE] = "mine", [GIFTS_AWAITING] = "awaiting",
		                              [GIFTS_REGISTER] = "register", [GIFTS_TEAM] = "team" };
	return alog_list(st, who, "gift", scopes[scope], e,
	                 "from=%s to=%s unit=%lld offeror=%s band=%d accepted=%d status=%s person=%lld sort=%s page=%d",
	                 nz(f->from), nz(f->to), (long long)f->unit_id, nz(f->offeror), f->value_band, f->accepted,
	                 nz(f->status), (long long)f->person_id, nz(f->sort), f->page);
}

int gifts_person_scope(struct store *st, const struct actor *who, const struct person *p, enum gift_scope *scope,
                       struct err *e)
{
	if (actor_has(who, ROLE_PSD | ROLE_ADMIN))
		*scope = GIFTS_REGISTER;
	else if (who->person_id && who->person_id == p->id)
		*scope = GIFTS_MINE;
	else if (who->person_id && who->person_id == p->manager_id)
		*scope = GIFTS_TEAM;
	else {
		alog_writei(st, who, "view", "person_gift_history", p->id, "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only the person, their line manager and Professional Standards can see "
		                              "their gifts and hospitality");
	}
	return 0;
}

static int value_band(const struct gift_filter *f)
{
	return f->value_band >= 0 && f->value_band < NBANDS ? f->value_band : 0;
}

const char *gifts_page_statement(enum gift_scope scope, const struct gift_filter *f)
{
	unsigned shape = filter_shape(f, value_band(f));
	int reg = scope == GIFTS_REGISTER;
	int by_date = !f->sort || !strcmp(f->sort, "-date") || !strcmp(f->sort, "date");
	if (reg && !shape && by_date)
		return list_sql_for(register_plain_sqls, 2, f->sort, register_plain_sqls[0].sql);
	if (scope == GIFTS_TEAM && !shape && by_date)
		return list_sql_for(team_sqls, 2, f->sort, team_sqls[0].sql);
	if (scope == GIFTS_TEAM && *nz(f->offeror)) /* the team's declarations read once, bounded by the dates */
		return list_sql_for(team_filtered_sqls, NSORTS, f->sort, team_filtered_sqls[0].sql);
	if (scope == GIFTS_TEAM)
		return list_sql_for(team_counted_sqls, NSORTS, f->sort, team_counted_sqls[0].sql);
	static const enum shape_kind kinds[] = { [GIFTS_MINE] = SHAPE_MINE, [GIFTS_AWAITING] = SHAPE_AWAITING,
		                                 [GIFTS_REGISTER] = SHAPE_REGISTER };
	const char *sql = shape_sql(kinds[scope], sort_index(f->sort), shape);
	return sql   ? sql
	       : reg ? list_sql_for(register_sqls, NSORTS, f->sort, register_sqls[0].sql)
	             : list_sql_for(list_sqls, NSORTS, f->sort, list_sqls[0].sql);
}

int gifts_list(struct store *st, const struct actor *who, enum gift_scope scope, const struct gift_filter *f,
               gift_row_fn fn, void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (scope == GIFTS_REGISTER && !actor_has(who, ROLE_PSD | ROLE_ADMIN)) {
		alog_write(st, who, "view", "gift_register", "all", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards can see the force-wide register");
	}
	if (fn != stop_at_first && gifts_list_log(st, who, scope, f, e))
		return -1;
	if ((scope == GIFTS_MINE || scope == GIFTS_TEAM) && !who->person_id)
		return 0;
	if (f->person_id && scope == GIFTS_REGISTER)
		alog_writei(st, who, "view", "person_gift_history", f->person_id, "ok", "", NULL);
	int band = value_band(f);
	int reg = scope == GIFTS_REGISTER, all = reg && f->per_page < 0;
	unsigned shape = filter_shape(f, band);
	int unfiltered = shape == 0;
	const char *sql = all ? list_sql_for(register_all_sqls, NSORTS, f->sort, register_all_sqls[0].sql)
	                      : gifts_page_statement(scope, f);
	int64_t limit = list_limit(f->per_page);
	int64_t page = f->page > 0 ? f->page : 1;
	static const int scope_code[] = { [GIFTS_MINE] = 0, [GIFTS_AWAITING] = 1, [GIFTS_REGISTER] = 2, [GIFTS_TEAM] = 3 };
	struct stmt *s;
	int64_t offset = list_offset(f->per_page, f->page), within = 0;
	char day[11];
	int desc = sql == register_plain_sqls[0].sql; /* -date; register_plain_sqls[1]: date */
	int from_day = offset >= from_day_min && (desc || sql == register_plain_sqls[1].sql)
	                   ? register_day_at(st, desc, offset, day, &within, e)
	                   : 0;
	if (from_day < 0)
		return -1;
	if (from_day ? store_query(st, &s, e, register_from_day_sqls[!desc].sql, "tii", day, limit, within)
	             : store_query(st, &s, e, sql, "dii" "tti" "t" "ii" "d" "t" "i" "ii", scope_code[scope],
	                           who->person_id, (int64_t)actor_has(who, ROLE_PSD), nz(f->from), nz(f->to),
	                           f->unit_id, nz(f->offeror), bands[band].lo, bands[band].hi, f->accepted,
	                           nz(f->status), f->person_id, limit, offset))
		return -1;
	if (all) /* counted as the rows went by */
		return register_all(s, fn, ctx, total, e);
	struct counted shown = { fn, ctx, 0, 0 };
	if (list_read_each(s, &record, list_each_one, &(struct list_each_ctx){ count_and_pass, &shown }, total, e))
		return -1;
	if (reg) { /* the register's statement does not count: the kept count, else a narrow count */
		int64_t count = -1;
		if (unfiltered && store_int(st, e, &count, "SELECT value FROM row_counts WHERE name = 'gifts'", "") < 0)
			return -1;
		/* a filtered count reads every matching gift (0.6 s at ten times the
		 * demo): kept per filter with the write generation, so paging
		 * through one filter, or coming back to it, counts once per write */
		char key[600];
		snprintf(key, sizeof key, "gifts|%s|%s|%lld|%s|%d|%d|%s|%lld", nz(f->from), nz(f->to),
		         (long long)f->unit_id, nz(f->offeror), band, f->accepted, nz(f->status), (long long)f->person_id);
		int64_t *m = count < 0 ? list_count_kept(st, key) : NULL;
		if (m && *m >= 0)
			count = *m;
		int64_t gifts_n = 0, about_n = -1;
		int dates_only = !f->unit_id && !*nz(f->offeror) && band == 0 && f->accepted < 0 && !*nz(f->status) &&
		                 !f->person_id;
		if (count < 0 && f->estimated && !shown.stopped && shown.n < limit && (shown.n > 0 || offset == 0))
			count = offset + shown.n; /* the last page: exact without counting */
		else if (count < 0 && dates_only &&
		         store_int(st, e, &count, REGISTER_DATES_COUNT_SQL, "tt", nz(f->from),
		                   *nz(f->to) ? f->to : "9999-12-31") < 0)
			return -1;
		else if (count < 0 && f->estimated &&
		         store_int(st, e, &gifts_n, "SELECT value FROM row_counts WHERE name = 'gifts'", "") < 0)
			return -1;
		if (count < 0 && gifts_n > ESTIMATE_OVER) { /* "about N", at least what the pages have shown */
			key[0] = '~'; /* kept apart from the exact counts */
			int64_t *kept = list_count_kept(st, key);
			if (kept && *kept >= 0)
				about_n = *kept;
			else if (register_estimate(st, who, f, band, gifts_n, &about_n, e))
				return -1;
			if (kept)
				*kept = about_n;
		}
		if (about_n >= 0) {
			if (about_n < offset + shown.n + (shown.n == limit))
				about_n = offset + shown.n + (shown.n == limit);
			*f->estimated = 1;
			*total = (long)about_n;
			return 0;
		}
		const char *count_sql = shape_sql(SHAPE_COUNT, 0, shape);
		if (!count_sql)
			count_sql = REGISTER_COUNT_SQL;
		if (count < 0 &&
		    store_int(st, e, &count, count_sql, "dii" "tti" "t" "ii" "d" "t" "i" "ii", scope_code[scope],
		              who->person_id, (int64_t)actor_has(who, ROLE_PSD), nz(f->from), nz(f->to), f->unit_id,
		              nz(f->offeror), bands[band].lo, bands[band].hi, f->accepted, nz(f->status), f->person_id,
		              limit, list_offset(f->per_page, f->page)) < 0)
			return -1;
		if (m)
			*m = count;
		*total = (long)count;
	}
	if (*total == 0 && page > 1) {
		/* A page past the end: count what there is so the caller can say so. */
		struct gift_filter f1 = *f;
		f1.page = 1;
		f1.per_page = 1;
		return gifts_list(st, who, scope, &f1, stop_at_first, NULL, total, e);
	}
	return 0;
}

/* ---- export ---- */

REGISTER_ADAPTERS(gift, struct gift, struct gift_filter, enum gift_scope, gifts_list, gift_get)

const struct register_def gifts_register_def = {
	.record = &record,
	.list = gift_reg_list,
	.get = gift_reg_get,
	.register_scope = GIFTS_REGISTER,
	.export_roles = ROLE_PSD | ROLE_ADMIN,
	.object_type = "gift_register",
	.deny_msg = "Only Professional Standards can export the register",
	.title = "Gifts and hospitality",
};

static int export_register(struct store *st, const struct actor *who, const struct gift_filter *f,
                           enum sheet_format format, struct buf *out, struct err *e)
{
	return register_export(st, who, &gifts_register_def, f, format, out, e);
}

int gifts_export_csv(struct store *st, const struct actor *who, const struct gift_filter *f, struct buf *out,
                     struct err *e)
{
	return export_register(st, who, f, SHEET_CSV, out, e);
}

int gifts_export_xlsx(struct store *st, const struct actor *who, const struct gift_filter *f, struct buf *out,
                      struct err *e)
{
	return export_register(st, who, f, SHEET_XLSX, out, e);
}

/* ---- import ---- */

enum { G_STAFF, G_DATE, G_OFFEROR, G_KIND, G_DESC, G_VALUE, G_ACC, G_REASON, G_NCOL };

/* The import key: the row's date offered, ':', then a hash of its fields
 * and how many identical rows came before it in the file, so a rerun
 * matches row for row. The fields' part is hashed once (fields);
 * occurrence 0's key is also the row's identity for counting repeats. The
 * date first (migration 065) puts one date's keys side by side in the
 * import_key index, so the rows, inserted in date order, fill it in order
 * too: with the hash alone each row's key went to a random leaf of the
 * index, 1 s of the 4.3 s of CPU under the write lock at ten times the
 * demo (3.3 s with the date first). The hash's first 128 bits (32 hex
 * digits, migration 069) are enough to keep rows apart and make each key
 * 32 bytes shorter in the row and the index: 0.17 s less CPU under the
 * lock for 500,000 rows at 10x. */
static void import_key_fields(const char *const *f, crypto_hash_sha256_state *h)
{
	crypto_hash_sha256_init(h);
	for (size_t i = 0; i < G_NCOL; i++)
		crypto_hash_sha256_update(h, (const unsigned char *)f[i], strlen(f[i]) + 1);
}

enum { IMPORT_KEY_SIZE = 11 + 33 }; /* "YYYY-MM-DD:", 32 hex digits, NUL */
static void import_key(const crypto_hash_sha256_state *row, int occurrence, const char *date,
                       char out[IMPORT_KEY_SIZE])
{
	snprintf(out, 12, "%.10s:", date);
	out += strlen(out);
	crypto_hash_sha256_state h = *row;
	char occ[16];
	snprintf(occ, sizeof occ, "#%d", occurrence);
	crypto_hash_sha256_update(&h, (const unsigned char *)occ, strlen(occ));
	unsigned char d[32];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 33, d, 16); /* the first 128 bits */
}

/* What the row step keeps for the apply step: each new row's fields as
 * NUL-terminated strings one after another in text (G_NCOL of them, then
 * the import key), its person and value in rows. The finish step sorts the
 * rows by import key and drops those already stored (a rerun: counted
 * unchanged), so its look-ups walk the import_key index in order instead of
 * at random, then sorts them by date and person for apply's inserts: in
 * that order three of the indexes an imported gift enters (gifts_date,
 * gifts_status, which end in the date, and import_key, which starts with
 * it) fill in order, and gifts_person is swept once per date; the
 * statement took 5.8 s of CPU at ten times the demo where import-key order
 * took 6.9-7.3 s, and by date and person 0.2 s less than by date and value
 * (gifts_value then swept once per date instead). people maps every staff
 * number to its person, read once instead of one query per row. */
struct staged {
	int64_t person, pence;
	int chief; /* the person's chief-officer flag when the file was checked */
	size_t at;  /* offset of its first string in text */
	size_t key; /* offset of its import key in text */
	const char *kp; /* the key itself, set by the finish step once text no longer moves */
	uint64_t when; /* the date (yyyymmdd) and the person: the order apply inserts in */
};
struct gifts_import_ctx {
	struct seen seen, people;
	int people_read;
	int staged; /* the kept rows are in the temporary table gifts_import_rows */
	int64_t max_pence;
	struct buf text;
	struct staged *rows;
	size_t n, cap;
};

/* The staff number map and the value limit, once per import. */
static int import_setup(struct store *st, struct gifts_import_ctx *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT staff_number, id, chief_officer FROM people", ""))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) /* the id, and its chief-officer flag in the lowest bit */
		seen_put(&ctx->people, stmt_text(s, 0), stmt_int(s, 1) * 2 + (stmt_int(s, 2) != 0));
	stmt_done(s);
	if (r < 0)
		return -1;
	ctx->max_pence = config_int(st, "gifts.max_value_pence", 10000000);
	ctx->people_read = 1;
	return 0;
}

static int import_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct gifts_import_ctx *ctx = im->ctx;
	if (!ctx->people_read && import_setup(im->st, ctx, e))
		return -1;
	static const char *const kinds[] = { "gift", "hospitality", "other", NULL };
	const char *f[G_NCOL];
	for (int i = 0; i < G_NCOL; i++)
		f[i] = csv_field(c, (size_t)i);
	/* identical rows are told apart by how many came before them in the file */
	crypto_hash_sha256_state rowh;
	import_key_fields(f, &rowh);
	char key[IMPORT_KEY_SIZE];
	import_key(&rowh, 0, f[G_DATE], key);
	int occurrence = seen_bump(&ctx->seen, key);
	if (occurrence)
		import_key(&rowh, occurrence, f[G_DATE], key);
	int64_t person, pence;
	if (!seen_get(&ctx->people, f[G_STAFF], &person))
		return csv_row_error(e, c, "staff_number", "no person with staff number \"%s\"", f[G_STAFF]);
	const char *dp = date_offered_problem(f[G_DATE]);
	if (dp)
		return csv_row_error(e, c, "date_offered", "%s (\"%s\")", dp, f[G_DATE]);
	if (!*f[G_OFFEROR] || strlen(f[G_OFFEROR]) > 200)
		return csv_row_error(e, c, "offeror", "required, at most 200 characters");
	if (!is_one_of(f[G_KIND], kinds))
		return csv_row_error(e, c, "kind", "\"%s\" is not one of gift, hospitality, other", f[G_KIND]);
	if (!*f[G_DESC] || strlen(f[G_DESC]) > 1000)
		return csv_row_error(e, c, "description", "required, at most 1000 characters");
	if (money_parse(f[G_VALUE], ctx->max_pence, &pence))
		return csv_row_error(e, c, "value", "\"%s\" is not an amount in pounds and pence", f[G_VALUE]);
	int acc = csv_yes_no(f[G_ACC]);
	if (acc < 0)
		return csv_row_error(e, c, "accepted", "\"%s\" is not yes or no (or true or false)", f[G_ACC]);
	if (strlen(f[G_REASON]) > 1000)
		return csv_row_error(e, c, "reason", "longer than 1000 characters");
	if (ctx->n == ctx->cap) {
		ctx->cap = ctx->cap ? 2 * ctx->cap : 1024;
		ctx->rows = xrealloc(ctx->rows, ctx->cap * sizeof *ctx->rows);
	}
	struct staged *row = &ctx->rows[ctx->n++];
	uint64_t day = 0; /* YYYY-MM-DD, checked above */
	for (const char *d = f[G_DATE]; *d; d++)
		day = *d >= '0' && *d <= '9' ? day * 10 + (uint64_t)(*d - '0') : day;
	*row = (struct staged){ person / 2, pence, (int)(person % 2), ctx->text.n, 0, NULL,
		                day << 32 | (uint64_t)(person / 2 < UINT32_MAX ? person / 2 : UINT32_MAX) };
	for (int i = 0; i < G_NCOL; i++)
		buf_add(&ctx->text, f[i], strlen(f[i]) + 1);
	row->key = ctx->text.n;
	buf_add(&ctx->text, key, strlen(key) + 1);
	if (ctx->text.oom)
		return err_set(e, ERR_NOMEM, "%s: out of memory keeping the rows to import", c->name);
	im->n.created++;
	return 0;
}

static int by_key(const void *a, const void *b)
{
	const struct staged *x = a, *y = b;
	return strcmp(x->kp, y->kp);
}

static int by_date(const void *a, const void *b)
{
	const struct staged *x = a, *y = b;
	return x->when != y->when ? (x->when < y->when ? -1 : 1) : strcmp(x->kp, y->kp);
}

/* SQLite has one writer: rows handed to its INSERT one statement each cost
 * a statement journal apiece (the table's triggers make every INSERT a
 * multi-row write), two and a half times what one INSERT … SELECT costs
 * for the same rows. So on SQLite the finish step copies the kept rows into
 * a temporary table (this connection's own: no write lock) and apply moves
 * them in one statement. PostgreSQL, whose writers do not wait for each
 * other, inserts row by row inside apply's transaction. */
static int import_stage(struct store *st, const struct gifts_import_ctx *ctx, struct err *e)
{
	if (store_exec(st, e, "DROP TABLE IF EXISTS gifts_import_rows", "") ||
	    store_exec(st, e, "DROP TABLE IF EXISTS gifts_people_import_rows", "") ||
	    store_exec(st, e,
	               "CREATE TEMP TABLE gifts_import_rows(n INTEGER PRIMARY KEY, person_id INTEGER, date_offered TEXT, "
	               "offeror_org TEXT, kind TEXT, description TEXT, value_pence INTEGER, accepted INTEGER, "
	               "reason TEXT, import_key TEXT, publishable INTEGER)", "") ||
	    store_exec(st, e,
	               "CREATE TEMP TABLE gifts_people_import_rows(person_id INTEGER PRIMARY KEY, publishable INTEGER)", ""))
		return -1;
	struct store_load *l;
	if (store_load_begin(st, &l,
	                     "INSERT INTO gifts_import_rows(n, person_id, date_offered, offeror_org, kind, description, "
	                     "value_pence, accepted, reason, import_key, publishable) "
	                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                     "iissssids" "si", e))
		return -1;
	for (size_t k = 0; k < ctx->n; k++) {
		const char *f[G_NCOL];
		csv_import_unpack(ctx->text.p + ctx->rows[k].at, f, G_NCOL);
		if (store_load_row(l, e, (int64_t)k + 1, ctx->rows[k].person, f[G_DATE], f[G_OFFEROR], f[G_KIND],
		                   f[G_DESC], ctx->rows[k].pence, csv_yes_no(f[G_ACC]) == 1, f[G_REASON],
		                   ctx->text.p + ctx->rows[k].key, (int64_t)ctx->rows[k].chief))
			return store_load_end(l, 0, NULL), -1;
	}
	if (store_load_end(l, 1, e))
		return -1;
	/* each person once, with the flag their rows carry, for apply's check */
	int64_t top = 0;
	for (size_t k = 0; k < ctx->n; k++)
		top = ctx->rows[k].person > top ? ctx->rows[k].person : top;
	unsigned char *met = xcalloc((size_t)top + 1, 1);
	int rc = store_load_begin(st, &l, "INSERT INTO gifts_people_import_rows(person_id, publishable) VALUES (?, ?)",
	                          "ii", e);
	for (size_t k = 0; rc == 0 && k < ctx->n; k++) {
		if (met[ctx->rows[k].person])
			continue;
		met[ctx->rows[k].person] = 1;
		if (store_load_row(l, e, ctx->rows[k].person, (int64_t)ctx->rows[k].chief)) {
			store_load_end(l, 0, NULL);
			rc = -1;
		}
	}
	free(met);
	return rc ? -1 : store_load_end(l, 1, e);
}

/* The rows (sorted by import key) whose key no stored gift has, kept in
 * place (*kept of them); the others were imported before: unchanged. Two
 * ways, the same result: a look-up per row walks the import_key index in
 * key order; a walk of the stored keys from the first row's on, merged
 * with the rows, reads each index entry once, for when the file has at
 * least a quarter as many rows as gifts are stored (one statement instead
 * of one per row: 0.1 s of CPU instead of 0.6 s at ten times the demo). */
static int drop_stored_by_lookup(struct csv_import *im, struct gifts_import_ctx *ctx, size_t *kept, struct err *e)
{
	for (size_t k = 0; k < ctx->n; k++) {
		int64_t stored;
		int r = store_int(im->st, e, &stored, "SELECT id FROM gifts WHERE import_key = ?", "s", ctx->rows[k].kp);
		if (r < 0)
			return -1;
		if (r == 1)
			im->n.created--; /* imported before: unchanged */
		else
			ctx->rows[(*kept)++] = ctx->rows[k];
	}
	return 0;
}

static int drop_stored_by_walk(struct csv_import *im, struct gifts_import_ctx *ctx, size_t *kept, struct err *e)
{
	if (!ctx->n)
		return 0;
	struct stmt *s;
	if (store_query(im->st, &s, e, "SELECT import_key FROM gifts WHERE import_key >= ? ORDER BY import_key", "s",
	                ctx->rows[0].kp))
		return -1;
	size_t k = 0;
	int r = 0;
	while (k < ctx->n && (r = stmt_next(s, e)) == 1) {
		const char *key = stmt_text(s, 0);
		int c = -1;
		for (; k < ctx->n && (c = strcmp(ctx->rows[k].kp, key)) < 0; k++)
			ctx->rows[(*kept)++] = ctx->rows[k];
		if (c == 0) {
			im->n.created--; /* imported before: unchanged */
			k++;
		}
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	for (; k < ctx->n; k++)
		ctx->rows[(*kept)++] = ctx->rows[k];
	return 0;
}

/* Rows in date order, those already stored dropped (a rerun), still
 * without the write lock. */
static int import_finish(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct gifts_import_ctx *ctx = im->ctx;
	(void)c;
	for (size_t k = 0; k < ctx->n; k++)
		ctx->rows[k].kp = ctx->text.p + ctx->rows[k].key;
	int pg = !strcmp(store_backend(im->st), "postgresql");
	if (ctx->n) /* none kept (an export read back): rows is NULL */
		qsort(ctx->rows, ctx->n, sizeof *ctx->rows, pg ? by_date : by_key);
	size_t kept = 0;
	if (pg) {
		/* a look-up per row is a round trip each: stage every row (one
		 * COPY), then one statement sets aside (n < 0) those already stored */
		ctx->staged = 1;
		if (import_stage(im->st, ctx, e) ||
		    store_exec(im->st, e, "UPDATE gifts_import_rows SET n = -n WHERE import_key IN "
		                          "(SELECT import_key FROM gifts WHERE import_key IS NOT NULL)", ""))
			return -1;
		im->n.created -= store_changes(im->st);
		return 0;
	}
	/* one read transaction for every look-up and the staging, not one each
	 * (SQLite's WAL read lock, and the temporary tables' own transaction,
	 * taken and released per row); the staging writes only this
	 * connection's temporary tables, so takes no write lock */
	if (store_begin_read(im->st, e))
		return -1;
	int64_t stored_keys = 0;
	int r = ctx->n ? store_int(im->st, e, &stored_keys, "SELECT value FROM row_counts WHERE name = 'gifts'", "") : 0;
	if (r >= 0)
		r = stored_keys <= 4 * (int64_t)ctx->n ? drop_stored_by_walk(im, ctx, &kept, e)
		                                       : drop_stored_by_lookup(im, ctx, &kept, e);
	ctx->n = kept;
	if (r >= 0 && ctx->n)
		qsort(ctx->rows, ctx->n, sizeof *ctx->rows, by_date);
	ctx->staged = !im->dry_run && !strcmp(store_backend(im->st), "sqlite");
	if (r >= 0 && ctx->staged)
		r = import_stage(im->st, ctx, e);
	if (r < 0) {
		store_rollback(im->st);
		return -1;
	}
	return store_commit(im->st, e);
}

/* The short write: every kept row in date order, in one transaction
 * the pipeline opened. The CHECK constraints were all tested by the row
 * step (kind; value and accepted are parsed; status is a constant). A
 * person's chief-officer flag (their declarations are publishable) was
 * read with the staff numbers, before the lock: under it, one statement
 * per person (not per row: a JOIN of every row with people cost 1.2 s of
 * CPU at ten times the demo) catches a person changed or gone since, whose
 * rows then take the flag as it is now, or are left out as the JOIN left
 * them out. */
static int import_apply(struct csv_import *im, struct err *e)
{
	struct gifts_import_ctx *ctx = im->ctx;
	char now[21];
	time_now_iso(now);
	long created = 0;
	int rc = store_checks_done(im->st, 1, e);
	int own_counts = 0; /* the triggers are off: the counts are this step's to keep */
	if (rc == 0 && ctx->staged && (own_counts = store_bulk_insert(im->st, 1, e)) < 0)
		rc = -1;
	if (rc == 0 && ctx->staged)
		rc = store_exec(im->st, e,
		                "DELETE FROM gifts_import_rows WHERE person_id IN (SELECT r.person_id FROM "
		                "gifts_people_import_rows r WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = r.person_id))",
		                "") ||
		     store_exec(im->st, e,
		                "UPDATE gifts_import_rows SET publishable = (SELECT p.chief_officer FROM people p "
		                "WHERE p.id = gifts_import_rows.person_id) WHERE person_id IN (SELECT r.person_id FROM "
		                "gifts_people_import_rows r JOIN people p ON p.id = r.person_id "
		                "WHERE p.chief_officer <> r.publishable)", "");
	if (rc == 0 && ctx->staged) {
		rc = store_exec(im->st, e,
		                "INSERT INTO gifts(person_id, date_offered, offeror_org, kind, description, value_pence, "
		                "accepted, reason, status, publishable, created_at, import_key) "
		                "SELECT r.person_id, r.date_offered, r.offeror_org, r.kind, r.description, r.value_pence, "
		                "r.accepted, r.reason, 'recorded', r.publishable, ?, r.import_key "
		                "FROM gifts_import_rows r WHERE r.n > 0 ORDER BY r.n ON CONFLICT(import_key) DO NOTHING",
		                "t", now);
		if (rc == 0)
			created = store_changes(im->st);
	}
	/* gifts' AFTER INSERT triggers (migrations 002, 039) each add 1 per row
	 * to a counter: one UPDATE each for the whole import instead, with the
	 * same result; the one reference an imported gift holds, its person,
	 * was checked above under the same lock (the other references are
	 * NULL). At ten times the demo the triggers cost 0.4 s of CPU of the
	 * write lock, the reference checks 0.5 s. */
	if (own_counts > 0 && store_bulk_insert(im->st, 0, rc ? NULL : e) < 0)
		rc = -1;
	if (rc == 0 && own_counts > 0 && created > 0 &&
	    (store_exec(im->st, e, "UPDATE change_counters SET value = value + ? WHERE name = 'gifts'", "i",
	                (int64_t)created) ||
	     store_exec(im->st, e, "UPDATE row_counts SET value = value + ? WHERE name = 'gifts'", "i",
	                (int64_t)created)))
		rc = -1;
	for (size_t k = 0; rc == 0 && !ctx->staged && k < ctx->n; k++) {
		const char *f[G_NCOL + 1];
		csv_import_unpack(ctx->text.p + ctx->rows[k].at, f, G_NCOL + 1);
		rc = store_exec(im->st, e,
		                "INSERT INTO gifts(person_id, date_offered, offeror_org, kind, description, value_pence, "
		                "accepted, reason, status, publishable, created_at, import_key) "
		                "SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'recorded', chief_officer, ?, ? FROM people WHERE id = ? "
		                "ON CONFLICT(import_key) DO NOTHING",
		                "issssi" "ds" "ss" "i", ctx->rows[k].person, f[G_DATE], f[G_OFFEROR], f[G_KIND], f[G_DESC],
		                ctx->rows[k].pence, csv_yes_no(f[G_ACC]) == 1, f[G_REASON], now, f[G_NCOL],
		                ctx->rows[k].person);
		if (rc == 0)
			created += store_changes(im->st);
	}
	if (store_checks_done(im->st, 0, rc ? NULL : e))
		rc = -1;
	if (rc)
		return -1;
	im->n.created = created; /* less than counted only if another import stored some meanwhile */
	return 0;
}

int gifts_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e)
{
	static const char *const from_export[G_NCOL] = { [G_OFFEROR] = "offeror_organisation" };
	static const struct csv_import_spec spec = {
		.header = GIFTS_IMPORT_HEADER, .ncol = G_NCOL, .object_type = "gifts", .row_fn = import_row,
		.finish_fn = import_finish, .apply_fn = import_apply, .reg = &gifts_register_def,
		.from_export = from_export, .exists_sql = "SELECT id FROM gifts WHERE id = ?",
	};
	struct gifts_import_ctx ctx = { .text = BUF_INIT };
	buf_init(&ctx.text, (size_t)4 << 30);
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &ctx };
	/* a large file's inserts touch every index of a large table: with
	 * SQLite's default 2 MB page cache the short write would not be short */
	int r = store_cache_mib(st, 1024, e) || store_defer_checkpoint(st, 1, e) ? -1
	                                                                      : csv_import_file(&spec, &im, path, e);
	/* the log the commit wrote goes into the database now, the lock let go
	 * (should that fail, the next commit's own checkpoint copies it) */
	double t = csv_import_seconds();
	store_defer_checkpoint(st, 0, NULL);
	if (r == 0 && !dry_run && getenv("PROBITY_IMPORT_TIMING"))
		fprintf(stderr, "%s: the checkpoint after the commit %.2f s\n", path, csv_import_seconds() - t);
	store_cache_mib(st, 0, NULL);
	if (ctx.staged) {
		store_exec(st, NULL, "DROP TABLE IF EXISTS gifts_import_rows", "");
		store_exec(st, NULL, "DROP TABLE IF EXISTS gifts_people_import_rows", "");
	}
	seen_free(&ctx.seen);
	seen_free(&ctx.people);
	buf_release(&ctx.text);
	free(ctx.rows);
	*s = im.n;
	return r;
}
