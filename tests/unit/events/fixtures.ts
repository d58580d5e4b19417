// Realistic deliveries, shaped like the examples in Dialpad's and Cinnox's documentation (api-facts.md),
// including fields this package does not model, which receivers must keep.

/** A call ringing on a user: Dialpad sends numeric ids and nulls for what has not happened yet. */
export const callRinging = {
  call_id: 6342343299702784,
  master_call_id: null,
  entry_point_call_id: 6342343299702784,
  entry_point_target: { id: 4785618394316800, name: "Support Line", phone: "+14155550100", type: "callcenter" },
  operator_call_id: null,
  state: "ringing",
  direction: "inbound",
  external_number: "+14155550123",
  internal_number: "+14155550199",
  date_started: 1718200000000,
  date_rang: 1718200000512,
  date_connected: null,
  date_ended: null,
  event_timestamp: 1718200000530,
  duration: null,
  total_duration: null,
  talk_time: null,
  group_id: "Office:4785618394316800",
  contact: {
    id: "http://www.google.com/m8/feeds/contacts/ops%40example.com/base/7c1b",
    name: "Avery Customer",
    phone: "+14155550123",
    email: "avery@example.net",
    type: "shared",
  },
  target: {
    id: 5835806903417856,
    name: "Sam Operator",
    phone: "+14155550199",
    email: "sam@example.com",
    office_id: 4785618394316800,
    type: "user",
  },
  proxy_target: {},
  call_recording_ids: [],
  recording_details: [],
  was_recorded: false,
  voicemail_link: null,
  labels: [],
  is_transferred: false,
  csat_score: null,
  mos_score: null,
  transcription_text: null,
  routing_breadcrumbs: [],
  integrations: { salesforce: { call_log_id: null } },
} as const;

/** The same call hung up after a recorded conversation, with ids as strings this time. */
export const callHangup = {
  ...callRinging,
  call_id: "6342343299702784",
  state: "hangup",
  date_connected: 1718200004100,
  date_ended: 1718200095300,
  event_timestamp: 1718200095350,
  duration: 91200,
  total_duration: 95300,
  talk_time: 91200,
  call_recording_ids: ["5120334567890123"],
  recording_details: [
    { id: "5120334567890123", duration: 91000, recording_type: "user", start_time: 1718200004200, url: "https://dialpad.com/r/5120334567890123" },
  ],
  was_recorded: true,
  labels: ["vip", "billing"],
  mos_score: 4.3,
};

/** An inbound SMS to a user; `to_number` is a list. */
export const smsInbound = {
  id: 4612924117884928,
  created_date: 1718200100000,
  direction: "inbound",
  event_timestamp: 1718200100250,
  target: { id: 5835806903417856, type: "user", name: "Sam Operator", phone_number: "+14155550199" },
  contact: { id: 6050649432162304, name: "Avery Customer", phone_number: "+14155550123" },
  sender_id: null,
  from_number: "+14155550123",
  to_number: ["+14155550199"],
  mms: false,
  mms_url: null,
  text: "Running 5 minutes late, sorry!",
  text_content: "Running 5 minutes late, sorry!",
  is_internal: false,
  message_status: "pending",
  message_delivery_result: null,
  selected_caller_id: "+14155550199",
  contact_id: "6050649432162304",
} as const;

/** A Cinnox inbound-SMS notification with the sender as a JSON number, the recipient as a string. */
export const cinnoxInboundSms = {
  id: "6f1c2a8e-1d44-4e0b-9c57-2f3b8a1d0c11",
  eventDescription: "Inbound SMS",
  senderNumber: 85298765432,
  recipientNumber: "85212345678",
  receiveTime: "2024-06-12T14:03:11.482+08:00",
  contentType: "Text",
  content: "Is my order shipped?",
  serviceId: "svc-0042",
} as const;

// Dialpad's other event kinds, shaped like the samples on developers.dialpad.com (contact-events,
// agent-status-events, change-log-events), plus a field each that this package does not model.

/** A shared contact created; the contact id arrives as a string here. */
export const contactCreated = {
  event: "Created",
  contact: {
    id: "5908860123456789",
    type: "shared",
    first_name: "Avery",
    last_name: "Customer",
    display_name: "Avery Customer",
    phones: ["+14155550123", "+14155550124"],
    primary_phone: "+14155550123",
    emails: ["avery@example.net"],
    primary_email: "avery@example.net",
    company_name: "Example Freight",
    job_title: "Buyer",
    urls: ["https://freight.example.net"],
    trunk_group: null,
    extension: "12345",
    crm_source: "salesforce",
  },
  contact_list_id: "shared-1",
} as const;

/** A call-center agent going off duty; ids as JSON numbers, and the target's `phone` as in Dialpad's sample. */
export const agentStatusChanged = {
  availability_status: "available",
  call_center_ids: [5883344555555555, "6214545667777777"],
  date: 1718200200000,
  event_timestamp: 1718200200150,
  on_duty_status: "unavailable",
  on_duty_status_reason: "Lunch",
  powerdialer_mode: false,
  powerdialer_session: null,
  target: { id: 5835806903417856, name: "Sam Operator", email: "sam@example.com", phone: "+14155550199", type: "user" },
  office_id: 4785618394316800,
} as const;

/** One change to the company's configuration, with free-form additional_data. */
export const changelogOperatorRemoved = {
  action: "operator_removed",
  additional_data: { name: "Support Line", operator_name: "Mary Sue" },
  changed_by: { name: "John Admin", id: 5000000000000001, type: "User" },
  date: 1718200300000,
  note: "Operator removed",
  target: { type: "CallCenter", id: 4785618394316800 },
  request_id: "req-9f2c",
} as const;

// Cinnox's other notifications (api-facts.md, "Cinnox's other event subscriptions").

/** A call starting: ids and numbers as JSON numbers, plus a field we do not model. */
export const cinnoxCallStart = {
  message: {
    id: 770011223344,
    status: "CallStart",
    serviceId: 42,
    caller: { eid: 1001, number: 85298765432 },
    callees: { eid: "staff-7", number: "85212345678" },
    direction: "inbound",
  },
  timestamp: 1718200400000,
} as const;

/** The same call ending: ids as strings, no caller/callees (documented on CallStart only). */
export const cinnoxCallEnd = {
  message: { id: "770011223344", status: "CallEnd", serviceId: "42" },
} as const;

/** An outbound SMS delivered; numbers as JSON numbers, ResponseCode empty. */
export const cinnoxOutboundSmsDelivered = {
  Type: "tdr",
  AppID: "app-123",
  ServiceID: 42,
  TransactionID: 990001112223,
  RecipientNumber: 85298765432,
  RecipientCountry: "HK",
  ResponseCode: "",
  Status: "Delivered",
  Exception: "",
  SegmentCount: 1,
} as const;

/** An enquiry opened on WhatsApp. */
export const cinnoxEnquiryOpened = {
  type: "inquiry",
  status: "Opened",
  serviceId: 42,
  displayCaseNumber: 100234,
  eid: "visitor-88",
  channel: "WHATSAPP",
  channelOri: "whatsapp",
  subject: "Order 5531",
} as const;

/** A label notification: Cinnox documents no fields, so this is a guess at a plausible one. */
export const cinnoxLabelAdded = {
  labelId: "lbl-3",
  labelName: "VIP",
  action: "added",
  targetId: "case-100234",
} as const;
