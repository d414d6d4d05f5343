"""Command-line tools: `flask users create|set-password|list`, `flask invites create`, `flask seed-demo`,
`flask backup`/`restore`. Each command commits its own work."""

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .accounts import service as accounts
from .accounts.models import ROLES, User
from .audit import service as audit
from .backup import backup_command, restore_command
from .demo import seed
from .errors import RuleError
from .extensions import db
from .teams import invites
from .teams import service as teams

users_cli = AppGroup("users", help="Manage people.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", required=True)
@click.option("--role", type=click.Choice(ROLES), default="employee", show_default=True)
@click.option("--team", "team_name", default=None, help="Team to join (created when missing).")
@click.option(
    "--organisation", "org_name", default=None, help="Organisation (default: the only one, else a new 'Learning Hour')."
)
def create_user(email, name, password, role, team_name, org_name):
    """Create a user from the command line."""
    if org_name:
        org = accounts.get_or_create_organisation(org_name)
    else:
        org = accounts.default_organisation() or accounts.get_or_create_organisation("Learning Hour")
    try:
        user = accounts.create_user(org, email=email, name=name, password=password, role=role)
    except RuleError as error:
        raise click.ClickException(str(error.message)) from error
    audit.record(
        None,
        "person.created",
        organisation_id=org.id,
        target_type="person",
        target_id=user.id,
        target_name=user.name,
        details={"role": role},
    )
    if team_name:
        team = teams.get_or_create_team(org.id, team_name)
        teams.add_member(team, user)
        if role == "manager":
            teams.set_manager(team, user)
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}) in {org.name}.")


@users_cli.command("set-password")
@click.argument("email")
def set_password(email):
    """Set someone's password; it is prompted for (read from stdin when that is not a terminal),
    never given on the command line, where shell history and process lists would keep it."""
    user = accounts.find_user(email)
    if user is None or user.deleted_at is not None:
        raise click.ClickException(f"No account with the email {email}.")
    if sys.stdin.isatty():
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        accounts.set_password(user, password)
    except RuleError as error:
        raise click.ClickException(str(error.message)) from error
    audit.record(
        None,
        "person.password_set",
        organisation_id=user.organisation_id,
        target_type="person",
        target_id=user.id,
        target_name=user.name,
    )
    db.session.commit()
    click.echo(f"Password set for {user.email}; their sessions and API tokens have ended.")


@users_cli.command("list")
@click.option("--organisation", "org_name", default=None, help="Only this organisation's people.")
def list_users(org_name):
    """Everyone, one per line: email, role, active or not, name, teams (tab-separated)."""
    orgs = accounts.organisations()
    if org_name:
        orgs = [o for o in orgs if o.name == org_name]
        if not orgs:
            raise click.ClickException(f"No organisation named {org_name}.")
    for org in orgs:
        people = accounts.people(org.id)
        team_names = teams.teams_of_many(people)
        for user in people:
            state = "active" if user.active else "deactivated"
            names = ", ".join(t.name for t in team_names[user.id])
            click.echo("\t".join((user.email, user.role, state, user.name, names, org.name)))


invites_cli = AppGroup("invites", help="Invitations to join.")


@invites_cli.command("create")
@click.option("--team", "team_name", required=True, help="The team the new person joins.")
@click.option("--role", type=click.Choice(ROLES), default="employee", show_default=True)
@click.option("--email", default=None, help="Only this address may accept it.")
@click.option("--days", type=click.IntRange(1, invites.MAX_DAYS), default=invites.DEFAULT_DAYS, show_default=True)
@click.option("--organisation", "org_name", default=None, help="Organisation (default: the only one).")
def create_invite(team_name, role, email, days, org_name):
    """Print a link that lets one person join a team (and the organisation)."""
    org = accounts.find_organisation(org_name) if org_name else accounts.default_organisation()
    team = teams.find_team(org.id, team_name) if org else None
    if team is None:
        raise click.ClickException(f"No team named {team_name}.")
    try:
        invite, plain = invites.new_invite(org.id, team, role=role, email=email, expires_in_days=days)
    except RuleError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    base = (
        current_app.config.get("PUBLIC_URL")
        or f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
    )
    click.echo(f"{base.rstrip('/')}/invite/{plain}")
    click.echo(f"For {team.name} ({role}), valid until {invite.expires_at:%Y-%m-%d %H:%M} UTC.", err=True)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
def seed_demo(if_empty):
    """Create the demo organisation (idempotent)."""
    if if_empty and db.session.scalar(db.select(User.id).limit(1)) is not None:
        click.echo("Database already has users; demo data not added.")
        return
    summary = seed()
    db.session.commit()
    click.echo(f"Demo organisation ready: {summary}")


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(invites_cli)
    app.cli.add_command(seed_demo)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
