"""What a page's structured data says: its JSON-LD items (schema.org) and Open Graph type, turned
into the bank's title, site name, duration and kind."""

import json

from selectolax.lexbor import LexborHTMLParser

from .durations import any_minutes

MAX_ITEMS = 100
MAX_STEPS = 10_000
# schema.org types of a page's main thing → the bank's kinds.
TYPE_KINDS = {
    "podcastepisode": "podcast",
    "podcastseries": "podcast",
    "podcastseason": "podcast",
    "radioepisode": "podcast",
    "videoobject": "video",
    "movie": "video",
    "course": "course",
    "courseinstance": "course",
    "book": "book",
    "audiobook": "book",
}
ARTICLES = {"article", "newsarticle", "blogposting", "techarticle", "scholarlyarticle", "report", "howto"}
PAGES = {"webpage", "itempage", "aboutpage", "collectionpage"}


def _types(value) -> set[str]:
    names = value if isinstance(value, list) else [value]
    return {name.rsplit("/", 1)[-1].lower() for name in names if isinstance(name, str)}


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def structured_items(tree: LexborHTMLParser) -> list[dict]:
    """Every typed JSON-LD object of the page (inside `@graph`, lists and `mainEntity` too), in
    document order, each with its types in lower case under `@types`. Broken blocks are skipped."""
    items: list[dict] = []
    for node in tree.css("script"):
        if (node.attributes.get("type") or "").split(";")[0].strip().lower() != "application/ld+json":
            continue
        try:
            queue = [json.loads(node.text(deep=True) or "null")]
        except (ValueError, RecursionError):
            continue
        steps = 0
        while queue and len(items) < MAX_ITEMS and steps < MAX_STEPS:
            steps += 1
            value = queue.pop(0)
            if isinstance(value, list):
                queue.extend(value[:MAX_ITEMS])
            elif isinstance(value, dict):
                types = _types(value.get("@type"))
                if types:
                    items.append({**value, "@types": types})
                queue.extend(
                    value[name] for name in ("@graph", "mainEntity") if isinstance(value.get(name), dict | list)
                )
    return items


def _is_online_event(item: dict) -> bool:
    if not any(name.endswith("event") for name in item["@types"]):
        return False
    mode = str(item.get("eventAttendanceMode") or "").lower()
    places = [p for p in _as_list(item.get("location")) if isinstance(p, dict)]
    return "online" in mode or "mixed" in mode or any("virtuallocation" in _types(p.get("@type")) for p in places)


def main_item(items: list[dict]) -> dict | None:
    """The page's own thing: an episode, video, course, book or online event before an article, an
    article before a plain web page."""
    for wanted in (
        lambda i: bool(i["@types"] & TYPE_KINDS.keys()) or _is_online_event(i),
        lambda i: bool(i["@types"] & ARTICLES),
        lambda i: bool(i["@types"] & PAGES),
    ):
        found = next((item for item in items if wanted(item)), None)
        if found is not None:
            return found
    return None


def name_of(value, *keys) -> str | None:
    """A text: the value itself, or the first of `keys` in it that holds text (first of a list)."""
    value = next(iter(value), None) if isinstance(value, list) else value
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in keys:
            found = value.get(key)
            if isinstance(found, str) and found.strip():
                return found
    return None


def duration_from(item: dict, meta: dict[str, str], meta_names) -> int | None:
    """Minutes, from JSON-LD (`duration`, `timeRequired`, a course's `courseWorkload`), then meta tags."""
    candidates = [item.get("duration"), item.get("timeRequired")]
    candidates += [i.get("courseWorkload") for i in _as_list(item.get("hasCourseInstance")) if isinstance(i, dict)]
    candidates += [meta.get(name) for name in meta_names]
    for value in candidates:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            minutes = any_minutes(value)
            if minutes:
                return minutes
    return None


def kind_from(item: dict | None, og_type: str | None) -> str | None:
    """The kind a page says it is (schema.org type, else `og:type`); None when it does not say."""
    if item is not None:
        for name in sorted(item["@types"]):
            if name in TYPE_KINDS:
                return TYPE_KINDS[name]
        if _is_online_event(item):
            return "webinar"
    og = (og_type or "").strip().lower()
    if og.startswith("video"):
        return "video"
    if og in ("book", "books.book"):
        return "book"
    if "podcast" in og:
        return "podcast"
    return None
