/* stopsearch.h — stop and search fairness (M12): import the public
 * data.police.uk records and the force's fuller records, populations, the
 * disproportionality report and its monthly trend, find rates from the
 * force's records, per-officer comparison, reasonable-grounds dip samples.
 * docs/stop-search.md explains every figure.
 *
 * Access, enforced here: the aggregate report and trend (no personal data)
 * are for psd, governance, scrutiny, dcc, pcc and admin (SS_VIEW_ROLES);
 * anything naming an officer is for psd only; drawing and assessing dip
 * samples is for scrutiny (psd and governance may read the results).
 * who == NULL is the system (the command line, run by an administrator). */
#ifndef PROBITY_STOPSEARCH_H
#define PROBITY_STOPSEARCH_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/dipsample.h"
#include <stdint.h>

struct store;
struct stmt;

#define SS_PUBLIC_HEADER                                                                                   \
	"Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"  \
	"Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"          \
	"Outcome linked to object of search,Removal of more than just outer clothing"
#define SS_FORCE_EXTRA "Record ID,Officer staff number,Grounds,Suspected offence,Body-worn video,Item found"
#define SS_FORCE_HEADER SS_PUBLIC_HEADER "," SS_FORCE_EXTRA
#define SS_REPORT_HEADER                                                                                    \
	"group,searches,population,rate_per_1000,ratio_to_white,ratio_ci_low,ratio_ci_high,arrests,"      \
	"arrest_rate_pct,linked_outcomes,linked_outcome_rate_pct,drug_searches,drug_linked_outcome_rate_pct"
#define SS_POP_HEADER "area,group,population"

#define SS_VIEW_ROLES (ROLE_PSD | ROLE_GOVERNANCE | ROLE_SCRUTINY | ROLE_DCC | ROLE_PCC | ROLE_ADMIN)
#define SS_SAMPLE_READ_ROLES (ROLE_SCRUTINY | ROLE_PSD | ROLE_GOVERNANCE)

/* Groups in report order; the first five have populations. */
enum { SS_ASIAN, SS_BLACK, SS_MIXED, SS_OTHER, SS_WHITE, SS_NOT_STATED, SS_NOT_RECORDED, SS_TOTAL };
#define SS_NGROUPS 7   /* without Total */
extern const char *const ss_group_names[SS_NGROUPS + 1];

/* The group of a Self-defined ethnicity value (-1 when unknown). */
int ss_group_self(const char *v);
/* The group of an Officer-defined ethnicity value (-1 when unknown). */
int ss_group_officer(const char *v);

struct ss_import_stats {
	long rows;
	int already;            /* 1: the file (or its area and months) was imported before; nothing added */
	int force;              /* 1: the force's fuller format */
	char months[256];       /* "2019-12,2020-01", or "2015-01 to 2024-12 (120 months)" beyond 24 */
	char reason[200];       /* why it counts as already imported */
};

/* Import a data.police.uk CSV (SS_PUBLIC_HEADER) or the force's own records
 * (SS_FORCE_HEADER) for area. All-or-nothing; a file whose SHA-256, or whose
 * area and months, were imported before adds nothing (s->already = 1,
 * returns 0); months partly imported already are refused (ERR_CONFLICT).
 * Errors name "file:line: column: problem". */
int ss_import(struct store *st, const char *path, const char *area, int dry_run, struct ss_import_stats *s,
              struct err *e);
/* The same from memory (name is used in messages). */
int ss_import_mem(struct store *st, const char *name, const char *data, size_t len, const char *area,
                  int dry_run, struct ss_import_stats *s, struct err *e);

/* area,group,population: replaces the given (area, group) rows. All-or-nothing. */
int ss_population_import(struct store *st, const char *path, int dry_run, long *rows, struct err *e);
/* Build area,group,population CSV text for one police force area from a
 * census file: census2011-ethnic-group-by-police-force-area.csv (5 census
 * groups) or census2011-police-5-category-ethnicity-by-force.csv (police
 * style: Other includes Chinese, Asian excludes it). force is the name in the
 * file's first column; area is the name written (force when NULL). */
