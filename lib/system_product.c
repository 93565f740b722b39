/*
 * pcf — resolver: products (declared unit, reference flow, mass, service life, allocation),
 * their components, cycles among sub-assemblies and the multipliers that unfold them.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "system_resolve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- products, components, cycles ---- */

static int find_product(pcf__res_ctx *c, const char *id)
{
    uint32_t i;
    return id && pcf__smap_get(&c->prod_keys, id, &i) ? (int)i : -1;
}

/* Reads {amount, unit, description}; returns amount in base units of unit, NaN if invalid. */
static double flow_amount(pcf__res_ctx *c, json_t *prod, const char *key, const char *path,
                          const pcf_unit **u_out)
{
    char p[PCF_ERROR_PATH_SIZE];
    pcf__res_sub(p, sizeof p, path, key);
    json_t *o = json_object_get(prod, key);
    *u_out = NULL;
    if (!json_is_object(o)) {
        ERR(c, PCF_ERR_INVALID_MODEL, p,
            "\"%s\" must be an object {\"amount\": 1, \"unit\": \"item\", \"description\": ...}",
            key);
        return NAN;
    }
    pcf__res_check_keys(c, o, p, PCF__IN_FLOW_AMOUNT);
    double a = 0;
    int ok = pcf__res_get_num(c, o, "amount", PCF__IN_FLOW_AMOUNT, p, 1, &a);
    const pcf_unit *u = pcf__res_get_unit(c, o, "unit", p, PCF_DIM_NONE, 1);
    pcf__res_get_str(c, o, "description", p, 0);
    if (!ok || !u)
        return NAN;
    *u_out = u;
    return a * pcf_unit_to_base(u);
}

