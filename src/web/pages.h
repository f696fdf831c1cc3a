/* pages.h — every pages file's route table, in one list.
 * To add a capability's pages, write src/web/NAME_pages.c with
 *   const struct route NAME_routes[] = { ... };
 *   ROUTES_END(NAME);
 * and add X(NAME) below. router.c tries the tables in this order and the
 * first matching route wins. */
#ifndef PROBITY_PAGES_H
#define PROBITY_PAGES_H

#include "web/http.h"

#define WEB_PAGES(X) \
	X(auth)          \
	X(sso)           \
	X(home)          \
	X(admin)          \
	X(gifts)          \
	X(inspections)    \
	X(inspections_api) \
	X(api)             \
	X(reviews)        \
	X(interests)      \
	X(procurement)    \
	X(associations)   \
	X(circumstances)  \
	X(air)            \
	X(stopsearch)     \
	X(useofforce)     \
	X(audit)          \
	X(audit_trail)    \
	X(vetting)        \
	X(vetting_report) \
	X(intel)          \
	X(report)         \
	X(complaints)     \
	X(risk)           \
	X(ethics)         \
	X(training)       \
	X(notify)         \
	X(about)

#define X(name) extern const struct route name##_routes[]; extern const size_t name##_routes_n;
WEB_PAGES(X)
#undef X

#endif
