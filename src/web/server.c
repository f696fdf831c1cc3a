/* server.c — libmicrohttpd glue and the process that keeps it running.
 *
 * web_serve() binds the listening socket in a supervisor process, prints the
 * URL, and forks a worker that runs the MHD daemon (an internal polling
 * thread pool, one store connection per thread). If the worker dies
 * abnormally (a crash in one request), the supervisor logs it and starts a
 * new worker on the same socket, so queued connections are served and the
 * service stays up. SIGTERM/SIGINT to the supervisor stop the worker cleanly
 * (in-flight requests finish) and then the supervisor exits 0.
 *
 * Per request: the URI log callback allocates a struct conn holding the raw
 * URI. When the headers are in, the access handler answers 414/431 for a
 * request head over our limits (below libmicrohttpd's own, whose bare error
 * pages would lack the security headers). A request with a body is admitted
 * first (router_admit: route, sign-in, access), so a body is only read for a
 * request that may go on, up to its route's body_max when signed in and
 * HTTP_ANON_BODY_MAX when not (else 413), and at most max_anon_bodies
 * anonymous bodies are read at once (else 503). Then the handler decodes
 * everything into a struct req, serves a static asset or takes a store
 * connection and calls router_dispatch, and sends the struct resp with the
 * security headers every response carries. Connections are limited in all,
 * per address and by idle time (struct serve_options; docs/web.md). */
#include "domain/accesslog.h"
#include "domain/backup.h"
#include "store/store.h"
#include "core/xalloc.h"
#include "web/brand.h"
#include "web/anchor.h"
#include "web/api.h"
#include "web/http.h"
#include "web/layout.h"
#include <arpa/inet.h>
#include <malloc.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <stddef.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct web_config web_cfg;

#define CSP "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " \
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

#define EXIT_STARTUP 3   /* the worker could not start: do not restart it */

static struct store_pool *pool;
static int anon_bodies_max;        /* set once before the daemon starts; 0: no limit */
static atomic_int anon_bodies;     /* anonymous requests whose body is being read */

struct conn {
	char *uri;           /* raw request target, as sent */
	struct buf body;
	int started;
	int answered;
	int anon_body;       /* counted in anon_bodies until the request completes */
	struct timespec t0;
	char rid[40];        /* request id: random, or a trusted proxy's X-Request-Id */
};

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	struct conn *cx = xcalloc(1, sizeof *cx);
	cx->uri = xstrdup(uri ? uri : "/");
	buf_init(&cx->body, HTTP_ANON_BODY_MAX); /* raised by admit_body */
	clock_gettime(CLOCK_MONOTONIC, &cx->t0);
	unsigned char r[8];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(cx->rid, sizeof cx->rid, r, sizeof r);
	return cx;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct conn *cx = *con_cls;
	if (!cx)
		return;
	if (cx->anon_body)
		atomic_fetch_sub(&anon_bodies, 1);
	free(cx->uri);
	buf_release(&cx->body);
	free(cx);
	*con_cls = NULL;
}

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct kvlist *l = cls;
	if (l->n >= HTTP_FIELDS_MAX)
		return MHD_NO;
	kvlist_add(l, key, strlen(key), value ? value : "", value ? strlen(value) : 0);
	return MHD_YES;
}

