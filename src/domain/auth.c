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
#include <stdlib.h>
#include <string.h>

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static void random_hex(char out[TOKEN_HEX]);

void token_random(char out[TOKEN_HEX])
{
	random_hex(out);
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

int token_wellformed(const char *s)
{
	size_t n = 0;
	for (; s && s[n]; n++)
		if (!isxdigit((unsigned char)s[n]))
			return 0;
	return n == TOKEN_HEX - 1;
}

int token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b) || n == 0)
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

int account_username_valid(const char *u)
{
	size_t n = strlen(u);
	if (n < 2 || n > 60)
		return 0;
	for (; *u; u++)
		if (!isalnum((unsigned char)*u) && *u != '.' && *u != '_' && *u != '-')
			return 0;
	return 1;
}

/* common_passwords.c (generated from data/passwords/): lower case, sorted,
 * NUL-separated; common_passwords_at[i] is where the i-th one starts. */
extern const char common_passwords[];
extern const uint32_t common_passwords_at[];
extern const size_t common_passwords_n;

static int listed(const char *lower)
{
	size_t lo = 0, hi = common_passwords_n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(lower, common_passwords + common_passwords_at[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

int password_is_common(const char *pw)
{
	char low[PASSWORD_MAX + 1];
	size_t n = strlen(pw);
	if (n > PASSWORD_MAX)
		return 0;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)pw[i]);
	if (listed(low))
		return 1;
	/* "password2026!": a listed word with only digits and punctuation added */
	while (n > 0 && (isdigit((unsigned char)low[n - 1]) || ispunct((unsigned char)low[n - 1])))
		low[--n] = 0;
	return n > 0 && listed(low);
}

int password_check(const char *pw, struct err *e)
{
	size_t n = strlen(pw);
	if (n < PASSWORD_MIN)
		return err_field(e, ERR_INPUT, "password", "Password must be at least %d characters", PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return err_field(e, ERR_INPUT, "password", "Password must be %d characters or fewer", PASSWORD_MAX);
	if (password_is_common(pw))
		return err_field(e, ERR_INPUT, "password",
		                 "Password is too common: it is on a list of passwords attackers try first. "
		                 "Choose a longer phrase of unrelated words");
	return 0;
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], struct err *e)
{
	if (password_check(pw, e))
		return -1;
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE))
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

/* The roles an account holds by grant (not staff, not the derived manager). */
#define ROLES_GRANTABLE (((1u << ROLE_COUNT) - 1) & ~(unsigned)(ROLE_STAFF | ROLE_MANAGER))

/* "break-glass: " for the host's path (who NULL), "" for an administrator. */
static const char *how(const struct actor *who)
{
	return who ? "" : "break-glass: ";
}

/* Revoke every API token of an account, and end its sessions too. */
static int revoke_credentials(struct store *st, int64_t id, int sessions, struct err *e)
{
	if (store_exec(st, e, "UPDATE api_tokens SET revoked = 1 WHERE account_id = ? AND revoked = 0", "i", id))
		return -1;
	return sessions ? store_exec(st, e, "DELETE FROM sessions WHERE account_id = ?", "i", id) : 0;
}

/* Refuse (logged) unless who is an administrator; who NULL is the host. */
static int require_admin(struct store *st, const struct actor *who, int64_t id, struct err *e)
{
	if (!who)
		return 0;
	return alog_require(st, who, ROLE_ADMIN, "admin", "account", id, "Only an administrator can do this", e);
}

static int refuse(struct store *st, const struct actor *who, int64_t id, const char *detail, struct err *e,
                  const char *msg)
{
	alog_writei(st, who, "admin", "account", id, "refused", detail, NULL);
	return err_set(e, ERR_DENIED, "%s", msg);
}

/* Within the caller's transaction: a pending grant of role to account id. */
static int grant_request(struct store *st, const struct actor *who, int64_t id, unsigned role, struct err *e)
{
	char now[21], detail[128];
	time_now_iso(now);
	if (store_exec(st, e, "INSERT INTO role_grants(account_id, role, requested_by, requested_at) "
	                      "VALUES(?, ?, ?, ?) ON CONFLICT DO NOTHING",
	               "itit", id, role_name(role), who->account_id, now))
		return -1;
	snprintf(detail, sizeof detail, "asked to grant role %s: waits for a second administrator", role_name(role));
	return alog_writei(st, who, "admin", "account", id, "ok", detail, e);
}

