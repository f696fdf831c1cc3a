/* associations.h — the notifiable associations register (M2), table
 * notifiable_associations (migration 004, shared with ICT audit monitoring:
 * associate_ref is the associate's person id in force systems, which rule R1
 * uses to find lookups of declared associates).
 *
 * A member of staff declares an association; PSD assesses it (risk low,
 * medium or high, advice or conditions, a review date). Need-to-know,
 * enforced here: the declarer, PSD and ACU only — not the line manager, not
 * an administrator. Every view by someone other than the declarer, every
 * change and every refusal is in the access log. */
#ifndef PROBITY_ASSOCIATIONS_H
#define PROBITY_ASSOCIATIONS_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/record.h"
#include "domain/register.h"
#include "domain/status.h"
#include <stdint.h>

struct store;

/* The record, one field list (domain/record.h): kind, member, size, SQL
 * (over FROM notifiable_associations a JOIN people p, units u, accounts aa,
 * people ap), JSON key, export column. */
#define ASSOCIATION_FIELDS(X) \
	X(I64, id, 0, "a.id", NULL, NULL) \
	X(I64, person_id, 0, "a.person_id", NULL, NULL) \
	X(TEXT, declared_on, 11, "a.declared_on", "declared_on", "declared_on") \
	X(TEXT, staff_number, 32, "p.staff_number", "staff_number", "staff_number") \
	X(TEXT, person_name, 200, "p.forenames || ' ' || p.surname", "name", "name") \
	X(TEXT, unit, 128, "COALESCE(u.name, '')", "unit", "unit") \
	X(TEXT, associate_name, 201, "a.associate_name", "associate_name", "associate_name") \
	X(TEXT, associate_ref, 33, "a.associate_ref", "associate_ref", "associate_ref") \
	X(TEXT, category, 24, "a.category", "category", "category") \
	X(TEXT, relationship, 501, "a.relationship", "relationship", "relationship") \
	X(TEXT, contact_frequency, 201, "a.contact_frequency", "contact_frequency", "contact_frequency") \
	X(TEXT, began_on, 11, "a.began_on", "began_on", "began_on") \
	X(TEXT, status, 12, "a.status", "status", "status") /* declared, assessed, ended */ \
	X(TEXT, risk, 8, "a.risk", "risk", "risk")          /* "", low, medium, high */ \
	X(TEXT, advice, 1001, "a.advice", "advice", "advice") \
	X(TEXT, review_date, 11, "a.review_date", "review_date", "review_date") \
	X(TEXT, assessed_by, 200, "COALESCE(ap.forenames || ' ' || ap.surname, aa.username, '')", NULL, "assessed_by") \
	X(TEXT, assessed_at, 21, "a.assessed_at", NULL, NULL)

struct association {
	ASSOCIATION_FIELDS(RECORD_MEMBER)
};

/* The statuses and risks (domain/status.h), in association_statuses[] and
 * association_risks[] by these enums. */
enum association_status { ASSOC_DECLARED, ASSOC_ASSESSED, ASSOC_ENDED, ASSOC_NSTATUS };
enum association_risk { ASSOC_HIGH, ASSOC_MEDIUM, ASSOC_LOW, ASSOC_NRISK };
extern const struct status_def association_statuses[ASSOC_NSTATUS];
extern const struct status_def association_risks[ASSOC_NRISK];
/* a's status as the enum; -1 when it is none of them. */
int association_status(const struct association *a);
/* What a tag shows for a: its risk once assessed, else its status. */
const struct status_def *association_shown_status(const struct association *a);

/* Its reference, NA and six digits: the one format pages, CSV and JSON show. */
const char *association_ref(int64_t id, char out[REF_MAX]);

struct association_input {
	const char *associate_name;
	const char *associate_ref;     /* optional: person id in force systems */
	const char *category;
	const char *relationship;
	const char *contact_frequency;
	const char *began_on;          /* YYYY-MM-DD */
	const char *submit_key;
};

/* Who may see associations other than their own: PSD and ACU. */
#define ASSOC_READERS (ROLE_PSD | ROLE_ACU)

int association_declare(struct store *st, const struct actor *who, const struct association_input *in, int64_t *id,
                        struct errlist *errs, struct err *e);