static void client_ip(struct MHD_Connection *c, char *out, size_t n)
{
	snprintf(out, n, "-");
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

/* Fill rq from the request head: path, query, headers, cookies, address.
 * 0, or the status to answer with (400). */
static int build_head(struct req *rq, struct MHD_Connection *c, struct conn *cx)
{
	const char *uri = cx->uri;
	const char *q = strchr(uri, '?');
	size_t plen = q ? (size_t)(q - uri) : strlen(uri);
	struct buf path;
	buf_init(&path, 8192);
	int bad = url_decode(&path, uri, plen, 0) || path.n == 0 || path.p[0] != '/';
	if (!bad) {
		free(rq->path);
		rq->path = buf_take(&path, NULL);
		api_version_path(rq);
	}
	buf_release(&path);
	if (q)
		rq->raw_query = q + 1;
	if (bad || form_parse(&rq->query, rq->raw_query, strlen(rq->raw_query)) || form_join_dates(&rq->query))
		return 400;

	MHD_get_connection_values(c, MHD_HEADER_KIND, add_header, &rq->headers);
	for (size_t i = 0; i < rq->headers.n; i++)
		if (strcasecmp(rq->headers.v[i].k, "Cookie") == 0 && cookie_parse(&rq->cookies, rq->headers.v[i].v))
			return 400;
	char peer[64];
	client_ip(c, peer, sizeof peer);
	forwarded_client(peer, req_header(rq, "X-Forwarded-For"), web_cfg.trusted_proxies, rq->client_ip,
	                 sizeof rq->client_ip);
	/* a trusted proxy's request id joins its log line to ours */
	const char *prid = req_header(rq, "X-Request-Id");
	if (prid && strcmp(peer, rq->client_ip) != 0 && strlen(prid) < sizeof cx->rid && *prid &&
	    strspn(prid, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == strlen(prid))
		snprintf(cx->rid, sizeof cx->rid, "%s", prid);
	snprintf(rq->request_id, sizeof rq->request_id, "%s", cx->rid);
	return 0;
}

/* Fill rq from the connection. 0, or the status to answer with (400). */
static int build_request(struct req *rq, struct MHD_Connection *c, struct conn *cx)
{
	int status = build_head(rq, c, cx);
	if (status)
		return status;
	rq->body = cx->body.p ? cx->body.p : "";
	rq->body_len = cx->body.n;
	const char *ct = req_header(rq, "Content-Type");
	if (rq->body_len && ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 &&
	    form_parse(&rq->form, rq->body, rq->body_len))
		return 400;
	if (rq->body_len && ct && strncasecmp(ct, "multipart/form-data", 19) == 0 &&
	    multipart_parse(&rq->form, rq->files, &rq->nfiles, rq->body, rq->body_len, ct))
		return 400;
	if (form_join_dates(&rq->form))
		return 400;
	return 0;
}

static void security_headers(struct MHD_Response *r, const struct resp *rs)
{
	MHD_add_response_header(r, "Content-Security-Policy", CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	if (web_cfg.secure_cookies) /* served over HTTPS: browsers must never fall back to HTTP */
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (rs->cache_seconds > 0) {
		char cc[64];
		snprintf(cc, sizeof cc, "public, max-age=%d", rs->cache_seconds);
		MHD_add_response_header(r, "Cache-Control", cc);
	} else {
		MHD_add_response_header(r, "Cache-Control", "no-store");
	}
}

/* The anonymous routes' paths (the reporting line, anonymous ethics
 * dilemmas): P, P/..., P?...: raw or decoded. Every ACCESS_ANONYMOUS route
 * is left out of the request log by its access mode as well; these prefixes
 * also cover what matches no route (a 404 under /report). */
static int anon_path(const char *p)
{
	static const char *const anon[] = { "/report", "/ethics/anonymous" };
	for (size_t i = 0; p && i < sizeof anon / sizeof anon[0]; i++) {
		size_t n = strlen(anon[i]);
		if (strncmp(p, anon[i], n) == 0 && (p[n] == 0 || p[n] == '/' || p[n] == '?'))
			return 1;
	}
	return 0;
}

/* ---- streamed responses (resp.stream): a register export of any size ----
 * The handler has answered the checks (role, filters) on the MHD thread. A
 * thread of its own then runs the handler again on a shallow copy of the
 * request, with a store connection of its own, writing the body into a
 * pipe. The MHD thread waits for the first piece (or the end): a failure
 * before any byte (a storage error) still answers the 500 page; otherwise
 * the request's memory passes to the job and MHD's content reader takes
 * from the pipe as the client reads, so memory holds a pipe's worth
 * whatever the size. The reader blocks while the producer works, as a
 * buffered handler would have. A client that goes away closes the pipe, and
 * the producer's next write fails and stops it; a failure part-way closes
 * the connection, so a download is never silently short. */
static const char *stream_db; /* the worker's database, set once at start */
#define STREAM_TIMEOUT 600    /* seconds a streamed response's connection may wait between pieces */

struct stream_job {
	struct req rq;        /* a shallow copy of the request; its memory is the job's once owns is set */
	int rfd, wfd;
	atomic_int refs;      /* the producer thread and the MHD side */
	atomic_int failed;
	atomic_int owns;
};

static void stream_unref(struct stream_job *j)
{
	if (atomic_fetch_sub(&j->refs, 1) != 1)
		return;
	if (atomic_load(&j->owns))
		req_release(&j->rq);
	free(j);
}

/* The MHD side lets go: its end of the pipe closes (a producer still
 * writing then fails and stops), and its reference goes. */
static void stream_reader_done(struct stream_job *j)
{
	close(j->rfd);
	stream_unref(j);
}

static void *stream_run(void *arg)
{
	struct stream_job *j = arg;
	struct err e = { 0 };
	struct resp rs;
	resp_init(&rs);
	int failed = store_open(&j->rq.store, stream_db, &e) != 0 || store_spill_temp(j->rq.store, &e) != 0;
	if (failed)
		fprintf(stderr, "probity: %s %s: cannot open the database for a streamed response: %s\n",
		        j->rq.request_id, j->rq.route->pattern, e.msg);
	else /* a failure is logged by the handler (page_fail) */
		failed = j->rq.route->fn(&j->rq, &rs) != 0;
	store_close(j->rq.store);
	j->rq.store = NULL;
	atomic_store(&j->failed, failed);
	close(j->wfd); /* the reader sees the end (after failed is set) */
	resp_release(&rs);
	stream_unref(j);
	return NULL;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct stream_job *j = cls;
	for (;;) {
		ssize_t n = read(j->rfd, out, max);
		if (n > 0)
			return n;
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 && !atomic_load(&j->failed))
			return MHD_CONTENT_READER_END_OF_STREAM;
		return MHD_CONTENT_READER_END_WITH_ERROR; /* the client sees a broken download, not a short file */
	}
}

static void stream_done(void *cls)
{
	stream_reader_done(cls);
}

/* Start the producer for rq: 1 when its first bytes are ready (the job in
 * *out, holding a reference for the response), 0 when it failed before
 * writing any (the caller answers 500; rq is untouched), -1 when it could
 * not start. */
static int stream_begin(struct req *rq, struct stream_job **out)
{
	int p[2];
	*out = NULL;
	if (!stream_db || pipe2(p, O_CLOEXEC))
		return -1;
	struct stream_job *j = xcalloc(1, sizeof *j);
	j->rfd = p[0];
	j->wfd = p[1];
	atomic_init(&j->refs, 2);
	atomic_init(&j->failed, 0);
	atomic_init(&j->owns, 0);
	j->rq = *rq;
	j->rq.actor = rq->actor ? &j->rq.actor_ : NULL;
	j->rq.raw_query = ""; /* these point into the connection, which may go first */
	j->rq.body = "";
	j->rq.body_len = 0;
	j->rq.nfiles = 0;
	j->rq.streaming = 1;
	j->rq.stream_fd = j->wfd;
	pthread_t t;
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	int started = pthread_create(&t, &a, stream_run, j) == 0;
	pthread_attr_destroy(&a);
	if (!started) {
		close(j->wfd);
		close(j->rfd);
		free(j);
		return -1;
	}
	struct pollfd pf = { .fd = j->rfd, .events = POLLIN };
	while (poll(&pf, 1, -1) < 0 && errno == EINTR)
		;
	/* readable: data, or the end (the producer closed its side after
	 * setting failed); the end with nothing before it is an early failure */
	int nbytes = 0;
	if (ioctl(j->rfd, FIONREAD, &nbytes) == 0 && nbytes == 0 && atomic_load(&j->failed)) {
		stream_reader_done(j); /* owns is 0: rq's memory stays the request's */
		return 0;
	}
	*out = j;
	return 1;
}

/* The request's memory now belongs to the job: rq is left empty. */
static void stream_adopt(struct stream_job *j, struct req *rq)
{
	atomic_store(&j->owns, 1);
	memset(rq, 0, sizeof *rq);
}

/* The response reading j's pipe; NULL on failure (j then has rq's memory,
 * freed when its producer stops). */
static struct MHD_Response *stream_response(struct stream_job *j, struct req *rq)
{
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, j,
	                                                           stream_done);
	if (!r) {
		stream_adopt(j, rq);
		stream_reader_done(j);
	}
	return r;
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct req *rq, struct resp *rs, struct conn *cx)
{
	struct MHD_Response *r;
	size_t len = 0;
	struct stream_job *job = NULL;
	if (req_is_api(rq)) {
		api_finish(rq, rs);
		api_capture(rq, rs);
	}
	if (rs->stream && rs->status == 200 && rq->route) {
		int b = stream_begin(rq, &job);
		if (b <= 0) { /* failed before its first byte: the 500 page, as a buffered handler */
			rs->stream = 0;
			page_error(rq, rs, 500);
		}
	}
	if (job) {
		if (!(r = stream_response(job, rq)))
			return MHD_NO;
		/* pieces may be far apart while rows are read: not an idle connection */
		MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT, (unsigned int)STREAM_TIMEOUT);
	} else if (rs->static_body) {
		len = rs->static_len;
		r = MHD_create_response_from_buffer(len, (void *)rs->static_body, MHD_RESPMEM_PERSISTENT);
	} else if (rs->body.oom) {
		/* the page outgrew its cap: say so rather than send half a page */
		static const char msg[] = "internal error: response too large\n";
		len = sizeof msg - 1;
		rs->status = 500;
		rs->ctype = "text/plain; charset=utf-8";
		r = MHD_create_response_from_buffer(len, (void *)msg, MHD_RESPMEM_PERSISTENT);
	} else {
		char *p = buf_take(&rs->body, &len);
		r = MHD_create_response_from_buffer(len, p, MHD_RESPMEM_MUST_FREE);
		if (!r)
			free(p);
	}
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", rs->ctype);
	MHD_add_response_header(r, "X-Request-Id", cx->rid);
	security_headers(r, rs);
	for (size_t i = 0; i < rs->headers.n; i++)
		MHD_add_response_header(r, rs->headers.v[i].k, rs->headers.v[i].v);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);

	/* the anonymous line's paths leave no log line, not even that someone came */
	if (!web_cfg.quiet && !(rq->route && rq->route->access == ACCESS_ANONYMOUS) && !anon_path(cx->uri) &&
	    !anon_path(rq->path)) {
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double ms = (double)(t1.tv_sec - cx->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - cx->t0.tv_nsec) / 1e6;
		char now[21];
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (web_cfg.log_text) {
			fprintf(stderr, "%s %s %s %s %.200s %d %zu %.1fms%s%s\n", now, cx->rid,
			        rq->client_ip[0] ? rq->client_ip : "-", rq->method, rq->path ? rq->path : "?", rs->status,
			        len, ms, rq->actor ? " " : "", rq->actor ? rq->actor->username : "");
		} else {
			/* the route's pattern, never the path or query: they may name a person */
			const char *route = rq->route ? rq->route->pattern : rs->static_body ? "(static)" : "(none)";
			json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:f}", "time", now, "request_id", cx->rid,
			                      "client", rq->client_ip[0] ? rq->client_ip : "-", "method", rq->method, "route",
			                      route, "status", rs->status, "bytes", (json_int_t)len, "ms",
			                      (double)(long)(ms * 10) / 10);
			if (j && rq->actor)
				json_object_set_new(j, "account", json_integer(rq->actor->account_id));
			char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
			if (line)
				fprintf(stderr, "%s\n", line);
			free(line);
			json_decref(j);
		}
	}
	if (job)
		stream_adopt(job, rq);
	return ok;
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	size_t *n = cls;
	*n += strlen(key) + (value ? strlen(value) : 0) + 4; /* "k: v\r\n" */
	return MHD_YES;
}

