/* scan.c — the batch scan: reference files, then the events in one pass,
 * then the sorted alerts. Output goes to temporary files that are renamed
 * only when the whole scan succeeded, so a failed scan leaves no partial or
 * stale-looking alerts file. */
#include "audit/scan.h"
#include "audit/reader.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef int (*ref_add_fn)(struct audit *, const struct slice *, int *, struct err *);

static int load_ref(struct audit *a, const char *dir, const char *file, const char *header,
                    size_t nf, ref_add_fn add, struct err *e)
{
	char path[PATH_MAX];
	struct rdr r;
	struct slice f[RDR_MAX_FIELDS];
	int rc = -1;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (rdr_open(&r, path, 0, e))
		goto out;
	if (rdr_header(&r, header, e))
		goto out;
	for (;;) {
		int n = rdr_next(&r, f, nf, e);
		if (n == RDR_EOF)
			break;
		if (n != RDR_OK)
			goto out;
		int bad = 0;
		if (add(a, f, &bad, e)) {
			if (e->code == ERR_INPUT) {
				char m[sizeof e->msg];
				snprintf(m, sizeof m, "%s", e->msg);
				err_set(e, ERR_INPUT, "%s:%ld:%ld: %s", r.name, r.rec_line, rdr_field_col(&r, (size_t)bad), m);
			}
			goto out;
		}
	}
	rc = 0;
out:
	rdr_close(&r);
	return rc;
}

int audit_load_refs(struct audit *a, const char *dir, struct err *e)
{
	if (load_ref(a, dir, "staff.csv", "user,person,surname,unit", 4, audit_add_staff, e) ||
	    load_ref(a, dir, "associations.csv", "user,subject,relationship,declared_on", 4,
	             audit_add_association, e) ||
	    load_ref(a, dir, "vulnerable.csv", "subject,flag", 2, audit_add_vulnerable, e) ||
	    load_ref(a, dir, "watchlist.csv", "subject,category", 2, audit_add_watch, e) ||
	    load_ref(a, dir, "assignments.csv", "user,reason,from,to", 4, audit_add_assignment, e))
		return -1;
	return 0;
}

/* An output file written under a temporary name and renamed on success. */
struct outfile {
	char path[PATH_MAX];
	char tmp[PATH_MAX + 16];
	FILE *f;
};

static int out_open(struct outfile *o, const char *path, struct err *e)
{
	snprintf(o->path, sizeof o->path, "%s", path);
	if (strcmp(path, "-") == 0) {          /* standard output, written as is */
		o->tmp[0] = 0;
		o->f = stdout;
		return 0;
	}
	snprintf(o->tmp, sizeof o->tmp, "%s.tmp-XXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		o->tmp[0] = 0;
		return err_set(e, ERR_IO, "cannot write %s: %s", path, strerror(errno));
	}
	mode_t um = umask(0);
	umask(um);
	if (fchmod(fd, 0666 & ~um) != 0) {
		/* best effort: the file keeps mkstemp's 0600 */
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		close(fd);
		unlink(o->tmp);
		o->tmp[0] = 0;
		return err_set(e, ERR_IO, "cannot write %s: %s", path, strerror(errno));
	}
	setvbuf(o->f, NULL, _IOFBF, 1 << 16);
	return 0;
}

static int out_commit(struct outfile *o, struct err *e)
{
	if (o->f == stdout) {
		o->f = NULL;
		if (fflush(stdout) || ferror(stdout))
			return err_set(e, ERR_IO, "write failed: standard output");
		return 0;
	}
	int bad = ferror(o->f);
	if (fclose(o->f))
		bad = 1;
	o->f = NULL;
	if (bad) {
		unlink(o->tmp);
		o->tmp[0] = 0;
		return err_set(e, ERR_IO, "write failed: %s", o->path);
	}
	if (rename(o->tmp, o->path)) {
		int er = errno;
		unlink(o->tmp);
		o->tmp[0] = 0;
		return err_set(e, ERR_IO, "cannot write %s: %s", o->path, strerror(er));
	}
	o->tmp[0] = 0;
	return 0;
}

