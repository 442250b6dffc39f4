import json
import os
import selectors
import subprocess
import sys
from contextlib import contextmanager

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from interview_advisor import Advisor, advice_schema, advise
from interview_advisor._cli import main
from interview_advisor._mcp import build_server
from interview_advisor._mcp_serve import MAX_REQUEST_BYTES

TOOLS = [
    "advise",
    "advise_timeline",
    "read_timeframe",
    "plan_calendar",
    "explain",
    "why_not",
    "what_if",
    "changes_ahead",
    "questions",
]
SITUATION = {"stage": "second_interview", "days_since_interview": 9}
DATED = {
    "stage": "second_interview",
    "interview_date": "2026-11-13",
    "today": "2026-11-25",
}
#: One call of each tool, with what its text must hold.
CALLS = [
    ("advise", {**SITUATION, "thank_you_sent": True}, '"status": "decision_overdue"'),
    (
        "advise_timeline",
        {
            "events": [
                {
                    "kind": "interview_held",
                    "on": "2026-11-13",
                    "stage": "first_interview",
                }
            ],
            "today": "2026-11-20",
        },
        '"status"',
    ),
    ("read_timeframe", {"text": "within two weeks"}, '"days": 14'),
    ("plan_calendar", DATED, "BEGIN:VCALENDAR"),
    ("explain", SITUATION, '"rule_id": "timing.past_decision_window"'),
    (
        "why_not",
        {"situation": SITUATION, "target": "likely_ghosted"},
        '"meet": "28 or more"',
    ),
    (
        "what_if",
        {"situation": SITUATION, "changes": {"days_since_interview": 28}},
        '"status": "likely_ghosted"',
    ),
    ("changes_ahead", {"situation": DATED, "days": 30}, '"date": "2026-12-'),
    ("questions", SITUATION, '"field": "employer_response"'),
]
TOKEN = "test-token-0123456789"  # noqa: S105  # a test's own token
#: How long a test waits for the server before it gives up, not a measurement.
PATIENCE = 120
#: The SDK's top-level packages.
SDK = {"mcp", "mcp_types"}
COMMAND = [sys.executable, "-m", "interview_advisor", "mcp"]


def in_process(body):
    """
    Run *body* with a client connected in process to a server of the defaults.
    """
    server = build_server(Advisor(), [])

    async def run():
        async with Client(server) as client:
            return await body(client)

    return anyio.run(run)


def problems_of(result) -> list[dict[str, object]]:
    """
    Return the problems a tool error lists.
    """
    assert result.is_error
    return json.loads(result.content[-1].text)["problems"]


async def every_tool(client) -> list[tuple[bool, bool]]:
    """
    Call each tool once; return whether each answered, and with what it must.
    """
    found = []
    for name, arguments, expected in CALLS:
        result = await client.call_tool(name, arguments)
        found.append((result.is_error, expected in result.content[0].text))
    return found


async def fifty_names(client) -> list[str]:
    """
    Call advise 50 times at once, each for another candidate.

    Returns:
        Each call's signature line, in the order the calls were made.
    """
    signed: list[str] = [""] * 50

    async def one(index):
        arguments = {**SITUATION, "candidate_name": f"Candidate {index}"}
        result = await client.call_tool("advise", arguments)
        signed[index] = result.structured_content["actions"][0]["drafts"][0]["body"]

    async with anyio.create_task_group() as group:
        for index in range(50):
            group.start_soon(one, index)
    return [body.rstrip().splitlines()[-1] for body in signed]


