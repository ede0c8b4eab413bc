"""Every error as an RFC 9457 problem response (application/problem+json), validation errors included."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import PROBLEM_BASE, InnolinkError, problem_for_validation
from loaders.reasons_ko import in_korean, note_in_korean

MEDIA_TYPE = "application/problem+json"
ERROR_STATUSES = {"400": "Bad request", "401": "No or unknown API key", "403": "The key lacks the role",
                  "404": "Not found", "409": "Conflict", "413": "Upload too large", "415": "Unsupported file type",
                  "422": "Invalid request (names each bad field)", "500": "Internal error",
                  "503": "Store unavailable"}


class ProblemField(BaseModel):
    field: str
    message: str
    message_ko: str | None = None
    """The message in Korean (as the web pages show it; in English where no Korean rendering is known)."""


class Problem(BaseModel):
    """RFC 9457 problem details; may carry context members (id, field, record, …)."""

    model_config = ConfigDict(extra="allow")
    type: str
    title: str
    status: int
    detail: str
    detail_ko: str | None = None
    """The detail in Korean where it has a rendering (an undo refused, a load already running…), as the web pages
    show it; absent otherwise."""
    instance: str | None = None
    request_id: str | None = None
    errors: list[ProblemField] | None = None


def document(app: FastAPI) -> None:
    """OpenAPI that says every operation answers errors as application/problem+json."""

    def schema() -> dict[str, object]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = spec.setdefault("components", {}).setdefault("schemas", {})
        problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(problem_schema.pop("$defs", {}))
        components["Problem"] = problem_schema
        ref = {"$ref": "#/components/schemas/Problem"}
        for operations in spec.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, text in ERROR_STATUSES.items():
                    responses[code] = {"description": text, "content": {MEDIA_TYPE: {"schema": ref}}}
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        app.openapi_schema = spec
        return spec

    app.openapi = schema  # type: ignore[method-assign]
log = logging.getLogger("innolink.api")


def problem(body: dict[str, object], request: Request) -> JSONResponse:
    body.setdefault("instance", str(request.url.path))
    errors = body.get("errors")
    if isinstance(errors, list):
        body["errors"] = [{**e, "message_ko": in_korean(str(e.get("message", "")))} if isinstance(e, dict) else e
                          for e in errors]
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body.setdefault("request_id", request_id)
    headers = {"WWW-Authenticate": 'ApiKey realm="innolink"'} if body.get("status") == 401 else None
    return JSONResponse(body, status_code=int(body["status"]), media_type=MEDIA_TYPE, headers=headers)  # type: ignore[call-overload]


def install(app: FastAPI) -> None:
    @app.exception_handler(InnolinkError)
    async def innolink_error(request: Request, exc: InnolinkError) -> JSONResponse:
        if exc.status >= 500:
            log.error("request failed: %s", exc.message)
        body = exc.problem()
        if (said := note_in_korean(exc.message)) != exc.message:
            body["detail_ko"] = said
        return problem(body, request)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(problem_for_validation(list(exc.errors())), request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed"}
        return problem({"type": PROBLEM_BASE + f"http-{exc.status_code}", "title": titles.get(exc.status_code, "Error"),
                        "status": exc.status_code, "detail": str(exc.detail)}, request)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return problem({"type": PROBLEM_BASE + "internal", "title": "Internal error", "status": 500,
                        "detail": "An unexpected error occurred; it has been logged."}, request)
