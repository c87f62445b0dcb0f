#!/usr/bin/env python3
"""Static census of the Python constructs that the configs of the real-config corpus use.

    scan.py DIR [--corpus FILE] [--probe RETURNN] [--top N] [--examples K]

DIR holds the configs as `run.sh --keep DIR` lays them out (DIR/ID/PATH). Each config is parsed
with Python's own `ast` module (plain python3, no other dependency) and every construct is
counted once per config, split into:

  eval:  code that runs when the config is evaluated (`++task nop`): module-level statements,
         class bodies, and the bodies of the config's functions that module-level code calls
         (directly or through other such functions, or through map/filter/sorted/min/max);
  def:   code that is only defined: bodies of functions that nothing at evaluation time calls
         (network-construction helpers, eval-layer functions, lambdas in dataset options).

Constructs: statement kinds (try, with, class, raise, ...), imports (module and names), uses of
imported modules' attributes (`os.path.exists`, `numpy.linspace`, names imported with `from`),
builtins, method names called on values, and notes (sys.path changes, os.environ, file reads,
subprocess calls, locals()/globals()).

With --probe RETURNN, each construct that evaluation-time code uses is also tried on its own in a
small probe config (`RETURNN PROBE --dump-config`), and the census says whether that binary
accepts it; the ranked list of the ones it refuses is what stops the corpus. A probe only
references a module attribute or builtin (it does not call it with the config's arguments) and
writes a minimal statement, so "accepted" means the name or statement is known, not that every
use of it works.
"""

import argparse
import ast
import builtins
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

ITERATING_CALLS = {"map", "filter", "sorted", "min", "max", "any", "all", "sum", "list", "tuple", "dict", "set"}
BUILTIN_NAMES = set(dir(builtins))
STATEMENT_KINDS = {
    ast.Try: "try/except",
    ast.Raise: "raise",
    ast.Assert: "assert",
    ast.With: "with",
    ast.ClassDef: "class",
    ast.Global: "global",
    ast.Nonlocal: "nonlocal",
    ast.Delete: "del",
    ast.While: "while",
    ast.Lambda: "lambda",
    ast.Yield: "yield",
    ast.YieldFrom: "yield from",
    ast.NamedExpr: "walrus :=",
    ast.AsyncFunctionDef: "async def",
    ast.Await: "await",
    ast.GeneratorExp: "generator expression",
    ast.SetComp: "set comprehension",
    ast.Set: "set literal",
    ast.JoinedStr: "f-string",
    ast.Starred: "star-args *x",
}
if hasattr(ast, "TryStar"):
    STATEMENT_KINDS[ast.TryStar] = "try/except*"


def read_corpus(path):
    """The corpus rows as dicts (header line names the columns)."""
    rows = []
    with open(path) as f:
        header = None
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                continue
            rows.append(dict(zip(header, cols)))
    return rows


class Census:
    """Construct -> config id -> (eval or def) -> first example (line, text)."""

    def __init__(self):
        self.uses = defaultdict(lambda: defaultdict(dict))
        self.probes = {}  # construct -> a minimal config text using it, as the config wrote it
        self.call_probes = set()  # constructs whose probe calls the name with the config's literal arguments
        self.def_probes = {}  # construct -> probe text taken from a use in a function not called at evaluation

    def add(self, key, cid, executed, line, text):
        where = "eval" if executed else "def"
        self.uses[key][cid].setdefault(where, (line, text.strip()[:140]))


