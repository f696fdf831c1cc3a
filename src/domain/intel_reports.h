/* intel_reports.h — the anonymous two-way reporting line (capability M6):
 * what a reporter sends and reads with their receipt, and the ACU's queue.
 *
 * THE GUARANTEES (with anon.h's mechanism): a report stores its text, an
 * optional category, metadata-free JPEG/PNG pictures, the receipt's
 * argon2id hash, and the day (no time) it came; messages are ordered by a
 * sequence number, never a timestamp. The reporter's side writes nothing
 * to the access log (whose rows carry a time) and takes no actor. The ACU
 * side is the ACU's alone; its reads and writes are access-logged like any
 * other, and the reporter sees "the counter-corruption unit", never who. */
#ifndef PROBITY_INTEL_REPORTS_H
#define PROBITY_INTEL_REPORTS_H

#include "core/err.h"
#include "domain/actor.h"
#include "domain/anon.h"
#include <stddef.h>
#include <stdint.h>

struct store;

#define ANON_TEXT_MAX 10000
#define ANON_FILES_MAX 4
#define ANON_FILE_MAX ((size_t)4 << 20)  /* and HTTP_UPLOAD_MAX (8 MiB) for the whole form */

struct anon_file { const void *data; size_t len; };

/* A new report: text required, category (a key) optional, files pictures.
 * receipt gets the receipt to show once. Field errors go into errs. */
int anon_report_submit(struct store *st, const char *text, const char *category, const struct anon_file *files,
                       size_t nfiles, char receipt[ANON_RECEIPT_SIZE], struct errlist *errs, struct err *e);
/* Check a report's text and category as anon_report_submit would, keeping
 * and logging nothing (check your answers before sending): ERR_INPUT with
 * errs. */
int anon_report_check(struct store *st, const char *text, const char *category, struct errlist *errs, struct err *e);
/* The report a receipt opens: *id, or ERR_NOTFOUND (the same message for
 * a malformed and an unknown receipt). */
int anon_report_open(struct store *st, const char *receipt, int64_t *id, struct err *e);

struct anon_msg {
	int64_t seq;
	char author[10];        /* reporter, acu */
	char day[11];
	char body[ANON_TEXT_MAX + 1];
	int attachments;
};
/* The reporter's view of their thread (after anon_report_open). */
int anon_report_thread(struct store *st, int64_t id, int (*fn)(void *ctx, const struct anon_msg *m), void *ctx,
                       struct err *e);
/* The reporter adds a message. */
int anon_report_reply(struct store *st, int64_t id, const char *text, struct errlist *errs, struct err *e);

/* ---- the ACU's side ---- */
struct anon_report_row {
	int64_t id, item_id;
	char received[11], status[12], category[24], category_name[96];
	int64_t messages, last_seq;
	char last_author[10];
	char first_text[201];
};
int anon_reports_list(struct store *st, const struct actor *who, int (*fn)(void *ctx, const struct anon_report_row *r),
                      void *ctx, struct err *e);
/* One report (row) and its thread (fn); the read is logged. */
int anon_report_get(struct store *st, const struct actor *who, int64_t id, struct anon_report_row *row,
                    int (*fn)(void *ctx, const struct anon_msg *m), void *ctx, struct err *e);
/* The ACU asks a question or answers in the thread. */
int anon_report_ask(struct store *st, const struct actor *who, int64_t id, const char *text, struct errlist *errs,
                    struct err *e);
/* An attachment's bytes (ACU, logged): *ctype and out (owned, free()). */
int anon_attachment_get(struct store *st, const struct actor *who, int64_t report_id, int64_t att_id, char ctype[16],
                        void **out, size_t *n, struct err *e);
/* The attachment ids of a report in order: fn(ctx, id, seq). */
int anon_attachments_list(struct store *st, const struct actor *who, int64_t report_id,
                          int (*fn)(void *ctx, int64_t id, int64_t seq), void *ctx, struct err *e);

#endif
