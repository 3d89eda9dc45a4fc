#!/usr/bin/python3
"""Fails when an executed notebook has an error in any cell's outputs.

Usage: /usr/bin/python3 docker/check-notebook.py EXECUTED.ipynb...

nbconvert --execute --allow-errors records errors in the notebook instead of stopping, and prints
them poorly; this reads them back. A cell fails when it has:
  - an "error" output (GoNB: compile errors, `go get` failures, non-zero exit of the cell's program),
  - a stderr stream with a Go panic, goroutine trace or runtime fatal error,
  - GoNB's HTML error display (kernels installed without --raw_error).
Prints one block per failing cell: notebook, cell index (0-based, as in the .ipynb), its first
source line and the error text. Exits 1 if any cell failed. Uses only nbformat and the stdlib.
"""
import html
import re
import sys

import nbformat

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
GO_CRASH = re.compile(r"^(panic: |fatal error: |goroutine \d+ \[)", re.MULTILINE)
MAX_LINES = 40  # a full goroutine dump is not more readable than its first screen


def text(value):
    return ANSI.sub("", "".join(value) if isinstance(value, list) else str(value))


def html_to_text(markup):
    markup = re.sub(r"(?s)<style.*?</style>", "", markup)
    # GoNB's hover-only context repeats the code around the error; drop it.
    markup = re.sub(r'(?s)<div class="gonb-err-context">.*?</div>\s*</div>', "</div>", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def cell_errors(cell):
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "error":
            tb = text("\n".join(out.get("traceback", [])))
            yield tb.strip() or f'{out.get("ename", "")}: {text(out.get("evalue", ""))}'
        elif kind == "stream" and out.get("name") == "stderr":
            s = text(out.get("text", ""))
            m = GO_CRASH.search(s)
            if m:
                yield s[m.start():].strip()
        elif kind in ("display_data", "execute_result"):
            markup = text(out.get("data", {}).get("text/html", ""))
            if "gonb-err-" in markup:
                yield html_to_text(markup)


def check(path):
    nb = nbformat.read(path, as_version=4)
    failures = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = []
        for err in cell_errors(cell):
            # A panic is followed by GoNB's "exit status 2" error: report each text once.
            if not any(err in e for e in errors):
                errors = [e for e in errors if e not in err] + [err]
        if not errors:
            continue
        failures += 1
        first = next((l for l in cell.source.splitlines() if l.strip()), "")
        lines = "\n\n".join(errors).splitlines()
        if len(lines) > MAX_LINES:
            lines = lines[:MAX_LINES] + [f"... ({len(lines) - MAX_LINES} more lines in {path})"]
        # In [n] is GoNB's "Cell[n]" in its messages.
        print(f"{path}: cell {index} (In [{cell.get('execution_count')}], {first[:60]!r}) failed:", file=sys.stderr)
        print("    " + "\n    ".join(lines), file=sys.stderr)
    return failures


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    return 1 if sum(check(p) for p in paths) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