int ss_population_build(const char *census_path, const char *force, const char *area, struct buf *out,
                        struct err *e);

/* The same from Census 2021 by local authority
 * (census2021-ethnic-group-20cat-by-sex-by-local-authority-ew.csv: both sexes,
 * the 19 groups summed into the five by the text before ':' in each header,
 * the same grouping as self-defined ethnicity), for the authorities that the
 * ONS lookup (ons-lad-to-csp-to-police-force-area-lookup-dec2016.csv) puts
 * in the police force area named force (its PFA16NM, e.g. "Durham"). A group
 * with a suppressed (blank) cell in any of them gets no row — its population
 * is unknown — and its bit in *omitted, unless blank_as_zero; cells (may be
 * NULL) gets, per group, the first such cell as "file:line: column N
 * (code, authority, sex)".
 * Refuses, naming it, an authority of the force without a 2021 row (boundary
 * changes since 2016, e.g. Northamptonshire) and the City of London (one row
 * with Westminster in this file). */
int ss_population_build_2021(const char *census_path, const char *lookup_path, const char *force, const char *area,
                             int blank_as_zero, unsigned *omitted, char cells[5][200], struct buf *out,
                             struct err *e);

/* The same, recording where the figures come from ("Census 2021", at most
 * 100 characters; "" unknown): the public page names it. */
int ss_population_import_source(struct store *st, const char *path, const char *source, int dry_run, long *rows,
                                struct err *e);
/* The recorded source of the area's populations ("" when not recorded). */
int ss_population_source(struct store *st, const char *area, char out[101], struct err *e);
/* The area's populations by group (Asian..White): has[g] 0 when unknown. */
int ss_population_load(struct store *st, const char *area, int64_t pop[5], int has[5], struct err *e);

/* ---- the report ---- */
struct ss_counts {
	int64_t searches, arrests, linked, drugs, drugs_linked;
	int64_t linked_known;   /* "Outcome linked to object of search" filled in (True or False) */
};

/* Figures as text exactly as in the CSV ("" when empty), and as numbers
 * (the value in hundredths; has_* 0 when empty) for charts. */
struct ss_row {
	const char *group;
	struct ss_counts c;
	int has_pop;
	int64_t pop;
	char rate[24], ratio[24], ci_low[24], ci_high[24], arrest_pct[24], linked_pct[24], drug_pct[24];
	double rate_v, ratio_v, ci_low_v, ci_high_v;   /* NAN when empty */
	int not_comparable;     /* officer-defined Mixed: the officer categories have none, so no rate */
	int hidden;             /* withheld by disclosure control (ss_rows_disclose): "[c]" */
};

/* Pure arithmetic: c[0..6] by group, pop[0..4] with has_pop[0..4]. */
void ss_compute(const struct ss_counts c[SS_NGROUPS], const int64_t pop[5], const int has_pop[5],
                struct ss_row out[SS_NGROUPS + 1]);
/* Round v half away from zero to 2 decimals into out ("" for NAN). */
void ss_fmt2(double v, char out[24]);
/* a/b * scale as exact hundredths (half away from zero); b > 0. */
int64_t ss_hundredths(int64_t a, int64_t b, int64_t scale);

/* Check a YYYY-MM month. */
int ss_month_valid(const char *m);

struct ss_query {
	const char *area;
	const char *from, *to;  /* YYYY-MM inclusive */
	int officer;            /* 1: Officer-defined ethnicity */
};
/* Validate q (every problem in errs, ERR_INPUT). */
int ss_query_check(const struct ss_query *q, struct errlist *errs, struct err *e);

int ss_report(struct store *st, const struct actor *who, const struct ss_query *q, struct ss_row out[SS_NGROUPS + 1],
              struct err *e);
