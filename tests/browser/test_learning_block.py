"""The learning hour in the calendar, in Settings at a phone's size: turned on, it offers the private
feed as a webcal:// link (and the block as a file), and the feed then carries the weekly event."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

pytestmark = pytest.mark.browser


def test_turning_the_block_on_offers_the_webcal_link_to_the_feed(page, sign_in, org, live_server, client):
    sign_in(page, org.erik, "/settings")
    card = page.locator("section[aria-labelledby=s-learning-block]")
    card.scroll_into_view_if_needed()
    assert card.locator("#learning-block-add").is_hidden()
    card.locator("#learning-block-on").check()
    card.locator("select[name=weekday]").select_option("2")
    card.locator("input[name=time]").fill("08:30")
    card.locator("input[name=minutes]").fill("45")
    card.locator("button[type=submit]").click()

    subscribe = card.locator("#learning-block-subscribe")
    subscribe.wait_for(state="visible")
    box = subscribe.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390  # a thumb's target, on screen
    webcal = subscribe.get_attribute("href")
    assert webcal.startswith("webcal://127.0.0.1:") and webcal.endswith(".ics")
    assert card.locator("#learning-block-download").get_attribute("href") == "/api/v1/me/learning-block.ics"
    assert page.errors == []

    feed = client.get(urlsplit(webcal.replace("webcal://", "http://")).path)  # as the calendar app fetches it
    [event] = Calendar.from_ical(feed.get_data()).walk("VEVENT")
    assert event["rrule"]["BYDAY"] == ["TU"] and event.decoded("dtstart").strftime("%H:%M") == "08:30"
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=45)

    page.reload()  # stored: the card shows it again
    card.locator("#learning-block-subscribe").wait_for(state="visible")
    assert card.locator("#learning-block-on").is_checked() and card.locator("input[name=time]").input_value() == "08:30"
