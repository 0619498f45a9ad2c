// Checks of the web demo's bit-reader section (web-demo/bits.js), shared by browser.test.mjs
// and vite.test.mjs. Expected values are the spec's, written out here independently.
import assert from 'node:assert/strict';

// H.264 Table 9-4: bit string -> codeNum.
const TABLE_9_4 = { 1: 0, '010': 1, '011': 2, '00100': 3, '00101': 4, '00110': 5, '00111': 6,
  '0001000': 7, '0001001': 8, '0001010': 9, '000011111': 30, '00000111111': 62 };

function checkReader(name, r) {
  assert.equal(r.table.length, Object.keys(TABLE_9_4).length, name);
  for (const [bits, value, pos] of r.table) {
    assert.equal(value, TABLE_9_4[bits], `${name}: ${bits}`);
    assert.equal(pos, bits.length, `${name}: position after ${bits}`);
  }
  assert.deepEqual(r.u32, [0xffffffff, 0xffffffff, 0x80000000, 8], `${name}: 32-bit reads are unsigned`);
  assert.equal(r.truncated.code, 'SLUICE_TRUNCATED', name);
  assert.equal(r.truncated.offset, 9, name);
  assert.deepEqual(r.afterError, [64, 0x2a], `${name}: a failed read moves nothing`);
  assert.equal(r.corrupt.code, 'SLUICE_CORRUPT', name);
  assert.equal(r.corrupt.offset, 0, name);
}

export function checkPageBits(b) {
  checkReader('BitReader', b.js);
  checkReader('WasmBitReader', b.wasm);
  assert.deepEqual(b.wasm, b.js, 'both readers give the same results');
  // 854 = 16 x 54 - CropUnitX (2 for 4:2:2) x 5; 480 = 16 x 30.
  assert.deepEqual(b.probed, { codec: 'h264', profile_idc: 122, level_idc: 31, width: 854, height: 480,
    chroma_format_idc: 2, bit_depth_luma: 10, bit_depth_chroma: 10 });
  assert.equal(b.noSps.code, 'SLUICE_UNSUPPORTED');
  assert.ok(b.jsCodesPerSecond > 0 && b.wasmCodesPerSecond > 0);
  console.log(`# Chromium readUE: plain JS ${(b.jsCodesPerSecond / 1e6).toFixed(0)} M codes/s, ` +
              `wasm-backed ${(b.wasmCodesPerSecond / 1e6).toFixed(0)} M codes/s`);
}
