/* demo_useofforce.c — the use of force part of `probity demo` (issue 26).
 *
 * Two financial years (April 2023 – March 2025) of Northshire's own use of
 * force records, generated from this part's own random stream: about 3,000
 * people a year, a realistic tactic mix (handcuffing in most, ground
 * restraint and unarmed skills often, taser in under one in ten, firearms
 * rarely), and a planted disparity: Black people are subjected to force more
 * often for their population, and taser is used on them at about three times
 * the rate for White people. One officer uses taser far more than their
 * peers, so the PSD list has someone on it. All of it is fictional and goes
 * through the domain's own importer.
 *
 * Beside it, the real Home Office tables for 2018-19 and 2019-20 (copied
 * into data/use-of-force with their source, Open Government Licence v3.0),
 * with Derbyshire as Northshire's published force (Northshire's
 * populations are Derbyshire's, set by the stop and search part), and the
 * population of England and Wales summed from the 2011 census file by
 * force area. Finally the `scrutiny` login draws a body-worn video dip sample
 * of 30 records (seed 2026, stratified by kind of force) and assesses it.
 * When the data folder is not found, the national table and England and
 * Wales are left out and this part says so; the records are still made. */
#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/rng.h"
#include "demo/demo.h"
#include "domain/auth.h"
#include "domain/useofforce.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* data/<sub> next to the binary, two folders up (build/asan/probity), under
 * $PROBITY_DATA_DIR/.., or under the current directory. */
static int find_data(const char *sub, const char *probe_file, char *out, size_t n)
{
	char probe[1400], exe[1024];
	const char *env = getenv("PROBITY_DATA_DIR");
	if (env && *env) {
		snprintf(out, n, "%s/../%s", env, sub);
		snprintf(probe, sizeof probe, "%s/%s", out, probe_file);
		if (access(probe, R_OK) == 0)
			return 0;
	}
	ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k > 0) {
		exe[k] = 0;
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = 0;
		const char *ups[] = { "", "/../.." };
		for (size_t i = 0; i < 2; i++) {
			snprintf(out, n, "%s%s/data/%s", exe, ups[i], sub);
			snprintf(probe, sizeof probe, "%s/%s", out, probe_file);
			if (access(probe, R_OK) == 0)
				return 0;
		}
	}
	snprintf(out, n, "data/%s", sub);
	snprintf(probe, sizeof probe, "%s/%s", out, probe_file);
	return access(probe, R_OK) == 0 ? 0 : -1;
}

/* England and Wales: the census file's rows summed (census groups). */
static int england_and_wales(struct store *st, const char *census, struct err *e)
{
	struct csv c;
	if (csv_open_file(&c, census, e))
		return -1;
	/* White 2, Mixed 7, Asian 12, Black 18, Other 22 (the group totals). */
	static const struct { int col; const char *grp; } cols[5] = {
		{ 2, "White" }, { 7, "Mixed" }, { 12, "Asian" }, { 18, "Black" }, { 22, "Other" } };
	long long sum[5] = { 0 };
	int r, first = 1;
	while ((r = csv_next(&c, e)) == 1) {
		if (first) {
			first = 0;
			continue;
		}
		if (c.nf < 23)
			continue;
		for (int i = 0; i < 5; i++)
			sum[i] += atoll(csv_field(&c, (size_t)cols[i].col));
	}
	csv_close(&c);
	if (r < 0)
		return -1;
	for (int i = 0; i < 5; i++)
		if (store_exec(st, e,
		               "INSERT INTO ss_population(area, grp, population) VALUES ('England and Wales', ?, ?)"
		               " ON CONFLICT(area, grp) DO UPDATE SET population = excluded.population",
		               "ti", cols[i].grp, (int64_t)sum[i]))
			return -1;
	return 0;
}