/* association_declare's checks without storing, for check your answers. */
int association_check(struct store *st, const struct actor *who, const struct association_input *in,
                      struct errlist *errs, struct err *e);
/* The form's checks of a declaration's fields (errors by field name), and
 * of an assessment's (risk, advice for medium and high, a review date today
 * or later): the declaration and assessment pages and the import share them. */
void association_validate(const struct association_input *in, struct errlist *errs);
void association_assessment_validate(const char *risk, const char *advice, const char *review_date,
                                     struct errlist *errs);

/* The import reads the register's own export: these columns, reference first. */
#define ASSOCIATIONS_IMPORT_HEADER \
	"reference,declared_on,staff_number,name,unit,associate_name,associate_ref,category,relationship," \
	"contact_frequency,began_on,status,risk,advice,review_date,assessed_by"
struct import_stats;
/* Import path ("-" standard input; CSV or XLSX) as who, who must be PSD
 * (refusal logged). The reference is the key: empty adds a declaration
 * (once: an identical row again is the same one), a stored one is compared
 * and updated only where an importable column differs, any other refused.
 * name, unit and assessed_by are shown for reading and not imported. Each
 * row is checked as the forms check it; setting or changing an assessment
 * is an assessment (separation of duties: not one's own declaration, nor a
 * line report's); no row may create or change the importer's own
 * declaration. All or nothing; dry_run writes nothing. */
int associations_import(struct store *st, const struct actor *who, const char *path, int dry_run,
                        struct import_stats *s, struct err *e);

/* Load one association if who is its declarer, PSD or ACU (else ERR_DENIED, logged). */
int association_get(struct store *st, const struct actor *who, int64_t id, struct association *out, struct err *e);
/* PSD assesses (or reassesses): risk low/medium/high, advice (required for
 * medium and high), review date (today or later). */
int association_assess(struct store *st, const struct actor *who, int64_t id, const char *risk, const char *advice,
                       const char *review_date, struct errlist *errs, struct err *e);
/* Whether who may assess a now: PSD, not ended, and not barred by
 * separation of duties (duty.h: the declarer, or their line manager). */
int association_may_assess(struct store *st, const struct actor *who, const struct association *a);
/* The declarer (or PSD) records that the association has ended. */
int association_end(struct store *st, const struct actor *who, int64_t id, const char *note, struct err *e);

/* What the declarer reported about association id at annual integrity
 * reviews (changed or ended, with their note), newest first. The caller
 * must already have passed association_get for who. */
typedef int (*association_note_fn)(void *ctx, int year, const char *response, const char *note);
int association_air_notes(struct store *st, int64_t id, association_note_fn fn, void *ctx, struct err *e);

enum assoc_scope { ASSOC_MINE, ASSOC_REGISTER };

struct association_filter {
	const char *category;   /* "" any */
	const char *risk;       /* "" any, "none" = not yet assessed */
	const char *status;     /* "" any */
	const char *q;          /* substring of associate name, ref or declarer name */
	int due;                /* 1: assessed with a review date within 30 days or past */
	int64_t person_id;      /* 0 any */
	const char *sort;       /* declared, name, person, risk, review; '-' prefix descending */
	int page;
	int per_page;           /* default 50, max 500; -1 all */
};

typedef int (*association_fn)(void *ctx, const struct association *a);
/* ASSOC_REGISTER needs PSD or ACU (refusal logged); ASSOC_MINE lists who's own. */
int associations_list(struct store *st, const struct actor *who, enum assoc_scope scope,
                      const struct association_filter *f, association_fn fn, void *ctx, long *total, struct err *e);
/* The list's statements, one per sort order (for plan tests): the register's
 * (register_scope 1), the register's by date with no filter (2: by index
 * alone), or the declarer's own (0). */
struct list_sql;
const struct list_sql *associations_list_statements(int register_scope, size_t *n);
/* Count of assessed associations whose review is due within 30 days or past. */
int associations_reviews_due(struct store *st, const struct actor *who, long *n, struct err *e);

/* The register's read side (domain/register.h): list, get, export, JSON. */
extern const struct register_def associations_register_def;

const char *association_category_label(const char *c);
#define ASSOC_NCATEGORY 8
extern const struct label_def association_categories[ASSOC_NCATEGORY];

#endif
