/* test_audit.c — the audit engine's parts: the streaming CSV reader (at
 * every block and chunk size, so records straddle refills), the intern and
 * map64 tables, timestamp parsing, R4's rolling median and the rules'
 * boundaries through audit_event. Whole-file behaviour is in
 * tests/e2e/audit_scan.sh. */
#include "audit/engine.h"
#include "audit/reader.h"
#include "audit/scan.h"
#include "test.h"
#include <stdint.h>

/* Read all records of text (want fields each) into out as
 * "f1|f2|...\n" lines, errors as "ERR <msg>\n". */
static void read_all(const char *text, size_t n, size_t want, size_t block, size_t chunk, struct buf *out)
{
	struct rdr r;
	struct err e = { 0 };
	struct slice f[RDR_MAX_FIELDS];
	buf_reset(out);
	if (rdr_open_mem(&r, "t.csv", text, n, block, chunk, &e)) {
		buf_printf(out, "OPEN %s\n", e.msg);
		return;
	}
	for (;;) {
		int rc = rdr_next(&r, f, want, &e);
		if (rc == RDR_EOF)
			break;
		if (rc == RDR_BAD) {
			buf_printf(out, "ERR %s\n", e.msg);
			continue;
		}
		if (rc != RDR_OK) {
			buf_printf(out, "FATAL %s\n", e.msg);
			break;
		}
		for (size_t i = 0; i < want; i++)
			buf_printf(out, "%s%.*s", i ? "|" : "", (int)f[i].n, f[i].p);
		buf_printf(out, "@%ld\n", r.rec_line);
	}
	rdr_close(&r);
}

TEST(reader_plain_quoted_crlf_and_last_line)
{
	static const char in[] =
		"a,b,c\n"
		"\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
		",,\n"
		"\"\",\"\",\"\"\r\n"
		"\xc3\xa9,\xe6\x97\xa5,z";
	struct buf out = BUF_INIT;
	read_all(in, sizeof in - 1, 3, 0, 0, &out);
	CHECK_STR(buf_str(&out), "a|b|c@1\nx,1|say \"hi\"|two\nlines@2\n||@4\n||@5\n\xc3\xa9|\xe6\x97\xa5|z@6\n");
	buf_release(&out);
}

TEST(reader_same_records_at_every_block_and_chunk_size)
{
	/* Blocks from 64 bytes (records straddle every refill) upwards, input
	 * handed over 1..7 bytes at a time: always the same records. */
	static const char in[] =
		"ts,user,action\n"
		"2026-01-01T00:00:00Z,U1,view\n"
		"2026-01-01T00:00:01Z,\"U,2\",\"pr\"\"int\"\r\n"
		"2026-01-01T00:00:02Z,U3\n"
		"2026-01-01T00:00:03Z,\"U\n4\",export\n"
		"2026-01-01T00:00:04Z,U5,x\"y\n"
		"2026-01-01T00:00:05Z,U6,search";
	struct buf want = BUF_INIT, got = BUF_INIT;
	read_all(in, sizeof in - 1, 3, 0, 0, &want);
	CHECK_HAS(buf_str(&want), "2026-01-01T00:00:01Z|U,2|pr\"int@3\n");
	CHECK_HAS(buf_str(&want), "ERR t.csv:4:24: 2 fields, expected 3\n");
	CHECK_HAS(buf_str(&want), "2026-01-01T00:00:03Z|U\n4|export@5\n");
	CHECK_HAS(buf_str(&want), "ERR t.csv:7:26: field 3: quote inside an unquoted field");
	CHECK_HAS(buf_str(&want), "2026-01-01T00:00:05Z|U6|search@8\n");
	for (size_t block = 64; block <= 256; block += 7)
		for (size_t chunk = 1; chunk <= 7; chunk += 3) {
			read_all(in, sizeof in - 1, 3, block, chunk, &got);
			if (strcmp(buf_str(&got), buf_str(&want)) != 0) {
				fprintf(stderr, "  block %zu chunk %zu:\n%s\n", block, chunk, buf_str(&got));
				CHECK_STR(buf_str(&got), buf_str(&want));
				goto out;
			}
		}
out:
	buf_release(&want);
	buf_release(&got);
}

