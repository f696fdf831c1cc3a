/* store.h — the one interface between Probity and its database.
 * Domain code calls only these functions, with SQL in the portable dialect
 * that runs unchanged on SQLite and PostgreSQL 15 (? and ?N parameters,
 * strpos, string_agg, ON CONFLICT, RETURNING, COUNT(CASE WHEN …), dates as
 * ISO text bound from C; docs/ARCHITECTURE.md has the list, and
 * `tests/check_source.py dialect` names each SQLite-only form with what to
 * write instead). The backends (driver.h) keep what differs.
 * Statements are prepared once per connection and cached by the address of
 * their SQL text, which must therefore be a string literal or otherwise live
 * as long as the store.
 *
 * Binding uses a type string, one letter per argument:
 *   'i' int64_t   'd' int   't' const char * (NULL binds NULL)   'f' double
 *   'b' const void *, size_t (a blob: two arguments)
 *   's' const char * like 't', not copied: the caller keeps it unchanged until
 *       the statement is done (store_exec: until it returns); for bulk loads
 * A store connection is used by one thread at a time; the server takes one
 * from a store_pool per request. */
#ifndef PROBITY_STORE_H
#define PROBITY_STORE_H

#include "core/err.h"
#include <stddef.h>
#include <stdint.h>

struct store;
struct stmt;

/* Open the database named by path and apply any pending migrations:
 * "postgresql://..." (or "postgres://...") is a PostgreSQL connection URI,
 * anything else an SQLite file (created if needed, WAL mode, foreign keys
 * on). */
int store_open(struct store **out, const char *path, struct err *e);
void store_close(struct store *st);
const char *store_path(const struct store *st);
/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *st);
/* 1 when uri names a PostgreSQL database. */
int store_is_pg_uri(const char *uri);
/* The database's name fit to print: a PostgreSQL URI with its password (the
 * user:PASSWORD@ part and any password= parameter) written as "***"; a file
 * name as it is. Writes at most n bytes to out and returns out. */
char *store_display_name(const char *uri, char *out, size_t n);

/* Run a statement to completion. */
int store_exec(struct store *st, struct err *e, const char *sql, const char *types, ...);
/* Prepare and bind a query; step it with stmt_next, release it with stmt_done. */
int store_query(struct store *st, struct stmt **out, struct err *e, const char *sql, const char *types, ...);
/* 1 when a row is ready, 0 when there are no more, -1 on error (e set). */
int stmt_next(struct stmt *s, struct err *e);
int64_t stmt_int(struct stmt *s, int col);
double stmt_double(struct stmt *s, int col);
/* Column text; "" for NULL. Borrowed until the next stmt_next/stmt_done. */
const char *stmt_text(struct stmt *s, int col);
const void *stmt_blob(struct stmt *s, int col, size_t *n);
int stmt_isnull(struct stmt *s, int col);
/* Reset s and give it back to the cache. Accepts NULL. */
void stmt_done(struct stmt *s);

/* One-value queries: 1 when a row was found (value written), 0 when none, -1 on error. */
int store_int(struct store *st, struct err *e, int64_t *out, const char *sql, const char *types, ...);
int store_text(struct store *st, struct err *e, char *out, size_t n, const char *sql, const char *types, ...);

/* Transactions. store_begin takes the write lock at once (so two writers
 * never deadlock half-way); nested calls join the outer transaction. */
int store_begin(struct store *st, struct err *e);
/* A transaction that does not take the write lock (SQLite: a deferred BEGIN,
 * where store_begin is IMMEDIATE): one read snapshot for many look-ups, or
 * one batch of writes to this connection's own temporary staging tables, by
 * an import checking its rows. Inside a transaction already open it only
 * nests. Ended by store_commit or store_rollback. */
int store_begin_read(struct store *st, struct err *e);
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);

/* 1 while st has a transaction open (store_begin not yet matched). */
int store_in_transaction(const struct store *st);

