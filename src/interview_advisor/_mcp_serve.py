"""
The ``mcp`` command: serve the MCP server over stdio or Streamable HTTP.
"""

from __future__ import annotations

import argparse
import hmac
import json
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import anyio
from mcp.server.stdio import stdio_server

from ._enums import Tone
from ._mcp import build_server
from .exceptions import InterviewAdvisorError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from mcp.server import Server
    from starlette.types import ASGIApp, Receive, Scope, Send

#: The largest HTTP request body accepted, in bytes.
MAX_REQUEST_BYTES: Final = 64 * 1024


async def serve_stdio(server: Server[Any]) -> None:
    """
    Serve *server* over standard input and output until the client leaves.
    """
    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())


def serve_http(
    server: Server[Any],
    host: str,
    port: int,
    *,
    token: str | None,
    announce: Callable[[str], None],
) -> None:
    """
    Serve *server* over Streamable HTTP at ``http://host:port/mcp``.

    Args:
        server: The MCP server.
        host: The address to bind; loopback unless the operator says so.
        port: The port; 0 picks a free one, which *announce* is told.
        token: The bearer token every request must carry, if any.
        announce: Told the URL once the socket is bound.
    """
    import uvicorn  # noqa: PLC0415  # the HTTP transport only

    app: ASGIApp = server.streamable_http_app(
        host=host,
        stateless_http=True,
        json_response=True,
        max_request_body_size=MAX_REQUEST_BYTES,
    )
    if token is not None:
        app = _Bearer(app, token)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    announce(f"http://{shown}:{sock.getsockname()[1]}/mcp")
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


class _Bearer:
    """
    Refuse every HTTP request without the operator's bearer token.
    """

    def __init__(self, app: ASGIApp, token: str) -> None:
        self._app = app
        self._expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self._allowed(scope):
            await _unauthorised(send)
            return
        await self._app(scope, receive, send)

    def _allowed(self, scope: Scope) -> bool:
        given = dict(scope["headers"]).get(b"authorization", b"")
        # Constant time, so the answer's timing does not spell the token.
        return hmac.compare_digest(given, self._expected)


async def _unauthorised(send: Send) -> None:
    body = json.dumps(
        {"error": "unauthorised: send the header 'Authorization: Bearer <token>'"}
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"www-authenticate", b'Bearer realm="interview-advisor"'),
    ]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def command(arguments: Sequence[str]) -> int:
    """
    Run ``interview-advisor mcp``: serve until the client or a signal ends it.

    Returns:
        0 when the client closed the connection; 2 for a usage error or a
        refused setting; 3 when the rules or templates are broken.
    """
    from ._advisor import Advisor  # noqa: PLC0415  # the engine, once parsed

    parser = _parser()
    try:
        options = parser.parse_args(arguments)
        host, port = _address(options.http) if options.http else ("", 0)
        token = _token(options.token_env, http=options.http is not None)
    except SystemExit as stop:  # argparse's way of saying the usage is wrong
        return int(stop.code or 0)
    except ValueError as error:
        return _fail(2, str(error))
    try:
        advisor = Advisor(
            rules=options.rules, templates=options.templates, tone=options.tone
        )
        server = build_server(advisor, [Path(p) for p in options.rules])
    except InterviewAdvisorError as error:
        return _fail(2 if isinstance(error, ValueError) else 3, str(error))
    try:
        if options.http is None:
            anyio.run(serve_stdio, server)
        else:
            serve_http(server, host, port, token=token, announce=_announce)
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        return _fail(3, f"cannot serve on {options.http}: {error.strerror}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interview-advisor mcp",
        description="Serve the advisor's tools over MCP: stdio unless --http.",
    )
    parser.add_argument(
        "--http",
        metavar="[HOST:]PORT",
        help="serve Streamable HTTP at http://HOST:PORT/mcp (HOST: 127.0.0.1)",
    )
    parser.add_argument(
        "--token-env",
        metavar="NAME",
        help="with --http: require the bearer token held by environment variable NAME",
    )
    parser.add_argument(
        "--rules", nargs="*", default=[], metavar="PATH", help="your rule packs"
    )
    parser.add_argument(
        "--templates", nargs="*", default=[], metavar="PATH", help="your templates"
    )
    parser.add_argument("--tone", choices=[t.value for t in Tone], default="formal")
    return parser


def _address(text: str) -> tuple[str, int]:
    """
    Read ``[HOST:]PORT``; an IPv6 host is written in brackets.
    """
    host, _, port = text.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or int(port) > 65535:  # the last port
        raise ValueError(f"--http: got {text!r}, expected [HOST:]PORT")
    return host, int(port)


def _token(name: str | None, *, http: bool) -> str | None:
    """
    Return the bearer token from environment variable *name*, if one is named.
    """
    if name is None:
        return None
    if not http:
        raise ValueError("--token-env: only with --http; stdio has no tokens")
    token = os.environ.get(name, "")
    if not token:
        raise ValueError(f"--token-env: the environment variable {name} is empty")
    return token


def _announce(url: str) -> None:
    """
    Tell the operator where the server listens.
    """
    print(f"interview-advisor: MCP server at {url}", file=sys.stderr, flush=True)  # noqa: T201


def _fail(status: int, message: str) -> int:
    print(f"interview-advisor mcp: error: {message}", file=sys.stderr)  # noqa: T201
    return status
