/* demo_audit.c — the demo part for ICT audit monitoring (M8): 90 days of
 * audit events from force systems, generated here in C (the benchmark's
 * gen.py is not part of a user's clone) and ingested through the same
 * engine and ingest path as `probity audit ingest`, so the ACU's queue has
 * real work in it.
 *
 * What it makes, from its own PRNG stream (seeded from "audit"; it draws
 * nothing from demo.c's streams, so other parts are unchanged):
 *  - person ids in force systems for every member of the force
 *    (people.person_ref, "P4" + 7 digits), used by rule R2;
 *  - reference data: 300 vulnerable-person flags, 40 watch-list subjects,
 *    assignments covering the background work's accesses to them, and six
 *    notifiable associations with a force-system id (R1);
 *  - background work for 300 people on working days (about 20 searches and
 *    views a day, updates, a few prints; 30% on mobile devices), touching
 *    ordinary subjects, and vulnerable ones only under a covering assignment;
 *  - planted misuse raising every rule: associates, a colleague's and one's
 *    own record, a vulnerable victim on three days, volume spikes, watch-list
 *    look-ups, bulk printing; and near misses that must not raise (a covered
 *    access, a vulnerable subject on only two days, 49 prints in an hour).
 * About 400,000 events ending yesterday; well under a second to generate
 * and ingest in the optimised build. */
#include "audit/engine.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include "domain/audit.h"
#include "demo/demo.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAYS 90
#define USERS 300
#define NVULN 300
#define NWATCH 40

struct ev {
	int32_t sod;
	int16_t user;
	uint8_t sys, dev, act, rtype;
	char subject[16];
	char reason[16];
};

struct day_events {
	struct ev *v;
	size_t n, cap;
};

static const char *const systems[] = { "RMS", "PNC", "PND", "CAD", "INTEL" };
static const char *const devices[] = { "desktop", "mobile" };
static const char *const actions[] = { "search", "view", "update", "print", "export" };
static const char *const rtypes[] = { "person", "occurrence", "vehicle", "location", "intel" };

static struct ev *push(struct day_events *d)
{
	DEMO_GROW(d->v, d->cap, d->n, 8192);
	struct ev *e = &d->v[d->n++];
	memset(e, 0, sizeof *e);
	return e;
}

static int ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	return x->sod < y->sod ? -1 : x->sod > y->sod;
}

struct user {
	int64_t person_id;
	char staff[24];
	char ref[16];   /* person id in force systems */
	int rate;       /* search/view per working day */
	int mobile;     /* per mille on mobile */
};

static void vuln_subject(int i, char out[12]) { snprintf(out, 12, "P6%07d", 1000 + i); }
static void watch_subject(int i, char out[12]) { snprintf(out, 12, "P61%06d", 500 + i); }
static void assoc_subject(int i, char out[12]) { snprintf(out, 12, "P62%06d", 100 + i); }
static void staff_subject(int64_t person_id, char out[12]) { snprintf(out, 12, "P4%07lld", (long long)person_id); }

