/* backup.c — backups that restore: see backup.h. The copy itself is the
 * store's (store_backup); this file decides what a good backup is: a copy
 * whose bytes, tables and access-log chain match the manifest written
 * when it was taken. */
#include "domain/backup.h"
#include "domain/accesslog.h"
#include "domain/actor.h"
#include "store/store.h"
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int file_sha256(const char *path, char hex[65], int64_t *bytes, struct err *e)
{
	unsigned char buf[65536], md[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state h;
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "cannot read %s: %s", path, strerror(errno));
	crypto_hash_sha256_init(&h);
	size_t n;
	*bytes = 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		crypto_hash_sha256_update(&h, buf, n);
		*bytes += (int64_t)n;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return err_set(e, ERR_IO, "cannot read %s", path);
	crypto_hash_sha256_final(&h, md);
	sodium_bin2hex(hex, 65, md, sizeof md);
	return 0;
}

struct counts {
	json_t *tables;      /* taking: filled; verifying: the manifest's, compared */
	int compare;
	char diff[300];
	int n;
	int64_t rows;
	int upgraded;        /* migrated since: counts are not compared */
};

static void on_table(void *ctx, const char *table, int64_t rows)
{
	struct counts *c = ctx;
	c->n++;
	c->rows += rows;
	if (!c->compare) {
		json_object_set_new(c->tables, table, json_integer(rows));
		return;
	}
	json_t *want = json_object_get(c->tables, table);
	if (c->diff[0] || c->upgraded)
		return;
	if (!json_is_integer(want))
		snprintf(c->diff, sizeof c->diff, "table %s is not in the manifest", table);
	else if (json_integer_value(want) != rows)
		snprintf(c->diff, sizeof c->diff, "table %s has %lld rows, the manifest says %lld", table, (long long)rows,
		         (long long)json_integer_value(want));
}

/* The checks shared by taking, verifying and restoring: integrity, the
 * access log's chain, and (when m is a manifest) counts and log head equal
 * to it; or (when m is an empty object) fill it. upgraded: the database was
 * migrated since the manifest, so its counts and version are not compared. */
static int check_db(struct store *st, json_t *m, int upgraded, struct backup_info *out, struct err *e)
{
	if (store_integrity(st, e))
		return -1;
	int64_t bad_id = 0, rows = 0;
	char msg[300] = "";
	int v = alog_verify(st, &bad_id, &rows, msg, sizeof msg, e);
	if (v < 0)
		return -1;
	if (v > 0)
		return err_set(e, ERR_INPUT, "%s: the access log's chain is broken at row %lld: %s", store_path(st),
		               (long long)bad_id, msg);
	out->log_rows = rows;
	struct alog_anchor head = { 0 };
	struct err he = { 0 };
	if (alog_head(st, &head, &he) && he.code != ERR_NOTFOUND)
		return err_set(e, he.code, "%s", he.msg);
	out->log_seq = head.seq;
	out->schema_version = store_version(st);
	int taking = json_object_size(m) == 0;
	struct counts c = { .tables = taking ? json_object() : json_object_get(m, "tables"), .compare = !taking,
		            .upgraded = upgraded };
	if (!taking && !json_is_object(c.tables))
		return err_set(e, ERR_INPUT, "the manifest has no table counts");
	int rc = store_table_counts(st, on_table, &c, e);
	if (taking) {
		json_object_set_new(m, "tables", c.tables);
		json_object_set_new(m, "schema_version", json_integer(out->schema_version));
		json_t *lh = json_object();
		json_object_set_new(lh, "seq", json_integer(head.seq));
		json_object_set_new(lh, "mac", json_string(head.mac));
		json_object_set_new(m, "log_head", lh);
	}
	if (rc)
		return -1;
	out->tables = c.n;
	out->rows = c.rows;
	if (taking)
		return 0;
	if (c.diff[0])
		return err_set(e, ERR_INPUT, "%s: %s", store_path(st), c.diff);
	if (!upgraded && c.n != (int)json_object_size(c.tables))
		return err_set(e, ERR_INPUT, "%s: %d tables, the manifest lists %d", store_path(st), c.n,
		               (int)json_object_size(c.tables));
	json_t *lh = json_object_get(m, "log_head");
	int64_t want_seq = json_integer_value(json_object_get(lh, "seq"));
	const char *want_mac = json_string_value(json_object_get(lh, "mac"));
	if ((want_seq != head.seq || !want_mac || strcmp(want_mac, head.mac) != 0))
		return err_set(e, ERR_INPUT, "%s: the access log's head is row %lld, the manifest's row %lld",
		               store_path(st), (long long)head.seq, (long long)want_seq);
	if (json_integer_value(json_object_get(m, "schema_version")) != out->schema_version && !upgraded)
		return err_set(e, ERR_INPUT, "%s: schema version %d, the manifest says %lld", store_path(st),
		               out->schema_version, (long long)json_integer_value(json_object_get(m, "schema_version")));
	return 0;
}

static void manifest_path(const char *path, char *out, size_t n)
{
	snprintf(out, n, "%s.manifest", path);
}

