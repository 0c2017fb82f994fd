"""The HTTP API as clients and attackers meet it: reports, errors, keys, limits, SSRF, history and logs.

In-process requests go through FastAPI's TestClient; the tests that need real
sockets (streamed bodies, concurrency, the `headcheck serve` command) use uvicorn
on 127.0.0.1. No request ever leaves this machine: URLs that point elsewhere must
be refused before any connection is opened, and the `connections` fixture fails
a test the moment one is attempted.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi.testclient import TestClient

from headcheck import SCHEMA, Article, Checker, __version__
from headcheck.apps.cli import main
from headcheck.apps.serve.app import create_app
from headcheck.apps.serve.gate import RateLimiter
from headcheck.apps.serve.logs import JsonFormatter
from headcheck.apps.serve.settings import Rate, Settings
from headcheck.apps.serve.workers import Workers
from headcheck.errors import HeadcheckError, ModelError
from headcheck.limits import CHECK_BUDGET_S, MIN_CHECK_WORKERS
from serving import BODY, FAULTS, HEADLINE, OTHER_HEADLINE, FaultyChecker, running, web

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "src" / "headcheck" / "report" / "schema" / "report-v2.json"
FRENCH = (
    "La bibliothèque municipale de Millbrook a rouvert ses portes lundi, huit mois après une inondation qui avait "
    "rempli le rez-de-chaussée. Les bénévoles ont séché et catalogué plus de douze mille livres pendant l'hiver."
)
NO_LIMIT = Settings(rate_limit=None)
Factory = Callable[..., TestClient]


@pytest.fixture
def make_client(workers: Workers) -> Iterator[Factory]:
    """TestClients over apps that share the session's check workers, closed at the end of the test."""
    clients: list[TestClient] = []

    def make(settings: Settings = NO_LIMIT) -> TestClient:
        client = TestClient(create_app(settings, workers))
        clients.append(client.__enter__())
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Factory) -> TestClient:
    return make_client()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with web() as base:
        yield base


def one_line_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    data = response.json()
    assert list(data) == ["error"] and "\n" not in data["error"]
    return data["error"]


# -- happy paths ----------------------------------------------------------------------------------


def test_check_returns_the_same_report_as_the_library(client: TestClient, checker: Checker) -> None:
    response = client.post("/v1/check", json={"headline": HEADLINE, "body": BODY, "id": 7})
    assert response.status_code == 200
    report = response.json()
    jsonschema.validate(report, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert report == checker.check_article(Article(HEADLINE, BODY, id="7")).to_dict()
    assert report["evidence"] and "X-Check-Id" not in response.headers  # no history without --store
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])


def test_url_check_fetches_the_article(make_client: Factory, site: str, checker: Checker) -> None:
    client = make_client(Settings(rate_limit=None, allow_hosts=("127.0.0.1",)))
    report = client.post("/v1/check", json={"url": f"{site}/article", "id": "lib"}).json()
    assert (report["url"], report["id"], report["headline"]) == (f"{site}/article", "lib", HEADLINE)
    assert report["verdict"] == checker.check_article(Article(HEADLINE, BODY)).verdict


def test_batch_answers_every_article_in_order(make_client: Factory, checker: Checker, site: str) -> None:
    client = make_client(Settings(rate_limit=None, allow_hosts=("127.0.0.1",)))
    articles: list[Any] = [
        {"headline": HEADLINE, "body": BODY, "id": "a"},
        {"headline": OTHER_HEADLINE, "body": "", "id": "empty"},
        {"headline": 5, "body": BODY, "id": 3},
        {"headline": HEADLINE, "body": FRENCH, "id": "fr"},
        {"url": "http://10.0.0.1/story", "id": "private"},
        "not an article",
        {"url": f"{site}/article", "id": "fetched"},
        {"headline": OTHER_HEADLINE, "body": BODY},
    ]
    response = client.post("/v1/check/batch", json={"articles": articles})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r.get("id") for r in results] == ["a", "empty", "3", "fr", "private", None, "fetched", None]
    assert results[0] == checker.check_article(Article(HEADLINE, BODY, id="a")).to_dict()
    assert results[7] == checker.check_article(Article(OTHER_HEADLINE, BODY)).to_dict()
    assert results[6]["url"] == f"{site}/article"
    errors = {r["id"]: r["error"] for r in results if "error" in r}
    assert errors["empty"].startswith("the body is empty")
    assert errors["3"] == "headline: Input should be a valid string"
    assert "English" in errors["fr"]
    assert errors["private"].startswith("refusing to fetch 10.0.0.1")
    assert errors[None].startswith("the article:")


