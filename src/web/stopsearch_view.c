/* stopsearch_view.c — report table, trend charts and suppression (see
 * stopsearch_view.h). SVG coordinates are whole pixels written with %d. */
#include "web/stopsearch_view.h"
#include "web/layout.h"
#include "web/regpage.h"
#include "domain/disclosure.h"
#include "domain/useofforce.h"
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const char *ss_basis_label(int officer)
{
	return officer ? "Officer-defined ethnicity" : "Self-defined ethnicity";
}

unsigned ss_suppress_mask(const struct ss_row rows[SS_NGROUPS + 1], int64_t min)
{
	unsigned m = 0;
	int n = 0;
	if (min <= 0)
		return 0;
	for (int g = 0; g < SS_NGROUPS; g++)
		if (rows[g].c.searches > 0 && rows[g].c.searches < min) {
			m |= 1u << g;
			n++;
		}
	if (n == 1) {
		int best = -1;
		for (int g = 0; g < SS_NGROUPS; g++)
			if (!(m & (1u << g)) && rows[g].c.searches > 0 &&
			    (best < 0 || rows[g].c.searches < rows[best].c.searches))
				best = g;
		if (best >= 0)
			m |= 1u << best;
	}
	return m;
}

static const char *dash(const char *s) { return *s ? s : "–"; }

void ss_html_report(struct html *h, const struct ss_row rows[SS_NGROUPS + 1], const char *caption, unsigned suppress)
{
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table probity-ss-report\"><caption class=\"govuk-table__caption govuk-table__caption--m\">%s</caption>\n"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	          "<th scope=\"col\" class=\"govuk-table__header\">Group</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Searches</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Population</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Rate per 1,000</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Times as likely as White</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">95%% interval</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Arrests</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Arrest rate %%</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Find (linked outcome)</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Find rate %%</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Drug searches</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Drug find rate %%</th>"
	          "</tr></thead>\n<tbody class=\"govuk-table__body\">\n",
	       caption);
	for (int g = 0; g <= SS_NGROUPS; g++) {
		const struct ss_row *r = &rows[g];
		char pop[24] = "", ci[64] = "";
		if (r->has_pop)
			snprintf(pop, sizeof pop, "%lld", (long long)r->pop);
		if (*r->ci_low)
			snprintf(ci, sizeof ci, "%s to %s", r->ci_low, r->ci_high);
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>", r->group);
		if ((suppress & (1u << g)) || r->hidden) {
			html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">[c]</td>"
			          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
			          "<td class=\"govuk-table__cell govuk-table__cell--numeric\" colspan=\"10\">[c] fewer searches than the publication threshold</td></tr>\n",
			       dash(pop));
			continue;
		}
		html_f(h,
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%lld</td>"
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%lld</td>"
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%lld</td>"
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%lld</td>"
		       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
		       (long long)r->c.searches, dash(pop), r->not_comparable ? "not comparable" : dash(r->rate),
		       r->not_comparable ? "not comparable" : dash(r->ratio), dash(ci), (long long)r->c.arrests,
		       dash(r->arrest_pct), (long long)r->c.linked, dash(r->linked_pct), (long long)r->c.drugs,
		       dash(r->drug_pct));
	}
	html_f(h, "</tbody></table></div>\n");
}

/* ---- charts ---- */

static const char *const colours[5] = { "#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#0b0c0c" };
static const char *const dashes[5] = { "", "8 4", "2 3", "10 3 2 3", "" };
#define W 720
#define HGT 300
#define ML 56
#define MR 130
#define MT 16
#define MB 40

static int xpos(size_t i, size_t n)
{
	return n <= 1 ? ML + (W - ML - MR) / 2 : ML + (int)((double)(W - ML - MR) * (double)i / (double)(n - 1));
}

static int ypos(double v, double max)
{
	return MT + (int)lround((double)(HGT - MT - MB) * (1.0 - v / max));
}

static double nice_max(double v)
{
	if (!(v > 0))
		return 1;
	double p = pow(10, floor(log10(v)));
	double steps[] = { 1, 2, 2.5, 5, 10 };
	for (size_t i = 0; i < 5; i++)
		if (v <= steps[i] * p)
			return steps[i] * p;
	return 10 * p;
}

