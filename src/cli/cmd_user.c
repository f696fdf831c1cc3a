/* cmd_user.c — probity user add|passwd|role|disable|enable|list: account
 * administration from the command line. Passwords come from a file or
 * standard input (--password-file -), never from a prompt or argv. */
#include "cli/cli.h"
#include "domain/actor.h"
#include "domain/auth.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: probity [--db FILE] user add USERNAME --password-file FILE [--staff-number N] [--role ROLE]...\n"
	"       probity [--db FILE] user passwd USERNAME --password-file FILE\n"
	"       probity [--db FILE] user role USERNAME [+]ROLE|-ROLE...\n"
	"       probity [--db FILE] user disable|enable USERNAME\n"
	"       probity [--db FILE] user list\n\n"
	"Manage accounts on the host: the break-glass path. Every change is written to\n"
	"the access log marked break-glass; on the web, a sensitive role waits for a\n"
	"second administrator and nobody changes their own roles.\n"
	"Passwords have at least 12 characters and are not common passwords; a\n"
	"staff number has at most one account. A password change, a role change or\n"
	"disabling revokes the account's API tokens (see probity token).\n"
	"--password-file - reads the password from standard input\n"
	"(its first line). Roles: staff psd acu vetting reviewer dcc governance\n"
	"ethics_panel scrutiny pcc admin (line managers are derived from the HR feed).\n";

/* Read the first line of path ("-" = stdin) into out. */
static int read_password(const char *path, char *out, size_t n, struct err *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f)
		return err_set(e, ERR_IO, "cannot read password file %s", path);
	if (!fgets(out, (int)n, f)) {
		out[0] = 0;
	}
	if (f != stdin)
		fclose(f);
	out[strcspn(out, "\r\n")] = 0;
	if (!out[0])
		return err_set(e, ERR_INPUT, "password file %s is empty", path);
	return 0;
}

static int role_arg(const char *s, unsigned *bit, struct err *e)
{
	*bit = role_parse(s);
	if (!*bit || *bit == ROLE_MANAGER)
		return err_set(e, ERR_INPUT, "unknown role '%s'", s);
	return 0;
}

static int user_add(struct store *st, int argc, char **argv, struct err *e)
{
	const char *pwfile = NULL, *staff = NULL, *name = NULL;
	unsigned roles = 0, bit;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--password-file") == 0 && i + 1 < argc)
			pwfile = argv[++i];
		else if (strcmp(argv[i], "--staff-number") == 0 && i + 1 < argc)
			staff = argv[++i];
		else if (strcmp(argv[i], "--role") == 0 && i + 1 < argc) {
			if (role_arg(argv[++i], &bit, e))
				return -1;
			roles |= bit;
		} else if (argv[i][0] != '-' && !name)
			name = argv[i];
		else
			return err_set(e, ERR_INPUT, "unexpected argument '%s'\n%s", argv[i], usage);
	}
	if (!name || !pwfile)
		return err_set(e, ERR_INPUT, "user add needs USERNAME and --password-file\n%s", usage);
	char pw[PASSWORD_MAX + 2];
	if (read_password(pwfile, pw, sizeof pw, e))
		return -1;
	if (account_add(st, name, pw, staff, roles, NULL, e))
		return -1;
	printf("account %s created\n", name);
	return 0;
}

static int list_row(void *ctx, const struct account_info *a)
{
	char roles[256] = "";
	size_t used = 0;
	(void)ctx;
	for (unsigned bit = 1; bit < (1u << ROLE_COUNT); bit <<= 1)
		if ((a->roles & bit) && used < sizeof roles)
			used += (size_t)snprintf(roles + used, sizeof roles - used, "%s%s", used ? " " : "", role_name(bit));
	printf("%-20s %-8s %-10s %-30s %s\n", a->username, a->disabled ? "disabled" : "active", a->staff_number, a->name,
	       roles);
	return 0;
}

/* Every account, a page at a time through the domain's listing. */
static int user_list(struct store *st, struct err *e)
{
	long total = 0;
	printf("%-20s %-8s %-10s %-30s %s\n", "username", "status", "staff_no", "name", "roles");
	for (int page = 1;; page++) {
		if (accounts_list(st, NULL, page, 200, list_row, NULL, &total, e))
			return -1;
		if ((long)page * 200 >= total)
			return 0;
	}
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv) || argc < 2) {
		printf("%s", usage);
		return argc < 2 ? 2 : 0;
	}
	const char *sub = argv[1];
	struct err e = { 0 };
	struct store *st;
	if (auth_init())
		return cli_fail(&(struct err){ ERR_INTERNAL, "", "libsodium failed to initialise" });
	if (cli_open_store(cli, &st))
		return 1;
	int rc = -1;
	if (strcmp(sub, "add") == 0) {
		rc = user_add(st, argc - 1, argv + 1, &e);
	} else if (strcmp(sub, "list") == 0) {
		rc = user_list(st, &e);
	} else if (strcmp(sub, "passwd") == 0) {
		if (argc != 5 || strcmp(argv[3], "--password-file") != 0) {
			rc = err_set(&e, ERR_INPUT, "usage: probity user passwd USERNAME --password-file FILE");
		} else {
			char pw[PASSWORD_MAX + 2];
			rc = read_password(argv[4], pw, sizeof pw, &e) || account_set_password(st, argv[2], pw, &e);
			if (!rc)
				printf("password for %s changed; their sessions were ended\n", argv[2]);
		}
	} else if (strcmp(sub, "role") == 0) {
		if (argc < 4) {
			rc = err_set(&e, ERR_INPUT, "usage: probity user role USERNAME [+]ROLE|-ROLE...");
		} else {
			rc = 0;
			for (int i = 3; i < argc && !rc; i++) {
				const char *r = argv[i];
				int add = r[0] != '-';
				unsigned bit;
				if (r[0] == '+' || r[0] == '-')
					r++;
				rc = role_arg(r, &bit, &e) || account_set_role(st, argv[2], bit, add, &e);
				if (!rc)
					printf("%s: %s %s\n", argv[2], add ? "granted" : "revoked", r);
			}
		}
	} else if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
		int dis = strcmp(sub, "disable") == 0;
		if (argc != 3)
			rc = err_set(&e, ERR_INPUT, "usage: probity user %s USERNAME", sub);
		else if (!(rc = account_set_disabled(st, argv[2], dis, &e)))
			printf("account %s %s\n", argv[2], dis ? "disabled" : "enabled");
	} else {
		rc = err_set(&e, ERR_INPUT, "unknown user command '%s'\n%s", sub, usage);
	}
	store_close(st);
	return rc ? cli_fail(&e) : 0;
}
