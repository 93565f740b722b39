/*
 * pcf-pact-server — serves the certificate records of pcf-certify as PACT ProductFootprints
 * over the PACT REST API, v2 (/2/...) and v3 (/3/...), with libmicrohttpd.
 *
 *   pcf-pact-server --records DIR --clients FILE [--site FILE] [--db FILE] [--listen ADDR]
 *                   [--port N] [--base-url URL] [--token-ttl S] [--threads N]
 *
 * Endpoints: POST /auth/token (OAuth 2.0 client credentials, RFC 6749 section 4.4: HTTP Basic
 * client authentication, grant_type=client_credentials), GET /2/footprints and /3/footprints
 * (list: limit, a Link rel="next" header while more remain; filters: v2 $filter, v3 query
 * parameters), GET /2/footprints/{id} and /3/footprints/{id}, POST /2/events and /3/events
 * (CloudEvents checked and accepted). Errors are {"code": ..., "message": ...} with the
 * specification's codes; the token endpoint answers as RFC 6749 section 5.2 says.
 *
 * Plain HTTP on the listen address (127.0.0.1 by default): TLS is a reverse proxy's job
 * (docs/server.md). Every request is bounded: 16 KiB of URL and headers, 64 KiB of body, 10 s
 * idle per connection, 256 connections. Runs until SIGINT or SIGTERM.
 *
 * An ordinary user of the library: <pcf/pcf.h>, jansson for the documents, libmicrohttpd.
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "store.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#define MAX_BODY      (64 * 1024)
#define MAX_TOKENS    4096
#define MAX_CLIENTS   256
#define MAX_LIMIT     1000
#define DEFAULT_LIMIT 100

typedef struct client {
    char id[128];
    char secret[128];
} client;

typedef struct token {
    char text[65];
    time_t expires;
} token;

typedef struct server {
    store st;
    client clients[MAX_CLIENTS];
    size_t n_clients;
    token tokens[MAX_TOKENS];
    size_t n_tokens;
    pthread_mutex_t mu;
    unsigned ttl;
    const char *base_url;
    unsigned long events;
} server;

typedef struct request {
    char *body;
    size_t len;
    int too_big;
} request;

/* ---- responses ----------------------------------------------------------------------------- */

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *type,
                                 const char *text, size_t len, const char *link,
                                 const char *www_auth)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)text, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    if (type)
        MHD_add_response_header(r, "Content-Type", type);
    if (link)
        MHD_add_response_header(r, "Link", link);
    if (www_auth)
        MHD_add_response_header(r, "WWW-Authenticate", www_auth);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, json_t *doc,
                                 const char *link, const char *www_auth)
{
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!text)
        return MHD_NO;
    enum MHD_Result r =
        send_text(c, status, "application/json", text, strlen(text), link, www_auth);
    free(text);
    return r;
}

/* A PACT error response: {"code": code, "message": message}. */
static enum MHD_Result pact_error(struct MHD_Connection *c, unsigned status, const char *code,
                                  const char *message)
{
    return send_json(c, status, json_pack("{s:s,s:s}", "code", code, "message", message), NULL,
                     status == 401 ? "Bearer realm=\"pcf\"" : NULL);
}

/* An OAuth 2.0 error response (RFC 6749 section 5.2). */
static enum MHD_Result oauth_error(struct MHD_Connection *c, unsigned status, const char *error,
                                   const char *description)
{
    return send_json(c, status,
                     json_pack("{s:s,s:s}", "error", error, "error_description", description), NULL,
                     status == 401 ? "Basic realm=\"pcf\"" : NULL);
}

/* ---- clients and tokens -------------------------------------------------------------------- */

/* Compares without an early exit, so the time taken does not tell how much of a secret matched. */
static int same_secret(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    unsigned diff = (unsigned)(na ^ nb);
    for (size_t i = 0; i < na; i++)
        diff |= (unsigned)(unsigned char)a[i] ^ (unsigned)(unsigned char)b[i % (nb ? nb : 1)];
    return diff == 0;
}

static int client_ok(const server *s, const char *id, const char *secret)
{
    int ok = 0;
    for (size_t i = 0; i < s->n_clients; i++)
        if (strcmp(s->clients[i].id, id) == 0)
            ok |= same_secret(s->clients[i].secret, secret);
    return ok;
}

