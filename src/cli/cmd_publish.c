/* cmd_publish.c — probity publish --out DIR: write the public transparency
 * site (static HTML and open CSV of published records only; web/publish.h). */
#include "cli/cli.h"
#include "store/store.h"
#include "web/publish.h"
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: probity [--db FILE] publish --out DIR [--assets-root DIR]\n\n"
	"Write the public site into DIR (created if missing): DIR/index.html, the published\n"
	"PCC inspection response records (DIR/inspections/), the published independent panel\n"
	"reviews (DIR/reviews/) and DIR/findings.csv, the findings of published records with\n"
	"their status; DIR/conduct/ (how to complain, notices and outcomes of public misconduct\n"
	"hearings, each outcome kept complaints.hearing_retention_days after first publication,\n"
	"and the complaints figures with small numbers withheld). Drafts and staff personal data\n"
	"never appear. index.html is always\n"
	"written, saying so when nothing is published yet.\n\n"
	"The pages link DIR/assets/probity.css: Probity's stylesheet (GOV.UK Frontend's, with\n"
	"Probity's brand), its icons and the force's colour and logo (force_name, brand_colour,\n"
	"brand_logo in the configuration) are written into DIR/assets from the copies compiled\n"
	"into probity, or from the checkout at --assets-root DIR when given; accessibility.html\n"
	"and privacy.html are linked from every page's footer. Serve DIR as the root of the site.\n";

int cmd_publish(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, usage))
		return 0;
	struct publish_options o = { NULL, NULL };
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			o.out = argv[++i];
		else if (strncmp(argv[i], "--out=", 6) == 0)
			o.out = argv[i] + 6;
		else if (strcmp(argv[i], "--assets-root") == 0 && i + 1 < argc)
			o.assets_root = argv[++i];
		else
			return cli_usage(usage);
	}
	if (!o.out || !*o.out)
		return cli_usage(usage);
	struct store *st;
	if (cli_open_store(cli, &st))
		return 1;
	struct publish_stats s;
	struct err e = { 0 };
	int rc = publish_site(st, &o, &s, &e);
	store_close(st);
	if (rc)
		return cli_fail(&e);
	printf("published %ld record%s in %s/ (%ld files)%s\n", s.items, s.items == 1 ? "" : "s", o.out, s.files,
	       s.assets_copied ? ", with Probity's stylesheet and assets"
	                       : "; GOV.UK Frontend not found, so copy its stylesheet to assets/ yourself");
	return 0;
}
