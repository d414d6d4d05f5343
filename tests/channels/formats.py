"""What Teams and Slack take, checked: a Teams post is the Workflows message envelope around one Adaptive
Card that the official 1.4 JSON schema accepts (version 1.4 at most); a Slack post has its plain `text`
and blocks that Slack's own models parse, validate and read back unchanged."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft6Validator
from slack_sdk.models.blocks import Block

SCHEMA = Path(__file__).parent / "formats" / "adaptive-card-1.4.json"
CARD = "application/vnd.microsoft.card.adaptive"


@cache
def _validator() -> Draft6Validator:
    schema = json.loads(SCHEMA.read_text())
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema, format_checker=Draft6Validator.FORMAT_CHECKER)


def card_problems(card: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(card)]


def teams_card(body: dict) -> dict:
    """The one card of a Teams Workflows post, after checking the envelope and the card."""
    assert body["type"] == "message", body
    [attachment] = body["attachments"]
    assert attachment["contentType"] == CARD
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    major, minor = (int(part) for part in card["version"].split("."))
    assert (major, minor) <= (1, 4), card["version"]
    problems = card_problems(card)
    assert not problems, problems
    return card


def slack_blocks(body: dict) -> list[dict]:
    """The blocks of a Slack post, after checking its fallback text and every block."""
    assert isinstance(body.get("text"), str) and body["text"].strip(), body
    blocks = body["blocks"]
    assert 0 < len(blocks) <= 50
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, f"not a Block Kit block: {block}"
        parsed.validate_json()
        assert parsed.to_dict() == block, (parsed.to_dict(), block)
    return blocks


def card_text(card: dict) -> str:
    """Every word a card shows, as one string (to look for what must never be there)."""
    return json.dumps(card, ensure_ascii=False)
