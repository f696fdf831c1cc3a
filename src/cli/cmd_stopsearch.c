/* cmd_stopsearch.c — probity stopsearch import | population import |
 * population build | report | sample (see docs/stop-search.md). */
#include "cli/cli.h"
#include "domain/auth.h"
#include "domain/stopsearch.h"
#include "core/csv.h"
#include "store/store.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: probity [--db FILE] stopsearch COMMAND ...\n\n"
	"  stopsearch import FILE --area NAME [--dry-run]\n"
	"      Load a data.police.uk stop-and-search CSV (any month; LF or CRLF; a BOM is\n"
	"      fine) for the police force area NAME, or the force's own fuller records\n"
	"      (the same 15 columns plus " SS_FORCE_EXTRA ").\n"
	"      Every row is a search (identical rows are kept). All or nothing: a bad row\n"
	"      rejects the file naming its line and column. A file already imported (same\n"
	"      content, or every month already imported for the area) adds nothing and\n"
	"      exits 0; a file overlapping months already imported is refused.\n"
	"  stopsearch population import FILE [--source TEXT] [--dry-run]\n"
	"      Load populations with the header area,group,population (group: Asian,\n"
	"      Black, Mixed, Other, White). A row replaces the same area and group.\n"
	"      --source names where they come from (e.g. \"Census 2021\"): the\n"
	"      published page names it.\n"
	"  stopsearch population build --census FILE [--lookup FILE [--blank-as-zero]] --force NAME\n"
	"                              [--area NAME] [-o FILE]\n"
	"      Write area,group,population for one force from\n"
	"      census2011-ethnic-group-by-police-force-area.csv (census groups) or\n"
	"      census2011-police-5-category-ethnicity-by-force.csv (police style: Other\n"
	"      includes Chinese); NAME is the force as in the file's first column. Or from\n"
	"      census2021-ethnic-group-20cat-by-sex-by-local-authority-ew.csv with\n"
	"      --lookup ons-lad-to-csp-to-police-force-area-lookup-dec2016.csv, summing the\n"
	"      force's local authorities; NAME as in the lookup's PFA16NM. A group with a\n"
	"      suppressed (blank) cell is left out (unknown) unless --blank-as-zero.\n"
	"  stopsearch report --area NAME --from YYYY-MM --to YYYY-MM [--ethnicity officer] [-o FILE]\n"
	"      The disproportionality report as CSV with the header\n"
	"      " SS_REPORT_HEADER "\n"
	"      Groups from Self-defined ethnicity, or Officer-defined with --ethnicity officer.\n"
	"  stopsearch sample --area NAME --from YYYY-MM --to YYYY-MM --size N --seed S\n"
	"                    [--include-no-grounds] [-o FILE]\n"
	"      The reasonable-grounds dip sample the web draws with the same seed (not\n"
	"      stratified), as CSV with the header\n"
	"      " SS_SAMPLE_CSV_HEADER "\n"
	"      Only the force's own records under powers that need reasonable grounds;\n"
	"      section 60 and section 47A (config stopsearch.sample_exclude) are left out\n"
	"      unless --include-no-grounds. Nothing is stored.\n";

/* -o FILE, or standard output when it is absent or "-". */
static int write_out(const char *path, const struct buf *b)
{
	struct err e = { 0 };
	return cli_write_out(path && strcmp(path, "-") ? path : NULL, b, &e) ? cli_fail(&e) : 0;
}

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
	struct ss_import_stats s;
	struct err e = { 0 };
	int rc = ss_import(st, path, area, dry, &s, &e);
	store_close(st);
	if (rc)
		return cli_import_failed(&e);
	if (s.already)
		printf("%s%s: already imported (%s); nothing added\n", dry ? "dry run: " : "", path, s.reason);
	else
		printf("%s%s: %ld searches for %s (%s format), months %s\n", dry ? "dry run: " : "", path, s.rows, area,
		       s.force ? "force records" : "data.police.uk", s.months);
	return 0;
}

