// An HS256 signer written independently of jose (node crypto + hand-written base64url), so that the
// tests check the verifier against the JWS format itself rather than against the library it uses.
import { createHmac, createSign, generateKeyPairSync } from "node:crypto";

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function signingInput(header: object, claims: object): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
}

/** A compact JWS over `claims` with HMAC (`HS256` by default, `HS512` on request). */
export function signHmac(claims: object, secret: string, alg: "HS256" | "HS512" = "HS256"): string {
  const input = signingInput({ alg, typ: "JWT" }, claims);
  const digest = alg === "HS256" ? "sha256" : "sha512";
  return `${input}.${base64url(createHmac(digest, secret).update(input).digest())}`;
}

/** An unsecured token: `alg: none` and an empty signature. */
export function signNone(claims: object): string {
  return `${signingInput({ alg: "none", typ: "JWT" }, claims)}.`;
}

/** A genuine RS256 token made with a fresh RSA key. */
export function signRs256(claims: object): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const input = signingInput({ alg: "RS256", typ: "JWT" }, claims);
  return `${input}.${base64url(createSign("RSA-SHA256").update(input).sign(privateKey))}`;
}

/** Replaces the payload of a token while keeping its header and signature (a tampered delivery). */
export function withPayload(token: string, claims: object): string {
  const [header, , signature] = token.split(".");
  return `${header}.${base64url(JSON.stringify(claims))}.${signature}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
