/* cmd_training.c — probity training courses import | policies import |
 * import | compliance (docs/training.md): load the course catalogue, the
 * integrity policies and completions from the learning system; write who is
 * complete, due and overdue as CSV. */
#include "cli/cli.h"
#include "core/buf.h"
#include "domain/auth.h"
#include "domain/training.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: probity [--db FILE] training COMMAND ...\n\n"
	"  training courses import [--dry-run] FILE\n"
	"      Load the course catalogue, header exactly\n"
	"        " TRAINING_COURSES_HEADER "\n"
	"      applies_to all, officers (officers and specials), staff (police staff) or supervisors\n"
	"      (anyone who line-manages a person in post); every_months 0 for once only;\n"
	"      within_days_of_start the days a joiner has. A new course joins the end of the\n"
	"      catalogue; a known one is updated.\n"
	"  training policies import [--dry-run] FILE\n"
	"      Load integrity policies and their versions, header exactly\n"
	"        " TRAINING_POLICIES_HEADER "\n"
	"      published YYYY-MM-DD. A new version asks everyone it applies to to acknowledge it\n"
	"      again (within training.policy_days, default 28, of publication or their start).\n"
	"  training import [--dry-run] FILE\n"
	"      Load completions from the learning system, header exactly\n"
	"        " TRAINING_IMPORT_HEADER "\n"
	"      completed YYYY-MM-DD, not in the future; the course by its exact name.\n"
	"  training compliance [--as-of YYYY-MM-DD] [-o FILE]\n"
	"      Write CSV (" TRAINING_COMPLIANCE_HEADER ") for every person in post on the\n"
	"      day (default today) and every course that applies to them, by staff number then\n"
	"      the catalogue's order; status complete, due or overdue (docs/training.md).\n\n"
	"Imports are all or nothing: a bad row rejects the whole file, naming file:line: column:\n"
	"problem, and nothing is written; rerunning a file changes nothing. --dry-run checks the\n"
	"file and reports what would change without writing.\n";

static int compliance_csv(struct store *st, const struct actor *sys, void *ctx, struct buf *csv, struct err *e)
{
	return training_compliance_csv(st, sys, ctx, csv, e);
}

static int do_compliance(struct cli *cli, int argc, char **argv)
{
	const char *asof = NULL, *out = NULL;
	const struct cli_option opts[] = { { "--as-of", &asof }, { "-o", &out }, { NULL } };
	if (cli_options(argc, argv, 2, opts, NULL))
		return cli_usage(usage);
	return cli_system_csv(cli, 0, out, compliance_csv, (void *)(asof ? asof : ""));
}

/* argv from the noun on: "courses import ..." runs as "courses import ...". */
static int sub_import(struct cli *cli, int argc, char **argv, cli_import_fn fn)
{
	return cli_run_import(cli, argc, argv, usage, fn, 0);
}

int cmd_training(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, usage))
		return 0;
	if (argc < 2)
		return cli_usage(usage);
	if (!strcmp(argv[1], "import"))
		return sub_import(cli, argc, argv, training_import);
	if (!strcmp(argv[1], "courses"))
		return sub_import(cli, argc - 1, argv + 1, training_courses_import);
	if (!strcmp(argv[1], "policies"))
		return sub_import(cli, argc - 1, argv + 1, training_policies_import);
	if (!strcmp(argv[1], "compliance"))
		return do_compliance(cli, argc, argv);
	return cli_usage(usage);
}
