/* accesslog.h — Probity's own tamper-evident access log.
 * Every view or change of a sensitive record, every list viewed (with its
 * filters) and every refusal is appended here: who, when, what, the action
 * and its outcome. Each row carries a MAC (HMAC-SHA-512-256) keyed with a
 * secret held OUTSIDE the database — the log key file, by default
 * "<database>.logkey" (mode 0600, made by `probity init`, `serve` or the
 * first write), or $PROBITY_LOG_KEY / --log-key FILE — over the previous
 * row's MAC and this row's fields. Editing, deleting, inserting or
 * recomputing rows breaks the chain for anyone without the key; cutting
 * rows off the end is caught against an anchor (the head's sequence number
 * and MAC, kept elsewhere: see alog_head and alog_verify_anchored).
 *
 * Upgrade: rows written before the key existed keep their unkeyed SHA-256
 * chain; the first keyed row is a "log.keyed" start row whose MAC covers the
 * last unkeyed hash, so the old rows are fixed from then on. Every row after
 * the start row must verify with the key. */
#ifndef PROBITY_ACCESSLOG_H
#define PROBITY_ACCESSLOG_H

#include "core/err.h"
#include "domain/actor.h"
#include <stddef.h>
#include <stdint.h>

struct store;

/* Environment variable naming the log key file (overrides "<db>.logkey"). */
#define ALOG_KEY_ENV "PROBITY_LOG_KEY"

/* Append one row. who may be NULL (the system). outcome: "ok", "refused",
 * "failed". Joins the caller's transaction if one is open; outside one,
 * the row is committed with the rows other threads of the process are
 * appending at the same moment (one transaction, in queue order), and the
 * call returns once it is committed, or with the batch's error (ERR_BUSY
 * when the database stayed locked: st's last error says so too). Fails
 * (and nothing is written) when the log key is missing but keyed rows
 * exist. */
int alog_write(struct store *st, const struct actor *who, const char *action, const char *object_type,
               const char *object_id, const char *outcome, const char *detail, struct err *e);
/* As alog_write with an integer object id. */
int alog_writei(struct store *st, const struct actor *who, const char *action, const char *object_type,
                int64_t object_id, const char *outcome, const char *detail, struct err *e);

/* A list viewed: one row (action "list", object_type what, object_id scope,
 * outcome "ok") whose detail is the filters, printf-style. The one helper
 * every domain list function calls, so the web, the API and the CLI log
 * alike. Returns alog_write's status: a caller refuses the list when it
 * cannot be logged. */
int alog_list(struct store *st, const struct actor *who, const char *what, const char *scope, struct err *e,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A role check: 0 when who holds one of roles; otherwise log the refusal
 * (action, object_type, object_id, "refused", "role") and return
 * ERR_DENIED with msg in e. */
int alog_require(struct store *st, const struct actor *who, unsigned roles, const char *action,
                 const char *object_type, int64_t object_id, const char *msg, struct err *e);

/* The log key file for st: $PROBITY_LOG_KEY when set, else the database
 * path followed by ".logkey"; "" for a PostgreSQL database without
 * $PROBITY_LOG_KEY (its key must be named: there is no file to sit beside). */
void alog_key_path(const struct store *st, char *out, size_t n);

/* A key for another purpose derived from the log key (BLAKE2b keyed with
 * it over context): a secret kept outside the database, like the log key.
 * out gets n bytes (16..64). 0, or -1 with e set (no key). */
int alog_derive_key(struct store *st, const char *context, unsigned char *out, size_t n, struct err *e);

/* Make the log ready: create the key file (0600) if neither it nor keyed
 * rows exist, and write the keyed chain's start row if there is none.
 * `probity init` and `probity serve` call it so a bad key stops start-up. */
int alog_start(struct store *st, struct err *e);

/* A point of the chain to keep elsewhere: row seq and its MAC (hex). */
struct alog_anchor {
	int64_t seq;
	char mac[65];
};
/* The head (last row) of the log; ERR_NOTFOUND when the log is empty. */
int alog_head(struct store *st, struct alog_anchor *out, struct err *e);
/* Write an anchor as one line "log-anchor seq=N mac=HEX at=TIME" (no newline)
 * into out[0..n). Server log lines and `probity log anchor` use it. */
void alog_anchor_line(const struct alog_anchor *a, char *out, size_t n);
/* Read the anchor in a line holding "seq=N" and "mac=HEX" (other words are
 * ignored, so a server log line works): 1 when found, 0 when not. */
int alog_anchor_parse(const char *line, struct alog_anchor *out);

/* Check the whole chain. Returns 0 when intact; 1 when a row was altered,
 * removed or inserted (*bad_id is the first such row, msg says what);
 * -1 on a storage error or a missing/unreadable key (e set). */
int alog_verify(struct store *st, int64_t *bad_id, int64_t *rows, char *msg, size_t n, struct err *e);
/* As alog_verify, and also check each of the anchors: the anchored row must
 * still be there (else the log was cut) with the anchored MAC (else it was
 * rewritten or recomputed). */
int alog_verify_anchored(struct store *st, const struct alog_anchor *anchors, size_t nanchors, int64_t *bad_id,
                         int64_t *rows, char *msg, size_t n, struct err *e);

#endif
