/* secret.h: randomness, tokens and passwords, all through libsodium.
 *
 * A token is 32 random bytes written as 43 characters of unpadded
 * base64url; only its SHA-256 is ever stored.  Passwords are hashed with
 * Argon2id (libsodium's interactive limits).  secret_init() must run once
 * before any other function here. */
#ifndef ROUNDS_SECRET_H
#define ROUNDS_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "str.h"

#define SECRET_TOKEN_LEN 43
#define SECRET_HASH_LEN 32

/* Initialises libsodium; -1 when it cannot. */
int secret_init(void);

/* Makes a new token into out (SECRET_TOKEN_LEN + 1 bytes, NUL-terminated)
 * and its hash. */
void secret_token_new(char out[SECRET_TOKEN_LEN + 1], unsigned char hash[SECRET_HASH_LEN]);

/* Hashes a token as presented by a client; -1 when it cannot be one of
 * ours (wrong length or alphabet), so garbage never reaches the store. */
int secret_token_hash(str token, unsigned char hash[SECRET_HASH_LEN]);

/* Hashes a password into out (crypto_pwhash_STRBYTES); -1 when out of
 * memory. */
int secret_password_hash(str password, char *out, size_t cap);

/* true when `password` matches `hash`.  With an empty hash it still spends
 * the time of one verification, so an unknown account answers as slowly as
 * a wrong password. */
bool secret_password_check(str password, str hash);

/* HMAC-SHA-256 of `msg` under `key` (32 bytes), as 43 base64url characters. */
void secret_mac(const unsigned char key[32], str msg, char out[SECRET_TOKEN_LEN + 1]);

/* Constant-time comparison of two slices. */
bool secret_equal(str a, str b);

/* Fills `out` with random bytes. */
void secret_random(void *out, size_t n);

#endif
