/* publish.h — the public transparency site (M13): `probity publish --out DIR`
 * writes static HTML in the GOV.UK look, and open CSV, of what has been
 * published, and nothing else: drafts and staff personal data never appear.
 *
 * The site is built from parts, one per capability (inspections and panel
 * reviews now; the registers later). A part writes its own files under DIR
 * through publish_file and appends its section of DIR/index.html to
 * ctx->index; it counts what it published in ctx->items. To add a part,
 * write its function (e.g. in src/web/registers_publish.c), declare it here
 * and add it to parts[] in publish.c. DIR/index.html is always written, with
 * an empty state when nothing is published yet. */
#ifndef PROBITY_PUBLISH_H
#define PROBITY_PUBLISH_H

#include "core/buf.h"
#include "core/err.h"
#include "web/html.h"

struct store;

struct publish_ctx {
	struct store *st;
	const char *dir;        /* output directory */
	struct buf *index;      /* the parts' sections of index.html (markup) */
	long items;             /* records published, all parts */
	long files;             /* files written */
};

struct publish_options {
	const char *out;        /* DIR, created if missing */
	const char *assets_root;/* holds node_modules/govuk-frontend (NULL: the copies compiled in) */
};

struct publish_stats {
	long items, files;
	int assets_copied;      /* 1 when the stylesheet and assets were copied */
};

int publish_site(struct store *st, const struct publish_options *o, struct publish_stats *s, struct err *e);

/* For parts: the page skeleton; depth is how many folders below DIR the page
 * is (0 for DIR/x.html), so the stylesheet link is relative. */
void publish_page_begin(struct html *h, const char *title, int depth);
void publish_page_end(struct html *h);
/* Text with blank-line-separated paragraphs as <p class="govuk-body">
 * elements (escaped); single newlines become <br>; a paragraph whose every
 * line starts with "- ", "* " or "• " becomes a bulleted list. Shared with the pages. */
void html_paragraphs(struct html *h, const char *text);
/* Write b to DIR/relpath (creating one level of folder if needed). */
int publish_file(struct publish_ctx *ctx, const char *relpath, const struct buf *b, struct err *e);
/* A part's section of DIR/index.html: its heading and one link to its pages. */
void publish_index_link(struct publish_ctx *ctx, const char *heading, const char *href, const char *text);

/* The parts. */
int publish_inspections(struct publish_ctx *ctx, struct err *e);
int publish_stopsearch(struct publish_ctx *ctx, struct err *e);   /* web/stopsearch_publish.c */
int publish_useofforce(struct publish_ctx *ctx, struct err *e);   /* web/useofforce_publish.c */
/* Chief officers' gifts and hospitality and business interests (registers_publish.c). */
int publish_registers(struct publish_ctx *ctx, struct err *e);
/* How to complain, public hearings and outcomes, the bulletin figures (complaints_publish.c). */
int publish_complaints(struct publish_ctx *ctx, struct err *e);
/* The share of each directorate up to date on integrity training (training_publish.c). */
int publish_training(struct publish_ctx *ctx, struct err *e);
/* The ethics panel's case studies the chair put on the public site (ethics_publish.c). */
int publish_ethics(struct publish_ctx *ctx, struct err *e);

#endif