class ConfigScanner:
    """Walks one config's AST and records its constructs into a Census."""

    def __init__(self, cid, source, census):
        self.cid = cid
        self.lines = source.splitlines()
        self.census = census
        self.tree = ast.parse(source)
        self.import_code = {}
        self.top_funcs = {n.name: n for n in self.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        self.module_aliases = self.import_aliases(self.tree.body, top_level_only=True)
        self.executed_funcs = self.find_executed_functions()

    def text(self, node):
        i = getattr(node, "lineno", 1) - 1
        return self.lines[i] if 0 <= i < len(self.lines) else ""

    def add(self, key, executed, node, probe=None, is_call=False):
        self.census.add(key, self.cid, executed, getattr(node, "lineno", 0), self.text(node))
        # The first probe, or the first that calls with literal arguments as the config does.
        if probe and executed and (key not in self.census.probes or (is_call and key not in self.census.call_probes)):
            self.census.probes[key] = probe
            if is_call:
                self.census.call_probes.add(key)
        if probe and not executed:
            self.census.def_probes.setdefault(key, probe)

    def use_probe(self, name, node, parents):
        """A probe config for a use of an imported name: the config's import, then the use; a call
        as the config wrote it when all its arguments are literals, else a reference."""
        code = self.import_code.get(name.split(".")[0])
        if code is None:
            return None, False

        def literal(a):
            if isinstance(a, ast.Name) and a.id in BUILTIN_NAMES:
                return True
            try:
                ast.literal_eval(a)
                return True
            except (ValueError, SyntaxError, TypeError):
                return False

        # Climb the chain of calls with literal arguments, attributes and literal subscripts
        # around the use, e.g. check_output(["hostname"]).strip().decode("utf8").
        top, cur, called = node, node, False
        while True:
            p = parents.get(id(cur))
            if isinstance(p, ast.Call) and p.func is cur and all(literal(a) for a in list(p.args) + [k.value for k in p.keywords]):
                top = cur = p
                called = True
            elif isinstance(p, ast.Attribute) and p.value is cur:
                cur = p
            elif isinstance(p, ast.Subscript) and p.value is cur and literal(p.slice):
                cur = p
                top = p if called else top
            else:
                break
        if called:
            return code + "\n_probe = " + ast.unparse(top) + "\n", True
        return code + "\n_probe = " + name + "\n", False

    def import_aliases(self, body, top_level_only=False):
        """Name -> dotted origin for import statements in body (not descending into defs if top_level_only)."""
        aliases = {}
        nodes = body if top_level_only else [n for stmt in body for n in ast.walk(stmt)]
        todo = list(nodes)
        while todo:
            n = todo.pop()
            if isinstance(n, ast.Import):
                for a in n.names:
                    if a.asname:
                        aliases[a.asname] = a.name
                        self.import_code[a.asname] = "import %s as %s" % (a.name, a.asname)
                    else:
                        aliases[a.name.split(".")[0]] = a.name.split(".")[0]
                        self.import_code[a.name.split(".")[0]] = "import " + a.name
            elif isinstance(n, ast.ImportFrom):
                mod = "." * n.level + (n.module or "")
                for a in n.names:
                    aliases[a.asname or a.name] = mod + "." + a.name
                    self.import_code[a.asname or a.name] = "from %s import %s" % (mod, a.name) + (" as " + a.asname if a.asname else "")
            elif top_level_only and isinstance(n, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
                for field in ("body", "orelse", "finalbody", "handlers"):
                    for c in getattr(n, field, []):
                        todo.extend(c.body if isinstance(c, ast.ExceptHandler) else [c])
        return aliases

    def module_level_nodes(self):
        """Statements that run at evaluation time, without the bodies of defs and lambdas."""
        out = []

        def visit(node):
            out.append(node)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # the def statement itself runs (decorators, defaults), its body does not
                for d in node.decorator_list + node.args.defaults + node.args.kw_defaults:
                    if d is not None:
                        visit(d)
                return
            if isinstance(node, ast.Lambda):
                return
            for child in ast.iter_child_nodes(node):
                visit(child)

        for stmt in self.tree.body:
            visit(stmt)
        return out

    def called_names(self, nodes):
        """Top-level function names called (or handed to an iterating builtin) among nodes."""
        names = set()
        for n in nodes:
            if not isinstance(n, ast.Call):
                continue
            if isinstance(n.func, ast.Name) and n.func.id in self.top_funcs:
                names.add(n.func.id)
            if isinstance(n.func, ast.Name) and n.func.id in ITERATING_CALLS:
                for a in list(n.args) + [k.value for k in n.keywords]:
                    if isinstance(a, ast.Name) and a.id in self.top_funcs:
                        names.add(a.id)
        return names

    def body_nodes(self, func):
        """All nodes of a function body, nested defs included."""
        return [n for stmt in func.body for n in ast.walk(stmt)]

    def find_executed_functions(self):
        todo = list(self.called_names(self.module_level_nodes()))
        done = set()
        while todo:
            name = todo.pop()
            if name in done:
                continue
            done.add(name)
            todo.extend(self.called_names(self.body_nodes(self.top_funcs[name])) - done)
        return done

    def scan(self):
        module_nodes = self.module_level_nodes()
        self.scan_nodes(module_nodes, True, self.module_aliases)
        for node in module_nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                top = self.top_funcs.get(getattr(node, "name", None)) is node
                self.scan_function(node, top and node.name in self.executed_funcs, self.module_aliases)

    def scan_function(self, func, executed, outer_aliases):
        """A function's or lambda's body; nested functions see the imports of the enclosing ones."""
        body = func.body if isinstance(func.body, list) else [func.body]
        nodes, nested = [], []
        for stmt in body:
            stack = [stmt]
            while stack:
                n = stack.pop()
                nodes.append(n)
                for c in ast.iter_child_nodes(n):
                    if isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                        nodes.append(c)  # the def statement; its body is scanned below
                        nested.append(c)
                        continue
                    stack.append(c)
        aliases = dict(outer_aliases)
        aliases.update(self.import_aliases(body))
        self.scan_nodes(nodes, executed, aliases)
        called = {n.func.id for n in nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        for c in nested:
            name = getattr(c, "name", None)
            self.scan_function(c, executed and name in called, aliases)

    def first_assignments(self):
        """Name -> first line where module-level code binds it (assignments, for, def, class)."""
        if getattr(self, "_first_assign", None) is None:
            first = {}
            for n in self.module_level_nodes():
                targets = []
                if isinstance(n, ast.Assign):
                    targets = n.targets
                elif isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.For)):
                    targets = [n.target]
                elif isinstance(n, ast.withitem) and n.optional_vars is not None:
                    targets = [n.optional_vars]
                    n = n.optional_vars
                for t in targets:
                    for m in ast.walk(t):
                        if isinstance(m, ast.Name):
                            first[m.id] = min(first.get(m.id, n.lineno), n.lineno)
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n in self.tree.body:
                    first[n.name] = min(first.get(n.name, n.lineno), n.lineno)
            self._first_assign = first
        return self._first_assign

    def dotted(self, node):
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        return None

    def scan_nodes(self, nodes, executed, aliases):
        # A builtin's name that the config assigns (e.g. a dataset called `eval`) is still the
        # builtin in module-level code before the first assignment.
        first_assign = self.first_assignments()

        def is_builtin(name, line):
            if name not in BUILTIN_NAMES or name in aliases:
                return False
            if name not in first_assign:
                return True
            return executed and line < first_assign[name] and nodes is not None and in_module_code
        in_module_code = nodes is not None and aliases is self.module_aliases
        parents = {}
        for n in nodes:
            for c in ast.iter_child_nodes(n):
                parents[id(c)] = n
        for n in nodes:
            for cls, kind in STATEMENT_KINDS.items():
                if isinstance(n, cls):
                    key = "statement: " + kind
                    if isinstance(n, ast.With):
                        ctx = n.items[0].context_expr
                        f = ctx.func if isinstance(ctx, ast.Call) else ctx
                        name = self.dotted(f) or "?"
                        head = name.split(".")[0]
                        if head in aliases:
                            name = aliases[head] + name[len(head):]
                        key = "statement: with " + name + "(...)"
                    if isinstance(n, ast.ClassDef):
                        bases = [self.dotted(b) or "?" for b in n.bases]
                        key = "statement: class" + ("(" + ", ".join(bases) + ")" if bases else "")
                    if isinstance(n, ast.Try):
                        parts = ["try"] + ["except"] * bool(n.handlers) + ["else"] * bool(n.orelse) + ["finally"] * bool(n.finalbody)
                        key = "statement: " + "/".join(parts)
                    self.add(key, executed, n)
            if isinstance(n, (ast.Import, ast.ImportFrom)):
                if isinstance(n, ast.Import):
                    for a in n.names:
                        self.add("import " + a.name, executed, n)
                else:
                    mod = "." * n.level + (n.module or "")
                    for a in n.names:
                        self.add("from " + mod + " import " + a.name, executed, n)
            if isinstance(n, ast.Attribute) and not isinstance(parents.get(id(n)), ast.Attribute):
                name = self.dotted(n)
                if name:
                    head = name.split(".")[0]
                    if head in aliases:
                        probe, is_call = self.use_probe(name, n, parents)
                        self.add("use " + aliases[head] + name[len(head):], executed, n, probe, is_call)
                    elif head == "config":
                        self.import_code.setdefault("config", "")
                        probe, is_call = self.use_probe(name, n, parents)
                        self.add("use config." + name.split(".")[1], executed, n, probe, is_call)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                if n.id in aliases and "." in aliases[n.id] and not aliases[n.id].startswith("."):
                    parent = parents.get(id(n))
                    if not isinstance(parent, ast.Attribute):
                        probe, is_call = self.use_probe(n.id, n, parents)
                        self.add("use " + aliases[n.id], executed, n, probe, is_call)
                elif is_builtin(n.id, n.lineno):
                    if n.id not in ("True", "False", "None"):
                        self.add("builtin " + n.id, executed, n)
                elif n.id in ("__file__", "__name__"):
                    self.add("name " + n.id, executed, n)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
                base = n.func.value
                base_name = self.dotted(base)
                if not (base_name and base_name.split(".")[0] in aliases) and base_name != "config":
                    self.add("method ." + n.func.attr + "()", executed, n)
            self.notes(n, executed, aliases)

    def notes(self, n, executed, aliases):
        if not isinstance(n, ast.Call):
            if isinstance(n, ast.Attribute) and self.dotted(n) in ("os.environ",):
                self.add("note: os.environ", executed, n)
            return
        name = self.dotted(n.func) or ""
        head = name.split(".")[0]
        full = aliases[head] + name[len(head):] if head in aliases else name
        if full.startswith("sys.path."):
            arg = ast.unparse(n.args[-1]) if n.args else ""
            kind = "absolute path" if arg.startswith(("'/", '"/')) else "computed or relative path"
            self.add("note: sys.path." + full.split(".")[2] + " of a " + kind, executed, n)
        if full in ("open", "gzip.open", "io.open", "codecs.open", "numpy.loadtxt", "numpy.load", "pickle.load", "json.load"):
            self.add("note: file read " + full + "(...)", executed, n)
        if full.startswith("subprocess."):
            arg = ast.unparse(n.args[0])[:40] if n.args else ""
            self.add("note: " + full + "(" + arg + ")", executed, n)
        if full in ("locals", "globals", "vars") or name.endswith("locals().update") or name.endswith("globals().update"):
            self.add("note: " + full + "()", executed, n)


def probe(returnn, construct, workdir, census, in_def=False):
    """Whether the binary accepts a minimal config that uses the construct (inside a function that is
    never called when in_def), the probe text, and the binary's first error line; None if not probeable."""
    code = None
    if construct.startswith("import "):
        code = construct + "\n"
    elif construct.startswith("from "):
        code = construct + "\n"
    elif construct.startswith("use "):
        code = census.def_probes.get(construct) if in_def else census.probes.get(construct)
        code = code or census.probes.get(construct) or census.def_probes.get(construct)
    elif construct.startswith("name "):
        code = "_probe = %s\n" % construct[5:]
    elif construct.startswith("builtin "):
        code = "_probe = %s\n" % construct[8:]
    elif construct.startswith("statement: "):
        kind = construct[len("statement: "):]
        snippets = {
            "try/except": "try:\n    x = 1\nexcept Exception:\n    x = 2\n",
            "try/except/else": "try:\n    x = 1\nexcept ValueError:\n    x = 2\nelse:\n    x = 3\n",
            "try/finally": "try:\n    x = 1\nfinally:\n    y = 2\n",
            "try/except/finally": "try:\n    x = 1\nexcept Exception:\n    x = 2\nfinally:\n    y = 2\n",
            "raise": "if False:\n    raise ValueError('x')\n",
            "assert": "assert 1 == 1, 'x'\n",
            "class": "class A:\n    x = 1\n",
            "global": "def f():\n    global g\n    g = 1\nf()\n",
            "del": "x = {'a': 1}\ndel x['a']\n",
            "while": "i = 0\nwhile i < 3:\n    i += 1\n",
            "lambda": "f = lambda x: x + 1\ny = f(1)\n",
            "generator expression": "y = sum(x for x in [1, 2])\n",
            "set literal": "y = {1, 2}\n",
            "set comprehension": "y = {x for x in [1, 2]}\n",
            "f-string": "a = 1\ny = f'{a}b'\n",
            "star-args *x": "def f(*a, **k):\n    return a\ny = f(*[1, 2], **{'b': 3})\n",
            "yield": "def g():\n    yield 1\ny = list(g())\n",
            "walrus :=": "y = (z := 1)\n",
        }
        if kind.startswith("class("):
            code = "class B:\n    pass\nclass A(B):\n    x = 1\n"
        elif kind.startswith("with "):
            code = "with open('probe.txt') as f:\n    y = f.read()\n" if in_def else None
        else:
            code = snippets.get(kind)
    elif construct.startswith("note: locals()") or construct.startswith("note: globals()"):
        code = "config = {'x': 1}\n%s().update(**config)\n" % construct[6:].split("(")[0]
    if code is None:
        return None, None, None
    if in_def:
        code = "def _probe_never_called():\n" + "".join("    " + l + "\n" for l in code.splitlines()) + "    return None\n"
    path = os.path.join(workdir, "probe.config")
    with open(path, "w") as f:
        f.write("#!rnn.py\n" + code)
    try:
        r = subprocess.run([returnn, path, "--dump-config"], capture_output=True, text=True, timeout=20, cwd=workdir)
    except subprocess.TimeoutExpired:
        return False, code, "timeout"
    errors = [l for l in (r.stderr + r.stdout).splitlines() if "error" in l.lower()] or (r.stderr + r.stdout).splitlines()[-1:]
    return r.returncode == 0, code, (errors[0] if errors else "")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="directory made by run.sh --keep DIR")
    ap.add_argument("--corpus", default=os.path.join(here, "corpus.tsv"))
    ap.add_argument("--probe", metavar="RETURNN", help="returnn binary to probe each evaluation-time construct with")
    ap.add_argument("--top", type=int, default=0, help="print only the N most used constructs per section")
    ap.add_argument("--examples", type=int, default=2, help="examples per construct")
    ap.add_argument("--all", action="store_true", help="list every name used only in functions not called at evaluation time")
    args = ap.parse_args()

    census = Census()
    scanned = 0
    expected_eval = {row["id"] for row in read_corpus(args.corpus) if row.get("expected") == "evaluates"}
    for row in read_corpus(args.corpus):
        path = os.path.join(args.dir, row["id"], row["path"])
        if not os.path.exists(path):
            print("not materialised (run run.sh --keep %s first): %s" % (args.dir, path), file=sys.stderr)
            continue
        source = open(path, encoding="utf8", errors="replace").read()
        scanned += 1
        if not source.strip().startswith("#!") and not path.endswith(".py"):
            # as upstream's Config.load_file: only "#!..." files are Python; "{" is JSON, else line format
            census.add("not Python: JSON or line-format config", row["id"], True, 1, source.strip().split("\n")[0])
            continue
        try:
            ConfigScanner(row["id"], source, census).scan()
        except SyntaxError as e:
            census.add("syntax error (not Python 3)", row["id"], True, e.lineno or 0, str(e))

    def n_where(uses, where):
        return sum(1 for c in uses.values() if where in c)

    sections = [
        ("statements", lambda k: k.startswith("statement: ") or k.startswith("syntax error") or k.startswith("not Python")),
        ("imports", lambda k: k.startswith("import ") or k.startswith("from ")),
        ("module attributes and imported names", lambda k: k.startswith("use ") and not k.startswith("use config.")),
        ("builtins", lambda k: k.startswith("builtin ")),
        ("notes (sys.path, os.environ, file reads, subprocess, locals/globals, __file__)", lambda k: k.startswith("note: ") or k.startswith("name ")),
        ("config object methods", lambda k: k.startswith("use config.")),
        ("methods called on values", lambda k: k.startswith("method ")),
    ]
    workdir = tempfile.mkdtemp() if args.probe else None
    if args.probe:
        args.probe = os.path.abspath(args.probe)
        if not os.access(args.probe, os.X_OK):
            sys.exit("scan.py: --probe %s is not an executable" % args.probe)
    refused = []
    refused_in_def = []
    if args.probe:
        # Constructs that only uncalled functions use still have to parse (and their imports to
        # resolve lazily): probe each inside a function that is never called.
        for k, uses in census.uses.items():
            if k.startswith(("method ", "note: ", "not Python", "syntax error")):
                continue
            if any("eval" not in c for c in uses.values()):
                ok, code, err = probe(args.probe, k, workdir, census, in_def=True)
                if ok is False:
                    refused_in_def.append((k, uses, code, err))
    print("scanned %d configs; counts are configs (eval = used at evaluation time, def = only in functions not called then)" % scanned)
    for title, pred in sections:
        keys = [k for k in census.uses if pred(k)]
        keys.sort(key=lambda k: (-n_where(census.uses[k], "eval"), -len(census.uses[k]), k))
        print("\n## %s\n" % title)
        collapse = not args.all and title.startswith(("module attributes", "methods", "builtins"))
        if collapse:
            # Names used only in functions not called at evaluation time need parsing only:
            # one line per module (or one line for methods/builtins) instead of one per name.
            def_only = [k for k in keys if not n_where(census.uses[k], "eval")]
            keys = [k for k in keys if n_where(census.uses[k], "eval")]
            groups = defaultdict(lambda: [0, set()])
            for k in def_only:
                name = k.split(" ", 1)[1]
                root = name.split(".")[0] if title.startswith("module") else k.split(" ")[0]
                if title.startswith("module") and name.startswith("returnn."):
                    root = ".".join(name.split(".")[:-1]) if name.count(".") >= 2 else name
                groups[root][0] += 1
                groups[root][1].update(census.uses[k])
        if args.top:
            keys = keys[: args.top]
        for k in keys:
            uses = census.uses[k]
            ne, nd = n_where(uses, "eval"), sum(1 for c in uses.values() if "eval" not in c)
            verdict = ""
            if args.probe and ne:
                ok, code, err = probe(args.probe, k, workdir, census)
                verdict = {True: "  [accepted]", False: "  [REFUSED]", None: ""}[ok]
                if ok is False:
                    refused.append((ne, k, uses, code, err))
            print("%3d eval %3d def  %s%s" % (ne, nd, k, verdict))
            shown = 0
            for cid in sorted(uses, key=lambda c: ("eval" not in uses[c], c)):
                where = "eval" if "eval" in uses[cid] else "def"
                line, text = uses[cid][where]
                print("          %s:%d (%s): %s" % (cid, line, where, text))
                shown += 1
                if shown >= args.examples:
                    break
        if collapse and groups:
            print("  only in functions not called at evaluation time (--all lists each):")
            for root, (n, ids) in sorted(groups.items(), key=lambda t: (-len(t[1][1]), t[0])):
                print("      %3d configs  %s%s (%d names)" % (len(ids), root, ".*" if title.startswith("module") else "", n))
    if args.probe:
        print("\n## refused by %s, ranked by the configs expected to evaluate that use them at evaluation time" % args.probe)
        print("   (first count: configs expected to evaluate; in brackets: all configs that use it)\n")

        def n_expected(uses):
            return sum(1 for c in uses if "eval" in uses[c] and c in expected_eval)

        for ne, k, uses, code, err in sorted(refused, key=lambda t: (-n_expected(t[2]), -t[0], t[1])):
            ids = sorted(c for c in uses if "eval" in uses[c])
            ids = [c + ("" if c in expected_eval else "(stops)") for c in ids]
            probe_text = " | ".join(l for l in code.splitlines() if l)
            print("%3d (%d)  %s\n       configs: %s\n       probe:   %s\n       answer:  %s" % (
                n_expected(uses), ne, k, " ".join(ids), probe_text, err.replace(workdir + "/", "")[:300]))
        print("\n## refused by %s even inside a function that evaluation never calls (so every config that" % args.probe)
        print("   has it anywhere stops), ranked the same way\n")

        def n_any_expected(uses):
            return sum(1 for c in uses if c in expected_eval)

        for k, uses, code, err in sorted(refused_in_def, key=lambda t: (-n_any_expected(t[1]), -len(t[1]), t[0])):
            ids = [c + ("" if c in expected_eval else "(stops)") for c in sorted(uses)]
            probe_text = " | ".join(l for l in code.splitlines() if l)
            print("%3d (%d)  %s\n       configs: %s\n       probe:   %s\n       answer:  %s" % (
                n_any_expected(uses), len(uses), k, " ".join(ids), probe_text, err.replace(workdir + "/", "")[:300]))


if __name__ == "__main__":
    main()
