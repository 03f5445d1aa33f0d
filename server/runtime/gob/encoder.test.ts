import { describe, expect, it } from 'vitest';
import { Decoder } from './decoder';
import { Encoder } from './encoder';
import { GobError } from './errors';
import { TypedValue, TypeRegistry, withGoType } from './interface';
import { GoTime, timeTime, urlURL } from './marshalers';
import {
  arrayOf,
  bool,
  bytes,
  defineFields,
  defineStruct,
  emptyStruct,
  field,
  float32,
  float64,
  iface,
  int,
  int8,
  mapOf,
  ptr,
  sliceOf,
  string,
  uint,
  uint8,
  type GobType,
} from './schema';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const Point = defineStruct('main.Point', [field('X', int), field('Y', int)]);

function roundTrip(type: GobType, value: unknown, registry?: TypeRegistry): unknown {
  const bytesOut = new Encoder({ registry }).encode(type, value);
  const dec = new Decoder({ registry });
  dec.push(bytesOut);
  const got = dec.next(type);
  expect(dec.buffered).toBe(0);
  return got!.value;
}

describe('Encoder messages', () => {
  it("matches doc.go's Point example, and sends the definition only once", () => {
    const enc = new Encoder();
    expect(hex(enc.encode(Point, { X: 22, Y: 33 }))).toBe(
      '1fff81030101055' + '06f696e7401ff82000102010158010400010159010400000007ff82012c014200',
    );
    expect(hex(enc.encode(Point, { X: 22, Y: 33 }))).toBe('07ff82012c014200');
  });

  it('sends a top-level non-struct as a singleton, zero included (doc.go: int 3 is 03 04 00 06)', () => {
    const enc = new Encoder();
    expect(hex(enc.encode(int, 3))).toBe('03040006');
    expect(hex(enc.encode(int, 0))).toBe('03040000');
    expect(hex(enc.encode(string, ''))).toBe('030c0000');
    expect(hex(enc.encode(float64, -0))).toBe('040800ff80');
    expect(hex(enc.encode(ptr(int), 5))).toBe('0304000a');
  });

  it('gives equal unnamed composites one id and defines types used only inside interfaces ahead of the value', () => {
    const enc = new Encoder();
    const first = enc.encode(mapOf(string, iface), { a: ['x'], b: { c: 1 } });
    // Definitions: map[string]interface {} (65), []interface {} (66), then the value message.
    const dec = new Decoder();
    dec.push(first);
    expect(dec.next()).toEqual({ value: { a: ['x'], b: { c: 1 } } });
    const again = enc.encode(sliceOf(iface), [{ d: [] }]);
    expect(hex(again).startsWith('ff')).toBe(false); // no new definitions: one message
    dec.push(again);
    expect(dec.next()).toEqual({ value: [{ d: [] }] });
  });

  it('treats []uint8 as bytes, like Go', () => {
    const enc = new Encoder();
    expect(hex(enc.encode(sliceOf(uint8), Uint8Array.of(1, 2)))).toBe(hex(new Encoder().encode(bytes, Uint8Array.of(1, 2))));
  });
});

describe('zero values in structs (Go omits them)', () => {
  const All = defineStruct('main.All', [
    field('B', bool),
    field('I', int),
    field('F', float64),
    field('S', string),
    field('Bs', bytes),
    field('Sl', sliceOf(int)),
    field('M', mapOf(string, int)),
    field('P', ptr(int)),
    field('PS', ptr(Point)),
    field('In', iface),
    field('St', Point),
    field('Ar', arrayOf(int, 2)),
    field('T', timeTime),
    field('PT', ptr(timeTime)),
    field('U', urlURL),
    field('PU', ptr(urlURL)),
    field('E', emptyStruct),
  ]);

  it('omits zero scalars, empty slices and nil maps/pointers; always sends structs, arrays, url.URL values', () => {
    const zero = roundTrip(All, {}) as Record<string, unknown>;
    expect(zero).toEqual({
      B: false,
      I: 0,
      F: 0,
      S: '',
      Bs: null,
      Sl: null,
      M: null,
      P: null,
      PS: null,
      In: null,
      St: { X: 0, Y: 0 },
      Ar: [0, 0],
      T: GoTime.zero,
      PT: null,
      U: '',
      PU: null,
      E: {},
    });
    // St (10), Ar (11), U (14) and E (16) are on the wire; nothing else.
    const enc = new Encoder();
    enc.encode(All, {});
    expect(hex(enc.encode(All, {}))).toBe('0dff82' + '0b00' + '01020000' + '0300' + '0200' + '00');
  });

  it('sends empty non-nil maps, pointers to structs and non-nil *time.Time, but not pointers to zero scalars', () => {
    const v = roundTrip(All, { M: {}, P: 0, PS: {}, PT: GoTime.zero, PU: '', F: -0, Sl: [] }) as Record<string, unknown>;
    expect(v.M).toEqual({});
    expect(v.P).toBeNull();
    expect(v.PS).toEqual({ X: 0, Y: 0 });
    expect(v.PT).toEqual(GoTime.zero);
    expect(v.PU).toBe('');
    expect(Object.is(v.F, 0)).toBe(true); // -0 is == 0 and omitted
    expect(v.Sl).toBeNull();
  });

  it('sends zero elements inside slices, arrays and maps', () => {
    expect(roundTrip(sliceOf(ptr(int)), [0, 1])).toEqual([0, 1]);
    expect(roundTrip(mapOf(string, bool), { f: false })).toEqual({ f: false });
    expect(roundTrip(sliceOf(Point), [{}, { X: 1 }])).toEqual([
      { X: 0, Y: 0 },
      { X: 1, Y: 0 },
    ]);
  });
});

