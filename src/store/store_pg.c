/* store_pg.c — the PostgreSQL backend of store.h (a driver.h table), on
 * libpq. Chosen when the database is named by a "postgresql://" URI.
 *
 * Binding is real: every statement is prepared on the server (PQprepare,
 * once per connection, cached by the address of its SQL text like the
 * SQLite backend) and run with PQexecPrepared; no value is ever spliced
 * into SQL text. The portable dialect's ? and ?N parameters become $n here,
 * by a scanner that skips quoted strings, quoted names, comments and
 * dollar-quoted blocks.
 *
 * Write lock. store.h promises that store_begin takes the write lock at
 * once, as SQLite's BEGIN IMMEDIATE does; domain code relies on it (check
 * then insert, and the access log's MAC chain, whose next link reads the
 * previous one). Here BEGIN (READ COMMITTED) is followed by
 * pg_advisory_xact_lock(PG_WRITE_LOCK): writers' transactions queue one
 * behind another across every connection and every Probity process on the
 * database, exactly as on SQLite, while readers never wait (each statement
 * reads a consistent snapshot). Statements outside a transaction run on
 * their own, as on SQLite.
 *
 * A failing statement inside a transaction does not poison the rest of it
 * (PostgreSQL's default): a statement that writes runs under a SAVEPOINT
 * and is rolled back alone on error, so "try the insert, treat the
 * conflict" reads the same on both backends (domain code does: an upsert's
 * fallback, a duplicate submit_key answered with the stored record). The
 * SAVEPOINT, the statement and its RELEASE go in one round trip (libpq's
 * pipeline mode); only a failed statement costs a second, its ROLLBACK TO.
 *
 * Errors map by SQLSTATE to the portable set: class 23 (constraint) →
 * ERR_CONFLICT; 40001/40P01 (serialisation failure, deadlock) → retried up
 * to PG_RETRIES times when outside a transaction, else ERR_CONFLICT for the
 * caller's transaction to fail whole; class 08 and 57P0x or a dead
 * connection → reconnect (PQreset, statements prepared again) and, outside
 * a transaction, run the statement once more; anything else → ERR_DB.
 *
 * Results come back in text format and are read from the buffered PGresult;
 * integers, booleans ('t'/'f' → 1/0), doubles and bytea ('\x…' hex) are
 * converted on read. */
#include "store/driver.h"
#include "core/xalloc.h"
#include "core/buf.h"
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The statements prepared on one connection: an open-addressed table keyed
 * by the SQL text's address. Statements built per filter shape (gifts.c)
 * and every page's own make the set of a long-lived connection large, so
 * when PG_KEEP are prepared the connection forgets them all (DEALLOCATE
 * ALL) and prepares again what it runs next, instead of refusing: a
 * connection never holds more than PG_KEEP, and probes stay short. */
#define PG_SLOTS 4096
#define PG_KEEP 3072
#define PG_WRITE_LOCK 0x50726f62 /* "Prob" */
#define PG_RETRIES 5
#define PG_MAX_PARAMS 100

struct pg_prep {
	const char *sql; /* the caller's text: the cache key */
	int id;          /* prepared as "p<id>" */
	int nparams;
	int writes;      /* not a SELECT/WITH…SELECT: runs under a savepoint in a transaction */
};

struct pg_store {
	struct store base;
	PGconn *conn;
	int next_id;
	int changes;
	int nprep; /* slots of cache in use */
	struct pg_prep cache[PG_SLOTS];
};

struct pg_stmt {
	struct stmt base;
	PGresult *res;
	int row;   /* the current row, -1 before the first */
	int nrows;
	unsigned char *blob; /* the last bytea decoded (PQfreemem) */
};

#define PG(st) ((struct pg_store *)(st))
#define PS(s) ((struct pg_stmt *)(s))

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static int is_word(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Column names that PostgreSQL reserves and Probity's schema uses (audit
 * tables have user and offset columns): the word at p (of length n) is
 * quoted. Probity never calls SQL's USER function; OFFSET the keyword is
 * always followed by a parameter or a number. */
static int reserved_column(const char *p, size_t n)
{
	if (n == 4 && !strncasecmp(p, "user", 4))
		return 1;
	if (n == 6 && !strncasecmp(p, "offset", 6)) {
		const char *q = p + n;
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		return !(*q == '?' || *q == '$' || (*q >= '0' && *q <= '9'));
	}
	return 0;
}

/* SQLite's "a IS b" and "a IS NOT b" compare any two values, NULL-safe;
 * PostgreSQL's IS takes only NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM.
 * For the word after IS at p: the text to put for "IS" or "IS NOT" when it
 * must become PostgreSQL's NULL-safe comparison (*skip: how much of p that
 * replaces), or NULL when the text stands as it is. */
