/* err.c — formatting of struct err. */
#include "core/err.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *e, int code, const char *fmt, ...)
{
	if (!e)
		return code;
	va_list ap;
	va_start(ap, fmt);
	e->code = code;
	e->field[0] = 0;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

int err_field(struct err *e, int code, const char *field, const char *fmt, ...)
{
	if (!e)
		return code;
	va_list ap;
	va_start(ap, fmt);
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

void errlist_add(struct errlist *l, const char *field, const char *fmt, ...)
{
	if (!l || l->n >= ERRLIST_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	snprintf(l->item[l->n].field, sizeof l->item[l->n].field, "%s", field);
	vsnprintf(l->item[l->n].msg, sizeof l->item[l->n].msg, fmt, ap);
	va_end(ap);
	l->n++;
}

const char *errlist_get(const struct errlist *l, const char *field)
{
	for (int i = 0; l && i < l->n; i++)
		if (strcmp(l->item[i].field, field) == 0)
			return l->item[i].msg;
	return NULL;
}
