/* cmd_import.c — probity people import FILE and probity gifts import FILE:
 * all-or-nothing, rerunnable imports with --dry-run. */
#include "cli/cli.h"
#include "domain/auth.h"
#include "domain/gifts.h"
#include "domain/people.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

typedef int (*import_fn)(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e);

static int run_import(struct cli *cli, int argc, char **argv, const char *what, const char *header, import_fn fn)
{
	char usage[1024];
	snprintf(usage, sizeof usage,
	         "usage: probity [--db FILE] %s import [--dry-run] FILE\n\n"
	         "Import %s from a CSV file (\"-\" reads standard input) with the header\n  %s\n"
	         "All or nothing: a bad row rejects the whole file, naming its line and column,\n"
	         "and nothing is written. Rerunning the same file changes nothing.\n"
	         "--dry-run checks the file and reports what would change without writing.\n",
	         what, what, header);
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
	int rc = fn(st, path, dry, &s, &e);
	store_close(st);
	if (rc) {
		fprintf(stderr, "probity: %s\nprobity: nothing was imported\n", e.msg);
		return 1;
	}
	printf("%s%s: %ld rows, %ld created, %ld updated, %ld unchanged\n", dry ? "dry run: " : "", path, s.rows,
	       s.created, s.updated, s.unchanged);
	return 0;
}

int cmd_people(struct cli *cli, int argc, char **argv)
{
	return run_import(cli, argc, argv, "people", PEOPLE_HEADER, people_import);
}

int cmd_gifts(struct cli *cli, int argc, char **argv)
{
	return run_import(cli, argc, argv, "gifts", GIFTS_IMPORT_HEADER, gifts_import);
}
