"""Where people already talk: new knowledge sessions, lessons and the Monday shelf posted to the Teams
and Slack channels an admin connects (through the outbox), and links shared from Slack into the bank
with the `/learninghour` command and the "Save to Learning Hour" shortcut."""

from flask import Flask

from .. import outbox
from ..accounts import service as accounts
from ..extensions import api
from ..lessons import service as lessons
from ..privacy import register_personal_data
from ..reminders import service as reminders
from ..sessions import service as sessions
from . import commands, connections, replies, routes, service, shelf, slack_routes, transport


def _erase(user) -> None:
    connections.end_for(user)


def register(app: Flask) -> None:
    api.register_blueprint(routes.blp)
    api.register_blueprint(slack_routes.blp)
    outbox.register_sender(app, service.KIND, transport.open_transport)
    outbox.register_sender(app, commands.REPLY, replies.open_transport)
    sessions.register_on_planned(app, service.on_session_planned)
    lessons.register_on_published(app, service.on_lesson_published)
    reminders.register_run_part(app, "channels", shelf.run)
    accounts.register_access_end(app, connections.end_for)
    # A Slack connection says who someone is in Slack: theirs to see in their export and to undo.
    register_personal_data(app, "slack", connections.export_personal_data, _erase)
