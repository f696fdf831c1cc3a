/* complaints_cases.c — who may handle a complaint or conduct case, and the
 * decisions on it: allegation outcomes, reflective practice (RPRP),
 * misconduct proceedings, complainants' reviews; and the public hearings
 * the conduct page lists. The need-to-know rule is in complaints.h; the
 * separation of duties is duty.h's, with the case's subjects and
 * complainant as parties and kind "complaints". */
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/complaints.h"
#include "domain/config.h"
#include "domain/duty.h"
#include "domain/inspections.h"
#include "domain/people.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTIES 32

struct case_parties {
	struct duty_party p[MAX_PARTIES];
	int n;
};

/* The case's subjects (one party per distinct person) and its complainant. */
static int load_parties(struct store *st, int64_t case_id, struct case_parties *cp, struct err *e)
{
	struct stmt *s = NULL;
	int r;
	cp->n = 0;
	if (store_query(st, &s, e,
	                "SELECT DISTINCT subject_id, 1 FROM complaint_allegations WHERE case_id = ? AND subject_id "
	                "IS NOT NULL UNION ALL SELECT complainant_person_id, 2 FROM complaint_cases WHERE id = ? AND "
	                "complainant_person_id IS NOT NULL",
	                "ii", case_id, case_id))
		return -1;
	while ((r = stmt_next(s, e)) == 1 && cp->n < MAX_PARTIES) {
		cp->p[cp->n].person_id = stmt_int(s, 0);
		cp->p[cp->n].account_id = 0;
		cp->p[cp->n].as = stmt_int(s, 1) == 1 ? DUTY_SUBJECT : DUTY_DECLARANT;
		cp->n++;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

static void make_act(struct duty_act *a, const char *action, const char *verb, int64_t case_id,
                     const struct case_parties *cp)
{
	memset(a, 0, sizeof *a);
	a->action = action;
	a->verb = verb;
	a->object_type = "complaint_case";
	a->object_id = case_id;
	a->kind = "complaints";
	a->parties = cp->p;
	a->nparties = cp->n;
}

static int case_id_by_ref(struct store *st, const char *ref, int64_t *id, struct err *e)
{
	int r = store_int(st, e, id, "SELECT id FROM complaint_cases WHERE case_ref = ?", "t", ref ? ref : "");
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No case %s", ref ? ref : "");
}

static int pcc_reviewing(struct store *st, int64_t case_id)
{
	int64_t n = 0;
	return store_int(st, NULL, &n,
	                 "SELECT COUNT(*) FROM complaint_reviews WHERE case_id = ? AND review_body = 'lpb' AND "
	                 "requested <> '' AND completed = ''",
	                 "i", case_id) == 1 &&
	       n > 0;
}

int complaints_may_handle(struct store *st, const struct actor *who, int64_t case_id)
{
	struct case_parties cp;
	struct duty_act a;
	if (!who)
		return 0;
	if (!actor_has(who, ROLE_PSD) && !(actor_has(who, ROLE_PCC) && pcc_reviewing(st, case_id)))
		return ERR_DENIED;
	if (load_parties(st, case_id, &cp, NULL))
		return ERR_DENIED;
	make_act(&a, "view", "handle", case_id, &cp);
	return duty_conflict(st, who, &a) ? ERR_DENIED : 0;
}

/* The access rule for any handling step: the role, then the duty check
 * (both refusals logged). action/verb name the step. psd_only: the pcc's
 * review access does not count. */
static int require_handle(struct store *st, const struct actor *who, int64_t case_id, const char *action,
                          const char *verb, int psd_only, struct err *e)
{
	struct case_parties cp;
	struct duty_act a;
	if (!who)
		return 0;
	int ok = actor_has(who, ROLE_PSD) ||
	         (!psd_only && actor_has(who, ROLE_PCC) && pcc_reviewing(st, case_id));
	if (!ok) {
		if (alog_writei(st, who, action, "complaint_case", case_id, "refused", "role or no open review", e))
			return -1;
		return err_set(e, ERR_DENIED, "Only Professional Standards (or the PCC's office while it reviews the "
		                              "case) handles complaint and conduct cases");
	}
	if (load_parties(st, case_id, &cp, e))
		return -1;
	make_act(&a, action, verb, case_id, &cp);
	return duty_check(st, who, &a, e);
}

int complaints_case_get(struct store *st, const struct actor *who, const char *case_ref, struct cpl_case *out,
                        struct err *e)
{
	struct stmt *s = NULL;
	int r;
	int64_t id;
	memset(out, 0, sizeof *out);
	if (case_id_by_ref(st, case_ref, &id, e)) {
		if (e && e->code == ERR_NOTFOUND && who && !actor_has(who, ROLE_PSD | ROLE_PCC))
			alog_write(st, who, "view", "complaint_case", case_ref, "refused", "role", NULL);
		return -1;
	}
	if (require_handle(st, who, id, "view", "open", 0, e))
		return -1;
	if (store_query(st, &s, e,
	                "SELECT c.id, case_ref, kind, received, logged, contacted, schedule3, sch3_reason, handling, "
	                "finalised, severity, complainant_name, COALESCE(complainant_person_id, 0), "
	                "(SELECT COUNT(*) FROM complaint_allegations a WHERE a.case_id = c.id) "
	                "FROM complaint_cases c WHERE c.id = ?",
	                "i", id))
		return -1;
	r = stmt_next(s, e);
	if (r == 1) {
		out->id = stmt_int(s, 0);
		snprintf(out->case_ref, sizeof out->case_ref, "%s", stmt_text(s, 1));
		snprintf(out->kind, sizeof out->kind, "%s", stmt_text(s, 2));
		snprintf(out->received, sizeof out->received, "%s", stmt_text(s, 3));
		snprintf(out->logged, sizeof out->logged, "%s", stmt_text(s, 4));
		snprintf(out->contacted, sizeof out->contacted, "%s", stmt_text(s, 5));
		snprintf(out->schedule3, sizeof out->schedule3, "%s", stmt_text(s, 6));
		snprintf(out->sch3_reason, sizeof out->sch3_reason, "%s", stmt_text(s, 7));
		snprintf(out->handling, sizeof out->handling, "%s", stmt_text(s, 8));
		snprintf(out->finalised, sizeof out->finalised, "%s", stmt_text(s, 9));
		snprintf(out->severity, sizeof out->severity, "%s", stmt_text(s, 10));
		if (!who || actor_has(who, ROLE_PSD)) /* the pcc reviewer sees no complainant detail here */
			snprintf(out->complainant, sizeof out->complainant, "%s", stmt_text(s, 11));
		out->complainant_person_id = stmt_int(s, 12);
		out->nallegations = (int)stmt_int(s, 13);
	}
	stmt_done(s);
	if (r != 1)
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No case %s", case_ref);
	return alog_writei(st, who, "view", "complaint_case", id, "ok", "", e);
}

int complaints_case_allegations(struct store *st, const struct actor *who, int64_t case_id, cpl_allegation_fn fn,
                                void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = 0;
	if (require_handle(st, who, case_id, "list", "open", 0, e))
		return -1;
	char scope[32];
	snprintf(scope, sizeof scope, "%lld", (long long)case_id);
	if (alog_list(st, who, "complaint_allegation", scope, e, "case=%lld", (long long)case_id))
		return -1;
	if (store_query(st, &s, e,
	                "SELECT a.allegation_ref, COALESCE(p.forenames || ' ' || p.surname || ' (' || p.staff_number || ')', "
	                "''), c.name, a.outcome, a.finalised, EXISTS (SELECT 1 FROM complaint_rprp x WHERE "
	                "x.allegation_id = a.id) FROM complaint_allegations a JOIN complaint_categories c ON c.id = "
	                "a.category_id LEFT JOIN people p ON p.id = a.subject_id WHERE a.case_id = ? ORDER BY "
	                "a.allegation_ref",
	                "i", case_id))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		struct cpl_allegation a;
		memset(&a, 0, sizeof a);
		snprintf(a.allegation_ref, sizeof a.allegation_ref, "%s", stmt_text(s, 0));
		if (!who || actor_has(who, ROLE_PSD))
			snprintf(a.subject, sizeof a.subject, "%s", stmt_text(s, 1));
		snprintf(a.category, sizeof a.category, "%s", stmt_text(s, 2));
		snprintf(a.outcome, sizeof a.outcome, "%s", stmt_text(s, 3));
		snprintf(a.finalised, sizeof a.finalised, "%s", stmt_text(s, 4));
		a.has_rprp = (int)stmt_int(s, 5);
		if ((rc = fn(ctx, &a)) != 0)
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : rc;
}

int complaints_case_proceedings(struct store *st, const struct actor *who, int64_t case_id, cpl_proceeding_fn fn,
                                void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = 0;
	if (require_handle(st, who, case_id, "list", "open", 1, e))
		return -1;
	char scope[32];
	snprintf(scope, sizeof scope, "%lld", (long long)case_id);
	if (alog_list(st, who, "complaint_proceeding", scope, e, "case=%lld", (long long)case_id))
		return -1;
	if (store_query(st, &s, e,
	                "SELECT x.id, x.kind, x.held_on, x.venue, p.forenames || ' ' || p.surname || ' (' || "
	                "p.staff_number || ')', x.allegations, x.finding, x.outcome, x.public, x.name_withheld FROM "
	                "complaint_proceedings x JOIN people p ON p.id = x.subject_id WHERE x.case_id = ? ORDER BY "
	                "x.held_on, x.id",
	                "i", case_id))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		struct cpl_proceeding p;
		memset(&p, 0, sizeof p);
		p.id = stmt_int(s, 0);
		snprintf(p.kind, sizeof p.kind, "%s", stmt_text(s, 1));
		snprintf(p.held_on, sizeof p.held_on, "%s", stmt_text(s, 2));
		snprintf(p.venue, sizeof p.venue, "%s", stmt_text(s, 3));
		snprintf(p.subject, sizeof p.subject, "%s", stmt_text(s, 4));
		snprintf(p.allegations, sizeof p.allegations, "%s", stmt_text(s, 5));
		snprintf(p.finding, sizeof p.finding, "%s", stmt_text(s, 6));
		snprintf(p.outcome, sizeof p.outcome, "%s", stmt_text(s, 7));
		p.public_ = (int)stmt_int(s, 8);
		p.name_withheld = (int)stmt_int(s, 9);
		if ((rc = fn(ctx, &p)) != 0)
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : rc;
}

int complaints_case_summaries(struct store *st, const struct actor *who, const char *from, const char *to, int page,
                              cpl_summary_fn fn, void *ctx, long *total, struct err *e)
{
	struct stmt *s = NULL, *q = NULL;
	int r, rc = 0;
	*total = 0;
	if (!date_valid(from) || !date_valid(to) || strcmp(from, to) > 0)
		return err_set(e, ERR_INPUT, "Enter the period as two dates YYYY-MM-DD, the first not after the second");
	if (page < 1)
		page = 1;
	if (who && alog_require(st, who, CPL_AGG_ROLES, "list", "complaint_summaries", 0,
	                        "Case summaries are for PSD, the DCC, governance, scrutiny and the PCC", e))
		return -1;
	if (alog_list(st, who, "complaint_summaries", "all", e, "from=%s to=%s page=%d", from, to, page))
		return -1;
	if (store_query(st, &s, e,
	                "SELECT id, kind, received, logged, schedule3, handling, finalised, COUNT(*) OVER () FROM "
	                "complaint_cases WHERE received >= ? AND received <= ? ORDER BY received DESC, id DESC LIMIT 50 "
	                "OFFSET ?",
	                "tti", from, to, (int64_t)(page - 1) * 50))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		struct cpl_summary x;
		memset(&x, 0, sizeof x);
		int64_t id = stmt_int(s, 0);
		snprintf(x.kind, sizeof x.kind, "%s", stmt_text(s, 1));
		snprintf(x.received, sizeof x.received, "%s", stmt_text(s, 2));
		snprintf(x.logged, sizeof x.logged, "%s", stmt_text(s, 3));
		snprintf(x.schedule3, sizeof x.schedule3, "%s", stmt_text(s, 4));
		snprintf(x.handling, sizeof x.handling, "%s", stmt_text(s, 5));
		snprintf(x.finalised, sizeof x.finalised, "%s", stmt_text(s, 6));
		*total = (long)stmt_int(s, 7);
		if (store_query(st, &q, e,
		                "SELECT g.name, a.outcome FROM complaint_allegations a JOIN complaint_categories g ON g.id = "
		                "a.category_id WHERE a.case_id = ? ORDER BY a.allegation_ref",
		                "i", id)) {
			r = -1;
			break;
		}
		size_t n = 0;
		int r2;
		while ((r2 = stmt_next(q, e)) == 1 && n + 1 < sizeof x.allegations) {
			int w = snprintf(x.allegations + n, sizeof x.allegations - n, "%s%s: %s", n ? "; " : "",
			                 stmt_text(q, 0), *stmt_text(q, 1) ? stmt_text(q, 1) : "open");
			n = w < 0 ? n : n + (size_t)w >= sizeof x.allegations ? sizeof x.allegations - 1 : n + (size_t)w;
		}
		stmt_done(q);
		q = NULL;
		if (r2 < 0) {
			r = -1;
			break;
		}
		if ((rc = fn(ctx, &x)) != 0)
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : rc;
}

static int one_of(const char *v, const char *const *list, int n)
{
	for (int i = 0; v && i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return 1;
	return 0;
}

static int empty(const char *s) { return !s || !*s; }
static int fail_errs(struct errlist *errs, struct err *e);

int complaints_categories(struct store *st, int (*fn)(void *ctx, const char *name), void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	int r;
	if (store_query(st, &s, e,
	                "SELECT c.name FROM complaint_categories c JOIN complaint_schemes m ON m.id = c.scheme_id "
	                "WHERE m.active = 1 ORDER BY c.position",
	                ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1)
		if (fn(ctx, stmt_text(s, 0)))
			break;
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

/* An allegation's category (by name, in the active scheme) and subject (a
 * staff number, or none) into ids; problems into errs. */
static void allegation_fields(struct store *st, const char *category, const char *subject_sn, int64_t *cat,
                              int64_t *subject, struct errlist *errs)
{
	*cat = *subject = 0;
	if (empty(category) ||
	    store_int(st, NULL, cat,
	              "SELECT c.id FROM complaint_categories c JOIN complaint_schemes m ON m.id = c.scheme_id WHERE "
	              "m.active = 1 AND c.name = ?",
	              "t", category) != 1)
		errlist_add(errs, "category", "Select the category of the allegation");
	if (!empty(subject_sn) && store_int(st, NULL, subject, "SELECT id FROM people WHERE staff_number = ?", "t",
	                                    subject_sn) != 1)
		errlist_add(errs, "subject", "Enter the staff number of a member of the force, or leave it empty");
}

/* What complaints_case_check and complaints_case_create share: the rules a
 * new case must meet. On success logged, handling, cat and subject hold what
 * is stored. */
static int case_checks(struct store *st, const struct actor *who, const struct cpl_case_in *in, char logged[11],
                       const char **handling_out, int64_t *cat_out, int64_t *subject_out, struct errlist *errs,
                       struct err *e)
{
	static const char *const kinds[] = { "complaint", "conduct", "dsi" };
	static const char *const prefs[] = { "email", "phone", "post", "none" };
	char today[11];
	int64_t subject = 0, cat = 0;
	if (who && alog_require(st, who, ROLE_PSD, "create", "complaint_case", 0,
	                        "Only Professional Standards records complaint and conduct cases", e))
		return -1;
	date_today(today);
	snprintf(logged, 11, "%s", empty(in->logged) ? today : in->logged);
	int complaint = in->kind && strcmp(in->kind, "complaint") == 0;
	if (!one_of(in->kind, kinds, 3))
		errlist_add(errs, "kind", "Select a complaint, a conduct matter or a death or serious injury matter");
	if (empty(in->received) || !date_valid(in->received) || strcmp(in->received, today) > 0)
		errlist_add(errs, "received", "Enter the date it was received as a real date, not in the future");
	if (!date_valid(logged) || strcmp(logged, today) > 0 ||
	    (date_valid(in->received ? in->received : "") && strcmp(logged, in->received) < 0))
		errlist_add(errs, "logged", "Enter the date it was logged, on or after it was received and not in the future");
	if (!empty(in->contacted) && (!date_valid(in->contacted) || strcmp(in->contacted, today) > 0 ||
	                              (date_valid(in->received ? in->received : "") &&
	                               strcmp(in->contacted, in->received) < 0)))
		errlist_add(errs, "contacted", "Enter the date of first contact, on or after it was received, or leave it empty");
	int s3 = complaint && in->schedule3 && strcmp(in->schedule3, "yes") == 0;
	if (complaint && !(in->schedule3 && (s3 || strcmp(in->schedule3, "no") == 0)))
		errlist_add(errs, "schedule3", "Select whether the complaint is handled under Schedule 3");
	if (s3 && !one_of(in->sch3_reason, cpl_sch3_reasons, CPL_NREASONS))
		errlist_add(errs, "sch3_reason", "Select why it is logged under Schedule 3");
	const char *handling = complaint && !s3 ? "outside_schedule3" : in->handling ? in->handling : "";
	if ((s3 || !complaint) && (!one_of(handling, cpl_handlings, CPL_NHANDLING) ||
	                           strcmp(handling, "outside_schedule3") == 0))
		errlist_add(errs, "handling", "Select how it is handled");
	if (in->complainant_name && strlen(in->complainant_name) > 160)
		errlist_add(errs, "complainant_name", "Enter the complainant's name in 160 characters or fewer");
	if (in->complainant_contact && strlen(in->complainant_contact) > 200)
		errlist_add(errs, "complainant_contact", "Enter the contact details in 200 characters or fewer");
	if (complaint && !one_of(in->contact_preference, prefs, 4))
		errlist_add(errs, "contact_preference", "Select how the complainant wants to be contacted");
	allegation_fields(st, in->category, in->subject_staff_number, &cat, &subject, errs);
	if (errs->n)
		return fail_errs(errs, e);
	if (who && subject && duty_check1(st, who, "create", "record", "complaint_case", 0, "complaints", subject,
	                                  DUTY_SUBJECT, e))
		return -1;
	*handling_out = handling;
	*cat_out = cat;
	*subject_out = subject;
	return 0;
}

int complaints_case_check(struct store *st, const struct actor *who, const struct cpl_case_in *in,
                          struct errlist *errs, struct err *e)
{
	char logged[11];
	const char *handling;
	int64_t cat, subject;
	return case_checks(st, who, in, logged, &handling, &cat, &subject, errs, e);
}

int complaints_case_create(struct store *st, const struct actor *who, const struct cpl_case_in *in,
                           char ref_out[32], struct errlist *errs, struct err *e)
{
	char today[11], logged[11], now[21];
	int64_t subject = 0, cat = 0, next = 0;
	const char *handling = "";
	ref_out[0] = 0;
	if (case_checks(st, who, in, logged, &handling, &cat, &subject, errs, e))
		return -1;
	date_today(today);
	int complaint = in->kind && strcmp(in->kind, "complaint") == 0;
	int s3 = complaint && in->schedule3 && strcmp(in->schedule3, "yes") == 0;
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_int(st, e, &next, "SELECT COALESCE(MAX(id), 0) + 1 FROM complaint_cases", "") < 0)
		goto fail;
	snprintf(ref_out, 32, "CPL-%.4s-%05lld", today, (long long)next);
	if (store_exec(st, e,
	               "INSERT INTO complaint_cases(case_ref, kind, received, logged, contacted, schedule3, sch3_reason, "
	               "handling, complainant_name, complainant_contact, contact_preference) VALUES (?, ?, ?, ?, ?, ?, ?, "
	               "?, ?, ?, ?)",
	               "ttttttttttt", ref_out, in->kind, in->received, logged, in->contacted ? in->contacted : "",
	               complaint ? in->schedule3 : "", s3 ? in->sch3_reason : "", handling,
	               in->complainant_name ? in->complainant_name : "",
	               in->complainant_contact ? in->complainant_contact : "",
	               in->contact_preference ? in->contact_preference : ""))
		goto fail;
	int64_t cid = store_last_id(st);
	if (store_exec(st, e,
	               "INSERT INTO complaint_allegations(case_id, allegation_ref, subject_id, category_id) VALUES (?, 'A1', "
	               "NULLIF(?, 0), ?)",
	               "iii", cid, subject, cat) ||
	    alog_writei(st, who, "create", "complaint_case", cid, "ok", ref_out, e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	ref_out[0] = 0;
	return -1;
}

int complaints_allegation_add(struct store *st, const struct actor *who, const char *case_ref, const char *category,
                              const char *subject_staff_number, char aref_out[16], struct errlist *errs, struct err *e)
{
	int64_t cid, cat, subject, n = 0, taken = 1;
	aref_out[0] = 0;
	if (case_id_by_ref(st, case_ref, &cid, e) || require_handle(st, who, cid, "add_allegation", "add to", 1, e))
		return -1;
	allegation_fields(st, category, subject_staff_number, &cat, &subject, errs);
	if (errs->n)
		return fail_errs(errs, e);
	/* nobody records an allegation against themselves or someone they manage */
	if (who && subject && duty_check1(st, who, "add_allegation", "record", "complaint_case", cid, "complaints", subject,
	                                  DUTY_SUBJECT, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM complaint_allegations WHERE case_id = ?", "i", cid) < 0)
		goto fail;
	while (taken) { /* the next free A<n> (imported references may skip numbers) */
		snprintf(aref_out, 16, "A%lld", (long long)++n);
		if (store_int(st, e, &taken, "SELECT COUNT(*) FROM complaint_allegations WHERE case_id = ? AND "
		                             "allegation_ref = ?", "it", cid, aref_out) < 0)
			goto fail;
	}
	char detail[96];
	snprintf(detail, sizeof detail, "%s allegation %s", case_ref, aref_out);
	if (store_exec(st, e,
	               "INSERT INTO complaint_allegations(case_id, allegation_ref, subject_id, category_id) VALUES (?, ?, "
	               "NULLIF(?, 0), ?)",
	               "itii", cid, aref_out, subject, cat) ||
	    alog_writei(st, who, "add_allegation", "complaint_case", cid, "ok", detail, e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	aref_out[0] = 0;
	return -1;
}

static int allegation_id(struct store *st, int64_t case_id, const char *aref, int64_t *id, struct err *e)
{
	int r = store_int(st, e, id, "SELECT id FROM complaint_allegations WHERE case_id = ? AND allegation_ref = ?",
	                  "it", case_id, aref ? aref : "");
	if (r < 0)
		return -1;
	return r ? 0 : err_field(e, ERR_NOTFOUND, "allegation", "No allegation %s in this case", aref ? aref : "");
}

static int fail_errs(struct errlist *errs, struct err *e)
{
	return err_field(e, ERR_INPUT, errs->item[0].field, "%s", errs->item[0].msg);
}

int complaints_allegation_decide(struct store *st, const struct actor *who, const char *case_ref,
                                 const char *allegation_ref, const char *outcome, const char *finalised,
                                 struct errlist *errs, struct err *e)
{
	int64_t cid, aid;
	char today[11];
	if (case_id_by_ref(st, case_ref, &cid, e))
		return -1;
	if (require_handle(st, who, cid, "decide", "decide", 1, e))
		return -1;
	if (allegation_id(st, cid, allegation_ref, &aid, e))
		return -1;
	date_today(today);
	if (!outcome || !*outcome) {
		errlist_add(errs, "outcome", "Select the outcome of the allegation");
	} else {
		int known = 0;
		for (int i = 0; i < CPL_NOUTCOMES; i++)
			known |= strcmp(outcome, cpl_outcomes[i]) == 0;
		if (!known)
			errlist_add(errs, "outcome", "Select one of the listed outcomes");
	}
	if (finalised && *finalised && (!date_valid(finalised) || strcmp(finalised, today) > 0))
		errlist_add(errs, "finalised", "Enter the date it was finalised as a real date, not in the future");
	if (errs->n)
		return fail_errs(errs, e);
	if (store_exec(st, e, "UPDATE complaint_allegations SET outcome = ?, finalised = ?, decided_by = ? WHERE id = ?",
	               "ttii", outcome, finalised ? finalised : "", who ? who->account_id : 0, aid))
		return -1;
	char detail[160];
	snprintf(detail, sizeof detail, "allegation %s: %s", allegation_ref, outcome);
	return alog_writei(st, who, "decide", "complaint_case", cid, "ok", detail, e);
}

int complaints_rprp_record(struct store *st, const struct actor *who, const char *case_ref,
                           const char *allegation_ref, const struct cpl_rprp *r, struct errlist *errs,
                           struct err *e)
{
	int64_t cid, aid;
	char today[11], review[11], now[21];
	if (case_id_by_ref(st, case_ref, &cid, e))
		return -1;
	if (require_handle(st, who, cid, "decide", "record reflective practice on", 1, e))
		return -1;
	if (allegation_id(st, cid, allegation_ref, &aid, e))
		return -1;
	static const char *const names[] = { "summary_issue", "summary_discussion", "actions", "lessons_officer",
		                             "lessons_force" };
	static const char *const msgs[] = { "Enter a summary of the issue", "Enter a summary of the discussion",
		                            "Enter the actions, one a line with its deadline",
		                            "Enter the lessons for the officer", "Enter the lessons for the force" };
	const char *vals[] = { r->summary_issue, r->summary_discussion, r->actions, r->lessons_officer,
		               r->lessons_force };
	for (int i = 0; i < 5; i++)
		if (!vals[i] || !*vals[i])
			errlist_add(errs, names[i], "%s", msgs[i]);
		else if (strlen(vals[i]) > 4000)
			errlist_add(errs, names[i], "%s in 4000 characters or fewer", msgs[i]);
	/* Each action line starts with its deadline. */
	if (r->actions && *r->actions) {
		const char *p = r->actions;
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			char d[11];
			if (len > 0 && !(len == 1 && *p == '\r')) {
				snprintf(d, sizeof d, "%.*s", len < 10 ? (int)len : 10, p);
				if (!date_valid(d) || len < 12) {
					errlist_add(errs, "actions", "Start each action with its deadline, YYYY-MM-DD, then "
					                             "the action");
					break;
				}
			}
			p += len + (nl ? 1 : 0);
		}
	}
	date_today(today);
	if (r->review_date && *r->review_date) {
		if (!date_valid(r->review_date) || strcmp(r->review_date, today) < 0)
			errlist_add(errs, "review_date", "Enter the review date as a real date, today or later");
		snprintf(review, sizeof review, "%s", r->review_date);
	} else {
		int y, m, d;
		date_parse(today, &y, &m, &d);
		if (m == 2 && d == 29)
			d = 28;
		snprintf(review, sizeof review, "%04d-%02d-%02d", y + 1, m, d); /* the 12-month review */
	}
	if (errs->n)
		return fail_errs(errs, e);
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO complaint_rprp(allegation_id, summary_issue, summary_discussion, actions, "
	               "lessons_officer, lessons_force, review_date, recorded_by, recorded_at) VALUES "
	               "(?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?) ON CONFLICT(allegation_id) DO UPDATE SET "
	               "summary_issue = excluded.summary_issue, summary_discussion = excluded.summary_discussion, "
	               "actions = excluded.actions, lessons_officer = excluded.lessons_officer, lessons_force = "
	               "excluded.lessons_force, review_date = excluded.review_date",
	               "ittttttit", aid, r->summary_issue, r->summary_discussion, r->actions,
	               r->lessons_officer, r->lessons_force, review, who ? who->account_id : 0, now) ||
	    store_exec(st, e,
	               "UPDATE complaint_allegations SET outcome = 'reflective_practice', decided_by = NULLIF(?, 0) "
	               "WHERE id = ?",
	               "ii", who ? who->account_id : 0, aid) ||
	    alog_writei(st, who, "decide", "complaint_case", cid, "ok", "reflective practice recorded", e) ||
	    store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* ---- category schemes (data: an administrator adds a version and
 * activates it; the forms, import and bulletin use the active one) ---- */

int complaints_schemes(struct store *st, const struct actor *who, cpl_scheme_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = 0;
	if (alog_require(st, who, ROLE_ADMIN | ROLE_PSD, "list", "complaint_scheme", 0,
	                 "Only administrators and Professional Standards see the category schemes", e) ||
	    alog_list(st, who, "complaint_scheme", "all", e, "all"))
		return -1;
	if (store_query(st, &s, e,
	                "SELECT m.id, m.name, m.version, m.active, c.name FROM complaint_schemes m "
	                "LEFT JOIN complaint_categories c ON c.scheme_id = m.id ORDER BY m.active DESC, m.id, c.position",
	                ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1)
		if ((rc = fn(ctx, stmt_int(s, 0), stmt_text(s, 1), (int)stmt_int(s, 2), (int)stmt_int(s, 3),
		             stmt_text(s, 4))) != 0)
			break;
	stmt_done(s);
	return r < 0 ? -1 : rc;
}

int complaints_scheme_create(struct store *st, const struct actor *who, const char *name, const char *based_on,
                             const char *categories, int64_t *id, struct errlist *errs, struct err *e)
{
	int64_t version = 1, dup = 0, base = 0;
	char *list = NULL;
	int n = 0, rc = -1;
	if (alog_require(st, who, ROLE_ADMIN, "create", "complaint_scheme", 0,
	                 "Only an administrator can add a category scheme", e))
		return -1;
	if (!name || !*name)
		errlist_add(errs, "name", "Enter the scheme's name, for example IOPC 2020 (2027 sub-categories)");
	else if (strlen(name) > 100)
		errlist_add(errs, "name", "Enter the scheme's name in 100 characters or fewer");
	else if (store_int(st, e, &dup, "SELECT COUNT(*) FROM complaint_schemes WHERE name = ?", "t", name) < 0)
		return -1;
	else if (dup)
		errlist_add(errs, "name", "There is already a scheme called %s", name);
	if (based_on && *based_on) {
		char *end;
		base = strtoll(based_on, &end, 10);
		if (*end || store_int(st, e, &version, "SELECT version + 1 FROM complaint_schemes WHERE id = ?", "i", base) != 1)
			errlist_add(errs, "based_on", "Select the scheme this is a new version of, or none");
	}
	/* one category a line, in the order the bulletin lists them */
	list = xstrdup(categories ? categories : "");
	for (char *line = list, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = 0;
		if (!len)
			continue;
		if (len > 200) {
			errlist_add(errs, "categories", "Each category must be 200 characters or fewer");
			break;
		}
		n++;
		for (char *o = list; o < line; o += strlen(o) + 1)
			if (*o && !strcmp(o, line)) {
				errlist_add(errs, "categories", "Category %s is listed twice", line);
				break;
			}
	}
	if (!n && !errlist_get(errs, "categories"))
		errlist_add(errs, "categories", "Enter the categories, one a line");
	if (errs->n) {
		err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
		goto out;
	}
	if (store_begin(st, e))
		goto out;
	/* an explicit id: the seeded schemes were inserted with theirs, so a
	 * PostgreSQL sequence would hand out 1 again */
	if (store_int(st, e, id, "SELECT COALESCE(MAX(id), 0) + 1 FROM complaint_schemes", "") != 1 ||
	    store_exec(st, e, "INSERT INTO complaint_schemes(id, name, version, active) VALUES(?, ?, ?, 0)", "iti", *id,
	               name, version))
		goto fail;
	int pos = 0;
	for (char *o = list; o < list + (categories ? strlen(categories) : 0); o += strlen(o) + 1) {
		if (!*o)
			continue;
		if (store_exec(st, e, "INSERT INTO complaint_categories(scheme_id, position, code, name) VALUES(?, ?, '', ?)",
		               "iit", *id, (int64_t)++pos, o))
			goto fail;
	}
	if (alog_writei(st, who, "create", "complaint_scheme", *id, "ok", name, e) || store_commit(st, e))
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(st);
out:
	free(list);
	return rc;
}

int complaints_scheme_activate(struct store *st, const struct actor *who, int64_t id, struct err *e)
{
	int64_t n = 0;
	if (alog_require(st, who, ROLE_ADMIN, "activate", "complaint_scheme", id,
	                 "Only an administrator can change the active category scheme", e))
		return -1;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM complaint_categories WHERE scheme_id = ?", "i", id) < 0)
		return -1;
	if (!n)
		return err_set(e, ERR_NOTFOUND, "There is no category scheme with categories by that number");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE complaint_schemes SET active = CASE WHEN id = ? THEN 1 ELSE 0 END", "i", id) ||
	    alog_writei(st, who, "activate", "complaint_scheme", id, "ok", "", e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int complaints_rprp_reviewed(struct store *st, const struct actor *who, const char *case_ref,
                             const char *allegation_ref, struct err *e)
{
	int64_t cid, aid, n = 0;
	char today[11], detail[120];
	if (case_id_by_ref(st, case_ref, &cid, e))
		return -1;
	if (require_handle(st, who, cid, "review", "mark the reflective practice review done on", 1, e))
		return -1;
	if (allegation_id(st, cid, allegation_ref, &aid, e))
		return -1;
	date_today(today);
	if (store_begin(st, e))
		return -1;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM complaint_rprp WHERE allegation_id = ? AND reviewed_on = ''", "i",
	              aid) < 0)
		goto fail;
	if (n == 0) {
		store_rollback(st);
		return err_set(e, ERR_INPUT, "Allegation %s has no reflective practice review waiting", allegation_ref);
	}
	snprintf(detail, sizeof detail, "allegation %s: reflective practice review done", allegation_ref);
	if (store_exec(st, e, "UPDATE complaint_rprp SET reviewed_on = ?, reviewed_by = NULLIF(?, 0) WHERE allegation_id = ?",
	               "tii", today, who ? who->account_id : 0, aid) ||
	    alog_writei(st, who, "review", "complaint_case", cid, "ok", detail, e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int complaints_learning_add(struct store *st, const struct actor *who, const char *case_ref, const char *origin,
                            const char *text, const char *owner, const char *due, char ref[48], struct errlist *errs,
                            struct err *e)
{
	int64_t cid, n = 0, fid = 0;
	ref[0] = 0;
	if (case_id_by_ref(st, case_ref, &cid, e))
		return -1;
	if (require_handle(st, who, cid, "create", "record learning from", 1, e))
		return -1;
	if (!origin || (strcmp(origin, "iopc") && strcmp(origin, "local")))
		errlist_add(errs, "origin", "Select whether the recommendation is the IOPC's or local");
	char prefix[48];
	snprintf(prefix, sizeof prefix, "%s L", case_ref);
	if (store_int(st, e, &n,
	              "SELECT COUNT(*) FROM findings f JOIN inspections i ON i.id = f.inspection_id WHERE i.title = ? "
	              "AND i.source = 'learning' AND substr(f.reference, 1, ?) = ?",
	              "tdt", LEARNING_COMPLAINTS, (int)strlen(prefix), prefix) < 0)
		return -1;
	snprintf(ref, 48, "%s L%lld", case_ref, (long long)n + 1);
	/* the findings tracker checks the text, owner and due date */
	struct finding_input in = { "recommendation", "no", ref, text,
		                    origin && !strcmp(origin, "iopc") ? "IOPC learning" : "Local learning", owner, due };
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	if (learning_add(st, who, LEARNING_COMPLAINTS, "Professional Standards (IOPC and local learning)", &in, &fid, errs,
	                 e))
		return -1;
	char detail[96];
	snprintf(detail, sizeof detail, "learning recommendation %s (finding %lld)", ref, (long long)fid);
	return alog_writei(st, who, "create", "complaint_case", cid, "ok", detail, e);
}

int complaints_learning_linkable(const struct actor *who) { return actor_has(who, INSP_READ); }

int complaints_learning(struct store *st, const struct actor *who, const char *case_ref, cpl_learning_fn fn, void *ctx,
                        struct err *e)
{
	int64_t cid;
	struct stmt *s = NULL;
	int r, rc = 0;
	if (case_id_by_ref(st, case_ref, &cid, e))
		return -1;
	if (require_handle(st, who, cid, "view", "open", 1, e))
		return -1;
	char prefix[48];
	snprintf(prefix, sizeof prefix, "%s L", case_ref);
	if (store_query(st, &s, e,
	                "SELECT f.id, f.reference, f.pillar, f.text, f.status, f.due FROM findings f JOIN inspections i "
	                "ON i.id = f.inspection_id WHERE i.title = ? AND i.source = 'learning' AND substr(f.reference, 1, ?) = ? "
	                "ORDER BY f.id",
	                "tdt", LEARNING_COMPLAINTS, (int)strlen(prefix), prefix))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		if ((rc = fn(ctx, stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2), stmt_text(s, 3), stmt_text(s, 4),
		             stmt_text(s, 5))) != 0)
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : rc;
}

int complaints_rprp_due(struct store *st, const struct actor *who, const char *on, cpl_rprp_due_fn fn, void *ctx,
                        struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = 0;
	if (who && alog_require(st, who, ROLE_PSD, "list", "complaint_rprp", 0,
	                        "Only Professional Standards sees reflective practice reviews", e))
		return -1;
	if (alog_list(st, who, "complaint_rprp", "due", e, "on=%s", on))
		return -1;
	if (store_query(st, &s, e,
	                "SELECT c.id, c.case_ref, a.allegation_ref, p.review_date FROM complaint_rprp p JOIN "
	                "complaint_allegations a ON a.id = p.allegation_id JOIN complaint_cases c ON c.id = a.case_id "
	                "WHERE p.review_date <= ? AND p.reviewed_on = '' ORDER BY p.review_date, c.case_ref",
	                "t", on))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		if (complaints_may_handle(st, who, stmt_int(s, 0)))
			continue; /* a case they may not handle is not theirs to see */
		if ((rc = fn(ctx, stmt_text(s, 1), stmt_text(s, 2), stmt_text(s, 3))) != 0)
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : rc;
}

/* The year's cases by date received (complaint_cases_received), their
 * allegations by subject (complaint_allegations_case_subject, migration
 * 054), each subject's row read only when they pass the threshold (it read
 * every allegation and every subject's row: issue 25). */
const char COMPLAINTS_REPEAT_SQL[] =
	"SELECT p.id, p.staff_number, p.forenames || ' ' || p.surname, x.n FROM "
	"(SELECT a.subject_id AS id, COUNT(*) AS n FROM complaint_cases c JOIN complaint_allegations a ON a.case_id = c.id "
	"WHERE c.received > ? AND c.received <= ? GROUP BY a.subject_id HAVING COUNT(*) >= ?) x "
	"JOIN people p ON p.id = x.id ORDER BY x.n DESC, p.surname, p.id";

/* The year's repeat subjects before the reader's own are left out, kept
 * on the connection with the write generation for the last date and
 * threshold asked (the statement was three quarters of the complaints
 * page's CPU). */
struct repeat_row {
	int64_t pid, n;
	char *staff, *name;
};
struct repeat_kept {
	int64_t gen, min;
	char since[11], on[11];
	size_t n;
	struct repeat_row *v;
};
static int repeat_owner;

static void repeat_kept_free(void *p)
{
	struct repeat_kept *k = p;
	if (!k)
		return;
	for (size_t i = 0; i < k->n; i++) {
		free(k->v[i].staff);
		free(k->v[i].name);
	}
	free(k->v);
	free(k);
}

static int repeat_read(struct store *st, struct repeat_kept *k, struct err *e)
{
	struct stmt *s = NULL;
	if (store_query(st, &s, e, COMPLAINTS_REPEAT_SQL, "tti", k->since, k->on, k->min))
		return -1;
	int r;
	size_t cap = 0;
	while ((r = stmt_next(s, e)) == 1) {
		if (k->n == cap) {
			cap = cap ? cap * 2 : 16;
			k->v = xrealloc(k->v, cap * sizeof *k->v);
		}
		k->v[k->n++] = (struct repeat_row){ stmt_int(s, 0), stmt_int(s, 3), xstrdup(stmt_text(s, 1)),
			                            xstrdup(stmt_text(s, 2)) };
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int complaints_repeat_subjects(struct store *st, const struct actor *who, const char *on, cpl_repeat_fn fn,
                               void *ctx, struct err *e)
{
	int rc = 0;
	char since[11];
	if (!date_valid(on))
		return err_set(e, ERR_INPUT, "Enter the date as YYYY-MM-DD");
	if (who && alog_require(st, who, ROLE_PSD | ROLE_DCC, "list", "complaint_repeat_subjects", 0,
	                        "Repeat subjects are for Professional Standards and the DCC", e))
		return -1;
	int64_t min = config_int(st, "complaints.repeat_subject_allegations", 3);
	if (alog_list(st, who, "complaint_repeat_subjects", "all", e, "on=%s min=%lld", on, (long long)min))
		return -1;
	cpl_year_before(on, since);
	int64_t gen = store_generation(st);
	void **slot = gen >= 0 ? store_memo(st, &repeat_owner, repeat_kept_free) : NULL;
	struct repeat_kept *k = slot ? *slot : NULL;
	if (!k || k->gen != gen || k->min != min || strcmp(k->on, on) || strcmp(k->since, since)) {
		k = xcalloc(1, sizeof *k);
		k->gen = gen;
		k->min = min;
		snprintf(k->since, sizeof k->since, "%s", since);
		snprintf(k->on, sizeof k->on, "%s", on);
		if (repeat_read(st, k, e)) {
			repeat_kept_free(k);
			return -1;
		}
		if (slot) {
			repeat_kept_free(*slot);
			*slot = k;
		}
	}
	for (size_t i = 0; i < k->n; i++) {
		int64_t pid = k->v[i].pid;
		if (who && who->person_id && (pid == who->person_id || person_manages(st, who->person_id, pid)))
			continue; /* their own, or someone they manage: not theirs to see */
		if ((rc = fn(ctx, k->v[i].staff, k->v[i].name, k->v[i].n)) != 0)
			break;
	}
	if (!slot)
		repeat_kept_free(k);
	return rc;
}

int complaints_proceeding_add(struct store *st, const struct actor *who, const char *case_ref,
                              const struct cpl_proceeding_in *in, int64_t *id, struct errlist *errs, struct err *e)
{
	int64_t cid, pid = 0;
	if (case_id_by_ref(st, case_ref, &cid, e))
		return -1;
	if (require_handle(st, who, cid, "decide", "arrange proceedings in", 1, e))
		return -1;
	if (!in->kind || (strcmp(in->kind, "meeting") && strcmp(in->kind, "hearing") &&
	                  strcmp(in->kind, "accelerated_hearing")))
		errlist_add(errs, "kind", "Select a misconduct meeting, hearing or accelerated hearing");
	if (!in->held_on || !date_valid(in->held_on))
		errlist_add(errs, "held_on", "Enter the date as a real date");
	if (!in->venue || !*in->venue || strlen(in->venue) > 150)
		errlist_add(errs, "venue", "Enter the venue in 150 characters or fewer");
	if (!in->subject_staff_number || !*in->subject_staff_number ||
	    store_int(st, NULL, &pid, "SELECT id FROM people WHERE staff_number = ?", "t", in->subject_staff_number) != 1)
		errlist_add(errs, "subject", "Enter the staff number of the officer or member of staff");
	if (!in->allegations || !*in->allegations || strlen(in->allegations) > 1000)
		errlist_add(errs, "allegations", "Enter the allegations heard, in summary, in 1000 characters or fewer");
	if (in->kind && strcmp(in->kind, "meeting") == 0 && in->public_)
		errlist_add(errs, "public", "Misconduct meetings are held in private");
	if (errs->n)
		return fail_errs(errs, e);
	/* A new subject joins the case's parties: check the duty again with them. */
	struct case_parties cp;
	struct duty_act a;
	if (load_parties(st, cid, &cp, e))
		return -1;
	if (cp.n < MAX_PARTIES)
		cp.p[cp.n++] = (struct duty_party){ pid, 0, DUTY_SUBJECT };
	make_act(&a, "decide", "arrange proceedings in", cid, &cp);
	if (who && duty_check(st, who, &a, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO complaint_proceedings(case_id, kind, held_on, venue, public, subject_id, "
	               "name_withheld, allegations) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	               "itttdidt", cid, in->kind, in->held_on, in->venue, in->public_ ? 1 : 0, pid,
	               in->name_withheld ? 1 : 0, in->allegations))
		return -1;
	*id = store_last_id(st);
	return alog_writei(st, who, "create", "complaint_proceeding", *id, "ok", case_ref, e);
}

int complaints_proceeding_decide(struct store *st, const struct actor *who, int64_t id, const char *finding,
                                 const char *outcome, struct errlist *errs, struct err *e)
{
	int64_t cid = 0, pid = 0;
	char held[11] = "", now[21];
	struct stmt *s = NULL;
	int r;
	if (store_query(st, &s, e, "SELECT case_id, subject_id, held_on FROM complaint_proceedings WHERE id = ?", "i",
	                id))
		return -1;
	r = stmt_next(s, e);
	if (r == 1) {
		cid = stmt_int(s, 0);
		pid = stmt_int(s, 1);
		snprintf(held, sizeof held, "%s", stmt_text(s, 2));
	}
	stmt_done(s);
	if (r != 1)
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No such proceedings");
	if (require_handle(st, who, cid, "decide", "record the outcome of", 1, e))
		return -1;
	static const char *const gross[] = { "final_written_warning", "reduction_in_rank", "dismissal_without_notice" };
	static const char *const misc[] = { "written_warning", "final_written_warning", "referral_to_rprp" };
	static const char *const none[] = { "no_action", "referral_to_rprp" };
	const char *const *allowed = NULL;
	int nallowed = 0;
	if (finding && strcmp(finding, "gross_misconduct") == 0)
		allowed = gross, nallowed = 3;
	else if (finding && strcmp(finding, "misconduct") == 0)
		allowed = misc, nallowed = 3;
	else if (finding && strcmp(finding, "not_proven") == 0)
		allowed = none, nallowed = 2;
	else
		errlist_add(errs, "finding", "Select the finding: misconduct, gross misconduct or not proven");
	if (allowed) {
		int ok = 0;
		for (int i = 0; i < nallowed; i++)
			ok |= outcome && strcmp(outcome, allowed[i]) == 0;
		if (!ok)
			errlist_add(errs, "outcome", "Select an outcome the finding allows");
	}
	if (errs->n)
		return fail_errs(errs, e);
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE complaint_proceedings SET finding = ?, outcome = ?, decided_by = NULLIF(?, 0) "
	                      "WHERE id = ?",
	               "ttii", finding, outcome, who ? who->account_id : 0, id))
		goto fail;
	/* A dismissed officer goes to the College of Policing barred list notifications (vetting). */
	if (strcmp(outcome, "dismissal_without_notice") == 0 &&
	    store_exec(st, e,
	               "INSERT INTO vetting_leavers(person_id, reason, list, left_on, notes, created_at, created_by) "
	               "VALUES (?, 'dismissed', 'barred', ?, 'dismissed without notice at a misconduct hearing', ?, "
	               "NULLIF(?, 0)) ON CONFLICT(person_id, list) DO NOTHING",
	               "itti", pid, held, now, who ? who->account_id : 0))
		goto fail;
	if (alog_writei(st, who, "decide", "complaint_proceeding", id, "ok", outcome, e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int complaints_review_decide(struct store *st, const struct actor *who, const char *case_ref, const char *body,
                             const char *completed, const char *result, const char *recommendations,
                             struct errlist *errs, struct err *e)
{
	int64_t cid, rid = 0;
	char today[11];
	if (case_id_by_ref(st, case_ref, &cid, e))
		return -1;
	int lpb = body && strcmp(body, "lpb") == 0;
	if (!lpb && !(body && strcmp(body, "iopc") == 0))
		return err_field(e, ERR_INPUT, "body", "The review body is lpb or iopc");
	if (require_handle(st, who, cid, "review", "review", !lpb, e))
		return -1;
	int r = store_int(st, e, &rid,
	                  "SELECT id FROM complaint_reviews WHERE case_id = ? AND review_body = ? AND completed = '' "
	                  "ORDER BY requested DESC LIMIT 1",
	                  "it", cid, body);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_CONFLICT, "There is no open review of this case by that body");
	date_today(today);
	if (!completed || !date_valid(completed) || strcmp(completed, today) > 0)
		errlist_add(errs, "completed", "Enter the date the review was completed, not in the future");
	if (!result || (strcmp(result, "upheld") && strcmp(result, "not_upheld")))
		errlist_add(errs, "result", "Select upheld or not upheld");
	if (recommendations && strlen(recommendations) > 4000)
		errlist_add(errs, "recommendations", "Enter the recommendations in 4000 characters or fewer");
	if (errs->n)
		return fail_errs(errs, e);
	if (store_exec(st, e, "UPDATE complaint_reviews SET completed = ?, result = ?, recommendations = ? WHERE id = ?",
	               "ttti", completed, result, recommendations ? recommendations : "", rid))
		return -1;
	return alog_writei(st, who, "review", "complaint_case", cid, "ok", result, e);
}

int complaints_public_hearings(struct store *st, const char *today, cpl_hearing_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = 0;
	int64_t keep = config_int(st, "complaints.hearing_retention_days", 28);
	long now = date_days(today);
	if (now < 0)
		return err_set(e, ERR_INPUT, "bad date %s", today);
	if (keep < 28)
		keep = 28; /* at least 28 days on the site */
	/* Outcomes published for the first time now are stamped today. */
	if (store_exec(st, e,
	               "UPDATE complaint_proceedings SET outcome_published = ? WHERE public = 1 AND kind <> 'meeting' "
	               "AND outcome <> '' AND outcome_published = ''",
	               "t", today))
		return -1;
	if (store_query(st, &s, e,
	                "SELECT p.id, p.held_on, p.venue, p.kind, CASE WHEN p.name_withheld = 1 THEN '' ELSE "
	                "pe.forenames || ' ' || pe.surname END, CASE WHEN p.name_withheld = 1 THEN '' ELSE pe.rank END, "
	                "p.allegations, p.finding, p.outcome, p.outcome_published FROM complaint_proceedings p "
	                "JOIN people pe ON pe.id = p.subject_id WHERE p.public = 1 AND p.kind <> 'meeting' "
	                "ORDER BY p.held_on DESC, p.id",
	                ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		struct cpl_hearing h;
		memset(&h, 0, sizeof h);
		h.id = stmt_int(s, 0);
		snprintf(h.held_on, sizeof h.held_on, "%s", stmt_text(s, 1));
		snprintf(h.venue, sizeof h.venue, "%s", stmt_text(s, 2));
		snprintf(h.kind, sizeof h.kind, "%s", stmt_text(s, 3));
		snprintf(h.name, sizeof h.name, "%s", stmt_text(s, 4));
		snprintf(h.rank, sizeof h.rank, "%s", stmt_text(s, 5));
		snprintf(h.allegations, sizeof h.allegations, "%s", stmt_text(s, 6));
		snprintf(h.finding, sizeof h.finding, "%s", stmt_text(s, 7));
		snprintf(h.outcome, sizeof h.outcome, "%s", stmt_text(s, 8));
		snprintf(h.outcome_published, sizeof h.outcome_published, "%s", stmt_text(s, 9));
		int is_outcome = h.outcome[0] != 0;
		if (is_outcome && now > date_days(h.outcome_published) + keep)
			continue; /* past its retention: removed at this publish */
		if ((rc = fn(ctx, &h, is_outcome)) != 0)
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : rc;
}
