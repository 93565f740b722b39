#!/usr/bin/env python3
"""Writes the hand-made openLCA JSON-LD systems of tests/data/lci/ (run from the repository
root): a two-process loop, a chain with unit conversions, a co-product with allocation
factors, a singular system and two broken sources. tests/test_lci.c states the numbers
worked out by hand for each."""
import json
import os
import shutil

root = 'tests/data/lci'
def w(sysname, folder, doc):
    d = os.path.join(root, sysname, folder); os.makedirs(d, exist_ok=True)
    json.dump(doc, open(os.path.join(d, doc['@id'] + '.json'), 'w'), indent=1)
def ref(t, i, name=None):
    r = {'@type': t, '@id': i}
    if name: r['name'] = name
    return r
def common(s):
    w(s, 'categories', {'@type': 'Category', '@id': 'cat-air', 'name': 'air'})
    w(s, 'categories', {'@type': 'Category', '@id': 'cat-air-u', 'name': 'unspecified', 'category': ref('Category', 'cat-air', 'air')})
    w(s, 'unit_groups', {'@type': 'UnitGroup', '@id': 'ug-mass', 'name': 'Units of mass', 'units': [
        {'@id': 'u-kg', 'name': 'kg', 'conversionFactor': 1.0, 'referenceUnit': True},
        {'@id': 'u-t', 'name': 't', 'conversionFactor': 1000.0}]})
    w(s, 'unit_groups', {'@type': 'UnitGroup', '@id': 'ug-energy', 'name': 'Units of energy', 'units': [
        {'@id': 'u-mj', 'name': 'MJ', 'conversionFactor': 1.0, 'referenceUnit': True},
        {'@id': 'u-kwh', 'name': 'kWh', 'conversionFactor': 3.6}]})
    w(s, 'flow_properties', {'@type': 'FlowProperty', '@id': 'fp-mass', 'name': 'Mass', 'unitGroup': ref('UnitGroup', 'ug-mass')})
    w(s, 'flow_properties', {'@type': 'FlowProperty', '@id': 'fp-energy', 'name': 'Energy', 'unitGroup': ref('UnitGroup', 'ug-energy')})
    for fid, name, typ, prop, cat in [
        ('f-co2', 'Carbon dioxide, fossil ', 'ELEMENTARY_FLOW', 'fp-mass', 'cat-air-u'),
        ('f-ch4', 'Methane, fossil', 'ELEMENTARY_FLOW', 'fp-mass', 'cat-air-u'),
        ('f-p', 'Product P', 'PRODUCT_FLOW', 'fp-mass', None),
        ('f-q', 'Product Q', 'PRODUCT_FLOW', 'fp-mass', None),
        ('f-e', 'Electricity', 'PRODUCT_FLOW', 'fp-energy', None)]:
        doc = {'@type': 'Flow', '@id': fid, 'name': name, 'flowType': typ,
               'flowProperties': [{'flowProperty': ref('FlowProperty', prop), 'conversionFactor': 1.0, 'referenceFlowProperty': True}]}
        if cat: doc['category'] = ref('Category', cat, 'unspecified')
        w(s, 'flows', doc)
UNITS = {'kg': ('u-kg', 'fp-mass'), 't': ('u-t', 'fp-mass'), 'MJ': ('u-mj', 'fp-energy'), 'kWh': ('u-kwh', 'fp-energy')}
def ex(flow, amount, unit, inp=False, qref=False):
    u, p = UNITS[unit]
    e = {'@type': 'Exchange', 'flow': ref('Flow', flow), 'amount': amount, 'unit': ref('Unit', u, unit),
         'flowProperty': ref('FlowProperty', p), 'input': inp}
    if qref: e['quantitativeReference'] = True
    return e
def proc(s, pid, name, exs, **kw):
    doc = {'@type': 'Process', '@id': pid, 'name': name, 'location': {'@type': 'Location', 'name': 'US'}, 'exchanges': exs}
    doc.update(kw); w(s, 'processes', doc)
shutil.rmtree(root, ignore_errors=True)
# 1: two-process loop
s = 'loop'; common(s)
proc(s, 'p-a', 'Make P', [ex('f-p', 1, 'kg', qref=True), ex('f-q', 0.5, 'kg', True), ex('f-co2', 1, 'kg')])
proc(s, 'p-b', 'Make Q', [ex('f-q', 1, 'kg', qref=True), ex('f-p', 0.2, 'kg', True), ex('f-co2', 2, 'kg')])
# 2: three-process chain with unit conversions (kWh reference, MJ input; t input, kg reference)
s = 'chain'; common(s)
proc(s, 'p-c', 'Electricity generation', [ex('f-e', 1, 'kWh', qref=True), ex('f-co2', 0.5, 'kg')])
proc(s, 'p-d', 'Steel making', [ex('f-q', 1, 'kg', qref=True), ex('f-e', 3.6, 'MJ', True), ex('f-co2', 1, 'kg')])
proc(s, 'p-e', 'Part forming', [ex('f-p', 1, 'kg', qref=True), ex('f-q', 0.002, 't', True), ex('f-ch4', 0.1, 'kg')])
# 3: co-product with physical allocation factors
s = 'coproduct'; common(s)
proc(s, 'p-f', 'Joint production', [ex('f-p', 1, 'kg', qref=True), ex('f-q', 1, 'kg'), ex('f-co2', 4, 'kg')],
     defaultAllocationMethod='PHYSICAL_ALLOCATION',
     allocationFactors=[{'@type': 'AllocationFactor', 'allocationType': 'PHYSICAL_ALLOCATION', 'product': ref('Flow', 'f-p'), 'value': 0.75},
                        {'@type': 'AllocationFactor', 'allocationType': 'PHYSICAL_ALLOCATION', 'product': ref('Flow', 'f-q'), 'value': 0.25}])
# 4: singular: each process needs exactly what the other makes
s = 'singular'; common(s)
proc(s, 'p-g', 'Make P from Q', [ex('f-p', 1, 'kg', qref=True), ex('f-q', 1, 'kg', True), ex('f-co2', 1, 'kg')])
proc(s, 'p-h', 'Make Q from P', [ex('f-q', 1, 'kg', qref=True), ex('f-p', 1, 'kg', True)])
# 5: a bad file: an exchange without a unit
s = 'bad'; common(s)
proc(s, 'p-ok', 'Fine process', [ex('f-p', 1, 'kg', qref=True)])
e = ex('f-co2', 1, 'kg'); del e['unit']
proc(s, 'p-bad', 'Broken process', [ex('f-q', 1, 'kg', qref=True), e])
# 6: an impossible conversion: MJ on a mass property
s = 'badunit'; common(s)
e = ex('f-q', 1, 'MJ', True); e['flowProperty'] = ref('FlowProperty', 'fp-mass')
proc(s, 'p-x', 'Needs Q in MJ', [ex('f-p', 1, 'kg', qref=True), e])
proc(s, 'p-y', 'Makes Q', [ex('f-q', 1, 'kg', qref=True)])
