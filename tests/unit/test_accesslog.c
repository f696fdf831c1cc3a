/* test_accesslog.c — the access log's keyed chain and anchors: an intact log
 * passes; an edit, a deleted row with the later rows recomputed (with the
 * old unkeyed formula, or with a wrong key), and rows cut off the end (with
 * an anchor) all fail, naming the row; rows from before the key are kept
 * and fixed by the start row; the key file must be private. Many threads
 * appending at once (the group commit) each find their own row committed
 * when alog_write returns, every row once, in one chain that verifies; a
 * failed batch fails every one of its writers and writes nothing. */
#include "test.h"
#include "fixture.h"
#include "domain/accesslog.h"
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/stat.h>

__attribute__((constructor)) static void setup(void)
{
	fixture_open("accesslog");
}

/* The chain formula over one row, as an attacker would recompute it: plain
 * SHA-256 (key NULL, the old formula) or HMAC-SHA-512-256 under key. */
static void forge(const unsigned char *key, const char *prev, int64_t id, const char *at, int64_t acc,
                  const char *user, const char *action, const char *otype, const char *oid, const char *outcome,
                  const char *detail, char out[65])
{
	char num[2][32];
	snprintf(num[0], sizeof num[0], "%" PRId64, id);
	snprintf(num[1], sizeof num[1], "%" PRId64, acc);
	const char *parts[] = { prev, num[0], at, num[1], user, action, otype, oid, outcome, detail };
	unsigned char d[32];
	crypto_auth_hmacsha512256_state hm;
	crypto_hash_sha256_state hs;
	if (key)
		crypto_auth_hmacsha512256_init(&hm, key, 32);
	else
		crypto_hash_sha256_init(&hs);
	for (size_t i = 0; i < 10; i++) {
		if (key) {
			crypto_auth_hmacsha512256_update(&hm, (const unsigned char *)parts[i], strlen(parts[i]));
			crypto_auth_hmacsha512256_update(&hm, (const unsigned char *)"\x1f", 1);
		} else {
			crypto_hash_sha256_update(&hs, (const unsigned char *)parts[i], strlen(parts[i]));
			crypto_hash_sha256_update(&hs, (const unsigned char *)"\x1f", 1);
		}
	}
	if (key)
		crypto_auth_hmacsha512256_final(&hm, d);
	else
		crypto_hash_sha256_final(&hs, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

/* Recompute prev_hash and hash of every row from `from` on with the formula
 * of forge(key), as someone covering a deletion would. */
static void recompute_from(int64_t from, const unsigned char *key)
{
	struct err e = { 0 };
	char prev[65] = "";
	store_text(st, &e, prev, sizeof prev, "SELECT hash FROM access_log WHERE id < ? ORDER BY id DESC LIMIT 1", "i",
	           from);
	int64_t max = 0;
	store_int(st, &e, &max, "SELECT MAX(id) FROM access_log", "");
	for (int64_t id = from; id <= max; id++) {
		struct stmt *s;
		store_query(st, &s, &e,
		            "SELECT at, account_id, username, action, object_type, object_id, outcome, detail "
		            "FROM access_log WHERE id = ?",
		            "i", id);
		char h[65];
		if (stmt_next(s, &e) != 1) {
			stmt_done(s);
			continue;
		}
		forge(key, prev, id, stmt_text(s, 0), stmt_int(s, 1), stmt_text(s, 2), stmt_text(s, 3), stmt_text(s, 4),
		      stmt_text(s, 5), stmt_text(s, 6), stmt_text(s, 7), h);
		stmt_done(s);
		store_exec(st, &e, "UPDATE access_log SET prev_hash = ?, hash = ? WHERE id = ?", "tti", prev, h, id);
		memcpy(prev, h, sizeof prev);
	}
}

/* Renumber rows after a deletion so the sequence has no gap. */
static void close_gap(int64_t gone)
{
	struct err e = { 0 };
	store_exec(st, &e, "UPDATE access_log SET id = id - 1 WHERE id > ?", "i", gone);
}

static int verify(const struct alog_anchor *a, size_t na, int64_t *bad, char *msg, size_t n)
{
	int64_t rows;
	struct err e = { 0 };
	msg[0] = 0;
	int rc = alog_verify_anchored(st, a, na, bad, &rows, msg, n, &e);
	if (rc < 0)
		snprintf(msg, n, "error: %s", e.msg);
	return rc;
}

/* A snapshot of the log to restore between tampering tests. */
static void snapshot(void)
{
	struct err e = { 0 };
	store_exec(st, &e, "DROP TABLE IF EXISTS saved_log", "");
	store_exec(st, &e, "CREATE TABLE saved_log AS SELECT * FROM access_log", "");
}

static void restore(void)
{
	struct err e = { 0 };
	store_exec(st, &e, "DELETE FROM access_log", "");
	store_exec(st, &e, "INSERT INTO access_log SELECT * FROM saved_log", "");
}

TEST(test_rows_from_before_the_key_are_kept_and_fixed_by_the_start_row)
{
	struct err e = { 0 };
	char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000", h[65];
	/* two rows as the unkeyed version wrote them */
	for (int64_t id = 1; id <= 2; id++) {
		forge(NULL, prev, id, "2026-01-01T00:00:00Z", 0, "system", "create", "account", "7", "ok", "", h);
		CHECK_INT(store_exec(st, &e,
		                     "INSERT INTO access_log(id, at, account_id, username, action, object_type, object_id, "
		                     "outcome, detail, prev_hash, hash) VALUES(?, '2026-01-01T00:00:00Z', 0, 'system', "
		                     "'create', 'account', '7', 'ok', '', ?, ?)",
		                     "itt", id, prev, h),
		          0);
		memcpy(prev, h, sizeof prev);
	}
	char path[4096];
	alog_key_path(st, path, sizeof path);
	unlink(path);
	int64_t bad = 0;
	char msg[300];
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 1);
	CHECK_HAS(msg, "no keyed chain");
	CHECK_INT(alog_write(st, NULL, "view", "thing", "1", "ok", "", &e), 0);
	struct stat sb;
	CHECK_INT(stat(path, &sb), 0);
	CHECK_INT(sb.st_mode & 0777, 0600);
	char action[32] = "";
	store_text(st, &e, action, sizeof action, "SELECT action FROM access_log WHERE id = 3", "");
	CHECK_STR(action, "log.keyed");
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 0);
	/* an old row edited (and the old chain recomputed) after the upgrade */
	snapshot();
	store_exec(st, &e, "UPDATE access_log SET object_id = '8' WHERE id = 2", "");
	recompute_from(2, NULL);
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 1);
	CHECK_INT(bad, 3);
	restore();
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 0);
}

