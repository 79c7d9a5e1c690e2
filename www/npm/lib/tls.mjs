// A self-signed X.509 v3 certificate made with node:crypto alone (no openssl binary).
import crypto from "node:crypto";
import net from "node:net";
import * as der from "./asn1.mjs";

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
};

/**
 * An ECDSA P-256 key and a self-signed certificate for `hosts` (DNS names or IP addresses), valid
 * from an hour ago for `days` days. The certificate is its own CA, so a client trusts the server by
 * trusting this certificate (kubeconfig `certificate-authority-data`).
 * @param {{ hosts?: string[], days?: number, commonName?: string }} [options]
 * @returns {{ key: string, cert: string }} PEM texts
 */
export function selfSignedCertificate({ hosts = ["localhost", "127.0.0.1"], days = 365, commonName = "jobsim" } = {}) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const jwk = publicKey.export({ format: "jwk" });
  const point = der.concat([Uint8Array.of(4), b64url(jwk.x), b64url(jwk.y)]);

  const now = Date.now();
  const name = der.sequence(
    der.set(der.sequence(der.oid(OID.commonName), der.utf8String(commonName))),
    der.set(der.sequence(der.oid(OID.organization), der.utf8String("jobsim"))),
  );
  const algorithm = der.sequence(der.oid(OID.ecdsaWithSha256));
  const serial = crypto.randomBytes(16);
  serial[0] &= 0x7f; // positive
  serial[0] |= 0x01; // and not shortened by minimal encoding

  const tbs = der.sequence(
    der.explicit(0, der.integer(2)), // v3
    der.integer(new Uint8Array(serial)),
    algorithm,
    name,
    der.sequence(der.time(new Date(now - 3600_000)), der.time(new Date(now + days * 86400_000))),
    name,
    spki,
    der.explicit(
      3,
      der.sequence(
        extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
        // digitalSignature (bit 0) and keyCertSign (bit 5): 6 bits used, 2 unused.
        extension(OID.keyUsage, true, der.bitString(Uint8Array.of(0x84), 2)),
        extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth))),
        extension(OID.subjectAltName, false, der.sequence(...unique(hosts).map(generalName))),
        extension(OID.subjectKeyIdentifier, false, der.octetString(crypto.createHash("sha1").update(point).digest())),
      ),
    ),
  );
  const signature = crypto.sign("sha256", tbs, privateKey); // DER-encoded ECDSA-Sig-Value
  const certificate = der.sequence(tbs, algorithm, der.bitString(new Uint8Array(signature)));
  return {
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    cert: pem("CERTIFICATE", certificate),
  };
}

function extension(id, critical, value) {
  return critical
    ? der.sequence(der.oid(id), der.boolean(true), der.octetString(value))
    : der.sequence(der.oid(id), der.octetString(value));
}

/** A SAN entry: `[7] iPAddress` for IPv4/IPv6 literals, `[2] dNSName` otherwise. */
function generalName(host) {
  const version = net.isIP(host);
  if (version === 4) return der.implicit(7, Uint8Array.from(host.split(".").map(Number)));
  if (version === 6) return der.implicit(7, ipv6Bytes(host));
  return der.implicit(2, new TextEncoder().encode(host));
}

/** The 16 bytes of an IPv6 literal (with `::` and an optional dotted IPv4 tail). */
export function ipv6Bytes(text) {
  let s = text.replace(/%.*$/, "");
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4[1].split(".").map(Number);
    s = s.slice(0, v4.index) + ((a << 8) | b).toString(16) + ":" + ((c << 8) | d).toString(16);
  }
  const [head, tail] = s.includes("::") ? s.split("::") : [s, undefined];
  const h = head ? head.split(":") : [];
  const t = tail === undefined ? [] : tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

function unique(hosts) {
  return [...new Set(hosts.filter((h) => h && h !== "0.0.0.0" && h !== "::"))];
}

function b64url(s) {
  return new Uint8Array(Buffer.from(s, "base64url"));
}

function pem(label, bytes) {
  const b64 = Buffer.from(bytes).toString("base64");
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g).join("\n")}\n-----END ${label}-----\n`;
}
