/* cmd_ethics.c — `probity ethics`: the ethics panel's measures of impact
 * as CSV (the same figures as /ethics/measures.csv), and panel membership
 * (terms, independence, the chair) for setting a panel up. The rules are
 * in src/domain/ethics.c. */
#include "cli/cli.h"
#include "core/buf.h"
#include "domain/auth.h"
#include "domain/ethics.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: probity [--db FILE] ethics COMMAND ...\n\n"
	"  ethics measures --from YYYY-MM-DD --to YYYY-MM-DD [-o FILE]\n"
	"      The measures of impact for dilemmas raised in the period as CSV (header\n"
	"      measure,group,value), defined in docs/ethics.md; counts under the disclosure\n"
	"      threshold k are left empty.\n"
	"  ethics member USERNAME --from YYYY-MM-DD [--to YYYY-MM-DD] [--independent] [--chair]\n"
	"      Add the account to the ethics panel (giving it the ethics_panel role) or change\n"
	"      its term; --chair makes it the chair (and no one else).\n";

static int do_measures(struct cli *cli, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *out = NULL;
	struct store *st;
	struct err e = { 0 };
	struct buf csv;
	const struct cli_option opts[] = { { "--from", &from }, { "--to", &to }, { "-o", &out }, { NULL } };
	if (cli_options(argc, argv, 2, opts, NULL) || !from || !to)
		return cli_usage(usage);
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	buf_init(&csv, (size_t)16 << 20);
	int rc = ethics_measures_csv(st, NULL, from, to, &csv, &e);
	store_close(st);
	if (!rc)
		rc = cli_write_out(out, &csv, &e);
	buf_release(&csv);
	return rc ? cli_fail(&e) : 0;
}

static int do_member(struct cli *cli, int argc, char **argv)
{
	const char *user = NULL, *from = NULL, *to = NULL;
	int indep = 0, chair = 0;
	struct store *st;
	struct err e = { 0 };
	struct errlist errs = { 0 };
	const struct cli_option opts[] = { { "--from", &from }, { "--to", &to }, { "--independent", NULL, &indep },
		                           { "--chair", NULL, &chair }, { NULL } };
	if (cli_options(argc, argv, 2, opts, &user) || !user || !from)
		return cli_usage(usage);
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	int rc = ethics_member_set(st, NULL, user, indep, chair, from, to, &errs, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	printf("%s: ethics panel member from %s%s%s%s%s\n", user, from, to ? " to " : "", to ? to : "",
	       indep ? ", independent" : "", chair ? ", chair" : "");
	return 0;
}

int cmd_ethics(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "measures", do_measures },
		{ "member", do_member },
		{ NULL, NULL },
	};
	return cli_dispatch(cli, argc, argv, usage, subs);
}
