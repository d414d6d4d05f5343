"""The one table of screens (pwa/js/screens.json), held to what reads it: the server serves index.html
for exactly its paths, every row has its view module and its texts in every language, and the front
end keeps screens (views/) and the pieces they share (parts/) apart."""

import json
import re

from server.shell import PWA_DIR, screen_paths, screens

JS = PWA_DIR / "js"
LOCALES = ("sv", "nb", "en")
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# A module of the app: `from './x.js'`, `import './x.js'`, `import('./x.js')` and `import(`./x-${…}.js`)`.
IMPORT = re.compile(r"""(?:from\s+|import\s*\(?\s*)['"`]([^'"`]+)['"`]""")


def _catalogue(locale: str) -> dict:
    return json.loads((PWA_DIR / "i18n" / f"{locale}.json").read_text())


def test_every_row_is_whole():
    rows = screens()
    assert rows and rows[0]["name"] == "log", "the first row is where the app starts"
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names))
    for row in rows:
        assert set(row) <= {"name", "paths", "title", "access", "nav", "tab"}, row
        assert KEBAB.match(row["name"]) and row["paths"] and all(p.startswith("/") for p in row["paths"]), row
        assert row.get("access") in (None, "public", "signed-out"), row
        assert row.get("tab") in (None, *(r["name"] for r in rows if "nav" in r)), row
        nav = row.get("nav", {})
        assert set(nav) <= {"label", "icon", "wide", "for"} and nav.get("for") in (None, "managers", "admins"), row


def test_every_row_has_a_view_module_and_its_texts_in_every_language():
    catalogues = {locale: _catalogue(locale) for locale in LOCALES}
    for row in screens():
        view = JS / "views" / f"{row['name']}.js"
        assert view.is_file(), f"{row['name']}: no {view.relative_to(PWA_DIR)}"
        assert re.search(r"^export (async )?function render\(", view.read_text(), re.MULTILINE), view
        for key in filter(None, (row["title"], row.get("nav", {}).get("label"))):
            missing = [locale for locale, texts in catalogues.items() if not texts.get(key)]
            assert not missing, f"{row['name']}: {key} missing in {missing}"


def test_the_server_serves_exactly_the_tables_paths(app):
    served = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("screen_")}
    assert served == {path for path, _ in screen_paths()}
    assert "/" in served and "/reset/<token>" in served


def test_screen_paths_answer_the_app_and_others_do_not(client):
    page = client.get("/reset/a-token")
    assert page.status_code == 200 and b'<main id="main"' in page.data
    assert client.get("/sessions/12/edit").status_code == 200
    assert client.get("/sessions/twelve").status_code == 404
    assert client.get("/share").status_code == 404  # once served, never a screen


def test_the_service_worker_gets_the_table(client):
    source = client.get("/sw.js").get_data(as_text=True)
    shell = json.loads(re.search(r"^const SHELL = (.*);$", source, re.MULTILINE).group(1))
    assert shell["screens"] == [{"name": s["name"], "paths": s["paths"]} for s in screens()]
    assert {"/js/screens.json", "/js/screens.js", "/js/parts/common.js", "/js/views/log.js"} <= set(shell["files"])


def test_views_are_screens_and_never_import_one_another():
    names = {row["name"] for row in screens()}
    views = {path.stem for path in (JS / "views").glob("*.js")}
    assert views == names, "views/ holds the screens of the table, and only those (shared pieces: parts/)"
    problems = []
    for folder in ("views", "parts"):
        for path in sorted((JS / folder).glob("*.js")):
            assert KEBAB.match(path.stem), f"{folder}/{path.name}: one naming style, kebab-case"
            for target in IMPORT.findall(path.read_text()):
                if target.startswith("./") and folder == "views" or target.startswith("../views/"):
                    problems.append(f"{folder}/{path.name} imports {target}")
    assert not problems, "a screen never imports another screen (nor a part a screen):\n" + "\n".join(problems)
