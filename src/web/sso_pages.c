/* sso_pages.c — sign-in with the force's identity provider (domain/oidc.h).
 * GET /login/sso starts it: a cookie carries the flow's state (SameSite=Lax,
 * as the provider sends the browser back with a cross-site top-level GET,
 * which Strict cookies would miss; Path=/login/sso, ten minutes) and the
 * browser goes to the provider. GET /login/sso/callback finishes it: the
 * domain checks the state against the cookie, the code, the ID token and the
 * person, and a fresh session starts, as after a password sign-in. */
#include "domain/auth.h"
#include "domain/oidc.h"
#include "web/errmap.h"
#include "web/layout.h"
#include <stdio.h>
#include <string.h>

#define SSO_COOKIE "probity_sso"

static int callback_uri(char *out, size_t n)
{
	if (!web_cfg.public_url)
		return -1;
	size_t l = strlen(web_cfg.public_url);
	snprintf(out, n, "%.*s/login/sso/callback", (int)(l && web_cfg.public_url[l - 1] == '/' ? l - 1 : l),
	         web_cfg.public_url);
	return 0;
}

static void sso_cookie(struct resp *rs, const char *state)
{
	char v[200];
	snprintf(v, sizeof v, "%s=%s; Path=/login/sso; HttpOnly; SameSite=Lax; Max-Age=%d%s", SSO_COOKIE,
	         state ? state : "", state ? 600 : 0, web_cfg.secure_cookies ? "; Secure" : "");
	resp_header(rs, "Set-Cookie", v);
}

/* True when s is a path on this site ("/x", not "//host"). */
static int local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\' || strlen(s) > 1000)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}

static void sso_problem(struct req *rq, struct resp *rs, int status, const char *msg)
{
	struct html h;
	rs->status = status;
	page_begin(&h, rq, rs, "Sign-in did not work");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Sign-in did not work</h1>\n<p class=\"govuk-body\">%s</p>\n"
	           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/login/sso\">Try again</a></p>\n",
	       msg);
	page_end(&h);
	rs->status = status;
}

static int sso_start(struct req *rq, struct resp *rs)
{
	char redirect[1200], state[OIDC_STATE_LEN + 1], url[8192];
	struct err e = { 0 };
	if (!oidc_enabled() || callback_uri(redirect, sizeof redirect)) {
		page_error(rq, rs, 404);
		return 0;
	}
	const char *next = req_query(rq, "next");
	if (oidc_begin(rq->store, redirect, local_path(next) ? next : "", state, url, sizeof url, &e)) {
		if (e.code == ERR_IO) { /* the provider could not be reached: say so, log the detail */
			fprintf(stderr, "probity: sign-in: %s\n", e.msg);
			sso_problem(rq, rs, 502, "The force's sign-in service could not be reached. Try again in a few minutes.");
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	sso_cookie(rs, state);
	resp_redirect(rs, url);
	return 0;
}

static int sso_callback(struct req *rq, struct resp *rs)
{
	char redirect[1200], next[1100];
	struct err e = { 0 };
	struct actor a;
	if (!oidc_enabled() || callback_uri(redirect, sizeof redirect)) {
		page_error(rq, rs, 404);
		return 0;
	}
	sso_cookie(rs, NULL); /* one use, whatever the outcome */
	if (oidc_finish(rq->store, redirect, req_query(rq, "state"), req_cookie(rq, SSO_COOKIE), req_query(rq, "code"),
	                req_query(rq, "error"), &a, next, sizeof next, &e)) {
		if (e.code == ERR_DENIED) {
			sso_problem(rq, rs, 403, e.msg);
			return 0;
		}
		if (e.code == ERR_IO || e.code == ERR_INPUT) {
			fprintf(stderr, "probity: sign-in: %s\n", e.msg);
			sso_problem(rq, rs, 502, "The force's sign-in service did not answer as expected. Try again.");
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	char token[TOKEN_HEX], csrf[TOKEN_HEX];
	if (rq->session[0])
		session_destroy(rq->store, rq->session, NULL);
	if (session_create(rq->store, a.account_id, token, csrf, &e))
		return page_fail(rq, rs, &e);
	resp_session_cookie(rs, token);
	resp_redirect(rs, local_path(next) ? next : "/");
	return 0;
}

const struct route sso_routes[] = {
	{ "GET", "/login/sso", sso_start, ACCESS_PUBLIC, 0 },
	{ "GET", "/login/sso/callback", sso_callback, ACCESS_PUBLIC, 0 },
};
ROUTES_END(sso);
