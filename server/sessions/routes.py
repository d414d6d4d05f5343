"""HTTP routes: knowledge sessions and lessons learned."""
from flask_smorest import Blueprint

blp = Blueprint("sessions", __name__, url_prefix="/api/v1", description="Knowledge sessions and lessons learned")
