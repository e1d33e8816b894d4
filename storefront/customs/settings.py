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
from storefront.exceptions import ConfigurationError

DECLARANTS = ("platform", "broker")


def declaring_agent(config: Mapping[str, Any], platform: Enterprise) -> Enterprise:
    """Who declares (agentCode), consistent with who transmits (BaseTransfer copCode).

    ``CUSTOMS_DECLARANT`` "platform": the platform declares for itself: agent = the platform,
    and the DXP account and certificate are the platform's. "broker": a customs broker
    (``CUSTOMS_AGENT_CODE/NAME``) declares for the platform's sellers with its own DXP account
    and certificate: copCode = the broker's code. Anything else refuses to start: customs binds
    the DXP account to copCode and checks the signer, so a mixed pair is refused there anyway.
    """
    declarant = str(config.get("CUSTOMS_DECLARANT", "platform"))
    if declarant not in DECLARANTS:
        raise ConfigurationError(f"CUSTOMS_DECLARANT must be one of {DECLARANTS}: {declarant!r}")
    if declarant == "platform":
        agent = platform
    else:
        agent = Enterprise(str(config["CUSTOMS_AGENT_CODE"]), str(config["CUSTOMS_AGENT_NAME"]))
    cop_code = str(config["CUSTOMS_COP_CODE"])
    if cop_code != agent.code:
        raise ConfigurationError(
            f"CUSTOMS_COP_CODE {cop_code} must be the declaring enterprise's code {agent.code}"
            f" (CUSTOMS_DECLARANT={declarant}): the DXP account and certificate that send the"
            " messages belong to who declares"
        )
    return agent


@dataclass(frozen=True, slots=True)
class CarrierRoute:
    """How the parcels of one shipping method travel, as customs records it."""

    transport_mode: TransportMode  # trafMode: 6 post, 5 air, 4 road
    carrier: Enterprise  # logisticsCode / logisticsName: the carrier of the method


# Shipping method -> (trafMode, the settings naming its carrier). trafMode is fixed by what the
# method is (a postal parcel travels by post, 6, with the postal operator as logistics
# enterprise; air express by air, 5; the Hong Kong / Macau truck by road, 4); the carrier's
# customs code and name are configurable.
METHOD_ROUTES = {
    "postal_parcel": (TransportMode.POST, "CUSTOMS_POSTAL_CARRIER"),
    "international_express": (TransportMode.AIR, "CUSTOMS_EXPRESS_CARRIER"),
    "hk_macau_truck": (TransportMode.ROAD, "CUSTOMS_ROAD_CARRIER"),
}


@dataclass(frozen=True, slots=True)
class CustomsSettings:
    platform: Enterprise  # ebp: the e-commerce platform (this shop's operator)
    agent: Enterprise  # declaring agent (报关企业) on the inventory lists
    routes: Mapping[str, CarrierRoute]  # shipping method -> trafMode and carrier
    sender: Sender  # BaseTransfer: who transmits (copCode, DXP id)
    customs_code: str  # 4-digit declaring customs (关区)
    exit_port: str  # 4-digit customs code of the exit port
    wrap_type: str  # one-digit package type (2 = carton)
    packaging_factor: Decimal  # gross weight = net weight x this factor
    carrier_booking: str  # "sandbox": the sandbox carrier books parcels; "none": wait for one
    carrier_sandbox_day_seconds: float  # real seconds in one day of the sandbox carrier's journeys
    site_operator: Enterprise  # export supervision site operator (arrival of non-postal parcels)
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
    unanswered_after_minutes: int  # a sent message without any answer for longer is flagged
    loop_interval_seconds: float

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> CustomsSettings:
        xsd_dir = str(config.get("CUSTOMS_XSD_DIR") or "").strip()
        platform = Enterprise(
            str(config["CUSTOMS_PLATFORM_CODE"]), str(config["CUSTOMS_PLATFORM_NAME"])
        )
        return cls(
            platform=platform,
            agent=declaring_agent(config, platform),
            routes={
                method: CarrierRoute(
                    mode,
                    Enterprise(str(config[f"{key}_CODE"]), str(config[f"{key}_NAME"])),
                )
                for method, (mode, key) in METHOD_ROUTES.items()
            },
            sender=Sender(
                cop_code=str(config["CUSTOMS_COP_CODE"]),
                cop_name=str(config["CUSTOMS_COP_NAME"]),
                dxp_id=str(config["CUSTOMS_DXP_ID"]),
            ),
            customs_code=str(config["CUSTOMS_DISTRICT_CODE"]),
            exit_port=str(config["CUSTOMS_EXIT_PORT"]),
            wrap_type=str(config["CUSTOMS_WRAP_TYPE"]),
            packaging_factor=Decimal(config["CUSTOMS_PACKAGING_FACTOR"]),
            carrier_booking=str(config.get("CUSTOMS_CARRIER_BOOKING", "sandbox")),
            carrier_sandbox_day_seconds=float(
                config.get("CUSTOMS_CARRIER_SANDBOX_DAY_SECONDS", 86_400.0)
            ),
            site_operator=Enterprise(
                str(config.get("CUSTOMS_SITE_OPERATOR_CODE", "")),
                str(config.get("CUSTOMS_SITE_OPERATOR_NAME", "")),
            ),
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
            unanswered_after_minutes=config.get("CUSTOMS_UNANSWERED_AFTER_MINUTES", 120),
        )