static void write_rows(int n)
{
	struct err e = { 0 };
	struct actor a = { .account_id = 5, .username = "ann" };
	for (int i = 0; i < n; i++)
		alog_writei(st, &a, "view", "gift", i, "ok", "psd", &e);
}

TEST(test_intact_log_passes_with_its_anchor)
{
	write_rows(600);
	struct alog_anchor a;
	struct err e = { 0 };
	CHECK_INT(alog_head(st, &a, &e), 0);
	CHECK(a.seq > 600);
	int64_t bad = 0;
	char msg[300];
	CHECK_INT(verify(&a, 1, &bad, msg, sizeof msg), 0);
	/* the anchor line round-trips */
	char line[200];
	struct alog_anchor b;
	alog_anchor_line(&a, line, sizeof line);
	CHECK_INT(alog_anchor_parse(line, &b), 1);
	CHECK_INT(b.seq, a.seq);
	CHECK_STR(b.mac, a.mac);
	CHECK_INT(alog_anchor_parse("seq=12 mac=zz", &b), 0);
}

TEST(test_last_500_rows_cut_fail_against_the_anchor)
{
	struct alog_anchor a;
	struct err e = { 0 };
	alog_head(st, &a, &e);
	snapshot();
	store_exec(st, &e, "DELETE FROM access_log WHERE id > ?", "i", a.seq - 500);
	int64_t bad = 0;
	char msg[300];
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 0); /* why the anchor is needed */
	CHECK_INT(verify(&a, 1, &bad, msg, sizeof msg), 1);
	CHECK_HAS(msg, "the log was cut");
	CHECK_INT(bad, a.seq - 499);
	restore();
}

