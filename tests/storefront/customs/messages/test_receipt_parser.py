"""Receipt parsing: official samples, namespace and encoding variants, and refusals."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storefront.customs.messages.codes import ReturnOutcome, describe_return_status
from storefront.customs.messages.exceptions import ReceiptParseError
from storefront.customs.messages.receipt_parser import Receipt, parse_receipts

CEB = "http://www.chinaport.gov.cn/ceb"

REJECTED_LIST_FIELDS = (
    ("guid", "A3E5B7C9-1D2F-4A6B-8C0D-2E4F6A8B0C1D"),
    ("agentCode", "4310980004"),
    ("copNo", "CZX-INV-202603010001-01"),
    ("preNo", "B20260302000000123"),
    ("invtNo", "490020261000000123"),
    ("ebcCode", "4310960001"),
    ("ebpCode", "4310960002"),
    ("orderNo", "CZX202603010001-01"),
    ("statisticsFlag", "A"),
    ("returnStatus", "100"),
    ("returnTime", "20260302103015123"),
    ("returnInfo", "退单：商品编码[1602399100]与申报品名不符，请核实后重新申报"),
)


def inventory_receipt(prefix: str | None, namespace: str | None, encoding: str = "UTF-8") -> str:
    """A CEB604 receipt written with ``prefix:`` names, a default namespace, or none."""
    tag = f"{prefix}:" if prefix else ""
    if prefix:
        declaration = f' xmlns:{prefix}="{namespace}"'
    else:
        declaration = f' xmlns="{namespace}"' if namespace else ""
    fields = "".join(f"<{tag}{name}>{value}</{tag}{name}>" for name, value in REJECTED_LIST_FIELDS)
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        f'<{tag}CEB604Message{declaration} guid="9E0D1C2B-3A4F-4E5D-8C6B-7A8F9E0D1C2B" '
        f'version="1.0"><{tag}InventoryReturn>{fields}</{tag}InventoryReturn></{tag}CEB604Message>'
    )


EXPECTED_REJECTION = Receipt(
    message_type="CEB604Message",
    message_guid="9E0D1C2B-3A4F-4E5D-8C6B-7A8F9E0D1C2B",
    guid="A3E5B7C9-1D2F-4A6B-8C0D-2E4F6A8B0C1D",
    return_status=100,
    return_time=datetime(2026, 3, 2, 2, 30, 15, 123000, tzinfo=UTC),
    return_info="退单：商品编码[1602399100]与申报品名不符，请核实后重新申报",
    order_no="CZX202603010001-01",
    cop_no="CZX-INV-202603010001-01",
    pre_no="B20260302000000123",
    invt_no="490020261000000123",
    ebp_code="4310960002",
    ebc_code="4310960001",
    agent_code="4310980004",
)


@pytest.mark.parametrize(
    ("sample", "message_type", "references"),
    [
        ("CEB304Message.xml", "CEB304Message", {"order_no": "order2018050711340001"}),
        (
            "CEB604Message.xml",
            "CEB604Message",
            {"cop_no": "Cop20180507001", "pre_no": "P20180507000000001"},
        ),
        ("CEB606Message.xml", "CEB606Message", {"invt_no": "Invt20180507000001"}),
        ("CEB702Message.xml", "CEB702Message", {"sum_no": "S20180507000000001"}),
    ],
)
def test_official_samples(
    samples_dir: Path, sample: str, message_type: str, references: dict[str, str]
) -> None:
    data = (samples_dir / "export" / sample).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the samples carry a UTF-8 byte order mark
    receipts = parse_receipts(data)
    assert len(receipts) == 10
    first = receipts[0]
    assert first.message_type == message_type
    assert first.return_status == 2
    assert describe_return_status(first.return_status).key == "eport_declaring"
    assert first.return_info.startswith("新增申报成功")
    assert first.return_time.tzinfo is not None
    for field, value in references.items():
        assert getattr(first, field) == value


def test_inventory_sample_times_are_china_time(samples_dir: Path) -> None:
    first = parse_receipts((samples_dir / "export/CEB604Message.xml").read_bytes())[0]
    assert first.return_time == datetime(2018, 5, 7, 7, 30, 1, 1000, tzinfo=UTC)


@pytest.mark.parametrize(
    ("prefix", "namespace"),
    [("ceb", CEB), ("c", CEB), (None, CEB), (None, None)],
    ids=["ceb-prefix", "other-prefix", "default-namespace", "no-namespace"],
)
def test_namespace_variants_parse_alike(prefix: str | None, namespace: str | None) -> None:
    receipts = parse_receipts(inventory_receipt(prefix, namespace).encode("utf-8"))
    assert receipts == (EXPECTED_REJECTION,)
    assert describe_return_status(receipts[0].return_status).outcome is ReturnOutcome.REJECTED


@pytest.mark.parametrize("encoding", ["GBK", "gb2312", "GB18030"])
def test_chinese_encodings(encoding: str) -> None:
    data = inventory_receipt(None, CEB, encoding=encoding).encode("gb18030")
    assert "退单".encode() not in data  # really not UTF-8
    assert parse_receipts(data) == (EXPECTED_REJECTION,)


def test_gb2312_label_with_gbk_only_characters() -> None:
    text = inventory_receipt(None, CEB, encoding="gb2312").replace("请核实", "请朱镕核实")
    receipts = parse_receipts(text.encode("gbk"))
    assert "朱镕" in receipts[0].return_info


def test_bytes_that_do_not_match_the_declared_encoding() -> None:
    data = inventory_receipt(None, CEB, encoding="GBK").encode("gbk") + b"\x81"
    with pytest.raises(ReceiptParseError, match="declared encoding"):
        parse_receipts(data)


def test_format_check_receipt() -> None:
    data = f"""<?xml version="1.0" encoding="UTF-8"?>
