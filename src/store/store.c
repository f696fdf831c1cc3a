/* store.c — the backend-neutral half of store.h. A store is opened by URI:
 * "postgresql://" or "postgres://" picks the PostgreSQL backend, anything
 * else is an SQLite file. What is the same on every backend lives here —
 * transaction nesting, one-value queries, migrations applied by recorded
 * version, the connection pool — and each call that touches the database
 * goes through the backend's table of functions (driver.h). */
#include "store/driver.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/xalloc.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_is_pg_uri(const char *uri)
{
	return uri && (!strncmp(uri, "postgresql://", 13) || !strncmp(uri, "postgres://", 11));
}

char *store_display_name(const char *uri, char *out, size_t n)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 4096);
	const char *p = uri ? uri : "";
	if (store_is_pg_uri(p)) {
		const char *auth = strstr(p, "://") + 3;
		size_t alen = strcspn(auth, "/?#");
		const char *at = memchr(auth, '@', alen);
		const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon) {
			buf_add(&b, p, (size_t)(colon - p) + 1);
			buf_adds(&b, "***");
			p = at;
		}
		/* password=... in the query string, up to the next & */
		for (const char *q; (q = strstr(p, "password=")) && (q == p || q[-1] == '?' || q[-1] == '&');) {
			buf_add(&b, p, (size_t)(q - p) + 9);
			buf_adds(&b, "***");
			p = q + 9 + strcspn(q + 9, "&#");
		}
	}
	buf_adds(&b, p);
	snprintf(out, n, "%s", buf_str(&b));
	buf_release(&b);
	return out;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

const char *store_backend(const struct store *st)
{
	return st->drv->name;
}

/* ---- the write generation (store_generation) ----
 * A statement that may write anything but the access log or a session marks
 * the connection dirty; its transaction's commit (or, outside one, the end
 * of the statement) bumps the 'writes' change counter (migration 048) in the
 * same transaction, so every process sees it. Reads, access-log appends,
 * new sessions, session slides, the sweep of expired sessions and API
 * tokens' last use (which page views and API calls make) leave it alone:
 * nothing derived from the records reads them. */
static int starts(const char *p, const char *word)
{
	return !strncmp(p, word, strlen(word));
}

/* A statement that writes only an import's staging table: a temporary
 * table of this connection named "..._import_rows" (created, filled,
 * dropped before the import takes the write lock). Nothing else reads it,
 * so it moves no generation: counted as a write, each staged row would
 * have bumped the counter in a write transaction of its own. */
static int staging_only(const char *p)
{
	if (starts(p, "CREATE TEMP TABLE "))
		return 1;
	const char *t = starts(p, "INSERT INTO ") ? p + 12 : starts(p, "DROP TABLE IF EXISTS ") ? p + 21 : NULL;
	if (!t)
		return 0;
	size_t n = strcspn(t, " (");
	return n > 12 && !strncmp(t + n - 12, "_import_rows", 12) && (t[n] == ' ' || t[n] == '(' || !t[n]);
}

static int may_write(const char *sql)
{
	const char *p = sql;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '(')
		p++;
	if (staging_only(p))
		return 0;
	if (starts(p, "SELECT") || starts(p, "select") || starts(p, "PRAGMA") || starts(p, "EXPLAIN") ||
	    starts(p, "VALUES") || starts(p, "BEGIN") || starts(p, "COMMIT") || starts(p, "ROLLBACK") ||
	    starts(p, "SAVEPOINT") || starts(p, "RELEASE") || starts(p, "ANALYZE"))
		return 0;
	if (starts(p, "WITH") && !strstr(p, "INSERT") && !strstr(p, "UPDATE") && !strstr(p, "DELETE"))
		return 0;
	/* a session removed by token or account (a sign-out, revoked credentials)
	 * moves it, so sign-ins kept with it end at once (auth.c); the sweep
	 * of expired sessions does not */
	return !starts(p, "INSERT INTO access_log(") && !starts(p, "INSERT INTO sessions(") &&
	       !starts(p, "UPDATE sessions SET expires ") && !starts(p, "DELETE FROM sessions WHERE expires ") &&
	       !starts(p, "UPDATE api_tokens SET last_used ");
}

