/* api.c — the API contract of api.h: the version prefix, the list
 * parameters, the one list envelope, null for missing values, the
 * deprecation headers of the old prefix, the OpenAPI document's route, and
 * the test suite's capture of every API response. */
#include "web/api.h"
#include "core/date.h"
#include "web/layout.h"
#include <ctype.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OPENAPI_URL "/api/openapi.json" /* its name in the compiled-in assets (scripts/embed-assets.sh) */

/* The API's lists (GET routes), and what "changed" means for each: the
 * latest of these values (dotted paths into an item; a date counts as its
 * whole day, UTC; a time is compared in UTC, as the API writes it). A list with no keys is worked out afresh on every request
 * (a count, a compliance check): every one of its items counts as changed,
 * so a client syncing with changed_since never misses one. Every other API
 * answer is a record or a report, not enveloped. docs/API.md and the OpenAPI
 * document repeat this table. */
static const struct {
	const char *route;
	const char *keys; /* space-separated; NULL: computed on request */
} lists[] = {
	{ "/api/accounts", "created_at" },
	{ "/api/gifts", "date_offered manager.at psd.at" },
	{ "/api/gifts/mine", "date_offered manager.at psd.at" },
	{ "/api/gifts/awaiting", "date_offered manager.at psd.at" },
	{ "/api/interests", "created_at" },
	{ "/api/interests/mine", "created_at" },
	{ "/api/associations", "declared_on" },
	{ "/api/associations/mine", "declared_on" },
	{ "/api/circumstances", "declared_on" },
	{ "/api/circumstances/mine", "declared_on" },
	{ "/api/air/rounds", NULL },
	{ "/api/air/team", "opens_on submitted_at signed_at" },
	{ "/api/air/rounds/{id}/overdue", "opens_on submitted_at signed_at" },
	{ "/api/vetting/applications", "received initial_done full_started decided" },
	{ "/api/vetting/compliance", NULL },
	{ "/api/training/mine", NULL },
	{ "/api/training/team", NULL },
	{ "/api/training/compliance", NULL },
	{ "/api/training/policies/people", NULL },
	{ "/api/intel/items", "received closed" },
	{ "/api/audit/alerts", "created_at first_ts" },
	{ "/api/inspections", "published response_published_at" },
	{ "/api/findings", "status_at latest_update.date" },
	{ "/api/procurement/flags", "award_date record_date review.reviewed_at" },
	{ "/api/procurement/contracts", "created_at" },
	{ "/api/ethics/dilemmas", "raised_on advised_on" },
	{ "/api/ethics/mine", "raised_on advised_on" },
	{ "/api/ethics/panel", "raised_on advised_on" },
	{ "/api/ethics/force", "advised_on done_on" },
	{ "/api/ethics/cases", "published_on" },
	{ "/api/notifications", "since" },
	{ "/api/reviews", "updated_at published_at further_done_on" },
	{ "/api/risk/meetings", "held_on" },
	{ "/api/useofforce/samples", NULL },
	{ "/api/stopsearch/samples", NULL },
	{ "/api/audit/trail", "ts" },
	{ "/api/gifts/team", "date_offered manager.at psd.at" },
	{ "/api/people/{id}/gifts", "date_offered manager.at psd.at" },
	{ "/api/interests/awaiting", "created_at" },
	{ "/api/interests/team", "created_at" },
	{ "/api/interests/reviews", "created_at" },
	{ "/api/people/{id}/interests", "created_at" },
	{ "/api/vetting/tasks", "created_at closed_at" },
	{ "/api/vetting/leavers", "left_on notified_on" },
	{ "/api/intel/reports", NULL },
	{ "/api/audit/referrals", "created_at" },
	{ "/api/ethics/meetings", "held_on" },
	{ "/api/ethics/members", NULL },
	{ "/api/training/units", NULL },
	{ "/api/training/policies", NULL },
	{ "/api/audit/countersign", "proposed_at" },
	{ "/api/vetting/timeliness", NULL },
	{ "/api/complaints/rprp-due", NULL },
	{ "/api/complaints/repeat-subjects", NULL },
};

