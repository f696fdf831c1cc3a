/* cmd_verify_log.c — probity verify-log: check the access log's keyed chain,
 * and against anchors kept elsewhere, that nothing was cut off its end. */
#include "cli/cli.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every anchor in the file at path (lines of `probity log anchor` or the
 * server's log-anchor lines; other lines are skipped) into a new array. */
static int read_anchors(const char *path, struct alog_anchor **out, size_t *n, struct err *e)
{
	*out = NULL;
	*n = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return err_set(e, ERR_IO, "cannot read the anchor file %s", path);
	char line[1024];
	size_t cap = 0;
	int rc = 0;
	while (fgets(line, sizeof line, f)) {
		struct alog_anchor a;
		if (!alog_anchor_parse(line, &a))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*n)++] = a;
	}
	fclose(f);
	if (!rc && !*n)
		rc = err_set(e, ERR_INPUT, "%s holds no anchor (a line with seq=N mac=HEX)", path);
	return rc;
}

int cmd_verify_log(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "usage: probity [--db FILE] verify-log [--anchor FILE]\n\n"
	                            "Check the access log's keyed chain with the log key (see probity log --help).\n"
	                            "Names the first altered, removed, inserted or recomputed row and exits 1\n"
	                            "if there is one; exits 0 when intact.\n\n"
	                            "  --anchor FILE  also check every anchor in FILE (lines from `probity log\n"
	                            "                 anchor` or the server's log-anchor lines): the anchored row\n"
	                            "                 must still exist with the anchored MAC, so rows cut off the\n"
	                            "                 end, or a log rewritten with the key, are caught\n";
	if (cli_help(argc, argv, usage))
		return 0;
	const char *anchor_file = NULL;
	if (argc == 3 && strcmp(argv[1], "--anchor") == 0)
		anchor_file = argv[2];
	else if (argc != 1)
		return cli_usage(usage);
	struct err e = { 0 };
	struct alog_anchor *anchors = NULL;
	size_t nanchors = 0;
	if (anchor_file && read_anchors(anchor_file, &anchors, &nanchors, &e)) {
		free(anchors);
		return cli_fail(&e);
	}
	struct store *st;
	if (cli_open_store(cli, &st)) {
		free(anchors);
		return 1;
	}
	int64_t bad, rows;
	char msg[256] = "";
	int rc = alog_verify_anchored(st, anchors, nanchors, &bad, &rows, msg, sizeof msg, &e);
	store_close(st);
	free(anchors);
	if (rc < 0)
		return cli_fail(&e);
	if (rc) {
		fprintf(stderr, "probity: access log broken at row %lld: %s\n", (long long)bad, msg);
		return 1;
	}
	if (nanchors)
		printf("access log intact: %lld rows, %zu anchor%s matched\n", (long long)rows, nanchors,
		       nanchors == 1 ? "" : "s");
	else
		printf("access log intact: %lld rows\n", (long long)rows);
	return 0;
}
