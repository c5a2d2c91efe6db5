"""OpenAI-style error bodies for every failure, so clients get a clean 4xx.

OpenAI clients read `{"error": {"message", "type", "param", "code"}}`; FastAPI
would answer bad input with its own 422 shape. Messages name the parameter
and what is wrong with it but never echo the value: a prompt is personal data.
The one value an error does quote, a model id, is cut to `QUOTE_CHARS`.

Anything unexpected is caught by `ContainFailures` rather than by an
exception handler: Starlette re-raises after a handler for `Exception` has
answered, and uvicorn then logs a traceback whose text may quote the request
and drops the keep-alive connection.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("netgpt.serve")

INVALID_REQUEST = "invalid_request_error"
AUTHENTICATION = "authentication_error"
NOT_FOUND = "not_found_error"
SERVER = "server_error"
RATE_LIMIT = "rate_limit_error"
INVALID_UNICODE = "invalid_unicode"
"""The validation error type for text holding an unpaired surrogate (see schemas)."""

QUOTE_CHARS = 64

_STATUS_TYPES = {401: AUTHENTICATION, 404: NOT_FOUND}


class ApiError(Exception):
    """A request the API refuses, with the status and body to refuse it with."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = INVALID_REQUEST,
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = headers or {}


def quote(text: str) -> str:
    """User text fit to appear in an error: at most QUOTE_CHARS characters,
    and encodable (an unpaired surrogate would fail the JSON response)."""
    cut = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
    return cut.encode("utf-8", "replace").decode("utf-8")


def error_body(
    message: str, type: str, param: str | None = None, code: str | None = None
) -> dict[str, dict[str, str | None]]:
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def error_response(error: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
    return JSONResponse(
        error_body(error.message, error.type, error.param, error.code),
        status_code=error.status,
        headers=headers | error.headers,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


async def _api_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return error_response(error)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return error_response(describe_validation(error.errors()))


def describe_validation(errors: Sequence[Mapping[str, Any]]) -> ApiError:
    """The first problem, as OpenAI reports it: 400 with the parameter's path."""
    first: Mapping[str, Any] = errors[0] if errors else {"loc": (), "msg": "invalid request", "type": ""}
    if first.get("type") == "json_invalid":
        return ApiError(400, "The request body is not valid JSON.", code="invalid_json")
    if first.get("type") == INVALID_UNICODE:
        param = quote(str(first.get("ctx", {}).get("param", ""))) or None
        return ApiError(400, f"Invalid value for '{param}': {first.get('msg', 'invalid')}.", param=param,
                        code="invalid_value")
    location = [str(part) for part in first.get("loc", ()) if part != "body"]
    param = ".".join(location) or None
    if first.get("type") == "missing":
        return ApiError(400, f"Missing required parameter: '{param}'.", param=param, code="missing_required_parameter")
    if not location:
        return ApiError(400, "The request body must be a JSON object.", code="invalid_type")
    # Pydantic's `msg` describes the expectation ("Input should be a valid
    # integer"), never the value sent.
    message = f"Invalid value for '{param}': {first.get('msg', 'invalid')}."
    return ApiError(400, message, param=param, code="invalid_value")


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    kind = _STATUS_TYPES.get(error.status_code, INVALID_REQUEST)
    return error_response(ApiError(error.status_code, str(error.detail), type=kind))


class ContainFailures:
    """A failure no route foresaw becomes a clean 500 (or ends a started
    response), logged by type and path only: its text may quote a prompt."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as error:
            log.error("unexpected %s while serving %s", type(error).__name__, quote(str(scope.get("path", "?"))))
            if scope["type"] == "http" and not started:
                failed = ApiError(500, "The server failed to process the request.", type=SERVER)
                await error_response(failed)(scope, receive, send)