void api_version_path(struct req *rq)
{
	if (!rq->path || strncmp(rq->path, "/api/v1", 7) != 0 || (rq->path[7] != '/' && rq->path[7] != 0))
		return;
	/* "/api/v1/x" -> "/api/x"; "/api/v1" -> "/api" */
	memmove(rq->path + 4, rq->path + 7, strlen(rq->path + 7) + 1);
	rq->api_v1 = 1;
}

static int whole_number(const char *s, long max, long *out)
{
	if (!s || !*s || strlen(s) > 9)
		return -1;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	long v = strtol(s, NULL, 10);
	if (v < 1 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* changed_since as UTC "YYYY-MM-DDTHH:MM:SSZ": a date (its start, UTC) or
 * an ISO 8601 time with seconds optional and an offset (Z or +hh:mm). */
static int parse_since(const char *s, char out[21])
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	char day[11];
	memcpy(day, s, 10);
	day[10] = 0;
	if (!date_valid(day))
		return -1;
	const char *p = s + 10;
	long offset = 0;
	if (*p) {
		if (*p != 'T' && *p != 't')
			return -1;
		p++;
		if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) || p[2] != ':' ||
		    !isdigit((unsigned char)p[3]) || !isdigit((unsigned char)p[4]))
			return -1;
		h = (p[0] - '0') * 10 + (p[1] - '0');
		mi = (p[3] - '0') * 10 + (p[4] - '0');
		p += 5;
		if (p[0] == ':') {
			if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
				return -1;
			sec = (p[1] - '0') * 10 + (p[2] - '0');
			p += 3;
			if (*p == '.')
				for (p++; isdigit((unsigned char)*p); p++)
					;
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
		           p[3] == ':' && isdigit((unsigned char)p[4]) && isdigit((unsigned char)p[5])) {
			long oh = (p[1] - '0') * 10 + (p[2] - '0'), om = (p[4] - '0') * 10 + (p[5] - '0');
			if (oh > 23 || om > 59)
				return -1;
			offset = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
			p += 6;
		} else {
			return -1; /* a time without an offset is ambiguous */
		}
		if (*p)
			return -1;
	}
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi,
		         .tm_sec = sec > 59 ? 59 : sec };
	time_t t = timegm(&tm) - offset;
	struct tm u;
	if (!gmtime_r(&t, &u))
		return -1;
	return strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &u) == 20 ? 0 : -1;
}

static int bad_param(struct resp *rs, const char *field, const char *msg)
{
	resp_release(rs);
	resp_init(rs);
	resp_json_error_field(rs, 400, msg, field);
	return 1;
}

int api_admit(struct req *rq, struct resp *rs)
{
	if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0)
		return 0;
	long v;
	const char *s = req_query(rq, "page");
	if (s && whole_number(s, 1000000, &v))
		return bad_param(rs, "page", "page must be a whole number from 1");
	s = req_query(rq, "per_page");
	if (s && whole_number(s, API_PER_PAGE_MAX, &v))
		return bad_param(rs, "per_page", "per_page must be a whole number from 1 to 500");
	s = req_query(rq, "changed_since");
	if (s) {
		if (parse_since(s, rq->api_since))
			return bad_param(rs, "changed_since",
			                 "changed_since must be a date (YYYY-MM-DD) or a time with its offset "
			                 "(YYYY-MM-DDTHH:MM:SSZ or +01:00)");
		rq->api_whole = 1;
	}
	return 0;
}

/* ---- after the handler ---- */

/* rq's entry in lists[], or -1 when its route is not a list. */
static int list_index(const struct req *rq)
{
	if (!rq->route || strcmp(rq->route->method, "GET") != 0)
		return -1;
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (strcmp(lists[i].route, rq->route->pattern) == 0)
			return (int)i;
	return -1;
}

static json_t *dotted(json_t *o, const char *key, size_t n)
{
	char k[64];
	while (o && n) {
		const char *dot = memchr(key, '.', n);
		size_t m = dot ? (size_t)(dot - key) : n;
		if (m >= sizeof k)
			return NULL;
		memcpy(k, key, m);
		k[m] = 0;
		o = json_is_object(o) ? json_object_get(o, k) : NULL;
		if (!dot)
			break;
		key = dot + 1;
		n -= m + 1;
	}
	return o;
}

