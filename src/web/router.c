/* router.c — one table of routes, and the checks every request passes.
 *
 * The routes are the concatenation of each pages file's table, listed once in
 * WEB_PAGES (src/web/pages.h). To add a capability's pages: define
 * `const struct route NAME_routes[] = {...}; ROUTES_END(NAME);` in
 * src/web/NAME_pages.c and add X(NAME) to WEB_PAGES. Nothing here changes.
 *
 * Order of checks for one request (router_dispatch):
 *   1. find the route;
 *   2. sign in from the session cookie; under /api/ also from
 *      "Authorization: Bearer <token>";
 *   3. any /api/ path without credentials -> 401 JSON (never a redirect,
 *      and the same for unknown paths, so it does not reveal which exist);
 *      then no route -> 404 (HTML, or JSON under /api/), the path under
 *      another method -> 405; ACCESS_PAGE without an account ->
 *      303 /login?next=...; a role the account lacks -> 403 (logged);
 *   4. CSRF: a POST/PUT/PATCH/DELETE made with the session cookie must carry
 *      the session's token in the form field "csrf" (or the X-CSRF-Token
 *      header) -> else 403, logged as refused. Bearer requests carry no
 *      cookie, so they cannot be forged cross-site and need no token;
 *   5. the handler; a failure (-1) becomes a 500 page without details.
 * Steps 1-3 are router_admit: server.c runs them as soon as the headers of a
 * request with a body have arrived, so a body is only read for a request that
 * may go on (and only up to the size its route and sign-in allow). */
#include "domain/accesslog.h"
#include "domain/auth.h"
#include "store/store.h"
#include "web/api.h"
#include "web/errmap.h"
#include "web/http.h"
#include "web/layout.h"
#include "web/pages.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct route_table {
	const struct route *r;
	const size_t *n;
};

static const struct route_table tables[] = {
#define X(name) { name##_routes, &name##_routes_n },
	WEB_PAGES(X)
#undef X
};

static int numeric_name(const char *name, size_t n)
{
	return n >= 2 && name[n - 2] == 'i' && name[n - 1] == 'd';
}

int route_match(const char *pattern, const char *path, struct req *rq)
{
	const char *p = pattern, *s = path;
	int np = 0;
	while (*p) {
		if (p[0] == '/' && p[1] == '*' && p[2] == 0)
			return *s == '/' && s[1] != 0 ? (rq ? (rq->nparams = np, 1) : 1) : 0;
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (!close)
				return 0;
			const char *name = p + 1;
			size_t nn = (size_t)(close - name);
			const char *seg_end = strchr(s, '/');
			size_t sn = seg_end ? (size_t)(seg_end - s) : strlen(s);
			if (sn == 0 || sn >= sizeof rq->params[0].value)
				return 0;
			if (numeric_name(name, nn)) {
				if (sn > 18 || s[0] == '0')
					return 0;
				for (size_t i = 0; i < sn; i++)
					if (!isdigit((unsigned char)s[i]))
						return 0;
			}
			if (rq) {
				if (np >= HTTP_PARAMS_MAX || nn >= sizeof rq->params[0].name)
					return 0;
				memcpy(rq->params[np].name, name, nn);
				rq->params[np].name[nn] = 0;
				memcpy(rq->params[np].value, s, sn);
				rq->params[np].value[sn] = 0;
			}
			np++;
			p = close + 1;
			s += sn;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*s)
		return 0;
	if (rq)
		rq->nparams = np;
	return 1;
}

static int same_method(const char *route_method, const char *method)
{
	if (strcmp(route_method, method) == 0)
		return 1;
	return strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0;
}

const struct route *router_find(struct req *rq, int *method_mismatch)
{
	*method_mismatch = 0;
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		for (size_t i = 0; i < *tables[t].n; i++) {
			const struct route *r = &tables[t].r[i];
			if (!route_match(r->pattern, rq->path, NULL))
				continue;
			if (!same_method(r->method, rq->method)) {
				*method_mismatch = 1;
				continue;
			}
			route_match(r->pattern, rq->path, rq);
			return r;
		}
	}
	return NULL;
}

static int is_token(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!isxdigit((unsigned char)s[n]))
			return 0;
	return n == TOKEN_HEX - 1;
}

