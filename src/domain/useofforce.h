/* useofforce.h — use of force fairness (M12, issue 26): the force's own
 * use-of-force records (one row per person subjected to force in an
 * incident), the Home Office's published table beside them, the report by
 * officer-perceived ethnicity with the same rates, ratios and Katz intervals
 * as stop and search (ss_compute), officers far outside their peers (the
 * stop-and-search method), and body-worn-video dip samples for the scrutiny
 * panel (the shared draw in dipsample.h, Wilson intervals). Populations are
 * stop and search's (ss_population, same groups). docs/use-of-force.md
 * states every formula.
 *
 * Access, enforced here: the full report, figures and trend are for
 * governance, PSD and the DCC (UOF_FULL_ROLES); the scrutiny panel and the
 * PCC get the same with disclosure control (disclosure.h: a group of fewer
 * than k people is hidden, and the next smallest too when only one would
 * be); officer-level figures naming officers are for PSD only; dip samples
 * are drawn and assessed by scrutiny (never by the officer involved) and read
 * by scrutiny, PSD and governance. Every view and refusal is access-logged.
 * who == NULL is the system (the command line). */
#ifndef PROBITY_USEOFFORCE_H
#define PROBITY_USEOFFORCE_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/stopsearch.h"
#include <stdint.h>

struct store;

#define UOF_HEADER                                                                                          \
	"incident_ref,date,officer_staff_number,subject_ethnicity,subject_gender,subject_age_band,tactics,"  \
	"reason,subject_injured,officer_injured,outcome,body_worn_video"
#define UOF_REPORT_HEADER "group,population,people,rate_per_1000,ratio_to_white,ratio_ci_low,ratio_ci_high"
#define UOF_TACTICS_DEFAULT                                                                                  \
	"handcuffing;limb_restraints;ground_restraint;unarmed_skills;spit_guard;irritant_spray;baton;"      \
	"taser_drawn;taser_aimed;taser_red_dot;taser_arced;taser_fired;taser_drive_stun;firearm_aimed;"     \
	"firearm_fired;dog_deployed;other"
/* Two tactic groups every record is also counted under: taser discharge
 * (taser_fired or taser_drive_stun) and firearms (firearm_aimed or
 * firearm_fired); --tactic accepts them too. */
#define UOF_TASER_DISCHARGE "taser_discharge"
#define UOF_FIREARMS "firearms"

#define UOF_FULL_ROLES (ROLE_GOVERNANCE | ROLE_PSD | ROLE_DCC)
#define UOF_SUPPRESSED_ROLES (ROLE_SCRUTINY | ROLE_PCC)
#define UOF_VIEW_ROLES (UOF_FULL_ROLES | UOF_SUPPRESSED_ROLES)
#define UOF_SAMPLE_READ_ROLES (ROLE_SCRUTINY | ROLE_PSD | ROLE_GOVERNANCE)

/* Report rows in CSV order: White, Black, Asian, Mixed, Other, Not reported, Total (ss_row indices). */
extern const int uof_order[7];
/* The label of an ss group index in this capability ("Not reported" for SS_NOT_RECORDED). */
const char *uof_group_name(int g);

/* ---- imports ---- */
struct uof_import_stats {
	long rows, created, updated, unchanged;
};
/* The force's records (UOF_HEADER) for area. All-or-nothing; a row is
 * identified by (area, incident_ref, its place among that incident's rows in
 * the file): a rerun leaves everything unchanged, a corrected file updates.
 * Errors name "file:line: column: problem". */
int uof_import(struct store *st, const char *path, const char *area, int dry_run, struct uof_import_stats *s,
               struct err *e);
int uof_import_mem(struct store *st, const char *name, const char *data, size_t len, const char *area, int dry_run,
                   struct uof_import_stats *s, struct err *e);
/* The Home Office table by force, type of force, tactic and ethnicity (the
 * 2019-20 layout, or 2018-19's with Chinese, counted in Other, and Don't
 * know, counted in Not reported). year "2019-20"; NULL: taken from the file
 * name. Replaces the year's rows. */
int uof_national_import(struct store *st, const char *path, const char *year, int dry_run, long *rows,
                        char year_out[8], struct err *e);

/* ---- the report ---- */
struct uof_query {
	const char *area;
	const char *from, *to;  /* YYYY-MM-DD inclusive */
	const char *tactic;     /* NULL or "": any */
};
/* Validate q (every problem in errs when not NULL; ERR_INPUT). */
int uof_query_check(struct store *st, const struct uof_query *q, struct errlist *errs, struct err *e);
/* Whether name is a configured tactic or one of the two tactic groups. */
int uof_tactic_valid(struct store *st, const char *name);
/* The LIKE pattern (ESCAPE '!') matching uof_records.tags of records with
 * tactic t (or a tactic group): "%;taser!_fired;%"; "" when t is NULL or "". */
void uof_tag_pattern(const char *t, char out[160]);
/* The configured tactics then the two groups, ';'-separated, into out. */
void uof_tactic_list(struct store *st, char *out, size_t n);

struct uof_report {
	struct ss_row rows[SS_NGROUPS + 1]; /* people in rows[g].c.searches */
	int suppressed;                      /* the disclosure-controlled view */
	unsigned hidden;                     /* bit g: group g withheld (its figures are blanked) */
	long k;
};
/* Roles as in the file comment; scrutiny and PCC get hidden groups blanked. */
int uof_report(struct store *st, const struct actor *who, const struct uof_query *q, struct uof_report *out,
               struct err *e);
