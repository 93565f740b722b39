/*
 * Ed25519 key files for pcf-certify.
 *
 * A key file is a small JSON object: {"pcf_certify_key": "Ed25519 private" | "Ed25519 public",
 * "public_key": 64 hex digits, "fingerprint": SHA-256 of the public key in hex, and for the
 * private file "private_key": the 32-byte RFC 8032 private key in hex}. Both files are created
 * with mode 0600 (O_EXCL: an existing key is never overwritten); a private key that others may
 * read is refused, as ssh refuses one.
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* getrandom's header on glibc, fchmod */
#endif
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define TYPE_PRIVATE "Ed25519 private"
#define TYPE_PUBLIC  "Ed25519 public"

void hex_encode(const uint8_t *bytes, size_t n, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        hex[2 * i] = digits[bytes[i] >> 4];
        hex[2 * i + 1] = digits[bytes[i] & 15];
    }
    hex[2 * n] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int hex_decode(const char *hex, uint8_t *bytes, size_t n)
{
    if (!hex || strlen(hex) != 2 * n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        bytes[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

static void fingerprint(const uint8_t pub[ED25519_KEY_SIZE], char hex[KEY_FINGERPRINT_HEX])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, ED25519_KEY_SIZE, pub);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    hex_encode(digest, SHA256_DIGEST_SIZE, hex);
}

void key_from_private(cert_key *key, const uint8_t priv[ED25519_KEY_SIZE])
{
    memcpy(key->priv, priv, ED25519_KEY_SIZE);
    ed25519_sha512_public_key(key->pub, key->priv);
    key->has_private = 1;
    fingerprint(key->pub, key->fingerprint);
}

static int write_new_file(const char *path, const char *text, char *why, size_t why_size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        snprintf(why, why_size, "cannot create %s: %s%s", path, strerror(errno),
                 errno == EEXIST ? " (an existing key is never overwritten; remove it first or "
                                   "choose another name)"
                                 : "");
        return -1;
    }
    size_t len = strlen(text), done = 0;
    int rc = fchmod(fd, 0600); /* the umask may only narrow it; make it exact */
    while (rc == 0 && done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            rc = -1;
        else
            done += (size_t)w;
    }
    if (close(fd) != 0)
        rc = -1;
    if (rc != 0) {
        snprintf(why, why_size, "cannot write %s: %s", path, strerror(errno));
        unlink(path);
    }
    return rc;
}

static char *key_text(const cert_key *key, int with_private)
{
    char pub[2 * ED25519_KEY_SIZE + 1], priv[2 * ED25519_KEY_SIZE + 1];
    hex_encode(key->pub, ED25519_KEY_SIZE, pub);
    json_t *o =
        json_pack("{s:s, s:s, s:s}", "pcf_certify_key", with_private ? TYPE_PRIVATE : TYPE_PUBLIC,
                  "public_key", pub, "fingerprint", key->fingerprint);
    if (o && with_private) {
        hex_encode(key->priv, ED25519_KEY_SIZE, priv);
        json_object_set_new(o, "private_key", json_string(priv));
        memset(priv, 0, sizeof priv);
    }
    char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return text;
}

int key_generate(const char *prefix, cert_key *key, char *why, size_t why_size)
{
    uint8_t seed[ED25519_KEY_SIZE];
    size_t got = 0;
    while (got < sizeof seed) {
        ssize_t n = getrandom(seed + got, sizeof seed - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(why, why_size, "getrandom failed: %s", strerror(errno));
            return -1;
        }
        got += (size_t)n;
    }
    key_from_private(key, seed);
    memset(seed, 0, sizeof seed);

    char priv_path[4096], pub_path[4096];
    if ((size_t)snprintf(priv_path, sizeof priv_path, "%s.key", prefix) >= sizeof priv_path ||
        (size_t)snprintf(pub_path, sizeof pub_path, "%s.pub", prefix) >= sizeof pub_path) {
        snprintf(why, why_size, "the key name is too long");
        return -1;
    }
    char *priv_text = key_text(key, 1), *pub_text = key_text(key, 0);
    int rc = -1;
    if (!priv_text || !pub_text)
        snprintf(why, why_size, "out of memory");
    else if (write_new_file(priv_path, priv_text, why, why_size) == 0) {
        rc = write_new_file(pub_path, pub_text, why, why_size);
        if (rc != 0)
            unlink(priv_path);
    }
    if (priv_text)
        memset(priv_text, 0, strlen(priv_text));
    free(priv_text);
    free(pub_text);
    return rc;
}

