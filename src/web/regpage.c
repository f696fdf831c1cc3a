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
	regpage_count_exports_about(h, rq, total, 0, noun, path);
}

void regpage_count_exports_about(struct html *h, const struct req *rq, long total, int about, const char *noun,
                                 const char *path)
{
	char csv[128], xlsx[128];
	snprintf(csv, sizeof csv, "%s.csv", path);
	snprintf(xlsx, sizeof xlsx, "%s.xlsx", path);
	char count[32];
	count_format(total, count, sizeof count);
	html_f(h, "<p class=\"govuk-body\">%s<strong>%s</strong> %s%s match. Download: ", about ? "About " : "", count,
	       noun, total == 1 ? "" : "s");
	regpage_export_link(h, rq, csv, "CSV");
	html_f(h, " or ");
	regpage_export_link(h, rq, xlsx, "Excel (XLSX)");
	html_f(h, "</p>");
}

void regpage_date_range(const struct req *rq, struct errlist *errs, const char **from, const char **to)
{
	*from = req_query(rq, "from");
	*to = req_query(rq, "to");
	if (*from && **from && !date_valid(*from)) {
		errlist_add(errs, "from", "From must be a date like 2025-01-31");
		*from = NULL;
	}
	if (*to && **to && !date_valid(*to)) {
		errlist_add(errs, "to", "To must be a date like 2025-12-31");
		*to = NULL;
	}
	if (*from && **from && *to && **to && strcmp(*to, *from) < 0) {
		errlist_add(errs, "to", "To must be the same as or after From");
		*to = NULL;
	}
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
	if (rq->api_whole)
		return -1; /* every row: web/api.h pages the list after changed_since */
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
	int64_t t;
	if (time_parse_utc(ts, &t) == 0)
		date_uk(t, out); /* the day in UK time */
	else
		snprintf(out, 11, "%s", ts);
	return out;
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
		u->o = xrealloc(u->o, cap * sizeof *u->o);
		u->labels = xrealloc(u->labels, cap * sizeof *u->labels);
		u->values = xrealloc(u->values, cap * sizeof *u->values);
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

size_t regpage_status_options(struct option *out, size_t cap, const char *any, const struct status_def *t, size_t n)
{
	size_t k = 0;
	if (any && cap)
		out[k++] = (struct option){ "", any, NULL, 0 };
	for (size_t i = 0; i < n && k < cap; i++)
		out[k++] = (struct option){ t[i].value, t[i].filter ? t[i].filter : t[i].label, NULL, 0 };
	return k;
}

/* ---- a register's read side ---- */

/* The object that holds key: obj itself, or for "a.b" the object obj["a"]
 * (made when missing); *leaf is the key's name inside it. */
static json_t *json_slot(json_t *obj, const char *key, const char **leaf)
{
	const char *dot = strchr(key, '.');
	*leaf = key;
	if (!dot)
		return obj;
	char outer[64];
	snprintf(outer, sizeof outer, "%.*s", (int)(dot - key), key);
	json_t *sub = json_object_get(obj, outer);
	if (!sub) {
		sub = json_object();
		json_object_set_new(obj, outer, sub);
	}
	*leaf = dot + 1;
	return sub;
}

json_t *regpage_record_json(const struct record_def *d, const void *rec)
{
	char ref[REF_MAX];
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(record_id(d, rec)));
	if (d->ref)
		json_object_set_new(o, "reference", json_string(record_reference(d, rec, ref)));
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field_desc *f = &d->fields[i];
		const char *p = (const char *)rec + f->offset, *leaf;
		if (!f->json)
			continue;
		int64_t v = 0;
		int iv = 0;
		json_t *j = NULL;
		switch (f->kind) {
		case FIELD_TEXT:
		case FIELD_STATUS:
			j = json_string(p);
			if (!j) /* not UTF-8: shown empty rather than dropping the record */
				j = json_string("");
			break;
		case FIELD_I64:
		case FIELD_MONEY:
			memcpy(&v, p, sizeof v);
			j = json_integer(v);
			break;
		case FIELD_INT:
			memcpy(&iv, p, sizeof iv);
			j = json_integer(iv);
			break;
		case FIELD_BOOL:
			memcpy(&iv, p, sizeof iv);
			j = json_boolean(iv);
			break;
		}
		json_t *in = json_slot(o, f->json, &leaf);
		json_object_set_new(in, leaf, j);
	}
	return o;
}

struct json_items {
	const struct record_def *d;
	json_t *items;
};

static int json_item(void *ctx, const void *rec)
{
	struct json_items *x = ctx;
	json_array_append_new(x->items, regpage_record_json(x->d, rec));
	return 0;
}