<CEB900Message xmlns="{CEB}" guid="1F2E3D4C-5B6A-4978-8695-A4B3C2D1E0F9" version="1.0">
  <MessageReturn>
    <guid>1F2E3D4C-5B6A-4978-8695-A4B3C2D1E0F9</guid>
    <returnStatus>-0002</returnStatus>
    <returnInfo>报文格式校验失败：元素 gcode 长度必须为10</returnInfo>
    <returnTime>20260302103000456</returnTime>
    <oriCopMsgId>CEB603Message_A3E5B7C9-1D2F-4A6B-8C0D-2E4F6A8B0C1D</oriCopMsgId>
    <oriMessageType>CEB603Message</oriMessageType>
    <oriBizMessage>&lt;ceb:CEB603Message/&gt;</oriBizMessage>
  </MessageReturn>
</CEB900Message>""".encode()
    (receipt,) = parse_receipts(data)
    assert receipt.message_type == "CEB900Message"
    assert receipt.return_status == -2
    assert receipt.original_message_type == "CEB603Message"
    assert receipt.original_message_id == "CEB603Message_A3E5B7C9-1D2F-4A6B-8C0D-2E4F6A8B0C1D"
    assert describe_return_status(receipt.return_status).outcome is ReturnOutcome.FAILED


def test_receipt_inside_a_dxp_envelope() -> None:
    payload = base64.b64encode(inventory_receipt("ceb", CEB).encode("utf-8")).decode()
    envelope = f"""<?xml version="1.0" encoding="UTF-8"?>
<DxpMsg xmlns="http://www.chinaport.gov.cn/dxp" ver="1.0">
  <TransInfo><CopMsgId>R1</CopMsgId><SenderId>DXPEDCCEB0000003</SenderId>
    <ReceiverIds><ReceiverId>DXPENT0000466001</ReceiverId></ReceiverIds>
    <CreatTime>2026-03-02T10:30:16</CreatTime><MsgType>CEB604Message</MsgType></TransInfo>
  <Data>{payload}</Data>
</DxpMsg>""".encode()
    assert parse_receipts(envelope) == (EXPECTED_REJECTION,)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b"   \n", "empty input"),
        (b"\x00\xffgarbage\x01", "malformed XML"),
        (b"<CEB604Message><InventoryReturn>", "malformed XML"),
        (
            b'<?xml version="1.0"?><html><body>502 Bad Gateway</body></html>',
            "html is not a receipt",
        ),
        (
            f'<CEB604Message xmlns="{CEB}" guid="x" version="1.0"/>'.encode(),
            "holds no InventoryReturn",
        ),
        (
            b'<CEB604Message xmlns="urn:other"><InventoryReturn/></CEB604Message>',
            "namespace 'urn:other'",
        ),
        (
            b'<DxpMsg xmlns="http://www.chinaport.gov.cn/dxp"><Data>!!</Data></DxpMsg>',
            "not base64",
        ),
    ],
)
def test_garbage_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(ReceiptParseError, match=reason):
        parse_receipts(data)


def test_declarations_are_not_receipts(samples_dir: Path) -> None:
    with pytest.raises(ReceiptParseError, match="CEB303Message is not a receipt"):
        parse_receipts((samples_dir / "export/CEB303Message.xml").read_bytes())


def test_text_instead_of_bytes_is_refused() -> None:
    with pytest.raises(ReceiptParseError, match="expected bytes"):
        parse_receipts(inventory_receipt(None, CEB))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("<returnStatus>100</returnStatus>", "", "lacks returnStatus"),
        ("<returnStatus>100</returnStatus>", "<returnStatus>退单</returnStatus>", "not a number"),
        (
            "<returnTime>20260302103015123</returnTime>",
            "<returnTime>2026-03-02</returnTime>",
            "not a receipt time",
        ),
        ("<guid>A3E5B7C9-1D2F-4A6B-8C0D-2E4F6A8B0C1D</guid>", "", "lacks guid"),
    ],
)
def test_incomplete_entries_are_refused(old: str, new: str, reason: str) -> None:
    text = inventory_receipt(None, CEB)
    assert old in text
    with pytest.raises(ReceiptParseError, match=reason):
        parse_receipts(text.replace(old, new).encode("utf-8"))


def test_documents_with_a_dtd_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    text = inventory_receipt(None, CEB).replace(
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>',
    )
    with pytest.raises(ReceiptParseError, match="DTD"):
        parse_receipts(text.replace("请核实后重新申报", "&x;").encode("utf-8"))
