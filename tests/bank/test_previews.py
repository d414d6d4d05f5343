"""Link previews of real-world pages served on loopback: the charset from header, BOM or meta, the
title from the document head, Open Graph, Twitter and JSON-LD details, durations and kinds."""

import json

import pytest

from server.bank import metadata
from server.bank.durations import any_minutes, iso_minutes
from tests.bank.test_metadata import _signed_in, fetching_app, site  # noqa: F401  (fixtures)

LATIN1_PAGE = """<!doctype html><html><head><meta charset=iso-8859-1>
<title>Ledarskap för chefer</title><meta name=description content="Så leder du förändring"></head>
<body><p>Hej</p></body></html>""".encode("latin-1")
SVG_PAGE = b"""<!doctype html><html><head><title>Feedback that works</title></head><body>
<svg viewBox="0 0 10 10"><title>Menu icon</title><path d="M0 0h10"/></svg><h1>Feedback</h1></body></html>"""


def _json_ld(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


EPISODE_PAGE = (
    """<!doctype html><html><head><title>Avsnitt 12 | Chefspodden</title>"""
    + _json_ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": "Chefspodden"},
                {
                    "@type": "PodcastEpisode",
                    "name": "Leda på distans",
                    "description": "Tre chefer om hybridarbete.",
                    "duration": "PT1H2M",
                    "partOfSeries": {"@type": "PodcastSeries", "name": "Chefspodden"},
                },
            ],
        }
    )
    + "</head><body></body></html>"
).encode()
VIDEO_PAGE = b"""<html><head>
<meta property="og:title" content="WCAG in practice">
<meta property="og:type" content="video.other">
<meta property="og:site_name" content="Tube">
<meta property="og:video:duration" content="1250">
<meta name="twitter:description" content="Twenty minutes on accessibility.">
<title>Ignored when og:title is there</title></head><body></body></html>"""
TWITTER_PAGE = b"""<html><head><meta name="twitter:title" content="Only Twitter tags">
<meta name="twitter:description" content="A card"><meta name="twitter:image" content="/card.png"></head></html>"""
COURSE_PAGE = (
    "<html><head><title>SQL for analysts</title>"
    + _json_ld(
        {
            "@context": "https://schema.org",
            "@type": "Course",
            "name": "SQL för analytiker",
            "provider": {"@type": "Organization", "name": "Kursakademin"},
            "hasCourseInstance": [{"@type": "CourseInstance", "courseWorkload": "PT3H30M"}],
        }
    )
    + "</head></html>"
).encode()
WEBINAR_PAGE = (
    "<html><head>"
    + _json_ld(
        {
            "@type": "EducationEvent",
            "name": "Hållbar tillväxt live",
            "duration": "PT45M",
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        }
    )
    + "</head></html>"
).encode()
BROKEN_LD_PAGE = b"""<html><head><title>Still read</title>
<script type="application/ld+json">{"@type": "VideoObject", "name": </script>
<script type="application/ld+json">[[[[[[["deep"]]]]]]]</script></head></html>"""


@pytest.fixture
def pages(site):  # noqa: F811
    server = site()
    html = {"Content-Type": "text/html"}
    server.routes.update(
        {
            "/latin1": (200, html, LATIN1_PAGE),
            "/latin1-header-wins": (200, {"Content-Type": "text/html; charset=utf-8"}, "<title>Åter</title>".encode()),
            "/bom": (
                200,
                {"Content-Type": "text/html; charset=iso-8859-1"},
                b"\xef\xbb\xbf<title>L\xc3\xa6ring</title>",
            ),
            "/svg": (200, html, SVG_PAGE),
            "/episode": (200, html, EPISODE_PAGE),
            "/video": (200, html, VIDEO_PAGE),
            "/twitter": (200, html, TWITTER_PAGE),
            "/course": (200, html, COURSE_PAGE),
            "/webinar": (200, html, WEBINAR_PAGE),
            "/broken": (200, html, BROKEN_LD_PAGE),
        }
    )
    return server


def read(server, path: str) -> dict:
    found = metadata.fetch_metadata(server.base + path, allow_private=True)
    assert found is not None, path
    return found


