/* useofforce_sample.c — body-worn-video dip samples of use of force for the
 * scrutiny panel (see useofforce.h). The candidates are the area's records
 * in the period with body-worn video on (and the tactic, when asked), by id;
 * the draw is stop and search's (dipsample.h: seeded, repeatable,
 * optionally stratified by ethnic group or by the most serious kind of force
 * in the record). Each record is assessed proportionate / not proportionate
 * / not enough information on the footage, with a comment unless
 * proportionate, by a scrutiny member who is not the officer involved. */
#include "domain/useofforce.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/dipsample.h"
#include "domain/duty.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const uof_kind_names[UOF_NKINDS] = { "Restraint and unarmed skills only",
	                                         "Irritant spray, baton, spit guard, dog or other", "Taser",
	                                         "Firearms" };

/* The most serious kind of force among a record's tactics. */
static int record_kind(const char *tactics)
{
	if (strstr(tactics, "firearm_"))
		return UOF_KIND_FIREARM;
	if (strstr(tactics, "taser_"))
		return UOF_KIND_TASER;
	static const char *const equip[] = { "irritant_spray", "baton", "spit_guard", "dog_deployed", "other" };
	for (size_t i = 0; i < sizeof equip / sizeof equip[0]; i++)
		if (strstr(tactics, equip[i]))
			return UOF_KIND_EQUIPMENT;
	return UOF_KIND_RESTRAINT;
}

int uof_sample_draw(struct store *st, const struct actor *who, const struct uof_sample_input *in, int64_t *id,
                    struct errlist *errs, struct err *e)
{
	*id = 0;
	if (!actor_has(who, ROLE_SCRUTINY)) {
		alog_write(st, who, "create", "useofforce_sample", "", "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Body-worn video dip samples are drawn by the scrutiny panel");
	}
	const char *key = in->submit_key && *in->submit_key ? in->submit_key : NULL;
	if (key) {
		int r = store_int(st, e, id, "SELECT id FROM uof_samples WHERE submit_key = ?", "t", key);
		if (r)
			return r < 0 ? -1 : 0;
	}
	struct uof_query q = { in->area, in->from, in->to, in->tactic };
	uof_query_check(st, &q, errs, NULL);
	long long size;
	uint64_t seed;
	dip_size_seed(in->size, in->seed, &size, &seed, errs);
	if (in->strata < UOF_STRATA_NONE || in->strata > UOF_STRATA_TACTIC)
		errlist_add(errs, "strata", "Choose how to stratify the sample");
	if (errs->n)
		return err_field(e, ERR_INPUT, errs->item[0].field, "%s", errs->item[0].msg);
	const char *t = in->tactic ? in->tactic : "";
	char pat[160];
	uof_tag_pattern(t, pat);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT r.id, r.grp, r.tactics FROM uof_records r WHERE r.area = ? AND r.date >= ? AND r.date <= ?"
	                " AND r.bwv = 1 AND (? = '' OR r.tags LIKE ? ESCAPE '!') ORDER BY r.id",
	                "ttttt", in->area, in->from, in->to, pat, pat))
		return -1;
	enum { NS = SS_NGROUPS > UOF_NKINDS ? SS_NGROUPS : UOF_NKINDS };
	int64_t *cand[NS] = { 0 }, *all = NULL;
	size_t nc[NS] = { 0 }, cap[NS] = { 0 }, nall = 0, capall = 0;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t rid = stmt_int(s, 0);
		int g = in->strata == UOF_STRATA_TACTIC ? record_kind(stmt_text(s, 2)) : (int)stmt_int(s, 1);
		if (g < 0 || g >= NS)
			g = SS_NOT_RECORDED;
		if (nc[g] == cap[g]) {
			cap[g] = cap[g] ? cap[g] * 2 : 256;
			cand[g] = xrealloc(cand[g], cap[g] * sizeof *cand[g]);
		}
		cand[g][nc[g]++] = rid;
		if (nall == capall) {
			capall = capall ? capall * 2 : 1024;
			all = xrealloc(all, capall * sizeof *all);
		}
		all[nall++] = rid;
	}
	stmt_done(s);
	int rc = -1;
	int64_t *pick = NULL;
	int *pick_g = NULL;
	if (r < 0)
		goto out;
	if (!nall) {
		errlist_add(errs, "from", "There are no use of force records with body-worn video for %s in that period",
		            in->area);
		err_field(e, ERR_INPUT, "from", "%s", errs->item[errs->n - 1].msg);
		goto out;
	}
	size_t k = (size_t)size < nall ? (size_t)size : nall;
	pick = xcalloc(k, sizeof *pick);
	pick_g = xcalloc(k, sizeof *pick_g);
	size_t npick = dip_draw(cand, nc, in->strata == UOF_STRATA_TACTIC ? UOF_NKINDS : SS_NGROUPS, all, nall, k, seed,
	                        in->strata != UOF_STRATA_NONE, pick, pick_g);
	char now[21], seedtxt[24];
	time_now_iso(now);
	snprintf(seedtxt, sizeof seedtxt, "%llu", (unsigned long long)seed);
	static const char *const strata_names[] = { "", "group", "tactic" };
	if (store_begin(st, e))
		goto out;
	if (store_int(st, e, id,
	              "INSERT INTO uof_samples(area, from_date, to_date, size, asked, seed, strata, tactic, drawn_by,"
	              " drawn_at, submit_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?) RETURNING id",
	              "tttiitttitt", in->area, in->from, in->to, (int64_t)npick, (int64_t)size, seedtxt,
	              strata_names[in->strata], t, who->account_id, now, key) != 1)
		goto rollback;
	for (size_t i = 0; i < npick; i++)
		if (store_exec(st, e,
		               "INSERT INTO uof_sample_items(sample_id, position, record_id, grp)"
		               " SELECT ?, ?, id, grp FROM uof_records WHERE id = ?",
		               "idi", *id, (int)(i + 1), pick[i]))
			goto rollback;
	char detail[240];
	snprintf(detail, sizeof detail, "%s %s..%s: %zu of %zu records with body-worn video, seed %s%s%s%s%s", in->area,
	         in->from, in->to, npick, nall, seedtxt, in->strata ? ", stratified by " : "", strata_names[in->strata],
	         *t ? ", tactic " : "", t);
	if (alog_writei(st, who, "create", "useofforce_sample", *id, "ok", detail, e) || store_commit(st, e))
		goto rollback;
	rc = 0;
	goto out;