int demo_audit(struct store *st, struct err *e)
{
	struct rng r = { 0x6175646974ull };   /* "audit" */
	struct user *u = xcalloc(USERS, sizeof *u);
	struct day_events *days = xcalloc(DAYS, sizeof *days);
	struct buf csv;
	buf_init(&csv, 0);
	int rc = -1, nu = 0;
	char today[11];
	date_today(today);
	long last = date_days(today) - 1, first = last - DAYS + 1;
	/* person ids in force systems for the whole force (R2) */
	{
		int64_t maxid = 0;
		if (store_int(st, e, &maxid, "SELECT COALESCE(MAX(id), 0) FROM people", "") < 0)
			goto out;
		for (int64_t id = 1; id <= maxid; id++) {
			char ref[12];
			staff_subject(id, ref);
			if (store_exec(st, e, "UPDATE people SET person_ref = ? WHERE id = ? AND person_ref = ''", "ti", ref, id))
				goto out;
		}
	}
	/* the monitored users: serving officers and staff, spread over the force */
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id, staff_number, person_ref FROM people "
	                "WHERE leave_date = '' AND kind IN ('officer', 'staff') ORDER BY id",
	                ""))
		goto out;
	int x, seen = 0;
	while ((x = stmt_next(s, e)) > 0 && nu < USERS) {
		if (seen++ % 9 != 4)
			continue;
		u[nu].person_id = stmt_int(s, 0);
		snprintf(u[nu].staff, sizeof u[nu].staff, "%s", stmt_text(s, 1));
		snprintf(u[nu].ref, sizeof u[nu].ref, "%s", stmt_text(s, 2));
		u[nu].rate = 10 + (int)rng_below(&r, 25);
		u[nu].mobile = (int)rng_below(&r, 600);
		nu++;
	}
	stmt_done(s);
	if (x < 0)
		goto out;
	if (nu < 120) {
		rc = 0;      /* too small a force for the scenarios: no audit part */
		goto out;
	}
	/* reference data */
	static const char *const flags[] = { "domestic_abuse_victim", "sexual_offence_victim", "child_at_risk",
		                             "modern_slavery_victim", "mental_health_crisis" };
	static const char *const cats[] = { "celebrity", "journalist", "senior_official", "high_profile_offender" };
	for (int i = 0; i < NVULN; i++) {
		char sub[12];
		vuln_subject(i, sub);
		if (store_exec(st, e, "INSERT INTO audit_vulnerable(subject, flag) VALUES (?, ?)", "tt", sub,
		               flags[rng_below(&r, 5)]))
			goto out;
	}
	for (int i = 0; i < NWATCH; i++) {
		char sub[12];
		watch_subject(i, sub);
		if (store_exec(st, e, "INSERT INTO audit_watchlist(subject, category) VALUES (?, ?)", "tt", sub,
		               cats[rng_below(&r, 4)]))
			goto out;
	}
	static const char *const rels[] = { "ex-partner", "sibling", "neighbour", "former colleague", "parent",
		                            "friend" };
	static const char *const assoc_cat[] = { "family_link", "family_link", "other", "former_officer",
		                                 "family_link", "criminal_record" };
	char declared[11];
	date_format(first - 400, declared);
	for (int i = 0; i < 6; i++) {
		char sub[12], name[64];
		assoc_subject(i, sub);
		snprintf(name, sizeof name, "Associate %c. Example", 'A' + i);
		if (store_exec(st, e,
		               "INSERT INTO notifiable_associations(person_id, associate_name, associate_ref, category, "
		               "relationship, declared_on, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'assessed', ?)",
		               "itttttt", u[10 + i].person_id, name, sub, assoc_cat[i], rels[i], declared, today))
			goto out;
	}

	/* background work */
	for (long d = 0; d < DAYS; d++) {
		long dn = first + d, wd = ((dn + 3) % 7 + 7) % 7;   /* 0 Monday */
		struct day_events *de = &days[d];
		for (int k = 0; k < nu; k++) {
			if (wd >= 5 && rng_below(&r, 10) > 1)
				continue;              /* most do not work weekends */
			if (rng_below(&r, 100) < 8)
				continue;              /* leave, rest days */
			int n = u[k].rate / 2 + (int)rng_below(&r, u[k].rate + 1);
			int start = 7 * 3600 + (int)rng_below(&r, 4 * 3600);
			for (int j = 0; j < n; j++) {
				struct ev *ev = push(de);
				if (!ev)
					goto nomem;
				ev->sod = start + (int)rng_below(&r, 8 * 3600);
				ev->user = (int16_t)k;
				ev->sys = (uint8_t)rng_below(&r, 5);
				ev->dev = rng_below(&r, 1000) < u[k].mobile;
				long a = rng_below(&r, 100);
				ev->act = a < 55 ? 0 : a < 90 ? 1 : a < 99 ? 2 : 3;
				ev->rtype = (uint8_t)rng_below(&r, 5);
				if (ev->rtype == 0 || rng_below(&r, 2))
					snprintf(ev->subject, sizeof ev->subject, "P5%07ld", rng_below(&r, 9000000));
				if (rng_below(&r, 10) < 7)
					snprintf(ev->reason, sizeof ev->reason, "OC26-%07ld", rng_below(&r, 9000000));
			}
		}
	}
	/* covered accesses to vulnerable people: with an assignment */
	for (int i = 0; i < 250; i++) {
		long d = rng_below(&r, DAYS);
		int k = (int)rng_below(&r, nu);
		char from[11], to[11], reason[16];
		date_format(first + d - rng_below(&r, 10), from);
		date_format(first + d + rng_below(&r, 10), to);
		snprintf(reason, sizeof reason, "OC26-%07d", 8000000 + i);
		if (store_exec(st, e,
		               "INSERT INTO audit_assignments(user, reason, from_date, to_date) VALUES (?, ?, ?, ?) "
		               "ON CONFLICT DO NOTHING",
		               "tttt", u[k].staff, reason, from, to))
			goto out;
		for (int t = 0; t < 4; t++) {
			long dd = d + rng_below(&r, 3);
			if (dd >= DAYS)
				dd = DAYS - 1;
			struct ev *ev = push(&days[dd]);
			if (!ev)
				goto nomem;
			ev->sod = 9 * 3600 + (int)rng_below(&r, 8 * 3600);
			ev->user = (int16_t)k;
			ev->sys = (uint8_t)rng_below(&r, 5);
			ev->act = (uint8_t)rng_below(&r, 2);
			vuln_subject((int)rng_below(&r, NVULN), ev->subject);
			snprintf(ev->reason, sizeof ev->reason, "%s", reason);
		}
	}