/* 414 or 431 when the request head passes our limits, else 0. These sit
 * well below libmicrohttpd's own (the connection memory limit), so the
 * answer is ours and carries the security headers; MHD's bare 414/431 is
 * left only for heads larger than its buffer (docs/web.md). */
static int head_status(struct MHD_Connection *c, const struct conn *cx)
{
	if (strlen(cx->uri) > HTTP_URI_MAX)
		return 414;
	size_t n = 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &n);
	return n > HTTP_HEAD_MAX ? 431 : 0;
}

/* The body an admitted request may send: its route's body_max when signed
 * in, HTTP_ANON_BODY_MAX when not, and no more than anon_bodies_max
 * anonymous bodies at once. 0, or 413 / 503 to answer now. */
static int body_limit(struct conn *cx, const struct req *rq, const char *content_length)
{
	if (rq->actor) {
		cx->body.max = rq->route->body_max ? rq->route->body_max : HTTP_BODY_MAX;
	} else {
		/* the anonymous reporting line's routes take their own body_max (a report and its pictures) */
		cx->body.max = rq->route->access == ACCESS_ANONYMOUS && rq->route->body_max ? rq->route->body_max
		                                                                          : HTTP_ANON_BODY_MAX;
		cx->anon_body = 1;
		if (atomic_fetch_add(&anon_bodies, 1) >= anon_bodies_max && anon_bodies_max > 0)
			return 503;
	}
	if (content_length && strtoull(content_length, NULL, 10) > cx->body.max)
		return 413;
	return 0;
}

