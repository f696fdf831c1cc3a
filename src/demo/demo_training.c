/* demo_training.c — the demo part for training and policy acknowledgement
 * (M15): the default catalogue (Code of Ethics induction, integrity
 * refresher, abuse of position warning signs for supervisors, counter-
 * corruption and vetting aftercare briefings), six integrity policies with
 * versions (social media's second version published a fortnight ago, so most
 * people, the `staff` login among them, still have to acknowledge it), and
 * years of completions with a realistic mix of the up to date, the lapsed
 * and joiners inside and past their window. Its own PRNG stream; written
 * directly with SQL, as the other parts (demo.h). */
#include "core/date.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include "demo/demo.h"
#include "domain/training.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *applies;
	int every, within;
	int done_permille; /* who has ever done it */
} courses[] = {
	{ "Code of Ethics induction", "all", 0, 90, 960 },
	{ "Integrity refresher", "all", 24, 180, 900 },
	{ "Abuse of position warning signs (supervisors)", "supervisors", 24, 60, 820 },
	{ "Counter-corruption briefing", "all", 36, 180, 880 },
	{ "Vetting aftercare briefing", "all", 0, 365, 850 },
};

static const struct {
	const char *name, *applies;
	int versions;      /* 1 or 2 */
	int v2_days_ago;   /* the second version's publication, days before today */
	const char *v2_summary;
} policies[] = {
	{ "Gifts and hospitality", "all", 2, 400, "The value at which PSD decides falls from £75 to £50." },
	{ "Business interests", "all", 1, 0, NULL },
	{ "Notifiable associations", "all", 1, 0, NULL },
	{ "Social media", "all", 2, 14,
	  "New rules on personal accounts that identify you as police, and on commenting about live cases." },
	{ "Media relations", "all", 1, 0, NULL },
	{ "Whistleblowing (reporting wrongdoing)", "all", 1, 0, NULL },
};

struct dp {
	int64_t id;
	long start, end; /* end: the leave date or today */
	int supervisor;
};

static int insert_completion(struct store *st, int64_t person, int64_t course, long day, const char *now,
                             struct err *e)
{
	char d[11];
	date_format(day, d);
	return store_exec(st, e,
	                  "INSERT INTO training_completions(person_id, course_id, completed_on, source, created_at) "
	                  "VALUES(?, ?, ?, 'import', ?) ON CONFLICT (person_id, course_id, completed_on) DO NOTHING",
	                  "iitt", person, course, d, now);
}

