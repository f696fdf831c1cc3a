/* gifts.h — the gifts and hospitality register (M2).
 * Every offer, accepted or declined, is declared by its recipient. The line
 * manager approves or refuses with a comment; an offer whose value is over
 * the configured PSD threshold (config gifts.psd_threshold_pence) then goes
 * to PSD for the final decision. Status: awaiting_manager -> awaiting_psd ->
 * approved | refused; imported historic entries are "recorded".
 *
 * Need-to-know, enforced here: staff see their own declarations; a line
 * manager sees their direct reports'; psd and admin see all. Every view of
 * another person's declaration, and every refusal, is in the access log. */
#ifndef PROBITY_GIFTS_H
#define PROBITY_GIFTS_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/record.h"
#include "domain/register.h"
#include "domain/status.h"
#include <stdint.h>

struct store;

#define GIFTS_IMPORT_HEADER "staff_number,date_offered,offeror,kind,description,value,accepted,reason"

/* The record, one field list (domain/record.h): kind, member, size, SQL
 * (over FROM gifts g JOIN people p, units u, people m, accounts pa), JSON
 * key, export column. */
#define GIFT_FIELDS(X) \
	X(I64, id, 0, "g.id", NULL, NULL) \
	X(I64, person_id, 0, "g.person_id", NULL, NULL) \
	X(TEXT, date_offered, 11, "g.date_offered", "date_offered", "date_offered") \
	X(TEXT, staff_number, 32, "p.staff_number", "staff_number", "staff_number") \
	X(TEXT, person_name, 200, "p.forenames || ' ' || p.surname", "name", "name") \
	X(TEXT, unit, 128, "COALESCE(u.name, '')", "unit", "unit") \
	X(TEXT, offeror_org, 201, "g.offeror_org", "offeror_organisation", "offeror_organisation") \
	X(TEXT, offeror_person, 201, "g.offeror_person", "offeror_person", "offeror_person") \
	X(TEXT, kind, 16, "g.kind", "kind", "kind") /* gift, hospitality, other */ \
	X(TEXT, description, 1001, "g.description", "description", "description") \
	X(MONEY, value_pence, 0, "g.value_pence", "value_pence", "value") \
	X(BOOL, accepted, 0, "g.accepted", "accepted", "accepted") \
	X(TEXT, reason, 1001, "g.reason", "reason", "reason") \
	X(TEXT, relationship, 501, "g.relationship", NULL, "business_relationship") \
	X(STATUS, status, 20, "g.status", "status", "status") \
	X(TEXT, manager_name, 200, "COALESCE(m.forenames || ' ' || m.surname, '')", "manager.name", "manager") \
	X(TEXT, manager_decision, 16, "g.manager_decision", "manager.decision", "manager_decision") /* approved, refused, "" */ \
	X(TEXT, manager_comment, 1001, "g.manager_comment", "manager.comment", "manager_comment") \
	X(TEXT, manager_at, 21, "g.manager_at", "manager.at", NULL) \
	X(TEXT, psd_name, 200, "COALESCE((SELECT x.forenames || ' ' || x.surname FROM people x WHERE x.id = pa.person_id), pa.username, '')", "psd.name", NULL) \
	X(TEXT, psd_decision, 16, "g.psd_decision", "psd.decision", "psd_decision") \
	X(TEXT, psd_comment, 1001, "g.psd_comment", "psd.comment", "psd_comment") \
	X(TEXT, psd_at, 21, "g.psd_at", "psd.at", NULL) \
	X(BOOL, publishable, 0, "g.publishable", "publishable", NULL) \
	X(TEXT, created_at, 21, "g.created_at", NULL, NULL)

struct gift {
	GIFT_FIELDS(RECORD_MEMBER)
};

/* The statuses (domain/status.h), in gift_statuses[] by this enum. */
enum gift_status { GIFT_AWAITING_MANAGER, GIFT_AWAITING_PSD, GIFT_APPROVED, GIFT_REFUSED, GIFT_RECORDED, GIFT_NSTATUS };
extern const struct status_def gift_statuses[GIFT_NSTATUS];
/* g's status as the enum; -1 when it is none of them. */
int gift_status(const struct gift *g);

/* Its reference, G and six digits: the one format pages, CSV and JSON show. */
const char *gift_ref(int64_t id, char out[REF_MAX]);

/* The register's read side (domain/register.h): list, get, export, JSON. */
extern const struct register_def gifts_register_def;

/* What a declarer types in the form (all text, as posted). */
struct gift_input {
	const char *date_offered;
	const char *offeror_org;
	const char *offeror_person;
	const char *kind;
	const char *description;
	const char *value;          /* pounds, e.g. "25.00" */
	const char *accepted;       /* "yes" / "no" */
	const char *reason;
	const char *relationship;
	const char *submit_key;     /* the form's one-time key: a repost returns the same id */
};

/* Validate and store a declaration by who (who must have a person).
 * On invalid input returns ERR_INPUT with every problem in errs. */
int gift_declare(struct store *st, const struct actor *who, const struct gift_input *in, int64_t *id,
                 struct errlist *errs, struct err *e);

/* gift_declare's checks without storing anything, for check your answers:
 * 0 when the declaration would be accepted. */
int gift_check(struct store *st, const struct actor *who, const struct gift_input *in, struct errlist *errs,
               struct err *e);

