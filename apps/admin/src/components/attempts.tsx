import type { MessageAttempt } from '@storefleet/contracts';
import { when } from '../logic/format.js';

/** Every try at sending one message: when, the outcome, the code the other side answered, how long, and the first KB of its answer. */
export function Attempts({ attempts, label }: { attempts: MessageAttempt[]; label: string }) {
  if (attempts.length === 0) return <p className="muted">Not tried yet.</p>;
  return (
    <div className="table-wrap">
      <table className="attempts" aria-label={label}>
        <thead>
          <tr>
            <th>When</th>
            <th>Outcome</th>
            <th className="num">Code</th>
            <th className="num">Duration</th>
            <th>Answer</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr key={attempt.id}>
              <td>{when(attempt.at)}</td>
              <td className={attempt.outcome === 'sent' ? 'ok' : 'error-text'}>{attempt.outcome}</td>
              <td className="num" data-testid="attempt-code">{attempt.code ?? '—'}</td>
              <td className="num">{attempt.duration_ms} ms</td>
              <td><pre className="answer">{attempt.answer}</pre></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
