import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';

/**
 * A person as the intelligence queries show them: a link when named. Masked (no consent to show the name), they
 * read "a mutual contact" where they link two people on a path, and "name withheld" anywhere else: a masked
 * referrer or family member is nobody's mutual contact.
 */
export function PersonName({ person, onPath = false }: { person: { id: string; displayName: string; masked: boolean }; onPath?: boolean }) {
  if (person.masked) return <MaskedName onPath={onPath} />;
  return <Link to={`/people/${encodeURIComponent(person.id)}`}>{person.displayName}</Link>;
}

/** Someone whose name may not be shown: "a mutual contact" on a path between two people, else "name withheld". */
export function MaskedName({ onPath = false }: { onPath?: boolean }) {
  const { t } = useI18n();
  return <em className="muted">{t(onPath ? 'known.mutualContact' : 'person.withheld')}</em>;
}
