/* vetting_report_pages.c — disproportionality monitoring of vetting
 * decisions (M5): per characteristic, per stage and by refusal grounds, a
 * plain-English summary, an SVG forest plot of relative rates with their
 * intervals (title, description and the data table beside it), the 12-month
 * trend, and CSV/XLSX/SVG exports. Only the equality role sees the
 * unsuppressed table (or, with view=published, what everyone else sees);
 * every other role, deciders included, gets the view the domain's
 * disclosure control (dp_disclose, domain/disclosure.h) leaves: hidden
 * cells are "c" and a group with every cell hidden is not named. */
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/disclosure.h"
#include "domain/vetting.h"
#include "web/http.h"
#include "web/layout.h"
#include "web/regpage.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct rq_report {
	char from[11], to[11];
	const char *reference;
	int ch;                      /* characteristic index */
	int published;
	long min_size;               /* 0 internal */
	struct dp_report r;
	struct dp_row *rows[DP_NCHAR][DP_NSCOPE];
	int ref[DP_NCHAR][DP_NSCOPE];
	struct errlist errs;
};

static void report_release(struct rq_report *x)
{
	for (int c = 0; c < DP_NCHAR; c++)
		for (int s = 0; s < DP_NSCOPE; s++)
			free(x->rows[c][s]);
	dp_report_release(&x->r);
}

/* Read the query, build the report and every table's rows. 0, or the
 * domain's error in e (ERR_DENIED...). Bad filters go to x->errs. */
static int report_load(struct req *rq, struct rq_report *x, struct err *e)
{
	memset(x, 0, sizeof *x);
	date_today(x->to);
	date_format(date_days(x->to) - 364, x->from);
	const char *month = req_query(rq, "month"), *f = req_query(rq, "from"), *t = req_query(rq, "to");
	if (month && *month) {
		char first[16];
		snprintf(first, sizeof first, "%.7s-01", month);
		if (strlen(month) != 7 || !date_valid(first)) {
			errlist_add(&x->errs, "month", "Month must be like 2026-03");
		} else {
			int y, m, d;
			date_parse(first, &y, &m, &d);
			snprintf(x->from, sizeof x->from, "%s", first);
			date_format(days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1, x->to);
		}
	} else {
		if (f && *f) {
			if (date_valid(f))
				snprintf(x->from, sizeof x->from, "%s", f);
			else
				errlist_add(&x->errs, "from", "From must be a date like 2025-01-31");
		}
		if (t && *t) {
			if (date_valid(t))
				snprintf(x->to, sizeof x->to, "%s", t);
			else
				errlist_add(&x->errs, "to", "To must be a date like 2025-12-31");
		}
	}
	if (strcmp(x->from, x->to) > 0)
		errlist_add(&x->errs, "from", "From must be on or before To");
	const char *ch = req_query(rq, "characteristic");
	x->ch = dp_characteristic_index(ch);
	if (x->ch < 0)
		x->ch = 0;
	x->reference = req_query(rq, "reference");
	if (vetting_report(rq->store, rq->actor, x->from, x->to, &x->r, &x->published, e))
		return -1;
	const char *view = req_query(rq, "view");
	if (view && !strcmp(view, "published"))
		x->published = 1;
	if (x->published) {
		x->min_size = disclosure_k(rq->store);
	}
	for (int c = 0; c < DP_NCHAR; c++)
		for (int s = 0; s < DP_NSCOPE; s++) {
			struct dp_table *tb = &x->r.t[c][s];
			x->rows[c][s] = xcalloc(tb->n ? tb->n : 1, sizeof(struct dp_row));
			if (!x->rows[c][s])
				return err_set(e, ERR_NOMEM, "out of memory");
			struct err re = { 0 };
			const char *ref = c == x->ch && x->reference && *x->reference ? x->reference : NULL;
			if (dp_rows(tb, ref, x->min_size, x->rows[c][s], &x->ref[c][s], &re)) {
				if (s == DP_ALL)
					errlist_add(&x->errs, "reference", "There is no group \"%.60s\" in this period", ref);
				dp_rows(tb, NULL, x->min_size, x->rows[c][s], &x->ref[c][s], &re);
			} else if (ref && x->published && x->ref[c][s] >= 0 && x->rows[c][s][x->ref[c][s]].suppressed) {
				/* a suppressed reference would let its rate be worked out from the others' */
				if (s == DP_ALL)
					errlist_add(&x->errs, "reference", "The group \"%.60s\" is too small to publish; "
					                                   "the largest group is used instead", ref);
				dp_rows(tb, NULL, x->min_size, x->rows[c][s], &x->ref[c][s], &re);
			}
		}
	if (x->published)
		for (int c = 0; c < DP_NCHAR; c++)
			dp_disclose(x->r.t[c], x->rows[c], x->ref[c], x->min_size);
	return 0;
}

