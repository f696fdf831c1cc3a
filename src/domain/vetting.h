/* vetting.h — vetting (M5): levels as configuration, clearances and
 * compliance against posts, applications with blind decisions, appeals to
 * the DCC, timeliness, leavers for the barred and advisory lists, the
 * historic import and the disproportionality report.
 *
 * Roles, enforced here: the vetting unit (ROLE_VETTING) and admin work
 * clearances, applications and the compliance view; the DCC decides appeals
 * and may read applications under appeal; equality data is write-only for
 * the vetting unit and read only in aggregate by the disproportionality
 * report (vetting, DCC, admin: the internal table; scrutiny: the published
 * view with small groups suppressed). No function that returns an
 * application touches vetting_equality or protected_characteristics: that
 * is what keeps decisions blind. Every view of a person's vetting record,
 * every change and every refusal is in the access log. */
#ifndef PROBITY_VETTING_H
#define PROBITY_VETTING_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/record.h"
#include "domain/status.h"
#include "domain/vetting_stats.h"
#include <stdint.h>

struct store;
struct import_stats;

#define VETTING_IMPORT_HEADER                                                                                   \
	"application_id,applicant_kind,level,received,decided,stage_reached,outcome,refusal_ground,ethnicity,sex," \
	"age_band,disability,religion,sexual_orientation"

#define VETTING_WORK (ROLE_VETTING | ROLE_ADMIN)
#define VETTING_REPORT_INTERNAL (ROLE_VETTING | ROLE_DCC | ROLE_ADMIN)
#define VETTING_REPORT_ANY (VETTING_REPORT_INTERNAL | ROLE_SCRUTINY | ROLE_EQUALITY)

/* ---- levels ---- */

struct vetting_level {
	char code[16];
	char name[101];
	char family[24];            /* police, national_security */
	int rank;
	int renewal_months;         /* 0: no fixed renewal */
};
typedef int (*vlevel_fn)(void *ctx, const struct vetting_level *l);
int vetting_levels_list(struct store *st, vlevel_fn fn, void *ctx, struct err *e);
/* Add (create) or change a level (admin only). Values as typed. */
int vetting_level_save(struct store *st, const struct actor *who, int create, const char *code, const char *name,
                       const char *family, const char *rank, const char *renewal, struct errlist *errs,
                       struct err *e);

/* ---- clearances ---- */

struct clearance {
	int64_t id, person_id;
	char level[16];
	char level_name[101];
	char granted[11], expiry[11];
	char status[12];            /* active, lapsed, withdrawn, suspended */
	char aftercare[2001];
	char created_at[21];
};
typedef int (*clearance_fn)(void *ctx, const struct clearance *c);
/* A person's clearances, newest first (vetting/admin; logged). */
int clearances_for_person(struct store *st, const struct actor *who, int64_t person_id, clearance_fn fn, void *ctx,
                          struct err *e);
/* Grant a clearance. expiry "" means level's renewal period from granted. */
int clearance_add(struct store *st, const struct actor *who, int64_t person_id, const char *level,
                  const char *granted, const char *expiry, const char *aftercare, int64_t *id, struct errlist *errs,
                  struct err *e);
/* Whether who may record or change person_id's clearances: the vetting
 * unit, not the person nor (duty.line_manager.vetting) their manager. */
int clearance_may_change(struct store *st, const struct actor *who, int64_t person_id);
/* Change status, expiry and aftercare notes of a clearance. */
int clearance_update(struct store *st, const struct actor *who, int64_t id, const char *status, const char *expiry,
                     const char *aftercare, struct errlist *errs, struct err *e);

/* ---- compliance ---- */

struct compliance_row {
	int64_t person_id;
	char staff_number[32];
	char name[200];
	char unit[128];
	char post[128];
	char required[16];          /* the post's level, "" when none */
	char level[64];             /* expiring/lapsed: that clearance; below_post: valid levels held */
	char expiry[11];
	char issue[16];             /* below_post, expiring, lapsed */
};
typedef int (*compliance_fn)(void *ctx, const struct compliance_row *r);
/* People needing attention (vetting/admin): issue "" any or one of the
 * three; unit_id 0 any (includes sub-units); page/per_page (per_page < 0:
 * all). The expiring window is config vetting.expiring_days (default 90). */
int vetting_compliance(struct store *st, const struct actor *who, const char *issue, int64_t unit_id, int page,
                       int per_page, compliance_fn fn, void *ctx, long *total, struct err *e);
