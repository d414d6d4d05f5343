"""Schemathesis against the app's own OpenAPI document, as an employee, a manager and an admin:
generated requests (valid and invalid) never get a 5xx, and every answer matches the document.

A fixed seed (derandomised Hypothesis) and a bounded number of examples per operation keep it
repeatable and quick in CI. Each operation is its own test, so a failure names the endpoint."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from server import create_app
from server.accounts import service as accounts
from server.extensions import db

pytestmark = pytest.mark.fuzz
ACTORS = ("erik", "maja", "admin")  # an employee, a team's manager, an admin
EXAMPLES = 8  # per operation and kind of data (valid, invalid)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _labels() -> list[str]:
    """The document's operations, read from an app that needs no database to describe itself."""
    # No tables behind it, so no sender thread either (it would look for messages due).
    app = create_app({"SECRET_KEY": "openapi-only", "SQLALCHEMY_DATABASE_URI": "sqlite://", "OUTBOX_IN_WEB": False})
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    return sorted(result.ok().label for result in schema.get_all_operations())


@pytest.fixture(scope="session")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@pytest.fixture
def tokens(org) -> dict[str, str]:
    issued = {name: accounts.issue_token(getattr(org, name), "fuzz")[1] for name in ACTORS}
    db.session.commit()
    return issued


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("label", _labels())
def test_no_server_error_and_every_answer_matches_the_document(label, mode, api_schema, tokens):
    operation = api_schema.find_operation_by_label(label)

    @settings(
        max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        for token in tokens.values():
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            case.validate_response(response, checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        # An operation whose every input is acceptable (no body, no constrained parameter) has no
        # invalid request to send; its valid requests ran above.
        assert mode is GenerationMode.NEGATIVE
