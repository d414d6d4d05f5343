"""One spelling per link: the URL normalisation table, and finding links in shared text."""
import pytest

from server.bank.urls import InvalidUrl, first_url_in, guess_kind, normalise_url


@pytest.mark.parametrize("raw, expected", [
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
    ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk?si=a1b2c3", "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=xyz&feature=share", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://BLÅBÄR.example/sida", "https://xn--blbr-noae.example/sida"),
    ("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
])
def test_normalise_url(raw, expected):
    assert normalise_url(raw) == expected


def test_the_same_page_shared_differently_is_one_url():
    variants = ["https://Example.com/guide/?utm_source=linkedin", "https://example.com:443/guide#intro",
                "https://example.com/guide?fbclid=IwAR0"]
    assert {normalise_url(v) for v in variants} == {"https://example.com/guide"}


@pytest.mark.parametrize("raw", ["", "   ", "example.com/page", "ftp://example.com/file", "javascript:alert(1)",
                                 "https:///nohost", "https://user:pw@example.com/", "https://exa mple.com/",
                                 "http://example.com:99999/", "https://example.com/" + "a" * 2100])
def test_refuses_what_is_not_a_web_address(raw):
    with pytest.raises(InvalidUrl):
        normalise_url(raw)


@pytest.mark.parametrize("text, expected", [
    ("Lyssna på det här! https://open.spotify.com/episode/abc?si=1 så bra", "https://open.spotify.com/episode/abc?si=1"),
    ("Read this (https://example.com/a).", "https://example.com/a"),
    ("first http://a.example/x then https://b.example/y", "http://a.example/x"),
    ("no link here", None),
    ("", None),
])
def test_first_url_in_text(text, expected):
    assert first_url_in(text) == expected


def test_guess_kind_from_the_host():
    assert guess_kind("https://open.spotify.com/episode/1") == "podcast"
    assert guess_kind("https://www.youtube.com/watch?v=1") == "video"
    assert guess_kind("https://www.coursera.org/learn/x") == "course"
    assert guess_kind("https://example.com/post") == "article"