static int add_account(struct store *st, const struct actor *who, const char *username, const char *password,
                       const char *staff_number, unsigned roles, unsigned pending, int64_t *id, struct err *e)
{
	if (!account_username_valid(username))
		return err_field(e, ERR_INPUT, "username",
		                 "Username must be 2 to 60 letters, digits, dots, dashes or underscores");
	if (require_admin(st, who, 0, e))
		return -1;
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, e))
		return -1;
	int64_t person = 0, existing;
	char holder[64];
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
	/* one account per person: a second account for a staff number would let
	 * whoever holds it act as, and read the records of, that person */
	if (person) {
		r = store_text(st, e, holder, sizeof holder, "SELECT username FROM accounts WHERE person_id = ?", "i", person);
		if (r != 0) {
			store_rollback(st);
			if (r < 0)
				return -1;
			alog_write(st, who, "admin", "account", username, "refused", "staff number already has an account",
			           NULL);
			return err_field(e, ERR_CONFLICT, "staff_number",
			                 "Staff number %s already has an account (%s): each person has one account",
			                 staff_number, holder);
		}
	}
	char now[21], detail[160];
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
	snprintf(detail, sizeof detail, "%screated account %s%s%s", how(who), username, person ? " for staff number " : "",
	         person ? staff_number : "");
	if (alog_writei(st, who, who ? "admin" : "create", "account", aid, "ok", detail, e))
		goto fail;
	for (unsigned bit = 1; bit < (1u << ROLE_COUNT); bit <<= 1)
		if ((pending & bit) && grant_request(st, who, aid, bit, e))
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

int account_add(struct store *st, const char *username, const char *password, const char *staff_number,
                unsigned roles, int64_t *id, struct err *e)
{
	return add_account(st, NULL, username, password, staff_number, roles, 0, id, e);
}

int account_admin_create(struct store *st, const struct actor *who, const char *username, const char *password,
                         const char *staff_number, unsigned roles, int64_t *id, unsigned *pending, struct err *e)
{
	unsigned sens = roles & ROLES_SENSITIVE & ROLES_GRANTABLE;
	if (!who)
		return err_set(e, ERR_INTERNAL, "no administrator");
	if (pending)
		*pending = sens;
	return add_account(st, who, username, password, staff_number, roles & ROLES_GRANTABLE & ~sens, sens, id, e);
}

