/* validate.h — the small string checks every domain module's validation
 * uses (one copy, inline). Messages are the GOV.UK error-summary wording. */
#ifndef PROBITY_VALIDATE_H
#define PROBITY_VALIDATE_H

#include "core/err.h"
#include "store/store.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* s, or "" for NULL. */
static inline const char *nz(const char *s) { return s ? s : ""; }

/* Copy src (NULL = "") into dst of n bytes, cut short to fit. */
static inline void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

/* True when s is NULL or only spaces, tabs and line breaks. */
static inline int blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
			return 0;
	return 1;
}

/* The index of s in the NULL-terminated set, or -1. */
static inline int index_of(const char *s, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		if (!strcmp(s, set[i]))
			return i;
	return -1;
}

/* True when s is one of the NULL-terminated set. */
static inline int is_one_of(const char *s, const char *const *set) { return index_of(s, set) >= 0; }

/* "LABEL must be MAX characters or fewer" on field when v is longer. */
static inline void check_len(struct errlist *l, const char *field, const char *label, const char *v, size_t max)
{
	if (strlen(nz(v)) > max)
		errlist_add(l, field, "%s must be %zu characters or fewer", label, max);
}

/* Begin the transaction that makes a record from a form, unless it is a
 * double submission (the form's hidden one-time submit_key): when key is
 * set and sql — a literal "SELECT id FROM TABLE WHERE submit_key = ? AND
 * person_id = ?" — finds the record this person already made with it, 1
 * with its id in *id and no transaction open; 0 in the open transaction
 * when none (or no key); -1 on error (nothing open). */
static inline int submit_begin(struct store *st, const char *sql, const char *key, int64_t person_id, int64_t *id,
                               struct err *e)
{
	if (store_begin(st, e))
		return -1;
	int64_t existing;
	int r = key ? store_int(st, e, &existing, sql, "ti", key, person_id) : 0;
	if (r == 1)
		*id = existing;
	if (r)
		store_rollback(st);
	return r;
}

#endif
