/* demo_ethics.c — the demo part for the ethics panel (M10): a panel of 15
 * (the `ethics` login as chair, six independent members without a staff
 * record, eight force volunteers; the volunteers and independents are
 * disabled accounts nobody signs in with), two years of quarterly meetings
 * with attendance (one missed its quorum), open and closed minutes and
 * numbered actions, about 60 dilemmas (named, confidential, anonymous;
 * some quick-time, some redirected or declined, a few waiting for triage
 * and the next meeting), advice with feedback dates, advice to the force
 * with its responses, and eight case studies with reads and answers. The
 * `staff` login asked two of them. Its own PRNG stream; fictional text. */
#include "core/date.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include "demo/demo.h"
#include "domain/auth.h"
#include "domain/ethics.h"
#include "domain/inspections.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *principle, *situation, *advice, *title, *anonymised;
} cases[] = {
	{ "courage", "My sergeant asked me to leave a colleague's repeated lateness off the duty record to keep the team's figures clean.",
	  "Record what happened. Accurate duty records are evidence; speak to your inspector if you are pressed again.",
	  "The tidy duty record", "A supervisor asks an officer to leave a colleague's lateness off a duty record." },
	{ "respect", "A member of the public I helped after a burglary keeps sending me friendly messages on social media.",
	  "Do not reply from a personal account. Thank them once through the force's channels and tell your supervisor.",
	  "The grateful victim", "A victim of crime keeps contacting an officer on social media after the case." },
	{ "public_service", "A local garage offered the whole response team free car servicing as thanks for catching a thief.",
	  "Decline politely and declare the offer. A team benefit is still a gift to each of you.",
	  "Thanks from the garage", "A business offers a team free services after an arrest." },
	{ "courage", "I think a colleague is drinking before early shifts but I am not sure and do not want to get them in trouble.",
	  "Raise it with your line manager or in confidence with the welfare service: early support is not discipline.",
	  "The smell of alcohol", "An officer suspects a colleague drinks before shifts and fears getting them into trouble." },
	{ "respect", "At a briefing, jokes were made about a neurodivergent colleague who was not present.",
	  "Challenge it at the time if you can, or afterwards with the supervisor who led the briefing.",
	  "The briefing joke", "Jokes are made at a briefing about an absent colleague." },
	{ "public_service", "My partner runs a security company that is bidding for a force contract I may be asked to assess.",
	  "Declare the interest now and step out of the assessment. The panel advises the force to ask assessors to declare before scoring.",
	  "The partner's bid", "A member of staff's partner bids for a contract they may help assess." },
	{ "courage", "During a stop I saw a more senior officer search a young man without explaining the grounds.",
	  "Speak to the officer if you feel able; otherwise to your supervisor. Grounds must be explained and recorded.",
	  "Grounds not given", "An officer sees a senior colleague search someone without explaining why." },
	{ "public_service", "I was asked to prioritise a call from a councillor about a minor matter over an older caller's concern.",
	  "Prioritise by threat, harm and risk. The panel advises the force to remind control room staff in writing.",
	  "The councillor's call", "A call handler is asked to put a councillor's minor call first." },
	{ "respect", "A detained person asked me not to tell his family where he was, but his mother is worried sick.",
	  "Respect his wishes unless there is a safeguarding need; tell the mother he is safe if he agrees.",
	  "The worried mother", "A detainee asks that his family is not told where he is." },
	{ "courage", "I found an error in a statement I took months ago, and the case is now at court.",
	  "Tell the officer in the case and the CPS today. Correcting a mistake is what the Code expects.",
	  "The old statement", "An officer finds an error in an old statement for a case now at court." },
};
#define NCASES (sizeof cases / sizeof cases[0])

static const char *const redirects[][2] = {
	{ "the grievance procedure (HR)", "This is a dispute about how you were treated at work: HR's grievance procedure can decide it." },
	{ "the counter-corruption unit, with your consent", "What you describe may be corruption: the ACU can act on it, and the panel cannot." },
	{ "Professional Standards", "A possible breach of the Standards of Professional Behaviour is for PSD." },
};

