/** The OpenID Connect routes (backend/oidc/controllers.py). */
import { del, get, post } from "../../shared/api/client";
import type { Schemas } from "../../shared/api/openapi";

export type SignInProvider = Schemas["ProviderOut"];

export type LinkedIdentity = Schemas["LinkedIdentity"];

export const PROVIDERS_KEY = ["auth", "providers"];
export const IDENTITIES_KEY = ["auth", "identities"];

export const oidcEndpoints = {
  providers: () => get<SignInProvider[]>("/auth/providers"),
  identities: () => get<LinkedIdentity[]>("/auth/me/identities"),
  startLink: (provider: string) =>
    post<Schemas["LinkStarted"]>(`/auth/oidc/${encodeURIComponent(provider)}/link`),
  unlink: (id: number) => del<void>(`/auth/me/identities/${id}`),
};

/** The message key of an `oidc_error` the server put in the address, if it is one we know. */
export function oidcErrorKey(search: string): string | undefined {
  const code = new URLSearchParams(search).get("oidc_error");
  const known = ["state", "denied", "refused", "unavailable", "email_in_use", "disabled", "linked_elsewhere"];
  return code && known.includes(code) ? `oidc:errors.${code}` : undefined;
}
