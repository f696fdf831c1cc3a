/* status.c — see status.h. */
#include "domain/status.h"
#include <string.h>

int status_table_index(const struct status_def *t, size_t n, const char *value)
{
	for (size_t i = 0; value && i < n; i++)
		if (!strcmp(t[i].value, value))
			return (int)i;
	return -1;
}

const char *status_table_label(const struct status_def *t, size_t n, const char *value)
{
	int i = status_table_index(t, n, value);
	return i >= 0 ? t[i].label : value;
}

const char *status_table_colour(const struct status_def *t, size_t n, const char *value)
{
	int i = status_table_index(t, n, value);
	return i >= 0 ? t[i].colour : "grey";
}

int label_index(const struct label_def *t, size_t n, const char *value)
{
	for (size_t i = 0; value && i < n; i++)
		if (!strcmp(t[i].value, value))
			return (int)i;
	return -1;
}

const char *label_of(const struct label_def *t, size_t n, const char *value, const char *dflt)
{
	int i = label_index(t, n, value);
	return i >= 0 ? t[i].label : dflt;
}