/* 1 when item changed at or after since (by keys), or keys is NULL. */
static int changed(json_t *item, const char *keys, const char *since)
{
	if (!keys)
		return 1;
	for (const char *k = keys; *k;) {
		size_t n = strcspn(k, " ");
		const char *v = json_string_value(dotted(item, k, n));
		if (v && strlen(v) >= 10) {
			if (strlen(v) == 10 ? strncmp(v, since, 10) >= 0 : strncmp(v, since, 19) >= 0)
				return 1;
		}
		k += n;
		while (*k == ' ')
			k++;
	}
	return 0;
}

/* "" becomes null, everywhere in j. */
static void nulls(json_t *j)
{
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v) {
			if (json_is_string(v) && json_string_length(v) == 0)
				json_object_set_new(j, k, json_null());
			else
				nulls(v);
		}
	} else if (json_is_array(j)) {
		for (size_t i = 0; i < json_array_size(j); i++) {
			json_t *v = json_array_get(j, i);
			if (json_is_string(v) && json_string_length(v) == 0)
				json_array_set_new(j, i, json_null());
			else
				nulls(v);
		}
	}
}

static long query_long(const struct req *rq, const char *k, long dflt)
{
	long v;
	return whole_number(req_query(rq, k), 1000000, &v) ? dflt : v;
}

/* The envelope for list (a bare array, or an object with "items"); takes
 * nothing, returns a new object. */
static json_t *envelope(const struct req *rq, json_t *root)
{
	json_t *obj = json_is_object(root) ? root : NULL;
	json_t *items = obj ? json_object_get(obj, "items") : root;
	int paged = obj && json_object_get(obj, "page") && !rq->api_whole;
	long page = query_long(rq, "page", 1), per_page = query_long(rq, "per_page", API_PER_PAGE_DEFAULT), total;
	json_t *out = json_object(), *kept;
	if (paged) {
		json_t *t = json_object_get(obj, "total"), *pp = json_object_get(obj, "per_page"),
		       *pg = json_object_get(obj, "page");
		total = json_is_integer(t) ? (long)json_integer_value(t) : (long)json_array_size(items);
		if (json_is_integer(pp))
			per_page = (long)json_integer_value(pp);
		if (json_is_integer(pg))
			page = (long)json_integer_value(pg);
		kept = json_incref(items);
	} else {
		const char *keys = lists[list_index(rq)].keys;
		json_t *all = json_array();
		for (size_t i = 0; i < json_array_size(items); i++) {
			json_t *it = json_array_get(items, i);
			if (!rq->api_since[0] || changed(it, keys, rq->api_since))
				json_array_append(all, it);
		}
		total = (long)json_array_size(all);
		kept = json_array();
		for (long i = (page - 1) * per_page; i < total && i < page * per_page; i++)
			json_array_append(kept, json_array_get(all, (size_t)i));
		json_decref(all);
	}
	json_object_set_new(out, "items", kept);
	json_object_set_new(out, "total", json_integer(total));
	json_object_set_new(out, "page", json_integer(page));
	json_object_set_new(out, "per_page", json_integer(per_page));
	if ((long long)page * per_page < total) {
		char n[24];
		snprintf(n, sizeof n, "%ld", page + 1);
		struct buf u = BUF_INIT;
		buf_init(&u, 16384);
		url_with(&u, rq, "page", n, NULL);
		struct buf v1 = BUF_INIT;
		buf_init(&v1, 16384);
		buf_adds(&v1, "/api/v1");
		buf_adds(&v1, buf_str(&u) + 4); /* url_with starts with rq->path, "/api/..." */
		json_object_set_new(out, "next", u.oom || v1.oom ? json_null() : json_string(buf_str(&v1)));
		buf_release(&u);
		buf_release(&v1);
	} else {
		json_object_set_new(out, "next", json_null());
	}
	if (obj) {
		const char *k;
		json_t *v;
		json_object_foreach(obj, k, v) {
			if (strcmp(k, "items") && strcmp(k, "total") && strcmp(k, "page") && strcmp(k, "per_page") &&
			    strcmp(k, "next"))
				json_object_set(out, k, v);
		}
	}
	return out;
}


