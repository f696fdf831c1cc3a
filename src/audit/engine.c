/* engine.c — rules R1-R6 as a one-pass state machine.
 * audit_event is the hot path: a timestamp check (the date and hour are
 * re-parsed only when the hour prefix changes), one intern lookup for the
 * user, counters for R4/R6, and one lookup of the subject among the special
 * subjects. Only an access to a special subject goes further (coverage, the
 * (user, subject) state), and that is a small share of the events.
 * The semantics follow SPEC.md and its reference checker exactly; comments
 * mark the boundaries that matter. */
#include "audit/engine.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define NONE32 UINT32_MAX

void audit_config_default(struct audit_config *c)
{
	memset(c, 0, sizeof *c);
	c->r3_days = 3;
	c->r3_window = 30;
	c->r4_floor = 100;
	c->r4_factor = 4;
	c->r4_min_days = 7;
	c->r4_window = 28;
	c->r6_count = 50;
}

int audit_init(struct audit *a, const struct audit_config *cfg, struct err *e)
{
	memset(a, 0, sizeof *a);
	if (cfg)
		a->cfg = *cfg;
	else
		audit_config_default(&a->cfg);
	const struct audit_config *c = &a->cfg;
	if (c->r3_days < 2 || c->r3_days > AUDIT_R3_MAX || c->r3_window < 1 || c->r3_window > 100000)
		return err_set(e, ERR_INPUT, "R3 needs 2..%d days within 1..100000 days", AUDIT_R3_MAX);
	if (c->r4_window < 1 || c->r4_window > AUDIT_R4_MAX || c->r4_min_days > c->r4_window ||
	    c->r4_factor < 1 || c->r4_factor > 1000 || c->r4_floor > 1000000000u)
		return err_set(e, ERR_INPUT, "R4 needs a window of 1..%d days and at most that many minimum days",
		               AUDIT_R4_MAX);
	if (c->r6_count < 1)
		return err_set(e, ERR_INPUT, "R6 needs a count of at least 1");
	intern_init(&a->users);
	intern_init(&a->subjects);
	intern_init(&a->reasons);
	a->sbits = xcalloc((size_t)1 << (AUDIT_SBITS_LG - 6), sizeof *a->sbits);
	map64_init(&a->assoc);
	map64_init(&a->cover);
	map64_init(&a->pair_of);
	buf_init(&a->notes, 0);
	if (buf_addc(&a->notes, 0))
		return err_set(e, ERR_NOMEM, "out of memory");
	a->day = a->hour = INT32_MIN;
	return 0;
}

void audit_release(struct audit *a)
{
	if (!a)
		return;
	intern_release(&a->users);
	intern_release(&a->subjects);
	intern_release(&a->reasons);
	free(a->sbits);
	map64_release(&a->assoc);
	map64_release(&a->cover);
	map64_release(&a->pair_of);
	free(a->u);
	free(a->uh);
	free(a->s);
	free(a->ranges);
	free(a->pairs);
	free(a->alerts);
	buf_release(&a->notes);
	memset(a, 0, sizeof *a);
}

/* Grow *p (n elements in use, *cap allocated) to hold one more. */
static int grow(void **p, uint32_t n, uint32_t *cap, size_t size)
{
	if (n < *cap)
		return 0;
	uint32_t c = *cap ? *cap * 2 : 64;
	if (c <= *cap)
		return -1;
	void *q = xrealloc(*p, (size_t)c * size);
	*p = q;
	*cap = c;
	return 0;
}

static inline uint64_t key2(uint32_t a, uint32_t b)
{
	return ((uint64_t)a << 32) | b;
}

/* Intern a user, giving a new one fresh R4/R6 state. */
static int user_id(struct audit *a, struct slice s, uint32_t *id)
{
	int added;
	if (intern_add(&a->users, s.p, s.n, id, &added))
		return -1;
	if (!added)
		return 0;
	if (grow((void **)&a->u, *id, &a->u_cap, sizeof a->u[0]) ||
	    grow((void **)&a->uh, *id, &a->uh_cap, sizeof a->uh[0]))
		return -1;
	struct audit_user *u = &a->u[*id];
	memset(u, 0, sizeof *u);
	u->r4_day = INT32_MIN;
	u->r6_hour = INT32_MIN;
	u->r4_alert = u->r6_alert = -1;
	return 0;
}

