/** Ways into the types generated from the server's OpenAPI schema (./schema.ts). */
import type { components, operations } from "./schema";

/** The named schemas: `Schemas["ProposalOut"]`. */
export type Schemas = components["schemas"];

/** The JSON body of an operation's answer, for answers without a named schema (a page, a union). */
export type ResponseBody<Op extends keyof operations, Status extends number = 200> =
  operations[Op]["responses"] extends Record<Status, { content: { "application/json": infer Body } }> ? Body : never;

/** An operation's query parameters. */
export type QueryParams<Op extends keyof operations> = NonNullable<operations[Op]["parameters"]["query"]>;
