/* tasks.h — the vetting work queue (table vetting_tasks, migration 004).
 * The Annual Integrity Review and declared changes of circumstances raise
 * tasks; the vetting role works them and closes each with an outcome. */
#ifndef PROBITY_TASKS_H
#define PROBITY_TASKS_H

#include "core/err.h"
#include "domain/actor.h"
#include "domain/status.h"
#include <stdint.h>

struct store;

struct vetting_task {
	int64_t id;
	int64_t person_id;
	char staff_number[32];
	char person_name[200];
	char kind[40];
	char source[40];
	int64_t source_id;
	char detail[1001];
	char status[8];
	char outcome[1001];
	char created_at[21];
	char closed_at[21];
};

/* A task's statuses (domain/status.h), in task_statuses[] by this enum. */
enum task_status { TASK_OPEN, TASK_CLOSED, TASK_NSTATUS };
extern const struct status_def task_statuses[TASK_NSTATUS];
/* t's status as the enum (-1 when unknown). */
int task_status(const struct vetting_task *t);

/* Raise a task (joins the caller's transaction; logged). kind is one of the
 * values allowed by the table (e.g. "change_of_circumstances"). */
int task_raise(struct store *st, const struct actor *who, int64_t person_id, const char *kind, const char *source,
               int64_t source_id, const char *detail, int64_t *id, struct err *e);
/* Whether who may close t now: vetting or admin, open, and not a task
 * about who (raised by their own declaration or circumstance) or, under
 * duty.line_manager.vetting, about someone they manage (duty.h). */
int task_may_close(struct store *st, const struct actor *who, const struct vetting_task *t);
/* Close an open task with an outcome (vetting or admin only; separation of
 * duties as task_may_close, refusals logged). */
int task_close(struct store *st, const struct actor *who, int64_t id, const char *outcome, struct errlist *errs,
               struct err *e);

typedef int (*task_fn)(void *ctx, const struct vetting_task *t);
/* List tasks (vetting or admin only): status "" any, "open", "closed";
 * newest first; page from 1 with per_page rows (50 for 0, at most 500; -1
 * every row); *total all matching. */
int tasks_list(struct store *st, const struct actor *who, const char *status, int page, int per_page, task_fn fn,
               void *ctx, long *total, struct err *e);

#endif
