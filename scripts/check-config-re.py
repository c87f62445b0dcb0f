#!/usr/bin/env python3
"""Compares the config sandbox's `re` with CPython's on a grid of patterns and strings.

Every pattern (classes, anchors, lookaround, lazy/greedy, named groups and backreferences,
inline flags, verbose comments, Unicode) runs against every string with findall, split, sub
(with `\\g<0>`), search (groups and span) and fullmatch, in CPython and inside one config with
`returnn CONFIG --dump-config`; prints the mismatches and exits non-zero if there are any that
docs/differences.md does not list (ICU's full case folding: `(?i)straße` also matches STRASSE).

Usage: check-config-re.py
Environment: RETURNN_BIN (default: .build/release/returnn below the repository root).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PATTERNS = [
    r"\d+", r"\w+", r"\s+", r"\bfoo\b", r"(?<=a)b", r"(?<!a)b", r"a.*?b", r"a.*b", r"^\w+$", r"(\w+)@(\w+)\.com",
    r"[^\W\d_]+", r"\D+", r"\S+", r"x?", r"(a|b)*c", r"(?:ab)+", r"[a-c\d]+", r"\.", r"a{2,3}", r"a{,2}",
    r"(\d)(?=(\d{3})+$)", r"\\", r"[\]\[]", r"(?m)^a", r"(?s)a.b", r"(?x) a b  # comment", r"[-a]", r"[a-]",
    r"\u00e9", r"\x41", r"(?P<x>a)(?P=x)", r"\t", r"[\s\S]", r"$", r"^", r"(?:)", r"(a)|(b)", r"\Aa", r"a\Z",
    r"(?i)[a-z]+", r"(?i:A)b", r"{x}", r"a|ab", r"(?P<first>\w)(?P<rest>\w*)", "(?i)stra\u00dfe",
]
STRINGS = ["foo bar foo", "ab cb aab", "a1b22c333", "x@y.com, z@w.com", "\u00c4\u00e4\u00d6 12 \u0663\u0664 \uff19",
           "a\nb\r\nc", "aaab aabb", "1234567", "", "\\[a]", "\u00e9\u00c9 A\t", "aa a", "{x} \U0001f600ab",
           "stra\u00dfe STRASSE"]
# Listed in docs/differences.md.
KNOWN = ["(?i)stra\u00dfe"]


def expressions():
    out = []
    for p in PATTERNS:
        for s in STRINGS:
            out += ["re.findall(%r, %r)" % (p, s), "re.split(%r, %r)" % (p, s), "re.sub(%r, '<\\\\g<0>>', %r)" % (p, s),
                    "(lambda m: m and (m.group(), m.groups(), m.span()))(re.search(%r, %r))" % (p, s),
                    "bool(re.fullmatch(%r, %r))" % (p, s)]
        out.append("[m.span() for m in re.finditer(%r, %r)]" % (p, STRINGS[0]))
    return out


def main():
    binary = os.environ.get("RETURNN_BIN", os.path.join(ROOT, ".build/release/returnn"))
    exprs = expressions()
    expected = []
    for e in exprs:
        try:
            expected.append(repr(eval(e, {"re": re})))
        except Exception:
            expected.append("error")
    lines = ["#!returnn.py", "import re", "results = []"]
    for e in exprs:
        lines += ["try:", "    results.append(repr(%s))" % e, "except Exception:", "    results.append('error')"]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "re-check.config")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        out = subprocess.run([binary, path, "--dump-config"], capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr)
        sys.exit("returnn failed")
    got = json.loads(out.stdout)["results"]
    bad = [(e, x, y) for e, x, y in zip(exprs, expected, got) if x != y]
    unexplained = [b for b in bad if not any(k in b[0] for k in KNOWN)]
    for e, x, y in bad[:30]:
        print("MISMATCH %s\n  CPython: %s\n  sandbox: %s" % (e, x, y))
    print("%d expressions, %d mismatches (%d unexplained)" % (len(exprs), len(bad), len(unexplained)))
    sys.exit(1 if unexplained else 0)


if __name__ == "__main__":
    main()
