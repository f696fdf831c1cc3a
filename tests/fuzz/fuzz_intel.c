/* libFuzzer harness for the intelligence import (src/domain/intel.c) and
 * the anonymous form's untrusted parts (src/domain/anon.c and
 * intel_reports.c). Each input is:
 *   - imported as an intelligence register (after the exact header) into an
 *     in-memory database. Invariants: all or nothing (the item count grows
 *     by exactly what was reported created, or not at all); a second import
 *     of an accepted file creates nothing; no stored item lacks a category
 *     or a grade;
 *   - stripped as an attachment. Invariants: stripping what was stripped
 *     changes nothing, and a stripped JPEG holds no APPn or COM segment
 *     before its scan, a stripped PNG no tEXt, zTXt, iTXt, eXIf or tIME;
 *   - sent as a report's text: it is stored exactly, or refused with a
 *     field error and nothing stored; a receipt or form token made of the
 *     input is never accepted by chance. */
#include "core/buf.h"
#include "core/err.h"
#include "domain/anon.h"
#include "domain/intel.h"
#include "domain/intel_reports.h"
#include "domain/people.h"
#include "store/store.h"
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;

static int64_t count(const char *sql)
{
	int64_t n = -1;
	store_int(st, NULL, &n, sql, "");
	return n;
}

static void check_stripped(const struct buf *b, const char *ct)
{
	const unsigned char *p = (const unsigned char *)b->p;
	if (strcmp(ct, "image/png") == 0) {
		static const char *const banned[] = { "tEXt", "zTXt", "iTXt", "eXIf", "tIME" };
		for (size_t i = 8; i + 8 <= b->n;) {
			uint32_t len = (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 | (uint32_t)p[i + 2] << 8 | p[i + 3];
			for (size_t k = 0; k < 5; k++)
				assert(memcmp(p + i + 4, banned[k], 4) != 0);
			i += 12 + (size_t)len;
		}
		return;
	}
	for (size_t i = 2; i + 4 <= b->n;) { /* segments up to the first scan */
		assert(p[i] == 0xFF);
		unsigned m = p[i + 1];
		assert(!(m >= 0xE0 && m <= 0xEF) && m != 0xFE);
		if (m == 0xDA || m == 0xD9)
			break;
		if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {
			i += 2;
			continue;
		}
		i += 2 + ((size_t)p[i + 2] << 8 | p[i + 3]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = { 0 };
	if (!st && store_open(&st, ":memory:", &e))
		abort();

	/* the import */
	char path[64];
	snprintf(path, sizeof path, "/tmp/fuzz-intel-%d.csv", (int)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fprintf(f, "%s\n", INTEL_IMPORT_HEADER);
	fwrite(data, 1, size, f);
	fclose(f);
	struct import_stats s;
	int64_t before = count("SELECT COUNT(*) FROM intel_items");
	if (intel_import(st, path, 0, &s, &e) == 0) {
		assert(count("SELECT COUNT(*) FROM intel_items") == before + s.created);
		assert(intel_import(st, path, 0, &s, &e) == 0);
		assert(s.created == 0);
	} else {
		assert(count("SELECT COUNT(*) FROM intel_items") == before);
	}
	unlink(path);
	assert(count("SELECT COUNT(*) FROM intel_items WHERE category = '' OR grade = ''") == 0);

	/* the attachment */
	struct buf a, b;
	const char *ct = NULL, *ct2 = NULL;
	buf_init(&a, (size_t)8 << 20);
	buf_init(&b, (size_t)8 << 20);
	if (anon_strip_image(data, size, &a, &ct, &e) == 0) {
		check_stripped(&a, ct);
		assert(anon_strip_image(a.p, a.n, &b, &ct2, &e) == 0);
		assert(strcmp(ct, ct2) == 0 && a.n == b.n && memcmp(a.p, b.p, a.n) == 0);
	}
	buf_release(&a);
	buf_release(&b);

	/* the report's text, the receipt and the form token */
	char *text = strndup((const char *)data, size);
	if (!text)
		return 0;
	char receipt[ANON_RECEIPT_SIZE], digits[ANON_RECEIPT_DIGITS + 1];
	struct errlist l = { 0 };
	int64_t n0 = count("SELECT COUNT(*) FROM anon_messages");
	if (size < 2000) { /* each report costs an argon2id hash */
		if (anon_report_submit(st, text, NULL, NULL, 0, receipt, &l, &e) == 0) {
			int64_t id = 0;
			assert(count("SELECT COUNT(*) FROM anon_messages") == n0 + 1);
			assert(anon_report_open(st, receipt, &id, &e) == 0 && id > 0);
		} else {
			assert(l.n > 0 || e.code != ERR_INPUT);
			assert(count("SELECT COUNT(*) FROM anon_messages") == n0);
		}
	}
	(void)anon_receipt_digits(text, digits);
	assert(!anon_form_token_ok(text));
	free(text);
	return 0;
}
