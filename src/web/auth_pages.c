/* auth_pages.c — sign in, sign out, and the health check.
 * Sign-in failures (wrong password, locked account) are shown in words the
 * domain chose as safe (auth_login) and written to the access log by it. A
 * successful sign-in always starts a fresh session (a new token and CSRF
 * token), so a token planted before sign-in is worthless. The ?next= target
 * is followed only when it is a path on this site.
 *
 * Login CSRF (another site signing a browser into the attacker's account) is
 * refused twice over: the form carries a random token that must equal the
 * one in a cookie set with the form (double submit: another site can
 * neither read nor set our SameSite=Strict cookie), and a POST whose Origin
 * (or, without one, Referer) names another site is refused. Origin "null"
 * is what browsers send under our Referrer-Policy: no-referrer, so it is
 * left to the token. */
#include "domain/accesslog.h"
#include "domain/auth.h"
#include "domain/config.h"
#include "web/layout.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define LOGIN_COOKIE "probity_login"

/* The sign-in form's token: the one in the browser's cookie (so two open
 * sign-in tabs both work), or a fresh one set in a cookie now. */
static void login_token(struct req *rq, struct resp *rs, char out[TOKEN_HEX])
{
	const char *c = req_cookie(rq, LOGIN_COOKIE);
	if (token_wellformed(c)) {
		snprintf(out, TOKEN_HEX, "%s", c);
		return;
	}
	char v[160];
	token_random(out);
	snprintf(v, sizeof v, "%s=%s; Path=/login; HttpOnly; SameSite=Strict%s", LOGIN_COOKIE, out,
	         web_cfg.secure_cookies ? "; Secure" : "");
	resp_header(rs, "Set-Cookie", v);
}

/* scheme://host[:port] of url, or host[:port] without the scheme. */
static size_t origin_len(const char *url, int with_scheme)
{
	const char *p = strstr(url, "://");
	const char *host = p ? p + 3 : url;
	size_t n = strcspn(host, "/?#");
	return (size_t)(host - url) * (with_scheme != 0) + n;
}

/* 1 when the POST names another site in Origin or Referer. Without a
 * configured public URL the expected host is the request's Host header. */
static int foreign_origin(const struct req *rq)
{
	const char *o = req_header(rq, "Origin");
	if (o && strcmp(o, "null") == 0)
		o = NULL;
	if (!o || !*o)
		o = req_header(rq, "Referer");
	if (!o || !*o)
		return 0; /* not a browser, or one that says nothing: the token decides */
	if (web_cfg.public_url) {
		size_t n = origin_len(web_cfg.public_url, 1);
		return origin_len(o, 1) != n || strncasecmp(o, web_cfg.public_url, n) != 0;
	}
	const char *host = req_header(rq, "Host");
	const char *h = strstr(o, "://");
	if (!host || !h || (strncmp(o, "http://", 7) != 0 && strncmp(o, "https://", 8) != 0))
		return 1;
	h += 3;
	size_t n = origin_len(h, 0);
	return n != strlen(host) || strncasecmp(h, host, n) != 0;
}

/* True when s is a local path: "/x", not "//host" or "/\host", no controls. */
static int local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return strlen(s) < 2048;
}