rollback:
	store_rollback(st);
	*id = 0;
out:
	for (int g = 0; g < NS; g++)
		free(cand[g]);
	free(all);
	free(pick);
	free(pick_g);
	return rc;
}

static void sample_row(struct stmt *s, void *out)
{
	struct uof_sample *o = out;
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
	snprintf(o->strata, sizeof o->strata, "%s", stmt_text(s, 9));
	snprintf(o->tactic, sizeof o->tactic, "%s", stmt_text(s, 10));
	o->assessed = stmt_int(s, 11);
	o->yes = stmt_int(s, 12);
	o->no = stmt_int(s, 13);
	o->nei = stmt_int(s, 14);
}

#define SAMPLE_COLS                                                                                           \
	"SELECT s.id, s.area, s.from_date, s.to_date, s.seed, s.drawn_at, COALESCE(a.username, 'system'),"       \
	" s.size, s.asked, s.strata, s.tactic,"                                                                 \
	" SUM(CASE WHEN i.verdict IS NOT NULL THEN 1 ELSE 0 END),"                                              \
	" SUM(CASE WHEN i.verdict = 'proportionate' THEN 1 ELSE 0 END),"                                        \
	" SUM(CASE WHEN i.verdict = 'not' THEN 1 ELSE 0 END), SUM(CASE WHEN i.verdict = 'nei' THEN 1 ELSE 0 END)" \
	" FROM uof_samples s LEFT JOIN accounts a ON a.id = s.drawn_by JOIN uof_sample_items i ON i.sample_id = s.id"
#define SAMPLE_GROUP                                                                                          \
	" GROUP BY s.id, s.area, s.from_date, s.to_date, s.seed, s.drawn_at, COALESCE(a.username, 'system'),"    \
	" s.size, s.asked, s.strata, s.tactic"