static const char *is_compare(const char *p, size_t *skip)
{
	static const char *const kept[] = { "NULL", "TRUE", "FALSE", "UNKNOWN", "DISTINCT", "DOCUMENT", "NORMALIZED", NULL };
	const char *q = p;
	while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
		q++;
	int neg = !strncasecmp(q, "NOT", 3) && !is_word(q[3]);
	if (neg) {
		q += 3;
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
	}
	for (int i = 0; kept[i]; i++) {
		size_t n = strlen(kept[i]);
		if (!strncasecmp(q, kept[i], n) && !is_word(q[n]))
			return NULL;
	}
	*skip = (size_t)(q - p);
	return neg ? " DISTINCT FROM " : " NOT DISTINCT FROM ";
}

/* ? and ?N → $n, skipping '…', "…", -- …, / * … * / and $tag$…$tag$.
 * Returns the number of parameters (the highest n), -1 when out is too small. */
int pg_rewrite_placeholders(const char *in, char *out, size_t n);
int pg_rewrite_placeholders(const char *in, char *out, size_t n)
{
	size_t o = 0;
	int maxp = 0;
#define PUT(c) do { if (o + 1 >= n) return -1; out[o++] = (c); } while (0)
	for (const char *p = in; *p;) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			PUT(*p++);
			while (*p) {
				if (*p == q && p[1] == q) { PUT(*p++); PUT(*p++); continue; }
				if (*p == q) break;
				PUT(*p++);
			}
			if (*p) PUT(*p++);
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n') PUT(*p++);
		} else if (p[0] == '/' && p[1] == '*') {
			PUT(*p++); PUT(*p++);
			while (*p && !(p[0] == '*' && p[1] == '/')) PUT(*p++);
			if (*p) { PUT(*p++); PUT(*p++); }
		} else if (*p == '$' && (p[1] == '$' || ((p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= 'a' && p[1] <= 'z') || p[1] == '_'))) {
			/* a dollar-quote tag $tag$ (not $1, which we never see in input) */
			const char *t = p + 1;
			while (*t && *t != '$' && ((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') || *t == '_'))
				t++;
			if (*t != '$') { PUT(*p++); continue; }
			size_t tl = (size_t)(t - p + 1);
			const char *tag = p;
			for (size_t k = 0; k < tl; k++) PUT(p[k]);
			p += tl;
			while (*p && strncmp(p, tag, tl)) PUT(*p++);
			if (*p) {
				for (size_t k = 0; k < tl; k++) PUT(p[k]);
				p += tl;
			}
		} else if (is_word(*p)) {
			const char *w = p;
			while (is_word(*p))
				p++;
			int q = reserved_column(w, (size_t)(p - w));
			if (q) PUT('"');
			for (const char *k = w; k < p; k++) PUT(*k);
			if (q) PUT('"');
			size_t skip = 0;
			const char *cmp = p - w == 2 && !strncasecmp(w, "IS", 2) ? is_compare(p, &skip) : NULL;
			if (cmp) {
				for (const char *k = cmp; *k; k++) PUT(*k);
				p += skip;
			}
		} else if (*p == '?') {
			p++;
			int num = 0;
			if (*p >= '0' && *p <= '9') {
				while (*p >= '0' && *p <= '9')
					num = num * 10 + (*p++ - '0');
			} else {
				num = maxp + 1;
			}
			if (num > maxp)
				maxp = num;
			char d[16];
			int dl = snprintf(d, sizeof d, "$%d", num);
			for (int k = 0; k < dl; k++) PUT(d[k]);
		} else {
			PUT(*p++);
		}
	}
	if (o >= n)
		return -1;
	out[o] = 0;
	return maxp;
#undef PUT
}

/* ---- migrations: one source for both dialects ----
 * The migrations are written once, in SQLite's DDL, and rewritten here for
 * PostgreSQL: INTEGER → BIGINT (Probity binds 64-bit ids), INTEGER PRIMARY
 * KEY → an identity column (SQLite's rowid alias), AUTOINCREMENT dropped,
 * BLOB → BYTEA, REAL → DOUBLE PRECISION, a IS [NOT] b → IS [NOT] DISTINCT
 * FROM, group_concat → string_agg, char → chr, an unnamed subquery in FROM
 * or JOIN gets a name, and each SQLite trigger (CREATE TRIGGER t
 * BEFORE|AFTER ev [OF cols] ON tbl [FOR EACH ROW] [WHEN c] BEGIN body END;)
 * becomes a PL/pgSQL function and a FOR EACH ROW trigger, its
 * SELECT RAISE(ABORT, 'msg') a RAISE EXCEPTION with SQLSTATE 23000 (a
 * constraint, as SQLite reports it).
 * Where that is not enough a migration has a PostgreSQL text of its own in
 * src/store/migrations/pg/ (struct migration's pg_sql), translated the same
 * way. */

/* Case-insensitive match of word w at p, followed by a non-word character. */
static int at_word(const char *p, const char *w)
{
	size_t n = strlen(w);
	return !strncasecmp(p, w, n) && !is_word(p[n]);
}

static const char *skip_ws(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		return p;
	}
}

