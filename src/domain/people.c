/* people.c — the organisation: the HR feed import and person lookups.
 * The import reads the whole file first and validates every row, then
 * applies it in one transaction (units, posts, people, then line managers,
 * who may appear later in the file), then checks line management has no
 * cycle. Any problem rolls everything back. */
#include "domain/people.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/csv_import.h"
#include "store/store.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* C_EMAIL is optional: a file with it has one more column (issue 22). */
enum { C_STAFF, C_FORE, C_SUR, C_KIND, C_RANK, C_UNIT, C_POST, C_MGR, C_START, C_LEAVE, C_EMAIL, NCOL };
static const char *const colname[NCOL] = { "staff_number", "forenames", "surname", "kind", "rank_or_grade",
	                                   "unit", "post", "line_manager", "start_date", "leave_date", "email" };
static const size_t colmax[NCOL] = { 20, 80, 80, 10, 60, 100, 100, 20, 10, 10, 254 };

struct row {
	long line;
	char *f[NCOL];
};

static void rows_free(struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < NCOL; j++)
			free(rows[i].f[j]);
	free(rows);
}

static int valid_staff_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '/')
			return 0;
	return 1;
}

/* An address the mail relay can take: local@domain, printable ASCII, no
 * spaces, angle brackets, commas or line breaks (it goes into a header). */
static int valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@') || !strchr(at + 1, '.'))
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 127 || strchr("<>,;:\"()[]\\", *s))
			return 0;
	return 1;
}

/* Check one row's fields; e names file:line: column: problem. */
static int check_row(const struct csv *c, const struct row *r, struct err *e)
{
	for (int j = 0; j < NCOL; j++)
		if (strlen(r->f[j]) > colmax[j])
			return csv_line_error(e, c, r->line, colname[j], "longer than %zu characters", colmax[j]);
	if (!valid_staff_number(r->f[C_STAFF]))
		return csv_line_error(e, c, r->line, "staff_number",
		                      "\"%s\" is not a staff number (letters, digits, - or /)", r->f[C_STAFF]);
	if (!*r->f[C_FORE])
		return csv_line_error(e, c, r->line, "forenames", "required");
	if (!*r->f[C_SUR])
		return csv_line_error(e, c, r->line, "surname", "required");
	const char *k = r->f[C_KIND];
	if (strcmp(k, "officer") && strcmp(k, "staff") && strcmp(k, "special") && strcmp(k, "volunteer"))
		return csv_line_error(e, c, r->line, "kind", "\"%s\" is not one of officer, staff, special, volunteer", k);
	if (!*r->f[C_UNIT])
		return csv_line_error(e, c, r->line, "unit", "required");
	if (*r->f[C_MGR] && !valid_staff_number(r->f[C_MGR]))
		return csv_line_error(e, c, r->line, "line_manager", "\"%s\" is not a staff number", r->f[C_MGR]);
	if (strcmp(r->f[C_MGR], r->f[C_STAFF]) == 0)
		return csv_line_error(e, c, r->line, "line_manager", "a person cannot manage themselves");
	if (!date_valid(r->f[C_START]))
		return csv_line_error(e, c, r->line, "start_date", "%s is not a date",
		                      *r->f[C_START] ? r->f[C_START] : "(empty)");
	if (*r->f[C_LEAVE] && !date_valid(r->f[C_LEAVE]))
		return csv_line_error(e, c, r->line, "leave_date", "%s is not a date", r->f[C_LEAVE]);
	if (*r->f[C_LEAVE] && strcmp(r->f[C_LEAVE], r->f[C_START]) < 0)
		return csv_line_error(e, c, r->line, "leave_date", "%s is before start_date %s", r->f[C_LEAVE],
		                      r->f[C_START]);
	if (*r->f[C_EMAIL] && !valid_email(r->f[C_EMAIL]))
		return csv_line_error(e, c, r->line, "email", "\"%s\" is not an e-mail address", r->f[C_EMAIL]);
	return 0;
}

