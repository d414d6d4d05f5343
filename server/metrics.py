"""Prometheus metrics at `/metrics`, for the operator's monitoring only: requests by endpoint and
status, latency, reminders sent and failed, outbox items synced.

Reachable only from the networks in `METRICS_ALLOWED_NETWORKS` (loopback by default); anyone else
gets a 404. With several gunicorn workers set `PROMETHEUS_MULTIPROC_DIR` (see docs/deploy.md) so
that every worker's counts are added up.
"""

import time

from flask import Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from .auth import from_networks

REQUESTS = Counter("learning_hour_http_requests", "HTTP requests answered", ["endpoint", "method", "status"])
LATENCY = Histogram(
    "learning_hour_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["endpoint", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REMINDERS = Counter("learning_hour_reminders", "Reminder pushes by result (delivered, gone, failed, …)", ["result"])
OUTBOX = Counter("learning_hour_outbox_items", "Offline outbox items synced, by status", ["status"])
# Any client may send any method name: those HTTP does not define are counted as one, so that made-up
# names cannot add series without end.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"})


def count_reminders(counts: dict) -> None:
    """A run's counts by result; nested counts (e.g. session reminders) are added under their prefix."""
    for result, number in counts.items():
        if isinstance(number, dict):
            count_reminders({f"{result}_{name}": n for name, n in number.items()})
        elif isinstance(number, int) and number > 0:
            REMINDERS.labels(result).inc(number)


def count_outbox(results: list[dict]) -> None:
    for result in results:
        OUTBOX.labels(result.get("status", "unknown")).inc()


def _registry():
    if current_app.config.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=current_app.config["PROMETHEUS_MULTIPROC_DIR"])
        return registry
    return REGISTRY


def register(app: Flask) -> None:
    @app.after_request
    def _measure(response):
        req = request._get_current_object()
        if req.endpoint != "metrics":
            started = g.get("request_started")
            endpoint = req.url_rule.rule if req.url_rule else "unmatched"
            method = req.method if req.method in METHODS else "other"
            REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
            if started is not None:
                LATENCY.labels(endpoint, method).observe(time.perf_counter() - started)
        return response

    @app.get("/metrics")
    @from_networks("METRICS_ALLOWED_NETWORKS")
    def metrics():
        return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)
