"""Who caused a change, as the audit trail records it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    """Who caused a change: a label for the audit trail and, when signed in, the user id."""

    label: str
    user_id: int | None = None


SYSTEM = Actor("system")
