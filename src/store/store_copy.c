/* store_copy.c — see store_copy.h. The target's catalog is the schema: its
 * tables, their columns and types (bigint, double precision, bytea, text)
 * and the foreign keys that order the copy (a table after the tables it
 * references; a table referencing itself is one COPY, checked at its end).
 * Rows go in with PostgreSQL's COPY, the target's own triggers switched off
 * meanwhile (they would re-derive what the source already holds), then the
 * identity sequences are moved past the highest id. Both sides are then read
 * again through the store API and each row hashed from its typed values, so
 * the checksum means the same on SQLite and PostgreSQL; the sum of the row
 * hashes does not depend on row order (collations differ between
 * databases). */
#include "store/store_copy.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "store/driver.h"
#include "store/store.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct col {
	char name[64];
	char type; /* 'i' integer, 'f' double, 'b' bytes, 't' text */
	int identity;
};

struct table {
	char name[64];
	struct col *cols;
	int ncols;
	int done; /* placed in the copy order */
};

struct catalog {
	struct table *t;
	int n;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void catalog_free(struct catalog *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->t[i].cols);
	free(c->t);
	c->t = NULL;
	c->n = 0;
}

static struct table *find_table(struct catalog *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->t[i].name, name))
			return &c->t[i];
	return NULL;
}

static char type_letter(const char *t)
{
	if (!strcasecmp(t, "bigint") || !strcasecmp(t, "integer") || !strcasecmp(t, "smallint") ||
	    !strncasecmp(t, "INT", 3))
		return 'i';
	if (!strcasecmp(t, "double precision") || !strcasecmp(t, "real") || !strcasecmp(t, "numeric") ||
	    !strncasecmp(t, "REAL", 4) || !strncasecmp(t, "DOUBLE", 6))
		return 'f';
	if (!strcasecmp(t, "bytea") || !strncasecmp(t, "BLOB", 4))
		return 'b';
	return 't';
}

/* Every table (but schema_version, which each database keeps for itself)
 * with its columns in order. */
static int read_catalog(struct store *st, struct catalog *c, struct err *e)
{
	static const char pg_sql[] =
		"SELECT c.table_name, c.column_name, c.data_type, CASE WHEN c.is_identity = 'YES' THEN 1 ELSE 0 END "
		"FROM information_schema.columns c JOIN information_schema.tables t "
		"ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
		"WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
		"ORDER BY c.table_name, c.ordinal_position";
	static const char sqlite_sql[] =
		"SELECT m.name, p.name, p.type, 0 FROM sqlite_master m JOIN pragma_table_info(m.name) p "
		"WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid";
	struct stmt *s;
	int rc;
	if (store_query(st, &s, e, strcmp(store_backend(st), "postgresql") ? sqlite_sql : pg_sql, ""))
		return -1;
	while ((rc = stmt_next(s, e)) == 1) {
		const char *tn = stmt_text(s, 0);
		if (!strcmp(tn, "schema_version"))
			continue;
		struct table *t = c->n ? &c->t[c->n - 1] : NULL;
		if (!t || strcmp(t->name, tn)) {
			c->t = xrealloc(c->t, (size_t)(c->n + 1) * sizeof *c->t);
			t = &c->t[c->n++];
			memset(t, 0, sizeof *t);
			snprintf(t->name, sizeof t->name, "%s", tn);
		}
		t->cols = xrealloc(t->cols, (size_t)(t->ncols + 1) * sizeof *t->cols);
		struct col *k = &t->cols[t->ncols++];
		snprintf(k->name, sizeof k->name, "%s", stmt_text(s, 1));
		k->type = type_letter(stmt_text(s, 2));
		k->identity = (int)stmt_int(s, 3);
	}
	stmt_done(s);
	return rc < 0 ? -1 : 0;
}

/* A statement text the stores will cache by its address: kept in r until
 * both stores are closed. */
static const char *keep(struct store_copy_report *r, struct buf *b)
{
	r->sql = xrealloc(r->sql, (r->nsql + 1) * sizeof *r->sql);
	r->sql[r->nsql] = buf_take(b, NULL);
	return r->sql[r->nsql++];
}

static const char *select_all(struct store_copy_report *r, const struct table *t)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "SELECT ");
	for (int i = 0; i < t->ncols; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", t->cols[i].name);
	buf_printf(&b, " FROM %s", t->name);
	return keep(r, &b);
}

