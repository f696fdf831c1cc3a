/* http.h — the web layer's request, response and route table.
 *
 * A request arrives in server.c (libmicrohttpd), is decoded into a struct req
 * (query string, urlencoded form, cookies, headers, the body up to the
 * route's body_max: read only once router_admit has let the request on), and
 * handed to router.c, which finds the route, signs the
 * visitor in from the session cookie (or, under /api/, a Bearer token),
 * checks the route's access rule and the CSRF token of every POST, and calls
 * the route's handler. The handler fills a struct resp; server.c adds the
 * security headers and sends it. Handlers never see libmicrohttpd.
 *
 * Adding pages for a capability (e.g. gifts):
 *   1. src/web/gifts_pages.c defines
 *        const struct route gifts_routes[] = {
 *            { "GET",  "/gifts/new",      gifts_new,     ACCESS_PAGE, 0 },
 *            { "POST", "/gifts",          gifts_create,  ACCESS_PAGE, 0 },
 *            { "GET",  "/gifts/{id}",     gifts_show,    ACCESS_PAGE, 0 },
 *            { "GET",  "/gifts/register", gifts_reg,     ACCESS_PAGE, ROLE_PSD | ROLE_ADMIN },
 *            { "GET",  "/api/gifts",      api_gifts,     ACCESS_API,  0 },
 *        };
 *        ROUTES_END(gifts);
 *   2. add X(gifts) to WEB_PAGES in src/web/pages.h. That is all.
 * A handler returns 0 when it filled rs (any status), or -1 for "something
 * broke" — the visitor then gets a 500 page without details and the error is
 * logged to stderr. */
#ifndef PROBITY_HTTP_H
#define PROBITY_HTTP_H

#include "core/buf.h"
#include "domain/actor.h"
#include "domain/auth.h"
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_RETRY_AFTER "5"              /* seconds, on every 503 (busy database, full disk, limits) */
#define HTTP_BODY_MAX ((size_t)1 << 20)   /* signed in, a route without body_max: larger bodies get 413 */
#define HTTP_UPLOAD_MAX ((size_t)8 << 20) /* body_max of the routes that take file uploads */
#define HTTP_ANON_BODY_MAX ((size_t)16 << 10) /* not signed in (the sign-in form): larger get 413 */
#define HTTP_URI_MAX 8192                 /* longer request targets get 414 */
#define HTTP_HEAD_MAX ((size_t)32 << 10)  /* request header fields, in bytes: more get 431 */
#define HTTP_FILES_MAX 8                  /* file parts in one multipart body */
#define HTTP_FIELDS_MAX 1000              /* per query string / form / cookie header */
#define HTTP_PARAMS_MAX 4                 /* {name} segments in one route pattern */
#define SESSION_COOKIE "probity_session"

/* ---- key/value lists: query, form, cookies, headers ---- */

struct kv {
	char *k;   /* owned; v points into the same allocation */
	char *v;
};

struct kvlist {
	struct kv *v;
	size_t n, cap;
};

/* Append a copy of k and v (each may hold any bytes but NUL). 0 or -1 (no memory). */
int kvlist_add(struct kvlist *l, const char *k, size_t kn, const char *v, size_t vn);
void kvlist_release(struct kvlist *l);
/* The first value of key k, or NULL. kvlist_get_ci ignores ASCII case (headers). */
const char *kvlist_get(const struct kvlist *l, const char *k);
const char *kvlist_get_ci(const struct kvlist *l, const char *k);
/* True when k has the value v among its (possibly repeated) values: checkboxes. */
int kvlist_has(const struct kvlist *l, const char *k, const char *v);

/* ---- decoders for untrusted input (fuzzed by tests/fuzz/fuzz_form.c) ---- */

/* Percent-decode p[0..n) onto out ('+' becomes a space when plus_space).
 * A '%' not followed by two hex digits is kept as it is. Returns -1 when the
 * result would hold a NUL byte or invalid UTF-8 (out then holds garbage). */
int url_decode(struct buf *out, const char *p, size_t n, int plus_space);
/* Parse an application/x-www-form-urlencoded string (a query string or a
 * form body) into out, keeping repeated keys in order. -1 when a key or value
 * fails url_decode, or there are more than HTTP_FIELDS_MAX fields. */
