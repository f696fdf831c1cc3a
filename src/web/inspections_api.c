/* inspections_api.c — the inspections JSON API (M11): /api/inspections and
 * /api/findings, each a list and an item, under the same need-to-know rules
 * as the pages (src/domain/inspections.c decides; these handlers translate
 * records to JSON). See docs/API.md. */
#include "core/xalloc.h"
#include "domain/inspections.h"
#include "web/inspections_pages.h"
#include "web/layout.h"
#include "web/regpage.h"
#include <stdlib.h>
#include <string.h>

#define PER_PAGE INSPECTIONS_PER_PAGE

/* ---- JSON API ---- */

static json_t *inspection_json(const struct inspection *in)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:s, s:I, s:I}", "id",
	                 (json_int_t)in->id, "title", in->title, "inspectorate", in->inspectorate, "kind", in->kind,
	                 "fieldwork_from", in->fieldwork_from, "fieldwork_to", in->fieldwork_to, "published", in->published,
	                 "grade", in->grade, "comments_due", in->deadline, "response_deadline", in->deadline,
	                 "days_left", (json_int_t)in->days_left,
	                 "response_published", in->response_published, "response_published_at",
	                 in->response_published_at, "findings", (json_int_t)in->findings, "findings_open",
	                 (json_int_t)in->findings_open);
}

static json_t *finding_json(const struct finding *f)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:b, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}}",
	                      "id", (json_int_t)f->id, "inspection_id", (json_int_t)f->inspection_id, "inspection",
	                      f->inspection, "kind", f->kind, "national", f->national, "reference", f->reference, "text",
	                      f->text, "pillar", f->pillar, "owner", "office", f->owner_post, "unit", f->owner_unit,
	                      "due", f->due, "status", f->status, "status_at", f->status_at, "caveat", f->caveat,
	                      "revisit", f->revisit, "latest_update", "date", f->last_update_date, "text", f->last_update);
	if (j && f->owner_name[0]) /* only for those who see staff names */
		json_object_set_new(json_object_get(j, "owner"), "name", json_string(f->owner_name));
	return j;
}

static int json_insp(void *ctx, const struct inspection *in)
{
	json_array_append_new(ctx, inspection_json(in));
	return 0;
}

static int json_finding(void *ctx, const struct finding *f)
{
	json_array_append_new(ctx, finding_json(f));
	return 0;
}

static int api_error(struct resp *rs, const struct err *e)
{
	return api_fail(NULL, rs, e);
}

static int api_inspections(struct req *rq, struct resp *rs)
{
	json_t *items = json_array();
	struct err e = { 0 };
	long total = 0;
	int page = req_page(rq), per_page = regpage_per_page(rq, PER_PAGE);
	struct inspection_filter f = { req_query(rq, "q"), req_query(rq, "kind"), req_query(rq, "sort"), page,
	                               per_page };
	if (inspections_list(rq->store, rq->actor, &f, json_insp, items, &total, &e)) {
		json_decref(items);
		return api_error(rs, &e);
	}
	resp_json(rs, 200, regpage_json_page(total, page, per_page, items));
	return 0;
}

static int json_judgment(void *ctx, const struct judgment *j)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:s, s:b}", "pillar", j->pillar, "question", j->question,
	                                     "scale", j->scale, "grade", j->grade, "carried_over", j->carried_over));
	return 0;
}

static int api_inspection(struct req *rq, struct resp *rs)
{
	struct inspection *in = xmalloc(sizeof *in);
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	json_t *judg = json_array(), *finds = json_array();
	long total;
	struct finding_filter ff = { .inspection_id = id, .per_page = -1 };
	if (inspection_get(rq->store, rq->actor, id, in, &e) ||
	    judgments_list(rq->store, rq->actor, id, json_judgment, judg, &e) ||
	    findings_list(rq->store, rq->actor, &ff, json_finding, finds, &total, &e)) {
		free(in);
		json_decref(judg);
		json_decref(finds);
		return api_error(rs, &e);
	}
	json_t *j = inspection_json(in);
	json_object_set_new(j, "summary", json_string(in->summary));
	json_object_set_new(j, "judgments", judg);
	json_object_set_new(j, "findings", finds);
	free(in);
	resp_json(rs, 200, j);
	return 0;
}

static int api_findings(struct req *rq, struct resp *rs)
{
	struct finding_filter f;
	findings_read_filter(rq, &f);
	f.per_page = regpage_per_page(rq, f.per_page);
	const char *insp = req_query(rq, "inspection");
	f.inspection_id = insp ? strtoll(insp, NULL, 10) : 0;
	json_t *items = json_array();
	struct err e = { 0 };
	long total = 0;
	if (findings_list(rq->store, rq->actor, &f, json_finding, items, &total, &e)) {
		json_decref(items);
		return api_error(rs, &e);
	}
	resp_json(rs, 200, regpage_json_page(total, f.page, f.per_page, items));
	return 0;
}

static int json_history(void *ctx, const struct status_change *c)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "status", c->status, "at", c->at,
	                      "note", c->note, "evidence", c->evidence, "board", c->board, "board_date", c->board_date,
	                      "caveat", c->caveat, "rationale", c->rationale, "risk_accepted", c->risk_accepted, "revisit",
	                      c->revisit);
	if (j && c->by[0])
		json_object_set_new(j, "by", json_string(c->by));
	json_array_append_new(ctx, j);
	return 0;
}

static int json_update(void *ctx, const struct finding_update *u)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "date", u->date, "text", u->text, "link", u->link);
	if (j && u->by[0])
		json_object_set_new(j, "by", json_string(u->by));
	json_array_append_new(ctx, j);
	return 0;
}

static int api_finding(struct req *rq, struct resp *rs)
{
	struct finding *f = xmalloc(sizeof *f);
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	json_t *hist = json_array(), *upd = json_array();
	if (finding_get(rq->store, rq->actor, id, f, &e) ||
	    finding_history(rq->store, rq->actor, id, json_history, hist, &e) ||
	    finding_updates(rq->store, rq->actor, id, json_update, upd, &e)) {
		free(f);
		json_decref(hist);
		json_decref(upd);
		return api_error(rs, &e);
	}
	json_t *j = finding_json(f);
	json_object_set_new(j, "history", hist);
	json_object_set_new(j, "updates", upd);
	free(f);
	resp_json(rs, 200, j);
	return 0;
}

const struct route inspections_api_routes[] = {
	{ "GET", "/api/inspections", api_inspections, ACCESS_API, INSP_READ },
	{ "GET", "/api/inspections/{id}", api_inspection, ACCESS_API, INSP_READ },
	{ "GET", "/api/findings", api_findings, ACCESS_API, INSP_READ },
	{ "GET", "/api/findings/{id}", api_finding, ACCESS_API, INSP_READ },
};
ROUTES_END(inspections_api);
