/* demo.h — the fictional demo force behind `probity demo`.
 * demo_build fills an empty database with a made-up force (units, posts,
 * about 3,500 people with line management and protected characteristics,
 * demo accounts for every role, three years of gifts and hospitality), all
 * generated from a seed: the same seed and the same date_today() give the
 * same force. Nothing in it is real. Each capability adds its own part in
 * src/demo/demo_NAME.c (one function called from demo_build).
 *
 * src/demo is a fixture layer, not a domain module: to make years of history
 * in a second it writes the tables directly with SQL (decided gifts,
 * appeals, audit events...) instead of replaying each record through the
 * domain's rules; it calls the domain where the result must be the domain's
 * own (the AIR round and its clearance checks, the audit ingest, the stop
 * and search import and dip sample, the access log). Only
 * `probity demo` (src/cli/cmd_demo.c) calls it; nothing in src/domain or
 * src/web may include it. Every part draws from its own core/rng.h stream. */
#ifndef PROBITY_DEMO_H
#define PROBITY_DEMO_H

#include "core/err.h"
#include <stddef.h>
#include <stdint.h>

struct store;

#define DEMO_DEFAULT_SEED 20260101u
#define DEMO_DEFAULT_PASSWORD "demo-password-2026"
#define DEMO_DEFAULT_PEOPLE 3500
#define DEMO_FORCE_NAME "Northshire Police"
#define DEMO_LOGINS_MAX 16

struct demo_options {
	uint64_t seed;          /* 0 means DEMO_DEFAULT_SEED */
	const char *password;   /* every demo account's password; NULL means DEMO_DEFAULT_PASSWORD */
	int people;             /* target head count; 0 means DEMO_DEFAULT_PEOPLE */
	int gifts_factor;       /* declarations per person times this (0 or 1: the demo's rate);
	                         * `demo --scale N` sets N people-fold and N here, so N*N gifts */
};

struct demo_login {
	char username[32];
	char role[32];          /* role_name() of the account's role */
	char who[200];          /* "PC Jane Doe, Northgate Town Centre NPT" */
	char staff_number[24];  /* "" when the account has no person */
};

struct demo_summary {
	char force[64];
	char from[11], to[11];  /* the declarations' date range */
	long units_by_kind[5];  /* force, directorate, area, department, team */
	long posts;
	long people, officers, staff, specials, volunteers, leavers, chief_officers;
	long gifts, gifts_accepted;
	long gifts_by_status[5]; /* awaiting_manager, awaiting_psd, approved, refused, recorded */
	long manager_queue;     /* awaiting_manager items for the `manager` login's team */
	int nlogins;
	struct demo_login logins[DEMO_LOGINS_MAX];
};

/* The unit kinds and gift statuses in the order the summary counts them. */
extern const char *const demo_unit_kinds[5];
extern const char *const demo_gift_statuses[5];

/* Fill st with the demo force in one transaction. Refuses (ERR_CONFLICT,
 * nothing written) when the database already holds people or an account with
 * a demo username. On any failure nothing is written. out may be NULL. */
int demo_build(struct store *st, const struct demo_options *o, struct demo_summary *out, struct err *e);

/* What the capabilities' demo parts made, one line each, for the summary:
 * fn gets a label ("vetting") and a sentence of counts. */
typedef void (*demo_line_fn)(void *ctx, const char *label, const char *text);
int demo_capability_lines(struct store *st, demo_line_fn fn, void *ctx, struct err *e);

/* Room for element n of the array p (capacity cap, a size_t): doubles it,
 * from first, when n is past its end. xrealloc aborts on failure, so it
 * cannot fail. */
#define DEMO_GROW(p, cap, n, first) ((p) = demo_grow_((p), &(cap), (size_t)(n), sizeof *(p), (first)))
void *demo_grow_(void *p, size_t *cap, size_t n, size_t size, size_t first);

/* For the parts: the ids the query sql (one integer column, no parameters)
 * returns, in a new array *ids (free it) of *n. -1 with e set on failure,
 * then nothing to free. */
int demo_ids(struct store *st, const char *sql, int64_t **ids, size_t *n, struct err *e);

/* The inspections part (demo_inspections.c): inspections, findings,
 * updates, sign-offs, response records and panel reviews. Called by
 * demo_build inside its transaction, after the accounts exist. */
int demo_inspections(struct store *st, struct err *e);

/* The registers part (demo_registers.c): notifiable associations, changes of
 * circumstances with their vetting tasks, and a running Annual Integrity
 * Review round. Its own PRNG stream from seed. */
int demo_registers(struct store *st, uint64_t seed, struct err *e);

/* The business interests and procurement part (demo_interests.c): about
 * 100 interest applications over 15 months with appeals and reviews, and
 * procurement's contracts with a few planted conflicts. Its own PRNG stream
 * from seed. Called by demo_build inside its transaction, after the gifts. */
int demo_interests(struct store *st, uint64_t seed, struct err *e);

/* The stop and search part (demo_stopsearch.c): Derbyshire's public records as
 * Northshire's own, Durham's as a second area, populations. Called by
 * demo_build inside its transaction, after the people exist. */
int demo_stopsearch(struct store *st, struct err *e);

/* The ICT audit monitoring part (demo_audit.c): person ids in force
 * systems, audit reference data and 90 days of audit events with planted
 * misuse, ingested through the audit engine so the ACU's alert queue has
 * work in it. Its own PRNG stream. Called after the registers part. */
int demo_audit(struct store *st, struct err *e);

/* The vetting part (demo_vetting.c): clearances for everyone, five years of
 * vetting applications with equality data and a planted disparity, appeals,
 * random re-vetting tasks and leavers for the barred list; its own PRNG
 * stream from seed. Called by demo_build inside its transaction. */
int demo_vetting(struct store *st, uint64_t seed, struct err *e);

/* The intelligence part (demo_intel.c): three years of graded, categorised
 * items with lines, interventions and reviews, ICT alerts referred in, and
 * anonymous reports with threads. Called after the audit part. */
int demo_intel(struct store *st, uint64_t seed, struct err *e);
/* Every person's fictional e-mail address (demo_notify.c). */
int demo_notify(struct store *st, struct err *e);
/* The complaints and conduct part (demo_complaints.c): five years of cases,
 * allegations, reviews, RPRP reports, a misconduct meeting and two public
 * gross misconduct hearings (one dismissal); its own PRNG stream from seed.
 * Called by demo_build inside its transaction, after the vetting part. */
int demo_complaints(struct store *st, uint64_t seed, struct err *e);
/* The tactical risk picture part (demo_risk.c): planted patterns across the
 * sources and a year of monthly tasking meetings with interventions and
 * outcomes; its own PRNG stream. Called last: it reads every other part. */
int demo_risk(struct store *st, uint64_t seed, struct err *e);
/* The ethics panel part (demo_ethics.c): a panel of 15 with the `ethics`
 * login as chair, two years of quarterly meetings, about 60 dilemmas with
 * advice, the force's responses and case studies; its own PRNG stream. */
int demo_ethics(struct store *st, uint64_t seed, struct err *e);
/* The training part (demo_training.c): the default course catalogue, six
 * integrity policies with versions, years of completions and policy
 * acknowledgements; its own PRNG stream. Called after the accounts exist. */
int demo_training(struct store *st, uint64_t seed, struct err *e);
/* The use of force part (demo_useofforce.c): two years of Northshire's
 * records with a planted taser disparity, the Home Office tables, England
 * and Wales's population and a body-worn video dip sample. Called after the
 * stop and search part (it uses Northshire's populations). */
int demo_useofforce(struct store *st, struct err *e);

#endif
