/* state.c — the engine's per-event state as a byte string (state.h).
 * Native byte order: the state is read back by the same build on the same
 * machine (it lives in the database beside the alerts it explains). */
#include "audit/state.h"
#include "core/xalloc.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "PRBAUD01"

static int put(struct buf *b, const void *p, size_t n)
{
	return buf_add(b, p, n);
}

#define PUT(b, v) put((b), &(v), sizeof(v))

static int put_str(struct buf *b, const char *p, size_t n)
{
	uint32_t len = (uint32_t)n;
	return PUT(b, len) || put(b, p, n);
}

/* An open alert, saved inside its user's record. */
static int put_alert(struct buf *b, const struct audit_alert *x)
{
	return PUT(b, x->rule) || put(b, x->ts, 20) || PUT(b, x->line) || PUT(b, x->count) || PUT(b, x->fire) ||
	       PUT(b, x->median2) || PUT(b, x->ndays) || PUT(b, x->key);
}

int audit_state_save(const struct audit *a, struct buf *b)
{
	uint32_t nu = 0, np = 0;
	for (uint32_t i = 0; i < a->users.n; i++)
		if (a->u[i].r4_day != INT32_MIN || a->u[i].r6_hour != INT32_MIN)
			nu++;
	if (put(b, MAGIC, 8) || put(b, a->prev_ts, 20) || PUT(b, a->day) || PUT(b, a->hour) ||
	    PUT(b, a->sod_hour) || PUT(b, a->events) || PUT(b, nu))
		return -1;
	for (uint32_t i = 0; i < a->users.n; i++) {
		const struct audit_user *u = &a->u[i];
		if (u->r4_day == INT32_MIN && u->r6_hour == INT32_MIN)
			continue;
		size_t n;
		const char *s = intern_str(&a->users, i, &n);
		uint8_t has4 = u->r4_alert >= 0, has6 = u->r6_alert >= 0;
		if (put_str(b, s, n) || PUT(b, u->r4_day) || PUT(b, u->r4_count) || PUT(b, u->r4_fire) ||
		    PUT(b, u->r6_hour) || PUT(b, u->r6_count) || PUT(b, u->r4_median2) || PUT(b, u->nhist))
			return -1;
		/* the history in day order, oldest first */
		unsigned w = a->cfg.r4_window;
		for (unsigned k = 0; k < u->nhist; k++) {
			const uint32_t *h = a->uh[i].hist;
			uint32_t c = u->nhist == w ? h[(u->hpos + k) % w] : h[k];
			if (PUT(b, c))
				return -1;
		}
		if (PUT(b, has4) || (has4 && put_alert(b, &a->alerts[u->r4_alert])) || PUT(b, has6) ||
		    (has6 && put_alert(b, &a->alerts[u->r6_alert])))
			return -1;
	}
	const struct map64 *m = &a->pair_of;
	size_t np_at = b->n;
	if (PUT(b, np))
		return -1;
	if (m->key) {
		for (uint64_t i = 0; i <= m->mask; i++) {
			if (m->key[i] == MAP64_EMPTY)
				continue;
			uint32_t uid = (uint32_t)(m->key[i] >> 32), sid = (uint32_t)m->key[i];
			const struct audit_pair *p = &a->pairs[m->val[i]];
			if (!p->fired && !p->r3n)
				continue;
			size_t un, sn;
			const char *us = intern_str(&a->users, uid, &un), *ss = intern_str(&a->subjects, sid, &sn);
			if (put_str(b, us, un) || put_str(b, ss, sn) || PUT(b, p->fired) || PUT(b, p->r3n))
				return -1;
			for (unsigned k = 0; k < p->r3n; k++)
				if (PUT(b, p->r3[k].day) || PUT(b, p->r3[k].sod) || PUT(b, p->r3[k].line))
					return -1;
			np++;
		}
	}
	if (b->oom)
		return -1;
	memcpy(b->p + np_at, &np, sizeof np);
	return 0;
}

