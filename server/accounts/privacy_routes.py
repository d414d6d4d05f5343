"""A person's own data: download all of it (`GET /me/export`); deleting the account is `DELETE /me`."""
from flask import current_app
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from . import privacy
from .models import utcnow
from .responses import profile
from .security import login_required

blp = Blueprint("privacy", __name__, url_prefix="/api/v1", description="Your own data")


@blp.route("/me/export")
class Export(MethodView):
    @login_required
    @blp.response(200, description="All of your data as a JSON file")
    def get(self):
        exporters = {name: export for name, (export, _) in privacy.sections(current_app).items()}
        data = privacy.export_account(current_user, profile(current_user), exporters)
        response = current_app.json.response(data)
        filename = f"learning-hour-{utcnow():%Y-%m-%d}.json"
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