struct compliance_unit {
	int64_t unit_id;
	char unit[128];
	long below, expiring, lapsed;
};
typedef int (*cunit_fn)(void *ctx, const struct compliance_unit *u);
int vetting_compliance_units(struct store *st, const struct actor *who, cunit_fn fn, void *ctx, struct err *e);
/* How many different people have at least one issue (for the home card;
 * vetting/admin only, else 0). */
long vetting_refresh_count(struct store *st, const struct actor *who);
/* Renewals due: active clearances of people in post expiring in each of the
 * next 12 months (months[i] "YYYY-MM", counts[i]), for workload planning. */
int vetting_renewal_forecast(struct store *st, const struct actor *who, char months[12][8], long counts[12],
                             struct err *e);
int vetting_compliance_csv(struct store *st, const struct actor *who, const char *issue, int64_t unit_id,
                           struct buf *out, struct err *e);
/* The one statement behind the compliance list, units and count (for the
 * plan test): ?1 today, ?2 the window's end, ?3 '', ?4 0. */
const char *vetting_compliance_statement(void);

/* ---- applications ---- */

/* An application, one field list (domain/record.h): kind, member, size, SQL
 * (over FROM vetting_applications a, accounts da (decider), vetting_appeals
 * ap, accounts aa (appeal decider)), JSON key, export column. */
#define VETTING_APP_FIELDS(X) \
	X(I64, id, 0, "a.id", NULL, NULL) \
	X(TEXT, ref, 48, "a.application_ref", NULL, NULL) \
	X(I64, person_id, 0, "COALESCE(a.person_id, 0)", NULL, NULL) \
	X(TEXT, applicant_name, 201, "a.applicant_name", NULL, NULL) \
	X(TEXT, kind, 16, "a.applicant_kind", NULL, NULL) \
	X(TEXT, level, 16, "a.level", NULL, NULL) \
	X(TEXT, post, 201, "a.post", NULL, NULL) \
	X(TEXT, received, 11, "a.received", NULL, NULL) \
	X(TEXT, initial_done, 11, "a.initial_done", NULL, NULL) \
	X(TEXT, full_started, 11, "a.full_started", NULL, NULL) \
	X(TEXT, stage, 8, "a.stage_reached", NULL, NULL) \
	X(TEXT, outcome, 32, "a.outcome", NULL, NULL) \
	X(TEXT, decided, 11, "a.decided", NULL, NULL) \
	X(TEXT, ground, 32, "a.refusal_ground", NULL, NULL) \
	X(TEXT, conditions, 2001, "a.conditions", NULL, NULL) \
	X(TEXT, rationale, 4001, "a.rationale", NULL, NULL) \
	X(TEXT, decided_by, 200, "COALESCE((SELECT x.forenames || ' ' || x.surname FROM people x WHERE x.id = da.person_id), da.username, '')", NULL, NULL) \
	X(TEXT, created_at, 21, "a.created_at", NULL, NULL) \
	X(I64, appeal_id, 0, "COALESCE(ap.id, 0)", NULL, NULL) \
	X(TEXT, appeal_received, 11, "COALESCE(ap.received, '')", NULL, NULL) \
	X(TEXT, appeal_grounds, 4001, "COALESCE(ap.grounds, '')", NULL, NULL) \
	X(TEXT, appeal_outcome, 16, "COALESCE(ap.outcome, '')", NULL, NULL) \
	X(TEXT, appeal_reason, 4001, "COALESCE(ap.reason, '')", NULL, NULL) \
	X(TEXT, appeal_decided, 11, "COALESCE(ap.decided, '')", NULL, NULL) \
	X(TEXT, appeal_by, 200, "COALESCE((SELECT x.forenames || ' ' || x.surname FROM people x WHERE x.id = aa.person_id), aa.username, '')", NULL, NULL)

struct vetting_app {
	VETTING_APP_FIELDS(RECORD_MEMBER)
};

struct vapp_input {
	const char *applicant_name;
	const char *staff_number;   /* internal applicants, optional */
	const char *kind, *level, *post, *received, *initial_done, *full_started;
	const char *submit_key;
};
/* Separation of duties (duty.h) on applications: nobody records, stages,
 * decides, enters equality data for, lodges or decides an appeal on an
 * application of which they are the applicant (vapp_create refuses one's
 * own staff number), nor, under duty.line_manager.vetting, one of someone
 * they line-manage. Clearances likewise: not one's own. */
int vapp_create(struct store *st, const struct actor *who, const struct vapp_input *in, int64_t *id,
                struct errlist *errs, struct err *e);
/* Whether who may work application a (stages, decision, equality data,
 * lodging an appeal): the vetting unit, not barred by separation of duties. */
