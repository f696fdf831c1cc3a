/* cmd_risk.c — probity risk report | set: the tactical risk picture as CSV
 * (docs/risk.md) and the administrator's changes to the indicators. */
#include "cli/cli.h"
#include "core/buf.h"
#include "domain/risk.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: probity [--db FILE] risk report [--as-of DATE] [--min-level warning|critical] [-o FILE]\n"
	"       probity [--db FILE] risk set NAME VALUE [NAME VALUE ...]\n\n"
	"report  every serving person's risk score as CSV with the header\n"
	"          " RISK_REPORT_HEADER "\n"
	"        (indicators: the names of the indicators that hold, ';'-separated, in configuration\n"
	"        order), by score descending then staff number. --as-of scores on that date (default\n"
	"        today); --min-level keeps people at that level or above; -o writes to FILE instead\n"
	"        of standard output. Run as the system with the anti-corruption unit's view, logged.\n"
	"set     change indicator settings, all or none, as one new version: NAME is\n"
	"          INDICATOR.on|weight|window_days|threshold, level.warning, level.critical,\n"
	"          meeting_days or psd_sees_acu_only; VALUE a whole number from 0.\n"
	"        Indicators: allegations, association_high, financial, arrest, ict_alert, vetting,\n"
	"        interest_continuing, gifts_offeror, intel.\n";

struct report_args {
	const char *as_of, *level;
};

static int report_csv(struct store *st, const struct actor *sys, void *ctx, struct buf *csv, struct err *e)
{
	const struct report_args *a = ctx;
	return risk_report_csv(st, sys, a->as_of, a->level, csv, e);
}

static int do_report(struct cli *cli, int argc, char **argv)
{
	struct report_args a = { NULL, "" };
	const char *out = NULL;
	const struct cli_option opts[] = { { "--as-of", &a.as_of }, { "--min-level", &a.level }, { "-o", &out }, { NULL } };
	if (cli_options(argc, argv, 2, opts, NULL))
		return cli_usage(usage);
	return cli_system_csv(cli, ROLE_ACU, out, report_csv, &a);
}

static int do_set(struct cli *cli, int argc, char **argv)
{
	if (argc < 4 || (argc - 2) % 2)
		return cli_usage(usage);
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	const char *kv[66] = { 0 };
	int n = 0;
	for (int i = 2; i + 1 < argc && n < 64; i += 2) {
		kv[n++] = argv[i];
		kv[n++] = argv[i + 1];
	}
	struct err e = { 0 };
	int rc = risk_settings_set(st, &sys, kv, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	printf("risk settings saved\n");
	return 0;
}

int cmd_risk(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "report", do_report },
		{ "set", do_set },
		{ NULL, NULL },
	};
	return cli_dispatch(cli, argc, argv, usage, subs);
}
