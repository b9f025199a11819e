/**
 * A typed client for Gatehouse's own HTTP contract (the `native` contract, problem details).
 *
 * Every path, body and answer type comes from `schema.ts`, which `npm run generate` writes from
 * the contract's OpenAPI document (`docs/openapi.json` in the repository): a route or field the
 * server changes is a compile error here, not a surprise in production.
 *
 * The client keeps the session's two tokens in memory; pass `tokens` to keep them elsewhere
 * (secure storage on a device, say). `api` is the whole contract for the routes this file does
 * not wrap, with the same types.
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths } from "./schema.js";

/** The user as every answer describes it. */
export type User = components["schemas"]["User"];
/** A login's answer: the tokens, the user, their profiles. */
export type LoginAnswer = components["schemas"]["LoginAnswer"];
/** A refresh's answer: a new pair of tokens. */
export type Tokens = components["schemas"]["Tokens"];
/** The signed-in user, their active profile and every profile. */
export type Me = components["schemas"]["Me"];
/** An error answer (RFC 9457 problem details, with Gatehouse's stable `code`). */
export type Problem = components["schemas"]["Problem"];
/** What `register` sends. */
export type Registration = components["schemas"]["Registration"];
/** What `login` sends. */
export type Login = components["schemas"]["Login"];

/** Where the client keeps the session's tokens between calls. */
export interface TokenStore {
  access?: string | undefined;
  refresh?: string | undefined;
}

/** A refused call: the HTTP status and the server's problem details. */
export class GatehouseError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.code}: ${problem.detail}`);
    this.name = "GatehouseError";
  }

  /** The stable machine-readable code, as listed in the contract's error catalogue. */
  get code(): string {
    return this.problem.code;
  }
}

export interface GatehouseClientOptions {
  /** The server's origin, for example `https://api.example.com` (the paths carry `/auth`). */
  baseUrl: string;
  /** Where the tokens live; an in-memory store by default. */
  tokens?: TokenStore;
  /** A `fetch` of your own (tests, a proxy); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

export interface GatehouseClient {
  /** The whole contract, typed: `client.api.GET("/auth/sessions/", { headers: client.bearer() })`. */
  readonly api: Client<paths>;
  /** The session's tokens as the client last received them. */
  readonly tokens: TokenStore;
  /** The `Authorization` header for the current access token. */
  bearer(): { Authorization: string };
  /** Creates an account; the server sends the confirmation link by email. */
  register(registration: Registration): Promise<void>;
  /** Confirms the email address with the token of the emailed link. */
  confirmEmail(token: string): Promise<void>;
  /** Signs in with an identifier and a password, and keeps the tokens. */
  login(login: Login): Promise<LoginAnswer>;
  /** Swaps the refresh token for a new pair (the old refresh token is spent), and keeps them. */
  refresh(): Promise<Tokens>;
  /** The signed-in user, their active profile and every profile. */
  me(): Promise<Me>;
  /** Ends this session on the server and forgets the tokens. */
  logout(): Promise<void>;
}

/** Builds a client for one server. */
export function createGatehouseClient(options: GatehouseClientOptions): GatehouseClient {
  const tokens: TokenStore = options.tokens ?? {};
  const api = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });

  function bearer(): { Authorization: string } {
    if (tokens.access === undefined) {
      throw new Error("not signed in: call login() first");
    }
    return { Authorization: `Bearer ${tokens.access}` };
  }

  function refreshToken(): string {
    if (tokens.refresh === undefined) {
      throw new Error("not signed in: call login() first");
    }
    return tokens.refresh;
  }

  /** The answer's body, or the typed error the server gave instead. */
  function answer<T>(result: { data?: T; error?: unknown; response: Response }): T {
    if (result.error !== undefined || result.data === undefined) {
      throw new GatehouseError(result.response.status, result.error as Problem);
    }
    return result.data;
  }

  return {
    api,
    tokens,
    bearer,
    async register(registration) {
      answer(await api.POST("/auth/register/", { body: registration }));
    },
    async confirmEmail(token) {
      answer(await api.POST("/auth/registration/account-confirmation-email/", { body: { token } }));
    },
    async login(login) {
      const signedIn = answer(await api.POST("/auth/login/basic/", { body: login }));
      tokens.access = signedIn.access;
      tokens.refresh = signedIn.refresh;
      return signedIn;
    },
    async refresh() {
      const pair = answer(await api.POST("/auth/token/refresh/", { body: { refresh: refreshToken() } }));
      tokens.access = pair.access;
      tokens.refresh = pair.refresh;
      return pair;
    },
    async me() {
      return answer(await api.GET("/auth/me/", { headers: bearer() }));
    },
    async logout() {
      answer(await api.POST("/auth/logout/", { body: { refresh: refreshToken() }, headers: bearer() }));
      tokens.access = undefined;
      tokens.refresh = undefined;
    },
  };
}
