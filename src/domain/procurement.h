/* procurement.h — the procurement cross-check (M4).
 * Procurement sends PSD its list of contracts (supplier, reference, title,
 * award date, value, department). Each supplier is matched against the
 * organisations that offered gifts or hospitality and against staff business
 * interests, by normalised name and a similarity score:
 *
 *   normalise: lower case; "&" becomes "and"; full stops and apostrophes
 *   are dropped and other punctuation becomes a space; a leading "the" and
 *   trailing legal forms (ltd, limited, plc, llp, inc) are removed; spaces
 *   are collapsed. "The ACME Security Ltd." -> "acme security".
 *   score: the mean of two Dice coefficients, 0 to 1: of the two names'
 *   sets of character bigrams (each name padded with a space at both ends),
 *   which forgives spelling and spacing; and of their words, two words being
 *   the same when their own bigram score is at least 0.8, which keeps
 *   "north security" apart from "south security". "acme security" scores
 *   1.00 against itself and 0.45 against "acme foods".
 *
 * A flag is raised when a matching organisation (score >= the threshold,
 * config procurement.match_threshold_pct, default 80) offered a gift or
 * hospitality (accepted or declined) within the window (config
 * procurement.window_months, default 12) up to and including the award
 * date, or when a member of staff holds a business interest in it that was
 * applied for or approved (not refused, withdrawn or ended). PSD reviews each
 * flag: no concern, advice given, or referred to ACU, with a note.
 *
 * Access: psd, acu and admin (the command line acts as the system). */
#ifndef PROBITY_PROCUREMENT_H
#define PROBITY_PROCUREMENT_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/status.h"
#include <stddef.h>
#include <stdint.h>

struct store;
struct import_stats;

#define PROCUREMENT_IMPORT_HEADER "supplier,contract_ref,title,award_date,value,department"
#define PROCUREMENT_CHECK_HEADER "supplier,contract_ref,award_date,match,matched_name,staff_number,record_date,score"
#define PROCUREMENT_ROLES (ROLE_PSD | ROLE_ACU | ROLE_ADMIN)
#define SUPPLIER_NAME_MAX 256

/* Normalise name into out (at most n bytes with the NUL; longer names are cut). */
void supplier_normalise(const char *name, char *out, size_t n);
/* The similarity of two already-normalised names, 0..1 (see above). */
double supplier_similarity(const char *a, const char *b);
/* Normalise both and score them. */
double supplier_score(const char *a, const char *b);

/* A column mapping for contract lists with another layout: for each of
 * our columns (in PROCUREMENT_IMPORT_HEADER order) the name of the file's
 * column that holds it, or NULL/"" when the file has none (supplier,
 * contract_ref and award_date must be mapped). The file's other columns are
 * ignored. */
enum { PC_SUPPLIER, PC_REF, PC_TITLE, PC_AWARD, PC_VALUE, PC_DEPT, PC_NCOL };
struct proc_mapping {
	const char *col[PC_NCOL];
};
/* Parse "field=File column" into m (field one of our column names). */
int proc_mapping_set(struct proc_mapping *m, const char *spec, struct err *e);

/* Import a contract list: with map NULL the header must be exactly
 * PROCUREMENT_IMPORT_HEADER. Contracts are keyed by contract_ref: a row for a
 * contract already held updates it (counted as updated) or, when identical,
 * changes nothing, so rerunning a file adds nothing. All-or-nothing; errors
 * name "file:line: column: problem"; dry_run writes nothing. who is logged
 * (NULL: the system). */
int procurement_import(struct store *st, const struct actor *who, const char *path, const struct proc_mapping *map,
                       int dry_run, struct import_stats *s, struct err *e);
/* The same from memory (the web form); name is used in messages. */
int procurement_import_mem(struct store *st, const struct actor *who, const char *name, const char *data,
                           size_t len, const struct proc_mapping *map, int dry_run, struct import_stats *s,
                           struct err *e);

/* ---- the cross-check ---- */

struct proc_options {
	int window_months;   /* <= 0: config procurement.window_months */
	double threshold;    /* <= 0: config procurement.match_threshold_pct / 100 */
};

