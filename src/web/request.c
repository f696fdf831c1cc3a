/* request.c — the accessors of struct req and the fillers of struct resp.
 * Kept apart from server.c so handlers and unit tests use them without a
 * running libmicrohttpd. */
#include "web/http.h"
#include "web/errmap.h"
#include "web/api.h"
#include <arpa/inet.h>
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RESP_BODY_MAX ((size_t)64 << 20)

void req_init(struct req *rq, const char *method, const char *path)
{
	memset(rq, 0, sizeof *rq);
	rq->method = method;
	rq->path = xstrdup(path ? path : "/");
	rq->raw_query = "";
	rq->body = "";
}

void req_release(struct req *rq)
{
	free(rq->path);
	rq->path = NULL;
	kvlist_release(&rq->query);
	kvlist_release(&rq->form);
	kvlist_release(&rq->cookies);
	kvlist_release(&rq->headers);
}

const char *req_query(const struct req *rq, const char *k)
{
	return kvlist_get(&rq->query, k);
}

const char *req_form(const struct req *rq, const char *k)
{
	return kvlist_get(&rq->form, k);
}

const struct upload *req_file(const struct req *rq, const char *k)
{
	for (size_t i = 0; i < rq->nfiles; i++)
		if (strcmp(rq->files[i].name, k) == 0)
			return rq->files[i].len || rq->files[i].filename[0] ? &rq->files[i] : NULL;
	return NULL;
}

const char *req_header(const struct req *rq, const char *name)
{
	return kvlist_get_ci(&rq->headers, name);
}

const char *req_cookie(const struct req *rq, const char *name)
{
	return kvlist_get(&rq->cookies, name);
}

const char *req_param(const struct req *rq, const char *name)
{
	for (int i = 0; i < rq->nparams; i++)
		if (strcmp(rq->params[i].name, name) == 0)
			return rq->params[i].value;
	return NULL;
}

int64_t req_id(const struct req *rq, const char *name)
{
	const char *s = req_param(rq, name);
	if (!s || !*s)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end || v <= 0 ? 0 : (int64_t)v;
}

int req_page(const struct req *rq)
{
	const char *s = req_query(rq, "page");
	if (!s || !*s)
		return 1;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < 1 || v > 1000000 || rq->api_whole)
		return 1;
	return (int)v;
}

int req_is_api(const struct req *rq)
{
	return rq->path && (strncmp(rq->path, "/api/", 5) == 0 || strcmp(rq->path, "/api") == 0);
}

void resp_init(struct resp *rs)
{
	memset(rs, 0, sizeof *rs);
	rs->status = 200;
	rs->ctype = "text/html; charset=utf-8";
	buf_init(&rs->body, RESP_BODY_MAX);
}

void resp_release(struct resp *rs)
{
	buf_release(&rs->body);
	kvlist_release(&rs->headers);
}

int resp_header(struct resp *rs, const char *name, const char *value)
{
	if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
		return -1;
	return kvlist_add(&rs->headers, name, strlen(name), value, strlen(value));
}

void resp_redirect(struct resp *rs, const char *location)
{
	rs->status = 303;
	buf_reset(&rs->body);
	rs->ctype = "text/plain; charset=utf-8";
	if (resp_header(rs, "Location", location))
		resp_header(rs, "Location", "/");
}

void resp_json(struct resp *rs, int status, json_t *j)
{
	buf_reset(&rs->body);
	rs->ctype = "application/json";
	rs->api_done = 0;
	int r = api_write(rs->api, status, j, &rs->body);
	if (r) {
		rs->status = 500;
		buf_reset(&rs->body);
		buf_adds(&rs->body, "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\",\"field\":null}}");
		return;
	}
	rs->status = status;
	rs->api_done = rs->api != NULL;
}

void resp_json_error(struct resp *rs, int status, const char *msg)
{
	resp_json_error_field(rs, status, msg, NULL);
}

void resp_json_error_field(struct resp *rs, int status, const char *msg, const char *field)
{
	resp_json(rs, status, json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", err_http_code(status), "message", msg,
	                                "field", field && *field ? field : NULL));
}

void resp_text(struct resp *rs, int status, const char *text)
{
	rs->status = status;
	rs->ctype = "text/plain; charset=utf-8";
	buf_reset(&rs->body);
	buf_adds(&rs->body, text);
}

void resp_session_cookie(struct resp *rs, const char *token)
{
	char v[256];
	if (token)
		snprintf(v, sizeof v, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", SESSION_COOKIE, token,
		         web_cfg.secure_cookies ? "; Secure" : "");
	else
		snprintf(v, sizeof v, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", SESSION_COOKIE,
		         web_cfg.secure_cookies ? "; Secure" : "");
	resp_header(rs, "Set-Cookie", v);
}

/* Canonical text of an IPv4/IPv6 address into out; 0, or -1 when s is not one. */
static int canon_addr(const char *s, size_t len, char *out, size_t n)
{
	char tmp[64];
	unsigned char bin[16];
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof tmp)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = 0;
	if (inet_pton(AF_INET, tmp, bin) == 1)
		return inet_ntop(AF_INET, bin, out, (socklen_t)n) ? 0 : -1;
	if (inet_pton(AF_INET6, tmp, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, (socklen_t)n) ? 0 : -1;
	return -1;
}

static int is_trusted(const char *addr, const char *trusted)
{
	const char *p = trusted ? trusted : "";
	char one[64];
	while (*p) {
		p += strspn(p, ", ");
		size_t len = strcspn(p, ", ");
		if (len && canon_addr(p, len, one, sizeof one) == 0 && strcmp(one, addr) == 0)
			return 1;
		p += len;
	}
	return 0;
}

void forwarded_client(const char *peer, const char *xff, const char *trusted, char *out, size_t n)
{
	char cur[64];
	snprintf(out, n, "%s", peer);
	if (canon_addr(peer, strlen(peer), cur, sizeof cur) || !is_trusted(cur, trusted) || !xff)
		return;
	/* from the right: each hop a trusted proxy appended */
	size_t end = strlen(xff);
	while (end > 0) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		char addr[64];
		if (canon_addr(xff + start, end - start, addr, sizeof addr))
			return;
		snprintf(out, n, "%s", addr);
		if (!is_trusted(addr, trusted))
			return;
		end = start ? start - 1 : 0;
	}
}
