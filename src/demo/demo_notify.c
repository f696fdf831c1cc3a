/* demo_notify.c — the demo force's e-mail addresses, so `probity notify run`
 * has somewhere to send each person's digest: a fictional address per
 * person at an example.org domain (reserved for examples, never delivered),
 * made from the staff number alone. */
#include "demo/demo.h"
#include "store/store.h"

int demo_notify(struct store *st, struct err *e)
{
	return store_exec(st, e,
	                  "UPDATE people SET email = 'p' || lower(staff_number) || '@northshire-police.example.org' "
	                  "WHERE email = ''", "");
}
