/* stopsearch_publish.c — the stop and search part of `probity publish`
 * (the parts mechanism of web/publish.h). For each area with records:
 * stopsearch/AREA.html (the report for all its months by self-defined
 * ethnicity, the month-by-month charts with their tables, and the results of
 * the reasonable-grounds dip samples) and stopsearch/AREA.csv (the report
 * in the CLI's format). Only aggregates: no officer identities, no record ids,
 * no grounds text. Disclosure control is disclosure.h's rule (k =
 * disclosure.k, default 10): a group with fewer than k searches is withheld
 * ("[c]"), and when only one group would be, the next smallest is too, so it
 * cannot be worked out from the total; per month the same rule applies to
 * each month's figures, and to the find-rate tables. Dip-sample groups with
 * fewer than k assessed records are withheld; the overall result is always
 * shown. The caveats of the internal page travel with the figures, and so
 * does governance's narrative for each period. */
#include "domain/config.h"
#include "domain/disclosure.h"
#include "domain/stopsearch.h"
#include "store/store.h"
#include "web/publish.h"
#include "web/stopsearch_view.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pub_areas_add(struct pub_areas *a, const char *area, const char *first, const char *last)
{
	if (a->n >= 64)
		return 1;
	struct pub_area *p = &a->v[a->n++];
	snprintf(p->area, sizeof p->area, "%s", area);
	snprintf(p->first, sizeof p->first, "%s", first);
	snprintf(p->last, sizeof p->last, "%s", last);
	return 0;
}

int pub_area_files(struct publish_ctx *ctx, const char *rel, struct buf *page, const char *relcsv, struct buf *csv,
                   struct err *e)
{
	int bad = page->oom || csv->oom || publish_file(ctx, rel, page, e) || publish_file(ctx, relcsv, csv, e);
	if (page->oom || csv->oom)
		err_set(e, ERR_NOMEM, "out of memory");
	buf_release(page);
	buf_release(csv);
	return bad ? -1 : 0;
}

static int collect(void *ctx, const char *area, const char *first, const char *last, int64_t searches, int64_t force)
{
	(void)searches; /* the ss_areas callback's shape: only names and months are used here */
	(void)force;
	return pub_areas_add(ctx, area, first, last);
}

void ss_slug(const char *s, char *out, size_t n)
{
	size_t j = 0;
	int dash = 0;
	for (; *s && j + 1 < n; s++) {
		if (isalnum((unsigned char)*s)) {
			out[j++] = (char)tolower((unsigned char)*s);
			dash = 0;
		} else if (!dash && j) {
			out[j++] = '-';
			dash = 1;
		}
	}
	while (j && out[j - 1] == '-')
		j--;
	out[j] = 0;
	if (!j)
		snprintf(out, n, "area");
}

static void samples_section(struct publish_ctx *ctx, struct html *h, const char *area, int64_t min)
{
	struct ss_sample *v;
	size_t n;
	struct err e = { 0 };
	if (ss_samples_list(ctx->st, NULL, &v, &n, &e))
		return;
	const struct dip_published pub = {
		"<h2 class=\"govuk-heading-m\">Reasonable grounds: dip samples</h2>\n"
		"<p class=\"govuk-body\">Independent panel members read the grounds written on random samples of search "
		"records and judged whether reasonable grounds were recorded. The interval is a 95% Wilson interval.</p>\n",
		"Reasonable grounds recorded", ss_group_label, ss_sample_groups, (long)min
	};
	int shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].area, area) || !v[i].assessed)
			continue;
		char cap[160];
		snprintf(cap, sizeof cap, "Sample of %s to %s%s: %lld records assessed", v[i].from, v[i].to,
		         v[i].stratified ? ", stratified by ethnic group" : "", (long long)v[i].assessed);
		dip_html_published(h, ctx->st, &pub, &shown, v[i].id, cap);
	}
	free(v);
}

static int narrative_pub(void *ctx, const struct ss_narrative *n)
{
	struct html *h = ctx;
	html_f(h, "<h3 class=\"govuk-heading-s\">%s to %s</h3>\n<p class=\"govuk-body\"><strong>Reasons for the "
	          "disparities.</strong> %s</p>\n<p class=\"govuk-body\"><strong>Action taken.</strong> %s</p>\n",
	       n->from, n->to, n->reasons, n->action);
	return 0;
}

/* Governance's narratives for the area, latest period first. */
static void narratives_section(struct publish_ctx *ctx, struct html *h, const char *area)
{
	struct err e = { 0 };
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	struct html nh;
	html_init(&nh, &b);
	if (ss_narratives(ctx->st, NULL, area, NULL, NULL, narrative_pub, &nh, &e) > 0)
		html_f(h, "<h2 class=\"govuk-heading-m\" id=\"narrative\">What the force says about these figures, and what it "
		          "has done</h2>\n%R", buf_str(&b));
	buf_release(&b);
}

