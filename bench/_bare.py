"""A bare Flask endpoint, served by `bench.load` with the app's own gunicorn settings: the ceiling
of that server and load client, against which the app's throughput is read."""

from flask import Flask

app = Flask(__name__)


@app.get("/bare")
def bare():
    return {"status": "ok"}