static void product_facts_read(pcf__res_ctx *c, pcf__res_product *pf, int is_main)
{
    char path[PCF_ERROR_PATH_SIZE];
    pcf__res_fmt(path, sizeof path, "$.products[%zu]", pf->index);
    json_t *prod = pf->obj;
    pf->scale = 1;
    pf->mass_kg = NAN;
    pf->life_h = NAN;
    pf->alloc = 1;
    pcf__res_check_keys(c, prod, path, PCF__IN_PRODUCT);
    json_t *name = json_object_get(prod, "name");
    if (name && !json_is_string(name) && !json_is_object(name)) {
        char p[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(p, sizeof p, path, "name");
        ERR(c, PCF_ERR_INVALID_MODEL, p, "\"name\" is a string or {\"en\": ..., \"zh\": ...}");
    }
    const pcf_unit *du = NULL, *ru = NULL;
    double declared = NAN;
    if (json_object_get(prod, "declared_unit"))
        declared = flow_amount(c, prod, "declared_unit", path, &du);
    else if (is_main)
        ERR(c, PCF_ERR_INVALID_MODEL, path,
            "the main product needs \"declared_unit\", e.g. {\"amount\": 1, \"unit\": \"item\"}");
    if (json_object_get(prod, "reference_flow")) {
        double ref = flow_amount(c, prod, "reference_flow", path, &ru);
        if (du && ru && pcf_unit_dimension(du) != pcf_unit_dimension(ru)) {
            char p[PCF_ERROR_PATH_SIZE];
            pcf__res_sub(p, sizeof p, path, "reference_flow.unit");
            ERR(c, PCF_ERR_UNIT, p,
                "the reference flow is in %s (%s) but the declared unit is %s (%s)",
                pcf_unit_symbol(ru), pcf_dimension_name(pcf_unit_dimension(ru)),
                pcf_unit_symbol(du), pcf_dimension_name(pcf_unit_dimension(du)));
        } else if (is_main && !isnan(declared) && !isnan(ref)) {
            pf->scale = declared / ref;
        }
    }
    double v = 0;
    if (pcf__res_get_num(c, prod, "mass", PCF__IN_PRODUCT, path, 0, &v)) {
        const pcf_unit *mu = pcf__res_get_unit(c, prod, "mass_unit", path, PCF_DIM_MASS, 1);
        if (mu)
            pf->mass_kg = v * pcf_unit_to_base(mu);
    }
    if (pcf__res_get_num(c, prod, "service_life", PCF__IN_PRODUCT, path, 0, &v)) {
        const pcf_unit *lu = pcf__res_get_unit(c, prod, "service_life_unit", path, PCF_DIM_TIME, 1);
        if (lu)
            pf->life_h = v * pcf_unit_to_base(lu);
    }
    json_t *al = json_object_get(prod, "allocation");
    if (al) {
        char p[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(p, sizeof p, path, "allocation");
        if (!json_is_object(al)) {
            ERR(c, PCF_ERR_INVALID_MODEL, p, "\"allocation\" must be an object");
            return;
        }
        pcf__res_check_keys(c, al, p, PCF__IN_ALLOCATION);
        const char *basis = pcf__res_get_str(c, al, "basis", p, 1);
        if (basis && strcmp(basis, "mass") && strcmp(basis, "economic") &&
            strcmp(basis, "physical")) {
            char bp[PCF_ERROR_PATH_SIZE];
            pcf__res_sub(bp, sizeof bp, p, "basis");
            ERR(c, PCF_ERR_INVALID_MODEL, bp,
                "allocation basis \"%s\" is not mass, economic or physical", basis);
        }
        json_t *co = json_object_get(al, "coproducts");
        if (co) {
            char cp[PCF_ERROR_PATH_SIZE];
            pcf__res_sub(cp, sizeof cp, p, "coproducts");
            if (!json_is_array(co) || json_array_size(co) < 2) {
                ERR(c, PCF_ERR_INVALID_MODEL, cp,
                    "\"coproducts\" lists this product first and at least one other, each "
                    "{\"name\", \"quantity\"}");
                return;
            }
            double sum = 0, first = 0;
            for (size_t i = 0; i < json_array_size(co); i++) {
                char ip[PCF_ERROR_PATH_SIZE];
                pcf__res_fmt(ip, sizeof ip, "%s[%zu]", cp, i);
                double q = 0;
                if (pcf__res_get_num(c, json_array_get(co, i), "quantity", PCF__IN_COPRODUCT, ip, 1,
                                     &q)) {
                    sum += q;
                    if (i == 0)
                        first = q;
                }
            }
            if (sum <= 0)
                ERR(c, PCF_ERR_INVALID_MODEL, cp, "the co-product quantities add up to 0");
            else
                pf->alloc = first / sum;
            if (json_object_get(al, "share"))
                ERR(c, PCF_ERR_INVALID_MODEL, p, "give \"share\" or \"coproducts\", not both");
        } else {
            pcf__res_get_num(c, al, "share", PCF__IN_ALLOCATION, p, 1, &pf->alloc);
        }
    }
}

/* Sub-assemblies nest at most this deep (the documented limit). The walks below keep their own
 * stack on the heap, so a deep chain costs no call stack: an ERP host's thread of 256 KB resolves
 * a chain 4,000 deep as its main thread does. */
#define PCF__MAX_NESTING 4096

/* The next sub-assembly (index into c->prods) of product p from component *i on, advancing *i
 * past it; -1 when there is none left. */
static int next_component(pcf__res_ctx *c, size_t p, size_t *i, size_t *comp_index)
{
    json_t *comps = json_object_get(c->prods[p].obj, "components");
    while (json_is_array(comps) && *i < json_array_size(comps)) {
        size_t k = (*i)++;
        const char *id = json_string_value(json_object_get(json_array_get(comps, k), "product"));
        int q = id ? find_product(c, id) : -1;
        if (q >= 0) {
            *comp_index = k;
            return q;
        }
    }
    return -1;
}

static void report_cycle(pcf__res_ctx *c, const size_t *stack, size_t depth, size_t q,
                         size_t comp_index)
{
    pcf__buf cyc;
    pcf__buf_init(&cyc);
    size_t start = 0;
    while (stack[start] != q)
        start++;
    for (size_t k = start; k <= depth; k++)
        pcf__buf_printf(&cyc, "%s → ", c->prods[stack[k]].id);
    pcf__buf_puts(&cyc, c->prods[q].id);
    char path[PCF_ERROR_PATH_SIZE];
    pcf__res_fmt(path, sizeof path, "$.products[%zu].components[%zu].product",
                 c->prods[stack[depth]].index, comp_index);
    ERR(c, PCF_ERR_INVALID_MODEL, path,
        "sub-assemblies form a cycle: %s; a product cannot contain itself",
        cyc.data ? cyc.data : "");
    pcf__buf_free(&cyc);
    c->had_cycle = 1;
}

/* Depth-first search for cycles from root; reports each back edge and marks c->had_cycle.
 * stack and next hold n_prods entries each (a product is on the stack at most once). */
static void dfs_cycle(pcf__res_ctx *c, size_t root, size_t *stack, size_t *next)
{
    size_t depth = 0;
    stack[0] = root;
    next[0] = 0;
    c->prods[root].color = 1;
    for (;;) {
        size_t comp_index = 0;
        int q = next_component(c, stack[depth], &next[depth], &comp_index);
        if (q < 0) {
            c->prods[stack[depth]].color = 2;
            if (depth == 0)
                return;
            depth--;
        } else if (c->prods[q].color == 1) {
            report_cycle(c, stack, depth, (size_t)q, comp_index);
        } else if (c->prods[q].color == 0) {
            if (depth + 1 >= PCF__MAX_NESTING) {
                char path[PCF_ERROR_PATH_SIZE];
                pcf__res_fmt(path, sizeof path, "$.products[%zu]", c->prods[q].index);
                ERR(c, PCF_ERR_INVALID_MODEL, path,
                    "sub-assemblies are nested more than %d levels deep here", PCF__MAX_NESTING);
                c->had_cycle = 1; /* stops the unfolding, as a cycle does */
                c->prods[q].color = 2;
                continue;
            }
            stack[++depth] = (size_t)q;
            next[depth] = 0;
            c->prods[q].color = 1;
        }
    }
}

/* Post-order from root (for a topological order of reachable products), marking them reachable. */
static void dfs_order(pcf__res_ctx *c, size_t root, size_t *order, size_t *n, size_t *stack,
                      size_t *next)
{
    size_t depth = 0;
    stack[0] = root;
    next[0] = 0;
    c->prods[root].reachable = 1;
    for (;;) {
        size_t comp_index = 0;
        int q = next_component(c, stack[depth], &next[depth], &comp_index);
        if (q < 0) {
            order[(*n)++] = stack[depth];
            if (depth == 0)
                return;
            depth--;
        } else if (!c->prods[q].reachable) {
            c->prods[q].reachable = 1;
            stack[++depth] = (size_t)q;
            next[depth] = 0;
        }
    }
}

static void components_check(pcf__res_ctx *c, pcf__res_product *pf)
{
    char path[PCF_ERROR_PATH_SIZE];
    pcf__res_fmt(path, sizeof path, "$.products[%zu].components", pf->index);
    json_t *comps = json_object_get(pf->obj, "components");
    if (!comps)
        return;
    if (!json_is_array(comps)) {
        ERR(c, PCF_ERR_INVALID_MODEL, path, "\"components\" must be an array");
        return;
    }
    for (size_t i = 0; i < json_array_size(comps); i++) {
        json_t *comp = json_array_get(comps, i);
        char cp[PCF_ERROR_PATH_SIZE];
        pcf__res_fmt(cp, sizeof cp, "%s[%zu]", path, i);
        if (!json_is_object(comp)) {
            ERR(c, PCF_ERR_INVALID_MODEL, cp, "a component must be a JSON object");
            continue;
        }
        if (json_object_get(comp, "supplier_pcf"))
            continue; /* purchased part: checked with the activities */
        const char *id = pcf__res_get_str(c, comp, "product", cp, 0);
        if (!json_object_get(comp, "product")) {
            ERR(c, PCF_ERR_INVALID_MODEL, cp,
                "a component names a sub-assembly (\"product\") or carries a \"supplier_pcf\"");
            continue;
        }
        pcf__res_check_keys(c, comp, cp, PCF__IN_SUBASSEMBLY);
        double q = 0;
        pcf__res_get_num(c, comp, "quantity", PCF__IN_SUBASSEMBLY, cp, 1, &q);
        if (id && find_product(c, id) < 0) {
            char ip[PCF_ERROR_PATH_SIZE];
            pcf__res_sub(ip, sizeof ip, cp, "product");
            ERR(c, PCF_ERR_NOT_FOUND, ip,
                "no product has id \"%s\"; add it to \"products\" or fix the id", id);
        }
    }
}

int pcf__res_products(pcf__res_ctx *c)
{
    json_t *products = json_object_get(c->m->root, "products");
    c->n_prods = json_array_size(products);
    if (c->n_prods == 0) {
        ERR(c, PCF_ERR_INVALID_MODEL, "$.products",
            "the model has no products; add the main product first");
        return 0;
    }
    c->prods = calloc(c->n_prods, sizeof *c->prods);
    size_t *tmp = calloc(2 * c->n_prods + 2, sizeof *tmp); /* DFS stack, then next indexes */
    size_t *order = calloc(c->n_prods + 1, sizeof *order);
    if (!c->prods || !tmp || !order) {
        c->ds.nomem = 1;
        free(tmp);
        free(order);
        return 0;
    }
    for (size_t i = 0; i < c->n_prods; i++) {
        pcf__res_product *pf = &c->prods[i];
        pf->index = i;
        pf->obj = json_array_get(products, i);
        char path[PCF_ERROR_PATH_SIZE];
        pcf__res_fmt(path, sizeof path, "$.products[%zu]", i);
        if (!json_is_object(pf->obj)) {
            ERR(c, PCF_ERR_INVALID_MODEL, path, "a product must be a JSON object");
            pf->obj = NULL;
            continue;
        }
        const char *id = pcf__res_get_str(c, pf->obj, "id", path, 1);
        char ip[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(ip, sizeof ip, path, "id");
        if (id && find_product(c, id) >= 0)
            ERR(c, PCF_ERR_INVALID_MODEL, ip, "product id \"%s\" is used twice", id);
        else if (id && !*id)
            ERR(c, PCF_ERR_INVALID_MODEL, ip, "product id is empty");
        else if (id && !pcf__smap_put(&c->prod_keys, &c->d->strings, id, (uint32_t)i))
            c->ds.nomem = 1;
        pf->id = id;
    }
    for (size_t i = 0; i < c->n_prods; i++) {
        if (!c->prods[i].obj)
            continue;
        product_facts_read(c, &c->prods[i], i == 0);
        components_check(c, &c->prods[i]);
    }
    for (size_t i = 0; i < c->n_prods; i++)
        if (c->prods[i].obj && c->prods[i].color == 0)
            dfs_cycle(c, i, tmp, tmp + c->n_prods + 1);
    /* multipliers along a topological order from the main product */
    size_t n_order = 0;
    if (!c->had_cycle && c->prods[0].obj) {
        dfs_order(c, 0, order, &n_order, tmp, tmp + c->n_prods + 1);
        c->prods[0].mult = c->prods[0].scale;
        for (size_t k = n_order; k-- > 0;) {
            pcf__res_product *pf = &c->prods[order[k]];
            json_t *comps = json_object_get(pf->obj, "components");
            for (size_t i = 0; json_is_array(comps) && i < json_array_size(comps); i++) {
                json_t *comp = json_array_get(comps, i);
                const char *id = json_string_value(json_object_get(comp, "product"));
                int q = id ? find_product(c, id) : -1;
                json_t *qv = json_object_get(comp, "quantity");
                if (q >= 0 && json_is_number(qv) && json_number_value(qv) >= 0)
                    c->prods[q].mult += pf->mult * json_number_value(qv);
            }
        }
    }
    for (size_t i = 1; i < c->n_prods; i++)
        if (c->prods[i].obj && !c->prods[i].reachable && !c->had_cycle) {
            char path[PCF_ERROR_PATH_SIZE];
            pcf__res_fmt(path, sizeof path, "$.products[%zu]", i);
            WARN(c, path,
                 "product \"%s\" is not a component of the main product, so it is not counted",
                 c->prods[i].id ? c->prods[i].id : "");
        }
    free(tmp);
    free(order);
    return 1;
}
