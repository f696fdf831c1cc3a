/* store_sqlite.c — the SQLite backend of store.h (a driver.h table).
 * WAL mode for crash safety and concurrent readers, foreign keys on,
 * synchronous=NORMAL (durable at each commit under WAL on a crash of the
 * process; FULL for power loss is set by PROBITY_SYNC_FULL=1), a busy
 * timeout so writers queue instead of failing; BEGIN IMMEDIATE takes the
 * write lock when a transaction starts. The threads of one process queue
 * for it first on a mutex per database file (struct writer), held from
 * BEGIN to COMMIT or ROLLBACK and around a write outside a transaction, so
 * they hand the lock on at once instead of polling for it in sleeps; the
 * busy handler's sleeps remain only for other processes' writers.
 * Dialect: store.h's portable SQL runs here as written; the two functions
 * PostgreSQL has and SQLite lacks — strpos(haystack, needle) and the
 * aggregate string_agg(value, separator) — are added to every connection. */
#include "store/driver.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include <sqlite3.h>
#include <stdarg.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 256

struct sl_stmt {
	struct stmt base;
	sqlite3_stmt *s;
	const char *sql;
	int in_use;
	int cached;
	int owns; /* a write outside a transaction holding the writer mutex */
};

/* The process's writers of one database file queue on its mutex. */
struct writer {
	char path[1024];
	pthread_mutex_t mu;
};
#define WRITERS 16
static struct writer writers[WRITERS];
static int nwriters;
static pthread_mutex_t writers_mu = PTHREAD_MUTEX_INITIALIZER;

struct sl_store {
	struct store base;
	sqlite3 *db;
	struct sl_stmt cache[CACHE_SLOTS];
	int busy_ms, max_waiters; /* store_busy_ms; 0 waiters: no cap */
	int waiting;              /* this connection counts in lock_waiters */
	int queued;               /* waited for the writer mutex: the busy handler's wait goes on from then */
	struct timespec wait_from;
	struct writer *w;         /* NULL: a database of its own (":memory:") */
	int holds;                /* this connection holds w->mu */
};

/* Connections of this process waiting for the write lock now. A server's
 * pool lets at most max_waiters of its connections wait (the rest fail at
 * once with ERR_BUSY), so threads stay free for /healthz and for readers
 * while an import holds the lock. */
static atomic_int lock_waiters;

#define SL(st) ((struct sl_store *)(st))
#define SS(s) ((struct sl_stmt *)(s))

/* sqlite3_busy_handler for a connection with store_busy_ms: wait in 5 ms
 * steps up to busy_ms, if fewer than max_waiters others are waiting. */
static int on_busy(void *arg, int count)
{
	struct sl_store *s = arg;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0 && s->queued) {
		s->queued = 0; /* wait_from was set when it queued for the writer mutex */
	} else if (count == 0) {
		if (s->max_waiters && !s->waiting) {
			if (atomic_fetch_add(&lock_waiters, 1) >= s->max_waiters) {
				atomic_fetch_sub(&lock_waiters, 1);
				return 0;
			}
			s->waiting = 1;
		}
		s->wait_from = now;
	}
	long ms = (now.tv_sec - s->wait_from.tv_sec) * 1000 + (now.tv_nsec - s->wait_from.tv_nsec) / 1000000;
	if (ms >= s->busy_ms)
		return 0;
	struct timespec step = { 0, 5 * 1000000 };
	nanosleep(&step, NULL);
	return 1;
}

/* After a statement that may have waited: no longer counted as waiting. */
static void wait_over(struct sl_store *s)
{
	if (s->waiting) {
		s->waiting = 0;
		atomic_fetch_sub(&lock_waiters, 1);
	}
}

int store_wait_enter(struct store *st)
{
	if (st->drv != &store_sqlite_driver || !SL(st)->max_waiters)
		return 0;
	struct sl_store *s = SL(st);
	if (s->waiting)
		return 1;
	if (atomic_fetch_add(&lock_waiters, 1) >= s->max_waiters) {
		atomic_fetch_sub(&lock_waiters, 1);
		return -1;
	}
	s->waiting = 1;
	return 1;
}

void store_wait_leave(struct store *st)
{
	if (st->drv == &store_sqlite_driver)
		wait_over(SL(st));
}

/* The writer mutex for path, shared by the process's connections to it;
 * NULL for an in-memory database (each is its own) or when the table is
 * full (then SQLite's own lock and busy handler alone). */
