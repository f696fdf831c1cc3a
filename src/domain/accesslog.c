/* accesslog.c — the keyed, hash-chained access log.
 * A row's MAC is HMAC-SHA-512-256 (libsodium crypto_auth) under the log key
 * over: the previous row's MAC (hex), then each of id, at, account_id,
 * username, action, object_type, object_id, outcome and detail, each
 * followed by a 0x1f separator. Rows before the keyed chain's start row
 * ("log.keyed", written once per database) were chained with plain SHA-256
 * over the same bytes and are checked that way. Writers serialise on the
 * database's write lock (store_begin takes it), so the chain never forks;
 * a process's appends made outside a transaction are committed together
 * (the group commit below). The key is read once per process and key file
 * and kept in memory until exit. */
#include "domain/accesslog.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "store/store.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define KEYBYTES crypto_auth_hmacsha512256_KEYBYTES
#define START_ACTION "log.keyed"
#define START_DETAIL "keyed chain starts here; rows before it are unkeyed SHA-256"

/* The key of the last key file read, shared by the server's threads. */
static struct {
	pthread_mutex_t mu;
	char path[4096];
	unsigned char key[KEYBYTES];
	int have;
} cached = { .mu = PTHREAD_MUTEX_INITIALIZER };

void alog_key_path(const struct store *st, char *out, size_t n)
{
	const char *env = getenv(ALOG_KEY_ENV);
	if (env && *env)
		snprintf(out, n, "%s", env);
	else if (store_is_pg_uri(store_path(st)))
		snprintf(out, n, "%s", ""); /* a server database has no file to sit beside: --log-key names it */
	else
		snprintf(out, n, "%s.logkey", store_path(st) ? store_path(st) : "");
}

/* A database with no file (":memory:") gets a key that lives as long as the process. */
static int is_memory(const char *path)
{
	return strcmp(path, ".logkey") == 0 || strcmp(path, ":memory:.logkey") == 0;
}

/* Write a new random key to path, atomically: a private temporary file
 * linked into place, so a reader never sees half a key and two creators
 * agree on one. 0, or -1 with e set. */
static int create_key(const char *path, struct err *e)
{
	unsigned char k[KEYBYTES];
	char hex[2 * KEYBYTES + 2], tmp[4200];
	randombytes_buf(k, sizeof k);
	sodium_bin2hex(hex, sizeof hex - 1, k, sizeof k);
	sodium_memzero(k, sizeof k);
	hex[2 * KEYBYTES] = '\n';
	hex[2 * KEYBYTES + 1] = 0;
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp), rc = -1;
	if (fd < 0)
		return err_set(e, ERR_IO, "cannot create the access log key %s: %s", path, strerror(errno));
	size_t len = strlen(hex);
	if (fchmod(fd, 0600) || write(fd, hex, len) != (ssize_t)len || fsync(fd)) {
		err_set(e, ERR_IO, "cannot write the access log key %s: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	if (close(fd)) {
		err_set(e, ERR_IO, "cannot write the access log key %s: %s", path, strerror(errno));
		goto out;
	}
	if (link(tmp, path) && errno != EEXIST) {
		err_set(e, ERR_IO, "cannot create the access log key %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(hex, sizeof hex);
	unlink(tmp);
	return rc;
}

/* Read the key file at path into key. 0, 1 when it does not exist, -1 when
 * it cannot be used (e says why: e.g. readable by others). */
static int read_key(const char *path, unsigned char key[KEYBYTES], struct err *e)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		return err_set(e, ERR_IO, "cannot read the access log key %s: %s", path, strerror(errno));
	}
	struct stat sb;
	char text[160];
	ssize_t n = -1;
	int rc = -1;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		err_set(e, ERR_IO, "the access log key %s is not a regular file", path);
		goto out;
	}
	if (sb.st_mode & 077) {
		err_set(e, ERR_DENIED, "the access log key %s may be read by others: it must be readable only by the "
		        "service (chmod 600 %s)", path, path);
		goto out;
	}
	n = read(fd, text, sizeof text - 1);
	if (n < 0) {
		err_set(e, ERR_IO, "cannot read the access log key %s: %s", path, strerror(errno));
		goto out;
	}
	text[n] = 0;
	size_t got = 0;
	if (sodium_hex2bin(key, KEYBYTES, text, (size_t)n, " \r\n", &got, NULL) || got != KEYBYTES) {
		err_set(e, ERR_INPUT, "the access log key %s is not %d bytes in hex", path, (int)KEYBYTES);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(text, sizeof text);
	close(fd);
	return rc;
}