class TestTools:
    def test_lists_the_read_only_tools(self):
        """The server lists its nine tools, each read-only and idempotent."""

        async def body(client):
            return [
                (t.name, t.annotations.read_only_hint, t.annotations.idempotent_hint)
                for t in (await client.list_tools()).tools
            ]

        assert [(name, True, True) for name in TOOLS] == in_process(body)

    def test_advise_output_schema(self):
        """The advise tool's output schema is the advice schema."""

        async def body(client):
            tools = (await client.list_tools()).tools
            return next(t for t in tools if t.name == "advise").output_schema

        assert advice_schema() == in_process(body)

    def test_advise_matches_the_library(self):
        """The advise tool answers what advise() answers."""

        async def body(client):
            return (await client.call_tool("advise", SITUATION)).structured_content

        assert advise(SITUATION).to_dict() == in_process(body)

    def test_every_tool_answers(self):
        """Each tool answers a good call."""
        assert [(False, True)] * len(CALLS) == in_process(every_tool)

    def test_every_problem_listed(self):
        """Bad arguments come back as one tool error listing every problem."""

        async def body(client):
            arguments = {"stage": 2, "days_since_interview": "nine", "colour": 1}
            return problems_of(await client.call_tool("advise", arguments))

        assert [
            ("colour", 1),
            ("stage", 2),
            ("days_since_interview", "nine"),
        ] == [(p["field"], p["value"]) for p in in_process(body)]

    def test_nulls_go_through(self):
        """A strict-mode call with nulls for the fields not given is advised."""

        async def body(client):
            arguments = {**SITUATION, "employer_response": None, "seniority": None}
            return (await client.call_tool("advise", arguments)).is_error

        assert False is in_process(body)

    @pytest.mark.parametrize(
        ("name", "arguments", "field"),
        [
            ("read_timeframe", {"text": "someday soon"}, "stated_timeframe"),
            ("read_timeframe", {"text": 7}, "text"),
            ("plan_calendar", SITUATION, "interview_date"),
            ("advise_timeline", {"events": "yesterday"}, "events"),
            ("advise_timeline", {"events": [], "details": 3}, "details"),
            ("forecast", {}, "name"),
            ("why_not", {"situation": SITUATION, "target": "offer"}, "target"),
            ("what_if", {"situation": SITUATION, "changes": 3}, "changes"),
            ("changes_ahead", {"situation": SITUATION, "days": 0}, "days"),
            ("what_if", {"changes": {}}, "situation"),
        ],
    )
    def test_refusals(self, name, arguments, field):
        """Each tool refuses what it cannot use with a tool error naming the field."""

        async def body(client):
            return problems_of(await client.call_tool(name, arguments))

        assert field in [p["field"] for p in in_process(body)]

    def test_figures_resource(self):
        """The figures resource lists every figure with its source."""

        async def body(client):
            found = await client.read_resource("interview-advisor://figures")
            return json.loads(found.contents[0].text)

        figures = in_process(body)

        assert "follow_up_buffer" in [f["name"] for f in figures]
        assert all(f["source"] for f in figures)

    def test_fifty_at_once(self):
        """Fifty calls at once each get the drafts signed with their own name."""
        expected = [f"Candidate {index}" for index in range(50)]

        assert expected == in_process(fifty_names)


def read_url(process) -> str:
    """
    Return the URL the HTTP server announces on its standard error.
    """
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    for _ in range(50):  # a bounded number of lines
        if not selector.select(timeout=PATIENCE):
            break
        line = process.stderr.readline()
        if not line:
            break
        if "MCP server at " in line:
            return line.split("MCP server at ", 1)[1].strip()
    pytest.fail("the server announced no URL")
    return ""


