/* cmd_serve.c — probity serve: the web server. */
#include "cli/cli.h"
#include "core/date.h"
#include "domain/auth.h"
#include "domain/config.h"
#include "domain/notify_mail.h"
#include "store/store.h"
#include "domain/oidc.h"
#include "web/http.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static const char usage[] =
	"usage: probity [--db FILE] serve [--port N] [--bind ADDR] [--threads N] [--assets-root DIR]\n"
	"                                 [--public-url URL] [--secure-cookies] [--quiet]\n"
	"                                 [--max-conns N] [--max-conns-per-ip N] [--conn-timeout S]\n"
	"                                 [--max-anon-bodies N] [--trusted-proxies A,B] [--log-format json|text]\n"
	"                                 [--smtp-url URL] [--mail-from ADDRESS]\n";

/* The e-mail sender beside the server: a child process (forked before the
 * server's own processes and threads exist) that runs what `probity notify
 * run` does every notify.run_minutes, and dies with the server. */
static void notify_loop(const char *db, const struct notify_settings *cfg)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	signal(SIGINT, SIG_IGN);   /* Ctrl-C stops the server, which takes this with it */
	for (;;) {
		struct store *st;
		struct err e = { 0 };
		long minutes = 15;
		if (getppid() == 1)
			_exit(0);
		if (store_open(&st, db, &e) == 0) {
			char today[11];
			long queued = 0;
			struct notify_send_stats s = { 0 };
			date_today(today);
			if (notify_queue(st, cfg, today, &queued, &e) || notify_send(st, cfg, &s, &e))
				fprintf(stderr, "probity: notify: %s\n", e.msg);
			else if (queued || s.sent || s.retry || s.failed)
				fprintf(stderr, "probity: notify: queued %ld, sent %ld, to retry %ld, failed %ld\n", queued, s.sent,
				        s.retry, s.failed);
			minutes = (long)config_int(st, "notify.run_minutes", 15);
			store_close(st);
		} else
			fprintf(stderr, "probity: notify: %s\n", e.msg);
		if (minutes < 1 || minutes > 1440)
			minutes = 15;
		sleep((unsigned)(minutes * 60));
	}
}