TEST(reader_errors_name_line_and_column_and_recover)
{
	struct buf out = BUF_INIT;
	static const char a[] = "a,b\n1,2,3\n\n\"x\"y,2\n4,\"5\n6,7\n\xff,1\n8,9\n";
	read_all(a, sizeof a - 1, 2, 0, 0, &out);
	CHECK_HAS(buf_str(&out), "ERR t.csv:2:4: more than 2 fields\n");
	CHECK_HAS(buf_str(&out), "ERR t.csv:3:1: empty line\n");
	CHECK_HAS(buf_str(&out), "ERR t.csv:4:4: field 1: text after the closing quote\n");
	/* the quote opened on line 5 is never closed: only line 5 is lost */
	CHECK_HAS(buf_str(&out), "ERR t.csv:5:3: field 2: unterminated quote");
	CHECK_HAS(buf_str(&out), "6|7@6\n");
	CHECK_HAS(buf_str(&out), "ERR t.csv:7:1: invalid UTF-8\n");
	CHECK_HAS(buf_str(&out), "8|9@8\n");
	static const char b[] = "a,b\n1,\"never closed\n";
	read_all(b, sizeof b - 1, 2, 0, 0, &out);
	CHECK_HAS(buf_str(&out), "ERR t.csv:2:3: field 2: unterminated quoted field (the quote opens here)");
	static const char c[] = "a,b\n1,2\r3\n";
	read_all(c, sizeof c - 1, 2, 0, 0, &out);
	CHECK_HAS(buf_str(&out), "ERR t.csv:2:4: carriage return not followed by a line feed");
	buf_release(&out);
}

TEST(reader_rejects_over_long_fields)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	buf_adds(&in, "a,b\n1,");
	for (int i = 0; i < RDR_FIELD_MAX; i++)
		buf_addc(&in, 'x');
	buf_adds(&in, "\n2,\"");
	for (int i = 0; i <= RDR_FIELD_MAX; i++)
		buf_addc(&in, 'y');
	buf_adds(&in, "\"\n3,4\n");
	read_all(in.p, in.n, 2, 0, 0, &out);
	CHECK(strncmp(buf_str(&out), "a|b@1\n1|xxxx", 12) == 0);       /* exactly the limit is fine */
	CHECK_HAS(buf_str(&out), "ERR t.csv:3:3: field 2: quoted field longer than 8192 bytes");
	CHECK_HAS(buf_str(&out), "3|4@4\n");
	/* a record longer than a (test-sized) buffer */
	read_all(in.p, in.n, 2, 256, 0, &out);
	CHECK_HAS(buf_str(&out), "record longer than the 256-byte buffer");
	CHECK_HAS(buf_str(&out), "3|4@");
	buf_release(&in);
	buf_release(&out);
}

TEST(reader_header_and_field_columns)
{
	struct rdr r;
	struct err e = { 0 };
	struct slice f[3];
	static const char in[] = "\xEF\xBB\xBFts,user,reason\n2026,\"U\n1\",\"R\"\n";
	CHECK_INT(rdr_open_mem(&r, "h.csv", in, sizeof in - 1, 0, 0, &e), 0);
	CHECK_INT(rdr_header(&r, "ts,user,reason", &e), 0);
	CHECK_INT(rdr_next(&r, f, 3, &e), RDR_OK);
	CHECK_INT(rdr_field_col(&r, 0), 1);
	CHECK_INT(rdr_field_col(&r, 1), 6);
	CHECK_INT(rdr_field_col(&r, 2), 4);   /* on the record's second line */
	CHECK_INT(rdr_next(&r, f, 3, &e), RDR_EOF);
	rdr_close(&r);
	static const char bad[] = "ts,usr,reason\n";
	CHECK_INT(rdr_open_mem(&r, "h.csv", bad, sizeof bad - 1, 0, 0, &e), 0);
	CHECK(rdr_header(&r, "ts,user,reason", &e) != 0);
	CHECK_HAS(e.msg, "h.csv:1:4: header field 2 is \"usr\", expected \"user\"");
	rdr_close(&r);
	CHECK_INT(rdr_open_mem(&r, "h.csv", "", 0, 0, 0, &e), 0);
	CHECK(rdr_header(&r, "ts,user,reason", &e) != 0);
	CHECK_HAS(e.msg, "h.csv: empty file");
	rdr_close(&r);
}

