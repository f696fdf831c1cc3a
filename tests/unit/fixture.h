/* fixture.h — the database fixture the domain unit tests share: a fresh
 * database under /tmp for this process, people imported from HR rows,
 * accounts added and loaded as actors; removed (with its -wal and -shm
 * files) at exit. Include after test.h; one test file is one program, so
 * st and dbpath are that program's.
 *
 *   __attribute__((constructor)) static void setup(void)
 *   {
 *       fixture_open("gifts");
 *       static const char *const hr[] = { "1,Ann,Boss,officer,Inspector,Team,,,2010-01-01,", NULL };
 *       fixture_people(hr);
 *       fixture_account("boss", "1", 0, &manager);
 *   } */
#ifndef PROBITY_TEST_FIXTURE_H
#define PROBITY_TEST_FIXTURE_H

#include "core/err.h"
#include "domain/actor.h"
#include "domain/auth.h"
#include "domain/people.h"
#include "store/store.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static struct store *st;
static char dbpath[512];
static char filebase[64]; /* /tmp/probity-test-NAME-PID.db: a prefix for the test's own files */
static char fixture_keypath[80];

/* Load the actor for an existing account. */
/* On PostgreSQL (pg), plans made generic and sequential scans off (on),
 * or both reset (!on): a test's few rows would be read whole otherwise.
 * 0, or -1. */
static inline int plan_generic(int pg, int on)
{
	struct err e = { 0 };
	if (!pg)
		return 0;
	return store_exec(st, &e, on ? "SET plan_cache_mode = force_generic_plan" : "RESET plan_cache_mode", "") ||
	       store_exec(st, &e, on ? "SET enable_seqscan = off" : "RESET enable_seqscan", "");
}

/* A query plan's lines, one per line, into plan (cap bytes, cut short when
 * full): EXPLAIN QUERY PLAN's detail column on SQLite, EXPLAIN's one column
 * on PostgreSQL. Finishes s. */
static inline void plan_read(struct stmt *s, int pg, char *plan, size_t cap, struct err *e)
{
	size_t k = 0;
	plan[0] = 0;
	while (stmt_next(s, e) == 1) {
		const char *line = stmt_text(s, pg ? 0 : 3);
		k += (size_t)snprintf(plan + k, k < cap ? cap - k : 0, "%s\n", line ? line : "");
		if (k >= cap)
			k = cap - 1;
	}
	stmt_done(s);
}

static inline void fixture_load(const char *user, struct actor *a)
{
	int64_t id;
	struct err e;
	account_id_by_username(st, user, &id, &e);
	actor_load(st, id, a, &e);
}

static inline void fixture_teardown(void)
{
	store_close(st);
	unlink(dbpath);
	char p[80];
	snprintf(p, sizeof p, "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", dbpath);
	unlink(p);
	snprintf(p, sizeof p, "%s.logkey", dbpath); /* the access log key beside it */
	unlink(p);
	if (*fixture_keypath)
		unlink(fixture_keypath);
}

/* Open a new database /tmp/probity-test-NAME-PID.db into st (exit 1 when it
 * cannot) and remove it at exit. With PROBITY_TEST_DB set (tests/pg.sh: a
 * fresh, empty postgresql:// database per test binary) that database is
 * used instead, its access log key in /tmp/probity-test-NAME-PID.logkey. */
static inline void fixture_open(const char *name)
{
	struct err e = { 0 };
	const char *uri = getenv("PROBITY_TEST_DB");
	snprintf(dbpath, sizeof dbpath, "/tmp/probity-test-%s-%d.db", name, (int)getpid());
	unlink(dbpath);
	snprintf(filebase, sizeof filebase, "%s", dbpath);
	if (uri && *uri) {
		snprintf(fixture_keypath, sizeof fixture_keypath, "/tmp/probity-test-%s-%d.logkey", name, (int)getpid());
		unlink(fixture_keypath);
		setenv("PROBITY_LOG_KEY", fixture_keypath, 1);
		snprintf(dbpath, sizeof dbpath, "%s", uri);
	}
	auth_init();
	if (store_open(&st, dbpath, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
	atexit(fixture_teardown);
}

/* Put back the access log key the fixture uses, after a test named another. */
static inline void fixture_key_restore(void)
{
	if (*fixture_keypath)
		setenv("PROBITY_LOG_KEY", fixture_keypath, 1);
	else
		unsetenv("PROBITY_LOG_KEY");
}

/* Import people from HR rows (PEOPLE_HEADER columns, NULL-terminated list);
 * exit 1 when the import fails. */
static inline void fixture_people(const char *const *rows)
{
	struct err e = { 0 };
	struct import_stats s;
	char hr[80];
	snprintf(hr, sizeof hr, "%s-hr.csv", filebase);
	FILE *f = fopen(hr, "w");
	if (!f) {
		perror(hr);
		exit(1);
	}
	fprintf(f, "%s\n", PEOPLE_HEADER);
	for (; *rows; rows++)
		fprintf(f, "%s\n", *rows);
	fclose(f);
	if (people_import(st, hr, 0, &s, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
	unlink(hr);
}

/* Write text to path; 0, or -1 when it cannot. */
static inline int fixture_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* Add an account (staff_number NULL for one with no person) and, when a is
 * not NULL, load it as an actor. */
static inline void fixture_account(const char *user, const char *staff_number, int roles, struct actor *a)
{
	struct err e = { 0 };
	account_add(st, user, "long-password-1", staff_number, roles, NULL, &e);
	if (a)
		fixture_load(user, a);
}

#endif