@contextmanager
def http_server(*extra, token=TOKEN):
    """
    Run the mcp command over HTTP on a free loopback port; yield its URL.
    """
    env = {**os.environ, "IA_TEST_TOKEN": token}
    process = subprocess.Popen(
        [*COMMAND, "--http", "127.0.0.1:0", "--token-env", "IA_TEST_TOKEN", *extra],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        yield read_url(process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


@pytest.fixture(scope="module")
def url():
    with http_server() as found:
        yield found


def over_http(url, body, token=TOKEN):
    """
    Run *body* with a client connected to *url* over Streamable HTTP.
    """

    async def run():
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            create_mcp_http_client(headers=headers) as http,
            Client(streamable_http_client(url, http_client=http)) as client,
        ):
            return await body(client)

    return anyio.run(run)


def post(url, content, token=TOKEN):
    """
    Send one raw JSON-RPC POST, with *token* unless None; return the response.
    """
    headers = {
        "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json",
    }
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx2.post(url, content=content, headers=headers, timeout=PATIENCE)


class TestHttp:
    def test_every_tool_answers(self, url):
        """Each tool answers over HTTP."""
        assert [(False, True)] * len(CALLS) == over_http(url, every_tool)

    def test_fifty_at_once(self, url):
        """Fifty concurrent calls over HTTP each get their own name back."""
        expected = [f"Candidate {index}" for index in range(50)]

        assert expected == over_http(url, fifty_names)

    def test_wrong_argument_types(self, url):
        """Wrong argument types over HTTP come back as a tool error, field by field."""

        async def body(client):
            arguments = {"stage": [], "days_since_interview": 9.5}
            return problems_of(await client.call_tool("advise", arguments))

        fields = [p["field"] for p in over_http(url, body)]

        assert ["stage", "days_since_interview"] == fields

    @pytest.mark.parametrize("token", ["wrong-token", None])
    def test_wrong_token(self, url, token):
        """A wrong or missing token gets 401 and says which header is wanted."""
        answer = post(url, b"{}", token=token)

        assert (401, "Bearer") == (
            answer.status_code,
            answer.headers["www-authenticate"][:6],
        )
        assert "Authorization: Bearer" in answer.json()["error"]

    def test_malformed_json_rpc(self, url):
        """Malformed JSON-RPC gets a 400 answer, and the server keeps serving."""
        answer = post(url, b'{"jsonrpc": "2.0", "id": 1, "method": ')

        assert 400 == answer.status_code
        assert [(False, True)] * len(CALLS) == over_http(url, every_tool)

    def test_request_size_limit(self, url):
        """A request larger than the limit is refused with 413."""
        big = json.dumps({"padding": "x" * MAX_REQUEST_BYTES}).encode()

        assert 413 == post(url, big).status_code


class TestStdio:
    def test_every_tool_answers(self):
        """Each tool answers over stdio, in a child process."""

        async def run():
            parameters = StdioServerParameters(command=sys.executable, args=COMMAND[1:])
            async with Client(parameters) as client:
                return await every_tool(client)

        assert [(False, True)] * len(CALLS) == anyio.run(run)

    def test_malformed_json_rpc(self):
        """A line that is not JSON-RPC does not stop the server answering the next."""
        hello = {
            "jsonrpc": "2.0",
            "id": 7,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-11-25",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "0"},
            },
        }
        lines = f"{{not json\n{json.dumps(hello)}\n"
        done = subprocess.run(
            COMMAND,
            input=lines,
            capture_output=True,
            text=True,
            timeout=PATIENCE,
            check=True,
        )
        answers = [json.loads(line) for line in done.stdout.splitlines()]

        assert 7 in [answer.get("id") for answer in answers]
        assert "Traceback" not in done.stderr


class TestCommand:
    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--http", "localhost:http"], "--http: got 'localhost:http'"),
            (["--token-env", "IA_TEST_TOKEN"], "only with --http"),
            (
                ["--http", "0", "--token-env", "IA_UNSET_TOKEN"],
                "IA_UNSET_TOKEN is empty",
            ),
            (["--tone", "shouty"], "invalid choice"),
        ],
    )
    def test_usage_errors(self, argv, message, capsys, monkeypatch):
        """A wrong flag is a usage error, exit status 2, that says what is wrong."""
        monkeypatch.delenv("IA_UNSET_TOKEN", raising=False)

        assert 2 == main(["mcp", *argv])
        assert message in capsys.readouterr().err

    def test_without_the_sdk(self, capsys, monkeypatch):
        """Without the MCP SDK the command names the extra to install."""
        for name in [n for n in sys.modules if n.partition(".")[0] in SDK]:
            monkeypatch.setitem(sys.modules, name, None)
        for name in ["interview_advisor._mcp", "interview_advisor._mcp_serve"]:
            monkeypatch.delitem(sys.modules, name, raising=False)

        assert 2 == main(["mcp"])
        assert "interview-advisor[mcp]" in capsys.readouterr().err

    def test_importing_needs_no_sdk(self):
        """Importing the package loads neither the MCP SDK nor the server module."""
        code = (
            "import sys, interview_advisor; "
            "print(sorted({'mcp', 'interview_advisor._mcp',"
            " 'interview_advisor._mcp_serve'} & set(sys.modules)))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )

        assert "[]" == done.stdout.strip()