TEST(intern_ids_are_dense_and_exact)
{
	struct intern in;
	intern_init(&in);
	char s[64];
	uint32_t id;
	int added;
	CHECK_INT(intern_find(&in, "x", 1), -1);
	/* every length 0..40, and keys equal in their canonical words but not in bytes */
	for (int n = 0; n <= 40; n++) {
		memset(s, 'a', sizeof s);
		CHECK_INT(intern_add(&in, s, (size_t)n, &id, &added), 0);
		CHECK_INT(id, n);
		CHECK_INT(added, 1);
	}
	for (int n = 0; n <= 40; n++) {
		memset(s, 'a', sizeof s);
		CHECK_INT(intern_find(&in, s, (size_t)n), n);
		s[n / 2] = 'b';
		CHECK_INT(intern_find(&in, s, (size_t)n), n == 0 ? 0 : -1);
	}
	CHECK_INT(intern_add(&in, "a\0b", 3, &id, &added), 0);
	CHECK_INT(added, 1);
	CHECK_INT(intern_find(&in, "a\0c", 3), -1);
	CHECK_INT(intern_find(&in, "a\0b", 3), id);
	/* growth keeps every id */
	for (int i = 0; i < 20000; i++) {
		int k = snprintf(s, sizeof s, "user-%d", i);
		CHECK_INT(intern_add(&in, s, (size_t)k, &id, NULL), 0);
	}
	int bad = 0;
	for (int i = 0; i < 20000; i++) {
		int k = snprintf(s, sizeof s, "user-%d", i);
		int64_t f = intern_find(&in, s, (size_t)k);
		size_t n;
		const char *back = f < 0 ? "" : intern_str(&in, (uint32_t)f, &n);
		if (f < 0 || n != (size_t)k || memcmp(back, s, n) != 0)
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(in.n, 41 + 1 + 20000);
	intern_release(&in);
}

TEST(map64_put_get_and_grow)
{
	struct map64 m;
	map64_init(&m);
	uint32_t *v;
	CHECK(map64_get(&m, 5) == NULL);
	for (uint64_t k = 0; k < 50000; k++)
		CHECK_INT(map64_put(&m, k * 0x100000001ull, (uint32_t)k, &v), 1);
	CHECK_INT(map64_put(&m, 7 * 0x100000001ull, 99, &v), 0);
	CHECK_INT(*v, 7);
	int bad = 0;
	for (uint64_t k = 0; k < 50000; k++) {
		uint32_t *g = map64_get(&m, k * 0x100000001ull);
		bad += !g || *g != k;
	}
	CHECK_INT(bad, 0);
	CHECK(map64_get(&m, 3) == NULL);
	map64_release(&m);
}

TEST(timestamps_and_dates)
{
	int32_t d, s;
	CHECK_INT(audit_parse_ts("2026-01-01T00:00:00Z", 20, &d, &s), 0);
	CHECK_INT(d, 20454);
	CHECK_INT(s, 0);
	CHECK_INT(audit_parse_ts("2024-02-29T23:59:59Z", 20, &d, &s), 0);
	CHECK_INT(s, 86399);
	CHECK_INT(audit_parse_ts("2026-02-29T10:00:00Z", 20, &d, &s), -1);
	CHECK_INT(audit_parse_ts("2026-01-01T24:00:00Z", 20, &d, &s), -1);
	CHECK_INT(audit_parse_ts("2026-01-01T10:60:00Z", 20, &d, &s), -1);
	CHECK_INT(audit_parse_ts("2026-01-01T10:00:60Z", 20, &d, &s), -1);
	CHECK_INT(audit_parse_ts("2026-01-01 10:00:00Z", 20, &d, &s), -1);
	CHECK_INT(audit_parse_ts("2026-01-01T10:00:00", 19, &d, &s), -1);
	CHECK_INT(audit_parse_ts("2026-13-01T10:00:00Z", 20, &d, &s), -1);
	CHECK_INT(audit_parse_date("2000-02-29", 10, &d), 0);
	CHECK_INT(audit_parse_date("1900-02-29", 10, &d), -1);
	CHECK_INT(audit_parse_date("0000-01-01", 10, &d), -1);
	CHECK_INT(audit_parse_date("2026-1-01", 9, &d), -1);
}

/* Feed "ts,user,action,subject,reason" (no quoting) to a. */
static int feed(struct audit *a, const char *line, int64_t n, struct err *e)
{
	struct slice f[EV_NCOLS];
	static const int col[5] = { EV_TS, EV_USER, EV_ACTION, EV_SUBJECT, EV_REASON };
	for (int i = 0; i < EV_NCOLS; i++)
		f[i] = SLICE_LIT("x");
	const char *p = line;
	for (int i = 0; i < 5; i++) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		f[col[i]].p = p;
		f[col[i]].n = len;
		p = c ? c + 1 : p + len;
	}
	int bad;
	return audit_event(a, f, n, &bad, e);
}

