/* anon.c — receipts, image metadata stripping, the address-free rate
 * limit and the cookie-free form token of anon.h. The rate limit and the
 * token keys live in this process's memory only: a restart forgets them,
 * which is the point. */
#include "domain/anon.h"
#include "core/date.h"
#include "store/store.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void anon_receipt_new(char out[ANON_RECEIPT_SIZE])
{
	size_t k = 0;
	for (int i = 0; i < ANON_RECEIPT_DIGITS; i++) {
		if (i && i % 4 == 0)
			out[k++] = ' ';
		out[k++] = (char)('0' + randombytes_uniform(10));
	}
	out[k] = 0;
}

int anon_receipt_digits(const char *in, char out[ANON_RECEIPT_DIGITS + 1])
{
	int n = 0;
	for (const char *p = in ? in : ""; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == ANON_RECEIPT_DIGITS)
				return -1;
			out[n++] = *p;
		} else if (*p != ' ' && *p != '-' && *p != '\t') {
			return -1;
		}
	}
	out[n] = 0;
	return n == ANON_RECEIPT_DIGITS ? 0 : -1;
}

static const char SALT_SQL[] = "SELECT value FROM config WHERE key = 'anon.salt'";

static int salt_get(struct store *st, unsigned char salt[crypto_pwhash_SALTBYTES], struct err *e)
{
	char hex[2 * crypto_pwhash_SALTBYTES + 1];
	int r = store_text(st, e, hex, sizeof hex, SALT_SQL, "");
	if (r < 0)
		return -1;
	if (r == 0 || strlen(hex) != 2 * crypto_pwhash_SALTBYTES) {
		unsigned char b[crypto_pwhash_SALTBYTES];
		randombytes_buf(b, sizeof b);
		sodium_bin2hex(hex, sizeof hex, b, sizeof b);
		if (store_exec(st, e, "INSERT INTO config(key, value) VALUES ('anon.salt', ?) ON CONFLICT (key) DO NOTHING",
		               "t", hex))
			return -1;
		if (store_text(st, e, hex, sizeof hex, SALT_SQL, "") != 1)
			return err_set(e, ERR_DB, "anon.salt missing");
	}
	size_t n = 0;
	if (sodium_hex2bin(salt, crypto_pwhash_SALTBYTES, hex, strlen(hex), NULL, &n, NULL) || n != crypto_pwhash_SALTBYTES)
		return err_set(e, ERR_INTERNAL, "anon.salt is not %d bytes of hex", crypto_pwhash_SALTBYTES);
	return 0;
}

int anon_receipt_hash(struct store *st, const char *receipt, char out[ANON_HASH_HEX], struct err *e)
{
	char d[ANON_RECEIPT_DIGITS + 1];
	unsigned char salt[crypto_pwhash_SALTBYTES], key[32];
	if (anon_receipt_digits(receipt, d))
		return err_field(e, ERR_INPUT, "receipt", "Enter the %d digits of your receipt", ANON_RECEIPT_DIGITS);
	if (salt_get(st, salt, e))
		return -1;
	/* 3 passes over 16 MiB: slow for a guesser, quick enough for a page */
	if (crypto_pwhash(key, sizeof key, d, strlen(d), salt, 3, (size_t)16 << 20, crypto_pwhash_ALG_ARGON2ID13))
		return err_set(e, ERR_NOMEM, "out of memory hashing the receipt");
	sodium_bin2hex(out, ANON_HASH_HEX, key, sizeof key);
	sodium_memzero(d, sizeof d);
	return 0;
}

