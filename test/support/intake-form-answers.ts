/**
 * A proposal (intake-proposals.ts) as a person types it into a form: dotted field names for
 * nested values and lists, yes/no for booleans, numbers as text.
 */
export function asFormAnswers(proposal: Record<string, unknown>, prefix = ""): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const [key, value] of Object.entries(proposal)) {
    const name = `${prefix}${key}`;
    if (typeof value === "boolean") answers[name] = value ? "yes" : "no";
    else if (typeof value === "object" && value !== null)
      Object.assign(answers, asFormAnswers({ ...value }, `${name}.`));
    else answers[name] = String(value);
  }
  return answers;
}
