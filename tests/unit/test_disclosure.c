/* Unit tests for disclosure control (domain/disclosure.h, dp_disclose):
 * on the demo force, for every role and every period length from one day
 * to a year, every figure a role other than equality is shown is based on
 * at least k people (or none) and no hidden figure can be recovered from
 * what is shown — checked by solving the table's linear system (column
 * totals, all decisions = initial + full, grounds and months by row and
 * column) for each hidden cell; the equality role sees everything; the
 * one-day query of the issue names no group. */
#include "test.h"
#include "fixture.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "demo/demo.h"
#include "domain/disclosure.h"
#include "domain/vetting.h"
#include <math.h>
#include <string.h>

static const char *const logins[] = { "staff", "manager", "psd", "acu", "vetting", "reviewer", "dcc",
	                              "governance", "ethics", "scrutiny", "pcc", "admin", "equality" };
#define NLOGINS (sizeof logins / sizeof logins[0])
#define END "2026-11-04"

__attribute__((constructor)) static void setup(void)
{
	struct err e = { 0 };
	setenv("PROBITY_TODAY", "2026-11-30", 1);
	fixture_open("disclosure");
	struct demo_options o = { 0 };
	static struct demo_summary sum;
	if (demo_build(st, &o, &sum, &e)) {
		fprintf(stderr, "demo: %s\n", e.msg);
		exit(1);
	}
}

TEST(complement_hides_the_next_smallest)
{
	long n[] = { 3, 40, 25, 12 };
	unsigned char h[] = { 1, 0, 0, 0 };
	CHECK_INT(disclosure_complement(n, h, 4), 1);
	CHECK(h[3] && !h[1] && !h[2]);
	unsigned char h2[] = { 1, 1, 0, 0 };
	CHECK_INT(disclosure_complement(n, h2, 4), 0);   /* two hidden: neither can be recovered */
	unsigned char h3[] = { 0, 0, 0, 0 };
	CHECK_INT(disclosure_complement(n, h3, 4), 0);
	CHECK(disclosure_small(1, 10) && disclosure_small(9, 10) && !disclosure_small(0, 10) && !disclosure_small(10, 10));
}

/* ---- solving: is a hidden cell determined by the equations? ---- */

struct sys {
	size_t nv, ne;
	double *a;      /* ne x nv */
};

static void sys_init(struct sys *s, size_t nv, size_t maxe)
{
	s->nv = nv;
	s->ne = 0;
	s->a = xcalloc((maxe ? maxe : 1) * (nv ? nv : 1), sizeof(double));
}

/* Add an equation over the variables listed (coefficient +1 or -1). */
static double *sys_row(struct sys *s) { return &s->a[s->ne++ * s->nv]; }

/* How many variables with named[var] set are determined: reduce to row
 * echelon form; a variable is determined exactly when a reduced row is its
 * unit vector. A figure recovered for a group that is not named (every cell
 * hidden, equal to a column total) identifies no one. */
static size_t sys_determined(struct sys *s, const unsigned char *named)
{
	size_t r = 0, nv = s->nv;
	for (size_t c = 0; c < nv && r < s->ne; c++) {
		size_t p = r;
		for (size_t i = r; i < s->ne; i++)
			if (fabs(s->a[i * nv + c]) > fabs(s->a[p * nv + c]))
				p = i;
		if (fabs(s->a[p * nv + c]) < 1e-9)
			continue;
		for (size_t j = 0; j < nv; j++) {
			double t = s->a[p * nv + j];
			s->a[p * nv + j] = s->a[r * nv + j];
			s->a[r * nv + j] = t;
		}
		double d = s->a[r * nv + c];
		for (size_t j = 0; j < nv; j++)
			s->a[r * nv + j] /= d;
		for (size_t i = 0; i < s->ne; i++)
			if (i != r && fabs(s->a[i * nv + c]) > 1e-12) {
				double f = s->a[i * nv + c];
				for (size_t j = 0; j < nv; j++)
					s->a[i * nv + j] -= f * s->a[r * nv + j];
			}
		r++;
	}
	size_t det = 0;
	for (size_t i = 0; i < r; i++) {
		size_t nz = 0, at = 0;
		for (size_t j = 0; j < nv; j++)
			if (fabs(s->a[i * nv + j]) > 1e-9) {
				nz++;
				at = j;
			}
		det += nz == 1 && named[at];
	}
	free(s->a);
	return det;
}

/* Index of a hidden cell among the variables, or -1 when shown (known). */
static int var_of(int *vars, size_t idx) { return vars[idx]; }

struct view {
	struct dp_report r;
	struct dp_row *rows[DP_NCHAR][DP_NSCOPE];
	int ref[DP_NCHAR][DP_NSCOPE];
};

