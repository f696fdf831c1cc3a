/* test_store.c — the store interface itself: the portable SQL dialect that
 * domain code may use (strpos, string_agg, control characters in literals,
 * ON CONFLICT, RETURNING, ? and ?N parameters, text bound without a copy) gives the same answers on
 * every backend, transactions nest, constraint failures map to ERR_CONFLICT,
 * and the backend is chosen by the database URI; a connection taken from a
 * pool reads the write generation once per request, and afresh after its
 * own write or the next time it is taken; a read-mostly SQLite connection
 * leaves the WAL unmerged at close and keeps what it committed. Runs on
 * the SQLite file of the fixture, and on PostgreSQL too when PROBITY_TEST_PG names a database. */
#include "test.h"
#include "fixture.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* More distinct statements than a connection keeps prepared (PostgreSQL:
 * PG_KEEP, then it forgets them all; SQLite: its own cache evicts): each
 * runs, and the first ones run again after. */
static void many_statements(struct store *s)
{
	enum { N = 3300 };
	char **sql = xcalloc(N, sizeof *sql);
	struct err e = { 0 };
	int64_t v = -1, bad = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < (pass ? 50 : N); i++) {
			if (!sql[i]) {
				sql[i] = xmalloc(32);
				snprintf(sql[i], 32, "SELECT %d + ?", i);
			}
			if (store_int(s, &e, &v, sql[i], "i", (int64_t)1) != 1 || v != i + 1)
				bad++;
		}
	CHECK_INT(bad, 0);
	for (int i = 0; i < N; i++)
		free(sql[i]);
	free(sql);
}

