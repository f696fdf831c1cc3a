/* cmd_audit.c — probity audit: ICT audit monitoring from the command line.
 * Only argument handling lives here; the engine is src/audit/. */
#include "audit/scan.h"
#include "cli/cli.h"
#include "core/csv.h"
#include "domain/auth.h"
#include "domain/audit.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char audit_usage[] =
	"usage: probity audit scan DIR [-o FILE] [--explain FILE] [--rejects FILE] [-q]\n"
	"       probity audit ingest|import|alerts|self|search|prune ... (see probity audit --help)\n";

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
	if (cli_help(argc, argv, scan_help))
		return 0;
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

static const char ingest_help[] =
	"usage: probity [--db FILE] audit ingest FILE|- [--checkpoint-events N]\n"
	"                [--checkpoint-seconds S] [--skip-bad] [-q]\n"
	"\n"
	"Take audit events (events.csv format: " AUDIT_EVENTS_HEADER ")\n"
	"into Probity through rules R1-R6, keeping the engine's state between runs so\n"
	"each alert is raised once and only once. FILE is read from where the last\n"
	"run stopped (its offset is checkpointed with the state), so a log that grows\n"
	"can be ingested again and again; a last line without a line end is left for\n"
	"the next run. \"-\" reads standard input (with its header line; no offset is\n"
	"kept, so send each event once). Reference data: staff from people, declared\n"
	"associations from the notifiable associations register, and the imported\n"
	"vulnerable flags, watch list and assignments (probity audit import).\n"
	"\n"
	"  --checkpoint-events N    checkpoint after N events (default 1000000)\n"
	"  --checkpoint-seconds S   ... or after S seconds (default 1)\n"
	"  --skip-bad               report bad lines and go on (default: stop at the\n"
	"                           first, keeping everything before it)\n"
	"  --throttle N             test aid: pause 1 ms after every N events\n"
	"  --feed NAME              the events come from feed NAME (probity audit feed add):\n"
	"                           they are stored as they arrive and go through the rules\n"
	"                           in time order across all feeds up to the watermark (the\n"
	"                           earliest latest-event time of the declared feeds); an\n"
	"                           event too late for that, or more than\n"
	"                           audit.future_tolerance_seconds in the future, goes to the\n"
	"                           quarantine (probity audit quarantine)\n"
	"  --until TS               with --feed: this delivery is complete up to TS\n"
	"                           (YYYY-MM-DDTHH:MM:SSZ), e.g. the end of a daily export's day\n"
	"  -q, --quiet              no progress on stderr\n";

