import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';

export interface CompanionEdge {
  properties: { role: string };
  node: { id: string; name: string };
}

/** " · 同行： 张三（配偶）、李四（朋友）" after a visit; nothing for a visit made alone. */
export function CompanionList({ edges }: { edges: readonly CompanionEdge[] }) {
  const { t, tEnum } = useI18n();
  if (edges.length === 0) return null;
  return (
    <span>
      {' · '}
      {t('visit.with')}{' '}
      {edges.map((e, i) => (
        <span key={e.node.id}>
          {i > 0 && t('common.sep')}
          <Link to={`/people/${encodeURIComponent(e.node.id)}`}>{e.node.name}</Link>
          <span className="muted">{t('common.paren', { text: tEnum('role.companion', e.properties.role) })}</span>
        </span>
      ))}
    </span>
  );
}
