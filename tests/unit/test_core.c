/* Unit tests for src/core: buffers, CSV reader and encoder, dates, money. */
#include "test.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/err.h"
#include "core/xalloc.h"
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

TEST(test_buf_cap_refuses_overflow)
{
	struct buf b;
	buf_init(&b, 8);
	CHECK_INT(buf_adds(&b, "12345678"), 0);
	CHECK_INT(buf_adds(&b, "9"), -1);
	CHECK(b.oom);
	CHECK_STR(buf_str(&b), "12345678");
	buf_release(&b);
}

TEST(test_buf_printf_long)
{
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 100; i++)
		buf_printf(&b, "%d-%s,", i, "abcdefghijklmnopqrstuvwxyz");
	CHECK(b.n > 2000);
	CHECK_HAS(buf_str(&b), "99-abcdefghijklmnopqrstuvwxyz,");
	buf_release(&b);
}

TEST(test_csv_quoted_fields_and_lines)
{
	const char *in = "a,b,c\r\n1,\"x, \"\"y\"\"\",3\n\"multi\nline\",,\n4,5,6";
	struct csv c;
	struct err e;
	CHECK_INT(csv_open_mem(&c, "t.csv", in, strlen(in), &e), 0);
	CHECK_INT(csv_expect_header(&c, "a,b,c", &e), 0);
	CHECK_INT(csv_next(&c, &e), 1);
	CHECK_INT(c.line, 2);
	CHECK_STR(csv_field(&c, 1), "x, \"y\"");
	CHECK_INT(csv_next(&c, &e), 1);
	CHECK_INT(c.line, 3);
	CHECK_INT(c.nf, 3);
	CHECK_STR(csv_field(&c, 0), "multi\nline");
	CHECK_STR(csv_field(&c, 2), "");
	CHECK_INT(csv_next(&c, &e), 1);
	CHECK_INT(c.line, 5);
	CHECK_STR(csv_field(&c, 2), "6");
	CHECK_INT(csv_next(&c, &e), 0);
	csv_close(&c);
}

TEST(test_csv_errors_name_line)
{
	const char *in = "a,b\n1,2\n\"open,3\n";
	struct csv c;
	struct err e;
	CHECK_INT(csv_open_mem(&c, "t.csv", in, strlen(in), &e), 0);
	CHECK_INT(csv_next(&c, &e), 1);
	CHECK_INT(csv_next(&c, &e), 1);
	CHECK_INT(csv_next(&c, &e), -1);
	CHECK_HAS(e.msg, "t.csv:3:");
	CHECK_HAS(e.msg, "unterminated quote");
	csv_close(&c);

	const char nul[] = "a\nx\0y\n";
	CHECK(csv_open_mem(&c, "n.csv", nul, sizeof nul - 1, &e) != 0);
	CHECK_HAS(e.msg, "n.csv:2: a NUL byte");
	csv_close(&c);

	const char bad[] = "a\n\xff\n";
	CHECK(csv_open_mem(&c, "u.csv", bad, sizeof bad - 1, &e) != 0);
	CHECK_HAS(e.msg, "u.csv:2: invalid UTF-8");
	csv_close(&c);
}

TEST(test_csv_cell_quotes_and_defuses_formulas)
{
	struct buf b;
	buf_init(&b, 0);
	csv_cell(&b, "plain");
	buf_addc(&b, '|');
	csv_cell(&b, "a,\"b\"");
	buf_addc(&b, '|');
	csv_cell(&b, "=HYPERLINK(\"x\")");
	buf_addc(&b, '|');
	csv_cell(&b, "@SUM(A1)");
	CHECK_STR(buf_str(&b), "plain|\"a,\"\"b\"\"\"|\"'=HYPERLINK(\"\"x\"\")\"|\"'@SUM(A1)\"");
	buf_release(&b);
}

/* Spreadsheets strip leading whitespace and read full-width operators, so
 * each of these would run as a formula without the apostrophe. */
TEST(test_csv_cell_defuses_whitespace_and_fullwidth_formulas)
{
	static const char *const bad[] = {
		" =1+1", "\n=1+1", "\t=1+1", "\r=1+1", "\v=1", "\f=1", "+1", "-1",
		"\xC2\xA0=1+1",           /* no-break space */
		"\xE3\x80\x80=1+1",       /* ideographic space */
		"\xEF\xBC\x9D" "1+1",     /* ＝ */
		"\xEF\xBC\x8B" "1",       /* ＋ */
		"\xEF\xBC\x8D" "1",       /* － */
		"\xEF\xBC\xA0" "SUM(A1)", /* ＠ */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct buf b;
		buf_init(&b, 0);
		csv_cell(&b, bad[i]);
		CHECK(csv_formula_like(bad[i]));
		CHECK(b.n > 2 && !strncmp(b.p, "\"'", 2));
		buf_release(&b);
	}
	/* Ordinary text, and other full-width letters, stay as they are. */
	static const char *const good[] = { "plain", "A =1", "\xEF\xBC\xA1" "BC", "\xC2\xA3" "12" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct buf b;
		buf_init(&b, 0);
		csv_cell(&b, good[i]);
		CHECK(!csv_formula_like(good[i]));
		CHECK_STR(buf_str(&b), good[i]);
		buf_release(&b);
	}
}

