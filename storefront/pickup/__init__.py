"""Bonded-import O2O pickup (1210): the rules, as plain Python that tests call without an app.

``tax`` (the one tax-and-limits function), ``identity`` (resident ID, name, phone, payer
statement), ``personal_data`` (sealing and hashing ID numbers), ``codes`` (pickup codes and
their QR codes), ``goods`` (bonded goods), ``showrooms`` (pickup points, hours, slots),
``holds`` (bonded stock and the annual quota, taken atomically), ``bonded_orders`` (what a
bonded order adds to ``Order``), ``counter_log`` (the counter's audit trail), ``demo`` (the demo
goods and showroom). No Flask, and nothing of the order flow above it: the services that use
orders, payments and customs live in ``storefront.bonded``.
"""