TEST(test_deleted_row_recomputed_unkeyed_fails)
{
	struct err e = { 0 };
	snapshot();
	store_exec(st, &e, "DELETE FROM access_log WHERE id = 100", "");
	close_gap(100);
	recompute_from(100, NULL);
	int64_t bad = 0;
	char msg[300];
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 1);
	CHECK_INT(bad, 100);
	CHECK_HAS(msg, "row 100 was altered or recomputed");
	restore();
}

TEST(test_deleted_row_recomputed_with_a_wrong_key_fails)
{
	struct err e = { 0 };
	unsigned char wrong[32];
	randombytes_buf(wrong, sizeof wrong);
	snapshot();
	store_exec(st, &e, "DELETE FROM access_log WHERE id = 200", "");
	close_gap(200);
	recompute_from(200, wrong);
	int64_t bad = 0;
	char msg[300];
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 1);
	CHECK_INT(bad, 200);
	restore();
}

TEST(test_recomputed_with_the_real_key_fails_against_the_anchor)
{
	/* someone holding the key rewrites history: only an anchor kept
	 * elsewhere catches it */
	struct err e = { 0 };
	struct alog_anchor a;
	alog_head(st, &a, &e);
	char path[4096], hex[80] = "";
	alog_key_path(st, path, sizeof path);
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (f) {
		CHECK(fgets(hex, sizeof hex, f) != NULL);
		fclose(f);
	}
	unsigned char key[32];
	size_t got = 0;
	sodium_hex2bin(key, sizeof key, hex, strlen(hex), "\n", &got, NULL);
	snapshot();
	store_exec(st, &e, "DELETE FROM access_log WHERE id = 300", "");
	close_gap(300);
	recompute_from(300, key);
	write_rows(1); /* the next row lands where the anchored one was */
	int64_t bad = 0;
	char msg[300];
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 0);
	CHECK_INT(verify(&a, 1, &bad, msg, sizeof msg), 1);
	CHECK_INT(bad, a.seq);
	CHECK_HAS(msg, "differs from the anchor");
	restore();
}

TEST(test_edited_row_fails)
{
	struct err e = { 0 };
	snapshot();
	store_exec(st, &e, "UPDATE access_log SET username = 'someone-else' WHERE id = 400", "");
	int64_t bad = 0;
	char msg[300];
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 1);
	CHECK_INT(bad, 400);
	restore();
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 0);
}

TEST(test_start_row_removed_fails)
{
	struct err e = { 0 };
	snapshot();
	store_exec(st, &e, "UPDATE access_log SET action = 'view' WHERE action = 'log.keyed'", "");
	int64_t bad = 0;
	char msg[300];
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 1);
	CHECK_HAS(msg, "no keyed chain although its key exists");
	restore();
}

TEST(test_key_readable_by_others_is_refused)
{
	char other[128];
	snprintf(other, sizeof other, "%s.otherkey", filebase);
	FILE *f = fopen(other, "w");
	fputs("0000000000000000000000000000000000000000000000000000000000000000\n", f);
	fclose(f);
	chmod(other, 0644);
	setenv(ALOG_KEY_ENV, other, 1);
	struct err e = { 0 };
	CHECK(alog_write(st, NULL, "view", "thing", "1", "ok", "", &e) != 0);
	CHECK_HAS(e.msg, "chmod 600");
	/* a missing key with keyed rows in the log: nothing is written */
	unlink(other);
	e = (struct err){ 0 };
	int64_t before = 0, after = 0;
	store_int(st, &e, &before, "SELECT COUNT(*) FROM access_log", "");
	CHECK(alog_write(st, NULL, "view", "thing", "1", "ok", "", &e) != 0);
	CHECK_HAS(e.msg, "is missing");
	store_int(st, &e, &after, "SELECT COUNT(*) FROM access_log", "");
	CHECK_INT(after, before);
	CHECK(access(other, F_OK) != 0); /* and no new key was made to cover it */
	fixture_key_restore();
}

