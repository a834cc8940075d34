// Tables for a terminal (src/report/text-table.ts), against literal lines: the width from $COLUMNS or the TTY, columns
// aligned and two spaces apart, text cut with "…" (a long column first to 24, then to its shrinkTo), columns dropped
// lowest priority first, space left over given back; the Markdown form; words wrapped without splitting one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { markdownTable, terminalWidth, textTable, wrapWords, type Column } from '../src/report/text-table.js';

type Row = { name: string; n: string; note: string };
const rows: Row[] = [
  { name: 'alpha', n: '1', note: 'short' },
  { name: 'β', n: '22.5', note: 'a note that is much longer than the others are' },
];
const columns: Column<Row>[] = [
  { head: 'name', cell: (r) => r.name },
  { head: 'n', cell: (r) => r.n, align: 'right' },
  { head: 'note', cell: (r) => r.note, shrinkTo: 8 },
];

test('terminalWidth should take $COLUMNS when it is a width of 20 or more, else the TTY\'s, else 80', () => {
  const saved = process.env.COLUMNS;
  try {
    delete process.env.COLUMNS;
    assert.is(terminalWidth({ isTTY: true, columns: 132 }), 132);
    assert.is(terminalWidth({ isTTY: true, columns: 20 }), 20);
    assert.is(terminalWidth({ isTTY: true, columns: 19 }), 80, 'too narrow to be a terminal');
    assert.is(terminalWidth({ isTTY: false, columns: 132 }), 80, 'a pipe');
    assert.is(terminalWidth({ isTTY: true }), 80);
    assert.is(terminalWidth({}), 80);
    process.env.COLUMNS = '100';
    assert.is(terminalWidth({ isTTY: true, columns: 132 }), 100);
    process.env.COLUMNS = '20';
    assert.is(terminalWidth({}), 20);
    for (const bad of ['19', 'wide', '99.5', '']) {
      process.env.COLUMNS = bad;
      assert.is(terminalWidth({ isTTY: true, columns: 50 }), 50, `COLUMNS=${bad}`);
    }
  } finally {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  }
});

test('a table that fits should align each column, numbers right, two spaces apart, with no trailing space', () => {
  assert.is(textTable('Title', columns, rows, 100), [
    'Title',
    'name      n  note',
    '─────  ────  ──────────────────────────────────────────────',
    'alpha     1  short',
    'β      22.5  a note that is much longer than the others are',
  ].join('\n'));
});

test('a long text column should be cut to 24 characters before any column is dropped, and give back what fits', () => {
  const wide: Column<Row>[] = [...columns, { head: 'extra', cell: () => 'xxxxxxxxxx', drop: 1 }];
  // natural: 5 + 4 + 46 + 10 + 3 gaps × 2 = 71; at 60 the note is cut by 11 to 35, no column dropped
  assert.is(textTable('T', wide, rows, 60).split('\n')[4], 'β      22.5  a note that is much longer than th…  xxxxxxxxxx');
  // at 40: cut to 24 is not enough (5 + 4 + 24 + 10 + 6 = 49), so extra goes, and the note gets 40 − 13 = 27 back
  const narrow = textTable('T', wide, rows, 40).split('\n');
  assert.is(narrow[0], 'T (not shown for width: extra)');
  assert.is(narrow[4], 'β      22.5  a note that is much longer…');
  assert.is([...narrow[4]].length, 40);
  // at 25 the note goes further down (24 − 12), at 20 to its shrinkTo (8) and no further; never below its head's width
  assert.is(textTable('T', wide, rows, 25).split('\n')[4], 'β      22.5  a note that…');
  assert.is(textTable('T', wide, rows, 20).split('\n')[4], 'β      22.5  a note …');
  assert.is(textTable('T', [{ head: 'a long head', cell: (r: Row) => r.note, shrinkTo: 3 }], rows, 5).split('\n')[4], 'a note tha…');
});

test('columns should be dropped lowest drop first, only as many as needed, and the title cut to the width', () => {
  const cols: Column<Row>[] = [
    { head: 'name', cell: (r) => r.name },
    { head: 'second', cell: () => '222222', drop: 2 },
    { head: 'first', cell: () => '11111', drop: 1 },
    { head: 'third', cell: () => '33333', drop: 3 },
  ];
  // 5 + 6 + 5 + 5 + 3 gaps × 2 = 27
  assert.is(textTable('T', cols, rows, 27).split('\n')[1], 'name   second  first  third');
  assert.is(textTable('T', cols, rows, 26).split('\n')[1], 'name   second  third');
  assert.is(textTable('T', cols, rows, 19).split('\n')[1], 'name   third');
  assert.is(textTable('T', cols, rows, 11).split('\n')[1], 'name');
  assert.is(textTable('T', cols, rows, 12).split('\n')[0], 'T (not show…');
  assert.is(textTable('A title longer than the table', cols, rows, 12).split('\n')[0], 'A title lon…');
  // 34 + 6 + 5 and two gaps: 49; without first 42, without second too 34: both go, named in the table's order
  const wideName: Column<Row>[] = [{ head: 'n'.repeat(34), cell: (r) => r.name }, ...cols.slice(1, 3)];
  assert.is(textTable('T', wideName, rows, 38).split('\n')[0], 'T (not shown for width: second, first)');
});

test('with two cut columns, the first takes back the room left over first, and each is cut only as far as needed', () => {
  type T = { a: string; b: string };
  const cols: Column<T>[] = [
    { head: 'a', cell: (r) => r.a, shrinkTo: 4 },
    { head: 'b', cell: (r) => r.b, shrinkTo: 4 },
  ];
  const one: T[] = [{ a: 'aaaaaaaaaa', b: 'bbbbbbbbbb' }];
  // natural width 10 + 2 + 10 = 22; at 20 the first column gives up the 2 characters over: 8 + 2 + 10
  assert.is(textTable('t', cols, one, 20), ['t', 'a         b', '────────  ──────────', 'aaaaaaa…  bbbbbbbbbb'].join('\n'));
  // at 14 the first is cut to its floor of 4, the second gives the rest: 4 + 2 + 8
  assert.is(textTable('t', cols, one, 14), ['t', 'a     b', '────  ────────', 'aaa…  bbbbbbb…'].join('\n'));
});

test('a table without rows should still have its title, head and rule', () => {
  assert.is(textTable('T', columns, [], 80), 'T\nname  n  note\n────  ─  ────');
});

test('markdownTable should hold every column and cell, escape |, and align numbers right', () => {
  const md = markdownTable('Title', columns, [{ name: 'a|b', n: '1', note: 'long '.repeat(20).trim() }]);
  assert.is(md, `**Title**\n\n| name | n | note |\n|---|---:|---|\n| a\\|b | 1 | ${'long '.repeat(20).trim()} |`);
});

test('wrapWords should break lines at spaces within the width, keep each line\'s indent plus two, and never split a word', () => {
  assert.is(wrapWords('one two three four', 9), 'one two\n  three\n  four');
  assert.is(wrapWords('one two three', 13), 'one two three');
  assert.is(wrapWords('  note: a bb ccc', 9), '  note: a\n    bb\n    ccc');
  assert.is(wrapWords('first line\n  second line here', 12), 'first line\n  second\n    line\n    here');
  assert.is(wrapWords('averyveryverylongword x', 5), 'averyveryverylongword\n  x');
  assert.is(wrapWords('a  b', 10), 'a b');
  assert.is(wrapWords('αβγ δεζ', 7), 'αβγ δεζ', 'characters, not bytes');
});

test.run();