static void axis(struct html *h, size_t n, const struct ss_month *m, double max, const char *unit)
{
	for (int k = 0; k <= 4; k++) {
		double v = max * k / 4;
		char lab[32];
		snprintf(lab, sizeof lab, "%g", v);
		int y = ypos(v, max);
		html_f(h, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b1b4b6\" stroke-width=\"1\"/>"
		          "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" fill=\"#0b0c0c\">%s</text>\n",
		       ML, y, W - MR, y, ML - 6, y + 4, lab);
	}
	size_t step = n > 12 ? (n + 11) / 12 : 1;
	for (size_t i = 0; i < n; i += step)
		html_f(h, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" fill=\"#0b0c0c\">%s</text>\n",
		       xpos(i, n), HGT - MB + 18, m[i].month);
	html_f(h, "<text x=\"12\" y=\"%d\" font-size=\"12\" fill=\"#0b0c0c\" transform=\"rotate(-90 12 %d)\" "
	          "text-anchor=\"middle\">%s</text>\n",
	       HGT / 2, HGT / 2, unit);
}

static int suppressed(const struct ss_month *m, int g, int64_t min)
{
	if (m->rows[g].hidden)
		return 1;
	return g < SS_NGROUPS && (ss_suppress_mask(m->rows, min) & (1u << g));
}

const struct ss_trend_words ss_trend_searches = { "searches", "Searches", "Stop and search", "search", "searched" };

void ss_html_trend(struct html *h, const struct ss_month *m, size_t n, const char *id, int64_t min)
{
	ss_html_trend_words(h, m, n, id, min, &ss_trend_searches);
}