int publish_stopsearch(struct publish_ctx *ctx, struct err *e)
{
	struct pub_areas a = { 0 };
	if (ss_areas(ctx->st, collect, &a, e))
		return -1;
	if (!a.n)
		return 0;
	int64_t min = disclosure_k(ctx->st);
	struct buf sec = BUF_INIT;
	buf_init(&sec, 0);
	struct html hs;
	html_init(&hs, &sec);
	html_f(&hs, "<h2 class=\"govuk-heading-l\">Stop and search</h2>\n<p class=\"govuk-body\">How often people of each "
	            "ethnic group are searched compared with White people, what the searches find, and whether the "
	            "grounds written down were reasonable.</p>\n<ul class=\"govuk-list govuk-list--bullet\">\n");
	int rc = -1;
	for (int i = 0; i < a.n; i++) {
		struct ss_query q = { a.v[i].area, a.v[i].first, a.v[i].last, 0 };
		struct ss_row rows[SS_NGROUPS + 1];
		struct ss_month *m = NULL;
		size_t nm = 0;
		if (ss_report(ctx->st, NULL, &q, rows, e) || ss_trend(ctx->st, NULL, &q, &m, &nm, e))
			goto out;
		unsigned mask = ss_rows_disclose(rows, (long)min);
		struct ss_finds fr;
		char psrc[101];
		if (ss_finds(ctx->st, NULL, &q, 1, &fr, e)) {
			free(m);
			goto out;
		}
		if (ss_population_source(ctx->st, a.v[i].area, psrc, e)) {
			free(m);
			ss_finds_release(&fr);
			goto out;
		}
		char s[128], rel[160], relcsv[160];
		ss_slug(a.v[i].area, s, sizeof s);
		snprintf(rel, sizeof rel, "stopsearch/%s.html", s);
		snprintf(relcsv, sizeof relcsv, "stopsearch/%s.csv", s);
		struct buf b = BUF_INIT, csv = BUF_INIT;
		buf_init(&b, 0);
		buf_init(&csv, 0);
		struct html h;
		html_init(&h, &b);
		char title[200];
		snprintf(title, sizeof title, "Stop and search: %s", a.v[i].area);
		publish_page_begin(&h, title, 1);
		html_f(&h, "<span class=\"govuk-caption-l\">%s to %s · self-defined ethnicity</span>\n"
		           "<h1 class=\"govuk-heading-l\">%s</h1>\n"
		           "<p class=\"govuk-body\">Rates are per 1,000 residents of each group (%s) for the whole period, "
		           "not per year. \"Times as likely\" divides a group's rate by White people's; the 95%% interval shows how "
		           "far chance alone could move it. Searches are not people: one person may be searched more than once. "
		           "Groups with fewer than %I searches are not shown ([c]) to protect the people involved.</p>\n",
		       a.v[i].first, a.v[i].last, title, *psrc ? psrc : "population source not recorded", min);
		ss_html_caveats(&h, rows, &fr, psrc);
		ss_html_report(&h, rows, "Searches by ethnic group", mask);
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%a.csv\">This table as CSV</a></p>\n"
		           "<h2 class=\"govuk-heading-m\">Month by month</h2>\n", s);
		ss_html_trend(&h, m, nm, "trend", min);
		free(m);
		struct ss_year *yv = NULL;
		size_t ny = 0;
		if (ss_years(ctx->st, NULL, a.v[i].area, 0, &yv, &ny, e)) {
			ss_finds_release(&fr);
			buf_release(&b);
			buf_release(&csv);
			goto out;
		}
		for (size_t k = 0; k < ny; k++)
			ss_rows_disclose(yv[k].rows, (long)min);
		ss_html_years(&h, yv, ny, NULL);
		free(yv);
		ss_html_finds(&h, &fr);
		ss_finds_release(&fr);
		narratives_section(ctx, &h, a.v[i].area);
		samples_section(ctx, &h, a.v[i].area, min);
		html_f(&h, "<p class=\"govuk-body-s\">Contains public sector information licensed under the Open Government "
		           "Licence v3.0 (data.police.uk, Office for National Statistics).</p>\n");
		publish_page_end(&h);
		ss_report_csv_masked(rows, mask, &csv);
		if (pub_area_files(ctx, rel, &b, relcsv, &csv, e))
			goto out;
		html_f(&hs, "<li><a class=\"govuk-link\" href=\"%a\">%s</a>, %s to %s</li>\n", rel, a.v[i].area, a.v[i].first,
		       a.v[i].last);
		ctx->items++;
	}
	html_f(&hs, "</ul>\n");
	buf_adds(ctx->index, buf_str(&sec));
	rc = 0;
out:
	buf_release(&sec);
	return rc;
}
