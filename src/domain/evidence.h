/* evidence.h — files attached to inspection findings as evidence.
 * A file is accepted only when its content is one of the allowed types
 * (PDF, PNG, JPEG, an Office Open XML document, or plain UTF-8 text/CSV),
 * whatever the browser claimed, and no larger than config
 * evidence.max_bytes (default 5 MiB). Those who manage findings
 * (governance, dcc, admin) attach and download; scrutiny and the PCC's
 * office see that evidence exists (name, type, size) but cannot download
 * it, since evidence may hold personal data. Every download is logged. */
#ifndef PROBITY_EVIDENCE_H
#define PROBITY_EVIDENCE_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include <stddef.h>
#include <stdint.h>

struct store;

struct evidence {
	int64_t id;
	int64_t finding_id;
	char filename[256];
	char ctype[96];
	int64_t size;
	char sha256[65];
	char description[501];
	char created_at[21];
};

/* The MIME type of p[0..n) if it is an allowed kind (filename's extension
 * decides between the text and Office variants), else NULL. */
const char *evidence_detect(const void *p, size_t n, const char *filename);

/* Attach a file to finding_id. Problems (no file, too large, wrong type,
 * description too long) go into errs with field "evidence". */
int evidence_attach(struct store *st, const struct actor *who, int64_t finding_id, const char *filename,
                    const void *data, size_t n, const char *description, int64_t *id, struct errlist *errs,
                    struct err *e);
typedef int (*evidence_fn)(void *ctx, const struct evidence *ev);
/* The finding's evidence, newest first (metadata only). */
int evidence_list(struct store *st, const struct actor *who, int64_t finding_id, evidence_fn fn, void *ctx,
                  struct err *e);
/* One file's metadata and bytes (appended to data) for download. */
int evidence_get(struct store *st, const struct actor *who, int64_t finding_id, int64_t id, struct evidence *out,
                 struct buf *data, struct err *e);
/* How a downloaded file is named and typed: by the record's reference and
 * the type detected in its bytes, never by the uploader's file name (which
 * could say .html over a PDF). name gets e.g. "EV000123.pdf"; *ctype is a
 * string literal ("application/octet-stream" for bytes no longer recognised,
 * named .bin). */
void evidence_download_name(const struct evidence *ev, const void *data, size_t n, char *name, size_t name_n,
                            const char **ctype);
/* True when who may download evidence. */
int evidence_may_download(const struct actor *who);

#endif
