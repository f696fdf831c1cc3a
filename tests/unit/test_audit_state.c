/* test_audit_state.c — the engine's state saved and restored (audit/state.h):
 * a run split at any event into two engines, with the state saved after the
 * first and restored into the second (over freshly loaded reference data),
 * raises exactly the alerts of one uninterrupted run. Run from the
 * repository root (it reads tests/fixtures/audit/). */
#include "audit/reader.h"
#include "audit/scan.h"
#include "audit/state.h"
#include "test.h"

/* "rule,user,key,first_ts" lines of a's alerts [0, n), appended to out. */
static void alert_lines(const struct audit *a, struct buf *out)
{
	for (uint32_t i = 0; i < a->nalerts; i++) {
		const struct audit_alert *x = &a->alerts[i];
		size_t un, kn;
		const char *us = intern_str(&a->users, x->user, &un), *ks;
		if (x->rule == AUDIT_R4 || x->rule == AUDIT_R6) {
			ks = x->ts;
			kn = x->rule == AUDIT_R4 ? 10 : 13;
		} else {
			ks = intern_str(&a->subjects, x->key, &kn);
		}
		buf_printf(out, "R%d,%.*s,%.*s,%.20s\n", x->rule, (int)un, us, (int)kn, ks, x->ts);
	}
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the lines of b and drop duplicates (an open R4/R6 alert is seen by
 * both halves). */
static void sort_unique(struct buf *b, struct buf *out)
{
	char *s = strdup(buf_str(b)), *save = NULL, *tok;
	char **v = NULL;
	size_t n = 0;
	for (tok = strtok_r(s, "\n", &save); tok; tok = strtok_r(NULL, "\n", &save)) {
		v = realloc(v, (n + 1) * sizeof *v);
		v[n++] = tok;
	}
	if (n)
		qsort(v, n, sizeof *v, line_cmp);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			buf_printf(out, "%s\n", v[i]);
	free(v);
	free(s);
}

/* Feed events [from, to) of dir's events.csv to a (0-based event index). */
static void feed(struct audit *a, const char *dir, long from, long to)
{
	char path[512];
	struct rdr r;
	struct err e = { 0 };
	struct slice f[EV_NCOLS];
	snprintf(path, sizeof path, "%s/events.csv", dir);
	CHECK(rdr_open(&r, path, 0, &e) == 0);
	CHECK(rdr_header(&r, AUDIT_EVENTS_HEADER, &e) == 0);
	for (long i = 0; i < to && rdr_next(&r, f, EV_NCOLS, &e) == RDR_OK; i++) {
		int bad;
		if (i >= from)
			CHECK(audit_event(a, f, r.rec_line, &bad, &e) == 0);
	}
	rdr_close(&r);
}

static void split_run(const char *dir, long at, const char *want)
{
	struct audit a, b;
	struct err e = { 0 };
	struct buf lines, got, blob;
	buf_init(&lines, 0);
	buf_init(&got, 0);
	buf_init(&blob, 0);
	CHECK(audit_init(&a, NULL, &e) == 0);
	CHECK(audit_load_refs(&a, dir, &e) == 0);
	feed(&a, dir, 0, at);
	alert_lines(&a, &lines);
	CHECK(audit_state_compact(&a) == 0);
	CHECK(audit_state_save(&a, &blob) == 0);
	audit_release(&a);
	CHECK(audit_init(&b, NULL, &e) == 0);
	CHECK(audit_load_refs(&b, dir, &e) == 0);
	CHECK(audit_state_load(&b, blob.p, blob.n, &e) == 0);
	feed(&b, dir, at, 1L << 40);
	audit_finish(&b);
	alert_lines(&b, &lines);
	audit_release(&b);
	sort_unique(&lines, &got);
	if (strcmp(buf_str(&got), want) != 0) {
		fprintf(stderr, "  %s split at event %ld:\n%s", dir, at, buf_str(&got));
		test_failed_ = 1;
	}
	buf_release(&lines);
	buf_release(&got);
	buf_release(&blob);
}

static void expected(const char *dir, struct buf *out)
{
	struct audit a;
	struct err e = { 0 };
	struct buf lines;
	buf_init(&lines, 0);
	CHECK(audit_init(&a, NULL, &e) == 0);
	CHECK(audit_load_refs(&a, dir, &e) == 0);
	feed(&a, dir, 0, 1L << 40);
	audit_finish(&a);
	alert_lines(&a, &lines);
	audit_release(&a);
	sort_unique(&lines, out);
	buf_release(&lines);
}

TEST(split_anywhere_gives_the_same_alerts)
{
	static const char *const dirs[] = { "tests/fixtures/audit/gen-s22-u60-d21", "tests/fixtures/audit/edge-r4",
		                            "tests/fixtures/audit/edge-r3-window", "tests/fixtures/audit/edge-r6" };
	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		struct buf want;
		buf_init(&want, 0);
		expected(dirs[d], &want);
		CHECK(want.n > 0);
		long n = 0;
		for (const char *p = buf_str(&want); *p; p++)
			n += *p == '\n';
		CHECK(n > 0);
		/* every event of the small fixtures, about 40 points of the big ones */
		char path[512];
		snprintf(path, sizeof path, "%s/events.csv", dirs[d]);
		FILE *f = fopen(path, "r");
		long events = -1;
		for (int c; f && (c = getc(f)) != EOF;)
			events += c == '\n';
		if (f)
			fclose(f);
		CHECK(events > 0);
		long step = events > 500 ? events / 37 + 1 : 1;
		for (long at = 0; at <= events; at += step)
			split_run(dirs[d], at, buf_str(&want));
		buf_release(&want);
	}
}

TEST(damaged_state_is_refused)
{
	struct audit a;
	struct err e = { 0 };
	CHECK(audit_init(&a, NULL, &e) == 0);
	CHECK(audit_state_load(&a, "nonsense", 8, &e) == ERR_INPUT);
	CHECK_HAS(e.msg, "not in a known format");
	audit_release(&a);
	struct buf blob;
	buf_init(&blob, 0);
	CHECK(audit_init(&a, NULL, &e) == 0);
	CHECK(audit_load_refs(&a, "tests/fixtures/audit/gen-s44-u61-d14", &e) == 0);
	feed(&a, "tests/fixtures/audit/gen-s44-u61-d14", 0, 2000);
	CHECK(audit_state_save(&a, &blob) == 0);
	audit_release(&a);
	for (size_t cut = 8; cut < blob.n; cut += blob.n / 7 + 1) {
		CHECK(audit_init(&a, NULL, &e) == 0);
		CHECK(audit_state_load(&a, blob.p, cut, &e) == ERR_INPUT);
		audit_release(&a);
	}
	buf_release(&blob);
}

TEST_MAIN(T(split_anywhere_gives_the_same_alerts), T(damaged_state_is_refused))
