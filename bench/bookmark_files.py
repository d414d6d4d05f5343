"""Reading bookmark files: time per megabyte from 100 KB to the upload limit, for browsers' exports
and for files made to hurt a parser, and what browsers' exports of 10,000 bookmarks weigh.

Target: time per MB flat (no kind of file costs more per MB as it grows), adversarial files
included; a file past a limit is refused early, and its time is the time to refuse it. Baseline: the
same bytes of a Chrome export, read in the same run. Then the whole import over the Flask test client
on SQLite for each browser's export of 10,000 bookmarks, and the memory a nested file costs the
process (peak resident size, in a process of its own).

    python -m bench bookmark_files     (or: python -m bench.bookmark_files [--sizes 0.1,0.4,1.6,6.4,16])
"""

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._bookmark_exports import ADVERSARIAL, BROWSERS, adversarial, browser_export, export_of_size
from server.bank import bookmarks
from server.bank.importing import IMPORT_MAX_BYTES

MB = 1_000_000


def _read_seconds(text: str) -> tuple[float, str]:
    """The least CPU time of three reads (the machine is shared: CPU time is what the read costs),
    and what came of it."""
    best, outcome = float("inf"), ""
    for _ in range(3):
        started = time.process_time()
        try:
            outcome = f"{len(bookmarks.read(text)):,} links"
        except bookmarks.TooMuch as refused:
            outcome = f"refused: {refused.reason} over {refused.limit:,}"
        best = min(best, time.process_time() - started)
    return best, outcome


def per_megabyte(sizes: list[int]) -> None:
    kinds = [(f"{browser} export", lambda size, b=browser: export_of_size(b, size)) for browser in BROWSERS]
    kinds += [(kind, lambda size, k=kind: adversarial(k, size)) for kind in ADVERSARIAL]
    print(
        f"{'file':<22}" + "".join(f"{size / MB:>10.1f} MB" for size in sizes) + "   (ms per MB)  outcome at the limit"
    )
    baseline = {}
    for name, make in kinds:
        row, outcome = [], ""
        for size in sizes:
            text = make(size)
            took, outcome = _read_seconds(text)
            row.append(took * 1000 / (len(text.encode()) / MB))
            if name == "chrome export":
                baseline[size] = row[-1]
        ratios = " ".join(f"{value / baseline[size]:.1f}×" for value, size in zip(row, sizes, strict=True))
        print(f"{name:<22}" + "".join(f"{value:>13.1f}" for value in row) + f"   {outcome}; to Chrome: {ratios}")


def export_sizes(count: int) -> dict[str, str]:
    texts = {browser: browser_export(browser, count) for browser in BROWSERS}
    for browser, text in texts.items():
        size = len(text.encode())
        print(f"  {browser:<8} {size / MB:6.2f} MB ({size / 2**20:.2f} MiB), {text.count('<DT><H3'):,} folders")
    return texts


def whole_imports(texts: dict[str, str]) -> None:
    """Each export into an organisation of its own, through the test client with a bearer token
    (each request in its own app context, as on a server)."""
    from flask_migrate import upgrade

    from server import create_app
    from server.accounts import service as accounts
    from server.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.db'}",
                "SECRET_KEY": "bench",
                "TESTING": True,
                "RATELIMIT_ENABLED": False,
            }
        )
        tokens = {}
        with app.app_context():
            upgrade(revision="heads")
            for number, browser in enumerate(texts):
                org = accounts.get_or_create_organisation(f"Bench {browser}")
                user = accounts.create_user(org, email=f"{number}@bench.example", name="Bench", password=None)
                tokens[browser] = accounts.issue_token(user, "bench")[1]
            db.session.commit()
        client = app.test_client()
        for browser, text in texts.items():
            data = {"file": (io.BytesIO(text.encode()), "bookmarks.html", "text/html")}
            started = time.perf_counter()
            answer = client.post(
                "/api/v1/resources/import",
                data=data,
                content_type="multipart/form-data",
                headers={"Authorization": f"Bearer {tokens[browser]}"},
            )
            took = time.perf_counter() - started
            print(f"  {browser:<8} {answer.status_code} in {took:.2f} s: {answer.get_json()}", flush=True)
        with app.app_context():
            db.engine.dispose()


MEMORY = """
import tracemalloc
from server.bank import bookmarks
from server.bank.importing import _wanted
text = {make}
tracemalloc.start()
try:
    wanted, _ = _wanted(bookmarks.read(text, limits=bookmarks.Limits(depth=10**9, folders=10**9)))
    outcome = f"{{len(wanted)}} links"
except bookmarks.TooMuch as refused:
    outcome = f"refused: {{refused.reason}}"
print(tracemalloc.get_traced_memory()[1] / 2**20, outcome)
"""
NESTED = (
    "''.join('<DT><H3>f%d</H3><DL><p>' % n for n in range(16000))"
    " + ''.join('<DT><A HREF=\"https://example.com/%d\">x</A>' % n for n in range(1000))"
)


def memory() -> None:
    """The most memory (MiB, Python's allocations, traced) that reading the file and gathering each
    link's tags takes, in a fresh process: with the depth and folder limits lifted (what sharing the
    path saves) and as served (what the limits refuse). Before the path was shared: 135 MiB."""
    for lifted in (True, False):
        code = MEMORY.format(make=NESTED)
        if not lifted:
            code = code.replace("limits=bookmarks.Limits(depth=10**9, folders=10**9)", "")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        peak, outcome = out.split(" ", 1)
        label = "limits lifted" if lifted else "as served"
        print(f"  16,000 nested folders, 1,000 links, {label}: {float(peak):.1f} MiB at most ({outcome.strip()})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=f"0.1,0.4,1.6,6.4,{IMPORT_MAX_BYTES / MB:.2f}")
    parser.add_argument("--bookmarks", type=int, default=10_000)
    args = parser.parse_args(argv)
    sizes = [int(float(size) * MB) for size in args.sizes.split(",")]
    print(f"Exports of {args.bookmarks:,} bookmarks (upload limit {IMPORT_MAX_BYTES / 2**20:.0f} MiB):")
    texts = export_sizes(args.bookmarks)
    print("\nReading, CPU ms per MB (best of three):")
    per_megabyte(sizes)
    print("\nMemory while reading:")
    memory()
    print(f"\nThe whole import of {args.bookmarks:,} bookmarks (SQLite, Flask test client):")
    whole_imports(texts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
