"""`headcheck watch`: follow news feeds and flag headlines their articles do not bear out (docs/watch.md).

`feeds` (reading RSS, Atom, RDF, JSON Feed and news sitemaps), `poller` (polite, guarded fetching and
retries), `store` (SQLite or PostgreSQL: what is polled, checked, printed and sent), `alerts` (the JSON
lines and the webhook), `watcher` (the loop), `cli` (the command's options). Imports only go downward:
inputs, report, errors, limits; nothing outside the app imports it except the CLI and the service's watch API.
"""
