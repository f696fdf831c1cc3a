/* Unit tests for src/core/seen: counting strings met so far. */
#include "test.h"
#include "core/seen.h"
#include <stdio.h>

TEST(test_seen_counts_each_key)
{
	struct seen s = { 0 };
	CHECK_INT(seen_bump(&s, "a"), 0);
	CHECK_INT(seen_bump(&s, "b"), 0);
	CHECK_INT(seen_bump(&s, "a"), 1);
	CHECK_INT(seen_bump(&s, "a"), 2);
	CHECK_INT(seen_bump(&s, "b"), 1);
	CHECK_INT(seen_bump(&s, ""), 0);
	CHECK_INT(seen_bump(&s, ""), 1);
	CHECK_INT((int)s.n, 3);
	seen_free(&s);
	CHECK_INT((int)s.n, 0);
	CHECK_INT(seen_bump(&s, "a"), 0); /* usable again after seen_free */
	seen_free(&s);
}

TEST(test_seen_keeps_counts_when_it_grows)
{
	struct seen s = { 0 };
	char k[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(k, sizeof k, "key-%d", i);
		CHECK_INT(seen_bump(&s, k), 0);
	}
	CHECK(s.cap > 5000 * 2 - 1);
	for (int i = 0; i < 5000; i += 7) {
		snprintf(k, sizeof k, "key-%d", i);
		CHECK_INT(seen_bump(&s, k), 1);
	}
	CHECK_INT(seen_bump(&s, "key-0"), 2);
	CHECK_INT(seen_bump(&s, "key-5000"), 0);
	seen_free(&s);
}

TEST(test_seen_get_and_put)
{
	struct seen s = { 0 };
	int64_t v = -1;
	CHECK_INT(seen_get(&s, "x", &v), 0); /* an empty table */
	CHECK_INT((int)v, -1);
	seen_put(&s, "x", 7);
	seen_put(&s, "y", 9);
	CHECK_INT(seen_get(&s, "x", &v), 1);
	CHECK_INT((int)v, 7);
	seen_put(&s, "x", 8); /* replaced, not added */
	CHECK_INT(seen_get(&s, "x", &v), 1);
	CHECK_INT((int)v, 8);
	CHECK_INT((int)s.n, 2);
	CHECK_INT(seen_get(&s, "z", NULL), 0);
	CHECK_INT(seen_get(&s, "y", NULL), 1);
	char k[32];
	for (int i = 0; i < 3000; i++) {
		snprintf(k, sizeof k, "line-%d", i);
		seen_put(&s, k, i + 2);
	}
	CHECK_INT(seen_get(&s, "line-2999", &v), 1);
	CHECK_INT((int)v, 3001);
	CHECK_INT(seen_get(&s, "x", &v), 1); /* kept across growing */
	CHECK_INT((int)v, 8);
	seen_free(&s);
}

TEST_MAIN(T(test_seen_counts_each_key), T(test_seen_keeps_counts_when_it_grows), T(test_seen_get_and_put))
