"""HTTP routes: the shared resource bank (thin views over service, social, browse, present and the
bookmark files of importing and exporting)."""

from functools import wraps

from flask import Response, current_app, jsonify, request
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import login_required
from ..clock import local_today
from ..extensions import limiter
from ..http import Blueprint
from . import browse, exporting, importing, service, social
from .present import describe, describe_added, describe_comments, describe_many, listed, popular
from .schemas import (
    BookmarkFileSchema,
    ImportResultSchema,
    LinkPreviewRequestSchema,
    LinkPreviewSchema,
    PopularQuerySchema,
    PopularSchema,
    ReactionStateSchema,
    ResourceCommentCreateSchema,
    ResourceCommentSchema,
    ResourceCreateSchema,
    ResourcePageSchema,
    ResourceQuerySchema,
    ResourceSchema,
    ResourceUpdateSchema,
    SavedQuerySchema,
    SaveStateSchema,
    TagSuggestionQuerySchema,
    TagSuggestionSchema,
)

blp = Blueprint("bank", __name__, url_prefix="/api/v1", description="The shared resource bank")
IMPORT_LIMIT = "20/hour"


def _larger_body(view):
    """A browser's bookmark file can be large: only the import takes more than the app's 1 MiB, and
    a body announced larger than a bookmark file needs is refused before it is read."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        importing.check_size(request.content_length)
        request.max_content_length = importing.IMPORT_MAX_BYTES
        return view(*args, **kwargs)

    return wrapped


def _bookmark_file(text: str, name: str) -> Response:
    filename = f"{name}-{local_today(current_user.timezone).isoformat()}.html"
    return Response(text, mimetype="text/html", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@blp.route("/resources")
class Resources(MethodView):
    @login_required
    @blp.arguments(ResourceQuerySchema, location="query")
    @blp.response(200, ResourcePageSchema)
    def get(self, args):
        viewer = current_user._get_current_object()
        rows, next_cursor = browse.list_resources(viewer.organisation_id, viewer.id, **args)
        # Written out from plain rows (present.listed); ResourcePageSchema documents the answer.
        return jsonify({"items": listed(rows, viewer), "next_cursor": next_cursor})

    @login_required
    @blp.arguments(ResourceCreateSchema)
    @blp.response(201, ResourceSchema)
    @blp.alt_response(200, schema=ResourceSchema, description="Already in the bank (`duplicate: true`)")
    def post(self, data):
        sharer = current_user._get_current_object()
        resource, duplicate = service.add_resource(sharer, data)
        return describe_added(resource, sharer, duplicate=duplicate), (200 if duplicate else 201)


@blp.route("/resources/preview")
class Preview(MethodView):
    # Each preview makes the server fetch a page: a person gets a fair number, not a crawler's.
    decorators = [
        limiter.limit(
            lambda: current_app.config["LINK_PREVIEW_LIMIT"],
            methods=["POST"],
            key_func=lambda: f"preview:{current_user.get_id()}",
        )
    ]

    @login_required
    @blp.arguments(LinkPreviewRequestSchema)
    @blp.response(200, LinkPreviewSchema)
    def post(self, data):
        return service.preview(current_user.organisation_id, data["url"])


@blp.route("/resources/popular")
class Popular(MethodView):
    @login_required
    @blp.arguments(PopularQuerySchema, location="query")
    @blp.response(200, PopularSchema)
    def get(self, args):
        """The most saved and "worth it" resources of the last days (default: the last seven)."""
        return popular(current_user, args["days"], args["limit"])


@blp.route("/resources/import")
class Import(MethodView):
    decorators = [limiter.limit(IMPORT_LIMIT, methods=["POST"], key_func=lambda: f"import:{current_user.get_id()}")]

    @login_required
    @_larger_body
    @blp.arguments(BookmarkFileSchema, location="files")
    @blp.response(200, ImportResultSchema)
    @blp.alt_response(413, description="Larger than a bookmark file needs (16 MiB)")
    def post(self, files):
        """Bookmarks from a Netscape bookmark file (up to 16 MiB, 25,000 links, 5,000 folders 32 deep):
        the innermost three folders and TAGS become tags, links already in the bank are merged. A file
        past a limit, or one that takes longer than the time budget, is refused whole (422)."""
        return importing.import_file(current_user, files["file"])


@blp.route("/resources/export.html")
class ExportBank(MethodView):
    @login_required
    @blp.response(200, content_type="text/html")
    def get(self):
        """The organisation's bank as a Netscape bookmark file."""
        return _bookmark_file(
            exporting.bank_file(current_user.organisation_id, _("Learning Hour: the bank")), "learning-hour-bank"
        )