static int cmp_staff(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;
	return strcmp(x->f[C_STAFF], y->f[C_STAFF]);
}

/* One people import: every row is read and checked before anything is
 * written, since a line manager may appear later in the file. */
struct people_import {
	int has_email;   /* the file has the optional email column */
	struct row *rows;
	size_t n, cap;
	int *what; /* per row: 0 unchanged, 1 created, 2 updated */
};

/* Row step: keep a copy of the row once its fields check out. */
static int row_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct people_import *pi = im->ctx;
	if (pi->n == pi->cap) {
		size_t cap = pi->cap ? pi->cap * 2 : 256;
		pi->rows = xrealloc(pi->rows, cap * sizeof *pi->rows);
		pi->cap = cap;
	}
	struct row *row = &pi->rows[pi->n];
	memset(row, 0, sizeof *row);
	pi->n++; /* counted now so rows_free frees what was copied */
	row->line = c->line;
	for (int j = 0; j < NCOL; j++)
		row->f[j] = xstrdup(j < (int)c->nf ? csv_field(c, (size_t)j) : "");
	return check_row(c, row, e);
}

/* Header step: the standard columns, optionally followed by email. */
static int header_step(struct csv_import *im, struct csv *c, struct err *e)
{
	struct people_import *pi = im->ctx;
	int r = csv_next(c, e);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_INPUT, "%s: empty file, expected header %s", c->name, PEOPLE_HEADER);
	struct buf got;
	buf_init(&got, 0);
	for (size_t i = 0; i < c->nf; i++) {
		if (i)
			buf_addc(&got, ',');
		buf_adds(&got, csv_field(c, i));
	}
	int rc = 0;
	if (!strcmp(buf_str(&got), PEOPLE_HEADER ",email")) {
		pi->has_email = 1;
		im->ncol = NCOL;
	} else if (!strcmp(buf_str(&got), PEOPLE_HEADER))
		im->ncol = NCOL - 1;
	else
		rc = err_set(e, ERR_INPUT, "%s:1: header is \"%.200s\", expected \"%s\" (and optionally \",email\")",
		             c->name, buf_str(&got), PEOPLE_HEADER);
	buf_release(&got);
	return rc;
}

/* A staff number on two lines of the file names the later line. */
static int check_duplicates(const struct csv *c, struct people_import *pi, struct err *e)
{
	if (pi->n < 2)
		return 0;
	const struct row **idx = xmalloc(pi->n * sizeof *idx);
	for (size_t i = 0; i < pi->n; i++)
		idx[i] = &pi->rows[i];
	qsort(idx, pi->n, sizeof *idx, cmp_staff);
	int rc = 0;
	for (size_t i = 1; i < pi->n && !rc; i++)
		if (strcmp(idx[i]->f[C_STAFF], idx[i - 1]->f[C_STAFF]) == 0) {
			const struct row *later = idx[i]->line > idx[i - 1]->line ? idx[i] : idx[i - 1];
			const struct row *first = later == idx[i] ? idx[i - 1] : idx[i];
			rc = csv_line_error(e, c, later->line, "staff_number", "%s is already on line %ld", later->f[C_STAFF],
			                    first->line);
		}
	free(idx);
	return rc;
}

static int unit_id(struct store *st, const char *name, int64_t *id, struct err *e)
{
	int r = store_int(st, e, id, "SELECT id FROM units WHERE name = ?", "t", name);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (store_exec(st, e, "INSERT INTO units(name, kind) VALUES(?, 'team')", "t", name))
		return -1;
	*id = store_last_id(st);
	return 0;
}

static int post_id(struct store *st, const char *title, int64_t unit, int64_t *id, struct err *e)
{
	*id = 0;
	if (!*title)
		return 0;
	int r = store_int(st, e, id, "SELECT id FROM posts WHERE title = ? AND unit_id = ?", "ti", title, unit);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (store_exec(st, e, "INSERT INTO posts(title, unit_id) VALUES(?, ?)", "ti", title, unit))
		return -1;
	*id = store_last_id(st);
	return 0;
}

