/* cmd_interests.c — probity interests import [--dry-run] FILE: load an
 * existing business interests register, all or nothing, rerunnable. */
#include "cli/cmd_interests.h"
#include "domain/interests.h"
#include "domain/people.h"
#include <stdio.h>

static const char usage[] =
	"usage: probity [--db FILE] interests import [--dry-run] FILE\n\n"
	"Import business interests from a CSV file (\"-\" reads standard input) with the header\n"
	"  " INTERESTS_IMPORT_HEADER "\n"
	"kind is one of second_job, own_business, property_letting, shareholding, directorship,\n"
	"voluntary, family_business; status one of applied, approved, approved_with_conditions,\n"
	"refused, ended; start_date is YYYY-MM-DD. An imported approval is next reviewed on the\n"
	"next anniversary of its start date.\n"
	"All or nothing: a bad row rejects the whole file, naming its line and column, and\n"
	"nothing is written. Rerunning the same file adds nothing (an identical row is the same\n"
	"interest). --dry-run checks the file and reports what would change without writing.\n";

int cmd_interests(struct cli *cli, int argc, char **argv)
{
	return cli_run_import(cli, argc, argv, usage, interests_import, CLI_IMPORT_NO_UPDATED);
}
