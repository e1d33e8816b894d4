"""Import every mapped class so that the metadata is complete (Alembic, create_all)."""

import catalog.models  # noqa: F401