/* Insert or update one person (without their manager). *what: 0 unchanged, 1 created, 2 updated. */
static int upsert_person(struct store *st, const struct row *r, int has_email, int64_t unit, int64_t post,
                         int *what, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id, forenames, surname, kind, rank, COALESCE(unit_id, 0), COALESCE(post_id, 0), "
	                "start_date, leave_date, email FROM people WHERE staff_number = ?", "t", r->f[C_STAFF]))
		return -1;
	int found = stmt_next(s, e);
	int same = 0;
	if (found == 1)
		same = !strcmp(stmt_text(s, 1), r->f[C_FORE]) && !strcmp(stmt_text(s, 2), r->f[C_SUR]) &&
		       !strcmp(stmt_text(s, 3), r->f[C_KIND]) && !strcmp(stmt_text(s, 4), r->f[C_RANK]) &&
		       stmt_int(s, 5) == unit && stmt_int(s, 6) == post && !strcmp(stmt_text(s, 7), r->f[C_START]) &&
		       !strcmp(stmt_text(s, 8), r->f[C_LEAVE]) && (!has_email || !strcmp(stmt_text(s, 9), r->f[C_EMAIL]));
	stmt_done(s);
	if (found < 0)
		return -1;
	if (found && same) {
		*what = 0;
		return 0;
	}
	int64_t post_or_null = post;
	if (found) {
		*what = 2;
		if (has_email &&
		    store_exec(st, e, "UPDATE people SET email = ? WHERE staff_number = ?", "tt", r->f[C_EMAIL], r->f[C_STAFF]))
			return -1;
		return store_exec(st, e,
		                  "UPDATE people SET forenames = ?, surname = ?, kind = ?, rank = ?, unit_id = ?, "
		                  "post_id = NULLIF(?, 0), start_date = ?, leave_date = ? WHERE staff_number = ?",
		                  "ttttiittt", r->f[C_FORE], r->f[C_SUR], r->f[C_KIND], r->f[C_RANK], unit, post_or_null,
		                  r->f[C_START], r->f[C_LEAVE], r->f[C_STAFF]);
	}
	*what = 1;
	return store_exec(st, e,
	                  "INSERT INTO people(staff_number, forenames, surname, kind, rank, unit_id, post_id, "
	                  "start_date, leave_date, email) VALUES(?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?)",
	                  "tttttiittt", r->f[C_STAFF], r->f[C_FORE], r->f[C_SUR], r->f[C_KIND], r->f[C_RANK], unit,
	                  post_or_null, r->f[C_START], r->f[C_LEAVE], r->f[C_EMAIL]);
}

/* Set the manager; *changed is set when it differed. */
static int set_manager(struct store *st, const struct csv *c, const struct row *r, int *changed, struct err *e)
{
	int64_t mgr = 0, cur = 0;
	if (*r->f[C_MGR]) {
		int f = store_int(st, e, &mgr, "SELECT id FROM people WHERE staff_number = ?", "t", r->f[C_MGR]);
		if (f < 0)
			return -1;
		if (f == 0)
			return csv_line_error(e, c, r->line, "line_manager", "no person with staff number %s", r->f[C_MGR]);
	}
	if (store_int(st, e, &cur, "SELECT COALESCE(manager_id, 0) FROM people WHERE staff_number = ?", "t",
	              r->f[C_STAFF]) < 0)
		return -1;
	*changed = cur != mgr;
	if (!*changed)
		return 0;
	return store_exec(st, e, "UPDATE people SET manager_id = NULLIF(?, 0) WHERE staff_number = ?", "it", mgr,
	                  r->f[C_STAFF]);
}

/* Walk up from the row's person; a chain longer than the number of people
 * is a cycle. */
