/* cli.h — what every subcommand shares: its signature, the database path,
 * and small option helpers. Subcommands never prompt: input comes from
 * arguments and files ("-" for standard input when asked). */
#ifndef PROBITY_CLI_H
#define PROBITY_CLI_H

#include "core/err.h"

struct store;

struct cli {
	const char *db;   /* --db, else $PROBITY_DB, else ./probity.db */
	const char *prog; /* "probity" */
};

typedef int (*cmd_fn)(struct cli *cli, int argc, char **argv);

/* True when argv holds -h or --help. */
int cli_wants_help(int argc, char **argv);
/* Print "probity: msg" to stderr and return the exit status 1 (or 2 for
 * usage errors). */
int cli_fail(const struct err *e);
int cli_usage(const char *usage);
/* Open the database at cli->db, creating and migrating it as needed. */
int cli_open_store(struct cli *cli, struct store **st);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_token(struct cli *cli, int argc, char **argv);
int cmd_people(struct cli *cli, int argc, char **argv);
int cmd_gifts(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_verify_log(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_findings(struct cli *cli, int argc, char **argv);
int cmd_publish(struct cli *cli, int argc, char **argv);
int cmd_stopsearch(struct cli *cli, int argc, char **argv);

#endif
