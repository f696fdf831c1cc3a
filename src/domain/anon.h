/* anon.h — the anonymity mechanism of a reporting line with no login, kept
 * apart from what is reported so that other anonymous channels (the
 * anonymous line into intelligence today, ethics dilemmas later) reuse it.
 *
 * What it guarantees, and how:
 *   - a receipt of ANON_RECEIPT_DIGITS random decimal digits (about 93
 *     bits), shown once in groups of four; stored only as an argon2id hash
 *     with the installation's salt, so the database cannot be searched for
 *     it and the reporter comes back with it alone;
 *   - images stripped of metadata before storage (JPEG APPn and COM
 *     segments; PNG ancillary chunks other than the few that change how
 *     the picture looks, so tEXt, zTXt, iTXt, eXIf and tIME go), other
 *     types refused; the type is found from the bytes, never the browser;
 *   - a rate limit held only in memory, keyed by a keyed hash of the
 *     caller's address under a secret that is random per process and
 *     replaced every day, so no address is ever kept, not even in memory
 *     past the day;
 *   - a form token in place of the session CSRF token: no cookie is set,
 *     the token is bound into the form alone (a random nonce, an expiry and
 *     a MAC of both under a per-process key), so a form posted from another
 *     site or after two hours is refused.
 * Nothing here writes to the access log, stderr or the database. */
#ifndef PROBITY_ANON_H
#define PROBITY_ANON_H

#include "core/buf.h"
#include "core/err.h"
#include <stddef.h>
#include <stdint.h>

struct store;

#define ANON_RECEIPT_DIGITS 28
#define ANON_RECEIPT_SIZE (ANON_RECEIPT_DIGITS + ANON_RECEIPT_DIGITS / 4) /* groups + spaces + NUL */
#define ANON_HASH_HEX 65
#define ANON_TOKEN_SIZE 128

/* A new receipt, "1234 5678 ..." (7 groups of 4 digits). */
void anon_receipt_new(char out[ANON_RECEIPT_SIZE]);
/* The receipt's digits alone (spaces, dashes ignored) into out; -1 unless
 * exactly ANON_RECEIPT_DIGITS digits. */
int anon_receipt_digits(const char *in, char out[ANON_RECEIPT_DIGITS + 1]);
/* The stored form of a receipt (any spelling): hex of argon2id(digits,
 * installation salt). The salt is made on first use (config anon.salt). */
int anon_receipt_hash(struct store *st, const char *receipt, char out[ANON_HASH_HEX], struct err *e);
/* The id of the row a receipt opens: sql is a fixed statement selecting
 * the id by receipt hash (its one ?); what names the thing in the refusal
 * ("report"). 0, or ERR_NOTFOUND on the "receipt" field for a wrong and a
 * malformed receipt alike; other errors as they are. */
int anon_receipt_find(struct store *st, const char *receipt, const char *sql, const char *what, int64_t *id,
                      struct err *e);
/* Issue a new receipt and store what it opens, in one transaction:
 * insert(st, ctx, hash, e) writes the rows keyed by the receipt's hash. On
 * any failure nothing is written and receipt is wiped; the hash never
 * outlives the call. */
int anon_receipt_issue(struct store *st, char receipt[ANON_RECEIPT_SIZE],
                       int (*insert)(struct store *st, void *ctx, const char *hash, struct err *e), void *ctx,
                       struct err *e);

/* Strip an uploaded file's metadata: a JPEG or PNG is rewritten into out
 * (*ctype "image/jpeg" or "image/png"); anything else, or a malformed
 * image, is ERR_INPUT with a message for the reporter. */
int anon_strip_image(const void *data, size_t n, struct buf *out, const char **ctype, struct err *e);

/* 1 when the caller whose address is addr may send another report this
 * hour (per_hour at most), counting it; 0 when over the limit. Thread-safe. */
int anon_rate_allow(const char *addr, int per_hour);

/* A form token for a page served now, and its check (1 valid, 0 not). */
void anon_form_token(char out[ANON_TOKEN_SIZE]);
int anon_form_token_ok(const char *tok);

#endif