int audit_user_intern(struct audit *a, struct slice s, uint32_t *id)
{
	return user_id(a, s, id);
}

/* The bit of a subject in sbits */
static inline uint64_t sbits_of(const char *p, size_t n)
{
	return hash_bytes(p, n) >> (64 - AUDIT_SBITS_LG);
}

/* Intern a special subject. */
static int subject_id(struct audit *a, struct slice s, uint32_t *id)
{
	int added;
	if (intern_add(&a->subjects, s.p, s.n, id, &added))
		return -1;
	if (!added)
		return 0;
	uint64_t h = sbits_of(s.p, s.n);
	a->sbits[h >> 6] |= (uint64_t)1 << (h & 63);
	if (grow((void **)&a->s, *id, &a->s_cap, sizeof a->s[0]))
		return -1;
	memset(&a->s[*id], 0, sizeof a->s[0]);
	a->s[*id].staff_user = NONE32;
	return 0;
}

/* Keep a text for --explain; its offset in notes (0 is ""). */
static uint32_t note_add(struct audit *a, struct slice s)
{
	if (!a->cfg.explain || !s.n || a->notes.n + s.n + 1 > UINT32_MAX)
		return 0;
	uint32_t off = (uint32_t)a->notes.n;
	if (buf_add(&a->notes, s.p, s.n) || buf_addc(&a->notes, 0))
		return 0;
	return off;
}

static int nomem(struct err *e)
{
	return err_set(e, ERR_NOMEM, "out of memory");
}

int audit_add_staff(struct audit *a, const struct slice f[4], int *bad, struct err *e)
{
	uint32_t uid, sid;
	(void)bad;
	if (user_id(a, f[0], &uid))
		return nomem(e);
	if (!f[1].n)            /* staff with no person id never match R2 */
		return 0;
	if (subject_id(a, f[1], &sid))
		return nomem(e);
	a->s[sid].flags |= SUBJ_STAFF;
	if (a->s[sid].staff_user == NONE32)
		a->s[sid].staff_user = uid;
	return 0;
}

int audit_add_association(struct audit *a, const struct slice f[4], int *bad, struct err *e)
{
	uint32_t uid, sid, *v;
	(void)bad;
	if (!f[1].n)            /* an empty subject never takes part */
		return 0;
	if (user_id(a, f[0], &uid) || subject_id(a, f[1], &sid))
		return nomem(e);
	a->s[sid].flags |= SUBJ_ASSOC;
	int rc = map64_put(&a->assoc, key2(uid, sid), 0, &v);
	if (rc < 0)
		return nomem(e);
	if (rc == 1)
		*v = note_add(a, f[2]);
	return 0;
}

/* Mark subject f[0] with flag and keep f[1] as its note; the first row for
 * a subject wins. A row with no subject is skipped. */
static int add_flagged(struct audit *a, const struct slice f[2], uint8_t flag, struct err *e)
{
	uint32_t sid;
	if (!f[0].n)
		return 0;
	if (subject_id(a, f[0], &sid))
		return nomem(e);
	if (!(a->s[sid].flags & flag)) {
		uint32_t note = note_add(a, f[1]);
		if (flag == SUBJ_VULN)
			a->s[sid].vuln_note = note;
		else
			a->s[sid].watch_note = note;
	}
	a->s[sid].flags |= flag;
	return 0;
}

int audit_add_vulnerable(struct audit *a, const struct slice f[2], int *bad, struct err *e)
{
	(void)bad;
	return add_flagged(a, f, SUBJ_VULN, e);
}

int audit_add_watch(struct audit *a, const struct slice f[2], int *bad, struct err *e)
{
	(void)bad;
	return add_flagged(a, f, SUBJ_WATCH, e);
}

