"""The skeleton: health check, API docs, JSON errors, security headers, configuration."""

from server import create_app
from server.config import load_config


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_openapi_document_lists_the_contract_paths(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["info"]["title"] == "Learning Hour"
    for path in ("/api/v1/auth/login", "/api/v1/auth/session", "/api/v1/me", "/api/v1/teams"):
        assert path in spec["paths"], path


def test_api_docs_page_uses_vendored_swagger_without_inline_script(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in html
    assert "<script>" not in html
    assert client.get("/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js").status_code == 200


def test_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["code"] == 404


def test_wrong_method_answers_json_405(client):
    response = client.put("/api/v1/auth/session")
    assert response.status_code == 405 and response.is_json


def test_security_headers_on_every_page(client):
    for path in ("/", "/healthz", "/api/v1/me", "/sw.js"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_service_worker_is_served_uncached_with_root_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "javascript" in response.mimetype


def test_static_files_outside_the_shell_folders_are_not_served(client):
    assert client.get("/server/config.py").status_code == 404
    assert client.get("/js/../../server/config.py").status_code == 404


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(str(tmp_path))["SECRET_KEY"]
    second = load_config(str(tmp_path))["SECRET_KEY"]
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_defaults_to_sqlite_under_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/learning-hour.db"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "x"})
    from sqlalchemy import text

    from server.extensions import db

    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()


def test_proxy_fix_trusts_forwarded_proto_when_configured(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "x", "PROXY_FIX_HOPS": 1})
    response = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
    with app.app_context():
        from server.extensions import db

        db.engine.dispose()