struct rd {
	const unsigned char *p;
	size_t n, pos;
	int bad;
};

static void get(struct rd *r, void *out, size_t n)
{
	if (r->bad || r->n - r->pos < n) {
		r->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, r->p + r->pos, n);
	r->pos += n;
}

#define GET(r, v) get((r), &(v), sizeof(v))

static struct slice get_str(struct rd *r)
{
	uint32_t len = 0;
	GET(r, len);
	struct slice s = { "", 0 };
	if (r->bad || r->n - r->pos < len) {
		r->bad = 1;
		return s;
	}
	s.p = (const char *)r->p + r->pos;
	s.n = len;
	r->pos += len;
	return s;
}

static int alert_push(struct audit *a, uint32_t uid, struct rd *r, int32_t *idx)
{
	if (a->nalerts == a->alerts_cap) {
		uint32_t c = a->alerts_cap ? a->alerts_cap * 2 : 64;
		void *q = xrealloc(a->alerts, (size_t)c * sizeof a->alerts[0]);
		a->alerts = q;
		a->alerts_cap = c;
	}
	struct audit_alert *x = &a->alerts[a->nalerts];
	memset(x, 0, sizeof *x);
	GET(r, x->rule);
	get(r, x->ts, 20);
	GET(r, x->line);
	GET(r, x->count);
	GET(r, x->fire);
	GET(r, x->median2);
	GET(r, x->ndays);
	GET(r, x->key);
	x->user = uid;
	*idx = (int32_t)a->nalerts++;
	return 0;
}

