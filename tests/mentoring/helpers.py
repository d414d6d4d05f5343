"""Small steps the mentoring tests share, each through the API as the app takes them."""

OFFERS = "/api/v1/mentoring/offers"
REQUESTS = "/api/v1/mentoring/requests"
PAIRINGS = "/api/v1/mentoring/pairings"


def ok(response, status: int = 200):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def offer(api, kind: str = "mentor", topics=("SQL",), **extra) -> dict:
    return ok(api.post(OFFERS, json={"kind": kind, "topics": list(topics), **extra}), 201)


def ask(api, offer_id: int, message: str | None = "Could we start next week?") -> dict:
    return ok(api.post(REQUESTS, json={"offer_id": offer_id, "message": message}), 201)


def accept(api, request_id: int) -> dict:
    return ok(api.post(f"{REQUESTS}/{request_id}/accept"))


def pair(owner_api, asker_api, kind: str = "mentor", topics=("SQL",)) -> int:
    """An offer by the first, asked by the second, accepted: the pairing's id."""
    made = offer(owner_api, kind, topics)
    request = ask(asker_api, made["id"])
    return accept(owner_api, request["id"])["pairing_id"]
