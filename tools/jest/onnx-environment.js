// A Jest node environment for tests that run ONNX Runtime in-process: its
// native binding checks tensors with `instanceof Float32Array` etc. against the
// main realm's constructors, which Jest's sandbox otherwise replaces. Use it
// with a `@jest-environment ../../tools/jest/onnx-environment.js` docblock.
'use strict';
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint8Array',
  'Uint16Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
  'ArrayBuffer',
];

class OnnxEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxEnvironment;