/* One flag, as borrowed views into the run (valid until proc_run_free). */
struct proc_flag {
	int64_t contract_id;
	const char *supplier, *contract_ref, *award_date;
	const char *match;         /* "gift" or "business_interest" */
	int64_t record_id;         /* gifts.id or business_interests.id */
	const char *matched_name;  /* the offeror or organisation as recorded */
	int64_t person_id;
	const char *staff_number, *person_name;
	const char *record_date;   /* date_offered or start_date */
	double score;
};

struct proc_run;

/* Run the cross-check over every contract. Flags are sorted by
 * contract_ref, staff_number, record_date, score (then match and record).
 * Refuses (ERR_DENIED, logged) without psd, acu or admin. */
int procurement_check(struct store *st, const struct actor *who, const struct proc_options *o,
                      struct proc_run **out, struct err *e);
size_t proc_run_count(const struct proc_run *r);
void proc_run_flag(const struct proc_run *r, size_t i, struct proc_flag *f);
/* The window and threshold the run used; how many contracts it checked. */
int proc_run_window(const struct proc_run *r);
double proc_run_threshold(const struct proc_run *r);
size_t proc_run_contracts(const struct proc_run *r);
void proc_run_free(struct proc_run *r);
/* The flags as CSV (PROCUREMENT_CHECK_HEADER, score with 2 decimals). */
int proc_run_csv(const struct proc_run *r, struct buf *out);

/* ---- PSD's review of a flag ---- */

struct proc_review {
	char outcome[20];          /* no_concern, advice_given, referred_to_acu; "" when not reviewed */
	char note[1001];
	char reviewer[64];
	char reviewed_at[21];
};
/* A flag review's outcomes (domain/status.h; "" not reviewed), in
 * proc_outcomes[] by this enum. */
enum proc_outcome { PROC_NOT_REVIEWED, PROC_NO_CONCERN, PROC_ADVICE_GIVEN, PROC_REFERRED_TO_ACU, PROC_NOUTCOME };
extern const struct status_def proc_outcomes[PROC_NOUTCOME];
const char *proc_outcome_label(const char *outcome);
/* The review of one flag (outcome "" when none). */
int procurement_review_get(struct store *st, int64_t contract_id, const char *match, int64_t record_id,
                           struct proc_review *out, struct err *e);
/* Record (or replace) PSD's review; psd only; note required. */
int procurement_review(struct store *st, const struct actor *who, int64_t contract_id, const char *match,
                       int64_t record_id, const char *outcome, const char *note, struct errlist *errs,
                       struct err *e);

/* One contract (for the side-by-side view). */
struct contract {
	int64_t id;
	char supplier[201];
	char contract_ref[65];
	char title[301];
	char award_date[11];
	int64_t value_pence;
	char department[201];
	char created_at[21];
};
int contract_get(struct store *st, const struct actor *who, int64_t id, struct contract *out, struct err *e);
/* One flag in full, for the side-by-side view: the contract, the matched
 * record (a gift or a business interest) and the score of the two names.
 * psd, acu, admin only; the view is logged. ERR_NOTFOUND when the contract
 * or record does not exist. */
struct proc_flag_detail {
	struct contract c;
	char match[20];
	int64_t record_id;
	int64_t person_id;
	char staff_number[32], person_name[200], unit[128];
	char record_date[11];
	char name[201];            /* offeror organisation or interest organisation */
	char offeror_person[201];
	char kind[32];
	char description[1001];
	int64_t value_pence;       /* gifts */
	int accepted;              /* gifts */
	char status[32];
	char detail[1001];         /* gift: reason; interest: possible conflict */
	double score;
};
int procurement_flag_get(struct store *st, const struct actor *who, int64_t contract_id, const char *match,
                         int64_t record_id, struct proc_flag_detail *out, struct err *e);
/* Whether who may review the flag d: PSD, and not about who's own gift or
 * interest nor (duty.line_manager.psd) a report's: separation of duties,
 * which procurement_review enforces (refusal logged, ERR_DENIED). */
int procurement_may_review(struct store *st, const struct actor *who, const struct proc_flag_detail *d);
typedef int (*contract_fn)(void *ctx, const struct contract *c);
/* Contracts by award date, newest first; page from 1. */
int contracts_list(struct store *st, const struct actor *who, int page, int per_page, contract_fn fn, void *ctx,
                   long *total, struct err *e);

#endif
