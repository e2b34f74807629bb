/**
 * A minimal Thrift compact-protocol writer: the subset Parquet's page headers and footer need (structs,
 * i32, i64, binary, lists). Writing it directly avoids building parquetjs's thrift objects per page.
 */

/** Compact-protocol type ids. */
export const T = { TRUE: 1, FALSE: 2, I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

/** Accumulates bytes; `struct` calls nest. */
export class CompactWriter {
  #bytes: number[] = [];
  #lastField: number[] = [0];

  #varint(value: number): void {
    let v = value >>> 0;
    while (v >= 0x80) {
      this.#bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.#bytes.push(v);
  }

  #varint64(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.#bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.#bytes.push(Number(v));
  }

  #fieldHeader(id: number, type: number): void {
    const last = this.#lastField[this.#lastField.length - 1] as number;
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.#bytes.push((delta << 4) | type);
    else {
      this.#bytes.push(type);
      this.#varint(((id << 1) ^ (id >> 31)) >>> 0);
    }
    this.#lastField[this.#lastField.length - 1] = id;
  }

  i32(id: number, value: number): this {
    this.#fieldHeader(id, T.I32);
    this.#varint(((value << 1) ^ (value >> 31)) >>> 0);
    return this;
  }

  i64(id: number, value: number | bigint): this {
    this.#fieldHeader(id, T.I64);
    const v = BigInt(value);
    this.#varint64((v << 1n) ^ (v >> 63n));
    return this;
  }

  binary(id: number, value: string | Uint8Array): this {
    this.#fieldHeader(id, T.BINARY);
    this.#rawBinary(value);
    return this;
  }

  #rawBinary(value: string | Uint8Array): void {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.#varint(bytes.length);
    for (const b of bytes) this.#bytes.push(b);
  }

  #listHeader(size: number, elementType: number): void {
    if (size < 15) this.#bytes.push((size << 4) | elementType);
    else {
      this.#bytes.push(0xf0 | elementType);
      this.#varint(size);
    }
  }

  /** A struct field: `body` writes the struct's own fields. */
  struct(id: number, body: (w: this) => void): this {
    this.#fieldHeader(id, T.STRUCT);
    this.#nested(body);
    return this;
  }

  #nested(body: (w: this) => void): void {
    this.#lastField.push(0);
    body(this);
    this.#bytes.push(0);
    this.#lastField.pop();
  }

  listI32(id: number, values: readonly number[]): this {
    this.#fieldHeader(id, T.LIST);
    this.#listHeader(values.length, T.I32);
    for (const v of values) this.#varint(((v << 1) ^ (v >> 31)) >>> 0);
    return this;
  }

  listBinary(id: number, values: readonly string[]): this {
    this.#fieldHeader(id, T.LIST);
    this.#listHeader(values.length, T.BINARY);
    for (const v of values) this.#rawBinary(v);
    return this;
  }

  listStruct<V>(id: number, values: readonly V[], body: (w: this, value: V) => void): this {
    this.#fieldHeader(id, T.LIST);
    this.#listHeader(values.length, T.STRUCT);
    for (const v of values) this.#nested((w) => body(w, v));
    return this;
  }

  /** Ends the top-level struct and returns its bytes. */
  finish(): Buffer {
    this.#bytes.push(0);
    return Buffer.from(this.#bytes);
  }
}