void ss_report_csv(const struct ss_row rows[SS_NGROUPS + 1], struct buf *out);
/* The same CSV with the groups whose bit (1u << group) is set in mask written "[c]"
 * (the published site withholds by its own threshold). */
void ss_report_csv_masked(const struct ss_row rows[SS_NGROUPS + 1], unsigned mask, struct buf *out);

/* Months in the query with data, each with its rows (caller frees *months). */
struct ss_month {
	char month[8];
	struct ss_row rows[SS_NGROUPS + 1];
};
int ss_trend(struct store *st, const struct actor *who, const struct ss_query *q, struct ss_month **months,
             size_t *n, struct err *e);

/* Year by year (calendar years): each year of the area with data, its
 * months with data and its rows; rates are per 1,000 for the year (annual
 * when months == 12; a part year is flagged by months). Same access and
 * disclosure control as ss_report. Caller frees *years. */
/* Rows (key, grp, counts…) ordered by key then grp from s (finished after),
 * one entry per distinct key: (*keys)[i] and (*cnt)[i][grp], whose first
 * ncols counts (searches, arrests, linked, drugs, drugs_linked,
 * linked_known) come from columns 2…; a row of an unknown group adds only
 * its key. Returns the number of keys (free both arrays), or -1 (e set). */
typedef char ss_key[8];
long ss_read_keyed(struct stmt *s, int ncols, ss_key **keys, struct ss_counts (**cnt)[SS_NGROUPS], struct err *e);

struct ss_year {
	char year[5];
	int months;
	struct ss_row rows[SS_NGROUPS + 1];
};
int ss_years(struct store *st, const struct actor *who, const char *area, int officer, struct ss_year **years,
             size_t *n, struct err *e);

/* Areas with imported searches, their first and last month. */
typedef int (*ss_area_fn)(void *ctx, const char *area, const char *first, const char *last, int64_t searches,
                          int64_t force_records);
int ss_areas(struct store *st, ss_area_fn fn, void *ctx, struct err *e);

/* ---- from the force's own records ---- */
struct ss_offence {
	char offence[32];
	int64_t searches, found;
};
struct ss_force_figures {
	int64_t records;              /* force records in the query */
	int64_t drug_searches;        /* Object of search = Controlled drugs */
	int64_t drug_possession;      /* of which suspected offence possession only */
	int64_t grounds_recorded;     /* grounds text not blank */
	int64_t bwv_on, bwv_known;
	int noff;
	struct ss_offence off[8];
};
int ss_force_figures(struct store *st, const struct actor *who, const struct ss_query *q,
                     struct ss_force_figures *out, struct err *e);

struct ss_officer {
	char staff_number[32];
	char name[160];
	int64_t searches, known, minority, white, black, found;
	double minority_z, find_z;    /* against the officer's peers */
	int64_t by_group[5];          /* searches by group (Asian..White) */
	char ratio[4][24];            /* the officer's search-rate ratio to White for Asian, Black, Mixed, Other
	                               * (area populations; "" when it cannot be worked out) */
	char ratio_black[24];         /* = ratio[SS_BLACK] */
	int listed;                   /* outside the peers by |z| >= stopsearch.officer_z */
};
/* The z statistic of an officer's x of n against the peers' (X - x) of
 * (N - n): 0 when either is empty or the peers' proportion is 0 or 1. */
double ss_ztest(int64_t x, int64_t n, int64_t X, int64_t N);
/* Per-officer tallies, shared by stop and search and use of force: from a
 * statement whose rows are (staff number, name, group 0..6, count, count
 * flagged — finds, taser…) ordered by staff number, one tally per officer
 * (caller frees *out) and the sum over all of them in *all. Known means a
 * group from Asian to White; minority, known but not White. Closes s. */
