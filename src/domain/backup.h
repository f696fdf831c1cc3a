/* backup.h — backups that restore (docs/deploy.md).
 *
 * backup_take copies the database while the server runs (store_backup: one
 * consistent snapshot, writers go on), checks the copy (integrity check,
 * the access log's keyed chain) and writes a manifest beside it, FILE.manifest
 * (JSON: when, schema version, the copy's SHA-256 and size, every table's
 * row count, the access log's head). backup_verify checks a copy against its
 * manifest without restoring. backup_restore refuses a target a running
 * `probity serve` holds, verifies the copy first, puts it in place (a
 * rename: the old file is never half-overwritten), then checks the restored
 * database against the manifest again and logs the restore in its access log.
 *
 * The access log key is not in the backup (it is kept apart on purpose):
 * checking the chain needs the key of the database the copy came from, found
 * as alog_key_path says ($PROBITY_LOG_KEY, else DB.logkey). Taking a backup
 * is logged (action "backup", object "database"), as a copy of everything. */
#ifndef PROBITY_BACKUP_H
#define PROBITY_BACKUP_H

#include "core/err.h"
#include <stdint.h>

struct store;
struct actor;

struct backup_info {
	char sha256[65];        /* of the backup file, hex */
	int64_t bytes;
	int schema_version;
	int tables;
	int64_t rows;           /* in all tables */
	int64_t log_rows;       /* access log rows whose chain was checked */
	int64_t log_seq;        /* the access log's head row (0: empty) */
};

/* Copy st's database to dest (which must not exist) and write
 * dest.manifest. On failure neither is left behind. who is logged. */
int backup_take(struct store *st, const struct actor *who, const char *dest, struct backup_info *out, struct err *e);
/* Check path against path.manifest: checksum, integrity, table counts, the
 * access log's head and chain. ERR_INPUT naming the first difference. */
int backup_verify(const char *path, struct backup_info *out, struct err *e);
/* Verify path, then make it the database at target: refused (ERR_CONFLICT)
 * when a running server holds target, or when target exists and !force. */
int backup_restore(const char *path, const char *target, int force, struct backup_info *out, struct err *e);

/* The server's hold on its database file (a shared flock, kept for the
 * life of the process and its worker), which backup_restore tests for.
 * The descriptor, or -1 (a database that is not a local file). */
int backup_serving_lock(const char *db_path);

#endif
