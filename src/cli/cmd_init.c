/* cmd_init.c — probity init: create or upgrade the database. */
#include "cli/cli.h"
#include "domain/accesslog.h"
#include "store/store.h"
#include <stdio.h>

int cmd_init(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: probity [--db FILE] init\n\n"
		       "Create the database if it does not exist and apply any pending schema\n"
		       "migrations. Safe to run again: an up-to-date database is left as it is.\n"
		       "Also creates the access log key (DB.logkey, mode 0600, unless --log-key\n"
		       "FILE or $PROBITY_LOG_KEY names another) and starts the log's keyed chain.\n");
		return 0;
	}
	if (argc > 1)
		return cli_usage("usage: probity [--db FILE] init\n");
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct err e = { 0 };
	if (alog_start(st, &e)) { /* the log key exists and the keyed chain has begun */
		store_close(st);
		return cli_fail(&e);
	}
	char shown[512];
	printf("%s: schema version %d\n", store_display_name(cli->db, shown, sizeof shown), store_version(st));
	store_close(st);
	return 0;
}
