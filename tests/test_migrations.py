"""The Alembic history builds the schema the models describe, with no drift."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storefront.database import include_in_migrations
from storefront.extensions import db


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "render_as_batch": True,
                "include_name": include_in_migrations,
            },
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []
