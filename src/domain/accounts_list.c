/* accounts_list.c — read-only listing of accounts for administrators.
 * Rows are collected a page at a time before their roles are read, so no
 * statement is left half-stepped while another runs. Searching lower-cases
 * both sides and escapes LIKE wildcards, so "50%" finds "50%" only. */
#include "domain/auth.h"
#include "core/xalloc.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACCOUNT_COLS                                                                                       \
	"SELECT a.id, a.username, COALESCE(p.forenames || ' ' || p.surname, ''), COALESCE(p.staff_number, ''), " \
	"a.disabled, a.locked_until, a.created_at FROM accounts a LEFT JOIN people p ON p.id = a.person_id "

#define ACCOUNT_MATCH                                                                              \
	"WHERE (? = '' OR lower(a.username) LIKE ? ESCAPE '\\' OR "                                   \
	"lower(COALESCE(p.forenames || ' ' || p.surname, '')) LIKE ? ESCAPE '\\' OR "                 \
	"lower(COALESCE(p.staff_number, '')) LIKE ? ESCAPE '\\') "

static const char sql_count[] = "SELECT COUNT(*) FROM accounts a LEFT JOIN people p ON p.id = a.person_id "
	ACCOUNT_MATCH;
static const char sql_page[] = ACCOUNT_COLS ACCOUNT_MATCH "ORDER BY a.username LIMIT ? OFFSET ?";
static const char sql_one[] = ACCOUNT_COLS "WHERE a.id = ?";
static const char sql_roles[] = "SELECT role FROM account_roles WHERE account_id = ?";

static void read_row(struct stmt *s, struct account_info *a)
{
	memset(a, 0, sizeof *a);
	a->id = stmt_int(s, 0);
	snprintf(a->username, sizeof a->username, "%s", stmt_text(s, 1));
	snprintf(a->name, sizeof a->name, "%s", stmt_text(s, 2));
	snprintf(a->staff_number, sizeof a->staff_number, "%s", stmt_text(s, 3));
	a->disabled = (int)stmt_int(s, 4);
	a->locked_until = stmt_int(s, 5);
	snprintf(a->created_at, sizeof a->created_at, "%s", stmt_text(s, 6));
}

static int read_roles(struct store *st, struct account_info *a, struct err *e)
{
	struct stmt *s;
	int r;
	if (store_query(st, &s, e, sql_roles, "i", a->id))
		return -1;
	while ((r = stmt_next(s, e)) == 1)
		a->roles |= role_parse(stmt_text(s, 0));
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

/* "%" + lower-cased s with % _ \ escaped + "%". */
static void like_pattern(const char *s, char *out, size_t n)
{
	size_t j = 0;
	out[j++] = '%';
	for (; *s && j + 4 < n; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == '%' || c == '_' || c == '\\')
			out[j++] = '\\';
		out[j++] = c;
	}
	out[j++] = '%';
	out[j] = 0;
}

int accounts_list(struct store *st, const char *search, int page, int per_page, account_row_fn fn, void *ctx,
                  long *total, struct err *e)
{
	char pat[300];
	const char *q = search ? search : "";
	like_pattern(q, pat, sizeof pat);
	if (page < 1)
		page = 1;
	int64_t count = 0;
	if (store_int(st, e, &count, sql_count, "tttt", q, pat, pat, pat) < 0)
		return -1;
	if (per_page < 0) { /* every account */
		per_page = count > 0 ? (int)count : 1;
		page = 1;
	} else if (per_page < 1 || per_page > 500) {
		per_page = 50;
	}
	if (total)
		*total = (long)count;

	struct account_info *rows = xcalloc((size_t)per_page, sizeof *rows);
	int rc = -1, n = 0, r = 0;
	struct stmt *s;
	if (store_query(st, &s, e, sql_page, "ttttii", q, pat, pat, pat, (int64_t)per_page,
	                (int64_t)(page - 1) * per_page))
		goto out;
	while (n < per_page && (r = stmt_next(s, e)) == 1)
		read_row(s, &rows[n++]);
	stmt_done(s);
	if (n < per_page && r < 0)
		goto out;
	for (int i = 0; i < n; i++)
		if (read_roles(st, &rows[i], e))
			goto out;
	for (int i = 0; i < n; i++)
		if (fn(ctx, &rows[i]))
			break;
	rc = 0;
out:
	free(rows);
	return rc;
}

int account_get(struct store *st, int64_t id, struct account_info *out, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, sql_one, "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		read_row(s, out);
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No such account");
	return read_roles(st, out, e);
}
