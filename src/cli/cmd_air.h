/* cmd_air.h — probity air: the Annual Integrity Review from the command line. */
#ifndef PROBITY_CMD_AIR_H
#define PROBITY_CMD_AIR_H

#include "cli/cli.h"

int cmd_air(struct cli *cli, int argc, char **argv);

#endif