/* Cells of one row as text; suppressed rows give "c". */
struct cells {
	char apps[24], refused[24], rate[32], rr[32], lo[32], hi[32], p[32], ph[32], note[160];
};

static void row_cells(const struct dp_row *w, struct cells *c)
{
	if (w->suppressed || w->refused_hidden) {
		if (w->suppressed)
			snprintf(c->apps, sizeof c->apps, "c");
		else
			snprintf(c->apps, sizeof c->apps, "%ld", w->g->apps);
		snprintf(c->refused, sizeof c->refused, "c");
		snprintf(c->rate, sizeof c->rate, "c");
		snprintf(c->rr, sizeof c->rr, "c");
		snprintf(c->lo, sizeof c->lo, "c");
		snprintf(c->hi, sizeof c->hi, "c");
		snprintf(c->p, sizeof c->p, "c");
		snprintf(c->ph, sizeof c->ph, "c");
		c->note[0] = 0;
		return;
	}
	snprintf(c->apps, sizeof c->apps, "%ld", w->g->apps);
	snprintf(c->refused, sizeof c->refused, "%ld", w->g->refused);
	hundredths_format(w->rate, c->rate, sizeof c->rate);
	c->rr[0] = c->lo[0] = c->hi[0] = c->p[0] = 0;
	if (w->has_rr)
		hundredths_format(w->rr, c->rr, sizeof c->rr);
	if (w->has_ci) {
		hundredths_format(w->lo, c->lo, sizeof c->lo);
		hundredths_format(w->hi, c->hi, sizeof c->hi);
	}
	if (w->has_p)
		pvalue_format(w->p, c->p, sizeof c->p);
	c->ph[0] = 0;
	if (w->has_holm)
		pvalue_format(w->p_holm, c->ph, sizeof c->ph);
	snprintf(c->note, sizeof c->note, "%s", w->corrected ? DP_NOTE_CORRECTED : "");
}

/* ---- the forest plot ---- */

static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

static void fmt1(char *out, size_t n, double v) { snprintf(out, n, "%.1f", v); }