/* The kept key is wiped when the process exits. */
static void wipe_key(void)
{
	pthread_mutex_lock(&cached.mu);
	sodium_memzero(cached.key, sizeof cached.key);
	cached.have = 0;
	pthread_mutex_unlock(&cached.mu);
}

static pthread_once_t wipe_once = PTHREAD_ONCE_INIT;

static void wipe_at_exit(void)
{
	atexit(wipe_key);
}

/* The log key for st into key: 0; 1 when there is no key file and create
 * is 0; -1 on error (e set). With create, a missing key file is made. */
static int load_key(struct store *st, int create, unsigned char key[KEYBYTES], struct err *e)
{
	char path[sizeof cached.path];
	alog_key_path(st, path, sizeof path);
	if (!*path)
		return err_set(e, ERR_INPUT, "a PostgreSQL database's access log key file must be named by --log-key "
		               "FILE or $PROBITY_LOG_KEY (kept on the application server, apart from the database)") ? -1 : -1;
	pthread_once(&wipe_once, wipe_at_exit);
	pthread_mutex_lock(&cached.mu);
	int rc = 0;
	unsigned char k[KEYBYTES];
	if (cached.have && strcmp(cached.path, path) == 0)
		goto done;
	if (is_memory(path)) {
		randombytes_buf(k, KEYBYTES);
	} else {
		rc = read_key(path, k, e);
		if (rc == 1 && create) {
			rc = create_key(path, e);
			if (rc == 0)
				rc = read_key(path, k, e);
		}
		if (rc)
			goto out;
	}
	memcpy(cached.key, k, KEYBYTES);
	snprintf(cached.path, sizeof cached.path, "%s", path);
	cached.have = 1;
done:
	memcpy(key, cached.key, KEYBYTES);
out:
	sodium_memzero(k, sizeof k);
	pthread_mutex_unlock(&cached.mu);
	return rc;
}

int alog_derive_key(struct store *st, const char *context, unsigned char *out, size_t n, struct err *e)
{
	unsigned char key[KEYBYTES];
	int rc = load_key(st, 1, key, e);
	if (rc == 0 && crypto_generichash(out, n, (const unsigned char *)context, strlen(context), key, KEYBYTES))
		rc = err_set(e, ERR_INTERNAL, "cannot derive a key");
	sodium_memzero(key, sizeof key);
	return rc ? -1 : 0;
}

/* The row's chain value: its HMAC under key, or (key NULL: a row from before
 * the keyed chain) its plain SHA-256. */
static void row_mac(const unsigned char *key, const char *prev, int64_t id, const char *at, int64_t account_id,
                    const char *username, const char *action, const char *otype, const char *oid,
                    const char *outcome, const char *detail, char out[65])
{
	char num[2][32];
	snprintf(num[0], sizeof num[0], "%" PRId64, id);
	snprintf(num[1], sizeof num[1], "%" PRId64, account_id);
	const char *parts[] = { prev, num[0], at, num[1], username, action, otype, oid, outcome, detail };
	unsigned char d[32];
	if (key) {
		crypto_auth_hmacsha512256_state h;
		crypto_auth_hmacsha512256_init(&h, key, KEYBYTES);
		for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
			crypto_auth_hmacsha512256_update(&h, (const unsigned char *)parts[i], strlen(parts[i]));
			crypto_auth_hmacsha512256_update(&h, (const unsigned char *)"\x1f", 1);
		}
		crypto_auth_hmacsha512256_final(&h, d);
	} else {
		crypto_hash_sha256_state h;
		crypto_hash_sha256_init(&h);
		for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
			crypto_hash_sha256_update(&h, (const unsigned char *)parts[i], strlen(parts[i]));
			crypto_hash_sha256_update(&h, (const unsigned char *)"\x1f", 1);
		}
		crypto_hash_sha256_final(&h, d);
	}
	sodium_bin2hex(out, 65, d, sizeof d);
}

