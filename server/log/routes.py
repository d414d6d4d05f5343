"""HTTP routes: Entries, weeks, streaks, away weeks and offline sync."""
from flask_smorest import Blueprint

blp = Blueprint("log", __name__, url_prefix="/api/v1", description="Entries, weeks, streaks, away weeks and offline sync")
