/* test_store.c — the store interface itself: the portable SQL dialect that
 * domain code may use (strpos, string_agg, control characters in literals,
 * ON CONFLICT, RETURNING, ? and ?N parameters, text bound without a copy) gives the same answers on
 * every backend, transactions nest, constraint failures map to ERR_CONFLICT,
 * and the backend is chosen by the database URI. Runs on the SQLite file of
 * the fixture, and on PostgreSQL too when PROBITY_TEST_PG names a database. */
#include "test.h"
#include "fixture.h"
#include <unistd.h>

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
	CHECK(!store_exec(s, &e, "INSERT INTO t_store(id, k, n) VALUES(20, 'st', 'Stu')", ""));
	CHECK(store_generation(s) > g);
	CHECK(!store_exec(s, &e, "DROP TABLE t_store", ""));
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
	store_close(st);
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
	store_close(pg);
}

TEST_MAIN(T(sqlite_dialect), T(uri_chooses_backend), T(uri_password_masked), T(postgresql_dialect))
