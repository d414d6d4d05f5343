"""The sessions' lookups, called directly: sessions and series are visible in their own organisation
only; the host, whoever planned it or an admin changes a session, whoever planned a series or an admin
the series."""

from datetime import timedelta

from server.sessions import service as sessions
from tests.support import refused


def _session(planner, clock, **data):
    return sessions.create_session(
        planner, {"title": "Frukostföreläsning", "starts_at": clock.now() + timedelta(days=1), **data}
    )


def test_a_session_is_visible_in_its_organisation_only(org, clock):
    session = _session(org.erik, clock)
    assert sessions.visible_session(org.nora, session.id) is session
    for viewer, session_id in [(org.outsider_admin, session.id), (org.nora, session.id + 1)]:
        with refused(404, "session_id", sv="Träffen finns inte."):
            sessions.visible_session(viewer, session_id)


def test_the_host_whoever_planned_it_or_an_admin_may_change_a_session(org, clock):
    session = _session(org.erik, clock, host_id=org.sara.id)
    for person in (org.erik, org.sara, org.admin):
        assert sessions.editable_session(person, session.id) is session
    with refused(403, "session_id"):
        sessions.editable_session(org.maja, session.id)
    with refused(404):
        sessions.editable_session(org.outsider_admin, session.id)


def test_whoever_planned_a_series_or_an_admin_may_change_it(org, clock):
    series = sessions.plan_series(
        org.erik, {"title": "Veckans demo", "starts_at": clock.now() + timedelta(days=1), "frequency": "weekly"}
    )
    assert sessions.visible_series(org.nora, series.id) is series
    assert sessions.editable_series(org.erik, series.id) is series
    assert sessions.editable_series(org.admin, series.id) is series
    with refused(403, "series_id", sv="Bara den som planerade serien eller en administratör kan ändra den."):
        sessions.editable_series(org.nora, series.id)
    with refused(404, "series_id"):
        sessions.visible_series(org.outsider_admin, series.id)