static void view_release(struct view *v)
{
	for (int c = 0; c < DP_NCHAR; c++)
		for (int s = 0; s < DP_NSCOPE; s++)
			free(v->rows[c][s]);
	dp_report_release(&v->r);
}

static int view_build(const struct actor *who, const char *from, int *published, struct view *v, struct err *e)
{
	memset(v, 0, sizeof *v);
	if (vetting_report(st, who, from, END, &v->r, published, e))
		return -1;
	long k = disclosure_k(st);
	for (int c = 0; c < DP_NCHAR; c++) {
		for (int s = 0; s < DP_NSCOPE; s++) {
			v->rows[c][s] = xcalloc(v->r.t[c][s].n ? v->r.t[c][s].n : 1, sizeof(struct dp_row));
			dp_rows(&v->r.t[c][s], NULL, *published ? k : 0, v->rows[c][s], &v->ref[c][s], e);
		}
		if (*published)
			dp_disclose(v->r.t[c], v->rows[c], v->ref[c], k);
	}
	return 0;
}

static const struct dp_row *find_row(const struct view *v, int c, int s, const char *name)
{
	for (size_t i = 0; i < v->r.t[c][s].n; i++)
		if (!strcmp(v->rows[c][s][i].g->name, name))
			return &v->rows[c][s][i];
	return NULL;
}

/* 0 when every shown figure is based on k or more people (or none) and no
 * hidden figure is determined by the shown ones; else the count of faults. */
static int check_view(const struct view *v, long k)
{
	int faults = 0;
	for (int c = 0; c < DP_NCHAR; c++) {
		size_t n = v->r.t[c][DP_ALL].n;
		/* shown cells */
		for (int s = 0; s < DP_NSCOPE; s++)
			for (size_t i = 0; i < v->r.t[c][s].n; i++) {
				const struct dp_row *w = &v->rows[c][s][i];
				const struct dp_group *g = w->g;
				if (!w->suppressed && disclosure_small(g->apps, k))
					faults++;
				if (!w->refused_hidden && (disclosure_small(g->refused, k) || disclosure_small(g->apps - g->refused, k)))
					faults++;
				if (w->refused_hidden && (w->has_rr || w->has_ci || w->has_p))
					faults++;
				if (s == DP_ALL)
					for (int j = 0; j < DP_NGROUND; j++)
						faults += !w->g_hidden[j] && disclosure_small(g->grounds[j], k);
				if (s == DP_ALL)
					for (int m = 0; m < DP_MONTHS; m++)
						faults += !w->m_hidden[m] &&
						          (disclosure_small(g->m_apps[m], k) || disclosure_small(g->m_refused[m], k) ||
						           disclosure_small(g->m_apps[m] - g->m_refused[m], k));
			}
		/* applications and refusals: per scope column totals; all = initial + full */
		for (int col = 0; col < 2; col++) {
			size_t nv = 0, ncell = n * DP_NSCOPE;
			int *vars = xcalloc(ncell ? ncell : 1, sizeof *vars);
			unsigned char *named = xcalloc(ncell ? ncell : 1, 1);
			for (size_t i = 0; i < n; i++)
				for (int s = 0; s < DP_NSCOPE; s++) {
					const struct dp_row *w = find_row(v, c, s, v->rows[c][DP_ALL][i].g->name);
					int hidden = w && (col ? w->refused_hidden : w->suppressed);
					if (hidden)
						named[nv] = !v->rows[c][DP_ALL][i].suppressed;
					vars[i * DP_NSCOPE + (size_t)s] = hidden ? (int)nv++ : -1;
				}
			struct sys sy;
			sys_init(&sy, nv, DP_NSCOPE + n);
			for (int s = 0; s < DP_NSCOPE; s++) {
				double *row = sys_row(&sy);
				for (size_t i = 0; i < n; i++)
					if (var_of(vars, i * DP_NSCOPE + (size_t)s) >= 0)
						row[var_of(vars, i * DP_NSCOPE + (size_t)s)] = 1;
			}
			for (size_t i = 0; i < n; i++) {
				double *row = sys_row(&sy);
				for (int s = 0; s < DP_NSCOPE; s++)
					if (var_of(vars, i * DP_NSCOPE + (size_t)s) >= 0)
						row[var_of(vars, i * DP_NSCOPE + (size_t)s)] = s == DP_ALL ? 1 : -1;
			}
			size_t d = sys_determined(&sy, named);
			if (d && getenv("DISCLOSURE_DEBUG"))
				fprintf(stderr, "  characteristic %d, %s: %zu determined\n", c, col ? "refused" : "applications", d);
			faults += (int)d;
			free(vars);
			free(named);
		}
		/* refusals by ground and the monthly figures: rows and columns */
		for (int grid = 0; grid < 2; grid++) {
			size_t cols = grid ? DP_MONTHS : DP_NGROUND, nv = 0;
			int *vars = xcalloc(n ? n * cols : 1, sizeof *vars);
			unsigned char *named = xcalloc(n ? n * cols : 1, 1);
			for (size_t i = 0; i < n; i++)
				for (size_t j = 0; j < cols; j++) {
					const struct dp_row *w = &v->rows[c][DP_ALL][i];
					int hidden = grid ? w->m_hidden[j] : w->g_hidden[j];
					if (hidden)
						named[nv] = !w->suppressed;
					vars[i * cols + j] = hidden ? (int)nv++ : -1;
				}
			struct sys sy;
			sys_init(&sy, nv, n + cols);
			for (size_t i = 0; i < n; i++) {
				double *row = sys_row(&sy);
				for (size_t j = 0; j < cols; j++)
					if (vars[i * cols + j] >= 0)
						row[vars[i * cols + j]] = 1;
			}
			for (size_t j = 0; j < cols; j++) {
				double *row = sys_row(&sy);
				for (size_t i = 0; i < n; i++)
					if (vars[i * cols + j] >= 0)
						row[vars[i * cols + j]] = 1;
			}
			size_t d = sys_determined(&sy, named);
			if (d && getenv("DISCLOSURE_DEBUG"))
				fprintf(stderr, "  characteristic %d, %s: %zu determined\n", c, grid ? "months" : "grounds", d);
			faults += (int)d;
			free(vars);
			free(named);
		}
	}
	return faults;
}