/* Write the SVG forest plot of the non-reference rows with an interval. */
static void forest_svg(struct html *h, const char *label, const struct dp_row *rows, size_t n, int ref, int standalone)
{
	size_t k = 0;
	double lo = 0.5, hi = 2.0;
	for (size_t i = 0; i < n; i++) {
		const struct dp_row *w = &rows[i];
		if (w->is_ref || w->suppressed || w->refused_hidden || !w->has_ci)
			continue;
		k++;
		if (w->lo_exact < lo) lo = w->lo_exact;
		if (w->hi_exact > hi) hi = w->hi_exact;
	}
	lo = clampd(lo, 0.05, 1.0);
	hi = clampd(hi, 1.0, 50.0);
	double l0 = log(lo), l1 = log(hi);
	const double left = 340, right = 700, top = 30, rowh = 26;
	double height = top + (double)(k ? k : 1) * rowh + 40 + 3 * 16; /* three legend lines */
	char hs[16], ys[16], x1s[16], x2s[16], xs[16];
	fmt1(hs, sizeof hs, height);
#define XPOS(v) (left + (log(clampd((v), lo, hi)) - l0) / (l1 - l0) * (right - left))
	if (standalone)
		html_f(h, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	html_f(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"probity-forest\" %s=\"%s\" "
	          "viewBox=\"0 0 760 %s\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" "
	          "aria-labelledby=\"forest-title forest-desc\">\n"
	          "<title id=\"forest-title\">Relative refusal rates by %s, with 95%% confidence intervals</title>\n"
	          "<desc id=\"forest-desc\">Each line is a group's relative rate of refusal against the reference group "
	          "\"%s\" (1 means the same rate), on a logarithmic scale; the dot is the estimate and the line its 95%% "
	          "confidence interval; a hollow dot marks an interval with the Haldane-Anscombe correction (a group with "
	          "no refusals, or only refusals); red marks a statistically significant difference (Holm-adjusted p "
	          "under 0.05 and an interval excluding 1). The same figures are in the table below the chart.</desc>\n",
	       standalone ? "height" : "width", standalone ? hs : "100%", hs, label, ref >= 0 ? rows[ref].g->name : "none");
	fmt1(xs, sizeof xs, XPOS(1.0));
	fmt1(ys, sizeof ys, height - 30 - 48);
	html_f(h, "<line x1=\"%s\" y1=\"20\" x2=\"%s\" y2=\"%s\" stroke=\"#505a5f\" stroke-dasharray=\"4 3\"/>\n", xs, xs, ys);
	static const double ticks[] = { 0.1, 0.25, 0.5, 1, 2, 4, 10, 25 };
	for (size_t t = 0; t < sizeof ticks / sizeof ticks[0]; t++) {
		if (ticks[t] < lo || ticks[t] > hi)
			continue;
		char tl[16], ty[16];
		fmt1(xs, sizeof xs, XPOS(ticks[t]));
		fmt1(ty, sizeof ty, height - 12 - 48);
		snprintf(tl, sizeof tl, "%g", ticks[t]);
		html_f(h, "<text x=\"%s\" y=\"%s\" font-size=\"12\" text-anchor=\"middle\" fill=\"#0b0c0c\">%s</text>\n", xs,
		       ty, tl);
	}
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		const struct dp_row *w = &rows[i];
		if (w->is_ref || w->suppressed || w->refused_hidden || !w->has_ci)
			continue;
		double y = top + (double)j * rowh + rowh / 2;
		j++;
		char rr[32], a[32], b[32];
		hundredths_format(w->rr, rr, sizeof rr);
		hundredths_format(w->lo, a, sizeof a);
		hundredths_format(w->hi, b, sizeof b);
		fmt1(ys, sizeof ys, y + 4);
		html_f(h, "<text x=\"8\" y=\"%s\" font-size=\"13\" fill=\"#0b0c0c\">%s%s</text>\n", ys, w->g->name,
		       w->corrected ? " (corrected)" : "");
		fmt1(x1s, sizeof x1s, XPOS(w->lo_exact));
		fmt1(x2s, sizeof x2s, XPOS(w->hi_exact));
		fmt1(ys, sizeof ys, y);
		const char *col = w->significant ? "#d4351c" : "#1d70b8";
		html_f(h, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%a\" stroke-width=\"2\"/>\n", x1s, ys, x2s,
		       ys, col);
		/* the observed ratio; with no reference refusals there is none, so the corrected centre */
		double pt = w->has_rr && w->rr_exact > 0 ? w->rr_exact : sqrt(w->lo_exact * w->hi_exact);
		if (!w->has_rr)
			snprintf(rr, sizeof rr, "none");
		fmt1(xs, sizeof xs, XPOS(pt));
		html_f(h, "<circle cx=\"%s\" cy=\"%s\" r=\"5\" fill=\"%a\" stroke=\"%a\" stroke-width=\"2\"><title>%s: %s (%s to %s)"
		          "%s</title></circle>\n", xs, ys, w->corrected ? "#ffffff" : col, col, w->g->name, rr, a, b,
		       w->corrected ? ", corrected interval" : "");
		fmt1(ys, sizeof ys, y + 4);
		html_f(h, "<text x=\"708\" y=\"%s\" font-size=\"11\" fill=\"#0b0c0c\">%s</text>\n", ys, rr);
	}
	if (!k) {
		fmt1(ys, sizeof ys, top + 16);
		html_f(h, "<text x=\"8\" y=\"%s\" font-size=\"13\" fill=\"#0b0c0c\">No group has an interval to plot.</text>\n",
		       ys);
	}
	/* legend */
	double ly = height - 44;
	static const char *const legend[3][3] = {
		{ "#1d70b8", "#1d70b8", "Relative rate and 95% interval against the reference group " },
		{ "#ffffff", "#1d70b8", "Interval with the Haldane-Anscombe correction (a zero cell)" },
		{ "#d4351c", "#d4351c", "Statistically significant: Holm-adjusted p under 0.05 and interval excluding 1" },
	};
	for (int l = 0; l < 3; l++, ly += 16) {
		char cy[16], ty2[16];
		fmt1(cy, sizeof cy, ly - 4);
		fmt1(ty2, sizeof ty2, ly);
		html_f(h, "<circle cx=\"14\" cy=\"%s\" r=\"5\" fill=\"%a\" stroke=\"%a\" stroke-width=\"2\"/>"
		          "<text x=\"26\" y=\"%s\" font-size=\"12\" fill=\"#0b0c0c\">%s%s</text>\n", cy, legend[l][0],
		       legend[l][1], ty2, legend[l][2], l == 0 ? (ref >= 0 ? rows[ref].g->name : "") : "");
	}
	html_f(h, "</svg>\n");
#undef XPOS
}

/* ---- tables ---- */