struct ss_tally {
	char staff_number[32], name[160];
	int64_t n, known, minority, white, flagged, by_group[5];
};
int ss_tally_officers(struct stmt *s, struct ss_tally **out, size_t *n, struct ss_tally *all, struct err *e);
/* PSD only (refusals logged; the view is logged). Officers with at least
 * stopsearch.officer_min_searches searches, listed ones first. */
int ss_officers(struct store *st, const struct actor *who, const struct ss_query *q, struct ss_officer **out,
                size_t *n, int64_t *min_searches, double *zlim, struct err *e);

/* ---- find rates (stopsearch_finds.c) ---- */
/* A search "finds" when "Outcome linked to object of search" is True (the
 * report's linked outcome); coverage is the share of searches where that
 * column is filled in at all. Rates are percentages of searches with a
 * 95% Wilson interval. Tables: by legislation, by object of search, by age
 * band and gender, by ethnic group within each object (the query's basis). */
enum { SS_BY_LEGISLATION, SS_BY_OBJECT, SS_BY_AGE_GENDER, SS_BY_OBJECT_GROUP, SS_FIND_NDIM };
extern const char *const ss_find_dim_names[SS_FIND_NDIM];
struct ss_find_row {
	int dim;
	char label[192];              /* legislation, object, "18-24 Male", or the object (grp names the group) */
	int grp;                      /* SS_BY_OBJECT_GROUP: the group (0..SS_NGROUPS-1); else -1 */
	int64_t searches, linked_known, finds;
	int64_t nfa_linked;           /* outcome "no further action" marked linked: doubtful */
	int hidden;                   /* withheld by disclosure control (disclosure.h) */
	char rate[24], lo[24], hi[24], coverage[24];   /* "" when undefined */
};
/* From the force's own records: drug searches by group, possession only
 * versus supply (suspected offence), and what each found. */
struct ss_drug_row {
	int64_t drugs, possession, supply, possession_found, supply_found;
	int hidden;
	char poss_share[24], poss_lo[24], poss_hi[24];        /* possession only ÷ drug searches */
	char poss_find[24], supply_find[24];                  /* item found ÷ searches, % */
};
struct ss_finds {
	struct ss_find_row *rows;     /* owned; ss_finds_release frees */
	size_t n;
	int suppressed;               /* 1: disclosure control applied */
	long k;
	int64_t searches, linked_known, finds, nfa_linked, not_stated;
	int64_t force_records;        /* force records in the query (drugs[] is empty without them) */
	struct ss_drug_row drugs[SS_NGROUPS + 1];   /* by group, [SS_TOTAL] all */
	int officer;                  /* the basis (officer-defined has no Mixed: "not comparable") */
};
/* The find-rate tables for q. The view is exact for PSD, governance, the
 * DCC, admin and the system, and disclosure-controlled (a row on fewer than
 * disclosure.k searches withheld, with complementary suppression within each
 * table, and within each object for the ethnic groups) for the scrutiny
 * panel and the PCC, or whenever publish is set. Refusals logged. */
int ss_finds(struct store *st, const struct actor *who, const struct ss_query *q, int publish, struct ss_finds *out,
             struct err *e);
void ss_finds_release(struct ss_finds *f);
/* Whether a report row is not comparable with its population: the
 * officer-defined categories have no Mixed group. */
int ss_not_comparable(int officer, int grp);
/* Disclosure control for a report line (the groups' searches beside their
 * Total): returns the mask of rows to withhold (bit SS_TOTAL when the Total
 * must go too) and blanks them. */
unsigned ss_rows_disclose(struct ss_row rows[SS_NGROUPS + 1], long k);
/* Whether who gets the disclosure-controlled view of stop and search
 * (scrutiny and the PCC); 0 for the full-view roles and the system. */
int ss_view_suppressed(const struct actor *who);

