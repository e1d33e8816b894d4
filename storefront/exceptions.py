"""The storefront's two roots of errors: a refused operation, and unusable settings."""


class StorefrontError(Exception):
    """A rule of the shop refused an operation: views turn it into a form error or a flash."""


class ConfigurationError(RuntimeError):
    """The settings are unsafe or inconsistent: the app (or a command) refuses to start."""