/* A new token (64 hex digits of getrandom(2)); 0 on success. */
static int issue_token(server *s, char out[65])
{
    uint8_t raw[32];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        return -1;
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    time_t now = time(NULL);
    pthread_mutex_lock(&s->mu);
    size_t k = 0; /* drop expired tokens */
    for (size_t i = 0; i < s->n_tokens; i++)
        if (s->tokens[i].expires > now)
            s->tokens[k++] = s->tokens[i];
    s->n_tokens = k;
    if (s->n_tokens == MAX_TOKENS) { /* full: the oldest goes */
        memmove(s->tokens, s->tokens + 1, (MAX_TOKENS - 1) * sizeof *s->tokens);
        s->n_tokens--;
    }
    memcpy(s->tokens[s->n_tokens].text, out, 65);
    s->tokens[s->n_tokens++].expires = now + (time_t)s->ttl;
    pthread_mutex_unlock(&s->mu);
    return 0;
}

enum { TOKEN_OK, TOKEN_MISSING, TOKEN_UNKNOWN, TOKEN_EXPIRED };

static int check_token(server *s, struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h)
        return TOKEN_MISSING;
    if (strncasecmp(h, "Bearer ", 7) != 0)
        return TOKEN_UNKNOWN;
    const char *t = h + 7;
    while (*t == ' ')
        t++;
    if (strlen(t) != 64)
        return TOKEN_UNKNOWN;
    int r = TOKEN_UNKNOWN;
    time_t now = time(NULL);
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->n_tokens; i++)
        if (same_secret(s->tokens[i].text, t))
            r = s->tokens[i].expires > now ? TOKEN_OK : TOKEN_EXPIRED;
    pthread_mutex_unlock(&s->mu);
    return r;
}

/* The answer to a request without a valid token, as each version specifies: v3 answers 401 to
 * an invalid or expired token; v2 answers 403 AccessDenied to an invalid one and 401
 * TokenExpired to an expired one. No data either way. */
static enum MHD_Result refuse_token(struct MHD_Connection *c, int v3, int why)
{
    if (why == TOKEN_EXPIRED)
        return pact_error(c, 401, "TokenExpired",
                          "the access token has expired; get a new one "
                          "from /auth/token");
    const char *msg = why == TOKEN_MISSING
                          ? "an access token is needed: Authorization: Bearer <token from "
                            "/auth/token>"
                          : "the access token is not valid; get one from /auth/token";
    return v3 ? pact_error(c, 401, "AccessDenied", msg) : pact_error(c, 403, "AccessDenied", msg);
}

/* Decodes %XX and '+' of a form value in place. */
static void form_decode(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p == '+') {
            *o++ = ' ';
        } else if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            char hex[3] = {p[1], p[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
}

static enum MHD_Result auth_token(server *s, struct MHD_Connection *c, const char *method,
                                  request *rq)
{
    if (strcmp(method, "POST") != 0)
        return oauth_error(c, 400, "invalid_request", "POST grant_type=client_credentials");
    /* form fields: grant_type, and client_id/client_secret when not in the Basic header */
    char grant[64] = "", body_id[128] = "", body_secret[128] = "";
    char empty[1] = "";
    char *body = rq->body ? rq->body : empty;
    for (char *save = NULL, *kv = strtok_r(body, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq)
            continue;
        *eq = '\0';
        form_decode(kv);
        form_decode(eq + 1);
        if (strcmp(kv, "grant_type") == 0)
            snprintf(grant, sizeof grant, "%s", eq + 1);
        else if (strcmp(kv, "client_id") == 0)
            snprintf(body_id, sizeof body_id, "%s", eq + 1);
        else if (strcmp(kv, "client_secret") == 0)
            snprintf(body_secret, sizeof body_secret, "%s", eq + 1);
    }
    char *pass = NULL;
    char *user = MHD_basic_auth_get_username_password(c, &pass);
    int ok = user && pass ? client_ok(s, user, pass)
             : body_id[0] ? client_ok(s, body_id, body_secret)
                          : -1;
    if (user)
        MHD_free(user);
    if (pass)
        MHD_free(pass);
    if (ok < 0)
        return oauth_error(c, 401, "invalid_client",
                           "authenticate the client with HTTP Basic (client id and secret)");
    if (!ok)
        return oauth_error(c, 401, "invalid_client", "unknown client or wrong secret");
    if (strcmp(grant, "client_credentials") != 0)
        return oauth_error(c, 400, "unsupported_grant_type",
                           "only grant_type=client_credentials is supported");
    char tok[65];
    if (issue_token(s, tok) != 0)
        return pact_error(c, 500, "InternalError", "no random bytes for a token");
    return send_json(c, 200,
                     json_pack("{s:s,s:s,s:i,s:s}", "access_token", tok, "token_type", "bearer",
                               "expires_in", (int)s->ttl, "scope", "footprint:list footprint:read"),
                     NULL, NULL);
}

/* ---- footprints ---------------------------------------------------------------------------- */

typedef struct list_args {
    int v3;
    long limit, offset;
    fp_filter *filter;
    const char *why;
    json_t *keep; /* the filter parameters, repeated in the Link */
} list_args;

static int parse_long(const char *v, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < 0 || n > max)
        return -1;
    *out = n;
    return 0;
}

