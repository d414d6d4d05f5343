"""The error every feature's service raises when a rule is broken."""


class RuleError(ValueError):
    """`field` names the input at fault; `status` the HTTP answer it deserves
    (422 bad input, 403 not allowed, 404 absent, 409 conflict, 410 gone)."""

    def __init__(self, field: str, message: str, status: int = 422):
        super().__init__(message)
        self.field = field
        self.message = message
        self.status = status
