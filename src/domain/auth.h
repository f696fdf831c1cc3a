/* auth.h — accounts, passwords, roles, sessions and API tokens.
 * Passwords are argon2id (libsodium crypto_pwhash_str). Session and API
 * tokens are 256-bit random values shown to the client once; the database
 * keeps only a BLAKE2b hash of each, so a copy of the database does
 * not yield live sessions. Repeated failed logins lock an account for a
 * configured time.
 *
 * The rules (each enforced here, so the web, the API and the CLI agree):
 * - one account per person: a staff number already bound to an account is
 *   refused (and a unique index backs it, migration 011);
 * - a new password has at least PASSWORD_MIN characters and is not on the
 *   shipped list of common passwords (data/passwords/);
 * - sign-in: a password over PASSWORD_MAX is refused before any lookup; each
 *   attempt on an existing, unlocked account first takes one of
 *   login.max_failures slots with one atomic UPDATE ... RETURNING, and only
 *   an attempt holding a slot computes the account's argon2 hash; taking the
 *   last slot locks the account for login.lockout_seconds; unknown names,
 *   locked accounts and wrong passwords get the same message and the same
 *   one argon2 verification (a dummy one when there is no slot);
 * - on the web an administrator cannot change their own roles, and a grant
 *   of a ROLES_SENSITIVE role waits for a second administrator's approval;
 *   nor reset another administrator's password (which would let one
 *   administrator act as two);
 *   `probity user` on the host is the break-glass path, logged as such;
 * - a password change, a role change or disabling revokes the account's API
 *   tokens (and, for a password change or disabling, its sessions);
 * - sessions end after session.idle_seconds idle or session.absolute_seconds
 *   after sign-in; API tokens after api.token_days days. */
#ifndef PROBITY_AUTH_H
#define PROBITY_AUTH_H

#include "core/err.h"
#include "domain/actor.h"
#include <stdint.h>

struct store;

#define TOKEN_HEX 65            /* 64 hex digits + NUL */
#define PASSWORD_MIN 12
#define PASSWORD_MAX 256

/* Roles whose grant on the web needs a second administrator's approval. */
#define ROLES_SENSITIVE (ROLE_PSD | ROLE_ACU | ROLE_VETTING | ROLE_DCC | ROLE_REVIEWER | ROLE_ADMIN | ROLE_EQUALITY)
/* The one message for every refused sign-in (unknown name, wrong or
 * over-long password, locked account), so it reveals nothing. */
#define LOGIN_REFUSED "Incorrect username or password, or the account is locked after too many failed attempts"

/* Call once at start-up (sodium_init). */
int auth_init(void);

/* 1 when u is an acceptable username: 2 to 60 letters, digits, . _ - */
int account_username_valid(const char *u);
/* 0 when pw may be a new password; else ERR_INPUT on field "password" saying
 * why (too short, too long, a common password). */
int password_check(const char *pw, struct err *e);
/* 1 when pw (any case) is on the common-passwords list, or is a listed
 * password followed only by digits and punctuation. */
int password_is_common(const char *pw);

/* ---- the host's break-glass path (probity user, the demo, tests) ----
 * No actor: the change is made by whoever runs the binary on the host, and
 * each one is access-logged with "break-glass" in its detail. */

/* Create an account. staff_number may be NULL or "" (no person). roles is a
 * mask of enum role (ROLE_STAFF is added when there is a person). */
int account_add(struct store *st, const char *username, const char *password, const char *staff_number,
                unsigned roles, int64_t *id, struct err *e);
int account_set_password(struct store *st, const char *username, const char *password, struct err *e);
/* Grant (add != 0) or revoke one role. */
int account_set_role(struct store *st, const char *username, unsigned role, int add, struct err *e);
int account_set_disabled(struct store *st, const char *username, int disabled, struct err *e);
/* Load the actor for an account (roles include derived ROLE_MANAGER). */
int actor_load(struct store *st, int64_t account_id, struct actor *out, struct err *e);
int account_id_by_username(struct store *st, const char *username, int64_t *id, struct err *e);

/* ---- the administrator's web path: who is the signed-in administrator ----
 * Each refuses with ERR_DENIED (logged) when who is not an administrator;
 * the username of the account is in the access-log detail. */

/* Create an account with the non-sensitive roles in roles; each sensitive
 * one becomes a pending grant (*pending gets their mask). */
int account_admin_create(struct store *st, const struct actor *who, const char *username, const char *password,
                         const char *staff_number, unsigned roles, int64_t *id, unsigned *pending, struct err *e);
/* Make account id hold exactly the grantable roles in want: revocations and
 * non-sensitive grants at once, sensitive grants as pending grants
 * (*pending gets their mask). Refused (ERR_DENIED) for one's own account. */
int account_admin_set_roles(struct store *st, const struct actor *who, int64_t id, unsigned want, unsigned *pending,
                            struct err *e);