int vapp_may_work(struct store *st, const struct actor *who, const struct vetting_app *a);
/* Whether who may decide a's open appeal: the DCC, not barred likewise. */
int vapp_may_decide_appeal(struct store *st, const struct actor *who, const struct vetting_app *a);
/* vapp_may_work for an application by id, as a check: ERR_DENIED (logged
 * as action on "vetting_application") when who may not work it. */
int vapp_work_check(struct store *st, const struct actor *who, int64_t id, const char *action, struct err *e);
/* Load an application for deciding (vetting/admin; dcc when appealed). No
 * equality data is read. Logged. */
int vapp_get(struct store *st, const struct actor *who, int64_t id, struct vetting_app *out, struct err *e);
int vapp_stages(struct store *st, const struct actor *who, int64_t id, const char *initial_done,
                const char *full_started, struct errlist *errs, struct err *e);
struct vapp_decision {
	const char *outcome, *stage, *ground, *conditions, *rationale, *decided;
};
int vapp_decide(struct store *st, const struct actor *who, int64_t id, const struct vapp_decision *d,
                struct errlist *errs, struct err *e);
typedef int (*vapp_fn)(void *ctx, const struct vetting_app *a);
/* status: "" all, "open", "decided", "refused", "appealed". Newest first. */
int vapps_list(struct store *st, const struct actor *who, const char *status, int page, int per_page, vapp_fn fn,
               void *ctx, long *total, struct err *e);

/* Equality data, entered apart from the application as the applicant
 * declared it; "" means not declared. Only the equality role enters it here
 * (or the import); the vetting unit and admin are refused and logged.
 * Write-only: nothing reads it back except the aggregate report.
 * values[DP_NCHAR] in dp_characteristics order. */
int vapp_equality_set(struct store *st, const struct actor *who, int64_t id, const char *const values[DP_NCHAR],
                      struct errlist *errs, struct err *e);
/* The equality monitoring scheme, which both the form and the import are
 * checked against. Every characteristic takes "" (not declared) and "Prefer
 * not to say"; sex: Female, Male; age_band: 18-24, 25-34, 35-44, 45-54, 55+;
 * disability: Yes, No; religion and sexual_orientation: the census answers
 * (docs/vetting.md). Ethnicity: one of the five broad groups, short (White,
 * Mixed, Asian, Black, Other) or as the form and the 2021 census spell them,
 * or "group: detail" with one of the group's 2021 census detailed groups
 * (e.g. "Asian or Asian British: Pakistani"). Exact spelling. */
int vetting_equality_valid(int characteristic, const char *value);
/* The applicant's one-time link: the vetting unit (who may work on the
 * application) creates it; token gets the secret for the address
 * /equality/TOKEN (only its keyed hash is stored), expires its last day
 * (config vetting.equality_link_days, default 30). A new link replaces an
 * unused one. The link works without an account, once. */
int vapp_equality_link(struct store *st, const struct actor *who, int64_t id, char token[65], char expires[11],
                       struct err *e);
/* 0 when token is a live link; else ERR_NOTFOUND. Logged either way. */
int vapp_equality_link_check(struct store *st, const char *token, struct err *e);
/* Store the applicant's answers through a live link and use it up
 * (ERR_INPUT with errs outside the scheme; ERR_NOTFOUND once used). */
int vapp_equality_by_link(struct store *st, const char *token, const char *const values[DP_NCHAR],
                          struct errlist *errs, struct err *e);
/* Whether who may enter equality data for application id (the equality
 * role only); a refusal is logged. */
int vapp_equality_may_enter(struct store *st, const struct actor *who, int64_t id, struct err *e);
/* The scheme's answers for a form, in order: fn(ctx, heading, value, label),
 * heading non-NULL on the first answer under each of ethnicity's five 2021
 * census headings (19 detailed groups), then "Prefer not to say". The form
 * is built from this list: there is no second copy. */
typedef void (*equality_option_fn)(void *ctx, const char *heading, const char *value, const char *label);
void vetting_equality_options(int characteristic, equality_option_fn fn, void *ctx);
/* The broad ethnic group of a stored value: White, Mixed, Asian, Black or
 * Other ethnic group; "Not declared" for ""; "Prefer not to say" as is. */
const char *vetting_equality_broad(const char *value);
/* The answers for a characteristic as a sentence for an error message,
 * e.g. "Female, Male, Prefer not to say or blank". */
const char *vetting_equality_expected(int characteristic);
/* True when equality data was recorded (without revealing it). */
int vapp_equality_recorded(struct store *st, int64_t id);

/* Appeals: the vetting unit records one against a refusal; the DCC decides. */
int vapp_appeal_lodge(struct store *st, const struct actor *who, int64_t id, const char *received,
                      const char *grounds, struct errlist *errs, struct err *e);
