/* duty.c — separation of duties (see duty.h for the rule).
 * Cheap: a handful of parties, a config lookup and at most a short walk up
 * the line-management chain (bounded: people import refuses cycles, and the
 * walk stops after 64 steps regardless). */
#include "domain/duty.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "store/store.h"
#include <stdio.h>

static const char *capacity_name(int c)
{
	switch (c) {
	case DUTY_SUBJECT: return "subject";
	case DUTY_DECLARANT: return "declarant";
	case DUTY_APPLICANT: return "applicant";
	case DUTY_PROPOSER: return "proposer";
	case DUTY_OWNER: return "owner";
	case DUTY_CREATOR: return "creator";
	case DUTY_LINE_MANAGER: return "line manager";
	}
	return "party";
}

/* Whether manager is above person in the line-management chain: depth 1
 * the direct manager only, 2 anyone above. */
static int manages(struct store *st, int64_t manager, int64_t person, int depth)
{
	int64_t cur = person;
	for (int i = 0; i < 64 && cur; i++) {
		int64_t m = 0;
		if (store_int(st, NULL, &m, "SELECT COALESCE(manager_id, 0) FROM people WHERE id = ?", "i", cur) != 1)
			return 0;
		if (m && m == manager)
			return 1;
		if (depth < 2)
			return 0;
		cur = m;
	}
	return 0;
}

int duty_conflict(struct store *st, const struct actor *who, const struct duty_act *a)
{
	for (int i = 0; i < a->nparties; i++) {
		const struct duty_party *p = &a->parties[i];
		if ((who->person_id && p->person_id == who->person_id) ||
		    (who->account_id && p->account_id == who->account_id))
			return p->as;
	}
	if (!a->kind || !who->person_id)
		return 0;
	char key[96];
	snprintf(key, sizeof key, "duty.line_manager.%s", a->kind);
	int64_t depth = config_int(st, key, 0);
	if (depth <= 0)
		return 0;
	for (int i = 0; i < a->nparties; i++) {
		const struct duty_party *p = &a->parties[i];
		if (p->as != DUTY_PROPOSER && p->person_id && manages(st, who->person_id, p->person_id, (int)depth))
			return DUTY_LINE_MANAGER;
	}
	return 0;
}

int duty_check(struct store *st, const struct actor *who, const struct duty_act *a, struct err *e)
{
	int c = duty_conflict(st, who, a);
	if (!c)
		return 0;
	char detail[96];
	snprintf(detail, sizeof detail, "separation of duties: %s", capacity_name(c));
	if (a->object_ref)
		alog_write(st, who, a->action, a->object_type, a->object_ref, "refused", detail, NULL);
	else
		alog_writei(st, who, a->action, a->object_type, a->object_id, "refused", detail, NULL);
	if (c == DUTY_LINE_MANAGER)
		return err_set(e, ERR_DENIED,
		               "You cannot %s this: it is about someone you line-manage (separation of duties)", a->verb);
	return err_set(e, ERR_DENIED, "You cannot %s this: you are its %s (separation of duties)", a->verb,
	               capacity_name(c));
}

int duty_check1(struct store *st, const struct actor *who, const char *action, const char *verb,
                const char *object_type, int64_t object_id, const char *kind, int64_t person_id,
                enum duty_capacity as, struct err *e)
{
	struct duty_party p = { person_id, 0, as };
	struct duty_act a = { action, verb, object_type, object_id, NULL, kind, &p, 1 };
	return duty_check(st, who, &a, e);
}

int duty_conflict1(struct store *st, const struct actor *who, const char *kind, int64_t person_id,
                   enum duty_capacity as)
{
	struct duty_party p = { person_id, 0, as };
	struct duty_act a = { "", "", "", 0, NULL, kind, &p, 1 };
	return duty_conflict(st, who, &a);
}
