import type { Actor } from "../audit/audit-log.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { setRole } from "../people/manage-roles.js";
import { recogniseUser } from "../people/recognise-user.js";
import { clipText } from "./format-values.js";
import type { ChatRole, Intent } from "./intent.js";
import type { Reply } from "./reply.js";

type ChangeRole = Extract<Intent, { kind: "change-role" }>;

const ROLE_LABELS: Record<ChatRole, string> = {
  COORDINATOR: "CCO-SPER coordinator",
  DIVISION_REP: "division representative",
  STAFF: "staff",
};

/** "CCO-SPER coordinator", "division representative (EDC)", "not registered". */
export function roleLabel(role: ChatRole | null | undefined, divisionCode?: string | null): string {
  if (!role) return "not registered";
  return role === "DIVISION_REP" && divisionCode ? `${ROLE_LABELS[role]} (${divisionCode})` : ROLE_LABELS[role];
}

const LONGEST_NAME = 100;

/**
 * "role add @Ana coordinator": changes the role of the first person mentioned, on the asker's
 * platform. setRole decides who may (coordinators only) and writes the audit entry.
 */
export async function changeRoleReply(
  prisma: PrismaClient,
  command: {
    readonly intent: ChangeRole;
    readonly asker: Actor | undefined;
    readonly mentions: readonly string[];
    readonly now: Date;
  },
): Promise<Reply> {
  const { intent, asker } = command;
  const target = command.mentions[0];
  if (intent.role === null) return roleSyntax("Only CCO-SPER coordinators can change roles. Mention the person:");
  if (!asker) {
    return {
      kind: "refused",
      text: "I can't tell who is asking here, so I can't change roles. Coordinators do it in Slack or Teams.",
    };
  }
  if (!target) {
    return roleSyntax("Mention the person with @ (pick them from the list as you type) so I know who you mean:");
  }
  if (target === asker.externalId && asker.platform !== "CONSOLE") {
    return {
      kind: "refused",
      text: "You can't change your own role in chat; ask another CCO-SPER coordinator.",
    };
  }
  const who = { platform: asker.platform, externalId: target };
  const outcome = await setRole(prisma, {
    target: who,
    role: intent.role,
    ...(intent.divisionCode ? { divisionCode: intent.divisionCode } : {}),
    ...(intent.mentionedName ? { displayName: clipText(intent.mentionedName, LONGEST_NAME) } : {}),
    actor: asker,
    now: command.now,
  });
  if (!outcome.ok) return { kind: "refused", text: outcome.reason };
  const person = await recogniseUser(prisma, who.platform, who.externalId);
  const name = clipText(person?.displayName ?? target, LONGEST_NAME);
  const after = roleLabel(outcome.after, person?.divisionCode);
  return {
    kind: "answer",
    title: "Role changed",
    text:
      outcome.before === outcome.after && outcome.after !== "DIVISION_REP"
        ? `${name} was already ${after}; recorded in the audit log.`
        : `${name}: ${roleLabel(outcome.before)} → ${after}. Recorded in the audit log.`,
    facts: [
      { label: "Person", value: name, known: true },
      { label: "Before", value: roleLabel(outcome.before), known: outcome.before !== null },
      { label: "After", value: after, known: true },
    ],
    suggestions: [{ label: "Audit log", query: "audit log" }],
  };
}

function roleSyntax(text: string): Reply {
  const examples = [
    { text: "role add @name coordinator", detail: "a CCO-SPER coordinator: advances and decides requests" },
    {
      text: "role add @name division rep EDC",
      detail: "a division representative: records their division's capacity assessment",
    },
    { text: "role remove @name", detail: "back to staff: can submit requests and ask" },
  ];
  return {
    kind: "help",
    title: "Changing roles",
    text,
    lists: [{ items: examples, total: examples.length }],
  };
}