/* The driver's query, not store_query: the bump marks nothing dirty. */
static int raw_query(struct store *st, struct stmt **out, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = st->drv->query(st, out, NULL, sql, types, ap);
	va_end(ap);
	return rc;
}

static void bump(struct store *st)
{
	struct stmt *s;
	st->dirty = 0;
	st->gen_kept = -1;
	if (st->migrating)
		return;   /* migrate() bumps once at the end */
	if (raw_query(st, &s, "UPDATE change_counters SET value = value + 1 WHERE name = 'writes'", "") == 0) {
		while (st->drv->next(s, NULL) == 1)
			;
		st->drv->done(s);
	}
}

int64_t store_generation(struct store *st)
{
	if (st->dirty)
		return -1;   /* this connection's own writes are not committed yet */
	if (st->gen_scope && st->gen_kept >= 0)
		return st->gen_kept; /* read once per request: a request's kept values agree with each other */
	int64_t g = store_counter(st, "writes");
	if (st->gen_scope)
		st->gen_kept = g;
	return g;
}

void **store_memo(struct store *st, const void *owner, void (*free_fn)(void *))
{
	size_t n = sizeof st->memo / sizeof st->memo[0];
	for (size_t i = 0; i < n; i++)
		if (st->memo[i].owner == owner || !st->memo[i].owner) {
			st->memo[i].owner = owner;
			st->memo[i].free_fn = free_fn;
			return &st->memo[i].p;
		}
	return NULL;   /* every slot taken: the caller keeps nothing */
}

int store_query(struct store *st, struct stmt **out, struct err *e, const char *sql, const char *types, ...)
{
	if (!st->dirty && may_write(sql))
		st->dirty = 1;
	va_list ap;
	va_start(ap, types);
	int rc = st->drv->query(st, out, e, sql, types, ap);
	va_end(ap);
	return rc;
}

int stmt_next(struct stmt *s, struct err *e) { return s->st->drv->next(s, e); }
int64_t stmt_int(struct stmt *s, int col) { return s->st->drv->col_int(s, col); }
double stmt_double(struct stmt *s, int col) { return s->st->drv->col_double(s, col); }
const char *stmt_text(struct stmt *s, int col) { return s->st->drv->col_text(s, col); }
const void *stmt_blob(struct stmt *s, int col, size_t *n) { return s->st->drv->col_blob(s, col, n); }
int stmt_isnull(struct stmt *s, int col) { return s->st->drv->col_isnull(s, col); }

void stmt_done(struct stmt *s)
{
	if (!s)
		return;
	struct store *st = s->st;
	st->drv->done(s);
	if (st->dirty && st->txn_depth == 0)
		bump(st);   /* a write outside a transaction: committed as it ran */
}

int store_exec(struct store *st, struct err *e, const char *sql, const char *types, ...)
{
	if (!st->dirty && may_write(sql))
		st->dirty = 1;
	struct stmt *s;
	va_list ap;
	va_start(ap, types);
	int rc = st->drv->query(st, &s, e, sql, types, ap);
	va_end(ap);
	if (rc)
		return -1;
	while ((rc = stmt_next(s, e)) == 1)
		;
	stmt_done(s);
	return rc < 0 ? -1 : 0;
}

/* The first column of sql's first row into *i, or as text into t (n bytes):
 * 1 when there is a row, 0 when there is none, -1 on an error (e set). */
static int first_value(struct store *st, struct err *e, int64_t *i, char *t, size_t n, const char *sql,
                       const char *types, va_list ap)
{
	if (!st->dirty && may_write(sql))
		st->dirty = 1;
	struct stmt *s;
	if (st->drv->query(st, &s, e, sql, types, ap))
		return -1;
	int rc = stmt_next(s, e);
	if (rc == 1 && i)
		*i = stmt_int(s, 0);
	else if (rc == 1)
		snprintf(t, n, "%s", stmt_text(s, 0));
	stmt_done(s);
	return rc;
}

