/* store_sqlite.c — the SQLite backend of store.h.
 * WAL mode for crash safety and concurrent readers, foreign keys on,
 * synchronous=NORMAL (durable at each commit under WAL on a crash of the
 * process; FULL for power loss is set by PROBITY_SYNC_FULL=1), a busy
 * timeout so writers queue instead of failing. */
#include "store/store.h"
#include "core/xalloc.h"
#include "store/migrate.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 256

struct stmt {
	sqlite3_stmt *s;
	const char *sql;
	struct store *st;
	int in_use;
	int cached;
};

struct store {
	sqlite3 *db;
	char path[1024];
	int txn_depth;
	int txn_failed;
	struct stmt cache[CACHE_SLOTS];
};

static int db_err(struct store *st, struct err *e, const char *what)
{
	return err_set(e, ERR_DB, "%s: %s", what, sqlite3_errmsg(st->db));
}

const char *store_path(const struct store *st)
{
	return st->path;
}

static int simple_exec(struct store *st, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ERR_DB, "%s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int store_version(struct store *st)
{
	int64_t v = 0;
	if (store_int(st, NULL, &v, "SELECT COALESCE(MAX(version),0) FROM schema_version", "") < 0)
		return 0;
	return (int)v;
}

int64_t store_counter(struct store *st, const char *name)
{
	int64_t v = -1;
	if (store_int(st, NULL, &v, "SELECT value FROM change_counters WHERE name = ?", "t", name) != 1)
		return -1;
	return v;
}

static int migrate(struct store *st, struct err *e)
{
	if (simple_exec(st, "CREATE TABLE IF NOT EXISTS schema_version("
	                    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", e))
		return -1;
	/* Apply every migration not yet recorded, in order: a migration that
	 * landed later with a lower number than one applied still runs. */
	for (int i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		int64_t done = 0;
		if (store_int(st, e, &done, "SELECT COUNT(*) FROM schema_version WHERE version = ?", "d", m->version) < 0)
			return -1;
		if (done)
			continue;
		if (store_begin(st, e))
			return -1;
		if (simple_exec(st, m->sql, e)) {
			char msg[400];
			snprintf(msg, sizeof msg, "%s", e->msg);
			store_rollback(st);
			return err_set(e, ERR_DB, "migration %s: %s", m->name, msg);
		}
		if (store_exec(st, e, "INSERT INTO schema_version(version, name, applied_at) "
		                      "VALUES(?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
		               "dt", m->version, m->name)) {
			store_rollback(st);
			return -1;
		}
		if (store_commit(st, e))
			return -1;
	}
	return 0;
}

int store_open(struct store **out, const char *path, struct err *e)
{
	*out = NULL;
	struct store *st = xcalloc(1, sizeof *st);
	snprintf(st->path, sizeof st->path, "%s", path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		err_set(e, ERR_DB, "%s: %s", path, st->db ? sqlite3_errmsg(st->db) : "cannot open");
		store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, 10000);
	const char *sync = getenv("PROBITY_SYNC_FULL") ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
	if (simple_exec(st, "PRAGMA journal_mode=WAL", e) || simple_exec(st, sync, e) ||
	    simple_exec(st, "PRAGMA foreign_keys=ON", e) || simple_exec(st, "PRAGMA temp_store=MEMORY", e) ||
	    migrate(st, e)) {
		char msg[400];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		store_close(st);
		return err_set(e, ERR_DB, "%s: %s", path, msg);
	}
	*out = st;
	return 0;
}

int store_open_readonly(struct store **out, const char *path, struct err *e)
{
	*out = NULL;
	struct store *st = xcalloc(1, sizeof *st);
	snprintf(st->path, sizeof st->path, "%s", path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		err_set(e, ERR_DB, "%s: %s", path, st->db ? sqlite3_errmsg(st->db) : "cannot open");
		store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, 10000);
	*out = st;
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
	if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		err_set(e, ERR_IO, "%s: %s", dest, to ? sqlite3_errmsg(to) : "cannot create");
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(to, "main", st->db, "main");
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
	if (store_query(st, &q, e,
	                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	                "ORDER BY name", ""))
		return -1;
	int r = 0, rc = 0;
	while (rc == 0 && (r = stmt_next(q, e)) == 1) {
		const char *name = stmt_text(q, 0);
		/* table names come from the schema itself, quoted as identifiers */
		char *sql = sqlite3_mprintf("SELECT COUNT(*) FROM \"%w\"", name);
		sqlite3_stmt *c = NULL;
		if (!sql || sqlite3_prepare_v2(st->db, sql, -1, &c, NULL) != SQLITE_OK || sqlite3_step(c) != SQLITE_ROW)
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
	/* a real table, so the file is read, not only the connection */
	int64_t v = 0;
	if (store_int(st, e, &v, "SELECT COUNT(*) FROM schema_version", "") != 1)
		return e && e->code ? -1 : err_set(e, ERR_DB, "the database did not answer");
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (st->cache[i].s)
			sqlite3_finalize(st->cache[i].s);
	sqlite3_close(st->db);
	free(st);
}

static struct stmt *prepare(struct store *st, const char *sql, struct err *e)
{
	size_t h = ((uintptr_t)sql >> 3) % CACHE_SLOTS;
	for (size_t k = 0; k < CACHE_SLOTS; k++) {
		struct stmt *c = &st->cache[(h + k) % CACHE_SLOTS];
		if (c->sql == sql && !c->in_use) {
			c->in_use = 1;
			return c;
		}
		if (!c->sql) {
			if (sqlite3_prepare_v2(st->db, sql, -1, &c->s, NULL) != SQLITE_OK) {
				db_err(st, e, "prepare");
				c->s = NULL;
				return NULL;
			}
			c->sql = sql;
			c->st = st;
			c->in_use = 1;
			c->cached = 1;
			return c;
		}
	}
	/* Cache full or the cached copy is busy (a nested use): a one-off. */
	struct stmt *c = xcalloc(1, sizeof *c);
	if (!c) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v2(st->db, sql, -1, &c->s, NULL) != SQLITE_OK) {
		db_err(st, e, "prepare");
		free(c);
		return NULL;
	}
	c->sql = sql;
	c->st = st;
	c->in_use = 1;
	return c;
}

void stmt_done(struct stmt *s)
{
	if (!s)
		return;
	if (s->cached) {
		sqlite3_reset(s->s);
		sqlite3_clear_bindings(s->s);
		s->in_use = 0;
	} else {
		sqlite3_finalize(s->s);
		free(s);
	}
}

static int bindv(struct stmt *s, struct err *e, const char *types, va_list ap)
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
		return db_err(s->st, e, "bind");
	return 0;
}

static int query_v(struct store *st, struct stmt **out, struct err *e, const char *sql, const char *types,
                   va_list ap)
{
	*out = NULL;
	struct stmt *s = prepare(st, sql, e);
	if (!s)
		return -1;
	if (bindv(s, e, types, ap)) {
		stmt_done(s);
		return -1;
	}
	*out = s;
	return 0;
}

int store_query(struct store *st, struct stmt **out, struct err *e, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = query_v(st, out, e, sql, types, ap);
	va_end(ap);
	return rc;
}

int stmt_next(struct stmt *s, struct err *e)
{
	int rc = sqlite3_step(s->s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT)
		err_set(e, ERR_CONFLICT, "%s", sqlite3_errmsg(s->st->db));
	else
		db_err(s->st, e, "step");
	return -1;
}

int store_exec(struct store *st, struct err *e, const char *sql, const char *types, ...)
{
	struct stmt *s;
	va_list ap;
	va_start(ap, types);
	int rc = query_v(st, &s, e, sql, types, ap);
	va_end(ap);
	if (rc)
		return -1;
	while ((rc = stmt_next(s, e)) == 1)
		;
	stmt_done(s);
	return rc < 0 ? -1 : 0;
}

int store_int(struct store *st, struct err *e, int64_t *out, const char *sql, const char *types, ...)
{
	struct stmt *s;
	va_list ap;
	va_start(ap, types);
	int rc = query_v(st, &s, e, sql, types, ap);
	va_end(ap);
	if (rc)
		return -1;
	rc = stmt_next(s, e);
	if (rc == 1)
		*out = stmt_int(s, 0);
	stmt_done(s);
	return rc;
}

int store_text(struct store *st, struct err *e, char *out, size_t n, const char *sql, const char *types, ...)
{
	struct stmt *s;
	va_list ap;
	va_start(ap, types);
	int rc = query_v(st, &s, e, sql, types, ap);
	va_end(ap);
	if (rc)
		return -1;
	rc = stmt_next(s, e);
	if (rc == 1)
		snprintf(out, n, "%s", stmt_text(s, 0));
	stmt_done(s);
	return rc;
}

int64_t stmt_int(struct stmt *s, int col) { return sqlite3_column_int64(s->s, col); }
double stmt_double(struct stmt *s, int col) { return sqlite3_column_double(s->s, col); }
int stmt_isnull(struct stmt *s, int col) { return sqlite3_column_type(s->s, col) == SQLITE_NULL; }

const char *stmt_text(struct stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s->s, col);
	return t ? (const char *)t : "";
}

const void *stmt_blob(struct stmt *s, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(s->s, col);
	*n = (size_t)sqlite3_column_bytes(s->s, col);
	return p;
}

int store_begin(struct store *st, struct err *e)
{
	if (st->txn_depth++ > 0)
		return 0;
	st->txn_failed = 0;
	if (simple_exec(st, "BEGIN IMMEDIATE", e)) {
		st->txn_depth = 0;
		return -1;
	}
	return 0;
}

int store_commit(struct store *st, struct err *e)
{
	if (st->txn_depth <= 0)
		return err_set(e, ERR_INTERNAL, "commit without begin");
	if (--st->txn_depth > 0)
		return 0;
	if (st->txn_failed) {
		simple_exec(st, "ROLLBACK", NULL);
		return err_set(e, ERR_DB, "transaction rolled back by an inner failure");
	}
	if (simple_exec(st, "COMMIT", e)) {
		simple_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *st)
{
	if (st->txn_depth <= 0)
		return;
	if (--st->txn_depth > 0) {
		st->txn_failed = 1;
		return;
	}
	simple_exec(st, "ROLLBACK", NULL);
}

int store_cache_mib(struct store *st, int mib, struct err *e)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", mib > 0 ? -1024 * mib : -2000); /* -2000: SQLite's default */
	return simple_exec(st, sql, e);
}

int64_t store_last_id(struct store *st) { return sqlite3_last_insert_rowid(st->db); }
int store_changes(struct store *st) { return sqlite3_changes(st->db); }

/* ---- pool ---- */

struct store_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int n, nfree;
	struct store **all;
	struct store **free_list;
};

int store_pool_open(struct store_pool **out, const char *path, int n, struct err *e)
{
	struct store_pool *p = xcalloc(1, sizeof *p);
	p->all = xcalloc((size_t)n, sizeof *p->all);
	p->free_list = xcalloc((size_t)n, sizeof *p->free_list);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	for (int i = 0; i < n; i++) {
		if (store_open(&p->all[i], path, e)) {
			p->n = i;
			store_pool_close(p);
			return -1;
		}
		p->free_list[p->nfree++] = p->all[i];
	}
	p->n = n;
	*out = p;
	return 0;
}

struct store *store_pool_get(struct store_pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	struct store *st = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return st;
}

void store_pool_put(struct store_pool *p, struct store *st)
{
	if (st->txn_depth > 0) { /* a handler forgot to finish: never leak a transaction */
		st->txn_depth = 1;
		store_rollback(st);
	}
	pthread_mutex_lock(&p->mu);
	p->free_list[p->nfree++] = st;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void store_pool_close(struct store_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n; i++)
		store_close(p->all[i]);
	free(p->all);
	free(p->free_list);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}
