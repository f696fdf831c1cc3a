/* actor.c — role names and labels. */
#include "domain/actor.h"
#include <stdio.h>
#include <string.h>

static const struct {
	unsigned bit;
	const char *name;
	const char *label;
} roles[ROLE_COUNT] = {
	{ ROLE_STAFF, "staff", "Officer or staff member" },
	{ ROLE_MANAGER, "line_manager", "Line manager" },
	{ ROLE_PSD, "psd", "Professional Standards" },
	{ ROLE_ACU, "acu", "Anti-Corruption Unit" },
	{ ROLE_VETTING, "vetting", "Vetting officer" },
	{ ROLE_REVIEWER, "reviewer", "Reviewing detective inspector" },
	{ ROLE_DCC, "dcc", "Deputy Chief Constable" },
	{ ROLE_GOVERNANCE, "governance", "Governance and planning" },
	{ ROLE_ETHICS_PANEL, "ethics_panel", "Ethics panel member" },
	{ ROLE_SCRUTINY, "scrutiny", "Independent panel member" },
	{ ROLE_PCC, "pcc", "Police and Crime Commissioner's office" },
	{ ROLE_ADMIN, "admin", "Administrator" },
	{ ROLE_EQUALITY, "equality", "Equality monitoring (diversity and inclusion lead)" },
	{ ROLE_TRAINING, "training", "Training lead" },
};

const char *role_name(unsigned bit)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (roles[i].bit == bit)
			return roles[i].name;
	return NULL;
}

const char *role_label(unsigned bit)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (roles[i].bit == bit)
			return roles[i].label;
	return NULL;
}

unsigned role_parse(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].bit;
	return 0;
}

void actor_system(struct actor *a)
{
	memset(a, 0, sizeof *a);
	a->roles = ROLE_ADMIN | ROLE_PSD;
	snprintf(a->username, sizeof a->username, "system");
	snprintf(a->name, sizeof a->name, "system (command line)");
}
