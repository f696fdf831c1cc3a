/* notify.c — the notification model: one table of sources (each a fixed
 * SQL statement over the open records), one runner that turns their rows
 * into notices for the people who must act. The same runner serves one
 * reader (the home page, the header count) and the whole force (digests):
 * only where a notice is delivered differs. See notify.h for the rules. */
#include "domain/notify.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/inspections.h"
#include "domain/training.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS "SELECT "
/* A reader's own rows and their reports' (for escalation): who's person id
 * is parameter N of a source's reader_sql. */
#define READER_TEAM(n) "(SELECT CAST(?" n " AS BIGINT) UNION ALL SELECT q.id FROM people q WHERE q.manager_id = ?" n ")"
/* Every source selects: to_person, to_account, subject_person, not_account,
 * record_id, link_id, due, since — 0 and '' where not applicable. */

/* training_due_each as a notify source (struct notify_kind.source). */
static int training_due_source(struct store *st, const char *today, int64_t person, int64_t manager,
                               int (*fn)(void *ctx, int64_t to_person, int64_t record_id, const char *due), void *ctx,
                               struct err *e)
{
	return training_due_each(st, today, person, manager, fn, ctx, e);
}

const struct notify_kind notify_kinds[] = {
	{ "gift_manager", "Gift or hospitality declaration to decide", "gift or hospitality declaration",
	  "gift or hospitality declarations", "to decide", 0, 0, "/gifts/%lld", 0, 14, 7, "/",
#define GIFT_MANAGER COLS "p.manager_id, 0, g.person_id, 0, g.id, g.id, '', substr(g.created_at, 1, 10) FROM gifts g " \
	"JOIN people p ON p.id = g.person_id WHERE g.status = 'awaiting_manager' AND p.manager_id IS NOT NULL " \
	"AND p.manager_id <> g.person_id"
	  GIFT_MANAGER, "", NULL,
	  /* from the reader's team (people_manager) to their gifts awaiting (gifts_status_person) */
	  COLS "p.manager_id, 0, g.person_id, 0, g.id, g.id, '', substr(g.created_at, 1, 10) FROM people p "
	  "CROSS JOIN gifts g WHERE g.person_id = p.id AND g.status = 'awaiting_manager' AND p.manager_id IS NOT NULL "
	  "AND p.manager_id <> g.person_id AND p.manager_id IN " READER_TEAM("1") },
#undef GIFT_MANAGER
	{ "gift_psd", "Gift or hospitality declaration to decide (PSD)", "gift or hospitality declaration",
	  "gift or hospitality declarations", "to decide for Professional Standards", ROLE_PSD, 0, "/gifts/%lld", 0,
	  14, 0, NULL,
	  COLS "0, 0, g.person_id, 0, g.id, g.id, '', CASE WHEN g.manager_at <> '' THEN substr(g.manager_at, 1, 10) "
	  "ELSE substr(g.created_at, 1, 10) END FROM gifts g WHERE g.status = 'awaiting_psd'", "" },
	{ "interest_manager", "Business interest application to comment on", "business interest application",
	  "business interest applications", "to comment on", 0, 0, "/interests/%lld", 0, 14, 7, "/",
	  COLS "p.manager_id, 0, b.person_id, 0, b.id, b.id, '', substr(b.created_at, 1, 10) "
	  "FROM business_interests b JOIN people p ON p.id = b.person_id WHERE b.status = 'applied' "
	  "AND p.manager_id IS NOT NULL AND p.manager_id <> b.person_id", "" },
	{ "interest_psd", "Business interest to decide", "business interest", "business interests", "to decide",
	  ROLE_PSD, 0, "/interests/%lld", 0, 28, 0, NULL,
	  COLS "0, 0, b.person_id, 0, b.id, b.id, '', CASE WHEN b.manager_at <> '' THEN substr(b.manager_at, 1, 10) "
	  "ELSE substr(b.created_at, 1, 10) END FROM business_interests b WHERE b.status = 'awaiting_psd'", "" },
	{ "interest_appeal", "Business interest appeal to decide", "business interest appeal",
	  "business interest appeals", "to decide", ROLE_DCC, 0, "/interests/%lld", 0, 28, 0, NULL,
	  COLS "0, 0, b.person_id, 0, b.id, b.id, '', substr(b.appealed_at, 1, 10) FROM business_interests b "
	  "WHERE b.appeal_status = 'pending'", "" },
	{ "interest_review", "Business interest due for its annual review", "business interest review",
	  "business interest reviews", "due", ROLE_PSD, 0, "/interests/%lld", 30, 0, 0, NULL,
	  COLS "0, 0, b.person_id, 0, b.id, b.id, b.review_date, '' FROM business_interests b "
	  "WHERE b.status IN ('approved', 'approved_with_conditions') AND b.review_date <> '' AND b.review_date <= ?",
	  "h" },
	{ "interest_review_holder", "Your business interest is due for its annual review",
	  "review of your business interest", "reviews of your business interests", "due", 0, 0, "/interests/%lld",
	  30, 0, 0, NULL,
	  COLS "b.person_id, 0, 0, 0, b.id, b.id, b.review_date, '' FROM business_interests b "
	  "WHERE b.status IN ('approved', 'approved_with_conditions') AND b.review_date <> '' AND b.review_date <= ?",
	  "h" },
	{ "association_assess", "Notifiable association to assess", "notifiable association",
	  "notifiable associations", "to assess", ROLE_PSD, 0, "/associations/%lld", 0, 28, 0, NULL,
	  COLS "0, 0, a.person_id, 0, a.id, a.id, '', a.declared_on FROM notifiable_associations a "
	  "WHERE a.status = 'declared'", "" },
	{ "association_review", "Notifiable association due for review", "notifiable association review",
	  "notifiable association reviews", "due", ROLE_PSD, 0, "/associations/%lld", 30, 0, 0, NULL,
	  COLS "0, 0, a.person_id, 0, a.id, a.id, a.review_date, '' FROM notifiable_associations a "
	  "WHERE a.status = 'assessed' AND a.review_date <> '' AND a.review_date <= ?", "h" },
	{ "vetting_task", "Vetting task to work", "vetting task", "vetting tasks", "to work", ROLE_VETTING, 0,
	  "/vetting/tasks?status=open", 0, 28, 0, NULL,
	  COLS "0, 0, t.person_id, 0, t.id, t.id, '', substr(t.created_at, 1, 10) FROM vetting_tasks t "
	  "WHERE t.status = 'open'", "" },
	{ "clearance_expiring", "Vetting clearance expiring", "vetting clearance", "vetting clearances",
	  "expiring or expired", ROLE_VETTING, 0, "/vetting", 90, 0, 0, NULL,
	  COLS "0, 0, c.person_id, 0, c.id, c.id, c.expiry, '' FROM clearances c "
	  "WHERE c.status = 'active' AND c.expiry <> '' AND c.expiry <= ?", "h" },
	{ "clearance_expiring_holder", "Your vetting clearance expires soon: ask the vetting unit about renewal",
	  "vetting clearance of yours", "vetting clearances of yours", "expiring", 0, 0, "", 90, 0, 0, NULL,
	  COLS "c.person_id, 0, 0, 0, c.id, c.id, c.expiry, '' FROM clearances c "
	  "WHERE c.status = 'active' AND c.expiry <> '' AND c.expiry <= ?", "h", NULL,
	  /* by person (clearances_person), not every expiring clearance of the force */
	  COLS "c.person_id, 0, 0, 0, c.id, c.id, c.expiry, '' FROM clearances c WHERE c.person_id IN " READER_TEAM("2")
	  " AND c.status || '' = 'active' AND c.expiry <> '' AND c.expiry <= ?1" },
	{ "air_return", "Your annual integrity review", "annual integrity review return",
	  "annual integrity review returns", "to complete", 0, 0, "/air/mine", 0, 0, 7, "/air/team",
#define AIR_RETURN COLS "r.person_id, 0, 0, 0, r.id, r.id, w.due_on, w.opens_on FROM air_returns r " \
	"JOIN air_waves w ON w.id = r.wave_id JOIN air_rounds o ON o.id = r.round_id " \
	"WHERE r.status = 'pending' AND o.status = 'open' AND w.opens_on <= ?"
	  AIR_RETURN, "d", NULL,
	  /* by person (air_returns_person), not every pending return (|| '' keeps the status index out) */
	  COLS "r.person_id, 0, 0, 0, r.id, r.id, w.due_on, w.opens_on FROM air_returns r "
	  "JOIN air_waves w ON w.id = r.wave_id JOIN air_rounds o ON o.id = r.round_id "
	  "WHERE r.status || '' = 'pending' AND o.status = 'open' AND w.opens_on <= ? AND r.person_id IN " READER_TEAM("2") },
#undef AIR_RETURN
	{ "air_signoff", "Annual integrity review to sign off", "annual integrity review",
	  "annual integrity reviews", "to sign off", 0, 0, "/air/returns/%lld", 0, 0, 7, "/",
	  COLS "COALESCE(r.manager_person, p.manager_id), 0, r.person_id, 0, r.id, r.id, w.due_on, "
	  "substr(r.submitted_at, 1, 10) FROM air_returns r JOIN air_waves w ON w.id = r.wave_id "
	  "JOIN air_rounds o ON o.id = r.round_id JOIN people p ON p.id = r.person_id "
	  "WHERE r.status = 'submitted' AND o.status = 'open'", "", NULL,
	  /* the same rows in two parts: a named signer (air_returns_manager), else the line manager (from
	   * people_manager to air_returns_person) */
	  COLS "r.manager_person, 0, r.person_id, 0, r.id, r.id, w.due_on, substr(r.submitted_at, 1, 10) "
	  "FROM air_returns r JOIN air_waves w ON w.id = r.wave_id JOIN air_rounds o ON o.id = r.round_id "
	  "WHERE r.manager_person IN " READER_TEAM("1") " AND r.status || '' = 'submitted' AND o.status = 'open' "
	  "UNION ALL SELECT p.manager_id, 0, r.person_id, 0, r.id, r.id, w.due_on, substr(r.submitted_at, 1, 10) "
	  "FROM people p CROSS JOIN air_returns r JOIN air_waves w ON w.id = r.wave_id "
	  "JOIN air_rounds o ON o.id = r.round_id WHERE r.person_id = p.id AND r.manager_person IS NULL "
	  "AND p.manager_id IN " READER_TEAM("1") " AND r.status || '' = 'submitted' AND o.status = 'open'" },
	{ "finding_due", "Inspection finding due", "inspection finding", "inspection findings", "due",
	  ROLE_GOVERNANCE, INSP_READ, "/findings/%lld", 30, 0, 14, "/",
	  COLS "COALESCE(f.owner_person_id, 0), 0, 0, 0, f.id, f.id, f.due, '' FROM findings f "
	  "WHERE f.status IN ('open', 'in_progress') AND f.due <> '' AND f.due <= ?", "h" },
	{ "finding_follow_up", "Inspection finding follow-up date", "finding follow-up", "finding follow-ups", "due",
	  ROLE_GOVERNANCE, INSP_READ, "/findings/%lld", 14, 0, 14, "/",
	  COLS "COALESCE(f.owner_person_id, 0), 0, 0, 0, f.id, f.id, f.follow_up, '' FROM findings f "
	  "WHERE f.status = 'signed_off' AND f.follow_up <> '' AND f.follow_up <= ?", "h" },
	{ "finding_revisit", "Non-compliant finding to revisit", "finding to revisit", "findings to revisit", "due",
	  ROLE_GOVERNANCE, INSP_READ, "/findings/%lld", 14, 0, 14, "/",
	  COLS "COALESCE(f.owner_person_id, 0), 0, 0, 0, f.id, f.id, f.revisit, '' FROM findings f "
	  "WHERE f.status = 'non_compliant' AND f.revisit <> '' AND f.revisit <= ?", "h" },
	{ "response_deadline", "PCC response record: the 56-day deadline", "PCC response record",
	  "PCC response records", "due within 14 days or overdue", ROLE_GOVERNANCE | ROLE_PCC, 0,
	  "/inspections/%lld/response", 14, 56, 0, NULL,
	  COLS "0, 0, 0, 0, i.id, i.id, '', i.published FROM inspections i "
	  "LEFT JOIN response_records r ON r.inspection_id = i.id WHERE i.published <> '' AND i.source = 'inspection' "
	  "AND COALESCE(r.published, 0) = 0 AND COALESCE(r.published_elsewhere, '') = ''", "" },
	{ "panel_question", "Panel question awaiting the force's answer", "panel question", "panel questions",
	  "to answer", ROLE_GOVERNANCE, 0, "/reviews/%lld", 0, 28, 0, NULL,
	  COLS "0, 0, 0, 0, q.id, q.review_id, '', substr(q.asked_at, 1, 10) FROM review_questions q "
	  "WHERE q.response = ''", "" },
	{ "audit_unassigned", "ICT audit alert to assign", "ICT audit alert", "ICT audit alerts", "to assign",
	  ROLE_ACU, 0, "/audit/alerts/%lld", 0, 7, 0, NULL,
	  COLS "0, 0, 0, 0, a.id, a.id, '', substr(a.created_at, 1, 10) FROM audit_alerts a "
	  "WHERE a.status = 'new' AND a.assigned_to IS NULL", "" },
	{ "audit_assigned", "ICT audit alert assigned to you", "ICT audit alert assigned to you",
	  "ICT audit alerts assigned to you", "to decide", 0, 0, "/audit/alerts/%lld", 0, 14, 0, NULL,
	  COLS "0, a.assigned_to, 0, 0, a.id, a.id, '', substr(a.created_at, 1, 10) FROM audit_alerts a "
	  "WHERE a.status = 'new' AND a.assigned_to IS NOT NULL", "" },
	{ "audit_countersign", "ICT audit decision to countersign", "ICT audit decision", "ICT audit decisions",
	  "to countersign", ROLE_REVIEWER, 0, "/audit/countersign", 0, 7, 0, NULL,
	  COLS "0, 0, 0, COALESCE(d.decided_by, 0), d.id, d.alert_id, '', substr(d.decided_at, 1, 10) "
	  "FROM audit_decisions d WHERE d.state = 'pending' UNION ALL "
	  "SELECT 0, 0, 0, COALESCE(m.created_by, 0), -m.id, m.id, '', substr(m.created_at, 1, 10) "
	  "FROM audit_mutes m WHERE m.state = 'pending'", "" },
	{ "intel_review", "Intelligence closure to review", "intelligence closure", "intelligence closures",
	  "to review", 0, 0, "/intel/items/%lld", 0, 14, 0, NULL,
	  COLS "0, i.reviewer_id, 0, 0, i.id, i.id, '', i.proposed_on FROM intel_items i "
	  "WHERE i.status = 'awaiting_review' AND i.reviewer_id IS NOT NULL", "" },
	{ "intel_intervention", "Intelligence intervention due", "intelligence intervention",
	  "intelligence interventions", "due", ROLE_ACU, 0, "/intel/items/%lld", 14, 0, 0, NULL,
	  COLS "0, COALESCE(v.owner_id, 0), 0, 0, v.id, v.item_id, v.due_date, '' FROM intel_interventions v "
	  "WHERE v.end_date = '' AND v.due_date <> '' AND v.due_date <= ?", "h" },
	/* The ethics panel (docs/ethics.md). The chair is the current member
	 * flagged as chair; a dilemma never reaches a chair who raised it or
	 * declared a conflict on it (the page excludes them too). */
#define ETHICS_CHAIR "JOIN ethics_members c ON c.chair = 1 AND c.term_start <= ?1 " \
	"AND (c.term_end IS NULL OR c.term_end >= ?1) "
#define ETHICS_NOT_EXCLUDED "AND (d.raiser_id IS NULL OR d.raiser_id <> c.account_id) AND NOT EXISTS " \
	"(SELECT 1 FROM ethics_conflicts x WHERE x.dilemma_id = d.id AND x.account_id = c.account_id)"
	{ "ethics_triage", "Ethics dilemma to triage", "ethics dilemma", "ethics dilemmas",
	  "to triage", 0, 0, "/ethics/panel/%lld", 0, 14, 0, NULL,
	  COLS "0, c.account_id, 0, 0, d.id, d.id, '', d.raised_on FROM ethics_dilemmas d " ETHICS_CHAIR
	  "WHERE d.status = 'received' " ETHICS_NOT_EXCLUDED, "d" },
	{ "ethics_advice", "Ethics panel advice due", "ethics dilemma",
	  "ethics dilemmas", "to advise on", 0, 0, "/ethics/panel/%lld", 14, 0, 0, NULL,
	  COLS "0, c.account_id, 0, 0, d.id, d.id, CASE WHEN d.status = 'quick_time' THEN COALESCE(d.feedback_due, '') "
	  "ELSE COALESCE(m.held_on, '') END, '' FROM ethics_dilemmas d " ETHICS_CHAIR
	  "LEFT JOIN ethics_meetings m ON m.id = d.meeting_id WHERE d.status IN ('scheduled', 'quick_time') "
	  ETHICS_NOT_EXCLUDED, "d" },
	{ "ethics_question", "The ethics panel has asked you a question", "question from the ethics panel",
	  "questions from the ethics panel", "to answer", 0, 0, "/ethics/mine/%lld", 0, 14, 0, NULL,
	  COLS "0, d.raiser_id, 0, 0, d.id, d.id, '', g.day FROM ethics_dilemmas d "
	  "JOIN ethics_messages g ON g.dilemma_id = d.id AND g.seq = d.last_seq "
	  "WHERE d.mode <> 'anonymous' AND d.raiser_id IS NOT NULL AND g.author = 'panel' "
	  "AND d.status IN ('received', 'scheduled', 'quick_time')", "" },
	{ "ethics_action", "Ethics panel action due", "ethics panel action", "ethics panel actions", "due",
	  0, 0, "/ethics/meetings/%lld", 7, 0, 0, NULL,
	  COLS "0, c.account_id, 0, 0, a.id, a.meeting_id, a.due_on, '' FROM ethics_actions a " ETHICS_CHAIR
	  "WHERE a.done_on IS NULL AND a.due_on <> ''", "d" },
	{ "ethics_tenure", "Ethics panel member's maximum tenure ending", "panel member's maximum tenure",
	  "panel members' maximum tenures", "ending", ROLE_ADMIN, ROLE_ETHICS_PANEL | ROLE_ADMIN,
	  "/ethics/members", 182, 0, 0, NULL,
	  /* the end: term start + ethics.max_tenure_years (29 February -> 28th),
	   * as the members page computes it */
#define TENURE_END "CAST(CAST(substr(m.term_start, 1, 4) AS INTEGER) + COALESCE((SELECT CAST(value AS INTEGER) " \
	"FROM config WHERE key = 'ethics.max_tenure_years'), 8) AS TEXT) || CASE WHEN substr(m.term_start, 5, 6) = " \
	"'-02-29' THEN '-02-28' ELSE substr(m.term_start, 5, 6) END"
	  COLS "0, c.account_id, COALESCE(u.person_id, 0), 0, m.id, m.id, " TENURE_END ", '' FROM ethics_members m "
	  "JOIN accounts u ON u.id = m.account_id " ETHICS_CHAIR "WHERE c.account_id <> m.account_id "
	  "AND (m.term_end IS NULL OR m.term_end >= ?1) UNION ALL "
	  "SELECT 0, 0, COALESCE(u.person_id, 0), m.account_id, m.id, m.id, " TENURE_END ", '' FROM ethics_members m "
	  "JOIN accounts u ON u.id = m.account_id WHERE m.term_end IS NULL OR m.term_end >= ?1", "d" },
#undef TENURE_END
#undef ETHICS_CHAIR
#undef ETHICS_NOT_EXCLUDED
	/* The risk picture (docs/risk.md): an intervention's owner, never the
	 * person it is about; the next tasking meeting, to the ACU and PSD. */
	{ "risk_intervention_due", "Early intervention due", "early intervention", "early interventions", "due",
	  0, 0, "/risk/interventions/%lld", 14, 0, 0, NULL,
	  COLS "0, v.owner_id, v.person_id, 0, v.id, v.id, v.due_date, '' FROM risk_interventions v "
	  "WHERE v.status = 'open' AND v.due_date <> '' AND v.due_date <= ?", "h" },
	{ "risk_intervention_review", "Early intervention due for review", "early intervention review",
	  "early intervention reviews", "due", 0, 0, "/risk/interventions/%lld", 14, 0, 0, NULL,
	  COLS "0, v.owner_id, v.person_id, 0, v.id, v.id, v.review_date, '' FROM risk_interventions v "
	  "WHERE v.status = 'open' AND v.review_date <> '' AND v.review_date <= ?", "h" },
	{ "risk_meeting", "Tactical tasking meeting due", "tactical tasking meeting", "tactical tasking meetings",
	  "due", ROLE_ACU | ROLE_PSD, 0, "/risk/meetings", 7, 31, 0, NULL,
	  /* due risk.meeting_days (30) after the last: day 31 counting its day as day 1 */
	  COLS "0, 0, 0, 0, g.id, 0, '', g.held_on FROM risk_meetings g WHERE NOT EXISTS (SELECT 1 FROM risk_meetings l "
	  "WHERE l.held_on > g.held_on OR (l.held_on = g.held_on AND l.id > g.id))", "" },
	/* Training (docs/training.md): the current version of each policy that
	 * applies to a person and that they have not acknowledged, due
	 * training.policy_days (28) after the later of its publication and their
	 * start (day 29 counting that day as day 1); overdue, their line manager. */
#define POLICY_ACK COLS "p.id, 0, 0, 0, v.id, v.id, '', CASE WHEN p.start_date > v.published_on THEN p.start_date " \
	"ELSE v.published_on END FROM policy_versions v JOIN policies o ON o.id = v.policy_id JOIN people p ON " \
	"(o.applies_to = 'all' OR (o.applies_to = 'officers' AND p.kind IN ('officer', 'special')) " \
	"OR (o.applies_to = 'staff' AND p.kind = 'staff') OR (o.applies_to = 'supervisors' AND EXISTS " \
	"(SELECT 1 FROM people q WHERE q.manager_id = p.id AND q.start_date <> '' AND q.start_date <= ?1 " \
	"AND (q.leave_date = '' OR q.leave_date > ?1)))) " \
	"WHERE v.published_on <= ?1 AND NOT EXISTS (SELECT 1 FROM policy_versions w WHERE w.policy_id = v.policy_id " \
	"AND w.published_on <= ?1 AND (w.published_on > v.published_on OR (w.published_on = v.published_on " \
	"AND w.id > v.id))) AND (p.leave_date = '' OR p.leave_date > ?1) AND NOT EXISTS " \
	"(SELECT 1 FROM policy_acknowledgements k WHERE k.person_id = p.id AND k.version_id = v.id)"
	{ "policy_acknowledge", "A policy to read and acknowledge", "policy",
	  "policies", "to read and acknowledge", 0, 0, "/training", 0, 29, 7, "/training/team",
	  POLICY_ACK, "d", NULL, POLICY_ACK " AND p.id IN " READER_TEAM("2") },
#undef POLICY_ACK
	/* Courses: the due dates are computed in C (months and windows), so the
	 * source is training's own; overdue, the line manager hears at once. */
	{ "training_course", "A training course due", "training course", "training courses", "due", 0, 0,
	  "/training", 30, 0, 1, "/training/team", NULL, "", training_due_source },
	{ "vetting_appeal", "Vetting appeal to decide", "vetting appeal", "vetting appeals", "to decide", ROLE_DCC, 0,
	  "/vetting/applications/%lld", 0, 28, 0, NULL,
	  COLS "0, 0, COALESCE(v.person_id, 0), 0, a.id, a.application_id, '', a.received FROM vetting_appeals a "
	  "JOIN vetting_applications v ON v.id = a.application_id WHERE a.outcome = ''", "" },
	{ "uof_sample", "Use of force dip sample to assess", "use of force dip sample",
	  "use of force dip samples", "with records to assess", ROLE_SCRUTINY, 0, "/useofforce/samples/%lld", 0, 0,
	  0, NULL,
	  COLS "0, 0, 0, 0, s.id, s.id, '', substr(s.drawn_at, 1, 10) FROM uof_samples s WHERE EXISTS "
	  "(SELECT 1 FROM uof_sample_items i WHERE i.sample_id = s.id AND i.verdict IS NULL)", "" },
	{ "review_further", "Panel review: the further review due", "panel review's further review",
	  "panel reviews' further reviews", "due", ROLE_SCRUTINY, 0, "/reviews/%lld", 30, 0, 0, NULL,
	  COLS "0, 0, 0, 0, r.id, r.id, r.further_review, '' FROM reviews r WHERE r.further_review <> '' "
	  "AND r.further_done_on = '' AND r.further_review <= ?", "h" },
	{ "rprp_review", "Reflective practice review due", "reflective practice review",
	  "reflective practice reviews", "due", ROLE_PSD, 0, "/complaints", 30, 0, 0, NULL,
	  COLS "0, 0, COALESCE(a.subject_id, 0), 0, a.id, a.case_id, p.review_date, '' FROM complaint_rprp p "
	  "JOIN complaint_allegations a ON a.id = p.allegation_id "
	  "WHERE p.reviewed_on = '' AND p.review_date <> '' AND p.review_date <= ?", "h" },
};
const int notify_nkinds = (int)(sizeof notify_kinds / sizeof notify_kinds[0]);

