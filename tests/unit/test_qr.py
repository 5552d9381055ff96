import io

import pytest
import zxingcpp
from PIL import Image

from charging_host.qr import payment_link, qr_png, qr_svg
from common.defaults import QR_LINK_TEMPLATE


def decode_png(data: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert len(results) == 1
    return results[0].text


def test_each_connector_has_its_own_link():
    first = payment_link(QR_LINK_TEMPLATE, "5010000101", 1)
    second = payment_link(QR_LINK_TEMPLATE, "5010000101", 2)
    assert first == "https://pay.smappee.net/scan/5010000101/1" and first != second


def test_the_png_decodes_to_the_link():
    link = payment_link("https://pay.example.com/c?station={serial}&socket={connector}", "50 10/x", 2)
    assert link == "https://pay.example.com/c?station=50%2010%2Fx&socket=2"
    assert decode_png(qr_png(link)) == link


def test_the_svg_is_an_svg():
    assert qr_svg("https://pay.smappee.net/scan/1/1").lstrip().startswith(b"<?xml")


def test_a_template_without_the_connector_is_refused():
    with pytest.raises(ValueError):
        payment_link("https://pay.smappee.net/scan/{serial}", "5010000101", 1)
