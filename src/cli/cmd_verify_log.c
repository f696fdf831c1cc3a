/* cmd_verify_log.c — probity verify-log: check the access log's hash chain. */
#include "cli/cli.h"
#include "domain/accesslog.h"
#include "store/store.h"
#include <stdio.h>

int cmd_verify_log(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "usage: probity [--db FILE] verify-log\n\n"
	                            "Recompute the access log's hash chain. Names the first altered, removed\n"
	                            "or inserted row and exits 1 if there is one; exits 0 when intact.\n";
	if (cli_help(argc, argv, usage))
		return 0;
	if (argc != 1)
		return cli_usage(usage);
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct err e = { 0 };
	int64_t bad, rows;
	char msg[256] = "";
	int rc = alog_verify(st, &bad, &rows, msg, sizeof msg, &e);
	store_close(st);
	if (rc < 0)
		return cli_fail(&e);
	if (rc) {
		fprintf(stderr, "probity: access log broken at row %lld: %s\n", (long long)bad, msg);
		return 1;
	}
	printf("access log intact: %lld rows\n", (long long)rows);
	return 0;
}
