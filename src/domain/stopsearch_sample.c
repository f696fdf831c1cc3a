/* stopsearch_sample.c — reasonable-grounds dip samples (see stopsearch.h).
 * A scrutiny panel member draws a random sample of the force's own records
 * for an area and period; the draw is a partial Fisher–Yates shuffle of the
 * candidate records (ordered by id) driven by splitmix64 from a recorded
 * seed, so anyone can repeat it. Stratified samples allocate the size to the
 * self-defined ethnic groups in proportion to their records (largest
 * remainder) and draw within each group. The draw is domain/dipsample.c,
 * shared with use of force's body-worn video samples. */
#include "domain/stopsearch.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/dipsample.h"
#include "domain/duty.h"
#include "store/store.h"
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ss_wilson(int64_t y, int64_t n, double *lo, double *hi)
{
	if (n <= 0) {
		*lo = *hi = NAN;
		return;
	}
	const double z = 1.96, p = (double)y / (double)n, nn = (double)n;
	double den = 1 + z * z / nn;
	double centre = (p + z * z / (2 * nn)) / den;
	double half = z / den * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
	*lo = 100.0 * (centre - half);
	*hi = 100.0 * (centre + half);
	if (*lo < 0) *lo = 0;
	if (*hi > 100) *hi = 100;
}

/* Whether a search under legislation needs no reasonable grounds by the
 * configured list (stopsearch.sample_exclude: ";"-separated parts of the
 * legislation's name; default section 60 and section 47A). */
static int needs_no_grounds(const char *excl, const char *legislation)
{
	const char *p = excl;
	while (p && *p) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		while (n && *p == ' ') {
			p++;
			n--;
		}
		if (n && memmem(legislation, strlen(legislation), p, n))
			return 1;
		p = semi ? semi + 1 : NULL;
	}
	return 0;
}

struct pick {
	uint64_t seed;
	long long size;
	size_t total, n;
	int64_t *id;
	int *grp;
};

static void pick_release(struct pick *k)
{
	free(k->id);
	free(k->grp);
}

/* Check the input and draw: the records picked, in order. The web and
 * `probity stopsearch sample` both draw through this. */
static int sample_pick(struct store *st, const struct ss_sample_input *in, struct pick *out, struct errlist *errs,
                       struct err *e)
{
	memset(out, 0, sizeof *out);
	struct ss_query q = { in->area, in->from, in->to, 0 };
	ss_query_check(&q, errs, NULL);
	long long size;
	uint64_t seed;
	dip_size_seed(in->size, in->seed, &size, &seed, errs);
	if (errs->n)
		return err_field(e, ERR_INPUT, errs->item[0].field, "%s", errs->item[0].msg);
	out->seed = seed;
	out->size = size;
	char excl[512] = "";
	if (!in->include_no_grounds &&
	    store_text(st, NULL, excl, sizeof excl, "SELECT value FROM config WHERE key = 'stopsearch.sample_exclude'", "") != 1)
		snprintf(excl, sizeof excl, "%s", SS_SAMPLE_EXCLUDE_DEFAULT);
	/* Candidates, per group: only powers that need reasonable grounds unless asked. */
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT s.id, s.self_group, p.legislation FROM ss_searches s JOIN ss_profiles p ON p.id = s.profile"
	                " WHERE s.area = ? AND s.month >= ? AND s.month <= ? AND s.record_id IS NOT NULL ORDER BY s.id",
	                "ttt", in->area, in->from, in->to))
		return -1;
	int64_t *cand[SS_NGROUPS] = { 0 };
	size_t nc[SS_NGROUPS] = { 0 }, cap[SS_NGROUPS] = { 0 }, total = 0;
	int64_t *all = NULL;
	size_t nall = 0, capall = 0;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t sid = stmt_int(s, 0);
		int g = (int)stmt_int(s, 1);
		if (excl[0] && needs_no_grounds(excl, stmt_text(s, 2)))
			continue;
		if (g < 0 || g >= SS_NGROUPS)
			g = SS_NOT_RECORDED;
		if (nc[g] == cap[g]) {
			cap[g] = cap[g] ? cap[g] * 2 : 256;
			cand[g] = xrealloc(cand[g], cap[g] * sizeof *cand[g]);
		}
		cand[g][nc[g]++] = sid;
		if (nall == capall) {
			capall = capall ? capall * 2 : 1024;
			all = xrealloc(all, capall * sizeof *all);
		}
		all[nall++] = sid;
		total++;
	}
	stmt_done(s);
	int rc = -1;
	int64_t *pick = NULL;
	int *pick_g = NULL;
	size_t npick = 0;
	if (r < 0)
		goto out;
	if (!total) {
		errlist_add(errs, "from", "There are no force stop and search records%s for %s in that period",
		            in->include_no_grounds ? "" : " under powers that need reasonable grounds", in->area);
		err_field(e, ERR_INPUT, "from", "%s", errs->item[errs->n - 1].msg);
		goto out;
	}
	size_t k = (size_t)size < total ? (size_t)size : total;
	pick = xcalloc(k, sizeof *pick);
	pick_g = xcalloc(k, sizeof *pick_g);
	npick = dip_draw(cand, nc, SS_NGROUPS, all, nall, k, seed, in->stratified, pick, pick_g);
	out->total = total;
	out->n = npick;
	out->id = pick;
	out->grp = pick_g;
	pick = NULL;
	pick_g = NULL;
	rc = 0;
