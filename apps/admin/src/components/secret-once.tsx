import { useState } from 'react';

/**
 * A secret the API shows only in the answer that made it (a publishable key, a webhook signing secret):
 * written out in full with a copy button, and the warning that it will not be shown again.
 */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean>();
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a refused permission): the admin selects the text instead.
      setCopied(false);
    }
  }
  return (
    <div className="secret" role="region" aria-label={label}>
      <p>
        <strong>{label}</strong>: copy it now, <strong>you will not see it again</strong>. Only its first characters are kept for display.
      </p>
      <code className="secret-value" data-testid="secret" tabIndex={0}>{secret}</code>
      <div className="actions">
        <button type="button" className="primary" onClick={copy}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          I have stored it
        </button>
        {copied === true ? <span role="status" className="ok">Copied.</span> : null}
        {copied === false ? <span role="status" className="error-text">The browser refused the clipboard: select the text and copy it.</span> : null}
      </div>
    </div>
  );
}