static struct writer *writer_for(const char *path)
{
	if (!*path || !strcmp(path, ":memory:") || !strncmp(path, "file:", 5))
		return NULL;
	struct writer *w = NULL;
	pthread_mutex_lock(&writers_mu);
	for (int i = 0; i < nwriters && !w; i++)
		if (!strcmp(writers[i].path, path))
			w = &writers[i];
	if (!w && nwriters < WRITERS && strlen(path) < sizeof writers[0].path) {
		w = &writers[nwriters++];
		snprintf(w->path, sizeof w->path, "%s", path);
		pthread_mutex_init(&w->mu, NULL);
	}
	pthread_mutex_unlock(&writers_mu);
	return w;
}

/* Queue for the writer mutex: at once when free; else as a waiter (one of
 * max_waiters, or ERR_BUSY at once) for up to busy_ms (10 s without
 * store_busy_ms), then ERR_BUSY. */
static int writer_lock(struct store *st, struct err *e)
{
	struct sl_store *s = SL(st);
	if (!s->w || s->holds)
		return 0;
	if (pthread_mutex_trylock(&s->w->mu) == 0) {
		s->holds = 1;
		return 0;
	}
	if (store_wait_enter(st) < 0) {
		err_set(&st->last, ERR_BUSY, "database is locked (every waiter's place is taken)");
		return err_set(e, ERR_BUSY, "%s", st->last.msg);
	}
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &s->wait_from);
	clock_gettime(CLOCK_REALTIME, &until);
	long ms = s->busy_ms ? s->busy_ms : 10000;
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	int rc = pthread_mutex_timedlock(&s->w->mu, &until);
	if (rc) {
		wait_over(s);
		err_set(&st->last, ERR_BUSY, "database is locked (waited %ld ms for this process's writer)", ms);
		return err_set(e, ERR_BUSY, "%s", st->last.msg);
	}
	s->holds = 1;
	s->queued = 1;
	return 0;
}

static void writer_unlock(struct sl_store *s)
{
	s->queued = 0;
	if (s->holds) {
		s->holds = 0;
		pthread_mutex_unlock(&s->w->mu);
	}
}

/* The write lock stayed taken past the busy timeout: ERR_BUSY, so the
 * server answers 503 "try again" rather than 500; a full disk: ERR_FULL
 * (503 "service unavailable" and the administrators' banner). */
static int code_of(struct store *st)
{
	int rc = sqlite3_errcode(SL(st)->db);
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? ERR_BUSY : rc == SQLITE_FULL ? ERR_FULL : ERR_DB;
}

static int db_err(struct store *st, struct err *e, const char *what)
{
	int code = code_of(st);
	err_set(&st->last, code, "%s: %s", what, sqlite3_errmsg(SL(st)->db));
	return err_set(e, code, "%s", st->last.msg);
}