static void rate_table(struct html *h, const struct req *rq, const char *caption, const struct dp_row *rows, size_t n)
{
	static const struct column cols[] = { { "Group", NULL, 0 }, { "Decided applications", NULL, 1 },
		                              { "Refused", NULL, 1 }, { "Refusal rate %", NULL, 1 },
		                              { "Relative rate", NULL, 1 }, { "95% interval", NULL, 1 },
		                              { "Fisher p", NULL, 1 }, { "Holm-adjusted p", NULL, 1 } };
	if (!n) {
		html_f(h, "<p class=\"govuk-body\">No decided applications.</p>\n");
		return;
	}
	table_begin(h, rq, caption, cols, 8);
	for (size_t i = 0; i < n; i++) {
		struct cells c;
		if (rows[i].suppressed)
			continue; /* not named */
		row_cells(&rows[i], &c);
		table_row_begin(h);
		table_cell(h, 0, "%s%s", rows[i].g->name, rows[i].is_ref ? " (reference)" : "");
		table_cell(h, 1, "%s", c.apps);
		table_cell(h, 1, "%s", c.refused);
		table_cell(h, 1, "%s", c.rate);
		table_cell(h, 1, "%s", c.rr);
		if (c.lo[0] && strcmp(c.lo, "c"))
			table_cell(h, 1, "%s to %s%s", c.lo, c.hi, c.note[0] ? " (corrected)" : "");
		else
			table_cell(h, 1, "%s", c.lo);
		table_cell(h, 1, "%s", c.p);
		table_cell(h, 1, "%s%s", c.ph, rows[i].significant ? " (significant)" : "");
		table_row_end(h);
	}
	table_end(h);
}

static void grounds_table(struct html *h, const struct req *rq, const struct dp_row *rows, size_t n)
{
	struct column cols[DP_NGROUND + 1];
	cols[0] = (struct column){ "Group", NULL, 0 };
	for (int g = 0; g < DP_NGROUND; g++)
		cols[g + 1] = (struct column){ dp_ground_labels[g], NULL, 1 };
	if (!n)
		return;
	table_begin(h, rq, "Refusals by grounds", cols, DP_NGROUND + 1);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].suppressed)
			continue;
		table_row_begin(h);
		table_cell(h, 0, "%s", rows[i].g->name);
		for (int g = 0; g < DP_NGROUND; g++) {
			if (rows[i].g_hidden[g])
				table_cell(h, 1, "c");
			else
				table_cell(h, 1, "%ld", rows[i].g->grounds[g]);
		}
		table_row_end(h);
	}
	table_end(h);
}

static void trend_table(struct html *h, const struct req *rq, const struct rq_report *x, const struct dp_row *rows,
                        size_t n)
{
	struct column cols[DP_MONTHS + 1];
	cols[0] = (struct column){ "Group", NULL, 0 };
	for (int m = 0; m < DP_MONTHS; m++)
		cols[m + 1] = (struct column){ x->r.months[m], NULL, 1 };
	if (!n)
		return;
	table_begin(h, rq, "Refusal rate % by month of decision (12 months to the end of the period)", cols, DP_MONTHS + 1);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].suppressed)
			continue;
		table_row_begin(h);
		table_cell(h, 0, "%s", rows[i].g->name);
		for (int m = 0; m < DP_MONTHS; m++) {
			long a = rows[i].g->m_apps[m], r = rows[i].g->m_refused[m];
			if (rows[i].m_hidden[m]) {
				table_cell(h, 1, "c");
			} else if (!a) {
				table_cell(h, 1, "–");
			} else {
				char s[32];
				hundredths_format(ratio_hundredths(100 * (int64_t)r, a), s, sizeof s);
				table_cell(h, 1, "%s", s);
			}
		}
		table_row_end(h);
	}
	table_end(h);
}

/* The trend as an SVG line chart: refusal rate by month for the largest
 * groups (up to six, none suppressed), each with its own colour and marker
 * shape; the table below it holds every figure. */
