"""The front ends: the command line (`cli`), the HTTP service (`serve`) and corpus runs (`batch`), on top of
the `Checker`.

They turn arguments and requests into plain parameters for the library, and its errors into exit codes
and HTTP statuses (see `headcheck.errors`)."""

__all__ = ["batch", "cli", "serve"]