static int add_to_buf(const char *p, size_t n, void *b) { return buf_add(b, p, n); }

int api_write(const struct req *rq, int status, json_t *root, struct buf *out)
{
	size_t flags = JSON_COMPACT | JSON_ENSURE_ASCII;
	if (rq && status == 200) {
		if (list_index(rq) >= 0 &&
		    (json_is_array(root) || (json_is_object(root) && json_is_array(json_object_get(root, "items"))))) {
			json_t *env = envelope(rq, root);
			json_decref(root);
			root = env;
		}
		nulls(root);
		flags |= JSON_REAL_PRECISION(15);
	}
	int r = root && !json_dump_callback(root, add_to_buf, out, flags) && !buf_addc(out, '\n') ? 0 : -1;
	json_decref(root);
	return r;
}

void api_finish(const struct req *rq, struct resp *rs)
{
	if (!rq->api_v1) {
		struct buf u = BUF_INIT, link = BUF_INIT;
		buf_init(&u, 16384);
		buf_init(&link, 16400);
		url_with(&u, rq, NULL, NULL, NULL);
		buf_adds(&link, "</api/v1");
		buf_adds(&link, buf_str(&u) + (u.n >= 4 ? 4 : u.n));
		buf_adds(&link, ">; rel=\"successor-version\"");
		resp_header(rs, "Deprecation", "true");
		if (!link.oom)
			resp_header(rs, "Link", buf_str(&link));
		buf_release(&u);
		buf_release(&link);
	}
	if (rs->api_done || rs->static_body || rs->status != 200 || !rs->ctype ||
	    strncmp(rs->ctype, "application/json", 16) != 0)
		return;
	/* a body written otherwise than by resp_json or api_write: read back */
	json_error_t je;
	json_t *root = json_loadb(rs->body.p ? rs->body.p : "", rs->body.n, 0, &je);
	if (!root)
		return; /* not ours to mend; the contract test reports it */
	struct buf b = BUF_INIT;
	buf_init(&b, rs->body.max);
	if (!api_write(rq, 200, root, &b)) {
		buf_release(&rs->body);
		rs->body = b;
	} else {
		buf_release(&b);
	}
}

void api_capture(const struct req *rq, const struct resp *rs)
{
	static atomic_uint seq;
	const char *dir = getenv("PROBITY_API_CAPTURE");
	if (!dir || !*dir)
		return;
	const char *body = rs->static_body ? rs->static_body : rs->body.p ? rs->body.p : "";
	size_t n = rs->static_body ? rs->static_len : rs->body.n;
	json_t *j = json_pack("{s:s, s:s, s:s?, s:b, s:i, s:s, s:s%}", "method", rq->method, "path",
	                      rq->path ? rq->path : "", "route", rq->route ? rq->route->pattern : NULL, "v1", rq->api_v1,
	                      "status", rs->status, "ctype", rs->ctype ? rs->ctype : "", "body", body, n);
	char path[4096];
	/* a name no other server of the suite can take (pids repeat across tests) */
	snprintf(path, sizeof path, "%s/%u-XXXXXX.json", dir, atomic_fetch_add(&seq, 1));
	int fd = j ? mkstemps(path, 5) : -1;
	if (!j || fd < 0 || json_dumpfd(j, fd, JSON_COMPACT) != 0)
		fprintf(stderr, "probity: PROBITY_API_CAPTURE: cannot write %s: %s\n", path, j ? strerror(errno) : "no JSON");
	if (fd >= 0)
		close(fd);
	json_decref(j);
}

/* ---- the OpenAPI document (src/web/openapi.json, compiled in) ---- */

static int api_openapi(struct req *rq, struct resp *rs)
{
	(void)rq;
	for (size_t i = 0; i < embedded_assets_count; i++) {
		const struct embedded_asset *a = &embedded_assets[i];
		if (strcmp(a->url, OPENAPI_URL) == 0) {
			rs->status = 200;
			rs->ctype = "application/json";
			rs->static_body = a->data;
			rs->static_len = (size_t)(a->end - a->data);
			return 0;
		}
	}
	return -1;
}

const struct route api_routes[] = {
	{ "GET", "/api/openapi.json", api_openapi, ACCESS_API, 0 },
};
ROUTES_END(api);
