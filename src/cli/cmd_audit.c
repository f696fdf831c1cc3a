/* cmd_audit.c — probity audit: ICT audit monitoring from the command line.
 * Only argument handling lives here; the engine is src/audit/. */
#include "audit/scan.h"
#include "cli/cli.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char audit_usage[] =
	"usage: probity audit scan DIR [-o FILE] [--explain FILE] [--rejects FILE] [-q]\n";

static const char scan_help[] =
	"usage: probity audit scan DIR [-o FILE] [--explain FILE] [--rejects FILE] [-q]\n"
	"\n"
	"Check an audit log export against rules R1-R6 (docs/audit.md) in one pass.\n"
	"DIR holds events.csv (in time order) and the reference files staff.csv,\n"
	"associations.csv, vulnerable.csv, watchlist.csv and assignments.csv.\n"
	"No database is used.\n"
	"\n"
	"  -o, --output FILE   write the alerts to FILE (default DIR/alerts.csv;\n"
	"                      - for standard output)\n"
	"  --explain FILE      also write, for each alert, the events behind it (CSV)\n"
	"  --rejects FILE      copy bad event lines to FILE and go on; without it the\n"
	"                      first bad line stops the scan and nothing is written\n"
	"  -q, --quiet         no progress report on stderr\n"
	"  -h, --help          this help\n"
	"\n"
	"Exit status: 0 scan complete, no line rejected; 1 error (nothing written);\n"
	"2 usage error; 3 scan complete but some event lines were rejected.\n";

/* --name VALUE or --name=VALUE (also -o VALUE when short is set). */
static int opt_value(int argc, char **argv, int *i, const char *name, const char *shrt, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strcmp(a, name) == 0 || (shrt && strcmp(a, shrt) == 0)) {
		if (*i + 1 >= argc || argv[*i + 1][0] == 0) {
			fprintf(stderr, "probity audit scan: %s needs a file name\n", a);
			return -1;
		}
		*val = argv[++*i];
		return 1;
	}
	if (strncmp(a, name, n) == 0 && a[n] == '=') {
		if (!a[n + 1]) {
			fprintf(stderr, "probity audit scan: %s needs a file name\n", name);
			return -1;
		}
		*val = a + n + 1;
		return 1;
	}
	return 0;
}

static int cmd_audit_scan(int argc, char **argv)
{
	struct audit_scan_opts o = { 0 };
	int nopt = 0;
	if (cli_wants_help(argc, argv)) {
		fputs(scan_help, stdout);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int r;
		if (!nopt && strcmp(a, "--") == 0) {
			nopt = 1;
			continue;
		}
		if (!nopt && a[0] == '-' && a[1]) {
			if ((r = opt_value(argc, argv, &i, "--output", "-o", &o.out)) ||
			    (r = opt_value(argc, argv, &i, "--explain", NULL, &o.explain)) ||
			    (r = opt_value(argc, argv, &i, "--rejects", NULL, &o.rejects))) {
				if (r < 0)
					return cli_usage(audit_usage);
				continue;
			}
			if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
				o.quiet = 1;
				continue;
			}
			fprintf(stderr, "probity audit scan: unknown option '%s'\n", a);
			return cli_usage(audit_usage);
		}
		if (o.dir) {
			fprintf(stderr, "probity audit scan: one directory only (got '%s' and '%s')\n", o.dir, a);
			return cli_usage(audit_usage);
		}
		o.dir = a;
	}
	if (!o.dir) {
		fprintf(stderr, "probity audit scan: which directory? (it holds events.csv and the reference files)\n");
		return cli_usage(audit_usage);
	}
	struct stat st;
	if (stat(o.dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "probity: %s: not a directory\n", o.dir);
		return 1;
	}
	const char *files[3] = { o.out, o.explain, o.rejects };
	for (int i = 0; i < 3; i++)
		for (int j = i + 1; j < 3; j++)
			if (files[i] && files[j] && strcmp(files[i], files[j]) == 0) {
				fprintf(stderr, "probity audit scan: %s is named for two outputs\n", files[i]);
				return cli_usage(audit_usage);
			}
	o.log = stderr;
	struct audit_scan_result res;
	struct err e = { 0 };
	if (audit_scan(&o, &res, &e))
		return cli_fail(&e);
	if (res.rejected) {
		fprintf(stderr, "probity: %llu line%s of %s/events.csv rejected, copied to %s\n",
		        (unsigned long long)res.rejected, res.rejected == 1 ? "" : "s", o.dir, o.rejects);
		return 3;
	}
	return 0;
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		printf("usage: probity audit scan DIR [options]\n\n"
		       "ICT audit monitoring: check force systems' audit logs for misuse.\n\n"
		       "  scan DIR   one pass over DIR/events.csv and the reference files,\n"
		       "             writing the alerts (see probity audit scan --help)\n");
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "scan") == 0)
		return cmd_audit_scan(argc - 1, argv + 1);
	fprintf(stderr, "probity audit: unknown subcommand '%s'\n", argv[1]);
	return cli_usage(audit_usage);
}
