/* date.c — civil-date arithmetic (Howard Hinnant's algorithms) and money. */
#include "core/date.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

int date_parse(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	int yy = atoi(s), mm = atoi(s + 5), dd = atoi(s + 8);
	if (yy < 1800 || yy > 2200 || mm < 1 || mm > 12 || dd < 1 || dd > month_days(yy, mm))
		return -1;
	if (y) *y = yy;
	if (m) *m = mm;
	if (d) *d = dd;
	return 0;
}

int date_valid(const char *s)
{
	return date_parse(s, NULL, NULL, NULL) == 0;
}

long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned dd = doy - (153 * mp + 2) / 5 + 1;
	unsigned mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

void date_format(long z, char out[11])
{
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

long date_days(const char *s)
{
	int y, m, d;
	if (date_parse(s, &y, &m, &d))
		return -1;
	return days_from_civil(y, m, d);
}

int64_t time_now_unix(void)
{
	return (int64_t)time(NULL);
}

void date_today(char out[11])
{
	const char *o = getenv("PROBITY_TODAY");
	if (o && date_valid(o)) {
		memcpy(out, o, 11);
		return;
	}
	date_uk(time_now_unix(), out);
}

/* Day number of the last Sunday of month m in year y. */
static long last_sunday(int y, int m)
{
	long z = days_from_civil(y, m, month_days(y, m));
	long wd = ((z % 7) + 11) % 7; /* 1970-01-01 was a Thursday: 0 = Sunday */
	return z - wd;
}

int uk_offset(int64_t t)
{
	long z = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	int64_t start = (int64_t)last_sunday(y, 3) * 86400 + 3600;
	int64_t end = (int64_t)last_sunday(y, 10) * 86400 + 3600;
	return t >= start && t < end ? 3600 : 0;
}

void date_uk(int64_t t, char out[11])
{
	int64_t l = t + uk_offset(t);
	date_format((long)(l >= 0 ? l / 86400 : (l - 86399) / 86400), out);
}

int time_parse_utc(const char *s, int64_t *t)
{
	char d[11];
	if (!s || strlen(s) < 19 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
		return -1;
	memcpy(d, s, 10);
	d[10] = 0;
	long z = date_days(d);
	if (z < 0)
		return -1;
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && !isdigit((unsigned char)s[i]))
			return -1;
	const char *rest = s + 19;
	if (*rest == '.') /* fractions of a second */
		for (rest++; isdigit((unsigned char)*rest); rest++)
			;
	if (*rest && strcmp(rest, "Z") && strcmp(rest, "+00:00"))
		return -1;
	int hh = atoi(s + 11), mi = atoi(s + 14), ss = atoi(s + 17);
	if (hh > 23 || mi > 59 || ss > 60)
		return -1;
	*t = (int64_t)z * 86400 + hh * 3600 + mi * 60 + ss;
	return 0;
}

static const char *const month_names[] = { "January", "February", "March", "April", "May", "June", "July",
	                                   "August", "September", "October", "November", "December" };

int date_display(const char *s, char *out, size_t n)
{
	int y, m, d;
	int64_t t;
	if (!s)
		s = "";
	if (date_parse(s, &y, &m, &d) == 0) {
		snprintf(out, n, "%d %s %d", d, month_names[m - 1], y);
		return 0;
	}
	if (time_parse_utc(s, &t) == 0) {
		int64_t l = t + uk_offset(t);
		long z = (long)(l >= 0 ? l / 86400 : (l - 86399) / 86400);
		int sec = (int)(l - (int64_t)z * 86400);
		int hh = sec / 3600, mi = sec / 60 % 60;
		char tm[16];
		if (hh == 0 && mi == 0)
			snprintf(tm, sizeof tm, "midnight");
		else if (hh == 12 && mi == 0)
			snprintf(tm, sizeof tm, "midday");
		else if (mi == 0)
			snprintf(tm, sizeof tm, "%d%s", hh % 12 ? hh % 12 : 12, hh < 12 ? "am" : "pm");
		else
			snprintf(tm, sizeof tm, "%d:%02d%s", hh % 12 ? hh % 12 : 12, mi, hh < 12 ? "am" : "pm");
		civil_from_days(z, &y, &m, &d);
		snprintf(out, n, "%d %s %d at %s", d, month_names[m - 1], y, tm);
		return 0;
	}
	snprintf(out, n, "%s", s);
	return -1;
}

/* Copy s without surrounding spaces into out (cap bytes); its length, or
 * cap when it does not fit. */
static size_t trim_copy(const char *s, char *out, size_t cap)
{
	if (!s)
		s = "";
	while (isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= cap) {
		out[0] = 0;
		return cap;
	}
	memcpy(out, s, len);
	out[len] = 0;
	return len;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

enum date_parts_rc date_parts_check(const char *day, const char *month, const char *year, char iso[11],
                                    unsigned *bad)
{
	char dd[16], mm[16], yy[16];
	size_t ld = trim_copy(day, dd, sizeof dd), lm = trim_copy(month, mm, sizeof mm), ly = trim_copy(year, yy, sizeof yy);
	unsigned missing = (ld == 0 ? DATE_PART_DAY : 0) | (lm == 0 ? DATE_PART_MONTH : 0) | (ly == 0 ? DATE_PART_YEAR : 0);
	*bad = 0;
	if (missing == (DATE_PART_DAY | DATE_PART_MONTH | DATE_PART_YEAR))
		return DATE_PARTS_EMPTY;
	if (missing) {
		*bad = missing;
		return DATE_PARTS_MISSING;
	}
	unsigned notnum = (all_digits(dd) && ld <= 2 ? 0 : DATE_PART_DAY) | (all_digits(mm) && lm <= 2 ? 0 : DATE_PART_MONTH) |
	                  (all_digits(yy) ? 0 : DATE_PART_YEAR);
	if (notnum) {
		*bad = notnum;
		return DATE_PARTS_NOT_REAL;
	}
	if (ly != 4) {
		*bad = DATE_PART_YEAR;
		return DATE_PARTS_YEAR4;
	}
	char s[16];
	snprintf(s, sizeof s, "%s-%02d-%02d", yy, atoi(mm), atoi(dd));
	if (!date_valid(s)) {
		int m = atoi(mm), y = atoi(yy);
		*bad = y < 1800 || y > 2200 ? DATE_PART_YEAR : m < 1 || m > 12 ? DATE_PART_MONTH : DATE_PART_DAY;
		return DATE_PARTS_NOT_REAL;
	}
	memcpy(iso, s, 11);
	return DATE_PARTS_OK;
}

void date_parts_message(enum date_parts_rc rc, unsigned bad, const char *subject, char *out, size_t n)
{
	static const char *const names[] = { "", "day", "month", "day and month", "year", "day and year",
		                             "month and year", "day, month and year" };
	switch (rc) {
	case DATE_PARTS_MISSING:
		snprintf(out, n, "%s must include a %s", subject, names[bad & 7]);
		break;
	case DATE_PARTS_YEAR4:
		snprintf(out, n, "Year must include 4 numbers");
		break;
	case DATE_PARTS_NOT_REAL:
		snprintf(out, n, "%s must be a real date", subject);
		break;
	default:
		out[0] = 0;
	}
}

void time_now_iso(char out[21])
{
	time_format_utc((int64_t)time(NULL), "%Y-%m-%dT%H:%M:%SZ", out, 21);
}

void time_format_utc(int64_t t, const char *fmt, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, n, fmt, &tm);
}

int money_parse(const char *s, int64_t max_pence, int64_t *pence)
{
	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	if (strncmp(s, "\xC2\xA3", 2) == 0) /* £ */
		s += 2;
	int64_t v = 0;
	int digits = 0, frac = -1;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s)) {
			if (frac >= 0 && ++frac > 2)
				return -1;
			v = v * 10 + (*s - '0');
			digits++;
			if (v > (int64_t)1 << 50)
				return -1;
		} else if (*s == ',' && frac < 0 && digits > 0) {
			continue;
		} else if (*s == '.' && frac < 0 && digits > 0) {
			frac = 0;
		} else if (isspace((unsigned char)*s)) {
			for (; *s; s++)
				if (!isspace((unsigned char)*s))
					return -1;
			break;
		} else {
			return -1;
		}
	}
	if (!digits || frac == 0)
		return -1;
	if (frac < 0)
		frac = 0;
	for (; frac < 2; frac++)
		v *= 10;
	if (v > max_pence)
		return -1;
	*pence = v;
	return 0;
}

void count_format(long long v, char *out, size_t n)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", v);
	const char *d = digits + (*digits == '-');
	char grouped[48];
	size_t len = strlen(d), j = 0;
	if (d != digits)
		grouped[j++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = d[i];
	}
	grouped[j] = 0;
	snprintf(out, n, "%s", grouped);
}

void money_format(int64_t pence, char *out, size_t n)
{
	char pounds[48];
	count_format((long long)(pence / 100), pounds, sizeof pounds);
	snprintf(out, n, "\xC2\xA3%s.%02lld", pounds, (long long)(pence % 100));
}
