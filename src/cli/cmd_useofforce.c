/* cmd_useofforce.c — probity useofforce import | national import | report |
 * officers (see docs/use-of-force.md). The command line is the system: run
 * by an administrator on the host, it sees the full figures. */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/csv.h"
#include "domain/auth.h"
#include "domain/useofforce.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: probity [--db FILE] useofforce COMMAND ...\n\n"
	"  useofforce import FILE --area NAME [--dry-run]\n"
	"      Load the force's own use-of-force records, one row per person subjected to\n"
	"      force in an incident, with the header exactly\n"
	"      " UOF_HEADER "\n"
	"      subject_ethnicity: White, Black, Asian, Mixed, Other or blank (not reported);\n"
	"      tactics: ';'-separated from config useofforce.tactics; yes/no/blank columns;\n"
	"      dates YYYY-MM-DD. All or nothing: a bad row rejects the file naming its line\n"
	"      and column. A row is the incident's first, second... row in the file: a\n"
	"      rerun changes nothing, a corrected file updates those rows.\n"
	"  useofforce national import FILE [--year 2019-20] [--dry-run]\n"
	"      Load the Home Office's use of force table by force, type of force, tactic\n"
	"      and officer-perceived ethnicity (2019-20 layout, or 2018-19's); the year\n"
	"      is taken from the file name unless given. Replaces that year's rows.\n"
	"  useofforce report --area NAME --from YYYY-MM-DD --to YYYY-MM-DD [--tactic NAME] [-o FILE]\n"
	"      The report as CSV with the header\n"
	"      " UOF_REPORT_HEADER "\n"
	"      rows White, Black, Asian, Mixed, Other, Not reported, Total. --tactic counts\n"
	"      only people whose tactics include it (or taser_discharge, firearms).\n"
	"      Populations are stop and search's (probity stopsearch population ...).\n"
	"  useofforce officers --area NAME --from YYYY-MM-DD --to YYYY-MM-DD [-o FILE]\n"
	"      Officers far outside their peers, as CSV (for Professional Standards).\n";

static int do_import(struct cli *cli, int argc, char **argv)
{
	const char *path = NULL, *area = NULL;
	int dry = 0;
	const struct cli_option opts[] = { { "--dry-run", NULL, &dry }, { "--area", &area }, { NULL } };
	if (cli_options(argc, argv, 2, opts, &path) || !path || !area)
		return cli_usage(usage);
	struct store *st;
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	struct uof_import_stats s;
	struct err e = { 0 };
	int rc = uof_import(st, path, area, dry, &s, &e);
	store_close(st);
	if (rc)
		return cli_import_failed(&e);
	printf("%s%s: %ld rows for %s, %ld created, %ld updated, %ld unchanged\n", dry ? "dry run: " : "", path, s.rows,
	       area, s.created, s.updated, s.unchanged);
	return 0;
}

static int do_national(struct cli *cli, int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[2], "import"))
		return cli_usage(usage);
	const char *path = NULL, *year = NULL;
	int dry = 0;
	const struct cli_option opts[] = { { "--dry-run", NULL, &dry }, { "--year", &year }, { NULL } };
	if (cli_options(argc, argv, 3, opts, &path) || !path)
		return cli_usage(usage);
	struct store *st;
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	long rows;
	char y[8] = "";
	struct err e = { 0 };
	int rc = uof_national_import(st, path, year, dry, &rows, y, &e);
	store_close(st);
	if (rc)
		return cli_import_failed(&e);
	printf("%s%s: %ld rows for %s\n", dry ? "dry run: " : "", path, rows, y);
	return 0;
}

static int read_query(int argc, char **argv, struct uof_query *q, const char **out, int tactic_ok)
{
	/* --tactic last: without tactic_ok the table ends before it */
	const struct cli_option opts[] = { { "--area", &q->area }, { "--from", &q->from }, { "--to", &q->to },
		                           { "-o", out }, { tactic_ok ? "--tactic" : NULL, &q->tactic }, { NULL } };
	if (cli_options(argc, argv, 2, opts, NULL))
		return -1;
	return q->area && q->from && q->to ? 0 : -1;
}

static int do_report(struct cli *cli, int argc, char **argv)
{
	struct uof_query q = { 0 };
	const char *out = NULL;
	if (read_query(argc, argv, &q, &out, 1))
		return cli_usage(usage);
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct uof_report rep;
	struct err e = { 0 };
	int rc = uof_report(st, NULL, &q, &rep, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 16);
	uof_report_csv(&rep, &b);
	rc = cli_write_out(out, &b, &e) ? cli_fail(&e) : 0;
	buf_release(&b);
	return rc;
}

static int do_officers(struct cli *cli, int argc, char **argv)
{
	struct uof_query q = { 0 };
	const char *out = NULL;
	if (read_query(argc, argv, &q, &out, 0))
		return cli_usage(usage);
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct uof_officer *v = NULL;
	size_t n = 0;
	int64_t min;
	double z;
	struct err e = { 0 };
	int rc = uof_officers(st, NULL, &q, &v, &n, &min, &z, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 20);
	buf_adds(&b, "staff_number,people,not_white_pct,not_white_z,taser_pct,taser_z,listed\n");
	for (size_t i = 0; i < n; i++) {
		csv_cell(&b, v[i].staff_number);
		buf_printf(&b, ",%lld,%.1f,%.2f,%.1f,%.2f,%s\n", (long long)v[i].people,
		           v[i].known ? 100.0 * (double)v[i].minority / (double)v[i].known : 0.0, v[i].minority_z,
		           100.0 * (double)v[i].taser / (double)v[i].people, v[i].taser_z, v[i].listed ? "yes" : "no");
	}
	free(v);
	rc = cli_write_out(out, &b, &e) ? cli_fail(&e) : 0;
	buf_release(&b);
	return rc;
}

int cmd_useofforce(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "import", do_import },
		{ "national", do_national },
		{ "report", do_report },
		{ "officers", do_officers },
		{ NULL, NULL },
	};
	return cli_dispatch(cli, argc, argv, usage, subs);
}
