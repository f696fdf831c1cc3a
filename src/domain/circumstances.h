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
#include <stdint.h>

struct store;

struct circumstance {
	int64_t id;
	int64_t person_id;
	char staff_number[32];
	char person_name[200];
	char unit[128];
	char kind[24];
	char subtype[20];
	char subject[8];
	char other_person[201];
	char details[2001];
	char event_date[11];
	char declared_on[11];
	char referral[16];
	int64_t task_id;
	char task_status[8];
	char task_outcome[1001];
};

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

int circumstance_declare(struct store *st, const struct actor *who, const struct circumstance_input *in, int64_t *id,
                         struct errlist *errs, struct err *e);
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
/* The rows matching f (all pages) as CSV (xlsx 0) or XLSX (xlsx 1). Vetting/PSD only; logged. */
int circumstances_export(struct store *st, const struct actor *who, const struct circumstance_filter *f, int xlsx,
                         struct buf *out, struct err *e);

const char *circumstance_kind_label(const char *k);
const char *circumstance_subtype_label(const char *s);
const char *circumstance_referral_label(const char *r);

#endif
