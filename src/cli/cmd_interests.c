/* cmd_interests.c — probity interests import [--dry-run] FILE: load an
 * existing business interests register, all or nothing, rerunnable. */
#include "cli/cmd_interests.h"
#include "domain/auth.h"
#include "domain/interests.h"
#include "domain/people.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

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
	if (cli_wants_help(argc, argv)) {
		printf("%s", usage);
		return 0;
	}
	int dry = 0;
	const char *path = NULL;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			dry = 1;
		else if (!path)
			path = argv[i];
		else
			return cli_usage(usage);
	}
	if (argc < 3 || strcmp(argv[1], "import") != 0 || !path)
		return cli_usage(usage);
	struct store *st;
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	struct import_stats s;
	struct err e = { 0 };
	int rc = interests_import(st, path, dry, &s, &e);
	store_close(st);
	if (rc) {
		fprintf(stderr, "probity: %s\nprobity: nothing was imported\n", e.msg);
		return 1;
	}
	printf("%s%s: %ld rows, %ld created, %ld unchanged\n", dry ? "dry run: " : "", path, s.rows, s.created,
	       s.unchanged);
	return 0;
}
