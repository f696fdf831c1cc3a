/* fnv.h — FNV-1a, the one cheap, stable, non-cryptographic hash: the slots
 * of the small hash tables (core/seen.c, the page cache, the imports' name
 * tables), the random generator's per-part streams (core/rng.c) and the
 * static assets' ETags. Never for secrets or tokens (libsodium). */
#ifndef PROBITY_FNV_H
#define PROBITY_FNV_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a of p[0..n). */
static inline uint64_t fnv1a_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h;
}

/* FNV-1a of the string s (without its NUL). */
static inline uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

#endif