void ss_html_trend_words(struct html *h, const struct ss_month *m, size_t n, const char *id, int64_t min,
                         const struct ss_trend_words *w)
{
	if (!n) {
		html_f(h, "<p class=\"govuk-body\">There are no %s in this period.</p>\n", w->things);
		return;
	}
	/* Rates. */
	double max = 0;
	for (size_t i = 0; i < n; i++)
		for (int g = 0; g < 5; g++)
			if (!isnan(m[i].rows[g].rate_v) && !suppressed(&m[i], g, min) && m[i].rows[g].rate_v > max)
				max = m[i].rows[g].rate_v;
	max = nice_max(max);
	html_f(h, "<h3 class=\"govuk-heading-s\">%s per 1,000 people, by month</h3>\n"
	          "<svg class=\"probity-chart\" width=\"100%%\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%a-rt %a-rd\">"
	          "<title id=\"%a-rt\">%s rate per 1,000 people by ethnic group, %s to %s</title>"
	          "<desc id=\"%a-rd\">Line chart with one line for each of Asian, Black, Mixed, Other and White: %s in the month "
	          "divided by the group's population, times 1,000. The same figures are in the table after the chart.</desc>\n",
	       w->Things, W, HGT, id, id, id, w->Title, m[0].month, m[n - 1].month, id, w->things);
	axis(h, n, m, max, "per 1,000");
	for (int g = 0; g < 5; g++) {
		html_f(h, "<polyline fill=\"none\" stroke=\"%a\" stroke-width=\"2\" stroke-dasharray=\"%a\" points=\"",
		       colours[g], dashes[g]);
		for (size_t i = 0; i < n; i++)
			if (!isnan(m[i].rows[g].rate_v) && !suppressed(&m[i], g, min))
				html_f(h, "%d,%d ", xpos(i, n), ypos(m[i].rows[g].rate_v, max));
		html_f(h, "\"/>\n");
		for (size_t i = 0; i < n; i++)
			if (!isnan(m[i].rows[g].rate_v) && !suppressed(&m[i], g, min))
				html_f(h, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%a\"/>", xpos(i, n),
				       ypos(m[i].rows[g].rate_v, max), colours[g]);
		html_f(h, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%a\" stroke-width=\"2\" stroke-dasharray=\"%a\"/>"
		          "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#0b0c0c\">%s</text>\n",
		       W - MR + 10, MT + 10 + g * 20, W - MR + 40, MT + 10 + g * 20, colours[g], dashes[g], W - MR + 46,
		       MT + 14 + g * 20, ss_group_names[g]);
	}
	html_f(h, "</svg>\n");
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
	          "%s per 1,000 people by month (the chart's data)</caption>\n<thead class=\"govuk-table__head\">"
	          "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Month</th>", w->Things);
	for (int g = 0; g < 5; g++)
		html_f(h, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th>", ss_group_names[g]);
	html_f(h, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">All %s</th></tr></thead>"
	          "<tbody class=\"govuk-table__body\">\n", w->things);
	for (size_t i = 0; i < n; i++) {
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>", m[i].month);
		for (int g = 0; g < 5; g++)
			html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>",
			       suppressed(&m[i], g, min) ? "[c]" : dash(m[i].rows[g].rate));
		html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%lld</td></tr>\n",
		       (long long)m[i].rows[SS_TOTAL].c.searches);
	}
	html_f(h, "</tbody></table></div>\n");

	/* Ratios with intervals. */
	max = 0;
	for (size_t i = 0; i < n; i++)
		for (int g = 0; g < 4; g++) {
			if (suppressed(&m[i], g, min))
				continue;
			double v = !isnan(m[i].rows[g].ci_high_v) ? m[i].rows[g].ci_high_v : m[i].rows[g].ratio_v;
			if (!isnan(v) && v > max)
				max = v;
		}
	if (max < 1)
		max = 1;
	max = nice_max(max);
	html_f(h, "<h3 class=\"govuk-heading-s\">How many times as likely as White people to be %s, by month</h3>\n"
	          "<svg class=\"probity-chart\" width=\"100%%\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%a-qt %a-qd\">"
	          "<title id=\"%a-qt\">Ratio of each group's %s rate to the White rate, with 95%% intervals, %s to %s</title>"
	          "<desc id=\"%a-qd\">For Asian, Black, Mixed and Other, a point for the ratio in each month and a vertical line for "
	          "its 95%% confidence interval; the grey line marks 1, the same rate as White people. The same figures are in "
	          "the table after the chart.</desc>\n",
	       w->verbed, W, HGT, id, id, id, w->verb, m[0].month, m[n - 1].month, id);
	axis(h, n, m, max, "times as likely");
	int y1 = ypos(1, max);
	html_f(h, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#505a5f\" stroke-width=\"2\"/>\n", ML, y1, W - MR, y1);
	for (int g = 0; g < 4; g++) {
		int off = (g - 2) * 5 + 2;
		for (size_t i = 0; i < n; i++) {
			const struct ss_row *r = &m[i].rows[g];
			if (isnan(r->ratio_v) || suppressed(&m[i], g, min))
				continue;
			int x = xpos(i, n) + off;
			if (!isnan(r->ci_low_v))
				html_f(h, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%a\" stroke-width=\"2\"/>", x,
				       ypos(fmin(r->ci_low_v, max), max), x, ypos(fmin(r->ci_high_v, max), max), colours[g]);
			html_f(h, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%a\"/>", x, ypos(fmin(r->ratio_v, max), max),
			       colours[g]);
		}
		html_f(h, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%a\"/><text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#0b0c0c\">%s</text>\n",
		       W - MR + 20, MT + 10 + g * 20, colours[g], W - MR + 32, MT + 14 + g * 20, ss_group_names[g]);
	}
	html_f(h, "</svg>\n");
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
	          "Times as likely as White people, with 95%% intervals, by month (the chart's data)</caption>\n"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	          "<th scope=\"col\" class=\"govuk-table__header\">Month</th>");
	for (int g = 0; g < 4; g++)
		html_f(h, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th>", ss_group_names[g]);
	html_f(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
	for (size_t i = 0; i < n; i++) {
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>", m[i].month);
		for (int g = 0; g < 4; g++) {
			const struct ss_row *r = &m[i].rows[g];
			char cell[80];
			if (suppressed(&m[i], g, min))
				snprintf(cell, sizeof cell, "[c]");
			else if (*r->ci_low)
				snprintf(cell, sizeof cell, "%s (%s to %s)", r->ratio, r->ci_low, r->ci_high);
			else
				snprintf(cell, sizeof cell, "%s", dash(r->ratio));
			html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>", cell);
		}
		html_f(h, "</tr>\n");
	}
	html_f(h, "</tbody></table></div>\n");
}

/* ---- find rates and caveats ---- */

static void finds_head(struct html *h, const char *caption, const char *first)
{
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">%s</caption>"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	          "<th scope=\"col\" class=\"govuk-table__header\">%s</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Searches</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Finds (linked outcome)</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Find rate %%</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">95%% Wilson interval</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Coverage %%</th>"
	          "</tr></thead><tbody class=\"govuk-table__body\">\n",
	       caption, first);
}