static int64_t insert_dilemma(struct store *st, struct rng *r, const char *mode, int64_t raiser, const char *raised,
                              const char *urgency, size_t ci, struct err *e)
{
	char hash[65] = "";
	if (strcmp(mode, "anonymous") == 0) /* the receipt is known to nobody: a random stand-in for its hash */
		for (int i = 0; i < 64; i++)
			hash[i] = "0123456789abcdef"[rng_below(r, 16)];
	if (store_exec(st, e,
	               "INSERT INTO ethics_dilemmas(mode, raiser_id, receipt_hash, raised_on, situation, urgency) "
	               "VALUES (?, NULLIF(?, 0), NULLIF(?, ''), ?, ?, ?)",
	               "titttt", mode, raiser, hash, raised, cases[ci].situation, urgency))
		return -1;
	int64_t id = store_last_id(st);
	if (store_exec(st, e, "INSERT INTO ethics_dilemma_principles(dilemma_id, principle) VALUES (?, ?)", "it", id,
	               cases[ci].principle))
		return -1;
	if (rng_below(r, 3) == 0) {
		const char *second = strcmp(cases[ci].principle, "respect") ? "respect" : "public_service";
		if (store_exec(st, e, "INSERT INTO ethics_dilemma_principles(dilemma_id, principle) VALUES (?, ?)", "it", id,
		               second))
			return -1;
	}
	return id;
}

static int message(struct store *st, int64_t id, const char *author, const char *day, const char *body, struct err *e)
{
	int64_t seq;
	return store_exec(st, e, "UPDATE ethics_dilemmas SET last_seq = last_seq + 1 WHERE id = ?", "i", id) ||
	       store_int(st, e, &seq, "SELECT last_seq FROM ethics_dilemmas WHERE id = ?", "i", id) != 1 ||
	       store_exec(st, e, "INSERT INTO ethics_messages(dilemma_id, seq, author, day, body) VALUES (?, ?, ?, ?, ?)",
	                  "iittt", id, seq, author, day, body);
}

/* The chair's account, as whom advice to the force is tracked in the findings tracker. */
static struct actor chair_actor;

static int advise(struct store *st, struct rng *r, int64_t id, size_t ci, const char *on, struct err *e)
{
	char due[11];
	date_format(date_days(on) + 14, due);
	int force = strstr(cases[ci].advice, "advises the force") != NULL || rng_below(r, 6) == 0;
	if (store_exec(st, e,
	               "UPDATE ethics_dilemmas SET status = 'advised', advice = ?, advised_on = ?, feedback_due = ?, "
	               "force_advice = ? WHERE id = ?",
	               "tttti", cases[ci].advice, on, due,
	               force ? "Review the guidance and the training on this for all staff." : "", id) ||
	    message(st, id, "panel", on, cases[ci].advice, e))
		return -1;
	if (force) {   /* tracked to completion as a finding of the learning source, as ethics_advise does */
		char ref[ETHICS_REF_SIZE];
		int64_t fid = 0;
		struct errlist fe = { 0 };
		ethics_ref(id, ref);
		struct finding_input in = { "recommendation", "no", ref,
			                    "Review the guidance and the training on this for all staff.",
			                    "Ethics panel advice to the force", "", "" };
		if (learning_add(st, &chair_actor, LEARNING_ETHICS, "The ethics panel", &in, &fid, &fe, e) ||
		    store_exec(st, e, "UPDATE ethics_dilemmas SET force_finding_id = ? WHERE id = ?", "ii", fid, id))
			return -1;
	}
	if (force && rng_below(r, 5)) {
		static const char *const resp[] = { "accepted", "accepted", "partly", "not_accepted" };
		const char *rsp = resp[rng_below(r, 4)];
		char done[11];
		date_format(date_days(on) + 60 + rng_below(r, 60), done);
		int finished = strcmp(rsp, "not_accepted") != 0 && rng_below(r, 3);
		if (store_exec(st, e,
		               "UPDATE ethics_dilemmas SET force_response = ?, force_reason = ?, force_change = ?, "
		               "force_done_on = NULLIF(?, '') WHERE id = ?",
		               "tttti", rsp,
		               strcmp(rsp, "accepted") == 0 ? "" : "The existing guidance covers most of it; budget for training is limited.",
		               strcmp(rsp, "not_accepted") == 0 ? "" : "Guidance reissued and added to the next training cycle.",
		               finished ? done : "", id))
			return -1;
	}
	return 0;
}

