"""Text as people type it: tags, and letters folded so that search forgives accents and case."""

import unicodedata

MAX_TAG = 40
# Letters that Unicode does not decompose into a base letter and a mark.
_FOLDED = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "Ð": "d",
    }
)


def normalise_tag(name) -> str:
    """ "#Leadership  skills" → "leadership skills": no hash, single spaces, lower case, 40 at most."""
    return " ".join(str(name).replace("#", " ").split()).lower()[:MAX_TAG].strip()


def normalise_tags(names) -> list[str]:
    """Each tag once, in the order given, empty ones left out."""
    seen: dict[str, None] = {}
    for name in names or []:
        tag = normalise_tag(name)
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def fold(text: str | None) -> str:
    """Lower case without accents: "Förändring" and "forandring", "Læring" and "laering" meet."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_FOLDED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def is_clean(text: str) -> bool:
    """Text that can be stored: no lone UTF-16 surrogates (JSON can carry them, UTF-8 cannot)
    and no NUL (PostgreSQL refuses it in text columns)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
