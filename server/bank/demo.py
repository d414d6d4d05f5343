"""The demo organisation's bank: a dozen resources worth an hour, with saves and reactions."""

from datetime import timedelta

from sqlalchemy import select

from ..clock import utcnow
from ..extensions import db
from . import service, social
from .models import Resource
from .urls import link_key

# (sharer, url, kind, title, description, tags, duration_minutes, days until it starts (webinars))
RESOURCES = [
    (
        "sara@demo.example",
        "https://sverigesradio.se/avsnitt/ledarskap-i-forandring",
        "podcast",
        "Ledarskap i förändring",
        "Tre chefer om att leda team genom omställning, och vad de gjorde annorlunda.",
        ["ledarskap", "förändring"],
        28,
        None,
    ),
    (
        "erik@demo.example",
        "https://example.com/blogg/produktupptackt-med-ai",
        "article",
        "Produktupptäckt med AI: vad som faktiskt fungerar",
        "Ett produktteam i Göteborg om intervjuer, prototyper och var språkmodeller hjälper.",
        ["ai", "produkt"],
        12,
        None,
    ),
    (
        "nora@demo.example",
        "https://example.no/kurs/kundeservice-med-hjerte",
        "course",
        "Kundeservice med hjerte",
        "Et kort kurs i empati og tydelig språk i vanskelige samtaler.",
        ["kundeservice", "kommunikasjon"],
        45,
        None,
    ),
    (
        "maja@demo.example",
        "https://example.com/webinar/hallbar-tillvaxt-2026",
        "webinar",
        "Hållbar tillväxt: webbinarium med Nordic Product Forum",
        "Live med frågor på slutet.",
        ["produkt", "hållbarhet"],
        60,
        9,
    ),
    (
        "lars@demo.example",
        "https://example.com/webinar/supportmetrik",
        "webinar",
        "Supportmetrik som betyder något",
        "Inspelning: från svarstid till nöjda kunder.",
        ["kundservice", "data"],
        50,
        -20,
    ),
    (
        "sara@demo.example",
        "https://example.com/bocker/team-topologies",
        "book",
        "Team Topologies",
        "Hur team organiseras för snabbt flöde; kapitel 1–3 räcker långt.",
        ["organisation", "team"],
        None,
        None,
    ),
    (
        "erik@demo.example",
        "https://www.youtube.com/watch?v=demo-tillganglighet",
        "video",
        "Tillgänglighet på 20 minuter",
        "WCAG i praktiken för den som bygger webb.",
        ["tillgänglighet", "ux"],
        20,
        None,
    ),
    (
        "admin@demo.example",
        "https://open.spotify.com/episode/demo-laerende-organisasjon",
        "podcast",
        "Den lærende organisasjonen",
        "Norsk podkast om å gjøre læring til en vane på jobben.",
        ["lärande", "kultur"],
        34,
        None,
    ),
    (
        "maja@demo.example",
        "https://example.com/artiklar/feedback-som-fungerar",
        "article",
        "Feedback som fungerar",
        "Korta samtal, ofta: en guide för chefer och kollegor.",
        ["ledarskap", "feedback"],
        8,
        None,
    ),
    (
        "nora@demo.example",
        "https://example.com/kurs/sql-for-analytiker",
        "course",
        "SQL för analytiker",
        "Fem lektioner, en per vecka; egna övningar på riktiga data.",
        ["data", "sql"],
        40,
        None,
    ),
    (
        "lars@demo.example",
        "https://example.com/bocker/the-culture-map",
        "book",
        "The Culture Map",
        "Om att samarbeta över kulturgränser, även de nordiska.",
        ["kultur", "kommunikation"],
        None,
        None,
    ),
    (
        "sara@demo.example",
        "https://example.com/artiklar/skriva-tydligt",
        "article",
        "Skriv så att folk läser",
        "Klarspråk för mejl, dokument och chattar.",
        ["kommunikation"],
        10,
        None,
    ),
]
SAVES = {
    "erik@demo.example": [0, 2, 5],
    "sara@demo.example": [1, 3],
    "nora@demo.example": [0, 7],
    "maja@demo.example": [9],
    "lars@demo.example": [0, 8],
}
REACTIONS = {"maja@demo.example": [0, 1], "nora@demo.example": [0], "erik@demo.example": [7]}


def seed_demo_resources(users_by_email: dict, org) -> list:
    """Idempotent by URL: running it again adds nothing new."""
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    fallback = next(iter(users_by_email.values()))
    resources = []
    for email, url, kind, title, description, tags, minutes, starts_in in RESOURCES:
        existing = db.session.scalar(
            select(Resource).where(Resource.organisation_id == org.id, Resource.url_key == link_key(url))
        )
        if existing is None:
            data = {
                "url": url,
                "kind": kind,
                "title": title,
                "description": description,
                "tags": tags,
                "duration_minutes": minutes,
                "starts_at": now.replace(hour=13) + timedelta(days=starts_in) if starts_in else None,
            }
            existing, _ = service.add_resource(users_by_email.get(email, fallback), data)
        resources.append(existing)
    for plan, act in ((SAVES, social.save), (REACTIONS, social.react)):
        for email, indexes in plan.items():
            if email in users_by_email:
                for index in indexes:
                    act(users_by_email[email], resources[index])
    return resources
