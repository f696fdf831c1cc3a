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
#include <stdint.h>

struct store;

struct association {
	int64_t id;
	int64_t person_id;
	char staff_number[32];
	char person_name[200];
	char unit[128];
	char associate_name[201];
	char associate_ref[33];
	char category[24];
	char relationship[501];
	char contact_frequency[201];
	char began_on[11];
	char declared_on[11];
	char status[12];            /* declared, assessed, ended */
	char risk[8];               /* "", low, medium, high */
	char advice[1001];
	char review_date[11];
	char assessed_by[200];
	char assessed_at[21];
};

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
/* The register rows matching f (all pages) as CSV (xlsx 0) or XLSX (xlsx 1)
 * appended to out. PSD/ACU only; logged. */
int associations_export(struct store *st, const struct actor *who, const struct association_filter *f, int xlsx,
                        struct buf *out, struct err *e);
/* Count of assessed associations whose review is due within 30 days or past. */
int associations_reviews_due(struct store *st, const struct actor *who, long *n, struct err *e);

const char *association_category_label(const char *c);
extern const char *const association_categories[];   /* NULL-terminated */

#endif
