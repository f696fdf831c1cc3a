/* auth.c — accounts, argon2id passwords, lockout, sessions and API tokens. */
#include "domain/auth.h"
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "store/store.h"
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static void random_hex(char out[TOKEN_HEX])
{
	unsigned char b[32];
	randombytes_buf(b, sizeof b);
	sodium_bin2hex(out, TOKEN_HEX, b, sizeof b);
}

/* The stored form of a token: hex BLAKE2b-256 of it. */
static void token_hash(const char *token, char out[TOKEN_HEX])
{
	unsigned char d[32];
	crypto_generichash(d, sizeof d, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, TOKEN_HEX, d, sizeof d);
}

int token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b) || n == 0)
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

static int valid_username(const char *u)
{
	size_t n = strlen(u);
	if (n < 2 || n > 60)
		return 0;
	for (; *u; u++)
		if (!isalnum((unsigned char)*u) && *u != '.' && *u != '_' && *u != '-')
			return 0;
	return 1;
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], struct err *e)
{
	size_t n = strlen(pw);
	if (n < PASSWORD_MIN)
		return err_field(e, ERR_INPUT, "password", "Password must be at least %d characters", PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return err_field(e, ERR_INPUT, "password", "Password must be %d characters or fewer", PASSWORD_MAX);
	if (crypto_pwhash_str(out, pw, n, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return err_set(e, ERR_NOMEM, "out of memory hashing the password");
	return 0;
}

int account_id_by_username(struct store *st, const char *username, int64_t *id, struct err *e)
{
	int r = store_int(st, e, id, "SELECT id FROM accounts WHERE username = ?", "t", username);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_field(e, ERR_NOTFOUND, "username", "No account called %s", username);
	return 0;
}

int account_add(struct store *st, const char *username, const char *password, const char *staff_number,
                unsigned roles, int64_t *id, struct err *e)
{
	if (!valid_username(username))
		return err_field(e, ERR_INPUT, "username",
		                 "Username must be 2 to 60 letters, digits, dots, dashes or underscores");
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, e))
		return e ? e->code : ERR_INPUT;
	int64_t person = 0, existing;
	if (staff_number && *staff_number) {
		int r = store_int(st, e, &person, "SELECT id FROM people WHERE staff_number = ?", "t", staff_number);
		if (r < 0)
			return -1;
		if (r == 0)
			return err_field(e, ERR_INPUT, "staff_number", "No person with staff number %s", staff_number);
		roles |= ROLE_STAFF;
	}
	roles &= ~(unsigned)ROLE_MANAGER; /* derived, never stored */
	if (store_begin(st, e))
		return -1;
	int r = store_int(st, e, &existing, "SELECT id FROM accounts WHERE username = ?", "t", username);
	if (r != 0) {
		store_rollback(st);
		return r < 0 ? -1 : err_field(e, ERR_CONFLICT, "username", "There is already an account called %s", username);
	}
	char now[21];
	time_now_iso(now);
	if (store_exec(st, e, "INSERT INTO accounts(username, person_id, pwhash, created_at) VALUES(?, ?, ?, ?)",
	               "tttt", username, NULL, hash, now))
		goto fail;
	int64_t aid = store_last_id(st);
	if (person && store_exec(st, e, "UPDATE accounts SET person_id = ? WHERE id = ?", "ii", person, aid))
		goto fail;
	for (unsigned bit = 1; bit < (1u << ROLE_COUNT); bit <<= 1)
		if ((roles & bit) && store_exec(st, e, "INSERT INTO account_roles(account_id, role) VALUES(?, ?)", "it",
		                                aid, role_name(bit)))
			goto fail;
	if (alog_writei(st, NULL, "create", "account", aid, "ok", username, e))
		goto fail;
	if (store_commit(st, e))
		return -1;
	if (id)
		*id = aid;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int account_set_password(struct store *st, const char *username, const char *password, struct err *e)
{
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;
	if (account_id_by_username(st, username, &id, e))
		return -1;
	if (hash_password(password, hash, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE accounts SET pwhash = ?, failed_logins = 0, locked_until = 0 WHERE id = ?",
	               "ti", hash, id) ||
	    store_exec(st, e, "DELETE FROM sessions WHERE account_id = ?", "i", id) ||
	    alog_writei(st, NULL, "update", "account", id, "ok", "password changed", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int account_set_role(struct store *st, const char *username, unsigned role, int add, struct err *e)
{
	int64_t id;
	if (!role_name(role) || role == ROLE_MANAGER)
		return err_field(e, ERR_INPUT, "role", "Not a role that can be granted");
	if (account_id_by_username(st, username, &id, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	int rc = add ? store_exec(st, e, "INSERT INTO account_roles(account_id, role) VALUES(?, ?) "
	                                 "ON CONFLICT DO NOTHING", "it", id, role_name(role))
	             : store_exec(st, e, "DELETE FROM account_roles WHERE account_id = ? AND role = ?", "it", id,
	                          role_name(role));
	char detail[96];
	snprintf(detail, sizeof detail, "%s role %s", add ? "granted" : "revoked", role_name(role));
	if (rc || alog_writei(st, NULL, "update", "account", id, "ok", detail, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int account_set_disabled(struct store *st, const char *username, int disabled, struct err *e)
{
	int64_t id;
	if (account_id_by_username(st, username, &id, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE accounts SET disabled = ? WHERE id = ?", "di", disabled ? 1 : 0, id) ||
	    (disabled && store_exec(st, e, "DELETE FROM sessions WHERE account_id = ?", "i", id)) ||
	    alog_writei(st, NULL, "update", "account", id, "ok", disabled ? "disabled" : "enabled", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int actor_load(struct store *st, int64_t account_id, struct actor *out, struct err *e)
{
	struct stmt *s;
	memset(out, 0, sizeof *out);
	if (store_query(st, &s, e,
	                "SELECT a.id, a.username, COALESCE(a.person_id, 0), "
	                "COALESCE(p.forenames || ' ' || p.surname, a.username), "
	                "EXISTS(SELECT 1 FROM people r WHERE r.manager_id = a.person_id AND r.leave_date = '') "
	                "FROM accounts a LEFT JOIN people p ON p.id = a.person_id WHERE a.id = ? AND a.disabled = 0",
	                "i", account_id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		out->account_id = stmt_int(s, 0);
		snprintf(out->username, sizeof out->username, "%s", stmt_text(s, 1));
		out->person_id = stmt_int(s, 2);
		snprintf(out->name, sizeof out->name, "%s", stmt_text(s, 3));
		if (out->person_id)
			out->roles |= ROLE_STAFF;
		if (stmt_int(s, 4))
			out->roles |= ROLE_MANAGER;
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "no such account");
	if (store_query(st, &s, e, "SELECT role FROM account_roles WHERE account_id = ?", "i", account_id))
		return -1;
	while ((r = stmt_next(s, e)) == 1)
		out->roles |= role_parse(stmt_text(s, 0));
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

/* A valid hash to verify against when the username is unknown, so the time
 * taken does not tell whether an account exists. Made once, thread-safely. */
static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	if (crypto_pwhash_str(dummy, "not-a-password", 14, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy[0] = 0;
}

static const char *dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy);
	return dummy;
}

int auth_login(struct store *st, const char *username, const char *password, struct actor *out, struct err *e)
{
	struct stmt *s;
	int64_t id = 0, locked = 0, failed = 0, disabled = 0;
	char hash[crypto_pwhash_STRBYTES] = "";
	if (store_query(st, &s, e, "SELECT id, pwhash, locked_until, failed_logins, disabled FROM accounts "
	                           "WHERE username = ?", "t", username))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		id = stmt_int(s, 0);
		snprintf(hash, sizeof hash, "%s", stmt_text(s, 1));
		locked = stmt_int(s, 2);
		failed = stmt_int(s, 3);
		disabled = stmt_int(s, 4);
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	size_t pwlen = strlen(password);
	int64_t now = time_now_unix();
	struct actor who = { 0 };
	snprintf(who.username, sizeof who.username, "%s", username);
	who.account_id = id;
	if (id == 0) {
		if (crypto_pwhash_str_verify(dummy_hash(), password, pwlen) == 0)
			return err_set(e, ERR_INTERNAL, "impossible dummy match");
		alog_write(st, &who, "login", "account", username, "failed", "unknown username", NULL);
		return err_set(e, ERR_DENIED, "Incorrect username or password");
	}
	if (locked > now) {
		alog_write(st, &who, "login", "account", username, "refused", "locked", NULL);
		return err_set(e, ERR_DENIED, "This account is locked after too many failed attempts. "
		                              "Try again in %lld minutes.", (long long)((locked - now + 59) / 60));
	}
	if (pwlen > PASSWORD_MAX || crypto_pwhash_str_verify(hash, password, pwlen) != 0) {
		int64_t max = config_int(st, "login.max_failures", 5);
		int64_t lock = config_int(st, "login.lockout_seconds", 900);
		failed++;
		if (failed >= max)
			store_exec(st, NULL, "UPDATE accounts SET failed_logins = 0, locked_until = ? WHERE id = ?", "ii",
			           now + lock, id);
		else
			store_exec(st, NULL, "UPDATE accounts SET failed_logins = ? WHERE id = ?", "ii", failed, id);
		alog_write(st, &who, "login", "account", username, "failed",
		           failed >= max ? "wrong password; account locked" : "wrong password", NULL);
		if (failed >= max)
			return err_set(e, ERR_DENIED, "This account is locked after too many failed attempts. "
			                              "Try again in %lld minutes.", (long long)((lock + 59) / 60));
		return err_set(e, ERR_DENIED, "Incorrect username or password");
	}
	if (disabled) {
		alog_write(st, &who, "login", "account", username, "refused", "disabled", NULL);
		return err_set(e, ERR_DENIED, "This account is disabled");
	}
	if (failed)
		store_exec(st, NULL, "UPDATE accounts SET failed_logins = 0 WHERE id = ?", "i", id);
	if (actor_load(st, id, out, e))
		return -1;
	alog_write(st, out, "login", "account", username, "ok", "", NULL);
	return 0;
}

int session_create(struct store *st, int64_t account_id, char token[TOKEN_HEX], char csrf[TOKEN_HEX],
                   struct err *e)
{
	char th[TOKEN_HEX];
	random_hex(token);
	random_hex(csrf);
	token_hash(token, th);
	int64_t now = time_now_unix();
	int64_t idle = config_int(st, "session.idle_seconds", 28800);
	store_exec(st, NULL, "DELETE FROM sessions WHERE expires < ?", "i", now);
	return store_exec(st, e, "INSERT INTO sessions(token_hash, account_id, csrf, created, expires) "
	                         "VALUES(?, ?, ?, ?, ?)", "titii", th, account_id, csrf, now, now + idle);
}

int session_lookup(struct store *st, const char *token, struct actor *out, char csrf[TOKEN_HEX], struct err *e)
{
	if (strlen(token) != TOKEN_HEX - 1)
		return 0;
	char th[TOKEN_HEX];
	token_hash(token, th);
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT account_id, csrf, expires FROM sessions WHERE token_hash = ?", "t", th))
		return -1;
	int64_t now = time_now_unix(), acc = 0, expires = 0;
	int r = stmt_next(s, e);
	if (r == 1) {
		acc = stmt_int(s, 0);
		snprintf(csrf, TOKEN_HEX, "%s", stmt_text(s, 1));
		expires = stmt_int(s, 2);
	}
	stmt_done(s);
	if (r <= 0)
		return r;
	if (expires < now)
		return 0;
	int64_t idle = config_int(st, "session.idle_seconds", 28800);
	if (now + idle - expires > 60) /* slide the expiry, at most once a minute */
		store_exec(st, NULL, "UPDATE sessions SET expires = ? WHERE token_hash = ?", "it", now + idle, th);
	struct err le;
	if (actor_load(st, acc, out, &le))
		return 0; /* disabled or gone */
	return 1;
}

int session_destroy(struct store *st, const char *token, struct err *e)
{
	char th[TOKEN_HEX];
	token_hash(token, th);
	return store_exec(st, e, "DELETE FROM sessions WHERE token_hash = ?", "t", th);
}

int token_create(struct store *st, const char *username, const char *label, char token[TOKEN_HEX], struct err *e)
{
	int64_t id;
	char th[TOKEN_HEX], now[21];
	if (account_id_by_username(st, username, &id, e))
		return -1;
	random_hex(token);
	token_hash(token, th);
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "INSERT INTO api_tokens(token_hash, account_id, label, created_at) VALUES(?, ?, ?, ?)",
	               "titt", th, id, label ? label : "", now) ||
	    alog_writei(st, NULL, "create", "api_token", id, "ok", label ? label : "", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int token_lookup(struct store *st, const char *token, struct actor *out, struct err *e)
{
	if (strlen(token) != TOKEN_HEX - 1)
		return 0;
	char th[TOKEN_HEX];
	int64_t acc;
	token_hash(token, th);
	int r = store_int(st, e, &acc, "SELECT account_id FROM api_tokens WHERE token_hash = ? AND revoked = 0", "t", th);
	if (r <= 0)
		return r;
	struct err le;
	return actor_load(st, acc, out, &le) ? 0 : 1;
}
