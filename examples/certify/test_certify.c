/*
 * Tests of pcf-certify's canonicalisation (jcs.c) and keys (keys.c).
 * Expected texts are RFC 8785's own examples (§3.2.2, §3.2.3, Appendix B) and RFC 8032's first
 * Ed25519 test vector (§7.1, TEST 1).
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include "jcs.h"
#include "keys.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

static char *canon(const char *json_text)
{
    json_error_t jerr;
    json_t *v = json_loads(json_text, JSON_DECODE_ANY, &jerr);
    assert_non_null(v);
    char why[160];
    char *out = jcs_canonical(v, why, sizeof why);
    json_decref(v);
    return out;
}

/* RFC 8785 §3.2.2: the sample input and its canonical form. */
static void rfc8785_sample(void **state)
{
    (void)state;
    char *out =
        canon("{\n  \"numbers\": [333333333.33333329, 1E30, 4.50,\n"
              "              2e-3, 0.000000000000000000000000001],\n"
              "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
              "  \"literals\": [null, true, false]\n}");
    assert_non_null(out);
    assert_string_equal(out, "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,"
                             "1e+30,4.5,0.002,1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B"
                             "\\\"\\\\\\\\\\\"/\"}");
    free(out);
}

/* RFC 8785 §3.2.3: member names sorted by UTF-16 code units (the emoji, a surrogate pair
 * D83D DE00, sorts before U+FB33). */
static void rfc8785_sorting(void **state)
{
    (void)state;
    char *out = canon("{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\","
                      "\"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\", \"1\": \"One\","
                      "\"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
                      "\"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}");
    assert_non_null(out);
    assert_string_equal(out, "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
                             "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
                             "\"\xe2\x82\xac\":\"Euro Sign\",\"\xf0\x9f\x98\x80\":\"Emoji: "
                             "Grinning Face\",\"\xef\xac\xb3\":\"Hebrew Letter Dalet With "
                             "Dagesh\"}");
    free(out);
}