static void trend_svg(struct html *h, const struct rq_report *x, const struct dp_row *rows, size_t n, const char *label)
{
	static const char *const colours[] = { "#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#505a5f" };
	size_t pick[6];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) { /* the largest groups, in sort order */
		if (rows[i].suppressed)
			continue;
		size_t larger = 0;
		for (size_t j = 0; j < n; j++)
			if (!rows[j].suppressed && (rows[j].g->apps > rows[i].g->apps || (rows[j].g->apps == rows[i].g->apps && j < i)))
				larger++;
		if (larger < 6 && k < 6)
			pick[k++] = i;
	}
	double ymax = 5;
	for (size_t q = 0; q < k; q++)
		for (int m = 0; m < DP_MONTHS; m++) {
			const struct dp_group *g = rows[pick[q]].g;
			if (g->m_apps[m] && !rows[pick[q]].m_hidden[m]) {
				double v = 100.0 * (double)g->m_refused[m] / (double)g->m_apps[m];
				if (v > ymax)
					ymax = v;
			}
		}
	/* round ticks: a step of 1, 2, 5, 10, 20, 25 or 50 points, at most 5 of them */
	static const double steps[] = { 1, 2, 5, 10, 20, 25, 50 };
	double step = 50;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (ceil(ymax / steps[i]) <= 5) {
			step = steps[i];
			break;
		}
	int nticks = (int)ceil(ymax / step);
	ymax = step * nticks;
	const double left = 50, right = 620, top = 20, bottom = 220;
	char a[16], b[16], c2[16], d[16], hs[16];
	snprintf(hs, sizeof hs, "%d", 262 + (int)k * 16);
	html_f(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"probity-trend\" width=\"640\" height=\"%s\" "
	          "viewBox=\"0 0 640 %s\" role=\"img\" aria-labelledby=\"trend-title trend-desc\">\n"
	          "<title id=\"trend-title\">Refusal rate by month and %s group</title>\n"
	          "<desc id=\"trend-desc\">Lines show the percentage of decisions that were refusals in each of the 12 "
	          "months, for the largest groups; gaps are months with no decisions%s. The figures are in the table "
	          "below.</desc>\n", hs, hs, label,
	       x->min_size ? " or too few to publish" : "");
	for (int t = 0; t <= nticks; t++) {
		double yv = step * t, y = bottom - (bottom - top) * t / nticks;
		snprintf(a, sizeof a, "%.1f", y);
		snprintf(b, sizeof b, "%.1f", y + 4);
		snprintf(c2, sizeof c2, "%.0f%%", yv);
		html_f(h, "<line x1=\"50\" y1=\"%s\" x2=\"620\" y2=\"%s\" stroke=\"#b1b4b6\" stroke-width=\"1\"/>"
		          "<text x=\"44\" y=\"%s\" font-size=\"11\" text-anchor=\"end\" fill=\"#0b0c0c\">%s</text>\n", a, a, b, c2);
	}
	for (int m = 0; m < DP_MONTHS; m += 2) {
		snprintf(a, sizeof a, "%.1f", left + (right - left) * m / (DP_MONTHS - 1));
		html_f(h, "<text x=\"%s\" y=\"238\" font-size=\"11\" text-anchor=\"middle\" fill=\"#0b0c0c\">%s</text>\n", a,
		       x->r.months[m]);
	}
	for (size_t q = 0; q < k; q++) {
		const struct dp_group *g = rows[pick[q]].g;
		const char *col = colours[q];
		struct buf path;
		buf_init(&path, 0);
		int pen = 0;
		for (int m = 0; m < DP_MONTHS; m++) {
			int shown = g->m_apps[m] && !rows[pick[q]].m_hidden[m];
			if (!shown) {
				pen = 0;
				continue;
			}
			double v = 100.0 * (double)g->m_refused[m] / (double)g->m_apps[m];
			double px = left + (right - left) * m / (DP_MONTHS - 1), py = bottom - (bottom - top) * v / ymax;
			buf_printf(&path, "%s%.1f %.1f ", pen ? "L" : "M", px, py);
			pen = 1;
			snprintf(a, sizeof a, "%.1f", px);
			snprintf(b, sizeof b, "%.1f", py);
			snprintf(c2, sizeof c2, "%.1f", v);
			if (q % 2)
				html_f(h, "<rect x=\"%s\" y=\"%s\" width=\"7\" height=\"7\" transform=\"translate(-3.5 -3.5)\" fill=\"%a\">"
				          "<title>%s, %s: %s%%</title></rect>\n", a, b, col, g->name, x->r.months[m], c2);
			else
				html_f(h, "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%a\"><title>%s, %s: %s%%</title></circle>\n", a,
				       b, col, g->name, x->r.months[m], c2);
		}
		if (path.n)
			html_f(h, "<path d=\"%a\" fill=\"none\" stroke=\"%a\" stroke-width=\"2\"%s/>\n", buf_str(&path), col,
			       q >= 3 ? " stroke-dasharray=\"5 3\"" : "");
		buf_release(&path);
		/* legend */
		double lx = 50, ly = 254 + (double)q * 16;
		snprintf(a, sizeof a, "%.1f", lx);
		snprintf(b, sizeof b, "%.1f", ly);
		snprintf(c2, sizeof c2, "%.1f", lx + 14);
		snprintf(d, sizeof d, "%.1f", ly + 4);
		html_f(h, "<rect x=\"%s\" y=\"%s\" width=\"10\" height=\"4\" fill=\"%a\"/>"
		          "<text x=\"%s\" y=\"%s\" font-size=\"11\" fill=\"#0b0c0c\">%s</text>\n", a, b, col, c2, d, g->name);
	}
	html_f(h, "</svg>\n");
}

static void report_free(struct rq_report *x)
{
	report_release(x);
	free(x);
}

/* A new report loaded for rq's query, or NULL with *rc the answer (the error
 * page for a refusal, else -1). Free with report_free. */
static struct rq_report *report_open(struct req *rq, struct resp *rs, int *rc)
{
	struct rq_report *x = xcalloc(1, sizeof *x);
	struct err e = { 0 };
	*rc = -1;
	if (report_load(rq, x, &e)) {
		report_free(x);
		*rc = page_fail(rq, rs, &e);
		return NULL;
	}
	return x;
}

