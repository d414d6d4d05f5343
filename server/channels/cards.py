"""Posts for Teams: an Adaptive Card (version 1.4, what Teams renders in channels) inside the message
envelope a Workflows webhook expects, `{"type": "message", "attachments": [...]}`; the workflow
("Post to a channel when a webhook request is received") posts each attachment's card as it is.

Only elements of the 1.4 schema, which `tests/channels` checks every card against: a small line above
the title, the title, a FactSet, the shelf as TextBlocks with links (Teams renders their Markdown
subset), and one Action.OpenUrl into the app.
"""

from .posts import Post

VERSION = "1.4"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _plain(text: str) -> str:
    """Text shown as it is: the Markdown characters Teams reads in a TextBlock are escaped."""
    for ch in ("\\", "*", "_", "[", "]", "`", "#", "~"):
        text = text.replace(ch, "\\" + ch)
    return text


def card(post: Post) -> dict:
    body: list[dict] = [
        {"type": "TextBlock", "text": _plain(post.overline), "size": "Small", "isSubtle": True, "wrap": True},
        {"type": "TextBlock", "text": _plain(post.title), "size": "Large", "weight": "Bolder", "wrap": True},
    ]
    if post.facts:
        body.append({"type": "FactSet", "facts": [{"title": label, "value": value} for label, value in post.facts]})
    for item in post.items:
        body.append(
            {
                "type": "Container",
                "spacing": "Medium",
                "items": [
                    {"type": "TextBlock", "text": f"[{_plain(item.title)}]({item.link})", "wrap": True},
                    {"type": "TextBlock", "text": _plain(item.meta), "isSubtle": True, "spacing": "None", "wrap": True},
                ],
            }
        )
    content = {
        "$schema": SCHEMA,
        "type": "AdaptiveCard",
        "version": VERSION,
        "lang": post.lang,
        "fallbackText": post.text,
        "body": body,
    }
    if post.button:
        label, link = post.button
        content["actions"] = [{"type": "Action.OpenUrl", "title": label, "url": link}]
    return content


def message(post: Post) -> dict:
    """The body a Teams Workflows webhook is sent."""
    return {"type": "message", "attachments": [{"contentType": CONTENT_TYPE, "content": card(post)}]}