const struct notify_kind *notify_kind_find(const char *key)
{
	for (int i = 0; i < notify_nkinds; i++)
		if (key && !strcmp(notify_kinds[i].key, key))
			return &notify_kinds[i];
	return NULL;
}

void notify_window_get(struct store *st, const struct notify_kind *k, struct notify_window *w)
{
	char key[96];
	snprintf(key, sizeof key, "notify.%s.before_days", k->key);
	w->before_days = (int)config_int(st, key, k->before_days);
	snprintf(key, sizeof key, "notify.%s.due_days", k->key);
	w->due_days = (int)config_int(st, key, k->due_days);
	snprintf(key, sizeof key, "notify.%s.escalate_days", k->key);
	w->escalate_days = (int)config_int(st, key, k->escalate_days);
	if (w->before_days < 0 || w->before_days > 3650)
		w->before_days = k->before_days;
	if (w->due_days < 0 || w->due_days > 3650)
		w->due_days = k->due_days;
	if (w->escalate_days < 0 || w->escalate_days > 3650)
		w->escalate_days = k->escalate_days;
}

static int days_field(struct errlist *errs, const char *field, const char *label, const char *v, int *out)
{
	char *end;
	long n = v && *v ? strtol(v, &end, 10) : -1;
	if (!v || !*v || *end || n < 0 || n > 3650) {
		errlist_add(errs, field, "%s must be a whole number of days from 0 to 3650", label);
		return -1;
	}
	*out = (int)n;
	return 0;
}