TEST(test_list_view_is_logged_with_its_filters)
{
	struct err e = { 0 };
	struct actor a = { .account_id = 5, .username = "ann" };
	CHECK_INT(alog_list(st, &a, "gift", "register", &e, "from=%s status=%s", "2026-01-01", "submitted"), 0);
	char detail[200] = "", action[20] = "";
	store_text(st, &e, detail, sizeof detail, "SELECT detail FROM access_log ORDER BY id DESC LIMIT 1", "");
	store_text(st, &e, action, sizeof action, "SELECT action FROM access_log ORDER BY id DESC LIMIT 1", "");
	CHECK_STR(action, "list");
	CHECK_STR(detail, "from=2026-01-01 status=submitted");
}

/* ---- the group commit: many threads, one connection each (as the server's) ---- */
#define GC_THREADS 16
#define GC_ROWS 40

struct gc_thread {
	int n;
	struct store *own;
	int failed;       /* alog_write calls that returned an error */
	int unseen;       /* rows not committed (not visible to another connection) when alog_write returned */
	int64_t last_id;  /* the id of this thread's previous row */
	int out_of_order; /* a later row of this thread got a lower id */
	char msg[256];
};

static void *gc_run(void *arg)
{
	struct gc_thread *t = arg;
	struct actor a = { .account_id = 100 + t->n };
	snprintf(a.username, sizeof a.username, "gc%d", t->n);
	for (int i = 0; i < GC_ROWS; i++) {
		char oid[32];
		snprintf(oid, sizeof oid, "gc-%d-%d", t->n, i);
		struct err e = { 0 };
		if (alog_write(t->own, &a, "view", "gc", oid, "ok", "group commit", &e)) {
			t->failed++;
			snprintf(t->msg, sizeof t->msg, "%s", e.msg);
			continue;
		}
		/* committed before the call returned: another connection sees it */
		int64_t id = 0;
		if (store_int(t->own, &e, &id, "SELECT id FROM access_log WHERE object_type = 'gc' AND object_id = ?", "t",
		              oid) != 1)
			t->unseen++;
		else if (id <= t->last_id)
			t->out_of_order++;
		else
			t->last_id = id;
	}
	return NULL;
}

/* Run GC_THREADS threads of GC_ROWS appends each; *failed gets the errors.
 * capped: each connection has the web pool's waiter cap (threads - 1). */
static void gc_burst(struct gc_thread *ts, int capped, int *failed, int *unseen, int *disorder)
{
	pthread_t th[GC_THREADS];
	struct err e = { 0 };
	*failed = *unseen = *disorder = 0;
	for (int i = 0; i < GC_THREADS; i++) {
		memset(&ts[i], 0, sizeof ts[i]);
		ts[i].n = i;
		CHECK_INT(store_open(&ts[i].own, dbpath, &e), 0);
		if (capped)
			CHECK_INT(store_busy_ms(ts[i].own, 10000, GC_THREADS - 1, &e), 0);
	}
	for (int i = 0; i < GC_THREADS; i++)
		pthread_create(&th[i], NULL, gc_run, &ts[i]);
	for (int i = 0; i < GC_THREADS; i++) {
		pthread_join(th[i], NULL);
		*failed += ts[i].failed;
		*unseen += ts[i].unseen;
		*disorder += ts[i].out_of_order;
		store_close(ts[i].own);
	}
}

