"""Links kept as shared, one duplicate key per page, finding links in shared text, and kinds from hosts."""

import pytest

from server.bank.urls import InvalidUrl, clean_url, first_url_in, guess_kind, link_key


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("HTTPS://Example.COM/Path", "https://example.com/Path"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com/a/b/", "https://example.com/a/b"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=abc&gclid=def&mc_cid=1&mc_eid=2&igshid=3", "https://example.com/a"),
        ("https://example.com/a?UTM_Campaign=z&page=2", "https://example.com/a?page=2"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a/?x=1#top", "https://example.com/a?x=1"),
        ("  https://example.com/podd  ", "https://example.com/podd"),
        (
            "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk?si=a1b2c3",
            "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
        ),
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=xyz&feature=share",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        ("https://BLÅBÄR.example/sida", "https://xn--blbr-noae.example/sida"),
        ("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
        ("https://app.example.com/#/course/42", "https://app.example.com/#/course/42"),
        ("https://app.example.com/?utm_source=x#!/course/42", "https://app.example.com/#!/course/42"),
        ("https://example.com/a?print", "https://example.com/a?print="),
    ],
)
def test_the_duplicate_key(raw, expected):
    assert link_key(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("https://app.example.com/#/course/42", "https://app.example.com/#/course/42"),
        ("https://example.com/article?print", "https://example.com/article?print"),
        ("  https://Example.com/a/?b=2&a=1#part-2  ", "https://Example.com/a/?b=2&a=1#part-2"),
        (
            "https://example.com/a?utm_source=news&b=%C3%A5+x&utm_medium=mail&a=1",
            "https://example.com/a?b=%C3%A5+x&a=1",
        ),
        ("https://example.com/a?utm_source=news#top", "https://example.com/a#top"),
        ("https://example.com/a?fbclid=1&&x=&y", "https://example.com/a?x=&y"),
        (
            "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk?si=a1b2c3",
            "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
        ),
        ("https://example.com/a?si=kept", "https://example.com/a?si=kept"),
        (
            "https://example.com/#/search?utm_source=inside-the-route",
            "https://example.com/#/search?utm_source=inside-the-route",
        ),
    ],
)
def test_the_link_is_kept_as_shared_minus_tracking(raw, expected):
    assert clean_url(raw) == expected


def test_two_routes_of_a_single_page_app_are_two_pages_and_anchors_are_one():
    assert link_key("https://app.example.com/#/course/42") != link_key("https://app.example.com/#/course/43")
    assert link_key("https://example.com/guide#part-1") == link_key("https://example.com/guide#part-2")


def test_the_same_page_shared_differently_is_one_url():
    variants = [
        "https://Example.com/guide/?utm_source=linkedin",
        "https://example.com:443/guide#intro",
        "https://example.com/guide?fbclid=IwAR0",
    ]
    assert {link_key(v) for v in variants} == {"https://example.com/guide"}


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "example.com/page",
        "ftp://example.com/file",
        "javascript:alert(1)",
        "https:///nohost",
        "https://user:pw@example.com/",
        "https://exa mple.com/",
        "http://example.com:99999/",
        "https://example.com/" + "a" * 2100,
    ],
)
def test_refuses_what_is_not_a_web_address(raw):
    with pytest.raises(InvalidUrl):
        link_key(raw)
    with pytest.raises(InvalidUrl):
        clean_url(raw)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Lyssna på det här! https://open.spotify.com/episode/abc?si=1 så bra",
            "https://open.spotify.com/episode/abc?si=1",
        ),
        ("Read this (https://example.com/a).", "https://example.com/a"),
        ("first http://a.example/x then https://b.example/y", "http://a.example/x"),
        ("no link here", None),
        ("", None),
    ],
)
def test_first_url_in_text(text, expected):
    assert first_url_in(text) == expected


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://www.linkedin.com/learning/ledarskap-grunder", "course"),
        ("https://se.linkedin.com/learning/feedback/intro?u=1", "course"),
        ("https://www.linkedin.com/pulse/a-post", "article"),
        ("https://www.linkedin.com/learningcurve", "article"),
        ("https://www.coursera.org/learn/x", "course"),
        ("https://www.udemy.com/course/sql/", "course"),
        ("https://open.spotify.com/episode/1", "podcast"),
        ("https://podcasts.apple.com/se/podcast/x/id1?i=2", "podcast"),
        ("https://pca.st/episode/abc", "podcast"),
        ("https://play.pocketcasts.com/podcasts/x", "podcast"),
        ("https://www.youtube.com/watch?v=1", "video"),
        ("https://youtu.be/abc", "video"),
        ("https://vimeo.com/12345", "video"),
        ("https://us02web.zoom.us/webinar/register/WN_abc", "webinar"),
        ("https://zoom.us/meeting/register/tJ0", "webinar"),
        ("https://zoom.us/j/123", "article"),
        ("https://events.teams.microsoft.com/event/abc@def", "webinar"),
        ("https://teams.microsoft.com/registration/abc,def/", "webinar"),
        ("https://www.eventbrite.se/e/ledarskap-live-tickets-123", "webinar"),
        ("https://example.com/post", "article"),
        ("https://notyoutube.com/watch", "article"),
        ("https://ipod.example/x", "article"),
    ],
)
def test_guess_kind_from_the_host(url, kind):
    assert guess_kind(url) == kind
