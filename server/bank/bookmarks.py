"""The Netscape bookmark file, as browsers, linkding, Raindrop and Pocket export it: read into plain
bookmarks, and written back out from the bank or a saved list.

Reading costs time in proportion to the file, whatever is in it. The format is a flat run of
lines (browsers never close `<DT>` or `<p>`), and its folders are `<DL>` lists: a folder is the
`<H3>` just before a `<DL>`. So the file is cut at each `<DL>`, `</DL>`, `<DT>`, `<DD>` and `<LI>`
(one linear scan), the folders are followed from those cuts with a stack, and only the pieces that
hold a link, a folder's name or a wanted description are handed to Lexbor (selectolax), the HTML5
parser the link previews use, for attributes, character references and text. Lexbor never sees
the whole file: its tree builder scans its stack of open elements for many tags, so a file of
deeply nested elements costs it the square of its size (1.6 MB of nested folders took 130 s), and
a piece of a real export holds a handful of tags. A piece with more is refused, as is a file with
more links, folders, depth or pieces than `Limits` allow.

Each bookmark points at its folder, which points at its parent: the path is shared, never copied.
Only the innermost `FOLDER_TAGS` folders become tags. Pocket's export (`<ul><li><a tags="…">`) reads
the same way, without folders.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from itertools import islice

from selectolax.lexbor import LexborHTMLParser

# Folders every browser has; they say where a bookmark sat, not what it is about.
ROOT_FOLDER_FLAGS = ("personal_toolbar_folder", "unfiled_bookmarks_folder")
FOLDER_TAGS = 3  # the innermost folders a bookmark's tags come from
HEADER = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>{title}</TITLE>
<H1>{title}</H1>
<DL><p>
"""
# Where the file is cut: an HTML tag name ends at white space, "/" or ">".
CUT = re.compile(r"<(/dl|dl|dt|dd|li)(?=[\s/>])", re.IGNORECASE)
WORTH_PARSING = re.compile(r"<(?:a|h3)[\s/>]", re.IGNORECASE)
NO_DESCRIPTION = re.compile(r"<dd[^<>]*>(?:\s|</?p>|</dd>)*", re.IGNORECASE)  # some tools write empty <DD>s
TAG = re.compile(r"</?[A-Za-z]")  # at least every tag Lexbor could see
CHECK_EVERY = 512  # pieces between two looks at the time budget


@dataclass(frozen=True)
class Limits:
    bookmarks: int = 25_000
    folders: int = 5_000
    depth: int = 32  # folders inside folders (browsers' own root folders count as one)
    tags_in_piece: int = 32  # a real export has under ten between two lines' cuts
    pieces: int = 100_000
    idle: int = 1_000  # pieces handed to Lexbor that held no link, folder name or description


class TooMuch(Exception):
    """The file exceeds a limit. `reason`: bookmarks, folders, depth or markup; `limit`: the number."""

    def __init__(self, reason: str, limit: int):
        super().__init__(f"{reason} over {limit}")
        self.reason, self.limit = reason, limit


@dataclass(slots=True, frozen=True)
class Folder:
    name: str
    parent: "Folder | None"


@dataclass(slots=True)
class Bookmark:
    url: str | None
    title: str = ""
    tags: list[str] = field(default_factory=list)  # the TAGS attribute
    folder: Folder | None = None  # the innermost named folder it sits in (shared with its siblings)
    description: str | None = None
    kind: str | None = None

    @property
    def folders(self) -> list[str]:
        """The names of the innermost `FOLDER_TAGS` folders around it, outermost first."""
        names, folder = [], self.folder
        while folder is not None and len(names) < FOLDER_TAGS:
            names.append(folder.name)
            folder = folder.parent
        return names[::-1]


def _tags(value: str | None) -> list[str]:
    return [tag.strip() for tag in (value or "").split(",", 50)[:50] if tag.strip()]