/* One planted event on day d (0-based) at second sod. */
#define PLANT(dd, k, s_, act_, subj, reas)                                    \
	do {                                                                       \
		struct ev *ev_ = push(&days[(dd)]);                                    \
		if (!ev_)                                                              \
			goto nomem;                                                        \
		ev_->sod = (s_);                                                       \
		ev_->user = (int16_t)(k);                                              \
		ev_->sys = (uint8_t)rng_below(&r, 5);                                  \
		ev_->dev = (uint8_t)rng_below(&r, 2);                                  \
		ev_->act = (uint8_t)(act_);                                            \
		ev_->rtype = 0;                                                        \
		snprintf(ev_->subject, sizeof ev_->subject, "%s", (subj));             \
		snprintf(ev_->reason, sizeof ev_->reason, "%s", (reas));               \
	} while (0)

	char sub[12];
	/* R1: six users look up their declared associate, no reason or an unassigned one */
	for (int i = 0; i < 6; i++) {
		assoc_subject(i, sub);
		PLANT(20 + i * 9, 10 + i, 22 * 3600 + i * 300, i % 2, sub, i % 3 ? "" : "OC26-0000001");
	}
	/* R2: five look up a colleague's record, one their own */
	for (int i = 0; i < 6; i++) {
		PLANT(15 + i * 11, 30 + i, 13 * 3600 + i * 60, 0, u[i == 5 ? 35 : 100 + i].ref, "");
	}
	/* R3: four users return to a vulnerable victim on three days within 3 weeks */
	for (int i = 0; i < 4; i++) {
		vuln_subject(200 + i, sub);
		for (int t = 0; t < 3; t++)
			PLANT(30 + i * 12 + t * 6, 50 + i, 23 * 3600 + t * 60, 1, sub, "");
	}
	/* near miss: only two days */
	vuln_subject(250, sub);
	PLANT(40, 60, 21 * 3600, 1, sub, "");
	PLANT(45, 60, 21 * 3600, 1, sub, "");
	/* R5: five look-ups of watch-list subjects */
	for (int i = 0; i < 5; i++) {
		watch_subject(i * 3, sub);
		PLANT(10 + i * 15, 70 + i, 15 * 3600 + i, 0, sub, i == 2 ? "OC26-0000002" : "");
	}
	/* R4: three volume spikes of 400 search/view events */
	for (int i = 0; i < 3; i++)
		for (int t = 0; t < 400; t++) {
			char rs[16];
			snprintf(rs, sizeof rs, "P5%07ld", rng_below(&r, 9000000));
			PLANT(50 + i * 13, 80 + i, 8 * 3600 + t * 60, t % 2, rs, "");
		}
	/* R6: two users print 60 records in one hour; near miss: 49 */
	for (int i = 0; i < 3; i++)
		for (int t = 0; t < (i == 2 ? 49 : 60); t++) {
			char rs[16];
			snprintf(rs, sizeof rs, "P5%07ld", rng_below(&r, 9000000));
			PLANT(35 + i * 17, 90 + i, 14 * 3600 + t * 50, 3 + t % 2, rs, "OC26-0000003");
		}
#undef PLANT

	/* write the events in time order */
	buf_adds(&csv, AUDIT_EVENTS_HEADER "\n");
	for (long d = 0; d < DAYS; d++) {
		struct day_events *de = &days[d];
		qsort(de->v, de->n, sizeof *de->v, ev_cmp);
		char date[11];
		date_format(first + d, date);
		for (size_t i = 0; i < de->n; i++) {
			const struct ev *ev = &de->v[i];
			char rec[24];
			if (ev->rtype == 0 && ev->subject[0])
				snprintf(rec, sizeof rec, "N%s", ev->subject + 1);
			else
				snprintf(rec, sizeof rec, "R%07ld", (long)(ev->sod * 7 + i) % 9999999);
			buf_printf(&csv, "%sT%02d:%02d:%02dZ,%s,%s,%s,%s,%s,%s,%s,%s\n", date, ev->sod / 3600,
			           ev->sod / 60 % 60, ev->sod % 60, u[ev->user].staff, systems[ev->sys], devices[ev->dev],
			           actions[ev->act], rtypes[ev->rtype], rec, ev->subject, ev->reason);
		}
	}
	if (csv.oom)
		goto nomem;
	struct audit_ingest_result res;
	rc = audit_ingest_mem(st, "demo audit events", csv.p, csv.n, &res, e);
	goto out;
nomem:
	err_set(e, ERR_NOMEM, "out of memory");
out:
	for (long d = 0; days && d < DAYS; d++)
		free(days[d].v);
	free(days);
	free(u);
	buf_release(&csv);
	return rc;
}
