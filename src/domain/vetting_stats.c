/* vetting_stats.c — the disproportionality statistics (see vetting_stats.h
 * and docs/vetting.md). One aggregation pass reads every decided
 * application once and counts it into each characteristic's groups (found
 * by a hash of the group name, then compared); the statistics per row are
 * then a few arithmetic operations and one Fisher test, whose hypergeometric
 * terms come from a ratio recurrence out from the mode (no lgamma per term),
 * so the full report over 200,000 applications takes milliseconds. */
#include "domain/vetting_stats.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/fnv.h"
#include "core/xalloc.h"
#include "domain/disclosure.h"
#include "domain/vetting.h"
#include "store/store.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const dp_characteristics[DP_NCHAR] = { "ethnicity", "sex", "age_band", "disability", "religion",
	                                           "sexual_orientation" };
const char *const dp_characteristic_labels[DP_NCHAR] = { "Ethnicity", "Sex", "Age band", "Disability",
	                                                 "Religion or belief", "Sexual orientation" };
const char *const dp_grounds[DP_NGROUND] = { "convictions_cautions", "non_conviction_information", "financial",
	                                     "associations", "honesty", "other" };
const char *const dp_ground_labels[DP_NGROUND] = { "Convictions or cautions", "Non-conviction information",
	                                           "Financial", "Associations", "Honesty of the application",
	                                           "Other" };
const char *const dp_scope_labels[DP_NSCOPE] = { "All decisions", "Decided at initial checks",
	                                         "Decided at full vetting" };

int dp_characteristic_index(const char *name)
{
	for (int i = 0; name && i < DP_NCHAR; i++)
		if (!strcmp(name, dp_characteristics[i]))
			return i;
	return -1;
}

/* ---- Fisher's exact test ---- */

double fisher_exact_2x2(long a, long b, long c, long d)
{
	if (a < 0 || b < 0 || c < 0 || d < 0)
		return NAN;
	long n1 = a + b, n2 = c + d, k = a + c, n = n1 + n2;
	long lo = k - n2 > 0 ? k - n2 : 0, hi = k < n1 ? k : n1;
	if (n == 0 || lo == hi)
		return 1.0;
	/* Terms relative to the mode: w(x+1)/w(x) = (n1-x)(k-x) / ((x+1)(n2-k+x+1)).
	 * The distribution is unimodal, so each side decreases away from the
	 * mode; terms below 1e-300 of the mode's cannot change the answer. */
	long mode = (long)floor((double)(k + 1) * (double)(n1 + 1) / (double)(n + 2));
	if (mode < lo) mode = lo;
	if (mode > hi) mode = hi;
	double total = 1.0, wobs = a == mode ? 1.0 : -1.0;
	double w = 1.0;
	long last_up = mode, last_down = mode;
	for (long x = mode; x < hi; x++) {
		w *= (double)(n1 - x) * (double)(k - x) / ((double)(x + 1) * (double)(n2 - k + x + 1));
		if (x + 1 == a)
			wobs = w;
		if (w < 1e-300)
			break;
		total += w;
		last_up = x + 1;
	}
	w = 1.0;
	for (long x = mode; x > lo; x--) {
		w *= (double)x * (double)(n2 - k + x) / ((double)(n1 - x + 1) * (double)(k - x + 1));
		if (x - 1 == a)
			wobs = w;
		if (w < 1e-300)
			break;
		total += w;
		last_down = x - 1;
	}
	if (wobs < 0) /* the observed table lies where every term is negligible */
		return 0.0;
	/* Sum the terms no more likely than the observed one, walking again. */
	double lim = wobs * (1.0 + 1e-7), sum = 1.0 <= lim ? 1.0 : 0.0;
	w = 1.0;
	for (long x = mode; x < last_up; x++) {
		w *= (double)(n1 - x) * (double)(k - x) / ((double)(x + 1) * (double)(n2 - k + x + 1));
		if (w <= lim)
			sum += w;
	}
	w = 1.0;
	for (long x = mode; x > last_down; x--) {
		w *= (double)x * (double)(n2 - k + x) / ((double)(n1 - x + 1) * (double)(k - x + 1));
		if (w <= lim)
			sum += w;
	}
	double p = sum / total;
	return p > 1.0 ? 1.0 : p;
}

