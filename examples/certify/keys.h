/*
 * Ed25519 signing keys for pcf-certify (GNU Nettle's hogweed, RFC 8032).
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_CERTIFY_KEYS_H
#define PCF_CERTIFY_KEYS_H

#include <nettle/eddsa.h>
#include <nettle/sha2.h>
#include <stddef.h>
#include <stdint.h>

#define KEY_FINGERPRINT_HEX (2 * SHA256_DIGEST_SIZE + 1)

typedef struct cert_key {
    uint8_t pub[ED25519_KEY_SIZE];
    uint8_t priv[ED25519_KEY_SIZE]; /* all zero in a public key */
    int has_private;
    char fingerprint[KEY_FINGERPRINT_HEX]; /* SHA-256 of the 32 public-key bytes, lower-case hex */
} cert_key;

/* Lower-case hex of @p n bytes into @p hex (2n + 1 bytes). */
void hex_encode(const uint8_t *bytes, size_t n, char *hex);
/* Reads exactly @p n bytes of hex; returns 0, or -1 for any other text. */
int hex_decode(const char *hex, uint8_t *bytes, size_t n);

/* Fills @p key from 32 bytes of private key (the RFC 8032 seed): public key and fingerprint. */
void key_from_private(cert_key *key, const uint8_t priv[ED25519_KEY_SIZE]);

/*
 * Writes a new key pair, PREFIX.key (private) and PREFIX.pub (public), both created with mode
 * 0600 and never over an existing file; the private key is 32 bytes from getrandom(2).
 * Returns 0, or -1 with the reason in @p why.
 */
int key_generate(const char *prefix, cert_key *key, char *why, size_t why_size);

/*
 * Reads a key file written by key_generate(). @p want_private asks for the private key (signing):
 * a public key file, a file that others may read (mode beyond 0600), or a private key whose
 * stored public half does not match is refused. Returns 0, or -1 with the reason in @p why.
 */
int key_read(const char *path, int want_private, cert_key *key, char *why, size_t why_size);

/* Ed25519 signature of @p msg, as 128 lower-case hex digits. */
void key_sign(const cert_key *key, const char *msg, size_t len,
              char hex[2 * ED25519_SIGNATURE_SIZE + 1]);

/* 1 when @p hex is a valid signature of @p msg under @p key's public key, else 0. */
int key_verify(const cert_key *key, const char *msg, size_t len, const char *hex);

#endif