static void portable_functions(struct store *s)
{
	struct err e = { 0 };
	int64_t v = -1;
	CHECK_INT(store_int(s, &e, &v, "SELECT strpos('abcabc', ?)", "t", "ca"), 1);
	CHECK_INT(v, 3);
	CHECK_INT(store_int(s, &e, &v, "SELECT strpos(lower(?), lower(?))", "tt", "Gift from ACME", "acme"), 1);
	CHECK_INT(v, 11);
	CHECK_INT(store_int(s, &e, &v, "SELECT strpos('abc', 'x')", ""), 1);
	CHECK_INT(v, 0);
	char out[128];
	CHECK(!store_exec(s, &e, "CREATE TABLE IF NOT EXISTS t_store(id INTEGER PRIMARY KEY, k TEXT UNIQUE, n TEXT)", ""));
	CHECK(!store_exec(s, &e, "DELETE FROM t_store", ""));
	CHECK(!store_exec(s, &e, "INSERT INTO t_store(id, k, n) VALUES(1, 'b', 'Bea'), (2, 'a', 'Al'), (3, 'c', NULL)", ""));
	CHECK_INT(store_text(s, &e, out, sizeof out,
	                     "SELECT string_agg(n, '\n') FROM (SELECT n FROM t_store ORDER BY k) AS x", ""), 1);
	CHECK_STR(out, "Al\nBea");
	CHECK_INT(store_text(s, &e, out, sizeof out,
	                     "SELECT COALESCE((SELECT string_agg(n, ', ') FROM t_store WHERE id > 5), '-')", ""), 1);
	CHECK_STR(out, "-");
	CHECK_INT(store_text(s, &e, out, sizeof out, "SELECT 'a' || '\x1f' || 'b'", ""), 1);
	CHECK_INT(strlen(out), 3);
	CHECK_INT(out[1], 0x1f);
	/* ?N names a parameter once and uses it twice. */
	CHECK_INT(store_int(s, &e, &v, "SELECT COUNT(*) FROM t_store WHERE (?1 = '' OR k = ?1) AND id > ?2", "ti",
	                    "a", (int64_t)0), 1);
	CHECK_INT(v, 1);
	/* Upsert and RETURNING. */
	CHECK(!store_exec(s, &e, "INSERT INTO t_store(id, k, n) VALUES(4, 'a', 'Ann') ON CONFLICT(k) DO UPDATE SET n = excluded.n", ""));
	CHECK_INT(store_text(s, &e, out, sizeof out, "SELECT n FROM t_store WHERE k = 'a'", ""), 1);
	CHECK_STR(out, "Ann");
	CHECK_INT(store_int(s, &e, &v, "INSERT INTO t_store(id, k, n) VALUES(7, 'z', 'Zed') RETURNING id", ""), 1);
	CHECK_INT(v, 7);
	/* A constraint failure is a conflict, and the statement can run again. */
	e.code = 0;
	CHECK(store_exec(s, &e, "INSERT INTO t_store(id, k, n) VALUES(8, 'z', 'Zed')", ""));
	CHECK_INT(e.code, ERR_CONFLICT);
	/* Nested transactions: an inner rollback dooms the outer one. */
	CHECK(!store_begin(s, &e));
	CHECK(!store_exec(s, &e, "INSERT INTO t_store(id, k, n) VALUES(9, 'y', 'Yan')", ""));
	CHECK(!store_begin(s, &e));
	store_rollback(s);
	CHECK(store_commit(s, &e));
	CHECK_INT(store_int(s, &e, &v, "SELECT COUNT(*) FROM t_store WHERE id = 9", ""), 1);
	CHECK_INT(v, 0);
	/* Inside a transaction a failed write is undone alone (PostgreSQL: its
	 * savepoint, sent with it in one round trip): the writes before and
	 * after it stay, RETURNING answers, the commit keeps them. */
	CHECK(!store_begin(s, &e));
	CHECK(!store_exec(s, &e, "INSERT INTO t_store(id, k, n) VALUES(20, 'p', 'Pat')", ""));
	e.code = 0;
	CHECK(store_exec(s, &e, "INSERT INTO t_store(id, k, n) VALUES(21, 'p', 'Dup')", ""));
	CHECK_INT(e.code, ERR_CONFLICT);
	e.code = 0;
	CHECK(store_exec(s, &e, "UPDATE t_store SET k = 'a' WHERE id = 20", ""));
	CHECK_INT(e.code, ERR_CONFLICT);
	CHECK_INT(store_int(s, &e, &v, "INSERT INTO t_store(id, k, n) VALUES(22, 'q', 'Quin') RETURNING id", ""), 1);
	CHECK_INT(v, 22);
	CHECK(!store_commit(s, &e));
	CHECK_INT(store_int(s, &e, &v, "SELECT COUNT(*) FROM t_store WHERE (id = 20 AND k = 'p') OR id = 22", ""), 1);
	CHECK_INT(v, 2);
	CHECK_INT(store_int(s, &e, &v, "SELECT COUNT(*) FROM t_store WHERE id = 21", ""), 1);
	CHECK_INT(v, 0);
	/* 's' binds text (or NULL) like 't', without copying it. */
	char kbuf[8] = "s1";
	CHECK(!store_exec(s, &e, "INSERT INTO t_store(id, k, n) VALUES(10, ?, ?), (11, 's2', ?)", "sss", kbuf, "Sal", NULL));
	kbuf[1] = '9';
	CHECK_INT(store_text(s, &e, out, sizeof out, "SELECT k || n FROM t_store WHERE id = 10", ""), 1);
	CHECK_STR(out, "s1Sal");
	CHECK_INT(store_int(s, &e, &v, "SELECT COUNT(*) FROM t_store WHERE id = 11 AND n IS NULL", ""), 1);
	CHECK_INT(v, 1);
	/* An import's staging table (a temporary *_import_rows of this
	 * connection) moves no write generation: before, each staged row
	 * bumped it in a write transaction of its own. A real table's write
	 * still does. */
	int64_t g = store_generation(s);
	CHECK(g >= 0);
	CHECK(!store_exec(s, &e, "CREATE TEMP TABLE t_import_rows(n INTEGER PRIMARY KEY, k TEXT)", ""));
	CHECK(!store_exec(s, &e, "INSERT INTO t_import_rows(n, k) VALUES (1, 'a')", ""));
	CHECK(!store_exec(s, &e, "INSERT INTO t_import_rows (n, k) VALUES (2, 'b')", ""));
	CHECK_INT(store_int(s, &e, &v, "SELECT COUNT(*) FROM t_import_rows", ""), 1);
	CHECK_INT(v, 2);
	CHECK(!store_exec(s, &e, "DROP TABLE IF EXISTS t_import_rows", ""));
	CHECK(store_generation(s) == g);
	CHECK(!store_exec(s, &e, "INSERT INTO t_store(id, k, n) VALUES(30, 'st', 'Stu')", ""));
	CHECK(store_generation(s) > g);
	CHECK(!store_exec(s, &e, "DROP TABLE t_store", ""));
}

/* store_load: a staging table filled in bulk (COPY on PostgreSQL) reads
 * back value for value (tabs, newlines, backslashes, NULL, numbers, bytes);
 * a text that is not "INSERT INTO name(cols) VALUES (?, …)" with one ? per
 * type is refused; a failing load (a duplicate key) is reported, and on
 * PostgreSQL keeps none of its rows; the connection goes on working. */
