// Dialpad's enums, copied from its OpenAPI file (spec/dialpad-openapi.json); tests/contract/enums.test.ts
// keeps each list equal to the spec's, so the SDK's types and the checks follow the vendor.
export const TARGET_TYPES = [
  "callcenter", "callrouter", "channel", "coachinggroup", "coachingteam", "department",
  "office", "room", "staffgroup", "unknown", "user",
] as const;
export const CALL_STATES = [
  "admin", "admin_recording", "ai_playbook", "all", "barge", "blocked", "call_transcription", "calling",
  "connected", "csat", "dispositions", "eavesdrop", "hangup", "hold", "merged", "missed", "monitor", "parked",
  "pcsat", "postcall", "preanswer", "queued", "recap_action_items", "recap_outcome", "recap_purposes",
  "recap_summary", "recording", "ringing", "takeover", "transcription", "voicemail", "voicemail_uploaded",
] as const;
export const SMS_DIRECTIONS = ["all", "inbound", "outbound"] as const;
export const CONTACT_TYPES = ["local", "shared"] as const;
export const AGENT_TYPES = ["callcenter"] as const;

export type TargetType = (typeof TARGET_TYPES)[number];
export type CallState = (typeof CALL_STATES)[number];
export type SmsDirection = (typeof SMS_DIRECTIONS)[number];
export type ContactType = (typeof CONTACT_TYPES)[number];
export type AgentType = (typeof AGENT_TYPES)[number];
