/* air.h — the Annual Integrity Review (M3), tables air_rounds, air_waves,
 * air_returns, air_return_items (migration 007).
 *
 * An administrator opens a round for a year and rolls it out in waves: by
 * unit (one wave per top-level unit — area or directorate — spread over the
 * twelve months) or by month (each person in the month of their service
 * anniversary). Every current member of the force gets a return in their
 * wave. From the wave's opening date the person completes it: the form is
 * pre-filled with their current register entries (gifts and hospitality of
 * the last 12 months, business interests in force, associations not ended,
 * circumstances declared in the last 12 months), each confirmed, changed or
 * ended, and they state whether anything else changed. Their line manager
 * then records the integrity conversation and signs off. Completion:
 *   - updates the records: an association marked ended is ended, one marked
 *     changed goes back to PSD for reassessment; a business interest marked
 *     ended is ended, one marked changed is brought forward for PSD review
 *     (review_date = today); gifts are history and only noted;
 *   - raises a vetting task (air_return) when anything changed;
 *   - checks the person's active clearance against their post's required
 *     level (see air_clearance_check) and raises air_clearance_below_post,
 *     air_clearance_lapsed or air_clearance_expiring.
 *
 * Need-to-know: a return is seen by its person, their current line manager,
 * and the roles that track the review (admin, vetting, PSD). What each sees
 * of the pre-filled entries follows each register's own rule: the line
 * manager sees gifts and business interests but never associations or
 * circumstances; vetting sees circumstances; PSD sees all; admin none. */
#ifndef PROBITY_AIR_H
#define PROBITY_AIR_H

#include "core/err.h"
#include "domain/actor.h"
#include "domain/record.h"
#include "domain/status.h"
#include <stdint.h>

struct store;

#define AIR_TRACKERS (ROLE_ADMIN | ROLE_VETTING | ROLE_PSD)

/* ---- the clearance check ---- */

enum air_clearance {
	AIR_CLEAR_OK,             /* an active, unexpired clearance meets the post's level */
	AIR_CLEAR_NO_REQUIREMENT, /* no post, or the post requires no level */
	AIR_CLEAR_BELOW_POST,     /* nothing active meets the level (lower level, other family, or none) */
	AIR_CLEAR_LAPSED,         /* a clearance that met the level has expired or lapsed */
	AIR_CLEAR_EXPIRING,       /* met, but the best clearance expires within air.expiry_warning_days */
};

struct air_check {
	enum air_clearance result;
	char required[16];        /* the post's level code, "" when none */
	char held[16];            /* the best clearance considered, "" when none */
	char expiry[11];          /* its expiry, "" when none */
	char detail[300];         /* a sentence for the vetting task */
};

/* Check person_id's clearances against their post on date today
 * (YYYY-MM-DD). A clearance meets the requirement when it is active, in the
 * same family (vetting_levels.family) and of equal or higher rank, and has
 * not expired (expiry '' or >= today). */
int air_clearance_check(struct store *st, int64_t person_id, const char *today, struct air_check *out, struct err *e);
const char *air_clearance_label(const char *result);
/* The vetting task kind for a result, NULL when none is needed. */
const char *air_clearance_task_kind(enum air_clearance r);

/* ---- rounds and waves ---- */

/* A round's statuses (domain/status.h), in air_round_statuses[] by this enum. */
enum air_round_status { AIR_ROUND_OPEN, AIR_ROUND_CLOSED, AIR_ROUND_NSTATUS };
extern const struct status_def air_round_statuses[AIR_ROUND_NSTATUS];

struct air_round {
	int64_t id;
	int year;
	char waves_by[8];
	char status[8];
	char opened_at[21];
	long people, pending, submitted, completed, overdue;
};

struct air_wave {
	int64_t id;
	int number;
	char label[160];
	char opens_on[11], due_on[11];
	long people, pending, submitted, completed, overdue;
};

/* Open a round for year (admin only): waves_by "unit" or "month". Creates the
 * waves and one return for every current person. ERR_CONFLICT when the year
 * already has a round. */
int air_open_round(struct store *st, const struct actor *who, int year, const char *waves_by, int64_t *round_id,
                   struct errlist *errs, struct err *e);

/* Give every current person who has no return in an open round one (people
 * who joined after it opened), in the wave the round's rule gives them.
 * Admin only; rerunnable (adds nothing the second time). */
int air_add_joiners(struct store *st, const struct actor *who, int64_t round_id, long *added, struct err *e);

/* Close an open round (admin only): its returns leave the home pages and the
 * team lists; tracking still shows it. */
int air_close_round(struct store *st, const struct actor *who, int64_t round_id, struct err *e);