int demo_training(struct store *st, uint64_t seed, struct err *e)
{
	struct rng r;
	rng_seed(&r, seed, "training");
	char today_s[11], now[21];
	date_today(today_s);
	time_now_iso(now);
	long today = date_days(today_s);
	int rc = -1;
	struct dp *p = NULL;
	size_t np = 0, cap = 0;
	int64_t cid[sizeof courses / sizeof courses[0]];
	for (size_t k = 0; k < sizeof courses / sizeof courses[0]; k++) {
		if (store_exec(st, e, "INSERT INTO training_courses(name, applies_to, every_months, within_days, position) "
		               "VALUES(?, ?, ?, ?, ?)", "ttiii", courses[k].name, courses[k].applies,
		               (int64_t)courses[k].every, (int64_t)courses[k].within, (int64_t)k + 1))
			return -1;
		cid[k] = store_last_id(st);
	}
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT p.id, p.start_date, p.leave_date, "
	                "CASE WHEN EXISTS (SELECT 1 FROM people r WHERE r.manager_id = p.id) THEN 1 ELSE 0 END "
	                "FROM people p WHERE p.start_date <> '' ORDER BY p.id", ""))
		return -1;
	int rr;
	while ((rr = stmt_next(s, e)) == 1) {
		DEMO_GROW(p, cap, np, 1024);
		p[np].id = stmt_int(s, 0);
		p[np].start = date_days(stmt_text(s, 1));
		p[np].end = *stmt_text(s, 2) ? date_days(stmt_text(s, 2)) : today;
		if (p[np].end > today)
			p[np].end = today;
		p[np].supervisor = (int)stmt_int(s, 3);
		np++;
	}
	stmt_done(s);
	if (rr < 0)
		goto out;
	for (size_t i = 0; i < np; i++) {
		const struct dp *q = &p[i];
		for (size_t k = 0; k < sizeof courses / sizeof courses[0]; k++) {
			if (!strcmp(courses[k].applies, "supervisors") && !q->supervisor)
				continue;
			if (!rng_permille(&r, courses[k].done_permille))
				continue;
			/* first completion: within the window, most of them early in it */
			long first = q->start + rng_range(&r, 3, courses[k].within + courses[k].within / 3);
			if (first > q->end)
				continue; /* a joiner who has not done it yet */
			if (insert_completion(st, q->id, cid[k], first, now, e))
				goto out;
			if (!courses[k].every)
				continue;
			/* refreshers: each roughly on time, a few late; some stop (lapsed) */
			long last = first;
			for (;;) {
				long next = training_add_months(last, courses[k].every) + rng_range(&r, -60, 45);
				if (next > q->end || rng_permille(&r, 70))
					break;
				if (insert_completion(st, q->id, cid[k], next, now, e))
					goto out;
				last = next;
			}
		}
	}
	/* policies and versions; acknowledgements by most of the people in post */
	for (size_t j = 0; j < sizeof policies / sizeof policies[0]; j++) {
		if (store_exec(st, e, "INSERT INTO policies(name, applies_to, position) VALUES(?, ?, ?)", "tti",
		               policies[j].name, policies[j].applies, (int64_t)j + 1))
			goto out;
		int64_t pid = store_last_id(st);
		for (int v = 1; v <= policies[j].versions; v++) {
			char pub[11], ver[8];
			date_format(v == 1 ? today - 900 - (long)j * 30 : today - policies[j].v2_days_ago, pub);
			snprintf(ver, sizeof ver, "%d", v);
			if (store_exec(st, e, "INSERT INTO policy_versions(policy_id, version, published_on, summary) "
			               "VALUES(?, ?, ?, ?)", "itt" "t", pid, ver, pub,
			               v == 1 ? "First published version." : policies[j].v2_summary))
				goto out;
			int64_t vid = store_last_id(st);
			long pubd = date_days(pub);
			int recent = today - pubd < 60;
			for (size_t i = 0; i < np; i++) {
				if (p[i].end < pubd || p[i].end < today - 1)
					continue; /* left before it, or a leaver */
				if (!rng_permille(&r, recent ? 280 : 880))
					continue;
				long from = pubd > p[i].start ? pubd : p[i].start;
				long at = from + rng_range(&r, 0, recent ? today - from : 40);
				if (at > today)
					at = today;
				char ts[21], d[11];
				date_format(at, d);
				snprintf(ts, sizeof ts, "%sT%02ld:%02ld:00Z", d, rng_range(&r, 8, 17), rng_range(&r, 0, 59));
				if (store_exec(st, e, "INSERT INTO policy_acknowledgements(person_id, version_id, acknowledged_at) "
				               "VALUES(?, ?, ?)", "iit", p[i].id, vid, ts))
					goto out;
			}
		}
	}
	/* the `staff` login has the new social media version still to acknowledge */
	if (store_exec(st, e,
	               "DELETE FROM policy_acknowledgements WHERE person_id = (SELECT person_id FROM accounts "
	               "WHERE username = 'staff') AND version_id IN (SELECT v.id FROM policy_versions v JOIN policies "
	               "pp ON pp.id = v.policy_id WHERE pp.name = 'Social media' AND v.version = '2')", ""))
		goto out;
	rc = 0;
out:
	free(p);
	return rc;
}