void ss_html_finds(struct html *h, const struct ss_finds *f)
{
	html_f(h, "<h2 class=\"govuk-heading-m\" id=\"find-rates\">Find rates</h2>\n"
	          "<p class=\"govuk-body\">A find is a search whose outcome is marked as linked to the object of the search. "
	          "The find rate is finds ÷ searches; the 95%% Wilson interval is the range the rate probably lies in; "
	          "coverage is the share of searches where \"Outcome linked to object of search\" was filled in at all "
	          "(a blank counts as no find).</p>\n");
	for (int d = 0; d < SS_FIND_NDIM; d++) {
		const char *last = NULL;
		int open = 0;
		long withheld = 0;
		for (size_t i = 0; i < f->n; i++) {
			const struct ss_find_row *r = &f->rows[i];
			if (r->dim != d)
				continue;
			if (d == SS_BY_OBJECT_GROUP ? (!last || strcmp(last, r->label)) : !open) {
				if (open)
					html_f(h, "</tbody></table></div>\n");
				char cap[256];
				if (d == SS_BY_OBJECT_GROUP)
					snprintf(cap, sizeof cap, "Find rate by %s: %s", f->officer ? "officer-defined ethnicity"
					                                                           : "self-defined ethnicity", r->label);
				else
					snprintf(cap, sizeof cap, "Find rate by %s", ss_find_dim_names[d]);
				finds_head(h, cap, d == SS_BY_OBJECT_GROUP ? "Group" : ss_find_dim_names[d]);
				open = 1;
				last = r->label;
			}
			if (r->hidden) {
				withheld++;
				continue; /* a row whose cells are all withheld is not named */
			}
			char ci[64] = "";
			if (*r->lo)
				snprintf(ci, sizeof ci, "%s to %s", r->lo, r->hi);
			html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
			          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
			          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
			          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
			          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
			          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
			       d == SS_BY_OBJECT_GROUP ? ss_group_names[r->grp] : r->label, r->searches, r->finds, dash(r->rate),
			       dash(ci), dash(r->coverage));
		}
		if (open)
			html_f(h, "</tbody></table>\n");
		if (withheld)
			html_f(h, "<p class=\"govuk-body-s\">%I row%s of the %s table%s withheld: fewer than %I searches, or "
			          "enough to work out one that was ([c]).</p>\n",
			       (int64_t)withheld, withheld == 1 ? "" : "s", ss_find_dim_names[d],
			       d == SS_BY_OBJECT_GROUP ? "s" : "", (int64_t)f->k);
	}
	if (!f->force_records)
		return;
	html_f(h, "<h3 class=\"govuk-heading-s\">Drug searches: possession only or supply (the force's own records)</h3>\n"
	          "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
	          "Drug searches by %s and suspected offence</caption>"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	          "<th scope=\"col\" class=\"govuk-table__header\">Group</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Drug searches</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Possession only</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Supply</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Share for possession only %%</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">95%% Wilson interval</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Find rate, possession %%</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Find rate, supply %%</th>"
	          "</tr></thead><tbody class=\"govuk-table__body\">\n",
	       f->officer ? "officer-defined ethnicity" : "self-defined ethnicity");
	for (int g = 0; g <= SS_NGROUPS; g++) {
		const struct ss_drug_row *d = &f->drugs[g];
		if (d->hidden) {
			html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
			          "<td class=\"govuk-table__cell govuk-table__cell--numeric\" colspan=\"7\">[c]</td></tr>\n",
			       ss_group_names[g]);
			continue;
		}
		if (!d->drugs && g != SS_TOTAL)
			continue;
		char ci[64] = "";
		if (*d->poss_lo)
			snprintf(ci, sizeof ci, "%s to %s", d->poss_lo, d->poss_hi);
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
		       ss_group_names[g], d->drugs, d->possession, d->supply, dash(d->poss_share), dash(ci),
		       dash(d->poss_find), dash(d->supply_find));
	}
	html_f(h, "</tbody></table></div>\n");
}