/* ---- rounding and formatting ---- */

int64_t round_hundredths(double x)
{
	double v = fabs(x) * 100.0;
	int64_t r = (int64_t)floor(v * (1.0 + 1e-12) + 0.5);
	return x < 0 ? -r : r;
}

int64_t ratio_hundredths(int64_t num, int64_t den)
{
	return (200 * num + den) / (2 * den);
}

void hundredths_format(int64_t h, char *out, size_t n)
{
	int64_t a = h < 0 ? -h : h;
	snprintf(out, n, "%s%lld.%02lld", h < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
}

void pvalue_format(double p, char *out, size_t n)
{
	if (isnan(p)) {
		snprintf(out, n, "%s", "");
		return;
	}
	if (p <= 0) {
		snprintf(out, n, "0.000");
		return;
	}
	snprintf(out, n, "%#.4g", p);
}

/* ---- aggregation ---- */

/* The group named s in t (added when new); NULL when out of memory.
 * hashes runs parallel to t->g. */
struct hashed_table {
	struct dp_table *t;
	uint64_t *h;
	size_t hcap;
};

static struct dp_group *group_of(struct hashed_table *ht, const char *s, uint64_t h)
{
	struct dp_table *t = ht->t;
	for (size_t i = 0; i < t->n; i++)
		if (ht->h[i] == h && !strcmp(t->g[i].name, s))
			return &t->g[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct dp_group *g = xrealloc(t->g, cap * sizeof *g);
		t->g = g;
		t->cap = cap;
	}
	if (t->n == ht->hcap) {
		size_t cap = ht->hcap ? ht->hcap * 2 : 16;
		uint64_t *nh = xrealloc(ht->h, cap * sizeof *nh);
		ht->h = nh;
		ht->hcap = cap;
	}
	struct dp_group *g = &t->g[t->n];
	memset(g, 0, sizeof *g);
	snprintf(g->name, sizeof g->name, "%s", s);
	ht->h[t->n++] = h;
	return g;
}

static int ground_index(const char *s)
{
	for (int i = 0; i < DP_NGROUND; i++)
		if (!strcmp(s, dp_grounds[i]))
			return i;
	return DP_NGROUND - 1;
}

int dp_build(struct store *st, const char *from, const char *to, struct dp_report *r, struct err *e)
{
	return dp_build_level(st, from, to, 0, r, e);
}

int dp_build_level(struct store *st, const char *from, const char *to, int broad, struct dp_report *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	snprintf(r->from, sizeof r->from, "%s", from ? from : "");
	snprintf(r->to, sizeof r->to, "%s", to ? to : "");
	char last[11];
	if (r->to[0])
		snprintf(last, sizeof last, "%s", r->to);
	else
		date_today(last);
	int ly, lm, ld;
	if (date_parse(last, &ly, &lm, &ld))
		return err_set(e, ERR_INPUT, "bad end date %s", last);
	long lastm = ly * 12L + (lm - 1), firstm = lastm - (DP_MONTHS - 1);
	for (int i = 0; i < DP_MONTHS; i++) {
		long m = firstm + i;
		snprintf(r->months[i], sizeof r->months[i], "%04ld-%02ld", m / 12, m % 12 + 1);
	}
	struct hashed_table ht[DP_NCHAR][DP_NSCOPE];
	memset(ht, 0, sizeof ht);
	for (int c = 0; c < DP_NCHAR; c++)
		for (int s = 0; s < DP_NSCOPE; s++)
			ht[c][s].t = &r->t[c][s];
	/* Two scans in id order merged here, rather than a join: each table is
	 * read once front to back instead of one index seek per application. */
	struct stmt *q, *qe = NULL;
	if (store_query(st, &q, e,
	                "SELECT id, outcome, stage_reached, refusal_ground, decided FROM vetting_applications "
	                "WHERE outcome <> '' AND (?1 = '' OR decided >= ?1) AND (?2 = '' OR decided <= ?2) ORDER BY id",
	                "tt", r->from, r->to))
		return -1;
	if (store_query(st, &qe, e,
	                "SELECT application_id, ethnicity, sex, age_band, disability, religion, sexual_orientation "
	                "FROM vetting_equality ORDER BY application_id", "")) {
		stmt_done(q);
		return -1;
	}
	int rc, oom = 0, erc = stmt_next(qe, e);
	while ((rc = stmt_next(q, e)) == 1 && !oom) {
		const char *outcome = stmt_text(q, 1);
		if (outcome[0] == 'w') { /* withdrawn: reported apart */
			r->withdrawn++;
			continue;
		}
		int64_t id = stmt_int(q, 0);
		while (erc == 1 && stmt_int(qe, 0) < id)
			erc = stmt_next(qe, e);
		if (erc < 0) {
			rc = -1;
			break;
		}
		int has_eq = erc == 1 && stmt_int(qe, 0) == id;
		int refused = outcome[0] == 'r';
		int scope = stmt_text(q, 2)[0] == 'f' ? DP_FULL : DP_INITIAL;
		int ground = refused ? ground_index(stmt_text(q, 3)) : -1;
		const char *dec = stmt_text(q, 4);
		long mi = -1;
		if (strlen(dec) >= 7) {
			long m = atol(dec) * 12L + (atol(dec + 5) - 1) - firstm;
			if (m >= 0 && m < DP_MONTHS)
				mi = m;
		}
		r->decided++;
		r->refused += refused;
		for (int c = 0; c < DP_NCHAR; c++) {
			const char *v = has_eq ? stmt_text(qe, 1 + c) : "";
			if (!*v)
				v = DP_NOT_DECLARED;
			else if (broad && c == 0)
				v = vetting_equality_broad(v);
			uint64_t h = fnv1a(v);
			for (int s = 0; s < 2; s++) {
				struct dp_group *g = group_of(&ht[c][s ? scope : DP_ALL], v, h);
				if (!g) {
					oom = 1;
					break;
				}
				g->apps++;
				g->refused += refused;
				if (ground >= 0)
					g->grounds[ground]++;
				if (!s && mi >= 0) {
					g->m_apps[mi]++;
					g->m_refused[mi] += refused;
				}
			}
		}
	}
	stmt_done(qe);
	stmt_done(q);
	for (int c = 0; c < DP_NCHAR; c++)
		for (int s = 0; s < DP_NSCOPE; s++)
			free(ht[c][s].h);
	if (oom)
		rc = err_set(e, ERR_NOMEM, "out of memory");
	if (rc < 0) {
		dp_report_release(r);
		return -1;
	}
	return 0;
}

void dp_report_release(struct dp_report *r)
{
	if (!r)
		return;
	for (int c = 0; c < DP_NCHAR; c++)
		for (int s = 0; s < DP_NSCOPE; s++) {
			free(r->t[c][s].g);
			r->t[c][s].g = NULL;
			r->t[c][s].n = r->t[c][s].cap = 0;
		}
}

/* ---- rows ---- */

static int group_cmp(const void *pa, const void *pb)
{
	const struct dp_group *a = pa, *b = pb;
	int na = !strcmp(a->name, DP_NOT_DECLARED), nb = !strcmp(b->name, DP_NOT_DECLARED);
	if (na != nb)
		return na - nb;
	return strcmp(a->name, b->name);
}

int dp_rows(struct dp_table *t, const char *reference, long min_size, struct dp_row *rows, int *ref, struct err *e)
{
	*ref = -1;
	if (t->n > 1)
		qsort(t->g, t->n, sizeof *t->g, group_cmp);
	if (reference && *reference) {
		for (size_t i = 0; i < t->n; i++)
			if (!strcmp(t->g[i].name, reference))
				*ref = (int)i;
		if (*ref < 0)
			return err_field(e, ERR_INPUT, "reference", "No group \"%s\" among the decided applications",
			                 reference);
	} else {
		for (size_t i = 0; i < t->n; i++)
			if ((min_size <= 0 || t->g[i].apps >= min_size) && (*ref < 0 || t->g[i].apps > t->g[*ref].apps))
				*ref = (int)i;
		for (size_t i = 0; *ref < 0 && i < t->n; i++)
			if (*ref < 0 || t->g[i].apps > t->g[*ref].apps)
				*ref = (int)i;
		if (*ref < 0 && t->n)
			*ref = 0;
	}
	const struct dp_group *rg = *ref >= 0 ? &t->g[*ref] : NULL;
	for (size_t i = 0; i < t->n; i++) {
		struct dp_row *w = &rows[i];
		const struct dp_group *g = &t->g[i];
		memset(w, 0, sizeof *w);
		w->g = g;
		w->p = NAN;
		w->rate = ratio_hundredths(100 * (int64_t)g->refused, g->apps);
		w->suppressed = min_size > 0 && g->apps < min_size;
		if ((int)i == *ref) {
			w->is_ref = 1;
			if (g->refused > 0) {
				w->has_rr = 1;
				w->rr = 100;
				w->rr_exact = 1.0;
			}
			continue;
		}
		long a = g->refused, n1 = g->apps, c = rg->refused, n2 = rg->apps;
		w->has_p = 1;
		w->p = fisher_exact_2x2(a, n1 - a, c, n2 - c);
		if (c > 0) {
			w->has_rr = 1;
			w->rr = ratio_hundredths((int64_t)a * n2, (int64_t)n1 * c);
			w->rr_exact = ((double)a / n1) / ((double)c / n2);
		}
		/* log-method (Katz) interval; with a zero cell, Haldane-Anscombe:
		 * 0.5 added to each of the four cells, then the same formula */
		double fa = (double)a, fn1 = (double)n1, fc = (double)c, fn2 = (double)n2;
		if (a == 0 || a == n1 || c == 0 || c == n2) {
			w->corrected = 1;
			fa += 0.5;
			fc += 0.5;
			fn1 += 1.0;
			fn2 += 1.0;
		}
		double est = (fa / fn1) / (fc / fn2);
		double se = sqrt(1.0 / fa - 1.0 / fn1 + 1.0 / fc - 1.0 / fn2);
		w->has_ci = 1;
		w->lo_exact = exp(log(est) - 1.96 * se);
		w->hi_exact = exp(log(est) + 1.96 * se);
		w->lo = round_hundredths(w->lo_exact);
		w->hi = round_hundredths(w->hi_exact);
	}
	dp_holm(rows, t->n);
	return 0;
}

void dp_holm(struct dp_row *rows, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		rows[i].has_holm = rows[i].significant = 0;
		m += !rows[i].is_ref && rows[i].has_p;
	}
	/* Holm: the k-th smallest p (k from 1) times m - k + 1, made monotone, capped at 1 */
	double prev = 0;
	for (size_t k = 1; k <= m; k++) {
		struct dp_row *best = NULL;
		for (size_t i = 0; i < n; i++) {
			struct dp_row *w = &rows[i];
			if (w->is_ref || !w->has_p || w->has_holm)
				continue;
			if (!best || w->p < best->p)
				best = w;
		}
		double adj = best->p * (double)(m - k + 1);
		if (adj > 1)
			adj = 1;
		if (adj < prev)
			adj = prev;
		prev = adj;
		best->has_holm = 1;
		best->p_holm = adj;
		best->significant = adj < 0.05 && best->has_ci && (best->lo_exact > 1.0 || best->hi_exact < 1.0);
	}
}

