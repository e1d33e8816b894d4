"""Errors raised by the customs message layer, all rooted in ``CustomsError``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storefront.customs.messages.checks import DeclarationProblem


class CustomsError(Exception):
    """Root of every error raised by ``storefront.customs``."""


class UnknownCodeError(CustomsError, LookupError):
    """A value has no entry in a customs code table (currency, country, unit, status...)."""

    def __init__(self, table: str, value: object) -> None:
        super().__init__(f"unknown {table}: {value!r}")
        self.table = table
        self.value = value


class DeclarationRejected(CustomsError):
    """The project's own checks found problems; no message was produced."""

    def __init__(self, message_type: str, problems: tuple[DeclarationProblem, ...]) -> None:
        listed = "; ".join(f"{problem.field}: {problem.message}" for problem in problems)
        super().__init__(f"{message_type} not built, {len(problems)} problem(s): {listed}")
        self.message_type = message_type
        self.problems = problems


class SchemaConfigurationError(CustomsError):
    """The configured XSD directory is missing, incomplete or has no schema for a message."""


class SchemaValidationError(CustomsError):
    """A message does not validate against the official XSD."""

    def __init__(self, message_type: str, errors: tuple[str, ...]) -> None:
        super().__init__(f"{message_type} is not schema-valid: " + "; ".join(errors))
        self.message_type = message_type
        self.errors = errors


class SigningError(CustomsError):
    """A message could not be signed (bad key, bad input, already signed...)."""


class SignatureInvalid(CustomsError):
    """A signature is missing, malformed, or does not match the signed message."""


class ReceiptParseError(CustomsError):
    """Bytes handed to the receipt parser are not a well-formed customs receipt."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"not a customs receipt: {reason}")
        self.reason = reason