static int cmd_audit_ingest(struct cli *cli, int argc, char **argv)
{
	struct audit_ingest_opts o = { 0 };
	if (cli_help(argc, argv, ingest_help))
		return 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		int r;
		if ((r = opt_value(argc, argv, &i, "--checkpoint-events", NULL, &v)) > 0) {
			o.checkpoint_events = strtoull(v, NULL, 10);
		} else if (r == 0 && (r = opt_value(argc, argv, &i, "--checkpoint-seconds", NULL, &v)) > 0) {
			o.checkpoint_seconds = strtod(v, NULL);
		} else if (r == 0 && (r = opt_value(argc, argv, &i, "--throttle", NULL, &v)) > 0) {
			o.throttle = strtoull(v, NULL, 10);
		} else if (r == 0 && (r = opt_value(argc, argv, &i, "--feed", NULL, &v)) > 0) {
			o.feed = v;
		} else if (r == 0 && (r = opt_value(argc, argv, &i, "--until", NULL, &v)) > 0) {
			o.until = v;
		} else if (r < 0) {
			return cli_usage(ingest_help);
		} else if (strcmp(a, "--skip-bad") == 0) {
			o.skip_bad = 1;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			o.quiet = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "probity audit ingest: unknown option '%s'\n", a);
			return cli_usage(ingest_help);
		} else if (o.path) {
			fprintf(stderr, "probity audit ingest: one input only\n");
			return cli_usage(ingest_help);
		} else {
			o.path = a;
		}
	}
	if (!o.path) {
		fprintf(stderr, "probity audit ingest: which file? (\"-\" for standard input)\n");
		return cli_usage(ingest_help);
	}
	o.log = stderr;
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct audit_ingest_result res;
	struct err e = { 0 };
	int rc = audit_ingest(st, &o, &res, &e);
	store_close(st);
	if (!o.quiet || rc)
		fprintf(stderr, "audit ingest: %llu events, %llu alerts, %llu checkpoints in %.2f s (%.2fM events/s)%s\n",
		        (unsigned long long)res.events, (unsigned long long)res.alerts,
		        (unsigned long long)res.checkpoints, res.seconds,
		        res.seconds > 0 ? (double)res.events / 1e6 / res.seconds : 0.0,
		        res.held_back ? "; an unfinished last line was left for the next run" : "");
	if (o.feed && (!o.quiet || rc || res.quarantined)) {
		if (res.watermark[0] && !res.holding[0])
			fprintf(stderr, "audit ingest: watermark %s: %llu events through the rules, %llu waiting\n",
			        res.watermark, (unsigned long long)res.drained, (unsigned long long)res.waiting);
		else if (res.holding[0])
			fprintf(stderr, "audit ingest: feed %s has sent nothing yet and holds the watermark back: "
			        "%llu events waiting\n", res.holding, (unsigned long long)res.waiting);
		if (res.quarantined)
			fprintf(stderr, "audit ingest: %llu %s quarantined (probity audit quarantine list)\n",
			        (unsigned long long)res.quarantined, res.quarantined == 1 ? "event" : "events");
	}
	if (rc)
		return cli_fail(&e);
	return res.rejected ? 3 : 0;
}

static const char import_help[] =
	"usage: probity [--db FILE] audit import vulnerable|watchlist|assignments|staff [--dry-run] FILE\n"
	"\n"
	"Import the audit engine's reference data from a CSV file (\"-\" reads\n"
	"standard input), with the header line:\n"
	"  vulnerable   subject,flag\n"
	"  watchlist    subject,category\n"
	"  assignments  user,reason,from,to     (dates YYYY-MM-DD, both inclusive)\n"
	"  staff        user,person,surname,unit (sets each existing staff member's\n"
	"               person id in force systems; surname and unit are not changed)\n"
	"All or nothing: a bad row rejects the whole file, naming its line and column.\n"
	"Rerunning the same file changes nothing. --dry-run reports without writing.\n";

static int import_kind(void *arg, struct store *st, const char *path, int dry_run, struct import_stats *s,
                       struct err *e)
{
	return audit_import(st, *(enum audit_ref *)arg, path, dry_run, s, e);
}

static int cmd_audit_import(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, import_help))
		return 0;
	int dry = 0;
	const char *kind = NULL, *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			dry = 1;
		else if (!kind)
			kind = argv[i];
		else if (!path)
			path = argv[i];
		else
			return cli_usage(import_help);
	}
	enum audit_ref k;
	if (!kind || !path)
		return cli_usage(import_help);
	if (strcmp(kind, "vulnerable") == 0)
		k = AUDIT_REF_VULNERABLE;
	else if (strcmp(kind, "watchlist") == 0)
		k = AUDIT_REF_WATCHLIST;
	else if (strcmp(kind, "assignments") == 0)
		k = AUDIT_REF_ASSIGNMENTS;
	else if (strcmp(kind, "staff") == 0)
		k = AUDIT_REF_STAFF;
	else {
		fprintf(stderr, "probity audit import: unknown kind '%s'\n", kind);
		return cli_usage(import_help);
	}
	return cli_import_file(cli, path, dry, import_kind, &k, 0);
}

static const char alerts_help[] =
	"usage: probity [--db FILE] audit alerts [-o FILE]\n"
	"\n"
	"Write the alerts stored by audit ingest as alerts.csv (" AUDIT_ALERTS_HEADER ",\n"
	"sorted by rule, user, key): the same format as audit scan.\n";