static void out_abort(struct outfile *o)
{
	if (o->f == stdout)
		o->f = NULL;
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = 0;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct progress {
	FILE *f;
	int tty, shown;
	double start, last;
};

static void progress_tick(struct progress *p, const struct rdr *r, uint64_t events)
{
	double t = now_s();
	if (t - p->start < 1.0 || t - p->last < 1.0)
		return;
	p->last = t;
	p->shown = 1;
	uint64_t off = rdr_offset(r);
	double pct = r->size ? 100.0 * (double)off / (double)r->size : 0;
	fprintf(p->f, "audit scan: %5.1f%% of %.0f MB, %.1fM events, %.2fM events/s%s", pct,
	        (double)r->size / 1e6, (double)events / 1e6, (double)events / 1e6 / (t - p->start),
	        p->tty ? "   \r" : "\n");
	fflush(p->f);
}

/* Same file (device and inode)? */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

#define MAX_REJECT_MESSAGES 10

int audit_scan(const struct audit_scan_opts *o, struct audit_scan_result *res, struct err *e)
{
	struct audit a;
	struct rdr r;
	struct outfile alerts = { 0 }, explain = { 0 }, rejects = { 0 };
	struct progress pg = { 0 };
	char events_path[PATH_MAX], out_path[PATH_MAX];
	struct audit_config cfg;
	int rc = -1;
	memset(res, 0, sizeof *res);
	memset(&r, 0, sizeof r);
	r.fd = -1;
	if (o->cfg)
		cfg = *o->cfg;
	else
		audit_config_default(&cfg);
	cfg.explain = o->explain != NULL;
	if (audit_init(&a, &cfg, e))
		return -1;
	double t0 = now_s();
	snprintf(events_path, sizeof events_path, "%s/events.csv", o->dir);
	snprintf(out_path, sizeof out_path, "%s", o->out ? o->out : "");
	if (!o->out)
		snprintf(out_path, sizeof out_path, "%s/alerts.csv", o->dir);
	const char *outs[3] = { out_path, o->explain, o->rejects };
	for (int i = 0; i < 3; i++)
		if (outs[i] && strcmp(outs[i], "-") != 0 && same_file(outs[i], events_path)) {
			err_set(e, ERR_INPUT, "%s is the input events.csv; choose another output file", outs[i]);
			goto out;
		}
	if (audit_load_refs(&a, o->dir, e))
		goto out;
	if (rdr_open(&r, events_path, o->block, e) || rdr_header(&r, AUDIT_EVENTS_HEADER, e))
		goto out;
	res->bytes = r.size;
	if (o->rejects) {
		if (out_open(&rejects, o->rejects, e))
			goto out;
		fputs(AUDIT_EVENTS_HEADER "\n", rejects.f);
	}
	pg.f = o->log;
	pg.tty = o->log && isatty(fileno(o->log));
	pg.start = pg.last = now_s();
	struct slice f[EV_NCOLS];
	uint64_t n = 0;
	for (;;) {
		int x = rdr_next(&r, f, EV_NCOLS, e);
		if (__builtin_expect(x == RDR_OK, 1)) {
			int bad = 0;
			int y = audit_event(&a, f, r.rec_line, &bad, e);
			if (__builtin_expect(y == 0, 1)) {
				if (__builtin_expect((++n & 0xffff) == 0, 0) && pg.f && !o->quiet)
					progress_tick(&pg, &r, n);
				continue;
			}
			if (y != ERR_INPUT)
				goto out;
			char m[sizeof e->msg];
			snprintf(m, sizeof m, "%s", e->msg);
			err_set(e, ERR_INPUT, "%s:%ld:%ld: %s", r.name, r.rec_line, rdr_field_col(&r, (size_t)bad), m);
		} else if (x == RDR_EOF) {
			break;
		} else if (x != RDR_BAD) {
			goto out;
		}
		/* a bad line */
		if (!o->rejects)
			goto out;
		fwrite(r.rec, 1, r.rec_n, rejects.f);
		if (r.rec_n && r.rec[r.rec_n - 1] != '\n')
			fputc('\n', rejects.f);
		if (res->rejected++ < MAX_REJECT_MESSAGES && o->log)
			fprintf(o->log, "probity: rejected %s\n", e->msg);
	}
	if (pg.shown && pg.tty)
		fputc('\n', pg.f);
	audit_finish(&a);
	if (out_open(&alerts, out_path, e))
		goto out;
	if (audit_write_alerts(&a, alerts.f)) {
		err_set(e, ERR_IO, "write failed: %s", out_path);
		goto out;
	}
	if (o->explain) {
		if (out_open(&explain, o->explain, e))
			goto out;
		if (audit_write_explain(&a, explain.f)) {
			err_set(e, ERR_IO, "write failed: %s", o->explain);
			goto out;
		}
	}
	if (out_commit(&alerts, e) || (o->explain && out_commit(&explain, e)) ||
	    (o->rejects && out_commit(&rejects, e)))
		goto out;
	res->events = a.events;
	res->alerts = a.nalerts;
	rc = 0;
out:
	res->seconds = now_s() - t0;
	out_abort(&alerts);
	out_abort(&explain);
	out_abort(&rejects);
	rdr_close(&r);
	audit_release(&a);
	return rc;
}
