"""The web app manifest: install dialogs get real screenshots, and each shortcut its own icon."""

import json
import struct

from server.shell import PWA_DIR


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def _manifest() -> dict:
    return json.loads((PWA_DIR / "manifest.webmanifest").read_text())


def test_screenshots_exist_in_the_sizes_they_claim_narrow_and_wide():
    shots = _manifest()["screenshots"]
    assert {shot["form_factor"] for shot in shots} == {"narrow", "wide"}
    for shot in shots:
        width, height = _png_size(PWA_DIR / shot["src"].lstrip("/"))
        assert shot["sizes"] == f"{width}x{height}" and shot["label"]
        assert (width < height) == (shot["form_factor"] == "narrow")


def test_each_shortcut_has_its_own_icon():
    shortcuts = _manifest()["shortcuts"]
    icons = [shortcut["icons"][0]["src"] for shortcut in shortcuts]
    assert len(set(icons)) == len(shortcuts) >= 3
    for shortcut in shortcuts:
        icon = shortcut["icons"][0]
        width, height = _png_size(PWA_DIR / icon["src"].lstrip("/"))
        assert icon["sizes"] == f"{width}x{height}" == "96x96"


def test_screenshots_and_icons_are_served(client):
    for path in ["/img/screenshots/narrow-log.png", "/icons/shortcut-history.png"]:
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "image/png"
