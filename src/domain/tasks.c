/* tasks.c — the vetting work queue. */
#include "domain/tasks.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/duty.h"
#include "domain/listing.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct status_def task_statuses[TASK_NSTATUS] = {
	[TASK_OPEN] = { "open", "Open", "yellow", NULL },
	[TASK_CLOSED] = { "closed", "Closed", "green", NULL },
};

int task_status(const struct vetting_task *t) { return status_table_index(task_statuses, TASK_NSTATUS, t->status); }

int task_raise(struct store *st, const struct actor *who, int64_t person_id, const char *kind, const char *source,
               int64_t source_id, const char *detail, int64_t *id, struct err *e)
{
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO vetting_tasks(person_id, kind, source, source_id, detail, created_at) "
	               "VALUES(?, ?, ?, ?, ?, ?)",
	               "ittitt", person_id, kind, source ? source : "", source_id, detail ? detail : "", now))
		goto fail;
	int64_t tid = store_last_id(st);
	if (alog_writei(st, who, "create", "vetting_task", tid, "ok", kind, e))
		goto fail;
	if (store_commit(st, e))
		return -1;
	if (id)
		*id = tid;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int task_may_close(struct store *st, const struct actor *who, const struct vetting_task *t)
{
	return actor_has(who, ROLE_VETTING | ROLE_ADMIN) && !strcmp(t->status, "open") &&
	       !duty_conflict1(st, who, "vetting", t->person_id, DUTY_SUBJECT);
}

int task_close(struct store *st, const struct actor *who, int64_t id, const char *outcome, struct errlist *errs,
               struct err *e)
{
	int64_t person = 0;
	if (store_int(st, e, &person, "SELECT person_id FROM vetting_tasks WHERE id = ?", "i", id) < 0)
		return -1;
	if (person && duty_check1(st, who, "update", "close", "vetting_task", id, "vetting", person, DUTY_SUBJECT, e))
		return -1;
	if (!actor_has(who, ROLE_VETTING | ROLE_ADMIN)) {
		alog_writei(st, who, "update", "vetting_task", id, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only the vetting unit can close vetting tasks");
	}
	if (!outcome || !*outcome)
		errlist_add(errs, "outcome", "Enter the outcome");
	else if (strlen(outcome) > 1000)
		errlist_add(errs, "outcome", "Outcome must be 1000 characters or fewer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the outcome");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE vetting_tasks SET status = 'closed', outcome = ?, closed_by = ?, closed_at = ? "
	               "WHERE id = ? AND status = 'open'",
	               "titi", outcome, who->account_id, now, id))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		return err_set(e, ERR_CONFLICT, "This task is already closed or does not exist");
	}
	if (alog_writei(st, who, "update", "vetting_task", id, "ok", "closed", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int tasks_list(struct store *st, const struct actor *who, const char *status, int page, int per_page, task_fn fn,
               void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (!actor_has(who, ROLE_VETTING | ROLE_ADMIN)) {
		alog_write(st, who, "view", "vetting_tasks", "all", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only the vetting unit can see the vetting work queue");
	}
	if (alog_list(st, who, "vetting_task", "queue", e, "status=%s page=%d", status ? status : "", page))
		return -1;
	int64_t limit = list_limit(per_page), offset = list_offset(per_page, page); /* per_page -1: all */
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT t.id, t.person_id, p.staff_number, p.forenames || ' ' || p.surname, t.kind, t.source, "
	                "t.source_id, t.detail, t.status, t.outcome, t.created_at, t.closed_at, COUNT(*) OVER () "
	                "FROM vetting_tasks t JOIN people p ON p.id = t.person_id "
	                "WHERE (? = '' OR t.status = ?) ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?",
	                "ttii", status ? status : "", status ? status : "", limit, offset))
		return -1;
	struct vetting_task *t = xmalloc(sizeof *t);
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(t, 0, sizeof *t);
		t->id = stmt_int(s, 0);
		t->person_id = stmt_int(s, 1);
		snprintf(t->staff_number, sizeof t->staff_number, "%s", stmt_text(s, 2));
		snprintf(t->person_name, sizeof t->person_name, "%s", stmt_text(s, 3));
		snprintf(t->kind, sizeof t->kind, "%s", stmt_text(s, 4));
		snprintf(t->source, sizeof t->source, "%s", stmt_text(s, 5));
		t->source_id = stmt_int(s, 6);
		snprintf(t->detail, sizeof t->detail, "%s", stmt_text(s, 7));
		snprintf(t->status, sizeof t->status, "%s", stmt_text(s, 8));
		snprintf(t->outcome, sizeof t->outcome, "%s", stmt_text(s, 9));
		snprintf(t->created_at, sizeof t->created_at, "%s", stmt_text(s, 10));
		snprintf(t->closed_at, sizeof t->closed_at, "%s", stmt_text(s, 11));
		*total = (long)stmt_int(s, 12);
		stop = fn(ctx, t);
	}
	free(t);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}