def test_batch_of_more_than_100_is_refused(client: TestClient) -> None:
    articles = [{"headline": HEADLINE, "body": BODY}] * 101
    assert "at most 100" in one_line_error(client.post("/v1/check/batch", json={"articles": articles}), 422)
    assert len(client.post("/v1/check/batch", json={"articles": articles[:100]}).json()["results"]) == 100


def test_models_health_and_docs(client: TestClient, checker: Checker) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/v1/models").json() == {"model": checker.judge.name, "schema": SCHEMA, "version": __version__}
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/check/batch", "/v1/models", "/v1/checks/{check_id}", "/healthz"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_page_needs_nothing_from_other_sites(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    links = re.findall(r'(?:src|href)="([^"]*)"', page.text)
    assert links and all(link.startswith("/") for link in links)
    for asset in ("/static/app.js", "/static/style.css"):
        response = client.get(asset)
        assert response.status_code == 200
        assert "http://" not in response.text and "https://" not in response.text
    assert '"misleading": "the body contradicts the headline"' in page.text  # meanings filled in by the server


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        (b'{"headline": "x", ', 400, r"^invalid JSON: .* at position \d+$"),
        (b"[1, 2]", 422, r"^the request body: Input should be a valid dictionary"),
        (b'{"headline": 5, "body": "text"}', 422, r"^headline: Input should be a valid string$"),
        (b'{"headline": "Millbrook library reopens"}', 422, r'^the JSON has no "body" field$'),
        (b'{"headline": "x", "text": "y"}', 422, r"^text: Extra inputs are not permitted"),
        (b'{"url": "http://news.example/a", "headline": "x"}', 422, r'^give either "url", or "headline" and "body"'),
        (json.dumps({"headline": HEADLINE, "body": FRENCH}).encode(), 422, r"does not look like English"),
        (json.dumps({"headline": HEADLINE, "body": "  "}).encode(), 422, r"^the body is empty"),
        (b"", 422, r"^the request body: Field required$"),
    ],
)
def test_bad_requests_get_one_line_errors(client: TestClient, payload: bytes, status: int, message: str) -> None:
    response = client.post("/v1/check", content=payload, headers={"Content-Type": "application/json"})
    assert re.search(message, one_line_error(response, status))


def test_unknown_paths_and_methods_answer_in_json(client: TestClient) -> None:
    assert one_line_error(client.get("/v1/nothing"), 404) == "Not Found"
    assert one_line_error(client.get("/v1/check"), 405) == "Method Not Allowed"


@pytest.fixture(scope="module")
def faulty() -> Iterator[TestClient]:
    """An app whose workers fail every check with the fault the headline names (serving.FAULTS)."""
    pool = Workers(FaultyChecker, MIN_CHECK_WORKERS, CHECK_BUDGET_S)
    pool.start()
    with TestClient(create_app(NO_LIMIT, pool)) as client:
        yield client
    pool.close()


def test_internal_errors_reveal_nothing(faulty: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="headcheck.server"):
        response = faulty.post("/v1/check", json={"headline": "internal", "body": BODY})
    assert response.status_code == 500 and response.json() == {"error": "internal error"}
    assert "secret" not in response.text
    logged = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    assert "RuntimeError: secret detail" in logged[0]["trace"]  # the operator sees it, the client does not
    assert logged[-1]["status"] == 500


