/* cli.h — what every subcommand shares: its signature, the database path,
 * and small option helpers. Subcommands never prompt: input comes from
 * arguments and files ("-" for standard input when asked). */
#ifndef PROBITY_CLI_H
#define PROBITY_CLI_H

#include "core/err.h"

struct store;

struct cli {
	const char *db;   /* --db, else $PROBITY_DB, else the configuration's database, else ./probity.db */
	const char *prog; /* "probity" */
};

typedef int (*cmd_fn)(struct cli *cli, int argc, char **argv);

/* True when argv holds -h or --help. */
int cli_wants_help(int argc, char **argv);
/* The same, and then text is printed on standard output: a command starts
 * with `if (cli_help(argc, argv, usage)) return 0;`. */
int cli_help(int argc, char **argv, const char *text);
/* Print "probity: msg" to stderr and return the exit status 1 (or 2 for
 * usage errors). */
int cli_fail(const struct err *e);
int cli_usage(const char *usage);
/* Open the database at cli->db, creating and migrating it as needed. */
int cli_open_store(struct cli *cli, struct store **st);
struct actor;
/* Open it for work the command line does as the system actor (exports,
 * reports, the AIR round): libsodium ready, *sys filled. 0, or the exit
 * status 1 with the error on standard error. */
int cli_open_system(struct cli *cli, struct store **st, struct actor *sys);
struct buf;
/* Write b to path, or to standard output when path is NULL; 0, or nonzero with
 * ERR_IO "cannot write PATH" (or "standard output") in e. */
int cli_write_out(const char *path, const struct buf *b, struct err *e);
/* A CSV report run as the system actor (with extra_roles added): fn writes it
 * into csv (up to 256 MiB), then it goes to out (standard output when NULL).
 * The exit status: 0, or 1 with the error on standard error. */
typedef int (*cli_csv_fn)(struct store *st, const struct actor *sys, void *ctx, struct buf *csv, struct err *e);
int cli_system_csv(struct cli *cli, unsigned extra_roles, const char *out, cli_csv_fn fn, void *ctx);

/* The value of option name at argv[*i] ("--from X", moving *i on, or
 * "--from=X"), or NULL when argv[*i] is not that option. */
const char *cli_opt(int argc, char **argv, int *i, const char *name);

/* One option of a command, for cli_options: "NAME VALUE" or "NAME=VALUE"
 * into *value, or, with flag set, the word NAME alone setting *flag to 1. */
struct cli_option {
	const char *name;
	const char **value;
	int *flag;
};
/* Read argv[first..] against opts (ended by a NULL name; a later option
 * wins); a word that is not an option ("-" is not one) goes to *arg when
 * arg is given and *arg is still NULL. 0, or -1 for anything else: the
 * caller answers with cli_usage. */
int cli_options(int argc, char **argv, int first, const struct cli_option *opts, const char **arg);

/* One subcommand of a command, for cli_dispatch: argv[1] == name runs
 * fn(cli, argc, argv). */
struct cli_sub {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
};
/* A command made of subcommands: -h or --help prints usage (exit 0); else
 * the one subs (ended by a NULL name) names in argv[1], or the usage on
 * standard error (exit 2). */
int cli_dispatch(struct cli *cli, int argc, char **argv, const char *usage, const struct cli_sub *subs);

/* ---- CSV import commands ---- */
struct import_stats;
/* `[--dry-run] FILE` from argv[first] on ("-" is a file name: standard
 * input): 0 with *path and *dry set, or the usage printed and the exit
 * status 2. */
int cli_import_args(int argc, char **argv, int first, const char *usage, const char **path, int *dry);
/* Print a failed import's error and "nothing was imported" on standard
 * error; returns the exit status 1. */
int cli_import_failed(const struct err *e);
/* Print "[dry run: ]PATH: N rows, N created, N updated, N unchanged"
 * (flags as below). */
void cli_import_summary(const char *path, const struct import_stats *s, int dry, int flags);
/* A domain import: all or nothing, dry_run writes nothing (people_import, gifts_import, ...). */
typedef int (*cli_import_fn)(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e);
/* The same with the command's own argument (an import kind, a column mapping). */
typedef int (*cli_import_arg_fn)(void *arg, struct store *st, const char *path, int dry_run, struct import_stats *s,
                                 struct err *e);
/* Flags: CLI_IMPORT_NO_UPDATED leaves "N updated" out of the summary (imports
 * that never update a row). */
enum { CLI_IMPORT_NO_UPDATED = 1 };
/* `probity [--db FILE] NOUN import [--dry-run] FILE`: prints usage for --help
 * (exit 0) or for bad arguments (exit 2), else runs cli_import_file. */
int cli_run_import(struct cli *cli, int argc, char **argv, const char *usage, cli_import_fn fn, int flags);
/* Open the store, run fn(arg, ...) on path and print
 * "[dry run: ]PATH: N rows, N created, N updated, N unchanged", or the error
 * and "nothing was imported" on standard error (exit 1). */
int cli_import_file(struct cli *cli, const char *path, int dry, cli_import_arg_fn fn, void *arg, int flags);
/* An import that acts as someone (the register's administering role):
 * `NOUN import [--as USERNAME] [--dry-run] FILE` runs fn as that account,
 * or as the system actor (the operator holding the database) without --as. */
typedef int (*cli_import_as_fn)(struct store *st, const struct actor *who, const char *path, int dry_run,
                                struct import_stats *s, struct err *e);
int cli_run_import_as(struct cli *cli, int argc, char **argv, const char *usage, cli_import_as_fn fn);
/* The closing paragraph of such a command's usage: who may import, --as, all or nothing. */
#define CLI_IMPORT_AS_HELP                                                                                    \
	"Only Professional Standards can import: --as names the PSD account the import is done\n"             \
	"and logged as; without it the command acts as the system (the operator of the\n"                     \
	"database). All or nothing: a bad row rejects the whole file, naming its line (the\n"                 \
	"header is line 1) and column, and nothing is written. Re-importing an export changes\n"              \
	"nothing; a row without a reference is added once however often the file is imported.\n"              \
	"--dry-run checks the file and reports what would change without writing.\n"

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_migrate(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_token(struct cli *cli, int argc, char **argv);
int cmd_people(struct cli *cli, int argc, char **argv);
int cmd_gifts(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_verify_log(struct cli *cli, int argc, char **argv);
int cmd_log(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_findings(struct cli *cli, int argc, char **argv);
int cmd_publish(struct cli *cli, int argc, char **argv);
int cmd_stopsearch(struct cli *cli, int argc, char **argv);
int cmd_useofforce(struct cli *cli, int argc, char **argv);
int cmd_intel(struct cli *cli, int argc, char **argv);
int cmd_training(struct cli *cli, int argc, char **argv);
int cmd_risk(struct cli *cli, int argc, char **argv);
int cmd_complaints(struct cli *cli, int argc, char **argv);
int cmd_notify(struct cli *cli, int argc, char **argv);
int cmd_ethics(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
/* The configuration's value of key (cmd_config.c checks it), else def; a
 * bad value is reported on stderr and sets *bad. */
const char *config_file_value(const char *key, const char *def, int *bad);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_retention(struct cli *cli, int argc, char **argv);
int cmd_associations(struct cli *cli, int argc, char **argv);
int cmd_circumstances(struct cli *cli, int argc, char **argv);

#endif
