"""Throughput of the customs message layer on one core.

For each sub-order it builds the CEB303 order and the CEB603 inventory list (the project's checks
run inside the builders), signs both (RSA-SHA1 enveloped XML-DSig) and validates both against the
official XSD, then prints messages per second.

    .venv/bin/python benchmarks/customs_build.py [--count 2000] [--xsd-dir ../shared/customs/xsd]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from storefront.customs.messages.builders import build_export_order, build_inventory
from storefront.customs.messages.codes import TransportMode
from storefront.customs.messages.documents import (
    Enterprise,
    ExportOrderDocument,
    ExportOrderLine,
    InventoryDocument,
    InventoryLine,
    Sender,
)
from storefront.customs.messages.schema import XSD_DIR_ENV_VAR, SchemaValidator
from storefront.customs.messages.signing import PemSigner, generate_development_keypair
from storefront.customs.messages.wire_format import new_guid

PLATFORM = Enterprise("4310960002", "郴州湘南跨境电商平台有限公司")
PRODUCER = Enterprise("4310960001", "临武县临武鸭产业合作社")
CARRIER = Enterprise("4310980003", "郴州综保国际物流有限公司")
BROKER = Enterprise("4310980004", "郴州综保区报关服务有限公司")
SENDER = Sender(PLATFORM.code, PLATFORM.name, "DXPENT0000466001")
DEFAULT_XSD_DIR = Path(__file__).resolve().parents[1].parent / "shared/customs/xsd"


def sub_order(number: int) -> tuple[ExportOrderDocument, InventoryDocument]:
    """A two-line export sub-order (braised duck and tea to Singapore) numbered ``number``."""
    order_no = f"CZX2026{number:08d}-01"
    ducks = Decimal(1 + number % 3)
    duck_total = ducks * Decimal("68.00")
    order = ExportOrderDocument(
        guid=new_guid(),
        order_no=order_no,
        ebp=PLATFORM,
        ebc=PRODUCER,
        goods_value=duck_total + Decimal("128.00"),
        freight=Decimal("45.00"),
        currency="CNY",
        lines=(
            ExportOrderLine(
                gnum=1,
                item_no="LW-DUCK-500",
                item_name="临武卤鸭",
                unit="head",
                qty=ducks,
                price=Decimal("68.00"),
                total_price=duck_total,
            ),
            ExportOrderLine(
                gnum=2,
                item_no="GD-LINGLONG-250",
                item_name="桂东玲珑茶",
                unit="box",
                qty=Decimal(1),
                price=Decimal("128.00"),
                total_price=Decimal("128.00"),
            ),
        ),
    )
    inventory = InventoryDocument(
        guid=new_guid(),
        customs_code="4900",
        port_code="4900",
        ebp=PLATFORM,
        order_no=order_no,
        logistics=CARRIER,
        logistics_no=f"CZL{number:012d}SG",
        cop_no=f"CZX-INV-{number:010d}",
        export_date=date(2026, 3, 2),
        agent=BROKER,
        ebc=PRODUCER,
        owner=PRODUCER,
        transport_mode=TransportMode.AIR,
        arrival_country="SG",
        destination_port="SGP",
        freight=Decimal("45.00"),
        freight_currency="CNY",
        insured_fee=Decimal("0"),
        insurance_currency="CNY",
        wrap_type="2",
        pack_count=1,
        gross_weight=Decimal("0.35") + ducks * Decimal("0.6"),
        net_weight=Decimal("0.25") + ducks * Decimal("0.5"),
        currency="CNY",
        lines=(
            InventoryLine(
                gnum=1,
                item_no="LW-DUCK-500",
                hs_code="1602399100",
                goods_name="卤鸭",
                goods_model="500克/只，真空包装",
                qty=ducks,
                unit="head",
                legal_qty=ducks * Decimal("0.5"),
                legal_unit="kg",
                price=Decimal("68.00"),
                total_price=duck_total,
            ),
            InventoryLine(
                gnum=2,
                item_no="GD-LINGLONG-250",
                hs_code="0902109000",
                goods_name="绿茶",
                goods_model="250克/盒",
                qty=Decimal(1),
                unit="box",
                legal_qty=Decimal("0.25"),
                legal_unit="kg",
                price=Decimal("128.00"),
                total_price=Decimal("128.00"),
            ),
        ),
    )
    return order, inventory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="messages to produce (even)")
    parser.add_argument(
        "--xsd-dir", type=Path, default=Path(os.environ.get(XSD_DIR_ENV_VAR, DEFAULT_XSD_DIR))
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    validator = SchemaValidator(args.xsd_dir)
    with tempfile.TemporaryDirectory() as key_dir:
        signer = PemSigner.from_files(*generate_development_keypair(key_dir))
    documents = [sub_order(number) for number in range(args.count // 2)]
    order, inventory = sub_order(999_999)  # warm-up: compiles and caches the XSD
    validator.validate(signer.sign(build_export_order(order, SENDER)))
    validator.validate(signer.sign(build_inventory(inventory, SENDER)))

    started = time.perf_counter()
    total_bytes = 0
    for order, inventory in documents:
        for message in (build_export_order(order, SENDER), build_inventory(inventory, SENDER)):
            signed = signer.sign(message)
            validator.validate(signed)
            total_bytes += len(signed)
    elapsed = time.perf_counter() - started

    produced = 2 * len(documents)
    print(
        f"customs messages (CEB303 + CEB603: checks, build, RSA-SHA1 sign, XSD validate) "
        f"on one core: {produced} in {elapsed:.2f} s = {produced / elapsed:.0f} messages/s "
        f"(average {total_bytes // produced} bytes signed)"
    )


if __name__ == "__main__":
    main()
