"""How long something takes, as pages publish it: ISO 8601 durations in JSON-LD and microdata
(`PT1H2M`, `P1DT2H`), plain seconds in `og:video:duration` / `music:duration`, or a clock (`1:02:03`)."""

import math
import re

ISO_8601 = re.compile(
    r"^P(?:(?P<w>\d+(?:[.,]\d+)?)W)?(?:(?P<d>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<m>\d+(?:[.,]\d+)?)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$"
)
CLOCK = re.compile(r"^(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d)$")
SECONDS_IN = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
MAX_MINUTES = 100_000


def _minutes(seconds: float) -> int | None:
    """Whole minutes, at least one; None for nothing or for what cannot be meant (over ten weeks)."""
    if not math.isfinite(seconds) or seconds <= 0:
        return None
    minutes = max(1, int(seconds / 60 + 0.5))
    return minutes if minutes <= MAX_MINUTES else None


def iso_minutes(value) -> int | None:
    """`PT1H2M` → 62. Years and months are left out: no episode or course is measured in them."""
    text = str(value or "").strip().upper()
    match = ISO_8601.match(text)
    if not match or text in ("P", "PT") or text.endswith("T"):
        return None
    seconds = sum(
        float(number.replace(",", ".")) * SECONDS_IN[unit] for unit, number in match.groupdict().items() if number
    )
    return _minutes(seconds)


def seconds_minutes(value) -> int | None:
    """`3720` (seconds) → 62."""
    try:
        seconds = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return _minutes(seconds)


def any_minutes(value) -> int | None:
    """A duration written any of the ways above: ISO 8601, a clock, or bare seconds."""
    text = str(value or "").strip()
    if text.upper().startswith("P"):
        return iso_minutes(text)
    clock = CLOCK.match(text)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return _minutes(hours * 3600 + minutes * 60 + seconds)
    return seconds_minutes(text)