/* The answers to a request head over a limit: short plain text, sent with
 * the security headers like every other response. */
static void limit_error(const struct req *rq, struct resp *rs, int status)
{
	if (status == 414)
		resp_text(rs, 414, "The web address is too long.\n");
	else if (status == 431)
		resp_text(rs, 431, "The request headers are too large.\n");
	else if (status == 503) {
		resp_text(rs, 503, "The service is busy. Try again in a few seconds.\n");
		resp_header(rs, "Retry-After", "5");
	} else
		page_error(rq, rs, status);
}

/* The first call for a request, when its head is in: answer now (414, 431;
 * for a request with a body also the router's refusal, 413 or 503), or
 * return MHD_YES to go on (reading the body up to cx->body.max). */
static enum MHD_Result on_head(struct MHD_Connection *c, struct conn *cx, const char *method)
{
	int status = head_status(c, cx);
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
	if (!status && !te && (!cl || strtoull(cl, NULL, 10) == 0))
		return MHD_YES; /* no body: answered on the next call */

	struct req rq;
	struct resp rs;
	req_init(&rq, method, "/");
	resp_init(&rs);
	if (!status)
		status = build_head(&rq, c, cx);
	if (!status) {
		rq.store = store_pool_get(pool);
		int answered = router_admit(&rq, &rs);
		store_pool_put(pool, rq.store);
		rq.store = NULL;
		if (!answered && !(status = body_limit(cx, &rq, cl))) {
			resp_release(&rs);
			req_release(&rq);
			return MHD_YES;
		}
	}
	if (status)
		limit_error(&rq, &rs, status);
	/* answered before the body: MHD closes the connection instead of reading it */
	enum MHD_Result ok = send_resp(c, &rq, &rs, cx);
	cx->answered = 1;
	resp_release(&rs);
	req_release(&rq);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)cls;
	(void)url;
	(void)version;
	struct conn *cx = *con_cls;
	if (!cx || !cx->uri)
		return MHD_NO; /* out of memory in on_uri: drop the connection */
	if (cx->answered) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (!cx->started) {
		cx->started = 1;
		return on_head(c, cx, method);
	} else if (*upload_data_size) {
		/* Past the cap although no Content-Length said so (a chunked body):
		 * MHD 0.9.75 cannot answer in the middle of a body, so close the
		 * connection rather than read on. */
		if (buf_add(&cx->body, upload_data, *upload_data_size))
			return MHD_NO;
		*upload_data_size = 0;
		return MHD_YES;
	}


	struct req rq;
	struct resp rs;
	req_init(&rq, method, "/");
	resp_init(&rs);
	int status = build_request(&rq, c, cx);
	if (status) {
		page_error(&rq, &rs, status);
	} else if (!static_serve(&rq, &rs)) {
		rq.store = store_pool_get(pool);
		router_dispatch(&rq, &rs);
		store_pool_put(pool, rq.store);
		rq.store = NULL;
	}
	enum MHD_Result ok = send_resp(c, &rq, &rs, cx);
	cx->answered = 1;
	resp_release(&rs);
	req_release(&rq);
	return ok;
}