/* DDL on the target, sent as written (no parameters; TRIGGER USER is
 * PostgreSQL's keyword here, not the audit tables' column). */
static int exec_ddl(struct store *st, struct buf *b, struct err *e)
{
	if (!b->n)
		return 0;
	int rc = st->drv->script(st, buf_str(b), e);
	buf_reset(b);
	if (rc)
		st->txn_failed = 1;
	return rc ? -1 : 0;
}

/* The tables in an order where each comes after those it references. */
static int copy_order(struct store *to, struct catalog *c, struct table ***out, struct err *e)
{
	static const char fk_sql[] =
		"SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
		"WHERE contype = 'f' AND connamespace = to_regnamespace(current_schema())::oid";
	struct fk {
		struct table *from, *to;
	} *fks = NULL;
	size_t nfk = 0;
	struct stmt *s;
	int rc;
	if (store_query(to, &s, e, fk_sql, ""))
		return -1;
	while ((rc = stmt_next(s, e)) == 1) {
		struct table *a = find_table(c, stmt_text(s, 0)), *b = find_table(c, stmt_text(s, 1));
		if (!a || !b || a == b)
			continue;
		fks = xrealloc(fks, (nfk + 1) * sizeof *fks);
		fks[nfk++] = (struct fk){ a, b };
	}
	stmt_done(s);
	if (rc < 0) {
		free(fks);
		return -1;
	}
	struct table **order = xcalloc((size_t)c->n + 1, sizeof *order);
	int n = 0;
	while (n < c->n) {
		int placed = 0;
		for (int i = 0; i < c->n; i++) {
			struct table *t = &c->t[i];
			if (t->done)
				continue;
			int ready = 1;
			for (size_t k = 0; k < nfk && ready; k++)
				if (fks[k].from == t && !fks[k].to->done)
					ready = 0;
			if (ready) {
				t->done = 1;
				order[n++] = t;
				placed = 1;
			}
		}
		if (!placed) /* a cycle: the rest in name order, the keys then decide */
			for (int i = 0; i < c->n; i++)
				if (!c->t[i].done) {
					c->t[i].done = 1;
					order[n++] = &c->t[i];
				}
	}
	free(fks);
	*out = order;
	return 0;
}

/* Keys and indexes are built after the load, not kept up row by row
 * during it: every foreign key checked by a trigger per copied row (a
 * look-up and a row lock on the referenced row each) and every index
 * grown one entry at a time were most of the server's work. So, inside the
 * one transaction, every foreign key, primary key, unique constraint and
 * index of the schema is dropped before the COPYs and made again after
 * them from its own definition (pg_get_constraintdef, pg_get_indexdef):
 * an index is then one sort, a foreign key one join over the whole table.
 * A row that breaks a key fails that join, and the transaction with it.
 * drop and make get the statements, as two scripts. */
static int defer_keys(struct store *to, struct buf *drop, struct buf *make, struct err *e)
{
	static const char cons_sql[] =
		"SELECT c.contype, c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid) "
		"FROM pg_constraint c WHERE c.connamespace = to_regnamespace(current_schema())::oid "
		"AND c.contype IN ('f', 'p', 'u') ORDER BY CASE WHEN c.contype = 'f' THEN 0 ELSE 1 END, 2, 3";
	static const char idx_sql[] =
		"SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
		"JOIN pg_class t ON t.oid = i.indrelid WHERE t.relnamespace = to_regnamespace(current_schema())::oid "
		"AND t.relkind = 'r' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
		"AND c.contype IN ('p', 'u', 'x')) ORDER BY 1";
	struct buf fks = BUF_INIT;
	struct stmt *s;
	int rc;
	if (store_query(to, &s, e, cons_sql, ""))
		return -1;
	while ((rc = stmt_next(s, e)) == 1) {
		const char *table = stmt_text(s, 1), *name = stmt_text(s, 2);
		buf_printf(drop, "ALTER TABLE %s DROP CONSTRAINT %s;\n", table, name);
		buf_printf(stmt_text(s, 0)[0] == 'f' ? &fks : make, "ALTER TABLE %s ADD CONSTRAINT %s %s;\n", table, name,
		           stmt_text(s, 3));
	}
	stmt_done(s);
	if (rc == 0 && store_query(to, &s, e, idx_sql, "") == 0) {
		while ((rc = stmt_next(s, e)) == 1) {
			buf_printf(drop, "DROP INDEX %s;\n", stmt_text(s, 0));
			buf_printf(make, "%s;\n", stmt_text(s, 1));
		}
		stmt_done(s);
	} else if (rc == 0) {
		rc = -1;
	}
	buf_add(make, fks.p, fks.n); /* the foreign keys last: they need the keys they reference */
	buf_release(&fks);
	if (drop->oom || make->oom)
		return err_set(e, ERR_NOMEM, "out of memory");
	return rc < 0 ? -1 : 0;
}