int key_read(const char *path, int want_private, cert_key *key, char *why, size_t why_size)
{
    memset(key, 0, sizeof *key);
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(why, why_size, "cannot read key file %s: %s%s", path, strerror(errno),
                 want_private ? " (make one with: pcf-certify keygen NAME)" : "");
        return -1;
    }
    if (want_private && (st.st_mode & 077)) {
        snprintf(why, why_size,
                 "private key %s may be read by others (mode %04o); run: chmod 600 %s", path,
                 (unsigned)(st.st_mode & 07777), path);
        return -1;
    }
    json_error_t jerr;
    json_t *o = json_load_file(path, 0, &jerr);
    const char *type = json_string_value(json_object_get(o, "pcf_certify_key"));
    const char *pub = json_string_value(json_object_get(o, "public_key"));
    const char *priv = json_string_value(json_object_get(o, "private_key"));
    int rc = -1;
    uint8_t bytes[ED25519_KEY_SIZE];
    if (!o || !type) {
        snprintf(why, why_size, "%s is not a pcf-certify key file (written by pcf-certify keygen)",
                 path);
    } else if (want_private && strcmp(type, TYPE_PRIVATE) != 0) {
        snprintf(why, why_size,
                 "%s is a public key; signing needs the private key (NAME.key from keygen)", path);
    } else if (strcmp(type, TYPE_PRIVATE) == 0) {
        if (hex_decode(priv, bytes, sizeof bytes) != 0) {
            snprintf(why, why_size, "%s: private_key is not 64 hex digits", path);
        } else {
            key_from_private(key, bytes);
            char stored[2 * ED25519_KEY_SIZE + 1];
            hex_encode(key->pub, ED25519_KEY_SIZE, stored);
            if (!pub || strcmp(stored, pub) != 0) {
                snprintf(why, why_size,
                         "%s: public_key does not belong to private_key (the file was edited)",
                         path);
            } else {
                if (!want_private) { /* a verifier given the private file uses its public half */
                    memset(key->priv, 0, sizeof key->priv);
                    key->has_private = 0;
                }
                rc = 0;
            }
        }
        memset(bytes, 0, sizeof bytes);
    } else if (strcmp(type, TYPE_PUBLIC) == 0) {
        if (hex_decode(pub, key->pub, sizeof key->pub) != 0) {
            snprintf(why, why_size, "%s: public_key is not 64 hex digits", path);
        } else {
            fingerprint(key->pub, key->fingerprint);
            rc = 0;
        }
    } else {
        snprintf(why, why_size, "%s: unknown key type \"%s\" (expected \"%s\" or \"%s\")", path,
                 type, TYPE_PRIVATE, TYPE_PUBLIC);
    }
    json_decref(o);
    if (rc != 0)
        memset(key, 0, sizeof *key);
    return rc;
}

void key_sign(const cert_key *key, const char *msg, size_t len,
              char hex[2 * ED25519_SIGNATURE_SIZE + 1])
{
    uint8_t sig[ED25519_SIGNATURE_SIZE];
    ed25519_sha512_sign(key->pub, key->priv, len, (const uint8_t *)msg, sig);
    hex_encode(sig, sizeof sig, hex);
}

int key_verify(const cert_key *key, const char *msg, size_t len, const char *hex)
{
    uint8_t sig[ED25519_SIGNATURE_SIZE];
    if (hex_decode(hex, sig, sizeof sig) != 0)
        return 0;
    return ed25519_sha512_verify(key->pub, len, (const uint8_t *)msg, sig) ? 1 : 0;
}
