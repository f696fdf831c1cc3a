/* test.h — Probity's small unit-test runner.
 * Each test file defines TEST(name) functions and lists them in
 * TEST_MAIN(...). A failed CHECK records the file and line and the test goes
 * on; the binary prints one line per test ("ok name" / "FAIL name") and a
 * closing "N passed, N failed", and exits non-zero on any failure. */
#ifndef PROBITY_TEST_H
#define PROBITY_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failed_;

#define TEST(name) static void name(void)

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
		test_failed_ = 1; \
	} } while (0)

#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (!a_ || !b_ || strcmp(a_, b_) != 0) { \
		fprintf(stderr, "  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, \
		        a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
		test_failed_ = 1; \
	} } while (0)

#define CHECK_INT(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) { \
		fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); \
		test_failed_ = 1; \
	} } while (0)

/* Substring check. */
#define CHECK_HAS(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	if (!h_ || !strstr(h_, n_)) { \
		fprintf(stderr, "  %s:%d: \"%.300s\" does not contain \"%s\"\n", __FILE__, __LINE__, \
		        h_ ? h_ : "(null)", n_); \
		test_failed_ = 1; \
	} } while (0)

struct test_case { const char *name; void (*fn)(void); };
#define T(fn) { #fn, fn }

#define TEST_MAIN(...) \
	int main(int argc, char **argv) { \
		static const struct test_case cases[] = { __VA_ARGS__ }; \
		int passed = 0, failed = 0; \
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) { \
			if (argc > 1 && !strstr(cases[i].name, argv[1])) continue; \
			test_failed_ = 0; \
			cases[i].fn(); \
			printf("%s %s\n", test_failed_ ? "FAIL" : "ok", cases[i].name); \
			if (test_failed_) failed++; else passed++; \
		} \
		printf("%d passed, %d failed\n", passed, failed); \
		return failed ? 1 : 0; \
	}

#endif