TEST(test_dates)
{
	CHECK(date_valid("2024-02-29"));
	CHECK(!date_valid("2023-02-29"));
	CHECK(!date_valid("2019-02-30"));
	CHECK(!date_valid("2019-2-03"));
	CHECK(!date_valid("2019-13-01"));
	CHECK_INT(date_days("1970-01-01"), 0);
	CHECK_INT(date_days("2026-01-01"), 20454);
	char out[11];
	date_format(20454 + 59, out);
	CHECK_STR(out, "2026-03-01");
}

/* The GOV.UK date input's three boxes: each part missing, not a number,
 * not a real date, 29 February, a two-digit year. */
TEST(test_date_parts)
{
	char iso[11] = "";
	char msg[200];
	unsigned bad = 0;
	CHECK_INT(date_parts_check("4", "12", "2026", iso, &bad), DATE_PARTS_OK);
	CHECK_STR(iso, "2026-12-04");
	CHECK_INT(date_parts_check(" 04 ", "03", " 2026", iso, &bad), DATE_PARTS_OK);
	CHECK_STR(iso, "2026-03-04");
	CHECK_INT(date_parts_check("", NULL, " ", iso, &bad), DATE_PARTS_EMPTY);
	CHECK_INT(date_parts_check("", "12", "2026", iso, &bad), DATE_PARTS_MISSING);
	CHECK_INT(bad, DATE_PART_DAY);
	CHECK_INT(date_parts_check("4", "", "2026", iso, &bad), DATE_PARTS_MISSING);
	CHECK_INT(bad, DATE_PART_MONTH);
	date_parts_message(DATE_PARTS_MISSING, bad, "Date offered", msg, sizeof msg);
	CHECK_STR(msg, "Date offered must include a month");
	CHECK_INT(date_parts_check("4", "12", "", iso, &bad), DATE_PARTS_MISSING);
	CHECK_INT(bad, DATE_PART_YEAR);
	CHECK_INT(date_parts_check("", "12", "", iso, &bad), DATE_PARTS_MISSING);
	date_parts_message(DATE_PARTS_MISSING, bad, "Date offered", msg, sizeof msg);
	CHECK_STR(msg, "Date offered must include a day and year");
	CHECK_INT(date_parts_check("4", "Dec", "2026", iso, &bad), DATE_PARTS_NOT_REAL);
	CHECK_INT(bad, DATE_PART_MONTH);
	date_parts_message(DATE_PARTS_NOT_REAL, bad, "Date offered", msg, sizeof msg);
	CHECK_STR(msg, "Date offered must be a real date");
	CHECK_INT(date_parts_check("x", "12", "2026", iso, &bad), DATE_PARTS_NOT_REAL);
	CHECK_INT(bad, DATE_PART_DAY);
	CHECK_INT(date_parts_check("31", "4", "2026", iso, &bad), DATE_PARTS_NOT_REAL);
	CHECK_INT(bad, DATE_PART_DAY);
	CHECK_INT(date_parts_check("1", "13", "2026", iso, &bad), DATE_PARTS_NOT_REAL);
	CHECK_INT(bad, DATE_PART_MONTH);
	CHECK_INT(date_parts_check("29", "2", "2025", iso, &bad), DATE_PARTS_NOT_REAL);
	CHECK_INT(date_parts_check("29", "2", "2024", iso, &bad), DATE_PARTS_OK);
	CHECK_STR(iso, "2024-02-29");
	CHECK_INT(date_parts_check("4", "12", "26", iso, &bad), DATE_PARTS_YEAR4);
	CHECK_INT(bad, DATE_PART_YEAR);
	date_parts_message(DATE_PARTS_YEAR4, bad, "Date offered", msg, sizeof msg);
	CHECK_STR(msg, "Year must include 4 numbers");
}

