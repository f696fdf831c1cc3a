/* cmd_complaints.c — probity complaints import | bulletin | holidays
 * (docs/complaints.md): load cases, allegations and reviews; write the IOPC
 * bulletin measures as CSV; replace the bank holidays the working-day
 * counts skip. */
#include "cli/cli.h"
#include "core/buf.h"
#include "domain/auth.h"
#include "domain/complaints.h"
#include "store/store.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: probity [--db FILE] complaints COMMAND ...\n\n"
	"  complaints import CASES.csv ALLEGATIONS.csv [REVIEWS.csv] [--dry-run]\n"
	"      Load complaint and conduct cases, their allegations and complainants' reviews,\n"
	"      all or nothing across the files (a bad row rejects everything, naming\n"
	"      file:line: column: problem); rerunning the same files changes nothing.\n"
	"      Dates YYYY-MM-DD; an empty date means unknown or not yet. Headers exactly:\n"
	"        " CPL_CASES_HEADER "\n"
	"        " CPL_ALLEGATIONS_HEADER "\n"
	"        " CPL_REVIEWS_HEADER "\n"
	"      kind complaint|conduct|dsi; schedule3 yes|no (complaints only);\n"
	"      sch3_reason complainant_wishes|authority_decides|dissatisfied (schedule3 yes);\n"
	"      handling outside_schedule3|otherwise|local_investigation|directed_investigation|\n"
	"      independent_investigation; category the exact name of a category of the active\n"
	"      scheme; outcome as in docs/complaints.md or empty; review_body lpb|iopc;\n"
	"      result upheld|not_upheld or empty.\n"
	"  complaints bulletin --from YYYY-MM-DD --to YYYY-MM-DD [--employees N] [-o FILE]\n"
	"      The IOPC bulletin measures for the period as CSV (" CPL_BULLETIN_HEADER "),\n"
	"      computed by the counting rules in docs/complaints.md. Without --employees the\n"
	"      headcount is the people in post on the last day.\n"
	"  complaints holidays [--dry-run] FILE\n"
	"      Replace the England and Wales bank holidays (header date,title) that working-day\n"
	"      counts skip.\n";

static int do_import(struct cli *cli, int argc, char **argv)
{
	const char *paths[3] = { NULL, NULL, NULL };
	int np = 0, dry = 0;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry = 1;
		else if ((argv[i][0] != '-' || !strcmp(argv[i], "-")) && np < 3)
			paths[np++] = argv[i];
		else
			return cli_usage(usage);
	}
	if (np < 2)
		return cli_usage(usage);
	struct store *st;
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	struct cpl_import_stats s;
	struct err e = { 0 };
	int rc = complaints_import(st, NULL, paths[0], paths[1], paths[2], dry, &s, &e);
	store_close(st);
	if (rc)
		return cli_import_failed(&e);
	cli_import_summary(paths[0], &s.cases, dry, 0);
	cli_import_summary(paths[1], &s.allegations, dry, 0);
	if (paths[2])
		cli_import_summary(paths[2], &s.reviews, dry, 0);
	return 0;
}

static int do_bulletin(struct cli *cli, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *out = NULL, *emp = NULL;
	const struct cli_option opts[] = { { "--from", &from }, { "--to", &to }, { "--employees", &emp }, { "-o", &out },
		                           { NULL } };
	if (cli_options(argc, argv, 2, opts, NULL) || !from || !to)
		return cli_usage(usage);
	int64_t employees = -1;
	if (emp) {
		char *end;
		errno = 0;
		long long n = strtoll(emp, &end, 10);
		if (!*emp || *end || errno || n < 0 || n > 100000000) {
			fprintf(stderr, "probity: --employees must be a whole number from 0\n");
			return 2;
		}
		employees = n;
	}
	struct store *st;
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	struct cpl_bulletin b;
	struct err e = { 0 };
	struct buf csv;
	buf_init(&csv, (size_t)16 << 20);
	int rc = complaints_bulletin(st, NULL, from, to, employees, &b, &e);
	store_close(st);
	if (rc) {
		buf_release(&csv);
		return cli_fail(&e);
	}
	cpl_bulletin_csv(&b, &csv);
	cpl_bulletin_release(&b);
	rc = cli_write_out(out, &csv, &e) ? cli_fail(&e) : 0;
	buf_release(&csv);
	return rc;
}

static int holidays_import(void *arg, struct store *st, const char *path, int dry, struct import_stats *s,
                           struct err *e)
{
	(void)arg;
	return cpl_holidays_import(st, NULL, path, dry, s, e);
}

static int do_holidays(struct cli *cli, int argc, char **argv)
{
	const char *path;
	int dry;
	if (cli_import_args(argc, argv, 2, usage, &path, &dry))
		return 2;
	return cli_import_file(cli, path, dry, holidays_import, NULL, 0);
}

int cmd_complaints(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "import", do_import },
		{ "bulletin", do_bulletin },
		{ "holidays", do_holidays },
		{ NULL, NULL },
	};
	return cli_dispatch(cli, argc, argv, usage, subs);
}