TEST(test_group_commit_many_threads_every_row_once_in_one_chain)
{
	struct err e = { 0 };
	struct gc_thread ts[GC_THREADS];
	int64_t before = 0, rows = 0, distinct = 0, first = 0, last = 0;
	CHECK_INT(alog_start(st, &e), 0); /* the keyed chain's start row first, when run alone */
	store_int(st, &e, &before, "SELECT COALESCE(MAX(id), 0) FROM access_log", "");
	int failed, unseen, disorder;
	gc_burst(ts, 0, &failed, &unseen, &disorder);
	CHECK_INT(failed, 0);
	if (failed)
		fprintf(stderr, "  first failure: %s\n", ts[0].msg);
	CHECK_INT(unseen, 0);   /* each call returned only once its own row was committed */
	CHECK_INT(disorder, 0); /* a thread's rows in the order it wrote them (commit order) */
	store_int(st, &e, &rows, "SELECT COUNT(*) FROM access_log WHERE object_type = 'gc'", "");
	store_int(st, &e, &distinct, "SELECT COUNT(DISTINCT object_id) FROM access_log WHERE object_type = 'gc'", "");
	store_int(st, &e, &first, "SELECT MIN(id) FROM access_log WHERE object_type = 'gc'", "");
	store_int(st, &e, &last, "SELECT MAX(id) FROM access_log WHERE object_type = 'gc'", "");
	CHECK_INT(rows, GC_THREADS * GC_ROWS);     /* every row present ... */
	CHECK_INT(distinct, GC_THREADS * GC_ROWS); /* ... once */
	CHECK_INT(first, before + 1);              /* right after the head, no gap */
	CHECK_INT(last, before + GC_THREADS * GC_ROWS);
	int64_t bad = 0;
	char msg[300] = "";
	CHECK_INT(verify(NULL, 0, &bad, msg, sizeof msg), 0);
	if (bad)
		fprintf(stderr, "  verify: %s\n", msg);
}

/* Views alone never find every waiter's place taken: with the web pool's
 * cap, a waiter whose row is in lets its place go only once it runs again,
 * while the next row already wants one; that moment is waited out (1.9% of
 * page views at 32 connections were answered 503 before). */
TEST(test_group_commit_with_the_waiter_cap_never_busy_under_views_alone)
{
	struct gc_thread ts[GC_THREADS];
	int failed, unseen, disorder;
	for (int round = 0; round < 5; round++) {
		gc_burst(ts, 1, &failed, &unseen, &disorder);
		CHECK_INT(failed, 0);
		if (failed) {
			for (int i = 0; i < GC_THREADS; i++)
				if (ts[i].failed)
					fprintf(stderr, "  round %d: %s\n", round, ts[i].msg);
			break;
		}
		CHECK_INT(unseen, 0);
	}
}

TEST(test_group_commit_failed_batch_fails_every_writer_and_writes_nothing)
{
	/* a key file others may read: every batch's leader refuses to write */
	char other[128];
	snprintf(other, sizeof other, "%s.gckey", filebase);
	FILE *f = fopen(other, "w");
	fputs("1111111111111111111111111111111111111111111111111111111111111111\n", f);
	fclose(f);
	chmod(other, 0644);
	setenv(ALOG_KEY_ENV, other, 1);
	struct err e = { 0 };
	struct gc_thread ts[GC_THREADS];
	int64_t before = 0, after = 0;
	store_int(st, &e, &before, "SELECT COUNT(*) FROM access_log", "");
	int failed, unseen, disorder;
	gc_burst(ts, 0, &failed, &unseen, &disorder);
	CHECK_INT(failed, GC_THREADS * GC_ROWS);
	CHECK_HAS(ts[GC_THREADS - 1].msg, "chmod 600");
	store_int(st, &e, &after, "SELECT COUNT(*) FROM access_log", "");
	CHECK_INT(after, before);
	unlink(other);
	fixture_key_restore();
}

TEST_MAIN(T(test_rows_from_before_the_key_are_kept_and_fixed_by_the_start_row),
          T(test_intact_log_passes_with_its_anchor), T(test_last_500_rows_cut_fail_against_the_anchor),
          T(test_deleted_row_recomputed_unkeyed_fails), T(test_deleted_row_recomputed_with_a_wrong_key_fails),
          T(test_recomputed_with_the_real_key_fails_against_the_anchor), T(test_edited_row_fails),
          T(test_start_row_removed_fails), T(test_key_readable_by_others_is_refused),
          T(test_list_view_is_logged_with_its_filters),
          T(test_group_commit_many_threads_every_row_once_in_one_chain),
          T(test_group_commit_with_the_waiter_cap_never_busy_under_views_alone),
          T(test_group_commit_failed_batch_fails_every_writer_and_writes_nothing))