int notify_window_set(struct store *st, const struct actor *who, const char *key, const char *before,
                      const char *escalate, struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, ROLE_ADMIN, "update", "notify_window", 0,
	                 "Only an administrator can change reminder windows", e))
		return -1;
	const struct notify_kind *k = notify_kind_find(key);
	if (!k)
		return err_set(e, ERR_NOTFOUND, "There is no reminder of that kind");
	int b = 0, x = 0;
	days_field(errs, "before_days", "Days before the due date", before, &b);
	days_field(errs, "escalate_days", "Days overdue before escalation", escalate, &x);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the reminder window");
	char kb[96], kx[96], vb[16], vx[16];
	snprintf(kb, sizeof kb, "notify.%s.before_days", k->key);
	snprintf(kx, sizeof kx, "notify.%s.escalate_days", k->key);
	snprintf(vb, sizeof vb, "%d", b);
	snprintf(vx, sizeof vx, "%d", x);
	const char *kv[] = { kb, vb, kx, vx, NULL };
	return config_set_all(st, who, kv, e);
}

/* ---- the runner ---- */

struct nrow {
	int64_t to_person, to_account, subject, not_account, record_id, link_id;
	char due[11], since[11];
};

/* Where a run delivers: to one reader, or to every account of the force. */
struct nrun {
	struct store *st;
	char today[11];
	long today_n;
	/* one reader */
	const struct actor *who;
	int64_t *reports;        /* who's direct reports: person ids ... */
	int64_t *report_accts;   /* ... and their accounts (0: none) */
	size_t nreports;
	struct notice *items;
	size_t nitems, capitems;
	/* the whole force */
	struct notify_batch *b;
	size_t *holders;         /* the recipients holding the running kind's roles */
	size_t nholders;
};

