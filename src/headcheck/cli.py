"""The `headcheck` command line: check, train, eval."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console

from headcheck import article, fetch
from headcheck.batch import cli as batch_cli
from headcheck.errors import InputError
from headcheck.types import VERDICT_OF, Article, Verdict

EXIT_ERROR = 1
EXIT_FAIL_ON = 3
VERDICTS: tuple[Verdict, ...] = tuple(VERDICT_OF.values())
MODEL_HELP = batch_cli.MODEL_HELP


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
    check.add_argument("--json", action="store_true", help="print the report as JSON (schema headcheck.report/2)")
    check.add_argument("--html", type=Path, metavar="OUT.html",
                       help="also write the report as a self-contained HTML page: claims, findings, highlighted body")
    check.add_argument("--fail-on", type=_verdict_list, default=frozenset(), metavar="VERDICTS",
                       help="exit 3 when the verdict is one of these (comma-separated), e.g. misleading,unrelated")
    check.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="let URL fetching reach this host even if private or loopback (repeatable)")
    check.add_argument("--model", help=MODEL_HELP)

    train = commands.add_parser("train", help="rebuild the shipped models from ../shared/data", description=(
        "Rebuild the shipped models: 'features' (the 0.1 model, minutes), 'stance' (MiniLM cross-encoder "
        "and sentence encoder, needs the train extra, hours on a CPU), 'cascade' (relatedness and stacking "
        "on top of 'stance'), 'clickbait' (the clickbait score, minutes). Without --only, all four in that order."))
    train.add_argument("--only", choices=["features", "stance", "cascade", "clickbait"], help="rebuild one model only")
    train.add_argument("--data-dir", type=Path, default=Path("../shared/data/fnc1"))
    train.add_argument("--nli-dir", type=Path, default=Path("../shared/data/nli"))
    train.add_argument("--clickbait-dir", type=Path, default=Path("../shared/data/clickbait"))
    train.add_argument("--models-dir", type=Path, help="where models go (default: the package's models folder)")
    train.add_argument("--nli-pairs", type=int, default=8000, help="entailment pairs for the first stage")
    train.add_argument("--epochs", type=int, default=1, help="FNC-1 epochs of the cross-encoder")
    train.add_argument("--per-class-cap", type=int, default=3000,
                       help="at most this many related FNC-1 pairs of each stance for the cross-encoder")

    evaluate = commands.add_parser("eval", help="evaluate on a benchmark")
    evaluate.add_argument("benchmark", choices=["fnc1"])
    evaluate.add_argument("--data-dir", type=Path, default=Path("../shared/data/fnc1"))
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
    serve.add_argument("--max-body-bytes", type=int, metavar="N", help="largest request body (default: 1000000)")
    serve.add_argument("--rate-limit", metavar="RATE", help="per API key or client address: 60/min (default), "
                       "5/s, 1000/hour, or off")
    serve.add_argument("--store", type=Path, metavar="PATH", help="keep every check in this SQLite file")

    batch_cli.add_parser(commands)
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
    if args.html:
        from headcheck.html_report import write_html

        write_html(report, args.html)
    if args.json:
        print(report.to_json())
    else:
        render(report, console)
    return EXIT_FAIL_ON if report.verdict in args.fail_on else 0


def _train(args: argparse.Namespace, console: Console) -> int:
    from headcheck.judgement import CASCADE_MODEL_DIR, FEATURES_MODEL_DIR, MODELS_DIR

    root = args.models_dir or MODELS_DIR
    features_dir = root / FEATURES_MODEL_DIR.name
    cascade_dir = root / CASCADE_MODEL_DIR.name
    if args.only in (None, "features"):
        from headcheck import train

        result = train.train(args.data_dir, log=console.print)
        train.save(result, features_dir)
        console.print(f"saved {result.model.name} to {features_dir}")
    if args.only in (None, "stance"):
        try:
            from headcheck import train_neural
        except ImportError as exc:
            raise InputError(f"training the neural model needs the train extra: pip install -e '.[train]' ({exc})") \
                from None
        train_neural.train_all(args.data_dir, args.nli_dir, cascade_dir, nli_pairs=args.nli_pairs,
                               epochs=args.epochs, per_class_cap=args.per_class_cap, log=console.print)
    if args.only in (None, "cascade"):
        from headcheck import train_cascade

        train_cascade.train_cascade(args.data_dir, cascade_dir / "stance", cascade_dir / "embed", cascade_dir,
                                    log=console.print)
        console.print(f"saved {train_cascade.MODEL_NAME} to {cascade_dir}")
    if args.only in (None, "clickbait"):
        from headcheck import clickbait

        model, meta = clickbait.train(args.clickbait_dir, log=console.print)
        model.save(root / clickbait.MODEL_DIR.name, meta)
        console.print(f"saved {model.name} to {root / clickbait.MODEL_DIR.name}")
    return 0


def _eval(args: argparse.Namespace, console: Console) -> int:
    from headcheck import evaluate
    from headcheck.checker import Checker

    evaluate.run(Checker(args.model, explain=False), args.data_dir, args.out, console, plots=args.plots)
    return 0


def _serve(args: argparse.Namespace, console: Console) -> int:
    from headcheck import server

    return server.serve(args)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(stderr=args.command != "check" or args.json)
    handlers = {"check": _check, "train": _train, "eval": _eval, "serve": _serve, "batch": batch_cli.command}
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