/* Copy one word (or one non-word character) from *pp to b. */
static void take_token(struct buf *b, const char **pp)
{
	const char *p = *pp;
	if (is_word(*p)) {
		const char *s = p;
		while (is_word(*p))
			p++;
		buf_add(b, s, (size_t)(p - s));
	} else {
		buf_addc(b, *p++);
	}
	*pp = p;
}

static void translate_body(struct buf *b, const char *p, const char *end);

/* p at '(': the matching ')' (or end), skipping quoted text and comments;
 * *comma set when a comma stands at the top level inside. */
static const char *close_paren(const char *p, const char *end, int *comma)
{
	int depth = 0;
	*comma = 0;
	while (p < end && *p) {
		if (*p == '\'' || *p == '"') {
			char q = *p++;
			while (p < end && *p && !(*p == q && p[1] != q))
				p += *p == q ? 2 : 1;
		} else if (p[0] == '-' && p[1] == '-') {
			while (p < end && *p && *p != '\n')
				p++;
			continue;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			if (--depth == 0)
				return p;
		} else if (*p == ',' && depth == 1) {
			*comma = 1;
		}
		p++;
	}
	return p;
}

/* p at "CREATE TRIGGER": emit the PostgreSQL pair, return the text after "END;". */
static const char *translate_trigger(struct buf *b, const char *p)
{
	struct buf name = BUF_INIT, head = BUF_INIT, when = BUF_INIT;
	p = skip_ws(p + 6);
	p = skip_ws(p + 7);
	if (at_word(p, "IF")) /* IF NOT EXISTS */
		p = skip_ws(skip_ws(skip_ws(p + 2) + 3) + 6);
	while (is_word(*p))
		buf_addc(&name, *p++);
	/* timing, event, OF cols, ON table: copied up to FOR EACH ROW / WHEN / BEGIN */
	p = skip_ws(p);
	while (*p && !at_word(p, "BEGIN") && !at_word(p, "WHEN") && !at_word(p, "FOR")) {
		take_token(&head, &p);
		const char *q = skip_ws(p);
		if (q != p) {
			buf_addc(&head, ' ');
			p = q;
		}
	}
	if (at_word(p, "FOR")) /* FOR EACH ROW */
		p = skip_ws(skip_ws(skip_ws(p + 3) + 4) + 3);
	if (at_word(p, "WHEN")) {
		p = skip_ws(p + 4);
		while (*p && !at_word(p, "BEGIN"))
			buf_addc(&when, *p++);
	}
	p = skip_ws(p + 5); /* BEGIN */
	const char *body = p, *end = p;
	/* the body ends at END followed by ; (statements inside end with ;) */
	for (;;) {
		end = skip_ws(end);
		if (!*end || (at_word(end, "END") && *skip_ws(end + 3) == ';'))
			break;
		if (*end == '\'') {
			end++;
			while (*end && !(*end == '\'' && end[1] != '\''))
				end += *end == '\'' ? 2 : 1;
			if (*end)
				end++;
		} else {
			end++;
			while (is_word(end[-1]) && is_word(*end))
				end++;
		}
	}
	buf_printf(b, "CREATE FUNCTION %s_fn() RETURNS trigger LANGUAGE plpgsql AS $probity$ BEGIN ", buf_str(&name));
	if (when.n) {
		buf_adds(b, "IF ");
		translate_body(b, buf_str(&when), buf_str(&when) + when.n);
		buf_adds(b, " THEN ");
	}
	translate_body(b, body, end);
	if (when.n)
		buf_adds(b, " END IF;");
	/* a BEFORE trigger that returns NULL would skip the row: give it back */
	const char *ret = "NULL";
	if (!strncasecmp(buf_str(&head), "BEFORE", 6))
		ret = strstr(buf_str(&head), "DELETE") ? "OLD" : "NEW";
	buf_printf(b, " RETURN %s; END $probity$;\nCREATE TRIGGER %s %s FOR EACH ROW EXECUTE FUNCTION %s_fn()", ret,
	           buf_str(&name), buf_str(&head), buf_str(&name));
	buf_release(&name);
	buf_release(&head);
	buf_release(&when);
	if (*end)
		end = skip_ws(end + 3); /* past END, at ; which the caller copies */
	return end;
}

