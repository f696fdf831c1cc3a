/* cmd_vetting.c — probity vetting import FILE (historic applications with
 * equality data) and probity vetting disproportionality (the internal
 * report table as CSV: nothing suppressed unless --suppress). */
#include "cli/cmd_vetting.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/auth.h"
#include "domain/disclosure.h"
#include "domain/people.h"
#include "domain/vetting.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
	"usage: probity [--db FILE] vetting import [--dry-run] FILE\n"
	"       probity [--db FILE] vetting disproportionality --characteristic NAME\n"
	"                 [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--reference GROUP]\n"
	"                 [--stage all|initial|full] [-o FILE] [--time] [--suppress]\n"
	"                 [--level recorded|broad]\n\n"
	"import: load past vetting applications from a CSV file (\"-\" reads standard\n"
	"input) with the header\n  " VETTING_IMPORT_HEADER "\n"
	"All or nothing: a bad row rejects the whole file, naming its line and column.\n"
	"Applications are identified by application_id: rerunning a file adds nothing.\n"
	"--dry-run checks the file and reports what would change without writing.\n\n"
	"disproportionality: write the refusal-rate table for one characteristic\n"
	"(ethnicity, sex, age_band, disability, religion, sexual_orientation) as CSV,\n"
	"header\n  " DP_CSV_HEADER "\n"
	"counting applications decided in the period (withdrawn ones excluded); the\n"
	"reference group defaults to the largest group. Output to FILE or standard\n"
	"output. Run on the host by an operator this is the unsuppressed table;\n"
	"--suppress applies the disclosure control every role but equality gets (a\n"
	"figure based on fewer than disclosure.k people, and the next smallest where a\n"
	"total would give it away, is \"c\"; a group with every figure hidden is left\n"
	"out). --level broad groups ethnicity into Asian, Black, Mixed, White and Other\n"
	"ethnic group; recorded (the default) reports the values as stored. --time prints to standard error how long the full report took (every\n"
	"characteristic and stage).\n";

static int run_import(struct cli *cli, int argc, char **argv)
{
	return cli_run_import(cli, argc, argv, usage, vetting_import, CLI_IMPORT_NO_UPDATED);
}

static int run_report(struct cli *cli, int argc, char **argv)
{
	const char *ch = NULL, *from = "", *to = "", *ref = NULL, *out = NULL, *stage = "all", *level = "recorded";
	int timing = 0, suppress = 0;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--time")) {
			timing = 1;
			continue;
		}
		if (!strcmp(a, "--suppress")) {
			suppress = 1;
			continue;
		}
		if (!v)
			return cli_usage(usage);
		if (!strcmp(a, "--characteristic")) ch = v;
		else if (!strcmp(a, "--from")) from = v;
		else if (!strcmp(a, "--to")) to = v;
		else if (!strcmp(a, "--reference")) ref = v;
		else if (!strcmp(a, "--stage")) stage = v;
		else if (!strcmp(a, "--level")) level = v;
		else if (!strcmp(a, "-o")) out = v;
		else return cli_usage(usage);
		i++;
	}
	int c = dp_characteristic_index(ch);
	if (!ch)
		return cli_usage(usage);
	if (c < 0) {
		fprintf(stderr, "probity: --characteristic: \"%s\" is not one of ethnicity, sex, age_band, disability, "
		                "religion, sexual_orientation\n", ch);
		return 2;
	}
	int sc = !strcmp(stage, "all") ? DP_ALL : !strcmp(stage, "initial") ? DP_INITIAL : !strcmp(stage, "full") ? DP_FULL : -1;
	if (sc < 0) {
		fprintf(stderr, "probity: --stage: \"%s\" is not all, initial or full\n", stage);
		return 2;
	}
	if (strcmp(level, "recorded") && strcmp(level, "broad")) {
		fprintf(stderr, "probity: --level: \"%s\" is not recorded or broad\n", level);
		return 2;
	}
	if ((*from && !date_valid(from)) || (*to && !date_valid(to))) {
		fprintf(stderr, "probity: --%s: \"%s\" is not a date like 2025-01-31\n",
		        *from && !date_valid(from) ? "from" : "to", *from && !date_valid(from) ? from : to);
		return 2;
	}
	if (*from && *to && strcmp(from, to) > 0) {
		fprintf(stderr, "probity: --from %s is after --to %s\n", from, to);
		return 2;
	}
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	if (!suppress)
		sys.roles |= ROLE_EQUALITY; /* the operator on the host sees what equality monitoring sees */
	long k = disclosure_k(st);
	struct dp_report r;
	struct err e = { 0 };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int published = 0, rc = vetting_report_level(st, &sys, from, to, !strcmp(level, "broad"), &r, &published, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	if (timing) { /* the whole report: every characteristic and scope, with its statistics */
		for (int ci = 0; ci < DP_NCHAR; ci++)
			for (int s = 0; s < DP_NSCOPE; s++) {
				struct dp_row *tmp = xcalloc(r.t[ci][s].n ? r.t[ci][s].n : 1, sizeof *tmp);
				int ri;
				struct err te = { 0 };
				if (tmp)
					dp_rows(&r.t[ci][s], NULL, 0, tmp, &ri, &te);
				free(tmp);
			}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(stderr, "report: %ld decided applications, %d characteristics x %d scopes in %.1f ms\n", r.decided,
		        DP_NCHAR, DP_NSCOPE, (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	}
	struct dp_row *rows[DP_NSCOPE] = { NULL };
	int refi[DP_NSCOPE];
	struct buf b;
	buf_init(&b, 0);
	for (int s = 0; s < DP_NSCOPE && !rc; s++) {
		struct dp_table *t = &r.t[c][s];
		rows[s] = xcalloc(t->n ? t->n : 1, sizeof *rows[s]);
		if (!rows[s])
			rc = err_set(&e, ERR_NOMEM, "out of memory");
		else
			rc = dp_rows(t, s == sc ? ref : NULL, suppress ? k : 0, rows[s], &refi[s], &e);
	}
	if (!rc && suppress)
		dp_disclose(r.t[c], rows, refi, k);
	if (!rc) {
		dp_csv(&b, rows[sc], r.t[c][sc].n);
		rc = cli_write_out(out, &b, &e);
	}
	buf_release(&b);
	for (int s = 0; s < DP_NSCOPE; s++)
		free(rows[s]);
	dp_report_release(&r);
	return rc ? cli_fail(&e) : 0;
}

int cmd_vetting(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "import", run_import },
		{ "disproportionality", run_report },
		{ NULL, NULL },
	};
	return cli_dispatch(cli, argc, argv, usage, subs);
}
