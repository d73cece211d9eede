import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { canPublishBoard } from '../auth/roles.js';
import { useSignedIn } from '../auth/session.js';
import { graphql } from '../gql/index.js';
import { isoWeek, todayDay } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { DealershipSelect, useDealerships } from '../ui/dealership-select.js';
import { Empty, ErrorPanel, QueryState, Stars } from '../ui/status.js';
import { BOARD_MAX, BOARD_MIN, canPublish, moveSelection, selectionState, suggestSelection, toggleSelection } from './board-selection.js';


const BoardCandidates = graphql(`
  query BoardCandidates($week: String!, $dealershipId: ID) {
    boardCandidates(week: $week, first: 30, dealershipId: $dealershipId) {
      week
      weekStart
      weekEnd
      publishedReviewCount
      eligibleCount
      disclaimer
      candidates {
        testimonialId
        rank
        score
        authorName
        text
        rating
        date
        brand
        model
        salespersonName
      }
    }
  }
`);

const PastBoards = graphql(`
  query PastBoards($first: Int!, $dealershipId: ID) {
    boards(first: $first, dealershipId: $dealershipId) {
      id
      printUrl
      week
      weekStart
      weekEnd
      publishedAt
      publishedByName
      publishedReviewCount
      disclaimer
      withdrawnCount
      entries {
        id
        rank
        testimonialId
        authorName
        text
        rating
        brand
        model
        withdrawn
        withdrawnReason
      }
    }
  }
`);

const PublishBoard = graphql(`
  mutation PublishBoard($week: String!, $testimonialIds: [ID!]!, $dealershipId: ID) {
    publishBoard(week: $week, testimonialIds: $testimonialIds, dealershipId: $dealershipId) {
      created
      board {
        id
        week
        publishedAt
        printUrl
        entries {
          id
        }
      }
    }
  }
`);

/** The previous n ISO weeks, newest first, for the week picker. */
export function recentWeeks(today: string, n = 8): string[] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const weeks: string[] = [];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(y, m - 1, d - 7 * i)).toISOString().slice(0, 10);
    weeks.push(isoWeek(day));
  }
  return weeks;
}

export function BoardScreen() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const weeks = recentWeeks(todayDay());
  const [week, setWeek] = useState(weeks[0]!);
  // a store's staff work on their own store's board; group-wide users (marketing, admin, analyst) pick the store
  // (the first store by name until they choose: derived, so a choice made while the list arrives is never undone)
  const stores = useDealerships(user.dealershipId === null);
  const [picked, setPicked] = useState('');
  const dealershipId = user.dealershipId ?? (picked || stores[0]?.id || null);
  return (
    <section className="screen">
      <h1>{t('board.title')}</h1>
      <p className="muted">{t('board.explain')}</p>
      {user.dealershipId === null && (
        <div className="filters">
          <DealershipSelect options={stores} value={dealershipId ?? ''} onChange={setPicked} />
        </div>
      )}
      {dealershipId !== null && canPublishBoard(user.role) && (
        <div className="panel">
          <div className="panel-head">
            <h2>{t('board.compose')}</h2>
            <label className="inline-field">
              {t('board.week')}
              <select value={week} onChange={(e) => setWeek(e.target.value)} name="week">
                {weeks.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <Composer key={`${dealershipId}|${week}`} week={week} dealershipId={dealershipId} />
        </div>
      )}
      {dealershipId !== null && <PastBoardsPanel dealershipId={dealershipId} />}
    </section>
  );
}

