/* auth_pages.c — sign in, sign out, and the health check.
 * Sign-in failures (wrong password, locked account) are shown in words the
 * domain chose as safe (auth_login) and written to the access log by it. A
 * successful sign-in always starts a fresh session (a new token and CSRF
 * token), so a token planted before sign-in is worthless. The ?next= target
 * is followed only when it is a path on this site. */
#include "domain/auth.h"
#include "domain/config.h"
#include "web/layout.h"
#include <string.h>

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
	const char *next = req_form(rq, "next");
	if (!next)
		next = req_query(rq, "next");
	page_begin(&h, rq, rs, errs->n ? "Error: Sign in" : "Sign in");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
	const char *done = req_query(rq, "done");
	if (done && strcmp(done, "signed-out") == 0)
		banner_success(&h, "You have signed out", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Sign in to Probity</h1>\n"
	           "<p class=\"govuk-body\">Use the username and password your system administrator gave you.</p>\n");
	form_begin(&h, rq, "/login");
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
		errlist_add(&errs, "username", "%s", e.msg[0] ? e.msg : "Incorrect username or password");
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
