/* main.c — the whole command surface of probity at a glance. */
#include "cli/cli.h"
#include "cli/cmd_air.h"
#include "cli/cmd_vetting.h"
#include "cli/cmd_interests.h"
#include "core/conffile.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct command {
	const char *name;
	cmd_fn fn;
	const char *help;
};

static const struct command commands[] = {
	{ "init",       cmd_init,       "create or upgrade the database" },
	{ "demo",       cmd_demo,       "fill the database with a fictional demo force" },
	{ "serve",      cmd_serve,      "start the web server (default port 8080)" },
	{ "user",       cmd_user,       "manage accounts: add, passwd, role, disable, enable, list" },
	{ "token",      cmd_token,      "create an API token for a user" },
	{ "people",     cmd_people,     "import the HR feed of people" },
	{ "gifts",      cmd_gifts,      "import the force's gifts and hospitality register" },
	{ "export",     cmd_export,     "export the gifts and hospitality register as CSV or XLSX" },
	{ "verify-log", cmd_verify_log, "check the access log's keyed chain (and --anchor FILE)" },
	{ "log",        cmd_log,        "the access log: anchor (print its head to keep elsewhere)" },
	{ "audit",      cmd_audit,      "ICT audit monitoring: scan or ingest audit logs, reference data, alerts" },
	{ "findings",   cmd_findings,   "import inspection findings (recommendations, areas for improvement)" },
	{ "air",        cmd_air,        "Annual Integrity Review: open a round, show its progress" },
	{ "publish",    cmd_publish,    "write the public transparency site (static HTML and CSV)" },
	{ "interests",  cmd_interests,  "import an existing business interests register" },
	{ "procurement", cmd_procurement, "import contract lists; cross-check suppliers against gifts and interests" },
	{ "vetting",    cmd_vetting,    "vetting: import past applications, the disproportionality table" },
	{ "complaints", cmd_complaints, "complaints and conduct: import cases, the IOPC bulletin measures, bank holidays" },
	{ "stopsearch", cmd_stopsearch, "stop and search fairness: import, populations, the disproportionality report" },
	{ "notify",     cmd_notify,     "notifications: run (queue and send the e-mail digests), list what needs someone" },
	{ "intel",      cmd_intel,      "import the force's existing corruption-intelligence register" },
	{ "risk",       cmd_risk,       "the tactical risk picture as CSV; change the risk indicators" },
	{ "ethics",     cmd_ethics,     "the ethics panel: measures of impact as CSV, panel membership" },
	{ "config",     cmd_config,     "the configuration file (show, check) and the settings in the database (list, get, set)" },
	{ "backup",     cmd_backup,     "take a checked copy of the database while it serves; --verify a copy" },
	{ "retention",  cmd_retention,  "retention rules: report what is due for deletion, apply them" },
	{ "restore",    cmd_restore,    "restore a backup into a database not in use, and verify it" },
	{ "training",   cmd_training,   "training and policies: import courses, policies, completions; compliance CSV" },
	{ "migrate",    cmd_migrate,    "move a force from its SQLite file to PostgreSQL, checked table by table" },
	{ "useofforce", cmd_useofforce, "use of force fairness: import records and the Home Office table, the report" },
	{ "associations", cmd_associations, "import the notifiable associations register (its own export reads back)" },
	{ "circumstances", cmd_circumstances, "import declared changes of circumstances (its own export reads back)" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: probity [--config FILE] [--db FILE|URI] COMMAND [ARGS]\n\n"
	           "Probity: integrity and oversight for a police force.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nThe configuration file is --config FILE, else $PROBITY_CONFIG, else " CONF_DEFAULT_PATH "\n"
	           "(when it exists); $PROBITY_<KEY> overrides its key (see probity config --help).\n"
	           "The database is --db FILE (SQLite) or --db postgresql://USER@HOST/DBNAME,\n"
	           "else $PROBITY_DB, else the configuration's database, else ./probity.db.\n"
	           "The access log key is --log-key FILE, else $PROBITY_LOG_KEY, else DB.logkey.\n"
	           "Every command takes --help.\n");
}

/* Remove --db FILE / --db=FILE (and --log-key FILE, --config FILE) from
 * anywhere in argv; load the configuration file. NULL when the file named
 * by --config or $PROBITY_CONFIG cannot be read (a missing default is fine). */
static const char *take_db(int *argc, char **argv)
{
	const char *db = NULL, *config = NULL;
	int j = 0;
	for (int i = 0; i < *argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < *argc) {
			config = argv[++i];
			continue;
		}
		if (strcmp(argv[i], "--db") == 0 && i + 1 < *argc) {
			db = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--db=", 5) == 0) {
			db = argv[i] + 5;
			continue;
		}
		if (strcmp(argv[i], "--log-key") == 0 && i + 1 < *argc) { /* read by domain/accesslog.c */
			setenv("PROBITY_LOG_KEY", argv[++i], 1);
			continue;
		}
		argv[j++] = argv[i];
	}
	*argc = j;
	argv[j] = NULL;
	if (!config)
		config = getenv("PROBITY_CONFIG");
	struct err e = { 0 };
	if (config && *config ? conffile_load(config, &e)
	                      : access(CONF_DEFAULT_PATH, F_OK) == 0 && conffile_load(CONF_DEFAULT_PATH, &e)) {
		cli_fail(&e);
		return NULL;
	}
	if (!getenv("PROBITY_LOG_KEY") && conf_get("log_key")) /* read by domain/accesslog.c */
		setenv("PROBITY_LOG_KEY", conf_get("log_key"), 1);
	if (!db)
		db = getenv("PROBITY_DB");
	if (!db || !*db)
		db = conf_get("database");
	return db && *db ? db : "probity.db";
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	cli.prog = "probity";
	cli.db = take_db(&argc, argv);
	if (!cli.db)
		return 1;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("probity 0.1\n");
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(&cli, argc - 1, argv + 1);
	fprintf(stderr, "probity: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