/* Pick an index by weights (per thousand, summing to 1000). */
static int pick(struct rng *r, const int *w, int n)
{
	long x = rng_below(r, 1000), acc = 0;
	for (int i = 0; i < n; i++) {
		acc += w[i];
		if (x < acc)
			return i;
	}
	return n - 1;
}

static void add_tactic(char *t, size_t n, const char *name)
{
	size_t l = strlen(t);
	snprintf(t + l, n - l, "%s%s", l ? ";" : "", name);
}

static int make_records(struct store *st, struct rng *rng, struct err *e)
{
	char officers[40][32];
	int nofficers = 0, r, seen = 0;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT staff_number FROM people WHERE kind = 'officer' AND leave_date = ''"
	                " AND (rank = 'Constable' OR rank = 'Sergeant') ORDER BY id",
	                ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1 && nofficers < 40)
		if (seen++ % 17 == 3)
			snprintf(officers[nofficers++], 32, "%s", stmt_text(s, 0));
	stmt_done(s);
	if (r < 0)
		return -1;
	if (nofficers < 5)
		return 0; /* a demo without officers: nothing to attach the records to */
	static const char *const groups[6] = { "White", "Black", "Asian", "Mixed", "Other", "" };
	static const int gw[6] = { 870, 65, 33, 16, 6, 10 }; /* about Derbyshire's 2019-20 shares */
	static const int taser_pm[6] = { 70, 250, 90, 90, 90, 70 }; /* taser per thousand, by group */
	static const char *const reasons[6] = { "Protect self", "Protect public", "Effect arrest", "Prevent offence",
		                                "Prevent escape", "Method of entry" };
	static const int rw[6] = { 300, 220, 250, 120, 90, 20 };
	static const char *const outcomes[5] = { "Arrested", "Released", "Detained under the Mental Health Act",
		                                 "Hospitalised", "Other" };
	static const int ow[5] = { 720, 120, 90, 30, 40 };
	static const char *const ages[5] = { "11-17", "18-34", "35-49", "50-64", "65 and over" };
	static const int aw[5] = { 90, 520, 280, 90, 20 };
	static const char *const tasers[5] = { "taser_drawn", "taser_aimed", "taser_red_dot", "taser_fired",
		                               "taser_drive_stun" };
	static const int tw[5] = { 400, 250, 200, 120, 30 };
	struct buf b = BUF_INIT;
	buf_init(&b, 4u << 20);
	buf_adds(&b, UOF_HEADER "\n");
	long day0 = days_from_civil(2023, 4, 1), days = days_from_civil(2025, 4, 1) - day0;
	int inc = 0;
	for (long d = 0; d < days; d++) {
		char date[11];
		date_format(day0 + d, date);
		int today = (int)rng_range(rng, 5, 11);
		for (int i = 0; i < today; i++) {
			inc++;
			int people = rng_permille(rng, 900) ? 1 : 2;
			int off = (int)rng_below(rng, nofficers);
			for (int p = 0; p < people; p++) {
				int g = pick(rng, gw, 6);
				char t[256] = "";
				/* officer 0 carries a taser more than anyone and draws it often */
				int tp = off == 0 ? 450 : taser_pm[g];
				if (rng_permille(rng, 760)) add_tactic(t, sizeof t, "handcuffing");
				if (rng_permille(rng, 200)) add_tactic(t, sizeof t, "ground_restraint");
				if (rng_permille(rng, 100)) add_tactic(t, sizeof t, "limb_restraints");
				if (rng_permille(rng, 300)) add_tactic(t, sizeof t, "unarmed_skills");
				if (rng_permille(rng, 30)) add_tactic(t, sizeof t, "spit_guard");
				if (rng_permille(rng, 40)) add_tactic(t, sizeof t, "irritant_spray");
				if (rng_permille(rng, 10)) add_tactic(t, sizeof t, "baton");
				if (rng_permille(rng, tp)) add_tactic(t, sizeof t, tasers[pick(rng, tw, 5)]);
				if (rng_permille(rng, 6)) add_tactic(t, sizeof t, rng_permille(rng, 100) ? "firearm_fired" : "firearm_aimed");
				if (rng_permille(rng, 10)) add_tactic(t, sizeof t, "dog_deployed");
				if (!*t) add_tactic(t, sizeof t, rng_permille(rng, 500) ? "handcuffing" : "other");
				int bwv = (int)rng_below(rng, 100);
				buf_printf(&b, "NS-UOF-%06d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", inc, date, officers[off], groups[g],
				           rng_permille(rng, 820) ? "Male" : "Female", ages[pick(rng, aw, 5)], t,
				           reasons[pick(rng, rw, 6)], rng_permille(rng, 80) ? "yes" : "no",
				           rng_permille(rng, 50) ? "yes" : "no", outcomes[pick(rng, ow, 5)],
				           bwv < 85 ? "yes" : bwv < 95 ? "no" : "");
			}
		}
	}
	struct uof_import_stats is;
	int rc = uof_import_mem(st, "demo-northshire-use-of-force.csv", b.p, b.n, "Northshire", 0, &is, e);
	buf_release(&b);
	return rc;
}