int demo_ethics(struct store *st, uint64_t seed, struct err *e)
{
	struct rng r;
	int64_t chair = 0, staff = 0, manager = 0, chair_member = 0;
	int64_t members[15];
	int64_t *raisers = NULL, *people = NULL;
	size_t nraisers = 0, npeople = 0;
	int rc = -1;
	char today[11], now[21];
	rng_seed(&r, seed, "ethics");
	date_today(today);
	time_now_iso(now);
	long t = date_days(today);
	if (store_int(st, e, &chair, "SELECT id FROM accounts WHERE username = 'ethics'", "") != 1 ||
	    store_int(st, e, &staff, "SELECT id FROM accounts WHERE username = 'staff'", "") != 1 ||
	    store_int(st, e, &manager, "SELECT id FROM accounts WHERE username = 'manager'", "") != 1)
		return err_set(e, ERR_INTERNAL, "demo: the ethics, staff and manager accounts are needed first");
	if (actor_load(st, chair, &chair_actor, e))
		return -1;
	if (demo_ids(st, "SELECT a.id FROM accounts a WHERE a.person_id IS NOT NULL AND a.username NOT IN ('ethics') ORDER BY a.id",
	             &raisers, &nraisers, e) ||
	    demo_ids(st, "SELECT id FROM people WHERE leave_date = '' AND id NOT IN (SELECT person_id FROM accounts "
	                 "WHERE person_id IS NOT NULL) ORDER BY id LIMIT 400",
	             &people, &npeople, e))
		goto out;
	/* ---- the panel: the chair, 6 independents, 8 force volunteers ---- */
	char start[11];
	date_format(t - 5 * 365, start);
	if (store_exec(st, e, "INSERT INTO ethics_members(account_id, independent, chair, term_start) VALUES (?, 0, 1, ?)",
	               "it", chair, start))
		goto out;
	chair_member = store_last_id(st);
	members[0] = chair_member;
	for (int i = 1; i < 15; i++) {
		char user[32], from[11];
		int independent = i <= 6;
		snprintf(user, sizeof user, "ethics-panel-%02d", i);
		/* one independent near the 8-year maximum tenure, the rest within it */
		date_format(t - (i == 1 ? 8 * 365 - 90 : 365 * (1 + rng_below(&r, 5))), from);
		if (store_exec(st, e,
		               "INSERT INTO accounts(username, person_id, pwhash, disabled, created_at) VALUES (?, NULLIF(?, 0), "
		               "'!', 1, ?)",
		               "tit", user, independent || !npeople ? (int64_t)0 : people[rng_below(&r, (long)npeople)], now))
			goto out;
		int64_t acc = store_last_id(st);
		if (store_exec(st, e, "INSERT INTO account_roles(account_id, role) VALUES (?, 'ethics_panel')", "i", acc) ||
		    store_exec(st, e, "INSERT INTO ethics_members(account_id, independent, chair, term_start) VALUES (?, ?, 0, ?)",
		               "idt", acc, independent, from))
			goto out;
		members[i] = store_last_id(st);
	}
	/* ---- meetings: the middle of each quarter's last month, two years back, and the next one ---- */
	int64_t meeting[10];
	char held[10][11];
	int nmeet = 0;
	{
		int y, m, d;
		date_parse(today, &y, &m, &d);
		int qm = ((m - 1) / 3) * 3 + 3; /* this quarter's last month */
		for (int k = 8; k >= 0; k--) {
			int mm = qm - 3 * k, yy = y;
			while (mm < 1) {
				mm += 12;
				yy--;
			}
			snprintf(held[nmeet], sizeof held[0], "%04d-%02d-15", yy, mm);
			if (store_exec(st, e,
			               "INSERT INTO ethics_meetings(held_on, open_minutes, closed_minutes, created_at) VALUES (?, ?, ?, ?)",
			               "tttt", held[nmeet],
			               strcmp(held[nmeet], today) <= 0
			                       ? "The panel considered the dilemmas on its agenda and agreed advice on each. It "
			                         "discussed the 'What would you do?' campaign and agreed to publish a case study."
			                       : "",
			               strcmp(held[nmeet], today) <= 0
			                       ? "Members discussed the circumstances of each dilemma under the Chatham House rule."
			                       : "",
			               now))
				goto out;
			meeting[nmeet++] = store_last_id(st);
		}
	}
	for (int k = 0; k < nmeet; k++) {
		if (strcmp(held[k], today) > 0)
			continue;
		int want = k == 2 ? 4 : 6 + (int)rng_below(&r, 6); /* the third meeting missed its quorum */
		int got = 0;
		for (int i = 0; i < 15 && got < want; i++) {
			if (i > 0 && rng_below(&r, 3) == 0 && 15 - i > want - got)
				continue;
			if (store_exec(st, e, "INSERT INTO ethics_attendance(meeting_id, member_id) VALUES (?, ?)", "ii",
			               meeting[k], members[i]))
				goto out;
			got++;
		}
		int nact = 1 + (int)rng_below(&r, 3);
		for (int a = 1; a <= nact; a++) {
			static const char *const acts[] = { "Write to the head of training about the advice given",
				                            "Publish a case study on the intranet",
				                            "Ask Professional Standards for figures on declared gifts",
				                            "Invite a control room supervisor to the next meeting" };
			char due[11], done[11];
			date_format(date_days(held[k]) + 60, due);
			date_format(date_days(held[k]) + 30 + rng_below(&r, 40), done);
			int finished = strcmp(done, today) <= 0 && rng_below(&r, 4);
			if (store_exec(st, e,
			               "INSERT INTO ethics_actions(meeting_id, num, text, owner, due_on, done_on) VALUES (?, ?, ?, ?, ?, "
			               "NULLIF(?, ''))",
			               "idttt" "t", meeting[k], a, acts[rng_below(&r, 4)], rng_below(&r, 2) ? "Chair" : "Secretary", due,
			               finished ? done : ""))
				goto out;
		}
	}
	/* ---- dilemmas: 60 over two years ---- */
	int at_meeting[10] = { 0 };
	for (int n = 0; n < 60; n++) {
		long age = 730 - (long)n * 730 / 59 - rng_below(&r, 6); /* oldest first, the last few this fortnight */
		if (age < 1)
			age = 1 + rng_below(&r, 3);
		char raised[11];
		date_format(t - age, raised);
		long x = rng_below(&r, 100);
		const char *mode = x < 50 ? "named" : x < 75 ? "confidential" : "anonymous";
		int64_t raiser = 0;
		if (strcmp(mode, "anonymous") != 0)
			raiser = n == 50 ? staff : n == 44 ? manager : n == 30 ? staff : raisers[rng_below(&r, (long)nraisers)];
		const char *urgency = rng_below(&r, 100) < 25 ? "quick" : "routine";
		size_t ci = (size_t)rng_below(&r, (long)NCASES);
		int64_t id = insert_dilemma(st, &r, mode, raiser, raised, urgency, ci, e);
		if (id < 0)
			goto out;
		/* the next meeting after it was raised, if its agenda has room */
		int k = 0;
		while (k < nmeet && strcmp(held[k], raised) <= 0)
			k++;
		long fate = rng_below(&r, 100);
		if (age < 20 && n % 2) { /* recent: still waiting for the chair */
			continue;
		} else if (fate < 12) {
			size_t w = (size_t)rng_below(&r, 3);
			char on[11], body[400];
			date_format(date_days(raised) + 3, on);
			const char *status = fate < 9 ? "redirected" : "declined";
			const char *note = fate < 9 ? redirects[w][1] : "This is a question of law rather than ethics: the force's legal services can answer it.";
			if (store_exec(st, e, "UPDATE ethics_dilemmas SET status = ?, triage_note = ?, redirect_to = ? WHERE id = ?",
			               "ttti", status, note, fate < 9 ? redirects[w][0] : "", id))
				goto out;
			snprintf(body, sizeof body, "%s%s%s Why: %s", fate < 9 ? "The panel has redirected your dilemma to: " : "The panel has declined your dilemma.",
			         fate < 9 ? redirects[w][0] : "", fate < 9 ? "." : "", note);
			if (message(st, id, "panel", on, body, e))
				goto out;
		} else if (strcmp(urgency, "quick") == 0 || k >= nmeet || at_meeting[k] >= 3) {
			char on[11];
			date_format(date_days(raised) + 2 + rng_below(&r, 8), on);
			if (strcmp(on, today) > 0) {
				if (store_exec(st, e, "UPDATE ethics_dilemmas SET status = 'quick_time' WHERE id = ?", "i", id))
					goto out;
				continue;
			}
			if (advise(st, &r, id, ci, on, e))
				goto out;
		} else {
			at_meeting[k]++;
			if (store_exec(st, e, "UPDATE ethics_dilemmas SET status = 'scheduled', meeting_id = ? WHERE id = ?", "ii",
			               meeting[k], id))
				goto out;
			if (rng_below(&r, 4) == 0) {
				char asked[11];
				date_format(date_days(raised) + 5, asked);
				if (strcmp(asked, today) <= 0 &&
				    (message(st, id, "panel", asked, "Thank you. Has this happened more than once?", e) ||
				     message(st, id, "raiser", asked, "Twice that I know of.", e)))
					goto out;
			}
			if (strcmp(held[k], today) <= 0 && k != 2 && advise(st, &r, id, ci, held[k], e))
				goto out;
		}
	}
	/* ---- case studies: eight advised dilemmas, one per kind of situation where possible ---- */
	{
		int64_t *adv = NULL;
		size_t nadv = 0;
		if (demo_ids(st, "SELECT id FROM ethics_dilemmas WHERE status = 'advised' ORDER BY id", &adv, &nadv, e))
			goto out;
		int published = 0;
		for (size_t i = 0; i < nadv && published < 8; i += 1 + (size_t)rng_below(&r, 3)) {
			char sit[600], on[11], adv_on[11], advice[600];
			if (store_text(st, e, sit, sizeof sit, "SELECT situation FROM ethics_dilemmas WHERE id = ?", "i", adv[i]) != 1 ||
			    store_text(st, e, adv_on, sizeof adv_on, "SELECT advised_on FROM ethics_dilemmas WHERE id = ?", "i",
			               adv[i]) != 1 ||
			    store_text(st, e, advice, sizeof advice, "SELECT advice FROM ethics_dilemmas WHERE id = ?", "i",
			               adv[i]) != 1) {
				free(adv);
				goto out;
			}
			size_t ci = 0;
			while (ci + 1 < NCASES && strcmp(cases[ci].situation, sit) != 0)
				ci++;
			date_format(date_days(adv_on) + 20, on);
			if (strcmp(on, today) > 0)
				continue;
			long reads = 20 + rng_below(&r, 280);
			if (store_exec(st, e,
			               "INSERT INTO ethics_cases(dilemma_id, title, situation, advice, published_on, reads) "
			               "VALUES (?, ?, ?, ?, ?, ?)",
			               "itttti", adv[i], cases[ci].title, cases[ci].anonymised, advice, on, (int64_t)reads)) {
				free(adv);
				goto out;
			}
			int64_t cid = store_last_id(st);
			long answers = reads / 8;
			for (long a = 0; a < answers; a++) {
				char day[11];
				date_format(date_days(on) + rng_below(&r, 30), day);
				if (strcmp(day, today) > 0)
					snprintf(day, sizeof day, "%s", today);
				if (store_exec(st, e, "INSERT INTO ethics_case_responses(case_id, day, helped) VALUES (?, ?, ?)", "itd",
				               cid, day, rng_below(&r, 100) < 78 ? 1 : 0)) {
					free(adv);
					goto out;
				}
			}
			published++;
		}
		free(adv);
	}
	rc = 0;
out:
	free(raisers);
	free(people);
	return rc;
}