int audit_add_assignment(struct audit *a, const struct slice f[4], int *bad, struct err *e)
{
	int32_t from, to;
	uint32_t uid, rid, *v;
	if (audit_parse_date(f[2].p, f[2].n, &from)) {
		*bad = 2;
		return err_set(e, ERR_INPUT, "from date \"%.*s\" is not a valid YYYY-MM-DD date",
		               (int)(f[2].n > 40 ? 40 : f[2].n), f[2].p);
	}
	if (audit_parse_date(f[3].p, f[3].n, &to)) {
		*bad = 3;
		return err_set(e, ERR_INPUT, "to date \"%.*s\" is not a valid YYYY-MM-DD date",
		               (int)(f[3].n > 40 ? 40 : f[3].n), f[3].p);
	}
	if (!f[1].n || from > to)   /* an empty reason never covers; nor does an empty range */
		return 0;
	if (user_id(a, f[0], &uid) || intern_add(&a->reasons, f[1].p, f[1].n, &rid, NULL))
		return nomem(e);
	if (grow((void **)&a->ranges, a->nranges, &a->ranges_cap, sizeof a->ranges[0]))
		return nomem(e);
	int rc = map64_put(&a->cover, key2(uid, rid), a->nranges, &v);
	if (rc < 0)
		return nomem(e);
	struct audit_range *r = &a->ranges[a->nranges];
	r->from = from;
	r->to = to;
	r->next = rc == 1 ? NONE32 : *v;
	*v = a->nranges++;
	return 0;
}

/* ---- time ---- */

static inline int dig(char c)
{
	return c >= '0' && c <= '9';
}

static inline int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

int audit_parse_date(const char *p, size_t n, int32_t *day)
{
	if (n != 10 || p[4] != '-' || p[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !dig(p[i]))
			return -1;
	int y = two(p) * 100 + two(p + 2), m = two(p + 5), d = two(p + 8);
	static const unsigned char md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return -1;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > md[m - 1] + (m == 2 && leap))
		return -1;
	*day = (int32_t)days_from_civil(y, m, d);
	return 0;
}

static inline uint64_t ld8(const char *p)
{
	uint64_t x;
	memcpy(&x, p, 8);
	return x;
}

static inline uint64_t be8(const char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap64(ld8(p));
#else
	return ld8(p);
#endif
}

/* memcmp(a, b, 20) < 0 for two timestamps, without a call */
static inline int ts_before(const char *a, const char *b)
{
	uint64_t x = be8(a), y = be8(b);
	if (x != y)
		return x < y;
	x = be8(a + 8);
	y = be8(b + 8);
	if (x != y)
		return x < y;
	return be8(a + 12) < be8(b + 12);
}

/* ":MM:SSZ" at p[13..20) */
static inline int mmss_ok(const char *p)
{
	return p[13] == ':' && p[16] == ':' && p[19] == 'Z' && p[14] >= '0' && p[14] <= '5' && dig(p[15]) &&
	       p[17] >= '0' && p[17] <= '5' && dig(p[18]);
}

int audit_parse_ts(const char *p, size_t n, int32_t *day, int32_t *sod)
{
	if (n != 20 || p[10] != 'T' || !dig(p[11]) || !dig(p[12]) || !mmss_ok(p) || two(p + 11) > 23)
		return -1;
	if (audit_parse_date(p, 10, day))
		return -1;
	*sod = two(p + 11) * 3600 + two(p + 14) * 60 + two(p + 17);
	return 0;
}

/* ---- R4: the median of the previous active days ---- */

static void r4_push(struct audit_user *u, struct audit_hist *h, uint32_t c, unsigned w)
{
	uint32_t *s = h->sorted;
	unsigned n = u->nhist;
	if (n == w) {                   /* drop the oldest day */
		uint32_t old = h->hist[u->hpos];
		h->hist[u->hpos] = c;
		u->hpos = (uint8_t)((u->hpos + 1) % w);
		unsigned i = 0;
		while (s[i] != old)
			i++;
		memmove(s + i, s + i + 1, (n - i - 1) * sizeof *s);
		n--;
	} else {
		h->hist[n] = c;
		u->nhist++;
	}
	unsigned i = n;
	while (i > 0 && s[i - 1] > c) {
		s[i] = s[i - 1];
		i--;
	}
	s[i] = c;
}

/* A user's first search/view event on a new day. */
static void r4_new_day(struct audit *a, struct audit_user *u, int32_t day)
{
	struct audit_hist *h = &a->uh[u - a->u];
	if (u->r4_day != INT32_MIN) {
		if (u->r4_alert >= 0)
			a->alerts[u->r4_alert].count = u->r4_count;
		r4_push(u, h, u->r4_count, a->cfg.r4_window);
	}
	u->r4_day = day;
	u->r4_count = 0;
	u->r4_alert = -1;
	u->r4_fire = 0;
	if (u->nhist >= a->cfg.r4_min_days && u->nhist > 0) {
		unsigned m = u->nhist;
		uint64_t med2 = (uint64_t)h->sorted[(m - 1) / 2] + h->sorted[m / 2];
		/* fires when count > max(floor, factor x median), i.e. when
		 * 2 x count > factor x med2 */
		uint64_t fire = a->cfg.r4_factor * med2 / 2 + 1;
		if (fire < (uint64_t)a->cfg.r4_floor + 1)
			fire = (uint64_t)a->cfg.r4_floor + 1;
		u->r4_fire = fire > UINT32_MAX ? 0 : (uint32_t)fire;
		u->r4_median2 = med2 > UINT32_MAX ? UINT32_MAX : (uint32_t)med2;
	}
}

