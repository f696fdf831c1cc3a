/* api.h — the JSON API's contract, enforced in one place (as errmap.h is the
 * one map of failures), so every route under /api/ answers alike whatever
 * its handler wrote. The contract is written down in src/web/openapi.json
 * (served at /api/v1/openapi.json) and docs/API.md:
 *   - /api/v1/... is the API; /api/... is the same API under its old name,
 *     answered with "Deprecation: true" and a Link to the /api/v1 path;
 *   - every list is {"items", "total", "page", "per_page", "next"}: page
 *     from 1, per_page 1..API_PER_PAGE_MAX (default API_PER_PAGE_DEFAULT;
 *     outside: 400), next the /api/v1 URL of the next page or null;
 *   - changed_since (YYYY-MM-DD or an ISO 8601 time with offset) on every
 *     list keeps the items whose change time (api.c's table, per list) is at
 *     or after it;
 *   - a missing value is null, never ""; numbers are written with at most 15
 *     significant digits (no 17-digit floats);
 *   - every failure is {"error": {"code", "message", "field"}}.
 * Handlers keep writing their JSON with resp_json, which applies this as it
 * writes (api_write), once. A route is a list when api.c's
 * table names it (with its change time); its handler answers a bare array or
 * an object with "items" (extra keys are kept), paged by the domain (the
 * object then has "page") or whole (paged here). */
#ifndef PROBITY_API_H
#define PROBITY_API_H

#include "web/http.h"

#define API_PER_PAGE_MAX 500
#define API_PER_PAGE_DEFAULT 50

/* Called on a freshly decoded path: "/api/v1/..." becomes "/api/..." (the
 * routes' names) with rq->api_v1 set. */
void api_version_path(struct req *rq);
/* Check the list parameters of an API request (page, per_page,
 * changed_since) before its handler runs: 1 when rs holds the 400 answer,
 * else 0. With changed_since the handler is asked for the whole list
 * (rq->api_whole: regpage_per_page gives -1, req_page 1). */
int api_admit(struct req *rq, struct resp *rs);
/* After the handler, for any response under /api/: a request by the old
 * name gets the Deprecation and Link headers, and a JSON body not already
 * written by api_write (rs->api_done) is read back and rewritten by it. */
void api_finish(const struct req *rq, struct resp *rs);
/* Append j (taken; NULL fails) to out as the answer to rq with status,
 * newline-ended: for a 200 under /api/ in its final form (the list
 * envelope, "" as null), written once, straight from the tree; otherwise
 * (rq NULL, another status) as it is. 0, or -1 when it could not be written.
 * resp_json writes an API answer through it; a handler writing its own
 * body (a cached fragment) does too and sets rs->api_done. */
int api_write(const struct req *rq, int status, json_t *j, struct buf *out);
/* When the environment names a directory in PROBITY_API_CAPTURE (the test
 * suite's contract check, tests/api/validate.mjs), write the route, method,
 * status, content type and body of this API response there, one JSON file
 * each. Does nothing otherwise. */
void api_capture(const struct req *rq, const struct resp *rs);

#endif