describe('Encoder errors', () => {
  it('refuses nil pointers at the top level and as elements', () => {
    expect(() => new Encoder().encode(ptr(Point), null)).toThrow(/cannot encode nil pointer of type \*main.Point/);
    expect(() => new Encoder().encode(sliceOf(ptr(Point)), [{}, null])).toThrow(/nil pointer.*\(at \[1\]\)/);
    expect(() => new Encoder().encode(mapOf(string, ptr(int)), { a: null })).toThrow(/nil pointer.*\{a\}/);
    const registry = new TypeRegistry();
    registry.register('*main.Point', ptr(Point));
    expect(() => new Encoder({ registry }).encode(iface, new TypedValue('*main.Point', null))).toThrow(/inside interface/);
  });

  it('range-checks integers against their width, both number and bigint', () => {
    const S = defineStruct('main.S', [field('I8', int8), field('U', uint), field('F', float32)]);
    expect(() => new Encoder().encode(S, { I8: 128 })).toThrow(/value 128 out of range for int8 \(at .I8\)/);
    expect(() => new Encoder().encode(S, { I8: -129n })).toThrow(/out of range for int8/);
    expect(() => new Encoder().encode(S, { U: -1 })).toThrow(/out of range for uint64/);
    expect(() => new Encoder().encode(S, { U: 2n ** 64n })).toThrow(/out of range for uint64/);
    expect(() => new Encoder().encode(S, { I8: 1.5 })).toThrow(/expected an integer/);
    expect(() => new Encoder().encode(S, { F: 1e39 })).toThrow(/out of range for float32/);
    expect(() => new Encoder().encode(int, 2 ** 63)).toThrow(/out of range for int64/);
    expect(roundTrip(int, -(2 ** 63))).toBe(-(2n ** 63n));
    expect(roundTrip(uint, 2 ** 64 - 2048)).toBe(2n ** 64n - 2048n);
  });

  it('names the field path of a wrong value', () => {
    const Outer = defineStruct('main.Outer', [field('Items', sliceOf(mapOf(string, Point)), 'items')]);
    expect(() => new Encoder().encode(Outer, { items: [{}, { k: { X: 'one' } }] })).toThrow(
      /expected a number or bigint for int64, got "one" \(at .Items\[1\]\{k\}.X\)/,
    );
  });

  it('refuses interface values it cannot name', () => {
    expect(() => new Encoder().encode(iface, new Map())).toThrow(/cannot send a Map in an interface/);
    expect(() => new Encoder().encode(iface, new TypedValue('main.Unknown', 1))).toThrow(/type not registered for interface: main.Unknown/);
    expect(() => new Encoder().encode(iface, GoTime.zero)).toThrow(/cannot send a GoTime/);
  });

  it('detects cyclic values instead of overflowing the stack', () => {
    const Node = defineStruct('main.Node');
    defineFields(Node, [field('Next', ptr(Node))]);
    const a: Record<string, unknown> = {};
    a.Next = a;
    expect(() => new Encoder().encode(Node, a)).toThrow(/nested deeper than 1000 levels/);
  });

  it('forgets the types of a failed encode, so the next one defines them again', () => {
    const Inner = defineStruct('main.Inner', [field('N', int8)]);
    const Outer = defineStruct('main.Outer2', [field('In', Inner), field('L', sliceOf(Inner))]);
    const enc = new Encoder();
    expect(() => enc.encode(Outer, { In: { N: 1 }, L: [{ N: 300 }] })).toThrow(GobError);
    const dec = new Decoder();
    dec.push(enc.encode(Outer, { L: [{ N: 2 }] }));
    expect(dec.next(Outer)).toEqual({ value: { In: { N: 0 }, L: [{ N: 2 }] } });
    // And an interface value's types, defined mid-encode, are forgotten too.
    const failing = enc.encode.bind(enc, mapOf(string, iface), { a: [1], b: new Map() });
    expect(failing).toThrow(GobError);
    dec.push(enc.encode(mapOf(string, iface), { a: [1] }));
    expect(dec.next()).toEqual({ value: { a: [1] } });
  });
});