/* Load one declaration if who may see it (else ERR_DENIED, logged). */
int gift_get(struct store *st, const struct actor *who, int64_t id, struct gift *out, struct err *e);

/* who decides as line manager ("approved"/"refused", comment required on
 * refusal) or as PSD. Refuses a decision out of turn (ERR_CONFLICT) or by
 * someone without the right (ERR_DENIED). */
int gift_decide(struct store *st, const struct actor *who, int64_t id, const char *decision, const char *comment,
                struct errlist *errs, struct err *e);
/* As gift_decide; *next_status is the declaration's status after it
 * (enum gift_status: GIFT_AWAITING_PSD when the manager's approval sent it
 * on to Professional Standards, not yet a decision the declarer can see). */
int gift_decide_next(struct store *st, const struct actor *who, int64_t id, const char *decision, const char *comment,
                     int *next_status, struct errlist *errs, struct err *e);

/* Register filters, as typed in the query string. Empty means any. */
struct gift_filter {
	const char *from, *to;      /* date_offered range, inclusive */
	int64_t unit_id;            /* includes sub-units */
	const char *offeror;        /* substring of organisation or person, case-insensitive */
	int value_band;             /* 0 any, 1 under £25, 2 £25–£100, 3 £100–£500, 4 over £500 */
	int accepted;               /* -1 any, 0 declined, 1 accepted */
	const char *status;
	int64_t person_id;          /* one person's history */
	const char *sort;           /* date, value, offeror, person, status; prefix '-' for descending */
	int page;                   /* 1-based */
	int per_page;               /* default 50, max 500; 0 with export = all rows */
	int *estimated;             /* NULL: count exactly; else the register's filtered count over a large
	                             * register may be estimated from a sample, and this is set to 1 if so */
};

enum gift_scope {
	GIFTS_MINE,       /* who's own declarations */
	GIFTS_AWAITING,   /* awaiting who's decision (manager or PSD) */
	GIFTS_REGISTER,   /* force-wide: psd, admin */
	GIFTS_TEAM,       /* who's direct reports' */
};

/* The scope in which who sees one person's declarations (their history
 * page): the register for PSD and admin, their own, or their direct
 * reports'. Anyone else (vetting, ACU...) is refused, logged, with
 * ERR_DENIED, rather than shown an empty list as if there were none. */
struct person;
int gifts_person_scope(struct store *st, const struct actor *who, const struct person *p, enum gift_scope *scope,
                       struct err *e);

/* Called once per row in order. Return non-zero to stop. */
typedef int (*gift_row_fn)(void *ctx, const struct gift *g);

/* List declarations in scope matching f; *total is the count of all
 * matching rows (for paging). Refuses GIFTS_REGISTER without psd/admin. */
/* The list's statements, one per sort order (register_scope 1: the
 * force-wide register's pages, 2: the whole register at once, an export;
 * 0: mine and awaiting; 3: a team's and 4: the register's by date with no
 * filter, by index alone; 5: a team's with a filter or in another order;
 * 6: the register's deep pages by date with no filter, from the page's
 * first day, bound ?1 the day, ?2 the limit, ?3 the place in the day;
 * 7: a team's as 5 without an offeror filter, counted by a subquery),
 * for the tests that check each reaches its rows
 * through an index (test_gifts.c). */
struct list_sql;
const struct list_sql *gifts_list_statements(int register_scope, size_t *n);
/* The register's pages by date with no filter that skip at least rows
 * gifts start from their first day (20,000 unless set); for the tests. */
void gifts_deep_pages_from(int64_t rows);
/* The statement gifts_list runs for a page of scope with f's filters and
 * sort (per_page >= 0): one per shape, the filters set and the sort (gifts.c),
 * the same text for the same shape; for the tests. */
const char *gifts_page_statement(enum gift_scope scope, const struct gift_filter *f);
int gifts_list(struct store *st, const struct actor *who, enum gift_scope scope, const struct gift_filter *f,
               gift_row_fn fn, void *ctx, long *total, struct err *e);
/* The access log row gifts_list writes for a list view with its filters;
 * a page served from the fragment cache calls it itself. */
int gifts_list_log(struct store *st, const struct actor *who, enum gift_scope scope, const struct gift_filter *f,
                   struct err *e);

/* Export exactly the rows gifts_list would give for f (all pages) as CSV or
 * XLSX into out. Logged as an export. */
int gifts_export_csv(struct store *st, const struct actor *who, const struct gift_filter *f, struct buf *out,
                     struct err *e);
int gifts_export_xlsx(struct store *st, const struct actor *who, const struct gift_filter *f, struct buf *out,
                      struct err *e);

/* Import the force's existing register (GIFTS_IMPORT_HEADER). All-or-nothing,
 * rerunnable: a row already imported is not imported again. */
struct import_stats;
int gifts_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e);

/* The value bands of gift_filter.value_band, 0 (any) .. GIFT_VALUE_BANDS-1. */
#define GIFT_VALUE_BANDS 5

/* Whether who may decide g now: its declarer never; at awaiting_manager
 * the declarer's line manager; at awaiting_psd PSD. */
int gift_may_decide(struct store *st, const struct actor *who, const struct gift *g);

/* Labels for display. */
const char *gift_status_label(const char *status);
const char *gift_value_band_label(int band);

#endif
