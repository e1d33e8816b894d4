"""Fixtures for the customs message tests: a Chenzhou export (Linwu braised duck and Guidong tea
to Singapore), the official XSD directory, and a development signer.

Enterprise, customs-office and port codes below are illustrative, not registered values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from storefront.customs.messages.codes import TransportMode
from storefront.customs.messages.documents import (
    Enterprise,
    ExportOrderDocument,
    ExportOrderLine,
    InventoryCancelDocument,
    InventoryDocument,
    InventoryLine,
    Sender,
    SummaryDocument,
)
from storefront.customs.messages.schema import XSD_DIR_ENV_VAR, SchemaValidator
from storefront.customs.messages.signing import PemSigner, generate_development_keypair

SHARED_DIR = Path(  # beside the checkout, or where STOREFRONT_CUSTOMS_XSD_DIR says (a worktree)
    os.environ.get(
        "STOREFRONT_CUSTOMS_XSD_DIR", Path(__file__).parents[4].parent / "shared/customs/xsd"
    )
).parent.parent

PLATFORM = Enterprise("4310960002", "郴州湘南跨境电商平台有限公司")
PRODUCER = Enterprise("4310960001", "临武县临武鸭产业合作社")
CARRIER = Enterprise("4310980003", "郴州综保国际物流有限公司")
BROKER = Enterprise("4310980004", "郴州综保区报关服务有限公司")
CUSTOMS_OFFICE = "4900"
EXIT_PORT = "4900"

ORDER_GUID = "6F1C2A9E-3B7D-4E21-9A55-0C8D7B1E4F02"
INVENTORY_GUID = "A3E5B7C9-1D2F-4A6B-8C0D-2E4F6A8B0C1D"
CANCEL_GUID = "0B1C2D3E-4F5A-4B6C-9D7E-8F9A0B1C2D3E"
SUMMARY_GUID = "5D6E7F80-9A1B-4C2D-8E3F-4A5B6C7D8E9F"
ORDER_NO = "CZX202603010001-01"
INVENTORY_NO = "490020261000000123"


@pytest.fixture(scope="session")
def xsd_dir() -> Path:
    """Official XSDs: ``<repo>/../shared/customs/xsd``, or STOREFRONT_CUSTOMS_XSD_DIR if set."""
    configured = os.environ.get(XSD_DIR_ENV_VAR)
    directory = Path(configured) if configured else SHARED_DIR / "customs/xsd"
    assert (directory / "ceb-export-202205.xsd").is_file(), (
        f"official XSDs not found in {directory}"
    )
    return directory


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The official sample messages, in ``export/`` and ``import/``."""
    return SHARED_DIR / "customs/samples"


@pytest.fixture(scope="session")
def validator(xsd_dir: Path) -> SchemaValidator:
    return SchemaValidator(xsd_dir)


@pytest.fixture(scope="session")
def signing_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return generate_development_keypair(tmp_path_factory.mktemp("customs-keys"))


@pytest.fixture(scope="session")
def signer(signing_files: tuple[Path, Path]) -> PemSigner:
    key_path, cert_path = signing_files
    return PemSigner.from_files(key_path, cert_path)


@pytest.fixture
def sender() -> Sender:
    return Sender(PLATFORM.code, PLATFORM.name, "DXPENT0000466001")


@dataclass(frozen=True, slots=True)
class SampleGoods:
    """One product of the sample export, as the order (CEB303) and the list (CEB603) carry it."""

    item_no: str
    item_name: str
    hs_code: str
    goods_name: str
    goods_model: str
    unit: str  # declared unit: what is sold
    qty: Decimal
    price: Decimal
    legal_qty: Decimal  # in kg, the HS code's first legal unit
    bar_code: str | None = None
    item_describe: str | None = None
    name_on_list: bool = False  # the list repeats the item name (optional there)

    @property
    def total_price(self) -> Decimal:
        return self.qty * self.price

    def order_line(self, gnum: int) -> ExportOrderLine:
        return ExportOrderLine(
            gnum=gnum,
            item_no=self.item_no,
            item_name=self.item_name,
            unit=self.unit,
            qty=self.qty,
            price=self.price,
            total_price=self.total_price,
            item_describe=self.item_describe,
            bar_code=self.bar_code,
        )

    def inventory_line(self, gnum: int) -> InventoryLine:
        return InventoryLine(
            gnum=gnum,
            item_no=self.item_no,
            hs_code=self.hs_code,
            goods_name=self.goods_name,
            goods_model=self.goods_model,
            qty=self.qty,
            unit=self.unit,
            legal_qty=self.legal_qty,
            legal_unit="kg",
            price=self.price,
            total_price=self.total_price,
            **({"bar_code": self.bar_code} if self.bar_code else {}),
            item_name=self.item_name if self.name_on_list else None,
        )


SAMPLE_GOODS = (
    SampleGoods(
        item_no="LW-DUCK-500",
        item_name="临武卤鸭",
        hs_code="1602399100",
        goods_name="卤鸭",
        goods_model="500克/只，真空包装，临武鸭",
        unit="head",
        qty=Decimal("2"),
        price=Decimal("68.00"),
        legal_qty=Decimal("1.0"),
        bar_code="6901234567892",
        item_describe="临武鸭国家地理标志产品，卤制，500克真空包装",
        name_on_list=True,
    ),
    SampleGoods(
        item_no="GD-LINGLONG-250",
        item_name="桂东玲珑茶",
        hs_code="0902109000",
        goods_name="绿茶",
        goods_model="250克/盒，桂东玲珑茶",
        unit="box",
        qty=Decimal("1"),
        price=Decimal("128.00"),
        legal_qty=Decimal("0.25"),
    ),
)


@pytest.fixture
def order() -> ExportOrderDocument:
    return ExportOrderDocument(
        guid=ORDER_GUID,
        order_no=ORDER_NO,
        ebp=PLATFORM,
        ebc=PRODUCER,
        goods_value=sum(goods.total_price for goods in SAMPLE_GOODS),
        freight=Decimal("45.00"),
        currency="CNY",
        lines=tuple(goods.order_line(gnum) for gnum, goods in enumerate(SAMPLE_GOODS, 1)),
    )


@pytest.fixture
def inventory() -> InventoryDocument:
    return InventoryDocument(
        guid=INVENTORY_GUID,
        customs_code=CUSTOMS_OFFICE,
        port_code=EXIT_PORT,
        ebp=PLATFORM,
        order_no=ORDER_NO,
        logistics=CARRIER,
        logistics_no="CZL2026030100001SG",
        cop_no="CZX-INV-202603010001-01",
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
        gross_weight=Decimal("1.60"),
        net_weight=Decimal("1.25"),
        currency="CNY",
        lines=tuple(goods.inventory_line(gnum) for gnum, goods in enumerate(SAMPLE_GOODS, 1)),
    )


@pytest.fixture
def cancel() -> InventoryCancelDocument:
    return InventoryCancelDocument(
        guid=CANCEL_GUID,
        customs_code=CUSTOMS_OFFICE,
        cop_no="CZX-INV-202603010001-01",
        invt_no=INVENTORY_NO,
        reason="买家取消订单，包裹未出境",
        agent=BROKER,
        ebc=PRODUCER,
    )


@pytest.fixture
def summary() -> SummaryDocument:
    return SummaryDocument(
        guid=SUMMARY_GUID,
        customs_code=CUSTOMS_OFFICE,
        cop_no="CZX-SUM-202603",
        agent=BROKER,
        ebc=PRODUCER,
        declaration_agent=BROKER,
        inventory_nos=(INVENTORY_NO, "490020261000000124"),
    )