@pytest.mark.parametrize(("fault", "status"), [("model", 503), ("missing-extra", 501), ("store", 500)])
def test_server_faults_get_their_own_status_and_a_clear_message(faulty: TestClient, fault: str, status: int) -> None:
    response = faulty.post("/v1/check", json={"headline": fault, "body": BODY})
    error = FAULTS[fault]
    assert isinstance(error, HeadcheckError) and error.http_status == status
    assert one_line_error(response, status) == str(error)


def test_a_page_that_cannot_be_fetched_is_a_bad_gateway(make_client: Factory, site: str) -> None:
    client = make_client(Settings(rate_limit=None, allow_hosts=("127.0.0.1",)))
    assert one_line_error(client.post("/v1/check", json={"url": f"{site}/missing"}), 502) == (
        "fetching URL failed: HTTP 404")
    batch = client.post("/v1/check/batch", json={"articles": [{"url": f"{site}/missing", "id": "a"}]})
    assert batch.json() == {"results": [{"error": "fetching URL failed: HTTP 404", "id": "a"}]}  # the item's error


# -- keys and limits ------------------------------------------------------------------------------


def test_api_keys_guard_the_api_but_not_the_page(make_client: Factory) -> None:
    client = make_client(Settings(api_keys=frozenset({"key-one", "key-two"}), rate_limit=None))
    missing = client.get("/v1/models")
    assert "needs an API key" in one_line_error(missing, 401)
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    wrong = client.get("/v1/models", headers={"X-API-Key": "key-three"})
    assert one_line_error(wrong, 401) == "the API key is not valid"
    assert client.get("/v1/models", headers={"X-API-Key": "key-one"}).status_code == 200
    assert client.get("/v1/models", headers={"Authorization": "Bearer key-two"}).status_code == 200
    assert client.get("/v1/models", headers={"Authorization": "Basic key-two"}).status_code == 401
    check = client.post("/v1/check", json={"headline": HEADLINE, "body": BODY}, headers={"X-API-Key": "key-two"})
    assert check.status_code == 200
    for open_path in ("/", "/healthz", "/static/app.js", "/docs"):
        assert client.get(open_path).status_code == 200


