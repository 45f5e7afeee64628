"""Time and peak memory of the whole pipeline on pathological text, one fresh process a case.

``python -m geo.evaluation.long_text [--sizes 50000,100000,1000000,5000000] [--timeout 600]``
reads through (spaCy NER, the grammar parse, figures, events, placing: what ``atlas extract``
runs) two kinds of text at each size: one sentence with no full stop made of a clause with two
counts of people repeated ("12 civilians were killed and 300 people displaced in Idlib, ..."),
and one "word" of letters with no space at all. Each case runs in a child process so its peak
resident memory is its own; a case over ``--timeout`` seconds is stopped and reported as such.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date

CLAUSE = "12 civilians were killed and 300 people displaced in Idlib, "
LETTERS = "qwertyuiopasdfghjklzxcvbnm"
KINDS = ("clauses", "letters")
DEFAULT_SIZES = (50_000, 100_000, 1_000_000, 5_000_000)


def pathological_text(kind: str, size: int) -> str:
    """``size`` characters of one kind of pathological text (see the module's docstring)."""
    unit = CLAUSE if kind == "clauses" else LETTERS
    return (unit * (size // len(unit) + 1))[:size]


def _one(kind: str, size: int) -> dict[str, object]:
    """Run one case in this process (the child's side) and describe it."""
    from extract.records import Document
    from geo.pipeline import default_nlp, extract

    default_nlp()
    text = pathological_text(kind, size)
    started = time.perf_counter()
    result = extract([Document(id="bench", text=text, published=date(2020, 1, 1))])
    took = time.perf_counter() - started
    figures = sum(1 for row in result.rows if row["kind"] == "figure")
    return {
        "kind": kind,
        "size": size,
        "seconds": round(took, 2),
        "figures": figures,
        "failures": [f.reason for f in result.failures],
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.evaluation.long_text")
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_one(args.child[0], int(args.child[1]))))
        return 0
    print(f"{'text':<8} {'size':>10} {'seconds':>8} {'peak MB':>8} {'figures':>8}")
    for kind in args.kinds.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            command = [sys.executable, "-m", "geo.evaluation.long_text", "--child", kind, str(size)]
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, timeout=args.timeout, check=True
                )
            except subprocess.TimeoutExpired:
                print(f"{kind:<8} {size:>10,} {'> ' + str(int(args.timeout)):>8} (stopped)")
                continue
            except subprocess.CalledProcessError as err:
                print(f"{kind:<8} {size:>10,} failed: {err.stderr.strip().splitlines()[-1:]}")
                continue
            row = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{kind:<8} {size:>10,} {row['seconds']:>8} {row['peak_mb']:>8} "
                f"{row['figures']:>8}"
                + (f" failures: {row['failures']}" if row["failures"] else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
