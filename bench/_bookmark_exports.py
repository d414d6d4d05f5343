"""Bookmark files as browsers write them, and files made to hurt a parser.

`browser_export(browser, count)` writes what Chrome, Edge, Firefox and Safari write when a person
exports their bookmarks (the shapes follow each browser's exporter: Chromium's
`bookmark_html_writer.cc`, Firefox's `BookmarkHTMLUtils`, Safari's "Export Bookmarks"):

- Chrome: CRLF lines, ADD_DATE on links, ADD_DATE and LAST_MODIFIED on folders, the bookmarks bar
  as a PERSONAL_TOOLBAR_FOLDER, and an ICON (a 16×16 PNG as a base64 data URI) on every link
  whose page the browser keeps a favicon for (here 9 in 10).
- Edge: Chromium's writer, without ICON.
- Firefox: ADD_DATE and LAST_MODIFIED everywhere, ICON_URI and ICON (Firefox hands out the icon it
  keeps, here 32×32 as on a high-density screen), TAGS, some `<DD>` descriptions, `<HR>` separators.
- Safari: tab-indented, no dates and no icons.

The icons are real PNGs of small logos (a shape, a letter-like bar, antialiased edges), one per
site, as a favicon store holds them: 0.3–0.5 KB at 16×16 and 0.6–1.0 KB at 32×32 (a third more
in base64).

`adversarial(kind, size)` makes files of about `size` bytes that once cost a parser time growing
with the square of their size, or nest to multiply memory.
"""

import base64
import random
import struct
import zlib
from html import escape

WORDS = """ledarskap feedback produkt kund data analys design tillgänglighet säkerhet arkitektur förändring
kultur lärande coaching strategi innovation hållbarhet kommunikation skrivande retorik återhämtning fokus
planering agilt kvalitet testning automation statistik etik rekrytering mentorskap karriär læring møter
endring bærekraft leadership learning growth research interviews metrics onboarding habits systems""".split()
TLDS = ("com", "se", "no", "org", "io", "dev", "net")
BROWSERS = ("chrome", "edge", "firefox", "safari")
HEADER = (
    "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<!-- This is an automatically generated file.\n"
    "     It will be read and overwritten.\n     DO NOT EDIT! -->\n"
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">\n'
)
FIREFOX_CSP = (
    "<meta http-equiv=\"Content-Security-Policy\"\n      content=\"default-src 'self'; script-src 'none'; "
    "img-src data: *; object-src 'none'\"></meta>\n"
)


def _png(width: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + pixels[y * width * 4 : (y + 1) * width * 4] for y in range(width))
    header = struct.pack(">IIBBBBB", width, width, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def favicon(seed: int, size: int) -> bytes:
    """A site's logo as a browser keeps it: a round or square badge shaded from one colour to
    another, a few strokes of a light mark on it, edges antialiased (4×4 samples a pixel)."""
    rng = random.Random(seed)
    top, bottom = [rng.randrange(256) for _ in range(3)], [rng.randrange(256) for _ in range(3)]
    strokes = [(rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3), rng.uniform(0.05, 0.12)) for _ in range(4)]
    round_badge = rng.random() < 0.5
    pixels = bytearray()
    for y in range(size):
        for x in range(size):
            inside = on_mark = 0
            for sy in range(4):
                for sx in range(4):
                    u, v = (x + (sx + 0.5) / 4) / size - 0.5, (y + (sy + 0.5) / 4) / size - 0.5
                    hit = u * u + v * v <= 0.24 if round_badge else max(abs(u), abs(v)) <= 0.46
                    inside += hit
                    on_mark += hit and any(abs(u - a) < w and abs(v - b) < 0.3 - w for a, b, w in strokes)
            shade = [round(t + (b - t) * y / size) for t, b in zip(top, bottom, strict=True)]
            mark = on_mark / 16
            colour = [round(c * (1 - mark) + min(255, c + 170) * mark) for c in shade]
            pixels += bytes(colour) + bytes([inside * 255 // 16])
    return _png(size, bytes(pixels))


class _Sites:
    def __init__(self, rng: random.Random, count: int):
        self.rng = rng
        self.hosts = [
            f"{rng.choice(('www.', '', 'blog.', 'docs.'))}{rng.choice(WORDS)}{n}.{rng.choice(TLDS)}"
            for n in range(count)
        ]
        self.icons: dict[tuple[int, int], str] = {}

    def icon(self, site: int, size: int) -> str:
        if (site, size) not in self.icons:
            self.icons[site, size] = "data:image/png;base64," + base64.b64encode(favicon(site, size)).decode()
        return self.icons[site, size]

    def link(self, number: int) -> tuple[int, str, str]:
        rng = self.rng
        site = int(rng.paretovariate(1.2)) % len(self.hosts)  # a few sites hold many bookmarks
        path = "/".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 4)))
        query = f"?id={number}&ref={rng.choice(WORDS)}" if rng.random() < 0.35 else ""
        url = f"https://{self.hosts[site]}/{path}-{number}{query}"
        title = " ".join(rng.choice(WORDS).title() for _ in range(rng.randrange(3, 9)))
        return site, url, title


