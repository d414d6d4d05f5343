"""QR codes for invitation links, so a colleague can join by pointing a phone at a screen.

Made on the server with segno (pure Python, maintained, no image library): a small SVG sent as a
`data:` URL in the answer that creates the invitation, which the app shows as an image (the
Content-Security-Policy allows `img-src data:`). The browser runs no QR code of its own.
"""

import segno


def qr_data_uri(text: str) -> str:
    """An SVG QR code of `text` as a data: URL; dark modules on white, with the quiet zone scanners need."""
    code = segno.make(text, error="m", micro=False)
    return code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff")