static void translate_body(struct buf *b, const char *p, const char *end)
{
	while (*p && p < end) {
		if (*p == '\'') {
			buf_addc(b, *p++);
			while (*p && p < end) {
				if (*p == '\'' && p[1] == '\'') {
					buf_add(b, p, 2);
					p += 2;
					continue;
				}
				if (*p == '\'')
					break;
				buf_addc(b, *p++);
			}
			if (*p && p < end)
				buf_addc(b, *p++);
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				buf_addc(b, *p++);
		} else if (is_word(*p)) {
			if (at_word(p, "CREATE") && at_word(skip_ws(p + 6), "TRIGGER")) {
				p = translate_trigger(b, p);
			} else if (at_word(p, "INTEGER") && at_word(skip_ws(p + 7), "PRIMARY")) {
				buf_adds(b, "BIGINT GENERATED BY DEFAULT AS IDENTITY");
				p += 7;
			} else if (at_word(p, "INTEGER")) {
				buf_adds(b, "BIGINT");
				p += 7;
			} else if (at_word(p, "AUTOINCREMENT")) {
				p += 13;
			} else if (at_word(p, "BLOB")) {
				buf_adds(b, "BYTEA");
				p += 4;
			} else if (at_word(p, "REAL")) {
				buf_adds(b, "DOUBLE PRECISION");
				p += 4;
			} else if (at_word(p, "SELECT") && at_word(skip_ws(p + 6), "RAISE") && *skip_ws(skip_ws(p + 6) + 5) == '(') {
				/* SELECT RAISE(ABORT|FAIL|ROLLBACK, 'msg') / RAISE(IGNORE) */
				const char *a = skip_ws(skip_ws(skip_ws(p + 6) + 5) + 1);
				int comma;
				const char *c = close_paren(skip_ws(skip_ws(p + 6) + 5), end, &comma);
				if (at_word(a, "IGNORE")) {
					buf_adds(b, "RETURN NULL");
				} else {
					const char *m = a;
					while (m < c && *m != ',')
						m++;
					buf_adds(b, "RAISE EXCEPTION USING ERRCODE = '23000', MESSAGE = ");
					translate_body(b, skip_ws(m + 1), c);
				}
				p = c < end && *c ? c + 1 : c;
			} else if (at_word(p, "group_concat") && *skip_ws(p + 12) == '(') {
				const char *o = skip_ws(p + 12);
				int comma;
				const char *c = close_paren(o, end, &comma);
				buf_adds(b, "string_agg(");
				translate_body(b, o + 1, c);
				if (!comma)
					buf_adds(b, ", ','");
				buf_addc(b, ')');
				p = c < end && *c ? c + 1 : c;
			} else if (at_word(p, "char") && *skip_ws(p + 4) == '(') {
				buf_adds(b, "chr");
				p += 4;
			} else if ((at_word(p, "FROM") || at_word(p, "JOIN")) && *skip_ws(p + 4) == '(' &&
			           at_word(skip_ws(skip_ws(p + 4) + 1), "SELECT")) {
				/* a subquery in FROM needs a name on PostgreSQL 15 */
				static const char *const after[] = { "WHERE", "ORDER", "GROUP", "HAVING", "LIMIT", "JOIN", "LEFT",
				                                     "INNER", "CROSS", "ON", "UNION", "EXCEPT", "INTERSECT", "WINDOW",
				                                     "END", NULL };
				static int named;
				const char *o = skip_ws(p + 4);
				int comma;
				const char *c = close_paren(o, end, &comma);
				buf_add(b, p, 4);
				buf_adds(b, " (");
				translate_body(b, o + 1, c);
				buf_addc(b, ')');
				p = c < end && *c ? c + 1 : c;
				const char *n = skip_ws(p);
				int bare = !is_word(*n);
				for (int i = 0; !bare && after[i]; i++)
					bare = at_word(n, after[i]);
				if (bare)
					buf_printf(b, " AS probity_sub%d", ++named);
			} else if (at_word(p, "IS")) {
				size_t skip = 0;
				const char *cmp = is_compare(p + 2, &skip);
				buf_adds(b, "IS");
				p += 2;
				if (cmp) {
					buf_adds(b, cmp);
					p += skip;
				}
			} else {
				const char *w = p;
				while (is_word(*p))
					p++;
				int q = reserved_column(w, (size_t)(p - w));
				if (q)
					buf_addc(b, '"');
				buf_add(b, w, (size_t)(p - w));
				if (q)
					buf_addc(b, '"');
			}
		} else {
			buf_addc(b, *p++);
		}
	}
}

/* The PostgreSQL text of an SQLite migration (caller frees). */
char *pg_translate_migration(const char *sql);
char *pg_translate_migration(const char *sql)
{
	struct buf b = BUF_INIT;
	translate_body(&b, sql, sql + strlen(sql));
	return buf_take(&b, NULL);
}

/* ---- connection ---- */

