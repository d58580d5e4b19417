// The Cinnox event subscriptions the emulator serves, declared once: name, PATCH path, where it is documented, and
// the notification `simulate` sends. Every one is `PATCH /v1/api/apps/{appID}/<path>` with `{enabled, url}`, the same
// challenge handshake, and one singleton per app and event.
//
// Paths confirmed in Cinnox's public API reference (docs.cinnox.com), read for this module:
//   inbound-sms-event-sub      api-facts.md, "Inbound-SMS event subscription"
//   outbound-sms-event-sub     api-facts.md, "Cinnox's other event subscriptions"
//   call-event-sub             https://docs.cinnox.com/docs/createeditdelete-call-event-subscription
//   inquiry-event-sub          https://docs.cinnox.com/docs/createeditdelete-enquiry-event-subscription
//   inquiry-label-event-sub    https://docs.cinnox.com/docs/enquiry-label-event-subscription
//   label-event-sub            https://docs.cinnox.com/docs/label-event-subscription
//   contact-event-sub          https://docs.cinnox.com/reference/createeditdelete-contact-event-subscription
//   external-contact-event-sub https://docs.cinnox.com/docs/createeditdelete-external-contact-event-subscription
//   staff-contact-event-sub    https://docs.cinnox.com/docs/createeditdelete-staff-contact-event-subscription
import { randomInt, randomUUID } from "node:crypto";
import { z } from "zod";

type Notification = (appId: string) => Record<string, unknown>;
interface CinnoxEventDef { path: string; notification: Notification }

const SERVICE_ID = "svc-emulator-0001";
const now = (): string => new Date().toISOString();
const caseNumber = (): string => `E${randomInt(100000, 999999)}`;

/** The contact notifications (documented for external and staff contacts; the contact page shows none, so it shares theirs). */
const contactMessage = (status: string, fullName: string): Notification => () => ({
  type: "message",
  message: { type: "contact", status, serviceId: SERVICE_ID, fullName, id: randomUUID() },
});

export const CINNOX_EVENTS = {
  "inbound-sms": {
    path: "inbound-sms-event-sub",
    notification: () => ({
      id: randomUUID(), eventDescription: "Inbound SMS", senderNumber: "85291234567", recipientNumber: "85298765432",
      receiveTime: now(), contentType: "Text", content: "Hello from the emulator",
    }),
  },
  "outbound-sms": {
    path: "outbound-sms-event-sub",
    // A delivery record ("tdr"): ResponseCode is empty when delivered, 400 when undelivered or rejected.
    notification: (appId) => ({
      Type: "tdr", AppID: appId, ServiceID: SERVICE_ID, TransactionID: randomUUID(), RecipientNumber: "85298765432",
      RecipientCountry: "HK", ResponseCode: "", Status: "Delivered", Exception: "",
    }),
  },
  call: {
    path: "call-event-sub",
    notification: () => ({
      message: {
        id: randomUUID(), status: "CallStart", serviceId: SERVICE_ID,
        caller: { eid: randomUUID(), number: 85291234567 }, callees: { eid: randomUUID(), number: 85298765432 },
      },
    }),
  },
  inquiry: {
    path: "inquiry-event-sub",
    notification: () => ({
      status: "Opened", serviceId: SERVICE_ID, displayCaseNumber: caseNumber(), eid: randomUUID(), type: "inquiry",
      channel: "CINNOX", channelOri: "CINNOX",
    }),
  },
  // Decision: the label notifications are not documented; the emulator sends this envelope (see the README).
  "inquiry-label": {
    path: "inquiry-label-event-sub",
    notification: () => ({
      type: "inquiryLabel", action: "add", serviceId: SERVICE_ID, eid: randomUUID(), displayCaseNumber: caseNumber(),
      labels: [{ id: randomUUID(), name: "VIP" }], updatedAt: now(),
    }),
  },
  label: {
    path: "label-event-sub",
    notification: () => ({
      type: "label", action: "create", serviceId: SERVICE_ID, label: { id: randomUUID(), name: "VIP", color: "#f5a623" }, updatedAt: now(),
    }),
  },
  contact: { path: "contact-event-sub", notification: contactMessage("create", "Ada Example") },
  "external-contact": { path: "external-contact-event-sub", notification: contactMessage("create", "Ada Example") },
  "staff-contact": { path: "staff-contact-event-sub", notification: contactMessage("staffCreate", "Grace Staff") },
} as const satisfies Record<string, CinnoxEventDef>;

export type CinnoxEventName = keyof typeof CINNOX_EVENTS;
export const CINNOX_EVENT_NAMES = Object.keys(CINNOX_EVENTS) as CinnoxEventName[];
export const CinnoxEventName = z.enum(CINNOX_EVENT_NAMES as [CinnoxEventName, ...CinnoxEventName[]]);

const byPath = new Map<string, CinnoxEventName>(CINNOX_EVENT_NAMES.map((name) => [CINNOX_EVENTS[name].path, name]));

/** The event whose subscription lives at this last path segment, e.g. "call-event-sub" → "call". */
export const eventOfPath = (segment: string): CinnoxEventName | undefined => byPath.get(segment);

/** The API path of one app's subscription to one event. */
export const cinnoxPath = (appId: string, event: CinnoxEventName): string =>
  `/v1/api/apps/${encodeURIComponent(appId)}/${CINNOX_EVENTS[event].path}`;