static double from_bits(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* RFC 8785 Appendix B: IEEE 754 bit patterns and their ECMAScript text. */
static void rfc8785_numbers(void **state)
{
    (void)state;
    static const struct {
        uint64_t bits;
        const char *text;
    } cases[] = {
        {0x0000000000000000u, "0"},
        {0x8000000000000000u, "0"},
        {0x0000000000000001u, "5e-324"},
        {0x8000000000000001u, "-5e-324"},
        {0x7fefffffffffffffu, "1.7976931348623157e+308"},
        {0xffefffffffffffffu, "-1.7976931348623157e+308"},
        {0x4340000000000000u, "9007199254740992"},
        {0xc340000000000000u, "-9007199254740992"},
        {0x4430000000000000u, "295147905179352830000"},
        {0x44b52d02c7e14af5u, "9.999999999999997e+22"},
        {0x44b52d02c7e14af6u, "1e+23"},
        {0x44b52d02c7e14af7u, "1.0000000000000001e+23"},
        {0x444b1ae4d6e2ef4eu, "999999999999999700000"},
        {0x444b1ae4d6e2ef4fu, "999999999999999900000"},
        {0x444b1ae4d6e2ef50u, "1e+21"},
        {0x3eb0c6f7a0b5ed8cu, "9.999999999999997e-7"},
        {0x3eb0c6f7a0b5ed8du, "0.000001"},
        {0x41b3de4355555553u, "333333333.3333332"},
        {0x41b3de4355555554u, "333333333.33333325"},
        {0x41b3de4355555555u, "333333333.3333333"},
        {0x41b3de4355555556u, "333333333.3333334"},
        {0x41b3de4355555557u, "333333333.33333343"},
        {0xbecbf647612f3696u, "-0.0000033333333333333333"},
        {0x43143ff3c1cb0959u, "1424953923781206.2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[40];
        assert_int_equal(jcs_number(from_bits(cases[i].bits), buf, sizeof buf), 0);
        if (strcmp(buf, cases[i].text) != 0)
            fail_msg("%016llx: got %s, RFC 8785 says %s", (unsigned long long)cases[i].bits, buf,
                     cases[i].text);
    }
    char buf[40];
    /* 0x7fffffffffffffff (NaN) and 0x7ff0000000000000 (Infinity) are errors. */
    assert_int_equal(jcs_number(from_bits(0x7fffffffffffffffu), buf, sizeof buf), -1);
    assert_int_equal(jcs_number(from_bits(0x7ff0000000000000u), buf, sizeof buf), -1);
}

/* Integers are numbers like any other; one past 2^53 is refused with the reason. */
static void integers(void **state)
{
    (void)state;
    char *out = canon("[1, -0, 100, 9007199254740992]");
    assert_string_equal(out, "[1,0,100,9007199254740992]");
    free(out);
    json_t *v = json_integer(9007199254740993LL);
    char why[160];
    assert_null(jcs_canonical(v, why, sizeof why));
    assert_non_null(strstr(why, "2^53"));
    json_decref(v);
}

/* RFC 8032 §7.1 TEST 1: secret key, public key and the signature of the empty message. */
static void ed25519_vector(void **state)
{
    (void)state;
    uint8_t priv[ED25519_KEY_SIZE];
    assert_int_equal(hex_decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                                priv, sizeof priv),
                     0);
    cert_key key;
    key_from_private(&key, priv);
    char pub[2 * ED25519_KEY_SIZE + 1];
    hex_encode(key.pub, ED25519_KEY_SIZE, pub);
    assert_string_equal(pub, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    char sig[2 * ED25519_SIGNATURE_SIZE + 1];
    key_sign(&key, "", 0, sig);
    assert_string_equal(sig, "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                             "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assert_int_equal(key_verify(&key, "", 0, sig), 1);
    assert_int_equal(key_verify(&key, "x", 1, sig), 0); /* another message */
    sig[0] = 'f';
    assert_int_equal(key_verify(&key, "", 0, sig), 0);  /* a changed signature */
    assert_int_equal(key_verify(&key, "", 0, "zz"), 0); /* not hex */
}

/* keygen writes two 0600 files; reading them back gives the same key; misuse is refused with
 * the reason. */
static void key_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/pcf-certify-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char prefix[256], priv[300], pub[300], why[512];
    snprintf(prefix, sizeof prefix, "%s/k", dir);
    snprintf(priv, sizeof priv, "%s.key", prefix);
    snprintf(pub, sizeof pub, "%s.pub", prefix);
    cert_key made, back;
    assert_int_equal(key_generate(prefix, &made, why, sizeof why), 0);
    struct stat st;
    assert_int_equal(stat(priv, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(pub, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    assert_int_equal(key_read(priv, 1, &back, why, sizeof why), 0);
    assert_memory_equal(back.pub, made.pub, ED25519_KEY_SIZE);
    assert_string_equal(back.fingerprint, made.fingerprint);
    assert_int_equal(key_read(pub, 0, &back, why, sizeof why), 0);
    assert_string_equal(back.fingerprint, made.fingerprint);
    assert_int_equal(back.has_private, 0);

    /* A second keygen with the same name does not overwrite. */
    assert_int_equal(key_generate(prefix, &back, why, sizeof why), -1);
    assert_non_null(strstr(why, "never overwritten"));
    /* Signing with the public key file. */
    assert_int_equal(key_read(pub, 1, &back, why, sizeof why), -1);
    assert_non_null(strstr(why, "is a public key"));
    /* A private key others may read. */
    assert_int_equal(chmod(priv, 0644), 0);
    assert_int_equal(key_read(priv, 1, &back, why, sizeof why), -1);
    assert_non_null(strstr(why, "chmod 600"));
    /* No such file. */
    char missing[300];
    snprintf(missing, sizeof missing, "%s/none.key", dir);
    assert_int_equal(key_read(missing, 1, &back, why, sizeof why), -1);
    assert_non_null(strstr(why, "keygen"));

    unlink(priv);
    unlink(pub);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc8785_sample),  cmocka_unit_test(rfc8785_sorting),
        cmocka_unit_test(rfc8785_numbers), cmocka_unit_test(integers),
        cmocka_unit_test(ed25519_vector),  cmocka_unit_test(key_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