/* One recipient: a person (with their account, if any: id 0 when none) or an
 * account with no person. */
struct acct {
	int64_t id, person, manager;   /* manager: the person's line manager (person id) */
	unsigned roles;
	char *email;
	long total, overdue;
	long *own, *own_late, *team;   /* notify_nkinds each, allocated with the first notice */
	char newest[11];
};

struct notify_batch {
	struct acct *a;
	size_t n;
	long notices, with;
	/* lookups: sorted (key, index) pairs */
	int64_t (*by_person)[2];
	size_t nby_person;
	int64_t (*by_id)[2];
	size_t nby_id;
};

static int pair_cmp(const void *x, const void *y)
{
	const int64_t *a = x, *b = y;
	return a[0] < b[0] ? -1 : a[0] > b[0];
}

static long pair_find(int64_t (*v)[2], size_t n, int64_t key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid][0] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo][0] == key ? (long)v[lo][1] : -1;
}

static void acct_add(struct acct *a, int kind, int team, const char *since, long overdue)
{
	if (!a->own) {
		a->own = xcalloc((size_t)notify_nkinds * 3, sizeof(long));
		a->own_late = a->own + notify_nkinds;
		a->team = a->own + 2 * notify_nkinds;
	}
	if (team)
		a->team[kind]++;
	else {
		a->own[kind]++;
		if (overdue > 0)
			a->own_late[kind]++;
	}
	a->total++;
	if (overdue > 0)
		a->overdue++;
	if (strcmp(since, a->newest) > 0)
		snprintf(a->newest, sizeof a->newest, "%s", since);
}

