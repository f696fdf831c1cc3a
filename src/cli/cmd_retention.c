/* cmd_retention.c — probity retention report|apply: the retention rules
 * (domain/retention.h), run daily by probity-retention.timer. */
#include "cli/cli.h"
#include "domain/actor.h"
#include "domain/retention.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

static const char usage[] = "usage: probity [--db FILE] retention report|apply\n";

int cmd_retention(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("%s\n"
		       "How long records are kept. Each rule is a setting (probity config set KEY N;\n"
		       "0 keeps for ever); the force's records retention policy decides the values.\n\n"
		       "  retention.gifts_years_after_leaving  declarations of people who left N years ago\n"
		       "  retention.interests_years_after_leaving, .associations_years_after_leaving,\n"
		       "  retention.circumstances_years_after_leaving  the same for the other registers\n"
		       "  retention.intel_closed_years         intelligence items closed N years ago, with\n"
		       "                                       their lines, interventions, thread and report\n"
		       "  retention.anon_idle_days             anonymous threads never taken on as intelligence,\n"
		       "                                       N days after their last message\n"
		       "  audit.retention_days                 the audit trail: probity audit prune\n\n"
		       "  report   what would be deleted today, per rule (nothing is deleted)\n"
		       "  apply    delete it, all rules in one transaction; the counts (never the\n"
		       "           content) go to the access log, one row per rule\n",
		       usage);
		return 0;
	}
	if (argc != 2 || (strcmp(argv[1], "report") != 0 && strcmp(argv[1], "apply") != 0))
		return cli_usage(usage);
	int apply = strcmp(argv[1], "apply") == 0;
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	struct retention_line lines[RETENTION_RULES];
	struct err e = { 0 };
	int rc = retention_run(st, &sys, apply, lines, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	for (int i = 0; i < RETENTION_RULES; i++) {
		const struct retention_line *l = &lines[i];
		if (!l->cutoff[0])
			printf("%-13s kept for ever (%s = %lld)\n", l->rule, l->setting, (long long)l->keep);
		else
			printf("%-13s %s %ld: %s (before %s; %s = %lld)\n", l->rule, apply ? "deleted" : "due", l->records,
			       l->what, l->cutoff, l->setting, (long long)l->keep);
	}
	return 0;
}
