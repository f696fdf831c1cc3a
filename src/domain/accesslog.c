/* accesslog.c — the hash-chained access log.
 * A row's hash is SHA-256 over: the previous row's hash (hex), then each of
 * id, at, account_id, username, action, object_type, object_id, outcome and
 * detail, each followed by a 0x1f separator. Writers serialise on the
 * database's write lock (store_begin takes it), so the chain never forks. */
#include "domain/accesslog.h"
#include "core/date.h"
#include "store/store.h"
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void row_hash(const char *prev, int64_t id, const char *at, int64_t account_id, const char *username,
                     const char *action, const char *otype, const char *oid, const char *outcome,
                     const char *detail, char out[65])
{
	crypto_hash_sha256_state h;
	char num[2][32];
	snprintf(num[0], sizeof num[0], "%" PRId64, id);
	snprintf(num[1], sizeof num[1], "%" PRId64, account_id);
	const char *parts[] = { prev, num[0], at, num[1], username, action, otype, oid, outcome, detail };
	crypto_hash_sha256_init(&h);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		crypto_hash_sha256_update(&h, (const unsigned char *)parts[i], strlen(parts[i]));
		crypto_hash_sha256_update(&h, (const unsigned char *)"\x1f", 1);
	}
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

int alog_write(struct store *st, const struct actor *who, const char *action, const char *object_type,
               const char *object_id, const char *outcome, const char *detail, struct err *e)
{
	struct err local;
	if (!e)
		e = &local;
	if (store_begin(st, e))
		return -1;
	char prev[65] = GENESIS;
	int64_t last = 0;
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1", ""))
		goto fail;
	int r = stmt_next(s, e);
	if (r == 1) {
		last = stmt_int(s, 0);
		snprintf(prev, sizeof prev, "%s", stmt_text(s, 1));
	}
	stmt_done(s);
	if (r < 0)
		goto fail;
	char at[21];
	time_now_iso(at);
	int64_t id = last + 1, acc = who ? who->account_id : 0;
	const char *user = who ? who->username : "system";
	if (!detail)
		detail = "";
	char hash[65];
	row_hash(prev, id, at, acc, user, action, object_type, object_id, outcome, detail, hash);
	if (store_exec(st, e,
	               "INSERT INTO access_log(id, at, account_id, username, action, object_type, object_id, "
	               "outcome, detail, prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
	               "itittttttt" "t", id, at, acc, user, action, object_type, object_id, outcome, detail, prev,
	               hash))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int alog_writei(struct store *st, const struct actor *who, const char *action, const char *object_type,
                int64_t object_id, const char *outcome, const char *detail, struct err *e)
{
	char id[32];
	snprintf(id, sizeof id, "%" PRId64, object_id);
	return alog_write(st, who, action, object_type, id, outcome, detail, e);
}

int alog_verify(struct store *st, int64_t *bad_id, int64_t *rows, char *msg, size_t n, struct err *e)
{
	struct stmt *s;
	*bad_id = 0;
	*rows = 0;
	if (store_query(st, &s, e,
	                "SELECT id, at, account_id, username, action, object_type, object_id, outcome, detail, "
	                "prev_hash, hash FROM access_log ORDER BY id",
	                ""))
		return -1;
	char prev[65] = GENESIS;
	int64_t expect = 1;
	int r, rc = 0;
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
		row_hash(prev, id, stmt_text(s, 1), stmt_int(s, 2), stmt_text(s, 3), stmt_text(s, 4),
		         stmt_text(s, 5), stmt_text(s, 6), stmt_text(s, 7), stmt_text(s, 8), h);
		if (strcmp(h, stmt_text(s, 10)) != 0) {
			*bad_id = id;
			snprintf(msg, n, "row %lld was altered (its hash does not match its contents)", (long long)id);
			rc = 1;
			break;
		}
		snprintf(prev, sizeof prev, "%s", h);
		expect++;
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	return rc;
}

int alog_require(struct store *st, const struct actor *who, unsigned roles, const char *action,
                 const char *object_type, int64_t object_id, const char *msg, struct err *e)
{
	if (actor_has(who, roles))
		return 0;
	alog_writei(st, who, action, object_type, object_id, "refused", "role", NULL);
	return err_set(e, ERR_DENIED, "%s", msg);
}