static enum MHD_Result on_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                              const char *value)
{
    (void)kind;
    list_args *a = cls;
    if (a->why)
        return MHD_NO;
    if (!value)
        value = "";
    if (strcmp(key, "limit") == 0) {
        if (parse_long(value, 1000000, &a->limit) != 0)
            a->why = "limit must be a whole number >= 0";
        return a->why ? MHD_NO : MHD_YES;
    }
    if (strcmp(key, "offset") == 0) {
        if (parse_long(value, 1000000000, &a->offset) != 0)
            a->why = "offset must be a whole number >= 0";
        return a->why ? MHD_NO : MHD_YES;
    }
    if (strncmp(key, "x-", 2) == 0)
        return MHD_YES; /* another host's extension filters: not ours */
    if (!a->v3) {
        if (strcmp(key, "$filter") != 0)
            return MHD_YES; /* v2 defines no other parameter */
        if (a->filter) {
            a->why = "one $filter at a time";
            return MHD_NO;
        }
        a->filter = filter_v2(value, &a->why);
    } else if (filter_v3_add(&a->filter, key, value, &a->why) != 0) {
        return MHD_NO;
    }
    json_array_append_new(a->keep, json_pack("[ss]", key, value));
    return a->why ? MHD_NO : MHD_YES;
}

static void url_encode(json_t *out_str_arr, const char *s, char *buf, size_t size)
{
    (void)out_str_arr;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 4 < size; p++) {
        if (isalnum(*p) || strchr("-._~", *p))
            buf[n++] = (char)*p;
        else
            n += (size_t)snprintf(buf + n, size - n, "%%%02X", *p);
    }
    buf[n] = '\0';
}

/* The absolute URL of the next page: --base-url, else the request's scheme (X-Forwarded-Proto
 * from a proxy) and Host. NULL when too long. */
static char *next_link(const server *s, struct MHD_Connection *c, const char *path,
                       const list_args *a, long next_offset, long limit)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
    size_t cap = 8192, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    if (s->base_url)
        n = (size_t)snprintf(out, cap, "<%s%s?limit=%ld&offset=%ld", s->base_url, path, limit,
                             next_offset);
    else
        n = (size_t)snprintf(out, cap, "<%s://%s%s?limit=%ld&offset=%ld",
                             proto && strcmp(proto, "https") == 0 ? "https" : "http",
                             host ? host : "localhost", path, limit, next_offset);
    size_t i;
    json_t *kv;
    char k[1024], v[3 * 4096];
    json_array_foreach(a->keep, i, kv)
    {
        url_encode(NULL, json_string_value(json_array_get(kv, 0)), k, sizeof k);
        url_encode(NULL, json_string_value(json_array_get(kv, 1)), v, sizeof v);
        if (n < cap)
            n += (size_t)snprintf(out + n, cap - n, "&%s=%s", k, v);
    }
    if (n < cap)
        n += (size_t)snprintf(out + n, cap - n, ">; rel=\"next\"");
    if (n >= cap) {
        free(out);
        return NULL;
    }
    return out;
}

