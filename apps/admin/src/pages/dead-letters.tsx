import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SystemDeadLetterList } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { ErrorMessage, QueryState } from '../components/status.js';
import { when } from '../logic/format.js';

type Letter = SystemDeadLetterList['dead_letters'][number];

export function DeadLetters() {
  const api = useApi();
  const queryClient = useQueryClient();
  const letters = useQuery({ queryKey: ['dead-letters'], queryFn: () => api.get<SystemDeadLetterList>('/api/events/dead-letters') });
  const path = (letter: Letter) => `/api/events/dead-letters/${encodeURIComponent(letter.service)}/${letter.id}`;
  const act = useMutation({
    mutationFn: ({ letter, action }: { letter: Letter; action: 'replay' | 'discard' }) =>
      action === 'replay' ? api.post(`${path(letter)}/replay`) : api.delete(path(letter)),
    // A replay that fails again (409) leaves the letter, with its new error: the list is read again either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['dead-letters'] }),
  });

  return (
    <section>
      <h1>Event dead letters</h1>
      <p className="muted">Events a service's subscriber gave up on after its retries. Replay runs the handler again at once; discard drops the event for that subscriber.</p>
      <ErrorMessage error={act.error} title={act.variables?.action === 'replay' ? 'Replay failed' : 'Not discarded'} />
      <QueryState query={letters} what="dead letters">
        {(data) => (
          <>
            {Object.entries(data.services).filter(([, state]) => state !== 'ok').map(([service, state]) => (
              <p key={service} role="alert" className="error">
                {service}: {state}, its dead letters are not listed.
              </p>
            ))}
            {data.dead_letters.length === 0 ? (
              <p className="ok">No dead letters: every event was handled.</p>
            ) : (
              <ul className="cards">
                {data.dead_letters.map((letter) => (
                  <li key={`${letter.service}/${letter.id}`} className="card">
                    <p>
                      <strong>{letter.event.type}</strong> in <code>{letter.service}</code> / <code>{letter.group}</code>, {letter.attempts} attempts, last {when(letter.last_failed_at)}
                    </p>
                    <pre className="error-text">{letter.error}</pre>
                    <details>
                      <summary>Event</summary>
                      <pre>{JSON.stringify(letter.event, null, 2)}</pre>
                    </details>
                    <div className="actions">
                      <button type="button" className="primary" disabled={act.isPending} onClick={() => act.mutate({ letter, action: 'replay' })}>
                        Replay
                      </button>
                      <button type="button" className="danger" disabled={act.isPending} onClick={() => act.mutate({ letter, action: 'discard' })}>
                        Discard
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}
