"""Link previews from a real local web server, and the refusals that keep fetches off internal networks."""

import ipaddress
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from server import create_app
from server.bank import metadata
from server.bank.models import Resource
from server.extensions import db
from tests.support import ApiClient, IsolatedClient

PAGE = """<!doctype html><html><head>
<title>Fallback title</title>
<meta property="og:title" content="Hur vi lär oss varje vecka">
<meta property="og:description" content="En timme i veckan &amp; vad den ger.">
<meta property="og:image" content="/bild.png">
</head><body>Hej</body></html>"""


class _Site(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.hits.append(self.path)
        status, headers, body = self.server.routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    """start(host) -> a local web server with `routes` {path: (status, headers, body)} and `hits`."""
    servers = []

    def start(host="127.0.0.1"):
        server = ThreadingHTTPServer((host, 0), _Site)
        server.routes, server.hits = {}, []
        server.base = f"http://{host}:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


HTML = {"Content-Type": "text/html; charset=utf-8"}


def test_reads_opengraph_and_title():
    found = metadata.parse_metadata(PAGE)
    assert found["title"] == "Hur vi lär oss varje vecka"
    assert found["description"] == "En timme i veckan & vad den ger."
    plain = metadata.parse_metadata("<html><head><title>  Only\n a title </title></head></html>")
    assert plain["title"] == "Only a title" and plain["description"] is None


def test_fetches_a_page_through_redirects(site):
    server = site()
    server.routes["/start"] = (301, {"Location": "/page"}, b"")
    server.routes["/page"] = (200, HTML, PAGE.encode())
    found = metadata.fetch_metadata(server.base + "/start", allow_private=True)
    assert found["title"] == "Hur vi lär oss varje vecka"
    assert found["image"] == server.base + "/bild.png"
    assert server.hits == ["/start", "/page"]


def test_gives_up_on_endless_redirects_big_pages_and_non_html(site):
    server = site()
    for n in range(6):
        server.routes[f"/r{n}"] = (302, {"Location": f"/r{n + 1}"}, b"")
    server.routes["/pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")
    big = "<html><head>" + "<!-- padding -->" * 40_000 + "<title>Too late</title></head></html>"
    server.routes["/big"] = (200, HTML, big.encode())
    assert metadata.fetch_metadata(server.base + "/r0", allow_private=True) is None
    assert server.hits == ["/r0", "/r1", "/r2", "/r3"]
    assert metadata.fetch_metadata(server.base + "/pdf", allow_private=True) is None
    assert metadata.fetch_metadata(server.base + "/big", allow_private=True)["title"] is None


def test_refuses_loopback_and_internal_addresses(site):
    server = site()
    server.routes["/"] = (200, HTML, PAGE.encode())
    for url in (
        server.base + "/",
        f"http://localhost:{server.server_address[1]}/",
        "http://[::1]/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "file:///etc/passwd",
    ):
        assert metadata.fetch_metadata(url) is None, url
    assert server.hits == []


def test_a_redirect_to_an_internal_address_is_refused(site):
    inside = site("127.0.0.1")
    inside.routes["/secret"] = (200, HTML, PAGE.encode())
    outside = site("127.0.0.2")  # stands in for a public site: the only address this fetch may use
    outside.routes["/"] = (302, {"Location": inside.base + "/secret"}, b"")
    public = ipaddress.ip_address("127.0.0.2")
    assert metadata.fetch_metadata(outside.base + "/", allow=lambda ip: ip == public) is None
    assert outside.hits == ["/"] and inside.hits == []


def test_addresses_checked_as_public_or_not():
    public = metadata.is_public_address
    assert public(ipaddress.ip_address("93.184.216.34"))
    assert public(ipaddress.ip_address("2606:4700::1111"))
    for ip in (
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.0.1",
        "169.254.1.1",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        "ff02::1",
        "240.0.0.1",
    ):
        assert not public(ipaddress.ip_address(ip)), ip


@pytest.fixture
def fetching_app(app_config):
    """A second app on the same database that may fetch from this machine (only tests do that)."""
    other = create_app({**app_config, "LINK_FETCH_ALLOW_PRIVATE": True})
    other.test_client_class = IsolatedClient
    yield other
    with other.app_context():
        db.engine.dispose()


def _signed_in(flask_app, user):
    api = ApiClient(flask_app.test_client())
    answer = api.post("/api/v1/auth/login", json={"email": user.email, "password": "correct horse battery"})
    api.csrf_token = answer.get_json()["csrf_token"]
    return api


def test_adding_without_a_title_fills_it_from_the_page(fetching_app, org, site):
    server = site()
    server.routes["/article"] = (200, HTML, PAGE.encode())
    api = _signed_in(fetching_app, org.sara)
    preview = api.post("/api/v1/resources/preview", json={"url": server.base + "/article?utm_source=x"})
    assert preview.status_code == 200
    assert preview.get_json()["title"] == "Hur vi lär oss varje vecka" and preview.get_json()["fetched"] is True
    added = api.post("/api/v1/resources", json={"url": server.base + "/article", "kind": "article"})
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["title"] == "Hur vi lär oss varje vecka"
    assert added.get_json()["description"] == "En timme i veckan & vad den ger."
    again = api.post("/api/v1/resources/preview", json={"url": server.base + "/article"}).get_json()
    assert again["existing_id"] == added.get_json()["id"]


def test_a_refused_fetch_still_adds_the_link(org, site, login):
    server = site()
    server.routes["/article"] = (200, HTML, PAGE.encode())
    api = login(org.sara)
    added = api.post("/api/v1/resources", json={"url": server.base + "/article", "kind": "article"})
    assert added.status_code == 201
    assert added.get_json()["title"] == server.base + "/article"
    preview = api.post("/api/v1/resources/preview", json={"url": server.base + "/article"}).get_json()
    assert preview["fetched"] is False and preview["title"] is None
    assert api.post("/api/v1/resources/preview", json={"url": "gopher://x"}).status_code == 422
    assert server.hits == []
    assert db.session.scalar(db.select(db.func.count()).select_from(Resource)) == 1