static int report_page(struct req *rq, struct resp *rs)
{
	int rc;
	struct rq_report *x = report_open(rq, rs, &rc);
	if (!x)
		return rc;
	struct html h;
	page_begin_errs(&h, rq, rs, &x->errs, NULL, "Vetting disproportionality");
	form_error_summary(&h, &x->errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Vetting disproportionality</h1>\n",
	       x->published ? "Disclosure control applied" : "Equality monitoring: nothing suppressed");
	if (x->published)
		html_f(&h, "<p class=\"govuk-body\">A figure based on fewer than %ld people is shown as "
		           "<strong>c</strong> (confidential), and so is the next smallest where it could otherwise be "
		           "worked out from a total; a group with every figure hidden is not named.</p>\n", x->min_size);
	else
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/vetting/disproportionality?view=published\">"
		           "See the view with disclosure control</a> that every other role sees.</p>\n");
	static struct option chars[DP_NCHAR];
	for (int c = 0; c < DP_NCHAR; c++)
		chars[c] = (struct option){ dp_characteristics[c], dp_characteristic_labels[c], NULL, 0 };
	form_begin_get(&h, "/vetting/disproportionality");
	if (x->published && actor_has(rq->actor, ROLE_EQUALITY))
		form_hidden(&h, "view", "published");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "characteristic", .label = "Characteristic",
	                                 .value = dp_characteristics[x->ch], .options = chars, .noptions = DP_NCHAR });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(&h, &(struct field){ .name = "from", .label = "Decided from", .value = x->from, .errs = &x->errs });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(&h, &(struct field){ .name = "to", .label = "Decided to", .value = x->to, .errs = &x->errs });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_input(&h, &(struct field){ .name = "month", .label = "Or one month", .hint = "Like 2026-03",
	                                .value = req_query(rq, "month"), .width = "govuk-input--width-10", .errs = &x->errs });
	html_f(&h, "</div></div>");
	form_input(&h, &(struct field){ .name = "reference", .label = "Reference group (optional)",
	                                .hint = "Exactly as recorded, e.g. White. Blank: the largest group.",
	                                .value = req_query(rq, "reference"), .width = "govuk-input--width-20",
	                                .errs = &x->errs });
	form_button(&h, "Show report", "secondary");
	form_end(&h);
	html_f(&h, "<p class=\"govuk-body\">Decided from %D to %D. Download: ", x->from, x->to);
	regpage_export_link(&h, rq, "/vetting/disproportionality.csv", "CSV");
	html_f(&h, ", ");
	regpage_export_link(&h, rq, "/vetting/disproportionality.xlsx", "Excel (XLSX)");
	html_f(&h, " or ");
	regpage_export_link(&h, rq, "/vetting/disproportionality.svg", "the forest plot (SVG)");
	html_f(&h, ".</p>\n");
	if (!x->published)
		html_f(&h, "<p class=\"govuk-body\">%ld applications decided (granted, granted with conditions or refused), "
		           "%ld refused; %ld withdrawn, reported apart.</p>\n", x->r.decided, x->r.refused, x->r.withdrawn);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Summary</h2>\n<ul class=\"govuk-list govuk-list--bullet\">\n");
	for (int c = 0; c < DP_NCHAR; c++) {
		struct buf s;
		buf_init(&s, 0);
		dp_summary(&s, dp_characteristic_labels[c], x->rows[c][DP_ALL], x->r.t[c][DP_ALL].n, x->ref[c][DP_ALL]);
		html_f(&h, "<li>%s</li>\n", buf_str(&s));
		buf_release(&s);
	}
	html_f(&h, "</ul>\n<p class=\"govuk-body-s\">A relative rate is a group's refusal rate divided by the reference "
	           "group's. A difference is called statistically significant when Fisher's exact test gives p below "
	           "0.05. A disparity is a flag to understand, not a finding.</p>\n");
	int c = x->ch;
	const char *label = dp_characteristic_labels[c];
	html_f(&h, "<h2 class=\"govuk-heading-m\">%s: all decisions</h2>\n", label);
	forest_svg(&h, label, x->rows[c][DP_ALL], x->r.t[c][DP_ALL].n, x->ref[c][DP_ALL], 0);
	rate_table(&h, rq, "All decisions", x->rows[c][DP_ALL], x->r.t[c][DP_ALL].n);
	html_f(&h, "<h2 class=\"govuk-heading-m\">%s: by stage</h2>\n", label);
	rate_table(&h, rq, "Decided at initial vetting checks", x->rows[c][DP_INITIAL], x->r.t[c][DP_INITIAL].n);
	rate_table(&h, rq, "Decided at full vetting", x->rows[c][DP_FULL], x->r.t[c][DP_FULL].n);
	html_f(&h, "<h2 class=\"govuk-heading-m\">%s: refusal grounds</h2>\n", label);
	grounds_table(&h, rq, x->rows[c][DP_ALL], x->r.t[c][DP_ALL].n);
	html_f(&h, "<h2 class=\"govuk-heading-m\">%s: trend</h2>\n", label);
	trend_svg(&h, x, x->rows[c][DP_ALL], x->r.t[c][DP_ALL].n, label);
	trend_table(&h, rq, x, x->rows[c][DP_ALL], x->r.t[c][DP_ALL].n);
	page_end(&h);
	report_free(x);
	return 0;
}

