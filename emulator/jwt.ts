// HS256 compact JWS signing, shared by event delivery and websocket URLs.
import { SignJWT } from "jose";

export async function signHs256(claims: Record<string, unknown>, secret: string | Uint8Array, expiresInSeconds?: number): Promise<string> {
  const key = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt();
  if (expiresInSeconds !== undefined) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds);
  return jwt.sign(key);
}
