/* hash.h — the audit engine's interning and open-addressing tables.
 * The hot loop maps each event's user (and, when it is a special subject,
 * its subject) to a dense integer id, then keeps per-id state in plain
 * arrays. Tables grow by doubling at half load; nothing is ever deleted
 * (the working set of users and subjects only grows during a scan). */
#ifndef PROBITY_AUDIT_HASH_H
#define PROBITY_AUDIT_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The canonical words of a key: for n <= 16 bytes, (n, a, b) identifies
 * the string exactly (two overlapping loads), so a lookup compares words and
 * never calls memcmp; for longer keys a is a 64-bit hash of all the bytes
 * and b is 0, and a match is confirmed with memcmp. */
struct ikey {
	uint64_t a, b;
};

static inline uint64_t mix64(uint64_t h)
{
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ull;
	h ^= h >> 32;
	return h;
}

static inline struct ikey ikey_of(const char *p, size_t n)
{
	struct ikey k;
	const unsigned char *s = (const unsigned char *)p;
	if (n >= 8 && n <= 16) {
		memcpy(&k.a, s, 8);
		memcpy(&k.b, s + n - 8, 8);
	} else if (n >= 4 && n < 8) {
		uint32_t x, y;
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		k.a = x;
		k.b = y;
	} else if (n > 0 && n < 4) {
		k.a = ((uint64_t)s[0] << 16) | ((uint64_t)s[n >> 1] << 8) | s[n - 1];
		k.b = 0;
	} else if (n == 0) {
		k.a = k.b = 0;
	} else {
		uint64_t h = 0x9E3779B97F4A7C15ull ^ n, w;
		while (n >= 8) {
			memcpy(&w, s, 8);
			h = mix64(h ^ w) * 0x9E3779B97F4A7C15ull;
			s += 8;
			n -= 8;
		}
		if (n) {
			memcpy(&w, s + n - 8, 8);   /* n > 16 overall: bytes before s exist */
			h = mix64(h ^ w);
		}
		k.a = h;
		k.b = 0;
	}
	return k;
}

static inline uint64_t ikey_hash(struct ikey k, size_t n)
{
	return mix64((k.a * 0x9E3779B97F4A7C15ull) ^ (k.b + n) * 0xC2B2AE3D27D4EB4Full);
}

/* A 64-bit hash of n bytes at p (not cryptographic). */
static inline uint64_t hash_bytes(const char *p, size_t n)
{
	return ikey_hash(ikey_of(p, n), n);
}

static inline uint64_t hash_u64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ull;
	return k ^ (k >> 33);
}

struct intern_slot {
	struct ikey k;
	uint32_t len;
	uint32_t id1;           /* id + 1; 0 = empty */
};

/* Strings interned to dense ids 0, 1, 2, ... in order of first insertion.
 * The bytes are copied into the table (any bytes, NUL included). */
struct intern {
	char *str;                  /* all strings, back to back */
	size_t str_n, str_cap;
	struct { uint32_t off, len; } *ent;   /* per id */
	uint32_t n, ent_cap;
	struct intern_slot *slot;
	uint32_t mask;
};

void intern_init(struct intern *in);
void intern_release(struct intern *in);
/* Empty in, keeping its memory for strings like the ones it held (its
 * table is freed instead when it was far bigger than they needed). */
void intern_clear(struct intern *in);
/* The id of p[0..n), or -1 when it was never added. */
static inline int64_t intern_find(const struct intern *in, const char *p, size_t n)
{
	if (!in->slot)
		return -1;
	struct ikey k = ikey_of(p, n);
	uint32_t i = (uint32_t)ikey_hash(k, n) & in->mask;
	for (;;) {
		const struct intern_slot *s = &in->slot[i];
		if (s->k.a == k.a && s->k.b == k.b && s->len == n && s->id1) {
			if (n <= 16 || memcmp(in->str + in->ent[s->id1 - 1].off, p, n) == 0)
				return s->id1 - 1;
		} else if (!s->id1) {
			return -1;
		}
		i = (i + 1) & in->mask;
	}
}
/* Start loading the slot where p[0..n) is looked for, so a look-up a little
 * later (after other work) does not wait for memory. */
static inline void intern_prefetch(const struct intern *in, const char *p, size_t n)
{
	if (in->slot)
		__builtin_prefetch(&in->slot[(uint32_t)ikey_hash(ikey_of(p, n), n) & in->mask]);
}
/* Add p[0..n) if new; *id receives its id, *added whether it was new
 * (added may be NULL). 0 on success, -1 when out of memory or over 4 GiB. */
int intern_add(struct intern *in, const char *p, size_t n, uint32_t *id, int *added);
/* The bytes of id (borrowed; valid until the next intern_add). */
static inline const char *intern_str(const struct intern *in, uint32_t id, size_t *n)
{
	*n = in->ent[id].len;
	return in->str + in->ent[id].off;
}

/* A map from 64-bit keys to 32-bit values. The key ~0 is reserved. */
struct map64 {
	uint64_t *key;
	uint32_t *val;
	uint32_t n, mask;
};

#define MAP64_EMPTY (~(uint64_t)0)

void map64_init(struct map64 *m);
void map64_release(struct map64 *m);
/* Pointer to the value of k, or NULL. Valid until the next map64_put. */
static inline uint32_t *map64_get(const struct map64 *m, uint64_t k)
{
	if (!m->key)
		return NULL;
	uint32_t i = (uint32_t)hash_u64(k) & m->mask;
	for (;;) {
		if (m->key[i] == k)
			return &m->val[i];
		if (m->key[i] == MAP64_EMPTY)
			return NULL;
		i = (i + 1) & m->mask;
	}
}
/* Insert k if absent (with value v); *slot points at its value either way.
 * Returns 1 when inserted, 0 when present, -1 when out of memory. */
int map64_put(struct map64 *m, uint64_t k, uint32_t v, uint32_t **slot);

#endif