/* Sign in from the session cookie, and for API routes from a Bearer token. */
static int authenticate(struct req *rq, int api, struct err *e)
{
	const char *tok = req_cookie(rq, SESSION_COOKIE);
	if (tok && is_token(tok)) {
		int r = session_lookup(rq->store, tok, &rq->actor_, rq->csrf, e);
		if (r < 0)
			return -1;
		if (r == 1) {
			rq->actor = &rq->actor_;
			rq->via = AUTH_SESSION;
			snprintf(rq->session, sizeof rq->session, "%s", tok);
			return 0;
		}
		rq->csrf[0] = 0;
	}
	const char *authz = req_header(rq, "Authorization");
	if (api && authz && strncasecmp(authz, "Bearer ", 7) == 0) {
		const char *b = authz + 7;
		while (*b == ' ')
			b++;
		if (is_token(b)) {
			int r = token_lookup(rq->store, b, &rq->actor_, e);
			if (r < 0)
				return -1;
			if (r == 1) {
				rq->actor = &rq->actor_;
				rq->via = AUTH_BEARER;
			}
		}
	}
	return 0;
}

static int unsafe_method(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

static void log_refusal(struct req *rq, const char *action, const char *detail)
{
	struct err e = { 0 };
	if (alog_write(rq->store, rq->actor, action, "request", rq->path, "refused", detail, &e))
		fprintf(stderr, "probity: access log: %s\n", e.msg);
}

static void login_redirect(struct req *rq, struct resp *rs)
{
	struct buf next = BUF_INIT, loc = BUF_INIT;
	buf_init(&next, 4096);
	buf_init(&loc, 16384);
	buf_adds(&next, rq->path);
	if (rq->raw_query[0] && strcmp(rq->method, "GET") == 0) {
		buf_addc(&next, '?');
		buf_adds(&next, rq->raw_query);
	}
	buf_adds(&loc, "/login?next=");
	if (next.oom)
		buf_adds(&loc, "%2F");
	else
		url_encode(&loc, buf_str(&next));
	resp_redirect(rs, loc.oom ? "/login" : buf_str(&loc));
	buf_release(&next);
	buf_release(&loc);
}

int router_admit(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	int mismatch = 0;
	const struct route *r = router_find(rq, &mismatch);
	int api = req_is_api(rq) || (r && r->access == ACCESS_API);
	rq->route = r;

	if (r && r->access == ACCESS_ANONYMOUS) /* admitted as it is: nothing about the visitor is looked at */
		return 0;
	if (authenticate(rq, api, &e)) {
		if (e.code != ERR_BUSY && e.code != ERR_FULL)
			e.code = ERR_INTERNAL; /* logged with its cause, answered 500 */
		page_fail(rq, rs, &e);
		return 1;
	}
	if (api && !rq->actor) {
		/* every /api/ path, known or not, asks for credentials first */
		resp_json_error(rs, 401, "authentication required: a session cookie or an Authorization: Bearer token");
		resp_header(rs, "WWW-Authenticate", "Bearer realm=\"probity\"");
		return 1;
	}
	if (!r) {
		if (mismatch) {
			page_error(rq, rs, 405);
			for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
				for (size_t i = 0; i < *tables[t].n; i++)
					if (route_match(tables[t].r[i].pattern, rq->path, NULL))
						resp_header(rs, "Allow", tables[t].r[i].method);
		} else {
			page_error(rq, rs, 404);
		}
		return 1;
	}
	if (r->access != ACCESS_PUBLIC && !rq->actor) {
		login_redirect(rq, rs);
		return 1;
	}
	if (r->roles && !actor_has(rq->actor, r->roles)) {
		log_refusal(rq, "access", "role required");
		page_error(rq, rs, 403);
		return 1;
	}
	return 0;
}

void router_dispatch(struct req *rq, struct resp *rs)
{
	if (router_admit(rq, rs))
		return;
	if (unsafe_method(rq->method) && rq->via == AUTH_SESSION) {
		const char *sent = req_form(rq, "csrf");
		if (!sent)
			sent = req_header(rq, "X-CSRF-Token");
		if (!sent || !rq->csrf[0] || !token_equal(sent, rq->csrf)) {
			log_refusal(rq, "csrf", sent ? "wrong CSRF token" : "missing CSRF token");
			page_error(rq, rs, 403);
			return;
		}
	}
	if (req_is_api(rq)) {
		if (api_admit(rq, rs))
			return;
		rs->api = rq; /* resp_json writes the API's final body (web/api.h) */
	}
	if (rq->store)
		store_clear_error(rq->store);
	if (rq->route->fn(rq, rs)) {
		/* the handler gave up without answering: say why from the store's
		 * last failure (a busy or full database answers 503, not 500) */
		struct err e = { 0 };
		if (rq->store && store_last_error(rq->store)->code)
			e = *store_last_error(rq->store);
		else
			err_set(&e, ERR_INTERNAL, "handler failed without saying why");
		page_fail(rq, rs, &e);
	}
}