/* UK time: GMT in winter, BST from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October (2026: 29 March and 25 October). */
TEST(test_uk_time)
{
	int64_t spring = (int64_t)date_days("2026-03-29") * 86400 + 3600;
	int64_t autumn = (int64_t)date_days("2026-10-25") * 86400 + 3600;
	CHECK_INT(uk_offset(spring - 1), 0);
	CHECK_INT(uk_offset(spring), 3600);
	CHECK_INT(uk_offset(autumn - 1), 3600);
	CHECK_INT(uk_offset(autumn), 0);
	char d[11], out[48];
	/* 23:30 UTC on 30 June is 00:30 BST on 1 July: "today" is 1 July */
	date_uk((int64_t)date_days("2026-06-30") * 86400 + 23 * 3600 + 1800, d);
	CHECK_STR(d, "2026-07-01");
	/* in winter UTC and UK dates agree */
	date_uk((int64_t)date_days("2026-12-04") * 86400 + 23 * 3600 + 1800, d);
	CHECK_STR(d, "2026-12-04");
	CHECK_INT(date_display("2026-12-04", out, sizeof out), 0);
	CHECK_STR(out, "4 December 2026");
	CHECK_INT(date_display("2026-12-04T17:12:28Z", out, sizeof out), 0);
	CHECK_STR(out, "4 December 2026 at 5:12pm");
	CHECK_INT(date_display("2026-07-04T11:05:00Z", out, sizeof out), 0);
	CHECK_STR(out, "4 July 2026 at 12:05pm");
	CHECK_INT(date_display("2026-03-29T00:59:59Z", out, sizeof out), 0);
	CHECK_STR(out, "29 March 2026 at 12:59am");
	CHECK_INT(date_display("2026-03-29T01:00:00Z", out, sizeof out), 0);
	CHECK_STR(out, "29 March 2026 at 2am");
	CHECK_INT(date_display("2026-10-25T00:59:00Z", out, sizeof out), 0);
	CHECK_STR(out, "25 October 2026 at 1:59am");
	CHECK_INT(date_display("2026-10-25T01:00:00Z", out, sizeof out), 0);
	CHECK_STR(out, "25 October 2026 at 1am");
	CHECK_INT(date_display("2026-07-31T23:00:00Z", out, sizeof out), 0);
	CHECK_STR(out, "1 August 2026 at midnight");
	CHECK_INT(date_display("2026-01-05 12:00:00", out, sizeof out), 0);
	CHECK_STR(out, "5 January 2026 at midday");
	CHECK_INT(date_display("Imported", out, sizeof out), -1);
	CHECK_STR(out, "Imported");
}

TEST(test_money)
{
	int64_t p = -1;
	CHECK_INT(money_parse("12.5", 1000000, &p), 0);
	CHECK_INT(p, 1250);
	CHECK_INT(money_parse("\xC2\xA3" "1,200.05", 1000000, &p), 0);
	CHECK_INT(p, 120005);
	CHECK_INT(money_parse("0", 1000000, &p), 0);
	CHECK_INT(p, 0);
	CHECK(money_parse("-3", 1000000, &p) != 0);
	CHECK(money_parse("1.234", 1000000, &p) != 0);
	CHECK(money_parse("abc", 1000000, &p) != 0);
	CHECK(money_parse("", 1000000, &p) != 0);
	CHECK(money_parse("12.", 1000000, &p) != 0);
	CHECK(money_parse("20000", 1000000, &p) != 0);
	char out[32];
	money_format(123456789, out, sizeof out);
	CHECK_STR(out, "\xC2\xA3" "1,234,567.89");
	count_format(4586, out, sizeof out); /* a count as people read it */
	CHECK_STR(out, "4,586");
	count_format(999, out, sizeof out);
	CHECK_STR(out, "999");
	count_format(0, out, sizeof out);
	CHECK_STR(out, "0");
	count_format(-1234567, out, sizeof out);
	CHECK_STR(out, "-1,234,567");
}

/* xmalloc never hands back NULL: a request that cannot be met ends the
 * process (in a child here) with a message, instead of returning a pointer
 * the caller would write a half-built record through. */
TEST(test_xmalloc_aborts_with_message_when_memory_runs_out)
{
	int fd[2];
	CHECK_INT(pipe(fd), 0);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		volatile size_t huge = SIZE_MAX / 2;
		char *p = xmalloc(huge);
		_exit(p ? 0 : 3); /* reached only if xmalloc returned */
	}
	close(fd[1]);
	char msg[4096] = { 0 };
	size_t n = 0;
	ssize_t r;
	while (n < sizeof msg - 1 && (r = read(fd[0], msg + n, sizeof msg - 1 - n)) > 0)
		n += (size_t)r;
	close(fd[0]);
	int status = 0;
	CHECK_INT(waitpid(pid, &status, 0), pid);
	CHECK(!(WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 3)));
#ifndef __SANITIZE_ADDRESS__
	/* (under ASan the sanitizer's allocator refuses first, with its own report) */
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	CHECK_HAS(msg, "out of memory (malloc of");
#endif
	char *s = xstrdup("abc");
	CHECK_STR(s, "abc");
	free(s);
}

TEST_MAIN(T(test_buf_cap_refuses_overflow), T(test_buf_printf_long),
          T(test_csv_quoted_fields_and_lines), T(test_csv_errors_name_line),
          T(test_csv_cell_quotes_and_defuses_formulas),
          T(test_csv_cell_defuses_whitespace_and_fullwidth_formulas), T(test_dates), T(test_date_parts),
          T(test_uk_time), T(test_money),
          T(test_xmalloc_aborts_with_message_when_memory_runs_out))