int vapp_appeal_decide(struct store *st, const struct actor *who, int64_t id, const char *outcome, const char *reason,
                       const char *decided, struct errlist *errs, struct err *e);

/* ---- timeliness ---- */

struct timeliness_row {
	char month[8];              /* YYYY-MM of the decision */
	char level[16];
	char stage[8];
	long n;
	double median, p90;         /* days from received to decided */
};
typedef int (*timeliness_fn)(void *ctx, const struct timeliness_row *r);
/* Decisions (not withdrawals) in [from, to], by month, level and stage. */
int vetting_timeliness(struct store *st, const struct actor *who, const char *from, const char *to,
                       timeliness_fn fn, void *ctx, struct err *e);
/* Linear-interpolation quantile (R type 7) of sorted x[0..n). */
double quantile_sorted(const double *x, size_t n, double q);

/* ---- leavers for the barred / advisory lists ---- */

struct vetting_leaver {
	int64_t id, person_id;
	char staff_number[32];
	char name[200];
	char reason[32];            /* dismissed, left_under_investigation */
	char list[12];              /* barred, advisory */
	char left_on[11], notified_on[11];
	char notes[1001];
};
/* Whether who may record l's notification: the vetting unit or PSD, not
 * the leaver nor (duty.line_manager.vetting) their manager. */
int leaver_may_update(struct store *st, const struct actor *who, const struct vetting_leaver *l);
typedef int (*leaver_fn)(void *ctx, const struct vetting_leaver *l);
int leaver_add(struct store *st, const struct actor *who, const char *staff_number, const char *reason,
               const char *list, const char *left_on, const char *notes, struct errlist *errs, struct err *e);
int leaver_notified(struct store *st, const struct actor *who, int64_t id, const char *date, struct errlist *errs,
                    struct err *e);
int leavers_list(struct store *st, const struct actor *who, leaver_fn fn, void *ctx, struct err *e);

/* ---- the vetting unit's start page ---- */

struct vetting_counts {
	long open_apps, open_tasks, open_appeals, unnotified_leavers;
};
int vetting_counts_get(struct store *st, const struct actor *who, struct vetting_counts *out, struct err *e);
/* The level a person's post requires ("" when none). */
void vetting_post_level(struct store *st, int64_t person_id, char out[16]);
/* True when application id exists. */
int vapp_exists(struct store *st, int64_t id);

/* ---- import and the report ---- */

/* Historic applications (VETTING_IMPORT_HEADER): all-or-nothing; a row
 * whose application_id is already stored is skipped (counted unchanged). */
int vetting_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e);

/* The report for who. *published (disclosure control applies: dp_disclose
 * with disclosure_k) for every role but equality, the only role that sees
 * the unsuppressed figures. Logged. */
int vetting_report(struct store *st, const struct actor *who, const char *from, const char *to,
                   struct dp_report *r, int *published, struct err *e);
/* The same; broad: ethnicity by its five broad groups (dp_build_level). */
int vetting_report_level(struct store *st, const struct actor *who, const char *from, const char *to, int broad,
                         struct dp_report *r, int *published, struct err *e);

/* Statuses (domain/status.h): an application's outcome ("" while
 * undecided), a clearance's status and a person's clearance issue, each
 * table in the order of its enum. */
enum vetting_outcome {
	VET_UNDECIDED, VET_GRANTED, VET_GRANTED_WITH_CONDITIONS, VET_REFUSED, VET_WITHDRAWN, VET_NOUTCOME
};
enum clearance_status { CLR_ACTIVE, CLR_LAPSED, CLR_WITHDRAWN, CLR_SUSPENDED, CLR_NSTATUS };
enum vetting_issue { VET_BELOW_POST, VET_EXPIRING, VET_LAPSED, VET_NISSUE };
extern const struct status_def vetting_outcomes[VET_NOUTCOME];
extern const struct status_def clearance_statuses[CLR_NSTATUS];
extern const struct status_def vetting_issues[VET_NISSUE];

/* Labels. */
const char *vetting_outcome_label(const char *o);
struct vetting_app;
/* a's outcome as people read it (label, GOV.UK tag colour): a refusal the
 * deputy chief constable overturned on appeal reads "Refusal overturned on
 * appeal", not "Refused"; an appeal awaiting the DCC says so. */
void vapp_outcome_shown(const struct vetting_app *a, const char **label, const char **colour);
const char *vetting_kind_label(const char *k);
/* The kinds of applicant, with their labels. */
#define VET_NKIND 5
extern const struct label_def vetting_kinds[VET_NKIND];
const char *vetting_ground_label(const char *g);
const char *vetting_issue_label(const char *i);

#endif