int audit_state_load(struct audit *a, const void *p, size_t n, struct err *e)
{
	struct rd r = { p, n, 0, 0 };
	char magic[8];
	uint32_t nu = 0, np = 0;
	get(&r, magic, 8);
	if (r.bad || memcmp(magic, MAGIC, 8) != 0)
		return err_set(e, ERR_INPUT, "the saved audit engine state is not in a known format");
	get(&r, a->prev_ts, 20);
	GET(&r, a->day);
	GET(&r, a->hour);
	GET(&r, a->sod_hour);
	GET(&r, a->events);
	GET(&r, nu);
	/* the day and hour come from the last timestamp, never from the bytes */
	static const char never[20];
	if (!r.bad && memcmp(a->prev_ts, never, 20) == 0) {
		a->day = a->hour = INT32_MIN;
		a->sod_hour = 0;
	} else if (!r.bad) {
		int32_t day, sod;
		if (audit_parse_ts(a->prev_ts, 20, &day, &sod))
			return err_set(e, ERR_INPUT, "the saved audit engine state is damaged");
		a->day = day;
		a->hour = day * 24 + sod / 3600;
		a->sod_hour = sod / 3600 * 3600;
	}
	unsigned w = a->cfg.r4_window;
	for (uint32_t i = 0; i < nu && !r.bad; i++) {
		struct slice name = get_str(&r);
		uint32_t uid;
		if (r.bad)
			break;
		if (audit_user_intern(a, name, &uid))
			return err_set(e, ERR_NOMEM, "out of memory");
		struct audit_user *u = &a->u[uid];
		struct audit_hist *uh = &a->uh[uid];
		uint8_t nh = 0, has4 = 0, has6 = 0;
		GET(&r, u->r4_day);
		GET(&r, u->r4_count);
		GET(&r, u->r4_fire);
		GET(&r, u->r6_hour);
		GET(&r, u->r6_count);
		GET(&r, u->r4_median2);
		GET(&r, nh);
		uint32_t hist[256];
		for (unsigned k = 0; k < nh; k++)
			GET(&r, hist[k]);
		/* keep the latest w days (the window may have changed) */
		unsigned from = nh > w ? nh - w : 0;
		u->nhist = 0;
		u->hpos = 0;
		for (unsigned k = from; k < nh; k++) {
			uint32_t c = hist[k];
			unsigned m = u->nhist, j = m;
			uh->hist[m] = c;
			while (j > 0 && uh->sorted[j - 1] > c) {
				uh->sorted[j] = uh->sorted[j - 1];
				j--;
			}
			uh->sorted[j] = c;
			u->nhist++;
		}
		u->r4_alert = u->r6_alert = -1;
		GET(&r, has4);
		if (has4 && alert_push(a, uid, &r, &u->r4_alert))
			return err_set(e, ERR_NOMEM, "out of memory");
		if (has4)
			a->alerts[u->r4_alert].rule = AUDIT_R4;
		GET(&r, has6);
		if (has6 && alert_push(a, uid, &r, &u->r6_alert))
			return err_set(e, ERR_NOMEM, "out of memory");
		if (has6)
			a->alerts[u->r6_alert].rule = AUDIT_R6;
	}
	GET(&r, np);
	for (uint32_t i = 0; i < np && !r.bad; i++) {
		struct slice us = get_str(&r), ss = get_str(&r);
		uint8_t fired = 0, r3n = 0;
		struct audit_day days[256];
		GET(&r, fired);
		GET(&r, r3n);
		for (unsigned k = 0; k < r3n; k++) {
			GET(&r, days[k].day);
			GET(&r, days[k].sod);
			GET(&r, days[k].line);
		}
		if (r.bad)
			break;
		int64_t sid = intern_find(&a->subjects, ss.p, ss.n);
		if (sid < 0)
			continue;              /* no longer a special subject */
		uint32_t uid, *pi;
		if (audit_user_intern(a, us, &uid))
			return err_set(e, ERR_NOMEM, "out of memory");
		int rc = map64_put(&a->pair_of, ((uint64_t)uid << 32) | (uint32_t)sid, a->npairs, &pi);
		if (rc < 0)
			return err_set(e, ERR_NOMEM, "out of memory");
		if (rc == 1) {
			if (a->npairs == a->pairs_cap) {
				uint32_t c = a->pairs_cap ? a->pairs_cap * 2 : 64;
				void *q = xrealloc(a->pairs, (size_t)c * sizeof a->pairs[0]);
				a->pairs = q;
				a->pairs_cap = c;
			}
			memset(&a->pairs[a->npairs], 0, sizeof a->pairs[0]);
			a->npairs++;
		}
		struct audit_pair *pp = &a->pairs[*pi];
		pp->fired = fired;
		if (r3n > AUDIT_R3_MAX - 1) {   /* keep the latest days */
			memmove(days, days + (r3n - (AUDIT_R3_MAX - 1)), (AUDIT_R3_MAX - 1) * sizeof days[0]);
			r3n = AUDIT_R3_MAX - 1;
		}
		pp->r3n = r3n;
		memcpy(pp->r3, days, r3n * sizeof days[0]);
	}
	if (r.bad || r.pos != r.n)
		return err_set(e, ERR_INPUT, "the saved audit engine state is damaged");
	return 0;
}

int audit_alert_open(const struct audit *a, uint32_t i)
{
	const struct audit_alert *x = &a->alerts[i];
	if (x->rule == AUDIT_R4)
		return a->u[x->user].r4_alert == (int32_t)i;
	if (x->rule == AUDIT_R6)
		return a->u[x->user].r6_alert == (int32_t)i;
	return 0;
}

int audit_state_compact(struct audit *a)
{
	uint32_t j = 0;
	for (uint32_t i = 0; i < a->nalerts; i++) {
		if (!audit_alert_open(a, i))
			continue;
		struct audit_alert *x = &a->alerts[i];
		struct audit_user *u = &a->u[x->user];
		if (x->rule == AUDIT_R4)
			u->r4_alert = (int32_t)j;
		else
			u->r6_alert = (int32_t)j;
		if (i != j)
			a->alerts[j] = *x;
		j++;
	}
	a->nalerts = j;
	return 0;
}
