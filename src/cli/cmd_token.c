/* cmd_token.c — probity token create USER: an API token for /api/. */
#include "cli/cli.h"
#include "domain/auth.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

int cmd_token(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "usage: probity [--db FILE] token create USERNAME [--label TEXT]\n\n"
	                            "Create an API token for USERNAME and print it (shown once; only a hash\n"
	                            "is stored). Use it as: Authorization: Bearer TOKEN\n";
	if (cli_help(argc, argv, usage))
		return 0;
	const char *label = "";
	if (argc == 5 && strcmp(argv[3], "--label") == 0)
		label = argv[4];
	else if (argc != 3)
		return cli_usage(usage);
	if (strcmp(argv[1], "create") != 0)
		return cli_usage(usage);
	struct store *st;
	struct err e = { 0 };
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	char tok[TOKEN_HEX];
	int rc = token_create(st, argv[2], label, tok, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	printf("%s\n", tok);
	return 0;
}