static void item_row(struct stmt *s, void *out)
{
	struct uof_sample_item *it = out;
	it->position = (int)stmt_int(s, 0);
	it->grp = (int)stmt_int(s, 1);
	snprintf(it->incident_ref, sizeof it->incident_ref, "%s", stmt_text(s, 2));
	snprintf(it->date, sizeof it->date, "%s", stmt_text(s, 3));
	snprintf(it->tactics, sizeof it->tactics, "%s", stmt_text(s, 4));
	snprintf(it->reason, sizeof it->reason, "%s", stmt_text(s, 5));
	snprintf(it->outcome, sizeof it->outcome, "%s", stmt_text(s, 6));
	snprintf(it->verdict, sizeof it->verdict, "%s", stmt_text(s, 7));
	snprintf(it->comment, sizeof it->comment, "%s", stmt_text(s, 8));
}

/* Body-worn video samples as dipsample.h's table. */
static const struct dip_kind uof_dip = {
	.object_type = "useofforce_sample",
	.read_roles = UOF_SAMPLE_READ_ROLES,
	.refused_detail = "role",
	.read_refused = "Body-worn video dip samples are for the scrutiny panel, PSD and governance",
	.assess_refused = "Body-worn video dip samples are assessed by the scrutiny panel",
	.verdict = { "proportionate", "not", "nei" },
	.verdict_missing = "Choose whether the force used was proportionate on the video",
	.comment_missing = "Say what on the video makes it not proportionate, or what was missing",
	.sql_officer = "SELECT p.id FROM uof_sample_items i JOIN uof_records r ON r.id = i.record_id"
	               " JOIN people p ON p.staff_number = r.officer_staff_number WHERE i.sample_id = ? AND i.position = ?",
	.sql_item = "SELECT 1 FROM uof_sample_items WHERE sample_id = ? AND position = ?",
	.sql_assess = "UPDATE uof_sample_items SET verdict = ?, comment = ?, assessed_by = ?, assessed_at = ?"
	              " WHERE sample_id = ? AND position = ?",
	.sql_groups = "SELECT grp, verdict, COUNT(*) FROM uof_sample_items WHERE sample_id = ? AND verdict IS NOT NULL"
	              " GROUP BY grp, verdict",
	.sql_list = SAMPLE_COLS SAMPLE_GROUP " ORDER BY s.id DESC",
	.sql_one = SAMPLE_COLS " WHERE s.id = ?" SAMPLE_GROUP,
	.sql_items = "SELECT i.position, i.grp, r.incident_ref, r.date, r.tactics, r.reason, r.outcome,"
	              " COALESCE(i.verdict, ''), i.comment FROM uof_sample_items i"
	              " JOIN uof_records r ON r.id = i.record_id WHERE i.sample_id = ? ORDER BY i.position",
	.read_row = sample_row,
	.row_size = sizeof(struct uof_sample),
	.read_item = item_row,
	.item_size = sizeof(struct uof_sample_item),
	.other_group = SS_NOT_RECORDED,
	.ngroups = SS_NGROUPS,
};

int uof_sample_may_assess(struct store *st, const struct actor *who, int64_t sample_id, int position)
{
	return dip_may_assess(st, &uof_dip, who, sample_id, position);
}

int uof_sample_assess(struct store *st, const struct actor *who, int64_t sample_id, int position, const char *verdict,
                      const char *comment, struct errlist *errs, struct err *e)
{
	return dip_assess(st, &uof_dip, who, sample_id, position, verdict, comment, errs, e);
}

int uof_samples_list(struct store *st, const struct actor *who, struct uof_sample **out, size_t *n, struct err *e)
{
	return dip_list(st, &uof_dip, who, (void **)out, n, e);
}

int uof_sample_get(struct store *st, const struct actor *who, int64_t id, struct uof_sample *smp,
                   struct uof_sample_item **items, size_t *n, struct err *e)
{
	return dip_get(st, &uof_dip, who, id, smp, (void **)items, n, e);
}

int uof_sample_groups(struct store *st, int64_t id, struct ss_sample_group g[SS_NGROUPS + 1], struct err *e)
{
	return dip_groups(st, &uof_dip, id, g, e);
}
