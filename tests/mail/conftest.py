from tests.mailbox import relay  # noqa: F401