int form_parse(struct kvlist *out, const char *p, size_t n);
/* The GOV.UK date input sends NAME-day, NAME-month and NAME-year; add NAME
 * to l as the one value handlers read: YYYY-MM-DD for a real date, "" when
 * all three are empty, otherwise the parts joined as "year-month-day" (which
 * date_valid refuses, so the handler's own check reports it; form_date and
 * form_error_summary then name the wrong part). The parts stay in l for
 * re-display. When NAME itself was sent (the API, scripts, older tests) it
 * is left as it is. -1 when out of memory. */
int form_join_dates(struct kvlist *l);
/* One uploaded file of a multipart/form-data body. data points into the
 * request body (borrowed for the life of the request). */
struct upload {
	char name[64];       /* the form field's name */
	char filename[256];  /* as the browser sent it, without any directory part */
	char ctype[128];     /* as the browser declared it: never trusted for the type check */
	const char *data;
	size_t len;
};

/* Parse a multipart/form-data body (RFC 7578) whose Content-Type header is
 * ctype: text parts go into fields (as form_parse's values: no NUL, valid
 * UTF-8), file parts (those with a filename) into files[0..*nfiles) up to
 * HTTP_FILES_MAX, borrowing body. -1 on a malformed body. */
int multipart_parse(struct kvlist *fields, struct upload *files, size_t *nfiles, const char *body, size_t n,
                    const char *ctype);

/* Parse a Cookie header ("a=1; b=2") into out: values are not decoded
 * (RFC 6265); surrounding double quotes are removed; pairs without '=' are
 * skipped. -1 when there are more than HTTP_FIELDS_MAX pairs. */
int cookie_parse(struct kvlist *out, const char *header);

/* ---- request ---- */

enum auth_via { AUTH_NONE, AUTH_SESSION, AUTH_BEARER };

struct route;

struct req {
	const char *method;        /* "GET", "POST"... (a HEAD request is routed as GET) */
	char *path;                /* percent-decoded path without the query string */
	const char *raw_query;     /* as sent, without '?'; "" when none */
	struct kvlist query;       /* decoded query string */
	struct kvlist form;        /* decoded urlencoded body, or the text parts of a multipart body (POST) */
	struct upload files[HTTP_FILES_MAX]; /* file parts of a multipart body */
	size_t nfiles;
	struct kvlist cookies;
	struct kvlist headers;     /* look up with req_header (case-insensitive) */
	const char *body;          /* the raw body, NUL-terminated; "" when none */
	size_t body_len;
	char client_ip[64];        /* the peer, or the client a trusted proxy names (forwarded_client) */
	char request_id[40];       /* in the log line and the X-Request-Id response header */

	struct store *store;       /* this request's database connection */
	struct actor *actor;       /* the signed-in account, or NULL */
	enum auth_via via;
	char session[TOKEN_HEX];   /* the session token when signed in by cookie, else "" */
	char csrf[TOKEN_HEX];      /* the session's CSRF token, else "" */

	const struct route *route; /* the matched route (NULL for 404) */
	int nparams;
	struct {
		char name[24];
		char value[128];
	} params[HTTP_PARAMS_MAX];

	struct actor actor_;       /* storage behind actor */
	int api_v1;                /* asked as /api/v1/... (web/api.h); path holds the /api/... name */
	int api_whole;             /* list asked with changed_since: handlers give every row (web/api.h) */
	char api_since[21];        /* changed_since as UTC YYYY-MM-DDTHH:MM:SSZ, else "" */
	int streaming;             /* the second run of a streamed response (resp.stream): write the body to stream_fd */
	int stream_fd;
};

/* Set up an empty request for method and path (for tests); the server fills
 * the rest. req_release frees what the request owns. */
void req_init(struct req *rq, const char *method, const char *path);
void req_release(struct req *rq);