void ss_html_caveats(struct html *h, const struct ss_row rows[SS_NGROUPS + 1], const struct ss_finds *f,
                     const char *pop_source)
{
	const struct ss_row *t = &rows[SS_TOTAL];
	html_f(h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
	          "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
	          "Read these figures with their caveats.</strong></div>\n<ul class=\"govuk-list govuk-list--bullet\" "
	          "id=\"caveats\">\n");
	if (*pop_source)
		html_f(h, "<li>Populations: %s. Rates compare searches in the period with the residents counted then; people "
		          "searched need not live in the area.</li>\n", pop_source);
	else
		html_f(h, "<li>Populations: the source of this area's populations was not recorded when they were imported.</li>\n");
	if (f->searches) {
		char cov[24], unk[24];
		ss_fmt2((double)ss_hundredths(f->linked_known, f->searches, 100) / 100.0, cov);
		ss_fmt2((double)ss_hundredths(f->not_stated, f->searches, 100) / 100.0, unk);
		html_f(h, "<li>Find rates: \"Outcome linked to object of search\" is filled in for %s%% of searches; a blank "
		          "counts as no find%s.</li>\n",
		       cov, f->linked_known * 2 < f->searches ? ", so find rates here are unreliable" : "");
		/* under disclosure control a count of 1 to k-1 is not given, not even as a share */
		if (f->suppressed && disclosure_small((long)f->not_stated, f->k))
			html_f(h, "<li>Ethnicity was not stated or not recorded for fewer than %I searches: they count in the total "
			          "but in no group, so every group's rate is a minimum.</li>\n", (int64_t)f->k);
		else
			html_f(h, "<li>Ethnicity was not stated or not recorded for %s%% of searches: they count in the total but "
			          "in no group, so every group's rate is a minimum.</li>\n", unk);
		if (f->nfa_linked && f->suppressed && disclosure_small((long)f->nfa_linked, f->k))
			html_f(h, "<li>Fewer than %I searches with the outcome \"no further action\" are marked as linked to the "
			          "object of the search, which looks doubtful: they count as finds here.</li>\n", (int64_t)f->k);
		else if (f->nfa_linked)
			html_f(h, "<li>%I search%s with the outcome \"no further action\" %s marked as linked to the object of the "
			          "search, which looks doubtful: they count as finds here.</li>\n",
			       f->nfa_linked, f->nfa_linked == 1 ? "" : "es", f->nfa_linked == 1 ? "is" : "are");
	} else if (t->c.searches) {
		html_f(h, "<li>Find rates are not shown.</li>\n");
	}
	if (f->officer)
		html_f(h, "<li>Officer-defined ethnicity is the officer's perception, compared here with populations that "
		          "defined their own ethnicity. The officer categories have no Mixed group, so Mixed is shown as "
		          "\"not comparable\", not as a rate of 0.</li>\n");
	if (f->suppressed)
		html_f(h, "<li>Disclosure control: a figure based on fewer than %I searches is withheld ([c]), and so is the next "
		          "smallest where the withheld one could be worked out from a total.</li>\n", (int64_t)f->k);
	html_f(h, "</ul>\n");
}

