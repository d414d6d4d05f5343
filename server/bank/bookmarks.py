"""The Netscape bookmark file, as browsers, linkding, Raindrop and Pocket export it: read into plain
bookmarks, and written back out from the bank or a saved list.

Reading streams the file through the standard library's HTMLParser with a stack of open `<DL>`
lists: a folder is the `<H3>` just before a `<DL>`, and each bookmark carries the folders around it.
That is how the format nests (browsers never close `<DT>` or `<p>`), and broken nesting only ends a
folder early. Pocket's export (`<ul><li><a tags="…">`) reads the same way, without folders.
"""

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

# Folders every browser has; they say where a bookmark sat, not what it is about.
ROOT_FOLDER_FLAGS = ("personal_toolbar_folder", "unfiled_bookmarks_folder")
HEADER = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>{title}</TITLE>
<H1>{title}</H1>
<DL><p>
"""


@dataclass
class Bookmark:
    url: str | None
    title: str = ""
    tags: list[str] = field(default_factory=list)  # the TAGS attribute
    folders: list[str] = field(default_factory=list)  # the folders it sits in, outermost first
    description: str | None = None
    kind: str | None = None


def _tags(value: str | None) -> list[str]:
    return [tag.strip() for tag in (value or "").split(",") if tag.strip()]


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bookmarks: list[Bookmark] = []
        self.folders: list[str | None] = []  # one per open <DL>: its folder's name, if it has one
        self.next_folder: str | None = None  # the last <H3>, waiting for its <DL>
        self.reading: str | None = None  # "a", "h3" or "dd": whose text the parser is collecting
        self.text: list[str] = []
        self.root_folder = False
        self.last: Bookmark | None = None

    def _start(self, what: str) -> None:
        self._finish()
        self.reading, self.text = what, []

    def _finish(self) -> None:
        what, text = self.reading, "".join(self.text).strip()
        self.reading, self.text = None, []
        if what == "a" and self.last is not None:
            self.last.title = " ".join(text.split()) if "\n" in text else text
        elif what == "h3":
            self.next_folder = None if self.root_folder else (" ".join(text.split()) or None)
        elif what == "dd" and self.last is not None and text and not self.last.description:
            self.last.description = text

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value for name, value in attrs}
        if tag == "dl":
            self._finish()
            self.folders.append(self.next_folder)
            self.next_folder = None
        elif tag == "h3":
            self._start("h3")
            self.root_folder = any((attributes.get(flag) or "").lower() == "true" for flag in ROOT_FOLDER_FLAGS)
        elif tag == "a":
            self._start("a")
            self.last = Bookmark(
                url=(attributes.get("href") or "").strip() or None,
                tags=_tags(attributes.get("tags")),
                kind=attributes.get("kind"),
                folders=[name for name in self.folders if name],
            )
            self.bookmarks.append(self.last)
        elif tag == "dd":
            self._start("dd")
        elif tag in ("dt", "li", "h1", "ul"):
            self._finish()

    def handle_endtag(self, tag):
        if tag in ("a", "h3") and self.reading == tag:
            self._finish()
        elif tag == "dl":
            self._finish()
            if self.folders:
                self.folders.pop()

    def handle_data(self, data):
        if self.reading:
            self.text.append(data)


def read(html: str) -> list[Bookmark]:
    """Every link (`<A>`) in the file, in order, with its folders, tags and description."""
    reader = _Reader()
    reader.feed(html.replace("\x00", ""))  # no database stores NUL; no real bookmark holds one
    reader.close()
    reader._finish()
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
