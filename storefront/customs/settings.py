"""The adapter's configuration, read once from the app's ``CUSTOMS_*`` settings.

Framework-free: ``CustomsSettings.from_mapping`` takes any mapping (Flask's ``app.config`` in the
app, a plain dict in tests and benchmarks). Codes below are the demo platform's; a real
deployment sets its registered codes through ``STOREFRONT_CUSTOMS_*`` environment variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from storefront.customs.messages.codes import TransportMode
from storefront.customs.messages.documents import Enterprise, Sender


@dataclass(frozen=True, slots=True)
class CustomsSettings:
    platform: Enterprise  # ebp: the e-commerce platform (this shop's operator)
    agent: Enterprise  # declaring agent (报关企业) on the inventory lists
    carrier: Enterprise  # logistics enterprise whose waybills the parcels travel on
    sender: Sender  # BaseTransfer: who transmits (copCode, DXP id)
    customs_code: str  # 4-digit declaring customs (关区)
    exit_port: str  # 4-digit customs code of the exit port
    transport_mode: TransportMode
    wrap_type: str  # one-digit package type (2 = carton)
    packaging_factor: Decimal  # gross weight = net weight x this factor
    waybill_prefix: str  # the carrier's waybill format: prefix + parcel reference
    exchange_dir: Path
    xsd_dir: Path | None
    key_path: Path
    certificate_path: Path
    allow_development_keys: bool  # create a self-signed key pair when none exists (not production)
    dispatch_batch_size: int
    dispatch_max_attempts: int
    dispatch_backoff_seconds: int  # first retry delay; doubles per attempt
    dispatch_backoff_max_seconds: int
    simulator_release_delay_seconds: float
    loop_interval_seconds: float

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> CustomsSettings:
        xsd_dir = str(config.get("CUSTOMS_XSD_DIR") or "").strip()
        return cls(
            platform=Enterprise(
                str(config["CUSTOMS_PLATFORM_CODE"]), str(config["CUSTOMS_PLATFORM_NAME"])
            ),
            agent=Enterprise(str(config["CUSTOMS_AGENT_CODE"]), str(config["CUSTOMS_AGENT_NAME"])),
            carrier=Enterprise(
                str(config["CUSTOMS_CARRIER_CODE"]), str(config["CUSTOMS_CARRIER_NAME"])
            ),
            sender=Sender(
                cop_code=str(config["CUSTOMS_COP_CODE"]),
                cop_name=str(config["CUSTOMS_COP_NAME"]),
                dxp_id=str(config["CUSTOMS_DXP_ID"]),
            ),
            customs_code=str(config["CUSTOMS_DISTRICT_CODE"]),
            exit_port=str(config["CUSTOMS_EXIT_PORT"]),
            transport_mode=TransportMode(str(config["CUSTOMS_TRANSPORT_MODE"])),
            wrap_type=str(config["CUSTOMS_WRAP_TYPE"]),
            packaging_factor=Decimal(config["CUSTOMS_PACKAGING_FACTOR"]),
            waybill_prefix=str(config["CUSTOMS_WAYBILL_PREFIX"]),
            exchange_dir=Path(str(config["CUSTOMS_EXCHANGE_DIR"])),
            xsd_dir=Path(xsd_dir) if xsd_dir else None,
            key_path=Path(str(config["CUSTOMS_SIGNING_KEY_PATH"])),
            certificate_path=Path(str(config["CUSTOMS_SIGNING_CERT_PATH"])),
            allow_development_keys=str(config.get("ENV", "development")) != "production",
            dispatch_batch_size=config["CUSTOMS_DISPATCH_BATCH_SIZE"],
            dispatch_max_attempts=config["CUSTOMS_DISPATCH_MAX_ATTEMPTS"],
            dispatch_backoff_seconds=config["CUSTOMS_DISPATCH_BACKOFF_SECONDS"],
            dispatch_backoff_max_seconds=config["CUSTOMS_DISPATCH_BACKOFF_MAX_SECONDS"],
            simulator_release_delay_seconds=config["CUSTOMS_SIMULATOR_RELEASE_DELAY"],
            loop_interval_seconds=config["CUSTOMS_LOOP_INTERVAL"],
        )
