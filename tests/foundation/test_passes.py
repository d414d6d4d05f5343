"""CI runs the suite twice, on SQLite and on PostgreSQL; what is about the app rather than the database
(the browser and the API fuzz) runs in the first pass only, unless a test says it is about the database."""

from types import SimpleNamespace

from tests.conftest import TEST_DATABASE_URL, _left_out


def _item(*markers: str):
    return SimpleNamespace(get_closest_marker=lambda name: name if name in markers else None)


def _config(database_pass: bool):
    return SimpleNamespace(getoption=lambda name: database_pass if name == "database_pass" else None)


def test_the_database_pass_leaves_out_what_is_about_the_app():
    repeated, first = _config(True), _config(False)
    for markers in [("browser",), ("fuzz",), ("browser", "slow")]:
        assert _left_out(_item(*markers), repeated) and not _left_out(_item(*markers), first)
    for markers in [(), ("browser", "database"), ("fuzz", "database")]:
        assert not _left_out(_item(*markers), repeated)
    other = "sqlite" if TEST_DATABASE_URL else "postgres"
    assert _left_out(_item(other), first) and _left_out(_item(other, "database"), repeated)
