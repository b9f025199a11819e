/**
 * Drives a running Gatehouse through the client, one step per JSON line on stdout, for
 * `TypeScriptClientTest` (examples) to check: register, confirm (the test sends the emailed
 * link's token on stdin), login, /me, refresh, the spent refresh token replayed (which ends the session), login again, logout, and a
 * wrong password. Usage: node walk/walk.js BASE_URL EMAIL PASSWORD (after npm run build:walk)
 */
import { createInterface } from "node:readline";
// snippet:start import
import { createGatehouseClient, GatehouseError } from "@gatehouse/client";
// snippet:end import

const [baseUrl, email, password] = process.argv.slice(2);
if (baseUrl === undefined || email === undefined || password === undefined) {
  throw new Error("usage: walk.js BASE_URL EMAIL PASSWORD");
}
const input = createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();

function report(step: string, facts: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ step, ...facts }) + "\n");
}

async function refused(call: () => Promise<unknown>): Promise<{ status: number; code: string; title: string }> {
  // snippet:start errors
  try {
    await call(); // say, client.login({ identifier: email, password: "wrong" })
  } catch (error) {
    if (error instanceof GatehouseError) {
      // status 400, code "invalid_credentials" (the contract's error catalogue),
      // problem: the whole RFC 9457 problem details (type, title, detail, ...)
      const { status, code, problem } = error;
      // snippet:hide
      return { status, code, title: problem.title };
      // snippet:show
    }
    throw error;
  }
  // snippet:end errors
  throw new Error("the call was expected to be refused");
}

// snippet:start client
const client = createGatehouseClient({ baseUrl });

await client.register({ email, password, terms_accepted: true });
// snippet:hide
report("registered");
const token = (await lines.next()).value as string;
// snippet:show
await client.confirmEmail(token.trim()); // the token of the emailed link
// snippet:hide
report("confirmed");
// snippet:show

const signedIn = await client.login({ identifier: email, password }); // keeps both tokens
// snippet:hide
report("login", { email: signedIn.user.email, verified: signedIn.user.email_verified, expiresIn: signedIn.expires_in });
// snippet:show
const me = await client.me(); // typed: me.user.email is string | null
// snippet:hide
report("me", { email: me.user.email, profiles: me.profiles.length });
// snippet:show

// snippet:hide
const spent = client.tokens.refresh as string;
const firstAccess = client.tokens.access;
// snippet:show
await client.refresh(); // rotates: the previous refresh token is spent
const sessions = await client.api.GET("/auth/sessions/", { headers: client.bearer() });
// snippet:end client
report("sessions", { status: sessions.response.status, count: sessions.data?.length ?? 0, current: sessions.data?.some((s) => s.current) ?? false });
report("refreshed", { newAccess: client.tokens.access !== firstAccess, newRefresh: client.tokens.refresh !== spent });
report("me-after-refresh", { email: (await client.me()).user.email });

const replay = await client.api.POST("/auth/token/refresh/", { body: { refresh: spent } });
report("replayed", { status: replay.response.status, code: replay.error?.code ?? null });
// A replay of a spent refresh token ends the whole session: the current one is refused too.
const afterReplay = await client.api.POST("/auth/token/refresh/", { body: { refresh: client.tokens.refresh as string } });
report("session-ended-by-replay", { status: afterReplay.response.status, code: afterReplay.error?.code ?? null });

await client.login({ identifier: email, password });
const current = client.tokens.refresh as string;
// snippet:start logout
await client.logout(); // ends the session on the server and forgets both tokens
// snippet:end logout
const afterLogout = await client.api.POST("/auth/token/refresh/", { body: { refresh: current } });
report("logged-out", { tokensForgotten: client.tokens.access === undefined, refreshStatus: afterLogout.response.status });

report("wrong-password", await refused(() => client.login({ identifier: email, password: password + "!" })));
input.close();