void dp_csv(struct buf *out, const struct dp_row *rows, size_t n)
{
	buf_adds(out, DP_CSV_HEADER "\n");
	for (size_t i = 0; i < n; i++) {
		const struct dp_row *w = &rows[i];
		char rate[32], rr[32] = "", lo[32] = "", hi[32] = "", p[32] = "";
		if (w->suppressed)
			continue;
		if (w->refused_hidden) {
			csv_cell(out, w->g->name);
			buf_printf(out, ",%ld,c,c,c,c,c,c,c,\n", w->g->apps);
			continue;
		}
		hundredths_format(w->rate, rate, sizeof rate);
		if (w->has_rr)
			hundredths_format(w->rr, rr, sizeof rr);
		if (w->has_ci) {
			hundredths_format(w->lo, lo, sizeof lo);
			hundredths_format(w->hi, hi, sizeof hi);
		}
		char ph[32] = "";
		if (w->has_p)
			pvalue_format(w->p, p, sizeof p);
		if (w->has_holm)
			pvalue_format(w->p_holm, ph, sizeof ph);
		csv_cell(out, w->g->name);
		buf_printf(out, ",%ld,%ld,%s,%s,%s,%s,%s,%s,", w->g->apps, w->g->refused, rate, rr, lo, hi, p, ph);
		if (w->corrected)
			csv_cell(out, DP_NOTE_CORRECTED);
		buf_addc(out, '\n');
	}
}