void store_copy_text(struct buf *b, const char *v)
{
	if (!v) {
		buf_adds(b, "\\N");
		return;
	}
	for (const char *p = v; *p; p++) {
		switch (*p) {
		case '\\': buf_adds(b, "\\\\"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		default: buf_addc(b, *p);
		}
	}
}

void store_copy_bytes(struct buf *b, const unsigned char *p, size_t n)
{
	buf_adds(b, "\\\\x");
	for (size_t k = 0; p && k < n; k++)
		buf_printf(b, "%02x", p[k]);
}

/* One value in COPY's text format. */
static void copy_value(struct buf *b, struct stmt *s, int i, char type)
{
	if (stmt_isnull(s, i)) {
		buf_adds(b, "\\N");
		return;
	}
	switch (type) {
	case 'i':
		buf_printf(b, "%lld", (long long)stmt_int(s, i));
		return;
	case 'f':
		buf_printf(b, "%.17g", stmt_double(s, i));
		return;
	case 'b': {
		size_t n = 0;
		const unsigned char *p = stmt_blob(s, i, &n);
		store_copy_bytes(b, p, n);
		return;
	}
	default:
		store_copy_text(b, stmt_text(s, i));
	}
}

static int copy_table(struct store *from, struct store *to, struct store_copy_report *r, const struct table *t,
                      store_copy_progress progress, void *arg, struct err *e)
{
	struct buf b = BUF_INIT;
	int64_t total = 0, done = 0;
	struct buf cnt = BUF_INIT;
	buf_printf(&cnt, "SELECT COUNT(*) FROM %s", t->name);
	if (store_int(from, e, &total, keep(r, &cnt), "") < 0)
		return -1;
	buf_printf(&b, "COPY %s(", t->name);
	for (int i = 0; i < t->ncols; i++)
		buf_printf(&b, "%s\"%s\"", i ? ", " : "", t->cols[i].name);
	buf_adds(&b, ") FROM STDIN");
	int rc = to->drv->copy_begin(to, buf_str(&b), e);
	buf_release(&b);
	if (rc)
		return -1;
	struct stmt *s;
	if (store_query(from, &s, e, select_all(r, t), "")) {
		to->drv->copy_end(to, 0, NULL);
		return -1;
	}
	while ((rc = stmt_next(s, e)) == 1) {
		for (int i = 0; i < t->ncols; i++) {
			if (i)
				buf_addc(&b, '\t');
			copy_value(&b, s, i, t->cols[i].type);
		}
		buf_addc(&b, '\n');
		if (b.n >= 1 << 16) {
			if (to->drv->copy_data(to, b.p, b.n, e)) {
				rc = -1;
				break;
			}
			b.n = 0;
		}
		if (++done % 100000 == 0 && progress)
			progress(arg, t->name, done, total);
	}
	stmt_done(s);
	if (rc == 0 && b.n && to->drv->copy_data(to, b.p, b.n, e))
		rc = -1;
	buf_release(&b);
	if (to->drv->copy_end(to, rc == 0, rc == 0 ? e : NULL) && rc == 0)
		rc = -1;
	if (rc == 0 && progress)
		progress(arg, t->name, done, total);
	return rc < 0 ? -1 : 0;
}

/* Rows and the sum of their hashes, each row hashed from its typed values. */
static int checksum(struct store *st, const struct table *t, const char *sql, int64_t *rows, uint64_t *sum,
                    struct err *e)
{
	struct stmt *s;
	int rc;
	*rows = 0;
	*sum = 0;
	if (store_query(st, &s, e, sql, ""))
		return -1;
	while ((rc = stmt_next(s, e)) == 1) {
		crypto_generichash_state h;
		crypto_generichash_init(&h, NULL, 0, 8);
		for (int i = 0; i < t->ncols; i++) {
			unsigned char tag = stmt_isnull(s, i) ? 'N' : (unsigned char)t->cols[i].type;
			const void *p = NULL;
			size_t n = 0;
			int64_t iv;
			double dv;
			if (tag == 'i') {
				iv = stmt_int(s, i);
				p = &iv;
				n = sizeof iv;
			} else if (tag == 'f') {
				dv = stmt_double(s, i);
				p = &dv;
				n = sizeof dv;
			} else if (tag == 'b') {
				p = stmt_blob(s, i, &n);
			} else if (tag == 't') {
				p = stmt_text(s, i);
				n = strlen(p);
			}
			uint64_t len = n;
			crypto_generichash_update(&h, &tag, 1);
			crypto_generichash_update(&h, (const unsigned char *)&len, sizeof len);
			if (n)
				crypto_generichash_update(&h, p, n);
		}
		uint64_t v = 0;
		crypto_generichash_final(&h, (unsigned char *)&v, sizeof v);
		*sum += v;
		(*rows)++;
	}
	stmt_done(s);
	return rc < 0 ? -1 : 0;
}

/* The target's side of one table's comparison, in a thread of its own
 * while the source's is computed: the server's read-back and Probity's
 * hashing of the other side overlap instead of taking turns. */
struct sum_job {
	struct store *st;
	const struct table *t;
	const char *sql;
	int64_t rows;
	uint64_t sum;
	struct err e;
	int rc;
};

static void *sum_thread(void *arg)
{
	struct sum_job *j = arg;
	j->rc = checksum(j->st, j->t, j->sql, &j->rows, &j->sum, &j->e);
	return NULL;
}

int store_copy(struct store *from, struct store *to, store_copy_progress progress, store_copy_check check, void *arg,
               struct store_copy_report *r, struct err *e)
{
	struct catalog cf = { 0 }, ct = { 0 };
	struct table **order = NULL;
	struct buf b = BUF_INIT, make = BUF_INIT;
	int began_from = 0, began_to = 0, rc = -1;
	double t0 = now_s();
	memset(r, 0, sizeof *r);
	if (sodium_init() < 0)
		return err_set(e, ERR_INTERNAL, "libsodium failed to start");
	if (strcmp(store_backend(to), "postgresql") || !to->drv->copy_begin)
		return err_set(e, ERR_INPUT, "the target must be a PostgreSQL database (postgresql://…)");
	if (store_version(from) != store_version(to))
		return err_set(e, ERR_INPUT, "the source is at schema version %d and the target at %d: run the same "
		                             "probity on both", store_version(from), store_version(to));
	if (read_catalog(from, &cf, e) || read_catalog(to, &ct, e))
		goto out;
	for (int i = 0; i < cf.n; i++)
		if (!find_table(&ct, cf.t[i].name)) {
			err_set(e, ERR_INPUT, "table %s of the source has no place in the target's schema", cf.t[i].name);
			goto out;
		}
	for (int i = 0; i < ct.n; i++) {
		struct table *s = find_table(&cf, ct.t[i].name);
		if (!s) {
			err_set(e, ERR_INPUT, "table %s of the target is missing from the source", ct.t[i].name);
			goto out;
		}
		for (int k = 0; k < ct.t[i].ncols; k++) {
			int found = 0;
			for (int j = 0; j < s->ncols && !found; j++)
				found = !strcmp(s->cols[j].name, ct.t[i].cols[k].name);
			if (!found || s->ncols != ct.t[i].ncols) {
				err_set(e, ERR_INPUT, "table %s has different columns in the source and the target",
				        ct.t[i].name);
				goto out;
			}
		}
	}
	static const char *const owned[] = { "people", "accounts", "access_log" };
	for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++) {
		if (!find_table(&ct, owned[i]))
			continue;
		struct buf q = BUF_INIT;
		int64_t n = 0;
		buf_printf(&q, "SELECT COUNT(*) FROM %s", owned[i]);
		if (store_int(to, e, &n, keep(r, &q), "") < 0)
			goto out;
		if (n) {
			err_set(e, ERR_CONFLICT, "the target already holds a force's data (%lld rows in %s): migrate into a "
			                         "new, empty database", (long long)n, owned[i]);
			goto out;
		}
	}
	if (copy_order(to, &ct, &order, e))
		goto out;
	r->t = xcalloc((size_t)ct.n, sizeof *r->t);
	r->n = (size_t)ct.n;
	/* the source read in one transaction: a consistent picture, no writer meanwhile */
	if (store_begin(from, e))
		goto out;
	began_from = 1;
	if (store_begin(to, e))
		goto out;
	began_to = 1;
	buf_adds(&b, "TRUNCATE ");
	for (int i = 0; i < ct.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", ct.t[i].name);
	buf_adds(&b, " RESTART IDENTITY");
	if (exec_ddl(to, &b, e))
		goto out;
	if (defer_keys(to, &b, &make, e) || exec_ddl(to, &b, e))
		goto out;
	/* index builds sort in memory up to this; the session's own setting */
	buf_adds(&b, "SET LOCAL maintenance_work_mem = '256MB'");
	if (exec_ddl(to, &b, e))
		goto out;
	for (int i = 0; i < ct.n; i++)
		buf_printf(&b, "ALTER TABLE %s DISABLE TRIGGER USER;\n", ct.t[i].name);
	if (exec_ddl(to, &b, e))
		goto out;
	for (int i = 0; i < ct.n; i++)
		if (copy_table(from, to, r, order[i], progress, arg, e))
			goto out;
	r->secs_copy = now_s() - t0;
	for (int i = 0; i < ct.n; i++)
		buf_printf(&b, "ALTER TABLE %s ENABLE TRIGGER USER;\n", ct.t[i].name);
	if (exec_ddl(to, &b, e) || exec_ddl(to, &make, e))
		goto out;
	r->secs_keys = now_s() - t0 - r->secs_copy;
	for (int i = 0; i < ct.n; i++) {
		for (int k = 0; k < ct.t[i].ncols; k++) {
			if (!ct.t[i].cols[k].identity)
				continue;
			buf_printf(&b, "SELECT setval(pg_get_serial_sequence('%s', '%s'), "
			               "(SELECT COALESCE(MAX(\"%s\"), 0) FROM %s) + 1, false)",
			           ct.t[i].name, ct.t[i].cols[k].name, ct.t[i].cols[k].name, ct.t[i].name);
			int64_t ignored;
			if (store_int(to, e, &ignored, keep(r, &b), "") < 0)
				goto out;
		}
	}
	/* compare every table, the target's rows read back inside its transaction */
	for (int i = 0; i < ct.n; i++) {
		struct table *t = &ct.t[i];
		struct store_copy_table *x = &r->t[i];
		snprintf(x->name, sizeof x->name, "%s", t->name);
		const char *sql = select_all(r, t);
		struct sum_job j = { .st = to, .t = t, .sql = sql };
		pthread_t th;
		int threaded = pthread_create(&th, NULL, sum_thread, &j) == 0;
		if (!threaded)
			sum_thread(&j);
		int rf = checksum(from, t, sql, &x->rows_from, &x->sum_from, e);
		if (threaded)
			pthread_join(th, NULL);
		if (j.rc && !rf)
			err_set(e, j.e.code, "%s", j.e.msg);
		if (rf || j.rc)
			goto out;
		x->rows_to = j.rows;
		x->sum_to = j.sum;
		if (x->rows_from != x->rows_to || x->sum_from != x->sum_to)
			r->differ++;
		if (progress)
			progress(arg, t->name, x->rows_to, -1);
	}
	r->secs_check = now_s() - t0 - r->secs_copy - r->secs_keys;
	if (r->differ) {
		err_set(e, ERR_CONFLICT, "%d table%s differ after the copy: nothing was written", r->differ,
		        r->differ == 1 ? "" : "s");
		goto out;
	}
	if (check && check(arg, to, e))
		goto out;
	if (store_commit(to, e))
		goto out;
	began_to = 0;
	rc = 0;
out:
	if (began_to)
		store_rollback(to);
	if (began_from)
		store_rollback(from);
	buf_release(&b);
	buf_release(&make);
	free(order);
	catalog_free(&cf);
	catalog_free(&ct);
	return rc;
}

void store_copy_free(struct store_copy_report *r)
{
	for (size_t i = 0; i < r->nsql; i++)
		free(r->sql[i]);
	free(r->sql);
	free(r->t);
	memset(r, 0, sizeof *r);
}