static void reader_add(struct nrun *r, const struct notify_kind *k, int team, const struct nrow *row, long overdue)
{
	if (r->nitems == r->capitems) {
		r->capitems = r->capitems ? r->capitems * 2 : 64;
		r->items = xrealloc(r->items, r->capitems * sizeof *r->items);
	}
	struct notice *n = &r->items[r->nitems++];
	memset(n, 0, sizeof *n);
	n->kind = k;
	n->team = team;
	n->record_id = row->record_id;
	if (team)
		snprintf(n->href, sizeof n->href, "%s", k->team_href ? k->team_href : "/");
	else if (*k->href && (!k->link_roles || actor_has(r->who, k->link_roles)))
		snprintf(n->href, sizeof n->href, k->href, (long long)row->link_id);
	snprintf(n->due, sizeof n->due, "%s", row->due);
	snprintf(n->since, sizeof n->since, "%s", row->since);
	n->overdue = overdue;
}

/* Deliver one row of kind k to whoever it reaches in this run. */
static void deliver(struct nrun *r, int kind, const struct notify_window *w, const struct nrow *row, long overdue)
{
	const struct notify_kind *k = &notify_kinds[kind];
	int escalate = w->escalate_days > 0 && overdue >= w->escalate_days;
	if (r->who) {
		const struct actor *a = r->who;
		if (row->subject && row->subject == a->person_id)
			return;   /* never told of one's own record, however addressed */
		if (row->to_person || row->to_account) {
			if ((row->to_person && row->to_person == a->person_id) ||
			    (row->to_account && row->to_account == a->account_id))
				reader_add(r, k, 0, row, overdue);
			else if (escalate)
				for (size_t i = 0; i < r->nreports; i++)
					if ((row->to_person && row->to_person == r->reports[i]) ||
					    (row->to_account && row->to_account == r->report_accts[i])) {
						reader_add(r, k, 1, row, overdue);
						break;
					}
		} else if (k->roles && actor_has(a, k->roles) && !(row->subject && row->subject == a->person_id) &&
		           !(row->not_account && row->not_account == a->account_id))
			reader_add(r, k, 0, row, overdue);
		return;
	}
	struct notify_batch *b = r->b;
	if (row->to_person || row->to_account) {
		long i = row->to_account ? pair_find(b->by_id, b->nby_id, row->to_account)
		                         : pair_find(b->by_person, b->nby_person, row->to_person);
		if (i < 0 || (row->subject && row->subject == b->a[i].person))
			return;   /* never told of one's own record, however addressed */
		acct_add(&b->a[i], kind, 0, row->since, overdue);
		if (escalate && b->a[i].manager) {
			long m = pair_find(b->by_person, b->nby_person, b->a[i].manager);
			if (m >= 0)
				acct_add(&b->a[m], kind, 1, row->since, overdue);
		}
		return;
	}
	for (size_t j = 0; j < r->nholders; j++) {
		struct acct *x = &b->a[r->holders[j]];
		if (!(row->subject && row->subject == x->person) && !(row->not_account && row->not_account == x->id))
			acct_add(x, kind, 0, row->since, overdue);
	}
}

