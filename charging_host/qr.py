"""Scan & Charge QR codes: one per charge point (connector), encoding its payment link."""

from __future__ import annotations

import io
from urllib.parse import quote

import qrcode
import qrcode.image.svg


def payment_link(template: str, serial: str, connector: int) -> str:
    """The link a connector's QR code encodes. Its form is a setting (QR_LINK_TEMPLATE);
    it must name the connector, not only the station: a driver scans the socket they plug into."""
    if "{serial}" not in template or "{connector}" not in template:
        raise ValueError("the QR link template needs {serial} and {connector}")
    return template.format(serial=quote(str(serial), safe=""), connector=int(connector))


def _code(link: str) -> qrcode.QRCode:
    # Medium error correction: a sticker outdoors gets scratched.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(link)
    code.make(fit=True)
    return code


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    _code(link).make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(link: str) -> bytes:
    buffer = io.BytesIO()
    _code(link).make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return buffer.getvalue()