static int int_arg(const char *name, const char *v, int lo, int hi, int *out)
{
	char *end;
	long n = v ? strtol(v, &end, 10) : 0;
	if (!v || !*v || *end || n < lo || n > hi) {
		fprintf(stderr, "probity serve: %s must be a number from %d to %d\n", name, lo, hi);
		return -1;
	}
	*out = (int)n;
	return 0;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("%s\n"
		       "Start the web server on the database and print the address it listens on.\n"
		       "It runs until stopped with Ctrl-C or SIGTERM; a worker process that exits for\n"
		       "any other reason (a crash, a signal of its own) is restarted at once.\n\n"
		       "  --port N           TCP port (default 8080; 0 picks a free one)\n"
		       "  --bind ADDR        address to listen on (default 127.0.0.1; 0.0.0.0 for all)\n"
		       "  --threads N        worker threads and database connections (default 4)\n"
		       "  --max-conns N      open connections in all (default 4096; kept below the\n"
		       "                     process's descriptor limit)\n"
		       "  --max-conns-per-ip N  open connections from one address (default 64; 0: no\n"
		       "                     limit). Behind a reverse proxy or an office NAT every user\n"
		       "                     shares one address: raise it, or limit at the proxy\n"
		       "  --conn-timeout S   close a connection idle for S seconds (default 15; 0: never)\n"
		       "  --max-anon-bodies N  requests not signed in (the sign-in form) whose body is\n"
		       "                     read at once (default 64; 0: no limit); more get 503\n"
		       "  --assets-root DIR  read the web assets from DIR/node_modules/govuk-frontend and\n"
		       "                     DIR/assets/ (development; default: the copies compiled in)\n"
		       "  --public-url URL   the address users reach the site at (e.g. https://probity.example);\n"
		       "                     sign-in accepts only forms posted from it, and an https URL\n"
		       "                     turns on --secure-cookies and HSTS\n"
		       "  --secure-cookies   mark cookies Secure and send HSTS (when served over HTTPS)\n"
		       "  --trusted-proxies A,B  reverse proxies' addresses: from them the client address\n"
		       "                     is taken from X-Forwarded-For (default: none, the peer's)\n"
		       "  --log-format F     request log lines on standard error: json (default) or text\n"
		       "  --quiet            no per-request log line on standard error\n"
		       "  --smtp-url URL     send the e-mail digests through this relay (or $PROBITY_SMTP_URL):\n"
		       "                     a background process runs `probity notify run` every\n"
		       "                     notify.run_minutes (default 15); without a relay, none runs\n"
		       "  --mail-from ADDR   the digests' sender (or $PROBITY_MAIL_FROM)\n\n"
		       "Every option but --quiet can also be set in the configuration file (probity config\n"
		       "--help): listen, port, threads, public_url, trusted_proxies, log_format,\n"
		       "min_free_mb (GET /readyz fails under it), assets_root.\n",
		       usage);
		return 0;
	}
	struct serve_options o = { .db = cli->db, .bind = "127.0.0.1", .port = 8080, .threads = 4, .assets_root = NULL,
	                           .max_conns = 4096, .max_conns_per_ip = 64, .conn_timeout = 15,
	                           .max_anon_bodies = 64 };
	const struct {
		const char *name;
		int lo, hi;
		int *out;
	} limits[] = {
		{ "--max-conns", 16, 1000000, &o.max_conns },
		{ "--max-conns-per-ip", 0, 1000000, &o.max_conns_per_ip },
		{ "--conn-timeout", 0, 86400, &o.conn_timeout },
		{ "--max-anon-bodies", 0, 1000000, &o.max_anon_bodies },
	};
	const char *smtp_url = NULL, *mail_from = NULL;
	/* the configuration file's keys first; options override them */
	int bad = 0;
	o.bind = config_file_value("listen", o.bind, &bad);
	o.port = atoi(config_file_value("port", "8080", &bad));
	o.threads = atoi(config_file_value("threads", "4", &bad));
	o.assets_root = config_file_value("assets_root", NULL, &bad);
	web_cfg.public_url = config_file_value("public_url", NULL, &bad);
	if (web_cfg.public_url && strncmp(web_cfg.public_url, "https://", 8) != 0 &&
	    strncmp(web_cfg.public_url, "http://", 7) != 0) {
		fprintf(stderr, "probity serve: public_url must start with https:// or http://\n");
		bad = 1;
	}
	web_cfg.secure_cookies = web_cfg.public_url && strncmp(web_cfg.public_url, "https://", 8) == 0;
	web_cfg.trusted_proxies = config_file_value("trusted_proxies", NULL, &bad);
	web_cfg.log_text = strcmp(config_file_value("log_format", "json", &bad), "text") == 0;
	web_cfg.min_free_mb = atoi(config_file_value("min_free_mb", "512", &bad));
	if (bad)
		return 2;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		size_t l = 0;
		while (l < sizeof limits / sizeof limits[0] && strcmp(a, limits[l].name) != 0)
			l++;
		if (l < sizeof limits / sizeof limits[0]) {
			if (int_arg(a, v, limits[l].lo, limits[l].hi, limits[l].out))
				return 2;
			i++;
		} else if (strcmp(a, "--port") == 0) {
			if (int_arg("--port", v, 0, 65535, &o.port))
				return 2;
			i++;
		} else if (strcmp(a, "--threads") == 0) {
			if (int_arg("--threads", v, 1, 64, &o.threads))
				return 2;
			i++;
		} else if (strcmp(a, "--bind") == 0 && v) {
			o.bind = v;
			i++;
		} else if (strcmp(a, "--assets-root") == 0 && v) {
			o.assets_root = v;
			i++;
		} else if (strcmp(a, "--public-url") == 0 && v) {
			if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0) {
				fprintf(stderr, "probity serve: --public-url must start with https:// or http://\n");
				return 2;
			}
			web_cfg.public_url = v;
			web_cfg.secure_cookies |= strncmp(v, "https://", 8) == 0;
			i++;
		} else if (strcmp(a, "--secure-cookies") == 0) {
			web_cfg.secure_cookies = 1;
		} else if (strcmp(a, "--trusted-proxies") == 0 && v) {
			web_cfg.trusted_proxies = v;
			i++;
		} else if (strcmp(a, "--log-format") == 0 && v && (strcmp(v, "json") == 0 || strcmp(v, "text") == 0)) {
			web_cfg.log_text = strcmp(v, "text") == 0;
			i++;
		} else if (strcmp(a, "--quiet") == 0) {
			web_cfg.quiet = 1;
		} else if (strcmp(a, "--smtp-url") == 0 && v) {
			smtp_url = v;
			i++;
		} else if (strcmp(a, "--mail-from") == 0 && v) {
			mail_from = v;
			i++;
		} else {
			fprintf(stderr, "probity serve: unknown option '%s'\n", a);
			return cli_usage(usage);
		}
	}
	if (auth_init()) {
		fprintf(stderr, "probity: cannot initialise libsodium\n");
		return 1;
	}
	struct notify_settings ncfg;
	notify_settings_load(&ncfg, smtp_url, mail_from, web_cfg.public_url, config_file_value("smtp_url", NULL, &bad),
	                     config_file_value("mail_from", NULL, &bad));
	if (bad)
		return 2;
	if (ncfg.smtp_url[0] && ncfg.mail_from[0]) {
		fflush(stdout);
		fflush(stderr);
		pid_t pid = fork();
		if (pid == 0) {
			notify_loop(o.db, &ncfg);
			_exit(0);
		}
		if (pid < 0)
			perror("probity: cannot start the e-mail sender");
	}
	struct err e = { 0 };
	if (oidc_init(&e))
		return cli_fail(&e);
	if (oidc_enabled() && !web_cfg.public_url) {
		fprintf(stderr, "probity serve: sign-in with oidc_issuer needs public_url (the callback's address)\n");
		return 2;
	}
	if (web_serve(&o, &e))
		return cli_fail(&e);
	return 0;
}
