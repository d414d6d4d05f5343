"""`flask users create` and `flask seed-demo`."""

from server.accounts.models import User
from server.extensions import db
from server.teams import service as teams


def test_users_create_with_team_and_role(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Ann@Example.com",
            "--name",
            "Ann",
            "--password",
            "pw-long-enough",
            "--role",
            "manager",
            "--team",
            "Ops",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "ann@example.com"))
    assert user.role == "manager"
    team = teams.find_team(user.organisation_id, "Ops")
    assert team.id in teams.managed_team_ids(user)
    again = runner.invoke(args=["users", "create", "--email", "ann@example.com", "--name", "A", "--password", "x"])
    assert again.exit_code != 0 and "already exists" in again.output


def test_seed_demo_is_idempotent_and_logins_work(runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(db.select(db.func.count(User.id))) == 6
    for email in ("admin@demo.example", "maja@demo.example", "nora@demo.example"):
        response = client.post("/api/v1/auth/login", json={"email": email, "password": "learn-every-week"})
        assert response.status_code == 200
    maja = client.post(
        "/api/v1/auth/login", json={"email": "maja@demo.example", "password": "learn-every-week"}
    ).get_json()
    assert maja["user"]["role"] == "manager" and maja["user"]["teams"][0]["name"] == "Product"
    assert runner.invoke(args=["seed-demo", "--if-empty"]).output.startswith("Database already has users")