/* The id of the keyed chain's start row, 0 when there is none; -1 on error. */
static int64_t keyed_start(struct store *st, struct err *e)
{
	int64_t start = 0;
	if (store_int(st, e, &start, "SELECT COALESCE(MIN(id), 0) FROM access_log WHERE action = '" START_ACTION "'",
	              "") < 0)
		return -1;
	return start;
}

/* The start row's id kept on the connection (store_memo) once a commit of
 * ours has seen it: it never changes after, so appends skip the query. */
static const char start_owner;

static int64_t keyed_start_kept(struct store *st, struct err *e)
{
	void **slot = store_memo(st, &start_owner, free);
	if (slot && *slot)
		return *(int64_t *)*slot;
	return keyed_start(st, e);
}

static void keyed_start_keep(struct store *st, int64_t start)
{
	void **slot = start > 0 ? store_memo(st, &start_owner, free) : NULL;
	if (slot && !*slot) {
		int64_t *v = xmalloc(sizeof *v);
		*v = start;
		*slot = v;
	}
}

/* Append row id after prev, keyed; its MAC goes to mac. */
static int append(struct store *st, const unsigned char *key, int64_t id, const struct actor *who,
                  const char *action, const char *object_type, const char *object_id, const char *outcome,
                  const char *detail, const char *prev, char mac[65], struct err *e)
{
	char at[21];
	time_now_iso(at);
	int64_t acc = who ? who->account_id : 0;
	const char *user = who ? who->username : "system";
	row_mac(key, prev, id, at, acc, user, action, object_type, object_id, outcome, detail, mac);
	return store_exec(st, e,
	                  "INSERT INTO access_log(id, at, account_id, username, action, object_type, object_id, "
	                  "outcome, detail, prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
	                  "itittttttt" "t", id, at, acc, user, action, object_type, object_id, outcome, detail, prev,
	                  mac);
}

/* Inside the write transaction: the key and the head to append after,
 * writing the keyed chain's start row first when there is none (*startp:
 * the start row's id, once committed). */
static int keyed_head(struct store *st, unsigned char key[KEYBYTES], int64_t *last, char prev[65], int64_t *startp,
                      struct err *e)
{
	int64_t start = keyed_start_kept(st, e);
	if (start < 0)
		return -1;
	int r = load_key(st, start == 0, key, e);
	if (r < 0)
		return -1;
	if (r == 1) {
		char path[4096];
		alog_key_path(st, path, sizeof path);
		return err_set(e, ERR_INTERNAL, "the access log key %s is missing: the log's keyed rows cannot be "
		               "extended without it (restore it from the backup)", path);
	}
	struct stmt *s;
	snprintf(prev, 65, "%s", GENESIS);
	*last = 0;
	if (store_query(st, &s, e, "SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1", ""))
		return -1;
	r = stmt_next(s, e);
	if (r == 1) {
		*last = stmt_int(s, 0);
		snprintf(prev, 65, "%s", stmt_text(s, 1));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (start == 0) {
		char mac[65];
		if (append(st, key, *last + 1, NULL, START_ACTION, "access_log", "", "ok", START_DETAIL, prev, mac, e))
			return -1;
		(*last)++;
		memcpy(prev, mac, 65);
		start = *last;
	}
	*startp = start;
	return 0;
}

/* ---- group commit ----
 * An append made outside a caller's transaction (every page view's "list"
 * or "view" row) is handed to a queue of this process: the first waiter
 * becomes the leader, takes every queued row for its database, opens one
 * write transaction, reads the head and chains the rows' MACs in queue
 * order, inserts them, commits, and wakes the others with the outcome.
 * Each caller returns only once its own row is committed (or with the
 * batch's error), so a read that was answered is logged. The leader takes
 * the write lock and reads the head inside its transaction as a single
 * append does, so several processes on one database still chain one log.
 * A waiter holds one of the store's lock-waiter slots (store_wait_enter),
 * so waiting appends never take every server thread from /healthz. */
#define BATCH_MAX 256

struct pending {
	const char *path; /* the database: a batch holds one database's rows */
	const struct actor *who;
	const char *action, *object_type, *object_id, *outcome, *detail;
	struct store *st;
	int slot;  /* holds one of the store's lock-waiter slots (store_wait_enter) */
	int state; /* QUEUED, TAKEN (in a leader's batch), DONE */
	int rc;
	struct err err;
	struct pending *next;
};
enum { QUEUED, TAKEN, DONE };

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct pending *head, *tail;
	int leading;
} gq = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0 };