static void day_events(struct audit *a, const char *user, int day, int count, int64_t *line)
{
	char ts[64];
	for (int k = 0; k < count; k++) {
		snprintf(ts, sizeof ts, "2026-01-%02dT%02d:%02d:%02dZ,%s,view,,", day, 8 + k / 3600, k / 60 % 60,
		         k % 60, user);
		struct err e = { 0 };
		feed(a, ts, ++*line, &e);
	}
}

TEST(r4_rolling_median_over_the_last_28_active_days)
{
	struct audit a;
	struct err e = { 0 };
	int64_t line = 1;
	CHECK_INT(audit_init(&a, NULL, &e), 0);
	/* days 1..6 with 10..60 events: not enough history yet */
	for (int d = 1; d <= 6; d++)
		day_events(&a, "U", d, d * 10, &line);
	day_events(&a, "U", 7, 1, &line);
	struct audit_user *u = &a.u[0];
	CHECK_INT(u->nhist, 6);
	CHECK_INT(u->r4_fire, 0);
	/* day 8 sees 7 previous days: 1 10 20 30 40 50 60 -> median 30, T = max(100, 120) */
	day_events(&a, "U", 8, 1, &line);
	u = &a.u[0];
	CHECK_INT(u->nhist, 7);
	CHECK_INT(u->r4_median2, 60);
	CHECK_INT(u->r4_fire, 121);
	/* 8 previous days (even): 1 1 10 20 30 40 50 60 -> median (20 + 30) / 2 */
	day_events(&a, "U", 9, 1, &line);
	u = &a.u[0];
	CHECK_INT(u->r4_median2, 50);
	CHECK_INT(u->r4_fire, 101);
	/* after 30 more days of 45 the window holds only those: median 45, T 180 */
	for (int d = 10; d <= 31; d++)
		day_events(&a, "U", d, 45, &line);
	u = &a.u[0];
	CHECK_INT(u->nhist, 28);
	int sorted = 1;
	for (int i = 1; i < u->nhist; i++)
		sorted &= a.uh[0].sorted[i - 1] <= a.uh[0].sorted[i];
	CHECK(sorted);
	CHECK_INT(a.uh[0].sorted[0], 1);          /* day 7 and 8 (1 each) and 9 are still in */
	CHECK_INT(u->r4_fire, 181);
	audit_finish(&a);
	CHECK_INT(a.nalerts, 0);
	audit_release(&a);
}

TEST(r4_fires_at_threshold_plus_one_and_r6_at_50_per_clock_hour)
{
	struct audit a;
	struct err e = { 0 };
	int64_t line = 1;
	CHECK_INT(audit_init(&a, NULL, &e), 0);
	for (int d = 1; d <= 7; d++)
		day_events(&a, "U", d, 5, &line);
	day_events(&a, "U", 8, 100, &line);      /* exactly T = 100: nothing */
	CHECK_INT(a.nalerts, 0);
	day_events(&a, "U", 9, 101, &line);
	CHECK_INT(a.nalerts, 1);
	CHECK_INT(a.alerts[0].rule, AUDIT_R4);
	CHECK(memcmp(a.alerts[0].ts, "2026-01-09T08:01:40Z", 20) == 0);
	CHECK_INT(feed(&a, "2026-01-10T10:59:59Z,P,print,,", 1, &e), 0);
	for (int k = 0; k < 49; k++)
		CHECK_INT(feed(&a, "2026-01-10T11:00:00Z,P,export,,", 1, &e), 0);
	CHECK_INT(a.nalerts, 1);                 /* 1 + 49 across two clock hours */
	CHECK_INT(feed(&a, "2026-01-10T11:30:00Z,P,print,,", 1, &e), 0);
	CHECK_INT(a.nalerts, 2);
	CHECK_INT(a.alerts[1].rule, AUDIT_R6);
	audit_finish(&a);
	CHECK_INT(a.alerts[0].count, 101);
	CHECK_INT(a.alerts[1].count, 50);
	audit_release(&a);
}

