/** Rule texts mark code with backticks (`cap_drop: [ALL]`): shown as code, the rest as text. */
export function Text({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return <>{parts.map((p, i) => (i % 2 ? <code>{p}</code> : p))}</>;
}