/* ---- a full disk, for the administrators' banner (layout.c) ---- */

static atomic_long disk_full_at;

void server_note_disk_full(void)
{
	long zero = 0;
	atomic_compare_exchange_strong(&disk_full_at, &zero, (long)time(NULL));
}

long server_disk_full(void) { return atomic_load(&disk_full_at); }

/* ---- the worker process ---- */

/* systemd's readiness protocol (sd_notify(3), a documented datagram on
 * $NOTIFY_SOCKET; the unit sets Type=notify and NotifyAccess=all, as the
 * worker, not the supervisor, knows when requests are answered). Nothing
 * happens when the variable is unset. */
static void notify_systemd(const char *msg)
{
	const char *path = getenv("NOTIFY_SOCKET");
	if (!path || (path[0] != '/' && path[0] != '@') || strlen(path) >= sizeof ((struct sockaddr_un *)0)->sun_path)
		return;
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	if (path[0] == '@')
		sa.sun_path[0] = 0; /* an abstract socket */
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa, len) < 0)
		fprintf(stderr, "probity: cannot notify systemd: %s\n", strerror(errno));
	close(fd);
}

static int worker(int fd, const struct serve_options *o)
{
	struct err e = { 0 };
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	signal(SIGPIPE, SIG_IGN);
	/* Request bodies of 64 KiB and more get their own mappings, returned to
	 * the system when freed: a fixed threshold stops glibc raising it after
	 * the first large free, which left aborted uploads' memory in the
	 * threads' arenas (issue 25: 570 MB) */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* MHD's threads inherit this; we sigwait below */

	stream_db = o->db;
	if (store_pool_open(&pool, o->db, o->threads, &e)) {
		fprintf(stderr, "probity: %s\n", e.msg);
		return EXIT_STARTUP;
	}
	/* Each connection holds a descriptor: take the hard limit, and keep the
	 * connection limit under it (with room for the database and logs). */
	struct rlimit rl;
	unsigned max_conns = (unsigned)o->max_conns;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
		if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)max_conns + 64)
			max_conns = rl.rlim_cur > 128 ? (unsigned)rl.rlim_cur - 64 : 64;
	}
	anon_bodies_max = o->max_anon_bodies;
	anchor_now(pool); /* before the first request can be answered */
	/* one thread needs no pool (MHD warns about a pool of one) */
	struct MHD_OptionItem pool_opt[] = {
		{ o->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, o->threads, NULL },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG | MHD_USE_ITC, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		MHD_OPTION_ARRAY, pool_opt,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->conn_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)128 * 1024,
		MHD_OPTION_CONNECTION_LIMIT, max_conns,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->max_conns_per_ip,
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "probity: cannot start the HTTP server\n");
		store_pool_close(pool);
		return EXIT_STARTUP;
	}
	notify_systemd("READY=1\nSTATUS=serving");
	anchor_wait(pool, &set); /* until SIGTERM/SIGINT; anchors the access log meanwhile */
	notify_systemd("STOPPING=1");
	/* stop accepting without shutting the listening socket down: it is the
	 * supervisor's, and the next worker listens on it */
	MHD_quiesce_daemon(d);
	MHD_stop_daemon(d);
	store_pool_close(pool);
	pool = NULL;
	return 0;
}

