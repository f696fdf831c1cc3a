/* cmd_associations.c — probity associations import [--as USER] [--dry-run]
 * FILE: load the notifiable associations register from its own export (or
 * an earlier register laid out the same way), all or nothing, rerunnable. */
#include "cli/cli.h"
#include "domain/associations.h"
#include "domain/people.h"

static const char usage[] =
	"usage: probity [--db FILE] associations import [--as USERNAME] [--dry-run] FILE\n\n"
	"Import notifiable associations from a CSV or XLSX file (\"-\" reads standard input) with\n"
	"the columns of the register's own export (/associations/register.csv or .xlsx):\n"
	"  " ASSOCIATIONS_IMPORT_HEADER "\n"
	"reference     NA and six digits: the association to compare and update; empty: a new one\n"
	"              (a reference no association has is refused, never created)\n"
	"declared_on   the date declared (dd/mm/yyyy or yyyy-mm-dd; empty: today)\n"
	"staff_number  the declarer; cannot change for an existing association\n"
	"name, unit, assessed_by  shown for reading, not imported\n"
	"category      criminal_record, under_investigation, journalist, private_investigator,\n"
	"              former_officer, organised_crime, family_link or other\n"
	"status        declared (no risk, advice or review date), assessed (risk low, medium or\n"
	"              high; advice for medium and high; a review date today or later) or ended\n"
	"Every row is checked as the declaration and assessment forms check it. Setting or\n"
	"changing a risk, advice or review date is an assessment: refused for the importer's\n"
	"own declarations or (as configured) their line reports'. No row may add or change the\n"
	"importer's own declaration.\n\n"
	CLI_IMPORT_AS_HELP;

int cmd_associations(struct cli *cli, int argc, char **argv)
{
	return cli_run_import_as(cli, argc, argv, usage, associations_import);
}
