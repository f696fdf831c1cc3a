/* The audit trail's unsigned LEB128 integers, read by the segment reader
 * (trail.c) and the subject index reader (subjidx.c): one decoder, inline
 * because the segment scan calls it per value. */
#ifndef PROBITY_AUDIT_VARINT_H
#define PROBITY_AUDIT_VARINT_H
#include <stdint.h>

/* The varint at *p (advanced past it) into *v: 0, or -1 when it runs past
 * end or over 64 bits. */
static inline int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int sh = 0; sh < 64 && *p < end; sh += 7) {
		unsigned c = *(*p)++;
		x |= (uint64_t)(c & 0x7f) << sh;
		if (!(c & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

#endif
