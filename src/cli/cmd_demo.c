/* cmd_demo.c — probity demo: fill an empty database with the fictional demo
 * force (domain/demo.c) and print what it holds and how to log in. */
#include "cli/cli.h"
#include "core/date.h"
#include "domain/auth.h"
#include "demo/demo.h"
#include "store/store.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] = "usage: probity [--db FILE] demo [--seed N] [--scale N]\n";

static void help(void)
{
	printf("%s\n"
	       "Fill the database (created if missing) with %s, a fictional police force:\n"
	       "about 3,500 officers, staff, specials and volunteers in some 160 teams, with\n"
	       "line management, posts and vetting levels, protected characteristics, three\n"
	       "years of gifts and hospitality declarations at every stage of approval, and\n"
	       "a login for every role, all sharing the password %s.\n\n"
	       "Everything is generated from the seed (default %u): the same seed on the same\n"
	       "day gives the same force. Nothing in it is real.\n\n"
	       "--scale N (1 to 20) builds a force N times the size, for benchmarks\n"
	       "(bench/scale.sh): N times the people, teams and every register that follows\n"
	       "them, and each person declaring N times as often (so --scale 10 gives about\n"
	       "35,000 people and 500,000 declarations).\n\n"
	       "The demo only fills an empty database: if it already holds people it says so,\n"
	       "changes nothing and exits 1. To start again, delete the database file (and its\n"
	       "-wal and -shm files) and run the demo again.\n",
	       usage, DEMO_FORCE_NAME, DEMO_DEFAULT_PASSWORD, DEMO_DEFAULT_SEED);
}

static int parse_seed(const char *s, uint64_t *out)
{
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, NULL, 10);
	if (errno || v == 0)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

static void print_line(void *ctx, const char *label, const char *text)
{
	(void)ctx;
	printf("  %-13s %s\n", label, text);
}

static void print_summary(struct store *st, const struct cli *cli, const struct demo_options *o,
                          const struct demo_summary *s, double secs)
{
	char a[32], b[32], c[32], d[32], f[32], shown[512];
	store_display_name(cli->db, shown, sizeof shown);
	printf("%s: the fictional demo force is in %s (seed %llu, %.1f s)\n\n", s->force, shown,
	       (unsigned long long)o->seed, secs);
	printf("  units         %ld force, %ld areas, %ld directorates, %ld departments, %ld teams\n",
	       s->units_by_kind[0], s->units_by_kind[2], s->units_by_kind[1], s->units_by_kind[3],
	       s->units_by_kind[4]);
	printf("  posts         %ld\n", s->posts);
	count_format(s->people, a, sizeof a);
	count_format(s->officers, b, sizeof b);
	count_format(s->staff, c, sizeof c);
	printf("  people        %s: %s officers, %s staff, %ld specials, %ld volunteers\n", a, b, c, s->specials,
	       s->volunteers);
	printf("                (%ld chief officers; %ld leavers)\n", s->chief_officers, s->leavers);
	count_format(s->gifts, a, sizeof a);
	count_format(s->gifts_accepted, b, sizeof b);
	printf("  gifts and     %s declarations from %s to %s, %s accepted\n", a, s->from, s->to, b);
	count_format(s->gifts_by_status[2], c, sizeof c);
	count_format(s->gifts_by_status[4], d, sizeof d);
	count_format(s->gifts_by_status[3], f, sizeof f);
	printf("  hospitality   awaiting manager %ld, awaiting PSD %ld, approved %s, refused %s,\n"
	       "                recorded (imported) %s\n",
	       s->gifts_by_status[0], s->gifts_by_status[1], c, f, d);
	struct err e = { 0 };
	if (demo_capability_lines(st, print_line, NULL, &e))
		fprintf(stderr, "probity: %s\n", e.msg);
	printf("\n");
	printf("Demo logins (password for every one: %s)\n\n", o->password);
	printf("  %-11s %-13s %s\n", "username", "role", "who");
	for (int i = 0; i < s->nlogins; i++)
		printf("  %-11s %-13s %s\n", s->logins[i].username, s->logins[i].role, s->logins[i].who);
	printf("\nThe manager login has %ld declarations from their team awaiting a decision;\n"
	       "the psd login has %ld in the PSD queue.\n\n",
	       s->manager_queue, s->gifts_by_status[1]);
	printf("Start the server with: ./probity serve --db %s\n", shown);
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		help();
		return 0;
	}
	struct demo_options o = { 0 };
	o.seed = DEMO_DEFAULT_SEED;
	o.password = DEMO_DEFAULT_PASSWORD;
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
			const char *sv = argv[++i];
			uint64_t n = 0;
			if (parse_seed(sv, &n) || n > 20) {
				fprintf(stderr, "probity: --scale: \"%s\" is not a whole number from 1 to 20\n", sv);
				return 2;
			}
			/* team sizes round down: a tenth more reaches N times the demo's people;
			 * at 10, 11 declarations per person's one give the ~500,000 of a large force */
			o.people = n > 1 ? DEMO_DEFAULT_PEOPLE * (int)n * 11 / 10 : 0;
			o.gifts_factor = n > 1 ? (int)n * 11 / 10 : 1;
			continue;
		}
		if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			v = argv[++i];
		else if (strncmp(argv[i], "--seed=", 7) == 0)
			v = argv[i] + 7;
		else
			return cli_usage(usage);
		if (parse_seed(v, &o.seed)) {
			fprintf(stderr, "probity: --seed: \"%s\" is not a whole number from 1 to %llu\n", v,
			        (unsigned long long)UINT64_MAX);
			return 2;
		}
	}
	struct err e = { 0 };
	if (auth_init()) {
		err_set(&e, ERR_INTERNAL, "cannot initialise the crypto library");
		return cli_fail(&e);
	}
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct demo_summary s;
	int rc = demo_build(st, &o, &s, &e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc) {
		store_close(st);
		return cli_fail(&e);
	}
	print_summary(st, cli, &o, &s, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	store_close(st);
	return 0;
}