static int check_cycle(struct store *st, const struct csv *c, const struct row *r, int64_t npeople, struct err *e)
{
	int64_t id, steps = 0;
	if (store_int(st, e, &id, "SELECT COALESCE(manager_id, 0) FROM people WHERE staff_number = ?", "t",
	              r->f[C_STAFF]) < 0)
		return -1;
	while (id && steps++ <= npeople) {
		if (store_int(st, e, &id, "SELECT COALESCE(manager_id, 0) FROM people WHERE id = ?", "i", id) < 0)
			return -1;
	}
	if (id)
		return csv_line_error(e, c, r->line, "line_manager", "%s makes a loop in line management", r->f[C_MGR]);
	return 0;
}

/* Finish step: duplicates, then units, posts and people, then line
 * managers (who may come later in the file), then no loop in line management. */
static int finish_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct people_import *pi = im->ctx;
	struct store *st = im->st;
	if (check_duplicates(c, pi, e))
		return -1;
	pi->what = xcalloc(pi->n ? pi->n : 1, sizeof *pi->what);
	for (size_t i = 0; i < pi->n; i++) {
		int64_t unit, post;
		if (unit_id(st, pi->rows[i].f[C_UNIT], &unit, e) || post_id(st, pi->rows[i].f[C_POST], unit, &post, e) ||
		    upsert_person(st, &pi->rows[i], pi->has_email, unit, post, &pi->what[i], e))
			return -1;
	}
	int64_t npeople = 0;
	if (store_int(st, e, &npeople, "SELECT COUNT(*) FROM people", "") < 0)
		return -1;
	for (size_t i = 0; i < pi->n; i++) {
		int changed = 0;
		if (set_manager(st, c, &pi->rows[i], &changed, e))
			return -1;
		if (changed && pi->what[i] == 0)
			pi->what[i] = 2;
	}
	for (size_t i = 0; i < pi->n; i++)
		if (*pi->rows[i].f[C_MGR] && check_cycle(st, c, &pi->rows[i], npeople, e))
			return -1;
	for (size_t i = 0; i < pi->n; i++) {
		im->n.created += pi->what[i] == 1;
		im->n.updated += pi->what[i] == 2;
	}
	return 0;
}

int people_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e)
{
	static const struct csv_import_spec spec = { NULL, 0, "people", header_step, row_step, finish_step };
	struct people_import pi = { 0 };
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &pi };
	int rc = csv_import_file(&spec, &im, path, e);
	rows_free(pi.rows, pi.n);
	free(pi.what);
	*s = im.n;
	return rc;
}

int person_id_by_staff_number(struct store *st, const char *staff_number, int64_t *id, struct err *e)
{
	int r = store_int(st, e, id, "SELECT id FROM people WHERE staff_number = ?", "t", staff_number);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No person with staff number %s", staff_number);
}

int person_manages(struct store *st, int64_t manager_id, int64_t person_id)
{
	int64_t m = 0;
	if (!manager_id || store_int(st, NULL, &m, "SELECT COALESCE(manager_id, 0) FROM people WHERE id = ?", "i",
	                             person_id) != 1)
		return 0;
	return m == manager_id;
}

