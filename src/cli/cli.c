/* cli.c — helpers every subcommand shares. */
#include "cli/cli.h"
#include "core/buf.h"
#include "domain/actor.h"
#include "domain/auth.h"
#include "domain/people.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

int cli_help(int argc, char **argv, const char *text)
{
	if (!cli_wants_help(argc, argv))
		return 0;
	fputs(text, stdout);
	return 1;
}

int cli_fail(const struct err *e)
{
	fprintf(stderr, "probity: %s\n", e->msg[0] ? e->msg : "failed");
	return 1;
}

int cli_usage(const char *usage)
{
	fprintf(stderr, "%s", usage);
	return 2;
}

int cli_open_store(struct cli *cli, struct store **st)
{
	struct err e = { 0 };
	if (store_open(st, cli->db, &e))
		return cli_fail(&e);
	return 0;
}

int cli_open_system(struct cli *cli, struct store **st, struct actor *sys)
{
	if (auth_init() || cli_open_store(cli, st))
		return 1;
	actor_system(sys);
	return 0;
}

int cli_system_csv(struct cli *cli, unsigned extra_roles, const char *out, cli_csv_fn fn, void *ctx)
{
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	sys.roles |= extra_roles;
	struct err e = { 0 };
	struct buf csv;
	buf_init(&csv, (size_t)256 << 20);
	int rc = fn(st, &sys, ctx, &csv, &e);
	store_close(st);
	if (!rc && cli_write_out(out, &csv, &e))
		rc = -1;
	buf_release(&csv);
	return rc ? cli_fail(&e) : 0;
}

int cli_write_out(const char *path, const struct buf *b, struct err *e)
{
	FILE *fp = path ? fopen(path, "wb") : stdout;
	if (!fp)
		return err_set(e, ERR_IO, "cannot write %s", path);
	/* the file is closed whether or not its write succeeded */
	int bad = fwrite(b->p, 1, b->n, fp) != b->n;
	bad |= path ? fclose(fp) != 0 : fflush(fp) != 0;
	if (bad)
		return err_set(e, ERR_IO, "cannot write %s", path ? path : "standard output");
	return 0;
}

const char *cli_opt(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (!strcmp(argv[*i], name) && *i + 1 < argc)
		return argv[++*i];
	if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	return NULL;
}

int cli_dispatch(struct cli *cli, int argc, char **argv, const char *usage, const struct cli_sub *subs)
{
	if (cli_help(argc, argv, usage))
		return 0;
	for (const struct cli_sub *s = subs; argc >= 2 && s->name; s++)
		if (!strcmp(argv[1], s->name))
			return s->fn(cli, argc, argv);
	return cli_usage(usage);
}

int cli_options(int argc, char **argv, int first, const struct cli_option *opts, const char **arg)
{
	for (int i = first; i < argc; i++) {
		const struct cli_option *o;
		const char *v = NULL;
		for (o = opts; o->name; o++)
			if (o->flag ? !strcmp(argv[i], o->name) : (v = cli_opt(argc, argv, &i, o->name)) != NULL)
				break;
		if (o->name && o->flag)
			*o->flag = 1;
		else if (o->name)
			*o->value = v;
		else if (arg && !*arg && (argv[i][0] != '-' || !strcmp(argv[i], "-")))
			*arg = argv[i];
		else
			return -1;
	}
	return 0;
}

int cli_import_args(int argc, char **argv, int first, const char *usage, const char **path, int *dry)
{
	*path = NULL;
	*dry = 0;
	for (int i = first; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			*dry = 1;
		else if (!*path)
			*path = argv[i];
		else
			return cli_usage(usage);
	}
	return *path ? 0 : cli_usage(usage);
}

int cli_import_failed(const struct err *e)
{
	fprintf(stderr, "probity: %s\nprobity: nothing was imported\n", e->msg);
	return 1;
}

void cli_import_summary(const char *path, const struct import_stats *s, int dry, int flags)
{
	if (flags & CLI_IMPORT_NO_UPDATED)
		printf("%s%s: %ld rows, %ld created, %ld unchanged\n", dry ? "dry run: " : "", path, s->rows, s->created,
		       s->unchanged);
	else
		printf("%s%s: %ld rows, %ld created, %ld updated, %ld unchanged\n", dry ? "dry run: " : "", path, s->rows,
		       s->created, s->updated, s->unchanged);
}

int cli_import_file(struct cli *cli, const char *path, int dry, cli_import_arg_fn fn, void *arg, int flags)
{
	struct store *st;
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	struct import_stats s;
	struct err e = { 0 };
	int rc = fn(arg, st, path, dry, &s, &e);
	store_close(st);
	if (rc)
		return cli_import_failed(&e);
	cli_import_summary(path, &s, dry, flags);
	return 0;
}

struct plain_import {
	cli_import_fn fn;
};

static int plain_import(void *arg, struct store *st, const char *path, int dry, struct import_stats *s, struct err *e)
{
	return ((struct plain_import *)arg)->fn(st, path, dry, s, e);
}

int cli_run_import(struct cli *cli, int argc, char **argv, const char *usage, cli_import_fn fn, int flags)
{
	if (cli_help(argc, argv, usage))
		return 0;
	if (argc < 3 || strcmp(argv[1], "import") != 0)
		return cli_usage(usage);
	int dry;
	const char *path;
	if (cli_import_args(argc, argv, 2, usage, &path, &dry))
		return 2;
	struct plain_import p = { fn };
	return cli_import_file(cli, path, dry, plain_import, &p, flags);
}

int cli_run_import_as(struct cli *cli, int argc, char **argv, const char *usage, cli_import_as_fn fn)
{
	if (cli_help(argc, argv, usage))
		return 0;
	if (argc < 3 || strcmp(argv[1], "import") != 0)
		return cli_usage(usage);
	const char *as = NULL, *path = NULL;
	int dry = 0;
	for (int i = 2; i < argc; i++) {
		const char *v = cli_opt(argc, argv, &i, "--as");
		if (v)
			as = v;
		else if (!strcmp(argv[i], "--dry-run"))
			dry = 1;
		else if (!path && (argv[i][0] != '-' || !argv[i][1]))
			path = argv[i];
		else
			return cli_usage(usage);
	}
	if (!path)
		return cli_usage(usage);
	struct store *st;
	struct actor who;
	struct err e = { 0 };
	if (cli_open_system(cli, &st, &who))
		return 1;
	int64_t account = 0;
	int rc = as && (account_id_by_username(st, as, &account, &e) || actor_load(st, account, &who, &e));
	struct import_stats s = { 0 };
	if (!rc)
		rc = fn(st, &who, path, dry, &s, &e);
	store_close(st);
	if (rc)
		return cli_import_failed(&e);
	cli_import_summary(path, &s, dry, 0);
	return 0;
}
