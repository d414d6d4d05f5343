"""Talking to the OpenID provider: discovery from the issuer, the authorization URL (PKCE S256,
`state`, `nonce`), the code exchange at the token endpoint, and the ID token checked as Authlib's
own OpenID client checks it (signature by the provider's published keys, then iss, aud, exp, iat,
nonce, azp and at_hash through `authlib.oidc.core.CodeIDToken`).

Every request has short timeouts and goes through the company's proxy (HTTPS_PROXY/NO_PROXY, read
once into OUTBOUND_PROXIES). A provider that cannot be reached or answers nonsense is a
`ProviderError("unavailable")`; a code the provider no longer accepts (used or expired) is
`ProviderError("expired")`; an answer that fails the checks is `ProviderError("invalid")`.
"""

import logging
import time
from urllib.parse import quote, urlsplit
from urllib.request import proxy_bypass_environment

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from flask import current_app
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

log = logging.getLogger(__name__)
SCOPES = "openid email profile"
METADATA_SECONDS = 3600  # discovery and keys are kept this long; an unknown key id fetches the keys again
CLOCK_LEEWAY_SECONDS = 120


class ProviderError(Exception):
    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


def _client(url: str) -> httpx.Client:
    config = current_app.config
    seconds = float(config["OIDC_TIMEOUT_SECONDS"])
    proxies = config["OUTBOUND_PROXIES"]
    parts = urlsplit(url)
    proxy = proxies.get(parts.scheme)
    if proxy and (
        proxy_bypass_environment(parts.hostname or "", proxies) or proxy_bypass_environment(parts.netloc, proxies)
    ):
        proxy = None
    return httpx.Client(
        timeout=httpx.Timeout(seconds, connect=min(seconds, 3.0)),
        proxy=proxy or None,
        trust_env=False,
        follow_redirects=False,
    )


def _get_json(url: str) -> dict:
    try:
        with _client(url) as client:
            response = client.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as error:
        log.warning("OpenID provider unavailable at %s: %s", url, error)
        raise ProviderError("unavailable", str(error)) from error
    if not isinstance(data, dict):
        raise ProviderError("unavailable", f"{url} did not answer a JSON object")
    return data


def _cached(key: str, load, *, fresh: bool = False):
    cache = current_app.extensions.setdefault("sso.cache", {})
    hit = cache.get(key)
    if hit and not fresh and time.monotonic() - hit[0] < METADATA_SECONDS:
        return hit[1]
    value = load()
    cache[key] = (time.monotonic(), value)
    return value


LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


def metadata(issuer: str) -> dict:
    """The provider's discovery document; its issuer must be the one configured, over HTTPS (plain
    HTTP only to a provider on this machine, as in tests)."""
    parts = urlsplit(issuer)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS):
        log.error("OIDC_ISSUER must be an https:// URL, not %r", issuer)
        raise ProviderError("unavailable", "the issuer is not an https:// URL")

    def load():
        data = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
        if str(data.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
            raise ProviderError("unavailable", f"the discovery document names issuer {data.get('issuer')!r}")
        if not all(isinstance(data.get(k), str) for k in ("authorization_endpoint", "token_endpoint", "jwks_uri")):
            raise ProviderError("unavailable", "the discovery document lacks an endpoint")
        return data

    return _cached("metadata:" + issuer, load)


def authorization_request(issuer: str, client_id: str, redirect_uri: str) -> tuple[str, dict]:
    """The URL that sends the browser to the provider, and what the callback must find again
    (kept in the signed session): state, nonce and the PKCE verifier."""
    pending = {"state": generate_token(32), "nonce": generate_token(32), "verifier": generate_token(64)}
    url = prepare_grant_uri(
        metadata(issuer)["authorization_endpoint"],
        client_id,
        "code",
        redirect_uri=redirect_uri,
        scope=SCOPES,
        state=pending["state"],
        nonce=pending["nonce"],
        code_challenge=create_s256_code_challenge(pending["verifier"]),
        code_challenge_method="S256",
    )
    return url, pending


def exchange_code(issuer: str, client_id: str, secret: str, *, code: str, verifier: str, redirect_uri: str) -> dict:
    """The token endpoint's answer for this code (client_secret_basic, or _post when that is all
    the provider takes)."""
    meta = metadata(issuer)
    body = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier}
    methods = meta.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth = None
    if "client_secret_basic" in methods:
        auth = (quote(client_id, safe=""), quote(secret, safe=""))  # RFC 6749 2.3.1: form-encoded, then Basic
    else:
        body |= {"client_id": client_id, "client_secret": secret}
    url = meta["token_endpoint"]
    try:
        with _client(url) as client:
            response = client.post(url, data=body, auth=auth, headers={"Accept": "application/json"})
        answer = response.json()
    except (httpx.HTTPError, ValueError) as error:
        log.warning("OpenID token endpoint unavailable at %s: %s", url, error)
        raise ProviderError("unavailable", str(error)) from error
    if not isinstance(answer, dict) or response.status_code >= 500:
        raise ProviderError("unavailable", f"token endpoint answered {response.status_code}")
    if response.status_code != 200:
        error = str(answer.get("error", ""))
        log.info("OpenID token endpoint refused the code: %s %s", error, answer.get("error_description", ""))
        raise ProviderError("expired" if error == "invalid_grant" else "invalid", error)
    if not isinstance(answer.get("id_token"), str):
        raise ProviderError("invalid", "no id_token in the token endpoint's answer")
    return answer


def _keys(jwks_uri: str, fresh: bool = False) -> KeySet:
    return KeySet.import_key_set(_cached("jwks:" + jwks_uri, lambda: _get_json(jwks_uri), fresh=fresh))


def id_token_claims(issuer: str, client_id: str, token: dict, nonce: str) -> dict:
    """The ID token's claims once its signature and claims check out."""
    meta = metadata(issuer)
    algorithms = [a for a in meta.get("id_token_signing_alg_values_supported") or ["RS256"] if a != "none"]
    registry = JWSRegistry(algorithms=algorithms, strict_check_header=False)
    try:
        try:
            decoded = jwt.decode(token["id_token"], _keys(meta["jwks_uri"]), registry=registry)
        except InvalidKeyIdError:  # the provider rolled its keys since we last fetched them
            decoded = jwt.decode(token["id_token"], _keys(meta["jwks_uri"], fresh=True), registry=registry)
        options = {
            "iss": {"essential": True, "value": meta["issuer"]},
            "aud": {"essential": True, "values": [client_id]},
        }
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            options,
            {"nonce": nonce, "client_id": client_id, "access_token": token.get("access_token")},
        )
        claims.validate(leeway=CLOCK_LEEWAY_SECONDS)
    except (JoseError, ValueError) as error:
        log.warning("ID token refused: %s", error)
        raise ProviderError("invalid", str(error)) from error
    return dict(claims)
