import { describe, expect, it } from 'vitest';
import { ByteWriter, Reader } from './primitives';
import { readWireType, writeWireType, type WireType } from './wiretype';

function readerOf(bytes: Uint8Array): Reader {
  const r = new Reader();
  r.data = bytes;
  r.pos = 0;
  r.end = bytes.length;
  return r;
}

const fromHex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('wireType', () => {
  it("parses doc.go's Point definition", () => {
    // 1f ff 81 | 03 01 01 05 "Point" 01 ff 82 00 01 02 01 01 "X" 01 04 00 01 01 "Y" 01 04 00 00 00
    const r = readerOf(fromHex('0301010550 6f696e74 01ff8200 0102 010158 010400 010159 010400 0000'));
    expect(readWireType(r)).toEqual({
      kind: 'struct',
      name: 'Point',
      fields: [
        { name: 'X', id: 2 },
        { name: 'Y', id: 2 },
      ],
    });
    expect(r.pos).toBe(r.end);
  });

  const samples: [number, WireType][] = [
    [65, { kind: 'struct', name: 'Point', fields: [{ name: 'X', id: 2 }, { name: 'Y', id: 2 }] }],
    [66, { kind: 'struct', name: '', fields: [] }],
    [67, { kind: 'slice', name: '[]string', elem: 6 }],
    [68, { kind: 'array', name: '[3]int', elem: 2, len: 3 }],
    [69, { kind: 'array', name: '[0]int', elem: 2, len: 0 }],
    [70, { kind: 'map', name: 'map[string]interface {}', key: 6, elem: 8 }],
    [71, { kind: 'marshaler', name: 'Time', method: 'GobEncoder' }],
    [72, { kind: 'marshaler', name: 'URL', method: 'BinaryMarshaler' }],
    [73, { kind: 'marshaler', name: 'IP', method: 'TextMarshaler' }],
    [74, { kind: 'slice', name: '', elem: 74 }],
  ];
  it.each(samples)('round-trips type %i', (id, wire) => {
    const w = new ByteWriter();
    writeWireType(w, id, wire);
    const r = readerOf(w.bytes());
    expect(readWireType(r)).toEqual(wire);
    expect(r.pos).toBe(r.end);
  });

  it('writes the Point definition byte for byte as Go does', () => {
    const w = new ByteWriter();
    w.int(-65);
    writeWireType(w, 65, samples[0]![1]);
    expect(Buffer.from(w.bytes()).toString('hex')).toBe(
      'ff81' + '0301010550' + '6f696e74' + '01ff8200' + '0102' + '010158' + '010400' + '010159' + '010400' + '0000',
    );
  });

  it.each([
    ['no variant', '00', /empty wireType/],
    // SliceT {CommonType{}, Elem 6} followed by a second variant, MapT.
    ['two variants', '02 01 00 01 0c 00 02 01 00 01 0c 01 10 00 00', /more than one kind/],
    ['a field number out of range', '08 00', /out of bounds in wireType/],
    ['a slice without element', '02 01 00 00 00', /without element type/],
    ['a negative array length', '01 01 00 01 04 01 01 00 00', /invalid array length -1/],
    ['element id 0', '02 01 00 01 00 00 00', /invalid type id 0/],
    ['a truncated name', '03 01 01 05 50', /exceeds the 1 bytes left/],
    ['a field count past the message', '03 01 00 01 7f', /field count 127 exceeds input size/],
  ])('rejects %s', (_what, hex, message) => {
    expect(() => readWireType(readerOf(fromHex(hex)))).toThrow(message);
  });
});
