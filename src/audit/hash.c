/* hash.c — growth of the intern and map64 tables (lookups are inline in
 * hash.h, because the scan loop calls them once or twice per event). */
#include "audit/hash.h"
#include "core/xalloc.h"
#include <stdlib.h>

void intern_init(struct intern *in)
{
	memset(in, 0, sizeof *in);
}

void intern_release(struct intern *in)
{
	if (!in)
		return;
	free(in->str);
	free(in->ent);
	free(in->slot);
	memset(in, 0, sizeof *in);
}

void intern_clear(struct intern *in)
{
	uint32_t nslots = in->slot ? in->mask + 1 : 0;
	if (nslots > 512 && (uint64_t)in->n * 3 * 8 < nslots) {
		free(in->slot);
		in->slot = NULL;
		in->mask = 0;
	} else if (in->slot) {
		memset(in->slot, 0, (size_t)nslots * sizeof in->slot[0]);
	}
	in->n = 0;
	in->str_n = 0;
}

/* put id (whose key and hash are given) into the first empty slot of its chain */
static void slot_put(struct intern *in, struct ikey k, uint64_t h, uint32_t len, uint32_t id)
{
	uint32_t i = (uint32_t)h & in->mask;
	while (in->slot[i].id1)
		i = (i + 1) & in->mask;
	in->slot[i].k = k;
	in->slot[i].len = len;
	in->slot[i].id1 = id + 1;
}

static int intern_rehash(struct intern *in, uint32_t nslots)
{
	struct intern_slot *old = in->slot;
	uint32_t nold = old ? in->mask + 1 : 0;
	in->slot = xcalloc(nslots, sizeof in->slot[0]);
	in->mask = nslots - 1;
	/* the keys move as they are: no string is read or hashed again */
	for (uint32_t j = 0; j < nold; j++)
		if (old[j].id1)
			slot_put(in, old[j].k, ikey_hash(old[j].k, old[j].len), old[j].len, old[j].id1 - 1);
	free(old);
	return 0;
}

int intern_add(struct intern *in, const char *p, size_t n, uint32_t *id, int *added)
{
	/* grow first, so the one probe below finds either the key or the
	 * empty slot it goes into: the key and its hash are computed once */
	if ((!in->slot || (in->n + 1) * 3 > in->mask + 1) &&
	    intern_rehash(in, in->slot ? (in->mask + 1) * 2 : 512))
		return -1;
	struct ikey k = ikey_of(p, n);
	uint32_t i = (uint32_t)ikey_hash(k, n) & in->mask;
	for (;;) {
		struct intern_slot *s = &in->slot[i];
		if (!s->id1)
			break;
		if (s->k.a == k.a && s->k.b == k.b && s->len == n &&
		    (n <= 16 || memcmp(in->str + in->ent[s->id1 - 1].off, p, n) == 0)) {
			if (added)
				*added = 0;
			*id = s->id1 - 1;
			return 0;
		}
		i = (i + 1) & in->mask;
	}
	if (added)
		*added = 1;
	if (n > UINT32_MAX || in->str_n + n > UINT32_MAX || in->n >= (1u << 30))
		return -1;
	if (in->str_n + n > in->str_cap) {
		size_t cap = in->str_cap ? in->str_cap : 4096;
		while (cap < in->str_n + n)
			cap *= 2;
		char *s = xrealloc(in->str, cap);
		in->str = s;
		in->str_cap = cap;
	}
	if (in->n == in->ent_cap) {
		uint32_t cap = in->ent_cap ? in->ent_cap * 2 : 256;
		void *e = xrealloc(in->ent, (size_t)cap * sizeof in->ent[0]);
		in->ent = e;
		in->ent_cap = cap;
	}
	if (n)
		memcpy(in->str + in->str_n, p, n);
	uint32_t nid = in->n++;
	in->ent[nid].off = (uint32_t)in->str_n;
	in->ent[nid].len = (uint32_t)n;
	in->str_n += n;
	in->slot[i].k = k;
	in->slot[i].len = (uint32_t)n;
	in->slot[i].id1 = nid + 1;
	*id = nid;
	return 0;
}

void map64_init(struct map64 *m)
{
	memset(m, 0, sizeof *m);
}

void map64_release(struct map64 *m)
{
	if (!m)
		return;
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof *m);
}

static int map64_grow(struct map64 *m)
{
	uint32_t old = m->key ? m->mask + 1 : 0;
	uint32_t cap = old ? old * 2 : 256;
	if (cap == 0)
		return -1;
	uint64_t *k = xmalloc((size_t)cap * sizeof *k);
	uint32_t *v = xmalloc((size_t)cap * sizeof *v);
	memset(k, 0xff, (size_t)cap * sizeof *k);
	for (uint32_t j = 0; j < old; j++) {
		if (m->key[j] == MAP64_EMPTY)
			continue;
		uint32_t i = (uint32_t)hash_u64(m->key[j]) & (cap - 1);
		while (k[i] != MAP64_EMPTY)
			i = (i + 1) & (cap - 1);
		k[i] = m->key[j];
		v[i] = m->val[j];
	}
	free(m->key);
	free(m->val);
	m->key = k;
	m->val = v;
	m->mask = cap - 1;
	return 0;
}

int map64_put(struct map64 *m, uint64_t k, uint32_t v, uint32_t **slot)
{
	uint32_t *got = map64_get(m, k);
	if (got) {
		*slot = got;
		return 0;
	}
	if (!m->key || (m->n + 1) * 2 > m->mask + 1)
		if (map64_grow(m))
			return -1;
	uint32_t i = (uint32_t)hash_u64(k) & m->mask;
	while (m->key[i] != MAP64_EMPTY)
		i = (i + 1) & m->mask;
	m->key[i] = k;
	m->val[i] = v;
	m->n++;
	*slot = &m->val[i];
	return 1;
}