def root_dates(when: int) -> str:
    return f' ADD_DATE="{when}" LAST_MODIFIED="{when}"'


def _tree(rng: random.Random, count: int) -> list:
    """Folders (a few hundred, up to six deep) with `count` links among them:
    [("link", n) | ("folder", name, [...])]."""
    root: list = []
    folders = [(root, 1)]
    for number in range(count):
        if rng.random() < 0.03:
            parent, depth = rng.choice(folders)
            if depth < 6:
                children: list = []
                parent.append(("folder", f"{rng.choice(WORDS).title()} {number}", children))
                folders.append((children, depth + 1))
        rng.choice(folders)[0].append(("link", number))
    return root


def browser_export(browser: str, count: int, *, seed: int = 1) -> str:
    """`count` bookmarks in folders, as `browser` exports them (see the module's docstring)."""
    rng = random.Random(seed)
    sites = _Sites(rng, max(50, count // 4))
    when = 1_500_000_000
    lines: list[str] = []
    chromium, firefox = browser in ("chrome", "edge"), browser == "firefox"
    indent_unit = "\t" if browser == "safari" else "    "

    def write(items, depth):
        nonlocal when
        pad = indent_unit * depth
        for item in items:
            when += rng.randrange(1, 20_000)
            if item[0] == "folder":
                dates = f' ADD_DATE="{when}" LAST_MODIFIED="{when + 5}"' if browser != "safari" else ""
                lines.append(f"{pad}<DT><H3{dates}>{escape(item[1], quote=False)}</H3>")
                lines.append(f"{pad}<DL><p>")
                write(item[2], depth + 1)
                lines.append(f"{pad}</DL><p>")
                if firefox and rng.random() < 0.1:
                    lines.append(f"{pad}<HR>")
                continue
            site, url, title = sites.link(item[1])
            attributes = f'HREF="{escape(url)}"'
            if browser != "safari":
                attributes += f' ADD_DATE="{when}"'
            if firefox:
                attributes += f' LAST_MODIFIED="{when + 60}"'
            has_icon = rng.random() < 0.9
            if firefox and has_icon:
                attributes += f' ICON_URI="https://{sites.hosts[site]}/favicon.ico" ICON="{sites.icon(site, 32)}"'
            elif browser == "chrome" and has_icon:
                attributes += f' ICON="{sites.icon(site, 16)}"'
            if firefox and rng.random() < 0.2:
                attributes += f' TAGS="{rng.choice(WORDS)},{rng.choice(WORDS)}"'
            lines.append(f"{pad}<DT><A {attributes}>{escape(title, quote=False)}</A>")
            if firefox and rng.random() < 0.1:
                lines.append(f"{pad}<DD>{escape(' '.join(rng.choice(WORDS) for _ in range(12)), quote=False)}")

    tree = _tree(rng, count)
    bar, rest = tree[: len(tree) // 5], tree[len(tree) // 5 :]
    if chromium:
        lines += [HEADER.rstrip("\n"), "<TITLE>Bookmarks</TITLE>", "<H1>Bookmarks</H1>", "<DL><p>"]
        lines.append(f'    <DT><H3{root_dates(when)} PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>')
        lines.append("    <DL><p>")
        write(bar, 2)
        lines.append("    </DL><p>")
        write(rest, 1)  # Chromium writes "Other bookmarks" straight into the top list
        lines.append("</DL><p>")
        return "\r\n".join(lines) + "\r\n"
    if firefox:
        lines += [HEADER + FIREFOX_CSP + "<TITLE>Bookmarks</TITLE>", "<H1>Bookmarks Menu</H1>", "", "<DL><p>"]
        write(rest[: len(rest) // 2], 1)
        lines.append(f'    <DT><H3{root_dates(when)} PERSONAL_TOOLBAR_FOLDER="true">Bookmarks Toolbar</H3>')
        lines.append("    <DL><p>")
        write(bar, 2)
        lines.append("    </DL><p>")
        lines.append(f'    <DT><H3{root_dates(when)} UNFILED_BOOKMARKS_FOLDER="true">Other Bookmarks</H3>')
        lines.append("    <DL><p>")
        write(rest[len(rest) // 2 :], 2)
        lines.append("    </DL><p>")
        lines.append("</DL>")
        return "\n".join(lines) + "\n"
    lines += [
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>",
        "\t<HTML>",
        '\t<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
        "\t<Title>Bookmarks</Title>",
        "\t<H1>Bookmarks</H1>",
        "\t<DT><H3 FOLDED>Favorites</H3>",
        "\t<DL><p>",
    ]
    write(bar, 2)
    lines.append("\t</DL><p>")
    write(rest, 1)
    lines.append("</HTML>")
    return "\n".join(lines) + "\n"


def export_of_size(browser: str, size: int, *, seed: int = 1) -> str:
    """A `browser` export of about `size` bytes (as many bookmarks as that takes)."""
    sample = browser_export(browser, 400, seed=seed)
    count = max(1, round(400 * size / len(sample.encode())))
    return browser_export(browser, count, seed=seed)


# -- files made to hurt ------------------------------------------------------------------------------
def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


ADVERSARIAL = {
    # Unclosed tags: each one made the standard library's parser look for its end again.
    "unclosed <a": lambda size: _repeat("<a", size),
    'unclosed <a b="': lambda size: _repeat('<a b="', size),
    # Folders inside folders with a link in each: every link once carried its whole path.
    "nested folders": lambda size: _repeat('<DT><H3>f</H3>\n<DL><p>\n<DT><A HREF="https://example.com/">x</A>\n', size),
    # Elements an HTML5 tree builder keeps open: its stack scans grow with the depth.
    "nested <div>": lambda size: _repeat('<div><a href="https://example.com/">', size, "<DL><p><DT>"),
    "nested <h3>": lambda size: _repeat("<DT><H3>", size),
    "formatting": lambda size: _repeat('<b><i><a href="https://example.com/">x</a></i>', size, "<DL><p><DT>"),
    # Many small pieces: the most work per byte for a reader that goes piece by piece.
    "empty <DT>": lambda size: _repeat("<DT>", size),
    "hidden links": lambda size: _repeat("<DT><!--<a -->", size),
    "many folders": lambda size: _repeat("<DT><H3>f</H3><DL><p></DL><p>\n", size),
    # One huge attribute and a sea of character references.
    "long attribute": lambda size: '<DL><p><DT><A HREF="https://example.com/' + "x" * size + '">x</A>',
    "entities": lambda size: _repeat("&amp;&#x41;&lt;", size, '<DL><p><DT><A HREF="https://example.com/">', "</A>"),
}


def adversarial(kind: str, size: int) -> str:
    return ADVERSARIAL[kind](size)