/* Window one row of kind k and deliver it if it is in its window. */
static void take_row(struct nrun *r, int kind, const struct notify_window *w, struct nrow *row)
{
	long due = row->due[0] ? date_days(row->due) : -1;
	long since = row->since[0] ? date_days(row->since) : -1;
	int windowed = due >= 0 || w->before_days > 0;
	if (due < 0 && since >= 0 && w->due_days > 0) {
		/* due on day due_days, the day it arose being day 1; shown at
		 * once unless the kind has a window (the 56-day clock) */
		due = since + w->due_days - 1;
		date_format(due, row->due);
	}
	if (windowed && due >= 0 && due - w->before_days > r->today_n)
		return;   /* not yet in its window */
	if (since < 0 && due >= 0) {
		date_format(due - w->before_days, row->since);
		since = due - w->before_days;
	}
	long overdue = due >= 0 && r->today_n > due ? r->today_n - due : 0;
	deliver(r, kind, w, row, overdue);
}

/* A computed source's rows (struct notify_kind.source). */
struct src_ctx {
	struct nrun *r;
	int kind;
	const struct notify_window *w;
};
static int src_row(void *ctx, int64_t to_person, int64_t record_id, const char *due)
{
	struct src_ctx *c = ctx;
	struct nrow row = { .to_person = to_person, .record_id = record_id, .link_id = record_id };
	snprintf(row.due, sizeof row.due, "%s", due);
	take_row(c->r, c->kind, c->w, &row);
	return 0;
}

static int run_kind(struct nrun *r, int kind, struct err *e)
{
	const struct notify_kind *k = &notify_kinds[kind];
	struct notify_window w;
	notify_window_get(r->st, k, &w);
	if (k->source) {
		struct src_ctx c = { r, kind, &w };
		if (!r->who)
			return k->source(r->st, r->today, 0, 0, src_row, &c, e);
		/* one reader: their own rows, and their reports' for escalation */
		if (!r->who->person_id)
			return 0;
		return k->source(r->st, r->today, r->who->person_id, 0, src_row, &c, e) ||
		       (r->nreports && k->source(r->st, r->today, 0, r->who->person_id, src_row, &c, e)) ? -1 : 0;
	}
	char horizon[11];
	date_format(r->today_n + w.before_days, horizon);
	struct stmt *s;
	/* k->sql lives in the static table, so the statement cache's key (its
	 * address) is stable */
	int rq;
	if (r->who && k->reader_sql) /* the reader's and their reports' rows only: through an index */
		rq = k->bind[0] ? store_query(r->st, &s, e, k->reader_sql, "ti", k->bind[0] == 'h' ? horizon : r->today,
		                              r->who->person_id)
		                : store_query(r->st, &s, e, k->reader_sql, "i", r->who->person_id);
	else
		rq = k->bind[0] ? store_query(r->st, &s, e, k->sql, "t", k->bind[0] == 'h' ? horizon : r->today)
		                : store_query(r->st, &s, e, k->sql, "");
	if (rq)
		return -1;
	int rc;
	struct nrow row;
	while ((rc = stmt_next(s, e)) == 1) {
		row.to_person = stmt_int(s, 0);
		row.to_account = stmt_int(s, 1);
		row.subject = stmt_int(s, 2);
		row.not_account = stmt_int(s, 3);
		row.record_id = stmt_int(s, 4);
		row.link_id = stmt_int(s, 5);
		snprintf(row.due, sizeof row.due, "%s", stmt_text(s, 6));
		snprintf(row.since, sizeof row.since, "%s", stmt_text(s, 7));
		take_row(r, kind, &w, &row);
	}
	stmt_done(s);
	return rc < 0 ? -1 : 0;
}

