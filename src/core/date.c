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
	date_format((long)(time_now_unix() / 86400), out);
}

void time_now_iso(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
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

void money_format(int64_t pence, char *out, size_t n)
{
	char digits[32];
	int64_t pounds = pence / 100;
	snprintf(digits, sizeof digits, "%lld", (long long)pounds);
	char grouped[48];
	size_t len = strlen(digits), j = 0;
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = 0;
	snprintf(out, n, "\xC2\xA3%s.%02lld", grouped, (long long)(pence % 100));
}