typedef int (*air_round_fn)(void *ctx, const struct air_round *r);
typedef int (*air_wave_fn)(void *ctx, const struct air_wave *w);
/* Rounds (newest first) with their counts; trackers only. */
int air_rounds_list(struct store *st, const struct actor *who, air_round_fn fn, void *ctx, struct err *e);
int air_round_get(struct store *st, const struct actor *who, int64_t id, struct air_round *out, struct err *e);
int air_round_by_year(struct store *st, int year, int64_t *id, struct err *e);
int air_waves_list(struct store *st, const struct actor *who, int64_t round_id, air_wave_fn fn, void *ctx,
                   struct err *e);

struct air_unit_row {
	int64_t unit_id;
	char unit[128];
	long people, completed, overdue;
};
typedef int (*air_unit_fn)(void *ctx, const struct air_unit_row *u);
/* Completion by unit (the person's own unit), most overdue first; wave 0 = all waves. */
int air_units_progress(struct store *st, const struct actor *who, int64_t round_id, int64_t wave_id, air_unit_fn fn,
                       void *ctx, struct err *e);

/* ---- returns ---- */

/* A return's statuses (domain/status.h), in air_statuses[] by this enum. */
enum air_status { AIR_PENDING, AIR_SUBMITTED, AIR_COMPLETED, AIR_NSTATUS };
extern const struct status_def air_statuses[AIR_NSTATUS];

/* What a viewer may see of a return (docs/air.md "Who sees a return"): the
 * person everything; their line manager (or the DCC) gifts, business
 * interests, the answers, what else changed and the conversation; PSD
 * everything; vetting circumstances, status and the clearance result; admin
 * status and the clearance result only. Roles combine. */
struct air_view {
	int gifts, interests, associations, circumstances;
	int changes;                 /* the person's "anything else changed" answer and text */
	int conversation;            /* the line manager's record of the conversation */
};
struct air_return;
void air_view_for(const struct actor *who, const struct air_return *x, struct air_view *v);

/* A return, one field list (domain/record.h): kind, member, size, SQL (over
 * FROM air_returns t JOIN air_rounds r, air_waves w, people p, units u,
 * people m (line manager), people sm (signer); its one ? is today), JSON
 * key, export column. */
#define AIR_RETURN_FIELDS(X) \
	X(I64, id, 0, "t.id", NULL, NULL) \
	X(I64, round_id, 0, "t.round_id", NULL, NULL) \
	X(INT, year, 0, "r.year", "year", NULL) \
	X(TEXT, staff_number, 32, "p.staff_number", "staff_number", NULL) \
	X(TEXT, person_name, 200, "p.forenames || ' ' || p.surname", "name", NULL) \
	X(TEXT, unit, 128, "COALESCE(u.name, '')", "unit", NULL) \
	X(I64, wave_id, 0, "t.wave_id", NULL, NULL) \
	X(TEXT, wave_label, 160, "w.label", "wave", NULL) \
	X(TEXT, opens_on, 11, "w.opens_on", "opens_on", NULL) \
	X(TEXT, due_on, 11, "w.due_on", "due_on", NULL) \
	X(STATUS, status, 12, "t.status", "status", NULL) /* pending, submitted, completed */ \
	X(BOOL, overdue, 0, "CASE WHEN t.status <> 'completed' AND w.due_on < ? THEN 1 ELSE 0 END", "overdue", \
	  NULL) \
	X(I64, person_id, 0, "t.person_id", NULL, NULL) \
	/* the person's current line manager (people id), 0 when none */ \
	X(I64, manager_id, 0, "COALESCE(p.manager_id, 0)", NULL, NULL) \
	X(TEXT, manager_name, 200, "COALESCE(m.forenames || ' ' || m.surname, '')", "line_manager", NULL) \
	X(INT, anything_changed, 0, "t.anything_changed", NULL, NULL) /* -1 not said, 0 no, 1 yes */ \
	X(TEXT, changes, 2001, "t.changes", NULL, NULL) \
	X(TEXT, submitted_at, 21, "t.submitted_at", "submitted_at", NULL) \
	X(TEXT, signed_by, 200, "COALESCE(sm.forenames || ' ' || sm.surname, '')", NULL, NULL) \
	X(TEXT, conversation, 2001, "t.conversation", NULL, NULL) \
	X(TEXT, signed_at, 21, "t.signed_at", "signed_at", NULL) \
	X(TEXT, clearance_result, 16, "t.clearance_result", "clearance_result", NULL) \
	X(TEXT, clearance_detail, 300, "t.clearance_detail", NULL, NULL)

struct air_return {
	struct air_view view;        /* what the caller may see; fields outside it are blanked */
	AIR_RETURN_FIELDS(RECORD_MEMBER)
};
/* Its field list, for the JSON API. */
extern const struct record_def air_return_record;
/* Its reference, AIR000123: the one place its format is written. */
const char *air_return_ref(int64_t id, char out[REF_MAX]);
/* x's status as the enum; -1 when it is none of them. */
int air_return_status(const struct air_return *x);

typedef int (*air_return_fn)(void *ctx, const struct air_return *r);

