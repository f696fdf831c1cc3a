/* actor.h — who is acting: an authenticated account, its person and roles.
 * Every domain function that reads or changes a sensitive record takes the
 * actor and applies the need-to-know rule itself, so the web, the API and
 * the CLI cannot bypass it. */
#ifndef PROBITY_ACTOR_H
#define PROBITY_ACTOR_H

#include <stdint.h>

enum role {
	ROLE_STAFF        = 1u << 0,  /* every account with a person */
	ROLE_MANAGER      = 1u << 1,  /* derived: the person line-manages someone */
	ROLE_PSD          = 1u << 2,
	ROLE_ACU          = 1u << 3,
	ROLE_VETTING      = 1u << 4,
	ROLE_REVIEWER     = 1u << 5,
	ROLE_DCC          = 1u << 6,
	ROLE_GOVERNANCE   = 1u << 7,
	ROLE_ETHICS_PANEL = 1u << 8,
	ROLE_SCRUTINY     = 1u << 9,
	ROLE_PCC          = 1u << 10,
	ROLE_ADMIN        = 1u << 11,
	ROLE_EQUALITY     = 1u << 12,  /* diversity and inclusion lead: monitors, never decides */
	ROLE_TRAINING     = 1u << 13,  /* training lead: the force's training and policy records (M15) */
};
#define ROLE_COUNT 14

struct actor {
	int64_t account_id;     /* 0: the system itself (CLI, importer) */
	int64_t person_id;      /* 0: an account with no person (e.g. a panel member) */
	unsigned roles;
	char username[64];
	char name[128];         /* "Forenames Surname", or the username */
};

/* The role's name as stored and shown ("psd", "line_manager"...); NULL if unknown. */
const char *role_name(unsigned role_bit);
/* The role bit for a name; 0 if unknown. */
unsigned role_parse(const char *name);
/* Human label ("Professional Standards"). */
const char *role_label(unsigned role_bit);
static inline int actor_has(const struct actor *a, unsigned roles) { return a && (a->roles & roles) != 0; }
/* The actor used by command-line tools run by an administrator. */
void actor_system(struct actor *a);

#endif