static int cmd_audit_alerts(struct cli *cli, int argc, char **argv)
{
	const char *out = NULL;
	if (cli_help(argc, argv, alerts_help))
		return 0;
	for (int i = 1; i < argc; i++) {
		int r = opt_value(argc, argv, &i, "--output", "-o", &out);
		if (r <= 0)
			return cli_usage(alerts_help);
	}
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	FILE *f = out && strcmp(out, "-") != 0 ? fopen(out, "w") : stdout;
	struct err e = { 0 };
	int rc = f ? audit_alerts_csv(st, f, &e) : err_set(&e, ERR_IO, "cannot write %s", out);
	if (f && f != stdout && fclose(f) && !rc)
		rc = err_set(&e, ERR_IO, "write failed: %s", out);
	store_close(st);
	return rc ? cli_fail(&e) : 0;
}

static const char self_help[] =
	"usage: probity [--db FILE] audit self\n"
	"\n"
	"Take Probity's own access log in as a monitored system: each view of\n"
	"another person's sensitive record logged since the last run becomes an\n"
	"event of system PROBITY (user: the viewer's staff number) and goes through\n"
	"the same rules as audit ingest.\n";

static int cmd_audit_self(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, self_help))
		return 0;
	if (argc > 1)
		return cli_usage(self_help);
	struct store *st;
	if (auth_init() || cli_open_store(cli, &st))
		return 1;
	uint64_t n = 0, skipped = 0;
	struct err e = { 0 };
	int rc = audit_ingest_self(st, stderr, &n, &skipped, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	printf("audit self: %llu access log reads taken in, %llu older than the last event skipped\n",
	       (unsigned long long)n, (unsigned long long)skipped);
	return 0;
}

static const char search_help[] =
	"usage: probity [--db FILE] audit search [--subject ID] [--record ID] [--user STAFF]\n"
	"                [--system S] [--action A] [--device D] [--from TS] [--to TS]\n"
	"                --purpose TEXT [-o FILE]\n"
	"\n"
	"Search the audit trail (every event ingested, docs/audit.md) and write the\n"
	"matching events as events.csv rows (header first), in time order, ties in\n"
	"the order they were stored, so the output can be fed back to audit scan.\n"
	"Filters are exact; --from and --to take a day (YYYY-MM-DD) or a time\n"
	"(YYYY-MM-DDTHH:MM:SSZ), both inclusive. --purpose (why the search is made)\n"
	"is required and is written to the access log with the filters.\n"
	"\n"
	"  -o, --output FILE   where the events go (default standard output)\n";

static const char prune_help[] =
	"usage: probity [--db FILE] audit prune\n"
	"\n"
	"Delete the audit trail's segments whose day is older than the retention\n"
	"period (config audit.retention_days, default 2557 days = 7 years) and say\n"
	"what was removed.\n";

static int search_row(void *ctx, const struct slice f[EV_NCOLS])
{
	struct buf *b = ctx;
	audit_trail_csv_row(b, f);
	return b->oom ? -1 : 0;
}

struct search_out {
	FILE *f;
	struct buf b;
};

static int search_emit(void *ctx, const struct slice f[EV_NCOLS])
{
	struct search_out *o = ctx;
	if (search_row(&o->b, f))
		return 1;
	if (o->b.n >= 1 << 16) {
		fwrite(o->b.p, 1, o->b.n, o->f);
		buf_reset(&o->b);
	}
	return 0;
}