int store_int(struct store *st, struct err *e, int64_t *out, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = first_value(st, e, out, NULL, 0, sql, types, ap);
	va_end(ap);
	return rc;
}

int store_text(struct store *st, struct err *e, char *out, size_t n, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = first_value(st, e, NULL, out, n, sql, types, ap);
	va_end(ap);
	return rc;
}

int store_begin(struct store *st, struct err *e)
{
	if (st->txn_depth++ > 0)
		return 0;
	st->txn_failed = 0;
	if (st->drv->begin(st, e)) {
		st->txn_depth = 0;
		return -1;
	}
	return 0;
}

int store_begin_read(struct store *st, struct err *e)
{
	if (st->txn_depth > 0) {
		st->txn_depth++;
		return 0;
	}
	st->txn_failed = 0;
	/* BEGIN before the depth counts: inside a transaction a PostgreSQL
	 * statement is sent under a savepoint, which BEGIN itself cannot be */
	if (store_exec(st, e, "BEGIN", ""))
		return -1;
	st->txn_depth = 1;
	return 0;
}

int store_commit(struct store *st, struct err *e)
{
	if (st->txn_depth <= 0)
		return err_set(e, ERR_INTERNAL, "commit without begin");
	if (--st->txn_depth > 0)
		return 0;
	if (st->txn_failed) {
		st->drv->rollback(st);
		st->dirty = 0;
		return err_set(e, ERR_DB, "transaction rolled back by an inner failure");
	}
	if (st->dirty)
		bump(st);
	if (st->drv->commit(st, e)) {
		st->drv->rollback(st);
		st->dirty = 0;
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
	st->drv->rollback(st);
	st->dirty = 0;
}

int store_in_transaction(const struct store *st) { return st->txn_depth > 0; }
int64_t store_last_id(struct store *st) { return st->drv->last_id(st); }
int store_changes(struct store *st) { return st->drv->changes(st); }
int store_cache_mib(struct store *st, int mib, struct err *e) { return st->drv->cache_mib(st, mib, e); }
int store_checks_done(struct store *st, int on, struct err *e)
{
	if (strcmp(store_backend(st), "sqlite") != 0)
		return 0;
	return on ? store_exec(st, e, "PRAGMA ignore_check_constraints = ON", "")
	          : store_exec(st, e, "PRAGMA ignore_check_constraints = OFF", "");
}
int store_busy_ms(struct store *st, int ms, int max_waiters, struct err *e)
{
	return st->drv->busy_ms(st, ms, max_waiters, e);
}
const struct err *store_last_error(const struct store *st) { return &st->last; }
void store_clear_error(struct store *st) { memset(&st->last, 0, sizeof st->last); }
void store_note_error(struct store *st, const struct err *e) { st->last = *e; }
int store_bulk_insert(struct store *st, int on, struct err *e)
{
	return st->drv->bulk_insert ? st->drv->bulk_insert(st, on, e) : 0;
}
int store_defer_checkpoint(struct store *st, int on, struct err *e)
{
	return st->drv->defer_checkpoint ? st->drv->defer_checkpoint(st, on, e) : 0;
}
int store_spill_temp(struct store *st, struct err *e) { return st->drv->spill_temp ? st->drv->spill_temp(st, e) : 0; }
void store_read_mostly(struct store *st)
{
	if (st->drv->read_mostly)
		st->drv->read_mostly(st);
}
int store_sync(struct store *st, struct err *e) { return st->drv->sync ? st->drv->sync(st, e) : 0; }

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
	if (st->drv->script(st, "CREATE TABLE IF NOT EXISTS schema_version("
	                        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", e))
		return -1;
	/* Apply every migration not yet recorded, in order: a migration that
	 * landed later with a lower number than one applied still runs. */
	int nm = 0;
	const struct migration *ms = st->drv->migrations(&nm);
	if (!ms)
		return err_set(e, ERR_NOMEM, "out of memory");
	/* A database a newer probity has migrated: refuse to run on it rather
	 * than read and write tables whose meaning this build does not know. */
	int known = 0;
	for (int i = 0; i < nm; i++)
		if (ms[i].version > known)
			known = ms[i].version;
	int64_t have = 0;
	if (store_int(st, e, &have, "SELECT COALESCE(MAX(version), 0) FROM schema_version", "") < 0)
		return -1;
	if (have > known)
		return err_set(e, ERR_DB,
		               "the database's schema is version %lld, newer than this probity knows (version %d): "
		               "run the newer probity, or restore a backup taken before the upgrade",
		               (long long)have, known);
	int applied = 0;
	st->migrating = 1;
	for (int i = 0; i < nm; i++) {
		const struct migration *m = &ms[i];
		int64_t done = 0;
		if (store_int(st, e, &done, "SELECT COUNT(*) FROM schema_version WHERE version = ?", "d", m->version) < 0)
			return -1;
		if (done)
			continue;
		if (store_begin(st, e))
			return -1;
		st->dirty = 1;
		if (st->drv->script(st, m->sql, e)) {
			char msg[400];
			snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
			store_rollback(st);
			return err_set(e, ERR_DB, "migration %s: %s", m->name, msg);
		}
		char now[21];
		time_now_iso(now);
		if (store_exec(st, e, "INSERT INTO schema_version(version, name, applied_at) VALUES(?, ?, ?)", "dtt",
		               m->version, m->name, now)) {
			store_rollback(st);
			return -1;
		}
		if (store_commit(st, e))
			return -1;
		applied++;
	}
	st->migrating = 0;
	st->dirty = 0;
	if (applied)
		bump(st);   /* the schema changed: nothing kept before it is current */
	return 0;
}

int store_open(struct store **out, const char *path, struct err *e)
{
	*out = NULL;
	const struct store_driver *drv = &store_sqlite_driver;
	if (store_is_pg_uri(path)) {
#ifdef PROBITY_WITH_PG
		drv = &store_pg_driver;
#else
		char shown[512];
		return err_set(e, ERR_DB, "%s: this probity was built without PostgreSQL support",
		               store_display_name(path, shown, sizeof shown));
#endif
	}
	struct store *st = NULL;
	if (drv->open(&st, path, e))
		return -1;
	st->drv = drv;
	snprintf(st->path, sizeof st->path, "%s", path);
	if (migrate(st, e)) {
		char msg[400];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		drv->close(st);
		char shown[512];
		return err_set(e, ERR_DB, "%s: %s", store_display_name(path, shown, sizeof shown), msg);
	}
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < sizeof st->memo / sizeof st->memo[0]; i++)
		if (st->memo[i].p && st->memo[i].free_fn)
			st->memo[i].free_fn(st->memo[i].p);
	st->drv->close(st);
}

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
		/* all but one may wait: every page view appends to the access log,
		 * so at n / 2 four busy threads refused one of them a 503 while a
		 * sibling held the lock for a millisecond (issue 25); one thread
		 * stays free for /healthz and readers while an import holds it */
		if (store_open(&p->all[i], path, e) || store_busy_ms(p->all[i], STORE_WEB_BUSY_MS, n > 1 ? n - 1 : 1, e)) {
			p->n = p->all[i] ? i + 1 : i;
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
	st->gen_scope = 1;
	st->gen_kept = -1;
	return st;
}

void store_pool_put(struct store_pool *p, struct store *st)
{
	if (st->txn_depth > 0) { /* a handler forgot to finish: never leak a transaction */
		st->txn_depth = 1;
		store_rollback(st);
	}
	st->gen_scope = 0;
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

/* ---- store_load: a staging table filled in bulk ----
 * SQLite: the caller's INSERT, prepared once and run per row (no round
 * trips to save; the driver's query, so the connection is not marked dirty
 * by its own temporary table). PostgreSQL: the INSERT's table and columns
 * become COPY name(cols) FROM STDIN and the rows go in COPY's text format,
 * 64 KiB at a time. */
struct store_load {
	struct store *st;
	const char *sql;
	char types[64];
	int copy;
	int failed;
	struct buf b;
};

int store_load_begin(struct store *st, struct store_load **out, const char *insert_sql, const char *types,
                     struct err *e)
{
	*out = NULL;
	const char *name = insert_sql + 12, *values = strstr(insert_sql, ") VALUES (");
	if (strncmp(insert_sql, "INSERT INTO ", 12) || !values || !strchr(name, '(') || strchr(name, '(') > values ||
	    strlen(types) >= sizeof ((struct store_load *)0)->types)
		return err_set(e, ERR_INTERNAL, "store_load: not \"INSERT INTO name(cols) VALUES (?, …)\"");
	size_t ncols = 1, nq = 0;
	for (const char *p = name; p < values; p++)
		ncols += *p == ',';
	for (const char *p = values; *p; p++)
		nq += *p == '?';
	if (ncols != strlen(types) || nq != ncols)
		return err_set(e, ERR_INTERNAL, "store_load: %zu columns, %zu parameters, %zu types", ncols, nq,
		               strlen(types));
	struct store_load *l = xcalloc(1, sizeof *l);
	l->st = st;
	l->sql = insert_sql;
	snprintf(l->types, sizeof l->types, "%s", types);
	buf_init(&l->b, 0);
	if (st->drv->copy_begin) {
		buf_adds(&l->b, "COPY ");
		buf_add(&l->b, name, (size_t)(values - name) + 1);
		buf_adds(&l->b, " FROM STDIN");
		int rc = st->drv->copy_begin(st, buf_str(&l->b), e);
		buf_reset(&l->b);
		if (rc) {
			buf_release(&l->b);
			free(l);
			return -1;
		}
		l->copy = 1;
	}
	*out = l;
	return 0;
}

int store_load_row(struct store_load *l, struct err *e, ...)
{
	if (l->failed)
		return err_set(e, ERR_INTERNAL, "store_load: the load already failed");
	va_list ap;
	va_start(ap, e);
	int rc = 0;
	if (!l->copy) {
		struct stmt *s;
		rc = l->st->drv->query(l->st, &s, e, l->sql, l->types, ap);
		if (rc == 0) {
			while ((rc = l->st->drv->next(s, e)) == 1)
				;
			l->st->drv->done(s);
		}
		rc = rc < 0 ? -1 : 0;
	} else {
		for (const char *t = l->types; *t && rc == 0; t++) {
			if (t != l->types)
				buf_addc(&l->b, '\t');
			switch (*t) {
			case 'i': buf_printf(&l->b, "%lld", (long long)va_arg(ap, int64_t)); break;
			case 'd': buf_printf(&l->b, "%d", va_arg(ap, int)); break;
			case 'f': buf_printf(&l->b, "%.17g", va_arg(ap, double)); break;
			case 't':
			case 's': store_copy_text(&l->b, va_arg(ap, const char *)); break;
			case 'b': {
				const unsigned char *p = va_arg(ap, const void *);
				size_t n = va_arg(ap, size_t);
				store_copy_bytes(&l->b, p, n);
				break;
			}
			default: rc = err_set(e, ERR_INTERNAL, "bad bind type '%c'", *t);
			}
		}
		buf_addc(&l->b, '\n');
		if (rc == 0 && l->b.oom)
			rc = err_set(e, ERR_NOMEM, "store_load: out of memory");
		if (rc == 0 && l->b.n >= 1 << 16) {
			rc = l->st->drv->copy_data(l->st, l->b.p, l->b.n, e);
			l->b.n = 0;
		}
	}
	va_end(ap);
	if (rc)
		l->failed = 1;
	return rc ? -1 : 0;
}

int store_load_end(struct store_load *l, int ok, struct err *e)
{
	if (!l)
		return ok ? 0 : -1;
	int rc = 0;
	ok = ok && !l->failed;
	if (l->copy) {
		if (ok && l->b.n && l->st->drv->copy_data(l->st, l->b.p, l->b.n, e))
			ok = 0, rc = -1;
		if (l->st->drv->copy_end(l->st, ok, rc || !ok ? NULL : e))
			rc = -1;
		if (l->st->txn_depth == 0)
			l->st->txn_failed = 0; /* outside a transaction the COPY failed alone */
	}
	buf_release(&l->b);
	free(l);
	return rc || !ok ? -1 : 0;
}