int64_t store_last_id(struct store *st);
int store_changes(struct store *st);
/* The change counter name (see migrations/002_change_counters.sql): it
 * grows with every committed change to the tables behind it. -1 if unknown. */
int64_t store_counter(struct store *st, const char *name);
/* The write generation: a number that changes with every committed write
 * (by any process using this store layer) to anything but the access log,
 * a new session, a session's slide, the sweep of expired sessions and an
 * API token's last use, which page views write (a session removed by token
 * or account, as a sign-out, does count). -1 while this connection has
 * uncommitted writes, or on error: then compute afresh. A value derived from
 * the database and kept with the generation it was read under is current
 * while the generation is unchanged. Writes that bypass probity (an sqlite3
 * shell) are not seen. A connection taken from a store_pool (one request)
 * reads it once and answers the same until it writes or goes back to the
 * pool, so the request's kept values all agree (and it costs one query). */
int64_t store_generation(struct store *st);
/* A slot on this connection for one module's derived data (values kept with
 * the store_generation they were read under), found by owner (any address
 * of the module's own): *slot is NULL at first; free_fn frees it when the
 * connection closes. NULL when the connection's few slots are all taken:
 * then keep nothing. */
void **store_memo(struct store *st, const void *owner, void (*free_fn)(void *));
/* A bulk load is coming: let this connection keep up to mib MiB of the
 * database's pages in memory (mib <= 0: back to the default). Pages are
 * taken only as they are read. */
int store_cache_mib(struct store *st, int mib, struct err *e);
/* The caller has itself checked every value the tables' CHECK constraints
 * test (an import that refuses a bad row with file:line: column before it
 * writes): on = 1 lets SQLite skip them until on = 0 (each of its IN-list
 * checks builds a temporary table for every row written, most of a bulk
 * load's time); PostgreSQL keeps checking. */
int store_checks_done(struct store *st, int on, struct err *e);
/* A bulk insert whose rows the caller vouches for: on = 1 stops this
 * connection firing triggers and checking foreign keys, on = 0 restores
 * both (returns 0). SQLite: on = 1 returns 1, and the caller must itself,
 * in the same transaction, make every change the table's triggers would
 * have made (one UPDATE of a count for all its rows instead of one per
 * row) and have made sure every reference its rows hold exists (a JOIN
 * under the same write lock). PostgreSQL keeps both (returns 0: nothing
 * for the caller to do). -1 with e set on failure. */
int store_bulk_insert(struct store *st, int on, struct err *e);
/* A large write is coming: on = 1 stops this connection's commits copying
 * the write-ahead log back into the database (SQLite's automatic
 * checkpoint, which a commit runs after it has written, while the caller
 * still holds its process's writer mutex: about as long again as writing
 * the log for a 100 MB transaction); on = 0 restores it and runs that
 * checkpoint now, without the write lock (other writers go on meanwhile).
 * Call on = 0 outside any transaction. PostgreSQL: nothing to do. */
int store_defer_checkpoint(struct store *st, int on, struct err *e);
/* A long read that must stay small in memory is coming (a streamed export):
 * let this connection's sorts and temporary results go to disk past its
 * cache instead of growing in memory. */
int store_spill_temp(struct store *st, struct err *e);
/* This connection reads, bar a few small writes (a command-line search and
 * its access-log row): SQLite does not checkpoint the WAL when it closes
 * (the WAL stays, and a later commit's automatic checkpoint moves it into
 * the database), so a short command pays no checkpoint's syncs and does not
 * create and delete the WAL each time. Nothing on PostgreSQL. */
void store_read_mostly(struct store *st);
/* Make every transaction committed on this connection durable against a
 * power loss now (SQLite under synchronous=NORMAL: one fdatasync of the
 * WAL; nothing when every commit already is, as under PROBITY_SYNC_FULL=1
 * or on PostgreSQL). For a record that must be on disk before what it
 * records happens: a search's access-log row before its results. */
