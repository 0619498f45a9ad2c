#!/usr/bin/env python3
"""bench/run's --merge without running a benchmark: merge_data() on small benchmarks.json
inputs and render() of the merged rows (run column, † on ratios across runs, run legend).
Run by ctest as bench.run_merge (tests/CMakeLists.txt) or directly: python3 tests/bench/run_merge_test.py"""
import importlib.machinery
import importlib.util
import json
import os
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_loader = importlib.machinery.SourceFileLoader('bench_run', os.path.join(ROOT, 'bench', 'run'))
_spec = importlib.util.spec_from_loader('bench_run', _loader)
run = importlib.util.module_from_spec(_spec)
_loader.exec_module(run)


def run_entry(rid, date, reps=3, flt=None):
    return {'id': rid, 'date': date, 'cpu': 'Test CPU', 'cores': 2, 'reps': reps, 'filter': flt, 'cli': False}


OLD = {'version': 1,
       'runs': [run_entry(1, '2026-11-24 14:18 UTC')],
       'rows': {'hash/blake3_2t_file/b3sum/1MiB': {'unit': 'B/s', 'rate': 6.15e9, 'run': 1},
                'hash/blake3_2t_file/sluice-cli/1MiB': {'unit': 'B/s', 'rate': 5.98e9, 'run': 1},
                'hash/blake3_2t_file/sluice/1MiB': {'unit': 'B/s', 'rate': 8.57e9, 'run': 1},
                'hash/crc32/sluice/1MiB': {'unit': 'B/s', 'rate': 20.0e9, 'run': 1},
                'hash/crc32/isal/1MiB': {'unit': 'B/s', 'rate': 12.5e9, 'run': 1},
                'bits/read_ue/sluice/1MiB': {'unit': 'items/s', 'rate': 362.1e6, 'run': 1},
                'bits/read_ue/bitloop/1MiB': {'unit': 'items/s', 'rate': 90.8e6, 'run': 1}}}


class Merge(unittest.TestCase):
    def setUp(self):
        # Re-measured: the CLI row and its anchor (as a --filter 'blake3_2t_file/(b3sum|sluice-cli)'
        # would), crc32's sluice row alone (its anchor stays from run 1), and a row new to the data.
        self.new = {'hash/blake3_2t_file/b3sum/1MiB': ('B/s', 5.0e9),
                    'hash/blake3_2t_file/sluice-cli/1MiB': ('B/s', 5.5e9),
                    'hash/crc32/sluice/1MiB': ('B/s', 25.0e9),
                    'hash/xxh64/sluice/1MiB': ('B/s', 9.0e9)}
        self.merged = run.merge_data(json.loads(json.dumps(OLD)), self.new,
                                     run_entry(None, '2026-11-24 16:05 UTC', reps=5, flt='cli|crc32/sluice'))

    def test_rows_replaced_kept_and_added(self):
        rows = self.merged['rows']
        self.assertEqual(sorted(rows), sorted(set(OLD['rows']) | set(self.new)))
        for name, (unit, rate) in self.new.items():
            self.assertEqual(rows[name], {'unit': unit, 'rate': rate, 'run': 2}, name)
        for name, v in OLD['rows'].items():
            if name not in self.new:
                self.assertEqual(rows[name], v, name)  # exactly the earlier median and run

    def test_runs_listed_with_dates(self):
        runs = self.merged['runs']
        self.assertEqual([(r['id'], r['date'], r['reps'], r['filter']) for r in runs],
                         [(1, '2026-11-24 14:18 UTC', 3, None), (2, '2026-11-24 16:05 UTC', 5, 'cli|crc32/sluice')])

    def test_exact_through_json(self):
        again = json.loads(run.dump_data(self.merged))
        self.assertEqual(again, self.merged)
        self.assertEqual(again['rows']['hash/crc32/isal/1MiB']['rate'], 12.5e9)

    def test_unused_run_dropped_and_renumbered(self):
        # Merging again over every row of run 1 leaves runs 2 and 3, renumbered 1 and 2.
        everything = {n: (v['unit'], v['rate'] * 2) for n, v in self.merged['rows'].items()
                      if v['run'] == 1}
        m = run.merge_data(self.merged, everything, run_entry(None, '2026-11-24 17:00 UTC'))
        self.assertEqual([(r['id'], r['date']) for r in m['runs']],
                         [(1, '2026-11-24 16:05 UTC'), (2, '2026-11-24 17:00 UTC')])
        self.assertEqual(m['rows']['hash/crc32/isal/1MiB'], {'unit': 'B/s', 'rate': 25.0e9, 'run': 2})
        self.assertEqual(m['rows']['hash/crc32/sluice/1MiB']['run'], 1)

    def test_render_marks_runs(self):
        md, charts = run.render(self.merged, {'hash/crc32': 1.0})
        lines = md.splitlines()
        self.assertIn('- run 1: 2026-11-24 14:18 UTC: Test CPU, 2 cores, medians of 3 runs, all rows', lines)
        self.assertIn('- run 2: 2026-11-24 16:05 UTC: Test CPU, 2 cores, medians of 5 runs, '
                      'rows matching `--filter cli|crc32/sluice`', lines)
        self.assertIn('| case | size | sluice | fastest anchor | ratio | target | other anchors | run |', lines)
        # Same run: the CLI row and b3sum were both re-measured (5.5 / 5.0 = 1.10).
        self.assertIn('| blake3_2t_file (cli) | 1MiB | 5.50 GB/s | b3sum 5.00 GB/s | 1.10× |  |  | 2 |', lines)
        # Kept row against a re-measured anchor: marked †, both runs named (8.57 / 5.0 = 1.71).
        self.assertIn('| blake3_2t_file | 1MiB | 8.57 GB/s | b3sum 5.00 GB/s | 1.71× † |  |  | '
                      'sluice 1, b3sum 2 |', lines)
        # Re-measured sluice row against a kept anchor (25 / 12.5 = 2.00), with its target.
        self.assertIn('| crc32 | 1MiB | 25.00 GB/s | isal 12.50 GB/s | 2.00× ✓ † | ≥ 1.0× |  | '
                      'sluice 2, isal 1 |', lines)
        self.assertIn('| read_ue | 1MiB | 362.1 M/s | bitloop 90.8 M/s | 3.99× |  |  | 1 |', lines)
        self.assertIn('| xxh64 | 1MiB | 9.00 GB/s | – | – | | | 2 |', lines)
        self.assertIn('blake3_2t_file 1MiB †', charts['hash'])
        self.assertIn('>2.00×<', charts['hash'])

    def test_render_one_run_as_before(self):
        md, charts = run.render(run.fresh_data({n: (v['unit'], v['rate']) for n, v in OLD['rows'].items()},
                                               run_entry(None, '2026-11-24 14:18 UTC')), {})
        lines = md.splitlines()
        self.assertTrue(lines[2].startswith('Generated by `bench/run` on 2026-11-24 14:18 UTC: Test CPU, '
                                            '2 cores, medians of 3 runs;'), lines[2])
        self.assertIn('| case | size | sluice | fastest anchor | ratio | target | other anchors |', lines)
        self.assertIn('| blake3_2t_file (cli) | 1MiB | 5.98 GB/s | b3sum 6.15 GB/s | 0.97× |  |  |', lines)
        self.assertNotIn('†', md)
        self.assertNotIn('- run 1', md)
        self.assertEqual(sorted(charts), ['bits', 'hash'])


if __name__ == '__main__':
    unittest.main()