static void bulk_load(struct store *s)
{
	struct err e = { 0 };
	struct store_load *l = NULL;
	int64_t v = -1;
	char out[128];
	static const char ins[] = "INSERT INTO t_load(n, t, x, b) VALUES (?, ?, ?, ?)";
	CHECK(!store_exec(s, &e, "CREATE TEMP TABLE t_load(n INTEGER PRIMARY KEY, t TEXT, x DOUBLE PRECISION, b BYTEA)",
	                  ""));
	CHECK(store_load_begin(s, &l, "INSERT INTO t_load(n, t) VALUES (?)", "it", &e));
	CHECK(l == NULL);
	CHECK(store_load_begin(s, &l, "UPDATE t_load SET t = ?", "t", &e));
	CHECK(!store_load_begin(s, &l, ins, "isfb", &e));
	const unsigned char bytes[] = { 0, 9, 10, 92, 255 };
	CHECK(!store_load_row(l, &e, (int64_t)1, "a\tb\nc\\d \\N e\r", 1.5, bytes, sizeof bytes));
	CHECK(!store_load_row(l, &e, (int64_t)2, (const char *)NULL, -0.25, bytes, (size_t)0));
	for (int64_t k = 3; k <= 3000; k++)
		CHECK(!store_load_row(l, &e, k, "row", (double)k, bytes, (size_t)1));
	CHECK(!store_load_end(l, 1, &e));
	CHECK_INT(store_int(s, &e, &v, "SELECT COUNT(*) FROM t_load", ""), 1);
	CHECK_INT(v, 3000);
	CHECK_INT(store_text(s, &e, out, sizeof out, "SELECT t FROM t_load WHERE n = 1", ""), 1);
	CHECK_STR(out, "a\tb\nc\\d \\N e\r");
	CHECK_INT(store_int(s, &e, &v, "SELECT COUNT(*) FROM t_load WHERE n = 2 AND t IS NULL AND x = -0.25", ""), 1);
	CHECK_INT(v, 1);
	struct stmt *q;
	CHECK(!store_query(s, &q, &e, "SELECT b FROM t_load WHERE n = 1", ""));
	CHECK_INT(stmt_next(q, &e), 1);
	size_t bn = 0;
	const unsigned char *bp = stmt_blob(q, 0, &bn);
	CHECK_INT(bn, sizeof bytes);
	CHECK(bp && !memcmp(bp, bytes, sizeof bytes));
	stmt_done(q);
	/* a duplicate key half-way */
	CHECK(!store_load_begin(s, &l, ins, "isfb", &e));
	e.code = 0;
	int failed = 0;
	for (int64_t k = 5001; k <= 5100 && !failed; k++)
		failed = store_load_row(l, &e, k, "more", 0.0, bytes, (size_t)1) != 0;
	if (!failed)
		failed = store_load_row(l, &e, (int64_t)7, "dup", 0.0, bytes, (size_t)1) != 0;
	CHECK(failed || store_load_end(l, 1, &e));
	if (failed)
		store_load_end(l, 0, NULL);
	CHECK(e.code != 0);
	CHECK_INT(store_int(s, &e, &v, "SELECT COUNT(*) FROM t_load WHERE n > 5000", ""), 1);
	CHECK_INT(v, strcmp(store_backend(s), "postgresql") ? 100 : 0);
	CHECK(!store_exec(s, &e, "DROP TABLE t_load", ""));
}

TEST(sqlite_dialect)
{
	char path[64];
	struct err e0 = { 0 };
	snprintf(path, sizeof path, "/tmp/probity-test-store-%d.db", (int)getpid());
	unlink(path);
	CHECK(!store_open(&st, path, &e0));
	if (!st)
		return;
	CHECK_STR(store_backend(st), "sqlite");
	portable_functions(st);
	many_statements(st);
	bulk_load(st);
	/* strpos and string_agg on SQLite are ours: NULL in gives NULL out. */
	struct err e = { 0 };
	int64_t v = 5;
	struct stmt *s;
	CHECK(!store_query(st, &s, &e, "SELECT strpos(NULL, 'a')", ""));
	CHECK_INT(stmt_next(s, &e), 1);
	CHECK(stmt_isnull(s, 0));
	stmt_done(s);
	CHECK_INT(store_int(st, &e, &v, "SELECT COUNT(*) FROM schema_version", ""), 1);
	CHECK(v > 0);
	/* a read-mostly connection: its commit synced on request, no
	 * checkpoint when it closes (the WAL stays), the row there on reopen */
	store_close(st);
	CHECK(!store_open(&st, path, &e0));
	store_read_mostly(st);
	CHECK(!store_exec(st, &e, "CREATE TABLE t_mostly(id INTEGER PRIMARY KEY)", ""));
	CHECK(!store_exec(st, &e, "INSERT INTO t_mostly(id) VALUES (9)", ""));
	CHECK(!store_sync(st, &e));
	store_close(st);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", path);
	CHECK(access(wal, F_OK) == 0);
	CHECK(!store_open(&st, path, &e0));
	CHECK_INT(store_int(st, &e, &v, "SELECT COUNT(*) FROM t_mostly WHERE id = 9", ""), 1);
	CHECK_INT(v, 1);
	store_close(st);
	CHECK(access(wal, F_OK) != 0); /* an ordinary close checkpoints and removes it */
	st = NULL;
	unlink(path);
	snprintf(path + strlen(path), 8, "-wal");
	unlink(path);
	path[strlen(path) - 4] = 0;
	snprintf(path + strlen(path), 8, "-shm");
	unlink(path);
}