int store_sync(struct store *st, struct err *e);
/* Bulk load of a staging table (this connection's own TEMP table, filled
 * before the write lock is taken): insert_sql is exactly
 * "INSERT INTO name(col, …) VALUES (?, …)", one ? per column, a string
 * literal; then one store_load_row per row, its values bound by types as
 * store_exec binds them; then store_load_end (ok 0: abandon). SQLite runs
 * the prepared INSERT per row, in the process; PostgreSQL sends every row
 * in one COPY … FROM STDIN, a few round trips for the whole load instead of
 * one per row. All or nothing on PostgreSQL (one statement); on SQLite a
 * failed load leaves the rows before the failure (drop the table). The load
 * does not change the write generation (the table is the connection's own).
 * Inside a transaction a failed load fails the transaction. */
struct store_load;
int store_load_begin(struct store *st, struct store_load **out, const char *insert_sql, const char *types,
                     struct err *e);
int store_load_row(struct store_load *l, struct err *e, ...);
int store_load_end(struct store_load *l, int ok, struct err *e);
/* Schema version now applied. */
int store_version(struct store *st);

/* The highest schema version this binary knows (its last migration). */
int store_version_latest(void);

/* ---- backups and health (docs/deploy.md) ---- */
/* Open path read-only, without migrating: a backup to check. */
int store_open_readonly(struct store **out, const char *path, struct err *e);
/* Copy the whole database to dest (a new file) while others read and
 * write it: one consistent snapshot (SQLite's online backup API under one
 * read transaction, so writers go on under WAL). dest is left as one
 * self-contained file (rollback journal mode, no -wal beside it). */
int store_backup(struct store *st, const char *dest, struct err *e);
/* 0 when the database's own structural check passes, else ERR_DB naming
 * the first problem. */
int store_integrity(struct store *st, struct err *e);
/* cb(ctx, table, rows) for every table, in name order. */
int store_table_counts(struct store *st, void (*cb)(void *ctx, const char *table, int64_t rows), void *ctx,
                       struct err *e);
/* Read a table: 0 when the database answers. */
int store_ping(struct store *st, struct err *e);

/* The last failure the backend reported on st (code and message, also
 * when the caller passed no struct err), for the server's log and its
 * choice of 503 over 500; store_clear_error forgets it. */
const struct err *store_last_error(const struct store *st);
void store_clear_error(struct store *st);
/* Record e as st's last failure: a failure met on another connection on
 * st's behalf (the access log's group commit), so the server answers as
 * if st had met it. */
void store_note_error(struct store *st, const struct err *e);
/* How long a writer on st waits for the write lock before failing with
 * ERR_BUSY (the server's connections wait STORE_WEB_BUSY_MS, so a page
 * answers 503 "try again" while an import commits, not a 500 after 10 s),
 * and how many of the process's connections may wait at once: past
 * max_waiters (0: no cap) a writer fails at once, so a pool of n never has
 * all n threads waiting (SQLite; PostgreSQL waits lock_timeout, uncapped). */
#define STORE_WEB_BUSY_MS 2000
int store_busy_ms(struct store *st, int ms, int max_waiters, struct err *e);
/* A thread about to wait for another's write on st's behalf (the access
 * log's group commit) takes one of the waiter slots store_busy_ms caps:
 * 1 when taken (give it back with store_wait_leave), 0 when there is no
 * cap (PostgreSQL, or no store_busy_ms), -1 when every slot is taken (fail
 * at once with ERR_BUSY). A write lock wait on st while it holds the slot
 * counts in the same slot. */
int store_wait_enter(struct store *st);
void store_wait_leave(struct store *st);

/* A fixed set of connections to one database, for the server's threads
 * (each waits STORE_WEB_BUSY_MS for the write lock). */
struct store_pool;
int store_pool_open(struct store_pool **out, const char *path, int n, struct err *e);
struct store *store_pool_get(struct store_pool *p);
void store_pool_put(struct store_pool *p, struct store *st);
void store_pool_close(struct store_pool *p);

#endif