static int set_pg_err(struct store *st, PGresult *r, struct err *e, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(PG(st)->conn);
	char m[400];
	snprintf(m, sizeof m, "%s", msg);
	size_t l = strlen(m);
	while (l && (m[l - 1] == '\n' || m[l - 1] == ' '))
		m[--l] = 0;
	if (state && !strncmp(state, "23", 2))
		err_set(&st->last, ERR_CONFLICT, "%s", m);
	else if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01")))
		err_set(&st->last, ERR_CONFLICT, "%s: %s (retry)", what, m);
	else if (state && !strcmp(state, "55P03")) /* lock_timeout: the write lock stayed taken */
		err_set(&st->last, ERR_BUSY, "%s: %s", what, m);
	else if (state && !strcmp(state, "53100")) /* disk_full */
		err_set(&st->last, ERR_FULL, "%s: %s", what, m);
	else
		err_set(&st->last, ERR_DB, "%s: %s", what, m);
	return err_set(e, st->last.code, "%s", st->last.msg);
}

/* The connection went away (server restart, failover, network): true when
 * the statement can be run again on a fresh connection. */
static int lost(struct pg_store *s, PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (PQstatus(s->conn) != CONNECTION_BAD && !(state && (!strncmp(state, "08", 2) || !strncmp(state, "57P0", 4))))
		return 0;
	PQreset(s->conn);
	memset(s->cache, 0, sizeof s->cache); /* prepared statements died with the session */
	s->nprep = 0;
	s->base.txn_depth = 0;
	if (PQstatus(s->conn) != CONNECTION_OK)
		return 0;
	PQsetNoticeProcessor(s->conn, quiet, NULL);
	return 1;
}

static int retryable(PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	return state && (!strcmp(state, "40001") || !strcmp(state, "40P01"));
}

static int pg_script(struct store *st, const char *sql, struct err *e)
{
	PGresult *r = PQexec(PG(st)->conn, sql);
	ExecStatusType t = PQresultStatus(r);
	int rc = 0;
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
		rc = set_pg_err(st, r, e, "exec") ? -1 : -1;
	PQclear(r);
	return rc;
}

static void pg_close(struct store *st)
{
	if (!st)
		return;
	PQfinish(PG(st)->conn);
	free(st);
}

static int pg_open(struct store **out, const char *uri, struct err *e)
{
	*out = NULL;
	struct pg_store *s = xcalloc(1, sizeof *s);
	s->conn = PQconnectdb(uri);
	if (PQstatus(s->conn) != CONNECTION_OK) {
		char m[400];
		snprintf(m, sizeof m, "%s", PQerrorMessage(s->conn));
		size_t l = strlen(m);
		while (l && (m[l - 1] == '\n' || m[l - 1] == ' '))
			m[--l] = 0;
		pg_close(&s->base);
		return err_set(e, ERR_DB, "cannot connect: %s", m);
	}
	PQsetNoticeProcessor(s->conn, quiet, NULL);
	s->base.drv = &store_pg_driver;
	if (pg_script(&s->base, "SET client_min_messages = warning", e)) {
		pg_close(&s->base);
		return -1;
	}
	*out = &s->base;
	return 0;
}

/* ---- statements ---- */

static int starts_select(const char *sql)
{
	const char *p = skip_ws(sql);
	return at_word(p, "SELECT") || at_word(p, "VALUES") ||
	       (at_word(p, "WITH") && !strstr(p, "INSERT") && !strstr(p, "UPDATE") && !strstr(p, "DELETE"));
}

/* Parameter types from the bind string (a call site always binds the same
 * letters): integers and doubles are declared, so "CASE ? WHEN 0" or
 * "SELECT ?" mean a number as on SQLite; text is left for the server to
 * infer from the column it meets. */
static void param_types(const char *types, Oid *oids, int n)
{
	for (int i = 0; i < n; i++)
		oids[i] = 0;
	for (int i = 0; types[i] && i < n; i++)
		oids[i] = types[i] == 'i' ? 20 : types[i] == 'd' ? 23 : types[i] == 'f' ? 701 : types[i] == 'b' ? 17 : 0;
}

/* Forget every statement prepared on the connection (the cache is full).
 * Kept as they were when the server refuses (an aborted transaction): the
 * names stay unique (next_id), so nothing is confused either way. */
static void forget_prepared(struct pg_store *s)
{
	PGresult *r = PQexec(s->conn, "DEALLOCATE ALL");
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (ok) {
		memset(s->cache, 0, sizeof s->cache);
		s->nprep = 0;
	}
}