TEST(uri_chooses_backend)
{
	CHECK(store_is_pg_uri("postgresql://probity@localhost/probity"));
	CHECK(store_is_pg_uri("postgres:///probity?host=/tmp"));
	CHECK(!store_is_pg_uri("/var/lib/probity/force.db"));
	CHECK(!store_is_pg_uri("postgresql.db"));
}

/* The password never printed: user:PASSWORD@ and password= become ***. */
TEST(uri_password_masked)
{
	char out[256];
	CHECK_STR(store_display_name("postgresql://probity:s3cret@db.force/probity", out, sizeof out),
	          "postgresql://probity:***@db.force/probity");
	CHECK_STR(store_display_name("postgres://u:p%40ss@h:5432/d?sslmode=require&password=x2&application_name=a", out,
	                             sizeof out),
	          "postgres://u:***@h:5432/d?sslmode=require&password=***&application_name=a");
	CHECK_STR(store_display_name("postgresql:///probity?host=/tmp&password=hunter2", out, sizeof out),
	          "postgresql:///probity?host=/tmp&password=***");
	CHECK_STR(store_display_name("postgresql://probity@localhost/probity", out, sizeof out),
	          "postgresql://probity@localhost/probity");
	CHECK_STR(store_display_name("/var/lib/probity/user:pw@force.db", out, sizeof out),
	          "/var/lib/probity/user:pw@force.db");
}

TEST(postgresql_dialect)
{
	const char *uri = getenv("PROBITY_TEST_PG");
	if (!uri || !*uri) {
		printf("# PROBITY_TEST_PG not set: the PostgreSQL half runs from tests/pg.sh\n");
		return;
	}
	struct store *pg = NULL;
	struct err e = { 0 };
	if (store_open(&pg, uri, &e)) {
		fprintf(stderr, "  %s\n", e.msg);
		CHECK(0);
		return;
	}
	CHECK_STR(store_backend(pg), "postgresql");
	portable_functions(pg);
	many_statements(pg);
	bulk_load(pg);
	store_close(pg);
}

static void generation_once(const char *uri)
{
	struct err e = { 0 };
	struct store_pool *pool = NULL;
	struct store *w = NULL;
	CHECK_INT(store_open(&w, uri, &e), 0);
	CHECK_INT(store_pool_open(&pool, uri, 1, &e), 0);
	if (!pool || !w) {
		fprintf(stderr, "  %s\n", e.msg);
		store_close(w);
		return;
	}
	CHECK(!store_exec(w, &e, "CREATE TABLE IF NOT EXISTS t_gen(id BIGINT PRIMARY KEY, n TEXT)", ""));
	CHECK(!store_exec(w, &e, "DELETE FROM t_gen", ""));
	struct store *c = store_pool_get(pool);
	int64_t g1 = store_generation(c);
	CHECK(g1 >= 0);
	/* a write elsewhere during the request: the request keeps its reading */
	CHECK(!store_exec(w, &e, "INSERT INTO t_gen(id, n) VALUES(1, 'elsewhere')", ""));
	CHECK_INT(store_generation(w), g1 + 1);
	CHECK_INT(store_generation(c), g1);
	/* its own write: read afresh after the commit */
	CHECK(!store_exec(c, &e, "INSERT INTO t_gen(id, n) VALUES(2, 'own')", ""));
	CHECK_INT(store_generation(c), g1 + 2);
	store_pool_put(pool, c);
	/* the next request reads it again */
	CHECK(!store_exec(w, &e, "INSERT INTO t_gen(id, n) VALUES(3, 'elsewhere again')", ""));
	c = store_pool_get(pool);
	CHECK_INT(store_generation(c), g1 + 3);
	store_pool_put(pool, c);
	/* outside a request every call reads it */
	CHECK(!store_exec(w, &e, "INSERT INTO t_gen(id, n) VALUES(4, 'and elsewhere')", ""));
	CHECK_INT(store_generation(c), g1 + 4);
	store_pool_close(pool);
	store_close(w);
}

TEST(generation_read_once_per_request)
{
	char path[128];
	snprintf(path, sizeof path, "/tmp/probity-test-store-gen-%d.db", (int)getpid());
	generation_once(path);
	const char *suffix[] = { "", "-wal", "-shm", ".logkey" };
	for (size_t i = 0; i < 4; i++) {
		char f[160];
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
	const char *uri = getenv("PROBITY_TEST_PG");
	if (uri && *uri)
		generation_once(uri);
}

TEST_MAIN(T(sqlite_dialect), T(uri_chooses_backend), T(uri_password_masked), T(postgresql_dialect),
          T(generation_read_once_per_request))
