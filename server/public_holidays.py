"""Public holidays of the organisation's country, from the maintained `holidays` package.

A holiday is a day off by law, or in practice where the package knows it (Midsummer Eve, Christmas
Eve and New Year's Eve in Sweden). Working days are Monday to Friday minus those. Series of sessions
skip or move off them, weekly reminders due on one go out the working day before, and weeks that
hold one are marked in history and totals.
"""

import zoneinfo
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

import holidays as calendars

# Days off in practice, not only by law, where the package knows them for a country.
CATEGORIES = ("public", "de_facto")
# The package's language codes to try for each of the app's languages, best first.
LANGUAGES = {"sv": ("sv", "sv_FI"), "nb": ("no", "nb"), "en": ("en_GB", "en_US")}
# The Nordic zones, known without the time zone database's country table (not every installation has it).
NORDIC_ZONES = {
    "Europe/Stockholm": "SE",
    "Europe/Oslo": "NO",
    "Europe/Copenhagen": "DK",
    "Europe/Helsinki": "FI",
    "Atlantic/Reykjavik": "IS",
    "Europe/Mariehamn": "AX",
}
WORKING_DAYS = 5  # Monday to Friday


@cache
def supported_countries() -> frozenset[str]:
    """ISO 3166 alpha-2 codes the package has holidays for (it also answers to alpha-3 ones)."""
    return frozenset(code for code in calendars.list_supported_countries() if len(code) == 2)


@cache
def _zone_countries() -> dict[str, str]:
    """Zone name → country code, from the time zone database's `zone.tab` where it can be found."""
    for folder in zoneinfo.TZPATH:
        table = Path(folder) / "zone.tab"
        if table.is_file():
            rows = (line.split("\t") for line in table.read_text().splitlines() if not line.startswith("#"))
            return {row[2].strip(): row[0] for row in rows if len(row) >= 3}
    return {}


def country_of_zone(zone_name: str | None) -> str | None:
    """The country a time zone belongs to, e.g. Europe/Oslo → NO; None when it has no one country."""
    if not zone_name:
        return None
    country = NORDIC_ZONES.get(zone_name) or _zone_countries().get(zone_name)
    return country if country in supported_countries() else None


@lru_cache(maxsize=256)
def _language(country: str, locale: str | None) -> str:
    """The package's language for `locale`, else the country's own (said explicitly: left unsaid, the
    package follows the process's locale settings)."""
    kind = type(calendars.country_holidays(country))
    for code in LANGUAGES.get(locale or "", ()):
        if code in kind.supported_languages:
            return code
    return kind.default_language


@lru_cache(maxsize=256)
def _year(country: str, year: int, language: str) -> dict[date, str]:
    kind = type(calendars.country_holidays(country))
    categories = tuple(c for c in CATEGORIES if c in kind.supported_categories)
    days = calendars.country_holidays(country, years=year, categories=categories, language=language)
    return dict(days.items())


def between(country: str | None, first: date, last: date, locale: str | None = None) -> dict[date, str]:
    """The holidays from `first` to `last` inclusive, with their names (in `locale` where the package
    has that language); none for an organisation without a country."""
    if not country or country not in supported_countries():
        return {}
    language = _language(country, locale)
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update((day, name) for day, name in _year(country, year, language).items() if first <= day <= last)
    return dict(sorted(found.items()))


def is_holiday(country: str | None, day: date) -> bool:
    return day in between(country, day, day)


def is_working_day(country: str | None, day: date) -> bool:
    return day.isoweekday() <= WORKING_DAYS and not is_holiday(country, day)


def next_working_day(country: str | None, day: date) -> date:
    """`day` itself when it is a working day, else the first one after it."""
    while not is_working_day(country, day):
        day += timedelta(days=1)
    return day


def working_day_before(country: str | None, day: date) -> date:
    """`day` when it is not a holiday on a working day; else the working day before it in the same week,
    or `day` itself when the week has none before it (a reminder never moves into the week before).
    A weekend day stays: whoever chose Sunday chose a day off anyway (Easter Sunday included)."""
    if day.isoweekday() > WORKING_DAYS or not is_holiday(country, day):
        return day
    candidate = day - timedelta(days=1)
    while candidate.isoweekday() < day.isoweekday():
        if is_working_day(country, candidate):
            return candidate
        candidate -= timedelta(days=1)
    return day


def in_week(country: str | None, monday: date, locale: str | None = None) -> dict[date, str]:
    """The holidays of the week that starts on `monday`, weekend included."""
    return between(country, monday, monday + timedelta(days=6), locale)


def holiday_working_days(country: str | None, monday: date) -> int:
    """How many of the week's five working days are holidays."""
    return sum(1 for day in in_week(country, monday) if day.isoweekday() <= WORKING_DAYS)