/* Append rows[0..n) in order in one transaction of st's (joining the
 * caller's when one is open). */
static int write_rows(struct store *st, struct pending **rows, size_t n, struct err *e)
{
	unsigned char key[KEYBYTES];
	char prev[65], mac[65];
	int64_t last, start = 0;
	int own = !store_in_transaction(st);
	if (store_begin(st, e))
		return -1;
	if (keyed_head(st, key, &last, prev, &start, e))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		struct pending *p = rows[i];
		if (append(st, key, last + 1 + (int64_t)i, p->who, p->action, p->object_type, p->object_id, p->outcome,
		           p->detail, prev, mac, e))
			goto fail;
		memcpy(prev, mac, sizeof prev);
	}
	sodium_memzero(key, sizeof key);
	if (store_commit(st, e))
		return -1;
	if (own)
		keyed_start_keep(st, start);
	return 0;
fail:
	sodium_memzero(key, sizeof key);
	store_rollback(st);
	return -1;
}

/* Take up to BATCH_MAX queued rows for path, in queue order (gq.mu held). */
static size_t take_batch(const char *path, struct pending **rows)
{
	size_t n = 0;
	struct pending **pp = &gq.head, *prev = NULL;
	while (*pp && n < BATCH_MAX) {
		struct pending *p = *pp;
		if (strcmp(p->path, path) != 0) {
			prev = p;
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		if (gq.tail == p)
			gq.tail = prev;
		p->state = TAKEN;
		p->next = NULL;
		rows[n++] = p;
	}
	return n;
}

int alog_write(struct store *st, const struct actor *who, const char *action, const char *object_type,
               const char *object_id, const char *outcome, const char *detail, struct err *e)
{
	struct err local;
	if (!e)
		e = &local;
	struct pending me = { .path = store_path(st), .st = st, .who = who, .action = action, .object_type = object_type,
	                      .object_id = object_id, .outcome = outcome, .detail = detail ? detail : "" };
	struct pending *one = &me;
	if (store_in_transaction(st))
		return write_rows(st, &one, 1, e); /* the caller's transaction: its lock, its commit */
	pthread_mutex_lock(&gq.mu);
	if (gq.leading) { /* we shall wait: as a writer waiting for the lock does */
		me.slot = store_wait_enter(st);
		if (me.slot < 0) {
			pthread_mutex_unlock(&gq.mu);
			err_set(e, ERR_BUSY, "the database is busy: the access log row could not be written");
			store_note_error(st, e);
			return -1;
		}
	}
	if (gq.tail)
		gq.tail->next = &me;
	else
		gq.head = &me;
	gq.tail = &me;
	while (me.state != DONE) {
		if (gq.leading || me.state == TAKEN) {
			pthread_cond_wait(&gq.cv, &gq.mu);
			continue;
		}
		gq.leading = 1;
		/* a waiter that leads waits no longer: its slot goes (the lock's
		 * own wait, if any, takes one in store_begin) */
		if (me.slot > 0)
			store_wait_leave(st);
		me.slot = 0;
		struct pending *rows[BATCH_MAX];
		size_t n = take_batch(me.path, rows);
		pthread_mutex_unlock(&gq.mu);
		struct err be = { 0 };
		int rc = write_rows(st, rows, n, &be);
		pthread_mutex_lock(&gq.mu);
		for (size_t i = 0; i < n; i++) {
			rows[i]->rc = rc;
			rows[i]->err = be;
			rows[i]->state = DONE;
			/* its slot goes now, not once its thread runs again: under
			 * views alone the next rows would find every slot taken by
			 * waiters already done (1.9% of page views answered 503 at
			 * 32 connections); the waiter is blocked on gq.cv meanwhile */
			if (rows[i]->slot > 0)
				store_wait_leave(rows[i]->st);
			rows[i]->slot = 0;
		}
		gq.leading = 0;
		pthread_cond_broadcast(&gq.cv);
	}
	pthread_mutex_unlock(&gq.mu);
	if (me.rc) {
		*e = me.err;
		store_note_error(st, e);
		return -1;
	}
	return 0;
}

int alog_writei(struct store *st, const struct actor *who, const char *action, const char *object_type,
                int64_t object_id, const char *outcome, const char *detail, struct err *e)
{
	char id[32];
	snprintf(id, sizeof id, "%" PRId64, object_id);
	return alog_write(st, who, action, object_type, id, outcome, detail, e);
}

int alog_list(struct store *st, const struct actor *who, const char *what, const char *scope, struct err *e,
              const char *fmt, ...)
{
	char detail[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	return alog_write(st, who, "list", what, scope, "ok", detail, e);
}

int alog_start(struct store *st, struct err *e)
{
	unsigned char key[KEYBYTES];
	char prev[65];
	int64_t last, start = 0;
	if (store_begin(st, e))
		return -1;
	int rc = keyed_head(st, key, &last, prev, &start, e);
	sodium_memzero(key, sizeof key);
	if (rc) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int alog_head(struct store *st, struct alog_anchor *out, struct err *e)
{
	struct stmt *s;
	memset(out, 0, sizeof *out);
	if (store_query(st, &s, e, "SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1", ""))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		out->seq = stmt_int(s, 0);
		snprintf(out->mac, sizeof out->mac, "%s", stmt_text(s, 1));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "the access log is empty");
}

void alog_anchor_line(const struct alog_anchor *a, char *out, size_t n)
{
	char at[21];
	time_now_iso(at);
	snprintf(out, n, "log-anchor seq=%" PRId64 " mac=%s at=%s", a->seq, a->mac, at);
}

int alog_anchor_parse(const char *line, struct alog_anchor *out)
{
	const char *s = strstr(line, "seq="), *m = strstr(line, "mac=");
	if (!s || !m || (s > line && s[-1] != ' ') || (m > line && m[-1] != ' '))
		return 0;
	char *end;
	errno = 0;
	long long seq = strtoll(s + 4, &end, 10);
	if (errno || end == s + 4 || seq < 1 || (*end && *end != ' ' && *end != '\n'))
		return 0;
	m += 4;
	size_t k = strspn(m, "0123456789abcdef");
	if (k != 64 || (m[k] && m[k] != ' ' && m[k] != '\n' && m[k] != '\r'))
		return 0;
	out->seq = seq;
	memcpy(out->mac, m, 64);
	out->mac[64] = 0;
	return 1;
}

static int by_seq(const void *a, const void *b)
{
	int64_t x = ((const struct alog_anchor *)a)->seq, y = ((const struct alog_anchor *)b)->seq;
	return x < y ? -1 : x > y;
}

int alog_verify_anchored(struct store *st, const struct alog_anchor *anchors, size_t nanchors, int64_t *bad_id,
                         int64_t *rows, char *msg, size_t n, struct err *e)
{
	unsigned char key[KEYBYTES];
	struct alog_anchor *an = NULL;
	struct stmt *s = NULL;
	char path[4096];
	int rc = -1, r = 0;
	*bad_id = 0;
	*rows = 0;
	alog_key_path(st, path, sizeof path);
	int64_t start = keyed_start(st, e), count = 0;
	if (start < 0 || store_int(st, e, &count, "SELECT COUNT(*) FROM access_log", "") < 0)
		goto out;
	int nokey = load_key(st, 0, key, e);
	if (nokey < 0)
		goto out;
	if (start && nokey) {
		err_set(e, ERR_INTERNAL, "cannot check the access log: its key %s is missing", path);
		goto out;
	}
	if (!start && (count || !nokey)) {
		*bad_id = 1;
		snprintf(msg, n, !count ? "the log is empty although its key exists: every row was removed"
		                 : nokey ? "the log has no keyed chain (written before log keys, or rewritten without "
		                         "the key); run probity init to start one"
		                       : "the log has no keyed chain although its key exists: the keyed rows were "
		                         "removed or rewritten without the key");
		rc = 1;
		goto out;
	}
	if (nanchors) {
		an = xcalloc(nanchors, sizeof *an);
		memcpy(an, anchors, nanchors * sizeof *an);
		qsort(an, nanchors, sizeof *an, by_seq);
	}
	if (store_query(st, &s, e,
	                "SELECT id, at, account_id, username, action, object_type, object_id, outcome, detail, "
	                "prev_hash, hash FROM access_log ORDER BY id",
	                ""))
		goto out;
	char prev[65] = GENESIS;
	int64_t expect = 1;
	size_t ai = 0;
	rc = 0;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t id = stmt_int(s, 0);
		char h[65];
		(*rows)++;
		if (id != expect) {
			*bad_id = id > expect ? expect : id;
			snprintf(msg, n, id > expect ? "row %lld is missing" : "row %lld is out of sequence",
			         (long long)*bad_id);
			rc = 1;
			break;
		}
		if (strcmp(stmt_text(s, 9), prev) != 0) {
			*bad_id = id;
			snprintf(msg, n, "row %lld does not follow the row before it (a row was removed or altered)",
			         (long long)id);
			rc = 1;
			break;
		}
		row_mac(id >= start ? key : NULL, prev, id, stmt_text(s, 1), stmt_int(s, 2), stmt_text(s, 3),
		        stmt_text(s, 4), stmt_text(s, 5), stmt_text(s, 6), stmt_text(s, 7), stmt_text(s, 8), h);
		if (strcmp(h, stmt_text(s, 10)) != 0) {
			*bad_id = id;
			snprintf(msg, n, id >= start ? "row %lld was altered or recomputed (its MAC does not match its "
			                               "contents under the log key)"
			                             : "row %lld was altered (its hash does not match its contents)",
			         (long long)id);
			rc = 1;
			break;
		}
		for (; ai < nanchors && an[ai].seq <= id; ai++)
			if (an[ai].seq == id && strcmp(an[ai].mac, h) != 0) {
				*bad_id = id;
				snprintf(msg, n, "row %lld differs from the anchor (the log was rewritten at or before "
				         "row %lld)", (long long)id, (long long)id);
				rc = 1;
				break;
			}
		if (rc)
			break;
		memcpy(prev, h, sizeof prev);
		expect++;
	}
	if (r < 0) {
		rc = -1;
		goto out;
	}
	if (rc == 0 && ai < nanchors) {
		int64_t want = an[nanchors - 1].seq;
		*bad_id = expect;
		snprintf(msg, n, "the log was cut: the anchor names row %lld but the log ends at row %lld "
		         "(rows %lld to %lld are missing)", (long long)want, (long long)(expect - 1),
		         (long long)expect, (long long)want);
		rc = 1;
	}
out:
	stmt_done(s);
	free(an);
	sodium_memzero(key, sizeof key);
	return rc;
}

int alog_verify(struct store *st, int64_t *bad_id, int64_t *rows, char *msg, size_t n, struct err *e)
{
	return alog_verify_anchored(st, NULL, 0, bad_id, rows, msg, n, e);
}

int alog_require(struct store *st, const struct actor *who, unsigned roles, const char *action,
                 const char *object_type, int64_t object_id, const char *msg, struct err *e)
{
	if (actor_has(who, roles))
		return 0;
	alog_writei(st, who, action, object_type, object_id, "refused", "role", NULL);
	return err_set(e, ERR_DENIED, "%s", msg);
}
