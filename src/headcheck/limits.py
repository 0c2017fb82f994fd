"""Every default limit, defined once, with its unit in its name.

Front ends and options may lower or raise some of them (`--max-body-bytes`, `fetch(max_bytes=...)`);
these are the values used when nobody says otherwise.
"""

from __future__ import annotations

import os

# -- input ------------------------------------------------------------------------------------------
MAX_INPUT_BYTES = 5_000_000  # a file, standard input or one batch row, counted in bytes before decoding
MAX_BODY_CHARS = 5_000_000  # a body handed over as text (API, Python), counted in characters
MAX_HEADLINE_CHARS = 500
MIN_BODY_WORDS = 4  # below this a body cannot support or refute anything (page furniture, stray labels)

# -- fetching a URL ---------------------------------------------------------------------------------
MAX_FETCH_BYTES = 5_000_000  # counted after decompression
FETCH_TIMEOUT_S = 10.0  # the whole fetch, redirects and download included
MAX_REDIRECTS = 5

# -- checking ---------------------------------------------------------------------------------------
CHECK_BATCH_ARTICLES = 64  # articles the Checker sends to the judge at once
EVAL_BATCH_ARTICLES = 256
BODY_CACHE_ENTRIES = 2048  # analysed bodies (and their facts) kept by a Checker
EMBEDDING_CACHE_ENTRIES = 16_384  # sentence vectors kept by the sentence-NLI judge
WORD_CACHE_ENTRIES = 65_536  # words whose stem and canonical form are kept

# -- bounds that keep every stage linear in the body's length ----------------------------------------
# Each stage looks at a bounded stretch of text around what it reads, so a body without line breaks or
# punctuation costs in proportion to its length. Real clauses, quotations and sentences fit well inside.
CLAUSE_WINDOW_TOKENS = 60  # tokens either side of a number or date read for the words of its clause
MAX_SPEAKER_CHARS = 500  # a longer stretch between a quotation and its speech verb is not who said it
SUGGEST_SENTENCE_CHARS = 1_000  # longer body sentences are not compressed into a suggested headline
TONE_SENTENCE_CHARS = 1_000  # the part of a body sentence whose praise or blame VADER weighs (quadratic in length)
MAX_SPELLING_NAMES = 3000  # capitalised words compared pairwise for two spellings of one name

# -- the HTTP service -------------------------------------------------------------------------------
MAX_REQUEST_BODY_BYTES = 1_000_000
DEFAULT_RATE_LIMIT = "60/min"
MAX_API_BATCH_ARTICLES = 100
# Fetches run on threads; this bounds how many pages (up to MAX_FETCH_BYTES each) are held in memory at
# once, whatever the number of clients, and one client (API key or address) holds at most its share.
# Articles sent as text are parsed on their own threads, so slow URLs filling every fetch slot never hold
# up a text check.
MAX_CONCURRENT_FETCHES = 16
FETCH_SLOTS_PER_CLIENT = 4
MAX_CONCURRENT_PARSES = 4
# A request waits this long at most for a fetch slot, a parse slot or a check worker, then gets 503 (busy)
# with Retry-After; a fetch's wait counts in its FETCH_TIMEOUT_S.
MAX_QUEUE_WAIT_S = 5.0
# Checks run in worker processes (at least two); a request whose bodies hold more than LARGE_CHECK_CHARS
# characters may use all but one of them, so small checks always find a worker while large ones run.
MIN_CHECK_WORKERS = 2
LARGE_CHECK_CHARS = 100_000
CHECK_BUDGET_S = 30.0  # one request's check in its worker; past it the worker is stopped and replaced
MAX_RATE_LIMITED_CLIENTS = 10_000  # token buckets kept; the least recently seen client is forgotten first

# -- batch runs -------------------------------------------------------------------------------------
BATCH_CHUNK_ROWS = 64  # rows sent to a worker at once
READ_BATCH_ROWS = 1024  # rows read from a Parquet file, or handed to Ray, at once
WRITE_BATCH_ROWS = 10_000  # rows written to a Parquet file at once
OUTPUT_LOOKUP_ROWS = 1000  # results looked up in the store at once when the output is written
STORE_LOOKUP_KEYS = 500  # keys per SQLite query, under its limit on parameters per statement
STORE_LOCK_WAIT_S = 30.0  # how long a writer waits for another process's lock on an SQLite store (batch, watch)
QUEUED_CHUNKS_PER_WORKER = 2  # one running, one waiting: a worker never idles between chunks
MAX_SCANNED_ID_BYTES = 4096  # an id read from a row too large (or too deep) to parse whole; a longer one is lost

# -- watching feeds (headcheck watch) ---------------------------------------------------------------
WATCH_INTERVAL_S = 300.0  # between two polls of one feed
HOST_INTERVAL_S = 1.0  # between two requests to one host: feeds, pages and robots.txt alike
MAX_CRAWL_DELAY_S = 60.0  # a robots.txt Crawl-delay is honoured up to this
ROBOTS_TTL_S = 3600.0  # how long a host's robots.txt is trusted before it is read again
MAX_ROBOTS_BYTES = 500_000
MAX_FEED_BYTES = 10_000_000  # one feed, counted after decompression
MAX_FEED_ITEMS = 1000  # items read from one poll of a feed; a feed with more gets a note
WATCH_FETCH_THREADS = 8  # feeds and pages fetched at once
WATCH_ITEMS_IN_FLIGHT = 64  # pages being fetched or waiting for the Checker: bounds the memory they hold
RETRY_BASE_S = 60.0  # the first retry of a failed feed or page; it doubles with each failure in a row
MAX_RETRY_S = 6 * 3600.0  # the longest backoff
MAX_RETRY_AFTER_S = 86_400.0  # a server's Retry-After is honoured up to a day
MAX_PAGE_ATTEMPTS = 5  # fetches of one item's page before the item is given up as failed
CLAIM_S = 600.0  # a watcher's hold on a feed, item or webhook it works on; then another watcher may take it
WEBHOOK_RETRY_BASE_S = 1.0  # a failed webhook POST is retried after 1, 2, 4 ... s
MAX_WEBHOOK_RETRY_S = 3600.0
MAX_WEBHOOK_ATTEMPTS = 12  # then the alert's webhook is recorded as failed
MAX_WEBHOOK_REPLY_BYTES = 100_000  # what is read of a webhook's answer (it is not used)
WEBHOOK_TRIES_PER_RUN = 4  # a --once run waits out this many tries of a webhook at most, then leaves it pending
WATCH_API_ITEMS = 50  # items per page of GET /v1/watch/items, unless the caller asks for fewer or more
MAX_WATCH_API_ITEMS = 500

# -- training ---------------------------------------------------------------------------------------
LIGHTGBM_THREADS = 2
SEED = 13


def default_workers() -> int:
    """Cores this process may use, which under a container or taskset is fewer than the machine has."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def megabytes(n: int) -> str:
    """Sizes in messages read as '5 MB', the way users think of limits."""
    return f"{n / 1_000_000:g} MB"
