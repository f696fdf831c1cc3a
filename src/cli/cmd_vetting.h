/* cmd_vetting.h — probity vetting import | disproportionality (M5). */
#ifndef PROBITY_CMD_VETTING_H
#define PROBITY_CMD_VETTING_H

#include "cli/cli.h"

int cmd_vetting(struct cli *cli, int argc, char **argv);

#endif