def test_rate_limit_per_key_and_per_address(make_client: Factory) -> None:
    client = make_client(Settings(api_keys=frozenset({"key-one", "key-two"}), rate_limit=Rate(3, 60.0)))
    one = {"X-API-Key": "key-one"}
    assert [client.get("/v1/models", headers=one).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get("/v1/models", headers=one)
    assert one_line_error(limited, 429) == "too many requests; slow down"
    assert int(limited.headers["Retry-After"]) >= 1
    assert client.get("/v1/models", headers={"X-API-Key": "key-two"}).status_code == 200  # its own bucket
    # Wrong keys count against the address, so guessing keys is limited too.
    assert [client.get("/v1/models", headers={"X-API-Key": "guess"}).status_code for _ in range(4)] == [401] * 3 + [429]
    assert all(client.get("/healthz").status_code == 200 for _ in range(5))  # probes are never limited


def test_token_bucket_refills_evenly() -> None:
    now = [0.0]
    limiter = RateLimiter(Rate(2, 60.0), clock=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a")] == [0, 0]
    assert limiter.take("a") == pytest.approx(30.0)
    now[0] = 29.0
    assert limiter.take("a") == pytest.approx(1.0)
    now[0] = 30.0
    assert limiter.take("a") == 0
    assert limiter.take("b") == 0


@pytest.mark.parametrize(("text", "rate"), [("60/min", Rate(60, 60.0)), ("5/s", Rate(5, 1.0)), ("off", None)])
def test_rate_limit_option(text: str, rate: Rate | None) -> None:
    assert Rate.parse(text) == rate


def test_bad_serve_options_are_one_line_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--rate-limit", "fast"]) == 1
    assert capsys.readouterr().err.startswith("headcheck: error: --rate-limit must look like 60/min")
    assert main(["serve", "--max-body-bytes", "0"]) == 1
    assert capsys.readouterr().err == "headcheck: error: --max-body-bytes must be at least 1\n"
    assert main(["serve", "--workers", "1"]) == 1
    assert capsys.readouterr().err == ("headcheck: error: --workers must be at least 2: one is kept for small checks "
                                       "while large ones run\n")
    assert main(["serve", "--check-budget", "0"]) == 1
    assert capsys.readouterr().err == "headcheck: error: --check-budget must be a positive number of seconds\n"


def test_declared_size_over_the_limit_is_refused_unread(make_client: Factory) -> None:
    client = make_client(Settings(rate_limit=None, max_body_bytes=2_000))
    big = {"headline": HEADLINE, "body": BODY * 10}
    too_big = client.post("/v1/check", json=big)
    assert one_line_error(too_big, 413) == "the request body is larger than the 0.002 MB limit"
    huge = b"x" * 20_000_000
    default = make_client()
    assert "1 MB limit" in one_line_error(default.post("/v1/check", content=huge), 413)


def test_streamed_body_is_cut_off_at_the_limit(workers: Workers) -> None:
    """No Content-Length: the server must stop reading once the limit is passed, not read the whole stream."""
    app = create_app(Settings(rate_limit=None, max_body_bytes=100_000), workers)
    chunk = b" " * 10_000
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": pulled < 1_000}  # 10 MB if read to the end

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/v1/check", "raw_path": b"/v1/check", "root_path": "", "query_string": b"",
             "headers": [(b"content-type", b"application/json")], "client": ("127.0.0.1", 5000),
             "server": ("127.0.0.1", 8000)}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert pulled == 11  # the chunk that passed 100 KB was the last one read
    assert json.loads(sent[1]["body"]) == {"error": "the request body is larger than the 0.1 MB limit"}


def test_real_server_refuses_a_huge_declared_body_without_waiting_for_it(workers: Workers) -> None:
    with running(create_app(NO_LIMIT, workers)) as base, socket.create_connection(
        ("127.0.0.1", httpx.URL(base).port), timeout=10
    ) as sock:
        sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000000000\r\n\r\n")
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413 ")


# -- SSRF -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/article",
        "http://localhost:{port}/article",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://10.0.0.1/",
        "http://[::1]:{port}/article",
        "http://2130706433:{port}/article",  # 127.0.0.1 written as one number
    ],
)
def test_private_addresses_are_refused_before_connecting(
    client: TestClient, site: str, connections: list[tuple[str, int]], url: str
) -> None:
    url = url.format(port=httpx.URL(site).port)
    message = one_line_error(client.post("/v1/check", json={"url": url}), 422)
    assert message.startswith("refusing to fetch") and "is not a public address" in message
    assert connections == []


@pytest.mark.parametrize("target", ["http://10.0.0.1/admin", "http://169.254.169.254/latest/meta-data/",
                                    "http://[fd00:ec2::254]/latest/meta-data/"])
def test_redirects_from_an_allowed_host_are_checked_again(
    make_client: Factory, site: str, connections: list[tuple[str, int]], target: str
) -> None:
    client = make_client(Settings(rate_limit=None, allow_hosts=("127.0.0.1",)))
    message = one_line_error(client.post("/v1/check", json={"url": f"{site}/to?{target}"}), 422)
    assert message.startswith("refusing to fetch")
    assert connections == [("127.0.0.1", httpx.URL(site).port)]  # the redirector only


def test_other_schemes_are_refused(client: TestClient) -> None:
    assert "only http and https" in one_line_error(client.post("/v1/check", json={"url": "file:///etc/passwd"}), 422)


# -- concurrency ----------------------------------------------------------------------------------