/* ---- the supervisor ---- */

static volatile sig_atomic_t stop_signal;
static volatile pid_t worker_pid;

static void on_stop(int sig)
{
	stop_signal = sig;
	if (worker_pid > 0)
		kill(worker_pid, SIGTERM);
}

/* A listening socket on addr:port: the descriptor, or -1 with e set. */
static int listen_on(const char *addr, int port, int *bound_port, struct err *e)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	if (strcmp(addr, "localhost") == 0)
		addr = "127.0.0.1";
	if (inet_pton(AF_INET, addr, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		sl = sizeof *a4;
	} else if (inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		sl = sizeof *a6;
	} else {
		err_set(e, ERR_INPUT, "--bind %s: not an IPv4 or IPv6 address", addr);
		return -1;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err_set(e, ERR_IO, "socket: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, SOMAXCONN)) {
		int err = errno;
		close(fd);
		err_set(e, ERR_IO, "cannot listen on %s port %d: %s", addr, port, strerror(err));
		return -1;
	}
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
		*bound_port = ntohs(ss.ss_family == AF_INET ? a4->sin_port : a6->sin6_port);
	return fd;
}

int web_serve(const struct serve_options *o, struct err *e)
{
	struct store *st;
	if (store_open(&st, o->db, e)) /* creates and migrates it once, before any worker */
		return -1;
	int keyed = alog_start(st, e); /* the access log key is readable and the keyed chain begun */
	if (!keyed)
		keyed = brand_load(st, e); /* the force's name, logo and colour (web/brand.h) */
	store_close(st);
	if (keyed)
		return -1;
	/* held until exit (the worker inherits it): probity restore refuses
	 * to replace a database being served */
	int serving_lock = backup_serving_lock(o->db);
	(void)serving_lock;
	if (static_load(o->assets_root, e))
		return -1;
	brand_add_assets();
	int port = o->port;
	int fd = listen_on(o->bind, o->port, &port, e);
	if (fd < 0)
		return -1;

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	const char *host = strchr(o->bind, ':') ? "[::1]" : strcmp(o->bind, "0.0.0.0") == 0 ? "localhost" : o->bind;
	char shown[512];
	printf("Probity is serving %s on http://%s:%d/ (%d threads). Press Ctrl-C to stop.\n",
	       store_display_name(o->db, shown, sizeof shown),
	       strcmp(host, "127.0.0.1") == 0 ? "localhost" : host, port, o->threads);
	fflush(stdout);
	fflush(stderr);

	int rc = 0;
	time_t window = time(NULL);
	int restarts = 0;
	while (!stop_signal) {
		pid_t pid = fork();
		if (pid < 0) {
			rc = err_set(e, ERR_IO, "fork: %s", strerror(errno));
			break;
		}
		if (pid == 0) {
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			exit(worker(fd, o));
		}
		worker_pid = pid;
		if (stop_signal)
			kill(pid, SIGTERM);
		int status = 0;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		worker_pid = 0;
		/* only the supervisor's own SIGTERM/SIGINT stops the service: a worker
		 * that exits for any other reason (a stray SIGTERM to it, a clean exit,
		 * a crash) is restarted */
		if (stop_signal)
			break;
		if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_STARTUP) {
			rc = err_set(e, ERR_INTERNAL, "the server could not start");
			break;
		}
		if (WIFSIGNALED(status))
			fprintf(stderr, "probity: server process %d died of signal %d (%s); restarting\n", (int)pid,
			        WTERMSIG(status), strsignal(WTERMSIG(status)));
		else
			fprintf(stderr, "probity: server process %d exited with status %d; restarting\n", (int)pid,
			        WEXITSTATUS(status));
		/* a worker that dies at once, again and again, is restarted at most every second */
		if (time(NULL) - window > 10) {
			window = time(NULL);
			restarts = 0;
		}
		if (++restarts > 5)
			sleep(1);
	}
	close(fd);
	if (stop_signal && !rc)
		fprintf(stderr, "probity: stopped (signal %d)\n", (int)stop_signal);
	return rc ? -1 : 0;
}