/* ---- exports ---- */

static const char *const export_cols[] = { "characteristic", "scope", "group", "applications", "refused",
	                                   "refusal_rate_pct", "relative_rate", "rr_ci_low", "rr_ci_high", "fisher_p",
	                                   "reference", "fisher_p_holm", "note" };
static const char *const scope_keys[DP_NSCOPE] = { "all", "initial", "full" };

static void set_download(struct resp *rs, const char *ctype, const char *ext)
{
	regpage_download(rs, ctype, "vetting-disproportionality", ext);
}

static int report_csv(struct req *rq, struct resp *rs)
{
	int rc;
	struct rq_report *x = report_open(rq, rs, &rc);
	if (!x)
		return rc;
	struct buf *b = &rs->body;
	for (size_t i = 0; i < sizeof export_cols / sizeof export_cols[0]; i++)
		buf_printf(b, "%s%s", i ? "," : "", export_cols[i]);
	buf_addc(b, '\n');
	for (int c = 0; c < DP_NCHAR; c++)
		for (int s = 0; s < DP_NSCOPE; s++)
			for (size_t i = 0; i < x->r.t[c][s].n; i++) {
				const struct dp_row *w = &x->rows[c][s][i];
				struct cells k;
				if (w->suppressed)
					continue; /* not named */
				row_cells(w, &k);
				buf_printf(b, "%s,%s,", dp_characteristics[c], scope_keys[s]);
				csv_cell(b, w->g->name);
				buf_printf(b, ",%s,%s,%s,%s,%s,%s,%s,%s,%s,", k.apps, k.refused, k.rate, k.rr, k.lo, k.hi, k.p,
				           w->is_ref ? "yes" : "", k.ph);
				csv_cell(b, k.note);
				buf_addc(b, '\n');
			}
	alog_write(rq->store, rq->actor, "export", "vetting_disproportionality", "csv", "ok",
	           x->published ? "published" : "internal", NULL);
	report_free(x);
	set_download(rs, "text/csv; charset=utf-8", "csv");
	return 0;
}

