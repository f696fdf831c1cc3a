/* demo_stopsearch.c — the stop and search part of `probity demo`.
 *
 * Real public data, made into the demo force's records: the three monthly
 * data.police.uk files of Derbyshire (Dec 2019 – Feb 2020, copied into
 * data/stop-search/, Open Government Licence v3.0) become Northshire's own
 * fuller records: every published row is kept exactly as published, and this
 * part adds a record id, an officer (one of 12 demo constables and
 * sergeants), written grounds, the suspected offence, body-worn video and
 * whether the item was found (from "Outcome linked to object of search").
 * Those added fields are invented from this part's own random stream; the
 * published fields, and so the disproportionality report, are real. Two
 * officers are made to stand out (more of the searches of people who are not
 * White, and of the searches that found nothing) so that the per-officer list has something to show. Durham's
 * three public files are imported as they are, as a second area to compare.
 * Populations: 2011 census by force area (census groups), Derbyshire's for
 * Northshire. Finally the `scrutiny` login draws one reasonable-grounds dip
 * sample of 40 Northshire records (seed 2026, stratified) and assesses all
 * of them from the grounds written: good grounds yes, thin grounds no, none
 * written not enough information.
 *
 * The files are found in $PROBITY_DATA_DIR, else data/stop-search next to the
 * binary (./probity) or two folders up (build/asan/probity), else under the
 * current directory. When they are not there this part adds nothing and says
 * so on stderr: the rest of the demo does not depend on it. */
#include "core/buf.h"
#include "core/rng.h"
#include "domain/auth.h"
#include "demo/demo.h"
#include "domain/stopsearch.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int file_exists(const char *p) { return access(p, R_OK) == 0; }

static int find_dir(char *out, size_t n)
{
	const char *env = getenv("PROBITY_DATA_DIR");
	char probe[1200];
	if (env && *env) {
		snprintf(out, n, "%s", env);
		snprintf(probe, sizeof probe, "%s/2019-12-derbyshire-stop-and-search.csv", out);
		if (file_exists(probe))
			return 0;
	}
	char exe[1024];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k > 0) {
		exe[k] = 0;
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = 0;
		const char *ups[] = { "", "/../.." };
		for (size_t i = 0; i < 2; i++) {
			snprintf(out, n, "%s%s/data/stop-search", exe, ups[i]);
			snprintf(probe, sizeof probe, "%s/2019-12-derbyshire-stop-and-search.csv", out);
			if (file_exists(probe))
				return 0;
		}
	}
	snprintf(out, n, "data/stop-search");
	snprintf(probe, sizeof probe, "%s/2019-12-derbyshire-stop-and-search.csv", out);
	return file_exists(probe) ? 0 : -1;
}

