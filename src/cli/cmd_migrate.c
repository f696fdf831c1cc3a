/* cmd_migrate.c — probity migrate --from FILE.db --to postgresql://…: move a
 * force from its SQLite file to PostgreSQL in one transaction (store_copy.h),
 * print every table's row count and checksum on both sides, and commit only
 * when they all match and the access log's keyed chain verifies on the
 * target. */
#include "cli/cli.h"
#include "domain/accesslog.h"
#include "store/store.h"
#include "store/store_copy.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(void *arg, const char *table, int64_t done, int64_t total)
{
	(void)arg;
	if (total < 0)
		return;
	if (done == total)
		fprintf(stderr, "copied %s: %lld rows\n", table, (long long)done);
	else
		fprintf(stderr, "copying %s: %lld of %lld rows\n", table, (long long)done, (long long)total);
}

struct verified {
	int64_t rows;
};

static int verify_target(void *arg, struct store *to, struct err *e)
{
	struct verified *v = arg;
	int64_t bad = 0;
	char msg[256] = "";
	int rc = alog_verify(to, &bad, &v->rows, msg, sizeof msg, e);
	if (rc < 0)
		return -1;
	if (rc)
		return err_set(e, ERR_CONFLICT, "the access log does not verify on the target at row %lld (%s): nothing "
		                                "was written", (long long)bad, msg);
	return 0;
}

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
		"usage: probity migrate --from FILE.db --to postgresql://USER@HOST/DBNAME\n\n"
		"Move a force's whole database from its SQLite file to a new, empty\n"
		"PostgreSQL database, in one transaction: every table is copied, then\n"
		"counted and checksummed the same way on both sides (one line per table),\n"
		"and the access log's keyed chain is checked on the target. Anything\n"
		"different and nothing is written (exit 1). Stop the server first; the\n"
		"file is read under its write lock.\n\n"
		"The access log key stays the same file: --log-key FILE, else\n"
		"$PROBITY_LOG_KEY, else FILE.db.logkey. Start the server on PostgreSQL with\n"
		"that key: probity --db postgresql://… --log-key FILE.db.logkey serve\n";
	if (cli_help(argc, argv, usage))
		return 0;
	(void)cli;
	const char *from_path = NULL, *to_uri = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--from") && i + 1 < argc)
			from_path = argv[++i];
		else if (!strcmp(argv[i], "--to") && i + 1 < argc)
			to_uri = argv[++i];
		else
			return cli_usage(usage);
	}
	if (!from_path || !to_uri)
		return cli_usage(usage);
	struct err e = { 0 };
	if (!store_is_pg_uri(to_uri)) {
		err_set(&e, ERR_INPUT, "--to must be a PostgreSQL URI (postgresql://…), not %s", to_uri);
		return cli_fail(&e);
	}
	char key[1100];
	const char *env = getenv("PROBITY_LOG_KEY");
	if (!env || !*env) {
		snprintf(key, sizeof key, "%s.logkey", from_path);
		setenv("PROBITY_LOG_KEY", key, 1);
	}
	struct store *from = NULL, *to = NULL;
	struct store_copy_report r = { 0 };
	struct verified v = { 0 };
	int rc = 1;
	double t0 = now_s();
	if (store_open(&from, from_path, &e) || store_open(&to, to_uri, &e)) {
		cli_fail(&e);
		goto out;
	}
	int64_t bad = 0, rows = 0;
	char msg[256] = "";
	int vr = alog_verify(from, &bad, &rows, msg, sizeof msg, &e);
	if (vr < 0) {
		cli_fail(&e);
		goto out;
	}
	if (vr) {
		fprintf(stderr, "probity: the source's access log does not verify at row %lld (%s): nothing was copied\n",
		        (long long)bad, msg);
		goto out;
	}
	int cr = store_copy(from, to, progress, verify_target, &v, &r, &e);
	if (r.n && (!cr || r.differ)) {
		printf("%-34s %12s %12s  %-16s  %-16s\n", "table", "rows before", "rows after", "checksum before",
		       "checksum after");
		int64_t total = 0;
		for (size_t i = 0; i < r.n; i++) {
			const struct store_copy_table *t = &r.t[i];
			int same = t->rows_from == t->rows_to && t->sum_from == t->sum_to;
			printf("%-34s %12lld %12lld  %016llx  %016llx%s\n", t->name, (long long)t->rows_from,
			       (long long)t->rows_to, (unsigned long long)t->sum_from, (unsigned long long)t->sum_to,
			       same ? "" : "  DIFFERENT");
			total += t->rows_to;
		}
		if (!cr)
			printf("migrated %zu tables, %lld rows, in %.1f s (copied %.1f s, keys and indexes made %.1f s, read "
			       "back and compared %.1f s); access log intact on the target: %lld rows\n", r.n,
			       (long long)total, now_s() - t0, r.secs_copy, r.secs_keys, r.secs_check, (long long)v.rows);
	}
	if (cr) {
		cli_fail(&e);
		goto out;
	}
	rc = 0;
out:
	store_close(to);
	store_close(from);
	store_copy_free(&r);
	return rc;
}