/* The scrutiny panel's sample: drawn and assessed by the `scrutiny` login. */
static int demo_sample(struct store *st, struct rng *rng, struct err *e)
{
	int64_t acc;
	struct actor panel;
	if (account_id_by_username(st, "scrutiny", &acc, e) || actor_load(st, acc, &panel, e))
		return 0;
	struct uof_sample_input in = { "Northshire", "2024-04-01", "2025-03-31", NULL, "30", "2026", UOF_STRATA_TACTIC,
		                       NULL };
	struct errlist errs = { 0 };
	int64_t id;
	if (uof_sample_draw(st, &panel, &in, &id, &errs, e))
		return -1;
	struct uof_sample smp;
	struct uof_sample_item *it;
	size_t n;
	if (uof_sample_get(st, NULL, id, &smp, &it, &n, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (!uof_sample_may_assess(st, &panel, id, it[i].position))
			continue;
		long x = rng_below(rng, 100);
		const char *v = x < 80 ? "proportionate" : x < 88 ? "not" : "nei";
		const char *c = x < 80 ? "" : x < 88 ? "Force continued after the person had stopped resisting."
		                                  : "The camera was switched on after the incident began.";
		memset(&errs, 0, sizeof errs);
		rc = uof_sample_assess(st, &panel, id, it[i].position, v, c, &errs, e);
	}
	free(it);
	return rc;
}

int demo_useofforce(struct store *st, struct err *e)
{
	struct rng rng = { 0x554f46444d4f3236ull }; /* this part's own stream */
	if (make_records(st, &rng, e))
		return -1;
	char dir[1100], cdir[1100], path[1400];
	if (find_data("use-of-force", "homeoffice-use-of-force-by-ethnicity-force-2019-20.csv", dir, sizeof dir)) {
		fprintf(stderr, "probity: demo: data/use-of-force not found, so no Home Office table beside the use of "
		                "force report\n");
	} else {
		static const char *const years[2] = { "2018-19", "2019-20" };
		for (int i = 0; i < 2; i++) {
			long rows;
			char y[8];
			snprintf(path, sizeof path, "%s/homeoffice-use-of-force-by-ethnicity-force-%s.csv", dir, years[i]);
			if (uof_national_import(st, path, years[i], 0, &rows, y, e))
				return -1;
		}
		if (store_exec(st, e,
		               "INSERT INTO config(key, value) VALUES ('useofforce.home_office_force', 'Derbyshire')"
		               " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		               ""))
			return -1;
	}
	if (!find_data("stop-search", "census2011-ethnic-group-by-police-force-area.csv", cdir, sizeof cdir)) {
		snprintf(path, sizeof path, "%s/census2011-ethnic-group-by-police-force-area.csv", cdir);
		if (england_and_wales(st, path, e))
			return -1;
	}
	return demo_sample(st, &rng, e);
}
