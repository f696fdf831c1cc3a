/* dipsample.h — the random draw every dip sample makes (stop and search's
 * reasonable grounds, use of force's body-worn video): a partial
 * Fisher–Yates shuffle of the candidates (in the caller's order, by id)
 * driven by splitmix64 (core/rng.h) from a recorded seed, so anyone can
 * repeat it; stratified draws allocate the size to the strata in proportion
 * to their candidates (largest remainder, ties to the lower stratum) and draw
 * within each. Also the shared checks of a requested size and seed (pure
 * apart from the random seed), and the steps every kind of sample shares
 * once drawn — who may read, who may assess, recording a verdict, listing
 * samples, counting verdicts by group — driven by a table describing the
 * kind (struct dip_kind: its tables as fixed SQL, its access-log object
 * type, roles, verdict words and messages). */
#ifndef PROBITY_DIPSAMPLE_H
#define PROBITY_DIPSAMPLE_H

#include "core/err.h"
#include "domain/actor.h"
#include <stddef.h>
#include <stdint.h>

struct store;
struct stmt;

/* Check size (1..1000) and seed (blank: a random one, below 2^53) as typed;
 * problems go in errs under "size" and "seed". 0 when both are good. */
int dip_size_seed(const char *size_text, const char *seed_text, long long *size, uint64_t *seed,
                  struct errlist *errs);

/* Draw k of the candidates. Unstratified: k of all[0..nall) (pick_g[i] = -1).
 * Stratified: from cand[g][0..nc[g]) for g < nstrata (pick_g[i] = g), in
 * stratum order. Shuffles the arrays in place. pick and pick_g hold k
 * entries. Returns how many were picked. */
size_t dip_draw(int64_t *const cand[], const size_t nc[], int nstrata, int64_t *all, size_t nall, size_t k,
                uint64_t seed, int stratified, int64_t *pick, int *pick_g);

/* ---- the steps after the draw, one table per kind of sample ---- */

/* Verdicts by group: assessed = yes + no + nei. */
struct ss_sample_group {
	int64_t assessed, yes, no, nei;
};

struct dip_kind {
	const char *object_type;      /* access log: "stopsearch_sample" */
	int read_roles;               /* may read samples (the system, who == NULL, always) */
	const char *refused_detail;   /* access-log detail of a refusal by role ("" or "role") */
	const char *read_refused, *assess_refused;   /* the refusals' messages */
	const char *verdict[3];       /* the stored words for yes, no, not enough information */
	const char *verdict_missing;  /* no or an unknown verdict */
	const char *comment_missing;  /* a verdict other than yes without a comment */
	/* Fixed SQL (bound "id": sample id, position): */
	const char *sql_officer;      /* the person id of the officer behind an item */
	const char *sql_item;         /* SELECT 1 when the item exists */
	const char *sql_assess;       /* "ttitid": verdict, comment, assessor, when, sample id, position */
	const char *sql_groups;       /* "i": grp, verdict, COUNT(*) of the assessed items */
	const char *sql_list;         /* "": one summary row per sample, newest first */
	const char *sql_one;          /* "i": the summary row of one sample */
	const char *sql_items;        /* "i": one sample's items in position order */
	void (*read_row)(struct stmt *s, void *out);  /* a summary row into the kind's struct */
	size_t row_size;
	void (*read_item)(struct stmt *s, void *out); /* an item row into the kind's item struct */
	size_t item_size;
	int other_group;              /* where an unknown group's verdicts count */
	int ngroups;                  /* groups before the total (g[ngroups] is the total) */
};

/* 0 when who may read samples of kind k; else the refusal, logged. */
int dip_may_read(struct store *st, const struct dip_kind *k, const struct actor *who, int64_t id, struct err *e);
/* Whether who may assess item position of sample_id: the scrutiny panel,
 * and not the officer behind the record (separation of duties, duty.h). */
int dip_may_assess(struct store *st, const struct dip_kind *k, const struct actor *who, int64_t sample_id,
                   int position);
/* Record a verdict (k->verdict words) with a comment (required unless
 * yes, at most 1000 characters). Refusals logged; problems in errs. */
int dip_assess(struct store *st, const struct dip_kind *k, const struct actor *who, int64_t sample_id, int position,
               const char *verdict, const char *comment, struct errlist *errs, struct err *e);
/* Every sample's summary row, newest first (k->read_row into an array of
 * k->row_size elements; the caller frees *out). The view is logged. */
int dip_list(struct store *st, const struct dip_kind *k, const struct actor *who, void **out, size_t *n,
             struct err *e);
/* One sample's summary row (ERR_NOTFOUND when there is none). */
int dip_one(struct store *st, const struct dip_kind *k, const struct actor *who, int64_t id, void *out,
            struct err *e);
/* One sample's summary row and its items (k->read_item into an array of
 * k->item_size elements; the caller frees *items). The view is logged. */
int dip_get(struct store *st, const struct dip_kind *k, const struct actor *who, int64_t id, void *smp,
            void **items, size_t *n, struct err *e);
/* Verdicts by group of sample id: g[0..k->ngroups] (the last is all). */
int dip_groups(struct store *st, const struct dip_kind *k, int64_t id, struct ss_sample_group *g, struct err *e);

#endif