static int sl_script(struct store *st, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(SL(st)->db, sql, NULL, NULL, &msg);
	wait_over(SL(st));
	if (rc != SQLITE_OK) {
		int code = code_of(st);
		err_set(&st->last, code, "%s", msg ? msg : sqlite3_errmsg(SL(st)->db));
		err_set(e, code, "%s", st->last.msg);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* strpos(haystack, needle): 1-based byte position of needle, 0 when absent,
 * as PostgreSQL's (NULL when either is NULL). */
static void fn_strpos(sqlite3_context *c, int argc, sqlite3_value **v)
{
	(void)argc;
	if (sqlite3_value_type(v[0]) == SQLITE_NULL || sqlite3_value_type(v[1]) == SQLITE_NULL) {
		sqlite3_result_null(c);
		return;
	}
	const char *h = (const char *)sqlite3_value_text(v[0]);
	const char *n = (const char *)sqlite3_value_text(v[1]);
	const char *p = h && n ? strstr(h, n) : NULL;
	sqlite3_result_int64(c, p ? (sqlite3_int64)(p - h) + 1 : 0);
}

/* string_agg(value, separator): values joined in row order, NULL values
 * skipped, NULL when there were none — as PostgreSQL's. */
struct agg {
	struct buf b;
	int any;
};

static void fn_agg_step(sqlite3_context *c, int argc, sqlite3_value **v)
{
	(void)argc;
	struct agg *a = sqlite3_aggregate_context(c, sizeof *a);
	if (!a || sqlite3_value_type(v[0]) == SQLITE_NULL)
		return;
	if (a->any) {
		const char *sep = (const char *)sqlite3_value_text(v[1]);
		buf_adds(&a->b, sep ? sep : "");
	}
	const char *t = (const char *)sqlite3_value_text(v[0]);
	buf_adds(&a->b, t ? t : "");
	a->any = 1;
}

static void fn_agg_final(sqlite3_context *c)
{
	struct agg *a = sqlite3_aggregate_context(c, 0);
	if (!a || !a->any)
		sqlite3_result_null(c);
	else
		sqlite3_result_text(c, buf_str(&a->b), (int)a->b.n, SQLITE_TRANSIENT);
	if (a)
		buf_release(&a->b);
}

static void sl_close(struct store *st)
{
	if (!st)
		return;
	struct sl_store *s = SL(st);
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (s->cache[i].s)
			sqlite3_finalize(s->cache[i].s);
	sqlite3_close(s->db);
	if (s->w)
		writer_unlock(s);
	free(s);
}

/* PROBITY_SQL_SLOW_MS=N: every statement that ran N ms or more (from its
 * first step to its reset) to stderr with its time, for measuring a page
 * statement by statement (docs/performance.md). */
static int on_profile(unsigned type, void *ctx, void *p, void *x)
{
	long long ns = *(const sqlite3_int64 *)x;
	if (type == SQLITE_TRACE_PROFILE && ns >= *(const long long *)ctx) {
		const char *sql = sqlite3_sql((sqlite3_stmt *)p);
		fprintf(stderr, "probity: sql %.1f ms: %.300s\n", (double)ns / 1e6, sql ? sql : "");
	}
	return 0;
}
static long long slow_ns;

/* Debian's SQLite keeps memory statistics by default: every allocation and
 * free takes one process-wide mutex to count them. Nothing here reads those
 * figures, and the web server's threads each allocate for every statement.
 * Before any connection opens (both opens below): sqlite3_config refuses
 * once SQLite is initialised. */
static pthread_once_t sl_configured = PTHREAD_ONCE_INIT;
static void sl_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sl_open(struct store **out, const char *path, struct err *e)
{
	*out = NULL;
	pthread_once(&sl_configured, sl_configure);
	struct sl_store *s = xcalloc(1, sizeof *s);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		err_set(e, ERR_DB, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
		sl_close(&s->base);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 10000);
	if (getenv("PROBITY_SQL_SLOW_MS")) {
		slow_ns = atoll(getenv("PROBITY_SQL_SLOW_MS")) * 1000000LL;
		sqlite3_trace_v2(s->db, SQLITE_TRACE_PROFILE, on_profile, &slow_ns);
	}
	const int fl = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
	if (sqlite3_create_function(s->db, "strpos", 2, fl, NULL, fn_strpos, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(s->db, "string_agg", 2, SQLITE_UTF8, NULL, NULL, fn_agg_step, fn_agg_final) !=
	            SQLITE_OK) {
		err_set(e, ERR_DB, "%s: %s", path, sqlite3_errmsg(s->db));
		sl_close(&s->base);
		return -1;
	}
	const char *sync = getenv("PROBITY_SYNC_FULL") ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
	if (sl_script(&s->base, "PRAGMA journal_mode=WAL", e) || sl_script(&s->base, sync, e) ||
	    sl_script(&s->base, "PRAGMA foreign_keys=ON", e) || sl_script(&s->base, "PRAGMA temp_store=MEMORY", e)) {
		char msg[400];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		sl_close(&s->base);
		return err_set(e, ERR_DB, "%s: %s", path, msg);
	}
	s->w = writer_for(path);
	*out = &s->base;
	return 0;
}

static struct sl_stmt *prepare(struct store *st, const char *sql, struct err *e)
{
	struct sl_store *ss = SL(st);
	size_t h = ((uintptr_t)sql >> 3) % CACHE_SLOTS;
	for (size_t k = 0; k < CACHE_SLOTS; k++) {
		struct sl_stmt *c = &ss->cache[(h + k) % CACHE_SLOTS];
		if (c->sql == sql && !c->in_use) {
			c->in_use = 1;
			return c;
		}
		if (!c->sql) {
			if (sqlite3_prepare_v2(ss->db, sql, -1, &c->s, NULL) != SQLITE_OK) {
				db_err(st, e, "prepare");
				c->s = NULL;
				return NULL;
			}
			c->sql = sql;
			c->base.st = st;
			c->in_use = 1;
			c->cached = 1;
			return c;
		}
	}
	/* Cache full or the cached copy is busy (a nested use): a one-off. */
	struct sl_stmt *c = xcalloc(1, sizeof *c);
	if (sqlite3_prepare_v2(ss->db, sql, -1, &c->s, NULL) != SQLITE_OK) {
		db_err(st, e, "prepare");
		free(c);
		return NULL;
	}
	c->sql = sql;
	c->base.st = st;
	c->in_use = 1;
	return c;
}

static void sl_done(struct stmt *st)
{
	struct sl_stmt *s = SS(st);
	if (s->owns) { /* a write outside a transaction ended early */
		s->owns = 0;
		writer_unlock(SL(s->base.st));
	}
	if (s->cached) {
		sqlite3_reset(s->s);
		sqlite3_clear_bindings(s->s);
		s->in_use = 0;
	} else {
		sqlite3_finalize(s->s);
		free(s);
	}
}

static int bindv(struct sl_stmt *s, struct err *e, const char *types, va_list ap)
{
	int rc = SQLITE_OK;
	for (int i = 1; *types && rc == SQLITE_OK; types++, i++) {
		switch (*types) {
		case 'i': rc = sqlite3_bind_int64(s->s, i, va_arg(ap, int64_t)); break;
		case 'd': rc = sqlite3_bind_int(s->s, i, va_arg(ap, int)); break;
		case 'f': rc = sqlite3_bind_double(s->s, i, va_arg(ap, double)); break;
		case 't': {
			const char *t = va_arg(ap, const char *);
			rc = t ? sqlite3_bind_text(s->s, i, t, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s->s, i);
			break;
		}
		case 's': { /* text the caller keeps until the statement is done: not copied */
			const char *t = va_arg(ap, const char *);
			rc = t ? sqlite3_bind_text(s->s, i, t, -1, SQLITE_STATIC) : sqlite3_bind_null(s->s, i);
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			rc = sqlite3_bind_blob(s->s, i, p, (int)n, SQLITE_TRANSIENT);
			break;
		}
		default:
			return err_set(e, ERR_INTERNAL, "bad bind type '%c'", *types);
		}
	}
	if (rc != SQLITE_OK)
		return db_err(s->base.st, e, "bind");
	return 0;
}

static int sl_query(struct store *st, struct stmt **out, struct err *e, const char *sql, const char *types,
                    va_list ap)
{
	*out = NULL;
	struct sl_stmt *s = prepare(st, sql, e);
	if (!s)
		return -1;
	if (bindv(s, e, types, ap)) {
		sl_done(&s->base);
		return -1;
	}
	*out = &s->base;
	return 0;
}

static int sl_next(struct stmt *st, struct err *e)
{
	sqlite3_stmt *p = SS(st)->s;
	struct sl_store *ss = SL(st->st);
	/* a write outside a transaction commits as it ends: the writer mutex
	 * from its first step to then */
	int own = ss->w && !ss->holds && st->st->txn_depth == 0 && !sqlite3_stmt_busy(p) && !sqlite3_stmt_readonly(p);
	if (own) {
		if (writer_lock(st->st, e))
			return -1;
		SS(st)->owns = 1;
	}
	int rc = sqlite3_step(p);
	wait_over(ss);
	if (SS(st)->owns && rc != SQLITE_ROW) {
		SS(st)->owns = 0;
		writer_unlock(ss);
	}
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT)
		err_set(e, ERR_CONFLICT, "%s", sqlite3_errmsg(SL(st->st)->db));
	else
		db_err(st->st, e, "step");
	return -1;
}

static int64_t sl_int(struct stmt *s, int col) { return sqlite3_column_int64(SS(s)->s, col); }
static double sl_double(struct stmt *s, int col) { return sqlite3_column_double(SS(s)->s, col); }
static int sl_isnull(struct stmt *s, int col) { return sqlite3_column_type(SS(s)->s, col) == SQLITE_NULL; }

static const char *sl_text(struct stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(SS(s)->s, col);
	return t ? (const char *)t : "";
}

static const void *sl_blob(struct stmt *s, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(SS(s)->s, col);
	*n = (size_t)sqlite3_column_bytes(SS(s)->s, col);
	return p;
}

static int sl_begin(struct store *st, struct err *e)
{
	if (writer_lock(st, e))
		return -1;
	int rc = sl_script(st, "BEGIN IMMEDIATE", e);
	if (rc)
		writer_unlock(SL(st));
	return rc;
}
static int sl_commit(struct store *st, struct err *e)
{
	int rc = sl_script(st, "COMMIT", e);
	if (rc == 0)
		writer_unlock(SL(st)); /* a failed COMMIT is rolled back next (store_commit): held till then */
	return rc;
}
static void sl_rollback(struct store *st)
{
	sl_script(st, "ROLLBACK", NULL);
	writer_unlock(SL(st));
}
static int sl_cache_mib(struct store *st, int mib, struct err *e)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", mib > 0 ? -1024 * mib : -2000); /* -2000: SQLite's default */
	return sl_script(st, sql, e);
}
static int sl_busy_ms(struct store *st, int ms, int max_waiters, struct err *e)
{
	struct sl_store *s = SL(st);
	s->busy_ms = ms;
	s->max_waiters = max_waiters;
	if (sqlite3_busy_handler(s->db, on_busy, s) != SQLITE_OK)
		return db_err(st, e, "busy handler");
	return 0;
}
/* sorts and window buffers to a temporary file past the cache, not memory */
static int sl_spill_temp(struct store *st, struct err *e) { return sl_script(st, "PRAGMA temp_store=FILE", e); }
/* SQLite's per-connection switches (unlike PRAGMA foreign_keys, the
 * foreign key one works inside a transaction); changing one expires the
 * connection's prepared statements, which are prepared again (with or
 * without their trigger programs and reference checks) when next run. */
static int sl_bulk_insert(struct store *st, int on, struct err *e)
{
	int trig = -1, fkey = -1;
	if (sqlite3_db_config(SL(st)->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, !on, &trig) != SQLITE_OK ||
	    sqlite3_db_config(SL(st)->db, SQLITE_DBCONFIG_ENABLE_FKEY, !on, &fkey) != SQLITE_OK || trig != !on ||
	    fkey != !on) {
		db_err(st, e, "switching triggers and foreign keys");
		sqlite3_db_config(SL(st)->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, &trig); /* never left off */
		sqlite3_db_config(SL(st)->db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &fkey);
		return -1;
	}
	return on ? 1 : 0;
}
/* 1000 pages: SQLite's default automatic checkpoint, which this backend keeps */
static int sl_defer_checkpoint(struct store *st, int on, struct err *e)
{
	sqlite3 *db = SL(st)->db;
	if (sqlite3_wal_autocheckpoint(db, on ? 0 : 1000) != SQLITE_OK)
		return db_err(st, e, "automatic checkpoint");
	/* PASSIVE: copies what no reader still needs, never waits for one */
	if (!on && sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) != SQLITE_OK &&
	    sqlite3_errcode(db) != SQLITE_BUSY)
		return db_err(st, e, "checkpoint");
	return 0;
}
static void sl_read_mostly(struct store *st)
{
	sqlite3_db_config(SL(st)->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
}
/* fdatasync the WAL (what a commit under synchronous=FULL does): the
 * journal's file handle from SQLite, its own sync method */
static int sl_sync(struct store *st, struct err *e)
{
	if (getenv("PROBITY_SYNC_FULL"))
		return 0;
	sqlite3_file *f = NULL;
	if (sqlite3_file_control(SL(st)->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK || !f ||
	    !f->pMethods)
		return 0; /* no journal open: nothing committed through one */
	if (f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) != SQLITE_OK)
		return err_set(e, ERR_IO, "%s: cannot sync the write-ahead log", st->path);
	return 0;
}
static int64_t sl_last_id(struct store *st) { return sqlite3_last_insert_rowid(SL(st)->db); }
static int sl_changes(struct store *st) { return sqlite3_changes(SL(st)->db); }

static const struct migration *sl_migrations(int *n)
{
	*n = migrations_count;
	return migrations;
}

const struct store_driver store_sqlite_driver = {
	.name = "sqlite",
	.open = sl_open,
	.close = sl_close,
	.script = sl_script,
	.query = sl_query,
	.next = sl_next,
	.done = sl_done,
	.col_int = sl_int,
	.col_double = sl_double,
	.col_text = sl_text,
	.col_blob = sl_blob,
	.col_isnull = sl_isnull,
	.begin = sl_begin,
	.commit = sl_commit,
	.rollback = sl_rollback,
	.last_id = sl_last_id,
	.changes = sl_changes,
	.cache_mib = sl_cache_mib,
	.busy_ms = sl_busy_ms,
	.spill_temp = sl_spill_temp,
	.bulk_insert = sl_bulk_insert,
	.defer_checkpoint = sl_defer_checkpoint,
	.read_mostly = sl_read_mostly,
	.sync = sl_sync,
	.migrations = sl_migrations,
};

/* ---- backups and health (store.h; docs/deploy.md). A PostgreSQL
 * database is backed up with pg_basebackup and WAL archiving instead
 * (docs/postgresql.md), so these refuse any other backend. ---- */

static int sqlite_only(const struct store *st, struct err *e)
{
	if (st->drv == &store_sqlite_driver)
		return 0;
	return err_set(e, ERR_INPUT, "%s is not an SQLite database: back PostgreSQL up with pg_basebackup "
	                             "(docs/postgresql.md)", st->path);
}

int store_open_readonly(struct store **out, const char *path, struct err *e)
{
	*out = NULL;
	pthread_once(&sl_configured, sl_configure);
	struct sl_store *s = xcalloc(1, sizeof *s);
	s->base.drv = &store_sqlite_driver;
	snprintf(s->base.path, sizeof s->base.path, "%s", path);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		err_set(e, ERR_DB, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
		sl_close(&s->base);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 10000);
	*out = &s->base;
	return 0;
}

int store_version_latest(void)
{
	return migrations_count ? migrations[migrations_count - 1].version : 0;
}

int store_backup(struct store *st, const char *dest, struct err *e)
{
	sqlite3 *to = NULL;
	int rc = -1;
	if (sqlite_only(st, e))
		return -1;
	if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		err_set(e, ERR_IO, "%s: %s", dest, to ? sqlite3_errmsg(to) : "cannot create");
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(to, "main", SL(st)->db, "main");
	if (!b) {
		err_set(e, ERR_DB, "backup: %s", sqlite3_errmsg(to));
		goto out;
	}
	/* All pages in one step: one read transaction, so the copy is one
	 * snapshot and writers (WAL) are never blocked nor restart the copy. */
	int r;
	while ((r = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || r == SQLITE_LOCKED)
		sqlite3_sleep(50);
	sqlite3_backup_finish(b);
	if (r != SQLITE_DONE) {
		err_set(e, ERR_DB, "backup: %s", sqlite3_errstr(r));
		goto out;
	}
	char *msg = NULL;
	if (sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ERR_DB, "backup: %s", msg ? msg : sqlite3_errmsg(to));
		sqlite3_free(msg);
		goto out;
	}
	rc = 0;
out:
	if (to && sqlite3_close(to) != SQLITE_OK && rc == 0)
		rc = err_set(e, ERR_IO, "%s: cannot close", dest);
	return rc;
}

int store_integrity(struct store *st, struct err *e)
{
	char v[400];
	if (sqlite_only(st, e))
		return -1;
	int r = store_text(st, e, v, sizeof v, "PRAGMA integrity_check", "");
	if (r < 0)
		return -1;
	if (r == 0 || strcmp(v, "ok") != 0)
		return err_set(e, ERR_DB, "%s: integrity check failed: %s", st->path, r ? v : "no answer");
	return 0;
}

int store_table_counts(struct store *st, void (*cb)(void *ctx, const char *table, int64_t rows), void *ctx,
                       struct err *e)
{
	struct stmt *q;
	if (sqlite_only(st, e) ||
	    store_query(st, &q, e,
	                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	                "ORDER BY name", ""))
		return -1;
	int r = 0, rc = 0;
	while (rc == 0 && (r = stmt_next(q, e)) == 1) {
		const char *name = stmt_text(q, 0);
		/* table names come from the schema itself, quoted as identifiers */
		char *sql = sqlite3_mprintf("SELECT COUNT(*) FROM \"%w\"", name);
		sqlite3_stmt *c = NULL;
		if (!sql || sqlite3_prepare_v2(SL(st)->db, sql, -1, &c, NULL) != SQLITE_OK || sqlite3_step(c) != SQLITE_ROW)
			rc = db_err(st, e, name);
		else
			cb(ctx, name, sqlite3_column_int64(c, 0));
		sqlite3_finalize(c);
		sqlite3_free(sql);
	}
	if (rc == 0 && r < 0)
		rc = -1;
	stmt_done(q);
	return rc ? -1 : 0;
}

int store_ping(struct store *st, struct err *e)
{
	/* a real table, so the database is read, not only the connection (any backend) */
	int64_t v = 0;
	if (store_int(st, e, &v, "SELECT COUNT(*) FROM schema_version", "") != 1)
		return e && e->code ? -1 : err_set(e, ERR_DB, "the database did not answer");
	return 0;
}
