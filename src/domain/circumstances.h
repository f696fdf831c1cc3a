/* circumstances.h — declared changes of personal circumstances (M3), table
 * circumstances (migration 007). Officers and staff must report promptly
 * anything that may affect their vetting (Vetting Regulations 2025 reg 5):
 * a new partner or co-resident, a change of address or name, financial
 * difficulty (county court judgment, IVA, bankruptcy, unmanageable debt), an
 * arrest, charge, conviction or caution of themselves or a family member, or
 * anything else. Each declaration raises a vetting task (kind
 * change_of_circumstances) in the same transaction; financial difficulty
 * records the declarer's choice of early-intervention referral (debt advice,
 * welfare, both, or declined).
 *
 * Need-to-know, enforced here: the declarer, vetting and PSD — not the line
 * manager. Views by others, changes and refusals are access-logged. */
#ifndef PROBITY_CIRCUMSTANCES_H
#define PROBITY_CIRCUMSTANCES_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/record.h"
#include "domain/register.h"
#include "domain/status.h"
#include <stdint.h>

struct store;

/* The record, one field list (domain/record.h): kind, member, size, SQL
 * (over FROM circumstances c JOIN people p, units u, vetting_tasks t), JSON
 * key, export column. */
#define CIRCUMSTANCE_FIELDS(X) \
	X(I64, id, 0, "c.id", NULL, NULL) \
	X(I64, person_id, 0, "c.person_id", NULL, NULL) \
	X(TEXT, declared_on, 11, "c.declared_on", "declared_on", "declared_on") \
	X(TEXT, staff_number, 32, "p.staff_number", "staff_number", "staff_number") \
	X(TEXT, person_name, 200, "p.forenames || ' ' || p.surname", "name", "name") \
	X(TEXT, unit, 128, "COALESCE(u.name, '')", "unit", "unit") \
	X(TEXT, kind, 24, "c.kind", "kind", "kind") \
	X(TEXT, subtype, 20, "c.subtype", "subtype", "subtype") \
	X(TEXT, subject, 8, "c.subject", "subject", "subject") \
	X(TEXT, other_person, 201, "c.other_person", "other_person", "other_person") \
	X(TEXT, event_date, 11, "c.event_date", "event_date", "event_date") \
	X(TEXT, details, 2001, "c.details", "details", "details") \
	X(TEXT, referral, 16, "c.referral", "referral", "referral") \
	X(I64, task_id, 0, "COALESCE(c.task_id, 0)", "vetting_task.id", NULL) \
	X(TEXT, task_status, 8, "COALESCE(t.status, '')", "vetting_task.status", "vetting_task") \
	X(TEXT, task_outcome, 1001, "COALESCE(t.outcome, '')", "vetting_task.outcome", NULL)

struct circumstance {
	CIRCUMSTANCE_FIELDS(RECORD_MEMBER)
};

/* Where a declaration's vetting task stands (domain/status.h), in
 * circumstance_task_statuses[] by this enum. */
enum circumstance_task { CIRC_TASK_OPEN, CIRC_TASK_CLOSED, CIRC_NTASK };
extern const struct status_def circumstance_task_statuses[CIRC_NTASK];
/* c's task status as the enum; an unknown one counts as open. */
enum circumstance_task circumstance_task(const struct circumstance *c);

/* Its reference, CC and six digits: the one format pages, CSV and JSON show. */
const char *circumstance_ref(int64_t id, char out[REF_MAX]);

struct circumstance_input {
	const char *kind;          /* partner_or_coresident, address, name, financial_difficulty, criminal_justice, other */
	const char *subtype;       /* financial: ccj, iva, bankruptcy, unmanageable_debt; criminal: arrest, charge, conviction, caution */
	const char *subject;       /* criminal_justice: self or family */
	const char *other_person;  /* partner/co-resident/family member's name (required for those) */
	const char *details;
	const char *event_date;
	const char *referral;      /* financial_difficulty: debt_advice, welfare, both, declined */
	const char *submit_key;
};

#define CIRC_READERS (ROLE_VETTING | ROLE_PSD)

/* Check a declaration as circumstance_declare would, storing nothing (the
 * check-your-answers page): ERR_DENIED without a staff record, ERR_INPUT
 * with errs in the form's order. */
int circumstance_check(const struct actor *who, const struct circumstance_input *in, struct errlist *errs,
                       struct err *e);
int circumstance_declare(struct store *st, const struct actor *who, const struct circumstance_input *in, int64_t *id,
                         struct errlist *errs, struct err *e);
/* The form's checks (errors by the form's field names: fin_subtype and
 * cj_subtype are the subtype), shared with the import. */
void circumstance_validate(const struct circumstance_input *in, struct errlist *errs);

/* The import reads the register's own export: these columns, reference first. */
#define CIRCUMSTANCES_IMPORT_HEADER \
	"reference,declared_on,staff_number,name,unit,kind,subtype,subject,other_person,event_date,details," \
	"referral,vetting_task"
struct import_stats;
/* Import path ("-" standard input; CSV or XLSX) as who, who must be PSD
 * (refusal logged). The reference is the key: empty adds a declaration
 * (once: an identical row again is the same one) and raises its vetting
 * task as the form does; a stored one is compared and updated only where an
 * importable column differs (not once vetting has assessed it); any other
 * reference is refused. name, unit and vetting_task are shown for reading
 * and not imported. Each row is checked as the form checks it; no row may
 * create or change the importer's own declaration. All or nothing; dry_run
 * writes nothing. */
int circumstances_import(struct store *st, const struct actor *who, const char *path, int dry_run,
                         struct import_stats *s, struct err *e);

int circumstance_get(struct store *st, const struct actor *who, int64_t id, struct circumstance *out, struct err *e);

enum circ_scope { CIRC_MINE, CIRC_REGISTER };

struct circumstance_filter {
	const char *kind;       /* "" any */
	const char *task;       /* "" any, "open", "closed" */
	const char *q;          /* declarer name or staff number */
	int referral;           /* 1: only with an early-intervention referral */
	int64_t person_id;
	const char *sort;       /* declared, person, kind; '-' prefix descending */
	int page, per_page;
};

typedef int (*circumstance_fn)(void *ctx, const struct circumstance *c);
int circumstances_list(struct store *st, const struct actor *who, enum circ_scope scope,
                       const struct circumstance_filter *f, circumstance_fn fn, void *ctx, long *total, struct err *e);
/* The list's statements, one per sort order (for plan tests): the register's
 * (register_scope 1), the register's by date with no filter (2: by index
 * alone), or the declarer's own (0). */
struct list_sql;
const struct list_sql *circumstances_list_statements(int register_scope, size_t *n);

/* The register's read side (domain/register.h): list, get, export, JSON. */
extern const struct register_def circumstances_register_def;

const char *circumstance_kind_label(const char *k);
const char *circumstance_subtype_label(const char *s);
const char *circumstance_referral_label(const char *r);

#endif
