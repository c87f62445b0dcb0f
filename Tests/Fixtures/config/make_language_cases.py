#!/usr/bin/env python3
"""Generates language_cases.txt: config-language snippets and the repr() CPython gives for `x`.

Each snippet runs in a fresh namespace; the Swift test (ReturnnConfigTests/InterpreterTests)
evaluates the same snippet with the config interpreter and compares repr(x).
Run: python3 make_language_cases.py > language_cases.txt
"""
import math

CASES = [
    # literals and arithmetic
    "x = 1 + 2 * 3 - 4 // 3 + 7 % 3 + 2 ** 10",
    "x = (-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7.5 // 2, 7.5 % -2)",
    "x = (1 / 4, 3 / 3, 2 ** -1, 10 / 4 * 2)",
    "x = (0x1F, 0o17, 0b101, 1_000_000, 1e-16, 1.5e3, .5, 5.)",
    "x = (1 << 4, 256 >> 2, 6 & 3, 6 | 3, 6 ^ 3, ~5, -(-3), +4)",
    "x = (True + True, True * 3, 1 == 1.0, 0.1 + 0.2, 1e16, 1e-5, 123456789.0, 2.5e-7)",
    "x = (float('inf'), -float('inf'), 1e300 * 10, float('1e-3'), float(' 2.5 '), int('  42 '), int('ff', 16), int(3.9), int(-3.9))",
    # strings
    "x = 'a' \"b\" '''c''' \"\"\"d\"\"\" + 'e' * 3",
    r"""x = ('tab\there', 'nl\n', 'q\'s', "dq\"", r'raw\n', '\x41\u00e9\101', b'by\x00tes')""",
    "x = ['it\\'s', 'say \"hi\"', 'both \\' and \"', '\\\\']",
    "x = '%s-%d-%05.2f-%r-%x-%-4s|-%+d-%%' % ('a', 7, 3.14159, 'q', 255, 'ab', 5)",
    "x = '%(name)s is %(age)03d' % {'name': 'bob', 'age': 7}",
    "x = '%s' % [1, 2]",
    "x = '%g %g %g %e %.3g' % (0.0001, 1e-5, 123456789.0, 12.5, 2.0/3)",
    "x = '{} {} {}'.format(1, 'a', [1])",
    "x = '{0}{1}{0} {name} {d[k]} {l[1]}'.format('a', 'b', name='n', d={'k': 'v'}, l=[5, 6])",
    "x = '{:>6}|{:<6}|{:^6}|{:*^7}|{:06.2f}|{:+d}|{:,}|{:.1%}|{:x}|{:#x}|{:e}|{!r}'.format('r', 'l', 'c', 'm', 3.14159, 5, 1234567, 0.25, 255, 255, 1234.5, 's')",
    "x = '{:g} {:g} {:.3g} {} {} {:.2f}'.format(1e-5, 123456789.0, 1234.5678, 1.0, 1e20, -0.004)",
    "a = 3; b = 'q'; x = f'{a} {a + 1} {b!r} {a:03d} {a * 1.5:.2f} {{lit}} {\"in\"} {[a][0]}'",
    "w = 8; x = f'{3.14159:.{w - 5}f} {\"r\":>{w}}'",
    "v = 7; x = f'{v=} {v = }'",
    "x = ('a,b,,c'.split(','), ' a  b '.split(), 'a b c'.split(' ', 1), 'a-b-c'.rsplit('-', 1), ','.join(['x', 'y']))",
    "x = ('  pad '.strip(), 'xxhixx'.strip('x'), '  l'.lstrip(), 'r  '.rstrip(), 'Hello'.lower(), 'Hello'.upper())",
    "x = ('abc'.startswith('ab'), 'abc'.endswith(('x', 'c')), 'a.b.c'.replace('.', '/'), 'aaa'.replace('a', 'b', 2), 'abc'.find('c'), 'abc'.find('z'))",
    "x = ('hello'[1], 'hello'[-1], 'hello'[1:3], 'hello'[::-1], 'hello'[::2], 'hello'[-3:], 'hello'[:-10])",
    "x = ('ab' in 'cabd', 'z' not in 'abc', len('héllo'), 'a' < 'b', 'B' < 'a', str(12) + str(1.5) + str(None) + str(True))",
    "x = ('x'.zfill(3), '7'.zfill(3), 'ab'.center(6, '*'), 'ab'.ljust(4) + '|', 'ab'.rjust(4), 'a=b=c'.partition('='))",
    # containers
    "x = [1, 2] + [3] * 2 + list((4, 5)) + list('ab')",
    "x = (1,) + (2, 3) * 2 + tuple([4])",
    "a = [3, 1, 2]; a.append(0); a.extend([9]); a.insert(1, 7); p = a.pop(); q = a.pop(0); a.remove(1); a.sort(); x = (a, p, q, a.index(2), a.count(7))",
    "a = [3, 1, 2]; a.sort(reverse=True); b = sorted(['bb', 'a', 'ccc'], key=len); c = sorted([3, 1, 2], reverse=True); x = (a, b, c, list(reversed(a)))",
    "a = [1, 2, 3, 4, 5]; a[1] = 20; a[-1] = 50; a[2:4] = [0]; del a[0]; x = a",
    "a = [1, 2, 3, 4, 5, 6]; x = (a[1:4], a[::2], a[::-2], a[-2:], a[:100], a[4:1], a[1:-1:2])",
    "d = {'a': 1, 'b': 2}; d['c'] = 3; d['a'] = 10; del d['b']; x = (d, list(d.keys()), list(d.values()), list(d.items()), d.get('z'), d.get('z', 0), 'a' in d, len(d))",
    "d = {'a': 1}; e = d.copy(); e['b'] = 2; f = d; f['c'] = 3; x = (d, e, f is d, e is d)",
    "train = {'class': 'T', 'num_seqs': 1000}; dev = train.copy(); dev.update({'num_seqs': 100, 'fixed_random_seed': 1}); x = (train, dev)",
    "d = {'a': 1}; d.update(b=2); d.update([('c', 3)]); v = d.pop('a'); w = d.pop('zz', -1); s = d.setdefault('e', 5); x = (d, v, w, s)",
    "d = dict(a=1, b=[1, 2]); d2 = dict([(1, 'one'), (2, 'two')]); d3 = dict(d, c=3); x = (d, d2, d3)",
    "d = {1: 'i', 1.0: 'f', True: 't', (1, 2): 'tup', None: 'n'}; x = d",
    "a = {**{'a': 1, 'b': 2}, 'b': 3, **{'c': 4}}; b = [*[1, 2], 3, *(4, 5)]; x = (a, b)",
    "s = {3, 1, 2, 3}; s.add(4); s.discard(1); t = s | {9}; u = s & {2, 3}; v = s - {2}; x = (sorted(s), sorted(t), sorted(u), sorted(v), 3 in s, len(s), set())",
    "x = ([] == [], [1, [2]] == [1, [2]], (1, 2) < (1, 3), [1, 2] < [1, 2, 0], {'a': 1} == {'a': 1}, None is None, [] is not None)",
    "x = (1 < 2 < 3, 1 < 2 > 3, 1 == 1.0 == True, 2 in [1, 2], 3 not in (1, 2), 'k' in {'k': 1})",
    # comprehensions and builtins
    "x = [i * i for i in range(6) if i % 2 == 0]",
    "x = [(i, j) for i in range(3) for j in range(i) if i + j > 1]",
    "x = ({k: v * 2 for k, v in {'a': 1, 'b': 2}.items()}, sorted({c for c in 'hello'}), sum(i for i in range(5)))",
    "x = (len([1, 2]), len({'a': 1}), len('abc'), min(3, 1, 2), max([3, 1, 2]), min(['bb', 'a'], key=len), max([], default=7), sum([1, 2, 3]), sum([0.5, 0.25], 1))",
    "x = (abs(-3), abs(-2.5), round(2.5), round(3.5), round(2.675, 2), round(7), int(True), float(3), bool(0), bool([0]), str([1, 'a']))",
    "x = (list(range(3)), list(range(1, 10, 3)), list(range(5, 0, -2)), list(enumerate('ab')), list(enumerate('ab', 1)), list(zip([1, 2, 3], 'ab')))",
    "x = (isinstance(1, int), isinstance(True, int), isinstance(1.0, (int, float)), isinstance('s', str), isinstance([], dict), isinstance({}, dict), isinstance((1,), tuple))",
    "x = (any([0, 1]), all([1, 0]), all([]), list(map(lambda v: v + 1, [1, 2])), list(filter(None, [0, 1, 2])), sorted([(2, 'b'), (1, 'z'), (2, 'a')]))",
    "x = (repr('a'), repr(1.0), repr([1, 'b', None]), hex(255), oct(8), bin(5), chr(65), ord('a'), divmod(7, -2), pow(2, 10), type(1) == int, callable(len))",
    "x = (tuple('ab'), set([1, 1]) == {1}, list({'a': 1, 'b': 2}), 'a'.join('xyz'))",
    # statements
    "x = 0\nfor i in range(10):\n    if i == 2:\n        continue\n    if i == 5:\n        break\n    x += i\nelse:\n    x = -1",
    "x = []\nn = 0\nwhile n < 5:\n    n += 1\n    if n % 2:\n        x.append(n)\nelse:\n    x.append('done')",
    "v = 5\nif v < 3:\n    x = 'small'\nelif v < 10:\n    x = 'medium'\nelse:\n    x = 'large'",
    "a, b = 1, 2\na, b = b, a\n(c, d), e = (3, 4), 5\nf, *g, h = [1, 2, 3, 4]\nx = (a, b, c, d, e, f, g, h)",
    "a = b = [1]\na.append(2)\nx = (a, b, a is b)",
    "x = 5\nx -= 1\nx *= 3\nx //= 2\nx **= 2\nx %= 7\nx <<= 2\nx |= 1",
    "l = [1]\nm = l\nl += [2]\nd = {'a': [0]}\nd['a'] += [1]\nd['n'] = 1\nd['n'] *= 5\nx = (l, m, d)",
    "def f(a, b=2, *args, c=3, **kw):\n    return (a, b, args, c, kw)\nx = (f(1), f(1, 5, 6, 7, c=0, z=9), f(a=4, b=5), f(*[1, 2], **{'c': 8}))",
    "def fact(n):\n    '''Docstring.'''\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\nx = fact(10)",
    "def outer():\n    y = 10\n    def inner(z):\n        return y + z\n    return inner\nx = outer()(5)",
    "def make():\n    c = 0\n    def inc():\n        nonlocal c\n        c += 1\n        return c\n    return inc\ni = make()\ni()\ni()\nx = i()",
    "g = 1\ndef setg():\n    global g\n    g = 42\nsetg()\nx = g",
    "def f():\n    pass\ndef h():\n    return\nx = (f(), h())",
    "add = lambda a, b=10: a + b\nx = (add(1), add(1, 2), (lambda: 'k')(), sorted([3, -1, 2], key=lambda v: -v))",
    "def get_network(epoch, **kwargs):\n    net = {'output': {'class': 'softmax', 'n_out': 10}}\n    if epoch > 1:\n        net['l1'] = {'class': 'linear', 'n_out': 5 * epoch}\n    return net\nx = (get_network(1), get_network(3))",
    "x = 1 if [] else 2 if 0 else 3",
    "x = (1 and 2, 0 and 2, 1 or 2, 0 or '', not 1, not [], None or 'd')",
    "x = [n for n in range(4)]\ndel x[0]",
    "import math\nx = (math.floor(2.7), math.ceil(2.1), round(math.sqrt(16.0), 6), round(math.log(math.e), 6), math.log(8, 2), round(math.exp(0), 1), math.pi > 3.14, math.isinf(math.inf))",
    "import os\nx = (os.path.join('a', 'b', 'c.txt'), os.path.join('a/', '/abs', 'x'), os.path.splitext('demos/x.12ax.config'), os.path.splitext('.hidden'), os.path.basename('/a/b/c.py'), os.path.dirname('/a/b/c.py'), os.path.dirname('c.py'), os.path.normpath('a//b/../c/./d'), os.path.normpath('/../x'), os.path.split('a/b'))",
    "from os.path import splitext as se\nimport os.path\nx = (se('f.py'), os.path.basename('x/y'))",
    "x = 'done'\nassert 1 + 1 == 2, 'math'",
    "if True: x = 'one-line'",
    "x = 1; y = 2; x += y",
    "x = [1, 2,\n     3, 4]  # comment\ny = {\n  'a': 1,  # c\n}",
    "x = 1 + \\\n    2",
    "x = (2 ** 3 ** 2, -2 ** 2, (-2) ** 2, 2 * 3 ** 2)",
    "x = (1 if (n := 5) > 3 else 0, n)",
    "x = [[0] * 2 for _ in range(2)]\nx[0][0] = 1",
    "x = list(range(10))\ndel x[1:3]\ndel x[::3]\nx[-1] = 'last'",
    "d = {'a': 1, 'b': 2, 'c': 3}\ndel d['a']\nd['a'] = 4\nx = (list(d), sorted(d.items(), key=lambda kv: -kv[1]))",
    "x = ('%s' % (1,), '%s and %s' % ('a', 'b'), '%5.1f%%' % 99.44, '%-6s|' % 'ab', '%03d' % -5, '%c%c' % (72, 'i'))",
    "w = 7\nx = ('{:>{w}}|{:.{p}f}'.format('r', 3.14159, w=w, p=2), '{0[1]} {1[k]}'.format([1, 2], {'k': 'v'}), '{!s:>4}'.format(1.5))",
    "x = []\nfor i, (a, b) in enumerate(zip('xyz', [1, 2, 3])):\n    x.append('%d%s%d' % (i, a, b))\nelse:\n    x.append('end')",
    "pairs = [(1, 'a'), (2, 'b')]\nnums, chars = zip(*pairs)\nx = (nums, chars, dict(pairs), [c for _, c in pairs])",
    "x = (str(1e16), str(2.0), str(-0.0), int('0x10', 0), int('0b11', 0), 'a' * 0, [] * 3, [1] * -1, 10 ** 18, 7 // 2 * 2 + 7 % 2)",
    "x = (min([3, 1, 2], key=lambda v: -v), max('abc'), max(1, 2.5), min((2, 'b'), (2, 'a')), sum([[1], [2]], []))",
    "x = {w: len(w) for w in 'the quick brown fox'.split() if len(w) > 3}",
    "def f(x, acc=None):\n    acc = [] if acc is None else acc\n    acc.append(x)\n    return acc\nx = (f(1), f(2), f(3, [0]))",
    "def outer(n):\n    def inner(k=n * 2):\n        return k + n\n    return inner\nx = (outer(1)(), outer(2)(10))",
    "x = ('Hello World'.title(), 'hello'.capitalize(), 'a,b'.split(',', 0), 'x'.join([]), '  x  '.strip(' x'), 'abcabc'.count('b'), 'abc'.index('c'), 'aXbXc'.rsplit('X'))",
    "x = (1e-4, 1e-5, 0.00012345, 123e10, 1/3, 2/3, 1e22, 1.0e-7 * 3, -1.5e-10)",
    "x = (round(-2.5), round(0.5), round(1.5), round(1234.5678, -2), round(-0.5), int(-0.9))",
    "a = [1, 2, 3]\nb = a[:]\nb.append(4)\nc = list(a)\nc[0] = 9\nx = (a, b, c)",
    "x = sorted({'b': 1, 'a': 2}.items())\nx += [(k, v) for k, v in {'z': 0}.items()]",
]


def main():
    print("# Generated by make_language_cases.py (CPython %s); do not edit." % __import__("sys").version.split()[0])
    for i, src in enumerate(CASES):
        ns = {}
        exec(compile(src, "<case>", "exec"), ns)
        print("=== case %d" % i)
        print(src)
        print("--- expect")
        print(repr(ns["x"]))


if __name__ == "__main__":
    main()