static int cmd_audit_search(struct cli *cli, int argc, char **argv)
{
	struct audit_trail_q q;
	const char *purpose = NULL, *out = NULL;
	memset(&q, 0, sizeof q);
	if (cli_wants_help(argc, argv)) {
		fputs(search_help, stdout);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		int r = opt_value(argc, argv, &i, "--subject", NULL, &q.subject);
		if (!r) r = opt_value(argc, argv, &i, "--record", NULL, &q.record);
		if (!r) r = opt_value(argc, argv, &i, "--user", NULL, &q.user);
		if (!r) r = opt_value(argc, argv, &i, "--system", NULL, &q.system);
		if (!r) r = opt_value(argc, argv, &i, "--action", NULL, &q.action);
		if (!r) r = opt_value(argc, argv, &i, "--device", NULL, &q.device);
		if (!r) r = opt_value(argc, argv, &i, "--from", NULL, &q.from);
		if (!r) r = opt_value(argc, argv, &i, "--to", NULL, &q.to);
		if (!r) r = opt_value(argc, argv, &i, "--purpose", NULL, &purpose);
		if (!r) r = opt_value(argc, argv, &i, "--output", "-o", &out);
		if (r <= 0)
			return cli_usage(search_help);
	}
	if (!purpose) {
		fprintf(stderr, "probity audit search: --purpose is required (why the search is made)\n");
		return cli_usage(search_help);
	}
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	store_read_mostly(st); /* one access-log row: no checkpoint at close */
	struct actor sys;
	actor_system(&sys);
	struct search_out o;
	o.f = out && strcmp(out, "-") != 0 ? fopen(out, "w") : stdout;
	buf_init(&o.b, 0);
	struct err e = { 0 };
	long total = 0;
	int rc = -1;
	if (!o.f) {
		err_set(&e, ERR_IO, "cannot write %s", out);
		goto done;
	}
	fputs(AUDIT_EVENTS_HEADER "\n", o.f);
	rc = audit_trail_query(st, &sys, &q, purpose, search_emit, &o, &total, &e);
	if (!rc && o.b.oom)
		rc = err_set(&e, ERR_NOMEM, "out of memory");
	if (!rc && o.b.n)
		fwrite(o.b.p, 1, o.b.n, o.f);
	if (o.f != stdout && fclose(o.f) && !rc)
		rc = err_set(&e, ERR_IO, "write failed: %s", out);
	if (!rc && out && strcmp(out, "-") != 0)
		fprintf(stderr, "audit search: %ld events written to %s\n", total, out);
done:
	buf_release(&o.b);
	store_close(st);
	return rc ? cli_fail(&e) : 0;
}

static const char feed_help[] =
	"usage: probity [--db FILE] audit feed add NAME [--interval DURATION] [--mapping FILE]\n"
	"       probity [--db FILE] audit feed list\n"
	"\n"
	"Declare a feed (one per force system: a daily PNC export, hourly RMS batches,\n"
	"a mobile platform's stream) with the interval expected between its deliveries\n"
	"(e.g. 90s, 15m, 1h, 1d; none by default), then ingest its files with\n"
	"probity audit ingest --feed NAME FILE. The list shows each feed's last\n"
	"delivery and marks it SILENT when it has sent nothing yet or nothing for\n"
	"longer than its interval (also on the coverage page and the ACU's home).\n"
	"--mapping FILE: the feed sends its system's own export (CSV with a header\n"
	"line, or JSON Lines), mapped by FILE onto the event fields (docs/audit.md,\n"
	"\"Mapping files\"): \"column user = Officer ID\", \"fixed system = PNC\",\n"
	"\"map action Q = search\", \"time format = %d/%m/%Y %H:%M\",\n"
	"\"time zone = Europe/London\", \"format = jsonl\". --mapping '' removes it.\n";

static int feed_row(void *ctx, const struct audit_feed_rec *f)
{
	(void)ctx;
	printf("%s\tinterval %llds\tlast delivery %s\tlast event %s\t%lld events%s\n", f->name,
	       (long long)f->interval_seconds, f->last_delivery[0] ? f->last_delivery : "never",
	       f->last_event[0] ? f->last_event : "none", (long long)f->events, f->silent ? "\tSILENT" : "");
	return 0;
}

