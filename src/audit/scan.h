/* scan.h — `probity audit scan`: one pass over DIR/events.csv with the
 * reference files of DIR, writing alerts.csv (and optionally the
 * explanation and the rejected lines). Needs no database. */
#ifndef PROBITY_AUDIT_SCAN_H
#define PROBITY_AUDIT_SCAN_H

#include "audit/engine.h"
#include "core/err.h"
#include <stdint.h>
#include <stdio.h>

struct audit_scan_opts {
	const char *dir;          /* holds events.csv and the five reference files */
	const char *out;          /* alerts file; NULL: DIR/alerts.csv */
	const char *explain;      /* explanation CSV, or NULL */
	const char *rejects;      /* where bad event lines go (then the scan goes on), or NULL */
	FILE *log;                /* progress and reject messages (stderr), or NULL */
	int quiet;                /* no progress */
	size_t block;             /* read size (0: RDR_BLOCK) */
	const struct audit_config *cfg;   /* NULL: SPEC.md's thresholds */
};

struct audit_scan_result {
	uint64_t events;          /* events that took part */
	uint64_t rejected;        /* bad lines skipped (only with rejects) */
	uint64_t alerts;
	uint64_t bytes;           /* size of events.csv */
	double seconds;
};

/* Run the scan. 0 on success (res->rejected says whether lines were
 * skipped); otherwise e says why ("file:line:column: ..." for bad input)
 * and no output file was created or changed. Files are written to a
 * temporary name beside the target and renamed at the end. */
int audit_scan(const struct audit_scan_opts *o, struct audit_scan_result *res, struct err *e);

/* Load DIR's five reference files into a. */
int audit_load_refs(struct audit *a, const char *dir, struct err *e);

#endif
