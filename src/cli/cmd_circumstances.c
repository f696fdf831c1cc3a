/* cmd_circumstances.c — probity circumstances import [--as USER]
 * [--dry-run] FILE: load declared changes of circumstances from the
 * register's own export (or an earlier register laid out the same way),
 * all or nothing, rerunnable. */
#include "cli/cli.h"
#include "domain/circumstances.h"
#include "domain/people.h"

static const char usage[] =
	"usage: probity [--db FILE] circumstances import [--as USERNAME] [--dry-run] FILE\n\n"
	"Import declared changes of circumstances from a CSV or XLSX file (\"-\" reads standard\n"
	"input) with the columns of the register's own export (/circumstances/register.csv or .xlsx):\n"
	"  " CIRCUMSTANCES_IMPORT_HEADER "\n"
	"reference     CC and six digits: the declaration to compare and update; empty: a new one\n"
	"              (a reference no declaration has is refused, never created)\n"
	"declared_on   the date declared (dd/mm/yyyy or yyyy-mm-dd; empty: today)\n"
	"staff_number  the declarer; cannot change for an existing declaration\n"
	"name, unit, vetting_task  shown for reading, not imported\n"
	"kind          partner_or_coresident, address, name, financial_difficulty,\n"
	"              criminal_justice or other\n"
	"subtype       financial_difficulty: ccj, iva, bankruptcy or unmanageable_debt;\n"
	"              criminal_justice: arrest, charge, conviction or caution; else empty\n"
	"subject       criminal_justice: self or family; else empty\n"
	"referral      financial_difficulty: debt_advice, welfare, both or declined; else empty\n"
	"Every row is checked as the declaration form checks it. A new declaration raises its\n"
	"vetting task, as the form does; a declaration vetting has assessed cannot be changed.\n"
	"No row may add or change the importer's own declaration.\n\n"
	CLI_IMPORT_AS_HELP;

int cmd_circumstances(struct cli *cli, int argc, char **argv)
{
	return cli_run_import_as(cli, argc, argv, usage, circumstances_import);
}