/* ---- the force's narrative (stopsearch_narrative.c) ---- */
#define SS_NARRATIVE_MAX 4000
struct ss_narrative {
	char from[8], to[8];
	char reasons[SS_NARRATIVE_MAX + 1], action[SS_NARRATIVE_MAX + 1];
	char written_by[64], written_at[21];
};
/* Governance only (refusals logged): the reasons for the disparities and
 * the action taken, for q's area and months; replaces an earlier text for
 * the same period. Problems in errs (ERR_INPUT). */
int ss_narrative_save(struct store *st, const struct actor *who, const struct ss_query *q, const char *reasons,
                      const char *action, struct errlist *errs, struct err *e);
typedef int (*ss_narrative_fn)(void *ctx, const struct ss_narrative *n);
/* The area's narratives, latest period first; from and to both given: only
 * that exact period. SS_VIEW_ROLES (refusals logged) or who NULL (publish).
 * Returns how many, or -1. */
int ss_narratives(struct store *st, const struct actor *who, const char *area, const char *from, const char *to,
                  ss_narrative_fn fn, void *ctx, struct err *e);

/* ---- reasonable-grounds dip samples ---- */
struct ss_sample_input {
	const char *area, *from, *to;
	const char *size;          /* text as typed */
	const char *seed;          /* "" or empty: a random seed, recorded */
	int stratified;
	const char *submit_key;
	int include_no_grounds;    /* also powers that need no reasonable grounds (s60, s47A...), labelled */
};
/* Searches under these powers need no reasonable grounds, so dip samples
 * leave them out unless asked: config stopsearch.sample_exclude, ";"-separated
 * parts of the legislation's name. */
#define SS_SAMPLE_EXCLUDE_DEFAULT "(section 60);(section 47A)"
/* `probity stopsearch sample` writes this header. */
#define SS_SAMPLE_CSV_HEADER "record_id,date,legislation,object_of_search,outcome"
int ss_sample_draw(struct store *st, const struct actor *who, const struct ss_sample_input *in, int64_t *id,
                   struct errlist *errs, struct err *e);
/* Whether who may assess record `position` of sample_id: scrutiny, and not
 * the officer who made the search (separation of duties, duty.h). */
int ss_sample_may_assess(struct store *st, const struct actor *who, int64_t sample_id, int position);
/* verdict: yes, no, nei. Refuses, logged, as ss_sample_may_assess. */
int ss_sample_assess(struct store *st, const struct actor *who, int64_t sample_id, int position,
                     const char *verdict, const char *comment, struct errlist *errs, struct err *e);

struct ss_sample {
	int64_t id;
	char area[128], from[8], to[8], seed[24], drawn_at[21], drawn_by[64];
	int64_t size, asked, stratified, assessed, yes, no, nei;
};
struct ss_sample_item {
	int position;
	int64_t search_id;
	int grp;
	char record_id[64], date[32], object[64], outcome[64], offence[32], verdict[8], comment[1001];
	char grounds[2001];
	char legislation[128];
};
/* The draw ss_sample_draw would make for in (same seed, same records),
 * without storing it: for `probity stopsearch sample` on the host. seed
 * gets the seed used. Free *items. */
int ss_sample_preview(struct store *st, const struct ss_sample_input *in, struct ss_sample_item **items, size_t *n,
                      char seed[24], struct errlist *errs, struct err *e);
/* Wilson 95% interval for y of n, as percentages in hundredths-rounded text. */
void ss_wilson(int64_t y, int64_t n, double *lo, double *hi);

int ss_samples_list(struct store *st, const struct actor *who, struct ss_sample **out, size_t *n, struct err *e);
int ss_sample_get(struct store *st, const struct actor *who, int64_t id, struct ss_sample *s,
                  struct ss_sample_item **items, size_t *n, struct err *e);
/* yes/assessed by group (index SS_TOTAL for all). */
int ss_sample_groups(struct store *st, int64_t id, struct ss_sample_group g[SS_NGROUPS + 1], struct err *e);

#endif