void dp_summary(struct buf *out, const char *label, const struct dp_row *rows, size_t n, int ref)
{
	if (ref < 0 || n < 2) {
		buf_printf(out, "%s: there is only one group with decided applications, so there is nothing to compare.",
		           label);
		return;
	}
	const struct dp_row *rr = &rows[ref];
	if (rr->suppressed || rr->refused_hidden) {
		buf_printf(out, "%s: too few decisions in any group to publish.", label);
		return;
	}
	if (rr->g->refused == 0) {
		buf_printf(out, "%s: nobody in the reference group \"%s\" was refused, so relative rates cannot be "
		                "calculated.", label, rr->g->name);
		return;
	}
	const struct dp_row *best = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct dp_row *w = &rows[i];
		if (w->is_ref || w->suppressed || w->refused_hidden || !w->has_rr || !w->has_ci)
			continue;
		if (!strcmp(w->g->name, DP_NOT_DECLARED))
			continue;
		int sig = w->significant && w->rr_exact > 1.0;
		int best_sig = best && best->significant && best->rr_exact > 1.0;
		/* a significant excess first, then the largest relative rate */
		if (!best || (sig && !best_sig) || (sig == best_sig && w->rr_exact > best->rr_exact))
			best = w;
	}
	if (!best || best->rr_exact <= 1.0) {
		buf_printf(out, "%s: no group was more likely to be refused than the reference group \"%s\" "
		                "(%ld of %ld, %lld.%02lld%%, refused).", label, rr->g->name, rr->g->refused, rr->g->apps,
		           (long long)(rr->rate / 100), (long long)(rr->rate % 100));
		return;
	}
	char r[32], lo[32], hi[32], p[32] = "", br[32], rf[32];
	hundredths_format(best->rr, r, sizeof r);
	hundredths_format(best->lo, lo, sizeof lo);
	hundredths_format(best->hi, hi, sizeof hi);
	if (best->has_holm)
		pvalue_format(best->p_holm, p, sizeof p);
	snprintf(br, sizeof br, "%.1f", 100.0 * (double)best->g->refused / (double)best->g->apps);
	snprintf(rf, sizeof rf, "%.1f", 100.0 * (double)rr->g->refused / (double)rr->g->apps);
	buf_printf(out, "%s: applicants in the group \"%s\" were %s times as likely to be refused as applicants in the "
	                "reference group \"%s\" (95%% confidence interval %s to %s%s): %ld of %ld (%s%%) refused, "
	                "against %ld of %ld (%s%%) for the reference group; the difference %s statistically significant "
	                "(Fisher's exact test, Holm-adjusted p = %s%s).",
	           label, best->g->name, r, rr->g->name, lo, hi,
	           best->corrected ? ", with the Haldane-Anscombe correction because a cell was zero" : "",
	           best->g->refused, best->g->apps, br, rr->g->refused, rr->g->apps, rf,
	           best->significant ? "is" : "is not", p,
	           best->significant ? "" : "; significant means an adjusted p under 0.05 and an interval excluding 1");
}

