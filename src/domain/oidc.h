/* oidc.h — single sign-on with the force's OpenID Connect identity provider
 * (Microsoft Entra ID or any other; docs/deploy.md "Single sign-on").
 *
 * The authorization-code flow with PKCE (S256): oidc_begin keeps a random
 * state, nonce and code verifier (table oidc_flows, ten minutes, used once)
 * and gives the provider's authorization URL; the browser comes back to the
 * callback, and oidc_finish checks the state against the one in the
 * browser's cookie, exchanges the code (with the verifier and the client
 * secret) at the token endpoint, and checks the ID token: its RS256
 * signature against the provider's published keys (core/jwt.h; the keys are
 * fetched again once when a token names an unknown kid), iss equal to the
 * discovery document's issuer, aud holding our client id (and azp equal to
 * it when aud holds others), exp not passed, iat not in the future (60
 * seconds' allowance each), and nonce equal to the flow's. Then the claim
 * named by oidc_claim is matched to an account: by the person's staff
 * number (oidc_match = staff_number) or by the username (oidc_match =
 * username). A disabled account, a person who has left, or no match is
 * refused. Roles stay managed in Probity. Every outcome is access-logged
 * (action "login", detail "sso: ...").
 *
 * Configuration (core/conffile.h): oidc_issuer (https, or http on the
 * loopback address for tests), oidc_client_id, oidc_client_secret_file
 * (the secret in a file readable by the service only), oidc_claim (default
 * preferred_username), oidc_match (username or staff_number, default
 * username), oidc_scopes (default "openid profile"). local_login = off
 * turns passwords off except for break_glass_user. The provider is reached
 * with libcurl (no redirects followed, 10 s timeout, 1 MiB answers). */
#ifndef PROBITY_OIDC_H
#define PROBITY_OIDC_H

#include "core/err.h"
#include <stddef.h>

struct store;
struct actor;

/* Whether sign-in with the provider is configured (oidc_issuer set). */
int oidc_enabled(void);
/* Check the configuration (called once at start-up, before threads): the
 * keys, the secret file, the issuer's scheme. 0 when OIDC is off or good. */
int oidc_init(struct err *e);

#define OIDC_STATE_LEN 64
/* Start a sign-in: state (OIDC_STATE_LEN hex + NUL) to set in the browser's
 * cookie, and the URL to send the browser to. redirect_uri is the
 * callback's absolute address (the public URL + /login/sso/callback); next
 * a local path to go to afterwards ("" for the home page). */
int oidc_begin(struct store *st, const char *redirect_uri, const char *next, char state[OIDC_STATE_LEN + 1],
               char *url, size_t url_n, struct err *e);
/* Finish it: the callback's state, code and error parameters (any may be
 * NULL) and the state from the browser's cookie. 0 with *out the signed-in
 * account and next (a local path or "") filled; ERR_DENIED with a message
 * safe to show when refused; other codes when the provider could not be
 * reached or answered wrongly. */
int oidc_finish(struct store *st, const char *redirect_uri, const char *state, const char *cookie_state,
                const char *code, const char *error, struct actor *out, char *next, size_t next_n, struct err *e);
/* Whether username may sign in with a password: always, unless local_login
 * is off and it is not break_glass_user (then refused and logged). */
int oidc_password_allowed(struct store *st, const char *username, struct err *e);

#endif
