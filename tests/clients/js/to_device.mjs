// matrix-js-sdk, as Element Web uses it, against a homeserver (issue #12, "Reference server for
// real clients"): register two users, start both clients with the SDK's ordinary startClient()
// (versions, push rules, filter, capabilities, then the /sync loop), send a to-device message to
// the other user's device and one to all of its devices (`*`), and see each arrive through the
// SDK's ToDeviceEvent. Exit 0 on success; otherwise one line saying what went wrong, exit 1.
//
// Usage: node to_device.mjs BASE_URL [DEADLINE_MS]
import { ClientEvent, createClient } from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

const base_url = process.argv[2];
const deadline_ms = Number(process.argv[3] ?? 30000);
if (!base_url || !(deadline_ms > 0)) {
  console.error("usage: node to_device.mjs BASE_URL [DEADLINE_MS]");
  process.exit(2);
}
// The SDK logs every sync at info level, and warns of default push rules the server's set lacks
// (rules of MSCs); a failure is reported on one line below instead.
logger.setLevel("error");

const clients = [];
const started = Date.now();
const remaining = () => Math.max(0, deadline_ms - (Date.now() - started));

// Resolves when `what` happens, rejects when the overall deadline passes first.
function within(what, promise) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${deadline_ms} ms`)), remaining());
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

// Registration with user-interactive auth's m.login.dummy stage, in one request as the SDK's
// callers commonly do (no session: the server starts and completes one).
async function register(name) {
  const anonymous = createClient({ baseUrl: base_url });
  const username = `js${name}${Math.random().toString(36).slice(2, 10)}`;
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const r = await within(
    `registering ${username}`,
    anonymous.registerRequest({ username, password, auth: { type: "m.login.dummy" } }),
  );
  if (!r.access_token || !r.device_id) throw new Error(`registering ${username}: no access_token or device_id`);
  return createClient({ baseUrl: base_url, userId: r.user_id, accessToken: r.access_token, deviceId: r.device_id });
}

async function start(client) {
  clients.push(client);
  const prepared = new Promise((resolve, reject) => {
    client.on(ClientEvent.Sync, (state, _prev, data) => {
      if (state === "PREPARED") resolve();
      if (state === "ERROR") reject(new Error(`${client.getUserId()}: sync failed: ${data?.error?.message ?? state}`));
    });
  });
  await client.startClient({ initialSyncLimit: 1 });
  await within(`${client.getUserId()}: startClient() reaching PREPARED`, prepared);
}

// The next to-device event of `type` whose content carries `nonce`.
function next_to_device(client, type, nonce) {
  return new Promise((resolve) => {
    const listener = (event) => {
      if (event.getType() === type && event.getContent().nonce === nonce) {
        client.off(ClientEvent.ToDeviceEvent, listener);
        resolve(event);
      }
    };
    client.on(ClientEvent.ToDeviceEvent, listener);
  });
}

async function exchange(from, to, device, label) {
  const type = "org.mxconform.js_client";
  const nonce = `${label}-${Math.random().toString(36).slice(2)}`;
  const arrived = next_to_device(to, type, nonce);
  const contents = new Map([[to.getUserId(), new Map([[device, { nonce }]])]]);
  await within(`sendToDevice (${label})`, from.sendToDevice(type, contents));
  const event = await within(`the ${label} message reaching ${to.getUserId()} through ToDeviceEvent`, arrived);
  if (event.getSender() !== from.getUserId())
    throw new Error(`the ${label} message arrived with sender ${event.getSender()}, not ${from.getUserId()}`);
}

let code = 0;
try {
  const alice = await register("a");
  const bob = await register("b");
  await start(alice);
  await start(bob);
  await exchange(alice, bob, bob.getDeviceId(), "device");
  await exchange(alice, bob, "*", "wildcard");
  console.log(`ok: ${alice.getUserId()} -> ${bob.getUserId()}, one device and '*', in ${Date.now() - started} ms`);
} catch (e) {
  console.log(`failed: ${e?.message ?? e}`);
  code = 1;
}
// stopClient() aborts the pending long-poll; nothing else keeps the process alive.
for (const c of clients) c.stopClient();
process.exit(code);