class _Reader:
    """What the pieces say, in order: the folders open around the current place, and the link,
    folder name or description whose text is being read."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.bookmarks: list[Bookmark] = []
        self.open: list[Folder | None] = []  # one per open <DL>: the innermost named folder there
        self.folder_count = self.headings = self.descriptions = 0
        self.next_folder: str | None = None  # the last <H3>, waiting for its <DL>
        self.reading: str | None = None  # "a", "h3" or "dd": whose text is being collected
        self.text: list[str] = []
        self.root_folder = False
        self.last: Bookmark | None = None

    def open_folder(self) -> None:
        self.finish()
        here = self.open[-1] if self.open else None
        if self.next_folder:
            self.folder_count += 1
            if self.folder_count > self.limits.folders:
                raise TooMuch("folders", self.limits.folders)
            here = Folder(self.next_folder, here)
        self.open.append(here)
        self.next_folder = None
        if len(self.open) > self.limits.depth:
            raise TooMuch("depth", self.limits.depth)

    def close_folder(self) -> None:
        self.finish()
        if self.open:
            self.open.pop()

    def wants_description(self) -> bool:
        return self.last is not None and not self.last.description

    def start(self, tag: str, node) -> None:
        if tag in ("dt", "li", "h1", "ul"):
            self.finish()
        elif tag == "a":
            self._read("a")
            attributes = node.attributes
            if len(self.bookmarks) >= self.limits.bookmarks:
                raise TooMuch("bookmarks", self.limits.bookmarks)
            self.last = Bookmark(
                url=(attributes.get("href") or "").strip() or None,
                tags=_tags(attributes.get("tags")),
                kind=attributes.get("kind"),
                folder=self.open[-1] if self.open else None,
            )
            self.bookmarks.append(self.last)
        elif tag == "h3":
            self._read("h3")
            self.headings += 1
            if self.headings > self.limits.folders:
                raise TooMuch("folders", self.limits.folders)
            attributes = node.attributes
            self.root_folder = any((attributes.get(flag) or "").lower() == "true" for flag in ROOT_FOLDER_FLAGS)
        elif tag == "dd":
            self._read("dd")

    def end(self, tag: str) -> None:
        if tag in ("a", "h3") and self.reading == tag:
            self.finish()

    def data(self, text: str) -> None:
        if self.reading:
            self.text.append(text)

    def _read(self, what: str) -> None:
        self.finish()
        self.reading, self.text = what, []

    def finish(self) -> None:
        what, text = self.reading, "".join(self.text).strip()
        self.reading, self.text = None, []
        if what == "a" and self.last is not None:
            self.last.title = " ".join(text.split()) if "\n" in text else text
        elif what == "h3":
            self.next_folder = None if self.root_folder else (" ".join(text.split()) or None)
        elif what == "dd" and self.last is not None and text and not self.last.description:
            self.last.description = text
            self.descriptions += 1

    def found(self) -> int:
        """How many things the file has said so far that a piece can say."""
        return len(self.bookmarks) + self.headings + self.descriptions


def _walk(piece: str, reader: _Reader) -> None:
    """The piece's elements and text in document order, as starts, ends and data. `<DL>` is left
    to the cuts (a piece holds at most one, at its start)."""
    body = LexborHTMLParser(piece).body
    if body is None:
        return
    node, stop = body.child, body.mem_id
    while node is not None:
        if node.is_text_node:
            reader.data(node.text_content or "")
        elif node.is_element_node and node.tag != "dl":
            reader.start(node.tag, node)
            if node.child is not None:
                node = node.child
                continue
            reader.end(node.tag)
        while node.next is None:
            node = node.parent
            if node is None or node.mem_id == stop:
                return
            if node.tag != "dl":
                reader.end(node.tag)
        node = node.next


def _pieces(html: str):
    """(the cut a piece starts with, or None for the file's head; the piece), one at a time."""
    start, kind = 0, None
    for match in CUT.finditer(html):
        yield kind, html[start : match.start()]
        start, kind = match.start(), match.group(1).lower()
    yield kind, html[start:]


def _tags_in(piece: str, limit: int) -> int:
    return sum(1 for _ in islice(TAG.finditer(piece), limit + 1))


def read(html: str, *, limits: Limits = Limits(), check: Callable[[], None] | None = None) -> list[Bookmark]:
    """Every link (`<A>`) in the file, in order, with its folder, tags and description. Raises
    `TooMuch` past `limits`; calls `check` now and then (a time budget may raise from it)."""
    html = html.replace("\x00", "")  # no database stores NUL; no real bookmark holds one
    reader, idle = _Reader(limits), 0
    for count, (kind, piece) in enumerate(_pieces(html), 1):
        if count % CHECK_EVERY == 0:
            if count > limits.pieces:
                raise TooMuch("markup", limits.pieces)
            if check is not None:
                check()
        if kind == "dl":
            reader.open_folder()
        elif kind == "/dl":
            reader.close_folder()
        elif kind in ("dt", "li"):
            reader.finish()
        wanted = kind == "dd" and reader.wants_description() and not NO_DESCRIPTION.fullmatch(piece)
        if not (wanted or WORTH_PARSING.search(piece)):
            if kind == "dd":
                reader.finish()
            continue
        if _tags_in(piece, limits.tags_in_piece) > limits.tags_in_piece:
            raise TooMuch("markup", limits.tags_in_piece)
        found = reader.found()
        _walk(piece, reader)
        reader.finish()  # a piece ends whatever it was reading (the next starts with a cut)
        if reader.found() == found:
            idle += 1
            if idle > limits.idle:
                raise TooMuch("markup", limits.idle)
    reader.finish()
    return reader.bookmarks


def write(rows, title: str) -> str:
    """A bookmark file of `rows` ({url, title, tags, description, kind, added (epoch seconds)})."""
    parts = [HEADER.format(title=escape(title))]
    for row in rows:
        attributes = f'HREF="{escape(row["url"])}" ADD_DATE="{int(row["added"])}"'
        if row["tags"]:
            attributes += f' TAGS="{escape(",".join(row["tags"]))}"'
        attributes += f' KIND="{escape(row["kind"])}"'
        parts.append(f"    <DT><A {attributes}>{escape(row['title'])}</A>\n")
        if row.get("description"):
            parts.append(f"    <DD>{escape(row['description'])}\n")
    parts.append("</DL><p>\n")
    return "".join(parts)
