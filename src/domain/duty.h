/* duty.h — separation of duties: the one rule every decision path calls.
 *
 * THE RULE. Nobody decides, reviews, closes, countersigns, signs off or
 * assesses a record in which they are the subject, the declarant, the
 * applicant, or the proposer of the step being confirmed (proposer ≠
 * signer); nor, where the rule is configured for that kind of decision,
 * a record about someone they line-manage.
 *
 * Who the record is about is given as parties: a person (and/or account)
 * and the capacity in which they appear. A party matches the actor when
 * the person ids are equal (both non-zero) or the account ids are equal
 * (both non-zero), so accounts without a person (panel members) are
 * covered by account, staff by person.
 *
 * THE CONFIGURABLE PART: line management. A decision names its kind
 * ("psd", "acu", "vetting", ...). The config key duty.line_manager.<kind>
 * says whether a line manager of a subject/declarant/applicant party is
 * conflicted for that kind: 0 no, 1 the direct line manager, 2 anyone in
 * the line-management chain above the person. Migration 013 sets psd, acu
 * and vetting to 1; an unset key means 0. A decision whose kind is NULL is
 * never checked for line management: that is how the line manager's own
 * step (a gift or interest awaiting the line manager) stays the normal
 * flow — being the declarant's manager is why they act there. Proposer
 * parties are never widened to their managers.
 *
 * Who calls it, with which parties and kind:
 *   gifts          line manager's step: declarant, NULL; PSD step: declarant, "psd"
 *   interests      recommend: applicant, NULL; decide, review: "psd";
 *                  appeal decision: "dcc" (the holder's own appeal is theirs)
 *   associations   assessment (the page, or a row of an import that sets or
 *                  changes one): declarant, "psd"
 *   procurement    flag review: the gift's or interest's declarant, "psd"
 *   tasks          close (raised by a circumstance or the AIR): subject, "vetting"
 *   vetting        application create, stages, decision, equality data,
 *                  appeal lodged: applicant, "vetting"; appeal decision: "dcc";
 *                  clearances, leavers: subject, "vetting"
 *   audit alerts   decide: the user whose look-up it is and the staff member
 *                  looked up, "acu"; mute: the user, "acu"
 *   inspections    sign-off: the proposer (by account) and the owner, NULL
 *   air            sign-off: the person, NULL (their manager's step)
 *   stop-search    dip-sample assessment: the searching officer, NULL
 *   intelligence   closure review: the owner, the creator (by account) and
 *                  each subject (by person), "acu"
 *   risk           tasking decision, intervention recorded and closed: the
 *                  person it is about, "acu"
 * The capabilities still to come (intelligence, complaints, ethics, risk)
 * call the same function with their own parties and kind. */
#ifndef PROBITY_DUTY_H
#define PROBITY_DUTY_H

#include "core/err.h"
#include "domain/actor.h"
#include <stdint.h>

struct store;

enum duty_capacity {
	DUTY_SUBJECT = 1,   /* the record is about them (a look-up they made, a clearance they hold) */
	DUTY_DECLARANT,     /* they declared it (gift, interest, association, circumstance) */
	DUTY_APPLICANT,     /* they applied (vetting) */
	DUTY_PROPOSER,      /* they proposed the step now being confirmed */
	DUTY_OWNER,         /* they own the record whose closure is being reviewed */
	DUTY_CREATOR,       /* they created the record */
};

struct duty_party {
	int64_t person_id;          /* 0: none */
	int64_t account_id;         /* 0: none */
	enum duty_capacity as;
};

struct duty_act {
	const char *action;         /* the access log's action: "decide", "close", "sign_off", "assess", "mute"... */
	const char *verb;           /* for the message: "decide", "close", "sign off"... */
	const char *object_type;    /* the access log's object type: "gift", "vetting_task"... */
	int64_t object_id;
	const char *object_ref;     /* if set, logged as the object id instead of object_id ("12/gift/7") */
	const char *kind;           /* line-management rule key (duty.line_manager.<kind>); NULL: not checked */
	const struct duty_party *parties;
	int nparties;
};

/* The rule without side effects: 0 when who may act; otherwise the
 * capacity of the conflict (a duty_capacity), or DUTY_LINE_MANAGER when
 * who line-manages a party under a configured kind. For pages deciding
 * whether to offer a form, through each module's own *_may_* predicate. */
#define DUTY_LINE_MANAGER 100
int duty_conflict(struct store *st, const struct actor *who, const struct duty_act *a);

/* The rule for a decision path: 0 when who may act; otherwise writes the
 * refusal to the access log (a->action, a->object_type, a->object_id,
 * outcome "refused", detail "separation of duties: <capacity>") and
 * returns ERR_DENIED with a message naming the conflict. */
int duty_check(struct store *st, const struct actor *who, const struct duty_act *a, struct err *e);

/* One-party shorthands for the common case. */
int duty_check1(struct store *st, const struct actor *who, const char *action, const char *verb,
                const char *object_type, int64_t object_id, const char *kind, int64_t person_id,
                enum duty_capacity as, struct err *e);
int duty_conflict1(struct store *st, const struct actor *who, const char *kind, int64_t person_id,
                   enum duty_capacity as);

#endif