int backup_take(struct store *st, const struct actor *who, const char *dest, struct backup_info *out, struct err *e)
{
	char part[1100], mpath[1100], mpart[1200];
	struct store *copy = NULL;
	json_t *m = json_object();
	int rc = -1, made = 0;
	memset(out, 0, sizeof *out);
	snprintf(part, sizeof part, "%s.part", dest);
	manifest_path(dest, mpath, sizeof mpath);
	snprintf(mpart, sizeof mpart, "%s.part", mpath);
	struct stat sb;
	if (stat(dest, &sb) == 0 || stat(mpath, &sb) == 0) {
		err_set(e, ERR_CONFLICT, "%s already exists: a backup never overwrites another", dest);
		goto out;
	}
	unlink(part);
	made = 1;
	if (store_backup(st, part, e) || store_open_readonly(&copy, part, e) || check_db(copy, m, 0, out, e))
		goto out;
	store_close(copy);
	copy = NULL;
	if (file_sha256(part, out->sha256, &out->bytes, e))
		goto out;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(m, "probity_backup", json_integer(1));
	json_object_set_new(m, "created", json_string(now));
	json_object_set_new(m, "source", json_string(store_path(st)));
	json_object_set_new(m, "sha256", json_string(out->sha256));
	json_object_set_new(m, "bytes", json_integer(out->bytes));
	if (json_dump_file(m, mpart, JSON_INDENT(1) | JSON_SORT_KEYS)) {
		err_set(e, ERR_IO, "cannot write %s", mpart);
		goto out;
	}
	if (rename(part, dest) || rename(mpart, mpath)) {
		err_set(e, ERR_IO, "cannot rename into %s: %s", dest, strerror(errno));
		unlink(dest);
		goto out;
	}
	char detail[200];
	snprintf(detail, sizeof detail, "sha256=%s rows=%lld", out->sha256, (long long)out->rows);
	if (alog_write(st, who, "backup", "database", dest, "ok", detail, e))
		goto out;
	rc = 0;
out:
	store_close(copy);
	json_decref(m);
	if (rc && made) {
		unlink(part);
		unlink(mpart);
	}
	return rc;
}

static json_t *load_manifest(const char *path, struct err *e)
{
	char mpath[1100];
	json_error_t je;
	manifest_path(path, mpath, sizeof mpath);
	json_t *m = json_load_file(mpath, 0, &je);
	if (!m || json_integer_value(json_object_get(m, "probity_backup")) != 1) {
		json_decref(m);
		err_set(e, ERR_INPUT, "%s: not a Probity backup manifest%s%s", mpath, m ? "" : ": ", m ? "" : je.text);
		return NULL;
	}
	return m;
}

int backup_verify(const char *path, struct backup_info *out, struct err *e)
{
	struct store *st = NULL;
	int rc = -1;
	memset(out, 0, sizeof *out);
	json_t *m = load_manifest(path, e);
	if (!m)
		return -1;
	if (file_sha256(path, out->sha256, &out->bytes, e))
		goto out;
	const char *want = json_string_value(json_object_get(m, "sha256"));
	if (!want || strcmp(want, out->sha256) != 0) {
		err_set(e, ERR_INPUT, "%s: its SHA-256 is not the manifest's: the file was changed or damaged", path);
		goto out;
	}
	if (store_open_readonly(&st, path, e) || check_db(st, m, 0, out, e))
		goto out;
	rc = 0;
out:
	store_close(st);
	json_decref(m);
	return rc;
}

int backup_serving_lock(const char *db_path)
{
	int fd = open(db_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_SH | LOCK_NB)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int copy_file(const char *from, const char *to, struct err *e)
{
	char buf[65536];
	int rc = -1;
	FILE *in = fopen(from, "rb"), *out = NULL;
	if (!in) {
		err_set(e, ERR_IO, "cannot read %s: %s", from, strerror(errno));
		goto done;
	}
	int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || !(out = fdopen(fd, "wb"))) {
		if (fd >= 0)
			close(fd);
		err_set(e, ERR_IO, "cannot create %s: %s", to, strerror(errno));
		goto done;
	}
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	if (ferror(in) || ferror(out) || fflush(out) || fsync(fileno(out))) {
		err_set(e, ERR_IO, "cannot write %s", to);
		goto done;
	}
	rc = 0;
done:
	if (in)
		fclose(in);
	if (out && fclose(out) && rc == 0)
		rc = err_set(e, ERR_IO, "cannot write %s", to);
	return rc;
}

int backup_restore(const char *path, const char *target, int force, struct backup_info *out, struct err *e)
{
	char part[1100], side[1100];
	struct store *st = NULL;
	json_t *m = NULL;
	int rc = -1, lock = -1;
	struct stat sb;
	if (stat(target, &sb) == 0) {
		lock = open(target, O_RDONLY | O_CLOEXEC);
		if (lock >= 0 && flock(lock, LOCK_EX | LOCK_NB)) {
			err_set(e, ERR_CONFLICT, "%s is in use by a running probity serve: stop it first", target);
			goto out;
		}
		if (!force) {
			err_set(e, ERR_CONFLICT, "%s exists: pass --force to replace it", target);
			goto out;
		}
	}
	if (backup_verify(path, out, e) || !(m = load_manifest(path, e)))
		goto out;
	snprintf(part, sizeof part, "%s.restore-part", target);
	unlink(part);
	if (copy_file(path, part, e))
		goto out;
	/* the old database's journal files belong to the old file */
	snprintf(side, sizeof side, "%s-wal", target);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", target);
	unlink(side);
	if (rename(part, target)) {
		err_set(e, ERR_IO, "cannot rename %s to %s: %s", part, target, strerror(errno));
		unlink(part);
		goto out;
	}
	/* opened as the server will open it (migrating an older backup), then
	 * checked against the manifest again before the restore is logged */
	struct backup_info again = { 0 };
	if (store_open(&st, target, e) || check_db(st, m, store_version(st) != out->schema_version, &again, e))
		goto out;
	struct actor sys;
	actor_system(&sys);
	char detail[200];
	snprintf(detail, sizeof detail, "from %.100s sha256=%s", path, out->sha256);
	if (alog_write(st, &sys, "restore", "database", target, "ok", detail, e))
		goto out;
	out->log_rows = again.log_rows;
	rc = 0;
out:
	store_close(st);
	json_decref(m);
	if (lock >= 0)
		close(lock);
	return rc;
}