static struct pg_prep *prepared(struct pg_store *s, const char *sql, const char *types, struct err *e)
{
	size_t h = ((uintptr_t)sql >> 3) % PG_SLOTS;
	struct pg_prep *c = NULL;
	for (size_t k = 0; k < PG_SLOTS; k++) {
		struct pg_prep *t = &s->cache[(h + k) % PG_SLOTS];
		if (t->sql == sql)
			return t;
		if (!t->sql) {
			c = t;
			break;
		}
	}
	if (c && s->nprep >= PG_KEEP) {
		forget_prepared(s);
		c = s->nprep ? c : &s->cache[h];
	}
	if (!c) {
		err_set(e, ERR_INTERNAL, "more than %d distinct statements on one connection", PG_SLOTS);
		return NULL;
	}
	size_t n = strlen(sql) * 2 + 64;
	char *text = xmalloc(n);
	int np = pg_rewrite_placeholders(sql, text, n);
	if (np < 0 || np > PG_MAX_PARAMS) {
		free(text);
		err_set(e, ERR_INTERNAL, "statement has too many parameters");
		return NULL;
	}
	char name[24];
	int id = ++s->next_id;
	snprintf(name, sizeof name, "p%d", id);
	Oid oids[PG_MAX_PARAMS];
	param_types(types, oids, np);
	PGresult *r = PQprepare(s->conn, name, text, np, oids);
	free(text);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		set_pg_err(&s->base, r, e, "prepare");
		if (getenv("PROBITY_SQL_TRACE"))
			fprintf(stderr, "store_pg: %s\n  in: %s\n", PQresultErrorMessage(r), sql);
		PQclear(r);
		return NULL;
	}
	PQclear(r);
	c->sql = sql;
	c->id = id;
	c->nparams = np;
	s->nprep++;
	c->writes = !starts_select(sql);
	return c;
}

