/* cmd_import.c — probity people import FILE and probity gifts import FILE:
 * all-or-nothing, rerunnable imports with --dry-run. */
#include "cli/cli.h"
#include "domain/gifts.h"
#include "domain/people.h"
#include <stdio.h>

/* The usage of `probity WHAT import`. */
static const char *import_usage(char *usage, size_t n, const char *what, const char *header)
{
	snprintf(usage, n,
	         "usage: probity [--db FILE] %s import [--dry-run] FILE\n\n"
	         "Import %s from a CSV file (\"-\" reads standard input) with the header\n  %s\n"
	         "All or nothing: a bad row rejects the whole file, naming its line and column,\n"
	         "and nothing is written. Rerunning the same file changes nothing.\n"
	         "--dry-run checks the file and reports what would change without writing.\n",
	         what, what, header);
	return usage;
}

int cmd_people(struct cli *cli, int argc, char **argv)
{
	char usage[1024];
	return cli_run_import(cli, argc, argv, import_usage(usage, sizeof usage, "people", PEOPLE_HEADER),
	                      people_import, 0);
}

int cmd_gifts(struct cli *cli, int argc, char **argv)
{
	char usage[1024];
	return cli_run_import(cli, argc, argv, import_usage(usage, sizeof usage, "gifts", GIFTS_IMPORT_HEADER),
	                      gifts_import, 0);
}
