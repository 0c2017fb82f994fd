"""The `headcheck` command line: check, train, eval."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console

from headcheck import article, fetch
from headcheck.errors import InputError
from headcheck.types import VERDICT_OF, Article, Verdict

EXIT_ERROR = 1
EXIT_FAIL_ON = 3
VERDICTS: tuple[Verdict, ...] = tuple(VERDICT_OF.values())


def _verdict_list(text: str) -> frozenset[str]:
    chosen = frozenset(v.strip() for v in text.split(",") if v.strip())
    unknown = chosen - set(VERDICTS)
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(VERDICTS)} (got {text!r})")
    return chosen


def _parser() -> argparse.ArgumentParser:
    from headcheck import __version__

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
    check.add_argument("--json", action="store_true", help="print the report as JSON (schema headcheck.report/1)")
    check.add_argument("--fail-on", type=_verdict_list, default=frozenset(), metavar="VERDICTS",
                       help="exit 3 when the verdict is one of these (comma-separated), e.g. misleading,unrelated")
    check.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="let URL fetching reach this host even if private or loopback (repeatable)")
    check.add_argument("--model", help="directory of a stance model (default: the shipped one)")

    train = commands.add_parser("train", help="retrain the stance model from FNC-1")
    train.add_argument("--data-dir", type=Path, default=Path("../shared/data/fnc1"))
    train.add_argument("--out", type=Path, help="model directory to write (default: the shipped model)")

    evaluate = commands.add_parser("eval", help="evaluate on a benchmark")
    evaluate.add_argument("benchmark", choices=["fnc1"])
    evaluate.add_argument("--data-dir", type=Path, default=Path("../shared/data/fnc1"))
    evaluate.add_argument("--out", type=Path, default=Path("headcheck-eval"), help="where predictions and metrics go")
    evaluate.add_argument("--model", help="directory of a stance model (default: the shipped one)")
    return parser


def _read_article(args: argparse.Namespace) -> Article:
    if args.headline is not None:
        if args.source:
            raise InputError("give either SOURCE or --headline, not both")
        if args.body_file is not None:
            body_text = article.read_text(args.body_file)
        elif args.body is not None:
            body_text = args.body
        else:
            raise InputError("--headline needs --body or --body-file")
        return article.from_parts(args.headline, body_text)
    if args.body is not None or args.body_file is not None:
        raise InputError("--body and --body-file need --headline")
    if not args.source:
        raise InputError("nothing to check: give a file, a URL, - for stdin, or --headline and --body")
    if args.source.startswith(("http://", "https://")) or "://" in args.source:
        return fetch.fetch(args.source, allow_hosts=tuple(args.allow_host))
    return article.read_path(args.source)


def _check(args: argparse.Namespace, console: Console) -> int:
    from headcheck.checker import Checker
    from headcheck.report import render

    report = Checker(args.model).check_article(article.require_english(_read_article(args)))
    if args.json:
        print(report.to_json())
    else:
        render(report, console)
    return EXIT_FAIL_ON if report.verdict in args.fail_on else 0


def _train(args: argparse.Namespace, console: Console) -> int:
    from headcheck import train

    result = train.train(args.data_dir, log=console.print)
    if args.out:
        train.save(result, args.out)
    else:
        train.save(result)
    console.print(f"saved model {result.model.name} to {args.out or train.DEFAULT_MODEL_DIR}")
    return 0


def _eval(args: argparse.Namespace, console: Console) -> int:
    from headcheck import evaluate
    from headcheck.checker import Checker

    evaluate.run(Checker(args.model), args.data_dir, args.out, console)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(stderr=args.command != "check" or args.json)
    handlers = {"check": _check, "train": _train, "eval": _eval}
    try:
        return handlers[args.command](args, console)
    except InputError as exc:
        print(f"headcheck: error: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("headcheck: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # users get one line; HEADCHECK_DEBUG=1 shows the traceback
        if os.environ.get("HEADCHECK_DEBUG"):
            raise
        print(f"headcheck: internal error: {type(exc).__name__}: {exc} (HEADCHECK_DEBUG=1 shows details)",
              file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
