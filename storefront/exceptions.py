"""Root of the storefront's domain errors: views turn them into form errors or flashes."""


class StorefrontError(Exception):
    """A rule of the shop refused an operation."""
