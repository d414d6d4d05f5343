"""The resources a team spent most time with and saved most, titled by the bank."""

from datetime import datetime

from ..bank import service as bank

TOP = 5


def top_resources(
    most_logged: list[tuple[int, int, int]], user_ids: list[int], windows: list[tuple[datetime, datetime]]
) -> dict:
    """`most_logged` is (resource_id, entries, minutes), already summed by the log; saves come from
    the bank, counted in each of the `windows` (since, until) that are shown. Removed resources keep
    their title (marked `removed`): the time spent on them stays."""
    saves: dict[int, int] = {}
    limit = TOP * 4 if len(windows) > 1 else TOP
    for since, until in windows if user_ids else []:
        for resource_id, count in bank.most_saved_resources(user_ids, since, until, limit):
            saves[resource_id] = saves.get(resource_id, 0) + int(count)
    most_saved = sorted(saves.items(), key=lambda item: (-item[1], -item[0]))[:TOP]
    summaries = bank.resource_summaries({rid for rid, *_ in most_logged} | {rid for rid, _ in most_saved})

    def described(resource_id: int, **counts) -> dict | None:
        summary = summaries.get(resource_id)
        if summary is None:
            return None
        return {
            "id": resource_id,
            "title": summary.get("title") or "",
            "kind": summary.get("kind"),
            "url": summary.get("url"),
            "removed": bool(summary.get("removed")),
            **counts,
        }

    logged = [described(rid, entries=int(entries), minutes=int(minutes)) for rid, entries, minutes in most_logged]
    saved = [described(rid, saves=int(saves)) for rid, saves in most_saved]
    return {"most_logged": [r for r in logged if r], "most_saved": [r for r in saved if r]}
