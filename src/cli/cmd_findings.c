/* cmd_findings.c — probity findings import [--dry-run] FILE: load an
 * inspection report's findings in one go (all-or-nothing, rerunnable). */
#include "cli/cli.h"
#include "domain/inspections.h"
#include "domain/people.h"
#include <stdio.h>

static const char usage[] =
	"usage: probity [--db FILE] findings import [--dry-run] FILE\n\n"
	"Import inspection findings from a CSV file (\"-\" reads standard input) with the header\n"
	"  " FINDINGS_IMPORT_HEADER "\n"
	"optionally followed by an inspection_kind column:\n"
	"  " FINDINGS_IMPORT_HEADER ",inspection_kind\n"
	"inspection  the report's title; a new title creates the inspection, published on `published`.\n"
	"            An inspection is matched by the title and date it was first imported with, so\n"
	"            re-importing after it was renamed in Probity creates no duplicate\n"
	"published   the report's publication date, YYYY-MM-DD, not in the future (starts the PCC's\n"
	"            56-day clock)\n"
	"kind        recommendation, area_for_improvement or cause_of_concern\n"
	"reference   the finding's reference in the report, e.g. \"Recommendation 3\" or \"AFI 1\"\n"
	"text, pillar  the finding and the pillar or question it belongs to\n"
	"owner       the owner's staff number, or empty\n"
	"due         YYYY-MM-DD, or empty\n"
	"inspection_kind  peel, thematic or other (optional; empty leaves the kind as it is)\n\n"
	"All or nothing: a bad row rejects the whole file, naming its line (the header is\n"
	"line 1) and column, and nothing is written. A finding is identified by its\n"
	"inspection and reference, so rerunning the same file creates nothing twice\n"
	"(changed rows are updated). --dry-run checks the file and reports what would\n"
	"change without writing.\n";

static int import_findings(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e)
{
	return findings_import(st, NULL, path, dry_run, s, e);
}

int cmd_findings(struct cli *cli, int argc, char **argv)
{
	return cli_run_import(cli, argc, argv, usage, import_findings, 0);
}