int anon_receipt_issue(struct store *st, char receipt[ANON_RECEIPT_SIZE],
                       int (*insert)(struct store *st, void *ctx, const char *hash, struct err *e), void *ctx,
                       struct err *e)
{
	char hash[ANON_HASH_HEX];
	int rc = -1;
	anon_receipt_new(receipt);
	if (anon_receipt_hash(st, receipt, hash, e))
		goto out;
	if (store_begin(st, e))
		goto out;
	if (insert(st, ctx, hash, e) || store_commit(st, e)) {
		store_rollback(st);
		goto out;
	}
	rc = 0;
out:
	if (rc)
		memset(receipt, 0, ANON_RECEIPT_SIZE);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int anon_receipt_find(struct store *st, const char *receipt, const char *sql, const char *what, int64_t *id,
                      struct err *e)
{
	char hash[ANON_HASH_HEX];
	struct err he = { 0 };
	*id = 0;
	int r = anon_receipt_hash(st, receipt, hash, &he) ? -2 : store_int(st, e, id, sql, "t", hash);
	sodium_memzero(hash, sizeof hash);
	if (r == -2 && he.code != ERR_INPUT)
		return err_set(e, he.code, "%s", he.msg);
	if (r == -1)
		return -1;
	if (r <= 0)
		return err_field(e, ERR_NOTFOUND, "receipt", "No %s has this receipt: check the %d digits", what,
		                 ANON_RECEIPT_DIGITS);
	return 0;
}

/* ---- images ---- */

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int strip_jpeg(const unsigned char *p, size_t n, struct buf *out, struct err *e)
{
	size_t i = 2;
	buf_add(out, p, 2); /* SOI */
	for (;;) {
		if (i + 2 > n || p[i] != 0xFF)
			return err_set(e, ERR_INPUT, "The picture is not a complete JPEG image");
		while (i + 1 < n && p[i + 1] == 0xFF) /* fill bytes */
			i++;
		if (i + 2 > n)
			return err_set(e, ERR_INPUT, "The picture is not a complete JPEG image");
		unsigned m = p[i + 1];
		if (m == 0xD9) { /* EOI: anything after it is dropped */
			buf_add(out, p + i, 2);
			break;
		}
		if ((m >= 0xD0 && m <= 0xD7) || m == 0x01 || m == 0xD8 || m == 0x00) {
			buf_add(out, p + i, 2);
			i += 2;
			continue;
		}
		if (i + 4 > n)
			return err_set(e, ERR_INPUT, "The picture is not a complete JPEG image");
		size_t len = be16(p + i + 2);
		if (len < 2 || i + 2 + len > n)
			return err_set(e, ERR_INPUT, "The picture is not a complete JPEG image");
		int drop = (m >= 0xE0 && m <= 0xEF) || m == 0xFE; /* APPn (Exif, XMP, ...) and comments */
		if (!drop)
			buf_add(out, p + i, 2 + len);
		i += 2 + len;
		if (m == 0xDA) { /* start of scan: entropy-coded data up to the next real marker */
			size_t j = i;
			while (j + 1 < n && !(p[j] == 0xFF && p[j + 1] != 0x00 && !(p[j + 1] >= 0xD0 && p[j + 1] <= 0xD7)))
				j++;
			if (j + 1 >= n)
				return err_set(e, ERR_INPUT, "The picture is not a complete JPEG image");
			buf_add(out, p + i, j - i);
			i = j;
		}
	}
	return out->oom ? err_set(e, ERR_INPUT, "The picture is too large") : 0;
}

/* Chunks kept: the critical ones and those that change how the picture
 * looks. Everything else (text, eXIf, tIME, iCCP's profile name...) goes. */
static int png_keep(const unsigned char *t)
{
	static const char *const keep[] = { "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT",
		                            "bKGD", "pHYs" };
	for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
		if (memcmp(t, keep[k], 4) == 0)
			return 1;
	return 0;
}

static int strip_png(const unsigned char *p, size_t n, struct buf *out, struct err *e)
{
	size_t i = 8;
	int ended = 0, ihdr = 0;
	buf_add(out, p, 8);
	while (!ended) {
		if (i + 12 > n)
			return err_set(e, ERR_INPUT, "The picture is not a complete PNG image");
		uint32_t len = be32(p + i);
		if (len > n || i + 12 + len > n)
			return err_set(e, ERR_INPUT, "The picture is not a complete PNG image");
		const unsigned char *type = p + i + 4;
		if (i == 8)
			ihdr = memcmp(type, "IHDR", 4) == 0;
		if (memcmp(type, "IEND", 4) == 0)
			ended = 1;
		if (png_keep(type))
			buf_add(out, p + i, 12 + len);
		i += 12 + (size_t)len;
	}
	if (!ihdr)
		return err_set(e, ERR_INPUT, "The picture is not a PNG image");
	return out->oom ? err_set(e, ERR_INPUT, "The picture is too large") : 0;
}

int anon_strip_image(const void *data, size_t n, struct buf *out, const char **ctype, struct err *e)
{
	const unsigned char *p = data;
	static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
		*ctype = "image/jpeg";
		return strip_jpeg(p, n, out, e);
	}
	if (n >= 8 && memcmp(p, png_sig, 8) == 0) {
		*ctype = "image/png";
		return strip_png(p, n, out, e);
	}
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return err_set(e, ERR_INPUT, "PDF files cannot be attached: they carry details of who made them that "
		                             "cannot be removed safely. Attach JPEG or PNG pictures only");
	return err_set(e, ERR_INPUT, "Only JPEG and PNG pictures can be attached");
}