static int savepoint(struct pg_store *s, const char *sql)
{
	PGresult *r = PQexec(s->conn, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok ? 0 : -1;
}

/* A write inside a transaction, under its savepoint, in one round trip:
 * SAVEPOINT, the statement and RELEASE sent together in libpq's pipeline
 * mode with one Sync (instead of three round trips). Returns the
 * statement's result (NULL when none came back: a lost connection); *sp
 * set when the savepoint was taken, so a failed statement can be rolled
 * back to it alone. -1 (nothing sent) when the connection would not enter
 * pipeline mode: then the caller sends the three itself. */
static int exec_savepointed(struct pg_store *s, const char *name, int np, const char *const *vals, const int *lens,
                            const int *fmts, PGresult **out, int *sp)
{
	PGconn *c = s->conn;
	*out = NULL;
	*sp = 0;
	if (PQenterPipelineMode(c) != 1)
		return -1;
	if (PQsendQueryParams(c, "SAVEPOINT probity_stmt", 0, NULL, NULL, NULL, NULL, 0) == 1 &&
	    PQsendQueryPrepared(c, name, np, vals, lens, fmts, 0) == 1 &&
	    PQsendQueryParams(c, "RELEASE SAVEPOINT probity_stmt", 0, NULL, NULL, NULL, NULL, 0) == 1)
		PQpipelineSync(c);
	/* each query's results end with a NULL; the Sync's result ends it all */
	PGresult *first = NULL;
	int q = 0;
	for (int guard = 0; guard < 64; guard++) {
		PGresult *r = PQgetResult(c);
		if (!r) {
			if (PQstatus(c) == CONNECTION_BAD || ++q > 3)
				break;
			continue;
		}
		ExecStatusType t = PQresultStatus(r);
		if (t == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (q == 0 && t == PGRES_COMMAND_OK)
			*sp = 1;
		if (q == 0 && t != PGRES_COMMAND_OK && !first)
			first = r; /* the savepoint failed: its error is the statement's */
		else if (q == 1 && !*out && !first)
			*out = r;
		else
			PQclear(r);
	}
	if (first) {
		PQclear(*out);
		*out = first;
	}
	if (PQexitPipelineMode(c) != 1) { /* results left unread: a broken connection */
		PGresult *r;
		while (PQstatus(c) != CONNECTION_BAD && (r = PQgetResult(c)))
			PQclear(r);
		PQexitPipelineMode(c);
	}
	return 0;
}

static int pg_query(struct store *st, struct stmt **out, struct err *e, const char *sql, const char *types,
                    va_list ap)
{
	struct pg_store *s = PG(st);
	*out = NULL;
	const char *vals[PG_MAX_PARAMS];
	int lens[PG_MAX_PARAMS], fmts[PG_MAX_PARAMS];
	char nums[PG_MAX_PARAMS][32];
	int np = 0;
	for (const char *t = types; *t; t++, np++) {
		if (np >= PG_MAX_PARAMS)
			return err_set(e, ERR_INTERNAL, "too many parameters");
		lens[np] = 0;
		fmts[np] = 0;
		switch (*t) {
		case 'i': snprintf(nums[np], sizeof nums[np], "%lld", (long long)va_arg(ap, int64_t)); vals[np] = nums[np]; break;
		case 'd': snprintf(nums[np], sizeof nums[np], "%d", va_arg(ap, int)); vals[np] = nums[np]; break;
		case 'f': snprintf(nums[np], sizeof nums[np], "%.17g", va_arg(ap, double)); vals[np] = nums[np]; break;
		case 't':
		case 's': vals[np] = va_arg(ap, const char *); break;
		case 'b': {
			vals[np] = va_arg(ap, const void *);
			lens[np] = (int)va_arg(ap, size_t);
			fmts[np] = 1;
			if (!vals[np])
				vals[np] = "";
			break;
		}
		default:
			return err_set(e, ERR_INTERNAL, "bad bind type '%c'", *t);
		}
	}
	PGresult *r = NULL;
	/* a connection an earlier failure left broken (its reset found no
	 * server taking writes yet, e.g. mid-failover) is tried again here,
	 * or no statement would ever reach the promoted standby */
	if (PQstatus(s->conn) == CONNECTION_BAD && st->txn_depth == 0)
		lost(s, NULL);
	for (int attempt = 0;; attempt++) {
		struct pg_prep *p = prepared(s, sql, types, e);
		if (!p) {
			if (attempt < PG_RETRIES && st->txn_depth == 0 && lost(s, NULL))
				continue;
			return -1;
		}
		if (p->nparams != np)
			return err_set(e, ERR_INTERNAL, "statement takes %d parameters, %d bound", p->nparams, np);
		int sp = p->writes && st->txn_depth > 0, piped = 0;
		char name[24];
		snprintf(name, sizeof name, "p%d", p->id);
		if (sp)
			piped = exec_savepointed(s, name, np, vals, lens, fmts, &r, &sp) == 0;
		if (!piped) {
			if (sp && savepoint(s, "SAVEPOINT probity_stmt"))
				sp = 0;
			r = PQexecPrepared(s->conn, name, np, vals, lens, fmts, 0);
		}
		ExecStatusType t = PQresultStatus(r);
		if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) {
			if (sp && !piped)
				savepoint(s, "RELEASE SAVEPOINT probity_stmt");
			break;
		}
		if (sp)
			savepoint(s, "ROLLBACK TO SAVEPOINT probity_stmt");
		int in_txn = st->txn_depth > 0;
		if (attempt < PG_RETRIES && !in_txn && (retryable(r) || lost(s, r))) {
			PQclear(r);
			continue;
		}
		if (in_txn && PQstatus(s->conn) == CONNECTION_BAD)
			st->txn_failed = 1;
		set_pg_err(st, r, e, p->writes ? "write" : "query");
		if (getenv("PROBITY_SQL_TRACE")) /* for porting: which statement PostgreSQL refused, and why */
			fprintf(stderr, "store_pg: %s\n  in: %s\n", PQresultErrorMessage(r), sql);
		PQclear(r);
		return -1;
	}
	const char *ct = PQcmdTuples(r);
	s->changes = ct && *ct ? atoi(ct) : 0;
	struct pg_stmt *ps = xcalloc(1, sizeof *ps);
	ps->base.st = st;
	ps->res = r;
	ps->row = -1;
	ps->nrows = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : 0;
	*out = &ps->base;
	return 0;
}

static int pg_next(struct stmt *st, struct err *e)
{
	(void)e;
	struct pg_stmt *s = PS(st);
	if (s->row + 1 >= s->nrows)
		return 0;
	s->row++;
	return 1;
}

static void pg_done(struct stmt *st)
{
	struct pg_stmt *s = PS(st);
	PQclear(s->res);
	if (s->blob)
		PQfreemem(s->blob);
	free(s);
}

static const char *cell(struct stmt *st, int col)
{
	struct pg_stmt *s = PS(st);
	if (s->row < 0 || s->row >= s->nrows || col >= PQnfields(s->res))
		return NULL;
	if (PQgetisnull(s->res, s->row, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

static int64_t pg_int(struct stmt *st, int col)
{
	const char *v = cell(st, col);
	if (!v)
		return 0;
	if (v[0] == 't' && !v[1])
		return 1;
	if (v[0] == 'f' && !v[1])
		return 0;
	if (strchr(v, '.') || strchr(v, 'e'))
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

static double pg_double(struct stmt *st, int col)
{
	const char *v = cell(st, col);
	if (!v)
		return 0;
	if (v[0] == 't' && !v[1])
		return 1;
	return strtod(v, NULL);
}

static const char *pg_text(struct stmt *st, int col)
{
	const char *v = cell(st, col);
	return v ? v : "";
}

static int pg_isnull(struct stmt *st, int col)
{
	return cell(st, col) == NULL;
}

static const void *pg_blob(struct stmt *st, int col, size_t *n)
{
	struct pg_stmt *s = PS(st);
	*n = 0;
	const char *v = cell(st, col);
	if (!v)
		return NULL;
	if (s->blob)
		PQfreemem(s->blob);
	s->blob = PQunescapeBytea((const unsigned char *)v, n);
	return s->blob;
}

/* ---- transactions ---- */

static int pg_begin(struct store *st, struct err *e)
{
	struct pg_store *s = PG(st);
	char sql[128];
	snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(%d)", PG_WRITE_LOCK);
	for (int attempt = 0;; attempt++) {
		PGresult *r = PQexec(s->conn, sql);
		ExecStatusType t = PQresultStatus(r);
		if (t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK) {
			PQclear(r);
			return 0;
		}
		if (attempt < PG_RETRIES && lost(s, r)) {
			PQclear(r);
			continue;
		}
		set_pg_err(st, r, e, "begin");
		PQclear(r);
		savepoint(s, "ROLLBACK");
		return -1;
	}
}

static int pg_commit(struct store *st, struct err *e)
{
	return pg_script(st, "COMMIT", e);
}

static void pg_rollback(struct store *st)
{
	savepoint(PG(st), "ROLLBACK");
}

static int64_t pg_last_id(struct store *st)
{
	PGresult *r = PQexec(PG(st)->conn, "SELECT lastval()");
	int64_t id = 0;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return id;
}

static int pg_changes(struct store *st)
{
	return PG(st)->changes;
}

/* The page cache is the server's (shared_buffers, the DBA's setting); what a
 * session may take for a bulk load is sort and hash memory. */
static int pg_cache_mib(struct store *st, int mib, struct err *e)
{
	char sql[64];
	if (mib > 0)
		snprintf(sql, sizeof sql, "SET work_mem = '%dMB'", mib);
	else
		snprintf(sql, sizeof sql, "RESET work_mem");
	return pg_script(st, sql, e);
}

/* How long a writer waits for the write lock (the advisory lock pg_begin
 * takes) or any row lock before failing with 55P03 → ERR_BUSY. */
static int pg_busy_ms(struct store *st, int ms, int max_waiters, struct err *e)
{
	(void)max_waiters;
	char sql[64];
	snprintf(sql, sizeof sql, "SET lock_timeout = '%dms'", ms);
	return pg_script(st, sql, e);
}

/* ---- bulk load (store_copy.c) ---- */

static int pg_copy_begin(struct store *st, const char *sql, struct err *e)
{
	PGresult *r = PQexec(PG(st)->conn, sql);
	int rc = PQresultStatus(r) == PGRES_COPY_IN ? 0 : set_pg_err(st, r, e, "copy");
	PQclear(r);
	if (rc)
		st->txn_failed = 1;
	return rc ? -1 : 0;
}

static int pg_copy_data(struct store *st, const char *data, size_t n, struct err *e)
{
	if (PQputCopyData(PG(st)->conn, data, (int)n) == 1)
		return 0;
	st->txn_failed = 1;
	return set_pg_err(st, NULL, e, "copy");
}

static int pg_copy_end(struct store *st, int ok, struct err *e)
{
	struct pg_store *s = PG(st);
	int rc = PQputCopyEnd(s->conn, ok ? NULL : "abandoned") == 1 ? 0 : -1;
	PGresult *r;
	while ((r = PQgetResult(s->conn))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc)
			rc = set_pg_err(st, r, e, "copy") ? -1 : -1;
		PQclear(r);
	}
	if (rc || !ok)
		st->txn_failed = 1;
	return rc;
}

/* ---- migrations, translated once per process ---- */

static struct migration *pg_migs;
static int pg_migs_n;

static void build_migrations(void)
{
	pg_migs = xcalloc((size_t)migrations_count + 1, sizeof *pg_migs);
	for (int i = 0; i < migrations_count; i++) {
		pg_migs[i] = migrations[i];
		pg_migs[i].sql = pg_translate_migration(migrations[i].pg_sql ? migrations[i].pg_sql : migrations[i].sql);
	}
	pg_migs_n = migrations_count;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static const struct migration *pg_migrations(int *n)
{
	pthread_once(&once, build_migrations);
	*n = pg_migs_n;
	return pg_migs;
}

const struct store_driver store_pg_driver = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.script = pg_script,
	.query = pg_query,
	.next = pg_next,
	.done = pg_done,
	.col_int = pg_int,
	.col_double = pg_double,
	.col_text = pg_text,
	.col_blob = pg_blob,
	.col_isnull = pg_isnull,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.last_id = pg_last_id,
	.changes = pg_changes,
	.cache_mib = pg_cache_mib,
	.busy_ms = pg_busy_ms,
	.copy_begin = pg_copy_begin,
	.copy_data = pg_copy_data,
	.copy_end = pg_copy_end,
	.migrations = pg_migrations,
};