void uof_report_csv(const struct uof_report *r, struct buf *out);
/* The disclosure-controlled view of a report (scrutiny, PCC, publication):
 * sets suppressed, k and hidden and blanks the hidden groups. */
void uof_report_disclose(struct store *st, struct uof_report *r);
/* The same for each month of a trend. */
void uof_trend_disclose(struct store *st, struct ss_month *m, size_t n);

/* Injuries, body-worn video, reasons and outcomes for the query. */
struct uof_group_figures {
	int64_t people, subj_inj, subj_inj_known, off_inj, off_inj_known, bwv_on, bwv_known;
};
struct uof_named {
	char name[64];
	int64_t n;
};
struct uof_figures {
	struct uof_group_figures g[SS_NGROUPS + 1]; /* index SS_TOTAL: all */
	struct uof_named reasons[10], outcomes[10];
	int nreasons, noutcomes;
	unsigned hidden;   /* as uof_report: groups withheld (scrutiny, PCC); there, any other count
	                    * of 1 to k-1 people is -1 (withheld) */
};
int uof_figures(struct store *st, const struct actor *who, const struct uof_query *q, struct uof_figures *out,
                struct err *e);

/* People by month (ss_month rows as the report; suppressed per month for
 * scrutiny and PCC: hidden groups' counts are zeroed and rates blanked). */
int uof_trend(struct store *st, const struct actor *who, const struct uof_query *q, struct ss_month **months,
              size_t *n, struct err *e);

/* The Home Office table beside the report: for each year imported, the
 * same groups' rate per 1,000 and ratio to White (ss_compute: HO counts of
 * tactics reported over populations) for England and Wales (population area
 * "England and Wales") and for the force (config useofforce.home_office_force,
 * else the area's name; the area's populations). tactic as the query's,
 * matched to the table's row (docs/use-of-force.md). */
struct uof_national {
	char year[8], force[64], ho_tactic[64];
	int ew;                    /* 1 England and Wales, 0 the force */
	struct ss_row rows[SS_NGROUPS + 1];
};
int uof_national_beside(struct store *st, const struct actor *who, const struct uof_query *q,
                        struct uof_national **out, size_t *n, struct err *e);

/* Areas with records, their first and last day. who: the list is viewed
 * (roles as the report; logged); NULL: read for another view, not logged. */
typedef int (*uof_area_fn)(void *ctx, const char *area, const char *first, const char *last, int64_t people);
int uof_areas(struct store *st, const struct actor *who, uof_area_fn fn, void *ctx, struct err *e);

/* ---- officers far outside their peers (PSD only) ---- */
struct uof_officer {
	char staff_number[32], name[160];
	int64_t people, known, minority, taser;
	double minority_z, taser_z;  /* ss_ztest against the officer's peers */
	int listed;                  /* |minority_z| >= useofforce.officer_z or taser_z >= it */
};
/* Officers with at least useofforce.officer_min_people people (default 20),
 * listed ones first. PSD only; refusals and the view are logged. */
int uof_officers(struct store *st, const struct actor *who, const struct uof_query *q, struct uof_officer **out,
                 size_t *n, int64_t *min_people, double *zlim, struct err *e);

/* ---- body-worn-video dip samples ---- */
enum { UOF_STRATA_NONE, UOF_STRATA_GROUP, UOF_STRATA_TACTIC };
/* Tactic strata: the most serious kind of force in the record. */
enum { UOF_KIND_RESTRAINT, UOF_KIND_EQUIPMENT, UOF_KIND_TASER, UOF_KIND_FIREARM, UOF_NKINDS };
extern const char *const uof_kind_names[UOF_NKINDS];
struct uof_sample_input {
	const char *area, *from, *to, *tactic; /* records with body-worn video on, in the period, with tactic */
	const char *size, *seed;
	int strata;
	const char *submit_key;
};
int uof_sample_draw(struct store *st, const struct actor *who, const struct uof_sample_input *in, int64_t *id,
                    struct errlist *errs, struct err *e);
/* verdict: proportionate, not, nei; a comment is required unless proportionate. */
int uof_sample_may_assess(struct store *st, const struct actor *who, int64_t sample_id, int position);
int uof_sample_assess(struct store *st, const struct actor *who, int64_t sample_id, int position,
                      const char *verdict, const char *comment, struct errlist *errs, struct err *e);
struct uof_sample {
	int64_t id;
	char area[128], from[11], to[11], seed[24], drawn_at[21], drawn_by[64], strata[8], tactic[32];
	int64_t size, asked, assessed, yes, no, nei;
};
struct uof_sample_item {
	int position, grp;
	char incident_ref[64], date[11], tactics[256], reason[128], outcome[64], verdict[16], comment[1001];
};
int uof_samples_list(struct store *st, const struct actor *who, struct uof_sample **out, size_t *n, struct err *e);
/* Items carry the incident reference (to find the footage), never the officer. */
int uof_sample_get(struct store *st, const struct actor *who, int64_t id, struct uof_sample *s,
                   struct uof_sample_item **items, size_t *n, struct err *e);
/* Assessed by group (SS_TOTAL: all). */
int uof_sample_groups(struct store *st, int64_t id, struct ss_sample_group g[SS_NGROUPS + 1], struct err *e);

#endif