@blp.route("/me/saved/export.html")
class ExportSaved(MethodView):
    @login_required
    @blp.response(200, content_type="text/html")
    def get(self):
        """My saved list as a Netscape bookmark file."""
        return _bookmark_file(
            exporting.saved_file(current_user, _("Learning Hour: my saved list")), "learning-hour-saved"
        )


@blp.route("/resources/<int:resource_id>")
class ResourceById(MethodView):
    @login_required
    @blp.response(200, ResourceSchema)
    def get(self, resource_id):
        resource = service.visible_resource(current_user, resource_id)
        return describe(resource, current_user, comments=social.comments_on(resource.id))

    @login_required
    @blp.arguments(ResourceUpdateSchema)
    @blp.response(200, ResourceSchema)
    def patch(self, changes, resource_id):
        resource = service.update_resource(current_user, service.visible_resource(current_user, resource_id), changes)
        return describe(resource, current_user, comments=social.comments_on(resource.id))

    @login_required
    @blp.response(204)
    def delete(self, resource_id):
        service.remove_resource(current_user, service.visible_resource(current_user, resource_id))


@blp.route("/resources/<int:resource_id>/save")
class SaveResource(MethodView):
    @login_required
    @blp.response(200, SaveStateSchema)
    def put(self, resource_id):
        return social.save(current_user, service.visible_resource(current_user, resource_id))

    @login_required
    @blp.response(200, SaveStateSchema)
    def delete(self, resource_id):
        return social.unsave(current_user, service.visible_resource(current_user, resource_id))


@blp.route("/resources/<int:resource_id>/reaction")
class ReactToResource(MethodView):
    @login_required
    @blp.response(200, ReactionStateSchema)
    def put(self, resource_id):
        return social.react(current_user, service.visible_resource(current_user, resource_id))

    @login_required
    @blp.response(200, ReactionStateSchema)
    def delete(self, resource_id):
        return social.unreact(current_user, service.visible_resource(current_user, resource_id))


@blp.route("/resources/<int:resource_id>/comments")
class Comments(MethodView):
    @login_required
    @blp.response(200, ResourceCommentSchema(many=True))
    def get(self, resource_id):
        return describe_comments(
            social.comments_on(service.visible_resource(current_user, resource_id).id), current_user
        )

    @login_required
    @blp.arguments(ResourceCommentCreateSchema)
    @blp.response(201, ResourceCommentSchema)
    def post(self, data, resource_id):
        comment = social.add_comment(current_user, service.visible_resource(current_user, resource_id), data["body"])
        return describe_comments([comment], current_user)[0]


@blp.route("/comments/<int:comment_id>")
class CommentById(MethodView):
    @login_required
    @blp.response(204)
    def delete(self, comment_id):
        social.delete_comment(current_user, social.visible_comment(current_user, comment_id))


@blp.route("/me/saved")
class Saved(MethodView):
    @login_required
    @blp.arguments(SavedQuerySchema, location="query")
    @blp.response(200, ResourcePageSchema)
    def get(self, args):
        items, next_cursor = browse.saved_page(current_user, **args)
        return {"items": describe_many(items, current_user), "next_cursor": next_cursor}


@blp.route("/tags")
class Tags(MethodView):
    @login_required
    @blp.arguments(TagSuggestionQuerySchema, location="query")
    @blp.response(200, TagSuggestionSchema(many=True))
    def get(self, args):
        return social.tag_suggestions(current_user.organisation_id, args["prefix"], args["limit"])
