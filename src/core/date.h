/* date.h — calendar dates as YYYY-MM-DD text and day numbers, money in pence.
 * Dates are stored as ISO text in the database (sortable, readable); day
 * numbers (days since 1970-01-01) are for arithmetic. */
#ifndef PROBITY_DATE_H
#define PROBITY_DATE_H

#include <stdint.h>
#include <time.h>

/* Parse exactly YYYY-MM-DD with a real calendar date; 0 on success. */
int date_parse(const char *s, int *y, int *m, int *d);
int date_valid(const char *s);
/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
long days_from_civil(int y, int m, int d);
void civil_from_days(long z, int *y, int *m, int *d);
/* Write the date of day number z into out (11 bytes). */
void date_format(long z, char out[11]);
/* Day number of s, which must be valid. -1 when it is not. */
long date_days(const char *s);
/* Today's UTC date (PROBITY_TODAY=YYYY-MM-DD overrides, for tests). */
void date_today(char out[11]);
/* Current UTC time as YYYY-MM-DDTHH:MM:SSZ (21 bytes). */
void time_now_iso(char out[21]);
int64_t time_now_unix(void);

/* Parse an amount of pounds ("12", "12.5", "12.50", "£1,200.00") into pence.
 * Rejects negatives, more than two decimals, and more than max_pence. */
int money_parse(const char *s, int64_t max_pence, int64_t *pence);
/* Format pence as "£1,234.56" (out at least 32 bytes). */
void money_format(int64_t pence, char *out, size_t n);

#endif
