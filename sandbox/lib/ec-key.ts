import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from "node:crypto";
import { newId } from "./ids.js";

export interface StoredEcKey {
  kid: string;
  createdAt: number;
  privateJwk: JsonWebKey;
}

/**
 * An ES256 (P-256) signing key with a `kid`, for Supabase access tokens and Plaid webhook JWTs.
 * Generated synchronously so the sandbox starts fast; storable in the state file.
 */
export class EcSigningKey {
  private constructor(
    readonly kid: string,
    readonly createdAt: number,
    readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  static generate(): EcSigningKey {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    return new EcSigningKey(newId(), Math.floor(Date.now() / 1000), privateKey, publicKey);
  }

  static fromStored(stored: StoredEcKey): EcSigningKey {
    const privateKey = createPrivateKey({ key: stored.privateJwk, format: "jwk" });
    return new EcSigningKey(stored.kid, stored.createdAt, privateKey, createPublicKey(privateKey));
  }

  /** The public JWK (what JWKS endpoints publish). */
  publicJwk(): { kty: string; crv: string; x: string; y: string; kid: string; alg: "ES256"; use: "sig" } {
    const jwk = this.publicKey.export({ format: "jwk" });
    return {
      kty: String(jwk.kty),
      crv: String(jwk.crv),
      x: String(jwk.x),
      y: String(jwk.y),
      kid: this.kid,
      alg: "ES256",
      use: "sig",
    };
  }

  toStored(): StoredEcKey {
    return {
      kid: this.kid,
      createdAt: this.createdAt,
      privateJwk: this.privateKey.export({ format: "jwk" }),
    };
  }
}
