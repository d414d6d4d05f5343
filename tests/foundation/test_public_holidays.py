"""The product knows the calendar its organisations live in: public holidays by country, named in the
reader's language, and the working days around them."""

from datetime import date

import pytest

from server import public_holidays


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/Stockholm", "SE"),
        ("Europe/Oslo", "NO"),
        ("Europe/Copenhagen", "DK"),
        ("Europe/Helsinki", "FI"),
        ("Europe/Berlin", "DE"),
        ("UTC", None),
        ("", None),
        (None, None),
    ],
)
def test_the_country_of_a_time_zone(zone, country):
    assert public_holidays.country_of_zone(zone) == country


def test_new_years_day_2027_is_a_holiday_in_every_nordic_country():
    for country in ("SE", "NO", "DK", "FI", "IS"):
        assert public_holidays.is_holiday(country, date(2027, 1, 1)), country
        assert not public_holidays.is_working_day(country, date(2027, 1, 1))
    assert not public_holidays.is_holiday(None, date(2027, 1, 1))  # no country, no holidays


def test_names_come_in_the_readers_language_and_days_off_in_practice_count():
    week_53 = date(2026, 12, 28)
    assert public_holidays.in_week("SE", week_53, "sv") == {
        date(2026, 12, 31): "Nyårsafton",  # not a holiday by law, a day off in practice
        date(2027, 1, 1): "Nyårsdagen",
    }
    assert public_holidays.in_week("SE", week_53, "en")[date(2027, 1, 1)] == "New Year's Day"
    assert public_holidays.in_week("NO", week_53, "nb") == {date(2027, 1, 1): "Første nyttårsdag"}
    # A language the country's calendar does not have: its own names.
    assert public_holidays.in_week("DK", week_53, "nb") == {date(2027, 1, 1): "Nytårsdag"}


def test_working_days_around_holidays():
    # Easter 2027 in Sweden: Good Friday 26 March, Easter Monday 29 March.
    assert public_holidays.next_working_day("SE", date(2027, 3, 26)) == date(2027, 3, 30)
    assert public_holidays.next_working_day("SE", date(2027, 3, 24)) == date(2027, 3, 24)
    assert public_holidays.working_day_before("SE", date(2027, 3, 26)) == date(2027, 3, 25)
    # Monday a holiday: nothing before it in its week, so the day itself.
    assert public_holidays.working_day_before("SE", date(2027, 3, 29)) == date(2027, 3, 29)
    # A weekend day is no working day to move off: Easter Sunday stays Sunday.
    assert public_holidays.working_day_before("SE", date(2027, 3, 28)) == date(2027, 3, 28)
    # Christmas 2026 in Sweden: Eve (Thursday) and Day (Friday).
    assert public_holidays.working_day_before("SE", date(2026, 12, 25)) == date(2026, 12, 23)
    assert public_holidays.holiday_working_days("SE", date(2026, 12, 21)) == 2
    assert public_holidays.holiday_working_days("NO", date(2026, 12, 21)) == 1  # Christmas Eve is no holiday there


def test_29_february_2028_is_an_ordinary_working_day():
    assert public_holidays.is_working_day("SE", date(2028, 2, 29))
    assert public_holidays.in_week("SE", date(2028, 2, 28)) == {}


def test_every_supported_country_is_a_two_letter_code():
    countries = public_holidays.supported_countries()
    assert {"SE", "NO", "DK", "FI", "IS", "DE", "GB"} <= countries
    assert all(len(code) == 2 and code.isupper() for code in countries)
