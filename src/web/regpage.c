/* regpage.c — helpers shared by the registers' and AIR pages. */
#include "web/regpage.h"
#include "web/layout.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/people.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void regpage_submit_key(const struct req *rq, char key[65])
{
	const char *k = req_form(rq, "submit_key");
	if (k && strlen(k) == 64 && strspn(k, "0123456789abcdef") == 64) {
		snprintf(key, 65, "%s", k);
		return;
	}
	unsigned char r[32];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(key, 65, r, sizeof r);
}

int regpage_error(struct req *rq, struct resp *rs, const struct err *e)
{
	return page_fail(rq, rs, e);
}

void regpage_export_link(struct html *h, const struct req *rq, const char *path, const char *text)
{
	struct buf q;
	buf_init(&q, 0);
	url_with(&q, rq, "page", NULL, NULL);
	const char *s = buf_str(&q), *qm = strchr(s, '?');
	html_f(h, "<a class=\"govuk-link\" href=\"%a%a\">%s</a>", path, qm ? qm : "", text);
	buf_release(&q);
}

void regpage_count_exports(struct html *h, const struct req *rq, long total, const char *noun, const char *path)
{
	char csv[128], xlsx[128];
	snprintf(csv, sizeof csv, "%s.csv", path);
	snprintf(xlsx, sizeof xlsx, "%s.xlsx", path);
	html_f(h, "<p class=\"govuk-body\"><strong>%ld</strong> %s%s match. Download: ", total, noun, total == 1 ? "" : "s");
	regpage_export_link(h, rq, csv, "CSV");
	html_f(h, " or ");
	regpage_export_link(h, rq, xlsx, "Excel (XLSX)");
	html_f(h, "</p>");
}

void regpage_download(struct resp *rs, const char *ctype, const char *stem, const char *ext)
{
	rs->ctype = ctype;
	char cd[160], today[11];
	date_today(today);
	snprintf(cd, sizeof cd, "attachment; filename=\"%s-%s.%s\"", stem, today, ext);
	resp_header(rs, "Content-Disposition", cd);
}

void regpage_export_download(struct resp *rs, const char *stem, int xlsx)
{
	if (xlsx)
		regpage_download(rs, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stem, "xlsx");
	else
		regpage_download(rs, "text/csv; charset=utf-8", stem, "csv");
}

json_t *regpage_json_page(long total, int page, int per_page, json_t *items)
{
	return json_pack("{s:I, s:i, s:i, s:o}", "total", (json_int_t)total, "page", page, "per_page", per_page, "items",
	                 items);
}

int regpage_per_page(const struct req *rq, int dflt)
{
	const char *pp = req_query(rq, "per_page");
	int n = pp ? atoi(pp) : dflt;
	return n <= 0 || n > 500 ? dflt : n;
}

void regpage_redirect_id(struct resp *rs, const char *prefix, int64_t id, const char *suffix)
{
	char loc[256];
	snprintf(loc, sizeof loc, "%s%lld%s", prefix, (long long)id, suffix);
	resp_redirect(rs, loc);
}

void regpage_filter_buttons(struct html *h, const struct req *rq, const char *clear_href)
{
	if (req_query(rq, "sort"))
		form_hidden(h, "sort", req_query(rq, "sort"));
	form_button(h, "Apply filters", "secondary");
	html_f(h, "<a class=\"govuk-link\" href=\"%a\">Clear filters</a>", clear_href);
}

const char *regpage_day(const char *ts, char out[11])
{
	snprintf(out, 11, "%s", ts);
	return out;
}

void regpage_api_error(struct resp *rs, const struct err *e)
{
	api_fail(NULL, rs, e);
}

/* Options for a unit <select>: o[0..n) point into labels and values. */
struct unit_opts {
	struct option *o;
	char (*labels)[160];
	char (*values)[24];
	size_t n, cap;
};

static int add_unit(void *ctx, int64_t id, const char *name, int depth)
{
	struct unit_opts *u = ctx;
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 64;
		void *o = xrealloc(u->o, cap * sizeof *u->o), *l = xrealloc(u->labels, cap * sizeof *u->labels),
		     *v = xrealloc(u->values, cap * sizeof *u->values);
		if (o) u->o = o;
		if (l) u->labels = l;
		if (v) u->values = v;
		if (!o || !l || !v)
			return 1;
		u->cap = cap;
	}
	/* Indent by depth with non-breaking spaces so the hierarchy shows. */
	char pad[64] = "";
	for (int i = 0; i < depth && i < 10; i++)
		strcat(pad, "\xC2\xA0\xC2\xA0");
	snprintf(u->labels[u->n], sizeof u->labels[u->n], "%s%s", pad, name);
	snprintf(u->values[u->n], sizeof u->values[u->n], "%lld", (long long)id);
	u->n++;
	return 0;
}

void regpage_unit_select(struct html *h, const struct req *rq)
{
	struct unit_opts u = { 0 };
	struct err e;
	add_unit(&u, 0, "All units", 0);
	units_list(rq->store, add_unit, &u, &e);
	for (size_t i = 0; i < u.n; i++)
		u.o[i] = (struct option){ u.values[i], u.labels[i], NULL, 0 };
	form_select(h, &(struct field){ .name = "unit", .label = "Unit", .hint = "Includes the teams below it",
	                                .value = req_query(rq, "unit"), .options = u.o, .noptions = u.n });
	free(u.o);
	free(u.labels);
	free(u.values);
}