int person_get(struct store *st, const struct actor *who, int64_t id, struct person *out, struct err *e)
{
	int allowed = who->person_id == id || actor_has(who, ROLE_PSD | ROLE_ACU | ROLE_VETTING | ROLE_ADMIN) ||
	              person_manages(st, who->person_id, id);
	if (!allowed) {
		alog_writei(st, who, "view", "person", id, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "You do not have access to this person's record");
	}
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT p.id, p.staff_number, p.forenames, p.surname, p.kind, p.rank, COALESCE(p.unit_id, 0), "
	                "COALESCE(u.name, ''), COALESCE(po.title, ''), COALESCE(p.manager_id, 0), "
	                "COALESCE(m.forenames || ' ' || m.surname, ''), p.start_date, p.leave_date "
	                "FROM people p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN posts po ON po.id = p.post_id "
	                "LEFT JOIN people m ON m.id = p.manager_id WHERE p.id = ?", "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		memset(out, 0, sizeof *out);
		out->id = stmt_int(s, 0);
		snprintf(out->staff_number, sizeof out->staff_number, "%s", stmt_text(s, 1));
		snprintf(out->forenames, sizeof out->forenames, "%s", stmt_text(s, 2));
		snprintf(out->surname, sizeof out->surname, "%s", stmt_text(s, 3));
		snprintf(out->kind, sizeof out->kind, "%s", stmt_text(s, 4));
		snprintf(out->rank, sizeof out->rank, "%s", stmt_text(s, 5));
		out->unit_id = stmt_int(s, 6);
		snprintf(out->unit, sizeof out->unit, "%s", stmt_text(s, 7));
		snprintf(out->post, sizeof out->post, "%s", stmt_text(s, 8));
		out->manager_id = stmt_int(s, 9);
		snprintf(out->manager_name, sizeof out->manager_name, "%s", stmt_text(s, 10));
		snprintf(out->start_date, sizeof out->start_date, "%s", stmt_text(s, 11));
		snprintf(out->leave_date, sizeof out->leave_date, "%s", stmt_text(s, 12));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No such person");
	return alog_writei(st, who, "view", "person", id, "ok", who->person_id == id ? "own" : "", e); /* no read without its row */
}

/* The units tree, kept on the connection with the write generation it was
 * read under: every register's filter form lists it, and its recursive
 * statement was a third of the business interests register's CPU at ten
 * times the demo (issue 25). */
struct unit_kept {
	int64_t id;
	int depth;
	char *name;
};
struct units_kept {
	int64_t gen;
	size_t n;
	struct unit_kept *v;
};
static int units_owner;

static void units_kept_free(void *p)
{
	struct units_kept *k = p;
	if (!k)
		return;
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i].name);
	free(k->v);
	free(k);
}

static int units_read(struct store *st, struct units_kept *k, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "WITH RECURSIVE tree(id, name, depth, path) AS ("
	                " SELECT id, name, 0, name FROM units WHERE parent_id IS NULL"
	                " UNION ALL SELECT u.id, u.name, t.depth + 1, t.path || '\x1f' || u.name"
	                " FROM units u JOIN tree t ON u.parent_id = t.id WHERE t.depth < 20)"
	                " SELECT id, name, depth FROM tree ORDER BY path", ""))
		return -1;
	int r;
	size_t cap = 0;
	while ((r = stmt_next(s, e)) == 1) {
		if (k->n == cap) {
			cap = cap ? cap * 2 : 64;
			k->v = xrealloc(k->v, cap * sizeof *k->v);
		}
		k->v[k->n++] = (struct unit_kept){ stmt_int(s, 0), (int)stmt_int(s, 2), xstrdup(stmt_text(s, 1)) };
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int units_list(struct store *st, unit_fn fn, void *ctx, struct err *e)
{
	int64_t gen = store_generation(st);
	void **slot = gen >= 0 ? store_memo(st, &units_owner, units_kept_free) : NULL;
	struct units_kept *k = slot ? *slot : NULL;
	if (!k || k->gen != gen) {
		k = xcalloc(1, sizeof *k);
		k->gen = gen;
		if (units_read(st, k, e)) {
			units_kept_free(k);
			return -1;
		}
		if (slot) {
			units_kept_free(*slot);
			*slot = k;
		}
	}
	for (size_t i = 0; i < k->n; i++)
		if (fn(ctx, k->v[i].id, k->v[i].name, k->v[i].depth))
			break;
	if (!slot)
		units_kept_free(k);
	return 0;
}

int org_force_name(struct store *st, char *out, size_t n, struct err *e)
{
	struct stmt *s;
	out[0] = 0;
	if (store_query(st, &s, e,
	                "SELECT name FROM units WHERE kind = 'force' OR parent_id IS NULL "
	                "ORDER BY CASE WHEN kind = 'force' THEN 0 ELSE 1 END, id LIMIT 1", ""))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		snprintf(out, n, "%s", stmt_text(s, 0));
	stmt_done(s);
	return r < 0 ? -1 : 0;
}