void ss_html_years(struct html *h, const struct ss_year *y, size_t n, const char *base_href)
{
	if (!n)
		return;
	html_f(h, "<h2 class=\"govuk-heading-m\" id=\"years\">Year by year</h2>\n"
	          "<p class=\"govuk-body\">Searches per 1,000 residents of each group in each calendar year, and how many times "
	          "as likely as White people (in brackets). A year with fewer than 12 months of data is a part year: its "
	          "rates are for those months only.</p>\n");
	if (base_href) {
		html_f(h, "<p class=\"govuk-body\">Show one year:");
		for (size_t i = 0; i < n; i++)
			html_f(h, " <a class=\"govuk-link\" href=\"%a&amp;from=%a-01&amp;to=%a-12\">%s</a>", base_href, y[i].year,
			       y[i].year, y[i].year);
		html_f(h, "</p>\n");
	}
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">Rate per "
	          "1,000 by year</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	          "<th scope=\"col\" class=\"govuk-table__header\">Year</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Months</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Searches</th>");
	for (int g = 0; g < 5; g++)
		html_f(h, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th>", ss_group_names[g]);
	html_f(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct ss_row *t = &y[i].rows[SS_TOTAL];
		char tot[24];
		if (t->hidden)
			snprintf(tot, sizeof tot, "[c]");
		else
			snprintf(tot, sizeof tot, "%lld", (long long)t->c.searches);
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s%s</th>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>",
		       y[i].year, y[i].months < 12 ? " (part year)" : "", y[i].months, tot);
		for (int g = 0; g < 5; g++) {
			const struct ss_row *r = &y[i].rows[g];
			char cell[64];
			if (r->hidden)
				snprintf(cell, sizeof cell, "[c]");
			else if (r->not_comparable)
				snprintf(cell, sizeof cell, "not comparable");
			else if (*r->rate && *r->ratio && g != SS_WHITE)
				snprintf(cell, sizeof cell, "%s (%s)", r->rate, r->ratio);
			else
				snprintf(cell, sizeof cell, "%s", dash(r->rate));
			html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>", cell);
		}
		html_f(h, "</tr>\n");
	}
	html_f(h, "</tbody></table></div>\n");
}

void uof_html_report(struct html *h, const struct uof_report *r, const char *caption)
{
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">%s</caption>\n"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	          "<th scope=\"col\" class=\"govuk-table__header\">Group</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">People</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Population</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Rate per 1,000</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Times as likely as White</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">95%% interval</th>"
	          "</tr></thead>\n<tbody class=\"govuk-table__body\">\n",
	       caption);
	for (int i = 0; i < 7; i++) {
		int g = uof_order[i];
		const struct ss_row *x = &r->rows[g];
		char pop[24] = "", ppl[24], ci[64] = "";
		if (x->has_pop)
			snprintf(pop, sizeof pop, "%lld", (long long)x->pop);
		if (r->hidden & (1u << g))
			snprintf(ppl, sizeof ppl, "[c]");
		else
			snprintf(ppl, sizeof ppl, "%lld", (long long)x->c.searches);
		if (*x->ci_low)
			snprintf(ci, sizeof ci, "%s to %s", x->ci_low, x->ci_high);
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
		       uof_group_name(g), ppl, dash(pop), dash(x->rate), dash(x->ratio), dash(ci));
	}
	html_f(h, "</tbody></table></div>\n");
}

void dip_html_published(struct html *h, struct store *st, const struct dip_published *p, int *shown, int64_t id,
                        const char *caption)
{
	if (!(*shown)++)
		html_f(h, "%R", p->intro);
	struct ss_sample_group g[SS_NGROUPS + 1];
	struct err e = { 0 };
	if (!p->groups(st, id, g, &e))
		dip_html_result(h, caption, g, p->yes_label, p->group_name, p->k);
}

void dip_html_result(struct html *h, const char *caption, const struct ss_sample_group g[SS_NGROUPS + 1],
                     const char *yes_label, const char *(*group_name)(int), long k)
{
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">%s</caption>"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	          "<th scope=\"col\" class=\"govuk-table__header\">Group</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Assessed</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">95%% interval</th></tr></thead>"
	          "<tbody class=\"govuk-table__body\">\n",
	       caption, yes_label);
	for (int j = 0; j <= SS_NGROUPS; j++) {
		if (j < SS_NGROUPS && !g[j].assessed)
			continue;
		char pct[24], lo[24], hi[24], ci[64], cnt[24], share[32];
		double l, u;
		ss_fmt2((double)ss_hundredths(g[j].yes, g[j].assessed, 100) / 100.0, pct);
		ss_wilson(g[j].yes, g[j].assessed, &l, &u);
		ss_fmt2(l, lo);
		ss_fmt2(u, hi);
		snprintf(ci, sizeof ci, "%s%% to %s%%", lo, hi);
		snprintf(cnt, sizeof cnt, "%lld", (long long)g[j].assessed);
		snprintf(share, sizeof share, "%s%%", pct);
		int sup = j < SS_NGROUPS && disclosure_small((long)g[j].assessed, k);
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
		       group_name(j), sup ? "[c]" : cnt, sup ? "[c]" : share, sup ? "[c]" : ci);
	}
	html_f(h, "</tbody></table></div>\n");
}

