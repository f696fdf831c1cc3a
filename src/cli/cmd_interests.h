/* cmd_interests.h — the registers' commands (M2/M4): probity interests
 * import, probity procurement import|check. */
#ifndef PROBITY_CMD_INTERESTS_H
#define PROBITY_CMD_INTERESTS_H

#include "cli/cli.h"

int cmd_interests(struct cli *cli, int argc, char **argv);
int cmd_procurement(struct cli *cli, int argc, char **argv);

#endif