TEST(every_role_every_period_nothing_small_nothing_recoverable)
{
	long k = disclosure_k(st);
	CHECK_INT(k, DISCLOSURE_K_DEFAULT);
	int allowed = 0, denied = 0, hidden_seen = 0;
	for (size_t l = 0; l < NLOGINS; l++) {
		struct actor a;
		memset(&a, 0, sizeof a);
		fixture_load(logins[l], &a);
		CHECK(a.account_id > 0);
		int is_equality = actor_has(&a, ROLE_EQUALITY);
		for (int len = 1; len <= 365; len++) {
			char from[11];
			date_format(date_days(END) - (len - 1), from);
			struct view v;
			struct err e = { 0 };
			int published = -1;
			if (view_build(&a, from, &published, &v, &e)) {
				CHECK_INT(e.code, ERR_DENIED);
				CHECK(!actor_has(&a, VETTING_REPORT_ANY));
				denied++;
				break;
			}
			if (len == 1)
				allowed++;
			CHECK_INT(published, !is_equality);
			if (is_equality) {
				/* the equality role sees every figure */
				for (int c = 0; c < DP_NCHAR; c++)
					for (int s = 0; s < DP_NSCOPE; s++)
						for (size_t i = 0; i < v.r.t[c][s].n; i++)
							CHECK(!v.rows[c][s][i].suppressed && !v.rows[c][s][i].refused_hidden);
			} else {
				int f = check_view(&v, k);
				if (f)
					fprintf(stderr, "  %s, %d days to " END ": %d faults\n", logins[l], len, f);
				CHECK_INT(f, 0);
				for (size_t i = 0; i < v.r.t[0][DP_ALL].n; i++)
					hidden_seen += v.rows[0][DP_ALL][i].suppressed;
			}
			view_release(&v);
		}
	}
	CHECK_INT(allowed, 5);   /* vetting, dcc, scrutiny, admin, equality */
	CHECK_INT(denied, (int)NLOGINS - 5);
	CHECK(hidden_seen > 0);
}

TEST(the_one_day_query_names_no_group_but_for_equality)
{
	static const char *const who[] = { "vetting", "dcc", "equality" };
	for (int l = 0; l < 3; l++) {
		struct actor a;
		fixture_load(who[l], &a);
		struct view v;
		struct err e = { 0 };
		int published = -1;
		CHECK_INT(view_build(&a, END, &published, &v, &e), 0);
		CHECK(v.r.refused >= 1);
		struct buf b;
		buf_init(&b, 0);
		for (int c = 0; c < DP_NCHAR; c++)
			dp_csv(&b, v.rows[c][DP_ALL], v.r.t[c][DP_ALL].n);
		char header_only[DP_NCHAR * sizeof DP_CSV_HEADER + 16] = "";
		for (int c = 0; c < DP_NCHAR; c++)
			strcat(header_only, DP_CSV_HEADER "\n");
		if (l < 2)
			CHECK_STR(buf_str(&b), header_only);
		else
			CHECK(strlen(buf_str(&b)) > strlen(header_only));
		buf_release(&b);
		view_release(&v);
	}
}

TEST_MAIN(T(complement_hides_the_next_smallest), T(every_role_every_period_nothing_small_nothing_recoverable),
          T(the_one_day_query_names_no_group_but_for_equality))