static int32_t alert_new(struct audit *a, int rule, uint32_t user, uint32_t key, const char *ts, int64_t line)
{
	if (grow((void **)&a->alerts, a->nalerts, &a->alerts_cap, sizeof a->alerts[0]))
		return -1;
	struct audit_alert *al = &a->alerts[a->nalerts];
	memset(al, 0, sizeof *al);
	al->rule = (uint8_t)rule;
	al->user = user;
	al->key = key;
	memcpy(al->ts, ts, 20);
	al->line = line;
	return (int32_t)a->nalerts++;
}

/* ---- R1, R2, R3, R5: an access to a special subject ---- */

/* The description of the event kept for --explain. */
static uint32_t describe(struct audit *a, uint32_t uid, const struct slice f[EV_NCOLS], int why)
{
	if (!a->cfg.explain)
		return 0;
	struct buf *b = &a->notes;
	size_t un;
	const char *us = intern_str(&a->users, uid, &un);
	uint32_t off = (uint32_t)b->n;
	buf_printf(b, "%.*s %.*s %.*s %.*s %.*s; ", (int)f[EV_SYSTEM].n, f[EV_SYSTEM].p,
	           (int)f[EV_DEVICE].n, f[EV_DEVICE].p, (int)f[EV_ACTION].n, f[EV_ACTION].p,
	           (int)f[EV_RECORD_TYPE].n, f[EV_RECORD_TYPE].p, (int)f[EV_RECORD_ID].n, f[EV_RECORD_ID].p);
	if (why == 0)
		buf_printf(b, "no reason given");
	else if (why == 1)
		buf_printf(b, "reason %.*s, but %.*s has no assignment to it", (int)f[EV_REASON].n, f[EV_REASON].p,
		           (int)un, us);
	else
		buf_printf(b, "reason %.*s, but %.*s's assignments to it do not cover %.10s", (int)f[EV_REASON].n,
		           f[EV_REASON].p, (int)un, us, f[EV_TS].p);
	if (buf_addc(b, 0) || b->oom)
		return 0;
	return off;
}

