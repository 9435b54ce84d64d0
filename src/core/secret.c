/* secret.c: libsodium wrappers.  Password hashing allocates its memory
 * inside libsodium (64 MiB per call at the interactive limit), never in a
 * request arena. */
#include "secret.h"

#include <pthread.h>
#include <sodium.h>

int secret_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static void b64(const unsigned char raw[32], char out[SECRET_TOKEN_LEN + 1])
{
	sodium_bin2base64(out, SECRET_TOKEN_LEN + 1, raw, 32, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void secret_token_new(char out[SECRET_TOKEN_LEN + 1], unsigned char hash[SECRET_HASH_LEN])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	b64(raw, out);
	crypto_hash_sha256(hash, (const unsigned char *)out, SECRET_TOKEN_LEN);
	sodium_memzero(raw, sizeof raw);
}

int secret_token_hash(str token, unsigned char hash[SECRET_HASH_LEN])
{
	if (token.n != SECRET_TOKEN_LEN)
		return -1;
	for (size_t i = 0; i < token.n; i++) {
		char c = token.p[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
			  c == '_';
		if (!ok)
			return -1;
	}
	crypto_hash_sha256(hash, (const unsigned char *)token.p, token.n);
	return 0;
}

int secret_password_hash(str password, char *out, size_t cap)
{
	if (cap < crypto_pwhash_STRBYTES)
		return -1;
	return crypto_pwhash_str(out, password.p, password.n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
		       ? 0
		       : -1;
}

/* A valid hash of a password nobody has, made once, so that checks against
 * unknown accounts cost what real checks cost. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
	if (secret_password_hash(S("no password is this"), dummy_hash, sizeof dummy_hash) < 0)
		dummy_hash[0] = '\0';
}

bool secret_password_check(str password, str hash)
{
	char h[crypto_pwhash_STRBYTES];
	bool real = hash.n > 0 && hash.n < sizeof h;
	if (real) {
		memcpy(h, hash.p, hash.n);
		h[hash.n] = '\0';
	} else {
		pthread_once(&dummy_once, dummy_make);
		memcpy(h, dummy_hash, sizeof h);
	}
	int rc = crypto_pwhash_str_verify(h, password.p, password.n);
	sodium_memzero(h, sizeof h);
	return real && rc == 0;
}

void secret_mac(const unsigned char key[32], str msg, char out[SECRET_TOKEN_LEN + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, 32);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg.p, msg.n);
	crypto_auth_hmacsha256_final(&st, mac);
	b64(mac, out);
}

bool secret_equal(str a, str b)
{
	if (a.n != b.n)
		return false;
	return a.n == 0 || sodium_memcmp(a.p, b.p, a.n) == 0;
}

void secret_random(void *out, size_t n)
{
	randombytes_buf(out, n);
}
