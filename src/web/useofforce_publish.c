/* useofforce_publish.c — the use of force part of `probity publish` (the
 * parts mechanism of web/publish.h). For each area with records:
 * useofforce/AREA.html (the report for all its days by officer-perceived
 * ethnicity, taser discharge and firearms, the month-by-month charts with
 * their tables, and the results of the body-worn video dip samples) and
 * useofforce/AREA.csv (the report in the CLI's format). Only aggregates
 * through the disclosure-control rule (disclosure.h, the scrutiny panel's
 * view: [c] for a group of fewer than k people, and the next smallest when
 * only one would be): no officer identities, no incident references, no
 * comments. Dip-sample groups with fewer than k assessed are withheld; the
 * overall result is always shown. */
#include "core/date.h"
#include "domain/disclosure.h"
#include "domain/useofforce.h"
#include "web/publish.h"
#include "web/stopsearch_view.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int collect(void *ctx, const char *area, const char *first, const char *last, int64_t people)
{
	(void)people; /* the uof_areas callback's shape: only names and days are used here */
	return pub_areas_add(ctx, area, first, last);
}

static const struct ss_trend_words words = { "people subjected to force", "People subjected to force", "Use of force",
	                                     "use of force", "subjected to force" };

static void samples_section(struct publish_ctx *ctx, struct html *h, const char *area, long k)
{
	struct uof_sample *v;
	size_t n;
	struct err e = { 0 };
	if (uof_samples_list(ctx->st, NULL, &v, &n, &e))
		return;
	const struct dip_published pub = {
		"<h2 class=\"govuk-heading-m\">Was it proportionate? Body-worn video dip samples</h2>\n"
		"<p class=\"govuk-body\">Independent panel members watched the body-worn video of random samples of use of "
		"force and judged whether the force used was proportionate. The interval is a 95% Wilson interval.</p>\n",
		"Proportionate", uof_group_name, uof_sample_groups, k
	};
	int shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].area, area) || !v[i].assessed)
			continue;
		char cap[160], from[40], to[40];
		date_display(v[i].from, from, sizeof from);
		date_display(v[i].to, to, sizeof to);
		snprintf(cap, sizeof cap, "Sample of %s to %s: %lld records assessed", from, to, (long long)v[i].assessed);
		dip_html_published(h, ctx->st, &pub, &shown, v[i].id, cap);
	}
	free(v);
}

int publish_useofforce(struct publish_ctx *ctx, struct err *e)
{
	struct pub_areas a = { 0 };
	if (uof_areas(ctx->st, NULL, collect, &a, e))
		return -1;
	if (!a.n)
		return 0;
	long k = disclosure_k(ctx->st);
	struct buf sec = BUF_INIT;
	buf_init(&sec, 0);
	struct html hs;
	html_init(&hs, &sec);
	html_f(&hs, "<h2 class=\"govuk-heading-l\">Use of force</h2>\n<p class=\"govuk-body\">How often people of each "
	            "ethnic group are subjected to force compared with White people, taser and firearms in particular, and "
	            "whether independent panels judged it proportionate on body-worn video.</p>\n"
	            "<ul class=\"govuk-list govuk-list--bullet\">\n");
	int rc = -1;
	for (int i = 0; i < a.n; i++) {
		struct uof_query q = { a.v[i].area, a.v[i].first, a.v[i].last, NULL };
		struct uof_query qt = { a.v[i].area, a.v[i].first, a.v[i].last, UOF_TASER_DISCHARGE };
		struct uof_query qf = { a.v[i].area, a.v[i].first, a.v[i].last, UOF_FIREARMS };
		struct uof_report r, rt, rf;
		struct ss_month *m = NULL;
		size_t nm = 0;
		if (uof_report(ctx->st, NULL, &q, &r, e) || uof_report(ctx->st, NULL, &qt, &rt, e) ||
		    uof_report(ctx->st, NULL, &qf, &rf, e) || uof_trend(ctx->st, NULL, &q, &m, &nm, e))
			goto out;
		uof_report_disclose(ctx->st, &r);
		uof_report_disclose(ctx->st, &rt);
		uof_report_disclose(ctx->st, &rf);
		uof_trend_disclose(ctx->st, m, nm);
		char s[128], rel[160], relcsv[160];
		ss_slug(a.v[i].area, s, sizeof s);
		snprintf(rel, sizeof rel, "useofforce/%s.html", s);
		snprintf(relcsv, sizeof relcsv, "useofforce/%s.csv", s);
		struct buf b = BUF_INIT, csv = BUF_INIT;
		buf_init(&b, 0);
		buf_init(&csv, 0);
		struct html h;
		html_init(&h, &b);
		char title[200];
		snprintf(title, sizeof title, "Use of force: %s", a.v[i].area);
		publish_page_begin(&h, title, 1);
		html_f(&h, "<span class=\"govuk-caption-l\">%D to %D · officer-perceived ethnicity</span>\n"
		           "<h1 class=\"govuk-heading-l\">%s</h1>\n"
		           "<p class=\"govuk-body\">People subjected to force by the force's officers, per 1,000 residents of "
		           "each group (2011 census), for the whole period, not per year. \"Times as likely\" divides a group's "
		           "rate by White people's; the 95%% interval shows how far chance alone could move it. Groups with "
		           "fewer than %ld people are not shown ([c]), and when only one group would be hidden the next "
		           "smallest is hidden too, to protect the people involved.</p>\n",
		       a.v[i].first, a.v[i].last, title, k);
		uof_html_report(&h, &r, "People subjected to force, by ethnic group");
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%a.csv\">This table as CSV</a></p>\n", s);
		uof_html_report(&h, &rt, "Taser discharged (fired or drive stun)");
		uof_html_report(&h, &rf, "Firearms aimed or fired");
		html_f(&h, "<h2 class=\"govuk-heading-m\">Month by month</h2>\n");
		ss_html_trend_words(&h, m, nm, "trend", 0, &words);
		free(m);
		samples_section(ctx, &h, a.v[i].area, k);
		html_f(&h, "<p class=\"govuk-body-s\">Contains public sector information licensed under the Open Government "
		           "Licence v3.0 (Office for National Statistics).</p>\n");
		publish_page_end(&h);
		uof_report_csv(&r, &csv);
		if (pub_area_files(ctx, rel, &b, relcsv, &csv, e))
			goto out;
		html_f(&hs, "<li><a class=\"govuk-link\" href=\"%a\">%s</a>, %D to %D</li>\n", rel, a.v[i].area, a.v[i].first,
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
