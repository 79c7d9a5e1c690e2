// A small DER (ASN.1 Distinguished Encoding Rules) writer: just what an X.509 certificate needs.

/** Concatenates byte arrays. */
export function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function length(n) {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One element: tag, length, content. */
export function tlv(tag, content) {
  return concat([Uint8Array.of(tag), length(content.length), content]);
}

export const sequence = (...items) => tlv(0x30, concat(items));
export const set = (...items) => tlv(0x31, concat(items));
export const boolean = (v) => tlv(0x01, Uint8Array.of(v ? 0xff : 0x00));
export const octetString = (bytes) => tlv(0x04, bytes);
export const utf8String = (s) => tlv(0x0c, new TextEncoder().encode(s));
/** `[n] EXPLICIT`: a constructed context-specific wrapper. */
export const explicit = (n, content) => tlv(0xa0 | n, content);
/** `[n] IMPLICIT` of a primitive type: context-specific tag over the raw content. */
export const implicit = (n, bytes) => tlv(0x80 | n, bytes);

/** A non-negative INTEGER from a number or big-endian magnitude bytes, minimally encoded. */
export function integer(v) {
  let bytes;
  if (typeof v === "number") {
    bytes = [];
    for (let n = v; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
    bytes = Uint8Array.from(bytes);
  } else {
    bytes = v;
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Uint8Array.of(0);
  if (bytes[0] & 0x80) bytes = concat([Uint8Array.of(0), bytes]);
  return tlv(0x02, bytes);
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted) {
  const arcs = dotted.split(".").map(Number);
  const out = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** A BIT STRING with `unused` trailing bits in the last byte. */
export function bitString(bytes, unused = 0) {
  return tlv(0x03, concat([Uint8Array.of(unused), bytes]));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5), to the second. */
export function time(date) {
  const iso = date.toISOString(); // 2026-01-02T03:04:05.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, "") + "Z"; // 20260102030405Z
  const year = date.getUTCFullYear();
  const enc = new TextEncoder();
  return year < 2050 ? tlv(0x17, enc.encode(digits.slice(2))) : tlv(0x18, enc.encode(digits));
}
