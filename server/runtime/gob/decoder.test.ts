import { describe, expect, it } from 'vitest';
import { Decoder } from './decoder';
import { Encoder } from './encoder';
import { GobError } from './errors';
import { GO_TYPE, goTypeOf, TypedValue, TypeRegistry, withGoType } from './interface';
import { ByteWriter } from './primitives';
import {
  bool,
  bytes,
  defineFields,
  defineStruct,
  field,
  iface,
  int,
  int8,
  mapOf,
  ptr,
  sliceOf,
  string,
  uint,
  type GobType,
} from './schema';
import { timeTime } from './marshalers';
import { writeWireType, type WireType } from './wiretype';

const fromHex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

/** A message: uint length, then the body. */
function message(body: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  w.uint(body.length);
  w.raw(body);
  return w.bytes();
}

function definition(id: number, wire: WireType): Uint8Array {
  const w = new ByteWriter();
  w.int(-id);
  writeWireType(w, id, wire);
  return message(w.bytes());
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

function encodeAll(type: GobType, values: unknown[], registry?: TypeRegistry): Uint8Array {
  const enc = new Encoder({ registry });
  return concat(...values.map((v) => enc.encode(type, v)));
}

const Point = defineStruct('main.Point', [field('X', int), field('Y', int)]);

describe('incomplete input', () => {
  it('returns undefined until the value has arrived, then decodes it; a retry after every byte works', () => {
    const stream = encodeAll(Point, [{ X: 1, Y: 2 }, { X: 3 }]);
    const dec = new Decoder();
    const seen: unknown[] = [];
    for (const b of stream) {
      dec.push(Uint8Array.of(b));
      for (let got = dec.next(Point); got !== undefined; got = dec.next(Point)) seen.push(got.value);
    }
    expect(seen).toEqual([
      { X: 1, Y: 2 },
      { X: 3, Y: 0 },
    ]);
    expect(dec.buffered).toBe(0);
    expect(dec.next(Point)).toBeUndefined();
  });

  // Go splits a value when an interface brings a new type: the first message
  // ends after the definition, the rest of the value follows in the next.
  const Holder = defineStruct('main.Holder', [field('V', iface), field('After', string)]);
  const P = defineStruct('main.P', [field('N', int)]);
  function splitStream(): Uint8Array {
    const head = new ByteWriter();
    head.int(65); // value of type 65 (Holder)
    head.uint(1); // field V
    head.string('main.P');
    head.int(-66); // definition of 66, inside the value's message
    writeWireType(head, 66, { kind: 'struct', name: 'P', fields: [{ name: 'N', id: 2 }] });
    const tail = new ByteWriter();
    tail.int(66);
    tail.uint(3); // byte count of the concrete value
    tail.raw(fromHex('01 0a 00')); // P{N: 5}
    tail.uint(1); // field After
    tail.string('end');
    tail.byte(0);
    return concat(
      definition(65, { kind: 'struct', name: 'Holder', fields: [{ name: 'V', id: 8 }, { name: 'After', id: 6 }] }),
      message(head.bytes()),
      message(tail.bytes()),
    );
  }

  it("continues a value in the next message when Go split it (decodeTypeSequence)", () => {
    const registry = new TypeRegistry();
    registry.register('main.P', P);
    const dec = new Decoder({ registry });
    dec.push(splitStream());
    const got = dec.next(Holder)!.value as { V: unknown; After: string };
    expect(got).toEqual({ V: { N: 5 }, After: 'end' });
    expect(goTypeOf(got.V)).toBe('main.P');
  });

  it('undoes the definitions read mid-value when the continuation is missing', () => {
    const stream = splitStream();
    const dec = new Decoder();
    dec.push(stream.subarray(0, stream.length - 4));
    expect(dec.next(Holder)).toBeUndefined();
    expect(dec.wireType(65)).toBeUndefined();
    expect(dec.wireType(66)).toBeUndefined();
    expect(dec.buffered).toBe(stream.length - 4);
    dec.push(stream.subarray(stream.length - 4));
    expect(dec.next(Holder)).toEqual({ value: { V: { N: 5 }, After: 'end' } });
  });
});

describe('type definitions', () => {
  const point: WireType = { kind: 'struct', name: 'Point', fields: [{ name: 'X', id: 2 }] };

  it('rejects ids below 64 and redefinitions, as Go does', () => {
    // Definitions are read when the value they precede has arrived.
    const value = message(fromHex('ff80 01 02 00'));
    const reserved = new Decoder();
    reserved.push(concat(definition(63, point), value));
    expect(() => reserved.next()).toThrow(/type id 63 is reserved/);
    const dec = new Decoder();
    dec.push(concat(definition(64, point), definition(64, point), value));
    expect(() => dec.next()).toThrow(/duplicate type received: id 64/);
    expect(dec.next()).toEqual({ value: { X: 1 } }); // the first definition of 64 stays
  });

  it('rejects extra bytes after a top-level definition', () => {
    const w = new ByteWriter();
    w.int(-65);
    writeWireType(w, 65, point);
    w.byte(7);
    const dec = new Decoder();
    dec.push(concat(message(w.bytes()), message(fromHex('ff82 00'))));
    expect(() => dec.next()).toThrow(/extra data in buffer/);
  });

  it('rejects values of undefined types', () => {
    const dec = new Decoder();
    dec.push(message(fromHex('ff84 00')));
    expect(() => dec.next()).toThrow(/unknown type id 66/);
  });
});

describe('errors', () => {
  it('fails the stream for good on an impossible message length', () => {
    const dec = new Decoder({ maxMessageSize: 1000 });
    dec.push(fromHex('fe 10 00'));
    expect(() => dec.next()).toThrow(/invalid message length/);
    dec.push(encodeAll(int, [1]));
    expect(() => dec.next()).toThrow(/invalid message length/);
  });

  it('skips a bad value and goes on with the next message, keeping definitions', () => {
    const S = defineStruct('main.S', [field('N', int8)]);
    const Wide = defineStruct('main.S', [field('N', int)]);
    const dec = new Decoder();
    dec.push(encodeAll(Wide, [{ N: 300 }, { N: 5 }]));
    expect(() => dec.next(S)).toThrow(/value 300 out of range for int8 \(at .N\) \[type id 65\] \[byte \d+\]/);
    expect(dec.next(S)).toEqual({ value: { N: 5 } });
  });

  it("checks compatibility like Go's compatibleType", () => {
    const Signed = defineStruct('main.T', [field('A', int), field('B', int)]);
    const Unsigned = defineStruct('main.T', [field('A', int), field('B', uint)]);
    const Other = defineStruct('main.T', [field('C', int)]);
    const stream = () => encodeAll(Signed, [{ A: 1, B: 2 }]);
    const decode = (type: GobType) => {
      const dec = new Decoder();
      dec.push(stream());
      return dec.next(type);
    };
    expect(() => decode(Unsigned)).toThrow(/wrong type \(uint64\) for received field T.B: remote type is int/);
    expect(() => decode(Other)).toThrow(/no fields matched compiling decoder for main.T/);
    expect(() => decode(mapOf(string, int))).toThrow(/wrong type/);
    const dec = new Decoder();
    dec.push(encodeAll(int, [1]));
    expect(() => dec.next(Signed)).toThrow(/want struct type main.T/);
  });

  it('requires the marshaler kind on the wire to match the schema, as Go does', () => {
    const asText = { ...timeTime, method: 'TextMarshaler' as const };
    const dec = new Decoder();
    dec.push(encodeAll(asText, [new Date(0)]));
    expect(() => dec.next(timeTime)).toThrow(/wrong type \(time.Time\).*remote type is Time \(marshaler\)/);
    const other = new Decoder();
    other.push(encodeAll(timeTime, [new Date(0)]));
    expect(() => other.next(string)).toThrow(/wrong type \(string\)/);
  });

  it('bounds nesting instead of overflowing the stack', () => {
    const Node = defineStruct('main.Node');
    defineFields(Node, [field('V', int), field('Next', ptr(Node))]);
    let list: Record<string, unknown> = { V: 0, Next: null };
    for (let i = 1; i < 1200; i++) list = { V: i, Next: list };
    const stream = new Encoder({ maxDepth: 2000 }).encode(Node, list);
    const strict = new Decoder();
    strict.push(stream);
    expect(() => strict.next(Node)).toThrow(/nested deeper than 1000 levels/);
    const lenient = new Decoder({ maxDepth: 2000 });
    lenient.push(stream);
    expect((lenient.next()!.value as { V: number }).V).toBe(1199);
  });

  it('refuses counts larger than the message before allocating', () => {
    // []int with a count of 2^40 and two bytes of data.
    const dec = new Decoder();
    dec.push(concat(definition(65, { kind: 'slice', name: '', elem: 2 }), message(fromHex('ff82 00 fa 010000000000 02 04'))));
    expect(() => dec.next()).toThrow(/length 1099511627776 exceeds input size/);
    // A string, a map and a nested interface name likewise.
    dec.push(message(fromHex('0c 00 fa 010000000000 41')));
    expect(() => dec.next()).toThrow(/string length 1099511627776 exceeds/);
  });
});

describe('schemas', () => {
  it('fills absent fields with Go zero values, leaves omitempty ones undefined, ignores unknown wire fields', () => {
    const Sent = defineStruct('main.V', [field('Name', string), field('Extra', mapOf(string, iface)), field('N', int)]);
    const Local = defineStruct('main.V', [
      field('Name', string, 'name'),
      field('N', int, 'n'),
      field('Missing', sliceOf(int), 'missing'),
      field('Opt', string, 'opt', true),
      field('When', timeTime, 'when'),
      field('Inner', Point, 'inner'),
    ]);
    const dec = new Decoder();
    dec.push(encodeAll(Sent, [{ Name: 'x', Extra: { a: [1, { b: null }], c: null }, N: 0 }]));
    const v = dec.next(Local)!.value as Record<string, unknown>;
    expect(v).toEqual({ name: 'x', n: 0, missing: null, opt: undefined, when: expect.anything(), inner: { X: 0, Y: 0 } });
    expect('opt' in v).toBe(true);
    expect(String(v.when)).toBe('0001-01-01T00:00:00Z');
  });

  it('skips unknown interface fields by parsing them, nil ones included', () => {
    const Sent = defineStruct('main.W', [field('A', iface), field('B', iface), field('C', string)]);
    const Local = defineStruct('main.W', [field('C', string)]);
    const dec = new Decoder();
    dec.push(encodeAll(Sent, [{ A: [{ x: 1 }], B: null, C: 'kept' }, { A: null, B: 'b', C: 'again' }]));
    expect(dec.next(Local)).toEqual({ value: { C: 'kept' } });
    expect(dec.next(Local)).toEqual({ value: { C: 'again' } });
  });

  it('decodes without a schema by Go field names, maps with other keys as Map, marshalers as raw bytes', () => {
    const Key = defineStruct('main.Key', [field('K', int)]);
    const T = defineStruct('main.T', [
      field('M', mapOf(Key, bool), 'm'),
      field('P', ptr(Point), 'p'),
      field('Z', int, 'z'),
      field('T', timeTime, 't'),
    ]);
    const dec = new Decoder();
    dec.push(encodeAll(T, [{ m: new Map([[{ K: 1 }, true]]), p: { X: 2 }, t: new Date(0) }]));
    const v = dec.next()!.value as Record<string, unknown>;
    expect(v.M).toEqual(new Map([[{ K: 1 }, true]]));
    expect(v.P).toEqual({ X: 2 });
    expect('Z' in v).toBe(false);
    expect(v.T).toBeInstanceOf(Uint8Array);
  });

  it('keeps a "__proto__" key as data', () => {
    const dec = new Decoder();
    dec.push(encodeAll(mapOf(string, int), [new Map([['__proto__', 1]])]));
    const v = dec.next(mapOf(string, int))!.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(v['__proto__']).toBe(1);
  });
});

describe('decoding into an existing value (Go semantics)', () => {
  const Item = defineStruct('main.Item', [field('A', int), field('B', string)]);
  const Doc = defineStruct('main.Doc', [
    field('Title', string),
    field('Count', int),
    field('Props', mapOf(string, iface)),
    field('Items', sliceOf(Item)),
    field('Ptr', ptr(Item)),
    field('Any', iface),
    field('Raw', bytes),
  ]);

  it('keeps absent fields, sets map entries key by key, reuses long-enough slices and pointers', () => {
    const dec = new Decoder();
    dec.push(
      encodeAll(Doc, [{ Title: 'new', Props: { b: 2, c: 3 }, Items: [{ B: 'x' }], Ptr: { B: 'p' }, Any: { fresh: true } }]),
    );
    const items = [{ A: 1, B: 'old' }, { A: 2, B: 'gone' }];
    const props = { a: 1, b: 1 };
    const pointee = { A: 7, B: 'old' };
    const anyValue = { stale: true };
    const into = { Title: 'old', Count: 9, Props: props, Items: items, Ptr: pointee, Any: anyValue, Raw: Uint8Array.of(1) };
    const got = dec.next(Doc, into)!.value;
    expect(got).toBe(into);
    expect(into.Title).toBe('new');
    expect(into.Count).toBe(9);
    expect(into.Props).toBe(props);
    expect(props).toEqual({ a: 1, b: 2, c: 3 });
    expect(into.Items).toBe(items);
    expect(items).toEqual([{ A: 1, B: 'x' }]); // element merged, slice cut to the sent length
    expect(into.Ptr).toBe(pointee);
    expect(pointee).toEqual({ A: 7, B: 'p' });
    expect(into.Any).toEqual({ fresh: true }); // interfaces are replaced
    expect([...into.Raw]).toEqual([1]);
  });

  it('replaces a slice that is too short and allocates nil pointers', () => {
    const dec = new Decoder();
    dec.push(encodeAll(Doc, [{ Items: [{ A: 1 }, { A: 2 }], Ptr: { A: 3 } }]));
    const short = [{ A: 9, B: 'keep?' }];
    const into: Record<string, unknown> = { Items: short, Ptr: null };
    dec.next(Doc, into);
    expect(into.Items).not.toBe(short);
    expect(into.Items).toEqual([
      { A: 1, B: '' },
      { A: 2, B: '' },
    ]);
    expect(into.Ptr).toEqual({ A: 3, B: '' });
  });

  it('merges the same way without a schema, by Go names', () => {
    const dec = new Decoder();
    dec.push(encodeAll(Doc, [{ Count: 2, Props: { x: 'y' } }]));
    const into = { Title: 'kept', Props: { w: 'z' } };
    dec.next(undefined, into);
    expect(into).toEqual({ Title: 'kept', Count: 2, Props: { w: 'z', x: 'y' } });
  });
});

describe('interface values keep their Go type', () => {
  it('tags decoded values so that re-encoding sends the same Go type, registered or not', () => {
    const Secret = defineStruct('main.Secret', [field('Code', int, 'code'), field('Tags', sliceOf(string), 'tags')]);
    const sender = new TypeRegistry();
    sender.register('*main.Secret', ptr(Secret));
    const stream = encodeAll(sliceOf(iface), [
      [
        new TypedValue('*main.Secret', { code: 7, tags: ['a'] }),
        new TypedValue('int32', -3),
        new TypedValue('[]int', [1, 2]),
        withGoType({ code: 1 }, '*main.Secret'),
        2n ** 60n,
        5,
      ],
    ], sender);
    // The receiver does not know main.Secret: it decodes it from the wire, by Go names.
    const receiver = new TypeRegistry();
    const dec = new Decoder({ registry: receiver });
    dec.push(stream);
    const list = dec.next()!.value as unknown[];
    expect(list[0]).toEqual({ Code: 7, Tags: ['a'] });
    expect(goTypeOf(list[0])).toBe('*main.Secret');
    expect(Object.keys(list[0] as object)).toEqual(['Code', 'Tags']); // the tag is not enumerable
    expect((list[0] as Record<symbol, unknown>)[GO_TYPE]).toMatchObject({ name: '*main.Secret' });
    expect(list[1]).toBeInstanceOf(TypedValue);
    expect(list.map(goTypeOf)).toEqual(['*main.Secret', 'int32', '[]int', '*main.Secret', 'int64', 'float64']);
    // Re-encoded by the receiver, the original sender decodes the original types.
    const back = new Encoder({ registry: receiver }).encode(sliceOf(iface), list);
    const original = new Decoder({ registry: sender });
    original.push(back);
    const again = original.next()!.value as unknown[];
    expect(again[0]).toEqual({ code: 7, tags: ['a'] });
    expect(again.map(goTypeOf)).toEqual(['*main.Secret', 'int32', '[]int', '*main.Secret', 'int64', 'float64']);
    expect((again[1] as TypedValue).value).toBe(-3);
  });

  it('refuses a registered name whose wire type does not fit the registered schema', () => {
    const sender = new TypeRegistry();
    sender.register('main.Thing', string);
    const receiver = new TypeRegistry();
    receiver.register('main.Thing', int);
    const dec = new Decoder({ registry: receiver });
    dec.push(new Encoder({ registry: sender }).encode(iface, new TypedValue('main.Thing', 'x')));
    expect(() => dec.next(iface)).toThrow(GobError);
  });
});
