/* fuzz_audit_state.c — libFuzzer over the audit engine's saved state
 * (audit/state.c): any bytes must be either refused or restored into an
 * engine that then takes events and saves again without fault. The state
 * normally comes from Probity's own database, but a damaged or tampered
 * BLOB must not crash the ingest. */
#include "audit/state.h"
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct audit a;
	struct err e = { 0 };
	struct audit_config c;
	audit_config_default(&c);
	c.explain = 1;
	if (audit_init(&a, &c, &e))
		return 0;
	static const struct slice staff[4] = { { "U1", 2 }, { "P1", 2 }, { "S", 1 }, { "T", 1 } };
	static const struct slice vuln[2] = { { "P2", 2 }, { "x", 1 } };
	int bad;
	audit_add_staff(&a, staff, &bad, &e);
	audit_add_vulnerable(&a, vuln, &bad, &e);
	if (audit_state_load(&a, data, size, &e) == 0) {
		static const char *const subj[] = { "P1", "P2", "" };
		for (int i = 0; i < 30; i++) {
			char ts[21];
			snprintf(ts, sizeof ts, "2030-01-%02dT10:00:00Z", 1 + i);
			struct slice f[EV_NCOLS] = {
				{ ts, 20 }, { i % 2 ? "U1" : "U2", 2 }, { "RMS", 3 }, { "desktop", 7 },
				{ i % 3 ? "view" : "print", i % 3 ? 4u : 5u }, { "person", 6 }, { "N1", 2 },
				{ subj[i % 3], strlen(subj[i % 3]) }, { "", 0 },
			};
			audit_event(&a, f, i, &bad, &e);
		}
		struct buf b;
		buf_init(&b, 0);
		audit_state_compact(&a);
		audit_state_save(&a, &b);
		buf_release(&b);
	}
	audit_release(&a);
	return 0;
}