void dip_wilson_text(int64_t y, int64_t n, char *out, size_t sz)
{
	if (!n) {
		snprintf(out, sz, "–");
		return;
	}
	double lo, hi;
	char p[24], l[24], u[24];
	ss_wilson(y, n, &lo, &hi);
	ss_fmt2((double)ss_hundredths(y, n, 100) / 100.0, p);
	ss_fmt2(lo, l);
	ss_fmt2(hi, u);
	snprintf(out, sz, "%s%% (%s%% to %s%%)", p, l, u);
}

void dip_wilson_json(json_t *o, int64_t y, int64_t n)
{
	if (!n) {
		json_object_set_new(o, "share", json_null());
		json_object_set_new(o, "interval", json_null());
		return;
	}
	double lo, hi;
	ss_wilson(y, n, &lo, &hi);
	json_object_set_new(o, "share", json_real((double)ss_hundredths(y, n, 100) / 100.0));
	json_object_set_new(o, "interval", json_pack("{s:f, s:f}", "low", round(lo * 100.0) / 100.0, "high",
	                                             round(hi * 100.0) / 100.0));
}

void dip_html_assess_form(struct html *h, const struct req *rq, const char *action, int position, const char *legend,
                          const struct option *opts, const char *comment_label, const char *saved_verdict,
                          const char *saved_comment, int mine, const struct errlist *errs)
{
	char pos[16];
	form_begin(h, rq, action);
	snprintf(pos, sizeof pos, "%d", position);
	form_hidden(h, "position", pos);
	html_f(h, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">"
	          "%s</legend><div class=\"govuk-radios govuk-radios--small govuk-radios--inline\">",
	       legend);
	const char *cur = mine ? req_form(rq, "verdict") : saved_verdict;
	for (int k = 0; k < 3; k++)
		html_f(h, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"v%d-%d\" name=\"verdict\" type=\"radio\" value=\"%a\"%s>"
		          "<label class=\"govuk-label govuk-radios__label\" for=\"v%d-%d\">%s</label></div>",
		       position, k, opts[k].value, cur && !strcmp(cur, opts[k].value) ? " checked" : "", position, k,
		       opts[k].label);
	html_f(h, "</div></fieldset></div>");
	const char *msg = mine && errs ? errlist_get(errs, "comment") : NULL;
	html_f(h, "<div class=\"govuk-form-group govuk-character-count%s\" data-module=\"govuk-character-count\" "
	          "data-maxlength=\"1000\"><label class=\"govuk-label\" for=\"c%d\">%s</label>",
	       msg ? " govuk-form-group--error" : "", position, comment_label);
	if (msg)
		html_f(h, "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>", msg);
	html_f(h, "<textarea class=\"govuk-textarea govuk-js-character-count\" id=\"c%d\" name=\"comment\" rows=\"2\" "
	          "aria-describedby=\"c%d-info\">%s</textarea><div id=\"c%d-info\" class=\"govuk-hint "
	          "govuk-character-count__message\">You can enter up to 1000 characters</div></div>",
	       position, position, mine ? (req_form(rq, "comment") ? req_form(rq, "comment") : "") : saved_comment,
	       position);
	form_button(h, "Save assessment", "secondary");
	form_end(h);
}

void dip_html_record_form(struct html *h, const struct req *rq, const char *base, int64_t id, int position,
                          const char *legend, const struct option *opts, const char *comment_label,
                          const char *saved_verdict, const char *saved_comment, int err_pos,
                          const struct errlist *errs)
{
	char action[96];
	snprintf(action, sizeof action, "%s/%lld/assess#r%d", base, (long long)id, position);
	dip_html_assess_form(h, rq, action, position, legend, opts, comment_label, saved_verdict, saved_comment,
	                     err_pos == position, errs);
}