static enum MHD_Result list_footprints(server *s, struct MHD_Connection *c, int v3,
                                       const char *path)
{
    list_args a = {v3, DEFAULT_LIMIT, 0, NULL, NULL, json_array()};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_arg, &a);
    if (a.why) {
        filter_free(a.filter);
        json_decref(a.keep);
        return pact_error(c, 400, "BadRequest", a.why);
    }
    long limit = a.limit > MAX_LIMIT ? MAX_LIMIT : a.limit; /* "MAY return fewer" */
    size_t cap = 64, n = 0;
    char *out = malloc(cap);
    if (out)
        n = (size_t)snprintf(out, cap, "{\"data\":[");
    long seen = 0, put = 0;
    int more = 0;
    int v = v3 ? 1 : 0;
    for (size_t i = 0; out && i < s->st.n; i++) {
        const fp_entry *e = &s->st.items[i];
        if (!e->text[v] || !filter_match(a.filter, e->doc[v], v3))
            continue;
        if (seen++ < a.offset)
            continue;
        if (put == limit) {
            more = 1;
            break;
        }
        size_t len = strlen(e->text[v]);
        if (n + len + 8 > cap) {
            while (n + len + 8 > cap)
                cap *= 2;
            char *g = realloc(out, cap);
            if (!g) {
                free(out);
                out = NULL;
                break;
            }
            out = g;
        }
        if (put++)
            out[n++] = ',';
        memcpy(out + n, e->text[v], len);
        n += len;
    }
    char *link = more && out ? next_link(s, c, path, &a, a.offset + put, limit) : NULL;
    filter_free(a.filter);
    json_decref(a.keep);
    if (!out || (more && !link)) {
        free(out);
        free(link);
        return pact_error(c, 500, "InternalError", "out of memory");
    }
    memcpy(out + n, "]}", 3);
    enum MHD_Result r = send_text(c, 200, "application/json", out, n + 2, link, NULL);
    free(out);
    free(link);
    return r;
}

static int is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return 0;
    }
    return 1;
}

static enum MHD_Result get_footprint(server *s, struct MHD_Connection *c, int v3, const char *id)
{
    if (!is_uuid(id))
        return pact_error(c, 400, "BadRequest", "the footprint id must be a UUID");
    const fp_entry *e = store_find(&s->st, id);
    const char *text = e ? e->text[v3 ? 1 : 0] : NULL;
    if (!text)
        return pact_error(c, 404, "NotFound", "no footprint with this id");
    size_t len = strlen(text);
    char *out = malloc(len + 16);
    if (!out)
        return pact_error(c, 500, "InternalError", "out of memory");
    int n = snprintf(out, len + 16, "{\"data\":%s}", text);
    enum MHD_Result r = send_text(c, 200, "application/json", out, (size_t)n, NULL, NULL);
    free(out);
    return r;
}

/* ---- events -------------------------------------------------------------------------------- */

/* The reason a CloudEvent is not one of the version's four PACT events, or NULL when it is. */
static const char *event_problem(const json_t *ev, int v3)
{
    static const char *types[2][4] = {{"org.wbcsd.pathfinder.ProductFootprint.Published.v1",
                                       "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1",
                                       "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1",
                                       "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1"},
                                      {"org.wbcsd.pact.ProductFootprint.PublishedEvent.3",
                                       "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3",
                                       "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3",
                                       "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3"}};
    if (!json_is_object(ev))
        return "the body must be a CloudEvent JSON object";
    const char *type = json_string_value(json_object_get(ev, "type"));
    int k = -1;
    for (int i = 0; type && i < 4; i++)
        if (strcmp(type, types[v3][i]) == 0)
            k = i;
    if (k < 0)
        return v3 ? "type must be one of the four PACT v3 event types "
                    "(org.wbcsd.pact.ProductFootprint.PublishedEvent.3, ...)"
                  : "type must be one of the four PACT v2 event types "
                    "(org.wbcsd.pathfinder.ProductFootprint.Published.v1, ...)";
    const char *keys[] = {"specversion", "id", "source", "time"};
    for (int i = 0; i < 4; i++)
        if (!json_is_string(json_object_get(ev, keys[i])) ||
            !*json_string_value(json_object_get(ev, keys[i])))
            return "specversion, id, source and time must be non-empty strings";
    int ok;
    parse_time(json_string_value(json_object_get(ev, "time")), &ok);
    if (!ok)
        return "time must be an RFC 3339 date-time";
    const json_t *data = json_object_get(ev, "data");
    if (!json_is_object(data))
        return "data must be an object";
    if (k == 0) {
        const json_t *ids = json_object_get(data, "pfIds");
        size_t i;
        json_t *id;
        if (!json_is_array(ids))
            return "data.pfIds must be an array of footprint ids";
        json_array_foreach(
            ids, i, id) if (!json_is_string(id) ||
                            !is_uuid(json_string_value(id))) return "data.pfIds must hold UUIDs";
    } else if (k == 1) {
        /* v2 names the requested footprint's fields in data.pf; v3 gives filter criteria */
        if (!v3 && !json_is_object(json_object_get(data, "pf")))
            return "data.pf must be an object (the requested footprint's fields)";
    } else {
        if (!json_is_string(json_object_get(data, "requestEventId")))
            return "data.requestEventId must be a string";
        if (k == 2 && !json_is_array(json_object_get(data, "pfs")))
            return "data.pfs must be an array of footprints";
        if (k == 3 && !json_is_string(json_object_get(json_object_get(data, "error"), "code")))
            return "data.error must be an Error object with a code";
    }
    return NULL;
}

