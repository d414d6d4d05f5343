"""HTTP routes: The shared resource bank."""
from flask_smorest import Blueprint

blp = Blueprint("bank", __name__, url_prefix="/api/v1", description="The shared resource bank")