void dip_html_groups(struct html *h, const struct ss_sample_group g[SS_NGROUPS + 1], const char *(*group_name)(int),
                     const char *const heads[4])
{
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Result by group\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Result by group</caption>"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	          "<th scope=\"col\" class=\"govuk-table__header\">Group</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Assessed</th>");
	for (int c = 0; c < 4; c++)
		html_f(h, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th>", heads[c]);
	html_f(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
	for (int k = 0; k <= SS_NGROUPS; k++) {
		if (k < SS_NGROUPS && !g[k].assessed)
			continue;
		char w[96];
		dip_wilson_text(g[k].yes, g[k].assessed, w, sizeof w);
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
		       group_name(k), g[k].assessed, g[k].yes, g[k].no, g[k].nei, w);
	}
	html_f(h, "</tbody></table></div>\n");
}

int dip_assess_post(struct req *rq, struct resp *rs, const struct dip_assess_page *pg)
{
	int64_t id = req_id(rq, "id");
	const char *p = req_form(rq, "position");
	int pos = p ? atoi(p) : 0;
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (!pg->assess(rq->store, rq->actor, id, pos, req_form(rq, "verdict"), req_form(rq, "comment"), &errs, &e)) {
		char loc[96];
		snprintf(loc, sizeof loc, "%s/%lld#r%d", pg->base, (long long)id, pos);
		resp_redirect(rs, loc);
		return 0;
	}
	if (e.code != ERR_INPUT)
		return page_fail(rq, rs, &e);
	return pg->page(rq, rs, pos, &errs);
}

void dip_html_samples_begin(struct html *h, const char *yes_head)
{
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Samples, newest first\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Samples, newest first</caption>"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	          "<th scope=\"col\" class=\"govuk-table__header\">Sample</th><th scope=\"col\" class=\"govuk-table__header\">Area and period</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Assessed</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th>"
	          "</tr></thead><tbody class=\"govuk-table__body\">\n",
	       yes_head);
}

void dip_html_samples_row(struct html *h, const char *base, const struct dip_list_row *r)
{
	char w[96];
	dip_wilson_text(r->yes, r->assessed, w, sizeof w);
	html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
	          "href=\"%a/%I\">Sample %I</a><br><span class=\"govuk-body-s\">drawn %D by %s</span></td>"
	          "<td class=\"govuk-table__cell\">%s</td>"
	          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I of %I</td>"
	          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
	       base, r->id, r->id, r->drawn_at, r->drawn_by, r->covers, r->assessed, r->size, w);
}

void dip_html_samples_end(struct html *h) { html_f(h, "</tbody></table></div>\n"); }

void dip_html_draw_begin(struct html *h, const struct req *rq, const char *base, const struct option *areas,
                         size_t n, const struct errlist *errs)
{
	char key[65];
	regpage_submit_key(rq, key);
	html_f(h, "<h2 class=\"govuk-heading-m\">Draw a new sample</h2>\n");
	form_begin(h, rq, base);
	form_hidden(h, "submit_key", key);
	form_select(h, &(struct field){ .name = "area", .label = "Police force area", .value = req_form(rq, "area"),
	                                .options = areas, .noptions = n, .errs = errs });
}

void dip_html_size_seed(struct html *h, const struct req *rq, const struct errlist *errs)
{
	form_input(h, &(struct field){ .name = "size", .label = "How many records", .value = req_form(rq, "size"),
	                               .inputmode = "numeric", .width = "govuk-input--width-4", .errs = errs });
	form_input(h, &(struct field){ .name = "seed", .label = "Seed (optional)",
	                               .hint = "Leave blank for a random draw. The seed is recorded, so the same seed draws the same records again.",
	                               .value = req_form(rq, "seed"), .inputmode = "numeric", .width = "govuk-input--width-20", .errs = errs });
}

void dip_html_record_begin(struct html *h, int position, int64_t size, const char *what, const char *ref)
{
	html_f(h, "<div class=\"govuk-summary-card\" id=\"r%d\"><div class=\"govuk-summary-card__title-wrapper\">"
	          "<h3 class=\"govuk-summary-card__title\">Record %d of %I: %s%s</h3></div><div class=\"govuk-summary-card__content\">",
	       position, position, size, what, ref);
}

void dip_html_record_end(struct html *h) { html_f(h, "</div></div>\n"); }

const char *ss_group_label(int g) { return ss_group_names[g]; }
