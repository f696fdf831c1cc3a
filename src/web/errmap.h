/* errmap.h — the one map from a struct err to what the user is told, as
 * curl's curl_easy_strerror is one place. A refusal or an input error keeps
 * its own message (the domain wrote it for the user); a storage or internal
 * failure (ERR_DB, ERR_IO, ERR_NOMEM, ERR_INTERNAL, or no code at all) is
 * logged with its detail on stderr and answered "internal error" — its
 * message (SQL text, file paths) never reaches a page or an API client.
 * Every handler answers a domain failure with page_fail or api_fail. */
#ifndef PROBITY_ERRMAP_H
#define PROBITY_ERRMAP_H

#include "core/err.h"
#include "web/http.h"

/* The HTTP status for an err code: 400 input, 403 denied, 404 not found,
 * 409 conflict, 500 for everything else. */
int err_http_status(int code);
/* The API's word for an HTTP status, the "code" of its error object:
 * invalid (400, 422), unauthenticated (401), forbidden (403), not_found (404),
 * method_not_allowed (405), conflict (409), too_large (413, 414, 431),
 * internal (500 and anything else). */
const char *err_http_code(int status);
/* 1 when code is a storage or internal failure whose message is not shown. */
int err_is_internal(int code);
/* What a user may read about e: e->msg for a refusal or an input error,
 * "internal error" otherwise. Borrowed; lives as long as e. */
const char *err_public_msg(const struct err *e);
/* Write one line to stderr with the detail of an internal failure
 * ("probity: GET /api/gifts: storage error: ..."); rq may be NULL. Does
 * nothing for a refusal or an input error. */
void err_log(const struct req *rq, const struct err *e);

/* Answer rq with e, replacing whatever rs held: the error page for its
 * status (a JSON {"error"} under /api/), after err_log. Returns 0 (the
 * request is answered), so a handler ends `return page_fail(rq, rs, &e);`. */
int page_fail(const struct req *rq, struct resp *rs, const struct err *e);
/* As page_fail, always as JSON {"error": {"code": err_http_code(status),
 * "message": err_public_msg(e), "field": e->field or null}}; rq may be NULL
 * (the log line then lacks the path). */
int api_fail(const struct req *rq, struct resp *rs, const struct err *e);

#endif
