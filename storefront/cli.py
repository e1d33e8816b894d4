"""Command-line interface: `flask --app wsgi demo ...` and `translations ...`."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import click
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select, text

from catalog.demo.generator import generate_products
from catalog.demo.loader import load_demo_catalog
from catalog.models import ProductChannel
from catalog.search import reindex_all_products
from storefront.bonded import pickup_limits, vault_of
from storefront.config import PROJECT_ROOT
from storefront.customs import customs_adapter
from storefront.demo.accounts import DEMO_PASSWORD, demo_member_producer_ids, load_demo_users
from storefront.demo.bonded_orders import place_demo_bonded_order
from storefront.demo.bulk_orders import generate_bulk_orders
from storefront.demo.orders import (
    pay_demo_order,
    place_demo_order,
    sellable_variants,
    send_demo_parcels,
)
from storefront.demo.portal import load_demo_portal
from storefront.exceptions import StorefrontError
from storefront.extensions import db
from storefront.french_typography import french_spacing
from storefront.fulfilment.cli import shipping_cli
from storefront.inventory.ledger import take_on_stock
from storefront.orders.models import Order
from storefront.orders.services import expire_overdue_orders
from storefront.pickup.demo import load_bonded_demo
from storefront.shipping.rates import seed_shipping_rates

demo_cli = AppGroup("demo", help="Demo data for development and the demo shop.")
orders_cli = AppGroup("orders", help="Order maintenance.")
translations_cli = AppGroup("translations", help="Extract, update and compile UI translations.")

TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
POT_FILE = TRANSLATIONS_DIR / "messages.pot"


@demo_cli.command("load")
def demo_load() -> None:
    """Load the Chenzhou demo catalog (idempotent)."""
    if current_app.config["ENV"] == "production":
        raise click.ClickException("demo data is not loaded in production")
    report = load_demo_catalog(db.session)
    take_on_stock(db.session)  # the loaded stock is the packs' opening movement
    users = load_demo_users(db.session)
    load_demo_portal(db.session)
    rates = seed_shipping_rates(db.session)
    bonded = load_bonded_demo(db.session)
    db.session.commit()
    if report.total == 0:
        click.echo("Demo catalog already loaded: nothing to do.")
    else:
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
        click.echo(f"Demo catalog loaded: {summary}.")
    click.echo(
        f"Demo accounts created: {users} (password {DEMO_PASSWORD}); "
        f"shipping rates created: {rates}; "
        + ", ".join(f"{count} {kind}" for kind, count in bonded.items())
        + " created."
    )


@demo_cli.command("bulk-orders")
@click.option("--count", default=1000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--months", default=12, show_default=True, type=click.IntRange(1, 60))
@click.option("--seed", type=int, default=None, help="Random seed, for repeatable demo data.")
def demo_bulk_orders(count: int, months: int, seed: int | None) -> None:
    """Write COUNT sold export orders paid over the last MONTHS with bulk inserts (parcels,
    lines, inventory lists): data for the statistics and their benchmark, not for the warehouse."""
    if current_app.config["ENV"] == "production":
        raise click.ClickException("demo orders are not placed in production")
    written = generate_bulk_orders(db.session, count, months=months, seed=seed)
    db.session.commit()
    click.echo(f"Wrote {written} sold export orders over {months} months.")


@demo_cli.command("orders")
@click.option("--count", default=10, show_default=True, type=click.IntRange(1, 100_000))
@click.option(
    "--channel", type=click.Choice(["export", "bonded"]), default="export", show_default=True
)
@click.option("--seed", type=int, default=None, help="Random seed, for repeatable demo data.")
@click.option("--if-none", is_flag=True, help="Only when the shop has no order yet (make run).")
@click.option(
    "--leave-for-portal/--pack-everything",
    default=True,
    show_default=True,
    help="Leave the first parcel of each demo account's cooperative unpacked, for its member "
    "to pack and book in the portal; every other parcel is packed and booked.",
)
def demo_orders(
    count: int, channel: str, seed: int | None, if_none: bool, leave_for_portal: bool
) -> None:
    """Place COUNT paid orders through the real checkout and payment services (sandbox); the
    cooperatives pack and book the parcels of the others, as in the portal."""
    if current_app.config["ENV"] == "production":
        raise click.ClickException("demo orders are not placed in production")
    kind = ProductChannel(channel)
    if if_none and db.session.scalar(select(Order.id).where(Order.channel == kind).limit(1)):
        click.echo(f"The shop already has {channel} orders: none placed.")
        return
    rng = random.Random(seed)
    if channel == "bonded":
        vault, limits = vault_of(current_app), pickup_limits(current_app)

        def place(_index: int) -> Order | None:
            return place_demo_bonded_order(db.session, rng, vault=vault, limits=limits)

        why = "over a limit or nothing in stock"
    else:

        def place(index: int) -> Order | None:
            try:
                return place_demo_order(
                    db.session, rng, sellable_variants(db.session), demo_account=index % 3 == 0
                )
            except StorefrontError:
                return None

        why = "nothing in stock"
    paid = skipped = 0
    to_pack = demo_member_producer_ids(db.session) if leave_for_portal else set()
    for index in range(count):
        order = place(index)
        if order is None:
            db.session.rollback()
            skipped += 1
            continue
        db.session.commit()
        pay_demo_order(db.session, order, customs_adapter(current_app))
        db.session.commit()
        left = {p.producer_id for p in order.sub_orders if p.producer_id in to_pack}
        to_pack -= left
        send_demo_parcels(db.session, order, customs_adapter(current_app), leave=left)
        db.session.commit()
        paid += 1
    click.echo(
        f"Placed {paid} paid {channel} orders"
        + (f"; {skipped} skipped ({why})." if skipped else ".")
    )


@orders_cli.command("release-expired")
def orders_release_expired() -> None:
    """Expire unpaid orders whose stock reservation ran out and put their stock back."""
    count = expire_overdue_orders(db.session)
    db.session.commit()
    click.echo(f"Released the reservations of {count} expired order(s).")


@demo_cli.command("generate")
@click.option(
    "--products",
    "count",
    type=click.IntRange(1, 200_000),
    required=True,
    help="How many generated products the catalog should hold.",
)
def demo_generate(count: int) -> None:
    """Add generated products (texts in every locale) for load tests and benchmarks."""
    if current_app.config["ENV"] == "production":
        raise click.ClickException("demo data is not generated in production")
    try:
        created = generate_products(db.session, count)
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    take_on_stock(db.session)
    db.session.commit()
    # A bulk insert leaves the planner's statistics stale until the next auto-analyze.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    click.echo(f"Generated {created} products ({count} generated products in the catalog).")


@demo_cli.command("reindex")
def demo_reindex() -> None:
    """Rebuild the search documents of every product."""
    count = reindex_all_products(db.session)
    db.session.commit()
    click.echo(f"Indexed {count} products for search.")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)


def extract_arguments(output: Path) -> list[str]:
    """The pybabel extract call for the UI strings (the catalog test runs the same one)."""
    return [
        "extract", "-F", str(PROJECT_ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
        "-k", "lazy_ngettext:1,2", "--no-location", "--sort-output",
        "-o", str(output), str(PROJECT_ROOT / "storefront"), str(PROJECT_ROOT / "catalog"),
    ]  # fmt: skip


@translations_cli.command("extract")
def translations_extract() -> None:
    """Extract UI strings into translations/messages.pot."""
    _pybabel(*extract_arguments(POT_FILE))


@translations_cli.command("update")
def translations_update() -> None:
    """Merge messages.pot into every locale's catalog."""
    _pybabel("update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS_DIR), "--no-fuzzy-matching")


@translations_cli.command("compile")
def translations_compile() -> None:
    """Compile the catalogs to .mo files."""
    if not any(TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po")):
        click.echo("No catalogs to compile: English only.")
        return
    _pybabel("compile", "-d", str(TRANSLATIONS_DIR), "--statistics")
    french = TRANSLATIONS_DIR / "fr" / "LC_MESSAGES"
    if (french / "messages.po").exists():
        compile_french_with_typography(french / "messages.po", french / "messages.mo")


def compile_french_with_typography(po_path: Path, mo_path: Path) -> None:
    """Rewrite the French .mo with French punctuation spacing (the .po keeps plain spaces)."""
    with po_path.open("rb") as source:
        catalog = read_po(source, locale="fr")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, tuple):
            message.string = tuple(french_spacing(text) for text in message.string)
        elif message.string:
            message.string = french_spacing(message.string)
    with mo_path.open("wb") as target:
        write_mo(target, catalog)


def register_commands(app: Flask) -> None:
    from storefront.background.cli import scheduler_cli, worker_cli
    from storefront.mail.cli import mail_cli
    from storefront.statistics.cli import statistics_cli

    app.cli.add_command(mail_cli)
    app.cli.add_command(worker_cli)
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(orders_cli)
    app.cli.add_command(translations_cli)
    app.cli.add_command(shipping_cli)
    app.cli.add_command(statistics_cli)
