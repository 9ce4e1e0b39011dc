import type { ReactNode } from 'react';
import { ErrorMessage } from './status.js';

/** Asks before a destructive action: the question, the action (focused first), a way back, and why it failed. */
export function Confirm({ children, action, busy, error, onConfirm, onCancel }: {
  children: ReactNode;
  action: string;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="confirm" role="alertdialog" aria-label={action}>
      <p>{children}</p>
      <button type="button" className="danger" autoFocus disabled={busy} onClick={onConfirm}>
        {busy ? 'Working…' : action}
      </button>
      <button type="button" onClick={onCancel}>
        Keep it
      </button>
      <ErrorMessage error={error} title="Not done" />
    </div>
  );
}
