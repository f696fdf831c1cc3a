/* cmd_config.c — probity config: the configuration file an ICT team edits
 * (show what is in force and where each value came from; check it before a
 * restart) and the policy settings kept in the database (list, get, set:
 * through domain/config.h, admin only, every read and change access-logged).
 * The keys of the file are listed once, here, with their checks. */
#include "cli/cli.h"
#include "core/conffile.h"
#include "domain/actor.h"
#include "domain/config.h"
#include "store/store.h"
#include "web/brand.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum kind { K_TEXT, K_PATH, K_DIR, K_PORT, K_COUNT, K_ADDR, K_ADDRS, K_URL, K_FORMAT, K_ONOFF, K_MATCH, K_COLOUR };

static const struct key {
	const char *name;
	enum kind kind;
	const char *def;
	const char *help;
} keys[] = {
	{ "database", K_TEXT, "./probity.db", "the database: a file path, or a URI (docs/postgresql.md)" },
	{ "log_key", K_PATH, "DATABASE.logkey", "the access log's key file (back it up apart from the database)" },
	{ "listen", K_ADDR, "127.0.0.1", "serve: the address to listen on (serve --bind)" },
	{ "port", K_PORT, "8080", "serve: the TCP port (serve --port)" },
	{ "threads", K_COUNT, "4", "serve: worker threads and database connections (serve --threads)" },
	{ "public_url", K_URL, "", "serve: the address users reach the site at (serve --public-url)" },
	{ "trusted_proxies", K_ADDRS, "",
	  "serve: addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated)" },
	{ "log_format", K_FORMAT, "json", "serve: request log lines on standard error, json or text" },
	{ "min_free_mb", K_COUNT, "512", "serve: /readyz fails when the database's disk has less free space" },
	{ "assets_root", K_DIR, "", "serve: read the web assets from this directory (development only)" },
	{ "backup_dir", K_DIR, "", "backup: where `probity backup` writes when given no file" },
	{ "backup_keep", K_COUNT, "14", "backup: how many backups in backup_dir to keep" },
	{ "oidc_issuer", K_URL, "", "sign-in: the identity provider's issuer URL (turns single sign-on on)" },
	{ "oidc_client_id", K_TEXT, "", "sign-in: Probity's client id at the provider" },
	{ "oidc_client_secret_file", K_PATH, "", "sign-in: a file holding the client secret (mode 0640, root:probity)" },
	{ "oidc_claim", K_TEXT, "preferred_username", "sign-in: the ID token claim naming the person" },
	{ "oidc_match", K_MATCH, "username", "sign-in: what the claim is matched to: username or staff_number" },
	{ "oidc_scopes", K_TEXT, "openid profile", "sign-in: the scopes asked for" },
	{ "local_login", K_ONOFF, "on", "sign-in: off turns passwords off, except for break_glass_user" },
	{ "break_glass_user", K_TEXT, "", "sign-in: the administrator who may still use a password" },
	{ "smtp_url", K_URL, "", "the mail relay (e.g. smtp://relay.force.example:25): used by notifications" },
	{ "mail_from", K_TEXT, "", "the sender address of e-mail: used by notifications" },
	{ "force_name", K_TEXT, "the database's force unit", "brand: the force's name in every page's header" },
	{ "brand_logo", K_PATH, "Probity's mark", "brand: the force's logo in the header, an .svg or .png file" },
	{ "brand_colour", K_COLOUR, "#24527a", "brand: the accent colour of the header and footer (#rrggbb)" },
	{ "feedback_url", K_TEXT, "/feedback", "the footer's feedback link (a web address or mailto:)" },
};
#define NKEYS (sizeof keys / sizeof keys[0])

