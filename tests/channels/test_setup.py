"""Setting it up as docs/deploy.md says: the default CHANNEL_ALLOWED_URLS takes the webhooks Teams
Workflows and Slack issue today (and refuses retired Office 365 connectors), and the Slack app manifest
names this app's own endpoints, shortcut and scopes."""

import re
from pathlib import Path

import pytest
import yaml

from server.channels import slack
from server.config import DEFAULT_CHANNEL_URLS
from server.push.endpoints import endpoint_allowed

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


@pytest.mark.parametrize(
    "url",
    [
        "https://default5c07eba429c5410c96009ae7df6d62.61.environment.api.powerplatform.com:443/powerautomate/"
        "automations/direct/workflows/3f297b36/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=abc",
        "https://xxxx.35.environment.api.powerplatform.com:443/powerautomate/automations/direct/cu/24/workflows/x/triggers/manual/paths/invoke?sig=y",
        "https://prod-186.westus.logic.azure.com:443/workflows/3f29/triggers/manual/paths/invoke?api-version=2016-06-01&sig=z",
        "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
        "https://hooks.slack.com/commands/T00000000/1234567890/abcdef",
    ],
)
def test_the_default_allows_what_teams_and_slack_issue(url):
    assert endpoint_allowed(url, DEFAULT_CHANNEL_URLS)


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.webhook.office.com/webhookb2/x@y/IncomingWebhook/z/w",  # retired connectors
        "https://outlook.office.com/webhook/x",
        "http://hooks.slack.com/services/T0/B0/X",  # not over HTTPS
        "https://hooks.slack.com.evil.example/services/x",
        "https://environment.api.powerplatform.com/x",  # the bare suffix is no environment
        "https://evil.example/?https://hooks.slack.com/",
        "https://hooks.slack.com:8443/services/x",
    ],
)
def test_the_default_refuses_everything_else(url):
    assert not endpoint_allowed(url, DEFAULT_CHANNEL_URLS)


def test_the_slack_manifest_names_this_apps_endpoints_shortcut_and_scopes(app):
    manifest = yaml.safe_load(re.search(r"```yaml\n(.*?)```", DEPLOY.read_text(), re.DOTALL)[1])
    [command] = manifest["features"]["slash_commands"]
    [shortcut] = manifest["features"]["shortcuts"]
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert command["command"] == "/learninghour" and command["should_escape"] is True
    assert command["url"].endswith("/integrations/slack/commands") and "/integrations/slack/commands" in rules
    interactivity = manifest["settings"]["interactivity"]
    assert interactivity["is_enabled"] and interactivity["request_url"].endswith("/integrations/slack/interactivity")
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", slack.SHORTCUT)
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == ["commands", "incoming-webhook"]


def test_the_deploy_guide_and_the_api_document_give_the_same_manifest_and_both_set_ups(app):
    from server.channels.slack_routes import MANIFEST

    in_guide = re.search(r"```yaml\n(.*?)```", DEPLOY.read_text(), re.DOTALL)[1]
    shipped = MANIFEST.read_text()
    assert yaml.safe_load(shipped) == yaml.safe_load(in_guide)
    tags = {tag["name"]: tag["description"] for tag in app.test_client().get("/api/openapi.json").json["tags"]}
    assert shipped in tags["slack"] and "SLACK_SIGNING_SECRET" in tags["slack"]
    assert "Post to a channel when a webhook request is received" in tags["channels"]
    assert "CHANNEL_ALLOWED_URLS" in tags["channels"]