static int do_population(struct cli *cli, int argc, char **argv)
{
	if (argc < 3)
		return cli_usage(usage);
	if (!strcmp(argv[2], "import")) {
		const char *path, *source = "";
		int dry;
		/* --source TEXT is taken out before the common import arguments */
		for (int i = 3; i < argc; i++)
			if (!strcmp(argv[i], "--source")) {
				if (i + 1 >= argc)
					return cli_usage(usage);
				source = argv[i + 1];
				for (int j = i; j + 2 <= argc; j++)
					argv[j] = argv[j + 2];
				argc -= 2;
				break;
			}
		if (cli_import_args(argc, argv, 3, usage, &path, &dry))
			return 2;
		struct store *st;
		if (auth_init() || cli_open_store(cli, &st))
			return 1;
		long rows;
		struct err e = { 0 };
		int rc = ss_population_import_source(st, path, source, dry, &rows, &e);
		store_close(st);
		if (rc)
			return cli_import_failed(&e);
		printf("%s%s: %ld populations\n", dry ? "dry run: " : "", path, rows);
		return 0;
	}
	if (!strcmp(argv[2], "build")) {
		const char *census = NULL, *lookup = NULL, *force = NULL, *area = NULL, *out = NULL;
		int bz = 0;
		unsigned omitted = 0;
		const struct cli_option opts[] = { { "--census", &census }, { "--blank-as-zero", NULL, &bz },
			                           { "--lookup", &lookup },  { "--force", &force },
			                           { "--area", &area },      { "-o", &out },
			                           { NULL } };
		if (cli_options(argc, argv, 3, opts, NULL) || !census || !force)
			return cli_usage(usage);
		struct buf b = BUF_INIT;
		buf_init(&b, 1 << 20);
		struct err e = { 0 };
		char cells[5][200];
		int bad = lookup ? ss_population_build_2021(census, lookup, force, area, bz, &omitted, cells, &b, &e)
		                 : ss_population_build(census, force, area, &b, &e);
		int rc = bad ? cli_fail(&e) : write_out(out, &b);
		for (int g = 0; g < 5 && !bad; g++)
			if (omitted & (1u << g))
				fprintf(stderr, "probity: %s: suppressed (blank) cell, so %s is left out and its population is "
				                "unknown; run again with --blank-as-zero to count such cells as 0\n",
				        cells[g], ss_group_names[g]);
		buf_release(&b);
		return rc;
	}
	return cli_usage(usage);
}

static int do_report(struct cli *cli, int argc, char **argv)
{
	struct ss_query q = { 0 };
	const char *out = NULL, *eth = "self";
	const struct cli_option opts[] = { { "--area", &q.area }, { "--from", &q.from }, { "--to", &q.to },
		                           { "-o", &out },        { "--ethnicity", &eth }, { NULL } };
	if (cli_options(argc, argv, 2, opts, NULL) || !q.area || !q.from || !q.to ||
	    (strcmp(eth, "self") && strcmp(eth, "officer")))
		return cli_usage(usage);
	q.officer = !strcmp(eth, "officer");
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct ss_row rows[SS_NGROUPS + 1];
	struct err e = { 0 };
	int rc = ss_report(st, NULL, &q, rows, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	struct buf b = BUF_INIT;
	buf_init(&b, 1 << 20);
	ss_report_csv(rows, &b);
	rc = write_out(out, &b);
	buf_release(&b);
	return rc;
}

static int do_sample(struct cli *cli, int argc, char **argv)
{
	struct ss_sample_input in = { 0 };
	const char *out = NULL;
	const struct cli_option opts[] = { { "--area", &in.area }, { "--from", &in.from }, { "--to", &in.to },
		                           { "--size", &in.size }, { "--seed", &in.seed }, { "-o", &out },
		                           { "--include-no-grounds", NULL, &in.include_no_grounds },
		                           { NULL } };
	if (cli_options(argc, argv, 2, opts, NULL) || !in.area || !in.from || !in.to || !in.size || !in.seed ||
	    !*in.seed)
		return cli_usage(usage);
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct ss_sample_item *items = NULL;
	size_t n = 0;
	char seed[24];
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = ss_sample_preview(st, &in, &items, &n, seed, &errs, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	buf_adds(&b, SS_SAMPLE_CSV_HEADER "\n");
	for (size_t i = 0; i < n; i++) {
		csv_cell(&b, items[i].record_id);
		buf_addc(&b, ',');
		csv_cell(&b, items[i].date);
		buf_addc(&b, ',');
		csv_cell(&b, items[i].legislation);
		buf_addc(&b, ',');
		csv_cell(&b, items[i].object);
		buf_addc(&b, ',');
		csv_cell(&b, items[i].outcome);
		buf_addc(&b, '\n');
	}
	free(items);
	rc = write_out(out, &b);
	buf_release(&b);
	return rc;
}

int cmd_stopsearch(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "import", do_import },
		{ "population", do_population },
		{ "report", do_report },
		{ "sample", do_sample },
		{ NULL, NULL },
	};
	return cli_dispatch(cli, argc, argv, usage, subs);
}
