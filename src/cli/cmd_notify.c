/* cmd_notify.c — probity notify run: compute what needs everyone, queue the
 * e-mail digests due now and send the outbox through the SMTP relay, then
 * exit (a timer calls it, e.g. every 15 minutes); probity notify list
 * --user NAME: what needs one account, as its home page shows it. */
#include "cli/cli.h"
#include "core/date.h"
#include "domain/auth.h"
#include "domain/notify.h"
#include "domain/notify_mail.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char usage[] =
	"usage: probity notify run [--smtp-url URL] [--mail-from ADDRESS] [--base-url URL] [--no-send]\n"
	"       probity notify list --user USERNAME\n\n"
	"run   computes every person's notifications from the records, queues the\n"
	"      e-mail digests due now (each person's choice: immediately, daily or\n"
	"      weekly) in the outbox, sends what is due through the SMTP relay with\n"
	"      retries, and exits 0. A message is queued once per person, event and\n"
	"      due period, and sent once even if a run is killed (docs/notifications.md).\n"
	"      The relay: --smtp-url or $PROBITY_SMTP_URL (smtp://relay:25,\n"
	"      smtps://relay:465, smtp://user:password@relay:587 with STARTTLS when\n"
	"      offered); the sender: --mail-from or $PROBITY_MAIL_FROM; the link in\n"
	"      messages: --base-url or $PROBITY_BASE_URL. The configuration file's\n"
	"      smtp_url and mail_from are used when neither is given. --no-send only queues.\n"
	"list  prints what needs USERNAME: kind, due date, days overdue, link.\n";

static int print_notice(void *ctx, const struct notice *n)
{
	(void)ctx;
	printf("%s%s\t%s\t%ld\t%s\n", n->team ? "team:" : "", n->kind->key, n->due[0] ? n->due : "-", n->overdue,
	       n->href[0] ? n->href : "-");
	return 0;
}

int cmd_notify(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, usage))
		return 0;
	if (argc < 2 || (strcmp(argv[1], "run") && strcmp(argv[1], "list")))
		return cli_usage(usage);
	int run = !strcmp(argv[1], "run"), no_send = 0;
	const char *smtp = NULL, *from = NULL, *base = NULL, *user = NULL;
	const struct cli_option run_opts[] = { { "--smtp-url", &smtp }, { "--mail-from", &from }, { "--base-url", &base },
		                               { "--no-send", NULL, &no_send }, { NULL } };
	const struct cli_option list_opts[] = { { "--user", &user }, { NULL } };
	if (cli_options(argc, argv, 2, run ? run_opts : list_opts, NULL) || (!run && !user))
		return cli_usage(usage);
	struct store *st;
	struct actor sys;
	if (cli_open_system(cli, &st, &sys))
		return 1;
	struct err e = { 0 };
	int rc = 1;
	if (!run) {
		int64_t id;
		struct actor a;
		long total, overdue;
		if (account_id_by_username(st, user, &id, &e) || actor_load(st, id, &a, &e) ||
		    notify_list(st, &a, 0, print_notice, NULL, &total, &overdue, &e))
			goto out;
		fprintf(stderr, "%ld things need %s, %ld overdue\n", total, user, overdue);
		rc = 0;
		goto out;
	}
	struct notify_settings cfg;
	int bad = 0;
	const char *fs = config_file_value("smtp_url", NULL, &bad), *ff = config_file_value("mail_from", NULL, &bad);
	if (bad)
		goto out;
	notify_settings_load(&cfg, smtp, from, base, fs, ff);
	char today[11];
	date_today(today);
	long queued = 0;
	struct timespec t0, t1;
	struct notify_batch *b = NULL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (notify_compute(st, today, &b, &e))
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("computed %ld notices for %ld of %ld recipients (%.3f s)\n", notify_batch_notices(b),
	       notify_batch_accounts(b), notify_batch_size(b),
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	int qrc = notify_queue_batch(st, &cfg, b, today, &queued, &e);
	notify_batch_free(b);
	if (qrc)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("queued %ld message%s (%.3f s)\n", queued, queued == 1 ? "" : "s",
	       (double)(t0.tv_sec - t1.tv_sec) + (double)(t0.tv_nsec - t1.tv_nsec) / 1e9);
	t1 = t0;
	if (!no_send) {
		struct notify_send_stats s;
		if (notify_send(st, &cfg, &s, &e))
			goto out;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		printf("sent %ld, to retry %ld, failed %ld (%.3f s)\n", s.sent, s.retry, s.failed,
		       (double)(t0.tv_sec - t1.tv_sec) + (double)(t0.tv_nsec - t1.tv_nsec) / 1e9);
	}
	rc = 0;
out:
	store_close(st);
	return rc ? cli_fail(&e) : 0;
}