static enum MHD_Result post_event(server *s, struct MHD_Connection *c, int v3, request *rq)
{
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!type || (strncasecmp(type, "application/cloudevents+json", 28) != 0 &&
                  strncasecmp(type, "application/json", 16) != 0))
        return pact_error(c, 400, "BadRequest",
                          "send the event as Content-Type: application/cloudevents+json");
    json_error_t je;
    json_t *ev = rq->body ? json_loadb(rq->body, rq->len, 0, &je) : NULL;
    const char *why = ev ? event_problem(ev, v3) : "the body is not JSON";
    json_decref(ev);
    if (why)
        return pact_error(c, 400, "BadRequest", why);
    pthread_mutex_lock(&s->mu);
    s->events++;
    pthread_mutex_unlock(&s->mu);
    return send_text(c, 200, NULL, "", 0, NULL, NULL);
}

/* ---- routing ------------------------------------------------------------------------------- */

static enum MHD_Result route(server *s, struct MHD_Connection *c, const char *url,
                             const char *method, request *rq)
{
    if (rq->too_big)
        return pact_error(c, 400, "BadRequest", "the request body is larger than 64 KiB");
    if (strcmp(url, "/auth/token") == 0)
        return auth_token(s, c, method, rq);
    int v3 = strncmp(url, "/3/", 3) == 0;
    if (!v3 && strncmp(url, "/2/", 3) != 0)
        return pact_error(c, 404, "NotFound", "no such endpoint: /2/... and /3/... are served");
    const char *rest = url + 3;
    int footprints = strncmp(rest, "footprints", 10) == 0 && (!rest[10] || rest[10] == '/');
    int events = strcmp(rest, "events") == 0;
    if (!footprints && !events)
        return pact_error(c, 404, "NotFound", "no such endpoint");
    int want_post = events;
    if (strcmp(method, want_post ? "POST" : "GET") != 0)
        return pact_error(c, v3 ? 501 : 400, "NotImplemented",
                          want_post ? "events are POSTed" : "footprints are read with GET");
    int tok = check_token(s, c);
    if (tok != TOKEN_OK)
        return refuse_token(c, v3, tok);
    if (events)
        return post_event(s, c, v3, rq);
    const char *id = rest[10] == '/' ? rest + 11 : "";
    if (!*id)
        return list_footprints(s, c, v3, v3 ? "/3/footprints" : "/2/footprints");
    return get_footprint(s, c, v3, id);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    request *rq = *con_cls;
    if (!rq) {
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rq->too_big && rq->len + *upload_size <= MAX_BODY) {
            char *g = realloc(rq->body, rq->len + *upload_size + 1);
            if (!g)
                return MHD_NO;
            rq->body = g;
            memcpy(rq->body + rq->len, upload, *upload_size);
            rq->len += *upload_size;
            rq->body[rq->len] = '\0';
        } else {
            rq->too_big = 1; /* read and drop the rest, then answer 400 */
        }
        *upload_size = 0;
        return MHD_YES;
    }
    return route(cls, c, url, method, rq);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request *rq = *con_cls;
    if (rq) {
        free(rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

/* ---- start-up ------------------------------------------------------------------------------ */

/* The clients file: one "client_id secret" per line, '#' comments. */
static int read_clients(server *s, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "pcf-pact-server: cannot open the clients file %s: %s\n", path,
                strerror(errno));
        return -1;
    }
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        n++;
        char id[128], secret[128];
        if (line[0] == '#' || strspn(line, " \t\r\n") == strlen(line))
            continue;
        if (sscanf(line, "%127s %127s", id, secret) != 2 || s->n_clients == MAX_CLIENTS) {
            fprintf(stderr, "pcf-pact-server: %s:%d: expected \"client_id secret\"\n", path, n);
            fclose(f);
            return -1;
        }
        snprintf(s->clients[s->n_clients].id, sizeof s->clients[0].id, "%s", id);
        snprintf(s->clients[s->n_clients].secret, sizeof s->clients[0].secret, "%s", secret);
        s->n_clients++;
    }
    fclose(f);
    if (!s->n_clients) {
        fprintf(stderr, "pcf-pact-server: %s names no client\n", path);
        return -1;
    }
    return 0;
}