/* One return if who may see it (see above); views by others are logged.
 * out->view says what who may see; what they may not (the person's free
 * text, the conversation) is blanked, so no page can show it. */
int air_return_get(struct store *st, const struct actor *who, int64_t id, struct air_return *out, struct err *e);
/* who's return in the newest open round: *id 0 when none. */
int air_return_mine(struct store *st, const struct actor *who, int64_t *id, struct err *e);
/* Returns of who's direct reports in open rounds, due first. */
int air_team_list(struct store *st, const struct actor *who, air_return_fn fn, void *ctx, struct err *e);
/* Overdue returns of a round (wave due date past, not completed), trackers only. */
int air_overdue_list(struct store *st, const struct actor *who, int64_t round_id, int page, int per_page,
                     air_return_fn fn, void *ctx, long *total, struct err *e);

/* A pre-filled register entry with the person's response (after submission). */
struct air_item {
	char reg[20];                /* gift, business_interest, association, circumstance */
	int64_t record_id;
	char date[11];
	char summary[600];
	char response[12];           /* "" before submission; confirmed, changed, ended */
	char note[501];
};
typedef int (*air_item_fn)(void *ctx, const struct air_item *it);
/* The entries of r's person that who may see (see above). Before submission
 * they are the person's current entries; after it, the entries answered. */
int air_items(struct store *st, const struct actor *who, const struct air_return *r, air_item_fn fn, void *ctx,
              struct err *e);

/* The person submits: for every pre-filled entry, lookup(ctx, "r_<reg>_<id>")
 * gives confirmed / changed / ended and lookup(ctx, "n_<reg>_<id>") a note
 * (required when changed or ended); anything_changed "yes"/"no"; changes
 * (required when yes). Only the person, only while pending and open. A key
 * the form does not carry is taken from the answers saved by
 * air_section_save; they are deleted once submitted. */
typedef const char *(*air_lookup_fn)(void *ctx, const char *key);
int air_submit(struct store *st, const struct actor *who, int64_t id, air_lookup_fn lookup, void *ctx,
               struct errlist *errs, struct err *e);
/* The return as a task list (the GOV.UK pattern, docs/air.md): the person
 * answers one section at a time — each register with entries ("are they all
 * still as recorded?", and only if not, entry by entry), then "has anything
 * else changed" — and the answers are saved (air_drafts) until air_submit,
 * which takes the form's answers, else the saved ones. */
enum air_section { AIR_SEC_GIFT, AIR_SEC_INTEREST, AIR_SEC_ASSOC, AIR_SEC_CIRC, AIR_SEC_OTHER, AIR_NSECTIONS };
/* As in URLs and form keys: gift, business_interest, association, circumstance, other. */
extern const char *const air_section_names[AIR_NSECTIONS];
int air_section_index(const char *name); /* -1 when none */
/* The saved answers, form key by form key. */
struct air_draft_kv {
	char key[48];
	char *value;
};
struct air_draft {
	struct air_draft_kv *kv;
	size_t n, cap;
};
const char *air_draft_get(const struct air_draft *d, const char *key); /* NULL when not saved */
void air_draft_free(struct air_draft *d);
struct air_tasks {
	long entries[AIR_NSECTIONS]; /* the person's entries in each register section (other: 0) */
	int started[AIR_NSECTIONS];  /* some answer saved */
	int done[AIR_NSECTIONS];     /* every answer in the section saved and complete (none needed: done) */
	int ready;                   /* every section done: the answers can be checked and submitted */
};
/* x's task list for its person (only they, pending and open, as air_submit);
 * d gets the saved answers (free with air_draft_free). */
int air_tasks(struct store *st, const struct actor *who, const struct air_return *x, struct air_tasks *t,
              struct air_draft *d, struct err *e);
/* Save one section's answers: for a register, lookup(ctx, "all_<reg>") "yes"
 * (every entry still as recorded) or "no" with each entry's r_/n_ answer as
 * for air_submit; for other, anything_changed and changes. ERR_INPUT with
 * errs on a problem; nothing saved then. */
int air_section_save(struct store *st, const struct actor *who, int64_t id, int section, air_lookup_fn lookup,
                     void *ctx, struct errlist *errs, struct err *e);
/* The line manager (or, for someone with no line manager, the DCC) records
 * the integrity conversation and signs off; completes the return (see above). */
/* The person's sign-off authority: their line manager, or the DCC for
 * someone without one; never the person themself. */
int air_may_sign(const struct actor *who, const struct air_return *x);
int air_signoff(struct store *st, const struct actor *who, int64_t id, const char *conversation,
                struct errlist *errs, struct err *e);

/* For the home page. */
struct air_home {
	int64_t my_return;           /* 0 when none open for who */
	char my_status[12];
	char my_due[11];
	char my_opens[11];
	int my_overdue;
	long team_to_sign, team_overdue;
};
int air_home_info(struct store *st, const struct actor *who, struct air_home *out, struct err *e);

#endif