static void login_page(struct req *rq, struct resp *rs, const struct errlist *errs, const char *username)
{
	struct html h;
	char tok[TOKEN_HEX];
	login_token(rq, rs, tok);
	const char *next = req_form(rq, "next");
	if (!next)
		next = req_query(rq, "next");
	page_begin_errs(&h, rq, rs, errs, NULL, "Sign in");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
	const char *done = req_query(rq, "done");
	if (done && strcmp(done, "signed-out") == 0)
		banner_success(&h, "You have signed out", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Sign in to Probity</h1>\n"
	           "<p class=\"govuk-body\">Use the username and password your system administrator gave you.</p>\n");
	form_begin(&h, rq, "/login");
	form_hidden(&h, "login_token", tok);
	if (local_path(next))
		form_hidden(&h, "next", next);
	form_input(&h, &(struct field){ .name = "username", .label = "Username", .value = username,
	                                .width = "govuk-!-width-one-half", .autocomplete = "username", .errs = errs });
	form_input(&h, &(struct field){ .name = "password", .label = "Password", .type = "password",
	                                .width = "govuk-!-width-one-half", .autocomplete = "current-password",
	                                .errs = errs });
	form_button(&h, "Sign in", NULL);
	form_end(&h);
	html_f(&h, "<p class=\"govuk-body\">After %d failed attempts an account is locked for a while. If you have "
	           "forgotten your password, ask your system administrator to reset it.</p>\n",
	       (int)config_int(rq->store, "login.max_failures", 5));
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/report\">Report wrongdoing "
	           "anonymously</a>: no sign-in, nothing that identifies you is kept.</p>\n");
	html_f(&h, "</div></div>\n");
	page_end(&h);
}

static int login_get(struct req *rq, struct resp *rs)
{
	if (rq->actor) {
		const char *next = req_query(rq, "next");
		resp_redirect(rs, local_path(next) ? next : "/");
		return 0;
	}
	struct errlist errs = { 0 };
	login_page(rq, rs, &errs, NULL);
	return 0;
}

static int login_post(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *user = req_form(rq, "username");
	const char *pass = req_form(rq, "password");
	const char *sent = req_form(rq, "login_token"), *kept = req_cookie(rq, LOGIN_COOKIE);
	int foreign = foreign_origin(rq);
	if (foreign || !token_wellformed(sent) || !token_wellformed(kept) || !token_equal(sent, kept)) {
		alog_write(rq->store, rq->actor, "login", "account", user ? user : "", "refused",
		           foreign ? "form posted from another site" : "missing or wrong sign-in form token", NULL);
		errlist_add(&errs, "username", "Your sign-in form had expired or came from another site. Sign in again.");
		rs->status = 403;
		login_page(rq, rs, &errs, NULL);
		return 0;
	}
	if (!user || !*user)
		errlist_add(&errs, "username", "Enter your username");
	if (!pass || !*pass)
		errlist_add(&errs, "password", "Enter your password");
	if (errs.n) {
		rs->status = 400;
		login_page(rq, rs, &errs, user);
		return 0;
	}
	struct actor a;
	if (auth_login(rq->store, user, pass, &a, &e)) {
		if (err_is_internal(e.code))
			return page_fail(rq, rs, &e);
		errlist_add(&errs, "username", "%s", e.msg[0] ? e.msg : LOGIN_REFUSED);
		rs->status = 401;
		login_page(rq, rs, &errs, user);
		return 0;
	}
	char token[TOKEN_HEX], csrf[TOKEN_HEX];
	if (rq->session[0])
		session_destroy(rq->store, rq->session, NULL);
	if (session_create(rq->store, a.account_id, token, csrf, &e))
		return -1;
	resp_session_cookie(rs, token);
	const char *next = req_form(rq, "next");
	resp_redirect(rs, local_path(next) ? next : "/");
	return 0;
}

static int logout_post(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	if (rq->session[0] && session_destroy(rq->store, rq->session, &e))
		return -1;
	resp_session_cookie(rs, NULL);
	resp_redirect(rs, "/login?done=signed-out");
	return 0;
}

static int healthz(struct req *rq, struct resp *rs)
{
	(void)rq;
	resp_text(rs, 200, "ok\n");
	return 0;
}

const struct route auth_routes[] = {
	{ "GET", "/login", login_get, ACCESS_PUBLIC, 0 },
	{ "POST", "/login", login_post, ACCESS_PUBLIC, 0 },
	{ "POST", "/logout", logout_post, ACCESS_PAGE, 0 },
	{ "GET", "/healthz", healthz, ACCESS_PUBLIC, 0 },
};
ROUTES_END(auth);
