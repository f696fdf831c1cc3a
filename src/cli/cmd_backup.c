/* cmd_backup.c — probity backup and probity restore (domain/backup.h):
 * the copy an ICT team's daily timer takes while the server runs, checked
 * and described by a manifest, and the way back. */
#include "cli/cli.h"
#include "core/conffile.h"
#include "domain/actor.h"
#include "domain/auth.h"
#include "domain/backup.h"
#include "store/store.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char backup_usage[] =
	"usage: probity [--db FILE] backup [FILE]\n"
	"       probity [--db FILE] backup --verify FILE\n";

/* The chain of a copy is checked with the key of the database it came
 * from, which lives beside that database (not beside the copy). */
static void use_db_key(const struct cli *cli)
{
	if (!getenv("PROBITY_LOG_KEY")) {
		char key[1100];
		snprintf(key, sizeof key, "%s.logkey", cli->db);
		setenv("PROBITY_LOG_KEY", key, 1);
	}
}

static void print_info(const char *what, const char *path, const struct backup_info *b)
{
	printf("%s %s: %d tables, %lld rows, access log %lld rows checked (head %lld), schema %d, %lld bytes, "
	       "sha256 %s\n",
	       what, path, b->tables, (long long)b->rows, (long long)b->log_rows, (long long)b->log_seq,
	       b->schema_version, (long long)b->bytes, b->sha256);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keep the newest keep backups named probity-*.db in dir (names sort by
 * time); remove older ones with their manifests. */
static void prune(const char *dir, int keep)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	char *names[4096];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < sizeof names / sizeof names[0]) {
		size_t l = strlen(de->d_name);
		if (strncmp(de->d_name, "probity-", 8) == 0 && l > 11 && strcmp(de->d_name + l - 3, ".db") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (names[i] && i + (size_t)keep < n) {
			char p[2048];
			snprintf(p, sizeof p, "%s/%s", dir, names[i]);
			if (unlink(p) == 0)
				printf("removed old backup %s\n", p);
			snprintf(p, sizeof p, "%s/%s.manifest", dir, names[i]);
			unlink(p);
		}
		free(names[i]);
	}
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("%s\n"
		       "Copy the database to FILE while the server runs (one consistent snapshot; writers\n"
		       "are not stopped), check the copy (integrity, the access log's keyed chain) and write\n"
		       "FILE.manifest: the copy's SHA-256, every table's row count, the access log's head.\n"
		       "Without FILE the copy goes to the configuration's backup_dir as\n"
		       "probity-YYYYMMDDTHHMMSSZ.db, and only the newest backup_keep (default 14) are kept.\n"
		       "A backup never overwrites a file. Taking one is written to the access log.\n\n"
		       "  --verify FILE   check FILE against FILE.manifest without restoring: checksum,\n"
		       "                  integrity, table counts, the access log's head and chain\n\n"
		       "The access log key is not in the copy: keep DB.logkey (or --log-key FILE) backed up\n"
		       "apart; checking a copy's chain needs it. PostgreSQL: see docs/postgresql.md.\n",
		       backup_usage);
		return 0;
	}
	use_db_key(cli);
	struct err e = { 0 };
	struct backup_info b;
	if (argc == 3 && strcmp(argv[1], "--verify") == 0) {
		if (auth_init())
			return cli_fail(&(struct err){ ERR_INTERNAL, "", "cannot initialise libsodium" });
		if (backup_verify(argv[2], &b, &e))
			return cli_fail(&e);
		print_info("verified", argv[2], &b);
		return 0;
	}
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return cli_usage(backup_usage);
	char path[2048];
	const char *dir = conf_get("backup_dir");
	if (argc == 2) {
		snprintf(path, sizeof path, "%s", argv[1]);
	} else if (dir && *dir) {
		char stamp[32];
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
		snprintf(path, sizeof path, "%s/probity-%s.db", dir, stamp);
	} else {
		fprintf(stderr, "probity backup: name the FILE, or set backup_dir in the configuration\n");
		return cli_usage(backup_usage);
	}
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	int rc = backup_take(st, &sys, path, &b, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	print_info("backed up to", path, &b);
	if (argc == 1) {
		const char *keep = conf_get("backup_keep");
		int k = keep ? atoi(keep) : 14;
		prune(dir, k > 0 ? k : 14);
	}
	return 0;
}

static const char restore_usage[] = "usage: probity [--db FILE] restore [--force] BACKUP\n";

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("%s\n"
		       "Make BACKUP (taken by probity backup) the database: check it against its manifest\n"
		       "first, refuse while a probity serve holds the database, put the copy in place, open it\n"
		       "(applying any newer migrations), check it again, and write the restore to its access\n"
		       "log. The database's log key (DB.logkey or --log-key FILE) must be in place: the copy's\n"
		       "chain is checked with it before anything is replaced.\n\n"
		       "  --force   replace an existing database (not in use); without it, refused\n",
		       restore_usage);
		return 0;
	}
	int force = 0;
	const char *from = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = 1;
		else if (!from && argv[i][0] != '-')
			from = argv[i];
		else
			return cli_usage(restore_usage);
	}
	if (!from)
		return cli_usage(restore_usage);
	use_db_key(cli);
	if (auth_init())
		return cli_fail(&(struct err){ ERR_INTERNAL, "", "cannot initialise libsodium" });
	struct err e = { 0 };
	struct backup_info b;
	if (backup_restore(from, cli->db, force, &b, &e))
		return cli_fail(&e);
	print_info("restored", cli->db, &b);
	printf("from %s\n", from);
	return 0;
}