def test_the_charset_comes_from_meta_bom_or_header(pages):
    latin = read(pages, "/latin1")
    assert latin["title"] == "Ledarskap för chefer" and latin["description"] == "Så leder du förändring"
    assert read(pages, "/latin1-header-wins")["title"] == "Åter"
    assert read(pages, "/bom")["title"] == "Læring", "a BOM outweighs the header"


def test_the_title_is_the_head_title_never_an_svg_title(pages):
    assert read(pages, "/svg")["title"] == "Feedback that works"
    body_only = metadata.parse_metadata("<html><body><svg><title>Icon</title></svg></body></html>")
    assert body_only["title"] is None


def test_json_ld_gives_title_description_site_and_duration(pages):
    episode = read(pages, "/episode")
    assert (episode["title"], episode["description"], episode["site_name"]) == (
        "Leda på distans",
        "Tre chefer om hybridarbete.",
        "Chefspodden",
    )
    assert episode["duration_minutes"] == 62 and episode["kind"] == "podcast"
    course = read(pages, "/course")
    assert (course["title"], course["site_name"], course["duration_minutes"], course["kind"]) == (
        "SQL för analytiker",
        "Kursakademin",
        210,
        "course",
    )
    webinar = read(pages, "/webinar")
    assert (webinar["kind"], webinar["duration_minutes"]) == ("webinar", 45)


def test_open_graph_and_twitter_tags(pages):
    video = read(pages, "/video")
    assert (video["title"], video["site_name"], video["description"]) == (
        "WCAG in practice",
        "Tube",
        "Twenty minutes on accessibility.",
    )
    assert video["duration_minutes"] == 21 and video["kind"] == "video"
    card = read(pages, "/twitter")
    assert (card["title"], card["description"], card["image"]) == (
        "Only Twitter tags",
        "A card",
        pages.base + "/card.png",
    )


def test_text_no_database_stores_is_left_out():
    page = "<title>Nul\x00l</title>" + _json_ld({"@type": "Article", "description": "a\u0000b"})
    found = metadata.parse_metadata(page)
    assert (found["title"], found["description"]) == ("Nul\ufffdl", "ab")  # the HTML parser's own replacement


def test_broken_structured_data_is_skipped(pages):
    broken = read(pages, "/broken")
    assert broken["title"] == "Still read" and broken["duration_minutes"] is None and broken["kind"] is None


@pytest.mark.parametrize(
    "value, minutes",
    [
        ("PT1H2M", 62),
        ("PT45M", 45),
        ("PT30S", 1),
        ("PT1H", 60),
        ("P1DT2H", 1560),
        ("PT1H29M40S", 90),
        ("pt20m", 20),
        ("PT0.5H", 30),
        ("P", None),
        ("PT", None),
        ("P1Y", None),
        ("PT0S", None),
        ("nonsense", None),
    ],
)
def test_iso_8601_durations(value, minutes):
    assert iso_minutes(value) == minutes


@pytest.mark.parametrize(
    "value, minutes",
    [
        ("1250", 21),
        (3600, 60),
        ("1:02:03", 62),
        ("12:30", 13),
        ("inf", None),
        ("nan", None),
        ("-5", None),
        ("9" * 400, None),
        ("PT3M", 3),
    ],
)
def test_durations_written_other_ways(value, minutes):
    assert any_minutes(value) == minutes


def test_the_preview_answer_carries_duration_and_kind(fetching_app, org, pages):  # noqa: F811
    api = _signed_in(fetching_app, org.sara)
    preview = api.post("/api/v1/resources/preview", json={"url": pages.base + "/episode?utm_source=x#t=10"})
    assert preview.status_code == 200
    body = preview.get_json()
    assert body["url"] == pages.base + "/episode#t=10"
    assert (body["title"], body["duration_minutes"], body["kind"], body["fetched"]) == (
        "Leda på distans",
        62,
        "podcast",
        True,
    )
    added = api.post("/api/v1/resources", json={"url": pages.base + "/episode", "kind": "podcast"}).get_json()
    assert added["duration_minutes"] == 62 and added["title"] == "Leda på distans"
    again = api.post("/api/v1/resources/preview", json={"url": pages.base + "/episode/#anchor"}).get_json()
    assert again["existing_id"] == added["id"]