/* Refused (ERR_DENIED) for another administrator's account: that is reset
 * on the host, so no administrator can become a second one. */
int account_admin_set_password(struct store *st, const struct actor *who, int64_t id, const char *password,
                               struct err *e);
/* Refused for one's own account when disabling. */
int account_admin_set_disabled(struct store *st, const struct actor *who, int64_t id, int disabled, struct err *e);

struct role_grant {
	int64_t id, account_id, requested_by;
	unsigned role;
	char username[64];          /* the account that would get the role */
	char requested_by_name[64]; /* the administrator who asked */
	char requested_at[21];
};
typedef int (*role_grant_fn)(void *ctx, const struct role_grant *g);
/* Pending grants, oldest first; account_id 0 for all accounts. */
int role_grants_pending(struct store *st, int64_t account_id, role_grant_fn fn, void *ctx, struct err *e);
/* Approve (approve != 0) or reject a pending grant: who must be an
 * administrator other than the one who asked and than the grantee. */
int role_grant_decide(struct store *st, const struct actor *who, int64_t grant_id, int approve, struct err *e);

/* Check a username and password. On success fills *out; on failure e holds
 * LOGIN_REFUSED (or, after the right password, "This account is disabled").
 * Every outcome is written to the access log, as action "login" with detail
 * "wrong password" (the account's hash was computed), "locked" (refused
 * without it), "unknown username" or "password too long". */
int auth_login(struct store *st, const char *username, const char *password, struct actor *out, struct err *e);
/* How many argon2 verifications auth_login has run in this process, real or
 * dummy (so tests can count the work instead of timing it). */
unsigned long auth_verify_count(void);
/* How many session and API token lookups this process answered from the
 * sign-ins kept per connection (with the write generation), for tests. */
unsigned long auth_signin_hits(void);

/* Start a session for an account: writes a fresh token and CSRF token. */
int session_create(struct store *st, int64_t account_id, char token[TOKEN_HEX], char csrf[TOKEN_HEX],
                   struct err *e);
/* 1 and *out, csrf filled when token names a live session (its expiry is
 * extended); 0 when not; -1 on error. */
int session_lookup(struct store *st, const char *token, struct actor *out, char csrf[TOKEN_HEX], struct err *e);
int session_destroy(struct store *st, const char *token, struct err *e);

/* A new API token for username, valid for api.token_days days (days > 0
 * overrides); the token is shown once. */
int token_create(struct store *st, const char *username, const char *label, int days, char token[TOKEN_HEX],
                 struct err *e);
/* 1 and *out when token is a live API token (not revoked, not expired; its
 * last-used time is recorded); 0 when not; -1 on error. */
int token_lookup(struct store *st, const char *token, struct actor *out, struct err *e);

struct token_info {
	int64_t id, account_id;
	char username[64];
	char label[128];
	char created_at[21];
	int64_t expires, last_used;  /* unix time; last_used 0: never */
	int revoked;
};
typedef int (*token_row_fn)(void *ctx, const struct token_info *t);
/* API tokens, newest first: account_id 0 for every account. */
int tokens_list(struct store *st, int64_t account_id, token_row_fn fn, void *ctx, struct err *e);
/* Revoke one token. who NULL: the host (break-glass); else an
 * administrator. account_id, when not 0, must own the token. */
int token_revoke(struct store *st, const struct actor *who, int64_t account_id, int64_t token_id, struct err *e);

/* A fresh 256-bit random value in hex (e.g. the sign-in form's token). */
void token_random(char out[TOKEN_HEX]);
/* 1 when s (NULL allowed) is a token's form: TOKEN_HEX - 1 hex digits. */
int token_wellformed(const char *s);
/* Constant-time comparison of two NUL-terminated tokens. */
int token_equal(const char *a, const char *b);

/* ---- listing accounts (accounts_list.c), for the administrator's pages ---- */

struct account_info {
	int64_t id;
	char username[64];
	char name[200];             /* the person's name, or "" without a person */
	char staff_number[32];
	unsigned roles;             /* stored roles (not the derived ROLE_MANAGER) */
	int disabled;
	int64_t locked_until;       /* unix time; in the past when not locked */
	char created_at[21];
};

/* Called once per account in username order; non-zero stops. */
typedef int (*account_row_fn)(void *ctx, const struct account_info *a);

/* Accounts whose username, name or staff number contains search (any case;
 * NULL or "" for all), page (1-based) of per_page (1..200); *total is the
 * count of all matches. */
int accounts_list(struct store *st, const char *search, int page, int per_page, account_row_fn fn, void *ctx,
                  long *total, struct err *e);
/* One account by id: 0, or ERR_NOTFOUND. */
int account_get(struct store *st, int64_t id, struct account_info *out, struct err *e);

#endif