def test_parallel_clients_each_get_their_own_report(checker: Checker, workers: Workers) -> None:
    headlines = [HEADLINE, OTHER_HEADLINE]
    both = {"articles": [{"headline": h, "body": BODY} for h in headlines]}
    expected = {h: checker.check_article(Article(h, BODY)).to_dict() for h in headlines}
    with running(create_app(NO_LIMIT, workers)) as base, httpx.Client(base_url=base, timeout=60) as http:

        def check(i: int) -> tuple[int, dict[str, Any]]:
            if i % 4 == 3:
                batch = http.post("/v1/check/batch", json=both)
                return batch.status_code, batch.json()
            response = http.post("/v1/check", json={"headline": headlines[i % 2], "body": BODY, "id": str(i)})
            return response.status_code, response.json()

        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(check, range(16)))
    assert [status for status, _ in answers] == [200] * 16
    for i, (_, data) in enumerate(answers):
        if i % 4 == 3:
            assert data["results"] == [expected[h] for h in headlines]
        else:
            assert data == {**expected[headlines[i % 2]], "id": str(i)}


# -- history --------------------------------------------------------------------------------------


def test_history_keeps_every_check(make_client: Factory, checker: Checker, tmp_path: Path) -> None:
    settings = Settings(rate_limit=None, store=tmp_path / "history.sqlite")
    client = make_client(settings)
    response = client.post("/v1/check", json={"headline": HEADLINE, "body": BODY, "id": "first"})
    check_id = response.headers["X-Check-Id"]
    stored = client.get(f"/v1/checks/{check_id}")
    assert stored.json() == response.json() and stored.headers["X-Check-Id"] == check_id
    assert "no check with id" in one_line_error(client.get("/v1/checks/0123456789abcdef"), 404)

    batch = client.post("/v1/check/batch", json={"articles": [{"headline": OTHER_HEADLINE, "body": BODY}, {}]}).json()
    assert batch["check_ids"][1] is None and batch["results"][1]["error"]
    assert client.get(f"/v1/checks/{batch['check_ids'][0]}").json() == batch["results"][0]

    reopened = make_client(settings)  # the history outlives the server
    assert reopened.get(f"/v1/checks/{check_id}").json() == response.json()


def test_history_off_says_how_to_turn_it_on(client: TestClient) -> None:
    assert "--store" in one_line_error(client.get("/v1/checks/abc"), 404)


# -- logs and the command -------------------------------------------------------------------------


def test_access_log_is_json_without_article_text(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="headcheck.server"):
        response = client.post("/v1/check", json={"headline": HEADLINE, "body": BODY})
    line = JsonFormatter().format(caplog.records[-1])
    entry = json.loads(line)
    assert {"time", "method", "path", "status", "duration_ms", "client", "request_id"} <= set(entry)
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/v1/check", 200)
    assert entry["request_id"] == response.headers["X-Request-Id"]
    assert "Millbrook" not in line and "librar" not in line


def test_serve_command_runs_the_service(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "HEADCHECK_API_KEYS": "cli-key"}
    command = [sys.executable, "-m", "headcheck.apps.cli", "serve", "--port", str(port),
               "--store", str(tmp_path / "h.db")]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None and time.monotonic() < deadline, "headcheck serve did not start"
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        assert httpx.post(f"{base}/v1/check", json={"headline": HEADLINE, "body": BODY}).status_code == 401
        response = httpx.post(f"{base}/v1/check", json={"headline": HEADLINE, "body": BODY},
                              headers={"X-API-Key": "cli-key"})
        assert response.status_code == 200 and response.headers["X-Check-Id"]
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=30)
    lines = [json.loads(line) for line in err.splitlines()]  # every line on stderr is JSON
    requests = [line for line in lines if line["message"] == "request"]
    assert [(r["path"], r["status"]) for r in requests][-2:] == [("/v1/check", 401), ("/v1/check", 200)]
    assert "Millbrook" not in err


def test_serve_refuses_to_start_with_a_model_that_cannot_load(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "model.json").write_text('{"name": "half-copied"}')  # its trees are missing
    out = subprocess.run([sys.executable, "-m", "headcheck.apps.cli", "serve", "--port", "0", "--model", str(model)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == ModelError.exit_code == 5
    assert out.stderr.startswith(f"headcheck: error: cannot load model from {model}") and out.stderr.count("\n") == 1