/* ---- disclosure control ---- */

static struct dp_row *row_by_name(struct dp_row *rows, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].g->name, name))
			return &rows[i];
	return NULL;
}

/* Complement one column of a scope's table: what(w) the count, flag the
 * hidden mark. Everything is hidden when memory runs out. */
static int complement_column(struct dp_row *rows, size_t n, int refused)
{
	long *v = xcalloc(n ? n : 1, sizeof *v);
	unsigned char *h = xcalloc(n ? n : 1, 1);
	int added = 0;
	for (size_t i = 0; i < n; i++) {
		v[i] = v ? (refused ? rows[i].g->refused : rows[i].g->apps) : 0;
		if (h)
			h[i] = (unsigned char)(refused ? rows[i].refused_hidden : rows[i].suppressed);
	}
	if (v && h)
		added = disclosure_complement(v, h, n);
	size_t hidden = 0;
	for (size_t i = 0; h && i < n; i++)
		hidden += h[i] != 0;
	for (size_t i = 0; i < n; i++) {
		int hide = !v || !h || h[i];
		if (hide && hidden == 1 && !rows[i].suppressed) {
			/* alone in its column with nothing to hide beside it: its figure is
			 * the column's total, so the group is not named */
			rows[i].suppressed = rows[i].refused_hidden = 1;
			added++;
			continue;
		}
		if (hide && refused)
			rows[i].refused_hidden = 1;
		else if (hide)
			rows[i].suppressed = rows[i].refused_hidden = 1;
	}
	free(v);
	free(h);
	return added;
}

