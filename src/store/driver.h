/* driver.h — what a database backend provides to store.c, like SQLite's VFS:
 * a table of functions chosen by the database URI when a store is opened
 * ("postgresql://..." or "postgres://..." → store_pg.c, anything else → an
 * SQLite file, store_sqlite.c). store.c keeps everything that is the same on
 * every backend (transaction nesting, one-value queries, migrations by
 * recorded version, the pool); a backend keeps only what differs: how to
 * connect, prepare once per connection, bind, step, read columns, map
 * errors, take the write lock, and which dialect's migrations to apply.
 * Only src/store includes this file. */
#ifndef PROBITY_STORE_DRIVER_H
#define PROBITY_STORE_DRIVER_H

#include "store/migrate.h"
#include "store/store.h"
#include <stdarg.h>

struct store_driver;

/* Every backend's connection starts with this (its first member). */
struct store {
	const struct store_driver *drv;
	char path[1024];
	int txn_depth;
	int txn_failed;
	struct err last;   /* the backend's last failure (store_last_error) */
	int dirty;         /* a statement that may change more than the access log or sessions ran since the
	                    * last commit (store_generation) */
	int migrating;     /* migrations under way: no bump (its table may not exist yet; on PostgreSQL a
	                    * failed statement would abort the migration's transaction) */
	struct {           /* store_memo's slots, each freed by its free_fn at close */
		const void *owner;
		void *p;
		void (*free_fn)(void *);
	} memo[16];        /* one per module that keeps something: eight were nearly all taken */
	int gen_scope;     /* taken from a pool for one request: the generation is read once (store_generation) */
	int64_t gen_kept;  /* that read; -1 when not yet read or after a write of this connection's */
};

/* Every backend's statement starts with this. */
struct stmt {
	struct store *st;
};

struct store_driver {
	const char *name;
	/* Connect to uri (pragmas, session settings); migrations are store.c's. */
	int (*open)(struct store **out, const char *uri, struct err *e);
	void (*close)(struct store *st);
	/* Run SQL text with no parameters and no result (may hold several
	 * statements: a migration). */
	int (*script)(struct store *st, const char *sql, struct err *e);
	/* Prepare (cached once per connection by the address of sql) and bind. */
	int (*query)(struct store *st, struct stmt **out, struct err *e, const char *sql, const char *types,
	             va_list ap);
	int (*next)(struct stmt *s, struct err *e);
	void (*done)(struct stmt *s);
	int64_t (*col_int)(struct stmt *s, int col);
	double (*col_double)(struct stmt *s, int col);
	const char *(*col_text)(struct stmt *s, int col);
	const void *(*col_blob)(struct stmt *s, int col, size_t *n);
	int (*col_isnull)(struct stmt *s, int col);
	/* Outermost BEGIN (taking the write lock at once), COMMIT, ROLLBACK. */
	int (*begin)(struct store *st, struct err *e);
	int (*commit)(struct store *st, struct err *e);
	void (*rollback)(struct store *st);
	int64_t (*last_id)(struct store *st);
	int (*changes)(struct store *st);
	/* store_cache_mib: how much of the database this connection may cache. */
	int (*cache_mib)(struct store *st, int mib, struct err *e);
	/* store_busy_ms: how long a writer waits for the write lock, and how
	 * many of the process's connections may wait at once (0: no cap). */
	int (*busy_ms)(struct store *st, int ms, int max_waiters, struct err *e);
	/* store_bulk_insert (NULL: the backend always fires triggers and checks references). */
	int (*bulk_insert)(struct store *st, int on, struct err *e);
	/* store_defer_checkpoint (NULL: no checkpoint runs in a commit, as on PostgreSQL). */
	int (*defer_checkpoint)(struct store *st, int on, struct err *e);
	/* store_spill_temp (NULL: the backend spills already, as PostgreSQL does past work_mem). */
	int (*spill_temp)(struct store *st, struct err *e);
	/* store_read_mostly and store_sync (NULL: nothing to do, as on PostgreSQL,
	 * whose commits are durable and which has no checkpoint at close). */
	void (*read_mostly)(struct store *st);
	int (*sync)(struct store *st, struct err *e);
	/* Bulk load (store_copy.c; PostgreSQL only, NULL elsewhere): run sql
	 * (COPY … FROM STDIN), send rows in COPY's text format, end it (ok 0:
	 * abandon it, the transaction then fails). */
	int (*copy_begin)(struct store *st, const char *sql, struct err *e);
	int (*copy_data)(struct store *st, const char *data, size_t n, struct err *e);
	int (*copy_end)(struct store *st, int ok, struct err *e);
	/* This dialect's migrations, numbered as the SQLite ones; *n set. */
	const struct migration *(*migrations)(int *n);
};

extern const struct store_driver store_sqlite_driver;
/* A value in COPY's text format (store_copy.c; migrate and store_load):
 * text with backslash escapes, \N for NULL; bytes as \\x and hex. */
struct buf;
void store_copy_text(struct buf *b, const char *v);
void store_copy_bytes(struct buf *b, const unsigned char *p, size_t n);

#ifdef PROBITY_WITH_PG
extern const struct store_driver store_pg_driver;
#endif

#endif