static int cmd_audit_feed(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv) || argc < 2) {
		fputs(feed_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *name = NULL, *iv = NULL, *mapfile = NULL;
	int add = strcmp(argv[1], "add") == 0;
	if (!add && strcmp(argv[1], "list") != 0)
		return cli_usage(feed_help);
	for (int i = 2; i < argc; i++) {
		int r = opt_value(argc, argv, &i, "--interval", NULL, &iv);
		if (r == 0)
			r = opt_value(argc, argv, &i, "--mapping", NULL, &mapfile);
		if (r < 0 || (r > 0 && !add))
			return cli_usage(feed_help);
		if (r == 0 && (!add || name || argv[i][0] == '-'))
			return cli_usage(feed_help);
		if (r == 0)
			name = argv[i];
	}
	if (add && !name)
		return cli_usage(feed_help);
	int64_t secs = 0;
	if (iv) {
		char *end;
		long long v = strtoll(iv, &end, 10);
		int mul = !strcmp(end, "s") || !*end ? 1 : !strcmp(end, "m") ? 60 : !strcmp(end, "h") ? 3600
		          : !strcmp(end, "d") ? 86400 : 0;
		if (end == iv || v < 0 || !mul) {
			fprintf(stderr, "probity audit feed: --interval is a number with s, m, h or d (e.g. 1h, 1d)\n");
			return 2;
		}
		secs = v * mul;
	}
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct actor sys;
	actor_system(&sys);
	struct err e = { 0 };
	struct buf mtext;
	buf_init(&mtext, 0);
	int rc = 0;
	if (mapfile && *mapfile) {
		FILE *mf = fopen(mapfile, "r");
		char blk[4096];
		size_t got;
		if (!mf)
			rc = err_set(&e, ERR_IO, "%s: cannot be read", mapfile);
		while (mf && (got = fread(blk, 1, sizeof blk, mf)) > 0)
			buf_add(&mtext, blk, got);
		if (mf)
			fclose(mf);
	}
	if (!rc)
		rc = add ? audit_feed_add(st, &sys, name, secs, &e) : audit_feeds_list(st, &sys, feed_row, NULL, &e);
	if (!rc && add && mapfile)
		rc = audit_feed_set_mapping(st, &sys, name, buf_str(&mtext), &e);
	buf_release(&mtext);
	if (!rc && add)
		printf("audit feed: %s, expected every %llds%s\n", name, (long long)secs,
		       mapfile && *mapfile ? ", with its mapping file" : "");
	store_close(st);
	return rc ? cli_fail(&e) : 0;
}

static const char quarantine_help[] =
	"usage: probity [--db FILE] audit quarantine list\n"
	"       probity [--db FILE] audit quarantine release ID\n"
	"       probity [--db FILE] audit quarantine drop ID --reason TEXT\n"
	"\n"
	"Events a feed sent that could not go through the rules in time order: too late\n"
	"(before the rules' clock; see audit.allowed_lateness_seconds), more than\n"
	"audit.future_tolerance_seconds (default 300) in the future, or refused by the\n"
	"engine. list writes them as CSV (id,feed,why,detail,received_at,line, then the\n"
	"events.csv columns); release puts one back among the events waiting for the\n"
	"watermark (refused while it is still in the future or before the rules' clock);\n"
	"drop deletes it. Every step is written to the access log.\n";

static void quarantine_csv(const char *const *cells, int n)
{
	struct buf b;
	buf_init(&b, 0);
	for (int k = 0; k < n; k++) {
		if (k)
			buf_addc(&b, ',');
		csv_cell(&b, cells[k]);
	}
	buf_addc(&b, '\n');
	fwrite(b.p, 1, b.n, stdout);
	buf_release(&b);
}

static int quarantine_row(void *ctx, const struct audit_quarantine_rec *q)
{
	(void)ctx;
	char id[24], line[24];
	snprintf(id, sizeof id, "%lld", (long long)q->id);
	snprintf(line, sizeof line, "%lld", (long long)q->line);
	const char *cells[6 + EV_NCOLS] = { id, q->feed, q->why, q->detail, q->received_at, line };
	for (int k = 0; k < EV_NCOLS; k++)
		cells[6 + k] = q->f[k];
	quarantine_csv(cells, 6 + EV_NCOLS);
	return 0;
}

static int cmd_audit_quarantine(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv) || argc < 2) {
		fputs(quarantine_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *verb = argv[1], *idtext = NULL, *reason = NULL;
	int list = strcmp(verb, "list") == 0, rel = strcmp(verb, "release") == 0, drop = strcmp(verb, "drop") == 0;
	if (!list && !rel && !drop)
		return cli_usage(quarantine_help);
	for (int i = 2; i < argc; i++) {
		int r = opt_value(argc, argv, &i, "--reason", NULL, &reason);
		if (r < 0 || (r > 0 && !drop))
			return cli_usage(quarantine_help);
		if (r == 0 && (list || idtext || argv[i][0] == '-'))
			return cli_usage(quarantine_help);
		if (r == 0)
			idtext = argv[i];
	}
	char *end = NULL;
	long long id = idtext ? strtoll(idtext, &end, 10) : 0;
	if (!list && (!idtext || *end || id <= 0))
		return cli_usage(quarantine_help);
	if (drop && !reason) {
		fprintf(stderr, "probity audit quarantine: drop needs --reason TEXT\n");
		return 2;
	}
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct actor sys;
	actor_system(&sys);
	struct err e = { 0 };
	int rc;
	if (list) {
		static const char *const head[6 + EV_NCOLS] = { "id", "feed", "why", "detail", "received_at", "line",
		                                               "ts", "user", "system", "device", "action", "record_type",
		                                               "record_id", "subject", "reason" };
		quarantine_csv(head, 6 + EV_NCOLS);
		rc = audit_quarantine_list(st, &sys, quarantine_row, NULL, &e);
	} else if (rel) {
		rc = audit_quarantine_release(st, &sys, id, &e);
		if (!rc)
			printf("audit quarantine: event %lld released; it goes through the rules when the watermark passes it\n",
			       id);
	} else {
		rc = audit_quarantine_drop(st, &sys, id, reason, &e);
		if (!rc)
			printf("audit quarantine: event %lld dropped\n", id);
	}
	store_close(st);
	return rc ? cli_fail(&e) : 0;
}

static int cmd_audit_prune(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(prune_help, stdout);
		return 0;
	}
	if (argc > 1)
		return cli_usage(prune_help);
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct actor sys;
	actor_system(&sys);
	struct err e = { 0 };
	struct audit_prune_result r;
	int rc = audit_trail_prune(st, &sys, &r, &e);
	if (!rc)
		printf("audit prune: removed %ld segments (%ld events) of days before %s\n", r.segments, r.events,
		       r.before);
	store_close(st);
	return rc ? cli_fail(&e) : 0;
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		printf("usage: probity audit scan|ingest|import|alerts|self|search|prune ...\n\n"
		       "ICT audit monitoring: check force systems' audit logs for misuse.\n\n"
		       "  scan DIR      one pass over DIR/events.csv and the reference files,\n"
		       "                writing the alerts (no database)\n"
		       "  ingest FILE   take events into Probity; alerts for the ACU's triage\n"
		       "  import KIND FILE  reference data: vulnerable, watchlist, assignments, staff\n"
		       "  alerts        write the stored alerts as alerts.csv\n"
		       "  self          monitor Probity's own access log as system PROBITY\n"
		       "  search        the audit trail: who looked at a person, what a user did\n"
		       "  prune         delete audit trail segments past the retention period\n"
		       "  feed          declare feeds and their expected intervals, list them\n"
		       "  quarantine    events too late or in the future: list, release, drop\n"
		       "(each has --help)\n");
		return argc < 2 ? 2 : 0;
	}
	/* each runs on argv from its own name on; scan needs no database */
	static const struct cli_sub subs[] = {
		{ "ingest", cmd_audit_ingest }, { "import", cmd_audit_import }, { "alerts", cmd_audit_alerts },
		{ "self", cmd_audit_self },     { "search", cmd_audit_search }, { "prune", cmd_audit_prune },
		{ "feed", cmd_audit_feed },     { "quarantine", cmd_audit_quarantine }, { NULL, NULL },
	};
	if (strcmp(argv[1], "scan") == 0)
		return cmd_audit_scan(argc - 1, argv + 1);
	for (const struct cli_sub *s = subs; s->name; s++)
		if (strcmp(argv[1], s->name) == 0)
			return s->fn(cli, argc - 1, argv + 1);
	fprintf(stderr, "probity audit: unknown subcommand '%s'\n", argv[1]);
	return cli_usage(audit_usage);
}
