/* auth.h — accounts, passwords, roles, sessions and API tokens.
 * Passwords are argon2id (libsodium crypto_pwhash_str). Session and API
 * tokens are 256-bit random values shown to the client once; the database
 * keeps only a BLAKE2b hash of each, so a copy of the database does
 * not yield live sessions. Repeated failed logins lock an account for a
 * configured time. */
#ifndef PROBITY_AUTH_H
#define PROBITY_AUTH_H

#include "core/err.h"
#include "domain/actor.h"
#include <stdint.h>

struct store;

#define TOKEN_HEX 65            /* 64 hex digits + NUL */
#define PASSWORD_MIN 10
#define PASSWORD_MAX 256

/* Call once at start-up (sodium_init). */
int auth_init(void);

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

/* Check a username and password. On success fills *out; on failure e says
 * why in words safe to show ("Incorrect username or password", or locked).
 * Both outcomes are written to the access log. */
int auth_login(struct store *st, const char *username, const char *password, struct actor *out, struct err *e);

/* Start a session for an account: writes a fresh token and CSRF token. */
int session_create(struct store *st, int64_t account_id, char token[TOKEN_HEX], char csrf[TOKEN_HEX],
                   struct err *e);
/* 1 and *out, csrf filled when token names a live session (its expiry is
 * extended); 0 when not; -1 on error. */
int session_lookup(struct store *st, const char *token, struct actor *out, char csrf[TOKEN_HEX], struct err *e);
int session_destroy(struct store *st, const char *token, struct err *e);

/* A new API token for username; the token is shown once. */
int token_create(struct store *st, const char *username, const char *label, char token[TOKEN_HEX], struct err *e);
/* 1 and *out when token is a live API token; 0 when not; -1 on error. */
int token_lookup(struct store *st, const char *token, struct actor *out, struct err *e);

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
