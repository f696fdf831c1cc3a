/* cmd_air.c — probity air open --year YYYY --waves-by unit|month: open an
 * Annual Integrity Review round; probity air status [--year YYYY]: its
 * completion by wave. Runs as the system administrator (logged). */
#include "cli/cmd_air.h"
#include "domain/air.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: probity air open --year YYYY --waves-by unit|month\n"
	"       probity air status [--year YYYY]\n"
	"       probity air add-joiners --year YYYY\n\n"
	"Open an Annual Integrity Review round for a year, rolled out in waves:\n"
	"  --waves-by unit   one wave per area or directorate, spread over the twelve months\n"
	"  --waves-by month  each person in the month of their service anniversary\n"
	"Every current member of the force gets a return in their wave.\n"
	"status prints each wave's people, not started, awaiting manager, completed and\n"
	"overdue counts for the round of --year (default: the newest round).\n"
	"add-joiners gives everyone who joined after the round opened a return in the\n"
	"wave the round's rule gives them (rerunnable: adds nothing the second time).\n";

static int print_wave(void *ctx, const struct air_wave *w)
{
	(void)ctx;
	printf("%d\t%s\t%s\t%s\t%ld\t%ld\t%ld\t%ld\t%ld\n", w->number, w->label, w->opens_on, w->due_on, w->people,
	       w->pending, w->submitted, w->completed, w->overdue);
	return 0;
}

static int newest(void *ctx, const struct air_round *r)
{
	*(int64_t *)ctx = r->id;
	return 1;
}

int cmd_air(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, usage))
		return 0;
	if (argc < 2)
		return cli_usage(usage);
	int open = !strcmp(argv[1], "open"), status = !strcmp(argv[1], "status"), join = !strcmp(argv[1], "add-joiners");
	if (!open && !status && !join)
		return cli_usage(usage);
	const char *y = NULL, *by = NULL;
	/* --waves-by last: only open takes it */
	const struct cli_option opts[] = { { "--year", &y }, { open ? "--waves-by" : NULL, &by }, { NULL } };
	if (cli_options(argc, argv, 2, opts, NULL) || (y && (strlen(y) != 4 || strspn(y, "0123456789") != 4)))
		return cli_usage(usage);
	int year = y ? atoi(y) : 0;
	if ((open && (!year || !by)) || (join && !year))
		return cli_usage(usage);
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	struct err e = { 0 };
	struct errlist errs = { 0 };
	int rc = 0;
	if (open) {
		int64_t id = 0;
		if (air_open_round(st, &sys, year, by, &id, &errs, &e)) {
			fprintf(stderr, "probity: %s\n", errs.n ? errs.item[0].msg : e.msg);
			rc = 1;
		} else {
			struct air_round r;
			air_round_get(st, &sys, id, &r, &e);
			printf("opened the %d integrity review by %s: %ld people\n", year, by, r.people);
		}
	} else if (join) {
		int64_t id = 0;
		long added = 0;
		if (air_round_by_year(st, year, &id, &e) || !id || air_add_joiners(st, &sys, id, &added, &e)) {
			fprintf(stderr, "probity: %s\n", id ? e.msg : "no integrity review round for that year");
			rc = 1;
		} else {
			printf("added %ld joiner%s to the %d integrity review\n", added, added == 1 ? "" : "s", year);
		}
	} else {
		int64_t id = 0;
		if (year)
			rc = air_round_by_year(st, year, &id, &e);
		else
			rc = air_rounds_list(st, &sys, newest, &id, &e);
		if (!rc && !id) {
			fprintf(stderr, "probity: no integrity review round%s\n", year ? " for that year" : "");
			rc = 1;
		} else if (!rc) {
			printf("wave\tlabel\topens\tdue\tpeople\tnot_started\tawaiting_manager\tcompleted\toverdue\n");
			rc = air_waves_list(st, &sys, id, print_wave, NULL, &e);
		}
		if (rc && e.msg[0])
			fprintf(stderr, "probity: %s\n", e.msg);
		rc = rc ? 1 : 0;
	}
	store_close(st);
	return rc;
}
