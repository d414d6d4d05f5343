"""Command-line tools: `flask users …`, `flask seed-demo`, `flask backup`/`restore`. Each command commits
its own work."""
import click
from flask import Flask
from flask.cli import AppGroup

from .accounts import service as accounts
from .accounts.models import ROLES, User
from .backup import backup_command, restore_command
from .demo import seed
from .errors import RuleError
from .extensions import db
from .teams import service as teams

users_cli = AppGroup("users", help="Manage people.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", required=True)
@click.option("--role", type=click.Choice(ROLES), default="employee", show_default=True)
@click.option("--team", "team_name", default=None, help="Team to join (created when missing).")
@click.option("--organisation", "org_name", default=None,
              help="Organisation (default: the only one, else a new 'Learning Hour').")
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
    if team_name:
        team = teams.get_or_create_team(org.id, team_name)
        teams.add_member(team, user)
        if role == "manager":
            teams.set_manager(team, user)
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}) in {org.name}.")


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
    app.cli.add_command(seed_demo)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