static int subject_event(struct audit *a, uint32_t uid, uint32_t sid, const struct slice f[EV_NCOLS],
                         int64_t line, struct err *e)
{
	const struct slice *reason = &f[EV_REASON];
	int why = 0;   /* why uncovered: 0 no reason, 1 no assignment, 2 not on that day */
	if (reason->n) {
		why = 1;
		int64_t rid = intern_find(&a->reasons, reason->p, reason->n);
		const uint32_t *first = rid < 0 ? NULL : map64_get(&a->cover, key2(uid, (uint32_t)rid));
		if (first) {
			why = 2;
			for (uint32_t i = *first; i != NONE32; i = a->ranges[i].next)
				if (a->ranges[i].from <= a->day && a->day <= a->ranges[i].to)
					return 0;     /* covered */
		}
	}
	const struct audit_subject *s = &a->s[sid];
	uint32_t *pi;
	int rc = map64_put(&a->pair_of, key2(uid, sid), a->npairs, &pi);
	if (rc < 0)
		return nomem(e);
	if (rc == 1) {
		if (grow((void **)&a->pairs, a->npairs, &a->pairs_cap, sizeof a->pairs[0]))
			return nomem(e);
		memset(&a->pairs[a->npairs], 0, sizeof a->pairs[0]);
		a->npairs++;
	}
	struct audit_pair *p = &a->pairs[*pi];
	const char *ts = f[EV_TS].p;
	uint32_t note = 0;
	int rules[3], nr = 0;
	if ((s->flags & SUBJ_ASSOC) && !(p->fired & (1 << AUDIT_R1)) && map64_get(&a->assoc, key2(uid, sid)))
		rules[nr++] = AUDIT_R1;
	if ((s->flags & SUBJ_STAFF) && !(p->fired & (1 << AUDIT_R2)))
		rules[nr++] = AUDIT_R2;
	if ((s->flags & SUBJ_WATCH) && !(p->fired & (1 << AUDIT_R5)))
		rules[nr++] = AUDIT_R5;
	if (nr)
		note = describe(a, uid, f, why);
	for (int i = 0; i < nr; i++) {
		int32_t al = alert_new(a, rules[i], uid, sid, ts, line);
		if (al < 0)
			return nomem(e);
		a->alerts[al].note = note;
		p->fired |= (uint8_t)(1 << rules[i]);
	}
	if ((s->flags & SUBJ_VULN) && !(p->fired & (1 << AUDIT_R3))) {
		/* Distinct days of uncovered access; fire when r3_days of them fall
		 * within r3_window consecutive days (first and last at most
		 * r3_window - 1 apart). Once fired the pair is not tracked. */
		int32_t d = a->day;
		if (p->r3n && p->r3[p->r3n - 1].day == d)
			return 0;
		unsigned keep = 0;
		for (unsigned i = 0; i < p->r3n; i++)
			if (p->r3[i].day >= d - (int32_t)(a->cfg.r3_window - 1))
				p->r3[keep++] = p->r3[i];
		p->r3n = (uint8_t)keep;
		struct audit_day today = { d, a->sod_hour + two(ts + 14) * 60 + two(ts + 17), line };
		if (p->r3n + 1u >= a->cfg.r3_days) {
			int32_t al = alert_new(a, AUDIT_R3, uid, sid, ts, line);
			if (al < 0)
				return nomem(e);
			struct audit_alert *x = &a->alerts[al];
			memcpy(x->days, p->r3, p->r3n * sizeof p->r3[0]);
			x->days[p->r3n] = today;
			x->ndays = p->r3n + 1u;
			x->note = note ? note : describe(a, uid, f, why);
			p->fired |= 1 << AUDIT_R3;
			p->r3n = 0;
		} else {
			p->r3[p->r3n++] = today;
		}
	}
	return 0;
}

/* ---- the hot path ---- */

static int bad_ts(const struct slice *t, int *bad, struct err *e)
{
	*bad = EV_TS;
	return err_set(e, ERR_INPUT, "timestamp \"%.*s\" is not a valid YYYY-MM-DDTHH:MM:SSZ time",
	               (int)(t->n > 40 ? 40 : t->n), t->p);
}

int audit_event(struct audit *a, const struct slice f[EV_NCOLS], int64_t line, int *bad, struct err *e)
{
	const char *ts = f[EV_TS].p;
	if (f[EV_TS].n != 20)
		return bad_ts(&f[EV_TS], bad, e);
	if (__builtin_expect(ld8(ts) == ld8(a->prev_ts) && ld8(ts + 5) == ld8(a->prev_ts + 5), 1)) {
		/* same date and hour as the previous event: only MM:SS to check */
		if (!mmss_ok(ts))
			return bad_ts(&f[EV_TS], bad, e);
		if (be8(ts + 12) < be8(a->prev_ts + 12))
			goto order;
	} else {
		int32_t day, sod;
		if (audit_parse_ts(ts, 20, &day, &sod))
			return bad_ts(&f[EV_TS], bad, e);
		if (ts_before(ts, a->prev_ts))
			goto order;
		a->day = day;
		a->hour = day * 24 + sod / 3600;
		a->sod_hour = sod / 3600 * 3600;
	}
	memcpy(a->prev_ts, ts, 20);
	a->events++;

	uint32_t uid;
	int64_t found = intern_find(&a->users, f[EV_USER].p, f[EV_USER].n);
	if (found >= 0)
		uid = (uint32_t)found;
	else if (user_id(a, f[EV_USER], &uid))
		return nomem(e);
	struct audit_user *u = &a->u[uid];
	a->ev_uid = uid;
	a->ev_sid = -1;

	const struct slice *act = &f[EV_ACTION];
	int sv = 0, out = 0;
	if (act->n == 6) {
		sv = memcmp(act->p, "search", 6) == 0;
		out = !sv && memcmp(act->p, "export", 6) == 0;
	} else if (act->n == 4) {
		sv = memcmp(act->p, "view", 4) == 0;
	} else if (act->n == 5) {
		out = memcmp(act->p, "print", 5) == 0;
	}
	if (sv) {
		if (u->r4_day != a->day)
			r4_new_day(a, u, a->day);
		/* R4 fires on the (T+1)-th search/view of the day */
		if (++u->r4_count == u->r4_fire) {
			int32_t al = alert_new(a, AUDIT_R4, uid, (uint32_t)a->day, ts, line);
			if (al < 0)
				return nomem(e);
			a->alerts[al].fire = u->r4_fire;
			a->alerts[al].median2 = u->r4_median2;
			a->alerts[al].ndays = u->nhist;
			u->r4_alert = al;
		}
	} else if (out) {
		if (u->r6_hour != a->hour) {     /* clock hours, not a sliding window */
			if (u->r6_alert >= 0)
				a->alerts[u->r6_alert].count = u->r6_count;
			u->r6_hour = a->hour;
			u->r6_count = 0;
			u->r6_alert = -1;
		}
		if (++u->r6_count == a->cfg.r6_count) {
			int32_t al = alert_new(a, AUDIT_R6, uid, (uint32_t)a->hour, ts, line);
			if (al < 0)
				return nomem(e);
			u->r6_alert = al;
		}
	}
	const struct slice *sub = &f[EV_SUBJECT];
	uint64_t sb = sub->n ? sbits_of(sub->p, sub->n) : 0;
	if (sub->n && (a->sbits[sb >> 6] & ((uint64_t)1 << (sb & 63)))) {
		int64_t sid = intern_find(&a->subjects, sub->p, sub->n);
		if (sid >= 0) {
			a->ev_sid = sid;
			return subject_event(a, uid, (uint32_t)sid, f, line, e);
		}
	}
	return 0;
order:
	*bad = EV_TS;
	return err_set(e, ERR_INPUT, "out of time order: %.20s is before the previous event's %.20s", ts, a->prev_ts);
}

