/* cli.c — helpers every subcommand shares. */
#include "cli/cli.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

int cli_fail(const struct err *e)
{
	fprintf(stderr, "probity: %s\n", e->msg[0] ? e->msg : "failed");
	return 1;
}

int cli_usage(const char *usage)
{
	fprintf(stderr, "%s", usage);
	return 2;
}

int cli_open_store(struct cli *cli, struct store **st)
{
	struct err e = { 0 };
	if (store_open(st, cli->db, &e))
		return cli_fail(&e);
	return 0;
}
