"""`headcheck watch`: its arguments and its handler, kept here so the main CLI gains two lines."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from rich.console import Console

from headcheck.apps.options import MODEL_HELP, positive_seconds, seconds_or_zero, verdict_list
from headcheck.errors import InputError, shown
from headcheck.limits import HOST_INTERVAL_S, WATCH_INTERVAL_S


def default_store() -> Path:
    """Where the watch keeps its state when --store is not given: the user's data folder, not the working one."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "headcheck" / "watch.sqlite"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    watch = commands.add_parser("watch", help="follow news feeds and flag headlines their articles do not bear out",
                                description=(
        "Poll RSS, Atom, RDF and JSON feeds and news sitemaps (URLs or files), check each new item's headline "
        "against its article (the linked page, or the full text the feed carries), and print a JSON line for "
        "each alert (with --json, for each checked item). Everything is kept in the store, so a run that is "
        "stopped or killed goes on where it was. See docs/watch.md."))
    watch.add_argument("feeds", nargs="*", metavar="FEED", help="feed URL or file")
    watch.add_argument("--feeds", dest="feeds_file", type=Path, metavar="FILE",
                       help="file with one feed URL or path per line (# starts a comment)")
    watch.add_argument("--store", metavar="STORE",
                       help=f"SQLite file, or postgresql://... (default: {default_store()})")
    watch.add_argument("--once", action="store_true", help="poll every feed once, check what is new, and exit")
    watch.add_argument("--interval", type=positive_seconds, default=WATCH_INTERVAL_S, metavar="SECONDS",
                       help=f"between two polls of a feed (default: {WATCH_INTERVAL_S:g})")
    watch.add_argument("--alert-on", type=verdict_list, default=frozenset({"misleading"}), metavar="VERDICTS",
                       help="verdicts that raise an alert, comma-separated (default: misleading)")
    watch.add_argument("--webhook", metavar="URL", help="POST each alert's JSON here (see docs/watch.md)")
    watch.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="let feeds, pages and the webhook reach this host even if private or loopback "
                            "(repeatable)")
    watch.add_argument("--json", action="store_true", help="print a JSON line for every checked item, not only alerts")
    watch.add_argument("--host-interval", type=seconds_or_zero, default=HOST_INTERVAL_S, metavar="SECONDS",
                       help=f"at least this long between two requests to one host (default: {HOST_INTERVAL_S:g})")
    watch.add_argument("--model", help=MODEL_HELP)


def _feed(text: str, where: str) -> str:
    """A feed as the store names it: the URL as given, or the file's absolute path (the same from any folder)."""
    if "://" in text:
        if urlsplit(text).scheme.lower() not in ("http", "https") or not urlsplit(text).hostname:
            raise InputError(f"{where}: a feed is an http(s) URL or a file, not {shown(text)}")
        return text
    path = Path(text).expanduser()
    if not path.is_file():
        raise InputError(f"{where}: the feed file {shown(text)} does not exist")
    return str(path.resolve())


def _feeds(args: argparse.Namespace) -> tuple[str, ...]:
    from headcheck.inputs.readers import read_text  # here: parsing the command line loads no HTML extractor

    feeds = [_feed(text, "FEED") for text in args.feeds]
    if args.feeds_file is not None:
        for number, raw in enumerate(read_text(args.feeds_file).splitlines(), 1):
            text = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            if text:
                feeds.append(_feed(text, f"{shown(args.feeds_file)} line {number}"))
    if not feeds:
        raise InputError("nothing to watch: give a FEED (URL or file) or --feeds FILE")
    return tuple(dict.fromkeys(feeds))


@contextlib.contextmanager
def _stopped_by_signals(stop: threading.Event, console: Console) -> Iterator[None]:
    """SIGTERM and the first Ctrl-C end the watch cleanly at its next step; a second Ctrl-C stops it at once."""

    def handle(signum: int, _: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        console.print(f"headcheck: watch: {signal.Signals(signum).name}, stopping", markup=False, highlight=False)
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def command(args: argparse.Namespace, console: Console) -> int:
    from headcheck.apps.watch.store import Store
    from headcheck.apps.watch.watcher import Options, Watcher
    from headcheck.checker import Checker

    feeds = _feeds(args)
    if args.webhook is not None and urlsplit(args.webhook).scheme.lower() not in ("http", "https"):
        raise InputError(f"--webhook must be an http(s) URL, not {shown(args.webhook)}")
    options = Options(feeds, once=args.once, interval_s=args.interval, alert_on=args.alert_on, webhook=args.webhook,
                      allow_hosts=tuple(args.allow_host), json=args.json, host_interval_s=args.host_interval)
    target = args.store
    if target is None:
        default_store().parent.mkdir(parents=True, exist_ok=True)
        target = str(default_store())
    stop = threading.Event()

    def log(message: str) -> None:
        console.print(f"headcheck: watch: {message}", markup=False, highlight=False, soft_wrap=True)

    with Store(target) as store:  # a store that cannot be used fails before the model is loaded
        checker = Checker(args.model)
        with _stopped_by_signals(stop, console):
            Watcher(options, store, checker, log=log, stop=stop, out=sys.stdout).run()
    return 0