static int usage(FILE *f, int rc)
{
    fprintf(f, "usage: pcf-pact-server --records DIR --clients FILE [--site FILE] [--db FILE]\n"
               "                       [--listen ADDR] [--port N] [--base-url URL]\n"
               "                       [--token-ttl SECONDS] [--threads N]\n\n"
               "Serves the certificate records of pcf-certify in DIR as PACT ProductFootprints\n"
               "(v2.3 under /2/, v3.0 under /3/) to the clients of FILE (\"client_id secret\" per\n"
               "line) over plain HTTP; put TLS in front with a reverse proxy (docs/server.md).\n"
               "  --site FILE     PACT fields of the company ({\"pact\": {...}}: companyName,\n"
               "                  companyIds, reference period...) under each model's own\n"
               "  --db FILE       factor database the records are recomputed with\n"
               "  --listen ADDR   IPv4 address to listen on (default 127.0.0.1)\n"
               "  --port N        port (default 8080; 0 picks a free one, printed at start)\n"
               "  --base-url URL  absolute URL of the service as clients see it, for the Link\n"
               "                  header (default: http(s)://<Host header>)\n"
               "  --token-ttl S   seconds an access token lives (default 3600)\n"
               "  --threads N     request threads (default 2)\n");
    return rc;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    const char *records = NULL, *clients = NULL, *site = NULL, *db_path = NULL;
    const char *listen = "127.0.0.1";
    long port = 8080, ttl = 3600, threads = 2;
    static server s;
    s.base_url = NULL;
    for (int i = 1; i < argc; i += 2) { /* every option takes a value */
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return usage(stdout, 0);
        if (!v)
            return usage(stderr, 2);
        if (strcmp(a, "--records") == 0)
            records = v;
        else if (strcmp(a, "--clients") == 0)
            clients = v;
        else if (strcmp(a, "--site") == 0)
            site = v;
        else if (strcmp(a, "--db") == 0)
            db_path = v;
        else if (strcmp(a, "--listen") == 0)
            listen = v;
        else if (strcmp(a, "--base-url") == 0)
            s.base_url = v;
        else if (strcmp(a, "--port") == 0)
            takes = parse_long(v, 65535, &port) == 0;
        else if (strcmp(a, "--token-ttl") == 0)
            takes = parse_long(v, 86400 * 30, &ttl) == 0 && ttl > 0;
        else if (strcmp(a, "--threads") == 0)
            takes = parse_long(v, 64, &threads) == 0 && threads > 0;
        else
            takes = 0;
        if (!takes)
            return usage(stderr, 2);
    }
    if (!records || !clients)
        return usage(stderr, 2);
    s.ttl = (unsigned)ttl;
    pthread_mutex_init(&s.mu, NULL);
    if (read_clients(&s, clients) != 0)
        return 1;

    pcf_db *db = NULL;
    pcf_error err;
    if (pcf_db_open(db_path ? db_path : pcf_db_default_path(), PCF_DB_READ_ONLY, &db, &err) !=
        PCF_OK) {
        fprintf(stderr, "pcf-pact-server: cannot open the factor database: %s\n", err.message);
        return 1;
    }
    int skipped = store_load(&s.st, records, db, site, stderr);
    pcf_db_close(db);
    if (skipped < 0)
        return 1;

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, listen, &addr.sin_addr) != 1) {
        fprintf(stderr, "pcf-pact-server: --listen takes an IPv4 address, not %s\n", listen);
        return 2;
    }
    /* SIGINT/SIGTERM are taken by sigwait() below, so every thread must block them. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL, on_request,
        &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned int)threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)10, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)256, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "pcf-pact-server: cannot listen on %s:%ld\n", listen, port);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("pcf-pact-server: listening on http://%s:%u (%zu footprints, %d record(s) skipped)\n",
           listen, info ? (unsigned)info->port : (unsigned)port, s.st.n, skipped);
    fflush(stdout);
    int sig = 0;
    sigwait(&sigs, &sig);
    MHD_stop_daemon(d);
    printf("pcf-pact-server: stopped (%lu event(s) received)\n", s.events);
    store_free(&s.st);
    pthread_mutex_destroy(&s.mu);
    return 0;
}
