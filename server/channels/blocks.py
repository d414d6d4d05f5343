"""Posts for Slack: Block Kit blocks with a plain `text` beside them, which Slack shows in
notifications and wherever blocks cannot be shown. An incoming webhook takes `{"text", "blocks"}`.

A header block for the title (plain text, 150 characters at most), the facts as a section's fields,
the shelf as one section per item, a link button into the app, and the line above the title as context.
Text written in Slack's mrkdwn has `&`, `<` and `>` escaped, so nobody's title can make a link or a
mention.
"""

from .posts import Post

BUTTON_LENGTH = 75


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def blocks(post: Post) -> list[dict]:
    made: list[dict] = [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(post.overline)}]},
        {"type": "header", "text": {"type": "plain_text", "text": post.title[:150], "emoji": True}},
    ]
    if post.facts:
        fields = [{"type": "mrkdwn", "text": f"*{escape(label)}*\n{escape(value)}"} for label, value in post.facts]
        made.append({"type": "section", "fields": fields[:10]})
    for item in post.items:
        made.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"*<{item.link}|{escape(item.title)}>*\n{escape(item.meta)}"},
            }
        )
    if post.button:
        label, link = post.button
        made.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"open_{post.what}",
                        "text": {"type": "plain_text", "text": label[:BUTTON_LENGTH]},
                        "url": link,
                        "style": "primary",
                    }
                ],
            }
        )
    return made


def message(post: Post) -> dict:
    """The body a Slack incoming webhook is sent."""
    return {"text": escape(post.text), "blocks": blocks(post)}
