"""Push endpoints are read strictly: the host is a DNS name or an IP literal, the allow-list is
matched on the parsed host and port, never on the raw text."""

import pytest

from server.push import InvalidEndpoint, endpoint_allowed, parse_endpoint

BROWSERS = "https://fcm.googleapis.com/,https://*.push.apple.com/,https://*.notify.windows.com/"


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1].push.apple.com/x",  # a bracketed literal followed by more host
        "https://[::1/x",
        "https://[zz::1]/x",
        "https://[127.0.0.1]/x",
        "https://user@web.push.apple.com/x",
        "https://:pw@web.push.apple.com/x",
        "http://127.0.0.1:99999/x",
        "http://127.0.0.1:0/x",
        "http://127.0.0.1:80.evil/x",
        "http://127.0.0.1:-1/x",
        "https://web.push.apple.com/x#frag",
        "https://web..push.apple.com/x",
        "https://-a.push.apple.com/x",
        "https://a_b.push.apple.com/x",
        "https://bücher.push.apple.com/x",
        "https://300.1.1.1/x",
        "https://1.2.3/x",
        "https:///x",
        "ftp://web.push.apple.com/x",
        "https://web.push.apple.com/a b",
        "https://web.push.apple.com\t/x",
    ],
)
def test_malformed_endpoints_are_refused(url):
    with pytest.raises(InvalidEndpoint):
        parse_endpoint(url)
    assert not endpoint_allowed(url, BROWSERS + ",http://127.0.0.1:,https://[::1]:")


def test_origins_and_audiences_write_ipv6_in_brackets_and_the_port_when_not_default():
    ipv6 = parse_endpoint("https://[::1]:8443/push/a?b=c")
    assert (ipv6.host, ipv6.port, ipv6.target) == ("::1", 8443, "/push/a?b=c")
    assert ipv6.origin == ipv6.audience == "https://[::1]:8443"
    apple = parse_endpoint("https://Web.Push.Apple.com/QGx")
    assert (apple.origin, apple.audience) == ("https://web.push.apple.com:443", "https://web.push.apple.com")
    assert parse_endpoint("https://[0:0::1]/x").origin == "https://[::1]:443"


def test_the_allow_list_matches_hosts_and_ports_not_text():
    assert endpoint_allowed("https://fcm.googleapis.com/fcm/send/abc", BROWSERS)
    assert endpoint_allowed("https://web.push.apple.com/QGx", BROWSERS)
    assert endpoint_allowed("https://wns2-par02p.notify.windows.com/w/?token=x", BROWSERS)
    assert not endpoint_allowed("https://push.apple.com/QGx", BROWSERS)  # the bare parent
    assert not endpoint_allowed("https://web.push.apple.com:8443/QGx", BROWSERS)  # another port
    assert not endpoint_allowed("https://push.apple.com.evil.example/QGx", BROWSERS)
    assert not endpoint_allowed("https://evil.example/.push.apple.com/", BROWSERS)
    assert not endpoint_allowed("http://web.push.apple.com/x", BROWSERS)
    assert not endpoint_allowed("https://fcm.googleapis.com.evil.example/x", BROWSERS)
    # A prefix without its slash still names the whole host.
    assert not endpoint_allowed("https://fcm.googleapis.com.evil.example/x", "https://fcm.googleapis.com")
    assert endpoint_allowed("https://fcm.googleapis.com/x", "https://fcm.googleapis.com")
    # "http://127.0.0.1:" allows any port of that host, and nothing else.
    assert endpoint_allowed("http://127.0.0.1:8080/push/x", "http://127.0.0.1:")
    assert not endpoint_allowed("http://127.0.0.10:8080/push/x", "http://127.0.0.1:")
    assert endpoint_allowed("https://[::1]:8443/push/x", "https://[::1]:")