int regpage_api_list(struct req *rq, struct resp *rs, const struct register_def *r, int scope, const void *filter,
                     int page, int per_page)
{
	struct err e = { 0 };
	long total = 0;
	struct json_items x = { r->record, json_array() };
	if (r->list(rq->store, rq->actor, scope, filter, 0, json_item, &x, &total, &e)) {
		json_decref(x.items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, regpage_json_page(total, page, per_page, x.items));
	return 0;
}

int regpage_api_item(struct req *rq, struct resp *rs, const struct register_def *r)
{
	void *rec = xmalloc(r->record->size);
	struct err e = { 0 };
	if (r->get(rq->store, rq->actor, req_id(rq, "id"), rec, &e))
		api_fail(rq, rs, &e);
	else
		resp_json(rs, 200, regpage_record_json(r->record, rec));
	free(rec);
	return 0;
}

int regpage_export(struct req *rq, struct resp *rs, const struct register_def *r, const void *filter, int xlsx,
                   const char *stem)
{
	struct err e = { 0 };
	const char *bom = req_query(rq, "bom");
	enum sheet_format f = xlsx ? SHEET_XLSX : bom && !strcmp(bom, "0") ? SHEET_CSV_NOBOM : SHEET_CSV;
	if (rq->streaming) { /* the second run, on the stream's own thread (server.c) */
		if (!register_export_fd(rq->store, rq->actor, r, filter, f, rq->stream_fd, &e))
			return 0;
		page_fail(rq, rs, &e); /* logs the cause with the request; the page itself is not sent */
		return -1;
	}
	if (register_export_allowed(rq->store, rq->actor, r, f, &e))
		return page_fail(rq, rs, &e);
	regpage_export_download(rs, stem, xlsx);
	rs->stream = 1;
	return 0;
}

struct table_rows {
	struct html h;
	const struct regpage_table *t;
};

static int table_row(void *ctx, const void *rec)
{
	struct table_rows *x = ctx;
	x->t->row(&x->h, rec, x->t->arg);
	return 0;
}

const char *regpage_back_arg(const struct html *h, char out[REGPAGE_BACK_MAX])
{
	out[0] = 0;
	if (!h->rq)
		return out;
	struct buf list, arg;
	buf_init(&list, 0);
	buf_init(&arg, 0);
	url_with(&list, h->rq, "back", NULL, "done"); /* not the list's "decision recorded" banner again */
	buf_adds(&arg, "?back=");
	url_encode(&arg, buf_str(&list));
	if (!arg.oom && arg.n < REGPAGE_BACK_MAX)
		memcpy(out, buf_str(&arg), arg.n + 1);
	buf_release(&list);
	buf_release(&arg);
	return out;
}

const char *regpage_back(const struct req *rq, const char *const *lists, const char *dflt,
                         char out[REGPAGE_BACK_MAX])
{
	const char *v = req_query(rq, "back");
	size_t n = v ? strlen(v) : 0;
	if (!n || n >= REGPAGE_BACK_MAX)
		return dflt;
	for (size_t i = 0; lists[i]; i++) {
		size_t l = strlen(lists[i]);
		if (strncmp(v, lists[i], l) != 0 || (v[l] && v[l] != '?'))
			continue;
		/* a query string only: nothing that could leave the path or the attribute */
		const char *q = v[l] ? v + l + 1 : v + l;
		if (strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%=&+") != strlen(q))
			return dflt;
		memcpy(out, v, n + 1);
		return out;
	}
	return dflt;
}

void regpage_back_on(struct buf *out, const struct req *rq, const char *const *lists, const char *path)
{
	char back[REGPAGE_BACK_MAX];
	const char *b = regpage_back(rq, lists, NULL, back);
	buf_adds(out, path);
	if (b) {
		buf_adds(out, "?back=");
		url_encode(out, b);
	}
}

void regpage_back_done(struct buf *out, const struct req *rq, const char *const *lists, const char *dflt,
                       const char *done)
{
	char back[REGPAGE_BACK_MAX];
	const char *b = regpage_back(rq, lists, dflt, back);
	buf_adds(out, b);
	buf_printf(out, "%cdone=%s", strchr(b, '?') ? '&' : '?', done);
}

int regpage_list(struct buf *out, struct req *rq, const struct register_def *r, int scope, const void *filter,
                 int page, int per_page, const struct regpage_table *t, long *total, struct err *e)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct table_rows x = { .t = t };
	html_init(&x.h, &rows);
	if (!t->unpaged)
		x.h.rq = rq;   /* the rows' links carry the list back (regpage_back_arg) */
	int rc = r->list(rq->store, rq->actor, scope, filter, 0, table_row, &x, total, e);
	if (rc == 0) {
		struct html h;
		html_init(&h, out);
		struct column plain[16];
		const struct column *cols = t->cols;
		if (t->unpaged && t->ncols <= sizeof plain / sizeof plain[0]) {
			for (size_t i = 0; i < t->ncols; i++) {
				plain[i] = t->cols[i];
				plain[i].sort = NULL;
			}
			cols = plain;
		}
		list_table(&h, rq, &(struct list_view){ .caption = t->caption, .cols = cols, .ncols = t->ncols,
		                                        .empty = t->empty, .page = page,
		                                        .per_page = t->unpaged && *total > per_page ? (int)*total : per_page,
		                                        .total = *total }, &rows);
	}
	buf_release(&rows);
	return rc;
}

void regpage_history(struct html *h, struct req *rq, const struct register_def *r, int scope, const void *filter,
                     int per_page, const struct regpage_table *t, const char *all_href)
{
	struct regpage_table u = *t;
	u.unpaged = 1;
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	struct err e = { 0 };
	if (regpage_list(&table, rq, r, scope, filter, 1, per_page, &u, &total, &e) == 0) {
		html_f(h, "%R", buf_str(&table));
		if (total > per_page)
			html_f(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%a\">All %ld</a></p>", all_href,
			       total);
	}
	buf_release(&table);
}