static const struct key *find_key(const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int count_ok(const char *v, long lo, long hi)
{
	char *end;
	long n = strtol(v, &end, 10);
	return *v && !*end && n >= lo && n <= hi;
}

static int addr_ok(const char *v)
{
	unsigned char b[16];
	return inet_pton(AF_INET, v, b) == 1 || inet_pton(AF_INET6, v, b) == 1;
}

/* NULL when v is a good value for k, else what is wrong. */
static const char *bad_value(const struct key *k, const char *v)
{
	struct stat sb;
	switch (k->kind) {
	case K_TEXT:
	case K_PATH:
		return *v ? NULL : "is empty";
	case K_DIR:
		return stat(v, &sb) == 0 && S_ISDIR(sb.st_mode) ? NULL : "is not a directory";
	case K_PORT:
		return count_ok(v, 1, 65535) ? NULL : "is not a port number (1 to 65535)";
	case K_COUNT:
		return count_ok(v, 1, 1000000) ? NULL : "is not a whole number from 1 to 1000000";
	case K_ADDR:
		return addr_ok(v) || strcmp(v, "localhost") == 0 ? NULL : "is not an IPv4 or IPv6 address";
	case K_ADDRS: {
		char one[64];
		const char *p = v;
		while (*p) {
			size_t n = strcspn(p, ", ");
			if (n == 0 || n >= sizeof one)
				return n ? "has an address that is too long" : NULL;
			memcpy(one, p, n);
			one[n] = 0;
			if (!addr_ok(one))
				return "has something that is not an IPv4 or IPv6 address";
			p += n;
			p += strspn(p, ", ");
		}
		return NULL;
	}
	case K_URL:
		return strstr(v, "://") ? NULL : "is not a URL (scheme://host...)";
	case K_FORMAT:
		return strcmp(v, "json") == 0 || strcmp(v, "text") == 0 ? NULL : "must be json or text";
	case K_ONOFF:
		return strcmp(v, "on") == 0 || strcmp(v, "off") == 0 ? NULL : "must be on or off";
	case K_COLOUR:
		return brand_colour_valid(v) ? NULL : "is not a colour as #rrggbb";
	case K_MATCH:
		return strcmp(v, "username") == 0 || strcmp(v, "staff_number") == 0 ? NULL
		                                                                  : "must be username or staff_number";
	}
	return NULL;
}

/* Every problem of the file and the environment overrides, one line each on
 * stderr; the number of problems. */
static int check(void)
{
	int bad = 0;
	for (size_t i = 0; i < conf_count(); i++)
		if (!find_key(conf_key(i))) {
			fprintf(stderr, "%s: %s: not a configuration key (probity config --help lists them)\n",
			        conf_path(), conf_key(i));
			bad++;
		}
	for (size_t i = 0; i < NKEYS; i++) {
		const char *v = conf_get(keys[i].name), *why = v ? bad_value(&keys[i], v) : NULL;
		if (why) {
			char env[96];
			conf_env_name(keys[i].name, env, sizeof env);
			if (strcmp(conf_source(keys[i].name), "file") == 0)
				fprintf(stderr, "%s: %s = %s: %s\n", conf_path(), keys[i].name, v, why);
			else
				fprintf(stderr, "$%s = %s: %s\n", env, v, why);
			bad++;
		}
	}
	return bad;
}

static void show(struct cli *cli)
{
	printf("# configuration file: %s\n", conf_path()[0] ? conf_path() : "(none)");
	char shown[512];
	printf("# database in use: %s\n", store_display_name(cli->db, shown, sizeof shown));
	for (size_t i = 0; i < NKEYS; i++) {
		const char *v = conf_get(keys[i].name);
		if (v)
			printf("%s = %s\t# from the %s\n", keys[i].name, v, conf_source(keys[i].name));
		else
			printf("# %s = %s\t(default)\n", keys[i].name, keys[i].def);
	}
}

static void print_setting(void *ctx, const char *key, const char *value)
{
	int value_only = *(int *)ctx;
	if (value_only)
		printf("%s\n", value);
	else
		printf("%s = %s\n", key, value);
}

static int db_settings(struct cli *cli, const char *verb, int argc, char **argv)
{
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	struct err e = { 0 };
	int rc = 0, value_only = strcmp(verb, "get") == 0;
	if (strcmp(verb, "set") == 0)
		rc = config_update(st, &sys, argv[2], argv[3], &e);
	else
		rc = config_list(st, &sys, value_only ? argv[2] : NULL, print_setting, &value_only, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	if (strcmp(verb, "set") == 0)
		printf("%s = %s\n", argv[2], argv[3]);
	(void)argc;
	return 0;
}

static const char usage[] =
	"usage: probity [--config FILE] config show|check\n"
	"       probity [--db FILE] config list | get KEY | set KEY VALUE\n";

int cmd_config(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("%s\n"
		       "  show    the configuration in force: each key's value and where it came from\n"
		       "          (the file or the environment), or its default\n"
		       "  check   exit 1, naming each problem, when the file has an unknown key or a bad\n"
		       "          value (also in a $PROBITY_<KEY> override); run it before a restart\n"
		       "  list, get KEY, set KEY VALUE\n"
		       "          the policy settings kept in the database (session idle time, lockout,\n"
		       "          thresholds): set refuses an unknown key and a non-number where a number\n"
		       "          belongs; every read and change is written to the access log\n\n"
		       "The file is --config FILE, else $PROBITY_CONFIG, else " CONF_DEFAULT_PATH ":\n"
		       "`key = value` lines, # comments. $PROBITY_<KEY> (e.g. $PROBITY_PORT) overrides a key,\n"
		       "and a command's own option overrides both. Keys:\n\n",
		       usage);
		for (size_t i = 0; i < NKEYS; i++)
			printf("  %-24s %s (default: %s)\n", keys[i].name, keys[i].help, keys[i].def[0] ? keys[i].def : "none");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "show") == 0) {
		show(cli);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "check") == 0) {
		int bad = check();
		if (bad)
			return 1;
		printf("%s: ok\n", conf_path()[0] ? conf_path() : "no configuration file; environment");
		return 0;
	}
	if ((argc == 2 && strcmp(argv[1], "list") == 0) || (argc == 3 && strcmp(argv[1], "get") == 0) ||
	    (argc == 4 && strcmp(argv[1], "set") == 0))
		return db_settings(cli, argv[1], argc, argv);
	return cli_usage(usage);
}

const char *config_file_value(const char *key, const char *def, int *bad)
{
	const struct key *k = find_key(key);
	const char *v = conf_get(key);
	if (!v || !k)
		return def;
	const char *why = bad_value(k, v);
	if (why) {
		fprintf(stderr, "probity: configuration %s = %s: %s\n", key, v, why);
		*bad = 1;
		return def;
	}
	return v;
}