/* A group's all-decisions cell is the sum of its two stage cells: a group
 * hidden in one scope is hidden in all three, so that with every column
 * holding no hidden cell or at least two, any hidden amount can move between
 * two hidden groups of a column and be absorbed by their hidden totals. */
static int hide_stages(struct dp_row *w[DP_NSCOPE], int refused)
{
	int any = 0, added = 0;
	for (int s = 0; s < DP_NSCOPE; s++)
		any |= w[s] && (refused ? w[s]->refused_hidden : w[s]->suppressed);
	for (int s = 0; any && s < DP_NSCOPE; s++)
		if (w[s] && !(refused ? w[s]->refused_hidden : w[s]->suppressed)) {
			w[s]->refused_hidden = 1;
			if (!refused)
				w[s]->suppressed = 1;
			added++;
		}
	return added;
}

/* Complement every row and column of a rows x cols grid of counts. */
static void complement_grid(long *v, unsigned char *h, size_t rows, size_t cols)
{
	long lv[DP_MONTHS > DP_NGROUND ? DP_MONTHS : DP_NGROUND];
	unsigned char lh[sizeof lv / sizeof lv[0]];
	long *cv = xcalloc(rows ? rows : 1, sizeof *cv);
	unsigned char *ch = xcalloc(rows ? rows : 1, 1);
	for (int changed = 1; changed;) {
		changed = 0;
		for (size_t r = 0; r < rows; r++) {
			for (size_t c = 0; c < cols; c++) {
				lv[c] = v[r * cols + c];
				lh[c] = h[r * cols + c];
			}
			changed += disclosure_complement(lv, lh, cols);
			for (size_t c = 0; c < cols; c++)
				h[r * cols + c] = lh[c];
		}
		for (size_t c = 0; c < cols; c++) {
			for (size_t r = 0; r < rows; r++) {
				cv[r] = v[r * cols + c];
				ch[r] = h[r * cols + c];
			}
			changed += disclosure_complement(cv, ch, rows);
			for (size_t r = 0; r < rows; r++)
				h[r * cols + c] = ch[r];
		}
	}
	free(cv);
	free(ch);
}