const char *req_query(const struct req *rq, const char *k);   /* NULL when absent */
const char *req_form(const struct req *rq, const char *k);    /* NULL when absent */
/* The uploaded file of field k, or NULL (also NULL for an empty file input). */
const struct upload *req_file(const struct req *rq, const char *k);
const char *req_header(const struct req *rq, const char *name);
/* The client's address behind trusted reverse proxies: when peer is one of
 * trusted (addresses separated by commas or spaces), the right-most address
 * of xff (an X-Forwarded-For value, may be NULL) that is not itself a
 * trusted proxy; otherwise peer. A malformed entry stops the walk (the
 * address before it is kept), so a client cannot make itself anyone by
 * sending its own header: only what the proxies appended is believed.
 * Writes the address into out[0..n). */
void forwarded_client(const char *peer, const char *xff, const char *trusted, char *out, size_t n);
const char *req_cookie(const struct req *rq, const char *name);
/* A route parameter: req_param(rq, "id") for the pattern "/gifts/{id}". */
const char *req_param(const struct req *rq, const char *name);
/* A numeric route parameter ({id}, or any name ending in "id", only matches
 * digits, so this is > 0 whenever the route matched). 0 when absent. */
int64_t req_id(const struct req *rq, const char *name);
/* The ?page= number, 1 when absent or invalid. */
int req_page(const struct req *rq);
/* True when the request wants JSON (path under /api/). */
int req_is_api(const struct req *rq);

/* ---- response ---- */

struct resp {
	int status;                /* 200 unless set */
	const char *ctype;         /* a string literal; default text/html; charset=utf-8 */
	struct buf body;           /* capped at 64 MiB */
	struct kvlist headers;     /* extra headers, e.g. Location, Set-Cookie */
	int cache_seconds;         /* 0: Cache-Control: no-store (every dynamic page) */
	const void *static_body;   /* borrowed bytes that live as long as the process */
	size_t static_len;         /* (static assets; used instead of body when set) */
	int stream;                /* a streamed body (a 200 with no body yet): server.c sends the headers and runs the
	                            * handler again on a thread of its own, with its own store connection and
	                            * rq->streaming set, and what it writes to rq->stream_fd goes to the client as it
	                            * comes (chunked; a failure part-way closes the connection). Not capped. */
	const struct req *api;     /* set by the router for a request under /api/: resp_json then writes the
	                            * API's final bytes (web/api.h, api_write) */
	int api_done;              /* the body already is the API's final JSON: api_finish leaves it */
};

void resp_init(struct resp *rs);
void resp_release(struct resp *rs);
/* Add a header; a value holding CR or LF is refused (-1). */
int resp_header(struct resp *rs, const char *name, const char *value);
/* A write failed because the disk is full: from then until the worker
 * restarts, administrators' pages carry a banner saying so
 * (server_disk_full() is the time it was first seen, 0 when not). */
void server_note_disk_full(void);
long server_disk_full(void);
/* 303 See Other to location (a local path the caller built). */
void resp_redirect(struct resp *rs, const char *location);
/* Serialise j as the body with status; takes ownership of j (NULL gives 500).
 * Under /api/ (rs->api set) the body is written once, in its final form
 * (api_write: the list envelope, null for "") and marked rs->api_done. */
void resp_json(struct resp *rs, int status, json_t *j);
/* {"error": {"code", "message": msg, "field": null}} with status; code is
 * err_http_code(status) (web/errmap.h). */
void resp_json_error(struct resp *rs, int status, const char *msg);
/* The same naming the query parameter or form field at fault (NULL: null). */
void resp_json_error_field(struct resp *rs, int status, const char *msg, const char *field);
/* A plain-text body. */
void resp_text(struct resp *rs, int status, const char *text);
/* Set or clear (token NULL) the session cookie. */
void resp_session_cookie(struct resp *rs, const char *token);

/* ---- routes ---- */

typedef int (*handler_fn)(struct req *rq, struct resp *rs);

enum access {
	ACCESS_PUBLIC,   /* anyone; the session is still looked up (for the navigation) */
	ACCESS_PAGE,     /* an HTML page for signed-in accounts: anonymous -> 303 /login?next= */
	ACCESS_API,      /* JSON: session cookie or Bearer token; anonymous -> 401 JSON */
	ACCESS_ANONYMOUS,/* the anonymous reporting line: no session looked up (even if a
	                  * cookie is sent), no request-log line, no session CSRF — the
	                  * handler checks its own form token (domain/anon.h) */
};