/* ---- results ---- */

static const struct audit *sort_ctx;   /* qsort has no context argument */

static int str_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

static int alert_cmp(const void *pa, const void *pb)
{
	const struct audit_alert *x = pa, *y = pb;
	const struct audit *a = sort_ctx;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	size_t xn, yn;
	const char *xs = intern_str(&a->users, x->user, &xn), *ys = intern_str(&a->users, y->user, &yn);
	int c = str_cmp(xs, xn, ys, yn);
	if (c)
		return c;
	if (x->rule == AUDIT_R4 || x->rule == AUDIT_R6)   /* day or hour: ts order */
		return memcmp(x->ts, y->ts, x->rule == AUDIT_R4 ? 10 : 13);
	xs = intern_str(&a->subjects, x->key, &xn);
	ys = intern_str(&a->subjects, y->key, &yn);
	return str_cmp(xs, xn, ys, yn);
}

void audit_finish(struct audit *a)
{
	for (uint32_t i = 0; i < a->users.n; i++) {
		struct audit_user *u = &a->u[i];
		if (u->r4_alert >= 0)
			a->alerts[u->r4_alert].count = u->r4_count;
		if (u->r6_alert >= 0)
			a->alerts[u->r6_alert].count = u->r6_count;
		u->r4_alert = u->r6_alert = -1;
	}
	sort_ctx = a;
	if (a->nalerts > 1)
		qsort(a->alerts, a->nalerts, sizeof a->alerts[0], alert_cmp);
	sort_ctx = NULL;
}

/* The key as alerts.csv shows it. */
static const char *alert_key(const struct audit *a, const struct audit_alert *x, size_t *n)
{
	if (x->rule == AUDIT_R4 || x->rule == AUDIT_R6) {
		*n = x->rule == AUDIT_R4 ? 10 : 13;
		return x->ts;
	}
	return intern_str(&a->subjects, x->key, n);
}

