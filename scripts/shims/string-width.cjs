// cli-table3 measures every cell with string-width 4, which builds and runs the (very large)
// emoji regular expression on each call: most of the time `crm show` spent rendering. Terminal
// width only needs: escape sequences and zero-width marks count 0, East Asian wide/fullwidth
// characters and pictographic emoji count 2, the rest 1.
'use strict';
const stripAnsi = require('strip-ansi');
const isFullwidthCodePoint = require('is-fullwidth-code-point');

function isZeroWidth(cp) {
  return (
    cp <= 0x1f ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0x300 && cp <= 0x36f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

module.exports = function stringWidth(input) {
  if (typeof input !== 'string' || input.length === 0) return 0;
  const s = stripAnsi(input);
  let width = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (isZeroWidth(cp)) continue;
    width += isFullwidthCodePoint(cp) || (cp >= 0x1f300 && cp <= 0x1faff) ? 2 : 1;
  }
  return width;
};
module.exports.default = module.exports;
