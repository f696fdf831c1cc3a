/* accesslog.h — Probity's own tamper-evident access log.
 * Every view or change of a sensitive record, and every refusal, is
 * appended here: who, when, what, the action and its outcome. Each row's
 * hash is SHA-256 over the previous row's hash and this row's fields, so
 * editing, deleting or inserting a row breaks the chain from that row on. */
#ifndef PROBITY_ACCESSLOG_H
#define PROBITY_ACCESSLOG_H

#include "core/err.h"
#include "domain/actor.h"
#include <stddef.h>
#include <stdint.h>

struct store;

/* Append one row. who may be NULL (the system). outcome: "ok", "refused",
 * "failed". Joins the caller's transaction if one is open. */
int alog_write(struct store *st, const struct actor *who, const char *action, const char *object_type,
               const char *object_id, const char *outcome, const char *detail, struct err *e);
/* As alog_write with an integer object id. */
int alog_writei(struct store *st, const struct actor *who, const char *action, const char *object_type,
                int64_t object_id, const char *outcome, const char *detail, struct err *e);

/* A role check: 0 when who holds one of roles; otherwise log the refusal
 * (action, object_type, object_id, "refused", "role") and return
 * ERR_DENIED with msg in e. */
int alog_require(struct store *st, const struct actor *who, unsigned roles, const char *action,
                 const char *object_type, int64_t object_id, const char *msg, struct err *e);

/* Check the whole chain. Returns 0 when intact; 1 when a row was altered,
 * removed or inserted (*bad_id is the first such row, msg says what);
 * -1 on a storage error. */
int alog_verify(struct store *st, int64_t *bad_id, int64_t *rows, char *msg, size_t n, struct err *e);

#endif
