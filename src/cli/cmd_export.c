/* cmd_export.c — probity export gifts: the register as CSV or XLSX. */
#include "cli/cli.h"
#include "core/buf.h"
#include "domain/auth.h"
#include "domain/gifts.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: probity [--db FILE] export gifts [--format csv|xlsx] [-o FILE]\n"
	"         [--from DATE] [--to DATE] [--offeror TEXT] [--status STATUS] [--accepted yes|no]\n\n"
	"Export the gifts and hospitality register (the rows matching the filters) as\n"
	"CSV (default) or XLSX, to FILE or standard output. Dates are YYYY-MM-DD;\n"
	"STATUS is awaiting_manager, awaiting_psd, approved, refused or recorded.\n";

int cmd_export(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, usage))
		return 0;
	if (argc < 2 || strcmp(argv[1], "gifts") != 0)
		return cli_usage(usage);
	struct gift_filter f = { 0 };
	f.accepted = -1;
	const char *format = "csv", *out = NULL;
	for (int i = 2; i < argc; i += 2) { /* OPTION VALUE pairs */
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			return cli_usage(usage);
		if (!strcmp(a, "--format")) format = v;
		else if (!strcmp(a, "-o")) out = v;
		else if (!strcmp(a, "--from")) f.from = v;
		else if (!strcmp(a, "--to")) f.to = v;
		else if (!strcmp(a, "--offeror")) f.offeror = v;
		else if (!strcmp(a, "--status")) f.status = v;
		else if (!strcmp(a, "--accepted")) f.accepted = !strcmp(v, "yes") ? 1 : !strcmp(v, "no") ? 0 : -2;
		else return cli_usage(usage);
	}
	if (f.accepted == -2 || (strcmp(format, "csv") && strcmp(format, "xlsx")))
		return cli_usage(usage);
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	struct buf b;
	buf_init(&b, 0);
	struct err e = { 0 };
	int rc = !strcmp(format, "csv") ? gifts_export_csv(st, &sys, &f, &b, &e) : gifts_export_xlsx(st, &sys, &f, &b, &e);
	store_close(st);
	if (!rc)
		rc = cli_write_out(out, &b, &e);
	buf_release(&b);
	return rc ? cli_fail(&e) : 0;
}
