"""The phones `bench.load` simulates (run by locust, headless, in a process of its own).

A person's phone has signed in before (its session cookie and CSRF token, as the PWA keeps them);
one in ten signs in with the password first (during the warm-up, whose figures are kept apart).
Then, with 1–3 s to
think between steps (none when LOAD_THINK=0): opens the app (session, the week, the week's entries),
logs an entry, searches the bank, shares a link and saves it, or sends a small offline outbox.
`BareUser` asks the bare Flask endpoint of `bench._bare`: the ceiling of the same server and client.
"""

import json
import os
import random
import uuid
from datetime import date, timedelta

import gevent
from locust import HttpUser, between, constant, events, task

PEOPLE = int(os.environ.get("LOAD_PEOPLE", "1000"))
PASSWORD = os.environ.get("LOAD_PASSWORD", "bench-password-1234")
THINK = float(os.environ.get("LOAD_THINK", "1"))
# Seconds before the figures start (the sign-ins done): the statistics are reset once, then.
WARMUP = float(os.environ.get("LOAD_WARMUP", "0"))
WORDS = [
    "ledarskap",
    "feedback",
    "produkt",
    "kund",
    "data",
    "design",
    "säkerhet",
    "lärande",
    "coaching",
    "python",
    "leadership",
    "learning",
    "podcast",
    "strategi",
    "hälsa",
    "fokus",
    "møter",
    "agilt",
    "sql",
]
ACTIVITIES = ["podcast", "article", "webinar", "course", "book", "video"]
SIGN_IN = "POST /auth/login (sign-in)"
USER_AGENT = os.environ.get("LOAD_USER_AGENT", "LearningHourBench/1 (phone)")
# [cookie, CSRF token] per person (bench.load signs everyone in beforehand); one phone in
# LOAD_SIGN_IN_EVERY signs in with its password instead (0: none).
SESSIONS = json.load(open(os.environ["LOAD_SESSIONS"])) if os.environ.get("LOAD_SESSIONS") else []
SIGN_IN_EVERY = int(os.environ.get("LOAD_SIGN_IN_EVERY", "1"))
_numbers = iter(range(10**9))


def _wait():
    return between(1, 3) if THINK else constant(0)


@events.test_start.add_listener
def _schedule_warmup_end(environment, **_kwargs) -> None:
    """The figures start WARMUP seconds into the run (the phones started and signed in). The phones
    do not wait for that moment: held back and let go at once, they would all ask in the same
    instant and stay bunched for minutes, which no company's phones do."""
    if WARMUP:
        gevent.spawn_later(WARMUP, _end_warmup, environment)


def _end_warmup(environment) -> None:
    """Keep the sign-ins' figures (in the file LOAD_SIGN_INS names), then reset the statistics, so
    the figures are of the signed-in phones."""
    signed = environment.stats.entries.get((SIGN_IN, "POST"))
    if signed is not None and os.environ.get("LOAD_SIGN_INS"):
        with open(os.environ["LOAD_SIGN_INS"], "w") as out:
            json.dump(
                {
                    "Name": SIGN_IN + " at warm-up",
                    "Request Count": signed.num_requests,
                    "Failure Count": signed.num_failures,
                    "Requests/s": 0,
                    **{
                        key: signed.get_response_time_percentile(share)
                        for key, share in (("50%", 0.5), ("95%", 0.95), ("99%", 0.99))
                    },
                },
                out,
            )
    environment.stats.reset_all()


def _entry(today: date) -> dict:
    # Spread over two weeks: a phone with no time to think logs dozens of entries in a run, and
    # on three days they would pass the 24 hours a day the app rightly refuses.
    return {
        "id": str(uuid.uuid4()),
        "date": (today - timedelta(days=random.randint(0, 13))).isoformat(),
        "minutes": random.choice((10, 15, 20, 30, 45)),
        "activity": random.choice(ACTIVITIES),
        "title": random.choice(("Avsnitt om feedback", "A talk on design", "Kapittel 3", "Kurs: SQL")),
    }


class PhoneUser(HttpUser):
    wait_time = _wait()

    def on_start(self):
        person = next(_numbers) % PEOPLE
        self.client.headers["User-Agent"] = USER_AGENT
        self.today = date.today()
        if not SIGN_IN_EVERY or person % SIGN_IN_EVERY:  # signed in before: the app opens with its cookie
            self.client.cookies.set("session", SESSIONS[person][0])
            self.csrf = SESSIONS[person][1]
            return
        self.csrf = ""
        with self.client.post(
            "/api/v1/auth/login",
            name=SIGN_IN,
            catch_response=True,
            json={"email": f"person{person}@bench.example", "password": PASSWORD},
        ) as answer:
            if answer.status_code == 200:
                self.csrf = answer.json()["csrf_token"]
            else:
                answer.failure(f"sign-in answered {answer.status_code}")

    def _write(self, method: str, path: str, name: str, body: dict):
        return self.client.request(method, "/api/v1" + path, name=name, json=body, headers={"X-CSRF-Token": self.csrf})

    @task(4)
    def open_app(self):
        monday = self.today - timedelta(days=self.today.weekday())
        self.client.get("/api/v1/auth/session", name="GET /auth/session")
        self.client.get("/api/v1/me/weeks/current", name="GET /me/weeks/current")
        self.client.get(f"/api/v1/entries?from={monday}&to={monday + timedelta(days=6)}", name="GET /entries?from&to")

    @task(2)
    def log_entry(self):
        self._write("POST", "/entries", "POST /entries", _entry(self.today))

    @task(3)
    def search_bank(self):
        word = random.choice(WORDS)
        self.client.get(f"/api/v1/resources?q={word[: random.randint(3, len(word))]}", name="GET /resources?q=")

    @task(1)
    def share_and_save(self):
        answer = self._write(
            "POST",
            "/resources",
            "POST /resources",
            {
                "url": f"https://example.org/load/{uuid.uuid4().hex}",
                "kind": "article",
                "title": "Something worth reading",
                "tags": ["lärande"],
            },
        )
        if answer.status_code in (200, 201):
            self._write("PUT", f"/resources/{answer.json()['id']}/save", "PUT /resources/{id}/save", {})

    @task(1)
    def sync_outbox(self):
        self._write(
            "POST",
            "/entries/sync",
            "POST /entries/sync",
            {"entries": [_entry(self.today) for _ in range(random.randint(1, 3))]},
        )


class BareUser(HttpUser):
    wait_time = _wait()

    @task
    def bare(self):
        self.client.get("/bare", name="GET /bare (bare Flask)")
