/* cmd_procurement.c — probity procurement import|check: load procurement's
 * contract list, and write the cross-check's flags as CSV. */
#include "cli/cmd_interests.h"
#include "domain/auth.h"
#include "domain/people.h"
#include "domain/procurement.h"
#include "store/store.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: probity [--db FILE] procurement import [--dry-run] [--map FIELD=COLUMN]... FILE\n"
	"       probity [--db FILE] procurement check [--window-months N] [--threshold 0.NN] [-o FILE]\n\n"
	"import: load procurement's contract list from CSV (\"-\" reads standard input) with the header\n"
	"  " PROCUREMENT_IMPORT_HEADER "\n"
	"(award_date YYYY-MM-DD, value in pounds). Another layout is read with --map, once for each\n"
	"of our columns held under another name, e.g. --map supplier=\"Vendor name\" --map\n"
	"contract_ref=Reference; its other columns are ignored. Contracts are keyed by contract_ref:\n"
	"a later list updates them. All or nothing: a bad row rejects the whole file, naming its\n"
	"line and column. Rerunning the same file adds nothing. --dry-run writes nothing.\n\n"
	"check: match every contract's supplier against gift and hospitality offerors and staff\n"
	"business interests (normalised names, similarity at least --threshold, default the\n"
	"configured procurement.match_threshold_pct) and write one CSV row per contract and\n"
	"matched record, to FILE or standard output:\n"
	"  " PROCUREMENT_CHECK_HEADER "\n"
	"A gift matches when offered within --window-months (default the configured\n"
	"procurement.window_months, 12) up to the award date; an interest when applied for or\n"
	"approved. Rows are sorted by contract_ref, staff_number, record_date, score.\n";

static int import_contracts(void *map, struct store *st, const char *path, int dry_run, struct import_stats *s,
                            struct err *e)
{
	return procurement_import(st, NULL, path, map, dry_run, s, e);
}

static int do_import(struct cli *cli, int argc, char **argv)
{
	int dry = 0;
	const char *path = NULL;
	struct proc_mapping map = { { 0 } };
	int mapped = 0;
	struct err e = { 0 };
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0) {
			dry = 1;
		} else if (strcmp(argv[i], "--map") == 0 && i + 1 < argc) {
			if (proc_mapping_set(&map, argv[++i], &e))
				return cli_fail(&e);
			mapped = 1;
		} else if (strncmp(argv[i], "--map=", 6) == 0) {
			if (proc_mapping_set(&map, argv[i] + 6, &e))
				return cli_fail(&e);
			mapped = 1;
		} else if (!path && (argv[i][0] != '-' || !strcmp(argv[i], "-"))) {
			path = argv[i];
		} else {
			return cli_usage(usage);
		}
	}
	if (!path)
		return cli_usage(usage);
	return cli_import_file(cli, path, dry, import_contracts, mapped ? &map : NULL, 0);
}

static int do_check(struct cli *cli, int argc, char **argv)
{
	struct proc_options o = { 0, 0 };
	const char *outpath = NULL;
	for (int i = 2; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;
		if (!strcmp(argv[i], "--window-months") && v) {
			errno = 0;
			long n = strtol(v, &end, 10);
			if (errno || *end || n < 1 || n > 120) {
				fprintf(stderr, "probity: --window-months must be a whole number from 1 to 120\n");
				return 2;
			}
			o.window_months = (int)n;
			i++;
		} else if (!strcmp(argv[i], "--threshold") && v) {
			double t = strtod(v, &end);
			if (*end || !(t > 0.0 && t <= 1.0)) {
				fprintf(stderr, "probity: --threshold must be a number above 0 and at most 1, like 0.8\n");
				return 2;
			}
			o.threshold = t;
			i++;
		} else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out")) && v) {
			outpath = v;
			i++;
		} else {
			return cli_usage(usage);
		}
	}
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	struct proc_run *r = NULL;
	struct err e = { 0 };
	struct buf out;
	buf_init(&out, 0);
	int rc = procurement_check(st, &sys, &o, &r, &e);
	store_close(st);
	if (rc) {
		buf_release(&out);
		return cli_fail(&e);
	}
	size_t nflags = proc_run_count(r), ncon = proc_run_contracts(r);
	if (proc_run_csv(r, &out)) {
		proc_run_free(r);
		buf_release(&out);
		fprintf(stderr, "probity: out of memory\n");
		return 1;
	}
	proc_run_free(r);
	FILE *f = outpath && strcmp(outpath, "-") ? fopen(outpath, "w") : stdout;
	if (!f) {
		fprintf(stderr, "probity: cannot write %s: %s\n", outpath, strerror(errno));
		buf_release(&out);
		return 1;
	}
	int bad = out.n && fwrite(out.p, 1, out.n, f) != out.n;
	if (f != stdout ? fclose(f) != 0 : fflush(f) != 0)
		bad = 1;
	buf_release(&out);
	if (bad) {
		fprintf(stderr, "probity: write failed\n");
		return 1;
	}
	if (outpath && strcmp(outpath, "-"))
		printf("%zu contracts checked, %zu flags written to %s\n", ncon, nflags, outpath);
	return 0;
}

int cmd_procurement(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "import", do_import },
		{ "check", do_check },
		{ NULL, NULL },
	};
	return cli_dispatch(cli, argc, argv, usage, subs);
}