void dp_disclose(struct dp_table t[DP_NSCOPE], struct dp_row *rows[DP_NSCOPE], const int ref[DP_NSCOPE], long k)
{
	for (int s = 0; s < DP_NSCOPE; s++)
		for (size_t i = 0; i < t[s].n; i++) {
			struct dp_row *w = &rows[s][i];
			const struct dp_group *g = w->g;
			w->suppressed = disclosure_small(g->apps, k);
			w->refused_hidden = w->suppressed || disclosure_small(g->refused, k) ||
			                    disclosure_small(g->apps - g->refused, k);
		}
	for (int changed = 1; changed;) {
		changed = 0;
		for (int s = 0; s < DP_NSCOPE; s++) {
			changed += complement_column(rows[s], t[s].n, 0);
			changed += complement_column(rows[s], t[s].n, 1);
		}
		/* every group appears in the all-decisions table */
		for (size_t i = 0; i < t[DP_ALL].n; i++) {
			struct dp_row *w[DP_NSCOPE];
			w[DP_ALL] = &rows[DP_ALL][i];
			for (int s = DP_INITIAL; s <= DP_FULL; s++)
				w[s] = row_by_name(rows[s], t[s].n, w[DP_ALL]->g->name);
			changed += hide_stages(w, 0);
			changed += hide_stages(w, 1);
		}
	}
	for (int s = 0; s < DP_NSCOPE; s++) {
		int ref_hidden = ref[s] >= 0 && (size_t)ref[s] < t[s].n && rows[s][ref[s]].refused_hidden;
		for (size_t i = 0; i < t[s].n; i++) {
			struct dp_row *w = &rows[s][i];
			if (w->refused_hidden || ref_hidden)
				w->has_rr = w->has_ci = w->has_p = w->has_holm = w->significant = w->corrected = 0;
		}
	}
	/* refusals by ground and the monthly rates, all decisions only */
	size_t n = t[DP_ALL].n;
	struct dp_row *r = rows[DP_ALL];
	long *v = xcalloc(n ? n * DP_MONTHS : 1, sizeof *v);
	unsigned char *h = xcalloc(n ? n * DP_MONTHS : 1, 1);
	for (size_t i = 0; i < n; i++) {
		const struct dp_group *g = r[i].g;
		for (int j = 0; j < DP_NGROUND; j++)
			r[i].g_hidden[j] = (unsigned char)(r[i].refused_hidden || disclosure_small(g->grounds[j], k));
		for (int m = 0; m < DP_MONTHS; m++)
			r[i].m_hidden[m] = (unsigned char)(r[i].suppressed || disclosure_small(g->m_apps[m], k) ||
			                                   disclosure_small(g->m_refused[m], k) ||
			                                   disclosure_small(g->m_apps[m] - g->m_refused[m], k));
	}
	if (!v || !h) {
		for (size_t i = 0; i < n; i++) {
			memset(r[i].g_hidden, 1, sizeof r[i].g_hidden);
			memset(r[i].m_hidden, 1, sizeof r[i].m_hidden);
		}
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < DP_NGROUND; j++) {
			v[i * DP_NGROUND + (size_t)j] = r[i].g->grounds[j];
			h[i * DP_NGROUND + (size_t)j] = r[i].g_hidden[j];
		}
	complement_grid(v, h, n, DP_NGROUND);
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < DP_NGROUND; j++)
			r[i].g_hidden[j] = h[i * DP_NGROUND + (size_t)j];
	for (size_t i = 0; i < n; i++)
		for (int m = 0; m < DP_MONTHS; m++) {
			v[i * DP_MONTHS + (size_t)m] = r[i].g->m_apps[m];
			h[i * DP_MONTHS + (size_t)m] = r[i].m_hidden[m];
		}
	complement_grid(v, h, n, DP_MONTHS);
	for (size_t i = 0; i < n; i++)
		for (int m = 0; m < DP_MONTHS; m++)
			r[i].m_hidden[m] = h[i * DP_MONTHS + (size_t)m];
out:
	free(v);
	free(h);
}
