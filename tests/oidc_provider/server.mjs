// A real OpenID Connect provider for the OIDC sign-in tests: panva/node-oidc-provider (OpenID
// Certified), configured from the environment by tests/backend/oidc/provider.py.
//   OIDC_PORT      the port to listen on (127.0.0.1); the issuer is http://127.0.0.1:<port>
//   OIDC_CLIENTS   JSON list of client metadata (client_id, client_secret, redirect_uris, ...)
//   OIDC_ACCOUNTS  JSON object: login name -> claims (email, email_verified, name); the login
//                  name is the subject (sub). The sign-in form accepts any password.
// Prints "ready <issuer>" once it listens.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || "{}");

const provider = new Provider(issuer, {
  clients: JSON.parse(process.env.OIDC_CLIENTS || "[]"),
  async findAccount(ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...accounts[id] }; } };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  scopes: ["openid", "email", "profile"],
  // the claims of the granted scopes go into the ID token (as LINE Login, Entra ID and Keycloak
  // do); Kyoso reads them from there
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: ["kyoso-test-provider-cookie-key"] },
  features: { devInteractions: { enabled: true } },
});
provider.proxy = false;
provider.on("server_error", (ctx, error) => console.error("server_error", error));

provider.listen(port, "127.0.0.1", () => console.log(`ready ${issuer}`));