/* ---- rate limit: keyed hashes under a daily secret, in memory ---- */

#define RATE_SLOTS 4096
static struct {
	unsigned char key[16];
	long hour;
	int count;
} rate[RATE_SLOTS];
static unsigned char rate_secret[crypto_generichash_KEYBYTES];
static long rate_day = -1;
static pthread_mutex_t rate_mu = PTHREAD_MUTEX_INITIALIZER;

int anon_rate_allow(const char *addr, int per_hour)
{
	int64_t now = time_now_unix();
	long day = (long)(now / 86400), hour = (long)(now / 3600);
	unsigned char k[16];
	int ok = 1;
	pthread_mutex_lock(&rate_mu);
	if (day != rate_day) { /* a new day: a new secret, and yesterday's counts forgotten */
		randombytes_buf(rate_secret, sizeof rate_secret);
		memset(rate, 0, sizeof rate);
		rate_day = day;
	}
	crypto_generichash(k, sizeof k, (const unsigned char *)(addr ? addr : ""), addr ? strlen(addr) : 0,
	                   rate_secret, sizeof rate_secret);
	size_t h = ((size_t)k[0] << 8 | k[1]) % RATE_SLOTS;
	for (size_t probe = 0; probe < 8; probe++) {
		size_t s = (h + probe) % RATE_SLOTS;
		if (rate[s].hour == hour && memcmp(rate[s].key, k, sizeof k) == 0) {
			if (rate[s].count >= per_hour)
				ok = 0;
			else
				rate[s].count++;
			goto out;
		}
		if (rate[s].hour != hour) { /* empty or stale: take it */
			memcpy(rate[s].key, k, sizeof k);
			rate[s].hour = hour;
			rate[s].count = 1;
			ok = per_hour > 0;
			goto out;
		}
	}
	ok = 0; /* the table's neighbourhood is full this hour: a flood, refuse */
out:
	pthread_mutex_unlock(&rate_mu);
	sodium_memzero(k, sizeof k);
	return ok;
}

/* ---- form token ---- */

static unsigned char tok_key[crypto_auth_KEYBYTES];
static pthread_once_t tok_once = PTHREAD_ONCE_INIT;
static void tok_init(void) { crypto_auth_keygen(tok_key); }

#define TOKEN_LIFE 7200

static void token_mac(const char *msg, size_t n, char hex[2 * crypto_auth_BYTES + 1])
{
	unsigned char mac[crypto_auth_BYTES];
	crypto_auth(mac, (const unsigned char *)msg, n, tok_key);
	sodium_bin2hex(hex, 2 * crypto_auth_BYTES + 1, mac, sizeof mac);
}

void anon_form_token(char out[ANON_TOKEN_SIZE])
{
	unsigned char nonce[12];
	char nhex[25], mac[2 * crypto_auth_BYTES + 1];
	pthread_once(&tok_once, tok_init);
	randombytes_buf(nonce, sizeof nonce);
	sodium_bin2hex(nhex, sizeof nhex, nonce, sizeof nonce);
	int n = snprintf(out, ANON_TOKEN_SIZE, "%s.%lld", nhex, (long long)(time_now_unix() + TOKEN_LIFE));
	token_mac(out, (size_t)n, mac);
	snprintf(out + n, ANON_TOKEN_SIZE - (size_t)n, ".%s", mac);
}

int anon_form_token_ok(const char *tok)
{
	char mac[2 * crypto_auth_BYTES + 1];
	pthread_once(&tok_once, tok_init);
	if (!tok)
		return 0;
	const char *dot2 = strrchr(tok, '.');
	const char *dot1 = strchr(tok, '.');
	if (!dot1 || dot2 == dot1 || strlen(dot2 + 1) != 2 * crypto_auth_BYTES)
		return 0;
	token_mac(tok, (size_t)(dot2 - tok), mac);
	if (sodium_memcmp(mac, dot2 + 1, 2 * crypto_auth_BYTES) != 0)
		return 0;
	long long exp = strtoll(dot1 + 1, NULL, 10);
	return exp >= time_now_unix();
}