/* Whether a reader could receive anything of kind k (saves running the
 * statement for role kinds the reader does not hold). */
static int reader_may(const struct actor *a, const struct notify_kind *k)
{
	return (k->roles && actor_has(a, k->roles)) || !k->sql || strncmp(k->sql, "SELECT 0, 0,", 12) != 0;
}

static int notice_cmp(const void *x, const void *y)
{
	const struct notice *a = x, *b = y;
	int c = strcmp(b->since, a->since);
	if (c)
		return c;
	return a->record_id < b->record_id ? 1 : a->record_id > b->record_id ? -1 : 0;
}

static int reader_run(struct store *st, const struct actor *who, struct nrun *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	r->st = st;
	r->who = who;
	date_today(r->today);
	r->today_n = date_days(r->today);
	if (who->person_id) {
		struct stmt *s;
		if (store_query(st, &s, e,
		                "SELECT p.id, COALESCE(a.id, 0) FROM people p LEFT JOIN accounts a ON a.person_id = p.id "
		                "WHERE p.manager_id = ? AND p.id <> ? AND (p.leave_date = '' OR p.leave_date > ?)",
		                "iit", who->person_id, who->person_id, r->today))
			return -1;
		size_t cap = 0;
		int rc;
		while ((rc = stmt_next(s, e)) == 1) {
			if (r->nreports == cap) {
				cap = cap ? cap * 2 : 16;
				r->reports = xrealloc(r->reports, cap * sizeof *r->reports);
				r->report_accts = xrealloc(r->report_accts, cap * sizeof *r->report_accts);
			}
			r->reports[r->nreports] = stmt_int(s, 0);
			r->report_accts[r->nreports++] = stmt_int(s, 1);
		}
		stmt_done(s);
		if (rc < 0)
			return -1;
	}
	for (int k = 0; k < notify_nkinds; k++)
		if (reader_may(who, &notify_kinds[k]) && run_kind(r, k, e))
			return -1;
	return 0;
}

static void reader_release(struct nrun *r)
{
	free(r->items);
	free(r->reports);
	free(r->report_accts);
}

int notify_list(struct store *st, const struct actor *who, int limit, notice_fn fn, void *ctx, long *total,
                long *overdue, struct err *e)
{
	*total = *overdue = 0;
	struct nrun r;
	int rc = -1;
	if (!who || !who->account_id)
		return err_set(e, ERR_DENIED, "Sign in to see what needs you");
	if (alog_list(st, who, "notifications", "mine", e, "limit=%d", limit))
		return -1;
	if (reader_run(st, who, &r, e))
		goto out;
	if (r.nitems)
		qsort(r.items, r.nitems, sizeof *r.items, notice_cmp);
	*total = (long)r.nitems;
	for (size_t i = 0; i < r.nitems; i++)
		if (r.items[i].overdue > 0)
			(*overdue)++;
	for (size_t i = 0; i < r.nitems && (limit <= 0 || (int)i < limit); i++)
		if (fn && fn(ctx, &r.items[i]))
			break;
	rc = 0;
out:
	reader_release(&r);
	return rc;
}

/* The counts kept per connection (store_memo): one reader's counts per
 * kind, stamped with the write generation and the day they were computed
 * for; a slot is reused when either has moved on. Direct-mapped by account. */
#define MEMO_SLOTS 256
struct memo_slot {
	int64_t account, person, gen;
	unsigned roles;
	char today[11];
	long *counts;   /* notify_nkinds */
};
struct memo {
	struct memo_slot slot[MEMO_SLOTS];
};

static void memo_free(void *p)
{
	struct memo *m = p;
	if (!m)
		return;
	for (int i = 0; i < MEMO_SLOTS; i++)
		free(m->slot[i].counts);
	free(m);
}

/* Both counts per kind into counts[0 .. 2 * notify_nkinds): first all of
 * who's notices (escalations about one's team included), then who's own
 * (without them). Kept per connection (struct memo). */
static int count_both(struct store *st, const struct actor *who, long *counts, struct err *e)
{
	size_t nb = 2 * (size_t)notify_nkinds * sizeof *counts;
	memset(counts, 0, nb);
	if (!who || !who->account_id)
		return 0;
	char today[11];
	date_today(today);
	int64_t gen = store_generation(st);
	void **slotp = store_memo(st, notify_kinds, memo_free);
	if (slotp && !*slotp)
		*slotp = xcalloc(1, sizeof(struct memo));
	struct memo_slot *m = slotp ? &((struct memo *)*slotp)->slot[(uint64_t)who->account_id % MEMO_SLOTS] : NULL;
	if (m && gen >= 0 && m->counts && m->gen == gen && m->account == who->account_id && m->person == who->person_id &&
	    m->roles == who->roles && !strcmp(m->today, today)) {
		memcpy(counts, m->counts, nb);
		return 0;
	}
	struct nrun r;
	int rc = reader_run(st, who, &r, e);
	for (size_t i = 0; i < r.nitems; i++) {
		counts[r.items[i].kind - notify_kinds]++;
		if (!r.items[i].team)
			counts[notify_nkinds + (r.items[i].kind - notify_kinds)]++;
	}
	reader_release(&r);
	if (rc)
		return -1;
	if (m && gen >= 0) {   /* read before the count: a write since makes it stale at once */
		if (!m->counts)
			m->counts = xmalloc(nb);
		memcpy(m->counts, counts, nb);
		m->gen = gen;
		m->account = who->account_id;
		m->person = who->person_id;
		m->roles = who->roles;
		snprintf(m->today, sizeof m->today, "%s", today);
	}
	return 0;
}

