/* cmd_token.c — probity token create|list|revoke: API tokens for /api/,
 * managed on the host. A token expires after api.token_days days (90 unless
 * configured, or --days); every change is access-logged by the domain. */
#include "cli/cli.h"
#include "core/date.h"
#include "domain/auth.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
	"usage: probity [--db FILE] token create USERNAME [--label TEXT] [--days N]\n"
	"       probity [--db FILE] token list [USERNAME]\n"
	"       probity [--db FILE] token revoke ID\n\n"
	"create  make an API token for USERNAME and print it (shown once; only a hash\n"
	"        is stored). Use it as: Authorization: Bearer TOKEN. It expires after\n"
	"        --days N days, by default the api.token_days setting (90).\n"
	"list    every token (or USERNAME's): id, account, label, created, expires,\n"
	"        last used and status.\n"
	"revoke  end the token with that id (from list) at once.\n"
	"A password change, a role change or disabling an account revokes its tokens.\n";

static int print_row(void *ctx, const struct token_info *t)
{
	char exp[21], used[21] = "never";
	(void)ctx;
	time_format_utc(t->expires, "%Y-%m-%dT%H:%MZ", exp, sizeof exp);
	if (t->last_used)
		time_format_utc(t->last_used, "%Y-%m-%dT%H:%MZ", used, sizeof used);
	printf("%-6lld %-20s %-20s %-11.10s %-18s %-18s %s\n", (long long)t->id, t->username,
	       t->label[0] ? t->label : "-", t->created_at, exp, used,
	       t->revoked ? "revoked" : t->expires <= (int64_t)time(NULL) ? "expired" : "active");
	return 0;
}

static int parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

int cmd_token(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, usage))
		return 0;
	if (argc < 2)
		return cli_usage(usage);
	const char *sub = argv[1], *label = "", *user = NULL;
	int days = 0;
	int64_t id = 0;
	if (strcmp(sub, "create") == 0) {
		for (int i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
				label = argv[++i];
			else if (strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
				char *end;
				long d = strtol(argv[++i], &end, 10);
				if (*end || d < 1 || d > 3660) {
					fprintf(stderr, "probity token: --days must be a number from 1 to 3660\n");
					return 2;
				}
				days = (int)d;
			} else if (argv[i][0] != '-' && !user)
				user = argv[i];
			else
				return cli_usage(usage);
		}
		if (!user)
			return cli_usage(usage);
	} else if (strcmp(sub, "list") == 0) {
		if (argc > 3)
			return cli_usage(usage);
		user = argc == 3 ? argv[2] : NULL;
	} else if (strcmp(sub, "revoke") == 0) {
		if (argc != 3 || parse_id(argv[2], &id))
			return cli_usage(usage);
	} else {
		return cli_usage(usage);
	}
	struct store *st;
	struct err e = { 0 };
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	int rc;
	char tok[TOKEN_HEX];
	if (strcmp(sub, "create") == 0) {
		rc = token_create(st, user, label, days, tok, &e);
		if (!rc)
			printf("%s\n", tok);
	} else if (strcmp(sub, "list") == 0) {
		int64_t acc = 0;
		rc = user ? account_id_by_username(st, user, &acc, &e) : 0;
		if (!rc) {
			printf("%-6s %-20s %-20s %-11s %-18s %-18s %s\n", "id", "account", "label", "created", "expires",
			       "last_used", "status");
			rc = tokens_list(st, acc, print_row, NULL, &e);
		}
	} else {
		rc = token_revoke(st, NULL, 0, id, &e);
		if (!rc)
			printf("token %lld revoked\n", (long long)id);
	}
	store_close(st);
	return rc ? cli_fail(&e) : 0;
}
