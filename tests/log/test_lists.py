"""The lists the app offers (activities, kinds of links, reasons for being away) come from the server
alone: one endpoint the app keeps, the same lists in the OpenAPI document, a text for each value in
every language, and no copy of them in the app's code."""

import json
import re

from server.bank.models import KINDS
from server.log.models import ACTIVITIES, AWAY_REASONS
from server.shell import PWA_DIR

LISTS = {"activities": list(ACTIVITIES), "kinds": list(KINDS), "away_reasons": list(AWAY_REASONS)}
TEXT_PREFIX = {"activities": "activity_", "kinds": "kind_", "away_reasons": "away_"}
# An array literal of plain words: ['podcast', 'article'] or ["holiday", "other"], over lines too.
WORD_ARRAY = re.compile(r"""\[\s*(['"][a-z_]+['"](?:\s*,\s*['"][a-z_]+['"])+)\s*,?\s*\]""")


def test_the_app_reads_the_lists_from_one_endpoint_anyone_may_read(client):
    answer = client.get("/api/v1/lists")
    assert answer.status_code == 200 and answer.get_json() == LISTS


def test_the_openapi_document_offers_the_same_lists(client):
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert schemas["EntryCreate"]["properties"]["activity"]["enum"] == LISTS["activities"]
    assert schemas["EntryUpdate"]["properties"]["activity"]["enum"] == LISTS["activities"]
    assert schemas["ResourceCreate"]["properties"]["kind"]["enum"] == LISTS["kinds"]
    assert "kind" not in schemas["ResourceCreate"].get("required", [])  # the bank decides when nobody chose
    assert schemas["AwayPeriod"]["properties"]["reason"]["enum"] == LISTS["away_reasons"]


def test_every_value_has_its_name_in_every_language():
    for locale in ("sv", "nb", "en"):
        texts = json.loads((PWA_DIR / "i18n" / f"{locale}.json").read_text())
        missing = [
            TEXT_PREFIX[name] + v
            for name, values in LISTS.items()
            for v in values
            if TEXT_PREFIX[name] + v not in texts
        ]
        assert not missing, f"{locale}: {missing}"


def test_the_apps_code_never_repeats_a_list():
    words = {value for values in LISTS.values() for value in values}
    copies = []
    for path in sorted([PWA_DIR / "sw.js", *(PWA_DIR / "js").rglob("*.js")]):
        for match in WORD_ARRAY.finditer(path.read_text()):
            listed = set(re.findall(r"[a-z_]+", match.group(1)))
            if len(listed & words) >= 2:
                copies.append(f"{path.relative_to(PWA_DIR)}: {match.group(0)}")
    assert not copies, "take these from lists.js (GET /api/v1/lists):\n" + "\n".join(copies)
    assert WORD_ARRAY.search("const KINDS = ['podcast', 'article',\n  'other'];")  # the check itself sees a copy
