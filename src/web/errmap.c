/* errmap.c — the table behind errmap.h: err code -> HTTP status, whether the
 * message may be shown, and the word logged for an internal failure. */
#include "web/errmap.h"
#include "web/layout.h"
#include <stdio.h>

static const struct {
	int status;
	int internal;     /* log the detail, tell the user "internal error" */
	const char *what; /* for the log line */
} map[] = {
	[ERR_OK] = { 500, 1, "failure without a code" },
	[ERR_INPUT] = { 400, 0, "input" },
	[ERR_NOTFOUND] = { 404, 0, "not found" },
	[ERR_DENIED] = { 403, 0, "denied" },
	[ERR_CONFLICT] = { 409, 0, "conflict" },
	[ERR_DB] = { 500, 1, "storage error" },
	[ERR_IO] = { 500, 1, "i/o error" },
	[ERR_NOMEM] = { 500, 1, "out of memory" },
	[ERR_INTERNAL] = { 500, 1, "internal error" },
	[ERR_BUSY] = { 503, 1, "database busy" },
	[ERR_FULL] = { 503, 1, "disk full" },
};

static int known(int code)
{
	return code >= 0 && (size_t)code < sizeof map / sizeof map[0];
}

int err_http_status(int code)
{
	return known(code) ? map[code].status : 500;
}

const char *err_http_code(int status)
{
	switch (status) {
	case 400:
	case 422: return "invalid";
	case 401: return "unauthenticated";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413:
	case 414:
	case 431: return "too_large";
	case 503: return "unavailable";
	default: return "internal";
	}
}

int err_is_internal(int code)
{
	return known(code) ? map[code].internal : 1;
}

const char *err_public_msg(const struct err *e)
{
	if (e->code == ERR_BUSY)
		return "busy: try again in a few seconds";
	if (e->code == ERR_FULL)
		return "service unavailable";
	if (err_is_internal(e->code))
		return "internal error";
	return e->msg[0] ? e->msg : "refused";
}

void err_log(const struct req *rq, const struct err *e)
{
	if (!err_is_internal(e->code))
		return;
	fprintf(stderr, "probity: %s %s: %s (code %d): %s (request %s)\n", rq && rq->method ? rq->method : "-",
	        rq && rq->path ? rq->path : "-", known(e->code) ? map[e->code].what : "unknown error", e->code,
	        e->msg, rq && rq->request_id[0] ? rq->request_id : "-");
}

int page_fail(const struct req *rq, struct resp *rs, const struct err *e)
{
	if (req_is_api(rq))
		return api_fail(rq, rs, e);
	err_log(rq, e);
	if (e->code == ERR_FULL)
		server_note_disk_full();
	page_error(rq, rs, e->code == ERR_FULL ? 507 : err_http_status(e->code));
	return 0;
}

int api_fail(const struct req *rq, struct resp *rs, const struct err *e)
{
	err_log(rq, e);
	if (e->code == ERR_FULL)
		server_note_disk_full();
	resp_release(rs);
	resp_init(rs);
	resp_json_error_field(rs, err_http_status(e->code), err_public_msg(e),
	                      err_is_internal(e->code) ? NULL : e->field);
	if (err_http_status(e->code) == 503)
		resp_header(rs, "Retry-After", HTTP_RETRY_AFTER);
	return 0;
}
