"""The demo organisation "Demo AB": people, teams, a few weeks of entries and a shared bank."""

from .accounts import service as accounts
from .accounts.models import User
from .bank.demo import seed_demo_resources
from .clock import local_today
from .extensions import db
from .lessons.demo import seed_demo_lessons
from .log.demo import seed_demo_entries
from .mentoring.demo import seed_demo_mentoring
from .sessions.demo import seed_demo_sessions
from .teams import service as teams

PASSWORD = "learn-every-week"
PEOPLE = [
    # email, name, role, team, manages
    ("admin@demo.example", "Astrid Admin", "admin", None, False),
    ("maja@demo.example", "Maja Lindqvist", "manager", "Product", True),
    ("erik@demo.example", "Erik Johansson", "employee", "Product", False),
    ("sara@demo.example", "Sara Nilsson", "employee", "Product", False),
    ("lars@demo.example", "Lars Berg", "manager", "Support", True),
    ("nora@demo.example", "Nora Haugen", "employee", "Support", False),
]


def seed() -> str:
    # The smallest group size allowed: Product's three people are shown, Support's two are withheld.
    org = accounts.get_or_create_organisation(
        "Demo AB", timezone="Europe/Stockholm", weekly_goal_minutes=60, default_locale="sv", min_group_size=3
    )
    people: dict[str, User] = {}
    for email, name, role, team_name, manages in PEOPLE:
        user = db.session.scalar(db.select(User).where(User.email == email))
        if user is None:
            locale = "nb" if email.startswith("nora") else "sv"
            user = accounts.create_user(org, email=email, name=name, password=PASSWORD, role=role, locale=locale)
        people[email] = user
        if team_name:
            team = teams.get_or_create_team(org.id, team_name)
            teams.add_member(team, user)
            if manages:
                teams.set_manager(team, user)
    db.session.flush()
    resources = seed_demo_resources(people, org)
    entries = seed_demo_entries(people, local_today(org.timezone))
    sessions = seed_demo_sessions(people, org, local_today(org.timezone))
    lessons = seed_demo_lessons(people, org)
    offers = seed_demo_mentoring(people, local_today(org.timezone))
    return (
        f"{len(people)} people in {org.name}, {len(resources)} resources, {entries} new entries, "
        f"{sessions} upcoming sessions, {lessons} lessons, {offers} mentoring offers and asks"
    )