describe('interface values', () => {
  it('maps JS values to Go types and back', () => {
    const v = roundTrip(mapOf(string, iface), {
      s: 's',
      n: 1.5,
      big: 2n ** 60n,
      t: true,
      nil: null,
      b: Uint8Array.of(1),
      list: [1, 'a', [null]],
      obj: { k: { j: false } },
      i: new TypedValue('int', 7),
      u8: new TypedValue('uint8', 255),
      strs: withGoType(['a', 'b'], '[]string'),
    }) as Record<string, unknown>;
    expect(v).toEqual({
      s: 's',
      n: 1.5,
      big: 2n ** 60n,
      t: true,
      nil: null,
      b: Uint8Array.of(1),
      list: [1, 'a', [null]],
      obj: { k: { j: false } },
      i: new TypedValue('int', 7, int),
      u8: new TypedValue('uint8', 255, uint8),
      strs: ['a', 'b'],
    });
  });

  it('sends a registered struct under its registered name', () => {
    const registry = new TypeRegistry();
    registry.register('main.Point', Point);
    const out = new Encoder({ registry }).encode(iface, new TypedValue('main.Point', { X: 1, Y: 2 }));
    expect(Buffer.from(out).includes(Buffer.from('main.Point'))).toBe(true);
    expect(roundTrip(iface, withGoType({ X: 1, Y: 2 }, 'main.Point'), registry)).toEqual({ X: 1, Y: 2 });
  });
});

describe('Encoder.encodeBatch', () => {
  const Header = defineStruct('rpc.Response', [field('ServiceMethod', string), field('Seq', uint)]);

  it('writes the values in order, each after the definitions it introduces', () => {
    const enc = new Encoder();
    const batch = enc.encodeBatch([
      [Header, { ServiceMethod: 'A.B', Seq: 1 }],
      [Point, { X: 1, Y: 2 }],
    ]);
    const dec = new Decoder();
    dec.push(batch);
    expect(dec.next(Header)!.value).toEqual({ ServiceMethod: 'A.B', Seq: 1 });
    expect(dec.next(Point)!.value).toEqual({ X: 1, Y: 2 });
    expect(dec.buffered).toBe(0);
    // Both types are known now: the next batch carries no definitions.
    const again = enc.encodeBatch([
      [Header, { ServiceMethod: 'A.B', Seq: 2 }],
      [Point, { X: 3, Y: 4 }],
    ]);
    expect(again.length).toBeLessThan(batch.length / 2);
  });

  it('keeps no type state when a later value fails', () => {
    const enc = new Encoder();
    expect(() =>
      enc.encodeBatch([
        [Header, { ServiceMethod: 'A.B', Seq: 1 }],
        [int8, 1000],
      ]),
    ).toThrow(GobError);
    // The header's definition was not committed, so it is sent (and decodes) now.
    const dec = new Decoder();
    dec.push(enc.encodeBatch([[Header, { ServiceMethod: 'C.D', Seq: 9 }]]));
    expect(dec.next(Header)!.value).toEqual({ ServiceMethod: 'C.D', Seq: 9 });
  });
});

describe('large byte slices', () => {
  const Write = defineStruct('main.Chunk', [field('Name', string), field('Data', bytes), field('Tail', string)]);

  it('are sent from the caller memory, between copied parts, and decode the same', () => {
    const data = new Uint8Array(100_000).map((_, i) => i * 31);
    const enc = new Encoder();
    const chunks = enc.encodeBatchChunks([
      [string, 'header'],
      [Write, { Name: 'n', Data: data, Tail: 't' }],
      [bytes, data],
    ]);
    expect(chunks.filter((c) => c === data)).toHaveLength(2); // the same object, not a copy
    const dec = new Decoder();
    for (const c of chunks) dec.push(c);
    expect(dec.next(string)!.value).toBe('header');
    expect(dec.next(Write)!.value).toEqual({ Name: 'n', Data: data, Tail: 't' });
    expect(dec.next(bytes)!.value).toEqual(data);
    expect(dec.buffered).toBe(0);
  });

  it('inside an interface value are copied, keeping the value contiguous', () => {
    const data = new Uint8Array(70_000).fill(7);
    const chunks = new Encoder().encodeBatchChunks([[iface, new TypedValue('[]uint8', data)]]);
    expect(chunks).toHaveLength(1);
    const dec = new Decoder();
    dec.push(chunks[0]!);
    expect(dec.next(iface)!.value).toEqual(data);
  });
});
