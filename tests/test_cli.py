"""The command line as a user meets it: exit codes, one-line errors, JSON on stdout."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import typing
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES
from headcheck.apps.cli import main
from headcheck.errors import FetchError, HeadcheckError, InputError, MissingExtraError, ModelError, StoreError
from headcheck.judges import resolve


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_human_view_shows_verdict_and_quotes_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLES / "crackdown.txt"))
    assert code == 0
    assert "MISLEADING" in out
    assert "\u201c" in out  # evidence is quoted


def test_json_output_is_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLES / "bridge.txt"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "headcheck.report/2"
    assert data["verdict"] == "faithful"


def test_fail_on_gates_a_pipeline(capsys: pytest.CaptureFixture[str]) -> None:
    crackdown = str(EXAMPLES / "crackdown.txt")
    assert run(capsys, "check", crackdown, "--fail-on", "misleading,unrelated")[0] == 3
    assert run(capsys, "check", str(EXAMPLES / "bridge.txt"), "--fail-on", "misleading,unrelated")[0] == 0


def test_fail_on_rejects_unknown_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "x.txt", "--fail-on", "bogus"])
    assert exc.value.code == 2
    assert "choose from faithful" in capsys.readouterr().err


def test_headline_and_body_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    body = "Port Alvera opened its new harbour bridge on Saturday after four years of construction work."
    code, out, _ = run(capsys, "check", "--headline", "Port Alvera opens harbour bridge", "--body", body, "--json")
    assert code == 0 and json.loads(out)["headline"] == "Port Alvera opens harbour bridge"
    body_file = tmp_path / "body.txt"
    body_file.write_text(body, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--headline", "Port Alvera opens harbour bridge", "--body-file",
                       str(body_file), "--json")
    assert code == 0 and json.loads(out)["evidence"][0]["text"].startswith("Port Alvera opened")


def test_json_input_keeps_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(json.dumps({"id": 7, "headline": "Port Alvera opens harbour bridge",
                               "body": "Port Alvera opened its harbour bridge on Saturday, the mayor said."}))
    code, out, _ = run(capsys, "check", str(src), "--json")
    assert code == 0 and json.loads(out)["id"] == "7"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check"], "nothing to check"),
        (["check", "--headline", "Only a headline"], "--headline needs --body"),
        (["check", "--body", "Only a body"], "need --headline"),
        (["check", "does-not-exist.txt"], "does-not-exist.txt"),
        (["check", "ftp://example.test/a"], "http"),
    ],
)
def test_usage_mistakes_get_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert out == ""
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_installed_command_reports_bad_input_without_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40)
    proc = subprocess.run([sys.executable, "-m", "headcheck.apps.cli", "check", str(binary)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith("headcheck: error:") and "binary" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_eval_writes_predictions_and_metrics(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = _tiny_fnc1(tmp_path / "fnc1")
    code, _, err = run(capsys, "eval", "fnc1", "--data-dir", str(data), "--out", str(tmp_path / "out"))
    assert code == 0
    metrics = json.loads((tmp_path / "out" / "fnc1_metrics.json").read_text())
    assert metrics["test_pairs"] == 4
    shipped = json.loads((resolve(None).directory / "model.json").read_text())["name"]
    assert set(metrics["systems"]) == {f"headcheck ({shipped})", "talos", "athene", "ucl"}
    # the peers' files below are perfect, so their score must be 100
    assert metrics["systems"]["talos"]["fnc_score"] == 100.0
    predictions = (tmp_path / "out" / "fnc1_predictions.csv").read_text().splitlines()
    assert predictions[0] == "Headline,Body ID,Stance" and len(predictions) == 5
    assert "FNC score" in err


def _tiny_fnc1(root: Path) -> Path:
    """A four-pair stand-in for the competition test set, with perfect 'peer' predictions."""
    (root / "peer_predictions").mkdir(parents=True)
    bridge = (EXAMPLES / "bridge.txt").read_text().split("\n", 1)[1].replace('"', "'")
    crackdown = (EXAMPLES / "crackdown.txt").read_text().split("\n", 1)[1].replace('"', "'")
    (root / "competition_test_bodies.csv").write_text(
        f'Body ID,articleBody\n1,"{bridge}"\n2,"{crackdown}"\n', encoding="utf-8")
    rows = [("Port Alvera opens harbour bridge", 1, "agree"), ("Orlov led the Kestria revolution", 2, "disagree"),
            ("Orlov led the Kestria revolution", 1, "unrelated"), ("Bridge opens in Port Alvera", 2, "unrelated")]
    stances = "Headline,Body ID,Stance\n" + "".join(f"{h},{b},{s}\n" for h, b, s in rows)
    (root / "competition_test_stances.csv").write_text(stances, encoding="utf-8")
    for peer in ("talos", "athene"):
        (root / "peer_predictions" / f"{peer}.csv").write_text(stances, encoding="utf-8")
    (root / "peer_predictions" / "ucl.csv").write_text("".join(f"{s}\n" for *_, s in rows), encoding="utf-8")
    return root


ENGLISH_BODY = "The council of Port Alvera voted on Tuesday to keep the old ferry running on weekends. " * 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "headline is empty"),
        ("headline-only.txt", b"Port Alvera opens harbour bridge\n\n", "body is empty"),
        ("binary.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        ("latin1.txt", "Caf\xe9 owner wins prize\n\nThe caf\xe9 in Port Alvera won.".encode("latin-1"), "UTF-8"),
        ("nul.json", b'{"headline": "Port Alvera opens bridge", "body": "The bridge\\u0000 opened on Saturday."}',
         "control characters"),
        ("escape.txt", b"Port Alvera opens bridge\n\nThe bridge \x1b[31mopened on Saturday.", "control characters"),
        ("tiny.txt", b"Port Alvera opens bridge\n\nSaturday.", "too short"),
        ("page.html", b"<html><head><title>Port Alvera</title></head><body><nav>Home</nav></body></html>",
         "no article text"),
        ("french.txt", ("Le pont de Port Alvera est ouvert\n\n" + "Le conseil municipal de Port Alvera a vot\u00e9 "
                        "mardi pour garder le bac en service le week-end, selon la maire de la ville. " * 3)
         .encode(), "does not look like English"),
    ],
)
def test_bad_files_get_one_line_and_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(capsys, "check", str(path))
    assert (code, out) == (1, "")
    assert message in err and err.count("\n") == 1


def test_twenty_megabyte_text_is_refused_without_reading_it(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.write(b"Port Alvera opens bridge\n\n")
        f.write((ENGLISH_BODY.encode() + b"\n") * (20_000_000 // (len(ENGLISH_BODY) + 1)))
    code, out, err = run(capsys, "check", str(path))
    assert (code, out) == (1, "")
    assert "5 MB" in err or "5,000,000" in err



def _corpus(tmp_path: Path) -> str:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"headline": "Port Alvera opens harbour bridge",
                                  "body": "Port Alvera opened its harbour bridge on Saturday, the mayor said."}) + "\n")
    return str(corpus)


def _bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return ["check", "--headline", "Port Alvera opens bridge", "--body", "Too short."]


def _unreachable_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return ["check", f"http://127.0.0.1:{port}/story", "--allow-host", "127.0.0.1"]


def _broken_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    model = tmp_path / "model"
    model.mkdir()
    (model / "model.json").write_text('{"name": "half-copied"}')  # its trees are missing
    return ["check", str(EXAMPLES / "bridge.txt"), "--model", str(model)]


def _no_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the batch extra were not installed
    return ["batch", _corpus(tmp_path), "-o", str(tmp_path / "out.parquet")]


def _broken_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    store = tmp_path / "store.sqlite"
    store.write_bytes(b"not a database " * 100)
    return ["batch", _corpus(tmp_path), "-o", str(tmp_path / "out.jsonl"), "--store", str(store)]


@pytest.mark.parametrize(("argv", "error", "code", "message"), [
    (_bad_input, InputError, 1, "the body is too short"),
    (_unreachable_url, FetchError, 4, "fetching URL failed: cannot connect to 127.0.0.1"),
    (_broken_model, ModelError, 5, "cannot load model from"),
    (_no_pyarrow, MissingExtraError, 6, "pip install 'headcheck[batch]'"),
    (_broken_store, StoreError, 7, "as the result store"),
], ids=["input", "fetch", "model", "missing-extra", "store"])
def test_each_kind_of_error_has_its_own_exit_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    connections: list[tuple[str, int]], argv: Callable[[Path, pytest.MonkeyPatch], list[str]],
    error: type[HeadcheckError], code: int, message: str,
) -> None:
    got, out, err = run(capsys, *argv(tmp_path, monkeypatch))
    assert (got, out) == (code, "") and error.exit_code == code
    assert err.startswith("headcheck: error: ") and message in err and err.count("\n") == 1


def test_the_cli_offers_every_training_part_and_no_other() -> None:
    from headcheck.apps.cli import TRAIN_PARTS
    from headcheck.training.commands import PARTS, Part

    assert TRAIN_PARTS == PARTS == typing.get_args(Part)