struct route {
	const char *method;        /* "GET" or "POST" (or PUT, PATCH, DELETE for the API) */
	const char *pattern;       /* "/gifts/{id}/decision"; a final "/<star>" (slash, asterisk) matches any rest */
	handler_fn fn;
	enum access access;
	unsigned roles;            /* 0: any signed-in account; else one of these roles (-> 403) */
	size_t body_max;           /* 0: HTTP_BODY_MAX; a file-upload route sets HTTP_UPLOAD_MAX. Only a
	                            * signed-in account gets it: anonymous bodies stop at HTTP_ANON_BODY_MAX,
	                            * except on ACCESS_ANONYMOUS routes, which set their own */
};

/* Each pages file ends its table with ROUTES_END(name), which defines
 * name_routes_n; pages.h declares both for router.c. */
#define ROUTES_END(name) const size_t name##_routes_n = sizeof name##_routes / sizeof name##_routes[0]

/* Match path against pattern; on success fill rq's params (rq may be NULL)
 * and return 1. */
int route_match(const char *pattern, const char *path, struct req *rq);
/* Find the route for rq->method and rq->path: the route, or NULL with
 * *method_mismatch set when the path exists under another method (405). */
const struct route *router_find(struct req *rq, int *method_mismatch);
/* Route one request: authentication, access, CSRF, the handler, error pages. */
void router_dispatch(struct req *rq, struct resp *rs);
/* The checks before the body: find the route, sign in, access and role.
 * 1 when it answered rs (404, 401, 303 to sign in, 403...), 0 when the
 * request may go on; rq->route and rq->actor are then set. */
int router_admit(struct req *rq, struct resp *rs);

/* ---- server ---- */

/* Read-only settings, set once before the server starts. */
struct web_config {
	int secure_cookies;        /* add Secure to the cookies, and send HSTS (behind HTTPS) */
	const char *public_url;    /* the site's address as users see it ("https://probity.force.example"),
	                              NULL when not configured; https turns secure_cookies on */
	int quiet;                 /* no per-request log line on stderr */
	int log_text;              /* request log lines as text, not JSON */
	const char *trusted_proxies; /* comma-separated addresses whose X-Forwarded-For is believed */
	int min_free_mb;           /* /readyz fails under this much free disk space (0: not checked) */
};
extern struct web_config web_cfg;

struct serve_options {
	const char *db;            /* database path */
	const char *bind;          /* listen address, default 127.0.0.1 */
	int port;                  /* 0 picks a free port */
	int threads;               /* worker threads = database connections */
	const char *assets_root;   /* directory holding node_modules/ and assets/; NULL: the
	                              copies compiled into the binary */
	/* Resource limits (docs/web.md); 0 in a field means no limit. */
	int max_conns;             /* open connections in all (default 4096) */
	int max_conns_per_ip;      /* open connections from one address (default 64) */
	int conn_timeout;          /* seconds a connection may stay idle (default 15) */
	int max_anon_bodies;       /* requests not signed in whose body is being read at once (default 64) */
};

/* Run the server until SIGTERM or SIGINT: a supervisor process binds the
 * socket, prints the URL and restarts the worker process if it dies. */
int web_serve(const struct serve_options *o, struct err *e);

/* Static assets (static.c): load every file under the asset directories into
 * memory (root NULL: take the table compiled into the binary instead); serve
 * one. static_serve returns 1 when it answered rq. */
int static_load(const char *root, struct err *e);
/* The assets compiled in by scripts/embed-assets.sh (build/gen/assets.c):
 * the bytes [data, end) served at url. */
struct embedded_asset {
	const char *url;
	const char *data, *end;
	int cache_seconds;
};
extern const struct embedded_asset embedded_assets[];
extern const size_t embedded_assets_count;
int static_serve(const struct req *rq, struct resp *rs);
/* Add one more asset served at url (data borrowed: it must outlive the
 * server), after static_load and before the workers start (web/brand.c). */
void static_add(const char *url, const char *data, size_t len, int cache_seconds);
/* The content type for a file name by its extension. */
const char *static_content_type(const char *name);

#endif
