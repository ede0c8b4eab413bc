"""innolink's error tree. Each error knows its HTTP status and a stable problem ``type`` URI.

The API turns any ``InnolinkError`` into an RFC 9457 problem response; the CLI prints its message.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError
from pydantic_core import ErrorDetails

PROBLEM_BASE = "https://innolink.example/problems/"


class InnolinkError(Exception):
    """Root of every error innolink raises on purpose."""

    status: int = 500
    slug: str = "internal"
    title: str = "Internal error"

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context: dict[str, object] = {k: v for k, v in context.items() if v is not None}

    @property
    def type_uri(self) -> str:
        return PROBLEM_BASE + self.slug

    def problem(self) -> dict[str, object]:
        """This error as the body of an RFC 9457 problem response."""
        body: dict[str, object] = {
            "type": self.type_uri,
            "title": self.title,
            "status": self.status,
            "detail": self.message,
        }
        body.update(self.context)
        return body


class StoreError(InnolinkError):
    """The graph store failed (connection, query, constraint)."""

    status = 503
    slug = "store-error"
    title = "Graph store error"


class StoreLocked(StoreError):
    """The embedded database folder is held by another process."""

    slug = "store-locked"
    title = "Graph store is locked"

    def __init__(self, path: str, holder: str | None) -> None:
        who = f"process {holder}" if holder else "another process"
        super().__init__(
            f"The embedded graph at {path} is open for writing by {who} (probably `innolink serve`). "
            "Load through the running server instead (web UI Admin → Import, or POST /api/v1/imports), "
            "or stop the server first.",
            path=path,
            holder=holder,
        )


class NotFound(InnolinkError):
    status = 404
    slug = "not-found"
    title = "Not found"

    def __init__(self, what: str, ident: str) -> None:
        super().__init__(f"No {what} with id {ident!r}", id=ident, kind=what)


class SchemaViolation(InnolinkError, ValueError):
    """A node or relationship does not fit the schema (unknown type, wrong endpoints, bad id)."""

    status = 422
    slug = "schema-violation"
    title = "Schema violation"


class DanglingEdge(SchemaViolation):
    """A relationship names an endpoint that is not in the graph."""

    slug = "dangling-edge"
    title = "Relationship endpoint missing"

    def __init__(self, edge_type: str, src: str, dst: str, missing: str) -> None:
        super().__init__(
            f"{edge_type} {src} -> {dst}: endpoint {missing!r} is not in the graph",
            edge_type=edge_type,
            src=src,
            dst=dst,
            missing=missing,
        )


class InvalidRecord(InnolinkError, ValueError):
    """An input record failed validation; names the file, line and field."""

    status = 422
    slug = "invalid-record"
    title = "Invalid record"

    def __init__(
        self, reason: str, *, file: str | None = None, line: int | None = None,
        field: str | None = None, value: object = None,
    ) -> None:
        where = ":".join(str(p) for p in (file, line) if p is not None)
        prefix = f"{where}: " if where else ""
        named = f"field {field!r}: " if field else ""
        super().__init__(f"{prefix}{named}{reason}", file=file, line=line, field=field,
                         value=None if value is None else str(value)[:200])
        self.reason = reason
        self.file = file
        self.line = line
        self.field = field
        self.value = value

    @classmethod
    def from_validation(cls, error: ValidationError, *, file: str | None = None,
                        line: int | None = None) -> InvalidRecord:
        """The first problem pydantic found, naming its field (its path, dotted) and the value given."""
        first = error.errors()[0]
        return cls(validation_message(first), file=file, line=line, field=".".join(map(str, first["loc"])) or None,
                   value=first.get("input"))


def validation_message(detail: ErrorDetails) -> str:
    """A pydantic error's message as a person reads it: a validator's own words without pydantic's prefix."""
    return str(detail["msg"]).removeprefix("Value error, ")


class MappingError(InnolinkError, ValueError):
    """A column mapping file is malformed or does not fit the input."""

    status = 422
    slug = "mapping-error"
    title = "Invalid column mapping"


class UnsupportedFormat(InnolinkError, ValueError):
    status = 415
    slug = "unsupported-format"
    title = "Unsupported file format"


class Conflict(InnolinkError):
    status = 409
    slug = "conflict"
    title = "Conflict"


class Unauthenticated(InnolinkError):
    status = 401
    slug = "unauthenticated"
    title = "Authentication required"


class Forbidden(InnolinkError):
    status = 403
    slug = "forbidden"
    title = "Forbidden"


class BadRequest(InnolinkError, ValueError):
    status = 400
    slug = "bad-request"
    title = "Bad request"


class PayloadTooLarge(InnolinkError):
    status = 413
    slug = "payload-too-large"
    title = "Upload too large"


class NotReady(InnolinkError):
    """Something the request needs is not built yet (e.g. the matcher's projection)."""

    status = 503
    slug = "not-ready"
    title = "Not ready"


def problem_for_validation(errors: list[Mapping[str, object]]) -> dict[str, object]:
    """An RFC 9457 body for request-validation errors, naming each bad field."""
    fields = []
    for err in errors:
        raw_loc = err.get("loc", ())
        parts = raw_loc if isinstance(raw_loc, list | tuple) else ()
        loc = ".".join(str(p) for p in parts if isinstance(p, str | int))
        fields.append({"field": loc, "message": str(err.get("msg", ""))})
    detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields) or "Invalid request"
    return {
        "type": PROBLEM_BASE + "validation",
        "title": "Invalid request",
        "status": 422,
        "detail": detail,
        "errors": fields,
    }
