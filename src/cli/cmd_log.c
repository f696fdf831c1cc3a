/* cmd_log.c — probity log anchor: print the access log's head (sequence
 * number and MAC) to keep somewhere the database's owners cannot rewrite,
 * so `verify-log --anchor` can later prove nothing was cut or recomputed. */
#include "cli/cli.h"
#include "domain/accesslog.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

int cmd_log(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
		"usage: probity [--db FILE] [--log-key FILE] log anchor\n\n"
		"Print the access log's head as one line, \"log-anchor seq=N mac=HEX at=TIME\",\n"
		"to keep outside this host (the force's SIEM, a daily e-mail, a write-once\n"
		"store). `probity verify-log --anchor FILE` checks the log against it.\n\n"
		"The log key: rows are MACed with a key kept outside the database, by default\n"
		"in DB.logkey (mode 0600, created by init, serve or the first write), or in\n"
		"--log-key FILE / $PROBITY_LOG_KEY. Back it up apart from the database.\n";
	if (cli_wants_help(argc, argv)) {
		printf("%s", usage);
		return 0;
	}
	if (argc != 2 || strcmp(argv[1], "anchor") != 0)
		return cli_usage(usage);
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct err e = { 0 };
	struct alog_anchor a;
	int rc = alog_start(st, &e) || alog_head(st, &a, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	char line[160];
	alog_anchor_line(&a, line, sizeof line);
	printf("%s\n", line);
	return 0;
}
