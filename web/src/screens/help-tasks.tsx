import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useSignedIn } from '../auth/session.js';
import { graphql } from '../gql/index.js';
import { todayDay } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { ErrorPanel, QueryState } from '../ui/status.js';

const OpenTasks = graphql(`
  query OpenTasks {
    tasks(where: { status: { eq: OPEN } }, sort: [{ dueDate: ASC }, { createdAt: ASC }], limit: 50) {
      id
      kind
      notes
      dueDate
      personId
      person {
        id
        name
      }
      assigneeId
    }
  }
`);

const CompleteTask = graphql(`
  mutation CompleteTask($id: ID!, $notes: String) {
    completeTask(id: $id, notes: $notes) {
      id
      status
    }
  }
`);

/**
 * What the buyers asked for on their thank-you call (plates, registration, a route map) and is not done yet: the
 * second of the call's three messages only counts when someone follows it through.
 */
export function HelpTasksPanel() {
  const { t, tEnum, day } = useI18n();
  const { user } = useSignedIn();
  const today = todayDay();
  const [result, reexecute] = useQuery({ query: OpenTasks });
  const [complete, doComplete] = useMutation(CompleteTask);
  const [notes, setNotes] = useState<Record<string, string>>({});

  return (
    <section className="panel help-tasks" aria-labelledby="tasks-title">
      <h2 id="tasks-title">{t('tasks.title')}</h2>
      <p className="muted small">{t('tasks.explain')}</p>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) =>
          data.tasks.length === 0 ? (
            <p className="muted">{t('tasks.none')}</p>
          ) : (
            <ul className="stack" data-testid="help-tasks">
              {data.tasks.map((k) => {
                // the server lets the assignee, their manager or an admin close it
                const mine = user.role === 'admin' || user.role === 'manager' || k.assigneeId === user.id;
                const late = k.dueDate !== null && k.dueDate !== undefined && k.dueDate < today;
                return (
                  <li key={k.id} className={`card ${late ? 'card-overdue' : ''}`} data-task-id={k.id}>
                    <div className="card-head">
                      <strong>{tEnum('followUps.help', k.kind)}</strong>
                      {k.personId && <Link to={`/people/${encodeURIComponent(k.personId)}`}>{k.person?.name ?? t('common.person')}</Link>}
                      {k.dueDate && <span className={`badge ${late ? 'badge-overdue' : ''}`}>{t('followUps.due', { date: day(k.dueDate) })}</span>}
                    </div>
                    {k.notes && <p className="small">{k.notes}</p>}
                    {mine && (
                      <div className="row">
                        <input
                          name={`task-notes-${k.id}`}
                          value={notes[k.id] ?? ''}
                          onChange={(e) => setNotes((n) => ({ ...n, [k.id]: e.target.value }))}
                          placeholder={t('tasks.notes')}
                          maxLength={500}
                          aria-label={t('tasks.notes')}
                        />
                        <button
                          type="button"
                          className="btn"
                          disabled={complete.fetching}
                          onClick={() => void doComplete({ id: k.id, notes: notes[k.id]?.trim() || null })}
                          data-testid="task-done"
                        >
                          {t('tasks.done')}
                        </button>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryState>
      {complete.error && <ErrorPanel error={complete.error} />}
    </section>
  );
}