static int set_password(struct store *st, const struct actor *who, int64_t id, const char *username,
                        const char *password, struct err *e)
{
	char hash[crypto_pwhash_STRBYTES], detail[128];
	if (require_admin(st, who, id, e))
		return -1;
	if (hash_password(password, hash, e))
		return -1;
	snprintf(detail, sizeof detail, "%spassword of %s changed; its sessions and API tokens revoked", how(who),
	         username);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE accounts SET pwhash = ?, failed_logins = 0, locked_until = 0 WHERE id = ?",
	               "ti", hash, id) ||
	    revoke_credentials(st, id, 1, e) ||
	    alog_writei(st, who, who ? "admin" : "update", "account", id, "ok", detail, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int account_set_password(struct store *st, const char *username, const char *password, struct err *e)
{
	int64_t id;
	if (account_id_by_username(st, username, &id, e))
		return -1;
	return set_password(st, NULL, id, username, password, e);
}

int account_admin_set_password(struct store *st, const struct actor *who, int64_t id, const char *password,
                               struct err *e)
{
	struct account_info a;
	if (!who)
		return err_set(e, ERR_INTERNAL, "no administrator");
	if (require_admin(st, who, id, e))
		return -1;
	if (account_get(st, id, &a, e))
		return -1;
	/* otherwise one administrator could sign in as a second one and approve
	 * their own sensitive grants */
	if ((a.roles & ROLE_ADMIN) && who->account_id != id)
		return refuse(st, who, id, "reset another administrator's password", e,
		              "Another administrator's password can only be reset on the server "
		              "(probity user passwd, logged as break-glass)");
	return set_password(st, who, id, a.username, password, e);
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
	int changed = rc == 0 && store_changes(st) > 0;
	char detail[128];
	snprintf(detail, sizeof detail, "break-glass: %s role %s of %s%s", add ? "granted" : "revoked", role_name(role),
	         username, changed ? "; its API tokens revoked" : " (no change)");
	if (rc || (changed && revoke_credentials(st, id, 0, e)) ||
	    alog_writei(st, NULL, "update", "account", id, "ok", detail, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int account_admin_set_roles(struct store *st, const struct actor *who, int64_t id, unsigned want, unsigned *pending,
                            struct err *e)
{
	struct account_info a;
	unsigned sens_wanted = 0;
	if (pending)
		*pending = 0;
	if (!who)
		return err_set(e, ERR_INTERNAL, "no administrator");
	if (require_admin(st, who, id, e))
		return -1;
	if (who->account_id == id)
		return refuse(st, who, id, "own roles", e,
		              "You cannot change your own roles: ask another administrator");
	if (account_get(st, id, &a, e))
		return -1;
	want &= ROLES_GRANTABLE;
	char detail[600];
	size_t used = (size_t)snprintf(detail, sizeof detail, "roles of %s:", a.username);
	int changed = 0;
	if (store_begin(st, e))
		return -1;
	for (unsigned bit = 1; bit < (1u << ROLE_COUNT); bit <<= 1) {
		if (!(bit & ROLES_GRANTABLE))
			continue;
		int has = (a.roles & bit) != 0, wants = (want & bit) != 0;
		if (has == wants)
			continue;
		if (wants && (bit & ROLES_SENSITIVE)) {
			if (grant_request(st, who, id, bit, e))
				goto fail;
			sens_wanted |= bit;
			continue;
		}
		if (wants ? store_exec(st, e, "INSERT INTO account_roles(account_id, role) VALUES(?, ?)", "it", id,
		                       role_name(bit))
		          : store_exec(st, e, "DELETE FROM account_roles WHERE account_id = ? AND role = ?", "it", id,
		                       role_name(bit)))
			goto fail;
		changed = 1;
		if (used < sizeof detail)
			used += (size_t)snprintf(detail + used, sizeof detail - used, " %c%s", wants ? '+' : '-',
			                         role_name(bit));
	}
	if (changed) {
		if (used < sizeof detail)
			snprintf(detail + used, sizeof detail - used, "; its API tokens revoked");
		if (revoke_credentials(st, id, 0, e) || alog_writei(st, who, "admin", "account", id, "ok", detail, e))
			goto fail;
	}
	if (store_commit(st, e))
		return -1;
	if (pending)
		*pending = sens_wanted;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

static int set_disabled(struct store *st, const struct actor *who, int64_t id, const char *username, int disabled,
                        struct err *e)
{
	char detail[128];
	snprintf(detail, sizeof detail, "%s%s account %s%s", how(who), disabled ? "disabled" : "enabled", username,
	         disabled ? "; its sessions and API tokens revoked" : "");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE accounts SET disabled = ? WHERE id = ?", "di", disabled ? 1 : 0, id) ||
	    (disabled && revoke_credentials(st, id, 1, e)) ||
	    alog_writei(st, who, who ? "admin" : "update", "account", id, "ok", detail, e)) {
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
	return set_disabled(st, NULL, id, username, disabled, e);
}

int account_admin_set_disabled(struct store *st, const struct actor *who, int64_t id, int disabled, struct err *e)
{
	struct account_info a;
	if (!who)
		return err_set(e, ERR_INTERNAL, "no administrator");
	if (require_admin(st, who, id, e))
		return -1;
	if (disabled && who->account_id == id)
		return refuse(st, who, id, "own account", e, "You cannot disable your own account");
	if (account_get(st, id, &a, e))
		return -1;
	return set_disabled(st, who, id, a.username, disabled, e);
}

/* ---- pending grants of sensitive roles ---- */

static const char sql_grants[] =
	"SELECT g.id, g.account_id, g.role, g.requested_by, a.username, COALESCE(r.username, ''), g.requested_at "
	"FROM role_grants g JOIN accounts a ON a.id = g.account_id LEFT JOIN accounts r ON r.id = g.requested_by "
	"WHERE g.status = 'pending' AND (? = 0 OR g.account_id = ?) AND (? = 0 OR g.id = ?) ORDER BY g.id";

static void grant_row(struct stmt *s, struct role_grant *g)
{
	memset(g, 0, sizeof *g);
	g->id = stmt_int(s, 0);
	g->account_id = stmt_int(s, 1);
	g->role = role_parse(stmt_text(s, 2));
	g->requested_by = stmt_int(s, 3);
	snprintf(g->username, sizeof g->username, "%s", stmt_text(s, 4));
	snprintf(g->requested_by_name, sizeof g->requested_by_name, "%s", stmt_text(s, 5));
	snprintf(g->requested_at, sizeof g->requested_at, "%s", stmt_text(s, 6));
}

int role_grants_pending(struct store *st, int64_t account_id, role_grant_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	struct role_grant g;
	int r;
	if (store_query(st, &s, e, sql_grants, "iiii", account_id, account_id, (int64_t)0, (int64_t)0))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		grant_row(s, &g);
		if (fn(ctx, &g))
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int role_grant_decide(struct store *st, const struct actor *who, int64_t grant_id, int approve, struct err *e)
{
	struct stmt *s;
	struct role_grant g;
	if (!who)
		return err_set(e, ERR_INTERNAL, "no administrator");
	if (store_query(st, &s, e, sql_grants, "iiii", (int64_t)0, (int64_t)0, grant_id, grant_id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		grant_row(s, &g);
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No such pending role grant");
	if (require_admin(st, who, g.account_id, e))
		return -1;
	if (who->account_id == g.requested_by)
		return refuse(st, who, g.account_id, "approve own role grant request", e,
		              "A second administrator must approve or reject this: you asked for it");
	if (who->account_id == g.account_id)
		return refuse(st, who, g.account_id, "decide role grant to self", e,
		              "You cannot approve or reject a role for your own account");
	char now[21], detail[200];
	time_now_iso(now);
	snprintf(detail, sizeof detail, "%s grant of role %s to %s asked by %s%s", approve ? "approved" : "rejected",
	         role_name(g.role), g.username, g.requested_by_name, approve ? "; its API tokens revoked" : "");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE role_grants SET status = ?, decided_by = ?, decided_at = ? "
	                      "WHERE id = ? AND status = 'pending'",
	               "titi", approve ? "approved" : "rejected", who->account_id, now, g.id))
		goto fail;
	if (store_changes(st) == 0) {
		store_rollback(st);
		return err_set(e, ERR_CONFLICT, "This grant has already been decided");
	}
	if (approve && (store_exec(st, e, "INSERT INTO account_roles(account_id, role) VALUES(?, ?) "
	                                  "ON CONFLICT DO NOTHING", "it", g.account_id, role_name(g.role)) ||
	                revoke_credentials(st, g.account_id, 0, e)))
		goto fail;
	if (alog_writei(st, who, "admin", "account", g.account_id, "ok", detail, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int actor_load(struct store *st, int64_t account_id, struct actor *out, struct err *e)
{
	struct stmt *s;
	memset(out, 0, sizeof *out);
	if (store_query(st, &s, e,
	                "SELECT a.id, a.username, COALESCE(a.person_id, 0), "
	                "COALESCE(p.forenames || ' ' || p.surname, a.username), "
	                "CASE WHEN a.person_id IS NOT NULL AND EXISTS(SELECT 1 FROM people r WHERE r.manager_id = "
	                "a.person_id AND r.leave_date = '') THEN 1 ELSE 0 END "
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

/* One attempt takes one of max_failures slots, atomically: the UPDATE reads
 * and writes the count in one statement under the database write lock, so
 * parallel attempts cannot all read the same count. Taking the last slot
 * locks the account at once (and resets the count for after the lock).
 * Returns no row when the name is unknown or the account is locked. */
static const char sql_take_slot[] =
	"UPDATE accounts SET failed_logins = CASE WHEN failed_logins + 1 >= ? THEN 0 ELSE failed_logins + 1 END, "
	"locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END "
	"WHERE username = ? AND locked_until <= ? RETURNING id, pwhash, disabled";

static _Atomic unsigned long verify_count;

unsigned long auth_verify_count(void)
{
	return verify_count;
}

/* crypto_pwhash_str_verify, counted. */
static int verify(const char *hash, const char *pw, size_t n)
{
	verify_count++;
	return crypto_pwhash_str_verify(hash, pw, n);
}

static int login_refused(struct store *st, const struct actor *who, const char *username, const char *outcome,
                         const char *detail, struct err *e)
{
	alog_write(st, who, "login", "account", username, outcome, detail, NULL);
	return err_set(e, ERR_DENIED, LOGIN_REFUSED);
}

int auth_login(struct store *st, const char *username, const char *password, struct actor *out, struct err *e)
{
	struct stmt *s;
	int64_t id = 0, disabled = 0;
	char hash[crypto_pwhash_STRBYTES] = "";
	struct actor who = { 0 };
	snprintf(who.username, sizeof who.username, "%s", username);
	size_t pwlen = strlen(password);
	if (pwlen > PASSWORD_MAX) /* before any lookup: the same answer for every name */
		return login_refused(st, &who, username, "failed", "password too long", e);
	int64_t now = time_now_unix();
	int64_t max = config_int(st, "login.max_failures", 5);
	int64_t lock = config_int(st, "login.lockout_seconds", 900);
	if (max < 1)
		max = 1;
	if (store_query(st, &s, e, sql_take_slot, "iiiti", max, max, now + lock, username,
	                now))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		id = stmt_int(s, 0);
		snprintf(hash, sizeof hash, "%s", stmt_text(s, 1));
		disabled = stmt_int(s, 2);
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	who.account_id = id;
	if (id == 0) {
		/* unknown or locked: the same argon2 work as a real check, the same
		 * message; only the access log tells them apart */
		int64_t exists = 0;
		int x = store_int(st, NULL, &exists, "SELECT id FROM accounts WHERE username = ?", "t", username);
		if (verify(dummy_hash(), password, pwlen) == 0)
			return err_set(e, ERR_INTERNAL, "impossible dummy match");
		who.account_id = x == 1 ? exists : 0;
		return login_refused(st, &who, username, x == 1 ? "refused" : "failed",
		                     x == 1 ? "locked" : "unknown username", e);
	}
	if (verify(hash, password, pwlen) != 0)
		return login_refused(st, &who, username, "failed", "wrong password", e);
	if (disabled) {
		alog_write(st, &who, "login", "account", username, "refused", "disabled", NULL);
		return err_set(e, ERR_DENIED, "This account is disabled");
	}
	if (store_exec(st, e, "UPDATE accounts SET failed_logins = 0, locked_until = 0 WHERE id = ? "
	                      "AND (failed_logins <> 0 OR locked_until <> 0)", "i", id))
		return -1;
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

/* ---- sign-ins kept per connection ----
 * A session or API token found live is kept on the connection (store_memo)
 * with the account's actor and the write generation it was read under, so
 * a repeat request with the same token costs one query (the generation)
 * instead of the token, account and roles lookups. Everything that can end
 * or change a sign-in is a write that moves the generation: a sign-out or
 * any other removal of a session by token or by account (store.c counts
 * them; only the sweep of expired sessions, a slide and a new session do
 * not), a token revoked, an account disabled, a role granted or removed, a
 * person's record or line changed, a setting changed. Times are checked
 * against the kept expiry on every use; when an expiry would slide or a
 * token's last use be stamped, the lookup goes to the database as before. */
#define SIGNIN_SLOTS 64
struct signin {
	char th[TOKEN_HEX];   /* the token's stored hash; "" for a free slot */
	int api;              /* an API token, not a session */
	int64_t gen;
	int64_t expires, end; /* session: the idle expiry, the absolute end; token: its expiry */
	int64_t idle;         /* session.idle_seconds */
	int64_t tid, last;    /* token: its id, its last use */
	char csrf[TOKEN_HEX];
	struct actor who;
};
struct signins {
	struct signin slot[SIGNIN_SLOTS];
};
static const char signin_owner;
static _Atomic unsigned long signin_hits;

unsigned long auth_signin_hits(void)
{
	return signin_hits;
}

static void signins_free(void *p)
{
	if (p)
		sodium_memzero(p, sizeof(struct signins));
	free(p);
}

/* The slot for th on st's connection (NULL: none to keep it in). */
static struct signin *signin_slot(struct store *st, const char *th)
{
	void **p = store_memo(st, &signin_owner, signins_free);
	if (!p)
		return NULL;
	if (!*p) {
		*p = calloc(1, sizeof(struct signins));
		if (!*p)
			return NULL;
	}
	unsigned h = 0;
	for (int i = 0; i < 8; i++)
		h = h * 16 + (unsigned)(isdigit((unsigned char)th[i]) ? th[i] - '0' : th[i] - 'a' + 10);
	return &((struct signins *)*p)->slot[h % SIGNIN_SLOTS];
}

/* The kept sign-in for th when still current under gen, else NULL. */
static struct signin *signin_kept(struct store *st, const char *th, int api, int64_t gen)
{
	struct signin *k = gen >= 0 ? signin_slot(st, th) : NULL;
	if (!k || k->gen != gen || k->api != api || strcmp(k->th, th) != 0)
		return NULL;
	return k;
}

static void signin_keep(struct store *st, const char *th, int api, int64_t gen, const struct signin *v)
{
	struct signin *k = gen >= 0 ? signin_slot(st, th) : NULL;
	if (!k)
		return;
	*k = *v;
	snprintf(k->th, sizeof k->th, "%s", th);
	k->api = api;
	k->gen = gen;
}

static void signin_forget(struct store *st, const char *th)
{
	struct signin *k = signin_slot(st, th);
	if (k && strcmp(k->th, th) == 0)
		sodium_memzero(k, sizeof *k);
}

int session_lookup(struct store *st, const char *token, struct actor *out, char csrf[TOKEN_HEX], struct err *e)
{
	if (strlen(token) != TOKEN_HEX - 1)
		return 0;
	char th[TOKEN_HEX];
	token_hash(token, th);
	int64_t now = time_now_unix();
	int64_t gen = store_generation(st); /* read before the lookup: a write after it makes the kept value stale */
	struct signin *k = signin_kept(st, th, 0, gen);
	if (k && k->expires >= now && k->end > now) {
		int64_t slide = now + k->idle < k->end ? now + k->idle : k->end;
		if (slide - k->expires <= 60) {
			*out = k->who;
			snprintf(csrf, TOKEN_HEX, "%s", k->csrf);
			signin_hits++;
			return 1;
		}
	}
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT account_id, csrf, expires, created FROM sessions WHERE token_hash = ?", "t",
	                th))
		return -1;
	int64_t acc = 0, expires = 0, created = 0;
	int r = stmt_next(s, e);
	if (r == 1) {
		acc = stmt_int(s, 0);
		snprintf(csrf, TOKEN_HEX, "%s", stmt_text(s, 1));
		expires = stmt_int(s, 2);
		created = stmt_int(s, 3);
	}
	stmt_done(s);
	if (r <= 0)
		return r;
	/* idle time, and an absolute lifetime from sign-in that use cannot extend */
	int64_t end = created + config_int(st, "session.absolute_seconds", 43200);
	if (expires < now || end <= now)
		return 0;
	int64_t idle = config_int(st, "session.idle_seconds", 28800);
	int64_t slide = now + idle < end ? now + idle : end;
	if (slide - expires > 60) { /* slide the expiry, at most once a minute */
		store_exec(st, NULL, "UPDATE sessions SET expires = ? WHERE token_hash = ?", "it", slide, th);
		expires = slide;
	}
	struct err le;
	if (actor_load(st, acc, out, &le))
		return 0; /* disabled or gone */
	struct signin v = { .expires = expires, .end = end, .idle = idle, .who = *out };
	snprintf(v.csrf, sizeof v.csrf, "%s", csrf);
	signin_keep(st, th, 0, gen, &v);
	return 1;
}

int session_destroy(struct store *st, const char *token, struct err *e)
{
	char th[TOKEN_HEX];
	token_hash(token, th);
	signin_forget(st, th); /* the other connections: the deletion moves the write generation */
	return store_exec(st, e, "DELETE FROM sessions WHERE token_hash = ?", "t", th);
}

int token_create(struct store *st, const char *username, const char *label, int days, char token[TOKEN_HEX],
                 struct err *e)
{
	int64_t id;
	char th[TOKEN_HEX], now[21], detail[200];
	if (account_id_by_username(st, username, &id, e))
		return -1;
	if (days <= 0)
		days = (int)config_int(st, "api.token_days", 90);
	if (days <= 0 || days > 3660)
		return err_set(e, ERR_INPUT, "a token lasts 1 to 3660 days");
	random_hex(token);
	token_hash(token, th);
	time_now_iso(now);
	int64_t expires = time_now_unix() + (int64_t)days * 86400;
	snprintf(detail, sizeof detail, "host: created API token '%s' for %s, expires in %d days", label ? label : "",
	         username, days);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "INSERT INTO api_tokens(token_hash, account_id, label, created_at, expires) "
	                      "VALUES(?, ?, ?, ?, ?)", "titti", th, id, label ? label : "", now, expires) ||
	    alog_writei(st, NULL, "create", "api_token", id, "ok", detail, e)) {
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
	struct stmt *s;
	int64_t tid = 0, acc = 0, last = 0, expires = 0, now = time_now_unix();
	token_hash(token, th);
	int64_t gen = store_generation(st); /* before the lookup, as session_lookup */
	struct signin *k = signin_kept(st, th, 1, gen);
	if (k && k->expires > now && now - k->last < 60) {
		*out = k->who;
		signin_hits++;
		return 1;
	}
	if (store_query(st, &s, e, "SELECT id, account_id, last_used, expires FROM api_tokens "
	                           "WHERE token_hash = ? AND revoked = 0 AND expires > ?", "ti", th, now))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		tid = stmt_int(s, 0);
		acc = stmt_int(s, 1);
		last = stmt_int(s, 2);
		expires = stmt_int(s, 3);
	}
	stmt_done(s);
	if (r <= 0)
		return r;
	struct err le;
	if (actor_load(st, acc, out, &le))
		return 0;
	if (now - last >= 60) { /* the last-used time, to the minute */
		store_exec(st, NULL, "UPDATE api_tokens SET last_used = ? WHERE id = ?", "ii", now, tid);
		last = now;
	}
	struct signin v = { .expires = expires, .tid = tid, .last = last, .who = *out };
	signin_keep(st, th, 1, gen, &v);
	return 1;
}

int tokens_list(struct store *st, int64_t account_id, token_row_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	struct token_info t;
	int r;
	if (store_query(st, &s, e, "SELECT t.id, t.account_id, a.username, t.label, t.created_at, t.expires, "
	                           "t.last_used, t.revoked FROM api_tokens t JOIN accounts a ON a.id = t.account_id "
	                           "WHERE ? = 0 OR t.account_id = ? ORDER BY t.id DESC", "ii", account_id, account_id))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		memset(&t, 0, sizeof t);
		t.id = stmt_int(s, 0);
		t.account_id = stmt_int(s, 1);
		snprintf(t.username, sizeof t.username, "%s", stmt_text(s, 2));
		snprintf(t.label, sizeof t.label, "%s", stmt_text(s, 3));
		snprintf(t.created_at, sizeof t.created_at, "%s", stmt_text(s, 4));
		t.expires = stmt_int(s, 5);
		t.last_used = stmt_int(s, 6);
		t.revoked = (int)stmt_int(s, 7);
		if (fn(ctx, &t))
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int token_revoke(struct store *st, const struct actor *who, int64_t account_id, int64_t token_id, struct err *e)
{
	int64_t owner = 0;
	int r = store_int(st, e, &owner, "SELECT account_id FROM api_tokens WHERE id = ?", "i", token_id);
	if (r < 0)
		return -1;
	if (r == 0 || (account_id && owner != account_id))
		return err_set(e, ERR_NOTFOUND, "No API token %lld%s", (long long)token_id,
		               account_id ? " for this account" : "");
	if (require_admin(st, who, owner, e))
		return -1;
	char detail[80];
	snprintf(detail, sizeof detail, "%srevoked API token %lld", who ? "" : "host: ", (long long)token_id);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE api_tokens SET revoked = 1 WHERE id = ?", "i", token_id) ||
	    alog_writei(st, who, who ? "admin" : "update", "api_token", owner, "ok", detail, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}
