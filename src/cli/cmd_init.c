/* cmd_init.c — probity init: create or upgrade the database. */
#include "cli/cli.h"
#include "store/store.h"
#include <stdio.h>

int cmd_init(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: probity [--db FILE] init\n\n"
		       "Create the database if it does not exist and apply any pending schema\n"
		       "migrations. Safe to run again: an up-to-date database is left as it is.\n");
		return 0;
	}
	if (argc > 1)
		return cli_usage("usage: probity [--db FILE] init\n");
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	printf("%s: schema version %d\n", cli->db, store_version(st));
	store_close(st);
	return 0;
}
