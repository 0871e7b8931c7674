import { stableUuid } from "../lib/ids.js";
import type { SandboxUser } from "../world/types.js";

/** The GoTrue user object (what /token and /user return). */
export function userShape(user: SandboxUser, lastSignInAt: string) {
  const identityData = { email: user.email, email_verified: true, phone_verified: false, sub: user.id };
  return {
    id: user.id,
    aud: "authenticated",
    role: "authenticated",
    email: user.email,
    email_confirmed_at: user.createdAt,
    phone: "",
    confirmed_at: user.createdAt,
    last_sign_in_at: lastSignInAt,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: identityData,
    identities: [
      {
        identity_id: stableUuid(`identity:${user.id}`),
        id: user.id,
        user_id: user.id,
        identity_data: identityData,
        provider: "email",
        last_sign_in_at: lastSignInAt,
        created_at: user.createdAt,
        updated_at: lastSignInAt,
        email: user.email,
      },
    ],
    created_at: user.createdAt,
    updated_at: lastSignInAt,
    is_anonymous: false,
  };
}
