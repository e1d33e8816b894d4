"""What a cooperative does with its own listings, framework-free (functions take a Session).

The rule of this package: every function a portal calls takes the producer's id first and
finds objects by (producer id, object id) through ``ownership``; an object of another
producer is ``NotOwned`` (the portal answers 404), never found and then checked. Functions
flush, never commit. Stable problem codes (``problems.Problem``) are translated by the web
layer.
"""