int notify_count_kinds(struct store *st, const struct actor *who, long *counts, struct err *e)
{
	long *both = xcalloc(2 * (size_t)notify_nkinds, sizeof *both);
	int rc = count_both(st, who, both, e);
	memcpy(counts, both, (size_t)notify_nkinds * sizeof *counts);
	free(both);
	return rc;
}

int notify_counts(struct store *st, const struct actor *who, long *per_kind, long *total, struct err *e)
{
	long *both = xcalloc(2 * (size_t)notify_nkinds, sizeof *both);
	int rc = count_both(st, who, both, e);
	*total = 0;
	for (int k = 0; k < notify_nkinds; k++)
		*total += both[k];
	if (per_kind)
		memcpy(per_kind, both + notify_nkinds, (size_t)notify_nkinds * sizeof *per_kind);
	free(both);
	return rc;
}

int notify_count(struct store *st, const struct actor *who, long *n, struct err *e)
{
	return notify_counts(st, who, NULL, n, e);
}

/* ---- the whole force ---- */

void notify_batch_free(struct notify_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		free(b->a[i].email);
		free(b->a[i].own);
	}
	free(b->a);
	free(b->by_person);
	free(b->by_id);
	free(b);
}

int notify_compute(struct store *st, const char *today, struct notify_batch **out, struct err *e)
{
	*out = NULL;
	struct notify_batch *b = xcalloc(1, sizeof *b);
	struct nrun r;
	memset(&r, 0, sizeof r);
	r.st = st;
	r.b = b;
	snprintf(r.today, sizeof r.today, "%s", today);
	r.today_n = date_days(today);
	if (r.today_n < 0) {
		notify_batch_free(b);
		return err_set(e, ERR_INPUT, "Not a date: %s", today);
	}
	struct stmt *s;
	size_t cap = 0;
	int rc;
	/* every current member of the force (with an account or not: the HR
	 * feed's address reaches them), then accounts with no person */
	if (store_query(st, &s, e,
	                "SELECT COALESCE(a.id, 0), p.id, COALESCE(p.manager_id, 0), p.email FROM people p "
	                "LEFT JOIN accounts a ON a.person_id = p.id WHERE (p.leave_date = '' OR p.leave_date > ?) "
	                "AND COALESCE(a.disabled, 0) = 0 "
	                "UNION ALL SELECT a.id, 0, 0, '' FROM accounts a WHERE a.person_id IS NULL AND a.disabled = 0",
	                "t", today))
		goto fail;
	while ((rc = stmt_next(s, e)) == 1) {
		b->a = xgrow(b->a, b->n, &cap, 1024, sizeof *b->a);
		struct acct *x = &b->a[b->n++];
		memset(x, 0, sizeof *x);
		x->id = stmt_int(s, 0);
		x->person = stmt_int(s, 1);
		x->manager = stmt_int(s, 2);
		x->email = xstrdup(stmt_text(s, 3));
	}
	stmt_done(s);
	if (rc < 0)
		goto fail;
	b->by_id = xmalloc((b->n + 1) * sizeof *b->by_id);
	b->by_person = xmalloc((b->n + 1) * sizeof *b->by_person);
	for (size_t i = 0; i < b->n; i++) {
		if (b->a[i].id) {
			b->by_id[b->nby_id][0] = b->a[i].id;
			b->by_id[b->nby_id++][1] = (int64_t)i;
		}
		if (b->a[i].person) {
			b->by_person[b->nby_person][0] = b->a[i].person;
			b->by_person[b->nby_person++][1] = (int64_t)i;
		}
	}
	qsort(b->by_id, b->nby_id, sizeof *b->by_id, pair_cmp);
	qsort(b->by_person, b->nby_person, sizeof *b->by_person, pair_cmp);
	if (store_query(st, &s, e, "SELECT account_id, role FROM account_roles", ""))
		goto fail;
	while ((rc = stmt_next(s, e)) == 1) {
		long i = pair_find(b->by_id, b->nby_id, stmt_int(s, 0));
		if (i >= 0)
			b->a[i].roles |= role_parse(stmt_text(s, 1));
	}
	stmt_done(s);
	if (rc < 0)
		goto fail;
	r.holders = xmalloc((b->n + 1) * sizeof *r.holders);
	for (int k = 0; k < notify_nkinds; k++) {
		r.nholders = 0;
		for (size_t i = 0; i < b->n; i++)
			if (b->a[i].roles & notify_kinds[k].roles)
				r.holders[r.nholders++] = i;
		if (run_kind(&r, k, e)) {
			free(r.holders);
			goto fail;
		}
	}
	free(r.holders);
	for (size_t i = 0; i < b->n; i++)
		if (b->a[i].total) {
			b->with++;
			b->notices += b->a[i].total;
		}
	*out = b;
	return 0;
fail:
	notify_batch_free(b);
	return -1;
}

long notify_batch_accounts(const struct notify_batch *b) { return b ? b->with : 0; }
long notify_batch_notices(const struct notify_batch *b) { return b ? b->notices : 0; }
long notify_batch_size(const struct notify_batch *b) { return b ? (long)b->n : 0; }

int notify_batch_get(const struct notify_batch *b, long i, struct notify_summary *out)
{
	memset(out, 0, sizeof *out);
	if (!b || i < 0 || (size_t)i >= b->n)
		return -1;
	const struct acct *x = &b->a[i];
	out->account_id = x->id;
	out->person_id = x->person;
	out->email = x->email;
	out->total = x->total;
	out->overdue = x->overdue;
	out->own = x->own;
	out->own_late = x->own_late;
	out->team = x->team;
	snprintf(out->newest, sizeof out->newest, "%s", x->newest);
	return 0;
}
