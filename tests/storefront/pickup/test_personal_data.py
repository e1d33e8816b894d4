"""ID numbers sealed at rest (Fernet), a keyed hash beside them, keys from the configuration."""

from __future__ import annotations

import stat

import pytest

from storefront.pickup.personal_data import (
    PersonalDataKeyError,
    PersonalDataVault,
    UnreadableSealedData,
    development_key,
    is_sealed,
    new_key,
)
from tests.pickup_ids import SECOND_TOURIST, TOURIST


def test_sealed_data_reads_back_only_with_its_key():
    vault = PersonalDataVault(new_key())
    sealed = vault.seal(TOURIST)
    assert is_sealed(sealed) and TOURIST not in sealed
    assert vault.seal(TOURIST) != sealed  # a random IV each time
    assert vault.unseal(sealed) == TOURIST
    with pytest.raises(UnreadableSealedData):
        PersonalDataVault(new_key()).unseal(sealed)
    with pytest.raises(UnreadableSealedData):
        vault.unseal(sealed[:-4] + "AAAA")
    with pytest.raises(UnreadableSealedData):
        vault.unseal(TOURIST)


def test_the_lookup_hash_is_keyed_stable_and_not_the_number():
    key = new_key()
    vault, same, other = (
        PersonalDataVault(key),
        PersonalDataVault(key),
        PersonalDataVault(new_key()),
    )
    digest = vault.lookup_hash(TOURIST)
    assert digest == same.lookup_hash(TOURIST.lower()) == same.lookup_hash(f" {TOURIST} ")
    assert digest != vault.lookup_hash(SECOND_TOURIST)
    assert digest != other.lookup_hash(TOURIST)  # another key, another hash
    assert len(digest) == 64 and TOURIST not in digest
    assert "key" in repr(vault) and key not in repr(vault)


@pytest.mark.parametrize("bad", ["", "not base64!", "c2hvcnQ="])
def test_a_bad_key_is_refused(bad):
    with pytest.raises(PersonalDataKeyError):
        PersonalDataVault(bad)


def test_the_development_key_is_made_once_and_private(tmp_path):
    path = tmp_path / "instance" / "pickup-id.key"
    key = development_key(path)
    assert development_key(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    PersonalDataVault(key)  # usable
    assert [p.name for p in path.parent.iterdir()] == ["pickup-id.key"]  # no temporary left