int audit_write_alerts(const struct audit *a, FILE *f)
{
	fputs(AUDIT_ALERTS_HEADER "\n", f);
	for (uint32_t i = 0; i < a->nalerts; i++) {
		const struct audit_alert *x = &a->alerts[i];
		size_t un, kn;
		const char *us = intern_str(&a->users, x->user, &un), *ks = alert_key(a, x, &kn);
		fprintf(f, "R%d,", x->rule);
		fwrite(us, 1, un, f);
		fputc(',', f);
		fwrite(ks, 1, kn, f);
		fputc(',', f);
		fwrite(x->ts, 1, 20, f);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

static const char *const rule_names[] = {
	"", "association", "self_or_colleague", "vulnerable_fixation", "volume_spike", "watchlist", "bulk_output"
};

/* One CSV cell holding n bytes at p (quoted as csv_cell does). */
static void cell(FILE *f, const char *p, size_t n)
{
	int formula = csv_formula_like_n(p, n);
	int quote = formula;
	for (size_t i = 0; i < n && !quote; i++)
		quote = p[i] == ',' || p[i] == '"' || p[i] == '\r' || p[i] == '\n';
	if (!quote) {
		fwrite(p, 1, n, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			fputc('"', f);
		fputc(p[i], f);
	}
	fputc('"', f);
}

static void row(FILE *f, const struct audit *a, const struct audit_alert *x, int64_t line, const char *ts,
                const char *detail)
{
	size_t un, kn;
	const char *us = intern_str(&a->users, x->user, &un), *ks = alert_key(a, x, &kn);
	fprintf(f, "R%d,%s,", x->rule, rule_names[x->rule]);
	cell(f, us, un);
	fputc(',', f);
	cell(f, ks, kn);
	fprintf(f, ",%.20s,%lld,%.20s,", x->ts, (long long)line, ts);
	cell(f, detail, strlen(detail));
	fputc('\n', f);
}

static void day_ts(const struct audit_day *d, char out[21])
{
	char date[11];
	date_format(d->day, date);
	snprintf(out, 21, "%.10sT%02d:%02d:%02dZ", date, d->sod / 3600, d->sod / 60 % 60, d->sod % 60);
}

int audit_write_explain(const struct audit *a, FILE *f)
{
	struct buf d;
	buf_init(&d, 0);
	fputs("rule,name,user,key,first_ts,line,ts,detail\n", f);
	for (uint32_t i = 0; i < a->nalerts; i++) {
		const struct audit_alert *x = &a->alerts[i];
		const struct audit_subject *s = x->rule == AUDIT_R4 || x->rule == AUDIT_R6 ? NULL : &a->s[x->key];
		const char *ev = a->notes.p + x->note;
		size_t n;
		const char *str;
		buf_reset(&d);
		switch (x->rule) {
		case AUDIT_R1: {
			const uint32_t *rel = map64_get(&a->assoc, key2(x->user, x->key));
			const char *r = rel && *rel ? a->notes.p + *rel : "";
			buf_printf(&d, "uncovered access to a declared association%s%s%s: %s",
			           *r ? " (" : "", r, *r ? ")" : "", ev);
			break;
		}
		case AUDIT_R2:
			str = intern_str(&a->users, s->staff_user, &n);
			buf_printf(&d, "uncovered access to the person record of %s %.*s: %s",
			           s->staff_user == x->user ? "the user themself," : "staff member", (int)n, str, ev);
			break;
		case AUDIT_R5:
			buf_printf(&d, "uncovered access to a subject on the watch list (%s): %s",
			           a->notes.p + s->watch_note, ev);
			break;
		case AUDIT_R3:
			for (uint32_t k = 0; k < x->ndays; k++) {
				char ts[21], from[11], to[11];
				day_ts(&x->days[k], ts);
				date_format(x->days[x->ndays - 1].day - (int32_t)(a->cfg.r3_window - 1), from);
				date_format(x->days[x->ndays - 1].day, to);
				buf_reset(&d);
				buf_printf(&d, "vulnerable subject (%s): uncovered access on distinct day %u of %u "
				           "within %s..%s", a->notes.p + s->vuln_note, k + 1, x->ndays, from, to);
				if (k + 1 == x->ndays)
					buf_printf(&d, ": %s", ev);
				row(f, a, x, x->days[k].line, ts, buf_str(&d));
			}
			continue;
		case AUDIT_R4: {
			unsigned m2 = x->median2;
			buf_printf(&d, "search/view events on %.10s: %u; median of the previous %u active days: %u%s; "
			           "threshold max(%u, %u x median) = %u; the alert is at event %u of the day",
			           x->ts, x->count, x->ndays, m2 / 2, m2 % 2 ? ".5" : "", a->cfg.r4_floor,
			           a->cfg.r4_factor, x->fire - 1, x->fire);
			break;
		}
		case AUDIT_R6:
			buf_printf(&d, "print/export events in hour %.13s: %u; the alert is at event %u of the hour",
			           x->ts, x->count, a->cfg.r6_count);
			break;
		}
		row(f, a, x, x->line, x->ts, buf_str(&d));
	}
	buf_release(&d);
	return ferror(f) ? -1 : 0;
}
