// Lists page with an opaque cursor (20 by default) and filter on target; a company holds at most 100 subscriptions of a type.
import assert from "node:assert/strict";
import { dialpad, withEmulator } from "../../helpers/emulator";

interface Page { items: { id: string; target_id?: number }[]; cursor?: string }

async function all(url: string, path: string): Promise<{ pages: Page[]; ids: string[] }> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const res = await dialpad(url, "GET", cursor === undefined ? path : `${path}${sep}cursor=${encodeURIComponent(cursor)}`);
    assert.equal(res.status, 200);
    const page = res.body as Page;
    pages.push(page);
    cursor = page.cursor;
    if (cursor === undefined) break;
  }
  return { pages, ids: pages.flatMap((p) => p.items.map((x) => x.id)) };
}

describe("emulator: pagination and quotas", () => {
  const emu = withEmulator({ dialpadApiKeys: { "dp-demo-key-0001": { companyId: "1001" }, "dp-other-key-01": { companyId: "2002" } } });

  it("pages a list of 45 webhooks 20 at a time, every item once, in creation order, cursor absent on the last page", async () => {
    const created: string[] = [];
    for (let i = 0; i < 45; i++) {
      created.push(((await dialpad(emu.url, "POST", "/webhooks", { hook_url: `https://ops.example.com/${i}` })).body as { id: string }).id);
    }
    const { pages, ids } = await all(emu.url, "/webhooks");
    assert.deepEqual(pages.map((p) => p.items.length), [20, 20, 5]);
    assert.equal(pages[2]?.cursor, undefined);
    assert.deepEqual(ids, created);
    const small = await all(emu.url, "/webhooks?limit=7");
    assert.equal(small.pages.length, 7);
    assert.deepEqual(small.ids, created);
  });

  it("keeps paging correctly when an item of an earlier page is deleted between requests", async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(((await dialpad(emu.url, "POST", "/websockets", {})).body as { id: string }).id);
    }
    const first = (await dialpad(emu.url, "GET", "/websockets?limit=2")).body as Page;
    await dialpad(emu.url, "DELETE", `/websockets/${created[0]}`);
    const second = (await dialpad(emu.url, "GET", `/websockets?limit=2&cursor=${first.cursor}`)).body as Page;
    assert.deepEqual(second.items.map((x) => x.id), created.slice(2, 4));
  });

  it("filters call and SMS lists on target_type and target_id, across pages", async () => {
    const hook = ((await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" })).body as { id: string }).id;
    for (let i = 0; i < 30; i++) {
      const target = i % 3 === 0 ? { target_type: "office", target_id: 7 } : i % 3 === 1 ? { target_type: "user", target_id: 7 } : {};
      await dialpad(emu.url, "POST", "/subscriptions/call", { endpoint_id: hook, call_states: ["all"], ...target });
    }
    assert.equal((await all(emu.url, "/subscriptions/call?target_type=office&target_id=7")).ids.length, 10);
    assert.equal((await all(emu.url, "/subscriptions/call?target_id=7")).ids.length, 20);
    const offices = await all(emu.url, "/subscriptions/call?target_type=office&limit=4");
    assert.equal(offices.pages.length, 3);
    assert.equal((await all(emu.url, "/subscriptions/sms?target_type=office")).ids.length, 0);
  });

  it("refuses the 101st subscription of a type with 400, while other types and other companies are unaffected", async () => {
    const hook = ((await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" })).body as { id: string }).id;
    for (let i = 0; i < 100; i++) {
      const res = await dialpad(emu.url, "POST", "/subscriptions/sms", { endpoint_id: hook, direction: "all" });
      assert.equal(res.status, 200, `subscription ${i + 1}`);
    }
    const over = await dialpad(emu.url, "POST", "/subscriptions/sms", { endpoint_id: hook, direction: "all" });
    assert.equal(over.status, 400);
    assert.match((over.body as { error: { message: string } }).error.message, /quota/);
    assert.equal((await dialpad(emu.url, "POST", "/subscriptions/call", { endpoint_id: hook, call_states: ["all"] })).status, 200);
    assert.equal((await dialpad(emu.url, "POST", "/subscriptions/sms", { direction: "all" }, "dp-other-key-01")).status, 200);
    // Deleting one frees a place.
    const first = ((await dialpad(emu.url, "GET", "/subscriptions/sms?limit=1")).body as Page).items[0]?.id;
    await dialpad(emu.url, "DELETE", `/subscriptions/sms/${first}`);
    assert.equal((await dialpad(emu.url, "POST", "/subscriptions/sms", { endpoint_id: hook, direction: "all" })).status, 200);
  });
});
