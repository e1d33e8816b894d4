"""A web worker that serves pages does not load what only signing, ID sealing or QR codes need.

cryptography, signxml and segno hold about 30 MB of a process (issue 16: a worker within
120 MB). They are imported on first use by the code that signs customs messages, seals an ID
number or draws a pickup code; a test keeps a module-level import from bringing them back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAZY = ("cryptography", "signxml", "segno")

SCRIPT = """
import json, sys
from wsgi import app
client = app.test_client()
answers = [client.get(path).status_code for path in ("/healthz", "/en/", "/ar/products/")]
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(%r))
print(json.dumps({"answers": answers, "loaded": loaded}))
"""


def test_serving_pages_loads_neither_cryptography_nor_signxml_nor_segno(app, tmp_path):
    env = {**os.environ, "STOREFRONT_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    env["STOREFRONT_PICKUP_ID_KEY_FILE"] = str(tmp_path / "pickup-id.key")
    env["STOREFRONT_MEDIA_DIR"] = str(tmp_path / "media")
    env["STOREFRONT_CUSTOMS_EXCHANGE_DIR"] = str(tmp_path / "customs")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT % (LAZY,)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["answers"] == [200, 200, 200]
    assert report["loaded"] == []


def test_signing_and_sealing_still_load_them_when_used(tmp_path):
    from storefront.customs.messages.signing import PemSigner, generate_development_keypair
    from storefront.pickup.personal_data import PersonalDataVault, new_key

    key_path, cert_path = generate_development_keypair(tmp_path)
    signed = PemSigner.from_files(key_path, cert_path).sign(
        b'<?xml version="1.0" encoding="UTF-8"?><ceb:CEB303Message '
        b'xmlns:ceb="http://www.chinaport.gov.cn/ceb"><ceb:Order/></ceb:CEB303Message>'
    )
    assert b"<ds:SignatureValue>" in signed
    vault = PersonalDataVault(new_key())
    assert vault.unseal(vault.seal("430102199001011234")) == "430102199001011234"
