#!/usr/bin/env python3
"""Generates module_cases.txt: config snippets using numpy, re, json and itertools, and the
repr() CPython gives for `x`.

Each snippet runs in a fresh namespace; the Swift test (ReturnnConfigTests/ModuleCasesTests)
evaluates the same snippet with the config interpreter and compares repr(x). The sandbox's
numpy gives Python floats/ints where numpy gives numpy scalars, so snippets convert scalars
(float(...), .tolist()) where numpy's repr would be `np.float64(...)`.
Needs numpy (generated with numpy 2.4.6; the header names the versions).
Run: python3 make_module_cases.py > module_cases.txt
"""
import sys

import numpy

NP = "import numpy as np\n"
RE = "import re\n"
JS = "import json\n"
IT = "import itertools\n"

CASES = [
    # numpy: array repr as numpy prints it
    NP + "x = np.array([0., 0.5, 1.])",
    NP + "x = np.array([1, 10, 100])",
    NP + "x = np.array([True, False])",
    NP + "x = np.array([1e-5, 1.5])",
    NP + "x = np.array([1e-5, 1.0, -2.5e10])",
    NP + "x = np.array([0.1, 0.25], dtype=np.float32)",
    NP + "x = np.array([1, 2], dtype=np.int32)",
    NP + "x = np.array([np.nan, 1.5, -np.inf])",
    NP + "x = np.array([-0.0, 2.0, 1.23456789012])",
    NP + "x = np.array([123456789.0, 1.0])",
    NP + "x = np.array([])",
    NP + "x = np.array(0.5)",
    NP + "x = np.arange(30.)",
    NP + "x = np.arange(2000.)",
    NP + "x = np.arange(12).reshape(3, 4)",
    NP + "x = np.arange(12.).reshape(2, 3, 2) / 7",
    NP + "x = np.zeros((0, 3))",
    NP + "x = np.linspace(0, 1, 7, dtype=np.float32)",
    NP + "x = np.arange(10, dtype=np.float32) * 1000000",
    NP + "x = (str(np.array([0, 0.5, 1.])), str(np.arange(6).reshape(2, 3)), str(np.array([True, False])))",
    NP + "x = (np.exp([0, 1, 2]), np.log([1, 10, 100]), np.sqrt(np.arange(5)))",
    NP + "x = (np.sin([0, np.pi / 2, 1]), np.cos([0.0, np.pi]), np.tanh([-1, 0, 1]), np.arctan([1.0]))",
    # numpy: creation
    NP + "x = (np.linspace(0, 1, 5).tolist(), np.linspace(0, 1, 4, endpoint=False).tolist(), np.linspace(2, 3, num=1).tolist(), np.linspace(0, 1, 0).tolist())",
    NP + "x = np.linspace(1e-4, 1e-3, num=10).tolist()",
    NP + "x = (np.linspace(1.0, -1.0, 6).tolist(), np.linspace(0, 10, 5, dtype=int).tolist(), np.linspace(5, 5, 3).tolist())",
    NP + "a, s = np.linspace(0, 10, 7, retstep=True)\nx = (a.tolist(), float(s))",
    NP + "x = (np.arange(10, 0, -3).tolist(), np.arange(0, 1, 0.1).tolist(), np.arange(1.5, 4).tolist(), np.arange(5, 1).tolist())",
    NP + "x = (np.arange(-1, 1, 0.25).tolist(), np.arange(3, dtype=np.float32).tolist(), np.arange(0.5, 3, dtype=int).tolist(), np.arange(1, 2, 0.3).tolist(), np.arange(0, -1, -0.1).tolist())",
    NP + "x = (np.geomspace(1, 1000, 4).tolist(), np.geomspace(-1, -100, 3).tolist(), np.logspace(0, 2, 3).tolist(), np.logspace(0, 3, 4, base=2).tolist())",
    NP + "x = (np.geomspace(1e-5, 1e-3, 5), np.logspace(-3, -1, 4))",
    NP + "x = (np.zeros(3).tolist(), np.ones((2, 2), dtype=int).tolist(), np.full(3, 7).tolist(), np.full((2,), 0.5).tolist(), np.zeros_like(np.arange(3)).tolist(), np.ones_like(np.zeros((2, 1))).tolist())",
    NP + "x = (np.eye(3, dtype=int).tolist(), np.array([[1, 2], [3, 4]]).shape, np.asarray((1, 2.5)).tolist(), np.array([True, 2]).tolist(), np.array([[1, 2.5]]).dtype.name, np.full(2, True).dtype.name)",
    # numpy: broadcasting, operators, dtypes
    NP + "a = np.arange(6).reshape(2, 3)\nb = np.array([10, 20, 30])\nx = ((a + b).tolist(), (a * 2.5).tolist(), (b - a).tolist(), (a.reshape(2, 3, 1) + np.arange(2)).shape)",
    NP + "x = ((np.arange(3).reshape(3, 1) * np.arange(4)).tolist(), (np.array([[1.0], [2.0]]) / np.array([1, 2, 4])).tolist())",
    NP + "a = np.array([-3.5, -1, 0, 2, 7.25])\nx = ((a // 2).tolist(), (a % 2).tolist(), (a ** 2).tolist(), (-a).tolist(), (2 ** np.arange(4)).tolist(), (1 / np.array([1, 2, 4])).tolist(), (10 - a).tolist())",
    NP + "a = np.array([-7, 7, 9])\nx = ((a // 2).tolist(), (a % 3).tolist(), (a % -4).tolist(), (a * a).tolist(), (a / 2).tolist(), (-a).tolist(), int(abs(-a[0])))",
    NP + "a = np.array([1, 2, 3], dtype=np.int32)\nx = ((a + 1).dtype.name, (a * 1.5).dtype.name, (a / 2).dtype.name, (a // 2).dtype.name, (a + np.array([1.0], dtype=np.float32)).dtype.name, (np.array([True, False]) + 1).dtype.name, str(np.array([1, 2]).dtype), (a + np.arange(3)).dtype.name)",
    NP + "a = np.array([0.1, 0.2, 1 / 3], dtype=np.float32)\nx = (a.tolist(), (a * 3).tolist(), (a + 0.1).dtype.name, (a + 0.1).tolist(), a.astype(np.float64).tolist(), float(np.float32(0.1)), float(np.float32(1e-8)))",
    NP + "a = np.arange(5)\nx = ((a > 2).tolist(), (a == 3).tolist(), (2 <= a).tolist(), (a != np.array([0, 0, 2, 0, 4])).tolist(), 3 in a, 7 in a, (a > 2).dtype.name, (a < 2.5).tolist())",
    NP + "a = np.array([True, False, True])\nx = ((a & np.array([True, True, False])).tolist(), (a | False).tolist(), (~a).tolist(), (a ^ True).tolist(), (a + a).tolist(), (a * 2).tolist(), np.logical_and(a, [0, 1, 1]).tolist(), (~np.arange(3)).tolist())",
    NP + "a = np.arange(4.0)\nb = a\na += 1\na *= 2\nc = np.arange(3)\nc -= 1\nx = (b.tolist(), a is b, c.tolist(), c.dtype.name)",
    # numpy: indexing and iteration
    NP + "a = np.arange(10) * 1.5\nx = (float(a[3]), float(a[-1]), a[2:5].tolist(), a[::-3].tolist(), a[a > 9].tolist(), a[[0, 2, -1]].tolist(), len(a), a[100:].tolist())",
    NP + "m = np.arange(12).reshape(3, 4)\nx = (int(m[1, 2]), m[-1].tolist(), m[:, 1].tolist(), m[1:, ::2].tolist(), int(m[0][3]), m.shape, m.T.tolist(), m[None].shape, m[:, None, 0].shape, m[m % 5 == 0].tolist())",
    NP + "a = np.zeros(5)\na[1] = 3\na[3:] = [7, 8]\na[a == 0] = -1\nm = np.zeros((2, 3), dtype=int)\nm[1, :] = 5\nm[0, 2] = 9.7\nm[:, 0] = [1, 2]\nx = (a.tolist(), m.tolist())",
    NP + "m = np.arange(6).reshape(3, 2)\nx = ([r.tolist() for r in m], [float(v) for v in np.array([1.5, 2.5])], [int(v) for v in np.arange(3)], int(sum(np.arange(5))), bool(list(np.arange(3.0))[1] == 1.0), len(m))",
    NP + "a = np.array([[1.5, 2.5]])\nx = (a.item(1), a.item(0, 1), np.array([7]).item(), np.array(3.5).item(), float(np.array(2.5)), int(np.array(4)), np.array(2.5).tolist(), np.arange(3)[-1].item())",
    NP + "x = (int(np.ceil(7 / 2).astype(int)), np.arange(3).sum().item(), float(np.float64(2.5).item()), bool(np.isnan(np.mean(np.array([])))))",
    NP + "a = np.ones((2, 3), dtype=np.float32)\nx = (a.shape, a.size, a.ndim, a.dtype.name, str(a.dtype), a.dtype == np.float32, a.dtype == 'float32', a.astype(int).dtype.name, a.astype('float64').tolist(), repr(a.dtype), a.dtype.itemsize, a.nbytes)",
    NP + "a = np.arange(6)\nb = a.reshape(2, -1)\nc = b.flatten()\nd = c.copy()\nd[0] = 99\nx = (b.shape, c.tolist(), d.tolist(), a.reshape((3, 2)).tolist(), np.reshape(a, (1, 6)).shape, a.tolist(), b.ravel().shape, np.transpose(b).shape)",
    NP + "a = np.zeros((1, 3, 1))\nx = (a.squeeze().shape, np.squeeze(a, axis=0).shape, np.expand_dims(np.arange(3), 0).shape, np.expand_dims(np.arange(3), -1).shape, np.arange(3)[:, None].shape, np.shape([[1, 2]]), np.ndim(5), np.size([[1, 2], [3, 4]]))",
    # numpy: reductions
    NP + "a = np.array([[1.5, -2.0, 3.25], [4.0, 0.5, -1.0]])\nx = (float(a.sum()), a.sum(axis=0).tolist(), a.sum(axis=1).tolist(), float(a.mean()), a.mean(axis=0).tolist(), float(a.max()), a.min(axis=1).tolist(), float(a.prod()), int(a.argmax()), int(a.argmin()), a.argmax(axis=1).tolist(), a.sum(axis=1, keepdims=True).tolist())",
    NP + "a = np.arange(1, 1001) / 7.0\nx = (float(a.sum()), float(np.sum(a[:9])), float(a.mean()), float(np.cumsum(a)[-1]), float(np.sum(a.reshape(10, 100), axis=1)[3]), float(np.sum(a.reshape(100, 10), axis=0)[7]))",
    NP + "a = np.array([0.1] * 1000, dtype=np.float32)\nx = (float(a.sum()), float(a.mean()), float(np.arange(1, 11, dtype=np.float32).prod()))",
    NP + "a = np.array([3, 1, 2], dtype=np.int32)\nx = (int(a.sum()), int(a.max()), float(a.mean()), int(np.prod(a)), a.cumsum().dtype.name, np.sum(np.array([True, True, False])).item(), np.array([True, False]).sum().dtype.name if hasattr(np.array([True, False]).sum(), 'dtype') else 'int64')",
    NP + "x = (np.cumsum([1, 2, 3]).tolist(), np.cumsum(np.array([[1, 2], [3, 4]]), axis=0).tolist(), np.cumprod([1.5, 2, 3]).tolist(), np.arange(1, 6).cumsum().tolist(), np.cumsum([[1, 2], [3, 4]]).tolist(), np.cumsum([[1, 2], [3, 4]], axis=1).tolist())",
    NP + "a = np.array([[1., 2.], [3., 4.]])\nx = (bool(a.any()), bool((a > 3).all()), (a > 1).any(axis=0).tolist(), float(a.std()), float(np.var(a)), a.std(axis=0).tolist(), float(np.std([1, 2, 3, 4], ddof=1)), float(np.amax(a)), float(np.amin([3, 1.5])), int(np.count_nonzero(a > 1.5)))",
    NP + "a = np.array([1.0, np.nan, np.inf, -np.inf])\nx = (np.isnan(a).tolist(), np.isinf(a).tolist(), np.isfinite(a).tolist(), bool(np.isnan(float('nan'))), float(np.max(a)), float(np.nansum(np.array([1.0, np.nan, 2.0]))), int(np.argmax(a)))",
    # numpy: shapes
    NP + "x = (np.diff([1, 4, 9, 16]).tolist(), np.diff([1, 4, 9, 16], n=2).tolist(), np.diff(np.array([[1, 3], [4, 9]]), axis=0).tolist(), np.diff([1.5, 2.0], prepend=0).tolist(), np.repeat([1, 2], 3).tolist(), np.repeat(np.array([[1, 2], [3, 4]]), 2, axis=0).tolist(), np.repeat([1, 2], [1, 3]).tolist())",
    NP + "x = (np.tile([1, 2], 3).tolist(), np.tile(np.array([[1, 2]]), (2, 2)).tolist(), np.tile(np.array([[1], [2]]), 2).tolist(), np.repeat(7, 2).tolist())",
    NP + "x = (np.concatenate([np.zeros(2), np.ones(3)]).tolist(), np.concatenate([[[1, 2]], [[3, 4]]], axis=1).tolist(), np.concatenate(([1], [2.5])).tolist(), np.stack([np.arange(3), np.arange(3) * 2]).tolist(), np.stack([[1, 2], [3, 4]], axis=1).tolist(), np.hstack([[1], [2, 3]]).tolist(), np.vstack([[1, 2], [3, 4]]).tolist(), np.concatenate([[[1, 2]], [[3, 4]]], axis=None).tolist())",
    # numpy: math functions
    NP + "x = (np.log2([1, 8, 0.5]).tolist(), np.log10([1, 1000, 0.01]).tolist(), np.sqrt([4, 2.25]).tolist(), np.abs([-1, 2, -3]).tolist(), np.absolute([-1.5, 2.0]).tolist(), np.floor([-1.5, 1.5]).tolist(), np.ceil([-1.5, 1.2]).tolist(), np.floor(np.array([1, 2])).dtype.name, float(np.exp(0)), float(np.exp(np.float64(0.0))))",
    NP + "x = (np.round([0.5, 1.5, 2.5, -0.5, 2.675], 2).tolist(), np.round(np.array([1.234, 5.678]), 1).tolist(), np.around([15, 25, 35], -1).tolist(), np.round([0.5, 1.5, 2.5]).tolist(), float(np.round(2.675, 2)), round(2.675, 2), np.round(np.array([1, 2])).dtype.name)",
    NP + "x = (np.power(2, [1, 2, 3]).tolist(), np.power([1.5, 2], 2).tolist(), np.minimum([1, 5, 3], 2).tolist(), np.maximum([1, 5], [4, 2]).tolist(), np.clip([-2, 0.5, 3], 0, 1).tolist(), np.clip(np.arange(6), 2, None).tolist(), float(np.maximum(np.nan, 1.0)), float(np.minimum(2, 3.5)), np.square([2, -3]).tolist(), np.sign([-2.5, 0, 3]).tolist())",
    NP + "a = np.arange(6)\nx = (np.where(a > 2, a, -1).tolist(), np.where(a % 2 == 0, 1.5, 0).tolist(), np.where(a > 3)[0].tolist(), np.where([[True, False], [False, True]], [[1, 2], [3, 4]], 0).tolist(), [v.tolist() for v in np.nonzero(np.array([[0, 1], [1, 1]]))])",
    NP + "x = (float(np.interp(2.5, [1, 2, 3], [10, 20, 30])), float(np.interp(0, [1, 2], [5, 6])), float(np.interp(5, [1, 2], [5, 6])), np.interp([0, 1.5, 2, 9], [1, 2, 3], [1.0, 0.5, 0.0]).tolist(), float(np.interp(7, [1, 2], [5, 6], right=-1.0)), float(np.interp(-7, [1, 2], [5, 6], left=0)), float(np.interp(3, [3], [7])))",
    NP + "steps = np.arange(0, 100001, 12500)\nx = np.interp(steps, [0, 5000, 100000], [1e-5, 1e-3, 1e-6]).tolist()",
    NP + "x = (bool(np.allclose([1, 2], [1, 2 + 1e-9])), np.isclose([1.0, 2.0], [1.0, 2.1]).tolist(), bool(np.array_equal([1, 2], np.array([1, 2]))), np.sort([3, 1, 2]).tolist(), np.argsort([3.5, 1.0, 2.0]).tolist(), np.unique([3, 1, 3, 2, 1]).tolist(), np.sort(np.array([[3, 1], [0, 2]])).tolist(), np.sort([[3, 1], [0, 2]], axis=0).tolist())",
    NP + "x = (np.pi, np.e, np.inf, -np.inf, float(np.float64(0.5)), int(np.int64(3)) + 1, int(np.int32(3.9)), int(np.int64(-2.5)), bool(np.bool_(0)), float(np.float64('1.5')), np.newaxis is None, np.float32 == np.float32)",
    NP + "x = (isinstance(np.arange(3), np.ndarray), type(np.zeros(2)).__name__, np.dtype('float32') == np.float32, np.zeros(2, dtype='int32').dtype.name, np.zeros(2, dtype=float).dtype.name, np.zeros(2, dtype=bool).tolist(), np.array([1.7, -1.7]).astype(np.int64).tolist())",
    # numpy: configs
    NP + "n = 100\nlr = 1e-3\nlrs = list(np.linspace(lr / 10, lr, n // 2)) + list(np.linspace(lr, lr / 10, n // 2)) + list(np.linspace(lr / 10, 1e-6, 10))\nx = ([float(v) for v in lrs[::12]], len(lrs))",
    NP + "lrs = np.concatenate([np.full(5, 1e-3), 1e-3 * 0.9 ** np.arange(1, 21)])\nx = (np.round(lrs[::4], 12).tolist(), lrs[:6], len(lrs))",
    NP + "s = slice(1, 3)\nl = [1, 2, 3, 4]\nl[slice(0, 2)] = [9]\nx = ([1, 2, 3, 4][s], 'abcd'[slice(None, None, -1)], np.arange(5)[s].tolist(), l, (s.start, s.stop, s.step), s, s.indices(10))",
    "import numpy\nfrom numpy import linspace, arange\nx = (linspace(0, 1, 3).tolist(), arange(3).tolist(), numpy.array([1, 2]).tolist())",
    NP + "try:\n    np.array([1, 2]) + np.array([1, 2, 3])\nexcept ValueError as e:\n    x = str(e)",
    # re
    RE + "m = re.match(r'(\\w+)-(\\d+)', 'lstm-42 rest')\nx = (m.group(0), m.group(1), m.group(2), m.groups(), m.start(2), m.end(), m.span(1), m[1], m.group(1, 2), m.string, m.pos)",
    RE + "m = re.search(r'(?P<name>[a-z]+)_(?P<num>\\d+)', 'x: enc_12!')\nx = (m.group('name'), m.groupdict(), m.start('num'), m.lastindex, m.lastgroup, dict(m.re.groupindex), m['num'])",
    RE + "x = (bool(re.match('abc', 'ABC', re.I)), re.findall(r'^\\w', 'a\\nb\\nc', re.M), re.findall(r'^\\w', 'a\\nb'), bool(re.match('a.b', 'a\\nb')), bool(re.match('a.b', 'a\\nb', re.S)), re.I | re.M == re.IGNORECASE | re.MULTILINE, re.findall('(?i)x', 'xXy'), int(re.DOTALL), bool(re.search('A', 'xa', flags=re.IGNORECASE)))",
    RE + "x = (bool(re.fullmatch(r'\\d+', '123')), re.fullmatch(r'\\d+', '123a'), re.search(r'\\d', 'ab'), re.match(r'b', 'ab'), bool(re.search(r'b', 'ab')), re.fullmatch(r'a|ab', 'ab').group(), re.match(r'a*', 'bbb').span())",
    RE + "x = (re.sub(r'(\\d+)', r'<\\1>', 'a1b22'), re.sub(r'(?P<w>[a-z])(\\d)', r'\\g<2>\\g<w>', 'a1 b2'), re.sub(r'x*', '-', 'abxd'), re.subn(r'\\s+', ' ', 'a  b \\t c'), re.sub('a', 'b', 'aaa', count=2), re.sub(r'\\.', r'\\\\', 'a.b'), re.sub('b', r'\\n', 'abc'), re.sub(r'(a)|b', r'[\\1]', 'ab'))",
    RE + "x = (re.sub(r'\\d+', lambda m: str(int(m.group()) * 2), 'lr 3 to 40'), re.sub(r'(?P<k>\\w+)=(?P<v>\\w+)', lambda m: m.group('v') + ':' + m.group('k'), 'a=1 b=2'))",
    RE + "x = (re.split(r'[,;]\\s*', 'a, b;c'), re.split(r'(-)', 'a-b-c'), re.split(r'\\s+', ' a b c', maxsplit=1), re.split(r'x*', 'axbc'), re.split(r'(a)|(b)', 'xaybz'), re.split(r'\\b', 'a b'))",
    RE + "x = (re.findall(r'\\d+', 'a12b3c456'), re.findall(r'(\\w)(\\d)', 'a1 b2'), re.findall(r'a*', 'baac'), [m.span() for m in re.finditer(r'o', 'foo boo')], re.findall(r'(a)|b', 'ab'), [m.group(1) for m in re.finditer(r'(\\d)', 'a1b2')])",
    RE + "x = (re.escape('a.b*c'), re.escape('1+1=2 (yes)'), re.escape('tab\\there'), bool(re.match(re.escape('a[1]'), 'a[1]')), re.escape('under_score-dash'))",
    RE + "p = re.compile(r'enc_(\\d+)', re.IGNORECASE)\nx = (p.pattern, p.flags, p.groups, p.match('ENC_3').group(1), p.findall('enc_1 Enc_2'), p.sub('L', 'enc_1/x'), p.search('zz enc_9').start(), repr(p), p.split('aenc_1b'), repr(re.compile('a')), p.fullmatch('enc_7').group(), p.subn('-', 'enc_1enc_2'))",
    RE + "m = re.search(r'b+', '\u00e4\u00f6bb\U0001f600b')\nx = (m.span(), m.group(), re.findall(r'.', 'a\U0001f600b'), re.sub(r'\U0001f600', 'x', 'a\U0001f600b'), re.split(r'\u00f6', '\u00e4\u00f6\u00fc'), [m.start() for m in re.finditer('b', '\U0001f600b\U0001f600b')])",
    RE + "x = (re.findall(r'a{2}', 'aaaaa'), re.findall(r'a{,2}', 'aaa'), re.findall(r'\\{x\\}', '{x}'), re.findall(r'{x}', '{x}'), re.findall(r'[[]', 'a[b'), re.match(r'(?P<q>[\"\\']).*?(?P=q)', '\"hi\" there').group(), bool(re.search(r'a\\Z', 'a\\n')), bool(re.search(r'a$', 'a\\n')), re.findall(r'[]a]', ']a'), re.findall(r'[a&b]', 'a&b'))",
    RE + "m = re.match(r'(a)(b)?', 'ac')\nx = (m.groups(), m.groups('-'), m.group(2), m.expand(r'[\\1]'), repr(m), m.start(2), m.span(2), m.groupdict())",
    RE + "try:\n    re.compile('(a')\nexcept re.error:\n    x = 'bad pattern'",
    RE + "layers = ['lstm0_fw', 'lstm0_bw', 'lstm1_fw', 'output']\nx = ([k for k in layers if re.match('lstm\\\\d_(fw|bw)$', k)], sorted({int(re.search(r'\\d+', k).group()) for k in layers if re.search(r'\\d+', k)}), re.sub(r'(\\w+) (\\w+)', r'\\2 \\1', 'hello world', flags=re.I))",
    # json
    JS + "x = json.loads('{\"b\": 1, \"a\": [1, 2.0, -3e2, true, null], \"c\": {\"d\": \"\\u00e9\\\\u00e9\\\\n\\\\\"\"}}')",
    JS + "x = (json.dumps({'b': 1, 'a': [1, 2.5, None, True, False], '\u00e9': '\u00fc\\n'}), json.dumps({'a': [1, {'b': []}], 'c': {}}, indent=2), json.dumps([1, [2, []]], indent=0), json.dumps({'a': 1}, indent='\\t'))",
    JS + "x = (json.dumps({'b': 1, 'a': {'d': 1, 'c': 2}}, sort_keys=True, separators=(',', ':')), json.dumps(['\u00e9\U0001f600', 'x\\x01'], ensure_ascii=False), json.dumps(['\u00e9\U0001f600', 'x\\x01\\x7f']), json.dumps('a\"b\\\\c\\t\\x08\\x0c'))",
    JS + "d = {'net': {'l1': {'class': 'linear', 'n_out': 512, 'dropout': 0.1, 'from': ['data']}}, 'lr': [1e-3, 1e-4], 'flag': None, 'u': 'caf\u00e9 \U0001f600'}\nx = (json.loads(json.dumps(d)) == d, json.loads(json.dumps(d, indent=4)), json.dumps(d, indent='\\t', ensure_ascii=False), json.loads(json.dumps(d, ensure_ascii=False)) == d)",
    JS + "x = (json.dumps([1e16, 1e-7, float('inf'), 0.1, -0.0, 12345678901234567890.0, float('nan'), 100.0]), json.loads('[1.0, 1, 1e2, -0, 1E-3, 0.5e1]'), json.loads('NaN') != json.loads('NaN'), json.loads('-Infinity'), json.loads(' 7 '))",
    JS + "x = (json.dumps({1: 2, 2.5: 3, True: 4, None: 5}), json.dumps((1, 2)), json.loads(' [ ] '), json.loads('\"\\\\ud83d\\\\ude00\"'), json.loads(b'[1]'), json.dumps({'s': {1, 2}}, default=sorted), json.dumps({(1, 2): 3, 'k': 4}, skipkeys=True))",
    JS + "errs = []\nfor s in ['{\"a\": 1,}', '[1, 2', '', '\"abc', '{\"a\" 1}', '[1] x', '\"\\\\q\"', '{1: 2}', '\"a\\tb\"']:\n    try:\n        json.loads(s)\n    except json.JSONDecodeError as e:\n        errs.append(str(e))\nx = errs",
    JS + "try:\n    json.loads('[1, 2')\nexcept ValueError as e:\n    x = (type(e).__name__, isinstance(e, ValueError))",
    JS + "errs = []\nfor v in [{(1, 2): 3}, {1, 2}, float('nan')]:\n    try:\n        json.dumps(v, allow_nan=False)\n    except (TypeError, ValueError) as e:\n        errs.append(type(e).__name__ + ': ' + str(e))\nx = errs",
    # itertools
    IT + "x = (list(itertools.product([1, 2], 'ab')), list(itertools.product([0, 1], repeat=2)), list(itertools.product()), list(itertools.product([1], [])))",
    IT + "x = (list(itertools.permutations('abc', 2)), list(itertools.permutations([1, 2, 3])), list(itertools.combinations(range(4), 2)), list(itertools.combinations_with_replacement('ab', 2)), list(itertools.combinations([1], 2)), list(itertools.combinations('abc', 0)), list(itertools.permutations([1, 2], 3)))",
    IT + "x = (list(itertools.chain([1, 2], (3,), 'ab')), list(itertools.chain.from_iterable([[1], [2, 3]])), list(itertools.accumulate([1, 2, 3, 4])), list(itertools.accumulate([1, 2, 3], lambda a, b: a * b)), list(itertools.accumulate([1, 2], initial=10)), list(itertools.accumulate([3, 1, 4], max)), list(itertools.chain()))",
    IT + "x = (list(itertools.islice(range(10), 3)), list(itertools.islice('abcdefg', 2, None, 2)), list(itertools.islice(itertools.count(5), 3)), list(itertools.islice(itertools.count(0, 0.5), 1, 4)), list(zip('abc', itertools.count(1))), list(itertools.repeat('x', 3)), list(zip(range(3), itertools.repeat(0))), list(itertools.islice(itertools.cycle('ab'), 5)), list(itertools.islice([1, 2], 5)))",
    IT + "x = ([(k, list(g)) for k, g in itertools.groupby('aabbbca')], [(k, list(g)) for k, g in itertools.groupby([1, 3, 2, 4, 5], key=lambda v: v % 2)])",
    IT + "x = (list(itertools.zip_longest('ab', [1, 2, 3], fillvalue='-')), list(itertools.zip_longest([1], [])), list(itertools.starmap(pow, [(2, 3), (3, 2)])), list(itertools.compress('abcd', [1, 0, 1, 0])), list(itertools.filterfalse(lambda v: v % 2, range(6))), list(itertools.takewhile(lambda v: v < 3, [1, 2, 5, 1])), list(itertools.dropwhile(lambda v: v < 3, [1, 2, 5, 1])), list(itertools.pairwise([1, 2, 3])))",
    IT + "c = itertools.count(10, 2)\nx = (next(c), next(c), list(itertools.takewhile(lambda v: v < 20, c)), next(c), repr(itertools.count(3)), repr(itertools.count(1, 2)))",
    IT + "x = ([dict(lr=lr, do=d) for lr, d in itertools.product([1e-3, 5e-4], [0.1, 0.3])], list(map(lambda a, b: a * b, [1, 2, 3], itertools.count(1))), dict(zip(['a', 'b'], itertools.count())))",
    IT + "a, b = itertools.tee([1, 2])\nx = (list(a), list(b), [list(t) for t in itertools.tee('xy', 3)])",
]


def main():
    print("# Generated by make_module_cases.py (CPython %s, numpy %s); do not edit."
          % (sys.version.split()[0], numpy.__version__))
    for i, src in enumerate(CASES):
        ns = {}
        exec(compile(src, "<case>", "exec"), ns)
        print("=== case %d" % i)
        print(src)
        print("--- expect")
        print(repr(ns["x"]))


if __name__ == "__main__":
    main()