static int report_xlsx(struct req *rq, struct resp *rs)
{
	int rc;
	struct rq_report *x = report_open(rq, rs, &rc);
	if (!x)
		return rc;
	rc = -1;
	char path[] = "/tmp/probity-vetting-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		goto out;
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		goto out;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Disproportionality");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (size_t i = 0; i < sizeof export_cols / sizeof export_cols[0]; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, export_cols[i], bold);
	worksheet_freeze_panes(ws, 1, 0);
	lxw_row_t row = 0;
	for (int c = 0; c < DP_NCHAR; c++)
		for (int s = 0; s < DP_NSCOPE; s++)
			for (size_t i = 0; i < x->r.t[c][s].n; i++) {
				const struct dp_row *w = &x->rows[c][s][i];
				struct cells k;
				if (w->suppressed)
					continue; /* not named */
				row_cells(w, &k);
				row++;
				worksheet_write_string(ws, row, 0, dp_characteristics[c], NULL);
				worksheet_write_string(ws, row, 1, scope_keys[s], NULL);
				worksheet_write_string(ws, row, 2, w->g->name, NULL);
				const char *v[] = { k.apps, k.refused, k.rate, k.rr, k.lo, k.hi, k.p };
				for (int j = 0; j < 7; j++) {
					if (!v[j][0])
						continue;
					if (!strcmp(v[j], "c"))
						worksheet_write_string(ws, row, (lxw_col_t)(3 + j), v[j], NULL);
					else
						worksheet_write_number(ws, row, (lxw_col_t)(3 + j), strtod(v[j], NULL), NULL);
				}
				if (w->is_ref)
					worksheet_write_string(ws, row, 10, "yes", NULL);
				if (k.ph[0] && strcmp(k.ph, "c"))
					worksheet_write_number(ws, row, 11, strtod(k.ph, NULL), NULL);
				else if (k.ph[0])
					worksheet_write_string(ws, row, 11, k.ph, NULL);
				if (k.note[0])
					worksheet_write_string(ws, row, 12, k.note, NULL);
			}
	if (workbook_close(wb) != LXW_NO_ERROR)
		goto out;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		goto out;
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
		buf_add(&rs->body, tmp, n);
	fclose(fp);
	alog_write(rq->store, rq->actor, "export", "vetting_disproportionality", "xlsx", "ok",
	           x->published ? "published" : "internal", NULL);
	set_download(rs, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
	rc = 0;
out:
	unlink(path);
	report_free(x);
	return rc;
}

static int report_svg(struct req *rq, struct resp *rs)
{
	int rc;
	struct rq_report *x = report_open(rq, rs, &rc);
	if (!x)
		return rc;
	struct html h;
	html_init(&h, &rs->body);
	int c = x->ch;
	forest_svg(&h, dp_characteristic_labels[c], x->rows[c][DP_ALL], x->r.t[c][DP_ALL].n, x->ref[c][DP_ALL], 1);
	report_free(x);
	set_download(rs, "image/svg+xml", "svg");
	return 0;
}

/* The table as JSON for one characteristic and scope (scope=all|initial|full):
 * the published view for scrutiny, suppressed cells as null. */
static json_t *num_or_null(int has, int suppressed, int64_t hundredths)
{
	return has && !suppressed ? json_real((double)hundredths / 100.0) : json_null();
}

/* A p-value as the page shows it (4 significant figures), as a number. */
static json_t *p_json(double p)
{
	char b[32];
	pvalue_format(p, b, sizeof b);
	return b[0] ? json_real(strtod(b, NULL)) : json_null();
}

static int api_report(struct req *rq, struct resp *rs)
{
	struct rq_report *x = xcalloc(1, sizeof *x);
	struct err e = { 0 };
	if (report_load(rq, x, &e)) {
		report_free(x);
		api_fail(rq, rs, &e);
		return 0;
	}
	if (x->errs.n) {
		resp_json_error_field(rs, 400, x->errs.item[0].msg, x->errs.item[0].field);
		report_free(x);
		return 0;
	}
	const char *sc = req_query(rq, "scope");
	int s = sc && !strcmp(sc, "initial") ? DP_INITIAL : sc && !strcmp(sc, "full") ? DP_FULL : DP_ALL;
	int c = x->ch;
	json_t *rows = json_array();
	for (size_t i = 0; i < x->r.t[c][s].n; i++) {
		const struct dp_row *w = &x->rows[c][s][i];
		if (w->suppressed)
			continue; /* not named */
		int hid = w->refused_hidden;
		json_t *o = json_pack("{s:s, s:b, s:b}", "group", w->g->name, "reference", w->is_ref, "suppressed", hid);
		json_object_set_new(o, "applications", json_integer(w->g->apps));
		json_object_set_new(o, "refused", hid ? json_null() : json_integer(w->g->refused));
		json_object_set_new(o, "refusal_rate_pct", num_or_null(1, hid, w->rate));
		json_object_set_new(o, "relative_rate", num_or_null(w->has_rr, hid, w->rr));
		json_object_set_new(o, "rr_ci_low", num_or_null(w->has_ci, hid, w->lo));
		json_object_set_new(o, "rr_ci_high", num_or_null(w->has_ci, hid, w->hi));
		json_object_set_new(o, "fisher_p", w->has_p && !hid ? p_json(w->p) : json_null());
		json_object_set_new(o, "fisher_p_holm", w->has_holm && !hid ? p_json(w->p_holm) : json_null());
		json_object_set_new(o, "significant", json_boolean(w->significant && !hid));
		json_object_set_new(o, "note", json_string(w->corrected && !hid ? DP_NOTE_CORRECTED : ""));
		json_array_append_new(rows, o);
	}
	struct buf sum;
	buf_init(&sum, 0);
	dp_summary(&sum, dp_characteristic_labels[c], x->rows[c][s], x->r.t[c][s].n, x->ref[c][s]);
	resp_json(rs, 200, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:o}", "characteristic", dp_characteristics[c],
	                             "scope", s == DP_ALL ? "all" : s == DP_INITIAL ? "initial" : "full", "from", x->from,
	                             "to", x->to, "published", x->published, "summary", buf_str(&sum), "rows", rows));
	buf_release(&sum);
	report_free(x);
	return 0;
}

const struct route vetting_report_routes[] = {
	{ "GET", "/api/vetting/disproportionality", api_report, ACCESS_API, VETTING_REPORT_ANY },
	{ "GET", "/vetting/disproportionality", report_page, ACCESS_PAGE, VETTING_REPORT_ANY },
	{ "GET", "/vetting/disproportionality.csv", report_csv, ACCESS_PAGE, VETTING_REPORT_ANY },
	{ "GET", "/vetting/disproportionality.xlsx", report_xlsx, ACCESS_PAGE, VETTING_REPORT_ANY },
	{ "GET", "/vetting/disproportionality.svg", report_svg, ACCESS_PAGE, VETTING_REPORT_ANY },
};
ROUTES_END(vetting_report);
