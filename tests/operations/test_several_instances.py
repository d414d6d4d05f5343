"""Two app processes on one database and one Redis behave as one: the sign-in limits hold across them."""

import uuid

import httpx
import redis

REDIS = "redis://127.0.0.1:6379/0"


def test_sign_in_limits_hold_across_two_processes(org, start_server):
    redis.Redis.from_url(REDIS).ping()  # a real Redis, as in production
    shared = {"RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    first, second = start_server(**shared), start_server(**shared)
    wrong = {"email": org.erik.email, "password": "not-the-password"}
    statuses = [
        httpx.post(f"{base}/api/v1/auth/login", json=wrong, timeout=30).status_code
        for base in (first, second, first, second, first, second)
    ]
    # Five failures per account and client in all, wherever they landed; the sixth is held back.
    assert statuses == [401] * 5 + [429]
    assert httpx.post(f"{first}/api/v1/auth/login", json=wrong, timeout=30).status_code == 429


def test_without_a_shared_store_each_process_counts_alone(org, start_server):
    first, second = start_server(), start_server()
    wrong = {"email": org.erik.email, "password": "not-the-password"}
    statuses = [
        httpx.post(f"{base}/api/v1/auth/login", json=wrong, timeout=30).status_code for base in (first, second) * 3
    ]
    assert statuses == [401] * 6  # which is why docs/deploy.md asks for Redis with more than one process
