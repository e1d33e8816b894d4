"""Command-line interface: `flask --app wsgi demo ...` and `translations ...`."""

from __future__ import annotations

import subprocess
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from catalog.demo.loader import load_demo_catalog
from storefront.config import PROJECT_ROOT
from storefront.extensions import db

demo_cli = AppGroup("demo", help="Demo data for development and the demo shop.")
translations_cli = AppGroup("translations", help="Extract, update and compile UI translations.")

TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
POT_FILE = TRANSLATIONS_DIR / "messages.pot"


@demo_cli.command("load")
def demo_load() -> None:
    """Load the Chenzhou demo catalog (idempotent)."""
    if current_app.config["ENV"] == "production":
        raise click.ClickException("demo data is not loaded in production")
    report = load_demo_catalog(db.session)
    db.session.commit()
    if report.total == 0:
        click.echo("Demo catalog already loaded: nothing to do.")
    else:
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
        click.echo(f"Demo catalog loaded: {summary}.")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)


@translations_cli.command("extract")
def translations_extract() -> None:
    """Extract UI strings into translations/messages.pot."""
    _pybabel(
        "extract",
        "-F",
        str(PROJECT_ROOT / "babel.cfg"),
        "-k",
        "_l",
        "-k",
        "lazy_gettext",
        "-k",
        "lazy_ngettext:1,2",
        "--no-location",
        "--sort-output",
        "-o",
        str(POT_FILE),
        str(PROJECT_ROOT / "storefront"),
        str(PROJECT_ROOT / "catalog"),
    )


@translations_cli.command("update")
def translations_update() -> None:
    """Merge messages.pot into every locale's catalog."""
    _pybabel("update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS_DIR), "--no-fuzzy-matching")


@translations_cli.command("compile")
def translations_compile() -> None:
    """Compile the catalogs to .mo files."""
    _pybabel("compile", "-d", str(TRANSLATIONS_DIR), "--statistics")


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo_cli)
    app.cli.add_command(translations_cli)
