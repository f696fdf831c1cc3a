/* cmd_export.c — probity export gifts: the register as CSV or XLSX, written
 * to the file as rows come (domain/register.h's register_export_fd), so a
 * register of any size exports in bounded memory. */
#include "cli/cli.h"
#include "core/buf.h"
#include "domain/auth.h"
#include "domain/gifts.h"
#include "domain/register.h"
#include "store/store.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: probity [--db FILE] export gifts [--format csv|xlsx] [--no-bom] [-o FILE]\n"
	"         [--from DATE] [--to DATE] [--offeror TEXT] [--status STATUS] [--accepted yes|no]\n\n"
	"Export the gifts and hospitality register (the rows matching the filters) as\n"
	"CSV (default) or XLSX, to FILE or standard output. Dates are YYYY-MM-DD;\n"
	"STATUS is awaiting_manager, awaiting_psd, approved, refused or recorded.\n"
	"A CSV starts with a UTF-8 byte-order mark (for Excel) unless --no-bom.\n";

int cmd_export(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, usage))
		return 0;
	if (argc < 2 || strcmp(argv[1], "gifts") != 0)
		return cli_usage(usage);
	struct gift_filter f = { 0 };
	f.accepted = -1;
	const char *format = "csv", *out = NULL, *accepted = NULL;
	int no_bom = 0;
	const struct cli_option opts[] = { { "--no-bom", NULL, &no_bom }, { "--format", &format }, { "-o", &out },
		                           { "--from", &f.from },           { "--to", &f.to },         { "--offeror", &f.offeror },
		                           { "--status", &f.status },       { "--accepted", &accepted }, { NULL } };
	if (cli_options(argc, argv, 2, opts, NULL))
		return cli_usage(usage);
	if (accepted)
		f.accepted = !strcmp(accepted, "yes") ? 1 : !strcmp(accepted, "no") ? 0 : -2;
	int bom = !no_bom;
	if (f.accepted == -2 || (strcmp(format, "csv") && strcmp(format, "xlsx")))
		return cli_usage(usage);
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	struct err e = { 0 };
	enum sheet_format fmt = !strcmp(format, "xlsx") ? SHEET_XLSX : bom ? SHEET_CSV : SHEET_CSV_NOBOM;
	int fd = out ? open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : STDOUT_FILENO;
	int rc = fd < 0 ? err_set(&e, ERR_IO, "cannot write %s", out)
	         : store_spill_temp(st, &e) ? -1
	                : register_export_fd(st, &sys, &gifts_register_def, &f, fmt, fd, &e);
	store_close(st);
	if (out && fd >= 0 && close(fd) && !rc)
		rc = err_set(&e, ERR_IO, "cannot write %s", out);
	return rc ? cli_fail(&e) : 0;
}
