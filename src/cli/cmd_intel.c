/* cmd_intel.c — probity intel import [--dry-run] FILE: load the force's
 * existing corruption-intelligence register (all-or-nothing, rerunnable). */
#include "cli/cli.h"
#include "domain/intel.h"
#include "domain/people.h"
#include <stdio.h>

static const char usage[] =
	"usage: probity [--db FILE] intel import [--dry-run] FILE\n\n"
	"Import the force's existing intelligence register from a CSV file (\"-\" reads standard\n"
	"input) with the header\n"
	"  " INTEL_IMPORT_HEADER "\n"
	"reference       INT followed by a number, e.g. INT1234; identifies the item\n"
	"received        YYYY-MM-DD\n"
	"source_type     anonymous, named, line_manager, complaint, partner, ict_audit,\n"
	"                other_force, external_line or open_internet\n"
	"grading_scheme  3x5x2, or 5x5x5 for a legacy grade (kept verbatim)\n"
	"grade           3x5x2 as its codes, e.g. 1AP (source 1-3, assessment A-E, handling P/C);\n"
	"                a legacy grade as recorded\n"
	"category        the exact name of one of the 12 national corruption categories (required)\n"
	"subject_staff_numbers  staff numbers separated by ';' (may be empty)\n"
	"summary         the intelligence text (kept as the restricted original)\n"
	"status          open or closed; closed needs `closed` (YYYY-MM-DD); outcome optional\n\n"
	"All or nothing: a bad row (a row without a category or a grade among them) rejects the\n"
	"whole file, naming its line (the header is line 1) and column, and nothing is written.\n"
	"An item whose reference is already held is left as it is, so rerunning the same file\n"
	"changes nothing. Imported closed items are marked as not reviewed in Probity.\n\n"
	"The import also reads the items export (/intel/items.csv or .xlsx) with the header\n"
	"  " INTEL_EXPORT_HEADER "\n"
	"Each reference must name a held item (a new item needs its subjects and summary, so\n"
	"comes in the columns above): re-importing an export changes nothing, and an open item\n"
	"whose received date, source type, grading or category was edited is regraded, checked\n"
	"as above. Status and closed change only through the item's closure review; owner is\n"
	"shown, not imported.\n"
	"--dry-run checks the file and reports what would change without writing.\n";

int cmd_intel(struct cli *cli, int argc, char **argv)
{
	return cli_run_import(cli, argc, argv, usage, intel_import, 0);
}