function Composer({ week, dealershipId }: { week: string; dealershipId: string }) {
  const { t, day } = useI18n();
  const [result, reexecute] = useQuery({ query: BoardCandidates, variables: { week, dealershipId } });
  const [selected, setSelected] = useState<string[]>([]);
  const [publish, doPublish] = useMutation(PublishBoard);
  const state = selectionState(selected);
  const published = publish.data?.publishBoard.board;

  if (published) {
    return (
      <div className="notice" role="status" data-testid="board-published">
        <p>{t('board.published', { week: published.week, count: published.entries.length })}</p>
        <a className="btn btn-primary" href={published.printUrl} target="_blank" rel="noopener noreferrer" data-testid="board-print">
          {t('board.print')}
        </a>
      </div>
    );
  }

  return (
    <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
      {({ boardCandidates: bc }) => {
        const byId = new Map(bc.candidates.map((c) => [c.testimonialId, c]));
        if (bc.candidates.length === 0) return <Empty>{t('board.noCandidates')}</Empty>;
        return (
          <>
            <p className="muted small">
              {t('board.weekRange', { from: day(bc.weekStart), to: day(bc.weekEnd) })} ·{' '}
              {t('board.eligible', { eligible: bc.eligibleCount, published: bc.publishedReviewCount })}
            </p>
            <div className="card-actions">
              <button type="button" className="btn btn-small" onClick={() => setSelected(suggestSelection(bc.candidates))} data-testid="board-suggest">
                {t('board.suggest')}
              </button>
              {selected.length > 0 && (
                <button type="button" className="btn btn-small btn-quiet" onClick={() => setSelected([])}>
                  {t('board.clear')}
                </button>
              )}
            </div>
            <p className={`selection-count ${state}`} aria-live="polite" data-testid="board-count">
              {t('board.selected', { count: selected.length, min: BOARD_MIN, max: BOARD_MAX })}
            </p>
            <ul className="stack candidates">
              {bc.candidates.map((c) => {
                const on = selected.includes(c.testimonialId);
                const disabled = !on && state === 'full';
                return (
                  <li key={c.testimonialId} className={`card candidate ${on ? 'card-selected' : ''}`}>
                    <label className="check candidate-check">
                      <input
                        type="checkbox"
                        checked={on}
                        disabled={disabled}
                        onChange={() => setSelected((s) => toggleSelection(s, c.testimonialId))}
                        data-testimonial-id={c.testimonialId}
                      />
                      <span>
                        <strong>{c.authorName}</strong> <Stars rating={c.rating} />{' '}
                        <span className="muted small">
                          {[c.brand, c.model].filter(Boolean).join(' ')} · {day(c.date)}
                          {c.salespersonName ? ` · ${t('board.salesperson', { name: c.salespersonName })}` : ''}
                        </span>
                        <span className="quote small">{c.text}</span>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
            {selected.length > 0 && (
              <>
                <h3>{t('board.order')}</h3>
                <ol className="order-list">
                  {selected.map((id, i) => (
                    <li key={id}>
                      <span>{byId.get(id)?.authorName ?? id}</span>
                      <button type="button" className="btn btn-small btn-quiet" disabled={i === 0} onClick={() => setSelected((s) => moveSelection(s, id, -1))} aria-label={t('board.moveUp')}>
                        ↑
                      </button>
                      <button
                        type="button"
                        className="btn btn-small btn-quiet"
                        disabled={i === selected.length - 1}
                        onClick={() => setSelected((s) => moveSelection(s, id, 1))}
                        aria-label={t('board.moveDown')}
                      >
                        ↓
                      </button>
                    </li>
                  ))}
                </ol>
              </>
            )}
            <p className="muted small">{bc.disclaimer}</p>
            {publish.error && <ErrorPanel error={publish.error} />}
            <button
              type="button"
              className="btn btn-primary"
              disabled={!canPublish(selected) || publish.fetching}
              onClick={() => void doPublish({ week, testimonialIds: selected, dealershipId })}
              data-testid="board-publish"
            >
              {publish.fetching ? t('status.saving') : t('board.publish')}
            </button>
          </>
        );
      }}
    </QueryState>
  );
}

function PastBoardsPanel({ dealershipId }: { dealershipId: string }) {
  const { t, tEnum, moment, day } = useI18n();
  const [result, reexecute] = useQuery({ query: PastBoards, variables: { first: 12, dealershipId } });
  return (
    <section className="panel" aria-labelledby="past-boards">
      <h2 id="past-boards">{t('board.past')}</h2>
      <p className="muted small">{t('board.notAll')}</p>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) =>
          data.boards.length === 0 ? (
            <Empty>{t('board.noneYet')}</Empty>
          ) : (
            <ul className="stack">
              {data.boards.map((b, i) => (
                <li key={b.id} className="card" data-board-id={b.id}>
                  {/* the latest board open: the names a salesperson offers a prospect this week */}
                  <details open={i === 0}>
                    <summary>
                      <strong>{b.week}</strong> <span className="muted small">{day(b.weekStart)} – {day(b.weekEnd)}</span>{' '}
                      <span className="badge">{t('board.entries', { count: b.entries.length })}</span>
                      {b.withdrawnCount > 0 && <span className="badge badge-overdue">{t('board.withdrawnCount', { count: b.withdrawnCount })}</span>}
                    </summary>
                    <p className="muted small">
                      {t('board.publishedAt', { at: moment(b.publishedAt) })}
                      {b.publishedByName ? ` · ${b.publishedByName}` : ''} · {t('board.ofReviews', { count: b.publishedReviewCount })} ·{' '}
                      <a href={b.printUrl} target="_blank" rel="noopener noreferrer">
                        {t('board.print')}
                      </a>
                    </p>
                    <ol className="board-entries">
                      {b.entries.map((e) => (
                        <li key={e.id} className={e.withdrawn ? 'withdrawn' : ''}>
                          {e.withdrawn ? (
                            <span className="badge badge-overdue">{tEnum('board.withdrawnReason', e.withdrawnReason ?? 'WITHDRAWN')}</span>
                          ) : (
                            <>
                              <strong>{e.authorName}</strong> <Stars rating={e.rating} /> {e.text}{' '}
                              <span className="muted small">{[e.brand, e.model].filter(Boolean).join(' ')}</span>
                            </>
                          )}
                        </li>
                      ))}
                    </ol>
                  </details>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