out:
	for (int g = 0; g < SS_NGROUPS; g++)
		free(cand[g]);
	free(all);
	free(pick);
	free(pick_g);
	return rc;
}

int ss_sample_draw(struct store *st, const struct actor *who, const struct ss_sample_input *in, int64_t *id,
                   struct errlist *errs, struct err *e)
{
	*id = 0;
	if (!actor_has(who, ROLE_SCRUTINY)) {
		alog_write(st, who, "create", "stopsearch_sample", "", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Dip samples are drawn by the scrutiny panel");
	}
	const char *key = in->submit_key && *in->submit_key ? in->submit_key : NULL;
	if (key) {
		int r = store_int(st, e, id, "SELECT id FROM ss_samples WHERE submit_key = ?", "t", key);
		if (r)
			return r < 0 ? -1 : 0;
	}
	struct pick pk;
	if (sample_pick(st, in, &pk, errs, e))
		return -1;
	int rc = -1;
	uint64_t seed = pk.seed;
	long long size = pk.size;
	size_t npick = pk.n, total = pk.total;
	int64_t *pick = pk.id;
	char now[21], seedtxt[24];
	time_now_iso(now);
	snprintf(seedtxt, sizeof seedtxt, "%llu", (unsigned long long)seed);
	if (store_begin(st, e))
		goto out;
	if (store_exec(st, e,
	               "INSERT INTO ss_samples(area, from_month, to_month, size, asked, seed, stratified, drawn_by, drawn_at, "
	               "submit_key, include_no_grounds) VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?)",
	               "tttiitdittd", in->area, in->from, in->to, (int64_t)npick, (int64_t)size, seedtxt, in->stratified ? 1 : 0,
	               who->account_id, now, key, in->include_no_grounds ? 1 : 0))
		goto rollback;
	*id = store_last_id(st);
	for (size_t i = 0; i < npick; i++) {
		if (store_exec(st, e,
		               "INSERT INTO ss_sample_items(sample_id, position, search_id, grp)"
		               " SELECT ?, ?, id, self_group FROM ss_searches WHERE id = ?",
		               "idi", *id, (int)(i + 1), pick[i]))
			goto rollback;
	}
	char detail[200];
	snprintf(detail, sizeof detail, "%s %s..%s: %zu of %zu records, seed %s%s%s", in->area, in->from, in->to, npick,
	         total, seedtxt, in->stratified ? ", stratified" : "",
	         in->include_no_grounds ? ", including powers without reasonable grounds" : "");
	if (alog_writei(st, who, "create", "stopsearch_sample", *id, "ok", detail, e) || store_commit(st, e))
		goto rollback;
	rc = 0;
	goto out;
rollback:
	store_rollback(st);
	*id = 0;
out:
	pick_release(&pk);
	return rc;
}

int ss_sample_preview(struct store *st, const struct ss_sample_input *in, struct ss_sample_item **items, size_t *n,
                      char seed[24], struct errlist *errs, struct err *e)
{
	*items = NULL;
	*n = 0;
	struct pick pk;
	if (sample_pick(st, in, &pk, errs, e))
		return -1;
	snprintf(seed, 24, "%llu", (unsigned long long)pk.seed);
	struct ss_sample_item *v = xcalloc(pk.n ? pk.n : 1, sizeof *v);
	int rc = v ? 0 : err_set(e, ERR_NOMEM, "out of memory");
	for (size_t i = 0; !rc && i < pk.n; i++) {
		struct stmt *s;
		if (store_query(st, &s, e,
		                "SELECT COALESCE(x.record_id, ''), x.date, p.legislation, p.object, p.outcome"
		                " FROM ss_searches x JOIN ss_profiles p ON p.id = x.profile WHERE x.id = ?", "i", pk.id[i])) {
			rc = -1;
			break;
		}
		int r = stmt_next(s, e);
		if (r == 1) {
			struct ss_sample_item *it = &v[(*n)++];
			it->position = (int)(i + 1);
			it->search_id = pk.id[i];
			snprintf(it->record_id, sizeof it->record_id, "%s", stmt_text(s, 0));
			snprintf(it->date, sizeof it->date, "%s", stmt_text(s, 1));
			snprintf(it->legislation, sizeof it->legislation, "%s", stmt_text(s, 2));
			snprintf(it->object, sizeof it->object, "%s", stmt_text(s, 3));
			snprintf(it->outcome, sizeof it->outcome, "%s", stmt_text(s, 4));
		}
		stmt_done(s);
		if (r < 0)
			rc = -1;
	}
	pick_release(&pk);
	if (rc) {
		free(v);
		*n = 0;
		return -1;
	}
	*items = v;
	return 0;
}

static void sample_row(struct stmt *s, void *out)
{
	struct ss_sample *o = out;
	memset(o, 0, sizeof *o);
	o->id = stmt_int(s, 0);
	snprintf(o->area, sizeof o->area, "%s", stmt_text(s, 1));
	snprintf(o->from, sizeof o->from, "%s", stmt_text(s, 2));
	snprintf(o->to, sizeof o->to, "%s", stmt_text(s, 3));
	snprintf(o->seed, sizeof o->seed, "%s", stmt_text(s, 4));
	snprintf(o->drawn_at, sizeof o->drawn_at, "%s", stmt_text(s, 5));
	snprintf(o->drawn_by, sizeof o->drawn_by, "%s", stmt_text(s, 6));
	o->size = stmt_int(s, 7);
	o->asked = stmt_int(s, 8);
	o->stratified = stmt_int(s, 9);
	o->assessed = stmt_int(s, 10);
	o->yes = stmt_int(s, 11);
	o->no = stmt_int(s, 12);
	o->nei = stmt_int(s, 13);
}

#define SAMPLE_COLS                                                                                          \
	"SELECT s.id, s.area, s.from_month, s.to_month, s.seed, s.drawn_at, MAX(COALESCE(a.username, 'system')),"\
	" s.size, s.asked, s.stratified,"                                                                      \
	" SUM(CASE WHEN i.verdict IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN i.verdict = 'yes' THEN 1 ELSE 0 END)," \
	" SUM(CASE WHEN i.verdict = 'no' THEN 1 ELSE 0 END), SUM(CASE WHEN i.verdict = 'nei' THEN 1 ELSE 0 END)"  \
	" FROM ss_samples s LEFT JOIN accounts a ON a.id = s.drawn_by JOIN ss_sample_items i ON i.sample_id = s.id"

static void item_row(struct stmt *s, void *out)
{
	struct ss_sample_item *it = out;
	it->position = (int)stmt_int(s, 0);
	it->search_id = stmt_int(s, 1);
	it->grp = (int)stmt_int(s, 2);
	snprintf(it->record_id, sizeof it->record_id, "%s", stmt_text(s, 3));
	snprintf(it->date, sizeof it->date, "%s", stmt_text(s, 4));
	snprintf(it->object, sizeof it->object, "%s", stmt_text(s, 5));
	snprintf(it->outcome, sizeof it->outcome, "%s", stmt_text(s, 6));
	snprintf(it->offence, sizeof it->offence, "%s", stmt_text(s, 7));
	snprintf(it->verdict, sizeof it->verdict, "%s", stmt_text(s, 8));
	snprintf(it->comment, sizeof it->comment, "%s", stmt_text(s, 9));
	snprintf(it->grounds, sizeof it->grounds, "%s", stmt_text(s, 10));
	snprintf(it->legislation, sizeof it->legislation, "%s", stmt_text(s, 11));
}

/* Reasonable-grounds samples as dipsample.h's table. */
static const struct dip_kind ss_dip = {
	.object_type = "stopsearch_sample",
	.read_roles = SS_SAMPLE_READ_ROLES,
	.refused_detail = "",
	.read_refused = "Dip samples are for the scrutiny panel, PSD and governance",
	.assess_refused = "Dip samples are assessed by the scrutiny panel",
	.verdict = { "yes", "no", "nei" },
	.verdict_missing = "Choose whether reasonable grounds were recorded",
	.comment_missing = "Say what was missing from the recorded grounds",
	.sql_officer = "SELECT p.id FROM ss_sample_items i JOIN ss_searches s ON s.id = i.search_id "
	               "JOIN people p ON p.staff_number = s.officer_staff_number WHERE i.sample_id = ? AND i.position = ?",
	.sql_item = "SELECT 1 FROM ss_sample_items WHERE sample_id = ? AND position = ?",
	.sql_assess = "UPDATE ss_sample_items SET verdict = ?, comment = ?, assessed_by = ?, assessed_at = ?"
	              " WHERE sample_id = ? AND position = ?",
	.sql_groups = "SELECT grp, verdict, COUNT(*) FROM ss_sample_items WHERE sample_id = ? AND verdict IS NOT NULL"
	              " GROUP BY grp, verdict",
	.sql_list = SAMPLE_COLS " GROUP BY s.id ORDER BY s.id DESC",
	.sql_one = SAMPLE_COLS " WHERE s.id = ? GROUP BY s.id",
	.sql_items = "SELECT i.position, i.search_id, i.grp, COALESCE(x.record_id, ''), x.date, p.object, p.outcome,"
	              " COALESCE(x.suspected_offence, ''), COALESCE(i.verdict, ''), i.comment, COALESCE(x.grounds, ''),"
	              " p.legislation"
	              " FROM ss_sample_items i JOIN ss_searches x ON x.id = i.search_id"
	              " JOIN ss_profiles p ON p.id = x.profile WHERE i.sample_id = ?"
	              " ORDER BY i.position",
	.read_row = sample_row,
	.row_size = sizeof(struct ss_sample),
	.read_item = item_row,
	.item_size = sizeof(struct ss_sample_item),
	.other_group = SS_NOT_RECORDED,
	.ngroups = SS_NGROUPS,
};

int ss_sample_may_assess(struct store *st, const struct actor *who, int64_t sample_id, int position)
{
	return dip_may_assess(st, &ss_dip, who, sample_id, position);
}

int ss_sample_assess(struct store *st, const struct actor *who, int64_t sample_id, int position, const char *verdict,
                     const char *comment, struct errlist *errs, struct err *e)
{
	return dip_assess(st, &ss_dip, who, sample_id, position, verdict, comment, errs, e);
}

int ss_samples_list(struct store *st, const struct actor *who, struct ss_sample **out, size_t *n, struct err *e)
{
	return dip_list(st, &ss_dip, who, (void **)out, n, e);
}

int ss_sample_get(struct store *st, const struct actor *who, int64_t id, struct ss_sample *smp,
                  struct ss_sample_item **items, size_t *n, struct err *e)
{
	return dip_get(st, &ss_dip, who, id, smp, (void **)items, n, e);
}

int ss_sample_groups(struct store *st, int64_t id, struct ss_sample_group g[SS_NGROUPS + 1], struct err *e)
{
	return dip_groups(st, &ss_dip, id, g, e);
}