static int read_file(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char tmp[65536];
	size_t r;
	while ((r = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(b, tmp, r);
	fclose(f);
	return b->oom ? -1 : 0;
}

static const char *const grounds_good[] = {
	"Strong smell of cannabis from the male and the car; he put his hand to his pocket and turned away when he saw officers.",
	"Seen by officers passing a small package to another male in exchange for cash at the bus station, a known location for street dealing.",
	"CCTV operator saw the male conceal a knife in his waistband outside the nightclub and described his clothing, which matched.",
	"Matched the description given minutes earlier by a shop assistant of a man who had taken bottles of spirits without paying.",
	"Found in the rear garden of a closed business at 2am with gloves and a screwdriver, and gave no account of why he was there.",
	"Informant intelligence graded B2 that the occupant of this vehicle was carrying heroin for supply; vehicle and registration matched.",
	"Strong smell of cannabis; a grinder was visible on the dashboard and the passenger tried to hide something under the seat.",
};
static const char *const grounds_weak[] = {
	"Known drug user.",
	"Smell of cannabis.",
	"Acting suspiciously in a high crime area.",
	"Nervous when spoken to.",
	"Drugs.",
};

static int is_good(const char *g)
{
	for (size_t i = 0; i < sizeof grounds_good / sizeof grounds_good[0]; i++)
		if (!strcmp(g, grounds_good[i]))
			return 1;
	return 0;
}

/* One dip sample by the scrutiny login, fully assessed. */
static int demo_sample(struct store *st, struct err *e)
{
	int64_t acc;
	struct actor panel;
	if (account_id_by_username(st, "scrutiny", &acc, e) || actor_load(st, acc, &panel, e))
		return 0; /* no scrutiny login in this demo: no sample */
	struct ss_sample_input in = { "Northshire", "2019-12", "2020-02", "40", "2026", 1, NULL };
	struct errlist errs = { 0 };
	int64_t id;
	if (ss_sample_draw(st, &panel, &in, &id, &errs, e))
		return -1;
	struct ss_sample smp;
	struct ss_sample_item *it;
	size_t n;
	if (ss_sample_get(st, NULL, id, &smp, &it, &n, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const char *g = it[i].grounds;
		const char *v = !*g ? "nei" : is_good(g) ? "yes" : "no";
		const char *c = !*g ? "No grounds written." : is_good(g) ? "" : "Grounds too thin: nothing objective about this person.";
		memset(&errs, 0, sizeof errs);
		rc = ss_sample_assess(st, &panel, id, it[i].position, v, c, &errs, e);
	}
	free(it);
	return rc;
}

int demo_stopsearch(struct store *st, struct err *e)
{
	char dir[1024];
	if (find_dir(dir, sizeof dir)) {
		fprintf(stderr, "probity: demo: data/stop-search not found, so no stop and search data "
		                "(set PROBITY_DATA_DIR to the folder holding the copied data.police.uk files)\n");
		return 0;
	}
	struct rng rng = { 0x5353454152434831ull }; /* this part's own stream: the rest of the demo is unchanged */
	/* 12 officers: constables and sergeants of the demo force, in id order. */
	char officers[12][32];
	int nofficers = 0;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT staff_number FROM people WHERE kind = 'officer' AND leave_date = ''"
	                " AND (rank = 'Constable' OR rank = 'Sergeant') ORDER BY id",
	                ""))
		return -1;
	int r, seen = 0;
	while ((r = stmt_next(s, e)) == 1 && nofficers < 12)
		if (seen++ % 29 == 0)
			snprintf(officers[nofficers++], 32, "%s", stmt_text(s, 0));
	stmt_done(s);
	if (r < 0)
		return -1;
	if (nofficers < 3)
		return 0; /* a demo without officers: nothing to attach the records to */
	static const char *const months[3] = { "2019-12", "2020-01", "2020-02" };
	struct buf out = BUF_INIT;
	buf_init(&out, 8u << 20);
	buf_adds(&out, SS_FORCE_HEADER "\n");
	long n = 0;
	for (int m = 0; m < 3; m++) {
		char path[1200];
		snprintf(path, sizeof path, "%s/%s-derbyshire-stop-and-search.csv", dir, months[m]);
		struct buf in = BUF_INIT;
		buf_init(&in, 8u << 20);
		if (read_file(path, &in)) {
			buf_release(&in);
			buf_release(&out);
			return err_set(e, ERR_IO, "cannot read %s", path);
		}
		/* The files hold no quoted fields (checked: no '"' at all), so a
		 * line splits on commas; the line is copied as published. */
		char *p = in.p, *end = in.p + in.n;
		int header = 1;
		while (p < end) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			char *le = nl ? nl : end;
			size_t len = (size_t)(le - p);
			if (len && p[len - 1] == '\r')
				len--;
			if (header || !len) {
				header = 0;
				p = nl ? nl + 1 : end;
				continue;
			}
			char line[4096];
			if (len >= sizeof line)
				len = sizeof line - 1;
			memcpy(line, p, len);
			line[len] = 0;
			const char *f[15] = { 0 };
			char copy[4096];
			memcpy(copy, line, len + 1);
			int nf = 0;
			for (char *q = copy, *tok; nf < 15 && (tok = strsep(&q, ",")); nf++)
				f[nf] = tok;
			p = nl ? nl + 1 : end;
			if (nf != 15)
				continue;
			n++;
			int found = !strcmp(f[13], "True");
			int minority = strncmp(f[8], "White", 5) && *f[8] && strcmp(f[8], "Other ethnic group - Not stated");
			/* Officers 0 and 1 stand out: many of the searches of people
			 * who are not White that found nothing are theirs. */
			int pct = minority ? 45 : found ? 7 : 35;
			int o = (int)rng_below(&rng, 100) < pct ? (int)rng_below(&rng, 2) : 2 + (int)rng_below(&rng, nofficers - 2);
			const char *offence = "other";
			if (!strcmp(f[11], "Controlled drugs"))
				offence = (int)rng_below(&rng, 100) < 72 ? "Possession" : "Possession with intent to supply";
			else if (!strcmp(f[11], "Offensive weapons") || !strcmp(f[11], "Anything to threaten or harm anyone") ||
			         !strcmp(f[11], "Firearms"))
				offence = "Offensive weapon";
			else if (!strcmp(f[11], "Stolen goods"))
				offence = "Stolen property";
			else if (!strcmp(f[11], "Article for use in theft") || !strcmp(f[11], "Articles for use in criminal damage"))
				offence = "Going equipped";
			int g = (int)rng_below(&rng, 100);
			const char *grounds = g < 8 ? "" : (g < 24 || (o < 2 && g < 60)) ? grounds_weak[(int)rng_below(&rng, 5)]
			                                                             : grounds_good[(int)rng_below(&rng, 7)];
			int b = (int)rng_below(&rng, 100);
			buf_printf(&out, "%s,NS-%.4s%.2s-%05ld,%s,", line, months[m], months[m] + 5, n, officers[o]);
			buf_addc(&out, '"');
			buf_adds(&out, grounds);
			buf_printf(&out, "\",%s,%s,%s\n", offence, b < 85 ? "Yes" : b < 95 ? "No" : "", found ? "Yes" : "No");
		}
		buf_release(&in);
	}
	struct ss_import_stats is;
	int rc = ss_import_mem(st, "demo-northshire-stop-and-search.csv", out.p, out.n, "Northshire", 0, &is, e);
	buf_release(&out);
	if (rc)
		return -1;
	for (int m = 0; m < 3; m++) {
		char path[1200];
		snprintf(path, sizeof path, "%s/%s-durham-stop-and-search.csv", dir, months[m]);
		if (file_exists(path) && ss_import(st, path, "Durham", 0, &is, e))
			return -1;
	}
	/* Populations, 2011 census by force area (census groups). */
	char cpath[1200];
	snprintf(cpath, sizeof cpath, "%s/census2011-ethnic-group-by-police-force-area.csv", dir);
	static const struct { const char *force, *area; } pops[] = { { "Derbyshire", "Northshire" }, { "Durham", "Durham" } };
	for (size_t i = 0; i < 2 && file_exists(cpath); i++) {
		struct buf pb = BUF_INIT;
		buf_init(&pb, 1 << 16);
		if (ss_population_build(cpath, pops[i].force, pops[i].area, &pb, e)) {
			buf_release(&pb);
			return -1;
		}
		/* area,group,population lines after the header */
		char *line = strchr(pb.p, '\n');
		while (line && *++line) {
			char area[64], grp[16];
			long long v;
			if (sscanf(line, "%63[^,],%15[^,],%lld", area, grp, &v) == 3 &&
			    store_exec(st, e, "INSERT INTO ss_population(area, grp, population, source) VALUES (?, ?, ?, "
			               "'Census 2011') ON CONFLICT(area, grp) DO UPDATE SET population = excluded.population,"
			               " source = excluded.source", "tti", area, grp, (int64_t)v)) {
				buf_release(&pb);
				return -1;
			}
			line = strchr(line, '\n');
		}
		buf_release(&pb);
	}
	return demo_sample(st, e);
}
