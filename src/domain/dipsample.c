/* dipsample.c — the shared dip-sample draw and the steps every kind of
 * sample shares after it, driven by struct dip_kind (see dipsample.h). */
#include "domain/dipsample.h"
#include "core/date.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/duty.h"
#include "store/store.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Move k random elements of v[0..n) to its front (uniform, unbiased enough:
 * modulo bias is below 2^-40 for any realistic n). */
static void partial_shuffle(int64_t *v, size_t n, size_t k, struct rng *state)
{
	for (size_t i = 0; i < k && i < n; i++) {
		size_t j = i + (size_t)(rng_next(state) % (uint64_t)(n - i));
		int64_t t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

int dip_size_seed(const char *size_text, const char *seed_text, long long *size, uint64_t *seed,
                  struct errlist *errs)
{
	char *end;
	int before = errs->n;
	*size = size_text ? strtoll(size_text, &end, 10) : 0;
	if (!size_text || !*size_text || *end || *size < 1 || *size > 1000)
		errlist_add(errs, "size", "Enter a sample size from 1 to 1000");
	*seed = 0;
	if (seed_text && *seed_text) {
		unsigned long long v = strtoull(seed_text, &end, 10);
		if (*end || seed_text[0] == '-' || strlen(seed_text) > 20)
			errlist_add(errs, "seed", "Enter the seed as a whole number, or leave it blank for a random one");
		*seed = v;
	} else {
		randombytes_buf(seed, sizeof *seed);
		*seed >>= 11; /* stays exact when read back as a double by spreadsheets */
	}
	return errs->n > before ? -1 : 0;
}

size_t dip_draw(int64_t *const cand[], const size_t nc[], int nstrata, int64_t *all, size_t nall, size_t k,
                uint64_t seed, int stratified, int64_t *pick, int *pick_g)
{
	struct rng state = { seed };
	size_t npick = 0;
	if (!stratified) {
		partial_shuffle(all, nall, k, &state);
		for (size_t i = 0; i < k && i < nall; i++) {
			pick[npick] = all[i];
			pick_g[npick++] = -1;
		}
		return npick;
	}
	size_t total = 0, given = 0;
	for (int g = 0; g < nstrata; g++)
		total += nc[g];
	if (!total)
		return 0;
	size_t *quota = xcalloc((size_t)nstrata, sizeof *quota);
	double *rem = xcalloc((size_t)nstrata, sizeof *rem);
	for (int g = 0; g < nstrata; g++) {
		double exact = (double)k * (double)nc[g] / (double)total;
		quota[g] = (size_t)exact;
		rem[g] = exact - (double)quota[g];
		given += quota[g];
	}
	while (given < k) { /* largest remainder, ties to the lower stratum */
		int best = -1;
		for (int g = 0; g < nstrata; g++)
			if (quota[g] < nc[g] && (best < 0 || rem[g] > rem[best]))
				best = g;
		if (best < 0)
			break;
		quota[best]++;
		rem[best] = -1;
		given++;
	}
	for (int g = 0; g < nstrata; g++) {
		partial_shuffle(cand[g], nc[g], quota[g], &state);
		for (size_t i = 0; i < quota[g]; i++) {
			pick[npick] = cand[g][i];
			pick_g[npick++] = g;
		}
	}
	free(quota);
	free(rem);
	return npick;
}

/* ---- after the draw ---- */

int dip_may_read(struct store *st, const struct dip_kind *k, const struct actor *who, int64_t id, struct err *e)
{
	if (!who || actor_has(who, k->read_roles))
		return 0;
	alog_writei(st, who, "view", k->object_type, id, "refused", k->refused_detail, NULL);
	return err_set(e, ERR_DENIED, "%s", k->read_refused);
}

/* The person behind an item's record (0: unknown). */
static int64_t item_officer(struct store *st, const struct dip_kind *k, int64_t sample_id, int position)
{
	int64_t p = 0;
	store_int(st, NULL, &p, k->sql_officer, "id", sample_id, position);
	return p;
}

int dip_may_assess(struct store *st, const struct dip_kind *k, const struct actor *who, int64_t sample_id,
                   int position)
{
	return actor_has(who, ROLE_SCRUTINY) &&
	       !duty_conflict1(st, who, NULL, item_officer(st, k, sample_id, position), DUTY_SUBJECT);
}

int dip_assess(struct store *st, const struct dip_kind *k, const struct actor *who, int64_t sample_id, int position,
               const char *verdict, const char *comment, struct errlist *errs, struct err *e)
{
	if (!actor_has(who, ROLE_SCRUTINY)) {
		alog_writei(st, who, "assess", k->object_type, sample_id, "refused", k->refused_detail, NULL);
		return err_set(e, ERR_DENIED, "%s", k->assess_refused);
	}
	int64_t one;
	int r = store_int(st, e, &one, k->sql_item, "id", sample_id, position);
	if (r <= 0)
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No such record in the sample");
	if (duty_check1(st, who, "assess", "assess", k->object_type, sample_id, NULL,
	                item_officer(st, k, sample_id, position), DUTY_SUBJECT, e))
		return -1;
	verdict = verdict ? verdict : "";
	comment = comment ? comment : "";
	if (strcmp(verdict, k->verdict[0]) && strcmp(verdict, k->verdict[1]) && strcmp(verdict, k->verdict[2]))
		errlist_add(errs, "verdict", "%s", k->verdict_missing);
	else if (strcmp(verdict, k->verdict[0]) && !*comment)
		errlist_add(errs, "comment", "%s", k->comment_missing);
	if (strlen(comment) > 1000)
		errlist_add(errs, "comment", "The comment must be 1000 characters or fewer");
	if (errs->n)
		return err_field(e, ERR_INPUT, errs->item[0].field, "%s", errs->item[0].msg);
	char now[21], detail[64];
	time_now_iso(now);
	snprintf(detail, sizeof detail, "record %d: %s", position, verdict);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, k->sql_assess, "ttitid", verdict, comment, who->account_id, now, sample_id, position) ||
	    alog_writei(st, who, "assess", k->object_type, sample_id, "ok", detail, e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* Every row of s through read into a new array of size-byte elements
 * (zeroed first; the caller frees *out); s finished. 0, or -1 (e set;
 * *out NULL, *n 0). */
static int read_rows(struct stmt *s, void (*read)(struct stmt *, void *), size_t size, void **out, size_t *n,
                     struct err *e)
{
	char *v = NULL;
	size_t cap = 0;
	int r;
	*n = 0;
	while ((r = stmt_next(s, e)) == 1) {
		v = xgrow(v, *n, &cap, 16, size);
		char *slot = v + (*n)++ * size;
		memset(slot, 0, size);
		read(s, slot);
	}
	stmt_done(s);
	if (r < 0) {
		free(v);
		*n = 0;
		v = NULL;
	}
	*out = v;
	return r < 0 ? -1 : 0;
}

int dip_list(struct store *st, const struct dip_kind *k, const struct actor *who, void **out, size_t *n,
             struct err *e)
{
	*out = NULL;
	*n = 0;
	if (dip_may_read(st, k, who, 0, e) || (who && alog_list(st, who, k->object_type, "all", e, "%s", "")))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e, k->sql_list, ""))
		return -1;
	return read_rows(s, k->read_row, k->row_size, out, n, e);
}

int dip_get(struct store *st, const struct dip_kind *k, const struct actor *who, int64_t id, void *smp,
            void **items, size_t *n, struct err *e)
{
	*items = NULL;
	*n = 0;
	struct stmt *s;
	if (dip_one(st, k, who, id, smp, e) || store_query(st, &s, e, k->sql_items, "i", id) ||
	    read_rows(s, k->read_item, k->item_size, items, n, e))
		return -1;
	if (who)
		alog_writei(st, who, "view", k->object_type, id, "ok", "", NULL);
	return 0;
}

int dip_one(struct store *st, const struct dip_kind *k, const struct actor *who, int64_t id, void *out,
            struct err *e)
{
	if (dip_may_read(st, k, who, id, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e, k->sql_one, "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		k->read_row(s, out);
	stmt_done(s);
	return r <= 0 ? (r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No such sample")) : 0;
}

int dip_groups(struct store *st, const struct dip_kind *k, int64_t id, struct ss_sample_group *g, struct err *e)
{
	memset(g, 0, sizeof *g * (size_t)(k->ngroups + 1));
	struct stmt *s;
	if (store_query(st, &s, e, k->sql_groups, "i", id))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int grp = (int)stmt_int(s, 0);
		if (grp < 0 || grp >= k->ngroups)
			grp = k->other_group;
		const char *v = stmt_text(s, 1);
		int64_t c = stmt_int(s, 2);
		for (int t = 0; t < 2; t++) {
			struct ss_sample_group *x = &g[t ? k->ngroups : grp];
			x->assessed += c;
			if (!strcmp(v, k->verdict[0]))
				x->yes += c;
			else if (!strcmp(v, k->verdict[1]))
				x->no += c;
			else
				x->nei += c;
		}
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}