TEST(r3_window_is_30_days_and_out_of_order_is_refused)
{
	struct audit a;
	struct err e = { 0 };
	struct slice v[2] = { SLICE_LIT("V"), SLICE_LIT("flag") };
	int bad = -1;
	CHECK_INT(audit_init(&a, NULL, &e), 0);
	CHECK_INT(audit_add_vulnerable(&a, v, &bad, &e), 0);
	CHECK_INT(feed(&a, "2026-01-01T10:00:00Z,A,view,V,", 2, &e), 0);
	CHECK_INT(feed(&a, "2026-01-01T10:00:00Z,B,view,V,", 3, &e), 0);
	CHECK_INT(feed(&a, "2026-01-16T10:00:00Z,B,view,V,", 4, &e), 0);
	CHECK_INT(feed(&a, "2026-01-16T10:00:00Z,A,view,V,", 5, &e), 0);
	CHECK_INT(feed(&a, "2026-01-30T10:00:00Z,A,view,V,", 6, &e), 0);   /* 1, 16, 30: 29 apart */
	CHECK_INT(a.nalerts, 1);
	CHECK_INT(feed(&a, "2026-01-29T10:00:00Z,B,view,V,", 7, &e), ERR_INPUT);
	CHECK_HAS(e.msg, "out of time order: 2026-01-29T10:00:00Z is before the previous event's 2026-01-30T10:00:00Z");
	CHECK_INT(feed(&a, "2026-01-31T10:00:00Z,B,view,V,", 8, &e), 0);   /* 1, 16, 31: 30 apart */
	CHECK_INT(feed(&a, "2026-01-31T10:00:0Z,B,view,V,", 9, &e), ERR_INPUT);
	CHECK_HAS(e.msg, "timestamp \"2026-01-31T10:00:0Z\" is not a valid");
	CHECK_INT(a.nalerts, 1);
	CHECK_INT(feed(&a, "2026-02-01T10:00:00Z,B,view,V,", 10, &e), 0);  /* 16, 31, 32 */
	CHECK_INT(a.nalerts, 2);
	CHECK_INT(a.events, 7);
	audit_finish(&a);
	CHECK_INT(a.alerts[1].ndays, 3);
	CHECK_INT(a.alerts[1].days[0].line, 4);
	audit_release(&a);
}

TEST(config_is_validated)
{
	struct audit a;
	struct audit_config c;
	struct err e = { 0 };
	audit_config_default(&c);
	c.r4_window = AUDIT_R4_MAX + 1;
	CHECK_INT(audit_init(&a, &c, &e), ERR_INPUT);
	audit_config_default(&c);
	c.r3_days = 1;
	CHECK_INT(audit_init(&a, &c, &e), ERR_INPUT);
	audit_config_default(&c);
	c.r3_days = 2;
	c.r6_count = 3;
	CHECK_INT(audit_init(&a, &c, &e), 0);
	for (int k = 0; k < 3; k++)
		feed(&a, "2026-01-01T10:00:00Z,P,print,,", 1, &e);
	CHECK_INT(a.nalerts, 1);
	audit_release(&a);
}

TEST_MAIN(T(reader_plain_quoted_crlf_and_last_line), T(reader_same_records_at_every_block_and_chunk_size),
          T(reader_errors_name_line_and_column_and_recover), T(reader_rejects_over_long_fields),
          T(reader_header_and_field_columns), T(intern_ids_are_dense_and_exact), T(map64_put_get_and_grow),
          T(timestamps_and_dates), T(r4_rolling_median_over_the_last_28_active_days),
          T(r4_fires_at_threshold_plus_one_and_r6_at_50_per_clock_hour),
          T(r3_window_is_30_days_and_out_of_order_is_refused), T(config_is_validated))
