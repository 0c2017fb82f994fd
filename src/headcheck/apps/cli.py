"""The `headcheck` command line: check, serve, batch, train, eval.

It turns arguments into plain parameters for the library and its errors into exit codes (one line on
stderr each, see `headcheck.errors`). Training and evaluation are imported only by their commands.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from headcheck._version import __version__
from headcheck.apps.batch import cli as batch_cli
from headcheck.apps.options import MODEL_HELP, verdict_list
from headcheck.apps.watch import cli as watch_cli
from headcheck.datasets import claims, fnc1
from headcheck.errors import HeadcheckError, InputError, MissingExtraError, escaped, shown
from headcheck.limits import CHECK_BUDGET_S, DEFAULT_RATE_LIMIT, MAX_REQUEST_BODY_BYTES, MIN_CHECK_WORKERS
from headcheck.types import Article

if TYPE_CHECKING:
    from headcheck.inputs import Source

# headcheck train --only: training.commands.PARTS, named here so the CLI loads no training code to parse
# (tests/test_cli.py checks the two agree).
TRAIN_PARTS = ("features", "nli", "judge", "lexicon", "rules", "clickbait")
EXIT_INTERNAL_ERROR = 1
EXIT_FAIL_ON = 3
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="headcheck", description="Is a news headline honest to its article?")
    parser.add_argument("--version", action="version", version=f"headcheck {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check one article", description=(
        "Check one article: SOURCE is a text file (first line = headline), an .html/.json file, "
        "an http(s) URL, or - for standard input."))
    check.add_argument("source", nargs="?", help="file, URL or - (stdin)")
    check.add_argument("--headline", help="the headline, with --body or --body-file")
    body = check.add_mutually_exclusive_group()
    body.add_argument("--body", help="the body text")
    body.add_argument("--body-file", type=Path, help="file holding the body text")
    check.add_argument("--json", action="store_true", help="print the report as JSON (schema headcheck.report/2)")
    check.add_argument("--html", type=Path, metavar="OUT.html",
                       help="also write the report as a self-contained HTML page: claims, findings, highlighted body")
    check.add_argument("--fail-on", type=verdict_list, default=frozenset(), metavar="VERDICTS",
                       help="exit 3 when the verdict is one of these (comma-separated), e.g. misleading,unrelated")
    check.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="let URL fetching reach this host even if private or loopback (repeatable)")
    check.add_argument("--model", help=MODEL_HELP)

    train = commands.add_parser("train", help="rebuild the shipped models from ../shared/data", description=(
        "Rebuild the shipped models: 'features' (the lexical model, minutes), 'nli' (the MiniLM NLI "
        "cross-encoder: needs the train extra, about an hour on 2 CPU cores, resumable), 'judge' (the default "
        "judge assembled around it: lexical refit, aggregator, calibration, minutes), 'lexicon' (the comparison's "
        "WordNet table, from Debian's wordnet-base), 'rules' (each editor rule's hold-out confidence and the "
        "temperature of the answers no rule decides, minutes), "
        "'clickbait' (seconds). "
        "Without --only, all of them in that order."))
    train.add_argument("--only", choices=TRAIN_PARTS, help="rebuild one model (or table) only")
    train.add_argument("--data-dir", type=Path, default=fnc1.DEFAULT_DATA_DIR)
    train.add_argument("--nli-dir", type=Path, default=Path("../shared/data/nli"))
    train.add_argument("--clickbait-dir", type=Path, default=Path("../shared/data/clickbait"))
    train.add_argument("--claims-dir", type=Path, default=claims.DEFAULT_DATA_DIR)
    train.add_argument("--cases", type=Path, default=Path("bench/cases/articles.jsonl"),
                       help="hand-written cases whose dev half helps choose the judge's settings")
    train.add_argument("--models-dir", type=Path, help="where models go (default: the package's models folder)")
    train.add_argument("--work-dir", type=Path, default=Path.home() / ".cache" / "headcheck" / "nli-train",
                       help="checkpoints of the cross-encoder; a re-run continues from them")

    evaluate = commands.add_parser("eval", help="evaluate on a benchmark")
    evaluate.add_argument("benchmark", choices=["fnc1", "nli", "cases", "findings"])
    evaluate.add_argument("file", type=Path, nargs="?",
                          help="cases: the JSONL file (default bench/cases/articles.jsonl)")
    evaluate.add_argument("--data-dir", type=Path, help="fnc1: default ../shared/data/fnc1; nli: ../shared/data/nli")
    evaluate.add_argument("--out", type=Path, default=Path("headcheck-eval"), help="where predictions and metrics go")
    evaluate.add_argument("--model", help=MODEL_HELP)
    evaluate.add_argument("--plots", type=Path, metavar="DIR",
                          help="write a reliability diagram and a confusion-matrix heat map (PNG) to DIR")

    serve = commands.add_parser("serve", help="run the HTTP API and the web page", description=(
        "Serve the HTTP API (/v1/check, /docs) and the web page (/). API keys, if any, come from "
        "HEADCHECK_API_KEYS (comma-separated); more allowed hosts from HEADCHECK_ALLOW_HOSTS."))
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--model", help=MODEL_HELP)
    serve.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="let URL fetching reach this host even if private or loopback (repeatable)")
    serve.add_argument("--max-body-bytes", type=int, default=MAX_REQUEST_BODY_BYTES, metavar="N",
                       help=f"largest request body (default: {MAX_REQUEST_BODY_BYTES})")
    serve.add_argument("--rate-limit", default=DEFAULT_RATE_LIMIT, metavar="RATE",
                       help=f"per API key or client address: {DEFAULT_RATE_LIMIT} (default), 5/s, 1000/hour, or off")
    serve.add_argument("--store", metavar="STORE", help=(
        "keep every check in this SQLite file, and serve the watch's items from it; or a watch store at a "
        "postgresql:// URL (checks are then not kept)"))
    serve.add_argument("--workers", type=int, metavar="N", help="check worker processes (default: one per core, "
                       f"at least {MIN_CHECK_WORKERS}; one is always kept for small checks)")
    serve.add_argument("--check-budget", type=float, default=CHECK_BUDGET_S, metavar="SECONDS",
                       help=f"longest one request's check may run before it is stopped (default: {CHECK_BUDGET_S:g})")

    batch_cli.add_parser(commands)
    watch_cli.add_parser(commands)
    return parser


def _source(args: argparse.Namespace) -> Source:
    """What the options name: --headline with --body or --body-file, or SOURCE (a URL when it has a scheme)."""
    from headcheck.inputs import File, Url
    from headcheck.inputs.readers import read_text

    if args.headline is not None:
        if args.source:
            raise InputError("give either SOURCE or --headline, not both")
        if args.body_file is not None:
            body_text = read_text(args.body_file)
        elif args.body is not None:
            body_text = args.body
        else:
            raise InputError("--headline needs --body or --body-file")
        return Article(args.headline, body_text)
    if args.body is not None or args.body_file is not None:
        raise InputError("--body and --body-file need --headline")
    if not args.source:
        raise InputError("nothing to check: give a file, a URL, - for stdin, or --headline and --body")
    return Url(args.source) if "://" in args.source else File(args.source)


def _check(args: argparse.Namespace, console: Console) -> int:
    from headcheck.checker import Checker
    from headcheck.inputs import read_article
    from headcheck.report.console import render

    checkable = read_article(_source(args), english="refuse", allow_hosts=tuple(args.allow_host))
    report = Checker(args.model).check_article(checkable)
    if args.html:
        from headcheck.report.html import write_html

        write_html(report, args.html)
    if args.json:
        print(report.to_json())
    else:
        render(report, console)
    return EXIT_FAIL_ON if report.verdict in args.fail_on else 0


def _train(args: argparse.Namespace, console: Console) -> int:
    from headcheck.training.commands import train

    train(args.only, data_dir=args.data_dir, nli_dir=args.nli_dir, clickbait_dir=args.clickbait_dir,
          claims_dir=args.claims_dir, cases=args.cases,
          models_dir=args.models_dir, work_dir=args.work_dir, log=console.print)
    return 0


def _eval(args: argparse.Namespace, console: Console) -> int:
    from headcheck.checker import Checker

    if args.benchmark == "fnc1":
        from headcheck.evaluation import fnc1 as evaluate

        evaluate.run(Checker(args.model, explain=False), args.data_dir or fnc1.DEFAULT_DATA_DIR, args.out,
                     console, plots=args.plots)
        return 0
    if args.benchmark == "findings":
        from headcheck.evaluation import findings as eval_findings

        eval_findings.run(args.file or Path("bench/findings/cases.jsonl"), args.out, console)
        return 0
    from headcheck.evaluation import sets as eval_sets

    if args.benchmark == "nli":
        source = args.data_dir or Path("../shared/data/nli")
    else:
        source = args.file or Path("bench/cases/articles.jsonl")
    eval_sets.run(args.benchmark, Checker(args.model, explain=args.benchmark == "cases"), source, args.out, console)
    return 0


def _serve(args: argparse.Namespace, console: Console) -> int:
    try:
        from headcheck.apps.serve import app
    except ImportError as exc:
        raise MissingExtraError("headcheck serve needs FastAPI, uvicorn and prometheus-client: "
                                f"pip install 'headcheck[serve]' ({exc})") from None
    from headcheck.apps.serve.settings import Settings
    from headcheck.apps.watch.store import is_postgres

    history = None if args.store is None or is_postgres(args.store) else Path(args.store)
    settings = Settings.from_environment(allow_hosts=args.allow_host, max_body_bytes=args.max_body_bytes,
                                         rate_limit=args.rate_limit, store=history, workers=args.workers,
                                         check_budget_s=args.check_budget)
    app.run(settings, host=args.host, port=args.port, model=args.model, watch_store=args.store)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(stderr=args.command != "check" or args.json)
    handlers = {"check": _check, "train": _train, "eval": _eval, "serve": _serve, "batch": batch_cli.command,
                "watch": watch_cli.command}
    try:
        return handlers[args.command](args, console)
    except HeadcheckError as exc:  # each kind has its own exit code (headcheck.errors)
        # Messages quote their input shortened and escaped already; escaping the whole line again keeps a
        # terminal safe from any message that does not.
        print(f"headcheck: error: {escaped(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("headcheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # users get one line; HEADCHECK_DEBUG=1 shows the traceback
        if os.environ.get("HEADCHECK_DEBUG"):
            raise
        print(f"headcheck: internal error: {type(exc).__name__}: {shown(exc, 500)} (HEADCHECK_DEBUG=1 shows details)",
              file=sys.stderr)
    return EXIT_INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
