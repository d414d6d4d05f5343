"""HTTP routes: Web Push reminders."""
from flask_smorest import Blueprint

blp = Blueprint("reminders", __name__, url_prefix="/api/v1", description="Web Push reminders")
