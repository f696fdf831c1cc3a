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
/* Today's date in the UK (Europe/London: GMT, or BST from 01:00 UTC on the
 * last Sunday of March to 01:00 UTC on the last Sunday of October), so a
 * declaration made at 00:30 BST is dated that day. PROBITY_TODAY=YYYY-MM-DD
 * overrides it, for tests. */
void date_today(char out[11]);
/* The UK's offset from UTC in seconds (0 or 3600) at the instant t. The rule
 * is computed here rather than read from the tz database: it needs no TZ
 * environment (setenv/tzset are not thread-safe in the server) and no tzdata
 * package, and the UK rule has been stable since 1996. */
int uk_offset(int64_t t);
/* The UK calendar date of the instant t (out: 11 bytes). */
void date_uk(int64_t t, char out[11]);
/* Parse a UTC timestamp "YYYY-MM-DDTHH:MM:SS" (then "Z", "+00:00" or
 * nothing; a space instead of the T is accepted) into Unix seconds. */
int time_parse_utc(const char *s, int64_t *t);
/* How people read dates here (GOV.UK style), into out (at least 40 bytes):
 * "YYYY-MM-DD" becomes "4 December 2026"; a UTC timestamp becomes the UK
 * local "4 December 2026 at 5:12pm" ("at 2am" on the hour;
 * midnight and midday named). Anything
 * else is copied as it is; returns 0 when it was a date or time, -1 if not.
 * Exports (CSV, XLSX, JSON) keep the ISO forms. */
int date_display(const char *s, char *out, size_t n);

/* The three boxes of a GOV.UK date input, checked together. */
enum date_parts_rc {
	DATE_PARTS_OK = 0,    /* iso holds YYYY-MM-DD */
	DATE_PARTS_EMPTY,     /* all three empty */
	DATE_PARTS_MISSING,   /* some empty: bad names the empty parts */
	DATE_PARTS_YEAR4,     /* the year is not 4 digits: "Year must include 4 numbers" */
	DATE_PARTS_NOT_REAL,  /* not numbers, or not a real date (31 April, 29 February 2025) */
};
#define DATE_PART_DAY 1u
#define DATE_PART_MONTH 2u
#define DATE_PART_YEAR 4u
/* day, month and year may be NULL (as empty) and are trimmed of spaces;
 * iso (11 bytes) is set on DATE_PARTS_OK; bad gets the DATE_PART_* bits
 * of the parts that are wrong (all three when the date is not real). */
enum date_parts_rc date_parts_check(const char *day, const char *month, const char *year, char iso[11],
                                    unsigned *bad);
/* The GOV.UK message for rc about subject (e.g. "Date offered"): "Date
 * offered must include a month", "... must be a real date", "Year must
 * include 4 numbers"; "" for OK and EMPTY (the caller says "Enter ..."). */
void date_parts_message(enum date_parts_rc rc, unsigned bad, const char *subject, char *out, size_t n);
/* Current UTC time as YYYY-MM-DDTHH:MM:SSZ (21 bytes). */
void time_now_iso(char out[21]);
/* The Unix time t in UTC, written by strftime with fmt into out (n bytes). */
void time_format_utc(int64_t t, const char *fmt, char *out, size_t n);
int64_t time_now_unix(void);

/* Parse an amount of pounds ("12", "12.5", "12.50", "£1,200.00") into pence.
 * Rejects negatives, more than two decimals, and more than max_pence. */
int money_parse(const char *s, int64_t max_pence, int64_t *pence);
/* Format pence as "£1,234.56" (out at least 32 bytes). */
void money_format(int64_t pence, char *out, size_t n);
/* Format a count with its thousands separated, as people read it: "4,586". */
void count_format(long long v, char *out, size_t n);

#endif
